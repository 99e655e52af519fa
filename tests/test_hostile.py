"""Hostile input and faults: every bad file gets a clear error, the run goes on, nothing is lost."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from shutil import which as shutil_which

import pandas as pd
import pytest
from conftest import FIRST_ARTICLE, PROJECT
from filelock import FileLock

from zh_facts.datatypes import Article
from zh_facts.engine.run import OutputError, RunOptions, run
from zh_facts.ruleset.loading import default_rules
from zh_facts.stages.extract import extract_article
from zh_facts.stages.read import MAX_ARTICLE_BYTES, Inputs

GOOD = "騰訊元寶在一個月內砸下約3億元進行投流，去年下半年增長七成。"


def hostile_corpus(folder: Path) -> dict[str, str]:
    """Write one file of each kind of trouble; return doc_id -> expected status."""
    files = {
        "good": (GOOD.encode("utf-8"), "ok"),
        "empty": (b"", "error"),
        "image": (b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "error"),
        "archive": (b"PK\x03\x04" + os.urandom(2000), "error"),
        "random_bytes": (bytes(range(128, 256)) * 40, "error"),
        "one_bad_byte": (GOOD.encode("utf-8") * 50 + b"\xff" + GOOD.encode("utf-8"), "warning"),
        "gb18030": ("腾讯元宝在一个月内砸下约3亿元进行投流。".encode("gb18030"), "ok"),
        "big5": ("騰訊元寶在一個月內砸下約3億元進行投流。".encode("big5"), "ok"),
        "utf16": (GOOD.encode("utf-16"), "ok"),
        "nul_bytes": (GOOD.encode("utf-8") + b"\x00\x00\x00" + GOOD.encode("utf-8"), "warning"),
        "control_chars": (("\x01\x02\x03\x04\x05\x06\x07\x08" * 100 + GOOD).encode("utf-8"), "error"),
        "lone_surrogate": (GOOD.encode("utf-8") + b"\xed\xa0\x80" + GOOD.encode("utf-8") * 100, "warning"),
        "crlf": (GOOD.replace("，", "\r\n").encode("utf-8"), "ok"),
        "bad_meta": (GOOD.encode("utf-8"), "warning"),
        "impossible_date": (GOOD.encode("utf-8"), "warning"),
    }
    for doc_id, (data, _) in files.items():
        (folder / f"{doc_id}.txt").write_bytes(data)
    (folder / "bad_meta.meta.json").write_text("{not json", encoding="utf-8")
    (folder / "impossible_date.meta.json").write_text(json.dumps({"date": "2024-13-45"}), encoding="utf-8")
    (folder / "a_folder.txt").mkdir()  # not a file: skipped
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "feed-ok", "text": GOOD, "date": "2025-07-01"}, ensure_ascii=False)
        + "\n"
        + "{broken json\n"
        + json.dumps({"id": "feed-notext", "title": "no text"})
        + "\n",
        encoding="utf-8",
    )
    expected = {doc_id: status for doc_id, (_, status) in files.items()}
    expected.update({"feed-ok": "ok", "feed-2": "error", "feed-notext": "error"})
    return expected


def test_every_bad_file_is_reported_and_the_run_goes_on(tmp_path):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    expected = hostile_corpus(corpus)
    summary = run(corpus, output, default_rules())
    documents = pd.read_csv(output / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert documents["status"].to_dict() == expected
    errors = documents[documents.status == "error"]
    assert all(str(corpus) in e for e in errors.error), "every error names its file"
    assert "PNG image" in documents.loc["image", "error"] and "zip archive" in documents.loc["archive", "error"]
    assert "feed.jsonl:2" in documents.loc["feed-2", "error"]
    assert "impossible or unreadable date '2024-13-45', ignored" in documents.loc["impossible_date", "error"]
    assert "bad_meta.meta.json: malformed metadata, ignored" in documents.loc["bad_meta", "error"]
    assert documents.loc["bad_meta", "reference_date_source"] == "run"  # falls back as documented
    assert "3 NUL characters replaced" in documents.loc["nul_bytes", "error"]
    assert sorted(summary.failed) == sorted(k for k, v in expected.items() if v == "error")
    facts = pd.read_csv(output / "facts.csv", dtype=str, keep_default_na=False)
    for doc_id in ("good", "gb18030", "big5", "utf16", "crlf", "feed-ok", "one_bad_byte", "nul_bytes", "bad_meta"):
        assert (facts.doc_id == doc_id).sum() >= 2, doc_id


def test_a_file_that_vanishes_during_the_run(tmp_path, monkeypatch):
    from zh_facts.stages import read as read_module
    from zh_facts.stages.read import iter_sources

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b"):
        (corpus / f"{name}.txt").write_text(GOOD, encoding="utf-8")
    sources = list(iter_sources(corpus))
    (corpus / "a.txt").unlink()  # listed, then gone before it is read
    monkeypatch.setattr(read_module, "iter_sources", lambda *args: iter(sources))
    summary = run(corpus, tmp_path / "out", default_rules())
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert summary.failed == ["a"] and "cannot read" in documents.loc["a", "error"]
    assert documents.loc["b", "status"] == "ok"


def test_an_oversized_article_gets_a_clear_error_without_being_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(corpus / "huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)  # a 50 MB file, sparse on disk
    run(corpus, tmp_path / "out", default_rules())
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert f"over the {MAX_ARTICLE_BYTES} byte limit" in documents.loc[0, "error"]


@pytest.mark.slow  # large inputs
def test_one_line_of_five_megabytes(tmp_path):
    line = (GOOD.replace("。", "，") * 120_000)[: 5 * 1024 * 1024 // 3]
    facts = extract_article(Article("long", line), default_rules()).facts
    assert len(facts) > 100_000
    assert all(line[f.start : f.end] == f.text for f in facts[:1000])


def _best_of_three(text: str) -> float:
    rules = default_rules()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        extract_article(Article("t", text), rules)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.slow  # large inputs
@pytest.mark.parametrize(
    "name,text",
    [
        ("100,000 digits", "1" * 100_000),
        ("100,000 萬", "萬" * 100_000),
        ("Chinese numerals", ("一二三四五六七八九十百千萬億" * 8000)[:100_000]),
        ("alternating scripts", ("a中b國c1d萬" * 20_000)[:100_000]),
        ("years", ("2024年" * 20_000)[:100_000]),
    ],
)
def test_pathological_text_takes_about_as_long_as_news(name, text):
    """Bounded time, measured as a ratio to a normal article of the same length (never an absolute time)."""
    normal = (FIRST_ARTICLE.read_text(encoding="utf-8") * 30)[: len(text)]
    ratio = _best_of_three(text) / _best_of_three(normal)
    print(f"\n{name}: {ratio:.2f} x a normal article of the same length")
    assert ratio < 10


@pytest.mark.slow  # large inputs
def test_time_grows_linearly_with_a_run_of_digits():
    ratio = _best_of_three("1" * 200_000) / _best_of_three("1" * 100_000)
    print(f"\n200,000 vs 100,000 digits: {ratio:.2f} x")
    assert ratio < 3


def test_second_run_on_the_same_output_is_refused(tmp_path):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    output.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    with FileLock(str(output / ".lock")):
        with pytest.raises(OutputError, match="another run is writing to this folder"):
            run(corpus, output, default_rules())
    result = subprocess.run(
        [sys.executable, "-m", "zh_facts", "extract", str(corpus), "-o", str(output)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 0  # the lock is free again


def test_unwritable_output_fails_at_once_with_a_clear_message(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a_file").write_text("not a folder")
    result = subprocess.run(
        [sys.executable, "-m", "zh_facts", "extract", str(tmp_path / "corpus"), "-o", str(tmp_path / "a_file" / "out")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 2
    assert "output folder cannot be written" in result.stderr and "a_file/out" in result.stderr


@pytest.mark.slow  # signals, processes and make
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_leaves_the_previous_tables_intact(tmp_path, sig):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "first.txt").write_text(GOOD, encoding="utf-8")
    run(corpus, output, default_rules())
    before = {name: (output / name).read_bytes() for name in ("facts.csv", "documents.csv", "facts.parquet")}
    text = FIRST_ARTICLE.read_text(encoding="utf-8")
    for i in range(400):  # enough work that the signal arrives mid-run
        (corpus / f"doc{i:03d}.txt").write_text(text + str(i), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "zh_facts", "extract", str(corpus), "-o", str(output), "--no-cache"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not (output / "review" / "doc005.html").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr
    assert {name: (output / name).read_bytes() for name in before} == before
    assert not list(output.glob(".*.tmp"))


def test_a_stop_request_ends_the_run_with_the_previous_tables_intact(tmp_path):
    # What a signal whose KeyboardInterrupt was lost in a finaliser still does: the run checks after every chunk.
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "first.txt").write_text(GOOD, encoding="utf-8")
    run(corpus, output, default_rules())
    before = {name: (output / name).read_bytes() for name in ("facts.csv", "documents.csv", "facts.parquet")}
    (corpus / "second.txt").write_text(GOOD + "另一篇", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run(corpus, output, default_rules(), RunOptions(stop_requested=lambda: True))
    assert {name: (output / name).read_bytes() for name in before} == before
    assert not list(output.glob(".*.tmp"))


def test_spreadsheet_safe_export_is_written(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "formula.txt").write_text('=HYPERLINK("http://x")騰訊元寶在一個月內砸下約3億元', encoding="utf-8")
    run(corpus, tmp_path / "out", default_rules())
    exact = pd.read_csv(tmp_path / "out" / "facts.csv", dtype=str, keep_default_na=False)
    safe = pd.read_csv(
        tmp_path / "out" / "facts_spreadsheet.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    assert any(s.startswith("=HYPERLINK") for s in exact.sentence)
    assert not any(cell.startswith(("=", "+", "-", "@")) for column in safe.columns for cell in safe[column])


@pytest.mark.slow  # large inputs
def test_all_development_news_and_the_feed_beside_hostile_files(tmp_path):
    """The 79 articles and the 5,936-item RTHK feed of ../shared/data/news, plus hostile files, in one run."""
    from conftest import shared

    news = shared("data/news")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in news.iterdir():
        (corpus / path.name).symlink_to(path)
    expected_errors = {k for k, v in hostile_corpus(corpus).items() if v == "error"}
    summary = run(Inputs([corpus], follow_links=True), tmp_path / "out", default_rules(), RunOptions(review=False))
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    news_ids = {p.stem for p in news.glob("*.txt")}
    feed = documents[documents.path.str.contains("rthk_feed_2025.jsonl")]
    assert len(feed) == sum(1 for line in (news / "rthk_feed_2025.jsonl").open(encoding="utf-8") if line.strip())
    assert set(documents[documents.doc_id.isin(news_ids)].status) == {"ok"}
    assert set(feed.status) == {"ok"}
    assert set(summary.failed) == expected_errors
    print(f"\n{summary.line()}")


def test_long_odd_and_duplicate_ids_each_keep_their_own_facts_pages_and_rows(tmp_path):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    long_id = "騰訊" * 150  # 900 bytes: no file system takes it as a name
    lines = [
        {"id": long_id, "text": GOOD},
        {"id": "x", "text": GOOD},
        {"id": "bad\ud800id", "text": GOOD},
        {"id": "x", "text": GOOD.replace("3億元", "4億元")},
    ]
    (corpus / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    (corpus / "b.jsonl").write_text(json.dumps({"id": "x", "text": GOOD}) + "\n", encoding="utf-8")
    (corpus / "x.txt").write_text(GOOD, encoding="utf-8")
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD, encoding="utf-8")  # a Latin-1 file name
    summary = run(corpus, output, default_rules())
    documents = pd.read_csv(output / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert not summary.failed and len(documents) == 7
    cut_id = f"{long_id[:200]}~{hashlib.sha256(long_id.encode()).hexdigest()[:12]}"  # ids keep 200 characters
    assert {cut_id, "x", "x~2", "x~3", "x~4", "bad\ufffdid", "caf\ufffd"} == set(documents.index)
    assert "doc_id of 300 characters cut to its first 200 and a hash" in documents.loc[cut_id, "error"]
    assert "doc_id 'x' was already" in documents.loc["x~2", "error"] and documents.loc["x~2", "status"] == "warning"
    facts = pd.read_csv(output / "facts.csv", keep_default_na=False)
    assert facts.fact_id.is_unique and set(facts.doc_id) == set(documents.index)
    assert "400000000" in set(facts[facts.doc_id == "x~2"].value)  # each keeps its own facts
    pages = {p.name for p in (output / "review").glob("*.html")}
    assert len(pages) == 7 + 6 and all(len(name.encode()) < 255 for name in pages)
    assert all(documents.loc[d, "status"] != "error" for d in documents.index)


def test_links_out_of_the_corpus_fifos_and_huge_records_are_error_rows(tmp_path):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("機密：營收3億元", encoding="utf-8")
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "leak.txt").symlink_to(secret)
    (corpus / "inside.txt").symlink_to(corpus / "good.txt")  # a link within the corpus is read
    os.mkfifo(corpus / "feed.jsonl")  # would block forever if opened
    os.mkfifo(corpus / "pipe.txt")
    with open(corpus / "big.jsonl", "wb") as big:
        big.write(json.dumps({"id": "ok", "text": GOOD}).encode() + b"\n")
        big.write(b'{"id": "huge", "text": "' + b"a" * (21 * 1024 * 1024) + b'"}\n')
        big.write(json.dumps({"id": "after", "text": GOOD}).encode() + b"\n")
    summary = run(corpus, output, default_rules())
    documents = pd.read_csv(output / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert documents.status.to_dict() == {
        "big-2": "error",
        "ok": "ok",
        "after": "ok",
        "feed": "error",
        "good": "ok",
        "inside": "ok",
        "leak": "error",
        "pipe": "error",
    }
    assert "outside the corpus folder: not read (--follow-links reads it)" in documents.loc["leak", "error"]
    assert (
        "not a regular file" in documents.loc["feed", "error"]
        and "not a regular file" in documents.loc["pipe", "error"]
    )
    assert "byte limit for one article" in documents.loc["big-2", "error"]
    assert "機密" not in (output / "facts.csv").read_text(encoding="utf-8")
    assert not list((output / "review").glob("leak*"))
    assert len(summary.failed) == 4


def test_the_output_folder_is_never_the_corpus_nor_reached_through_links(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "documents.csv").write_text("the user's own table", encoding="utf-8")
    with pytest.raises(OutputError, match="the output folder is the corpus folder"):
        run(corpus, corpus, default_rules())
    assert (corpus / "documents.csv").read_text(encoding="utf-8") == "the user's own table"
    output, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    output.mkdir()
    elsewhere.mkdir()
    (output / "review").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="review: is a symbolic link"):
        run(corpus, output, default_rules())
    assert not list(elsewhere.iterdir())


def test_stale_temporaries_of_dead_runs_are_removed_and_skipped_entries_listed(tmp_path):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "B.TXT").write_text(GOOD, encoding="utf-8")  # any case
    (corpus / "notes.text").write_text(GOOD, encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "c.txt").write_text(GOOD, encoding="utf-8")
    (output / "review").mkdir(parents=True)
    for stale in (output / ".facts.csv.4242.tmp", output / "review" / ".a.html.4242.beef.tmp"):
        stale.write_bytes(b"x" * 1000)  # what a run killed with -9 left
    summary = run(corpus, output, default_rules())
    assert not list(output.rglob("*.tmp"))
    assert summary.articles == 2
    assert summary.warnings == ["skipped what is no article (.txt or .jsonl): notes.text, sub/"]
    with pytest.raises(OutputError, match=r"no articles .* it holds c\.md"):
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "c.md").write_text(GOOD, encoding="utf-8")
        run(tmp_path / "docs", output, default_rules())


@pytest.mark.slow  # starts a Dask cluster
def test_the_dask_engine_takes_the_same_lock(tmp_path):
    from filelock import FileLock

    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    output.mkdir()
    with FileLock(str(output / ".lock")):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "zh_facts",
                "extract",
                str(corpus),
                "-o",
                str(output),
                "--engine",
                "dask",
                "--workers",
                "1",
            ],
            capture_output=True,
            text=True,
            cwd=PROJECT,
        )
    assert result.returncode == 2 and "another run is writing to this folder" in result.stderr
    assert not (output / "facts.csv").exists()


def test_documents_have_a_spreadsheet_safe_copy(tmp_path):
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": '=HYPERLINK("http://evil","x")', "text": GOOD, "title": "@SUM(A1)"}) + "\n", encoding="utf-8"
    )
    run(corpus, output, default_rules(), RunOptions(review=False))
    exact = pd.read_csv(output / "documents.csv", dtype=str, keep_default_na=False)
    safe = pd.read_csv(output / "documents_spreadsheet.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert exact.doc_id[0] == '=HYPERLINK("http://evil","x")' and safe.doc_id[0] == "'" + exact.doc_id[0]
    assert safe.title[0] == "'@SUM(A1)" and safe.characters[0] == exact.characters[0]


def test_a_full_disk_for_the_tables_exits_cleanly_and_keeps_the_previous_ones(tmp_path, monkeypatch):
    import errno

    from zh_facts.outputs.sinks import TablesWriter

    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    run(corpus, output, default_rules(), RunOptions(review=False))
    before = (output / "facts.csv").read_bytes()

    def full(self, rendered):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(TablesWriter, "add", full)
    with pytest.raises(OutputError, match="disk full; the tables of the previous run are left as they were"):
        run(corpus, output, default_rules(), RunOptions(review=False, use_cache=False))
    assert (output / "facts.csv").read_bytes() == before and not list(output.glob(".*.tmp"))


def _children(pid: int) -> set[int]:
    found = set()
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found |= {int(c) for c in (task / "children").read_text().split()}
    except FileNotFoundError:
        pass  # the process has ended
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    stat_file = Path(f"/proc/{pid}/stat")
    return stat_file.exists() and "Z" not in stat_file.read_text().split()[2]


def _first_article_corpus(tmp_path, copies: int) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = FIRST_ARTICLE.read_text(encoding="utf-8")
    for i in range(copies):
        (corpus / f"a{i}.txt").write_text(text, encoding="utf-8")
    return corpus


def _run_with_two_workers(corpus: Path, output: Path, poll: float, **popen) -> subprocess.Popen:
    """A command-line run with 2 workers, returned once both have started (or it ended, or a minute passed)."""
    run_ = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zh_facts",
            "extract",
            str(corpus),
            "-o",
            str(output),
            "--workers",
            "2",
            "--no-cache",
            "--no-review",
        ],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **popen,
    )
    deadline = time.monotonic() + 60
    while len(_children(run_.pid)) < 2 and time.monotonic() < deadline and run_.poll() is None:
        time.sleep(poll)
    return run_


@pytest.mark.slow  # signals, processes and make
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_die_with_their_parent(tmp_path):
    parent = _run_with_two_workers(_first_article_corpus(tmp_path, 400), tmp_path / "out", poll=0.2)
    workers = _children(parent.pid)
    assert len(workers) >= 2, "the workers did not start"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_running, workers)):
        time.sleep(0.1)
    assert [w for w in workers if _running(w)] == []


@pytest.mark.slow  # signals, processes and make
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_with_workers_never_hangs(tmp_path):
    """Ctrl-C reaches the whole process group, as from a terminal. CTRL_C_TRIES=100 for the long loop."""
    corpus = _first_article_corpus(tmp_path, 1000)
    tries, hangs, interrupted = int(os.environ.get("CTRL_C_TRIES", "3")), 0, 0
    for attempt in range(tries):
        run_ = _run_with_two_workers(corpus, tmp_path / "out", poll=0.05, start_new_session=True)
        time.sleep(0.3 + 0.4 * (attempt % 3) / 2)  # at different points of the run
        try:
            os.killpg(run_.pid, signal.SIGINT)
            interrupted += 1
        except ProcessLookupError:
            continue  # finished before the signal
        try:
            run_.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hangs += 1
            os.killpg(run_.pid, signal.SIGKILL)
            run_.wait()
    print(f"\nCtrl-C with 2 workers: {hangs} hangs in {interrupted} interrupted runs")
    assert hangs == 0 and interrupted > 0


def test_an_article_past_its_deadline_is_an_error_row_naming_the_rule(tmp_path, monkeypatch):
    """A user rule that backtracks where no stress text did (its check skipped here) stops at the deadline."""
    import shutil

    from zh_facts.engine import workers
    from zh_facts.ruleset.loading import load_rules

    rules_folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", rules_folder)
    (rules_folder / "zz_slow.yaml").write_text(
        "type: org\nnormalizer: org_name\nrules:\n  - id: user.slow\n    pattern: '(?P<name>(?:新|新新)+报)'\n"
        "    examples:\n      - text: 看新报\n        facts:\n          - {text: 新报, value: 新报}\n",
        encoding="utf-8",
    )
    rules = load_rules(rules_folder, check_stress=False)
    monkeypatch.setattr(workers, "DEADLINE_SECONDS", 1.0)
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "slow.txt").write_text("新" * 60 + "。", encoding="utf-8")
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    started = time.monotonic()
    summary = run(corpus, output, rules, RunOptions(review=False, use_cache=False))
    assert time.monotonic() - started < 30
    documents = pd.read_csv(output / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert summary.failed == ["slow"] and documents.loc["good", "status"] == "ok"
    assert "extraction stopped after 1 s, in rule user.slow" in documents.loc["slow", "error"]


@pytest.mark.slow  # signals, processes and make
@pytest.mark.skipif(not shutil_which("make"), reason="needs make")
def test_make_extract_moves_output_previous_only_after_a_run_that_wrote_tables(tmp_path):
    stamp = tmp_path / "installed"
    stamp.write_text("")  # newer than pyproject.toml: make does not set up a venv
    corpus, output = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()

    def make_extract(folder):
        return subprocess.run(
            [
                "make",
                "-C",
                str(PROJECT),
                "extract",
                f"PY={sys.executable}",
                f"RUN_STAMP={stamp}",
                f"CORPUS={folder}",
                f"OUTPUT={output}",
            ],
            capture_output=True,
            text=True,
        )

    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    assert make_extract(corpus).returncode == 0
    first = (output / "facts.csv").read_bytes()
    (corpus / "a.txt").write_text(GOOD.replace("3億元", "4億元"), encoding="utf-8")
    assert make_extract(corpus).returncode == 0
    assert (tmp_path / "out.previous" / "facts.csv").read_bytes() == first
    second = (output / "facts.csv").read_bytes()
    refused = make_extract(tmp_path / "corpsu")  # a mistyped corpus
    assert refused.returncode != 0 and "no such file or folder" in refused.stderr
    assert (tmp_path / "out.previous" / "facts.csv").read_bytes() == first  # not moved by the refused run
    assert (output / "facts.csv").read_bytes() == second and not list(tmp_path.glob(".out.previous.*.pending"))
