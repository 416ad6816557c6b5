"""Detector spans against human gold: precision, recall, F1 with bootstrap intervals.

``python -m analysis validate DATASET --data-dir PATH`` runs the detectors on a
dataset (see :mod:`analysis.datasets`), compares their spans with the human
spans, and reports each figure with a 95% percentile interval from a bootstrap
that resamples articles (sentences for BABE). Every run also scores a simple
baseline on the same data:

* quotes: every string in quotation marks is a quote, and the nearest
  capitalised name in its paragraph is the speaker;
* loaded terms and hedges: the plain lexicon, every match counted, no context
  rules (no sense, negation, voice or name checks).

Matching: a predicted span and a gold span match when they share a character
("overlap"). Quotes on GGT and PolNeAR contents are matched as the Gender Gap
Tracker's authors matched them: a gold quote is found when a predicted quote
covers more than 30% of its characters, one prediction per gold quote.

An error table (false positives and misses, with context) is written beside the
figures, for reading.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis._io import write_text_atomic
from analysis.datasets import GoldSet, load_dataset
from analysis.detect._common import word_span
from analysis.lexicon import get_lexicon, match_words
from analysis.pipeline import annotate_text
from analysis.spans import Span
from analysis.text import Document

DATASETS = ("ggt", "factbank", "babe", "basil", "polnear")
CONTEXT = 60


@dataclass
class Prediction:
    """Our spans and the baseline's spans for every article of a dataset."""

    ours: pd.DataFrame
    baseline: pd.DataFrame
    docs: dict[str, Document]


# --------------------------------------------------------------------------- running


def _frame(spans: list[Span]) -> pd.DataFrame:
    from analysis.spans import spans_frame

    return spans_frame(spans)


def _lexicon_baseline(doc: Document, article_id: str, lexicon: str, kind: str) -> list[Span]:
    return [
        word_span(doc, article_id, kind, m.first, m.last, m.entry.category, rule="baseline")
        for m in match_words(doc.words, get_lexicon(lexicon), doc.lowered)
    ]


_NAME = re.compile(r"(?:[A-Z][\w'’.-]+)(?:\s+[A-Z][\w'’.-]+)+")


def _quote_baseline(doc: Document, article_id: str) -> list[Span]:
    """Every top-level quotation is a quote; the nearest capitalised name speaks."""
    out = []
    for q in doc.quotes:
        if q.level != 1:
            continue
        p_start, p_end = next(
            ((a, b) for a, b in doc.paragraphs if a <= q.start < b), (0, len(doc.text))
        )
        best, distance = "", math.inf
        for m in _NAME.finditer(doc.text, p_start, p_end):
            if q.start <= m.start() < q.end:
                continue
            d = q.start - m.end() if m.end() <= q.start else m.start() - q.end
            if d < distance:
                best, distance = m.group(), d
        out.append(
            Span(
                article_id,
                "quote",
                q.start,
                q.end,
                doc.text[q.start : q.end],
                "quoted",
                "direct",
                best,
                rule="baseline",
            )
        )
    return out


def predict(gold_set: GoldSet, baseline: str) -> Prediction:
    """Run our detectors and the named baseline on every article."""
    ours, base, docs = [], [], {}
    for row in gold_set.corpus.articles[["id", "event", "text"]].itertuples(index=False):
        doc, spans = annotate_text(str(row.text), row.id, event=row.event)
        docs[row.id] = doc
        ours.extend(spans)
        if baseline == "quotes":
            base.extend(_quote_baseline(doc, row.id))
        elif baseline == "hedges":
            base.extend(_lexicon_baseline(doc, row.id, "hedges", "hedge"))
        elif baseline == "loaded":
            base.extend(_lexicon_baseline(doc, row.id, "loaded", "loaded"))
    return Prediction(_frame(ours), _frame(base), docs)


# --------------------------------------------------------------------------- matching


