"""What ingestion reads: URL lists and table exports, checked line by line.

:func:`read_source` turns a file into a :class:`Source`: rows with corpus fields
(``url``, ``outlet``, ``event``, optionally ``id``, ``text``, ``title``,
``date``, ``author``, ``language``, ``section``) and the line each came from.
Rows with ``text`` are written as they are; rows with only a ``url`` are
fetched. Every problem (a bad URL in a URL list, a missing or unusable outlet or
event name, a bad or repeated id) is collected and reported at once, each with
its line, before anything is fetched or written.

Kinds of file:

* a **URL list** (CSV: ``url``, ``outlet``, ``event``, optional ``id``,
  ``title``, ``date``; blank lines and ``#`` comments skipped);
* a **table export** (CSV or JSONL) with ``--map field=column,...`` naming its
  columns for the corpus fields (an ``id`` column is used as the article id when
  present); with a text column its rows are articles, with only a URL column
  they are URLs to fetch;
* a **GDELT** 2.0/2.1 export, Global Knowledge Graph or Events, with its header
  row (codebook or BigQuery column names) or as GDELT's raw tab-separated files
  without one (27 GKG or 61 Events columns);
* a **Media Cloud** story list (``stories_id``/``id``, ``url``, ``title``,
  ``media_name``, ``media_url``, ``publish_date``, ...).

``outlet`` and ``event`` given on the command line fill in rows that have none
(a value in the row wins). Names are checked with :func:`analysis.names.check_name`
and are never used in paths as they are.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus.checks import check_id
from analysis.errors import IngestError
from analysis.names import check_name

_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
FIELDS = ("id", "url", "outlet", "event", "text", "title", "date", "author", "language", "section")
FORMATS = ("gdelt", "mediacloud")
MAX_SHOWN = 50  # problems listed in one message

# GDELT's raw files have no header; these are the column positions (0-based).
GKG_COLUMNS = 27  # GKG 2.1: GKGRECORDID, V2.1DATE, V2SOURCECOLLECTIONIDENTIFIER, ...
EVENTS_COLUMNS = 61  # Events 2.0: GLOBALEVENTID, SQLDATE, ..., DATEADDED, SOURCEURL
_GKG_RAW = {"date": 1, "collection": 2, "outlet": 3, "url": 4, "extras": 26}
_EVENTS_RAW = {"date": 59, "url": 60}


@dataclass
class Source:
    """Rows read from a source file, and what kind of file it was."""

    kind: str
    rows: list[dict] = field(default_factory=list)
    fetch: bool = True  # rows are URLs to fetch (no text)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _key(column: str) -> str:
    """A column name compared loosely: case, punctuation and GDELT's V2/V2.1 prefix dropped.

    ``V2.1DATE``, ``DATE`` and ``date`` are one column; so are
    ``V2DOCUMENTIDENTIFIER`` and ``DocumentIdentifier``, or ``SOURCEURL`` and
    ``SourceURL``.
    """
    lowered = re.sub(r"^v\d+(\.\d+)?(?=[a-z])", "", column.strip().lower())
    return re.sub(r"[^a-z0-9]", "", lowered)


def domain(url: str) -> str:
    """The site of a URL as an outlet name: ``https://www.nytimes.com/x`` -> ``nytimes.com``."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def gdelt_date(value: str) -> str:
    """``20240501123456`` or ``20240501`` (GDELT) to ISO 8601; other text as it is."""
    value = value.strip()
    if re.fullmatch(r"\d{14}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:8]}T{value[8:10]}:{value[10:12]}:{value[12:]}"
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


def _page_title(extras: str) -> str:
    found = re.search(r"<PAGE_TITLE>(.*?)</PAGE_TITLE>", extras or "", re.DOTALL)
    return " ".join(found.group(1).split()) if found else ""


def is_url(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) URL with a host."""
    return bool(_URL.fullmatch(value)) and bool(urllib.parse.urlsplit(value).netloc)


def _decode(path: Path, strict: bool) -> tuple[str, int]:
    """The file's text and how many undecodable bytes were replaced (0 when strict)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), 0
    except UnicodeDecodeError as exc:
        if strict:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise IngestError(
                f"{path}, line {line}: bytes are not UTF-8 (byte 0x{raw[exc.start]:02x}); the "
                "export looks like Latin-1 or Windows-1252: re-save it as UTF-8, e.g. "
                f"iconv -f latin1 -t utf-8 {path.name} > {path.stem}-utf8{path.suffix}"
            ) from None
    text = raw.decode("utf-8-sig", errors="replace")
    return text, text.count("\ufffd")


def _raise(path: Path, problems: list[str], what: str) -> None:
    if not problems:
        return
    shown = problems[:MAX_SHOWN]
    more = len(problems) - len(shown)
    tail = f"\n  ... and {more} more" if more else ""
    raise IngestError(
        f"{len(problems)} problem(s) in the {what} {path.name}; nothing was fetched or "
        "written:\n  " + "\n  ".join(shown) + tail
    )


def _check_rows(
    path: Path, rows: list[dict], what: str, urls_required: bool, fetch: bool = True
) -> None:
    """Names, ids and URLs of every row checked; duplicates marked; problems raised."""
    problems: list[str] = []
    ids: dict[str, int] = {}
    urls: dict[str, int] = {}
    lacking = [n for n in ("outlet", "event") if len(rows) > 1 and not any(r.get(n) for r in rows)]
    problems += [
        f"no row has an {n}: give --{n} NAME, or name its column with --map {n}=COLUMN"
        for n in lacking
    ]
    for row in rows:
        number = row["_line"]
        url = row.get("url", "")
        if "skip" not in row and fetch and not is_url(url):
            if urls_required:
                problems.append(f"line {number}: {url!r} is not an http(s) URL")
                continue
            row["skip"] = f"{url!r} is not an http(s) URL" if url else "no URL"
        if "skip" in row:
            continue  # not written: its names do not matter
        for name in ("outlet", "event"):
            value = row.get(name, "")
            if not value and name in lacking:
                continue
            if not value:
                problems.append(f"line {number}: missing {name} (add the column, or give --{name})")
                continue
            reason = check_name(value, name)
            if reason:
                problems.append(f"line {number}: {reason}")
        if row.get("id"):
            reason = check_id(row["id"])
            if reason:
                problems.append(f"line {number}: {reason}")
            elif row["id"] in ids:
                problems.append(f"line {number}: id {row['id']!r} repeats line {ids[row['id']]}")
            else:
                ids[row["id"]] = number
        if fetch:
            if url in urls:
                row["duplicate"] = f"same URL as line {urls[url]}"
            else:
                urls[url] = number
    _raise(path, problems, what)


def _text(value: object) -> str:
    """A cell as stripped text (``None`` is empty; JSON numbers keep their digits)."""
    return "" if value is None else str(value).strip()


def _fill(row: dict, outlet: str | None, event: str | None) -> dict:
    for name, value in (("outlet", outlet), ("event", event)):
        if not row.get(name) and value:
            row[name] = value
    return row


# --------------------------------------------------------------------------- URL lists


def read_url_list(path: Path, outlet: str | None = None, event: str | None = None) -> list[dict]:
    """Rows of a URL list CSV, checked: every problem named by line, all at once.

    Blank lines and lines starting with ``#`` are skipped; a repeated URL is
    marked (``duplicate`` key) rather than fetched twice. ``outlet`` and
    ``event`` fill in rows (or a list) that have none.
    """
    text, _ = _decode(path, strict=True)
    lines = text.replace("\r\n", "\n").split("\n")
    body = [
        (n, ln)
        for n, ln in enumerate(lines, start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not body:
        raise IngestError(f"{path}: no header row and no URLs")
    header_line, header = body[0]
    columns = [c.strip() for c in next(csv.reader([header]))]
    needed = ["url"] + [c for c, v in (("outlet", outlet), ("event", event)) if not v]
    missing = [c for c in needed if c not in columns]
    if missing:
        raise IngestError(
            f"{path}, line {header_line}: missing column(s) {', '.join(missing)} "
            f"(header is: {', '.join(columns)}); a GDELT or Media Cloud export is read "
            "with --format gdelt or --format mediacloud, another export with --map"
        )
    rows = []
    for number, line in body[1:]:
        cells = next(csv.reader([line]))
        row = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns)}
        row["_line"] = number
        rows.append(_fill(row, outlet, event))
    _check_rows(path, rows, "URL list", urls_required=True)
    return rows


# --------------------------------------------------------------------------- mapping


def parse_mapping(text: str | None) -> dict[str, str]:
    """``text=body,outlet=source`` to ``{"text": "body", "outlet": "source"}``."""
    mapping = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise IngestError(f"--map: {part!r} is not field=column")
        if key.strip() not in FIELDS:
            raise IngestError(
                f"--map: {key.strip()!r} is not a corpus field (fields: {', '.join(FIELDS)})"
            )
        mapping[key.strip()] = value.strip()
    return mapping


# --------------------------------------------------------------------------- exports


def _records(path: Path, text: str) -> tuple[list[tuple[int, dict]], list[str], str]:
    """Records of a JSONL or CSV/TSV export, the columns, and the delimiter."""
    records: list[tuple[int, dict]] = []
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                raise IngestError(f"{path}, line {number}: not valid JSON: {reason}") from None
            if not isinstance(record, dict):
                raise IngestError(f"{path}, line {number}: not a JSON object")
            records.append((number, record))
        columns = sorted(set().union(*(r.keys() for _, r in records))) if records else []
        return records, columns, ""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 64 * 1024 * 1024))  # GDELT GKG fields run long
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [(reader.line_num, cells) for cells in reader if cells]
    except csv.Error as exc:
        raise IngestError(f"{path}, line {reader.line_num}: {exc}") from None
    finally:
        csv.field_size_limit(limit)
    if not rows:
        return [], [], delimiter
    header = [c.strip() for c in rows[0][1]]
    out = [
        (number, {c: cells[i] if i < len(cells) else "" for i, c in enumerate(header)})
        for number, cells in rows[1:]
    ]
    return out, header, delimiter


