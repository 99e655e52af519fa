"""Gazetteers: lists of organisations, products and people, scanned as rules.

Each `rules/gazetteer/*.yaml` has a `type` (a name type of `types.yaml`) and
`entries`, each entry a canonical name (Simplified) with aliases in either
script and in English. Aliases are converted to Simplified on load (the text
is matched in Simplified), so a Traditional alias need not be listed. Every
alias also goes into the rule set's segmenter. `not_names` lists phrases that
contain an alias without naming it (中国移动互联网 is not 中国移动).
`whole_words_below: N` makes names shorter than N characters count only where
the segmenter sees them as whole words (台泥, but not 胜一 in 胜一场).

All of it belongs to the loaded rule set: its `NameIndex` answers "is this a
known name?" for the normalisers, through the document context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..datatypes import REGIONS
from ..text.convert import to_simplified
from ..text.segment import pieces
from .yamlfile import DEFAULT_EXAMPLE_DATE, Example, RuleError, load_yaml, parse_example

if TYPE_CHECKING:
    from ..text.segment import Segmenter
    from .fact_types import FactTypes

GAZETTEER_PRIORITY = 60


@dataclass(frozen=True)
class Entry:
    name: str
    type: str
    owner: str = ""
    code: str = ""  # a listed company's stock code


# The stock code suffixes of each region's markets (a code with none is a US ticker).
_REGION_MARKETS = {"CN": (".SH", ".SZ", ".BJ"), "HK": (".HK",), "TW": (".TW", ".TWO")}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # one character for one
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_WORD_OR_HYPHEN = _WORD | {"-"}
_LATIN_LETTER = re.compile("[A-Za-z]")


def _look_up(table: dict[str, Entry | None], surface: str) -> Entry | None:
    """The entry of a surface as written, else case-folded (Latin aliases are kept in both forms)."""
    return table.get(surface) or table.get(surface.casefold())


def _is_latin(alias: str) -> bool:
    return all(ord(c) < 0x3000 for c in alias)


class _LatinFolder:
    """`text` with ASCII letters lower-cased, or None when it has none (most Chinese news items);
    the last text is remembered: every gazetteer of a rule set scans the same one."""

    def __init__(self):
        self._text, self._folded = None, None

    def __call__(self, text: str) -> str | None:
        if self._text is not text:
            self._text = text
            self._folded = text.translate(_ASCII_LOWER) if _LATIN_LETTER.search(text) else None
        return self._folded


class NameIndex:
    """Every alias of a rule set's gazetteers, by fact type (Simplified; case-folded for Latin)."""

    def __init__(self):
        self._aliases: dict[str, dict[str, Entry]] = {}
        self._codes: dict[str, str] = {}  # canonical name -> stock code, for entries that carry none
        self.fold_latin = _LatinFolder()

    def add_codes(self, codes: dict[str, str]) -> None:
        self._codes.update(codes)

    def code(self, entry: Entry, region: str = "") -> str:
        """The entry's stock code, or the one a registry gives for its canonical name; of a company listed on
        several markets (`TSM|2330.TW`), the listing of the article's region, else the first."""
        codes = entry.code or self._codes.get(entry.name, "")
        if "|" not in codes:
            return codes
        listed = codes.split("|")
        return next((c for c in listed if c.endswith(_REGION_MARKETS.get(region, ()))), listed[0])

    def add(self, fact_type: str, table: dict[str, Entry | None]) -> None:
        self._aliases.setdefault(fact_type, {}).update((k, v) for k, v in table.items() if v is not None)

    def known(self, fact_type: str, surface: str) -> Entry | None:
        """The gazetteer entry a Simplified surface names, if any."""
        table = self._aliases.get(fact_type)
        return _look_up(table, surface) if table else None


class NameMatch:
    """A gazetteer hit, shaped like the part of `regex.Match` the pipeline reads."""

    __slots__ = ("re", "string", "_start", "_end")  # made by the dozen per article: a plain class is cheapest

    def __init__(self, matcher: NameMatcher, string: str, start: int, end: int):
        self.re, self.string, self._start, self._end = matcher, string, start, end

    def start(self, group=0) -> int:
        return self._start

    def end(self, group=0) -> int:
        return self._end

    def group(self, group=0) -> str:
        return self.string[self._start : self._end]


