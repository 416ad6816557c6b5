"""Evidence views: the articles of one event side by side, every span highlighted.

:func:`render_event_html` writes one standalone HTML page (inline CSS, no script,
no external file), so it opens offline and can be mailed or archived with a
report. Each outlet is a column; within an article, loaded terms, hedges,
boosters, scare quotes and anonymous sources are marked, quotes are shaded by
the side of their speaker, and hovering a quote shows its speaker, role, side
and type. Hovering any mark shows its kind, category and the rule that found it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd

MARK_KINDS = ("loaded", "hedge", "booster", "scare_quote", "anonymous_source")
MARK_STYLE = {
    "loaded": "text-decoration: underline 2px #D55E00; text-underline-offset: 2px;",
    "hedge": "border-bottom: 2px dotted #0072B2;",
    "booster": "border-bottom: 2px solid #E69F00;",
    "scare_quote": "outline: 1px dashed #CC79A7;",
    "anonymous_source": "font-style: italic; border-bottom: 2px double #009E73;",
}
LEGEND = {
    "loaded": "loaded term",
    "hedge": "hedge",
    "booster": "booster",
    "scare_quote": "scare quote",
    "anonymous_source": "anonymous or vague source",
}


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


def render_article(text: str, spans: pd.DataFrame, side_colors: Mapping[str, str]) -> str:
    """One article's text as HTML, with spans marked segment by segment."""
    spans = spans[spans["kind"].isin((*MARK_KINDS, "quote"))]
    parts = []
    for a, b, active in _segments(text, spans):
        piece = html.escape(text[a:b]).replace("\n\n", "</p><p>").replace("\n", "<br>")
        for span in active:
            if span.kind == "quote":
                continue
            title = f"{LEGEND[span.kind]}: {span.category or ''} ({span.rule})"
            piece = f'<span class="mark {span.kind}" title="{html.escape(title)}">{piece}</span>'
        quote = next((s for s in active if s.kind == "quote"), None)
        if quote is not None:
            side = quote.side if isinstance(quote.side, str) and quote.side else ""
            color = side_colors.get(side, "#DDDDDD")
            who = quote.speaker if isinstance(quote.speaker, str) and quote.speaker else "unknown"
            role = (
                f", {quote.speaker_role}"
                if isinstance(quote.speaker_role, str) and quote.speaker_role
                else ""
            )
            title = f"{quote.category} quote: {who}{role}; side: {side or 'none'}"
            piece = (
                f'<span class="quote" style="background:{color}33" '
                f'title="{html.escape(title)}">{piece}</span>'
            )
        parts.append(piece)
    return "<p>" + "".join(parts) + "</p>"


def render_event_html(
    event: str,
    articles: pd.DataFrame,
    spans: pd.DataFrame,
    outlets: Sequence[str],
    side_colors: Mapping[str, str],
    caption: str = "",
    styles: Mapping | None = None,
) -> str:
    """A standalone page with the event's articles side by side, one column per outlet."""
    css = "\n".join(f".{k} {{{v}}}" for k, v in MARK_STYLE.items())
    legend = " ".join(f'<span class="mark {k}">{html.escape(v)}</span>' for k, v in LEGEND.items())
    sides = " ".join(
        f'<span class="quote" style="background:{c}33">quote: {html.escape(s)}</span>'
        for s, c in side_colors.items()
        if s
    )
    columns = []
    for outlet in outlets:
        items = []
        for row in articles[articles["outlet"] == outlet].itertuples():
            article_spans = spans[spans["article_id"] == row.id]
            title = html.escape(str(row.title)) if isinstance(row.title, str) else row.id
            items.append(
                f'<article><h3>{title}</h3><p class="meta">{html.escape(row.id)}'
                f"</p>{render_article(str(row.text), article_spans, side_colors)}"
                "</article>"
            )
        columns.append(f"<section><h2>{html.escape(outlet)}</h2>{''.join(items)}</section>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Evidence: {html.escape(event)}</title>
<style>
body {{ font-family: Georgia, serif; margin: 1rem; line-height: 1.5; color: #222; }}
header {{ font-family: sans-serif; margin-bottom: 1rem; }}
.grid {{ display: grid; grid-template-columns: repeat({max(1, len(outlets))}, minmax(18rem, 1fr));
        gap: 1.2rem; }}
section h2 {{ font-family: sans-serif; font-size: 1rem; border-bottom: 1px solid #999; }}
article h3 {{ font-size: 0.95rem; }} .meta {{ font-size: 0.75rem; color: #777; }}
.quote {{ border-radius: 2px; }} .legend span {{ margin-right: 0.8rem; }}
{css}
</style></head><body>
<header><h1>Evidence: {html.escape(event)}</h1><p>{html.escape(caption)}</p>
<p class="legend">{legend}</p><p class="legend">{sides}
<span class="quote" style="background:#DDDDDD33">quote: no side</span></p>
<p>Hover over a mark or a quote for its detail.</p></header>
<div class="grid">{"".join(columns)}</div>
</body></html>
"""
