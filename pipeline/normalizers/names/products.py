"""Products found by rules: model families with a version, lines and brands with a model (Mate 60 Pro, 问界M9),
names where a product is launched or quoted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ...datatypes import Value
from ..base import NormalizerTable
from .words import PROPER_POS, is_proper, ordinary_word, sentence_names, starts_word

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
    # The Han words before the model end in the line, brand or maker (推出|小米SU7); a Latin word is one whole. A
    # brand's new model (问界新M7 Pro) is the brand's model.
    new = regex.search(r"(?:全新|新款|新)$", line) if not line.isascii() else None
    if new is not None and new.start() >= 2:
        line = line[: new.start()]
    line_end = m.start("line") + len(line)
    for size in range(len(line), 1, -1) if not line.isascii() else (len(line),):
        name, start = line[-size:], line_end - size
        owner = lists.product_lines.get(name) or lists.product_lines.get(name.casefold())
        if owner or name in lists.product_brands and not name.isascii():
            if doc.text[start - 2 : start].isdigit():
                return None  # 24华为SCP004: a bond's short name, its year first
            if ("." in model or model.startswith("NEXT")) and name not in lists.software_lines:
                return None  # a point or NEXT after a line of devices is no model (小米1.5)
            owner = owner or lists.product_brands[name]
            rest = doc.text[line_end : m.end()].lstrip("全新款") if new else doc.text[line_end : m.end()]
            rest = regex.sub(r"\s+", " ", rest.replace("™", "").replace("®", ""))  # Zynq™ 7000, Spartan™\n7
            value = lists.line_spellings.get(name, name) + rest
            if name in lists.car_marques:
                start = line_end  # 问界|新M7 Pro: the marque is an organisation (org.car_marque), the model the product
            elif name not in lists.product_lines and not name.isascii() and regex.match(r"[A-Z][a-z]", model):
                # 三星|Note 10, 大疆|Mavic 3: a series after its maker is the product, the maker an organisation
                return Value(model, owner=owner, start=m.start("model") - m.start())
            return Value(value, owner=owner, start=start - m.start(), end=m.end() - m.start())
        if name in lists.product_makers and not model.isdigit():
            maker = doc.names.known("org", name)
            return Value(model, owner=maker.name if maker else name, start=m.start("model") - m.start())
    # OPPO|Reno13: a series after a maker in Latin letters is the model when it starts with a line (Reno)
    head = regex.match(r"[A-Za-z]+", model)
    owner = head and lists.product_lines.get(head.group())
    if owner:
        value = lists.line_spellings.get(head.group(), head.group()) + regex.sub(r"\s+", " ", model[head.end() :])
        return Value(value, owner=owner, start=m.start("model") - m.start())
    return None


@NORMALIZERS.add("product_named_version", required={"version"})
def product_named_version(m: regex.Match, doc: DocContext) -> Value | None:
    """A product the gazetteer knows by its Chinese name, with the version or model code written after it (文心大模型4.5,
    混元T1, 讯飞星火X1): the name starts a word of the segmenter; its owner is the product's."""
    at = m.start()
    for size in range(min(8, at), 1, -1):
        known = doc.names.known("product", doc.text[at - size : at])
        if known is not None and starts_word(doc, at - size):
            return Value(doc.text[at - size : m.end()], owner=known.owner or "", start=-size)
    return None


