"""Options and their scores: each subject, metric or period a number may have is an `Option` with features, and
a logistic model (`rules/models/records.json`, trained by `tools/train_link_model.py`) says how likely each is
right. The best option wins; a subject below the model's threshold is left empty."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat
from math import exp
from operator import mul


@dataclass
class Option:
    """One value a number may take for one field, with the features that argue for it."""

    value: str
    source: str  # the feature that made it (clause_before, phrase_head, ...): the record's rule_id
    fact: int | None = None  # the fact it is (a name's or a date's index), None for a phrase or a metric
    kind: str = ""  # a subject's: org, product, person, other
    features: dict[str, float] = field(default_factory=dict)


class Options:
    """The options of one field of one number, merged by value: a name both nearest in its clause and the
    article's main subject is one option with both features."""

    def __init__(self):
        self.by_value: dict[str, Option] = {}

    def add(self, value: str, source: str, features: dict[str, float], fact: int | None = None, kind: str = ""):
        option = self.by_value.get(value)
        if option is None:
            if source not in features:  # the common case, in one step
                option = self.by_value[value] = Option(value, source, fact, kind, {source: 1.0, **features})
                return option
            option = self.by_value[value] = Option(value, source, fact, kind)
        elif fact is not None and option.fact is None:  # a name beats a phrase of the same words
            option.fact, option.kind = fact, kind
        mine = option.features
        mine[source] = 1.0
        for name, x in features.items():
            if x > mine.get(name, 0.0) or name not in mine:
                mine[name] = x
        return option

    def __iter__(self):
        return iter(self.by_value.values())


@dataclass(frozen=True)
class Scorer:
    """A logistic model of one field: P(option is right) = sigmoid(bias + sum of weight * feature)."""

    bias: float
    weights: dict[str, float]
    threshold: float = 0.0  # below it the best option is not taken (an empty subject)

    @classmethod
    def of(cls, model: dict) -> Scorer:
        return cls(float(model["bias"]), {k: float(v) for k, v in model["weights"].items()}, model.get("threshold", 0))

    def probability(self, features: dict[str, float]) -> float:
        # in C, with no Python frame per feature: a number's options are scored tens of times a sentence
        z = sum(map(mul, map(self.weights.get, features, repeat(0.0)), features.values()), self.bias)
        return 1.0 / (1.0 + exp(-max(-30.0, min(30.0, z))))

    def best(self, options: Options, certain: tuple[str, ...] = ()) -> tuple[Option | None, float]:
        """The likeliest option and its probability; (None, p) when even the best is under the threshold
        (p is then the probability that leaving it empty is right). An option with a feature of `certain` wins
        outright."""
        for option in options:
            if any(map(option.features.get, certain)):
                return option, max(self.probability(option.features), 0.9)
        best, p = None, -1.0
        for option in options:  # the first of equals: options come nearest first
            q = self.probability(option.features)
            if q > p:
                best, p = option, q
        if best is None:
            return None, 1.0
        if p < self.threshold:
            return None, 1.0 - p
        return best, p
