"""Speakers: which mention speaks for a reporting verb, and who that mention is.

The middle layer of the quote detector. :class:`ArticleContext` holds what one
article knows while its quotes are attributed: the names written in it, the
titles given to them, the source phrases the sourcing patterns found, the
reporting verbs, and the speakers found so far. :func:`subject_before` and
:func:`speaker_after` find the mention that speaks for a verb;
:func:`resolve` turns a mention into a canonical speaker (pronouns and
descriptions resolved, surnames and ``speakers.csv`` aliases merged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.detect._common import CLAUSE_STARTERS, SOURCE_NOUNS
from analysis.detect.quotes.entities import (
    ANONYMOUS,
    BODIES,
    DOCUMENT,
    MEDIA,
    ORGANISATION,
    PERSON,
    PLACE,
    VAGUE,
    EntityTable,
    KnownSources,
    in_credit,
    normalize_name,
    person_head,
    pronoun_gender,
)
from analysis.detect.quotes.mentions import (
    Mention,
    TitledName,
    appositive_start,
    cap,
    could_be_speaker,
    description_backward,
    gap,
    is_name_run,
    is_org,
    is_person_pronoun,
    is_pronoun,
    name_backward,
    name_forward,
    pronoun,
    role_words,
    trailing_name,
)
from analysis.detect.quotes.words import (
    BUSINESS_NOUNS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    IRREGULAR_PLURALS,
    MASTHEAD_NOUNS,
    MEDIA_NOUNS,
    NAME_PARTICLES,
    NOT_SPEAKERS,
    ORG_REFERENCE_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    POSTNOMINAL_MODIFIERS,
    SUBJECT_SKIP,
    TITLE_WORDS,
)
from analysis.lexicon import Match
from analysis.text import Document


@dataclass(frozen=True)
class SpeakerAt:
    """A speaker found for a quote or a reporting verb at word ``word``."""

    word: int
    speaker: str
    kind: str  # a speaker type: person, organisation, ...


@dataclass
class ArticleContext:
    """What one article knows while its quotes are attributed.

    ``sources`` and ``sources_by_first`` index the unnamed-source phrases of
    :mod:`analysis.detect.sourcing` by their last and first word; ``vague_by_verb``
    holds the vague group ("critics", "analysts") attached to a reporting verb,
    by the verb's word index; ``cues`` the reporting verbs by every word index
    they cover, and ``used_cues`` those a direct or partial quote took.
    """

    doc: Document
    article_id: str
    known: KnownSources
    entities: EntityTable
    roles: list[TitledName] = field(default_factory=list)
    sources: dict[int, Mention] = field(default_factory=dict)
    sources_by_first: dict[int, Mention] = field(default_factory=dict)
    vague_by_verb: dict[int, Mention] = field(default_factory=dict)
    cues: dict[int, Match] = field(default_factory=dict)
    speakers: list[SpeakerAt] = field(default_factory=list)
    used_cues: set[int] = field(default_factory=set)
    mentions: dict = field(default_factory=dict)  # quote (start, end) -> SpeakerMention
    subjects: dict = field(default_factory=dict)  # (verb, floor) -> subject_before's answer

    @property
    def aliases(self) -> dict[str, str]:
        """Normalised alias to canonical speaker (``speakers.csv`` and outlets)."""
        return self.known.aliases

    @property
    def sides(self) -> dict[str, str]:
        """Canonical speaker to side (``speakers.csv``)."""
        return self.known.sides

    def bounds(self, word: int) -> tuple[int, int]:
        """First and last (exclusive) word of the sentence run holding ``word``."""
        firsts, ends = self.doc.sentence_runs
        return firsts[word], ends[word]

    def quoted(self, word: int) -> bool:
        """Whether word ``word`` is inside quotation marks."""
        return self.doc.word_voice[word] == "quoted"

    def cue_at(self, word: int) -> bool:
        """Whether a reporting verb starts at word ``word``."""
        return word in self.cues and self.cues[word].first == word


# --------------------------------------------------------------------------- finding


def subject_before(ctx: ArticleContext, verb: int, floor: int) -> Mention | None:
    """The speaker of the reporting verb at word index ``verb``, searching backwards.

    Remembered per article for each verb and floor (the same verb is asked about
    for its quote, its indirect speech and the next sentence's quotes); each
    caller gets its own copy, as resolving may fill in a mention's role.
    """
    key = (verb, floor)
    if key not in ctx.subjects:
        ctx.subjects[key] = _subject_before(ctx, verb, floor)
    found = ctx.subjects[key]
    if found is None:
        return None
    return Mention(found.first, found.last, found.kind, found.text, found.role)


def _subject_before(ctx: ArticleContext, verb: int, floor: int) -> Mention | None:
    """See :func:`subject_before`.

    Handles appositives (X, 74, the union's president, said; the group's director,
    Maria Ocampo, said), relative clauses (X, who said; a person who has followed
    the sector told), "X was quoted ... as saying", "the newspaper quoted her as
    saying", participles after a comma (X named Y, claiming that), coordination (X
    called it "a disgrace" and said), "X of the Y Institute said", and the source
    phrases found by the sourcing patterns.
    """
    doc = ctx.doc
    low = doc.lowered
    sources = ctx.sources
    if verb in ctx.vague_by_verb:
        return ctx.vague_by_verb[verb]
    if low[verb] == "saying" and verb - 1 >= floor and low[verb - 1] == "as":
        for j in range(verb - 2, floor - 1, -1):
            if low[j] in ("quoted", "cited"):
                if j + 1 < verb - 1 and is_pronoun(doc, j + 1):
                    return pronoun(doc, j + 1)
                if j + 1 < verb - 1:
                    named = name_forward(doc, j + 1, verb - 1)
                    if named is not None:
                        return named
                return subject_before(ctx, j, floor)
    k = verb - 1
    if k >= floor and low[k] in ("and", "but"):
        return first_subject(ctx, floor, verb)
    if k >= floor and doc.word_voice[k] == "quoted":
        # 'An article ... titled "China Is ..." reported that': the title is not a speaker
        return first_subject(ctx, floor, verb)
    if low[verb].endswith("ing") and k >= floor and "," in gap(doc, k, verb):
        return first_subject(ctx, floor, verb)
    while k >= floor and (low[k] in SUBJECT_SKIP or (low[k].endswith("ly") and len(low[k]) > 4)):
        k -= 1
    if k < floor:
        return None
    if low[k] in ("and", "but"):
        return first_subject(ctx, floor, verb)
    if k in sources:
        return sources[k]
    # A relative clause between subject and verb: "a person who has long followed the
    # sector told"; "Jorge Alvarez, 74, who lives on the ninth floor ..., said".
    for j in range(k, max(floor - 1, k - 14), -1):
        if low[j] in ("who", "which") and "," not in doc.text[doc.words[j].end : doc.words[k].end]:
            if j - 1 >= floor and "," in gap(doc, j - 1, j):
                k = j - 1
                break
            if j - 1 >= floor:
                k = j - 1
                if k in sources:
                    return sources[k]
                break
    role = ""
    name_apposition = None
    if k + 1 < len(doc.words) and "," in gap(doc, k, k + 1):
        # Comma-delimited phrases between subject and verb: roles ("an analyst at X"),
        # ages ("74"), relative clauses ("who lives ..."), or the name itself ("the
        # group's director, Maria Ocampo, said"). Skip them back to the subject.
        for _ in range(4):
            j = appositive_start(doc, k, floor)
            if j is None:
                break  # the phrase runs to the sentence start: it is the subject
            if is_name_run(doc, j, k + 1) and name_apposition is None:
                name_apposition = name_forward(doc, j, k + 1)
            elif low[j] in ("who", "which") or re.fullmatch(r"\d+", low[j]):
                pass
            elif low[j] in DETERMINERS or not cap(doc.words[j].text) or _role_phrase(doc, j, k):
                # "an analyst at X", "Qilun's chief executive", "Yellowhead MP"
                role = role or doc.text[doc.words[j].start : doc.words[k].end]
            else:
                break
            k = j - 1
            if k in sources:
                return sources[k]
            if not (k + 1 < len(doc.words) and "," in gap(doc, k, k + 1)):
                break
    if k < floor:
        return name_apposition
    if low[k] in ("who", "which") and k - 1 >= floor:
        k -= 1  # "Bill Gurry, who stated that": the name before the relative pronoun
    if is_pronoun(doc, k):
        return pronoun(doc, k, role)
    mention = name_backward(doc, k, floor) or description_backward(doc, k, floor)
    if name_apposition is not None:
        if (
            mention is not None
            and mention.kind == "name"
            and not is_org(mention.text)
            and not _fragment(doc, mention, floor)
        ):
            # "Jim Eglinski, Yellowhead MP, said": the first name speaks
            mention.role = mention.role or name_apposition.text
            return mention
        # "the group's director, Maria Ocampo, said": the name speaks, the rest is role
        if mention is not None:
            name_apposition.role = doc.text[doc.words[mention.first].start : doc.words[k].end]
        return name_apposition
    if mention is None:
        return None
    if mention.kind == "name" and mention.text.lower() in NOT_SPEAKERS and not mention.role:
        return first_subject(ctx, floor, verb)  # "a notice Tuesday saying": not Tuesday
    named = _name_before_apposition(ctx, mention, floor)
    if named is not None:
        return named
    return _refine_backward(doc, mention, k, floor, role)


def _role_phrase(doc: Document, j: int, k: int) -> bool:
    """Whether words ``j..k`` (a comma phrase that opens capitalised) are a role, not a name.

    "Qilun's chief executive", "Yellowhead MP", "Keeper of the Ruler's Seal": a
    possessive, a lower-case word or a title word in it.
    """
    for i in range(j, k + 1):
        w = doc.words[i].text
        if i < k and w.endswith(("'s", "’s")):
            return True
        if not cap(w) and doc.lowered[i] not in NAME_PARTICLES:
            return True
        if doc.lowered[i] in TITLE_WORDS:
            return True
    return False


def _fragment(doc: Document, mention: Mention, floor: int) -> bool:
    """Whether a name found before an appositive name is only part of a longer phrase.

    "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad, said" (after a possessive
    or "of"); "On Tuesday, Donald Tusk, ..., urged" (a fronted phrase); a day or
    month: the appositive name speaks.
    """
    if mention.text.lower() in NOT_SPEAKERS:
        return True
    j = mention.first - 1
    if j < floor or "," in gap(doc, j, mention.first):
        return False
    before = doc.words[j].text
    return before.endswith(("'s", "’s")) or doc.lowered[j] in _PREPOSITIONS | {"the"}


_PREPOSITIONS = frozenset(
    "of for at in from with on by to into about after before during over under".split()
)
_AFTER_NAME = _PREPOSITIONS | frozenset("while when as who and but".split())
_NP_HEADS = (
    SOURCE_NOUNS
    | PERSON_NOUNS
    | TITLE_WORDS
    | frozenset(
        "majority minority member members some many most all one each several few others "
        "group groups dozens hundreds thousands spokesperson spokesman spokeswoman".split()
    )
)


def _name_before_apposition(ctx: ArticleContext, mention: Mention, floor: int) -> Mention | None:
    """The name before a description: "Ruth Kowalski, a crane operator who ..., said".

    Only for a person's name that opens the clause (not "In Berlin, a senior
    official said").
    """
    doc = ctx.doc
    if mention.kind != "description" or mention.first - 1 < floor:
        return None
    if "," not in gap(doc, mention.first - 1, mention.first):
        return None
    if doc.lowered[mention.first] not in ("a", "an", "the", "one"):
        return None
    named = name_backward(doc, mention.first - 1, floor)
    if named is None:
        return None
    j = named.first - 1
    if j >= floor and doc.lowered[j] in _PREPOSITIONS and "," not in gap(doc, j, named.first):
        return None
    entity = ctx.entities.lookup(named.text)
    if entity is None or entity.type != PERSON:
        return None
    named.role = named.role or mention.text
    return named


def extend_description(doc: Document, mention: Mention, floor: int) -> Mention:
    """A description or name widened to the noun phrase it modifies.

    "the camp" in "a spokesperson for the camp", "Anhe" in "an energy analyst in
    Anhe", "the report" in "An expert cited in the report", "the public" in
    "Another member of the public": the head is the first noun, so the phrase
    starts there (up to three prepositional phrases back).
    """
    first = mention.first
    low = doc.lowered
    hops = 0
    while hops < 3 and first - 2 >= floor:
        if low[first - 1] not in _PREPOSITIONS or gap(doc, first - 1, first).strip():
            break
        j = first - 2
        if gap(doc, j, j + 1).strip():
            break
        if (low[j].endswith("ed") or low[j] in ("familiar", "close")) and j - 1 >= floor:
            j -= 1  # "cited in", "arrested at", "involved in", "familiar with"
        if low[j] not in _NP_HEADS or cap(doc.words[j].text) and j != doc.sentence_runs[0][j]:
            break
        if low[j] in CLAUSE_STARTERS and low[j] not in _NP_HEADS:
            break
        np = description_backward(doc, j, floor)
        new_first = np.first if np is not None else j
        if new_first >= first:
            break
        first = new_first
        hops += 1
    if first == mention.first:
        return mention
    text = doc.text[doc.words[first].start : doc.words[mention.last - 1].end]
    return Mention(first, mention.last, "description", text, mention.role)


def _refine_backward(doc: Document, mention: Mention, k: int, floor: int, role: str) -> Mention:
    """Who speaks when words stand before the mention found at the verb.

    "A spokeswoman for Trudeau said" (the spokeswoman), "Tomas Reyes of the Corvant
    Institute said" (the person), "foreign ministry spokesperson He Jun" (role kept).
    """
    low = doc.lowered
    extended = extend_description(doc, mention, floor)
    if extended is not mention:
        return extended
    j = mention.first - 1
    if (
        mention.kind == "name"
        and j - 1 >= floor
        and low[j] in ("for", "of")
        and low[j - 1] in SOURCE_NOUNS | {"spokeswoman", "spokesman", "spokesperson"}
    ):
        described = description_backward(doc, j - 1, floor)
        if described is not None:
            described.last = mention.last
            described.text = doc.text[doc.words[described.first].start : doc.words[k].end]
            return described
    # "Tomas Reyes of the Corvant Institute for Technology said"
    j = mention.first - 1
    if j >= floor and low[j] == "the":
        j -= 1
    if j - 1 >= floor and low[j] in ("of", "at", "from"):
        person = name_backward(doc, j - 1, floor)
        if (
            person is not None
            and not is_org(person.text)
            and person.text.split()[-1].lower() not in TITLE_WORDS
        ):
            person.role = doc.text[doc.words[j].start : doc.words[k].end]
            return person
    if mention.kind == "name" and not mention.role and mention.first > floor:
        # A lower-case role right before the name: "foreign ministry spokesperson He Jun".
        j = mention.first - 1
        if low[j] in TITLE_WORDS or low[j] in SOURCE_NOUNS:
            start = j
            while (
                start - 1 >= floor
                and mention.first - start < 4
                and gap(doc, start - 1, start).strip() == ""
                and low[start - 1] not in ("the", "a", "an", "and", "but", "said")
            ):
                start -= 1
            mention.role = doc.text[doc.words[start].start : doc.words[j].end]
    if role and not mention.role:
        mention.role = role.strip()
    return mention


def first_subject(ctx: ArticleContext, floor: int, verb: int) -> Mention | None:
    """The subject of the sentence's main clause: its first source, pronoun or name.

    A name counts when the article knows it as a person, organisation or outlet
    ("Gibson also noted ..., testifying"), or when it has two words; never a name
    after a preposition ("changes from Range Road 3083").
    """
    doc = ctx.doc
    low = doc.lowered
    bracket = doc.text.rfind("】", 0, doc.words[verb].start)
    for i in range(floor, verb):
        if doc.word_voice[i] != "author" or doc.words[i].start < bracket:
            continue
        for last, mention in ctx.sources.items():
            if mention.first == i and last < verb:
                return mention
        if is_pronoun(doc, i) and low[i] not in ("it", "them", "him", "her"):
            return pronoun(doc, i)
        if not cap(doc.words[i].text) or low[i] in CLAUSE_STARTERS:
            continue
        if i > floor and low[i - 1] in _PREPOSITIONS:
            continue
        at = ctx.entities.mention_at(i)
        if at is not None and at.last <= verb and at.entity.type in (PERSON, ORGANISATION, MEDIA):
            text = doc.text[doc.words[at.first].start : doc.words[at.last - 1].end]
            return Mention(at.first, at.last, "name", re.sub(r"['’]s?$", "", text))
        m = name_forward(doc, i, verb)
        if m is not None and m.last - m.first >= 2 and doc.lowered[m.last - 1] not in TITLE_WORDS:
            return m
    return None


def _with_author(doc: Document, mention: Mention, ceiling: int) -> Mention:
    """A document description widened to its author.

    "a statement released by the Prime Minister's Office".
    """
    low = doc.lowered
    j = mention.last
    if (
        mention.kind != "description"
        or low[mention.last - 1] not in DOCUMENT_NOUNS
        or j + 2 >= ceiling
        or not low[j].endswith("ed")
        or low[j + 1] not in ("by", "from")
    ):
        return mention
    k = j + 2
    if low[k] == "the" and k + 1 < ceiling:
        k += 1
    last = k
    while last < ceiling and cap(doc.words[last].text) and not gap(doc, last - 1, last).strip():
        last += 1  # "the Prime Minister's Office": through the possessive
    if last == k:
        return mention
    text = doc.text[doc.words[mention.first].start : doc.words[last - 1].end]
    return Mention(mention.first, last, "description", text, mention.role)


def _name_after_role(ctx: ArticleContext, mention: Mention, ceiling: int) -> Mention | None:
    """The person named after an organisation and a role, after a verb of saying.

    "said Oilers head coach Ken Hitchcock", "says MaRS director Adam Jagelewski",
    "says Campbell's partner, Jason Louth": the last name speaks, the words
    before it are the role.
    """
    doc = ctx.doc
    low = doc.lowered
    j = mention.last
    possessive = doc.words[j - 1].text.endswith(("'s", "’s"))
    words = 0
    while j < ceiling and words < 4 and not cap(doc.words[j].text):
        if low[j] in CLAUSE_STARTERS or low[j] in _PREPOSITIONS or doc.word_voice[j] != "author":
            return None
        if gap(doc, j - 1, j).strip() and not (possessive and words == 0):
            return None
        j += 1
        words += 1
    if words == 0 or j >= ceiling:
        return None
    between = gap(doc, j - 1, j).strip()
    if between not in ("", ",") or (between == "," and not possessive):
        return None
    named = name_forward(doc, j, ceiling)
    if named is None:
        return None
    entity = ctx.entities.lookup(named.text)
    short = named.last - named.first < 2 and (entity is None or entity.type != PERSON)
    if short and not (possessive and between == ","):
        return None
    followed = named.last < ceiling and gap(doc, named.last - 1, named.last).strip() == ""
    if followed and not cap(doc.words[named.last].text) and low[named.last] not in _AFTER_NAME:
        return None  # "said Kestrian manufacturers could": a clause, not a name
    named.role = doc.text[doc.words[mention.first].start : doc.words[j - 1].end].strip(" ,")
    return named


def speaker_after(ctx: ArticleContext, verb: int, ceiling: int) -> Mention | None:
    """The speaker after a reporting verb: "said Elena Marsh, head of ..."."""
    doc = ctx.doc
    low = doc.lowered
    k = verb + 1
    if k >= ceiling:
        return None
    if doc.word_voice[k] == "quoted":
        return None  # 'writing "It's unbelievable ...': the quote's own words
    if k in ctx.sources_by_first:
        return ctx.sources_by_first[k]
    if is_pronoun(doc, k):
        return pronoun(doc, k)
    mention = name_forward(doc, k, ceiling)
    if mention is not None:
        mention = _name_after_role(ctx, mention, ceiling) or mention
    if mention is None and low[k] not in DETERMINERS:
        # "said lead author Dr. Allan Garland", "said oil and gas worker Mike Wipf"
        for j in range(k + 1, min(ceiling, k + 6)):
            if gap(doc, j - 1, j).strip():
                break
            if cap(doc.words[j].text):
                named = name_forward(doc, j, ceiling)
                if named is not None and named.last - named.first >= 2:
                    named.role = doc.text[doc.words[k].start : doc.words[j - 1].end]
                    mention = named
                break
    if mention is None and low[k] in DETERMINERS:
        # "said the rookie defenceman, younger brother of ..."
        j = k
        while j + 1 < ceiling and j - k < 5 and not gap(doc, j, j + 1).strip():
            j += 1
        if j - k >= 1 and (j + 1 >= ceiling or gap(doc, j, j + 1).strip() in (",", ".")):
            mention = Mention(
                k, j + 1, "description", doc.text[doc.words[k].start : doc.words[j].end]
            )
    if mention is None:
        j = k
        while j < ceiling and j - k < 8 and low[j] not in SOURCE_NOUNS and low[j] not in ORG_WORDS:
            if gap(doc, j, j + 1).strip() if j + 1 < len(doc.words) else True:
                break
            j += 1
        if (
            j < ceiling
            and (low[j] in SOURCE_NOUNS or low[j] in ORG_WORDS)
            and (low[k] in DETERMINERS or j == k)
        ):
            mention = Mention(
                k, j + 1, "description", doc.text[doc.words[k].start : doc.words[j].end]
            )
    if mention is None:
        return None
    mention = _with_author(doc, mention, ceiling)
    if mention.last < ceiling and "," in gap(doc, mention.last - 1, mention.last):
        j = mention.last
        while j + 1 < ceiling and "," not in gap(doc, j, j + 1) and j - mention.last < 14:
            j += 1
        mention.role = mention.role or doc.text[doc.words[mention.last].start : doc.words[j].end]
    return mention


# --------------------------------------------------------------------------- resolving

_ANONYMITY_CLAUSE = re.compile(
    r",?\s+(?:who|which)\s+(?:asked|spoke|declined|requested|was not|were not|is not|are not|"
    r"did not|could not|would not|insisted)\b.*$|,?\s+(?:but\s+)?(?:not\s+|un)authori[sz]ed\b.*$|"
    r",?\s+speaking\s+on\s+condition\b.*$",
    re.IGNORECASE | re.DOTALL,
)
_POST_MODIFIER = frozenset(
    "of for at in from with by on about who which that released published issued posted "
    "compiled sent filed written cited quoted".split()
)
_MEDIA_DOCUMENTS = frozenset("report article story column editorial analysis".split())
_PLURAL_QUANTIFIERS = frozenset("some many several few most various numerous other others".split())


def description_text(text: str) -> str:
    """The words of a described speaker as written, without an anonymity clause.

    "a senior Democratic aide who spoke on condition of anonymity" gives "a senior
    Democratic aide"; a capitalised determiner opening a sentence is lower-cased
    ("The report" gives "the report"), nothing else changes case.
    """
    text = _ANONYMITY_CLAUSE.sub("", text).strip(" ,")
    first, _, rest = text.partition(" ")
    if first.lower() in DETERMINERS | {"another", "this", "these", "those"} and rest:
        text = f"{first.lower()} {rest}"
    return text


def _core(words: list[str]) -> tuple[list[str], list[str]]:
    """A description split at its first post-modifier: ("a statement", "released by X").

    Not inside a name: "former Bank of Canada governor" stays whole.
    """
    for i, w in enumerate(words):
        if i and w.lower() in POSTNOMINAL_MODIFIERS:
            return words[:i], words[i:]  # "people familiar with the matter"
        if i and w.lower() in _POST_MODIFIER:
            inside_name = (
                w.lower() in ("of", "for", "and")
                and words[i - 1][:1].isupper()
                and i + 1 < len(words)
                and words[i + 1][:1].isupper()
            )
            if not inside_name:
                return words[:i], words[i:]
    return words, []


def _plural(head: str, first: str) -> bool:
    return (
        first in _PLURAL_QUANTIFIERS
        or head in IRREGULAR_PLURALS
        or (
            head.endswith("s")
            and not head.endswith(("ss", "us", "is"))
            and first not in ("a", "an")
        )
    )


def resolve(ctx: ArticleContext, mention: Mention) -> tuple[str, str]:
    """Resolve a mention to (canonical speaker, speaker type).

    Types are those of :data:`~analysis.detect.quotes.entities.SPEAKER_TYPES`.
    """
    if mention.kind == "pronoun":
        return _resolve_pronoun(ctx, mention)
    if mention.kind == "description":
        return _resolve_description(ctx, mention)
    first = mention.first
    titled = bool(mention.role) or (
        first > 0 and ctx.doc.lowered[first - 1] in TITLE_WORDS | {"mr", "mrs", "ms", "dr"}
    )
    if (mention.text.lower() in NOT_SPEAKERS and not titled) or not could_be_speaker(
        ctx.doc, mention
    ):
        return "", ""
    if in_credit(ctx.doc, first):
        return "", ""
    return _resolve_name(ctx, mention)


def source_type(text: str) -> str:
    """An unnamed source phrase's type: a vague group when plural, else an individual."""
    core, _ = _core(description_text(text).split())
    if not core:
        return ANONYMOUS
    head = core[-1].lower().strip(".,")
    return VAGUE if _plural(head, core[0].lower()) else ANONYMOUS


