"""Quantities: a number with a measure word or count noun, or a bare large magnitude."""
from __future__ import annotations

from decimal import Decimal

from ..model import Value
from . import normalizer
from .numbers import plain, read_number


@normalizer("quantity", groups={"unit"}, required={"number"})
def quantity(m, doc):
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    unit = m.groupdict().get("unit") or ""
    if unit:
        unit, multiplier = doc.lexicon.quantity_units.get(unit, (unit, 1.0))
        value *= Decimal(str(multiplier))
    return Value(plain(value), unit=unit, qualifier=qualifier)


@normalizer("half_duration", required={"unit"})
def half_duration(m, doc):
    """`半年`, `半个月`: half of one unit."""
    unit, multiplier = doc.lexicon.quantity_units.get(m.group("unit"), (m.group("unit"), 1.0))
    qualifier = doc.lexicon.qualifier(doc.text, m.start(), m.end())
    return Value(plain(Decimal("0.5") * Decimal(str(multiplier))), unit=unit, qualifier=qualifier)
