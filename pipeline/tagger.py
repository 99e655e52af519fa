"""A statistical candidate source for names: a character CRF (CRFsuite) declared in `rules/models/*.yaml`.

The model is trained by `tools/train_name_model.py` from CLUENER2020's train
split and tags each character B-/I-/O of its labels (ORG, PER). It only fills
gaps: a span it finds is kept where no rule found anything (extract.py), and
its normaliser vetoes what the SCHEMA does not call a name (a generic body, a
place, a title). A model file is loaded once per rule set; the two rules made
from one file (one per label) share one tagging of each text.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from .gazetteer import NameMatch
from .ruleyaml import DEFAULT_EXAMPLE_DATE, Example, RuleError, load_yaml, mapping_of, parse_example

# What the tagger sees of one piece of text: a sentence or a line (it was trained on sentences).
_PIECE = regex.compile(r"[^\n。！？!?；;]+")
_PAD_BEFORE, _PAD_AFTER = "\x02", "\x03"


def char_features(text: str) -> list[tuple[str, ...]]:
    """Per character: itself, the characters before and after it, and the two bigrams it is in.

    One definition for training and tagging. Five short strings a character tag about 690,000
    characters a second; seven (with the second neighbours) did as well on CLUENER dev (recall of
    organisations 0.82 against 0.81, of people 0.74 against 0.76) and were a third slower.
    """
    pad = _PAD_BEFORE + text + _PAD_AFTER
    n = len(text)
    before, after = pad[:n], pad[2:n + 2]
    return list(zip(
        ["c" + x for x in text],
        ["p" + x for x in before],
        ["n" + x for x in after],
        ["b" + a + b for a, b in zip(before, text)],
        ["d" + a + b for a, b in zip(text, after)],
    ))


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int
    confidence: float  # the lowest marginal probability of the span's tags


class SequenceTagger:
    """One CRFsuite model file. `spans(text)` tags every sentence of a text; the last text's spans are kept,
    so the rules of each label read one tagging."""

    def __init__(self, path: Path):
        import pycrfsuite

        self.path = path
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(path))
        except (OSError, ValueError) as exc:
            raise RuleError(f"{path}:1: cannot open the model: {exc}") from None
        self.labels = frozenset(t[2:] for t in self._tagger.labels() if t[:2] in ("B-", "I-"))
        self._last: tuple[str, list[Span]] | None = None

    def spans(self, text: str) -> list[Span]:
        if self._last is not None and self._last[0] is text:
            return self._last[1]
        found: list[Span] = []
        tagger = self._tagger
        for piece in _PIECE.finditer(text):
            tags = tagger.tag(char_features(piece.group()))
            start = label = None
            for i, tag in enumerate(tags + ["O"]):
                if start is not None and tag != "I-" + label:
                    confidence = min(tagger.marginal(tags[j], j) for j in range(start, i))
                    found.append(Span(label, piece.start() + start, piece.start() + i, confidence))
                    start = label = None
                if tag[:2] == "B-" or (tag[:2] == "I-" and start is None):
                    start, label = i, tag[2:]
        self._last = (text, found)
        return found


class LabelMatcher:
    """The spans of one label at or above a confidence, shaped like a compiled pattern for the rule loop."""

    def __init__(self, tagger: SequenceTagger, label: str, min_confidence: float):
        self.tagger, self.label, self.min_confidence = tagger, label, min_confidence

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, timeout: float | None = None) -> list[NameMatch]:
        end = len(text) if endpos is None else endpos
        return [NameMatch(self, text, s.start, s.end) for s in self.tagger.spans(text)
                if s.label == self.label and s.confidence >= self.min_confidence and pos <= s.start and s.end <= end]


@dataclass(frozen=True)
class ModelRule:
    """One label of a model file, as the rule set makes it a rule."""

    id: str
    type: str
    normalizer: str
    matcher: LabelMatcher
    examples: tuple[Example, ...]
    file: str
    line: int


def load_models(folder: Path, fact_types) -> list[ModelRule]:
    """The rules of every `folder/models/*.yaml`: one per label, in the file's order."""
    rules = []
    for path in sorted((folder / "models").glob("*.yaml")):
        data = load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("model"), str):
            raise RuleError(f"{path}:1: a model file names its `model` (a CRFsuite file beside it) and its `labels`")
        model_path = path.parent / data["model"]
        if Path(data["model"]).name != data["model"] or not model_path.is_file():
            raise RuleError(f"{path}:{data['__line__']}: model {data['model']!r} is not a file in {path.parent}")
        confidence = data.get("min_confidence")
        if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            raise RuleError(f"{path}:{data['__line__']}: `min_confidence` is a probability from 0 to 1")
        tagger = SequenceTagger(model_path)
        for label, spec in mapping_of(data, "labels", path).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("normalizer"), str):
                raise RuleError(f"{path}:{data['__line__']}: label {label} needs `type`, `normalizer` and `examples`")
            where = f"{path}:{spec['__line__']}"
            if label not in tagger.labels:
                raise RuleError(f"{where}: the model has no label {label!r} (it has {', '.join(sorted(tagger.labels))})")
            fact_type = fact_types.check(spec.get("type"), where).name
            examples = tuple(parse_example(e, where, DEFAULT_EXAMPLE_DATE) for e in spec.get("examples") or [])
            if not examples:
                raise RuleError(f"{where}: label {label} has no examples")
            rules.append(ModelRule(
                id=f"model.{path.stem}.{fact_type}", type=fact_type, normalizer=spec["normalizer"],
                matcher=LabelMatcher(tagger, label, float(confidence)), examples=examples,
                file=str(path), line=spec["__line__"],
            ))
    return rules
