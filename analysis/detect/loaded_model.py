"""The learned loaded-language scorer: logistic regressions over word and sentence features.

**Words.** Each content word of an article (not a function word, number or one
letter) gets a probability that a reader would mark it as loaded. The features:

* the loaded-lexicon family the word falls in (after the sense rules), and
  whether that match is negated or part of a phrase;
* valence and subjectivity norms: VADER's (Hutto and Gilbert 2014, shipped in
  ``vaderSentiment``) and Pattern's (De Smedt and Daelemans 2012, shipped in
  TextBlob): strength, sign, rater spread;
* word class from Brill's tagger lexicon and word frequency (both shipped in
  TextBlob); word shape: suffix class, length, hyphen, case;
* **which evaluative word it is**: one weight per lemma of an open-class word
  (adjective, adverb, verb in Brill's lexicon) or of a word in the valence and
  subjectivity norms, for lemmas seen often enough, in enough articles and topics,
  in training (names and topic nouns are not open-class and have no weight of their own);
* **affixes**: one weight per two- to four-letter prefix and suffix of the word
  (the shape of evaluative morphology: *un-*, *over-*, *-ous*, *-ly*, *-ist*);
* **context**: the words either side (their family, valence, subjectivity, word
  class), a degree adverb, copula, determiner or negation before it; the valence
  and subjectivity of its sentence, its share of adverbs and adjectives, whether
  it speaks as *we* or to *you*, prescribes (*must*, *should*), asks or exclaims;
  a scare quote around the word; quoted or authorial voice.

A word's score is ``sigmoid(scale * (w . x) + shift)``: the raw logistic score,
calibrated (Platt) on the tune split. Words at or above the threshold become
spans, adjacent ones in one sentence and voice merged into one span whose
``rule`` is ``model@<version>:<score>`` (the highest word score, two decimals).
The model file holds two operating points: ``threshold`` (best F1 on the tune
split) and ``threshold_precision`` (own-voice precision of at least 0.7 by a hand
check on developer articles).

**Sentences.** A second logistic regression gives every sentence a probability
that a reader would call it biased, from the word scores in it (highest, second,
mean, count over the threshold), its lexicon families, valence, subjectivity,
degree adverbs, quotation, word classes, length and punctuation
(:func:`sentence_scores`).

The coefficients live in ``analysis/lexicons/models/loaded-model.json`` with the
training recipe, the data they were fitted on and its licence; they are made by
``make train-loaded`` (:mod:`analysis.validation.train_loaded`). Nothing is
downloaded. Static features and weights are computed once per word form and
cached, and the context features are computed for a whole article at once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from analysis.errors import LexiconError
from analysis.lexicon import LEXICON_DIR, get_lexicon
from analysis.text import Document
from analysis.wordlists import wordlist

MODEL_PATH = LEXICON_DIR / "models" / "loaded-model.json"

STOPWORDS = wordlist("stopwords")
COPULAS = wordlist("copulas")
NOUN_MARKERS = wordlist("noun_markers")
NEGATORS = wordlist("negators")
OPINION_PRONOUNS = wordlist("opinion_pronouns")
DEONTIC_MODALS = wordlist("deontic_modals")

# Lexicon families, in feature order (the categories of loaded.tsv).
FAMILIES = (
    "pejorative",
    "emotive",
    "intensifier",
    "loaded-label",
    "euphemism",
    "attack-verb",
    "conflict-metaphor",
    "insinuating-adverb",
    "stigmatising-label",
    "exaggeration",
)

# Suffix classes (a part-of-speech proxy beside the tagger lexicon).
SUFFIXES = (
    ("ly", ("ly",)),
    ("ous", ("ous",)),
    ("ive", ("ive",)),
    ("ful", ("ful",)),
    ("less", ("less",)),
    ("ic", ("ic", "ical")),
    ("ist", ("ist", "ists", "ism", "isms")),
    ("ed", ("ed",)),
    ("ing", ("ing",)),
    ("able", ("able", "ible")),
    ("abstract", ("ness", "ity", "ment", "tion", "sion", "ance", "ence")),
    ("al", ("al",)),
    ("ant", ("ant", "ent")),
    ("y", ("y",)),
    ("s", ("s",)),
)

POS_CLASSES = (
    ("adj", ("JJ",)),
    ("adv", ("RB",)),
    ("verb", ("VB", "MD")),
    ("noun", ("NN",)),
    ("proper", ("NNP",)),
)

# Open-class tags: a word with one of these first tags may have a weight of its own.
OPEN_TAGS = ("JJ", "RB", "VB")
# Endings that mark an open-class word the tagger lexicon does not know.
OPEN_ENDINGS = (
    "ly",
    "ous",
    "ive",
    "ful",
    "less",
    "ic",
    "ical",
    "ed",
    "ing",
    "able",
    "ible",
    "ish",
    "esque",
)
PREFIX_LENGTHS = (2, 3, 4)
SUFFIX_LENGTHS = (2, 3, 4)

STATIC = (
    "valence_abs",
    "valence_neg",
    "valence_strong",
    "valence_spread",
    "in_valence_norms",
    "subjectivity",
    "polarity_abs",
    "in_subjectivity_norms",
    *(f"pos_{name}" for name, _ in POS_CLASSES),
    "pos_unknown",
    "pos_comparative",
    "pos_superlative",
    "pos_past",
    "pos_gerund",
    "pos_participle",
    "frequency",
    "frequency_unknown",
    *(f"suffix_{name}" for name, _ in SUFFIXES),
    "length",
    "long_word",
    "hyphenated",
    "capitalised",
    "all_caps",
)
CONTEXT = (
    *(f"family_{f}" for f in FAMILIES),
    "family_negated",
    "family_phrase",
    "after_degree_adverb",
    "after_copula",
    "after_determiner",
    "after_negation",
    "neighbour_valence",
    "sentence_valence",
    "sentence_has_family",
    "scare_quoted",
    "quoted_voice",
    "sentence_initial",
    "valence_after_copula",
    "valence_after_degree",
    "adjective_before_noun",
    "neighbour_subjectivity",
    "previous_family",
    "next_family",
    "previous_valence",
    "next_valence",
    "previous_subjectivity",
    "next_subjectivity",
    "previous_modifier",
    "next_noun",
    "sentence_length",
    "sentence_adverbs",
    "sentence_adjectives",
    "sentence_subjectivity",
    "sentence_mean_valence",
    "sentence_strong_valence",
    "sentence_we_you",
    "sentence_question",
    "sentence_deontic",
    "sentence_exclamation",
    "sentence_families",
    "sentence_quoted",
    "sentence_degree",
)
FEATURES = ("intercept", *STATIC, *CONTEXT)
N_STATIC = 1 + len(STATIC)

SENTENCE_FEATURES = (
    "intercept",
    "length",
    *(f"family_{f}" for f in FAMILIES),
    "families",
    "families_negated",
    "word_max",
    "word_second",
    "word_count",
    "word_mean",
    "word_logit_max",
    "subjectivity_mean",
    "subjectivity_max",
    "subjective_words",
    "strong_valence",
    "mean_valence",
    "negative_valence",
    "degree",
    "quoted",
    "scare_quote",
    "adjectives",
    "adverbs",
    "superlatives",
    "exclamation",
    "question",
    "we_you",
    "deontic",
    "colon_or_dash",
)


class ModelError(LexiconError):
    """A model file that cannot be read or does not fit this code."""


@dataclass(frozen=True)
class SentenceModel:
    """Coefficients and threshold of the sentence classifier."""

    weights: np.ndarray
    threshold: float


@dataclass(frozen=True)
class LoadedModel:
    """Coefficients, calibration and operating points of the learned scorer.

    ``weights`` are the dense feature weights (:data:`FEATURES`), ``lexical`` the
    weight of each lemma and affix key (``w:<lemma>``, ``p3:<prefix>``,
    ``s3:<suffix>``); a raw score ``z`` is calibrated as ``sigmoid(scale*z + shift)``.
    """

    version: str
    weights: np.ndarray
    threshold: float
    path: Path
    meta: dict
    lexical: dict[str, float] = field(default_factory=dict)
    scale: float = 1.0
    shift: float = 0.0
    threshold_precision: float | None = None
    sentence: SentenceModel | None = None

    @property
    def label(self) -> str:
        """``model@version``, as written in ``rule`` and recorded in a run."""
        return f"model@{self.version}"

    def cut(self, threshold: float | str | None) -> float:
        """A threshold: a number, ``None`` or ``"f1"`` (the F1 point), or ``"precision"``."""
        if threshold is None or threshold == "f1":
            return self.threshold
        if threshold == "precision":
            if self.threshold_precision is None:
                raise ModelError(f"{self.path}: this model has no precision operating point")
            return self.threshold_precision
        if isinstance(threshold, str):
            raise ValueError(f"threshold {threshold!r} is not a number, 'f1' or 'precision'")
        return float(threshold)

    def __hash__(self) -> int:
        return hash((self.version, str(self.path)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LoadedModel) and (self.version, self.path) == (
            other.version,
            other.path,
        )


def model_from_dict(data: dict, path: Path = MODEL_PATH) -> LoadedModel:
    """A :class:`LoadedModel` from a model file's content.

    Raises:
        ModelError: the features or the affix lengths are not this code's.
    """
    names = tuple(data.get("features", ()))
    if names != FEATURES:
        raise ModelError(
            f"{path}: its features do not match this code's ({len(names)} vs {len(FEATURES)}); "
            "retrain with make train-loaded"
        )
    affixes = data.get("affixes", {})
    if (
        tuple(affixes.get("prefix_lengths", ())) != PREFIX_LENGTHS
        or tuple(affixes.get("suffix_lengths", ())) != SUFFIX_LENGTHS
    ):
        raise ModelError(f"{path}: its affix lengths are not this code's; retrain")
    weights = np.array([float(data["weights"][n]) for n in names])
    calibration = data.get("calibration", {})
    sentence = None
    block = data.get("sentence_model")
    if block:
        if tuple(block.get("features", ())) != SENTENCE_FEATURES:
            raise ModelError(f"{path}: its sentence features are not this code's; retrain")
        sentence = SentenceModel(
            np.array([float(block["weights"][n]) for n in SENTENCE_FEATURES]),
            float(block["threshold"]),
        )
    precision = data.get("threshold_precision")
    return LoadedModel(
        str(data["version"]),
        weights,
        float(data["threshold"]),
        path,
        data,
        {str(k): float(v) for k, v in data.get("lexical_weights", {}).items()},
        float(calibration.get("scale", 1.0)),
        float(calibration.get("shift", 0.0)),
        None if precision is None else float(precision),
        sentence,
    )


def read_model(path: str | Path = MODEL_PATH) -> LoadedModel:
    """Read a coefficient file.

    Raises:
        ModelError: the file is missing, not JSON, or its features are not this code's.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: no such model file (make train-loaded writes it)") from None
    except json.JSONDecodeError as exc:
        raise ModelError(f"{path}: not JSON ({exc})") from None
    return model_from_dict(data, path)


