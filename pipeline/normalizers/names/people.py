"""People found by rules: a surname and given name where the segmenter or a title says so, transliterated
names, names with `·` and names in Latin letters."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Value
from ...text.segment import Words
from ..base import NormalizerTable
from .words import PERSON_POS, ordinary_word, place_ending_at

if TYPE_CHECKING:
    from ...stages.document import DocContext

NORMALIZERS = NormalizerTable()

# Parts of speech a given name can be mistaken for after a title (蔡 + 力行 "to practise"): a verb or
# function word there ends the name instead.
NOT_GIVEN_NAME_POS = ("v", "p", "c", "u", "d", "r", "m", "q", "f", "t", "y", "e", "o", "x")
# A surname tagged as one of these is first a preposition, conjunction or particle (向, 和, 于); 何, 张, 任
# are tagged as pronoun, classifier or verb but are common surnames, so those tags do not count.
NOT_SURNAME_POS = ("p", "c", "u")


@NORMALIZERS.add("person", required={"name"})
def person(m: regex.Match, doc: DocContext) -> Value | None:
    """A surname and given name, where the segmenter sees a person's name.

    The word at the match's start must be tagged as a person's name (nr), or be
    the surname alone followed by a one- or two-character word the dictionary
    does not know (a given name). Function words that double as surnames
    (但, 和, 时) are thereby excluded.
    """
    return _person(m, doc, after_title=False)


@NORMALIZERS.add("person_after_title", required={"name"})
def person_after_title(m: regex.Match, doc: DocContext) -> Value | None:
    """As `person`, but after a title (执行长蔡力行) a given name may be a dictionary word (not a verb)."""
    return _person(m, doc, after_title=True)


def _words_from_name(m, doc):
    """The words around the match's `name` group, and the word starting where it starts (None, None if none does)."""
    start = m.start("name")
    sentence = doc.sentence_at(start)
    if sentence is None:
        return None, None
    words = doc.words_around(sentence, start)
    first = words.starting_at(start)
    if first is None and doc.text[start - 1 : start] == "据" and words.index_at(start) is not None:
        # The segmenter glued 据 to the surname (据林|正男, 据马|化成): the clause's words from the surname on.
        words = Words(doc.segmenter, doc.text[start : words.starts[-1]], start)
        first = words.starting_at(start)
    return words, first


def not_a_person(name: str, doc, end: int | None = None) -> bool:
    """A title (王局长), a place, a word that is no name, or a known organisation or product; with the name's
    `end`, a two-character name that the words after it read as a place (周浦的商铺, 徐泾镇), or one that ends in a town
    after a place (东莞|洪梅镇)."""
    lists = doc.lexicon.names
    return (
        name.endswith(lists.not_person_endings)
        or name in lists.places
        or name in lists.not_people
        or doc.names.known("org", name) is not None
        or doc.names.known("product", name) is not None
        or (end is not None and len(name) == 2 and _followed_by_a_place_noun(doc, end))
        or (end is not None and name[-1] in lists.place_nouns and place_ending_at(doc, end - len(name)) is not None)
        or (end is not None and doc.text.startswith("指数", end))  # 纳斯达克中国金龙指数: an index's name
    )


def _followed_by_a_place_noun(doc, end: int) -> bool:
    """Whether a word of places follows `end`, with or without 的 (周浦的商铺, 徐泾镇, 周浦一带): lexicon/names.yaml's
    `place_nouns`."""
    text = doc.text[end : end + 6]
    text = text[1:] if text.startswith("的") else text
    return text.startswith(doc.lexicon.names.place_nouns)


@NORMALIZERS.add("person_before_saying", required={"name"})
def person_before_saying(m: regex.Match, doc: DocContext) -> Value | None:
    """As `person`, where a verb of saying or a colon ends the name (林正男指出): the given name before it is whole
    where its characters are likelier in given names than in text (the given-name table), though the segmenter
    split it (林正/男) or knows it as a word (马 + 化成)."""
    return _person(m, doc, after_title=False, edge_certain=True)


