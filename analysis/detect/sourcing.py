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
    ANONYMITY_MARKERS,
    ATTRIBUTION_VERBS,
    CLAUSE_STARTERS,
    GROUP_NOUNS,
    SOURCE_FILLERS,
    SOURCE_MODIFIERS,
    SOURCE_NOUNS,
    VAGUE_QUANTIFIERS,
    WordSpan,
    gap_is_plain,
    once_per_document,
    same_sentence,
    word_span,
)
from analysis.schema import Span
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
                low[j] in SOURCE_FILLERS
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
