"""Loaded terms: lexicon matches with context and sense rules, and a learned scorer.

A lexicon match counts unless

* it crosses a sentence boundary (phrases with gaps must stay in one sentence);
* it is part of a proper name: a capitalised word, not first in its sentence
  ("Liberty Party", "Tiger Woods");
* its entry's sense rule fails (the ``rule`` column of the lexicon):

  - ``figurative``: attack verbs and conflict metaphors count only in a sentence
    with no word of physical force (word list ``physical_force_context``: troops,
    knife, killed, police ...): "armed with new data" counts, "armed with a knife"
    does not;
  - ``transitive``: the verb sense only, before an object (word list
    ``object_starters``, or a capitalised word) and not after a determiner:
    "fingered the company" counts, "his fingers" and "fingers crossed" do not;

* it is negated by a preceding ``not`` in the same sentence for adjectives
  ("not corrupt" describes, it does not accuse) -- counted, but marked with
  ``rule`` ending in ``:negated`` and excluded from rates by the metrics.

Each span records the lexicon category (the family: pejorative, emotive,
intensifier, loaded-label, euphemism, attack-verb, conflict-metaphor,
insinuating-adverb, stigmatising-label, exaggeration) and, in ``rule``,
``lexicon@version:line``.

The learned scorer (:mod:`analysis.detect.loaded_model`) gives every content word
a calibrated probability; with ``scorer="model"`` its spans replace the lexicon's,
with ``scorer="both"`` they are added where no lexicon span is. Model spans have
category ``learned`` and ``rule`` ``model@<version>:<score>``. Its sentence
classifier (:func:`biased_sentences`) gives every sentence a probability of being
biased; it makes no spans.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.detect._common import NEGATORS, same_sentence, word_span
from analysis.detect.loaded_model import (
    FamilyHit,
    LoadedModel,
    default_model,
    runs_above,
    score_words,
    sentence_scores,
)
from analysis.lexicon import Lexicon, Match, get_lexicon, match_words
from analysis.schema import Span
from analysis.text import Document
from analysis.wordlists import wordlist

DEFAULT_LEXICONS = ("loaded",)
SCORERS = ("lexicon", "model", "both")
DEFAULT_SCORER = "lexicon"
PHYSICAL_FORCE = wordlist("physical_force_context")
OBJECT_STARTERS = wordlist("object_starters")


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


def sense_holds(doc: Document, m: Match) -> bool:
    """Whether the entry's sense rule (``rule`` column) holds for the match."""
    rule = m.entry.get("rule")
    if not rule:
        return True
    if rule == "figurative":
        firsts, ends = doc.sentence_runs
        lowered = doc.lowered
        return not any(
            lowered[i] in PHYSICAL_FORCE
            for i in range(firsts[m.first], ends[m.first])
            if not m.first <= i < m.last
        )
    if rule == "transitive":
        before, after = m.first - 1, m.last
        if same_sentence(doc, before, m.first) and doc.lowered[before] in NOUN_MARKERS_OR_NUMBERS:
            return False
        if not same_sentence(doc, m.last - 1, after):
            return False
        return doc.lowered[after] in OBJECT_STARTERS or doc.words[after].text[:1].isupper()
    raise ValueError(f"lexicon {m.entry.lexicon}, line {m.entry.line}: unknown rule {rule!r}")


NOUN_MARKERS_OR_NUMBERS = wordlist("noun_markers") | wordlist("number_words")


def lexicon_matches(
    doc: Document, lexicons: Sequence[str | Lexicon] = DEFAULT_LEXICONS
) -> list[tuple[Lexicon, Match, bool]]:
    """Every counted lexicon match: ``(lexicon, match, negated)``, after the rules."""
    out = []
    for lex in lexicons:
        lexicon = lex if isinstance(lex, Lexicon) else get_lexicon(lex)
        for m in match_words(doc.words, lexicon, doc.lowered):
            if doc.word_sentence[m.first] != doc.word_sentence[m.last - 1]:
                continue
            if _part_of_name(doc, m.first, m.last):
                continue
            if not sense_holds(doc, m):
                continue
            sentence = doc.word_sentence[m.first]
            before = doc.lowered[max(0, m.first - 2) : m.first]
            same = all(
                doc.word_sentence[i] == sentence for i in range(max(0, m.first - 2), m.first)
            )
            negatable = m.entry.get("inflect") == "adj" or m.entry.category == "intensifier"
            negated = negatable and same and any(b in NEGATORS or b.endswith("n't") for b in before)
            out.append((lexicon, m, negated))
    return out


