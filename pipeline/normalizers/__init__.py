"""Normalisers: pure functions `(m: regex.Match, doc: DocContext) -> Value | None`.

Each module declares its own in a `NormalizerTable`; `builtin_normalizers()`
is the one place that gathers them, and a rule set is loaded with that table
(or with more: `load_rules(folder, normalizers=...)`). A new fact type whose
values no existing normaliser makes is a module here, added to the list below.
"""

from __future__ import annotations

from .base import Normalizer, NormalizerTable


def builtin_normalizers() -> dict[str, Normalizer]:
    from . import dates, money, names, percent, quantity

    table: dict[str, Normalizer] = {}
    for module in (dates, money, names, percent, quantity):
        table.update(module.NORMALIZERS)
    return table


__all__ = ["Normalizer", "NormalizerTable", "builtin_normalizers"]
