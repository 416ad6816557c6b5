"""The Dask engine: score a partitioned Parquet corpus on a cluster, into a scored run.

``python -m analysis score CORPUS --out DIR --engine dask [--scheduler ADDRESS]
[--workers N]`` scores each partition as one Dask task: with no address on a
local cluster of N single-threaded worker processes, with an address on any
running scheduler. Each task reads only its partition, scores it, and stages its
part of the run (:mod:`analysis.pipeline.run`): the same tables the in-process
engine writes, through the same code. When every part is staged, the client
commits the run. A part staged by an earlier, interrupted attempt is reused only
if the fingerprint of its partition, of the side tables and of the options is
unchanged; changed or added partitions are scored again and parts of deleted
partitions are dropped.

Every worker needs this package and its pinned dependencies installed (``pip
install -c requirements.lock .`` in the workers' environment) and read access to
the corpus path.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pyarrow.parquet as pq

from analysis.corpus import load_corpus
from analysis.corpus.load import load_side_tables, partitioned_header
from analysis.errors import RunError
from analysis.pipeline.annotate import Options, iter_scores
from analysis.pipeline.run import (
    STAGING,
    Run,
    RunWriter,
    input_key,
    part_tables,
    stage_part,
    text_rows,
)

CONNECT_SECONDS = 5.0


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


def score_partition(part: str, corpus_path: str, staging: str, options: Options, key: str) -> dict:
    """Score one partition on a worker and stage its part of the run."""
    import psutil

    start = time.perf_counter()
    root = Path(corpus_path)
    # Only this partition is read (and validated, with its file named in any message);
    # the side tables come from the corpus folder, through the one side-table reader.
    sub = load_corpus(root / "articles" / part)
    tables = load_side_tables(root)
    sub.outlets, sub.events, sub.speakers = (
        tables["outlets.csv"],
        tables["events.csv"],
        tables["speakers.csv"],
    )
    results = list(iter_scores(sub, options, progress=False))
    meta = sub.articles.set_index("id")
    part_frames = part_tables(results, text_rows(meta, results))
    # Memory this worker holds now, with the partition's texts, spans and tables alive:
    # unique set size, so pages shared with the parent process are not counted.
    memory_mib = psutil.Process().memory_full_info().uss / 2**20
    marker = stage_part(Path(staging), Path(part).stem, key, part_frames)
    return {
        "part": part,
        **marker,
        "seconds": round(time.perf_counter() - start, 3),
        "worker_memory_mib": round(memory_mib, 1),
    }


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_scheduler(address: str) -> None:
    """Fail in seconds on an address that is malformed or answers nothing."""
    parsed = urllib.parse.urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parsed.hostname, parsed.port
    except ValueError:
        host = port = None
    if not host or not port:
        raise RunError(
            f"--scheduler {address!r} is not a scheduler address; give one like tcp://10.0.0.5:8786"
        )
    try:
        with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
            pass
    except OSError as exc:
        raise RunError(
            f"no Dask scheduler answered at {address} within {CONNECT_SECONDS:g} s "
            f"({exc.strerror or exc}); start one with `dask scheduler` or leave out "
            "--scheduler for a local cluster"
        ) from None


def _connect(address: str):
    """A client for a running scheduler, or a plain error within a bounded time."""
    from distributed import Client

    _check_scheduler(address)
    box: dict = {}

    def attempt() -> None:
        try:
            box["client"] = Client(address, timeout=f"{CONNECT_SECONDS:g}s")
        except Exception as exc:  # distributed raises several types for a bad peer
            box["error"] = exc

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(3 * CONNECT_SECONDS)
    if "client" in box:
        return box["client"]
    reason = box.get("error") or "it accepted the connection but did not speak Dask"
    raise RunError(
        f"no Dask scheduler answered at {address} within {3 * CONNECT_SECONDS:g} s "
        f"({reason}); start one with `dask scheduler` or leave out --scheduler for a "
        "local cluster"
    )


def _client(scheduler: str | None, workers: int):
    from distributed import Client, LocalCluster

    if scheduler:
        return _connect(scheduler), None
    if workers < 1:
        raise RunError(f"--workers {workers}: a local cluster needs at least one worker")
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
    options: Options = Options(),
    progress: bool | None = None,
    csv: bool | None = None,
) -> tuple[Run, dict]:
    """Score a partitioned corpus with Dask into a scored run; return it and a summary."""
    from analysis import __version__

    corpus_path = Path(corpus_path).resolve()
    parts = partitions(corpus_path)
    if not parts:
        raise RunError(
            f"{corpus_path} is not a partitioned Parquet corpus; convert it first: "
            f"python -m analysis convert {corpus_path} OUT --to parquet"
        )
    if scheduler is None and workers < 1:
        raise RunError(f"--workers {workers}: a local cluster needs at least one worker")
    validate_partitions(corpus_path)  # ids, outlets, events of every part; no text read
    header = partitioned_header(corpus_path, parts)
    description = options.describe()
    side_digest = input_key(
        *(
            _file_digest(corpus_path / rel)
            for rel in header.files
            if not rel.startswith("articles/")
        )
    )
    settings = json.dumps(description, sort_keys=True) + __version__
    with RunWriter(out_dir, header, description) as writer:
        keys = {p.stem: input_key(_file_digest(p), side_digest, settings) for p in parts}
        done = writer.done_parts()
        keep = [stem for stem, key in keys.items() if done.get(stem) == key]
        writer.forget_parts(keep)
        todo = [p for p in parts if p.stem not in keep]
        results = _run_tasks(
            todo, corpus_path, writer.out / STAGING, options, keys, scheduler, workers, progress
        )
        run = writer.finish("dask", [p.stem for p in parts], csv)
    return run, {
        "partitions": len(parts),
        "computed": len(results),
        "resumed": len(parts) - len(todo),
        "articles": run.meta["articles"],
    }


def _run_tasks(todo, corpus_path, staging, options, keys, scheduler, workers, progress) -> list:
    from distributed import as_completed

    if not todo:
        return []
    client, cluster = _client(scheduler, workers)
    results = []
    try:
        futures = {
            client.submit(
                score_partition,
                p.name,
                str(corpus_path),
                str(staging),
                options,
                keys[p.stem],
                pure=False,
                retries=1,
            ): p.name
            for p in todo
        }
        iterator = as_completed(futures)
        if progress is not False:
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
    return results
