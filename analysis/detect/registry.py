"""The detector registry: every framing device the pipeline runs, in run order.

A new framing device is one detector module plus one entry here. Each entry
names the span kinds it emits and a function ``(Document, Context) -> spans``;
``enabled`` decides from the run's options whether it runs (tone is optional).
The pipeline reads :data:`DETECTORS` and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.detect.hedging import detect_boosters, detect_hedges
from analysis.detect.loaded import detect_loaded
from analysis.detect.quotes import detect_quotes
from analysis.detect.sourcing import detect_sources
from analysis.detect.zh.hedging import detect_boosters_zh, detect_hedges_zh
from analysis.detect.zh.loaded import detect_loaded_zh
from analysis.detect.zh.quotes import detect_quotes_zh
from analysis.detect.zh.sourcing import detect_sources_zh
from analysis.schema import Span
from analysis.text import Document, base_language


@dataclass(frozen=True)
class Context:
    """What a detector may know about an article besides its text.

    Attributes:
        article_id: written into every span.
        event: the article's event (speakers.csv rows may be per event).
        speakers: the corpus's speakers table (canonical names, aliases, sides).
        options: the run's options (an ``analysis.pipeline.Options``).
        title: the headline, kept apart from the body.
        outlets: the corpus's outlets table (ids and names), so a quote detector can
            tell an outlet cited as a source ("according to CNBC").
    """

    article_id: str
    event: str | None = None
    speakers: pd.DataFrame | None = None
    options: Any = None
    title: str = ""
    outlets: pd.DataFrame | None = None


@dataclass(frozen=True)
class Detector:
    """One framing device in one or more languages: the kinds it emits, how to find them.

    ``languages`` are base language tags (``en``, ``zh``); a document is given only
    the detectors of its language.
    """

    name: str
    kinds: tuple[str, ...]
    find: Callable[[Document, Context], list[Span]]
    enabled: Callable[[Any], bool] = lambda options: True
    languages: tuple[str, ...] = ("en",)


def _tone(doc: Document, ctx: Context) -> list[Span]:
    from analysis.detect.tone import detect_tone  # vaderSentiment loads only when asked

    return detect_tone(doc, ctx.article_id)


DETECTORS: tuple[Detector, ...] = (
    Detector(
        "loaded",
        ("loaded",),
        lambda doc, ctx: detect_loaded(
            doc,
            ctx.article_id,
            ctx.options.lexicons,
            ctx.options.loaded_scorer,
            ctx.options.loaded_threshold,
        ),
    ),
    Detector("hedges", ("hedge",), lambda doc, ctx: detect_hedges(doc, ctx.article_id)),
    Detector("boosters", ("booster",), lambda doc, ctx: detect_boosters(doc, ctx.article_id)),
    Detector(
        "quotes",
        ("quote", "scare_quote", "reporting_verb"),
        lambda doc, ctx: detect_quotes(
            doc,
            ctx.article_id,
            ctx.speakers,
            ctx.event,
            title=ctx.title or None,
            outlets=ctx.outlets,
        ),
    ),
    Detector(
        "sources", ("anonymous_source",), lambda doc, ctx: detect_sources(doc, ctx.article_id)
    ),
    Detector("tone", ("tone",), _tone, enabled=lambda options: bool(options.tone)),
    # Chinese (Simplified and Traditional): analysis/detect/zh/.
    Detector(
        "loaded-zh",
        ("loaded",),
        lambda doc, ctx: detect_loaded_zh(doc, ctx.article_id),
        languages=("zh",),
    ),
    Detector(
        "hedges-zh",
        ("hedge",),
        lambda doc, ctx: detect_hedges_zh(doc, ctx.article_id),
        languages=("zh",),
    ),
    Detector(
        "boosters-zh",
        ("booster",),
        lambda doc, ctx: detect_boosters_zh(doc, ctx.article_id),
        languages=("zh",),
    ),
    Detector(
        "quotes-zh",
        ("quote", "scare_quote", "reporting_verb"),
        lambda doc, ctx: detect_quotes_zh(doc, ctx.article_id, ctx.speakers, ctx.event),
        languages=("zh",),
    ),
    Detector(
        "sources-zh",
        ("anonymous_source",),
        lambda doc, ctx: detect_sources_zh(doc, ctx.article_id),
        languages=("zh",),
    ),
)


def supported_languages() -> set[str]:
    """Base languages some detector handles."""
    return {language for d in DETECTORS for language in d.languages}


def run_detectors(doc: Document, ctx: Context) -> list[Span]:
    """Every enabled detector's spans for one article in its language, in registry order."""
    language = base_language(doc.language)
    spans: list[Span] = []
    for detector in DETECTORS:
        if language in detector.languages and detector.enabled(ctx.options):
            spans += detector.find(doc, ctx)
    return spans
