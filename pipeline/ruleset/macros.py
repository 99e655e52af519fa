"""Macros: `{{name}}` in a pattern stands for a shared piece of `rules/macros.yaml`,
and `{{lexicon.NAME}}` for a word list of `rules/lexicon/` as an alternation."""

from __future__ import annotations

from pathlib import Path

import regex

from .yamlfile import RuleError, load_yaml

_MACRO = regex.compile(r"\{\{([\w.]+)\}\}")


def load_macros(folder: Path, lexicon_alternations: dict[str, str]) -> dict[str, str]:
    """The macros of `folder/macros.yaml` and the lexicon's alternations, by the name a pattern writes."""
    path = folder / "macros.yaml"
    macros = dict(lexicon_alternations)
    if not path.exists():
        return macros
    data = load_yaml(path) or {}
    for name, body in (data.get("macros") or {}).items():
        if name == "__line__":
            continue
        if not isinstance(body, str):
            raise RuleError(f"{path}:{data['macros']['__line__']}: macro {name!r} must be a string")
        macros[name] = body
    return macros


def expand(pattern: str, macros: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 10:
        raise RuleError(f"{where}: macros nest more than 10 deep (a macro that refers to itself?)")

    def replace(m: regex.Match) -> str:
        name = m.group(1)
        if name not in macros:
            lists = ", ".join(sorted(n for n in macros if n.startswith("lexicon.")))
            hint = f" (the lexicon's lists: {lists})" if name.startswith("lexicon.") else ""
            raise RuleError(f"{where}: unknown macro {{{{{name}}}}}{hint}")
        return "(?:" + expand(macros[name], macros, where, depth + 1) + ")"

    return _MACRO.sub(replace, pattern)
