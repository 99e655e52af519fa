"""The Dask backend: on a LocalCluster with 2 workers, the same tables as a local run."""

import json
import socket
import subprocess
import sys
from pathlib import Path

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
    parts = pd.read_parquet(tmp_path / "dask" / "facts_parquet")  # written by the workers, a file a partition
    pd.testing.assert_frame_equal(parts, pd.read_parquet(tmp_path / "local" / "facts.parquet"), check_dtype=False)
    assert not list((tmp_path / "dask").glob(".dask-parts*"))  # the workers' parts are gone


def test_dask_with_a_scheduler_and_workers_started_as_processes(corpus, tmp_path):
    """As on a cluster: `dask scheduler` and two `dask worker` processes on this machine, joined by address."""
    dask = Path(sys.executable).parent / "dask"
    port = _free_port()
    started = [
        subprocess.Popen(
            [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            started.append(
                subprocess.Popen(
                    [str(dask), "worker", f"tcp://127.0.0.1:{port}", "--nthreads", "1", "--no-dashboard"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from dask.distributed import Client

        with Client(f"tcp://127.0.0.1:{port}", timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        rules = default_rules()
        run(corpus, tmp_path / "local", rules, RunOptions(use_cache=False, review=False))
        summary = run_dask(corpus, tmp_path / "dask", rules.folder, scheduler=f"tcp://127.0.0.1:{port}")
        assert summary.failed == ["broken"]
        for name in ("facts.csv", "records.csv", "documents.csv"):
            assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
