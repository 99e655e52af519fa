"""Which lines each rule may match on, found for all rules in one pass (Hyperscan).

Scanning 44 patterns one after another costs 44 passes over every character,
yet a rule matches on about one line in twenty. Hyperscan compiles all the
patterns into one automaton that scans some 10 million characters a second
and tells, line by line, which patterns may match there; the `regex` module
then runs only those rules, on those lines.

The prefilter only ever skips work, never a match:
- Hyperscan's prefilter mode (HS_FLAG_PREFILTER) turns what it cannot run
  exactly (lookarounds, back-references, atomic groups) into something that
  matches more, never less;
- `hyperscan_pattern` rewrites the `regex` module's own syntax into PCRE's,
  widening where the two differ (a V1 set operation becomes any character;
  `\\d`, `\\s`, `\\p{Han}` also take the characters Hyperscan's older Unicode
  tables lack), and gives up on syntax it does not know (`\\b`, fuzzy
  matching, case folding ...); such a rule is scanned on every line;
- tests/test_prefilter.py compares the facts with and without the prefilter on
  every rule example and the development news.
Where Hyperscan is not installed (it has wheels for x86-64 and macOS), every
rule is scanned on every line: the same facts, more slowly.

Rules see one line at a time: no fact spans a line break.
Translating and compiling take about 3 s, so the database is kept in the user's
cache folder, keyed by the patterns, this module and both engines' versions; a
run without it in the cache compiles it only after its first 300,000 characters.
"""

from __future__ import annotations

import hashlib
import threading
from functools import cache
from itertools import chain
from pathlib import Path

import regex

from ..storage import cache_folder, keep_in_cache, read_from_cache

try:
    import hyperscan
except ImportError:  # no wheel for this platform: scan every line
    hyperscan = None

_FLAGS = ("PREFILTER", "UTF8", "UCP", "SINGLEMATCH", "ALLOWEMPTY")
# Syntax of the `regex` module with no PCRE counterpart to widen to: branch reset, reverse search,
# conditionals, version flags, fuzzy matching, and case-insensitive flags (the two engines fold case
# differently). Unknown escapes, named lists among them, are refused one by one.
_REGEX_ONLY = regex.compile(r"\(\?[|r(V]|\(\?[a-zA-Z-]*[if]|\{[^}]*[<>=][^}]*\}|\{[edis]\}")
_NAMED_GROUP = regex.compile(r"\(\?P?<(?![=!])\w+>")
_SET_OPERATION = regex.compile(r"&&|\|\||--|~~|\[")
# Escapes both engines read alike (an escaped symbol, a control character, a hex code), and class
# escapes, which Hyperscan reads with older Unicode tables (its \p{Han} lacks 鿏 U+9FCF and 27,000 more).
_ESCAPE = regex.compile(r"\\(?:(?P<set>[dDsSwW]|[pP]\{\w+\})|[^0-9A-Za-z]|[ntrfv]|x[0-9A-Fa-f]{2})")


def hyperscan_pattern(pattern: str) -> str | None:
    """`pattern` (regex module, VERSION1) in PCRE syntax, matching the same or more; None if unsure."""
    if _REGEX_ONLY.search(pattern):
        return None
    out, i = [], 0
    depth, last_top_group = 0, None  # where in `out` the last group at depth 0 opened
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escape = _escape(pattern, i, in_class=False)
            if escape is None:
                return None
            out.append(escape[0])
            i = escape[1]
        elif char in "()":
            if char == "(" and depth == 0:
                last_top_group = len(out)
            depth += 1 if char == "(" else -1
            out.append(char)
            i += 1
        elif char == "[":
            end = _class_end(pattern, i)
            if end is None:
                return None
            body = pattern[i + 1 : end - 1]
            # A V1 set operation (nested set, &&, --, ||, ~~) has no PCRE form: any character is wider.
            if _SET_OPERATION.search(_without_escapes(body.lstrip("^"))):
                out.append("(?s:.)")
            else:
                body = _class_body(body)
                if body is None:
                    return None
                out.append(f"[{body}]")
            i = end
        else:
            out.append(char)
            i += 1
    # A lookahead that ends the pattern may as well consume: whether the pattern matches somewhere
    # on the line stays the same, and Hyperscan, which drops lookarounds, keeps it as a condition.
    if out and out[-1] == ")" and depth == 0 and out[last_top_group : last_top_group + 3] == ["(", "?", "="]:
        out[last_top_group + 1 : last_top_group + 3] = ["?", ":"]
    translated = "".join(out)
    # Group names only matter for the normalisers; PCRE rejects a name used twice.
    return translated if "(?P=" in translated else _NAMED_GROUP.sub("(?:", translated)


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int] | None:
    """The PCRE form of the escape at pattern[i], and where it ends; None for one we do not know."""
    m = _ESCAPE.match(pattern, i)
    if m is None:
        return None  # \b, \A, \1, \u4e00, \N{...}: read differently by the engines, or not at all
    if m["set"] is None:
        return m.group(), m.end()
    body = _class_for_hyperscan(m["set"])
    return (body if in_class else f"[{body}]"), m.end()


