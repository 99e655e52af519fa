"""Property: for any text, every fact is exactly the original text at its offsets."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import extract_article
from pipeline.model import FACT_TYPES, Article

# Pieces news is made of, in both scripts and both widths, plus what breaks naive code.
PIECES = ["3000萬美元", "１２６０億", "七成", "去年下半年", "2024年7月8日", "騰訊元寶", "字節跳動", "Scale AI",
          "約", "超過", "左右", "，", "。", "\r\n", "\n", "😀", "𠀀", "\u3000", "（", "）", "%", "％", "倍",
          "十幾款", "GLM-4-Flash", "元", "萬", "億", "年", "月", "日", "〇", "民國113年", "123分鐘", "B站", "“", "”"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_every_fact_is_the_original_text_at_its_offsets(rules, text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    facts = extract_article(Article("prop", text), rules).facts
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start:fact.end] == fact.text
        assert fact.type in FACT_TYPES
