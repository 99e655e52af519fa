"""Command line: `python -m pipeline extract|rules|diff ...`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import RULES_DIR


def _extract(args) -> int:
    from .rules import RuleError, load_rules
    from .run import OutputError, run

    try:
        rules = load_rules(args.rules)
        summary = run(Path(args.corpus), Path(args.output), rules, use_cache=not args.no_cache)
    except (RuleError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary.line())
    return 1 if summary.failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract facts from every article in a corpus folder")
    extract.add_argument("corpus", nargs="?", default="corpus", help="folder of <doc_id>.txt (+ .meta.json); default corpus/")
    extract.add_argument("-o", "--output", default="output", help="output folder; default output/")
    extract.add_argument("--rules", default=str(RULES_DIR), help="rules folder; default the project's rules/")
    extract.add_argument("--no-cache", action="store_true", help="extract every article again, even unchanged ones")
    extract.set_defaults(func=_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
