"""Gazetteers: lists of organisations, products and people, compiled into rules.

Each `rules/gazetteer/*.yaml` has a `type` and `entries`, each entry a
canonical name (Simplified) with aliases in either script and in English.
Aliases are converted to Simplified on load (the text is matched in
Simplified), so a Traditional alias need not be listed. Every alias also goes
into the segmenter's dictionary. `not_names` lists phrases that contain an
alias without naming it (中国移动互联网 is not 中国移动).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from .model import FACT_TYPES
from .rules import Example, Rule, RuleError, load_yaml

GAZETTEER_PRIORITY = 60


@dataclass(frozen=True)
class Entry:
    name: str
    type: str
    owner: str = ""


# alias (Simplified; case-folded for Latin) -> entry (None for a `not_names` phrase), per compiled pattern
_TABLES: dict[regex.Pattern, dict[str, Entry | None]] = {}
_ALL_ALIASES: dict[str, dict[str, Entry]] = {t: {} for t in FACT_TYPES}


def lookup(pattern: regex.Pattern, surface: str) -> Entry | None:
    table = _TABLES.get(pattern, {})
    return table.get(surface) or table.get(surface.casefold())


def known_name(fact_type: str, surface: str) -> Entry | None:
    """The gazetteer entry a Simplified surface names, if any."""
    table = _ALL_ALIASES[fact_type]
    return table.get(surface) or table.get(surface.casefold())


def _is_latin(alias: str) -> bool:
    return all(ord(c) < 0x3000 for c in alias)


def _alternation(aliases: list[str]) -> str:
    parts = []
    for alias in sorted(aliases, key=lambda a: (-len(a), a)):
        escaped = regex.escape(alias)
        if _is_latin(alias):
            # A Latin name stands alone: `Meta` is not in `Metaverse`, `AMD` not in `AMDX`.
            flags = "(?i:" + escaped + ")" if len(alias) >= 5 else escaped
            parts.append(r"(?<![A-Za-z0-9_\-])" + flags + r"(?![A-Za-z0-9_])")
        else:
            parts.append(escaped)
    return "|".join(parts)


def gazetteer_rules(folder: Path) -> list[Rule]:
    from .convert import to_simplified
    from .segment import add_words

    rules = []
    for path in sorted((folder / "gazetteer").glob("*.yaml")):
        data = load_yaml(path)
        if not isinstance(data, dict) or data.get("type") not in ("org", "product", "person"):
            raise RuleError(f"{path}:1: a gazetteer has `type` (org, product or person) and `entries`")
        fact_type = data["type"]
        table: dict[str, Entry] = {}
        surfaces: set[str] = set()
        for number, item in enumerate(data.get("entries") or [], 1):
            if isinstance(item, list) and item and all(isinstance(a, (str, int)) for a in item):
                item = {"name": str(item[0]), "aliases": [str(a) for a in item[1:]]}  # [canonical, alias, ...]
            line = item.get("__line__", 0) if isinstance(item, dict) else 0
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise RuleError(f"{path}:{line}: entry {number} needs a `name` (or is a list [name, alias, ...])")
            entry = Entry(item["name"], fact_type, str(item.get("owner", "")))
            for alias in [item["name"], *(item.get("aliases") or [])]:
                alias = to_simplified(str(alias).strip())
                if not alias:
                    continue
                for key in {alias, alias.casefold()}:
                    previous = table.get(key)
                    if previous is not None and previous.name != entry.name:
                        raise RuleError(f"{path}:{line}: alias {alias!r} names both {previous.name!r} and {entry.name!r}")
                    table[key] = entry
                surfaces.add(alias)
        if not table:
            raise RuleError(f"{path}:1: gazetteer has no entries")
        # Phrases that contain a name but do not mention it (中国移动互联网): matched, then vetoed.
        for phrase in data.get("not_names") or []:
            phrase = to_simplified(str(phrase))
            surfaces.add(phrase)
            table.setdefault(phrase, None)
        compiled = regex.compile(_alternation(sorted(surfaces)), regex.VERSION1)
        _TABLES[compiled] = table
        _ALL_ALIASES[fact_type].update((k, v) for k, v in table.items() if v is not None)
        add_words((s for s in surfaces if not _is_latin(s)), tag={"org": "nt", "product": "nz", "person": "nr"}[fact_type])
        rules.append(
            Rule(
                id=f"gazetteer.{path.stem}", type=fact_type, pattern=f"<{len(surfaces)} names from {path.name}>",
                normalizer="gazetteer", priority=int(data.get("priority", GAZETTEER_PRIORITY)),
                examples=tuple(_examples(data, path)),
                file=str(path), line=1, compiled=compiled,
            )
        )
    return rules


def _examples(data: dict, path: Path) -> list[Example]:
    out = []
    for item in data.get("examples") or []:
        facts = tuple({k: str(v) for k, v in f.items() if k != "__line__"} for f in item.get("facts", []))
        out.append(Example(item["text"], facts, str(item.get("date", "2025-07-01")), item.get("__line__", 0)))
    if not out:
        raise RuleError(f"{path}:1: a gazetteer needs `examples` like any rule")
    return out
