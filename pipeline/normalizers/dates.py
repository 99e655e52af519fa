"""Dates: TIMEX3-style values, relative expressions resolved against the reference date.

Granularity follows what is written: `2024` (year), `2024-07` (month),
`2024-07-08` (day), `2024-Q1`, `2024-H2`, `2024-SU` (season), `2024-W27`
(week), `2024-W27-WE` (its weekend), `2024-01/2024-11` (an interval), `FY2024`
(a fiscal year), `FY2025-Q1` (a quarter of one), with a time of day appended
to a day (`2025-02-19TEV`, `2025-02-19T18:05`). `XXXX-08` when
the year cannot be known. `timex_bounds` turns any value into first and last
calendar day for the `date_start`/`date_end` columns.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ..datatypes import Value
from .base import NormalizerTable
from .calendars import holiday_day, lunar_day, lunar_month_span
from .numbers import DIGITS, whole_number
from .when import Span, bare_day, lone_weekday, year_of

if TYPE_CHECKING:
    from ..ruleset.loading import RuleSet
    from ..stages.document import DocContext

NORMALIZERS = NormalizerTable()
# The years a date's value may have: outside them a number is no year, and a reference date resolves no
# relative date.
FIRST_YEAR, LAST_YEAR = 1600, 2150

# The meanings of date words (relative days, parts of day, mods, seasons) are the lexicon's
# (rules/lexicon/dates.yaml), read through `doc.lexicon.dates`; these are the calendar's own.
LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}  # the lunar months with names of their own
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
HALVES = {"上": "H1", "下": "H2", "前": "H1", "后": "H2", "1": "H1", "2": "H2"}  # 2025H1
ROC_OFFSET = 1911  # 民国 1 = 1912

DATE_GROUPS = {
    "year",
    "yy",
    "roc",
    "ryear",
    "years_ago",
    "month",
    "same_month",
    "rmonth",
    "day",
    "rday",
    "quarter",
    "half",
    "first_months",
    "last_months",
    "first_quarters",
    "season",
    "mod",
    "tod",
    "hour",
    "minute",
    "second",
    "rweek",
    "fiscal",
    "same_period",
    "sep",
    "days_ago",
    "months_ago",
    "quarters_ago",
    "and_half",
    "half_ago",
    "weeks_ago",
    "later",
    "weekday",
    "weekend",
    "lone_weekend",
    "yy2",
    "holiday",
    "fiscal_to",
    "lunar_month",
    "lunar_day",
    "leap",
    "nth",
    "rfiscal",
    "rquarter",
    "range_to",
    "nth_week",
}


def _year_digits(text: str) -> int | None:
    """`2024`, `二〇二四` or `九二` (read digit by digit)."""
    if text.isdigit():
        return int(text)
    if all(c in DIGITS for c in text):
        return int("".join(str(DIGITS[c]) for c in text))
    return whole_number(text)


def _weekday(ref: date, weekday: int, weeks: int) -> date:
    """That weekday of the week `weeks` away (本周一, 下周五)."""
    return ref - timedelta(days=ref.weekday()) + timedelta(weeks=weeks, days=weekday)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def two_digit_year(yy: int, reference_year: int) -> int:
    """09年, 九二年, 98年: in 1900-2099, the latest not after the reference year's next (98年 is 1998 in an article
    of 2025 and of 1997 too), else the earliest."""
    candidates = (1900 + yy, 2000 + yy)
    return max((y for y in candidates if y <= reference_year + 1), default=candidates[0])


def _month_span(year: int, month: int, day: int | None) -> Span | None:
    """The first and last day of a month (or the one day of it) in `year`; None where the month has no such day."""
    if day is None:
        return date(year, month, 1), _month_end(year, month)
    try:
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


# A month (and day) right before a range's connector: the start of the range whose end is being read.
_RANGE_START = regex.compile(
    r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s?月份?"
    r"(?:\s?(3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s?[日号])?"
    r"\s?(?:到|至|-|~|—|－|–)\s?$"
)


def _range_end_year(m, doc, month: int | None) -> int | None:
    """The end of a month range takes its year from the start: 8月至2月 runs into the next year."""
    start = _RANGE_START.search(doc.text, max(0, m.start() - 12), m.start()) if month is not None else None
    start_month = whole_number(start.group(1)) if start else None
    if start_month is None or not 1 <= start_month <= 12:
        return None
    start_day = whole_number(start.group(2))
    start_year = year_of(lambda y: _month_span(y, start_month, start_day), start.start(), start.end(), doc)
    if start_year is None:
        return None
    return start_year + 1 if month < start_month else start_year


# A weekday alone right before a range's connector: the start of the range whose end is being read.
_WEEKDAY_RANGE_START = regex.compile(r"(?:星期|礼拜|周)([一二三四五六日天])\s?(?:到|至|-|~|—|－|–)\s?$")


def _lone_weekday_in_range(weekday: int, m: regex.Match, doc: DocContext) -> date:
    """A weekday alone, or the end of a range of them (星期三至星期五): the first such day after its start."""
    start = _WEEKDAY_RANGE_START.search(doc.text, max(0, m.start() - 6), m.start())
    if start is None:
        return lone_weekday(weekday, m.start(), m.end(), doc)
    first = lone_weekday(WEEKDAYS[start.group(1)], start.start(), start.end(), doc)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


@NORMALIZERS.add("date_pair", groups={"first", "second", "unit"}, required={"first", "second", "unit"})
def date_pair(m: regex.Match, doc: DocContext) -> Value | None:
    """`今明两年`, `今明两日`: two years or days from the reference date's, by the one-character words of
    `relative_years`, as one interval (2025/2026, 2025-07-01/2025-07-02)."""
    offsets = doc.lexicon.dates.relative_years
    first, second = offsets[m.group("first")], offsets[m.group("second")]
    if second != first + 1:
        return None
    ref = doc.reference.day
    if m.group("unit") == "年":
        return Value(f"{ref.year + first:04d}/{ref.year + second:04d}")
    return Value(f"{(ref + timedelta(days=first)).isoformat()}/{(ref + timedelta(days=second)).isoformat()}")


@NORMALIZERS.add("date", groups=DATE_GROUPS)
def date_value(m: regex.Match, doc: DocContext) -> Value | None:
    """A calendar point or period, written or relative, as a TIMEX3-style value (see the module's docstring)."""
    g = {k: v for k, v in m.groupdict().items() if v}
    ref = doc.reference.day
    words = doc.lexicon.dates
    mod = words.date_mods.get(g.get("mod", ""), "")  # a rule's own list of mods may hold words the lexicon lacks

    if "rday" in g:
        days, part_of_word = words.relative_days[g["rday"]]
        tod = words.times_of_day.get(g.get("tod", ""), part_of_word or "")
        return at_time((ref + timedelta(days=days)).isoformat(), tod, g)
    tod = words.times_of_day.get(g.get("tod", ""), "")
    if "weekday" in g and "month" not in g:
        if "rweek" in g:
            return at_time(_weekday(ref, WEEKDAYS[g["weekday"]], words.relative_weeks[g["rweek"]]).isoformat(), tod, g)
        return at_time(_lone_weekday_in_range(WEEKDAYS[g["weekday"]], m, doc).isoformat(), tod, g)
    if "lone_weekend" in g:  # 周末 alone: as a weekday alone (pipeline/normalizers/when.py), its Saturday's
        year, week, _ = lone_weekday(5, m.start(), m.end(), doc).isocalendar()
        return Value(f"{year:04d}-W{week:02d}-WE")
    if "rquarter" in g:  # 上季度: the quarter before the reference date's
        index = ref.year * 4 + (ref.month - 1) // 3 + words.relative_quarters[g["rquarter"]]
        return Value(f"{index // 4:04d}-Q{index % 4 + 1}", mod=mod)
    if "rweek" in g:
        year, week, _ = (ref + timedelta(weeks=words.relative_weeks[g["rweek"]])).isocalendar()
        return Value(f"{year:04d}-W{week:02d}" + ("-WE" if "weekend" in g else ""))

    # The year: written, relative, Republic of China, or inferred.
    year = None
    if "year" in g:
        year = _year_digits(g["year"])
    elif "yy" in g:
        year = 2000 + int(g["yy"])
    elif "yy2" in g:
        yy = _year_digits(g["yy2"])
        year = None if yy is None else two_digit_year(yy, ref.year)
    elif "roc" in g:
        roc = whole_number(g["roc"])
        year = roc + ROC_OFFSET if roc else None
    elif "ryear" in g:
        year = ref.year + words.relative_years[g["ryear"]]
    later = 1 if "later" in g else -1  # 三天后 rather than 三天前
    if "years_ago" in g:
        n = whole_number(g["years_ago"])
        if n is not None and "and_half" in g:  # 一年半后: eighteen months on, a month
            y, mo = _shift_month(ref.year, ref.month, later * (12 * n + 6))
            return Value(f"{y:04d}-{mo:02d}")
        return Value(f"{ref.year + later * n:04d}") if n is not None else None
    if "quarters_ago" in g:  # 三个季度后: that quarter
        n = whole_number(g["quarters_ago"])
        if n is None:
            return None
        index = ref.year * 4 + (ref.month - 1) // 3 + later * n
        return Value(f"{index // 4:04d}-Q{index % 4 + 1}")
    if "days_ago" in g:
        n = whole_number(g["days_ago"])
        return Value((ref + timedelta(days=later * n)).isoformat()) if n is not None else None
    if "holiday" in g:
        rule = words.holidays[g["holiday"]]
        value = _once_a_year(lambda y: holiday_day(y, *rule), year, m, doc)
        return at_time(value.value, tod, g) if value is not None else None
    if "nth" in g:  # 十月第一个星期一: that weekday of that month (a holiday's rule, 10-1-1)
        rule = (
            None,
            None,
            None,
            f"{whole_number(g['month']):02d}-{whole_number(g['nth'])}-{WEEKDAYS[g['weekday']] + 1}",
        )
        found = _once_a_year(lambda y: _in_month(holiday_day(y, *rule), whole_number(g["month"])), year, m, doc)
        return at_time(found.value, tod, g) if found is not None else None
    if "lunar_day" in g:
        day = whole_number(g["lunar_day"].lstrip("初"))
        written = g.get("lunar_month")
        month = (
            (LUNAR_MONTHS.get(written) or whole_number(written)) if written else (12 if day == 30 else 1)
        )  # 大年初一/三十
        return _once_a_year(lambda y: lunar_day(y, month, day), year, m, doc)
    if "lunar_month" in g:  # 正月, 农历十月, 闰四月: the month's first to last day
        month = LUNAR_MONTHS.get(g["lunar_month"]) or whole_number(g["lunar_month"])
        span = _lunar_month(month, "leap" in g, year, m, doc)
        return Value(f"{span[0].isoformat()}/{span[1].isoformat()}") if span else None
    if "weeks_ago" in g:
        n = whole_number(g["weeks_ago"])
        if n is None:
            return None
        iso_year, week, _ = (ref + timedelta(weeks=later * n)).isocalendar()
        return Value(f"{iso_year:04d}-W{week:02d}")
    if "months_ago" in g:
        n = whole_number(g["months_ago"])
        if n is None:
            return None
        y, mo = _shift_month(ref.year, ref.month, later * n)
        if "and_half" in g:  # 一个半月后: a month and fifteen days on, a day
            day = date(y, mo, min(ref.day, calendar.monthrange(y, mo)[1]))
            return Value((day + timedelta(days=later * 15)).isoformat())
        return Value(f"{y:04d}-{mo:02d}")
    if "half_ago" in g:  # 半年前: six months away; 半个月后: fifteen days
        if g["half_ago"] == "年":
            y, mo = _shift_month(ref.year, ref.month, later * 6)
            return Value(f"{y:04d}-{mo:02d}")
        return Value((ref + timedelta(days=later * 15)).isoformat())
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        return None

    if "rfiscal" in g:
        return _relative_fiscal_year(words.relative_fiscal_years[g["rfiscal"]], doc)
    if "fiscal" in g:
        if year and "fiscal_to" in g:  # 2025至26年度, 2024/25年度: from April to March
            return (
                Value(f"FY{year:04d}-{g['fiscal_to'][-2:]}") if int(g["fiscal_to"][-2:]) == (year + 1) % 100 else None
            )
        if year and "quarter" in g:  # 2025财年第一季度: the fiscal year's own quarter, not a calendar one
            q = whole_number(g["quarter"])
            return Value(f"FY{year:04d}-Q{q}") if q and 1 <= q <= 4 else None
        return Value(f"FY{year:04d}") if year else None
    if "same_period" in g:  # the year alone, until `same_periods` finds the period the sentence speaks of
        return Value(f"{year:04d}", mod=mod, same_period_years=words.relative_years[g["ryear"]])

    month = ref.month if "same_month" in g else whole_number(g.get("month"))  # 去年本月: this month, that year
    if month is None and "day" in g and "rmonth" not in g:
        anchor = doc.anchor_month(m.start())  # 一月十日到十二日: the end takes the start's month
        month = whole_number(anchor[0]) if anchor else None
        if month is None and year is None:
            relative = _relative_month_before(doc, m.start())  # 本月4日至9日: this month's 9th
            if relative is not None:
                year, month = _shift_month(ref.year, ref.month, words.relative_months[relative])
    if "rmonth" in g:
        year, month = _shift_month(ref.year, ref.month, words.relative_months[g["rmonth"]])
    if month is not None and not 1 <= month <= 12:
        return None
    day = whole_number(g.get("day"))

    if year is None and month is None and day is not None:  # a day alone (29日): pipeline/normalizers/when.py
        year, month = bare_day(day, m.start(), m.end(), doc) or (ref.year, ref.month)
    if year is None and month is not None:  # a month without a year: pipeline/normalizers/when.py
        year = _range_end_year(m, doc, month) or _range_start_year(g, month, m, doc)
        if year is None:
            year = year_of(lambda y: _month_span(y, month, day), m.start(), m.end(), doc)
    if year is None:  # a quarter or half without a year (第一季度, 上半年): the year written before it, or this one
        year = doc.anchor_year(m.start()) or ref.year

    if "first_months" in g:
        n = whole_number(g["first_months"])
        return Value(f"{year:04d}-01/{year:04d}-{n:02d}") if n and 1 <= n <= 12 else None
    if "last_months" in g:  # 2021年的最后4个月: 2021-09/2021-12
        n = whole_number(g["last_months"])
        return Value(f"{year:04d}-{13 - n:02d}/{year:04d}-12") if n and 1 <= n <= 12 else None
    if "first_quarters" in g:
        n = whole_number(g["first_quarters"])
        return Value(f"{year:04d}-01/{year:04d}-{n * 3:02d}") if n and 1 <= n <= 4 else None
    if "quarter" in g:
        q = 1 if g["quarter"] == "首" else whole_number(g["quarter"])  # 首季: the first
        return Value(f"{year:04d}-Q{q}", mod=mod) if q and 1 <= q <= 4 else None
    if "nth_week" in g:  # 2019年第3周: the year's ISO week (its 28 December is always in its last)
        n = whole_number(g["nth_week"])
        return Value(f"{year:04d}-W{n:02d}") if n and 1 <= n <= date(year, 12, 28).isocalendar()[1] else None
    if "half" in g:
        return Value(f"{year:04d}-{HALVES[g['half']]}", mod=mod)
    if "season" in g:
        return Value(f"{year:04d}-{words.seasons[g['season']]}", mod=mod)
    if month is None:
        return Value(f"{year:04d}", mod=mod)
    if day is None:
        return Value(f"{year:04d}-{month:02d}", mod=mod)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        if "year" in g or "ryear" in g or "roc" in g or not (month == 2 and day == 29):
            return None
        year -= (year % 4) or 4  # 2月29日 without a year: the most recent leap year
    return at_time(f"{year:04d}-{month:02d}-{day:02d}", tod, g)


_MINUTE_WORDS = {"半": 30, "一刻": 15, "三刻": 45, "1刻": 15, "3刻": 45}


@NORMALIZERS.add("date_clock", groups={"tod", "hour", "minute", "second"}, required={"tod", "hour"})
def date_clock(m: regex.Match, doc: DocContext) -> Value | None:
    """A part of day and a clock time with no day (下午3点): the day of the date named before it, as 当天 is
    (pipeline/normalizers/anchored.py), else the reference date's."""
    g = {k: v for k, v in m.groupdict().items() if v}
    value = at_time(doc.reference.day.isoformat(), doc.lexicon.dates.times_of_day[g["tod"]], g)
    return value._replace(anchored="当天") if value else None


def at_time(day: str, tod: str, g: dict) -> Value | None:
    """A day with its clock time where one is written (T20:30: 晚8点 is 20:00, 3点半 3:30), else its part of day."""
    hour = whole_number(g.get("hour"))
    if hour is None:
        return Value(day + tod)
    if tod in ("TAF", "TEV") and hour < 12 or tod == "TMI" and hour < 6 or tod == "TNI" and 6 < hour <= 12:
        hour += 12  # 下午3点, 中午1点, 夜里11点 (夜里12点 is the day's end, 24:00)
    minute = _MINUTE_WORDS.get(g.get("minute")) or whole_number(g.get("minute")) or 0
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    second = whole_number(g.get("second"))
    return Value(f"{day}T{hour:02d}:{minute:02d}" + (f":{second:02d}" if second is not None else ""))


@NORMALIZERS.add("date_roc", groups=DATE_GROUPS | {"roc_prefix"}, required={"roc"})
def date_roc(m: regex.Match, doc: DocContext) -> Value | None:
    """A Republic-of-China year: always after 民国, and bare (`113年`) only in Taiwanese articles."""
    if not m.group("roc_prefix") and doc.region != "TW":
        return None
    return date_value(m, doc)


_POINT = regex.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PERIOD = regex.compile(r"^(\d{4})-(Q|H|W)(\d{1,2})(-WE)?$|^(\d{4})-(SP|SU|FA|WI)$")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


_YEAR_AT = regex.compile(r"(?<![\dW])(\d{4})(?=-|/|$)")
_STARTS_WITH_A_YEAR = regex.compile(r"(?:FY)?\d{4}")  # FY2025-Q1 shifts to FY2024-Q1 as 2025-Q1 to 2024-Q1


def same_period_pass(kept: list, doc: DocContext, rules: RuleSet) -> list:
    """The document pass `same_period` (rules/types.yaml): `same_periods` with the rule set's baseline words."""
    return same_periods(kept, doc, rules.linking.is_baseline)


def bounds_of(candidate, doc: DocContext) -> tuple[str, str]:
    """`date_start` and `date_end` of a date: the first and last day of its value."""
    return timex_bounds(candidate.value.value)


def same_periods(kept: list, doc: DocContext, is_baseline: Callable[[str, int], bool]) -> list:
    """`去年同期` is the period its sentence speaks of before it (今年上半年 ... 较去年同期), or a part of a year
    the sentence before it in the same paragraph speaks of (今年前三季度净利增长。去年同期为5亿元), so many years
    earlier (2024-H1); without such a period, the year alone (a year in the sentence before is too loose a
    guide: 至去年底亏损。前年同期盈利 is 2023). A date that is itself a comparison's baseline
    (较去年全年: `is_baseline(text, start)`) is not the period spoken of."""
    if not any(c.type == "date" and c.value.same_period_years is not None for c in kept):
        return kept  # most articles
    out = list(kept)
    period = None  # (sentence, value) of the last date that is no same-period one
    for i in sorted(range(len(kept)), key=lambda i: kept[i].start):
        c = kept[i]
        if c.type != "date":
            continue
        sentence = doc.sentence_at(c.start)
        if c.value.same_period_years is None:
            if not is_baseline(doc.text, c.start):
                period = (sentence, c.value.value)
        elif (
            period is not None
            and _STARTS_WITH_A_YEAR.match(period[1])
            and (period[0] is sentence or ("-" in period[1] and _previous_in_paragraph(period[0], sentence)))
        ):
            years = c.value.same_period_years
            shifted = _YEAR_AT.sub(lambda y: f"{int(y.group(1)) + years:04d}", period[1])  # noqa: B023 (used here)
            out[i] = c._replace(value=c.value._replace(value=shifted))
    return out


def _previous_in_paragraph(earlier, sentence) -> bool:
    """Whether `earlier` is the sentence right before `sentence`, in the same paragraph."""
    return (
        earlier is not None
        and sentence is not None
        and earlier.paragraph_id == sentence.paragraph_id
        and (sentence.sentence_id - earlier.sentence_id == 1)
    )


_SPLIT_FISCAL = regex.compile(r"FY(\d{4})-\d{2}")


def _range_start_year(g: dict, month: int, m: regex.Match, doc: DocContext) -> int | None:
    """The start of a month range written with 月 once (1-11月) takes the year of its end, the year before
    where it wraps (11-2月)."""
    end_month = whole_number(g.get("range_to"))
    if end_month is None or not 1 <= end_month <= 12:
        return None
    end_year = year_of(lambda y: _month_span(y, end_month, None), m.start(), m.end(), doc)
    if end_year is None:
        return None
    return end_year - 1 if month > end_month else end_year


def _relative_month_before(doc: DocContext, offset: int) -> str | None:
    """The relative month word (本月, 上月) nearest before `offset` in its sentence, where a range's end takes it."""
    sentence = doc.sentence_at(offset)
    if sentence is None:
        return None
    found = list(doc.lexicon.relative_month_words.finditer(doc.text, sentence.start, offset))
    return found[-1].group(0) if found else None


def _relative_fiscal_year(years: int, doc: DocContext) -> Value:
    """本年度, 下年度: in a Hong Kong article the fiscal year from April (FY2025-26, as 2025/26年度 is), elsewhere
    the calendar year."""
    ref = doc.reference.day
    if doc.region != "HK":
        return Value(f"{ref.year + years:04d}")
    first = (ref.year if ref.month >= 4 else ref.year - 1) + years
    return Value(f"FY{first:04d}-{(first + 1) % 100:02d}")


def _once_a_year(
    day_in: Callable[[int], date | None], year: int | None, m: regex.Match, doc: DocContext
) -> Value | None:
    """A day that comes once a year (a holiday, a lunar date): in the year written or relative before it, else
    in the year pipeline/normalizers/when.py infers, as for a month and day without a year."""
    if year is None:
        year = year_of(lambda y: (d, d) if (d := day_in(y)) is not None else None, m.start(), m.end(), doc)
    day = day_in(year) if year is not None else None
    return Value(day.isoformat()) if day is not None else None


def _in_month(day: date, month: int) -> date | None:
    """`day` where it is in `month` (a fifth Monday may fall in the next)."""
    return day if day.month == month else None


def _lunar_month(month: int, leap: bool, year: int | None, m: regex.Match, doc: DocContext) -> Span | None:
    """A lunar month in the year written, else in the year pipeline/normalizers/when.py infers."""
    if year is None:
        year = year_of(lambda y: lunar_month_span(y, month, leap), m.start(), m.end(), doc)
    return lunar_month_span(year, month, leap) if year is not None else None


@lru_cache(maxsize=4096)  # a run meets the same few dates again and again
def timex_bounds(value: str) -> tuple[str, str]:
    """First and last calendar day of a TIMEX value; empty where it has none (`XXXX-08`, `FY2024`). A fiscal year
    written across two years (`FY2025-26`, from 2025至26年度) runs from April to March, as Hong Kong's does."""
    fiscal = _SPLIT_FISCAL.fullmatch(value)
    if fiscal:
        year = int(fiscal.group(1))
        return date(year, 4, 1).isoformat(), date(year + 1, 3, 31).isoformat()
    if "/" in value:
        first, last = value.split("/", 1)
        return timex_bounds(first)[0], timex_bounds(last)[1]
    m = _PERIOD.match(value)
    if m:
        if m.group(6):
            year = int(m.group(5))
            first, last = _SEASON_MONTHS[m.group(6)]
            end_year, end_month = _shift_month(year, last, 0) if last <= 12 else (year + 1, last - 12)
            return date(year, first, 1).isoformat(), _month_end(end_year, end_month).isoformat()
        year, kind, n = int(m.group(1)), m.group(2), int(m.group(3))
        if kind == "W":
            monday = date.fromisocalendar(year, n, 1)
            first = monday + timedelta(days=5) if m.group(4) else monday  # -WE: the weekend, Saturday and Sunday
            return first.isoformat(), (monday + timedelta(days=6)).isoformat()
        months = 3 if kind == "Q" else 6
        first_month = (n - 1) * months + 1
        return date(year, first_month, 1).isoformat(), _month_end(year, first_month + months - 1).isoformat()
    m = _POINT.match(value)
    if not m:
        return "", ""
    year = int(m.group(1))
    if m.group(3):
        day = date(year, int(m.group(2)), int(m.group(3))).isoformat()
        return day, day
    if m.group(2):
        return date(year, int(m.group(2)), 1).isoformat(), _month_end(year, int(m.group(2))).isoformat()
    return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
