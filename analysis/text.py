"""Offline text segmentation: paragraphs, sentences, word tokens, quotation regions.

Everything here works on a plain string and returns character offsets into that
string (end exclusive), so any span can be cut back out with ``text[start:end]``.
NLTK's Punkt sentence splitter runs with abbreviation parameters written in this
module; no NLTK data is downloaded or needed.

Quotation regions split an article into *author voice* and *quoted voice*. They
cope with curly and straight double quotes, single quotes used as inner quotes
(told apart from apostrophes: don't, the '90s, workers'), quotes running over
several paragraphs with the opening mark repeated and the closing mark left out,
and unbalanced marks, which are flagged in :attr:`Document.issues` and never
allowed to swallow more than the paragraph they open in.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

# Abbreviations that end in a period but rarely end a sentence (lower case, no final
# period, as Punkt stores them). Written for this project from news usage.
_ABBREVIATION_TEXT = """
mr mrs ms mx dr prof sen rep reps gov lt col gen maj capt cmdr adm sgt cpl pvt rev hon pres
supt insp det amb messrs mme mlle jr sr st ave blvd rd mt ft
co corp inc ltd llc plc bros dept univ assn est approx vs cf al fig vol nos
jan feb mar apr jun jul aug sep sept oct nov dec
mon tue tues wed thu thur thurs fri sat sun
u.s u.k u.n e.u u.s.a d.c a.m p.m i.e e.g ph.d b.a m.a m.d n.y l.a
ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
neb nev okla ore pa tenn tex va vt wash wis wyo
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())

DOUBLE_OPEN = "\u201c\u201e\u201f\u00ab"  # “ „ ‟ «
DOUBLE_CLOSE = "\u201d\u00bb"  # ” »
DOUBLE_STRAIGHT = '"'
SINGLE_OPEN = "\u2018\u201a\u2039"  # ‘ ‚ ‹
SINGLE_CLOSE = "\u2019\u203a"  # ’ ›
SINGLE_STRAIGHT = "'"
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_STRAIGHT
SINGLE_MARKS = SINGLE_OPEN + SINGLE_CLOSE + SINGLE_STRAIGHT
_OPEN_CONTEXT = "([{\u2014\u2013-/" + DOUBLE_OPEN + SINGLE_OPEN  # chars that may precede an opener
_CLOSE_CONTEXT = ".,;:!?)]}\u2014\u2013-/\u2026" + DOUBLE_MARKS + SINGLE_MARKS
# Words that begin with an apostrophe (elisions), so a mark before them opens nothing.
MAX_BLOCK_GAP = 4  # paragraphs an unmarked block quote may run before its closing mark
UNCLOSED_MESSAGE = (
    "opening quotation mark is never closed; the quote is taken to end with its paragraph"
)
STRAY_CLOSER_MESSAGE = "closing quotation mark with no opening mark; treated as author voice"
_ELISIONS = frozenset({"em", "til", "tis", "twas", "cause", "n", "round", "bout", "nuff"})

# Word tokens: letters/digits with inner apostrophes, hyphens and decimal points;
# every other non-space character is its own token.
_WORD_PATTERN = r"[^\W_]+(?:(?:['\u2019\u2010\u2011-]|[.,](?=\d))[^\W_]+)*%?"
_TOKEN_PATTERN = _WORD_PATTERN + r"|[^\w\s]|_+"
_TOKEN_RE = re.compile(_TOKEN_PATTERN)
_WORD_RE = re.compile(_WORD_PATTERN)
_SENTENCE_END_RE = re.compile(r"[.?!]")
_CLOSING_TAIL_RE = re.compile(r"[\"'\u2019\u201d\u00bb)\]]*")
_SINGLE_MARK_RE = re.compile("[" + re.escape(SINGLE_MARKS) + "]")
_DOUBLE_MARK_RE = re.compile("[" + re.escape(DOUBLE_MARKS) + "]")


@dataclass(frozen=True)
class Sentence:
    """A sentence: offsets into the text and the index of its paragraph."""

    start: int
    end: int
    paragraph: int