def _resolve_name(ctx: ArticleContext, mention: Mention) -> tuple[str, str]:
    if mention.last - mention.first == 1 and not mention.role:
        word = ctx.doc.lowered[mention.first]
        if word in SOURCE_NOUNS or word in PERSON_NOUNS or word in TITLE_WORDS:
            return "", ""  # "Man charged ...", "Officials": a capitalised noun, not a name
    entity = ctx.entities.lookup(mention.text)
    at = ctx.entities.mention_at(mention.first)
    if entity is None and at is not None and at.last == mention.last:
        entity = at.entity
    if entity is not None and entity.type:
        kind = ORGANISATION if entity.type == PLACE else entity.type
        name = entity.name
    else:
        name = alias(ctx, mention.text)
        kind = ORGANISATION if is_org(mention.text) else PERSON
    if kind == PERSON and mention.role:
        ctx.roles.append(TitledName(mention.first, name, role_words(mention.role)))
    return name, kind


def _resolve_pronoun(ctx: ArticleContext, mention: Mention) -> tuple[str, str]:
    """He and she: the most salient person; it: an organisation; they: a body or group.

    Salience as in :meth:`EntityTable.antecedent` (the last three sentences of
    the author's voice); beyond them, the most recent speaker of the right kind,
    then any earlier name of that kind.
    """
    pos = mention.first
    word = mention.text
    table = ctx.entities
    if is_person_pronoun(word):
        gender = pronoun_gender(word)
        found = table.antecedent(
            pos,
            {PERSON, ANONYMOUS, ""},
            gender,
            accept=lambda e: e.type or (e.personal and len(e.name.split()) > 1),
        )
        if found is not None:
            return found.name, found.type
        for c in reversed(ctx.speakers):
            if c.word < pos and c.kind == PERSON:
                entity = table.lookup(c.speaker)
                if not (gender and entity is not None and entity.gender not in ("", gender)):
                    return c.speaker, c.kind
        found = table.last_named(pos, {PERSON}, lambda e: e.gender in ("", gender))
        return (found.name, PERSON) if found is not None else ("", "")
    wanted = {ORGANISATION, MEDIA} if word == "it" else {ORGANISATION, MEDIA, VAGUE}
    found = table.antecedent(pos, wanted)
    if found is not None:
        return found.name, found.type
    for c in reversed(ctx.speakers):
        if c.word < pos and c.kind in wanted:
            return c.speaker, c.kind
    if word == "it":
        main = table.main_organisation()
        if main is not None:
            return main.name, ORGANISATION
    return "", ""


