"""The side tables (outlets.csv, events.csv, speakers.csv): the one reader.

Every stage that needs a side table (the loader, the Dask engine, ingestion)
reads it here, so a value is cleaned and checked the same way everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.corpus.files import CorpusFiles
from analysis.corpus.readers import decode_utf8, read_csv
from analysis.errors import Problem
from analysis.names import check_name, printable

SIDE_TABLES = {"outlets.csv": "outlet", "events.csv": "event", "speakers.csv": "speaker"}

# Columns whose values are names (check_name applies), per table.
_NAME_COLUMNS = {
    "outlets.csv": ("outlet",),
    "events.csv": ("event",),
    "speakers.csv": ("speaker", "side", "event"),
}


def _empty(key: str, columns: list[str] | None = None, read: bool = False) -> pd.DataFrame:
    columns = columns or [key]
    frame = pd.DataFrame({c: pd.Series([], dtype="string") for c in columns})
    frame.attrs["read"] = read
    return frame


def read_side_table(
    root: Path,
    name: str,
    key: str,
    problems: list[Problem],
    files: CorpusFiles | list[Path] | None = None,
) -> pd.DataFrame:
    """One side table, cleaned and checked; an empty frame when the file is absent.

    ``frame.attrs["read"]`` says whether the file was there and readable (a table
    that could not be read is no list to check outlets or events against).

    Values are stripped; a blank or repeated key and a name that
    :func:`check_name` refuses are problems. The frame keeps each row's line in ``_line``.

    Args:
        root: the corpus folder.
        name: the file name, a key of :data:`SIDE_TABLES`.
        key: its key column.
        problems: every problem found is appended here.
        files: the loader's :class:`CorpusFiles` (the file then counts in the
            corpus fingerprint); a list (the older form) gets the path appended.
    """
    path = root / name
    if not path.exists() and not path.is_symlink():
        return _empty(key)
    reader = files if isinstance(files, CorpusFiles) else CorpusFiles(root)
    if not reader.regular_file(path, problems):
        return _empty(key)
    if isinstance(files, list):
        files.append(path)
    raw = reader.read(path, problems)
    text = decode_utf8(raw, name, problems) if raw is not None else None
    result = read_csv(text, name, problems, required=(key,)) if text is not None else None
    if result is None:
        return _empty(key)
    header, records = result
    unique_by = (key, "event") if name == "speakers.csv" else (key,)
    seen: dict[tuple, int] = {}
    clean = []
    for rec in records:
        line = rec.pop("_line")
        rec = {k: v.strip() for k, v in rec.items()}
        if not rec[key]:
            problems.append(Problem(name, line, key, f"missing required field '{key}'"))
            continue
        bad = False
        for col in _NAME_COLUMNS[name]:
            reason = check_name(rec[col], col) if rec.get(col) else None
            if reason:
                problems.append(Problem(name, line, col, reason))
                bad = True
        if bad:
            continue
        ident = tuple(rec.get(k, "") for k in unique_by)
        if ident in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    key,
                    f"duplicate {key} {printable(rec[key], 60)} (first on line {seen[ident]})",
                )
            )
            continue
        seen[ident] = line
        rec["_line"] = line
        clean.append(rec)
    if not clean:
        return _empty(key, header, read=True)
    frame = pd.DataFrame(clean, columns=[*header, "_line"])
    for col in frame.columns:
        if col != "_line":
            frame[col] = frame[col].astype("string")
    frame.attrs["read"] = True
    return frame
