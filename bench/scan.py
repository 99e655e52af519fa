"""How fast the rules scan, on the 79 development articles and the RTHK feed (median of runs).

    .venv/bin/python bench/scan.py [--runs 5] [--top 15]

Prints the scan of every rule over every line, the same with the Hyperscan
prefilter (which runs each pattern only on the lines it may match), and the
slowest patterns: the place to look when a new rule slows the pipeline (a
pattern that starts with a lookbehind or an optional group is tried at every
position; see rules/macros.yaml on `(?=[…])`).
"""

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zh_facts.ruleset.loading import default_rules  # noqa: E402
from zh_facts.ruleset.prefilter import line_spans  # noqa: E402
from zh_facts.text.convert import convert  # noqa: E402

NEWS = ROOT.parent / "shared" / "data" / "news"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    rules = default_rules()
    texts = [p.read_text(encoding="utf-8") for p in sorted(NEWS.glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in (NEWS / "rthk_feed_2025.jsonl").open(encoding="utf-8")]
    texts = [convert(t).simplified for t in texts]
    lines = [line_spans(t) for t in texts]
    characters = sum(map(len, texts))
    rules.prefilter.compile()  # before timing (if the cache does not have it)

    per_rule, prefiltered = defaultdict(list), []
    for _ in range(args.runs):
        for rule in rules.rules:
            started = time.perf_counter()
            for text, spans in zip(texts, lines):
                for start, end in spans:
                    for _ in rule.compiled.finditer(text, start, end):
                        pass
            per_rule[rule.id].append(time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            for index, spans in rules.prefilter.spans(text):
                for start, end in spans:
                    for _ in rules.rules[index].compiled.finditer(text, start, end):
                        pass
        prefiltered.append(time.perf_counter() - started)
    medians = {rule_id: statistics.median(times) for rule_id, times in per_rule.items()}
    total, with_prefilter = sum(medians.values()), statistics.median(prefiltered)
    print(f"{len(medians)} rules over {len(texts):,} texts, {characters:,} characters:")
    print(f"  every rule on every line: {total:.3f} s, {characters / total:,.0f} chars/s")
    print(
        f"  with the prefilter:       {with_prefilter:.3f} s, {characters / with_prefilter:,.0f} chars/s "
        f"({total / with_prefilter:.1f}x)"
    )
    print("slowest rules on every line:")
    for rule_id, seconds in sorted(medians.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {rule_id:<28} {seconds * 1000:7.1f} ms  {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