@cache
def default_model() -> LoadedModel:
    """The shipped model (read once)."""
    return read_model(MODEL_PATH)


# --------------------------------------------------------------------------- norms


@cache
def valence_norms() -> dict[str, tuple[float, float]]:
    """VADER's lexicon: word -> (mean valence, rater standard deviation)."""
    text = (
        resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    )
    norms = {}
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) >= 3 and cells[0].isalpha():
            norms[cells[0].lower()] = (float(cells[1]), float(cells[2]))
    return norms


@cache
def degree_adverbs() -> frozenset[str]:
    """VADER's degree modifiers ('very', 'extremely', 'so' ...)."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    return frozenset(k for k in BOOSTER_DICT if " " not in k)


def _lemmas(word: str) -> tuple[str, ...]:
    """The word and its likely bases (plural, past, -ing, -ly): 'slammed' -> 'slam'."""
    out = [word]
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("ily", "y"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + repl
            out.append(base)
            if len(base) > 3 and base[-1] == base[-2]:  # slammed -> slamm -> slam
                out.append(base[:-1])
    return tuple(out)


def _textblob_file(name: str) -> str:
    """A data file shipped in TextBlob's ``en`` folder, read without importing TextBlob."""
    from importlib.util import find_spec

    spec = find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the textblob package is not installed (pip install -c requirements.lock .)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "en"
    return (folder / name).read_text(encoding="utf-8")


