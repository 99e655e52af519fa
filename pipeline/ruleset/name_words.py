"""The word lists of names (rules/lexicon/names.yaml and the generated files it names) that the name rules and
normalisers read: stop words, organisation words, surnames' given-name odds, product lines and brands, places.
`Lexicon.names` holds them; `{{lexicon.NAME}}` alternations of some are made in lexicon.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from ..text.convert import to_simplified
from .yamlfile import RuleError, load_yaml


@dataclass(frozen=True)
class NameWords:
    """The word lists of rules/lexicon/names.yaml (what each is for is said there)."""

    stop_words: frozenset[str]
    not_names: frozenset[str]
    category_endings: tuple[str, ...]
    generic_latin: frozenset[str]
    latin_organisation_words: frozenset[str]
    national_words: frozenset[str]
    function_characters: frozenset[str]
    after_name_characters: frozenset[str]
    after_name_words: frozenset[str]
    not_person_endings: tuple[str, ...]
    not_people: frozenset[str]
    stem_suffixes: tuple[str, ...]  # longest first
    propagate_from: dict[str, tuple[str, ...]]  # fact type -> rule id prefixes whose names propagate
    places: frozenset[str]  # generated from CC-CEDICT (tools/build_cedict_names.py)
    national_bodies: tuple[str, ...]
    home_countries: frozenset[str]
    place_levels: tuple[str, ...]  # 省, 市, 自治区: what ends a province's, city's or district's name; longest first
    level_determiners: frozenset[str]  # 本, 全: 本市, 全省 name the article's own place
    region_names: dict[str, tuple[str, ...]]  # HK -> 香港: a sentence with one makes the region's list count
    sports_cues: tuple[str, ...]  # 主场, 击败: a sentence with one reports a game, where a city may be its club
    # Organisation words (names.yaml organisation_words), every one, and those of the kinds the normalisers ask of:
    organisation_words: tuple[str, ...]  # longest first: {{lexicon.organisation_words}}
    kinds_after_a_place: frozenset[str]  # 酒店: a place before it alone names a kind of business (澳洲酒店)
    mission_words: frozenset[str]  # 大使馆: the sending country comes before 驻 and the host
    legal_forms: frozenset[str]  # 有限公司: the registered name before it may have verbs in it
    institution_words: frozenset[str]  # 大学, 医院: a body of its own of a known name before it (哈佛大学)
    kinds_of_body: tuple[str, ...]  # 机构, 部门: a model's span ending in one needs a name of its own
    org_last_characters: frozenset[str]  # 司, 局: a model's span with ordinary words ends in one
    not_organisation_endings: tuple[str, ...]  # 大局, 社会: ... but not in one of these
    not_company_endings: tuple[str, ...]  # 指数, 期货: a name listed or moved in a market report is no company
    transliteration_characters: frozenset[str]  # 阿, 巴, 斯: the characters of transliterated foreign names
    drug_characters: frozenset[str]  # those and the characters of drugs' generic names (司, 替, 唑)
    given_name_odds: dict[str, float]  # generated (tools/build_given_names.py): character -> log-odds
    given_name_threshold: float
    rare_surname_threshold: float
    split_tail_threshold: float  # 林正|男|在: a split-off character's odds to end the name before a function word
    product_lines: dict[str, str]  # 骁龙, Mate (case-folded too) -> owner: a model name follows the line
    line_spellings: dict[str, str]  # 升腾 -> 昇腾: a line as the simplified text has it -> as its maker writes it
    product_brands: dict[str, str]  # 小米, 问界 -> owner: model codes are named with the brand (car marques too)
    car_marques: frozenset[str]  # 问界, 雪佛兰: before a model the marque is an organisation, the model the product
    software_lines: frozenset[str]  # iOS, 鸿蒙 (case-folded too): a version with a point or a word follows them
    product_makers: frozenset[str]  # 英伟达: model codes are products without the maker's name
    product_descriptors: frozenset[str]  # 新款: a trade word after one names a product, not a company
    vehicle_context: tuple[str, ...]  # 轿车, 排量: a sentence with one may name a model by a name and its code
    vehicle_nouns: tuple[str, ...]  # 汽车, SUV: after a series, the series names a model (全顺汽车)
    service_words: tuple[str, ...]  # 海外购, 网盘: after a company's name they name its service
    part_context: tuple[str, ...]  # 芯片, MCU: a sentence with one may name parts by their numbers
    specification_prefixes: tuple[str, ...]  # USB, ISO: a code starting so is a standard or an event, upper case
    product_series: dict[str, str]  # 秦, 凯美瑞 -> the brand that sells the vehicle series (比亚迪, 丰田)
    model_brands: dict[str, str]  # 盘古, 星火 -> owner: a kind and 大模型 after one name an AI model
    place_nouns: tuple[str, ...]  # 商铺, 镇: after a two-character "name" (周浦的商铺) they make it a place
    plural_determiners: tuple[str, ...]  # 多家, 各国: before a name (多家央行) they make it a kind of body
    many_countries: tuple[str, ...]  # 全球, 主要: before a national body (全球央行) they make it many countries'

    @property
    def clear_given_name_class(self) -> str:
        """A character class of the characters at or above `rare_surname_threshold`: a given name whose mean
        reaches it holds at least one of them, so a pattern can ask for one before any normaliser runs."""
        return character_class(c for c, odds in self.given_name_odds.items() if odds >= self.rare_surname_threshold)

    def looks_like_given_name(self, text: str, *, after_rare_surname: bool = False) -> bool:
        """Whether `text`'s characters are, on average, those of given names (鹏飞, 艳萍; not 者说, 方面)."""
        odds = self.given_name_odds
        threshold = self.rare_surname_threshold if after_rare_surname else self.given_name_threshold
        return bool(text) and sum(odds.get(c, 0.0) for c in text) / len(text) >= threshold


