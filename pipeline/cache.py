"""The per-article cache: an article whose text and rules have not changed since the last run
into the same output folder is taken from `OUTPUT/.cache/` instead of being extracted again."""
from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from .model import Article, DocumentResult
from .write import atomic_write

_META_JSON = json.JSONEncoder(default=str, sort_keys=True)  # made once: `json.dumps(..., default=str)` makes one a call


def content_hash(article: Article) -> str:
    h = hashlib.sha256(article.text.encode("utf-8", "surrogatepass"))
    h.update(_META_JSON.encode(article.meta).encode())
    return h.hexdigest()[:16]


class Cache:
    """Per-article results keyed by content hash and rules digest, pickled."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        if folder:
            folder.mkdir(parents=True, exist_ok=True)

    def _path(self, content: str, rules: str) -> Path:
        return self.folder / f"{content}-{rules}.pkl"

    def get(self, content: str, rules: str) -> DocumentResult | None:
        if not self.folder:
            return None
        path = self._path(content, rules)
        if not path.exists():
            return None
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except Exception:
            return None  # a damaged cache entry is just recomputed

    def put(self, result: DocumentResult, rules: str) -> None:
        if self.folder:
            atomic_write(self._path(result.content_hash, rules), lambda p: p.write_bytes(pickle.dumps(result)), durable=False)
