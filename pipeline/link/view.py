"""One article's facts by sentence, as the options of each field read them (Simplified coordinates)."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate, takewhile
from typing import TYPE_CHECKING

import regex

from ..datatypes import Sentence
from .phrases import (
    PARENTHESIS,
    counted_after,
    phrase_shape,
    respective_items,
    trim_edges,
)

if TYPE_CHECKING:
    from ..datatypes import Candidate, Fact
    from ..ruleset.linking import LinkingWords
    from ..stages.document import DocContext

_CLAUSE_BREAK = regex.compile(r"[,，;；:：]")
# What may stand before the name a clause is about (其中, 而, 据, a date is a fact of its own): the topic opens it.
_CLAUSE_OPENING = regex.compile(r"[\s\p{P}]|其中|此外|另外|同时|而|但|并|且|则|据|其")
_OPENING_TAGS = frozenset(("t", "ns", "x", "m", "c"))  # times, places, punctuation, numerals, connectives
# A term the article puts in quotes (“六小虎”, “八国联盟”) names something of its own wherever it stands after.
_QUOTED_TERM = regex.compile(r"[“「『]([\p{Han}A-Za-z0-9]{2,8})[”」』]")
_TITLE_LENGTH = 80  # a first paragraph this short is the title
PREVIOUS_SENTENCES = 3  # how far back in its paragraph a number looks for a name or a date
# A sentence with more facts than this (a page of one line) is linked in parts of this many facts: every number
# reads every fact of its sentence, and a sentence of 100,000 facts would take hours. News has at most 20.
_MOST_FACTS_LINKED_TOGETHER = 200


class ArticleView:
    """One article's facts by sentence, as the options need them (Simplified coordinates)."""

    def __init__(self, doc: DocContext, kept: list[Candidate], facts: list[Fact], words: LinkingWords, types):
        self.doc, self.kept, self.facts, self.words, self.text = doc, kept, facts, words, doc.text
        numbers, subjects, periods = types.numbers, types.subjects, types.periods
        self.numbers = [i for i, f in enumerate(facts) if f.type in numbers]
        self.by_sentence: dict[int, list[int]] = {}
        for i, fact in enumerate(facts):
            self.by_sentence.setdefault(fact.sentence_id, []).append(i)
        self.sentences = doc.sentences.sentences
        self._part_of: dict[int, Sentence] = {}  # a fact of an over-long sentence -> the part it is linked in
        for members in [m for m in self.by_sentence.values() if len(m) > _MOST_FACTS_LINKED_TOGETHER]:
            self._split(members)
        self._breaks: dict[int, list[int]] = {}  # by sentence id
        self._clauses: dict[int, tuple[int, int]] = {}  # by fact index
        self._in_sentence: dict[int, InSentence] = {}  # by sentence id
        self._name_features: dict[int, dict[str, float]] = {}  # by fact index
        self._compared: dict[int, bool] = {}  # by fact index
        self._baseline: dict[int, bool] = {}  # by fact index
        self._clean: dict[str, str] = {}  # a phrase -> words.clean_phrase(phrase)
        self._shape: dict[str, dict[str, float]] = {}
        self._tags: dict[str, list[tuple[str, str]]] = {}  # a phrase -> its words as the segmenter tags them
        self._counted: dict[int, str] = {}  # by a count's end
        self._opens: dict[int, bool] = {}  # by offset
        text = self.text
        self.names = [i for i, f in enumerate(facts) if f.type in subjects]
        self.dates = [i for i, f in enumerate(facts) if f.type in periods]
        self.is_number = {i for i in self.numbers}
        self.is_name = set(self.names)
        self.is_date = set(self.dates)
        self.source = {i for i in self.names if _is_source(words, text, kept[i])}
        counts: dict[str, int] = {}
        for i in self.names:
            if i not in self.source:
                value = facts[i].value
                counts[value] = counts.get(value, 0) + 1
        self.frequency = counts
        self._index_of: dict[str, int] | None = None
        self._fact_ids: dict[int, str] = {}  # by fact index: the records of a number share one string
        self._forgotten = 0  # the sentences before this one have let their InSentence go
        first: dict[str, int] = {}
        for i in self.names:
            first.setdefault(facts[i].value, kept[i].start)
        title = list(takewhile(lambda s: s.paragraph_id == 0, self.sentences))
        short = title and title[-1].end - title[0].start <= _TITLE_LENGTH and self.sentences[-1].paragraph_id > 0
        self.title_end = title[-1].end if short else -1  # a short first line, with more after it
        self.title_names = {facts[i].value for i in self.names if kept[i].end <= self.title_end}
        self.title_dates = [i for i in self.dates if kept[i].end <= self.title_end]
        self.title_name_facts = [i for i in self.names if kept[i].end <= self.title_end and i not in self.source]
        named = [(n, -first[v], v) for v, n in counts.items() if n >= 2]
        self.main = max(named)[2] if named else ""  # the name the article writes most, the first of equals
        terms = {m.group(1) for m in _QUOTED_TERM.finditer(text)}
        terms = {t for t in terms if text.count(t) >= 2}  # a coined name recurs; a quoted phrase (“难以控制”) not
        self.terms = regex.compile("|".join(sorted(map(regex.escape, terms), key=len, reverse=True))) if terms else None

    def opens_clause(self, start: int, clause_start: int, sentence: Sentence) -> bool:
        """Whether only a time, a place, a modality or a connective stands between a clause's start and `start`
        (预计8月份郑州|富士康招聘…): what the clause is about opens it."""
        if start <= clause_start:
            return True
        found = self._opens.get(start)
        if found is None:
            words = self.doc.words_around(sentence, start - 1)
            found = True
            for k in range(len(words)):
                begin, word = words.starts[k], words.texts[k]
                if begin >= start or begin + len(word) <= clause_start:
                    continue
                tag = words.tags[k]
                if not (
                    tag in _OPENING_TAGS or word in self.words.modality_of or _CLAUSE_OPENING.fullmatch(word)
                ) and not any(self.kept[j].start <= begin < self.kept[j].end for j in self.dates):
                    found = False
                    break
            self._opens[start] = found
        return found

    def index_of(self, fact_id: str) -> int | None:
        """The index of the fact of `fact_id` (a carried subject's or period's), None if none."""
        if self._index_of is None:
            self._index_of = {self.fact_id(i): i for i in range(len(self.facts))}
        return self._index_of.get(fact_id)

    def fact_id(self, i: int) -> str:
        """The id of fact `i`, made once: a 20 MB article's records held 160,000 copies of their facts' ids."""
        found = self._fact_ids.get(i)
        if found is None:
            found = self._fact_ids[i] = self.facts[i].fact_id
        return found

    def forget_before(self, sentence: Sentence) -> None:
        """Let go what was gathered for the sentences that no number from `sentence` on reads (all but the few
        before it): in a 20 MB article it held 50 MB until the last number."""
        until = sentence.sentence_id - PREVIOUS_SENTENCES
        for k in range(self._forgotten, until):
            self._in_sentence.pop(k, None)
            self._breaks.pop(k, None)
        self._forgotten = max(self._forgotten, until)

    def _split(self, members: list[int]) -> None:
        """Parts of an over-long sentence, as sentences of their own (ids below 0: no sentence comes before)."""
        sentence = self.doc.sentence_at(self.kept[members[0]].start) or self.sentences[0]
        del self.by_sentence[self.facts[members[0]].sentence_id]
        step = _MOST_FACTS_LINKED_TOGETHER
        for at in range(0, len(members), step):
            part = members[at : at + step]
            start = self.kept[part[0]].start if at else sentence.start
            end = self.kept[members[at + step]].start if at + step < len(members) else sentence.end
            key = -1 - len(self._part_of)
            self.by_sentence[key] = part
            piece = Sentence(key, start, max(end, start), sentence.paragraph_id)
            for j in part:
                self._part_of[j] = piece

    def sentence_of(self, i: int) -> Sentence:
        if self._part_of:
            part = self._part_of.get(i)
            if part is not None:
                return part
        sentence = self.doc.sentence_at(self.kept[i].start)
        if sentence is None:  # a fact in no sentence (never, but an empty article is no reason to fail)
            return self.sentences[0]
        return sentence

    def members(self, sentence: Sentence) -> list[int]:
        return self.by_sentence.get(sentence.sentence_id, [])

    def in_sentence(self, sentence: Sentence) -> InSentence:
        """What every number of `sentence` reads of it, gathered once."""
        found = self._in_sentence.get(sentence.sentence_id)
        if found is None:
            found = self._in_sentence[sentence.sentence_id] = InSentence(self, sentence)
        return found

    def is_baseline(self, j: int) -> bool:
        found = self._baseline.get(j)
        if found is None:
            found = self._baseline[j] = self.words.is_baseline(self.text, self.kept[j].start)
        return found

    def counted(self, number_end: int) -> str:
        """What a count ending at `number_end` counts (`counted_after`), found once for its subject and metric."""
        found = self._counted.get(number_end)
        if found is None:
            found = self._counted[number_end] = counted_after(self.doc, number_end)
        return found

    def clean_phrase(self, phrase: str) -> str:
        found = self._clean.get(phrase)
        if found is None:
            found = self.words.clean_phrase(phrase)
            if found:  # and without what the segmenter tags as no part of a name at its edges
                trimmed = trim_edges(self._tagged(found), self.words.subject_verbs)
                found = found if trimmed == found else self.words.clean_phrase(trimmed)
            self._clean[phrase] = found
        return found

    def phrase_shape(self, phrase: str) -> dict[str, float]:
        """How the segmenter sees a phrase: whether it ends in a noun and opens as a noun phrase may."""
        found = self._shape.get(phrase)
        if found is None:
            found = self._shape[phrase] = phrase_shape(self._tagged(phrase), self.words.subject_verbs)
        return found

    def _tagged(self, phrase: str) -> list[tuple[str, str]]:
        """A phrase's words and tags, once: a cleaned phrase is tagged to trim it, then again for its shape."""
        found = self._tags.get(phrase)
        if found is None:
            found = self._tags[phrase] = self.doc.segmenter.tag(phrase)
        return found

    def breaks(self, sentence: Sentence) -> list[int]:
        found = self._breaks.get(sentence.sentence_id)
        if found is None:
            found = self._breaks[sentence.sentence_id] = [
                m.start() for m in _CLAUSE_BREAK.finditer(self.text, sentence.start, sentence.end)
            ]
        return found

    def clause(self, i: int, sentence: Sentence) -> tuple[int, int]:
        found = self._clauses.get(i)
        if found is None:
            breaks = self.breaks(sentence)
            start, end = self.kept[i].start, self.kept[i].end
            at, after = bisect_left(breaks, start), bisect_left(breaks, end)
            found = self._clauses[i] = (
                breaks[at - 1] + 1 if at else sentence.start,
                breaks[after] if after < len(breaks) else sentence.end,
            )
        return found

    def in_sentence_names(self, sentence: Sentence) -> list[int]:
        return [j for j in self.members(sentence) if j in self.is_name and j not in self.source]

    def previous_sentences(self, sentence: Sentence) -> list[Sentence]:
        """The sentences before `sentence` in its paragraph, nearest first (at most a few)."""
        out, k = [], sentence.sentence_id - 1
        while k >= 0 and len(out) < PREVIOUS_SENTENCES and self.sentences[k].paragraph_id == sentence.paragraph_id:
            out.append(self.sentences[k])
            k -= 1
        return out

    def compared(self, i: int, sentence: Sentence) -> bool:
        """Whether a comparison's baseline word stands in the number's clause before it (较去年的800亿)."""
        found = self._compared.get(i)
        if found is None:
            start, end, text = self.clause(i, sentence)[0], self.kept[i].start, self.text
            found = self._compared[i] = any(text.find(w, start, end) >= 0 for w in self.words.baseline)
        return found

    def modality_before(self, start: int, sentence: Sentence) -> str:
        found = None
        for found in self.words.modality_words.finditer(self.text, sentence.start, start):  # noqa: B007 (the last)
            pass
        return self.words.modality_of[found.group()] if found else "actual"


