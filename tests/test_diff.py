"""`python -m zh_facts diff`: facts added, removed and changed between two runs."""

from pathlib import Path

import pandas as pd
import pytest

from zh_facts.outputs.diff import diff_facts, show, summary

COLUMNS = ["doc_id", "type", "start", "end", "text", "value", "unit", "qualifier", "mod"]


def table(rows):
    return pd.DataFrame(rows, columns=COLUMNS)


def test_added_removed_changed_value_and_span():
    old = table(
        [
            ["a", "money", 0, 4, "30元", "30", "CNY", "", ""],
            ["a", "date", 10, 12, "去年", "2024", "", "", ""],
            ["a", "org", 20, 22, "騰訊", "腾讯", "", "", ""],
            ["b", "percent", 5, 7, "七成", "70", "%", "", ""],
        ]
    )
    new = table(
        [
            ["a", "money", 0, 4, "30元", "30", "TWD", "", ""],  # unit changed
            ["a", "date", 9, 12, "在去年", "2024", "", "", ""],  # span changed
            ["a", "org", 30, 32, "百度", "百度", "", "", ""],  # one removed, one added
            ["b", "percent", 5, 7, "七成", "70", "%", "more_than", ""],
        ]
    )
    diff = diff_facts(old, new)
    got = {(r.doc_id, r.type, r.change, r.fields) for r in diff.itertuples()}
    assert got == {
        ("a", "money", "changed", "unit"),
        ("a", "date", "changed", "span"),
        ("a", "org", "removed", ""),
        ("a", "org", "added", ""),
        ("b", "percent", "changed", "qualifier"),
    }
    text = summary(diff)
    assert "a: 1 added, 1 removed, 2 changed" in text and "total: 1 added, 1 removed, 3 changed" in text


def test_no_differences():
    same = table([["a", "money", 0, 4, "30元", "30", "CNY", "", ""]])
    assert diff_facts(same, same).empty
    assert summary(diff_facts(same, same)) == "no differences"


def test_cli_prints_and_writes_only_where_o_says(tmp_path):
    import subprocess
    import sys

    for name, unit in (("old", "CNY"), ("new", "USD")):
        (tmp_path / name).mkdir()
        table([["a", "money", 0, 4, "30元", "30", unit, "", ""]]).to_csv(tmp_path / name / "facts.csv", index=False)
    before = {p.name for p in (tmp_path / "new").iterdir()}

    def diff(*args):
        return subprocess.run(
            [sys.executable, "-m", "zh_facts", "diff", "old", "new", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    printed = diff()
    assert printed.returncode == 0 and "1 changed" in printed.stdout and "written" not in printed.stdout
    assert {p.name for p in (tmp_path / "new").iterdir()} == before  # never into NEW
    assert not (tmp_path / "diff.csv").exists()  # nor where the command ran
    written = diff("-o", "changes")
    assert written.returncode == 0 and f"written to {Path('changes', 'diff.csv')}" in written.stdout
    assert pd.read_csv(tmp_path / "changes" / "diff.csv").loc[0, "fields"] == "unit"
    refused = diff("-o", "new")
    assert refused.returncode == 2 and "is a compared folder" in refused.stderr
    assert {p.name for p in (tmp_path / "new").iterdir()} == before


def test_show_says_where_the_rest_is():
    rows = [["a", "org", i, i + 2, "騰訊", "腾讯", "", "", ""] for i in range(0, 10, 2)]
    text = show(diff_facts(table([]), table(rows)), limit=3, rest="in out/diff.csv")
    assert text.count("\n+ a org") == 2 and text.endswith("… 2 more in out/diff.csv")


def test_records_are_compared_by_subject_metric_period_and_modality():
    from zh_facts.outputs.diff import RECORD_COMPARED

    columns = ["doc_id", "type", "start", "end", "text", *RECORD_COMPARED]
    old = pd.DataFrame(
        [
            ["a", "money", 0, 4, "3億元", "智谱", "revenue", "2024", "actual"],
            ["a", "money", 9, 14, "20億元", "智谱", "loss", "2024", "actual"],
        ],
        columns=columns,
    )
    new = pd.DataFrame(
        [
            ["a", "money", 0, 4, "3億元", "智谱", "revenue", "2024", "actual"],
            ["a", "money", 9, 14, "20億元", "智谱", "profit", "2024", "actual"],
        ],
        columns=columns,
    )
    diff = diff_facts(old, new, RECORD_COMPARED)
    assert [(r.change, r.fields, r.old_metric, r.new_metric) for r in diff.itertuples()] == [
        ("changed", "metric", "loss", "profit")
    ]
    assert "old_value" not in diff.columns and "1 changed" in summary(diff)


@pytest.mark.parametrize(
    "content, message",
    [
        ("doc_id,type,start,end,text\na,money,0,4,30元\n", "facts.csv: no column value, unit, qualifier, mod"),
        (
            "doc_id,type,start,end,text,value,unit,qualifier,mod\na,money,zero,4,30元,30,CNY,,\n",
            "facts.csv: column start, row 2: 'zero' is not a whole number",
        ),
        ("", "facts.csv: not a table a run writes"),
        ('doc_id,type\n"a,money\n', "facts.csv: not a table a run writes"),
    ],
)
def test_malformed_tables_are_one_line_naming_the_file_and_column(tmp_path, content, message):
    import subprocess
    import sys

    for name in ("old", "new"):
        (tmp_path / name).mkdir()
    table([["a", "money", 0, 4, "30元", "30", "CNY", "", ""]]).to_csv(tmp_path / "old" / "facts.csv", index=False)
    (tmp_path / "new" / "facts.csv").write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "zh_facts", "diff", "old", "new"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