def _resolve_description(ctx: ArticleContext, mention: Mention) -> tuple[str, str]:
    """A described speaker, typed.

    An alias, a name inside the description, a document's author, an organisation
    or person referred to again, or the description itself.
    """
    pos = mention.first
    table = ctx.entities
    text = description_text(mention.text)
    key = normalize_name(text)
    if key in ctx.aliases:
        speaker = ctx.aliases[key]
        entity = table.lookup(speaker)
        if entity is not None and entity.type:
            return speaker, ORGANISATION if entity.type == PLACE else entity.type
        return speaker, ORGANISATION if speaker in ctx.known.organisations else PERSON
    words = [w.strip('"“”') for w in text.split()]
    words = [w for w in words if w]
    core, post = _core(words)
    if not core:
        return text, ANONYMOUS
    head = core[-1].lower().strip(".,'’")
    determiner = core[0].lower()
    definite = determiner in ("the", "this", "that", "its", "their", "his", "her")
    named = trailing_name(" ".join(words)) or _single_trailing_name(ctx, core)
    if named is None and head in DOCUMENT_NOUNS:
        return _document_author(ctx, mention, core, post, text)
    if named is not None:
        # "former Bank of Canada governor David Dodge", "the data provider TechLedger"
        name, role = named
        mention.role = mention.role or role
        entity = table.lookup(name)
        if entity is not None and entity.type:
            return entity.name, ORGANISATION if entity.type == PLACE else entity.type
        role_words = set(role.lower().split())
        if role_words & MEDIA_NOUNS:
            kind = MEDIA  # "the Singaporean newspaper Lianhe Zaobao"
        elif is_org(name) or role_words & (BUSINESS_NOUNS | ORG_REFERENCE_NOUNS):
            kind = ORGANISATION
        else:
            kind = PERSON
        return alias(ctx, name), kind
    if head in MEDIA_NOUNS:
        if definite and not _plural(head, determiner):
            found = table.antecedent(pos, {MEDIA})
            if found is not None:
                return found.name, MEDIA
            return text, MEDIA
        return text, VAGUE
    if head in ORG_REFERENCE_NOUNS | BUSINESS_NOUNS and not _plural(head, determiner):
        found = _organisation_referred(ctx, pos, head, definite) if definite else None
        if found is not None:
            return found, ORGANISATION
        return text, ORGANISATION
    if definite and len(core) <= 4 and head in TITLE_WORDS:
        # "the WHL commissioner" after "WHL commissioner Ron Robison": the titled person
        for titled in reversed(ctx.roles):
            if titled.word < pos and head in titled.title:
                return titled.name, PERSON
    plural = _plural(head, determiner)
    if definite and not post and not plural and person_head(head):
        source = _anonymous_referred(ctx, pos, head)
        if source is not None:
            return source, ANONYMOUS
        found = table.antecedent(pos, {PERSON}, window=2)
        if found is not None and not mention_is_source(ctx, mention):
            return found.name, PERSON
    if plural or determiner in _PLURAL_QUANTIFIERS:
        return text, VAGUE
    return text, ANONYMOUS if person_head(head) or not definite else ORGANISATION


