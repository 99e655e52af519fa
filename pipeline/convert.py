"""Convert stage: Traditional -> Simplified with OpenCC, with an exact map back.

OpenCC's `t2s` almost always keeps the length, and then simplified index i is
original index i. When a phrase conversion does change the length, the text is
aligned piece by piece so that every simplified offset still maps to an exact
original offset.
"""
from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .normalize import fold_width

# Convert between these boundaries, so a length change is confined to one piece.
_PIECES = re.compile(r"[^，。！？；：、,.!?;:\s]+|[，。！？；：、,.!?;:\s]+")


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in a converted text back to the original.

    `anchors` are (converted_offset, original_offset) pairs where both texts
    agree; between two anchors the pieces are of equal length or are mapped
    as a whole. An empty tuple means the identity.
    """

    anchors: tuple[tuple[int, int], ...] = ()
    _keys: tuple[int, ...] = ()

    def to_original(self, offset: int, *, end: bool = False) -> int:
        if not self.anchors:
            return offset
        i = bisect_right(self._keys, offset) - 1
        conv, orig = self.anchors[i]
        if i + 1 < len(self.anchors):
            next_conv, next_orig = self.anchors[i + 1]
            if next_conv - conv != next_orig - orig:
                # Inside a piece whose length changed: widen to the whole piece.
                if offset == conv:
                    return orig
                return next_orig if end else orig
        return orig + (offset - conv)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end, end=True)


@dataclass(frozen=True)
class ConvertedText:
    original: str
    simplified: str  # folded and converted: what the rules match against
    offsets: OffsetMap
    script: str  # "traditional", "simplified" or "unknown"


@lru_cache(maxsize=1)
def _opencc():
    import opencc  # the official C++ binding; see README for why not the pure-Python one

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _opencc().convert(text)


def convert(original: str, converter: Callable[[str], str] = to_simplified) -> ConvertedText:
    folded = fold_width(original)
    simplified = converter(folded)
    if len(simplified) == len(folded):
        offsets = OffsetMap()
    else:
        simplified, offsets = _aligned(folded, converter)
    return ConvertedText(original, simplified, offsets, _script(folded, simplified))


def _aligned(folded: str, converter: Callable[[str], str]) -> tuple[str, OffsetMap]:
    out: list[str] = []
    anchors: list[tuple[int, int]] = [(0, 0)]
    conv_pos = 0
    for piece in _PIECES.finditer(folded):
        source = piece.group()
        target = converter(source)
        if len(target) != len(source):
            _align_piece(source, target, piece.start(), conv_pos, anchors)
        out.append(target)
        conv_pos += len(target)
        anchors.append((conv_pos, piece.end()))
    anchors = _dedupe(anchors)
    return "".join(out), OffsetMap(tuple(anchors), tuple(a for a, _ in anchors))


def _align_piece(source: str, target: str, orig_base: int, conv_base: int, anchors: list) -> None:
    """Anchor the characters the two versions share, so only the changed phrase widens."""
    matcher = difflib.SequenceMatcher(None, target, source, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size:
            anchors.append((conv_base + block.a, orig_base + block.b))
            anchors.append((conv_base + block.a + block.size, orig_base + block.b + block.size))


def _dedupe(anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    seen: dict[int, int] = {}
    for conv, orig in sorted(anchors):
        seen.setdefault(conv, orig)
    return sorted(seen.items())


def _script(folded: str, simplified: str) -> str:
    if len(folded) != len(simplified):
        return "traditional"
    changed = sum(1 for a, b in zip(folded[:20000], simplified) if a != b)
    han = sum(1 for c in folded[:20000] if "\u4e00" <= c <= "\u9fff")
    if not han:
        return "unknown"
    # A few characters differ in Simplified text too (variant forms); Traditional text changes a lot.
    return "traditional" if changed / han > 0.02 else "simplified"
