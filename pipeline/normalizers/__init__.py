"""Normalisers: pure functions `(m: regex.Match, doc: DocContext) -> Value | None`.

Each module declares its own in a `NormalizerTable`; `builtin_normalizers()`
is the one place that gathers them, and a rule set is loaded with that table
(or with more: `load_rules(folder, normalizers=...)`). A new fact type whose
values no existing normaliser makes is a module here, added to the list below.
"""

from __future__ import annotations

from .base import ColumnFiller, DocumentPass, Normalizer, NormalizerTable


def builtin_passes() -> dict[str, DocumentPass]:
    """Passes over an article's kept facts, by the name a type declares in `rules/types.yaml` (`passes`)."""
    from . import anchored, dates

    return {"anchored": anchored.anchored_pass, "same_period": dates.same_period_pass}


def builtin_fillers() -> dict[tuple[str, ...], ColumnFiller]:
    """What fills each optional column of facts.csv (several at once, where one look-up gives them), for the
    types whose `columns` in `rules/types.yaml` name them; `per`, `owner` and `code` come with the value."""
    from . import dates, percent

    return {("date_start", "date_end"): dates.bounds_of, ("direction",): percent.direction_of}


def builtin_normalizers() -> dict[str, Normalizer]:
    from . import anchored, dates, eras, money, names, percent, quantity

    table: dict[str, Normalizer] = {}
    for module in (anchored, dates, eras, money, names, percent, quantity):
        table.update(module.NORMALIZERS)
    return table


__all__ = [
    "ColumnFiller",
    "DocumentPass",
    "Normalizer",
    "NormalizerTable",
    "builtin_fillers",
    "builtin_normalizers",
    "builtin_passes",
]
