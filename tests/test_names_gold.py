"""Names on 16 development articles of ../shared/data/news (Taiwan, Hong Kong, mainland), annotated by hand
(tests/names_gold/annotations.yaml), and on held-out sets: 40 items of its RTHK feed (tests/names_heldout/), 10
mainland articles (tests/names_heldout_cn/) and 4 Taiwan articles (tests/names_heldout_tw/), scored by
../shared/eval/score.py.

The articles are development data: some name rules were written after reading them, so these figures are
kinder than those on news nothing here has seen. The held-out items are that news: drawn at random,
annotated from their texts alone, and never to be read for their misses (MSRA and CLUENER,
tests/test_public_ner.py, have been). Prints the scorer's tables; asserts the issue's targets on the
development articles, and regression floors on the held-out items (raise them, never lower them).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, gold_corpus, shared

GOLD = PROJECT / "tests" / "names_gold"
# Ten mainland articles annotated for products alone (tests/names_gold_products/annotations.yaml): development data,
# read for the kinds the product rules miss. Span F1 floor a little under what was measured (2026-12-07: 0.698, P 0.87
# R 0.58, when they were annotated; 0.888 after car marques, services and platforms were read from them; 0.912 after
# round five's kinds).
PRODUCTS_GOLD = PROJECT / "tests" / "names_gold_products"
PRODUCTS_SPAN_F1_FLOOR = 0.90
HELD_OUT = PROJECT / "tests" / "names_heldout"
FACT_F1_FLOORS = {"org": 0.85, "product": 0.70, "person": 0.85}
# The held-out feed items (tests/names_heldout/annotations.yaml) are scored, never read for their misses:
# span F1 floors a little under what was measured when they were annotated (2026-12-01: org 0.832, P 0.88
# R 0.79; person 0.836, P 0.88 R 0.79), a guard against regressions, not a target.
HELD_OUT_SPAN_F1_FLOORS = {"org": 0.82, "person": 0.83}
# Held-out articles of the mainland (10) and Taiwan (4), annotated on 2026-12-07 from their texts alone (products
# as the current SCHEMA has them: devices, chips and vehicles with their model names). Floors a little under
# what was measured, as guards (2026-12-07, span F1 when annotated: mainland org 0.702, product 0.076, person
# 0.883; Taiwan org 0.938, product 0.000, person 0.500; after issue 30's product lines, drugs and vetoes:
# mainland org 0.701, product 0.137, person 0.884; Taiwan org 0.938, product 0.538, person 0.500; after car marques,
# engines, chip lines and services: mainland org 0.718, product 0.225, person 0.887; after domestic chip lines,
# models repeated and chip lines alone: mainland product 0.373, P 0.92 R 0.23).
HELD_OUT_ARTICLE_FLOORS = {
    "cn": {"org": 0.71, "product": 0.36, "person": 0.88},
    "tw": {"org": 0.93, "product": 0.53, "person": 0.49},
}


def test_the_gold_is_what_the_annotation_gives():
    shared("data/news")
    checked = subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "build_names_gold.py"), "--check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def _scores(gold: Path, tmp_path: Path, types: str | None = None) -> dict:
    """Extract the annotated articles and score them with the shared scorer (on `types` alone where given); prints
    its table."""
    scorer = shared("eval/score.py")
    corpus = gold_corpus(yaml.safe_load((gold / "annotations.yaml").read_text(encoding="utf-8")), tmp_path / "corpus")
    subprocess.run(
        [sys.executable, "-m", "zh_facts", "extract", str(corpus), "-o", str(tmp_path / "out")],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    score = [
        sys.executable,
        str(scorer),
        str(tmp_path / "out" / "facts.csv"),
        "--gold",
        str(gold),
        "--corpus",
        str(corpus),
        *(["--types", types] if types else []),
    ]
    print(subprocess.run(score, capture_output=True, text=True, check=True).stdout)
    return json.loads(subprocess.run([*score, "--json"], capture_output=True, text=True, check=True).stdout)["types"]


def test_names_on_the_development_news(tmp_path):
    types = _scores(GOLD, tmp_path)
    for kind, floor in FACT_F1_FLOORS.items():
        assert types[kind]["fact_f1"] >= floor, (kind, types[kind])


def test_products_on_the_development_news(tmp_path):
    types = _scores(PRODUCTS_GOLD, tmp_path, "product")
    assert types["product"]["span_f1"] >= PRODUCTS_SPAN_F1_FLOOR, types["product"]


def test_names_on_held_out_feed_items(tmp_path):
    types = _scores(HELD_OUT, tmp_path)
    for kind, floor in HELD_OUT_SPAN_F1_FLOORS.items():
        assert types[kind]["span_f1"] >= floor, (kind, types[kind])


@pytest.mark.parametrize("region", ["cn", "tw"])
def test_names_on_held_out_articles(tmp_path, region):
    types = _scores(PROJECT / "tests" / f"names_heldout_{region}", tmp_path)
    for kind, floor in HELD_OUT_ARTICLE_FLOORS[region].items():
        assert types[kind]["span_f1"] >= floor, (kind, types[kind])
