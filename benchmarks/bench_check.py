r"""Benchmark: how long ``check`` takes on a large corpus (not a test).

``python benchmarks/bench_check.py [--articles N] [--megabytes M] [--keep]``

Builds two corpora in a temporary folder (never in the repository), from the
paragraphs of the demo corpus, resampled with a fixed seed:

1. ``many``: ``--articles`` Markdown articles (default 100,000) of 3 to 6
   paragraphs, under ``articles/<event>/``, with ``outlets.csv``, ``events.csv``
   and ``speakers.csv``;
2. ``big``: one ``articles.csv`` of about ``--megabytes`` MB (default 200) of
   articles of 15 to 40 paragraphs (text fields span lines, quoted).

For each it times ``load_corpus`` in this process and the whole command
``python -m analysis check`` in a child process (which also segments every
article for the typography notes), as wall-clock and as CPU seconds (the CPU
time varies less when the machine is shared). Compare two versions of the code by running
this file with ``PYTHONPATH`` pointing at the other checkout, from a folder
outside the repository::

    cd /tmp && PYTHONPATH=/path/to/other/checkout python /path/to/bench_check.py

Results are printed as one JSON object.

Measured on the shared 2-core development machine (load average 4 to 10, so the
CPU seconds are the figures to compare), before and after the loader work of
issue 9 (commit 444e876 and branch ``corpus``):

=========================================  =====================  ======================
corpus                                     load_corpus, CPU s     ``check``, CPU s
=========================================  =====================  ======================
many: 100,000 Markdown articles, 109 MB    81-93 -> 18-22         153 -> 123
big: one 200 MB articles.csv, 32,369 rows  6.7-9.3 -> 7.2-9.8     181 -> 171
=========================================  =====================  ======================

``check`` spends most of its time segmenting every article for the typography
notes; the loader is faster on Markdown because front matter goes through
libyaml and every file is read once (it was read again for the fingerprint).
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVENTS = [f"event-{i:02d}" for i in range(20)]
OUTLETS = [f"outlet-{i:02d}" for i in range(25)]


def demo_paragraphs() -> list[str]:
    """Every paragraph of the demo corpus's articles (the body after the front matter)."""
    from analysis.paths import DEMO_CORPUS

    paragraphs = []
    for path in sorted((DEMO_CORPUS / "articles").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        paragraphs.extend(p.strip() for p in body.split("\n\n") if p.strip())
    return paragraphs


def write_side_tables(root: Path) -> None:
    """outlets.csv, events.csv and a speakers.csv of 300 rows."""
    (root / "outlets.csv").write_text(
        "outlet,name\n" + "".join(f"{o},{o.title()}\n" for o in OUTLETS), encoding="utf-8"
    )
    (root / "events.csv").write_text(
        "event,title\n" + "".join(f"{e},{e.title()}\n" for e in EVENTS), encoding="utf-8"
    )
    speakers = [f"Speaker{i} Surname{i},Surname{i},Org {i},side-{i % 3},\n" for i in range(300)]
    (root / "speakers.csv").write_text(
        "speaker,aliases,affiliation,side,event\n" + "".join(speakers), encoding="utf-8"
    )


def build_many(root: Path, n: int, paragraphs: list[str], rng: random.Random) -> int:
    """``n`` Markdown articles; returns the bytes written."""
    total = 0
    for i in range(n):
        event, outlet = EVENTS[i % len(EVENTS)], OUTLETS[(i // len(EVENTS)) % len(OUTLETS)]
        body = "\n\n".join(rng.choices(paragraphs, k=rng.randint(3, 6)))
        text = (
            f"---\nid: a{i:07d}\noutlet: {outlet}\nevent: {event}\ntitle: Article {i}\n"
            f"date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}\n---\n{body}\n"
        )
        path = root / "articles" / event / f"a{i:07d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        total += path.write_bytes(text.encode("utf-8"))
    write_side_tables(root)
    return total


def build_big(root: Path, megabytes: int, paragraphs: list[str], rng: random.Random) -> int:
    """One articles.csv of about ``megabytes`` MB; returns its size in bytes."""
    root.mkdir(parents=True, exist_ok=True)
    target = megabytes * 1_000_000
    with (root / "articles.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "outlet", "event", "title", "date", "text"])
        i = 0
        while fh.tell() < target:
            body = "\n\n".join(rng.choices(paragraphs, k=rng.randint(15, 40)))
            writer.writerow(
                [
                    f"b{i:07d}",
                    OUTLETS[i % len(OUTLETS)],
                    EVENTS[(i // len(OUTLETS)) % len(EVENTS)],
                    f"Article {i}",
                    f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    body,
                ]
            )
            i += 1
    write_side_tables(root)
    return (root / "articles.csv").stat().st_size


def time_load(root: Path) -> dict:
    """Seconds ``load_corpus`` takes in this process."""
    from analysis.corpus import load_corpus

    start, cpu = time.perf_counter(), time.process_time()
    corpus = load_corpus(root)
    return {
        "load_seconds": round(time.perf_counter() - start, 2),
        "load_cpu_seconds": round(time.process_time() - cpu, 2),
        "articles": len(corpus.articles),
    }


def time_cli(root: Path) -> dict:
    """Seconds ``python -m analysis check`` takes, and its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "check", str(root)],
        capture_output=True,
        text=True,
        cwd=root.parent,
    )
    seconds = round(time.perf_counter() - start, 2)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "check_seconds": seconds,
        "check_cpu_seconds": round(cpu, 2),
        "check_exit": result.returncode,
    }


def main(argv: list[str] | None = None) -> int:
    """Build the two corpora, time both, print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--skip-cli", action="store_true", help="time load_corpus only")
    parser.add_argument("--keep", metavar="DIR", help="build the corpora here and keep them")
    args = parser.parse_args(argv)

    import analysis

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-check-"))
    rng = random.Random(20260401)
    paragraphs = demo_paragraphs()
    results: dict = {
        "code": str(Path(analysis.__file__).parent.parent),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    try:
        for name, build, size in (
            ("many", build_many, args.articles),
            ("big", build_big, args.megabytes),
        ):
            root = tmp / name
            if not root.exists():
                nbytes = build(root, size, paragraphs, rng)
            else:
                nbytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
            row = {"megabytes": round(nbytes / 1e6, 1), **time_load(root)}
            if not args.skip_cli:
                row.update(time_cli(root))
            results[name] = row
            print(json.dumps({name: row}), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
