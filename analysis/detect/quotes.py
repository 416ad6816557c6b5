"""Quotes and who said them; scare quotes; the reporting verbs that introduce quotes.

Every top-level quotation region (see :func:`analysis.text.find_quotes`) is one of

* a **title or name** in quotation marks ("Frontier Competition and Open Models",
  "Stargate"): every content word capitalised; not a quote, no span;
* a **scare quote**: at most three words with no speaker in reach, or after
  *so-called*; the author's distancing, voice ``author``;
* a **direct quote**: the sentence is the quote plus an attribution ("...," X
  said), or it follows a colon or a verb of saying;
* a **partial quote**: a quoted fragment inside the author's sentence (called
  the blackout "a disgrace").

Speakers are found in the sentence around the quote, in this order: after it
("...," said X, the title of Y / "...," X said / "...," he said), before it
(X said: "..." / According to X, "..." / As X put it, "..."), then the
previous quote's speaker (consecutive quotes), the previous sentence's
attribution (X told the Herald that ... . "..."), and the next sentence.
Pronouns resolve to the last named person (he, she) or organisation or group
(it, they). A surname or alias merges with the full name mentioned earlier in
the article or listed in ``speakers.csv``; ``side`` comes from speakers.csv.

**Indirect speech**: a reporting verb with a named or described subject and a
that-clause ("X told reporters that ..."), *said* with a bare clause ("Grieve
said the company had ..."), and "according to X, ...". The span is the reported
clause; its voice is the author's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.detect._common import (
    CLAUSE_STARTERS,
    SOURCE_NOUNS,
    once_per_document,
    same_sentence,
    word_span,
)
from analysis.detect.sourcing import find_anonymous_sources, find_vague_attributions
from analysis.lexicon import get_lexicon, match_words
from analysis.schema import Span
from analysis.text import Document, QuoteRegion

PERSON_PRONOUNS = frozenset("he she him her".split())
OTHER_PRONOUNS = frozenset("they them it".split())
TITLE_WORDS = frozenset(
    """
    mr mrs ms dr prof sen senator rep representative gov governor president vice prime minister
    secretary mayor chief executive ceo cfo chairman chairwoman chair director professor judge
    general gen spokesman spokeswoman spokesperson ambassador commissioner inspector officer
    deputy senior former pope king queen prince princess lord lady sir dame captain capt col
    colonel lt sgt admiral adm attorney justice speaker leader chancellor premier economist
    analyst engineer researcher scientist expert official operator founder chairperson state
    member councillor councilor councilman councilwoman alderman
    author
    """.split()
)
ORG_WORDS = frozenset(
    """
    labs lab inc corp corporation ltd llc plc co company ministry department union authority
    power capital post times journal group commission university institute association agency
    bank party council reuters wire herald ledger clarion news media network motors intelligence
    technology technologies systems government administration committee court police army
    federation foundation fund centre center office bureau board exchange magazine newspaper
    television radio tv website blog report statement
    """.split()
)
NAME_PARTICLES = frozenset("de da del della der van von bin al el la le di du".split())
LEADING_FUNCTION_WORDS = frozenset(
    "as but and in on at for so yet when while after before then also the a an according if "
    "although though since because with by from to however meanwhile still even now".split()
)
ABBREV_WITH_DOT = frozenset("mr mrs ms dr sen rep gov prof gen st jr sr lt col capt adm".split())
NOT_QUOTE_CUES = frozenset(
    "call calls called calling describe describes described describing quote quotes quoted "
    "quoting cite cites cited citing ask asks asked asking urge urges urged urging".split()
)
BARE_CLAUSE_CUES = frozenset("say says said".split())
SUBJECT_SKIP = frozenset(
    "has have had was is were also further then later previously once again reportedly "
    "would will had already just recently only repeatedly now even still".split()
)
_DETERMINERS = frozenset(
    "the a an one two three four five several some many its his her their our".split()
)
_CLAUSE_BREAKS = frozenset("and but while as said that which who because although".split())
_SMALL_WORDS = frozenset("of the and for in on a an to at by with from or de".split())


@dataclass
class Mention:
    """A speaker mention: word indices, its kind and an optional role phrase."""

    first: int
    last: int
    kind: str  # name | pronoun | description
    text: str
    role: str = ""


@dataclass
class _State:
    """Per-article state for resolving speakers."""

    doc: Document
    article_id: str
    aliases: dict[str, str]
    sides: dict[str, str]
    names: list[tuple[int, str]] = field(default_factory=list)  # (word index, full name)
    # (word index, name, words of its title or role): "WHL commissioner Ron Robison"
    roles: list[tuple[int, str, frozenset[str]]] = field(default_factory=list)
    sources: dict[int, Mention] = field(default_factory=dict)
    sources_by_first: dict[int, Mention] = field(default_factory=dict)
    cue_subjects: list[tuple[int, str, str]] = field(default_factory=list)
    speakers: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, name, kind)


# --------------------------------------------------------------------------- mentions


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _is_org(name: str) -> bool:
    tokens = name.replace("'s", "").split()
    return any(t.lower().strip(".,") in ORG_WORDS for t in tokens) or (
        len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1
    )


def _gap(doc: Document, i: int, j: int) -> str:
    return doc.text[doc.words[i].end : doc.words[j].start]


def _is_pronoun(doc: Document, k: int) -> bool:
    """A pronoun; but "He" capitalised mid-sentence is a surname (He Jun)."""
    if doc.lowered[k] not in PERSON_PRONOUNS | OTHER_PRONOUNS:
        return False
    return not (doc.words[k].text == "He" and same_sentence(doc, k - 1, k))


def _name_gap_ok(doc: Document, i: int) -> bool:
    """Whether word ``i`` and word ``i + 1`` can belong to one name."""
    gap = _gap(doc, i, i + 1)
    if gap.strip() == "":
        return "\n" not in gap
    word = doc.lowered[i]
    return gap.strip() == "." and (word in ABBREV_WITH_DOT or len(word) == 1)


def _name_backward(doc: Document, k: int, floor: int) -> Mention | None:
    """A capitalised run ending at word ``k`` (a name, possibly with a title)."""
    words = doc.words
    if not _cap(words[k].text):
        return None
    first = k
    while (
        first - 1 >= floor
        and _name_gap_ok(doc, first - 1)
        and (
            _cap(words[first - 1].text)
            or (
                doc.lowered[first - 1] in NAME_PARTICLES
                and first - 2 >= floor
                and _cap(words[first - 2].text)
            )
        )
    ):
        if words[first - 1].text.endswith(("'s", "’s")):
            break
        first -= 1
    return _split_title(doc, first, k + 1)


def _name_forward(doc: Document, k: int, ceiling: int) -> Mention | None:
    words = doc.words
    if k >= ceiling or not _cap(words[k].text):
        return None
    last = k + 1
    while (
        last < ceiling
        and _name_gap_ok(doc, last - 1)
        and (_cap(words[last].text) or doc.lowered[last] in NAME_PARTICLES)
    ):
        if words[last - 1].text.endswith(("'s", "’s")):
            break
        last += 1
    while last - 1 > k and doc.lowered[last - 1] in NAME_PARTICLES:
        last -= 1
    return _split_title(doc, k, last)


def _split_title(doc: Document, first: int, last: int) -> Mention:
    """Drop leading function words ("As Gao") and separate titles ("Corvant Mayor")."""
    words = doc.words
    while first < last - 1 and doc.lowered[first] in LEADING_FUNCTION_WORDS:
        first += 1
    cut = first
    for i in range(first, last - 1):
        if doc.lowered[i] in TITLE_WORDS:
            cut = i + 1
    role = doc.text[words[first].start : words[cut - 1].end] if cut > first else ""
    text = doc.text[words[cut].start : words[last - 1].end]
    text = re.sub(r"['’]s?$", "", text)
    return Mention(cut, last, "name", text, role)


def _description_backward(doc: Document, k: int, floor: int) -> Mention | None:
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
        and _gap(doc, first - 1, first).strip() in ("", "'", "’")
    ):
        prev = low[first - 1]
        if prev in CLAUSE_STARTERS - _DETERMINERS or prev in _CLAUSE_BREAKS:
            break
        first -= 1
        if prev in _DETERMINERS:
            determined = True
            break
    if not (known_head or determined) or head in CLAUSE_STARTERS:
        return None
    text = doc.text[doc.words[first].start : doc.words[k].end]
    return Mention(first, k + 1, "description", text)


def _appositive_start(doc: Document, k: int, floor: int) -> int | None:
    """First word of the comma-delimited phrase that ends at word ``k``, if any."""
    j = k
    while j - 1 >= floor and "," not in _gap(doc, j - 1, j) and k - j < 16:
        j -= 1
    if j - 1 >= floor and "," in _gap(doc, j - 1, j):
        return j
    return None


def _is_name_run(doc: Document, first: int, last: int) -> bool:
    return (
        all(_cap(doc.words[i].text) or doc.lowered[i] in NAME_PARTICLES for i in range(first, last))
        and last > first
    )


def _subject_before(
    doc: Document, verb: int, floor: int, sources: dict[int, Mention] | None = None
) -> Mention | None:
    """The speaker of the reporting verb at word index ``verb``, searching backwards.

    Handles appositives (X, 74, the union's president, said; the group's director,
    Maria Ocampo, said), relative clauses (X, who said; a person who has followed
    the sector told), "X was quoted ... as saying", "the newspaper quoted her as
    saying", participles after a comma (X named Y, claiming that), coordination (X
    called it "a disgrace" and said), "X of the Y Institute said", and the source
    phrases found by the sourcing patterns (``sources``: last word index to mention;
    the key ``-verb - 1`` holds a vague group attached to that verb).
    """
    low = doc.lowered
    sources = sources or {}
    if -verb - 1 in sources:
        return sources[-verb - 1]
    if low[verb] == "saying" and verb - 1 >= floor and low[verb - 1] == "as":
        for j in range(verb - 2, floor - 1, -1):
            if low[j] in ("quoted", "cited"):
                if j + 1 < verb - 1 and _is_pronoun(doc, j + 1):
                    return Mention(j + 1, j + 2, "pronoun", low[j + 1])
                if j + 1 < verb - 1:
                    named = _name_forward(doc, j + 1, verb - 1)
                    if named is not None:
                        return named
                return _subject_before(doc, j, floor, sources)
    k = verb - 1
    if k >= floor and low[k] in ("and", "but"):
        return _first_subject(doc, floor, verb, sources)
    if k >= floor and doc.word_voice[k] == "quoted":
        # 'An article ... titled "China Is ..." reported that': the title is not a speaker
        return _first_subject(doc, floor, verb, sources)
    if low[verb].endswith("ing") and k >= floor and "," in _gap(doc, k, verb):
        return _first_subject(doc, floor, verb, sources)
    while k >= floor and (low[k] in SUBJECT_SKIP or (low[k].endswith("ly") and len(low[k]) > 4)):
        k -= 1
    if k < floor:
        return None
    if low[k] in ("and", "but"):
        return _first_subject(doc, floor, verb, sources)
    if k in sources:
        return sources[k]
    # A relative clause between subject and verb: "a person who has long followed the
    # sector told"; "Jorge Alvarez, 74, who lives on the ninth floor ..., said".
    for j in range(k, max(floor - 1, k - 14), -1):
        if low[j] in ("who", "which") and "," not in doc.text[doc.words[j].end : doc.words[k].end]:
            if j - 1 >= floor and "," in _gap(doc, j - 1, j):
                k = j - 1
                break
            if j - 1 >= floor:
                k = j - 1
                if k in sources:
                    return sources[k]
                break
    role = ""
    name_apposition = None
    if k + 1 < len(doc.words) and "," in _gap(doc, k, k + 1):
        # Comma-delimited phrases between subject and verb: roles ("an analyst at X"),
        # ages ("74"), relative clauses ("who lives ..."), or the name itself ("the
        # group's director, Maria Ocampo, said"). Skip them back to the subject.
        for _ in range(4):
            j = _appositive_start(doc, k, floor)
            if j is None:
                break  # the phrase runs to the sentence start: it is the subject
            if _is_name_run(doc, j, k + 1) and name_apposition is None:
                name_apposition = _name_forward(doc, j, k + 1)
            elif low[j] in ("who", "which") or re.fullmatch(r"\d+", low[j]):
                pass
            elif low[j] in _DETERMINERS or not _cap(doc.words[j].text):
                role = role or doc.text[doc.words[j].start : doc.words[k].end]
            else:
                break
            k = j - 1
            if k in sources:
                return sources[k]
            if not (k + 1 < len(doc.words) and "," in _gap(doc, k, k + 1)):
                break
    if k < floor:
        return name_apposition
    if low[k] in ("who", "which") and k - 1 >= floor:
        k -= 1  # "Bill Gurry, who stated that": the name before the relative pronoun
    if _is_pronoun(doc, k):
        return Mention(k, k + 1, "pronoun", low[k], role)
    mention = _name_backward(doc, k, floor) or _description_backward(doc, k, floor)
    if name_apposition is not None:
        if mention is not None and mention.kind == "name" and not _is_org(mention.text):
            # "Jim Eglinski, Yellowhead MP, said": the first name speaks
            mention.role = mention.role or name_apposition.text
            return mention
        # "the group's director, Maria Ocampo, said": the name speaks, the rest is role
        if mention is not None:
            name_apposition.role = doc.text[doc.words[mention.first].start : doc.words[k].end]
        return name_apposition
    if mention is None:
        return None
    # "A spokeswoman for Trudeau said": the spokeswoman speaks, not Trudeau
    j = mention.first - 1
    if (
        mention.kind == "name"
        and j - 1 >= floor
        and low[j] in ("for", "of")
        and low[j - 1] in SOURCE_NOUNS | {"spokeswoman", "spokesman", "spokesperson"}
    ):
        described = _description_backward(doc, j - 1, floor)
        if described is not None:
            described.last = mention.last
            described.text = doc.text[doc.words[described.first].start : doc.words[k].end]
            return described
    # "Tomas Reyes of the Corvant Institute for Technology said"
    j = mention.first - 1
    if j >= floor and low[j] == "the":
        j -= 1
    if j - 1 >= floor and low[j] in ("of", "at", "from"):
        person = _name_backward(doc, j - 1, floor)
        if (
            person is not None
            and not _is_org(person.text)
            and not _is_org(f"{person.text} {mention.text}")
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
                and _gap(doc, start - 1, start).strip() == ""
                and low[start - 1] not in ("the", "a", "an", "and", "but", "said")
            ):
                start -= 1
            mention.role = doc.text[doc.words[start].start : doc.words[j].end]
    if role and not mention.role:
        mention.role = role.strip()
    return mention


def _first_subject(
    doc: Document, floor: int, verb: int, sources: dict[int, Mention] | None
) -> Mention | None:
    """The subject of the sentence's main clause: its first pronoun, source or full name."""
    low = doc.lowered
    bracket = doc.text.rfind("】", 0, doc.words[verb].start)
    for i in range(floor, verb):
        if doc.word_voice[i] != "author" or doc.words[i].start < bracket:
            continue
        if sources:
            for last, mention in sources.items():
                if last >= 0 and mention.first == i and last < verb:
                    return mention
        if _is_pronoun(doc, i) and low[i] not in ("it", "them", "him", "her"):
            return Mention(i, i + 1, "pronoun", low[i])
        if _cap(doc.words[i].text) and low[i] not in CLAUSE_STARTERS:
            m = _name_forward(doc, i, verb)
            if (
                m is not None
                and m.last - m.first >= 2
                and doc.lowered[m.last - 1] not in TITLE_WORDS
            ):
                return m
    return None


