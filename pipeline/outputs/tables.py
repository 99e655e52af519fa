"""Write stage: facts and documents as CSV and Parquet tables, written atomically,
and as pandas frames for the Python API.

Every file is written to a temporary name in the same folder and renamed
over the old one, so an interrupted run leaves the previous table intact.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from ..datatypes import RECORD_COLUMNS, DocumentResult, Fact

if TYPE_CHECKING:  # pandas is imported where a frame is made: a run writes its tables without it
    import pandas as pd

SCHEMA_COLUMNS = ["doc_id", "type", "start", "end", "text", "value", "unit", "qualifier", "mod"]
FACT_COLUMNS = SCHEMA_COLUMNS + [
    "fact_id",
    "sentence_id",
    "sentence",
    "rule_id",
    "text_simplified",
    "per",
    "owner",
    "direction",
    "date_start",
    "date_end",
    "code",
]
DOCUMENT_COLUMNS = [
    "doc_id",
    "path",
    "title",
    "source",
    "encoding",
    "script",
    "region",
    "region_source",
    "reference_date",
    "reference_date_source",
    "characters",
    "body_end",
    "facts",
    "fact_counts",
    "status",
    "error",
    "content_hash",
]
FACT_INT_COLUMNS = ("start", "end", "sentence_id")
FACT_HEADER = (",".join(FACT_COLUMNS) + "\n").encode()  # facts.csv's first line, and what Arrow reads rows by
DOCUMENT_INT_COLUMNS = ("characters", "body_end", "facts")
RECORD_INT_COLUMNS = ("start", "end")
RECORD_FLOAT_COLUMNS = ("confidence",)
RECORD_HEADER = (",".join(RECORD_COLUMNS) + "\n").encode()
# A spreadsheet runs a cell that begins with one of these as a formula.
# A field of a table may be as long as an article (a one-line article is one sentence): the csv module, which
# reads the tables back (JSON Lines, xlsx, the review index), refuses fields over 128 KB unless told.
csv.field_size_limit(1 << 30)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


_FACT_ROW = attrgetter(*FACT_COLUMNS)  # `fact_id` is a property of Fact


def _document_row(result: DocumentResult) -> list:
    return [result.fact_count if c == "facts" else getattr(result, c) for c in DOCUMENT_COLUMNS]


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """Facts as a frame of facts.csv's columns: whole numbers as int64, text as pandas strings."""
    import pandas as pd
    import pyarrow as pa

    return facts_table(facts).to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)


def typed_facts_frame(facts: list[Fact], numeric_types: frozenset[str]) -> pd.DataFrame:
    """Facts as facts.parquet has them (the Python API's frame): `amount`, dates as dates. Made in Arrow,
    column by column: a frame built row by row and cast cost more than extracting a short text."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    table = typed_table(facts_table(facts), numeric_types)
    for name in TYPED_DATE_COLUMNS:  # timestamps of seconds become datetime64[s] as they are; dates would be objects
        at = table.schema.get_field_index(name)
        table = table.set_column(at, pa.field(name, pa.timestamp("s")), pc.cast(table[name], pa.timestamp("s")))
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)


def facts_table(facts: list[Fact]):
    """Facts as an Arrow table of facts.csv's columns and types."""
    import pyarrow as pa

    rows = [_FACT_ROW(f) for f in facts]
    columns = list(zip(*rows)) if rows else [() for _ in FACT_COLUMNS]
    return pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(columns, arrow_schema())], schema=arrow_schema())


def documents_frame(results: list[DocumentResult]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame([_document_row(r) for r in results], columns=DOCUMENT_COLUMNS)
    return frame.astype({c: "int64" for c in DOCUMENT_INT_COLUMNS})


@dataclass
class RenderedFacts:
    """Facts as the CSV files want them, encoded (UTF-8): the parent process writes the bytes as they are."""

    csv: bytes
    spreadsheet_csv: bytes  # often the very same object as `csv`
    documents_csv: bytes = b""  # the documents.csv rows of the same articles
    documents_spreadsheet_csv: bytes = b""  # and their spreadsheet-safe copy
    records_csv: bytes = b""  # the records.csv rows of the same articles
    records_spreadsheet_csv: bytes = b""  # and their spreadsheet-safe copy


def arrow_schema():
    """facts.csv's columns as Arrow reads them back: whole numbers and text."""
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c in FACT_INT_COLUMNS else pa.string()) for c in FACT_COLUMNS])


