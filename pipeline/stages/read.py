"""Read stage: bytes on disk -> decoded original text and its metadata.

Offsets everywhere refer to the text this module returns. Line ends are
normalised as Python's universal newlines do (what `Path.read_text` gives,
and what the scorer reads), so `\r\n` and `\r` become `\n`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import regex

from ..datatypes import Article
from ..normalizers.dates import FIRST_YEAR, LAST_YEAR

ARTICLE_SUFFIXES = (".txt",)
MAX_ARTICLE_BYTES = 20 * 1024 * 1024  # a larger "article" is a dump, not news: reported, never read

# (byte-order mark, codec) — checked before any guessing.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),  # the BOM stays as U+FEFF, as `read_text` keeps it
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "zip archive"),
    (b"%PDF", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"Rar!", "RAR archive"),
)


class ArticleError(Exception):
    """An article that cannot be read; the message names the file."""


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode an article's bytes; return (text, encoding name, warnings about what was repaired or guessed).

    Strict decodes first: UTF-8; UTF-8 with a few broken bytes (each replaced by U+FFFD); GB18030
    and Big5, and where both decode, the one whose bytes look like common characters of their code
    (`_cjk_plausibility`), with a warning when the two are close. NUL characters in text are
    replaced one for one (offsets stay exact), with a warning.
    """
    if not data:
        raise ArticleError(f"{name}: empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), codec, [], name)
            except UnicodeDecodeError as exc:
                raise ArticleError(f"{name}: has a {codec} byte-order mark but does not decode: {exc}") from None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ArticleError(f"{name}: binary file ({kind}), not an article")
    if data[:4096].count(0) > 0.3 * len(data[:4096]) / 2:  # NUL in every other byte: UTF-16 without a mark
        text, codec = _utf16_without_bom(data, name)
        return _checked(text, codec, [], name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _TWO_BYTE_UTF8_ONLY.fullmatch(text):
            return _checked(text, "utf-8", [], name)
        # Only letters of two-byte UTF-8 (Latin, Greek, Cyrillic: `ģʽ`) beyond ASCII: in Chinese news that is
        # short GBK or Big5 text whose bytes happen to be valid UTF-8 (模式). Han characters there decide it.
        legacy = {codec: other for codec, other in _legacy_decodings(data).items() if _HAN.search(other)}
        if not legacy:
            return _checked(text, "utf-8", [], name)
        codec, _ = _likelier(data, legacy)
        return _checked(
            legacy[codec],
            codec,
            [f"encoding guessed: {codec}, not UTF-8 (both decode it; only {codec} gives Chinese characters)"],
            name,
        )
    escaped = data.decode("utf-8", errors="surrogateescape")  # one lone surrogate per byte that is not UTF-8
    broken = len(_SURROGATES.findall(escaped))
    if broken <= MAX_BROKEN_SHARE * _high_bytes(data):
        return _checked(
            escaped,
            f"utf-8 ({broken} invalid bytes replaced)",
            [f"{broken} invalid UTF-8 bytes replaced by U+FFFD"],
            name,
        )
    decoded = _legacy_decodings(data)
    if not decoded:
        utf16 = _utf16_reading(data)
        if utf16:
            codec, text = utf16
            return _checked(text, codec, [f"read as {codec}: no byte-order mark, and no other code reads it"], name)
        raise ArticleError(f"{name}: not valid UTF-8, GB18030, Big5 or UTF-16 text")
    codec, warning = _likelier(data, decoded)
    warnings = [w for w in (warning, _maybe_utf16(data, codec)) if w]
    return _checked(decoded[codec], codec, warnings, name)


def _utf16_reading(data: bytes) -> tuple[str, str] | None:
    """(codec, text) where the bytes read as Chinese in UTF-16 without a byte-order mark (Chinese UTF-16 has no
    NUL bytes to tell it by), else None."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if text.strip() and len(_HAN.findall(text)) >= 0.6 * len(text.strip()):
            return codec, text
    return None


def _maybe_utf16(data: bytes, codec: str) -> str:
    """A warning when bytes read as `codec` also read as Chinese UTF-16 without a byte-order mark."""
    utf16 = _utf16_reading(data)
    if not utf16:
        return ""
    return (
        f"read as {codec}, but the bytes are also Chinese as {utf16[0]} without a byte-order mark: "
        "if the file is UTF-16, save it with one"
    )


def _legacy_decodings(data: bytes) -> dict[str, str]:
    """The strict decodings of `data` as GB18030 and as Big5: plain Big5 where it is enough, else with Hong
    Kong's characters (Big5-HKSCS, which also says where the file is from)."""
    decoded = {}
    for codec in ("gb18030", "big5", "big5hkscs"):
        if codec == "big5hkscs" and "big5" in decoded:
            break
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    return decoded


def _likelier(data: bytes, decoded: dict[str, str]) -> tuple[str, str]:
    """Of the decodings given, the likelier codec, and a warning when the choice was close."""
    if len(decoded) == 1:
        return next(iter(decoded)), ""
    private = {codec for codec, text in decoded.items() if _PRIVATE_USE.search(text)}
    if len(private) == 1:  # a private-use character is a byte pair the other code reads as a real one
        return next(codec for codec in decoded if codec not in private), ""
    gb, big5, pairs = _cjk_plausibility(data)
    codec = "gb18030" if gb >= big5 else next(c for c in decoded if c.startswith("big5"))
    if abs(gb - big5) >= CLEAR_MARGIN and pairs >= SURE_PAIRS:
        return codec, ""
    return codec, (
        f"encoding guessed: {codec} (GB18030 and Big5 both decode it; {gb:.0%} against {big5:.0%} "
        "of its characters look common in each)"
    )


def _checked(text: str, codec: str, warnings: list[str], name: str) -> tuple[str, str, list[str]]:
    """The decoded text, refused when it is no article; NUL characters replaced one for one."""
    if not text.strip("\x00 \t\n\r\ufeff"):
        raise ArticleError(f"{name}: no text (only white space)")
    nuls = text.count("\x00")
    if nuls:
        if nuls > MAX_NUL_SHARE * len(text):
            raise ArticleError(f"{name}: binary file (contains NUL bytes), not an article")
        text = text.replace("\x00", "\ufffd")
        warnings = [*warnings, f"{nuls} NUL characters replaced by U+FFFD"]
    if _control_share(text) > 0.05:
        raise ArticleError(f"{name}: binary file (over 5% control characters), not an article")
    return normalize_newlines(text), codec, warnings


def _utf16_without_bom(data: bytes, name: str) -> tuple[str, str]:
    """NUL bytes in every other position are UTF-16 text; anywhere else, a binary file."""
    sample = data[:4096]
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) > 0.3 * len(zeros):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    raise ArticleError(f"{name}: binary file (contains NUL bytes), not an article")


# Bytes that may be broken (not UTF-8) in a file still read as UTF-8, as a share of its bytes over 0x7F: a
# truncated download or flipped bytes are repaired (a flipped byte breaks the two or three of its character);
# text in another encoding breaks nearly every byte over 0x7F.
MAX_BROKEN_SHARE = 0.2
MAX_NUL_SHARE = 0.1  # NUL characters in text that is still an article (a binary file has far more)
# GB18030 and Big5 share most byte pairs: where both decode a file, the one whose pairs fall where its
# code keeps its common characters wins; closer than this, the guess is reported.
CLEAR_MARGIN = 0.2
SURE_PAIRS = 12  # fewer double-byte characters than this are too few to be sure of the code
_TWO_BYTE_UTF8_ONLY = regex.compile(r"[\x00-\x7f]*[\x80-\u07ff][\x00-\u07ff]*")
_HAN = regex.compile(r"\p{Han}")
_PRIVATE_USE = regex.compile(r"[\ue000-\uf8ff]")
_PAIRS = regex.compile(rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]")


def _high_bytes(data: bytes) -> int:
    """How many bytes are over 0x7F (counted without a list of them: an article may be 20 MB)."""
    return len(data) - len(data.translate(None, _HIGH))


_HIGH = bytes(range(0x80, 0x100))


def _cjk_plausibility(data: bytes) -> tuple[float, float, int]:
    """The shares of a file's double-byte characters that are common in GB2312 (lead 0xB0-0xD7, trail
    0xA1-0xFE: the 3,755 level-1 characters) and in Big5 (lead 0xA4-0xC6: the 5,401 frequent ones),
    and how many double-byte characters there are."""
    pairs = _PAIRS.findall(data)
    if not pairs:
        return 0.0, 0.0, 0
    gb = sum(1 for p in pairs if 0xB0 <= p[0] <= 0xD7 and p[1] >= 0xA1)
    big5 = sum(1 for p in pairs if 0xA4 <= p[0] <= 0xC6)
    return gb / len(pairs), big5 / len(pairs), len(pairs)


_SURROGATES = regex.compile(r"[\ud800-\udfff]")


def normalize_newlines(text: str) -> str:
    """Line ends as universal newlines read them, and `clean`."""
    return clean(text.replace("\r\n", "\n").replace("\r", "\n"))


def clean(text: str) -> str:
    """Lone surrogates (which no UTF-8 file can hold, but a JSON `\\ud800` escape, a file name that is not
    UTF-8 or a Python string can) become U+FFFD, one for one: texts, ids and paths alike."""
    return _SURROGATES.sub("\ufffd", text)


# Control characters other than the line and tab ones, and the specials block (U+FFF0-U+FFFF) but for U+FFFD,
# which stands for what was repaired (NULs, broken bytes) and is counted where it is made.
_CONTROL = regex.compile("[\x00-\x08\x0e-\x1f\ufff0-\ufffc\ufffe\uffff]")


def _control_share(text: str) -> float:
    sample = text[:100_000]
    return len(_CONTROL.findall(sample)) / len(sample)


MAX_SIDECAR_BYTES = 64 * 1024  # a date, a source and a title: far less


class _SidecarRefused(Exception):
    """A sidecar that is not read: not a regular file, a link out of its folder, or too large."""


def _sidecar_bytes(meta_path: Path, article: Path) -> bytes:
    """A sidecar's bytes, read like an article: a regular file in the article's own folder (a link may point
    only there, or beside the file the article itself links to), opened without blocking (a FIFO swapped in
    after the check is refused, never waited on), and at most MAX_SIDECAR_BYTES."""
    if meta_path.is_symlink() and meta_path.resolve().parent not in (
        meta_path.parent.resolve(),
        article.resolve().parent,
    ):
        raise _SidecarRefused(f"a link to {meta_path.resolve()}, outside the article's folder")
    descriptor = os.open(meta_path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as sidecar:
        status = os.fstat(sidecar.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise _SidecarRefused("not a regular file (a FIFO, device or socket)")
        if status.st_size > MAX_SIDECAR_BYTES:
            raise _SidecarRefused(f"{status.st_size} bytes, over the {MAX_SIDECAR_BYTES} byte limit for metadata")
        return sidecar.read(MAX_SIDECAR_BYTES + 1)[:MAX_SIDECAR_BYTES]


def read_metadata(path: Path) -> tuple[dict, list[str]]:
    """The optional sidecar `<doc_id>.meta.json`, and warnings: a sidecar that cannot be read is left out,
    a date that cannot be read is dropped (the reference date then falls back: a dateline, else the run's)."""
    meta_path = path.with_suffix(".meta.json")
    if not meta_path.is_symlink() and not meta_path.exists():
        return {}, []
    try:
        meta = json.loads(_sidecar_bytes(meta_path, path).decode("utf-8-sig"), parse_int=str)
    except _SidecarRefused as exc:
        return {}, [f"{meta_path}: {exc}, ignored"]
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return {}, [f"{meta_path}: malformed metadata, ignored: {str(exc)[:200]}"]
    if not isinstance(meta, dict):
        return {}, [f"{meta_path}: metadata is not a JSON object, ignored"]
    return meta, _checked_date(meta, str(meta_path))


def _checked_date(meta: dict, where: str) -> list[str]:
    """Parse meta's `date` in place; an unreadable one is dropped with a warning."""
    if meta.get("date") in (None, ""):
        meta.pop("date", None)
        return []
    try:
        meta["date"] = parse_meta_date(meta["date"], where)
    except ArticleError as exc:
        del meta["date"]
        return [f"{exc}, ignored"]
    if not FIRST_YEAR <= meta["date"].year <= LAST_YEAR:
        return [
            f"{where}: date {meta['date'].isoformat()} is far from the years dates resolve in "
            f"({FIRST_YEAR}-{LAST_YEAR}): relative dates (明年, 去年) give no value"
        ]
    return []


def parse_meta_date(raw, where: str) -> date:
    """`2024-08-05`, `2024-08-05 12:30`, `2024-08-05T12:30:00+08:00`, `2024/8/5`."""
    text = str(raw).strip().replace("/", "-")
    for candidate in (text, text[:10]):
        try:
            return datetime.fromisoformat(candidate).date()
        except ValueError:
            continue
    parts = text.split()[0].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise ArticleError(f"{where}: impossible or unreadable date {raw!r}")


def read_article(path: Path, doc_id: str | None = None) -> Article:
    """The article in file `path` (a regular file: never a FIFO or a device, which could block or
    never end); its doc_id is the file's stem unless given."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ArticleError(f"{path}: not a regular file (a FIFO, device or socket), not read")
        size = status.st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{path}: {size} bytes is over the {MAX_ARTICLE_BYTES} byte limit for one article")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text, encoding, warnings = decode(data, str(path))
    meta, meta_warnings = read_metadata(path)
    return Article(
        doc_id=doc_id or clean(path.stem),
        text=text,
        path=clean(str(path)),
        encoding=encoding,
        meta=meta,
        warnings=warnings + meta_warnings,
    )


@dataclass(frozen=True)
class Source:
    """Where one article comes from: a `.txt` file, or one line of a `.jsonl` file.

    Plain data, so that it can be sent to a worker process; `load` reads it.
    """

    doc_id: str  # a JSON Lines record's `id`, else FILE-LINE; made unique in a run by `unique_ids`
    path: str  # the file, with `:LINE` for a JSON Lines record
    record: bytes | None = None  # the raw JSON Lines record, parsed by `load` (in the worker, not the parent)
    size: int = 0  # bytes to read: how much work the article is, for sharing it out among workers
    data: bytes | None = None  # an article's own bytes, given directly (standard input)
    warning: str = ""  # what the run changed about it (a doc_id another article had)
    error: str = ""  # why it cannot be read, found while listing it (a link out of the corpus, a huge record)

    def load(self) -> Article:
        if self.error:
            raise ArticleError(self.error)
        if self.data is not None:
            text, encoding, warnings = decode(self.data, self.path)
            return Article(doc_id=self.doc_id, text=text, path=self.path, encoding=encoding, warnings=warnings)
        if self.record is None:
            return read_article(Path(self.path), self.doc_id)
        if not self.record:
            raise ArticleError(f"{self.path}: cannot read")
        try:
            record = json.loads(self.record.decode("utf-8"), parse_int=str)
        except (UnicodeDecodeError, ValueError) as exc:
            raise ArticleError(f"{self.path}: not a JSON object: {str(exc)[:200]}") from None
        except RecursionError:
            raise ArticleError(f"{self.path}: a record nested too deep to read") from None
        return article_from_record(record, clean(self.path), self.doc_id)


def iter_sources(folder: Path, follow_links: bool = False, skipped: list[str] | None = None) -> Iterator[Source]:
    """Every article of a corpus folder, in a stable order, one at a time (JSON Lines line by line).

    `.txt` and `.jsonl` files (any case) are read; a symbolic link to a file outside the folder is an
    error row unless `follow_links`; anything else (subfolders, other files) is listed in `skipped`.
    """
    root = folder.resolve()
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if suffix not in (*ARTICLE_SUFFIXES, ".jsonl") or path.is_dir():
            if skipped is not None and not path.name.endswith(".meta.json") and not path.name.startswith("."):
                skipped.append(f"{clean(path.name)}{'/' if path.is_dir() else ''}")
            continue
        if path.is_symlink() and not follow_links and root not in path.resolve().parents:
            yield Source(
                path.stem,
                str(path),
                error=f"{path}: a symbolic link to {path.resolve()}, outside the "
                "corpus folder: not read (--follow-links reads it)",
            )
        elif suffix == ".jsonl":
            yield from _jsonl_sources(path)
        else:
            yield Source(path.stem, str(path), size=_size(path))


def _jsonl_sources(path: Path) -> Iterator[Source]:
    """One source per non-blank line; its id is the record's `id`, else FILE-LINE."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            yield Source(path.stem, str(path), error=f"{path}: not a regular file (a FIFO, device or socket), not read")
            return
        handle = path.open("rb")
    except OSError as exc:
        yield Source(path.stem, str(path), error=f"{path}: cannot read: {exc.strerror or exc}")
        return
    with handle:
        yield from _jsonl_lines(handle, path.stem, str(path))


def _jsonl_lines(lines: BinaryIO, stem: str, name: str) -> Iterator[Source]:
    """One source per non-blank line, each read with the article limit: a longer record is an error row
    and is never held in memory whole."""
    number = 0
    while raw := lines.readline(MAX_ARTICLE_BYTES + 1):
        number += 1
        if len(raw) > MAX_ARTICLE_BYTES:
            rest = raw
            while rest and not rest.endswith(b"\n"):  # the rest of the record, read and dropped a megabyte at a time
                rest = lines.readline(1 << 20)
            yield Source(
                f"{stem}-{number}",
                f"{name}:{number}",
                error=f"{name}:{number}: a record over the {MAX_ARTICLE_BYTES} byte limit for one article",
            )
        elif raw.strip():
            yield Source(_record_id(raw) or f"{stem}-{number}", f"{name}:{number}", raw, len(raw))


def _record_id(raw: bytes) -> str:
    """A JSON Lines record's own `id`, read in the parent process so that ids are made unique before
    extraction ('' when it has none, or is no JSON object: `load` then reports it)."""
    if b'"id"' not in raw:  # most feeds carry none: no need to parse the record here
        return ""
    try:
        record = json.loads(raw, parse_int=str)  # a 5,000-digit id is text, not a number Python refuses to make
    except (ValueError, RecursionError):  # `load` reports it as the article's error
        return ""
    return str(record.get("id") or "") if isinstance(record, dict) else ""


def unique_ids(sources: Iterable[Source]) -> Iterator[Source]:
    """The sources with printable, unique doc_ids: lone surrogates (a JSON `\\ud800`, a file name that is not
    UTF-8) become U+FFFD, and an id seen before gets a suffix (`a~2`) and a warning naming the first."""
    first: dict[str, str] = {}  # doc_id -> the path that had it first
    for source in sources:
        doc_id, warning = clean(source.doc_id), ""
        if len(doc_id) > MAX_ID_CHARACTERS:
            digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:12]
            doc_id, warning = (
                f"{doc_id[:MAX_ID_CHARACTERS]}~{digest}",
                (f"doc_id of {len(doc_id)} characters cut to its first {MAX_ID_CHARACTERS} and a hash"),
            )
        if doc_id in first:
            number = 2
            while f"{doc_id}~{number}" in first:
                number += 1
            taken = f"doc_id {doc_id!r} was already {clean(first[doc_id])}'s: this article's facts are under {doc_id}~{number}"
            doc_id, warning = f"{doc_id}~{number}", "; ".join(filter(None, [warning, taken]))
        first[doc_id] = source.path
        yield source if doc_id == source.doc_id else replace(source, doc_id=doc_id, warning=warning)


MAX_ID_CHARACTERS = 200  # a longer id (a file name, a record's `id`) is cut, with a hash to keep it unique
STDIN = "-"


class _Prefixed:
    """A stream whose first bytes were already read: `readline` serves them, then the rest of the stream."""

    def __init__(self, prefix: bytes, stream: BinaryIO):
        self.prefix = io.BytesIO(prefix)
        self.stream = stream

    def readline(self, limit: int = -1) -> bytes:
        line = self.prefix.readline(limit)
        if line.endswith(b"\n") or (limit > 0 and len(line) >= limit):
            return line
        return line + self.stream.readline(limit - len(line) if limit > 0 else -1)


class Inputs:
    """What `extract` is given: folders (their `.txt` and `.jsonl` files), single files (`.jsonl` as
    JSON Lines, anything else as one article) and `-`, standard input: JSON Lines when it begins
    with `{`, else one article (doc_id `stdin`). JSON Lines on standard input are read as they come, a
    record at a time, like a file (an endless stream is fine); one article is read whole, up to the limit."""

    def __init__(self, paths: Sequence[Path | str], stdin: BinaryIO | None = None, follow_links: bool = False):
        self.paths = [p if p == STDIN else Path(p) for p in paths]
        self.follow_links = follow_links
        self.skipped: list[str] = []  # what the folders hold that is no article, as they are read
        self._stdin = b""  # the article on standard input, or the first bytes of its JSON Lines
        self._stdin_stream: BinaryIO | None = None  # the rest of those JSON Lines, read as they are extracted
        for path in self.paths:
            if path == STDIN:
                self._read_stdin(stdin or sys.stdin.buffer)
            elif not path.exists():
                raise FileNotFoundError(f"{path}: no such file or folder")

    def _read_stdin(self, stream: BinaryIO) -> None:
        """Read until standard input shows what it is: JSON Lines (a `{` first) stay a stream; else one article."""
        while len(self._stdin) <= MAX_ARTICLE_BYTES:
            more = stream.read1(1 << 16) if hasattr(stream, "read1") else stream.read(1 << 16)
            if not more:
                return
            self._stdin += more
            if self._stdin.strip():
                break
        if self._stdin_is_jsonl():
            self._stdin_stream = stream
        else:
            self._stdin += stream.read(MAX_ARTICLE_BYTES + 1 - len(self._stdin))

    def _stdin_is_jsonl(self) -> bool:
        return self._stdin.lstrip().startswith(b"{")

    def __iter__(self) -> Iterator[Source]:
        for path in self.paths:
            if path == STDIN:
                if self._stdin_is_jsonl():
                    lines = (
                        _Prefixed(self._stdin, self._stdin_stream) if self._stdin_stream else io.BytesIO(self._stdin)
                    )
                    yield from _jsonl_lines(lines, "stdin", "<stdin>")
                elif len(self._stdin) > MAX_ARTICLE_BYTES:
                    yield Source(
                        "stdin",
                        "<stdin>",
                        error=f"standard input: over the {MAX_ARTICLE_BYTES} byte limit for one article",
                    )
                else:
                    yield Source("stdin", "<stdin>", data=self._stdin, size=len(self._stdin))
            elif path.is_dir():
                yield from iter_sources(path, self.follow_links, self.skipped)
            elif path.suffix.lower() == ".jsonl":
                yield from _jsonl_sources(path)
            else:
                yield Source(path.stem, str(path), size=_size(path))

    def count(self) -> int | None:
        """How many articles the inputs hold (a pass over the JSON Lines files, without parsing them); None
        when JSON Lines come on standard input, which is read once, as it is extracted."""
        total = 0
        for path in self.paths:
            if path == STDIN:
                if self._stdin_is_jsonl():
                    return None
                total += 1
            elif path.is_dir():
                for entry in path.iterdir():
                    if entry.suffix.lower() == ".jsonl":
                        total += _count_jsonl(entry)
                    elif entry.suffix.lower() in ARTICLE_SUFFIXES and not entry.is_dir():
                        total += 1
            else:
                total += _count_jsonl(path) if path.suffix.lower() == ".jsonl" else 1
        return total

    def __str__(self) -> str:
        return ", ".join("standard input" if p == STDIN else str(p) for p in self.paths)


def _count_jsonl(path: Path) -> int:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return 1  # one error row
        with path.open("rb") as lines:
            return _count_lines(lines)
    except OSError:
        return 1  # loads as one error row


def _count_lines(lines: BinaryIO) -> int:
    """Non-blank lines, counted a megabyte at a time (a huge record is never held whole)."""
    count, pending = 0, False  # pending: the line not yet ended has text
    while chunk := lines.read(1 << 20):
        *ended, rest = chunk.split(b"\n")
        for part in ended:
            count += pending or bool(part.strip())
            pending = False
        pending = pending or bool(rest.strip())
    return count + pending


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # loads as an error naming the file


def article_from_record(record, where: str, doc_id: str, encoding: str = "utf-8 (JSON)") -> Article:
    """An article given as a record (a JSON Lines object, a table row): `text`, optional `date`."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise ArticleError(f"{where}: an article record is an object with a string `text`")
    text = normalize_newlines(record["text"])
    if not text.strip():
        raise ArticleError(f"{where}: empty text")
    meta = {k: v for k, v in record.items() if k not in ("text", "id")}
    return Article(
        doc_id=doc_id, text=text, path=where, encoding=encoding, meta=meta, warnings=_checked_date(meta, where)
    )
