"""The linking words of `rules/records.yaml`, compiled: metric, modality, reference, baseline and source words,
with the examples `api/rule_tests.py` checks like any rule's. The link stage (`stages/link.py`) reads them."""

from __future__ import annotations

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

# Metrics that count or size a thing (AI原生APP用户规模, 机器人出货量): the nouns before the word name the thing.
# (Not revenue, profit or an index: 全年收入, 核心盈利, 恒生指数 are what they are.)
_OF_A_THING = {"users", "visits", "sales_volume"}
_SOURCE_LEADS = ("", "发布的", "的", "相关", "发布", "最新")


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
    invested_in: tuple[str, ...]  # verbs after a valuation whose object it values (投资)
    group_before: regex.Pattern  # a quoted group and a word for "among" (“六小虎”中)
    part_of: tuple[str, ...]  # 占: a percent of a part has the previous number's subject
    rates: tuple[str, ...]  # nouns a percent before them is a rate of, not a share (关税)
    baseline: tuple[str, ...]
    source_before: tuple[str, ...]
    source_after: tuple[str, ...]
    examples: tuple[Example, ...]
    file: str

    def is_baseline(self, text: str, start: int) -> bool:
        """Whether the date or number at `start` is a comparison's baseline (较去年, 比上年同期)."""
        return text[max(0, start - 3) : start].endswith(self.baseline)


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
        "subject_verbs",
        "invested_in",
        "among",
        "part_of",
        "rates",
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
                [w for w, metric in metric_of.items() if metric in _OF_A_THING and len(w) > 1]
                + list(modality_of)
                + list(map(str, data["measure_words"]))
            )
            + ")$"
        ),
        before_number=frozenset(map(str, data["before_number"])),
        subject_metrics=subject_metrics,
        subject_verbs=frozenset(map(str, data["subject_verbs"])),
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
        examples=tuple(examples),
        file=str(path),
    )
