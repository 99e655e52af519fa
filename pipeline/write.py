"""Write stage: facts and documents as pandas tables, written atomically.

Every file is written to a temporary name in the same folder and renamed
over the old one, so an interrupted run leaves the previous table intact.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Callable

import pandas as pd

from .model import DocumentResult, Fact

SCHEMA_COLUMNS = ["doc_id", "type", "start", "end", "text", "value", "unit", "qualifier", "mod"]
FACT_COLUMNS = SCHEMA_COLUMNS + [
    "fact_id", "sentence_id", "sentence", "rule_id", "text_simplified", "per", "owner", "direction", "date_start", "date_end",
]
DOCUMENT_COLUMNS = [
    "doc_id", "path", "encoding", "script", "reference_date", "reference_date_source",
    "characters", "body_end", "facts", "status", "error", "content_hash",
]
_INT_COLUMNS = ("start", "end", "sentence_id")
# A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    rows = [{**vars(f), "fact_id": f.fact_id} for f in facts]  # vars, not asdict: no deep copies
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    frame = frame.astype({c: "int64" for c in _INT_COLUMNS})
    return frame.astype({c: "string" for c in FACT_COLUMNS if c not in _INT_COLUMNS})


def documents_frame(results: list[DocumentResult]) -> pd.DataFrame:
    names = {f.name for f in fields(DocumentResult)}
    rows = []
    for r in results:
        row = {k: getattr(r, k) for k in DOCUMENT_COLUMNS if k in names and k != "facts"}
        row["facts"] = r.fact_count
        rows.append(row)
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS).astype({"characters": "int64", "body_end": "int64", "facts": "int64"})


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where no text cell can run as a formula: such cells get a leading apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == "string" or safe[column].dtype == object:
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
            )
    return safe


class FactsWriter:
    """Facts written as they come, in batches, to temporary files renamed into place by `close`.

    Memory stays flat however large the corpus; an interrupted run leaves the
    previous tables untouched (`abort` removes the temporary files).
    """

    BATCH = 20_000

    def __init__(self, output: Path):
        import pyarrow as pa
        import pyarrow.parquet as pq

        output.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.targets = [output / "facts.csv", output / "facts_spreadsheet.csv", output / "facts.parquet"]
        self.temporary = [self._temporary(path) for path in self.targets]
        self.schema = pa.schema([(c, pa.int64() if c in _INT_COLUMNS else pa.string()) for c in FACT_COLUMNS])
        self.parquet = pq.ParquetWriter(self.temporary[2], self.schema)
        self.pending: list[Fact] = []
        self.rows = 0
        self._write_csv_header()

    @staticmethod
    def _temporary(path: Path) -> Path:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        return Path(name)

    def _write_csv_header(self) -> None:
        empty = facts_frame([])
        empty.to_csv(self.temporary[0], index=False, encoding="utf-8")
        spreadsheet_safe(empty).to_csv(self.temporary[1], index=False, encoding="utf-8-sig")

    def add(self, facts: list[Fact]) -> None:
        self.pending.extend(facts)
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if not self.pending:
            return
        frame = facts_frame(self.pending)
        frame.to_csv(self.temporary[0], index=False, header=False, mode="a", encoding="utf-8")
        spreadsheet_safe(frame).to_csv(self.temporary[1], index=False, header=False, mode="a", encoding="utf-8")
        self.parquet.write_table(pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False))
        self.rows += len(frame)
        self.pending = []

    def close(self, documents: pd.DataFrame) -> None:
        self.flush()
        self.parquet.close()
        for temporary, target in zip(self.temporary, self.targets):
            with open(temporary, "rb") as f:
                os.fsync(f.fileno())
            os.replace(temporary, target)
        atomic_write(self.output / "documents.csv", lambda p: documents.to_csv(p, index=False, encoding="utf-8"))

    def abort(self) -> None:
        try:
            self.parquet.close()
        finally:
            for temporary in self.temporary:
                temporary.unlink(missing_ok=True)
