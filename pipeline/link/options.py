"""The options of each field of a number, with their features: what today's rules knew, as evidence to weigh.

Subjects: the names of the number's clause and sentence, the last names of the sentences before it in its
paragraph, the names of the title and the article's main subject, the subject of the number before it, and the
noun phrases around it (the clause's head, the nouns before its verb, what it counts). Metrics: the metric words
of its sentence, its unit, a share, a quote's move. Periods: the dates of its sentence, of the paragraph before
it and of the title, and the period of the number before it. Each field has a `none` option too.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import takewhile
from math import log
from typing import TYPE_CHECKING

import regex

from ..datatypes import Sentence
from .phrases import (
    PARENTHESIS,
    clause_head,
    counted_after,
    noun_phrase,
    noun_phrase_after,
    phrase_shape,
    respective_items,
    words_from,
)
from .scorer import Options

if TYPE_CHECKING:
    from ..datatypes import Candidate, Fact, Record
    from ..ruleset.linking import LinkingWords
    from ..stages.document import DocContext

_CLAUSE_BREAK = regex.compile(r"[,，;；:：]")
_PUNCTUATION_OR_DIGIT = regex.compile(r"[\p{P}\d]")
# What may stand before the name a clause is about (其中, 而, 据, a date is a fact of its own): the topic opens it.
_CLAUSE_OPENING = regex.compile(r"[\s\p{P}]|其中|此外|另外|同时|而|但|并|且|则|据|其")
_OPENING_TAGS = frozenset(("t", "ns", "x", "m", "c"))  # times, places, punctuation, numerals, connectives
# A name after one of these is where or to whom something happens (月之暗面在B站给出的报价), seldom what is measured.
_PREPOSITIONS = frozenset("在从向对给被把于")
# A term the article puts in quotes (“六小虎”, “八国联盟”) names something of its own wherever it stands after.
_QUOTED_TERM = regex.compile(r"[“「『]([\p{Han}A-Za-z0-9]{2,8})[”」』]")
_TITLE_LENGTH = 80  # a first paragraph this short is the title
_PREVIOUS_SENTENCES = 3  # how far back in its paragraph a number looks for a name or a date
# A sentence with more facts than this (a page of one line) is linked in parts of this many facts: every number
# reads every fact of its sentence, and a sentence of 100,000 facts would take hours. News has at most 20.
_MOST_FACTS_LINKED_TOGETHER = 200
_NOUN_POS = ("n", "eng", "vn", "j", "l", "b", "an")


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
            self._index_of = {f.fact_id: i for i, f in enumerate(self.facts)}
        return self._index_of.get(fact_id)

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

    def clean_phrase(self, phrase: str) -> str:
        found = self._clean.get(phrase)
        if found is None:
            found = self._clean[phrase] = self.words.clean_phrase(phrase)
        return found

    def phrase_shape(self, phrase: str) -> dict[str, float]:
        """How the segmenter sees a phrase: whether it ends in a noun and opens as a noun phrase may."""
        found = self._shape.get(phrase)
        if found is None:
            found = self._shape[phrase] = phrase_shape(self.doc.segmenter.tag(phrase), self.words.subject_verbs)
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
        while k >= 0 and len(out) < _PREVIOUS_SENTENCES and self.sentences[k].paragraph_id == sentence.paragraph_id:
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
        taken = [kept[j] for j in members]
        self.metric_words = [  # (start, end, word), the words no fact covers
            (m.start(), m.end(), m.group())
            for m in words.metric_words.finditer(text, sentence.start, sentence.end)
            if not any(c.start < m.end() and m.start() < c.end for c in taken)
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
        self._of_names: dict[tuple[int, ...], tuple[dict[int, int], set[int]]] = {}
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

    def of_names(self, view: ArticleView, names: list[int]) -> tuple[dict[int, int], set[int]]:
        """For the names a number may take: the numbers mapped to them by 分别, and the names inside another."""
        key = tuple(names)
        found = self._of_names.get(key)
        if found is None:
            kept = view.kept
            mapped = _respectively(view.text, self.sentence, names, self.numbers, kept)
            inside = {
                j
                for j in names
                if any(o != j and kept[o].start <= kept[j].start and kept[j].end <= kept[o].end for o in names)
            }
            found = self._of_names[key] = (mapped, inside)
        return found


def _is_source(words: LinkingWords, text: str, c: Candidate) -> bool:
    """A name cited as the source of a figure (据天眼查数据, IDC报告显示, 凯捷发布的报告显示), not what it is about."""
    if text[max(0, c.start - 2) : c.start].endswith(words.source_before):
        return True
    aside = PARENTHESIS.match(text, c.end)
    after = text[aside.end() if aside else c.end : c.end + 24].lstrip("”」』\"' )）")[:8]
    return after.startswith(words.source_after)


def _between(text: str, start: int, end: int) -> int:
    """How many clause breaks lie between two offsets."""
    return len(_CLAUSE_BREAK.findall(text, min(start, end), max(start, end)))


def subject_options(view: ArticleView, i: int, sentence: Sentence, last: Record | None) -> Options:
    text, kept, facts, words = view.text, view.kept, view.facts, view.words
    number, fact = kept[i], facts[i]
    options = Options()
    clause = view.clause(i, sentence)
    here = view.in_sentence(sentence)
    names = [j for j in here.names if not _overlaps(kept[j], number)]
    numbers = here.numbers
    breaks = view.breaks(sentence)
    refer = words.refer_back.search(text, sentence.start, number.start)
    respectively, inside = here.of_names(view, names)
    mapped = respectively.get(i)
    invested = _invested_in(view, i, names, clause)
    before = [j for j in names if kept[j].end <= number.start]
    nearest_before = max(before, key=lambda j: kept[j].end, default=None)
    nearest_in_clause = max((j for j in before if kept[j].start >= clause[0]), key=lambda j: kept[j].end, default=None)
    after = [j for j in names if kept[j].start >= number.end]
    nearest_after = min(after, key=lambda j: kept[j].start, default=None)
    carried = last.subject if last is not None else ""
    for j in names:
        c = kept[j]
        in_clause = clause[0] <= c.start and c.end <= clause[1]
        side = "before" if c.end <= number.start else "after"
        source = f"{'clause' if in_clause else 'sentence'}_{side}"
        gap = text[c.end : number.start] if side == "before" else text[number.end : c.start]
        features = _name_features(view, j, carried)
        low, high = (c.end, number.start) if c.end <= number.start else (number.start, c.end)
        features.update(
            {
                "nearest_before": float(j == nearest_before),
                "nearest_in_clause": float(j == nearest_in_clause),
                "nearest_after": float(j == nearest_after),
                "clauses_between": min(bisect_left(breaks, high) - bisect_left(breaks, low), 4) / 4
                if sentence.start <= low and high <= sentence.end
                else min(_between(text, c.end, number.start), 4) / 4,
                "adjacent": float(len(gap) <= 6 and not _PUNCTUATION_OR_DIGIT.search(gap)),
                "numbers_between": float(
                    any(min(c.end, number.start) <= kept[k].start < max(c.start, number.end) for k in numbers if k != i)
                ),
                "followed_by_de": float(text.startswith("的", c.end)),
                "list_member": float(text[c.end : c.end + 1] == "、" or text[c.start - 1 : c.start] == "、"),
                "respectively": float(j == mapped),
                "invested_in": float(j == invested),
                "inside_name": float(j in inside),
                "opens_clause": float(in_clause and view.opens_clause(c.start, clause[0], sentence)),
                "after_preposition": float(text[c.start - 1 : c.start] in _PREPOSITIONS),
            }
        )
        options.add(facts[j].value, source, features, j, facts[j].type)
    # 该公司 opening the clause, with no name before the number: the name of the sentence before
    refers = refer is not None and not before and view.opens_clause(refer.start(), clause[0], sentence)
    for back, j in here.previous_names:
        features = _name_features(view, j, carried)
        features.update({"sentences_back": back / _PREVIOUS_SENTENCES, "refer_cue": float(refer is not None)})
        features["refers_to"] = float(refers and back == here.previous_names[0][0])
        options.add(facts[j].value, "previous_sentence", features, j, facts[j].type)
    if here.paragraph_before is not None:  # the company of the paragraph before owns what follows
        j = here.paragraph_before
        options.add(facts[j].value, "paragraph_before", _name_features(view, j, carried), j, facts[j].type)
    for j in view.title_name_facts:
        if kept[j].end <= sentence.start:
            options.add(facts[j].value, "title_name", _name_features(view, j, carried), j, facts[j].type)
    if view.main:
        j = next(k for k in view.names if facts[k].value == view.main)
        options.add(view.main, "main", _name_features(view, j, carried), j, facts[j].type)
    if last is not None and last.subject:
        fact_of = view.index_of(last.subject_fact_id)
        part = any(text.find(w, clause[0], number.start) >= 0 for w in words.part_of)  # 占…的8.9%: of those
        features = {"same_sentence": float(last.sentence == fact.sentence), "carried": 1.0, "part_of": float(part)}
        features["carried_phrase"] = float(last.subject_kind == "other")
        options.add(last.subject, "carried_subject", features, fact_of, last.subject_kind)
    item = here.respective.get(i)
    if item and mapped is None and not any(facts[j].text_simplified in item for j in names):
        options.add(view.clean_phrase(item) or item, "respective_item", {"respectively": 1.0}, None, "other")
    named = [facts[j].text_simplified for j in names]
    dated = [facts[j].text_simplified for j in here.dates]
    if view.terms is not None:
        for term in view.terms.finditer(text, clause[0], clause[1]):
            if not any(name in term.group() or term.group() in name for name in named):
                before = term.end() <= number.start
                features = {
                    **view.phrase_shape(term.group()),
                    "term_before": float(before),
                    "after_preposition": float(text[term.start() - 1 : term.start()] in _PREPOSITIONS),
                    "opens_clause": float(view.opens_clause(term.start(), clause[0], sentence)),
                }
                options.add(term.group(), "quoted_term", features, None, "other")
    for source, phrase in _phrases(view, i, clause, sentence):
        index = words.index_subject.search(phrase)
        if (
            phrase
            # 快手总营收: 快手's, an option already; 纳斯达克中国金龙指数 is an index of its own
            and (not any(name in phrase for name in named) or index is not None and index.start() > 0)
            and not any(phrase in date for date in dated)  # 2024年第一季度: a time is no subject
        ):
            options.add(phrase, source, _phrase_features(view, phrase), None, "other")
    options.add("", "none", {})
    if not names:
        for option in options:
            option.features["no_name_in_sentence"] = 1.0
    return options


def _name_features(view: ArticleView, j: int, carried: str) -> dict[str, float]:
    value = view.facts[j].value
    known = view._name_features.get(j)
    if known is None:
        known = view._name_features[j] = {
            "name_" + view.facts[j].type: 1.0,
            "frequency": min(log(1 + view.frequency.get(value, 0)) / 3, 1.0),
            "in_title": float(value in view.title_names),
            "is_main": float(value == view.main),
            "carried": 0.0,
        }
    features = known.copy()
    features["carried"] = float(value == carried)
    return features


def _phrase_features(view: ArticleView, phrase: str) -> dict[str, float]:
    words = view.words
    return {
        **view.phrase_shape(phrase),
        "phrase": 1.0,
        "phrase_length": min(len(phrase), 12) / 12,
        "phrase_short": float(len(phrase) <= 2),
        "phrase_is_metric": float(phrase in words.metric_of),
        "phrase_has_metric": float(bool(words.metric_words.search(phrase))),
        "phrase_ends_measure": float(phrase.endswith(words.measure_endings)),
    }


def _phrases(view: ArticleView, i: int, clause, sentence: Sentence):
    """The noun phrases a number may measure, each with the feature that found it."""
    doc, text, words, fact, number = view.doc, view.text, view.words, view.facts[i], view.kept[i]
    skip = max(
        (
            view.kept[j].end
            for j in view.members(sentence)
            if j in view.is_date and view.kept[j].start <= clause[0] + 1 and view.kept[j].end <= number.start
        ),
        default=clause[0],
    )
    head = _without_dates(view, sentence, clause[0], clause_head(text, clause[0], number.start, words.head_verbs, skip))
    yield "phrase_head", view.clean_phrase(head)
    topic = noun_phrase(doc, clause[0], number.start, words.before_number, words.subject_verbs)
    baseline = next((w for w in words.baseline if len(w) > 1 and topic.endswith(w)), "")
    if baseline:
        topic = topic[: -len(baseline)] if len(topic) >= len(baseline) + 2 else ""
    if topic in words.metric_of:  # 月活用户 达2.7亿: what it measures; the nouns before it say of what
        found = text.rfind(topic, clause[0], number.start)
        topic = (
            noun_phrase(doc, clause[0], found, words.before_number, words.subject_verbs) if found > clause[0] else ""
        ) or topic
    yield "phrase_topic", view.clean_phrase(topic)
    yield "phrase_after_de", view.clean_phrase(noun_phrase_after(doc, number.end))  # 100万元的小型微利企业
    if fact.type != "money":
        yield "phrase_counted", view.clean_phrase(counted_after(doc, number.end))
    group = None
    for group in words.group_before.finditer(text, clause[0], number.start):  # noqa: B007 (the last one)
        pass
    if group is not None:
        yield "group", group.group(1)


def _without_dates(view: ArticleView, sentence: Sentence, start: int, head: str) -> str:
    """A clause's head without the dates inside it (美国7月CPI -> 美国CPI)."""
    if head:
        at = view.text.find(head, start)
        for j in sorted(view.members(sentence), key=lambda k: -view.kept[k].start):
            c = view.kept[j]
            if j in view.is_date and at <= c.start and c.end <= at + len(head):
                head = head[: c.start - at] + head[c.end - at :]
    return head


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


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


