"""Bring real articles into a corpus: from URLs, saved HTML pages, or table exports.

``python -m analysis ingest SOURCE --into CORPUS_DIR [--replace]`` where SOURCE is

* a CSV of URLs with columns ``url``, ``outlet``, ``event`` (optional ``id``,
  ``title``, ``date``): each page is fetched politely and its article extracted;
* a folder of saved ``.html``/``.htm`` pages, with ``--outlet`` and ``--event``;
* a CSV or JSONL export from a news database, with ``--map text=body,outlet=source``
  naming the export's columns for the corpus fields (``--map url=link`` for an
  export that lists only URLs: they are fetched);
* a GDELT (GKG or Events) or Media Cloud story-list export, read with built-in
  column maps (``--format gdelt|mediacloud``, or recognised by its header); the
  URLs they list are fetched.

HTML is decoded (declared charset, detection when it does not decode; the choice
is recorded) and goes through trafilatura (text, title, date, author, canonical
URL), which drops navigation, bylines, captions and "read more" links. The corpus
stays the source of truth: each new article is a Markdown file with front matter
under ``articles/<slug of event>/``; an existing article is never overwritten
unless ``--replace`` is given; ``manifest.csv`` records each article's URL,
retrieval time, sha256 of the raw HTML, the extractor's version and the charset;
the raw HTML is kept under ``raw/`` so extraction can be redone. ``outlets.csv``
and ``events.csv`` gain a row for every new outlet and event.

Each article is written as one transaction (:mod:`analysis.corpus.journal`):
Ctrl-C stops after the current URL with a summary, and a run that was killed is
repaired by the next. Every network fault is that URL's ``FAILED`` line
(:mod:`analysis.ingest.fetch`) and the run goes on.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from analysis.corpus.write import CorpusWriter, WriteResult
from analysis.errors import IngestError
from analysis.ingest.extract import decode_page, extract, extractor_version
from analysis.ingest.fetch import Fetcher, FetchError
from analysis.ingest.sources import Source, parse_mapping, read_source
from analysis.names import check_name

__all__ = [
    "FetchError",
    "Fetcher",
    "IngestError",
    "IngestResult",
    "article_id",
    "ingest",
    "suggest_speakers",
]

MAX_LISTED = 20  # skipped lines shown in a summary (failures are always all shown)


@dataclass
class IngestResult(WriteResult):
    """What an ingestion run did."""

    kind: str = ""
    interrupted: bool = False
    remaining: int = 0
    read_notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph for the command line."""
        lines = [f"read as a {self.kind}" + "".join(f"; {n}" for n in self.read_notes)]
        lines = lines if self.kind else []
        lines += [f"repaired: {note}" for note in self.notes]
        lines.append(
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{len(self.skipped)} skipped, {len(self.failed)} failed"
        )
        lines += [f"  skipped {s}: {r}" for s, r in self.skipped[:MAX_LISTED]]
        if len(self.skipped) > MAX_LISTED:
            lines.append(f"  ... and {len(self.skipped) - MAX_LISTED} more skipped")
        lines += [f"  FAILED {s}: {r}" for s, r in self.failed]
        if self.interrupted:
            lines.append(
                f"interrupted: stopped after the current item; {self.remaining} not attempted. "
                "Run the same command again to continue (articles already written are skipped)."
            )
        return "\n".join(lines)


def article_id(outlet: str, key: str) -> str:
    """A stable id from the outlet and a key (URL, file name, or the text's digest)."""
    slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")[:40] or "outlet"
    return f"{slug}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


# --------------------------------------------------------------------------- interruption


@dataclass
class _Stop:
    requested: bool = False


@contextlib.contextmanager
def _stop_on_signals(enabled: bool) -> Iterator[_Stop]:
    """Ctrl-C (or SIGTERM) asks the run to stop after the current item; twice stops at once."""
    stop = _Stop()
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum, frame):
        if stop.requested:
            raise KeyboardInterrupt
        stop.requested = True
        print(
            "\ninterrupted: finishing the current URL, then stopping "
            "(press Ctrl-C again to stop at once)",
            file=sys.stderr,
            flush=True,
        )

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


# --------------------------------------------------------------------------- one item each


def _written(writer: CorpusWriter, where: str, aid: str) -> bool:
    """Whether the article exists and stays (noted as skipped); fetch nothing then."""
    existing = writer.exists(aid)
    if existing is None or writer.replace:
        return False
    writer.result.skipped.append(
        (where, f"{existing.relative_to(writer.root)} exists (use --replace to overwrite)")
    )
    return True


