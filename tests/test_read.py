"""Read stage: every encoding a Chinese news file comes in, and the files that are not articles."""

import json

import pytest

from zh_facts.stages.read import ArticleError, decode, read_article, read_metadata

TEXT = "騰訊元寶在一個月內砸下約3億元進行投流。\n第二段：2024年第一季度虧損超過3000萬美元。"
SIMPLIFIED = "腾讯元宝在一个月内砸下约3亿元进行投流。\n第二段：2024年第一季度亏损超过3000万美元。"


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "big5", "utf-16"])
def test_decodes_common_encodings(codec):
    source = SIMPLIFIED if codec == "gb18030" else TEXT
    text, used, warnings = decode(source.encode(codec), "a.txt")
    assert text == source and warnings == []
    assert used.replace("_", "-").lower().startswith(codec.split("-")[0][:3]) or codec == "big5"


def test_utf8_bom_is_kept_as_python_reads_it():
    # Offsets must agree with `Path.read_text(encoding="utf-8")`, which keeps U+FEFF.
    text, used, _ = decode(b"\xef\xbb\xbf" + TEXT.encode(), "a.txt")
    assert text == "\ufeff" + TEXT and used == "utf-8"


def test_line_ends_are_normalised_like_universal_newlines():
    text, _, _ = decode("一\r\n二\r三\n".encode(), "a.txt")
    assert text == "一\n二\n三\n"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"   \n  ", "no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 20, "binary"),
    ],
)
def test_files_that_are_not_articles(data, message):
    with pytest.raises(ArticleError, match=message) as info:
        decode(data, "corpus/bad.txt")
    assert "corpus/bad.txt" in str(info.value)


def test_metadata_date_and_errors(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"date": "2005-07-31 12:30"}), encoding="utf-8")
    assert str(read_metadata(article)[0]["date"]) == "2005-07-31"
    (tmp_path / "a.meta.json").write_text("{not json", encoding="utf-8")
    read = read_article(article)  # a sidecar that cannot be read is left out, with a warning
    assert read.meta == {} and read.text == TEXT and "a.meta.json: malformed metadata, ignored" in read.warnings[0]
    (tmp_path / "a.meta.json").write_text(json.dumps({"date": "2024-02-30", "source": "x"}), encoding="utf-8")
    read = read_article(article)
    assert read.meta == {"source": "x"} and "impossible or unreadable date '2024-02-30', ignored" in read.warnings[0]


def test_decode_returns_warnings_for_repairs():
    text, used, warnings = decode(TEXT.encode("utf-8") * 200 + b"\xff" + TEXT.encode("utf-8"), "a.txt")
    assert text.count("\ufffd") == 1 and used == "utf-8 (1 invalid bytes replaced)"
    assert warnings == ["1 invalid UTF-8 bytes replaced by U+FFFD"]
    text, _, warnings = decode(TEXT.encode("utf-8") + b"\x00\x00" + TEXT.encode("utf-8"), "a.txt")
    assert text == TEXT + "\ufffd\ufffd" + TEXT  # one for one: offsets stay exact
    assert warnings == ["2 NUL characters replaced by U+FFFD"]


def test_broken_bytes_are_counted_against_bytes_not_replacement_characters():
    # 0.16 % of the bytes broken, each in the middle of a three-byte character: several U+FFFD each
    good = TEXT.encode("utf-8") * 400
    broken = bytearray(good)
    for i in range(1, len(broken), 600):
        broken[i] = 0x41
    text, used, warnings = decode(bytes(broken), "a.txt")
    assert used.startswith("utf-8 (") and warnings and "\ufffd" in text
    with pytest.raises(ArticleError, match="not valid UTF-8, GB18030, Big5"):
        decode(bytes(range(128, 256)) * 40, "a.txt")


# (text, codec): short files that GB18030 and Big5 (and UTF-8) all decode; a detector misread them.
SHORT = [
    ("6月30日，本报", "gbk"),
    ("模式", "gbk"),
    ("什么", "gbk"),
    ("之一", "gbk"),
    ("债券28", "gbk"),
    ("本报讯", "gbk"),
    ("气温25℃～30℃，晴", "gb18030"),
    ("中國時報", "big5"),
    ("臺灣", "big5"),
    ("營收成長", "big5"),
]


@pytest.mark.parametrize("text,codec", SHORT)
def test_short_legacy_files_are_read_right_or_flagged(text, codec):
    decoded, used, warnings = decode(text.encode(codec), "a.txt")
    assert decoded == text or warnings, (decoded, used)
    if len(text) >= 4:
        assert decoded == text


def test_a_gb18030_article_with_degree_and_wave_signs(tmp_path):
    from conftest import shared

    original = (shared("data/news") / "cn_gne_toutiao_4.txt").read_text(encoding="utf-8")
    assert "℃" in original or "～" in original
    text, used, warnings = decode(original.encode("gb18030"), "cn_gne_toutiao_4.txt")
    assert (text, used, warnings) == (original, "gb18030", [])


def test_short_snippets_of_the_news_are_never_misread_in_silence():
    """A sample of the measure in the README: 2-8 characters of the development news, in GBK and Big5."""
    import random

    from conftest import shared

    random.seed(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared("data/news").glob("*.txt"))]
    silent, tried = [], 0
    for _ in range(600):
        text = random.choice(texts)
        size = random.choice((2, 4, 8))
        start = random.randrange(len(text) - size)
        snippet = text[start : start + size]
        for codec in ("gbk", "big5"):
            try:
                data = snippet.encode(codec)
            except UnicodeEncodeError:
                continue
            try:
                decoded, _, warnings = decode(data, "a.txt")
            except ArticleError:
                continue  # white space only
            tried += 1
            if decoded != snippet and not warnings:
                silent.append((snippet, decoded))
    assert tried > 500 and silent == []
