"""Mentions: the words that can name a speaker, found by word position.

The lowest layer of the quote detector. A :class:`Mention` is a run of word
tokens with its kind (a name, a pronoun or a description) and, where one is
written beside it, the role ("chief executive", "an analyst at X"). Nothing here
knows about quotes or reporting verbs; :mod:`.speakers` finds which mention
speaks, and :mod:`.detection` finds the quotes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from analysis.detect._common import CLAUSE_STARTERS, SOURCE_NOUNS, once_per_document, same_sentence
from analysis.detect.quotes.words import (
    ABBREV_WITH_DOT,
    CLAUSE_BREAKS,
    DETERMINERS,
    LEADING_FUNCTION_WORDS,
    LINKING_WORDS,
    NAME_PARTICLES,
    ORG_WORDS,
    PERSON_PRONOUNS,
    PRONOUNS,
    SENTENCE_ADVERBS,
    TITLE_WORDS,
)
from analysis.text import Document

_PHOTO_CREDIT = re.compile(r"\([^()\n]{0,80}/[^()\n]{0,80}\)")


@dataclass
class Mention:
    """A speaker mention: word indices (``first``, ``last`` exclusive), kind, role."""

    first: int
    last: int
    kind: str  # name | pronoun | description
    text: str
    role: str = ""


_PREFIXED_NAME = re.compile(r"^(?:al|el|ad|ash|as|at|an|ar|bin|ibn|abu|ben)-[A-Z]")


def cap(word: str) -> bool:
    """Whether a word starts with a capital letter, or is a name like "al-Shabaab"."""
    if word[:1].isupper():
        return True
    return "-" in word[:5] and bool(_PREFIXED_NAME.match(word))


@functools.lru_cache(maxsize=65536)
def is_org(name: str) -> bool:
    """Whether a name is an organisation: an organisation word in it, or one acronym."""
    tokens = name.replace("'s", "").split()
    return any(t.lower().strip(".,") in ORG_WORDS for t in tokens) or (
        len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1
    )


def gap(doc: Document, i: int, j: int) -> str:
    """The characters between word ``i`` and word ``j``."""
    return doc.text[doc.words[i].end : doc.words[j].start]


def is_pronoun(doc: Document, k: int) -> bool:
    """A pronoun; but "He" capitalised mid-sentence is a surname (He Jun)."""
    if doc.lowered[k] not in PRONOUNS:
        return False
    return not (doc.words[k].text == "He" and same_sentence(doc, k - 1, k))


def pronoun(doc: Document, k: int, role: str = "") -> Mention:
    """The pronoun at word ``k`` as a mention."""
    return Mention(k, k + 1, "pronoun", doc.lowered[k], role)


def is_person_pronoun(text: str) -> bool:
    """Whether a pronoun mention refers to a person (he, she), not a body (it, they)."""
    return text in PERSON_PRONOUNS


def _name_gap_ok(doc: Document, i: int) -> bool:
    """Whether word ``i`` and word ``i + 1`` can belong to one name."""
    between = gap(doc, i, i + 1)
    if between.strip() == "":
        return "\n" not in between
    word = doc.lowered[i]
    return between.strip() == "." and (word in ABBREV_WITH_DOT or len(word) == 1)


def name_backward(doc: Document, k: int, floor: int) -> Mention | None:
    """A capitalised run ending at word ``k`` (a name, possibly with a title)."""
    words = doc.words
    if not cap(words[k].text):
        return None
    first = k
    while (
        first - 1 >= floor
        and _name_gap_ok(doc, first - 1)
        and (
            cap(words[first - 1].text)
            or (
                doc.lowered[first - 1] in NAME_PARTICLES
                and first - 2 >= floor
                and cap(words[first - 2].text)
            )
        )
    ):
        if words[first - 1].text.endswith(("'s", "’s")):
            break
        first -= 1
    return split_title(doc, first, k + 1)


def name_forward(doc: Document, k: int, ceiling: int) -> Mention | None:
    """A capitalised run starting at word ``k``, up to ``ceiling`` (exclusive)."""
    words = doc.words
    if k >= ceiling or not cap(words[k].text):
        return None
    last = k + 1
    while (
        last < ceiling
        and _name_gap_ok(doc, last - 1)
        and (cap(words[last].text) or doc.lowered[last] in NAME_PARTICLES)
    ):
        if words[last - 1].text.endswith(("'s", "’s")):
            break
        last += 1
    while last - 1 > k and doc.lowered[last - 1] in NAME_PARTICLES:
        last -= 1
    return split_title(doc, k, last)


def split_title(doc: Document, first: int, last: int) -> Mention:
    """The name in words ``first:last``.

    Leading function words are dropped ("As Gao"), titles are separated ("Corvant
    Mayor").
    """
    words = doc.words
    while first < last - 1 and doc.lowered[first] in LEADING_FUNCTION_WORDS:
        first += 1
    cut = first
    for i in range(first, last - 1):
        if doc.lowered[i] in TITLE_WORDS:
            cut = i + 1
    role = doc.text[words[first].start : words[cut - 1].end] if cut > first else ""
    text = doc.text[words[cut].start : words[last - 1].end]
    if text.endswith(("'", "’", "'s", "’s")):
        text = re.sub(r"['’]s?$", "", text)
    return Mention(cut, last, "name", text, role)


def description_backward(doc: Document, k: int, floor: int) -> Mention | None:
    """A described speaker ending at word ``k``: "an industry insider", "Two shipping lines".

    The head must be a source or organisation noun, or the phrase must start with a
    determiner or number ("two shipping lines", "the solar installers' lobby").
    """
    low = doc.lowered
    head = low[k]
    known_head = head in SOURCE_NOUNS or head in ORG_WORDS
    first = k
    determined = False
    while (
        first - 1 >= floor
        and k - first < 8
        and (
            gap(doc, first - 1, first).strip() in ("", "'", "’")
            or _adjective_comma(doc, first, floor)
        )
    ):
        prev = low[first - 1]
        if prev in CLAUSE_STARTERS - DETERMINERS or prev in CLAUSE_BREAKS:
            break
        first -= 1
        if prev in DETERMINERS:
            determined = True
            break
    if not (known_head or determined) or head in CLAUSE_STARTERS:
        return None
    text = doc.text[doc.words[first].start : doc.words[k].end]
    return Mention(first, k + 1, "description", text)


def _adjective_comma(doc: Document, first: int, floor: int) -> bool:
    """A comma between adjectives of one description: "the lanky, bespectacled professor"."""
    j = first - 1
    if gap(doc, j, first).strip() != "," or not doc.words[j].text.islower():
        return False
    return (
        j - 1 >= floor
        and doc.lowered[j - 1] in ("the", "a", "an")
        and not gap(doc, j - 1, j).strip()
    )


def appositive_start(doc: Document, k: int, floor: int) -> int | None:
    """First word of the comma-delimited phrase that ends at word ``k``, if any."""
    j = k
    while j - 1 >= floor and "," not in gap(doc, j - 1, j) and k - j < 16:
        j -= 1
    if j - 1 >= floor and "," in gap(doc, j - 1, j):
        return j
    return None


def is_name_run(doc: Document, first: int, last: int) -> bool:
    """Whether words ``first:last`` are all capitalised or name particles."""
    return (
        all(cap(doc.words[i].text) or doc.lowered[i] in NAME_PARTICLES for i in range(first, last))
        and last > first
    )


def appositive_text(doc: Document, first: int, verb: int) -> str:
    """The role phrase between a name's comma and its verb."""
    if first >= verb:
        return ""
    return doc.text[doc.words[first].start : doc.words[verb - 1].end].strip(" ,")


def phrase_until_comma(doc: Document, k: int, ceiling: int) -> Mention | None:
    """The phrase from word ``k`` to the next comma: the source in "according to X, ..."."""
    j = k
    while j + 1 < ceiling and "," not in gap(doc, j, j + 1) and j - k < 9:
        j += 1
    if j >= ceiling:
        return None
    if is_name_run(doc, k, j + 1):
        return name_forward(doc, k, j + 1)
    return Mention(k, j + 1, "description", doc.text[doc.words[k].start : doc.words[j].end])


def could_be_speaker(doc: Document, mention: Mention) -> bool:
    """Whether a name mention can name a speaker.

    Not a lone function word or sentence adverb ("When", "Somehow"), and not in a
    photo credit.
    """
    first = mention.first
    if (
        mention.last - first == 1
        and doc.sentence_runs[0][first] == first  # "said He" is Mr. He, not a pronoun
        and (
            doc.lowered[first] in LEADING_FUNCTION_WORDS
            or doc.lowered[first] in CLAUSE_STARTERS
            or doc.lowered[first] in SENTENCE_ADVERBS
        )
    ):
        return False
    return not in_photo_credit(doc, first)


def in_photo_credit(doc: Document, word: int) -> bool:
    """Whether a word sits in a photo credit: brackets with a slash inside.

    "(Robert Short/CBC)", "(THE CANADIAN PRESS/Anne Marie Cerato)": nobody is quoted
    there.
    """
    credits = _photo_credits(doc)
    if not credits:
        return False
    offset = doc.words[word].start
    return any(a <= offset < b for a, b in credits)


@once_per_document
def _photo_credits(doc: Document) -> list[tuple[int, int]]:
    return [m.span() for m in _PHOTO_CREDIT.finditer(doc.text)]


def trailing_name(text: str) -> tuple[str, str] | None:
    """(name, role) when a description ends in a name of two or more capitalised words.

    The name starts after the last lower-case word or possessive ("'s") before the end.
    """
    tokens = text.split()
    start = len(tokens)
    while start > 0:
        token = tokens[start - 1]
        if not token[:1].isupper() or token.endswith(("'s", "’s", "s'", "s’", ",")):
            break
        start -= 1
    if len(tokens) - start < 2 or start == 0:
        return None
    before = tokens[start - 1].lower()
    if before in LINKING_WORDS or before.endswith(("ed", "ing")):
        return None  # "the index compiled by Baltica Shipping": the index is the source
    return " ".join(tokens[start:]), " ".join(tokens[:start]).strip(" ,")


@dataclass(frozen=True)
class NameAt:
    """A full name written in the author's voice, at word ``word``."""

    word: int
    name: str


@dataclass(frozen=True)
class TitledName:
    """A name written with a title ("WHL commissioner Ron Robison"): the title's words."""

    word: int
    name: str
    title: frozenset[str]


def role_words(role: str) -> frozenset[str]:
    """The lower-case words of a role phrase."""
    return frozenset(re.findall(r"[\w-]+", role.lower()))


def collect_names(doc: Document) -> tuple[list[NameAt], list[TitledName]]:
    """Every multi-word capitalised name in the author's voice, in order.

    Also returns the titles written before or in them ("WHL commissioner Ron
    Robison"), for "the commissioner" later in the article.
    """
    names = []
    roles = []
    first_of, ends = doc.sentence_runs
    voice = doc.word_voice
    resume = 0  # a name may not start inside the previous one
    for i in [i for i, word in enumerate(doc.words) if word.text[:1].isupper()]:
        if i < resume or voice[i] != "author":
            continue
        m = name_forward(doc, i, ends[i])
        if m is not None and m.last - m.first >= 2 and not in_photo_credit(doc, m.first):
            name = re.sub(r"^(The|the)\s+", "", m.text)
            names.append(NameAt(m.first, name))
            # The title before the name, capitalised or not: "WHL commissioner Ron Robison".
            j = m.first
            while (
                j > first_of[m.first]
                and m.first - j < 4
                and (doc.lowered[j - 1] in TITLE_WORDS or cap(doc.words[j - 1].text))
                and not gap(doc, j - 1, j).strip()
            ):
                j -= 1
            title = role_words(m.role) | set(doc.lowered[j : m.first])
            if title & TITLE_WORDS:
                roles.append(TitledName(m.first, name, frozenset(title)))
            resume = m.last
    return names, roles


def char_before(text: str, pos: int) -> str:
    """The last non-space character before ``pos`` ("" at the start of the text)."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""
