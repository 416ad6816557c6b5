"""What keeps a corpus consistent while articles are added: a lock, a journal, repair.

:class:`~analysis.corpus.write.CorpusWriter` adds each article as one small
transaction, in an order chosen so that stopping at any instant (Ctrl-C, kill -9,
a full disk) leaves a corpus that ``check`` accepts and the next run completes:

1. a new outlet or event is **appended** to ``outlets.csv`` / ``events.csv``
   first (one write of one line; the rows already there are never rewritten), so
   no article on disk ever names an outlet or event its side table lacks;
2. the article's manifest row is appended to the **journal**
   (``.ingest-journal.jsonl``), an intent record;
3. the raw page and then the article are written atomically (temporary file,
   rename);
4. the manifest row is appended to ``manifest.csv``.

Opening a writer takes a lock (a second ingest into the same folder is refused)
and **repairs** what an interrupted run left: journal intents whose article was
written gain their manifest row; articles that have a raw page under ``raw/`` but
no manifest row (left by a crash of an older version, which wrote the manifest
only at the end) get one rebuilt from the raw page, and their outlets and events
are added to the side tables; a torn last manifest line and stray temporary files
are removed. Closing compacts ``manifest.csv`` (one row per id, sorted) with one
atomic rewrite and deletes the journal.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import yaml

from analysis._io import write_text_atomic
from analysis.errors import AnalysisError, Problem

MANIFEST_COLUMNS = ("id", "url", "retrieved_at", "sha256", "extractor", "charset", "source")
JOURNAL_NAME = ".ingest-journal.jsonl"
LOCK_NAME = ".ingest.lock"
REBUILT = "rebuilt from raw/{id}.html after an interrupted ingest"

try:  # POSIX; elsewhere the lock is skipped (one ingest at a time is then up to you)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class CorpusLocked(AnalysisError):
    """Another process is adding articles to the same corpus folder."""


def clean_cell(value: object) -> str:
    """A manifest cell on one line (a row is then exactly one line of the file)."""
    return " ".join(str(value if value is not None else "").split())


def _csv_line(values: Iterable[object], newline: str = "\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerow(list(values))
    return buffer.getvalue()


def _append(path: Path, data: str, sync: bool = False) -> None:
    """Append whole lines with ``O_APPEND``: a kill cannot leave half of one write.

    A last line left torn by a full disk is ended first, so the new line is whole.
    """
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size:
            os.lseek(fd, size - 1, os.SEEK_SET)  # reads are positioned; writes still append
            if os.read(fd, 1) != b"\n":
                data = "\n" + data
        view = memoryview(data.encode("utf-8"))
        while view:  # a short write (full disk) continues until it raises ENOSPC
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- lock


class Lock:
    """An exclusive lock on a corpus folder for the life of one writer."""

    def __init__(self, root: Path):
        self.path = root / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`CorpusLocked` naming the process holding it."""
        if fcntl is None:  # pragma: no cover
            return
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 100).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise CorpusLocked(
                    f"another ingest (process {holder}) is adding articles to "
                    f"{self.path.parent}; wait for it to finish, then run this again"
                ) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a lock file that its previous holder just removed
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode("ascii"))
                self._fd = fd
                return
            os.close(fd)
        raise CorpusLocked(f"could not lock {self.path}")  # pragma: no cover

    def release(self) -> None:
        """Remove the lock file and release the lock."""
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self._fd)  # closing releases the lock
        self._fd = None


# --------------------------------------------------------------------------- manifest


def read_manifest(path: Path) -> tuple[list[dict], list[str], bool]:
    """Rows of ``manifest.csv``, its header, and whether it needs a rewrite.

    A torn last line (a run killed during an append) and rows with the wrong
    number of fields are dropped, and then a rewrite is needed; so is a header
    from an older version (without the newer columns).
    """
    if not path.exists():
        return [], list(MANIFEST_COLUMNS), False
    raw = path.read_bytes()
    dirty = False
    if raw and not raw.endswith(b"\n"):
        raw = raw[: raw.rfind(b"\n") + 1]
        dirty = True
    text = raw.decode("utf-8-sig", errors="replace")
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if not lines:
        return [], list(MANIFEST_COLUMNS), True
    header, rows = lines[0], []
    for cells in lines[1:]:
        if len(cells) != len(header):
            dirty = True
            continue
        rows.append(dict(zip(header, cells, strict=True)))
    if tuple(header) != MANIFEST_COLUMNS:
        dirty = True
    return rows, header, dirty


