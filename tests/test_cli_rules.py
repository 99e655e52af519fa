"""`python -m zh_facts rules test|explain`, and the one way overlaps are resolved."""

import shutil
import subprocess
import sys
from pathlib import Path

from zh_facts.datatypes import Candidate, Value
from zh_facts.stages.extract import resolve

PROJECT = Path(__file__).resolve().parent.parent


def cli(*args):
    return subprocess.run([sys.executable, "-m", "zh_facts", *args], capture_output=True, text=True, cwd=PROJECT)


def test_rules_test_passes_on_the_project_rules():
    result = cli("rules", "test", "rules/percent.yaml")
    assert result.returncode == 0, result.stdout
    assert " passed, 0 failed" in result.stdout


def test_rules_test_prints_expected_against_got(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", rules)
    text = (rules / "percent.yaml").read_text(encoding="utf-8")
    (rules / "percent.yaml").write_text(
        text.replace("{text: 8.9%, value: 8.9,", "{text: 8.9%, value: 9.8,"), encoding="utf-8"
    )
    result = cli("rules", "test", "--rules", str(rules), str(rules / "percent.yaml"))
    assert result.returncode == 1
    assert "percent.yaml:" in result.stdout and "rule percent.sign" in result.stdout
    assert "value: expected '9.8', got '8.9'" in result.stdout
    assert "1 failed" in result.stdout


def test_rules_test_reports_a_broken_rule_file_with_its_line(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", rules)
    (rules / "broken.yaml").write_text(
        "type: money\nrules:\n  - id: x\n    pattern: '(unclosed'\n    examples: [{text: a}]\n", encoding="utf-8"
    )
    result = cli("rules", "test", "--rules", str(rules))
    assert result.returncode == 2
    assert "broken.yaml:3: pattern of 'x' does not compile" in result.stderr


def test_rules_explain_shows_winners_and_losers():
    result = cli(
        "rules", "explain", "字節跳動資本開支有望達到1600億元，較去年的800億翻了整整一倍。", "--date", "2025-07-01"
    )
    assert result.returncode == 0
    out = result.stdout
    assert "reference date 2025-07-01 (--date)" in out
    assert "money    '800億' -> 80000000000 unit=CNY  [money.implied_currency]" in out
    assert "lost an overlap" in out and "quantity.bare_magnitude" in out.split("lost an overlap")[1]


def candidate(kind, start, end, rule, priority=50):
    return Candidate(kind, start, end, rule, priority, Value("v"))


def test_overlaps_longest_then_priority_then_earliest_per_layer(rules):
    kept, lost = resolve(
        [
            candidate("quantity", 0, 4, "short"),  # loses to the longer money
            candidate("money", 0, 6, "long"),
            candidate("date", 10, 15, "low", priority=40),  # same span: higher priority wins
            candidate("percent", 10, 15, "high", priority=70),
            candidate("org", 20, 22, "inside"),  # an org inside a product stays
            candidate("product", 20, 24, "product"),
            candidate("person", 21, 23, "person"),  # a person never overlaps org or product
            candidate("date", 30, 33, "first"),  # same length and priority: earlier wins
            candidate("date", 31, 34, "second"),
        ],
        rules.types,
    )
    assert [c.rule_id for c in kept] == ["long", "high", "inside", "product", "first"]  # in text order
    assert {c.rule_id for c in lost} == {"short", "low", "person", "second"}
