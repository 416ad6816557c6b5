"""Corpus formats, schema and validation.

A corpus is a folder (see ``corpus/README.md`` for the datasheet):

* articles as Markdown files with YAML front matter under ``articles/`` (any
  depth), or one table file ``articles.csv``, ``articles.jsonl`` or
  ``articles.parquet``;
* optional side tables ``outlets.csv``, ``events.csv`` and ``speakers.csv``.

:func:`load_corpus` reads every file, collects *every* problem it finds (file,
line or row, field, reason) and raises one :class:`CorpusError` listing them all.
It never writes to the corpus folder.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.text import count_words

REQUIRED_FIELDS = ("id", "outlet", "event", "text")
OPTIONAL_FIELDS = ("title", "date", "url", "author", "language", "section")
ARTICLE_COLUMNS = (
    "id",
    "outlet",
    "event",
    "title",
    "date",
    "url",
    "author",
    "language",
    "section",
    "text",
    "source",
    "source_line",
)
TABLE_NAMES = ("articles.csv", "articles.jsonl", "articles.parquet")
MARKDOWN_SUFFIXES = (".md", ".markdown")
SIDE_TABLES = {"outlets.csv": "outlet", "events.csv": "event", "speakers.csv": "speaker"}
_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a corpus: where it is and what is wrong."""

    file: str
    line: int | None = None
    field: str | None = None
    message: str = ""
    unit: str = "line"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {self.unit} {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class CorpusError(Exception):
    """Raised when a corpus cannot be loaded; holds every problem found."""

    def __init__(self, problems: list[Problem], root: str | Path = ""):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or ""))
        self.root = str(root)
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in corpus {self.root}"
        return head + ":\n" + "\n".join(f"  - {p}" for p in self.problems)


@dataclass
class Corpus:
    """A loaded, validated corpus.

    Attributes:
        path: the corpus folder (or table file).
        name: a short name, the folder name.
        articles: one row per article, columns :data:`ARTICLE_COLUMNS` plus any
            extra front-matter or table fields (string dtype; ``date`` is datetime).
        outlets, events, speakers: the side tables (empty frames when absent).
        fingerprint: sha256 of every file read, independent of where the folder lives.
        files: relative paths of every file read, sorted.
    """

    path: Path
    name: str
    articles: pd.DataFrame
    outlets: pd.DataFrame
    events: pd.DataFrame
    speakers: pd.DataFrame
    fingerprint: str
    files: list[str] = field(default_factory=list)

    @property
    def short_fingerprint(self) -> str:
        """First 12 hex digits of the fingerprint, as printed in citations."""
        return self.fingerprint[:12]

    def article_text(self, article_id: str) -> str:
        """Return the body text of one article (the string span offsets refer to)."""
        row = self.articles.loc[self.articles["id"] == article_id]
        if row.empty:
            raise KeyError(f"no article with id {article_id!r} in corpus {self.name}")
        return str(row["text"].iloc[0])

    def subset(self, events: list[str] | None = None, outlets: list[str] | None = None) -> Corpus:
        """The same corpus restricted to some events and outlets (side tables kept)."""
        keep = pd.Series(True, index=self.articles.index)
        if events:
            keep &= self.articles["event"].isin(events)
        if outlets:
            keep &= self.articles["outlet"].isin(outlets)
        return replace(self, articles=self.articles[keep].reset_index(drop=True))

    def sides(self, event: str) -> list[str]:
        """Sides of the speakers on ``event``, in speakers.csv order, without repeats.

        Rows for that event and rows with no event (every event) count.
        """
        sp = self.speakers
        if "side" not in sp.columns:
            return []
        events = sp["event"].fillna("") if "event" in sp.columns else pd.Series("", sp.index)
        rows = sp.loc[events.isin(["", event]), "side"].fillna("")
        return [side for side in dict.fromkeys(rows) if side]

    def outlet_names(self) -> list[str]:
        """Outlets that have at least one article, sorted."""
        return sorted(self.articles["outlet"].unique().tolist())

    def event_names(self) -> list[str]:
        """Events that have at least one article, sorted."""
        return sorted(self.articles["event"].unique().tolist())


# --------------------------------------------------------------------------- reading


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


def _decode(raw: bytes, rel: str, problems: list[Problem]) -> str | None:
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


def _read_markdown(path: Path, rel: str, problems: list[Problem]) -> dict | None:
    text = _decode(path.read_bytes(), rel, problems)
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


def _read_csv_records(
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


def _read_jsonl_records(text: str, rel: str, problems: list[Problem]) -> list[dict]:
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


def _read_parquet_records(path: Path, rel: str, problems: list[Problem]) -> list[dict]:
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


def _read_table(path: Path, rel: str, problems: list[Problem]) -> list[dict]:
    if path.suffix == ".parquet":
        return _read_parquet_records(path, rel, problems)
    text = _decode(path.read_bytes(), rel, problems)
    if text is None:
        return []
    if path.suffix == ".jsonl":
        return _read_jsonl_records(text, rel, problems)
    return _read_csv_records(text, rel, problems, required=("id", "outlet", "event", "text")) or []


# --------------------------------------------------------------------------- validation


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


def _validate_articles(raw: list[tuple[str, dict]], problems: list[Problem]) -> list[dict]:
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


def _read_side_table(
    root: Path, name: str, key: str, problems: list[Problem], files: list[Path]
) -> pd.DataFrame:
    path = root / name
    if not path.is_file():
        return pd.DataFrame({key: pd.Series([], dtype="string")})
    files.append(path)
    text = _decode(path.read_bytes(), name, problems)
    records = _read_csv_records(text, name, problems, required=(key,)) if text is not None else None
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


def _check_references(
    rows: list[dict], tables: dict[str, pd.DataFrame], problems: list[Problem], present: set[str]
) -> list[dict]:
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
            raw.extend((rel, rec) for rec in _read_parquet_records(item, rel, problems))
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
            rec = _read_markdown(item, rel, problems)
            if rec is not None:
                raw.append((rel, rec))
    elif tables_found and not problems:
        table = tables_found[0]
        files.append(table)
        rel = table.relative_to(root).as_posix()
        raw.extend((rel, rec) for rec in _read_table(table, rel, problems))
    rows = _validate_articles(raw, problems)
    tables = {
        name: _read_side_table(root, name, key, problems, files)
        for name, key in SIDE_TABLES.items()
    }
    present = {name for name in SIDE_TABLES if (root / name).is_file()}
    rows = _check_references(rows, tables, problems, present)
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


def summarize(corpus: Corpus) -> pd.DataFrame:
    """Articles and words per outlet x event, with totals (the ``check`` summary).

    Returns a long table with columns ``event``, ``outlet``, ``articles``, ``words``.
    """
    frame = corpus.articles[["event", "outlet"]].copy()
    frame["words"] = [count_words(t) for t in corpus.articles["text"]]
    table = (
        frame.groupby(["event", "outlet"], observed=True)
        .agg(articles=("words", "size"), words=("words", "sum"))
        .reset_index()
    )
    return table.sort_values(["event", "outlet"]).reset_index(drop=True)
