"""Extraction of chunks of articles, in this process or in worker processes.

Each article is read and extracted on its own: a broken one becomes an error
result and the others go on. A chunk's results travel back already rendered
as CSV, cheap to send between processes.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import regex

from ..datatypes import Article, DocumentResult
from ..outputs.review import write_review_page
from ..outputs.tables import RenderedFacts, render_documents, render_facts, render_records
from ..ruleset.loading import RuleSet
from ..stages.extract import extract_article
from ..stages.read import ArticleError, Source, clean
from ..stages.region import region_meta
from ..text.convert import ConvertedText, convert_many
from .cache import Cache, content_hash


@dataclass
class Processed:
    """One article's way through a run: its result, whether the cache had it, and the article read."""

    result: DocumentResult
    cached: bool = False
    article: Article | None = None
    cache_key: str = ""  # what the cache keeps its result under


def process(
    sources: list[Source], rules: RuleSet, run_date: date, cache: Cache, region: str | None = None
) -> list[Processed]:
    """Extract a batch of articles, each on its own: a broken one becomes an error result.

    The texts still to extract are converted to Simplified together (`convert_many`):
    paid per article, the conversion's fixed cost weighed as much as a short item's text;
    the names model tags them together too (`RuleSet.prepare`).
    """
    batch = [_load(source, rules.digest, cache, run_date, region) for source in sources]
    todo = [p for p in batch if p.article is not None and not p.cached]
    try:
        converted = convert_many([p.article.text for p in todo])
        rules.prepare([c.simplified for c in converted])
    except Exception:  # each article is converted (and tagged) again on its own, and only a failing one reports it
        converted = [None] * len(todo)
    with _alarms() as deadline:
        for processed, text in zip(todo, converted):
            with _errors_into(processed.result):
                with deadline(deadline_seconds(processed.article.text)):
                    found = _extract(processed.result, processed.article, rules, run_date, text)
                # kept with the extraction's own warnings: the article's (its file, its metadata) are read again
                cache.put(replace(processed.result, error="; ".join(found)), processed.cache_key, rules.digest)
    return batch


def _load(source: Source, rules_digest: str, cache: Cache, run_date: date, region: str | None = None) -> Processed:
    processed = Processed(DocumentResult(doc_id=source.doc_id, path=clean(source.path)))
    result = processed.result
    with _errors_into(result):
        article = source.load()
        if region and "region" not in article.meta:  # the run's --region; an article's own metadata says more
            article.meta.update(region_meta(region, "--region"))
        if source.warning:
            article.warnings.append(source.warning)
        result.encoding, result.characters = article.encoding, len(article.text)
        result.content_hash = content_hash(article)
        # An article without a date of its own is read against the run's day (昨天, 明年): that day is part of
        # what its result depends on.
        processed.cache_key = result.content_hash + ("" if "date" in article.meta else f"-{run_date.isoformat()}")
        cached = cache.get(processed.cache_key, rules_digest)
        if cached is not None:  # the same text may have been another article's: it becomes this one's
            cached.facts = [f._replace(doc_id=result.doc_id) for f in cached.facts]
            cached.records = [_moved(r, cached.doc_id, result.doc_id) for r in cached.records]
            cached.doc_id, cached.path, cached.encoding = result.doc_id, result.path, result.encoding
            warnings = [*article.warnings, *filter(None, [cached.error])]
            cached.status, cached.error = ("warning", "; ".join(warnings)) if warnings else ("ok", "")
            processed.result, processed.cached = cached, True
        processed.article = article
    return processed


def _moved(record, old: str, new: str):
    """A cached record of article `old` as one of article `new` (its fact ids begin with the doc_id)."""
    if old == new:
        return record
    ids = {
        name: new + getattr(record, name)[len(old) :]
        if getattr(record, name).startswith(old + ":")
        else getattr(record, name)
        for name in ("value_fact_id", "subject_fact_id", "period_fact_id")
    }
    return record._replace(doc_id=new, **ids)


def _extract(
    result: DocumentResult, article: Article, rules: RuleSet, run_date: date, converted: ConvertedText | None
) -> list[str]:
    """Fill the result of one article; return the extraction's own warnings (the article's are its own)."""
    extraction = extract_article(article, rules, run_date, converted=converted, keep_lost=False)
    result.facts = extraction.facts
    result.records = extraction.records
    result.title, result.source = (
        article_title(article),
        str(article.meta.get("source") or article.meta.get("url") or ""),
    )
    result.script = extraction.script
    result.region, result.region_source = extraction.region, extraction.region_source
    result.reference_date = extraction.reference.day.isoformat()
    result.reference_date_source = extraction.reference.source
    result.body_end = extraction.body_end
    warnings = article.warnings + extraction.warnings
    if warnings:
        result.status, result.error = "warning", "; ".join(warnings)
    return extraction.warnings


TITLE_LENGTH = 80  # characters of a first line taken as the title


