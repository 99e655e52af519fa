"""The Python API: facts and records of a text as pandas DataFrames."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..datatypes import Article
from ..outputs.tables import facts_frame, records_frame, typed_frame
from ..ruleset.loading import RuleSet, default_rules
from ..stages.extract import Extraction, extract_article
from ..stages.read import MAX_ARTICLE_BYTES, clean, parse_meta_date
from ..stages.region import region_meta

if TYPE_CHECKING:
    import pandas as pd


def _extract_one(
    text: str, date: str | None, rules: RuleSet | str | None, doc_id: str, region: str | None = None
) -> Extraction:
    if not isinstance(text, str):
        hint = " (decode it first: text.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"text: a str, not {type(text).__name__}{hint}")
    if len(text) > MAX_ARTICLE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
        raise ValueError(f"text: over the {MAX_ARTICLE_BYTES} byte limit for one article")
    ruleset = rules if isinstance(rules, RuleSet) else default_rules(rules)
    meta = {"date": parse_meta_date(date, "date argument")} if date else {}
    meta.update(region_meta(region, "region argument"))
    # Line ends as the files' (\r\n and \r read as \n) but of the same length, so that offsets are `text`'s own
    same_length = clean(text.replace("\r\n", " \n").replace("\r", "\n"))
    extraction = extract_article(Article(doc_id=doc_id, text=same_length, meta=meta), ruleset)
    if same_length is not text:
        extraction.facts = [f._replace(text=text[f.start : f.end]) for f in extraction.facts]
        extraction.records = [r._replace(text=text[r.start : r.end]) for r in extraction.records]
    return extraction


def extract_text(
    text: str,
    date: str | None = None,
    rules: RuleSet | str | None = None,
    doc_id: str = "text",
    region: str | None = None,
) -> pd.DataFrame:
    """Facts of one text as a DataFrame with the same columns as facts.csv (for notebooks).

    `date` (ISO) is the reference date for relative dates; without it, a
    dateline in the text or today is used. `region` (CN, TW or HK) says where the
    text is from (what a bare 元 means); without it, the text's own words decide.
    Beside facts.csv's columns (text), `amount` holds the value of a money, percent
    or quantity fact as a float, and `date_start`/`date_end` are dates.
    """
    ruleset = rules if isinstance(rules, RuleSet) else default_rules(rules)
    facts = facts_frame(_extract_one(text, date, ruleset, doc_id, region).facts)
    return typed_frame(facts, ruleset.types.numbers)


def extract_records(
    text: str,
    date: str | None = None,
    rules: RuleSet | str | None = None,
    doc_id: str = "text",
    region: str | None = None,
) -> pd.DataFrame:
    """Records of one text (each number with its subject, metric, period and modality) as a DataFrame
    with the columns of records.csv; `date` and `region` as for `extract_text`."""
    return records_frame(_extract_one(text, date, rules, doc_id, region).records)
