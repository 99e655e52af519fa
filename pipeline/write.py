"""Write stage: facts and documents as CSV and Parquet tables, written atomically,
and as pandas frames for the Python API.

Every file is written to a temporary name in the same folder and renamed
over the old one, so an interrupted run leaves the previous table intact.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import re
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .model import DocumentResult, Fact

if TYPE_CHECKING:  # pandas is imported where a frame is made: a run writes its tables without it
    import pandas as pd

SCHEMA_COLUMNS = ["doc_id", "type", "start", "end", "text", "value", "unit", "qualifier", "mod"]
FACT_COLUMNS = SCHEMA_COLUMNS + [
    "fact_id", "sentence_id", "sentence", "rule_id", "text_simplified", "per", "owner", "direction", "date_start", "date_end",
]
DOCUMENT_COLUMNS = [
    "doc_id", "path", "encoding", "script", "reference_date", "reference_date_source",
    "characters", "body_end", "facts", "status", "error", "content_hash",
]
FACT_INT_COLUMNS = ("start", "end", "sentence_id")
DOCUMENT_INT_COLUMNS = ("characters", "body_end", "facts")
# A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


_FACT_ROW = attrgetter(*FACT_COLUMNS)  # `fact_id` is a property of Fact


def _document_row(result: DocumentResult) -> list:
    return [result.fact_count if c == "facts" else getattr(result, c) for c in DOCUMENT_COLUMNS]


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame([_FACT_ROW(f) for f in facts], columns=FACT_COLUMNS)
    frame = frame.astype({c: "int64" for c in FACT_INT_COLUMNS})
    return frame.astype({c: "string" for c in FACT_COLUMNS if c not in FACT_INT_COLUMNS})


def documents_frame(results: list[DocumentResult]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame([_document_row(r) for r in results], columns=DOCUMENT_COLUMNS)
    return frame.astype({c: "int64" for c in DOCUMENT_INT_COLUMNS})


def atomic_write(path: Path, write: Callable[[Path], None], durable: bool = True) -> None:
    """Write through a temporary file in the same folder, then rename over `path`.

    Either way no reader ever sees a half-written file. `durable` also flushes it to disk
    first, so that it survives a power cut; what a run regenerates anyway (review pages,
    cache entries) skips that: one flush per article cost more than extracting a short one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{id(write):x}.tmp"  # made inside the try: never left behind
    try:
        write(tmp)
        if durable:
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass
class RenderedFacts:
    """Facts as the CSV files want them, encoded (UTF-8): the parent process writes the bytes as they are."""

    csv: bytes
    spreadsheet_csv: bytes  # often the very same object as `csv`
    documents_csv: bytes = b""  # the documents.csv rows of the same articles


def arrow_schema():
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c in FACT_INT_COLUMNS else pa.string()) for c in FACT_COLUMNS])


_FORMULA_START = re.compile("^[" + re.escape("".join(FORMULA_PREFIXES)) + "]", re.MULTILINE)


def render_facts(facts: list[Fact]) -> RenderedFacts:
    """Render facts once, where they were extracted (in a worker, the parent then only appends).

    The csv module writes exactly what pandas' `to_csv` writes for these columns, at a
    fraction of its fixed cost, which matters for chunks of a few short articles.
    """
    return render_fact_rows([_FACT_ROW(f) for f in facts])


def render_fact_rows(rows: list[tuple]) -> RenderedFacts:
    """`render_facts` for rows of FACT_COLUMNS values (the Dask engine has them as a frame)."""
    columns = list(zip(*rows)) if rows else [() for _ in FACT_COLUMNS]
    plain = io.StringIO()
    csv.writer(plain, lineterminator="\n").writerows(rows)
    spreadsheet_csv = plain_csv = plain.getvalue().encode("utf-8")
    risky = {name for name, values in zip(FACT_COLUMNS, columns)
             if name not in FACT_INT_COLUMNS and _FORMULA_START.search("\n".join(values))}
    if risky:  # only the columns where some cell may begin like a formula are checked cell by cell
        safe = io.StringIO()
        safe_columns = [map(_safe_cell, values) if name in risky else values for name, values in zip(FACT_COLUMNS, columns)]
        csv.writer(safe, lineterminator="\n").writerows(zip(*safe_columns))
        spreadsheet_csv = safe.getvalue().encode("utf-8")
    return RenderedFacts(plain_csv, spreadsheet_csv)


