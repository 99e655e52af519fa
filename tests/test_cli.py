"""The command line as a user meets it: `zh-facts extract` with its inputs, formats and output choices."""

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from zh_facts import __version__
from zh_facts.engine.run import NoArticles, RunOptions, run
from zh_facts.ruleset.loading import default_rules

PROJECT = Path(__file__).resolve().parent.parent
TAIWAN = "台積電去年營收2兆元，成長33.9%。"
MAINLAND = "腾讯2024年营收3亿元。"


def zh_facts(*args, cwd, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "zh_facts", *args],
        capture_output=True,
        cwd=cwd,
        input=None if stdin is None else stdin.encode("utf-8"),
    )


def jsonl(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_version_is_the_package_version(tmp_path):
    result = zh_facts("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode().split() == ["zh-facts", __version__]


def test_single_files_and_folders_together(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text(MAINLAND, encoding="utf-8")
    (tmp_path / "tw_tsmc.txt").write_text(TAIWAN, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "r1", "text": MAINLAND}) + "\n", encoding="utf-8")
    result = zh_facts("extract", "tw_tsmc.txt", "folder", "feed.jsonl", "-o", "out", "--no-review", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert list(documents.doc_id) == ["tw_tsmc", "a", "r1"]
    assert set(documents.status) == {"ok"}


def test_standard_input_as_one_article_and_standard_output_as_json_lines(tmp_path):
    result = zh_facts("extract", "-", "-o", "-", cwd=tmp_path, stdin=TAIWAN)
    assert result.returncode == 0, result.stderr
    facts = jsonl(result.stdout)
    assert {f["doc_id"] for f in facts} == {"stdin"}
    assert all(TAIWAN[f["start"] : f["end"]] == f["text"] for f in facts)
    assert {"type": "money", "text": "2兆元", "value": "2000000000000"}.items() <= next(
        f for f in facts if f["type"] == "money"
    ).items()
    assert "1 article" in result.stderr.decode()  # the summary goes to standard error: standard output is data
    assert not list(tmp_path.iterdir())  # nothing on disk


def test_json_lines_are_typed_numbers_as_numbers(tmp_path):
    result = zh_facts("extract", "-", "-o", "-", "-q", cwd=tmp_path, stdin=TAIWAN)
    facts = {f["text"]: f for f in jsonl(result.stdout)}
    money, percent, org = facts["2兆元"], facts["33.9%"], facts["台積電"]
    assert (money["value"], money["amount"]) == ("2000000000000", 2e12)  # `value` stays the contract's string
    assert percent["amount"] == 33.9 and type(percent["amount"]) is float
    assert org["amount"] is None and type(org["start"]) is int and type(org["sentence_id"]) is int
    (tmp_path / "tw.txt").write_text(TAIWAN, encoding="utf-8")
    assert zh_facts("extract", "tw.txt", "-o", "out", "--format", "jsonl", "-q", cwd=tmp_path).returncode == 0
    written = jsonl((tmp_path / "out" / "facts.jsonl").read_bytes())
    assert [f["amount"] for f in written] == [f["amount"] for f in jsonl(result.stdout)]  # the sink types alike
    records = jsonl((tmp_path / "out" / "records.jsonl").read_bytes())
    assert {(r["text"], r["amount"]) for r in records} == {("2兆元", 2e12), ("33.9%", 33.9)}


def test_standard_output_streams_records_as_records_jsonl_has_them(tmp_path):
    result = zh_facts("extract", "-", "-o", "-", "--stream", "records", "-q", cwd=tmp_path, stdin=TAIWAN)
    assert result.returncode == 0, result.stderr
    streamed = jsonl(result.stdout)
    assert {(r["text"], r["subject"], r["metric"]) for r in streamed} == {
        ("2兆元", "台积电", "revenue"),
        ("33.9%", "台积电", "revenue"),
    }
    assert all(type(r["confidence"]) is float and type(r["start"]) is int for r in streamed)
    assert not list(tmp_path.iterdir())  # nothing on disk
    (tmp_path / "tw.txt").write_text(TAIWAN, encoding="utf-8")
    assert zh_facts("extract", "tw.txt", "-o", "out", "--format", "jsonl", "-q", cwd=tmp_path).returncode == 0
    written = jsonl((tmp_path / "out" / "records.jsonl").read_bytes())
    assert [list(r) for r in written] == [list(r) for r in streamed]  # the columns of records.jsonl, typed alike
    assert [type(v) for r in written for v in r.values()] == [type(v) for r in streamed for v in r.values()]
    wrong = zh_facts("extract", "-", "-o", "-", "--stream", "documents", cwd=tmp_path, stdin=TAIWAN)
    assert wrong.returncode == 2 and b"--stream" in wrong.stderr


@pytest.mark.skipif(not shutil.which("jq"), reason="jq not installed")
def test_jq_users_get_numbers(tmp_path):
    facts = zh_facts("extract", "-", "-o", "-", "-q", cwd=tmp_path, stdin=TAIWAN).stdout
    query = "select(.amount != null) | [.text, .amount * 2, .end - .start] | @tsv"
    jq = subprocess.run(["jq", "-r", query], input=facts, capture_output=True)
    assert jq.returncode == 0, jq.stderr
    assert jq.stdout.decode("utf-8").splitlines() == ["2兆元\t4000000000000\t3", "33.9%\t67.8\t5"]


def test_standard_input_as_json_lines(tmp_path):
    lines = "".join(
        json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n"
        for name, text in (("tw", TAIWAN), ("cn", MAINLAND))
    )
    result = zh_facts("extract", "-", "-o", "-", "-q", cwd=tmp_path, stdin=lines)
    assert result.returncode == 0, result.stderr
    assert {f["doc_id"] for f in jsonl(result.stdout)} == {"tw", "cn"}
    assert result.stderr == b""  # -q: no summary


@pytest.mark.slow  # four runs, one per format
def test_format_chooses_the_tables_and_removes_those_of_other_formats(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(MAINLAND, encoding="utf-8")
    assert zh_facts("extract", "corpus", "-o", "out", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / "facts.csv").exists()
    result = zh_facts("extract", "corpus", "-o", "out", "--format", "jsonl", "-v", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")}
    assert names == {"documents.csv", "facts.jsonl", "manifest.json", "records.jsonl", "review"}  # no facts.csv before
    facts = [json.loads(line) for line in (tmp_path / "out" / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(f["type"], f["text"], f["start"]) for f in facts] == [
        ("org", "腾讯", 0),
        ("date", "2024年", 2),
        ("money", "3亿元", 9),
    ]
    assert "facts.jsonl" in result.stdout.decode()  # -v lists the tables
    records = (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8")
    assert json.loads(records.splitlines()[0])["subject"] == "腾讯"
    assert "腾讯" in (tmp_path / "out" / "review" / "summary.html").read_text(encoding="utf-8")  # read from jsonl

    assert zh_facts("extract", "corpus", "-o", "out", "--format", "parquet", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "out" / "facts.jsonl").exists()
    assert len(pd.read_parquet(tmp_path / "out" / "facts.parquet")) == 3


def test_an_unknown_format_is_refused(tmp_path):
    result = zh_facts("extract", "-o", "out", "--format", "csv,xml", cwd=tmp_path)
    assert result.returncode == 2 and b"--format takes csv, parquet, jsonl" in result.stderr


def test_inputs_without_articles_say_so_exit_non_zero_and_replace_nothing(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(MAINLAND, encoding="utf-8")
    assert zh_facts("extract", "corpus", "-o", "out", cwd=tmp_path).returncode == 0
    before = (tmp_path / "out" / "facts.csv").read_bytes()
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.text").write_text(MAINLAND, encoding="utf-8")  # not an article suffix
    result = zh_facts("extract", "empty", "-o", "out", cwd=tmp_path)
    assert result.returncode == 2 and b"empty: no articles" in result.stderr and b"it holds notes.text" in result.stderr
    assert (tmp_path / "out" / "facts.csv").read_bytes() == before
    missing = zh_facts("extract", "corpsu", "-o", "out", cwd=tmp_path)
    assert missing.returncode == 2 and b"corpsu: no such file or folder" in missing.stderr
    assert (tmp_path / "out" / "facts.csv").read_bytes() == before
    with pytest.raises(NoArticles):
        run(tmp_path / "empty", tmp_path / "out", default_rules())


def test_progress_bar_has_a_total(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b"):
        (corpus / f"{name}.txt").write_text(MAINLAND, encoding="utf-8")
    (corpus / "feed.jsonl").write_text(
        "".join(json.dumps({"text": MAINLAND}) + "\n\n" for _ in range(3)), encoding="utf-8"
    )
    import tqdm

    seen = []
    original = tqdm.tqdm.__init__

    def spy(self, *args, **kwargs):
        seen.append(kwargs.get("total"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(tqdm.tqdm, "__init__", spy)
    run(corpus, tmp_path / "out", default_rules(), RunOptions(progress=True, review=False))
    assert seen == [5]  # two files and three records (blank lines are no articles)


def test_extract_takes_a_reference_date_for_articles_that_give_none(tmp_path):
    def dates(*args, stdin: str) -> dict[str, str]:
        result = zh_facts("extract", "-", "-o", "-", "-q", *args, cwd=tmp_path, stdin=stdin)
        assert result.returncode == 0, result.stderr
        return {f["text"]: f["value"] for f in jsonl(result.stdout) if f["type"] == "date"}

    assert dates("--date", "2024-05-01", stdin="今年第一季营收3亿元。") == {"今年第一季": "2024-Q1"}
    assert dates("--date", "2024/5/1", stdin="去年营收3亿元。") == {"去年": "2023"}
    feed = "".join(
        json.dumps({"id": i, "text": "去年营收3亿元。", **meta}) + "\n"
        for i, meta in (("own", {"date": "2020-06-01"}), ("none", {}))
    )
    result = zh_facts("extract", "-", "-o", "-", "-q", "--date", "2024-05-01", cwd=tmp_path, stdin=feed)
    assert {(f["doc_id"], f["value"]) for f in jsonl(result.stdout) if f["type"] == "date"} == {
        ("own", "2019"),  # the article's metadata date wins
        ("none", "2023"),
    }
    assert dates("--date", "2024-05-01", stdin="2022年3月5日电 去年营收3亿元。")["去年"] == "2021"  # so does a dateline
    bad = zh_facts("extract", "-", "-o", "-", "--date", "2024-02-30", cwd=tmp_path, stdin="去年")
    assert bad.returncode == 2 and b"not a date: '2024-02-30'" in bad.stderr and b"usage:" in bad.stderr


def test_one_default_reference_date_everywhere_today(tmp_path):
    """extract, rules explain, the spaCy component and the Python API: today, where nothing gives a date."""
    import spacy

    from zh_facts import extract_text

    this_year = str(date.today().year)
    extracted = zh_facts("extract", "-", "-o", "-", "-q", cwd=tmp_path, stdin="今年营收3亿元。")
    assert [f["value"] for f in jsonl(extracted.stdout) if f["type"] == "date"] == [this_year]
    explained = zh_facts("rules", "explain", "今年营收3亿元", cwd=tmp_path).stdout.decode()
    assert f"reference date {date.today()} (today)" in explained and f"'今年' -> {this_year}" in explained
    nlp = spacy.blank("zh")
    nlp.add_pipe("zh_facts")
    doc = nlp("今年营收3亿元")
    assert [s._.value for s in doc.spans["facts"] if s.label_ == "DATE"] == [this_year]
    assert list(extract_text("今年营收3亿元").query("type == 'date'").value) == [this_year]


def test_rules_explain_says_which_date_it_used(tmp_path):
    given = zh_facts("rules", "explain", "去年营收3亿元", "--date", "2024-03-01", cwd=tmp_path)
    assert "reference date 2024-03-01 (--date)" in given.stdout.decode()
    dateline = zh_facts("rules", "explain", "2022年3月5日电 去年营收3亿元", "--date", "2024-03-01", cwd=tmp_path)
    assert "reference date 2022-03-05 (dateline)" in dateline.stdout.decode()


def test_rules_test_says_examples_keep_their_own_date(tmp_path):
    from zh_facts.ruleset.yamlfile import DEFAULT_EXAMPLE_DATE

    result = zh_facts("rules", "test", "--help", cwd=tmp_path)
    assert f"else {DEFAULT_EXAMPLE_DATE}, never today" in " ".join(result.stdout.decode().split())


def test_missing_arguments_get_a_usage_message(tmp_path):
    alone = zh_facts(cwd=tmp_path)
    assert alone.returncode == 2 and alone.stdout == b""
    assert alone.stderr.decode().startswith("usage: zh-facts") and "examples:" in alone.stderr.decode()
    rules = zh_facts("rules", cwd=tmp_path)
    assert rules.returncode == 2 and "zh-facts rules test rules/money.yaml" in rules.stderr.decode()
    extract = zh_facts("extract", cwd=tmp_path)  # no input, and no corpus/ here
    message = extract.stderr.decode()
    assert extract.returncode == 2 and message.startswith("usage: zh-facts extract")
    assert "error: no INPUT given, and no corpus/ folder here" in message and "no such file" not in message
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(MAINLAND, encoding="utf-8")
    assert zh_facts("extract", "-q", cwd=tmp_path).returncode == 0  # corpus/ -> output/, as documented
    assert (tmp_path / "output" / "facts.csv").exists()


def test_every_help_has_examples_that_parse():
    import shlex

    from zh_facts.api.cli import build_parser

    parser = build_parser()
    commands = [[], ["extract"], ["rules"], ["rules", "test"], ["rules", "explain"], ["diff"]]
    for command in commands:
        sub = parser
        for name in command:
            sub = next(a for a in sub._actions if a.dest in ("command", "rules_command")).choices[name]
        examples = sub.format_help().split("examples:\n")[1]
        lines = [line for line in examples.splitlines() if "zh-facts " in line and "--help" not in line]
        assert lines, f"zh-facts {' '.join(command)} --help shows no example"
        for line in lines:
            argv = shlex.split(line[line.index("zh-facts ") :].split(" | ")[0], comments=True)[1:]
            assert argv[: len(command)] == command or not command, line
            args = parser.parse_args(argv)  # exits (a test error) when an example does not parse
            assert args.func.__name__ != "show_help", line  # a whole command, not one that only shows help
