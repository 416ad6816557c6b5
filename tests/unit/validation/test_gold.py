"""The demo gold: round-trips, matches the articles, covers what real news does."""

from __future__ import annotations

import re
import shutil

import pytest

from analysis import load_corpus
from analysis.paths import DEMO_CORPUS
from analysis.validation.gold import MarkupError, parse_markup, read_gold, render_marked_corpus

KINDS = {"loaded", "hedge", "booster", "quote", "scare_quote", "anonymous_source"}


@pytest.fixture(scope="module")
def demo():
    return load_corpus(DEMO_CORPUS)


@pytest.fixture(scope="module")
def gold():
    return read_gold(DEMO_CORPUS / "annotations")


def test_every_gold_span_round_trips(demo, gold):
    texts = dict(zip(demo.articles["id"], demo.articles["text"], strict=True))
    assert set(gold["article_id"]) == set(texts)
    for span in gold.itertuples():
        assert texts[span.article_id][span.start : span.end] == span.text, span


def test_gold_covers_every_kind_in_every_outlet(gold, demo):
    outlets = dict(zip(demo.articles["id"], demo.articles["outlet"], strict=True))
    gold = gold.assign(outlet=gold["article_id"].map(outlets))
    assert set(gold["kind"]) == KINDS
    for outlet, spans in gold.groupby("outlet"):
        assert {"quote", "hedge", "anonymous_source"} <= set(spans["kind"]), outlet
    assert set(gold.loc[gold["kind"] == "quote", "category"]) == {"direct", "partial", "indirect"}
    loaded_voices = set(gold.loc[gold["kind"] == "loaded", "voice"])
    assert loaded_voices == {"author", "quoted"}


def test_named_quote_speakers_have_a_side_from_speakers_csv(gold, demo):
    speakers = demo.speakers
    quotes = gold[gold["kind"] == "quote"]
    named = set(speakers["speaker"])
    for q in quotes.itertuples():
        if q.speaker in named:
            assert q.side, f"{q.speaker} quoted in {q.article_id} has no side"
        else:  # anonymous or vague sources start lower case
            assert q.speaker[:1].islower(), f"{q.speaker!r} is missing from speakers.csv"
            assert not q.side


def test_marked_sources_regenerate_the_committed_articles_and_gold(tmp_path):
    target = tmp_path / "demo"
    shutil.copytree(DEMO_CORPUS, target)
    shutil.rmtree(target / "articles")
    for f in (target / "annotations").glob("*.jsonl"):
        f.unlink()
    render_marked_corpus(DEMO_CORPUS / "annotations" / "marked", target)
    for path in sorted((DEMO_CORPUS / "articles").rglob("*.md")):
        rel = path.relative_to(DEMO_CORPUS)
        assert (target / rel).read_bytes() == path.read_bytes(), rel
    for path in sorted((DEMO_CORPUS / "annotations").glob("*.jsonl")):
        assert (target / "annotations" / path.name).read_bytes() == path.read_bytes()


ATTRIBUTION_FORMS = {
    "X said": r"[”\"],? (?:[A-Z]\w+|[Hh]e|[Ss]he) said",
    "said X, the title of Y": r"said [A-Z]\w+ [A-Z]\w+, (?:an? |the )?[\w ]+(?:of|at) ",
    "according to X": r"According to ",
    "X told reporters that": r"told (?:reporters|the Kestria Herald reporter|the Ledger) "
    r"(?:in \w+ )?that",
    "colon before the quote": r": [“\"]",
    "quote inside a quote": r"‘[^’]+’|'[a-z]+\.'",
    "curly marks": r"“",
    "straight marks": r"\"",
    "anonymous source": r"(?:industry insider|familiar with|asked not to be named)",
}


@pytest.mark.parametrize("form", sorted(ATTRIBUTION_FORMS))
def test_demo_texts_exercise_each_attribution_form(demo, form):
    pattern = re.compile(ATTRIBUTION_FORMS[form])
    assert any(pattern.search(t) for t in demo.articles["text"]), form


def test_demo_has_a_multi_paragraph_quote_in_gold(gold, demo):
    quotes = gold[(gold["kind"] == "quote") & (gold["category"] == "direct")]
    assert any("\n\n" in t for t in quotes["text"])


def test_parse_markup_nests_and_reports_errors():
    text, spans = parse_markup(
        '{{Q s=Ann;c=direct|"It is a {{L c=pejorative|scam}}"}} said Ann.', "x", {"Ann": "left"}
    )
    assert text == '"It is a scam" said Ann.'
    by_kind = {s.kind: s for s in spans}
    assert by_kind["quote"].side == "left" and by_kind["quote"].voice == "quoted"
    assert by_kind["loaded"].text == "scam" and by_kind["loaded"].voice == "quoted"
    with pytest.raises(MarkupError, match="never closed"):
        parse_markup("{{L|open", "x")
    with pytest.raises(MarkupError, match="no open span"):
        parse_markup("close}}", "x")