def mention_is_source(ctx: ArticleContext, mention: Mention) -> bool:
    """Whether a mention is one of the unnamed-source phrases the sourcing patterns found."""
    return mention.first in ctx.sources_by_first


def _single_trailing_name(ctx: ArticleContext, core: list[str]) -> tuple[str, str] | None:
    """A description ending in one capitalised word the article knows as a name."""
    last = core[-1].strip(".,")
    if len(core) < 2 or not last[:1].isupper() or core[-2][:1].isupper():
        return None
    entity = ctx.entities.lookup(last)
    if entity is None or not entity.type or entity.type == PLACE:
        return None
    return entity.name, " ".join(core[:-1])


def _document_author(
    ctx: ArticleContext, mention: Mention, core: list[str], post: list[str], text: str
) -> tuple[str, str]:
    """Who a document speaks for.

    Its owner ("OpenAI's blog", "its statement", "the RCMP statement"), its author
    ("released by the Prime Minister's Office"), else the organisation or outlet
    named in the sentences just before.
    """
    pos = mention.first
    table = ctx.entities
    owner = None
    for i, w in enumerate(core[:-1]):
        if re.search(r"['’]s?$", w) and w[:1].isupper():
            run = [w]
            j = i
            while j - 1 >= 0 and core[j - 1][:1].isupper() and core[j - 1].lower() != "the":
                j -= 1
                run.insert(0, core[j])
            owner = re.sub(r"['’]s?$", "", " ".join(run))
            break
        if w.lower() in ("its", "their"):
            found = table.antecedent(pos, BODIES) or table.main_organisation()
            owner = found.name if found is not None else None
            break
        if w.lower() in ("the", "company's", "company’s") and len(core) > i + 1:
            continue
    if owner is None:
        for i in range(len(core) - 2, -1, -1):
            w = core[i].strip(",")
            if w[:1].isupper() and i > 0 or (w[:1].isupper() and w.lower() != "the"):
                entity = table.lookup(w)
                if entity is not None and entity.type in (ORGANISATION, MEDIA, PERSON):
                    owner = entity.name
                    break
                if w.isupper() and len(w) > 1:
                    owner = w
                    break
    by = next((i for i, w in enumerate(post) if w.lower() in ("by", "from", "of")), None)
    if owner is None and by is not None and by <= 1:
        author = " ".join(post[by + 1 :]).strip(" .,")
        author = re.sub(r"^(?:the|The)\s+", "", author)
        if author[:1].isupper():
            owner = re.sub(r"['’]s?$", "", author)
    if owner is None and core[0].lower() in ("the", "this", "that"):
        head = core[-1].lower().strip(".,")
        found = None
        if head in _MEDIA_DOCUMENTS:
            found = table.antecedent(pos, {MEDIA}, window=3)
        found = found or table.antecedent(pos, BODIES, window=2)
        if found is not None:
            owner = found.name
    if owner is None:
        return text, DOCUMENT
    entity = table.lookup(owner)
    if entity is not None and entity.type == MEDIA:
        return entity.name, MEDIA  # an outlet's report: a media citation
    return (entity.name if entity is not None else alias(ctx, owner)), DOCUMENT


