"""Run the detectors over a corpus: ``annotate`` gives spans, ``score`` adds metrics.

Detectors run per article and share nothing but the lexicons (read once), so an
article's spans never depend on the other articles: the same article gives the
same spans in any corpus, in any order. Warnings go through :mod:`logging`
(logger ``analysis``); the command line prints them on stderr.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.corpus import Corpus
from analysis.detect.loaded import DEFAULT_LEXICONS, DEFAULT_SCORER, SCORERS
from analysis.detect.registry import Context, run_detectors
from analysis.errors import AnalysisError
from analysis.lexicon import get_lexicon
from analysis.pipeline.metrics import add_rates, article_counts, order_columns, span_words
from analysis.schema import RUN_SPAN_COLUMNS, Span, spans_frame
from analysis.text import Document, count_words, segment
from analysis.wordlists import wordlist_versions

#: The lexicons Chinese articles are scored with (analysis/detect/zh), recorded in every run.
ZH_LEXICONS = ("loaded_zh", "hedges_zh", "boosters_zh", "reporting_verbs_zh")
MAX_ARTICLE_CHARS = 20_000_000  # longer texts are cut here, with a warning
log = logging.getLogger("analysis")


@dataclass(frozen=True)
class Options:
    """What a run detects: which loaded-term lexicons, how loaded terms are scored, tone.

    ``loaded_scorer``: ``lexicon`` (lexicon matches with sense rules), ``model`` (the
    learned scorer alone) or ``both`` (lexicon spans plus model spans elsewhere);
    ``loaded_threshold``: the model's score threshold (``None``: the model file's).
    """

    lexicons: tuple[str, ...] = DEFAULT_LEXICONS
    tone: bool = False
    loaded_scorer: str = DEFAULT_SCORER
    loaded_threshold: float | None = None

    def __post_init__(self) -> None:
        if self.loaded_scorer not in SCORERS:
            raise AnalysisError(
                f"loaded scorer {self.loaded_scorer!r} is not one of {', '.join(SCORERS)}"
            )
        if self.loaded_threshold is not None and not 0 < self.loaded_threshold < 1:
            raise AnalysisError(f"loaded threshold {self.loaded_threshold!r} is not in (0, 1)")

    def lexicon_versions(self) -> dict[str, str]:
        """Name to version of every lexicon the run uses, and how loaded terms were scored.

        ``loaded-scorer`` is ``lexicon``, or ``model@<version> >= <threshold>``
        (``both: ...`` when lexicon and model spans are combined).
        """
        names = [*self.lexicons, "hedges", "boosters", "reporting_verbs", *ZH_LEXICONS]
        versions = {get_lexicon(n).name: get_lexicon(n).version for n in names}
        versions["loaded-scorer"] = self.loaded_scorer_label()
        return versions

    def loaded_scorer_label(self) -> str:
        """``lexicon``, ``model@1.0.0 >= 0.17`` or ``both: model@1.0.0 >= 0.17``."""
        if self.loaded_scorer == "lexicon":
            return "lexicon"
        from analysis.detect.loaded_model import default_model

        model = default_model()
        cut = model.threshold if self.loaded_threshold is None else self.loaded_threshold
        label = f"{model.label} >= {cut:.2f}"
        return label if self.loaded_scorer == "model" else f"both: {label}"

    def describe(self) -> dict:
        """The options as plain values, as a scored run records them."""
        return {
            "lexicons": list(self.lexicons),
            "tone": self.tone,
            "loaded_scorer": self.loaded_scorer,
            "loaded_threshold": self.loaded_threshold,
            "lexicon_versions": self.lexicon_versions(),
            "wordlist_versions": wordlist_versions(),
        }


@dataclass
class ArticleResult:
    """One scored article: its metrics row, its spans, and the text they point into.

    Attributes:
        row: identity columns, raw counts and rates (a row of the articles table).
        spans: every span, sorted by offset.
        span_words: word tokens inside each span, in span order.
        text: the analysed text, which the spans' offsets refer to.
    """

    row: dict
    spans: list[Span]
    span_words: list[int]
    text: str
    notes: list[str] = field(default_factory=list)


def annotate_text(
    text: str,
    article_id: str,
    *,
    event: str | None = None,
    speakers: pd.DataFrame | None = None,
    options: Options = Options(),
    title: str = "",
    language: str | None = None,
) -> tuple[Document, list[Span]]:
    """Segment one article in its language and run that language's detectors on it.

    ``language``: the corpus ``language`` field (``en``, ``zh-Hans``, ...); empty is English.
    """
    doc = segment(text, language or "en")
    ctx = Context(article_id, event, speakers, options, title)
    return doc, run_detectors(doc, ctx)


def _progress(iterable, total: int, enabled: bool | None):
    from tqdm import tqdm

    # enabled=None: a bar only when stderr is a terminal (tqdm's own rule)
    disable = None if enabled is None else not enabled
    return tqdm(
        iterable, total=total, file=sys.stderr, unit="article", disable=disable, mininterval=0.5
    )


def score_article(
    article_id: str,
    outlet: str,
    event: str,
    text: str,
    *,
    speakers: pd.DataFrame | None = None,
    options: Options = Options(),
    title: str = "",
    language: str | None = None,
) -> ArticleResult:
    """Score one article: spans, the words inside them, counts and rates."""
    notes = []
    if len(text) > MAX_ARTICLE_CHARS:
        notes.append(f"{len(text):,} characters; only the first {MAX_ARTICLE_CHARS:,} are analysed")
        text = text[:MAX_ARTICLE_CHARS]
    doc, spans = annotate_text(
        text,
        article_id,
        event=event,
        speakers=speakers,
        options=options,
        title=title,
        language=language,
    )
    unclosed = [i for i in doc.issues if "never closed" in i.message]
    if len(unclosed) >= 3:
        notes.append(
            f"{len(unclosed)} quotation marks are never closed; its quote counts and "
            "quoted-word share are doubtful"
        )
    spans.sort(key=lambda s: (s.start, s.end, s.kind))
    words = span_words(doc, spans)
    row = {"id": article_id, "outlet": outlet, "event": event}
    row.update(add_rates(article_counts(doc, spans, words)))
    row["quote_mark_issues"] = len(doc.issues)
    for note in notes:
        log.warning("article %s: %s", article_id, note)
    return ArticleResult(row, spans, words, text, notes)


def iter_scores(
    corpus: Corpus, options: Options = Options(), progress: bool | None = None
) -> Iterator[ArticleResult]:
    """Score one article at a time, in corpus order.

    Nothing accumulates, so a run over any number of articles holds one article's
    spans in memory at a time (the scored-run writer writes them as they come).
    """
    columns = ["id", "outlet", "event", "text", "title", "language"]
    rows = corpus.articles[columns].itertuples(index=False)
    for article_id, outlet, event, text, title, language in _progress(
        rows, len(corpus.articles), progress
    ):
        yield score_article(
            article_id,
            outlet,
            event,
            str(text),
            speakers=corpus.speakers,
            options=options,
            title="" if pd.isna(title) else str(title),
            language=None if pd.isna(language) else str(language),
        )


def articles_frame(rows: list[dict]) -> pd.DataFrame:
    """Metric rows as the articles table, in the registry's column order."""
    return order_columns(pd.DataFrame(rows)).reset_index(drop=True)