class Token(NamedTuple):
    """A token with offsets; ``is_word`` is true when it holds a letter or digit."""

    start: int
    end: int
    text: str
    is_word: bool


@dataclass(frozen=True)
class QuoteRegion:
    """A stretch of text inside quotation marks.

    Attributes:
        start, end: from the opening mark to just after the closing mark (or to the
            end of the paragraph where an unclosed quote was cut off).
        content_start, content_end: the words between the marks.
        level: 1 for a top-level quote, 2 for a quote inside a quote.
        mark: ``"double"`` or ``"single"``.
        closed: false when no closing mark was found.
        paragraphs: how many paragraphs the quote runs over.
    """

    start: int
    end: int
    content_start: int
    content_end: int
    level: int
    mark: str
    closed: bool
    paragraphs: int = 1


@dataclass(frozen=True)
class TextIssue:
    """Something odd in the typography, with where it is."""

    offset: int
    message: str


@dataclass
class Document:
    """A segmented article: the text and every layer of offsets computed from it."""

    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[Sentence]
    quotes: list[QuoteRegion]
    issues: list[TextIssue] = field(default_factory=list)

    def __post_init__(self) -> None:
        top = [q for q in self.quotes if q.level == 1]
        self._top_starts = [q.start for q in top]
        self._top = top

    def quote_at(self, offset: int) -> QuoteRegion | None:
        """Return the top-level quotation region that contains ``offset``, if any."""
        i = bisect.bisect_right(self._top_starts, offset) - 1
        if i >= 0 and self._top[i].start <= offset < self._top[i].end:
            return self._top[i]
        return None

    def voice_at(self, offset: int) -> str:
        """``"quoted"`` inside a top-level quotation region, else ``"author"``."""
        return "quoted" if self.quote_at(offset) is not None else "author"

    @cached_property
    def tokens(self) -> list[Token]:
        """Word and punctuation tokens (detectors work on ``words``)."""
        return tokenize(self.text)

    @cached_property
    def words(self) -> list[Token]:
        """Word tokens only (no punctuation): the word tokens of ``tokens``."""
        return word_tokens(self.text)

    @cached_property
    def lowered(self) -> list[str]:
        """Lower-cased text of each word token (what lexicons match against)."""
        if self.text.isascii():
            # ASCII lower-casing keeps lengths and word boundaries: scan the lowered text.
            return _WORD_RE.findall(self.text.lower())
        return [t.text.lower() for t in self.words]

    @cached_property
    def word_sentence(self) -> list[int]:
        """Index of the sentence each word token belongs to (-1 if none)."""
        # Words and sentences are both in text order: one merge pass.
        sentences = self.sentences
        out = []
        i, n = -1, len(sentences)
        for start in self.word_starts:
            while i + 1 < n and sentences[i + 1].start <= start:
                i += 1
            out.append(i if i >= 0 and start < sentences[i].end else -1)
        return out

    @cached_property
    def sentence_runs(self) -> tuple[list[int], list[int]]:
        """For each word, the first and the past-the-last word index of its sentence.

        A sentence here is a run of words with the same ``word_sentence`` value.
        """
        sentence = self.word_sentence
        n = len(sentence)
        firsts, ends = [0] * n, [n] * n
        for i in range(1, n):
            firsts[i] = firsts[i - 1] if sentence[i] == sentence[i - 1] else i
        for i in range(n - 2, -1, -1):
            ends[i] = ends[i + 1] if sentence[i] == sentence[i + 1] else i + 1
        return firsts, ends

    @cached_property
    def word_voice(self) -> list[str]:
        """``author`` or ``quoted`` for each word token."""
        voices = ["author"] * len(self.words)
        starts = self.word_starts
        for q in self._top:
            for i in range(bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)):
                voices[i] = "quoted"
        return voices

    @cached_property
    def word_starts(self) -> list[int]:
        """Start offset of each word token."""
        return [w.start for w in self.words]

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices (first, last exclusive) of the word tokens inside ``[start, end)``."""
        return (
            bisect.bisect_left(self.word_starts, start),
            bisect.bisect_left(self.word_starts, end),
        )

    @property
    def authorial_words(self) -> int:
        """Number of words in the author's voice."""
        return self.word_voice.count("author")

    @property
    def quoted_words(self) -> int:
        """Number of words inside quotation marks."""
        return self.word_voice.count("quoted")


