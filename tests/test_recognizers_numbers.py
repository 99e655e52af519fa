"""Microsoft Recognizers-Text Chinese specs (MIT, vendored in tests/data/recognizers) run through our extractors.

Mapping of their conventions to ours:
- Their `Start`/`End` are character offsets with `End` inclusive; ours are
  Python slices. Their `Text` is width-normalised (`１欧元` -> `1欧元`); we
  compare offsets into the input instead, so our text is the input's own.
- CurrencyModel: a result is found when one of our money facts has the same
  span, the same value and, where they give one, the same ISO code.
- PercentModel: the same span and value (their `5%` is our value 5, unit %).
  Their single result for a range (`5-20%` -> `20%`) is matched against our
  second fact; our extra first fact (SCHEMA: ranges are two facts) is allowed.
- NumberModel: our shared parser, on each number text they extract.
- A case with no results must give no fact of that type.

Excluded, with the reason (EXCLUDED below):
- 折 discounts (九折 = 90 % of the price): a shop's price, not a news percentage.
- Text spelled out with spaces between characters (`一 百 五 十 个 百 分 点`,
  `陆 点 五 折`): not how news writes numbers.
- English magnitudes `k` in percentages (`15k个百分点`) and 10^-6 fractions
  (`万万分之七`): not news usage.
- The Japanese sen (日本銭, out of use) and amounts that are only a
  currency word (`人民币` alone, no number): SCHEMA money is an amount.
- Crypto-currencies (比特币): no ISO 4217 code.
- PercentModel `五百分之2.2`: we read any N分之M as a fraction (0.44 %).
- NumberModel: ordinals (第), fractions (分之), scientific notation and
  powers (2^5), dozens (打), `半`, per-mille, and numbers written with spaces.
- DimensionModel (our quantities): a result is found when one of our quantity facts has the same span
  and value; our unit is the one written (千米, not their Kilometer), so units are not compared.
  Excluded: data sizes and frequencies (比特, 字节, 赫兹: specifications, SCHEMA) and 一位 (a bit).
"""

import json
import math

import pytest
from conftest import TEST_DATA

from zh_facts.datatypes import Article
from zh_facts.normalizers.numbers import NotANumber, parse_number
from zh_facts.stages.extract import extract_article

SPECS = TEST_DATA / "recognizers"  # vendored, MIT: tests/data/README.md
FLOORS = {"CurrencyModel": 0.90, "PercentModel": 0.90, "NumberModel": 0.90, "DimensionModel": 0.85}


def load(name: str) -> list[dict]:
    return json.loads((SPECS / name).read_text(encoding="utf-8"))


def facts(rules, text: str, kind: str):
    article = Article("spec", text, meta={})
    return [f for f in extract_article(article, rules).facts if f.type == kind]


def excluded_currency(case) -> str:
    for r in case["Results"]:
        text = r["Text"]
        if r["Resolution"].get("value") is None:
            return "a currency word without an amount"
        if "銭" in text:
            return "the Japanese sen (out of use since 1953)"
        if r["Resolution"].get("isoCurrency") is None and "Dollar" not in r["Resolution"].get("unit", ""):
            return "no ISO 4217 code (crypto-currency)"
        if len(text.replace(" ", "")) > 20:
            return "a 24-digit amount (an ID, not money)"
    return ""


def excluded_percent(case) -> str:
    texts = [r["Text"] for r in case["Results"]] or [case["Input"]]
    if any("折" in t for t in texts):
        return "折 discount"
    if any(" " in t.strip() for t in texts):
        return "characters spelled out with spaces"
    if any("k" in t for t in texts) or "万万分之" in case["Input"] or "百万分之" in case["Input"]:
        return "k magnitude or 10^-6 fraction"
    if "半成" in case["Input"]:
        return "半成 (5 %) is not news usage"
    if "http" in case["Input"]:
        return "a URL"
    if "五百分之" in case["Input"]:
        return "we read any N分之M as a fraction (2.2/500 = 0.44 %); they read none"
    return ""


