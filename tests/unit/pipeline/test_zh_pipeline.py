"""The corpus language field decides how an article is segmented and detected."""

from __future__ import annotations

from pathlib import Path

from analysis.pipeline import score, summarize
from analysis.text import count_words
from analysis.validation.datasets import make_corpus

TEXT = "分析人士指出，瓦方可能滥用出口管制。凯方表示：“我们坚决反对。”"


def _corpus(language):
    return make_corpus(
        "t",
        Path("."),
        [{"id": "a1", "outlet": "o", "event": "e", "text": TEXT, "language": language}],
    )


def test_a_chinese_article_gets_the_chinese_segmenter_and_detectors():
    articles, spans = score(_corpus("zh-Hans"), progress=False)
    assert articles.loc[0, "words"] == count_words(TEXT, "zh-Hans") > 10
    kinds = set(spans["kind"])
    assert {"quote", "hedge", "loaded", "anonymous_source", "reporting_verb"} <= kinds
    quote = spans[(spans["kind"] == "quote") & (spans["category"] == "direct")].iloc[0]
    assert quote["text"] == "“我们坚决反对。”" and quote["voice"] == "quoted"
    assert articles.loc[0, "quotes_direct"] == 1 and articles.loc[0, "anonymous_sources"] == 1


def test_without_a_language_field_the_language_is_detected_from_the_script():
    articles, spans = score(_corpus(None), progress=False)
    row = articles.iloc[0]
    assert (row["language"], row["language_source"]) == ("zh-Hans", "detected")
    assert row["words"] == count_words(TEXT, "zh-Hans") > count_words(TEXT)
    assert {"hedge", "loaded", "anonymous_source"} <= set(spans["kind"])


def test_the_check_summary_counts_chinese_words_with_the_segmenter():
    table = summarize(_corpus("zh-Hant"))
    assert table.loc[0, "words"] == count_words(TEXT, "zh-Hant")
