"""Quote balance: whose side is quoted, how often and at what length, and who first."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd


def _entropy(counts: Sequence[float]) -> float:
    total = sum(counts)
    k = sum(1 for c in counts if c > 0)
    if total <= 0 or len(counts) < 2:
        return math.nan
    probs = [c / total for c in counts if c > 0]
    h = -sum(p * math.log(p) for p in probs)
    return h / math.log(len(counts)) if k else math.nan


UNNAMED_TYPES = ("anonymous_individual", "vague_group")


def quote_balance(
    spans: pd.DataFrame,
    articles: pd.DataFrame,
    sides: Sequence[str],
    pair: tuple[str, str] | None = None,
    *,
    media_citations: bool = True,
) -> pd.DataFrame:
    """Quote balance per outlet and event.

    Columns: quote, speaker and quoted-word counts and shares per side;
    ``balance_index`` = (a − b) / (a + b) over quotes for the two sides of ``pair``
    (+1: only side a is quoted); ``side_entropy`` = Shannon entropy of the quote
    shares over all ``sides``, divided by its maximum (1 = every side equally);
    ``anonymous_share`` (the speaker is an anonymous individual or a vague group),
    ``media_share`` (the speaker is a media outlet: "according to CNBC"),
    ``direct_share`` (direct and partial among all quotes), ``unknown_speaker_share``
    (no speaker found); ``first_quoted`` and ``first_quoted_side`` (first quote of
    the first article by offset).

    Args:
        spans: the spans table of a scored run.
        articles: the articles table (``id``, ``outlet``, ``event``).
        sides: the sides of the event, in order.
        pair: two sides for the balance index.
        media_citations: count quotes whose speaker is a media outlet (the default).
            With ``False`` they are left out of every count and share, so an outlet
            that cites other outlets is compared on the people and bodies it quotes.
    """
    quotes = spans[spans["kind"] == "quote"].copy()
    typed = "speaker_type" in quotes.columns
    if typed:
        quotes["speaker_type"] = quotes["speaker_type"].fillna("")
        if not media_citations:
            quotes = quotes[quotes["speaker_type"] != "media_outlet"]
    quotes = quotes.merge(
        articles[["id", "outlet", "event"]], left_on="article_id", right_on="id", how="inner"
    )
    quotes["words"] = quotes["text"].str.count(r"\w+")
    verbatim = quotes["category"].isin(["direct", "partial"])
    quotes["quoted_words"] = np.where(verbatim, quotes["words"], 0)
    rows = []
    for (outlet, event), _group in articles.groupby(["outlet", "event"], observed=True):
        q = quotes[(quotes["outlet"] == outlet) & (quotes["event"] == event)]
        total = len(q)
        row = {
            "outlet": outlet,
            "event": event,
            "quotes": total,
            "quoted_words": int(q["quoted_words"].sum()),
        }
        side_quotes = []
        for side in sides:
            s = q[q["side"] == side]
            side_quotes.append(len(s))
            row[f"quotes_{side}"] = len(s)
            row[f"quote_share_{side}"] = len(s) / total if total else math.nan
            row[f"speakers_{side}"] = s["speaker"].nunique()
            row[f"quoted_words_{side}"] = int(s["quoted_words"].sum())
            row[f"quoted_word_share_{side}"] = (
                int(s["quoted_words"].sum()) / row["quoted_words"]
                if row["quoted_words"]
                else math.nan
            )
        distinct = q.loc[q["speaker"].fillna("") != "", "speaker"].nunique()
        for side in sides:
            row[f"speaker_share_{side}"] = (
                row[f"speakers_{side}"] / distinct if distinct else math.nan
            )
        row["balance_index"] = math.nan  # needs two sides in speakers.csv
        if pair:
            a, b = row.get(f"quotes_{pair[0]}", 0), row.get(f"quotes_{pair[1]}", 0)
            row["balance_index"] = (a - b) / (a + b) if a + b else math.nan
        row["side_entropy"] = _entropy(side_quotes)
        named = q["speaker"].fillna("")
        if typed:
            unnamed = q["speaker_type"].isin(UNNAMED_TYPES)
            media = q["speaker_type"].eq("media_outlet")
            row["media_share"] = float(media.mean()) if total else math.nan
        else:  # a run scored before speakers were typed: an unnamed source starts lower case
            unnamed = named.str.len().gt(0) & ~named.str[:1].str.isupper().fillna(False)
            row["media_share"] = math.nan
        row["anonymous_share"] = float(unnamed.mean()) if total else math.nan
        row["direct_share"] = float(verbatim[q.index].mean()) if total else math.nan
        row["unknown_speaker_share"] = float(named.eq("").mean()) if total else math.nan
        first = q.sort_values(["article_id", "start"]).head(1)
        row["first_quoted"] = first["speaker"].iloc[0] if len(first) else ""
        row["first_quoted_side"] = first["side"].iloc[0] if len(first) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def speaker_table(spans: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted: quotes per speaker and outlet (long table, with side and type)."""
    quotes = spans[(spans["kind"] == "quote") & (spans["speaker"].fillna("") != "")].copy()
    quotes = quotes.merge(articles[["id", "outlet", "event"]], left_on="article_id", right_on="id")
    keys = ["event", "speaker", "side", "outlet"]
    if "speaker_type" in quotes.columns:
        quotes["speaker_type"] = quotes["speaker_type"].fillna("")
        keys.insert(2, "speaker_type")
    table = quotes.groupby(keys, dropna=False).size().rename("quotes").reset_index()
    return table.sort_values(["event", "speaker", "outlet"]).reset_index(drop=True)
