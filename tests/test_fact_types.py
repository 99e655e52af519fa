"""A fact type is one declaration (rules/types.yaml), a rule file and a normaliser; a rule set owns its state."""

import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import spacy
from conftest import PROJECT

from zh_facts import extract_text
from zh_facts.datatypes import Value
from zh_facts.engine.run import RunOptions, run
from zh_facts.normalizers import Normalizer
from zh_facts.ruleset.loading import load_rules
from zh_facts.ruleset.yamlfile import RuleError

TEMPERATURE_TYPE = """  temperature: {label: TEMPERATURE, layer: measure, role: number, colour: '#CC6677', underline: dashed}
"""
TEMPERATURE_RULES = """type: temperature
normalizer: quantity
rules:
  - id: temperature.celsius
    pattern: '{{number_start}}(?P<number>{{number}})\\s?(?P<unit>摄氏度|℃)'
    examples:
      - text: 北京氣溫高達35℃，創下新高
        facts:
          - {text: 35℃, value: 35, unit: ℃}
      - text: 溫度計賣了3台
        facts: []
"""


@pytest.fixture
def toy_rules(tmp_path):
    """A copy of rules/ with one more type, declared and given a rule file, and nothing else changed."""
    folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", folder)
    with open(folder / "types.yaml", "a", encoding="utf-8") as types:
        types.write(TEMPERATURE_TYPE)
    (folder / "temperature.yaml").write_text(TEMPERATURE_RULES, encoding="utf-8")
    return folder


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "zh_facts", *map(str, args)], capture_output=True, text=True, cwd=PROJECT
    )


def test_a_toy_type_works_everywhere_from_its_declaration_and_rule_file(toy_rules, tmp_path):
    tested = cli("rules", "test", toy_rules / "temperature.yaml", "--rules", toy_rules)
    assert tested.returncode == 0 and "2 passed, 0 failed" in tested.stdout, tested.stdout + tested.stderr

    explained = cli("rules", "explain", "北京氣溫高達35℃", "--rules", toy_rules)
    assert "temperature" in explained.stdout and "[temperature.celsius]" in explained.stdout

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "heat.txt").write_text("北京氣溫高達35℃，騰訊元寶用戶增長七成。", encoding="utf-8")
    ruleset = load_rules(toy_rules)
    run(corpus, tmp_path / "out", ruleset, RunOptions(use_cache=False))
    facts = (tmp_path / "out" / "facts.csv").read_text(encoding="utf-8")
    assert "heat,temperature," in facts and ",35℃,35,℃," in facts
    # `role: number` makes it a record's number and gives it an amount: no code names the type
    records = pd.read_csv(tmp_path / "out" / "records.csv", keep_default_na=False)
    assert records.query("type == 'temperature'")["subject"].tolist() == ["北京气温"]
    assert pd.read_parquet(tmp_path / "out" / "facts.parquet").query("type == 'temperature'")["amount"].tolist() == [
        35.0
    ]
    page = (tmp_path / "out" / "review" / "heat.html").read_text(encoding="utf-8")
    assert 'class="fact temperature"' in page and "mark.fact.temperature" in page and "#CC6677" in page

    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts", config={"reference_date": "2025-07-01", "rules": str(toy_rules)})
    doc = nlp("北京氣溫高達35℃")
    assert [(s.text, s.label_, s._.value) for s in doc.spans["facts"] if s.label_ == "TEMPERATURE"] == [
        ("35℃", "TEMPERATURE", 35.0)  # typed: a number, as its role says
    ]


FAHRENHEIT_RULES = """type: temperature
normalizer: fahrenheit
rules:
  - id: temperature.fahrenheit
    pattern: '{{number_start}}(?P<number>\\d+)\\s?(?P<unit>华氏度|℉)'
    examples:
      - text: 紐約氣溫95℉
        facts:
          - {text: 95℉, value: 35, unit: ℃}
"""


def fahrenheit(m, doc) -> Value | None:
    """Degrees Fahrenheit, as degrees Celsius."""
    return Value(f"{(float(m.group('number')) - 32) * 5 / 9:g}", unit="℃")