def _raw_gdelt(text: str) -> Source | None:
    """A GDELT file without a header row (GDELT's own 15-minute files), or None."""
    lines = [(n, ln.rstrip("\r")) for n, ln in enumerate(text.split("\n"), start=1) if ln.strip()]
    if not lines:
        return None
    first = lines[0][1].split("\t")
    kind = {GKG_COLUMNS: "gkg", EVENTS_COLUMNS: "events"}.get(len(first))
    positions = _GKG_RAW if kind == "gkg" else _EVENTS_RAW
    if kind is None or not (is_url(first[positions["url"]]) or kind == "gkg"):
        return None
    rows = []
    for number, line in lines:
        cells = line.split("\t")
        cell = {k: (cells[i] if i < len(cells) else "") for k, i in positions.items()}
        rows.append(_gdelt_row(kind, number, cell))
    label = "GDELT GKG" if kind == "gkg" else "GDELT Events"
    return Source(f"{label} export", rows, notes=[f"read as a {label} file without a header"])


_GDELT_HEADERS = {
    "gkg": {
        "url": "documentidentifier",
        "outlet": "sourcecommonname",
        "date": "date",
        "collection": "sourcecollectionidentifier",
        "extras": "extrasxml",
    },
    "events": {"url": "sourceurl", "date": "dateadded"},
}


