"""Build the names golds' names.jsonl from the hand annotation beside each: the development sets
(tests/names_gold; tests/names_gold_products, mainland articles' products alone) and the held-out sets
(tests/names_heldout: Hong Kong, names_heldout_cn: mainland, names_heldout_tw: Taiwan).

    .venv/bin/python tools/build_names_gold.py            # write them
    .venv/bin/python tools/build_names_gold.py --check    # exit 1 when a committed file differs

Each `annotations.yaml` says, per article of ../shared/data/news (a `.txt` file, or line N of a `.jsonl`
file as `<file>-<N>`, the id the pipeline gives it), which surfaces
name an organisation, product or person and with what value; this script finds every
place each surface is written (longest surfaces first, never overlapping, a Latin name
never inside a longer Latin word, and not after the line `body_ends_at` names, where page chrome
starts) and writes one JSON object a line, as the shared scorer
reads gold (`doc_id, type, start, end, text, value`, offsets in the original text).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import yaml
from generated import ROOT, write_or_check

GOLDS = (
    ROOT / "tests" / "names_gold",
    ROOT / "tests" / "names_gold_products",  # mainland articles, products only
    ROOT / "tests" / "names_heldout",  # Hong Kong: RTHK feed items
    ROOT / "tests" / "names_heldout_cn",  # mainland articles
    ROOT / "tests" / "names_heldout_tw",  # Taiwan articles
)
NEWS = ROOT.parent / "shared" / "data" / "news"
TYPES = ("org", "product", "person")


def _inside_latin_word(text: str, start: int, end: int) -> bool:
    """Whether the surface at start:end continues a Latin word: a letter beside a letter, a digit beside a digit
    (a time before a name, `06:37Wind`, is no part of it)."""

    def joined(inside: str, outside: str) -> bool:
        return (
            inside.isascii()
            and outside.isascii()
            and ((inside.isalpha() and outside.isalpha()) or (inside.isdigit() and outside.isdigit()))
        )

    return joined(text[start], text[start - 1 : start]) or joined(text[end - 1], text[end : end + 1])


def mentions(doc_id: str, text: str, names: dict, where: Path) -> list[dict]:
    surfaces = sorted(
        ((surface, fact_type, value) for fact_type in TYPES for surface, value in (names.get(fact_type) or {}).items()),
        key=lambda s: -len(s[0]),
    )
    unknown = set(names) - set(TYPES) - {"body_ends_at"}
    if unknown:
        raise SystemExit(f"{where}: {doc_id}: no such type {sorted(unknown)}")
    body_end = len(text)
    if names.get("body_ends_at"):
        body_end = text.find("\n" + names["body_ends_at"])
        if body_end < 0:
            raise SystemExit(f"{where}: {doc_id}: no line starts with {names['body_ends_at']!r}")
    taken: list[tuple[int, int]] = []
    found = []
    for surface, fact_type, value in surfaces:
        at, seen = text.find(surface), False
        while at >= 0:
            end = at + len(surface)
            if (
                end <= body_end
                and not any(s < end and at < e for s, e in taken)
                and not _inside_latin_word(text, at, end)
            ):
                taken.append((at, end))
                found.append(
                    {"doc_id": doc_id, "type": fact_type, "start": at, "end": end, "text": surface, "value": value}
                )
                seen = True
            at = text.find(surface, at + 1)
        if not seen:
            raise SystemExit(f"{where}: {doc_id}: {surface!r} is nowhere in the article")
    return sorted(found, key=lambda f: (f["start"], f["end"]))


@functools.cache
def _feed_lines(stem: str) -> list[str]:
    return (NEWS / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()


def feed_record(doc_id: str) -> dict:
    """Line N of a `.jsonl` file of the news (`<file>-<N>`, the id the pipeline gives it): the record."""
    stem, _, number = doc_id.rpartition("-")
    return json.loads(_feed_lines(stem)[int(number) - 1])


def article_text(doc_id: str) -> str:
    """The text of a `.txt` article, or of a `.jsonl` line's record, as the pipeline reads it."""
    path = NEWS / f"{doc_id}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else feed_record(doc_id)["text"]


def render() -> dict[Path, str]:
    out = {}
    for gold in GOLDS:
        where = gold / "annotations.yaml"
        lines = []
        for doc_id, names in yaml.safe_load(where.read_text(encoding="utf-8")).items():
            lines += [
                json.dumps(fact, ensure_ascii=False) for fact in mentions(doc_id, article_text(doc_id), names, where)
            ]
        out[gold / "names.jsonl"] = "\n".join(lines) + "\n"
    return out


def main(argv: list[str]) -> int:
    return write_or_check(render(), __file__, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
