"""Load and validate a corpus folder (or one articles table).

:func:`load_corpus` reads every file, collects *every* problem it finds (file,
line or row, field, reason) and raises one :class:`~analysis.errors.CorpusError`
listing them all. It never writes to the corpus folder.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from analysis.corpus.checks import MARKDOWN_SUFFIXES, check_references, validate_articles
from analysis.corpus.model import Corpus
from analysis.corpus.readers import read_markdown, read_parquet_records, read_table
from analysis.corpus.sides import SIDE_TABLES, read_side_table
from analysis.errors import CorpusError, Problem
from analysis.schema import ARTICLE_COLUMNS, REQUIRED_FIELDS

TABLE_NAMES = ("articles.csv", "articles.jsonl", "articles.parquet")


def _fingerprint(root: Path, files: list[Path]) -> tuple[str, list[str]]:
    digest = hashlib.sha256()
    rels = []
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        rel = path.relative_to(root).as_posix()
        rels.append(rel)
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest(), rels


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
        raise CorpusError([Problem(str(root), None, None, "no such corpus folder or file")], root)
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
                root,
            )
        table_file, root = root, root.parent
    files: list[Path] = []
    raw: list[tuple[str, dict]] = []
    if table_file is not None:
        tables_found = [table_file]
    else:
        tables_found = [root / n for n in TABLE_NAMES if (root / n).is_file()]
    articles_dir = root / "articles"
    use_dir = table_file is None and articles_dir.is_dir()
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
            root,
        )
    visible = [
        item
        for item in sorted(articles_dir.rglob("*"))
        if use_dir
        and item.is_file()
        and not any(part.startswith(".") for part in item.relative_to(articles_dir).parts)
    ]
    partitioned = bool(visible) and all(item.suffix == ".parquet" for item in visible)
    if partitioned:
        # A partitioned Parquet corpus (python -m analysis convert): every part is
        # checked the way a single articles table is, and named in each message.
        for item in visible:
            rel = item.relative_to(root).as_posix()
            files.append(item)
            raw.extend((rel, rec) for rec in read_parquet_records(item, rel, problems))
    elif use_dir:
        for item in visible:
            rel = item.relative_to(root).as_posix()
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
            files.append(item)
            rec = read_markdown(item, rel, problems)
            if rec is not None:
                raw.append((rel, rec))
    elif tables_found and not problems:
        table = tables_found[0]
        files.append(table)
        rel = table.relative_to(root).as_posix()
        raw.extend((rel, rec) for rec in read_table(table, rel, problems))
    rows = validate_articles(raw, problems)
    tables = {
        name: read_side_table(root, name, key, problems, files) for name, key in SIDE_TABLES.items()
    }
    present = {name for name in SIDE_TABLES if (root / name).is_file()}
    rows = check_references(rows, tables, problems, present)
    if not rows and not problems:
        problems.append(Problem(str(root), None, None, "the corpus holds no articles"))
    if problems:
        raise CorpusError(problems, root)
    fingerprint, rels = _fingerprint(root, files)
    for name, frame in tables.items():
        if "_line" in frame.columns:
            tables[name] = frame.drop(columns="_line")
    speakers = tables["speakers.csv"]
    for col in ("aliases", "affiliation", "side", "event"):
        if col not in speakers.columns:
            speakers[col] = pd.Series([pd.NA] * len(speakers), dtype="string")
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


def load_side_tables(root: str | Path) -> dict[str, pd.DataFrame]:
    """The side tables of a corpus folder, checked and cleaned as :func:`load_corpus` does.

    For engines that read the articles part by part (the Dask engine): each part
    is loaded with :func:`load_corpus`, and its side tables are these.
    """
    root = Path(root)
    problems: list[Problem] = []
    files: list[Path] = []
    tables = {
        name: read_side_table(root, name, key, problems, files) for name, key in SIDE_TABLES.items()
    }
    if problems:
        raise CorpusError(problems, root)
    tables = {n: f.drop(columns="_line") if "_line" in f.columns else f for n, f in tables.items()}
    for col in ("aliases", "affiliation", "side", "event"):
        if col not in tables["speakers.csv"].columns:
            tables["speakers.csv"][col] = pd.Series(
                [pd.NA] * len(tables["speakers.csv"]), dtype="string"
            )
    return tables


def partitioned_header(root: str | Path, parts: list[Path]) -> Corpus:
    """A partitioned corpus without its articles: name, side tables, fingerprint.

    The fingerprint covers every part and side table, exactly as :func:`load_corpus`
    computes it, so a run scored part by part cites the same corpus.
    """
    root = Path(root)
    tables = load_side_tables(root)
    files = [*parts, *(root / name for name in SIDE_TABLES if (root / name).is_file())]
    fingerprint, rels = _fingerprint(root, files)
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
        raise CorpusError(
            [Problem(name, None, None, f"missing required column(s) {', '.join(missing)}")], name
        )
    raw = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        record = {k: v for k, v in record.items()}
        record["_line"], record["_unit"] = number, "row"
        raw.append((name, record))
    rows = validate_articles(raw, problems)
    if problems:
        raise CorpusError(problems, name)
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
