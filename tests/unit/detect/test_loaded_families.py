"""Sense rules of the open-class loaded-term families, the learned scorer, the recipe."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from analysis.detect.loaded import detect_loaded
from analysis.detect.loaded_model import (
    FEATURES,
    FamilyHit,
    default_model,
    feature_matrix,
    read_model,
)
from analysis.lexicon import get_lexicon
from analysis.text import segment


def found(text: str, **kw) -> list[tuple[str, str]]:
    return [(s.text, s.category) for s in detect_loaded(segment(text), "t", **kw)]


# --------------------------------------------------------------------------- sense rules


def test_attack_verbs_count_for_non_violent_acts_only():
    assert found("The senator attacked the budget plan.") == [("attacked", "attack-verb")]
    assert found("Police said the gunman attacked two people.") == []
    assert found("He died of a heart attack.") == []


def test_conflict_metaphors_are_figurative_only():
    assert found("Critics armed with new data took aim at the agency.") == [
        ("armed with", "conflict-metaphor"),
        ("took aim at", "attack-verb"),
    ]
    assert found("A man armed with a knife was arrested.") == []
    assert found("The firm planted flags in three new markets.") == [
        ("planted flags", "conflict-metaphor")
    ]


def test_finger_counts_as_a_verb_before_an_object_only():
    assert found("The report fingers the company for the leak.") == [("fingers", "attack-verb")]
    assert found("He fingered Smith as the source.") == [("fingered", "attack-verb")]
    assert found("She burned her fingers on the stove.") == []
    assert found("Keep your fingers crossed.") == []


def test_insinuating_adverbs_and_stigmatising_labels():
    assert found("The minister conveniently forgot the memo.") == [
        ("conveniently", "insinuating-adverb")
    ]
    assert found("The agency blacklisted the firm.") == [("blacklisted", "stigmatising-label")]


def test_exaggeration_and_minimisation():
    assert found("It was a massive failure, they said, worth a paltry sum.") == [
        ("massive", "exaggeration"),
        ("paltry", "exaggeration"),
    ]


def test_every_family_entry_has_a_known_rule_and_notion():
    lexicon = get_lexicon("loaded")
    families = {e.category for e in lexicon.entries}
    assert {"attack-verb", "conflict-metaphor", "insinuating-adverb"} <= families
    assert {"stigmatising-label", "exaggeration"} <= families
    assert {e.get("rule") for e in lexicon.entries} <= {"", "figurative", "transitive"}
    assert all(e.notion for e in lexicon.entries)


# --------------------------------------------------------------------------- no demo names


# --------------------------------------------------------------------------- the model


def test_model_file_matches_the_feature_code_and_is_deterministic():
    model = default_model()
    assert model.label == "model@" + model.meta["version"] and 0 < model.threshold < 1
    assert len(model.weights) == len(FEATURES)
    text = 'The "reform" was a disgraceful sham, critics said. Officials met on Tuesday.'
    runs = [detect_loaded(segment(text), "t", scorer="model") for _ in range(2)]
    assert runs[0] == runs[1]
    for span in runs[0]:
        assert re.fullmatch(r"model@\d+\.\d+\.\d+:[01]\.\d\d", span.rule)
        assert span.category == "learned"
    scores = [float(s.rule.rsplit(":", 1)[1]) for s in runs[0]]
    assert all(s >= model.threshold - 0.005 for s in scores)


def test_threshold_trades_spans_for_precision():
    text = "The disgraceful, reckless plan was a shocking failure for the tired old party."
    low = detect_loaded(segment(text), "t", scorer="model", threshold=0.05)
    high = detect_loaded(segment(text), "t", scorer="model", threshold=0.9)
    assert len(low) >= len(high)


def test_both_adds_model_spans_only_where_no_lexicon_span_is():
    text = "The disgraceful plan was an angry, chaotic mess."
    lexicon = detect_loaded(segment(text), "t", scorer="lexicon")
    both = detect_loaded(segment(text), "t", scorer="both", threshold=0.01)
    assert set(lexicon) <= set(both)
    lex_words = {(s.start, s.end) for s in lexicon}
    for s in both:
        if s.category == "learned":
            assert not any(a < s.end and s.start < b for a, b in lex_words)


def test_lemma_weights_move_a_words_score_and_nothing_else():
    import dataclasses

    from analysis.detect.loaded_model import score_words

    model = default_model()
    doc = segment("Officials met on a reckless Tuesday.")
    index, base = score_words(doc, {}, model)
    lexical = dict(model.lexical)
    lexical["w:reckless"] = lexical.get("w:reckless", 0.0) + 5.0
    boosted = dataclasses.replace(model, version="test-lemma", lexical=lexical)
    _, scores = score_words(doc, {}, boosted)
    at = index.index(doc.lowered.index("reckless"))
    assert scores[at] > base[at]
    others = [k for k in range(len(index)) if k != at]
    assert np.allclose(scores[others], base[others])


def test_names_and_demonyms_get_no_weight_of_their_own():
    from analysis.detect.loaded_model import has_own_weight, lemma, lexical_keys

    assert not has_own_weight("chinese") and not has_own_weight("iranian")
    assert has_own_weight("bizarre") and has_own_weight("slammed")
    assert lemma("bragging") == "brag" and lemma("chaos") == "chaos"
    assert not any(k.startswith("w:") for k in lexical_keys("chinese"))
    assert not any(k == "w:chinese" for k in default_model().lexical)


def test_operating_points_and_the_sentence_classifier():
    from analysis.detect.loaded import biased_sentences
    from analysis.detect.loaded_model import ModelError

    model = default_model()
    assert model.cut(None) == model.cut("f1") == model.threshold and model.cut(0.4) == 0.4
    if model.threshold_precision is None:
        with pytest.raises(ModelError, match="precision operating point"):
            model.cut("precision")
    with pytest.raises(ValueError, match="not a number"):
        model.cut("best")
    doc = segment("We must stop this disgraceful, reckless sham! The committee met on Tuesday.")
    rows = biased_sentences(doc, model=model)
    assert [(a, b) for a, b, _ in rows] == [(0, 7), (7, 12)]
    assert all(0 < p < 1 for _, _, p in rows)
    assert rows[0][2] > rows[1][2]


def test_feature_rows_are_hand_computable():
    doc = segment("Very reckless plans.")
    index, x = feature_matrix(doc, {1: FamilyHit("pejorative", False, False)})
    assert index == [1, 2]  # "very" is a function word
    row = dict(zip(FEATURES, x[0], strict=True))
    assert row["intercept"] == 1 and row["family_pejorative"] == 1
    assert row["after_degree_adverb"] == 1 and row["pos_adj"] == 1
    assert row["valence_abs"] == pytest.approx(1.7 / 4)  # VADER: reckless -1.7


def test_unreadable_or_mismatched_model_files_are_refused(tmp_path):
    from analysis.errors import AnalysisError

    bad = tmp_path / "m.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(AnalysisError, match="not JSON"):
        read_model(bad)
    bad.write_text(json.dumps({"features": ["intercept"], "weights": {}}), encoding="utf-8")
    with pytest.raises(AnalysisError, match="retrain"):
        read_model(bad)


# --------------------------------------------------------------------------- the recipe


def _tiny_units():
    from analysis.detect.loaded_model import sparse_keys
    from analysis.validation.train_loaded import Unit, families_of, fingerprint

    texts = [
        ("The disgraceful plan was a sham.", {"disgraceful", "sham"}),
        ("The plan was published on Tuesday.", set()),
        ("Critics slammed the reckless scheme.", {"slammed", "reckless"}),
        ("The committee met in the morning.", set()),
    ] * 3
    units = []
    for k, (text, marked) in enumerate(texts):
        doc = segment(text)
        index, x = feature_matrix(doc, families_of(doc))
        y = np.array([doc.lowered[i] in marked for i in index], dtype=float)
        units.append(
            Unit(
                "babe",
                f"u{k}",
                f"g{k}",
                "train",
                fingerprint(text),
                doc,
                index,
                x,
                y,
                {"label": bool(marked), "marked": marked},
                keys=sparse_keys(doc, index),
            )
        )
    return units


def test_recipe_is_reproducible_and_learns_the_tiny_signal():
    from analysis.validation.train_loaded import babe_word_f1, fit_units

    units = _tiny_units()
    w1, w2 = fit_units(units), fit_units(units)
    assert np.array_equal(w1.dense, w2.dense) and w1.lexical == w2.lexical
    assert babe_word_f1(units, w1, 0.5) > 0.5


def test_split_is_by_group_and_stable():
    from analysis.validation.train_loaded import fingerprint, part_of

    assert part_of("event-a") == part_of("event-a")
    parts = {part_of(f"g{i}") for i in range(200)}
    assert parts == {"train", "tune", "test"}
    assert fingerprint("a  b\n c") == fingerprint("a b c")
