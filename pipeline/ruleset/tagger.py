"""A statistical candidate source for names: a character CRF (CRFsuite) declared in `rules/models/*.yaml`.

The model is trained by `tools/train_name_model.py` from CLUENER2020's train
split and tags each character B-/I-/O of its labels (ORG, PER). It only fills
gaps: a span it finds is kept where no rule found anything (extract.py), and
its normaliser vetoes what the SCHEMA does not call a name (a generic body, a
place, a title). A model file is loaded once per rule set; the two rules made
from one file (one per label) share one tagging of each text.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import regex

from ..storage import cache_folder, keep_in_cache, read_from_cache
from ..text.segment import pieces
from .gazetteer import NameMatch
from .yamlfile import (
    DEFAULT_EXAMPLE_DATE,
    Example,
    RuleError,
    load_yaml,
    mapping_of,
    parse_example,
)

# What the tagger sees of one piece of text: a sentence or a line (it was trained on sentences).
_SEPARATORS = "\n。！？!?；;"
_PAD_BEFORE, _PAD_AFTER = "\x02", "\x03"


def char_features(text: str) -> list[tuple[str, ...]]:
    """Per character: itself, the characters before and after it, and the two bigrams it is in.

    The features the model is trained on (tools/train_name_model.py); `crf_kernel.tag` computes the same ones
    from character ids, and a test checks that both give CRFsuite's own tags. Seven features (with the
    second neighbours) did as well on CLUENER dev (recall of organisations 0.82 against 0.81, of people
    0.74 against 0.76) and were a third slower.
    """
    pad = _PAD_BEFORE + text + _PAD_AFTER
    n = len(text)
    before, after = pad[:n], pad[2 : n + 2]
    return list(
        zip(
            ["c" + x for x in text],
            ["p" + x for x in before],
            ["n" + x for x in after],
            ["b" + a + b for a, b in zip(before, text)],
            ["d" + a + b for a, b in zip(text, after)],
        )
    )


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int
    confidence: float  # the lowest marginal probability of the span's tags


class SequenceTagger:
    """One CRFsuite model file, its weights read into arrays and tagged by `crf_kernel.tag`. `spans(text)`
    tags every sentence of a text; its spans are kept, so the rules of each label read one tagging.

    CRFsuite's own tagger wants five feature strings a character, built in Python: about 2 µs a character,
    which made extraction 43 % slower. `crf_kernel.tag`, compiled by numba, reads character ids: about
    0.25 µs with the Python around it, in a prepared batch."""

    def __init__(self, path: Path):
        from .crf_kernel import (
            tag,  # numba, imported only where a rules folder has a model (0.3 s)
        )

        self._tag = tag
        self.path = path
        self.tags, self._weights = _tags_and_weights(path)
        self.labels = frozenset(t[2:] for t in self.tags if t[:2] in ("B-", "I-"))
        self._names = sorted(self.labels)
        # per tag: the index of its label in _names (-1 for O), and whether it begins a name
        self._name_of_tag = np.array([self._names.index(t[2:]) if t[:2] in ("B-", "I-") else -1 for t in self.tags])
        self._begins = np.array([t[:2] == "B-" for t in self.tags])
        self._tagged: dict[int, tuple[str, list[Span]]] = {}  # by id: the texts are kept, so no id is reused

    def prepare(self, texts: list[str]) -> None:
        """Tag a batch of texts one after another and keep their spans until the next batch: between two
        articles the rules push the weights out of the CPU's cache, which made tagging 2.5 times slower."""
        self._tagged = {id(text): (text, self._find(text)) for text in texts}

    def spans(self, text: str) -> list[Span]:
        """The spans of a text of the prepared batch, or of the text alone (which replaces the batch)."""
        kept = self._tagged.get(id(text))
        if kept is not None and kept[0] is text:
            return kept[1]
        found = self._find(text)
        self._tagged = {id(text): (text, found)}
        return found

    def _find(self, text: str) -> list[Span]:
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        found = []
        for start, end in pieces(text, TAG_AT_ONCE, _SEPARATOR):
            found += self._find_in(codes[start:end], start)
        return found

    def _find_in(self, codes: np.ndarray, offset: int) -> list[Span]:
        w = self._weights
        starts, ends, names, confidences = self._tag(
            codes,
            w.char_ids,
            w.known,
            w.separator,
            w.unigrams,
            w.pair_rows,
            w.pair_second,
            w.bigrams,
            w.transitions,
            w.exp_transitions,
            self._name_of_tag,
            self._begins,
        )
        return [
            Span(self._names[name], offset + start, offset + end, confidence)
            for start, end, name, confidence in zip(
                starts.tolist(), ends.tolist(), names.tolist(), confidences.tolist()
            )
        ]