def same_number(expected: str, got: str) -> bool:
    try:
        return math.isclose(float(expected), float(got), rel_tol=1e-9, abs_tol=1e-12)
    except ValueError:
        return False


def check_currency(rules, case) -> bool:
    found = facts(rules, case["Input"], "money")
    for r in case["Results"]:
        start, end = r["Start"], r["End"] + 1
        code = r["Resolution"].get("isoCurrency")
        if not any(
            f.start == start
            and f.end == end
            and same_number(r["Resolution"]["value"], f.value)
            and (code is None or f.unit == code)
            for f in found
        ):
            return False
    return bool(case["Results"]) or not found


def check_percent(rules, case) -> bool:
    found = facts(rules, case["Input"], "percent")
    for r in case["Results"]:
        start, end = r["Start"], r["End"] + 1
        value = r["Resolution"]["value"].rstrip("%")
        if not any(f.start == start and f.end == end and same_number(value, f.value) for f in found):
            return False
    return bool(case["Results"]) or not found


def excluded_dimension(case) -> str:
    for r in case["Results"]:
        if any(word in r["Text"] for word in ("比特", "字节", "赫兹", "一位")):
            return "data sizes and frequencies (specifications)"
    return ""


def check_dimension(rules, case) -> bool:
    found = facts(rules, case["Input"], "quantity")
    for r in case["Results"]:
        start, end = r["Start"], r["End"] + 1
        if not any(f.start == start and f.end == end and same_number(r["Resolution"]["value"], f.value) for f in found):
            return False
    return bool(case["Results"]) or not found


def excluded_number(result) -> str:
    text = result["Text"]
    if any(c in text for c in "第分半‰E^打/"):
        return "ordinal, fraction (分之, 1/2), 半, notation, power or dozen (打)"
    if " " in text.strip() or any(c.isalpha() and c.isascii() for c in text):
        return "spaces or English letters"
    return ""


def run(name, check, exclude, rules):
    kept = passed = 0
    excluded: dict[str, int] = {}
    for case in load(name):
        reason = exclude(case)
        if reason:
            excluded[reason] = excluded.get(reason, 0) + 1
            continue
        kept += 1
        passed += check(rules, case)
    return kept, passed, excluded


def report(name, kept, passed, excluded):
    rate = passed / kept
    print(f"\n{name}: {passed}/{kept} kept cases pass ({rate:.1%}); excluded {sum(excluded.values())}: {excluded}")
    return rate


def test_currency_model(rules):
    rate = report("CurrencyModel", *run("NumberWithUnit/CurrencyModel.json", check_currency, excluded_currency, rules))
    assert rate >= FLOORS["CurrencyModel"]


def test_percent_model(rules):
    rate = report("PercentModel", *run("Number/PercentModel.json", check_percent, excluded_percent, rules))
    assert rate >= FLOORS["PercentModel"]


def test_dimension_model(rules):
    rate = report(
        "DimensionModel", *run("NumberWithUnit/DimensionModel.json", check_dimension, excluded_dimension, rules)
    )
    assert rate >= FLOORS["DimensionModel"]


def test_number_model_through_our_parser():
    kept = passed = 0
    excluded: dict[str, int] = {}
    for case in load("Number/NumberModel.json"):
        for result in case["Results"]:
            reason = excluded_number(result)
            if reason:
                excluded[reason] = excluded.get(reason, 0) + 1
                continue
            kept += 1
            try:
                got = parse_number(result["Text"]).value
            except NotANumber:
                continue
            passed += same_number(result["Resolution"]["value"], str(got))
    assert report("NumberModel", kept, passed, excluded) >= FLOORS["NumberModel"]


@pytest.mark.parametrize("name", ["NumberWithUnit/CurrencyModel.json", "Number/PercentModel.json"])
def test_spec_files_are_present(name):
    assert (SPECS / name).exists(), "tests/data/recognizers is missing"
