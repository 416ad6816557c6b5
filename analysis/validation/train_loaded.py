"""Train the learned loaded-language scorer on the developer splits (``make train-loaded``).

Recipe (every step seeded or deterministic; the same data give the same bytes):

1. **Units and groups.** BABE: one sentence a unit, grouped by the article it came
   from (``news_link``), so sentences of one article never sit on both sides of a
   split. BASIL: one article a unit, grouped by event (its three outlets stay
   together).
2. **Split.** Each group goes to a part by the SHA-256 of ``split_salt:group``:
   buckets 0-5 of 10 *train*, 6-7 *tune*, 8-9 *test*. Test is never used here:
   ``python -m analysis validate`` reports on it (on every unit whose text
   fingerprint is not among the training fingerprints stored in the model file).
3. **Labels.** A candidate word (see :mod:`analysis.detect.loaded_model`) is
   positive when BABE's experts listed it among the sentence's biased words, or
   when it lies inside a BASIL lexical-bias span (``bias == "lex"``). A BABE
   sentence is positive when it is labelled Biased.
4. **Vocabulary.** A lemma or affix key gets a weight of its own when it occurs at
   least ``MIN_COUNT`` times in the training part, in at least ``MIN_GROUPS``
   articles and in at least ``MIN_TOPICS`` topics (BABE's topic field, BASIL's
   event), so that words of one story or one topic do not get a weight.
5. **Fit.** L2-regularised logistic regression (numpy L-BFGS), each dataset
   weighted to the same total so neither dataset's base rate wins; the dense
   features, the lemma weights and the affix weights each have their own penalty.
6. **Calibration and operating points, on tune** (from a model fitted on train):
   Platt scaling of the raw score on the BABE tune words (probability that a BABE
   expert marks the word); ``threshold`` maximises the mean of BABE word F1 and
   BASIL author-voice span F1; ``threshold_precision`` is the lowest threshold at
   which the model's BABE word precision on tune reaches 0.70 (a proxy, checked by
   hand on developer articles: ``tests/data/loaded-precision-check.csv``).
7. **Sentence classifier.** A logistic regression over sentence features
   (:data:`~analysis.detect.loaded_model.SENTENCE_FEATURES`), fitted on BABE train
   sentences whose word scores come from models that did not see them (grouped
   ``K_FOLDS``-fold inside the part); its threshold maximises MCC on BABE tune.
8. **Ship.** Refit both models on train + tune with the same settings (out-of-fold
   word scores for the sentence model again); write the coefficients, calibration,
   thresholds, recipe, data fingerprints and licence notes to
   ``analysis/lexicons/models/loaded-model.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis._io import write_text_atomic
from analysis.detect.loaded import family_hits, lexicon_matches
from analysis.detect.loaded_model import (
    FEATURES,
    MODEL_PATH,
    PREFIX_LENGTHS,
    SENTENCE_FEATURES,
    SUFFIX_LENGTHS,
    DocFeatures,
    FamilyHit,
    LoadedModel,
    doc_features,
    feature_matrix,
    model_from_dict,
    runs_above,
    sentence_matrix,
    sigmoid,
    sparse_keys,
)
from analysis.text import Document, segment
from analysis.validation.datasets import GoldSet, load_dataset

MODEL_VERSION = "2.1.0"
SPLIT_SALT = "loaded-model-1"
FOLD_SALT = "loaded-model-folds"
PARTS = {"train": range(0, 6), "tune": range(6, 8), "test": range(8, 10)}
L2 = 1.0  # dense features
L2_LEMMA = 2.0  # one weight per lemma
L2_AFFIX = 6.0  # one weight per prefix or suffix
L2_SENTENCE = 1.0
MIN_COUNT = 5
MIN_GROUPS = 3
MIN_TOPICS = 3
K_FOLDS = 4
PRECISION_TARGET = 0.70
PRECISION_MIN_WORDS = 30
DATASETS = ("babe", "basil")
# BABE's topic field spells some topics two ways.
TOPIC_ALIASES = {"blm": "black lives matter"}


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a unit's text (no text is ever stored)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def part_of(group: str, salt: str = SPLIT_SALT) -> str:
    """``train``, ``tune`` or ``test`` for a group key."""
    bucket = int(hashlib.sha256(f"{salt}:{group}".encode()).hexdigest()[:8], 16) % 10
    return next(name for name, buckets in PARTS.items() if bucket in buckets)


def fold_of(group: str, k: int = K_FOLDS) -> int:
    """The cross-fitting fold of a group key (inside one part)."""
    return int(hashlib.sha256(f"{FOLD_SALT}:{group}".encode()).hexdigest()[:8], 16) % k


def topic_key(dataset: str, topic: str) -> str:
    """A topic, spelled one way: 'gun-control' and 'gun control', 'vaccines' and 'vaccine'."""
    t = " ".join(str(topic).lower().replace("-", " ").split())
    t = TOPIC_ALIASES.get(t, t)
    if t.endswith("s") and not t.endswith("ss"):
        t = t[:-1]
    return f"{dataset}:{t}"


@dataclass
class Unit:
    """One sentence (BABE) or article (BASIL) with its words' features and labels."""

    dataset: str
    unit_id: str
    group: str
    part: str
    fingerprint: str
    doc: Document
    index: list[int]
    x: np.ndarray
    y: np.ndarray
    extra: dict = field(default_factory=dict)
    keys: list[tuple[str, ...]] = field(default_factory=list)
    topic: str = ""
    families: dict[int, FamilyHit] = field(default_factory=dict)
    df: DocFeatures | None = None


