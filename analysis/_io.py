"""Atomic file writes, and CSV that is safe to open in a spreadsheet.

* Every output goes through a temporary file in the same folder and a rename, so
  a crash never leaves a half-written file under the final name. Files are
  written readable by others (mode 0644, less the user's umask), like any file
  a user makes.
* **CSV policy.** Text from the web can start with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return, which spreadsheet programs run as a formula when the
  CSV is opened ("formula injection"). In every CSV the suite writes, a text
  cell that starts with one of them gets a leading apostrophe (``'=cmd``), the
  escape spreadsheets show as plain text. Numbers are written as they are.
  Parquet files keep the raw values, so programs read the exact text.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def file_mode() -> int:
    """The mode a new file gets: 0666 less the user's umask (usually 0644)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write text as UTF-8 bytes atomically (line endings are written as given)."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            text = series.astype("string")
            risky = text.str.startswith(FORMULA_STARTS).fillna(False)
            if risky.any():
                out[col] = text.mask(risky, "'" + text)
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as the suite writes CSV: no index, LF line ends, 6 significant digits."""
    return spreadsheet_safe(frame).to_csv(index=False, lineterminator="\n", float_format="%.6g")


def write_csv_safe(path: str | Path, frame: pd.DataFrame) -> Path:
    """Write ``frame`` as spreadsheet-safe CSV (see the module docstring), atomically."""
    return write_text_atomic(path, csv_text(frame))
