"""Days and years counted from the date named before them: 当天, 当晚, 次日, 翌日, 同年, 次年, 当年.

The normaliser values such a word from the reference date and marks it (`Value.anchored`); the document
pass `anchored` (rules/types.yaml) then counts it from the date the article names last before it, where
there is one: a day word from a day (`3月5日 ... 次日` is 3月6日), a year word from any date with a year.
Where that date has no day, a day word is dropped (`今年以来 ... 当天` says no day); where no date comes
before, the reference date stands. A date set ahead (`将于8月26日`) is no anchor. A word right after its date only stresses it (`国庆当天`) and is no
fact of its own. `当年` counts only after a year written in its sentence or the one before in its paragraph
(it is also "in those years"), and is dropped otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import regex

from ..datatypes import Value
from .base import NormalizerTable
from .dates import at_time

if TYPE_CHECKING:
    from ..datatypes import Candidate
    from ..ruleset.loading import RuleSet
    from ..stages.document import DocContext

NORMALIZERS = NormalizerTable()
_DAY = regex.compile(r"(\d{4})-(\d{2})-(\d{2})(?![\d/])")
_YEAR = regex.compile(r"(?:FY)?(\d{4})")
_WRITTEN_YEAR = regex.compile(r"年|\d{4}")
_RANGE_WORD = regex.compile(r"\s*(?:至|到|-|~|～|—|－)\s*")


@NORMALIZERS.add("date_anchored", groups={"word", "tod", "hour", "minute", "second", "mod"}, required={"word"})
def date_anchored(m: regex.Match, doc: DocContext) -> Value | None:
    """`次日`, `同年`, `当晚十时`: a day or year from the date named before it (the module's docstring)."""
    days, years, part_of_day, _ = doc.lexicon.dates.anchored[m.group("word")]
    ref = doc.reference.day
    if years is not None:  # with where in the year (次年年底)
        mod = doc.lexicon.dates.date_mods.get(m.group("mod") or "", "")
        return Value(f"{ref.year + years:04d}", anchored=m.group("word"), mod=mod)
    g = {k: v for k, v in m.groupdict().items() if v}
    part_of_day = doc.lexicon.dates.times_of_day.get(g.get("tod", ""), part_of_day or "")
    value = at_time((ref + timedelta(days=days)).isoformat(), part_of_day, g)
    return value._replace(anchored=m.group("word")) if value else None


def anchored_pass(kept: list[Candidate], doc: DocContext, rules: RuleSet) -> list[Candidate]:
    """The document pass `anchored`: each marked date counted from the date before it, or dropped."""
    if not any(c.type == "date" and c.value.anchored for c in kept):
        return kept  # most articles
    words = doc.lexicon.dates.anchored
    out, last, previous = [], None, None  # the last date before that is no plan, and the last date of all
    for c in sorted(kept, key=lambda c: c.start):
        if c.type != "date" or not c.value.anchored:
            out.append(c)
            last = c if c.type == "date" and not _planned(c, doc) else last
            previous = c if c.type == "date" else previous
            continue
        days, years, _, near = words[c.value.anchored]
        if previous is not None and _RANGE_WORD.fullmatch(doc.text, previous.end, c.start):
            last = previous  # the end of a range starts from its start, planned or not (明日零时至上午2时)
        value = _counted(c, last, days, years, near, doc)
        if value is not None:
            c = c._replace(value=c.value._replace(value=value))
            out.append(c)
            last = previous = c
    return out


def _planned(c: Candidate, doc: DocContext) -> bool:
    """Whether a forward tense word stands right before the date (将于8月26日续做): a date set ahead is not the
    day the report goes on about."""
    before = doc.text[max(0, c.start - 5) : c.start].rstrip("于在 ")
    return any(before.endswith(word) for word, direction in doc.lexicon.dates.tense_words.items() if direction == 1)


def _counted(c, last, days, years, near, doc: DocContext) -> str | None:
    """The value of `c` counted from `last`; its own (from the reference date) where no date is before it; None
    where the word cannot be counted from the date before it."""
    if last is not None and not doc.text[last.end : c.start].strip():
        return None  # 国庆当天, 3月5日当日: the date itself
    if years is not None:
        year = _YEAR.match(last.value.value) if last is not None else None
        if near and (year is None or not _near(last, c, doc)):
            return None
        return f"{int(year.group(1)) + years:04d}" if year else (None if years else c.value.value)
    if last is None:
        return c.value.value
    day = _DAY.match(last.value.value)
    if day is None:
        return None
    counted = date(*map(int, day.groups())) + timedelta(days=days)
    return counted.isoformat() + c.value.value[10:]  # its part of day or clock time (当晚, 下午3点)


def _near(last, c, doc: DocContext) -> bool:
    """Whether `last` writes a year (not a holiday's) in the sentence of `c` or the one before it in the same
    paragraph."""
    here, there = doc.sentence_at(c.start), doc.sentence_at(last.start)
    if here is None or there is None or not _WRITTEN_YEAR.search(doc.text, last.start, last.end):
        return False
    return here is there or (here.paragraph_id == there.paragraph_id and here.sentence_id - there.sentence_id == 1)
