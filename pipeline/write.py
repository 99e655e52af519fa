"""Write stage: facts and documents as pandas tables, written atomically.

Every file is written to a temporary name in the same folder and renamed
over the old one, so an interrupted run leaves the previous table intact.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, fields
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
    rows = [{**asdict(f), "fact_id": f.fact_id} for f in facts]
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    frame = frame.astype({c: "int64" for c in _INT_COLUMNS})
    return frame.astype({c: "string" for c in FACT_COLUMNS if c not in _INT_COLUMNS})


def documents_frame(results: list[DocumentResult]) -> pd.DataFrame:
    names = {f.name for f in fields(DocumentResult)}
    rows = []
    for r in results:
        row = {k: getattr(r, k) for k in DOCUMENT_COLUMNS if k in names and k != "facts"}
        row["facts"] = len(r.facts)
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


def write_outputs(output: Path, facts: pd.DataFrame, documents: pd.DataFrame) -> None:
    facts = facts.sort_values(["doc_id", "start", "end", "type"], kind="stable").reset_index(drop=True)
    documents = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    atomic_write(output / "facts.csv", lambda p: facts.to_csv(p, index=False, encoding="utf-8"))
    atomic_write(output / "facts.parquet", lambda p: facts.to_parquet(p, index=False))
    atomic_write(
        output / "facts_spreadsheet.csv",
        lambda p: spreadsheet_safe(facts).to_csv(p, index=False, encoding="utf-8-sig"),
    )
    atomic_write(output / "documents.csv", lambda p: documents.to_csv(p, index=False, encoding="utf-8"))
