"""Evidence views: the articles of one event side by side, every span marked.

:func:`render_event_html` writes one standalone HTML page from a template with
autoescape (inline CSS and one inline script, no external file), so it opens
offline and can be mailed or archived with a report. Each outlet is a column;
within an article, loaded terms, hedges, boosters, scare quotes and anonymous
sources are marked, quotes are shaded by the side of their speaker, and
boilerplate the hygiene stage left out of every count is greyed. Hovering a mark
shows its kind, category and the rule that found it; hovering a quote shows its
speaker, role, side and type. A keyword-in-context (KWIC) box lists every
occurrence of a word, or every span of one kind, with its context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

MARK_KINDS = ("loaded", "hedge", "booster", "scare_quote", "anonymous_source")
MARK_STYLE = {
    "loaded": "text-decoration: underline 2px #D55E00; text-underline-offset: 2px;",
    "hedge": "border-bottom: 2px dotted #0072B2;",
    "booster": "border-bottom: 2px solid #E69F00;",
    "scare_quote": "outline: 1px dashed #CC79A7;",
    "anonymous_source": "font-style: italic; border-bottom: 2px double #009E73;",
    "boilerplate": "color: #999; background: #f4f4f4;",
}
LEGEND = {
    "loaded": "loaded term",
    "hedge": "hedge",
    "booster": "booster",
    "scare_quote": "scare quote",
    "anonymous_source": "anonymous or vague source",
    "boilerplate": "boilerplate (left out of every count)",
}
KWIC_KINDS = (*MARK_KINDS, "quote", "reporting_verb", "boilerplate")


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _segments(text: str, spans: pd.DataFrame):
    """Cut the text at every span boundary; yield (start, end, active spans)."""
    bounds = {0, len(text)}
    for s, e in zip(spans["start"], spans["end"], strict=True):
        bounds.update((int(s), int(e)))
    cuts = sorted(b for b in bounds if 0 <= b <= len(text))
    rows = list(spans.itertuples())
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        yield a, b, [r for r in rows if r.start <= a and b <= r.end]


def article_segments(
    text: str, spans: pd.DataFrame, side_colors: Mapping[str, str]
) -> list[list[dict]]:
    """An article as paragraphs of segments: each its text, marks and hover titles.

    Returns a list of paragraphs; each paragraph a list of ``{"text", "marks",
    "quote"}`` dicts, where ``marks`` is a list of ``(kind, title)`` and ``quote``
    ``None`` or ``{"color", "title"}``. The template escapes every string.
    """
    spans = spans[spans["kind"].isin((*MARK_KINDS, "quote", "boilerplate"))]
    paragraphs: list[list[dict]] = [[]]
    for a, b, active in _segments(text, spans):
        marks = [
            (s.kind, f"{LEGEND[s.kind]}: {_text(s.category)} ({_text(s.rule)})")
            for s in active
            if s.kind != "quote"
        ]
        quote = next((s for s in active if s.kind == "quote"), None)
        shade = None
        if quote is not None:
            side = _text(quote.side)
            who = _text(quote.speaker) or "unknown"
            role = f", {_text(quote.speaker_role)}" if _text(quote.speaker_role) else ""
            shade = {
                "color": side_colors.get(side, "#DDDDDD"),
                "title": f"{quote.category} quote: {who}{role}; side: {side or 'none'}",
            }
        pieces = text[a:b].split("\n\n")
        for k, piece in enumerate(pieces):
            if k:
                paragraphs.append([])
            lines = piece.split("\n")
            for j, line in enumerate(lines):
                paragraphs[-1].append(
                    {"text": line, "marks": marks, "quote": shade, "br": j < len(lines) - 1}
                )
    return paragraphs


def render_article(text: str, spans: pd.DataFrame, side_colors: Mapping[str, str]) -> str:
    """One article's text as HTML (escaped), with spans marked segment by segment."""
    from analysis.report.index import environment

    macro = environment().get_template("_article.j2").module.article  # type: ignore[attr-defined]
    return str(macro(article_segments(text, spans, side_colors)))


def kwic_spans(spans: pd.DataFrame, texts: pd.DataFrame, width: int = 60) -> list[dict]:
    """Every span of the KWIC kinds with its left and right context (for the page's filter)."""
    text_of = dict(zip(texts["id"], texts["text"], strict=True))
    outlet_of = dict(zip(texts["id"], texts["outlet"], strict=True))
    out = []
    for s in spans[spans["kind"].isin(KWIC_KINDS)].itertuples():
        text = str(text_of.get(s.article_id, ""))
        start, end = int(s.start), int(s.end)
        out.append(
            {
                "kind": s.kind,
                "category": _text(s.category),
                "article": s.article_id,
                "outlet": outlet_of.get(s.article_id, ""),
                "left": text[max(0, start - width) : start].replace("\n", " "),
                "match": text[start:end].replace("\n", " "),
                "right": text[end : end + width].replace("\n", " "),
            }
        )
    return out


def render_event_html(
    event: str,
    articles: pd.DataFrame,
    spans: pd.DataFrame,
    outlets: Sequence[str],
    side_colors: Mapping[str, str],
    caption: str = "",
    styles: Mapping | None = None,
) -> str:
    """A standalone page with the event's articles side by side, one column per outlet.

    ``articles`` holds ``id``, ``outlet``, ``title`` and ``text`` (the analysed
    text the spans point into).
    """
    from analysis.report.index import environment

    columns = []
    for outlet in outlets:
        items = []
        for row in articles[articles["outlet"] == outlet].itertuples():
            article_spans = spans[spans["article_id"] == row.id]
            items.append(
                {
                    "id": row.id,
                    "title": _text(row.title) or row.id,
                    "paragraphs": article_segments(str(row.text), article_spans, side_colors),
                }
            )
        columns.append({"outlet": outlet, "articles": items})
    return (
        environment()
        .get_template("evidence.html.j2")
        .render(
            event=event,
            caption=caption,
            columns=columns,
            legend=LEGEND,
            mark_style=MARK_STYLE,
            sides={s: c for s, c in side_colors.items() if s},
            kwic=kwic_spans(spans, articles),
            kwic_kinds=KWIC_KINDS,
        )
    )
