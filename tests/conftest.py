from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
FIRST_ARTICLE = SHARED / "corpus" / "000_538feb10bdf2354f.txt"


@pytest.fixture(scope="session")
def rules():
    from pipeline.extract import default_rules

    return default_rules()


def facts_of(text: str, date: str = "2025-07-01"):
    """Facts of a text as a list of dicts (a small helper for assertions)."""
    from pipeline import extract_text

    return extract_text(text, date=date).to_dict("records")
