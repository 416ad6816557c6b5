"""Report benchmark: ``report`` end to end on a generated corpus, and how it grows with events.

``python benchmarks/bench_report.py [--articles N] [--events E ...] [--outlets O]`` (not a test):

For each number of events (default 5 and 25), builds a corpus of ``--articles``
articles (default 10,000) by resampling real sentences from PolNeAR
(``../shared/data/polnear``; 20 to 35 sentences an article, paragraphs of three),
spread over ``--outlets`` outlets (default 8) and the events, with dates, in a
temporary folder; then runs ``python -m analysis report`` on it in a child
process and records the wall-clock time, the scoring time the command prints,
and the peak memory of the whole process tree (the report process and its
notebook kernels: the sum of their proportional set sizes, so shared library
pages count once, sampled every 0.2 s from /proc; Linux only).

Results are printed as one JSON object and written to ``reports/bench-report.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

from analysis._io import write_text_atomic
from analysis.paths import REPORTS_DIR, SHARED_DATA_DIR

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import sentences  # noqa: E402  (a sibling script, not a package)


def build(folder: Path, pool: list[str], articles: int, events: int, outlets: int, seed: int):
    """Write the generated corpus as one Parquet table with dates."""
    rng = random.Random(seed)
    rows = []
    for i in range(articles):
        picked = rng.sample(pool, rng.randint(20, 35))
        event = (i // outlets) % events
        rows.append(
            {
                "id": f"a{i:06d}",
                "outlet": f"outlet-{i % outlets}",
                "event": f"event-{event:02d}",
                "date": f"2026-{1 + event % 12:02d}-{1 + (i // (outlets * events)) % 28:02d}",
                "text": "\n\n".join(" ".join(picked[j : j + 3]) for j in range(0, len(picked), 3)),
            }
        )
    (folder / "articles").mkdir(parents=True)
    pd.DataFrame(rows).to_parquet(folder / "articles" / "part-00000.parquet", index=False)


def _pss(pid: str) -> int:
    """Proportional set size of one process in bytes (shared pages split among sharers)."""
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def _tree_rss(root: int) -> int:
    """Memory of ``root`` and every descendant: the sum of their PSS (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
            rss[int(entry)] = _pss(entry)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def run_report(corpus: Path, out: Path) -> dict:
    """Time one ``report`` and sample the memory of its process tree."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", str(corpus), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(child.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    log, _ = child.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"report failed ({child.returncode}):\n{log[-3000:]}")
    scored = re.search(r"scored in ([\d.]+) s", log)
    return {
        "seconds": round(seconds, 1),
        "scoring_seconds": float(scored.group(1)) if scored else None,
        "notebooks": log.count(": ok ("),
        "peak_memory_mib": round(peak / 2**20),
    }


def main(argv: list[str] | None = None) -> int:
    """Build each corpus, time its report, print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--events", type=int, nargs="+", default=[5, 25])
    parser.add_argument("--outlets", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, default=SHARED_DATA_DIR)
    args = parser.parse_args(argv)
    pool = sentences(args.data_dir)
    results = {"articles": args.articles, "outlets": args.outlets, "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        for events in args.events:
            corpus = Path(tmp) / f"corpus-{events}"
            build(corpus, pool, args.articles, events, args.outlets, args.seed)
            run = {"events": events, **run_report(corpus, Path(tmp) / f"report-{events}")}
            print(json.dumps(run), flush=True)
            results["runs"].append(run)
    results["load_average"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    print(text)
    write_text_atomic(REPORTS_DIR / "bench-report.json", text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
