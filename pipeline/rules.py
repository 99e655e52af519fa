"""Rules as data: load, validate and compile `rules/*.yaml`.

A rule file fixes a fact type and a default normaliser; each rule has an id, a
pattern in the `regex` module's syntax with named groups, optionally its own
normaliser and priority, and examples. `{{name}}` in a pattern stands for a
macro from `rules/macros.yaml`. See `rules/README.md` for the format.

Every problem is reported as `RuleError` naming the file and line.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml

from .model import FACT_TYPES

PATTERN_TIMEOUT = 2.0  # seconds one pattern may spend on one text
DEFAULT_EXAMPLE_DATE = "2025-07-01"  # the reference date of examples that give none
_STRESS_TIMEOUT = 1.0
_MACRO = regex.compile(r"\{\{(\w+)\}\}")
_STRESS_TEXTS = (
    "1" * 3000,
    "万" * 3000,
    "一二三四五六七八九十百千" * 300,
    "1,2,3.4.5" * 400,
    "aA1中文，" * 600,
    "年月日" * 1000,
    "中国科技有限公司" * 400,
    "A " * 2000,
)
_PLAIN_TEXT = "这是一段普通的文字，它没有数字也没有名称，只是用来检查规则是否什么都匹配。"


class RuleError(Exception):
    """A rule file that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Example:
    text: str
    facts: tuple[dict, ...]
    date: str
    line: int


@dataclass
class Rule:
    id: str
    type: str
    pattern: str
    normalizer: str
    priority: int
    examples: tuple[Example, ...]
    file: str
    line: int
    compiled: regex.Pattern = field(repr=False, default=None)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class RuleSet:
    rules: list[Rule]
    digest: str  # changes whenever any rule file, lexicon, gazetteer or the code changes
    folder: Path
    lexicon: "Lexicon"
    _prefilter: "Prefilter | None" = field(default=None, repr=False, compare=False)

    @property
    def prefilter(self) -> "Prefilter":
        """Built on first use (compiling it takes a while the first time; see prefilter.py)."""
        if self._prefilter is None:
            self._prefilter = self.make_prefilter()
        return self._prefilter

    def make_prefilter(self, use_hyperscan: bool = True) -> "Prefilter":
        """A prefilter for these rules: their patterns, and a gazetteer (no pattern) given whole texts."""
        from .prefilter import Prefilter

        return Prefilter([r.pattern if isinstance(r.compiled, regex.Pattern) else None for r in self.rules],
                         use_hyperscan=use_hyperscan)

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


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


def load_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise RuleError(f"{path}:{line}: bad YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: bad YAML: {exc}") from None


def load_macros(folder: Path) -> dict[str, str]:
    path = folder / "macros.yaml"
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    macros = {k: v for k, v in (data.get("macros") or {}).items() if k != "__line__"}
    for name, body in macros.items():
        if not isinstance(body, str):
            raise RuleError(f"{path}:{data['macros']['__line__']}: macro {name!r} must be a string")
    return macros


