"""Decades and centuries: spans of years, valued as an interval of years (`1990/1999`, `1900/1999`).

SCHEMA writes a period as an interval of its first and last unit (`2024-01/2024-11`); a decade is its ten
years (`90年代` = 1990/1999) and a century, as TIMEX3 counts it, the hundred years named by its first two
digits (`21世纪`, `本世纪` = 2000/2099; `20世纪80年代` = 1980/1989). A decade without its century is the
latest one that began by the reference year (`50年代` in 2025 is the 1950s, `20年代` the 2020s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..datatypes import Value
from .base import NormalizerTable
from .numbers import whole_number

if TYPE_CHECKING:
    from ..stages.document import DocContext

NORMALIZERS = NormalizerTable()
_RELATIVE_CENTURIES = {"上上": -2, "上": -1, "本": 0, "这": 0, "今": 0, "下": 1}


@NORMALIZERS.add("date_era", groups={"century", "rcentury", "decade", "decade4", "mod"})
def date_era(m: regex.Match, doc: DocContext) -> Value | None:
    """`上世纪90年代`, `20世纪80年代初`, `九十年代`, `本世纪初`, `21世纪`: an interval of years (the module's docstring)."""
    g = {k: v for k, v in m.groupdict().items() if v}
    ref_year = doc.reference.day.year
    mod = doc.lexicon.dates.date_mods.get(g.get("mod", ""), "")
    if "decade4" in g:  # 1990年代
        year = int(g["decade4"])
        return Value(f"{year:04d}/{year + 9:04d}", mod=mod) if year % 10 == 0 else None
    first = None  # the century's first year
    if "century" in g:
        n = whole_number(g["century"])
        first = (n - 1) * 100 if n and 16 <= n <= 22 else None
        if first is None:
            return None
    elif "rcentury" in g:
        first = (ref_year // 100 + _RELATIVE_CENTURIES[g["rcentury"].rstrip("个")]) * 100
    if "decade" not in g:
        return Value(f"{first:04d}/{first + 99:04d}", mod=mod)
    decade = whole_number(g["decade"])
    if decade is None or decade % 10 or not 0 <= decade <= 90:
        return None
    if first is None:  # the latest such decade begun by the reference year
        first = ref_year // 100 * 100 if ref_year // 100 * 100 + decade <= ref_year else ref_year // 100 * 100 - 100
    return Value(f"{first + decade:04d}/{first + decade + 9:04d}", mod=mod)
