"""Command line: ``python -m analysis check|report ...``.

Exit codes: 0 success, 1 a notebook failed during ``report``, 2 bad input (with a
message naming the file and the problem, never a bare traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.corpus import load_corpus
from analysis.errors import AnalysisError
from analysis.paths import display_path

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description="Media-bias comparison notebook suite."
    )
    from analysis import __version__

    parser.add_argument(
        "--version", action="version", version=f"media-bias-notebooks {__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="validate a corpus and print its summary")
    check.add_argument("corpus", help="corpus folder, or an articles .csv/.jsonl/.parquet")
    score = sub.add_parser("score", help="detect framing devices; write spans.csv and articles.csv")
    score.add_argument("corpus", help="corpus folder, or an articles .csv/.jsonl/.parquet")
    score.add_argument("--out", required=True, help="output folder (created if absent)")
    score.add_argument(
        "--lexicon",
        action="append",
        metavar="NAME_OR_PATH",
        help="loaded-term lexicon: a built-in name (loaded) or a .tsv file; "
        "repeatable; default: loaded",
    )
    score.add_argument("--tone", action="store_true", help="also score sentence tone (VADER)")
    score.add_argument("--no-progress", action="store_true", help="no progress bar")
    score.add_argument(
        "--csv",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also write articles.csv and spans.csv (default: for up to 20,000 articles)",
    )
    score.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local: this process; dask: a Dask cluster (partitioned Parquet)",
    )
    score.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)",
    )
    score.add_argument("--workers", type=int, default=2, help="local cluster workers")
    convert = sub.add_parser("convert", help="corpus to partitioned Parquet, or back to Markdown")
    convert.add_argument("src")
    convert.add_argument("dst")
    convert.add_argument("--to", choices=["parquet", "markdown"], default="parquet")
    convert.add_argument("--partition-by", choices=["outlet", "event", "month"], default="outlet")
    validate = sub.add_parser("validate", help="measure the detectors against human gold")
    validate.add_argument(
        "dataset", help="ggt, factbank, babe, basil, polnear, anon, loaded-cross, zh, or all"
    )
    validate.add_argument(
        "--data-dir",
        default=None,
        help="folder holding the dataset folders (default: ../shared/data)",
    )
    validate.add_argument(
        "--out",
        default="reports/validation",
        help="where figures and error tables go (default: reports/validation)",
    )
    validate.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    validate.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    validate.add_argument(
        "--readme", metavar="PATH", help="rewrite the measured-validity table in this README"
    )
    ingest = sub.add_parser(
        "ingest",
        help="add articles from URLs, saved pages or an export (GDELT, Media Cloud, CSV, JSONL)",
        description="Exit codes: 0 every item added or skipped; 1 at least one URL or row "
        "FAILED (the others were added); 2 bad input (nothing fetched or written); "
        "130 interrupted (Ctrl-C: the run stopped after the current URL; run it again "
        "to continue).",
    )
    ingest.add_argument(
        "source",
        help="CSV of URLs (url,outlet,event), folder of .html pages, a GDELT or Media Cloud "
        "export, or a CSV/JSONL export (with --map)",
    )
    ingest.add_argument("--into", required=True, help="corpus folder (created if absent)")
    ingest.add_argument(
        "--replace", action="store_true", help="overwrite articles that already exist"
    )
    ingest.add_argument(
        "--outlet", help="outlet of a folder of pages, or of rows of a list or export without one"
    )
    ingest.add_argument(
        "--event", help="event of a folder of pages, or of rows of a list or export without one"
    )
    ingest.add_argument(
        "--map",
        dest="mapping",
        metavar="FIELD=COLUMN,...",
        help="export columns for corpus fields, e.g. text=body,outlet=source "
        "(or url=link for an export that lists only URLs)",
    )
    ingest.add_argument(
        "--format",
        dest="fmt",
        choices=["gdelt", "mediacloud"],
        help="read SOURCE as a GDELT (GKG or Events) or Media Cloud export "
        "(recognised by its header without this flag)",
    )
    ingest.add_argument(
        "--timeout", type=float, default=20.0, help="seconds in all for each URL (default 20)"
    )
    ingest.add_argument(
        "--delay", type=float, default=1.0, help="seconds between requests to one host"
    )
    ingest.add_argument(
        "--ignore-robots",
        action="store_true",
        help="fetch pages that robots.txt disallows (only with the site's permission)",
    )
    speakers = sub.add_parser("speakers", help="suggest a speakers.csv for one event")
    speakers.add_argument("corpus")
    speakers.add_argument("--event", required=True)
    speakers.add_argument("--out", help="CSV to write (default: print)")
    export = sub.add_parser(
        "export-basil", help="write BASIL as a corpus in this format (outside the project)"
    )
    export.add_argument("out", help="corpus folder to write, outside the project")
    export.add_argument("--data-dir", default=None, help="default: ../shared/data")
    export.add_argument("--events", type=int, default=None, help="only the first N events")
    kwic = sub.add_parser("kwic", help="keyword in context: a word, or spans of a kind, in a run")
    kwic.add_argument("run", help="a scored run folder (python -m analysis score)")
    kwic.add_argument("term", nargs="?", help="a word or phrase (any case, whole words)")
    kwic.add_argument("--kind", help="every span of this kind instead (loaded, quote, hedge, ...)")
    kwic.add_argument("--event", help="only this event")
    kwic.add_argument("--width", type=int, default=60, help="characters of context each side")
    kwic.add_argument("--out", help="write the concordance as CSV to this file")
    report = sub.add_parser("report", help="run every notebook on a corpus and build a report")
    report.add_argument(
        "corpus", nargs="?", default=None, help="corpus folder (default: corpus/demo)"
    )
    report.add_argument(
        "--run", metavar="DIR", help="report an existing scored run instead of scoring a corpus"
    )
    report.add_argument("--out", help="output folder (default: reports/<corpus name>)")
    report.add_argument(
        "--notebook",
        action="append",
        default=None,
        metavar="NAME",
        help="run only this notebook (repeatable), e.g. 10-corpus-overview",
    )
    return parser


def format_summary(corpus) -> str:
    """The ``check`` printout: totals, articles (words) per event x outlet, hygiene notes."""
    from analysis.names import terminal_safe
    from analysis.pipeline.inspect import inspect_corpus

    found = inspect_corpus(corpus)
    table = found.summary()
    table["event"] = table["event"].map(terminal_safe)
    table["outlet"] = table["outlet"].map(terminal_safe)
    cells = table.assign(
        cell=[f"{a} ({w:,})" for a, w in zip(table["articles"], table["words"], strict=True)]
    )
    grid = cells.pivot(index="event", columns="outlet", values="cell").fillna("-")
    by_outlet = table.groupby("outlet")[["articles", "words"]].sum()
    grid.loc["total"] = [
        f"{by_outlet.loc[o, 'articles']} ({by_outlet.loc[o, 'words']:,})" for o in grid.columns
    ]
    by_event = table.groupby("event")[["articles", "words"]].sum()
    grid["total"] = [
        f"{by_event.loc[e, 'articles']} ({by_event.loc[e, 'words']:,})"
        if e in by_event.index
        else f"{table['articles'].sum()} ({table['words'].sum():,})"
        for e in grid.index
    ]
    grid.index.name = None
    grid.columns.name = None
    head = (
        f"Corpus {terminal_safe(corpus.name)} ({display_path(corpus.path)}): "
        f"{len(corpus.articles)} articles, {table['outlet'].nunique()} outlets, "
        f"{table['event'].nunique()} events, {table['words'].sum():,} words after hygiene; "
        f"sha256 {corpus.short_fingerprint}\n"
        "Articles (words) per event x outlet:\n"
    )
    with pd.option_context("display.width", 200, "display.max_columns", 50):
        body = grid.to_string()
    arts = found.articles
    languages = arts.groupby(["language", "language_source"]).size()
    body += "\n\nLanguages: " + ", ".join(
        f"{terminal_safe(lang)} {n} ({src})" for (lang, src), n in languages.items()
    )
    unsupported = arts[~arts["supported"]]
    if len(unsupported):
        body += (
            f"\nNot analysed ({len(unsupported)}; kept out of every rate, not counted as zero): "
            + ", ".join(
                f"{terminal_safe(r.source)} ({r.language})" for r in unsupported.itertuples()
            )
        )
    noted = arts[arts["findings"].map(len) > 0]
    if len(noted):
        body += (
            f"\n\nHygiene ({len(noted)} articles; the corpus files are not changed; "
            f"{int(arts['boilerplate_words'].sum()):,} boilerplate words left out of every count):"
        )
        for row in noted.itertuples():
            for finding in row.findings[:12]:
                body += f"\n  warning: {terminal_safe(row.source)}: {terminal_safe(finding)}"
            if len(row.findings) > 12:
                body += (
                    f"\n  warning: {terminal_safe(row.source)}: ... {len(row.findings) - 12} more"
                )
    if len(found.syndication):
        sources = dict(zip(arts["id"], arts["source"], strict=True))
        body += f"\n\nSyndicated copies ({len(found.syndication)}; one story on several outlets):"
        for row in found.syndication.itertuples():
            body += (
                f"\n  warning: {terminal_safe(sources[row.article_id])} copies "
                f"{terminal_safe(sources[row.duplicate_of])} (similarity {row.similarity:.2f})"
            )
    if found.typography:
        notes = [f"  {terminal_safe(s)}: offset {o}: {m}" for s, o, m in found.typography]
        body += f"\n\nTypography notes ({len(notes)}; not errors):\n" + "\n".join(notes)
    return head + body


def _export_basil(args) -> int:
    from analysis.paths import SHARED_DATA_DIR
    from analysis.validation.datasets import FOLDERS, require
    from analysis.validation.datasets.basil import export_corpus

    data_dir = Path(args.data_dir) if args.data_dir else SHARED_DATA_DIR
    out = export_corpus(require(data_dir / FOLDERS["basil"], "BASIL"), Path(args.out), args.events)
    print(f"BASIL written to {out}; next: make report CORPUS={out}")
    return EXIT_OK


def _ingest(args) -> int:
    from analysis.ingest import Fetcher, ingest

    exit_interrupted = 130  # 128 + SIGINT, as shells report it

    try:
        result = ingest(
            args.source,
            args.into,
            replace=args.replace,
            outlet=args.outlet,
            event=args.event,
            mapping=args.mapping,
            fmt=args.fmt,
            fetcher=Fetcher(timeout=args.timeout, delay=args.delay, robots=not args.ignore_robots),
        )
    except KeyboardInterrupt:
        print(
            "stopped at once (second Ctrl-C); run the same command again to continue: the "
            "corpus is repaired and articles already written are skipped",
            file=sys.stderr,
        )
        return exit_interrupted
    print(result.summary())
    if result.added or result.replaced:
        print(f"next: python -m analysis check {args.into}")
    if result.interrupted:
        return exit_interrupted
    return EXIT_FAILED if result.failed else EXIT_OK


def _speakers(args) -> int:
    import pandas as pd

    from analysis._io import write_text_atomic
    from analysis.ingest import suggest_speakers

    rows = suggest_speakers(args.corpus, args.event)
    table = pd.DataFrame(
        rows, columns=["speaker", "aliases", "affiliation", "side", "event", "quotes"]
    )
    text = table.to_csv(index=False, lineterminator="\n")
    if args.out:
        write_text_atomic(args.out, text)
        print(
            f"{len(table)} speakers -> {args.out}; fill in the side column, then merge "
            "into speakers.csv"
        )
    else:
        print(text, end="")
    return EXIT_OK


def _validate(args) -> int:
    from analysis.paths import SHARED_DATA_DIR
    from analysis.validation.runners import DATASETS, format_table, run_validation

    names = list(DATASETS) if args.dataset == "all" else [args.dataset]
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        print(
            f"error: unknown dataset {unknown[0]!r} (known: {', '.join(DATASETS)}, all)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    data_dir = Path(args.data_dir) if args.data_dir else SHARED_DATA_DIR
    tables = {}
    for name in names:
        tables[name] = run_validation(name, data_dir, args.out, args.resamples, args.seed)
        print(format_table(tables[name]))
    if args.readme:
        from analysis.validation.readme import update_readme, validity_markdown

        update_readme(args.readme, validity_markdown(tables, args.resamples, args.seed))
        print(f"measured-validity table rewritten in {args.readme}")
    print(f"figures and error tables: {args.out}/")
    return EXIT_OK


def _convert(args) -> int:
    from analysis.corpus.convert import convert

    out = convert(args.src, args.dst, to=args.to, partition_by=args.partition_by)
    print(f"written {out}; check it with: python -m analysis check {out}")
    return EXIT_OK


def _options(args):
    from analysis.lexicon import get_lexicon
    from analysis.pipeline import Options, lexicon_names

    options = Options(lexicons=lexicon_names(args.lexicon), tone=args.tone)
    for name in options.lexicons:
        get_lexicon(name)  # fail before any work on a bad lexicon
    return options


def _score_dask(args) -> int:
    from analysis.pipeline.dask import score_dask

    run, summary = score_dask(
        args.corpus,
        args.out,
        scheduler=args.scheduler,
        workers=args.workers,
        options=_options(args),
        progress=False if args.no_progress else None,
        csv=args.csv,
    )
    print(
        f"{summary['articles']} articles in {summary['partitions']} partitions "
        f"({summary['computed']} computed, {summary['resumed']} reused) -> scored run "
        f"{display_path(run.path)} (read it with analysis.read_run)"
    )
    return EXIT_OK


def _score(args) -> int:
    from analysis.pipeline.run import write_run

    options = _options(args)
    corpus = load_corpus(args.corpus)
    run = write_run(
        corpus, args.out, options, progress=False if args.no_progress else None, csv=args.csv
    )
    print(
        f"{run.meta['articles']} articles, {run.meta['spans']} spans -> scored run "
        f"{display_path(run.path)} (articles, spans and texts as Parquet"
        f"{', plus articles.csv and spans.csv' if (run.path / 'spans.csv').exists() else ''})"
    )
    return EXIT_OK


def _kwic(args) -> int:
    from analysis._io import write_csv_safe
    from analysis.compare.concordance import concordance, format_concordance
    from analysis.pipeline.run import read_run

    if not args.term and not args.kind:
        raise AnalysisError("give a TERM or --kind KIND")
    run = read_run(args.run)
    if args.event is not None and args.event not in run.event_names():
        raise AnalysisError(
            f"--event {args.event!r} is not in the run; events: {', '.join(run.event_names())}"
        )
    table = concordance(
        run.texts(event=args.event), run.spans(event=args.event), args.term, args.kind, args.width
    )
    if args.out:
        write_csv_safe(args.out, table)
        print(f"{len(table)} occurrences -> {args.out}")
    else:
        print(format_concordance(table, args.width))
    return EXIT_OK


def _report(args) -> int:
    from analysis.paths import NOTEBOOKS_DIR
    from analysis.report.runner import build_report, list_notebooks

    notebooks = None
    if args.notebook:
        known = {p.stem: p for p in list_notebooks()}
        wrong = [n for n in args.notebook if Path(n).stem not in known]
        if wrong:
            raise AnalysisError(
                f"no notebook named {', '.join(wrong)} in {display_path(NOTEBOOKS_DIR)} "
                f"(known: {', '.join(sorted(known))})"
            )
        notebooks = [known[Path(n).stem] for n in args.notebook]
    if args.run and args.corpus:
        raise AnalysisError("give a corpus or --run, not both")
    result = build_report(args.corpus, args.out, notebooks, run_path=args.run)
    print(f"Report: {display_path(result.out_dir / 'index.html')}")
    if result.failed:
        print(
            f"{len(result.failed)} notebook(s) failed: "
            + ", ".join(f"{r.notebook} {r.parameters}" for r in result.failed),
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            corpus = load_corpus(args.corpus)
            print(format_summary(corpus))
            return EXIT_OK
        if args.command == "score":
            return _score_dask(args) if args.engine == "dask" else _score(args)
        if args.command == "convert":
            return _convert(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "export-basil":
            return _export_basil(args)
        if args.command == "ingest":
            return _ingest(args)
        if args.command == "speakers":
            return _speakers(args)
        if args.command == "report":
            return _report(args)
        if args.command == "kwic":
            return _kwic(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_BAD_INPUT  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
