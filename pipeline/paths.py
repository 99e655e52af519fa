"""Where the project's data lives: `rules/` beside the package (an editable install), or $PIPELINE_RULES;
and the cache of what a run works out once for the next (Hyperscan's database, patterns checked)."""
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
RULES_DIR = Path(os.environ.get("PIPELINE_RULES", PROJECT_DIR / "rules"))


def cache_folder() -> Path:
    """$ZH_FACTS_CACHE, else zh-facts/ in $XDG_CACHE_HOME or ~/.cache."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(os.environ.get("ZH_FACTS_CACHE", Path(base) / "zh-facts"))


def keep_in_cache(path: Path, data: bytes) -> None:
    """Keep `data` for the next run (atomically: a reader never sees half); a cache that cannot be written is no error."""
    from .write import atomic_write

    try:
        atomic_write(path, lambda p: p.write_bytes(data))  # makes the folder too
    except OSError:
        pass
