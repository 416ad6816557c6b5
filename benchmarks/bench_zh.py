"""Benchmark: characters per second of ``score`` on Chinese text (not a test).

``python benchmarks/bench_zh.py [--chars N]`` (or ``make bench-zh``) repeats the 30
articles of the Chinese validation set and the three Chinese articles of the demo
until the text holds at least ``--chars`` characters (default 2,000,000), then times
the whole pipeline per article (segmentation with jieba, every Chinese detector,
metrics) after one warm-up article (which loads jieba's dictionary, about a second),
and for comparison jieba's segmentation alone over the same texts. Prints the rates
per second of wall-clock time and of this process's CPU time (the second is steadier
on a shared machine; the load average is printed too) and writes
``reports/bench-zh.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time

from analysis._io import write_text_atomic
from analysis.paths import DEMO_CORPUS, REPORTS_DIR


def load_texts() -> list[tuple[str, str, str, str]]:
    """(id, event, language, text) of every Chinese article the project ships."""
    from analysis import load_corpus
    from analysis.validation.datasets import load_dataset

    rows = []
    gold = load_dataset("zh", None).corpus.articles
    demo = load_corpus(DEMO_CORPUS).articles
    demo = demo[demo["language"].fillna("").str.startswith("zh")]
    for frame in (gold, demo):
        for r in frame.itertuples():
            rows.append((r.id, r.event, str(r.language), str(r.text)))
    return rows


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=2_000_000)
    args = parser.parse_args(argv)

    from analysis.pipeline.annotate import score_article
    from analysis.text.zh import is_traditional, tokenize_zh
    from analysis.validation.datasets import load_dataset

    speakers = load_dataset("zh", None).corpus.speakers
    base = load_texts()
    texts, total = [], 0
    while total < args.chars:
        for row in base:
            texts.append(row)
            total += len(row[3])
    warm = texts[0]
    score_article(warm[0], "o", warm[1], warm[3], speakers=speakers, language=warm[2])
    start, cpu = time.perf_counter(), time.process_time()
    spans = 0
    for k, (article_id, event, language, text) in enumerate(texts):
        result = score_article(
            f"{article_id}-{k}", "o", event, text, speakers=speakers, language=language
        )
        spans += len(result.spans)
    pipeline, pipeline_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    for _, _, language, text in texts:
        tokenize_zh(text, is_traditional(language))
    segmenter = time.perf_counter() - start
    result = {
        "articles": len(texts),
        "characters": total,
        "spans": spans,
        "score_chars_per_second": round(total / pipeline),
        "score_chars_per_cpu_second": round(total / pipeline_cpu),
        "segmenter_chars_per_second": round(total / segmenter),
        "score_seconds": round(pipeline, 2),
        "load_average": [round(x, 1) for x in __import__("os").getloadavg()],
        "machine": platform.platform(),
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=1))
    write_text_atomic(REPORTS_DIR / "bench-zh.json", json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    main()
