"""Reading corpus files: Markdown with front matter, CSV, JSON lines, Parquet.

Each reader returns records (dicts) that carry the line or row they came from, and
appends every problem it meets to the caller's list instead of stopping.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import yaml

from analysis.errors import Problem
from analysis.schema import REQUIRED_FIELDS


def missing_columns(
    rel: str,
    required: tuple[str, ...] | list[str],
    present: list[str],
    line: int | None = None,
    shown_as: str = "columns are",
) -> Problem | None:
    """The problem of a table that lacks required columns, or ``None`` if none lack."""
    missing = [c for c in required if c not in present]
    if not missing:
        return None
    return Problem(
        rel,
        line,
        None,
        "missing required column"
        + ("s " if len(missing) > 1 else " ")
        + ", ".join(f"'{c}'" for c in missing)
        + f" ({shown_as}: {', '.join(present)})",
    )


def decode_utf8(raw: bytes, rel: str, problems: list[Problem]) -> str | None:
    """Decode UTF-8 (a BOM is accepted) and normalise CRLF and CR line endings to LF."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Problem(
                rel,
                line,
                None,
                f"bytes are not UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start} "
                f"(column {col}); re-save the file as UTF-8",
            )
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _key_lines(front_matter: str, first_line: int) -> dict[str, int]:
    """Map each top-level front-matter key to its line number in the file."""
    lines: dict[str, int] = {}
    for i, line in enumerate(front_matter.split("\n")):
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if m and m.group(1) not in lines:
            lines[m.group(1)] = first_line + i
    return lines


def read_markdown(path: Path, rel: str, problems: list[Problem]) -> dict | None:
    """One Markdown article: front matter fields, the body as ``text``, line numbers."""
    text = decode_utf8(path.read_bytes(), rel, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(
            Problem(rel, 1, None, "no YAML front matter: the file must start with a line '---'")
        )
        return None
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if close is None:
        problems.append(Problem(rel, 1, None, "malformed YAML front matter: no closing '---' line"))
        return None
    front = "\n".join(lines[1:close])
    try:
        # BaseLoader keeps every scalar a string: id 007 stays "007", dates stay text.
        meta = yaml.load(front, Loader=yaml.BaseLoader)  # noqa: S506 (BaseLoader is safe)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(rel, line, None, f"malformed YAML front matter: {reason}"))
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(
            Problem(
                rel,
                2,
                None,
                "malformed YAML front matter: it must be a mapping of 'field: value' lines",
            )
        )
        return None
    key_lines = _key_lines(front, 2)
    if "text" in meta:
        problems.append(
            Problem(
                rel,
                key_lines.get("text", 2),
                "text",
                "the body goes after the front matter, not in a 'text' field",
            )
        )
        return None
    meta["text"] = "\n".join(lines[close + 1 :]).strip()
    meta["_lines"] = {**key_lines, "text": close + 2}
    meta["_line"] = 1
    return meta


def read_csv_records(
    text: str, rel: str, problems: list[Problem], required: tuple[str, ...]
) -> list[dict] | None:
    """Read a CSV into dicts that carry their starting line number as ``_line``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(rel, 1, None, "the file is empty: expected a header row"))
        return None
    except csv.Error as exc:
        problems.append(Problem(rel, 1, None, f"malformed CSV: {exc}"))
        return None
    header = [h.strip() for h in header]
    problem = missing_columns(rel, required, header, line=1, shown_as="header is")
    if problem:
        problems.append(problem)
        return None
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        problems.append(Problem(rel, 1, None, f"duplicate column names: {', '.join(dupes)}"))
        return None
    records = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(rel, start, None, f"malformed CSV: {exc}"))
            return None
        if not row or all(not cell.strip() for cell in row):
            start = reader.line_num + 1
            continue
        if len(row) != len(header):
            problems.append(
                Problem(rel, start, None, f"expected {len(header)} fields, found {len(row)}")
            )
        else:
            rec = dict(zip(header, row, strict=True))
            rec["_line"] = start
            records.append(rec)
        start = reader.line_num + 1
    return records


def read_jsonl_records(text: str, rel: str, problems: list[Problem]) -> list[dict]:
    """Records of a JSON-lines file, one object a line, with their line numbers."""
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(rel, number, None, f"not valid JSON: {exc.msg} (column {exc.colno})")
            )
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(rel, number, None, "each line must be a JSON object"))
            continue
        obj["_line"] = number
        records.append(obj)
    return records


def read_parquet_records(path: Path, rel: str, problems: list[Problem]) -> list[dict]:
    """Records of a Parquet file, with their row numbers."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for unreadable files
        problems.append(Problem(rel, None, None, f"not a readable Parquet file: {exc}"))
        return []
    problem = missing_columns(rel, REQUIRED_FIELDS, table.column_names)
    if problem:
        problems.append(problem)
        return []
    records = table.to_pylist()
    for i, rec in enumerate(records, start=1):
        rec["_line"] = i
        rec["_unit"] = "row"
    return records


def read_table(path: Path, rel: str, problems: list[Problem]) -> list[dict]:
    """Records of one articles table (CSV, JSON lines or Parquet)."""
    if path.suffix == ".parquet":
        return read_parquet_records(path, rel, problems)
    text = decode_utf8(path.read_bytes(), rel, problems)
    if text is None:
        return []
    if path.suffix == ".jsonl":
        return read_jsonl_records(text, rel, problems)
    return read_csv_records(text, rel, problems, required=("id", "outlet", "event", "text")) or []
