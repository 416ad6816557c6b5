"""Baselines run in the same pass as the detectors, on the same articles.

* quotes: every string in quotation marks is a quote, and the nearest
  capitalised name in its paragraph is the speaker;
* loaded terms and hedges: the plain lexicon, every match counted, no context
  rules (no sense, negation, voice or name checks);
* anonymous and vague sources: every source or group noun ("officials",
  "critics", "an analyst") in the author's voice is a source.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from analysis.detect._common import GROUP_NOUNS, SOURCE_NOUNS, word_span
from analysis.lexicon import get_lexicon, match_words
from analysis.pipeline import annotate_text
from analysis.schema import Span, spans_frame
from analysis.text import Document
from analysis.validation.datasets import GoldSet


@dataclass
class Prediction:
    """Our spans and the baseline's spans for every article of a dataset."""

    ours: pd.DataFrame
    baseline: pd.DataFrame
    docs: dict[str, Document]


def _lexicon_baseline(doc: Document, article_id: str, lexicon: str, kind: str) -> list[Span]:
    return [
        word_span(doc, article_id, kind, m.first, m.last, m.entry.category, rule="baseline")
        for m in match_words(doc.words, get_lexicon(lexicon), doc.lowered)
    ]


_NAME = re.compile(r"(?:[A-Z][\w'’.-]+)(?:\s+[A-Z][\w'’.-]+)+")


def _quote_baseline(doc: Document, article_id: str) -> list[Span]:
    """Every top-level quotation is a quote; the nearest capitalised name speaks."""
    out = []
    for q in doc.quotes:
        if q.level != 1:
            continue
        p_start, p_end = next(
            ((a, b) for a, b in doc.paragraphs if a <= q.start < b), (0, len(doc.text))
        )
        best, distance = "", math.inf
        for m in _NAME.finditer(doc.text, p_start, p_end):
            if q.start <= m.start() < q.end:
                continue
            d = q.start - m.end() if m.end() <= q.start else m.start() - q.end
            if d < distance:
                best, distance = m.group(), d
        out.append(
            Span(
                article_id,
                "quote",
                q.start,
                q.end,
                doc.text[q.start : q.end],
                "quoted",
                "direct",
                best,
                rule="baseline",
            )
        )
    return out


def _source_baseline(doc: Document, article_id: str) -> list[Span]:
    """Every source or group noun in the author's voice."""
    nouns = SOURCE_NOUNS | GROUP_NOUNS
    return [
        word_span(doc, article_id, "anonymous_source", i, i + 1, "", rule="baseline")
        for i, word in enumerate(doc.lowered)
        if word in nouns and doc.word_voice[i] == "author"
    ]


def predict(gold_set: GoldSet, baseline: str) -> Prediction:
    """Run our detectors and the named baseline on every article."""
    ours, base, docs = [], [], {}
    for row in gold_set.corpus.articles[["id", "event", "text"]].itertuples(index=False):
        doc, spans = annotate_text(str(row.text), row.id, event=row.event)
        docs[row.id] = doc
        ours.extend(spans)
        if baseline == "quotes":
            base.extend(_quote_baseline(doc, row.id))
        elif baseline == "hedges":
            base.extend(_lexicon_baseline(doc, row.id, "hedges", "hedge"))
        elif baseline == "loaded":
            base.extend(_lexicon_baseline(doc, row.id, "loaded", "loaded"))
        elif baseline == "sources":
            base.extend(_source_baseline(doc, row.id))
    return Prediction(spans_frame(ours), spans_frame(base), docs)
