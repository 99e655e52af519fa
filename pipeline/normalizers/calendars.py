"""Days of calendars other than the Gregorian's plain months: holidays (a fixed day, a lunar day, a solar term,
the Nth weekday of a month, a day counted from Easter) and days of the Chinese lunar calendar, as Gregorian days."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


# Cached: lunar_python computes a whole lunar year for each call (0.1 to 0.3 ms), and a run asks for the same few
# holidays of the same few years again and again.
@lru_cache(maxsize=1024)
def holiday_day(
    year: int,
    solar: str | None,
    lunar: str | None,
    term: str | None,
    weekday: str | None,
    easter: int | None = None,
    orthodox_easter: int | None = None,
) -> date | None:
    """A holiday's day in `year`, by its rule in rules/lexicon/dates.yaml `holidays`."""
    if easter is not None:
        return easter_sunday(year) + timedelta(days=easter)
    if orthodox_easter is not None:
        return easter_sunday(year, orthodox=True) + timedelta(days=orthodox_easter)
    if solar:
        month, day = map(int, solar.split("-"))
        return date(year, month, day)
    if weekday:
        month, nth, isoweekday = map(int, weekday.split("-"))
        first = date(year, month, 1)
        return first + timedelta(days=(isoweekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    if term:
        from lunar_python import (
            Lunar,  # a well-kept lunar calendar (MIT): leap months, solar terms
        )

        # a lunar year's table runs from the December before it (its 冬至) into the next: the day in `year` itself
        days = (_as_date(Lunar.fromYmd(y, 1, 1).getJieQiTable()[term]) for y in (year, year + 1))
        return next((d for d in days if d.year == year), None)
    month, day = map(int, lunar.split("-"))
    if (month, day) == (12, 30):
        return lunar_day(year - 1, 12, 30)  # 2024年除夕: the eve of the lunar new year that falls in 2024
    return lunar_day(year, month, day)


def easter_sunday(year: int, orthodox: bool = False) -> date:
    """Easter Sunday: the Gregorian computus (the anonymous algorithm in Meeus's form), or the Julian one of the
    Orthodox churches, 13 days later on the Gregorian calendar from 1900 to 2099."""
    if orthodox:
        d = (19 * (year % 19) + 15) % 30
        e = (2 * (year % 4) + 4 * (year % 7) - d + 34) % 7
        month, day = divmod(d + e + 114, 31)
        return date(year, month, day + 1) + timedelta(days=13)
    a, (b, c) = year % 19, divmod(year, 100)
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    late = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * late + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=1024)
def lunar_day(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a day of the Chinese lunar calendar (None if the month has no such day); the 30th of
    the 12th month is the year's last day, the eve of the next lunar new year (除夕, 大年三十), whether that
    month has 29 days or 30."""
    from lunar_python import (
        Lunar,  # a well-kept lunar calendar (MIT): leap months, solar terms
    )

    if (month, day) == (12, 30):
        return _as_date(Lunar.fromYmd(year + 1, 1, 1).getSolar()) - timedelta(days=1)
    try:
        return _as_date(Lunar.fromYmd(year, month, day).getSolar())
    except Exception:  # lunar_python raises a bare Exception for a day its month lacks (the 30th of a short month)
        return None


def lunar_month_span(year: int, month: int, leap: bool = False) -> tuple[date, date] | None:
    """The first and last Gregorian day of a lunar month (a leap one: 闰四月); None where the year has no such month."""
    from lunar_python import Lunar, LunarMonth

    written = -month if leap else month  # lunar_python's leap months are negative
    lunar_month = LunarMonth.fromYm(year, written)
    if lunar_month is None:
        return None
    first = _as_date(Lunar.fromYmd(year, written, 1).getSolar())
    return first, first + timedelta(days=lunar_month.getDayCount() - 1)


def _as_date(solar_day) -> date:
    return date(solar_day.getYear(), solar_day.getMonth(), solar_day.getDay())
