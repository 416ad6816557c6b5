"""Bring real articles into a corpus: from URLs, saved HTML pages, or table exports.

``python -m analysis ingest SOURCE --into CORPUS_DIR [--replace]`` where SOURCE is

* a CSV of URLs with columns ``url``, ``outlet``, ``event`` (optional ``title``,
  ``date``): each page is fetched politely and its article extracted;
* a folder of saved ``.html``/``.htm`` pages, with ``--outlet`` and ``--event``;
* a CSV or JSONL export from a news database, with ``--map text=body,outlet=source``
  naming the export's columns for the corpus fields.

HTML goes through trafilatura (text, title, date, author, canonical URL), which
drops navigation, bylines, captions and "read more" links. The corpus stays the
source of truth: each new article is a Markdown file with front matter under
``articles/<event>/``; an existing article is never overwritten unless
``--replace`` is given; ``manifest.csv`` records each article's URL, retrieval
time, sha256 of the raw HTML and the extractor's version; the raw HTML is kept
under ``raw/`` so extraction can be redone. ``outlets.csv`` and ``events.csv``
gain a row for every new outlet and event. Every file is written atomically.

Fetching is bounded: a timeout, a retry limit for temporary failures, a
user agent naming the project, a delay between requests to the same host, a size
limit, and no JavaScript.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from analysis._io import write_bytes_atomic, write_text_atomic
from analysis.corpus import check_id, parse_date

USER_AGENT = "media-bias-notebooks/0.1 (research tool; see CITATION.cff)"
MANIFEST_COLUMNS = ("id", "url", "retrieved_at", "sha256", "extractor", "source")
MAX_BYTES = 5_000_000


class IngestError(ValueError):
    """Bad input to ingestion: the message lists every problem with its line."""


@dataclass
class Fetched:
    """A fetched page: the final URL after redirects and the raw bytes."""

    url: str
    body: bytes
    content_type: str = ""


@dataclass
class IngestResult:
    """What an ingestion run did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)

    def summary(self) -> str:
        """One paragraph for the command line."""
        lines = [
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{len(self.skipped)} skipped, {len(self.failed)} failed"
        ]
        lines += [f"  skipped {s}: {r}" for s, r in self.skipped]
        lines += [f"  FAILED {s}: {r}" for s, r in self.failed]
        return "\n".join(lines)


# --------------------------------------------------------------------------- fetching


