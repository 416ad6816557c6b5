"""Matching protocols and interval estimates: how predicted spans meet gold spans.

Matching: a predicted span and a gold span match when they share a character
("overlap"). Quotes on GGT and PolNeAR contents are matched as the Gender Gap
Tracker's authors matched them: a gold quote is found when a predicted quote
covers more than 30% of its characters, one prediction per gold quote.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.compare.bootstrap import bootstrap_statistic

CONTEXT = 60


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
    key: tuple = (),
) -> tuple[float, float, float]:
    """Point estimate and 95% percentile interval, resampling articles with replacement.

    The suite's one cluster bootstrap (:mod:`analysis.compare.bootstrap`), its stream
    seeded from ``seed`` and ``key`` (default: the columns resampled).
    """
    values = counts[columns].to_numpy(dtype=float)
    return bootstrap_statistic(
        values, statistic, resamples, seed, ("validation", *(key or columns))
    )


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
