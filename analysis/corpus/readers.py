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
from analysis.names import printable
from analysis.schema import REQUIRED_FIELDS

# libyaml's loader when PyYAML has it (its wheels do): the same values as the
# pure-Python BaseLoader, several times faster on 100,000 articles, and it
# refuses nesting deeper than 1,000 levels by itself.
_YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
# A JSON escape of half a UTF-16 surrogate pair (\ud800 to \udfff).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


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
    """Decode UTF-8 (a BOM is accepted) and normalise CRLF and CR line endings to LF.

    A file with NUL bytes is refused whole: NUL is never part of text, so the file
    is damaged, not a text file, or saved as UTF-16.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(
                rel,
                1,
                None,
                "the file is UTF-16 (it starts with a UTF-16 byte-order mark); re-save it as UTF-8",
            )
        )
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        count = raw.count(b"\x00")
        problems.append(
            Problem(
                rel,
                line,
                None,
                f"contains {count:,} NUL byte{'s' if count > 1 else ''} (the first at column "
                f"{col}): NUL is never part of text, so the file is damaged or not a text file; "
                "re-save it as UTF-8 text",
            )
        )
        return None
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


def _front_matter_node(front: str, rel: str, problems: list[Problem]):
    """Parse front matter to (node, values), or ``None`` after noting the problem.

    Duplicate top-level keys are problems (YAML would silently keep the last one).
    """
    # BaseLoader keeps every scalar a string: id 007 stays "007", dates stay text.
    loader = _YAML_LOADER(front)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(rel, line, None, f"malformed YAML front matter: {reason}"))
        return None
    except RecursionError:
        problems.append(
            Problem(
                rel,
                2,
                None,
                "malformed YAML front matter: values are nested too deeply to read; front "
                "matter is 'field: value' lines",
            )
        )
        return None
    finally:
        loader.dispose()
    return node, meta


def _key_lines(node, rel: str, problems: list[Problem]) -> dict[str, int] | None:
    """Each top-level front-matter key's line in the file; ``None`` if a key repeats."""
    lines: dict[str, int] = {}
    ok = True
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node.value, str) else str(key_node.value)
        line = key_node.start_mark.line + 2
        if key in lines:
            problems.append(
                Problem(
                    rel,
                    line,
                    key,
                    f"duplicate field {printable(key, 60)} (first on line {lines[key]}); "
                    "keep one: YAML would silently use the last",
                )
            )
            ok = False
        else:
            lines[key] = line
    return lines if ok else None


def read_markdown(raw: bytes | Path, rel: str, problems: list[Problem]) -> dict | None:
    """One Markdown article (its bytes, or its path): front matter, body as ``text``, lines."""
    if isinstance(raw, Path):
        raw = raw.read_bytes()
    text = decode_utf8(raw, rel, problems)
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
    parsed = _front_matter_node("\n".join(lines[1:close]), rel, problems)
    if parsed is None:
        return None
    node, meta = parsed
    if meta is None:
        meta, key_lines = {}, {}
    elif not isinstance(meta, dict):
        problems.append(
            Problem(
                rel,
                2,
                None,
                "malformed YAML front matter: it must be a mapping of 'field: value' lines",
            )
        )
        return None
    else:
        key_lines = _key_lines(node, rel, problems)
        if key_lines is None:
            return None
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
    meta["_escaped"] = frozenset(meta)  # YAML escapes can make a lone surrogate
    meta["text"] = "\n".join(lines[close + 1 :]).strip()
    meta["_lines"] = {**key_lines, "text": close + 2}
    meta["_line"] = 1
    return meta


