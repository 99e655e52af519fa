"""Run the pipeline over a corpus folder into an output folder: the lock, the tables, the summary.

A broken article becomes an error row in documents.csv and the run goes on
(`workers.py`); articles whose content and rules have not changed are taken
from the cache (`cache.py`).
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from ..outputs.review import write_review_index
from ..outputs.sinks import JsonLinesStream, TablesWriter
from ..ruleset.loading import RuleSet
from ..stages.read import STDIN, Inputs, unique_ids
from .workers import Settings, chunks


class OutputError(Exception):
    """The inputs or the output folder cannot be used; raised before any work is done."""


class NoArticles(OutputError):
    """The inputs hold no article: nothing is written, the previous tables stay."""


@dataclass
class RunSummary:
    """What a run did: `line()` is the line the command prints."""

    articles: int = 0
    skipped: int = 0  # articles taken from the cache
    failed: list[str] = field(default_factory=list)  # the doc_ids of the articles that failed
    warnings: list[str] = field(default_factory=list)  # about the run as a whole (a table not written)
    facts_by_type: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self) -> str:
        """`1 article, 0 taken from the cache (…); facts: date 43, money 20, …; 0.35 s`, and the failed ones."""
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.facts_by_type.items())) or "no facts"
        failed = f"; {len(self.failed)} failed: {', '.join(self.failed)}" if self.failed else ""
        articles = f"{self.articles} article" + ("" if self.articles == 1 else "s")
        return (
            f"{articles}, {self.skipped} taken from the cache (content and rules unchanged); facts: {counts}; "
            f"{self.seconds:.2f} s{failed}"
        )


def check_output(output: Path) -> None:
    try:
        output.mkdir(parents=True, exist_ok=True)
        probe = output / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"{output}: output folder cannot be written: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class RunOptions:
    """How a run works, beside what it reads and where it writes."""

    formats: Sequence[str] = ("csv", "parquet")
    """The tables to write: `csv`, `parquet`, `jsonl`, `xlsx` (the keys of `outputs.sinks.SINKS`)."""
    workers: int = 1
    """Processes extracting at once."""
    use_cache: bool = True
    """Reuse an article's result while its content and the rules are unchanged."""
    review: bool = True
    """Write the highlighted review pages."""
    run_date: date | None = None
    """The reference date of articles that give none (default: today)."""
    region: str | None = None
    """Where articles without a region of their own are from (`CN`, `TW`, `HK`)."""
    progress: bool | None = None
    """A progress bar: None shows one on a terminal."""
    stop_requested: Callable[[], bool] | None = None
    """Checked after every chunk: True ends the run as Ctrl-C does."""
    stream: BinaryIO | None = None
    """Where the facts go with no output folder (default: standard output)."""
    stream_table: str = "facts"
    """What goes to `stream`: `facts` or `records`."""
    keep_previous: Path | None = None
    """Where the last run's facts.csv and records.csv go once this run has written its tables (none: nowhere)."""


def run(
    inputs: Inputs | Path | str | Sequence[Path | str],
    output: Path | None,
    rules: RuleSet,
    options: RunOptions = RunOptions(),
) -> RunSummary:
    """Extract every article of `inputs` (folders, files, `-`: see `Inputs`) into `output`'s tables
    (in `options.formats`) and review pages; with `output` None, the facts (or the records:
    `options.stream_table`) go to `options.stream` (default standard output) as JSON Lines, and nothing is
    written to disk.

    Inputs that hold no article raise NoArticles before any table is touched. `options.stop_requested`,
    checked after every chunk, ends the run as Ctrl-C does, with the previous tables intact: a
    KeyboardInterrupt from a signal handler can be lost (Python ignores an exception raised while
    a finaliser runs).
    """
    if not isinstance(inputs, Inputs):
        try:
            inputs = Inputs([inputs] if isinstance(inputs, (str, Path)) else inputs)
        except FileNotFoundError as exc:
            raise OutputError(str(exc)) from None
    sources = iter(inputs)
    first = next(sources, None)
    if first is None:
        held = f"; it holds {_listed(inputs.skipped)}" if inputs.skipped else ""
        raise NoArticles(f"{inputs}: no articles (a corpus folder holds .txt files and .jsonl files of records{held})")
    sources = unique_ids(chain([first], sources))
    if output is None:
        settings = Settings(rules.folder, None, options.run_date or date.today(), None, options.region)
        stream = options.stream or sys.stdout.buffer
        with JsonLinesStream(stream, rules.types.numbers, options.stream_table) as writer:
            return _run_into(writer, sources, inputs, rules, settings, options)
    for path in inputs.paths:
        folder = path if path != STDIN and path.is_dir() else path.parent if path != STDIN else None
        if folder is not None and folder.resolve() == output.resolve():
            what = "is the corpus folder" if folder == path else f"holds the input file {path.name}"
            raise OutputError(
                f"{output}: the output folder {what}: its own documents.csv and tables would be overwritten; "
                "choose another output folder"
            )
    with output_lock(output):
        settings = Settings(
            rules.folder,
            options.use_cache and str(output / ".cache") or None,
            options.run_date or date.today(),
            str(output / "review") if options.review else None,
            options.region,
        )
        previous = _Previous(output, options.keep_previous)
        try:
            with TablesWriter(output, rules.types.numbers, options.formats) as writer:
                summary = _run_into(writer, sources, inputs, rules, settings, options)
        except OSError as exc:  # the writer removed its temporary files: the previous tables stand
            previous.discard()
            reason = "disk full" if exc.errno == errno.ENOSPC else f"cannot write: {exc.strerror or exc}"
            raise OutputError(f"{output}: {reason}; the tables of the previous run are left as they were") from None
        except BaseException:
            previous.discard()
            raise
        previous.keep()
        summary.warnings += writer.warnings
        if inputs.skipped:
            summary.warnings.append(f"skipped what is no article (.txt or .jsonl): {_listed(inputs.skipped)}")
        if settings.review_folder:
            with open(output / "documents.csv", encoding="utf-8", newline="") as documents:
                write_review_index(
                    Path(settings.review_folder), csv.DictReader(documents), rules.types, _record_rows(output)
                )
        return summary


