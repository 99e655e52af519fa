"""Public NER sets that nothing here was tuned on, read and scored the same way for every test and report.

MSRA NER test (`../shared/data/ner/msra_test_*`: characters and BIO tags PER/LOC/ORG) and
CLUENER2020 dev (`../shared/data/cluener/dev.jsonl`). Their conventions are not our SCHEMA's:
MSRA tags a whole government body with its country or Party prefix as one ORG
(`中国共产党中央委员会`), counts a person's name split around a `·` as one PER, and
tags no product; CLUENER labels miss entities (its precision figure is a lower bound).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import regex
from conftest import SHARED

MSRA_SENTENCES = SHARED / "data/ner/msra_test_sentences.txt"
MSRA_TAGS = SHARED / "data/ner/msra_test_tags.txt"
CLUENER_DEV = SHARED / "data/cluener/dev.jsonl"


def msra_sentences() -> list[tuple[str, dict[str, set[tuple[int, int]]]]]:
    """(text, {label: {(start, end)}}) per sentence."""
    out = []
    sentences = MSRA_SENTENCES.read_text(encoding="utf-8").splitlines()
    tags = MSRA_TAGS.read_text(encoding="utf-8").splitlines()
    for chars, labels in zip(sentences, tags):
        chars, labels = chars.split(), labels.split()
        spans: dict[str, set[tuple[int, int]]] = {}
        start = kind = None
        for i, tag in enumerate(labels + ["O"]):
            if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
                spans.setdefault(kind, set()).add((start, i))
                start = kind = None
            if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                start, kind = i, tag[2:]
        out.append(("".join(chars), spans))
    return out


def cluener_rows() -> list[tuple[str, dict[str, set[tuple[int, int]]]]]:
    rows = []
    for line in CLUENER_DEV.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        spans = {
            label: {(s, e + 1) for starts in names.values() for s, e in starts} for label, names in row["label"].items()
        }
        rows.append((row["text"], spans))
    return rows


@dataclass
class SpanScore:
    true_positives: int = 0
    found: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name}: F1 {self.f1:.3f} (P {self.precision:.3f}, R {self.recall:.3f}; "
            f"{self.true_positives} right of {self.found} found, {self.gold} in gold)"
        )


def facts_of(rules, text: str):
    from zh_facts.datatypes import Article
    from zh_facts.stages.extract import extract_article

    return extract_article(Article("ner", text), rules).facts


# MSRA's ORG spans that our SCHEMA reads otherwise: a party's congress is a meeting, not an organisation
# (十五大, 中共十五大, 中国致公党第十一次全国代表大会), and a body's term number is no part of its name
# (第九届全国人民代表大会 names 全国人民代表大会, the shortest span that names the organisation).
_CONGRESS = regex.compile(r"(?:第?[一二三四五六七八九十]+次全国代表大会|[一二三四五六七八九十]{1,3}大)$")
_TERM = regex.compile(r"^第?[一二三四五六七八九十]+届(?=\p{Han}{2})")


def in_schema(text: str, spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """MSRA's ORG spans as our SCHEMA reads them: congresses dropped, term numbers cut off."""
    out = set()
    for start, end in spans:
        name = text[start:end]
        if _CONGRESS.search(name):
            continue
        term = _TERM.match(name)
        out.add((start + term.end() if term else start, end))
    return out


def score_msra(rules) -> dict[str, SpanScore]:
    """Exact-span scores: our org against ORG (and against ORG as our SCHEMA reads it), our person against PER."""
    scores = {"ORG": SpanScore(), "ORG in SCHEMA": SpanScore(), "PER": SpanScore()}
    ours_of = {"ORG": "org", "ORG in SCHEMA": "org", "PER": "person"}
    for text, gold in msra_sentences():
        facts = facts_of(rules, text)
        gold = {**gold, "ORG in SCHEMA": in_schema(text, gold.get("ORG", set()))}
        for label, score in scores.items():
            found = {(f.start, f.end) for f in facts if f.type == ours_of[label]}
            expected = gold.get(label, set())
            score.true_positives += len(found & expected)
            score.found += len(found)
            score.gold += len(expected)
    return scores


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_cluener(rules, labels: tuple[str, ...], fact_type: str) -> tuple[SpanScore, float]:
    """Overlap recall of `labels` by facts of `fact_type`, and the share of those facts on any CLUENER label."""
    recall = SpanScore()
    ours = on_label = 0
    for text, gold in cluener_rows():
        found = [(f.start, f.end) for f in facts_of(rules, text) if f.type == fact_type]
        for label in labels:
            for span in gold.get(label, ()):
                recall.gold += 1
                recall.true_positives += any(overlaps(span, f) for f in found)
        every = [span for spans in gold.values() for span in spans]
        ours += len(found)
        on_label += sum(any(overlaps(f, span) for span in every) for f in found)
    return recall, (on_label / ours if ours else 0.0)
