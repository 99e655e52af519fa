"""Value conventions that the rule examples do not pin down alone."""

import pandas as pd
import pytest
from conftest import facts_of

from zh_facts.normalizers.dates import timex_bounds


@pytest.mark.parametrize(
    "value,bounds",
    [
        ("2024", ("2024-01-01", "2024-12-31")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2025-02-19TEV", ("2025-02-19", "2025-02-19")),
        ("2020-09-11T18:05", ("2020-09-11", "2020-09-11")),
        ("2024-Q3", ("2024-07-01", "2024-09-30")),
        ("2024-H2", ("2024-07-01", "2024-12-31")),
        ("2024-WI", ("2024-12-01", "2025-02-28")),
        ("2025-W27", ("2025-06-30", "2025-07-06")),
        ("2024-01/2024-11", ("2024-01-01", "2024-11-30")),
        ("FY2024", ("", "")),
        ("FY2025-Q1", ("", "")),  # a fiscal year's quarter: when the year starts is the company's
        ("XXXX-08", ("", "")),
    ],
)
def test_timex_bounds(value, bounds):
    assert timex_bounds(value) == bounds


def test_bare_month_takes_the_year_written_before_it():
    facts = {f["text"]: f for f in facts_of("早在2023年3月，他們在8月份發布了產品。")}
    assert facts["8月份"]["value"] == "2023-08"


@pytest.mark.parametrize(
    "text,date,written,value",
    [
        # the nearest occurrence: the own year unless more than half a year ahead or seven months back
        ("6月18日舉行", "2025-05-20", "6月18日", "2025-06-18"),
        ("端午節人流", "2025-05-20", "端午節", "2025-05-31"),
        ("12月的數據", "2025-01-10", "12月", "2024-12"),
        ("1月的數據", "2025-12-20", "1月", "2026-01"),
        ("1月以來新低", "2024-08-13", "1月", "2024-01"),  # 以来 looks back; within seven months anyway
        ("3月的數據", "2025-09-11", "3月", "2025-03"),  # 194 days back: still this year's
        # a tense word moves a date over (or ahead) for more than a month
        ("9月，公司發布了產品。", "2025-07-01", "9月", "2024-09"),
        ("公司將於3月發布", "2025-11-20", "3月", "2026-03"),
        ("預計可推動1-2月零售增速加快", "2025-03-14", "2月", "2025-02"),  # a month just over: a forecast of it
        ("發展行動計劃，3月的數據", "2025-07-01", "3月", "2025-03"),  # a plan's name is no tense word
        ("公司計劃3月推出", "2025-07-01", "3月", "2026-03"),
        # a day or weekday alone: the most recent, the coming one after a forward word in its clause
        ("（中央社記者台北30日電）", "2025-07-01", "30日", "2025-06-30"),
        ("會議將於5日至9日舉行", "2025-07-01", "9日", "2025-07-09"),
        ("將於星期五宣判", "2025-03-03", "星期五", "2025-03-07"),
        ("總統星期日強調，措施將是短暫的", "2025-04-14", "星期日", "2025-04-13"),
    ],
)
def test_a_date_without_a_year_is_its_nearest_occurrence_unless_a_tense_word_says_otherwise(text, date, written, value):
    facts = {f["text"]: f for f in facts_of(text, date=date)}
    assert facts[written]["value"] == value


def test_date_columns():
    fact = next(f for f in facts_of("去年下半年，營收增長。") if f["type"] == "date")
    assert (fact["date_start"], fact["date_end"]) == (pd.Timestamp("2024-07-01"), pd.Timestamp("2024-12-31"))


def test_dateline_is_the_reference_when_there_is_no_metadata():
    from zh_facts import extract_text

    frame = extract_text("2024年8月12日星期一\n公司去年營收增長。")
    row = frame[frame.text == "去年"].iloc[0]
    assert row.value == "2023"


def test_taiwanese_article_prices_in_twd_and_reads_roc_years():
    text = "台積電今天在台北宣布，民國113年營收達新台幣2.89兆元，股價收在580元。台灣股市上漲。"
    facts = {f["text"]: f for f in facts_of(text)}
    assert facts["580元"]["unit"] == "TWD"
    assert facts["新台幣2.89兆元"]["value"] == "2890000000000"
    assert facts["民國113年"]["value"] == "2024"


def test_region_counts_every_place_marker_occurrence(rules):
    """A Traditional article is from Taiwan or Hong Kong when it names their places twice or more;
    `新台币` counts as 新台币 and as 台币, as counting each marker on its own would."""
    from zh_facts.stages.region import article_region

    lexicon = rules.lexicon
    assert lexicon.place_counts("新台币新台币香港") == {"TW": 4, "HK": 1}
    assert article_region("以新台币计价", "traditional", lexicon, {}) == ("TW", "text")
    assert article_region("香港一间公司", "traditional", lexicon, {}) == ("CN", "text")  # one marker is not enough
    assert article_region("香港的港股", "traditional", lexicon, {}) == ("HK", "text")
    assert article_region("香港的港股", "simplified", lexicon, {}) == ("CN", "script")
    # Taiwan's words for software, networks and digital (软体, 网路, 数位: 软件, 网络, 数字 on the mainland)
    assert article_region("推出数位座舱的软体与网路服务", "traditional", lexicon, {}) == ("TW", "text")


def test_a_big5_file_is_from_taiwan_or_hong_kong_unless_its_words_say_otherwise(rules):
    from zh_facts.stages.region import article_region

    lexicon = rules.lexicon
    assert article_region("營收一兆元", "traditional", lexicon, {}, "big5") == ("TW", "encoding")
    assert article_region("營收一兆元", "traditional", lexicon, {}, "big5hkscs") == ("HK", "encoding")
    assert article_region("香港的港股", "traditional", lexicon, {}, "big5") == ("HK", "text")
    assert article_region("營收一兆元", "traditional", lexicon, {"region": "cn"}, "big5") == ("CN", "metadata")


def test_the_region_can_be_given_where_the_text_cannot_say(tmp_path):
    import pytest as _pytest

    from zh_facts.api.python import extract_text
    from zh_facts.engine.run import RunOptions, run
    from zh_facts.ruleset.loading import default_rules

    def money_units(**region):
        facts = extract_text("台積電營收1兆元", "2025-07-01", **region)
        return facts[facts["type"] == "money"]["unit"].tolist()

    assert money_units() == ["CNY"]
    assert money_units(region="TW") == ["TWD"]
    with _pytest.raises(ValueError, match="region 'JP'"):
        extract_text("營收1兆元", region="JP")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("營收1兆元", encoding="utf-8")
    (corpus / "b.txt").write_text("營收1兆元", encoding="utf-8")
    (corpus / "b.meta.json").write_text('{"region": "HK"}', encoding="utf-8")
    run(corpus, tmp_path / "out", default_rules(), RunOptions(region="TW", review=False))
    import csv

    with open(tmp_path / "out" / "documents.csv", encoding="utf-8", newline="") as table:
        documents = list(csv.DictReader(table))
    assert [(d["region"], d["region_source"]) for d in documents] == [("TW", "argument"), ("HK", "metadata")]
    facts = (tmp_path / "out" / "facts.csv").read_text(encoding="utf-8")
    assert "TWD" in facts and "HKD" in facts


def test_percentage_points_are_told_from_percents_in_facts_records_and_review():
    """SCHEMA: 5个百分点 is a change of 5 points (unit pp), never 5 %; the records and the review page keep it so."""
    from zh_facts import extract_records
    from zh_facts.datatypes import Fact
    from zh_facts.outputs.review import display_value

    text = "招商银行2024年净息差下降20个基点，不良率上升0.5个百分点，营收增长5%。"
    facts = {f["text"]: f for f in facts_of(text)}
    assert (facts["20个基点"]["value"], facts["20个基点"]["unit"]) == ("0.2", "pp")
    assert (facts["0.5个百分点"]["value"], facts["0.5个百分点"]["unit"]) == ("0.5", "pp")
    assert facts["5%"]["unit"] == "%"
    records = extract_records(text, date="2025-07-01").set_index("text")
    assert records.loc["20个基点", "unit"] == "pp" and records.loc["20个基点", "direction"] == "down"
    assert records.loc["20个基点", "metric"] != "share"  # a change of points is no share of a whole
    shown = Fact("t", "percent", 0, 9, "0.5个百分点", "0.5", "pp", "", "", "percent.points", "0.5个百分点", 0, "")
    assert display_value(shown) == "0.5 pp"