@cache
def subjectivity_norms() -> dict[str, tuple[float, float]]:
    """Word -> (mean subjectivity, mean absolute polarity) over its senses.

    Pattern's subjectivity lexicon (De Smedt and Daelemans 2012, PDDL), shipped in TextBlob.
    """
    sums: dict[str, list[float]] = {}
    for m in re.finditer(r"<word ([^>]*)/>", _textblob_file("en-sentiment.xml")):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        form = attrs.get("form", "").lower()
        if not form or " " in form:
            continue
        acc = sums.setdefault(form, [0.0, 0.0, 0.0])
        acc[0] += float(attrs.get("subjectivity", 0))
        acc[1] += abs(float(attrs.get("polarity", 0)))
        acc[2] += 1
    return {w: (a / n, b / n) for w, (a, b, n) in sums.items()}


@cache
def word_classes() -> dict[str, str]:
    """Brill's tagger lexicon (shipped in TextBlob): lower-cased word -> its first tag."""
    out: dict[str, str] = {}
    for line in _textblob_file("en-lexicon.txt").split("\n"):
        if line.startswith(";;;") or " " not in line:
            continue
        word, tag = line.split(" ", 2)[:2]
        low = word.lower()
        if low == word or low not in out:
            out[low] = tag
    return out


@cache
def word_counts() -> dict[str, int]:
    """Word frequencies shipped in TextBlob (Project Gutenberg, Wiktionary, BNC lists)."""
    out: dict[str, int] = {}
    for line in _textblob_file("en-spelling.txt").split("\n"):
        if line.startswith(";;;") or " " not in line:
            continue
        word, count = line.rsplit(" ", 1)
        if count.isdigit():
            out[word.lower()] = int(count)
    return out


@cache
def evaluative_words() -> frozenset[str]:
    """Words of the valence and subjectivity norms and of the loaded lexicon's entries."""
    words = set(valence_norms()) | set(subjectivity_norms())
    for entry in get_lexicon("loaded").entries:
        words.update(w for w in re.split(r"[\s|]+", entry.term.lower()) if w.isalpha())
    return frozenset(words)


_VALENCE_CACHE: dict[str, tuple[float, float, bool]] = {}


def word_valence(lowered: str) -> tuple[float, float, bool]:
    """(valence, rater spread, found) of a lower-cased word, through its bases."""
    hit = _VALENCE_CACHE.get(lowered)
    if hit is None:
        norms = valence_norms()
        hit = (0.0, 0.0, False)
        for form in _lemmas(lowered):
            if form in norms:
                mean, sd = norms[form]
                hit = (mean, sd, True)
                break
        _VALENCE_CACHE[lowered] = hit
    return hit


def lemma(lowered: str) -> str:
    """A cheap lemma: the first base form (see :func:`_lemmas`) the tagger lexicon knows.

    Forms the lexicon spells only with a capital are names, not bases: 'bragging' is
    'brag', not 'Bragg'; 'chaos' stays 'chaos', not 'Chao'.
    """
    classes, proper = word_classes(), proper_words()
    for form in _lemmas(lowered)[1:]:
        if len(form) >= 3 and form in classes and form not in proper:
            return form
    return lowered