def families_of(doc: Document) -> dict[int, FamilyHit]:
    """Word index -> the loaded-lexicon match covering it (after the sense rules)."""
    return family_hits(lexicon_matches(doc))


def _group(gold_set: GoldSet, row) -> str:
    if gold_set.name == "babe":
        url = row.url
        return str(url) if isinstance(url, str) and url else str(row.id)
    return str(row.event)


def build_units(gold_set: GoldSet) -> list[Unit]:
    """Feature rows and labels for every unit of a BABE or BASIL gold set."""
    arts = gold_set.corpus.articles
    gold = gold_set.gold
    spans_by = dict(tuple(gold.groupby("article_id"))) if len(gold) else {}
    units = []
    for row in arts[["id", "event", "url", "text"]].itertuples(index=False):
        text = str(row.text)
        doc = segment(text)
        families = families_of(doc)
        df = doc_features(doc, families)
        index, x = feature_matrix(doc, families, df)
        if gold_set.name == "babe":
            marked = gold_set.extra["words"].get(row.id, set())
            y = np.array([doc.lowered[i] in marked for i in index], dtype=float)
            extra = {"label": gold_set.extra["labels"][row.id], "marked": marked}
        else:
            g = spans_by.get(row.id)
            spans = list(zip(g["start"], g["end"], strict=True)) if g is not None else []
            y = np.array(
                [
                    any(s < doc.words[i].end and doc.words[i].start < e for s, e in spans)
                    for i in index
                ],
                dtype=float,
            )
            extra = {}
        group = _group(gold_set, row)
        units.append(
            Unit(
                gold_set.name,
                str(row.id),
                group,
                part_of(group),
                fingerprint(text),
                doc,
                index,
                x,
                y,
                extra,
                sparse_keys(doc, index),
                topic_key(gold_set.name, str(row.event)),
                families,
                df,
            )
        )
    return units


def load_units(data_dir: str | Path, datasets: Iterable[str] = DATASETS) -> list[Unit]:
    """Units of the named datasets read in place from ``data_dir``."""
    out: list[Unit] = []
    for name in datasets:
        out += build_units(load_dataset(name, data_dir))
    return out


# --------------------------------------------------------------------------- fitting