def article_title(article: Article) -> str:
    """The metadata's title, else the text's first non-blank line (a headline, in most news files)."""
    title = article.meta.get("title")
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    first = _FIRST_LINE.search(article.text)
    first = first.group().strip() if first else ""
    return first[:TITLE_LENGTH] + ("…" if len(first) > TITLE_LENGTH else "")


_FIRST_LINE = regex.compile(r"\S[^\n]*")


# Every article has a deadline: a pattern call on a line under 2,000 characters runs without a time limit
# (a limit costs as much as a short scan), so a user rule that backtracks where no stress text did would
# otherwise hold the run. Generous: the slowest stage seen runs at 20 times the pace this allows.
DEADLINE_SECONDS = 30.0
DEADLINE_CHARACTERS_PER_SECOND = 50_000


def deadline_seconds(text: str) -> float:
    return DEADLINE_SECONDS + len(text) / DEADLINE_CHARACTERS_PER_SECOND


class ArticleTimeout(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"over {seconds:.0f} s")
        self.seconds = seconds


class _Deadline:
    """`with deadline(seconds):` raises ArticleTimeout in its block after `seconds` (SIGALRM: `regex` checks for
    signals while it matches, so even one long pattern call is stopped), while `_alarms()` is open."""

    def __init__(self, timed: bool):
        self.timed, self.seconds = timed, 0.0

    def __call__(self, seconds: float) -> _Deadline:
        self.seconds = seconds
        return self

    def __enter__(self) -> None:
        if self.timed:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc) -> None:
        if self.timed:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def expired(self, signum, frame):
        raise ArticleTimeout(self.seconds)


