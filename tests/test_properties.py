"""Fuzzing `extract_text` with hypothesis: it never raises, every fact is the original text at its
offsets, every value parses, and every type, qualifier and mod is one the schema allows.

The number of inputs tried is printed at the end (`pytest -s`); raise FUZZ_EXAMPLES for a longer run.
"""

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zh_facts import extract_text
from zh_facts.datatypes import FACT_TYPES, MODS, QUALIFIERS

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "400"))
# Pieces news is made of, in both scripts and both widths, plus what breaks naive code.
PIECES = [
    "3000萬美元",
    "１２６０億",
    "七成",
    "去年下半年",
    "2024年7月8日",
    "騰訊元寶",
    "字節跳動",
    "Scale AI",
    "約",
    "超過",
    "左右",
    "，",
    "。",
    "\r\n",
    "\n",
    "😀",
    "𠀀",
    "\u3000",
    "（",
    "）",
    "%",
    "％",
    "倍",
    "十幾款",
    "GLM-4-Flash",
    "元",
    "萬",
    "億",
    "年",
    "月",
    "日",
    "〇",
    "民國113年",
    "123分鐘",
    "B站",
    "“",
    "”",
    "\ufeff",
    "\x00",
    "\ud800",
    "<script>",
    "=SUM(",
    "-",
    "至",
    "1∶10",
    "百分之",
    "分之",
    "前11月",
    "翻倍",
    "個百分點",
    "基點",
    "bp",
    "上季度",
    "財年第一季度",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)
DATE = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))
TIMEX = re.compile(
    r"^(?:FY\d{4}(?:-\d{2}|-Q[1-4])?|(?:\d{4}|XXXX)(?:-(?:\d{2}(?:-\d{2}(?:T(?:MO|MI|AF|EV|NI|\d{2}:\d{2}))?)?|Q[1-4]|H[12]|SP|SU|FA|WI|W\d{2}))?)"
    r"(?:/\d{4}-\d{2})?$"
)
UNITS = {"percent": {"%", "pp", "times", "ratio"}}
tried = {"inputs": 0, "facts": 0}


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\nfuzzed extract_text with {tried['inputs']} inputs; {tried['facts']} facts checked")


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, DATE)
@pytest.mark.slow  # hypothesis, hundreds of texts
def test_extract_text_on_arbitrary_input(text, date):
    tried["inputs"] += 1
    frame = extract_text(text, date=date)
    original = text  # offsets are the string's own, whatever its line ends
    for fact in frame.itertuples():
        tried["facts"] += 1
        assert 0 <= fact.start < fact.end <= len(original)
        assert original[fact.start : fact.end] == fact.text
        assert fact.type in FACT_TYPES
        assert fact.qualifier in QUALIFIERS and fact.mod in MODS
        if fact.type in ("money", "percent", "quantity"):
            float(fact.value)
        if fact.type == "money":
            assert re.fullmatch(r"[A-Z]{3}", fact.unit)
        if fact.type in UNITS:
            assert fact.unit in UNITS[fact.type]
        if fact.type == "date":
            assert TIMEX.match(fact.value), fact.value
            assert bool(fact.date_start) == bool(fact.date_end)
        if fact.type in ("org", "product", "person"):
            assert fact.value.strip()
