"""Write stage: atomic files and spreadsheet safety."""

import io

import pandas as pd
import pytest

from zh_facts.outputs.tables import FACT_COLUMNS
from zh_facts.storage import atomic_write


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "facts.csv"
    target.write_text("old table")

    def crash(path):
        path.write_text("half a ta")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, crash)
    assert target.read_text() == "old table"
    assert [p.name for p in tmp_path.iterdir()] == ["facts.csv"]


def test_spreadsheet_copy_neutralises_formulas_and_keeps_data():
    from zh_facts.outputs.tables import render_facts

    cells = ['=HYPERLINK("x")', 'He said "5元, NA"', "+1", "-5%", "普通", "@SUM", "普通, 再说"]
    rendered = render_facts([_fact("a", 0, "5元", "5", cell) for cell in cells])
    exact = pd.read_csv(io.BytesIO(rendered.csv), header=None, dtype=str, keep_default_na=False)
    safe = pd.read_csv(io.BytesIO(rendered.spreadsheet_csv), header=None, dtype=str, keep_default_na=False)
    sentence = FACT_COLUMNS.index("sentence")
    assert list(safe[sentence]) == [
        '\'=HYPERLINK("x")',
        'He said "5元, NA"',
        "'+1",
        "'-5%",
        "普通",
        "'@SUM",
        "普通, 再说",
    ]
    assert list(exact[sentence]) == cells  # the exact table is untouched
    assert safe.drop(columns=sentence).equals(exact.drop(columns=sentence))


@pytest.mark.parametrize("risky_at", [None, 0, 5, 11])
def test_facts_rendered_a_block_at_a_time_are_the_same_bytes(monkeypatch, risky_at):
    """Blocks of 4 rows: the spreadsheet copy starts to differ in the first, a middle or the last block, or never."""
    from zh_facts.outputs import tables

    cells = [f"普通{i}" for i in range(12)]
    if risky_at is not None:
        cells[risky_at] = "=1+1"
    facts = [_fact("a", i, "5元", "5", cell) for i, cell in enumerate(cells)]
    at_once = tables.render_facts(facts)
    monkeypatch.setattr(tables, "RENDER_AT_ONCE", 4)
    blocks = tables.render_facts(facts)
    assert (blocks.csv, blocks.spreadsheet_csv) == (at_once.csv, at_once.spreadsheet_csv)
    assert (blocks.spreadsheet_csv is blocks.csv) == (risky_at is None)


def _spreadsheet_safe(frame):
    """The rule the spreadsheet copy follows, cell by cell: a leading apostrophe before a formula."""
    formula = ("=", "+", "-", "@", "\t", "\r")
    return frame.apply(
        lambda column: column.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(formula) else v)
    )


def _fact(doc_id, start, text, value, sentence):
    from zh_facts.datatypes import Fact

    return Fact(
        doc_id=doc_id,
        type="money",
        start=start,
        end=start + len(text),
        text=text,
        value=value,
        unit="CNY",
        qualifier="",
        mod="",
        rule_id="money.test",
        text_simplified=text,
        sentence_id=0,
        sentence=sentence,
    )


