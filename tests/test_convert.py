"""Convert stage: Traditional -> Simplified with an exact map back to the original."""

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from zh_facts.text.convert import convert, convert_many, to_simplified
from zh_facts.text.fold import fold_width


def test_width_folding_keeps_length():
    text = "１２６０億美元，約　２５％，供求比例１∶１０"
    folded = fold_width(text)
    assert folded == "1260億美元,約 25%,供求比例1:10"
    assert len(folded) == len(text)


def test_lone_surrogates_are_folded_so_conversion_never_fails():
    converted = convert("騰訊\ud800元寶")
    assert converted.simplified == "腾讯\ufffd元宝"


def test_opencc_t2s_keeps_length_and_maps_identically():
    converted = convert("騰訊元寶與字節跳動")
    assert converted.simplified == "腾讯元宝与字节跳动"
    assert converted.offsets.span(4, 8) == (4, 8)
    assert converted.script == "traditional"


def original_of(converted, original: str, piece: str) -> str:
    """The original text that a piece of the converted text maps back to."""
    start = converted.simplified.index(piece)
    s, e = converted.offsets.span(start, start + len(piece))
    return original[s:e]


def test_length_changing_conversion_is_aligned():
    # OpenCC's Taiwan-phrase config turns 記憶體 (3) into 内存 (2): the map must still be exact.
    tw2sp = opencc.OpenCC("tw2sp").convert
    original = "這台電腦的記憶體漲價了3成，軟體也是。"
    converted = convert(original, tw2sp)
    assert len(converted.simplified) != len(original)
    assert original_of(converted, original, "内存") == "記憶體"
    assert original_of(converted, original, "3成") == "3成"


def test_length_changing_converter_maps_every_span_inside_the_original():
    def shrink(text):  # a converter that changes length in several places
        return text.replace("ABC", "X").replace("中华人民共和国", "中国")

    original = "前ABC后，中华人民共和国成立于1949年，再ABC。"
    converted = convert(original, shrink)
    assert original_of(converted, original, "1949年") == "1949年"
    assert original_of(converted, original, "中国") == "中华人民共和国"


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ABC中华人民共和国年月日12345，。 ")), max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_any_span_maps_to_a_valid_original_span(text, a, b):
    converted = convert(text, lambda t: t.replace("ABC", "X").replace("人民", "民"))
    n = len(converted.simplified)
    start, end = sorted((min(a, n), min(b, n)))
    s, e = converted.offsets.span(start, end)
    assert 0 <= s <= e <= len(text)


def test_a_batch_converts_as_each_text_alone():
    # Joined by line breaks for one OpenCC call, then split back: texts with line breaks of their own,
    # empty ones, and a length-changing conversion must come out as they do alone.
    texts = ["騰訊元寶\n與字節跳動", "", "\n", "這台電腦的記憶體漲價了3成", "1260億美元\n\n約２５％", "简体中文文本"]
    tw2sp = opencc.OpenCC("tw2sp").convert
    for converter in (to_simplified, tw2sp):
        assert convert_many(texts, converter) == [convert(text, converter) for text in texts]
    assert [c.script for c in convert_many(texts)] == [
        "traditional",
        "unknown",
        "unknown",
        "traditional",
        "traditional",
        "simplified",
    ]
    assert convert_many([]) == []  # a chunk whose articles all came from the cache


def test_a_converter_that_changes_line_breaks_converts_each_text_alone():
    def join_lines(text):  # the joined texts would no longer split back into theirs
        return text.replace("\n", "")

    texts = ["第一行\n第二行", "單行"]
    assert [c.simplified for c in convert_many(texts, join_lines)] == ["第一行第二行", "單行"]
