"""Extraction on a Dask cluster: `python -m zh_facts extract INPUT --engine dask [--scheduler ADDRESS]`.

INPUT is a corpus folder, or a JSON Lines or Parquet table of articles with
columns `id`, `text` and optionally `date`. The articles become a Dask
DataFrame; each partition is extracted where it lies, and its worker writes
what it found itself: the partition's facts as a Parquet file of
`OUTPUT/facts_parquet/` and its rows of the tables as CSV parts. The client
gathers only the documents table (a row per article), then streams the parts,
one partition at a time, into the same tables as a local run (`facts.csv`,
`facts.parquet`, `records.csv`, their spreadsheet copies, `documents.csv`), by
the same writer: the same bytes, and a client whose memory does not grow with
the corpus.

Without `--scheduler` a LocalCluster of `--workers` processes is started; with
it, the run joins an existing cluster whose workers share the output folder's
file system with the client (and have this package and the rules folder
installed at the same path).
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..outputs.sinks import TablesWriter
from ..outputs.tables import (
    DOCUMENT_COLUMNS,
    DOCUMENT_INT_COLUMNS,
    RenderedFacts,
    documents_frame,
    facts_table,
    render_document_rows,
    render_facts,
    render_records,
    typed_table,
)
from ..ruleset.fact_types import load_types
from .cache import Cache
from .run import RunSummary
from .workers import count_facts, process

if TYPE_CHECKING:
    import dask.dataframe

# What a worker writes of each partition, beside its facts' Parquet file: the rows of each table, rendered.
PART_TABLES = ("facts", "facts_spreadsheet", "records", "records_spreadsheet")


def meta() -> pd.DataFrame:
    """The empty frame that declares what every partition returns: its documents' rows."""
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c in DOCUMENT_INT_COLUMNS else "string") for c in DOCUMENT_COLUMNS}
    )


ARTICLE_COLUMNS = ["doc_id", "path", "kind", "record", "text", "date"]
PARTITION_BYTES = 1 << 20  # of a corpus folder's articles, at most, in one partition (about)


def article_table(source: Path, partitions: int) -> dask.dataframe.DataFrame:
    """Articles as a Dask DataFrame: `kind` is `source` (a file or JSON Lines record, in `record`)
    or `row` (a table row with `text` and `date`)."""
    import dask.dataframe as dd

    if source.is_dir() and not any(source.glob("*.parquet")):
        from ..stages.read import iter_sources

        rows, size = [], 0
        for s in iter_sources(source):
            rows.append((s.doc_id, s.path, "source", s.record, None, None))
            size += s.size
        frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS, dtype=object)
        # More partitions for a larger corpus: the client streams each partition's tables whole.
        partitions = max(partitions, -(-size // PARTITION_BYTES))
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
    articles: pd.DataFrame,
    rules_folder: str,
    run_date: str,
    region: str | None,
    parts: str,
    partition_info: dict | None = None,
) -> pd.DataFrame:
    """Extract every article of one partition (runs on a worker); write its facts as
    `parts/facts_parquet/part.NNNNNN.parquet` and its table rows as `parts/NNNNNN.<table>.csv`; return its
    documents' rows."""
    from ..ruleset.loading import default_rules
    from ..stages.read import Source

    rules = default_rules(rules_folder)
    day = date.fromisoformat(run_date)
    number = partition_info["number"] if partition_info else 0
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
    folder = Path(parts)
    rendered = render_facts(found)  # one rendering for the partition: one per article took longer than extracting it
    rendered.records_csv, rendered.records_spreadsheet_csv = render_records(records)
    rows = {
        "facts": rendered.csv,
        "facts_spreadsheet": rendered.spreadsheet_csv,
        "records": rendered.records_csv,
        "records_spreadsheet": rendered.records_spreadsheet_csv,
    }
    for table in PART_TABLES:
        (folder / f"{number:06d}.{table}.csv").write_bytes(rows[table])
    import pyarrow.parquet as pq

    typed = typed_table(facts_table(found), rules.types.numbers)  # facts.parquet's columns and types
    pq.write_table(typed, folder / "facts_parquet" / f"part.{number:06d}.parquet")
    return documents_frame(documents).astype(meta().dtypes.to_dict())


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

    output.mkdir(parents=True, exist_ok=True)
    parts = output / f".dask-parts.{os.getpid()}"  # the workers' parts until the tables are made of them
    shutil.rmtree(parts, ignore_errors=True)
    (parts / "facts_parquet").mkdir(parents=True)
    cluster = (
        None
        if scheduler
        else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    )
    try:
        with Client(scheduler or cluster):
            try:
                articles = article_table(source, partitions or 4 * workers)
                results = articles.map_partitions(
                    extract_partition,
                    str(rules_folder),
                    (run_date or date.today()).isoformat(),
                    region,
                    str(parts),
                    meta=meta(),
                )
                documents = results.compute()  # a row per article: all the client gathers
            finally:
                if cluster is not None:
                    cluster.close()
        with TablesWriter(output, load_types(Path(rules_folder)).numbers) as writer:  # a local run's writer
            for number in range(articles.npartitions):
                writer.add(_part(parts, number))
            rendered = RenderedFacts(b"", b"")
            rendered.documents_csv, rendered.documents_spreadsheet_csv = render_document_rows(
                list(documents.itertuples(index=False, name=None))
            )
            writer.add(rendered)
        shutil.rmtree(output / "facts_parquet", ignore_errors=True)
        os.replace(parts / "facts_parquet", output / "facts_parquet")
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    facts_by_type: Counter = Counter()
    for counts in documents["fact_counts"]:
        for kind_count in filter(None, str(counts).split("; ")):
            kind, count = kind_count.rsplit(" ", 1)
            facts_by_type[kind] += int(count)
    return RunSummary(
        articles=len(documents),
        failed=list(documents.loc[documents["status"] == "error", "doc_id"]),
        facts_by_type=facts_by_type,
        seconds=time.perf_counter() - started,
    )


def _part(parts: Path, number: int) -> RenderedFacts:
    """One partition's table rows, as its worker rendered them."""
    read = {table: (parts / f"{number:06d}.{table}.csv").read_bytes() for table in PART_TABLES}
    rendered = RenderedFacts(read["facts"], read["facts_spreadsheet"])
    rendered.records_csv, rendered.records_spreadsheet_csv = read["records"], read["records_spreadsheet"]
    return rendered
