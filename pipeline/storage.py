"""How the project keeps files: atomic writes (a reader never sees half a file), and the user cache folder
where a run keeps, signed, what it works out once for the next (Hyperscan's database, patterns checked)."""

import hashlib
import hmac
import os
from collections.abc import Callable
from pathlib import Path


def cache_folder() -> Path:
    """$ZH_FACTS_CACHE, else zh-facts/ in $XDG_CACHE_HOME or ~/.cache."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(os.environ.get("ZH_FACTS_CACHE", Path(base) / "zh-facts"))


def private_cache_folder() -> Path:
    """The user cache folder, made (or narrowed to) 0700: what it holds is loaded without a second look."""
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.stat().st_mode & 0o077 and folder.stat().st_uid == os.getuid():
        folder.chmod(0o700)
    return folder


def signing_key() -> bytes:
    """This user's key for what the caches keep (a 0600 file in the user cache folder, made once): an
    entry made elsewhere, or changed by anyone without the key, fails its check and is not used."""
    try:
        path = private_cache_folder() / "signing.key"
        key = path.read_bytes() if path.exists() else b""
        if len(key) != 32:
            fresh = os.urandom(32)
            atomic_write(path, lambda p: (p.touch(mode=0o600), p.write_bytes(fresh)))
            key = path.read_bytes()  # another process may have made one first: all use the one that stays
        if len(key) == 32:
            return key
    except OSError:
        pass
    return _PROCESS_KEY  # no user cache folder: what this process keeps, only this process trusts


_PROCESS_KEY = os.urandom(32)


def signed(name: str, data: bytes, key: bytes | None = None) -> bytes:
    """`data` after its signature line, as kept under file name `name`."""
    return signature(name, data, key) + b"\n" + data


def verified(name: str, entry: bytes, key: bytes | None = None) -> bytes | None:
    """The data of a `signed` entry kept under `name`, if its signature holds; else None."""
    mac, newline, data = entry.partition(b"\n")
    return data if newline and hmac.compare_digest(mac, signature(name, data, key)) else None


def signature(name: str, data: bytes, key: bytes | None = None) -> bytes:
    """The HMAC-SHA256 (hex) of `data` kept under file name `name` (an entry moved to another name fails)."""
    return (
        hmac.new(key or signing_key(), name.encode("utf-8", "surrogatepass") + b"\n" + data, hashlib.sha256)
        .hexdigest()
        .encode()
    )


def keep_in_cache(path: Path, data: bytes) -> None:
    """Keep `data` signed for the next run (atomically: a reader never sees half); a cache that cannot be
    written is no error."""
    try:
        private_cache_folder()
        entry = signed(path.name, data)
        atomic_write(path, lambda p: p.write_bytes(entry))  # makes the folder too
    except OSError:
        pass


def read_from_cache(path: Path) -> bytes | None:
    """What `keep_in_cache` kept at `path`, if it is there and its signature holds; else None."""
    try:
        entry = path.read_bytes()
    except OSError:
        return None
    return verified(path.name, entry)


def atomic_write(path: Path, write: Callable[[Path], None], durable: bool = True) -> None:
    """Write through a temporary file in the same folder, then rename over `path`.

    Either way no reader ever sees a half-written file. `durable` also flushes it to disk
    first, so that it survives a power cut; what a run regenerates anyway (review pages,
    cache entries) skips that: one flush per article cost more than extracting a short one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{id(write):x}.tmp"  # made inside the try: never left behind
    try:
        write(tmp)
        if durable:
            flush_to_disk(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def flush_to_disk(path: Path) -> None:
    """A file a library wrote and closed, flushed to disk before it is renamed into place."""
    with open(path, "rb") as written:
        os.fsync(written.fileno())
