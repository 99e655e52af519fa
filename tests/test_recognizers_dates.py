"""Microsoft Recognizers-Text Chinese date specs (MIT, vendored in tests/data/recognizers/DateTime) through our date rules.

Mapping of their conventions to ours:
- Span: their result is found when our date facts inside it cover it, apart
  from words we keep outside a span by design (从, 在, 于, 截至 and range
  connectors 到, 至, -): SCHEMA makes a range two facts.
- Value (parser files and DateTimeModel): we compare calendar bounds. Ours are
  `date_start`/`date_end` of the facts in the span (first and last day,
  inclusive); theirs are the past or the future resolution (they give both
  for a date written without its year: we take the nearest occurrence, or
  the one a tense word points to, rules/README.md "Dates without a year";
  a bare `29日` resolves to the most recent 29th). Their period ends are exclusive (a month
  ends on the 1st of the next) and a year range `2016到2018` ends on
  2018-01-01; both are accepted as the same bounds. Where they give no
  resolution (`2017-SU`), the TIMEX values are compared.
- Lunar dates and holidays (农历2015年十月初一, 正月初一, 中秋节): their value is
  the lunar month and day (`2015-10-01`, `isLunar`), ours the Gregorian day
  (SCHEMA); theirs is turned into a Gregorian day with lunar_python, as ours is.

Excluded, with the reason (see `exclusion` below): times of day without a
date, durations and spans counted from the reference date (过去十年, 近三年,
上2个月, 未来两天: SCHEMA says durations are not dates), sets (每周), a weekend
without its week and weeks of a month (周末, 十月的第一周), the imperial calendar
(康熙三年), 除夕 and 大年三十 (they give the solar 12-31 and 01-30; both are the lunar
year's last day), vague words (最近), open-ended spans (2010年之后),
numeric dates without a year or in day-month-year order (12/1, 13.5.2015,
27-7-3), a year written without 年 (`2018看起来是一个年份`) or before 1900,
and two-digit years without a month (07年).
"""

import json
import re
from datetime import date, timedelta

import pytest
from conftest import TEST_DATA

from zh_facts.datatypes import Article
from zh_facts.normalizers.calendars import lunar_day
from zh_facts.stages.extract import extract_article

SPECS = TEST_DATA / "recognizers" / "DateTime"  # vendored, MIT: tests/data/README.md
FILES = [
    "DateExtractor",
    "DateParser",
    "DatePeriodExtractor",
    "DatePeriodParser",
    "DateTimeModel",
    "HolidayExtractor",
    "HolidayParser",
]
LUNAR = re.compile(r"农历|農曆|阴历|正月|腊月|冬月|月初[一二三四五六七八九十]|大年|中秋|春节|元宵|端午|重阳|七夕")
FLOOR = 0.85
FILLER = set("从自在于到至-~—–－ ,，和与及、的间之截止")
DATE_TYPES = {"date", "daterange", "datetimeV2.date", "datetimeV2.daterange"}
EXCLUSIONS = [
    (
        "durations and spans from the reference date",
        r"(过去|未来|近|最近|之前|之后|以前|以后|前|后|上|下)\s*[\d一二两三四五六七八九十]+\s*个?(年|月|周|週|天|日|星期|小时|分钟)",
    ),
    ("a weekend without its week, weeks of a month", r"^(周末|週末)$|第.周|最后一个"),
    ("the imperial calendar", r"神龙|雍正|康熙"),
    ("除夕 and 大年三十 resolved to solar days", r"除夕|大年三十"),
    ("vague words", r"^(最近|近期|目前|现在|当前)$"),
    ("open-ended spans", r"之后|之前|以后|以前|以来|开始|年前$|起$"),
    (
        "numeric dates without a year or in day-month-year order",
        r"^\d{1,2}[/.\-]\d{1,2}$|^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|^\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}$|^\d{4} \d{2} \d{2}$|^\d{1,2}/\d{1,2}/\d{4}",
    ),
    ("a year written without 年", r"^\D{0,3}\d{4}$"),
    ("half-months and half-weeks", r"半月|半周|上个半年"),
    ("a year before 1900", r"^(?:[1-9]\d{0,2}|1[0-8]\d\d)\s?年|三六七年"),
    ("two-digit years without a month", r"^'?\d{2}\s?年$|^零[一二三四五六七八九]年$"),
    ("a day without month or year", r"^\d{1,2}[日号號]$|^[一二三四五六七八九十]+[日号號]$"),
    ("hours, minutes and clock times", r"小时|分钟|点|點|:\d\d"),
]