def _speaker_after(
    doc: Document, verb: int, ceiling: int, sources_by_first: dict[int, Mention] | None = None
) -> Mention | None:
    """The speaker after a reporting verb: "said Elena Marsh, head of ..."."""
    low = doc.lowered
    k = verb + 1
    if k >= ceiling:
        return None
    if sources_by_first and k in sources_by_first:
        return sources_by_first[k]
    if _is_pronoun(doc, k):
        return Mention(k, k + 1, "pronoun", low[k])
    mention = _name_forward(doc, k, ceiling)
    if mention is None and low[k] not in _DETERMINERS:
        # "said lead author Dr. Allan Garland", "said union president Dana Okafor"
        for j in range(k + 1, min(ceiling, k + 4)):
            if _gap(doc, j - 1, j).strip():
                break
            if _cap(doc.words[j].text):
                named = _name_forward(doc, j, ceiling)
                if named is not None and named.last - named.first >= 2:
                    named.role = doc.text[doc.words[k].start : doc.words[j - 1].end]
                    mention = named
                break
    if mention is None and low[k] in _DETERMINERS:
        # "said the rookie defenceman, younger brother of ..."
        j = k
        while j + 1 < ceiling and j - k < 5 and not _gap(doc, j, j + 1).strip():
            j += 1
        if j - k >= 1 and (j + 1 >= ceiling or _gap(doc, j, j + 1).strip() in (",", ".")):
            mention = Mention(
                k, j + 1, "description", doc.text[doc.words[k].start : doc.words[j].end]
            )
    if mention is None:
        j = k
        while j < ceiling and j - k < 8 and low[j] not in SOURCE_NOUNS and low[j] not in ORG_WORDS:
            if _gap(doc, j, j + 1).strip() if j + 1 < len(doc.words) else True:
                break
            j += 1
        if (
            j < ceiling
            and (low[j] in SOURCE_NOUNS or low[j] in ORG_WORDS)
            and (low[k] in _DETERMINERS or j == k)
        ):
            mention = Mention(
                k, j + 1, "description", doc.text[doc.words[k].start : doc.words[j].end]
            )
    if mention is None:
        return None
    if mention.last < ceiling and "," in _gap(doc, mention.last - 1, mention.last):
        j = mention.last
        while j + 1 < ceiling and "," not in _gap(doc, j, j + 1) and j - mention.last < 14:
            j += 1
        mention.role = mention.role or doc.text[doc.words[mention.last].start : doc.words[j].end]
    return mention


