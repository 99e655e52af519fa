"""One parametrised test runs every example of every rule (rules/*.yaml and rules/gazetteer/*.yaml)."""
import pytest

from pipeline.examples import run_example
from pipeline.rules import default_rules

_RULES = default_rules()
CASES = [(rule, example) for rule in _RULES.rules for example in rule.examples]


def test_every_rule_has_examples():
    assert all(rule.examples for rule in _RULES.rules)
    assert len(CASES) > 100


@pytest.mark.parametrize("rule,example", CASES, ids=[f"{r.id}:{e.line}" for r, e in CASES])
def test_example(rule, example):
    result = run_example(_RULES, rule, example)
    assert result.ok, result.report()
