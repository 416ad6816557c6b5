"""The one cluster bootstrap of the suite, seeded per group.

Every interval the suite reports (outlet rates, paired differences, validation
figures) comes from here: clusters (articles, or events for paired
differences) are drawn with replacement, the statistic is recomputed on the
summed counts of each draw, and the 2.5th and 97.5th percentiles of the draws
make the 95% interval.

Each group draws from its own random stream, seeded from the run's seed *and the
group's key* (for example ``("rates", "outlet", "city-tribune")``), so an outlet's
interval does not move when another outlet is added to or dropped from the
comparison, and the same seed gives the same interval on any machine.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from collections.abc import Callable, Sequence

import numpy as np

DEFAULT_RESAMPLES = 2000


def group_rng(seed: int, key: Sequence[object]) -> np.random.Generator:
    """The random stream of one group: a function of the seed and the group's key only."""
    text = json.dumps([int(seed), [str(k) for k in key]], ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))


def resampled_sums(
    values: np.ndarray, resamples: int, seed: int, key: Sequence[object]
) -> np.ndarray | None:
    """Column sums of ``resamples`` draws of the rows (clusters) of ``values``.

    Returns an array of shape ``(resamples, columns)``, or ``None`` when there
    are fewer than two clusters or no resamples (no interval exists).
    """
    n = len(values)
    if n < 2 or resamples <= 0:
        return None
    index = group_rng(seed, key).integers(0, n, size=(resamples, n))
    return values[index].sum(axis=1)


def percentile_interval(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2.5th and 97.5th percentiles over axis 0, ignoring undefined (NaN) draws."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # every draw undefined: NaN
        return np.nanpercentile(draws, 2.5, axis=0), np.nanpercentile(draws, 97.5, axis=0)


def bootstrap_statistic(
    values: np.ndarray,
    statistic: Callable[[np.ndarray], np.ndarray],
    resamples: int,
    seed: int,
    key: Sequence[object],
) -> tuple[float, float, float]:
    """Point estimate on all clusters, and its 95% percentile interval.

    ``statistic`` takes summed counts (one row, or one row per draw) and returns
    the statistic for each.
    """
    point = float(statistic(values.sum(axis=0)))
    sums = resampled_sums(values, resamples, seed, key)
    if sums is None:
        return point, math.nan, math.nan
    low, high = percentile_interval(statistic(sums))
    return point, float(low), float(high)
