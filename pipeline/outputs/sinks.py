"""The tables a run writes, one sink class per format (CSV, Parquet, JSON Lines, xlsx), chosen from `SINKS`.

`TablesWriter` appends each chunk's rendered rows to temporary files as they come, hands them to the sinks of
the chosen formats, and at close renames every table into place and writes `manifest.json` last. Memory stays
flat however large the corpus; an interrupted run leaves the previous tables untouched. A new format is one
sink class and a line in `SINKS`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import BinaryIO

from ..datatypes import STREAM_TABLES
from ..storage import atomic_write, flush_to_disk
from .tables import (
    DOCUMENT_COLUMNS,
    DOCUMENT_INT_COLUMNS,
    FACT_COLUMNS,
    FACT_HEADER,
    FACT_INT_COLUMNS,
    RECORD_COLUMNS,
    RECORD_FLOAT_COLUMNS,
    RECORD_HEADER,
    RECORD_INT_COLUMNS,
    TYPED_DATE_COLUMNS,
    RenderedFacts,
    amount,
    arrow_schema,
    csv_to_jsonl,
    read_csv,
    typed_records,
    typed_schema,
    typed_table,
)

_DOCUMENT_HEADER = (",".join(DOCUMENT_COLUMNS) + "\n").encode()


class TableFiles:
    """The temporary files of one run's tables in `output`, each hashed as it is written (for the manifest)."""

    BUFFER = 1 << 20  # bytes gathered per write call: chunks come in thousands

    def __init__(self, output: Path):
        self.output = output
        self.handles: dict[str, BinaryIO] = {}
        self.hashes: dict[str, hashlib._Hash] = {}

    def temporary(self, name: str) -> Path:
        """Where table `name` is written until close: a name of this process (the output lock keeps
        other runs out of the folder)."""
        return self.output / f".{name}.{os.getpid()}.tmp"

    def open(self, name: str, header: bytes) -> None:
        self.handles[name] = open(self.temporary(name), "wb", buffering=self.BUFFER)
        self.hashes[name] = hashlib.sha256()
        self.write(name, header)

    def write(self, name: str, data: bytes) -> None:
        self.handles[name].write(data)
        self.hashes[name].update(data)

    def close(self) -> None:
        for handle in self.handles.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()

    def digest(self, name: str) -> str:
        return (self.hashes[name] if name in self.hashes else _file_hash(self.temporary(name))).hexdigest()


class CsvSink:
    """facts.csv and records.csv, and the spreadsheet-safe copies (UTF-8 with a byte-order mark, formulas
    quoted) of facts, records and documents."""

    tables = (
        "facts.csv",
        "facts_spreadsheet.csv",
        "records.csv",
        "records_spreadsheet.csv",
        "documents_spreadsheet.csv",
    )

    def __init__(self, files: TableFiles, numeric_types: frozenset[str], row_group: int):
        self.files = files
        files.open("facts.csv", FACT_HEADER)
        files.open("facts_spreadsheet.csv", codecs.BOM_UTF8 + FACT_HEADER)
        files.open("records_spreadsheet.csv", codecs.BOM_UTF8 + RECORD_HEADER)
        files.open("documents_spreadsheet.csv", codecs.BOM_UTF8 + _DOCUMENT_HEADER)

    def add(self, rendered: RenderedFacts) -> None:
        self.files.write("facts.csv", rendered.csv)
        self.files.write("facts_spreadsheet.csv", rendered.spreadsheet_csv)
        self.files.write("records_spreadsheet.csv", rendered.records_spreadsheet_csv)
        self.files.write("documents_spreadsheet.csv", rendered.documents_spreadsheet_csv)

    def close(self) -> list[str]:
        return list(self.tables)  # records.csv is the writer's own file, kept because this format is chosen

    def abort(self) -> None:
        pass


class ParquetSink:
    """facts.parquet, converted a block at a time from the very bytes of facts.csv (the two always hold the same
    facts), and records.parquet from the finished records.csv."""

    tables = ("facts.parquet", "records.parquet")

    def __init__(self, files: TableFiles, numeric_types: frozenset[str], row_group: int):
        self.files = files
        self.facts = _ParquetStream(files.temporary("facts.parquet"), row_group, numeric_types)

    def add(self, rendered: RenderedFacts) -> None:
        self.facts.add(rendered.csv)

    def close(self) -> list[str]:
        self.facts.close()
        _records_parquet(self.files.temporary("records.csv"), self.files.temporary("records.parquet"))
        return list(self.tables)

    def abort(self) -> None:
        self.facts.abort()


