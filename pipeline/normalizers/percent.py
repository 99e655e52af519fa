"""Percentages, multiples (倍), basis points, fractions and ratios."""
from __future__ import annotations

from decimal import Decimal

from ..model import Value
from . import normalizer
from .numbers import NotANumber, parse_number, plain, read_number


@normalizer("percent", groups={"tenth"}, required={"number"})
def percent(m, doc):
    """`8.9%`, `百分之三十`; with `tenth`, the 成 form: `七成` = 70, `七成五` = 75."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    return Value(plain(value), unit="%", qualifier=qualifier)


@normalizer("percent_cheng", groups={"tenth"}, required={"number"})
def percent_cheng(m, doc):
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
    return Value(plain(value), unit="%", qualifier=qualifier)


@normalizer("times", required={"number"})
def times(m, doc):
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    return Value(plain(value), unit="times", qualifier=qualifier)


@normalizer("doubling")
def doubling(m, doc):
    """翻倍 / 翻番 with no number: one doubling, as `翻了一倍` writes it."""
    return Value("1", unit="times")


@normalizer("basis_points", required={"number"})
def basis_points(m, doc):
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    return Value(plain(value / 100), unit="%", qualifier=qualifier)


def _quotient(m, top: str, bottom: str) -> Decimal | None:
    """group `top` divided by group `bottom`, or None when either is no number or the divisor is 0."""
    try:
        numerator = parse_number(m.group(top)).value
        denominator = parse_number(m.group(bottom)).value
    except NotANumber:
        return None
    return numerator / denominator if denominator else None


@normalizer("fraction", required={"denominator", "numerator"})
def fraction(m, doc):
    """三分之一 -> 33.33…; 百分之三十 -> 30."""
    value = _quotient(m, "numerator", "denominator")
    if value is None:
        return None
    qualifier = doc.lexicon.qualifier(doc.text, m.start(), m.end())
    return Value(plain(round(value * 100, 10)), unit="%", qualifier=qualifier)


@normalizer("ratio", required={"left", "right"})
def ratio(m, doc):
    """1:10 -> 0.1."""
    value = _quotient(m, "left", "right")
    return None if value is None else Value(plain(round(value, 6)), unit="ratio")