# --------------------------------------------------------------------------- segmentation


@lru_cache(maxsize=1)
def _sentence_splitter() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets, without surrounding whitespace.

    Text with blank lines between blocks (Markdown) splits at blank lines, so hard
    wrapped lines stay one paragraph; text without blank lines (web extracts, wire
    copy) splits at every line break.
    """
    separator = r"\n[ \t]*\n\s*" if re.search(r"\n[ \t]*\n", text) else r"\n\s*"
    paragraphs = []
    pos = 0
    for match in [*re.finditer(separator, text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        # A line of only punctuation (" ." in some web extracts) separates paragraphs.
        if stripped and any(ch.isalnum() for ch in stripped):
            lead = len(chunk) - len(chunk.lstrip())
            paragraphs.append((pos + lead, pos + lead + len(stripped)))
        if match:
            pos = match.end()
    return paragraphs


def split_sentences(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentence offsets; a sentence never crosses a paragraph boundary."""
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    splitter = _sentence_splitter()
    sentences = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        chunk = text[p_start:p_end]
        # Punkt breaks only after . ? or !; a paragraph with none of them, or with one
        # followed only by closing marks, is one sentence (four paragraphs in ten).
        end_mark = _SENTENCE_END_RE.search(chunk)
        if end_mark is None or _CLOSING_TAIL_RE.fullmatch(chunk, end_mark.end()):
            spans = [(0, len(chunk))]
        else:
            spans = splitter.span_tokenize(chunk)
        for s_start, s_end in spans:
            piece = chunk[s_start:s_end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if s_end - trail > s_start + lead:
                sentences.append(Sentence(p_start + s_start + lead, p_start + s_end - trail, index))
    return sentences


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens with offsets.

    The pattern is NLTK ``RegexpTokenizer``-style; it runs through ``re`` directly
    because NLTK's wrapper costs a third of the whole pipeline's time.
    """
    # Word tokens start with a letter or digit; every other token is one mark.
    # Separators such as U+001F, which the regex does not call space, are skipped.
    # tuple.__new__ builds each Token in C; Token(...) would run Python code per token.
    new = tuple.__new__
    return [
        new(Token, (*match.span(), piece, piece[0].isalnum()))
        for match in _TOKEN_RE.finditer(text)
        if not (piece := match.group()).isspace()
    ]


def word_tokens(text: str) -> list[Token]:
    """The word tokens of ``tokenize(text)``, found without making the others.

    The word alternative comes first in the token pattern and the others never
    contain a letter or digit, so scanning for words alone finds the same words.
    """
    new = tuple.__new__
    return [new(Token, (*match.span(), match.group(), True)) for match in _WORD_RE.finditer(text)]


def count_words(text: str) -> int:
    """Number of word tokens in ``text`` (the unit of every per-1,000-words rate)."""
    return sum(1 for _ in _WORD_RE.finditer(text))


# --------------------------------------------------------------------------- quotation


def _prev(text: str, pos: int, floor: int) -> str:
    return text[pos - 1] if pos > floor else ""


def _next(text: str, pos: int, ceiling: int) -> str:
    return text[pos + 1] if pos + 1 < ceiling else ""


def _opens_by_context(prev: str, nxt: str) -> bool:
    return (
        (prev == "" or prev.isspace() or prev in _OPEN_CONTEXT) and nxt != "" and not nxt.isspace()
    )


def _closes_by_context(prev: str, nxt: str) -> bool:
    return (
        prev != "" and not prev.isspace() and (nxt == "" or nxt.isspace() or nxt in _CLOSE_CONTEXT)
    )


def _double_role(text: str, pos: int, floor: int, ceiling: int, inside: bool) -> str:
    """Decide whether the double mark at ``pos`` opens or closes a quote."""
    ch = text[pos]
    prev, nxt = _prev(text, pos, floor), _next(text, pos, ceiling)
    opens, closes = _opens_by_context(prev, nxt), _closes_by_context(prev, nxt)
    if ch in DOUBLE_OPEN:
        # A curly opener where only a closer makes sense is a typing error.
        return "close" if inside and closes and not opens else "open"
    if ch in DOUBLE_CLOSE:
        return "open" if not inside and opens and not closes else "close"
    if inside:
        return "open" if opens and not closes else "close"
    return "close" if closes and not opens else "open"


def _is_single_opener(text: str, pos: int, floor: int, ceiling: int) -> bool:
    ch = text[pos]
    if ch not in SINGLE_OPEN and ch != SINGLE_STRAIGHT:
        return False
    prev, nxt = _prev(text, pos, floor), _next(text, pos, ceiling)
    if not _opens_by_context(prev, nxt):
        return False
    word = re.match(r"[^\W_]+", text[pos + 1 : ceiling])
    if word:
        w = word.group(0).lower()
        if w in _ELISIONS or re.fullmatch(r"\d\ds?", w):  # 'em, 'til, the '90s
            return False
    return True


def _is_single_closer(text: str, pos: int, floor: int, ceiling: int) -> bool:
    ch = text[pos]
    if ch not in SINGLE_CLOSE and ch != SINGLE_STRAIGHT:
        return False
    prev, nxt = _prev(text, pos, floor), _next(text, pos, ceiling)
    return _closes_by_context(prev, nxt)


def _single_regions(
    text: str, floor: int, ceiling: int, level: int, blocked: list[tuple[int, int]]
) -> list[QuoteRegion]:
    """Pair single quotation marks between ``floor`` and ``ceiling``.

    An opener pairs with the first closer after it; an opener with no closer is an
    apostrophe. Regions never cross a ``blocked`` span (a double-quoted region).
    """
    regions = []
    marks = [m.start() for m in _SINGLE_MARK_RE.finditer(text, floor, ceiling)]
    if len(marks) < 2:
        return regions
    closers = [j for j in marks if _is_single_closer(text, j, floor, ceiling)]
    index = 0
    while index < len(marks):
        pos = marks[index]
        index += 1
        if not _is_single_opener(text, pos, floor, ceiling) or _inside(pos, blocked):
            continue
        limit = min([b[0] for b in blocked if b[0] > pos] + [ceiling])
        k = bisect.bisect_left(closers, pos + 2)
        if k < len(closers) and closers[k] < limit:
            closer = closers[k]
            regions.append(QuoteRegion(pos, closer + 1, pos + 1, closer, level, "single", True))
            index = bisect.bisect_right(marks, closer)
    return regions


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def find_quotes(
    text: str, paragraphs: list[tuple[int, int]] | None = None
) -> tuple[list[QuoteRegion], list[TextIssue]]:
    """Find quotation regions and typography issues.

    Double quotation marks are paired one paragraph at a time. A quote still open at
    the end of a paragraph continues when the next paragraph opens with a quotation
    mark (news style for quotes over several paragraphs); otherwise it is flagged
    and ended with its paragraph. A closing mark with no opener, up to
    :data:`MAX_BLOCK_GAP` paragraphs after an unclosed quote and with no other
    double mark between, closes that quote (block quotes whose middle paragraphs
    carry no marks). Curly openers inside an open quote nest; a straight opener
    there means the previous quote lost its closing mark.

    Returns:
        The regions sorted by start (top-level regions never overlap; an inner
        region lies inside its top-level region), and the issues found.
    """
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    issues: list[TextIssue] = []
    top: list[QuoteRegion] = []
    inner: list[QuoteRegion] = []
    top_paragraph: list[int] = []  # paragraph index where each top region starts
    stack: list[dict] = []  # open double quotes, outermost first

    def close_unclosed(end: int) -> None:
        outer = stack[0]
        issues.append(TextIssue(outer["start"], UNCLOSED_MESSAGE))
        end = max(end, outer["start"] + 1)
        top.append(
            QuoteRegion(
                outer["start"],
                end,
                outer["start"] + 1,
                end,
                1,
                "double",
                False,
                outer["paragraphs"],
            )
        )
        top_paragraph.append(outer["paragraph"])
        stack.clear()

    for index, (p_start, p_end) in enumerate(paragraphs):
        pos = p_start
        if stack:
            if (
                text[p_start] in DOUBLE_MARKS
                and _double_role(text, p_start, p_start, p_end, inside=False) == "open"
            ):
                del stack[1:]  # nested quotes do not run across paragraphs
                stack[0]["paragraphs"] += 1
                pos = p_start + 1
            else:
                close_unclosed(paragraphs[index - 1][1])
        for mark in _DOUBLE_MARK_RE.finditer(text, pos, p_end):
            pos = mark.start()
            ch = text[pos]
            role = _double_role(text, pos, p_start, p_end, inside=bool(stack))
            if not stack:
                if role == "open":
                    stack.append({"start": pos, "paragraphs": 1, "paragraph": index})
                elif (
                    top
                    and not top[-1].closed
                    and top[-1].mark == "double"
                    and index - top_paragraph[-1] <= MAX_BLOCK_GAP
                ):
                    last = top.pop()
                    issues[:] = [i for i in issues if i.offset != last.start]
                    top.append(
                        QuoteRegion(
                            last.start,
                            pos + 1,
                            last.content_start,
                            pos,
                            1,
                            "double",
                            True,
                            index - top_paragraph[-1] + 1,
                        )
                    )
                else:
                    issues.append(TextIssue(pos, STRAY_CLOSER_MESSAGE))
            elif role == "close":
                opened = stack.pop()
                if stack:
                    inner.append(
                        QuoteRegion(
                            opened["start"], pos + 1, opened["start"] + 1, pos, 2, "double", True
                        )
                    )
                else:
                    top.append(
                        QuoteRegion(
                            opened["start"],
                            pos + 1,
                            opened["start"] + 1,
                            pos,
                            1,
                            "double",
                            True,
                            opened["paragraphs"],
                        )
                    )
                    top_paragraph.append(opened["paragraph"])
            elif ch in DOUBLE_OPEN or _straight_nests(text, pos, p_end):
                stack.append({"start": pos, "paragraphs": 1, "paragraph": index})
            else:
                # A straight opener inside an open quote: the open quote lost its closer.
                close_unclosed(_last_nonspace(text, stack[0]["start"], pos))
                stack.append({"start": pos, "paragraphs": 1, "paragraph": index})
            pos += 1
        if stack and index == len(paragraphs) - 1:
            close_unclosed(p_end)
    # Single quotes: inner quotes inside double quotes, and top-level single quotes
    # (headlines, British style, scare quotes) outside them, one paragraph at a time.
    regions = list(top) + inner
    blocked = [(q.start, q.end) for q in top]
    for q in top:
        nested = [(r.start, r.end) for r in inner if q.start <= r.start < q.end]
        regions.extend(_single_regions(text, q.content_start, q.content_end, 2, nested))
    for p_start, p_end in paragraphs:
        regions.extend(_single_regions(text, p_start, p_end, 1, blocked))
    regions.sort(key=lambda q: (q.start, q.level))
    return regions, issues


def _straight_nests(text: str, pos: int, p_end: int) -> bool:
    """Whether a straight opener inside an open quote starts a nested quote.

    It nests when an even, non-zero number of straight marks follows it in the
    paragraph (its own closer plus the outer quote's); an odd number means the
    outer quote lost its closing mark.
    """
    rest = text.count(DOUBLE_STRAIGHT, pos + 1, p_end)
    return text[pos] == DOUBLE_STRAIGHT and rest >= 2 and rest % 2 == 0


def _last_nonspace(text: str, floor: int, pos: int) -> int:
    end = pos
    while end > floor + 1 and text[end - 1].isspace():
        end -= 1
    return end


def segment(text: str) -> Document:
    """Segment an article into paragraphs, sentences, tokens and quotation regions."""
    paragraphs = split_paragraphs(text)
    quotes, issues = find_quotes(text, paragraphs)
    return Document(
        text=text,
        paragraphs=paragraphs,
        sentences=split_sentences(text, paragraphs),
        quotes=quotes,
        issues=issues,
    )
