"""Extraction on a Dask cluster: `python -m zh_facts extract INPUT --engine dask [--scheduler ADDRESS]`.

INPUT is a corpus folder, or a JSON Lines or Parquet table of articles with
columns `id`, `text` and optionally `date`. The articles become a Dask
DataFrame; each partition is extracted where it lies (`map_partitions` with a
declared `meta`), and the results are written as partitioned Parquet
(`OUTPUT/facts_parquet/`) and, for outputs that fit in memory, the same tables
as a local run (`facts.csv`, `facts_spreadsheet.csv`, `facts.parquet`,
`documents.csv`), by the same writer.

Without `--scheduler` a LocalCluster of `--workers` processes is started; with
it, the run joins an existing cluster (every worker needs this package and
the rules folder installed at the same path, see README).
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..datatypes import RECORD_COLUMNS
from ..outputs.sinks import TablesWriter
from ..outputs.tables import (
    DOCUMENT_COLUMNS,
    DOCUMENT_INT_COLUMNS,
    FACT_COLUMNS,
    FACT_INT_COLUMNS,
    documents_frame,
    facts_frame,
    records_frame,
    render_document_rows,
    render_fact_rows,
    render_records,
)
from ..ruleset.fact_types import load_types
from .cache import Cache
from .run import RunSummary
from .workers import count_facts, process

if TYPE_CHECKING:
    import dask.dataframe

# One frame carries all results of a partition: `kind` says whether a row is a fact, a record or a document.
DOCUMENT_ONLY = [c for c in DOCUMENT_COLUMNS if c not in FACT_COLUMNS]
RECORD_ONLY = [c for c in RECORD_COLUMNS if c not in FACT_COLUMNS and c not in DOCUMENT_ONLY]
INT_COLUMNS = {*FACT_INT_COLUMNS, *DOCUMENT_INT_COLUMNS}
COLUMNS = ["kind", *FACT_COLUMNS, *DOCUMENT_ONLY, *RECORD_ONLY]


def meta() -> pd.DataFrame:
    """The empty frame that declares what every partition returns (whole numbers may be missing:
    a document row has no `start`, a fact row no `characters`)."""
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c in INT_COLUMNS else "string") for c in COLUMNS})


def _rows(results, kind: str, columns: list[str]):
    """The rows of one kind, with their own columns and plain int64 whole numbers."""
    chosen = results[results["kind"] == kind][columns]
    return chosen.astype({c: "int64" for c in columns if c in INT_COLUMNS})


ARTICLE_COLUMNS = ["doc_id", "path", "kind", "record", "text", "date"]


def article_table(source: Path, partitions: int) -> dask.dataframe.DataFrame:
    """Articles as a Dask DataFrame: `kind` is `source` (a file or JSON Lines record, in `record`)
    or `row` (a table row with `text` and `date`)."""
    import dask.dataframe as dd

    if source.is_dir() and not any(source.glob("*.parquet")):
        from ..stages.read import iter_sources

        rows = [(s.doc_id, s.path, "source", s.record, None, None) for s in iter_sources(source)]
        frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS, dtype=object)
        return dd.from_pandas(frame, npartitions=max(1, min(partitions, len(frame))), sort=False)
    if source.suffix == ".parquet" or source.is_dir():
        table = dd.read_parquet(str(source))
    elif source.suffix in (".jsonl", ".json"):
        table = dd.read_json(str(source), lines=True, blocksize=2**24, dtype=False)  # dates stay text
    else:
        raise ValueError(f"{source}: not a corpus folder, a .jsonl or a .parquet table")
    missing = {"id", "text"} - set(table.columns)
    if missing:
        raise ValueError(f"{source}: an article table needs columns id and text (missing {', '.join(sorted(missing))})")
    table = table.assign(
        doc_id=table["id"].astype(str),
        path=str(source),
        kind="row",
        record=None,
        date=table["date"].astype(str) if "date" in table.columns else None,
    )
    return table[ARTICLE_COLUMNS]


def extract_partition(
    articles: pd.DataFrame, rules_folder: str, run_date: str, region: str | None = None
) -> pd.DataFrame:
    """Extract every article of one partition (runs on a worker)."""
    from ..ruleset.loading import default_rules
    from ..stages.read import Source

    rules = default_rules(rules_folder)
    day = date.fromisoformat(run_date)
    sources = [
        Source(row.doc_id, row.path, row.record if isinstance(row.record, bytes) else None)
        if row.kind == "source"
        else _TableSource(row.doc_id, row.path, row.text, row.date)
        for row in articles.itertuples(index=False)
    ]
    found, documents, records = [], [], []
    for processed in process(sources, rules, day, Cache(None), region):
        result = processed.result
        count_facts(result)
        found.extend(result.facts)
        records.extend(result.records)
        result.fact_count, result.facts = len(result.facts), []
        documents.append(result)
    facts = facts_frame(found)  # one frame for the partition: making one per article took longer than extracting it
    facts.insert(0, "kind", "fact")
    docs = documents_frame(documents)
    docs.insert(0, "kind", "document")
    linked = records_frame(records)
    linked.insert(0, "kind", "record")
    out = pd.concat([facts, docs, linked], ignore_index=True)
    return out.reindex(columns=COLUMNS).astype(meta().dtypes.to_dict())


class _TableSource:
    """An article given as a table row (id, text, date) rather than a file."""

    warning = ""  # as a Source's: nothing the run changed about it

    def __init__(self, doc_id, path, text, day):
        self.doc_id, self.path, self.text, self.day = doc_id, path, text, day

    def load(self):
        from ..stages.read import article_from_record

        record = {"text": self.text}
        if self.day not in (None, "", "None", "nan", "NaT"):  # a missing date, as a table's text column writes it
            record["date"] = self.day
        return article_from_record(record, f"{self.path}: article {self.doc_id}", self.doc_id, "utf-8 (table)")


def run_dask(
    source: Path,
    output: Path,
    rules_folder: Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    partitions: int | None = None,
    run_date: date | None = None,
    region: str | None = None,
) -> RunSummary:
    """Extract on a Dask cluster; return the same summary as a local run."""
    import dask

    started = time.perf_counter()
    # Raw JSON Lines records travel as bytes: Dask must not turn object columns into Arrow strings.
    with dask.config.set({"dataframe.convert-string": False}):
        return _run(source, output, rules_folder, scheduler, workers, partitions, run_date, started, region)


def _run(source, output, rules_folder, scheduler, workers, partitions, run_date, started, region) -> RunSummary:
    from dask.distributed import Client, LocalCluster

    cluster = (
        None
        if scheduler
        else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    )
    with Client(scheduler or cluster):
        try:
            articles = article_table(source, partitions or 4 * workers)
            results = articles.map_partitions(
                extract_partition, str(rules_folder), (run_date or date.today()).isoformat(), region, meta=meta()
            )
            results = results.persist()
            facts = _rows(results, "fact", FACT_COLUMNS)
            output.mkdir(parents=True, exist_ok=True)
            facts.to_parquet(str(output / "facts_parquet"), write_index=False, overwrite=True)
            local_facts = facts.compute()
            documents = _rows(results, "document", DOCUMENT_COLUMNS).compute()
            records = _rows(results, "record", RECORD_COLUMNS).compute()
        finally:
            if cluster is not None:
                cluster.close()
    with TablesWriter(output, load_types(Path(rules_folder)).numbers) as writer:  # a local run's writer: its bytes
        rendered = render_fact_rows(list(local_facts.itertuples(index=False, name=None)))
        rendered.documents_csv, rendered.documents_spreadsheet_csv = render_document_rows(
            list(documents.itertuples(index=False, name=None))
        )
        rendered.records_csv, rendered.records_spreadsheet_csv = render_records(
            list(records.itertuples(index=False, name=None))
        )
        writer.add(rendered)
    return RunSummary(
        articles=len(documents),
        failed=list(documents.loc[documents["status"] == "error", "doc_id"]),
        facts_by_type=Counter(local_facts["type"]),
        seconds=time.perf_counter() - started,
    )
