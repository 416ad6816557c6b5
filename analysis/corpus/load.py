"""Load and validate a corpus folder (or one articles table).

:func:`load_corpus` reads every file, collects *every* problem it finds (file,
line or row, field, reason) and raises one :class:`~analysis.errors.CorpusError`
listing them all. It never writes to the corpus folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pandas as pd

from analysis.corpus.checks import MARKDOWN_SUFFIXES, check_references, validate_articles
from analysis.corpus.files import CorpusFiles
from analysis.corpus.model import Corpus
from analysis.corpus.readers import read_markdown, read_parquet_records, read_table
from analysis.corpus.sides import SIDE_TABLES, read_side_table
from analysis.errors import CorpusError, Problem
from analysis.names import terminal_safe
from analysis.schema import ARTICLE_COLUMNS, REQUIRED_FIELDS

TABLE_NAMES = ("articles.csv", "articles.jsonl", "articles.parquet")


def safe_problems(problems: list[Problem]) -> list[Problem]:
    """The problems with file names, fields and messages safe to print on a terminal.

    A file name or a value quoted in a message can hold escape sequences or
    bidirectional controls; they are shown as escapes (:func:`analysis.names.terminal_safe`).
    """
    return [
        replace(
            p,
            file=terminal_safe(p.file),
            field=terminal_safe(p.field) if p.field else p.field,
            message=terminal_safe(p.message),
        )
        for p in problems
    ]


def _exists(path: Path) -> bool:
    """Whether ``path`` is there, as a file, a folder or a symbolic link (even dangling)."""
    return path.exists() or path.is_symlink()


def _articles_frame(rows: list[dict]) -> pd.DataFrame:
    extra = sorted({k for row in rows for k in row if not k.startswith("_")} - set(ARTICLE_COLUMNS))
    columns = list(ARTICLE_COLUMNS) + extra
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    for col in columns:
        if col == "date":
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
        elif col == "source_line":
            frame[col] = frame[col].astype("Int64")
        else:
            frame[col] = frame[col].astype("string")
    return frame.sort_values(["event", "outlet", "id"], kind="stable").reset_index(drop=True)


def load_corpus(path: str | Path) -> Corpus:
    """Load and validate a corpus folder (or a single articles table file).

    Raises:
        CorpusError: listing every problem found, each with file, line or row, field
            and reason. Nothing in the corpus folder is ever written.
    """
    root = Path(path)
    problems: list[Problem] = []
    if not root.exists():
        problem = Problem(str(root), None, None, "no such corpus folder or file")
        raise CorpusError(safe_problems([problem]), terminal_safe(str(root)))
    table_file: Path | None = None
    if root.is_file():
        if root.name.rsplit(".", 1)[-1] not in ("csv", "jsonl", "parquet"):
            raise CorpusError(
                [
                    Problem(
                        root.name,
                        None,
                        None,
                        "a corpus is a folder, or a .csv, .jsonl or .parquet table of articles",
                    )
                ],
                terminal_safe(str(root)),
            )
        table_file, root = root, root.parent
    files = CorpusFiles(root)
    raw: list[tuple[str, dict]] = []
    if table_file is not None:
        tables_found = [table_file]
    else:
        tables_found = [root / n for n in TABLE_NAMES if _exists(root / n)]
    articles_dir = root / "articles"
    use_dir = table_file is None and (articles_dir.is_dir() or articles_dir.is_symlink())
    if use_dir and tables_found:
        problems.append(
            Problem(
                tables_found[0].name,
                None,
                None,
                "the corpus has both an articles/ folder and an articles table; keep one",
            )
        )
    elif len(tables_found) > 1:
        problems.append(
            Problem(
                ", ".join(p.name for p in tables_found),
                None,
                None,
                "more than one articles table; keep one",
            )
        )
    elif not use_dir and not tables_found:
        raise CorpusError(
            [
                Problem(
                    str(root),
                    None,
                    None,
                    "no articles found: expected an articles/ folder of Markdown "
                    "files or one of " + ", ".join(TABLE_NAMES),
                )
            ],
            terminal_safe(str(root)),
        )
    visible = files.walk(articles_dir, problems) if use_dir else []
    partitioned = bool(visible) and all(item.suffix == ".parquet" for item in visible)
    if partitioned:
        # A partitioned Parquet corpus (python -m analysis convert): every part is
        # checked the way a single articles table is, and named in each message.
        for item in visible:
            data = files.read(item, problems)
            if data is not None:
                rel = files.rel(item)
                raw.extend((rel, rec) for rec in read_parquet_records(data, rel, problems))
    elif use_dir:
        for item in visible:
            rel = files.rel(item)
            if item.suffix.lower() not in MARKDOWN_SUFFIXES:
                problems.append(
                    Problem(
                        rel,
                        None,
                        None,
                        f"unknown file type '{item.suffix or item.name}' in "
                        "articles/: articles are Markdown files (.md) with YAML "
                        "front matter",
                    )
                )
                continue
            data = files.read(item, problems)
            rec = read_markdown(data, rel, problems) if data is not None else None
            if rec is not None:
                raw.append((rel, rec))
    elif tables_found and not problems:
        table = tables_found[0]
        # A table named on the command line is read wherever it is; one found in
        # the corpus folder follows the folder's rules (corpus/files.py).
        if table_file is not None or files.regular_file(table, problems):
            data = files.read(table, problems)
            if data is not None:
                rel = files.rel(table)
                raw.extend((rel, rec) for rec in read_table(data, table.suffix, rel, problems))
    rows = validate_articles(raw, problems)
    tables = {
        name: read_side_table(root, name, key, problems, files) for name, key in SIDE_TABLES.items()
    }
    present = {name for name, frame in tables.items() if frame.attrs.get("read")}
    rows = check_references(rows, tables, problems, present)
    if not rows and not problems:
        problems.append(Problem(str(root), None, None, "the corpus holds no articles"))
    if problems:
        raise CorpusError(safe_problems(problems), terminal_safe(str(root)))
    fingerprint, rels = files.fingerprint()
    tables = _side_tables_done(tables)
    speakers = tables["speakers.csv"]
    return Corpus(
        path=table_file or root,
        name=(
            table_file.stem
            if table_file is not None and table_file.stem != "articles"
            else root.resolve().name
        ),
        articles=_articles_frame(rows),
        outlets=tables["outlets.csv"],
        events=tables["events.csv"],
        speakers=speakers,
        fingerprint=fingerprint,
        files=rels,
    )


def _side_tables_done(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The side tables as a Corpus holds them: no line numbers, every speakers column."""
    for name, frame in tables.items():
        frame.attrs.clear()
        if "_line" in frame.columns:
            tables[name] = frame.drop(columns="_line")
    speakers = tables["speakers.csv"]
    for col in ("aliases", "affiliation", "side", "event"):
        if col not in speakers.columns:
            speakers[col] = pd.Series([pd.NA] * len(speakers), dtype="string")
    return tables


