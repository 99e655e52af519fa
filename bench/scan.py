"""How fast each rule's pattern scans, on the 79 development articles (median of runs).

    .venv/bin/python bench/scan.py [--runs 5] [--top 15]

Prints the whole scan in characters per second and the slowest patterns: the place to
look when a new rule slows the pipeline (a pattern that starts with a lookbehind or an
optional group is tried at every position; see rules/macros.yaml on `(?=[…])`).
"""
import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.convert import convert  # noqa: E402
from pipeline.extract import default_rules  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    rules = default_rules()
    texts = [convert(p.read_text(encoding="utf-8")).simplified
             for p in sorted((ROOT.parent / "shared/data/news").glob("*.txt"))]
    characters = sum(map(len, texts))
    per_rule = defaultdict(list)
    for _ in range(args.runs):
        for rule in rules.rules:
            started = time.perf_counter()
            for text in texts:
                for _ in rule.compiled.finditer(text):
                    pass
            per_rule[rule.id].append(time.perf_counter() - started)
    medians = {rule_id: statistics.median(times) for rule_id, times in per_rule.items()}
    total = sum(medians.values())
    print(f"{len(medians)} rules over {characters:,} characters: {total:.3f} s, {characters / total:,.0f} chars/s")
    for rule_id, seconds in sorted(medians.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {rule_id:<28} {seconds * 1000:7.1f} ms  {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