def overlap_counts(pred: pd.DataFrame, gold: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Per article: predictions, gold spans, and how many of each overlap the other."""
    rows = []
    pred_by = dict(tuple(pred.groupby("article_id"))) if len(pred) else {}
    gold_by = dict(tuple(gold.groupby("article_id"))) if len(gold) else {}
    for article_id in ids:
        p = pred_by.get(article_id)
        g = gold_by.get(article_id)
        ps = list(zip(p["start"], p["end"], strict=True)) if p is not None else []
        gs = list(zip(g["start"], g["end"], strict=True)) if g is not None else []
        rows.append(
            {
                "article_id": article_id,
                "n_pred": len(ps),
                "n_gold": len(gs),
                "tp_pred": sum(any(a < e and s < b for s, e in gs) for a, b in ps),
                "tp_gold": sum(any(a < e and s < b for a, b in ps) for s, e in gs),
            }
        )
    return pd.DataFrame(rows)


def speaker_match(predicted: str, gold: str) -> bool:
    """Whether two speaker strings name the same speaker.

    Equal ignoring case (so a pronoun mention "he" matches "He"), or sharing a
    capitalised word of two or more letters ("Traeger" in "UFCW Local 832
    president Jeff Traeger" and "Jeff Traeger").
    """
    if not predicted or not gold:
        return False
    if predicted.strip().lower() == gold.strip().lower():
        return True
    pw = set(re.findall(r"[A-Z][\w'-]+", predicted))
    gw = set(re.findall(r"[A-Z][\w'-]+", gold))
    return bool(pw & gw)


def coverage_counts(
    pred: pd.DataFrame,
    gold: pd.DataFrame,
    ids: list[str],
    threshold: float = 0.3,
    pred_speaker: str = "speaker",
    gold_speaker: str = "speaker",
) -> tuple[pd.DataFrame, list[tuple]]:
    """GGT-style one-to-one matching by gold-character coverage (> ``threshold``).

    Returns per-article counts (with ``speaker_ok`` among matches) and the matched
    pairs ``(article_id, gold index, pred index)``.
    """
    rows, pairs = [], []
    pred_by = dict(tuple(pred.groupby("article_id"))) if len(pred) else {}
    gold_by = dict(tuple(gold.groupby("article_id"))) if len(gold) else {}
    for article_id in ids:
        p = pred_by.get(article_id, pred.iloc[0:0])
        g = gold_by.get(article_id, gold.iloc[0:0])
        free = list(p.index)
        tp = speaker_ok = 0
        for gi, gs, ge, gspk in zip(g.index, g["start"], g["end"], g[gold_speaker], strict=True):
            best, best_score = None, threshold
            for pi in free:
                ps, pe = p.at[pi, "start"], p.at[pi, "end"]
                score = max(0, min(pe, ge) - max(ps, gs)) / max(1, ge - gs)
                if score > best_score:
                    best, best_score = pi, score
            if best is not None:
                free.remove(best)
                tp += 1
                speaker_ok += speaker_match(str(p.at[best, pred_speaker]), str(gspk))
                pairs.append((article_id, gi, best))
        rows.append(
            {
                "article_id": article_id,
                "n_pred": len(p),
                "n_gold": len(g),
                "tp_pred": tp,
                "tp_gold": tp,
                "matched": tp,
                "speaker_ok": speaker_ok,
            }
        )
    return pd.DataFrame(rows), pairs


# --------------------------------------------------------------------------- statistics


def _prf(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_pred, n_gold, tp_pred, tp_gold = sums[..., 0], sums[..., 1], sums[..., 2], sums[..., 3]
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(n_pred > 0, tp_pred / n_pred, np.nan)
        recall = np.where(n_gold > 0, tp_gold / n_gold, np.nan)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    return precision, recall, f1


def bootstrap(
    counts: pd.DataFrame,
    statistic: Callable[[np.ndarray], np.ndarray],
    columns: list[str],
    resamples: int,
    seed: int,
) -> tuple[float, float, float]:
    """Point estimate and 95% percentile interval, resampling articles with replacement."""
    values = counts[columns].to_numpy(dtype=float)
    point = float(statistic(values.sum(axis=0)))
    if len(values) < 2 or resamples <= 0:
        return point, math.nan, math.nan
    rng = np.random.default_rng(seed)
    index = rng.integers(0, len(values), size=(resamples, len(values)))
    sums = values[index].sum(axis=1)
    stats = statistic(sums)
    stats = stats[~np.isnan(stats)]
    low, high = np.percentile(stats, [2.5, 97.5]) if len(stats) else (math.nan, math.nan)
    return point, float(low), float(high)


def result_row(
    task: str,
    metric: str,
    system: str,
    value: float,
    interval: tuple[float, float],
    n_gold: float,
    n_pred: float,
) -> dict:
    """One row of a validation table (the columns every validator writes)."""
    return {
        "task": task,
        "metric": metric,
        "system": system,
        "value": value,
        "ci_low": interval[0],
        "ci_high": interval[1],
        "n_gold": n_gold,
        "n_pred": n_pred,
    }


def prf_rows(task: str, system: str, counts: pd.DataFrame, resamples: int, seed: int) -> list[dict]:
    """Precision, recall and F1 rows for one task and system."""
    cols = ["n_pred", "n_gold", "tp_pred", "tp_gold"]
    n_gold, n_pred = int(counts["n_gold"].sum()), int(counts["n_pred"].sum())
    rows = []
    for i, name in enumerate(("precision", "recall", "f1")):
        value, low, high = bootstrap(counts, lambda s, i=i: _prf(s)[i], cols, resamples, seed)
        rows.append(result_row(task, name, system, value, (low, high), n_gold, n_pred))
    return rows


def ratio_row(
    task: str,
    metric: str,
    system: str,
    counts: pd.DataFrame,
    num: str,
    den: str,
    resamples: int,
    seed: int,
) -> dict:
    """A pooled ratio (sum of ``num`` / sum of ``den``) with its interval."""

    def stat(s):
        return np.where(s[..., 1] > 0, s[..., 0] / np.where(s[..., 1] > 0, s[..., 1], 1), np.nan)

    value, low, high = bootstrap(counts, stat, [num, den], resamples, seed)
    return result_row(task, metric, system, value, (low, high), int(counts[den].sum()), math.nan)


# --------------------------------------------------------------------------- errors


def error_rows(
    task: str, pred: pd.DataFrame, gold: pd.DataFrame, texts: dict[str, str], limit: int = 200
) -> list[dict]:
    """False positives and misses (overlap matching) with context, for reading."""
    out = []
    gold_by = dict(tuple(gold.groupby("article_id"))) if len(gold) else {}
    pred_by = dict(tuple(pred.groupby("article_id"))) if len(pred) else {}
    for kind, a_by, b_by in (("false_positive", pred_by, gold_by), ("miss", gold_by, pred_by)):
        count = 0
        for article_id in sorted(a_by):
            a = a_by[article_id]
            b = b_by.get(article_id)
            others = list(zip(b["start"], b["end"], strict=True)) if b is not None else []
            for s, e, t in zip(a["start"], a["end"], a["text"], strict=True):
                if any(x < e and s < y for x, y in others):
                    continue
                text = texts[article_id]
                out.append(
                    {
                        "task": task,
                        "error": kind,
                        "article_id": article_id,
                        "start": s,
                        "end": e,
                        "text": t,
                        "context": text[max(0, s - CONTEXT) : e + CONTEXT].replace("\n", " "),
                    }
                )
                count += 1
                if count >= limit:
                    break
            if count >= limit:
                break
    return out


# --------------------------------------------------------------------------- datasets


def _ids(gold_set: GoldSet) -> list[str]:
    return gold_set.corpus.articles["id"].tolist()


def _texts(gold_set: GoldSet) -> dict[str, str]:
    arts = gold_set.corpus.articles
    return dict(zip(arts["id"], arts["text"], strict=True))


def _kind(frame: pd.DataFrame, kind: str, **equals) -> pd.DataFrame:
    sel = frame["kind"] == kind
    for col, value in equals.items():
        sel &= frame[col] == value
    return frame[sel]


def validate_ggt(gs: GoldSet, resamples: int, seed: int) -> tuple[list, list]:
    pred = predict(gs, "quotes")
    ids = _ids(gs)
    gold = gs.gold.reset_index(drop=True)
    rows = []
    task = "quotes (>0.3 coverage)"
    for system, frame in (("ours", pred.ours), ("baseline", pred.baseline)):
        quotes = _kind(frame, "quote").reset_index(drop=True)
        counts, _ = coverage_counts(quotes, gold, ids)
        rows += prf_rows(task, system, counts, resamples, seed)
        # As GGT's authors scored speakers: the words that name the speaker where the
        # quote is (a pronoun counts as itself), against the annotated speaker mention.
        mention_col = "speaker_mention" if system == "ours" else "speaker"
        by_mention, _ = coverage_counts(
            quotes, gold, ids, pred_speaker=mention_col, gold_speaker="speaker_role"
        )
        rows.append(
            ratio_row(
                task,
                "speaker_mention_accuracy",
                system,
                by_mention,
                "speaker_ok",
                "matched",
                resamples,
                seed,
            )
        )
        # Harder: the resolved speaker (pronouns and surnames resolved) against the
        # annotated reference.
        rows.append(
            ratio_row(
                task,
                "speaker_resolved_accuracy",
                system,
                counts,
                "speaker_ok",
                "matched",
                resamples,
                seed,
            )
        )
    errors = error_rows("quotes", _kind(pred.ours, "quote"), gs.gold, _texts(gs))
    return rows, errors


def validate_factbank(gs: GoldSet, resamples: int, seed: int) -> tuple[list, list]:
    pred = predict(gs, "hedges")
    ids = _ids(gs)
    hedges = pred.ours[pred.ours["kind"] == "hedge"]
    ours = hedges[hedges["category"] != "attribution"]
    rows = prf_rows(
        "hedge cues, all hedges", "ours", overlap_counts(ours, gs.gold, ids), resamples, seed
    )
    rows += prf_rows(
        "hedge cues, all hedges",
        "baseline",
        overlap_counts(pred.baseline, gs.gold, ids),
        resamples,
        seed,
    )
    # The Szeged guidelines mark propositional uncertainty, not numeric approximation
    # ("about 40"), so approximators are left out of this comparison, on both sides.
    epistemic = ours[ours["category"] != "approximator"]
    base = pred.baseline[pred.baseline["category"] != "approximator"]
    rows += prf_rows(
        "hedge cues, approximators excluded",
        "ours",
        overlap_counts(epistemic, gs.gold, ids),
        resamples,
        seed,
    )
    rows += prf_rows(
        "hedge cues, approximators excluded",
        "baseline",
        overlap_counts(base, gs.gold, ids),
        resamples,
        seed,
    )
    return rows, error_rows("hedge cues", epistemic, gs.gold, _texts(gs))


def _word_counts(spans: pd.DataFrame, gs: GoldSet, docs: dict[str, Document]) -> pd.DataFrame:
    words = gs.extra["words"]
    by = dict(tuple(spans.groupby("article_id"))) if len(spans) else {}
    rows = []
    for article_id in _ids(gs):
        doc = docs[article_id]
        predicted: set[str] = set()
        s = by.get(article_id)
        if s is not None:
            for start, end in zip(s["start"], s["end"], strict=True):
                first, last = doc.word_range(start, end)
                predicted |= {doc.lowered[i] for i in range(first, last)}
        gold = words.get(article_id, set())
        tp = len(predicted & gold)
        flagged = bool(predicted)
        label = gs.extra["labels"][article_id]
        rows.append(
            {
                "article_id": article_id,
                "n_pred": len(predicted),
                "n_gold": len(gold),
                "tp_pred": tp,
                "tp_gold": tp,
                "flag": flagged,
                "label": label,
            }
        )
    return pd.DataFrame(rows)


def _sentence_stats(counts: pd.DataFrame) -> pd.DataFrame:
    flag, label = counts["flag"].astype(bool), counts["label"].astype(bool)
    return pd.DataFrame(
        {
            "tp": (flag & label).astype(int),
            "fp": (flag & ~label).astype(int),
            "fn": (~flag & label).astype(int),
            "tn": (~flag & ~label).astype(int),
        }
    )


def _mcc(s: np.ndarray) -> np.ndarray:
    tp, fp, fn, tn = s[..., 0], s[..., 1], s[..., 2], s[..., 3]
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (tp * tn - fp * fn) / np.where(den > 0, den, 1), 0.0)


def _sentence_f1(s: np.ndarray) -> np.ndarray:
    tp, fp, fn = s[..., 0], s[..., 1], s[..., 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)


def validate_babe(gs: GoldSet, resamples: int, seed: int) -> tuple[list, list]:
    pred = predict(gs, "loaded")
    rows = []
    ours = pred.ours[(pred.ours["kind"] == "loaded") & ~pred.ours["rule"].str.endswith(":negated")]
    flag_all = None
    for system, spans in (("ours", ours), ("baseline", pred.baseline)):
        counts = _word_counts(spans, gs, pred.docs)
        rows += prf_rows("biased words (word level)", system, counts, resamples, seed)
        stats = _sentence_stats(counts)
        cols = ["tp", "fp", "fn", "tn"]
        for metric, fn in (("f1", _sentence_f1), ("mcc", _mcc)):
            value, low, high = bootstrap(stats, fn, cols, resamples, seed)
            rows.append(
                result_row(
                    "biased sentence (has a loaded term)",
                    metric,
                    system,
                    value,
                    (low, high),
                    int(counts["label"].sum()),
                    int(counts["flag"].sum()),
                )
            )
        flag_all = counts.assign(flag=True)
    stats = _sentence_stats(flag_all)
    for metric, fn in (("f1", _sentence_f1), ("mcc", _mcc)):
        value = float(fn(stats[["tp", "fp", "fn", "tn"]].to_numpy().sum(axis=0)))
        rows.append(
            result_row(
                "biased sentence (has a loaded term)",
                metric,
                "flag every sentence",
                value,
                (math.nan, math.nan),
                int(flag_all["label"].sum()),
                len(flag_all),
            )
        )
    return rows, error_rows("biased words", ours, gs.gold, _texts(gs))


def validate_basil(gs: GoldSet, resamples: int, seed: int) -> tuple[list, list]:
    pred = predict(gs, "loaded")
    ids = _ids(gs)
    gold = gs.gold[gs.gold["voice"] == "author"]
    ours = pred.ours[
        (pred.ours["kind"] == "loaded")
        & (pred.ours["voice"] == "author")
        & ~pred.ours["rule"].str.endswith(":negated")
    ]
    base = pred.baseline[pred.baseline["voice"] == "author"]
    rows = prf_rows(
        "lexical bias, author voice", "ours", overlap_counts(ours, gold, ids), resamples, seed
    )
    rows += prf_rows(
        "lexical bias, author voice", "baseline", overlap_counts(base, gold, ids), resamples, seed
    )
    # Per-outlet rates: human lexical-bias spans vs our loaded terms, per 1,000 authorial words
    arts = gs.corpus.articles.set_index("id")
    per = pd.DataFrame(
        {
            "article_id": ids,
            "outlet": [arts.at[i, "outlet"] for i in ids],
            "authorial_words": [pred.docs[i].authorial_words for i in ids],
            "human": [int((gold["article_id"] == i).sum()) for i in ids],
            "ours": [int((ours["article_id"] == i).sum()) for i in ids],
        }
    )
    rates: dict[str, dict[str, float]] = {"human": {}, "ours": {}}
    for outlet, frame in per.groupby("outlet"):
        for system in ("human", "ours"):
            row = ratio_row(
                "rate per 1k authorial words",
                f"{outlet}",
                system,
                frame.assign(k=frame[system] * 1000),
                "k",
                "authorial_words",
                resamples,
                seed,
            )
            rates[system][outlet] = row["value"]
            rows.append(row)
    human_order = sorted(rates["human"], key=rates["human"].get, reverse=True)
    our_order = sorted(rates["ours"], key=rates["ours"].get, reverse=True)
    order = result_row(
        "outlet order (highest rate first)",
        "same_order",
        "ours",
        float(human_order == our_order),
        (math.nan, math.nan),
        len(human_order),
        math.nan,
    )
    order["note"] = f"human {' > '.join(human_order)}; ours {' > '.join(our_order)}"
    rows.append(order)
    return rows, error_rows("lexical bias", ours, gold, _texts(gs))


def validate_polnear(gs: GoldSet, resamples: int, seed: int) -> tuple[list, list]:
    pred = predict(gs, "quotes")
    ids = _ids(gs)
    gold_content = _kind(gs.gold, "quote").reset_index(drop=True)
    rows = []
    for system, frame in (("ours", pred.ours), ("baseline", pred.baseline)):
        quotes = _kind(frame, "quote").reset_index(drop=True)
        counts, _ = coverage_counts(quotes, gold_content, ids)
        rows += prf_rows("attribution content (>0.3 coverage)", system, counts, resamples, seed)
        rows.append(
            ratio_row(
                "attribution content (>0.3 coverage)",
                "source_accuracy",
                system,
                counts,
                "speaker_ok",
                "matched",
                resamples,
                seed,
            )
        )
    cues = overlap_counts(_kind(pred.ours, "reporting_verb"), _kind(gs.gold, "reporting_verb"), ids)
    rows += prf_rows("attribution cue", "ours", cues, resamples, seed)
    errors = error_rows("attribution content", _kind(pred.ours, "quote"), gold_content, _texts(gs))
    return rows, errors


VALIDATORS = {
    "ggt": validate_ggt,
    "factbank": validate_factbank,
    "babe": validate_babe,
    "basil": validate_basil,
    "polnear": validate_polnear,
}


def run_validation(
    dataset: str,
    data_dir: str | Path,
    out_dir: str | Path | None = None,
    resamples: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Validate one dataset; write ``<dataset>.csv`` and ``<dataset>-errors.csv``."""
    gold_set = load_dataset(dataset, data_dir)
    rows, errors = VALIDATORS[dataset](gold_set, resamples, seed)
    table = pd.DataFrame(rows)
    table.insert(0, "dataset", dataset)
    if out_dir is not None:
        out = Path(out_dir)
        write_text_atomic(
            out / f"{dataset}.csv",
            table.to_csv(index=False, lineterminator="\n", float_format="%.4f"),
        )
        write_text_atomic(
            out / f"{dataset}-errors.csv",
            pd.DataFrame(
                errors, columns=["task", "error", "article_id", "start", "end", "text", "context"]
            ).to_csv(index=False, lineterminator="\n"),
        )
    return table


def format_table(table: pd.DataFrame) -> str:
    """The printed summary: one line per task, metric and system."""
    lines = []
    for row in table.itertuples():
        interval = "" if math.isnan(row.ci_low) else f"  [{row.ci_low:.3f}, {row.ci_high:.3f}]"
        note = getattr(row, "note", "")
        note = f"  ({note})" if isinstance(note, str) and note else ""
        lines.append(
            f"{row.dataset:9} {row.task:38} {row.metric:26} {row.system:20} "
            f"{row.value:.3f}{interval}{note}"
        )
    return "\n".join(lines)


__all__ = ["DATASETS", "format_table", "run_validation"]


# --------------------------------------------------------------------------- README table

ANCHORS = {
    ("ggt", "quotes (>0.3 coverage)"): "GGT's own system (parser + coreference): F1 0.837",
    ("factbank", "hedge cues, approximators excluded"): "target 0.60; Islam et al.'s list ~0.50",
    ("factbank", "hedge cues, all hedges"): "",
    ("babe", "biased words (word level)"): "MPQA strong-subjective clues: F1 ~0.19",
    ("babe", "biased sentence (has a loaded term)"): "flag every sentence: F1 0.661, MCC 0; "
    "MPQA: MCC ~0.17",
    ("basil", "lexical bias, author voice"): "MPQA: under 2% of its matches are human-marked",
    ("polnear", "attribution content (>0.3 coverage)"): "",
    ("polnear", "attribution cue"): "",
}
README_START = "<!-- validity:start -->"
README_END = "<!-- validity:end -->"


def _cell(table: pd.DataFrame, task: str, metric: str, system: str) -> pd.Series | None:
    rows = table[
        (table["task"] == task) & (table["metric"] == metric) & (table["system"] == system)
    ]
    return rows.iloc[0] if len(rows) else None


def validity_markdown(tables: dict[str, pd.DataFrame], resamples: int, seed: int) -> str:
    """The "Measured validity" table for the README, from ``run_validation`` tables."""
    lines = [
        f"Generated by `python -m analysis validate all --readme README.md` "
        f"({resamples:,} bootstrap resamples of articles, seed {seed}).",
        "",
        "| dataset | task | P | R | F1 [95% interval] | other | baseline | anchor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for dataset, table in tables.items():
        for task in dict.fromkeys(table["task"]):
            f1 = _cell(table, task, "f1", "ours")
            if f1 is None:
                continue
            p = _cell(table, task, "precision", "ours")
            r = _cell(table, task, "recall", "ours")
            base = _cell(table, task, "f1", "baseline")
            others = []
            for metric in (
                "speaker_resolved_accuracy",
                "speaker_mention_accuracy",
                "source_accuracy",
                "mcc",
            ):
                row = _cell(table, task, metric, "ours")
                if row is not None:
                    others.append(
                        f"{metric.replace('_', ' ')} {row['value']:.3f} "
                        f"[{row['ci_low']:.3f}, {row['ci_high']:.3f}]"
                    )
            lines.append(
                f"| {dataset} | {task} | {p['value']:.3f} | {r['value']:.3f} | "
                if p is not None and r is not None
                else f"| {dataset} | {task} | | | "
            )
            lines[-1] += (
                f"**{f1['value']:.3f}** [{f1['ci_low']:.3f}, {f1['ci_high']:.3f}] | "
                f"{'; '.join(others)} | "
                f"{'' if base is None else f'{base.value:.3f}'} | "
                f"{ANCHORS.get((dataset, task), '')} |"
            )
    basil = tables.get("basil")
    if basil is not None:
        rates = basil[basil["task"] == "rate per 1k authorial words"]
        parts = []
        for outlet in sorted(set(rates["metric"])):
            human = _cell(basil, "rate per 1k authorial words", outlet, "human")
            ours = _cell(basil, "rate per 1k authorial words", outlet, "ours")
            parts.append(f"{outlet} {human['value']:.2f} vs {ours['value']:.2f}")
        order = basil[basil["metric"] == "same_order"]
        note = order["note"].iloc[0] if len(order) and "note" in order else ""
        lines += [
            "",
            f"BASIL rates per 1,000 authorial words, human lexical-bias spans vs our "
            f"loaded terms: {'; '.join(parts)}. Order: {note}.",
        ]
    return "\n".join(lines) + "\n"


def update_readme(path: str | Path, text: str) -> None:
    """Replace the block between the validity markers in ``path`` (atomically)."""
    path = Path(path)
    content = path.read_text(encoding="utf-8")
    if README_START not in content or README_END not in content:
        raise ValueError(f"{path}: no {README_START} ... {README_END} block to replace")
    head, rest = content.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    write_text_atomic(path, f"{head}{README_START}\n{text}{README_END}{tail}")
