"""Long paragraphs: Punkt works a window at a time, with the sentences of one call.

NLTK bounds each regular-expression call of Punkt by a wall-clock limit (5 s), so
one call over a paragraph of a few megabytes failed with ``TimeoutError`` or not
depending on the machine's load (issue 9). ``punkt_spans`` gives Punkt at most
``_WINDOW`` characters at a time; these tests pin that it does, that the result
no longer depends on the limit, and that the sentences are identical to one
Punkt call on every article of the validation datasets and the demo.
"""

from __future__ import annotations

import nltk.redos
import pytest

from analysis.corpus import load_corpus
from analysis.paths import DEMO_CORPUS
from analysis.text import sentences as sentences_module
from analysis.text import split_sentences
from analysis.text.sentences import _sentence_splitter, punkt_spans
from tests.helpers import punkt_reference


def _paragraph(n_chars: int) -> str:
    """One paragraph of news-like sentences with abbreviations, quotes and numbers."""
    sentences = [
        "The union said talks with the port authority had failed.",
        'Mr. Hale told reporters at 3 p.m. that "nothing is settled."',
        "About 4,000 dockworkers, roughly 2.5% of the U.S. total, walked out.",
        "Was it over?",
        "Sen. Dunmore (D., Ala.) disagreed!",
        "“We will be back,” said Ms. Okafor.",
    ]
    out, size = [], 0
    while size < n_chars:
        out.append(sentences[len(out) % len(sentences)])
        size += len(out[-1]) + 1
    return " ".join(out)


def test_punkt_is_given_at_most_one_window(monkeypatch):
    splitter = _sentence_splitter()
    seen: list[int] = []
    real = type(splitter).span_tokenize

    def spy(self, text, *args, **kwargs):
        seen.append(len(text))
        return real(self, text, *args, **kwargs)

    text = _paragraph(300_000)
    reference = punkt_reference(text)
    monkeypatch.setattr(type(splitter), "span_tokenize", spy)
    assert split_sentences(text) == reference
    assert len(seen) > 10 and max(seen) <= sentences_module._WINDOW


def test_a_long_paragraph_does_not_depend_on_the_time_limit(monkeypatch):
    """1 MB in one paragraph splits with Punkt's limit cut from 5 s to 1 s a call."""
    monkeypatch.setattr(nltk.redos, "DEFAULT_TIMEOUT", 1.0)
    text = _paragraph(1_000_000)
    found = split_sentences(text)
    assert len(found) > 15_000
    assert text[found[-1].start : found[-1].end] in text[-200:]


@pytest.mark.parametrize("window, margin", [(120, 40), (400, 150), (2000, 600)])
def test_windows_give_the_sentences_of_one_call(window, margin):
    text = _paragraph(30_000)
    assert punkt_spans(text, window, margin) == list(_sentence_splitter().span_tokenize(text))


def test_text_without_spaces_or_breaks_still_ends():
    for text in ("x." * 30_000, "a" * 50_000 + ". B.", ("Mr. Smith met Dr. Jones and " * 2000)):
        spans = punkt_spans(text, 500, 100)
        assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
        assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:], strict=False))


def test_margin_must_be_inside_the_window():
    with pytest.raises(ValueError):
        punkt_spans("A. B.", 100, 100)


def _dataset_texts(shared_data) -> dict[str, list[str]]:
    from analysis.validation.datasets import load_dataset

    texts = {
        name: load_dataset(name, shared_data).corpus.articles["text"].tolist()
        for name in ("basil", "polnear", "ggt", "babe")
    }
    texts["demo"] = load_corpus(DEMO_CORPUS).articles["text"].tolist()
    return texts


def test_sentences_are_identical_on_every_real_article(shared_data):
    """BASIL, PolNeAR, GGT, BABE and the demo (3,630 articles when written).

    Sentences as split by the suite are byte-identical to one Punkt call per
    paragraph; and with windows forced small (400 characters, on the whole text
    of each article), Punkt's spans are identical to one call on that text.
    """
    splitter = _sentence_splitter()
    counts = {}
    for name, texts in _dataset_texts(shared_data).items():
        counts[name] = len(texts)
        for text in texts:
            found, reference = split_sentences(text), punkt_reference(text)
            assert found == reference, (name, text[:80])
            assert [text[s.start : s.end] for s in found] == [
                text[s.start : s.end] for s in reference
            ]
            chunk = text.strip()
            assert punkt_spans(chunk, 400, 150) == list(splitter.span_tokenize(chunk)), (
                name,
                text[:80],
            )
    assert counts["basil"] >= 200 and counts["polnear"] >= 900 and counts["babe"] >= 2000
