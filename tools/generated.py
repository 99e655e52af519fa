"""What the generator scripts of tools/ share: the gazetteer entries table, and writing or checking their files."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zh_facts.ruleset.gazetteer import TABLE_COLUMNS  # noqa: E402  (the loader's columns: one definition of the format)


def table(entries: list[dict]) -> str:
    """The tab-separated entries file the gazetteer loader reads, with its columns (name, code, owner, aliases)."""
    lines = ["\t".join(TABLE_COLUMNS)]
    for entry in entries:
        cells = {**entry, "aliases": "|".join(entry.get("aliases", ()))}
        lines.append("\t".join(cells.get(column, "") for column in TABLE_COLUMNS))
    return "\n".join(lines) + "\n"


def write_or_check(files: dict[Path, str], script: str, argv: list[str]) -> int:
    """Write the files; with --check, write nothing and exit 1 when a committed file differs."""
    if "--check" in argv:
        stale = [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} differs from what {Path(script).name} makes: run it again", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0
