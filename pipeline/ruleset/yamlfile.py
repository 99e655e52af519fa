"""The YAML side of rule files: safe loading with line numbers, `RuleError`, and rule examples.

This is the bottom of the loading layer: every module that reads a file of
`rules/` reports its problems as `RuleError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

DEFAULT_EXAMPLE_DATE = "2025-07-01"  # the reference date of examples that give none


class RuleError(Exception):
    """A rule file that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Example:
    text: str
    expected: tuple[dict, ...]  # what the text must give: facts of a rule's examples, records of records.yaml's
    date: str
    line: int


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml parses ~5x faster where installed
    """Safe YAML (no code execution) that records each mapping's line."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
# Dates in YAML stay strings: an example's `date: 2025-07-01` is text, not a datetime.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# An anchor (&name) is what an alias repeats: only a file with one is scanned for aliases.
_ANCHOR = regex.compile(r"(?:^|[\s\[{,:-])&[^\s,\]}]+", regex.MULTILINE)


def _refuse_aliases(text: str, path: Path) -> None:
    """Rule files are written by hand: an alias (*name) has no use there, and nested aliases expand
    exponentially (a 647-byte file became 312 MB of rules)."""
    for event in yaml.parse(text, Loader=_LineLoader):
        if isinstance(event, yaml.AliasEvent):
            raise RuleError(
                f"{path}:{event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not allowed "
                "in rule files: write the value out"
            )


def load_yaml(path: Path) -> Any:
    """The YAML document of `path`, safely loaded, each mapping with its `__line__`; a RuleError names file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from None
    try:
        if _ANCHOR.search(text):
            _refuse_aliases(text, path)
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise RuleError(f"{path}:{line}: bad YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: bad YAML: {exc}") from None


def mapping_of(data, key: str, path: Path) -> dict:
    """`data[key]` as a mapping without its `__line__`; a `RuleError` naming the file when it is not one."""
    section = data.get(key) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        line = data.get("__line__", 1) if isinstance(data, dict) else 1
        raise RuleError(f"{path}:{line}: needs a mapping `{key}`")
    return {k: v for k, v in section.items() if k != "__line__"}


def parse_example(entry, where: str, default_date: str, expect: str = "facts") -> Example:
    """An example: its `text` and what it must give under `expect` (`facts`, which may be left out for none;
    `records`, which may not)."""
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("text"), str)
        or (expect != "facts" and expect not in entry)
    ):
        raise RuleError(f"{where}: each example is a mapping with `text` and `{expect}`")
    line = entry.get("__line__", 0)
    expected = entry.get(expect, [])
    if not isinstance(expected, list) or not all(isinstance(f, dict) and "text" in f for f in expected):
        raise RuleError(f"{where.rsplit(':', 1)[0]}:{line}: `{expect}` must be a list of mappings with `text`")
    clean = tuple({k: ("" if v is None else str(v)) for k, v in f.items() if k != "__line__"} for f in expected)
    return Example(entry["text"], clean, str(entry.get("date", default_date)), line)
