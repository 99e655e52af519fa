"""Word lists the normalisers read: currencies, date words, qualifiers, units, and names' (name_words.py).

They live in `rules/lexicon/*.yaml`, so analysts change them without Python.
A list of words with meanings (currencies, date words) is also where the rules'
alternations come from: `{{lexicon.NAME}}` in a pattern (see `WordTable`), so
each word has one home.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import regex

from .name_words import NameWords, character_class, load_name_words
from .yamlfile import RuleError, load_yaml, mapping_of

# A trend word (上升, 下降) speaks of a percentage only within its clause: these punctuation marks end one
# (segment.py has its own, wider set: where jieba splits its input).
_TREND_CLAUSE_BREAK = regex.compile(r"[,，。;；:：!?！？、\n]")
_LINE_START = regex.compile(r"(?m)^[ \t]*(\S)")


@dataclass(frozen=True)
class WordTable:
    """Words with their meanings, and the alternation a pattern writes as `{{lexicon.NAME}}`."""

    meanings: dict  # word -> its meaning: a value, or a tuple of the table's fields
    alternation: str  # longest word first, each with the context it needs


_CONTEXT_KEYS = ("followed_by", "not_followed_by", "macro")


def longest_first(words: Iterable[str]) -> str:
    """Words as one escaped alternation, longest first (a word wins over its own prefix), else in their order."""
    return "|".join(regex.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


def word_table(section: dict, fields: tuple[str, ...], where: str) -> WordTable:
    """A table from `word: VALUE` or `word: {FIELD: VALUE, ..., followed_by: REGEX, not_followed_by: REGEX}`.

    A one-field table's meaning is the value itself, a wider one's a tuple of its fields (None where absent).
    """
    meanings, pieces = {}, []
    for word, spec in section.items():
        word = str(word)
        if not isinstance(spec, dict):
            spec = {fields[0]: spec}
        unknown = set(spec) - set(fields) - set(_CONTEXT_KEYS) - {"__line__"}
        if unknown or not any(field in spec for field in fields):
            raise RuleError(f"{where}: word {word!r}: a value, or a mapping with {', '.join(fields + _CONTEXT_KEYS)}")
        meanings[word] = spec[fields[0]] if len(fields) == 1 else tuple(spec.get(f) for f in fields)
        if spec.get("macro", True):
            piece = regex.escape(word)
            if spec.get("followed_by"):
                piece += f"(?={spec['followed_by']})"
            if spec.get("not_followed_by"):
                piece += f"(?!{spec['not_followed_by']})"
            pieces.append((word, piece))
    pieces.sort(key=lambda wp: -len(wp[0]))  # stable: words of one length keep the file's order
    return WordTable(meanings, "|".join(piece for _, piece in pieces))


@dataclass(frozen=True)
class DateWords:
    """The meanings of rules/lexicon/dates.yaml (what each list is for is said there)."""

    relative_years: dict[str, int]
    relative_fiscal_years: dict[str, int]
    relative_months: dict[str, int]
    relative_quarters: dict[str, int]
    relative_weeks: dict[str, int]
    relative_days: dict[str, tuple[int, str | None]]  # word -> (days, part of day)
    times_of_day: dict[str, str]
    date_mods: dict[str, str]
    seasons: dict[str, str]
    # name -> (solar MM-DD, lunar MM-DD, solar term, weekday MM-N-D, days from Easter, from Orthodox Easter)
    holidays: dict[str, tuple[str | None, str | None, str | None, str | None, int | None, int | None]]
    tense_words: dict[str, int]  # word -> 1 (looks forward), -1 (back), 0 (only holds such a word's characters)
    anchored: dict[str, tuple[int | None, int | None, str | None, bool | None]]  # (days, years, part of day, near)


@dataclass(frozen=True)
class Lexicon:
    currencies: dict[str, str]  # word -> ISO 4217 code, or "local"
    cents: dict[str, str]  # word for a hundredth of a currency (美分, 港仙) -> ISO 4217 code
    dates: DateWords
    alternations: dict[str, str]  # `lexicon.NAME` macro -> its alternation
    scales: dict[str, int]  # English magnitude -> multiplier (m -> 10**6)
    qualifiers_before: tuple[tuple[str, str], ...]  # (word, qualifier), longest word first
    qualifiers_after: tuple[tuple[str, str], ...]
    bound_notes: dict[str, bool]  # 含 -> True: a parenthesised note that the bound itself counts (or not)
    quantity_units: dict[str, tuple[str, float]]  # matched unit -> (unit column, multiplier)
    measure_units: dict[str, str]  # physical unit -> what it measures (weight, length, area …)
    index_context: tuple[str, ...]  # words that make a sentence's 点 an index's points
    place_markers: dict[str, tuple[str, ...]]  # region (TW, HK) -> words that place an article
    boilerplate_starts: tuple[str, ...]  # lines that open the page chrome after the body
    directions: tuple[tuple[str, str], ...]  # (trend word, "up"/"down"), longest word first
    neutral_trend_words: tuple[str, ...]  # 新增: holds 增 but is no increase
    names: NameWords

    @cached_property
    def written_money(self) -> regex.Pattern:
        """A number followed by a Chinese currency word: money written out, with its `currency` group."""
        words = longest_first(w for w in self.currencies if not w.isascii())
        return regex.compile(r"\d[\d.,]*\s?[十百千万亿]*(?P<currency>" + words + ")")

    @cached_property
    def relative_year_words(self) -> regex.Pattern:
        """{{lexicon.relative_years}} compiled: 今年, 去年 … (a month after one takes its year)."""
        return regex.compile(self.alternations["lexicon.relative_years"])

    @cached_property
    def relative_month_words(self) -> regex.Pattern:
        """{{lexicon.relative_months}} compiled: 本月, 上个月 … (a day range's end takes them)."""
        return regex.compile(self.alternations["lexicon.relative_months"])

    @cached_property
    def tense_word_pattern(self) -> regex.Pattern:
        """{{lexicon.tense_words}} compiled: 将, 计划, 已, 了 … (which year a date without one is in)."""
        return regex.compile(self.alternations["lexicon.tense_words"])

    @cached_property
    def index_words(self) -> regex.Pattern:
        return regex.compile(longest_first(self.index_context))

    def body_end(self, text: str) -> int:
        """Where the article's body ends: the first page-chrome line in the second half, else the end."""
        half = len(text) // 2
        for m in _LINE_START.finditer(text, pos=half):
            if text.startswith(self.boilerplate_starts, m.start(1)):
                return m.start()
        return len(text)

    def place_counts(self, text: str) -> dict[str, int]:
        """How often the text names each region's places (every occurrence of every marker, overlaps too)."""
        matcher, places = self._place_matcher
        counts = dict.fromkeys(self.place_markers, 0)
        for index, _, _ in matcher.find_matches_as_indexes(text, overlapping=True):
            counts[places[index]] += 1
        return counts

    @cached_property
    def _place_matcher(self):
        import ahocorasick_rs

        pairs = [(word, place) for place, words in self.place_markers.items() for word in words]
        return ahocorasick_rs.AhoCorasick([w for w, _ in pairs]), [p for _, p in pairs]

    @cached_property
    def _trend_characters(self) -> frozenset[str]:
        return frozenset("".join(word for word, _ in self.directions))

    @cached_property
    def _trend_words_by_first(self) -> dict[str, list[tuple[int, str, str]]]:
        """(order, word, direction) of each trend word, by its first character."""
        index: dict[str, list[tuple[int, str, str]]] = {}
        for order, (word, direction) in enumerate(self.directions):
            index.setdefault(word[0], []).append((order, word, direction))
        return index

    def direction(self, text: str, start: int) -> str:
        """`up` or `down` from the nearest trend word before `start` in the same clause, else empty."""
        window = text[max(0, start - 8) : start]
        if self._trend_characters.isdisjoint(window):  # most percentages: no trend word can be there
            return ""
        clause = _TREND_CLAUSE_BREAK.split(window)[-1]
        for word in self.neutral_trend_words:
            clause = clause.replace(word, " " * len(word))
        best, best_end = "", -1
        # Only the words that start with a character of the clause can be in it; in the lexicon's order.
        candidates = sorted(
            entry for character in set(clause) for entry in self._trend_words_by_first.get(character, ())
        )
        for _, word, direction in candidates:
            end = clause.rfind(word)
            if end >= 0 and end + len(word) > best_end:
                best, best_end = direction, end + len(word)
        return best

    @cached_property
    def _qualifier_words(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return tuple(w for w, _ in self.qualifiers_before), tuple(w for w, _ in self.qualifiers_after)

    @cached_property
    def _bound_note(self) -> regex.Pattern:
        return regex.compile(rf"\s*[(（]\s*({longest_first(self.bound_notes)})[^()（）\n]{{0,8}}[)）]")

    def qualifier(self, text: str, start: int, end: int) -> str:
        """The qualifier word right before `start` or right after `end`, if any. A note on the bound between the
        number and 以上, or after 以上 (100万元（含）以上, 5年(含5年)以上, 3年以上(含)), makes more than at least."""
        words_before, words_after = self._qualifier_words  # one C call says whether any word is there
        before = text[max(0, start - 7) : start].rstrip(" 了")  # 突破了1650万次
        if before.endswith(words_before):
            return next(qualifier for word, qualifier in self.qualifiers_before if before.endswith(word))
        after = text[end : end + 20].lstrip(" ")
        note = self._bound_note.match(after)
        if note:
            after = after[note.end() :]
        if not after.startswith(words_after):
            return ""
        word, qualifier = next((w, q) for w, q in self.qualifiers_after if after.startswith(w))
        note = note or self._bound_note.match(after, len(word))
        if note and qualifier == "more_than" and self.bound_notes[note.group(1)]:
            return "at_least"
        return qualifier


def _by_qualifier(section: dict) -> tuple[tuple[str, str], ...]:
    pairs = [(word, qualifier) for qualifier, words in section.items() for word in words]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


# (file, table, fields): the word tables, each also a `{{lexicon.TABLE}}` alternation
_WORD_TABLES = (
    ("money.yaml", "currency_before", ("code",)),
    ("money.yaml", "currency_after", ("code",)),
    ("money.yaml", "cents", ("code",)),
    ("money.yaml", "pay_and_price_words", ("kind",)),
    ("dates.yaml", "relative_years", ("years",)),
    ("dates.yaml", "relative_fiscal_years", ("years",)),
    ("dates.yaml", "relative_months", ("months",)),
    ("dates.yaml", "relative_quarters", ("quarters",)),
    ("dates.yaml", "relative_weeks", ("weeks",)),
    ("dates.yaml", "relative_days", ("days", "part_of_day")),
    ("dates.yaml", "times_of_day", ("part_of_day",)),
    ("dates.yaml", "date_mods", ("mod",)),
    ("dates.yaml", "seasons", ("season",)),
    ("dates.yaml", "holidays", ("solar", "lunar", "term", "weekday", "easter", "orthodox_easter")),
    ("dates.yaml", "tense_words", ("direction",)),
    ("dates.yaml", "anchored", ("days", "years", "part_of_day", "near")),
    ("units.yaml", "measure_units", ("kind",)),
    ("units.yaml", "electricity_words", ("kind",)),
)


def _word_list(data, key: str, path: Path) -> tuple[str, ...]:
    words = data.get(key) if isinstance(data, dict) else None
    if not isinstance(words, list) or not words:
        raise RuleError(f"{path}:1: needs a list `{key}`")
    return tuple(map(str, words))


def load_lexicon(folder: Path) -> Lexicon:
    base = folder / "lexicon"
    money = load_yaml(base / "money.yaml")
    loaded = {"money.yaml": money}
    qualifiers = load_yaml(base / "qualifiers.yaml")
    units = load_yaml(base / "units.yaml")
    boilerplate = load_yaml(base / "boilerplate.yaml")
    directions = load_yaml(base / "directions.yaml")
    name_words = load_name_words(base)
    starts = boilerplate.get("line_starts") if isinstance(boilerplate, dict) else None
    if not isinstance(starts, list) or not all(isinstance(w, str) for w in starts):
        raise RuleError(f"{base / 'boilerplate.yaml'}:1: needs a list `line_starts` of strings")
    quantity_units = {}
    for unit, spec in mapping_of(units, "units", base / "units.yaml").items():
        if isinstance(spec, dict):
            quantity_units[unit] = (spec.get("unit", unit), float(spec.get("multiplier", 1)))
        else:
            quantity_units[unit] = (unit, 1.0)
    tables = {}
    for file, name, fields in _WORD_TABLES:
        path = base / file
        if file not in loaded:
            loaded[file] = load_yaml(path)
        data = loaded[file]
        tables[name] = word_table(
            mapping_of(data, name, path), fields, f"{path}:{data.get(name, {}).get('__line__', 1)}"
        )
    currencies = dict(tables["currency_before"].meanings)
    for word, code in tables["currency_after"].meanings.items():
        if currencies.setdefault(word, code) != code:
            raise RuleError(
                f"{base / 'money.yaml'}: {word!r} is {currencies[word]} before a number and {code} after it"
            )
    return Lexicon(
        currencies=currencies,
        cents=tables["cents"].meanings,
        dates=DateWords(**{name: tables[name].meanings for name in DateWords.__dataclass_fields__}),
        alternations={
            **{f"lexicon.{name}": table.alternation for name, table in tables.items()},
            "lexicon.national_bodies": longest_first(name_words.national_bodies),
            "lexicon.place_levels": longest_first(name_words.place_levels),
            "lexicon.organisation_words": longest_first(name_words.organisation_words),
            "lexicon.clear_given_name_characters": name_words.clear_given_name_class,
            "lexicon.transliteration_characters": character_class(name_words.transliteration_characters),
            "lexicon.product_series": longest_first(name_words.product_series),
            "lexicon.series_brands": longest_first(name_words.product_series.values()),
            "lexicon.model_brands": longest_first(name_words.model_brands),
            # 麒麟, 倚天: lines in Chinese characters, which name a line alone before a noun of chips (倚天芯片)
            "lexicon.han_product_lines": longest_first(
                sorted(line for line in name_words.product_lines if not line.isascii())
            ),
            # 三星, 大疆: a series in Latin letters after one is a model (三星|Note 10)
            "lexicon.device_brands": longest_first(
                sorted(b for b in name_words.product_brands if not b.isascii() and b not in name_words.car_marques)
            ),
            "lexicon.car_marques": longest_first(sorted(name_words.car_marques)),  # sorted: the same pattern every run
            "lexicon.service_words": longest_first(name_words.service_words),
        },
        scales={k: int(v) for k, v in mapping_of(money, "scales", base / "money.yaml").items()},
        qualifiers_before=_by_qualifier(mapping_of(qualifiers, "before", base / "qualifiers.yaml")),
        qualifiers_after=_by_qualifier(mapping_of(qualifiers, "after", base / "qualifiers.yaml")),
        bound_notes={
            word: included
            for included in (True, False)
            for word in _word_list(
                qualifiers, "bound_included" if included else "bound_excluded", base / "qualifiers.yaml"
            )
        },
        quantity_units=quantity_units,
        measure_units=tables["measure_units"].meanings,
        index_context=_word_list(units, "index_context", base / "units.yaml"),
        place_markers={k: tuple(v) for k, v in mapping_of(money, "place_markers", base / "money.yaml").items()},
        boilerplate_starts=tuple(starts),
        directions=tuple(
            sorted(((w, d) for d in ("up", "down") for w in directions.get(d) or []), key=lambda p: -len(p[0]))
        ),
        neutral_trend_words=tuple(directions.get("neutral") or []),
        names=name_words,
    )
