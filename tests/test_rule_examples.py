"""One parametrised test runs every example of every rule (rules/*.yaml and rules/gazetteer/*.yaml)."""

import pytest

from zh_facts.api.rule_tests import run_example
from zh_facts.ruleset.loading import default_rules

_RULES = default_rules()
CASES = [(rule, example) for rule in _RULES.rules for example in rule.examples]


def test_every_rule_has_examples():
    assert all(rule.examples for rule in _RULES.rules)
    assert len(CASES) > 100


@pytest.mark.parametrize("rule,example", CASES, ids=[f"{r.id}:{e.line}" for r, e in CASES])
def test_example(rule, example):
    result = run_example(_RULES, rule, example)
    assert result.ok, result.report()


def test_a_fact_written_twice_must_be_listed_twice():
    """Each expected fact matches one fact found: an example listing 年初 once where the text has it twice fails."""
    from dataclasses import replace

    rule = _RULES.by_id("date.year_part")
    once = replace(rule.examples[0], text="年初至今累計，較年初上漲", expected=({"text": "年初"},))
    twice = replace(once, expected=({"text": "年初"}, {"text": "年初"}))
    assert not run_example(_RULES, rule, once).ok
    assert run_example(_RULES, rule, twice).ok