@cache
def proper_words() -> frozenset[str]:
    """Lower-cased words that Brill's tagger lexicon spells only with a capital.

    Demonyms, proper adjectives and names (*Chinese*, *American*, *Texan*): a word of
    a people or a place is never loaded by itself, so it gets no weight of its own.
    """
    lower, capital = set(), set()
    for line in _textblob_file("en-lexicon.txt").split("\n"):
        if line.startswith(";;;") or " " not in line:
            continue
        word = line.split(" ", 1)[0]
        (lower if word.lower() == word else capital).add(word.lower())
    return frozenset(capital - lower)


def has_own_weight(lowered: str) -> bool:
    """Whether a word may carry a weight of its own: open-class, or in the evaluative norms.

    Open-class: its first tag in Brill's lexicon is an adjective, adverb or verb, or
    the lexicon does not know it and it ends like one (-ly, -ous, -ive, -ed, ...).
    Never a word the lexicon spells only with a capital (:func:`proper_words`).
    """
    if lowered in proper_words():
        return False
    tag = word_classes().get(lowered)
    if tag is None:
        if lowered.endswith(OPEN_ENDINGS):
            return True
    elif tag.startswith(OPEN_TAGS):
        return True
    evaluative = evaluative_words()
    return any(form in evaluative for form in _lemmas(lowered))


def lexical_keys(lowered: str) -> tuple[str, ...]:
    """The lemma and affix keys of a candidate word (weights exist for some of them)."""
    keys = []
    if has_own_weight(lowered):
        keys.append("w:" + lemma(lowered))
    n = len(lowered)
    for k in SUFFIX_LENGTHS:
        if n > k + 1:
            keys.append(f"s{k}:{lowered[-k:]}")
    for k in PREFIX_LENGTHS:
        if n > k + 1:
            keys.append(f"p{k}:{lowered[:k]}")
    return tuple(keys)


# --------------------------------------------------------------------------- features

_STATIC_CACHE: dict[str, tuple[float, ...] | None] = {}


def is_candidate(word: str) -> bool:
    """A content word: not a function word, number or single character."""
    low = word.lower()
    return not (len(low) < 2 or low in STOPWORDS or not low[0].isalpha() or low.isdigit())


def _static(word: str) -> tuple[float, ...] | None:
    """Intercept and static features of one word form; ``None`` for a non-candidate."""
    if not is_candidate(word):
        return None
    low = word.lower()
    v, sd, found = word_valence(low)
    row = [1.0, abs(v) / 4, max(0.0, -v) / 4, float(abs(v) >= 2), sd / 2 if found else 0.0]
    row.append(float(found))
    subj = None
    for form in _lemmas(low):
        subj = subjectivity_norms().get(form)
        if subj is not None:
            break
    row += [subj[0], subj[1], 1.0] if subj is not None else [0.0, 0.0, 0.0]
    tag = word_classes().get(low, "")
    for _, prefixes in POS_CLASSES:
        row.append(
            float(tag.startswith(prefixes) and not (prefixes == ("NN",) and tag.startswith("NNP")))
        )
    row += [
        float(not tag),
        float(tag in ("JJR", "RBR")),
        float(tag in ("JJS", "RBS")),
        float(tag == "VBD"),
        float(tag == "VBG"),
        float(tag == "VBN"),
    ]
    count = word_counts().get(low)
    if count is None:
        for form in _lemmas(low)[1:]:
            count = word_counts().get(form)
            if count is not None:
                break
    row += [math.log10(count + 1) / 5 if count else 0.0, float(count is None)]
    for _, endings in SUFFIXES:
        row.append(float(any(low.endswith(e) and len(low) > len(e) + 2 for e in endings)))
    row += [
        min(len(low), 15) / 15,
        float(len(low) >= 9),
        float("-" in low),
        float(word[0].isupper()),
        float(word.isupper() and len(word) > 1),
    ]
    return tuple(row)


def static_features(word: str) -> tuple[float, ...] | None:
    """Cached :func:`_static` (keyed by the word as written: case is a feature)."""
    try:
        return _STATIC_CACHE[word]
    except KeyError:
        row = _STATIC_CACHE[word] = _static(word)
        return row


# Per lower-cased form: facts the context features read off the neighbours.
_FACT_NAMES = (
    "valence",  # |VADER valence| / 4 (0 for a function word)
    "subjectivity",  # Pattern subjectivity (0 for a function word or an unknown word)
    "negative",  # 1 when VADER valence <= -0.5
    "strong",  # 1 when |VADER valence| >= 2
    "has_subjectivity",
    "content",
    "adjective",
    "adverb",
    "noun",
    "superlative",
    "degree",
    "copula",
    "determiner",
    "negator",
    "we_you",
    "deontic",
)
_F = {name: k for k, name in enumerate(_FACT_NAMES)}
_FACT_CACHE: dict[str, tuple[float, ...]] = {}


