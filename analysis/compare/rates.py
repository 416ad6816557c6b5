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
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.compare.bootstrap import (
    DEFAULT_RESAMPLES,
    percentile_interval,
    resampled_sums,
)
from analysis.schema import METRICS, Metric

#: The rates the comparisons pool: every rate of the metric registry, by name.
RATE_METRICS: dict[str, Metric] = {m.name: m for m in METRICS}


def comparable(articles: pd.DataFrame, drop_syndicated: bool = False) -> pd.DataFrame:
    """The articles a comparison counts.

    Articles the detectors could not analyse (an unsupported language, no words
    left after boilerplate) are left out: their rates are missing, not zero. With
    ``drop_syndicated``, copies of another outlet's article (``duplicate_of``, see
    :mod:`analysis.pipeline.syndication`) are left out too, keeping the original.
    """
    keep = pd.Series(True, index=articles.index)
    if "analysed" in articles.columns:
        keep &= articles["analysed"].astype(bool)
    if drop_syndicated and "duplicate_of" in articles.columns:
        keep &= articles["duplicate_of"].fillna("") == ""
    return articles[keep]


def _counts(metric: Metric) -> tuple[str, str]:
    return metric.numerator, metric.denominator


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
        metrics: names from :data:`RATE_METRICS` (default: all rates of the registry).
        resamples: bootstrap draws (at least 2,000 for published figures).
        seed: random seed; the same seed gives the same intervals, and a group's
            interval does not depend on which other groups are in ``articles``.

    Returns:
        One row per group and metric: ``value``, ``ci_low``, ``ci_high``,
        ``articles``, ``numerator``, ``denominator``.
    """
    metrics = list(metrics or RATE_METRICS)
    columns = sorted({c for m in metrics for c in _counts(RATE_METRICS[m])})
    articles = comparable(articles)
    rows = []
    for key, group in articles.groupby(list(by), sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        values = group[columns].to_numpy(dtype=float)
        n = len(values)
        # Each group draws from its own stream (seed and group key), shared by its metrics.
        sums = resampled_sums(values, resamples, seed, ("rates", *by, *key))
        totals = values.sum(axis=0)
        for metric in metrics:
            m = RATE_METRICS[metric]
            i, j = columns.index(m.numerator), columns.index(m.denominator)
            value = float(_ratio(totals[i], totals[j], m.scale))
            if sums is not None:
                low, high = percentile_interval(_ratio(sums[:, i], sums[:, j], m.scale))
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
    columns = sorted({c for m in metrics for c in _counts(RATE_METRICS[m])})
    articles = comparable(articles)
    sums = articles.groupby(["outlet", "event"], observed=True)[columns].sum()
    outlets = sorted(articles["outlet"].unique())
    rows = []
    for ai, a in enumerate(outlets):
        for b in outlets[ai + 1 :]:
            events = sorted(set(sums.loc[a].index) & set(sums.loc[b].index))
            if not events:
                continue
            va = sums.loc[a].loc[events, columns].to_numpy(dtype=float)
            vb = sums.loc[b].loc[events, columns].to_numpy(dtype=float)
            # Events are drawn together for both outlets: one stream per pair.
            both = resampled_sums(np.hstack([va, vb]), resamples, seed, ("pairs", a, b))
            k = len(columns)
            for metric in metrics:
                m = RATE_METRICS[metric]
                i, j = columns.index(m.numerator), columns.index(m.denominator)
                value = float(
                    _ratio(va[:, i].sum(), va[:, j].sum(), m.scale)
                    - _ratio(vb[:, i].sum(), vb[:, j].sum(), m.scale)
                )
                if both is not None:
                    low, high = percentile_interval(
                        _ratio(both[:, i], both[:, j], m.scale)
                        - _ratio(both[:, k + i], both[:, k + j], m.scale)
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
