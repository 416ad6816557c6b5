"""The side tables (outlets.csv, events.csv, speakers.csv): the one reader.

Every stage that needs a side table (the loader, the Dask engine, ingestion)
reads it here, so a value is cleaned the same way everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.corpus.readers import decode_utf8, read_csv_records
from analysis.errors import Problem

SIDE_TABLES = {"outlets.csv": "outlet", "events.csv": "event", "speakers.csv": "speaker"}


def read_side_table(
    root: Path, name: str, key: str, problems: list[Problem], files: list[Path]
) -> pd.DataFrame:
    """One side table, cleaned (values stripped, duplicates and blank keys reported)."""
    path = root / name
    if not path.is_file():
        return pd.DataFrame({key: pd.Series([], dtype="string")})
    files.append(path)
    text = decode_utf8(path.read_bytes(), name, problems)
    records = read_csv_records(text, name, problems, required=(key,)) if text is not None else None
    if records is None:
        return pd.DataFrame({key: pd.Series([], dtype="string")})
    unique_by = (key, "event") if name == "speakers.csv" else (key,)
    seen: dict[tuple, int] = {}
    clean = []
    for rec in records:
        line = rec.pop("_line")
        rec = {k: v.strip() for k, v in rec.items()}
        if not rec[key]:
            problems.append(Problem(name, line, key, f"missing required field '{key}'"))
            continue
        ident = tuple(rec.get(k, "") for k in unique_by)
        if ident in seen:
            problems.append(
                Problem(
                    name, line, key, f"duplicate {key} {rec[key]!r} (first on line {seen[ident]})"
                )
            )
            continue
        seen[ident] = line
        rec["_line"] = line
        clean.append(rec)
    frame = pd.DataFrame(clean)
    for col in frame.columns:
        if col != "_line":
            frame[col] = frame[col].astype("string")
    return frame