# Up to this many names a gazetteer is scanned with a DFA: 1.4 to 1.7 times faster on a news item than
# the automaton ahocorasick-rs picks itself for our lists of 400 to 800 names, but its memory grows
# with the names (5,000 Chinese names: 27 MB; 100,000: 380 MB, in every worker).
DFA_MAX_NAMES = 3000


SCAN_AT_ONCE = 1 << 16  # characters of a text scanned in one call, at most (unless one line is longer)
_LINE_END = re.compile("\n")


class NameMatcher:
    """All aliases of one gazetteer, found in one pass (Aho-Corasick, leftmost-longest), and what each names.

    ahocorasick-rs scans the names of a gazetteer about 35 times faster than a
    `regex` alternation or named list (bench/README.md). A Latin name stands
    alone (`Meta` is not in `Metaverse`); from five letters on it ignores case.
    """

    def __init__(
        self,
        aliases: list[str],
        table: dict[str, Entry | None] | None = None,
        fold_latin: _LatinFolder | None = None,
        guarded_below: int = 0,
        region: str = "",
    ):
        import ahocorasick_rs

        self.table = table or {}  # alias -> entry; None for a `not_names` phrase
        self.size = len(aliases)
        self.guarded_below = guarded_below  # shorter names count only as whole words of the segmenter
        self.region = region  # when set, the names count only in articles of that region
        self._fold_latin = fold_latin or _LatinFolder()
        options = {"matchkind": ahocorasick_rs.MatchKind.LeftmostLongest}
        if len(aliases) <= DFA_MAX_NAMES:
            options["implementation"] = ahocorasick_rs.Implementation.DFA
        han = [a for a in aliases if not _is_latin(a)]
        latin = [a for a in aliases if _is_latin(a)]
        self._han = ahocorasick_rs.AhoCorasick(han, **options) if han else None
        self._latin_names = latin
        folded = [a.translate(_ASCII_LOWER) for a in latin]
        self._latin = ahocorasick_rs.AhoCorasick(folded, **options) if latin else None

    def lookup(self, surface: str) -> Entry | None:
        return _look_up(self.table, surface)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None, timeout: float | None = None
    ) -> list[NameMatch]:
        """Like `regex.Pattern.finditer` over text[pos:endpos] (linear time: no limit needed), as a list."""
        if pos == 0 and (endpos is None or endpos >= len(text)) and len(text) > SCAN_AT_ONCE:
            # ahocorasick-rs keeps 24 bytes a character while it scans (190 MB for a 20 MB article). No name
            # holds a line break, so line by line the names found are the same.
            return [m for start, end in pieces(text, SCAN_AT_ONCE, _LINE_END) for m in self._find(text, start, end)]
        return self._find(text, pos, endpos)

    def _find(self, text: str, pos: int, endpos: int | None) -> list[NameMatch]:
        # The whole text, as gazetteers are given, is not copied: the Latin form is then worked out once per text.
        segment = text if pos == 0 and (endpos is None or endpos >= len(text)) else text[pos:endpos]
        hits = [(start, end) for _, start, end in self._han.find_matches_as_indexes(segment)] if self._han else []
        latin_form = self._fold_latin(segment) if self._latin is not None else None
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


@dataclass(frozen=True)
class Gazetteer:
    """One gazetteer file, compiled: the rule set makes it a rule of its type."""

    path: Path
    type: str
    matcher: NameMatcher
    priority: int
    examples: tuple[Example, ...]


