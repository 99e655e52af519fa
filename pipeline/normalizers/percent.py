"""Percentages, percentage points and basis points, multiples (倍), fractions and ratios."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from ..datatypes import Value
from .base import NormalizerTable
from .numbers import NotANumber, parse_number, plain, read_number

if TYPE_CHECKING:
    from ..stages.document import DocContext

NORMALIZERS = NormalizerTable()


@NORMALIZERS.add("percent", required={"number"})
def percent(m: regex.Match, doc: DocContext) -> Value | None:
    """A number of percent: `8.9%` -> 8.9, `百分之三十` -> 30 (unit %)."""
    return _number_in(m, doc, "%")


def _number_in(m: regex.Match, doc: DocContext, unit: str, divisor: int = 1) -> Value | None:
    """The match's number (divided by `divisor`) in `unit`, with its qualifier; None when there is no number."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    return Value(plain(value / divisor if divisor != 1 else value), unit=unit, qualifier=qualifier)


@NORMALIZERS.add("percent_cheng", groups={"tenth", "more"}, required={"number"})
def percent_cheng(m: regex.Match, doc: DocContext) -> Value | None:
    """Tenths (成): `七成` -> 70, `七成五` -> 75, `三成半` -> 35 (unit %)."""
    value, qualifier = read_number(m, doc)
    if value is None or value > 10:
        return None
    value *= 10
    tenth = m.group("tenth")
    if tenth == "半":
        value += 5  # 三成半 = 35 %
    elif tenth:
        try:
            value += parse_number(tenth).value
        except NotANumber:
            return None
    if m.group("more") and not qualifier:
        qualifier = "more_than"  # 三成多
    return Value(plain(value), unit="%", qualifier=qualifier)


@NORMALIZERS.add("times", required={"number"})
def times(m: regex.Match, doc: DocContext) -> Value | None:
    """A multiple: `3倍` -> 3 (unit times)."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    return Value(plain(value), unit="times", qualifier=qualifier)


@NORMALIZERS.add("doubling", groups={"doublings"})
def doubling(m: regex.Match, doc: DocContext) -> Value | None:
    """翻倍 / 翻番 with no number: one doubling, as `翻了一倍` writes it; 翻两番 is two (4 times as much: 3)."""
    doublings = int(parse_number(m.group("doublings")).value) if m.group("doublings") else 1
    return Value(str(2**doublings - 1), unit="times")


@NORMALIZERS.add("percentage_points", required={"number"})
def percentage_points(m: regex.Match, doc: DocContext) -> Value | None:
    """Percentage points, a difference of two percents: `5个百分点` -> 5 (unit pp)."""
    return _number_in(m, doc, "pp")


@NORMALIZERS.add("basis_points", required={"number"})
def basis_points(m: regex.Match, doc: DocContext) -> Value | None:
    """Basis points, hundredths of a percentage point: `25个基点` -> 0.25 (unit pp)."""
    return _number_in(m, doc, "pp", divisor=100)


def _quotient(m, top: str, bottom: str) -> Decimal | None:
    """group `top` divided by group `bottom`, or None when either is no number or the divisor is 0."""
    try:
        numerator = parse_number(m.group(top)).value
        denominator = parse_number(m.group(bottom)).value
    except NotANumber:
        return None
    return numerator / denominator if denominator else None


@NORMALIZERS.add("fraction", required={"denominator", "numerator"})
def fraction(m: regex.Match, doc: DocContext) -> Value | None:
    """三分之一 -> 33.33…; 百分之三十 -> 30."""
    value = _quotient(m, "numerator", "denominator")
    if value is None:
        return None
    qualifier = doc.lexicon.qualifier(doc.text, m.start(), m.end()) or (
        "approx" if parse_number(m.group("numerator")).approx else ""
    )  # 百分之二三十: 20, approx
    return Value(plain(round(value * 100, 10)), unit="%", qualifier=qualifier)


@NORMALIZERS.add("ratio", required={"left", "right"})
def ratio(m: regex.Match, doc: DocContext) -> Value | None:
    """1:10 -> 0.1."""
    value = _quotient(m, "left", "right")
    return None if value is None else Value(plain(round(value, 6)), unit="ratio")


def direction_of(candidate, doc: DocContext) -> tuple[str]:
    """`direction` of a percent: `up` or `down` by the trend word before it in its clause (升, 下降), else empty."""
    return (doc.lexicon.direction(doc.text, candidate.start),)
