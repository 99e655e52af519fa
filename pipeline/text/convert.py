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
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .fold import fold_width

# Convert between these boundaries, so a length change is confined to one piece.
_PIECES = re.compile(r"[^，。！？；：、,.!?;:\s]+|[，。！？；：、,.!?;:\s]+")


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in a converted text back to the original.

    `blocks` are runs (converted_start, original_start, length) where the two
    texts correspond character for character. An offset that falls between
    blocks (inside a phrase whose length changed) widens to the whole phrase.
    No blocks means the identity.
    """

    blocks: tuple[tuple[int, int, int], ...] = ()
    _starts: tuple[int, ...] = ()

    def to_original(self, offset: int, *, end: bool = False) -> int:
        if not self.blocks:
            return offset
        probe = offset - 1 if end else offset
        i = bisect_right(self._starts, probe) - 1
        if i >= 0:
            conv, orig, length = self.blocks[i]
            if conv <= probe < conv + length:
                return orig + (offset - conv)
        # Between blocks: a start goes back to where the changed phrase began, an end forward to where it ended.
        if end:
            nxt = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
            return nxt[1] if nxt else self._original_length
        return self.blocks[i][1] + self.blocks[i][2] if i >= 0 else 0

    @property
    def _original_length(self) -> int:
        conv, orig, length = self.blocks[-1]
        return orig + length

    def span(self, start: int, end: int) -> tuple[int, int]:
        if start == end:
            point = self.to_original(start)
            return point, point
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
    return convert_many([original], converter)[0]


def convert_many(originals: list[str], converter: Callable[[str], str] = to_simplified) -> list[ConvertedText]:
    """`convert` of each text, with one OpenCC call and one script count for them all.

    Paid once per article, the fixed cost of those calls (cold caches between
    articles) weighed as much as converting a one-line news item itself.
    """
    folded = [fold_width(text) for text in originals]
    simplified = _convert_each(folded, converter)
    offsets = [OffsetMap()] * len(folded)
    for i, before in enumerate(folded):
        if len(simplified[i]) != len(before):
            simplified[i], offsets[i] = _aligned(before, converter)
    return list(map(ConvertedText, originals, simplified, offsets, _scripts(folded, simplified)))


def _convert_each(texts: list[str], converter: Callable[[str], str]) -> list[str]:
    """The converter applied to each text, through one call on the texts joined by line breaks.

    A conversion never crosses a line break (no dictionary phrase holds one), so
    the joined result splits back into each text's lines; if it did not, each
    text is converted on its own.
    """
    if len(texts) == 1:
        return [converter(texts[0])]
    lines = converter("\n".join(texts)).split("\n")
    counts = [text.count("\n") + 1 for text in texts]
    if len(lines) != sum(counts):
        return [converter(text) for text in texts]
    out, at = [], 0
    for count in counts:
        out.append("\n".join(lines[at : at + count]))
        at += count
    return out


def _aligned(folded: str, converter: Callable[[str], str]) -> tuple[str, OffsetMap]:
    out: list[str] = []
    blocks: list[tuple[int, int, int]] = []
    conv_pos = 0
    for piece in _PIECES.finditer(folded):
        source = piece.group()
        target = converter(source)
        if len(target) == len(source):
            blocks.append((conv_pos, piece.start(), len(source)))
        else:
            blocks.extend(_matching_blocks(source, target, piece.start(), conv_pos, converter))
        out.append(target)
        conv_pos += len(target)
    original_end = len(folded)
    blocks.append((conv_pos, original_end, 0))  # the end of both texts
    blocks = [b for b in blocks if b[2] or b[0] == conv_pos]
    return "".join(out), OffsetMap(tuple(blocks), tuple(b[0] for b in blocks))


def _matching_blocks(
    source: str, target: str, orig_base: int, conv_base: int, converter: Callable[[str], str]
) -> list[tuple[int, int, int]]:
    """The runs the two versions share, so only the changed phrase widens.

    The source is compared character by character in converted form, so that
    `漲價` and `涨价` count as the same characters.
    """
    per_char = "".join(c if len(t := converter(c)) != 1 else t for c in source)
    matcher = difflib.SequenceMatcher(None, target, per_char, autojunk=False)
    return [(conv_base + b.a, orig_base + b.b, b.size) for b in matcher.get_matching_blocks() if b.size]


SCRIPT_SAMPLE = 5000  # characters of each text that decide its script


def _scripts(folded: list[str], simplified: list[str]) -> list[str]:
    """ "traditional", "simplified" or "unknown" for each text, from how much the conversion changed."""
    import numpy as np  # counting characters one by one in Python took half the conversion time

    same_length = [len(f) == len(s) for f, s in zip(folded, simplified)]
    heads = [f[:SCRIPT_SAMPLE] for f in folded]
    before = _code_points("".join(heads))
    after = _code_points(
        "".join(s[:SCRIPT_SAMPLE] if same else head for s, head, same in zip(simplified, heads, same_length))
    )
    lengths = np.array([len(head) for head in heads], dtype=np.int64)  # int64 also when there are none
    ends = np.cumsum(lengths)
    starts = ends - lengths
    changed = _sums(before != after, starts, ends)
    han = _sums((before >= 0x4E00) & (before <= 0x9FFF), starts, ends)  # the CJK Unified Ideographs block
    # A few characters differ in Simplified text too (variant forms); Traditional text changes a lot.
    return [
        "traditional" if not same else "unknown" if not h else "traditional" if c / h > 0.02 else "simplified"
        for same, c, h in zip(same_length, changed.tolist(), han.tolist())
    ]


def _code_points(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


def _sums(flags, starts, ends):
    """How many of `flags[start:end]` are set, for each (start, end)."""
    import numpy as np

    totals = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
    return totals[ends] - totals[starts]
