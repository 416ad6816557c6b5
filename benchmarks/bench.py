r"""Benchmark: throughput of ``score`` on real news text, and memory on a large run.

``python benchmarks/bench.py`` (or ``make bench``; not a test):

1. Reads PolNeAR's articles from ``../shared/data/polnear`` (real 2016 election
   news) and repeats them until the text holds at least ``--words`` words.
2. Times the default ``score`` pipeline (segmentation, every detector, metrics)
   over that text, and in the same run a bare ``re.findall(r"\w+")`` pass over
   the same text; prints words per second for both and their ratio.
3. In a child process, streams ``--memory-articles`` articles through the
   ``score`` command's streaming path (spans written as they come) and reports
   the child's peak resident memory.

Words are counted the same way for both rates (``\w+`` runs). Results are
printed and written to ``reports/bench.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis._io import write_text_atomic
from analysis.paths import REPORTS_DIR, SHARED_DATA_DIR

WORD = re.compile(r"\w+")


def load_texts(data_dir: Path) -> list[str]:
    """PolNeAR article texts (train and dev), in file order."""
    folder = data_dir / "polnear" / "data"
    paths = sorted(folder.glob("*/text/*.txt"))
    if not paths:
        raise SystemExit(f"no PolNeAR texts under {folder}; pass --data-dir")
    return [p.read_text(encoding="utf-8") for p in paths]


def repeat_to(texts: list[str], words: int) -> list[str]:
    """The texts repeated, in order, until they hold at least ``words`` words."""
    out, total, i = [], 0, 0
    counts = [len(WORD.findall(t)) for t in texts]
    while total < words:
        out.append(texts[i % len(texts)])
        total += counts[i % len(texts)]
        i += 1
    return out


def throughput(texts: list[str]) -> dict:
    """Words per second of the score pipeline and of a bare regex scan."""
    from analysis.pipeline import annotate_text
    from analysis.pipeline.metrics import article_metrics

    words = sum(len(WORD.findall(t)) for t in texts)
    start = time.perf_counter()
    for i, text in enumerate(texts):
        doc, spans = annotate_text(text, f"a{i}")
        article_metrics(doc, spans)
    pipeline_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        WORD.findall(text)
    bare_seconds = time.perf_counter() - start
    return {
        "articles": len(texts),
        "words": words,
        "score_seconds": round(pipeline_seconds, 2),
        "score_words_per_second": round(words / pipeline_seconds),
        "bare_regex_seconds": round(bare_seconds, 3),
        "bare_regex_words_per_second": round(words / bare_seconds),
        "ratio": round(bare_seconds / pipeline_seconds, 4),
    }


def comparison(
    texts: list[str], articles: int = 10_000, resamples: int = 2000, seed: int = 0
) -> dict:
    """Time the comparison statistics on ``articles`` scored articles.

    Real PolNeAR articles are scored once, then their rows are drawn with
    replacement to ``articles`` rows spread over 8 outlets and 25 events.
    """
    import numpy as np

    from analysis.compare import paired_differences, rate_table
    from analysis.pipeline import articles_frame, iter_scores
    from analysis.validation.datasets import make_corpus

    corpus = make_corpus(
        "bench",
        Path("."),
        [{"id": f"a{i}", "outlet": "o", "event": "e", "text": t} for i, t in enumerate(texts)],
    )
    scored = articles_frame([r.row for r in iter_scores(corpus, progress=False)])
    rng = np.random.default_rng(seed)
    table = scored.iloc[rng.integers(0, len(scored), articles)].reset_index(drop=True)
    table["id"] = [f"x{i}" for i in range(articles)]
    table["outlet"] = rng.choice([f"outlet{i}" for i in range(8)], articles)
    table["event"] = rng.choice([f"event{i}" for i in range(25)], articles)
    start = time.perf_counter()
    cells = rate_table(table, by=("outlet", "event"), resamples=resamples, seed=seed)
    outlets = rate_table(table, by=("outlet",), resamples=resamples, seed=seed)
    pairs = paired_differences(table, resamples=resamples, seed=seed)
    seconds = time.perf_counter() - start
    return {
        "articles": articles,
        "resamples": resamples,
        "metrics": 9,
        "rows": len(cells) + len(outlets) + len(pairs),
        "seconds": round(seconds, 2),
    }


def _memory_child(data_dir: str, articles: int) -> None:
    """Stream ``articles`` articles through score, spans to a CSV; print peak RSS."""
    from analysis.pipeline import iter_scores
    from analysis.schema import SPAN_COLUMNS, span_rows
    from analysis.validation.datasets import make_corpus

    texts = load_texts(Path(data_dir))
    records = [
        {"id": f"a{i}", "outlet": "o", "event": "e", "text": texts[i % len(texts)]}
        for i in range(articles)
    ]
    corpus = make_corpus("bench", Path(data_dir), records)
    del records
    n_spans = 0
    start = time.perf_counter()
    with (
        tempfile.TemporaryDirectory() as tmp,
        (Path(tmp) / "spans.csv").open("w", encoding="utf-8", newline="") as fh,
    ):
        writer = csv.writer(fh)
        writer.writerow(SPAN_COLUMNS)
        for result in iter_scores(corpus, progress=False):
            writer.writerows(span_rows(result.spans))
            n_spans += len(result.spans)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "articles": articles,
                "spans": n_spans,
                "seconds": round(time.perf_counter() - start, 1),
                "peak_rss_mib": round(peak_kib / 1024, 1),
            }
        )
    )


def memory(data_dir: Path, articles: int) -> dict:
    """Peak memory of a streamed run, measured in a fresh child process."""
    result = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(data_dir), str(articles)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print and save the figures."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--memory-child"]:
        _memory_child(argv[1], int(argv[2]))
        return 0
    parser = argparse.ArgumentParser(
        prog="python benchmarks/bench.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-dir", type=Path, default=SHARED_DATA_DIR)
    parser.add_argument("--words", type=int, default=5_000_000)
    parser.add_argument("--memory-articles", type=int, default=50_000)
    parser.add_argument("--compare-articles", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=REPORTS_DIR / "bench.json")
    args = parser.parse_args(argv)
    texts = repeat_to(load_texts(args.data_dir), args.words)
    result = {
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "throughput": throughput(texts),
    }
    t = result["throughput"]
    print(
        f"score: {t['words']:,} words in {t['score_seconds']} s = "
        f"{t['score_words_per_second']:,} words/s"
    )
    print(
        f"bare re.findall(r'\\w+'): {t['bare_regex_words_per_second']:,} words/s; "
        f"ratio {t['ratio']}"
    )
    if args.compare_articles:
        result["comparison"] = comparison(load_texts(args.data_dir), args.compare_articles)
        c = result["comparison"]
        print(
            f"comparison of {c['articles']:,} articles, {c['resamples']:,} resamples, every "
            f"metric (outlet x event, outlet, pairs): {c['seconds']} s"
        )
    if args.memory_articles:
        result["memory"] = memory(args.data_dir, args.memory_articles)
        m = result["memory"]
        print(
            f"streamed {m['articles']:,} articles ({m['spans']:,} spans) in {m['seconds']} s; "
            f"peak memory {m['peak_rss_mib']} MiB"
        )
    write_text_atomic(args.out, json.dumps(result, indent=2) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
