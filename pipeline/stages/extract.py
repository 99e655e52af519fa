"""Extract stage: run every rule over one article and resolve what they found.

Overlaps are resolved one way, per layer: the longest span wins, then the
higher priority, then the earlier start. Each fact type declares its layer and
the layers it yields to (`rules/types.yaml`): money, percent, quantity and date
form one layer (a number is one of them, never two); organisations and
products are each their own layer, so a company named inside a product
(`腾讯` in `腾讯元宝`) is still a mention; a person yields to organisations and
products.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from datetime import date
from time import perf_counter
from typing import TYPE_CHECKING

import regex

from ..datatypes import Article, Candidate, Fact, Record, ReferenceDate
from ..link import Linker
from ..ruleset.loading import PATTERN_TIMEOUT
from ..text.convert import ConvertedText, convert
from ..text.segment import SentenceIndex, split_sentences
from .document import DocContext
from .propagate import propagate
from .region import article_region

if TYPE_CHECKING:
    from ..ruleset.fact_types import FactTypes
    from ..ruleset.loading import RuleSet

_DATELINE = regex.compile(r"((?:19|20)\d{2})\s?[年\-/.]\s?(\d{1,2})\s?[月\-/.]\s?(\d{1,2})")
DATELINE_WINDOW = 300  # a dateline sits at the head of the article


@dataclass
class Extraction:
    facts: list[Fact]
    reference: ReferenceDate
    script: str
    warnings: list[str]
    lost: list[Candidate]  # candidates that lost an overlap, for `rules explain`
    records: list[Record]  # each money, percent and quantity fact linked to its subject, metric and period
    body_end: int  # original offset where page chrome (disclaimers, related links) begins
    region: str = "CN"  # CN, TW or HK: what a bare 元 means, whether 113年 is a Republic-of-China year
    region_source: str = ""  # what said so: metadata, argument, source domain, encoding, text, script


def reference_date(article: Article, simplified: str, run_date: date) -> ReferenceDate:
    meta_date = article.meta.get("date")
    if isinstance(meta_date, date):
        return ReferenceDate(meta_date, "metadata")
    for m in _DATELINE.finditer(simplified, 0, DATELINE_WINDOW):
        try:
            return ReferenceDate(date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "dateline")
        except ValueError:
            continue
    return ReferenceDate(run_date, "run")


# Below this length the load-time stress test (3,000-character texts, 1 s each) already bounds every
# pattern; a longer line gets a time limit. (The limit costs as much as a short scan itself.)
TIMEOUT_FROM_LENGTH = 2000
MAX_VALUE_CHARACTERS = 40  # longer, a value is no figure of news (a number of 100,000 digits), and is dropped


def find_candidates(
    rules: RuleSet, doc: DocContext, warnings: list[str], timings: Counter | None = None, before: int | None = None
) -> list[Candidate]:
    """Every rule's normalised matches; with `before`, only those that start before it (the body's end: the
    candidates in the page chrome after it are dropped as they are found, not kept until the end)."""
    out = []
    before = len(doc.text) if before is None else before
    text = doc.text
    started = perf_counter() if timings is not None else 0.0
    spans_of_rules = rules.prefilter.spans(text)
    if timings is not None:
        timings["rules: prefilter"] += perf_counter() - started
    for index, spans in spans_of_rules:
        rule = rules.rules[index]
        normalise = rule.normalise
        started = perf_counter() if timings is not None else 0.0
        segmenting = timings["segment"] if timings is not None else 0.0  # the words a rule asks for are timed apart
        try:
            for span_start, span_end in spans:
                if span_end - span_start > TIMEOUT_FROM_LENGTH:
                    matches = rule.compiled.finditer(text, span_start, span_end, timeout=PATTERN_TIMEOUT)
                else:
                    matches = rule.compiled.finditer(text, span_start, span_end)
                for m in matches:
                    try:
                        value = normalise(m, doc)
                    except (ArithmeticError, ValueError) as exc:  # a year past 9999, a number of a million digits
                        warnings.append(f"rule {rule.id}: {m.group()[:40]!r} at {m.start()} has no value ({exc})")
                        continue
                    if value is None:
                        continue
                    if len(value.value) > MAX_VALUE_CHARACTERS:  # a run of digits, an id, a dump: no figure
                        warnings.append(f"rule {rule.id}: the value at {m.start()} has {len(value.value)} characters")
                        continue
                    start = m.start() + (value.start or 0)
                    end = m.start() + value.end if value.end is not None else m.end()
                    if end > start and start < before:
                        out.append(Candidate(rule.type, start, end, rule.id, rule.priority, value))
        except TimeoutError:
            warnings.append(f"rule {rule.id} ({rule.where}) stopped after {PATTERN_TIMEOUT}s on this article")
        if timings is not None:
            timings[f"rules: {rule.type}"] += perf_counter() - started - (timings["segment"] - segmenting)
    return out


class _Taken:
    """Non-overlapping spans of one layer, sorted, for overlap tests in O(log n)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # the last span starting before `end`
        return i >= 0 and self.ends[i] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def resolve(
    candidates: list[Candidate], types: FactTypes, gap_fillers: frozenset[str] = frozenset()
) -> tuple[list[Candidate], list[Candidate]]:
    """Keep the longest, then highest-priority, then earliest candidate of each overlap, per layer.

    Candidates of the rules in `gap_fillers` (a model's) come last and are kept only where they overlap
    no kept span of any layer: a model never overrules a rule, nor splits a number.
    """
    kept: list[Candidate] = []
    lost: list[Candidate] = []
    taken: dict[str, _Taken] = {}  # made for a layer when it takes its first span (most articles use few)
    ruled = [c for c in candidates if c.rule_id not in gap_fillers]
    for c in sorted(ruled, key=lambda c: (c.start - c.end, -c.priority, c.start, c.rule_id)):
        fact_type = types[c.type]
        for layer in fact_type.blocking_layers:
            spans = taken.get(layer)
            if spans is not None and spans.overlaps(c.start, c.end):
                lost.append(c)
                break
        else:
            _take(taken, fact_type.layer, c)
            kept.append(c)
    if len(ruled) < len(candidates):
        for c in sorted((c for c in candidates if c.rule_id in gap_fillers), key=lambda c: (c.start, c.rule_id)):
            if any(spans.overlaps(c.start, c.end) for spans in taken.values()):
                lost.append(c)
            else:
                _take(taken, types[c.type].layer, c)
                kept.append(c)
    kept.sort(key=lambda c: (c.start, c.end, c.type))
    return kept, lost


