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


@normalizer("fraction", required={"denominator", "numerator"})
def fraction(m, doc):
    try:
        denominator = parse_number(m.group("denominator")).value
        numerator = parse_number(m.group("numerator")).value
    except NotANumber:
        return None
    if denominator == 0:
        return None
    qualifier = doc.lexicon.qualifier(doc.text, m.start(), m.end())
    return Value(plain(round(numerator / denominator * 100, 10)), unit="%", qualifier=qualifier)


@normalizer("ratio", required={"left", "right"})
def ratio(m, doc):
    try:
        left = parse_number(m.group("left")).value
        right = parse_number(m.group("right")).value
    except NotANumber:
        return None
    if right == 0:
        return None
    return Value(plain(round(left / right, 6)), unit="ratio")