def _appositive_text(doc: Document, first: int, verb: int) -> str:
    """The role phrase between a name's comma and its verb."""
    if first >= verb:
        return ""
    return doc.text[doc.words[first].start : doc.words[verb - 1].end].strip(" ,")


def _phrase_until_comma(doc: Document, k: int, ceiling: int) -> Mention | None:
    """The phrase from word ``k`` to the next comma: the source in "according to X, ..."."""
    j = k
    while j + 1 < ceiling and "," not in _gap(doc, j, j + 1) and j - k < 9:
        j += 1
    if j >= ceiling:
        return None
    if _is_name_run(doc, k, j + 1):
        return _name_forward(doc, k, j + 1)
    return Mention(k, j + 1, "description", doc.text[doc.words[k].start : doc.words[j].end])


# --------------------------------------------------------------------------- resolution

_NOT_SPEAKERS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december new year christmas".split()
)
_ORG_REFERENCE_NOUNS = frozenset(
    "company firm group operator utility union port ministry regulator commission authority "
    "association startup start-up lab government agency bank carmaker insurer".split()
)
_SENTENCE_ADVERBS = frozenset(
    "somehow still instead meanwhile however nevertheless nonetheless otherwise indeed "
    "perhaps maybe finally eventually later earlier today yesterday tomorrow".split()
)
_LINKING_WORDS = frozenset(
    "by of for from at in with to on and or about against over under into than".split()
)
_PAGE_DIRECTIONS = frozenset("below above reading overleaf".split())
_PHOTO_CREDIT = re.compile(r"\([^()\n]{0,80}/[^()\n]{0,80}\)")
_DOCUMENT_NOUNS = frozenset("report statement website blog filing study letter memo post".split())


