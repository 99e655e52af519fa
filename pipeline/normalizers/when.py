"""Which year a date written without one is in: the one place where that is decided (rules/README.md "Dates
without a year").

A month, a month and day, a holiday or a lunar day written without a year is in

1. the year written nearest before it in its sentence (or an explicit one in its paragraph:
   `DocContext.anchor_year`);
2. else its nearest occurrence: the reference date's own year, unless that puts it more than half a year ahead
   or seven months back (news looks back more often than ahead), then the year that puts it nearest (`12月` in
   an article of 10 January is last December; `6月18日` or `端午节` in one of 20 May is this year's);
3. unless a tense word near it (rules/lexicon/dates.yaml `tense_words`: the nearest in its clause, else within
   a few characters in its sentence) says otherwise: forward (将, 计划, 预计) moves an occurrence over for more
   than a month (`将于3月` in November) to the next year, back (已, 了, 曾) one more than a month ahead
   (`9月发布了` in July) to the year before. A month's slack, because news forecasts figures of a month just
   over (`预计1-2月社零增速` in mid-March) and reports what was planned for one just begun.

A day without its month (`29日`, a dateline's `10日电`) and a weekday alone (`周五`) are the most recent such day
unless a tense word in its clause looks forward: then the coming one (`将于周五`; not `周日强调，措施将`).
The end of a range of weekdays (`星期一至星期五`) is the first such day after the range's start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..text.segment import clause_span

if TYPE_CHECKING:
    from ..stages.document import DocContext

# Days: further ahead or back than these from the reference date, the own year's occurrence is not the nearest.
AHEAD, BACK = 183, 214
SLACK = 31  # days a tense word lets an occurrence be over (forward) or still ahead (back)
NEAR = 8  # characters: a tense word outside the date's clause speaks of it only this close

Span = tuple[date, date]  # first and last day of one occurrence


def tense(doc: DocContext, start: int, end: int, near: int = NEAR) -> int:
    """1 where the tense word nearest to `start:end` looks forward, -1 where it looks back, else 0: the nearest in
    its clause, else one within `near` characters in its sentence. Words that only hold a tense word's characters
    (为了, 将近) are listed with 0 and hide it."""
    sentence = doc.sentence_at(start)
    if sentence is None:
        return 0
    clause = clause_span(doc.text, start, sentence.start, sentence.end)
    around = (max(sentence.start, start - near), min(sentence.end, end + near))
    return _nearest_tense(doc, start, end, clause, sentence.end) or _nearest_tense(
        doc, start, end, around, sentence.end
    )


def _nearest_tense(doc: DocContext, start: int, end: int, within: tuple[int, int], sentence_end: int) -> int:
    directions = doc.lexicon.dates.tense_words
    best, best_distance = 0, None
    # up to the sentence's end, so that a word's not_followed_by sees past the clause (行动计划，is no plan)
    for word in doc.lexicon.tense_word_pattern.finditer(doc.text, within[0], sentence_end):
        if word.start() >= within[1]:
            break
        direction = directions[word.group()]
        distance = start - word.end() if word.end() <= start else word.start() - end
        if direction and distance >= 0 and (best_distance is None or distance < best_distance):
            best, best_distance = direction, distance
    return best


def year_of(span_in: Callable[[int], Span | None], start: int, end: int, doc: DocContext) -> int | None:
    """The year of a date written without one at `start:end`, where `span_in(year)` is its first and last day in
    that year (None where it has none: 2月29日 in 2025). None when no year near the reference date has it."""
    anchor = doc.anchor_year(end)  # (its end: 15年一月十日到 sees 15年 only with the month after it)
    if anchor is not None:
        return anchor
    ref = doc.reference.day
    spans = {y: s for y in (ref.year - 1, ref.year, ref.year + 1) if (s := span_in(y)) is not None}
    if not spans:
        return None

    def away(year: int) -> int:  # days ahead (positive) or back (negative); 0 when the reference date is in it
        first, last = spans[year]
        return 0 if first <= ref <= last else (first - ref).days if first > ref else (last - ref).days

    if ref.year in spans and -BACK <= away(ref.year) <= AHEAD:
        year = ref.year
    else:
        year = min(spans, key=lambda y: (abs(away(y)), y != ref.year))
    direction = tense(doc, start, end)
    if direction > 0 and (spans[year][1] - ref).days < -SLACK:  # will be, but is over: the next one
        return year + 1 if year + 1 in spans else year
    if direction < 0 and (spans[year][0] - ref).days > SLACK:  # has been, but is ahead: the one before
        return year - 1 if year - 1 in spans else year
    return year


def bare_day(day: int, start: int, end: int, doc: DocContext) -> tuple[int, int] | None:
    """(year, month) of a day written without its month: the most recent such day, or the coming one where a
    tense word looks forward."""
    ref = doc.reference.day
    days = []
    for delta in (-1, 0, 1):
        index = ref.year * 12 + ref.month - 1 + delta
        try:
            days.append(date(index // 12, index % 12 + 1, day))
        except ValueError:  # a 31st in a short month
            continue
    if tense(doc, start, end, near=0) > 0:
        chosen = next((d for d in days if d >= ref), None)
    else:
        chosen = next((d for d in reversed(days) if d <= ref), None)
    return (chosen.year, chosen.month) if chosen else None


def lone_weekday(weekday_index: int, start: int, end: int, doc: DocContext) -> date:
    """A weekday (0 Monday) written alone: the most recent one not after the reference date, or the coming one
    where a tense word looks forward."""
    ref = doc.reference.day
    if tense(doc, start, end, near=0) > 0:
        return ref + timedelta(days=(weekday_index - ref.weekday()) % 7)
    return ref - timedelta(days=(ref.weekday() - weekday_index) % 7)
