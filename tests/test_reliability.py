"""Reliability, round three: each case a hostile or careless user tried (issue 33), as a test.

Sidecars are read like articles, no single input loses the run, a crash keeps the last good tables.
"""

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import regex
from conftest import PROJECT

from zh_facts import extract_records, extract_text
from zh_facts.engine import workers
from zh_facts.engine.run import OutputError, RunOptions, run
from zh_facts.ruleset.loading import default_rules
from zh_facts.ruleset.stress import check_stress
from zh_facts.ruleset.yamlfile import RuleError
from zh_facts.stages.read import MAX_SIDECAR_BYTES, Inputs, decode

GOOD = "騰訊元寶在一個月內砸下約3億元進行投流，去年下半年增長七成。"


def _documents(output: Path) -> pd.DataFrame:
    return pd.read_csv(output / "documents.csv", keep_default_na=False).set_index("doc_id")


def test_sidecars_are_read_like_articles(tmp_path):
    """A sidecar linking to /dev/zero, a FIFO sidecar, a link to JSON outside the corpus, an oversized one:
    each a warning on a kept article; nothing blocks, nothing outside the corpus is published."""
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (outside / "secret.json").write_text(json.dumps({"title": "SECRET TITLE", "source": "SECRET"}), encoding="utf-8")
    for name in ("zero", "fifo", "outside", "huge", "fine"):
        (corpus / f"{name}.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "zero.meta.json").symlink_to("/dev/zero")
    os.mkfifo(corpus / "fifo.meta.json")
    (corpus / "outside.meta.json").symlink_to(outside / "secret.json")
    (corpus / "huge.meta.json").write_text(json.dumps({"title": "x" * (MAX_SIDECAR_BYTES + 10)}), encoding="utf-8")
    (corpus / "fine.meta.json").write_text(json.dumps({"date": "2025-07-01", "title": "好"}), encoding="utf-8")
    summary = run(corpus, tmp_path / "out", default_rules(), RunOptions(review=True, use_cache=False))
    documents = _documents(tmp_path / "out")
    assert summary.articles == 5 and not summary.failed
    assert "outside the article's folder" in documents.loc["zero", "error"]
    assert "not a regular file" in documents.loc["fifo", "error"]
    assert "outside the article's folder" in documents.loc["outside", "error"]
    assert "over the 65536 byte limit for metadata" in documents.loc["huge", "error"]
    assert documents.loc["fine", "status"] == "ok" and documents.loc["fine", "title"] == "好"
    published = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8")
    published += "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "review").glob("*.html"))
    assert "SECRET" not in published


def test_a_line_of_900000_characters_beside_a_good_article_keeps_every_row(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text("騰訊營收3億元" + "的" * 900_000, encoding="utf-8")
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    run(corpus, tmp_path / "out", default_rules(), RunOptions(review=True, use_cache=False))
    parquet = pd.read_parquet(tmp_path / "out" / "facts.parquet")
    assert set(parquet.doc_id) == {"long", "good"} and parquet.sentence.str.len().max() > 900_000
    assert len(parquet) == len(pd.read_csv(tmp_path / "out" / "facts.csv"))


def test_json_lines_records_that_break_parsers_are_error_rows_or_capped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    deep = '{"id": "deep", "text": "x", "n": ' + "[" * 1100 + "]" * 1100 + "}"
    lines = [
        json.dumps({"id": "i" * 1_000_000, "text": GOOD}),  # a 1 MB id
        deep,  # nested 1,100 levels
        '{"id": ' + "7" * 5000 + ', "text": "' + GOOD + '"}',  # a 5,000-digit integer id
        json.dumps({"id": "good", "text": GOOD}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run(corpus, tmp_path / "out", default_rules(), RunOptions(review=False, use_cache=False))
    documents = _documents(tmp_path / "out")
    assert summary.articles == 4 and len(documents) == 4
    long_id = next(d for d in documents.index if d.startswith("iii"))
    assert len(long_id) == 200 + 1 + 12 and "cut to its first 200" in documents.loc[long_id, "error"]
    assert documents.loc["feed-2", "status"] == "error" and "nested too deep" in documents.loc["feed-2", "error"]
    assert documents.loc["7" * 200 + next(d for d in documents.index if d.startswith("777"))[200:], "status"] != "error"
    assert documents.loc["good", "status"] == "ok"


class _Endless(io.RawIOBase):
    """JSON Lines that never end, counting the bytes handed out."""

    def __init__(self):
        self.handed = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        line = json.dumps({"text": GOOD}).encode() + b"\n"
        data = (line * (len(buffer) // len(line) + 1))[: len(buffer)]
        buffer[: len(data)] = data
        self.handed += len(data)
        return len(data)


def test_json_lines_on_standard_input_are_read_as_a_stream():
    stream = _Endless()
    inputs = Inputs(["-"], stdin=io.BufferedReader(stream))
    assert inputs.count() is None  # unknown until read
    sources = iter(inputs)
    first = [next(sources) for _ in range(1000)]
    assert all(s.load().text == GOOD for s in first[:3]) and stream.handed < 1 << 20


def test_a_crash_exits_3_and_make_extract_keeps_the_previous_tables(tmp_path):
    """Exit 1 means "some articles failed, tables written"; a crash with no tables is 3, and the run itself
    moves the last tables to --keep-previous only after new ones exist."""
    corpus, output, previous = tmp_path / "corpus", tmp_path / "out", tmp_path / "out.previous"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")

    def extract():
        command = [sys.executable, "-m", "zh_facts", "extract", str(corpus), "-o", str(output), "-q"]
        return subprocess.run([*command, "--keep-previous", str(previous)], capture_output=True, text=True, cwd=PROJECT)

    assert extract().returncode == 0 and not previous.exists()
    first = (output / "facts.csv").read_bytes()
    (corpus / "a.txt").write_text(GOOD.replace("3億元", "4億元"), encoding="utf-8")
    assert extract().returncode == 0 and (previous / "facts.csv").read_bytes() == first
    second = (output / "facts.csv").read_bytes()
    broken = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, zh_facts.engine.run as r\n"
            "r._run_into = lambda *a: 1 / 0\n"
            "from zh_facts.api.cli import main\n"
            f"sys.exit(main(['extract', {str(corpus)!r}, '-o', {str(output)!r}, '--keep-previous', {str(previous)!r}]))",
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert broken.returncode == 3 and "no tables were written" in broken.stderr, broken.stderr
    assert (previous / "facts.csv").read_bytes() == first and (output / "facts.csv").read_bytes() == second
    assert not list(tmp_path.glob(".out.previous.*.pending"))


def test_a_killed_worker_costs_its_articles_not_the_run(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"a{i}.txt").write_text(GOOD, encoding="utf-8")
    real = workers.extract_chunk

    def dying(sources, rules, settings):  # the out-of-memory killer, on the chunk of a3
        if any(s.doc_id == "a3" for s in sources):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(sources, rules, settings)

    monkeypatch.setattr(workers, "extract_chunk", dying)
    monkeypatch.setattr(workers, "CHUNK", 1)
    summary = run(corpus, tmp_path / "out", default_rules(), RunOptions(workers=2, review=False, use_cache=False))
    documents = _documents(tmp_path / "out")
    assert summary.articles == 6 and summary.failed == ["a3"]
    assert "a worker process died" in documents.loc["a3", "error"]
    assert (documents.drop(index="a3").status == "ok").all()


class _Rule:
    def __init__(self, pattern):
        self.pattern, self.compiled, self.where, self.id = pattern, regex.compile(pattern), "x.yaml:1", "x"


@pytest.mark.parametrize("pattern", [r"(?:\u65b0|\u65b0\u65b0)+\u62a5", r"(?:q|qq)+z", r"(?:[^，。]{1,30}){1,30}@"])
def test_patterns_that_backtrack_are_refused_at_load_however_written(pattern):
    with pytest.raises(RuleError, match="backtracks catastrophically"):
        check_stress(_Rule(pattern))


def test_the_names_models_compiled_code_is_cached_in_the_users_private_folder():
    from zh_facts.ruleset import crf_kernel

    folder = Path(crf_kernel._CACHE_FOLDER)
    assert folder.parent.stat().st_mode & 0o077 == 0 and PROJECT not in folder.parents
    assert not list((PROJECT / "pipeline").rglob("*.nbi"))  # nothing compiled beside the code


def test_the_reference_date_of_an_undated_article_is_part_of_its_cache_key(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("明年營收將達3億元", encoding="utf-8")

    def years(day):
        summary = run(
            corpus, tmp_path / "out", default_rules(), RunOptions(review=False, run_date=pd.Timestamp(day).date())
        )
        facts = pd.read_csv(tmp_path / "out" / "facts.csv", dtype=str, keep_default_na=False)
        return summary.skipped, list(facts[facts.type == "date"].value)

    assert years("2025-03-01") == (0, ["2026"])
    assert years("2026-03-01") == (0, ["2027"])  # not the first day's result
    assert years("2026-03-01") == (1, ["2027"])  # the same day: from the cache


def test_warnings_of_an_article_survive_a_cache_hit(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [{"id": "clean", "text": GOOD}, {"id": "bad_date", "text": GOOD, "date": "2025-13-45"}]
    (corpus / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for _ in range(2):  # the second run takes both from the cache
        summary = run(
            corpus,
            tmp_path / "out",
            default_rules(),
            RunOptions(review=False, run_date=pd.Timestamp("2025-07-01").date()),
        )
        documents = _documents(tmp_path / "out")
        assert "impossible or unreadable date" in documents.loc["bad_date", "error"]
        assert documents.loc["clean", "status"] == "ok"
    assert summary.skipped == 2


@pytest.mark.parametrize("day, words", [("9999-12-31", "明年"), ("0001-01-01", "去年")])
def test_a_reference_date_at_the_calendars_edge_keeps_the_article(tmp_path, day, words):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        json.dumps({"id": "a", "text": f"{words}營收3億元", "date": day}) + "\n", encoding="utf-8"
    )
    summary = run(corpus, tmp_path / "out", default_rules(), RunOptions(review=False, use_cache=False))
    documents = _documents(tmp_path / "out")
    assert not summary.failed and "relative dates (明年, 去年) give no value" in documents.loc["a", "error"]
    assert "300000000" in (tmp_path / "out" / "facts.csv").read_text(encoding="utf-8")


def test_an_output_folder_that_holds_an_input_file_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "documents.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="holds the input file a.txt"):
        run([tmp_path / "a.txt"], tmp_path, default_rules())
    assert (tmp_path / "documents.csv").read_text(encoding="utf-8") == "mine"


def test_every_table_a_spreadsheet_opens_has_a_safe_copy(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": '=HYPERLINK("http://x")', "text": GOOD}) + "\n", encoding="utf-8"
    )
    run(corpus, tmp_path / "out", default_rules(), RunOptions(review=False))
    for table in ("facts", "records", "documents"):
        safe = pd.read_csv(
            tmp_path / "out" / f"{table}_spreadsheet.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        assert len(safe) and all(cell.startswith("'=") for cell in safe.doc_id), table


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_extract_text_keeps_exact_offsets_for_every_newline_style(newline):
    text = f"騰訊營收3億元。{newline}去年增長七成{newline}{newline}台積電營收1兆元"
    for frame in (extract_text(text, date="2025-07-01"), extract_records(text, date="2025-07-01")):
        assert len(frame) and all(text[r.start : r.end] == r.text for r in frame.itertuples())


@pytest.mark.parametrize("bad", [None, 12345, b"\xe9\xa8\xb0"])
def test_extract_text_of_no_string_is_a_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match="^text: a str, not"):
        extract_text(bad)


def test_extract_text_over_the_article_limit_is_refused_and_long_digit_runs_give_no_value():
    with pytest.raises(ValueError, match="byte limit"):
        extract_text("字" * 7_000_001)
    facts = extract_text("1" * 100_000 + "元", date="2025-07-01")
    assert facts.empty or (facts.value.str.len() < 100).all()


def test_short_utf16_without_a_byte_order_mark_says_so():
    for data in ("台積電營收成長".encode("utf-16-le"), "今天".encode("utf-16-be")):
        text, codec, warnings = decode(data, "x.txt")
        assert codec.startswith("utf-16") or any("without a byte-order mark" in w for w in warnings), (codec, warnings)


def test_an_article_with_a_few_flipped_bytes_is_kept_with_a_warning():
    import random

    data = bytearray((GOOD * 60).encode("utf-8"))
    for i in random.Random(7).sample(range(len(data)), len(data) // 250):  # 0.4 % of the bytes
        data[i] ^= 0x55
    text, codec, warnings = decode(bytes(data), "x.txt")
    assert "invalid UTF-8 bytes replaced" in warnings[-1] and len(text) > 1000


@pytest.mark.parametrize("share, kept", [(0.06, True), (0.09, True), (0.2, False)])
def test_nul_characters_are_read_under_a_tenth_of_the_text(share, kept):
    good = GOOD * 20
    data = (good + "\x00" * round(share * len(good) / (1 - share))).encode("utf-8")
    if kept:
        assert "NUL characters replaced" in decode(data, "x.txt")[2][-1]
    else:
        with pytest.raises(Exception, match="NUL"):
            decode(data, "x.txt")