def _gdelt_rows(records: list[tuple[int, dict]], columns: list[str]) -> Source | None:
    """Rows of a GDELT GKG or Events export with its header row, or None."""
    keys = {_key(c): c for c in columns}
    kind = "gkg" if "documentidentifier" in keys else "events" if "sourceurl" in keys else None
    if kind is None:
        return None
    rows = []
    for number, record in records:
        cell = {k: _text(record.get(keys.get(col, ""))) for k, col in _GDELT_HEADERS[kind].items()}
        rows.append(_gdelt_row(kind, number, cell))
    return Source(f"GDELT {'GKG' if kind == 'gkg' else 'Events'} export", rows)


def _gdelt_row(kind: str, number: int, cell: dict[str, str]) -> dict:
    url = cell.get("url", "").strip()
    row = {"_line": number, "url": url, "date": gdelt_date(cell.get("date", ""))}
    row["outlet"] = domain(url) if kind == "events" else cell.get("outlet", "").strip().lower()
    if kind == "gkg":
        row["outlet"] = row["outlet"].removeprefix("www.") or domain(url)
        row["title_hint"] = _page_title(cell.get("extras", ""))
        collection = cell.get("collection", "").strip()
        if collection and collection != "1":  # 1 is WEB; others are citations, not pages
            row["skip"] = f"GDELT source collection {collection} is not a web page"
    row["date_is_hint"] = True  # the page's own date, when it has one, is better
    return row


