"""Word classes and patterns shared by detectors (sources, names, clause starts)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from analysis.spans import Span
from analysis.text import Document

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


NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million
    millions billion billions trillion dozen dozens half third quarter fifth tenth a an
    """.split()
)
CLAUSE_STARTERS = frozenset(
    """
    that the a an this these those there it its it's he she they we i you his her their
    our my your some many most all no nothing something someone everyone anyone nobody
    such each every any what how why whether if who whom where when which
    """.split()
)
COPULAS = frozenset(
    """
    is was are were be been being 's 're am remains remain remained seems seem seemed
    looks look looked became become becomes appears appear appeared stays stayed
    """.split()
)
NEGATORS = frozenset(
    """
    not never no hardly nothing nor
    """.split()
)
# People and bodies that speak in news, unnamed: "an industry insider", "officials".
SOURCE_NOUNS = frozenset(
    """
    official officials source sources insider insiders person people executive
    executives analyst analysts expert experts diplomat diplomats aide aides adviser
    advisers advisor advisors engineer engineers employee employees staffer staffers
    lawmaker lawmakers investor investors resident residents worker workers banker
    bankers trader traders observer observers critic critics economist economists
    scientist scientists spokesman spokeswoman spokesperson member members figure
    figures veteran veterans manager managers negotiator negotiators operative
    operatives strategist strategists researcher researchers commentator commentators
    watcher watchers voice voices individual individuals someone insiders mp mps
    """.split()
)
GROUP_NOUNS = frozenset(
    """
    critics analysts experts observers officials sources insiders economists investors
    residents engineers diplomats scientists lawmakers commentators strategists watchers
    opponents supporters skeptics sceptics detractors activists campaigners
    """.split()
)
# Modifiers that may stand before a group noun in a vague source ("industry insiders").
SOURCE_MODIFIERS = frozenset(
    """
    industry foreign western local independent senior political legal market security
    defence defense energy financial health medical government military intelligence
    administration union company party trade tech technology economic other outside
    leading top former many some several opposition western eastern regional
    international domestic private public
    """.split()
)
VAGUE_QUANTIFIERS = frozenset(
    """
    some many several most few numerous various
    """.split()
)
ATTRIBUTION_VERBS = frozenset(
    """
    say says said believe believes believed argue argues argued warn warns warned
    suggest suggests suggested claim claims claimed fear fears feared expect expects
    expected think thinks thought worry worry worries worried contend contends contended
    note notes noted point points call calls called predict predicts predicted estimate
    estimates estimated insist insists insisted told tell tells put puts saying warning
    arguing claiming insisting
    """.split()
)
ANONYMITY_MARKERS = (
    "familiar with",
    "close to",
    "with knowledge of",
    "briefed on",
    "who asked not to be named",
    "who declined to be named",
    "who spoke on condition of anonymity",
    "who requested anonymity",
    "not authorized to speak",
    "not authorised to speak",
)
_FILLER = frozenset(
    """
    have has had been be also however still long now reportedly
    """.split()
)


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


@once_per_document
def find_vague_attributions(doc: Document) -> list[tuple[WordSpan, int]]:
    """Vague group sources followed by a verb of saying or believing.

    "critics say", "some investors, however, worry", "analysts in Anhe said".
    Returns the source phrase and the index of its verb.
    """
    out = []
    low = doc.lowered
    n = len(low)
    i = 0
    while i < n:
        w = low[i]
        first = None
        if w in GROUP_NOUNS:
            first = i
            if i > 0 and same_sentence(doc, i - 1, i) and low[i - 1] in VAGUE_QUANTIFIERS:
                first = i - 1
            elif (
                i > 0
                and same_sentence(doc, i - 1, i)
                and low[i - 1] in SOURCE_MODIFIERS
                and gap_is_plain(doc, i - 1, i)
            ):
                # "industry insiders", "foreign analysts": a modifier is part of the phrase
                first = i - 1
                if i > 1 and same_sentence(doc, i - 2, i) and low[i - 2] in VAGUE_QUANTIFIERS:
                    first = i - 2
            if first is not None and first > 0 and same_sentence(doc, first - 1, first):
                before = low[first - 1]
                if before in ("the", "these", "those", "two", "three", "its", "their", "our"):
                    first = None  # definite or counted: a specific, not a vague, group
        elif w in VAGUE_QUANTIFIERS and i + 1 < n and low[i + 1] in SOURCE_NOUNS:
            first = i
            i += 1
        if first is None or doc.word_voice[i] != "author":
            i += 1
            continue
        # Walk to the verb: skip fillers, commas, and short prepositional phrases.
        j = i + 1
        steps = 0
        while j < n and same_sentence(doc, i, j) and steps < 5 and low[j] not in ATTRIBUTION_VERBS:
            if (
                low[j] in _FILLER
                or low[j] in ("in", "at", "from", "on")
                or (steps and doc.words[j].text[:1].isupper())
            ):
                j += 1
                steps += 1
                continue
            break
        named_org = (
            i + 2 < n
            and low[i + 1] in ("at", "from", "with")
            and doc.words[i + 2].text[:1].isupper()
        )
        if j < n and same_sentence(doc, i, j) and low[j] in ATTRIBUTION_VERBS and not named_org:
            out.append((WordSpan(first, i + 1, "vague"), j))
        i += 1
    return out


