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