def test_a_new_normaliser_is_given_to_the_rule_set_that_uses_it(toy_rules):
    (toy_rules / "temperature.yaml").write_text(FAHRENHEIT_RULES, encoding="utf-8")
    with pytest.raises(RuleError, match="unknown normaliser 'fahrenheit'"):
        load_rules(toy_rules)
    contract = Normalizer(
        "fahrenheit", fahrenheit, groups=frozenset({"number", "unit"}), required=frozenset({"number"})
    )
    ruleset = load_rules(toy_rules, extra_normalizers={"fahrenheit": contract})
    facts = extract_text("紐約氣溫95℉", date="2025-07-01", rules=ruleset)
    assert [(f.type, f.text, f.value, f.unit) for f in facts.itertuples()] == [("temperature", "95℉", "35", "℃")]
    assert load_rules(PROJECT / "rules").types.get("temperature") is None  # the project's own set is untouched


def test_a_role_is_one_of_number_subject_period(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", folder)
    with open(folder / "types.yaml", "a", encoding="utf-8") as types:
        types.write(TEMPERATURE_TYPE.replace("role: number", "role: amount"))
    with pytest.raises(RuleError, match="`role` is one of number, subject, period"):
        load_rules(folder)


def test_an_undeclared_type_is_an_error_naming_file_and_line(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", folder)
    (folder / "temperature.yaml").write_text("# a comment\n" + TEMPERATURE_RULES, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    assert f"{folder / 'temperature.yaml'}:2:" in str(info.value) and "declared in types.yaml" in str(info.value)


def test_a_gazetteer_of_a_type_without_a_segmenter_tag_is_refused(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", folder)
    (folder / "gazetteer" / "dates.yaml").write_text("type: date\nentries: [[元旦]]\n", encoding="utf-8")
    with pytest.raises(RuleError, match="dates.yaml:1: a gazetteer has `type` .*org, product, person"):
        load_rules(folder)


def test_two_rule_folders_in_one_process_keep_their_own_names(tmp_path, rules):
    """Names, gazetteer matchers and the segmenter's dictionary belong to a rule set, not to a module."""
    folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", folder)
    orgs = folder / "gazetteer" / "orgs.yaml"
    listed = orgs.read_text(encoding="utf-8").replace("  - [月之暗面, Moonshot AI, Moonshot]\n", "")
    orgs.write_text(listed + "  - [星河智联]\n", encoding="utf-8")  # a name only the copy knows
    without = load_rules(folder)
    text = "月之暗面和零一萬物發布財報"

    def orgs_found(ruleset):
        return {
            (f.text, f.rule_id)
            for f in extract_text(text, date="2025-07-01", rules=ruleset).itertuples()
            if f.type == "org"
        }

    assert ("月之暗面", "gazetteer.orgs") in orgs_found(rules)
    assert ("月之暗面", "gazetteer.orgs") not in orgs_found(without)
    assert without.names.known("org", "月之暗面") is None and rules.names.known("org", "月之暗面").name == "月之暗面"
    assert without.segmenter.has_word("星河智联") and not rules.segmenter.has_word("星河智联")
    assert ("月之暗面", "gazetteer.orgs") in orgs_found(rules)  # the first set is untouched by the second's load


def test_the_extract_stage_names_no_type():
    """What depends on a type is declared in rules/types.yaml (role, columns, passes), not written in the stage."""
    source = (PROJECT / "pipeline" / "stages" / "extract.py").read_text(encoding="utf-8")
    source = re.sub(r"\.get\(\"\w+\"|\[\"\w+\"\]", "", source)  # keys of the article's metadata are no types
    named = [name for name in load_rules(PROJECT / "rules").types if f'"{name}"' in source or f"'{name}'" in source]
    assert named == []


def test_a_document_pass_no_normaliser_module_has_is_refused(toy_rules):
    types = toy_rules / "types.yaml"
    declared = types.read_text(encoding="utf-8")
    types.write_text(re.sub(r"passes: \[[^\]]*\]", "passes: [no_such_pass]", declared, count=1))
    with pytest.raises(RuleError, match="no document pass 'no_such_pass'"):
        load_rules(toy_rules)
