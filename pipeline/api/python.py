"""The Python API: facts and records of texts as pandas DataFrames, one text at a time or a batch at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..datatypes import Article
from ..outputs.tables import records_frame, typed_facts_frame
from ..ruleset.loading import RuleSet, default_rules
from ..stages.extract import Extraction, extract_article
from ..stages.read import MAX_ARTICLE_BYTES, clean, parse_meta_date
from ..stages.region import region_meta
from ..text.convert import convert_many

if TYPE_CHECKING:
    import pandas as pd


class Frames(NamedTuple):
    """What `extract_frame` returns: the facts (facts.parquet's columns) and the records (records.csv's)."""

    facts: pd.DataFrame
    records: pd.DataFrame


def _article(text: str, date, region: str | None, doc_id: str, where: str = "text") -> Article:
    """The article of a text given to the API; its line ends read as the files' (\\r\\n and \\r as \\n) but of
    the same length, so that offsets are the string's own."""
    if not isinstance(text, str):
        hint = " (decode it first: text.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"{where}: a str, not {type(text).__name__}{hint}")
    if len(text) > MAX_ARTICLE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
        raise ValueError(f"{where}: over the {MAX_ARTICLE_BYTES} byte limit for one article")
    meta = {"date": parse_meta_date(date, f"date of {where}")} if _given(date) else {}
    meta.update(region_meta(region if _given(region) else None, f"region of {where}"))
    return Article(doc_id=doc_id, text=clean(text.replace("\r\n", " \n").replace("\r", "\n")), meta=meta)


def _given(value) -> bool:
    """A date or region given: not None, not empty, not a pandas NA or NaT."""
    return value is not None and value == value and str(value) not in ("", "NaT", "<NA>")


def _as_given(extraction: Extraction, text: str, article: Article) -> Extraction:
    """The facts' and records' `text` as the caller's string has it (where \\r was read as a line end)."""
    if article.text is not text:
        extraction.facts = [f._replace(text=text[f.start : f.end]) for f in extraction.facts]
        extraction.records = [r._replace(text=text[r.start : r.end]) for r in extraction.records]
    return extraction


def _extract_one(
    text: str, date: str | None, rules: RuleSet | str | None, doc_id: str, region: str | None = None
) -> Extraction:
    ruleset = rules if isinstance(rules, RuleSet) else default_rules(rules)
    article = _article(text, date, region, doc_id)
    return _as_given(extract_article(article, ruleset), text, article)


def extract_text(
    text: str,
    date: str | None = None,
    rules: RuleSet | str | None = None,
    doc_id: str = "text",
    region: str | None = None,
) -> pd.DataFrame:
    """Facts of one text as a DataFrame with the same columns as facts.csv (for notebooks).

    `date` (ISO) is the reference date for relative dates; without it, a
    dateline in the text or today is used. `region` (CN, TW or HK) says where the
    text is from (what a bare 元 means); without it, the text's own words decide.
    Beside facts.csv's columns (text), `amount` holds the value of a money, percent
    or quantity fact as a float, and `date_start`/`date_end` are dates. For many
    texts, `extract_frame` is faster and gives the records in the same pass.
    """
    ruleset = rules if isinstance(rules, RuleSet) else default_rules(rules)
    return typed_facts_frame(_extract_one(text, date, ruleset, doc_id, region).facts, ruleset.types.numbers)


def extract_records(
    text: str,
    date: str | None = None,
    rules: RuleSet | str | None = None,
    doc_id: str = "text",
    region: str | None = None,
) -> pd.DataFrame:
    """Records of one text (each number with its subject, metric, period and modality) as a DataFrame
    with the columns of records.csv; `date` and `region` as for `extract_text`. Facts and records of the
    same texts in one pass: `extract_frame`."""
    return records_frame(_extract_one(text, date, rules, doc_id, region).records)


