"""Loading rules validates everything and names the file and line of each problem."""

import shutil
from pathlib import Path

import pytest

from zh_facts.ruleset.loading import RuleError, load_rules

RULES = Path(__file__).resolve().parent.parent / "rules"

GOOD_RULE = """
type: money
rules:
  - id: test.rule
    pattern: '(?P<number>\\d+)(?P<currency>元)'
    examples:
      - text: 花了30元
        facts:
          - {text: 30元, value: 30, unit: CNY}
"""


def folder_with(tmp_path, name, text):
    folder = tmp_path / "rules"
    if not folder.exists():
        shutil.copytree(RULES, folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def expect_error(tmp_path, text, message, name="zz_test.yaml"):
    with pytest.raises(RuleError) as info:
        load_rules(folder_with(tmp_path, name, text))
    assert name in str(info.value)
    assert message in str(info.value)
    return str(info.value)


def test_good_rule_loads(tmp_path):
    rules = load_rules(folder_with(tmp_path, "zz_test.yaml", GOOD_RULE))
    assert rules.by_id("test.rule").line == 4


def test_bad_yaml_names_file_and_line(tmp_path):
    error = expect_error(tmp_path, "type: money\nrules:\n  - id: [unclosed\n", "bad YAML")
    assert "zz_test.yaml:" in error


def test_pattern_that_does_not_compile(tmp_path):
    error = expect_error(tmp_path, GOOD_RULE.replace("(?P<number>\\d+)", "(?P<number>\\d+"), "does not compile")
    assert "zz_test.yaml:4" in error


def test_unknown_normaliser(tmp_path):
    expect_error(
        tmp_path, GOOD_RULE.replace("    pattern:", "    normalizer: nope\n    pattern:"), "unknown normaliser 'nope'"
    )


def test_unknown_group(tmp_path):
    expect_error(tmp_path, GOOD_RULE.replace("(?P<currency>元)", "(?P<colour>元)"), "unknown to normaliser")


def test_duplicate_id(tmp_path):
    expect_error(tmp_path, GOOD_RULE.replace("test.rule", "money.currency_after"), "duplicate rule id")


def test_unknown_macro(tmp_path):
    expect_error(tmp_path, GOOD_RULE.replace("(?P<number>\\d+)", "(?P<number>{{nonesuch}})"), "unknown macro")


def test_rule_without_examples(tmp_path):
    text = GOOD_RULE.split("    examples:")[0]
    expect_error(tmp_path, text, "has no examples")


def test_catastrophic_backtracking_is_rejected(tmp_path):
    # The regex module defuses the textbook `(\d+)+x`; behind a lookahead it still explodes.
    expect_error(
        tmp_path,
        GOOD_RULE.replace("(?P<number>\\d+)(?P<currency>元)", "(?P<number>(?=(\\d+)+x)\\d+)(?P<currency>元)?"),
        "backtracks catastrophically",
    )


def test_pattern_that_matches_everything_is_rejected(tmp_path):
    expect_error(
        tmp_path, GOOD_RULE.replace("(?P<number>\\d+)(?P<currency>元)", "(?P<number>.+)"), "matches most of any text"
    )
    expect_error(
        tmp_path, GOOD_RULE.replace("(?P<number>\\d+)(?P<currency>元)", "(?P<number>.*)"), "matches the empty string"
    )


def test_yaml_cannot_run_code(tmp_path):
    expect_error(tmp_path, "!!python/object/apply:os.system ['echo hacked']\n", "bad YAML")


def test_yaml_aliases_are_refused_before_they_expand(tmp_path):
    levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'] + [
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")
    ]
    bomb = "type: money\n" + "\n".join(levels) + "\nrules: []\n"  # 9 ** 9 strings if expanded
    error = expect_error(tmp_path, bomb, "YAML aliases (*a) are not allowed")
    assert "zz_test.yaml:3:" in error
    assert load_rules(folder_with(tmp_path, "zz_test.yaml", GOOD_RULE.replace("30元", "30元 & 40元")))


