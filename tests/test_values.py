"""Value conventions that the rule examples do not pin down alone."""
import pytest

from conftest import facts_of
from pipeline.normalizers.dates import timex_bounds


@pytest.mark.parametrize("value,bounds", [
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
    ("XXXX-08", ("", "")),
])
def test_timex_bounds(value, bounds):
    assert timex_bounds(value) == bounds


def test_bare_month_takes_the_year_written_before_it():
    facts = {f["text"]: f for f in facts_of("早在2023年3月，他們在8月份發布了產品。")}
    assert facts["8月份"]["value"] == "2023-08"


def test_bare_month_without_context_is_the_most_recent_not_after_the_reference():
    facts = {f["text"]: f for f in facts_of("9月，公司發布了產品。", date="2025-07-01")}
    assert facts["9月"]["value"] == "2024-09"


def test_date_columns():
    fact = next(f for f in facts_of("去年下半年，營收增長。") if f["type"] == "date")
    assert (fact["date_start"], fact["date_end"]) == ("2024-07-01", "2024-12-31")


def test_dateline_is_the_reference_when_there_is_no_metadata():
    from pipeline import extract_text

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
    from pipeline.context import article_region

    lexicon = rules.lexicon
    assert lexicon.place_counts("新台币新台币香港") == {"TW": 4, "HK": 1}
    assert article_region("以新台币计价", "traditional", lexicon, {}) == "TW"
    assert article_region("香港一间公司", "traditional", lexicon, {}) == "CN"  # one marker is not enough
    assert article_region("香港的港股", "traditional", lexicon, {}) == "HK"
    assert article_region("香港的港股", "simplified", lexicon, {}) == "CN"