def _organisation_referred(ctx: ArticleContext, pos: int, head: str, definite: bool) -> str | None:
    """The organisation "the company" (or "the ministry", "the union") refers to.

    The organisation last named of that kind (the noun in its name, written with
    it, or in its ``speakers.csv`` row); for a business noun, the last business
    named; then a ``speakers.csv`` organisation of that kind; then, for a
    business noun, the organisation the article is about.
    """
    table = ctx.entities
    business = head in BUSINESS_NOUNS

    def of_kind(e) -> bool:
        words = {w.lower().strip(".,") for w in e.name.split()}
        return head in e.nouns or head in words or (head in ctx.known.organisations.get(e.name, ()))

    found = table.last_named(pos, {ORGANISATION}, of_kind)
    if found is None and business:
        found = table.last_named(pos, {ORGANISATION}, lambda e: e.business)
    if found is not None:
        return found.name
    for name, kinds in ctx.known.organisations.items():
        if head in kinds:
            return name
    untyped = table.antecedent(pos, {""}, window=3, accept=lambda e: len(e.name.split()) > 1)
    if untyped is not None:
        untyped.type = ORGANISATION  # "Cisco Talos ... the security firm": now known
        return untyped.name
    if business and definite:
        main = table.main_organisation()
        if main is not None and not (main.nouns - BUSINESS_NOUNS) & ORG_REFERENCE_NOUNS:
            return main.name
    return None