def _person(m, doc, *, after_title: bool, edge_certain: bool = False):
    start = m.start("name")
    words, first = _words_from_name(m, doc)
    if first is None:
        return None
    lists = doc.lexicon.names
    if first.pos.startswith("nr") and 2 <= len(first.text) <= 3:
        end = first.end
        if len(first.text) == 3 and _glued_to_what_follows(doc, first.end - 1):
            end -= 1  # the HMM took what follows the name: 冀岩/上月, 朱琦/已
        elif edge_certain and len(first.text) == 2 and m.end("name") == end + 1 and _given_name_tail(doc, end):
            end += 1  # 林正/男 before 指出
        elif (
            len(first.text) == 2
            and m.end("name") >= end + 1
            and _given_name_at_a_break(doc, end)
            and not not_a_person(doc.text[start : end + 1], doc)
        ):
            end += 1  # 董事长林正/男/在
    elif (
        (after_title or edge_certain)
        and len(first.text) == 3
        and not doc.segmenter.has_word(first.text)
        and _likelier_in_given_names(doc, first.text[1:], unseen=0.0)
    ):
        # 记者林淑慧／: a word only the HMM found, tagged a noun, whose given name the table takes (淑, too rare for
        # the table, is no evidence either way)
        end = first.end
    elif len(first.text) == 1 and not first.pos.startswith(NOT_SURNAME_POS):  # 向 is "towards" first
        given = words.starting_at(first.end)
        if given is None or not 1 <= len(given.text) <= 2:
            return None
        common = doc.segmenter.has_word(given.text) and not given.pos.startswith("nr")
        edge_certain = edge_certain or (after_title and _edge_after(doc, given.end))
        if (
            common
            and (not after_title or given.pos.startswith(NOT_GIVEN_NAME_POS))
            and not lists.looks_like_given_name(given.text)
            and not (edge_certain and given.end == m.end("name") and _likelier_in_given_names(doc, given.text))
        ):  # an ordinary word (曲 + 局长); one shaped like a given name (曹 + 鹏飞, 分析师马 + 化成对) stays
            return None
        end = given.end
    else:
        return None
    end = min(end, m.end("name"))
    name = doc.text[start:end]
    if len(name) < 2 or not_a_person(name, doc, end):
        return None
    return Value(name, start=start - m.start(), end=end - m.start())


def _edge_after(doc, at: int) -> bool:
    """Whether a name may end at `at` for certain: a break, or a word of function there (对, 在, 与, 报道 not)."""
    if at >= len(doc.text) or _HAN.match(doc.text, at) is None:
        return True
    word = doc.word_at(at)
    return (
        word is not None
        and word.start == at
        and (word.pos.startswith(("p", "c")) or word.text in doc.lexicon.names.function_characters)
    )


def _likelier_in_given_names(doc, text: str, unseen: float = -9.0) -> bool:
    """Whether `text`'s characters are, on average, likelier in a given name than in text (马 + 化成; not 白雪|中,
    李妍|摄, whose last characters are a little likelier in text); a character the table lacks scores `unseen`."""
    odds = doc.lexicon.names.given_name_odds
    return sum(odds.get(c, unseen) for c in text) / len(text) >= 0


def _given_name_tail(doc, at: int) -> bool:
    """Whether the character at `at`, which the segmenter split from a name before it, ends that name (林正|男)."""
    lists, character = doc.lexicon.names, doc.text[at]
    return (
        character not in lists.after_name_characters
        and character not in lists.function_characters
        and _likelier_in_given_names(doc, character)
    )


def _given_name_at_a_break(doc, at: int) -> bool:
    """Whether the one character at `at`, after a two-character name, ends it: a given name's character with a
    break (no Chinese character) right after it (撰文：刘玺东), or one the segmenter left as a word of its own that
    is clearly a given name's (郭励|弘|却: the given-name table's `given_name_threshold`) or reaches its
    `split_tail_threshold` and is followed by a function word or a verb (林正|男|在, not 王明|家|在); a verb's or a
    particle's character only before a preposition or conjunction (陈子|达|与, not 刘明|听|了)."""
    if at >= len(doc.text) or _HAN.match(doc.text, at) is None or not _given_name_tail(doc, at):
        return False
    if at + 1 == len(doc.text) or _HAN.match(doc.text, at + 1) is None:
        return True
    word = doc.word_at(at)
    if word is None or (word.start, word.end) != (at, at + 1):
        return False
    if doc.lexicon.names.looks_like_given_name(doc.text[at]):
        return True
    after = doc.word_at(at + 1)
    lists = doc.lexicon.names
    if (
        after is None
        or after.start != at + 1
        or lists.given_name_odds.get(doc.text[at], 0) < lists.split_tail_threshold
    ):
        return False
    if word.pos.startswith(NOT_GIVEN_NAME_POS):  # a verb's or a particle's character ends a name before 与, 为
        return after.pos.startswith(("p", "c"))  # 陈子|达|与, 徐立|之|为; not 刘明|听|了, 高通|均|采用
    return after.text[0] in lists.function_characters or after.pos.startswith(NOT_GIVEN_NAME_POS)