def write_manifest(path: Path, rows: Mapping[str, dict]) -> None:
    """The compact manifest: one row per id (the latest), sorted by id, atomically."""
    lines = [_csv_line(MANIFEST_COLUMNS)] + [_manifest_line(rows[k]) for k in sorted(rows)]
    write_text_atomic(path, "".join(lines))


def _manifest_line(row: Mapping[str, object]) -> str:
    return _csv_line(clean_cell(row.get(c, "")) for c in MANIFEST_COLUMNS)


def append_manifest_row(path: Path, row: Mapping[str, object]) -> None:
    """One row at the end of ``manifest.csv`` (the file and its header exist)."""
    _append(path, _manifest_line(row))


# --------------------------------------------------------------------------- side tables


def append_side_row(path: Path, row: Mapping[str, str], first: list[str]) -> None:
    """Add one row to a side table, leaving every byte already there as it was.

    A table that does not exist is created with the ``first`` columns. The new
    row follows the file's own header (columns it lacks are left out) and line
    ending.
    """
    if not path.exists() or path.stat().st_size == 0:
        columns = first + sorted(set(row) - set(first))
        write_text_atomic(path, _csv_line(columns) + _csv_line(row.get(c, "") for c in columns))
        return
    data = path.read_bytes()
    text = data.decode("utf-8-sig", errors="replace")
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    newline = "\r\n" if b"\r\n" in data[: data.find(b"\n") + 1] else "\n"
    _append(path, _csv_line((row.get(c.strip(), "") for c in header), newline), sync=True)


# --------------------------------------------------------------------------- journal


class Journal:
    """Intent records of the articles a run is writing (``.ingest-journal.jsonl``)."""

    def __init__(self, root: Path):
        self.path = root / JOURNAL_NAME

    def record(self, entry: Mapping[str, object]) -> None:
        """Append one intent record (one line, one write)."""
        _append(self.path, json.dumps(entry, ensure_ascii=False) + "\n")

    def entries(self) -> list[dict]:
        """Every complete record (a torn last line is ignored)."""
        if not self.path.exists():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                entry = json.loads(line)
                if isinstance(entry, dict) and isinstance(entry.get("row"), dict):
                    out.append(entry)
        return out

    def clear(self) -> None:
        """Delete the journal (every intent in it is settled)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


# --------------------------------------------------------------------------- repair


_ID_LINE = re.compile(r"^id:[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def _front_matter_id(path: Path) -> str | None:
    """The ``id`` in a Markdown article's front matter (read from its first 8 KB)."""
    with path.open("rb") as fh:
        head = fh.read(8192).decode("utf-8", errors="replace")
    if not head.lstrip("\ufeff").startswith("---"):
        return None
    end = re.search(r"^(---|\.\.\.)[ \t]*$", head[3:], re.MULTILINE)
    found = _ID_LINE.search(head[3 : 3 + end.start()] if end else head)
    if not found:
        return None
    try:
        value = yaml.load(found.group(1), Loader=yaml.BaseLoader)  # noqa: S506 (BaseLoader)
    except yaml.YAMLError:
        return None
    return value if isinstance(value, str) and value else None


def article_files(root: Path) -> dict[str, Path]:
    """Article files under ``articles/`` by the id in their front matter (hidden skipped).

    The id, not the file name: the demo corpus and BASIL exports name files by
    outlet (``articles/<event>/<outlet>.md``), so two files share a stem.
    """
    base = root / "articles"
    found: dict[str, Path] = {}
    if not base.is_dir():
        return found
    for path in sorted(base.rglob("*.md")):
        rel = path.relative_to(base).parts
        if path.is_file() and not any(part.startswith(".") for part in rel):
            found.setdefault(_front_matter_id(path) or path.stem, path)
    return found


def stray_temporary_files(root: Path) -> list[Path]:
    """Temporary files an atomic write left when its process was killed."""
    out = []
    for base in (root, root / "articles", root / "raw"):
        if not base.is_dir():
            continue
        pattern = "**/.*.tmp" if base.name in ("articles", "raw") else ".*.tmp"
        out += [p for p in base.glob(pattern) if p.is_file()]
    return out


def rebuilt_row(article_id: str, article: Path, raw: Path) -> tuple[dict, dict]:
    """A manifest row rebuilt from a raw page and its article, and the article's fields."""
    from analysis.corpus.readers import read_markdown

    problems: list[Problem] = []
    meta = read_markdown(article, article.name, problems) or {}
    stamp = datetime.fromtimestamp(raw.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    row = {
        "id": article_id,
        "url": str(meta.get("url", "")),
        "retrieved_at": stamp,
        "sha256": hashlib.sha256(raw.read_bytes()).hexdigest(),
        "extractor": "",
        "charset": "",
        "source": REBUILT.format(id=article_id),
    }
    return row, meta
