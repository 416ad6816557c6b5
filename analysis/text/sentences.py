"""Paragraphs and sentences, with offsets into the text.

NLTK's Punkt sentence splitter runs with abbreviation parameters written in this
module; no NLTK data is downloaded or needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Abbreviations that end in a period but rarely end a sentence (lower case, no final
# period, as Punkt stores them). Written for this project from news usage.
_ABBREVIATION_TEXT = """
mr mrs ms mx dr prof sen rep reps gov lt col gen maj capt cmdr adm sgt cpl pvt rev hon pres
supt insp det amb messrs mme mlle jr sr st ave blvd rd mt ft
co corp inc ltd llc plc bros dept univ assn est approx vs cf al fig vol nos
jan feb mar apr jun jul aug sep sept oct nov dec
mon tue tues wed thu thur thurs fri sat sun
u.s u.k u.n e.u u.s.a d.c a.m p.m i.e e.g ph.d b.a m.a m.d n.y l.a
ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
neb nev okla ore pa tenn tex va vt wash wis wyo
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())

_SENTENCE_END_RE = re.compile(r"[.?!]")
_CLOSING_TAIL_RE = re.compile(r"[\"'\u2019\u201d\u00bb)\]]*")

# Punkt is given at most _WINDOW characters at a time. NLTK bounds each of its
# regular-expression calls by a 5 s wall-clock limit, and Punkt's calls grow with
# the text, so a paragraph of a few megabytes failed with TimeoutError, or not,
# depending on the machine's load. Every break Punkt decides depends only on the
# words next to it, so a long paragraph is split window by window: the sentences
# that end well inside a window (at least _MARGIN characters before its end) are
# kept, and the next window starts where the first sentence not kept starts.
# The sentences are identical to one Punkt call's (tested on every article of the
# validation datasets with small windows), except in a run of _MARGIN characters
# without a space, which no text has.
_WINDOW = 20_000
_MARGIN = 2_000
_LAST_SPACE_RE = re.compile(r".*\s", re.DOTALL)
_SPACES_RE = re.compile(r"\s*")


@dataclass(frozen=True)
class Sentence:
    """A sentence: offsets into the text and the index of its paragraph."""

    start: int
    end: int
    paragraph: int


@lru_cache(maxsize=1)
def _sentence_splitter():
    # NLTK loads only when a text is first split (reading a scored run never needs it).
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets, without surrounding whitespace.

    Text with blank lines between blocks (Markdown) splits at blank lines, so hard
    wrapped lines stay one paragraph; text without blank lines (web extracts, wire
    copy) splits at every line break.
    """
    separator = r"\n[ \t]*\n\s*" if re.search(r"\n[ \t]*\n", text) else r"\n\s*"
    paragraphs = []
    pos = 0
    for match in [*re.finditer(separator, text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        # A line of only punctuation (" ." in some web extracts) separates paragraphs.
        if stripped and any(ch.isalnum() for ch in stripped):
            lead = len(chunk) - len(chunk.lstrip())
            paragraphs.append((pos + lead, pos + lead + len(stripped)))
        if match:
            pos = match.end()
    return paragraphs


def punkt_spans(chunk: str, window: int = _WINDOW, margin: int = _MARGIN) -> list[tuple[int, int]]:
    """Punkt's sentence spans of ``chunk``, computed ``window`` characters at a time.

    The same spans as one ``span_tokenize(chunk)`` call (see the note on
    ``_WINDOW``), in time linear in the length of ``chunk``, whatever its length.
    """
    if not 0 < margin < window:
        raise ValueError(f"need 0 < margin < window, got margin {margin}, window {window}")
    splitter = _sentence_splitter()
    if len(chunk) <= window:
        return list(splitter.span_tokenize(chunk))
    spans: list[tuple[int, int]] = []
    start = 0  # where the current window starts (always the start of a word)
    open_start: int | None = None  # a sentence carried on from the window before
    while True:
        end = min(start + window, len(chunk))
        found = [(start + a, start + b) for a, b in splitter.span_tokenize(chunk[start:end])]
        if open_start is not None and found:
            found[0] = (open_start, found[0][1])
            open_start = None
        if end == len(chunk):
            spans.extend(found)
            return spans
        limit = end - margin
        last = max(i for i, span in enumerate(found) if i == 0 or span[0] <= limit)
        if last > 0:
            spans.extend(found[:last])
            start = found[last][0]
            continue
        # The first sentence runs past the safe part of the window (or the break
        # after it is too near the window's end to trust): carry it on into the
        # next window, from the last word that starts before the limit and before
        # the word that ends it, so every break after that word is decided again.
        open_start = found[0][0]
        stop = limit if len(found) == 1 else min(limit, found[0][1] - 1)
        space = _LAST_SPACE_RE.match(chunk, start, stop)
        if space and space.end() > start:
            start = _SPACES_RE.match(chunk, space.end()).end()
        else:  # no space to restart at: a run of letters longer than the margin
            start = found[1][0] if len(found) > 1 else limit


def split_sentences(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentence offsets; a sentence never crosses a paragraph boundary."""
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    sentences = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        chunk = text[p_start:p_end]
        # Punkt breaks only after . ? or !; a paragraph with none of them, or with one
        # followed only by closing marks, is one sentence (four paragraphs in ten).
        end_mark = _SENTENCE_END_RE.search(chunk)
        if end_mark is None or _CLOSING_TAIL_RE.fullmatch(chunk, end_mark.end()):
            spans = [(0, len(chunk))]
        else:
            spans = punkt_spans(chunk)
        for s_start, s_end in spans:
            piece = chunk[s_start:s_end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if s_end - trail > s_start + lead:
                sentences.append(Sentence(p_start + s_start + lead, p_start + s_end - trail, index))
    return sentences