def lbfgs(
    f: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x0: np.ndarray,
    memory: int = 10,
    iterations: int = 1000,
    tol: float = 1e-6,
) -> np.ndarray:
    """Minimise a smooth convex ``f`` (value and gradient) by L-BFGS with backtracking."""
    x = x0.copy()
    fx, g = f(x)
    s_list: list[np.ndarray] = []
    y_list: list[np.ndarray] = []
    for _ in range(iterations):
        q = g.copy()
        alphas = []
        for s, y in zip(reversed(s_list), reversed(y_list), strict=True):
            a = (s @ q) / (y @ s)
            alphas.append(a)
            q -= a * y
        if s_list:
            q *= (s_list[-1] @ y_list[-1]) / (y_list[-1] @ y_list[-1])
        for (s, y), a in zip(zip(s_list, y_list, strict=True), reversed(alphas), strict=True):
            b = (y @ q) / (y @ s)
            q += s * (a - b)
        d = -q
        if g @ d >= 0:
            d, s_list, y_list = -g, [], []
        t = 1.0
        while True:
            xn = x + t * d
            fn, gn = f(xn)
            if fn <= fx + 1e-4 * t * (g @ d) or t < 1e-12:
                break
            t *= 0.5
        s, y = xn - x, gn - g
        if s @ y > 1e-12:
            s_list.append(s)
            y_list.append(y)
            if len(s_list) > memory:
                s_list.pop(0)
                y_list.pop(0)
        x, fx, g = xn, fn, gn
        if np.max(np.abs(g)) < tol * max(1.0, abs(fx)) or np.max(np.abs(s)) < 1e-10:
            break
    return x


@dataclass
class Design:
    """A design matrix: dense columns, then one binary column per vocabulary key."""

    dense: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    n_sparse: int

    def dot(self, w: np.ndarray) -> np.ndarray:
        """The linear scores ``X w``."""
        d = self.dense.shape[1]
        z = self.dense @ w[:d]
        if len(self.rows):
            z += np.bincount(self.rows, weights=w[d:][self.cols], minlength=len(z))
        return z

    def tdot(self, r: np.ndarray) -> np.ndarray:
        """The transposed product ``X^T r`` (for the gradient)."""
        sparse = (
            np.bincount(self.cols, weights=r[self.rows], minlength=self.n_sparse)
            if self.n_sparse
            else np.zeros(0)
        )
        return np.concatenate([self.dense.T @ r, sparse])


def fit_logistic(x: Design, y: np.ndarray, weight: np.ndarray, penalty: np.ndarray) -> np.ndarray:
    """Weighted L2 logistic regression (``penalty`` per coefficient; 0 leaves one free)."""

    def f(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x.dot(w)
        # log(1 + e^z) - y z, computed stably
        loss = float(
            (weight * (np.logaddexp(0.0, z) - y * z)).sum() + 0.5 * (penalty * w * w).sum()
        )
        grad = x.tdot(weight * (sigmoid(z) - y)) + penalty * w
        return loss, grad

    return lbfgs(f, np.zeros(len(penalty)))


def dense_design(x: np.ndarray) -> Design:
    """A design matrix with dense columns only."""
    return Design(x, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 0)


def build_vocabulary(units: list[Unit]) -> list[str]:
    """The lemma and affix keys frequent enough, in enough articles and topics (sorted)."""
    count: Counter[str] = Counter()
    groups: dict[str, set[str]] = defaultdict(set)
    topics: dict[str, set[str]] = defaultdict(set)
    for u in units:
        for keys in u.keys:
            for k in keys:
                count[k] += 1
                groups[k].add(u.group)
                topics[k].add(u.topic)
    return sorted(
        k
        for k, n in count.items()
        if n >= MIN_COUNT and len(groups[k]) >= MIN_GROUPS and len(topics[k]) >= MIN_TOPICS
    )


def design_of(units: list[Unit], vocabulary: dict[str, int]) -> Design:
    """The design matrix of some units' candidate words."""
    used = [u for u in units if len(u.index)]
    dense = np.vstack([u.x for u in used]) if used else np.zeros((0, len(FEATURES)))
    rows, cols = [], []
    r = 0
    for u in used:
        for keys in u.keys:
            for k in keys:
                j = vocabulary.get(k)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
            r += 1
    return Design(
        dense, np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), len(vocabulary)
    )


