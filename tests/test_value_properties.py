"""Properties of values, tried with hypothesis over many numbers, units and dates (issue 31):

- no number mixes two magnitudes: a 千 right before 克, 米, 瓦 or 卡 is the unit's (三千克 is 3 千克, never 3000 克;
  三十五千克 is 35 千克, never 5030 克);
- a value never changes when a unit word is added after its number: every physical unit of the lexicon gives the
  number the shared parser reads;
- a month and day written without a year is never further from the reference date than the nearest-occurrence
  rule allows (rules/README.md "Dates without a year");
- a two-digit year is in 1900-2099 and never ahead of the reference year's next where an earlier century fits;
- the first number of a range takes the magnitude written after the second only where that keeps it below the end;
- a clock time in Chinese numerals is the clock time in digits, on the day named before it.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zh_facts.api.python import extract_text
from zh_facts.normalizers.dates import two_digit_year
from zh_facts.normalizers.numbers import parse_number, plain
from zh_facts.normalizers.when import AHEAD, BACK

DIGITS = "零一二三四五六七八九"
NOT_A_YEAR = st.integers(1, 9999).filter(lambda n: not 1600 <= n <= 2199)  # 2016至2018 is two years
CHECKS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def chinese(n: int) -> str:
    """1 <= n < 10**12 in Chinese numerals as news writes them (三千零五, 二亿零五十万)."""

    def below_10000(x: int) -> str:
        out, gap = "", False
        for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = x // size % 10
            if digit:
                out += ("零" if gap and out else "") + DIGITS[digit] + unit
                gap = False
            else:
                gap = True
        return out

    out = ""
    for size, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        part = n // size % 10**4 if size < 10**8 else n // size
        if part:
            out += ("零" if out and part < 1000 else "") + below_10000(part) + unit
    return out


def arabic(n: int, point: int) -> str:
    return f"{n / 10**point:.{point}f}" if point else str(n)


def quantities(text: str) -> list[dict]:
    frame = extract_text(text, date="2025-07-01")
    return frame[frame.type == "quantity"].to_dict("records")


def test_the_helper_writes_numbers_the_parser_reads():
    for n, written in [(1005, "一千零五"), (35, "三十五"), (200_035_000, "二亿零三万五千"), (10, "一十")]:
        assert chinese(n) == written
        assert parse_number(written).value == n


@pytest.fixture(scope="module")
def measure_units():
    from zh_facts.ruleset.loading import default_rules

    lexicon = default_rules().lexicon
    # 万吨 holds a magnitude of its own (3万吨 is 30000 吨): it is no unit a number can be read before
    return {word: lexicon.quantity_units.get(word, (word, 1.0))[0] for word in lexicon.measure_units if word[0] != "万"}


@CHECKS
@given(st.integers(1, 9999), st.sampled_from(["千克", "千米", "千瓦", "千卡", "千瓦时"]), st.booleans())
def test_no_number_mixes_two_magnitudes(n, unit, in_chinese):
    written = chinese(n) if in_chinese else str(n)
    found = quantities(f"重{written}{unit}。")
    assert [(f["text"], f["value"], f["unit"]) for f in found] == [(written + unit, str(n), unit)]


@CHECKS
@given(
    st.one_of(
        st.builds(chinese, st.integers(1, 10**11)),
        st.builds(arabic, st.integers(1, 10**7), st.integers(0, 2)),
    ),
    st.data(),
)
def test_a_value_never_changes_when_a_unit_is_added(measure_units, number, data):
    unit = data.draw(st.sampled_from(sorted(measure_units)))
    found = quantities(f"約{number}{unit}。")
    expected = plain(parse_number(number).value)
    assert [(f["text"], f["value"], f["unit"]) for f in found] == [(number + unit, expected, measure_units[unit])]


@CHECKS
@given(st.dates(date(1990, 1, 1), date(2090, 12, 31)), st.integers(1, 12), st.integers(1, 28))
def test_a_date_without_a_year_is_its_nearest_occurrence(reference, month, day):
    frame = extract_text(f"{month}月{day}日的數據。", date=reference.isoformat())
    (value,) = frame[frame.type == "date"].value
    found = date.fromisoformat(value)
    assert (found.month, found.day) == (month, day)
    assert reference - timedelta(days=BACK + 366) < found < reference + timedelta(days=AHEAD + 366)
    own_year = date(reference.year, month, day)
    if -BACK <= (own_year - reference).days <= AHEAD:
        assert found == own_year  # the reference date's own year whenever it is near enough
    else:
        assert abs((found - reference).days) < abs((own_year - reference).days)  # else a nearer year


@CHECKS
@given(st.integers(1950, 2090), st.integers(0, 99))
def test_a_two_digit_year_is_the_latest_of_its_centuries_not_after_the_next_year(reference_year, yy):
    year = two_digit_year(yy, reference_year)
    assert year % 100 == yy and 1900 <= year <= 2099
    later = year + 100
    assert year <= reference_year + 1 or year == 1900 + yy  # never ahead when an earlier century is possible
    assert not (later <= reference_year + 1 and later <= 2099)  # and never a century too early


@CHECKS
@given(NOT_A_YEAR, NOT_A_YEAR, st.sampled_from([("万", 10**4), ("亿", 10**8)]), st.booleans())
def test_a_range_start_takes_the_ends_magnitude_only_where_it_stays_below_the_end(first, second, magnitude, in_chinese):
    word, size = magnitude
    written = chinese(first) if in_chinese else str(first)
    frame = extract_text(f"投資{written}至{second}{word}元。", date="2025-07-01")
    start, end = frame[frame.type == "money"].sort_values("start").value.map(Decimal)
    assert end == second * size
    assert start == (first * size if first <= second else first)  # 8500到3万 is 8500, never 8500万


@CHECKS
@given(
    st.sampled_from([("上午", 0), ("下午", 12), ("晚上", 12)]), st.integers(1, 11), st.integers(0, 59), st.booleans()
)
def test_a_clock_time_in_chinese_is_the_one_in_digits(part, hour, minute, with_day):
    word, shift = part

    def spoken(n: int) -> str:  # 十五, not 一十五, as clock times are written
        return chinese(n)[1:] if 10 <= n < 20 else chinese(n)

    minutes = ("零" + DIGITS[minute] if minute < 10 else spoken(minute)) if minute else ""
    day = "5月20日，" if with_day else ""
    values = {
        tuple(extract_text(f"{day}会议{word}{h}点{m}开始", date="2025-07-01").query("type == 'date'").value)
        for h, m in ((spoken(hour), minutes), (str(hour), f"{minute:02d}分" if minute else ""))
    }
    day_value = "2025-05-20" if with_day else "2025-07-01"
    assert values == {(*(["2025-05-20"] if with_day else []), f"{day_value}T{hour + shift:02d}:{minute:02d}")}
