"""The peer side of bench/run.py, run in its own environment (bench/.venv-peer, made by `make bench`):
JioNLP's extract_money and extract_time, with parsing, on the same texts as ours.

    bench/.venv-peer/bin/python bench/peer_jionlp.py CORPUS LIMIT_CHARS   # prints one JSON line
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jionlp  # noqa: E402
from run import peer_texts  # noqa: E402  (the same texts as ours)


def main() -> None:
    texts = peer_texts(Path(sys.argv[1]), int(sys.argv[2]))
    time_base = time.time()
    jionlp.ner.extract_money("预热100元")
    jionlp.ner.extract_time("预热2024年", time_base=time_base)
    started = time.perf_counter()
    errors = 0
    for text in texts:
        jionlp.ner.extract_money(text, with_parsing=True)
        try:
            jionlp.ner.extract_time(text, time_base=time_base, with_parsing=True)
        except Exception:  # its time parser raises on some ordinary news text
            errors += 1
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "chars": sum(map(len, texts)),
                "seconds": seconds,
                "errors": errors,
                "version": getattr(jionlp, "__version__", "?"),
            }
        )
    )


if __name__ == "__main__":
    main()
