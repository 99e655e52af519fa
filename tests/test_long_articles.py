"""A very long article is worked a piece at a time (tagged, scanned for names, segmented, rendered, converted to
Parquet), so that its memory stays bounded: the pieces give the very facts and bytes the whole would."""

import io
from datetime import date

import pytest
import regex
from conftest import FIRST_ARTICLE, shared

from zh_facts.datatypes import Article
from zh_facts.outputs import sinks, tables
from zh_facts.ruleset import gazetteer, tagger
from zh_facts.stages import document
from zh_facts.stages.extract import extract_article
from zh_facts.text.segment import pieces


def test_pieces_cover_the_text_and_end_after_a_cut():
    text = "一二。三四五。六\n七八"
    cut = regex.compile("[。\n]")
    assert pieces(text, 1, cut) == [(0, 3), (3, 7), (7, 9), (9, 11)]
    assert pieces(text, 4, cut) == [(0, 7), (7, 11)]
    assert pieces(text, 100, cut) == [(0, 11)]
    assert pieces("", 1, cut) == []
    assert pieces("没有句号的长句子", 2, cut) == [(0, 8)]  # no cut: the rest is one piece


def test_csv_blocks_end_with_whole_rows():
    rows = b'a,1\n"two\nlines",2\n"a ""quoted""\nbreak",3\nlast,4\n'
    for size in range(len(rows) + 2):
        blocks = sinks._row_blocks(rows, size)
        assert b"".join(blocks) == rows
        for block in blocks:  # each parses as whole rows on its own
            assert block.endswith(b"\n") and block.count(b'"') % 2 == 0
    assert sinks._row_blocks(b"", 10) == []


def _articles() -> list[Article]:
    news = shared("data/news")
    texts = [FIRST_ARTICLE.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(news.glob("*.txt"))[:8]]
    return [Article(f"a{i}", text, meta={"date": date(2025, 7, 1)}) for i, text in enumerate(texts)]


def test_facts_and_records_are_the_same_worked_a_piece_at_a_time(rules, monkeypatch):
    articles = _articles()
    whole = [extract_article(a, rules) for a in articles]
    # The smallest pieces: every line scanned, every sentence tagged, every clause segmented again, on its own.
    monkeypatch.setattr(tagger, "TAG_AT_ONCE", 1)
    monkeypatch.setattr(gazetteer, "SCAN_AT_ONCE", 1)
    monkeypatch.setattr(document, "WORDS_KEPT", 1)
    monkeypatch.setattr(tables, "RENDER_AT_ONCE", 1)
    pieced = [extract_article(a, rules) for a in articles]
    assert sum(len(e.facts) for e in whole) > 500
    for one, other in zip(whole, pieced):
        assert one.facts == other.facts
        assert one.records == other.records
    facts = [f for e in whole for f in e.facts]
    monkeypatch.setattr(tables, "RENDER_AT_ONCE", 4096)
    at_once = tables.render_facts(facts)
    monkeypatch.setattr(tables, "RENDER_AT_ONCE", 7)
    assert tables.render_facts(facts) == at_once


@pytest.mark.parametrize("block", [1 << 18, 300])
def test_parquet_of_a_large_chunk_holds_its_rows(rules, tmp_path, monkeypatch, block):
    import pyarrow.parquet as pq

    monkeypatch.setattr(sinks, "CSV_BLOCK", block)
    facts = [f for e in (extract_article(a, rules) for a in _articles()) for f in e.facts]
    rendered = tables.render_facts(facts)
    stream = sinks._ParquetStream(tmp_path / "facts.parquet", 20_000, rules.types.numbers)
    stream.add(rendered.csv)
    stream.close()
    written = pq.read_table(tmp_path / "facts.parquet")
    at_once = tables.read_csv(io.BytesIO(tables.FACT_HEADER + rendered.csv), tables.arrow_schema())
    assert written.num_rows == len(facts)
    assert written.to_pylist() == tables.typed_table(at_once, rules.types.numbers).to_pylist()


def test_a_run_lets_the_candidates_that_lost_go_and_drops_the_chrome_as_found(rules):
    from zh_facts.stages.extract import find_candidates

    articles = _articles()
    ends = 0
    for article in articles:
        explained = extract_article(article, rules)
        run = extract_article(article, rules, keep_lost=False)
        assert run.facts == explained.facts and run.records == explained.records
        assert run.warnings == explained.warnings and run.lost == []
        doc = _context(article, rules)
        every = find_candidates(rules, doc, [])
        end = rules.lexicon.body_end(doc.text)
        ends += end < len(doc.text)
        assert find_candidates(rules, doc, [], before=end) == [c for c in every if c.start < end]
    assert ends  # some article has page chrome after its body


def _context(article, rules):
    from zh_facts.stages.document import DocContext
    from zh_facts.stages.extract import reference_date
    from zh_facts.text.convert import convert
    from zh_facts.text.segment import SentenceIndex, split_sentences

    text = convert(article.text).simplified
    return DocContext(
        text=text,
        reference=reference_date(article, text, date(2025, 7, 1)),
        script="simplified",
        region="CN",
        sentences=SentenceIndex(split_sentences(text)),
        lexicon=rules.lexicon,
        names=rules.names,
        segmenter=rules.segmenter,
    )
