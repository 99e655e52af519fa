"""Read stage: every encoding a Chinese news file comes in, and the files that are not articles."""
import json

import pytest

from pipeline.read import ArticleError, decode, read_article, read_metadata

TEXT = "騰訊元寶在一個月內砸下約3億元進行投流。\n第二段：2024年第一季度虧損超過3000萬美元。"
SIMPLIFIED = "腾讯元宝在一个月内砸下约3亿元进行投流。\n第二段：2024年第一季度亏损超过3000万美元。"


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "big5", "utf-16"])
def test_decodes_common_encodings(codec):
    source = SIMPLIFIED if codec == "gb18030" else TEXT
    text, used = decode(source.encode(codec), "a.txt")
    assert text == source
    assert used.replace("_", "-").lower().startswith(codec.split("-")[0][:3]) or codec == "big5"


def test_utf8_bom_is_kept_as_python_reads_it():
    # Offsets must agree with `Path.read_text(encoding="utf-8")`, which keeps U+FEFF.
    text, used = decode(b"\xef\xbb\xbf" + TEXT.encode(), "a.txt")
    assert text == "\ufeff" + TEXT and used == "utf-8"


def test_line_ends_are_normalised_like_universal_newlines():
    text, _ = decode("一\r\n二\r三\n".encode(), "a.txt")
    assert text == "一\n二\n三\n"


@pytest.mark.parametrize(
    "data,message",
    [(b"", "empty"), (b"   \n  ", "no text"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
     (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 20, "binary")],
)
def test_files_that_are_not_articles(data, message):
    with pytest.raises(ArticleError, match=message) as info:
        decode(data, "corpus/bad.txt")
    assert "corpus/bad.txt" in str(info.value)


def test_metadata_date_and_errors(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"date": "2005-07-31 12:30"}), encoding="utf-8")
    assert str(read_metadata(article)["date"]) == "2005-07-31"
    (tmp_path / "a.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ArticleError, match="a.meta.json: malformed"):
        read_article(article)
    (tmp_path / "a.meta.json").write_text(json.dumps({"date": "2024-02-30"}), encoding="utf-8")
    with pytest.raises(ArticleError, match="impossible or unreadable date"):
        read_article(article)