@NORMALIZERS.add("product_series", groups={"brand", "trim"}, required={"series"})
def product_series(m: regex.Match, doc: DocContext) -> Value | None:
    """A vehicle series (比亚迪秦PLUS DM-i, 海豹06, 丰田凯美瑞): after its own brand or with its trim; its owner the
    brand's (lexicon/names.yaml product_series)."""
    lists, series, trim = doc.lexicon.names, m.group("series"), m.group("trim")
    brand = lists.product_series[series]
    if m.group("brand") not in (None, brand):
        return None  # 吉利汉: another brand's word
    noun = next((w for w in lists.vehicle_nouns if doc.text.startswith(w, m.end())), None) if len(series) >= 2 else None
    if noun is not None and doc.text.startswith(lists.organisation_words, m.end() + len(noun)):
        noun = None  # 野马汽车有限公司: a company's name
    if m.group("brand") is None and not trim and noun is None:
        return None  # 海豹, 汉, 高尔夫: words of their own without their brand, trim or a noun of vehicles (全顺汽车)
    word = doc.word_at(m.start("series")) if len(series) == 1 and not trim else None
    if word is not None and word.end > m.end():
        return None  # 比亚迪汉口: the character starts another word
    if len(series) == 1 and trim.strip().isdigit():
        return None  # 元100: a number of yuan
    known = doc.names.known("org", brand)
    owner = lists.product_brands.get(brand) or (known.name if known else brand)
    if m.group("brand") is None:
        start = m.start("series")
    else:  # 比亚迪|汉: a car marque is an organisation (org.car_marque), the series after it the product
        start = m.end("brand") if m.group("brand") in lists.car_marques else m.start("brand")
    value = (m.group("brand") or "") + doc.text[m.start("series") : m.end()]
    return Value(value, owner=owner, start=start - m.start())


# A model code an ordinary word (现代, 长城) may stand before as a marque: with a digit or in capitals.
_CODE_LIKE = regex.compile(r"\d|[A-Z]{2}")


@NORMALIZERS.add("org_car_marque", required={"name"})
def org_car_marque(m: regex.Match, doc: DocContext) -> Value | None:
    """A car marque right before its model (雪佛兰Aveo, 问界新M7): an organisation, as the gazetteer names it, else
    as its maker when named after it (吉利汽车), else as written. An ordinary word (现代, 长城) only before a code with a digit or in capitals, and no marque before a
    generic word (现代AI) or inside a word."""
    marque = m.group("name")
    model = regex.match(r"(?:全新|新款|新)?\s?([A-Za-zë][A-Za-z0-9ë\-]*)?", doc.text[m.end() : m.end() + 24])
    latin = model.group(1) if model else None
    if latin is not None and latin in doc.lexicon.names.generic_latin:
        return None
    series = doc.text.startswith(tuple(doc.lexicon.names.product_series), m.end())
    if _common_word(marque, doc) and not series and not (latin and _CODE_LIKE.search(latin)):
        return None
    if not starts_word(doc, m.start()):
        return None
    known = doc.names.known("org", marque)
    if known is not None:
        return Value(known.name)
    owner = doc.lexicon.names.product_brands.get(marque, marque)
    return Value(owner if owner.startswith(marque) else marque)  # 吉利 -> 吉利汽车, its maker; 别克 stays 别克


def _common_word(word: str, doc: DocContext) -> bool:
    """A dictionary word that, tagged alone, is no name (现代, 理想; not 昌河, a place's, nor 别克)."""
    return doc.segmenter.has_word(word) and doc.segmenter.tag(word)[0][1] not in PROPER_POS | {"nz"}


@NORMALIZERS.add("product_marque_model", required={"marque", "model"})
def product_marque_model(m: regex.Match, doc: DocContext) -> Value | None:
    """A car's model by a word in Latin letters after its marque (雪佛兰Aveo, 雪铁龙ë-C3): the model is the product,
    valued with its marque; no generic word (丰田SUV), line (特斯拉Model Y: product.line_model's) or organisation."""
    marque, model, lists = m.group("marque"), m.group("model"), doc.lexicon.names
    head = model.split()[0]
    if head in lists.generic_latin or head in lists.product_lines or doc.names.known("org", model):
        return None
    if _common_word(marque, doc) and not _CODE_LIKE.search(model):
        return None  # 现代Design: an ordinary word before a word
    if not starts_word(doc, m.start()):
        return None
    value = marque + doc.text[m.end("marque") : m.end()].lstrip("全新款")
    return Value(value, owner=lists.product_brands.get(marque, marque), start=m.end("marque") - m.start())


