"""The names model's spans (rules/models/): kept only where their words can be a name; these normalisers veto
what the SCHEMA calls no name (a place, a kind of body, a phrase with a verb, a title, a fragment of a name)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Token, Value
from ..base import NormalizerTable
from .people import not_a_person
from .words import (
    PLACE_POS,
    in_ordinary_word,
    is_proper,
    ordinary_word,
    partner_before_a_dash,
    sentence_names,
    stock_code,
)

if TYPE_CHECKING:
    from ...stages.document import DocContext

NORMALIZERS = NormalizerTable()

# A name the statistical model (rules/models/) finds is kept only where no rule found anything; these
# normalisers veto what the SCHEMA does not call a name. Parts of speech of dictionary words that do not
# stand in a name: a verb first (加强政府, 优化交易所); inside, an adverb or preposition (出口商实施单独关税)
# or a verb of two characters (海关拘捕公司; 驻 in 中国驻缅甸大使馆 is one, and 分行 ends a name).
_NOT_FIRST_IN_NAME_POS = frozenset({"v", "vd", "vn", "d", "p", "c", "u", "r", "zg"})
_NOT_INSIDE_NAME_POS = frozenset({"d", "p", "c", "u", "r"})
_VERB_POS = frozenset({"v", "vd"})
_NOUN_POS = frozenset({"n", "nz", "vn", "j"})
_JOINED_POS = _NOUN_POS | {"l"}  # 城乡建设 of 住房和城乡建设委
_TRANSLITERATED_POS = frozenset({"nr", "nrt", "nrfg", "nz"})  # 派拉蒙, 斯巴鲁: the dictionary's brands
_ORG_WORD_POS = _TRANSLITERATED_POS | {"nt", "ns"}  # and its organisations, and names it calls places (银联, 苏富比)
_LATIN_OR_DIGIT = regex.compile(r"[A-Za-z0-9]{2}")  # two in a row across a span's edge: a word cut
_REGION_PART = regex.compile(r"[东西南北中大]部$")  # 江汉大部, 河北中南部: a weather report's regions
_MODEL_ORG = regex.compile(r"[\p{Han}A-Za-z0-9][\p{Han}A-Za-z0-9&·\-]*")
_MODEL_PERSON = regex.compile(r"\p{Han}{2,4}|\p{Han}{1,8}(?:[·•\-]\p{Han}{1,8})+")


def _model_words(m, doc) -> list[Token] | None:
    """The clause's words inside a model's span (a word the span cuts is clipped to it, as a word the dictionary
    does not know); None when the span cuts a dictionary word (验|通讯卫星: 实验)."""
    start, end = m.start(), m.end()
    sentence = doc.sentence_at(start)
    text = doc.text
    if (
        sentence is None
        or _LATIN_OR_DIGIT.match(text, max(start - 1, 0), start + 1)
        or (_LATIN_OR_DIGIT.match(text, end - 1, end + 1))
    ):
        return None  # 法国CA of 法国CAC40指数: a Latin word or a number cut
    words = doc.words_around(sentence, start)
    i = words.index_at(start)
    inside = []
    while i is not None and i < len(words) and words.starts[i] < end:
        word = words[i]
        if word.start < start or word.end > end:
            if doc.segmenter.has_word(word.text):
                return None
            clipped_start, clipped_end = max(word.start, start), min(word.end, end)
            word = Token(clipped_start, clipped_end, text[clipped_start:clipped_end])
        inside.append(word)
        i += 1
    if inside and inside[-1].end < end:
        return None  # the span runs past the clause
    return inside or None


def _name_in_dictionary_words(words: list[Token], doc) -> bool:
    """Whether a model's words could be a name, by the parts of speech of its dictionary words."""

    def listed(word):
        return doc.segmenter.has_word(word.text)

    first, inside = words[0], words[1:-1]
    return len(words) == 1 or not (
        (first.pos in _NOT_FIRST_IN_NAME_POS and listed(first))
        or any(
            listed(w)
            and (w.pos in _NOT_INSIDE_NAME_POS or (w.pos in _VERB_POS and len(w.text) > 1))
            and not _joins_a_body(words, i + 1, doc)
            for i, w in enumerate(inside)
        )
    )


_JOINING_WORDS = ("和", "与", "及")


def _joins_a_body(words: list[Token], at: int, doc) -> bool:
    """Whether words[at] is the 和 of a body's name (国土资源和房屋管理局, 住房和城乡建设委, 国防研究与发展组织):
    between two ordinary nouns, in a name that ends like an organisation; not between two names (中国和美国政府)."""
    if not 0 < at < len(words) - 1 or words[at].text not in _JOINING_WORDS:
        return False
    lists = doc.lexicon.names
    before, after, last = words[at - 1], words[at + 1], words[-1].text
    return (
        last[-1] in lists.org_last_characters
        and before.pos in _JOINED_POS
        and after.pos in _JOINED_POS
        and not (is_proper(before, doc) or is_proper(after, doc))
    )