def _invested_in(view: ArticleView, i: int, names: list[int], clause) -> int | None:
    """The name a valuation right after the number is of, after an investing verb (以100亿美元估值投资DeepSeek)."""
    text, words, number = view.text, view.words, view.kept[i]
    word = words.metric_words.match(text, number.end)
    if word is None or words.metric_of[word.group()] != "valuation":
        return None
    verb = next((v for v in words.invested_in if text.startswith(v, word.end())), None)
    if verb is None:
        return None
    return next((j for j in names if view.kept[j].start == word.end() + len(verb)), None)


def metric_options(view: ArticleView, i: int, sentence: Sentence, subject, last: Record | None) -> Options:
    text, words, fact, number = view.text, view.words, view.facts[i], view.kept[i]
    options = Options()
    clause = view.clause(i, sentence)
    t = fact.type
    found = view.in_sentence(sentence).metric_words
    before = [m for m in found if m[1] <= number.start]
    after = [m for m in found if m[0] >= number.end]
    nearest_before = max(before, key=lambda m: m[1], default=None)
    nearest_after = min(after, key=lambda m: m[0], default=None)
    subject_text = subject.value if subject is not None else ""
    # What a count counts names its metric (13位AI高管: headcount, 18000名客户: users), over its measure word; so
    # does a metric word the segmenter glued to the measure word (22|名高管).
    counted_end = number.end + len(counted_after(view.doc, number.end)) if t == "quantity" else -1
    for m in found:
        m_start, m_end, m_word = m
        metric = words.metric_of[m_word]
        side = "before" if m_end <= number.start else "after"
        in_clause = clause[0] <= m_start and m_end <= clause[1]
        where = f"word_{'clause' if in_clause else 'sentence'}_{side}"
        right_after = side == "after" and text[number.end : m_start] in ("", "的")
        options.add(
            metric,
            where,
            {
                f"{where}:{t}": 1.0,
                f"metric:{metric}": 1.0,
                f"metric:{metric}:{t}": 1.0,
                "word_right_after": float(right_after),
                "word_counted": float(
                    number.end <= m_start < m_end <= counted_end or m_start == number.end == counted_end
                ),
                f"word_right_after:{t}": float(right_after),
                "word_nearest": float(m is nearest_before or m is nearest_after),
                "word_in_subject": float(bool(subject_text) and m_word in subject_text),
                "word_distance": min(abs((m_start - number.end) if side == "after" else (number.start - m_end)), 20)
                / 20,
            },
        )
    own_word = any(clause[0] <= m[0] for m in before)
    unit = words.unit_metrics.get(fact.unit) if t == "quantity" else None
    if unit:  # 月活账户数达13.71亿个: users, not a count
        options.add(unit, "unit", {f"metric:{unit}": 1.0, f"unit:{unit}": 1.0, "unit_after_word": float(own_word)})
    if t == "money" and fact.per:  # 每千瓦时0.26元, 每盎司27.40美元: a price
        options.add("price", "per_unit", {})
    if t == "percent" and fact.unit == "%" and not fact.direction:
        share_word = any(words.metric_of[m[2]] == "share" and clause[0] <= m[0] for m in before)
        if _share_of_things(view, number.end) or share_word:
            options.add("share", "share_rule", {"share_word": float(share_word)})
        elif text.startswith("的", number.end):
            options.add("share", "share_of_de", {})
    if subject is not None and subject.kind == "other":
        ending = next((m for word, m in words.subject_metrics.items() if subject_text.endswith(word)), None)
        if ending:
            # 全球机器人市场将达到2000亿美元: money of a market, where no metric word says otherwise, is its size
            sized = t == "money" and not own_word and not any(m[0] >= number.end for m in found)
            options.add(ending, "subject_ends", {f"subject_ends:{t}": 1.0, "market_money": float(sized)})
    move = words.quote_move.search(text, max(clause[0], number.start - 6), number.start)
    if move is not None and move.end() >= number.start - 2:
        kind = subject.kind if subject is not None else ""
        if words.index_subject.search(subject_text):
            options.add("index", "quote_index", {f"quote_index:{t}": 1.0})
        elif words.rate_subject.search(subject_text):
            options.add("other", "quote_rate", {f"quote_rate:{t}": 1.0})
        elif subject is not None:
            options.add("price", "quote_price", {f"quote_price:{t}": 1.0, f"quote_price_{kind}": 1.0})
    if last is not None and last.sentence == fact.sentence and not own_word:  # a number its clause says nothing of
        compared = view.compared(i, sentence)  # 较去年的800亿: what the number before measures
        features = {"carried_direction": float(bool(fact.direction)), f"carried:{t}": 1.0, "compared": float(compared)}
        options.add(last.metric, "carried_metric", features)
    options.add("other", "other", {f"other:{t}": 1.0})
    return options


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


