"""Loaded terms: lexicon matches with context rules.

A match counts unless

* it crosses a sentence boundary (phrases with gaps must stay in one sentence);
* it is part of a proper name: a capitalised word, not first in its sentence,
  next to another capitalised word ("Liberty Party", "Tiger Woods");
* it is negated by a preceding ``not`` in the same sentence for adjectives
  ("not corrupt" describes, it does not accuse) -- counted, but marked with
  ``rule`` ending in ``:negated`` and excluded from rates by the metrics.

Each span records the lexicon category (pejorative, emotive, intensifier,
loaded-label, euphemism) and, in ``rule``, ``lexicon@version:line``.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.detect._common import NEGATORS, same_sentence, word_span
from analysis.lexicon import Lexicon, get_lexicon, match_words
from analysis.schema import Span
from analysis.text import Document

DEFAULT_LEXICONS = ("loaded",)


def _part_of_name(doc: Document, first: int, last: int) -> bool:
    """Whether a one-word match is part of a proper name or title.

    A capitalised word mid-sentence is a name ("the Liberty Party", "Rogue
    Valley"); the first word of a sentence and words in all capitals (headline
    style) are not. Multi-word matches ("Cold War mentality") are distinctive
    enough to count whatever their case.
    """
    word = doc.words[first].text
    if last - first > 1 or not word[:1].isupper() or (word.isupper() and len(word) > 1):
        return False
    return same_sentence(doc, first - 1, first)


def detect_loaded(
    doc: Document, article_id: str, lexicons: Sequence[str | Lexicon] = DEFAULT_LEXICONS
) -> list[Span]:
    """Find loaded terms in ``doc``.

    Args:
        doc: the segmented article.
        article_id: written into every span.
        lexicons: built-in lexicon names, paths of user lexicon files, or loaded
            :class:`~analysis.lexicon.Lexicon` objects.
    """
    spans: list[Span] = []
    words = doc.words
    for lex in lexicons:
        lexicon = lex if isinstance(lex, Lexicon) else get_lexicon(lex)
        for m in match_words(words, lexicon, doc.lowered):
            if doc.word_sentence[m.first] != doc.word_sentence[m.last - 1]:
                continue
            if _part_of_name(doc, m.first, m.last):
                continue
            rule = f"{lexicon.name}@{lexicon.version}:{m.entry.line}"
            sentence = doc.word_sentence[m.first]
            before = doc.lowered[max(0, m.first - 2) : m.first]
            same = all(
                doc.word_sentence[i] == sentence for i in range(max(0, m.first - 2), m.first)
            )
            negatable = m.entry.get("inflect") == "adj" or m.entry.category == "intensifier"
            if negatable and same and any(b in NEGATORS or b.endswith("n't") for b in before):
                rule += ":negated"
            spans.append(
                word_span(doc, article_id, "loaded", m.first, m.last, m.entry.category, rule=rule)
            )
    return spans
