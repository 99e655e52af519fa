"""Noun phrases around a number: what it measures when no name says so (the link package's subject options).

Every function reads the words of one clause (`DocContext.words_around`, segmented on first use) in the
Simplified text's coordinates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from ..stages.document import DocContext

# Parts of speech of the words of a noun phrase (jieba's tags): nouns, names, Latin words, abbreviations,
# verbal nouns and the distinguishing words that make them (原生, 头部).
NOUN_POS = ("n", "eng", "vn", "j", "l", "b", "an")
_NOT_SUBJECT = regex.compile(r"^(?:\p{P}|\d)")
_COUNTED_POS = ("n", "eng", "j")  # the things a count counts: nouns, Latin words, abbreviations (not 总共, b)
PARENTHESIS = regex.compile(r"[(（][^()（）]{1,16}[)）]")  # an aside: 凯捷(Capgemini)发布的报告
_PARENTHESIS_CLOSING = regex.compile(r"[)）]")
_QUOTED_BEFORE = regex.compile(r"[“「『\"]([^”」』\"]{1,12})[”」』\"]$")


# A phrase a reader would name ends in a noun (not 多收, 返校后, 深圳的, 水平的年, 所得额低) and opens with no
# conjunction, preposition, numeral, measure word, particle, locative or adverb (但主要原因是, 多小时, 一共). The segmenter's
# tags are features, not vetoes: it calls 美元 a measure word and 转债 a verb.
_LAST_POS = ("n", "eng", "j", "vn", "an")
_FIRST_NOT_POS = ("c", "p", "m", "q", "u", "f", "y", "e", "o", "d")


def phrase_shape(tagged: list[tuple[str, str]], subject_verbs: frozenset[str]) -> dict[str, float]:
    """Features of a phrase as the segmenter tags it."""
    if not tagged:
        return {}
    (first, first_tag), (last, last_tag) = tagged[0], tagged[-1]
    return {
        "phrase_ends_noun": float(last_tag.startswith(_LAST_POS) or last in subject_verbs),
        "phrase_opens_badly": float(first_tag.startswith(_FIRST_NOT_POS) and first not in subject_verbs),
        "phrase_has_verb": float(any(tag == "v" and word not in subject_verbs for word, tag in tagged)),
    }


# What a phrase a reader would name does not end with, as the segmenter tags it: an adverb, a time, a particle, a
# connective or a preposition (恒生指数早段曾, 国际油价曾, 大市整体亦). At its start only a time of two characters or
# more goes (下午曾): the segmenter tags the first character of many names as an adverb or a locative (尚乘数科,
# 上水区) and a place as an adverb (首尔).
_NOT_LAST_POS = frozenset(("d", "t", "u", "y", "c", "p"))


def trim_edges(tagged: list[tuple[str, str]], subject_verbs: frozenset[str]) -> str:
    """A phrase without the words at its edges that no name ends or opens with; empty when a verb alone is left
    (共接)."""
    start, end = 0, len(tagged)
    while end > start and tagged[end - 1][1] in _NOT_LAST_POS:
        end -= 1
    while start < end and tagged[start][1] == "t" and len(tagged[start][0]) > 1:
        start += 1
    if end - start == 1 and tagged[start][1] == "v" and tagged[start][0] not in subject_verbs:
        return ""
    return "".join(word for word, _ in tagged[start:end])


def words_from(doc: DocContext, offset: int):
    """The words of the clause at `offset` and the index of the word covering it; (None, None) past the sentence."""
    sentence = doc.sentence_at(offset)
    if sentence is None or offset >= sentence.end:
        return None, None
    words = doc.words_around(sentence, offset)
    return words, words.index_at(offset)


def counted_after(doc: DocContext, number_end: int) -> str:
    """The thing a count counts, right after its classifier (78612家新注册AI企业已消失 -> 新注册AI企业): the words
    up to the last of the first run of nouns, at most six words on; empty when no noun comes."""
    words, i = words_from(doc, number_end)
    if i is None:
        return ""
    last_noun, leading, function_characters = None, 0, doc.lexicon.names.function_characters
    for j in range(i, min(i + 6, len(words))):
        word = words.texts[j]
        if words.starts[j] < number_end:
            continue  # a word running from the classifier on (家新 of 3000家新注册网店) starts no noun
        if words.tags[j].startswith(_COUNTED_POS) and not _NOT_SUBJECT.match(word):
            last_noun = j
        elif last_noun is not None or _NOT_SUBJECT.match(word) or word in function_characters or leading:
            break  # past the nouns; a punctuation or function word first (16款是多模态模型); two words before any
        else:
            leading += 1  # one word may qualify the nouns (新注册网店)
    if last_noun is None:
        return ""
    return doc.text[number_end : words.starts[last_noun] + len(words.texts[last_noun])]


def noun_phrase_after(doc: DocContext, number_end: int) -> str:
    """The nouns after a number and 的 (72%的IT和财务领导者 -> IT和财务领导者), a parenthesis between them too
    (低于100万元（含100万元）的小型微利企业): what the number counts or bounds."""
    text = doc.text
    aside = PARENTHESIS.match(text, number_end) or _PARENTHESIS_CLOSING.match(text, number_end)
    if aside is not None:
        number_end = aside.end()
    if text[number_end : number_end + 1] != "的" or number_end + 1 >= len(text):
        return ""
    words, i = words_from(doc, number_end + 1)
    if i is None or words.starts[i] != number_end + 1:
        return ""
    end = i
    while end < len(words) and (words.tags[end].startswith(NOUN_POS) or words.texts[end] in "和与及"):
        end += 1
    while end > i and words.texts[end - 1] in "和与及":
        end -= 1
    return "".join(words.texts[i:end])


def noun_phrase(
    doc: DocContext, clause_start: int, number_start: int, before_number: frozenset[str], subject_verbs: frozenset[str]
) -> str:
    """The nouns right before the verbs before a number (`AI原生APP用户规模` 达到 2.4亿): what the number measures
    when no named subject is in its sentence; a quoted name before them (“六小虎”中有5家). Empty when none."""
    sentence = doc.sentence_at(number_start - 1) if number_start > clause_start else None
    if sentence is None:
        return ""
    words = doc.words_around(sentence, number_start - 1)
    i = words.index_at(number_start - 1)
    if i is None:
        return ""
    while (
        i >= 0
        and words.starts[i] >= clause_start
        and (not words.tags[i].startswith(NOUN_POS) or words.texts[i] in before_number)
    ):
        i -= 1  # the verbs, adverbs and qualifiers before the number: 达到, 高达, 约
    if (i < 0 or words.starts[i] < clause_start) and words.starts[0] > clause_start:
        quoted = _QUOTED_BEFORE.search(doc.text, clause_start, words.starts[0])
        return quoted.group(1) if quoted else ""
    end = i
    while (
        i >= 0
        and words.starts[i] >= clause_start
        and (words.tags[i].startswith(NOUN_POS) or words.texts[i] in subject_verbs)
        and not _NOT_SUBJECT.match(words.texts[i])
    ):
        i -= 1
    if end < 0 or i == end:
        return ""
    if words.starts[end + 1] <= number_start:
        return "".join(words.texts[i + 1 : end + 1])
    # The last word runs into the number (中小企业近三成 is one word): the phrase stops at the number, without
    # the word before it (近).
    phrase = doc.text[words.starts[i + 1] : number_start]
    while qualifier := max((w for w in before_number if phrase.endswith(w)), key=len, default=""):  # 高达, not 达
        phrase = phrase[: -len(qualifier)]
    return phrase if len(phrase) >= 2 else ""  # 有|四人, 过|百人: no phrase


# What a clause may open with before the thing it is about: an enumerator (1、, ①), a bracketed tag (【债券】)
# and a connective (其中, 此外).
_LEADING = regex.compile(r"^(?:\s|\d{1,2}[、.)]|[①-⑳]|【[^】]{0,12}】|其中|此外|另外|同时|而|但|并|且|则)+")
_PHRASE_EDGE = regex.compile(r"^[的了在对将把被从向与和及]+|[的了在对将把被从向与和及、]+$")


def clause_head(text: str, clause_start: int, number_start: int, verbs: regex.Pattern, skip_to: int) -> str:
    """The words a clause opens with, up to its first verb before the number (`COMEX黄金期货`收涨0.19%,
    `2年期美债收益率`涨1.2个基点, `沪铝`涨0.95%): in lists of quotes the segmenter's nouns stop too early.
    `skip_to` is the end of a date or place the clause opens with (2024年7月份新增…). Empty when no verb
    stands between the head and the number, or the head is no phrase (a digit, one character)."""
    start = max(clause_start, skip_to)
    lead = _LEADING.match(text, start, number_start)
    if lead:
        start = lead.end()
    verb = verbs.search(text, start, number_start)
    if verb is None:
        return ""
    phrase = _PHRASE_EDGE.sub("", text[start : verb.start()].strip())
    if len(phrase) < 2 or len(phrase) > 20 or phrase[0].isdigit() and not regex.match(r"\d+年期", phrase):
        return ""
    return phrase


_LIST_END = regex.compile(r"的|将|则|均|都|同比|环比|[,，;；:：]")


def respective_items(text: str, clause_start: int, at: int, wanted: int, verbs: regex.Pattern) -> list[str]:
    """The items of a list that 分别 (at `at`) distributes numbers over, when there are `wanted` of them:
    `上海、江苏和浙江省电厂的超发电价将分别` -> 上海, 江苏, 浙江省电厂; `先进制造业、高技术制造业…分别增长了`. A name
    may hold 及 or 和 (造纸及纸制品业), so the last item is split on them only when that makes the count."""
    lead = _LEADING.match(text, clause_start, at)
    segment = text[lead.end() if lead else clause_start : at]
    items = segment.split("、")
    last = items[-1]
    cut = _LIST_END.search(last)
    verb = verbs.search(last)
    end = min((m.start() for m in (cut, verb) if m is not None), default=len(last))
    items[-1] = last[:end]
    if len(items) == wanted - 1:
        *head, last = items
        parts = regex.split(r"和|与|及", last, maxsplit=1)
        if len(parts) == 2:
            items = [*head, *parts]
    if len(items) != wanted or wanted < 2:
        return []
    items = [_PHRASE_EDGE.sub("", item.strip()) for item in items]
    if any(not 1 <= len(item) <= 16 or regex.search(r"\d|\p{P}", item) for item in items):
        return []
    return items
