"""The per-article cache holds data, never code: tampered, foreign or ill-typed entries are misses."""

import errno
import hmac
import json
import pickle
import stat

import pandas as pd
import pytest

from zh_facts.engine import cache as cache_module
from zh_facts.engine import workers
from zh_facts.engine.run import RunOptions, run
from zh_facts.ruleset.loading import default_rules
from zh_facts.storage import signed

TEXT = "騰訊元寶在一個月內砸下約3億元進行投流，去年下半年增長七成。"


@pytest.fixture
def user_cache(tmp_path, monkeypatch):
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("ZH_FACTS_CACHE", str(folder))
    return folder


def _run(tmp_path, **options):
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    summary = run(corpus, tmp_path / "out", default_rules(), RunOptions(review=False, **options))
    return summary, (tmp_path / "out" / "facts.csv").read_bytes()


def _entry(tmp_path):
    entries = list((tmp_path / "out" / ".cache").glob("*.json"))
    assert len(entries) == 1
    return entries[0]


def test_entries_are_signed_json_and_the_key_is_the_users_alone(tmp_path, user_cache):
    _, facts = _run(tmp_path)
    header, mac, payload = _entry(tmp_path).read_bytes().split(b"\n", 2)
    assert header == cache_module.FORMAT and len(mac) == 64
    assert json.loads(payload)["facts"][0][0] == "a"
    key = user_cache / "signing.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and stat.S_IMODE(user_cache.stat().st_mode) == 0o700
    summary, again = _run(tmp_path)
    assert summary.skipped == 1 and again == facts


@pytest.mark.parametrize("damage", ["edited value", "foreign key", "pickle", "wrong type", "wrong shape"])
def test_an_entry_that_fails_its_check_is_a_miss_never_an_error(tmp_path, user_cache, monkeypatch, damage):
    _, facts = _run(tmp_path)
    entry = _entry(tmp_path)
    header, mac, payload = entry.read_bytes().split(b"\n", 2)
    plain = json.loads(payload)
    if damage == "edited value":  # 3億元 made 3萬元, the signature kept
        entry.write_bytes(header + b"\n" + mac + b"\n" + payload.replace(b'"300000000"', b'"30000"'))
    elif damage == "foreign key":  # an output folder copied from someone else: signed with their key
        other = hmac.new(b"x" * 32, entry.name.encode() + b"\n" + payload, "sha256").hexdigest()
        entry.write_bytes(header + b"\n" + other.encode() + b"\n" + payload)
    elif damage == "pickle":  # code in the cache folder is never run: it is not even read as an entry

        class Boom:
            def __reduce__(self):
                return (exec, ("open(__import__('os').environ['ZH_FACTS_CACHE'] + '/pwned', 'w')",))

        entry.write_bytes(pickle.dumps(Boom()))
    elif damage in ("wrong type", "wrong shape"):  # signed with the right key, but not what this version reads
        if damage == "wrong type":
            plain["facts"][0][2] = "0"  # `start` as text
        else:
            plain["facts"][0] = plain["facts"][0][:5]
        payload = json.dumps(plain, ensure_ascii=False).encode()
        entry.write_bytes(header + b"\n" + signed(entry.name, payload))
    summary, again = _run(tmp_path)
    assert summary.skipped == 0 and not summary.failed and again == facts
    assert not (user_cache / "pwned").exists()
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert list(documents.status) == ["ok"]


def test_a_cache_that_cannot_be_written_is_one_warning_not_failed_articles(tmp_path, user_cache, monkeypatch):
    def full_disk(path, write, durable=True):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_module, "atomic_write", full_disk)
    monkeypatch.setattr(workers, "CHUNK", 1)  # three chunks, each with its own cache: still one warning
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in "abc":
        (corpus / f"{name}.txt").write_text(TEXT + name, encoding="utf-8")
    summary = run(corpus, tmp_path / "out", default_rules(), RunOptions(review=False))
    assert summary.articles == 3 and not summary.failed
    assert [w for w in summary.warnings if "cannot be written (No space left on device)" in w] == [
        f"cache {tmp_path / 'out' / '.cache'} cannot be written (No space left on device): "
        "the run goes on, and its articles are extracted again next time"
    ]
    assert len(pd.read_csv(tmp_path / "out" / "facts.csv")) > 6
