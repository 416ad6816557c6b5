"""After hygiene, a damaged article measures like its clean twin (tests/data/messy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import load_corpus, score
from analysis.schema import COUNT_COLUMNS

MESSY = Path(__file__).resolve().parents[2] / "data" / "messy"


@pytest.fixture(scope="module")
def scored():
    articles, spans = score(load_corpus(MESSY / "corpus"), progress=False)
    return articles.set_index("id"), spans


def _quotes(spans, aid):
    q = spans[(spans["article_id"] == aid) & (spans["kind"] == "quote")]
    return list(zip(q["text"], q["category"], q["speaker"].fillna(""), strict=True))


def test_quotes_speakers_and_counts_equal_the_clean_twins(scored):
    articles, spans = scored
    messy = [i for i in articles.index if not i.endswith("--clean")]
    for aid in messy:
        twin = f"{aid}--clean"
        assert _quotes(spans, aid) == _quotes(spans, twin), aid
        for column in COUNT_COLUMNS:
            assert articles.loc[aid, column] == articles.loc[twin, column], (aid, column)


def test_mojibake_articles_get_their_quotes_back(scored):
    articles, spans = scored
    for aid in ("trade-talks--kestria-online", "transit-fares--corvant-courier"):
        assert articles.loc[aid, "quotes_direct"] >= 3, aid
        assert articles.loc[aid, "hygiene_findings"] > 0


def test_boilerplate_is_kept_as_spans_and_out_of_the_word_counts(scored):
    articles, spans = scored
    aid = "ad-rules--harbor-post"
    boiler = spans[(spans["article_id"] == aid) & (spans["kind"] == "boilerplate")]
    assert len(boiler) > 10 and set(boiler["category"]) >= {"ad_block", "footer"}
    assert articles.loc[aid, "boilerplate_words"] == boiler["words"].sum() > 100
    assert articles.loc[aid, "words"] == articles.loc[f"{aid}--clean", "words"]


def test_articles_in_unsupported_languages_are_kept_out_of_rates(scored):
    articles, spans = scored
    spanish = articles.loc["rail-tunnel--la-brujula"]
    assert spanish["language"] == "es" and not spanish["analysed"]
    assert spanish["loaded_per_1k_words"] != spanish["loaded_per_1k_words"]  # NaN, not 0
    assert not spans[(spans["article_id"] == spanish.name) & (spans["kind"] == "quote")].size
    german = articles.loc["rail-tunnel--morgenecho"]
    assert (german["language"], german["language_source"]) == ("de", "detected")
