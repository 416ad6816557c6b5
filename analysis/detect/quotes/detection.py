"""Detection: quotation regions and reporting verbs become quote spans with speakers.

The top layer of the quote detector. Every top-level quotation region is
classified (title, scare quote, short or long), attributed through
:mod:`.speakers`, and written as a span; then indirect speech is found from the
reporting verbs no quote used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from analysis.detect._common import CLAUSE_STARTERS, same_sentence, word_span
from analysis.detect.quotes.entities import VAGUE, KnownSources, build_entities
from analysis.detect.quotes.mentions import (
    Mention,
    appositive_text,
    cap,
    char_before,
    gap,
    name_forward,
    phrase_until_comma,
)
from analysis.detect.quotes.speakers import (
    ArticleContext,
    SpeakerAt,
    description_text,
    first_subject,
    known_sources,
    resolve,
    source_type,
    speaker_after,
    subject_before,
)
from analysis.detect.quotes.words import (
    BARE_CLAUSE_CUES,
    CLAUSE_PREPOSITIONS,
    DETERMINERS,
    PAGE_DIRECTIONS,
    PARTIAL_QUOTE_CUES,
    SCARE_INTRODUCERS,
    SUBJECT_SKIP,
    TELL_VERBS,
    TITLE_SMALL_WORDS,
)
from analysis.detect.sourcing import source_phrases
from analysis.lexicon import Match, get_lexicon, match_words
from analysis.schema import Span
from analysis.text import Document, QuoteRegion


@dataclass(frozen=True)
class SpeakerMention:
    """Where the words that named a quote's speaker are (character offsets).

    ``floating``: the speaker was carried over from an earlier quote or sentence,
    so no word of the quote's own sentence names it (the Gender Gap Tracker's
    "floating quote").
    """

    start: int
    end: int
    floating: bool


@dataclass(frozen=True)
class QuoteRecord:
    """The speaker given to one quotation region (for the quotes that follow it)."""

    region: QuoteRegion
    speaker: str
    kind: str
    role: str
    mention: SpeakerMention | None = None


@dataclass(frozen=True)
class Attribution:
    """The mention that speaks for a quote, the reporting verb used, and the rule."""

    mention: Mention | None = None
    cue: int | None = None
    rule: str = ""


_NONE = Attribution()
_ASK = frozenset("ask asks asked asking".split())
_SUBORDINATORS = frozenset(
    "though although because if while since unless whether when whereas once".split()
)


def detect_quotes(
    doc: Document,
    article_id: str,
    speakers: pd.DataFrame | None = None,
    event: str | None = None,
    *,
    title: str | None = None,
    outlets: pd.DataFrame | Sequence[str] | None = None,
) -> list[Span]:
    """Quotes (direct, partial, indirect) with speakers; scare quotes; reporting verbs.

    Args:
        doc: the segmented article (its body; the headline is not part of it).
        article_id: written into every span.
        speakers: the corpus speakers table (aliases, affiliations, sides), optional.
        event: the article's event, to pick event-specific rows of ``speakers``.
        title: the article's headline (front matter). It never supplies a speaker;
            an organisation named in it is the one the article is about.
        outlets: the corpus outlets table (or outlet names): named in the text,
            they are media outlets.
    """
    return find_quotes(doc, article_id, speakers, event, title=title, outlets=outlets)[0]


def find_quotes(
    doc: Document,
    article_id: str,
    speakers: pd.DataFrame | None = None,
    event: str | None = None,
    *,
    title: str | None = None,
    outlets: pd.DataFrame | Sequence[str] | None = None,
) -> tuple[list[Span], dict[tuple[int, int], SpeakerMention]]:
    """The spans of :func:`detect_quotes`, and where each quote's speaker is named.

    The second item maps a quote span's ``(start, end)`` to its
    :class:`SpeakerMention` (absent when no speaker was found); validation uses it
    to score speakers as the Gender Gap Tracker's authors did, by mention overlap.
    """
    ctx = _context(doc, article_id, known_sources(speakers, event, outlets), title)
    spans = _direct_quotes(ctx)
    spans.extend(_indirect(ctx))
    return _fill_from_paragraph(ctx, spans), ctx.mentions


def _context(
    doc: Document, article_id: str, known: KnownSources, title: str | None
) -> ArticleContext:
    """The article's entities, source phrases and reporting verbs."""
    cues = _find_cues(doc)
    sources = []
    phrases = source_phrases(doc, "author")
    anonymous = [p for p in phrases if p.verb is None or p.category == "anonymous"]
    vague = [p for p in phrases if p.verb is not None and p.category == "vague"]
    for p in phrases:
        text = doc.text[doc.words[p.first].start : doc.words[p.last - 1].end]
        kind = VAGUE if p.category == "vague" else source_type(text)
        sources.append((p.first, p.last, description_text(text), kind))
    entities = build_entities(doc, known, title, frozenset(cues), sources)
    ctx = ArticleContext(doc, article_id, known, entities, cues=cues)
    ctx.roles = list(entities.titled)
    for p in anonymous:
        text = doc.text[doc.words[p.first].start : doc.words[p.last - 1].end]
        mention = Mention(p.first, p.last, "description", text)
        ctx.sources[p.last - 1] = mention
        ctx.sources_by_first[p.first] = mention
    for p in vague:
        text = doc.text[doc.words[p.first].start : doc.words[p.last - 1].end]
        ctx.vague_by_verb[p.verb] = Mention(p.first, p.last, "description", text)
    return ctx