class _Previous:
    """The last run's facts.csv and records.csv, copied aside before a run (under its output lock) and put in
    `folder` only once the new tables exist: a refused, failed or interrupted run leaves `folder` as it was."""

    TABLES = ("facts.csv", "records.csv")

    def __init__(self, output: Path, folder: Path | None):
        self.folder = folder
        self.pending = None
        if folder is None or not (output / "facts.csv").exists():
            return
        self.pending = folder.parent / f".{folder.name}.{os.getpid()}.pending"
        shutil.rmtree(self.pending, ignore_errors=True)
        self.pending.mkdir(parents=True)
        for name in self.TABLES:
            if (output / name).exists():
                shutil.copy2(output / name, self.pending / name)

    def keep(self) -> None:
        if self.pending is None:
            return
        shutil.rmtree(self.folder, ignore_errors=True)
        os.replace(self.pending, self.folder)

    def discard(self) -> None:
        if self.pending is not None:
            shutil.rmtree(self.pending, ignore_errors=True)


def _listed(names: list[str], shown: int = 10) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


@contextmanager
def output_lock(output: Path) -> Iterator[Path]:
    """The output folder, checked and held by this run alone (every engine takes the same lock); what
    runs that died left behind (temporary files) is removed once the lock is held."""
    from filelock import FileLock, Timeout

    check_output(output)
    for name in ("review", ".cache"):
        if (output / name).is_symlink():
            raise OutputError(
                f"{output / name}: is a symbolic link; a run writes only inside its output folder (remove the link)"
            )
    lock = FileLock(str(output / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise OutputError(
            f"{output}: another run is writing to this folder (lock {output / '.lock'}); "
            "wait for it or choose another output folder"
        ) from None
    try:
        for folder in (output, output / "review", output / ".cache"):
            for stale in folder.glob(".*.tmp"):  # no other run holds the lock: a dead one's
                stale.unlink(missing_ok=True)
        yield output
    finally:
        lock.release()


def _record_rows(output: Path) -> Iterator[dict]:
    """The records just written, in whichever format the run chose."""
    if (output / "records.csv").exists():
        with open(output / "records.csv", encoding="utf-8", newline="") as records:
            yield from csv.DictReader(records)
    elif (output / "records.jsonl").exists():
        with open(output / "records.jsonl", encoding="utf-8") as records:
            yield from map(json.loads, records)
    elif (output / "records.parquet").exists():
        import pyarrow.parquet as pq

        yield from pq.read_table(output / "records.parquet").to_pylist()
    # --format xlsx alone: the records are in the workbook, and the summary page has none


def _run_into(writer, sources, inputs: Inputs, rules, settings, options: RunOptions) -> RunSummary:
    started = time.perf_counter()
    summary = RunSummary()
    bar = None
    if options.progress if options.progress is not None else sys.stderr.isatty():
        from tqdm import tqdm

        # Counting is a pass over the JSON Lines files without parsing them: worth it only where a person watches.
        # The bar moves as articles are done (written), not as they are handed to the workers.
        bar = tqdm(total=inputs.count(), unit="article", file=sys.stderr, mininterval=0.5, delay=2)
    try:
        for chunk in chunks(sources, rules, settings, options.workers):
            writer.add(chunk.rendered)
            summary.skipped += chunk.cached
            summary.facts_by_type.update(chunk.facts_by_type)
            summary.articles += chunk.articles
            summary.failed.extend(chunk.failed)
            summary.warnings += [w for w in chunk.warnings if w not in summary.warnings]
            if bar is not None:
                bar.update(chunk.articles)
            if options.stop_requested and options.stop_requested():
                raise KeyboardInterrupt("stop requested")
    finally:
        if bar is not None:
            bar.close()
    summary.seconds = time.perf_counter() - started
    return summary