_HAN = regex.compile(r"\p{Han}")
_SAYING_BEFORE_BREAK = regex.compile(r"[指说称][,，:：]")  # 黄玫指， (Hong Kong's "said"): 指 is no given name


def _glued_to_what_follows(doc, at: int) -> bool:
    """The character at `at` belongs after a name rather than in it: an after-name character (已, 曾), the
    first of a time word (上月) or a verb of saying before a break (指，); a word in general would cut real
    names (顾宏地 before 表示: 地表)."""
    lists = doc.lexicon.names
    return (
        doc.text[at] in lists.after_name_characters
        or doc.text[at : at + 2] in lists.after_name_words
        or _SAYING_BEFORE_BREAK.match(doc.text, at) is not None
    )


@NORMALIZERS.add("person_between_title_and_break", required={"name"})
def person_between_title_and_break(m: regex.Match, doc: DocContext) -> Value | None:
    """A surname and given name with a title before and a break or verb of saying after (副局长周富强，): the
    given name may be any word (富强, 建新), but the name must be whole words, with no function character."""
    start, end = m.span("name")
    words, first = _words_from_name(m, doc)
    if first is None:
        return None
    lists = doc.lexicon.names
    if len(first.text) >= 2 and (first.pos.startswith("nr") or not doc.segmenter.has_word(first.text)):
        # The segmenter's name (黄玫, which its HMM found), and a last given-name character it split off (尹同躍),
        # unless that character follows names rather than ends them (马丁时表示).
        if first.end < end and (
            end - first.end > 1
            or lists.function_characters.intersection(doc.text[first.end : end])
            or doc.text[first.end : end] in lists.after_name_characters
        ):
            end = first.end
    elif len(first.text) != 1 or words.ending_at(end) is None:
        return None  # the surname starts an ordinary word (任期内), or the name ends inside one
    name = doc.text[start:end]
    if ordinary_word(name, doc):
        return None  # 强调, 官邸, 任期: an ordinary word after the title
    if lists.function_characters.intersection(name[1:]) or not_a_person(name, doc, end):
        return None
    return Value(name, start=start - m.start(), end=end - m.start())


@NORMALIZERS.add("person_transliterated", required={"name"})
def person_transliterated(m: regex.Match, doc: DocContext) -> Value | None:
    """A transliterated name without `·` (德里克): whole words of the segmenter, each a name or a word it does
    not know, and not a place, organisation or product."""
    start, end = m.span("name")
    words, word = _words_from_name(m, doc)
    inside = []
    while word is not None and word.end <= end:
        inside.append(word)
        word = words.starting_at(word.end)
    if not inside or inside[-1].end != end:
        return None  # the name starts or ends inside a word
    if any(len(w.text) > 1 and doc.segmenter.has_word(w.text) and not w.pos.startswith("nr") for w in inside):
        return None  # 德国, 美方: an ordinary word or a place
    name = m.group("name")
    if not_a_person(name, doc):
        return None
    known = doc.names.known("person", name)
    return Value(known.name if known else name, start=start - m.start(), end=end - m.start())


@NORMALIZERS.add("person_latin", required={"name"})
def person_latin(m: regex.Match, doc: DocContext) -> Value | None:
    """A name in Latin letters (Cristiano Amon): its gazetteer form where it has one, never a known organisation
    or product, nor words the lists call ordinary (AI, CEO)."""
    name = m.group("name")
    lists = doc.lexicon.names
    parts = regex.split(r"[ -]", name)
    if any(doc.names.known(kind, text) for kind in ("org", "product") for text in (name, *parts)) or any(
        part in lists.generic_latin or part in lists.latin_organisation_words for part in parts
    ):
        return None  # Microsoft Edge, Goldman Sachs, Morgan Stanley Capital
    known = doc.names.known("person", name)
    return Value(known.name if known else name, start=m.start("name") - m.start(), end=m.end("name") - m.start())