def run_spans_frame(results: Sequence[ArticleResult]) -> pd.DataFrame:
    """The spans of scored articles as the run's spans table (with ``words``)."""
    frame = spans_frame([s for r in results for s in r.spans], sort=False)
    frame["words"] = pd.Series([w for r in results for w in r.span_words], dtype="int64")
    return frame[list(RUN_SPAN_COLUMNS)]


def annotate(
    corpus: Corpus, options: Options = Options(), progress: bool | None = None
) -> pd.DataFrame:
    """Every span of every article of ``corpus`` (the span contract's columns)."""
    spans = [s for r in iter_scores(corpus, options, progress) for s in r.spans]
    return spans_frame(spans, sort=False)


def score(
    corpus: Corpus, options: Options = Options(), progress: bool | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-article metrics and the spans behind them, in memory: ``(articles, spans)``.

    For a corpus of any size, write a scored run instead
    (:func:`analysis.pipeline.run.write_run`), which holds one article at a time.
    """
    results = list(iter_scores(corpus, options, progress))
    return articles_frame([r.row for r in results]), run_spans_frame(results)


def lexicon_names(values: Sequence[str] | None) -> tuple[str, ...]:
    """Lexicon choice from the command line; the default when none is given."""
    return tuple(values) if values else DEFAULT_LEXICONS


def summarize(corpus: Corpus) -> pd.DataFrame:
    """Articles and words per outlet x event (the ``check`` summary).

    Returns a long table with columns ``event``, ``outlet``, ``articles``, ``words``.
    """
    frame = corpus.articles[["event", "outlet"]].copy()
    languages = corpus.articles["language"].astype("string").fillna("")
    frame["words"] = [
        count_words(t, lang) for t, lang in zip(corpus.articles["text"], languages, strict=True)
    ]
    table = (
        frame.groupby(["event", "outlet"], observed=True)
        .agg(articles=("words", "size"), words=("words", "sum"))
        .reset_index()
    )
    return table.sort_values(["event", "outlet"]).reset_index(drop=True)
