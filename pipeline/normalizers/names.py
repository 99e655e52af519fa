"""Names: organisations, products and people.

`gazetteer` maps an alias to its canonical entry. `org_suffix` finds where a
name that ends in an organisation word (公司, 银行, 研究院 …) begins: going back
from the suffix word by word, it keeps words that can be part of a name and
stops at verbs, function words, numbers and punctuation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..datatypes import Token, Value
from .base import NormalizerTable

if TYPE_CHECKING:
    from ..stages.document import DocContext

NORMALIZERS = NormalizerTable()

MAX_NAME_WORDS = 4
MAX_NAME_CHARS = 12
# A company's registered name (山东泗滨砭石开发有限公司) is longer, and has its trade in it, verbs included.
MAX_REGISTERED_NAME_WORDS = 6
MAX_REGISTERED_NAME_CHARS = 18
_TRADE_POS = frozenset({"v", "vn", "a"})  # 开发, 投资, 幸福 in a registered name
_HAN_CHAR = regex.compile(r"\p{Han}")
_NAME_WORD = regex.compile(r"^(?:\p{Han}{2,}|[A-Za-z][A-Za-z&·]*)$")  # single characters are function words


# A stock code written right after a name: 騰訊控股(00700.HK), 贵州茅台（600519）, 台積電(2330.TW).
_WRITTEN_CODE = regex.compile(
    r"\s?[(（]\s?(?:(?P<market>SH|SZ|HK|BJ)\s?)?(?P<digits>\d{4,6})(?:\s?\.\s?(?P<suffix>HK|SH|SZ|SS|BJ|TWO|TW))?\s?[)）]"
)
_NUMBER_CHARACTERS = frozenset("0123456789零〇一二两三四五六七八九十百千万亿")
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


def _code(doc: DocContext, end: int, known) -> str:
    """An organisation's stock code: written right after its name at `end`, else its gazetteer entry's."""
    return written_code(doc, end) or (doc.names.code(known) if known else "")


@NORMALIZERS.add("gazetteer")
def gazetteer(m: regex.Match, doc: DocContext) -> Value | None:
    """A gazetteer's name: its canonical form, a product's owner, a listed company's stock code."""
    entry = m.re.lookup(m.group(0))
    if entry is None:
        return None
    start = m.start()
    if m.re.region:
        start = _in_its_region(doc, m, m.re.region)
        if start is None:
            return None
    size = m.end() - m.start()
    if size < m.re.guarded_below or size == 2:
        starts, ends = _starts_word(doc, m.start()), _ends_word(doc, m.end())
        if size < m.re.guarded_below and (
            doc.text[m.start() - 1 : m.start()] in _NUMBER_CHARACTERS or not (starts and ends)
        ):
            return None  # a short name inside other words (胜一 in 胜一场) or after a number (30万在香港)
        if size == 2 and not starts and not ends:
            return None  # two characters across two words, in any list (明报 in 王大明/报道)
    if size <= 3 and entry.type != "person" and _in_ordinary_word(doc, m.start(), m.end()):
        return None  # 光大 in 发扬光大, 全国电 in 全国/电话; not 李家超 in 李家/超出 (the HMM glues names)
    if size <= 3 and entry.type == "org" and _after_a_level(doc, m.start()):
        return None  # 市科协, 省妇联: a local body, not the national one the short name is alone
    return Value(entry.name, owner=entry.owner, code=_code(doc, m.end(), entry), start=start - m.start())


