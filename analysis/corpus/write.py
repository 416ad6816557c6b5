"""The one corpus writer: Markdown articles with front matter, side tables, Parquet parts.

Ingestion, conversion, the BASIL export and the gold renderer all write corpora
through this module, so front matter, side tables and Parquet parts look the
same whoever wrote them. Every file is written atomically (a temporary file and
a rename), and nothing is ever written outside the corpus folder given.
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
from analysis.errors import AnalysisError

MANIFEST_COLUMNS = ("id", "url", "retrieved_at", "sha256", "extractor", "source")


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


class CorpusWriter:
    """Adds articles to a corpus folder without ever losing what is there.

    Articles go to ``articles/<event>/<id>.md``; ``manifest.csv`` records where
    each came from; ``outlets.csv`` and ``events.csv`` gain a row for every new
    outlet and event when :meth:`close` is called.
    """

    def __init__(
        self,
        root: Path,
        replace: bool = False,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        result: WriteResult | None = None,
    ):
        self.root, self.replace, self.clock = root, replace, clock
        self.result = result if result is not None else WriteResult()
        self.manifest = {r["id"]: r for r in read_table_csv(root / "manifest.csv")}
        self.outlets = read_table_csv(root / "outlets.csv")
        self.events = read_table_csv(root / "events.csv")

    def add(
        self,
        source: str,
        meta: dict,
        text: str,
        raw: bytes | None = None,
        extractor: str = "",
    ) -> None:
        """Write one article (and its raw page), unless it exists and replace is off."""
        reason = check_id(meta["id"])
        if reason:
            self.result.failed.append((source, reason))
            return
        path = inside(self.root, self.root / "articles" / meta["event"] / f"{meta['id']}.md")
        existed = path.exists()
        if existed and not self.replace:
            self.result.skipped.append(
                (source, f"{path.relative_to(self.root)} exists (use --replace to overwrite)")
            )
            return
        if meta.get("date"):
            try:
                meta["date"] = parse_date(str(meta["date"])).date().isoformat()
            except ValueError:
                meta["date"] = ""
        write_text_atomic(path, article_markdown(meta, text))
        digest = ""
        if raw is not None:
            write_bytes_atomic(self.root / "raw" / f"{meta['id']}.html", raw)
            digest = hashlib.sha256(raw).hexdigest()
        self.manifest[meta["id"]] = {
            "id": meta["id"],
            "url": meta.get("url", ""),
            "retrieved_at": self.clock().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sha256": digest,
            "extractor": extractor if raw is not None else "",
            "source": source,
        }
        for table, key in ((self.outlets, "outlet"), (self.events, "event")):
            if not any(r.get(key) == meta[key] for r in table):
                table.append({key: meta[key], "name" if key == "outlet" else "title": meta[key]})
        (self.result.replaced if existed else self.result.added).append(meta["id"])

    def close(self) -> WriteResult:
        """Write the manifest and side tables (atomically) and return the result."""
        rows = sorted(self.manifest.values(), key=lambda r: r["id"])
        write_table_csv(self.root / "manifest.csv", rows, list(MANIFEST_COLUMNS))
        for table, name, first in (
            (self.outlets, "outlets.csv", ["outlet", "name"]),
            (self.events, "events.csv", ["event", "title"]),
        ):
            columns = first + sorted({k for r in table for k in r} - set(first))
            write_table_csv(self.root / name, table, columns)
        return self.result
