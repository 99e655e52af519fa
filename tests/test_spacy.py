"""The spaCy component, found through its entry point after a plain install."""

import warnings

import pytest
import spacy
from spacy.tokens import Doc

from zh_facts.api.spacy_component import FactOffTokens


def test_zh_facts_component_sets_spans_and_ents():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts", config={"reference_date": "2025-07-01"})
    doc = nlp("騰訊元寶在一個月內砸下約3億元，去年下半年增長七成")
    facts = {(s.text, s.label_): s for s in doc.spans["facts"]}
    money = facts[("3億元", "MONEY")]
    assert (money._.value, money._.value_text, money._.unit) == (300000000.0, "300000000", "CNY")
    assert type(money._.value) is float and facts[("七成", "PERCENT")]._.value == 70.0
    assert facts[("去年下半年", "DATE")]._.value == "2024-H2" == facts[("去年下半年", "DATE")]._.value_text
    assert facts[("騰訊", "ORG")]._.value == "腾讯"
    assert [(f.start, f.end, f.rule_id) for f in doc._.facts] == [
        (s.start_char, s.end_char, s._.rule_id) for s in doc.spans["facts"]
    ]  # every fact is a span where tokens are characters
    assert ("騰訊", "ORG") in facts and ("騰訊元寶", "PRODUCT") in facts
    assert [(r.text, r.subject, r.metric) for r in doc._.records] == [
        ("3億元", "腾讯元宝", "spending"),
        ("七成", "腾讯元宝", "spending"),
    ]
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("騰訊元寶", "PRODUCT") in ents and ("騰訊", "ORG") not in ents  # ents never overlap


def test_the_document_date_then_a_dateline_then_the_config_date():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts", config={"reference_date": "2025-07-01"})

    def years(text: str, own_date: str | None = None) -> list[str]:
        doc = nlp.make_doc(text)
        if own_date:
            doc.user_data["date"] = own_date
        doc = nlp(doc)
        return [s._.value for s in doc.spans["facts"] if s.text == "去年"]

    assert years("去年營收增長", "2020-05-01") == ["2019"]  # the document's own date, as an article's metadata
    assert years("2022年3月5日電 去年營收增長") == ["2021"]  # a dateline, as in a run
    assert years("去年營收增長") == ["2024"]  # the config's date, as `extract --date`


def test_the_region_comes_from_the_config():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts", config={"reference_date": "2025-07-01", "region": "HK"})
    doc = nlp("營收1兆元")
    assert [(s.text, s._.unit) for s in doc.spans["facts"]] == [("1兆元", "HKD")]


class WordTokenizer:
    """Longest match over a word list, else one character: a word segmenter as a Chinese pipeline has one."""

    def __init__(self, vocab, words):
        self.vocab, self.words = vocab, sorted(words, key=len, reverse=True)

    def __call__(self, text: str) -> Doc:
        tokens, i = [], 0
        while i < len(text):
            word = next((w for w in self.words if text.startswith(w, i)), text[i])
            tokens.append(word)
            i += len(word)
        return Doc(self.vocab, words=tokens, spaces=[False] * len(tokens))


def test_a_fact_inside_a_token_is_never_widened():
    nlp = spacy.blank("zh")
    nlp.tokenizer = WordTokenizer(nlp.vocab, ["台積電營收", "去年", "2兆元", "成長", "33.9%"])
    nlp.add_pipe("zh_facts", config={"reference_date": "2025-07-01", "region": "TW"})
    text = "台積電營收去年2兆元，成長33.9%。"
    with pytest.warns(FactOffTokens) as caught:
        doc = nlp(text)
    assert [t.text for t in doc][:3] == ["台積電營收", "去年", "2兆元"]
    assert [str(w.message) for w in caught] == [
        "zh_facts: org '台積電' at characters 0-3 does not begin and end at token edges: "
        "it is in doc._.facts, not in doc.spans['facts']"
    ]
    org = next(f for f in doc._.facts if f.type == "org")
    assert (org.start, org.end, org.text, org.value) == (0, 3, "台積電", "台积电")  # exact offsets, kept
    assert all(text[f.start : f.end] == f.text for f in doc._.facts)
    spans = [(s.text, s.label_, s._.value) for s in doc.spans["facts"]]
    assert spans == [("去年", "DATE", "2024"), ("2兆元", "MONEY", 2e12), ("33.9%", "PERCENT", 33.9)]
    assert "台積電營收" not in [e.text for e in doc.ents]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # facts on token edges warn of nothing
        nlp("去年2兆元")
