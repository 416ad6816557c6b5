"""Detector error inside the quote-balance intervals.

A quote-balance share ("36% of outlet A's quotes are from the union side") is
computed from detected quotes, their detected speakers and those speakers' sides.
The detector gets some speakers wrong, and a wrong speaker can carry a quote to
the wrong side. The plain bootstrap interval of the share shows only how much the
share moves between samples of articles; this module gives a second interval that
also carries the measured error of the detector.

The model (a misclassified multinomial):

* Each detected quote has a true side *j* and a detected side *k*, over the
  classes "each side of the event" and ``"none"`` (no speaker, or a speaker with
  no side). The detector's **confusion matrix** ``C[j, k] = P(detected k | true j)``
  is estimated from validation pairs: quotes of hand-annotated articles matched to
  the detected quotes (one-to-one, by overlap), each with its gold and detected
  side. A pseudo-count of 0.5 is added to every cell (a Jeffreys prior); a class
  with no gold quote gets the identity row (assumed correct, and said so).
* An outlet's detected quotes by side, ``q``, are then expected to be ``Cᵀπ`` for
  its true shares ``π``. ``π`` is estimated by the EM algorithm for misclassified
  counts (iterative Bayesian unfolding, D'Agostini 1995; the same fixed point as
  the maximum-likelihood estimate of Bross 1954 and Rogan & Gladen 1978 for two
  classes), which keeps ``π`` on the simplex.
* The **interval** comes from one bootstrap that resamples both: the validation
  articles (a new ``C*``) and the outlet's articles (a new ``q*``), then unfolds
  ``q*`` with ``C*``; the 2.5th and 97.5th percentiles of the corrected shares.

Assumptions (stated in the README): detection misses and false quotes do not
depend on the side (only matched quotes inform ``C``); the validation articles
behave like the corpus articles (the same error rates apply to every outlet); an
error is independent of other errors in the article beyond what resampling whole
articles keeps together.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

NONE = "none"
PRIOR = 0.5
EM_STEPS = 200


def side_classes(sides: Sequence[str]) -> list[str]:
    """The classes of the model: the sides, then ``"none"``."""
    return [*sides, NONE]


def _label(side: object, classes: Sequence[str]) -> str:
    side = side if isinstance(side, str) else ""
    return side if side in classes else NONE


def side_pairs(gold: pd.DataFrame, predicted: pd.DataFrame, sides: Sequence[str]) -> pd.DataFrame:
    """Gold and detected side of every gold quote that a detected quote matches.

    Quotes are matched one-to-one within an article: each gold quote (in order) to
    the remaining detected quote that overlaps it most. Columns: ``article_id``,
    ``gold``, ``detected`` (a side or ``"none"``).
    """
    classes = side_classes(sides)
    rows = []
    gold_q = gold[gold["kind"] == "quote"]
    pred_q = predicted[predicted["kind"] == "quote"]
    pred_by = dict(tuple(pred_q.groupby("article_id"))) if len(pred_q) else {}
    for article_id, g in gold_q.groupby("article_id", sort=True):
        p = pred_by.get(article_id)
        free = [] if p is None else list(zip(p["start"], p["end"], p["side"], strict=True))
        for gs, ge, gside in zip(g["start"], g["end"], g["side"], strict=True):
            best, best_overlap = None, 0
            for n, (ps, pe, _) in enumerate(free):
                overlap = min(pe, ge) - max(ps, gs)
                if overlap > best_overlap:
                    best, best_overlap = n, overlap
            if best is None:
                continue
            _, _, pside = free.pop(best)
            rows.append(
                {
                    "article_id": article_id,
                    "gold": _label(gside, classes),
                    "detected": _label(pside, classes),
                }
            )
    return pd.DataFrame(rows, columns=["article_id", "gold", "detected"])


def confusion_matrix(
    pairs: pd.DataFrame, classes: Sequence[str], prior: float = PRIOR
) -> np.ndarray:
    """``C[j, k]``: the share of gold class *j* quotes detected as class *k* (rows sum to 1).

    ``prior`` is added to every cell of a row with gold quotes; a row without any
    is the identity row.
    """
    index = {c: i for i, c in enumerate(classes)}
    counts = np.zeros((len(classes), len(classes)))
    for g, d in zip(pairs["gold"], pairs["detected"], strict=True):
        counts[index[g], index[d]] += 1
    return _normalise(counts, prior)


def _normalise(counts: np.ndarray, prior: float) -> np.ndarray:
    k = counts.shape[-1]
    eye = np.eye(k)
    totals = counts.sum(axis=-1, keepdims=True)
    smoothed = (counts + prior) / np.where(totals > 0, totals + prior * k, 1)
    return np.where(totals > 0, smoothed, eye)


def unfold(observed: np.ndarray, confusion: np.ndarray, steps: int = EM_STEPS) -> np.ndarray:
    """True class shares ``π`` whose expected detected counts ``Cᵀπ`` best fit ``observed``.

    EM for a misclassified multinomial; works on the last axis, so ``observed`` of
    shape (..., K) and ``confusion`` of shape (..., K, K) unfold many draws at once.
    Zero observed counts give NaN shares.
    """
    observed = np.asarray(observed, dtype=float)
    total = observed.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.where(total > 0, observed / np.where(total > 0, total, 1), np.nan)
    k = observed.shape[-1]
    pi = np.full(observed.shape, 1.0 / k)
    for _ in range(steps):
        expected = np.einsum("...j,...jk->...k", pi, confusion)  # P(detected k)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(expected > 0, q / np.where(expected > 0, expected, 1), 0.0)
        pi = pi * np.einsum("...jk,...k->...j", confusion, ratio)
    return np.where(total > 0, pi, np.nan)


def _group_seed(seed: int, key: tuple) -> int:
    """A seed for one group, from the seed and the group's key (stable across runs)."""
    return (seed * 1_000_003 + zlib.crc32(repr(key).encode("utf-8"))) % (2**32)