def _canonical(state: _State, mention: Mention) -> tuple[str, str]:
    """Resolve a mention to (canonical speaker, kind: person | org | description)."""
    pos = mention.first
    if mention.kind == "pronoun":
        want_person = mention.text in PERSON_PRONOUNS
        # The most recent speaker of the right kind: a quoted speaker, or the named
        # subject of any reporting verb ("X, a manager at Y, said he ... . 'Quote,'
        # he said."), then any earlier name of that kind.
        candidates = [(p, n, k) for p, n, k in state.speakers if p < pos]
        candidates += [(p, n, k) for p, n, k in state.cue_subjects if p < pos]
        candidates.sort(key=lambda c: c[0])
        for _, name, kind in reversed(candidates):
            if (kind == "person") == want_person:
                return name, kind
        for p, name in reversed(state.names):
            if p < pos and (not _is_org(name)) == want_person and name.lower() not in _NOT_SPEAKERS:
                return _alias(state, name), "person" if want_person else "org"
        return "", ""
    if mention.kind == "description":
        text = mention.text
        low = text.lower()
        bare = re.sub(r"^(the|a|an)\s+", "", low)
        if bare in state.aliases:
            return state.aliases[bare], "org" if _is_org(state.aliases[bare]) else "person"
        words = low.split()
        owner = re.match(r"^(?:the\s+)?((?:[A-Z][\w.-]*\s?)+)['’]s?\s", text)
        if owner and words[-1] in _DOCUMENT_NOUNS:
            return _alias(state, owner.group(1).strip()), "org"
        if low.startswith("the ") and len(words) <= 4:
            # "the WHL commissioner" after "WHL commissioner Ron Robison" or
            # "Ron Robison, the WHL commissioner": the person with that title.
            noun = words[-1]
            for p, name, role in reversed(state.roles if noun in TITLE_WORDS else ()):
                if p < pos and noun in role:
                    return name, "person"
        if low.startswith("the ") and len(words) <= 3:
            noun = words[-1]
            for p, name, kind in reversed(state.speakers):
                if p < pos and kind == "description" and noun in name.split():
                    return name, kind
            if noun in _ORG_REFERENCE_NOUNS:
                orgs = [n for p, n in state.names if p < pos and _is_org(n)]
                matching = [n for n in orgs if noun in n.lower().split()]
                if matching or orgs:
                    return _alias(state, (matching or orgs)[-1]), "org"
        named = _trailing_name(text)
        if named is not None:
            # "former Bank of Canada governor David Dodge", "the IFSD's Azfar Ali Khan":
            # the speaker is the name; the words before it are the role.
            name, role = named
            mention.role = mention.role or role
            return _alias(state, name), "org" if _is_org(name) else "person"
        return low, "description"
    if mention.text.lower() in _NOT_SPEAKERS or not _could_be_speaker(state.doc, mention):
        return "", ""
    name = _alias(state, mention.text)
    if _is_org(mention.text):
        return name, "org"
    if mention.role:
        state.roles.append((pos, name, _role_words(mention.role)))
    return name, "person"


def _could_be_speaker(doc: Document, mention: Mention) -> bool:
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
            or doc.lowered[first] in _SENTENCE_ADVERBS
        )
    ):
        return False
    return not _in_photo_credit(doc, first)


