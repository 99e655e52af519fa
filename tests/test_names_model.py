"""The statistical candidate source for names (rules/models/): how it is made, loaded, and where it may count.

Its rule examples (a name it finds, what its normalisers veto) run with every other rule's in
test_rule_examples.py; what it adds on public sets is in test_public_ner.py.
"""

import hashlib
import re
import shutil
import subprocess
import sys

import pycrfsuite
import pytest
import regex
from conftest import PROJECT, shared

from zh_facts.datatypes import Candidate, Value
from zh_facts.ruleset.loading import RuleError, load_rules
from zh_facts.ruleset.tagger import char_features
from zh_facts.stages.extract import resolve

RULES = PROJECT / "rules"
MODEL_FILE = RULES / "models" / "names.yaml"


@pytest.mark.slow  # retrains the model
def test_the_committed_model_is_what_the_script_trains():
    shared("data/cluener/train.jsonl")
    checked = subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "train_name_model.py"), "--check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def _candidate(fact_type, start, end, rule_id):
    return Candidate(fact_type, start, end, rule_id, 0 if rule_id.startswith("model.") else 50, Value("x"))


def test_a_model_span_counts_only_where_no_rule_found_anything(rules):
    by_rule = _candidate("org", 0, 4, "org.suffix")
    longer_by_model = _candidate("org", 0, 8, "model.names.org")  # longer, yet it loses: the rule's span stands
    over_a_number = _candidate("person", 10, 13, "model.names.person")
    number = _candidate("money", 12, 16, "money.currency_after")
    alone = _candidate("person", 20, 23, "model.names.person")
    kept, lost = resolve([by_rule, longer_by_model, over_a_number, number, alone], rules.types, rules.gap_fillers)
    assert kept == [by_rule, number, alone]
    assert set(lost) == {longer_by_model, over_a_number}
    assert rules.gap_fillers == {"model.names.org", "model.names.person"}


def test_the_tagger_gives_offsets_in_the_whole_text_and_a_confidence(rules):
    tagger = rules.by_id("model.names.person").compiled.tagger
    text = "市场仍然疲弱。\n禤志杰在接受采访时说，会继续观察。"
    spans = tagger.spans(text)
    person = [s for s in spans if s.label == "PER"]
    assert [text[s.start : s.end] for s in person] == ["禤志杰"]
    assert all(0.0 <= s.confidence <= 1.0 for s in spans)
    assert tagger.spans(text) is spans  # the org and person rules read one tagging of a text


def test_a_prepared_batch_is_tagged_as_each_text_alone(rules):
    tagger = rules.by_id("model.names.org").compiled.tagger
    texts = ["禤志杰在接受采访时说，市场仍然疲弱。", "西安建工集团与当地企业签约。", "今天天气很好。"]
    alone = [tagger.spans(text) for text in texts]
    rules.prepare(texts)
    prepared = [tagger.spans(text) for text in texts]
    assert prepared == alone and any(alone)
    assert tagger.spans(texts[1]) is prepared[1]  # the batch's spans are read, not tagged again
    other = "广州住房公积金管理中心发布通知。"
    assert tagger.spans(other) == tagger.spans(other) and tagger.spans(texts[0]) == alone[0]


def _crfsuite_spans(model_path, text):
    """What CRFsuite's own tagger finds, sentence by sentence, from the feature strings the model was trained on."""
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(model_path))
    spans = []
    for piece in regex.finditer(r"[^\n。！？!?；;]+", text):
        tags = crfsuite.tag(char_features(piece.group())) + ["O"]
        start = None
        for i, tag in enumerate(tags):
            if start is not None and tag != "I-" + tags[start][2:]:
                confidence = min(crfsuite.marginal(tags[j], j) for j in range(start, i))
                spans.append((tags[start][2:], piece.start() + start, piece.start() + i, confidence))
                start = None
            if tag[:2] == "B-" or (tag[:2] == "I-" and start is None):
                start = i
    return spans


def test_the_compiled_tagger_finds_what_crfsuite_finds(rules):
    tagger = rules.by_id("model.names.org").compiled.tagger
    news = sorted(shared("data/news").glob("*.txt"))[:12]
    text = "\n".join(path.read_text(encoding="utf-8") for path in news) + "\n𠀋仔说，ＡＢＣ公司；\n\n末"
    ours = tagger.spans(text)
    theirs = _crfsuite_spans(tagger.path, text)
    assert len(theirs) > 100
    assert [(s.label, s.start, s.end) for s in ours] == [t[:3] for t in theirs]
    assert max(abs(s.confidence - t[3]) for s, t in zip(ours, theirs)) < 1e-4


