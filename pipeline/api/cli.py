"""Command line: `zh-facts extract|rules|diff ...` (the same as `python -m zh_facts ...`)."""

from __future__ import annotations

import argparse
import gc
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

from ..datatypes import STREAM_TABLES
from ..ruleset.folder import RULES_DIR
from ..ruleset.yamlfile import DEFAULT_EXAMPLE_DATE


def _iso_date(raw: str) -> date:
    """`--date`: a calendar date (2025-07-01, 2025/7/1; a time after it is ignored), or a usage error."""
    from ..stages.read import ArticleError, parse_meta_date

    try:
        return parse_meta_date(raw, "--date")
    except ArticleError:
        raise argparse.ArgumentTypeError(f"not a date: {raw!r} (YYYY-MM-DD)") from None


def _load_rules(folder: str):
    """The rule set, or exit 2 with the rule file's problem (file and line).

    What is loaded by then (the modules, the rules) lives as long as the command: it is frozen out of the
    collector's reach, so that a full collection no longer walks it (0.1 s each, 7 % of a run's time) nor
    touches it in forked workers' memory. Loading itself makes objects by the hundred thousand and no
    garbage: the collector waits."""
    from ..ruleset.loading import RuleError, load_rules

    collecting = gc.isenabled()
    gc.disable()
    try:
        return load_rules(folder)
    except RuleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _extract(args) -> int:
    from ..engine.run import OutputError, RunOptions, run
    from ..outputs.sinks import TABLE_FORMATS
    from ..stages.read import Inputs

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    if not formats or set(formats) - set(TABLE_FORMATS):
        args.parser.error(f"--format takes {', '.join(TABLE_FORMATS)} (several with commas), not {args.format!r}")
    if not args.inputs and not Path(DEFAULT_CORPUS).exists():
        args.parser.error(
            f"no INPUT given, and no {DEFAULT_CORPUS}/ folder here to read by default: name corpus folders, "
            "article files, .jsonl files, or - for standard input"
        )
    rules = _load_rules(args.rules)
    to_stdout = args.output == "-"
    say = sys.stderr if to_stdout else sys.stdout  # with `-o -` standard output is the data
    try:
        if args.engine == "dask":
            return _extract_with_dask(args, rules)
        inputs = Inputs(args.inputs or [DEFAULT_CORPUS], follow_links=args.follow_links)
        options = RunOptions(
            formats=formats,
            workers=args.workers,
            use_cache=not args.no_cache,
            review=not args.no_review,
            run_date=args.date,
            region=args.region,
            progress=False if args.quiet else None,
            stop_requested=_STOP.is_set,
            keep_previous=Path(args.keep_previous) if args.keep_previous else None,
            stream_table=args.stream,
        )
        summary = run(inputs, None if to_stdout else Path(args.output), rules, options)
    except (OutputError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not args.quiet:
        print(summary.line(), file=say)
    if args.verbose and not to_stdout:
        _tell_tables(Path(args.output), say)
    return 1 if summary.failed else 0


def _tell_tables(output: Path, say) -> None:
    """-v: the tables written, and why each failed article failed."""
    import csv

    for table in sorted(output.glob("*.*")):
        if table.is_file() and not table.name.startswith("."):
            print(f"  {table} ({table.stat().st_size:,} bytes)", file=say)
    with open(output / "documents.csv", encoding="utf-8", newline="") as documents:
        for row in csv.DictReader(documents):
            if row["status"] != "ok":
                print(f"  {row['status']}: {row['doc_id']}: {row['error']}", file=say)


def _extract_with_dask(args, rules) -> int:
    from ..engine.dask_engine import run_dask
    from ..engine.run import output_lock

    try:
        if len(args.inputs) > 1:
            raise ValueError("--engine dask takes one input: a corpus folder or a table of articles")
        with output_lock(Path(args.output)):  # the same lock as a local run's
            summary = run_dask(
                Path((args.inputs or [DEFAULT_CORPUS])[0]),
                Path(args.output),
                rules.folder,
                scheduler=args.scheduler,
                workers=max(args.workers, 1),
                run_date=args.date,
                region=args.region,
            )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary.line())
    return 1 if summary.failed else 0


