"""Word classes and patterns shared by detectors (sources, names, clause starts)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from analysis.schema import Span
from analysis.text import Document
from analysis.wordlists import wordlist, wordlist_entries

T = TypeVar("T")


def once_per_document(find: Callable[[Document], list[T]]) -> Callable[[Document], tuple[T, ...]]:
    """Cache a finder's result on the document: several detectors ask for the same spans."""
    key = f"_found_{find.__name__}"

    @functools.wraps(find)
    def cached(doc: Document) -> tuple[T, ...]:
        found = doc.__dict__.get(key)
        if found is None:
            found = doc.__dict__[key] = tuple(find(doc))
        return found

    return cached


def word_span(
    doc: Document,
    article_id: str,
    kind: str,
    first: int,
    last: int,
    category: str,
    *,
    voice: str | None = None,
    **fields: str,
) -> Span:
    """The span over word tokens ``first`` to ``last`` (exclusive).

    ``voice`` defaults to the voice of the first word; ``fields`` are further Span
    fields (``rule``, ``speaker``, ``side``...).
    """
    start, end = doc.words[first].start, doc.words[last - 1].end
    voice = voice or doc.word_voice[first]
    return Span(article_id, kind, start, end, doc.text[start:end], voice, category, **fields)


NUMBER_WORDS = wordlist("number_words")
CLAUSE_STARTERS = wordlist("clause_starters")
COPULAS = wordlist("copulas")
NEGATORS = wordlist("negators")
SOURCE_NOUNS = wordlist("source_nouns")
GROUP_NOUNS = wordlist("group_nouns")
SOURCE_MODIFIERS = wordlist("source_modifiers")
VAGUE_QUANTIFIERS = wordlist("vague_quantifiers")
ATTRIBUTION_VERBS = wordlist("attribution_verbs")
ANONYMITY_MARKERS = wordlist_entries("anonymity_markers")
SOURCE_FILLERS = wordlist("source_fillers")


@dataclass(frozen=True)
class WordSpan:
    """A run of word tokens (first, last exclusive) with its category."""

    first: int
    last: int
    category: str


def is_number(word: str) -> bool:
    """Digits (with separators) or a number word."""
    return bool(re.match(r"\d", word)) or word.lower() in NUMBER_WORDS


def same_sentence(doc: Document, i: int, j: int) -> bool:
    """Whether word tokens ``i`` and ``j`` are in one sentence (and both exist)."""
    n = len(doc.words)
    return 0 <= i < n and 0 <= j < n and doc.word_sentence[i] == doc.word_sentence[j]


def gap_is_plain(doc: Document, i: int, j: int, allowed: str = " \n\t") -> bool:
    """Whether only ``allowed`` characters lie between word ``i`` and word ``j``."""
    between = doc.text[doc.words[i].end : doc.words[j].start]
    return all(ch in allowed for ch in between)
