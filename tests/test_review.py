"""Review pages: escaped article text, one highlight per fact, checked in a real browser."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIRST_ARTICLE

from zh_facts.engine.run import run
from zh_facts.ruleset.loading import default_rules

HOSTILE = (
    "騰訊元寶在一個月內砸下約3億元。<script>document.body.setAttribute('data-pwned','1')</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">，字節跳動增長七成。"
)


@pytest.fixture(scope="module")
def review_run(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(FIRST_ARTICLE, corpus / FIRST_ARTICLE.name)
    shutil.copy(FIRST_ARTICLE.with_suffix(".meta.json"), corpus / FIRST_ARTICLE.with_suffix(".meta.json").name)
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"")
    output = tmp_path_factory.mktemp("output")
    run(corpus, output, default_rules())
    return output


def fact_count(output: Path, doc_id: str) -> int:
    import pandas as pd

    facts = pd.read_csv(output / "facts.csv", dtype=str, keep_default_na=False)
    return int((facts.doc_id == doc_id).sum())


def test_pages_mark_every_fact_and_escape_the_article(review_run):
    page = (review_run / "review" / "hostile.html").read_text(encoding="utf-8")
    assert "<script>document" not in page and "&lt;script&gt;" in page
    assert "<img" not in page
    assert page.count('<mark class="fact') == fact_count(review_run, "hostile") >= 3
    first = (review_run / "review" / f"{FIRST_ARTICLE.stem}.html").read_text(encoding="utf-8")
    assert first.count('<mark class="fact') == fact_count(review_run, FIRST_ARTICLE.stem)
    assert 'title="money: 30000000 USD more_than [money.currency_after]"' in first


def test_pages_list_the_records_each_number_linked_to_its_highlight(review_run):
    import pandas as pd

    records = pd.read_csv(review_run / "records.csv", dtype=str, keep_default_na=False)
    page = (review_run / "review" / f"{FIRST_ARTICLE.stem}.html").read_text(encoding="utf-8")
    mine = records[records.doc_id == FIRST_ARTICLE.stem]
    assert f"<h2>{len(mine)} records</h2>" in page and page.count("<li>") + page.count('<li class="low"') == len(mine)
    assert "<li>智谱 — revenue — " in page
    for anchor in re.findall(r'<li>.*?<a href="#([^"]+)">', page):
        assert f'id="{anchor}"' in page  # every number links to its highlighted span


def test_the_summary_page_groups_money_records_and_charts_the_largest(review_run):
    import pandas as pd

    records = pd.read_csv(review_run / "records.csv", dtype=str, keep_default_na=False)
    money = records[records.type == "money"]
    page = (review_run / "review" / "summary.html").read_text(encoding="utf-8")
    assert "<script" not in page and 'href="summary.html"' in (review_run / "review" / "index.html").read_text("utf-8")
    currency = money.unit.value_counts().index[0]
    assert page.count("<rect") == min(20, int((money.unit == currency).sum())) > 0
    assert f"The {page.count('<rect')} largest amounts in {currency}" in page
    assert "<td>智谱</td><td>revenue</td><td>2024</td><td>CNY</td>" in page
    for target, anchor in re.findall(r'href="([^"#]+\.html)#([^"]+)"', page):  # every amount links to its highlight
        assert f'id="{anchor}"' in (review_run / "review" / target).read_text(encoding="utf-8")


def test_index_lists_articles_counts_and_errors(review_run):
    index = (review_run / "review" / "index.html").read_text(encoding="utf-8")
    assert f'href="{FIRST_ARTICLE.stem}.html"' in index and "hostile.html" in index
    assert "broken" in index and "empty file" in index


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def rendered_dom(path: Path) -> str:
    result = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={path.parent / '.chromium'}",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.slow  # headless Chromium
@pytest.mark.skipif(
    not chromium() and not os.environ.get("CI"), reason="headless Chromium not installed (.ci/run installs it)"
)
@pytest.mark.parametrize("doc_id", [FIRST_ARTICLE.stem, "hostile"])
def test_in_headless_chromium(review_run, doc_id):
    dom = rendered_dom(review_run / "review" / f"{doc_id}.html")
    assert len(re.findall(r'<mark class="fact ', dom)) == fact_count(review_run, doc_id)
    assert len(re.findall(r"<li>", dom)) == len(
        re.findall(r"<li>", (review_run / "review" / f"{doc_id}.html").read_text(encoding="utf-8"))
    )  # records shown
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # no script ran on <body>
    if doc_id == "hostile":
        assert "&lt;script&gt;document.body.setAttribute" in dom  # shown as text


@pytest.mark.slow  # headless Chromium
@pytest.mark.skipif(
    not chromium() and not os.environ.get("CI"), reason="headless Chromium not installed (.ci/run installs it)"
)
def test_summary_chart_in_headless_chromium(review_run):
    dom = rendered_dom(review_run / "review" / "summary.html")
    page = (review_run / "review" / "summary.html").read_text(encoding="utf-8")
    assert dom.count("<rect") == page.count("<rect") > 0 and "<svg" in dom


def screenshot(page: Path, target: Path, height: int = 1600) -> bytes:
    result = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={target.parent / '.chromium'}",
            f"--window-size=1280,{height}",
            f"--screenshot={target}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return target.read_bytes()


@pytest.mark.slow  # headless Chromium
@pytest.mark.skipif(
    not chromium() and not os.environ.get("CI"), reason="headless Chromium not installed (.ci/run installs it)"
)
@pytest.mark.parametrize("page", [f"{FIRST_ARTICLE.stem}.html", "index-by-date.html"])
def test_screenshots_in_headless_chromium(review_run, page, tmp_path_factory):
    """Screenshots a reviewer looks at (their folder is printed: `pytest -s`); each is a real picture."""
    folder = Path(os.environ.get("ZH_FACTS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    png = screenshot(review_run / "review" / page, folder / page.replace(".html", ".png"))
    print(f"\nscreenshot: {folder / page.replace('.html', '.png')}")
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == 1280
    assert len(png) > 20_000  # text drawn, not a blank page


def test_article_page_says_what_the_article_is_and_shows_values_as_read(review_run):
    page = (review_run / "review" / f"{FIRST_ARTICLE.stem}.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-TW">' in page  # Traditional text, drawn with Traditional glyphs
    assert "<h1>中小AI企業還剩什么?</h1>" in page  # the metadata's title
    assert (
        "<dt>date</dt><dd>2025-07-01 (metadata)</dd>" in page and "<dt>source</dt><dd>NetEase Hao (網易號)</dd>" in page
    )
    assert "<dt>region</dt><dd>CN" in page
    assert "<td>3億</td><td>CNY</td>" in page  # 300000000 as a reader writes it
    assert "<td>2024年</td>" in page
    for heading in ("sentence", "direction", "per", "owner", "rule"):
        assert f"<th>{heading}</th>" in page
    hostile = (review_run / "review" / "hostile.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-TW">' in hostile and "<h1>騰訊元寶在一個月內砸下約3億元。&lt;script&gt;" in hostile


def test_the_index_in_several_orders_with_title_date_region_and_counts(review_run):
    from zh_facts.outputs.review import INDEX_ORDERS

    by_facts = (review_run / "review" / "index-by-facts.html").read_text(encoding="utf-8")
    assert "<script" not in by_facts
    for name in INDEX_ORDERS:
        assert (review_run / "review" / name).exists() and f'href="{name}"' in (
            (review_run / "review" / "index.html").read_text(encoding="utf-8") if name != "index.html" else by_facts
        )
    rows = re.findall(r"<tr><td>(?:<a [^>]+>)?([^<]+)", by_facts)
    assert rows == [FIRST_ARTICLE.stem, "hostile", "broken"]  # most facts first
    assert "<td>中小AI企業還剩什么?</td><td>2025-07-01</td><td>CN</td><td>232</td>" in by_facts
    assert "date 43; money 20; org 99" in by_facts


def test_counts_are_singular_for_one(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "one.txt").write_text("腾讯营收3亿元。", encoding="utf-8")
    run(tmp_path / "corpus", tmp_path / "out", default_rules())
    review = tmp_path / "out" / "review"
    assert "<h1>1 article</h1>" in (review / "index.html").read_text(encoding="utf-8")
    page = (review / "one.html").read_text(encoding="utf-8")
    assert "<h2>1 record</h2>" in page and "<h2>2 facts</h2>" in page
    summary = (review / "summary.html").read_text(encoding="utf-8")
    assert "<p>1 money record in 1 group of subject" in summary and "<h2>The largest amount in CNY</h2>" in summary
    assert not re.search(r"\b1 (article|record|fact|group|money record)s\b", page + summary)


def test_each_type_has_its_colour_and_underline_style():
    from zh_facts.datatypes import DocumentResult
    from zh_facts.outputs.review import article_page

    types = default_rules().types
    page = article_page(DocumentResult("a", "a.txt"), "", types)
    for t in types.values():  # text-decoration draws every style of types.yaml (a border has no `wavy`)
        assert (
            f"mark.fact.{t.name}, .legend .{t.name} {{ background-color: {t.colour}40; "
            f"text-decoration-style: {t.underline}; text-decoration-color: {t.colour}; }}"
        ) in page
    assert "border-bottom" not in page