def read_csv(
    text: str,
    rel: str,
    problems: list[Problem],
    required: tuple[str, ...],
    article_rows: bool = False,
) -> tuple[list[str], list[dict]] | None:
    """The header and records of a CSV; each record carries its first line as ``_line``.

    ``None`` when the header is unusable. With ``article_rows`` (an articles table),
    a field that swallowed the rows after it through a quote never closed is a
    problem (see :func:`_row_finder`). A file that ends inside a quoted field is a
    problem in every table.
    """
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
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        problems.append(Problem(rel, 1, None, f"duplicate column names: {', '.join(dupes)}"))
        return None
    # Columns with no name (a trailing comma in the header, as spreadsheets write)
    # are dropped while they are empty; one that holds a value is a problem.
    unnamed = [i for i, h in enumerate(header) if not h]
    filled: tuple[int, int] | None = None
    records = []
    misfits: list[tuple[list[str], int]] = []  # rows with the wrong number of fields
    start = reader.line_num + 1
    last: tuple[list[str], int] | None = None
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
            misfits.append((row, start))
            last = None
        else:
            if unnamed:
                if filled is None:
                    filled = next(((i, start) for i in unnamed if row[i].strip()), None)
                rec = {h: cell for h, cell in zip(header, row, strict=True) if h}
            else:
                rec = dict(zip(header, row, strict=True))
            rec["_line"] = start
            records.append(rec)
            last = (row, start)
        start = reader.line_num + 1
    if filled is not None:
        problems.append(
            Problem(
                rel,
                1,
                None,
                f"column {filled[0] + 1} has no name in the header but holds values (the "
                f"first on line {filled[1]}); name it",
            )
        )
    row_like = _row_finder(header, records, [row for row, _ in misfits]) if article_rows else None
    for row, line in misfits:
        problems.append(Problem(rel, line, None, _misfit(row, line, len(header), row_like)))
    swallowed = set()
    for rec in records if row_like else ():
        field_line = rec["_line"]
        for name in header:
            value = rec.get(name, "")
            hits = row_like(value, field_line) if "\n" in value else []
            if hits:
                swallowed.add(rec["_line"])
                problems.append(
                    Problem(
                        rel,
                        rec["_line"],
                        name,
                        f'this field runs on over {_hits(hits)}: a quote (") that opens the '
                        "field is probably never closed, so the rows after it were read as its "
                        f"text. {_CLOSE_THE_QUOTE}",
                    )
                )
            field_line += value.count("\n")
    if (
        last is not None
        and last[1] not in swallowed
        and "\n" in last[0][-1]
        and not text.rstrip("\n").endswith('"')
    ):
        # Only a quoted field holds a line break, and a closed one ends with '"'.
        problems.append(
            Problem(
                rel,
                last[1],
                header[-1],
                'the file ends inside this field: a quote (") that opens it is never '
                "closed, so everything to the end of the file was read as its text",
            )
        )
    return header, records


_CLOSE_THE_QUOTE = 'Close the quote (a quote inside a field is written "")'


def _hits(hits: list[tuple[int, str]]) -> str:
    (line, aid), more = hits[0], len(hits) - 1
    return f"line {line}, which reads like a row of its own (id {printable(aid, 60)})" + (
        f", and {more} more such line{'s' if more > 1 else ''}" if more else ""
    )


def _misfit(row: list[str], line: int, expected: int, row_like) -> str:
    """The message for a row with the wrong number of fields, with the likely cause."""
    message = f"expected {expected} fields, found {len(row)}"
    if not any("\n" in cell for cell in row):
        return message
    hits, cell_line = [], line
    for cell in row:
        if row_like is not None:
            hits += row_like(cell, cell_line)
        cell_line += cell.count("\n")
    if hits:
        return (
            f'{message}: this row runs on over {_hits(hits)}: a quote (") in it is probably '
            f"never closed, so the rows after it were read as part of it. {_CLOSE_THE_QUOTE}"
        )
    return (
        f'{message}; a field of this row spans lines, so a quote (") in it is probably never closed'
    )


def _row_finder(header: list[str], records: list[dict], misfits: list[list[str]]):
    """A function finding the lines of a field that read like rows of their own.

    In ``a1,wire,ev,"He left.`` the quote is never closed, so the CSV reader takes
    the next lines (``a2,wire,ev,Second article.``) as the rest of a1's text, and
    article a2 silently disappears. A line inside a field (not its first) is taken
    for a row when it starts like one: a valid id, then an outlet and an event
    written without surrounding spaces (as every CSV writer does, and prose does
    not), of which at least one is the outlet or event of a row of the file (a
    row with too many or too few fields counts: its first fields are usually
    right). The function takes the field's text and its first line in the file and
    returns ``(line, id)`` for each such line.
    """
    from analysis.corpus.checks import check_id

    cols = [header.index(c) for c in ("id", "outlet", "event")]
    need = max(cols) + 1
    outlets = {rec["outlet"] for rec in records} | {r[cols[1]] for r in misfits if len(r) >= need}
    events = {rec["event"] for rec in records} | {r[cols[2]] for r in misfits if len(r) >= need}
    # Where the id comes first (as in every export), a regular expression finds the
    # candidate lines in one pass; otherwise every line is parsed.
    quick = (
        re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199},[^\s,]", re.MULTILINE)
        if cols[0] == 0
        else None
    )

    def candidates(value: str):
        if quick is None:
            yield from enumerate(value.split("\n")[1:], start=1)
            return
        for match in quick.finditer(value):
            start = match.start()
            if start:
                end = value.find("\n", start)
                yield value.count("\n", 0, start), value[start : end if end >= 0 else None]

    def find(value: str, first_line: int) -> list[tuple[int, str]]:
        hits = []
        for k, line in candidates(value):
            if line.count(",") < need - 1:
                continue
            cells = next(csv.reader([line]))
            if len(cells) < need:
                continue
            aid, outlet, event = (cells[i] for i in cols)
            if (
                all(c and c == c.strip() for c in (aid, outlet, event))
                and check_id(aid) is None
                and (outlet in outlets or event in events)
            ):
                hits.append((first_line + k, aid))
        return hits

    return find