class JsonLinesSink:
    """facts.jsonl and records.jsonl: one JSON object a row, numbers as numbers (offsets, each number's
    `amount`, a record's confidence)."""

    tables = ("facts.jsonl", "records.jsonl")

    def __init__(self, files: TableFiles, numeric_types: frozenset[str], row_group: int):
        self.files, self.numeric_types = files, numeric_types
        for name in self.tables:
            files.open(name, b"")

    def add(self, rendered: RenderedFacts) -> None:
        facts = csv_to_jsonl(rendered.csv, FACT_COLUMNS, FACT_INT_COLUMNS, self.numeric_types)
        records = csv_to_jsonl(
            rendered.records_csv, RECORD_COLUMNS, RECORD_INT_COLUMNS, self.numeric_types, RECORD_FLOAT_COLUMNS
        )
        self.files.write("facts.jsonl", facts)
        self.files.write("records.jsonl", records)

    def close(self) -> list[str]:
        return list(self.tables)

    def abort(self) -> None:
        pass


class XlsxSink:
    """facts.xlsx with sheets of facts, records and documents; not kept (and the run told why) when a sheet
    would pass a spreadsheet's row limit."""

    tables = ("facts.xlsx",)

    def __init__(self, files: TableFiles, numeric_types: frozenset[str], row_group: int):
        self.files = files
        self.workbook = _Workbook(files.temporary("facts.xlsx"), numeric_types)
        self.warnings: list[str] = []

    def add(self, rendered: RenderedFacts) -> None:
        self.workbook.add("facts", rendered.csv)
        self.workbook.add("records", rendered.records_csv)
        self.workbook.add("documents", rendered.documents_csv)

    def close(self) -> list[str]:
        too_long = self.workbook.close()
        if too_long:
            self.files.temporary("facts.xlsx").unlink()
            self.warnings.append(
                f"facts.xlsx not written: {too_long} do not fit in a spreadsheet's "
                f"{XLSX_ROWS:,} rows; the other tables hold every row"
            )
            (self.files.output / "facts.xlsx").unlink(missing_ok=True)  # never one of an earlier run beside these
            return []
        flush_to_disk(self.files.temporary("facts.xlsx"))
        return list(self.tables)

    def abort(self) -> None:
        self.workbook.close()


SINKS = {"csv": CsvSink, "parquet": ParquetSink, "jsonl": JsonLinesSink, "xlsx": XlsxSink}
TABLE_FORMATS = tuple(SINKS)


class TablesWriter:
    """A run's tables: documents.csv (every run's log, read by the review index) and the sinks of `formats`.

    As a context manager the writer closes, or aborts on an exception (its temporary files removed, the
    previous tables standing). A table of a format not chosen is removed at close, so that the folder never
    holds tables of two runs.
    """

    def __init__(
        self,
        output: Path,
        numeric_types: frozenset[str],
        formats: Iterable[str] = ("csv", "parquet"),
        row_group: int = 20_000,
    ):
        """`numeric_types`: the fact types whose value is a number (an `amount` column); `row_group`: facts per
        Parquet row group (one per CSV block would bloat the file and its footer)."""
        self.formats = [f for f in TABLE_FORMATS if f in set(formats)]
        if not self.formats or not set(formats) <= set(TABLE_FORMATS):
            raise ValueError(f"formats: some of {', '.join(TABLE_FORMATS)}, not {sorted(set(formats))}")
        output.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.files = TableFiles(output)
        self.files.open("documents.csv", _DOCUMENT_HEADER)
        self.files.open("records.csv", RECORD_HEADER)  # also what records.parquet is made from
        self.sinks = []
        try:
            for fmt in self.formats:
                self.sinks.append(SINKS[fmt](self.files, numeric_types, row_group))
        except BaseException:
            self.abort()
            raise
        self.warnings: list[str] = []  # what the run should tell its user (a table not written, and why)

    def add(self, rendered: RenderedFacts) -> None:
        self.files.write("documents.csv", rendered.documents_csv)
        self.files.write("records.csv", rendered.records_csv)
        for sink in self.sinks:
            sink.add(rendered)

    def close(self) -> None:
        self.files.close()
        written = ["documents.csv"]
        for sink in self.sinks:
            written += sink.close()
            self.warnings += getattr(sink, "warnings", [])
        if "records.csv" not in written:
            self.files.temporary("records.csv").unlink()
        tables = {
            name: {"sha256": self.files.digest(name), "bytes": self.files.temporary(name).stat().st_size}
            for name in written
        }
        for name in written:
            os.replace(self.files.temporary(name), self.output / name)
        manifest = json.dumps({"run": _run_id(), "tables": dict(sorted(tables.items()))}, indent=1) + "\n"
        atomic_write(self.output / MANIFEST, lambda p: p.write_text(manifest, encoding="utf-8"))
        for fmt in set(TABLE_FORMATS) - set(self.formats):
            for name in SINKS[fmt].tables:
                (self.output / name).unlink(missing_ok=True)

    def __enter__(self) -> TablesWriter:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def abort(self) -> None:
        try:
            for handle in self.files.handles.values():
                handle.close()
            for sink in self.sinks:
                sink.abort()
        finally:
            for name in {*self.files.handles, *(t for sink in SINKS.values() for t in sink.tables)}:
                self.files.temporary(name).unlink(missing_ok=True)


