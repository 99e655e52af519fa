"""Where the project's data lives: `rules/` beside the package (an editable install), or $PIPELINE_RULES."""
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
RULES_DIR = Path(os.environ.get("PIPELINE_RULES", PROJECT_DIR / "rules"))
