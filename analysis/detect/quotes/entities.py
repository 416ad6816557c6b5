"""Entities: the people, organisations, outlets and places one article names.

The layer between mentions and speakers. Every capitalised name in the author's
voice (outside photo credits and bylines) becomes a mention of an
:class:`Entity`; a surname, a first name or "the Journal" later in the article
is a mention of the full name written before it. Each entity gets a type from
the evidence around its mentions:

* **media outlet**: an outlet of ``outlets.csv``, a wire service or broadcaster
  (``news_outlets``), a name ending in a masthead noun ("The Irish Times"), or a
  name written with a media noun ("the newspaper Lianhe Zaobao");
* **organisation**: an organisation word or an acronym in the name, a kind
  noun written with it ("the startup Zhipu", "Qilun, a Kestrian AI company"), or
  an organisation of ``speakers.csv``;
* **place**: an abbreviation with full stops ("U.S.", "B.C."), or a name written
  after a locative preposition ("in Nova Scotia") and never as a speaker;
* **person**: otherwise, a name of two or more words, or one word with a title
  or a role beside it ("Yuni, a resident of Lampung").

Gender comes only from the text: titles and gendered nouns beside a name, and
the pronouns in a sentence that names exactly one person.

:meth:`EntityTable.antecedent` finds what a pronoun or a description refers
to by salience: the candidates named in the last few sentences of the author's
voice, the nearest sentence first, a subject before anything else in that
sentence, then the latest mention.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.detect._common import CLAUSE_STARTERS, SOURCE_NOUNS, once_per_document
from analysis.detect.quotes.mentions import (
    TitledName,
    _photo_credits,
    cap,
    gap,
    in_photo_credit,
    is_org,
    split_title,
)
from analysis.detect.quotes.words import (
    ABBREV_WITH_DOT,
    BUSINESS_NOUNS,
    CORPORATE_NAME_WORDS,
    FEMALE_NOUNS,
    LEADING_FUNCTION_WORDS,
    LOCATIVES,
    MALE_NOUNS,
    MASTHEAD_NOUNS,
    MEDIA_NOUNS,
    NAME_PARTICLES,
    NEWS_OUTLETS,
    NOT_SPEAKERS,
    ORG_REFERENCE_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    SENTENCE_ADVERBS,
    TITLE_WORDS,
)
from analysis.text import Document

PERSON = "person"
ORGANISATION = "organisation"
MEDIA = "media_outlet"
DOCUMENT = "document"
ANONYMOUS = "anonymous_individual"
VAGUE = "vague_group"
PLACE = "place"
SPEAKER_TYPES = (PERSON, ORGANISATION, DOCUMENT, MEDIA, ANONYMOUS, VAGUE)
BODIES = frozenset({ORGANISATION, MEDIA})

_MALE_PRONOUNS = frozenset("he him his himself".split())
_FEMALE_PRONOUNS = frozenset("she her hers herself".split())
_KIND_NOUNS = BUSINESS_NOUNS | ORG_REFERENCE_NOUNS | MEDIA_NOUNS
_DOTTED = re.compile(r"^(?:[A-Z]\.){1,3}[A-Z]\.?$")
_BYLINE_START = re.compile(
    r"^\s*(?:by|reporting by|writing by|editing by|additional reporting by|with files from|"
    r"written by|photo(?:graph)?s? by|email:)\b",
    re.IGNORECASE,
)
_BRACKET_BYLINE = re.compile(r"【[^】\n]{0,200}】|\[[^\]\n]{0,80}\breporter\b[^\]\n]{0,80}\]")
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][\w.]*)?(?:\s*\([^)\n]{1,40}\))?\s*[—–-]"
)
_SLASH_CREDIT = re.compile(r"\b[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3} ?/ ?(?:The )?[A-Z][\w.'’-]*")


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """A name as a lookup key: lower case, no leading article, no possessive.

    "The Blog Post" and "the blog post", "Qilun's" and "Qilun" give one key.
    """
    key = name.strip().lower()
    key = re.sub(r"[’`]", "'", key)
    key = re.sub(r"^(?:the|a|an)\s+", "", key)
    key = re.sub(r"'s?$", "", key)
    key = re.sub(r"\s+", " ", key)
    return key.strip(" .,;:\"'()")


@dataclass
class Entity:
    """Someone or something the article names: a canonical name, a type, evidence.

    The type of a name is worked out when first asked for (most names of an
    article are never a candidate for anything): the evidence around its first
    mentions (``sites``) is read then.
    """

    name: str
    _type: str | None = ""
    nouns: set[str] = field(default_factory=set)
    male: int = 0
    female: int = 0
    locative: int = 0
    speaks: int = 0
    personal: bool | None = None  # could be a person's name (no acronym, no common word)
    mentions: int = 0
    in_title: bool = False
    sites: list = field(default_factory=list, repr=False)  # (first, last, role) to read
    table: object = field(default=None, repr=False, compare=False)

    @property
    def type(self) -> str:
        """person, organisation, media_outlet, place, a source type, or "" (unknown)."""
        if self._type is None:
            self.table.classify(self)
        if self._type == "" and self.table is not None and not self.table._voted:
            self.table.ensure_votes()
        return self._type or ""

    @type.setter
    def type(self, value: str) -> None:
        self._type = value

    @property
    def gender(self) -> str:
        """``"m"``, ``"f"`` or ``""`` (unknown or contradictory evidence)."""
        if self._type is None:
            self.table.classify(self)
        if self.table is not None:
            self.table.ensure_votes()
        if self.male > self.female:
            return "m"
        if self.female > self.male:
            return "f"
        return ""

    @property
    def business(self) -> bool:
        """Whether the text calls it a business, or its name says so."""
        words = {w.lower().strip(".,") for w in self.name.split()}
        return bool(self.nouns & BUSINESS_NOUNS or words & CORPORATE_NAME_WORDS)


@dataclass(slots=True)
class EntityMention:
    """One mention of an entity: words ``first:last``, its author-sentence, subject or not."""

    first: int
    last: int
    entity: Entity
    order: int
    subject: bool


@dataclass
class KnownSources:
    """What the corpus side tables say: ``speakers.csv`` and ``outlets.csv``.

    ``aliases``: normalised alias or name to canonical speaker; ``kinds``: the
    words of an organisation speaker's affiliation ("port operator"); ``outlets``:
    normalised outlet names and their short forms.
    """

    aliases: dict[str, str] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, set[str]] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)
    outlets: dict[str, str] = field(default_factory=dict)
    organisation_keys: set[str] = field(default_factory=set)


class EntityTable:
    """The entities of one article, their mentions in order, and salience lookups."""

    def __init__(self, doc: Document, known: KnownSources) -> None:
        self.doc = doc
        self.known = known
        self.entities: list[Entity] = []
        self.mentions: list[EntityMention] = []
        self._by_key: dict[str, Entity] = {}
        self._by_first: dict[int, EntityMention] = {}
        self.orders = _SentenceOrder(doc)
        self.titled: list[TitledName] = []
        self.by_part: dict[str, list[Entity]] = {}
        self.by_last: dict[str, list[Entity]] = {}
        self._firsts: list[int] = []
        self.common = _common_words(doc)
        self._voted = False
        self.building = True
        self._untyped: list[Entity] = []
        self.introduced: dict[str, int] = {}

    # ------------------------------------------------------------------ building

    def entity(self, name: str, key: str | None = None) -> Entity:
        """The entity for a name, made on first use (``key``: its normalised form)."""
        key = normalize_name(name) if key is None else key
        if key in self.known.aliases:
            canonical = self.known.aliases[key]
            key, name = normalize_name(canonical), canonical
        found = self._by_key.get(key)
        if found is None:
            found = Entity(name, None, table=self)
            self._by_key[key] = found
            self.entities.append(found)
        return found

    def classify(self, entity: Entity) -> None:
        """Read the evidence around an entity's first mentions and type it.

        A name left untyped may still prove a person by the pronoun votes; that is
        settled when the votes are counted (:meth:`ensure_votes`), after building.
        """
        entity._type = ""  # no recursion while typing
        for first, last, role in entity.sites:
            _collect_evidence(self.doc, entity, first, last, role)
        entity.sites = []
        entity._type = _classify(entity, self.known, self.common)
        if not entity._type:
            self._untyped.append(entity)

    def ensure_votes(self) -> None:
        """Count the pronoun votes for gender once, after building.

        Then the untyped names that speech or he/she show to be people are typed.
        """
        if self._voted or self.building:
            return
        self._voted = True
        _pronoun_gender_votes(self.doc, self)
        for entity in self._untyped:
            if entity._type == "" and _person_like(entity, self.common):
                entity._type = PERSON
        self._untyped = []

    def lookup(self, name: str, key: str | None = None) -> Entity | None:
        """The entity a name refers to, if the article (or speakers.csv) has it."""
        key = normalize_name(name) if key is None else key
        if key in self.known.aliases:
            key = normalize_name(self.known.aliases[key])
        return self._by_key.get(key)

    def add(self, entity: Entity, first: int, last: int, subject: bool) -> EntityMention:
        """Record a mention (kept in text order)."""
        mention = EntityMention(first, last, entity, self.orders[first], subject)
        self.mentions.append(mention)
        self._by_first[first] = mention
        entity.mentions += 1
        return mention

    def alias(self, name: str, entity: Entity) -> None:
        """Let a short form ("Dia") look up the entity it was linked to."""
        self._by_key.setdefault(normalize_name(name), entity)

    def add_source(self, first: int, last: int, text: str, kind: str) -> Entity:
        """An unnamed source phrase ("an industry insider") as an entity of its own."""
        entity = Entity(text, kind, table=self)
        self.entities.append(entity)
        self.add(entity, first, last, True)
        return entity

    def finish(self, cue_words: frozenset[int] | set[int] = frozenset()) -> None:
        """Sort the mentions and mark subjects (see :func:`build_entities`)."""
        doc = self.doc
        firsts = doc.sentence_runs[0]
        sentences = doc.word_sentence
        low = doc.lowered
        self.mentions.sort(key=lambda m: m.first)
        seen: set[int] = set()
        for m in self.mentions:
            first = m.first
            sentence = sentences[first]
            if sentence not in seen:
                seen.add(sentence)
                if first == firsts[first] or low[first - 1] not in _PREPOSITIONS:
                    m.subject = True
            last = m.last
            if last in cue_words or last + 1 in cue_words or last + 2 in cue_words:
                m.subject = True
        self._by_first = {m.first: m for m in self.mentions}
        self._firsts = [m.first for m in self.mentions]

    def mention_before(self, word: int) -> EntityMention | None:
        """The last mention that starts before word ``word``."""
        for m in reversed(self.mentions):
            if m.first < word:
                return m
        return None

    def note_speaker(self, entity_name: str, entity_type: str, word: int) -> None:
        """A speaker resolved at ``word`` is a subject mention there (for later pronouns)."""
        if word in self._by_first or entity_type not in (PERSON, ORGANISATION, MEDIA):
            return
        entity = self.entity(entity_name)
        entity.type = entity.type or entity_type
        mention = EntityMention(word, word + 1, entity, self.orders[word], True)
        index = bisect.bisect_left(self._firsts, word)
        self.mentions.insert(index, mention)
        self._firsts.insert(index, word)
        self._by_first[word] = mention

    def mention_at(self, first: int) -> EntityMention | None:
        """The mention that starts at word ``first``."""
        return self._by_first.get(first)

    # ------------------------------------------------------------------ lookups

    def antecedent(
        self,
        pos: int,
        types: frozenset[str] | set[str],
        gender: str = "",
        window: int = 3,
        accept=None,
    ) -> Entity | None:
        """The most salient entity of ``types`` named before word ``pos``.

        Candidates are named in the ``window`` author-sentences before ``pos`` (and
        earlier in its own sentence); a known gender must agree. The nearest
        sentence wins; in it, a subject wins; then the later mention.
        """
        here = self.orders[min(pos, len(self.doc.words) - 1)]
        best, best_key = None, None
        mentions = self.mentions
        for index in range(bisect.bisect_left(self._firsts, pos) - 1, -1, -1):
            m = mentions[index]
            distance = here - m.order
            if distance > window:
                break
            e = m.entity
            if e.type not in types or (gender and e.gender and e.gender != gender):
                continue
            if accept is not None and not accept(e):
                continue
            key = (distance, e.type == "", not m.subject, -m.first)
            if best_key is None or key < best_key:
                best, best_key = e, key
        return best

    def last_named(self, pos: int, types, accept=None) -> Entity | None:
        """The entity of ``types`` named last before ``pos``, anywhere earlier."""
        for m in reversed(self.mentions):
            if m.first < pos and m.entity.type in types and (accept is None or accept(m.entity)):
                return m.entity
        return None

    def main_organisation(self) -> Entity | None:
        """The organisation the article is about: named in the title, then most often."""
        orgs = [e for e in self.entities if e.type == ORGANISATION and e.mentions]
        if not orgs:
            return None
        return max(orgs, key=lambda e: (e.in_title, e.mentions, -self.entities.index(e)))


class _SentenceOrder:
    """For a word, how many sentences with author-voice words come up to its own.

    A sentence wholly inside one quotation region is not counted, so a long quote
    does not push the sentences around it apart.
    """

    def __init__(self, doc: Document) -> None:
        self.sentence = doc.word_sentence
        ordinal = []
        count = 0
        for sentence in doc.sentences:
            region = doc.quote_at(sentence.start)
            if region is None or region.end < sentence.end - 1:
                count += 1
            ordinal.append(count)
        self.ordinal = ordinal or [0]

    def __getitem__(self, word: int) -> int:
        return self.ordinal[self.sentence[word]]


@once_per_document
def _credit_regions(doc: Document) -> list[tuple[int, int]]:
    """Bylines, datelines and credits: no name in them is a speaker or an antecedent.

    Paragraphs that open with "By", "Reporting by", "With files from", "Email:";
    datelines ("OTTAWA —"); bracketed bylines ("【... reporter ...】"); "Name /
    Outlet" credits.
    """
    text = doc.text
    regions = []
    if "【" in text or "reporter" in text:
        regions = [m.span() for m in _BRACKET_BYLINE.finditer(text)]
    for start, end in doc.paragraphs:
        head = text[start : min(end, start + 60)]
        if _BYLINE_START.match(head) and len(text[start:end].split()) <= 16:
            regions.append((start, end))
        dateline = _DATELINE.match(head)
        if dateline:
            regions.append((start, start + dateline.end()))
    if "/" in text:
        regions += [m.span() for m in _SLASH_CREDIT.finditer(text)]
    return regions


def in_credit(doc: Document, word: int) -> bool:
    """Whether a word sits in a byline, dateline or photo credit."""
    if in_photo_credit(doc, word):
        return True
    regions = _credit_regions(doc)
    if not regions:
        return False
    offset = doc.words[word].start
    return any(a <= offset < b for a, b in regions)


# --------------------------------------------------------------------------- building


def _common_words(doc: Document) -> set[str]:
    """Words the article writes in lower case somewhere (so a capitalised one opens a sentence)."""
    found = doc.__dict__.get("_common_words")
    if found is None:
        # written in lower case somewhere: more occurrences of the lower-cased word
        # than capitalised ones (counts in C; only the capitalised words in Python)
        low = doc.lowered
        counts = Counter(low)
        capitals: Counter = Counter()
        for a, b in _raw_runs(doc):
            capitals.update(low[a:b])  # (a particle inside a run counts too: harmless)
        found = doc.__dict__["_common_words"] = _Common(counts, capitals)
    return found


class _Common:
    """``word in common``: the article writes ``word`` in lower case somewhere."""

    __slots__ = ("counts", "capitals")

    def __init__(self, counts: Counter, capitals: Counter) -> None:
        self.counts, self.capitals = counts, capitals

    def __contains__(self, word: str) -> bool:
        return self.counts.get(word, 0) > self.capitals.get(word, 0)


_PREFIXED_NAME = re.compile(r"^(?:al|el|ad|ash|as|at|an|ar|bin|ibn|abu|ben)-[A-Z]")


def _name_runs(doc: Document) -> tuple[list[tuple[int, int, str, str]], list[TitledName]]:
    """Capitalised runs in the author's voice: (first, last, name, role before it).

    The runs :func:`mentions.name_forward` would read from each capitalised word,
    found with one regular expression over the text. At a sentence start, words
    the article also writes in lower case ("Many Chinese", "Regarding Zhipu") and
    long -ing words ("Following", "Citing") are not part of the name. Also returns
    the names written with a title ("WHL commissioner Ron Robison"), for "the
    commissioner" later in the article.
    """
    found = doc.__dict__.get("_name_runs")
    if found is not None:
        return found
    firsts, ends = doc.sentence_runs
    low = doc.lowered
    voice = doc.word_voice
    words = doc.words
    raw = _raw_runs(doc)
    common = _common_words(doc)
    credits = bool(_credit_regions(doc)) or bool(_photo_credits(doc))
    paragraph_starts = set(_paragraph_starts(doc))
    runs = []
    titled = []
    for first, last in raw:
        if voice[first] != "author":
            continue
        while last - 1 > first and low[last - 1] in NAME_PARTICLES:
            last -= 1
        m = split_title(doc, first, last)
        titled_run = m.last - m.first >= 2 and (m.role or _title_before(doc, m.first))
        if titled_run and not (credits and in_photo_credit(doc, m.first)):
            title = _title_of(doc, m)
            if title:
                name = m.text[4:] if m.text.startswith(("The ", "the ")) else m.text
                titled.append(TitledName(m.first, name, title))
        first, last, role = m.first, m.last, m.role
        while (
            last - first > 1
            and first == firsts[first]
            and not role
            and (low[first] in common or (low[first].endswith("ing") and len(low[first]) >= 6))
        ):
            first += 1
        w = low[first]
        if last - first == 1 and (w in _NOT_A_NAME or (first == firsts[first] and w in common)):
            continue
        if w in NOT_SPEAKERS and not role:
            continue
        if credits and in_credit(doc, first):
            continue
        start = words[first].start
        name = doc.text[start : words[last - 1].end]
        if (start in paragraph_starts or name.isupper()) and _is_label(doc, first, last, common):
            continue
        if name.endswith(("'s", "’s", "'", "’")):
            name = re.sub(r"['’]s?$", "", name)
        runs.append((first, last, name, role))
    found = doc.__dict__["_name_runs"] = (runs, titled)
    return found


def _raw_runs(doc: Document) -> list[tuple[int, int]]:
    """Every capitalised run (any voice) as word indices, cut at sentence ends."""
    found = doc.__dict__.get("_raw_runs")
    if found is not None:
        return found
    ends = doc.sentence_runs[1]
    starts = doc.word_starts
    n = len(starts)
    text = doc.text
    raw = []
    pos = 0
    while True:
        match = _RUN.search(text, pos)
        if match is None:
            break
        pos = match.end()
        first = bisect.bisect_left(starts, match.start())
        if first >= n or starts[first] != match.start():
            pos = match.start() + 1  # inside a word: read on from the next character
            continue
        last = bisect.bisect_left(starts, match.end())
        if last > ends[first]:
            last = ends[first]  # a run stops at the sentence end; the rest is read again
            pos = starts[last]
        raw.append((first, last))
    doc.__dict__["_raw_runs"] = raw
    return raw


def _title_before(doc: Document, first: int) -> bool:
    """Whether the word before a name could be (part of) its title."""
    j = first - 1
    return j >= 0 and (doc.lowered[j] in TITLE_WORDS or doc.words[j].text[:1].isupper())


def _case_class(word: str) -> str:
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in word)


def _run_pattern() -> re.Pattern:
    """A regular expression for what :func:`mentions.name_forward` reads word by word.

    Capitalised words (or lower-case particles inside a name) joined by spaces
    without a line break, or by a full stop after an initial or an abbreviated
    title ("Dr. Allan Garland"); a possessive word ends the run.
    """
    upper = "".join(re.escape(chr(c)) for c in range(0x2FFF) if chr(c).isupper())
    prefixed = "(?:" + "|".join(sorted(_PREFIXES, key=len, reverse=True)) + ")-"
    cap_word = rf"(?:[{upper}][^\W_]*|{prefixed}[{upper}][^\W_]*)(?:['’‐‑-][^\W_]+)*"
    particle = "(?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + ")"
    by_width: dict[int, list[str]] = {}
    for abbreviation in ABBREV_WITH_DOT:
        by_width.setdefault(len(abbreviation), []).append(_case_class(abbreviation))
    edge = r"(?<![^\W_]|['’‐‑-])"
    behinds = [rf"(?<={edge}[^\W\d_])"]
    for _width, items in sorted(by_width.items()):
        behinds.append(rf"(?<={edge}(?:{'|'.join(items)}))")
    dot_join = rf"(?:{'|'.join(behinds)})[ \t]*\.\s*"
    space_join = r"[^\S\n]+"
    join = rf"(?<!'s)(?<!’s)(?<!')(?<!’)(?:{space_join}|{dot_join})"
    # The pattern opens with a plain character class, so the engine scans for it
    # fast; a match that starts inside a word ("pro-Clinton") is dropped by the
    # caller, which searches again from the next character. A name opening with a
    # particle ("al-Shabaab") is not a run start here: rare, and
    # :func:`mentions.cap` still reads it as a name where a speaker is sought.
    head = rf"[{upper}][^\W_]*(?:['’‐‑-][^\W_]+)*"
    rest = rf"(?:{join}(?:{cap_word}|{particle}(?![^\W_])))*"
    return re.compile(rf"{head}{rest}")


_PREFIXES = ("al", "el", "ad", "ash", "as", "at", "an", "ar", "bin", "ibn", "abu", "ben")


_RUN = _run_pattern()


def _title_of(doc: Document, m) -> frozenset[str]:
    """The title words written before or in a name: "WHL commissioner Ron Robison"."""
    first_of = doc.sentence_runs[0]
    j = m.first
    while (
        j > first_of[m.first]
        and m.first - j < 4
        and (doc.lowered[j - 1] in TITLE_WORDS or cap(doc.words[j - 1].text))
        and not gap(doc, j - 1, j).strip()
    ):
        j -= 1
    title = set(re.findall(r"[\w-]+", m.role.lower())) if m.role else set()
    title |= set(doc.lowered[j : m.first])
    return frozenset(title) if title & TITLE_WORDS else frozenset()


def _is_label(doc: Document, first: int, last: int, common: set[str]) -> bool:
    """Page furniture and subheadings: "WATCH:", "Article Continued Below", a shouted word.

    A run that is its whole paragraph (a subheading) is furniture too.
    """
    start, end = doc.words[first].start, doc.words[last - 1].end
    text = doc.text[start:end]
    after = doc.text[end : end + 2]
    if text.isupper() and (after.startswith(":") or all(w in common for w in text.lower().split())):
        return True
    i = bisect.bisect_right(_paragraph_starts(doc), start) - 1
    if i >= 0:
        p_start, p_end = doc.paragraphs[i]
        if start < p_end and p_end - p_start < len(text) + 4:
            return doc.text[p_start:p_end].strip(" .:\n") == text
    return False


def _paragraph_starts(doc: Document) -> list[int]:
    found = doc.__dict__.get("_paragraph_starts")
    if found is None:
        found = doc.__dict__["_paragraph_starts"] = [a for a, _ in doc.paragraphs]
    return found


def build_entities(
    doc: Document,
    known: KnownSources,
    title: str | None = None,
    cue_words: frozenset[int] | set[int] = frozenset(),
    sources: Sequence[tuple[int, int, str, str]] = (),
) -> EntityTable:
    """Every named entity of the article, with its mentions, type and gender evidence.

    ``sources``: unnamed-source phrases ``(first, last, text, type)`` found by the
    sourcing patterns, added as entities of their own (for "the official" and
    "they" later).

    Full names first (typed from the evidence around them), then the short forms
    that refer back to them ("Dia", "the Journal", "(AIM)"), then subjects (the
    first mention of a sentence not after a preposition, or a mention a reporting
    verb in ``cue_words`` follows), then gender votes. A name of two words with
    no evidence stays untyped until a short form, a pronoun vote or a reporting
    verb shows it is a person.
    """
    table = EntityTable(doc, known)
    low = doc.lowered
    runs, table.titled = _name_runs(doc)
    places = {low[f] for f, la, _, _ in runs if la - f == 1 and _after_locative(doc, f)}
    full: list[Entity] = []
    full_set: set[str] = set()
    short = []
    for first, last, name, role in runs:
        key = normalize_name(name)
        known_entity = table.lookup(name, key)
        if last - first == 1 and known_entity is None:
            short.append((first, last, name, role))
            continue
        entity = known_entity or _link(table, name) or table.entity(name, key)
        if len(name.split()) > 1 and entity.name == name and name not in full_set:
            full.append(entity)
            full_set.add(entity.name)
            if not is_org(name):
                table.by_last.setdefault(name.split()[-1], []).append(entity)
        table.add(entity, first, last, False)
        if entity._type is None and len(entity.sites) < _EVIDENCE_MENTIONS:
            entity.sites.append((first, last, role))
        if last in cue_words or first - 1 in cue_words:
            entity.speaks += 1
    for entity in full:
        parts = entity.name.split()
        for part in {parts[0], parts[-1]}:
            table.by_part.setdefault(part, []).append(entity)
    for m in reversed(table.mentions):
        table.introduced[m.entity.name] = m.first
    for first, last, name, role in short:
        entity = table.lookup(name)
        if (
            entity is None
            and low[first] not in places
            and (name in table.by_part or name.isupper())
        ):
            entity = _short_form(table, doc, first, name)
            if entity is not None:
                table.alias(name, entity)
        if entity is None:
            entity = table.entity(name)
        if entity.name == name and entity._type is None:
            if len(entity.sites) < _EVIDENCE_MENTIONS:
                entity.sites.append((first, last, role))
            if last in cue_words or first - 1 in cue_words:
                entity.speaks += 1
        elif not entity.type:
            entity.type = PERSON  # a surname on its own refers back: a person
        table.add(entity, first, last, False)
    for first, last, text, kind in sources:
        if table.mention_at(first) is None:
            table.add_source(first, last, text, kind)
    table.finish(cue_words)
    table.building = False
    if title:
        for entity in table.entities:
            if entity.name and re.search(rf"\b{re.escape(entity.name)}\b", title):
                entity.in_title = True
    return table


def _after_locative(doc: Document, first: int) -> bool:
    low = doc.lowered
    j = first - 1
    if j >= 0 and low[j] == "the":
        j -= 1
    return j >= 0 and low[j] in LOCATIVES and doc.word_sentence[j] == doc.word_sentence[first]


def _person_like(entity: Entity, common: set[str]) -> bool:
    """An untyped name shown to be a person by speech or by he/she in its sentences."""
    if entity.personal is None:
        entity.personal = _personal(entity.name, common)
    if not entity.personal or len(entity.name.split()) > 4:
        return False
    return bool(entity.male or entity.female or (entity.speaks and len(entity.name.split()) > 1))


def _short_form(table: EntityTable, doc: Document, first: int, name: str) -> Entity | None:
    """The entity a one-word mention refers to.

    A person's surname or first name (of a full name typed person, or untyped),
    "the Journal" for an outlet, an acronym in brackets right after a name.
    """
    between = doc.text[doc.words[first - 1].end : doc.words[first].start] if first else ""
    if name.isupper() and between.strip() == "(":
        previous = table.mention_before(first)
        if previous is not None and previous.last == first:
            return previous.entity
    the = first > 0 and doc.lowered[first - 1] == "the"
    introduced = table.introduced
    people = [
        e
        for e in table.by_part.get(name, ())
        if introduced[e.name] < first and e.type in (PERSON, "")
    ]
    if people:
        # "Greenspan" after "Dorie Greenspan" and "her husband Michael Greenspan": the
        # one named in full more often, then the one introduced first
        return max(people, key=lambda e: (e.mentions, -introduced[e.name]))
    if the:
        for entity in reversed(table.by_part.get(name, ())):
            if entity.type in BODIES and entity.name.split()[-1] == name:
                return entity
    return None


_APPOSITION_OPENERS = frozenset("a an the his her their".split())
_EVIDENCE_MENTIONS = 3  # evidence is read around the first mentions of a name
_ROLE_WORDS = SOURCE_NOUNS | PERSON_NOUNS | TITLE_WORDS
_NOT_A_NAME = (
    NOT_SPEAKERS
    | LEADING_FUNCTION_WORDS
    | CLAUSE_STARTERS
    | SENTENCE_ADVERBS
    | _ROLE_WORDS
    | frozenset({"i"})
)
_TITLE_OR_ROLE = (TITLE_WORDS | PERSON_NOUNS) - {"former", "senior", "state", "vice", "deputy"}


_PREPOSITIONS = frozenset(
    "in on at of for from with by to into about against over under after before during "
    "across through throughout near outside inside around within toward towards between".split()
)


def _link(table: EntityTable, name: str) -> Entity | None:
    """The full name a shorter mention refers to: "Al Basha" for "Abir Al Basha".

    The short form must be the last words of a full name written before, of
    someone not typed an organisation by its words.
    """
    tokens = name.split()
    for entity in reversed(table.by_last.get(tokens[-1], ())):
        parts = entity.name.split()
        if len(parts) > len(tokens) and parts[-len(tokens) :] == tokens:
            return entity
    return None


_EVIDENCE_NOUNS = TITLE_WORDS | PERSON_NOUNS | _KIND_NOUNS | MALE_NOUNS | FEMALE_NOUNS
_EVIDENCE_SINGLE = _EVIDENCE_NOUNS - PERSON_NOUNS
_TITLE_GENDER = TITLE_WORDS | MALE_NOUNS | FEMALE_NOUNS
_TITLE_PERSON = TITLE_WORDS | PERSON_NOUNS
_ORG_NOUNS = BUSINESS_NOUNS | ORG_REFERENCE_NOUNS
_ORG_LAST_WORDS = ORG_REFERENCE_NOUNS | BUSINESS_NOUNS | CORPORATE_NAME_WORDS


def _collect_evidence(doc: Document, entity: Entity, first: int, last: int, role: str) -> None:
    """Kind nouns, titles, gendered nouns, locatives and speech around one mention.

    Only the noun right before the name counts ("the startup Zhipu", "newspaper the
    Corvant Post", "spokeswoman He Jun"), with the title words of the name itself,
    and the head of an appositive right after it ("Qilun, a Kestrian AI company,").
    """
    low = doc.lowered
    firsts, ends = doc.sentence_runs
    s_first, s_last = firsts[first], ends[first]
    role_words = set(re.findall(r"[\w-]+", role.lower())) & _TITLE_GENDER if role else set()
    j = first - 1
    if j >= s_first and low[j] == "the":
        j -= 1
    evidence = _EVIDENCE_NOUNS if last - first > 1 else _EVIDENCE_SINGLE
    next_word = first if low[first - 1] != "the" else first - 1
    if (
        j >= s_first
        and not cap(doc.words[j].text)
        and low[j] in evidence
        and gap(doc, j, next_word).strip() in ("", "“", '"')
    ):
        role_words.add(low[j])
    before = low[first - 1] if first > s_first else ""
    if before == "the" and first - 2 >= s_first:
        before = low[first - 2]
    if before in LOCATIVES:
        entity.locative += 1
    if last < s_last and "," in gap(doc, last - 1, last) and low[last] in _TITLE_OR_ROLE:
        role_words.add(low[last])  # "Mary Nicholson, director of health care ..."
    elif last < s_last and "," in gap(doc, last - 1, last) and low[last] in _APPOSITION_OPENERS:
        k = last + 1
        while k < s_last and k - last <= 6 and "," not in gap(doc, k - 1, k):
            if low[k] in ("of", "at", "for", "in", "with", "who", "which", "that", "and"):
                break
            k += 1
        if k - 1 > last:
            head = low[k - 1]
            entity.nouns.add(head)
            if head in PERSON_NOUNS or head in TITLE_WORDS or head in SOURCE_NOUNS:
                entity.nouns.add("person")
            role_words.add(head)
    if last < s_last and low[last].endswith("-based"):
        entity.locative += 1
    if role_words:
        entity.nouns |= role_words & _KIND_NOUNS
        if role_words & _TITLE_PERSON:
            entity.nouns.add("person")
    # a title or a gendered noun beside the name outweighs a pronoun vote
    entity.male += 2 * len(role_words & MALE_NOUNS)
    entity.female += 2 * len(role_words & FEMALE_NOUNS)


def _personal(name: str, common: set[str]) -> bool:
    """Whether a name could be a person's.

    Not with an acronym in it ("AI", "U.S."), a word the article also writes in
    lower case, or a demonym first ("Chinese", "British").
    """
    tokens = name.split()
    for t in tokens:
        bare = t.strip(".,")
        if len(bare) > 1 and bare.replace(".", "").isupper():
            return False
        if bare.lower() in common:
            return False
    return not tokens[0].lower().endswith(("ese", "ish"))


def _classify(entity: Entity, known: KnownSources, common: set[str]) -> str:
    """The entity's type from its name and the evidence around its mentions."""
    name = entity.name
    key = normalize_name(name)
    words = key.split()
    if key in known.outlets or key in NEWS_OUTLETS or entity.nouns & MEDIA_NOUNS:
        return MEDIA
    if len(words) > 1 and words[-1] in MASTHEAD_NOUNS:
        return MEDIA
    if _DOTTED.match(name.strip()):
        return PLACE
    if name in known.organisations or key in known.organisation_keys:
        return ORGANISATION
    if name in known.people:
        return PERSON
    if is_org(name) or entity.nouns & _ORG_NOUNS:
        return ORGANISATION
    if len(words) > 1 and words[-1] in _ORG_LAST_WORDS:
        return ORGANISATION  # "Canadian Pacific Railway", "Air Canada Airlines"
    if len(words) > 1 and set(words) & PLACE_NOUNS:
        return PLACE  # "Range Road", "Sherbrook Street", "Lake Cowichan"
    if len(words) > 1 and any(_acronym(t) for t in name.split()) and not entity.locative:
        return ORGANISATION  # "BC Hydro", "UFCW Local 832"
    person = "person" in entity.nouns or entity.male or entity.female
    if entity.locative and entity.locative >= entity.speaks and not person:
        return PLACE
    entity.personal = _personal(name, common)
    if not entity.personal:
        return ""
    return PERSON if person else ""


def _acronym(token: str) -> bool:
    bare = token.strip(".,()")
    return len(bare) > 1 and bare.isupper() and bare.isalpha()


def _pronoun_gender_votes(doc: Document, table: EntityTable) -> None:
    """A sentence that names one person and uses only he/his (or she/her) after it: a vote.

    Only sentences with such a pronoun are looked at, so the names of the others
    need no type.
    """
    by_sentence: dict[int, list[EntityMention]] = {}
    sentences = doc.word_sentence
    for m in table.mentions:
        by_sentence.setdefault(sentences[m.first], []).append(m)
    firsts, ends = doc.sentence_runs
    low = doc.lowered
    voice = doc.word_voice
    for mentions in by_sentence.values():
        first = mentions[0].first
        tail = low[mentions[0].last : ends[first]]
        if _PERSON_PRONOUNS.isdisjoint(tail):
            continue
        people = {
            m.entity.name: m
            for m in mentions
            if m.entity.type == PERSON or (not m.entity.type and " " in m.entity.name)
        }
        if len(people) != 1:
            continue
        m = next(iter(people.values()))
        after = low[m.last : ends[m.first]]
        genders = {
            "m" if w in _MALE_PRONOUNS else "f"
            for k, w in enumerate(after, start=m.last)
            if (w in _MALE_PRONOUNS or w in _FEMALE_PRONOUNS)
            and voice[k] == "author"
            and not _object_pronoun(low, k)
        }
        if genders == {"m"}:
            m.entity.male += 1
        elif genders == {"f"}:
            m.entity.female += 1


_PERSON_PRONOUNS = _MALE_PRONOUNS | _FEMALE_PRONOUNS


def _object_pronoun(low: list[str], k: int) -> bool:
    """An object pronoun ("met her in March", "told him"), often not the subject.

    "her" followed by a lower-case content word is a possessive ("her guard").
    """
    w = low[k]
    if w == "him":
        return True
    if w != "her":
        return False
    nxt = low[k + 1] if k + 1 < len(low) else ""
    return not nxt.isalpha() or nxt in _PREPOSITIONS or nxt in _FUNCTION_AFTER_HER


_FUNCTION_AFTER_HER = frozenset("and or but that to a an the as if when".split())


def person_head(head: str) -> bool:
    """Whether a description's head noun names a person ("resident", "spokeswoman")."""
    return head in PERSON_NOUNS or head in TITLE_WORDS or head in SOURCE_NOUNS


def pronoun_gender(pronoun: str) -> str:
    """``"m"`` for he/him/his, ``"f"`` for she/her, else ``""``."""
    if pronoun in _MALE_PRONOUNS:
        return "m"
    if pronoun in _FEMALE_PRONOUNS:
        return "f"
    return ""