def character_class(characters) -> str:
    """A regex character class of `characters`, sorted: the same pattern every run."""
    return "[" + "".join(regex.escape(c) for c in sorted(characters)) + "]"


def _generated_lines(folder: Path, name: str, suffix: str, what: str) -> tuple[Path, list[tuple[int, str]]]:
    """The path of a generated file named in names.yaml, which must sit beside it with `suffix`, and its
    (line number, line) pairs without blank lines and `#` comments."""
    path = folder / name
    if Path(name).name != name or path.suffix != suffix:
        raise RuleError(f"{folder / 'names.yaml'}:1: {what} is a {suffix} file beside it, not {name!r}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from None
    return path, [(number, line) for number, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]


def _word_lines(folder: Path, name: str) -> frozenset[str]:
    """A generated word list in `folder`: one word a line, `#` comments."""
    _, rows = _generated_lines(folder, name, ".txt", "a word list")
    return frozenset(line.strip() for _, line in rows)


def _odds_table(folder: Path, name: str) -> dict[str, float]:
    """A generated `character<TAB>log_odds` table in `folder`, with its header line and `#` comments."""
    path, rows = _generated_lines(folder, name, ".tsv", "a table")
    odds: dict[str, float] = {}
    for number, line in rows[1:]:  # after the header
        character, _, number_text = line.partition("\t")
        value = regex.fullmatch(r"-?\d+(?:\.\d+)?", number_text)
        if len(character) != 1 or value is None:
            raise RuleError(f"{path}:{number}: needs a character, a tab and a number, not {line!r}")
        odds[character] = float(number_text)
    return odds


def _product_lines(folder: Path, names: dict) -> dict[str, str]:
    """The hand-kept `product_lines` and `software_lines` of names.yaml and the generated `line<TAB>owner` table
    it names, each line also case-folded (nova, Nova)."""
    path, rows = _generated_lines(folder, str(names["product_lines_file"]), ".tsv", "a table")
    lines: dict[str, str] = {}
    for number, row in rows[1:]:  # after the header
        cells = row.split("\t")
        if len(cells) != 2 or not all(cells):
            raise RuleError(f"{path}:{number}: needs a line, a tab and its owner, not {row!r}")
        lines[cells[0]] = cells[1]
    for listed in ("product_lines", "software_lines"):
        lines.update((str(k), str(v)) for k, v in names[listed].items() if k != "__line__")
    # Rules match the simplified text, where OpenCC writes some lines otherwise (昇腾 -> 升腾).
    return lines | {form: owner for line, owner in lines.items() for form in (line.casefold(), to_simplified(line))}


def _line_spellings(lines: dict[str, str]) -> dict[str, str]:
    """A product line as the simplified text has it -> as its maker writes it (升腾 -> 昇腾), where they differ."""
    return {to_simplified(line): line for line in lines if to_simplified(line) != line}


def load_name_words(base: Path) -> NameWords:
    """rules/lexicon/names.yaml in `base` and the generated lists it names."""
    names = load_yaml(base / "names.yaml")
    if not isinstance(names, dict):
        raise RuleError(f"{base / 'names.yaml'}:1: a mapping of word lists")
    try:
        product_lines = _product_lines(base, names)
        generated_marques = _word_lines(base, str(names["car_marques_file"]))
        return NameWords(
            stop_words=frozenset(map(str, names["stop_words"])),
            not_names=frozenset(map(str, names["not_names"])),
            category_endings=tuple(map(str, names["category_endings"])),
            generic_latin=frozenset(map(str, names["generic_latin"])),
            latin_organisation_words=frozenset(map(str, names["latin_organisation_words"])),
            national_words=frozenset(map(str, names["national_words"])),
            function_characters=frozenset(str(names["function_characters"])),
            after_name_characters=frozenset(str(names["after_name_characters"])),
            after_name_words=frozenset(map(str, names["after_name_words"])),
            not_person_endings=tuple(map(str, names["not_person_endings"])),
            not_people=frozenset(map(str, names["not_people"])) | _word_lines(base, str(names["not_people_file"])),
            stem_suffixes=tuple(sorted(map(str, names["stem_suffixes"]), key=len, reverse=True)),
            propagate_from={str(k): tuple(map(str, v)) for k, v in names["propagate_from"].items() if k != "__line__"},
            places=_word_lines(base, str(names["places_file"])),
            national_bodies=tuple(dict.fromkeys(map(str, names["national_bodies"]))),
            home_countries=frozenset(map(str, names["home_countries"])),
            place_levels=tuple(sorted(map(str, names["place_levels"]), key=len, reverse=True)),
            level_determiners=frozenset(str(names["level_determiners"])),
            region_names={str(k): tuple(map(str, v)) for k, v in names["region_names"].items() if k != "__line__"},
            sports_cues=tuple(map(str, names["sports_cues"])),
            organisation_words=tuple(  # longest first, else in the file's order: one alternation every run
                sorted(
                    dict.fromkeys(str(w) for k, v in names["organisation_words"].items() if k != "__line__" for w in v),
                    key=len,
                    reverse=True,
                )
            ),
            kinds_after_a_place=frozenset(map(str, names["organisation_words"]["hotels"])),
            mission_words=frozenset(map(str, names["organisation_words"]["missions"])),
            legal_forms=frozenset(map(str, names["organisation_words"]["legal_forms"])),
            institution_words=frozenset(map(str, names["organisation_words"]["institutions"])),
            kinds_of_body=tuple(map(str, names["kinds_of_body"])),
            org_last_characters=frozenset(str(names["org_last_characters"])),
            not_organisation_endings=tuple(map(str, names["not_organisation_endings"])),
            not_company_endings=tuple(map(str, names["not_company_endings"])),
            transliteration_characters=frozenset(str(names["transliteration_characters"])),
            drug_characters=frozenset(str(names["transliteration_characters"]) + str(names["drug_characters"])),
            given_name_odds=_odds_table(base, str(names["given_name_file"])),
            given_name_threshold=float(names["given_name_threshold"]),
            rare_surname_threshold=float(names["rare_surname_threshold"]),
            split_tail_threshold=float(names["split_tail_threshold"]),
            product_lines=product_lines,
            line_spellings=_line_spellings(product_lines),
            product_brands={  # a generated marque is its own owner
                **{marque: marque for marque in generated_marques},
                **{
                    str(k): str(v)
                    for listed in ("product_brands", "car_marques")
                    for k, v in names[listed].items()
                    if k != "__line__"
                },
            },
            car_marques=generated_marques | frozenset(str(k) for k in names["car_marques"] if k != "__line__"),
            software_lines=frozenset(
                w for k in names["software_lines"] if k != "__line__" for w in (str(k), str(k).casefold())
            ),
            product_makers=frozenset(map(str, names["product_makers"])),
            product_descriptors=frozenset(map(str, names["product_descriptors"])),
            vehicle_context=tuple(map(str, names["vehicle_context"])),
            vehicle_nouns=tuple(map(str, names["vehicle_nouns"])),
            service_words=tuple(map(str, names["service_words"])),
            part_context=tuple(map(str, names["part_context"])),
            specification_prefixes=tuple(str(w).upper() for w in names["specification_prefixes"]),
            product_series={
                str(series): str(brand)
                for brand, all_series in names["product_series"].items()
                if brand != "__line__"
                for series in all_series
            },
            model_brands={str(k): str(v) for k, v in names["model_brands"].items() if k != "__line__"},
            place_nouns=tuple(map(str, names["place_nouns"])),
            plural_determiners=tuple(map(str, names["plural_determiners"])),
            many_countries=tuple(map(str, names["many_countries"])),
        )
    except (KeyError, TypeError) as exc:
        raise RuleError(f"{base / 'names.yaml'}:1: needs the list {exc}") from None
