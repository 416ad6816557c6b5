"""Convert a corpus to partitioned Parquet, or any corpus back to Markdown.

``python -m analysis convert SRC DST --to parquet [--partition-by outlet|event|month]``
writes ``DST/articles/part-<key>.parquet`` (one file per partition) and copies the
side tables; ``--to markdown`` turns any corpus back into Markdown files. Nothing
is lost either way (tested). The source corpus is never modified.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from analysis._io import write_text_atomic
from analysis.corpus.load import load_corpus
from analysis.corpus.sides import SIDE_TABLES
from analysis.corpus.write import article_markdown, write_parquet_part
from analysis.errors import RunError
from analysis.names import slug
from analysis.schema import ARTICLE_COLUMNS


def _partition_key(frame: pd.DataFrame, by: str) -> pd.Series:
    if by == "month":
        return frame["date"].dt.strftime("%Y-%m").fillna("undated")
    return frame[by].astype(str)


def _safe(key: str) -> str:
    return slug(key)  # never a hidden folder (".x"), never a path (a/b)


def convert(
    src: str | Path, dst: str | Path, to: str = "parquet", partition_by: str = "outlet"
) -> Path:
    """Convert a corpus to partitioned Parquet or to Markdown (never in place)."""
    corpus = load_corpus(src)
    dst = Path(dst)
    if dst.exists() and any(dst.iterdir()):
        raise RunError(f"{dst} exists and is not empty; choose a new folder")
    if partition_by not in ("outlet", "event", "month"):
        raise RunError(f"--partition-by {partition_by!r}: use outlet, event or month")
    arts = corpus.articles
    if to == "parquet":
        for key, part in arts.groupby(_partition_key(arts, partition_by), sort=True):
            write_parquet_part(dst / "articles" / f"part-{_safe(str(key))}.parquet", part)
    elif to == "markdown":
        for row in arts.to_dict("records"):
            meta = {
                k: row.get(k) for k in ARTICLE_COLUMNS if k not in ("text", "source", "source_line")
            }
            meta.update({k: v for k, v in row.items() if k not in ARTICLE_COLUMNS})
            if meta.get("date") is not None and not pd.isna(meta["date"]):
                meta["date"] = meta["date"].isoformat()
            meta = {k: str(v) for k, v in meta.items() if v is not None and not pd.isna(v)}
            write_text_atomic(
                dst / "articles" / _safe(row["event"]) / f"{row['id']}.md",
                article_markdown(meta, row["text"]),
            )
    else:
        raise RunError(f"--to {to!r}: use parquet or markdown")
    source_root = corpus.path if corpus.path.is_dir() else corpus.path.parent
    for name in SIDE_TABLES:
        if (source_root / name).exists():
            dst.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_root / name, dst / name)
    return dst
