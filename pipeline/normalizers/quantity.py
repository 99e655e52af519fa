"""Quantities: a number with a measure word or count noun, or a bare large magnitude."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from ..model import Value
from .base import NormalizerTable
from .numbers import plain, read_number

if TYPE_CHECKING:
    from ..context import DocContext

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


@NORMALIZERS.add("half_duration", required={"unit"})
def half_duration(m: regex.Match, doc: DocContext) -> Value | None:
    """`半年`, `半个月`: half of one unit."""
    unit, multiplier = doc.lexicon.quantity_units.get(m.group("unit"), (m.group("unit"), 1.0))
    qualifier = doc.lexicon.qualifier(doc.text, m.start(), m.end())
    return Value(plain(Decimal("0.5") * Decimal(str(multiplier))), unit=unit, qualifier=qualifier)
