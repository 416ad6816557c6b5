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
   when it lies inside a BASIL lexical-bias span (``bias == "lex"``).
4. **Fit.** L2-regularised logistic regression by Newton's method (numpy only),
   each dataset weighted to the same total, so neither dataset's base rate wins.
5. **Threshold.** Chosen on *tune* from a model fitted on *train*: the score that
   maximises the mean of BABE word F1 and BASIL author-voice span F1 on tune.
6. **Ship.** Refit on train + tune with the same settings; write the coefficients,
   the threshold, the recipe, the data fingerprints and licence notes to
   ``analysis/lexicons/models/loaded-model.json``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis._io import write_text_atomic
from analysis.detect.loaded import lexicon_matches
from analysis.detect.loaded_model import (
    FEATURES,
    MODEL_PATH,
    FamilyHit,
    LoadedModel,
    feature_matrix,
    sigmoid,
)
from analysis.text import Document, segment
from analysis.validation.datasets import GoldSet, load_dataset

MODEL_VERSION = "1.0.0"
SPLIT_SALT = "loaded-model-1"
PARTS = {"train": range(0, 6), "tune": range(6, 8), "test": range(8, 10)}
L2 = 1.0
DATASETS = ("babe", "basil")


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a unit's text (no text is ever stored)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def part_of(group: str, salt: str = SPLIT_SALT) -> str:
    """``train``, ``tune`` or ``test`` for a group key."""
    bucket = int(hashlib.sha256(f"{salt}:{group}".encode()).hexdigest()[:8], 16) % 10
    return next(name for name, buckets in PARTS.items() if bucket in buckets)


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


def families_of(doc: Document) -> dict[int, FamilyHit]:
    """Word index -> the loaded-lexicon match covering it (after the sense rules)."""
    families: dict[int, FamilyHit] = {}
    for _, m, negated in lexicon_matches(doc):
        hit = FamilyHit(m.entry.category, negated, m.last - m.first > 1)
        for i in range(m.first, m.last):
            families.setdefault(i, hit)
    return families


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
        index, x = feature_matrix(doc, families_of(doc))
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


def fit_logistic(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = L2, iterations: int = 50
) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method (intercept not penalised)."""
    n_features = x.shape[1]
    w = np.zeros(n_features)
    penalty = np.full(n_features, l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = sigmoid(x @ w)
        grad = x.T @ (weight * (p - y)) + penalty * w
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w


def stack(units: list[Unit]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Design matrix, labels and dataset-balancing weights of some units."""
    xs = [u.x for u in units if len(u.index)]
    ys = [u.y for u in units if len(u.index)]
    ds = [np.full(len(u.index), u.dataset, dtype=object) for u in units if len(u.index)]
    x, y, d = np.vstack(xs), np.concatenate(ys), np.concatenate(ds)
    weight = np.ones(len(y))
    names = sorted(set(d))
    for name in names:
        sel = d == name
        weight[sel] = len(y) / (len(names) * sel.sum())
    return x, y, weight


def fit_units(units: list[Unit], l2: float = L2) -> np.ndarray:
    """Coefficients fitted on ``units``."""
    x, y, weight = stack(units)
    return fit_logistic(x, y, weight, l2)


# --------------------------------------------------------------------------- measuring


