"""Per-article metrics: raw counts from spans, and the rates of the metric registry.

Every count is a number of spans (or of words), so every number can be opened;
every rate is a count divided by the denominator :data:`analysis.schema.METRICS`
names for it. Rates are per 1,000 words of the voice they count in, so an outlet
that quotes a lot is not charged with the loaded words of the people it quotes.
Negated loaded adjectives ("not corrupt") are kept as spans but not counted. A
rate whose denominator is zero is missing (NaN), not zero.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import pandas as pd

from analysis.schema import COUNT_COLUMNS, METRICS, Span
from analysis.text import Document

IDENTITY_COLUMNS = ("id", "outlet", "event", "date")


def rate(count: float, denominator: float, scale: float) -> float:
    """``scale × count / denominator``; NaN when the denominator is zero."""
    return scale * count / denominator if denominator else math.nan


def span_words(doc: Document, spans: Sequence[Span]) -> list[int]:
    """Word tokens inside each span (words that start inside it), in span order."""
    starts = doc.word_starts
    return [bisect.bisect_left(starts, s.end) - bisect.bisect_left(starts, s.start) for s in spans]


def _counted(span: Span, kind: str, voice: str) -> bool:
    return span.kind == kind and span.voice == voice and not span.rule.endswith(":negated")


def article_counts(doc: Document, spans: Sequence[Span], words: Sequence[int]) -> dict:
    """The raw counts of :data:`analysis.schema.COUNT_COLUMNS` for one article.

    Args:
        doc: the segmented article (word, voice and sentence counts).
        spans: every span found in it.
        words: word tokens inside each span (:func:`span_words`).
    """
    quotes = [(s, w) for s, w in zip(spans, words, strict=True) if s.kind == "quote"]
    verbatim = [(s, w) for s, w in quotes if s.category in ("direct", "partial")]
    hedges = [s for s in spans if s.kind == "hedge" and s.voice == "author"]
    sentence_starts = [s.start for s in doc.sentences]
    hedged = {
        bisect.bisect_right(sentence_starts, s.start) - 1
        for s in spans
        if s.kind == "hedge" and s.category != "attribution"
    }
    verbs = [s for s in spans if s.kind == "reporting_verb"]
    row = {
        "words": len(doc.words),
        "authorial_words": doc.authorial_words,
        "quoted_voice_words": doc.quoted_words,
        "sentences": len(doc.sentences),
        "loaded_author": sum(_counted(s, "loaded", "author") for s in spans),
        "loaded_quoted": sum(_counted(s, "loaded", "quoted") for s in spans),
        "hedges_author": sum(1 for s in hedges if s.category != "attribution"),
        "attribution_hedges": sum(1 for s in hedges if s.category == "attribution"),
        "hedged_sentences": len(hedged),
        "boosters_author": sum(_counted(s, "booster", "author") for s in spans),
        "quotes_direct": sum(1 for s, _ in quotes if s.category == "direct"),
        "quotes_partial": sum(1 for s, _ in quotes if s.category == "partial"),
        "quotes_indirect": sum(1 for s, _ in quotes if s.category == "indirect"),
        "verbatim_quote_words": sum(w for _, w in verbatim),
        "scare_quotes": sum(1 for s in spans if s.kind == "scare_quote"),
        "anonymous_sources": len(
            {
                s.speaker or s.text
                for s in spans
                if s.kind == "anonymous_source" and s.voice == "author"
            }
        ),
        "unattributed_quotes": sum(1 for s, _ in verbatim if not s.speaker),
        "distinct_speakers": len({s.speaker for s, _ in quotes if s.speaker}),
        "reporting_verbs": len(verbs),
        "stance_verbs": sum(1 for s in verbs if s.category == "stance"),
    }
    tones = [float(s.rule.split(":", 1)[1]) for s in spans if s.kind == "tone"]
    if tones:
        row["tone_sentences"] = len(tones)
        row["tone_sum"] = sum(tones)
    return row


def add_rates(row: dict) -> dict:
    """``row`` with every registry rate computed from its counts (in place, returned)."""
    for metric in METRICS:
        row[metric.name] = rate(row[metric.numerator], row[metric.denominator], metric.scale)
    if "tone_sentences" in row:
        row["tone_mean"] = rate(row["tone_sum"], row["tone_sentences"], 1)
    return row


def article_metrics(doc: Document, spans: Sequence[Span]) -> dict:
    """Every count and rate of one article (what a row of the articles table holds)."""
    return add_rates(article_counts(doc, spans, span_words(doc, spans)))


def order_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Identity columns, then the registry's rates, then raw counts, then the rest."""
    rates = [m.name for m in METRICS]
    known = [*IDENTITY_COLUMNS, *rates, *COUNT_COLUMNS]
    rest = [c for c in frame.columns if c not in known]
    return frame[[c for c in known if c in frame.columns] + rest]