def _facts(low: str) -> tuple[float, ...]:
    hit = _FACT_CACHE.get(low)
    if hit is not None:
        return hit
    content = is_candidate(low)
    valence = subj = 0.0
    negative = strong = has_subj = 0.0
    if content:
        v, _, _ = word_valence(low)
        valence, negative, strong = abs(v) / 4, float(v <= -0.5), float(abs(v) >= 2)
        for form in _lemmas(low):
            s = subjectivity_norms().get(form)
            if s is not None:
                subj, has_subj = s[0], 1.0
                break
    tag = word_classes().get(low, "")
    hit = (
        valence,
        subj,
        negative,
        strong,
        has_subj,
        float(content),
        float(tag.startswith("JJ")),
        float(tag.startswith("RB")),
        float(tag.startswith("NN")),
        float(tag in ("JJS", "RBS")),
        float(low in degree_adverbs()),
        float(low in COPULAS),
        float(low in NOUN_MARKERS),
        float(low in NEGATORS or low.endswith("n't")),
        float(low in OPINION_PRONOUNS),
        float(low in DEONTIC_MODALS),
    )
    _FACT_CACHE[low] = hit
    return hit


@dataclass(frozen=True)
class FamilyHit:
    """A lexicon match seen from one of its words."""

    category: str
    negated: bool
    phrase: bool


_C = {name: k for k, name in enumerate(CONTEXT)}
_S = {name: k for k, name in enumerate(("intercept", *STATIC))}
_FAMILY_COLUMN = {f: k for k, f in enumerate(FAMILIES)}


@dataclass
class DocFeatures:
    """Per-article arrays the word and sentence features are computed from."""

    n: int
    facts: np.ndarray  # n x len(_FACT_NAMES)
    family: np.ndarray  # n: 1 where a lexicon match covers the word
    sentence_id: np.ndarray  # n: compact sentence number of each word
    sentence_first: np.ndarray  # per sentence: first word index
    sentence_end: np.ndarray  # per sentence: past-the-last word index
    quoted: np.ndarray  # n: 1 in quoted voice
    punctuation: np.ndarray  # per sentence x 3: question, exclamation, colon or dash


def doc_features(doc: Document, families: dict[int, FamilyHit]) -> DocFeatures:
    """The per-article arrays (one pass over the words)."""
    lowered = doc.lowered
    n = len(lowered)
    facts = (
        np.array([_facts(w) for w in lowered], dtype=float)
        if n
        else np.zeros((0, len(_FACT_NAMES)))
    )
    family = np.zeros(n)
    for i in families:
        if i < n:
            family[i] = 1.0
    firsts, ends = doc.sentence_runs
    starts = [i for i in range(n) if firsts[i] == i]
    first_arr = np.array(starts, dtype=np.int64)
    end_arr = np.array([ends[i] for i in starts], dtype=np.int64)
    sid = np.zeros(n, dtype=np.int64)
    if n:
        marks = np.zeros(n, dtype=np.int64)
        marks[first_arr] = 1
        sid = np.cumsum(marks) - 1
    quoted = np.array([v == "quoted" for v in doc.word_voice], dtype=float)
    text, words = doc.text, doc.words
    punct = np.zeros((len(starts), 3))
    for k, (a, b) in enumerate(zip(starts, end_arr.tolist(), strict=True)):
        nxt = words[b].start if b < n else len(text)
        segment = text[words[a].start : nxt]
        punct[k] = (
            float("?" in segment),
            float("!" in segment),
            float(":" in segment or "\u2014" in segment or " - " in segment),
        )
    return DocFeatures(n, facts, family, sid, first_arr, end_arr, quoted, punct)


def _shift(values: np.ndarray, sid: np.ndarray, by: int) -> np.ndarray:
    """``values[i - by]`` where word ``i - by`` is in the same sentence as ``i``, else 0."""
    n = len(values)
    out = np.zeros(n)
    if by > 0 and n > by:
        same = sid[by:] == sid[:-by]
        out[by:] = np.where(same, values[:-by], 0.0)
    elif by < 0 and n > -by:
        k = -by
        same = sid[:-k] == sid[k:]
        out[:-k] = np.where(same, values[k:], 0.0)
    return out


