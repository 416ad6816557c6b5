"""Anonymous and vague source phrases: the common forms, singular and plural; non-sources."""

from __future__ import annotations

import pytest

from analysis.detect.sourcing import detect_sources
from analysis.pipeline import annotate_text
from analysis.pipeline.metrics import article_metrics
from analysis.text import segment


def sources(text):
    return [(s.text, s.category) for s in detect_sources(segment(text), "t")]


@pytest.mark.parametrize(
    "text, phrase, category",
    [
        (
            "People familiar with the matter said talks stalled.",
            "People familiar with the matter",
            "vague",
        ),
        (
            "A person familiar with the talks said they stalled.",
            "A person familiar with the talks",
            "anonymous",
        ),
        (
            "Sources close to the board said the deal was off.",
            "Sources close to the board",
            "vague",
        ),
        (
            "A source close to the board said the deal was off.",
            "A source close to the board",
            "anonymous",
        ),
        (
            "A person who has followed the sector for years told reporters the firm was weak.",
            "A person",
            "anonymous",
        ),
        ("State media said the visit went well.", "State media", "vague"),
        ("Officials said the road would reopen.", "Officials", "vague"),
        ("An official said the road would reopen.", "An official", "anonymous"),
        ("The talks failed, according to a source.", "a source", "anonymous"),
        ("The talks failed, according to sources.", "sources", "vague"),
        ("Some leading Democrats said the move was right.", "Some leading Democrats", "vague"),
        ("Backers say the law copies the federal one.", "Backers", "vague"),
        ("Republicans seem confident they have the votes.", "Republicans", "vague"),
        ("The governor, amid calls by critics to veto the bill, waited.", "critics", "vague"),
        ("Many point to the gas tax fund as a model.", "Many", "vague"),
        (
            "Officials with the party's campaign committee made clear they would not help.",
            "Officials with the party's campaign committee",
            "vague",
        ),
    ],
)
def test_common_forms(text, phrase, category):
    assert (phrase, category) in sources(text)


def test_a_re_mention_of_an_unnamed_source_is_a_span_too():
    text = "A senior official said the plan was late. The official said nothing more."
    assert [t for t, _ in sources(text)] == ["A senior official", "The official"]


@pytest.mark.parametrize(
    "text",
    [
        "Priya Nand, an analyst at Harbour Bank, said prices rose.",  # apposition to a name
        "Economist Lars Berg said prices rose.",  # a title before a name
        "Matlow said most tenants are not aware of their rights.",  # the reported clause
        "The mayor told reporters that the road would reopen.",  # the audience
        "Nearly eight of 10 voters say they will watch the debate.",  # poll respondents
        "Not everyone is convinced the alarm is justified.",  # negated
        "House members approved the bill on Friday.",  # an action, not a statement
        "Those who believe the law is too strict will be disappointed.",  # defined by the view
        "Companies reported higher profits this quarter.",  # "reported" of companies
    ],
)
def test_not_sources(text):
    assert sources(text) == []


def test_sources_inside_a_quote_have_the_quoted_voice():
    [span] = detect_sources(segment('"Everybody agrees we must act," the mayor said.'), "t")
    assert (span.text, span.voice) == ("Everybody", "quoted")


def test_each_source_is_counted_once_per_article():
    text = (
        "A senior official said the plan was late. The official said nothing more. "
        "Another official disagreed. Critics say the plan is costly. Critics argue it is "
        'late. Analysts said so. "Many people are angry," the mayor said.'
    )
    doc, spans = annotate_text(text, "t")
    found = [(s.text, s.speaker) for s in spans if s.kind == "anonymous_source"]
    assert found == [
        ("A senior official", "A senior official"),
        ("The official", "A senior official"),  # a re-mention names the earlier source
        ("Another official", "Another official"),
        ("Critics", "Critics"),
        ("Critics", "Critics"),
        ("Analysts", "Analysts"),
        ("Many people", "Many people"),  # quoted voice: the mayor's source
    ]
    # distinct sources in the author's voice: the official, another official, critics, analysts
    assert article_metrics(doc, spans)["anonymous_sources"] == 4


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Two people familiar with the matter said the deal was off.", "vague_group"),
        ("Sources close to the company said the deal was off.", "vague_group"),
        ("Officials not authorized to speak publicly said the deal was off.", "vague_group"),
        ("A person familiar with the matter said the deal was off.", "anonymous_individual"),
    ],
)
def test_a_quote_from_a_source_phrase_has_the_type_of_the_source(text, kind):
    _, spans = annotate_text(text, "t")
    quote = next(s for s in spans if s.kind == "quote")
    source = next(s for s in spans if s.kind == "anonymous_source")
    assert quote.speaker_type == source.speaker_type == kind
