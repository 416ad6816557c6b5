"""Checks on article records: required fields, ids, dates, references to side tables."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from analysis.errors import Problem
from analysis.names import check_name, printable, terminal_safe
from analysis.schema import ARTICLE_COLUMNS, REQUIRED_FIELDS

MARKDOWN_SUFFIXES = (".md", ".markdown")

_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_KNOWN_FIELDS = frozenset(ARTICLE_COLUMNS)
# How many names a "not listed" message shows before "... and N more".
_LISTED_SHOWN = 20


def _as_text(value: Any) -> str | None:
    """Convert a cell to text; ``None`` for missing values."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from a table
        return None
    if isinstance(value, bool | list | dict | bytes):
        raise TypeError(type(value).__name__)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def check_id(value: str) -> str | None:
    """Return why ``value`` is not a valid article id, or ``None`` when it is."""
    if _ID_PATTERN.fullmatch(value) and ".." not in value:
        return None
    shown = printable(value, 60)
    if "/" in value or "\\" in value:
        return f"id {shown} contains a path separator; ids name files and must not"
    if ".." in value:
        return f"id {shown} contains '..'; ids name files and must not"
    return (
        f"id {shown} is not allowed: use 1-200 letters, digits, '.', '_' or '-', "
        "starting with a letter or digit"
    )


def check_value(value: str) -> str | None:
    """Why a text value cannot be loaded at all (NUL, a lone surrogate), or ``None``."""
    if "\x00" in value:
        return (
            "contains a NUL character (U+0000): NUL is never part of text, so the value is "
            "damaged; remove it"
        )
    if not value.isascii():
        bad = _SURROGATE.search(value)
        if bad:
            return (
                f"contains U+{ord(bad.group()):04X}, half of a UTF-16 surrogate pair without "
                "its other half (a broken \\u escape); it is not a character and cannot be "
                "written as UTF-8"
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
    names_checked: dict[tuple[str, str], str | None] = {}  # outlets and events repeat
    for rel, rec in raw:
        line = rec.pop("_line", None)
        unit = rec.pop("_unit", "line")
        lines = rec.pop("_lines", {})
        escaped = rec.pop("_escaped", ())

        def where(name: str, line=line, lines=lines) -> int | None:
            return lines.get(name, line)

        row: dict[str, Any] = {}
        ok = True
        for key, value in rec.items():
            if key not in _KNOWN_FIELDS:
                reason = check_name(str(key), "field name")
                if reason:
                    problems.append(Problem(rel, where(key), None, reason, unit))
                    ok = False
                    continue
            try:
                text = _as_text(value)
            except TypeError as exc:
                problems.append(
                    Problem(
                        rel, where(key), key, f"must be a single text value, found a {exc}", unit
                    )
                )
                ok = False
                continue
            # NUL can come from any source; a lone surrogate only from a \u escape
            # in JSON or YAML (decoded UTF-8 and Arrow strings never hold one).
            reason = None
            if text is not None and ("\x00" in text or key in escaped):
                reason = check_value(text)
            if reason:
                problems.append(Problem(rel, where(key), key, reason, unit))
                ok = False
                continue
            row[str(key).strip()] = text
        for name in REQUIRED_FIELDS:
            if name in rec and name not in row:
                continue  # already reported: not a text value
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
            elif name == "text" and not any(ch.isalnum() for ch in value):
                problems.append(
                    Problem(
                        rel,
                        where(name),
                        name,
                        "empty body: the text has no letters or digits, so no words",
                        unit,
                    )
                )
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
            reason = None
            if row.get(name):
                key = (name, row[name])
                if key not in names_checked:
                    names_checked[key] = check_name(row[name], name)
                reason = names_checked[key]
            if reason:
                problems.append(Problem(rel, where(name), name, reason, unit))
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


_LISTED = (("outlets.csv", "outlet"), ("events.csv", "event"))


def _listing(values: set[str]) -> str:
    names = sorted(values)
    if not names:
        return "(none)"
    shown = ", ".join(terminal_safe(n) for n in names[:_LISTED_SHOWN])
    more = len(names) - _LISTED_SHOWN
    return shown + (f", ... and {more:,} more" if more > 0 else "")


def check_references(
    rows: list[dict], tables: dict[str, pd.DataFrame], problems: list[Problem], present: set[str]
) -> list[dict]:
    """Keep rows whose outlet and event are listed in the side tables that exist."""
    known = {name: set(tables[name][key].tolist()) for name, key in _LISTED if name in present}
    listing = {name: _listing(values) for name, values in known.items()}
    kept = []
    for row in rows:
        ok = True
        for name, key in _LISTED:
            if name not in present:
                continue
            if row[key] not in known[name]:
                problems.append(
                    Problem(
                        row["source"],
                        row["_lines"].get(key),
                        key,
                        f"{key} {printable(row[key], 60)} is not listed in {name} "
                        f"(listed: {listing[name]})",
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