def _in_photo_credit(doc: Document, word: int) -> bool:
    """Whether a word sits in a photo credit: brackets with a slash inside.

    "(Robert Short/CBC)", "(THE CANADIAN PRESS/Anne Marie Cerato)": nobody is quoted
    there.
    """
    offset = doc.words[word].start
    return any(a <= offset < b for a, b in _photo_credits(doc))


@once_per_document
def _photo_credits(doc: Document) -> list[tuple[int, int]]:
    return [m.span() for m in _PHOTO_CREDIT.finditer(doc.text)]


def _trailing_name(text: str) -> tuple[str, str] | None:
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
    if before in _LINKING_WORDS or before.endswith(("ed", "ing")):
        return None  # "the index compiled by Baltica Shipping": the index is the source
    return " ".join(tokens[start:]), " ".join(tokens[:start]).strip(" ,")


def _alias(state: _State, name: str) -> str:
    """Canonical form of a name: speakers.csv aliases, then an earlier full name."""
    name = re.sub(r"^(The|the)\s+", "", name)
    key = name.lower()
    if key in state.aliases:
        return state.aliases[key]
    tokens = name.split()
    if len(tokens) == 1:
        for _, full in reversed(state.names):
            parts = full.split()
            if len(parts) > 1 and (parts[-1] == name or parts[0] == name):
                return _alias(state, full) if full.lower() in state.aliases else full
    return name


def _collect_names(
    doc: Document,
) -> tuple[list[tuple[int, str]], list[tuple[int, str, frozenset[str]]]]:
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
        m = _name_forward(doc, i, ends[i])
        if m is not None and m.last - m.first >= 2 and not _in_photo_credit(doc, m.first):
            name = re.sub(r"^(The|the)\s+", "", m.text)
            names.append((m.first, name))
            # The title before the name, capitalised or not: "WHL commissioner Ron Robison".
            j = m.first
            while (
                j > first_of[m.first]
                and m.first - j < 4
                and (doc.lowered[j - 1] in TITLE_WORDS or _cap(doc.words[j - 1].text))
                and not _gap(doc, j - 1, j).strip()
            ):
                j -= 1
            title = _role_words(m.role) | set(doc.lowered[j : m.first])
            if title & TITLE_WORDS:
                roles.append((m.first, name, frozenset(title)))
            resume = m.last
    return names, roles


def _role_words(role: str) -> frozenset[str]:
    return frozenset(re.findall(r"[\w-]+", role.lower()))


def _speaker_tables(
    speakers: pd.DataFrame | None, event: str | None
) -> tuple[dict[str, str], dict[str, str]]:
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
            for alias in alias_text.split("|"):
                if alias.strip():
                    aliases[alias.strip().lower()] = name
    return aliases, sides


# --------------------------------------------------------------------------- the detector


def _classify(doc: Document, region: QuoteRegion, sentence_first: int) -> str:
    """``title``, ``scare`` (if unattributed), ``short`` or ``long`` for a region."""
    first, last = doc.word_range(region.content_start, region.content_end)
    content = [doc.words[i].text for i in range(first, last)]
    if not content:
        return "empty"
    prev = doc.lowered[first - 1] if first > 0 and same_sentence(doc, first - 1, first) else ""
    if prev in ("so-called", "dubbed", "branded", "labelled", "labeled", "termed"):
        return "scare"
    significant = [w for w in content if w.lower() not in _SMALL_WORDS]
    starts_sentence = first == sentence_first
    if (
        significant
        and all(_cap(w) for w in significant)
        and not all(w.isupper() for w in significant)
        and (len(content) >= 2 or not starts_sentence)
    ):
        return "title"
    return "short" if len(content) <= 3 else "long"