@pytest.mark.slow  # stress-checks every pattern
def test_stress_check_runs_once_per_pattern_and_never_records_a_failure(tmp_path, monkeypatch):
    from zh_facts.ruleset import stress as stress_module

    monkeypatch.setenv("ZH_FACTS_CACHE", str(tmp_path / "cache"))
    checked = []
    real_check = stress_module.check_stress
    monkeypatch.setattr(stress_module, "check_stress", lambda rule: (checked.append(rule.id), real_check(rule)))
    folder = folder_with(tmp_path, "zz_test.yaml", GOOD_RULE)
    load_rules(folder)
    everything = len(checked)
    assert everything > 40 and "test.rule" in checked
    checked.clear()
    load_rules(folder)
    assert checked == []  # all passed before
    (folder / "zz_test.yaml").write_text(GOOD_RULE.replace("\\d+", "\\d{1,9}"), encoding="utf-8")
    load_rules(folder)
    assert checked == ["test.rule"]  # only the changed pattern
    bad = GOOD_RULE.replace("(?P<number>\\d+)(?P<currency>元)", "(?P<number>(?=(\\d+)+x)\\d+)(?P<currency>元)?")
    (folder / "zz_test.yaml").write_text(bad, encoding="utf-8")
    for _ in range(2):  # the failure is found again: it was not recorded as passed
        with pytest.raises(RuleError, match="backtracks catastrophically"):
            load_rules(folder)
    (tmp_path / "cache" / "stress-passed.txt").write_bytes(b"\xff\xfe damaged")
    checked.clear()
    (folder / "zz_test.yaml").write_text(GOOD_RULE, encoding="utf-8")
    load_rules(folder)
    assert len(checked) == everything  # a damaged record: every pattern is checked again


def test_a_pattern_that_backtracks_on_its_own_characters_is_refused_at_load(tmp_path):
    """No fixed stress text holds a run of 新: the texts made of the pattern's own characters do."""
    rule = """
type: org
normalizer: org_name
rules:
  - id: test.slow
    pattern: '(?P<name>(?:新|新新)+报)'
    examples:
      - text: 看新报
        facts:
          - {text: 新报, value: 新报}
"""
    error = expect_error(tmp_path, rule, "pattern of 'test.slow' took over")
    assert "zz_test.yaml:5" in error and "新新新" in error


@pytest.mark.parametrize("relative", ["lexicon/given_name_characters.tsv", "models/names.crfsuite", "org.yaml"])
def test_the_digest_changes_with_every_kind_of_rules_file(tmp_path, relative):
    """The digest keys the per-article cache and `default_rules`' reload: a changed table or model counts."""
    from zh_facts.ruleset.loading import _digest

    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    before = _digest(folder)
    with open(folder / relative, "ab") as changed:
        changed.write(b"\n")
    assert _digest(folder) != before


def test_compiled_patterns_are_kept_for_the_next_load_and_nothing_else_is_unpickled(tmp_path, monkeypatch):
    import pickle

    import regex

    from zh_facts.ruleset.compiled import CompiledPatterns
    from zh_facts.storage import keep_in_cache

    monkeypatch.setenv("ZH_FACTS_CACHE", str(tmp_path))
    first = CompiledPatterns()
    pattern = "(?P<number>\\d+)元"
    first.compile(pattern, regex.VERSION1)
    first.save()
    again = CompiledPatterns()
    compiled = again.compile(pattern, regex.VERSION1)
    assert compiled is again.kept[(pattern, regex.VERSION1)]  # not parsed again
    assert compiled.search("花了30元").group("number") == "30"
    keep_in_cache(first.path, pickle.dumps((first.salt, {(pattern, regex.VERSION1): print})))
    assert CompiledPatterns().kept == {}  # only compiled patterns are built from the file
    first.path.write_bytes(b"damaged")
    assert CompiledPatterns().compile(pattern, regex.VERSION1).pattern == pattern