AMOUNT_PATTERN = r"^-?\d+(?:\.\d+)?$"  # a value that is a plain number (`amount` is made only of these)
TYPED_DATE_COLUMNS = ("date_start", "date_end")


def typed_schema():
    """facts.parquet's columns: facts.csv's, with `date_start`/`date_end` as dates and a float `amount`."""
    import pyarrow as pa

    text_schema = arrow_schema()
    fields = [pa.field(c, pa.date32()) if c in TYPED_DATE_COLUMNS else text_schema.field(c) for c in FACT_COLUMNS]
    return pa.schema(fields + [pa.field("amount", pa.float64())])


def typed_table(table, numeric_types: frozenset[str]):
    """Arrow facts with typed columns for analysts: the value of a money, percent or quantity fact as a float
    (`amount`, null for other types), and its date bounds as dates (null where empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    empty_text = pa.scalar(None, pa.string())
    numeric = pc.and_(
        pc.is_in(table["type"], value_set=pa.array(sorted(numeric_types), pa.string())),
        pc.match_substring_regex(table["value"], AMOUNT_PATTERN),
    )
    amount = pc.cast(pc.if_else(numeric, table["value"], empty_text), pa.float64())
    for name in TYPED_DATE_COLUMNS:
        column = table[name]
        table = table.set_column(
            table.schema.get_field_index(name),
            pa.field(name, pa.date32()),
            pc.cast(pc.if_else(pc.equal(column, ""), empty_text, column), pa.date32()),
        )
    return table.append_column(pa.field("amount", pa.float64()), amount)


AMOUNT = re.compile(AMOUNT_PATTERN)


def amount(fact_type: str, value: str, numeric_types: frozenset[str]) -> float | None:
    """`amount` of one fact, as `typed_table` makes the column: its value as a float for the number types."""
    return float(value) if fact_type in numeric_types and AMOUNT.match(value) else None


_FORMULA_START = re.compile("^[" + re.escape("".join(FORMULA_PREFIXES)) + "]", re.MULTILINE)


def render_facts(facts: list[Fact]) -> RenderedFacts:
    """Render facts once, where they were extracted (in a worker, the parent then only appends).

    The csv module writes exactly what pandas' `to_csv` writes for these columns, at a
    fraction of its fixed cost, which matters for chunks of a few short articles.
    """
    return RenderedFacts(*render_with_safe_copy(facts, FACT_COLUMNS, FACT_INT_COLUMNS, row=_FACT_ROW))


# Rows rendered at once: the text of one CSV row is held three times over while it is rendered (as rows, as the
# writer's text and as bytes), which for the 160,000 facts of a 20 MB article took 150 MB at its peak.
RENDER_AT_ONCE = 4096


def render_with_safe_copy(
    rows: Sequence, columns: Sequence[str], number_columns: Sequence[str], row=None
) -> tuple[bytes, bytes]:
    """Rows as CSV (UTF-8), and the copy a spreadsheet may open: a text cell that begins like a formula gets
    a `'` (number columns are left as they are: `-5` is a number there). Often the very same bytes.
    `row`, when given, makes each item a row, a block at a time (all the rows of 157,000 facts took 45 MB);
    the blocks go straight into the result (their list and its join held the text twice)."""
    if len(rows) <= RENDER_AT_ONCE:
        return _render_with_safe_copy(rows if row is None else list(map(row, rows)), columns, number_columns)
    plain, safe = io.BytesIO(), None  # `safe` from the first block whose spreadsheet copy differs
    for i in range(0, len(rows), RENDER_AT_ONCE):
        block = rows[i : i + RENDER_AT_ONCE]
        plain_part, safe_part = _render_with_safe_copy(
            block if row is None else list(map(row, block)), columns, number_columns
        )
        if safe is None and safe_part is not plain_part:
            safe = io.BytesIO(plain.getvalue())  # the blocks before were the same in both
            safe.seek(0, io.SEEK_END)
        plain.write(plain_part)
        if safe is not None:
            safe.write(safe_part)
    plain_csv = plain.getvalue()
    return plain_csv, plain_csv if safe is None else safe.getvalue()


def _render_with_safe_copy(
    rows: list[Sequence], columns: Sequence[str], number_columns: Sequence[str]
) -> tuple[bytes, bytes]:
    values_by_column = list(zip(*rows)) if rows else [() for _ in columns]
    plain = io.StringIO()
    csv.writer(plain, lineterminator="\n").writerows(rows)
    spreadsheet_csv = plain_csv = plain.getvalue().encode("utf-8")
    risky = {
        name
        for name, values in zip(columns, values_by_column)
        if name not in number_columns and _FORMULA_START.search("\n".join(values))
    }
    if risky:  # only the columns where some cell may begin like a formula are checked cell by cell
        safe = io.StringIO()
        safe_columns = [
            map(_safe_cell, values) if name in risky else values for name, values in zip(columns, values_by_column)
        ]
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


def render_records(rows: list[Sequence]) -> tuple[bytes, bytes]:
    """records.csv rows (a `Record` is such a row), UTF-8, and their spreadsheet-safe copy."""
    return render_with_safe_copy(
        rows, RECORD_COLUMNS, (*RECORD_INT_COLUMNS, *RECORD_FLOAT_COLUMNS)
    )  # numbers: no formulas


def records_frame(records: list) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(records, columns=RECORD_COLUMNS)
    return frame.astype({c: _record_dtype(c) for c in RECORD_COLUMNS})


def _record_dtype(column: str) -> str:
    return "int64" if column in RECORD_INT_COLUMNS else "float64" if column in RECORD_FLOAT_COLUMNS else "string"


def typed_records(table):
    """Arrow records with the value of each number as a float (`amount`, null where the value is no plain
    number), as facts.parquet has it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    numeric = pc.match_substring_regex(table["value"], AMOUNT_PATTERN)
    amount = pc.cast(pc.if_else(numeric, table["value"], pa.scalar(None, pa.string())), pa.float64())
    return table.append_column(pa.field("amount", pa.float64()), amount)


