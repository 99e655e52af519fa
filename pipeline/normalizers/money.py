"""Money: a number, its magnitude and its currency -> base units and ISO 4217 code."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from ..datatypes import Value
from .base import NormalizerTable
from .numbers import parse_number, plain, range_start, read_number

if TYPE_CHECKING:
    from ..stages.document import DocContext

NORMALIZERS = NormalizerTable()

CURRENCY_GROUPS = ("currency_before", "currency", "currency_post")


def currency_code(words: list[str | None], doc) -> str | None:
    """The most specific currency among the words; a bare 元 or 块 is the article's own currency."""
    codes = [doc.lexicon.currencies.get(w) for w in words if w]
    explicit = [c for c in codes if c and c != "local"]
    if explicit:
        return explicit[0]
    if "local" in codes:
        return doc.local_currency
    return None


@NORMALIZERS.add("money", groups={*CURRENCY_GROUPS, "scale", "per"}, required={"number"})
def money(m: regex.Match, doc: DocContext) -> Value | None:
    """A number, its magnitude and its currency -> base units and ISO 4217 code; `per` is a per-unit tail."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    groups = m.groupdict()
    if groups.get("scale"):
        value *= Decimal(doc.lexicon.scales[groups["scale"].lower()])
    code = currency_code([groups.get(g) for g in CURRENCY_GROUPS], doc)
    if code is None:
        return None
    per = groups.get("per") or ""
    end = m.start("per") - m.start() if per else None
    if not per:
        per = _per_shares(doc, m.start())
    return Value(plain(value), unit=code, qualifier=qualifier, per=per, end=end)


# 每10股派发现金红利276.24元: a dividend per so many shares, written before the amount in its clause.
_PER_SHARES = regex.compile(r"每\s?(?P<shares>\d+|[一二三四五六七八九十]+)?\s?股[^,，。;；]{0,12}$")


def _per_shares(doc, start: int) -> str:
    """`10股` (or `股`) when the clause before `start` says the amount is per so many shares (每10股派…, 每股派息),
    else empty."""
    m = _PER_SHARES.search(doc.text, max(0, start - 20), start)
    if m is None:
        return ""
    return f"{plain(parse_number(m.group('shares')).value)}股" if m.group("shares") else "股"


_SUBUNITS = (
    ("jiao", Decimal("0.1")),
    ("jiao_tail", Decimal("0.1")),
    ("fen", Decimal("0.01")),
    ("fen_alone", Decimal("0.01")),
    ("fen_tail", Decimal("0.01")),
    ("cents", Decimal("0.01")),
)


@NORMALIZERS.add("money_subunits", groups={"number", "currency", "cent_word", *(name for name, _ in _SUBUNITS)})
def money_subunits(m: regex.Match, doc: DocContext) -> Value | None:
    """Amounts below the unit: a yuan's jiao and fen (三元九毛五分 = 3.95), a dollar's cents (30港仙 = 0.3 HKD).

    Jiao (角, 毛) are tenths and fen (分) hundredths, with the yuan or alone (八毛五 = 0.85); cents (美分,
    港仙) are hundredths, after their dollars or alone (两美元又三美分 = 2.03 USD).
    """
    groups = m.groupdict()
    value, qualifier = read_number(m, doc) if groups.get("number") else (Decimal(0), "")
    if value is None:
        return None
    for name, worth in _SUBUNITS:
        if groups.get(name):
            value += parse_number(groups[name]).value * worth
    code = currency_code([groups.get("currency")], doc) if groups.get("currency") else doc.local_currency
    if groups.get("cent_word"):
        cents_code = doc.lexicon.cents[groups["cent_word"]]
        if groups.get("currency") and code != cents_code:
            return None  # 两美元三港仙: no one amount
        code = cents_code
    if code is None:
        return None
    return Value(plain(value), unit=code, qualifier=qualifier, per=_per_shares(doc, m.start()))


@NORMALIZERS.add("money_range_first", groups={"inherit"}, required={"number", "second", "currency"})
def money_range_first(m: regex.Match, doc: DocContext) -> Value | None:
    """`10亿至20亿元`: the first number takes the magnitude (numbers.range_start) and currency written after the
    second."""
    value, qualifier = read_number(m, doc)
    code = currency_code([m.group("currency")], doc)
    if value is None or code is None:
        return None
    value = range_start(value, m.group("number"), m.group("second"), m.group("inherit"))
    return Value(plain(value), unit=code, qualifier=qualifier)


@NORMALIZERS.add("money_implied", required={"number"})
def money_implied(m: regex.Match, doc: DocContext) -> Value | None:
    """A bare amount that takes the currency of the money written in its sentence."""
    sentence = doc.sentence_at(m.start())
    if sentence is None:
        return None
    written = doc.lexicon.written_money.search(doc.text, sentence.start, sentence.end)
    code = currency_code([written.group("currency")], doc) if written else None
    value, qualifier = read_number(m, doc)
    if code is None or value is None:
        return None
    return Value(plain(value), unit=code, qualifier=qualifier)


@NORMALIZERS.add("money_shorthand", groups={"number", "shorthand", "currency"}, required={"number", "shorthand"})
def money_shorthand(m: regex.Match, doc: DocContext) -> Value | None:
    """`月薪15k`, `30w年薪`: k a thousand and w (万) ten thousand of the currency written, else the article's."""
    value, qualifier = read_number(m, doc)
    if value is None:
        return None
    value *= Decimal(doc.lexicon.scales[m.group("shorthand").lower()])
    code = currency_code([m.group("currency")], doc) or doc.local_currency
    return Value(plain(value), unit=code, qualifier=qualifier)
