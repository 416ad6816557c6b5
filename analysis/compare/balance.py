"""Quote balance: whose side is quoted, how often and at what length, and who first.

Sides come from ``speakers.csv`` and may be any name a researcher writes
(``us-openai``, ``pro union``, ``独立``): they are values in a ``side`` column of
long tables, never parts of column names.

* :func:`side_table`: one row per outlet, event and side: quotes, distinct
  speakers and verbatim quoted words, and their shares of the outlet's total.
* :func:`quote_balance`: one row per outlet and event: totals, the balance index
  for a pair of sides, the entropy over all sides, anonymous, direct and
  unknown-speaker shares, and who is quoted first.
* :func:`default_pair`: the pair of sides a balance index compares when the
  researcher names none: the two sides quoted most often on the event, over all
  outlets (ties broken by speakers.csv order).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

NO_SIDE = ""
#: Speaker types of sources the article does not name (``speaker_type`` of a quote).
UNNAMED_TYPES = ("anonymous_individual", "vague_group")


def _quotes(
    spans: pd.DataFrame, articles: pd.DataFrame, media_citations: bool = True
) -> pd.DataFrame:
    quotes = spans[spans["kind"] == "quote"].drop(columns=["outlet", "event"], errors="ignore")
    if "speaker_type" in quotes.columns:
        quotes = quotes.assign(speaker_type=quotes["speaker_type"].fillna(""))
        if not media_citations:
            quotes = quotes[quotes["speaker_type"] != "media_outlet"]
    quotes = quotes.merge(
        articles[["id", "outlet", "event"]], left_on="article_id", right_on="id", how="inner"
    )
    verbatim = quotes["category"].isin(["direct", "partial"])
    quotes = quotes.assign(
        verbatim=verbatim,
        verbatim_words=quotes["words"].where(verbatim, 0).astype("int64"),
        side=quotes["side"].fillna(NO_SIDE),
        speaker=quotes["speaker"].fillna(""),
    )
    return quotes


def side_table(
    spans: pd.DataFrame,
    articles: pd.DataFrame,
    sides: Sequence[str],
    *,
    media_citations: bool = True,
) -> pd.DataFrame:
    """Quotes, speakers and verbatim words per outlet, event and side (long table).

    ``sides`` lists the sides known for the event (speakers.csv order); quotes
    whose speaker has no side are counted under side ``""`` (shown as "no side").
    Shares are of the outlet's quotes on the event (quotes), its distinct named
    speakers (speakers) and its verbatim quoted words (words). With
    ``media_citations=False`` quotes whose speaker is a media outlet are left out.
    """
    quotes = _quotes(spans, articles, media_citations)
    rows = []
    for (outlet, event), _group in articles.groupby(["outlet", "event"], observed=True):
        q = quotes[(quotes["outlet"] == outlet) & (quotes["event"] == event)]
        total_words = int(q["verbatim_words"].sum())
        speakers = q.loc[q["speaker"] != "", "speaker"].nunique()
        for side in [*sides, NO_SIDE]:
            s = q[q["side"] == side]
            named = s.loc[s["speaker"] != "", "speaker"].nunique()
            words = int(s["verbatim_words"].sum())
            rows.append(
                {
                    "outlet": outlet,
                    "event": event,
                    "side": side,
                    "quotes": len(s),
                    "quote_share": len(s) / len(q) if len(q) else math.nan,
                    "speakers": named,
                    "speaker_share": named / speakers if speakers else math.nan,
                    "verbatim_quote_words": words,
                    "verbatim_word_share": words / total_words if total_words else math.nan,
                }
            )
    columns = [
        "outlet",
        "event",
        "side",
        "quotes",
        "quote_share",
        "speakers",
        "speaker_share",
        "verbatim_quote_words",
        "verbatim_word_share",
    ]
    return pd.DataFrame(rows, columns=columns)


def default_pair(sides_long: pd.DataFrame, sides: Sequence[str]) -> tuple[str, str] | None:
    """The two sides quoted most on the event (all outlets), or ``None`` with fewer than two."""
    named = sides_long[sides_long["side"] != NO_SIDE]
    totals = named.groupby("side", sort=False)["quotes"].sum()
    ranked = sorted(
        (side for side in sides if totals.get(side, 0) > 0),
        key=lambda side: (-totals.get(side, 0), list(sides).index(side)),
    )
    return (ranked[0], ranked[1]) if len(ranked) >= 2 else None


def relabel_sides(
    spans: pd.DataFrame, speakers_csv: str | Path, event: str
) -> tuple[pd.DataFrame, list[str]]:
    """Quote spans with sides taken from another speakers.csv (sides are a research call).

    Speakers are matched by the canonical name the run resolved; a speaker absent
    from the file has no side. Returns the relabelled spans and the file's sides
    for ``event``, in its order.
    """
    from analysis.corpus import read_side_table
    from analysis.errors import CorpusError, Problem

    path = Path(speakers_csv)
    problems: list[Problem] = []
    table = read_side_table(path.parent, path.name, "speaker", problems, [])
    if problems or not path.is_file():
        problems = problems or [Problem(str(path), None, None, "no such speakers file")]
        raise CorpusError(problems, path.parent)
    events = table["event"].fillna("") if "event" in table.columns else pd.Series("", table.index)
    rows = table[events.isin(["", event])]
    sides_col = rows["side"].fillna("") if "side" in rows.columns else pd.Series("", rows.index)
    side_of = dict(zip(rows["speaker"], sides_col, strict=True))
    quotes = spans["kind"] == "quote"
    out = spans.copy()
    out.loc[quotes, "side"] = out.loc[quotes, "speaker"].map(side_of).fillna(NO_SIDE)
    sides = [side for side in dict.fromkeys(side_of.values()) if side]
    return out, sides


def _entropy(counts: Sequence[float]) -> float:
    total = sum(counts)
    if total <= 0 or len(counts) < 2:
        return math.nan
    probs = [c / total for c in counts if c > 0]
    return -sum(p * math.log(p) for p in probs) / math.log(len(counts))


def _is_description(speaker: pd.Series, speaker_type: pd.Series | None) -> pd.Series:
    if speaker_type is not None:
        return speaker_type.fillna("").isin(UNNAMED_TYPES)
    return speaker.str.len().gt(0) & ~speaker.str[:1].str.isupper().fillna(False)


def quote_balance(
    spans: pd.DataFrame,
    articles: pd.DataFrame,
    sides: Sequence[str],
    pair: tuple[str, str] | None = None,
    *,
    media_citations: bool = True,
) -> pd.DataFrame:
    """Quote balance per outlet and event.

    Columns: ``quotes`` and ``verbatim_quote_words`` in all; ``pair_a``,
    ``pair_b`` (the sides compared), ``quotes_a``, ``quotes_b`` and
    ``balance_index`` = (a − b) / (a + b) over their quotes (+1: only side a is
    quoted); ``side_entropy`` = Shannon entropy of the quote shares over all
    ``sides``, divided by its maximum (1 = every side equally);
    ``anonymous_share`` (speaker is an anonymous individual or a vague group),
    ``media_share`` (speaker is a media outlet: "according to CNBC"; missing for a
    run scored before speakers were typed), ``direct_share`` (direct and partial
    among all quotes), ``unknown_speaker_share`` (no speaker found);
    ``first_quoted`` and ``first_quoted_side`` (first quote of the first article
    by offset).

    With ``media_citations=False`` quotes whose speaker is a media outlet are left
    out of every count and share, so an outlet that cites other outlets is
    compared on the people and bodies it quotes.
    """
    quotes = _quotes(spans, articles, media_citations)
    long = side_table(spans, articles, sides, media_citations=media_citations)
    rows = []
    for (outlet, event), _group in articles.groupby(["outlet", "event"], observed=True):
        q = quotes[(quotes["outlet"] == outlet) & (quotes["event"] == event)]
        mine = long[(long["outlet"] == outlet) & (long["event"] == event)].set_index("side")
        total = len(q)
        row = {
            "outlet": outlet,
            "event": event,
            "quotes": total,
            "verbatim_quote_words": int(q["verbatim_words"].sum()),
            "pair_a": pair[0] if pair else "",
            "pair_b": pair[1] if pair else "",
            "quotes_a": math.nan,
            "quotes_b": math.nan,
            "balance_index": math.nan,
        }
        if pair:
            a = int(mine["quotes"].get(pair[0], 0))
            b = int(mine["quotes"].get(pair[1], 0))
            row.update(quotes_a=a, quotes_b=b)
            row["balance_index"] = (a - b) / (a + b) if a + b else math.nan
        row["side_entropy"] = _entropy([int(mine["quotes"].get(s, 0)) for s in sides])
        described = _is_description(q["speaker"], q.get("speaker_type"))
        row["anonymous_share"] = float(described.mean()) if total else math.nan
        typed = "speaker_type" in q.columns
        media = q["speaker_type"].eq("media_outlet") if typed else None
        row["media_share"] = float(media.mean()) if total and typed else math.nan
        row["direct_share"] = float(q["verbatim"].mean()) if total else math.nan
        row["unknown_speaker_share"] = float(q["speaker"].eq("").mean()) if total else math.nan
        first = q.sort_values(["article_id", "start"]).head(1)
        row["first_quoted"] = first["speaker"].iloc[0] if len(first) else ""
        row["first_quoted_side"] = first["side"].iloc[0] if len(first) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def speaker_table(spans: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted: quotes per speaker and outlet (long table, with side and type)."""
    quotes = _quotes(spans, articles)
    quotes = quotes[quotes["speaker"] != ""]
    keys = ["event", "speaker", "side", "outlet"]
    if "speaker_type" in quotes.columns:
        keys.insert(2, "speaker_type")
    table = quotes.groupby(keys, dropna=False).size().rename("quotes").reset_index()
    return table.sort_values(["event", "speaker", "outlet"]).reset_index(drop=True)