def _in_its_region(doc, m, region: str) -> int | None:
    """Where a name of a region's list starts, or None where it names nothing: in the region's articles, the
    name, unless another place comes right before it (内地海关, 首尔高等法院); elsewhere, the name that begins
    with its region's place (香港海关), the name and that place right before it (香港特区终审法院), or the name
    in a sentence that names the region (在香港特区设立终审法院)."""
    text, markers = doc.text, doc.lexicon.place_markers.get(region, ())
    if doc.region == region:
        return None if _after_a_place(doc, m.start()) else m.start()
    if m.group().startswith(markers):
        return m.start()
    start = m.start()
    while True:  # 香港 + 特区 + 终审法院
        before = next((w for w in markers if text.endswith(w, 0, start)), None)
        if before is None:
            break
        start -= len(before)
    if start == m.start():  # no place of the region right before: a sentence that names the region will do
        named = _sentence_names(doc, start, doc.lexicon.names.region_names.get(region, ()))
        return start if named and not _after_a_place(doc, start) else None
    if _after_a_place(doc, start):
        return None
    sentence = doc.sentence_at(start)
    before = doc.word_at(start - 1) if sentence is not None and start > sentence.start else None
    if before is not None and (before.end > start or before.pos in PLACE_POS):
        return None  # 澳门特区 + 终审法院, 澳门 + 特区终审法院: another region's
    return start


def _sentence_names(doc, offset: int, names: tuple[str, ...]) -> bool:
    """Whether the sentence at `offset` has one of `names` in it."""
    sentence = doc.sentence_at(offset)
    return sentence is not None and any(name in doc.text[sentence.start : sentence.end] for name in names)


def _after_a_level(doc, start: int) -> bool:
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


def _after_a_place(doc, start: int) -> bool:
    """Whether the text before `start` ends in a place (CC-CEDICT's) or a word for China (内地, 中国)."""
    lists, text = doc.lexicon.names, doc.text
    return any(
        text[start - size : start] in lists.places or text[start - size : start] in lists.home_countries
        for size in (2, 3, 4)
        if start >= size
    )


def _in_ordinary_word(doc, start: int, end: int) -> bool:
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