@NORMALIZERS.add("product_vehicle_code", required={"code"})
def product_vehicle_code(m: regex.Match, doc: DocContext) -> Value | None:
    """A vehicle's model by a name and the code written onto it (爱迪尔CH7121, 北斗星6350B) in a sentence about
    vehicles: the name is the segmenter's name-like word right before the code, no known organisation."""
    lists, start = doc.lexicon.names, m.start("code")
    if not sentence_names(doc, start, lists.vehicle_context):
        return None
    name_start = _name_word_before(doc, start, lists.product_brands, also_pos="nz")
    if name_start is None:
        return None
    return Value(doc.text[name_start : m.end()], owner=_owner_before(doc, name_start), start=name_start - m.start())


def _name_word_before(doc: DocContext, start: int, taken, also_pos: str = "") -> int | None:
    """Where the segmenter's name-like word of two to four Chinese characters ending at `start` begins (without a
    function character an unknown word may hold: 其|玄铁 read as 其玄铁); None when there is none, or it is a stop
    word, a name of `taken` or a known organisation."""
    before = doc.words_before(start)
    if before is None:
        return None
    words, i = before
    word, lists = words[i], doc.lexicon.names
    name = word.text.lstrip("".join(lists.function_characters)) if len(word.text) > 2 else word.text
    if (
        word.end != start
        or not 2 <= len(name) <= 4
        or not regex.fullmatch(r"\p{Han}+", name)
        or not (is_proper(word, doc) or (also_pos and word.pos == also_pos))
        or name in lists.stop_words
        or any(name[k:] in taken for k in range(len(name) - 1))  # 平头|哥玄铁: the line 玄铁 is there
        or doc.names.known("org", name)
    ):
        return None
    return start - len(name)


@NORMALIZERS.add("product_model_brand", groups={"kind"}, required={"brand"})
def product_model_brand(m: regex.Match, doc: DocContext) -> Value | None:
    """An AI model by its brand, a kind and 大模型 (盘古气象大模型): the brand starts a word of the segmenter, so a
    brand's characters inside another word (通天工程) are none; its owner is the brand's (lexicon model_brands)."""
    word = doc.word_at(m.start())
    if word is not None and word.start < m.start():
        return None
    return Value(m.group(0), owner=doc.lexicon.names.model_brands[m.group("brand")])


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


@NORMALIZERS.add("product_part_number", required={"name"})
def product_part_number(m: regex.Match, doc: DocContext) -> Value | None:
    """A part number (STM32F103, RK3588) in a sentence about chips or parts (a flight, MU5735, is in none), not a
    standard's or an event's code (lexicon/names.yaml part_context, specification_prefixes)."""
    name, lists = m.group("name"), doc.lexicon.names
    if name.upper().startswith(lists.specification_prefixes) or regex.fullmatch(r"[A-Z]+(?:19|20)\d\d", name):
        return None  # USB30, LPDDR5X, CES2024
    if not sentence_names(doc, m.start(), lists.part_context):
        return None
    return Value(name, owner=_owner_before(doc, m.start()))


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


@NORMALIZERS.add("product_chip_line", required={"model"})
def product_chip_line(m: regex.Match, doc: DocContext) -> Value | None:
    """A chip or core by a line in Chinese characters and its number before a noun of chips (玄铁910处理器): the
    line is the segmenter's whole word before the number, name-like (a name's tag or unknown to the dictionary), so
    推出910芯片 or 全球2000芯片 name none."""
    model, start = m.group("model"), m.start("model")
    if model.isdigit() and model[:2] in ("19", "20") and len(model) == 4:
        return None  # 2024芯片: a year
    line_start = _name_word_before(doc, start, doc.lexicon.names.product_lines)
    if line_start is None:
        return None
    return Value(doc.text[line_start : m.end()], owner=_owner_before(doc, line_start), start=line_start - m.start())


# Parts of speech that end a drug's name on its left (服用|阿莫西林胶囊, 以岭药业的|连花清瘟胶囊): verbs, function
# words, numbers, measure words, pronouns, adverbs and punctuation.
_BEFORE_A_DRUG = ("v", "u", "c", "p", "m", "q", "r", "d", "f", "x", "y")


