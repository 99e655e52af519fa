"""The Dask backend: on a LocalCluster with 2 workers, the same tables as a local run."""

import json

import pandas as pd
import pytest
from conftest import news_corpus

from zh_facts.engine.dask_engine import run_dask
from zh_facts.engine.run import RunOptions, run
from zh_facts.ruleset.loading import default_rules

pytestmark = pytest.mark.slow  # starts Dask clusters


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return news_corpus(tmp_path_factory.mktemp("corpus"), articles=12, feed_lines=40)


def test_dask_on_a_local_cluster_matches_the_local_run(corpus, tmp_path):
    rules = default_rules()
    run(corpus, tmp_path / "local", rules, RunOptions(use_cache=False, review=False))
    summary = run_dask(corpus, tmp_path / "dask", rules.folder, workers=2)
    assert summary.failed == ["broken"]
    for name in ("facts.csv", "facts_spreadsheet.csv", "documents.csv", "records.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    assert pd.read_parquet(tmp_path / "dask" / "facts.parquet").equals(
        pd.read_parquet(tmp_path / "local" / "facts.parquet")
    )
    parts = pd.read_parquet(tmp_path / "dask" / "facts_parquet")
    local = pd.read_csv(tmp_path / "local" / "facts.csv", dtype=str, keep_default_na=False)
    assert len(parts) == len(local) and list(parts.columns) == list(local.columns)


def test_dask_reads_a_table_of_articles(tmp_path):
    rows = [
        {"id": "a", "text": "騰訊元寶在一個月內砸下約3億元進行投流", "date": "2025-07-01"},
        {"id": "b", "text": "去年下半年營收增長七成", "date": "2025-07-01"},
    ]
    table = tmp_path / "articles.jsonl"
    table.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    pd.DataFrame(rows).to_parquet(tmp_path / "articles.parquet")
    for source in (table, tmp_path / "articles.parquet"):
        out = tmp_path / f"out-{source.suffix[1:]}"
        run_dask(source, out, default_rules().folder, workers=2)
        facts = pd.read_csv(out / "facts.csv", dtype=str, keep_default_na=False)
        values = set(zip(facts.doc_id, facts.type, facts.value))
        assert ("a", "money", "300000000") in values and ("b", "date", "2024-H2") in values
