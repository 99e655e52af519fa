"""A spaCy component: `nlp.add_pipe("zh_facts")` on a Chinese pipeline.

Sets `doc.spans["facts"]` to every fact as a `Span` with an OntoNotes-style
label (MONEY, PERCENT, DATE, ORG, PRODUCT, QUANTITY, PERSON: each type's
`label` in `rules/types.yaml`) and the
normalised value on `span._.value` (with `._.unit`, `._.qualifier`,
`._.mod`, `._.rule_id`), and adds the non-overlapping ones to `doc.ents`
(the longest wins, as spaCy's `filter_spans` decides). Registered through
the `spacy_factories` entry point, so it works after a plain install:

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts", config={"reference_date": "2025-07-01"})
    doc = nlp("騰訊元寶在一個月內砸下約3億元")
    [(s.text, s.label_, s._.value) for s in doc.spans["facts"]]

`doc._.records` holds the records (each money, percent and quantity fact with
its subject, metric, period and modality: the rows of records.csv). A
document's own date can be given as `doc.user_data["date"]` (as an article's
metadata date); else a dateline at the head of its text, else the config's
`reference_date` (as `zh-facts extract --date`), else today is the reference
date of relative dates. The config's `region` (CN, TW or HK) says where the
texts are from (what a bare 元 means), as `--region` does for a run.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

SPAN_KEY = "facts"
ATTRIBUTES = ("value", "unit", "qualifier", "mod", "rule_id", "owner")

for _attribute in ATTRIBUTES:
    if not Span.has_extension(_attribute):
        Span.set_extension(_attribute, default=None)
if not Doc.has_extension("records"):
    Doc.set_extension("records", default=None)  # records.Record tuples: each number with what it measures


class ZhFacts:
    def __init__(self, reference_date: str | None, rules: str | None, region: str | None = None):
        from ..ruleset.loading import default_rules
        from ..stages.read import parse_meta_date
        from ..stages.region import region_meta

        self.rules = default_rules(rules)
        self.reference_date = parse_meta_date(reference_date, "zh_facts config") if reference_date else None
        self.region = region_meta(region, "zh_facts config")

    def __call__(self, doc: Doc) -> Doc:
        from ..datatypes import Article
        from ..stages.extract import extract_article
        from ..stages.read import parse_meta_date

        own_date = doc.user_data.get("date")
        meta = {"date": parse_meta_date(own_date, "doc.user_data['date']")} if own_date else {}
        meta.update(self.region)
        spans = []
        extraction = extract_article(Article("spacy", doc.text, meta=meta), self.rules, self.reference_date)
        doc._.records = extraction.records
        for fact in extraction.facts:
            span = doc.char_span(fact.start, fact.end, label=self.rules.types[fact.type].label, alignment_mode="expand")
            if span is None:
                continue
            for attribute in ATTRIBUTES:
                span._.set(attribute, getattr(fact, attribute))
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        doc.ents = filter_spans(list(doc.ents) + spans)
        return doc


@Language.factory("zh_facts", default_config={"reference_date": None, "rules": None, "region": None})
def make_zh_facts(
    nlp: Language, name: str, reference_date: str | None, rules: str | None, region: str | None
) -> ZhFacts:
    return ZhFacts(reference_date, rules, region)
