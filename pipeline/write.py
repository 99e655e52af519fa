"""Write stage: facts and documents as CSV and Parquet tables, written atomically,
and as pandas frames for the Python API.

Every file is written to a temporary name in the same folder and renamed
over the old one, so an interrupted run leaves the previous table intact.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import date
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
    "doc_id", "path", "title", "source", "encoding", "script", "region", "region_source", "reference_date",
    "reference_date_source", "characters", "body_end", "facts", "fact_counts", "status", "error", "content_hash",
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
            flush_to_disk(tmp)
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
    documents_spreadsheet_csv: bytes = b""  # and their spreadsheet-safe copy
    records_csv: bytes = b""  # the records.csv rows of the same articles


def arrow_schema():
    """facts.csv's columns as Arrow reads them back: whole numbers and text."""
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c in FACT_INT_COLUMNS else pa.string()) for c in FACT_COLUMNS])


AMOUNT_PATTERN = r"^-?\d+(?:\.\d+)?$"  # a value that is a plain number (`amount` is made only of these)
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
                      pc.match_substring_regex(table["value"], AMOUNT_PATTERN))
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


_AMOUNT = re.compile(AMOUNT_PATTERN)
_FORMULA_START = re.compile("^[" + re.escape("".join(FORMULA_PREFIXES)) + "]", re.MULTILINE)


def render_facts(facts: list[Fact]) -> RenderedFacts:
    """Render facts once, where they were extracted (in a worker, the parent then only appends).

    The csv module writes exactly what pandas' `to_csv` writes for these columns, at a
    fraction of its fixed cost, which matters for chunks of a few short articles.
    """
    return render_fact_rows([_FACT_ROW(f) for f in facts])


def render_fact_rows(rows: list[tuple]) -> RenderedFacts:
    """`render_facts` for rows of FACT_COLUMNS values (the Dask engine has them as a frame)."""
    return RenderedFacts(*render_with_safe_copy(rows, FACT_COLUMNS, FACT_INT_COLUMNS))


def render_with_safe_copy(rows: list[Sequence], columns: Sequence[str],
                          int_columns: Sequence[str]) -> tuple[bytes, bytes]:
    """Rows as CSV (UTF-8), and the copy a spreadsheet may open: a text cell that begins like a formula gets
    a `'` (whole-number columns are left as they are: `-5` is a number there). Often the very same bytes."""
    values_by_column = list(zip(*rows)) if rows else [() for _ in columns]
    plain = io.StringIO()
    csv.writer(plain, lineterminator="\n").writerows(rows)
    spreadsheet_csv = plain_csv = plain.getvalue().encode("utf-8")
    risky = {name for name, values in zip(columns, values_by_column)
             if name not in int_columns and _FORMULA_START.search("\n".join(values))}
    if risky:  # only the columns where some cell may begin like a formula are checked cell by cell
        safe = io.StringIO()
        safe_columns = [map(_safe_cell, values) if name in risky else values
                        for name, values in zip(columns, values_by_column)]
        csv.writer(safe, lineterminator="\n").writerows(zip(*safe_columns))
        spreadsheet_csv = safe.getvalue().encode("utf-8")
    return plain_csv, spreadsheet_csv


def render_documents(results: list[DocumentResult]) -> tuple[bytes, bytes]:
    """documents.csv rows for these results, as `documents_frame(...).to_csv` writes them (UTF-8), and their
    spreadsheet-safe copy."""
    return render_document_rows([_document_row(r) for r in results])


def render_document_rows(rows: list[Sequence]) -> tuple[bytes, bytes]:
    """`render_documents` for rows of DOCUMENT_COLUMNS values (the Dask engine has them as a frame)."""
    return render_with_safe_copy(rows, DOCUMENT_COLUMNS, DOCUMENT_INT_COLUMNS)


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


TABLE_FORMATS = ("csv", "parquet", "jsonl", "xlsx")
# The tables of each format; documents.csv is written by every run (the run's log, read by the review index).
FORMAT_TABLES = {"csv": ("facts.csv", "facts_spreadsheet.csv", "records.csv", "documents_spreadsheet.csv"),
                 "parquet": ("facts.parquet", "records.parquet"),
                 "jsonl": ("facts.jsonl", "records.jsonl"),
                 "xlsx": ("facts.xlsx",)}