class Fetcher:
    """Polite HTTP(S) fetching: timeout, retries, per-host delay, size limit."""

    def __init__(
        self,
        timeout: float = 20.0,
        retries: int = 2,
        delay: float = 1.0,
        max_bytes: int = MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.timeout, self.retries, self.delay, self.max_bytes = timeout, retries, delay, max_bytes
        self._sleep = sleep
        self._last: dict[str, float] = {}

    def _wait_for_host(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.delay - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = time.monotonic()

    def fetch(self, url: str) -> Fetched:
        """Fetch one page; raise ``OSError`` with a plain reason on failure."""
        host = urllib.parse.urlsplit(url).netloc
        attempt = 0
        while True:
            self._wait_for_host(host)
            request = urllib.request.Request(
                url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"}
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read(self.max_bytes + 1)
                    if len(body) > self.max_bytes:
                        raise OSError(f"page is larger than {self.max_bytes:,} bytes; not read")
                    return Fetched(
                        response.geturl(), body, response.headers.get("Content-Type", "")
                    )
            except urllib.error.HTTPError as exc:
                if exc.code < 500 or attempt >= self.retries:
                    raise OSError(f"HTTP {exc.code} {exc.reason}") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                    if attempt >= self.retries:
                        raise OSError(
                            f"no answer within {self.timeout:g} s ({attempt + 1} tries)"
                        ) from None
                else:
                    raise OSError(
                        f"cannot reach {host}: {reason} (is there a network connection?)"
                    ) from None
            except TimeoutError:
                if attempt >= self.retries:
                    raise OSError(
                        f"no answer within {self.timeout:g} s ({attempt + 1} tries)"
                    ) from None
            attempt += 1
            self._sleep(min(2.0**attempt, 10.0))


# --------------------------------------------------------------------------- extraction


def extractor_version() -> str:
    """The extractor's name and version, as recorded in the manifest."""
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def extract(html: bytes, url: str | None = None) -> dict:
    """Article text and metadata from a page (raises ``ValueError`` if there is none)."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip()
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()  # the headline is front matter, not body
    if len(re.findall(r"\w+", text)) < 20:
        raise ValueError("no article text found on the page")
    return {
        "text": "\n\n".join(p.strip() for p in text.split("\n") if p.strip()),
        "title": title,
        "date": data.get("date") or "",
        "author": data.get("author") or "",
        "url": data.get("url") or url or "",
    }


# --------------------------------------------------------------------------- sources


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


# --------------------------------------------------------------------------- writing


def article_id(outlet: str, key: str) -> str:
    """A stable id from the outlet and a key (URL or file name or row)."""
    slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")[:40] or "outlet"
    return f"{slug}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def _markdown(meta: dict, text: str) -> str:
    front = {k: v for k, v in meta.items() if v not in (None, "")}
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n{text.strip()}\n"


def _read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(path, buffer.getvalue())


class CorpusWriter:
    """Adds articles to a corpus folder without ever losing what is there."""

    def __init__(
        self,
        root: Path,
        replace: bool = False,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.root, self.replace, self.clock = root, replace, clock
        self.result = IngestResult()
        self.manifest = {r["id"]: r for r in _read_csv(root / "manifest.csv")}
        self.outlets = _read_csv(root / "outlets.csv")
        self.events = _read_csv(root / "events.csv")

    def add(self, source: str, meta: dict, text: str, raw: bytes | None = None) -> None:
        """Write one article (and its raw HTML), unless it exists and replace is off."""
        reason = check_id(meta["id"])
        if reason:
            self.result.failed.append((source, reason))
            return
        path = self.root / "articles" / meta["event"] / f"{meta['id']}.md"
        existed = path.exists()
        if existed and not self.replace:
            self.result.skipped.append(
                (source, f"{path.relative_to(self.root)} exists (use --replace to overwrite)")
            )
            return
        if meta.get("date"):
            try:
                meta["date"] = parse_date(str(meta["date"])).date().isoformat()
            except ValueError:
                meta["date"] = ""
        write_text_atomic(path, _markdown(meta, text))
        digest = ""
        if raw is not None:
            write_bytes_atomic(self.root / "raw" / f"{meta['id']}.html", raw)
            digest = hashlib.sha256(raw).hexdigest()
        self.manifest[meta["id"]] = {
            "id": meta["id"],
            "url": meta.get("url", ""),
            "retrieved_at": self.clock().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sha256": digest,
            "extractor": extractor_version() if raw is not None else "",
            "source": source,
        }
        for table, key in ((self.outlets, "outlet"), (self.events, "event")):
            if not any(r.get(key) == meta[key] for r in table):
                table.append({key: meta[key], "name" if key == "outlet" else "title": meta[key]})
        (self.result.replaced if existed else self.result.added).append(meta["id"])

    def close(self) -> IngestResult:
        """Write the manifest and side tables (atomically) and return the result."""
        rows = sorted(self.manifest.values(), key=lambda r: r["id"])
        _write_csv(self.root / "manifest.csv", rows, list(MANIFEST_COLUMNS))
        for table, name, first in (
            (self.outlets, "outlets.csv", ["outlet", "name"]),
            (self.events, "events.csv", ["event", "title"]),
        ):
            columns = first + sorted({k for r in table for k in r} - set(first))
            _write_csv(self.root / name, table, columns)
        return self.result


# --------------------------------------------------------------------------- entry point


def ingest(
    source: str | Path,
    into: str | Path,
    *,
    replace: bool = False,
    outlet: str | None = None,
    event: str | None = None,
    mapping: str | None = None,
    fetcher: Fetcher | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> IngestResult:
    """Ingest a URL list, a folder of HTML pages, or an export into a corpus folder."""
    source = Path(source)
    root = Path(into)
    if not source.exists():
        raise IngestError(f"{source}: no such file or folder")
    root.mkdir(parents=True, exist_ok=True)
    writer = CorpusWriter(root, replace=replace, clock=clock)
    if source.is_dir():
        if not outlet or not event:
            raise IngestError(f"{source} is a folder of pages: give --outlet and --event")
        pages = sorted(p for p in source.iterdir() if p.suffix.lower() in (".html", ".htm"))
        if not pages:
            raise IngestError(f"{source}: no .html or .htm files")
        for page in pages:
            raw = page.read_bytes()
            try:
                found = extract(raw)
            except ValueError as exc:
                writer.result.failed.append((page.name, str(exc)))
                continue
            meta = {
                "id": article_id(outlet, page.name),
                "outlet": outlet,
                "event": event,
                "title": found["title"],
                "date": found["date"],
                "url": found["url"],
                "author": found["author"],
            }
            writer.add(page.name, meta, found["text"], raw)
    elif mapping is not None or source.suffix.lower() == ".jsonl":
        for row in read_export(source, parse_mapping(mapping)):
            where = f"{source.name}, line {row['_line']}"
            if not row.get("text"):
                writer.result.failed.append((where, "empty text"))
                continue
            key = row.get("url") or row.get("id") or f"{source.name}:{row['_line']}"
            meta = {
                "id": row.get("id") or article_id(row["outlet"], key),
                "outlet": row["outlet"],
                "event": row["event"],
                "title": row.get("title", ""),
                "date": row.get("date", ""),
                "url": row.get("url", ""),
                "author": row.get("author", ""),
            }
            writer.add(where, meta, row["text"])
    else:
        rows = read_url_list(source)
        fetcher = fetcher or Fetcher()
        for row in rows:
            where = f"line {row['_line']} ({row['url']})"
            if "duplicate" in row:
                writer.result.skipped.append((where, row["duplicate"]))
                continue
            aid = article_id(row["outlet"], row["url"])
            target = root / "articles" / row["event"] / f"{aid}.md"
            if target.exists() and not replace:
                writer.result.skipped.append(
                    (where, f"{target.relative_to(root)} exists (use --replace to overwrite)")
                )
                continue
            try:
                page = fetcher.fetch(row["url"])
                found = extract(page.body, page.url)
            except (OSError, ValueError) as exc:
                writer.result.failed.append((where, str(exc)))
                continue
            meta = {
                "id": aid,
                "outlet": row["outlet"],
                "event": row["event"],
                "title": row.get("title") or found["title"],
                "date": row.get("date") or found["date"],
                "url": found["url"] or page.url,
                "author": found["author"],
            }
            writer.add(where, meta, found["text"], page.body)
    return writer.close()


def suggest_speakers(corpus_path: str | Path, event: str) -> list[dict]:
    """Speakers quoted on an event, with their roles, for a researcher to assign sides."""
    from analysis import load_corpus, score

    corpus = load_corpus(corpus_path)
    if event not in corpus.event_names():
        raise IngestError(
            f"event {event!r} is not in the corpus (events: {', '.join(corpus.event_names())})"
        )
    _, spans = score(corpus.subset(events=[event]), progress=False)
    quotes = spans[(spans["kind"] == "quote") & (spans["speaker"].fillna("") != "")]
    rows = []
    for speaker, group in quotes.groupby("speaker"):
        if not str(speaker)[:1].isupper():
            continue  # anonymous or vague sources have no side to assign
        roles = [r for r in group["speaker_role"].fillna("") if r]
        rows.append(
            {
                "speaker": speaker,
                "aliases": "",
                "affiliation": roles[0] if roles else "",
                "side": "",
                "event": event,
                "quotes": len(group),
            }
        )
    return sorted(rows, key=lambda r: (-r["quotes"], r["speaker"]))