@pytest.mark.parametrize("csv_block", [1, 1 << 18])  # Parquet converted after every chunk, or once at the end
def test_writer_tables_agree_with_the_facts_frame(tmp_path, monkeypatch, csv_block):
    """facts.csv, facts_spreadsheet.csv and facts.parquet (made from the CSV in small row groups here)."""
    import pyarrow.parquet as pq

    from zh_facts.outputs import sinks

    monkeypatch.setattr(sinks, "CSV_BLOCK", csv_block)

    from zh_facts.outputs.sinks import TablesWriter
    from zh_facts.outputs.tables import facts_frame, render_facts

    facts = [
        _fact("a", 0, "5元", "5", 'He said "5元, NA"'),
        _fact("a", 9, "-3元", "-3", "=SUM(A1)"),
        _fact("b", 1, "null", "", "两行\n之间"),
        _fact("b", 20, "7元", "7", ""),
    ]
    writer = TablesWriter(tmp_path, frozenset({"money"}), row_group=2)
    for chunk in (facts[:1], [], facts[1:]):
        writer.add(render_facts(chunk))
    writer.close()
    expected = facts_frame(facts)
    assert (tmp_path / "facts.csv").read_text(encoding="utf-8") == expected.to_csv(index=False)
    assert (tmp_path / "facts_spreadsheet.csv").read_text(encoding="utf-8-sig") == _spreadsheet_safe(expected).to_csv(
        index=False
    )
    parquet = pq.ParquetFile(tmp_path / "facts.parquet")
    assert parquet.metadata.num_row_groups == 2
    table = parquet.read().to_pandas()
    assert list(table.columns) == FACT_COLUMNS + ["amount"]
    assert table["amount"].tolist()[:2] == [5.0, -3.0] and pd.isna(table["amount"][2])  # an empty value has none
    for column in ("date_start", "date_end"):  # dates, where the CSV has text
        table[column] = table[column].map(lambda day: day.isoformat() if day else "")
    pd.testing.assert_frame_equal(table[FACT_COLUMNS].astype(expected.dtypes.to_dict()), expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "documents.csv",
        "documents_spreadsheet.csv",
        "facts.csv",
        "facts.parquet",
        "facts_spreadsheet.csv",
        "manifest.json",
        "records.csv",
        "records.parquet",
        "records_spreadsheet.csv",
    ]
    ordinary = tmp_path / "ordinary"
    ordinary.write_text("")
    assert {p.stat().st_mode for p in tmp_path.iterdir()} == {ordinary.stat().st_mode}  # not private to the owner


def test_writer_with_no_facts_writes_empty_tables(tmp_path):
    from zh_facts.outputs.sinks import TablesWriter
    from zh_facts.outputs.tables import FACT_COLUMNS

    writer = TablesWriter(tmp_path, frozenset({"money"}))
    writer.close()
    assert list(pd.read_parquet(tmp_path / "facts.parquet").columns) == FACT_COLUMNS + ["amount"]
    assert (tmp_path / "facts.csv").read_text() == ",".join(FACT_COLUMNS) + "\n"


def test_a_run_flushes_its_tables_to_disk_but_not_every_page_and_cache_entry(tmp_path, monkeypatch):
    import os

    from conftest import news_corpus

    from zh_facts.engine.run import RunOptions, run
    from zh_facts.ruleset.loading import default_rules

    corpus = news_corpus(tmp_path / "corpus", articles=5, feed_lines=40)
    flushed = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(fd) or real_fsync(fd))
    summary = run(corpus, tmp_path / "out", default_rules(), RunOptions(review=True, use_cache=True))
    pages = list((tmp_path / "out" / "review").glob("*.html"))
    from zh_facts.outputs.review import INDEX_ORDERS

    # one broken; the index in each order and the money records page
    assert summary.articles == 46 and len(pages) == 45 + len(INDEX_ORDERS) + 1
    assert len(list((tmp_path / "out" / ".cache").iterdir())) > 0
    # facts.csv, documents.csv, records.csv and their spreadsheet copies, the two Parquet tables, manifest.json,
    # the review index and the money records page; no article page, no copy of the index in another order, no
    # cache entry
    assert len(flushed) <= 12


def test_typed_columns_for_analysts_in_the_api_and_the_parquet_table(tmp_path):
    """The CSV stays text; the DataFrame and facts.parquet give a float `amount` and real dates."""
    import datetime

    import pyarrow.parquet as pq

    from zh_facts.api.python import extract_text
    from zh_facts.engine.run import RunOptions, run
    from zh_facts.ruleset.loading import default_rules

    frame = extract_text("2024年營收3億元，增長5%", "2025-07-01")
    by_text = frame.set_index("text")
    assert by_text.loc["3億元", "amount"] == 300_000_000.0 and by_text.loc["5%", "amount"] == 5.0
    assert pd.isna(by_text.loc["2024年", "amount"])
    assert by_text.loc["2024年", "date_start"] == pd.Timestamp("2024-01-01")
    assert pd.isna(by_text.loc["3億元", "date_start"])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("2024年營收3億元，增長5%", encoding="utf-8")
    run(corpus, tmp_path / "out", default_rules(), RunOptions(review=False))
    table = pq.read_table(tmp_path / "out" / "facts.parquet").to_pydict()
    rows = dict(zip(table["text"], zip(table["amount"], table["date_start"])))
    assert rows["3億元"] == (300_000_000.0, None)
    assert rows["2024年"] == (None, datetime.date(2024, 1, 1))
    assert "amount" not in (tmp_path / "out" / "facts.csv").read_text(encoding="utf-8").splitlines()[0]


