"""Run the detectors over a corpus: ``annotate`` gives spans, ``score`` adds metrics.

Detectors run per article and share nothing but the lexicons (read once), so an
article's spans never depend on the other articles: the same article gives the
same spans in any corpus, in any order. Warnings go through :mod:`logging`
(logger ``analysis``); the command line prints them on stderr.
"""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.corpus import Corpus
from analysis.detect.loaded import DEFAULT_LEXICONS, DEFAULT_SCORER, SCORERS
from analysis.detect.registry import Context, run_detectors, supported_languages
from analysis.errors import AnalysisError
from analysis.lexicon import get_lexicon
from analysis.pipeline.metrics import add_rates, article_counts, order_columns, span_words
from analysis.pipeline.syndication import signature
from analysis.schema import METRICS, RUN_SPAN_COLUMNS, Span, spans_frame
from analysis.text import Document, base_language, count_words, segment
from analysis.text.clean import clean, rules_version
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
        """``lexicon``, ``model@2.1.0 >= 0.32`` or ``both: model@2.1.0 >= 0.32``."""
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
            "boilerplate_rules": rules_version(),
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
    findings: list = field(default_factory=list)
    signature: list[int] = field(default_factory=list)
    shingles: int = 0


def annotate_text(
    text: str,
    article_id: str,
    *,
    event: str | None = None,
    speakers: pd.DataFrame | None = None,
    options: Options = Options(),
    title: str = "",
    language: str | None = None,
    outlets: pd.DataFrame | None = None,
) -> tuple[Document, list[Span]]:
    """Segment one article in its language and run that language's detectors on it.

    ``language``: the corpus ``language`` field (``en``, ``zh-Hans``, ...); empty is English.
    ``title`` (front matter, never part of the text) and ``outlets`` (the corpus's
    outlets table) help the quote detector name organisations and outlets.
    """
    doc = segment(text, language or "en")
    ctx = Context(article_id, event, speakers, options, title, outlets)
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
    outlets: pd.DataFrame | None = None,
) -> ArticleResult:
    """Clean one article, run the detectors of its language, count and rate.

    The hygiene stage (:func:`analysis.text.clean.clean`) makes the analysed text;
    detectors read it with boilerplate masked, so boilerplate is never counted.
    An article in a language no detector supports keeps its words and findings
    but gets no spans and no rates (missing, not zero), with a note.
    """
    notes = []
    if len(text) > MAX_ARTICLE_CHARS:
        notes.append(f"{len(text):,} characters; only the first {MAX_ARTICLE_CHARS:,} are analysed")
        text = text[:MAX_ARTICLE_CHARS]
    cleaned = clean(text, language, title)
    supported = base_language(cleaned.language) in supported_languages()
    doc = segment(cleaned.masked, cleaned.language)
    if supported:
        ctx = Context(article_id, event, speakers, options, title, outlets)
        spans = run_detectors(doc, ctx)
    else:
        spans = []
        notes.append(
            f"language {cleaned.language} ({cleaned.language_source}) is not one the detectors "
            "support; the article is kept out of every rate"
        )
    unclosed = [i for i in doc.issues if "never closed" in i.message]
    if len(unclosed) >= 3:
        notes.append(
            f"{len(unclosed)} quotation marks are never closed; its quote counts and "
            "quoted-word share are doubtful"
        )
    analysed = cleaned.text
    # Spans read the masked text; their text is cut from the analysed text.
    spans = [
        s if s.text == analysed[s.start : s.end] else replace(s, text=analysed[s.start : s.end])
        for s in spans
    ]
    spans += [
        Span(article_id, "boilerplate", a, b, analysed[a:b], "", category, rule=why)
        for a, b, category, why in cleaned.regions
    ]
    spans.sort(key=lambda s: (s.start, s.end, s.kind))
    # Masked words are not words of the document: boilerplate spans count their own.
    words = [
        count_words(s.text, cleaned.language) if s.kind == "boilerplate" else w
        for s, w in zip(spans, span_words(doc, spans), strict=True)
    ]
    row = {"id": article_id, "outlet": outlet, "event": event}
    row.update(add_rates(article_counts(doc, spans, words)))
    row["quote_mark_issues"] = len(doc.issues)
    row["language"] = cleaned.language
    row["language_source"] = cleaned.language_source
    row["analysed"] = bool(supported and len(doc.words))
    row["boilerplate_words"] = sum(
        w for s, w in zip(spans, words, strict=True) if s.kind == "boilerplate"
    )
    row["hygiene_findings"] = sum(1 for f in cleaned.findings if f.kind != "language")
    if not row["analysed"]:
        for metric in METRICS:
            row[metric.name] = math.nan
    for note in notes:
        log.warning("article %s: %s", article_id, note)
    sig, n_shingles = signature(cleaned.masked)
    return ArticleResult(row, spans, words, analysed, notes, cleaned.findings, sig, n_shingles)


def as_corpus(corpus: Corpus | pd.DataFrame) -> Corpus:
    """A corpus as given, or one made from a DataFrame with the corpus contract's columns."""
    if isinstance(corpus, pd.DataFrame):
        from analysis.corpus import corpus_from_frame

        return corpus_from_frame(corpus)
    return corpus


def iter_scores(
    corpus: Corpus | pd.DataFrame, options: Options = Options(), progress: bool | None = None
) -> Iterator[ArticleResult]:
    """Score one article at a time, in corpus order (a DataFrame of articles works too).

    Nothing accumulates, so a run over any number of articles holds one article's
    spans in memory at a time (the scored-run writer writes them as they come).
    """
    corpus = as_corpus(corpus)
    columns = ["id", "outlet", "event", "text", "title", "language", "date"]
    rows = corpus.articles[columns].itertuples(index=False)
    total = len(corpus.articles)
    for article_id, outlet, event, text, title, language, date in _progress(rows, total, progress):
        result = score_article(
            article_id,
            outlet,
            event,
            str(text),
            speakers=corpus.speakers,
            options=options,
            title="" if pd.isna(title) else str(title),
            language=None if pd.isna(language) else str(language),
            outlets=corpus.outlets,
        )
        result.row["date"] = None if pd.isna(date) else date.isoformat()
        yield result


def articles_frame(rows: list[dict]) -> pd.DataFrame:
    """Metric rows as the articles table, in the registry's column order."""
    return order_columns(pd.DataFrame(rows)).reset_index(drop=True)


def run_spans_frame(results: Sequence[ArticleResult]) -> pd.DataFrame:
    """The spans of scored articles as the run's spans table (with ``words``)."""
    frame = spans_frame([s for r in results for s in r.spans], sort=False)
    frame["words"] = pd.Series([w for r in results for w in r.span_words], dtype="int64")
    return frame[list(RUN_SPAN_COLUMNS)]


def annotate(
    corpus: Corpus | pd.DataFrame, options: Options = Options(), progress: bool | None = None
) -> pd.DataFrame:
    """Every span of every article of ``corpus`` (the span contract's columns)."""
    spans = [s for r in iter_scores(corpus, options, progress) for s in r.spans]
    return spans_frame(spans, sort=False)


def score(
    corpus: Corpus | pd.DataFrame, options: Options = Options(), progress: bool | None = None
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
