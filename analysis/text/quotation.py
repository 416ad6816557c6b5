"""Quotation regions: the line between the author's voice and quoted voice.

They cope with curly and straight double quotes, single quotes used as inner
quotes (told apart from apostrophes: don't, the '90s, workers'), quotes running
over several paragraphs with the opening mark repeated and the closing mark left
out, and unbalanced marks, which are flagged as :class:`TextIssue` and never
allowed to swallow more than the paragraph they open in.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

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
_SINGLE_MARK_RE = re.compile("[" + re.escape(SINGLE_MARKS) + "]")
_DOUBLE_MARK_RE = re.compile("[" + re.escape(DOUBLE_MARKS) + "]")


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
    text: str, paragraphs: list[tuple[int, int]]
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
