"""jieba vs rjieba on the same text: speed (median of runs) and agreement of word breaks.

    .venv/bin/python bench/segmenters.py [FOLDER]   # default ../shared/data/news

Prints characters per second for each and the share of sentences segmented identically.
"""

import statistics
import sys
import time
from pathlib import Path

import jieba
import rjieba

jieba.setLogLevel(60)


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/data/news")
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    lines = [line for line in text.splitlines() if line.strip()]
    fast = rjieba.Jieba()
    jieba.lcut("预热")  # load the dictionary outside the timing
    fast.cut("预热", True)
    timings = {"jieba": [], "rjieba": []}
    for _ in range(3):
        for name, cut in (("jieba", lambda s: jieba.lcut(s, HMM=True)), ("rjieba", lambda s: fast.cut(s, True))):
            started = time.perf_counter()
            for line in lines:
                cut(line)
            timings[name].append(time.perf_counter() - started)
    same = sum(jieba.lcut(line, HMM=True) == fast.cut(line, True) for line in lines)
    chars = sum(map(len, lines))
    print(f"{chars} characters, {len(lines)} lines from {folder}")
    for name, runs in timings.items():
        median = statistics.median(runs)
        print(f"{name:<7} median {median:.3f} s  {chars / median / 1e6:.2f} M chars/s")
    print(f"rjieba / jieba speed: {statistics.median(timings['jieba']) / statistics.median(timings['rjieba']):.1f}x")
    print(f"lines segmented identically: {same / len(lines):.1%}")


if __name__ == "__main__":
    main()
