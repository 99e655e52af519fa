"""The linking words of `rules/records.yaml`, compiled: metric, modality, reference, baseline and source words,
with the examples `api/rule_tests.py` checks like any rule's; and the link package's models
(`rules/models/records.json`, made by tools/train_link_model.py). The link package (`zh_facts.link`) reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import regex

from .lexicon import longest_first, word_table
from .yamlfile import (
    DEFAULT_EXAMPLE_DATE,
    Example,
    RuleError,
    load_yaml,
    mapping_of,
    parse_example,
)

MODALITIES = ("forecast", "plan", "rumor")
METRICS = (
    "revenue",
    "profit",
    "loss",
    "funding",
    "valuation",
    "investment",
    "spending",
    "market_size",
    "share",
    "users",
    "visits",
    "sales_volume",
    "price",
    "pay",
    "headcount",
    "count",
    "duration",
    "index",
    "other",
)

# Metric words that end the name of what they measure (恒生指数, 全球卫星市场, 5G渗透率): a phrase keeps them;
# it drops the others (电池级碳酸锂价格 -> 电池级碳酸锂, 全球机器人出货量 -> 全球机器人).
_NAMING_METRICS = {"index", "market_size", "share"}
_NOT_WORD_EDGES = regex.compile(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")
_PUNCTUATION = regex.compile(r"[^\p{L}\p{N}·\s]")
_SOURCE_LEADS = ("", "发布的", "的", "相关", "发布", "最新")


# The order of the rules the models replaced, as weights: where tools/train_link_model.py starts, and what a rules
# folder without models/records.json links with.
PRIOR_MODEL = {
    "subject": {
        "bias": -3.0,
        "weights": {
            "clause_before": 2.0,
            "nearest_in_clause": 1.5,
            "sentence_before": 1.0,
            "nearest_before": 0.5,
            "clause_after": 0.5,
            "respectively": 4.0,
            "invested_in": 4.0,
            "source_cited": -3.0,
            "previous_sentence": 0.5,
            "refer_cue": 1.5,
            "group": 2.5,
            "phrase_topic": 1.5,
            "phrase_head": 1.0,
            "phrase_after_de": 1.5,
            "phrase_counted": 1.0,
            "carried_subject": 1.0,
            "none": 0.0,
        },
    },
    "metric": {
        "bias": -3.0,
        "weights": {
            "word_right_after": 3.0,
            "word_clause_before": 2.0,
            "word_clause_after": 1.5,
            "word_nearest": 1.0,
            "word_sentence_before": 1.0,
            "unit": 1.5,
            "share_rule": 4.0,
            "share_of_de": 2.0,
            "subject_ends": 1.0,
            "quote_index": 3.0,
            "quote_price": 2.0,
            "quote_rate": 2.0,
            "carried_metric": 1.0,
            "carried_direction": 1.5,
            "other": 1.0,
        },
    },
    "period": {
        "bias": -3.0,
        "weights": {
            "date_clause_before": 2.5,
            "date_clause_after": 2.0,
            "date_sentence_before": 1.5,
            "nearest": 1.0,
            "baseline": -3.0,
            "baseline_right_before": 5.0,
            "date_previous_sentence": 0.5,
            "carried_period": 0.5,
            "none": 1.5,
        },
    },
}


@dataclass(frozen=True)
class LinkingWords:
    """The words of rules/records.yaml, compiled."""

    metric_words: regex.Pattern  # every metric word, longest first; `metric_of` gives its metric
    metric_of: dict[str, str]
    unit_metrics: dict[str, str]
    modality_words: regex.Pattern
    modality_of: dict[str, str]
    refer_back: regex.Pattern
    trailing_words: regex.Pattern  # a metric or modality word at the end of a noun phrase
    before_number: frozenset[str]  # words between a subject and its number (高达, 达到): never part of it
    subject_metrics: dict[str, str]  # the end of a noun-phrase subject (市场) -> the metric it gives
    subject_verbs: frozenset[str]  # words tagged as verbs that a noun-phrase subject holds (应用)
    measure_endings: tuple[str, ...]  # the ends of a phrase that names an amount (中标额, 发电量)
    scopes: frozenset[str]  # where, not what: no subject alone (在全球裁员6000人)
    index_names: frozenset[str]  # an index by a name that is also its metric word (恒指): a subject all the same
    contract_words: tuple[str, ...]  # a date right before one is a contract's month, no period (10月合约)
    as_of_words: tuple[str, ...]  # a date right after one is an as-of date (截至8月14日)
    since_words: tuple[str, ...]  # a date right before one starts a comparison (2021年3月以来新高)
    previous_value_words: tuple[str, ...]  # a number right after one is the reading before (前值3%)
    invested_in: tuple[str, ...]  # verbs after a valuation whose object it values (投资)
    group_before: regex.Pattern  # a quoted group and a word for "among" (“六小虎”中)
    part_of: tuple[str, ...]  # 占: a percent of a part has the previous number's subject
    rates: tuple[str, ...]  # nouns a percent before them is a rate of, not a share (关税)
    baseline: tuple[str, ...]
    source_before: tuple[str, ...]
    source_after: tuple[str, ...]
    head_verbs: regex.Pattern  # the first verb of a clause ends the phrase it opens with (沪铝 涨0.95%)
    quote_move: regex.Pattern  # a quote's move or level right before its number (涨, 跌, 报)
    index_subject: regex.Pattern  # a subject that is an index (恒生指数, 道指, 科创50): its quotes are `index`
    rate_subject: regex.Pattern  # a rate or a macro statistic (收益率, GDP, 出口): its quotes are `other`
    not_a_phrase: regex.Pattern  # what no noun-phrase subject is or ends in: a time word (单日, 同期), a verb
    examples: tuple[Example, ...]
    file: str
    model: dict  # field -> {bias, weights, threshold}: rules/models/records.json

    def clean_phrase(self, phrase: str) -> str:
        """A noun phrase as a subject: without time words at its edges nor a measure or modality word at its
        end (全球卫星市场规模 -> 全球卫星市场); empty when nothing a reader would name is left (跌幅, 单日, 高达)."""
        previous = None
        phrase = _NOT_WORD_EDGES.sub("", phrase)
        if _PUNCTUATION.search(phrase):  # a phrase runs over no list, quote or parenthesis (上海、江苏…分别)
            return ""
        while phrase and phrase != previous:
            previous = phrase
            phrase = self.not_a_phrase.sub("", phrase.strip())
            match = self.trailing_words.search(phrase)
            if match is not None and match.start() >= 2:
                phrase = phrase[: match.start()]
            elif match is not None and match.start() == 1:
                return ""  # one character before a measure word is none's name (总规模, 后跌幅)
        if len(phrase) < 2 or phrase in self.before_number or phrase in self.baseline or phrase in self.scopes:
            return ""
        if phrase[0].isdigit() or self.trailing_words.fullmatch(phrase):
            return ""
        index = self.index_subject.search(phrase)
        if index is not None and index.start() > 0 or phrase in self.index_names:
            return phrase  # an index by name (纳斯达克指数, 恒指) is what its quotes are of
        if phrase in self.metric_of:  # only what is measured (净利润)
            return ""
        after_first = self.metric_words.match(phrase, 1)  # 总营收, and a word's last character before one (去年|度盈利)
        measured = (
            self.metric_words.match(phrase)
            or after_first
            and (phrase[0] in "总净年月日季" or after_first.end() == len(phrase))
        )
        if measured or self.refer_back.match(phrase):
            return (
                ""  # 月活总量, 总薪资中位数, (2024)年收入, 其单笔融资: what is measured; of whom, the words before say
            )
        return phrase

    def is_baseline(self, text: str, start: int) -> bool:
        """Whether the date or number at `start` is a comparison's baseline (较去年, 比上年同期)."""
        return text[max(0, start - 3) : start].endswith(self.baseline)


