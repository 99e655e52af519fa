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

from .model import RECORD_COLUMNS, DocumentResult, Fact

if TYPE_CHECKING:  # pandas is imported where a frame is made: a run writes its tables without it
    import pandas as pd

SCHEMA_COLUMNS = ["doc_id", "type", "start", "end", "text", "value", "unit", "qualifier", "mod"]
FACT_COLUMNS = SCHEMA_COLUMNS + [
    "fact_id", "sentence_id", "sentence", "rule_id", "text_simplified", "per", "owner", "direction", "date_start", "date_end", "code",
]
DOCUMENT_COLUMNS = [
    "doc_id", "path", "encoding", "script", "region", "region_source", "reference_date", "reference_date_source",
    "characters", "body_end", "facts", "status", "error", "content_hash",
]
FACT_INT_COLUMNS = ("start", "end", "sentence_id")
_FACT_HEADER = (",".join(FACT_COLUMNS) + "\n").encode()  # facts.csv's first line, and what Arrow reads rows by
DOCUMENT_INT_COLUMNS = ("characters", "body_end", "facts")
RECORD_INT_COLUMNS = ("start", "end")
_RECORD_HEADER = (",".join(RECORD_COLUMNS) + "\n").encode()
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
    records_csv: bytes = b""  # the records.csv rows of the same articles


def arrow_schema():
    """facts.csv's columns as Arrow reads them back: whole numbers and text."""
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c in FACT_INT_COLUMNS else pa.string()) for c in FACT_COLUMNS])


# The types whose `value` is a number (rules/types.yaml `numeric`), where the rules do not say otherwise.
NUMERIC_TYPES = frozenset({"money", "percent", "quantity"})
TYPED_DATE_COLUMNS = ("date_start", "date_end")


def typed_schema():
    """facts.parquet's columns: facts.csv's, with `date_start`/`date_end` as dates and a float `amount`."""
    import pyarrow as pa

    text_schema = arrow_schema()
    fields = [pa.field(c, pa.date32()) if c in TYPED_DATE_COLUMNS else text_schema.field(c) for c in FACT_COLUMNS]
    return pa.schema(fields + [pa.field("amount", pa.float64())])


def typed_table(table, numeric_types=NUMERIC_TYPES):
    """Arrow facts with typed columns for analysts: the value of a money, percent or quantity fact as a float
    (`amount`, null for other types), and its date bounds as dates (null where empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    empty_text = pa.scalar(None, pa.string())
    numeric = pc.and_(pc.is_in(table["type"], value_set=pa.array(sorted(numeric_types), pa.string())),
                      pc.match_substring_regex(table["value"], r"^-?\d+(?:\.\d+)?$"))
    amount = pc.cast(pc.if_else(numeric, table["value"], empty_text), pa.float64())
    for name in TYPED_DATE_COLUMNS:
        column = table[name]
        table = table.set_column(table.schema.get_field_index(name), pa.field(name, pa.date32()),
                                 pc.cast(pc.if_else(pc.equal(column, ""), empty_text, column), pa.date32()))
    return table.append_column(pa.field("amount", pa.float64()), amount)


def typed_frame(frame: pd.DataFrame, numeric_types=NUMERIC_TYPES) -> pd.DataFrame:
    """`typed_table` for a pandas frame of facts (the Python API's)."""
    import pandas as pd
    import pyarrow as pa

    table = typed_table(pa.Table.from_pandas(frame, schema=arrow_schema(), preserve_index=False), numeric_types)
    typed = table.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)
    return typed.astype({c: "datetime64[s]" for c in TYPED_DATE_COLUMNS})


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
    return render_rows(map(_document_row, results))


