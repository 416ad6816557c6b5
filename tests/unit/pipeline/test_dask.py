"""Partitioned Parquet and the Dask engine: lossless conversion, the same run, keyed resume."""

from __future__ import annotations

import random
import socket
import time

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import CorpusError, load_corpus
from analysis.corpus.convert import convert
from analysis.paths import DEMO_CORPUS
from analysis.pipeline import Options
from analysis.pipeline.dask import score_dask
from analysis.pipeline.run import STAGING, TABLES, read_run, write_run
from tests.helpers import run_cli

FIELDS = ["id", "outlet", "event", "title", "date", "url", "author", "text"]


def test_markdown_to_parquet_and_back_loses_nothing(tmp_path):
    parquet = convert(DEMO_CORPUS, tmp_path / "pq", to="parquet", partition_by="outlet")
    assert len(list((parquet / "articles").glob("part-*.parquet"))) == 7
    back = convert(parquet, tmp_path / "md", to="markdown")
    original = load_corpus(DEMO_CORPUS).articles.sort_values("id").reset_index(drop=True)
    for path in (parquet, back):
        again = load_corpus(path).articles.sort_values("id").reset_index(drop=True)
        for col in FIELDS:
            assert again[col].tolist() == original[col].tolist(), (path.name, col)
    assert (back / "speakers.csv").read_bytes() == (DEMO_CORPUS / "speakers.csv").read_bytes()


def test_parquet_parts_get_the_loaders_messages(tmp_path):
    parquet = convert(DEMO_CORPUS, tmp_path / "pq", partition_by="event")
    bad = parquet / "articles" / "part-port-strike.parquet"
    table = pq.read_table(bad)
    pq.write_table(table.drop(["text"]), bad)
    odd = parquet / "articles" / "part-grid-blackout.parquet"
    frame = pq.read_table(odd).to_pandas()
    frame["outlet"] = [["a", "b"]] * len(frame)
    pq.write_table(pa.Table.from_pandas(frame), odd)
    with pytest.raises(CorpusError) as info:
        load_corpus(parquet)
    text = str(info.value)
    assert "articles/part-port-strike.parquet: missing required column 'text'" in text
    assert (
        "articles/part-grid-blackout.parquet, row 1, field 'outlet': must be a single text value"
    ) in text


def _generated_corpus(tmp_path, n=2000, seed=0):
    """A corpus of ``n`` articles recombined from the demo's paragraphs."""
    demo = load_corpus(DEMO_CORPUS).articles
    paragraphs = [p for t in demo["text"] for p in t.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        text = "\n\n".join(rng.sample(paragraphs, 6))
        rows.append(
            {
                "id": f"g{i:05d}",
                "outlet": f"outlet-{i % 5}",
                "event": f"event-{i % 7}",
                "date": f"2026-0{1 + i % 9}-15",
                "text": text,
            }
        )
    path = tmp_path / "generated.parquet"
    pd.DataFrame(rows).to_parquet(path, index=False)
    return convert(path, tmp_path / "gen", partition_by="month")


def _same(local, dask_run):
    """The two runs read back identically: articles, spans and texts, in the same order."""
    pd.testing.assert_frame_equal(local.articles, dask_run.articles)
    pd.testing.assert_frame_equal(local.spans(), dask_run.spans())
    pd.testing.assert_frame_equal(local.texts(), dask_run.texts())
    assert local.fingerprint == dask_run.fingerprint


@pytest.mark.slow
def test_dask_engine_writes_the_same_run_and_resumes_by_key(tmp_path):
    parquet = convert(DEMO_CORPUS, tmp_path / "pq")
    local = write_run(load_corpus(parquet), tmp_path / "local", progress=False)
    run, summary = score_dask(parquet, tmp_path / "out", workers=2, progress=False)
    assert summary == {"partitions": 7, "computed": 7, "resumed": 0, "articles": 20}
    _same(local, run)
    assert run.meta["engine"] == "dask" and local.meta["engine"] == "local"
    # Unchanged partitions are reused; a changed one is scored again.
    again, summary = score_dask(parquet, tmp_path / "out", workers=1, progress=False)
    assert (summary["computed"], summary["resumed"]) == (0, 7)
    part = parquet / "articles" / "part-meridian-wire.parquet"
    frame = pq.read_table(part).to_pandas()
    frame.loc[0, "text"] = frame.loc[0, "text"] + " Critics say the plan may fail."
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), part)
    changed, summary = score_dask(parquet, tmp_path / "out", workers=1, progress=False)
    assert (summary["computed"], summary["resumed"]) == (1, 6)
    _same(write_run(load_corpus(parquet), tmp_path / "local2", progress=False), changed)
    # A deleted partition leaves the run; other options (tone) score everything again.
    part.unlink()
    fewer, summary = score_dask(parquet, tmp_path / "out", workers=1, progress=False)
    assert summary["partitions"] == 6 and fewer.meta["articles"] == 16
    assert not (tmp_path / "out" / "articles" / "part-meridian-wire.parquet").exists()
    toned, summary = score_dask(
        parquet, tmp_path / "out", workers=1, progress=False, options=Options(tone=True)
    )
    assert summary["computed"] == 6 and (toned.spans()["kind"] == "tone").any()


