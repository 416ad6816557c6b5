"""The evidence page: standalone, every span marked, quotes shaded by side."""

from __future__ import annotations

from analysis import load_corpus, score
from analysis.paths import DEMO_CORPUS
from analysis.pipeline import annotate_text
from analysis.report.evidence import render_article, render_event_html
from analysis.schema import spans_frame


def test_render_article_marks_nested_spans_and_escapes_html():
    text = 'The <regime> said: "It is a shameless farce," said Dana Okafor.'
    _, spans = annotate_text(text, "t")
    html = render_article(text, spans_frame(spans), {"": "#DDDDDD"})
    assert "<regime>" not in html and "&lt;" in html  # the text is escaped
    assert 'class="mark loaded"' in html and "shameless" in html
    assert 'class="quote"' in html and "Dana Okafor" in html  # speaker in the hover title


def test_event_page_is_standalone_and_shows_every_outlet():
    corpus = load_corpus(DEMO_CORPUS).subset(events=["port-strike"])
    _, spans = score(corpus, progress=False)
    outlets = corpus.outlet_names()
    page = render_event_html(
        "port-strike", corpus.articles, spans, outlets, {"union": "#E69F00", "employer": "#0072B2"}
    )
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "http://" not in page and "https://" not in page
    for outlet in outlets:
        assert f"<h2>{outlet}</h2>" in page
    assert page.count('class="mark loaded"') >= 10
    assert "background:#E69F0033" in page  # union quotes shaded in the union colour