def context_matrix(
    doc: Document, families: dict[int, FamilyHit], index: Sequence[int], df: DocFeatures
) -> np.ndarray:
    """Context features (columns as :data:`CONTEXT`) of the candidate words ``index``."""
    n, sid, facts = df.n, df.sentence_id, df.facts
    idx = np.asarray(index, dtype=np.int64)
    out = np.zeros((len(idx), len(CONTEXT)))
    if not len(idx):
        return out
    c = _C
    if families:
        fam_col = np.full(n, -1, dtype=np.int64)
        fam_neg = np.zeros(n)
        fam_phrase = np.zeros(n)
        for i, hit in families.items():
            if i < n:
                fam_col[i] = _FAMILY_COLUMN.get(hit.category, -1)
                fam_neg[i] = float(hit.negated)
                fam_phrase[i] = float(hit.phrase)
        cols = fam_col[idx]
        rows = np.nonzero(cols >= 0)[0]
        out[rows, c["family_" + FAMILIES[0]] + cols[rows]] = 1.0
        out[:, c["family_negated"]] = fam_neg[idx]
        out[:, c["family_phrase"]] = fam_phrase[idx]
    valence = facts[:, _F["valence"]] * facts[:, _F["content"]]
    subj = facts[:, _F["subjectivity"]]
    prev = {name: _shift(facts[:, _F[name]], sid, 1) for name in ("degree", "copula", "determiner")}
    out[:, c["after_degree_adverb"]] = prev["degree"][idx]
    out[:, c["after_copula"]] = prev["copula"][idx]
    out[:, c["after_determiner"]] = prev["determiner"][idx]
    neg = facts[:, _F["negator"]]
    negated = np.maximum.reduce([_shift(neg, sid, k) for k in (1, 2, 3)])
    out[:, c["after_negation"]] = negated[idx]
    near_v = np.maximum.reduce([_shift(valence, sid, k) for k in (-2, -1, 1, 2)])
    near_s = np.maximum.reduce([_shift(subj, sid, k) for k in (-2, -1, 1, 2)])
    out[:, c["neighbour_valence"]] = near_v[idx]
    out[:, c["neighbour_subjectivity"]] = near_s[idx]
    n_sent = len(df.sentence_first)
    valent = (valence >= 0.25).astype(float)
    sent_valent = np.bincount(sid, weights=valent, minlength=n_sent)
    sent_family = np.bincount(sid, weights=df.family, minlength=n_sent)
    s_idx = sid[idx]
    out[:, c["sentence_valence"]] = np.minimum(sent_valent[s_idx] - valent[idx], 5) / 5
    others = sent_family[s_idx] - df.family[idx]
    out[:, c["sentence_has_family"]] = (others > 0).astype(float)
    out[:, c["sentence_families"]] = np.minimum(others, 3) / 3
    short = _short_quote_words(doc)
    if short:
        out[:, c["scare_quoted"]] = [float(i in short) for i in index]
    out[:, c["quoted_voice"]] = df.quoted[idx]
    first = df.sentence_first[s_idx]
    out[:, c["sentence_initial"]] = (idx == first).astype(float)
    own_valence = valence[idx]
    out[:, c["valence_after_copula"]] = own_valence * out[:, c["after_copula"]]
    out[:, c["valence_after_degree"]] = own_valence * out[:, c["after_degree_adverb"]]
    noun_next = _shift(facts[:, _F["noun"]] * facts[:, _F["content"]], sid, -1)
    out[:, c["adjective_before_noun"]] = facts[idx, _F["adjective"]] * noun_next[idx]
    out[:, c["previous_family"]] = _shift(df.family, sid, 1)[idx]
    out[:, c["next_family"]] = _shift(df.family, sid, -1)[idx]
    out[:, c["previous_valence"]] = _shift(valence, sid, 1)[idx]
    out[:, c["next_valence"]] = _shift(valence, sid, -1)[idx]
    out[:, c["previous_subjectivity"]] = _shift(subj * facts[:, _F["content"]], sid, 1)[idx]
    out[:, c["next_subjectivity"]] = _shift(subj * facts[:, _F["content"]], sid, -1)[idx]
    modifier = np.maximum(facts[:, _F["adjective"]], facts[:, _F["adverb"]])
    out[:, c["previous_modifier"]] = _shift(modifier, sid, 1)[idx]
    out[:, c["next_noun"]] = _shift(facts[:, _F["noun"]], sid, -1)[idx]
    agg = sentence_aggregates(df)
    for name, column in (
        ("sentence_length", "length"),
        ("sentence_adverbs", "adverbs"),
        ("sentence_adjectives", "adjectives"),
        ("sentence_subjectivity", "subjectivity_mean"),
        ("sentence_mean_valence", "mean_valence"),
        ("sentence_strong_valence", "strong_valence"),
        ("sentence_we_you", "we_you"),
        ("sentence_question", "question"),
        ("sentence_deontic", "deontic"),
        ("sentence_exclamation", "exclamation"),
        ("sentence_quoted", "quoted"),
        ("sentence_degree", "degree"),
    ):
        out[:, c[name]] = agg[column][s_idx]
    return out


def sentence_aggregates(df: DocFeatures) -> dict[str, np.ndarray]:
    """Per sentence: length, word-class shares, valence and subjectivity, voice, punctuation."""
    sid, facts = df.sentence_id, df.facts
    m = len(df.sentence_first)
    length = (df.sentence_end - df.sentence_first).astype(float)
    content = facts[:, _F["content"]]

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(sid, weights=values, minlength=m)[:m]

    words = np.maximum(total(content), 1)
    has_subj = total(facts[:, _F["has_subjectivity"]])
    subj = facts[:, _F["subjectivity"]] * content
    subj_max = np.zeros(m + 1)
    if len(sid):
        np.maximum.at(subj_max, np.minimum(sid, m), subj)
    return {
        "length": np.log1p(length) / 4,
        "adverbs": total(facts[:, _F["adverb"]] * content) / words,
        "adjectives": total(facts[:, _F["adjective"]] * content) / words,
        "superlatives": np.minimum(total(facts[:, _F["superlative"]]), 2) / 2,
        "subjectivity_mean": total(subj) / np.maximum(has_subj, 1),
        "subjectivity_max": subj_max[:m],
        "subjective_words": np.minimum(total(content * (facts[:, _F["subjectivity"]] >= 0.5)), 5)
        / 5,
        "mean_valence": total(facts[:, _F["valence"]] * content) / words,
        "strong_valence": np.minimum(total(facts[:, _F["strong"]]), 3) / 3,
        "negative_valence": np.minimum(total(facts[:, _F["negative"]]), 3) / 3,
        "degree": np.minimum(total(facts[:, _F["degree"]]), 3) / 3,
        "we_you": (total(facts[:, _F["we_you"]]) > 0).astype(float),
        "deontic": (total(facts[:, _F["deontic"]]) > 0).astype(float),
        "quoted": total(df.quoted) / np.maximum(length, 1),
        "question": df.punctuation[:m, 0],
        "exclamation": df.punctuation[:m, 1],
        "colon_or_dash": df.punctuation[:m, 2],
    }