def exclusion(case, result) -> str:
    if result.get("Type", result.get("TypeName")) not in DATE_TYPES:
        return "not a date or date range (time, duration or set)"
    text = result["Text"]
    for reason, pattern in EXCLUSIONS:
        if re.search(pattern, text):
            return reason
    return ""


def span_of(result) -> tuple[int, int]:
    if "Length" in result:
        return result["Start"], result["Start"] + result["Length"]
    return result["Start"], result["End"] + 1


def resolutions(result) -> list[tuple[str, str, str]]:
    """Their (start, end, timex) in the past and the future resolution, where they give them; empty where they
    resolve nothing."""
    if "Value" in result:
        timex = result["Value"]["Timex"]
        found = []
        for key in ("PastResolution", "FutureResolution"):
            resolved = result["Value"].get(key) or {}
            if "date" in resolved:
                found.append((resolved["date"], resolved["date"], timex))
            elif "startDate" in resolved:
                found.append((resolved["startDate"], resolved["endDate"], timex))
        return found or ([("", "", timex)] if timex else [])
    found = []
    for chosen in result["Resolution"]["values"][:2]:  # their first value is the past one, the second the future
        timex = chosen.get("timex", "")
        if chosen.get("value") == "not resolved":
            found.append(("", "", timex))
        elif "value" in chosen:
            found.append((chosen["value"][:10], chosen["value"][:10], timex))
        elif "start" in chosen:
            found.append((chosen["start"][:10], chosen.get("end", "")[:10], timex))
        else:
            found.append(("", "", timex))
    return found


def same_bounds(ours: list, theirs: tuple[str, str, str]) -> bool:
    start, end, timex = theirs
    if not start or (len(ours) == 1 and ours[0].value == timex):
        return any(f.value == timex for f in ours)  # the same TIMEX (今年 = 2018, whatever they resolve it to)
    our_start = min(f.date_start for f in ours)
    our_end = max(f.date_end for f in ours)
    if not our_start or our_start != start:
        return False
    if our_end == end or not end:
        return True
    day_after = (date.fromisoformat(our_end) + timedelta(days=1)).isoformat()
    return day_after == end or ours[-1].date_start == end


def check(rules, case, result, with_value: bool) -> bool:
    reference = case.get("Context", {}).get("ReferenceDateTime", "2017-03-22")[:10]
    article = Article("spec", case["Input"], meta={"date": date.fromisoformat(reference)})
    facts = [f for f in extract_article(article, rules).facts if f.type == "date"]
    start, end = span_of(result)
    inside = [f for f in facts if f.start < end and start < f.end]
    if not inside or any(f.start < start or f.end > end for f in inside):
        return False
    covered = set().union(*(range(f.start, f.end) for f in inside))
    if any(i not in covered and case["Input"][i] not in FILLER for i in range(start, end)):
        return False
    if not with_value:
        return True
    ours = sorted(inside, key=lambda f: f.start)
    candidates = resolutions(result)
    for theirs in candidates:
        if theirs[0] and LUNAR.search(result["Text"]):
            gregorian = [lunar_day(*map(int, day.split("-"))) for day in theirs[:2]]  # None: a day the month lacks
            theirs = (*(day.isoformat() if day else "" for day in gregorian), theirs[2])
        if same_bounds(ours, theirs):
            return True
    return not candidates


def negative_ok(rules, case) -> bool:
    article = Article("spec", case["Input"], meta={"date": date(2017, 3, 22)})
    return not [f for f in extract_article(article, rules).facts if f.type == "date"]


def run_file(rules, name):
    cases = json.loads((SPECS / f"{name}.json").read_text(encoding="utf-8"))
    with_value = not name.endswith("Extractor")
    kept = passed = 0
    excluded: dict[str, int] = {}
    failures = []
    for case in cases:
        if not case["Results"]:
            kept += 1
            ok = negative_ok(rules, case)
            passed += ok
            if not ok:
                failures.append((case["Input"], "(no date)"))
            continue
        for result in case["Results"]:
            reason = exclusion(case, result)
            if reason:
                excluded[reason] = excluded.get(reason, 0) + 1
                continue
            kept += 1
            ok = check(rules, case, result, with_value)
            passed += ok
            if not ok:
                failures.append((case["Input"], result["Text"]))
    return kept, passed, excluded, failures


@pytest.mark.parametrize("name", FILES)
def test_date_spec_file(rules, name):
    kept, passed, excluded, failures = run_file(rules, name)
    rate = passed / kept
    print(f"\n{name}: {passed}/{kept} kept cases pass ({rate:.1%}); excluded {sum(excluded.values())}: {excluded}")
    for text, expected in failures[:15]:
        print(f"    failed: {text!r} -> {expected!r}")
    assert rate >= FLOOR