def labels_and_weights(units: list[Unit]) -> tuple[np.ndarray, np.ndarray]:
    """Word labels and dataset-balancing weights (each dataset the same total)."""
    used = [u for u in units if len(u.index)]
    y = np.concatenate([u.y for u in used])
    d = np.concatenate([np.full(len(u.index), u.dataset, dtype=object) for u in used])
    weight = np.ones(len(y))
    names = sorted(set(d))
    for name in names:
        sel = d == name
        weight[sel] = len(y) / (len(names) * sel.sum())
    return y, weight


@dataclass
class WordFit:
    """A fitted word model: dense weights and one weight per vocabulary key."""

    dense: np.ndarray
    lexical: dict[str, float]

    def raw(self, u: Unit) -> np.ndarray:
        """Raw scores of a unit's candidate words."""
        if not len(u.index):
            return np.zeros(0)
        z = u.x @ self.dense
        lex = self.lexical
        return z + np.array([sum(lex.get(k, 0.0) for k in keys) for keys in u.keys])


def fit_words(units: list[Unit]) -> WordFit:
    """Fit the word model on ``units``."""
    vocabulary = build_vocabulary(units)
    index = {k: j for j, k in enumerate(vocabulary)}
    x = design_of(units, index)
    y, weight = labels_and_weights(units)
    penalty = np.concatenate(
        [
            np.full(len(FEATURES), L2),
            [L2_LEMMA if k.startswith("w:") else L2_AFFIX for k in vocabulary],
        ]
    )
    penalty[0] = 0.0  # the intercept
    w = fit_logistic(x, y, weight, penalty)
    d = len(FEATURES)
    return WordFit(w[:d], {k: float(w[d + j]) for j, k in enumerate(vocabulary)})


def fit_units(units: list[Unit]) -> WordFit:
    """Coefficients fitted on ``units`` (kept for callers of the 1.x recipe)."""
    return fit_words(units)


def platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: (scale, shift) with ``P(y) = sigmoid(scale * z + shift)``."""
    x = dense_design(np.column_stack([np.ones(len(z)), z]))
    w = fit_logistic(x, y, np.ones(len(z)), np.zeros(2))
    return float(w[1]), float(w[0])


# --------------------------------------------------------------------------- measuring


def spans_of(u: Unit, scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """The model's spans in a unit (word ranges), as ``detect_loaded(scorer="model")`` cuts them."""
    scored = set(u.index)
    out = []
    for a, b, _ in runs_above(u.doc, u.index, scores, threshold):
        inside = [i for i in range(a, b) if i in scored]
        out.append((inside[0], inside[-1] + 1))
    return out


def babe_word_counts(units: list[Unit], scores: list[np.ndarray], threshold: float) -> tuple:
    """(true positives, predicted, gold) word types per sentence, summed (model alone)."""
    tp = n_pred = n_gold = 0
    for u, p in zip(units, scores, strict=True):
        predicted = {u.doc.lowered[i] for a, b in spans_of(u, p, threshold) for i in range(a, b)}
        marked = u.extra["marked"]
        tp += len(predicted & marked)
        n_pred += len(predicted)
        n_gold += len(marked)
    return tp, n_pred, n_gold


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def babe_word_f1(units: list[Unit], w, threshold: float) -> float:
    """BABE word-level F1 (word types per sentence) of the model alone.

    ``w``: a :class:`WordFit`, or a list of score arrays aligned with ``units``.
    """
    scores = _scores(units, w)
    return _f1(*babe_word_counts(units, scores, threshold))


def _scores(units: list[Unit], w) -> list[np.ndarray]:
    if isinstance(w, WordFit):
        return [sigmoid(w.raw(u)) for u in units]
    if isinstance(w, np.ndarray) and w.ndim == 1 and len(w) == len(FEATURES):
        return [sigmoid(u.x @ w) if len(u.index) else np.zeros(0) for u in units]
    return list(w)


