"""Detectors: lexicons, context rules, quotes and speakers, sourcing, on hand-made cases."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import segment
from analysis.detect.hedging import detect_boosters, detect_hedges
from analysis.detect.loaded import detect_loaded
from analysis.detect.quotes import detect_quotes
from analysis.detect.sourcing import detect_sources
from analysis.lexicon import LexiconError, get_lexicon, inflect, load_lexicon


def found(fn, text, kind=None, **kw):
    spans = fn(segment(text), "t", **kw)
    return [s for s in spans if kind is None or s.kind == kind]


def texts(spans):
    return [s.text for s in spans]


# --------------------------------------------------------------------------- lexicons


def test_builtin_lexicons_load_with_versions():
    for name in ("loaded", "hedges", "boosters", "reporting_verbs"):
        lexicon = get_lexicon(name)
        assert re.fullmatch(r"\d+\.\d+\.\d+", lexicon.version) and len(lexicon.entries) > 40
        assert all(e.notion for e in lexicon.entries), name


def test_inflection_of_verbs_and_nouns():
    assert ("slammed",) in inflect(["slam"], "verb") and ("slamming",) in inflect(["slam"], "verb")
    assert ("bullied",) in inflect(["bully"], "verb")
    assert ("power", "grabs") in inflect(["power", "grab"], "noun")
    assert ("politicise",) in inflect(["politicize|politicise"], "none")


def test_phrases_with_gaps_and_irregular_forms():
    spans = found(detect_loaded, "Union bosses held the whole country to ransom again.")
    assert texts(spans) == ["Union bosses", "held the whole country to ransom"]


def _write_lexicon(tmp_path, body):
    path = tmp_path / "mine.tsv"
    path.write_text("# lexicon: mine\n# version: 2.1\nterm\tcategory\tinflect\tnotion\n" + body)
    return path


def test_user_lexicon_is_used_and_versioned(tmp_path):
    path = _write_lexicon(tmp_path, "gizmo\tjargon\tnoun\tmine\n")
    spans = found(detect_loaded, "The gizmos were everywhere.", lexicons=(str(path),))
    assert texts(spans) == ["gizmos"] and spans[0].rule == "mine@2.1:4"


@pytest.mark.parametrize(
    "body, message",
    [
        ("gizmo\tjargon\tsideways\tmine\n", "line 4: inflect 'sideways'"),
        ("\tjargon\tnoun\tmine\n", "line 4: empty term or category"),
        ("gizmo\tjargon\tnoun\tmine\ngizmo\tjargon\tnoun\tmine\n", "line 5: duplicate term"),
        ("* gizmo\tjargon\tnoun\tmine\n", r"line 4: term '\* gizmo'"),
        ("a\tb\tnoun\tmine\textra\n", "line 4: 5 fields, header has 4"),
    ],
)
def test_bad_lexicon_rows_name_file_and_line(tmp_path, body, message):
    path = _write_lexicon(tmp_path, body)
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


def test_missing_lexicon_column(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("term\tcategory\nx\ty\n")
    with pytest.raises(LexiconError, match="line 1: missing column"):
        load_lexicon(path)


# --------------------------------------------------------------------------- loaded terms


def test_loaded_terms_carry_voice_and_category():
    spans = found(detect_loaded, 'The regime, he said, is "a shameless smear machine."')
    by_text = {s.text: s for s in spans}
    assert by_text["regime"].voice == "author" and by_text["regime"].category == "loaded-label"
    assert by_text["shameless"].voice == "quoted"


def test_names_are_not_loaded_terms():
    text = "Fans of Rogue Valley Brewing met the Liberty Party. Rogue officials were reckless."
    assert texts(found(detect_loaded, text)) == ["Rogue", "reckless"]


def test_negated_adjectives_are_marked_not_counted():
    [span] = found(detect_loaded, "The plan is not corrupt.")
    assert span.rule.endswith(":negated")


# --------------------------------------------------------------------------- hedges, boosters


def test_may_is_a_modal_not_the_month():
    text = "Prices may rise. In May the board met. On May 5 it voted. May 2026 was warm."
    assert texts(found(detect_hedges, text)) == ["may"]


def test_approximators_only_before_numbers():
    text = "About 40 people came, around $5 million was raised; they talked about the plan."
    assert texts(found(detect_hedges, text)) == ["About", "around"]


def test_believe_and_think_only_with_a_clause():
    text = (
        "We believe in markets. We believe that prices will fall. I think so. "
        "I think the deal fails."
    )
    assert texts(found(detect_hedges, text)) == ["believe", "think"]


def test_could_not_is_inability_not_a_hedge():
    assert texts(found(detect_hedges, "He could not be reached. It could rain.")) == ["could"]


def test_attribution_hedges_are_their_own_category():
    spans = found(
        detect_hedges, "Critics say the plan is flawed, and some experts believe it fails."
    )
    assert [(s.text, s.category) for s in spans] == [
        ("Critics say", "attribution"),
        ("some experts believe", "attribution"),
    ]


def test_impersonal_and_adverb_hedges():
    text = "It is understood that talks resumed. The firm reportedly cut jobs. It appears to work."
    assert texts(found(detect_hedges, text)) == ["It is understood", "reportedly", "appears"]


def test_boosters_and_negated_boosters():
    text = "The result is clear. It is not clear who won. Clearly, the data show that it works."
    assert texts(found(detect_boosters, text)) == ["clear", "Clearly", "show"]


# --------------------------------------------------------------------------- quotes


SPEAKERS = pd.DataFrame(
    {
        "speaker": ["Dana Okafor", "Martin Hale"],
        "aliases": ["Okafor", "Hale"],
        "side": ["union", "employer"],
        "event": ["", ""],
    }
)


def quotes(text, **kw):
    spans = found(detect_quotes, text, speakers=SPEAKERS, **kw)
    return [(s.kind, s.category, s.text, s.speaker) for s in spans if s.kind != "reporting_verb"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"We will stay out," Dana Okafor said.', "Dana Okafor"),
        ('"We will stay out," said Dana Okafor, the union\'s president.', "Dana Okafor"),
        ('Dana Okafor, the union\'s president, said: "We will stay out."', "Dana Okafor"),
        ('According to Dana Okafor, "we will stay out."', "Dana Okafor"),
        ('Okafor told reporters: "We will stay out."', "Dana Okafor"),
        ('Union leader Dana Okafor spoke. "We will stay out," she said.', "Dana Okafor"),
    ],
)
def test_direct_quote_attribution_patterns(text, speaker):
    [(kind, category, _, found_speaker)] = [q for q in quotes(text) if q[1] == "direct"]
    assert found_speaker == speaker


def test_side_comes_from_speakers_table():
    spans = found(detect_quotes, '"We offered retraining," Hale said.', speakers=SPEAKERS)
    quote = next(s for s in spans if s.kind == "quote")
    assert (quote.speaker, quote.side) == ("Martin Hale", "employer")
    verb = next(s for s in spans if s.kind == "reporting_verb")
    assert (verb.text, verb.category) == ("said", "neutral")


def test_consecutive_quotes_and_surnames_merge():
    text = (
        'Martin Hale runs the port. "We must automate," Hale said. "Every port does."\n\n'
        '"Ships will leave," he added.'
    )
    speakers = [q[3] for q in quotes(text) if q[1] == "direct"]
    assert speakers == ["Martin Hale", "Martin Hale", "Martin Hale"]


def test_quote_speaker_from_previous_sentence():
    text = 'Dana Okafor told the rally that the port was wrong. "They call it progress."'
    direct = [q for q in quotes(text) if q[1] == "direct"]
    assert direct[0][3] == "Dana Okafor"


def test_indirect_speech_and_according_to():
    text = (
        "Martin Hale told reporters that the cranes would arrive in May. "
        "The port lost ships last year, according to the harbour master."
    )
    indirect = [q for q in quotes(text) if q[1] == "indirect"]
    assert indirect == [
        ("quote", "indirect", "the cranes would arrive in May", "Martin Hale"),
        ("quote", "indirect", "The port lost ships last year", "the harbour master"),
    ]


def test_speaker_named_at_the_end_of_a_description():
    text = (
        "Interest rates will rise next year, according to former central bank governor "
        "Lena Fischer. Prices will follow, according to the IMF's Omar Haddad."
    )
    spans = [s for s in found(detect_quotes, text) if s.kind == "quote"]
    assert [(s.speaker, s.speaker_role) for s in spans] == [
        ("Lena Fischer", "former central bank governor"),
        ("Omar Haddad", "the IMF's"),
    ]


def test_the_title_refers_to_the_person_who_holds_it():
    text = (
        "Harbour commissioner Ines Moreau opened the hearing on Monday. "
        '"We will not close the port," the commissioner said.'
    )
    [direct] = [q for q in quotes(text) if q[1] == "direct"]
    assert direct[3] == "Ines Moreau"


def test_page_furniture_names_no_speaker():
    text = (
        "Tom Reyes, a dock worker, said the strike would go on.\n\n"
        "Story continues below advertisement\n\n"
        '"We are not moving," he said.\n\n'
        "(Photo: Ana Lind/Wire)\n\n"
        '"Nobody is," he added.\n\n'
        'When asked about pay, he said: "It is too low."'
    )
    spans = found(detect_quotes, text)
    assert not [s for s in spans if s.kind == "reporting_verb" and s.text == "continues"]
    assert {s.speaker for s in spans if s.kind == "quote"} == {"Tom Reyes"}


def test_partial_quote_inside_the_authors_sentence():
    text = 'Mayor Sofia Beltran called the blackout "a disgrace" on Sunday.'
    assert quotes(text) == [("quote", "partial", '"a disgrace"', "Sofia Beltran")]


def test_scare_quotes_titles_and_so_called():
    text = (
        'Analysts see it as a "threat." Its so-called "experts" agree. '
        'The report "Frontier Competition and Open Models" came out.'
    )
    assert quotes(text) == [
        ("scare_quote", "scare", '"threat."', ""),
        ("scare_quote", "scare", '"experts"', ""),
    ]


def test_stance_verbs_are_marked():
    spans = found(detect_quotes, '"We won," boasted Dana Okafor.', speakers=SPEAKERS)
    verb = next(s for s in spans if s.kind == "reporting_verb")
    assert (verb.text, verb.category) == ("boasted", "stance")


# --------------------------------------------------------------------------- sourcing


def test_anonymous_and_vague_sources():
    text = (
        "An industry insider told the Herald that sales fell. Two people familiar with the "
        "matter said talks stalled. Officials said nothing. Priya Nandakumar, an analyst at "
        "Harbourline, said prices rose."
    )
    spans = found(detect_sources, text)
    # one unnamed individual is "anonymous"; any unnamed group, counted or not, "vague"
    assert [(s.text, s.category, s.speaker_type) for s in spans] == [
        ("An industry insider", "anonymous", "anonymous_individual"),
        ("Two people familiar with the matter", "vague", "vague_group"),
        ("Officials", "vague", "vague_group"),
    ]


# --------------------------------------------------------------------------- odd input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        '"' + "This whole article is one long quote. " * 200 + '"',
        '"' * 200 + " words " + "“" * 100,
        "中国人工智能公司智谱在报告中被点名。“这是一个威胁，”专家说。",
        "<p>The <b>regime</b> said &quot;no&quot;.</p><script>var x = 1;</script>",
    ],
    ids=["empty", "blank", "one-quote", "unbalanced", "other-script", "html"],
)
def test_odd_input_does_not_crash(text):
    doc = segment(text)
    for fn in (detect_loaded, detect_hedges, detect_boosters, detect_quotes, detect_sources):
        for span in fn(doc, "t"):
            assert text[span.start : span.end] == span.text


def test_one_giant_quote_is_one_direct_quote():
    text = '"' + "We will not move. " * 50 + '" said Dana Okafor.'
    direct = [q for q in quotes(text) if q[1] == "direct"]
    assert len(direct) == 1 and direct[0][3] == "Dana Okafor"
