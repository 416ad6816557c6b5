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
    frame = spans_frame(spans)
    frame["outlet"] = "o"
    html = render_article(text, frame, {"": "#DDDDDD"})
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
    assert page.startswith("<!DOCTYPE html>") and "<script src" not in page
    assert "http://" not in page and "https://" not in page
    for outlet in outlets:
        assert f"<h2>{outlet}</h2>" in page
    assert page.count('class="mark loaded"') >= 10
    assert "background:#E69F0033" in page  # union quotes shaded in the union colour


def test_hostile_text_and_names_are_escaped_everywhere():
    import pandas as pd

    text = 'He said "<script>alert(1)</script>" and </script><img src=x onerror=alert(2)>.'
    articles = pd.DataFrame(
        {"id": ["a1"], "outlet": ["<b>o</b>"], "title": ["<i>t</i>"], "text": [text]}
    )
    _, spans = annotate_text(text, "a1")
    frame = spans_frame(spans)
    page = render_event_html('"><script>x</script>', articles, frame, ["<b>o</b>"], {"": "#DDDDDD"})
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<b>o</b>" not in page and "&lt;b&gt;o&lt;/b&gt;" in page
    # The KWIC data sits in a JSON script block that cannot be closed by the text.
    data = page.split('id="kwic-spans">', 1)[1].split("</script>", 1)[0]
    assert "</script" not in data and "<img" not in data