def _is_proper(token, doc) -> bool:
    """A name-like word: tagged as a name, Latin letters, or unknown to the dictionary (found by HMM)."""
    lists = doc.lexicon.names
    if token.text.isascii():
        return token.text not in lists.generic_latin
    if token.pos in PROPER_POS or token.text in lists.national_words or doc.names.known("org", token.text):
        return True
    # A word only the HMM found is a likely name, unless it is glued from function characters (地向, 这是).
    # (Its tags are no help: it tags 同盾 and 淘天 as classifiers, 西九 as a time.)
    return not doc.segmenter.has_word(token.text) and not lists.function_characters.intersection(token.text)


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
    clause_words = doc.words_around(sentence, suffix_start)
    at = clause_words.index_at(suffix_start)
    straddling = clause_words[at] if at is not None and clause_words.starts[at] < suffix_start else None
    lists = doc.lexicon.names
    if (
        straddling
        and not _is_proper(straddling, doc)
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
        if word.pos not in NAME_POS and not _is_proper(word, doc) and not trade:
            break
        if words and word.pos in PERSON_POS:
            break  # a person before other words is who acts (郑必坚代表中宣部), not part of the name; 李宁公司 is
        words.insert(0, word)
        start = word.start
    named_head = straddling is not None and _names_something(doc.text[straddling.start : suffix_start], doc)
    while (
        words and not ordinary_words_ok and not (_is_proper(words[0], doc) or (words[0] is straddling and named_head))
    ):
        words.pop(0)
    if (
        words
        and straddling is not None
        and not named_head
        and not _is_proper(straddling, doc)
        and all(w.pos in PLACE_POS or w.text in lists.national_words for w in words[:-1])
    ):
        return None  # a place and a generic head (中国母公司, 亚利桑那子公司): no name of its own
    return words or None


def _names_something(text: str, doc) -> bool:
    """Whether `text`, alone, is one name-like word (广州 of the one word 广州日报)."""
    tagged = doc.segmenter.tag(text)
    return len(tagged) == 1 and (tagged[0][1] in PROPER_POS or not doc.segmenter.has_word(text))


def _starts_word(doc, offset: int) -> bool:
    """True when a word starts at `offset` (the character before ends a word or is not Chinese)."""
    sentence = doc.sentence_at(offset)
    if sentence is None or offset <= sentence.start or not _HAN_CHAR.match(doc.text[offset - 1]):
        return True
    return doc.words_around(sentence, offset).starting_at(offset) is not None


def _ends_word(doc, offset: int) -> bool:
    """True when a word ends at `offset` (the next character starts a new word or is not Chinese)."""
    sentence = doc.sentence_at(offset - 1)
    if sentence is None or offset >= sentence.end or not _HAN_CHAR.match(doc.text[offset]):
        return True
    return doc.words_around(sentence, offset - 1).ending_at(offset) is not None


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
    if whole_word and (len(name) < 3 or not _ends_word(doc, m.end())):
        return None
    if not whole_word and _ends_inside_a_word(doc, m.end()):
        return None  # 中国银行|业, 全国政协会|议: the organisation word is part of a longer word
    if (
        not place_is_enough
        and not ordinary_words_ok
        and all(w.pos in PLACE_POS or w.text in lists.national_words or not _is_proper(w, doc) for w in words)
    ):
        return None  # 中国智能, 广东汽车: a place and a business word name no company
    if (
        suffix in lists.kinds_after_a_place
        and len(words) == 1
        and words[0].end == suffix_start
        and (_names_a_place(words[0], doc))
    ):
        return None  # 澳洲酒店, 中国酒店: hotels there, not one
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
        return Value(known.name, code=_code(doc, m.end(), known), start=start - m.start())
    start = _partner_before_a_dash(doc, start)
    return Value(doc.text[start : m.end()], code=_code(doc, m.end(), None), start=start - m.start())


def _sending_country(doc, host_start: int) -> int:
    """Where an embassy's name starts: at the country that sends it, written before 驻 and the host
    (中国驻缅甸大使馆: 缅甸大使馆 alone would be Myanmar's), or at the host."""
    if host_start < 2 or doc.text[host_start - 1] != "驻":
        return host_start
    sender = _place_ending_at(doc, host_start - 1)
    return sender.start if sender else host_start


_DASHES = "—–-－"
_PARTNER_POS = PLACE_POS | {"j", "nt"}  # 东盟 (j) of 中国—东盟经贸联委会


def _partner_before_a_dash(doc, start: int) -> int:
    """Where a name of two partners joined by a dash starts (圭亚那—中国友好协会, 中国—东盟经贸联委会): at the
    place before the dash, when the name starts with a place or a body too; else at `start`."""
    first = doc.word_at(start)
    if (
        start < 2
        or doc.text[start - 1] not in _DASHES
        or first is None
        or first.start != start
        or not (_names_a_place(first, doc, _PARTNER_POS))
    ):
        return start
    partner = _place_ending_at(doc, start - 1, _PARTNER_POS)
    return partner.start if partner else start


def _names_a_place(word, doc, tags=PLACE_POS) -> bool:
    """Whether a word is a place: the segmenter tags it one (or one of `tags`), or places.txt has it."""
    return word.pos in tags or word.text in doc.lexicon.names.places


def _place_ending_at(doc, end: int, tags=PLACE_POS) -> Token | None:
    """The word that ends at `end`, when it is a place (`_names_a_place`); else None."""
    word = doc.word_at(end - 1) if end > 0 else None
    return word if word is not None and word.end == end and _names_a_place(word, doc, tags) else None


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


@NORMALIZERS.add("org_national_body", required={"body"})
def org_national_body(m: regex.Match, doc: DocContext) -> Value | None:
    """A body every country has after a place that is not China (韩国央行, 美国国务院): the place belongs to the
    name, whose value is the gazetteer's where it knows the whole (日本央行), else the name as written."""
    body = m.start("body")
    sentence = doc.sentence_at(body)
    if sentence is None or body <= sentence.start:
        return None
    words = doc.words_around(sentence, body - 1)
    at = words.index_at(body - 1)
    if at is None:
        return None
    word = words[at]
    if word.end == body:
        place_start, place_is_word = word.start, word.pos in PLACE_POS
    elif word.end == m.end("body") and word.pos == "nt":
        place_start, place_is_word = word.start, False  # 美国国务院 is one word of the dictionary
    else:
        return None
    place, lists = doc.text[place_start:body], doc.lexicon.names
    if place in lists.home_countries or place in lists.stop_words or not (place_is_word or place in lists.places):
        return None  # China's own (中国央行), or no place (外国政府)
    return _org_with_place(doc, m, place_start, m.end("body"))


@NORMALIZERS.add("org_local_body", required={"body"})
def org_local_body(m: regex.Match, doc: DocContext) -> Value | None:
    """A local government's body after its place (深圳市 + 发改委): the place is the whole words before the
    body, each a place (as the segmenter tags it, or in places.txt, with or without its level) or a level."""
    body = m.start("body")
    sentence = doc.sentence_at(body)
    if sentence is None or body <= sentence.start:
        return None
    words, lists = doc.words_around(sentence, body - 1), doc.lexicon.names
    at = words.index_at(body - 1)
    if at is None:
        return None
    if (
        words[at].end == m.end("body")
        and words[at].pos == "nt"
        and _is_a_place(doc.text[words[at].start : body], lists)
    ):
        return _org_with_place(doc, m, words[at].start, m.end("body"))  # 河南省纪委 is one word of the dictionary
    if words[at].end != body:
        return None
    start = body
    for i in range(at, max(at - 3, -1), -1):
        word = words[i]
        if word.text in lists.stop_words or not (word.pos in PLACE_POS or _is_a_place(word.text, lists)):
            break  # 外国 (tagged as a place) is none
        start = word.start
    if start == body or doc.text[start:body] in lists.place_levels:
        return None  # no place, or a level alone (市发改委: org.local_government's)
    return _org_with_place(doc, m, start, m.end("body"))


def _is_a_place(text: str, lists) -> bool:
    """A level (省), or a place of places.txt with or without its level (河南, 河南省)."""
    level = next((level for level in lists.place_levels if text.endswith(level)), "")
    return text == level or text[: len(text) - len(level)] in lists.places


def _org_with_place(doc, m, start: int, end: int) -> Value:
    """A body with the place before it, start:end: a gazetteer's canonical name, else the span as written."""
    name = doc.text[start:end]
    known = doc.names.known("org", name)
    return Value(
        known.name if known else name, code=_code(doc, end, known), start=start - m.start(), end=end - m.start()
    )


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
    if _after_a_level(doc, start):
        return None  # 市科协副主席: a local body, which org.local_government names with its level
    known = doc.names.known("org", name) or doc.names.known("product", name)
    if known and known.type == "product":
        return None
    return Value(
        known.name if known else name, code=_code(doc, cue, known), start=start - m.start(), end=cue - m.start()
    )


@NORMALIZERS.add("org_cited_source", required={"name"})
def org_cited_source(m: regex.Match, doc: DocContext) -> Value | None:
    """A data provider after 据 (据天眼查统计): the span as written, which the segmenter may split (天眼/查), unless
    it is an ordinary word (不完全, 相关), starts with a function character (该公司), or is two ordinary words (国内媒体)."""
    name = m.group("name")
    lists = doc.lexicon.names
    known = doc.names.known("org", name)
    if not _ends_word(doc, m.end("name")):
        return None  # 据处理系/统计: the cue's first character belongs to the name's last word
    if known is None:
        if (
            name in lists.generic_latin
            or name in lists.stop_words
            or _ordinary_word(name, doc)
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
        code=_code(doc, m.end("name"), known),
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
    known = doc.names.known("org", surface)
    return Value(known.name if known else surface, start=m.start("name") - m.start(), end=m.end("name") - m.start())


# Parts of speech a given name can be mistaken for after a title (蔡 + 力行 "to practise"): a verb or
# function word there ends the name instead.
NOT_GIVEN_NAME_POS = ("v", "p", "c", "u", "d", "r", "m", "q", "f", "t", "y", "e", "o", "x")
# A surname tagged as one of these is first a preposition, conjunction or particle (向, 和, 于); 何, 张, 任
# are tagged as pronoun, classifier or verb but are common surnames, so those tags do not count.
NOT_SURNAME_POS = ("p", "c", "u")


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
        and not (_is_proper(before, doc) or _is_proper(after, doc))
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
            None if _in_ordinary_word(doc, m.start(), m.end()) else Value(known.name, code=_code(doc, m.end(), known))
        )
    words = _model_words(m, doc)
    if words is None or not _name_in_dictionary_words(words, doc):
        return None
    if len(words) == 1 and doc.segmenter.has_word(name) and words[0].pos not in _ORG_WORD_POS:
        return None  # 交易所, 中小学: the dictionary's word for a kind of body
    # A name-like word, or a word tagged nz before the last (金泰集团); not ordinary words alone (利益集团, 公安机关)
    named = [w for i, w in enumerate(words) if _is_proper(w, doc) or (w.pos == "nz" and i < len(words) - 1)]
    if not named:
        if _named_by_nouns(words, name, doc):
            return Value(name, code=_code(doc, m.end(), None))
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
    start = _partner_before_a_dash(doc, m.start())
    return Value(doc.text[start : m.end()], code=_code(doc, m.end(), None), start=start - m.start())


def _in_a_match_report(doc, offset: int) -> bool:
    """Whether the sentence at `offset` reports a game (主场, 客场, 联赛, 击败): one of lexicon sports_cues."""
    return _sentence_names(doc, offset, doc.lexicon.names.sports_cues)


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
        or _not_a_person(name, doc)
        or (_model_words(m, doc) is None)
    ):
        return None
    if _cuts_a_name(doc, m.end()):
        return None  # 萧泽 of 萧泽颐
    if _ordinary_word(name, doc):
        return None  # 江南春 (a place), 红包: the dictionary's word
    known = doc.names.known("person", name)
    return Value(known.name if known else name)


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
    return words, words.starting_at(start)


