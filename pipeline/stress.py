"""The load-time stress check: a pattern that backtracks catastrophically, or matches
almost anything, is refused with its file and line before any article is read.

The patterns that passed are recorded in the cache, so a run checks only new or changed ones.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import regex

from .paths import cache_folder, keep_in_cache, read_from_cache
from .ruleyaml import RuleError

_STRESS_TIMEOUT = 1.0
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


def check_stress(rule) -> None:
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


class StressRecord:
    """The patterns that passed `check_stress` before, kept in the cache: a run checks only new or changed
    ones (all 44 took 85 ms, a tenth of a one-article run). Keyed by the pattern, the `regex` version
    and this module, which holds the check and its texts; a pattern that failed is never recorded."""

    def __init__(self):
        self.path = cache_folder() / "stress-passed.txt"
        self.salt = repr((regex.__version__, Path(__file__).read_bytes()))
        try:
            self.passed = frozenset((read_from_cache(self.path) or b"").decode("ascii").split())
        except ValueError:
            self.passed = frozenset()  # none yet, damaged or not signed by this user: every pattern is checked
        self.current: list[str] = []  # what is saved: the record never holds more than one rule set

    def check(self, rule) -> None:
        key = hashlib.sha256((self.salt + rule.pattern).encode("utf-8", "surrogatepass")).hexdigest()[:24]
        if key not in self.passed:
            check_stress(rule)
        self.current.append(key)

    def save(self) -> None:
        if not self.passed.issuperset(self.current):
            keep_in_cache(self.path, "\n".join(self.current).encode("ascii"))
