"""What ingestion reads: URL lists and table exports, checked line by line."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from pathlib import Path

from analysis.errors import IngestError

_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def read_url_list(path: Path) -> list[dict]:
    """Rows of a URL list CSV, checked: every problem named by line, all at once.

    Blank lines and lines starting with ``#`` are skipped; a repeated URL is
    dropped with a note (``duplicate`` key) rather than fetched twice.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{path}: not UTF-8 (byte offset {exc.start}); save it as UTF-8"
        ) from None
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n")]
    body = [
        (n, ln)
        for n, ln in enumerate(lines, start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not body:
        raise IngestError(f"{path}: no header row and no URLs")
    header_line, header = body[0]
    columns = [c.strip() for c in next(csv.reader([header]))]
    missing = [c for c in ("url", "outlet", "event") if c not in columns]
    if missing:
        raise IngestError(
            f"{path}, line {header_line}: missing column(s) {', '.join(missing)} "
            f"(header is: {', '.join(columns)})"
        )
    problems, rows, seen = [], [], {}
    for number, line in body[1:]:
        cells = next(csv.reader([line]))
        row = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns)}
        row["_line"] = number
        url = row["url"]
        if not _URL.fullmatch(url) or not urllib.parse.urlsplit(url).netloc:
            problems.append(f"{path}, line {number}: {url!r} is not an http(s) URL")
            continue
        for name in ("outlet", "event"):
            if not row[name]:
                problems.append(f"{path}, line {number}: missing {name}")
        if url in seen:
            row["duplicate"] = f"same URL as line {seen[url]}"
        else:
            seen[url] = number
        rows.append(row)
    if problems:
        raise IngestError(
            f"{len(problems)} problem(s) in the URL list:\n  " + "\n  ".join(problems)
        )
    return rows


def parse_mapping(text: str | None) -> dict[str, str]:
    """``text=body,outlet=source`` to ``{"text": "body", "outlet": "source"}``."""
    mapping = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise IngestError(f"--map: {part!r} is not field=column")
        mapping[key.strip()] = value.strip()
    return mapping


def read_export(path: Path, mapping: dict[str, str]) -> list[dict]:
    """Rows of a CSV or JSONL export, renamed by ``mapping`` (corpus field -> column)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise IngestError(
            f"{path}, line {line}: bytes are not UTF-8 (byte 0x{raw[exc.start]:02x}); the "
            "export looks like Latin-1 or Windows-1252: re-save it as UTF-8, e.g. "
            f"iconv -f latin1 -t utf-8 {path.name} > {path.stem}-utf8{path.suffix}"
        ) from None
    records: list[tuple[int, dict]] = []
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    records.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise IngestError(f"{path}, line {number}: not valid JSON: {exc.msg}") from None
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        for row in reader:
            records.append((reader.line_num, row))
    columns = set().union(*(r.keys() for _, r in records)) if records else set()
    wanted = {"text": "text", "outlet": "outlet", "event": "event", **mapping}
    missing = [
        f"{field_}={col}"
        for field_, col in wanted.items()
        if field_ in ("text", "outlet", "event") and col not in columns
    ]
    if missing:
        raise IngestError(
            f"{path}: mapped column(s) not in the export: {', '.join(missing)} "
            f"(columns are: {', '.join(sorted(columns))})"
        )
    rows = []
    for number, record in records:
        row = {field_: str(record.get(col) or "").strip() for field_, col in wanted.items()}
        row["_line"] = number
        rows.append(row)
    return rows
