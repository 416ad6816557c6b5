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
from analysis.detect.quotes.mentions import (
    Mention,
    NameAt,
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
    DETERMINERS,
    DOCUMENT_NOUNS,
    NOT_SPEAKERS,
    ORG_REFERENCE_NOUNS,
    ORG_WORDS,
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
    kind: str  # person | org | description


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
    aliases: dict[str, str]
    sides: dict[str, str]
    names: list[NameAt] = field(default_factory=list)
    roles: list[TitledName] = field(default_factory=list)
    sources: dict[int, Mention] = field(default_factory=dict)
    sources_by_first: dict[int, Mention] = field(default_factory=dict)
    vague_by_verb: dict[int, Mention] = field(default_factory=dict)
    cues: dict[int, Match] = field(default_factory=dict)
    cue_subjects: list[SpeakerAt] = field(default_factory=list)
    speakers: list[SpeakerAt] = field(default_factory=list)
    used_cues: set[int] = field(default_factory=set)

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
            elif low[j] in DETERMINERS or not cap(doc.words[j].text):
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
        if mention is not None and mention.kind == "name" and not is_org(mention.text):
            # "Jim Eglinski, Yellowhead MP, said": the first name speaks
            mention.role = mention.role or name_apposition.text
            return mention
        # "the group's director, Maria Ocampo, said": the name speaks, the rest is role
        if mention is not None:
            name_apposition.role = doc.text[doc.words[mention.first].start : doc.words[k].end]
        return name_apposition
    if mention is None:
        return None
    return _refine_backward(doc, mention, k, floor, role)


def _refine_backward(doc: Document, mention: Mention, k: int, floor: int, role: str) -> Mention:
    """Who speaks when words stand before the mention found at the verb.

    "A spokeswoman for Trudeau said" (the spokeswoman), "Tomas Reyes of the Corvant
    Institute said" (the person), "foreign ministry spokesperson He Jun" (role kept).
    """
    low = doc.lowered
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
            and not is_org(f"{person.text} {mention.text}")
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
    """The subject of the sentence's main clause: its first pronoun, source or full name."""
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
        if cap(doc.words[i].text) and low[i] not in CLAUSE_STARTERS:
            m = name_forward(doc, i, verb)
            if (
                m is not None
                and m.last - m.first >= 2
                and doc.lowered[m.last - 1] not in TITLE_WORDS
            ):
                return m
    return None


def speaker_after(ctx: ArticleContext, verb: int, ceiling: int) -> Mention | None:
    """The speaker after a reporting verb: "said Elena Marsh, head of ..."."""
    doc = ctx.doc
    low = doc.lowered
    k = verb + 1
    if k >= ceiling:
        return None
    if k in ctx.sources_by_first:
        return ctx.sources_by_first[k]
    if is_pronoun(doc, k):
        return pronoun(doc, k)
    mention = name_forward(doc, k, ceiling)
    if mention is None and low[k] not in DETERMINERS:
        # "said lead author Dr. Allan Garland", "said union president Dana Okafor"
        for j in range(k + 1, min(ceiling, k + 4)):
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
    if mention.last < ceiling and "," in gap(doc, mention.last - 1, mention.last):
        j = mention.last
        while j + 1 < ceiling and "," not in gap(doc, j, j + 1) and j - mention.last < 14:
            j += 1
        mention.role = mention.role or doc.text[doc.words[mention.last].start : doc.words[j].end]
    return mention


# --------------------------------------------------------------------------- resolving


def resolve(ctx: ArticleContext, mention: Mention) -> tuple[str, str]:
    """Resolve a mention to (canonical speaker, kind: person | org | description)."""
    if mention.kind == "pronoun":
        return _resolve_pronoun(ctx, mention)
    if mention.kind == "description":
        return _resolve_description(ctx, mention)
    if mention.text.lower() in NOT_SPEAKERS or not could_be_speaker(ctx.doc, mention):
        return "", ""
    name = alias(ctx, mention.text)
    if is_org(mention.text):
        return name, "org"
    if mention.role:
        ctx.roles.append(TitledName(mention.first, name, role_words(mention.role)))
    return name, "person"


def _resolve_pronoun(ctx: ArticleContext, mention: Mention) -> tuple[str, str]:
    """The most recent speaker of the right kind, then any earlier name of that kind.

    A quoted speaker, or the named subject of any reporting verb ("X, a manager at
    Y, said he ... . 'Quote,' he said.").
    """
    pos = mention.first
    want_person = is_person_pronoun(mention.text)
    candidates = [c for c in ctx.speakers if c.word < pos]
    candidates += [c for c in ctx.cue_subjects if c.word < pos]
    candidates.sort(key=lambda c: c.word)
    for c in reversed(candidates):
        if (c.kind == "person") == want_person:
            return c.speaker, c.kind
    for n in reversed(ctx.names):
        if (
            n.word < pos
            and (not is_org(n.name)) == want_person
            and n.name.lower() not in NOT_SPEAKERS
        ):
            return alias(ctx, n.name), "person" if want_person else "org"
    return "", ""


def _resolve_description(ctx: ArticleContext, mention: Mention) -> tuple[str, str]:
    pos = mention.first
    text = mention.text
    low = text.lower()
    bare = re.sub(r"^(the|a|an)\s+", "", low)
    if bare in ctx.aliases:
        return ctx.aliases[bare], "org" if is_org(ctx.aliases[bare]) else "person"
    words = low.split()
    owner = re.match(r"^(?:the\s+)?((?:[A-Z][\w.-]*\s?)+)['’]s?\s", text)
    if owner and words[-1] in DOCUMENT_NOUNS:
        return alias(ctx, owner.group(1).strip()), "org"
    if low.startswith("the ") and len(words) <= 4:
        # "the WHL commissioner" after "WHL commissioner Ron Robison" or
        # "Ron Robison, the WHL commissioner": the person with that title.
        noun = words[-1]
        for titled in reversed(ctx.roles if noun in TITLE_WORDS else ()):
            if titled.word < pos and noun in titled.title:
                return titled.name, "person"
    if low.startswith("the ") and len(words) <= 3:
        noun = words[-1]
        for c in reversed(ctx.speakers):
            if c.word < pos and c.kind == "description" and noun in c.speaker.split():
                return c.speaker, c.kind
        if noun in ORG_REFERENCE_NOUNS:
            orgs = [n.name for n in ctx.names if n.word < pos and is_org(n.name)]
            matching = [n for n in orgs if noun in n.lower().split()]
            if matching or orgs:
                return alias(ctx, (matching or orgs)[-1]), "org"
    named = trailing_name(text)
    if named is not None:
        # "former Bank of Canada governor David Dodge", "the IFSD's Azfar Ali Khan":
        # the speaker is the name; the words before it are the role.
        name, role = named
        mention.role = mention.role or role
        return alias(ctx, name), "org" if is_org(name) else "person"
    return low, "description"


def alias(ctx: ArticleContext, name: str) -> str:
    """Canonical form of a name: speakers.csv aliases, then an earlier full name."""
    name = re.sub(r"^(The|the)\s+", "", name)
    key = name.lower()
    if key in ctx.aliases:
        return ctx.aliases[key]
    tokens = name.split()
    if len(tokens) == 1:
        for n in reversed(ctx.names):
            parts = n.name.split()
            if len(parts) > 1 and (parts[-1] == name or parts[0] == name):
                return alias(ctx, n.name) if n.name.lower() in ctx.aliases else n.name
    return name


def speaker_tables(
    speakers: pd.DataFrame | None, event: str | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Aliases (lower-case alias to speaker) and sides (speaker to side) for one event."""
    aliases: dict[str, str] = {}
    sides: dict[str, str] = {}
    if speakers is None or speakers.empty:
        return aliases, sides
    for row in speakers.itertuples():
        row_event = getattr(row, "event", "")
        if isinstance(row_event, str) and row_event and event and row_event != event:
            continue
        name = str(row.speaker)
        aliases[name.lower()] = name
        side = getattr(row, "side", "")
        if isinstance(side, str) and side:
            sides[name] = side
        alias_text = getattr(row, "aliases", "")
        if isinstance(alias_text, str):
            for entry in alias_text.split("|"):
                if entry.strip():
                    aliases[entry.strip().lower()] = name
    return aliases, sides