MANIFEST = "manifest.json"  # the tables of the last run, with their hashes: a reader can tell a mixed set


class MixedTables(Exception):
    """An output folder whose tables are not all of one run (one is being written, or a run died mid-swap)."""


def check_tables(folder: Path, names: Iterable[str]) -> None:
    """Raise MixedTables unless each named table is the one manifest.json lists (a folder without a manifest,
    from before manifests, is taken as it is)."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["tables"]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise MixedTables(f"{folder / MANIFEST}: unreadable ({exc}); run the extraction again") from None
    for name in names:
        if name in listed and _file_hash(folder / name).hexdigest() != listed[name]["sha256"]:
            raise MixedTables(
                f"{folder / name}: not the table {MANIFEST} lists: the folder holds tables of two runs "
                "(a run is writing, or one was killed while it swapped them in); run again"
            )


def _file_hash(path: Path):
    digest = hashlib.sha256()
    with open(path, "rb") as table:
        while block := table.read(1 << 20):
            digest.update(block)
    return digest


def _run_id() -> str:
    from datetime import datetime, timezone

    return f"{datetime.now(timezone.utc).isoformat(timespec='seconds')}-{os.getpid()}-{os.urandom(4).hex()}"


class JsonLinesStream:
    """Facts or records as JSON Lines on a stream (`extract -o -`, for pipes), typed as facts.jsonl and
    records.jsonl are (offsets as integers, `amount` and `confidence` floats or null, `value` the string of the
    contract): written as each chunk comes, nothing on disk. The same `add` as TablesWriter's; documents are not
    written."""

    def __init__(self, stream: BinaryIO, numeric_types: frozenset[str], table: str = "facts"):
        if table not in STREAM_TABLES:
            raise ValueError(f"a stream carries {' or '.join(STREAM_TABLES)}, not {table!r}")
        self.stream, self.numeric_types, self.table = stream, numeric_types, table

    def add(self, rendered: RenderedFacts) -> None:
        if self.table == "records":
            lines = csv_to_jsonl(
                rendered.records_csv, RECORD_COLUMNS, RECORD_INT_COLUMNS, self.numeric_types, RECORD_FLOAT_COLUMNS
            )
        else:
            lines = csv_to_jsonl(rendered.csv, FACT_COLUMNS, FACT_INT_COLUMNS, self.numeric_types)
        self.stream.write(lines)
        self.stream.flush()

    def __enter__(self) -> JsonLinesStream:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        pass


XLSX_ROWS = 1_048_576  # a worksheet's rows, its header's included


class _Workbook:
    """facts.xlsx, written row by row as the chunks come (XlsxWriter's constant-memory mode): sheets of facts,
    records and documents with typed cells (whole numbers and `amount` as numbers, dates as dates, the rest as
    text, never a formula), a frozen header, filters on and set column widths. A sheet over a spreadsheet's
    row limit makes `close` say so: a truncated workbook would mislead."""

    SHEETS = {
        "facts": (FACT_COLUMNS, FACT_INT_COLUMNS, TYPED_DATE_COLUMNS),
        "records": (RECORD_COLUMNS, RECORD_INT_COLUMNS, ()),
        "documents": (DOCUMENT_COLUMNS, DOCUMENT_INT_COLUMNS, ("reference_date",)),
    }
    WIDE = {
        "sentence": 60,
        "title": 40,
        "text": 24,
        "value": 18,
        "path": 40,
        "error": 40,
        "subject": 20,
        "rule_id": 26,
        "fact_id": 30,
        "value_fact_id": 30,
        "subject_fact_id": 30,
        "period_fact_id": 30,
        "content_hash": 18,
    }

    def __init__(self, target: Path, numeric_types: frozenset[str]):
        import xlsxwriter

        self.numeric_types = numeric_types
        self.book = xlsxwriter.Workbook(
            str(target),
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.date_format = self.book.add_format({"num_format": "yyyy-mm-dd"})
        header = self.book.add_format({"bold": True})
        self.sheets, self.rows = {}, {}
        for name, (columns, _, _) in self.SHEETS.items():
            sheet = self.book.add_worksheet(name)
            heading = [*columns, "amount"] if name != "documents" else columns
            sheet.write_row(0, 0, heading, header)
            sheet.freeze_panes(1, 0)
            for i, column in enumerate(heading):
                sheet.set_column(i, i, self.WIDE.get(column, 12))
            self.sheets[name], self.rows[name] = sheet, 1

    def add(self, name: str, csv_rows: bytes) -> None:
        if not csv_rows or self.rows[name] > XLSX_ROWS:  # over the limit already: the file will not be kept
            return
        sheet, (columns, int_columns, date_columns) = self.sheets[name], self.SHEETS[name]
        kinds = [int if c in int_columns else date if c in date_columns else str for c in columns]
        typed_amount = name != "documents"
        type_at, value_at = (columns.index("type"), columns.index("value")) if typed_amount else (0, 0)
        row = self.rows[name]
        for cells in csv.reader(io.StringIO(csv_rows.decode("utf-8"), newline="")):
            if row >= XLSX_ROWS:
                row += 1  # one row too many: close() reports it
                break
            for i, (kind, cell) in enumerate(zip(kinds, cells)):
                if kind is int:
                    sheet.write_number(row, i, int(cell))
                elif kind is date and cell:
                    sheet.write_datetime(row, i, date.fromisoformat(cell), self.date_format)
                else:
                    sheet.write_string(row, i, cell)
            number = amount(cells[type_at], cells[value_at], self.numeric_types) if typed_amount else None
            if number is not None:
                sheet.write_number(row, len(columns), number)
            row += 1
        self.rows[name] = row

    def close(self) -> str:
        """Finish the file; '' when every row fits, else which sheets did not (the file is then not to be kept)."""
        over = [f"more than {XLSX_ROWS - 1:,} {name}" for name, rows in self.rows.items() if rows > XLSX_ROWS]
        for name, sheet in self.sheets.items():
            width = len(self.SHEETS[name][0]) + (name != "documents")
            sheet.autofilter(0, 0, min(self.rows[name], XLSX_ROWS) - 1, width - 1)
        self.book.close()
        return ", ".join(over)


def _records_parquet(records_csv: Path, target: Path) -> None:
    """records.parquet from the finished records.csv (one record per number: a fifth of the facts' size), with
    `confidence` and `amount` (the value as a float) as numbers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (c, pa.int64() if c in RECORD_INT_COLUMNS else pa.float64() if c in RECORD_FLOAT_COLUMNS else pa.string())
            for c in RECORD_COLUMNS
        ]
    )
    pq.write_table(typed_records(read_csv(records_csv, schema)), target)
    flush_to_disk(target)


