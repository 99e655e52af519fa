"""The benchmark behind `make bench`: speed, scaling and memory, side by side with a peer.

    .venv/bin/python bench/run.py [--runs 5] [--megabytes 20] [--peer-python bench/.venv-peer/bin/python]

Builds a corpus from ../shared/data/news (the 79 articles and the RTHK feed, repeated
under new ids until it reaches the size asked for), then prints:
- characters and articles per second on one core, and with 2 workers (median of runs; the
  speed-up is the median over alternating pairs), the start-up every run pays and the speed-up
  without it, and on one core for a corpus of the full-length articles only (no one-line feed items);
- peak memory of a run on the full corpus and on a tenth of it;
- the wall time of a one-article `python -m zh_facts extract` from a cold process;
- the share of time per stage (read, convert, split, segment, each rule family, resolve, write);
- JioNLP's `extract_money` + `extract_time` (with parsing) on the same text, and the ratio.
Figures are medians and ratios: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"


def build_corpus(folder: Path, megabytes: float, with_feed: bool = True) -> tuple[int, int]:
    """Copy articles (and the feed) under new ids until the folder holds `megabytes`; return (articles, characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = sorted(NEWS.glob("*.txt"))
    feed = (NEWS / "rthk_feed_2025.jsonl").read_text(encoding="utf-8").splitlines()
    size = count = chars = 0
    copy = 0
    while size < megabytes * 1024 * 1024:
        for path in articles:
            text = path.read_text(encoding="utf-8")
            (folder / f"{path.stem}-r{copy}.txt").write_text(text, encoding="utf-8")
            meta = path.with_suffix(".meta.json")
            if meta.exists():
                shutil.copy(meta, folder / f"{path.stem}-r{copy}.meta.json")
            size += len(text.encode("utf-8"))
            chars += len(text)
            count += 1
        if with_feed:
            lines = []
            for number, line in enumerate(feed):
                record = json.loads(line)
                record["id"] = f"feed-{copy}-{number}"
                lines.append(json.dumps(record, ensure_ascii=False))
                chars += len(record["text"])
                count += 1
            block = "\n".join(lines) + "\n"
            (folder / f"feed-r{copy}.jsonl").write_text(block, encoding="utf-8")
            size += len(block.encode("utf-8"))
        copy += 1
    return count, chars


def timed_run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KB) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(args)}: {process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss


def extract_command(corpus: Path, output: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "zh_facts",
        "extract",
        str(corpus),
        "-o",
        str(output),
        "--no-cache",
        "--no-review",
        "--workers",
        str(workers),
    ]


def stage_shares(corpus: Path) -> dict[str, float]:
    """Seconds per stage, in-process, on the corpus given, with the articles batched as a run batches them."""
    sys.path.insert(0, str(ROOT))
    import pyarrow.csv  # noqa: F401  (imported before timing: a run imports them once)

    from zh_facts.engine.workers import batches
    from zh_facts.outputs.sinks import TablesWriter
    from zh_facts.outputs.tables import render_facts
    from zh_facts.ruleset.loading import default_rules
    from zh_facts.stages.extract import extract_article
    from zh_facts.stages.read import iter_sources
    from zh_facts.text.convert import convert_many

    rules = default_rules()
    rules.prefilter.compile()
    timings: Counter = Counter()
    rendered = []
    for batch in batches(iter_sources(corpus)):
        started = time.perf_counter()
        articles = []
        for source in batch:
            try:
                articles.append(source.load())
            except Exception:
                continue
        timings["read"] += time.perf_counter() - started
        started = time.perf_counter()
        converted = convert_many([article.text for article in articles])
        timings["convert"] += time.perf_counter() - started
        rules.prepare([text.simplified for text in converted], timings=timings)
        facts = [
            fact
            for article, text in zip(articles, converted)
            for fact in extract_article(article, rules, timings=timings, converted=text).facts
        ]
        started = time.perf_counter()
        rendered.append(render_facts(facts))
        timings["write"] += time.perf_counter() - started
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, TablesWriter(Path(tmp), rules.types.numbers) as writer:
        for chunk in rendered:
            writer.add(chunk)
    timings["write"] += time.perf_counter() - started
    return dict(timings)


def peer(peer_python: str, corpus: Path, limit_chars: int) -> dict | None:
    if not Path(peer_python).exists():
        return None
    result = subprocess.run(
        [peer_python, str(ROOT / "bench" / "peer_jionlp.py"), str(corpus), str(limit_chars)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        print(f"peer failed: {result.stderr[-1000:]}", file=sys.stderr)
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def ours_on(corpus: Path, limit_chars: int) -> dict:
    """Our whole pipeline (all seven types) in-process on the same texts the peer gets."""
    sys.path.insert(0, str(ROOT))
    from zh_facts.datatypes import Article
    from zh_facts.ruleset.loading import default_rules
    from zh_facts.stages.extract import extract_article

    rules = default_rules()
    rules.prefilter.compile()  # before timing (if the cache does not have it)
    texts = peer_texts(corpus, limit_chars)
    started = time.perf_counter()
    for text in texts:
        extract_article(Article("bench", text), rules)
    return {"chars": sum(map(len, texts)), "seconds": time.perf_counter() - started}


def peer_texts(corpus: Path, limit_chars: int) -> list[str]:
    """The article texts both sides are timed on: .txt files first, in name order, up to `limit_chars`."""
    texts, total = [], 0
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        total += len(text)
        if total >= limit_chars:
            break
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--peer-python", default=str(ROOT / "bench" / ".venv-peer" / "bin" / "python"))
    parser.add_argument(
        "--peer-chars", type=int, default=1_000_000, help="characters both sides run for the peer figure"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zh-facts-bench-"))
    big, small, one = work / "corpus", work / "corpus-small", work / "one"
    articles, chars = build_corpus(big, args.megabytes)
    small_articles, small_chars = build_corpus(small, args.megabytes / 10)
    one.mkdir()
    first = ROOT / "corpus" / "000_538feb10bdf2354f.txt"
    shutil.copy(first, one)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"corpus {args.megabytes:g} MB: {articles} articles, {chars:,} characters"
    )

    # 1 and 2 workers alternate, so that a spell of load on the shared machine slows both sides of a pair
    pairs = [
        (timed_run(extract_command(big, work / "out1", 1)), timed_run(extract_command(big, work / "out2", 2)))
        for _ in range(args.runs)
    ]
    single, double = [one for one, _ in pairs], [two for _, two in pairs]
    one_core = statistics.median(s for s, _ in single)
    two_workers = statistics.median(s for s, _ in double)
    speed_up = statistics.median(one[0] / two[0] for one, two in pairs)
    print(f"1 worker : median {one_core:.1f} s  {chars / one_core:,.0f} chars/s  {articles / one_core:,.0f} articles/s")
    print(
        f"2 workers: median {two_workers:.1f} s  {chars / two_workers:,.0f} chars/s  "
        f"speed-up {speed_up:.2f}x (median of {args.runs} alternating pairs)"
    )
    # What every run pays before and after its articles (imports, rules, dictionaries, closing the tables):
    # a corpus of years of news pays it once, so its scaling is that of the rest.
    # An empty folder is refused (no articles), so the start-up is timed on one article of one character.
    empty = work / "corpus-empty"
    empty.mkdir()
    (empty / "empty.txt").write_text("。", encoding="utf-8")
    start_up = statistics.median(timed_run(extract_command(empty, work / "oute", 2))[0] for _ in range(args.runs))
    print(
        f"start-up (a one-character article): median {start_up:.2f} s; without it, 2 workers: "
        f"{statistics.median((one[0] - start_up) / (two[0] - start_up) for one, two in pairs):.2f}x"
    )

    full_length = work / "corpus-articles"
    long_articles, long_chars = build_corpus(full_length, args.megabytes / 2, with_feed=False)
    long_runs = statistics.median(
        timed_run(extract_command(full_length, work / "outl", 1))[0] for _ in range(args.runs)
    )
    print(
        f"1 worker, full-length articles only ({args.megabytes / 2:g} MB, {long_articles} articles): median "
        f"{long_runs:.1f} s  {long_chars / long_runs:,.0f} chars/s"
    )

    small_runs = [timed_run(extract_command(small, work / "outs", 1)) for _ in range(args.runs)]
    big_memory = statistics.median(m for _, m in single)
    small_memory = statistics.median(m for _, m in small_runs)
    print(
        f"peak memory: {big_memory / 1024:.0f} MB on {args.megabytes:g} MB, {small_memory / 1024:.0f} MB on "
        f"{args.megabytes / 10:g} MB ({big_memory / small_memory:.2f}x)"
    )

    cold = [
        timed_run([sys.executable, "-m", "zh_facts", "extract", str(one), "-o", str(work / "outc"), "--no-cache"])[0]
        for _ in range(5)
    ]
    print(f"one article from a cold process (make extract's command): median {statistics.median(cold):.2f} s")

    shares = stage_shares(small)
    total = sum(shares.values())
    print(f"time per stage (in-process, {small_chars:,} characters, {total:.1f} s):")
    for stage, seconds in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<22} {seconds / total:6.1%}")

    theirs = peer(args.peer_python, big, args.peer_chars)
    ours = ours_on(big, args.peer_chars)
    print(
        f"same {ours['chars']:,} characters in-process: ours (all seven types) {ours['chars'] / ours['seconds']:,.0f} chars/s"
    )
    if theirs:
        rate = theirs["chars"] / theirs["seconds"]
        print(
            f"  JioNLP {theirs['version']} extract_money + extract_time with parsing: {rate:,.0f} chars/s; "
            f"ours / JioNLP = {(ours['chars'] / ours['seconds']) / rate:.1f}x"
        )
    else:
        print("  JioNLP not installed for the comparison: `make bench` installs it in bench/.venv-peer")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