def _extract(raw: bytes, content_type: str = "", url: str | None = None) -> tuple[dict, str]:
    text, charset = decode_page(raw, content_type)
    try:
        return extract(text, url), charset
    except ValueError:
        raise
    except Exception as exc:  # web pages are hostile; one must not stop the run
        raise ValueError(f"extraction failed: {type(exc).__name__}: {exc}") from None


def _add_page(writer: CorpusWriter, page: Path, outlet: str, event: str) -> None:
    raw = page.read_bytes()
    try:
        found, charset = _extract(raw)
    except ValueError as exc:
        writer.result.failed.append((page.name, str(exc)))
        return
    meta = {
        "id": article_id(outlet, page.name),
        "outlet": outlet,
        "event": event,
        "title": found["title"],
        "date": found["date"],
        "url": found["url"],
        "author": found["author"],
    }
    writer.add(page.name, meta, found["text"], raw, extractor_version(), charset)


def _add_text(writer: CorpusWriter, source: Path, row: dict) -> None:
    where = f"{source.name}, line {row['_line']}"
    if not row.get("text"):
        writer.result.failed.append((where, "empty text"))
        return
    key = row.get("url") or "text:" + hashlib.sha1(row["text"].encode("utf-8")).hexdigest()
    aid = row.get("id") or article_id(row["outlet"], key)
    if not row.get("id") and not row.get("url"):
        earlier = article_id(row["outlet"], f"{source.name}:{row['_line']}")  # ids before 0.2
        if _written(writer, where, earlier):
            return
    meta = {f: row.get(f, "") for f in ("title", "date", "url", "author", "language", "section")}
    meta = {"id": aid, "outlet": row["outlet"], "event": row["event"], **meta}
    writer.add(where, meta, row["text"], outlet_name=row.get("outlet_name", ""))


def _add_url(writer: CorpusWriter, fetcher: Fetcher, row: dict, where: str) -> None:
    if "duplicate" in row or "skip" in row:
        writer.result.skipped.append((where, row.get("duplicate") or row["skip"]))
        return
    aid = row.get("id") or article_id(row["outlet"], row["url"])
    if _written(writer, where, aid):
        return
    try:
        page = fetcher.fetch(row["url"])
        found, charset = _extract(page.body, page.content_type, page.url)
    except (OSError, ValueError) as exc:
        writer.result.failed.append((where, str(exc)))
        return
    if row.get("date_is_hint"):  # an export's crawl time: the page's own date is better
        date = found["date"] or row.get("date", "")
    else:
        date = row.get("date") or found["date"]
    meta = {
        "id": aid,
        "outlet": row["outlet"],
        "event": row["event"],
        "title": row.get("title") or found["title"] or row.get("title_hint", ""),
        "date": date,
        "url": found["url"] or page.url,
        "author": found["author"],
        "language": row.get("language", ""),
    }
    writer.add(
        where,
        meta,
        found["text"],
        page.body,
        extractor_version(),
        charset,
        outlet_name=row.get("outlet_name", ""),
    )


# --------------------------------------------------------------------------- entry point