# --------------------------------------------------------------------------- direct quotes


def _classify(doc: Document, region: QuoteRegion, sentence_first: int) -> str:
    """``title``, ``scare`` (if unattributed), ``short`` or ``long`` for a region."""
    first, last = doc.word_range(region.content_start, region.content_end)
    content = [doc.words[i].text for i in range(first, last)]
    if not content:
        return "empty"
    prev = doc.lowered[first - 1] if first > 0 and same_sentence(doc, first - 1, first) else ""
    if prev in SCARE_INTRODUCERS:
        return "scare"
    significant = [w for w in content if w.lower() not in TITLE_SMALL_WORDS]
    starts_sentence = first == sentence_first
    if (
        significant
        and all(cap(w) for w in significant)
        and not all(w.isupper() for w in significant)
        and (len(content) >= 2 or not starts_sentence)
    ):
        return "title"
    return "short" if len(content) <= 3 else "long"


def _attribute(ctx: ArticleContext, q_first: int, q_last: int, short: bool) -> Attribution:
    """Find the speaker of the quote spanning words ``q_first:q_last``.

    A quote that opens its sentence (or follows a colon) looks after itself
    first ("...," X said), then before; a quote inside the author's sentence
    looks before itself first (X called it "..."), then just after.
    """
    doc = ctx.doc
    s_first, _ = ctx.bounds(q_first)
    _, s_last = ctx.bounds(max(q_last - 1, q_first))
    opens = q_first == s_first or char_before(doc.text, doc.words[q_first].start) == ":"
    k = q_last
    while k < s_last and ctx.quoted(k):
        k += 1
    if k >= s_last and q_last < len(doc.words):
        # The closing mark may sit after the sentence end ('move. " said X.'):
        # the attribution is then the next "sentence".
        between = doc.text[doc.words[q_last - 1].end : doc.words[q_last].start]
        if "\n" not in between and re.fullmatch(r"[\s\W]*", between):
            k = q_last
            _, s_last = ctx.bounds(k)
    tail = [i for i in range(k, min(s_last, k + (10 if opens else 4))) if not ctx.quoted(i)]
    if short and not opens:
        tail = []
    steps = (_after, _before) if opens else (_before, _after)
    for step in steps:
        found = step(ctx, q_first, k, tail, s_first, s_last)
        if found.mention is not None:
            return found
    return _NONE