def babe_word_f1(units: list[Unit], w: np.ndarray, threshold: float) -> float:
    """BABE word-level F1 (word types per sentence) of the model alone."""
    tp = n_pred = n_gold = 0
    for u in units:
        p = sigmoid(u.x @ w) if len(u.index) else np.zeros(0)
        predicted = {u.doc.lowered[i] for i, s in zip(u.index, p, strict=True) if s >= threshold}
        marked = u.extra["marked"]
        tp += len(predicted & marked)
        n_pred += len(predicted)
        n_gold += len(marked)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def basil_span_f1(units: list[Unit], w: np.ndarray, threshold: float, gold) -> float:
    """BASIL author-voice span F1 (overlap matching) of the model alone."""
    from analysis.detect.loaded_model import runs_above

    tp_pred = n_pred = tp_gold = n_gold = 0
    by = dict(tuple(gold.groupby("article_id"))) if len(gold) else {}
    for u in units:
        p = sigmoid(u.x @ w) if len(u.index) else np.zeros(0)
        runs = [
            (u.doc.words[a].start, u.doc.words[b - 1].end)
            for a, b, _ in runs_above(u.doc, u.index, p, threshold)
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


def choose_threshold(units: list[Unit], w: np.ndarray, basil_gold) -> tuple[float, dict]:
    """The grid threshold that maximises the mean of BABE word F1 and BASIL span F1."""
    babe = [u for u in units if u.dataset == "babe"]
    basil = [u for u in units if u.dataset == "basil"]
    best, best_score, table = GRID[0], -1.0, {}
    for t in GRID:
        scores = []
        if babe:
            scores.append(babe_word_f1(babe, w, t))
        if basil:
            scores.append(basil_span_f1(basil, w, t, basil_gold))
        score = float(np.mean(scores))
        table[t] = score
        if score > best_score + 1e-12:
            best, best_score = t, score
    return best, table


# --------------------------------------------------------------------------- the file

LICENCE_NOTE = (
    "Coefficients fitted on BABE (Spinde et al. 2021; AGPL-3.0) and BASIL (Fan et al. "
    "2019; no licence stated, research use). The file holds no text, word or span "
    "from either dataset: only one weight per abstract feature (lexicon family, "
    "VADER valence, word shape, context), a threshold, and 16-hex-digit SHA-256 "
    "prefixes of the training units' texts, so that validation can leave them out. "
    "We read a few dozen fitted weights as facts about the data, not a copy or "
    "adaptation of the datasets, so the project's MIT licence is kept; this is our "
    "reading, not legal advice. Anyone who would rather not ship weights derived "
    "from AGPL-3.0 data can run the lexicon scorer alone (scorer='lexicon') or "
    "retrain on BASIL only: python -m analysis.validation.train_loaded --datasets basil."
)


def model_document(
    w: np.ndarray,
    threshold: float,
    units: list[Unit],
    datasets: Iterable[str],
    tune_table: dict,
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
    return {
        "model": "loaded-language scorer",
        "version": MODEL_VERSION,
        "kind": "logistic regression (L2, Newton), numpy only",
        "features": list(FEATURES),
        "weights": {name: round(float(v), 6) for name, v in zip(FEATURES, w, strict=True)},
        "threshold": threshold,
        "recipe": {
            "command": "make train-loaded",
            "module": "analysis.validation.train_loaded",
            "datasets": list(datasets),
            "data_dir": data_dir,
            "split_salt": SPLIT_SALT,
            "split": {k: f"buckets {v.start}-{v.stop - 1} of 10" for k, v in PARTS.items()},
            "fitted_on": "train + tune",
            "threshold_chosen_on": "tune, from a model fitted on train: max of mean(BABE word F1, "
            "BASIL author-voice span F1)",
            "l2": L2,
            "dataset_weighting": "each dataset weighted to the same total",
            "tune_scores": {f"{t:.2f}": round(s, 4) for t, s in tune_table.items()},
        },
        "training_data": counts,
        "provenance": {
            "babe": "final_labels_SG2.csv from Media-Bias-Group/Neural-Media-Bias-Detection-"
            "Using-Distant-Supervision-With-BABE, developer split in ../shared/data/babe",
            "basil": "launchnlp/BASIL articles and annotations, developer split in "
            "../shared/data/basil",
            "valence": "vader_lexicon.txt shipped in vaderSentiment 3.3.2 (MIT)",
        },
        "licence_note": LICENCE_NOTE,
        "trained_fingerprints": trained,
    }


def train(
    data_dir: str | Path, datasets: Iterable[str] = DATASETS, out: str | Path | None = MODEL_PATH
) -> dict:
    """Run the whole recipe; write the model file when ``out`` is given; return its content."""
    datasets = tuple(datasets)
    units = load_units(data_dir, datasets)
    basil_gold = None
    if "basil" in datasets:
        basil_gold = load_dataset("basil", data_dir).gold
    train_units = [u for u in units if u.part == "train"]
    tune_units = [u for u in units if u.part == "tune"]
    w_train = fit_units(train_units)
    threshold, table = choose_threshold(tune_units, w_train, basil_gold)
    fit_on = train_units + tune_units
    w = fit_units(fit_on)
    doc = model_document(w, threshold, fit_on, datasets, table, "../shared/data")
    if out is not None:
        write_text_atomic(Path(out), json.dumps(doc, indent=1, sort_keys=False) + "\n")
    return doc


def model_from_document(doc: dict, path: Path = MODEL_PATH) -> LoadedModel:
    """A :class:`LoadedModel` from a model file's content (for cross-dataset runs)."""
    weights = np.array([float(doc["weights"][n]) for n in FEATURES])
    return LoadedModel(str(doc["version"]), weights, float(doc["threshold"]), path, doc)


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.validation.train_loaded [--data-dir D] [--datasets ...] [--out F]``."""
    import argparse

    from analysis.paths import ROOT

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=DATASETS)
    parser.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    doc = train(args.data_dir, args.datasets, args.out)
    print(
        f"model {doc['version']}: threshold {doc['threshold']:.2f}, "
        f"{sum(c['words'] for c in doc['training_data'].values()):,} training words -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