# Characters the kernel tags in one call, at most (unless one sentence is longer): it keeps about 170 bytes a
# character (its lattices), so a 20 MB article tagged at once took 1.3 GB. Tagged piece by piece, cut after a
# separator, the spans are the same: the kernel tags each sentence on its own.
TAG_AT_ONCE = 1 << 16
_SEPARATOR = regex.compile("[" + regex.escape(_SEPARATORS) + "]")


_DUMP = "import sys, pycrfsuite; tagger = pycrfsuite.Tagger(); tagger.open(sys.argv[1]); tagger.dump(sys.argv[2])"


def _read_crfsuite(path: Path) -> tuple[list[str], np.ndarray, list[tuple[str, int, float]]]:
    """A CRFsuite model's tags (in its order), transition weights and state features (feature, tag, weight),
    read from CRFsuite's own text dump: python-crfsuite's `info()` parses the same dump line by line, five
    times slower (0.45 s a load)."""
    import pycrfsuite

    reader = pycrfsuite.Tagger()
    try:
        reader.open(str(path))
    except (OSError, ValueError) as exc:
        raise RuleError(f"{path}:1: cannot open the model: {exc}") from None
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "dump"
        # python-crfsuite's dump closes its file twice (in C, then in Python): in a process with other threads (a
        # Dask worker) the second close can hit a file another thread has just opened, so there it dumps in a child
        # process; alone (the command line), here (a child costs a tenth of a second).
        if threading.active_count() == 1:
            reader.dump(str(target))
        else:
            dumped = subprocess.run(
                [sys.executable, "-c", _DUMP, str(path), str(target)], capture_output=True, text=True
            )
            if dumped.returncode:
                raise RuleError(f"{path}:1: cannot read the model: {dumped.stderr.strip().splitlines()[-1:]}")
        dump = target.read_text(encoding="utf-8", errors="surrogateescape")
    sections = dict(regex.findall(r"(?m)^(\w+) = \{\n(.*?)^\}", dump, flags=regex.DOTALL))
    tags = [
        tag for _, tag in sorted((int(i), tag) for i, tag in regex.findall(r"(?m)^ *(\d+): (.*)$", sections["LABELS"]))
    ]
    index = {tag: i for i, tag in enumerate(tags)}
    weighted = r"(?m)^ *\(\d+\) (.*) --> (\S+): ([+-]?\d+\.\d+)$"
    transitions = np.zeros((len(tags), len(tags)))
    for before, after, weight in regex.findall(weighted, sections["TRANSITIONS"]):
        transitions[index[before], index[after]] = float(weight)
    features = [
        (feature, index[tag], float(weight))
        for feature, tag, weight in regex.findall(weighted, sections["STATE_FEATURES"])
    ]
    for feature, _, _ in features:
        if not (
            feature[:1] in ("c", "p", "n") and len(feature) == 2 or feature[:1] in ("b", "d") and len(feature) == 3
        ):
            raise RuleError(
                f"{path}:1: the model's feature {feature!r} is none of those the tagger computes "
                "(zh_facts.ruleset.tagger.char_features: c, p, n and a character, b and d and two)"
            )
    return tags, transitions, features


def _tags_and_weights(path: Path) -> tuple[list[str], _Weights]:
    """A model's tags and weights: read from CRFsuite's dump the first time (0.18 s), then from the user cache,
    keyed by the model's bytes and this module. Kept as arrays alone, which numpy reads without pickle."""
    key = hashlib.sha256(path.read_bytes() + Path(__file__).read_bytes()).hexdigest()[:24]
    cached = cache_folder() / f"names-model-{key}.npz"
    kept = read_from_cache(cached)
    if kept is not None:
        try:
            with np.load(io.BytesIO(kept), allow_pickle=False) as arrays:
                kept_arrays = {name: arrays[name] for name in arrays.files}
            return [str(tag) for tag in kept_arrays.pop("tags")], _Weights.of_arrays(kept_arrays)
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
            pass  # damaged, or of an older layout: read from the model again
    tags, transitions, features = _read_crfsuite(path)
    weights = _Weights(transitions, features, len(tags))
    buffer = io.BytesIO()
    np.savez(buffer, tags=np.array(tags), **vars(weights))
    keep_in_cache(cached, buffer.getvalue())
    return tags, weights