def balance_with_error(
    spans: pd.DataFrame,
    articles: pd.DataFrame,
    sides: Sequence[str],
    pairs: pd.DataFrame,
    resamples: int = 2000,
    seed: int = 0,
    by: Sequence[str] = ("outlet", "event"),
) -> pd.DataFrame:
    """Quote shares per side with a plain interval and one that includes detector error.

    Args:
        spans: the spans table of a scored run (quotes with ``side``).
        articles: the articles table (``id`` and the ``by`` columns).
        sides: the sides of the event.
        pairs: validation pairs from :func:`side_pairs` (``article_id``, ``gold``,
            ``detected``).
        resamples: bootstrap resamples (articles of each group, and validation
            articles, drawn together).
        seed: random seed; each group's draws are seeded from it and the group's key.
        by: the grouping columns.

    Returns one row per group and class: ``quotes`` (detected), ``share`` with
    ``share_low`` and ``share_high`` (articles resampled; missing for a group of
    one article), ``corrected_share`` with ``corrected_low`` and ``corrected_high``
    (articles and validation articles resampled, each draw unfolded with its own
    confusion matrix; for one article, the validation articles alone).
    """
    classes = side_classes(sides)
    index = {c: i for i, c in enumerate(classes)}
    by = list(by)
    quotes = spans[spans["kind"] == "quote"][["article_id", "side"]].copy()
    quotes["label"] = [_label(s, classes) for s in quotes["side"]]
    per_article = (
        quotes.groupby(["article_id", "label"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=classes, fill_value=0)
    )
    val = _pair_counts(pairs, classes)
    confusion = _normalise(val.sum(axis=0), PRIOR)
    rows = []
    for key, group in articles.groupby(by, observed=True, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        ids = list(group["id"])
        counts = per_article.reindex(ids, fill_value=0).to_numpy(dtype=float)
        observed = counts.sum(axis=0)
        share = observed / observed.sum() if observed.sum() else np.full(len(classes), math.nan)
        corrected = unfold(observed, confusion)
        low = high = clow = chigh = np.full(len(classes), math.nan)
        if resamples > 0 and (len(ids) > 1 or len(val) > 1):
            rng = np.random.default_rng(_group_seed(seed, key))
            if len(ids) > 1:
                draw = rng.integers(0, len(ids), size=(resamples, len(ids)))
                sums = counts[draw].sum(axis=1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    plain = sums / sums.sum(axis=1, keepdims=True)
                low, high = np.nanpercentile(plain, [2.5, 97.5], axis=0)
            else:  # one article: no sampling interval, but the detector's error still has one
                sums = np.broadcast_to(observed, (resamples, len(classes)))
            if len(val) > 1:
                vdraw = rng.integers(0, len(val), size=(resamples, len(val)))
                confusions = _normalise(val[vdraw].sum(axis=1), PRIOR)
            else:
                confusions = np.broadcast_to(confusion, (resamples, *confusion.shape))
            unfolded = unfold(sums, confusions)
            clow, chigh = _tidy(np.nanpercentile(unfolded, [2.5, 97.5], axis=0))
        corrected = _tidy(corrected)
        for c in classes:
            i = index[c]
            rows.append(
                {
                    **dict(zip(by, key, strict=True)),
                    "side": c,
                    "quotes": int(observed[i]),
                    "share": share[i],
                    "share_low": low[i],
                    "share_high": high[i],
                    "corrected_share": corrected[i],
                    "corrected_low": clow[i],
                    "corrected_high": chigh[i],
                }
            )
    return pd.DataFrame(rows)


def _tidy(shares: np.ndarray) -> np.ndarray:
    """Shares with EM's vanishing remainders (1e-140) written as 0 and 1."""
    shares = np.asarray(shares, dtype=float)
    return np.where(shares < 1e-9, 0.0, np.where(shares > 1 - 1e-9, 1.0, shares))


def _pair_counts(pairs: pd.DataFrame, classes: Sequence[str]) -> np.ndarray:
    """Confusion counts per validation article: shape (articles, K, K)."""
    index = {c: i for i, c in enumerate(classes)}
    k = len(classes)
    if pairs.empty:
        return np.zeros((0, k, k))
    out = []
    for _, p in pairs.groupby("article_id", sort=True):
        counts = np.zeros((k, k))
        for g, d in zip(p["gold"], p["detected"], strict=True):
            counts[index[g], index[d]] += 1
        out.append(counts)
    return np.stack(out)
