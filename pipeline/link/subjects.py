"""The subject options of a number: the names of its clause, its sentence and the sentences before it, the
paragraph before, the title and the article's main subject, the subject of the number before it, quoted terms, the
items 分别 distributes, the noun phrases around it, and none; each with the features that argue for it."""

from __future__ import annotations

from bisect import bisect_left
from math import log
from typing import TYPE_CHECKING

import regex

from ..datatypes import Sentence
from .phrases import clause_head, noun_phrase, noun_phrase_after
from .scorer import Options
from .view import PREVIOUS_SENTENCES, ArticleView, breaks_between

if TYPE_CHECKING:
    from ..datatypes import Record

_PUNCTUATION_OR_DIGIT = regex.compile(r"[\p{P}\d]")
# A name after one of these is where or to whom something happens (月之暗面在B站给出的报价), seldom what is measured.
_PREPOSITIONS = frozenset("在从向对给被把于")


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
    respectively, inside, outer = here.of_names(view, names)  # outer: 腾讯元宝, the thing itself, not its owner 腾讯
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
                else min(breaks_between(text, c.end, number.start), 4) / 4,
                "adjacent": float(len(gap) <= 6 and not _PUNCTUATION_OR_DIGIT.search(gap)),
                "numbers_between": float(
                    any(min(c.end, number.start) <= kept[k].start < max(c.start, number.end) for k in numbers if k != i)
                ),
                "followed_by_de": float(text.startswith("的", c.end)),
                "list_member": float(text[c.end : c.end + 1] == "、" or text[c.start - 1 : c.start] == "、"),
                "respectively": float(j == mapped),
                "invested_in": float(j == invested),
                "inside_name": float(j in inside),
                "outer_name": float(j in outer),
                "opens_clause": float(in_clause and view.opens_clause(c.start, clause[0], sentence)),
                "after_preposition": float(text[c.start - 1 : c.start] in _PREPOSITIONS),
            }
        )
        options.add(facts[j].value, source, features, j, facts[j].type)
    # 该公司 opening the clause, with no name before the number: the name of the sentence before
    refers = refer is not None and not before and view.opens_clause(refer.start(), clause[0], sentence)
    for back, j in here.previous_names:
        features = _name_features(view, j, carried)
        features.update({"sentences_back": back / PREVIOUS_SENTENCES, "refer_cue": float(refer is not None)})
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
        # a phrase a number named is seldom what a later sentence's numbers are of; a name often is
        features["carried_phrase_on"] = float(last.subject_kind == "other" and last.sentence != fact.sentence)
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
        yield "phrase_counted", view.clean_phrase(view.counted(number.end))
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


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end