def _mediacloud_rows(records: list[tuple[int, dict]], columns: list[str]) -> Source | None:
    keys = {_key(c): c for c in columns}
    if "url" not in keys or not ({"medianame", "mediaurl", "storiesid"} & set(keys)):
        return None
    rows = []
    for number, record in records:

        def get(name: str, record: dict = record) -> str:
            return _text(record.get(keys.get(name, "")))

        url = get("url")
        site = domain(get("mediaurl")) if get("mediaurl") else ""
        rows.append(
            {
                "_line": number,
                "url": url,
                "outlet": site or get("medianame") or domain(url),
                "outlet_name": get("medianame"),
                "title": get("title"),
                "date": get("publishdate"),
                "language": get("language"),
            }
        )
    return Source("Media Cloud story list", rows)


def _mapped_rows(
    path: Path, records: list[tuple[int, dict]], columns: list[str], mapping: dict[str, str]
) -> Source:
    """Rows of a generic export: fields named by ``mapping``, else by the same column."""
    wanted = {f: f for f in FIELDS if f in columns}
    wanted.update(mapping)
    missing = [f"{f}={c}" for f, c in mapping.items() if c not in columns]
    if missing:
        raise IngestError(
            f"{path}: mapped column(s) not in the export: {', '.join(missing)} "
            f"(columns are: {', '.join(columns)})"
        )
    if "text" not in wanted and "url" not in wanted:
        raise IngestError(
            f"{path}: no text column and no url column (columns are: {', '.join(columns)}); "
            "name one with --map text=COLUMN (articles) or --map url=COLUMN (URLs to fetch)"
        )
    rows = []
    for number, record in records:
        row = {f: _text(record.get(c)) for f, c in wanted.items()}
        row["_line"] = number
        rows.append(row)
    return Source("export", rows, fetch="text" not in wanted)


def read_source(
    path: Path,
    mapping: dict[str, str] | None = None,
    fmt: str | None = None,
    outlet: str | None = None,
    event: str | None = None,
) -> Source:
    """Read a URL list or an export (see the module docstring), every row checked."""
    mapping = mapping or {}
    if fmt is not None and fmt not in FORMATS:
        raise IngestError(f"--format {fmt!r}: known formats are {', '.join(FORMATS)}")
    for flag, value in (("--outlet", outlet), ("--event", event)):
        reason = check_name(value, flag.lstrip("-")) if value is not None else None
        if reason:
            raise IngestError(f"{flag}: {reason}")
    jsonl = path.suffix.lower() == ".jsonl"
    builtin = "text" not in mapping  # GDELT and Media Cloud exports carry no text
    text, replaced = _decode(path, strict=False)
    source = _raw_gdelt(text) if builtin and not jsonl and fmt in (None, "gdelt") else None
    if source is not None and mapping:
        raise IngestError(f"{path}: --map names header columns, and this GDELT file has none")
    if source is None:
        records, columns, _ = _records(path, text)
        if builtin and fmt in (None, "gdelt"):
            source = _gdelt_rows(records, columns)
        if builtin and source is None and fmt in (None, "mediacloud"):
            source = _mediacloud_rows(records, columns)
        if source is None and fmt == "gdelt":
            raise IngestError(
                f"{path}: not a GDELT export: expected a header with DocumentIdentifier "
                "(GKG) or SOURCEURL (Events), or GDELT's tab-separated file without a "
                f"header ({GKG_COLUMNS} or {EVENTS_COLUMNS} columns)"
            )
        if source is None and fmt == "mediacloud":
            raise IngestError(
                f"{path}: not a Media Cloud story list: expected columns url and media_name, "
                f"media_url or stories_id (columns are: {', '.join(columns)})"
            )
        if source is not None:
            missing = [f"{f}={c}" for f, c in mapping.items() if c not in columns]
            if missing:
                raise IngestError(
                    f"{path}: mapped column(s) not in the export: {', '.join(missing)} "
                    f"(columns are: {', '.join(columns)})"
                )
            for (_, record), row in zip(records, source.rows, strict=True):
                row.update({f: _text(record.get(c)) for f, c in mapping.items()})
        else:
            if replaced:
                _decode(path, strict=True)  # raises, naming the line and the byte
            if not jsonl and not mapping and "text" not in columns:
                return Source("URL list", read_url_list(path, outlet, event))
            source = _mapped_rows(path, records, columns, mapping)
    if replaced:
        source.notes.append(f"{replaced} undecodable byte(s) in the export were replaced")
    for row in source.rows:
        _fill(row, outlet, event)
    _check_rows(path, source.rows, source.kind, urls_required=False, fetch=source.fetch)
    return source
