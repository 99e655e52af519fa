"""Split and segment stage."""
from pipeline.segment import SentenceIndex, Words, split_sentences


def test_sentences_end_at_terminators_and_lines_and_keep_closing_quotes():
    text = "他說：“好。”然後走了！第二句？\n新段落；最後……結尾"
    sentences = split_sentences(text)
    pieces = [text[s.start:s.end] for s in sentences]
    assert pieces == ["他說：“好。”", "然後走了！", "第二句？", "新段落；", "最後……", "結尾"]
    assert [s.paragraph_id for s in sentences] == [0, 0, 0, 1, 1, 1]
    index = SentenceIndex(sentences)
    assert index.at(text.index("然後")).sentence_id == 1


def test_words_cover_the_text_with_offsets_and_tags():
    text = "他们推出了十几款AI应用"
    words = Words(text, offset=10)
    tokens = list(words)
    assert "".join(t.text for t in tokens) == text
    assert tokens[0].start == 10 and tokens[-1].end == 10 + len(text)
    assert all(t.pos for t in tokens)
    assert words.starting_at(12).text == "推出" and words.starting_at(13) is None
    assert words.ending_at(12).text == "他们" and words.ending_at(11) is None
    assert words[words.index_at(13)].text == "推出" and words.index_at(9) is None and words.index_at(22) is None


def test_gazetteer_names_are_never_split(rules):
    words = [t.text for t in Words("零一万物几个核心成员陆续加入字节跳动")]
    assert "零一万物" in words and "字节跳动" in words