@pytest.mark.slow
def test_an_interrupted_dask_run_resumes_from_its_staged_parts(tmp_path):
    parquet = convert(DEMO_CORPUS, tmp_path / "pq")
    score_dask(parquet, tmp_path / "out", workers=1, progress=False)
    # Simulate a crash before the commit: staged parts of an earlier attempt, no run.json.
    out = tmp_path / "out"
    staging = out / STAGING
    for table in TABLES:
        (staging / table).mkdir(parents=True)
        for path in (out / table).glob("*.parquet"):
            path.rename(staging / table / path.name)
    (staging / "_parts").mkdir()
    run_json = out / "run.json"
    import json

    meta = json.loads(run_json.read_text())
    for part in meta["parts"][:2]:  # two of seven parts had finished
        marker = {k: part[k] for k in ("key", "articles", "spans", "words")}
        (staging / "_parts" / f"{part['name']}.json").write_text(json.dumps(marker))
    (staging / "run-key.json").write_text(
        json.dumps(
            {
                "format": meta["format"],
                "software_version": meta["software_version"],
                "options": meta["options"],
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )
    run_json.unlink()
    with pytest.raises(Exception, match="not finished"):
        read_run(out)
    run, summary = score_dask(parquet, out, workers=1, progress=False)
    assert (summary["computed"], summary["resumed"]) == (5, 2)
    _same(write_run(load_corpus(parquet), tmp_path / "local", progress=False), run)


@pytest.mark.slow
def test_dask_engine_on_a_generated_corpus_of_two_thousand_articles(tmp_path):
    corpus = _generated_corpus(tmp_path)
    run, _ = score_dask(corpus, tmp_path / "out", workers=2, progress=False)
    _same(write_run(load_corpus(corpus), tmp_path / "local", progress=False), run)


def test_unreachable_scheduler_fails_fast_and_plainly(tmp_path):
    parquet = convert(DEMO_CORPUS, tmp_path / "pq")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    result = run_cli(
        "score",
        str(parquet),
        "--out",
        str(tmp_path / "out"),
        "--engine",
        "dask",
        "--scheduler",
        f"tcp://127.0.0.1:{port}",
    )
    assert result.returncode == 2 and "no Dask scheduler answered" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - start < 30


def test_dask_engine_needs_a_partitioned_corpus(tmp_path):
    result = run_cli("score", "corpus/demo", "--out", str(tmp_path / "out"), "--engine", "dask")
    assert result.returncode == 2 and "convert it first" in result.stderr


def test_partition_keys_are_checked_before_any_work(tmp_path):
    from analysis.pipeline.dask import validate_partitions

    parquet = convert(DEMO_CORPUS, tmp_path / "pq")
    part = parquet / "articles" / "part-meridian-wire.parquet"
    frame = pq.read_table(part).to_pandas()
    frame.loc[0, "id"] = "ai-rival-report--daily-clarion"  # an id of another partition
    frame.loc[1, "outlet"] = "ghost"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), part)
    with pytest.raises(CorpusError) as info:
        validate_partitions(parquet)
    text = str(info.value)
    assert (
        "articles/part-meridian-wire.parquet, row 1, field 'id': duplicate id "
        "'ai-rival-report--daily-clarion' (first used in articles/part-daily-clarion.parquet)"
    ) in text
    assert "row 2, field 'outlet': outlet 'ghost' is not listed in outlets.csv" in text


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_retried_or_named(tmp_path):
    """Kill one of two worker processes after the first partition finishes.

    Dask retries the lost partition on the other worker (or the run stops with a
    message naming the partition); either way no partition is marked done without
    both of its files.
    """
    import os
    import signal
    import threading

    import psutil
    from distributed import LocalCluster

    from analysis.errors import RunError as ScaleError

    corpus = _generated_corpus(tmp_path, n=1800)
    out = tmp_path / "out"
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    )
    outcome = {}

    def run():
        try:
            outcome["summary"] = score_dask(
                corpus, out, scheduler=cluster.scheduler_address, progress=False
            )[1]
        except ScaleError as exc:
            outcome["error"] = str(exc)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list((out / STAGING / "_parts").glob("*.json")):
            time.sleep(0.1)
        workers = [
            p
            for p in psutil.Process().children(recursive=True)
            if "distributed" in " ".join(p.cmdline()) or "spawn" in " ".join(p.cmdline())
        ]
        assert workers, "no worker process found to kill"
        os.kill(workers[-1].pid, signal.SIGKILL)
        thread.join(timeout=300)
    finally:
        cluster.close()
    assert not thread.is_alive()
    if "error" in outcome:
        assert "partition part-" in outcome["error"]
    else:
        assert outcome["summary"]["articles"] == 1800
    # No part counts without its files: staged markers (after an error) or the run's parts.
    for marker in (out / STAGING / "_parts").glob("*.json"):
        for table in ("articles", "spans", "texts"):
            assert (out / STAGING / table / f"{marker.stem}.parquet").exists()
    if "summary" in outcome:
        assert read_run(out).meta["articles"] == 1800
