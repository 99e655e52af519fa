"""Gazetteers generated from the public registries (tools/build_registry_gazetteers.py), and stock codes."""

import shutil
import subprocess
import sys

import pytest
from conftest import PROJECT, facts_of, shared

from zh_facts.ruleset.loading import load_rules
from zh_facts.ruleset.yamlfile import RuleError


def test_the_committed_registry_gazetteers_are_what_the_script_makes():
    shared("data/registries")
    checked = subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "build_registry_gazetteers.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_committed_cedict_people_and_places_are_what_the_script_makes():
    checked = subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "build_cedict_names.py"), "--check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_the_committed_given_name_characters_are_what_the_script_makes():
    shared("data/cluener/train.jsonl")
    checked = subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "build_given_names.py"), "--check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_a_surname_before_a_word_shaped_like_a_given_name_is_a_person():
    people = {
        f["text"]
        for f in facts_of("彩票沒中。曹鵬飛說：“總還有小獎。”王者說，平台表示，高管表示")
        if f["type"] == "person"
    }
    assert people == {"曹鵬飛"}


def test_a_rare_surname_counts_only_before_a_clear_given_name():
    text = "翁振杰在重庆说；阿仙奴作客修咸顿，兰桂坊的酒吧，惠誉下调评级"
    assert {f["text"] for f in facts_of(text) if f["type"] == "person"} == {"翁振杰"}


def rules_without_a_tab(tmp_path, table: str, line: int):
    """A copy of the rules whose generated `table` has its tabs on `line` (1-based) turned into spaces."""
    folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", folder)
    path = folder / table
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = lines[line - 1].replace("\t", " ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_broken_given_name_table_is_an_error_naming_file_and_line(tmp_path):
    folder = rules_without_a_tab(tmp_path, "lexicon/given_name_characters.tsv", 10)
    with pytest.raises(RuleError, match=r"given_name_characters\.tsv:10: needs a character, a tab and a number"):
        load_rules(folder)


def test_a_place_the_segmenter_tags_as_a_person_is_no_person():
    people = {
        f["text"] for f in facts_of("他从莫斯科出发，经吉隆坡到温哥华；莫斯科说", "2025-07-01") if f["type"] == "person"
    }
    assert people == set()


def orgs(text, date="2025-07-01"):
    return {f["text"]: (f["value"], f["code"]) for f in facts_of(text, date) if f["type"] == "org"}


def test_listed_companies_by_their_short_names_with_their_codes():
    found = orgs("寧德時代與五糧液發布年報，騰訊控股(00700.HK)和贵州茅台（600519）股价上涨")
    assert found["寧德時代"] == ("宁德时代", "300750.SZ")
    assert found["五糧液"][1] == "000858.SZ"
    assert found["騰訊控股"] == ("腾讯", "0700.HK")  # a listed name of a hand-kept organisation is its alias
    assert found["贵州茅台"] == ("贵州茅台", "600519.SH")  # a written code: six digits from 6 are Shanghai's


def test_a_written_code_beats_the_registrys_and_reads_the_market():
    assert orgs("台積電(2330.TW)公布營收")["台積電"] == ("台积电", "2330.TW")
    assert orgs("中芯國際（0981.HK）股價")["中芯國際"][1] == "0981.HK"


def test_short_listed_names_count_only_as_whole_words():
    assert "胜一" not in orgs("主队胜一场，客队输两场")
    assert "精华" not in orgs("文章的精华在于结尾") and "蓝天" not in orgs("蓝天白云")


def test_a_broken_entries_file_is_an_error_naming_file_and_line(tmp_path):
    folder = rules_without_a_tab(tmp_path, "gazetteer/registry_orgs.tsv", 5)
    with pytest.raises(RuleError, match=r"registry_orgs\.tsv:5: 4 tab-separated cells"):
        load_rules(folder)
    (folder / "gazetteer" / "registry_orgs.yaml").write_text(
        (folder / "gazetteer" / "registry_orgs.yaml")
        .read_text(encoding="utf-8")
        .replace("entries_file: registry_orgs.tsv", "entries_file: ../../secrets.tsv"),
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="a file name in the same folder"):
        load_rules(folder)


def test_a_regions_gazetteer_counts_only_in_articles_of_that_region(rules):
    from zh_facts import extract_text

    def hk_orgs(text, region):
        facts = extract_text(text, date="2025-07-01", rules=rules, region=region)
        return {f.text: f.value for f in facts.itertuples() if f.rule_id == "gazetteer.hk_government"}

    assert hk_orgs("教育局和入境處今日表示", "HK") == {"教育局": "教育局", "入境處": "入境事务处"}
    assert hk_orgs("教育局和入境處今日表示", "CN") == {}
    assert hk_orgs("內地海關和首爾高等法院", "HK") == {}  # another place's body
    assert rules.names.known("org", "教育局") is None  # other rules do not take it for a name anywhere


def test_a_gazetteer_of_an_unknown_region_is_refused(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", folder)
    path = folder / "gazetteer" / "hk_government.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("region: HK", "region: Hongkong"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"hk_government\.yaml:1: `region` is one of CN, TW, HK, not 'Hongkong'"):
        load_rules(folder)
