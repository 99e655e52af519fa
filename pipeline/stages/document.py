"""What a normaliser may know about the article beyond its own match.

Besides the article, a `DocContext` carries what the loaded rule set owns and a
normaliser reads: its lexicon, its name index and its segmenter. Nothing a
normaliser needs is module-global.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import Counter
from dataclasses import dataclass, field
from time import perf_counter
from typing import TYPE_CHECKING

import regex

from ..datatypes import REGION_CURRENCY, ReferenceDate, Sentence, Token
from ..normalizers.dates import two_digit_year
from ..ruleset.lexicon import Lexicon
from ..text.segment import Segmenter, SentenceIndex, Words, clause_span

if TYPE_CHECKING:
    from ..ruleset.gazetteer import NameIndex

_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s?月"  # a month's number and 月
# after a year: the month and day it may name, then a word of "since" (2011年开始, 2021年3月以来)
_SINCE = regex.compile(rf"\s?(?:{_MONTH}(?:份|\s?[0-3]?\d\s?[日号])?)?\s?(?:开始|以来|起|至今|迄今)")
_EXPLICIT_YEAR = regex.compile(
    r"(?<![\d零〇○一二三四五六七八九])((?:19|20)\d{2}|[一二][零〇○一二三四五六七八九]{3}"
    rf"|(?<![\d.])\d{{2}}(?=\s?年\s?{_MONTH}))"  # 15年一月: two digits before a month
    r"\s?年(?!代|期|龄|级|内|间)"
)
_YEAR_DIGITS = str.maketrans("零〇○一二三四五六七八九", "00012345678" + "9")
_EXPLICIT_MONTH = regex.compile(
    r"(?<!\d)(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s?月(?:\s?(3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s?[日号])?"
)


# Clauses whose words a document keeps: a news article has a few thousand at most, but a 20 MB one had 250,000
# (250 MB of words).
WORDS_KEPT = 20_000


@dataclass
class DocContext:
    text: str  # simplified and width-folded: what rules match
    reference: ReferenceDate
    script: str
    region: str  # "CN", "TW" or "HK": what a bare 元 means, whether `113年` is a Republic-of-China year
    sentences: SentenceIndex
    lexicon: Lexicon
    names: NameIndex  # the rule set's gazetteer names
    segmenter: Segmenter  # the rule set's dictionary, its names added
    timings: Counter | None = field(default=None, repr=False)  # seconds per stage, for bench/: "segment" here
    _words: dict[int, Words] = field(default_factory=dict)  # by the clause's start
    # what normalisers work out once an article and ask again, under their own keys: every item of a list
    # asks whether each other item is a known name
    found: dict = field(default_factory=dict, repr=False)
    _clause_starts: list[int] = field(default_factory=list)  # the keys of _words, sorted

    @property
    def local_currency(self) -> str:
        return REGION_CURRENCY[self.region]

    def sentence_at(self, offset: int) -> Sentence | None:
        return self.sentences.at(offset)

    def word_at(self, offset: int) -> Token | None:
        """The word of its clause that covers `offset`; None outside a sentence."""
        sentence = self.sentence_at(offset)
        if sentence is None:
            return None
        words = self.words_around(sentence, offset)
        i = words.index_at(offset)
        return words[i] if i is not None else None

    def words_before(self, offset: int) -> tuple[Words, int] | None:
        """The words of the clause before `offset` and the index of the word covering `offset - 1`; None at or
        before its sentence's start, or outside a sentence."""
        sentence = self.sentence_at(offset)
        if sentence is None or offset <= sentence.start:
            return None
        words = self.words_around(sentence, offset - 1)
        i = words.index_at(offset - 1)
        return None if i is None else (words, i)

    def words_around(self, sentence: Sentence, offset: int) -> Words:
        """Words of the clause of `sentence` around `offset`, segmented on first use.

        A clause has the words it has inside its sentence (it ends where jieba splits anyway),
        and most never need segmenting: tagging whole sentences took a sixth of the run.
        """
        starts = self._clause_starts  # the clauses segmented so far: most calls ask for one of them again
        i = bisect_right(starts, offset) - 1
        if i >= 0:
            words = self._words[starts[i]]
            if offset < words.starts[-1]:
                return words
        start, end = clause_span(self.text, offset, sentence.start, sentence.end)
        words = self._words.get(start)
        if words is None:
            if len(starts) >= WORDS_KEPT:  # a very long article: its words are segmented again where asked again
                self._words.clear()
                starts.clear()
            started = perf_counter() if self.timings is not None else 0.0
            words = self._words[start] = Words(self.segmenter, self.text[start:end], start)
            insort(starts, start)
            if self.timings is not None:
                self.timings["segment"] += perf_counter() - started
        return words

    def anchor_month(self, offset: int) -> tuple[str, str | None] | None:
        """The month (and its day) written nearest before `offset` in its sentence: a range's end inherits it."""
        sentence = self.sentence_at(offset)
        if sentence is None:
            return None
        months = list(_EXPLICIT_MONTH.finditer(self.text, sentence.start, offset))
        return (months[-1].group(1), months[-1].group(2)) if months else None

    def anchor_year(self, offset: int) -> int | None:
        """The year written nearest before `offset` in its sentence, explicit or this year or a later one (今年1至7月:
        7月 is this year's), else the explicit year nearest before it in its paragraph that no span starts from
        (从2011年开始 and 2016年以来 say since when, not when the next sentence is). An earlier year written
        relatively is no anchor: 去年 and 上年 mostly name a comparison (比去年, 去年同期, 去年10月以来), not the
        year of what follows."""
        sentence = self.sentence_at(offset)
        if sentence is None:
            return None
        explicit = list(_EXPLICIT_YEAR.finditer(self.text, sentence.start, offset))
        years_away = self.lexicon.dates.relative_years
        relative = [
            m
            for m in self.lexicon.relative_year_words.finditer(self.text, sentence.start, offset)
            if years_away[m.group()] >= 0
        ]
        if relative and (not explicit or relative[-1].start() > explicit[-1].start()):
            return self.reference.day.year + years_away[relative[-1].group()]
        if not explicit:  # a year a span starts from (从2011年开始, 2016年以来) dates no later sentence
            paragraph_start = self.sentences.paragraph_starts[sentence.paragraph_id]
            explicit = [
                m
                for m in _EXPLICIT_YEAR.finditer(self.text, paragraph_start, offset)
                if not _SINCE.match(self.text, m.end())
            ]
        if not explicit:
            return None
        year = int(explicit[-1].group(1).translate(_YEAR_DIGITS))  # 二零一九 as 2019
        return two_digit_year(year, self.reference.day.year) if year < 100 else year
