"""Shared fixtures and helpers. The tests run in any clone: what they read of `../shared` (gold, the scorers,
the development news, the public NER sets, the registries) they ask for through `shared()`, which skips the
test with one line naming the missing file; permissively licensed data the tests need lives in tests/data/."""

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# $ZH_FACTS_SHARED points elsewhere (or nowhere, to try the suite as a clone without ../shared sees it).
SHARED = Path(os.environ.get("ZH_FACTS_SHARED", PROJECT.parent / "shared"))
FIRST_ARTICLE = PROJECT / "corpus" / "000_538feb10bdf2354f.txt"  # the project's own copy of the first article
TEST_DATA = PROJECT / "tests" / "data"


def shared(relative: str) -> Path:
    """`../shared/<relative>`, or skip the calling test (or module, at import) saying that it is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/{relative}, which is missing", allow_module_level=True)
    return path


@pytest.fixture(scope="session")
def rules():
    from zh_facts.ruleset.loading import default_rules

    return default_rules()


def facts_of(text: str, date: str = "2025-07-01"):
    """Facts of a text as a list of dicts (a small helper for assertions)."""
    from zh_facts import extract_text

    return extract_text(text, date=date).to_dict("records")


def news_corpus(folder, articles: int, feed_lines: int):
    """A corpus of the first `articles` development articles (with metadata), `feed_lines` items
    of the RTHK feed as JSON Lines, and one empty (broken) file."""
    import shutil

    news = shared("data/news")
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(news.glob("*.txt"))[:articles]:
        shutil.copy(path, folder)
        if path.with_suffix(".meta.json").exists():
            shutil.copy(path.with_suffix(".meta.json"), folder)
    with open(news / "rthk_feed_2025.jsonl", encoding="utf-8") as feed:
        (folder / "feed.jsonl").write_text("".join(line for _, line in zip(range(feed_lines), feed)), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"")
    return folder


def _news_reader():
    """tools/build_names_gold.py, which reads an article of the news by its doc_id."""
    import sys

    shared("data/news")
    sys.path.insert(0, str(PROJECT / "tools"))
    try:
        import build_names_gold
    finally:
        sys.path.pop(0)
    return build_names_gold


def gold_text(doc_id: str) -> str:
    """The text of an article of ../shared/data/news a gold annotates (a `.txt`, or a `.jsonl` line's record)."""
    return _news_reader().article_text(doc_id)


def gold_corpus(doc_ids, folder: Path) -> Path:
    """A corpus in `folder` of the articles of ../shared/data/news a gold annotates: `<doc_id>.txt` with its
    metadata, or, for a line of a `.jsonl` file (`rthk_feed_2025-N`), the record as the feed has it (its url places
    it) under its own id, in feed.jsonl."""
    import json
    import shutil

    feed_record, news = _news_reader().feed_record, shared("data/news")
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for doc_id in doc_ids:
        if (news / f"{doc_id}.txt").exists():
            for suffix in (".txt", ".meta.json"):
                if (news / f"{doc_id}{suffix}").exists():
                    shutil.copy(news / f"{doc_id}{suffix}", folder)
        else:
            records.append(json.dumps({**feed_record(doc_id), "id": doc_id}, ensure_ascii=False))
    if records:
        (folder / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return folder


def first_article_corpus(folder):
    """A corpus of the first article and its metadata, in `folder`."""
    import shutil

    for path in FIRST_ARTICLE.parent.glob(FIRST_ARTICLE.stem + ".*"):
        shutil.copy(path, folder)
    return folder
