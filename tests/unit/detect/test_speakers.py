"""Who speaks: one test per general cause of a wrong speaker found on real coverage.

Each case is written here (invented names), after an error class read in the
Gender Gap Tracker developer split or in real coverage of one event (issue 13).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.detect.quotes import detect_quotes
from analysis.text import segment


def quotes(text, **kw):
    spans = detect_quotes(segment(text), "t", **kw)
    return [s for s in spans if s.kind == "quote"]


def speaker_of(text, fragment, **kw):
    [span] = [s for s in quotes(text, **kw) if fragment in s.text]
    return span.speaker, span.speaker_type


# --------------------------------------------------------------------------- names


def test_a_fronted_phrase_or_a_day_is_not_the_speaker():
    text = (
        "On Tuesday, Donald Marsh, the president of the regional council, urged the "
        'government "to clarify its intentions as soon as possible."'
    )
    assert speaker_of(text, "clarify")[0] == "Donald Marsh"


def test_a_role_between_an_organisation_and_a_name_after_the_verb():
    text = '"They won the one-on-ones," said Rovers head coach Ken Hallam.'
    [span] = quotes(text)
    assert (span.speaker, span.speaker_role) == ("Ken Hallam", "Rovers head coach")


def test_a_possessive_role_then_the_name():
    text = '"Most places will not print anything," says Campbell\'s partner, Jason Loft.'
    assert speaker_of(text, "Most places")[0] == "Jason Loft"


def test_a_name_after_a_possessive_title_speaks():
    text = "Keeper of the Ruler's Seal, Syed Danial Ahmad, said the council met on Monday."
    assert speaker_of(text, "the council met")[0] == "Syed Danial Ahmad"


def test_a_person_of_an_organisation_speaks_not_the_organisation():
    text = "Irene Holm of Tidewell University said several transformers were too old."
    assert speaker_of(text, "several transformers")[0] == "Irene Holm"


def test_a_place_is_never_the_person_a_pronoun_means():
    text = (
        "Dave Martin, an addictions doctor, works in Nova Scotia. He sees patients daily. "
        '"Too often, they get it," he said.'
    )
    assert speaker_of(text, "Too often") == ("Dave Martin", "person")


def test_a_word_inside_the_next_quote_is_not_the_speaker():
    text = (
        'Marc Gaspard voiced his "frustration and anger" on Twitter, writing "It is '
        'unbelievable how many are abandoned."'
    )
    assert "It" not in {s.speaker for s in quotes(text)}


def test_a_city_is_not_merged_with_a_company_named_after_it():
    text = (
        "Orvel Power cut supply to half the city. The mayor of Orvel, Sofia Brandt, "
        'called the blackout "a disgrace."'
    )
    assert speaker_of(text, "disgrace")[0] == "Sofia Brandt"


# --------------------------------------------------------------------------- pronouns


def test_a_pronoun_means_the_subject_of_the_sentence_before():
    text = (
        "Sandra Lee wrote the memo. Mary Voss, director of the programme, agreed with "
        'Lee\'s approach. "It is important to note," she wrote.'
    )
    assert speaker_of(text, "important")[0] == "Mary Voss"


def test_a_surname_mention_makes_the_person_the_antecedent():
    text = (
        "Mamadou Dia was in Nairobi for work. Hiram Kosgei, a guard, opened the gate. "
        'Dia hid in a room with other guests. "They told us by text," he said.'
    )
    assert speaker_of(text, "They told us")[0] == "Mamadou Dia"


def test_he_and_she_follow_gender_shown_in_the_text():
    text = (
        "Morgan Neely was afraid to let her guard down. Tom Reid, her boyfriend, met her "
        "in March. "
        '"I feel lucky every day," she said.'
    )
    assert speaker_of(text, "I feel lucky")[0] == "Morgan Neely"


def test_a_byline_is_never_an_antecedent():
    text = 'By Jane Roe\n\n"We are tired of waiting," she said.'
    assert speaker_of(text, "tired")[0] != "Jane Roe"


def test_a_dateline_is_never_a_speaker():
    text = 'OTTAWA — "Winter is long here," it said, quoting a report.'
    assert speaker_of(text, "Winter")[0] != "OTTAWA"


# --------------------------------------------------------------------------- organisations


def test_the_company_is_the_business_named_before_not_the_newspaper():
    text = (
        "Orvel Technologies opened offices abroad, the Daily Harbinger reported. "
        "The company said it would hire 200 engineers."
    )
    assert speaker_of(text, "hire 200") == ("Orvel Technologies", "organisation")


def test_it_is_the_organisation_the_article_is_about():
    text = (
        "Qinlu Labs, a startup, has offices in six countries. Analysts expect growth. "
        "It said that its models were safe."
    )
    assert speaker_of(text, "its models")[0] == "Qinlu Labs"


def test_a_document_speaks_for_its_owner():
    text = (
        "Qinlu Labs was founded in 2019. According to its website, the firm employs "
        "about 1,200 people."
    )
    assert speaker_of(text, "employs") == ("Qinlu Labs", "document")


def test_a_document_released_by_an_office_speaks_for_the_office():
    text = (
        '"We discussed the detention," said a statement released by the Prime Minister\'s Office.'
    )
    assert speaker_of(text, "detention") == ("Prime Minister's Office", "document")


def test_an_outlet_cited_as_a_source_is_a_media_outlet():
    text = "According to CNBC, the startup received attention after releasing its model."
    assert speaker_of(text, "received") == ("CNBC", "media_outlet")


def test_the_corpus_outlets_are_media_outlets():
    outlets = pd.DataFrame({"outlet": ["harbinger"], "name": ["The Harbinger Times"]})
    text = "Dana Ruiz told the Harbinger that the strike would go on."
    spans = quotes(text, outlets=outlets)
    assert spans[0].speaker == "Dana Ruiz"
    text = "The Harbinger reported that the strike would go on."
    assert speaker_of(text, "strike", outlets=outlets) == ("The Harbinger Times", "media_outlet")


def test_the_headline_never_supplies_a_speaker():
    body = (
        "Orvel Technologies named a rival in a blog post. "
        '"We lead on safety," the company wrote in the post.'
    )
    speaker = speaker_of(body, "safety", title="U.S. firm warns of rival")[0]
    assert speaker == "Orvel Technologies"


# --------------------------------------------------------------------------- descriptions


def test_a_description_keeps_its_words_case_and_head():
    text = 'A spokesperson for the Gidimt\'en camp described the scene as "chaos all around."'
    assert speaker_of(text, "chaos") == (
        "a spokesperson for the Gidimt'en camp",
        "anonymous_individual",
    )


def test_a_vague_group_keeps_its_modifiers():
    text = "South Korean officials say the visit is the leader's 35th birthday."
    assert speaker_of(text, "visit") == ("South Korean officials", "vague_group")


def test_an_anonymity_clause_is_not_part_of_the_speaker():
    text = (
        "Senators were lining up against the money, according to a senior aide who spoke "
        "on condition of anonymity."
    )
    assert speaker_of(text, "lining up")[0] == "a senior aide"


@pytest.mark.parametrize(
    "alias, written",
    [("the blog post", "The Blog Post"), ("Qilo's", "Qilo"), ("QILO LABS", "Qilo Labs")],
)
def test_aliases_normalise_articles_case_and_possessives(alias, written):
    speakers = pd.DataFrame(
        {"speaker": ["Qilo Labs"], "aliases": [alias], "side": ["industry"], "event": [""]}
    )
    text = f'"We are ready," {written} said.'
    [span] = quotes(text, speakers=speakers)
    assert (span.speaker, span.side) == ("Qilo Labs", "industry")