def csv_to_jsonl(rows: bytes, columns: Sequence[str], int_columns: Sequence[str]) -> bytes:
    """CSV rows as the tables hold them -> JSON Lines, one object per row (whole numbers as numbers)."""
    lines = []
    for row in csv.reader(io.StringIO(rows.decode("utf-8"), newline="")):
        obj = dict(zip(columns, row))
        for name in int_columns:
            obj[name] = int(obj[name])
        lines.append(json.dumps(obj, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


class FactsWriter:
    """Rendered facts and document rows appended as they come to temporary files, renamed into place by `close`.

    Memory stays flat however large the corpus; an interrupted run leaves the
    previous tables untouched (`abort` removes the temporary files; as a context
    manager the writer closes, or aborts on an exception). The Parquet file is
    made from the very bytes written to facts.csv, read back by Arrow's CSV
    reader, so the two always hold the same facts. `formats` chooses the tables
    (FORMAT_TABLES); a table of a format not chosen is removed at close, so that the
    folder never holds tables of two runs.
    """

    def __init__(self, output: Path, row_group: int = 20_000, numeric_types=NUMERIC_TYPES,
                 formats: Iterable[str] = ("csv", "parquet")):
        """`row_group`: facts per Parquet row group (one per CSV block would bloat the file and its footer);
        `numeric_types`: the fact types whose value is a number (facts.parquet's `amount`)."""
        self.formats = set(formats)
        if not self.formats or not self.formats <= set(TABLE_FORMATS):
            raise ValueError(f"formats: some of {', '.join(TABLE_FORMATS)}, not {sorted(self.formats)}")
        output.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.files: dict[str, object] = {}  # table name -> its open temporary file
        headers = {"documents.csv": (",".join(DOCUMENT_COLUMNS) + "\n").encode(), "records.csv": _RECORD_HEADER,
                   "facts.csv": _FACT_HEADER, "facts_spreadsheet.csv": codecs.BOM_UTF8 + _FACT_HEADER,  # BOM: UTF-8
                   "documents_spreadsheet.csv": codecs.BOM_UTF8 + (",".join(DOCUMENT_COLUMNS) + "\n").encode(),
                   "facts.jsonl": b"", "records.jsonl": b""}
        names = ["documents.csv", "records.csv"]  # records.csv is also what records.parquet is made from
        if "csv" in self.formats:
            names += ["facts.csv", "facts_spreadsheet.csv", "documents_spreadsheet.csv"]
        if "jsonl" in self.formats:
            names += ["facts.jsonl", "records.jsonl"]
        self.hashes: dict[str, "hashlib._Hash"] = {}  # of each table as it is written: manifest.json
        for name in names:
            self.files[name] = open(self.temporary(name), "wb", buffering=self.BUFFER)
            self.hashes[name] = hashlib.sha256()
            self._write(name, headers[name])
        self.parquet = (_ParquetStream(self.temporary("facts.parquet"), row_group, numeric_types)
                        if "parquet" in self.formats else None)
        self.workbook = _Workbook(self.temporary("facts.xlsx"), numeric_types) if "xlsx" in self.formats else None
        self.warnings: list[str] = []  # what the run should tell its user (a table not written, and why)

    BUFFER = 1 << 20  # bytes gathered per write call: chunks come in thousands

    def temporary(self, name: str) -> Path:
        """Where table `name` is written until close: a name of this process (the output lock keeps
        other runs out of the folder)."""
        return self.output / f".{name}.{os.getpid()}.tmp"

    def _write(self, name: str, data: bytes) -> None:
        self.files[name].write(data)
        self.hashes[name].update(data)

    def add(self, rendered: RenderedFacts) -> None:
        write = self._write
        write("documents.csv", rendered.documents_csv)
        write("records.csv", rendered.records_csv)
        if "csv" in self.formats:
            write("facts.csv", rendered.csv)
            write("facts_spreadsheet.csv", rendered.spreadsheet_csv)
            write("documents_spreadsheet.csv", rendered.documents_spreadsheet_csv)
        if "jsonl" in self.formats:
            write("facts.jsonl", csv_to_jsonl(rendered.csv, FACT_COLUMNS, FACT_INT_COLUMNS))
            write("records.jsonl", csv_to_jsonl(rendered.records_csv, RECORD_COLUMNS, RECORD_INT_COLUMNS))
        if self.parquet:
            self.parquet.add(rendered.csv)
        if self.workbook:
            self.workbook.add("facts", rendered.csv)
            self.workbook.add("records", rendered.records_csv)
            self.workbook.add("documents", rendered.documents_csv)

    def close(self) -> None:
        for handle in self.files.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        written = [*self.files]
        if self.parquet:
            self.parquet.close()
            _records_parquet(self.temporary("records.csv"), self.temporary("records.parquet"))
            written += FORMAT_TABLES["parquet"]
        if self.workbook:
            too_long = self.workbook.close()
            if too_long:
                self.temporary("facts.xlsx").unlink()
                self.warnings.append(f"facts.xlsx not written: {too_long} do not fit in a spreadsheet's "
                                     f"{XLSX_ROWS:,} rows; the other tables hold every row")
                (self.output / "facts.xlsx").unlink(missing_ok=True)  # never one of an earlier run beside these
            else:
                flush_to_disk(self.temporary("facts.xlsx"))
                written.append("facts.xlsx")
        if "csv" not in self.formats:
            written.remove("records.csv")
            self.temporary("records.csv").unlink()
        tables = {name: {"sha256": (self.hashes[name] if name in self.hashes else _file_hash(self.temporary(name)))
                         .hexdigest(), "bytes": self.temporary(name).stat().st_size} for name in written}
        for name in written:
            os.replace(self.temporary(name), self.output / name)
        manifest = json.dumps({"run": _run_id(), "tables": dict(sorted(tables.items()))}, indent=1) + "\n"
        atomic_write(self.output / MANIFEST, lambda p: p.write_text(manifest, encoding="utf-8"))
        for fmt in set(TABLE_FORMATS) - self.formats:
            for name in FORMAT_TABLES[fmt]:
                (self.output / name).unlink(missing_ok=True)

    def __enter__(self) -> FactsWriter:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def abort(self) -> None:
        try:
            for handle in self.files.values():
                handle.close()
            if self.parquet:
                self.parquet.abort()
            if self.workbook:
                self.workbook.close()
        finally:
            for name in [*self.files, *FORMAT_TABLES["parquet"], *FORMAT_TABLES["xlsx"]]:
                self.temporary(name).unlink(missing_ok=True)


XLSX_ROWS = 1_048_576  # a worksheet's rows, its header's included


class _Workbook:
    """facts.xlsx, written row by row as the chunks come (XlsxWriter's constant-memory mode): sheets of facts,
    records and documents with typed cells (whole numbers and `amount` as numbers, dates as dates, the rest as
    text, never a formula), a frozen header, filters on and set column widths. A sheet over a spreadsheet's
    row limit makes `close` say so: a truncated workbook would mislead."""

    SHEETS = {"facts": (FACT_COLUMNS, FACT_INT_COLUMNS, TYPED_DATE_COLUMNS),
              "records": (RECORD_COLUMNS, RECORD_INT_COLUMNS, ()),
              "documents": (DOCUMENT_COLUMNS, DOCUMENT_INT_COLUMNS, ("reference_date",))}
    WIDE = {"sentence": 60, "title": 40, "text": 24, "value": 18, "path": 40, "error": 40, "subject": 20, "rule_id": 26,
            "fact_id": 30, "value_fact_id": 30, "subject_fact_id": 30, "period_fact_id": 30, "content_hash": 18}

    def __init__(self, target: Path, numeric_types=NUMERIC_TYPES):
        import xlsxwriter

        self.numeric_types = numeric_types
        self.book = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_numbers": False,
                                                      "strings_to_formulas": False, "strings_to_urls": False})
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
            if typed_amount and cells[type_at] in self.numeric_types and _AMOUNT.match(cells[value_at]):
                sheet.write_number(row, len(columns), float(cells[value_at]))
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
            raise MixedTables(f"{folder / name}: not the table {MANIFEST} lists: the folder holds tables of two runs "
                              "(a run is writing, or one was killed while it swapped them in); run again")


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
    """Facts as JSON Lines on a stream (`extract -o -`, for pipes): written as each chunk comes, nothing
    on disk. The same `add` as FactsWriter's; documents and records are not written."""

    def __init__(self, stream):
        self.stream = stream

    def add(self, rendered: RenderedFacts) -> None:
        self.stream.write(csv_to_jsonl(rendered.csv, FACT_COLUMNS, FACT_INT_COLUMNS))
        self.stream.flush()

    def __enter__(self) -> JsonLinesStream:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        pass


def flush_to_disk(path: Path) -> None:
    """A file a library wrote and closed, flushed to disk before it is renamed into place."""
    with open(path, "rb") as written:
        os.fsync(written.fileno())


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
    flush_to_disk(target)


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
        flush_to_disk(self.target)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