def _safe_cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


def csv_to_jsonl(
    rows: bytes,
    columns: Sequence[str],
    int_columns: Sequence[str],
    numeric_types: frozenset[str],
    float_columns: Sequence[str] = (),
) -> bytes:
    """CSV rows as the tables hold them -> JSON Lines, one object per row, typed: whole numbers and the columns of
    `float_columns` as numbers, and an `amount` as in facts.parquet (the value of a fact of `numeric_types` as a
    float, else null)."""
    lines = []
    for row in csv.reader(io.StringIO(rows.decode("utf-8"), newline="")):
        obj = dict(zip(columns, row))
        for name in int_columns:
            obj[name] = int(obj[name])
        for name in float_columns:
            obj[name] = float(obj[name])
        obj["amount"] = amount(obj["type"], obj["value"], numeric_types)
        lines.append(json.dumps(obj, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def read_csv(source, schema):
    """A table this writer wrote, read back by Arrow with its columns' types: text stays text, never null.

    `source` is a path or a BytesIO. Arrow reads in blocks, and a row longer than a block (a one-line article
    of a megabyte gives one) cannot be read: the block grows until it holds the longest row.
    """
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    size = source.getbuffer().nbytes if isinstance(source, io.BytesIO) else Path(source).stat().st_size
    block = 1 << 20
    while True:
        if isinstance(source, io.BytesIO):
            source.seek(0)
        try:
            return pa_csv.read_csv(
                source,
                read_options=pa_csv.ReadOptions(use_threads=False, block_size=block),
                parse_options=pa_csv.ParseOptions(newlines_in_values=True),
                convert_options=pa_csv.ConvertOptions(
                    column_types=schema, strings_can_be_null=False, quoted_strings_can_be_null=False
                ),
            )
        except pa.ArrowInvalid as exc:
            if "straddl" not in str(exc) or block > size:
                raise
            block *= 4
