"""What the name normalisers share: the parts of speech of name words, whether a word is a name, a place or an
ordinary word, where words start and end, and a stock code written after a name."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Token

if TYPE_CHECKING:
    from ...stages.document import DocContext

_HAN_CHAR = regex.compile(r"\p{Han}")
# A stock code written right after a name: 騰訊控股(00700.HK), 贵州茅台（600519）, 台積電(2330.TW).
_WRITTEN_CODE = regex.compile(
    r"\s?[(（]\s?(?:(?P<market>SH|SZ|HK|BJ)\s?)?(?P<digits>\d{4,6})(?:\s?\.\s?(?P<suffix>HK|SH|SZ|SS|BJ|TWO|TW))?\s?[)）]"
)
_SIX_DIGIT_MARKETS = {"6": "SH", "9": "SH", "0": "SZ", "2": "SZ", "3": "SZ", "4": "BJ", "8": "BJ"}


def written_code(doc: DocContext, end: int) -> str:
    """The stock code in parentheses right after `end`, as `600519.SH`, `0700.HK`, `2330.TW`; else empty."""
    if doc.text[end : end + 2].lstrip()[:1] not in ("(", "（"):
        return ""  # most names: no parenthesis after them, no pattern to run
    m = _WRITTEN_CODE.match(doc.text, end)
    if m is None:
        return ""
    digits, market = m.group("digits"), (m.group("suffix") or m.group("market") or "").replace("SS", "SH")
    if len(digits) == 6 and not market:
        market = _SIX_DIGIT_MARKETS.get(digits[0], "")
    elif len(digits) == 5 and not market:
        market = "HK"
    elif len(digits) == 4 and not market:
        market = {"HK": "HK", "TW": "TW"}.get(doc.region, "")
    if not market:
        return ""
    return f"{int(digits):04d}.HK" if market == "HK" else f"{digits}.{market}"


def stock_code(doc: DocContext, end: int, known) -> str:
    """An organisation's stock code: written right after its name at `end`, else its gazetteer entry's."""
    return written_code(doc, end) or (doc.names.code(known, doc.region) if known else "")


def sentence_names(doc, offset: int, names: tuple[str, ...]) -> bool:
    """Whether the sentence at `offset` has one of `names` in it."""
    sentence = doc.sentence_at(offset)
    return sentence is not None and any(name in doc.text[sentence.start : sentence.end] for name in names)


def after_a_level(doc, start: int) -> bool:
    """Whether a level alone, or with a word for "this" or "the whole", comes right before `start` (市科协,
    本市工行, 全省妇联; not 区 of 特区 nor 市 of 城市)."""
    lists = doc.lexicon.names
    if doc.text[start - 1 : start] not in lists.place_levels:
        return False
    word = doc.word_at(start - 1)
    return (
        word is not None
        and word.end == start
        and (len(word.text) == 1 or (len(word.text) == 2 and word.text[0] in lists.level_determiners))
    )


def after_a_place(doc, start: int) -> bool:
    """Whether the text before `start` ends in a place (CC-CEDICT's) or a word for China (内地, 中国)."""
    lists, text = doc.lexicon.names, doc.text
    return any(
        text[start - size : start] in lists.places or text[start - size : start] in lists.home_countries
        for size in (2, 3, 4)
        if start >= size
    )


def in_ordinary_word(doc, start: int, end: int) -> bool:
    """Whether the span starts inside a dictionary word that names nothing (no name's tag), or, from three
    characters, one starts inside it and goes on: the segmenter, which knows the gazetteers' names, read the
    text otherwise (发扬光大, 全国/电话). A name at the start of a longer word stays (外交部 of 外交部长,
    字节 of 字节系), and so does a short one before a word it starts (建行|为: 行为)."""
    sentence = doc.sentence_at(start)
    if sentence is None or end > sentence.end:
        return False
    for word in {doc.word_at(start), doc.word_at(end - 1)} - {None}:
        if (word.start < start or (end - start >= 3 and start < word.start < end < word.end)) and (
            doc.segmenter.has_word(word.text) and word.pos not in PROPER_POS and word.pos != "nz"
        ):
            return True
    return False


# Part-of-speech tags of words that can stand in a name; `PROPER_POS` ones are names themselves.
NAME_POS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "an", "l", "i"}
# jieba's dictionary tags some common words nz (聊天), so nz alone does not make a name.
PROPER_POS = {"nr", "nrt", "nrfg", "ns", "nt", "j", "eng"}
PLACE_POS = {"ns"}


