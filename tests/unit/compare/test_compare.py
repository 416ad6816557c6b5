"""Comparison statistics: pooled rates, intervals, paired differences, balance, wording."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import load_corpus, score
from analysis.compare import (
    distinctive_words,
    extract_items,
    omissions,
    paired_differences,
    quote_balance,
    rate_table,
)
from analysis.paths import DEMO_CORPUS


def _articles(rows):
    base = {
        "loaded_author": 0,
        "authorial_words": 100,
        "loaded_quoted": 0,
        "quoted_words": 0,
        "hedges_author": 0,
        "boosters_author": 0,
        "hedged_sentences": 0,
        "sentences": 5,
        "direct_quote_words": 0,
        "words": 100,
        "stance_verbs": 0,
        "reporting_verbs": 1,
        "scare_quotes": 0,
        "anonymous_sources": 0,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_rates_pool_counts_over_words_not_average_rates():
    arts = _articles(
        [
            {"id": "a", "outlet": "x", "event": "e", "loaded_author": 1, "authorial_words": 100},
            {"id": "b", "outlet": "x", "event": "e", "loaded_author": 9, "authorial_words": 900},
            {"id": "c", "outlet": "x", "event": "e", "loaded_author": 0, "authorial_words": 1000},
        ]
    )
    table = rate_table(arts, metrics=["loaded_per_1k_words"], resamples=500)
    row = table.iloc[0]
    assert row.value == pytest.approx(1000 * 10 / 2000)  # not the mean of 10, 10, 0
    assert row.ci_low <= row.value <= row.ci_high and row.articles == 3


def test_intervals_are_seeded_and_need_two_articles():
    arts = _articles(
        [{"id": str(i), "outlet": "x", "event": "e", "loaded_author": i % 3} for i in range(30)]
        + [{"id": "z", "outlet": "y", "event": "e"}]
    )
    one = rate_table(arts, metrics=["loaded_per_1k_words"], resamples=300, seed=4)
    two = rate_table(arts, metrics=["loaded_per_1k_words"], resamples=300, seed=4)
    pd.testing.assert_frame_equal(one, two)
    single = one[one["outlet"] == "y"].iloc[0]
    assert math.isnan(single.ci_low)  # one article: no interval, not a fake one


def test_paired_differences_use_matched_events_only():
    arts = _articles(
        [
            {"id": "1", "outlet": "a", "event": "e1", "loaded_author": 5},
            {"id": "2", "outlet": "b", "event": "e1", "loaded_author": 1},
            {"id": "3", "outlet": "a", "event": "e2", "loaded_author": 3},
            {"id": "4", "outlet": "b", "event": "e2", "loaded_author": 1},
            {"id": "5", "outlet": "a", "event": "e3", "loaded_author": 50},  # b did not cover e3
        ]
    )
    diff = paired_differences(arts, metrics=["loaded_per_1k_words"], resamples=500)
    row = diff.iloc[0]
    assert (row.outlet_a, row.outlet_b, row.events) == ("a", "b", 2)
    assert row.difference == pytest.approx(1000 * 8 / 200 - 1000 * 2 / 200)
    assert row.ci_low <= row.difference <= row.ci_high


def test_bootstrap_handles_ten_thousand_articles_in_160_groups():
    rng = np.random.default_rng(0)
    n = 10_000
    arts = _articles([{} for _ in range(n)])
    arts["id"] = [str(i) for i in range(n)]
    arts["outlet"] = rng.choice(list("abcdefgh"), n)
    arts["event"] = rng.choice([f"e{i}" for i in range(20)], n)
    arts["loaded_author"] = rng.poisson(2, n)
    table = rate_table(arts, resamples=200)
    assert len(table) == 8 * 20 * 9
    loaded = table[table["metric"] == "loaded_per_1k_words"]
    assert loaded["value"].notna().all() and (loaded["ci_low"] <= loaded["value"]).all()


@pytest.fixture(scope="module")
def demo():
    corpus = load_corpus(DEMO_CORPUS)
    articles, spans = score(corpus, progress=False)
    return corpus, articles, spans


def test_quote_balance_by_hand_on_the_demo(demo):
    _, articles, spans = demo
    port = articles[articles["event"] == "port-strike"]
    table = quote_balance(
        spans, port, ["union", "employer", "government", "independent"], pair=("union", "employer")
    ).set_index("outlet")
    wire = table.loc["meridian-wire"]
    union, employer = wire["quotes_union"], wire["quotes_employer"]
    assert wire["balance_index"] == pytest.approx((union - employer) / (union + employer))
    assert 0 <= wire["side_entropy"] <= 1
    shares = [wire[f"quote_share_{s}"] for s in ("union", "employer", "government", "independent")]
    assert sum(shares) <= 1.0 + 1e-9
    assert table.loc["kestria-herald", "quotes_employer"] < union + employer


def test_quote_balance_can_leave_out_media_citations():
    articles = pd.DataFrame(
        [{"id": "a1", "outlet": "x", "event": "e"}, {"id": "a2", "outlet": "x", "event": "e"}]
    )

    def quote(article, start, speaker, side, kind):
        return {
            "article_id": article,
            "kind": "quote",
            "start": start,
            "end": start + 5,
            "speaker": speaker,
            "side": side,
            "speaker_type": kind,
            "category": "direct",
            "text": "we will strike",
        }

    spans = pd.DataFrame(
        [
            quote("a1", 0, "Ana Ruiz", "union", "person"),
            quote("a1", 10, "CNBC", "", "media_outlet"),
            quote("a2", 0, "a union official", "union", "anonymous_individual"),
            quote("a2", 10, "the company", "employer", "organisation"),
        ]
    )
    both = quote_balance(spans, articles, ["union", "employer"]).iloc[0]
    assert both["quotes"] == 4
    assert both["media_share"] == pytest.approx(0.25)
    assert both["anonymous_share"] == pytest.approx(0.25)
    without = quote_balance(spans, articles, ["union", "employer"], media_citations=False).iloc[0]
    assert without["quotes"] == 3
    assert without["media_share"] == 0
    assert without["anonymous_share"] == pytest.approx(1 / 3)
    assert without["quote_share_union"] == pytest.approx(2 / 3)


def test_distinctive_words_rank_an_outlets_own_vocabulary():
    texts = {
        "a": [
            "The regime cracked down on the regime critics, the regime said.",
            "Regime officials spoke.",
        ],
        "b": ["The government responded to critics on Monday.", "Government officials spoke."],
    }
    table = distinctive_words(texts, min_df=2, top=3)
    assert table[table["outlet"] == "a"].iloc[0]["word"] == "regime"
    assert table[table["outlet"] == "b"].iloc[0]["word"] == "government"
    # "cracked" occurs in one article of a only: below the document-frequency floor
    assert "cracked" not in set(table["word"])


def test_omissions_and_item_extraction():
    items = extract_items(
        "As Gao Feng said, Transport Minister Gloria Pike cut 350 jobs on "
        "Friday. The Anhe Institute of International Trade agreed. Gao "
        "left."
    )
    names = {i for k, i in items if k == "name"}
    assert {"Gao Feng", "Gloria Pike", "Anhe Institute of International Trade"} <= names
    assert "Gao" not in names and "Friday" not in names
    assert ("number", "350 jobs") in items
    table = omissions({"x": ["Martin Hale spoke. Dana Okafor spoke."], "y": ["Dana Okafor spoke."]})
    row = table.set_index("item").loc["Martin Hale"]
    assert (row.mentioned_by, row.omitted_by) == ("x", "y")
    assert "Dana Okafor" not in set(table["item"])  # common ground
