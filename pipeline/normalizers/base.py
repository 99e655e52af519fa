"""What a normaliser is: a pure function from a rule's match to a `Value`, with its contract.

The contract (the named groups it reads, and those a pattern must have) is
checked when rules load, and `tools/gen_rules_reference.py` writes it into
`rules/README.md`. A normaliser returns None to veto a match (a number that
does not parse, a year out of range).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..datatypes import Value

if TYPE_CHECKING:
    from ..datatypes import Candidate
    from ..ruleset.loading import RuleSet
    from ..stages.document import DocContext

NormaliserFn = Callable[[regex.Match, "DocContext"], Value | None]
# A pass over one article's kept candidates (`去年同期` takes the period its sentence speaks of), given the rule set.
DocumentPass = Callable[[list["Candidate"], "DocContext", "RuleSet"], list["Candidate"]]
# The values of some optional columns for one kept candidate (its date's first and last day).
ColumnFiller = Callable[["Candidate", "DocContext"], tuple[str, ...]]


@dataclass(frozen=True)
class Normalizer:
    name: str
    fn: NormaliserFn
    groups: frozenset[str]  # every group it reads, the required ones included
    required: frozenset[str]

    @property
    def summary(self) -> str:
        """The first line of the function's docstring: what it makes of a match."""
        return (self.fn.__doc__ or "").strip().split("\n")[0]


class NormalizerTable(dict):
    """The normalisers of one module, by name: `@TABLE.add("money", groups=..., required=...)`."""

    def add(self, name: str, groups: set[str] = frozenset(), required: set[str] = frozenset()):
        def declare(fn: NormaliserFn) -> NormaliserFn:
            if name in self:
                raise ValueError(f"normaliser {name!r} declared twice")
            self[name] = Normalizer(name, fn, frozenset(groups) | frozenset(required), frozenset(required))
            return fn

        return declare