@once_per_document
def find_anonymous_sources(doc: Document) -> list[WordSpan]:
    """Unnamed individual sources: "an industry insider", "two people familiar with ...".

    A determiner or number, up to four modifiers, a source noun, and either an
    anonymity marker after it or a verb of saying within the sentence; not an
    appositive to a name ("Priya Nandakumar, an analyst at ...").
    """
    low = doc.lowered
    n = len(low)
    out: list[WordSpan] = []
    starters = {"a", "an", "one", "two", "three", "four", "several", "a few", "another"}
    i = 0
    while i < n:
        bare = (
            low[i] in ("people", "sources", "officials", "persons")
            and doc.word_voice[i] == "author"
            and not (i > 0 and same_sentence(doc, i - 1, i) and low[i - 1] in starters)
        )
        if bare:
            rest = doc.text[doc.words[i].end : doc.sentences[doc.word_sentence[i]].end].lower()
            marker = next((m for m in ANONYMITY_MARKERS if rest.lstrip(" ,").startswith(m)), None)
            if marker:
                end = _extend_marker(doc, i, marker)
                out.append(WordSpan(i, end, "anonymous"))
                i = end
                continue
        if low[i] not in starters or doc.word_voice[i] != "author":
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= 5 and same_sentence(doc, i, j) and low[j] not in SOURCE_NOUNS:
            if low[j] in CLAUSE_STARTERS or not gap_is_plain(doc, j - 1, j):
                break
            j += 1
        if j < n and j > i + 1 and not gap_is_plain(doc, j - 1, j):
            i += 1
            continue
        if not (j < n and same_sentence(doc, i, j) and low[j] in SOURCE_NOUNS):
            i += 1
            continue
        head = j
        rest = doc.text[doc.words[head].end : doc.sentences[doc.word_sentence[head]].end].lower()
        marker = next((m for m in ANONYMITY_MARKERS if rest.lstrip(" ,").startswith(m)), None)
        end = head + 1
        if marker:
            end = _extend_marker(doc, head, marker)
        # Not an appositive of a name: "Priya Nandakumar, an analyst at ..., said".
        gap_before = doc.text[doc.words[i - 1].end : doc.words[i].start] if i > 0 else ""
        verb_at = next(
            (
                k
                for k in range(end, min(n, end + 20))
                if low[k] in ATTRIBUTION_VERBS and same_sentence(doc, i, k)
            ),
            None,
        )
        closing_comma = (
            verb_at is not None
            and "," in doc.text[doc.words[end - 1].end : doc.words[verb_at].start]
        )
        appositive = (
            i > 0
            and "," in gap_before
            and doc.words[i - 1].text[:1].isupper()
            and same_sentence(doc, i - 1, i)
            and (closing_comma or verb_at is None)
        )
        followed_by_name = (
            end < n
            and same_sentence(doc, end - 1, end)
            and (doc.words[end].text[:1].isupper() and gap_is_plain(doc, end - 1, end))
        )
        says = any(
            low[k] in ATTRIBUTION_VERBS or low[k] in ("according",)
            for k in range(max(0, i - 3), min(n, end + 20))
            if same_sentence(doc, i, k)
        )
        if not appositive and not followed_by_name and (marker or says):
            out.append(WordSpan(i, end, "anonymous"))
            i = end
        else:
            i += 1
    return out


def _extend_marker(doc: Document, head: int, marker: str) -> int:
    """End (exclusive) of "<head> familiar with the matter": up to a comma or a verb."""
    low = doc.lowered
    k = head + 1
    while k < len(low) and same_sentence(doc, head, k) and k - head <= 12:
        if low[k] in ATTRIBUTION_VERBS and k > head + len(marker.split()):
            break
        if k > head + 1 and "," in doc.text[doc.words[k - 1].end : doc.words[k].start]:
            break
        k += 1
    return k
