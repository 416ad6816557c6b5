"""The vocabulary of the suite: article fields, the span, and the metric registry.

* **Articles** have the fields of the corpus contract (:data:`ARTICLE_COLUMNS`).
* **A span** is a stretch of one article (character offsets, end exclusive) that
  a detector found: a loaded term, a hedge, a quote, a scare quote, an anonymous
  source, a reporting verb. Its columns are the span contract of DESIGN.md, plus
  ``rule``: the lexicon entry or pattern that produced it, so a researcher can
  see *why* a span was found, not only *that* it was; and ``speaker_mention``:
  for a quote, the words that name its speaker where it was found ("he", "the
  official", "Wen"), before they are resolved to ``speaker``. In a scored run
  every span also carries ``words``, the number of word tokens inside it,
  counted by the same tokenizer as the article's word counts.
* **The metric registry** (:data:`METRICS`): every per-article metric, with its
  numerator, its denominator and which words that denominator counts. The
  metrics, the comparisons, the figures' axis labels and the README's metric
  table are all read from it (a test checks the README).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

REQUIRED_FIELDS = ("id", "outlet", "event", "text")

OPTIONAL_FIELDS = ("title", "date", "url", "author", "language", "section")

ARTICLE_COLUMNS = (
    "id",
    "outlet",
    "event",
    "title",
    "date",
    "url",
    "author",
    "language",
    "section",
    "text",
    "source",
    "source_line",
)

CONTRACT_COLUMNS = (
    "article_id",
    "kind",
    "start",
    "end",
    "text",
    "voice",
    "category",
    "speaker",
    "speaker_role",
    "side",
)
SPAN_COLUMNS = (*CONTRACT_COLUMNS, "rule", "speaker_mention", "speaker_type")
#: The spans table of a scored run: the span columns, then the words inside each span.
RUN_SPAN_COLUMNS = (*SPAN_COLUMNS, "words")
#: What kind of source a quote's speaker is (``speaker_type``).
SPEAKER_TYPES = (
    "person",
    "organisation",
    "document",
    "media_outlet",
    "anonymous_individual",
    "vague_group",
)
SPAN_KINDS = (
    "loaded",
    "hedge",
    "booster",
    "quote",
    "scare_quote",
    "anonymous_source",
    "reporting_verb",
    "tone",
)


@dataclass(frozen=True)
class Span:
    """One piece of evidence, with offsets into its article's text."""

    article_id: str
    kind: str
    start: int
    end: int
    text: str
    voice: str = "author"
    category: str = ""
    speaker: str = ""
    speaker_role: str = ""
    side: str = ""
    rule: str = ""
    speaker_mention: str = ""
    speaker_type: str = ""


def spans_frame(spans: Iterable[Span], sort: bool = True) -> pd.DataFrame:
    """Spans as a DataFrame with the contract's columns.

    Args:
        spans: the spans.
        sort: sort by article id and offset; with ``False`` the given order is kept
            (the pipeline gives corpus order, offsets sorted within each article).
    """
    rows = [asdict(s) for s in spans]
    frame = pd.DataFrame(rows, columns=list(SPAN_COLUMNS))
    for col in SPAN_COLUMNS:
        frame[col] = frame[col].astype("int64" if col in ("start", "end") else "string")
    if sort:
        frame = frame.sort_values(["article_id", "start", "end", "kind"], kind="stable")
    return frame.reset_index(drop=True)


def span_rows(spans: Iterable[Span]) -> list[list]:
    """Spans as CSV rows in contract column order (for streaming writers)."""
    return [[getattr(s, c) for c in SPAN_COLUMNS] for s in spans]


# --------------------------------------------------------------------------- metrics

#: What a denominator counts, in words a reader can check.
DENOMINATORS = {
    "authorial_words": "words in the outlet's own voice (outside quotation marks)",
    "quoted_voice_words": "words inside quotation marks",
    "words": "all words of the analysed text",
    "sentences": "sentences",
    "reporting_verbs": "verbs that introduce a quote",
}


@dataclass(frozen=True)
class Metric:
    """One per-article metric: a rate, a share or a count.

    Attributes:
        name: the column name, the same in every table, figure and text.
        label: axis label with units ("Loaded terms per 1,000 authorial words").
        numerator: the raw count column it divides (for a count: itself).
        denominator: the column it divides by (see :data:`DENOMINATORS`), or ``""``.
        scale: 1000 for a rate per 1,000 words, 1 for a share, 0 for a count.
        description: what is counted, in a sentence.
    """

    name: str
    label: str
    numerator: str
    denominator: str = ""
    scale: float = 0.0
    description: str = ""

    @property
    def is_rate(self) -> bool:
        """Whether the metric divides a count (a rate or a share)."""
        return bool(self.denominator)

    @property
    def formula(self) -> str:
        """The formula, as the README prints it."""
        if not self.denominator:
            return "count"
        head = "1000 × " if self.scale == 1000 else ""
        return f"{head}{self.numerator} / {self.denominator}"


#: Raw counts per article, in the articles table in this order.
COUNT_COLUMNS = (
    "words",
    "authorial_words",
    "quoted_voice_words",
    "sentences",
    "loaded_author",
    "loaded_quoted",
    "hedges_author",
    "attribution_hedges",
    "hedged_sentences",
    "boosters_author",
    "quotes_direct",
    "quotes_partial",
    "quotes_indirect",
    "verbatim_quote_words",
    "scare_quotes",
    "anonymous_sources",
    "unattributed_quotes",
    "distinct_speakers",
    "reporting_verbs",
    "stance_verbs",
)