_NUMBER_AHEAD = r"(?=\s?[\d一二三四五六七八九十两百千万亿几数半])"


def _head_verbs(words: list[str], before_number: frozenset[str]) -> regex.Pattern:
    """The words that end a clause's head: its verbs, a modality word, a word before a number (预计, 高达), 在/于
    before a date. A one-character word that stands before numbers (约, 共, 超) ends it only before a number:
    inside a word it is none (美油10月合约跌2.29%)."""
    loose = [w for w in words if len(w) == 1 and w in before_number]
    strict = [w for w in words if w not in loose]
    return regex.compile("(?:" + longest_first(strict) + ")|(?:" + longest_first(loose) + ")" + _NUMBER_AHEAD)


def load_linking(folder: Path) -> LinkingWords:
    path = folder / "records.yaml"
    data = load_yaml(path)
    where = f"{path}:1"
    metric_of, unit_metrics, subject_metrics, modality_of = {}, {}, {}, {}
    for section, target in (
        ("metrics", metric_of),
        ("unit_metrics", unit_metrics),
        ("subject_metrics", subject_metrics),
    ):
        for metric, words in mapping_of(data, section, path).items():
            if metric not in METRICS:
                raise RuleError(
                    f"{path}:{data[section]['__line__']}: {section}: {metric!r} is not a metric of "
                    f"../shared/RECORDS.md ({', '.join(METRICS)})"
                )
            target.update((str(w), metric) for w in words)
    index_names = frozenset(map(str, data.get("index_names") or ()))
    metric_of.update((name, "index") for name in index_names)
    for modality, words in mapping_of(data, "modality", path).items():
        if modality not in MODALITIES:
            raise RuleError(f"{where}: modality {modality!r} is not one of {', '.join(MODALITIES)}")
        modality_of.update((str(w), modality) for w in words)
    for key in (
        "baseline",
        "source_before",
        "source_after",
        "before_number",
        "measure_words",
        "measure_endings",
        "scopes",
        "contract_words",
        "as_of_words",
        "since_words",
        "previous_value_words",
        "subject_verbs",
        "invested_in",
        "among",
        "part_of",
        "rates",
        "head_verbs",
        "quote_moves",
        "index_endings",
        "rate_endings",
        "time_words",
    ):
        if not isinstance(data.get(key), list) or not data[key]:
            raise RuleError(f"{where}: needs a list `{key}`")
    examples = [
        parse_example(
            entry,
            f"{path}:{entry.get('__line__', 1) if isinstance(entry, dict) else 1}",
            DEFAULT_EXAMPLE_DATE,
            expect="records",
        )
        for entry in data.get("examples") or []
    ]
    if not examples:
        raise RuleError(f"{where}: the linking words need `examples` like any rule")
    model_path = folder / "models" / "records.json"
    try:
        model = json.loads(model_path.read_text(encoding="utf-8")) if model_path.exists() else PRIOR_MODEL
        for name in ("subject", "metric", "period"):
            model[name]["bias"], model[name]["weights"]  # noqa: B018 (a missing key is the error below)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuleError(f"{model_path}:1: the linking models: {exc} (tools/train_link_model.py makes them)") from None
    return LinkingWords(
        metric_words=regex.compile(longest_first(metric_of)),
        metric_of=metric_of,
        unit_metrics=unit_metrics,
        modality_words=regex.compile(longest_first(modality_of)),
        modality_of=modality_of,
        refer_back=regex.compile(word_table(mapping_of(data, "refer_back", path), ("refers",), where).alternation),
        trailing_words=regex.compile(
            "(?:"
            + longest_first(
                [w for w, metric in metric_of.items() if metric not in _NAMING_METRICS and len(w) > 1]
                + list(modality_of)
                + list(map(str, data["measure_words"]))
            )
            + ")$"
        ),
        before_number=frozenset(map(str, data["before_number"])),
        subject_metrics=subject_metrics,
        subject_verbs=frozenset(map(str, data["subject_verbs"])),
        measure_endings=tuple(map(str, data["measure_endings"])),
        scopes=frozenset(map(str, data["scopes"])),
        index_names=index_names,
        contract_words=tuple(map(str, data["contract_words"])),
        as_of_words=tuple(map(str, data["as_of_words"])),
        since_words=tuple(map(str, data["since_words"])),
        previous_value_words=tuple(map(str, data["previous_value_words"])),
        invested_in=tuple(map(str, data["invested_in"])),
        group_before=regex.compile(
            r"[“「『\"]([^”」』\"]{1,12})[”」』\"](?:"
            + longest_first(map(str, data["among"]))
            + r")(?=有|的|共|[,，]|\d)"
        ),
        part_of=tuple(map(str, data["part_of"])),
        rates=tuple(map(str, data["rates"])),
        baseline=tuple(map(str, data["baseline"])),
        source_before=tuple(map(str, data["source_before"])),
        # the words, also after 的, 发布的, 相关 (凯捷发布的报告显示, 谷歌相关报告预计)
        source_after=tuple(lead + str(word) for lead in _SOURCE_LEADS for word in data["source_after"]),
        head_verbs=_head_verbs(
            [*map(str, data["head_verbs"]), *modality_of, *map(str, data["before_number"]), "在", "于"],
            frozenset(map(str, data["before_number"])),
        ),
        quote_move=regex.compile(
            "(?:" + longest_first(map(str, data["quote_moves"])) + ")(?:" + longest_first(data["before_number"]) + ")?$"
        ),
        index_subject=regex.compile(  # and 科创50, 沪深300: a board's number
            "(?:" + longest_first(map(str, data["index_endings"])) + r"|(?<![\d.])\d{2,3})$"
        ),
        rate_subject=regex.compile("(?:" + longest_first(map(str, data["rate_endings"])) + ")$"),
        not_a_phrase=regex.compile(
            "^(?:"
            + longest_first(map(str, data["time_words"]))
            + ")+|(?:"
            + longest_first(map(str, data["time_words"]))
            + ")+$"
        ),
        examples=tuple(examples),
        file=str(path),
        model=model,
    )
