"""Products found by rules: model families with a version, lines and brands with a model (Mate 60 Pro, 问界M9),
names where a product is launched or quoted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Value
from ..base import NormalizerTable
from .words import ordinary_word

if TYPE_CHECKING:
    from ...stages.document import DocContext

NORMALIZERS = NormalizerTable()


@NORMALIZERS.add("product_model", required={"family"})
def product_model(m: regex.Match, doc: DocContext) -> Value | None:
    """`GLM-4-Flash`: a model family with a version; its owner is the family's owner."""
    family = doc.names.known("product", m.group("family")) or doc.names.known("org", m.group("family"))
    owner = "" if family is None else (family.owner or family.name)
    return Value(m.group(0), owner=owner)


@NORMALIZERS.add("product_line_model", required={"line", "model"})
def product_line_model(m: regex.Match, doc: DocContext) -> Value | None:
    """A product line or brand with its model (Mate 60 Pro, 骁龙8 Gen 3, 问界M9, 英伟达H20): a line starts the name,
    a brand's name holds it when the model is a code, a maker's code is the name alone (lexicon/names.yaml)."""
    lists, line, model = doc.lexicon.names, m.group("line"), m.group("model")
    if model in lists.generic_latin or model.isdigit() and len(model) == 4 and model[:2] in ("19", "20"):
        return None  # 华为5G, 苹果2024: a specification or a year
    # The Han words before the model end in the line, brand or maker (推出|小米SU7); a Latin word is one whole.
    for size in range(len(line), 1, -1) if not line.isascii() else (len(line),):
        name, start = line[-size:], m.end("line") - size
        owner = lists.product_lines.get(name) or lists.product_lines.get(name.casefold())
        if owner or name in lists.product_brands and not name.isascii():
            owner = owner or lists.product_brands[name]
            return Value(doc.text[start : m.end()], owner=owner, start=start - m.start(), end=m.end() - m.start())
        if name in lists.product_makers and not model.isdigit():
            maker = doc.names.known("org", name)
            return Value(model, owner=maker.name if maker else name, start=m.start("model") - m.start())
    return None


@NORMALIZERS.add("product_code", required={"name"})
def product_code(m: regex.Match, doc: DocContext) -> Value | None:
    """A model code right before a noun of devices or chips (H20芯片, X55基带): its owner is the organisation
    named before it in its clause."""
    name = m.group("name")
    if name in doc.lexicon.names.generic_latin:
        return None
    return Value(
        name,
        owner=_owner_before(doc, m.start("name")),
        start=m.start("name") - m.start(),
        end=m.end("name") - m.start(),
    )


@NORMALIZERS.add("product_drug", required={"ending"})
def product_drug(m: regex.Match, doc: DocContext) -> Value | None:
    """A drug by its generic name (司美格鲁肽, 帕博利珠单抗): the characters of transliteration and of drugs' names
    (lexicon/names.yaml) right before its ending, two to eight of them; the segmenter is no help (司|美格|鲁肽)."""
    lists, text = doc.lexicon.names, doc.text
    start = m.start("ending")
    while start > 0 and m.start("ending") - start < 8 and text[start - 1] in lists.drug_characters:
        start -= 1
    if m.start("ending") - start < 2:
        return None  # 他汀 alone, 抗生素: a class or an ordinary word
    name = text[start : m.end()]
    if doc.names.known("org", name):
        return None
    known = doc.names.known("product", name)
    if known is not None:
        return Value(known.name, owner=known.owner, start=start - m.start())
    return Value(name, owner=_owner_before(doc, start), start=start - m.start())


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
    if brand and brand.end() < len(name) and name[brand.end()].isascii() and name[brand.end()].isalnum():
        # 腾讯Hunyuan: a known brand or nothing (not 黑神话：悟空, whose colon is no Latin name)
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
    elif ordinary_word(name, doc) or name in lists.stop_words:
        return None  # “好消息”: an ordinary word in quotes
    known = doc.names.known("product", name)
    if known is not None:
        return Value(known.name, owner=known.owner, start=start - m.start(), end=end - m.start())
    if not owner:
        owner = _owner_before(doc, m.start())
    return Value(name, owner=owner, start=start - m.start(), end=end - m.start())
