"""The Chinese validation set and its validator (team-written gold: a regression guard)."""

from __future__ import annotations

import pandas as pd

from analysis.validation.datasets import load_dataset
from analysis.validation.readme import ZH_FIRST, validity_markdown
from analysis.validation.runners import run_validation


def test_the_set_loads_with_languages_speakers_and_every_span_kind():
    gs = load_dataset("zh", None)
    arts = gs.corpus.articles
    assert len(arts) == 30 and arts["id"].tolist()[:2] == ["zhv01", "zhv02"]
    assert (arts["language"] == "zh-Hans").sum() == 20 and (
        arts["language"] == "zh-Hant"
    ).sum() == 10
    assert len(gs.gold) == 603
    assert set(gs.gold["kind"]) == {
        "quote", "hedge", "booster", "loaded", "scare_quote", "anonymous_source",
    }  # fmt: skip
    texts = dict(zip(arts["id"], arts["text"], strict=True))
    assert all(texts[s.article_id][s.start : s.end] == s.text for s in gs.gold.itertuples())
    assert {"speaker", "aliases", "side", "event"} <= set(gs.corpus.speakers.columns)


def test_validate_zh_measures_every_detector_with_intervals_and_halves():
    table = run_validation("zh", None, None, resamples=50, seed=0)
    ours = table[table["system"] == "ours"].set_index(["task", "metric"])["value"]
    quotes = "quotes (>0.3 coverage)"
    assert ours[(quotes, "precision")] >= 0.9 and ours[(quotes, "recall")] >= 0.9
    assert ours[(quotes, "speaker_resolved_accuracy")] >= 0.85
    assert ours[("hedges", "recall")] >= 0.85
    held = quotes + ", held-out half (even ids)"
    assert (held, "recall") in ours.index and (quotes + ", zh-Hant", "f1") in ours.index
    baseline = table[(table["system"] == "baseline") & (table["task"] == quotes)]
    assert baseline.set_index("metric").loc["f1", "value"] < 0.2  # the English rules on Chinese
    assert (table["ci_low"] <= table["value"]).all() or table["ci_low"].isna().any()


def test_the_readme_table_shows_the_first_measurement_and_the_held_out_half():
    first = pd.read_csv(ZH_FIRST)
    assert len(first[(first["task"] == "quotes (>0.3 coverage)") & (first["system"] == "ours")])
    table = run_validation("zh", None, None, resamples=20, seed=0)
    text = validity_markdown({"zh": table}, 20, 0)
    assert "held-out half" in text and "not independent" in text
    assert "| quotes (>0.3 coverage) |" in text
