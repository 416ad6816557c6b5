"""Cross-outlet comparison: rates with intervals, differences, balance, wording, omissions.

Everything here works from the tables of a scored run (``articles`` with raw
counts, ``spans``), so a comparison never re-reads texts except where words are
counted (distinctive wording, omissions).
"""

from analysis.compare.balance import (
    UNNAMED_TYPES,
    default_pair,
    quote_balance,
    relabel_sides,
    side_table,
    speaker_table,
)
from analysis.compare.extraction_error import (
    balance_with_error,
    confusion_matrix,
    side_pairs,
    unfold,
)
from analysis.compare.findings import describe_balance, describe_rates
from analysis.compare.languages import cross_language_note, outlet_languages
from analysis.compare.omissions import Aliases, extract_items, leads, masked_texts, omissions
from analysis.compare.rates import (
    DEFAULT_RESAMPLES,
    RATE_METRICS,
    comparable,
    paired_differences,
    rate_table,
)
from analysis.compare.wording import STOPWORDS, distinctive_words, word_counts

__all__ = [
    "Aliases",
    "leads",
    "masked_texts",
    "DEFAULT_RESAMPLES",
    "RATE_METRICS",
    "comparable",
    "STOPWORDS",
    "cross_language_note",
    "default_pair",
    "UNNAMED_TYPES",
    "balance_with_error",
    "confusion_matrix",
    "describe_balance",
    "describe_rates",
    "distinctive_words",
    "extract_items",
    "omissions",
    "outlet_languages",
    "paired_differences",
    "quote_balance",
    "rate_table",
    "relabel_sides",
    "side_table",
    "side_pairs",
    "speaker_table",
    "unfold",
    "word_counts",
]
