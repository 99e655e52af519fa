"""A spaCy component: `nlp.add_pipe("zh_facts")` on a Chinese pipeline.

Sets `doc._.facts` to every fact (`Fact` tuples: exact character offsets into
`doc.text`, type, text, value, unit, ... as in facts.csv) and `doc.spans["facts"]`
to those whose edges are token edges, as a `Span` with an OntoNotes-style label
(MONEY, PERCENT, DATE, ORG, PRODUCT, QUANTITY, PERSON: each type's `label` in
`rules/types.yaml`). A fact is never widened to token edges: with a word
tokenizer that makes 台積電營收 one token, the organisation 台積電 is in
`doc._.facts` only, and a `FactOffTokens` warning names it. On a span,
`span._.value` is typed: a float for the number types (`role: number` in
`rules/types.yaml`: money, percent, quantity), the string otherwise; the value as
facts.csv writes it is `span._.value_text`; `._.unit`, `._.qualifier`, `._.mod`,
`._.owner` and `._.rule_id` as there. The non-overlapping spans are added to
`doc.ents` (the longest wins, as spaCy's `filter_spans` decides). Registered
through the `spacy_factories` entry point, so it works after a plain install:

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

import warnings

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..outputs.tables import amount

SPAN_KEY = "facts"
ATTRIBUTES = ("unit", "qualifier", "mod", "rule_id", "owner")  # copied from the fact as they are

for _attribute in ("value", "value_text", *ATTRIBUTES):
    if not Span.has_extension(_attribute):
        Span.set_extension(_attribute, default=None)
for _attribute in ("facts", "records"):  # every Fact; the records.Record tuples: each number with what it measures
    if not Doc.has_extension(_attribute):
        Doc.set_extension(_attribute, default=None)


class FactOffTokens(UserWarning):
    """A fact whose start or end falls inside a token: it is in `doc._.facts`, not made a span."""


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
        extraction = extract_article(Article("spacy", doc.text, meta=meta), self.rules, self.reference_date)
        doc._.facts = extraction.facts
        doc._.records = extraction.records
        spans = []
        for fact in extraction.facts:
            span = doc.char_span(fact.start, fact.end, label=self.rules.types[fact.type].label)
            if span is None:
                warnings.warn(
                    f"zh_facts: {fact.type} {fact.text!r} at characters {fact.start}-{fact.end} does not begin and "
                    "end at token edges: it is in doc._.facts, not in doc.spans['facts']",
                    FactOffTokens,
                    stacklevel=2,
                )
                continue
            number = amount(fact.type, fact.value, self.rules.types.numbers)
            span._.value = fact.value if number is None else number
            span._.value_text = fact.value
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
