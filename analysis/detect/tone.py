"""Sentence tone with vaderSentiment (optional; off by default in ``score``).

VADER (Hutto and Gilbert 2014) ships its own lexicon inside the PyPI package, so
nothing is downloaded; unlike NLTK's port it also scores words inside quotation
marks. One span per sentence, kind ``tone``: ``category`` is ``negative``
(compound <= -0.05), ``positive`` (>= 0.05) or ``neutral``, and ``rule`` holds the
compound score. Voice is the voice of the sentence's first word.
"""

from __future__ import annotations

from functools import lru_cache

from analysis.schema import Span
from analysis.text import Document


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def detect_tone(doc: Document, article_id: str) -> list[Span]:
    """One ``tone`` span per sentence with VADER's compound score."""
    analyzer = _analyzer()
    spans = []
    for sentence in doc.sentences:
        text = doc.text[sentence.start : sentence.end]
        compound = analyzer.polarity_scores(text)["compound"]
        category = (
            "negative" if compound <= -0.05 else "positive" if compound >= 0.05 else "neutral"
        )
        spans.append(
            Span(
                article_id,
                "tone",
                sentence.start,
                sentence.end,
                text,
                doc.voice_at(sentence.start),
                category,
                rule=f"vader:{compound:+.4f}",
            )
        )
    return spans
