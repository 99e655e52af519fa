"""The per-article cache: an article whose text and rules have not changed since the last run
into the same output folder is taken from `OUTPUT/.cache/` instead of being extracted again.

An entry is data, never code: JSON, signed with an HMAC whose key lives in the user's cache folder
(outside any output folder, readable by the user alone: `paths.signing_key`). An entry copied from
someone else's output folder, edited, damaged, of an older shape or with a value of the wrong type is
a miss: the article is extracted again, never failed. A cache that cannot be written is no error either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from pathlib import Path

from ..datatypes import Article, DocumentResult, Fact, Record
from ..storage import atomic_write, signed, signing_key, verified

_META_JSON = json.JSONEncoder(default=str, sort_keys=True)  # made once: `json.dumps(..., default=str)` makes one a call
FORMAT = b"zh-facts cache 3"  # the first line of every entry; a new shape of entry gets a new number


def content_hash(article: Article) -> str:
    h = hashlib.sha256(article.text.encode("utf-8", "surrogatepass"))
    h.update(_META_JSON.encode(article.meta).encode())
    return h.hexdigest()[:16]


class Cache:
    """Per-article results keyed by content hash and rules digest, as signed JSON."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._key = b""
        self.problem = ""  # why entries cannot be kept, for the run to say once
        if folder:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._cannot_write(exc)
                self.folder = None

    def _path(self, content: str, rules: str) -> Path:
        return self.folder / f"{content}-{rules}.json"

    def _signing_key(self) -> bytes:
        if not self._key:
            self._key = signing_key()  # read once per cache, not per entry
        return self._key

    def get(self, content: str, rules: str) -> DocumentResult | None:
        if not self.folder:
            return None
        path = self._path(content, rules)
        try:
            header, _, entry = path.read_bytes().partition(b"\n")
        except OSError:
            return None  # no entry
        payload = verified(path.name, entry, self._signing_key()) if header == FORMAT else None
        if payload is None:
            return None  # not one of ours, or changed since
        try:
            return _result(json.loads(payload))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # signed by us but of a shape this version does not read: extracted again

    def put(self, result: DocumentResult, content: str, rules: str) -> None:
        """Keep `result` under `content` (its article's key) and the rules digest."""
        if not self.folder:
            return
        path = self._path(content, rules)
        payload = json.dumps(_plain(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        entry = FORMAT + b"\n" + signed(path.name, payload, self._signing_key())
        try:
            atomic_write(path, lambda p: p.write_bytes(entry), durable=False)
        except OSError as exc:
            self._cannot_write(exc)

    def _cannot_write(self, exc: OSError) -> None:
        self.problem = (
            f"cache {self.folder} cannot be written ({exc.strerror or exc}): "
            "the run goes on, and its articles are extracted again next time"
        )


_DOCUMENT_FIELDS = {f.name: f.type for f in fields(DocumentResult) if f.name not in ("facts", "records")}


def _plain(result: DocumentResult) -> dict:
    plain = {name: getattr(result, name) for name in _DOCUMENT_FIELDS}
    plain["facts"] = [list(f) for f in result.facts]
    plain["records"] = [list(r) for r in result.records]
    return plain


def _result(plain: dict) -> DocumentResult:
    """A DocumentResult from its JSON form, every field of the type it must have (else TypeError)."""
    facts = [_typed(Fact, values) for values in plain.pop("facts")]
    records = [_typed(Record, values) for values in plain.pop("records")]
    if set(plain) != set(_DOCUMENT_FIELDS):
        raise KeyError("fields")
    for name, kind in _DOCUMENT_FIELDS.items():
        _check(plain[name], kind)
    return DocumentResult(**plain, facts=facts, records=records)


def _annotation(annotation) -> str:
    """`str`, `int` or `float` as the model writes it (`from __future__ import annotations`: a name, or a ForwardRef)."""
    return getattr(annotation, "__forward_arg__", annotation)


_ROW_FIELDS = {kind: [_annotation(kind.__annotations__[name]) for name in kind._fields] for kind in (Fact, Record)}


def _typed(kind, values: list):
    if not isinstance(values, list) or len(values) != len(kind._fields):
        raise TypeError(kind.__name__)
    for value, annotation in zip(values, _ROW_FIELDS[kind]):
        _check(value, annotation)
    return kind(*values)


def _check(value, annotation: str) -> None:
    expected = {"int": int, "float": float}.get(annotation, str)
    if type(value) is not expected:
        raise TypeError(f"{value!r} is not {annotation}")
