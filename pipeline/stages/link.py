"""Link stage: each money, percent and quantity fact tied to its subject, metric, period and modality.

The words it reads (metric words, modality words, words that refer back,
baseline words, words that cite a source) are data in `rules/records.yaml`, with examples that
`examples.py` checks like any rule's. It works on the facts of one article
after overlaps are resolved, in the Simplified text's coordinates, sentence by
sentence; `../shared/RECORDS.md` gives the columns.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import regex

from ..datatypes import Record

if TYPE_CHECKING:
    from ..datatypes import Candidate, Fact
    from ..ruleset.fact_types import FactTypes
    from ..ruleset.linking import LinkingWords
    from .document import DocContext

_CLAUSE_BREAK = regex.compile(r"[,，;；:：]")


class Linker:
    """Links the number facts of one article with the words of a rule set (`rules.linking`); which types are
    numbers, subjects and periods, its fact types say (`role` in rules/types.yaml)."""

    def __init__(self, words: LinkingWords, types: FactTypes):
        self.words = words
        self.numbers, self.subjects, self.periods = types.numbers, types.subjects, types.periods

    def link(self, doc: DocContext, kept: list[Candidate], facts: list[Fact]) -> list[Record]:
        """One record per number fact of `facts` (`kept[i]` is `facts[i]` in Simplified coordinates).

        Every look-up is a bisection in the sentence's sorted spans: a sentence of 100,000 facts
        (a 5 MB line) links in linear time.
        """
        by_sentence: dict[int, list[int]] = {}
        for i, fact in enumerate(facts):
            by_sentence.setdefault(fact.sentence_id, []).append(i)
        text = doc.text
        records = []
        previous_subject: int | None = None  # the last named subject, for a sentence that refers back
        for sentence_id in sorted(by_sentence):
            members = by_sentence[sentence_id]
            if not any(facts[i].type in self.numbers for i in members):  # most sentences: only its last name matters
                previous_subject = next(
                    (
                        j
                        for j in reversed(members)
                        if facts[j].type in self.subjects and not self._is_source(text, kept[j])
                    ),
                    previous_subject,
                )
                continue
            sentence = doc.sentence_at(kept[members[0]].start)
            s_start, s_end = (sentence.start, sentence.end) if sentence else (0, len(text))
            taken = _Spans([(kept[j].start, kept[j].end, j) for j in members])
            subjects = _Spans(
                [
                    (kept[j].start, kept[j].end, j)
                    for j in members
                    if facts[j].type in self.subjects and not self._is_source(text, kept[j])
                ]
            )
            all_dates = _Spans([(kept[j].start, kept[j].end, j) for j in members if facts[j].type in self.periods])
            dates = _Spans([d for d in all_dates.spans if not self.words.is_baseline(text, d[0])])
            metrics = _Spans(
                [
                    (m.start(), m.end(), self.words.metric_of[m.group()])
                    for m in self.words.metric_words.finditer(text, s_start, s_end)
                    if not taken.overlaps(m.start(), m.end())
                ]
            )
            modalities = _Spans(
                [
                    (m.start(), m.end(), self.words.modality_of[m.group()])
                    for m in self.words.modality_words.finditer(text, s_start, s_end)
                ]
            )
            breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, s_start, s_end)]
            refer = self.words.refer_back.search(text, s_start, s_end)
            respectively = _respectively(
                text, s_start, s_end, subjects, [i for i in members if facts[i].type in self.numbers], kept
            )
            last: Record | None = None  # the sentence's previous record: a change (环比增长88.9%) is about the same
            for i in members:
                fact = facts[i]
                if fact.type not in self.numbers:
                    continue
                number = kept[i]
                at = bisect_left(breaks, number.start)
                clause = (
                    breaks[at - 1] + 1 if at else s_start,
                    breaks[bisect_left(breaks, number.end)] if bisect_left(breaks, number.end) < len(breaks) else s_end,
                )
                subject, how = _subject(subjects, number, clause)
                refers = previous_subject is not None and refer is not None and refer.end() <= number.start
                invested = self._invested_in(text, number, subjects, clause)
                if invested is not None:  # 以100亿美元估值投资DeepSeek: the valuation is DeepSeek's
                    subject, how = invested, "records.invested_in"
                phrase = ""
                counted = _noun_phrase_after(doc, number.end) if fact.type != "money" else ""  # 回购35亿美元的股票
                if i in respectively:  # A、B的月活分别为x和y: x is A's, y is B's
                    subject, how = respectively[i], "records.respectively"
                elif counted and how != "records.clause":  # 约10%的企业: what the number counts, not a name far off
                    subject, how, phrase = None, "records.noun_phrase", counted
                elif how != "records.clause" and (group := self._group(text, clause, number.start)):
                    subject, how, phrase = None, "records.group", group  # “六小虎”中有5家: the group's
                elif (
                    how != "records.clause"
                    and fact.type == "percent"
                    and last is not None
                    and any(text.find(w, clause[0], number.start) >= 0 for w in self.words.part_of)
                ):
                    how = "records.same_as_before"  # 78612家企业已消失，占总量的8.9%: of those firms
                elif (
                    how in ("records.no_subject", "records.after")
                    and not refers
                    and (self.words.unit_metrics.get(fact.unit) == "count")
                    and (things := _counted_after(doc, number.end))
                ):
                    subject, how, phrase = None, "records.counted", things  # 78612家新注册AI企业: no name, those firms
                elif how not in ("records.clause", "records.sentence", "records.invested_in"):
                    if refers:
                        subject, how = previous_subject, "records.refer_back"
                    else:
                        phrase = self._noun_phrase(doc, clause[0], number.start)
                        baseline = next((w for w in self.words.baseline if len(w) > 1 and phrase.endswith(w)), "")
                        if baseline:  # 工业增加值同比 增长6.8%: the value added; 远高于 39%: nothing
                            phrase = phrase[: -len(baseline)] if len(phrase) >= len(baseline) + 2 else ""
                        if (
                            phrase not in self.words.metric_of
                        ):  # AI原生APP用户规模 达到2.4亿: of what, without the measure
                            phrase = self._without_trailing_words(phrase)  # (and 预计, a modality)
                        if (
                            phrase in self.words.metric_of
                        ):  # 月活用户 达2.7亿: what it measures; the nouns before it say of what
                            found = text.rfind(phrase, clause[0], number.start)
                            phrase = (self._noun_phrase(doc, clause[0], found) if found > clause[0] else "") or phrase
                        if (
                            phrase
                            and (phrase in self.words.metric_of or phrase in self.words.baseline)
                            and last is not None
                        ):
                            phrase = ""  # 渗透率, 环比: what is measured, not what it is about
                        if phrase:
                            subject, how = None, "records.noun_phrase"
                        elif last is not None and (last.subject or not subject):
                            how = "records.same_as_before"
                metric = self._metric(metrics, number, clause, fact, doc)
                if metric == "other" and last is not None and fact.direction:
                    metric = last.metric  # 用户规模达到2.4亿，环比增长88.9%: the change of the users
                if (
                    metric == "other" and fact.type == "money" and subject is None and phrase
                ):  # 美国AI市场 达1,260亿美元
                    metric = next(
                        (m for word, m in self.words.subject_metrics.items() if phrase.endswith(word)), metric
                    )
                period = self._baseline_period(text, all_dates, number)
                if period is None:
                    period = _nearest(dates, number, clause)
                if how == "records.same_as_before":
                    subject_fact_id, subject_value, kind = last.subject_fact_id, last.subject, last.subject_kind
                else:
                    subject_fact_id = facts[subject].fact_id if subject is not None else ""
                    subject_value = facts[subject].value if subject is not None else phrase
                    kind = facts[subject].type if subject is not None else ("other" if phrase else "")
                modality = modalities.last_before(number.start)
                last = Record(
                    doc_id=fact.doc_id,
                    value_fact_id=fact.fact_id,
                    start=fact.start,
                    end=fact.end,
                    text=fact.text,
                    type=fact.type,
                    value=fact.value,
                    unit=fact.unit,
                    qualifier=fact.qualifier,
                    direction=fact.direction,
                    per=fact.per,
                    subject_fact_id=subject_fact_id,
                    subject=subject_value,
                    subject_kind=kind,
                    metric=metric,
                    period_fact_id=facts[period].fact_id if period is not None else "",
                    period=facts[period].value if period is not None else "",
                    modality=modality[2] if modality else "actual",
                    sentence=fact.sentence,
                    rule_id=how,
                )
                records.append(last)
            if subjects.spans:
                previous_subject = subjects.spans[-1][2]
        return records

    def _without_trailing_words(self, phrase: str) -> str:
        """The phrase without a metric or modality word at its end, when two characters or more remain; empty
        when it is only a measure or modality word (跌幅, 预期)."""
        for _ in range(2):  # 美国AI市场预计: a modality after the metric's owner, at most one of each
            match = self.words.trailing_words.search(phrase)
            if match is None:
                break
            if match.start() == 0 and phrase not in self.words.metric_of:
                return ""
            if match.start() < 2:
                break
            phrase = phrase[: match.start()]
        return phrase

    def _is_source(self, text: str, c: Candidate) -> bool:
        """A name cited as the source of a figure (据天眼查数据, IDC报告显示, 凯捷发布的报告显示), not what it is about."""
        if text[max(0, c.start - 2) : c.start].endswith(self.words.source_before):
            return True
        after = _PARENTHESIS_AFTER.sub("", text[c.end : c.end + 24]).lstrip("”」』\"' ")[:8]
        return after.startswith(self.words.source_after)

    def _noun_phrase(self, doc: DocContext, clause_start: int, number_start: int) -> str:
        return _noun_phrase(doc, clause_start, number_start, self.words.before_number, self.words.subject_verbs)

    def _share_of_things(self, doc: DocContext, number_end: int) -> bool:
        """A percent right before the nouns it counts (近三成企业, 10%股份; not 10%调整为, 25%关税, 22.1%的增速)."""
        words, i = _words_from(doc, number_end)
        return (
            i is not None
            and words.starts[i] == number_end
            and words.tags[i].startswith(_NOUN_POS)
            and words.tags[i] != "vn"
            and not words.texts[i].startswith(self.words.rates)
        )

    def _group(self, text: str, clause, number_start: int) -> str:
        """The quoted group the number is a part of, in its clause before it (“六小虎”中有5家): empty if none."""
        last = None
        for last in self.words.group_before.finditer(text, clause[0], number_start):  # noqa: B007 (the last one)
            pass
        return last.group(1) if last else ""

    def _invested_in(self, text: str, number, subjects: _Spans, clause) -> int | None:
        """The name a valuation right after the number is of, after an investing verb (以100亿美元估值投资DeepSeek)."""
        word = self.words.metric_words.match(text, number.end)
        if word is None or self.words.metric_of[word.group()] != "valuation":
            return None
        verb = next((v for v in self.words.invested_in if text.startswith(v, word.end())), None)
        if verb is None:
            return None
        found = subjects.first_after(word.end() + len(verb), clause[1])
        return found[2] if found is not None and found[0] == word.end() + len(verb) else None

    def _metric(self, metrics: _Spans, number, clause, fact, doc: DocContext) -> str:
        text = doc.text
        before = metrics.last_before(number.start, clause[0])
        after = metrics.first_after(number.end, clause[1])
        if (
            fact.type == "percent"
            and fact.unit == "%"
            and not fact.direction
            and (
                self._share_of_things(doc, number.end)
                or any(span[2] == "share" for span in metrics.spans if clause[0] <= span[0] and span[1] <= number.start)
            )
        ):
            return "share"  # 三成企业, 10%股份, 占获投企业数量的2% (not 涨0.7%报3258点, a change)
        if fact.type != "percent" and after is not None and text[number.end : after[0]] in ("", "的"):
            return after[2]  # 18000名客户, 3亿元融资, 100亿美元估值: the word right after says what it is
        if fact.type == "quantity" and fact.unit in self.words.unit_metrics and before is None:
            return self.words.unit_metrics[fact.unit]  # 5家企业共13位高管: a count of firms, whatever follows
        if before is not None or after is not None:  # the nearest in the clause; one before wins a tie
            if after is None or (before is not None and number.start - before[1] <= after[0] - number.end):
                return before[2]
            return after[2]
        before = metrics.last_before(number.start)
        if before is not None:
            return before[2]
        if fact.type == "percent" and fact.unit == "%" and text[number.end : number.end + 1] == "的":
            return "share"  # 72%的IT和财务领导者: a share of them
        return "other"

    def _baseline_period(self, text: str, dates: _Spans, number) -> int | None:
        """A baseline date right before a number is that number's period: 较去年的800亿 is 2024's."""
        date = dates.last_before(number.start)
        if date is not None and number.start - date[1] <= 1 and self.words.is_baseline(text, date[0]):
            return date[2]
        return None


class _Spans:
    """Spans (start, end, payload) of one sentence, sorted, found by bisection."""

    def __init__(self, spans: list[tuple]):
        self.spans = sorted(spans, key=lambda s: (s[0], s[1]))
        self.starts = [s[0] for s in self.spans]

    def last_before(self, position: int, lower: int = -1):
        """The last span ending at or before `position` and starting at or after `lower`."""
        i = bisect_right(self.starts, position) - 1
        while i >= 0 and self.spans[i][0] >= lower:
            if self.spans[i][1] <= position:
                return self.spans[i]
            i -= 1  # a span that runs past `position` (names nest at most a few deep)
        return None

    def first_after(self, position: int, upper: int | None = None):
        """The first span starting at or after `position` and ending at or before `upper`."""
        i = bisect_left(self.starts, position)
        if i < len(self.spans) and (upper is None or self.spans[i][1] <= upper):
            return self.spans[i]
        return None

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1
        return any(self.spans[j][1] > start for j in range(i, max(-1, i - 4), -1))


def _subject(subjects: _Spans, number, clause) -> tuple[int | None, str]:
    found = subjects.last_before(number.start, clause[0])
    if found is not None:
        return found[2], "records.clause"
    found = subjects.last_before(number.start)
    if found is not None:
        return found[2], "records.sentence"
    found = subjects.first_after(number.end, clause[1])  # a name after the number, in its clause only
    if found is not None:
        return found[2], "records.after"
    return None, "records.no_subject"


def _respectively(text: str, start: int, end: int, subjects: _Spans, numbers: list[int], kept) -> dict[int, int]:
    """`A、B的月活分别为x和y`: the numbers after 分别 mapped in order to the names before it, when there are as
    many of each (two or more); else nothing."""
    at = text.find("分别", start, end)
    if at < 0:
        return {}
    names = [
        s[2]
        for s in subjects.spans
        if s[1] <= at  # a name inside another (腾讯 of 腾讯元宝) is not one more
        and not any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in subjects.spans)
    ]
    after = [i for i in numbers if kept[i].start > at]
    if len(after) < 2 or len(names) < len(after):
        return {}
    names = names[-len(after) :]  # the last so many names before 分别
    return dict(zip(after, names))


def _nearest(dates: _Spans, number, clause) -> int | None:
    """The date nearest the number in its clause, else the nearest before it in the sentence (a date after
    the number in another clause is another figure's)."""
    before, after = dates.last_before(number.start, clause[0]), dates.first_after(number.end, clause[1])
    if before is not None or after is not None:
        if after is None or (before is not None and number.start - before[1] <= after[0] - number.end):
            return before[2]
        return after[2]
    found = dates.last_before(number.start)
    return found[2] if found else None


# Parts of speech of the words of a noun phrase (jieba's tags): nouns, names, Latin words, abbreviations,
# verbal nouns and the distinguishing words that make them (原生, 头部).
_NOUN_POS = ("n", "eng", "vn", "j", "l", "b", "an")
_NOT_SUBJECT = regex.compile(r"^(?:\p{P}|\d)")
_COUNTED_POS = ("n", "eng", "j")  # the things a count counts: nouns, Latin words, abbreviations (not 总共, b)
_PARENTHESIS_AFTER = regex.compile(r"^[(（][^()（）]{1,16}[)）]")  # 凯捷(Capgemini)发布的报告
_QUOTED_BEFORE = regex.compile(r"[“「『\"]([^”」』\"]{1,12})[”」』\"]$")


def _words_from(doc: DocContext, offset: int):
    """The words of the clause at `offset` and the index of the word covering it; (None, None) past the sentence."""
    sentence = doc.sentence_at(offset)
    if sentence is None or offset >= sentence.end:
        return None, None
    words = doc.words_around(sentence, offset)
    return words, words.index_at(offset)


def _counted_after(doc: DocContext, number_end: int) -> str:
    """The thing a count counts, right after its classifier (78612家新注册AI企业已消失 -> 新注册AI企业): the words
    up to the last of the first run of nouns, at most six words on; empty when no noun comes."""
    words, i = _words_from(doc, number_end)
    if i is None:
        return ""
    last_noun, leading, function_characters = None, 0, doc.lexicon.names.function_characters
    for j in range(i, min(i + 6, len(words))):
        word = words.texts[j]
        if words.starts[j] < number_end:
            continue  # a word running from the classifier on (家新 of 3000家新注册网店) starts no noun
        if words.tags[j].startswith(_COUNTED_POS) and not _NOT_SUBJECT.match(word):
            last_noun = j
        elif last_noun is not None or _NOT_SUBJECT.match(word) or word in function_characters or leading:
            break  # past the nouns; a punctuation or function word first (16款是多模态模型); two words before any
        else:
            leading += 1  # one word may qualify the nouns (新注册网店)
    if last_noun is None:
        return ""
    return doc.text[number_end : words.starts[last_noun] + len(words.texts[last_noun])]


def _noun_phrase_after(doc: DocContext, number_end: int) -> str:
    """The nouns after a number and 的 (72%的IT和财务领导者 -> IT和财务领导者): what the number counts."""
    text = doc.text
    if text[number_end : number_end + 1] != "的" or number_end + 1 >= len(text):
        return ""
    words, i = _words_from(doc, number_end + 1)
    if i is None or words.starts[i] != number_end + 1:
        return ""
    end = i
    while end < len(words) and (words.tags[end].startswith(_NOUN_POS) or words.texts[end] in "和与及"):
        end += 1
    while end > i and words.texts[end - 1] in "和与及":
        end -= 1
    return "".join(words.texts[i:end])


def _noun_phrase(
    doc: DocContext, clause_start: int, number_start: int, before_number: frozenset[str], subject_verbs: frozenset[str]
) -> str:
    """The nouns right before the verbs before a number (`AI原生APP用户规模` 达到 2.4亿): what the number measures
    when no named subject is in its sentence; a quoted name before them (“六小虎”中有5家). Empty when none."""
    sentence = doc.sentence_at(number_start - 1) if number_start > clause_start else None
    if sentence is None:
        return ""
    words = doc.words_around(sentence, number_start - 1)
    i = words.index_at(number_start - 1)
    if i is None:
        return ""
    while (
        i >= 0
        and words.starts[i] >= clause_start
        and (not words.tags[i].startswith(_NOUN_POS) or words.texts[i] in before_number)
    ):
        i -= 1  # the verbs, adverbs and qualifiers before the number: 达到, 高达, 约
    if (i < 0 or words.starts[i] < clause_start) and words.starts[0] > clause_start:
        quoted = _QUOTED_BEFORE.search(doc.text, clause_start, words.starts[0])
        return quoted.group(1) if quoted else ""
    end = i
    while (
        i >= 0
        and words.starts[i] >= clause_start
        and (words.tags[i].startswith(_NOUN_POS) or words.texts[i] in subject_verbs)
        and not _NOT_SUBJECT.match(words.texts[i])
    ):
        i -= 1
    if end < 0 or i == end:
        return ""
    if words.starts[end + 1] <= number_start:
        return "".join(words.texts[i + 1 : end + 1])
    # The last word runs into the number (中小企业近三成 is one word): the phrase stops at the number, without
    # the word before it (近).
    phrase = doc.text[words.starts[i + 1] : number_start]
    while qualifier := max((w for w in before_number if phrase.endswith(w)), key=len, default=""):  # 高达, not 达
        phrase = phrase[: -len(qualifier)]
    return phrase if len(phrase) >= 2 else ""  # 有|四人, 过|百人: no phrase