def _class_body(body: str) -> str | None:
    """The inside of a character class (no set operations) with its escapes in PCRE form."""
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\":
            escape = _escape(body, i, in_class=True)
            if escape is None:
                return None
            out.append(escape[0])
            i = escape[1]
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int | None:
    """The index just past the character class opening at `start` (V1: classes nest)."""
    depth, i = 0, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                return None  # a leading literal `]`: read differently by the two engines
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _without_escapes(text: str) -> str:
    return regex.sub(r"\\.", "", text)


@cache
def _class_for_hyperscan(escape: str) -> str:
    """The class escape `\\` + `escape` (d, s, p{Han} ...) as a PCRE class body holding every character
    the `regex` module means by it: Hyperscan's own reading, plus what its older Unicode tables lack."""
    characters = "".join(map(chr, chain(range(0xD800), range(0xE000, 0x110000))))  # every scalar value
    ours = set()
    for m in regex.finditer("(?:\\" + escape + ")+", characters, regex.VERSION1):
        ours.update(map(ord, m.group()))
    theirs: set[int] = set()
    data = characters.encode("utf-8")
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[rf"\{escape}".encode()],
        ids=[0],
        elements=1,
        flags=hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_SOM_LEFTMOST,
    )
    database.scan(
        data,
        match_event_handler=lambda _, start, end, flags, found: found.add(ord(data[start:end].decode())),
        context=theirs,
    )
    missing = sorted(ours - theirs)
    runs = []  # (first, last) of consecutive code points
    for code in missing:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return f"\\{escape}" + "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in runs)


# Characters a run scans before it compiles a prefilter it has not cached (about 3 s, once): a
# one-article run or a rule's examples never wait for it, a corpus soon gains it back.
COMPILE_AFTER = 300_000


class Prefilter:
    """For a list of rules: the lines of a text each rule may match on."""

    def __init__(self, patterns: list[str | None], use_hyperscan: bool = True, compile_after: int = COMPILE_AFTER):
        """`patterns[i]` is rule i's pattern, or None for a scanner given the whole text (a gazetteer)."""
        self.whole = [i for i, p in enumerate(patterns) if p is None]
        self._database = None
        self.filtered: frozenset[int] = frozenset()  # indexes of the patterns Hyperscan takes
        self.unfiltered = [i for i, p in enumerate(patterns) if p is not None]
        self._pending: dict[int, str] | None = None  # patterns still to compile, once `_budget` is spent
        self._budget = compile_after
        self._local = threading.local()  # Hyperscan's scratch space is per thread
        self._prepared: dict[int, tuple[str, list]] = {}  # by id: the texts are kept, so no id is reused
        if use_hyperscan and hyperscan is not None and self.unfiltered:
            self._pending = {i: patterns[i] for i in self.unfiltered}
            self._use(_cached_database(self._pending))

    def compile(self) -> None:
        """Compile the prefilter now if it is neither cached nor compiled yet."""
        if self._pending is not None:
            self._use(_compiled_database(self._pending))

    def _use(self, built: tuple | None) -> None:
        if built is not None:
            self._database, self.filtered = built
            self.unfiltered = [i for i in self._pending if i not in self.filtered]
            self._pending = None

    def prepare(self, texts: list[str]) -> None:
        """Scan a batch of texts one after another and keep their spans until the next batch: between two
        articles the rules push Hyperscan's database (13 MB) out of the CPU's cache, which made its scans
        3 times slower."""
        self._prepared = {id(text): (text, self._find(text)) for text in texts}

    def spans(self, text: str) -> list[tuple[int, list[tuple[int, int]]]]:
        """(rule index, spans to scan) for each rule that may match `text`, in rule order.

        The spans are the non-empty lines the prefilter flags for the rule, every
        line for a pattern Hyperscan does not take, or the whole text for a gazetteer.
        Those of a text of the prepared batch were found already.
        """
        kept = self._prepared.get(id(text))
        if kept is not None and kept[0] is text:
            return kept[1]
        return self._find(text)

    def _find(self, text: str) -> list[tuple[int, list[tuple[int, int]]]]:
        if self._pending is not None:
            self._budget -= len(text)
            if self._budget <= 0:
                self.compile()
        lines = line_spans(text)
        if not lines:
            return []
        always = [(i, [(0, len(text))]) for i in self.whole] + [(i, lines) for i in self.unfiltered]
        if not self.filtered:
            return sorted(always)
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        flagged: dict[int, list[tuple[int, int]]] = {}
        hits: set[int] = set()
        for line in lines:
            try:
                data = text[line[0] : line[1]].encode("utf-8")
            except UnicodeEncodeError:  # Hyperscan needs valid UTF-8: this line is scanned by every rule
                hits.update(self.filtered)
            else:
                self._database.scan(data, match_event_handler=_add_id, context=hits, scratch=scratch)
            for index in hits:
                flagged.setdefault(index, []).append(line)
            hits.clear()
        return sorted(always + list(flagged.items()))


