"""Loaded terms in Chinese from ``loaded_zh`` (notions in analysis/lexicons/README.md)."""

from __future__ import annotations

from analysis.detect.zh._common import char_span, lexicon_matches, rule_id
from analysis.schema import Span
from analysis.text import Document

LEXICON = "loaded_zh"


def detect_loaded_zh(doc: Document, article_id: str, lexicon: str = LEXICON) -> list[Span]:
    """Every match of the Chinese loaded-term lexicon, in the author's or quoted voice."""
    return [
        char_span(
            doc,
            article_id,
            "loaded",
            m.start,
            m.end,
            m.entry.category,
            rule=rule_id(lexicon, m.entry, m.entry.get("rule", "word")),
        )
        for m in lexicon_matches(doc, lexicon)
    ]