def render_documents(results: list[DocumentResult]) -> bytes:
    """documents.csv rows for these results, as `documents_frame(...).to_csv` writes them (UTF-8)."""
    return render_document_rows(map(_document_row, results))


def render_document_rows(rows: Iterable[Sequence]) -> bytes:
    """`render_documents` for rows of DOCUMENT_COLUMNS values."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _safe_cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


class FactsWriter:
    """Rendered facts and document rows appended as they come to temporary files, renamed into place by `close`.

    Memory stays flat however large the corpus; an interrupted run leaves the
    previous tables untouched (`abort` removes the temporary files; as a context
    manager the writer closes, or aborts on an exception). The Parquet
    file is made from the finished facts.csv by Arrow's streaming CSV reader, so
    the two always hold the same facts.
    """

    def __init__(self, output: Path):
        output.mkdir(parents=True, exist_ok=True)
        self.targets = [output / "facts.csv", output / "facts_spreadsheet.csv", output / "facts.parquet",
                        output / "documents.csv"]
        # Temporary names of this process; the output lock keeps other runs out of the folder.
        self.temporary = [path.parent / f".{path.name}.{os.getpid()}.tmp" for path in self.targets]
        header = (",".join(FACT_COLUMNS) + "\n").encode()
        self.csv, self.spreadsheet_csv, self.documents_csv = (
            open(self.temporary[i], "wb", buffering=self.BUFFER) for i in (0, 1, 3))
        self.csv.write(header)
        self.spreadsheet_csv.write(codecs.BOM_UTF8 + header)  # the BOM tells spreadsheets it is UTF-8
        self.documents_csv.write((",".join(DOCUMENT_COLUMNS) + "\n").encode())

    BUFFER = 1 << 20  # bytes gathered per write call: chunks come in thousands
    ROW_GROUP = 20_000  # facts per Parquet row group: one per CSV block would bloat the file and its footer

    def add(self, rendered: RenderedFacts) -> None:
        self.csv.write(rendered.csv)
        self.spreadsheet_csv.write(rendered.spreadsheet_csv)
        self.documents_csv.write(rendered.documents_csv)

    def close(self) -> None:
        for handle in (self.csv, self.spreadsheet_csv, self.documents_csv):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        csv_to_parquet(self.temporary[0], self.temporary[2], self.ROW_GROUP)
        for temporary, target in zip(self.temporary, self.targets):
            os.replace(temporary, target)

    def __enter__(self) -> FactsWriter:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def abort(self) -> None:
        try:
            for handle in (self.csv, self.spreadsheet_csv, self.documents_csv):
                handle.close()
        finally:
            for temporary in self.temporary:
                temporary.unlink(missing_ok=True)


CSV_BLOCK = 1 << 18  # bytes of CSV per batch: Arrow's memory stays ~20 MB (1 MB blocks and threads: ~45 MB)


def csv_to_parquet(source: Path, target: Path, row_group: int) -> None:
    """facts.csv as Parquet with the columns' types, streamed in blocks: memory stays flat."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    schema = arrow_schema()
    reader = pa_csv.open_csv(
        source,
        read_options=pa_csv.ReadOptions(use_threads=False, block_size=CSV_BLOCK),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(column_types=schema, strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    with pq.ParquetWriter(target, schema) as writer:
        batches, rows = [], 0
        for batch in reader:
            batches.append(batch)
            rows += batch.num_rows
            if rows >= row_group:
                writer.write_table(pa.Table.from_batches(batches, schema), row_group_size=row_group)
                batches, rows = [], 0
        if batches:
            writer.write_table(pa.Table.from_batches(batches, schema), row_group_size=row_group)
