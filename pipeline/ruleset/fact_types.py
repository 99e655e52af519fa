"""The fact-type registry: one declaration per type, in `rules/types.yaml`.

Every table that depends on a type (overlap layers, spaCy labels, review
colours, its role in records, optional columns, segmenter tags) is derived from
a `FactTypes` loaded with the rule set, so a new type is one declaration, a
rule file and a normaliser.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import regex

from .yamlfile import RuleError, load_yaml, mapping_of

OPTIONAL_COLUMNS = ("per", "owner", "direction", "date_start", "date_end", "code")
ROLES = (
    "number",
    "subject",
    "period",
)  # what a type is to the linker: a record is a number, about a subject, for a period
_KEYS = {"label", "layer", "yields_to", "role", "passes", "colour", "underline", "columns", "segmenter_tag", "__line__"}
_NAME = regex.compile(r"^[a-z][a-z0-9_]*$")
_COLOUR = regex.compile(r"^#[0-9A-Fa-f]{6}$")
_UNDERLINES = ("solid", "double", "dotted", "dashed", "wavy")


@dataclass(frozen=True)
class FactType:
    name: str
    label: str
    layer: str
    yields_to: tuple[str, ...] = ()
    role: str = ""  # one of ROLES, or none: the type takes no part in records
    passes: tuple[str, ...] = ()  # passes over an article's kept facts (normalizers.builtin_passes), in order
    colour: str = "#999999"
    underline: str = "solid"
    columns: tuple[str, ...] = ()
    segmenter_tag: str = ""  # set for name types: their gazetteer names are words with this tag

    @property
    def blocking_layers(self) -> tuple[str, ...]:
        """The layers a fact of this type must not overlap: its own, then those it yields to."""
        return (self.layer, *self.yields_to)

    @property
    def numeric(self) -> bool:
        """Whether values are numbers: rule examples compare them as numbers, tables give them an `amount`."""
        return self.role == "number"


class FactTypes(dict):
    """Fact types by name, in declaration order."""

    @property
    def name_types(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.values() if t.segmenter_tag)

    @cached_property
    def numbers(self) -> frozenset[str]:
        """The types whose facts are a record's number (`role: number`); their value has an `amount`."""
        return frozenset(t.name for t in self.values() if t.role == "number")

    @cached_property
    def subjects(self) -> frozenset[str]:
        """The types whose facts a record can be about (`role: subject`)."""
        return frozenset(t.name for t in self.values() if t.role == "subject")

    @cached_property
    def passes(self) -> tuple[str, ...]:
        """The document passes the types declare, each once, in the order declared."""
        return tuple(dict.fromkeys(name for t in self.values() for name in t.passes))

    @cached_property
    def periods(self) -> frozenset[str]:
        """The types whose facts are a record's period (`role: period`)."""
        return frozenset(t.name for t in self.values() if t.role == "period")

    def check(self, name, where: str) -> FactType:
        if name not in self:
            raise RuleError(f"{where}: `type` must be one of {', '.join(self)} (declared in types.yaml), not {name!r}")
        return self[name]


def load_types(folder: Path) -> FactTypes:
    path = folder / "types.yaml"
    if not path.exists():
        raise RuleError(f"{path}: missing: every rules folder declares its fact types there")
    data = load_yaml(path)
    types = FactTypes()
    for name, spec in mapping_of(data, "types", path).items():
        line = spec.get("__line__", data["types"]["__line__"]) if isinstance(spec, dict) else data["types"]["__line__"]
        where = f"{path}:{line}"
        if not isinstance(spec, dict) or not _NAME.match(str(name)):
            raise RuleError(f"{where}: type {name!r} needs a lower-case name and a mapping (label, layer, ...)")
        unknown = set(spec) - _KEYS
        if unknown:
            raise RuleError(f"{where}: type {name!r}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("label", "layer"):
            if not isinstance(spec.get(key), str) or not spec[key]:
                raise RuleError(f"{where}: type {name!r} needs `{key}`")
        columns = tuple(spec.get("columns") or ())
        if not set(columns) <= set(OPTIONAL_COLUMNS):
            raise RuleError(f"{where}: type {name!r}: `columns` are among {', '.join(OPTIONAL_COLUMNS)}")
        if not _COLOUR.match(str(spec.get("colour", "#999999"))):
            raise RuleError(f"{where}: type {name!r}: `colour` is #RRGGBB")
        if spec.get("role", "") not in ("", *ROLES):
            raise RuleError(f"{where}: type {name!r}: `role` is one of {', '.join(ROLES)}")
        if spec.get("underline", "solid") not in _UNDERLINES:
            raise RuleError(f"{where}: type {name!r}: `underline` is one of {', '.join(_UNDERLINES)}")
        types[name] = FactType(
            name=name,
            label=spec["label"],
            layer=spec["layer"],
            yields_to=tuple(spec.get("yields_to") or ()),
            role=str(spec.get("role", "")),
            passes=tuple(map(str, spec.get("passes") or ())),
            colour=spec.get("colour", "#999999"),
            underline=spec.get("underline", "solid"),
            columns=columns,
            segmenter_tag=str(spec.get("segmenter_tag", "")),
        )
    layers = {t.layer for t in types.values()}
    for fact_type in types.values():
        if not set(fact_type.yields_to) <= layers:
            raise RuleError(f"{path}: type {fact_type.name!r} yields to a layer no type has: {fact_type.yields_to}")
    if not types:
        raise RuleError(f"{path}:1: declares no type")
    return types
