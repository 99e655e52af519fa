"""Write stage: atomic files and spreadsheet safety."""
import pandas as pd
import pytest

from pipeline.write import atomic_write, spreadsheet_safe


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "facts.csv"
    target.write_text("old table")

    def crash(path):
        path.write_text("half a ta")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, crash)
    assert target.read_text() == "old table"
    assert [p.name for p in tmp_path.iterdir()] == ["facts.csv"]


def test_spreadsheet_safe_copy_neutralises_formulas_and_keeps_data():
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "+1", "-5%", "@SUM", "普通"], "start": [1, 2, 3, 4, 5]})
    frame["text"] = frame["text"].astype("string")
    safe = spreadsheet_safe(frame)
    assert list(safe["text"]) == ["'=HYPERLINK(\"x\")", "'+1", "'-5%", "'@SUM", "普通"]
    assert list(frame["text"])[0] == "=HYPERLINK(\"x\")"  # the exact table is untouched
