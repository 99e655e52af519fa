"""The typed records that flow from one stage to the next."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

FACT_TYPES = ("money", "percent", "date", "org", "product", "quantity", "person")
QUALIFIERS = ("", "approx", "more_than", "at_least", "at_most")
MODS = ("", "START", "MID", "END")
REGION_CURRENCY = {"CN": "CNY", "TW": "TWD", "HK": "HKD"}  # the regions an article can be from, and a bare 元 there
REGIONS = tuple(REGION_CURRENCY)


@dataclass(frozen=True)
class Article:
    """One decoded article: `text` is the original every offset refers to."""

    doc_id: str
    text: str
    path: str = ""
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # what reading repaired or left out (bad bytes, a bad sidecar)


@dataclass(frozen=True)
class ReferenceDate:
    """The date relative expressions resolve against, and where it came from."""

    day: date
    source: str  # "metadata", "dateline", "run"


# The records made by the thousand per article (sentences, words, candidates, facts) are
# named tuples: as immutable as frozen dataclasses, and three times cheaper to make.


class Sentence(NamedTuple):
    """A sentence of an article, by its offsets into the text, and the paragraph (line) it is in."""

    sentence_id: int
    start: int
    end: int
    paragraph_id: int


class Token(NamedTuple):
    """A word of a clause, by its offsets, with its part-of-speech tag."""

    start: int
    end: int
    text: str
    pos: str = ""  # jieba's part-of-speech tag (ICTCLAS set: n, v, ns, nr, nt, nz, ...)


class Value(NamedTuple):
    """What a normaliser makes of one match. `start`/`end` (in the matched
    text's coordinates) narrow the span when the normaliser trims it."""

    value: str
    unit: str = ""
    qualifier: str = ""
    mod: str = ""
    per: str = ""
    owner: str = ""
    direction: str = ""
    code: str = ""  # an organisation's stock code: 600519.SH, 0700.HK, 2330.TW, BABA
    same_period_years: int | None = None  # 去年同期 (-1): the sentence's period, so many years away
    anchored: str = ""  # 次日, 同年: a word of rules/lexicon/dates.yaml `anchored`, counted from the date before it
    start: int | None = None
    end: int | None = None


class Candidate(NamedTuple):
    """A rule's match on the simplified text, normalised, before overlaps are resolved."""

    type: str
    start: int  # simplified-text offsets
    end: int
    rule_id: str
    priority: int
    value: Value


class Fact(NamedTuple):
    """One fact mention: a row of facts.csv (../shared/SCHEMA.md gives the columns). `text` is
    `original[start:end]`; `value`, `unit`, `qualifier` and `mod` are the normalised value."""

    doc_id: str
    type: str
    start: int  # original-text offsets
    end: int
    text: str
    value: str
    unit: str
    qualifier: str
    mod: str
    rule_id: str
    text_simplified: str
    sentence_id: int
    sentence: str
    per: str = ""
    owner: str = ""
    direction: str = ""
    date_start: str = ""
    date_end: str = ""
    code: str = ""

    @property
    def fact_id(self) -> str:
        """Stable across runs: the same fact at the same place gets the same id."""
        return f"{self.doc_id}:{self.type}:{self.start}-{self.end}"


@dataclass
class DocumentResult:
    """One row of documents.csv, plus the facts of that article."""

    doc_id: str
    path: str
    title: str = ""  # the metadata's title, else the article's first line
    source: str = ""  # the metadata's source, else its url
    encoding: str = ""
    script: str = ""
    region: str = ""
    region_source: str = ""
    reference_date: str = ""
    reference_date_source: str = ""
    characters: int = 0
    body_end: int = 0
    facts: list[Fact] = field(default_factory=list)
    fact_count: int = 0  # len(facts), kept when the facts themselves have been written out
    fact_counts: str = ""  # facts per type, `date 3; money 2` (the review index shows them)
    records: list = field(default_factory=list)  # records.Record: each number fact linked to what it measures
    status: str = "ok"
    error: str = ""
    content_hash: str = ""


class Record(NamedTuple):
    """One number fact tied to what it measures (../shared/RECORDS.md)."""

    doc_id: str
    value_fact_id: str
    start: int
    end: int
    text: str
    type: str
    value: str
    unit: str
    qualifier: str
    direction: str
    per: str
    subject_fact_id: str
    subject: str
    subject_kind: str
    metric: str
    period_fact_id: str
    period: str
    modality: str
    sentence: str
    rule_id: str
    confidence: float = 0.0  # the linking models' estimate that subject, metric and period are all right (0-1)


RECORD_COLUMNS = list(Record._fields)
STREAM_TABLES = ("facts", "records")  # what `extract -o -` can write to standard output
