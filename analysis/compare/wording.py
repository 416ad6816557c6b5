"""Distinctive wording: log-odds with an informative Dirichlet prior (Monroe et al. 2008)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from analysis.wordlists import wordlist

STOPWORDS = wordlist("stopwords")

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def word_counts(texts: Iterable[str]) -> tuple[Counter, Counter]:
    """Token counts and document frequencies of lower-cased content words."""
    counts: Counter = Counter()
    docs: Counter = Counter()
    for text in texts:
        words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        words = [w for w in words if w not in STOPWORDS and len(w) > 1]
        counts.update(words)
        docs.update(set(words))
    return counts, docs


def log_odds_z(y_i: float, y_j: float, n_i: float, n_j: float, alpha: float, prior: float) -> float:
    """The z-score of the log-odds ratio of a word in two groups (Monroe et al. 2008).

    ``y`` are the word's counts, ``n`` the groups' word totals, ``alpha`` the
    word's prior count (``prior`` × its share of all words).
    """
    delta = math.log((y_i + alpha) / (n_i + prior - y_i - alpha)) - math.log(
        (y_j + alpha) / (n_j + prior - y_j - alpha)
    )
    return delta / math.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))


def term_table(
    texts_a: list[str], texts_b: list[str], prior: float = 10.0, top: int = 400
) -> pd.DataFrame:
    """Every frequent word of two groups with its rates and log-odds z (A against B).

    The terms of a term scatter (after scattertext, Kessler 2017): the ``top``
    words by total count, plus the 25 most distinctive of each side, with counts,
    rates per 1,000 words in each group and ``z`` (positive: more A than B).
    """
    a, _ = word_counts(texts_a)
    b, _ = word_counts(texts_b)
    both = a + b
    total = sum(both.values()) or 1
    n_a, n_b = sum(a.values()) or 1, sum(b.values()) or 1
    rows = []
    for word, count in both.items():
        z = log_odds_z(a.get(word, 0), b.get(word, 0), n_a, n_b, prior * count / total, prior)
        rows.append(
            {
                "word": word,
                "count_a": a.get(word, 0),
                "count_b": b.get(word, 0),
                "per_1k_a": 1000 * a.get(word, 0) / n_a,
                "per_1k_b": 1000 * b.get(word, 0) / n_b,
                "z": z,
            }
        )
    table = pd.DataFrame(rows, columns=["word", "count_a", "count_b", "per_1k_a", "per_1k_b", "z"])
    if table.empty:
        return table
    table["total"] = table["count_a"] + table["count_b"]
    frequent = table.sort_values(["total", "word"], ascending=[False, True]).head(top)
    ends = pd.concat(
        [table.sort_values(["z", "word"]).head(25), table.sort_values(["z", "word"]).tail(25)]
    )
    keep = pd.concat([frequent, ends]).drop_duplicates("word")
    return keep.sort_values("word").drop(columns="total").reset_index(drop=True)


def distinctive_words(
    texts_by_outlet: dict[str, list[str]], prior: float = 10.0, min_df: int = 2, top: int = 15
) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi, Quinn 2008).

    For each outlet against all other outlets on the same event: the prior for a
    word is ``prior`` × its share of all words; δ is the difference of the
    smoothed log-odds; ``z`` = δ / sqrt(1/(y_i + α) + 1/(y_j + α)). A word counts
    for an outlet only if it appears in at least ``min_df`` of its articles (or in
    all of them, when the outlet has fewer).

    Returns:
        The ``top`` words per outlet by z-score, with counts and z.
    """
    per = {o: word_counts(t) for o, t in texts_by_outlet.items()}
    background: Counter = Counter()
    for counts, _ in per.values():
        background.update(counts)
    total = sum(background.values())
    rows = []
    for outlet, (counts, docs) in per.items():
        rest: Counter = Counter()
        for other, (c, _) in per.items():
            if other != outlet:
                rest.update(c)
        n_i, n_j = sum(counts.values()), sum(rest.values())
        floor = min(min_df, len(texts_by_outlet[outlet]))
        scored = []
        for word, y_i in counts.items():
            if docs[word] < floor:
                continue
            y_j = rest.get(word, 0)
            z = log_odds_z(y_i, y_j, n_i, n_j, prior * background[word] / total, prior)
            scored.append((z, word, y_i, y_j))
        scored.sort(key=lambda t: (-t[0], t[1]))
        for rank, (z, word, y_i, y_j) in enumerate(scored[:top], start=1):
            rows.append(
                {
                    "outlet": outlet,
                    "rank": rank,
                    "word": word,
                    "z": z,
                    "count": y_i,
                    "count_others": y_j,
                }
            )
    return pd.DataFrame(rows, columns=["outlet", "rank", "word", "z", "count", "count_others"])