class _Weights:
    """A model's weights as arrays over character ids (the characters its features know, and one id for
    any other): a character's three unigram weights side by side (as the character, the one before, the
    one after), the bigrams' two (ending at the character, starting at it), found by a binary search among
    the bigrams of their first character."""

    def __init__(self, transitions: np.ndarray, features: list[tuple[str, int, float]], tag_count: int):
        self.transitions = transitions
        self.exp_transitions = np.exp(transitions)
        chars = sorted({c for feature, _, _ in features for c in feature[1:]} | {_PAD_BEFORE, _PAD_AFTER})
        self.known = len(chars)  # the id of every other character
        id_of = {c: i for i, c in enumerate(chars)}
        self.char_ids = np.full(ord(chars[-1]) + 1, self.known, np.int32)
        self.char_ids[[ord(c) for c in chars]] = np.arange(self.known)
        pairs = sorted({(id_of[f[1]], id_of[f[2]]) for f, _, _ in features if f[0] in "bd"})
        # The second characters of the bigrams that start with id a: pair_second[pair_rows[a]:pair_rows[a + 1]].
        self.pair_rows = np.searchsorted(
            np.array([a for a, _ in pairs], dtype=np.int64), np.arange(self.known + 2)
        ).astype(np.int32)
        self.pair_second = np.array([b for _, b in pairs], dtype=np.int32)
        self.unigrams = np.zeros((self.known + 1, 3 * tag_count))
        self.bigrams = np.zeros((len(pairs), 2 * tag_count))
        row_of = {pair: row for row, pair in enumerate(pairs)}
        for feature, tag, weight in features:
            if feature[0] in "cpn":
                self.unigrams[id_of[feature[1]], "cpn".index(feature[0]) * tag_count + tag] = weight
            else:
                row = row_of[id_of[feature[1]], id_of[feature[2]]]
                self.bigrams[row, "bd".index(feature[0]) * tag_count + tag] = weight
        self.separator = np.zeros(max(map(ord, _SEPARATORS)) + 1, np.bool_)
        self.separator[[ord(c) for c in _SEPARATORS]] = True

    @classmethod
    def of_arrays(cls, arrays: dict[str, np.ndarray]) -> _Weights:
        """The weights as `vars(weights)` had them, saved as arrays (`known` as a 0-d one)."""
        weights = cls.__new__(cls)
        if set(arrays) != _WEIGHT_NAMES:
            raise KeyError(f"not the arrays of the weights: {sorted(arrays)}")
        vars(weights).update(arrays)
        weights.known = int(arrays["known"])
        return weights


_WEIGHT_NAMES = frozenset(
    "transitions exp_transitions known char_ids pair_rows pair_second unigrams bigrams separator".split()
)


class LabelMatcher:
    """The spans of one label at or above a confidence, shaped like a compiled pattern for the rule loop."""

    def __init__(self, tagger: SequenceTagger, label: str, min_confidence: float):
        self.tagger, self.label, self.min_confidence = tagger, label, min_confidence

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None, timeout: float | None = None
    ) -> list[NameMatch]:
        end = len(text) if endpos is None else endpos
        return [
            NameMatch(self, text, s.start, s.end)
            for s in self.tagger.spans(text)
            if s.label == self.label and s.confidence >= self.min_confidence and pos <= s.start and s.end <= end
        ]


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


def _verify(model_path: Path, data: dict, where: str) -> None:
    """The model file is the one its YAML records (`model_bytes`, `model_sha256`, written by the script that
    trains it): a truncated or damaged file is refused here, never handed to CRFsuite, which may crash on it."""
    size, digest = data.get("model_bytes"), data.get("model_sha256")
    if not isinstance(size, int) or not isinstance(digest, str):
        raise RuleError(f"{where}: a model file records `model_bytes` and `model_sha256` of its model")
    if model_path.stat().st_size != size or hashlib.sha256(model_path.read_bytes()).hexdigest() != digest:
        raise RuleError(
            f"{model_path}:1: not the model {where.rpartition(':')[0]} records (size or SHA-256 differ): "
            "damaged or replaced; train it again with tools/train_name_model.py"
        )


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
        _verify(model_path, data, f"{path}:{data['__line__']}")
        confidence = _probability(data.get("min_confidence"), f"{path}:{data['__line__']}")
        tagger = SequenceTagger(model_path)
        for label, spec in mapping_of(data, "labels", path).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("normalizer"), str):
                raise RuleError(f"{path}:{data['__line__']}: label {label} needs `type`, `normalizer` and `examples`")
            where = f"{path}:{spec['__line__']}"
            label_confidence = _probability(spec.get("min_confidence", confidence), where)
            if label not in tagger.labels:
                raise RuleError(
                    f"{where}: the model has no label {label!r} (it has {', '.join(sorted(tagger.labels))})"
                )
            fact_type = fact_types.check(spec.get("type"), where).name
            examples = tuple(parse_example(e, where, DEFAULT_EXAMPLE_DATE) for e in spec.get("examples") or [])
            if not examples:
                raise RuleError(f"{where}: label {label} has no examples")
            rules.append(
                ModelRule(
                    id=f"model.{path.stem}.{fact_type}",
                    type=fact_type,
                    normalizer=spec["normalizer"],
                    matcher=LabelMatcher(tagger, label, label_confidence),
                    examples=examples,
                    file=str(path),
                    line=spec["__line__"],
                )
            )
    return rules


def _probability(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise RuleError(f"{where}: `min_confidence` is a probability from 0 to 1")
    return float(value)