def detect_quotes(
    doc: Document, article_id: str, speakers: pd.DataFrame | None = None, event: str | None = None
) -> list[Span]:
    """Quotes (direct, partial, indirect) with speakers; scare quotes; reporting verbs.

    Args:
        doc: the segmented article.
        article_id: written into every span.
        speakers: the corpus speakers table (aliases and sides), optional.
        event: the article's event, to pick event-specific rows of ``speakers``.
    """
    aliases, sides = _speaker_tables(speakers, event)
    names, roles = _collect_names(doc)
    state = _State(doc, article_id, aliases, sides, names=names, roles=roles)
    sources: dict[int, Mention] = {}
    sources_by_first: dict[int, Mention] = {}
    for ws in find_anonymous_sources(doc):
        mention = Mention(
            ws.first,
            ws.last,
            "description",
            doc.text[doc.words[ws.first].start : doc.words[ws.last - 1].end],
        )
        sources[ws.last - 1] = mention
        sources_by_first[ws.first] = mention
    state.sources = sources
    state.sources_by_first = sources_by_first
    for group, verb in find_vague_attributions(doc):
        sources[-verb - 1] = Mention(
            group.first,
            group.last,
            "description",
            doc.text[doc.words[group.first].start : doc.words[verb - 1].end],
        )
    cues = _find_cues(doc)
    for i in sorted(cues):
        if cues[i].first != i:
            continue
        subject = _subject_before(doc, i, doc.sentence_runs[0][i], sources)
        if (
            subject is None
            or subject.kind != "name"
            or subject.text.lower() in _NOT_SPEAKERS
            or not _could_be_speaker(doc, subject)
        ):
            continue
        name = _alias(state, subject.text)
        state.cue_subjects.append((i, name, "org" if _is_org(name) else "person"))
    spans: list[Span] = []
    regions = [q for q in doc.quotes if q.level == 1]
    used_cues: set[int] = set()

    run_firsts, run_ends = doc.sentence_runs

    def sentence_bounds(word: int) -> tuple[int, int]:
        return run_firsts[word], run_ends[word]

    def in_region(word: int) -> bool:
        return doc.word_voice[word] == "quoted"

    def attribute(
        q_first: int, q_last: int, short: bool = False
    ) -> tuple[Mention | None, int | None, str]:
        """Find the speaker of the quote spanning words ``q_first:q_last``.

        A quote that opens its sentence (or follows a colon) looks after itself
        first ("...," X said), then before; a quote inside the author's sentence
        looks before itself first (X called it "..."), then just after.
        """
        s_first, _ = sentence_bounds(q_first)
        _, s_last = sentence_bounds(max(q_last - 1, q_first))
        opens = q_first == s_first or _char_before(doc.text, doc.words[q_first].start) == ":"
        k = q_last
        while k < s_last and in_region(k):
            k += 1
        if k >= s_last and q_last < len(doc.words):
            # The closing mark may sit after the sentence end ('move. " said X.'):
            # the attribution is then the next "sentence".
            between = doc.text[doc.words[q_last - 1].end : doc.words[q_last].start]
            if "\n" not in between and re.fullmatch(r"[\s\W]*", between):
                k = q_last
                _, s_last = sentence_bounds(k)
        tail = [i for i in range(k, min(s_last, k + (10 if opens else 4))) if not in_region(i)]
        if short and not opens:
            tail = []
        order = (_after, _before) if opens else (_before, _after)
        for step in order:
            found = step(q_first, k, tail, s_first, s_last)
            if found[0] is not None:
                return found
        return None, None, ""

    def _after(q_first, k, tail, s_first, s_last):
        low = doc.lowered
        if tail and k < s_last:
            if low[k] == "according" and k + 2 < s_last and low[k + 1] == "to":
                m = sources_by_first.get(k + 2) or _phrase_until_comma(doc, k + 2, s_last)
                if m:
                    return m, None, "after:according-to"
            named = _name_forward(doc, k, s_last)
            if (
                named is not None
                and named.last < s_last
                and "," in _gap(doc, named.last - 1, named.last)
                and any(i in cues for i in range(named.last, s_last))
            ):
                # '"...," Harry J. Kazianis, director of defence studies at ..., said.'
                cue = next(i for i in range(named.last, s_last) if i in cues)
                named.role = _appositive_text(doc, named.last, cue)
                return named, cue, "after:speaker-apposition-verb"
        for i in tail:
            if i in cues and cues[i].first == i and doc.lowered[i] not in NOT_QUOTE_CUES:
                if i == tail[0]:
                    m = _speaker_after(doc, cues[i].last - 1, s_last, sources_by_first)
                    if m:
                        return m, i, "after:verb-speaker"
                m = _subject_before(doc, i, k, sources)
                if m:
                    return m, i, "after:speaker-verb"
                m = _speaker_after(doc, cues[i].last - 1, s_last, sources_by_first)
                if m:
                    return m, i, "after:verb-speaker"
        return None, None, ""

    def _before(q_first, k, tail, s_first, s_last):
        head = [i for i in range(s_first, q_first) if not in_region(i)]
        low = doc.lowered
        for i in reversed(head):
            if low[i] == "according" and i + 2 < q_first and low[i + 1] == "to":
                m = sources_by_first.get(i + 2) or _phrase_until_comma(doc, i + 2, q_first)
                if m:
                    return m, None, "before:according-to"
            if i in cues and cues[i].first == i:
                m = _subject_before(doc, i, s_first, sources)
                if m:
                    return m, i, "before:speaker-verb"
            if low[i] in ("words",) and i >= 1 and low[i - 1] in ("her", "his", "their"):
                return Mention(i - 1, i, "pronoun", low[i - 1]), None, "before:in-words"
        return None, None, ""

    # ---- direct, partial and scare quotes
    prev_record: tuple[QuoteRegion, str, str, str] | None = None
    last_quote_in_sentence: dict[int, tuple[QuoteRegion, str, str, str]] = {}
    for region in regions:
        q_first, q_last = doc.word_range(region.start, region.end)
        if q_first >= q_last:
            continue
        s_first, _ = sentence_bounds(q_first)
        kind = _classify(doc, region, s_first)
        if kind in ("title", "empty"):
            continue
        whole_sentence = q_first == s_first and re.search(
            r"[.!?,]\W*$", doc.text[region.content_start : region.content_end]
        )
        if kind == "short" and whole_sentence:
            kind = "long"  # "Every port does." is speech, however short
        mention, cue, rule = attribute(q_first, q_last, short=kind == "short")
        if kind == "scare" or (kind == "short" and mention is None):
            spans.append(
                Span(
                    article_id,
                    "scare_quote",
                    region.start,
                    region.end,
                    doc.text[region.start : region.end],
                    "author",
                    "scare",
                    rule="so-called" if kind == "scare" else "short-unattributed",
                )
            )
            continue
        head_words = [i for i in range(s_first, q_first) if not in_region(i)]
        colon_before = _char_before(doc.text, region.start) in (":", ",")
        full = (
            not head_words
            or colon_before
            or (cue is not None and cue < q_first and cue >= q_first - 3)
        )
        category = "direct" if full and kind == "long" else "partial"
        if mention is None:
            # Consecutive quotes: the same speaker goes on, in the same sentence or
            # paragraph or at the start of the next paragraph.
            s_index = doc.word_sentence[q_first]
            previous = last_quote_in_sentence.get(s_index) or last_quote_in_sentence.get(
                s_index - 1
            )
            if previous is None and prev_record is not None and _near(doc, prev_record[0], region):
                previous = prev_record
            if previous is not None and previous[1]:
                speaker, skind, role = previous[1], previous[2], previous[3]
                rule = "previous-quote"
                mention_found = True
            else:
                mention, cue, rule = _from_neighbour_sentences(
                    doc, q_first, cues, sentence_bounds, sources
                )
                mention_found = mention is not None
        else:
            mention_found = True
        if mention is not None:
            speaker, skind = _canonical(state, mention)
            role = mention.role
        elif not mention_found:
            speaker, skind, role, rule = "", "", "", "unattributed"
        if speaker:
            state.speakers.append((q_first, speaker, skind))
        side = sides.get(speaker, "")
        spans.append(
            Span(
                article_id,
                "quote",
                region.start,
                region.end,
                doc.text[region.start : region.end],
                "quoted",
                category,
                speaker,
                role,
                side,
                rule=rule,
                speaker_mention=mention.text if mention is not None else "",
            )
        )
        if cue is not None and cue not in used_cues:
            used_cues.add(cue)
            spans.append(_cue_span(doc, article_id, cues[cue], speaker, side))
        prev_record = (region, speaker, skind, role)
        _, end_word = doc.word_range(region.start, region.end)
        last_quote_in_sentence[doc.word_sentence[max(end_word - 1, q_first)]] = prev_record

    # ---- indirect speech
    spans.extend(_indirect(doc, state, cues, used_cues, sentence_bounds))
    return _fill_from_paragraph(doc, spans)


