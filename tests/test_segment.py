"""Split and segment stage."""

from zh_facts.text.segment import SentenceIndex, Words, clause_span, split_sentences


def test_sentences_end_at_terminators_and_lines_and_keep_closing_quotes():
    text = "他說：“好。”然後走了！第二句？\n新段落；最後……結尾"
    sentences = split_sentences(text)
    pieces = [text[s.start : s.end] for s in sentences]
    assert pieces == ["他說：“好。”", "然後走了！", "第二句？", "新段落；", "最後……", "結尾"]
    assert [s.paragraph_id for s in sentences] == [0, 0, 0, 1, 1, 1]
    index = SentenceIndex(sentences)
    assert index.at(text.index("然後")).sentence_id == 1


def test_words_cover_the_text_with_offsets_and_tags(rules):
    text = "他们推出了十几款AI应用"
    words = Words(rules.segmenter, text, offset=10)
    tokens = list(words)
    assert "".join(t.text for t in tokens) == text
    assert tokens[0].start == 10 and tokens[-1].end == 10 + len(text)
    assert all(t.pos for t in tokens)
    assert words.starting_at(12).text == "推出" and words.starting_at(13) is None
    assert words.ending_at(12).text == "他们" and words.ending_at(11) is None
    assert words[words.index_at(13)].text == "推出" and words.index_at(9) is None and words.index_at(22) is None


def test_gazetteer_names_are_never_split(rules):
    words = [t.text for t in Words(rules.segmenter, "零一万物几个核心成员陆续加入字节跳动")]
    assert "零一万物" in words and "字节跳动" in words


def test_a_clause_has_the_words_it_has_inside_its_sentence(rules):
    """Names are read from the words of one clause (tagging whole sentences took a sixth of a run):
    jieba splits at clause breaks anyway, so each clause alone must segment and tag as in its sentence."""
    import json

    from conftest import shared

    from zh_facts.text.convert import convert_many

    news = shared("data/news")
    texts = [path.read_text(encoding="utf-8") for path in sorted(news.glob("*.txt"))]
    with open(news / "rthk_feed_2025.jsonl", encoding="utf-8") as feed:
        texts += [json.loads(line)["text"] for line, _ in zip(feed, range(2000))]
    checked = 0
    for converted in convert_many(texts):
        text = converted.simplified
        for sentence in split_sentences(text):
            whole = list(Words(rules.segmenter, text[sentence.start : sentence.end], sentence.start))
            clauses, offset = [], sentence.start
            while offset < sentence.end:
                start, end = clause_span(text, offset, sentence.start, sentence.end)
                clauses += list(Words(rules.segmenter, text[start:end], start))
                offset = end
            assert clauses == whole, text[sentence.start : sentence.end]
            checked += 1
    assert checked > 5_000  # the development news were read


def test_clause_span_ends_at_punctuation_spaces_and_the_sentence():
    text = "据悉，腾讯 元宝（Yuanbao）上线。"
    assert clause_span(text, text.index("腾"), 0, len(text)) == (3, 5)
    assert clause_span(text, text.index("元"), 0, len(text)) == (6, 8)
    assert clause_span(text, text.index("（"), 0, len(text)) == (8, 9)  # a break is a clause of its own
    assert clause_span(text, 1, 1, len(text)) == (1, 2)  # never before the sentence's start