def _anonymous_referred(ctx: ArticleContext, pos: int, head: str) -> str | None:
    """An unnamed source named before with the same head noun.

    "the official" after "a senior official".
    """
    for m in reversed(ctx.entities.mentions):
        if m.first < pos and m.entity.type == ANONYMOUS:
            core, _ = _core(m.entity.name.split())
            if core and core[-1].lower().strip(".,") == head:
                return m.entity.name
    return None


def alias(ctx: ArticleContext, name: str) -> str:
    """Canonical form of a name: speakers.csv aliases, then the full name it shortens."""
    name = re.sub(r"^(The|the)\s+", "", name)
    key = normalize_name(name)
    if key in ctx.aliases:
        return ctx.aliases[key]
    entity = ctx.entities.lookup(name)
    if entity is not None:
        return entity.name
    return name


def known_sources(speakers: pd.DataFrame | None, event: str | None, outlets=None) -> KnownSources:
    """What ``speakers.csv`` (rows for ``event`` or for every event) and ``outlets.csv`` say.

    Aliases are normalised (case, a leading article, a possessive: "the blog post"
    and "Blog Post" are one alias). A speaker is an organisation when its name has
    an organisation word or its affiliation (with no comma: not "title, employer")
    ends in an organisation, business or media noun ("port operator").
    """
    known = KnownSources()
    if speakers is not None and not speakers.empty:
        for row in speakers.itertuples():
            row_event = getattr(row, "event", "")
            if isinstance(row_event, str) and row_event and event and row_event != event:
                continue
            name = str(row.speaker).strip()
            known.aliases[normalize_name(name)] = name
            side = getattr(row, "side", "")
            if isinstance(side, str) and side.strip():
                known.sides[name] = side.strip()
            alias_text = getattr(row, "aliases", "")
            if isinstance(alias_text, str):
                for entry in alias_text.split("|"):
                    if normalize_name(entry):
                        known.aliases[normalize_name(entry)] = name
            affiliation = getattr(row, "affiliation", "")
            affiliation = affiliation if isinstance(affiliation, str) else ""
            kinds = set(re.findall(r"[\w-]+", affiliation.lower()))
            head = re.split(r"\s+(?:in|of|for)\s+", affiliation.lower())[0].split()
            org_head = bool(head) and head[-1] in ORG_REFERENCE_NOUNS | BUSINESS_NOUNS | MEDIA_NOUNS
            if is_org(name) or ("," not in affiliation and org_head):
                known.organisations[name] = kinds | set(normalize_name(name).split())
                known.organisation_keys.add(normalize_name(name))
            else:
                known.people.add(name)
    for name, keys in _outlet_names(outlets):
        for key in keys:
            known.outlets.setdefault(key, name)
            known.aliases.setdefault(key, name)
    return known


