"""A gazetteer's name (`gazetteer`): its canonical entry, kept only where it stands as a name in its region."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Value
from ..base import NormalizerTable
from .words import (
    PLACE_POS,
    after_a_level,
    after_a_place,
    ends_word,
    generic_mention,
    in_ordinary_word,
    sentence_names,
    starts_word,
    stock_code,
)

if TYPE_CHECKING:
    from ...stages.document import DocContext

NORMALIZERS = NormalizerTable()

_NUMBER_CHARACTERS = frozenset("0123456789零〇一二两三四五六七八九十百千万亿")


@NORMALIZERS.add("gazetteer")
def gazetteer(m: regex.Match, doc: DocContext) -> Value | None:
    """A gazetteer's name: its canonical form, a product's owner, a listed company's stock code."""
    entry = m.re.lookup(m.group(0))
    if entry is None:
        return None
    start = m.start()
    if m.re.region:
        start = _in_its_region(doc, m, m.re.region)
        if start is None:
            return None
    size = m.end() - m.start()
    if size < m.re.guarded_below or size == 2:
        starts, ends = starts_word(doc, m.start()), ends_word(doc, m.end())
        if size < m.re.guarded_below and (
            doc.text[m.start() - 1 : m.start()] in _NUMBER_CHARACTERS or not (starts and ends)
        ):
            return None  # a short name inside other words (胜一 in 胜一场) or after a number (30万在香港)
        if size == 2 and not starts and not ends:
            return None  # two characters across two words, in any list (明报 in 王大明/报道)
    if size <= 3 and entry.type != "person" and in_ordinary_word(doc, m.start(), m.end()):
        return None  # 光大 in 发扬光大, 全国电 in 全国/电话; not 李家超 in 李家/超出 (the HMM glues names)
    if size <= 3 and entry.type == "org" and after_a_level(doc, m.start()):
        return None  # 市科协, 省妇联: a local body, not the national one the short name is alone
    if entry.type == "org" and generic_mention(doc, m.start(), m.group(0)):
        return None  # 多家央行, 全球央行: many bodies of a kind, not the one the name is alone
    if size <= 3 and entry.type == "org" and _inside_anothers_product(doc, m.start(), m.end(), entry.name):
        return None  # 荣耀 in 王者荣耀 (腾讯's game), not 腾讯 in 腾讯视频
    return Value(entry.name, owner=entry.owner, code=stock_code(doc, m.end(), entry), start=start - m.start())


def _inside_anothers_product(doc, start: int, end: int, org: str, reach: int = 4) -> bool:
    """Whether a product of the gazetteers whose owner is not `org` is written across start:end."""
    text, known = doc.text, doc.names.known
    for left in range(max(0, start - reach), start + 1):
        for right in range(end, min(len(text), end + reach) + 1):
            product = known("product", text[left:right]) if (left, right) != (start, end) else None
            if product is not None and product.owner != org:
                return True
    return False


def _in_its_region(doc, m, region: str) -> int | None:
    """Where a name of a region's list starts, or None where it names nothing: in the region's articles, the
    name, unless another place comes right before it (内地海关, 首尔高等法院); elsewhere, the name that begins
    with its region's place (香港海关), the name and that place right before it (香港特区终审法院), or the name
    in a sentence that names the region (在香港特区设立终审法院)."""
    text, markers = doc.text, doc.lexicon.place_markers.get(region, ())
    if doc.region == region:
        return None if after_a_place(doc, m.start()) else m.start()
    if m.group().startswith(markers):
        return m.start()
    start = m.start()
    while True:  # 香港 + 特区 + 终审法院
        before = next((w for w in markers if text.endswith(w, 0, start)), None)
        if before is None:
            break
        start -= len(before)
    if start == m.start():  # no place of the region right before: a sentence that names the region will do
        named = sentence_names(doc, start, doc.lexicon.names.region_names.get(region, ()))
        return start if named and not after_a_place(doc, start) else None
    if after_a_place(doc, start):
        return None
    sentence = doc.sentence_at(start)
    before = doc.word_at(start - 1) if sentence is not None and start > sentence.start else None
    if before is not None and (before.end > start or before.pos in PLACE_POS):
        return None  # 澳门特区 + 终审法院, 澳门 + 特区终审法院: another region's
    return start