def extract_frame(
    texts: Sequence[str] | pd.Series | pd.DataFrame,
    dates: Sequence | None = None,
    regions: Sequence | None = None,
    ids: Sequence | None = None,
    rules: RuleSet | str | None = None,
    workers: int = 1,
) -> Frames:
    """Facts and records of many texts in one pass: `Frames(facts, records)`.

    `texts` is a list of strings, a pandas Series (its index gives the ids) or a DataFrame with a `text`
    column and, optionally, `date`, `region` and `id` columns. `dates`, `regions` and `ids`, when given,
    are sequences as long as the texts (a missing date or region is None). Ids default to the position
    (or the Series' or DataFrame's index) as text and must be unique: they are the frames' `doc_id`.
    The texts are converted and tagged as one batch, as the command line does; `workers` > 1 shares them
    among that many processes. Offsets are those of each string as given.
    """
    texts, dates, regions, ids = _columns(texts, dates, regions, ids)
    folder = rules.folder if isinstance(rules, RuleSet) else rules
    if workers > 1 and len(texts) > 1:
        return _in_processes(texts, dates, regions, ids, folder, workers)
    ruleset = rules if isinstance(rules, RuleSet) else default_rules(rules)
    return _frames(texts, dates, regions, ids, ruleset)


def _columns(texts, dates, regions, ids) -> tuple[list, list, list, list[str]]:
    import pandas as pd

    if isinstance(texts, pd.DataFrame):
        if "text" not in texts.columns:
            raise ValueError(f"texts: a DataFrame with a `text` column (it has {', '.join(map(str, texts.columns))})")
        frame = texts
        texts = frame["text"]
        dates = dates if dates is not None else (frame["date"] if "date" in frame.columns else None)
        regions = regions if regions is not None else (frame["region"] if "region" in frame.columns else None)
        ids = ids if ids is not None else (frame["id"] if "id" in frame.columns else frame.index)
    elif isinstance(texts, pd.Series) and ids is None:
        ids = texts.index
    elif isinstance(texts, str):
        raise TypeError("texts: a list of texts, a Series or a DataFrame; for one text, use extract_text")
    texts = list(texts)
    count = len(texts)
    columns = []
    for name, values in (("dates", dates), ("regions", regions), ("ids", ids)):
        values = [None] * count if values is None else list(values)
        if len(values) != count:
            raise ValueError(f"{name}: {len(values)} values for {count} texts")
        columns.append(values)
    ids = [str(i) for i in (columns[2] if ids is not None else range(count))]
    if len(set(ids)) != count:
        raise ValueError("ids: not unique (they are the frames' doc_id)")
    return texts, columns[0], columns[1], ids


def _frames(texts: list, dates: list, regions: list, ids: list[str], rules: RuleSet) -> Frames:
    articles = [_article(t, d, r, i, f"texts[{i!r}]") for t, d, r, i in zip(texts, dates, regions, ids)]
    converted = convert_many([a.text for a in articles])
    rules.prepare([c.simplified for c in converted])
    facts, records = [], []
    for text, article, simplified in zip(texts, articles, converted):
        extraction = _as_given(extract_article(article, rules, converted=simplified), text, article)
        facts += extraction.facts
        records += extraction.records
    return Frames(typed_facts_frame(facts, rules.types.numbers), records_frame(records))


_WORKER_RULES: dict = {}


def _load_in_worker(folder) -> None:
    _WORKER_RULES["rules"] = default_rules(folder)


def _part(texts, dates, regions, ids) -> Frames:
    return _frames(texts, dates, regions, ids, _WORKER_RULES["rules"])


def _in_processes(texts, dates, regions, ids, folder, workers: int) -> Frames:
    from concurrent.futures import ProcessPoolExecutor

    import pandas as pd

    size = -(-len(texts) // (workers * 4))  # four parts a worker: none waits long for the last
    parts = [slice(i, i + size) for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(workers, initializer=_load_in_worker, initargs=(folder,)) as pool:
        done = list(pool.map(_part, *([column[s] for s in parts] for column in (texts, dates, regions, ids))))
    return Frames(
        pd.concat([f.facts for f in done], ignore_index=True), pd.concat([f.records for f in done], ignore_index=True)
    )