def is_proper(token, doc) -> bool:
    """A name-like word: tagged as a name, Latin letters, or unknown to the dictionary (found by HMM)."""
    lists = doc.lexicon.names
    if token.text.isascii():
        return token.text not in lists.generic_latin
    if token.pos in PROPER_POS or token.text in lists.national_words or doc.names.known("org", token.text):
        return True
    # A word only the HMM found is a likely name, unless it is glued from function characters (地向, 这是).
    # (Its tags are no help: it tags 同盾 and 淘天 as classifiers, 西九 as a time.)
    return not doc.segmenter.has_word(token.text) and not lists.function_characters.intersection(token.text)


def starts_word(doc, offset: int) -> bool:
    """True when a word starts at `offset` (the character before ends a word or is not Chinese)."""
    sentence = doc.sentence_at(offset)
    if sentence is None or offset <= sentence.start or not _HAN_CHAR.match(doc.text[offset - 1]):
        return True
    return doc.words_around(sentence, offset).starting_at(offset) is not None


def ends_word(doc, offset: int) -> bool:
    """True when a word ends at `offset` (the next character starts a new word or is not Chinese)."""
    sentence = doc.sentence_at(offset - 1)
    if sentence is None or offset >= sentence.end or not _HAN_CHAR.match(doc.text[offset]):
        return True
    return doc.words_around(sentence, offset - 1).ending_at(offset) is not None


_DASHES = "—–-－"
_PARTNER_POS = PLACE_POS | {"j", "nt"}  # 东盟 (j) of 中国—东盟经贸联委会


def partner_before_a_dash(doc, start: int) -> int:
    """Where a name of two partners joined by a dash starts (圭亚那—中国友好协会, 中国—东盟经贸联委会): at the
    place before the dash, when the name starts with a place or a body too; else at `start`."""
    first = doc.word_at(start)
    if (
        start < 2
        or doc.text[start - 1] not in _DASHES
        or first is None
        or first.start != start
        or not (names_a_place(first, doc, _PARTNER_POS))
    ):
        return start
    partner = place_ending_at(doc, start - 1, _PARTNER_POS)
    return partner.start if partner else start


def names_a_place(word, doc, tags=PLACE_POS) -> bool:
    """Whether a word is a place: the segmenter tags it one (or one of `tags`), or places.txt has it."""
    return word.pos in tags or word.text in doc.lexicon.names.places


def place_ending_at(doc, end: int, tags=PLACE_POS) -> Token | None:
    """The word that ends at `end`, when it is a place (`names_a_place`); else None."""
    word = doc.word_at(end - 1) if end > 0 else None
    return word if word is not None and word.end == end and names_a_place(word, doc, tags) else None


# Tags jieba gives a Chinese person's name (nrt is a transliterated one: 拜登, 阿森纳 alike).
PERSON_POS = ("nr", "nrfg")


def ordinary_word(text: str, doc) -> bool:
    """A word of the dictionary that, tagged alone, is no person's name (和平, 强调; not 江泽民)."""
    return doc.segmenter.has_word(text) and not doc.segmenter.tag(text)[0][1].startswith("nr")


def generic_mention(doc, start: int, name: str) -> bool:
    """Whether the organisation's `name` at `start` is many bodies of a kind, not the one it names alone: after a
    plural determiner (多家央行, 各国央行), or a body every country has after words of many countries (全球央行)."""
    lists = doc.lexicon.names
    return doc.text.endswith(lists.plural_determiners, 0, start) or (
        name in lists.national_bodies and doc.text.endswith(lists.many_countries, 0, start)
    )
