"""Scale benchmark: single process vs Dask with 1 and 2 workers, and memory per worker.

``python benchmarks/bench_scale.py`` (or ``make bench-scale``; not a test):

1. Builds a corpus of ``--articles`` articles (default 200,000) by resampling
   real sentences from PolNeAR (``../shared/data/polnear``), 20 to 35 sentences
   an article in paragraphs of three, 8 outlets, 50 events, written as Parquet
   partitions of ``--partition-size`` articles.
2. Scores ``--sample`` articles in one process: words per second.
3. Scores the whole corpus with Dask on a local cluster of 1, then 2
   single-threaded workers: words per second, speed-up, and the largest memory a
   worker held (unique set size, measured with each partition's data alive).
4. Repeats the 2-worker run on ``--small`` articles to show memory per worker
   does not grow with the corpus.
5. Projects the time for 10 million articles on 64 cores from the measured
   per-core rate and the measured 2-worker scaling efficiency.

Results are printed and written to ``reports/bench-scale.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis._io import write_text_atomic
from analysis.paths import REPORTS_DIR, SHARED_DATA_DIR


def sentences(data_dir: Path) -> list[str]:
    """Every sentence of PolNeAR's articles."""
    from analysis.text import segment

    out = []
    for path in sorted((data_dir / "polnear" / "data").glob("*/text/*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = segment(text)
        out += [text[s.start : s.end] for s in doc.sentences if len(text[s.start : s.end]) > 30]
    if not out:
        raise SystemExit(f"no PolNeAR texts under {data_dir}")
    return out


def build(folder: Path, pool: list[str], articles: int, partition_size: int, seed: int) -> Path:
    """Write the generated corpus as Parquet partitions."""
    rng = random.Random(seed)
    (folder / "articles").mkdir(parents=True)
    for part in range(0, articles, partition_size):
        rows = []
        for i in range(part, min(part + partition_size, articles)):
            picked = rng.sample(pool, rng.randint(20, 35))
            text = "\n\n".join(" ".join(picked[j : j + 3]) for j in range(0, len(picked), 3))
            rows.append(
                {
                    "id": f"a{i:07d}",
                    "outlet": f"outlet-{i % 8}",
                    "event": f"event-{(i // 8) % 50:02d}",
                    "text": text,
                }
            )
        pd.DataFrame(rows).to_parquet(
            folder / "articles" / f"part-{part // partition_size:05d}.parquet", index=False
        )
    return folder


def single_process(corpus: Path, sample: int) -> dict:
    """Words per second of the in-process pipeline on the first ``sample`` articles."""
    from analysis import load_corpus
    from analysis.pipeline import iter_scores

    sub = load_corpus(corpus)
    sub = sub.subset()
    sub.articles = sub.articles.head(sample)
    start = time.perf_counter()
    words = sum(r.row["words"] for r in iter_scores(sub, progress=False))
    seconds = time.perf_counter() - start
    return {
        "articles": sample,
        "words": words,
        "seconds": round(seconds, 1),
        "words_per_second": round(words / seconds),
    }


def dask_run(corpus: Path, workers: int) -> dict:
    """Score the whole corpus on a local cluster; throughput and peak memory per worker."""
    from analysis.pipeline.dask import score_dask

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = score_dask(
            corpus, Path(tmp) / "out", workers=workers, progress=True, resamples=200
        )
        seconds = time.perf_counter() - start
        markers = [json.loads(p.read_text()) for p in (Path(tmp) / "out" / "_done").glob("*")]
    words = sum(m["words"] for m in markers)
    return {
        "workers": workers,
        "articles": summary["articles"],
        "words": words,
        "seconds": round(seconds, 1),
        "words_per_second": round(words / seconds),
        "max_worker_memory_mib": max(m["worker_memory_mib"] for m in markers),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the scale benchmark."""
    parser = argparse.ArgumentParser(prog="python benchmarks/bench_scale.py")
    parser.add_argument("--data-dir", type=Path, default=SHARED_DATA_DIR)
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--partition-size", type=int, default=2_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=REPORTS_DIR / "bench-scale.json")
    args = parser.parse_args(argv)
    pool = sentences(args.data_dir)
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        big = build(work / "big", pool, args.articles, args.partition_size, args.seed)
        small = build(work / "small", pool, args.small, args.partition_size, args.seed + 1)
        result = {
            "sentences_in_pool": len(pool),
            "single_process": single_process(big, args.sample),
        }
        print("single process:", result["single_process"])
        result["dask_1"] = dask_run(big, 1)
        print("dask, 1 worker:", result["dask_1"])
        result["dask_2"] = dask_run(big, 2)
        print("dask, 2 workers:", result["dask_2"])
        result["dask_2_small"] = dask_run(small, 2)
        print(f"dask, 2 workers, {args.small:,} articles:", result["dask_2_small"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    speedup = result["dask_2"]["words_per_second"] / result["dask_1"]["words_per_second"]
    per_core = result["dask_1"]["words"] / result["dask_1"]["articles"]
    articles_per_core_second = result["dask_1"]["words_per_second"] / per_core
    efficiency = speedup / 2
    hours = 10_000_000 / (articles_per_core_second * 64 * efficiency) / 3600
    result["speedup_2_workers"] = round(speedup, 2)
    result["projected_hours_10M_articles_64_cores"] = round(hours, 2)
    print(
        f"speed-up with 2 workers: {speedup:.2f}; projected 10 million articles on 64 cores "
        f"at {efficiency:.0%} efficiency: {hours:.1f} h"
    )
    write_text_atomic(args.out, json.dumps(result, indent=2) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
