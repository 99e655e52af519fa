"""Parallel runs: the same output as one worker, byte for byte."""

import pytest
from conftest import news_corpus

from zh_facts.engine.run import RunOptions, run
from zh_facts.engine.workers import CHUNK, CHUNK_BYTES, batches
from zh_facts.ruleset.loading import default_rules
from zh_facts.stages.read import Source


@pytest.mark.slow  # worker processes
def test_two_workers_write_the_same_tables_as_one(tmp_path):
    corpus = news_corpus(tmp_path / "corpus", articles=30, feed_lines=300)
    one, two = tmp_path / "one", tmp_path / "two"
    first = run(corpus, one, default_rules(), RunOptions(use_cache=False, review=False))
    second = run(corpus, two, default_rules(), RunOptions(use_cache=False, review=False, workers=2))
    assert first.articles == second.articles == 30 + 300 + 1
    for name in ("facts.csv", "documents.csv", "facts_spreadsheet.csv", "records.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_long_articles_go_to_workers_in_smaller_chunks():
    feed_items = [Source(f"item-{i}", f"feed.jsonl:{i}", b"{}", 400) for i in range(CHUNK + 1)]
    articles = [Source(f"article-{i}", f"article-{i}.txt", size=CHUNK_BYTES // 4) for i in range(9)]
    sizes = [len(batch) for batch in batches(feed_items + articles)]
    assert sizes == [CHUNK, 1 + 4, 4, 1]  # a chunk closes at CHUNK articles or once it holds CHUNK_BYTES
    assert [s for batch in batches(feed_items + articles) for s in batch] == feed_items + articles


def test_a_batch_that_fails_to_convert_is_converted_article_by_article(tmp_path, monkeypatch):
    import zh_facts.engine.workers as workers_module

    corpus = news_corpus(tmp_path / "corpus", articles=3, feed_lines=20)
    run(corpus, tmp_path / "batched", default_rules(), RunOptions(use_cache=False, review=False))

    def broken(texts):
        raise RuntimeError("the batch breaks")

    monkeypatch.setattr(workers_module, "convert_many", broken)
    summary = run(corpus, tmp_path / "alone", default_rules(), RunOptions(use_cache=False, review=False))
    assert summary.failed == ["broken"]  # only the empty file: every other article was converted alone
    for name in ("facts.csv", "documents.csv"):
        assert (tmp_path / "alone" / name).read_bytes() == (tmp_path / "batched" / name).read_bytes(), name


def test_the_benchmark_times_each_stage_once(rules):
    """bench/run.py's shares: jieba's segmentation is timed apart from the rules that ask for it,
    so no time is counted twice (the stages' sum stays within the wall time)."""
    from collections import Counter
    from time import perf_counter

    from conftest import FIRST_ARTICLE

    from zh_facts.datatypes import Article
    from zh_facts.stages.extract import extract_article

    timings: Counter = Counter()
    started = perf_counter()
    extract_article(Article("first", FIRST_ARTICLE.read_text(encoding="utf-8")), rules, timings=timings)
    wall = perf_counter() - started
    assert {
        "convert",
        "split sentences",
        "context",
        "segment",
        "rules: prefilter",
        "rules: org",
        "rules: money",
        "resolve and map back",
    } <= set(timings)
    assert sum(timings.values()) <= wall