CSV_BLOCK = 1 << 18  # bytes of CSV converted at a time: Arrow's memory stays ~20 MB


def _row_blocks(csv_rows: bytes, size: int) -> list[bytes]:
    """CSV rows cut into blocks of about `size` bytes, each of whole rows (a one-article chunk of a 20 MB article
    has 40 MB of them: converted at once, Arrow took 160 MB). A line break ends a row where the quotes before it
    in its block pair up (a quote inside a cell is written twice)."""
    if len(csv_rows) <= size:
        return [csv_rows] if csv_rows else []
    blocks, start = [], 0
    while len(csv_rows) - start > size:
        end = csv_rows.find(b"\n", start + size)
        while end >= 0 and csv_rows.count(b'"', start, end) % 2:
            end = csv_rows.find(b"\n", end + 1)
        if end < 0:
            break
        blocks.append(csv_rows[start : end + 1])
        start = end + 1
    if start < len(csv_rows):
        blocks.append(csv_rows[start:])
    return blocks


class _ParquetStream:
    """The rows written to facts.csv, as Parquet with the columns' types, converted a block at a time
    as they come: memory stays flat, and in a parallel run the parent converts while the workers
    extract, not after them (at the end, the conversion of a 40 MB facts.csv took 0.4 s)."""

    def __init__(self, target: Path, row_group: int, numeric_types: frozenset[str]):
        self.target, self.row_group, self.numeric_types = target, row_group, numeric_types
        self.pending: list[bytes] = []  # CSV rows not converted yet
        self.pending_bytes = 0
        self.tables: list = []  # converted rows not written yet
        self.rows = 0
        self.writer = None

    def add(self, csv_rows: bytes) -> None:
        for block in _row_blocks(csv_rows, CSV_BLOCK):
            self.pending.append(block)
            self.pending_bytes += len(block)
            if self.pending_bytes >= CSV_BLOCK:
                self._convert()

    def _convert(self) -> None:
        table = typed_table(
            read_csv(io.BytesIO(FACT_HEADER + b"".join(self.pending)), arrow_schema()), self.numeric_types
        )
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
        flush_to_disk(self.target)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
