"""Run the examples written beside each rule.

An example's text goes through the whole pipeline. Every fact it lists must
come out (same type, text and the fields it gives: value, unit, qualifier,
mod, per, owner); no other fact of the rule's type may come out. An example
with `facts: []` must produce no fact of the rule's type.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..datatypes import Article
from ..ruleset.loading import Example, Rule, RuleSet
from ..stages.read import parse_meta_date

CHECKED_FIELDS = ("value", "unit", "qualifier", "mod", "per", "owner", "direction", "code")


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    example: Example
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        head = f"{self.rule.file}:{self.example.line}: rule {self.rule.id}: example {self.example.text!r}"
        return "\n".join([head, *("    " + p for p in self.problems)])


def _same(field: str, numeric: bool, expected: str, got: str) -> bool:
    if field == "value" and numeric:
        try:
            return math.isclose(float(expected), float(got), rel_tol=1e-9, abs_tol=1e-9)
        except ValueError:
            return False
    return expected == got


def _describe(fact: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in fact.items() if v not in ("", None)) + "}"


def run_example(rules: RuleSet, rule: Rule, example: Example) -> ExampleResult:
    from ..stages.extract import extract_article

    article = Article("example", example.text, meta={"date": parse_meta_date(example.date, rule.where)})
    produced = [
        {
            "type": f.type,
            "text": f.text,
            "value": f.value,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "mod": f.mod,
            "per": f.per,
            "owner": f.owner,
            "direction": f.direction,
            "code": f.code,
            "rule_id": f.rule_id,
        }
        for f in extract_article(article, rules).facts
    ]
    problems = []
    matched: set[int] = set()
    for expected in example.expected:
        want = {"type": rule.type, **expected}
        candidates = [
            i
            for i, f in enumerate(produced)  # a fact written twice is listed twice
            if f["type"] == want["type"] and f["text"] == want["text"] and i not in matched
        ]
        if not candidates:
            problems.append(f"missing {_describe(want)}")
            continue
        numeric = want["type"] in rules.types and rules.types[want["type"]].numeric
        good = [
            i
            for i in candidates
            if all(_same(k, numeric, want[k], produced[i][k]) for k in CHECKED_FIELDS if k in want)
        ]
        if good:
            matched.add(good[0])
        else:
            got = produced[candidates[0]]
            diffs = [
                f"{k}: expected {want[k]!r}, got {got[k]!r}"
                for k in CHECKED_FIELDS
                if k in want and not _same(k, numeric, want[k], got[k])
            ]
            problems.append(f"wrong {want['text']!r}: " + "; ".join(diffs) + f" (rule {got['rule_id']})")
            matched.add(candidates[0])
    for i, fact in enumerate(produced):
        if fact["type"] == rule.type and i not in matched:
            problems.append(f"unexpected {_describe({k: v for k, v in fact.items()})}")
    return ExampleResult(rule, example, tuple(problems))


def run_examples(rules: RuleSet, files: list[str] | None = None) -> list[ExampleResult]:
    from pathlib import Path

    wanted = {str(Path(f).resolve()) for f in files or []}
    results = []
    for rule in rules.rules:
        if wanted and str(Path(rule.file).resolve()) not in wanted:
            continue
        results.extend(run_example(rules, rule, example) for example in rule.examples)
    return results


def run_link_example(rules: RuleSet, example: Example) -> tuple[bool, str]:
    """A `records.yaml` example: every record it lists comes out with the fields it gives."""
    from ..stages.extract import extract_article

    article = Article("example", example.text, meta={"date": parse_meta_date(example.date, rules.linking.file)})
    produced = extract_article(article, rules).records
    problems = []
    for want in example.expected:
        got = [r for r in produced if r.text == want["text"]]
        if not got:
            problems.append(f"missing a record of {want['text']!r}")
            continue
        wrong = [
            f"{k}: expected {v!r}, got {getattr(got[0], k)!r}"
            for k, v in want.items()
            if k != "text" and getattr(got[0], k) != v
        ]
        if wrong:
            problems.append(f"{want['text']!r}: " + "; ".join(wrong))
    head = f"{rules.linking.file}:{example.line}: records example {example.text!r}"
    return not problems, "\n".join([head, *("    " + p for p in problems)])