def read_csv_records(
    text: str, rel: str, problems: list[Problem], required: tuple[str, ...]
) -> list[dict] | None:
    """The records of a CSV (see :func:`read_csv`), or ``None`` if the header is unusable."""
    result = read_csv(text, rel, problems, required)
    return None if result is None else result[1]


def read_jsonl_records(text: str, rel: str, problems: list[Problem]) -> list[dict]:
    """Records of a JSON-lines file, one object a line, with their line numbers.

    Numbers are kept as written (an id ``007``... is not valid JSON, but ``12345``
    stays ``"12345"``, whatever its length); a key repeated in one object is a
    problem (JSON would silently keep the last).
    """
    records = []
    dupes: list[str] = []

    def unique(pairs: list[tuple[str, object]]) -> dict:
        obj: dict = {}
        for key, value in pairs:
            if key in obj:
                dupes.append(key)
            obj[key] = value
        return obj

    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        dupes.clear()
        try:
            obj = json.loads(line, object_pairs_hook=unique, parse_int=str)
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(rel, number, None, f"not valid JSON: {exc.msg} (column {exc.colno})")
            )
            continue
        except RecursionError:
            problems.append(
                Problem(
                    rel,
                    number,
                    None,
                    "not valid JSON here: values are nested too deeply to read (a field "
                    "holds one text value)",
                )
            )
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(rel, number, None, "each line must be a JSON object"))
            continue
        if dupes:
            for key in dict.fromkeys(dupes):
                problems.append(
                    Problem(
                        rel,
                        number,
                        key,
                        f"duplicate key {printable(key, 60)} in this object; keep one: JSON "
                        "would silently use the last",
                    )
                )
            continue
        obj["_line"] = number
        if _SURROGATE_ESCAPE.search(line):
            obj["_escaped"] = frozenset(obj)
        records.append(obj)
    return records


def _binary_columns(schema) -> list[str]:
    import pyarrow as pa

    def binary(t) -> bool:
        if pa.types.is_dictionary(t):
            t = t.value_type
        return (
            pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t)
        )

    return [f.name for f in schema if binary(f.type)]


def read_parquet_records(raw: bytes, rel: str, problems: list[Problem]) -> list[dict]:
    """Records of a Parquet file (its bytes), with their row numbers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(raw))
    except Exception as exc:  # pyarrow raises several types for unreadable files
        problems.append(Problem(rel, None, None, f"not a readable Parquet file: {exc}"))
        return []
    problem = missing_columns(rel, REQUIRED_FIELDS, table.column_names)
    if problem:
        problems.append(problem)
        return []
    binary = _binary_columns(table.schema)
    for name in binary:
        problems.append(
            Problem(
                rel,
                None,
                name,
                "the column holds bytes (Parquet type binary), not text; write it as a "
                "string (UTF-8) column",
            )
        )
    if binary:
        return []
    try:
        records = table.to_pylist()
    except Exception as exc:  # e.g. invalid UTF-8 in a string column written by another tool
        problems.append(Problem(rel, None, None, f"not a readable Parquet file: {exc}"))
        return []
    for i, rec in enumerate(records, start=1):
        rec["_line"] = i
        rec["_unit"] = "row"
    return records


def read_table(raw: bytes, suffix: str, rel: str, problems: list[Problem]) -> list[dict]:
    """Records of one articles table (CSV, JSON lines or Parquet), from its bytes."""
    if suffix == ".parquet":
        return read_parquet_records(raw, rel, problems)
    text = decode_utf8(raw, rel, problems)
    if text is None:
        return []
    if suffix == ".jsonl":
        return read_jsonl_records(text, rel, problems)
    result = read_csv(text, rel, problems, required=REQUIRED_FIELDS, article_rows=True)
    return [] if result is None else result[1]
