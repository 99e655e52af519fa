"""Rules as data: load, validate and compile a rules folder into a `RuleSet`.

A rule file fixes a fact type (declared in `types.yaml`) and a default
normaliser; each rule has an id, a pattern in the `regex` module's syntax with
named groups, optionally its own normaliser and priority, and examples.
`{{name}}` in a pattern stands for a macro (`macros.py`). Gazetteers become
rules of their own. See `rules/README.md` for the format.

Everything a folder defines (rules, lexicon, fact types, gazetteer names and
the segmenter's dictionary) belongs to its `RuleSet`: two folders loaded in one
process never see each other's. Every problem is reported as `RuleError`
naming the file and line.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

import regex

from ..normalizers import ColumnFiller, DocumentPass, Normalizer, builtin_fillers, builtin_normalizers, builtin_passes
from ..text.segment import Segmenter
from .compiled import CompiledPatterns
from .fact_types import FactTypes, load_types
from .gazetteer import NameIndex, load_gazetteers
from .lexicon import Lexicon, load_lexicon
from .linking import LinkingWords, load_linking
from .macros import expand, load_macros
from .stress import StressRecord
from .tagger import load_models
from .yamlfile import DEFAULT_EXAMPLE_DATE, Example, RuleError, load_yaml, parse_example

if TYPE_CHECKING:
    from ..normalizers.base import NormaliserFn
    from .prefilter import Prefilter

PATTERN_TIMEOUT = 2.0  # seconds one pattern may spend on one text
NOT_RULE_FILES = ("macros.yaml", "types.yaml", "records.yaml")  # the rules folder's files that hold no rules
_RULE_KEYS = {"id", "pattern", "normalizer", "priority", "examples", "note", "__line__"}


@dataclass
class Rule:
    """One rule, compiled: a pattern of a rule file, a gazetteer or a model, with its normaliser and examples."""

    id: str
    type: str
    pattern: str
    normalizer: str
    priority: int
    examples: tuple[Example, ...]
    file: str
    line: int
    compiled: regex.Pattern = field(repr=False, default=None)  # or a gazetteer's NameMatcher, a model's LabelMatcher
    normalise: NormaliserFn = field(repr=False, default=None)
    fills_gaps: bool = False  # a model's: its spans count only where no other rule found anything

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class RuleSet:
    """Everything a rules folder defines, loaded by `load_rules`: its rules, word lists, fact types, linking
    words, gazetteer names and the segmenter with those names. Nothing of it is shared with another rule set."""

    rules: list[Rule]
    digest: str  # changes whenever any rule file, lexicon, gazetteer or the code changes
    folder: Path
    lexicon: Lexicon
    types: FactTypes
    linking: LinkingWords = field(repr=False)
    names: NameIndex = field(repr=False)
    segmenter: Segmenter = field(repr=False)
    passes: list[DocumentPass] = field(default_factory=list, repr=False)  # the types' document passes, in order
    fillers: dict[str, list[tuple[tuple[str, ...], ColumnFiller]]] = field(default_factory=dict, repr=False)
    _prefilter: Prefilter | None = field(default=None, repr=False, compare=False)

    @property
    def prefilter(self) -> Prefilter:
        """Built on first use (compiling it takes a while the first time; see prefilter.py)."""
        if self._prefilter is None:
            self._prefilter = self.make_prefilter()
        return self._prefilter

    def make_prefilter(self, use_hyperscan: bool = True) -> Prefilter:
        """A prefilter for these rules: their patterns, and a gazetteer (no pattern) given whole texts."""
        from .prefilter import Prefilter

        return Prefilter(
            [r.pattern if isinstance(r.compiled, regex.Pattern) else None for r in self.rules],
            use_hyperscan=use_hyperscan,
        )

    @cached_property
    def gap_fillers(self) -> frozenset[str]:
        """The ids of the rules whose spans count only where no other rule found anything (models')."""
        return frozenset(r.id for r in self.rules if r.fills_gaps)

    def prepare(self, texts: list[str], timings: Counter | None = None) -> None:
        """Let the prefilter scan and the models tag a batch of (Simplified) texts at once, before the articles
        are extracted one by one (prefilter.py and tagger.py say why); extracting a text that was not prepared
        scans and tags it then. `timings`, when given, accumulates the seconds of each (for bench/)."""
        started = perf_counter()
        self.prefilter.prepare(texts)
        if timings is not None:
            timings["rules: prefilter"] += perf_counter() - started
        started = perf_counter()
        for tagger in {id(r.compiled.tagger): r.compiled.tagger for r in self.rules if r.fills_gaps}.values():
            tagger.prepare(texts)
        if timings is not None:
            timings["names model"] += perf_counter() - started

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name not in NOT_RULE_FILES)