def _after(
    ctx: ArticleContext, q_first: int, k: int, tail: list[int], s_first: int, s_last: int
) -> Attribution:
    """The attribution after the quote: '...," said X' / '...," X said'."""
    doc = ctx.doc
    low = doc.lowered
    if tail and k < s_last:
        if low[k] == "according" and k + 2 < s_last and low[k + 1] == "to":
            m = ctx.sources_by_first.get(k + 2) or phrase_until_comma(doc, k + 2, s_last)
            if m:
                return Attribution(m, None, "after:according-to")
        named = name_forward(doc, k, s_last)
        if (
            named is not None
            and named.last < s_last
            and "," in gap(doc, named.last - 1, named.last)
            and any(i in ctx.cues for i in range(named.last, s_last))
        ):
            # '"...," Harry J. Kazianis, director of defence studies at ..., said.'
            cue = next(i for i in range(named.last, s_last) if i in ctx.cues)
            named.role = appositive_text(doc, named.last, cue)
            return Attribution(named, cue, "after:speaker-apposition-verb")
    for i in tail:
        if ctx.cue_at(i) and (low[i] not in PARTIAL_QUOTE_CUES or low[i] in _ASK):
            # '"Are there prizes?" Lincicome asked': ask introduces a direct question
            if i == tail[0]:
                m = speaker_after(ctx, ctx.cues[i].last - 1, s_last)
                if m:
                    return Attribution(m, i, "after:verb-speaker")
            m = subject_before(ctx, i, k)
            if m:
                return Attribution(m, i, "after:speaker-verb")
            if all(low[j] in SUBJECT_SKIP or low[j].endswith("ly") for j in range(k, i)):
                m = speaker_after(ctx, ctx.cues[i].last - 1, s_last)
                if m:
                    return Attribution(m, i, "after:verb-speaker")
    return _NONE


def _before(
    ctx: ArticleContext, q_first: int, k: int, tail: list[int], s_first: int, s_last: int
) -> Attribution:
    """The attribution before the quote: 'X said: "..."' / 'According to X, "..."'.

    A verb inside a subordinate clause ("Freeland said even though Canada believes
    ..., '...'") gives way to the main clause's verb; a quote after a colon with no
    verb of saying before it ("Martell is more blunt: '...'") is the subject's.
    """
    doc = ctx.doc
    head = [i for i in range(s_first, q_first) if not ctx.quoted(i)]
    low = doc.lowered
    subordinate = None
    for i in reversed(head):
        if low[i] == "according" and i + 2 < q_first and low[i + 1] == "to":
            m = ctx.sources_by_first.get(i + 2) or phrase_until_comma(doc, i + 2, q_first)
            if m:
                return Attribution(m, None, "before:according-to")
        if ctx.cue_at(i):
            m = subject_before(ctx, i, s_first)
            if m and m.first > s_first and low[m.first - 1] in _SUBORDINATORS:
                subordinate = subordinate or Attribution(m, i, "before:speaker-verb")
                continue
            if m:
                return Attribution(m, i, "before:speaker-verb")
        if low[i] in ("words",) and i >= 1 and low[i - 1] in ("her", "his", "their"):
            return Attribution(Mention(i - 1, i, "pronoun", low[i - 1]), None, "before:in-words")
    if subordinate is not None:
        return subordinate
    if head and char_before(doc.text, doc.words[q_first].start) == ":":
        m = first_subject(ctx, s_first, q_first)
        if m is not None and m.kind != "description":
            return Attribution(m, None, "before:colon")
    return _NONE


