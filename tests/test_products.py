"""Products by line and model (rules/product.yaml, lexicon/names.yaml product_lines; the generated lines of
tools/build_product_lines.py): what they find, what they leave, and the generated table's checks."""

import subprocess
import sys

import pytest
from conftest import PROJECT, facts_of
from test_registries import rules_without_a_tab

from zh_facts.ruleset.loading import load_rules
from zh_facts.ruleset.yamlfile import RuleError


def products(text):
    return {(f["text"], f["value"], f["owner"]) for f in facts_of(text) if f["type"] == "product"}


def test_the_committed_product_lines_are_what_the_script_makes():
    pytest.importorskip("device_detector", reason="device-detector (a test extra) is not installed")
    checked = subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "build_product_lines.py"), "--check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_a_generated_line_and_a_hand_kept_one_name_their_owner():
    assert products("三星Galaxy S24 Ultra和荣耀Magic6，小米Redmi K70") == {
        ("Galaxy S24 Ultra", "Galaxy S24 Ultra", "三星"),
        ("Magic6", "Magic6", "荣耀"),
        ("Redmi K70", "Redmi K70", "小米"),
    }
    assert products("台積電為輝達代工Blackwell，驍龍X Elite筆電") >= {("驍龍X Elite", "骁龙X Elite", "高通")}


def test_a_brand_keeps_its_code_a_car_marque_stands_apart_and_a_maker_drops_out():
    assert products("红米K30和理想L6、极氪001交付，英伟达B200与AMD MI300X") == {
        ("红米K30", "红米K30", "小米"),
        ("L6", "理想L6", "理想汽车"),  # 理想 is an organisation of its own (org.car_marque)
        ("001", "极氪001", "极氪"),
        ("B200", "B200", "英伟达"),
        ("MI300X", "MI300X", "AMD"),
    }
    orgs = {f["text"] for f in facts_of("理想L6和极氪001交付") if f["type"] == "org"}
    assert orgs == {"理想", "极氪"}


def test_no_product_in_a_year_an_amount_or_a_specification():
    assert products("苹果2024年营收，小米14亿元，华为5G，特斯拉300万辆，英伟达2025财年，高通3成") == set()


def test_a_broken_line_of_the_product_lines_is_an_error_naming_it(tmp_path):
    folder = rules_without_a_tab(tmp_path, "lexicon/product_lines.tsv", 5)
    with pytest.raises(RuleError, match=r"product_lines\.tsv:5: needs a line, a tab and its owner"):
        load_rules(folder)
