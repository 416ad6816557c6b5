"""Per-article metrics, each a documented function of spans and word counts.

Rates are per 1,000 words of the voice they count in, so an outlet that quotes a
lot is not credited with the loaded words of the people it quotes. Negated
loaded adjectives ("not corrupt") are kept as spans but not counted.

=============================  ==========================================================
column                         definition
=============================  ==========================================================
``words``                      word tokens in the article
``authorial_words``            words outside quotation marks (author's voice)
``quoted_words``               words inside quotation marks
``loaded_per_1k_words``        1000 × loaded spans in the author's voice / authorial_words
``loaded_per_1k_quoted_words`` 1000 × loaded spans in quoted voice / quoted_words
``hedges_per_1k_words``        1000 × hedge spans in the author's voice (attribution
                               hedges excluded) / authorial_words
``attribution_hedges``         "critics say"-type hedges in the author's voice
``hedged_sentence_share``      sentences with at least one hedge / sentences
``boosters_per_1k_words``      1000 × booster spans in the author's voice / authorial_words
``quotes_direct``              direct quote spans
``quotes_partial``             partial quote spans
``quotes_indirect``            indirect speech spans
``quoted_word_share``          words inside direct and partial quotes / words
``scare_quotes``               scare-quote spans
``anonymous_sources``          distinct anonymous or vague sources in the author's voice
                               (each source once: ``speaker`` of its spans)
``unattributed_quotes``        direct and partial quotes with no speaker found
``distinct_speakers``          distinct speakers of direct, partial and indirect quotes
``stance_verb_share``          stance-marked reporting verbs / reporting verbs
``quotes_side_<side>``         quotes (any type) whose speaker is on <side>
``quoted_words_side_<side>``   words inside direct and partial quotes by <side>
``tone_mean``                  mean VADER compound over sentences (only with tone)
=============================  ==========================================================

A rate whose denominator is zero is missing (NaN), not zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.schema import Span
from analysis.text import Document

METRIC_COLUMNS = (
    "words",
    "authorial_words",
    "quoted_words",
    "loaded_per_1k_words",
    "loaded_per_1k_quoted_words",
    "hedges_per_1k_words",
    "attribution_hedges",
    "hedged_sentence_share",
    "boosters_per_1k_words",
    "quotes_direct",
    "quotes_partial",
    "quotes_indirect",
    "quoted_word_share",
    "scare_quotes",
    "anonymous_sources",
    "unattributed_quotes",
    "distinct_speakers",
    "stance_verb_share",
)
COUNT_COLUMNS = (
    "loaded_author",
    "loaded_quoted",
    "hedges_author",
    "boosters_author",
    "sentences",
    "hedged_sentences",
    "reporting_verbs",
    "stance_verbs",
    "direct_quote_words",
)


def _rate(count: float, denominator: float, per: float = 1000.0) -> float:
    return per * count / denominator if denominator else math.nan


def _counts(spans: Sequence[Span], kind: str, voice: str | None = None) -> list[Span]:
    return [
        s
        for s in spans
        if s.kind == kind
        and (voice is None or s.voice == voice)
        and not s.rule.endswith(":negated")
    ]


def article_metrics(doc: Document, spans: Sequence[Span], sides: Iterable[str] = ()) -> dict:
    """Every metric of one article from its document and spans.

    Args:
        doc: the segmented article (for word and sentence counts).
        spans: all spans found in it.
        sides: the sides known for its event; each gets quote and word columns.
    """
    words = len(doc.words)
    authorial = doc.authorial_words
    quoted = doc.quoted_words
    loaded_author = len(_counts(spans, "loaded", "author"))
    loaded_quoted = len(_counts(spans, "loaded", "quoted"))
    hedges = [s for s in spans if s.kind == "hedge"]
    hedges_author = [s for s in hedges if s.voice == "author" and s.category != "attribution"]
    attribution = [s for s in hedges if s.voice == "author" and s.category == "attribution"]
    boosters_author = _counts(spans, "booster", "author")
    quotes = [s for s in spans if s.kind == "quote"]
    direct = [s for s in quotes if s.category == "direct"]
    partial = [s for s in quotes if s.category == "partial"]
    indirect = [s for s in quotes if s.category == "indirect"]
    verbatim = direct + partial
    starts = doc.word_starts
    import bisect

    def words_in(span: Span) -> int:
        return bisect.bisect_left(starts, span.end) - bisect.bisect_left(starts, span.start)

    direct_words = sum(words_in(s) for s in verbatim)
    sentence_starts = [s.start for s in doc.sentences]
    hedged = {
        bisect.bisect_right(sentence_starts, s.start) - 1
        for s in hedges
        if s.category != "attribution"
    }
    verbs = [s for s in spans if s.kind == "reporting_verb"]
    stance = [s for s in verbs if s.category == "stance"]
    row = {
        "words": words,
        "authorial_words": authorial,
        "quoted_words": quoted,
        "loaded_per_1k_words": _rate(loaded_author, authorial),
        "loaded_per_1k_quoted_words": _rate(loaded_quoted, quoted),
        "hedges_per_1k_words": _rate(len(hedges_author), authorial),
        "attribution_hedges": len(attribution),
        "hedged_sentence_share": _rate(len(hedged), len(doc.sentences), 1.0),
        "boosters_per_1k_words": _rate(len(boosters_author), authorial),
        "quotes_direct": len(direct),
        "quotes_partial": len(partial),
        "quotes_indirect": len(indirect),
        "quoted_word_share": _rate(direct_words, words, 1.0),
        "scare_quotes": sum(1 for s in spans if s.kind == "scare_quote"),
        "anonymous_sources": len(
            {
                s.speaker or s.text
                for s in spans
                if s.kind == "anonymous_source" and s.voice == "author"
            }
        ),
        "unattributed_quotes": sum(1 for s in verbatim if not s.speaker),
        "distinct_speakers": len({s.speaker for s in quotes if s.speaker}),
        "stance_verb_share": _rate(len(stance), len(verbs), 1.0),
        # raw counts, so aggregates can pool counts over words instead of averaging rates
        "loaded_author": loaded_author,
        "loaded_quoted": loaded_quoted,
        "hedges_author": len(hedges_author),
        "boosters_author": len(boosters_author),
        "sentences": len(doc.sentences),
        "hedged_sentences": len(hedged),
        "reporting_verbs": len(verbs),
        "stance_verbs": len(stance),
        "direct_quote_words": direct_words,
    }
    for side in sorted(set(sides)):
        row[f"quotes_side_{side}"] = sum(1 for s in quotes if s.side == side)
        row[f"quoted_words_side_{side}"] = sum(words_in(s) for s in verbatim if s.side == side)
    tones = [s for s in spans if s.kind == "tone"]
    if tones:
        scores = [float(s.rule.split(":", 1)[1]) for s in tones]
        row["tone_mean"] = sum(scores) / len(scores)
    return row


def order_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Identity columns, then the metrics, then raw counts, then side columns."""
    first = ["id", "outlet", "event"]
    side_cols = sorted(
        c for c in frame.columns if c.startswith(("quotes_side_", "quoted_words_side_"))
    )
    rest = [
        c
        for c in frame.columns
        if c not in first
        and c not in METRIC_COLUMNS
        and c not in COUNT_COLUMNS
        and c not in side_cols
    ]
    cols = [
        c
        for c in first + list(METRIC_COLUMNS) + rest + list(COUNT_COLUMNS) + side_cols
        if c in frame.columns
    ]
    return frame[cols]
