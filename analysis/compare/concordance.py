"""Keyword in context: every occurrence of a word, or every span of a kind, with context.

Reads a scored run's analysed texts and spans. A word is matched in any case, as a
whole word (a phrase may span several words); occurrences inside boilerplate are
left out, as they are of every count.
"""

from __future__ import annotations

import re

import pandas as pd

CONCORDANCE_COLUMNS = [
    "outlet",
    "event",
    "article_id",
    "start",
    "end",
    "left",
    "match",
    "right",
    "kind",
    "category",
    "voice",
]


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    flat = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    return (
        flat(text[max(0, start - width) : start]),
        flat(text[start:end]),
        flat(text[end : end + width]),
    )


def concordance(
    texts: pd.DataFrame,
    spans: pd.DataFrame,
    term: str | None = None,
    kind: str | None = None,
    width: int = 60,
) -> pd.DataFrame:
    """Occurrences of ``term`` in the texts, or the spans of ``kind``, with context.

    Args:
        texts: a run's texts (``id``, ``outlet``, ``event``, ``text``).
        spans: the same articles' spans (for boilerplate, and for ``kind``).
        term: a word or phrase, matched in any case as whole words.
        kind: a span kind (``loaded``, ``quote``, ...), instead of a term.
        width: characters of context on each side.
    """
    rows = []
    place = texts.set_index("id")
    if kind:
        for s in spans[spans["kind"] == kind].itertuples():
            row = place.loc[s.article_id]
            left, match, right = _context(str(row.text), int(s.start), int(s.end), width)
            rows.append(
                [
                    row.outlet,
                    row.event,
                    s.article_id,
                    int(s.start),
                    int(s.end),
                    left,
                    match,
                    right,
                    s.kind,
                    s.category,
                    s.voice,
                ]
            )
    elif term:
        words = [re.escape(w) for w in term.split()]
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
        boiler = spans[spans["kind"] == "boilerplate"]
        for row in texts.itertuples():
            excluded = [
                (int(b.start), int(b.end))
                for b in boiler[boiler["article_id"] == row.id].itertuples()
            ]
            text = str(row.text)
            for m in pattern.finditer(text):
                if any(a <= m.start() < b for a, b in excluded):
                    continue
                left, match, right = _context(text, m.start(), m.end(), width)
                rows.append(
                    [
                        row.outlet,
                        row.event,
                        row.id,
                        m.start(),
                        m.end(),
                        left,
                        match,
                        right,
                        "term",
                        "",
                        "",
                    ]
                )
    return pd.DataFrame(rows, columns=CONCORDANCE_COLUMNS)


def format_concordance(table: pd.DataFrame, width: int = 60) -> str:
    """Aligned lines for a terminal: outlet, right-aligned left context, match, right context."""
    from analysis.names import terminal_safe

    if table.empty:
        return "no occurrences"
    lines = []
    for row in table.itertuples():
        lines.append(
            f"{terminal_safe(row.outlet)[:18]:<18} {terminal_safe(row.left)[-width:]:>{width}} "
            f"[{terminal_safe(row.match)}] {terminal_safe(row.right)[:width]}"
        )
    return "\n".join(lines)
