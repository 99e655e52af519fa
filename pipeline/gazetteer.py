"""Gazetteers: lists of organisations, products and people, compiled into rules.

Each `rules/gazetteer/*.yaml` has a `type` and `entries`, each entry a
canonical name (Simplified) with aliases in either script and in English.
Aliases are converted to Simplified on load (the text is matched in
Simplified), so a Traditional alias need not be listed. Every alias also goes
into the segmenter's dictionary. `not_names` lists phrases that contain an
alias without naming it (中国移动互联网 is not 中国移动).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .model import FACT_TYPES
from .rules import DEFAULT_EXAMPLE_DATE, Example, Rule, RuleError, load_yaml, parse_example

GAZETTEER_PRIORITY = 60


@dataclass(frozen=True)
class Entry:
    name: str
    type: str
    owner: str = ""


# alias (Simplified; case-folded for Latin) -> entry (None for a `not_names` phrase), per matcher
_TABLES: dict["NameMatcher", dict[str, Entry | None]] = {}
_ALL_ALIASES: dict[str, dict[str, Entry]] = {t: {} for t in FACT_TYPES}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # one character for one
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_WORD_OR_HYPHEN = _WORD | {"-"}
_LATIN_LETTER = re.compile("[A-Za-z]")
_last_folded: list = [None, None]  # (text, _latin_form(text)): every gazetteer scans the same text


def _latin_form(text: str) -> str | None:
    """`text` with ASCII letters lower-cased, or None when it has none (most Chinese news items)."""
    if _last_folded[0] is not text:
        _last_folded[:] = [text, text.translate(_ASCII_LOWER) if _LATIN_LETTER.search(text) else None]
    return _last_folded[1]


def lookup(matcher: "NameMatcher", surface: str) -> Entry | None:
    table = _TABLES.get(matcher, {})
    return table.get(surface) or table.get(surface.casefold())


def known_name(fact_type: str, surface: str) -> Entry | None:
    """The gazetteer entry a Simplified surface names, if any."""
    table = _ALL_ALIASES[fact_type]
    return table.get(surface) or table.get(surface.casefold())


def _is_latin(alias: str) -> bool:
    return all(ord(c) < 0x3000 for c in alias)


class NameMatch:
    """A gazetteer hit, shaped like the part of `regex.Match` the pipeline reads."""

    __slots__ = ("re", "string", "_start", "_end")  # made by the dozen per article: a plain class is cheapest

    def __init__(self, matcher: "NameMatcher", string: str, start: int, end: int):
        self.re, self.string, self._start, self._end = matcher, string, start, end

    def start(self, group=0) -> int:
        return self._start

    def end(self, group=0) -> int:
        return self._end

    def group(self, group=0) -> str:
        return self.string[self._start:self._end]


# Up to this many names a gazetteer is scanned with a DFA: 1.4 to 1.7 times faster on a news item than
# the automaton ahocorasick-rs picks itself for our lists of 400 to 800 names, but its memory grows
# with the names (5,000 Chinese names: 27 MB; 100,000: 380 MB, in every worker).
DFA_MAX_NAMES = 3000


class NameMatcher:
    """All aliases of one gazetteer, found in one pass (Aho-Corasick, leftmost-longest).

    ahocorasick-rs scans the names of a gazetteer about 35 times faster than a
    `regex` alternation or named list (bench/README.md). A Latin name stands
    alone (`Meta` is not in `Metaverse`); from five letters on it ignores case.
    """

    def __init__(self, aliases: list[str]):
        import ahocorasick_rs

        options = {"matchkind": ahocorasick_rs.MatchKind.LeftmostLongest}
        if len(aliases) <= DFA_MAX_NAMES:
            options["implementation"] = ahocorasick_rs.Implementation.DFA
        han = [a for a in aliases if not _is_latin(a)]
        latin = [a for a in aliases if _is_latin(a)]
        self._han = ahocorasick_rs.AhoCorasick(han, **options) if han else None
        self._latin_names = latin
        folded = [a.translate(_ASCII_LOWER) for a in latin]
        self._latin = ahocorasick_rs.AhoCorasick(folded, **options) if latin else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, timeout: float | None = None) -> list[NameMatch]:
        """Like `regex.Pattern.finditer` over text[pos:endpos] (linear time: no limit needed), as a list."""
        segment = text[pos:endpos]
        hits = [(start, end) for _, start, end in self._han.find_matches_as_indexes(segment)] if self._han else []
        latin_form = _latin_form(segment) if self._latin is not None else None
        if latin_form is not None:
            for index, start, end in self._latin.find_matches_as_indexes(latin_form):
                name = self._latin_names[index]
                if len(name) < 5 and segment[start:end] != name:
                    continue  # short Latin names keep their case: `Meta`, not `meta`
                if (start and segment[start - 1] in _WORD_OR_HYPHEN) or (end < len(segment) and segment[end] in _WORD):
                    continue
                hits.append((start, end))
            hits.sort()  # Chinese and Latin hits come from two scans
        return [NameMatch(self, text, pos + start, pos + end) for start, end in hits]


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
        add_words((s for s in surfaces if not _is_latin(s)), tag={"org": "nt", "product": "nz", "person": "nr"}[fact_type])
        # Phrases that contain a name but do not mention it (中国移动互联网): matched, then vetoed, and
        # kept whole by the segmenter as ordinary words, so that no other rule sees a name inside them.
        not_names = [to_simplified(str(phrase)) for phrase in data.get("not_names") or []]
        for phrase in not_names:
            surfaces.add(phrase)
            table.setdefault(phrase, None)
        add_words(not_names, tag="n")
        compiled = NameMatcher(sorted(surfaces))
        _TABLES[compiled] = table
        _ALL_ALIASES[fact_type].update((k, v) for k, v in table.items() if v is not None)
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
    examples = [parse_example(item, f"{path}:1", DEFAULT_EXAMPLE_DATE) for item in data.get("examples") or []]
    if not examples:
        raise RuleError(f"{path}:1: a gazetteer needs `examples` like any rule")
    return examples
