"""The rules' patterns as compiled by the last run, kept in the user cache.

`regex` parses a pattern in Python: the rules' 124 patterns took 0.35 s of every start-up. A compiled
pattern pickles as its compiled code (the `regex` module's own pickling), which loads in
milliseconds without parsing again.
"""

from __future__ import annotations

import io
import pickle
import sys

import regex

from ..storage import cache_folder, keep_in_cache, read_from_cache

_PATTERN_PARTS = {("regex._regex", "compile"), ("regex._regex_core", "RegexFlag")}


class _PatternUnpickler(pickle.Unpickler):
    """Builds compiled patterns (and their flags) and nothing else, whatever the file holds."""

    def find_class(self, module: str, name: str):
        if (module, name) in _PATTERN_PARTS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is no compiled pattern")


class CompiledPatterns:
    """Compiles patterns, or takes them from what the last load kept. Keyed by the pattern, its flags, the
    `regex` version and Python's; like the stress record, the file never holds more than one rule set."""

    def __init__(self):
        self.path = cache_folder() / "compiled-patterns.pickle"
        self.salt = (regex.__version__, sys.version_info[:2])
        self.kept: dict[tuple[str, int], regex.Pattern] = {}
        kept = read_from_cache(self.path)
        if kept:
            try:
                salt, patterns = _PatternUnpickler(io.BytesIO(kept)).load()
            except (pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, RuntimeError):
                salt, patterns = None, {}  # damaged, or kept by another version: every pattern is compiled
            if salt == self.salt and isinstance(patterns, dict):
                self.kept = patterns
        self.current: dict[tuple[str, int], regex.Pattern] = {}

    def compile(self, pattern: str, flags: int = 0) -> regex.Pattern:
        """`regex.compile(pattern, flags)`; raises `regex.error` as it does."""
        key = (pattern, flags)
        compiled = self.kept.get(key)
        if not isinstance(compiled, regex.Pattern) or compiled.pattern != pattern:
            compiled = regex.compile(pattern, flags)
        self.current[key] = compiled
        return compiled

    def save(self) -> None:
        if self.current.keys() != self.kept.keys():
            keep_in_cache(self.path, pickle.dumps((self.salt, self.current), protocol=pickle.HIGHEST_PROTOCOL))
