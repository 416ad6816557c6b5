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


def split_sentences(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentence offsets; a sentence never crosses a paragraph boundary."""
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    splitter = _sentence_splitter()
    sentences = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        chunk = text[p_start:p_end]
        # Punkt breaks only after . ? or !; a paragraph with none of them, or with one
        # followed only by closing marks, is one sentence (four paragraphs in ten).
        end_mark = _SENTENCE_END_RE.search(chunk)
        if end_mark is None or _CLOSING_TAIL_RE.fullmatch(chunk, end_mark.end()):
            spans = [(0, len(chunk))]
        else:
            spans = splitter.span_tokenize(chunk)
        for s_start, s_end in spans:
            piece = chunk[s_start:s_end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if s_end - trail > s_start + lead:
                sentences.append(Sentence(p_start + s_start + lead, p_start + s_end - trail, index))
    return sentences