def load_rules(
    folder: Path | str, *, check_stress: bool = True, extra_normalizers: dict[str, Normalizer] | None = None
) -> RuleSet:
    """The rule set of `folder`. `extra_normalizers` adds to the built-in ones (`builtin_normalizers()`),
    for a fact type whose normaliser lives outside this package."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RuleError(
            f"{folder}: no such rules folder (give one with --rules FOLDER or $ZH_FACTS_RULES; "
            f"without either, the rules installed with the package are used)"
        )
    types = load_types(folder)
    lexicon = load_lexicon(folder)
    macros = load_macros(folder, lexicon.alternations)
    normalizers = {**builtin_normalizers(), **(extra_normalizers or {})}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    stressed = StressRecord() if check_stress else None
    compiled = CompiledPatterns()
    for path in rule_files(folder):
        for rule in _rules_of(path, macros, types, compiled):
            if rule.id in seen:
                raise RuleError(f"{rule.where}: duplicate rule id {rule.id!r} (first at {seen[rule.id]})")
            seen[rule.id] = rule.where
            _check(rule, normalizers)
            if stressed is not None:
                stressed.check(rule)
            rules.append(rule)
    compiled.save()
    if stressed is not None:
        stressed.save()
    segmenter, names = Segmenter(), NameIndex()
    for gazetteer in load_gazetteers(folder, types, segmenter, names):
        rules.append(
            Rule(
                id=f"gazetteer.{gazetteer.path.stem}",
                type=gazetteer.type,
                pattern=f"<{gazetteer.matcher.size} names from {gazetteer.path.name}>",
                normalizer="gazetteer",
                priority=gazetteer.priority,
                examples=gazetteer.examples,
                file=str(gazetteer.path),
                line=1,
                compiled=gazetteer.matcher,
                normalise=normalizers["gazetteer"].fn,
            )
        )
    for model in load_models(folder, types):
        normalizer = normalizers.get(model.normalizer)
        if normalizer is None:
            raise RuleError(f"{model.file}:{model.line}: unknown normaliser {model.normalizer!r}")
        rules.append(
            Rule(
                id=model.id,
                type=model.type,
                pattern=f"<{model.matcher.label} spans of {Path(model.file).name}>",
                normalizer=model.normalizer,
                priority=0,
                examples=model.examples,
                file=model.file,
                line=model.line,
                compiled=model.matcher,
                normalise=normalizer.fn,
                fills_gaps=True,
            )
        )
    passes = builtin_passes()
    for name in types.passes:
        if name not in passes:
            raise RuleError(f"{folder / 'types.yaml'}:1: no document pass {name!r} (there are {', '.join(passes)})")
    fillers = {
        t.name: [(columns, fill) for columns, fill in builtin_fillers().items() if set(columns) <= set(t.columns)]
        for t in types.values()
    }
    return RuleSet(
        rules,
        _digest(folder),
        folder,
        lexicon,
        types,
        load_linking(folder),
        names,
        segmenter,
        [passes[name] for name in types.passes],
        fillers,
    )


_LOADED: dict[str, tuple[list[Path], tuple, RuleSet]] = {}  # folder -> (what it watches, their stamps, rule set)


def default_rules(folder: Path | str | None = None) -> RuleSet:
    """The rule set of `folder` (default: the project's rules/), loaded once per process for the
    Python API and the spaCy component, and loaded again when any of its files has changed: their
    stamps (size, modification time) and those of their folders (a file added or removed) are compared
    on each call, never their bytes re-hashed."""
    from .folder import RULES_DIR

    key = str(Path(folder or RULES_DIR).resolve())
    loaded = _LOADED.get(key)
    if loaded is None or _stamps(loaded[0]) != loaded[1]:
        paths = _watched(Path(key))
        stamps = _stamps(paths)  # before loading: a file changed while it loads is loaded again next call
        _LOADED[key] = (paths, stamps, load_rules(key))
    return _LOADED[key][2]


def _watched(folder: Path) -> list[Path]:
    """The files a rule set is made of, and the folders that hold them."""
    files = _rule_files(folder)
    return sorted({folder, *(p.parent for p in files)}) + files


def _stamps(paths: list[Path]) -> tuple:
    stamps = []
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            return ()  # gone: loaded again
        stamps.append((status.st_size, status.st_mtime_ns))
    return tuple(stamps)


def _rule_files(folder: Path) -> list[Path]:
    """Every file of a rules folder that a rule set is made of."""
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in _RULE_SUFFIXES]


_RULE_SUFFIXES = (".yaml", ".yml", ".csv", ".txt", ".tsv", ".crfsuite", ".json")


def _rules_of(path: Path, macros: dict[str, str], types: FactTypes, patterns: CompiledPatterns) -> list[Rule]:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a rule file is a mapping with `type` and `rules`")
    fact_type = types.check(data.get("type"), f"{path}:{data['__line__']}").name
    default_normalizer = data.get("normalizer", fact_type)
    default_priority = data.get("priority", 50)
    default_date = str(data.get("example_date", DEFAULT_EXAMPLE_DATE))
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        raise RuleError(f"{path}:{data['__line__']}: `rules` must be a non-empty list")
    rules = []
    for entry in entries:
        line = entry.get("__line__", 0) if isinstance(entry, dict) else 0
        where = f"{path}:{line}"
        if not isinstance(entry, dict):
            raise RuleError(f"{where}: each rule is a mapping")
        unknown = set(entry) - _RULE_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("id", "pattern"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise RuleError(f"{where}: rule needs a non-empty `{key}`")
        priority = entry.get("priority", default_priority)
        if not isinstance(priority, int):
            raise RuleError(f"{where}: `priority` must be a whole number")
        examples = tuple(parse_example(e, where, default_date) for e in entry.get("examples") or [])
        if not examples:
            raise RuleError(f"{where}: rule {entry['id']!r} has no examples")
        pattern = expand(entry["pattern"], macros, where)
        try:
            compiled = patterns.compile(pattern, regex.VERSION1)
        except regex.error as exc:
            raise RuleError(f"{where}: pattern of {entry['id']!r} does not compile: {exc}") from None
        rules.append(
            Rule(
                id=entry["id"],
                type=fact_type,
                pattern=pattern,
                normalizer=entry.get("normalizer", default_normalizer),
                priority=priority,
                examples=examples,
                file=str(path),
                line=line,
                compiled=compiled,
            )
        )
    return rules


def _check(rule: Rule, normalizers: dict[str, Normalizer]) -> None:
    """The rule's normaliser exists and reads exactly the groups the pattern has; binds it to the rule."""
    normalizer = normalizers.get(rule.normalizer)
    if normalizer is None:
        raise RuleError(
            f"{rule.where}: unknown normaliser {rule.normalizer!r} (known: {', '.join(sorted(normalizers))})"
        )
    rule.normalise = normalizer.fn
    groups = set(rule.compiled.groupindex)
    unknown = groups - normalizer.groups
    if unknown:
        raise RuleError(
            f"{rule.where}: group(s) {', '.join(sorted(unknown))} unknown to normaliser {rule.normalizer!r} "
            f"(it reads {', '.join(sorted(normalizer.groups))})"
        )
    missing = normalizer.required - groups
    if missing:
        raise RuleError(f"{rule.where}: normaliser {rule.normalizer!r} needs group(s) {', '.join(sorted(missing))}")
    if rule.compiled.fullmatch(""):
        raise RuleError(f"{rule.where}: pattern of {rule.id!r} matches the empty string")


def _digest(folder: Path) -> str:
    """Changes with any rule, lexicon or gazetteer file, and with the pipeline's own code."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")):  # the whole package
        h.update(path.read_bytes())
    for path in _rule_files(folder):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
