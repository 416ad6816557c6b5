"""Detector error inside the quote-balance intervals: the model by hand, then on the demo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare.extraction_error import (
    balance_with_error,
    confusion_matrix,
    side_pairs,
    unfold,
)


def test_unfolding_with_a_perfect_detector_gives_the_observed_shares():
    observed = np.array([30.0, 50.0, 20.0])
    assert unfold(observed, np.eye(3)) == pytest.approx([0.3, 0.5, 0.2])


def test_unfolding_recovers_the_true_shares_from_expected_counts():
    truth = np.array([0.6, 0.3, 0.1])
    confusion = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.0, 0.1, 0.9]])
    observed = 1000 * truth @ confusion
    assert unfold(observed, confusion, steps=2000) == pytest.approx(truth, abs=1e-3)


def test_unfolding_many_draws_at_once_and_no_quotes():
    observed = np.array([[10.0, 10.0], [0.0, 0.0]])
    shares = unfold(observed, np.broadcast_to(np.eye(2), (2, 2, 2)))
    assert shares[0] == pytest.approx([0.5, 0.5]) and np.isnan(shares[1]).all()


def test_confusion_matrix_by_hand():
    pairs = pd.DataFrame({"gold": ["a", "a", "a", "a"], "detected": ["a", "a", "a", "b"]})
    matrix = confusion_matrix(pairs, ["a", "b", "none"])
    # row a: counts (3, 1, 0) plus 0.5 each, over 5.5; rows without gold: identity
    assert matrix[0] == pytest.approx([3.5 / 5.5, 1.5 / 5.5, 0.5 / 5.5])
    assert matrix[1] == pytest.approx([0, 1, 0]) and matrix[2] == pytest.approx([0, 0, 1])


def _spans(rows):
    return pd.DataFrame(rows, columns=["article_id", "kind", "start", "end", "side"])


def test_side_pairs_match_one_to_one_by_overlap():
    gold = _spans(
        [("x", "quote", 0, 10, "a"), ("x", "quote", 20, 30, "b"), ("y", "quote", 0, 5, "a")]
    )
    pred = _spans(
        [("x", "quote", 2, 12, "a"), ("x", "quote", 21, 25, ""), ("x", "quote", 40, 50, "b")]
    )
    pairs = side_pairs(gold, pred, ["a", "b"])
    assert pairs.values.tolist() == [["x", "a", "a"], ["x", "b", "none"]]


def _corpus(side_b_lost: float, n_articles: int = 40, seed: int = 1):
    """Articles of one outlet with 6 quotes each: 3 side a, 3 side b (true shares 0.5/0.5),
    of which a fraction of side b is detected with no speaker ("none")."""
    rng = np.random.default_rng(seed)
    spans, articles = [], []
    for n in range(n_articles):
        article = f"o{n}"
        articles.append({"id": article, "outlet": "o", "event": "e"})
        for q in range(6):
            side = "a" if q < 3 else "b"
            if side == "b" and rng.random() < side_b_lost:
                side = ""
            spans.append((article, "quote", q * 10, q * 10 + 5, side))
    return _spans(spans), pd.DataFrame(articles)


def _pairs(n: int, b_lost: int):
    rows = []
    for i in range(n):
        rows.append({"article_id": f"v{i}", "gold": "a", "detected": "a"})
        rows.append({"article_id": f"v{i}", "gold": "b", "detected": "none" if i < b_lost else "b"})
    return pd.DataFrame(rows)


def test_correction_undoes_a_measured_error():
    spans, articles = _corpus(side_b_lost=0.5)
    table = balance_with_error(spans, articles, ["a", "b"], _pairs(100, b_lost=50), resamples=300)
    b = table[table["side"] == "b"].iloc[0]
    assert b["share"] == pytest.approx(0.25, abs=0.06)  # half of side b's quotes lost
    assert b["corrected_share"] == pytest.approx(0.5, abs=0.06)  # ... and put back
    assert b["corrected_low"] <= b["corrected_share"] <= b["corrected_high"]


def test_the_corrected_interval_carries_the_uncertainty_of_the_error_rates():
    spans, articles = _corpus(side_b_lost=0.2)
    few = balance_with_error(spans, articles, ["a", "b"], _pairs(8, b_lost=2), resamples=500)
    many = balance_with_error(spans, articles, ["a", "b"], _pairs(400, b_lost=80), resamples=500)
    width = lambda t, lo, hi: float((t[hi] - t[lo])[t["side"] == "b"].iloc[0])  # noqa: E731
    assert width(few, "corrected_low", "corrected_high") > width(few, "share_low", "share_high")
    assert width(few, "corrected_low", "corrected_high") > width(
        many, "corrected_low", "corrected_high"
    )


def test_a_groups_interval_is_seeded_by_its_own_key():
    spans, articles = _corpus(side_b_lost=0.2)
    other = articles.assign(outlet="p", id=articles["id"].str.replace("o", "p"))
    spans_p = spans.assign(article_id=spans["article_id"].str.replace("o", "p"))
    pairs = _pairs(20, b_lost=4)
    alone = balance_with_error(spans, articles, ["a", "b"], pairs, resamples=200, seed=3)
    both = balance_with_error(
        pd.concat([spans, spans_p]),
        pd.concat([articles, other]),
        ["a", "b"],
        pairs,
        resamples=200,
        seed=3,
    )
    pd.testing.assert_frame_equal(alone, both[both["outlet"] == "o"].reset_index(drop=True))


def test_on_the_demo_the_corrected_shares_are_shares():
    from analysis import load_corpus, score
    from analysis.paths import DEMO_CORPUS
    from analysis.validation.gold import read_gold

    corpus = load_corpus(DEMO_CORPUS)
    articles, spans = score(corpus, progress=False)
    sides = corpus.sides("port-strike")
    pairs = side_pairs(read_gold(DEMO_CORPUS / "annotations"), spans, sides)
    table = balance_with_error(
        spans, articles[articles["event"] == "port-strike"], sides, pairs, resamples=100
    )
    sums = table.groupby("outlet")["corrected_share"].sum()
    assert np.allclose(sums, 1.0)
    # one article per outlet: no sampling interval, but the detector's error has one
    assert table["share_low"].isna().all()
    assert (table["corrected_low"] <= table["corrected_share"] + 1e-9).all()
    assert (table["corrected_share"] <= table["corrected_high"] + 1e-9).all()
    pooled = balance_with_error(
        spans,
        articles[articles["event"] == "port-strike"],
        sides,
        pairs,
        resamples=100,
        by=["event"],
    )
    assert (pooled["corrected_low"] <= pooled["corrected_high"]).all()