def _not_a_person(name: str, doc) -> bool:
    """A title (王局长), a place, a word that is no name, or a known organisation or product."""
    lists = doc.lexicon.names
    return (
        name.endswith(lists.not_person_endings)
        or name in lists.places
        or name in lists.not_people
        or doc.names.known("org", name) is not None
        or doc.names.known("product", name) is not None
    )


def _person(m, doc, *, after_title: bool):
    start = m.start("name")
    words, first = _words_from_name(m, doc)
    if first is None:
        return None
    if first.pos.startswith("nr") and 2 <= len(first.text) <= 3:
        end = first.end
        if len(first.text) == 3 and _glued_to_what_follows(doc, first.end - 1):
            end -= 1  # the HMM took what follows the name: 冀岩/上月, 朱琦/已
    elif len(first.text) == 1 and not first.pos.startswith(NOT_SURNAME_POS):  # 向 is "towards" first
        given = words.starting_at(first.end)
        if given is None or not 1 <= len(given.text) <= 2:
            return None
        common = doc.segmenter.has_word(given.text) and not given.pos.startswith("nr")
        if (
            common
            and (not after_title or given.pos.startswith(NOT_GIVEN_NAME_POS))
            and not (doc.lexicon.names.looks_like_given_name(given.text))
        ):
            return None  # an ordinary word (曲 + 局长); one shaped like a given name (曹 + 鹏飞) stays
        end = given.end
    else:
        return None
    end = min(end, m.end("name"))
    name = doc.text[start:end]
    if len(name) < 2 or _not_a_person(name, doc):
        return None
    return Value(name, start=start - m.start(), end=end - m.start())


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
    if _ordinary_word(name, doc):
        return None  # 强调, 官邸, 任期: an ordinary word after the title
    if lists.function_characters.intersection(name[1:]) or _not_a_person(name, doc):
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
    if _not_a_person(name, doc):
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


