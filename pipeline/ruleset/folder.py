"""Where the rules are: $ZH_FACTS_RULES, else the copy installed with the package, else `rules/` of the clone."""

import os
from importlib import resources
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def default_rules_folder() -> Path:
    """$ZH_FACTS_RULES; else `zh_facts/rules/`, where a wheel or `pip install .` puts the project's `rules/`
    (pyproject.toml maps it there); else `rules/` beside the package, in a clone or an editable install."""
    if os.environ.get("ZH_FACTS_RULES"):
        return Path(os.environ["ZH_FACTS_RULES"])
    installed = Path(str(resources.files("zh_facts") / "rules"))
    return installed if installed.is_dir() else PROJECT_DIR / "rules"


RULES_DIR = default_rules_folder()
