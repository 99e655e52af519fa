"""Normalise for matching: width variants folded, one character for one character.

Because every replacement is a single character for a single character, offsets
into the folded text are offsets into the original.
"""

from __future__ import annotations

import re

_FOLD: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # full-width ASCII
_FOLD.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",  # no-break space
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x202F: " ",
        0x2236: ":",  # RATIO (1∶10)
        0xFE30: ":",
        0x2027: ".",
        0x30FB: ".",  # hyphenation / katakana middle dot used as a decimal point
        0xFF61: "。",
        0xFF64: "、",  # half-width CJK punctuation
        0x2010: "-",
        0x2011: "-",
        0x2012: "-",
        0x2013: "-",
        0x2212: "-",
        0xFE63: "-",
        0xFFE5: "¥",  # full-width yen sign
        0xFFE0: "¢",
        0xFFE1: "£",
        0x3007: "〇",
    }
)


# Lone surrogates (from a JSON `\ud800` escape or the Python API) cannot be encoded for OpenCC.
_FOLD.update({code: "\ufffd" for code in range(0xD800, 0xE000)})


_FOLDED = {chr(code): folded for code, folded in _FOLD.items()}
# A substitution touches only the characters that fold (str.translate looks up every character: 2x slower).
_FOLDABLE = re.compile("[" + "".join(re.escape(character) for character in sorted(_FOLDED)) + "]")


def _fold(match: re.Match) -> str:
    return _FOLDED[match.group()]


def fold_width(text: str) -> str:
    folded = _FOLDABLE.sub(_fold, text)
    assert len(folded) == len(text)
    return folded