class InSentence:
    """The facts and metric words of one sentence, and the options its numbers take from the sentences before."""

    def __init__(self, view: ArticleView, sentence: Sentence):
        kept, text, words = view.kept, view.text, view.words
        members = view.members(sentence)
        self.names = [j for j in members if j in view.is_name and j not in view.source]
        self.numbers = [j for j in members if j in view.is_number]
        self.dates = [j for j in members if j in view.is_date]
        self.ranges = _ranges(view, self.dates)
        self.in_range = {j for pair in self.ranges for j in pair}
        starts = [kept[j].start for j in members]  # in order: facts come sorted by start
        reach = list(accumulate((kept[j].end for j in members), max))  # the furthest end of the facts so far
        self.metric_words = [  # (start, end, word), the words no fact covers
            (m.start(), m.end(), m.group())
            for m in words.metric_words.finditer(text, sentence.start, sentence.end)
            if not _covered(starts, reach, m.start(), m.end())
        ]
        self.previous_names: list[tuple[int, int]] = []  # (sentences back, the last name of that sentence)
        # (sentences back, the last date of the nearest one with a date, its value: a range it ends too)
        self.previous_date: tuple[int, int, str] | None = None
        for back, previous in enumerate(view.previous_sentences(sentence), 1):
            earlier = view.in_sentence_names(previous)
            if earlier:
                self.previous_names.append((back, max(earlier, key=lambda k: kept[k].end)))
            if self.previous_date is None:
                dates = [j for j in view.members(previous) if j in view.is_date and not view.is_baseline(j)]
                if dates:
                    j = max(dates, key=lambda k: kept[k].end)
                    first = next((a for a, b in view.in_sentence(previous).ranges if b == j), None)
                    value = view.facts[j].value if first is None else f"{view.facts[first].value}/{view.facts[j].value}"
                    self.previous_date = (back, j, value)
        self.paragraph_before: int | None = None  # the last name of the paragraph before this sentence's
        k = sentence.sentence_id - 1
        while k >= 0 and view.sentences[k].paragraph_id == sentence.paragraph_id:
            k -= 1
        while k >= 0 and self.paragraph_before is None:
            earlier = view.in_sentence_names(view.sentences[k])
            if earlier:
                self.paragraph_before = max(earlier, key=lambda j: kept[j].end)
            elif k == 0 or view.sentences[k - 1].paragraph_id != view.sentences[k].paragraph_id:
                break  # that paragraph names nobody
            k -= 1
        self._of_names: dict[tuple[int, ...], tuple[dict[int, int], set[int], set[int]]] = {}
        self.sentence = sentence
        self.respective: dict[int, str] = {}  # a number after 分别 -> its item of the list before (上海、江苏…分别)
        at = text.find("分别", sentence.start, sentence.end)
        if at >= 0:
            after = [j for j in self.numbers if kept[j].start > at]
            breaks = view.breaks(sentence)
            k = bisect_left(breaks, at)
            items = respective_items(text, breaks[k - 1] + 1 if k else sentence.start, at, len(after), words.head_verbs)
            if not items and k:  # the list may close the clause before (A、B则呈负增长，同比分别下降3%和0.7%)
                start = breaks[k - 2] + 1 if k > 1 else sentence.start
                items = respective_items(text, start, breaks[k - 1], len(after), words.head_verbs)
            self.respective = dict(zip(after, items))

    def of_names(self, view: ArticleView, names: list[int]) -> tuple[dict[int, int], set[int], set[int]]:
        """For the names a number may take: the numbers mapped to them by 分别, the names inside another, and the
        names that hold another (腾讯元宝 holds its owner 腾讯)."""
        key = tuple(names)
        found = self._of_names.get(key)
        if found is None:
            kept = view.kept
            mapped = _respectively(view.text, self.sentence, names, self.numbers, kept)
            pairs = [
                (o, j)
                for j in names
                for o in names
                if o != j and kept[o].start <= kept[j].start and kept[j].end <= kept[o].end
            ]
            found = self._of_names[key] = (mapped, {j for _, j in pairs}, {o for o, _ in pairs})
        return found


