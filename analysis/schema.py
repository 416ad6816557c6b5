"""The span: the unit of evidence every count in the suite is made of.

A span is a stretch of one article (character offsets, end exclusive) that a
detector found: a loaded term, a hedge, a quote, a scare quote, an anonymous
source, a reporting verb. Its columns are the span contract of DESIGN.md, plus
``rule``: the lexicon entry or pattern that produced it, so a researcher can see
*why* a span was found, not only *that* it was; and ``speaker_mention``: for a
quote, the words that name its speaker where it was found ("he", "the official",
"Wen"), before they are resolved to ``speaker``; and ``speaker_type``: what kind
of source the speaker is, one of :data:`SPEAKER_TYPES` (a person, an
organisation, a document speaking for its author, a media outlet, an anonymous
individual, a vague group), empty when no speaker was found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

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

CONTRACT_COLUMNS = (
    "article_id",
    "kind",
    "start",
    "end",
    "text",
    "voice",
    "category",
    "speaker",
    "speaker_role",
    "side",
)
SPAN_COLUMNS = (*CONTRACT_COLUMNS, "rule", "speaker_mention", "speaker_type")
SPEAKER_TYPES = (
    "person",
    "organisation",
    "document",
    "media_outlet",
    "anonymous_individual",
    "vague_group",
)
SPAN_KINDS = (
    "loaded",
    "hedge",
    "booster",
    "quote",
    "scare_quote",
    "anonymous_source",
    "reporting_verb",
    "tone",
)


@dataclass(frozen=True)
class Span:
    """One piece of evidence, with offsets into its article's text."""

    article_id: str
    kind: str
    start: int
    end: int
    text: str
    voice: str = "author"
    category: str = ""
    speaker: str = ""
    speaker_role: str = ""
    side: str = ""
    rule: str = ""
    speaker_mention: str = ""
    speaker_type: str = ""


def spans_frame(spans: Iterable[Span], sort: bool = True) -> pd.DataFrame:
    """Spans as a DataFrame with the contract's columns.

    Args:
        spans: the spans.
        sort: sort by article id and offset; with ``False`` the given order is kept
            (the pipeline gives corpus order, offsets sorted within each article).
    """
    rows = [asdict(s) for s in spans]
    frame = pd.DataFrame(rows, columns=list(SPAN_COLUMNS))
    for col in SPAN_COLUMNS:
        frame[col] = frame[col].astype("int64" if col in ("start", "end") else "string")
    if sort:
        frame = frame.sort_values(["article_id", "start", "end", "kind"], kind="stable")
    return frame.reset_index(drop=True)


def span_rows(spans: Iterable[Span]) -> list[list]:
    """Spans as CSV rows in contract column order (for streaming writers)."""
    return [[getattr(s, c) for c in SPAN_COLUMNS] for s in spans]