def expand(pattern: str, macros: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 10:
        raise RuleError(f"{where}: macros nest more than 10 deep (a macro that refers to itself?)")

    def replace(m: regex.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleError(f"{where}: unknown macro {{{{{name}}}}}")
        return "(?:" + expand(macros[name], macros, where, depth + 1) + ")"

    return _MACRO.sub(replace, pattern)


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != "macros.yaml")


def load_rules(folder: Path | str, *, check_stress: bool = True) -> RuleSet:
    from .gazetteer import gazetteer_rules  # gazetteers are rules generated from data
    from .lexicon import load_lexicon
    from .normalizers import NORMALIZERS

    folder = Path(folder)
    if not folder.is_dir():
        raise RuleError(f"{folder}: no such rules folder")
    macros = load_macros(folder)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    stressed = _StressRecord() if check_stress else None
    for path in rule_files(folder):
        for rule in _rules_of(path, macros):
            if rule.id in seen:
                raise RuleError(f"{rule.where}: duplicate rule id {rule.id!r} (first at {seen[rule.id]})")
            seen[rule.id] = rule.where
            _check(rule, NORMALIZERS)
            if stressed is not None:
                stressed.check(rule)
            rules.append(rule)
    if stressed is not None:
        stressed.save()
    rules.extend(gazetteer_rules(folder))
    return RuleSet(rules, _digest(folder), folder, load_lexicon(folder))


def _rules_of(path: Path, macros: dict[str, str]) -> list[Rule]:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a rule file is a mapping with `type` and `rules`")
    fact_type = data.get("type")
    if fact_type not in FACT_TYPES:
        raise RuleError(f"{path}:{data['__line__']}: `type` must be one of {', '.join(FACT_TYPES)}, not {fact_type!r}")
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
        unknown = set(entry) - {"id", "pattern", "normalizer", "priority", "examples", "note", "__line__"}
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
            compiled = regex.compile(pattern, regex.VERSION1)
        except regex.error as exc:
            raise RuleError(f"{where}: pattern of {entry['id']!r} does not compile: {exc}") from None
        rules.append(
            Rule(
                id=entry["id"], type=fact_type, pattern=pattern,
                normalizer=entry.get("normalizer", default_normalizer), priority=priority,
                examples=examples, file=str(path), line=line, compiled=compiled,
            )
        )
    return rules


def parse_example(entry, where: str, default_date: str) -> Example:
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        raise RuleError(f"{where}: each example is a mapping with `text` (and `facts`)")
    line = entry.get("__line__", 0)
    facts = entry.get("facts", [])
    if not isinstance(facts, list) or not all(isinstance(f, dict) and "text" in f for f in facts):
        raise RuleError(f"{where.rsplit(':', 1)[0]}:{line}: `facts` must be a list of mappings with `text`")
    clean = tuple({k: ("" if v is None else str(v)) for k, v in f.items() if k != "__line__"} for f in facts)
    return Example(entry["text"], clean, str(entry.get("date", default_date)), line)


def _check(rule: Rule, normalizers: dict) -> None:
    normalizer = normalizers.get(rule.normalizer)
    if normalizer is None:
        raise RuleError(f"{rule.where}: unknown normaliser {rule.normalizer!r} (known: {', '.join(sorted(normalizers))})")
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


def _check_stress(rule: Rule) -> None:
    """Reject patterns that backtrack catastrophically or match everything."""
    for text in _STRESS_TEXTS:
        try:
            for _ in rule.compiled.finditer(text, timeout=_STRESS_TIMEOUT):
                pass
        except TimeoutError:
            raise RuleError(
                f"{rule.where}: pattern of {rule.id!r} took over {_STRESS_TIMEOUT}s on a {len(text)}-character "
                f"stress text ({text[:12]!r}…): it backtracks catastrophically; make its repeats unambiguous"
            ) from None
    covered = sum(m.end() - m.start() for m in rule.compiled.finditer(_PLAIN_TEXT, timeout=_STRESS_TIMEOUT))
    if covered > len(_PLAIN_TEXT) // 2:
        raise RuleError(f"{rule.where}: pattern of {rule.id!r} matches most of any text (like `.*`); it would flood the output")


class _StressRecord:
    """The patterns that passed `_check_stress` before, kept in the cache: a run checks only new or changed
    ones (all 44 took 85 ms, a tenth of a one-article run). Keyed by the pattern, the `regex` version
    and this module, which holds the check and its texts; a pattern that failed is never recorded."""

    def __init__(self):
        from .paths import cache_folder

        self.path = cache_folder() / "stress-passed.txt"
        self.salt = repr((regex.__version__, Path(__file__).read_bytes()))
        try:
            self.passed = frozenset(self.path.read_text(encoding="ascii").split())
        except (OSError, ValueError):
            self.passed = frozenset()  # none yet, or damaged: every pattern is checked
        self.current: list[str] = []  # what is saved: the record never holds more than one rule set

    def check(self, rule: Rule) -> None:
        key = hashlib.sha256((self.salt + rule.pattern).encode("utf-8", "surrogatepass")).hexdigest()[:24]
        if key not in self.passed:
            _check_stress(rule)
        self.current.append(key)

    def save(self) -> None:
        if not self.passed.issuperset(self.current):
            from .paths import keep_in_cache

            keep_in_cache(self.path, "\n".join(self.current).encode("ascii"))


def _digest(folder: Path) -> str:
    """Changes with any rule, lexicon or gazetteer file, and with the pipeline's own code."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(path.read_bytes())
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".yml", ".csv", ".txt"):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]
