"""Organisations known by the company they keep: a name listed with 、 among names the gazetteers know
(博通、英伟达、飞思卡尔), or a stock among known ones in a market report's moves (大树云涨43%，嘉楠科技涨13%)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Value
from ..base import NormalizerTable
from .words import PLACE_POS, is_proper, ordinary_word, stock_code

if TYPE_CHECKING:
    from ...stages.document import DocContext

NORMALIZERS = NormalizerTable()


_LIST_SEPARATORS = regex.compile(r"以及|[、和与及]")
_LIST_ENDS = regex.compile(r"等|[\d一二三四五六七八九十两几多]+家")
_CLAUSE_BREAK = regex.compile(r"[，,。；;：:！!？?（(）)“”「」《》\n]")


@NORMALIZERS.add("org_enumerated", required={"name"})
def org_enumerated(m: regex.Match, doc: DocContext) -> Value | None:
    """A name among organisations the gazetteers know, listed with 、 (博通、英伟达、飞思卡尔、Marvell等): the other
    items, at least two and at least half of them, are known organisations; the name is no ordinary word, place,
    product or person. The first item is the words before its 、 that can be a name (巨头|英特尔)."""
    text, start, end = doc.text, m.start("name"), m.end("name")
    sentence = doc.sentence_at(start)
    if sentence is None:
        return None
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, sentence.start, start)]
    left = breaks[-1] if breaks else sentence.start
    after = _CLAUSE_BREAK.search(text, end, sentence.end)
    items = _LIST_SEPARATORS.split(text[left : after.start() if after else sentence.end])
    if len(items) < 3:
        return None
    first, last = items[0], _LIST_ENDS.split(items[-1])[0]
    # A last item that starts with a known name and goes on (中兴通讯这4家公司) counts as that name.
    siblings = items[1:-1] + [last if text[start:end] == last else (_known_start(doc, last) or last)]
    is_first = start - left < len(first) + 1 and not _LIST_SEPARATORS.match(text, start - 1, start)
    if not is_first:
        if text[start:end] not in items[1:-1] + [last]:
            return None  # a part of an item (National of Canadian National)
        siblings = [first] + [s for s in siblings if text[start:end] != s]
    known = sum(1 for s in siblings if _known_item(doc, s))
    if known < 2 or known * 2 < len(siblings):
        return None  # most lists: no segmenting needed to say so
    if is_first:
        start = _first_item_start(doc, start, end)
        if start is None:
            return None
    return _among_known(doc, m, start, end, siblings, share=0.5)


@NORMALIZERS.add("org_stock_move", required={"name"})
def org_stock_move(m: regex.Match, doc: DocContext) -> Value | None:
    """A stock by its company's name in a market report's moves, among known companies (热门中概股多数上涨，大树云涨43%，
    嘉楠科技涨13%，万国数据涨9%): at least two, and a third, of the sentence's other moved names are organisations
    the gazetteers know, so indexes and commodities (道指跌0.2%，焦炭涨1.6%) are none."""
    start, end = m.start("name"), m.end("name")
    sentence = doc.sentence_at(start)
    if sentence is None:
        return None
    # The rule's own pattern finds the sentence's other moved names.
    key = ("moved names", m.re, sentence.start)
    moved = doc.found.get(key)
    if moved is None:
        moved = doc.found[key] = [
            (i.start("name"), i.group("name")) for i in m.re.finditer(doc.text, sentence.start, sentence.end)
        ]
    siblings = [name for at, name in moved if at != start]
    return _among_known(doc, m, start, end, siblings, share=1 / 3, words_ok=_no_phrase_words, known=_company_like)


def _among_known(
    doc, m, start: int, end: int, siblings: list[str], share: float, words_ok=None, known=None
) -> Value | None:
    """The name at start:end, when at least two and `share` of its siblings are known organisations (or what
    `known` accepts), and it is no ordinary word, place, product or person, in name-like words (or words
    `words_ok` accepts)."""
    known = sum(1 for s in siblings if (known or _known_item)(doc, s))
    if known < 2 or known < share * len(siblings):
        return None
    name, lists = doc.text[start:end], doc.lexicon.names
    if (
        len(name) < 2
        or name in lists.not_names
        or name in lists.stop_words
        or name in lists.generic_latin
        or name in lists.places
        or name.endswith(lists.not_organisation_endings + lists.not_company_endings)
        or any(doc.names.known(kind, name) for kind in ("product", "person"))
        or (not name.isascii() and ordinary_word(name, doc) and doc.segmenter.tag(name)[0][1] not in _LISTED_WORD_POS)
        or not (words_ok or _name_like_words)(doc, start, end)
    ):
        return None
    known_name = doc.names.known("org", name)
    return Value(
        known_name.name if known_name else name,
        code=stock_code(doc, end, known_name),
        start=start - m.start(),
        end=end - m.start(),
    )


def _name_like_words(doc, start: int, end: int) -> bool:
    """Whether start:end is whole words of the segmenter, each name-like (a name's tag, a known organisation, a
    word only the HMM found, a Latin word that is no generic term) and none a place (工商银行|股价, 谷歌|A); the
    last may be a trade after a name-like word (分众|传媒, 顺网|科技)."""
    sentence = doc.sentence_at(start)
    if sentence is None:
        return False
    words, at, seen = doc.words_around(sentence, start), start, 0
    while at < end:
        word = words.starting_at(at)
        if word is None or word.end > end or word.pos in PLACE_POS:
            return False
        if (
            not is_proper(word, doc)
            and word.pos not in _LISTED_WORD_POS
            and not (seen and word.end == end and word.text in doc.lexicon.names.stem_suffixes)
        ):
            return False
        at, seen = word.end, seen + 1
    return True


# Tags of the dictionary's words that can be a listed company's name (分众传媒 is `l`, 中兴通讯 `nt`).
_LISTED_WORD_POS = frozenset({"nz", "l", "j", "nt", "nrt"})
# Parts of speech of words that make a phrase rather than a name (a verb, adverb, preposition, number ...).
_PHRASE_POS = frozenset({"v", "vd", "d", "p", "c", "u", "uj", "ul", "r", "m", "q", "f", "t", "y", "zg"})


def _no_phrase_words(doc, start: int, end: int) -> bool:
    """Whether start:end is words of the segmenter with no verb, adverb, function word, number or place (大树|云,
    燃石|医学: a stock's name may be ordinary words, where known ones stand beside it)."""
    sentence = doc.sentence_at(start)
    if sentence is None:
        return False
    words, at = doc.words_around(sentence, start), start
    while at < end:
        word = words.starting_at(at)
        if word is None or word.pos in PLACE_POS or (word.end <= end and word.pos in _PHRASE_POS):
            return False
        at = word.end  # the last word may take the move's first character (大树|云涨): the move ends the name
    return not doc.lexicon.names.function_characters.intersection(doc.text[start:end])


def _company_like(doc, item: str) -> bool:
    """A known organisation, or a name ending in a trade or an organisation's last character (嘉楠科技, 格林酒店)."""
    lists = doc.lexicon.names
    return _known_item(doc, item) or (
        len(item) >= 3 and (item.endswith(lists.stem_suffixes) or item[-1] in lists.org_last_characters)
    )


def _known_item(doc, item: str) -> bool:
    """Whether a listed item is, or ends in, a name the gazetteers know as an organisation (巨头英特尔)."""
    key = ("known item", item)
    found = doc.found.get(key)
    if found is None:
        known = doc.names.known
        found = doc.found[key] = any(known("org", item[i:]) for i in range(max(len(item) - 8, 0), len(item) - 1))
    return found


def _known_start(doc, item: str) -> str:
    """The longest known organisation an item starts with (中兴通讯 of 中兴通讯这4家公司), else empty."""
    return next((item[:j] for j in range(min(len(item), 8), 1, -1) if doc.names.known("org", item[:j])), "")


def _first_item_start(doc, start: int, end: int) -> int | None:
    """Where the first item of a list begins: the Latin word, or the last words before its 、 that are name-like
    (not after a verb or function word)."""
    text = doc.text
    if text[end - 1].isascii():
        at = end
        while at > start and (text[at - 1].isascii() and (text[at - 1].isalnum() or text[at - 1] in "&.-")):
            at -= 1
        if at == end or not text[at].isalpha() or text[at - 1 : at] == " ":
            return None  # a model number (巴龙5000), or the last word of a longer Latin name
        return at
    word = doc.word_at(end - 1)
    if word is None or word.end != end or word.start < start or not is_proper(word, doc):
        return None
    return word.start
