"""The caption note for figures that put outlets of two languages side by side."""

from __future__ import annotations

from analysis import load_corpus
from analysis.compare import cross_language_note, outlet_languages
from analysis.paths import DEMO_CORPUS


def test_outlet_languages_of_the_demo():
    languages = outlet_languages(load_corpus(DEMO_CORPUS).articles)
    assert languages["kestria-herald-zh"] == ["zh"] and languages["cangwan-times"] == ["zh"]
    assert languages["kestria-herald"] == ["en"] and languages["meridian-wire"] == ["en"]


def test_the_note_appears_only_when_languages_differ():
    articles = load_corpus(DEMO_CORPUS).articles
    event = articles[articles["event"] == "chip-export-curbs"]
    note = cross_language_note(event)
    assert "English and Chinese" in note and "kestria-herald-zh" in note
    assert "English: kestria-herald" in note
    assert cross_language_note(event, ["cangwan-times", "jizhan-tech"]) == ""
    assert cross_language_note(articles[articles["event"] == "port-strike"]) == ""
