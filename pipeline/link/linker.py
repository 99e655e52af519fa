"""The link loop: each money, percent and quantity fact tied to its subject, metric, period and modality.

For each number the options of each field are gathered with their features (`subjects.py`, `metrics.py`,
`periods.py`, reading the article through `view.py`) and scored by the logistic models of
`rules/models/records.json` (`scorer.py`); the subject comes first, since the metric of a quote depends on what
is quoted (an index's points, a stock's price). The words it reads are data in
`rules/records.yaml`; `../shared/RECORDS.md` gives the columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..datatypes import Record
from .metrics import metric_options
from .periods import period_options
from .scorer import Scorer
from .subjects import subject_options
from .view import ArticleView

if TYPE_CHECKING:
    from ..datatypes import Candidate, Fact
    from ..ruleset.fact_types import FactTypes
    from ..ruleset.linking import LinkingWords
    from ..stages.document import DocContext


# Options that the words make certain, whatever the weights: `A、B分别为x、y` (x is A's), a valuation before
# 投资 (the invested name's), a part of the number before (占总量的8.9%, 其中6成: of the same), a baseline date
# right before a number (较去年的800亿: 2024's); 该公司 opening a clause (the name before it); a metric word a
# count counts (22名高管: headcount, 1万名客户: users) or that leads straight to the number (裁员超过6000人);
# money of a market with no metric word (its size); an as-of date (截至8月19日); a release's previous reading
# (前值3%: the period before the release's).
_CERTAIN_SUBJECT = ("respectively", "invested_in", "part_of", "refers_to")
_CERTAIN_METRIC = ("compared", "word_counted", "market_money", "word_right_before")
_CERTAIN_PERIOD = ("baseline_right_before", "previous_reading", "as_of")


class Linker:
    """Links the number facts of one article with the words and models of a rule set (`rules.linking`); which
    types are numbers, subjects and periods, its fact types say (`role` in rules/types.yaml)."""

    def __init__(self, words: LinkingWords, types: FactTypes):
        self.words = words
        self.types = types
        self.scorers = {name: Scorer.of(words.model[name]) for name in ("subject", "metric", "period")}

    @classmethod
    def of(cls, words: LinkingWords, types: FactTypes) -> Linker:
        """The linker of these words and types, made once: building the scorers for every one-line article cost
        as much as linking it."""
        key = (id(words), id(types))
        found = _LINKERS.get(key)
        if found is None or found.words is not words or found.types is not types:
            found = _LINKERS[key] = cls(words, types)
        return found

    def link(
        self, doc: DocContext, kept: list[Candidate], facts: list[Fact], trace: list | None = None
    ) -> list[Record]:
        """One record per number fact of `facts` (`kept[i]` is `facts[i]` in Simplified coordinates).
        `trace`, when given, receives (fact, subject options, metric options, period options) for each number:
        what tools/train_link_model.py learns from."""
        words, scorers = self.words, self.scorers
        view = ArticleView(doc, kept, facts, words, self.types)
        records: list[Record] = []
        last: Record | None = None  # the previous record of the paragraph: a subject carried on
        last_paragraph = -1
        for i in view.numbers:
            fact, number = facts[i], kept[i]
            sentence = view.sentence_of(i)
            if sentence.paragraph_id != last_paragraph:
                last, last_paragraph = None, sentence.paragraph_id
            view.forget_before(sentence)
            subjects = subject_options(view, i, sentence, last)
            subject, p_subject = scorers["subject"].best(subjects, _CERTAIN_SUBJECT)
            metrics = metric_options(view, i, sentence, subject, last)
            metric, p_metric = scorers["metric"].best(metrics, _CERTAIN_METRIC)
            periods = period_options(view, i, sentence, last)
            period, p_period = scorers["period"].best(periods, _CERTAIN_PERIOD)
            if trace is not None:
                trace.append((fact, subjects, metrics, periods))
            if subject is not None and subject.source == "none":
                subject = None
            if period is not None and period.source == "none":
                period = None
            modality = view.modality_before(number.start, sentence)
            record = Record(
                doc_id=fact.doc_id,
                value_fact_id=view.fact_id(i),
                start=fact.start,
                end=fact.end,
                text=fact.text,
                type=fact.type,
                value=fact.value,
                unit=fact.unit,
                qualifier=fact.qualifier,
                direction=fact.direction,
                per=fact.per,
                subject_fact_id=view.fact_id(subject.fact) if subject and subject.fact is not None else "",
                subject=subject.value if subject else "",
                subject_kind=subject.kind if subject else "",
                metric=metric.value if metric else "other",
                period_fact_id=view.fact_id(period.fact) if period and period.fact is not None else "",
                period=period.value if period else "",
                modality=modality,
                sentence=fact.sentence,
                rule_id=f"records.{subject.source if subject else 'no_subject'}",
                confidence=round(p_subject * p_metric * p_period, 3),
            )
            records.append(record)
            if last is None or not view.compared(i, sentence):  # 相较于X的12.59亿: X is no subject to carry on
                last = record
        return records


_LINKERS: dict[tuple[int, int], Linker] = {}  # by the ids of their words and types (each keeps its own alive)
