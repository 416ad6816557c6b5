"""Run the detectors over a corpus: ``annotate`` gives spans, ``score`` adds metrics.

Detectors run per article and share nothing but the lexicons (read once), so an
article's spans never depend on the other articles: the same article gives the
same spans in any corpus, in any order.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.corpus import Corpus
from analysis.detect.hedging import detect_boosters, detect_hedges
from analysis.detect.loaded import DEFAULT_LEXICONS, detect_loaded
from analysis.detect.quotes import detect_quotes
from analysis.detect.sourcing import detect_sources
from analysis.lexicon import get_lexicon
from analysis.pipeline.metrics import article_metrics, order_columns
from analysis.schema import Span, spans_frame
from analysis.text import Document, count_words, segment

MAX_ARTICLE_CHARS = 20_000_000  # longer texts are cut here, with a warning


@dataclass(frozen=True)
class Options:
    """What a run detects: which loaded-term lexicons, and whether to score tone."""

    lexicons: tuple[str, ...] = DEFAULT_LEXICONS
    tone: bool = False

    def lexicon_versions(self) -> dict[str, str]:
        """Name to version of every lexicon the run uses."""
        names = [*self.lexicons, "hedges", "boosters", "reporting_verbs"]
        return {get_lexicon(n).name: get_lexicon(n).version for n in names}


def annotate_text(
    text: str,
    article_id: str,
    *,
    event: str | None = None,
    speakers: pd.DataFrame | None = None,
    options: Options = Options(),
    title: str | None = None,
    outlets: pd.DataFrame | None = None,
) -> tuple[Document, list[Span]]:
    """Segment one article and run every detector on it.

    ``title`` (front matter, never part of the text) and ``outlets`` (the corpus's
    outlets table) help the quote detector name organisations and outlets.
    """
    doc = segment(text)
    spans: list[Span] = []
    spans += detect_loaded(doc, article_id, options.lexicons)
    spans += detect_hedges(doc, article_id)
    spans += detect_boosters(doc, article_id)
    spans += detect_quotes(doc, article_id, speakers, event, title=title, outlets=outlets)
    spans += detect_sources(doc, article_id)
    if options.tone:
        from analysis.detect.tone import detect_tone

        spans += detect_tone(doc, article_id)
    return doc, spans


def _progress(iterable, total: int, enabled: bool | None):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with papermill
        return iterable
    # enabled=None: a bar only when stderr is a terminal (tqdm's own rule)
    disable = None if enabled is None else not enabled
    return tqdm(
        iterable, total=total, file=sys.stderr, unit="article", disable=disable, mininterval=0.5
    )


def _sides_by_event(corpus: Corpus) -> dict[str, list[str]]:
    return {event: corpus.sides(event) for event in corpus.event_names()}


def iter_scores(
    corpus: Corpus, options: Options = Options(), progress: bool | None = None, warn=None
) -> Iterator[tuple[dict, list[Span]]]:
    """Score one article at a time: yields ``(metrics row, spans)`` in corpus order.

    Nothing accumulates, so a run over any number of articles holds one article's
    spans in memory at a time (the ``score`` command writes them as they come).
    """
    warn = warn or _stderr_warn
    sides = _sides_by_event(corpus)
    rows = corpus.articles[["id", "outlet", "event", "text", "title"]].itertuples(index=False)
    for article_id, outlet, event, text, title in _progress(rows, len(corpus.articles), progress):
        text = str(text)
        if len(text) > MAX_ARTICLE_CHARS:
            warn(
                f"article {article_id}: {len(text):,} characters; only the first "
                f"{MAX_ARTICLE_CHARS:,} are analysed"
            )
            text = text[:MAX_ARTICLE_CHARS]
        doc, spans = annotate_text(
            text,
            article_id,
            event=event,
            speakers=corpus.speakers,
            options=options,
            title=title if isinstance(title, str) else None,
            outlets=corpus.outlets,
        )
        unclosed = [i for i in doc.issues if "never closed" in i.message]
        if len(unclosed) >= 3:
            warn(
                f"article {article_id}: {len(unclosed)} quotation marks are never closed; "
                "its quote counts and quoted-word share are doubtful"
            )
        metrics = article_metrics(doc, spans, sides.get(event, []))
        spans.sort(key=lambda s: (s.start, s.end, s.kind))
        yield {"id": article_id, "outlet": outlet, "event": event, **metrics}, spans


def _run(corpus: Corpus, options: Options, progress: bool | None, warn) -> tuple[list, list]:
    span_rows: list[Span] = []
    metric_rows: list[dict] = []
    for metrics, spans in iter_scores(corpus, options, progress, warn):
        span_rows.extend(spans)
        metric_rows.append(metrics)
    return span_rows, metric_rows


def articles_frame(rows: list[dict]) -> pd.DataFrame:
    """Metric rows as the articles table: fixed column order, sides as integers."""
    articles = pd.DataFrame(rows)
    side_cols = [
        c for c in articles.columns if c.startswith(("quotes_side_", "quoted_words_side_"))
    ]
    if side_cols:
        articles[side_cols] = articles[side_cols].fillna(0).astype("int64")
    return order_columns(articles).reset_index(drop=True)


def _stderr_warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def annotate(
    corpus: Corpus, options: Options = Options(), progress: bool | None = None
) -> pd.DataFrame:
    """Every span of every article of ``corpus`` (the span contract's columns)."""
    spans, _ = _run(corpus, options, progress, _stderr_warn)
    return spans_frame(spans, sort=False)


def score(
    corpus: Corpus, options: Options = Options(), progress: bool | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-article metrics and the spans behind them: ``(articles, spans)``."""
    spans, rows = _run(corpus, options, progress, _stderr_warn)
    return articles_frame(rows), spans_frame(spans, sort=False)


def lexicon_names(values: Sequence[str] | None) -> tuple[str, ...]:
    """Lexicon choice from the command line; the default when none is given."""
    return tuple(values) if values else DEFAULT_LEXICONS


def summarize(corpus: Corpus) -> pd.DataFrame:
    """Articles and words per outlet x event, with totals (the ``check`` summary).

    Returns a long table with columns ``event``, ``outlet``, ``articles``, ``words``.
    """
    frame = corpus.articles[["event", "outlet"]].copy()
    frame["words"] = [count_words(t) for t in corpus.articles["text"]]
    table = (
        frame.groupby(["event", "outlet"], observed=True)
        .agg(articles=("words", "size"), words=("words", "sum"))
        .reset_index()
    )
    return table.sort_values(["event", "outlet"]).reset_index(drop=True)