def load_gazetteers(folder: Path, types: FactTypes, segmenter: Segmenter, names: NameIndex) -> list[Gazetteer]:
    """Every gazetteer of `folder/gazetteer/`: its names go into `segmenter` and `names`."""
    gazetteers = []
    files = [(path, load_yaml(path)) for path in sorted((folder / "gazetteer").glob("*.yaml"))]
    # Phrases that contain a name but do not mention it (中国移动互联网), of every gazetteer of a type: each
    # of that type's gazetteers matches them, then vetoes them, and the segmenter keeps them whole as ordinary
    # words, so that no rule sees a name inside them.
    not_names: dict[str, list[str]] = {}
    for path, data in files:
        fact_type = data.get("type") if isinstance(data, dict) else None
        if fact_type not in types.name_types:
            raise RuleError(
                f"{path}:1: a gazetteer has `type` (one of {', '.join(types.name_types)}: "
                f"the types with a `segmenter_tag` in types.yaml) and `entries`"
            )
        phrases = [to_simplified(str(phrase)) for phrase in data.get("not_names") or []]
        not_names.setdefault(fact_type, []).extend(phrases)
        segmenter.add_words(phrases, tag="n")
    for path, data in files:
        fact_type = data["type"]
        table: dict[str, Entry | None] = {}
        surfaces: set[str] = set()
        for where, item in _entries(data, path):
            entry = Entry(item["name"], fact_type, str(item.get("owner") or ""), str(item.get("code") or ""))
            for alias in [item["name"], *(item.get("aliases") or [])]:
                alias = to_simplified(str(alias).strip())
                if not alias:
                    continue
                for key in {alias, alias.casefold()}:
                    previous = table.get(key)
                    if previous is not None and previous.name != entry.name:
                        raise RuleError(f"{where}: alias {alias!r} names both {previous.name!r} and {entry.name!r}")
                    table[key] = entry
                surfaces.add(alias)
        if not table:
            raise RuleError(f"{path}:1: gazetteer has no entries")
        guarded_below = data.get("whole_words_below", 0)
        if not isinstance(guarded_below, int):
            raise RuleError(f"{path}:1: `whole_words_below` is a number of characters")
        region = str(data.get("region") or "")
        if region and region not in REGIONS:
            raise RuleError(f"{path}:1: `region` is one of {', '.join(REGIONS)}, not {region!r}")
        if not region:  # a guarded name stays out of the dictionary: in it, it would always be a whole word
            segmenter.add_words(
                (s for s in surfaces if not _is_latin(s) and len(s) >= guarded_below),
                tag=types[fact_type].segmenter_tag,
            )
        for phrase in not_names[fact_type]:
            surfaces.add(phrase)
            table.setdefault(phrase, None)
        if not region:  # a region's names stay out of the names every rule knows: elsewhere they name nothing (教育局)
            names.add(fact_type, table)
        codes = data.get("codes") or {}
        if not isinstance(codes, dict):
            raise RuleError(f"{path}:1: `codes` maps canonical names to stock codes")
        names.add_codes({str(k): str(v) for k, v in codes.items() if k != "__line__"})
        gazetteers.append(
            Gazetteer(
                path=path,
                type=fact_type,
                matcher=NameMatcher(sorted(surfaces), table, names.fold_latin, guarded_below, region),
                priority=int(data.get("priority", GAZETTEER_PRIORITY)),
                examples=tuple(_examples(data, path)),
            )
        )
    return gazetteers


TABLE_COLUMNS = ("name", "code", "owner", "aliases")


def _entries(data: dict, path: Path):
    """(where, {name, aliases, owner, code}) for each entry: from `entries` in the YAML, and from the
    tab-separated `entries_file` beside it (a generated list of thousands of names: YAML took 40 times longer)."""
    for number, item in enumerate(data.get("entries") or [], 1):
        if isinstance(item, list) and item and all(isinstance(a, (str, int)) for a in item):
            item = {"name": str(item[0]), "aliases": [str(a) for a in item[1:]]}  # [canonical, alias, ...]
        line = item.get("__line__", 0) if isinstance(item, dict) else 0
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise RuleError(f"{path}:{line}: entry {number} needs a `name` (or is a list [name, alias, ...])")
        yield f"{path}:{line}", item
    if not data.get("entries_file"):
        return
    if Path(str(data["entries_file"])).name != data["entries_file"]:
        raise RuleError(f"{path}:1: entries_file is a file name in the same folder, not {data['entries_file']!r}")
    table_path = path.parent / str(data["entries_file"])
    try:
        lines = table_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}:1: entries_file {table_path.name}: cannot read: {exc}") from None
    if not lines or tuple(lines[0].split("\t")) != TABLE_COLUMNS:
        raise RuleError(f"{table_path}:1: the first line must be the columns {' '.join(TABLE_COLUMNS)}, tab-separated")
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(TABLE_COLUMNS) or not cells[0].strip():
            raise RuleError(f"{table_path}:{number}: {len(TABLE_COLUMNS)} tab-separated cells, a name first")
        name, code, owner, aliases = cells
        yield (
            f"{table_path}:{number}",
            {"name": name, "code": code, "owner": owner, "aliases": [a for a in aliases.split("|") if a]},
        )


def _examples(data: dict, path: Path) -> list[Example]:
    examples = [parse_example(item, f"{path}:1", DEFAULT_EXAMPLE_DATE) for item in data.get("examples") or []]
    if not examples:
        raise RuleError(f"{path}:1: a gazetteer needs `examples` like any rule")
    return examples