def _outlet_names(outlets) -> list[tuple[str, list[str]]]:
    """Each outlet's display name and the keys that refer to it.

    The name ("The Riverton Herald"), its id as words ("riverton herald"), and its
    last word when that word is not a generic masthead, media or organisation word
    ("the Herald"; but not "the Times").
    """
    if outlets is None:
        return []
    if isinstance(outlets, pd.DataFrame):
        rows = []
        for row in outlets.to_dict("records"):
            slug = str(row.get("outlet") or "").strip()
            name = row.get("name")
            name = str(name).strip() if isinstance(name, str) and name.strip() else slug
            if name:
                rows.append((name, [slug.replace("-", " ").replace("_", " ")]))
    else:
        rows = [(str(v).strip(), []) for v in outlets if str(v).strip()]
    out = []
    for name, extra in rows:
        key = normalize_name(name)
        keys = [key] + [normalize_name(e) for e in extra if e]
        parts = key.split()
        if len(parts) > 1 and parts[-1] not in MASTHEAD_NOUNS | MEDIA_NOUNS | ORG_WORDS:
            keys.append(parts[-1])
        elif len(parts) == 2 and parts[-1] in MASTHEAD_NOUNS:
            keys.append(parts[0])  # "The Harbinger Times": "the Harbinger"
        out.append((name, keys))
    return out
