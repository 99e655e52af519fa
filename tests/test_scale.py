"""Parallel runs: the same output as one worker, byte for byte."""
import shutil

from conftest import SHARED
from pipeline.extract import default_rules
from pipeline.run import run


def test_two_workers_write_the_same_tables_as_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    news = sorted((SHARED / "data" / "news").glob("*.txt"))[:30]
    for path in news:
        shutil.copy(path, corpus)
        if path.with_suffix(".meta.json").exists():
            shutil.copy(path.with_suffix(".meta.json"), corpus)
    with open(SHARED / "data" / "news" / "rthk_feed_2025.jsonl", encoding="utf-8") as feed:
        (corpus / "feed.jsonl").write_text("".join(line for _, line in zip(range(300), feed)), encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"")
    one, two = tmp_path / "one", tmp_path / "two"
    first = run(corpus, one, default_rules(), use_cache=False, review=False)
    second = run(corpus, two, default_rules(), use_cache=False, review=False, workers=2)
    assert first.articles == second.articles == 30 + 300 + 1
    for name in ("facts.csv", "documents.csv", "facts_spreadsheet.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
