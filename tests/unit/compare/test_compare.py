"""Comparison statistics: pooled rates, intervals, paired differences, balance, wording."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import load_corpus, score
from analysis.compare import (
    default_pair,
    describe_balance,
    distinctive_words,
    extract_items,
    omissions,
    paired_differences,
    quote_balance,
    rate_table,
    side_table,
)
from analysis.paths import DEMO_CORPUS


def _articles(rows):
    base = {
        "loaded_author": 0,
        "authorial_words": 100,
        "loaded_quoted": 0,
        "quoted_voice_words": 0,
        "hedges_author": 0,
        "boosters_author": 0,
        "hedged_sentences": 0,
        "sentences": 5,
        "verbatim_quote_words": 0,
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


def test_paired_differences_never_subtract_rates_of_two_languages():
    arts = _articles(
        [
            {"id": "1", "outlet": "a", "event": "e1", "language": "en", "loaded_author": 5},
            {"id": "2", "outlet": "b", "event": "e1", "language": "en", "loaded_author": 1},
            {"id": "3", "outlet": "a", "event": "e2", "language": "en", "loaded_author": 3},
            {"id": "4", "outlet": "b", "event": "e2", "language": "zh-Hant", "loaded_author": 9},
            {"id": "5", "outlet": "c", "event": "e2", "language": "zh-Hans", "loaded_author": 2},
        ]
    )
    diff = paired_differences(arts, metrics=["loaded_per_1k_words"], resamples=200)
    pairs = {(r.outlet_a, r.outlet_b): r.events for r in diff.itertuples()}
    assert pairs == {("a", "b"): 1, ("b", "c"): 1}  # a and c share no language on any event
    assert diff.set_index(["outlet_a", "outlet_b"]).loc[("a", "b"), "difference"] == (
        pytest.approx(1000 * 5 / 100 - 1000 * 1 / 100)
    )


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
    sides = ["union", "employer", "government", "independent"]
    table = quote_balance(spans, port, sides, pair=("union", "employer")).set_index("outlet")
    long = side_table(spans, port, sides).set_index(["outlet", "side"])
    wire = table.loc["meridian-wire"]
    union = long.loc[("meridian-wire", "union"), "quotes"]
    employer = long.loc[("meridian-wire", "employer"), "quotes"]
    assert (wire["quotes_a"], wire["quotes_b"]) == (union, employer)
    assert wire["balance_index"] == pytest.approx((union - employer) / (union + employer))
    assert 0 <= wire["side_entropy"] <= 1
    # Shares over every side, "no side" included, add up to one.
    shares = long.loc["meridian-wire", "quote_share"]
    assert shares.sum() == pytest.approx(1.0)
    # Verbatim words per side add up to the outlet's verbatim quote words (one count).
    words = long.loc["meridian-wire", "verbatim_quote_words"].sum()
    assert words == wire["verbatim_quote_words"]
    assert words == port.loc[port["outlet"] == "meridian-wire", "verbatim_quote_words"].sum()


def test_side_names_are_values_never_column_names():
    """Any side name works: hyphens, spaces, capitals, non-ASCII (they crashed notebook 20)."""
    spans = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1"],
            "kind": ["quote", "quote", "quote"],
            "start": [0, 10, 20],
            "end": [5, 15, 25],
            "category": ["direct", "indirect", "direct"],
            "speaker": ["Ana", "Bo", "Cy"],
            "side": ["us-openai", "pro union", "独立"],
            "words": [4, 5, 6],
        }
    )
    articles = pd.DataFrame({"id": ["a1"], "outlet": ["o"], "event": ["e e"]})
    sides = ["us-openai", "pro union", "独立"]
    long = side_table(spans, articles, sides)
    assert set(long["side"]) == {*sides, ""}
    pair = default_pair(long, sides)
    balance = quote_balance(spans, articles, sides, pair)
    assert balance.loc[0, "balance_index"] == 0.0
    assert describe_balance(balance)


def test_an_outlets_interval_does_not_move_when_another_outlet_is_dropped():
    rng = np.random.default_rng(3)
    rows = [
        {"id": f"{o}{i}", "outlet": o, "event": "e", "loaded_author": int(rng.poisson(3))}
        for o in "abc"
        for i in range(25)
    ]
    arts = _articles(rows)
    every = rate_table(arts, metrics=["loaded_per_1k_words"], resamples=400, seed=7)
    without_a = rate_table(
        arts[arts["outlet"] != "a"], metrics=["loaded_per_1k_words"], resamples=400, seed=7
    )
    b_all = every[every["outlet"] == "b"].reset_index(drop=True)
    b_alone = without_a[without_a["outlet"] == "b"].reset_index(drop=True)
    pd.testing.assert_frame_equal(b_all, b_alone)


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
            "words": 3,
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
    sides = side_table(spans, articles, ["union", "employer"], media_citations=False)
    union = sides[sides["side"] == "union"].iloc[0]
    assert union["quote_share"] == pytest.approx(2 / 3)


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


def test_concordance_finds_words_and_kinds_outside_boilerplate(tmp_path):
    from analysis.compare.concordance import concordance
    from analysis.pipeline.run import write_run
    from tests.helpers import run_cli

    corpus = load_corpus(DEMO_CORPUS)
    run = write_run(corpus, tmp_path / "run", progress=False)
    table = concordance(run.texts(), run.spans(), term="strike")
    assert len(table) >= 5 and table["match"].str.lower().eq("strike").all()
    text = dict(zip(run.texts()["id"], run.texts()["text"], strict=True))
    for row in table.itertuples():
        assert text[row.article_id][row.start : row.end] == row.match
    scare = concordance(run.texts(), run.spans(), kind="scare_quote")
    assert len(scare) == (run.spans()["kind"] == "scare_quote").sum()
    result = run_cli(
        "kwic", str(tmp_path / "run"), "--kind", "loaded", "--out", str(tmp_path / "k.csv")
    )
    assert result.returncode == 0, result.stderr
    assert pd.read_csv(tmp_path / "k.csv")["kind"].eq("loaded").all()
    assert run_cli("kwic", str(tmp_path / "run")).returncode == 2