def candidates(doc: Document) -> list[int]:
    """Indices of the words the scorer scores."""
    return [i for i, w in enumerate(doc.words) if static_features(w.text) is not None]


def feature_matrix(
    doc: Document, families: dict[int, FamilyHit], df: DocFeatures | None = None
) -> tuple[list[int], np.ndarray]:
    """Candidate word indices and their dense feature rows (columns as :data:`FEATURES`).

    Args:
        doc: the segmented article.
        families: word index -> the lexicon match covering it (after sense rules).
        df: the article's arrays (:func:`doc_features`), when already computed.
    """
    index = candidates(doc)
    if not index:
        return index, np.zeros((0, len(FEATURES)))
    df = df or doc_features(doc, families)
    statics = np.array([static_features(doc.words[i].text) for i in index], dtype=float)
    return index, np.hstack([statics, context_matrix(doc, families, index, df)])


def sparse_keys(doc: Document, index: Sequence[int]) -> list[tuple[str, ...]]:
    """Lemma and affix keys of each candidate word (see :func:`lexical_keys`)."""
    lowered = doc.lowered
    return [_keys_of(lowered[i]) for i in index]


_KEY_CACHE: dict[str, tuple[str, ...]] = {}


def _keys_of(low: str) -> tuple[str, ...]:
    hit = _KEY_CACHE.get(low)
    if hit is None:
        hit = _KEY_CACHE[low] = lexical_keys(low)
    return hit


def _short_quote_words(doc: Document) -> set[int]:
    """Words inside quotation marks that hold one to three words (scare-quote shape)."""
    out: set[int] = set()
    for q in doc.quotes:
        if q.level != 1:
            continue
        first, last = doc.word_range(q.start, q.end)
        if 0 < last - first <= 3:
            out.update(range(first, last))
    return out


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, stable for large ``|z|``."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# --------------------------------------------------------------------------- scoring

_STATIC_SCORE: dict[tuple[int, str], float] = {}
# The models the cache holds scores of, kept alive so that no other model object can
# reuse one's id (two models of one version and path, as in the cross-dataset runs,
# are equal but score differently, so the key is the object's identity).
_SCORED_MODELS: dict[int, LoadedModel] = {}


def _static_score(model: LoadedModel, word: str) -> float:
    """The static part of a word form's raw score: static weights plus lemma and affix weights."""
    key = (id(model), word)
    hit = _STATIC_SCORE.get(key)
    if hit is None:
        row = static_features(word)
        assert row is not None
        lexical = model.lexical
        hit = float(np.dot(row, model.weights[:N_STATIC])) + sum(
            lexical.get(k, 0.0) for k in _keys_of(word.lower())
        )
        if len(_STATIC_SCORE) > 500_000 or len(_SCORED_MODELS) > 16:
            _STATIC_SCORE.clear()
            _SCORED_MODELS.clear()
        _SCORED_MODELS[id(model)] = model
        _STATIC_SCORE[key] = hit
    return hit


def raw_scores(
    doc: Document,
    families: dict[int, FamilyHit],
    model: LoadedModel,
    df: DocFeatures | None = None,
) -> tuple[list[int], np.ndarray]:
    """Candidate word indices and their raw (uncalibrated) scores ``w . x``."""
    index = candidates(doc)
    if not index:
        return index, np.zeros(0)
    df = df or doc_features(doc, families)
    static = np.array([_static_score(model, doc.words[i].text) for i in index])
    context = context_matrix(doc, families, index, df)
    return index, static + context @ model.weights[N_STATIC:]


def calibrate(model: LoadedModel, z: np.ndarray) -> np.ndarray:
    """Calibrated probabilities from raw scores."""
    return sigmoid(model.scale * z + model.shift)


def score_words(
    doc: Document,
    families: dict[int, FamilyHit],
    model: LoadedModel,
    df: DocFeatures | None = None,
) -> tuple[list[int], np.ndarray]:
    """Candidate word indices and the model's calibrated probability for each."""
    index, z = raw_scores(doc, families, model, df)
    return index, calibrate(model, z) if len(index) else np.zeros(0)


