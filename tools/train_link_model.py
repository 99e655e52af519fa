"""Train rules/models/records.json, the linking models (subject, metric, period), from the development part of
the records gold (tests/records_gold/dev/) and the examples of rules/records.yaml.

    .venv/bin/python tools/train_link_model.py            # write the model
    .venv/bin/python tools/train_link_model.py --check    # exit 1 when the committed file differs
    .venv/bin/python tools/train_link_model.py --cv       # five-fold cross-validation over the dev articles

Never reads tests/records_gold/heldout/. Each dev article is extracted with `trace` on: every number gives the
options of each field with their features (zh_facts.link.subjects, metrics, periods), and an option is a positive
example where it is the gold's value (a noun phrase also where one contains the other, as
../shared/eval/score_records.py counts it). One logistic regression per field (scikit-learn's, L-BFGS:
deterministic) weighs the features. A metric's options depend on the subject chosen, and a carried subject on the
record before, so training runs a few rounds from the hand-set PRIOR_MODEL (zh_facts.ruleset.linking), each
extracting with the model of the round before.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from build_names_gold import feed_record
from generated import ROOT

from zh_facts.datatypes import Article
from zh_facts.ruleset.linking import PRIOR_MODEL
from zh_facts.ruleset.loading import load_rules
from zh_facts.stages.extract import extract_article
from zh_facts.stages.read import article_from_record, parse_meta_date, read_article

GOLD = ROOT / "tests" / "records_gold" / "dev"
NEWS = ROOT.parent / "shared" / "data" / "news"
MODEL = ROOT / "rules" / "models" / "records.json"
ROUNDS = 3
FOLDS = 5  # --cv: dev articles in five parts
C = 1.0  # the inverse strength of the L2 penalty: a few hundred numbers, many features
SUBJECT_THRESHOLD = 0.1  # a best subject option less likely than this leaves the subject empty
# Each number of rules/records.yaml's examples counts as this many of the gold's: the examples say what the linker
# must do (`zh-facts rules test` checks them), and among thousands of gold numbers one row would not.
EXAMPLE_WEIGHT = 5


def fold(s: str) -> str:
    return "".join((s or "").split()).lower()


def subject_right(value: str, gold: dict) -> bool:
    """As the scorer counts it: the subject or an alternative, or for a phrase, one containing the other."""
    got, wanted = fold(value), [fold(gold["subject"])] + [fold(a) for a in gold["subject_alts"]]
    if got in wanted:
        return True
    return gold["subject_kind"] == "other" and bool(got) and bool(wanted[0]) and (got in wanted[0] or wanted[0] in got)


def dev_gold() -> dict[str, list[dict]]:
    return {
        path.stem: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for path in sorted(GOLD.glob("*.jsonl"))
    }


def gold_article(doc_id: str) -> Article:
    """A gold article: ../shared/data/news/<doc_id>.txt, or a line of a `.jsonl` file there (`rthk_feed_2025-N`)."""
    path = NEWS / f"{doc_id}.txt"
    if path.exists():
        return read_article(path)
    return article_from_record(feed_record(doc_id), doc_id, doc_id)


def _overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def examples(rules, gold: dict[str, list[dict]], with_examples: bool = True):
    """(expected fields, subject, metric and period options) for every number of the gold and the examples."""
    for doc_id, records in gold.items():
        trace: list = []
        extract_article(gold_article(doc_id), rules, trace=trace)
        taken = set()
        for g in records:
            best = max(
                (t for t in trace if id(t) not in taken and _overlap((g["start"], g["end"]), t[0][2:4]) > 0),
                key=lambda t: _overlap((g["start"], g["end"]), t[0][2:4]),
                default=None,
            )
            if best is not None:
                taken.add(id(best))
                yield g, best[1], best[2], best[3]
    for example in rules.linking.examples if with_examples else ():
        trace = []
        date = parse_meta_date(example.date, "example")
        extract_article(Article("example", example.text, meta={"date": date}), rules, trace=trace)
        for want in example.expected:
            found = next((t for t in trace if t[0].text == want["text"]), None)
            if found is not None:
                g = {"subject_kind": want.get("subject_kind", "org"), "subject_alts": [], **want}
                yield g, found[1], found[2], found[3]


def right(field: str, option, g: dict) -> bool:
    """Whether an option of `field` is the gold's value."""
    if field == "subject":
        return (option.source == "none" and not g["subject"]) or (
            option.source != "none" and subject_right(option.value, g)
        )
    return option.value == g[field]