def load_side_tables(root: str | Path, files: CorpusFiles | None = None) -> dict[str, pd.DataFrame]:
    """The side tables of a corpus folder, checked and cleaned as :func:`load_corpus` does.

    For engines that read the articles part by part (the Dask engine): each part
    is loaded with :func:`load_corpus`, and its side tables are these. ``files``
    collects what was read, for a fingerprint.
    """
    root = Path(root)
    problems: list[Problem] = []
    files = files if files is not None else CorpusFiles(root)
    tables = {
        name: read_side_table(root, name, key, problems, files) for name, key in SIDE_TABLES.items()
    }
    if problems:
        raise CorpusError(safe_problems(problems), terminal_safe(str(root)))
    return _side_tables_done(tables)


def partitioned_header(root: str | Path, parts: list[Path]) -> Corpus:
    """A partitioned corpus without its articles: name, side tables, fingerprint.

    The fingerprint covers every part and side table, exactly as :func:`load_corpus`
    computes it, so a run scored part by part cites the same corpus.
    """
    root = Path(root)
    files = CorpusFiles(root)
    tables = load_side_tables(root, files)
    problems: list[Problem] = []
    for part in parts:
        files.read(part, problems)
    if problems:
        raise CorpusError(safe_problems(problems), terminal_safe(str(root)))
    fingerprint, rels = files.fingerprint()
    return Corpus(
        path=root,
        name=root.resolve().name,
        articles=_articles_frame([]),
        outlets=tables["outlets.csv"],
        events=tables["events.csv"],
        speakers=tables["speakers.csv"],
        fingerprint=fingerprint,
        files=rels,
    )


def corpus_from_frame(frame: pd.DataFrame, name: str = "dataframe") -> Corpus:
    """A corpus from a table with the corpus contract's columns (``id``, ``outlet``, ...).

    Every row is checked as a table file's rows are; problems name the row.
    """
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_FIELDS if c not in frame.columns]
    if missing:
        problem = Problem(name, None, None, f"missing required column(s) {', '.join(missing)}")
        raise CorpusError(safe_problems([problem]), terminal_safe(name))
    raw = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        record = {k: v for k, v in record.items()}
        record["_line"], record["_unit"] = number, "row"
        record["_escaped"] = frozenset(record)  # Python strings can hold lone surrogates
        raw.append((name, record))
    rows = validate_articles(raw, problems)
    if problems:
        raise CorpusError(safe_problems(problems), terminal_safe(name))
    empty = {key: pd.DataFrame({key: pd.Series([], dtype="string")}) for key in ("outlet", "event")}
    speakers = pd.DataFrame(
        {
            c: pd.Series([], dtype="string")
            for c in ("speaker", "aliases", "affiliation", "side", "event")
        }
    )
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).values.tobytes())
    return Corpus(
        path=Path("."),
        name=name,
        articles=_articles_frame(rows),
        outlets=empty["outlet"],
        events=empty["event"],
        speakers=speakers,
        fingerprint=digest.hexdigest(),
        files=[],
    )