def _take(taken: dict[str, _Taken], layer: str, c: Candidate) -> None:
    spans = taken.get(layer)
    if spans is None:
        spans = taken[layer] = _Taken()
    spans.add(c.start, c.end)


def extract_article(
    article: Article,
    rules: RuleSet,
    run_date: date | None = None,
    timings: Counter | None = None,
    converted: ConvertedText | None = None,
    trace: list | None = None,
    keep_lost: bool = True,
) -> Extraction:
    """Every fact of one article. `timings`, when given, accumulates seconds per stage (for bench/);
    `converted` is the article's text already converted (`convert_many` converts a batch at once);
    `trace` receives the linking options of each number (`Linker.link`). Without `keep_lost`, the candidates
    that lost are let go before linking (a run has no use for them: 45 MB in a 20 MB article)."""
    clock = _Clock(timings)
    if converted is None:
        converted = convert(article.text)
        clock.lap("convert")
    text = converted.simplified
    sentences = split_sentences(text)
    clock.lap("split sentences")
    reference = reference_date(article, text, run_date or date.today())
    region, region_source = article_region(text, converted.script, rules.lexicon, article.meta, article.encoding)
    doc = DocContext(
        text=text,
        reference=reference,
        script=converted.script,
        region=region,
        sentences=SentenceIndex(sentences),
        lexicon=rules.lexicon,
        names=rules.names,
        segmenter=rules.segmenter,
        timings=timings,
    )
    warnings: list[str] = []
    body_end = rules.lexicon.body_end(text)
    clock.lap("context")
    candidates = find_candidates(rules, doc, warnings, timings, before=body_end)
    clock.lap(None)  # find_candidates timed each rule family itself
    kept, lost = resolve(candidates, rules.types, rules.gap_fillers)
    # A name spread through the article stands where the model found one: the model only fills gaps
    again, withdrawn = propagate([c for c in kept if c.rule_id not in rules.gap_fillers], doc, body_end)
    if again or withdrawn:  # resolved again: propagate never adds a place that overlaps a name of its type found
        kept, lost = resolve([c for c in candidates if c not in withdrawn] + again, rules.types, rules.gap_fillers)
    for document_pass in rules.passes:  # declared by the types (rules/types.yaml `passes`)
        kept = document_pass(kept, doc, rules)
    del candidates
    if not keep_lost:
        lost = []
    facts = []
    sentence_texts: dict[int, str] = {}  # by sentence id: the facts of a sentence share its text
    for c in kept:
        start, end = converted.offsets.span(c.start, c.end)
        sentence = doc.sentence_at(c.start)
        if sentence is None:
            sentence_text = article.text[start:end].strip()
        else:
            sentence_text = sentence_texts.get(sentence.sentence_id)
            if sentence_text is None:
                s_start, s_end = converted.offsets.span(sentence.start, sentence.end)
                sentence_text = sentence_texts[sentence.sentence_id] = article.text[s_start:s_end].strip()
        filled = {}
        for columns, fill in rules.fillers.get(c.type, ()):
            filled.update(zip(columns, fill(c, doc)))
        facts.append(
            Fact(
                doc_id=article.doc_id,
                type=c.type,
                start=start,
                end=end,
                text=article.text[start:end],
                value=c.value.value,
                unit=c.value.unit,
                qualifier=c.value.qualifier,
                mod=c.value.mod,
                rule_id=c.rule_id,
                text_simplified=text[c.start : c.end],
                sentence_id=sentence.sentence_id if sentence else -1,
                sentence=sentence_text,
                per=c.value.per,
                owner=c.value.owner,
                direction=filled.get("direction", ""),
                date_start=filled.get("date_start", ""),
                date_end=filled.get("date_end", ""),
                code=c.value.code,
            )
        )
    clock.lap("resolve and map back")
    records = Linker.of(rules.linking, rules.types).link(doc, kept, facts, trace)
    clock.lap("link records")
    return Extraction(
        facts,
        reference,
        converted.script,
        warnings,
        lost,
        records,
        converted.offsets.to_original(body_end),
        region,
        region_source,
    )


class _Clock:
    """Seconds per stage into a Counter; does nothing without one. The words a stage asks the segmenter
    for are timed apart (as "segment"), so a lap leaves them out and no time is counted twice."""

    def __init__(self, timings: Counter | None):
        self.timings = timings
        self.last = perf_counter()
        self.segmented = timings["segment"] if timings is not None else 0.0

    def lap(self, stage: str | None) -> None:
        if self.timings is not None:
            now, segmented = perf_counter(), self.timings["segment"]
            if stage:
                self.timings[stage] += now - self.last - (segmented - self.segmented)
            self.last, self.segmented = now, segmented
