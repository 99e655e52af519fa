"""What changed between two runs: facts (and records) added, removed and changed, per article and in total.

Rows are matched per article and type: first by the same span, then (for
the rest) by the largest overlap; a matched pair whose compared columns
(a fact's value, unit, qualifier, mod; a record's subject, metric, period,
modality) or span differ is `changed`, the unmatched are `added` or `removed`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .sinks import check_tables

COMPARED = ["value", "unit", "qualifier", "mod"]
RECORD_COMPARED = ["subject", "metric", "period", "modality"]


def diff_columns(compared: list[str]) -> list[str]:
    return [
        "change",
        "doc_id",
        "type",
        "old_start",
        "old_end",
        "old_text",
        "new_start",
        "new_end",
        "new_text",
        "fields",
        *(f"old_{c}" for c in compared),
        *(f"new_{c}" for c in compared),
    ]


DIFF_COLUMNS = diff_columns(COMPARED)


class TableError(ValueError):
    """A table that is not what a run writes: the message names the file (and the column, the row)."""


def read_facts(folder: Path, table: str = "facts.csv") -> pd.DataFrame:
    """A facts (or records) table of an output folder, checked: every column `diff` compares is there and
    `start` and `end` are whole numbers; else a TableError naming the file and the column."""
    path = folder / table
    if not path.exists():
        raise FileNotFoundError(f"{path}: no {table} (is {folder} an output folder?)")
    check_tables(folder, [table, "documents.csv"])
    try:
        facts = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError) as exc:  # pandas' ParserError and EmptyDataError are ValueErrors
        raise TableError(f"{path}: not a table a run writes ({str(exc).splitlines()[0][:120]})") from None
    needed = ["doc_id", "type", "start", "end", "text", *(RECORD_COMPARED if table == "records.csv" else COMPARED)]
    missing = [column for column in needed if column not in facts.columns]
    if missing:
        raise TableError(f"{path}: no column {', '.join(missing)}: not a {table} a run writes")
    for column in ("start", "end"):
        whole = facts[column].str.fullmatch(r"\d+")
        if not whole.all():
            row = int((~whole).idxmax())
            raise TableError(f"{path}: column {column}, row {row + 2}: {facts[column][row]!r} is not a whole number")
        facts[column] = facts[column].astype(int)
    return facts


def _row(change, compared, old=None, new=None, fields=()) -> dict:
    row = {"change": change, "doc_id": (old or new)["doc_id"], "type": (old or new)["type"], "fields": ",".join(fields)}
    for prefix, fact in (("old", old), ("new", new)):
        for key in ("start", "end", "text", *compared):
            row[f"{prefix}_{key}"] = fact[key] if fact else ""
    return row


def diff_facts(old: pd.DataFrame, new: pd.DataFrame, compared: list[str] = COMPARED) -> pd.DataFrame:
    """Rows of two tables of the same kind (facts, or records with `RECORD_COMPARED`) that differ."""
    rows = []
    old_groups = {k: g.to_dict("records") for k, g in old.groupby(["doc_id", "type"])}
    new_groups = {k: g.to_dict("records") for k, g in new.groupby(["doc_id", "type"])}
    for key in sorted(set(old_groups) | set(new_groups)):
        before, after = old_groups.get(key, []), new_groups.get(key, [])
        by_span = {(f["start"], f["end"]): f for f in after}
        unmatched_old, used = [], set()
        for fact in before:
            twin = by_span.get((fact["start"], fact["end"]))
            if twin is None:
                unmatched_old.append(fact)
                continue
            used.add((twin["start"], twin["end"]))
            fields = [c for c in compared if fact[c] != twin[c]]
            if fields:
                rows.append(_row("changed", compared, fact, twin, fields))
        unmatched_new = [f for f in after if (f["start"], f["end"]) not in used]
        pairs = sorted(
            (
                (min(a["end"], b["end"]) - max(a["start"], b["start"]), i, j)
                for i, a in enumerate(unmatched_old)
                for j, b in enumerate(unmatched_new)
                if a["start"] < b["end"] and b["start"] < a["end"]
            ),
            reverse=True,
        )
        paired_old, paired_new = set(), set()
        for _, i, j in pairs:
            if i in paired_old or j in paired_new:
                continue
            paired_old.add(i), paired_new.add(j)
            a, b = unmatched_old[i], unmatched_new[j]
            rows.append(_row("changed", compared, a, b, ["span", *(c for c in compared if a[c] != b[c])]))
        rows.extend(_row("removed", compared, old=f) for i, f in enumerate(unmatched_old) if i not in paired_old)
        rows.extend(_row("added", compared, new=f) for j, f in enumerate(unmatched_new) if j not in paired_new)
    frame = pd.DataFrame(rows, columns=diff_columns(compared))
    order = frame.assign(
        _start=frame["old_start"].where(frame["old_start"] != "", frame["new_start"]).astype(int) if len(frame) else 0
    )
    return (
        order.sort_values(["doc_id", "_start", "type", "change"], kind="stable")
        .drop(columns="_start")
        .reset_index(drop=True)
        if len(frame)
        else frame
    )


def summary(diff: pd.DataFrame) -> str:
    if diff.empty:
        return "no differences"
    lines = []
    for doc_id, group in diff.groupby("doc_id", sort=True):
        counts = group["change"].value_counts()
        lines.append(f"{doc_id}: " + ", ".join(f"{counts.get(c, 0)} {c}" for c in ("added", "removed", "changed")))
    totals = diff["change"].value_counts()
    by_type = diff.groupby(["type", "change"]).size().unstack(fill_value=0)
    lines.append("total: " + ", ".join(f"{totals.get(c, 0)} {c}" for c in ("added", "removed", "changed")))
    lines.append(by_type.to_string())
    return "\n".join(lines)


def show(diff: pd.DataFrame, limit: int = 40, compared: list[str] | None = None, rest: str = "") -> str:
    """The first changes, one line each, for a reader at a terminal; `rest` says where the others are."""
    lines = []
    compared = compared or COMPARED
    shown = compared[:2] if compared == COMPARED else compared  # a fact's value and unit; a record's all four

    def what(row, prefix):
        return " ".join(str(row[f"{prefix}_{c}"]) for c in shown)

    for _, row in diff.head(limit).iterrows():
        if row.change == "added":
            lines.append(f"+ {row.doc_id} {row.type} {row.new_text!r} = {what(row, 'new')}")
        elif row.change == "removed":
            lines.append(f"- {row.doc_id} {row.type} {row.old_text!r} = {what(row, 'old')}")
        else:
            lines.append(
                f"~ {row.doc_id} {row.type} {row.old_text!r} -> {row.new_text!r}: "
                f"{what(row, 'old')} -> {what(row, 'new')} ({row.fields})"
            )
    if len(diff) > limit:
        lines.append(f"… {len(diff) - limit} more {rest}".rstrip())
    return "\n".join(lines)