def labelled(found) -> dict[str, list]:
    """The options of each field of each number found, with the gold: {field: [(g, options), ...]}."""
    out: dict[str, list] = {"subject": [], "metric": [], "period": []}
    for g, subjects, metrics, periods in found:
        for field, options in (("subject", subjects), ("metric", metrics), ("period", periods)):
            if field in g:
                out[field].append((g, options))
    return out


def _field_rows(field: str, numbers: list, weight: float = 1.0) -> list[tuple[dict, int, float]]:
    """(features, 1 where right else 0, weight) of every option of `field` of the numbers of `labelled`."""
    return [(o.features, int(right(field, o, g)), weight) for g, options in numbers for o in options]


def rows(rules, gold) -> dict[str, list[tuple[dict, int, float]]]:
    found, from_examples = labelled(examples(rules, gold, False)), labelled(examples(rules, {}))
    return {
        field: _field_rows(field, found[field]) + _field_rows(field, from_examples[field], EXAMPLE_WEIGHT)
        for field in found
    }


def cross_validate(rules, gold: dict[str, list[dict]], folds: int = FOLDS) -> dict[str, float]:
    """How often the best option is right on dev articles the model was not trained on: the dev articles in
    `folds` parts, each scored by models trained on the others (and the examples). The in-sample figures of
    score_records.py flatter the features; these track the held-out part's. Also the share of numbers with a
    right option at all (`<field>_reachable`)."""
    from zh_facts.link.linker import _CERTAIN_METRIC, _CERTAIN_PERIOD, _CERTAIN_SUBJECT
    from zh_facts.link.scorer import Scorer

    certain = {"subject": _CERTAIN_SUBJECT, "metric": _CERTAIN_METRIC, "period": _CERTAIN_PERIOD}
    by_article = {doc_id: labelled(examples(rules, {doc_id: gold[doc_id]}, False)) for doc_id in sorted(gold)}
    from_examples = labelled(examples(rules, {}))
    articles = sorted(gold)
    scores: dict[str, float] = {}
    for field in ("subject", "metric", "period"):
        hits = reachable = total = 0
        for k in range(folds):
            tested = set(articles[k::folds])
            train = _field_rows(field, from_examples[field], EXAMPLE_WEIGHT)
            for doc_id in articles:
                if doc_id not in tested:
                    train += _field_rows(field, by_article[doc_id][field])
            scorer = Scorer.of({**fit(train), "threshold": SUBJECT_THRESHOLD if field == "subject" else 0.0})
            for doc_id in tested:
                for g, options in by_article[doc_id][field]:
                    best, _ = scorer.best(options, certain[field])
                    chosen = best if best is not None else next(o for o in options if o.source == "none")
                    hits += right(field, chosen, g)
                    reachable += any(right(field, o, g) for o in options)
                    total += 1
        scores[field], scores[f"{field}_reachable"] = hits / total, reachable / total
    return scores


def fit(data: list[tuple[dict, int, float]]) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([features for features, _, _ in data])
    y = [label for _, label, _ in data]
    model = LogisticRegression(C=C, solver="lbfgs", max_iter=5000).fit(x, y, sample_weight=[w for _, _, w in data])
    weights = {
        name: round(float(w), 3) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if round(w, 3)
    }
    return {"bias": round(float(model.intercept_[0]), 3), "weights": weights}


def train() -> dict:
    rules = load_rules(ROOT / "rules")
    gold = dev_gold()
    model = PRIOR_MODEL  # where training starts
    for _ in range(ROUNDS):
        rules.linking = replace(rules.linking, model=model)
        data = rows(rules, gold)
        model = {name: fit(data[name]) for name in ("subject", "metric", "period")}
    model["subject"]["threshold"] = SUBJECT_THRESHOLD
    return {
        "note": "Made by tools/train_link_model.py from tests/records_gold/dev and rules/records.yaml's "
        "examples; do not edit by hand.",
        **model,
    }


def render(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    if "--cv" in sys.argv[1:]:
        rules = load_rules(ROOT / "rules")
        scores = cross_validate(rules, dev_gold())
        print(" ".join(f"{name} {value:.3f}" for name, value in scores.items()))
        return 0
    text = render(train())
    if "--check" in sys.argv[1:]:
        same = MODEL.read_text(encoding="utf-8") == text
        print("rules/models/records.json is what the script makes" if same else "records.json differs: run the script")
        return 0 if same else 1
    MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
