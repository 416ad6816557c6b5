"""The Dask engine: score a partitioned Parquet corpus on a cluster.

``python -m analysis score CORPUS --out DIR --engine dask [--scheduler ADDRESS]
[--workers N]`` scores each partition as one Dask task: with no address on a
local cluster of N single-threaded worker processes, with an address on any
running scheduler. Each task writes ``DIR/articles/<part>.parquet`` and
``DIR/spans/<part>.parquet`` through temporary files, then a marker in
``DIR/_done/``; a partition with a marker is not recomputed, so a run that dies
halfway resumes where it stopped, and a partition is never written half. The
outlet × event aggregates (``outlet_event.csv``) come from the articles
partitions only: spans are never loaded into one process.

Every worker needs this package and its pinned dependencies installed (``pip
install -c requirements.lock .`` in the workers' environment) and read access to
the corpus path.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis._io import write_text_atomic
from analysis.corpus import load_corpus
from analysis.errors import RunError


def partitions(corpus_path: Path) -> list[Path]:
    """The Parquet part files of a partitioned corpus (empty for other layouts)."""
    folder = corpus_path / "articles"
    parts = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    return [p for p in parts if not p.name.startswith(".")]


def validate_partitions(corpus_path: Path) -> None:
    """Check every partition's keys without reading any text (bounded memory).

    Required columns, ids (syntax, and duplicates across partitions), and outlets
    and events against the side tables, which are read and checked by the one
    side-table reader (:func:`analysis.corpus.read_side_table`); the text of each
    partition is checked by the worker that scores it.
    """
    from analysis.corpus import (
        SIDE_TABLES,
        CorpusError,
        CorpusFiles,
        Problem,
        check_id,
        missing_columns,
        read_side_table,
        safe_problems,
    )
    from analysis.schema import REQUIRED_FIELDS

    problems: list[Problem] = []
    seen: dict[str, str] = {}
    files = CorpusFiles(corpus_path)
    tables = {
        name: read_side_table(corpus_path, name, key, problems, files)
        for name, key in SIDE_TABLES.items()
    }
    known = {
        key: set(tables[name][key].tolist())
        for name, key in (("outlets.csv", "outlet"), ("events.csv", "event"))
        if tables[name].attrs.get("read")
    }
    for part in partitions(corpus_path):
        rel = f"articles/{part.name}"
        try:
            problem = missing_columns(rel, REQUIRED_FIELDS, pq.read_schema(part).names)
            keys = [] if problem else pq.read_table(part, columns=["id", "outlet", "event"])
        except Exception as exc:  # pyarrow raises several types for unreadable files
            problems.append(Problem(rel, None, None, f"not a readable Parquet file: {exc}"))
            continue
        if problem:
            problems.append(problem)
            continue
        keys = keys.to_pylist()
        for row_number, row in enumerate(keys, start=1):
            aid = str(row["id"])
            reason = check_id(aid)
            if reason:
                problems.append(Problem(rel, row_number, "id", reason, "row"))
            elif aid in seen:
                problems.append(
                    Problem(
                        rel,
                        row_number,
                        "id",
                        f"duplicate id {aid!r} (first used in {seen[aid]})",
                        "row",
                    )
                )
            else:
                seen[aid] = rel
            for key, values in known.items():
                if row[key] not in values:
                    problems.append(
                        Problem(
                            rel,
                            row_number,
                            key,
                            f"{key} {row[key]!r} is not listed in {key}s.csv",
                            "row",
                        )
                    )
    if problems:
        raise CorpusError(safe_problems(problems), corpus_path)


def score_partition(
    part: str, corpus_path: str, out_dir: str, lexicons: tuple[str, ...], tone: bool
) -> dict:
    """Score one partition on a worker; write its articles and spans atomically."""
    from analysis.pipeline.annotate import Options, articles_frame, iter_scores
    from analysis.schema import SPAN_COLUMNS, span_rows

    start = time.perf_counter()
    root = Path(corpus_path)
    # Only this partition is read (and validated, with its file named in any message);
    # the side tables come from the corpus folder.
    sub = load_corpus(root / "articles" / part)
    sub.name = root.name
    for name, attr in (
        ("speakers.csv", "speakers"),
        ("events.csv", "events"),
        ("outlets.csv", "outlets"),
    ):
        if (root / name).exists():
            setattr(sub, attr, pd.read_csv(root / name, dtype="string", keep_default_na=False))
    if "event" not in sub.speakers.columns:
        sub.speakers["event"] = ""
    rows, spans = [], []
    for metrics, found in iter_scores(sub, Options(lexicons=lexicons, tone=tone), progress=False):
        rows.append(metrics)
        spans.extend(span_rows(found))
    out = Path(out_dir)
    stem = Path(part).stem
    articles = articles_frame(rows)
    span_frame = pd.DataFrame(spans, columns=list(SPAN_COLUMNS))
    import psutil

    # Memory this worker holds now, with the partition's texts, spans and tables alive:
    # unique set size, so pages shared with the parent process are not counted.
    memory_mib = psutil.Process().memory_full_info().uss / 2**20
    for name, frame in (("articles", articles), ("spans", span_frame)):
        path = out / name / f"{stem}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
        tmp.replace(path)
    marker = {
        "articles": len(articles),
        "spans": len(span_frame),
        "words": int(articles["words"].sum()) if len(articles) else 0,
        "seconds": round(time.perf_counter() - start, 3),
        "worker_memory_mib": round(memory_mib, 1),
    }
    write_text_atomic(out / "_done" / f"{stem}.json", json.dumps(marker) + "\n")
    return {"part": part, **marker}


def _client(scheduler: str | None, workers: int):
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="5s"), None
        except (OSError, TimeoutError) as exc:
            raise RunError(
                f"no Dask scheduler answered at {scheduler} within 5 s ({exc}); "
                "start one with `dask scheduler` or leave out --scheduler for a "
                "local cluster"
            ) from None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=40,
    )
    return Client(cluster), cluster


def score_dask(
    corpus_path: str | Path,
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    lexicons: Iterable[str] = ("loaded",),
    tone: bool = False,
    progress: bool | None = None,
    resamples: int = 2000,
    seed: int = 0,
) -> dict:
    """Score a partitioned corpus with Dask; return a summary of the run."""
    from distributed import as_completed

    from analysis.compare.rates import rate_table

    corpus_path = Path(corpus_path).resolve()
    parts = partitions(corpus_path)
    if not parts:
        raise RunError(
            f"{corpus_path} is not a partitioned Parquet corpus; convert it first: "
            f"python -m analysis convert {corpus_path} OUT --to parquet"
        )
    validate_partitions(corpus_path)  # ids, outlets, events of every part; no text read
    out = Path(out_dir).resolve()
    done = {p.stem for p in (out / "_done").glob("*.json")} if (out / "_done").exists() else set()
    todo = [p for p in parts if p.stem not in done]
    client, cluster = _client(scheduler, workers)
    results = []
    try:
        futures = {
            client.submit(
                score_partition,
                p.name,
                str(corpus_path),
                str(out),
                tuple(lexicons),
                tone,
                pure=False,
                retries=1,
            ): p.name
            for p in todo
        }
        iterator = as_completed(futures)
        if progress is not False and todo:
            from tqdm import tqdm

            iterator = tqdm(
                iterator,
                total=len(todo),
                unit="partition",
                file=sys.stderr,
                disable=None if progress is None else not progress,
            )
        for future in iterator:
            try:
                results.append(future.result())
            except Exception as exc:
                raise RunError(
                    f"partition {futures[future]} failed: {type(exc).__name__}: "
                    f"{exc}; finished partitions are kept, run again to resume"
                ) from None
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    articles = pd.concat(
        [pd.read_parquet(p) for p in sorted((out / "articles").glob("*.parquet"))],
        ignore_index=True,
    )
    table = rate_table(articles, resamples=resamples, seed=seed)
    write_text_atomic(
        out / "outlet_event.csv",
        table.to_csv(index=False, lineterminator="\n", float_format="%.6g"),
    )
    return {
        "partitions": len(parts),
        "computed": len(results),
        "resumed": len(parts) - len(todo),
        "articles": len(articles),
    }


def read_outputs(out_dir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Dask engine's articles and spans, in corpus order (event, outlet, id)."""
    out = Path(out_dir)
    articles = pd.concat(
        [pd.read_parquet(p) for p in sorted((out / "articles").glob("*.parquet"))],
        ignore_index=True,
    )
    spans = pd.concat(
        [pd.read_parquet(p) for p in sorted((out / "spans").glob("*.parquet"))], ignore_index=True
    )
    return articles, spans