METRICS: tuple[Metric, ...] = (
    Metric(
        "loaded_per_1k_words",
        "Loaded terms per 1,000 authorial words",
        "loaded_author",
        "authorial_words",
        1000,
        "loaded terms in the outlet's own voice (negated adjectives not counted)",
    ),
    Metric(
        "loaded_per_1k_quoted_words",
        "Loaded terms per 1,000 quoted words",
        "loaded_quoted",
        "quoted_voice_words",
        1000,
        "loaded terms inside quotation marks",
    ),
    Metric(
        "hedges_per_1k_words",
        "Hedges per 1,000 authorial words",
        "hedges_author",
        "authorial_words",
        1000,
        "hedges in the outlet's own voice, attribution hedges excluded",
    ),
    Metric(
        "boosters_per_1k_words",
        "Boosters per 1,000 authorial words",
        "boosters_author",
        "authorial_words",
        1000,
        "boosters in the outlet's own voice",
    ),
    Metric(
        "scare_quotes_per_1k_words",
        "Scare quotes per 1,000 authorial words",
        "scare_quotes",
        "authorial_words",
        1000,
        "scare quotes (a word or two in quotation marks, no speaker)",
    ),
    Metric(
        "anonymous_sources_per_1k_words",
        "Anonymous or vague sources per 1,000 authorial words",
        "anonymous_sources",
        "authorial_words",
        1000,
        "anonymous and vague source phrases in the outlet's own voice",
    ),
    Metric(
        "hedged_sentence_share",
        "Share of sentences with a hedge",
        "hedged_sentences",
        "sentences",
        1,
        "sentences with at least one hedge (attribution hedges excluded)",
    ),
    Metric(
        "quoted_word_share",
        "Share of words inside direct and partial quotes",
        "verbatim_quote_words",
        "words",
        1,
        "words inside direct and partial quotes",
    ),
    Metric(
        "stance_verb_share",
        "Share of reporting verbs that are stance-marked",
        "stance_verbs",
        "reporting_verbs",
        1,
        "reporting verbs that evaluate what they report (claimed, admitted, fumed)",
    ),
)
METRIC_BY_NAME = {m.name: m for m in METRICS}

#: What each raw count of :data:`COUNT_COLUMNS` counts.
COUNT_DESCRIPTIONS = {
    "words": "word tokens of the analysed text (boilerplate left out)",
    "authorial_words": "words outside quotation marks: the outlet's own voice",
    "quoted_voice_words": "words inside quotation marks, quotes and scare quotes alike",
    "sentences": "sentences",
    "loaded_author": "loaded terms in the outlet's own voice (negated adjectives not counted)",
    "loaded_quoted": "loaded terms inside quotation marks",
    "hedges_author": "hedges in the outlet's own voice, attribution hedges excluded",
    "attribution_hedges": 'hedges that attribute a claim to unnamed others ("critics say")',
    "hedged_sentences": "sentences with at least one hedge that is not an attribution hedge",
    "boosters_author": "boosters in the outlet's own voice",
    "quotes_direct": "direct quotes: a whole sentence or more in quotation marks",
    "quotes_partial": "partial quotes: a speaker's words inside the outlet's sentence",
    "quotes_indirect": 'reported speech without quotation marks ("X said that ...")',
    "verbatim_quote_words": "words inside direct and partial quotes",
    "scare_quotes": "a word or short phrase in quotation marks with no speaker",
    "anonymous_sources": (
        "distinct anonymous and vague sources in the outlet's own voice "
        '("a person familiar with"; each source counted once)'
    ),
    "unattributed_quotes": "direct and partial quotes with no speaker found",
    "distinct_speakers": "distinct resolved speakers of all quotes",
    "reporting_verbs": "verbs that introduce a quote",
    "stance_verbs": "reporting verbs that evaluate what they report",
}

#: The other columns of the articles table, after the identity, rate and count columns.
ARTICLE_RESULT_DESCRIPTIONS = {
    "date": "the article's date from the corpus, as given",
    "quote_mark_issues": "quotation marks the segmenter could not pair",
    "language": "the language analysed (the corpus field, else detected, else the default)",
    "language_source": "where `language` came from: `field`, `detected` or `default`",
    "analysed": "false when the language has no detectors or no words are left: its "
    "rates are missing and comparisons leave it out",
    "boilerplate_words": "words of boilerplate (ads, share bars, bylines) left out of `words`",
    "hygiene_findings": "repairs and removals the hygiene stage made (see the run's findings)",
    "tone_mean": "mean VADER compound score over sentences (only with `--tone`)",
    "tone_sentences": "sentences scored for tone (only with `--tone`)",
    "tone_sum": "sum of the sentences' compound scores, for pooling (only with `--tone`)",
}


def metric_table() -> str:
    """The README's metric table, rendered from the registry (a test keeps them equal)."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| rate | what it counts | formula | denominator counts |",
        "|---|---|---|---|",
    ]
    for m in METRICS:
        lines.append(
            f"| `{m.name}` | {cell(m.description)} | {m.formula} | "
            f"{cell(DENOMINATORS[m.denominator])} |"
        )
    lines += ["", "| count | what it counts |", "|---|---|"]
    lines += [f"| `{c}` | {cell(COUNT_DESCRIPTIONS[c])} |" for c in COUNT_COLUMNS]
    lines += ["", "| other column | meaning |", "|---|---|"]
    lines += [f"| `{c}` | {cell(d)} |" for c, d in ARTICLE_RESULT_DESCRIPTIONS.items()]
    return "\n".join(lines) + "\n"