def _add_id(pattern_id, start, end, flags, hits):
    hits.add(pattern_id)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line of `text`."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if end > start:
            spans.append((start, end))
        start = end + 1
    return spans


def _cache_path(patterns: dict[int, str]) -> Path:
    # Keyed by what the translation reads: the patterns, this module, and both engines' versions.
    key = hashlib.sha256(
        repr(
            (hyperscan.__version__, regex.__version__, _flags(), sorted(patterns.items()), Path(__file__).read_bytes())
        ).encode()
    ).hexdigest()[:24]
    return cache_folder() / f"prefilter-{key}.hsdb"


def _flags() -> int:
    flags = 0
    for name in _FLAGS:
        flags |= getattr(hyperscan, f"HS_FLAG_{name}")
    return flags


def _cached_database(patterns: dict[int, str]) -> tuple | None:
    """The compiled database of these `regex` patterns and the ids it holds, if the cache has it."""
    try:
        ids, blob = (read_from_cache(_cache_path(patterns)) or b"").split(b"\n", 1)  # a failed check: rebuilt
        return hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK), frozenset(map(int, ids.split()))
    except (OSError, ValueError, hyperscan.error):
        return None  # not cached yet, damaged, or built for another CPU


def _compiled_database(patterns: dict[int, str]) -> tuple:
    """Translate and compile these `regex` patterns, keep the database in the cache; (database, ids)."""
    path, flags = _cache_path(patterns), _flags()
    translated = {i: hyperscan_pattern(p) for i, p in patterns.items()}
    patterns = {i: p for i, p in translated.items() if p is not None}
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        _compile(database, patterns, flags)
    except hyperscan.error:  # Hyperscan names no pattern: keep those it takes one by one, or a start of them
        taken = {i: _longest_compiling_start(p, flags) for i, p in patterns.items()}
        patterns = {i: p for i, p in taken.items() if p is not None}
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        _compile(database, patterns, flags)
    if not patterns:
        return None, frozenset()
    keep_in_cache(path, " ".join(map(str, sorted(patterns))).encode() + b"\n" + hyperscan.dumpb(database))
    return database, frozenset(patterns)


def _compile(database, patterns: dict[int, str], flags: int) -> None:
    if patterns:  # Hyperscan refuses an empty list
        database.compile(
            expressions=[p.encode() for p in patterns.values()], ids=list(patterns), elements=len(patterns), flags=flags
        )


def _longest_compiling_start(pattern: str, flags: int) -> str | None:
    """`pattern` if Hyperscan takes it, else the longest run of its first top-level elements it takes (what
    matches the pattern matches its start, so the start is a wider filter; 'Pattern length exceeds limit' comes
    with long alternations of words after a number's grammar); None if none does, or only lookarounds."""
    if _compiles(pattern, flags):
        return pattern
    for end in reversed(_element_starts(pattern)[1:]):
        start = pattern[:end]
        if not _LOOKAROUNDS_ONLY.fullmatch(start) and _compiles(start, flags):
            return start
    return None


# A run of lookarounds, bare or in non-capturing groups, which Hyperscan drops: it would let every line through.
_LOOKAROUNDS_ONLY = regex.compile(r"(?:\(\?:)*(?:\(\?<?[=!](?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))+\)*")


def _element_starts(pattern: str) -> list[int]:
    """Where the top-level elements of a PCRE pattern start (a group, a class, an escape or a character, each
    with its quantifier); none when an alternation is at the top level."""
    starts, depth, i = [], 0, 0
    while i < len(pattern):
        char = pattern[i]
        if depth == 0 and char not in "?*+{|)":
            starts.append(i)
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(pattern, i) or len(pattern)
            continue
        if char == "{" and depth == 0:
            i = pattern.index("}", i) + 1
            continue
        if char == "|" and depth == 0:
            return []
        depth += {"(": 1, ")": -1}.get(char, 0)
        i += 1
    return starts


def _compiles(pattern: str, flags: int) -> bool:
    try:
        _compile(hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK), {0: pattern}, flags)
        return True
    except hyperscan.error:
        return False
