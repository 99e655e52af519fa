"""The spaCy component, found through its entry point after a plain install."""

import spacy


def test_zh_facts_component_sets_spans_and_ents():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts", config={"reference_date": "2025-07-01"})
    doc = nlp("騰訊元寶在一個月內砸下約3億元，去年下半年增長七成")
    facts = {(s.text, s.label_): s for s in doc.spans["facts"]}
    assert facts[("3億元", "MONEY")]._.value == "300000000" and facts[("3億元", "MONEY")]._.unit == "CNY"
    assert facts[("去年下半年", "DATE")]._.value == "2024-H2"
    assert facts[("七成", "PERCENT")]._.value == "70"
    assert ("騰訊", "ORG") in facts and ("騰訊元寶", "PRODUCT") in facts
    assert [(r.text, r.subject, r.metric) for r in doc._.records] == [
        ("3億元", "腾讯元宝", "spending"),
        ("七成", "腾讯元宝", "spending"),
    ]
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("騰訊元寶", "PRODUCT") in ents and ("騰訊", "ORG") not in ents  # ents never overlap


def test_document_date_overrides_the_config():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts")
    doc = nlp.make_doc("去年營收增長")
    doc.user_data["date"] = "2020-05-01"
    doc = nlp(doc)
    assert [s._.value for s in doc.spans["facts"] if s.label_ == "DATE"] == ["2019"]


def test_the_region_comes_from_the_config():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts", config={"reference_date": "2025-07-01", "region": "HK"})
    doc = nlp("營收1兆元")
    assert [(s.text, s._.unit) for s in doc.spans["facts"]] == [("1兆元", "HKD")]