@NORMALIZERS.add("person_dotted", required={"name"})
def person_dotted(m: regex.Match, doc: DocContext) -> Value | None:
    """A transliterated name with `·` (汤姆·汉克斯); its gazetteer form where it has one, never a known org or product."""
    name = m.group("name")
    parts = name.split("·")
    if any(doc.names.known(kind, part) or doc.names.known(kind, name) for kind in ("org", "product") for part in parts):
        return None  # 中国·深圳: places and names of organisations joined by a dot
    if any(part in doc.lexicon.names.national_words or len(part) >= 2 and _ordinary_word(part, doc) for part in parts):
        return None
    known = doc.names.known("person", name)
    return Value(known.name if known else name, start=m.start("name") - m.start(), end=m.end("name") - m.start())


# Tags jieba gives a Chinese person's name (nrt is a transliterated one: 拜登, 阿森纳 alike).
PERSON_POS = ("nr", "nrfg")


def _common_word_at(doc, start: int) -> bool:
    """Whether the surname character at `start` is part of an ordinary word, seen without segmenting the
    clause: it ends a word with the character before (共和, 保安), or the two characters from it are a
    dictionary word that is no person's name and no longer one starts there (和平, 方面, 高速)."""
    segmenter, text = doc.segmenter, doc.text
    if start and segmenter.has_word(text[start - 1 : start + 1]):
        return True
    if segmenter.has_word(text[start : start + 3]):
        return False
    return _ordinary_word(text[start : start + 2], doc)


