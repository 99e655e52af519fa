"""The period options of a number: the dates of its sentence, a range of two, the last date of the sentences
before it in its paragraph, the title's date, the period of the number before it, the period before a release's
for its previous reading, and none."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..datatypes import Sentence
from .scorer import Options
from .view import PREVIOUS_SENTENCES, ArticleView, breaks_between

if TYPE_CHECKING:
    from ..datatypes import Record


def period_options(view: ArticleView, i: int, sentence: Sentence, last: Record | None) -> Options:
    text, kept, facts, number = view.text, view.kept, view.facts, view.kept[i]
    options = Options()
    clause = view.clause(i, sentence)
    here = view.in_sentence(sentence)
    dates = here.dates
    before = [j for j in dates if kept[j].end <= number.start]
    nearest_before = max(before, key=lambda j: kept[j].end, default=None)
    after = [j for j in dates if kept[j].start >= number.end]
    nearest_after = min(after, key=lambda j: kept[j].start, default=None)
    ranges, in_range = here.ranges, here.in_range
    for j in dates:
        c = kept[j]
        side = "before" if c.end <= number.start else "after"
        in_clause = clause[0] <= c.start and c.end <= clause[1]
        baseline = view.is_baseline(j)
        if baseline and not (side == "before" and number.start - c.end <= 1):
            continue  # 较去年同期增长4%: what it is compared with is not when (RECORDS.md); 较去年的800亿 is
        if text.startswith(view.words.contract_words, c.end):
            continue  # a contract's month (美油10月合约)
        options.add(
            day_at_most(facts[j].value),
            f"date_{'clause' if in_clause else 'sentence'}_{side}",
            {
                "in_range": float(j in in_range),
                "nearest": float(j in (nearest_before, nearest_after)),
                "baseline": float(baseline),
                "baseline_right_before": float(baseline and side == "before" and number.start - c.end <= 1),
                "clauses_between": min(breaks_between(text, c.end, number.start), 4) / 4,
                "range": float("/" in facts[j].value),
                "as_of": float(text[max(0, c.start - 3) : c.start].endswith(view.words.as_of_words)),
                "since": float(text.startswith(view.words.since_words, c.end)),
            },
            j,
        )
    for first, second in ranges:  # 从2019年1月1日到2021年12月31日, 2019年1-7月: one period from the first to the second
        c = kept[second]
        side = "before" if c.end <= number.start else "after"
        in_clause = clause[0] <= kept[first].start and c.end <= clause[1]
        options.add(
            day_at_most(f"{facts[first].value}/{facts[second].value}"),
            "date_range",
            {f"range_{'clause' if in_clause else 'sentence'}_{side}": 1.0, "nearest": float(second == nearest_before)},
            first,
        )
    if here.previous_date is not None:
        back, j, value = here.previous_date
        features = {"sentences_back": back / PREVIOUS_SENTENCES, "own_date": float(bool(dates))}
        options.add(day_at_most(value), "date_previous_sentence", features, j)
    for j in view.title_dates[-1:]:
        if kept[j].end <= sentence.start:
            options.add(day_at_most(facts[j].value), "date_title", {}, j)
    if last is not None and last.period:
        same = {"same_sentence": float(last.sentence == facts[i].sentence), "own_date": float(bool(dates))}
        options.add(last.period, "carried_period", same, view.index_of(last.period_fact_id))
    if any(text.find(w, clause[0], number.start) >= 0 for w in view.words.previous_value_words):
        # 美国7月CPI升2.9%，前值升3%: the reading of the period before the release's
        base = facts[nearest_before].value if nearest_before is not None else (last.period if last else "")
        previous = period_before(base)
        if previous:
            options.add(previous, "previous_reading", {}, None)
    carried = last is not None and bool(last.period)
    undated = not dates
    options.add(  # a sentence without a date may take one from the sentences before it or the number before it
        "",
        "none",
        {
            "no_date_in_sentence": float(undated),
            "none_but_previous_date": float(undated and here.previous_date is not None),
            "none_but_carried": float(undated and carried),
        },
    )
    return options


_CLOCK = regex.compile(r"T\d{2}:\d{2}(?::\d{2})?")


def day_at_most(value: str) -> str:
    """A date as a record's period: a day at the finest, with its part of day (2024-08-20T14:15 -> 2024-08-20;
    2019-11-25TMO stays). A clock time says when something was said or done, not the period a figure is of."""
    return _CLOCK.sub("", value) if "T" in value else value


_PERIOD = regex.compile(r"(FY)?(\d{4})(?:-(Q|H)?(\d{1,2}))?")


def period_before(value: str) -> str:
    """The period one step before `value` (2024-07 -> 2024-06, 2024-Q1 -> 2023-Q4, FY2025 -> FY2024); "" for a
    day, a range or anything else, whose step the article does not say."""
    m = _PERIOD.fullmatch(value)
    if m is None:
        return ""
    fiscal, year, kind, part = m.group(1) or "", int(m.group(2)), m.group(3), m.group(4)
    if part is None:
        return f"{fiscal}{year - 1}"
    count = {"Q": 4, "H": 2, None: 12}[kind]
    step = int(part) - 1 or count
    year -= step == count
    return f"{fiscal}{year}-{kind or ''}{step:0{1 if kind else 2}d}"
