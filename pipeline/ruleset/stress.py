"""The load-time stress check: a pattern that backtracks catastrophically, or matches
almost anything, is refused with its file and line before any article is read.

The patterns that passed are recorded in the cache, so a run checks only new or changed ones.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import regex

from ..storage import cache_folder, keep_in_cache, read_from_cache
from .yamlfile import RuleError

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
# Varied characters with no punctuation: a repeat of a class that stops only at punctuation or at a literal
# the text lacks (`(?:[^，。]{1,30}){1,30}@`) backtracks here, not on a run of one character.
_VARIED_TEXTS = (
    ("".join(c for c in _PLAIN_TEXT if c not in "，。") * 80)[:3000],
    ("abcdefghijklmnopqrstuvwxyz0123456789" * 90)[:3000],
)


OWN_LITERALS = 8  # of a pattern's own characters, each repeated into a stress text
OWN_TEXT_LENGTH = 300


def own_stress_texts(pattern: str) -> list[str]:
    """Stress texts made of the pattern's own literal characters: `(?:新|新新)+报` backtracks only on a run
    of 新, which no fixed text holds. Its most frequent characters one by one, and all of them in turn.
    Escapes are read as the characters they stand for (`\\u65b0` is 新), and Latin letters and digits count
    as literals (`(?:q|qq)+z`); the pattern's syntax (escapes such as `\\d`, group names, repeat counts) does not."""
    counts: dict[str, int] = {}
    for char in _LITERAL.findall(_literal_text(pattern)):
        counts[char] = counts.get(char, 0) + 1
    chosen = sorted(counts, key=lambda c: -counts[c])[:OWN_LITERALS]
    if not chosen:
        return []
    # Short enough that a repeat which costs the square of its length passes (the fixed texts above bound
    # those), long enough that one which backtracks exponentially never ends: each extra 新 cost x1.6.
    # And varied text that holds them only at its end: a literal the pattern requires is there, out of reach of a
    # bounded repeat that backtracks over every way to split what comes before it (`(?:[^，。]{1,30}){1,30}@`).
    return [c * OWN_TEXT_LENGTH for c in chosen] + [
        ("".join(chosen) * OWN_TEXT_LENGTH)[:OWN_TEXT_LENGTH],
        *(text + "".join(chosen) for text in _VARIED_TEXTS),
    ]


_LITERAL = regex.compile(
    r"[\p{Han}\p{Script=Hiragana}\p{Script=Katakana}\uff00-\uffef\u3000-\u303fA-Za-z0-9"
    r"""!"#%&',\-/:;<=>@_`~]"""
)
_CHARACTER_ESCAPE = regex.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x\{([0-9A-Fa-f]+)\}|x([0-9A-Fa-f]{2}))")
_SYNTAX = regex.compile(
    r"\\[pPN]\{[^}]*\}"  # \p{Han}, \N{NAME}
    r"|\\[A-Za-z]"  # \d, \s, \b
    r"|\(\?P?<[A-Za-z_]\w*>|\(\?P=\w+\)|\(\?[A-Za-z]+[:)]"  # group names, back references, flags
    r"|\{\d*,?\d*\}"  # repeat counts
)


def _literal_text(pattern: str) -> str:
    """The pattern with its character escapes decoded and its syntax removed: what is left are its literals."""
    decoded = _CHARACTER_ESCAPE.sub(lambda m: chr(int(next(g for g in m.groups() if g), 16)), pattern)
    return _SYNTAX.sub("", decoded)


def check_stress(rule) -> None:
    """Reject patterns that backtrack catastrophically or match everything."""
    for text in (*_STRESS_TEXTS, *_VARIED_TEXTS, *own_stress_texts(rule.pattern)):
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
        raise RuleError(
            f"{rule.where}: pattern of {rule.id!r} matches most of any text (like `.*`); it would flood the output"
        )


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
