"""Character-level lexicon matching at segmenter word boundaries, and shared patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.lexicon import Entry, Lexicon, get_lexicon
from analysis.schema import Span
from analysis.text import Document
from analysis.wordlists import wordlist

#: Digits (ASCII and full-width) and Chinese numerals: what "a number" starts with.
NUMERALS = "0-9０-９零〇一二两兩三四五六七八九十百千万萬亿億半"
NUMBER_START = re.compile(f"[{NUMERALS}]")
NEGATORS = tuple(sorted(wordlist("zh_negators"), key=len, reverse=True))
# What may follow a term inside one segmenter word: 势必|会, 可能|是, 显然|是.
PARTICLE_SUFFIXES = frozenset("会會将將是要能已被的地了在也都就还還")
# What may precede a term inside one segmenter word: 仅|约 (only about), 也|可能.
PARTICLE_PREFIXES = frozenset("仅僅只才就也都还還已均共总總")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PUNCTUATION = "，。！？；：、,.!?;:“”‘’「」『』（）()《》【】—…"


@dataclass(frozen=True)
class CharMatch:
    """A lexicon match on characters: offsets and the entry."""

    start: int
    end: int
    entry: Entry


_COMPILED: dict[int, tuple[Lexicon, re.Pattern, dict[str, Entry]]] = {}


def _compiled(lexicon: Lexicon) -> tuple[re.Pattern, dict[str, Entry]]:
    """The lexicon's forms as one regular expression, longest alternative first."""
    cached = _COMPILED.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1], cached[2]
    by_form: dict[str, Entry] = {}
    for entry in lexicon.entries:
        for form in entry.term.split("|"):
            form = form.strip()
            if form and form not in by_form:
                by_form[form] = entry
    forms = sorted(by_form, key=len, reverse=True)  # longest alternative first
    pattern = re.compile("|".join(re.escape(f) for f in forms))
    _COMPILED[id(lexicon)] = (lexicon, pattern, by_form)
    return pattern, by_form


def lexicon_matches(doc: Document, name: str, loose_rules: tuple[str, ...] = ()) -> list[CharMatch]:
    """Leftmost-longest, non-overlapping matches of a lexicon, at word boundaries.

    Entries whose rule is in ``loose_rules`` need no boundary (their rule decides alone).
    """
    pattern, by_form = _compiled(get_lexicon(name))
    out = []
    for m in pattern.finditer(doc.text):
        loose = by_form[m.group()].get("rule", "word") in loose_rules
        if loose or at_word_boundaries(doc, m.start(), m.end()):
            out.append(CharMatch(m.start(), m.end(), by_form[m.group()]))
    return out


def at_word_boundaries(doc: Document, start: int, end: int) -> bool:
    """Whether ``[start, end)`` begins a segmenter token and ends one (or a particle follows)."""
    starts = doc.token_starts  # type: ignore[attr-defined]
    if start not in starts and not (
        start - 1 in starts and doc.text[start - 1] in PARTICLE_PREFIXES
    ):
        return False
    if end in doc.token_starts or end >= len(doc.text) or end in doc.word_ends:  # type: ignore[attr-defined]
        return True
    # Inside a word: the rest of that word must be one particle (势必会 -> 势必).
    rest_end = next(
        (k for k in range(end + 1, min(end + 3, len(doc.text) + 1)) if k in starts), None
    )
    return rest_end == end + 1 and doc.text[end] in PARTICLE_SUFFIXES


def negated_before(text: str, start: int) -> bool:
    """Whether a negation ends just before ``start`` (up to one character between)."""
    for gap in (0, 1):
        before = text[max(0, start - gap - 3) : start - gap]
        if gap and text[start - 1 : start] in PUNCTUATION:
            return False
        if any(before.endswith(n) for n in NEGATORS):
            return True
    return False


def char_span(
    doc: Document,
    article_id: str,
    kind: str,
    start: int,
    end: int,
    category: str,
    *,
    voice: str | None = None,
    **fields: str,
) -> Span:
    """The span over characters ``[start, end)``; voice defaults to that of its start."""
    voice = voice or doc.voice_at(start)
    return Span(article_id, kind, start, end, doc.text[start:end], voice, category, **fields)


def rule_id(lexicon_name: str, entry: Entry, rule: str) -> str:
    """``name@version:line:rule``, as English lexicon spans record it."""
    lexicon = get_lexicon(lexicon_name)
    return f"{lexicon.name}@{lexicon.version}:{entry.line}:{rule}"
