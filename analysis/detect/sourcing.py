"""Anonymous and vague sources.

* ``anonymous``: an unnamed individual or counted group presented as a source:
  "an industry insider", "a senior official", "two people familiar with the
  matter", "a shipping executive who asked not to be named".
* ``vague``: an uncounted group presented as a source: "critics say", "analysts
  said", "some investors worry", "officials said".

Only the author's voice counts (a source named inside a quote is the speaker's
reference, not the outlet's sourcing). Reporting verbs are found with the quotes
they introduce, in :mod:`analysis.detect.quotes`.
"""

from __future__ import annotations

from analysis.detect._common import (
    find_anonymous_sources,
    find_vague_attributions,
    word_span,
)
from analysis.spans import Span
from analysis.text import Document


def detect_sources(doc: Document, article_id: str) -> list[Span]:
    """Anonymous and vague source phrases in the author's voice."""
    spans = [
        word_span(
            doc,
            article_id,
            "anonymous_source",
            ws.first,
            ws.last,
            "anonymous",
            voice="author",
            rule="pattern:unnamed-source",
        )
        for ws in find_anonymous_sources(doc)
    ]
    taken = [(s.start, s.end) for s in spans]
    for ws, _verb in find_vague_attributions(doc):
        span = word_span(
            doc,
            article_id,
            "anonymous_source",
            ws.first,
            ws.last,
            "vague",
            voice="author",
            rule="pattern:vague-group+verb",
        )
        if not any(a <= span.start < b for a, b in taken):
            spans.append(span)
    return spans
