"""Anonymous and vague sources: the unnamed people and groups a text cites.

A **source phrase** is a noun phrase that names no one but is presented as the
origin of information or the holder of a view (the annotation guide in the
README, "Annotation guide: anonymous and vague sources"):

* ``anonymous``: one unnamed individual, "an industry insider", "a senior
  official", "a person familiar with the matter", "a witness interviewed by
  congressional staff", and a definite re-mention of one ("the official");
* ``vague``: an unnamed group, counted or not, "critics", "two people familiar
  with the matter", "some leading Democrats", "Public health and environmental
  researchers", "state media", "reports", "many", "everybody".

The phrase is a source when it is the subject of a verb of saying or of holding
a view ("critics say", "many Democrats fear", "Republicans seem confident"),
follows "according to", or is the agent of a noun of saying ("calls by critics",
"an outcry from victims' groups"). Not sources: poll respondents ("52 percent of
voters said"), groups after a negation, a title before a name ("analyst Priya
Nandakumar"), an apposition to a name ("Priya Nandakumar, an analyst at ...,
said"), and actions that are not statements ("voters approved the measure").

Phrases are found in both voices: a span inside a quotation has voice
``quoted`` (the speaker's sourcing, not the outlet's). Reporting verbs are found
with the quotes they introduce, in :mod:`analysis.detect.quotes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.detect._common import (
    ANONYMITY_MARKERS,
    ATTRIBUTION_VERBS,
    CLAUSE_STARTERS,
    GROUP_NOUNS,
    NUMBER_WORDS,
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
from analysis.wordlists import wordlist

SOURCE_VERBS = wordlist("source_verbs")
WEAK_SOURCE_VERBS = wordlist("weak_source_verbs")
GROUP_HEADS = wordlist("group_heads")
STANCE_ADJECTIVES = wordlist("stance_adjectives")
SPEECH_ACT_NOUNS = wordlist("speech_act_nouns")
PARTY_MEMBERS = wordlist("party_members")
PERSON_NOUNS = wordlist("person_nouns")
MEDIA_NOUNS = wordlist("media_nouns")
NEWS_OUTLETS = wordlist("news_outlets")

_SINGULAR_HEADS = frozenset(
    w for w in SOURCE_NOUNS | PERSON_NOUNS if not w.endswith("s") or w in ("witness",)
) - {"someone"}
_HEADED_NOUNS = frozenset(
    "panel panels team teams committee committees council board survey surveys poll polls "
    "report reports study studies community communities market markets sector index price "
    "prices forecast forecasts estimate estimates data group groups association union "
    "network body bodies class base pool confidence sentiment demand rights".split()
)
_COLLECTIVE_HEADS = frozenset(
    "group organization organisation coalition alliance lobby campaign association".split()
)
_PARTY_SINGULAR = frozenset(p[:-1] for p in PARTY_MEMBERS if p.endswith("s"))
_BODY_HEADS = frozenset(
    "companies firms businesses groups organizations organisations agencies governments "
    "authorities countries nations states regulators unions insurers lenders retailers "
    "manufacturers makers producers".split()
)
_PRONOUN_HEADS = frozenset("many some few most several others everybody everyone".split())
_COUNT_OF = frozenset("hundreds thousands dozens scores millions".split())
_AGENT_SUFFIXES = ("ists", "ians", "ers", "ors", "ants", "ents", "ees")
_NOT_AGENTS = frozenset(
    "others numbers papers centers centres orders matters letters powers offers waters "
    "headquarters markets sectors factors rivers quarters borders containers computers "
    "chambers doors floors errors colors colours mirrors motors tractors vectors "
    "restaurants plants grants elephants talents accidents incidents percents cents "
    "events contents intents patents segments moments parents' answers towers layers "
    "players' corners dinners shelters offers covers hours flowers filters barriers "
    "numbers characters chapters reporters' letters registers transfers headquarters".split()
)
_LY_NOT_ADVERBS = frozenset(
    "family elderly early daily weekly monthly yearly friendly only ally rally assembly "
    "supply holy italy".split()
)
_DETERMINERS = frozenset(
    "a an one another the this that these those his her their its our my your".split()
)
_INDEFINITE = frozenset("a an one another".split())
_NEAR_DETERMINERS = _INDEFINITE | {"the"}
_MARKER_FIRST_WORDS = frozenset(m.split()[0] for m in ANONYMITY_MARKERS)
_QUANTIFIERS = VAGUE_QUANTIFIERS | frozenset("other so all both plenty".split())
_STOP_LEFT = frozenset(
    "of for at in on from with by to into about against over under after before during "
    "across through and or but that which who whom whose as than said says say told among "
    "between like such including than via per not no never".split()
)
_POST_PREPOSITIONS = frozenset("of with at in from for on across within inside among".split())
_PARTICIPLES_OK = frozenset("familiar close involved based".split())
_VIEW_NOUNS = frozenset(
    "view views concerns concern doubts doubt reservations misgivings fears objections "
    "opinions opinion questions".split()
)
_DURATIONS = frozenset("years decades months weeks days ages".split())
_TELL = frozenset("told tell tells telling".split())
_PREPOSITIONS_BEFORE = frozenset(
    "of for at in on from with by to into about against over under after before during "
    "across through among between like than".split()
)
_AGENT_BEFORE = frozenset(
    "interpreted popular well told circulated supported cited quoted criticized criticised "
    "condemned praised blasted accused urged warned".split()
)
_BE = frozenset(
    "is are was were be been being seem seems seemed remain remains remained appear appears".split()
)
_AUXILIARIES = frozenset(
    "is are was were be been being has have had also will would can could should may "
    "might must".split()
)
_VERB_MARKERS = frozenset("to will would can could should may might must".split())
_TIME_WORDS = frozenset(
    "later earlier then now today yesterday tomorrow ago recently since meanwhile even just "
    "only also still yet already".split()
)
_POLL = re.compile(r"\b(?:poll|survey|percent|per cent|%)\b|\d+%", re.IGNORECASE)


@dataclass(frozen=True)
class SourcePhrase:
    """A source phrase: words ``first:last``, category, verb (if any), voice and head word."""

    first: int
    last: int
    category: str  # anonymous | vague
    verb: int | None
    voice: str
    head: int


def detect_sources(doc: Document, article_id: str) -> list[Span]:
    """Anonymous and vague source phrases, in both voices (see the module docstring).

    Every mention is a span; its ``speaker`` is the source it names, by
    :func:`source_names`, so the article counts each source once.
    """
    phrases = find_source_phrases(doc)
    return [
        word_span(
            doc,
            article_id,
            "anonymous_source",
            p.first,
            p.last,
            p.category,
            voice=p.voice,
            rule="pattern:unnamed-source" if p.category == "anonymous" else "pattern:vague-group",
            speaker=name,
            speaker_type="anonymous_individual" if p.category == "anonymous" else "vague_group",
        )
        for p, name in zip(phrases, source_names(doc, phrases), strict=True)
    ]


def source_names(doc: Document, phrases: list[SourcePhrase]) -> list[str]:
    """The source each phrase names: the counting rule, one count per source and article.

    * an unnamed individual is a new source at each indefinite mention ("a senior
      official", "another official"); a definite re-mention ("the official") names
      the last one with that head noun;
    * a vague group is one source per head noun ("critics say ... critics argue"),
      the media per phrase ("state media", "foreign media");
    * the name is the text of the source's first mention; voices are kept apart.
    """
    low = doc.lowered
    named: dict[tuple[str, str, str], str] = {}
    out = []
    for p in phrases:
        text = doc.text[doc.words[p.first].start : doc.words[p.last - 1].end]
        head = low[p.head]
        if p.category == "anonymous":
            key = (p.voice, "anonymous", head)
            if low[p.first] == "the" and key in named:
                out.append(named[key])
            else:
                named[key] = text
                out.append(text)
        else:
            key = (p.voice, "vague", text.lower() if head == "media" else head)
            out.append(named.setdefault(key, text))
    return out


def source_phrases(doc: Document, voice: str | None = None) -> list[SourcePhrase]:
    """The source phrases of :func:`find_source_phrases`, in one voice if given."""
    found = find_source_phrases(doc)
    return [p for p in found if voice is None or p.voice == voice]


@once_per_document
def find_vague_attributions(doc: Document) -> list[tuple[WordSpan, int]]:
    """Vague groups followed by a verb of saying or believing: the attribution-hedge pattern.

    Used by :func:`analysis.detect.hedging.detect_hedges` for its ``attribution``
    hedges, and kept exactly as it was so that hedge spans do not move; the source
    finder of this module is :func:`find_source_phrases`.

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
def find_source_phrases(doc: Document) -> list[SourcePhrase]:
    """Every source phrase of the article, in text order."""
    low = doc.lowered
    out: list[SourcePhrase] = []
    anonymous_heads: set[str] = set()
    taken = -1
    for i in _candidate_heads(doc):
        if i <= taken:
            continue
        found = _phrase_at(doc, i, anonymous_heads)
        if found is None:
            continue
        out.append(found)
        taken = found.last - 1
        if found.category == "anonymous":
            anonymous_heads.add(low[i])
    return out


def _candidate_heads(doc: Document) -> list[int]:
    """Words that can head a source phrase: listed heads, party members, demonyms, agents.

    Tested once per distinct word of the article, then found with one pass.
    """
    low = doc.lowered
    distinct = set(low)
    wanted = set(_HEAD_WORDS.intersection(distinct))
    wanted.update(w for w in distinct - wanted if len(w) > 5 and w.endswith(_HEAD_SUFFIXES))
    return [i for i, w in enumerate(low) if w in wanted] if wanted else []


_HEAD_WORDS = (
    _SINGULAR_HEADS | GROUP_HEADS | MEDIA_NOUNS | _COLLECTIVE_HEADS | _PARTY_SINGULAR | {"reports"}
) | PARTY_MEMBERS
_HEAD_SUFFIXES = (*_AGENT_SUFFIXES, "ans", "ese")


def _is_plural_head(word: str, text: str) -> bool:
    if word in GROUP_HEADS or word in PARTY_MEMBERS:
        return True
    if word in NEWS_OUTLETS:
        return False  # "Reuters reported"
    if text[:1].isupper() and word.endswith(("ans", "ese")) and len(word) > 5:
        return True  # "Canadians", "Americans"
    return (
        (text.islower() or text[1:].islower())
        and word.endswith(_AGENT_SUFFIXES)
        and not word.endswith("ments")
        and word not in _NOT_AGENTS
        and len(word) > 6
    )


def _phrase_at(doc: Document, i: int, anonymous_heads: set[str]) -> SourcePhrase | None:
    """The source phrase headed by word ``i``, if it is one."""
    low = doc.lowered
    words = doc.words
    word, text = low[i], words[i].text
    firsts, ends = doc.sentence_runs
    s_first, s_last = firsts[i], ends[i]
    if i + 1 < s_last and _compound(doc, i):
        return None  # "expert panel", "analyst Priya Nandakumar": not the head
    if word in MEDIA_NOUNS:
        return _media_phrase(doc, i)
    plural = _is_plural_head(word, text)
    collective = not plural and word in _COLLECTIVE_HEADS
    singular = not plural and (
        word in _SINGULAR_HEADS or collective or (word in _PARTY_SINGULAR and text[:1].isupper())
    )
    if not (plural or singular):
        return None
    if (
        singular
        and _NEAR_DETERMINERS.isdisjoint(low[max(s_first, i - 6) : i])
        and not _anonymity_marker(doc, i)
    ):
        return None  # an unnamed individual needs "a", "one", "another" or "the"
    if text[:1].isupper() and i != s_first and word not in PARTY_MEMBERS and plural:
        before = doc.text[words[i - 1].end : words[i].start]
        opens = any(c in before for c in ".?!:\n") or words[i - 1].text in ('"', "“")
        if not word.endswith(("ans", "ese")) and not opens:
            return None  # a capitalised plural mid-sentence is a name ("Kelowna Rockets")
    first, determiner = _np_start(doc, i, plural)
    last = _np_end(doc, i)
    if word in _PRONOUN_HEADS or word in _COUNT_OF:
        if i + 1 < s_last and low[i + 1] == "of" and word not in _COUNT_OF:
            return None  # "many of whom say": the view is in the relative clause
        if first < i and low[first] in _DETERMINERS:
            return None
    if singular:
        definite_again = determiner == "the" and word in anonymous_heads
        indefinite = determiner in _INDEFINITE or _anonymity_marker(doc, i)
        if not (indefinite or definite_again):
            return None
        if i + 1 < s_last and words[i + 1].text[:1].isupper() and doc.word_voice[i + 1] == "author":
            return None
        if _appositive_to_name(doc, first, last):
            return None
    elif (
        determiner in ("the", "this", "that", "these", "those")
        and word not in PARTY_MEMBERS
        and not (word == "reports" or (first + 1 < i and low[first + 1] == "other"))
    ):
        return None  # "the legislators": identified, not vague (but "the other members")
    if _poll(doc, first, i):
        return None
    if first - 1 >= s_first and low[first - 1] in ("not", "no", "never"):
        return None  # "Not everyone is convinced"
    if word in _PRONOUN_HEADS and i + 1 < s_last and low[i + 1].endswith("ing"):
        return None  # "has some explaining to do"
    if first - 1 >= s_first and low[first - 1] in _TELL:
        return None  # "told reporters", "told investors on a call": the audience
    verb = _source_role(doc, first, last, weak_ok=word not in _BODY_HEADS, singular_head=singular)
    if verb is None:
        return None
    category = "anonymous" if singular and not collective else "vague"
    return SourcePhrase(first, last, category, verb if verb >= 0 else None, doc.word_voice[i], i)


def _compound(doc: Document, i: int) -> bool:
    """Whether word ``i`` modifies what follows rather than heading the phrase.

    "analyst Priya Nandakumar" (a title before a name), "expert panel", "investor
    survey" (a modifier of a group or document noun).
    """
    low = doc.lowered
    gap = doc.text[doc.words[i].end : doc.words[i + 1].start]
    if gap.strip():
        return False
    if doc.words[i + 1].text[:1].isupper() and low[i] not in _PRONOUN_HEADS:
        return True
    return low[i + 1] in _HEADED_NOUNS


def _np_start(doc: Document, i: int, plural: bool = True) -> tuple[int, str]:
    """First word of the noun phrase headed by ``i``, and its determiner ("" if none).

    Modifiers ("senior", "U.S.", "South Korean", "Public health and environmental"),
    quantifiers ("some", "so many", "plenty of", "hundreds of"), numbers and a
    possessive ("his colleagues", "9/11 victims' groups"); a coordinated head
    ("lawyers and experts").
    """
    low = doc.lowered
    words = doc.words
    s_first = doc.sentence_runs[0][i]
    first = i
    determiner = ""
    while first - 1 >= s_first and i - first < 7:
        j = first - 1
        gap = doc.text[words[j].end : words[first].start]
        if gap.strip() not in ("", "'", "’", "."):
            break
        w = low[j]
        if w in _DETERMINERS:
            if w in ("that", "this") and plural:
                break  # "relayed that people involved ...": a conjunction, not a determiner
            first, determiner = j, w
            break
        if determiner and not (w in _QUANTIFIERS or w in NUMBER_WORDS or w.isdigit()):
            break  # modifiers come after a quantifier: "she's encountered many Canadians"
        if w in _QUANTIFIERS or w in NUMBER_WORDS or w.isdigit() or w in _COUNT_OF:
            first = j
            determiner = determiner or w
            continue
        if (
            w == "of"
            and j - 1 >= s_first
            and (low[j - 1] in ("plenty", "number") or low[j - 1] in _COUNT_OF)
        ):
            first = j - 1
            determiner = low[j - 1]
            continue
        if w == "and" and j - 1 >= s_first and low[j - 1] not in _STOP_LEFT:
            before = low[j - 1]
            head_like = _is_plural_head(before, words[j - 1].text)
            if head_like or (
                words[i].text.islower() and i - j <= 2 and not before.endswith(("ed", "ing"))
            ):
                first = j  # "health and environmental researchers", "lawyers and experts"
                continue
            break
        if w in _STOP_LEFT or w in SOURCE_VERBS or w in WEAK_SOURCE_VERBS or w in _BE:
            break
        if w in CLAUSE_STARTERS and w not in _QUANTIFIERS:
            break
        if w.endswith("ly") and len(w) > 4 and w not in _LY_NOT_ADVERBS:
            break
        if w in _TIME_WORDS or w in SOURCE_FILLERS:
            break  # "Decades later economists still debate"
        before = low[j - 1] if j - 1 >= s_first else ""
        if before in _VERB_MARKERS or (
            w.endswith(("ed", "ing")) and (j < i - 1 or before in _AUXILIARIES)
        ):
            break  # "to allow people", "has also included members", "followed home and"
        first = j
    while first < i and low[first] in ("and", "or"):
        first += 1
    return first, determiner


def _np_end(doc: Document, i: int) -> int:
    """End (exclusive) of the phrase headed by ``i``.

    Post-modifiers that describe the source ("familiar with the matter", "with the
    DCCC", "involved with the project", "who asked not to be named"), up to a
    comma or the verb.
    """
    low = doc.lowered
    words = doc.words
    s_last = doc.sentence_runs[1][i]
    marker = _marker_after(doc, i)
    k = i + 1
    if marker:
        k += len(marker.split())
    elif k < s_last and not doc.text[words[i].end : words[k].start].strip():
        w = low[k]
        participle = (
            (w.endswith("ed") or w in _PARTICIPLES_OK)
            and k + 1 < s_last
            and low[k + 1] in (_POST_PREPOSITIONS | {"by", "to", "last"})
        )
        if w in _POST_PREPOSITIONS or participle or w == "all":
            k += 2 if participle else 1
        else:
            return i + 1
    else:
        return i + 1
    limit = k + 9
    while k < s_last and k < limit:
        if doc.text[words[k - 1].end : words[k].start].strip():
            break
        w = low[k]
        noun_use = low[k - 1] in _DETERMINERS
        if (w in SOURCE_VERBS or w in WEAK_SOURCE_VERBS) and not noun_use:
            break
        if w in _BE or w in ("who", "which", "that", "made", "make", "makes"):
            break
        if w.endswith("ed") and low[k - 1] not in _DETERMINERS | _POST_PREPOSITIONS:
            break  # a main verb: "officials with the committee warned", "... said"
        if w in ("have", "has", "had", "will", "would", "also", "may", "could", "can"):
            break
        if w in ("such", "like", "including") or w.endswith("ly"):
            break
        k += 1
    return k


def _anonymity_marker(doc: Document, i: int) -> bool:
    return _marker_after(doc, i) is not None


def _marker_after(doc: Document, i: int) -> str | None:
    """The anonymity marker right after word ``i`` ("familiar with", "who asked not ...")."""
    if i + 1 >= len(doc.words) or doc.lowered[i + 1] not in _MARKER_FIRST_WORDS:
        return None
    rest = doc.text[doc.words[i].end : doc.sentences[doc.word_sentence[i]].end].lower().lstrip(" ,")
    return next((m for m in ANONYMITY_MARKERS if rest.startswith(m)), None)


def _source_role(
    doc: Document, first: int, last: int, weak_ok: bool, singular_head: bool = False
) -> int | None:
    """The phrase's role as a source.

    Its verb's index; -1 for a role with no verb of its own ("according to X",
    "calls by X"); None when it is no source.
    """
    low = doc.lowered
    words = doc.words
    s_first, s_last = doc.sentence_runs[0][first], doc.sentence_runs[1][first]
    # before the phrase: "according to X", "calls by X", "an outcry from X", "said X"
    j = first - 1
    if j >= s_first:
        w = low[j]
        if w == "to" and j - 1 >= s_first and low[j - 1] == "according":
            return -1
        if w in ("by", "from", "among", "with") and j - 1 >= s_first:
            k = j - 1
            if doc.text[words[k].end : words[j].start].strip() == ",":
                k -= 1  # "a flurry of responses, from Democrats praising"
            p = low[k]
            if p in SPEECH_ACT_NOUNS or p in _AGENT_BEFORE:
                return -1
        if w in _PREPOSITIONS_BEFORE:
            return None  # "with Republicans vowing": after a preposition, not a subject
        if w in ("said", "says") and doc.word_voice[j] == doc.word_voice[first]:
            tail = doc.text[doc.words[last - 1].end : doc.words[last - 1].end + 2]
            before = doc.text[doc.words[j - 1].end : doc.words[j].start] if j > 0 else ""
            inverted = any(c in before for c in ',"”’')
            if inverted and (last >= s_last or tail[:1] in (",", ".", ";")):
                return j  # '"...," said officials.': an inverted attribution
        if w in ("citing", "quoting", "cited", "quoted"):
            return -1  # "The reports, citing unnamed sources close to the matter"
    # after the phrase: its verb, past adverbs and auxiliaries
    k = last
    steps = 0
    while k < s_last and steps < 6:
        w = low[k]
        gap = doc.text[words[k - 1].end : words[k].start].strip()
        if gap and gap != ",":
            break
        if gap == "," and steps == 0 and w in ("who", "which"):
            n = k + 1
            while n < s_last and n - k <= 4 and (low[n] in SOURCE_FILLERS or low[n].endswith("ly")):
                n += 1
            return n if n < s_last and low[n] in SOURCE_VERBS else None
        if gap == "," and steps == 0:
            # a parenthetical: "officials, for their part, favour"; "X, who ..., said"
            close = next(
                (
                    m
                    for m in range(k, min(s_last - 1, k + 6))
                    if "," in doc.text[words[m].end : words[m + 1].start]
                ),
                None,
            )
            if close is None:
                break
            k = close + 1
            steps += 1
            continue
        if w in ("never", "not", "no"):
            return None
        if w in SOURCE_VERBS or (weak_ok and w in WEAK_SOURCE_VERBS):
            if w.startswith("point") and not (k + 1 < s_last and low[k + 1] == "to"):
                return None
            return k
        if w in ("put", "puts") and k + 1 < s_last and low[k + 1] == "it":
            return k  # "one investor put it to the newspaper"
        if w in ("who", "that") and k == last and singular_head:
            return _verb_after_relative(doc, k, s_last)
        if w in ("made", "make", "makes", "making") and k + 1 < s_last and low[k + 1] == "clear":
            return k  # "officials made clear"
        if w in ("have", "has", "had", "hold", "holds", "held", "share", "shared", "expressed"):
            n = k + 1
            while n < s_last and n - k <= 3 and low[n] not in _VIEW_NOUNS and low[n].isalpha():
                n += 1
            if n < s_last and low[n] in _VIEW_NOUNS:
                return k  # "other people have differing views"

        if w in _BE:
            n = k + 1
            if n < s_last and low[n] in (
                "not",
                "also",
                "still",
                "very",
                "more",
                "less",
                "increasingly",
            ):
                n += 1
            if n < s_last and low[n] in STANCE_ADJECTIVES:
                return k
            if n < s_last and low[n].endswith("ing") and low[n] in SOURCE_VERBS:
                return n  # "have been warning"
            if n < s_last and low[n] in _BE:
                k = n
                steps += 1
                continue
            return None
        if w == "for" and k + 1 < s_last and low[k + 1] in _DURATIONS:
            k += 2  # "have for years been saying"
            steps += 1
            continue
        if (
            w in SOURCE_FILLERS
            or w.endswith("ly")
            or w in ("privately", "publicly", "for", "their", "part")
        ):
            k += 1
            steps += 1
            continue
        break
    return None


def _verb_after_relative(doc: Document, who: int, s_last: int) -> int | None:
    """The verb of saying after a relative clause.

    "a person who has long followed the sector told". The clause's own first verb
    does not count ("people who fear losing": the group is defined by its view).
    """
    low = doc.lowered
    k = who + 1
    while k < s_last and (low[k] in SOURCE_FILLERS or low[k].endswith("ly")):
        k += 1
    k += 1  # the relative clause's own verb
    for n in range(k, min(s_last, who + 20)):
        if doc.word_voice[n] != doc.word_voice[who]:
            return None
        if low[n] in SOURCE_VERBS and low[n - 1] not in CLAUSE_STARTERS:
            return n
        if low[n] in ("who", "which", "that", "and", "but"):
            return None
    return None


def _media_phrase(doc: Document, i: int) -> SourcePhrase | None:
    """The media as a vague group: "State media said", "foreign media reported"."""
    low = doc.lowered
    s_first = doc.sentence_runs[0][i]
    if low[i] != "media" or i == s_first:
        return None
    j = i - 1
    if doc.text[doc.words[j].end : doc.words[i].start].strip():
        return None
    if low[j] in _STOP_LEFT or low[j] in _DETERMINERS or doc.word_voice[j] != doc.word_voice[i]:
        return None  # "the media", "in the media": not a cited source
    first, _ = _np_start(doc, i)
    verb = _source_role(doc, first, i + 1, weak_ok=True)
    if verb is None:
        return None
    return SourcePhrase(first, i + 1, "vague", verb if verb >= 0 else None, doc.word_voice[i], i)


def _appositive_to_name(doc: Document, first: int, last: int) -> bool:
    """Whether the phrase describes a named person: "Priya Nandakumar, an analyst at ..., said".

    A comma between a capitalised word and the phrase, and another comma closing
    the phrase ("Regarding X being named by OpenAI, an industry insider told ..."
    has none: the phrase is the subject there).
    """
    if first == 0:
        return False
    words = doc.words
    gap = doc.text[words[first - 1].end : words[first].start]
    if not ("," in gap and words[first - 1].text[:1].isupper()):
        return False
    if doc.word_sentence[first - 1] != doc.word_sentence[first]:
        return False
    s_last = doc.sentence_runs[1][first]
    for k in range(last, s_last):
        between = doc.text[words[k - 1].end : words[k].start]
        if "," in between:
            return True
        if doc.lowered[k] in SOURCE_VERBS:
            return False
    return True


def _poll(doc: Document, first: int, head: int) -> bool:
    """Poll respondents ("52 percent of voters", "a majority of Americans in the survey")."""
    low = doc.lowered
    j = first - 1
    if j >= 1 and low[j] == "of":
        before = low[j - 1]
        if before in ("percent", "majority", "cent") or before.isdigit() or before in NUMBER_WORDS:
            return True  # "52 percent of voters", "eight of 10 voters"
    if low[j] != "of":
        return False
    sentence = doc.sentences[doc.word_sentence[head]]
    return bool(_POLL.search(doc.text, sentence.start, sentence.end))
