"""Matching protocols and interval estimates: how predicted spans meet gold spans.

Matching: a predicted span and a gold span match when they share a character
("overlap"). Quotes on GGT and PolNeAR contents are matched as the Gender Gap
Tracker's authors matched them (``evaluate_quotes.py`` in their repository):
gold quotes are taken in order, and each is matched to the remaining predicted
quote that covers the largest share of its characters, if that share is more
than 30%; a prediction matches at most one gold quote.

Speakers of matched quotes are scored two ways, always labelled apart:

* **GGT's method** (:func:`ggt_speaker_ok`): the words that name the speaker in
  the text (the *mention*) overlap the annotated speaker mention by at least one
  character; and, their continuation rule, a quote whose speaker is carried over
  from an earlier quote or sentence (a "floating quote") counts as right when the
  annotators left its speaker mention empty.
* **Resolved speaker** (:func:`speaker_match`): the canonical speaker after
  pronouns, descriptions and surnames are resolved, against the annotated
  reference (the person or organisation meant). Harder: a right mention ("he")
  can resolve to the wrong person.
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


def ggt_speaker_ok(mention: tuple[int, int, bool] | None, gold_start: int, gold_end: int) -> bool:
    """GGT's speaker match for one matched quote.

    Args:
        mention: the predicted speaker mention ``(start, end, floating)``, or None
            when no speaker was found.
        gold_start: start of the annotated speaker mention; -1 when the annotators
            left it empty (the speaker is carried over from an earlier quote).
        gold_end: its end (-1 when empty).
    """
    if mention is None:
        return False
    start, end, floating = mention
    if gold_start < 0:
        return floating
    return min(end, gold_end) - max(start, gold_start) > 0


def ggt_counts(
    pred: pd.DataFrame,
    gold: pd.DataFrame,
    ids: list[str],
    mentions: dict[tuple[str, int, int], tuple[int, int, bool]],
    threshold: float = 0.3,
) -> pd.DataFrame:
    """Per-article counts for GGT's method: matches, GGT speakers, resolved speakers.

    ``gold`` needs ``speaker_start`` and ``speaker_end`` (the annotated mention) and
    ``speaker`` (the reference); ``mentions`` maps ``(article_id, start, end)`` of a
    predicted quote to its speaker mention.
    """
    counts, pairs = coverage_counts(pred, gold, ids, threshold=threshold)
    ggt_ok: dict[str, int] = {}
    for article_id, gi, pi in pairs:
        key = (article_id, int(pred.at[pi, "start"]), int(pred.at[pi, "end"]))
        ok = ggt_speaker_ok(
            mentions.get(key), int(gold.at[gi, "speaker_start"]), int(gold.at[gi, "speaker_end"])
        )
        ggt_ok[article_id] = ggt_ok.get(article_id, 0) + int(ok)
    counts["speaker_ggt_ok"] = [ggt_ok.get(a, 0) for a in counts["article_id"]]
    return counts


def soft_counts(
    pred: pd.DataFrame, gold: pd.DataFrame, ids: list[str], strict: bool
) -> pd.DataFrame:
    """Overlap counts where gold spans are ``core`` or ``soft`` (gold ``rule`` column).

    Lenient (``strict=False``): every gold span counts, as :func:`overlap_counts`.
    Strict: soft gold spans are left out, and so is a prediction that overlaps a
    soft span and no core span (neither a hit nor a false alarm).
    """
    if not strict:
        return overlap_counts(pred, gold, ids)
    rows = []
    pred_by = dict(tuple(pred.groupby("article_id"))) if len(pred) else {}
    gold_by = dict(tuple(gold.groupby("article_id"))) if len(gold) else {}
    for article_id in ids:
        p = pred_by.get(article_id)
        g = gold_by.get(article_id)
        ps = list(zip(p["start"], p["end"], strict=True)) if p is not None else []
        core, soft = [], []
        if g is not None:
            for s, e, r in zip(g["start"], g["end"], g["rule"], strict=True):
                (soft if r == "soft" else core).append((s, e))

        def hits(a, b, spans):
            return any(a < e and s < b for s, e in spans)

        kept = [(a, b) for a, b in ps if hits(a, b, core) or not hits(a, b, soft)]
        rows.append(
            {
                "article_id": article_id,
                "n_pred": len(kept),
                "n_gold": len(core),
                "tp_pred": sum(hits(a, b, core) for a, b in kept),
                "tp_gold": sum(hits(s, e, ps) for s, e in core),
            }
        )
    return pd.DataFrame(rows)


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
