"""The one corpus writer: Markdown articles with front matter, side tables, Parquet parts.

Ingestion, conversion, the BASIL export and the gold renderer all write corpora
through this module, so front matter, side tables and Parquet parts look the
same whoever wrote them. Every file is written atomically (a temporary file and
a rename) or appended a whole line at a time, and nothing is ever written outside
the corpus folder given: paths are built from slugs and ids, never raw names.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import yaml

from analysis._io import write_bytes_atomic, write_text_atomic
from analysis.corpus.checks import check_id, parse_date
from analysis.corpus.journal import (
    MANIFEST_COLUMNS,
    Journal,
    Lock,
    append_manifest_row,
    append_side_row,
    article_files,
    clean_cell,
    read_manifest,
    rebuilt_row,
    stray_temporary_files,
    write_manifest,
)
from analysis.errors import AnalysisError
from analysis.names import check_name, slug


def front_matter(meta: Mapping[str, object]) -> str:
    """YAML front matter (with its ``---`` lines) for the non-empty fields of ``meta``."""
    fields = {k: v for k, v in meta.items() if v is not None and v != ""}
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n"


def article_markdown(meta: Mapping[str, object], text: str) -> str:
    """One article as a Markdown file: front matter, then the body."""
    return f"{front_matter(meta)}{text.strip()}\n"


def inside(root: Path, path: Path) -> Path:
    """``path`` resolved, if it lies inside ``root``; else an :class:`AnalysisError`."""
    resolved = path.resolve()
    base = root.resolve()
    if resolved != base and base not in resolved.parents:
        raise AnalysisError(f"refusing to write {path}: it is outside {root}")
    return path


def write_table_csv(path: Path, rows: Iterable[Mapping[str, object]], columns: list[str]) -> None:
    """A CSV side table (header, then rows in order), written atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(path, buffer.getvalue())


def read_table_csv(path: Path) -> list[dict]:
    """Rows of a side table this module wrote (an empty list when it does not exist)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def article_table(frame: pd.DataFrame):
    """The articles of a loaded corpus as a pyarrow table (the Parquet part format).

    Dates become ISO text, missing values nulls; ``source`` and ``source_line``
    (where the loader read each article) are left out.
    """
    import pyarrow as pa

    frame = frame.drop(columns=[c for c in ("source", "source_line") if c in frame.columns])
    frame = frame.copy()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%dT%H:%M:%S").where(frame["date"].notna())
    for col in frame.columns:
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return pa.Table.from_pandas(frame, preserve_index=False)


def write_parquet_part(path: Path, frame: pd.DataFrame) -> Path:
    """One Parquet part of articles, written through a temporary file and a rename."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(article_table(frame.reset_index(drop=True)), tmp)
    tmp.replace(path)
    return path