@NORMALIZERS.add("org_model")
def org_model(m: regex.Match, doc: DocContext) -> Value | None:
    """An organisation the names model found, unless its words name none (美国监管机构, 国家发展大局).

    Whole words in Chinese characters: name-like words only (巴黎圣日耳门), or ordinary ones too with an
    organisation's last character (宁波交通投资公司, 中国驻缅甸大使馆); not a place, a kind of body nor a
    phrase with a verb. Its gazetteer form where it has one. A place is one of places.txt or words the
    segmenter tags as places; one such word the list lacks is the model's call (利物浦 the club, 银联, 苏富比).
    """
    name = m.group()
    lists = doc.lexicon.names
    if len(name) < 2 or name.isascii() or not _MODEL_ORG.fullmatch(name):
        return None  # the model's Latin guesses are as often terms (FPGA, AIGC) as names: Latin names are the rules'
    if (
        name in lists.not_names
        or name in lists.national_bodies
        or _REGION_PART.search(name)
        or (name in lists.places and not _in_a_match_report(doc, m.start()))
    ):
        return None
    known = doc.names.known("org", name)
    if known:  # a gazetteer's name, read as the gazetteer rules read it
        return (
            None
            if in_ordinary_word(doc, m.start(), m.end())
            else Value(known.name, code=stock_code(doc, m.end(), known))
        )
    words = _model_words(m, doc)
    if words is None or not _name_in_dictionary_words(words, doc):
        return None
    if len(words) == 1 and doc.segmenter.has_word(name) and words[0].pos not in _ORG_WORD_POS:
        return None  # 交易所, 中小学: the dictionary's word for a kind of body
    # A name-like word, or a word tagged nz before the last (金泰集团); not ordinary words alone (利益集团, 公安机关)
    named = [w for i, w in enumerate(words) if is_proper(w, doc) or (w.pos == "nz" and i < len(words) - 1)]
    if not named:
        if _named_by_nouns(words, name, doc):
            return Value(name, code=stock_code(doc, m.end(), None))
        return None
    only_places = all(
        w.pos in PLACE_POS or w.text in lists.national_words or w.text in lists.home_countries for w in named
    )
    if len(named) == len(words):
        if only_places and not (
            len(words) == 1
            and words[0].pos in PLACE_POS
            and (name not in lists.places or _in_a_match_report(doc, m.start()))
        ):
            return None  # 中国香港, 华盛顿: a place; in a match report a city's name is its club's (罗马主场)
    elif name[-1] not in lists.org_last_characters or name.endswith(lists.not_organisation_endings):
        return None  # 国际植物检疫措施, 国家发展大局: ordinary words that end in no organisation
    elif name.endswith(lists.kinds_of_body) and only_places:
        return None  # 地方政府, 印度监管机构: a kind of body, where the only name is a place's
    start = partner_before_a_dash(doc, m.start())
    return Value(doc.text[start : m.end()], code=stock_code(doc, m.end(), None), start=start - m.start())


def _in_a_match_report(doc, offset: int) -> bool:
    """Whether the sentence at `offset` reports a game (主场, 客场, 联赛, 击败): one of lexicon sports_cues."""
    return sentence_names(doc, offset, doc.lexicon.names.sports_cues)


def _named_by_nouns(words, name: str, doc) -> bool:
    """Nouns alone that name one body (外汇交易中心, 古物咨询委员会, 东风汽车集团, 国土资源和房屋管理局), after a level
    alone too (市 + 国土资源和房屋管理局: the article's city's): two words or more, ending in an organisation's
    last character, not in a kind of body, and not in 公司 (人力资源服务公司 is a kind of company)."""
    lists = doc.lexicon.names
    return (
        len(words) >= 2
        and name[-1] in lists.org_last_characters
        and not name.endswith("公司")
        and not name.endswith(lists.not_organisation_endings + lists.kinds_of_body)
        and all(
            w.pos in _NOUN_POS or _joins_a_body(words, i, doc) or (i == 0 and w.text in lists.place_levels)
            for i, w in enumerate(words)
        )
    )


def _cuts_a_name(doc, end: int) -> bool:
    """Whether `end` falls inside a word of the clause (one the segmenter's HMM found: 萧泽颐) that goes on with
    more than a character that follows names (朱琦已: 已 is no part of the name)."""
    word = doc.word_at(end - 1)
    return word is not None and word.end > end and doc.text[end] not in doc.lexicon.names.after_name_characters


@NORMALIZERS.add("person_model")
def person_model(m: regex.Match, doc: DocContext) -> Value | None:
    """A person the names model found, unless the words are no one's name (冯警官, 江南春, 萧泽 of 萧泽颐).

    Two to four Chinese characters, five or six of a transliteration (贝尔巴托夫), or a transliteration with
    `·` or `-`; whole words, not a place, a title or a word the dictionary has for something else. Its
    gazetteer form where it has one. Names in Latin letters are the rules' (the model, trained on Chinese,
    guesses at English text).
    """
    name = m.group()
    long_transliteration = 5 <= len(name) <= 6 and doc.lexicon.names.transliteration_characters.issuperset(name)
    if (
        not (_MODEL_PERSON.fullmatch(name) or long_transliteration)
        or not_a_person(name, doc, m.end())
        or (_model_words(m, doc) is None)
    ):
        return None
    if _cuts_a_name(doc, m.end()):
        return None  # 萧泽 of 萧泽颐
    if ordinary_word(name, doc):
        return None  # 江南春 (a place), 红包: the dictionary's word
    known = doc.names.known("person", name)
    return Value(known.name if known else name)
