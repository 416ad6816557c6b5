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

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from analysis.corpus.write import CorpusWriter, WriteResult
from analysis.errors import IngestError
from analysis.ingest.extract import extract, extractor_version
from analysis.ingest.fetch import Fetcher
from analysis.ingest.sources import parse_mapping, read_export, read_url_list


@dataclass
class IngestResult(WriteResult):
    """What an ingestion run did."""

    def summary(self) -> str:
        """One paragraph for the command line."""
        lines = [
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{len(self.skipped)} skipped, {len(self.failed)} failed"
        ]
        lines += [f"  skipped {s}: {r}" for s, r in self.skipped]
        lines += [f"  FAILED {s}: {r}" for s, r in self.failed]
        return "\n".join(lines)


def article_id(outlet: str, key: str) -> str:
    """A stable id from the outlet and a key (URL or file name or row)."""
    slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")[:40] or "outlet"
    return f"{slug}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


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
    writer = CorpusWriter(root, replace=replace, clock=clock, result=IngestResult())
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
            writer.add(page.name, meta, found["text"], raw, extractor_version())
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
            writer.add(where, meta, found["text"], page.body, extractor_version())
    return writer.close()


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
