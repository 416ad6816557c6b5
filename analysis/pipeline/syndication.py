"""Syndication: the same story on several sites, found by shingled-text similarity.

A wire story reprinted by three sites is one text, not three outlets' framing.
Each article's boilerplate-free text becomes a set of shingles (five consecutive
words; for Chinese, five consecutive characters), summarised by a MinHash
signature of 128 values (Broder 1997), which estimates the Jaccard similarity
of two articles' shingle sets without comparing the texts. Two articles of the
same event are **near-duplicates** when their estimated Jaccard similarity is at
least 0.5, or when one contains at least 80% of the other's shingles (a copy
with a paragraph trimmed or added). In a group of near-duplicates the earliest
article (by date, then outlet and id) is the original; the others are marked
``duplicate_of`` it. Comparisons can keep or drop them (a notebook parameter).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

SHINGLE = 5
PERMUTATIONS = 128
MIN_SHINGLES = 30  # shorter texts are not compared
JACCARD = 0.5
CONTAINMENT = 0.8
_PRIME = (1 << 31) - 1  # a * x + b stays below 2**63 in uint64
_rng = np.random.default_rng(20_260_101)  # fixed: signatures are comparable across runs
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"[^\W_]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def shingles(text: str) -> set[str]:
    """The text's shingles: five-word runs (five-character runs of Chinese text)."""
    han = _HAN.findall(text)
    units = han if len(han) > len(text) / 4 else [w.lower() for w in _WORD.findall(text)]
    return {" ".join(units[i : i + SHINGLE]) for i in range(len(units) - SHINGLE + 1)}


def signature(text: str) -> tuple[list[int], int]:
    """The MinHash signature of a text and its number of shingles."""
    grams = shingles(text)
    if not grams:
        return [0] * PERMUTATIONS, 0
    values = np.array(
        [
            int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "little")
            % _PRIME
            for g in sorted(grams)
        ],
        dtype=np.uint64,
    )
    hashed = (_A[:, None] * values[None, :] + _B[:, None]) % _PRIME  # one row per permutation
    return [int(v) for v in hashed.min(axis=1)], len(grams)


def near_duplicates(rows: Iterable[dict]) -> pd.DataFrame:
    """Near-duplicate pairs among articles of one event.

    Args:
        rows: dicts with ``id``, ``outlet``, ``date``, ``signature``, ``shingles``.

    Returns:
        One row per article that copies another: ``article_id``, ``duplicate_of``
        (the group's original), ``similarity`` (estimated Jaccard with it) and
        ``containment`` (estimated share of the smaller text found in the other).
    """
    items = [r for r in rows if r["shingles"] >= MIN_SHINGLES]
    items.sort(key=lambda r: (str(r.get("date") or "9999"), r["outlet"], r["id"]))
    columns = ["article_id", "duplicate_of", "similarity", "containment"]
    if len(items) < 2:
        return pd.DataFrame(columns=columns)
    sigs = np.array([r["signature"] for r in items], dtype=np.uint64)
    sizes = np.array([r["shingles"] for r in items], dtype=float)
    original = list(range(len(items)))
    found = {}
    for i in range(len(items)):
        jac = (sigs[i + 1 :] == sigs[i]).mean(axis=1)
        for k, j in enumerate(range(i + 1, len(items))):
            jaccard = float(jac[k])
            if jaccard <= 0:
                continue
            shared = jaccard * (sizes[i] + sizes[j]) / (1 + jaccard)
            contain = float(shared / min(sizes[i], sizes[j]))
            if items[i]["outlet"] != items[j]["outlet"] and (
                jaccard >= JACCARD or contain >= CONTAINMENT
            ):
                root = original[i]
                if j not in found:
                    original[j] = root
                    found[j] = (root, jaccard, min(contain, 1.0))
    out = [
        {
            "article_id": items[j]["id"],
            "duplicate_of": items[root]["id"],
            "similarity": round(jac_value, 4),
            "containment": round(contain, 4),
        }
        for j, (root, jac_value, contain) in sorted(found.items())
    ]
    return pd.DataFrame(out, columns=columns)