def _rules_test(args) -> int:
    from .rule_tests import run_examples, run_link_example

    rules = _load_rules(args.rules)
    reports = [(r.ok, r.report()) for r in run_examples(rules, args.files)]
    if not args.files or any(Path(f).resolve() == Path(rules.linking.file).resolve() for f in args.files):
        reports += [run_link_example(rules, example) for example in rules.linking.examples]
    failed = [report for ok, report in reports if not ok]
    for report in failed:
        print(report)
    print(f"{len(reports) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def _rules_explain(args) -> int:
    from ..datatypes import Article
    from ..stages.extract import extract_article

    extraction = extract_article(Article("explain", args.text), _load_rules(args.rules), args.date or date.today())
    reference = extraction.reference
    source = reference.source if reference.source != "run" else "--date" if args.date else "today"
    print(f"reference date {reference.day} ({source}), script {extraction.script}")
    for fact in extraction.facts:
        extra = " ".join(
            f"{k}={v}"
            for k, v in (
                ("unit", fact.unit),
                ("qualifier", fact.qualifier),
                ("mod", fact.mod),
                ("owner", fact.owner),
                ("per", fact.per),
            )
            if v
        )
        print(f"  {fact.start:>4}-{fact.end:<4} {fact.type:<8} {fact.text!r} -> {fact.value} {extra}  [{fact.rule_id}]")
    if extraction.lost:
        print("lost an overlap (longest span wins, then priority):")
        for c in sorted(extraction.lost, key=lambda c: c.start):
            print(
                f"  {c.start:>4}-{c.end:<4} {c.type:<8} {args.text[c.start : c.end]!r} -> {c.value.value}  "
                f"[{c.rule_id}, priority {c.priority}]"
            )
    return 0


def _diff(args) -> int:
    from ..outputs.diff import RECORD_COMPARED, TableError, diff_facts, read_facts, show, summary
    from ..outputs.sinks import MixedTables
    from ..storage import atomic_write

    old, new = Path(args.old), Path(args.new)
    target = Path(args.output) if args.output else None
    if target is not None and target.resolve() in (old.resolve(), new.resolve()):
        args.parser.error(f"-o {args.output}: is a compared folder, whose tables are one run's: choose another")
    try:
        tables = [("facts", "diff.csv", diff_facts(read_facts(old), read_facts(new)))]
        if (old / "records.csv").exists() and (new / "records.csv").exists():
            records = diff_facts(read_facts(old, "records.csv"), read_facts(new, "records.csv"), RECORD_COMPARED)
            tables.append(("records", "diff_records.csv", records))
    except (FileNotFoundError, MixedTables, TableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for i, (kind, name, diff) in enumerate(tables):
        compared = RECORD_COMPARED if kind == "records" else None
        where = target / name if target else None
        if where is not None:
            atomic_write(where, lambda p, diff=diff: diff.to_csv(p, index=False, encoding="utf-8"))
        if i:
            print()
        print(f"{kind}:")
        print(show(diff, rest=f"in {where}" if where else "(-o FOLDER writes every row)", compared=compared))
        print(summary(diff))
        if where is not None:
            print(f"written to {where}")
    return 0


def _version() -> str:
    from ..version import __version__

    return __version__


DEFAULT_CORPUS = "corpus"  # what `extract` reads when given no input

# Each subcommand's examples, shown by its --help; the first of each also by `zh-facts --help`.
EXAMPLES = {
    "extract": (
        "zh-facts extract corpus -o output                 # every .txt and .jsonl of corpus/ -> output/facts.csv, ...",
        "zh-facts extract news/a.txt feed.jsonl -o out --format csv,xlsx --date 2025-07-01",
        "cat a.txt | zh-facts extract - -o - | jq 'select(.type == \"money\") | .amount'",
        "zh-facts extract corpus -o out --workers 4 --region TW -v",
    ),
    "rules test": (
        "zh-facts rules test                               # every example of every rule",
        "zh-facts rules test rules/money.yaml              # one file's",
    ),
    "rules explain": ('zh-facts rules explain "去年營收增長三成至3億元" --date 2025-07-01',),
    "diff": (
        "zh-facts diff output.previous output              # what the last run changed, on the screen",
        "zh-facts diff old new -o changes                  # and every row in changes/diff.csv and diff_records.csv",
    ),
}
DESCRIPTION = (
    "Facts of Chinese news (money, percentages, dates, organisations, products, quantities, people), each with "
    "its place in the original text, a normalised value and the rule that found it; `python -m zh_facts` is the same."
)


def _examples(lines) -> str:
    return "examples:\n" + "".join(f"  {line}\n" for line in lines)


def _subcommand(commands, name: str, help: str, examples, description: str = "") -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=help,
        description=textwrap.fill(description or help[0].upper() + help[1:] + ".", 79),
        epilog=_examples(examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _help(parser: argparse.ArgumentParser):
    """A command given without its subcommand: its help, as a usage error (exit 2)."""

    def show_help(args) -> int:
        parser.print_help(sys.stderr)
        return 2

    return show_help


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zh-facts",
        description=textwrap.fill(DESCRIPTION, 79),
        epilog=_examples(lines[0] for lines in EXAMPLES.values())
        + "\n`zh-facts COMMAND --help`: its options and more examples",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.set_defaults(func=_help(parser))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = _subcommand(commands, "extract", "extract facts from every article of the inputs", EXAMPLES["extract"])
    extract.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="corpus folders (their .txt files, + .meta.json, and .jsonl files of records), single "
        "article files, .jsonl files, or - for standard input (JSON Lines if it begins with {, "
        "else one article); with --engine dask one folder or a .jsonl or .parquet table of "
        "articles (id, text, date); default corpus/",
    )
    extract.add_argument(
        "-o",
        "--output",
        default="output",
        help="output folder; - writes the facts (or --stream records) as JSON Lines to standard output (nothing "
        "on disk); default output/",
    )
    extract.add_argument(
        "--stream",
        choices=STREAM_TABLES,
        default="facts",
        help="with -o -: the table standard output carries, facts or records; default facts",
    )
    extract.add_argument(
        "--format",
        default="csv,parquet",
        metavar="FORMATS",
        help="the tables to write: csv, parquet, jsonl, xlsx (facts.xlsx: facts, records and documents "
        "with typed cells), several with commas; default csv,parquet (documents.csv is always "
        "written)",
    )
    loudness = extract.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="also list the tables written and why each failed article failed"
    )
    extract.add_argument(
        "--rules",
        default=str(RULES_DIR),
        help="rules folder; default $ZH_FACTS_RULES, else the rules installed with the package",
    )
    extract.add_argument(
        "--follow-links",
        action="store_true",
        help="read symbolic links in a corpus folder that lead outside it (refused by default)",
    )
    extract.add_argument("--no-cache", action="store_true", help="extract every article again, even unchanged ones")
    extract.add_argument("--no-review", action="store_true", help="do not write the review pages (output/review/)")
    extract.add_argument(
        "--keep-previous",
        metavar="FOLDER",
        help="keep the last run's facts.csv and records.csv in FOLDER once this run has written its tables "
        "(what `make diff` compares); a refused or failed run leaves FOLDER as it was",
    )
    extract.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="extract in N processes (dictionaries loaded once per process); same output as one",
    )
    extract.add_argument(
        "--region",
        choices=("CN", "TW", "HK"),
        type=str.upper,
        help="where the articles are from (what a bare 元 means), unless an article's metadata says; "
        "default: each article's own words",
    )
    extract.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the reference date of relative dates (今年, 去年, 上月) in articles that give none: an article's "
        "metadata date wins, then a dateline at its head; default today",
    )
    extract.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="local processes (default) or a Dask cluster"
    )
    extract.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running scheduler (tcp://host:8786); default a LocalCluster of --workers",
    )
    extract.set_defaults(func=_extract, parser=extract)

    rules = _subcommand(
        commands,
        "rules",
        "test rules against their examples, or explain what fires on a text",
        EXAMPLES["rules test"] + EXAMPLES["rules explain"],
    )
    rules.set_defaults(func=_help(rules))
    rules_commands = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    test = _subcommand(
        rules_commands,
        "test",
        "run every rule's examples; print failures with expected vs got",
        EXAMPLES["rules test"],
        description="Run every rule's examples; print failures with expected vs got. Examples resolve relative "
        "dates against their own `date`, else their file's `example_date`, else "
        f"{DEFAULT_EXAMPLE_DATE}, never today: an example gives the same result on every day.",
    )
    test.add_argument("files", nargs="*", help="rule files to test (default: all)")
    test.add_argument("--rules", default=str(RULES_DIR), help="rules folder")
    test.set_defaults(func=_rules_test)
    explain = _subcommand(
        rules_commands, "explain", "show which rules fire on TEXT, and which lost an overlap", EXAMPLES["rules explain"]
    )
    explain.add_argument("text")
    explain.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the reference date of relative dates, as `extract --date` takes it: a dateline at the head "
        "of TEXT wins; default today (the date used is printed first)",
    )
    explain.add_argument("--rules", default=str(RULES_DIR), help="rules folder")
    explain.set_defaults(func=_rules_explain)

    diff = _subcommand(
        commands, "diff", "facts and records added, removed and changed between two output folders", EXAMPLES["diff"]
    )
    diff.add_argument("old", help="output folder of the earlier run")
    diff.add_argument("new", help="output folder of the later run")
    diff.add_argument(
        "-o",
        "--output",
        metavar="FOLDER",
        help="write every difference to FOLDER/diff.csv (and records' to FOLDER/diff_records.csv); "
        "default: only print them (never into OLD or NEW, whose tables are one run's)",
    )
    diff.set_defaults(func=_diff, parser=diff)
    return parser