@dataclass
class WriteResult:
    """What a writer did, article by article."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    notes: list[str] = field(default_factory=list)  # repairs of an interrupted run, warnings


class CorpusWriter:
    """Adds articles to a corpus folder without ever losing or corrupting what is there.

    Articles go to ``articles/<slug of event>/<id>.md`` (an article that exists is
    rewritten in place, and only with ``replace``); the raw page to
    ``raw/<id>.html``; ``manifest.csv`` gains a row per article as it is
    written, and ``outlets.csv`` and ``events.csv`` a row per new outlet and event
    before its first article. Each article is one transaction (see
    :mod:`analysis.corpus.journal`): whenever the run stops, the corpus passes
    ``check``, and opening a writer on it again repairs the rest. Only one writer
    at a time can hold a corpus folder. Use it as a context manager, or call
    :meth:`close`.
    """

    def __init__(
        self,
        root: Path,
        replace: bool = False,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        result: WriteResult | None = None,
    ):
        self.root, self.replace, self.clock = Path(root), replace, clock
        self.result = result if result is not None else WriteResult()
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = Lock(self.root)
        self._lock.acquire()
        self._closed = False
        try:
            self.journal = Journal(self.root)
            rows, _, dirty = read_manifest(self.root / "manifest.csv")
            self.manifest = {r["id"]: r for r in rows}
            self.files = article_files(self.root)
            self.listed = {
                key: {str(r.get(key) or "").strip() for r in read_table_csv(self.root / name)}
                for name, key in (("outlets.csv", "outlet"), ("events.csv", "event"))
            }
            self._dirty = dirty
            self._repair()
        except BaseException:
            self._lock.release()
            raise

    # ------------------------------------------------------------------ repair

    def _repair(self) -> None:
        """Finish what an interrupted run left (see :mod:`analysis.corpus.journal`)."""
        strays = stray_temporary_files(self.root)
        for path in strays:
            path.unlink(missing_ok=True)
        if strays:
            self.result.notes.append(
                f"removed {len(strays)} temporary file(s) of an interrupted write"
            )
        recovered = self._reconcile_journal()
        if recovered:
            self.result.notes.append(
                f"{recovered} manifest row(s) recovered from the journal of an interrupted run"
            )
        rebuilt = 0
        raw_dir = self.root / "raw"
        for raw in sorted(raw_dir.glob("*.html")) if raw_dir.is_dir() else []:
            article = self.files.get(raw.stem)
            if raw.stem in self.manifest or article is None:
                continue
            row, meta = rebuilt_row(raw.stem, article, raw)
            self.manifest[raw.stem] = row
            self._list(str(meta.get("outlet", "")), str(meta.get("event", "")))
            rebuilt += 1
        if rebuilt:
            self._dirty = True
            self.result.notes.append(
                f"{rebuilt} manifest row(s) rebuilt from raw pages (an interrupted ingest "
                "left articles without them); their outlets and events are listed"
            )
        if self._dirty:
            write_manifest(self.root / "manifest.csv", self.manifest)
            self._dirty = False
        self.journal.clear()

    def _reconcile_journal(self) -> int:
        """Manifest rows for journalled articles that were written; the count."""
        count = 0
        for entry in self.journal.entries():
            row, rel = entry["row"], str(entry.get("path", ""))
            path = self.root / rel
            if not rel or not path.is_file() or self.manifest.get(row.get("id")) == row:
                continue
            if hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("article_sha256"):
                continue  # the run stopped before this version of the article was written
            self.manifest[row["id"]] = row
            self._list(str(entry.get("outlet", "")), str(entry.get("event", "")))
            self._dirty = True
            count += 1
        return count

    def _list(self, outlet: str, event: str, outlet_name: str = "", event_title: str = "") -> None:
        """Append a new outlet or event to its side table (before any article names it)."""
        for value, key, name, column, label in (
            (outlet, "outlet", "outlets.csv", "name", outlet_name),
            (event, "event", "events.csv", "title", event_title),
        ):
            value = value.strip()
            if value and value not in self.listed[key]:
                append_side_row(
                    self.root / name, {key: value, column: label or value}, [key, column]
                )
                self.listed[key].add(value)

    # ------------------------------------------------------------------ adding

    def exists(self, article_id: str) -> Path | None:
        """The file of the article with this id, if the corpus has one."""
        return self.files.get(article_id)

    def add(
        self,
        source: str,
        meta: dict,
        text: str,
        raw: bytes | None = None,
        extractor: str = "",
        charset: str = "",
        outlet_name: str = "",
    ) -> None:
        """Write one article (and its raw page), unless it exists and replace is off."""
        reason = check_id(meta["id"])
        for key in ("outlet", "event"):
            reason = reason or check_name(str(meta[key]), key)
        if reason:
            self.result.failed.append((source, reason))
            return
        existing = self.files.get(meta["id"])
        if existing is not None and not self.replace:
            self.result.skipped.append(
                (source, f"{existing.relative_to(self.root)} exists (use --replace to overwrite)")
            )
            return
        path = existing or self.root / "articles" / slug(meta["event"]) / f"{meta['id']}.md"
        inside(self.root, path)
        if meta.get("date"):
            try:
                meta["date"] = parse_date(str(meta["date"])).date().isoformat()
            except ValueError:
                meta["date"] = ""
        body = article_markdown(meta, text).encode("utf-8")
        row = {
            "id": meta["id"],
            "url": meta.get("url", ""),
            "retrieved_at": self.clock().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sha256": hashlib.sha256(raw).hexdigest() if raw is not None else "",
            "extractor": extractor if raw is not None else "",
            "charset": charset,
            "source": source,
        }
        row = {k: clean_cell(v) for k, v in row.items()}
        self._list(meta["outlet"], meta["event"], outlet_name)
        self.journal.record(
            {
                "path": path.relative_to(self.root).as_posix(),
                "article_sha256": hashlib.sha256(body).hexdigest(),
                "outlet": meta["outlet"],
                "event": meta["event"],
                "row": row,
            }
        )
        if raw is not None:
            write_bytes_atomic(inside(self.root, self.root / "raw" / f"{meta['id']}.html"), raw)
        write_bytes_atomic(path, body)
        self._append_manifest(row)
        self.manifest[meta["id"]] = row
        self.files[meta["id"]] = path
        (self.result.replaced if existing is not None else self.result.added).append(meta["id"])

    def _append_manifest(self, row: dict) -> None:
        path = self.root / "manifest.csv"
        if not path.exists():
            write_table_csv(path, [], list(MANIFEST_COLUMNS))
        append_manifest_row(path, row)
        self._dirty = True

    def close(self) -> WriteResult:
        """Compact the manifest (one atomic rewrite), drop the journal, release the lock."""
        if self._closed:
            return self.result
        self._closed = True
        try:
            self._reconcile_journal()
            if self._dirty:
                write_manifest(self.root / "manifest.csv", self.manifest)
            self.journal.clear()
        except OSError as exc:  # e.g. a full disk: the journal stays, the next run repairs
            self.result.notes.append(
                f"manifest.csv was not compacted ({exc.strerror or exc}); every row is in it "
                "or in the journal, and the next ingest into this folder finishes the job"
            )
        finally:
            self._lock.release()
        return self.result

    def __enter__(self) -> CorpusWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