def basil_span_f1(units: list[Unit], scores: list[np.ndarray], threshold: float, gold) -> float:
    """BASIL author-voice span F1 (overlap matching) of the model alone."""
    tp_pred = n_pred = tp_gold = n_gold = 0
    by = dict(tuple(gold.groupby("article_id"))) if len(gold) else {}
    for u, p in zip(units, scores, strict=True):
        words = u.doc.words
        runs = [
            (words[a].start, words[b - 1].end)
            for a, b in spans_of(u, p, threshold)
            if u.doc.word_voice[a] == "author"
        ]
        g = by.get(u.unit_id)
        spans = (
            [
                (s, e)
                for s, e, v in zip(g["start"], g["end"], g["voice"], strict=True)
                if v == "author"
            ]
            if g is not None
            else []
        )
        n_pred += len(runs)
        n_gold += len(spans)
        tp_pred += sum(any(a < e and s < b for s, e in spans) for a, b in runs)
        tp_gold += sum(any(a < e and s < b for a, b in runs) for s, e in spans)
    prec = tp_pred / n_pred if n_pred else 0.0
    rec = tp_gold / n_gold if n_gold else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


GRID = tuple(round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01))


def choose_threshold(units: list[Unit], scores: list[np.ndarray], basil_gold) -> tuple[float, dict]:
    """The grid threshold that maximises the mean of BABE word F1 and BASIL span F1."""
    babe = [(u, s) for u, s in zip(units, scores, strict=True) if u.dataset == "babe"]
    basil = [(u, s) for u, s in zip(units, scores, strict=True) if u.dataset == "basil"]
    best, best_score, table = GRID[0], -1.0, {}
    for t in GRID:
        parts = []
        if babe:
            parts.append(_f1(*babe_word_counts([u for u, _ in babe], [s for _, s in babe], t)))
        if basil:
            parts.append(basil_span_f1([u for u, _ in basil], [s for _, s in basil], t, basil_gold))
        score = float(np.mean(parts))
        table[t] = score
        if score > best_score + 1e-12:
            best, best_score = t, score
    return best, table


def choose_precision_threshold(units: list[Unit], scores: list[np.ndarray]) -> float | None:
    """The lowest grid threshold at which BABE word precision reaches the target on tune.

    At least ``PRECISION_MIN_WORDS`` predicted word types are needed for a threshold
    to count; ``None`` when no threshold reaches the target (or without BABE units).
    """
    babe = [(u, s) for u, s in zip(units, scores, strict=True) if u.dataset == "babe"]
    if not babe:
        return None
    for t in GRID:
        tp, n_pred, _ = babe_word_counts([u for u, _ in babe], [s for _, s in babe], t)
        if n_pred < PRECISION_MIN_WORDS:
            return None
        if tp / n_pred >= PRECISION_TARGET:
            return t
    return None


def reliability(scores: np.ndarray, y: np.ndarray, bins: int = 10) -> dict:
    """Calibration table: per score decile bin, mean score and observed rate; and the ECE."""
    edges = np.linspace(0, 1, bins + 1)
    rows, ece = [], 0.0
    for k in range(bins):
        sel = (scores >= edges[k]) & (scores < edges[k + 1] if k < bins - 1 else scores <= 1)
        if sel.sum():
            mean, rate = float(scores[sel].mean()), float(y[sel].mean())
            ece += sel.sum() / len(y) * abs(mean - rate)
            rows.append([round(edges[k], 1), int(sel.sum()), round(mean, 4), round(rate, 4)])
    return {"bins": rows, "ece": round(ece, 4)}


# --------------------------------------------------------------------------- sentences


def sentence_rows(units: list[Unit], scores: list[np.ndarray], threshold: float) -> np.ndarray:
    """Sentence features of BABE units (each unit one range), from their word scores."""
    rows = [
        sentence_matrix(u.doc, u.families, u.index, p, threshold, u.df, [(0, len(u.doc.words))])[0]
        for u, p in zip(units, scores, strict=True)
    ]
    return np.array(rows) if rows else np.zeros((0, len(SENTENCE_FEATURES)))


