"""Where the project's data lives: the rules ($PIPELINE_RULES, else the copy installed with the package,
else `rules/` of the clone), and the cache of what a run works out once for the next (Hyperscan's
database, patterns checked)."""
import os
from importlib import resources
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def default_rules_folder() -> Path:
    """$PIPELINE_RULES; else `pipeline/rules/`, where a wheel or `pip install .` puts the project's `rules/`
    (pyproject.toml maps it there); else `rules/` beside the package, in a clone or an editable install."""
    if os.environ.get("PIPELINE_RULES"):
        return Path(os.environ["PIPELINE_RULES"])
    installed = Path(str(resources.files("pipeline") / "rules"))
    return installed if installed.is_dir() else PROJECT_DIR / "rules"


RULES_DIR = default_rules_folder()


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