def _share_of_things(view: ArticleView, number_end: int) -> bool:
    """A percent right before the nouns it counts (近三成企业, 10%股份; not 10%调整为, 25%关税, 22.1%的增速)."""
    words, i = words_from(view.doc, number_end)
    return (
        i is not None
        and words.starts[i] == number_end
        and words.tags[i].startswith(_NOUN_POS)
        and words.tags[i] != "vn"
        and not words.texts[i].startswith(view.words.rates)
    )


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
            facts[j].value,
            f"date_{'clause' if in_clause else 'sentence'}_{side}",
            {
                "in_range": float(j in in_range),
                "nearest": float(j in (nearest_before, nearest_after)),
                "baseline": float(baseline),
                "baseline_right_before": float(baseline and side == "before" and number.start - c.end <= 1),
                "clauses_between": min(_between(text, c.end, number.start), 4) / 4,
                "range": float("/" in facts[j].value),
            },
            j,
        )
    for first, second in ranges:  # 从2019年1月1日到2021年12月31日, 2019年1-7月: one period from the first to the second
        c = kept[second]
        side = "before" if c.end <= number.start else "after"
        in_clause = clause[0] <= kept[first].start and c.end <= clause[1]
        options.add(
            f"{facts[first].value}/{facts[second].value}",
            "date_range",
            {f"range_{'clause' if in_clause else 'sentence'}_{side}": 1.0, "nearest": float(second == nearest_before)},
            first,
        )
    if here.previous_date is not None:
        back, j, value = here.previous_date
        features = {"sentences_back": back / _PREVIOUS_SENTENCES, "own_date": float(bool(dates))}
        options.add(value, "date_previous_sentence", features, j)
    for j in view.title_dates[-1:]:
        if kept[j].end <= sentence.start:
            options.add(facts[j].value, "date_title", {}, j)
    if last is not None and last.period:
        same = {"same_sentence": float(last.sentence == facts[i].sentence), "own_date": float(bool(dates))}
        options.add(last.period, "carried_period", same, view.index_of(last.period_fact_id))
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