XLSX_TEXT = "台積電去年營收2兆元，成長33.9%。另一款=SUM(A1)產品"


def _xlsx_run(tmp_path, text=XLSX_TEXT):
    from zh_facts.engine.run import RunOptions, run
    from zh_facts.ruleset.loading import default_rules

    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    return run(
        corpus,
        tmp_path / "out",
        default_rules(),
        RunOptions(formats=["csv", "xlsx"], review=False, run_date=pd.Timestamp("2025-07-01").date()),
    )


def test_the_workbook_has_typed_cells_a_frozen_header_and_filters(tmp_path):
    import openpyxl

    _xlsx_run(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "out" / "facts.xlsx")
    assert book.sheetnames == ["facts", "records", "documents"]
    sheet = book["facts"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:U")
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    facts = {row[header.index("text")]: dict(zip(header, row)) for row in rows[1:]}
    money, percent, year = facts["2兆元"], facts["33.9%"], facts["去年"]
    assert money["amount"] == 2e12 and money["value"] == "2000000000000"  # the number, and the text as in facts.csv
    assert percent["amount"] == 33.9 and percent["value"] == "33.9"
    assert money["start"] == 7 and isinstance(money["start"], int)
    assert year["date_start"].date().isoformat() == "2024-01-01" and year["amount"] is None
    assert all(isinstance(row[header.index("sentence")], str) for row in rows[1:])  # text never a formula
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert sheet.column_dimensions["L"].width > 30  # the sentence column is wide
    documents = list(book["documents"].iter_rows(values_only=True))
    assert documents[1][documents[0].index("reference_date")].date().isoformat() == "2025-07-01"
    assert len(list(book["records"].iter_rows())) == 3  # header, the money and the percent


def test_a_table_over_a_spreadsheets_rows_is_not_written_and_the_run_says_so(tmp_path, monkeypatch):
    import zh_facts.outputs.sinks

    _xlsx_run(tmp_path)
    assert (tmp_path / "out" / "facts.xlsx").exists()
    monkeypatch.setattr(zh_facts.outputs.sinks, "XLSX_ROWS", 3)  # a header and two rows
    summary = _xlsx_run(tmp_path)
    assert summary.warnings == [
        "facts.xlsx not written: more than 2 facts do not fit in a spreadsheet's 3 rows; "
        "the other tables hold every row"
    ]
    assert not (tmp_path / "out" / "facts.xlsx").exists()  # neither a truncated one nor the last run's
    assert len(pd.read_csv(tmp_path / "out" / "facts.csv")) > 2
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")] == []


def test_the_manifest_lists_the_tables_of_one_run_and_diff_refuses_a_mixed_set(tmp_path):
    import json

    from zh_facts.engine.run import RunOptions, run
    from zh_facts.outputs.sinks import MixedTables, check_tables
    from zh_facts.ruleset.loading import default_rules

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("腾讯2024年营收3亿元。", encoding="utf-8")
    run(corpus, tmp_path / "out", default_rules(), RunOptions(review=False))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["tables"]) == {
        "records_spreadsheet.csv",
        "documents.csv",
        "documents_spreadsheet.csv",
        "facts.csv",
        "facts.parquet",
        "facts_spreadsheet.csv",
        "records.csv",
        "records.parquet",
    }
    check_tables(tmp_path / "out", manifest["tables"])  # all of one run
    first_facts = (tmp_path / "out" / "facts.csv").read_bytes()
    (corpus / "a.txt").write_text("腾讯2024年营收5亿元。", encoding="utf-8")
    run(corpus, tmp_path / "out", default_rules(), RunOptions(review=False))
    (tmp_path / "out" / "facts.csv").write_bytes(first_facts)  # as a reader saw it between two renames
    with pytest.raises(MixedTables, match="facts.csv: not the table manifest.json lists"):
        check_tables(tmp_path / "out", ["facts.csv", "documents.csv"])
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "zh_facts", "diff", str(tmp_path / "out"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "tables of two runs" in result.stderr