def _fill_from_paragraph(doc: Document, spans: list[Span]) -> list[Span]:
    """Give an unattributed quote the last speaker quoted earlier in its paragraph."""
    quotes = sorted((s for s in spans if s.kind == "quote"), key=lambda s: s.start)
    out = []
    for span in spans:
        if span.kind == "quote" and span.rule == "unattributed":
            paragraph = _paragraph_of(doc, span.start)
            opens = paragraph >= 0 and doc.paragraphs[paragraph][0] == span.start
            allowed = {paragraph, paragraph - 1} if opens else {paragraph}
            earlier = [
                q
                for q in quotes
                if q.start < span.start and q.speaker and _paragraph_of(doc, q.start) in allowed
            ]
            if earlier:
                last = earlier[-1]
                span = replace(
                    span,
                    speaker=last.speaker,
                    speaker_role=last.speaker_role,
                    side=last.side,
                    rule="paragraph-speaker",
                )
        out.append(span)
    return out


_PREPOSITIONS = frozenset(
    "in on at to of by with for from during after before last this earlier later yesterday "
    "today tonight late early".split()
)
_TELL_VERBS = frozenset("tell tells told telling".split())


def _that_clause(doc: Document, m, s_last: int, cues: dict) -> int | None:
    """Start of the that-clause a reporting verb introduces, if any.

    "said that", "said in a statement that", "told the Herald reporter that",
    "warned on Tuesday that"; never across another reporting verb or a quote.
    """
    low = doc.lowered
    first = m.last
    if first >= s_last or doc.word_voice[first] != "author":
        return None
    if low[first] == "that":
        return first + 1
    is_tell = low[m.first] in _TELL_VERBS
    if not is_tell and low[first] not in _PREPOSITIONS:
        return None
    for j in range(first + 1, min(s_last, first + (9 if is_tell else 6))):
        noun_use = low[j - 1] in _DETERMINERS  # "on a call", "in a statement"
        if doc.word_voice[j] != "author" or (j in cues and not noun_use):
            return None
        if low[j] == "that":
            return j + 1
    return None


def _starts_clause(doc: Document, k: int, s_last: int) -> bool:
    """Whether word ``k`` after *said* opens a clause rather than naming the speaker.

    Lower case opens a clause ("said the company had"); a capitalised run opens
    one when a lower-case word follows it ("said Kestrian manufacturers could"),
    but not when a comma or the sentence end does ("said Elena Marsh, head of").
    """
    if not _cap(doc.words[k].text):
        return True
    m = _name_forward(doc, k, s_last)
    if m is None or m.last >= s_last:
        return False
    return _gap(doc, m.last - 1, m.last).strip() == "" and not _cap(doc.words[m.last].text)


def _char_before(text: str, pos: int) -> str:
    """The last non-space character before ``pos`` ("" at the start of the text)."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def _paragraph_of(doc: Document, offset: int) -> int:
    for index, (start, end) in enumerate(doc.paragraphs):
        if start <= offset < end:
            return index
    return -1


def _find_cues(doc: Document) -> dict:
    """Reporting verbs in the author's voice, by word index (every word of the match).

    A verb form right after a determiner, or a base form after a determiner and a
    modifier, is a noun ("a call", "a research note").
    """
    cues = {}
    low = doc.lowered
    for m in match_words(doc.words, get_lexicon("reporting_verbs"), low):
        if doc.word_voice[m.first] != "author":
            continue
        prev = low[m.first - 1] if same_sentence(doc, m.first - 1, m.first) else ""
        prev2 = low[m.first - 2] if same_sentence(doc, m.first - 2, m.first) else ""
        base_form = low[m.first] == m.entry.term.split()[0].split("|")[0]
        nxt = low[m.last] if same_sentence(doc, m.last - 1, m.last) else ""
        if m.entry.term.startswith("continue") and nxt in _PAGE_DIRECTIONS:
            continue  # "Story continues below advertisement", "Continue reading"
        if prev in _DETERMINERS or (
            base_form
            and prev2 in _DETERMINERS
            and prev.isalpha()
            and not prev.endswith("ly")
            and prev not in SUBJECT_SKIP
        ):
            continue
        for i in range(m.first, m.last):
            cues[i] = m
    return cues


def _near(doc: Document, previous: QuoteRegion, current: QuoteRegion) -> bool:
    """Whether only an attribution-free gap lies between two quotes (same or next paragraph)."""
    between = doc.text[previous.end : current.start]
    return (
        between.count("\n\n") <= 1
        and len(between.split()) <= 3
        or (between.strip() == "" and between.count("\n") <= 2)
    )


def _from_neighbour_sentences(
    doc: Document, q_first: int, cues: dict, bounds, sources: dict[int, Mention]
) -> tuple[Mention | None, int | None, str]:
    s_first, _ = bounds(q_first)
    if s_first > 0:
        p_first, p_last = bounds(s_first - 1)
        for i in range(p_last - 1, p_first - 1, -1):
            if doc.word_voice[i] == "author" and i in cues and cues[i].first == i:
                m = _subject_before(doc, i, p_first, sources)
                if m:
                    return m, None, "previous-sentence"
    return None, None, ""


def _indirect_span(
    state: _State, start: int, end: int, speaker: str, mention: Mention, rule: str
) -> Span:
    """An indirect-speech span: the reported clause, in the author's voice."""
    return Span(
        state.article_id,
        "quote",
        start,
        end,
        state.doc.text[start:end],
        "author",
        "indirect",
        speaker,
        mention.role,
        state.sides.get(speaker, ""),
        rule=rule,
        speaker_mention=mention.text,
    )


