"""Quantities: a number with a measure word or count noun, or a bare large magnitude."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from ..datatypes import Value
from .base import NormalizerTable
from .numbers import plain, read_number

if TYPE_CHECKING:
    from ..stages.document import DocContext

NORMALIZERS = NormalizerTable()


@NORMALIZERS.add("quantity", groups={"unit"}, required={"number"})
def quantity(m: regex.Match, doc: DocContext) -> Value | None:
    """A number with its measure word or count noun; a unit of `lexicon/units.yaml` is renamed and scaled."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    unit = m.groupdict().get("unit") or ""
    if unit:
        unit, multiplier = doc.lexicon.quantity_units.get(unit, (unit, 1.0))
        value *= Decimal(str(multiplier))
    return Value(plain(value), unit=unit, qualifier=qualifier)


@NORMALIZERS.add("and_a_half", required={"number", "unit"})
def and_a_half(m: regex.Match, doc: DocContext) -> Value | None:
    """`三个半小时`: the number and a half of the unit."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    unit, multiplier = doc.lexicon.quantity_units.get(m.group("unit"), (m.group("unit"), 1.0))
    return Value(plain((value + Decimal("0.5")) * Decimal(str(multiplier))), unit=unit, qualifier=qualifier)


@NORMALIZERS.add("index_points", groups={"unit"}, required={"number"})
def index_points(m: regex.Match, doc: DocContext) -> Value | None:
    """Points of an index (`21000点`), where the sentence speaks of an index or a market (rules/lexicon/units.yaml
    `index_context`)."""
    sentence = doc.sentence_at(m.start())
    if sentence is None or not doc.lexicon.index_words.search(doc.text, sentence.start, sentence.end):
        return None
    return quantity(m, doc)


@NORMALIZERS.add("half_duration", required={"unit"})
def half_duration(m: regex.Match, doc: DocContext) -> Value | None:
    """`半年`, `半个月`: half of one unit."""
    unit, multiplier = doc.lexicon.quantity_units.get(m.group("unit"), (m.group("unit"), 1.0))
    qualifier = doc.lexicon.qualifier(doc.text, m.start(), m.end())
    return Value(plain(Decimal("0.5") * Decimal(str(multiplier))), unit=unit, qualifier=qualifier)