def render_rows(rows: Iterable[Sequence]) -> bytes:
    """CSV rows as the tables hold them (documents.csv and records.csv: a `Record` is such a row), UTF-8."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def records_frame(records: list) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(records, columns=RECORD_COLUMNS)
    return frame.astype({c: "int64" if c in RECORD_INT_COLUMNS else "string" for c in RECORD_COLUMNS})


def _safe_cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


class FactsWriter:
    """Rendered facts and document rows appended as they come to temporary files, renamed into place by `close`.

    Memory stays flat however large the corpus; an interrupted run leaves the
    previous tables untouched (`abort` removes the temporary files; as a context
    manager the writer closes, or aborts on an exception). The Parquet file is
    made from the very bytes written to facts.csv, read back by Arrow's CSV
    reader, so the two always hold the same facts.
    """

    def __init__(self, output: Path, row_group: int = 20_000, numeric_types=NUMERIC_TYPES):
        """`row_group`: facts per Parquet row group (one per CSV block would bloat the file and its footer);
        `numeric_types`: the fact types whose value is a number (facts.parquet's `amount`)."""
        output.mkdir(parents=True, exist_ok=True)
        self.targets = [output / "facts.csv", output / "facts_spreadsheet.csv", output / "facts.parquet",
                        output / "documents.csv", output / "records.csv", output / "records.parquet"]
        # Temporary names of this process; the output lock keeps other runs out of the folder.
        self.temporary = [path.parent / f".{path.name}.{os.getpid()}.tmp" for path in self.targets]
        self.csv, self.spreadsheet_csv, self.documents_csv, self.records_csv = (
            open(self.temporary[i], "wb", buffering=self.BUFFER) for i in (0, 1, 3, 4))
        self.csv.write(_FACT_HEADER)
        self.spreadsheet_csv.write(codecs.BOM_UTF8 + _FACT_HEADER)  # the BOM tells spreadsheets it is UTF-8
        self.documents_csv.write((",".join(DOCUMENT_COLUMNS) + "\n").encode())
        self.records_csv.write(_RECORD_HEADER)
        self.parquet = _ParquetStream(self.temporary[2], row_group, numeric_types)

    BUFFER = 1 << 20  # bytes gathered per write call: chunks come in thousands

    def add(self, rendered: RenderedFacts) -> None:
        self.csv.write(rendered.csv)
        self.spreadsheet_csv.write(rendered.spreadsheet_csv)
        self.documents_csv.write(rendered.documents_csv)
        self.records_csv.write(rendered.records_csv)
        self.parquet.add(rendered.csv)

    def close(self) -> None:
        for handle in (self.csv, self.spreadsheet_csv, self.documents_csv, self.records_csv):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        self.parquet.close()
        _records_parquet(self.temporary[4], self.temporary[5])
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
            for handle in (self.csv, self.spreadsheet_csv, self.documents_csv, self.records_csv):
                handle.close()
            self.parquet.abort()
        finally:
            for temporary in self.temporary:
                temporary.unlink(missing_ok=True)


def _read_csv(source, schema):
    """A table this writer wrote, read back by Arrow with its columns' types: text stays text, never null."""
    import pyarrow.csv as pa_csv

    return pa_csv.read_csv(
        source, read_options=pa_csv.ReadOptions(use_threads=False),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(column_types=schema, strings_can_be_null=False,
                                              quoted_strings_can_be_null=False),
    )


def _records_parquet(records_csv: Path, target: Path) -> None:
    """records.parquet from the finished records.csv (one record per number: a fifth of the facts' size)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.int64() if c in RECORD_INT_COLUMNS else pa.string()) for c in RECORD_COLUMNS])
    pq.write_table(_read_csv(records_csv, schema), target)
    with open(target, "rb") as written:
        os.fsync(written.fileno())


CSV_BLOCK = 1 << 18  # bytes of CSV converted at a time: Arrow's memory stays ~20 MB


class _ParquetStream:
    """The rows written to facts.csv, as Parquet with the columns' types, converted a block at a time
    as they come: memory stays flat, and in a parallel run the parent converts while the workers
    extract, not after them (at the end, the conversion of a 40 MB facts.csv took 0.4 s)."""

    def __init__(self, target: Path, row_group: int, numeric_types=NUMERIC_TYPES):
        self.target, self.row_group, self.numeric_types = target, row_group, numeric_types
        self.pending: list[bytes] = []  # CSV rows not converted yet
        self.pending_bytes = 0
        self.tables: list = []  # converted rows not written yet
        self.rows = 0
        self.writer = None

    def add(self, csv_rows: bytes) -> None:
        if csv_rows:
            self.pending.append(csv_rows)
            self.pending_bytes += len(csv_rows)
            if self.pending_bytes >= CSV_BLOCK:
                self._convert()

    def _convert(self) -> None:
        table = typed_table(_read_csv(io.BytesIO(_FACT_HEADER + b"".join(self.pending)), arrow_schema()),
                            self.numeric_types)
        self.pending, self.pending_bytes = [], 0
        self.tables.append(table)
        self.rows += table.num_rows
        if self.rows >= self.row_group:
            self._write()

    def _write(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.writer is None:
            self.writer = pq.ParquetWriter(self.target, typed_schema())
        if self.tables:
            self.writer.write_table(pa.concat_tables(self.tables), row_group_size=self.row_group)
        self.tables, self.rows = [], 0

    def close(self) -> None:
        if self.pending:
            self._convert()
        self._write()  # also when there were no facts: an empty table with the columns
        self.writer.close()
        with open(self.target, "rb") as written:
            os.fsync(written.fileno())

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
