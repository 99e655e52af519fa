"""Normalisers: pure functions from a rule's match to a `Value`.

Each registers under a name that rule files refer to, with the named groups
it reads (`groups`) and those a pattern must have (`required`). A normaliser
returns None to veto a match (a number that does not parse, a year out of range).
A new fact type is a rule file plus a module here that registers its normaliser.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import regex

from ..context import DocContext
from ..model import Value

NormaliserFn = Callable[[regex.Match, DocContext], Optional[Value]]


@dataclass(frozen=True)
class Normalizer:
    name: str
    fn: NormaliserFn
    groups: frozenset[str]
    required: frozenset[str]


NORMALIZERS: dict[str, Normalizer] = {}


def normalizer(name: str, groups: set[str] = frozenset(), required: set[str] = frozenset()):
    def register(fn: NormaliserFn) -> NormaliserFn:
        NORMALIZERS[name] = Normalizer(name, fn, frozenset(groups) | frozenset(required), frozenset(required))
        return fn

    return register


from . import dates, money, names, percent, quantity  # noqa: E402,F401  (registers the normalisers)