def _direct_quotes(ctx: ArticleContext) -> list[Span]:
    """Direct, partial and scare quotes, and the reporting verbs that introduce them."""
    doc = ctx.doc
    spans: list[Span] = []
    used_cues: set[int] = set()
    previous_record: QuoteRecord | None = None
    last_quote_in_sentence: dict[int, QuoteRecord] = {}
    for region in (q for q in doc.quotes if q.level == 1):
        q_first, q_last = doc.word_range(region.start, region.end)
        if q_first >= q_last:
            continue
        s_first, _ = ctx.bounds(q_first)
        kind = _classify(doc, region, s_first)
        if kind in ("title", "empty"):
            continue
        whole_sentence = q_first == s_first and re.search(
            r"[.!?,]\W*$", doc.text[region.content_start : region.content_end]
        )
        if kind == "short" and whole_sentence:
            kind = "long"  # "Every port does." is speech, however short
        found = _attribute(ctx, q_first, q_last, short=kind == "short")
        mention, cue, rule = found.mention, found.cue, found.rule
        if kind == "scare" or (kind == "short" and mention is None):
            spans.append(
                Span(
                    ctx.article_id,
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
        head_words = [i for i in range(s_first, q_first) if not ctx.quoted(i)]
        colon_before = char_before(doc.text, region.start) in (":", ",")
        full = (
            not head_words
            or colon_before
            or (cue is not None and cue < q_first and cue >= q_first - 3)
        )
        category = "direct" if full and kind == "long" else "partial"
        speaker = skind = role = ""
        carried = None
        if mention is None:
            # Consecutive quotes: the same speaker goes on, in the same sentence or
            # paragraph or at the start of the next paragraph.
            s_index = doc.word_sentence[q_first]
            previous = last_quote_in_sentence.get(s_index) or last_quote_in_sentence.get(
                s_index - 1
            )
            if (
                previous is None
                and previous_record is not None
                and _near(doc, previous_record.region, region)
            ):
                previous = previous_record
            if previous is not None and previous.speaker:
                speaker, skind, role = previous.speaker, previous.kind, previous.role
                rule = "previous-quote"
                mention_found = True
                if previous.mention is not None:
                    carried = replace(previous.mention, floating=True)
            else:
                found = _from_neighbour_sentences(ctx, q_first)
                mention, cue, rule = found.mention, found.cue, found.rule
                mention_found = mention is not None
        else:
            mention_found = True
        if mention is not None:
            speaker, skind = resolve(ctx, mention)
            role = mention.role
            if mention.kind != "name":
                ctx.entities.note_speaker(speaker, skind, mention.first)
            carried = _mention_at(doc, mention, floating=rule == "previous-sentence")
        elif not mention_found:
            speaker, skind, role, rule = "", "", "", "unattributed"
        if speaker:
            ctx.speakers.append(SpeakerAt(q_first, speaker, skind))
            if carried is not None:
                ctx.mentions[(region.start, region.end)] = carried
        side = ctx.sides.get(speaker, "")
        spans.append(
            Span(
                ctx.article_id,
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
                speaker_type=skind if speaker else "",
            )
        )
        if cue is not None and cue not in used_cues:
            used_cues.add(cue)
            spans.append(_cue_span(ctx, ctx.cues[cue], speaker, side, skind))
        previous_record = QuoteRecord(region, speaker, skind, role, carried if speaker else None)
        _, end_word = doc.word_range(region.start, region.end)
        last_quote_in_sentence[doc.word_sentence[max(end_word - 1, q_first)]] = previous_record
    ctx.used_cues = used_cues
    return spans


def _fill_from_paragraph(ctx: ArticleContext, spans: list[Span]) -> list[Span]:
    """Give an unattributed quote the last speaker quoted earlier in its paragraph."""
    doc = ctx.doc
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
                carried = ctx.mentions.get((last.start, last.end))
                if carried is not None:
                    ctx.mentions[(span.start, span.end)] = replace(carried, floating=True)
                span = replace(
                    span,
                    speaker=last.speaker,
                    speaker_role=last.speaker_role,
                    side=last.side,
                    speaker_type=last.speaker_type,
                    rule="paragraph-speaker",
                )
        out.append(span)
    return out


def _mention_at(doc: Document, mention: Mention, floating: bool) -> SpeakerMention:
    """The character offsets of a mention."""
    return SpeakerMention(doc.words[mention.first].start, doc.words[mention.last - 1].end, floating)


def _near(doc: Document, previous: QuoteRegion, current: QuoteRegion) -> bool:
    """Whether only an attribution-free gap lies between two quotes (same or next paragraph)."""
    between = doc.text[previous.end : current.start]
    return (
        between.count("\n\n") <= 1
        and len(between.split()) <= 3
        or (between.strip() == "" and between.count("\n") <= 2)
    )


def _from_neighbour_sentences(ctx: ArticleContext, q_first: int) -> Attribution:
    """The subject of the last reporting verb of the previous sentence."""
    doc = ctx.doc
    s_first, _ = ctx.bounds(q_first)
    if s_first > 0:
        p_first, p_last = ctx.bounds(s_first - 1)
        for i in range(p_last - 1, p_first - 1, -1):
            if doc.word_voice[i] == "author" and ctx.cue_at(i):
                m = subject_before(ctx, i, p_first)
                if m:
                    return Attribution(m, None, "previous-sentence")
    return _NONE


def _paragraph_of(doc: Document, offset: int) -> int:
    for index, (start, end) in enumerate(doc.paragraphs):
        if start <= offset < end:
            return index
    return -1


# --------------------------------------------------------------------------- reporting verbs


def _find_cues(doc: Document) -> dict[int, Match]:
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
        if m.entry.term.startswith("continue") and nxt in PAGE_DIRECTIONS:
            continue  # "Story continues below advertisement", "Continue reading"
        if prev in DETERMINERS or (
            base_form
            and prev2 in DETERMINERS
            and prev.isalpha()
            and not prev.endswith("ly")
            and prev not in SUBJECT_SKIP
        ):
            continue
        for i in range(m.first, m.last):
            cues[i] = m
    return cues


def _cue_span(
    ctx: ArticleContext, match: Match, speaker: str, side: str, speaker_type: str
) -> Span:
    return word_span(
        ctx.doc,
        ctx.article_id,
        "reporting_verb",
        match.first,
        match.last,
        match.entry.category,
        voice="author",
        speaker=speaker,
        side=side,
        speaker_type=speaker_type if speaker else "",
        rule=f"{match.entry.lexicon}@{get_lexicon(match.entry.lexicon).version}:{match.entry.line}",
    )


# --------------------------------------------------------------------------- indirect speech


def _that_clause(doc: Document, m: Match, s_last: int, cues: dict[int, Match]) -> int | None:
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
    is_tell = low[m.first] in TELL_VERBS
    if not is_tell and low[first] not in CLAUSE_PREPOSITIONS:
        return None
    for j in range(first + 1, min(s_last, first + (9 if is_tell else 6))):
        noun_use = low[j - 1] in DETERMINERS  # "on a call", "in a statement"
        if doc.word_voice[j] != "author" or (j in cues and not noun_use):
            return None
        if low[j] == "that":
            return j + 1
    return None


def _starts_clause(doc: Document, k: int, s_last: int) -> bool:
    """Whether word ``k`` after *said* opens a clause rather than naming the speaker.

    Lower case opens a clause ("said the company had"); a capitalised run opens
    one when a lower-case word follows it ("said German manufacturers could"),
    but not when a comma or the sentence end does ("said Elena Marsh, head of").
    """
    if not cap(doc.words[k].text):
        return True
    m = name_forward(doc, k, s_last)
    if m is None or m.last >= s_last:
        return False
    return gap(doc, m.last - 1, m.last).strip() == "" and not cap(doc.words[m.last].text)


def _indirect_span(
    ctx: ArticleContext,
    start: int,
    end: int,
    speaker: str,
    speaker_type: str,
    mention: Mention,
    rule: str,
) -> Span:
    """An indirect-speech span: the reported clause, in the author's voice."""
    if speaker:
        ctx.mentions[(start, end)] = _mention_at(ctx.doc, mention, floating=False)
    return Span(
        ctx.article_id,
        "quote",
        start,
        end,
        ctx.doc.text[start:end],
        "author",
        "indirect",
        speaker,
        mention.role,
        ctx.sides.get(speaker, ""),
        rule=rule,
        speaker_mention=mention.text,
        speaker_type=speaker_type if speaker else "",
    )


def _indirect(ctx: ArticleContext) -> list[Span]:
    """Indirect speech: verb + clause, inverted attributions, and "according to X"."""
    out: list[Span] = []
    seen_starts: set[int] = set()
    out += _verb_clauses(ctx, seen_starts)
    out += _according_to(ctx, seen_starts)
    return out


def _inverted(ctx: ArticleContext, m: Match, s_first: int, s_last: int) -> list[Span]:
    """'That's exactly the point, says Whitcombe's camp.': the clause before the verb."""
    doc = ctx.doc
    i = m.first
    mention = speaker_after(ctx, m.last - 1, s_last)
    if mention is None:
        return []
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
    if not (first < last and doc.word_voice[first] == "author"):
        return []
    speaker, kind = resolve(ctx, mention)
    start, end = doc.words[first].start, doc.words[last - 1].end
    side = ctx.sides.get(speaker, "")
    return [
        _indirect_span(ctx, start, end, speaker, kind, mention, "indirect:inverted"),
        _cue_span(ctx, m, speaker, side, kind),
    ]


def _bare_clause_start(ctx: ArticleContext, m: Match, s_last: int) -> int | None:
    """Start of a clause right after *said* with no *that* ("Grieve said the company had")."""
    doc = ctx.doc
    low = doc.lowered
    nxt = m.last
    between = doc.text[doc.words[m.last - 1].end : doc.words[nxt].start]
    at_least = (
        low[nxt] in ("at", "up") and nxt + 1 < s_last and low[nxt + 1] in ("least", "most", "to")
    )
    clause = (low[nxt] in CLAUSE_STARTERS or _starts_clause(doc, nxt, s_last)) and low[
        nxt
    ] not in CLAUSE_PREPOSITIONS | {"that"}
    if between.strip() == "" and doc.word_voice[nxt] == "author" and (at_least or clause):
        return nxt
    return None


def _verb_clauses(ctx: ArticleContext, seen_starts: set[int]) -> list[Span]:
    """A reporting verb with a that-clause or a bare clause, or an inverted attribution."""
    doc = ctx.doc
    low = doc.lowered
    cues = ctx.cues
    out: list[Span] = []
    for i in sorted(cues):
        m = cues[i]
        if m.first != i or i in ctx.used_cues or low[i] in PARTIAL_QUOTE_CUES:
            continue
        s_first, s_last = ctx.bounds(i)
        content_first = _that_clause(doc, m, s_last, cues)
        if (
            content_first is None
            and low[i] in BARE_CLAUSE_CUES
            and i > s_first
            and "," in gap(doc, i - 1, i)
            and 1 <= s_last - m.last <= 4
        ):
            inverted = _inverted(ctx, m, s_first, s_last)
            if inverted:
                seen_starts.add(inverted[0].start)
                out += inverted
            continue
        if content_first is None and low[i] in BARE_CLAUSE_CUES and m.last < s_last:
            content_first = _bare_clause_start(ctx, m, s_last)
        if content_first is None or content_first >= s_last:
            continue
        if doc.word_voice[content_first] != "author":
            continue  # "told the Herald that "...": the direct quote carries it
        content_last = content_first
        while content_last < s_last and doc.word_voice[content_last] == "author":
            content_last += 1
        mention = subject_before(ctx, i, s_first)
        if mention is None:
            continue
        passive = i > 0 and low[i - 1] in ("is", "was", "are", "were", "been", "be")
        if mention.kind == "pronoun" and mention.text == "it" and passive:
            continue  # "it is estimated that": an agentless hedge, not a source
        speaker, kind = resolve(ctx, mention)
        if not speaker:
            continue
        start = doc.words[content_first].start
        end = doc.words[content_last - 1].end
        if start in seen_starts:
            continue
        seen_starts.add(start)
        ctx.speakers.append(SpeakerAt(i, speaker, kind))
        if mention.kind != "name":
            ctx.entities.note_speaker(speaker, kind, mention.first)
        side = ctx.sides.get(speaker, "")
        out.append(_indirect_span(ctx, start, end, speaker, kind, mention, "indirect:verb-clause"))
        out.append(_cue_span(ctx, m, speaker, side, kind))
    return out


def _according_to(ctx: ArticleContext, seen_starts: set[int]) -> list[Span]:
    """'According to X, <clause>' and '<clause>, according to X.'."""
    doc = ctx.doc
    low = doc.lowered
    out: list[Span] = []
    for i in range(len(doc.words) - 1):
        if low[i] != "according" or low[i + 1] != "to" or doc.word_voice[i] != "author":
            continue
        s_first, s_last = ctx.bounds(i)
        mention = ctx.sources_by_first.get(i + 2) or phrase_until_comma(doc, i + 2, s_last)
        if mention is None:
            continue
        if i == s_first:
            j = mention.last
            while j < s_last and "," not in gap(doc, j - 1, j):
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
        speaker, kind = resolve(ctx, mention)
        start, end = doc.words[first].start, doc.words[last - 1].end
        if start in seen_starts:
            continue
        seen_starts.add(start)
        out.append(_indirect_span(ctx, start, end, speaker, kind, mention, "indirect:according-to"))
    return out