def _ordinary_word(text: str, doc) -> bool:
    """A word of the dictionary that, tagged alone, is no person's name (和平, 强调; not 江泽民)."""
    return doc.segmenter.has_word(text) and not doc.segmenter.tag(text)[0][1].startswith("nr")


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
    name, surname = doc.text[start:end], m.end("name") - start  # 黄玫 of 黄玫指，
    if len(name) - surname not in (1, 2):
        return None
    if doc.segmenter.has_word(name) and (len(name) == 2 or doc.segmenter.has_word(name[:2])):
        return None  # the dictionary's own word: 黄金周 and 白金卡 are tagged nr, but start with a word (黄金)
    lists = doc.lexicon.names
    if lists.function_characters.intersection(name[surname:]):
        return None  # glued by the HMM from a surname and function words: 何时能, 金卡为
    if _not_a_person(name, doc):
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


@NORMALIZERS.add("product_model", required={"family"})
def product_model(m: regex.Match, doc: DocContext) -> Value | None:
    """`GLM-4-Flash`: a model family with a version; its owner is the family's owner."""
    family = doc.names.known("product", m.group("family")) or doc.names.known("org", m.group("family"))
    owner = "" if family is None else (family.owner or family.name)
    return Value(m.group(0), owner=owner)


def _owner_before(doc, position: int) -> str:
    """The organisation named last before `position` in its clause (商汤发布SenseNova V6 -> 商汤), as the gazetteer
    names it; empty if none."""
    sentence = doc.sentence_at(max(position - 1, 0))
    if sentence is None or position <= sentence.start:
        return ""
    words = doc.words_around(sentence, position - 1)
    i = words.index_at(position - 1)
    while i is not None and i >= 0:
        known = doc.names.known("org", words.texts[i])
        if known is not None:
            return known.name
        i -= 1
    return ""


@NORMALIZERS.add("product_launched", required={"name"})
def product_launched(m: regex.Match, doc: DocContext) -> Value | None:
    """A product named where it is launched or quoted (发布SenseNova V6大模型, 名为“问小袋”的AI助手): its gazetteer value
    where known; its owner the brand it starts with (腾讯Hunyuan) or the organisation before it in its clause."""
    start, end = m.span("name")
    name = doc.text[start:end]
    lists = doc.lexicon.names
    brand = regex.match(r"\p{Han}+", name)
    owner = ""
    if brand and brand.end() < len(name) and name[brand.end()].isascii():  # 腾讯Hunyuan: a known brand or nothing
        known_brand = doc.names.known("org", brand.group()) or doc.names.known("product", brand.group())
        if known_brand is None:
            start, name = start + brand.end(), name[brand.end() :]
        elif name[brand.end() :].strip() in lists.generic_latin:
            return None  # 通义千问App: the known name alone is the mention
        else:
            owner = known_brand.owner or known_brand.name
    if name.isascii():
        if name in lists.generic_latin or doc.names.known("org", name) is not None:
            return None  # 推出AI功能, 发布App: no name; 推出OpenAI: an organisation
    elif _ordinary_word(name, doc) or name in lists.stop_words:
        return None  # “好消息”: an ordinary word in quotes
    known = doc.names.known("product", name)
    if known is not None:
        return Value(known.name, owner=known.owner, start=start - m.start(), end=end - m.start())
    if not owner:
        owner = _owner_before(doc, m.start())
    return Value(name, owner=owner, start=start - m.start(), end=end - m.start())
