"""The README's "Adding a rule" walkthrough, done on a copy of rules/: it must work as written."""

import shutil
from pathlib import Path

from zh_facts import extract_text
from zh_facts.api.rule_tests import run_examples
from zh_facts.ruleset.loading import load_rules

PROJECT = Path(__file__).resolve().parent.parent


def test_adding_the_colloquial_daiyang_as_the_readme_says(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", rules)
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "大洋: local" in readme and "花了五十大洋" in readme

    # 1. one line in the lexicon's `currency_after`: the money rules' alternation is made from it
    lexicon = (rules / "lexicon" / "money.yaml").read_text(encoding="utf-8")
    (rules / "lexicon" / "money.yaml").write_text(
        lexicon.replace("  元: local\n", "  元: local\n  大洋: local\n"), encoding="utf-8"
    )
    # 2. an example beside the rule
    money = (rules / "money.yaml").read_text(encoding="utf-8")
    anchor = "      - text: 他搬了两块砖头\n"
    example = "      - text: 花了五十大洋\n        facts:\n          - {text: 五十大洋, value: 50, unit: CNY}\n"
    (rules / "money.yaml").write_text(money.replace(anchor, example + anchor, 1), encoding="utf-8")

    # 3. the rule file's examples pass, and the pipeline finds the new money
    ruleset = load_rules(rules)
    results = run_examples(ruleset, [str(rules / "money.yaml")])
    assert results and all(r.ok for r in results), [r.report() for r in results if not r.ok]
    assert any(r.example.text == "花了五十大洋" for r in results)
    facts = extract_text("他花了五十大洋買書", date="2025-07-01", rules=ruleset)
    assert [(f.text, f.value, f.unit) for f in facts.itertuples() if f.type == "money"] == [("五十大洋", "50", "CNY")]