@NORMALIZERS.add("person_latin_beside_han", required={"name", "han"})
def person_latin_beside_han(m: regex.Match, doc: DocContext) -> Value | None:
    """A name in Latin letters beside a person's Chinese name in brackets (季辛格（Pat Gelsinger）): as
    `person_latin`, where the Chinese name's last word is a person's (known, tagged as a name, or a
    transliteration)."""
    han = m.group("han")
    lists = doc.lexicon.names
    word = doc.word_at(m.end("han") - 1)
    if word is not None and word.end == m.end("han") and m.start("han") <= word.start:
        han = word.text
    person = (
        doc.names.known("person", han) is not None
        or (word is not None and word.text == han and word.pos in ("nr", "nrt", "nrfg"))
        or (len(han) >= 2 and lists.transliteration_characters.issuperset(han.replace("·", "")))
    )
    if not person or not_a_person(han, doc):
        return None
    return person_latin(m, doc)


@NORMALIZERS.add("person_dotted", required={"name"})
def person_dotted(m: regex.Match, doc: DocContext) -> Value | None:
    """A transliterated name with `·` (汤姆·汉克斯); its gazetteer form where it has one, never a known org or product."""
    name = m.group("name")
    parts = name.split("·")
    if any(doc.names.known(kind, part) or doc.names.known(kind, name) for kind in ("org", "product") for part in parts):
        return None  # 中国·深圳: places and names of organisations joined by a dot
    if any(part in doc.lexicon.names.national_words or len(part) >= 2 and ordinary_word(part, doc) for part in parts):
        return None
    known = doc.names.known("person", name)
    return Value(known.name if known else name, start=m.start("name") - m.start(), end=m.end("name") - m.start())


def _common_word_at(doc, start: int) -> bool:
    """Whether the surname character at `start` is part of an ordinary word, seen without segmenting the
    clause: it ends a word with the character before (共和, 保安), or the two characters from it are a
    dictionary word that is no person's name and no longer one starts there (和平, 方面, 高速)."""
    segmenter, text = doc.segmenter, doc.text
    if start and segmenter.has_word(text[start - 1 : start + 1]):
        return True
    if segmenter.has_word(text[start : start + 3]):
        return False
    return ordinary_word(text[start : start + 2], doc)


@NORMALIZERS.add("person_tagged", required={"name"})
def person_tagged(m: regex.Match, doc: DocContext) -> Value | None:
    """A word the segmenter tags as a person's name, starting at the match: three characters (李顺生), or two
    the dictionary does not know (its HMM found them: 张晓); dictionary words of two need a title or verb."""
    start = m.start("name")
    if _common_word_at(doc, start):
        return None  # 和平, 方面, 高速: a dictionary word, not a name, starts here (no need to segment the clause)
    _, word = _words_from_name(m, doc)
    if word is None or word.pos not in PERSON_POS or not 2 <= len(word.text) <= 4:
        return None
    end = word.end - 1 if len(word.text) == 3 and _glued_to_what_follows(doc, word.end - 1) else word.end
    if (
        end - start == 2
        and word.end == end
        and _given_name_at_a_break(doc, end)
        and not not_a_person(doc.text[start:end], doc)
        and not not_a_person(doc.text[start : end + 1], doc)
    ):
        end += 1  # 刘玺/东 at the end of a byline, 林正/男 before 在; not 王明/父, nor after no one's name (高通, 安达)
    name, surname = doc.text[start:end], m.end("name") - start  # 黄玫 of 黄玫指，
    if len(name) - surname not in (1, 2):
        return None
    if doc.segmenter.has_word(name) and (len(name) == 2 or doc.segmenter.has_word(name[:2])):
        return None  # the dictionary's own word: 黄金周 and 白金卡 are tagged nr, but start with a word (黄金)
    if name[surname:] in doc.lexicon.names.after_name_words:
        return None  # 於 + 本周: a time word after a surname that is a preposition
    lists = doc.lexicon.names
    if lists.function_characters.intersection(name[surname:]):
        return None  # glued by the HMM from a surname and function words: 何时能, 金卡为
    if not_a_person(name, doc, end):
        return None
    return Value(name, start=start - m.start(), end=end - m.start())


@NORMALIZERS.add("person_tagged_rare_surname", required={"name"})
def person_tagged_rare_surname(m: regex.Match, doc: DocContext) -> Value | None:
    """As `person_tagged`, for a one-character surname outside the hundred commonest (翁振杰): three characters,
    the given name shaped like one, since the segmenter tags many words with such a first character as names."""
    given = doc.text[m.end("name") : m.end("name") + 2]
    if not doc.lexicon.names.looks_like_given_name(given, after_rare_surname=True):
        return None  # most matches end here, before any segmenting
    value = person_tagged(m, doc)
    if value is None or len(value.value) != 3:
        return None  # two characters (惠誉, 古洞, 景顺) are more often words or places than names
    return value
