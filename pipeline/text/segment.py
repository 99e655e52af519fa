"""Split and segment stage: sentences with their paragraph, and words.

Sentences end at 。！？；… (with any closing quotes that follow) and at line
breaks; a line is a paragraph. Words come from jieba's dictionary and
algorithm through rjieba (jieba-rs), with the gazetteer's names added so they
are never split.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

import regex

from ..datatypes import Sentence, Token

_SENTENCE = regex.compile(r"[^\n。！？!?；;…]*(?:(?:[。！？!?；;]|…+)[”’」』\"')）]*|\n|$)")


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph = 0
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        if end == start:
            continue
        body_end = end - 1 if text[end - 1] == "\n" else end
        if body_end > start and text[start:body_end].strip():
            sentences.append(Sentence(len(sentences), start, body_end, paragraph))
        if text[end - 1] == "\n":
            paragraph += 1
    return sentences


def pieces(text: str, size: int, cut_after: regex.Pattern) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text`, each of about `size` characters or more, cut just after a
    match of `cut_after` (a line break, a sentence end): how a very long article is scanned a piece at a time."""
    found, start = [], 0
    while len(text) - start > size:
        cut = cut_after.search(text, start + size)
        if cut is None:
            break
        found.append((start, cut.end()))
        start = cut.end()
    if start < len(text):
        found.append((start, len(text)))
    return found


class SentenceIndex:
    """Finds the sentence that holds an offset, and where each paragraph starts."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self._starts = [s.start for s in sentences]
        self.paragraph_starts: dict[int, int] = {}  # paragraph id -> offset of its first sentence
        for sentence in sentences:
            self.paragraph_starts.setdefault(sentence.paragraph_id, sentence.start)

    def at(self, offset: int) -> Sentence | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset <= self.sentences[i].end:
            return self.sentences[i]
        return None


class Segmenter:
    """A jieba dictionary (rjieba) of one rule set: its gazetteer names are added to it, and to no other.

    rjieba has no way to remove a word, so each rule set owns its own. Importing rjieba
    already builds one (0.14 s) that nothing else uses: the first segmenter made in a
    process takes it over instead of building a second (0.12 s more at every start).
    """

    _prebuilt_taken = False

    def __init__(self):
        import rjieba

        if not Segmenter._prebuilt_taken and hasattr(rjieba, "_DEFAULT_JIEBA"):
            Segmenter._prebuilt_taken = True
            self._jieba = rjieba._DEFAULT_JIEBA
        else:
            self._jieba = rjieba.Jieba()

    def add_words(self, words: Iterable[str], tag: str = "nz") -> None:
        """Put names into the dictionary so that they come out whole, tagged as names."""
        jieba = self._jieba
        for word in words:
            if word and not jieba.has_word(word):
                jieba.add_word(word, None, tag)

    def has_word(self, word: str) -> bool:
        """True for a word in the dictionary (a common word, or a name added)."""
        return self._jieba.has_word(word)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return self._jieba.tag(text, True)


# Characters jieba never puts inside a word block (spaces, Chinese and ASCII punctuation): it splits
# its input there and segments each block alone, so a clause between them has the same words
# alone as inside its sentence (tests/test_segment.py checks this on the development news).
_CLAUSE_BREAK = regex.compile(r"[\s，。、；：？！“”‘’（）《》【】「」『』,;:!?\"'()\[\]<>]")
_LAST_CLAUSE_BREAK = regex.compile(_CLAUSE_BREAK.pattern, regex.REVERSE)


def clause_span(text: str, offset: int, start: int, end: int) -> tuple[int, int]:
    """The clause of text[start:end] around `offset`: the run between clause breaks, or the break itself."""
    if _CLAUSE_BREAK.match(text, offset, end):
        return offset, offset + 1
    before = _LAST_CLAUSE_BREAK.search(text, start, offset)
    after = _CLAUSE_BREAK.search(text, offset, end)
    return before.end() if before else start, after.start() if after else end


class Words:
    """The words of a text with their part-of-speech tags, found by offset.

    Kept as parallel lists; a `Token` is made only for a word asked for (most never are).
    """

    def __init__(self, segmenter: Segmenter, text: str, offset: int = 0):
        pairs = segmenter.tag(text)
        self.texts = [word for word, _ in pairs]
        self.tags = [tag for _, tag in pairs]
        self.starts = list(accumulate(map(len, self.texts), initial=offset))  # word i spans starts[i]:starts[i + 1]

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Token:
        if not 0 <= i < len(self.texts):
            raise IndexError(i)
        return Token(self.starts[i], self.starts[i + 1], self.texts[i], self.tags[i])

    def index_at(self, offset: int) -> int | None:
        """The index of the word that covers `offset`, if any."""
        i = bisect_right(self.starts, offset) - 1
        return i if 0 <= i < len(self.texts) else None

    def starting_at(self, offset: int) -> Token | None:
        i = self.index_at(offset)
        return self[i] if i is not None and self.starts[i] == offset else None

    def ending_at(self, offset: int) -> Token | None:
        i = self.index_at(offset - 1)
        return self[i] if i is not None and self.starts[i + 1] == offset else None
