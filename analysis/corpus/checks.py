"""Checks on article records: required fields, ids, dates, references to side tables."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from analysis.errors import Problem
from analysis.schema import REQUIRED_FIELDS

MARKDOWN_SUFFIXES = (".md", ".markdown")

_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def _as_text(value: Any) -> str | None:
    """Convert a cell to text; ``None`` for missing values."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from a table
        return None
    if isinstance(value, bool | list | dict):
        raise TypeError(type(value).__name__)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def check_id(value: str) -> str | None:
    """Return why ``value`` is not a valid article id, or ``None`` when it is."""
    if "/" in value or "\\" in value:
        return f"id {value!r} contains a path separator; ids name files and must not"
    if ".." in value:
        return f"id {value!r} contains '..'; ids name files and must not"
    if not _ID_PATTERN.fullmatch(value):
        return (
            f"id {value!r} is not allowed: use 1-200 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return None


def parse_date(value: str) -> datetime:
    """Parse an ISO 8601 date or date-time; aware times are converted to naive UTC."""
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def validate_articles(raw: list[tuple[str, dict]], problems: list[Problem]) -> list[dict]:
    """Check raw records; return the good rows (problems appended for the rest)."""
    rows: list[dict] = []
    seen: dict[str, tuple[str, int]] = {}
    for rel, rec in raw:
        line = rec.pop("_line", None)
        unit = rec.pop("_unit", "line")
        lines = rec.pop("_lines", {})

        def where(name: str, line=line, lines=lines) -> int | None:
            return lines.get(name, line)

        row: dict[str, Any] = {}
        ok = True
        for key, value in rec.items():
            try:
                row[str(key).strip()] = _as_text(value)
            except TypeError as exc:
                problems.append(
                    Problem(
                        rel, where(key), key, f"must be a single text value, found a {exc}", unit
                    )
                )
                ok = False
        for name in REQUIRED_FIELDS:
            value = row.get(name)
            if value is None or not value.strip():
                if name == "text":
                    msg = (
                        "empty body: the article has no text"
                        if value is not None or rel.endswith(MARKDOWN_SUFFIXES)
                        else "missing required field 'text'"
                    )
                else:
                    msg = f"missing required field '{name}'"
                problems.append(Problem(rel, where(name), name, msg, unit))
                ok = False
        for name in ("id", "outlet", "event"):
            if row.get(name):
                row[name] = row[name].strip()
        if row.get("id"):
            reason = check_id(row["id"])
            if reason:
                problems.append(Problem(rel, where("id"), "id", reason, unit))
                ok = False
            elif row["id"] in seen:
                first_file, first_line = seen[row["id"]]
                problems.append(
                    Problem(
                        rel,
                        where("id"),
                        "id",
                        f"duplicate id {row['id']!r} (first used in {first_file}"
                        + (f", {unit} {first_line})" if first_line else ")"),
                        unit,
                    )
                )
                ok = False
            else:
                seen[row["id"]] = (rel, where("id"))
        for name in ("outlet", "event"):
            if row.get(name) and "\n" in row[name]:
                problems.append(Problem(rel, where(name), name, "must be one line", unit))
                ok = False
        if row.get("date"):
            try:
                row["date"] = parse_date(row["date"])
            except ValueError:
                problems.append(
                    Problem(
                        rel,
                        where("date"),
                        "date",
                        f"date {row['date']!r} is not ISO 8601 "
                        "(e.g. 2025-07-08 or 2025-07-08T14:30:00Z)",
                        unit,
                    )
                )
                ok = False
        else:
            row["date"] = None
        row["source"] = rel
        row["source_line"] = where("text") if rel.endswith(MARKDOWN_SUFFIXES) else line
        row["_unit"] = unit
        row["_lines"] = {k: where(k) for k in ("outlet", "event")}
        if ok:
            rows.append(row)
    return rows


def check_references(
    rows: list[dict], tables: dict[str, pd.DataFrame], problems: list[Problem], present: set[str]
) -> list[dict]:
    """Keep rows whose outlet and event are listed in the side tables that exist."""
    kept = []
    for row in rows:
        ok = True
        for name, key in (("outlets.csv", "outlet"), ("events.csv", "event")):
            if name not in present:
                continue
            known = set(tables[name][key].tolist())
            if row[key] not in known:
                listing = ", ".join(sorted(known)) or "(none)"
                problems.append(
                    Problem(
                        row["source"],
                        row["_lines"].get(key),
                        key,
                        f"{key} {row[key]!r} is not listed in {name} (listed: {listing})",
                        row["_unit"],
                    )
                )
                ok = False
        if ok:
            kept.append(row)
    if "speakers.csv" in present and "events.csv" in present:
        speakers = tables["speakers.csv"]
        if "event" in speakers.columns:
            known = set(tables["events.csv"]["event"].tolist())
            for _, sp in speakers.iterrows():
                ev = sp["event"]
                if isinstance(ev, str) and ev and ev not in known:
                    problems.append(
                        Problem(
                            "speakers.csv",
                            int(sp["_line"]),
                            "event",
                            f"event {ev!r} is not listed in events.csv",
                        )
                    )
    return kept
