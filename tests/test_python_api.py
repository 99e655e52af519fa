"""The Python API: one text (`extract_text`, `extract_records`) or many in one pass (`extract_frame`)."""

import shutil
import time

import pandas as pd
import pytest
from conftest import PROJECT

from zh_facts import Frames, extract_frame, extract_records, extract_text
from zh_facts.ruleset.loading import default_rules

TEXTS = [
    "騰訊元寶在一個月內砸下約3億元進行投流，去年下半年增長七成。",
    "台積電營收1兆元，成長33.9%。",
    "",
    "智譜2024年收入達3億元，\r\n虧損卻高達20億元",
]
DATES = ["2025-07-01", "2025-07-01", None, "2025-07-01"]


def _one_by_one(texts, dates, ids, regions=None):
    regions = regions or [None] * len(texts)
    facts = [extract_text(t, date=d, doc_id=i, region=r) for t, d, i, r in zip(texts, dates, ids, regions)]
    records = [extract_records(t, date=d, doc_id=i, region=r) for t, d, i, r in zip(texts, dates, ids, regions)]
    return pd.concat(facts, ignore_index=True), pd.concat(records, ignore_index=True)


def test_a_batch_gives_what_the_texts_give_one_by_one():
    frames = extract_frame(TEXTS, dates=DATES)
    assert isinstance(frames, Frames)
    facts, records = _one_by_one(TEXTS, DATES, ["0", "1", "2", "3"])
    pd.testing.assert_frame_equal(frames.facts, facts)
    pd.testing.assert_frame_equal(frames.records, records)
    assert all(TEXTS[int(r.doc_id)][r.start : r.end] == r.text for r in frames.facts.itertuples())


def test_a_dataframe_gives_texts_dates_regions_and_ids_by_column():
    table = pd.DataFrame({"text": TEXTS[:2], "date": DATES[:2], "region": [None, "TW"], "id": ["a", "b"]})
    frames = extract_frame(table)
    facts, _ = _one_by_one(TEXTS[:2], DATES[:2], ["a", "b"], [None, "TW"])
    pd.testing.assert_frame_equal(frames.facts, facts)
    assert "TWD" in set(frames.facts[frames.facts.doc_id == "b"].unit)


def test_a_series_is_named_by_its_index():
    frames = extract_frame(pd.Series(TEXTS[:2], index=["x", "y"]), dates=DATES[:2])
    assert set(frames.facts.doc_id) == {"x", "y"}


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: extract_frame(TEXTS, ids=["a", "a", "b", "c"]), "ids: not unique"),
        (lambda: extract_frame(TEXTS, dates=DATES[:2]), "dates: 2 values for 4 texts"),
        (lambda: extract_frame(pd.DataFrame({"body": TEXTS})), "a DataFrame with a `text` column"),
        (lambda: extract_frame("一段文字"), "for one text, use extract_text"),
        (lambda: extract_frame(["好", None]), r"texts\['1'\]: a str, not NoneType"),
    ],
)
def test_bad_batches_say_what_is_wrong(call, error):
    with pytest.raises((ValueError, TypeError), match=error):
        call()


@pytest.mark.slow  # worker processes
def test_workers_give_the_same_frames():
    texts = TEXTS * 5
    one = extract_frame(texts, dates=DATES * 5)
    two = extract_frame(texts, dates=DATES * 5, workers=2)
    pd.testing.assert_frame_equal(one.facts, two.facts)
    pd.testing.assert_frame_equal(one.records, two.records)


def test_rules_are_loaded_once_and_again_when_a_file_changes(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", folder)
    first = default_rules(folder)
    assert default_rules(folder) is first  # unchanged: the same rule set, nothing read again
    orgs = folder / "gazetteer" / "orgs.yaml"
    time.sleep(0.01)
    orgs.write_text(orgs.read_text(encoding="utf-8") + "  - [星河智联]\n", encoding="utf-8")
    second = default_rules(folder)
    assert second is not first and second.names.known("org", "星河智联") is not None
    (folder / "lexicon" / "extra.yaml").write_text("{}\n", encoding="utf-8")  # a file added: its folder changed
    assert default_rules(folder) is not second
