"""Quantities: a number with a measure word or count noun, or a bare large magnitude."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from ..datatypes import Value
from .base import NormalizerTable
from .dates import FIRST_YEAR, LAST_YEAR
from .numbers import DIGITS, NotANumber, parse_number, plain, range_start, read_number

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
        if "多" in unit and not qualifier:  # 17个多月: the 多 is the number's
            qualifier = "more_than"
        unit, multiplier = doc.lexicon.quantity_units.get(unit, (unit, 1.0))
        value *= Decimal(str(multiplier))
    return Value(plain(value), unit=unit, qualifier=qualifier)


@NORMALIZERS.add("and_a_half", groups={"number"}, required={"unit"})
def and_a_half(m: regex.Match, doc: DocContext) -> Value | None:
    """`三个半小时`: the number and a half of the unit; one and a half where Cantonese drops the 一 (`个半钟`)."""
    value, qualifier = read_number(m, doc) if m.group("number") else (Decimal(1), "")
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


@NORMALIZERS.add("quantity_range_first", groups={"inherit"}, required={"number", "second", "unit"})
def quantity_range_first(m: regex.Match, doc: DocContext) -> Value | None:
    """`2.5~4.8米`, `10至20万吨`: the first number of a range takes the unit (and magnitude: numbers.range_start)
    written after the second; a range of years (2024-25年) is none."""
    value, qualifier = read_number(m, doc)
    if value is None or (m.group("unit") == "年" and FIRST_YEAR <= value <= LAST_YEAR):
        return None
    value = range_start(value, m.group("number"), m.group("second"), m.groupdict().get("inherit"))
    unit, multiplier = doc.lexicon.quantity_units.get(m.group("unit"), (m.group("unit"), 1.0))
    return Value(plain(value * Decimal(str(multiplier))), unit=unit, qualifier=qualifier)


@NORMALIZERS.add("quantity_fraction", required={"denominator", "numerator", "unit"})
def quantity_fraction(m: regex.Match, doc: DocContext) -> Value | None:
    """`四分之一公升` = 0.25 公升 (Hong Kong's `四分一升` too): a fraction of a unit, to four decimals."""
    try:
        denominator = parse_number(m.group("denominator")).value
        numerator = parse_number(m.group("numerator")).value
    except NotANumber:
        return None
    if not 0 < numerator < denominator:
        return None
    unit, multiplier = doc.lexicon.quantity_units.get(m.group("unit"), (m.group("unit"), 1.0))
    value = (numerator / denominator * Decimal(str(multiplier))).quantize(Decimal("0.0001"))
    return Value(plain(value), unit=unit, qualifier=doc.lexicon.qualifier(doc.text, m.start(), m.end()))


@NORMALIZERS.add("and_tenths", required={"number", "unit", "tenths"})
def and_tenths(m: regex.Match, doc: DocContext) -> Value | None:
    """`一米四` = 1.4 米, `一米七五` = 1.75 米, `三斤二(两)` = 3.2 斤: digits after the unit are its tenths."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    digits = "".join(str(DIGITS.get(c, c)) for c in m.group("tenths"))  # 三斤二两, 3斤5两
    return Value(plain(value + Decimal("0." + digits)), unit=m.group("unit"), qualifier=qualifier)


@NORMALIZERS.add("temperature", groups={"scale", "below", "unit"}, required={"number"})
def temperature(m: regex.Match, doc: DocContext) -> Value | None:
    """Degrees: `华氏温度98.6度` (unit 华氏度), `零下5℃` = -5 (unit ℃): the scale named before the number wins."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    if m.group("below"):
        value = -value
    scale = m.group("scale")
    unit = scale + "度" if scale else m.group("unit") or "度"
    return Value(plain(value), unit=unit, qualifier=qualifier)


# The parts of a compound duration, largest first, in counts of the family's smallest unit.
_CLOCK_PARTS = (("hours", 3600, "小时"), ("minutes", 60, "分钟"), ("seconds", 1, "秒"))
_CALENDAR_PARTS = (("years", 12, "年"), ("months", 1, "月"))


@NORMALIZERS.add("compound_duration", groups={"hours", "minutes", "seconds", "half_minute", "years", "months"})
def compound_duration(m: regex.Match, doc: DocContext) -> Value | None:
    """`2分35秒` = 155 秒, `1小时20分钟` = 80 分钟, `两年零三个月` = 27 月, `一分半钟` = 90 秒: one duration in
    its smallest unit written (a half minute is 30 秒)."""
    groups = m.groupdict()  # a rule may name only some of the parts
    parts = _CALENDAR_PARTS if groups.get("years") else _CLOCK_PARTS
    written = [(groups[name], size, unit) for name, size, unit in parts if groups.get(name)]
    if groups.get("half_minute"):
        written.append(("30", 1, "秒"))
    if len(written) < 2:
        return None
    try:
        total = sum(parse_number(text).value * size for text, size, _ in written)
    except NotANumber:
        return None
    _, smallest, unit = written[-1]
    qualifier = doc.lexicon.qualifier(doc.text, m.start(), m.end())
    return Value(plain(total / smallest), unit=unit, qualifier=qualifier)