def sentence_matrix(
    doc: Document,
    families: dict[int, FamilyHit],
    index: Sequence[int],
    scores: np.ndarray,
    threshold: float,
    df: DocFeatures,
    ranges: Sequence[tuple[int, int]] | None = None,
) -> np.ndarray:
    """Sentence features (columns as :data:`SENTENCE_FEATURES`).

    One row per sentence of ``doc``, or per word range in ``ranges`` (a labelled
    unit of several sentences, as in BABE). ``families`` maps the words of every
    counted lexicon match to its family (negated matches count apart); ``index``
    and ``scores`` are the candidate words and their calibrated scores.
    """
    if ranges is None:
        ranges = list(zip(df.sentence_first.tolist(), df.sentence_end.tolist(), strict=True))
    n, m = df.n, len(ranges)
    out = np.zeros((m, len(SENTENCE_FEATURES)))
    if not m:
        return out
    unit = np.full(n, m, dtype=np.int64)  # words outside every range go to a sink row m
    for k, (a, b) in enumerate(ranges):
        unit[a:b] = k
    cols = {name: k for k, name in enumerate(SENTENCE_FEATURES)}
    out[:, cols["intercept"]] = 1.0
    # Lexicon matches, one count each (at the match's first word), by family.
    counts = np.zeros((m + 1, len(FAMILIES)))
    negated = np.zeros(m + 1)
    for i, hit in families.items():
        if i >= n or (i - 1 in families and families[i - 1] is hit):
            continue
        if hit.negated:
            negated[unit[i]] += 1
        elif hit.category in _FAMILY_COLUMN:
            counts[unit[i], _FAMILY_COLUMN[hit.category]] += 1
    for column, family in enumerate(FAMILIES):
        out[:, cols[f"family_{family}"]] = np.minimum(counts[:m, column], 3) / 3
    out[:, cols["families"]] = np.minimum(counts[:m].sum(axis=1), 5) / 5
    out[:, cols["families_negated"]] = np.minimum(negated[:m], 2) / 2
    # Word scores.
    idx = np.asarray(index, dtype=np.int64)
    p = np.asarray(scores, dtype=float)
    if len(idx):
        owner = unit[idx]
        order = np.lexsort((-p, owner))
        owner, p = owner[order], p[order]
        starts = np.searchsorted(owner, np.arange(m + 1))
        for k in range(m):
            s = p[starts[k] : starts[k + 1]]
            if len(s):
                top = min(max(float(s[0]), 1e-6), 1 - 1e-6)
                out[k, cols["word_max"]] = s[0]
                out[k, cols["word_second"]] = s[1] if len(s) > 1 else 0.0
                out[k, cols["word_count"]] = min(int((s >= threshold).sum()), 5) / 5
                out[k, cols["word_mean"]] = float(s.mean())
                out[k, cols["word_logit_max"]] = math.log(top / (1 - top)) / 5
    # Word facts aggregated over each range (a range may hold several sentences).
    punctuation = np.zeros((m + 1, 3))
    for k, (a, b) in enumerate(ranges):
        if b > a:
            first, last = df.sentence_id[a], df.sentence_id[b - 1]
            punctuation[k] = df.punctuation[first : last + 1].max(axis=0)
    per_range = DocFeatures(
        n,
        df.facts,
        df.family,
        unit,
        np.array([a for a, _ in ranges], dtype=np.int64),
        np.array([b for _, b in ranges], dtype=np.int64),
        df.quoted,
        punctuation,
    )
    agg = sentence_aggregates(per_range)
    for name in (
        "length",
        "subjectivity_mean",
        "subjectivity_max",
        "subjective_words",
        "strong_valence",
        "mean_valence",
        "negative_valence",
        "degree",
        "quoted",
        "adjectives",
        "adverbs",
        "superlatives",
        "exclamation",
        "question",
        "we_you",
        "deontic",
        "colon_or_dash",
    ):
        out[:, cols[name]] = agg[name]
    for i in _short_quote_words(doc):
        if unit[i] < m:
            out[unit[i], cols["scare_quote"]] = 1.0
    return out


def sentence_scores(
    doc: Document,
    families: dict[int, FamilyHit],
    model: LoadedModel,
    ranges: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[int, int, float]]:
    """(first word, past-the-last word, probability of a biased sentence) per sentence.

    Raises:
        ModelError: the model file has no sentence classifier.
    """
    if model.sentence is None:
        raise ModelError(f"{model.path}: this model has no sentence classifier")
    df = doc_features(doc, families)
    index, p = score_words(doc, families, model, df)
    x = sentence_matrix(doc, families, index, p, model.threshold, df, ranges)
    probs = sigmoid(x @ model.sentence.weights)
    spans = ranges or list(zip(df.sentence_first.tolist(), df.sentence_end.tolist(), strict=True))
    return [(a, b, float(q)) for (a, b), q in zip(spans, probs.tolist(), strict=True)]


def runs_above(
    doc: Document, index: Sequence[int], scores: np.ndarray, threshold: float
) -> list[tuple[int, int, float]]:
    """Runs of adjacent words scoring at or above ``threshold``: (first, last, best score).

    Words join a run when they are next to each other, or one function word apart,
    in one sentence and one voice.
    """
    runs: list[list] = []
    sentence, voice = doc.word_sentence, doc.word_voice
    for i, p in zip(index, scores.tolist(), strict=True):
        if p < threshold or math.isnan(p):
            continue
        if runs:
            last = runs[-1]
            j = last[1] - 1
            if (
                i - j <= 2
                and sentence[i] == sentence[j]
                and voice[i] == voice[j]
                and all(doc.lowered[k] in STOPWORDS for k in range(j + 1, i))
            ):
                last[1] = i + 1
                last[2] = max(last[2], p)
                continue
        runs.append([i, i + 1, p])
    return [(a, b, c) for a, b, c in runs]
