"""Names on 16 development articles of ../shared/data/news (Taiwan, Hong Kong, mainland), annotated by hand
(tests/names_gold/annotations.yaml), scored by ../shared/eval/score.py.

The articles are development data: some name rules were written after reading them, so these figures are
kinder than those on news nothing here has seen (MSRA and CLUENER, tests/test_public_ner.py, are public
sets nothing is trained on, though their misses have been read too). Prints the scorer's table; asserts the issue's targets as floors (raise them, never lower them).
"""
import json
import shutil
import subprocess
import sys

import yaml

from conftest import PROJECT, shared

GOLD = PROJECT / "tests" / "names_gold"
FACT_F1_FLOORS = {"org": 0.85, "product": 0.70, "person": 0.85}

def test_the_gold_is_what_the_annotation_gives():
    shared("data/news")
    checked = subprocess.run([sys.executable, str(PROJECT / "tools" / "build_names_gold.py"), "--check"],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_names_on_the_development_news(tmp_path):
    news, scorer = shared("data/news"), shared("eval/score.py")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id in yaml.safe_load((GOLD / "annotations.yaml").read_text(encoding="utf-8")):
        for suffix in (".txt", ".meta.json"):
            if (news / f"{doc_id}{suffix}").exists():
                shutil.copy(news / f"{doc_id}{suffix}", corpus)
    subprocess.run([sys.executable, "-m", "pipeline", "extract", str(corpus), "-o", str(tmp_path / "out")],
                   cwd=PROJECT, check=True, capture_output=True)
    score = [sys.executable, str(scorer), str(tmp_path / "out" / "facts.csv"),
             "--gold", str(GOLD), "--corpus", str(corpus)]
    print(subprocess.run(score, capture_output=True, text=True, check=True).stdout)
    types = json.loads(subprocess.run([*score, "--json"], capture_output=True, text=True, check=True).stdout)["types"]
    for kind, floor in FACT_F1_FLOORS.items():
        assert types[kind]["fact_f1"] >= floor, (kind, types[kind])