def _is_source(words: LinkingWords, text: str, c: Candidate) -> bool:
    """A name cited as the source of a figure (据天眼查数据, IDC报告显示, 凯捷发布的报告显示), not what it is about."""
    if text[max(0, c.start - 2) : c.start].endswith(words.source_before):
        return True
    aside = PARENTHESIS.match(text, c.end)
    after = text[aside.end() if aside else c.end : c.end + 24].lstrip("”」』\"' )）")[:8]
    return after.startswith(words.source_after)


def _covered(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether a fact overlaps start:end: of those that start before `end`, the furthest reaches past `start`."""
    k = bisect_left(starts, end)
    return k > 0 and reach[k - 1] > start


def breaks_between(text: str, start: int, end: int) -> int:
    """How many clause breaks lie between two offsets."""
    return len(_CLAUSE_BREAK.findall(text, min(start, end), max(start, end)))


def _respectively(text: str, sentence: Sentence, names: list[int], numbers: list[int], kept) -> dict[int, int]:
    """`A、B的月活分别为x和y`: the numbers after 分别 mapped in order to the names before it, when there are as
    many of each (two or more); else nothing."""
    at = text.find("分别", sentence.start, sentence.end)
    if at < 0:
        return {}
    spans = sorted((kept[j].start, kept[j].end, j) for j in names)
    outer = [s[2] for s in spans if s[1] <= at and not any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in spans)]
    after = [i for i in numbers if kept[i].start > at]
    if len(after) < 2 or len(outer) < len(after):
        return {}
    return dict(zip(after, outer[-len(after) :]))


_RANGE_JOIN = regex.compile(r"\s?(?:到|至|-|—|–|～|~|－)\s?")


def _ranges(view: ArticleView, dates: list[int]) -> list[tuple[int, int]]:
    """Pairs of dates of a sentence written as a range (2019年1月1日到2021年12月31日, 1-7月), the first first."""
    spans = sorted(dates, key=lambda j: view.kept[j].start)
    return [
        (a, b)
        for a, b in zip(spans, spans[1:])
        if _RANGE_JOIN.fullmatch(view.text, view.kept[a].end, view.kept[b].start)
        and view.facts[a].value < view.facts[b].value
    ]