@NORMALIZERS.add("product_dosage_form", required={"form"})
def product_dosage_form(m: regex.Match, doc: DocContext) -> Value | None:
    """A drug by its product name ending in its dosage form (连花清瘟胶囊): the nouns and names before the form,
    back to a verb, a function word or an organisation, two to eight characters and no word of the dictionary."""
    form_start = m.start("form")
    before = doc.words_before(form_start)
    if before is None:
        return None
    words, i = before
    if words[i].end != form_start:
        return None  # the form's first character closes the word before it
    maker = doc.names.known("org", words[i].text)
    if maker is not None:  # 云南白药气雾剂: a maker's drug by its name
        return Value(doc.text[words[i].start : m.end()], owner=maker.name, start=words[i].start - m.start())
    start = form_start
    while i is not None and i >= 0:
        word = words[i]
        if word.pos.startswith(_BEFORE_A_DRUG) or doc.names.known("org", word.text) or form_start - word.start > 8:
            break
        start, i = word.start, i - 1
    name = doc.text[start:form_start]
    if len(name) < 2 or doc.segmenter.has_word(name) or name in doc.lexicon.names.stop_words:
        return None  # 中药颗粒, 维生素胶囊: a kind, not a product
    return Value(doc.text[start : m.end()], owner=_owner_before(doc, start), start=start - m.start())


def _owner_before(doc, position: int) -> str:
    """The organisation named last before `position` in its clause (商汤发布SenseNova V6 -> 商汤), as the gazetteer
    names it; empty if none."""
    sentence = doc.sentence_at(max(position - 1, 0))
    if sentence is None or position <= sentence.start:
        return ""
    words = doc.words_around(sentence, position - 1)
    i = words.index_at(position - 1)
    suffixes = doc.lexicon.names.stem_suffixes
    while i is not None and i >= 0:
        word = words.texts[i]
        stem = next((word[: -len(s)] for s in suffixes if word.endswith(s) and len(word) > len(s) + 1), word)
        known = doc.names.known("org", word) or doc.names.known("org", stem)  # 波音公司 -> 波音
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


@NORMALIZERS.add("product_org_ai", required={"head"})
def product_org_ai(m: regex.Match, doc: DocContext) -> Value | None:
    """A known organisation's Latin name and AI (Wind AI): its AI product, unless the whole is an organisation's
    name (Mistral AI)."""
    known = doc.names.known("org", m.group("head"))
    if known is None or doc.names.known("org", m.group(0)) is not None:
        return None
    product = doc.names.known("product", m.group(0))
    return Value(product.name if product else m.group(0), owner=known.name)


@NORMALIZERS.add("product_org_service", required={"service"})
def product_org_service(m: regex.Match, doc: DocContext) -> Value | None:
    """A known organisation's name and a word of a consumer service (亚马逊海外购): its service; the organisation is
    the segmenter's word right before the service word, and the whole no organisation's name."""
    before = doc.words_before(m.start())
    if before is None:
        return None
    words, i = before
    word = words[i]
    known = doc.names.known("org", word.text)
    if known is None or word.end != m.start():
        return None
    name = doc.text[word.start : m.end()]
    if doc.names.known("org", name) is not None:
        return None
    product = doc.names.known("product", name)
    return Value(product.name if product else name, owner=known.name, start=word.start - m.start())


@NORMALIZERS.add("product_line_alone", required={"line"})
def product_line_alone(m: regex.Match, doc: DocContext) -> Value | None:
    """A line of devices in Latin letters before a noun of its devices (Pixel智能手机), or in Chinese characters before
    one of chips (倚天芯片): a line the lists know, no organisation's name (波音), and in Chinese a word's start."""
    line, lists = m.group("line"), doc.lexicon.names
    owner = lists.product_lines.get(line) or lists.product_lines.get(line.casefold())
    if owner is None or line in lists.software_lines or doc.names.known("org", line):
        return None
    if not line.isascii() and not starts_word(doc, m.start("line")):
        return None
    known = doc.names.known("product", line)
    value = known.name if known else lists.line_spellings.get(line, line)
    return Value(value, owner=known.owner if known and known.owner else owner)
