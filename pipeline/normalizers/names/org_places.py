"""Organisations found by rules: a body after its place, national (韩国央行, 美国国务院) or local (深圳市发改委),
valued as the gazetteer knows the whole or as written."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Value
from ..base import NormalizerTable
from .words import PLACE_POS, stock_code

if TYPE_CHECKING:
    from ...stages.document import DocContext

NORMALIZERS = NormalizerTable()


@NORMALIZERS.add("org_national_body", required={"body"})
def org_national_body(m: regex.Match, doc: DocContext) -> Value | None:
    """A body every country has after a place that is not China (韩国央行, 美国国务院): the place belongs to the
    name, whose value is the gazetteer's where it knows the whole (日本央行), else the name as written."""
    body = m.start("body")
    before = doc.words_before(body)
    if before is None:
        return None
    words, at = before
    word = words[at]
    if word.end == body:
        place_start, place_is_word = word.start, word.pos in PLACE_POS
    elif word.end == m.end("body") and word.pos == "nt":
        place_start, place_is_word = word.start, False  # 美国国务院 is one word of the dictionary
    else:
        return None
    place, lists = doc.text[place_start:body], doc.lexicon.names
    if place in lists.home_countries or place in lists.stop_words or not (place_is_word or place in lists.places):
        return None  # China's own (中国央行), or no place (外国政府)
    return _org_with_place(doc, m, place_start, m.end("body"))


@NORMALIZERS.add("org_local_body", required={"body"})
def org_local_body(m: regex.Match, doc: DocContext) -> Value | None:
    """A local government's body after its place (深圳市 + 发改委): the place is the whole words before the
    body, each a place (as the segmenter tags it, or in places.txt, with or without its level) or a level."""
    body = m.start("body")
    before = doc.words_before(body)
    if before is None:
        return None
    (words, at), lists = before, doc.lexicon.names
    if (
        words[at].end == m.end("body")
        and words[at].pos == "nt"
        and _is_a_place(doc.text[words[at].start : body], lists)
    ):
        return _org_with_place(doc, m, words[at].start, m.end("body"))  # 河南省纪委 is one word of the dictionary
    if words[at].end != body:
        return None
    start = body
    for i in range(at, max(at - 3, -1), -1):
        word = words[i]
        if word.text in lists.stop_words or not (word.pos in PLACE_POS or _is_a_place(word.text, lists)):
            break  # 外国 (tagged as a place) is none
        start = word.start
    if start == body or doc.text[start:body] in lists.place_levels:
        return None  # no place, or a level alone (市发改委: org.local_government's)
    return _org_with_place(doc, m, start, m.end("body"))


def _is_a_place(text: str, lists) -> bool:
    """A level (省), or a place of places.txt with or without its level (河南, 河南省)."""
    level = next((level for level in lists.place_levels if text.endswith(level)), "")
    return text == level or text[: len(text) - len(level)] in lists.places


def _org_with_place(doc, m, start: int, end: int) -> Value | None:
    """A body with the place before it, start:end: a gazetteer's canonical name, else the span as written; not a
    kind of body (not_names: 城市政府)."""
    name = doc.text[start:end]
    if name in doc.lexicon.names.not_names:
        return None  # 城市政府: a kind of body
    known = doc.names.known("org", name)
    return Value(
        known.name if known else name, code=stock_code(doc, end, known), start=start - m.start(), end=end - m.start()
    )
