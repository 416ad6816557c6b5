"""The learned loaded-language scorer: a small logistic regression over word features.

Each content word of an article (not a function word, number or one letter) gets
a probability that a reader would mark it as loaded. The features are ones that
carry over between datasets and topics, never the word's identity:

* the loaded-lexicon family the word falls in (after the sense rules), and
  whether that match is negated or part of a phrase;
* VADER's valence norm for the word (Hutto and Gilbert 2014; the lexicon ships
  inside the ``vaderSentiment`` package): strength, sign, rater spread;
* word shape: suffix class (-ly, -ous, -ive, -ist ...), length, hyphen, case;
* context: a degree adverb, copula, determiner or negation before it; the
  valence of its neighbours and of its sentence; a scare quote around it;
  quoted or authorial voice; first word of a sentence.

The coefficients live in ``analysis/lexicons/models/loaded-model.json`` with the
training recipe, the data they were fitted on and its licence; they are made by
``make train-loaded`` (:mod:`analysis.validation.train_loaded`). Nothing is
downloaded. A word's score is ``sigmoid(w . x)``; words at or above the threshold
become spans, adjacent ones in one sentence and voice merged into one span whose
``rule`` is ``model@<version>:<score>`` (the highest word score, two decimals).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from analysis.errors import LexiconError
from analysis.lexicon import LEXICON_DIR
from analysis.text import Document
from analysis.wordlists import wordlist

MODEL_PATH = LEXICON_DIR / "models" / "loaded-model.json"

STOPWORDS = wordlist("stopwords")
COPULAS = wordlist("copulas")
NOUN_MARKERS = wordlist("noun_markers")
NEGATORS = wordlist("negators")

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

# Suffix classes (a part-of-speech proxy: no tagger ships without a download).
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
)
FEATURES = ("intercept", *STATIC, *CONTEXT)
N_STATIC = 1 + len(STATIC)


class ModelError(LexiconError):
    """A model file that cannot be read or does not fit this code."""


@dataclass(frozen=True)
class LoadedModel:
    """Coefficients and threshold of the learned scorer."""

    version: str
    weights: np.ndarray
    threshold: float
    path: Path
    meta: dict

    @property
    def label(self) -> str:
        """``model@version``, as written in ``rule`` and recorded in a run."""
        return f"model@{self.version}"

    def __hash__(self) -> int:
        return hash((self.version, str(self.path)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LoadedModel) and (self.version, self.path) == (
            other.version,
            other.path,
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
    names = tuple(data.get("features", ()))
    if names != FEATURES:
        raise ModelError(
            f"{path}: its features do not match this code's ({len(names)} vs {len(FEATURES)}); "
            "retrain with make train-loaded"
        )
    weights = np.array([float(data["weights"][n]) for n in names])
    return LoadedModel(str(data["version"]), weights, float(data["threshold"]), path, data)


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


# --------------------------------------------------------------------------- features

_STATIC_CACHE: dict[str, tuple[float, ...] | None] = {}


def _static(word: str) -> tuple[float, ...] | None:
    """Intercept and static features of one word form; ``None`` for a non-candidate."""
    low = word.lower()
    if len(low) < 2 or low in STOPWORDS or not low[0].isalpha() or low.isdigit():
        return None
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
    row.append(float(not tag))
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


@dataclass(frozen=True)
class FamilyHit:
    """A lexicon match seen from one of its words."""

    category: str
    negated: bool
    phrase: bool


_C = {name: k for k, name in enumerate(CONTEXT)}
_S = {name: k for k, name in enumerate(("intercept", *STATIC))}


def feature_matrix(doc: Document, families: dict[int, FamilyHit]) -> tuple[list[int], np.ndarray]:
    """Candidate word indices and their feature rows (columns as :data:`FEATURES`).

    Args:
        doc: the segmented article.
        families: word index -> the lexicon match covering it (after sense rules).
    """
    words, lowered = doc.words, doc.lowered
    voice = doc.word_voice
    n = len(words)
    statics = [static_features(w.text) for w in words]
    s_valence, s_subj, s_adj, s_noun = (
        _S["valence_abs"],
        _S["subjectivity"],
        _S["pos_adj"],
        _S["pos_noun"],
    )
    valence = [s[s_valence] if s is not None else 0.0 for s in statics]
    subj = [s[s_subj] if s is not None else 0.0 for s in statics]
    firsts, ends = doc.sentence_runs
    # Per sentence (run of words): how many valent words, and how many family hits.
    sent_valent: dict[int, int] = {}
    sent_family: dict[int, int] = {}
    for i in range(n):
        if valence[i] >= 0.25:
            sent_valent[firsts[i]] = sent_valent.get(firsts[i], 0) + 1
    for i in families:
        if i < n:
            sent_family[firsts[i]] = sent_family.get(firsts[i], 0) + 1
    degree = degree_adverbs()
    short_quotes = _short_quote_words(doc)
    family_index = {f: _C[f"family_{f}"] for f in FAMILIES}
    rows, index = [], []
    n_context = len(CONTEXT)
    c = _C
    for i in range(n):
        s = statics[i]
        if s is None:
            continue
        first, end = firsts[i], ends[i]
        ctx = [0.0] * n_context
        hit = families.get(i)
        if hit is not None:
            k = family_index.get(hit.category)
            if k is not None:
                ctx[k] = 1.0
            ctx[c["family_negated"]] = float(hit.negated)
            ctx[c["family_phrase"]] = float(hit.phrase)
        if i > first:
            prev = lowered[i - 1]
            ctx[c["after_degree_adverb"]] = float(prev in degree)
            ctx[c["after_copula"]] = float(prev in COPULAS)
            ctx[c["after_determiner"]] = float(prev in NOUN_MARKERS)
            for j in range(max(first, i - 3), i):
                if lowered[j] in NEGATORS or lowered[j].endswith("n't"):
                    ctx[c["after_negation"]] = 1.0
        else:
            ctx[c["sentence_initial"]] = 1.0
        best = best_subj = 0.0
        for j in (i - 2, i - 1, i + 1, i + 2):
            if first <= j < end:
                if valence[j] > best:
                    best = valence[j]
                if subj[j] > best_subj:
                    best_subj = subj[j]
        ctx[c["neighbour_valence"]] = best
        ctx[c["neighbour_subjectivity"]] = best_subj
        own_valent = 1 if valence[i] >= 0.25 else 0
        ctx[c["sentence_valence"]] = min(sent_valent.get(first, 0) - own_valent, 5) / 5
        ctx[c["sentence_has_family"]] = float(sent_family.get(first, 0) - (hit is not None) > 0)
        ctx[c["scare_quoted"]] = float(i in short_quotes)
        ctx[c["quoted_voice"]] = float(voice[i] == "quoted")
        ctx[c["valence_after_copula"]] = s[s_valence] * ctx[c["after_copula"]]
        ctx[c["valence_after_degree"]] = s[s_valence] * ctx[c["after_degree_adverb"]]
        if s[s_adj] and i + 1 < end:
            nxt = statics[i + 1]
            ctx[c["adjective_before_noun"]] = float(nxt is not None and nxt[s_noun] > 0)
        rows.append((*s, *ctx))
        index.append(i)
    matrix = np.array(rows, dtype=float) if rows else np.zeros((0, len(FEATURES)))
    return index, matrix


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


def score_words(
    doc: Document, families: dict[int, FamilyHit], model: LoadedModel
) -> tuple[list[int], np.ndarray]:
    """Candidate word indices and the model's probability for each."""
    index, matrix = feature_matrix(doc, families)
    if not index:
        return index, np.zeros(0)
    return index, sigmoid(matrix @ model.weights)


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
