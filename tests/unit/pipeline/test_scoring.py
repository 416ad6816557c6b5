"""Framing metrics end to end: the seed article, the demo gold, metrics by hand, the CLI."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from analysis import Options, load_corpus, score, segment
from analysis.detect.quotes import detect_quotes
from analysis.detect.sourcing import detect_sources
from analysis.paths import DEMO_CORPUS
from analysis.pipeline import annotate_text
from analysis.pipeline.metrics import article_metrics
from analysis.validation.gold import read_gold
from tests.helpers import run_cli

# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_spans(request):
    from tests.conftest import SEED, require_shared

    text = require_shared(SEED).read_text(encoding="utf-8")
    doc = segment(text)
    return text, detect_quotes(doc, "seed"), detect_sources(doc, "seed")


def _speaker_of(spans, fragment):
    [span] = [s for s in spans if s.kind == "quote" and fragment in s.text]
    return span.speaker


@pytest.mark.parametrize(
    "fragment, speaker",
    [
        ("From this perspective, they hope", "Bi Qi"),
        ("It is well known that a phenomenon", "Bi Qi"),
        ("Should they follow the Google Android", "Bi Qi"),
        ("This might also be one of the reasons", "Bi Qi"),
        ("This is why American giants still", "Bi Qi"),
        ("The first factor in determining", "Brad Smith"),
        ("very strange", "Bill Gurry"),
        ("effectively making them well-known", "Bill Gurry"),
        ("Naming an unknown Chinese company", "a well-informed person"),
        ("there is not much attention within the domestic AI circle", "an industry insider"),
    ],
)
def test_seed_quotes_have_the_right_speakers(seed_spans, fragment, speaker):
    _, quotes, _ = seed_spans
    assert _speaker_of(quotes, fragment) == speaker


def test_seed_anonymous_sources_are_flagged(seed_spans):
    _, _, sources = seed_spans
    texts = [s.text for s in sources]
    assert "an industry insider" in texts
    assert any(t.startswith("a well-informed person") for t in texts)


def test_seed_single_words_in_marks_are_scare_quotes(seed_spans):
    _, quotes, _ = seed_spans
    scare = {s.text for s in quotes if s.kind == "scare_quote"}
    assert {'"Naming"', '"named"', '"threat,"'} <= scare
    # names and titles in marks are neither quotes nor scare quotes
    assert not any("Stargate" in s.text or "Six Little Tigers" in s.text for s in quotes)


# --------------------------------------------------------------------------- the demo gold


def _agreement(kind, gold, predicted):
    """Span-overlap precision and recall, pooled over articles."""
    tp_pred = tp_gold = n_pred = n_gold = 0
    for article_id in gold["article_id"].unique():
        g = gold[(gold["article_id"] == article_id) & (gold["kind"] == kind)]
        p = predicted[(predicted["article_id"] == article_id) & (predicted["kind"] == kind)]
        gs = list(zip(g["start"], g["end"], strict=True))
        ps = list(zip(p["start"], p["end"], strict=True))
        n_gold += len(gs)
        n_pred += len(ps)
        tp_gold += sum(any(a < e and s < b for a, b in ps) for s, e in gs)
        tp_pred += sum(any(a < e and s < b for a, b in gs) for s, e in ps)
    return tp_pred / n_pred, tp_gold / n_gold


@pytest.fixture(scope="module")
def demo_scored():
    corpus = load_corpus(DEMO_CORPUS)
    articles, spans = score(corpus, progress=False)
    return corpus, articles, spans


@pytest.mark.parametrize(
    "kind, min_precision, min_recall",
    [
        ("loaded", 0.9, 0.8),
        ("booster", 0.9, 0.9),
        ("quote", 0.9, 0.9),
        ("scare_quote", 0.8, 0.7),
        ("anonymous_source", 0.9, 0.8),
    ],
)
def test_detectors_agree_with_the_demo_gold(demo_scored, kind, min_precision, min_recall):
    _, _, spans = demo_scored
    gold = read_gold(DEMO_CORPUS / "annotations")
    predicted = spans[~spans["rule"].str.endswith(":negated")]
    precision, recall = _agreement(kind, gold, predicted)
    assert precision >= min_precision and recall >= min_recall, (precision, recall)


def test_hedges_agree_with_the_demo_gold(demo_scored):
    _, _, spans = demo_scored
    gold = read_gold(DEMO_CORPUS / "annotations")
    predicted = spans[spans["category"] != "attribution"]
    precision, recall = _agreement("hedge", gold, predicted)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def test_quote_speakers_and_sides_on_the_demo(demo_scored):
    _, _, spans = demo_scored
    gold = read_gold(DEMO_CORPUS / "annotations")
    quotes = spans[spans["kind"] == "quote"]
    right = total = same_side = 0
    for g in gold[gold["kind"] == "quote"].itertuples():
        p = quotes[
            (quotes["article_id"] == g.article_id)
            & (quotes["start"] < g.end)
            & (quotes["end"] > g.start)
        ]
        if p.empty:
            continue
        total += 1
        right += p["speaker"].iloc[0].lower() == g.speaker.lower()
        same_side += (p["side"].iloc[0] or "") == (g.side or "")
    assert total >= 180
    assert right / total >= 0.8 and same_side / total >= 0.88


def test_outlet_house_styles_show_in_the_metrics(demo_scored):
    """Among the English outlets (rates per 1,000 words do not compare across languages)."""
    _, articles, _ = demo_scored
    articles = articles[articles["event"] != "chip-export-curbs"]
    by_outlet = articles.groupby("outlet")[
        ["loaded_author", "authorial_words", "hedges_author"]
    ].sum()
    loaded = 1000 * by_outlet["loaded_author"] / by_outlet["authorial_words"]
    hedges = 1000 * by_outlet["hedges_author"] / by_outlet["authorial_words"]
    assert loaded.idxmax() == "daily-clarion" and loaded["meridian-wire"] == 0
    assert hedges.idxmax() == "ledger-business"


def test_every_span_is_evidence_that_round_trips(demo_scored):
    corpus, _, spans = demo_scored
    texts = dict(zip(corpus.articles["id"], corpus.articles["text"], strict=True))
    for span in spans.itertuples():
        assert texts[span.article_id][span.start : span.end] == span.text


# --------------------------------------------------------------------------- metrics by hand


def test_metrics_computed_by_hand():
    text = (
        'Officials said the regime may fall. "It is a shameless farce," said Dana Okafor.\n\n'
        "Critics say prices could rise by about 5%."
    )
    speakers = pd.DataFrame(
        {"speaker": ["Dana Okafor"], "aliases": [""], "side": ["union"], "event": [""]}
    )
    doc, spans = annotate_text(text, "t", speakers=speakers)
    m = article_metrics(doc, spans)
    # 22 words: 5 inside the quote, 17 outside it.
    assert (m["words"], m["authorial_words"], m["quoted_voice_words"]) == (22, 17, 5)
    # loaded: "regime" (author), "shameless" and "farce" (quoted)
    assert m["loaded_per_1k_words"] == pytest.approx(1000 * 1 / 17)
    assert m["loaded_per_1k_quoted_words"] == pytest.approx(1000 * 2 / 5)
    # hedges in the author's voice: may, could, about; "Officials said" and "Critics say"
    # are attribution hedges, counted apart
    assert m["hedges_per_1k_words"] == pytest.approx(1000 * 3 / 17)
    assert m["attribution_hedges"] == 2
    assert m["hedged_sentence_share"] == pytest.approx(2 / 3)
    assert (m["quotes_direct"], m["quotes_indirect"]) == (1, 2)
    assert m["quoted_word_share"] == pytest.approx(5 / 22)
    assert m["anonymous_sources"] == 2  # "Officials", "Critics"
    assert m["distinct_speakers"] == 3  # Dana Okafor, officials, critics
    assert m["verbatim_quote_words"] == 5
    # Sides are on the spans, never in column names: Okafor's quote is the union's.
    union = [s for s in spans if s.kind == "quote" and s.side == "union"]
    assert [s.speaker for s in union] == ["Dana Okafor"]
    assert not any(k.startswith("quotes_side_") for k in m)
    assert m["stance_verb_share"] == 0.0


def test_rates_with_no_denominator_are_missing_not_zero():
    doc, spans = annotate_text("No quotes here at all.", "t")
    m = article_metrics(doc, spans)
    assert math.isnan(m["loaded_per_1k_quoted_words"])
    assert m["quoted_word_share"] == 0.0


# --------------------------------------------------------------------------- command line


def test_score_command_writes_spans_articles_and_provenance(tmp_path):
    result = run_cli("score", "corpus/demo", "--out", str(tmp_path / "run"), "--no-progress")
    assert result.returncode == 0, result.stderr
    tmp_path = tmp_path / "run"
    articles = pd.read_csv(tmp_path / "articles.csv")
    spans = pd.read_csv(tmp_path / "spans.csv")
    assert len(articles) == 20 and {"loaded_per_1k_words", "stance_verb_share"} <= set(articles)
    assert list(spans.columns[:10]) == [
        "article_id",
        "kind",
        "start",
        "end",
        "text",
        "voice",
        "category",
        "speaker",
        "speaker_role",
        "side",
    ]
    assert list(spans.columns[-3:]) == ["words", "outlet", "event"] and (spans["words"] >= 0).all()
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["options"]["lexicon_versions"]["loaded"] == "1.1.0"
    assert run["options"]["lexicon_versions"]["loaded_zh"] == "1.0.0"
    assert len(run["corpus"]["fingerprint"]) == 64 and run["engine"] == "local"
    assert run["articles"] == 20 and run["spans"] == len(spans)
    from analysis.pipeline.run import read_run

    back = read_run(tmp_path)
    assert len(back.articles) == 20 and len(back.spans()) == len(spans)


def test_score_is_deterministic(tmp_path):
    for name in ("a", "b"):
        result = run_cli("score", "corpus/demo", "--out", str(tmp_path / name), "--no-progress")
        assert result.returncode == 0, result.stderr
    for name in ("spans.csv", "articles.csv", "run.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_score_with_a_bad_lexicon_exits_2_naming_the_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("term\tcategory\tinflect\tnotion\nx\ty\tsideways\tz\n")
    result = run_cli("score", "corpus/demo", "--out", str(tmp_path / "out"), "--lexicon", str(bad))
    assert result.returncode == 2 and "bad.tsv, line 2: inflect 'sideways'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_tone_is_optional():
    corpus = load_corpus(DEMO_CORPUS)
    articles, spans = score(corpus, Options(tone=True), progress=False)
    # VADER is English: Chinese articles get no tone spans and no tone_mean.
    chinese = corpus.articles["language"].fillna("en").str.startswith("zh").to_numpy()
    assert "tone" in set(spans["kind"]) and articles["tone_mean"][~chinese].between(-1, 1).all()
    assert articles["tone_mean"][chinese].isna().all()
    assert not spans[
        (spans["kind"] == "tone") & spans["article_id"].isin(articles["id"][chinese])
    ].shape[0]


# --------------------------------------------------------------------------- odd corpora


@pytest.mark.slow
def test_a_5_mb_article_is_scored(tmp_path):
    from analysis.pipeline import iter_scores
    from analysis.validation.datasets import make_corpus

    paragraph = (
        'Officials said the regime may fall. "It is a shameless farce," said Dana '
        "Okafor. Critics say prices could rise by about 5%.\n\n"
    )
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    corpus = make_corpus(
        "big", tmp_path, [{"id": "big", "outlet": "o", "event": "e", "text": text}]
    )
    [result] = list(iter_scores(corpus, progress=False))
    assert result.row["words"] > 800_000 and result.row["quotes_direct"] > 20_000
    assert all(text[s.start : s.end] == s.text for s in result.spans[:1000])


def test_doubtful_results_get_a_warning(tmp_path, caplog):
    from analysis.pipeline import iter_scores
    from analysis.validation.datasets import make_corpus

    text = "\n\n".join(f'Paragraph {i} opens "a quote that never ends.' for i in range(5))
    corpus = make_corpus(
        "odd", tmp_path, [{"id": "odd", "outlet": "o", "event": "e", "text": text}]
    )
    with caplog.at_level("WARNING", logger="analysis"):
        results = list(iter_scores(corpus, progress=False))
    assert "never closed" in caplog.text and "odd" in caplog.text
    assert results[0].notes and results[0].row["quote_mark_issues"] == 5


def test_a_run_keeps_the_corpus_annotations_for_the_notebooks(tmp_path):
    import shutil

    from analysis.pipeline.run import write_run

    corpus_dir = tmp_path / "c"
    shutil.copytree(DEMO_CORPUS, corpus_dir)
    for extra in (corpus_dir / "annotations").glob("*.jsonl"):
        if extra.stem != "port-strike":
            extra.unlink()
    corpus = load_corpus(corpus_dir)
    corpus.articles = corpus.articles[corpus.articles["event"] == "port-strike"]
    run = write_run(corpus, tmp_path / "run", progress=False)
    kept = run.annotations_path("port-strike")
    assert kept.read_bytes() == (corpus_dir / "annotations" / "port-strike.jsonl").read_bytes()
    assert run.annotations_path("grid-blackout") is None
    assert "corpus/annotations/port-strike.jsonl" in run.meta["files"]