@contextmanager
def _alarms():
    """A deadline for each article of a batch. Only in a main thread where Unix timers exist (local runs and
    their workers); elsewhere (Dask's threads, Windows) the blocks run without one. The handler is set once
    per batch: setting it took 16 µs, a timer 1 µs."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield _Deadline(timed=False)
        return
    deadline = _Deadline(timed=True)
    previous = signal.signal(signal.SIGALRM, deadline.expired)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _running_rule(traceback) -> str:
    """The id of the rule whose pattern was running when the deadline passed (find_candidates' `rule`)."""
    found = ""
    while traceback is not None:
        rule = traceback.tb_frame.f_locals.get("rule")
        found = getattr(rule, "id", found) if isinstance(getattr(rule, "id", None), str) else found
        traceback = traceback.tb_next
    return found


@contextmanager
def _errors_into(result: DocumentResult):
    """An error in the block becomes the result's error: one broken article never stops the others."""
    try:
        yield
    except ArticleError as exc:
        result.status, result.error = "error", clean(str(exc))
    except ArticleTimeout as exc:
        rule = _running_rule(exc.__traceback__)
        result.status, result.error = (
            "error",
            clean(
                f"{result.path}: extraction stopped after {exc.seconds:.0f} s, in rule {rule or '(none: another stage)'}; "
                "a pattern that backtracks on this text? `zh-facts rules explain` on a part of it shows which"
            ),
        )
    except Exception as exc:
        result.status, result.error = "error", clean(f"{result.path}: internal error {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Settings:
    """What a worker process needs to extract articles the way this run does."""

    rules_folder: Path
    cache_folder: str | None
    run_date: date
    review_folder: str | None  # where review pages go, or None
    region: str | None = None  # --region: where articles without a region of their own are from


@dataclass
class Chunk:
    """The results of a few articles, already rendered as CSV (cheap to send between processes)."""

    articles: int = 0
    failed: list[str] = field(default_factory=list)  # ids of the articles that could not be read
    facts_by_type: Counter = field(default_factory=Counter)
    cached: int = 0
    rendered: RenderedFacts | None = None
    warnings: list[str] = field(default_factory=list)  # for the run to say once (a cache that cannot be written)


_WORKER: dict = {}
# Articles sent to a worker at once: up to CHUNK (fewer, larger tasks: less work for the parent; with
# 2 workers, 256 ran the bench corpus 7% faster than 64), or fewer long ones up to CHUNK_BYTES (the
# last chunk keeps one worker busy while the other waits: 256 full-length articles would take 1.2 s).
CHUNK = 256
CHUNK_BYTES = 1 << 18
WINDOW = 4  # chunks in flight per worker


def _init_worker(settings: Settings, parent: int) -> None:
    """Load the rules (and dictionaries) once per worker process, unless it was forked with them."""
    from ..ruleset.loading import load_rules

    _tie_to_parent(parent)
    if _WORKER.get("settings") != settings:
        _WORKER["rules"] = load_rules(settings.rules_folder, check_stress=False)  # checked by the parent already
        _WORKER["settings"] = settings


def count_facts(result: DocumentResult) -> Counter:
    """The article's facts per type, also written into its row (`fact_counts`: `date 3; money 2`)."""
    counts = Counter(f.type for f in result.facts)
    result.fact_counts = "; ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
    return counts


def _tie_to_parent(parent: int) -> None:
    """A worker dies with its parent (Linux: the parent-death signal), and leaves Ctrl-C and SIGTERM to the
    parent: it inherited the parent's handlers, which would raise KeyboardInterrupt in the middle of a task."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the run and shuts the pool down
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: a worker left alone ends when its task queue closes
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def extract_chunk(sources: list[Source], rules: RuleSet, settings: Settings) -> Chunk:
    """Extract a few articles: their document rows, rendered facts and review pages."""
    cache = Cache(Path(settings.cache_folder) if settings.cache_folder else None)
    chunk = Chunk(articles=len(sources))
    facts, documents, records = [], [], []
    for processed in process(sources, rules, settings.run_date, cache, settings.region):
        result = processed.result
        chunk.cached += processed.cached
        if result.status == "error":
            chunk.failed.append(result.doc_id)
        elif settings.review_folder:
            try:
                write_review_page(Path(settings.review_folder), result, processed.article.text, rules.types)
            except OSError as exc:  # this article's page alone is missing, and its row says why
                result.status = "warning"
                result.error = "; ".join(
                    filter(None, [result.error, f"review page not written: {exc.strerror or exc}"])
                )
        chunk.facts_by_type.update(count_facts(result))
        facts.extend(result.facts)
        records.extend(result.records)
        result.fact_count, result.facts = len(result.facts), []
        documents.append(result)
    if cache.problem:
        chunk.warnings.append(cache.problem)
    chunk.rendered = render_facts(facts)
    chunk.rendered.documents_csv, chunk.rendered.documents_spreadsheet_csv = render_documents(documents)
    chunk.rendered.records_csv, chunk.rendered.records_spreadsheet_csv = render_records(records)
    return chunk


def _work(sources: list[Source]) -> Chunk:
    return extract_chunk(sources, _WORKER["rules"], _WORKER["settings"])


def chunks(sources, rules: RuleSet, settings: Settings, workers: int):
    """Chunks of results in the sources' order, from this process or from `workers` processes.

    At most WINDOW chunks per worker are in flight: the order is kept, memory
    stays flat, and no worker waits for the others. A worker that dies (the
    out-of-memory killer, a crash in native code) breaks the pool: a fresh one
    takes the chunks that were in flight, each tried again on its own, and a
    chunk that breaks it again becomes error rows naming the cause.
    """
    if workers <= 1:
        for batch in batches(sources):
            yield extract_chunk(batch, rules, settings)
        return
    from collections import deque

    rules.prefilter.compile()  # here, once: a forked worker inherits it, a spawned one loads it from the cache
    _WORKER.update(rules=rules, settings=settings)  # a forked worker starts with the parent's rules loaded
    pool = _Pool(workers, settings)
    try:
        pending: deque = deque()
        for batch in batches(sources):
            pending.append(pool.submit(batch))
            if len(pending) >= WINDOW * workers:
                yield pool.result(pending)
        while pending:
            yield pool.result(pending)
    finally:
        pool.shutdown()


class _Pool:
    """The worker processes, made again when one dies. A chunk in flight when the pool broke is tried again on
    its own (the one that killed it is not known); one that breaks the pool twice becomes error rows."""

    def __init__(self, workers: int, settings: Settings):
        self.workers, self.settings = workers, settings
        self.generation = 0  # how many times the pool was made again
        self.executor = self._start()

    def _start(self):
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(self.workers, initializer=_init_worker, initargs=(self.settings, os.getpid()))

    def submit(self, batch: list[Source]):
        return batch, self.executor.submit(_work, batch), self.generation

    def result(self, pending) -> Chunk:
        """The first pending chunk's result."""
        from concurrent.futures.process import BrokenProcessPool

        batch, future, generation = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            if generation == self.generation:  # this pool broke now: the next one takes the retries
                self._restart()
        try:
            return self.submit(batch)[1].result()
        except BrokenProcessPool:
            self._restart()
        return _failed_chunk(
            batch,
            "a worker process died while extracting it (killed by the system: out of memory?), and again "
            "when it was tried on its own",
        )

    def _restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.generation += 1
        self.executor = self._start()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


def _failed_chunk(sources: list[Source], reason: str) -> Chunk:
    """A chunk whose articles are error rows, each saying `reason`."""
    results = [
        DocumentResult(doc_id=s.doc_id, path=clean(s.path), status="error", error=clean(f"{s.path}: {reason}"))
        for s in sources
    ]
    chunk = Chunk(articles=len(sources), failed=[r.doc_id for r in results])
    chunk.rendered = render_facts([])
    chunk.rendered.documents_csv, chunk.rendered.documents_spreadsheet_csv = render_documents(results)
    chunk.rendered.records_csv = b""
    return chunk


def batches(sources: Iterable[Source]) -> Iterator[list[Source]]:
    """The sources in order, CHUNK at a time, or fewer when they hold CHUNK_BYTES."""
    batch, size = [], 0
    for source in sources:
        batch.append(source)
        size += source.size
        if len(batch) == CHUNK or size >= CHUNK_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