def family_hits(found: Sequence[tuple[Lexicon, Match, bool]]) -> dict[int, FamilyHit]:
    """Word index -> the counted lexicon match covering it (the first, when several do)."""
    families: dict[int, FamilyHit] = {}
    for _, m, negated in found:
        hit = FamilyHit(m.entry.category, negated, m.last - m.first > 1)
        for i in range(m.first, m.last):
            families.setdefault(i, hit)
    return families


def biased_sentences(
    doc: Document,
    lexicons: Sequence[str | Lexicon] = DEFAULT_LEXICONS,
    model: LoadedModel | None = None,
    ranges: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[int, int, float]]:
    """The sentence classifier: (first word, past-the-last word, probability) per sentence.

    The probability that a reader would call the sentence biased (BABE's notion),
    from its word scores, lexicon families, valence, subjectivity and form (see
    :mod:`analysis.detect.loaded_model`). ``ranges`` scores given word ranges instead.
    A sentence is called biased at ``model.sentence.threshold`` or above.
    """
    model = model or default_model()
    return sentence_scores(doc, family_hits(lexicon_matches(doc, lexicons)), model, ranges)


def detect_loaded(
    doc: Document,
    article_id: str,
    lexicons: Sequence[str | Lexicon] = DEFAULT_LEXICONS,
    scorer: str = DEFAULT_SCORER,
    threshold: float | str | None = None,
    model: LoadedModel | None = None,
) -> list[Span]:
    """Find loaded terms in ``doc``.

    Args:
        doc: the segmented article.
        article_id: written into every span.
        lexicons: built-in lexicon names, paths of user lexicon files, or loaded
            :class:`~analysis.lexicon.Lexicon` objects.
        scorer: ``lexicon`` (matches only), ``model`` (the learned scorer only) or
            ``both`` (lexicon spans, plus model spans on words no lexicon span covers).
        threshold: the model's score threshold: a number, ``"f1"`` (the default: the
            model file's best-F1 point) or ``"precision"`` (its own-voice precision point).
        model: a :class:`~analysis.detect.loaded_model.LoadedModel` (default: shipped).
    """
    if scorer not in SCORERS:
        raise ValueError(f"scorer {scorer!r} is not one of {', '.join(SCORERS)}")
    found = lexicon_matches(doc, lexicons)
    spans: list[Span] = []
    if scorer != "model":
        for lexicon, m, negated in found:
            rule = f"{lexicon.name}@{lexicon.version}:{m.entry.line}"
            if negated:
                rule += ":negated"
            spans.append(
                word_span(doc, article_id, "loaded", m.first, m.last, m.entry.category, rule=rule)
            )
    if scorer == "lexicon":
        return spans
    model = model or default_model()
    families = family_hits(found)
    index, scores = score_words(doc, families, model)
    cut = model.cut(threshold)
    covered = set(families) if scorer == "both" else set()
    scored_words = set(index)
    for first, last, best in runs_above(doc, index, scores, cut):
        if covered.intersection(range(first, last)):
            # Keep only the words of the run that no lexicon span covers.
            free = [i for i in range(first, last) if i not in covered]
            if not free:
                continue
            pieces = []
            for i in free:
                if pieces and pieces[-1][1] == i:
                    pieces[-1][1] = i + 1
                else:
                    pieces.append([i, i + 1])
        else:
            pieces = [[first, last]]
        for a, b in pieces:
            # A piece starts and ends on a scored word, never on a bridging function word.
            scored = [i for i in range(a, b) if i in scored_words]
            if not scored:
                continue
            a, b = scored[0], scored[-1] + 1
            spans.append(
                word_span(
                    doc, article_id, "loaded", a, b, "learned", rule=f"{model.label}:{best:.2f}"
                )
            )
    return spans
