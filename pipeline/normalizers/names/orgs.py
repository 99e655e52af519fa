"""Organisations found by rules: a name before an organisation word (公司, 银行, 研究院 …), going back from the
suffix word by word while the words can be part of a name; names before a cue (董事长, 旗下) or after 据; names
beside their parenthesised alias. Bodies after their place are org_places.py's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Value
from ..base import NormalizerTable
from .words import (
    NAME_POS,
    PERSON_POS,
    PLACE_POS,
    PROPER_POS,
    after_a_level,
    ends_word,
    is_proper,
    names_a_place,
    ordinary_word,
    partner_before_a_dash,
    place_ending_at,
    stock_code,
)

if TYPE_CHECKING:
    from ...stages.document import DocContext

NORMALIZERS = NormalizerTable()

MAX_NAME_WORDS = 4
MAX_NAME_CHARS = 12
# A company's registered name (山东泗滨砭石开发有限公司) is longer, and has its trade in it, verbs included.
MAX_REGISTERED_NAME_WORDS = 6
MAX_REGISTERED_NAME_CHARS = 18
_TRADE_POS = frozenset({"v", "vn", "a"})  # 开发, 投资, 幸福 in a registered name
_NAME_WORD = regex.compile(r"^(?:\p{Han}{2,}|[A-Za-z][A-Za-z&·]*)$")  # single characters are function words
_LATIN_NAME_AFTER = regex.compile(r"\s?[A-Z][A-Za-z]*[a-z]")  # 美妆公司Ulta Beauty: a kind, then its name


def _name_words(
    doc, suffix_start: int, head_end: int = -1, ordinary_words_ok: bool = False, registered: bool = False
) -> list | None:
    """The words of the name before `suffix_start`, going back word by word; None if it is no name.

    Words of a name are nouns or name-like words; a verb, function word,
    number or punctuation ends it, and generic nouns before its first
    name-like word are not part of it (平台同盾科技 -> 同盾科技). A name needs a
    name-like word (a place, a person, an organisation, or a word the
    dictionary does not know), so 民间资本 and 债券基金 are not names.
    Before a legal form (`registered`), the trade's verbs and adjectives are words of the name too.
    """
    sentence = doc.sentence_at(suffix_start)
    if sentence is None:
        return None
    clause_words = doc.words_around(sentence, max(suffix_start - 1, sentence.start))  # a quote's ( starts a clause
    at = clause_words.index_at(suffix_start)
    straddling = clause_words[at] if at is not None and clause_words.starts[at] < suffix_start else None
    lists = doc.lexicon.names
    if (
        straddling
        and not is_proper(straddling, doc)
        and not (straddling.end == head_end and head_end - suffix_start >= 2)
    ):
        # the suffix is the tail of an ordinary word (西部, 格局, 全部), unless the word is a generic noun and
        # the whole organisation word (行业协会, 运输公司): the head of a longer name
        return None
    words = [straddling] if straddling else []
    start = straddling.start if straddling else suffix_start
    max_words, max_chars = (
        (MAX_REGISTERED_NAME_WORDS, MAX_REGISTERED_NAME_CHARS) if registered else (MAX_NAME_WORDS, MAX_NAME_CHARS)
    )
    for i in range(len(clause_words) - 1 if at is None else at - 1, -1, -1):
        word = clause_words[i]
        if word.end != start or len(words) >= max_words or suffix_start - word.start > max_chars:
            break
        trade = registered and word.pos in _TRADE_POS
        if not _NAME_WORD.match(word.text) or (
            word.text in lists.stop_words and not (trade and all(w.pos in _TRADE_POS for w in words))
        ):
            break  # a trade's verb right before the legal form is the name's (投资开发有限公司), not one before a place
        if word.pos not in NAME_POS and not is_proper(word, doc) and not trade:
            break
        if words and word.pos in PERSON_POS and not registered:
            break  # a person before other words is who acts (郑必坚代表中宣部), not part of the name; 李宁公司 is,
            # and so is a registered name's word the segmenter takes for a person's (深圳小鹿充电科技有限公司)
        words.insert(0, word)
        start = word.start
    named_head = straddling is not None and _names_something(doc.text[straddling.start : suffix_start], doc)
    while words and not ordinary_words_ok and not (is_proper(words[0], doc) or (words[0] is straddling and named_head)):
        words.pop(0)
    if (
        words
        and straddling is not None
        and not named_head
        and not is_proper(straddling, doc)
        and all(w.pos in PLACE_POS or w.text in lists.national_words for w in words[:-1])
    ):
        return None  # a place and a generic head (中国母公司, 亚利桑那子公司): no name of its own
    return words or None


def _names_something(text: str, doc) -> bool:
    """Whether `text`, alone, is one name-like word (广州 of the one word 广州日报)."""
    tagged = doc.segmenter.tag(text)
    return len(tagged) == 1 and (tagged[0][1] in PROPER_POS or not doc.segmenter.has_word(text))


def _ends_inside_a_word(doc, offset: int) -> bool:
    """Whether a dictionary word of the clause goes on across `offset` by less than a word of its own
    (银行|业, 新闻网|站; not 协会|主席, 医院|院长, the dictionary's compounds of a body and a title)."""
    word = doc.word_at(offset - 1)
    if word is None or word.end <= offset or not doc.segmenter.has_word(word.text):
        return False
    rest = doc.text[offset : word.end]
    return len(rest) < 2 or not doc.segmenter.has_word(rest)


def _suffixed_name(
    m, doc, *, whole_word: bool, place_is_enough: bool, head_word_ok: bool = False, ordinary_words_ok: bool = False
):
    suffix_start, lists = m.start("suffix"), doc.lexicon.names
    suffix = doc.text[suffix_start : m.end()]
    words = _name_words(
        doc,
        suffix_start,
        m.end("suffix") if head_word_ok else -1,
        ordinary_words_ok,
        registered=suffix in lists.legal_forms,
    )
    if not words:
        return None
    start = words[0].start
    if suffix in lists.mission_words:
        start = _sending_country(doc, start)
    name = doc.text[start : m.end()]
    base = doc.text[start:suffix_start]
    if len(base) < 2 or name in lists.not_names or base in lists.not_names or base in lists.stop_words:
        return None
    if doc.names.known("product", name):
        return None  # 英雄联盟: a game the gazetteer knows, not a league
    if whole_word and (len(name) < 3 or not ends_word(doc, m.end())):
        return None
    if doc.text.startswith(tuple(e for e in lists.not_company_endings if len(e) >= 2), m.end()):
        return None  # 万得美国TAMAMA科技指数, 广州市资本市场: an index's or a market's name (not 基金|指出)
    if not whole_word and _ends_inside_a_word(doc, m.end()):
        return None  # 中国银行|业, 全国政协会|议: the organisation word is part of a longer word
    if (
        not place_is_enough
        and not ordinary_words_ok
        and all(w.pos in PLACE_POS or w.text in lists.national_words or not is_proper(w, doc) for w in words)
    ):
        return None  # 中国智能, 广东汽车: a place and a business word name no company
    if (
        suffix not in lists.legal_forms
        and _LATIN_NAME_AFTER.match(doc.text, m.end())
        and not doc.names.known("org", name)
    ):
        return None  # 美妆公司Ulta Beauty: a kind of company before its name (org.latin_after_kind)
    if (
        suffix in lists.kinds_after_a_place
        and len(words) == 1
        and words[0].end == suffix_start
        and (names_a_place(words[0], doc))
    ):
        return None  # 澳洲酒店, 中国酒店: hotels there, not one
    if any(w.text in lists.product_descriptors for w in words):
        return None  # 谷歌新款智能(手表): a product's kind, not a company
    if any(w.text in lists.plural_determiners for w in words):
        return None  # 四大国有银行, 美国各大杂志: many bodies of a kind, no name (SCHEMA: 多家央行)
    if base.endswith(lists.category_endings):
        return None  # 偏股型基金, 纯债型基金: a kind of fund, not one
    known = doc.names.known("org", name)
    own_body = suffix in lists.institution_words and base[-1] not in lists.org_last_characters
    if not known and not own_body and (doc.names.known("org", base) or doc.names.known("product", base)):
        return None  # `腾讯公司`, `字节跳动资本`: the gazetteer's shorter name is the mention; 哈佛大学 is not 哈佛
    last = words[-1]
    if (
        not known
        and len(words) > 1
        and last.end == m.end()
        and doc.names.known("org", last.text)
        and not all(w.pos in PLACE_POS or w.text in lists.national_words for w in words[:-1])
    ):
        return None  # 拖慢廉署: the known name (廉署) is the mention; only a place before it belongs (美国农业部)
    if known:
        return Value(known.name, code=stock_code(doc, m.end(), known), start=start - m.start())
    start = partner_before_a_dash(doc, start)
    return Value(doc.text[start : m.end()], code=stock_code(doc, m.end(), None), start=start - m.start())


def _sending_country(doc, host_start: int) -> int:
    """Where an embassy's name starts: at the country that sends it, written before 驻 and the host
    (中国驻缅甸大使馆: 缅甸大使馆 alone would be Myanmar's), or at the host."""
    if host_start < 2 or doc.text[host_start - 1] != "驻":
        return host_start
    sender = place_ending_at(doc, host_start - 1)
    return sender.start if sender else host_start


@NORMALIZERS.add("org_suffix", required={"suffix"})
def org_suffix(m: regex.Match, doc: DocContext) -> Value | None:
    """A name ending in an organisation word (公司, 银行, 研究院, 委员会), which may end a generic noun (行业协会)."""
    return _suffixed_name(m, doc, whole_word=False, place_is_enough=True, head_word_ok=True)


@NORMALIZERS.add("org_suffix_business", required={"suffix"})
def org_suffix_business(m: regex.Match, doc: DocContext) -> Value | None:
    """A company named by a trade (科技, 智能, 汽车): a whole word, with a name that is not just a place."""
    return _suffixed_name(m, doc, whole_word=True, place_is_enough=False)


@NORMALIZERS.add("org_suffix_before_cue", required={"suffix"})
def org_suffix_before_cue(m: regex.Match, doc: DocContext) -> Value | None:
    """A company named by a trade before a word only organisations take (润泽地产总经理): its other words may be
    ordinary ones, since the cue says it is a name; still whole words, and no stop word (该地产总经理)."""
    return _suffixed_name(m, doc, whole_word=True, place_is_enough=True, ordinary_words_ok=True)


@NORMALIZERS.add("org_suffix_government", required={"suffix"})
def org_suffix_government(m: regex.Match, doc: DocContext) -> Value | None:
    """A government body (部, 局, 署): a whole word; a place before it is enough (美国农业部)."""
    return _suffixed_name(m, doc, whole_word=True, place_is_enough=True)


_COUNTRY_ENDINGS = ("国", "国家")  # a state before 主席 (中国国家主席) is no organisation here


@NORMALIZERS.add("org_before_cue", required={"cue"})
def org_before_cue(m: regex.Match, doc: DocContext) -> Value | None:
    """The name right before a word that only follows an organisation (董事长, 旗下, 股价, 数据显示): its words
    back to a verb or function word, with a name-like word among them, and not a person's name alone."""
    cue = m.start("cue")
    words = _name_words(doc, cue)
    if not words or (len(words) == 1 and words[0].pos.startswith("nr")):  # 雷军旗下, 巴菲特旗下
        return None
    if words[-1].pos in PERSON_POS:
        return None  # 中央军委江泽民主席: the person holds the title; the body before is a name of its own
    start = words[0].start
    name = doc.text[start:cue]
    lists = doc.lexicon.names
    if (
        len(name) < 2
        or name in lists.not_names
        or name in lists.stop_words
        or name in lists.national_words
        or name.endswith(lists.not_person_endings)
        or name.endswith(_COUNTRY_ENDINGS)
    ):
        return None  # 美国总统发言人, 中国国家主席: an office or a state, not an organisation
    if all(w.pos in PLACE_POS for w in words):
        return None  # 美国总统, 北京旗下: a place
    if after_a_level(doc, start):
        return None  # 市科协副主席: a local body, which org.local_government names with its level
    known = doc.names.known("org", name) or doc.names.known("product", name)
    if known and known.type == "product":
        return None
    return Value(
        known.name if known else name, code=stock_code(doc, cue, known), start=start - m.start(), end=cue - m.start()
    )


@NORMALIZERS.add("org_cited_source", required={"name"})
def org_cited_source(m: regex.Match, doc: DocContext) -> Value | None:
    """A data provider after 据 (据天眼查统计): the span as written, which the segmenter may split (天眼/查), unless
    it is an ordinary word (不完全, 相关), starts with a function character (该公司), or is two ordinary words (国内媒体)."""
    name = m.group("name")
    lists = doc.lexicon.names
    known = doc.names.known("org", name)
    if not ends_word(doc, m.end("name")):
        return None  # 据处理系/统计: the cue's first character belongs to the name's last word
    if known is None:
        if (
            name in lists.generic_latin
            or name in lists.stop_words
            or ordinary_word(name, doc)
            or (name[0] in lists.function_characters or name.startswith("不") or name.endswith("榜"))
        ):
            return None  # (国游畅销榜统计: a chart, not who made it)
        words = doc.segmenter.tag(name)
        if (
            sum(len(word) >= 2 and doc.segmenter.has_word(word) and not tag.startswith("nr") for word, tag in words)
            >= 2
        ):
            return None  # 国内媒体, 市场机构: ordinary words, no name
    return Value(
        known.name if known else name,
        code=stock_code(doc, m.end("name"), known),
        start=m.start("name") - m.start(),
        end=m.end("name") - m.start(),
    )


def _name_before_parenthesis(doc, paren: int) -> tuple[int, str] | None:
    """`凯捷(Capgemini)`: the Chinese word right before the parenthesis, if it looks like a name."""
    sentence = doc.sentence_at(paren - 1)
    if sentence is None:
        return None
    word = doc.words_around(sentence, paren - 1).ending_at(paren)
    if word is None:
        return None
    known = doc.names.known("org", word.text)
    if known:
        return word.start, known.name
    # A name the dictionary does not know, of a name's length; a known word (模型, 技术) is a concept.
    if (
        2 <= len(word.text) <= 4
        and word.text not in doc.lexicon.names.stop_words
        and not doc.segmenter.has_word(word.text)
    ):
        return word.start, word.text
    return None


@NORMALIZERS.add("org_latin_alias", required={"name"})
def org_latin_alias(m: regex.Match, doc: DocContext) -> Value | None:
    """An English name in parentheses after a Chinese one (`凯捷(Capgemini)`), valued as the Chinese name."""
    found = _name_before_parenthesis(doc, m.start() - 1)
    return Value(found[1]) if found else None


@NORMALIZERS.add("org_han_alias", required={"paren"})
def org_han_alias(m: regex.Match, doc: DocContext) -> Value | None:
    """The Chinese name right before a parenthesised English one; the match is the parenthesis."""
    found = _name_before_parenthesis(doc, m.start())
    if not found:
        return None
    return Value(found[1], start=found[0] - m.start(), end=0)


@NORMALIZERS.add("org_name", required={"name"})
def org_name(m: regex.Match, doc: DocContext) -> Value | None:
    """A name matched whole by its pattern (English names, parenthesised aliases)."""
    surface = m.group("name").strip()
    head = surface[:-2].strip() if surface.endswith("AI") else surface
    known = doc.names.known("org", surface)
    if any(doc.names.known("product", n) for n in (surface, head)) or (
        known is None and surface != head and doc.names.known("org", head)
    ):
        return None  # Galaxy AI, Wind AI: a product's or a known company's name with AI is a product, not a company
    return Value(known.name if known else surface, start=m.start("name") - m.start(), end=m.end("name") - m.start())