def _cue_span(doc: Document, article_id: str, match, speaker: str, side: str) -> Span:
    return word_span(
        doc,
        article_id,
        "reporting_verb",
        match.first,
        match.last,
        match.entry.category,
        voice="author",
        speaker=speaker,
        side=side,
        rule=f"{match.entry.lexicon}@{get_lexicon(match.entry.lexicon).version}:{match.entry.line}",
    )


def _indirect(doc: Document, state: _State, cues: dict, used: set[int], bounds) -> list[Span]:
    low = doc.lowered
    out: list[Span] = []
    n = len(doc.words)
    seen_starts: set[int] = set()
    for i in sorted(cues):
        m = cues[i]
        if m.first != i or i in used or low[i] in NOT_QUOTE_CUES:
            continue
        s_first, s_last = bounds(i)
        content_first = _that_clause(doc, m, s_last, cues)
        if (
            content_first is None
            and low[i] in BARE_CLAUSE_CUES
            and i > s_first
            and "," in _gap(doc, i - 1, i)
            and 1 <= s_last - m.last <= 4
        ):
            # Inverted attribution: "That's exactly the point, says Whitcombe's camp."
            mention = _speaker_after(doc, m.last - 1, s_last, state.sources_by_first)
            if mention is None:
                continue
            if mention.kind == "name" and mention.last < s_last:
                mention = Mention(
                    m.last,
                    s_last,
                    "description",
                    doc.text[doc.words[m.last].start : doc.words[s_last - 1].end],
                )
            first, last = s_first, i
            while last > first and doc.word_voice[last - 1] != "author":
                last -= 1
            if first < last and doc.word_voice[first] == "author":
                speaker, kind = _canonical(state, mention)
                start, end = doc.words[first].start, doc.words[last - 1].end
                seen_starts.add(start)
                side = state.sides.get(speaker, "")
                out.append(_indirect_span(state, start, end, speaker, mention, "indirect:inverted"))
                out.append(_cue_span(doc, state.article_id, m, speaker, side))
            continue
        if content_first is None and low[i] in BARE_CLAUSE_CUES and m.last < s_last:
            nxt = m.last
            gap = doc.text[doc.words[m.last - 1].end : doc.words[nxt].start]
            at_least = (
                low[nxt] in ("at", "up")
                and nxt + 1 < s_last
                and low[nxt + 1] in ("least", "most", "to")
            )
            clause = (low[nxt] in CLAUSE_STARTERS or _starts_clause(doc, nxt, s_last)) and low[
                nxt
            ] not in _PREPOSITIONS | {"that"}
            if gap.strip() == "" and doc.word_voice[nxt] == "author" and (at_least or clause):
                content_first = nxt
        if content_first is None or content_first >= s_last:
            continue
        if doc.word_voice[content_first] != "author":
            continue  # "told the Herald that "...": the direct quote carries it
        content_last = content_first
        while content_last < s_last and doc.word_voice[content_last] == "author":
            content_last += 1
        # Stop at a clause that reattributes: ", the company says".
        mention = _subject_before(doc, i, s_first, state.sources)
        if mention is None:
            continue
        passive = i > 0 and low[i - 1] in ("is", "was", "are", "were", "been", "be")
        if mention.kind == "pronoun" and mention.text == "it" and passive:
            continue  # "it is estimated that": an agentless hedge, not a source
        speaker, kind = _canonical(state, mention)
        if not speaker:
            continue
        start = doc.words[content_first].start
        end = doc.words[content_last - 1].end
        if start in seen_starts:
            continue
        seen_starts.add(start)
        state.speakers.append((i, speaker, kind))
        side = state.sides.get(speaker, "")
        out.append(_indirect_span(state, start, end, speaker, mention, "indirect:verb-clause"))
        out.append(_cue_span(doc, state.article_id, m, speaker, side))
    # according to X, <clause>  /  <clause>, according to X.
    for i in range(n - 1):
        if low[i] != "according" or low[i + 1] != "to" or doc.word_voice[i] != "author":
            continue
        s_first, s_last = bounds(i)
        mention = state.sources_by_first.get(i + 2) or _phrase_until_comma(doc, i + 2, s_last)
        if mention is None:
            continue
        if i == s_first:
            j = mention.last
            while j < s_last and "," not in _gap(doc, j - 1, j):
                j += 1
            first, last = j, s_last
        elif mention.last >= s_last:
            first, last = s_first, i  # "..., according to the port's website."
        else:
            continue  # parenthetical inside someone else's statement
        while last > first and doc.word_voice[last - 1] != "author":
            last -= 1
        if first >= last or doc.word_voice[first] != "author":
            continue
        speaker, kind = _canonical(state, mention)
        start, end = doc.words[first].start, doc.words[last - 1].end
        if start in seen_starts:
            continue
        seen_starts.add(start)
        out.append(_indirect_span(state, start, end, speaker, mention, "indirect:according-to"))
    return out
