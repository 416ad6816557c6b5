"""Pooled rates with article-clustered bootstrap intervals, and paired outlet differences.

* **Rates pool counts over words**: an outlet's loaded-term rate on an event is
  1000 × (loaded terms in all its articles) / (authorial words in all its
  articles), not an average of per-article rates, so long articles weigh more.
* **Intervals** come from an article-clustered bootstrap: articles are resampled
  with replacement within each outlet (and event), the pooled rate recomputed;
  the 2.5th and 97.5th percentiles of ``resamples`` draws make the 95% interval.
  The seed is a parameter; the same seed gives the same interval.
* **Paired differences** between two outlets use only the events both covered,
  and resample *events* (each event's articles stay together).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

# metric: (numerator count column, denominator column, scale, label with units)
RATE_METRICS: dict[str, tuple[str, str, float, str]] = {
    "loaded_per_1k_words": (
        "loaded_author",
        "authorial_words",
        1000.0,
        "Loaded terms per 1,000 authorial words",
    ),
    "loaded_per_1k_quoted_words": (
        "loaded_quoted",
        "quoted_words",
        1000.0,
        "Loaded terms per 1,000 quoted words",
    ),
    "hedges_per_1k_words": (
        "hedges_author",
        "authorial_words",
        1000.0,
        "Hedges per 1,000 authorial words",
    ),
    "boosters_per_1k_words": (
        "boosters_author",
        "authorial_words",
        1000.0,
        "Boosters per 1,000 authorial words",
    ),
    "hedged_sentence_share": (
        "hedged_sentences",
        "sentences",
        1.0,
        "Share of sentences with a hedge",
    ),
    "quoted_word_share": ("direct_quote_words", "words", 1.0, "Share of words inside quotes"),
    "stance_verb_share": (
        "stance_verbs",
        "reporting_verbs",
        1.0,
        "Share of reporting verbs that are stance-marked",
    ),
    "scare_quotes_per_1k_words": ("scare_quotes", "words", 1000.0, "Scare quotes per 1,000 words"),
    "anonymous_sources_per_1k_words": (
        "anonymous_sources",
        "words",
        1000.0,
        "Anonymous or vague sources per 1,000 words",
    ),
}

DEFAULT_RESAMPLES = 2000


def _percentiles(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2.5th and 97.5th percentiles, ignoring draws where the rate is undefined."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all draws undefined: NaN
        low = np.nanpercentile(draws, 2.5, axis=0)
        high = np.nanpercentile(draws, 97.5, axis=0)
    return low, high


def _ratio(num: np.ndarray, den: np.ndarray, scale: float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, scale * num / np.where(den > 0, den, 1), np.nan)


def rate_table(
    articles: pd.DataFrame,
    by: Sequence[str] = ("outlet", "event"),
    metrics: Iterable[str] | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Pooled rates per group with article-clustered bootstrap intervals.

    Args:
        articles: the ``articles`` table from ``score`` (needs the raw counts).
        by: grouping columns; articles are resampled within each group.
        metrics: names from :data:`RATE_METRICS` (default: all).
        resamples: bootstrap draws (at least 2,000 for published figures).
        seed: random seed; the same seed gives the same intervals.

    Returns:
        One row per group and metric: ``value``, ``ci_low``, ``ci_high``,
        ``articles``, ``numerator``, ``denominator``.
    """
    metrics = list(metrics or RATE_METRICS)
    columns = sorted({c for m in metrics for c in RATE_METRICS[m][:2]})
    rng = np.random.default_rng(seed)
    rows = []
    for key, group in articles.groupby(list(by), sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        values = group[columns].to_numpy(dtype=float)
        n = len(values)
        index = rng.integers(0, n, size=(resamples, n)) if resamples > 0 else None
        sums = values[index].sum(axis=1) if index is not None else None
        totals = values.sum(axis=0)
        for metric in metrics:
            num_col, den_col, scale, _ = RATE_METRICS[metric]
            i, j = columns.index(num_col), columns.index(den_col)
            value = float(_ratio(totals[i], totals[j], scale))
            if sums is not None and n > 1:
                draws = _ratio(sums[:, i], sums[:, j], scale)
                low, high = _percentiles(draws)
                low, high = float(low), float(high)
            else:
                low = high = math.nan
            rows.append(
                {
                    **dict(zip(by, key, strict=True)),
                    "metric": metric,
                    "value": value,
                    "ci_low": low,
                    "ci_high": high,
                    "articles": n,
                    "numerator": totals[i],
                    "denominator": totals[j],
                }
            )
    return pd.DataFrame(rows)


def paired_differences(
    articles: pd.DataFrame,
    metrics: Iterable[str] | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Every pair of outlets, compared on the events both covered.

    The difference is rate(A) − rate(B), each pooled over the matched events; its
    interval resamples events with replacement, keeping each event's articles
    together.
    """
    metrics = list(metrics or RATE_METRICS)
    columns = sorted({c for m in metrics for c in RATE_METRICS[m][:2]})
    sums = articles.groupby(["outlet", "event"], observed=True)[columns].sum()
    outlets = sorted(articles["outlet"].unique())
    rng = np.random.default_rng(seed)
    rows = []
    for ai, a in enumerate(outlets):
        for b in outlets[ai + 1 :]:
            events = sorted(set(sums.loc[a].index) & set(sums.loc[b].index))
            if not events:
                continue
            va = sums.loc[a].loc[events, columns].to_numpy(dtype=float)
            vb = sums.loc[b].loc[events, columns].to_numpy(dtype=float)
            index = rng.integers(0, len(events), size=(resamples, len(events)))
            da, db = va[index].sum(axis=1), vb[index].sum(axis=1)
            for metric in metrics:
                num_col, den_col, scale, _ = RATE_METRICS[metric]
                i, j = columns.index(num_col), columns.index(den_col)
                value = float(
                    _ratio(va[:, i].sum(), va[:, j].sum(), scale)
                    - _ratio(vb[:, i].sum(), vb[:, j].sum(), scale)
                )
                if len(events) > 1:
                    low, high = _percentiles(
                        _ratio(da[:, i], da[:, j], scale) - _ratio(db[:, i], db[:, j], scale)
                    )
                    low, high = float(low), float(high)
                else:
                    low = high = math.nan
                rows.append(
                    {
                        "outlet_a": a,
                        "outlet_b": b,
                        "metric": metric,
                        "difference": value,
                        "ci_low": low,
                        "ci_high": high,
                        "events": len(events),
                    }
                )
    return pd.DataFrame(rows)
