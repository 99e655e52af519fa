"""The whole pipeline from the command line, scored by ../shared/eval/score.py on the first article."""

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import FIRST_ARTICLE, PROJECT, first_article_corpus, shared

# Floors on the scorer's strict F1 for the first article. Raise them as the
# extractors improve; never lower them.
MAIN_STRICT_F1_FLOOR = 0.98
TYPE_STRICT_F1_FLOORS = {
    "money": 0.97,
    "percent": 0.97,
    "quantity": 0.97,
    "date": 0.95,
    "org": 0.95,
    "product": 0.97,
    "person": 0.99,
}


def run_cli(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "zh_facts", *args], capture_output=True, text=True, cwd=PROJECT)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    corpus = first_article_corpus(tmp_path_factory.mktemp("corpus"))
    output = tmp_path_factory.mktemp("output")
    result = run_cli("extract", str(corpus), "-o", str(output))
    return corpus, output, result


def test_scores_above_the_floor_with_exact_offsets(first_run):
    corpus, output, _ = first_run
    shared("gold")
    scored = subprocess.run(
        [sys.executable, str(shared("eval/score.py")), str(output / "facts.csv"), "--corpus", str(corpus), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    score = json.loads(scored.stdout)
    assert score["offset_checked"] > 200
    assert score["offset_errors"] == 0
    assert score["main_strict_f1"] >= MAIN_STRICT_F1_FLOOR, score["main_strict_f1"]
    for kind, floor in TYPE_STRICT_F1_FLOORS.items():
        assert score["types"][kind]["strict_f1"] >= floor, (kind, score["types"][kind])


def test_outputs_and_summary(first_run):
    corpus, output, result = first_run
    assert "1 article," in result.stdout and "money" in result.stdout
    facts = pd.read_csv(output / "facts.csv", dtype=str, keep_default_na=False)
    for column in [
        "doc_id",
        "type",
        "start",
        "end",
        "text",
        "value",
        "unit",
        "qualifier",
        "mod",
        "fact_id",
        "sentence_id",
        "sentence",
        "rule_id",
        "text_simplified",
    ]:
        assert column in facts.columns
    assert facts["fact_id"].is_unique
    original = FIRST_ARTICLE.read_text(encoding="utf-8")
    assert all(original[int(s) : int(e)] == t for s, e, t in zip(facts.start, facts.end, facts.text))
    assert all(text in sentence for text, sentence in zip(facts.text, facts.sentence))
    parquet = pd.read_parquet(output / "facts.parquet")
    assert parquet["start"].dtype == "int64" and len(parquet) == len(facts)
    documents = pd.read_csv(output / "documents.csv", keep_default_na=False)
    row = documents.iloc[0]
    assert (row.status, row.script, row.reference_date, row.reference_date_source) == (
        "ok",
        "traditional",
        "2025-07-01",
        "metadata",
    )


def test_rerun_skips_unchanged_articles_and_is_identical(first_run):
    corpus, output, _ = first_run
    before = (output / "facts.csv").read_bytes()
    result = run_cli("extract", str(corpus), "-o", str(output))
    assert "1 taken from the cache" in result.stdout
    assert (output / "facts.csv").read_bytes() == before


def test_broken_article_is_reported_and_others_go_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIRST_ARTICLE, corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = run_cli("extract", str(corpus), "-o", str(tmp_path / "out"), check=False)
    assert result.returncode == 1
    assert "2 failed: empty, image" in result.stdout
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert documents.loc["good", "status"] == "ok" and documents.loc["good", "facts"] > 100
    assert documents.loc["empty", "status"] == "error" and "empty.txt: empty file" in documents.loc["empty", "error"]
    assert "PNG image" in documents.loc["image", "error"]
    assert documents.loc["good", "reference_date_source"] in ("dateline", "run")


def test_help_explains_every_command():
    out = run_cli("--help").stdout
    for command in ("extract", "rules"):
        assert command in out


def test_python_api_for_notebooks():
    from zh_facts import extract_text

    frame = extract_text("騰訊元寶在一個月內砸下約3億元進行投流，去年下半年增長了七成。", date="2025-07-01")
    rows = {(r.type, r.text): r for r in frame.itertuples()}
    assert rows[("money", "3億元")].value == "300000000" and rows[("money", "3億元")].qualifier == "approx"
    assert rows[("date", "去年下半年")].value == "2024-H2"
    assert rows[("percent", "七成")].value == "70"
    assert rows[("product", "騰訊元寶")].value == "腾讯元宝"