def _folder_with_model_file(tmp_path, text):
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    (folder / "models" / "names.yaml").write_text(text, encoding="utf-8")
    return folder


def _line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


@pytest.mark.parametrize(
    "change, message, where",
    [
        (("model: names.crfsuite", "model: missing.crfsuite"), "model 'missing.crfsuite' is not a file", "model:"),
        (("min_confidence: 0.8", "min_confidence: 8"), "`min_confidence` is a probability", "model:"),
        (("    min_confidence: 0.7", "    min_confidence: yes"), "`min_confidence` is a probability", "  PER:"),
        (("  PER:", "  LOC:"), "the model has no label 'LOC'", "  PER:"),
        (("normalizer: person_model", "normalizer: no_such_normaliser"), "unknown normaliser", "  PER:"),
    ],
)
def test_a_broken_model_file_is_refused_naming_the_file_and_line(tmp_path, change, message, where):
    original = MODEL_FILE.read_text(encoding="utf-8")
    assert change[0] in original
    # the line of the file's first key, or of a label's first key (the line after the label)
    line = _line_of(original, "model: names.crfsuite") if where == "model:" else _line_of(original, where) + 1
    with pytest.raises(RuleError) as info:
        load_rules(_folder_with_model_file(tmp_path, original.replace(change[0], change[1])))
    assert f"names.yaml:{line}: {message}" in str(info.value)


def _recorded(folder):
    """The folder's names.yaml made to record the model file now beside it (as the training script does)."""
    model, rules = folder / "models" / "names.crfsuite", folder / "models" / "names.yaml"
    data = model.read_bytes()
    text = re.sub(r"(?m)^model_bytes: .*$", f"model_bytes: {len(data)}", rules.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^model_sha256: .*$", f"model_sha256: {hashlib.sha256(data).hexdigest()}", text)
    rules.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("damage", ["truncated", "one byte changed"])
def test_a_damaged_model_file_is_refused_before_crfsuite_reads_it(tmp_path, damage):
    folder = _folder_with_model_file(tmp_path, MODEL_FILE.read_text(encoding="utf-8"))
    model = folder / "models" / "names.crfsuite"
    data = bytearray(model.read_bytes())
    if damage == "truncated":
        del data[len(data) // 2 :]
    else:
        data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    assert "names.crfsuite:1: not the model" in str(info.value) and "size or SHA-256 differ" in str(info.value)


def test_a_model_file_that_is_not_a_model_is_refused(tmp_path):
    folder = _folder_with_model_file(tmp_path, MODEL_FILE.read_text(encoding="utf-8"))
    (folder / "models" / "names.crfsuite").write_bytes(b"not a model")
    _recorded(folder)
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    assert "names.crfsuite:1: cannot open the model" in str(info.value)


def test_a_model_with_features_the_tagger_does_not_compute_is_refused(tmp_path):
    folder = _folder_with_model_file(tmp_path, MODEL_FILE.read_text(encoding="utf-8"))
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([["c王", "w王小"], ["c小"], ["c明"]], ["B-PER", "I-PER", "O"])  # w: a word feature
    trainer.append([["c中"], ["c行"]], ["B-ORG", "I-ORG"])
    trainer.train(str(folder / "models" / "names.crfsuite"))
    _recorded(folder)
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    assert "names.crfsuite:1: the model's feature 'w王小' is none of those the tagger computes" in str(info.value)


def test_a_rules_folder_without_models_runs_without_the_model(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder, ignore=shutil.ignore_patterns("models"))
    assert not load_rules(folder).gap_fillers


def test_the_weights_read_once_are_kept_in_the_cache_and_tag_the_same(tmp_path, monkeypatch):
    import numpy as np

    from zh_facts.ruleset import tagger as tagger_module

    monkeypatch.setenv("ZH_FACTS_CACHE", str(tmp_path / "cache"))
    model = RULES / "models" / "names.crfsuite"
    read = tagger_module.SequenceTagger(model)
    (kept,) = (tmp_path / "cache").glob("names-model-*.npz")
    monkeypatch.setattr(tagger_module, "_read_crfsuite", lambda path: pytest.fail("read the model again"))
    cached = tagger_module.SequenceTagger(model)
    assert cached.tags == read.tags
    for name, array in vars(read._weights).items():
        assert np.array_equal(getattr(cached._weights, name), array)
    text = "市场仍然疲弱。\n禤志杰在接受采访时说，腾讯控股会继续观察。"
    assert cached.spans(text) == read.spans(text)
    kept.write_bytes(kept.read_bytes()[:-100])  # damaged: read from the model again
    monkeypatch.undo()
    monkeypatch.setenv("ZH_FACTS_CACHE", str(tmp_path / "cache"))
    assert tagger_module.SequenceTagger(model).tags == read.tags
