"""Document-level names: a name found with confidence is a mention wherever the article writes it again.

An article names a company in full once (`龙湖集团`, a gazetteer name, a
`名稱(別名)` pair) and then, many times, by its bare name or stem (`龙湖`); it
names a person in full after a title once (`执行长蔡力行`) and then alone, a
foreign one in full once (`汤姆·汉克斯`) and then by the last name. The
rules see each place on its own; this stage, after overlaps are resolved,
adds the other places, with the value of the first. A registered name
(`深圳小鹿充电科技有限公司`) is its brand too, without its legal form, trade
and city (`小鹿充电`). Guards: a stem keeps at
least two characters and is no word of the segmenter's dictionary (招商 of
招商银行 is "attracting investment"), and every new place is a whole word of
the segmenter that overlaps no name of its type already found (the overlap
resolution then runs again with them). A person guessed by a rule at a
place the article names an organisation elsewhere (泰龙公司 ... 泰龙表示) is
withdrawn: the place is the organisation's; so is a person guessed by a
rule under a part of a name the article writes in full (拉蒂法 after 奎因·拉蒂法).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from ..datatypes import Candidate
from ..normalizers.names.words import generic_mention

if TYPE_CHECKING:
    from .document import DocContext

PROPAGATED_PRIORITY = 10  # below every rule: a fact written in place always wins


def _whole_word(doc: DocContext, start: int, end: int) -> bool:
    text = doc.text
    if (start and text[start - 1].isascii() and text[start - 1].isalnum()) or (
        end < len(text) and text[end].isascii() and text[end].isalnum()
    ):
        return False  # `Wind` in `Windows`, `AI` in `OpenAI`
    sentence = doc.sentence_at(start)
    if sentence is None or end > sentence.end:
        return False
    words = doc.words_around(sentence, start)
    if words.starting_at(start) is None and start > sentence.start and _is_han(doc.text[start - 1]):
        return False
    last = doc.words_around(sentence, end - 1)
    return last.ending_at(end) is not None or end >= sentence.end or not _is_han(doc.text[end])


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted `spans`."""
    i = bisect_left(spans, (end,))
    return any(s_end > start for _, s_end in spans[max(0, i - 8) : i])  # names do not nest deeper than this


def _is_han(character: str) -> bool:
    return "\u3400" <= character <= "\u9fff"


def _stems(surface: str, start: int, doc: DocContext) -> list[str]:
    """`龙湖集团` -> `龙湖`; `深圳小鹿充电科技有限公司` -> `深圳小鹿充电科技`, `深圳小鹿充电`, `小鹿充电科技`, `小鹿充电`: the
    name without its legal form and trade words (two at most), and without the place it starts with, each one
    that is no ordinary word (招商 of 招商银行 is "attracting investment")."""
    suffixes = doc.lexicon.names.stem_suffixes
    forms, name = [], surface
    for _ in range(2):
        suffix = next((s for s in suffixes if name.endswith(s) and len(name) > len(s)), None)
        if suffix is None:
            break
        name = name[: -len(suffix)]
        forms.append(name)
    if not forms:
        return []
    place = doc.word_at(start)  # a company registered with its city's name is named without it (深圳|小鹿充电)
    if place is not None and place.start == start and (place.pos == "ns" or place.text in doc.lexicon.names.places):
        forms += [form[len(place.text) :] for form in forms]
    return [
        form for form in forms if len(form) >= 2 and all(_is_han(c) for c in form) and not doc.segmenter.has_word(form)
    ]


def _contradicted(guess: Candidate, surface: str, forms: dict[tuple[str, str], Candidate]) -> bool:
    """Whether the article names `surface` otherwise: as an organisation, or as a person in full (拉蒂法 after
    奎因·拉蒂法)."""
    if ("org", surface) in forms:
        return True
    named = forms.get(("person", surface))
    return named is not None and named is not guess and named.value.value != guess.value.value


def propagate(kept: list[Candidate], doc: DocContext, body_end: int) -> tuple[list[Candidate], set[Candidate]]:
    """Candidates for the other places of the confident names among `kept` (org and person facts), and the
    person guesses among `kept` that the article contradicts (see `_contradicted`)."""
    sources = doc.lexicon.names.propagate_from
    forms: dict[tuple[str, str], Candidate] = {}  # (type, surface) -> the fact whose value it takes
    for c in kept:
        prefixes = sources.get(c.type)
        if not prefixes or not c.rule_id.startswith(prefixes):
            continue
        surface = doc.text[c.start : c.end]
        forms.setdefault((c.type, surface), c)
        if c.type == "org":
            for stem in _stems(surface, c.start, doc):
                forms.setdefault((c.type, stem), c)
        elif "·" in surface and len(surface.rsplit("·", 1)[1]) >= 2:
            forms.setdefault((c.type, surface.rsplit("·", 1)[1]), c)  # 汤姆·汉克斯, then 汉克斯
    if not forms:
        return [], set()
    withdrawn = {
        c
        for c in kept
        if c.type == "person"
        and not c.rule_id.startswith("gazetteer.")
        and _contradicted(c, doc.text[c.start : c.end], forms)
    }
    kinds = {t for t, _ in forms}
    taken = sorted((c.start, c.end) for c in kept if c.type in kinds and c not in withdrawn)
    found = []
    for (fact_type, surface), source in forms.items():
        if len(surface) < 2:
            continue
        at = doc.text.find(surface, 0, body_end)
        while at >= 0:
            end = at + len(surface)
            if (
                not _overlaps(taken, at, end)
                and _whole_word(doc, at, end)
                and not (fact_type == "org" and generic_mention(doc, at, surface))  # 多家央行 after 央行
            ):
                found.append(
                    Candidate(
                        fact_type,
                        at,
                        end,
                        f"{fact_type}.propagated",
                        PROPAGATED_PRIORITY,
                        source.value._replace(start=None, end=None),
                    )
                )
            at = doc.text.find(surface, end, body_end)
    return found, withdrawn
