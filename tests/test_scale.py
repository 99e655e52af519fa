"""Parallel runs: the same output as one worker, byte for byte."""
from conftest import news_corpus
from pipeline.extract import default_rules
from pipeline.run import run


def test_two_workers_write_the_same_tables_as_one(tmp_path):
    corpus = news_corpus(tmp_path / "corpus", articles=30, feed_lines=300)
    one, two = tmp_path / "one", tmp_path / "two"
    first = run(corpus, one, default_rules(), use_cache=False, review=False)
    second = run(corpus, two, default_rules(), use_cache=False, review=False, workers=2)
    assert first.articles == second.articles == 30 + 300 + 1
    for name in ("facts.csv", "documents.csv", "facts_spreadsheet.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