def ingest(
    source: str | Path,
    into: str | Path,
    *,
    replace: bool = False,
    outlet: str | None = None,
    event: str | None = None,
    mapping: str | None = None,
    fmt: str | None = None,
    fetcher: Fetcher | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    handle_signals: bool = True,
) -> IngestResult:
    """Ingest a URL list, a folder of HTML pages, or an export into a corpus folder.

    Everything the source says is checked first (every problem raised at once as
    an :class:`IngestError`, nothing fetched or written). Then each item is one
    transaction; with ``handle_signals`` (the default, in the main thread) Ctrl-C
    or SIGTERM stops the run after the current item and the result says so.
    """
    source = Path(source)
    root = Path(into)
    if not source.exists():
        raise IngestError(f"{source}: no such file or folder")
    if root.exists() and not root.is_dir():
        raise IngestError(f"--into {root}: is a file, not a corpus folder")
    result = IngestResult()
    steps: list[Callable[[CorpusWriter], None]] = []
    if source.is_dir():
        if not outlet or not event:
            raise IngestError(f"{source} is a folder of pages: give --outlet and --event")
        for flag, value in (("--outlet", outlet), ("--event", event)):
            reason = check_name(value, flag.lstrip("-"))
            if reason:
                raise IngestError(f"{flag}: {reason}")
        pages = sorted(p for p in source.iterdir() if p.suffix.lower() in (".html", ".htm"))
        if not pages:
            raise IngestError(f"{source}: no .html or .htm files")
        result.kind = "folder of saved pages"
        steps = [lambda w, p=p: _add_page(w, p, outlet, event) for p in pages]
    else:
        read: Source = read_source(source, parse_mapping(mapping), fmt, outlet, event)
        result.kind, result.read_notes = read.kind, read.notes
        fetcher = fetcher or Fetcher()
        for row in read.rows:
            if not read.fetch:
                steps.append(lambda w, r=row: _add_text(w, source, r))
                continue
            where = (
                f"line {row['_line']} ({row['url']})"
                if read.kind == "URL list"
                else f"{source.name}, line {row['_line']} ({row['url']})"
            )
            steps.append(lambda w, r=row, at=where: _add_url(w, fetcher, r, at))
    writer = CorpusWriter(root, replace=replace, clock=clock, result=result)
    with writer, _stop_on_signals(handle_signals) as stop:
        for done, step in enumerate(steps):
            if stop.requested:
                result.interrupted, result.remaining = True, len(steps) - done
                break
            try:
                step(writer)
            except OSError as exc:  # writing failed (a full disk): stop, consistent
                raise IngestError(
                    f"cannot write into {root}: {exc.strerror or exc}; every article "
                    "before this one is complete, so free the space and run the same "
                    "command again"
                ) from None
    return result


def suggest_speakers(corpus_path: str | Path, event: str) -> list[dict]:
    """Speakers quoted on an event, with their roles, for a researcher to assign sides.

    ``aliases`` suggests the other words the articles named each speaker by
    (``speaker_mention`` of its quotes: "Altman", "the ChatGPT maker"), pronouns
    left out, one per key of :func:`~analysis.detect.quotes.entities.normalize_name`
    (case, a leading article and a possessive ignored), most frequent first, ``|``
    between them, as ``speakers.csv`` takes them. Anonymous individuals and vague
    groups are left out: they have no side to assign.
    """
    from analysis.corpus import load_corpus
    from analysis.pipeline import score

    corpus = load_corpus(corpus_path)
    if event not in corpus.event_names():
        raise IngestError(
            f"event {event!r} is not in the corpus (events: {', '.join(corpus.event_names())})"
        )
    _, spans = score(corpus.subset(events=[event]), progress=False)
    quotes = spans[(spans["kind"] == "quote") & (spans["speaker"].fillna("") != "")]
    rows = []
    for speaker, group in quotes.groupby("speaker"):
        kinds = set(group["speaker_type"].fillna("")) if "speaker_type" in group else set()
        if kinds and kinds <= {"anonymous_individual", "vague_group"}:
            continue
        if not kinds and not str(speaker)[:1].isupper():
            continue  # a run without types: an unnamed source starts lower case
        roles = [r for r in group["speaker_role"].fillna("") if r]
        rows.append(
            {
                "speaker": speaker,
                "aliases": "|".join(seen_aliases(str(speaker), group["speaker_mention"])),
                "affiliation": roles[0] if roles else "",
                "side": "",
                "event": event,
                "quotes": len(group),
            }
        )
    return sorted(rows, key=lambda r: (-r["quotes"], r["speaker"]))


def seen_aliases(speaker: str, mentions) -> list[str]:
    """The words other than ``speaker`` that named it, one per normalised key, most used first.

    Pronouns, empty mentions, the name itself (in any case, with or without an
    article or a possessive) and common-noun descriptions ("the company", "the
    spokeswoman": they name a different speaker in another article) are left out;
    a mention with a capitalised word is kept ("Mr. Altman", "the ChatGPT maker").
    Ties keep the order first seen.
    """
    from analysis.detect.quotes.entities import normalize_name
    from analysis.detect.quotes.words import PRONOUNS

    own = normalize_name(speaker)
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for mention in mentions:
        text = " ".join(str(mention or "").split()).strip(" ,.;:")
        key = normalize_name(text)
        if not key or key == own or key in PRONOUNS:
            continue
        if not re.search(r"(?:^|\s)[A-Z0-9]", re.sub(r"^(?:The|A|An)\s+", "", text)):
            continue
        counts[key] = counts.get(key, 0) + 1
        shown.setdefault(key, re.sub(r"(?:'|’)s?$", "", text))
    order = sorted(counts, key=lambda k: -counts[k])
    return [shown[k] for k in order]