_STOP = threading.Event()


def _stop_on_signals() -> None:
    """SIGTERM stops a run the way Ctrl-C does, so temporary files are cleaned up and old tables stay.

    Both also set `_STOP`, which the run checks after every chunk: the KeyboardInterrupt
    raised here is lost when it lands in a finaliser (`__del__`).
    """
    import signal

    def interrupt(signum, frame):
        _STOP.set()
        raise KeyboardInterrupt(f"signal {signum}")

    _STOP.clear()  # a run of its own, also when main() is called again in one process
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, interrupt)


# Exit codes: 0 all articles read; 1 some articles failed (their rows say why; the tables were written);
# 2 refused (bad arguments, no articles, a locked or unwritable output: nothing written); 3 an internal error
# (no tables written); 130 interrupted; 141 the reader of standard output went away.
EXIT_NO_TABLES = 3


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _stop_on_signals()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted: the output tables are as the previous run left them", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `zh-facts extract -o - | head`: the reader has all it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's flush at exit must not fail again
        return 141
    except Exception as exc:  # a fault of ours: no tables were written, which `make extract` must tell from exit 1
        import traceback

        traceback.print_exc()
        print(
            f"error: internal error ({type(exc).__name__}); no tables were written: the previous ones stand",
            file=sys.stderr,
        )
        return EXIT_NO_TABLES