def out_of_fold_scores(units: list[Unit], scale: float, shift: float) -> list[np.ndarray]:
    """Calibrated word scores of every unit from word models fitted without its fold."""
    out: dict[int, np.ndarray] = {}
    for f in range(K_FOLDS):
        fitted = fit_words([u for u in units if fold_of(u.group) != f])
        for k, u in enumerate(units):
            if fold_of(u.group) == f:
                out[k] = sigmoid(scale * fitted.raw(u) + shift)
    return [out[k] for k in range(len(units))]


def fit_sentences(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The sentence classifier's weights (intercept not penalised)."""
    penalty = np.full(x.shape[1], L2_SENTENCE)
    penalty[0] = 0.0
    return fit_logistic(dense_design(x), y, np.ones(len(y)), penalty)


def mcc(flags: np.ndarray, labels: np.ndarray) -> float:
    """Matthews correlation of boolean flags with boolean labels."""
    tp = float((flags & labels).sum())
    fp = float((flags & ~labels).sum())
    fn = float((~flags & labels).sum())
    tn = float((~flags & ~labels).sum())
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


def choose_sentence_threshold(p: np.ndarray, labels: np.ndarray) -> tuple[float, dict]:
    """The grid threshold that maximises sentence MCC."""
    best, best_score, table = GRID[0], -2.0, {}
    for t in GRID:
        score = mcc(p >= t, labels)
        table[t] = score
        if score > best_score + 1e-12:
            best, best_score = t, score
    return best, table


# --------------------------------------------------------------------------- the file

LICENCE_NOTE = (
    "Coefficients fitted on BABE (Spinde et al. 2021; AGPL-3.0) and BASIL (Fan et al. "
    "2019; no licence stated, research use). The file holds no sentence, span or "
    "passage from either dataset. It holds one weight per abstract feature (lexicon "
    "family, valence and subjectivity norms, word class, word shape, context), one "
    "weight per single-word lemma or two- to four-letter prefix or suffix that occurs "
    "at least 5 times, in at least 3 articles and 3 topics of the training data (a "
    "list of common English words and word pieces, each with a number; no word order, "
    "counts or contexts), the sentence classifier's weights, thresholds, and "
    "16-hex-digit SHA-256 prefixes of the training units' texts so that validation can "
    "leave them out. We read these numbers as facts about the data, not a copy or "
    "adaptation of the datasets, so the project's MIT licence is kept; this is our "
    "reading, not legal advice. Anyone who would rather not ship weights derived from "
    "AGPL-3.0 data can run the lexicon scorer alone (scorer='lexicon') or retrain on "
    "BASIL only: python -m analysis.validation.train_loaded --datasets basil."
)


def model_document(
    fitted: WordFit,
    calibration: tuple[float, float],
    threshold: float,
    threshold_precision: float | None,
    sentence: tuple[np.ndarray, float] | None,
    units: list[Unit],
    datasets: Iterable[str],
    tune: dict,
    data_dir: str,
) -> dict:
    """The JSON content of a model file (deterministic for the same inputs)."""
    trained = sorted(u.fingerprint for u in units)
    counts = {}
    for name in sorted({u.dataset for u in units}):
        sel = [u for u in units if u.dataset == name]
        counts[name] = {
            "units": len(sel),
            "words": int(sum(len(u.index) for u in sel)),
            "positive_words": int(sum(u.y.sum() for u in sel)),
        }
        if name == "babe":
            counts[name]["biased_sentences"] = int(sum(bool(u.extra["label"]) for u in sel))
    lexical = {k: round(v, 6) for k, v in sorted(fitted.lexical.items()) if round(v, 6) != 0.0}
    doc = {
        "model": "loaded-language scorer",
        "version": MODEL_VERSION,
        "kind": "logistic regressions (L2, L-BFGS), numpy only: words, and sentences",
        "features": list(FEATURES),
        "weights": {
            name: round(float(v), 6) for name, v in zip(FEATURES, fitted.dense, strict=True)
        },
        "affixes": {"prefix_lengths": list(PREFIX_LENGTHS), "suffix_lengths": list(SUFFIX_LENGTHS)},
        "lexical_weights": lexical,
        "calibration": {
            "scale": round(calibration[0], 6),
            "shift": round(calibration[1], 6),
            "fitted_on": tune.get("calibrated_on", ""),
            "tune_reliability": tune.get("reliability", {}),
        },
        "threshold": threshold,
        "threshold_precision": threshold_precision,
        "sentence_model": None,
        "recipe": {
            "command": "make train-loaded",
            "module": "analysis.validation.train_loaded",
            "datasets": list(datasets),
            "data_dir": data_dir,
            "split_salt": SPLIT_SALT,
            "split": {k: f"buckets {v.start}-{v.stop - 1} of 10" for k, v in PARTS.items()},
            "fitted_on": "train + tune",
            "vocabulary": f"lemma and affix keys with at least {MIN_COUNT} occurrences, "
            f"{MIN_GROUPS} articles and {MIN_TOPICS} topics in the data fitted on",
            "l2": {"dense": L2, "lemma": L2_LEMMA, "affix": L2_AFFIX, "sentence": L2_SENTENCE},
            "dataset_weighting": "each dataset weighted to the same total",
            "calibration": "Platt scaling on the tune words of BABE (BASIL when BABE is not "
            "trained on), from a model fitted on train",
            "threshold_chosen_on": "tune, from a model fitted on train: max of mean(BABE word F1, "
            "BASIL author-voice span F1)",
            "threshold_precision_chosen_on": f"tune: lowest threshold with BABE word precision "
            f">= {PRECISION_TARGET} (at least {PRECISION_MIN_WORDS} predicted words); checked by "
            "hand on developer articles",
            "sentence_model": f"BABE sentences, word scores out of fold ({K_FOLDS} grouped folds); "
            "threshold: max MCC on tune",
            "tune_scores": {f"{t:.2f}": round(s, 4) for t, s in tune.get("words", {}).items()},
            "tune_sentence_mcc": {
                f"{t:.2f}": round(s, 4) for t, s in tune.get("sentences", {}).items()
            },
        },
        "training_data": counts,
        "provenance": {
            "babe": "final_labels_SG2.csv from Media-Bias-Group/Neural-Media-Bias-Detection-"
            "Using-Distant-Supervision-With-BABE, developer split in ../shared/data/babe",
            "basil": "launchnlp/BASIL articles and annotations, developer split in "
            "../shared/data/basil",
            "valence": "vader_lexicon.txt shipped in vaderSentiment 3.3.2 (MIT)",
            "subjectivity, word classes, frequencies": "en-sentiment.xml, en-lexicon.txt, "
            "en-spelling.txt shipped in TextBlob 0.20.1 (MIT; Pattern's lexicon PDDL)",
        },
        "licence_note": LICENCE_NOTE,
        "trained_fingerprints": trained,
    }
    if sentence is not None:
        weights, cut = sentence
        doc["sentence_model"] = {
            "features": list(SENTENCE_FEATURES),
            "weights": {
                n: round(float(v), 6) for n, v in zip(SENTENCE_FEATURES, weights, strict=True)
            },
            "threshold": cut,
        }
    return doc


def train(
    data_dir: str | Path,
    datasets: Iterable[str] = DATASETS,
    out: str | Path | None = MODEL_PATH,
    log: Callable[[str], None] | None = None,
    refit: bool = True,
) -> dict:
    """Run the whole recipe; write the model file when ``out`` is given; return its content.

    ``refit=False`` stops before step 8: the file holds the models fitted on train
    alone (for measuring on tune while developing; never shipped).
    """
    say = log or (lambda _: None)
    datasets = tuple(datasets)
    units = load_units(data_dir, datasets)
    basil_gold = load_dataset("basil", data_dir).gold if "basil" in datasets else None
    train_units = [u for u in units if u.part == "train"]
    tune_units = [u for u in units if u.part == "tune"]
    say(f"{len(train_units)} train and {len(tune_units)} tune units")
    # Fit on train; calibrate and choose the operating points on tune.
    fitted = fit_words(train_units)
    raw_tune = [fitted.raw(u) for u in tune_units]
    calibrate_on = "babe" if "babe" in datasets else "basil"
    sel = [k for k, u in enumerate(tune_units) if u.dataset == calibrate_on and len(u.index)]
    z = np.concatenate([raw_tune[k] for k in sel])
    y = np.concatenate([tune_units[k].y for k in sel])
    scale, shift = platt(z, y)
    tune_scores = [sigmoid(scale * r + shift) for r in raw_tune]
    threshold, table = choose_threshold(tune_units, tune_scores, basil_gold)
    precise = choose_precision_threshold(tune_units, tune_scores)
    calibrated = np.concatenate([tune_scores[k] for k in sel])
    tune = {
        "words": table,
        "calibrated_on": f"{calibrate_on} tune words ({len(y):,}, {int(y.sum())} marked)",
        "reliability": reliability(calibrated, y),
    }
    say(
        f"threshold {threshold:.2f} (F1), {precise} (precision); "
        f"calibration {scale:.3f}, {shift:.3f}"
    )
    sentence = None
    if "babe" in datasets:
        babe_train = [u for u in train_units if u.dataset == "babe"]
        babe_tune = [
            (u, s) for u, s in zip(tune_units, tune_scores, strict=True) if u.dataset == "babe"
        ]
        x_train = sentence_rows(babe_train, out_of_fold_scores(babe_train, scale, shift), threshold)
        labels_train = np.array([bool(u.extra["label"]) for u in babe_train])
        w_sentence = fit_sentences(x_train, labels_train.astype(float))
        x_tune = sentence_rows([u for u, _ in babe_tune], [s for _, s in babe_tune], threshold)
        labels_tune = np.array([bool(u.extra["label"]) for u, _ in babe_tune])
        cut, mcc_table = choose_sentence_threshold(sigmoid(x_tune @ w_sentence), labels_tune)
        tune["sentences"] = mcc_table
        say(f"sentence threshold {cut:.2f} (tune MCC {mcc_table[cut]:.3f})")
    # Refit on train + tune.
    fit_on = train_units + tune_units
    final = fit_words(fit_on) if refit else fitted
    if "babe" in datasets and refit:
        babe_all = [u for u in fit_on if u.dataset == "babe"]
        x_all = sentence_rows(babe_all, out_of_fold_scores(babe_all, scale, shift), threshold)
        labels_all = np.array([float(bool(u.extra["label"])) for u in babe_all])
        sentence = (fit_sentences(x_all, labels_all), cut)
    if not refit:
        fit_on, final = train_units, fitted
        if "babe" in datasets:
            sentence = (w_sentence, cut)
    doc = model_document(
        final,
        (scale, shift),
        threshold,
        precise,
        sentence,
        fit_on,
        datasets,
        tune,
        "../shared/data",
    )
    if out is not None:
        write_text_atomic(Path(out), json.dumps(doc, indent=1, sort_keys=False) + "\n")
    return doc


def model_from_document(doc: dict, path: Path = MODEL_PATH) -> LoadedModel:
    """A :class:`LoadedModel` from a model file's content (for cross-dataset runs)."""
    return model_from_dict(doc, path)


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.validation.train_loaded [--data-dir D] [--datasets ...] [--out F]``."""
    import argparse

    from analysis.paths import ROOT

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=DATASETS)
    parser.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    doc = train(args.data_dir, args.datasets, args.out, log=print)
    print(
        f"model {doc['version']}: threshold {doc['threshold']:.2f}, "
        f"{sum(c['words'] for c in doc['training_data'].values()):,} training words, "
        f"{len(doc['lexical_weights']):,} lemma and affix weights -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
