"""Hedges and boosters (Hyland 2005), with context rules that decide the sense.

Each lexicon entry names a rule (column ``rule``) that must hold for a match:

* ``epistemic-modal``: *may* as a modal, not the month (a capitalised *May*
  mid-sentence or before a number is the month); *could not* (inability) is not
  a hedge.
* ``before-number``: approximators (*about, around, roughly, nearly, some*)
  only directly before a number ("about 1,200", "around $5 million").
* ``with-clause``: *think, believe, suggest, know* only when a clause follows
  ("believe that", "think the deal will fail"), not "believe in".
* ``to-or-that``: *appear* only as "appears to" / "appeared that".
* ``predicative``: adjectives after a copula ("it is unclear", "the message is
  clear", "I am certain"), not before a noun ("a clear day").
* ``not-negated``: a booster preceded by a negation is dropped ("not clearly").
* ``with-clause-or-object``: *show, demonstrate, prove* as verbs, not nouns.

Attribution-shaped hedges ("critics say", "some experts believe") are found by
pattern and kept apart as category ``attribution``.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.detect._common import (
    COPULAS,
    NEGATORS,
    is_number,
    same_sentence,
    word_span,
)
from analysis.detect.sourcing import find_vague_attributions
from analysis.lexicon import Match, get_lexicon, match_words
from analysis.schema import Span
from analysis.text import Document
from analysis.wordlists import wordlist

_MONTH_CONTEXT = wordlist("month_context")


def _next(doc: Document, m: Match) -> str:
    return doc.lowered[m.last] if same_sentence(doc, m.last - 1, m.last) else ""


def _prev(doc: Document, m: Match, k: int = 1) -> str:
    i = m.first - k
    return doc.lowered[i] if same_sentence(doc, i, m.first) else ""


def _epistemic_modal(doc: Document, m: Match) -> bool:
    word = doc.words[m.first].text
    nxt = _next(doc, m)
    if word == "May" or word == "MAY":
        sentence_initial = not same_sentence(doc, m.first - 1, m.first)
        if not sentence_initial or is_number(nxt) or _prev(doc, m) in _MONTH_CONTEXT:
            return False
        return bool(nxt) and nxt not in ("day",)
    if word.lower() == "may" and (is_number(nxt) and nxt not in ("a", "an")):
        return False
    return not (word.lower() == "could" and nxt in ("not", "never"))


def _before_number(doc: Document, m: Match) -> bool:
    if m.last >= len(doc.words) or not same_sentence(doc, m.last - 1, m.last):
        return False
    between = doc.text[doc.words[m.last - 1].end : doc.words[m.last].start]
    if any(ch not in " $€£¥\u00a0" for ch in between):
        return False
    nxt = doc.lowered[m.last]
    if nxt in ("a", "an"):  # "about a third", "around a dozen"
        after = doc.lowered[m.last + 1] if m.last + 1 < len(doc.words) else ""
        return after in (
            "third",
            "quarter",
            "half",
            "dozen",
            "hundred",
            "thousand",
            "million",
            "billion",
            "fifth",
            "tenth",
            "fifth",
        )
    return is_number(nxt)


_NOT_A_CLAUSE = wordlist("not_a_clause")


_NOUN_MARKERS = wordlist("noun_markers")


def _with_clause(doc: Document, m: Match) -> bool:
    """A clause follows: "believe that", "think the deal", "know who"; not "believe in".

    A verb form after a determiner is a noun ("the suspects were").
    """
    nxt = _next(doc, m)
    if not nxt or nxt in _NOT_A_CLAUSE or _prev(doc, m) in _NOUN_MARKERS:
        return False
    between = doc.text[doc.words[m.last - 1].end : doc.words[m.last].start]
    return not any(ch in between for ch in '.;:!?"“”')


_NOT_EPISTEMIC_AFTER_APPEAR = wordlist("not_epistemic_after_appear")


def _to_or_that(doc: Document, m: Match) -> bool:
    """*appear* as a hedge: "appears to", "appeared designed"; not "appeared in court"."""
    nxt = _next(doc, m)
    return bool(nxt) and nxt not in _NOT_EPISTEMIC_AFTER_APPEAR


def _predicative(doc: Document, m: Match) -> bool:
    prev = _prev(doc, m)
    if prev in COPULAS or prev.endswith("'s") and prev in ("it's", "that's", "what's"):
        return True
    if prev in NEGATORS and _prev(doc, m, 2) in COPULAS:
        return True
    return prev in ("made", "make", "makes", "making") or (
        prev == "it" and _prev(doc, m, 2) in ("made", "make", "makes")
    )


def _not_negated(doc: Document, m: Match) -> bool:
    return not any(
        _prev(doc, m, k) in NEGATORS or _prev(doc, m, k).endswith("n't") for k in (1, 2, 3)
    )


def _with_clause_or_object(doc: Document, m: Match) -> bool:
    prev = _prev(doc, m)
    if prev in ("the", "a", "an", "this", "that", "his", "her", "their", "its", "tv", "talk"):
        return False
    if _next(doc, m) in ("up", "off", "around"):
        return False
    word = doc.words[m.first].text
    return not (word[:1].isupper() and same_sentence(doc, m.first - 1, m.first))


def _with_clause_or_to(doc: Document, m: Match) -> bool:
    """*expect* as a prediction: with a clause, or with a to-infinitive."""
    if _prev(doc, m) in _NOUN_MARKERS:
        return False
    return _next(doc, m) == "to" or _with_clause(doc, m)


RULES: dict[str, Callable[[Document, Match], bool]] = {
    "none": lambda doc, m: True,
    "": lambda doc, m: True,
    "epistemic-modal": _epistemic_modal,
    "before-number": _before_number,
    "with-clause": _with_clause,
    "with-clause-or-to": _with_clause_or_to,
    "to-or-that": _to_or_that,
    "predicative": _predicative,
    "not-negated": _not_negated,
    "with-clause-or-object": _with_clause_or_object,
}


def _spans(doc: Document, article_id: str, kind: str, lexicon_name: str) -> list[Span]:
    lexicon = get_lexicon(lexicon_name)
    out = []
    for m in match_words(doc.words, lexicon, doc.lowered):
        if not same_sentence(doc, m.first, m.last - 1):
            continue
        rule = m.entry.get("rule", "none")
        check = RULES.get(rule)
        if check is None:
            raise ValueError(f"{lexicon.path}, line {m.entry.line}: unknown rule {rule!r}")
        if not check(doc, m):
            continue
        rule_id = f"{lexicon.name}@{lexicon.version}:{m.entry.line}:{rule}"
        out.append(
            word_span(doc, article_id, kind, m.first, m.last, m.entry.category, rule=rule_id)
        )
    return out


def detect_hedges(doc: Document, article_id: str, lexicon: str = "hedges") -> list[Span]:
    """Hedges in ``doc``, including attribution-shaped hedges ("critics say")."""
    spans = _spans(doc, article_id, "hedge", lexicon)
    for source, verb in find_vague_attributions(doc):
        spans.append(
            word_span(
                doc,
                article_id,
                "hedge",
                source.first,
                verb + 1,
                "attribution",
                rule="pattern:vague-source+verb",
            )
        )
    return spans


def detect_boosters(doc: Document, article_id: str, lexicon: str = "boosters") -> list[Span]:
    """Boosters in ``doc``; a booster with a negation up to three words before is dropped."""
    spans = _spans(doc, article_id, "booster", lexicon)
    out = []
    for span in spans:
        first, _ = doc.word_range(span.start, span.end)
        if _not_negated(doc, Match(first, first + 1, None)):  # type: ignore[arg-type]
            out.append(span)
    return out
