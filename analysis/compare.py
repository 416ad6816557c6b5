"""Cross-outlet comparison: rates with intervals, differences, balance, wording, omissions.

Pooled rates with bootstrap intervals, paired outlet differences, quote balance,
distinctive wording (log-odds) and omissions (names and figures one outlet leaves out).

Everything here works from the two tables ``score`` produces (``articles`` with
raw counts, ``spans``), so a comparison never re-reads texts except where words
are counted (distinctive wording, omissions).

* **Rates pool counts over words**: an outlet's loaded-term rate on an event is
  1000 × (loaded terms in all its articles) / (authorial words in all its
  articles), not an average of per-article rates, so long articles weigh more.
* **Intervals** come from an article-clustered bootstrap: articles are resampled
  with replacement within each outlet (and event), the pooled rate recomputed;
  the 2.5th and 97.5th percentiles of ``resamples`` draws make the 95% interval.
  The seed is a parameter; the same seed gives the same interval.
* **Paired differences** between two outlets use only the events both covered,
  and resample *events* (each event's articles stay together).
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.detect.quotes import LEADING_FUNCTION_WORDS, TITLE_WORDS

# metric: (numerator count column, denominator column, scale, label with units)
RATE_METRICS: dict[str, tuple[str, str, float, str]] = {
    "loaded_per_1k_words": (
        "loaded_author",
        "authorial_words",
        1000.0,
        "Loaded terms per 1,000 authorial words",
    ),
    "loaded_per_1k_quoted_words": (
        "loaded_quoted",
        "quoted_words",
        1000.0,
        "Loaded terms per 1,000 quoted words",
    ),
    "hedges_per_1k_words": (
        "hedges_author",
        "authorial_words",
        1000.0,
        "Hedges per 1,000 authorial words",
    ),
    "boosters_per_1k_words": (
        "boosters_author",
        "authorial_words",
        1000.0,
        "Boosters per 1,000 authorial words",
    ),
    "hedged_sentence_share": (
        "hedged_sentences",
        "sentences",
        1.0,
        "Share of sentences with a hedge",
    ),
    "quoted_word_share": ("direct_quote_words", "words", 1.0, "Share of words inside quotes"),
    "stance_verb_share": (
        "stance_verbs",
        "reporting_verbs",
        1.0,
        "Share of reporting verbs that are stance-marked",
    ),
    "scare_quotes_per_1k_words": ("scare_quotes", "words", 1000.0, "Scare quotes per 1,000 words"),
    "anonymous_sources_per_1k_words": (
        "anonymous_sources",
        "words",
        1000.0,
        "Anonymous or vague sources per 1,000 words",
    ),
}
DEFAULT_RESAMPLES = 2000


# --------------------------------------------------------------------------- rates


def _percentiles(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2.5th and 97.5th percentiles, ignoring draws where the rate is undefined."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all draws undefined: NaN
        low = np.nanpercentile(draws, 2.5, axis=0)
        high = np.nanpercentile(draws, 97.5, axis=0)
    return low, high


def _ratio(num: np.ndarray, den: np.ndarray, scale: float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, scale * num / np.where(den > 0, den, 1), np.nan)


def rate_table(
    articles: pd.DataFrame,
    by: Sequence[str] = ("outlet", "event"),
    metrics: Iterable[str] | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Pooled rates per group with article-clustered bootstrap intervals.

    Args:
        articles: the ``articles`` table from ``score`` (needs the raw counts).
        by: grouping columns; articles are resampled within each group.
        metrics: names from :data:`RATE_METRICS` (default: all).
        resamples: bootstrap draws (at least 2,000 for published figures).
        seed: random seed; the same seed gives the same intervals.

    Returns:
        One row per group and metric: ``value``, ``ci_low``, ``ci_high``,
        ``articles``, ``numerator``, ``denominator``.
    """
    metrics = list(metrics or RATE_METRICS)
    columns = sorted({c for m in metrics for c in RATE_METRICS[m][:2]})
    rng = np.random.default_rng(seed)
    rows = []
    for key, group in articles.groupby(list(by), sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        values = group[columns].to_numpy(dtype=float)
        n = len(values)
        index = rng.integers(0, n, size=(resamples, n)) if resamples > 0 else None
        sums = values[index].sum(axis=1) if index is not None else None
        totals = values.sum(axis=0)
        for metric in metrics:
            num_col, den_col, scale, _ = RATE_METRICS[metric]
            i, j = columns.index(num_col), columns.index(den_col)
            value = float(_ratio(totals[i], totals[j], scale))
            if sums is not None and n > 1:
                draws = _ratio(sums[:, i], sums[:, j], scale)
                low, high = _percentiles(draws)
                low, high = float(low), float(high)
            else:
                low = high = math.nan
            rows.append(
                {
                    **dict(zip(by, key, strict=True)),
                    "metric": metric,
                    "value": value,
                    "ci_low": low,
                    "ci_high": high,
                    "articles": n,
                    "numerator": totals[i],
                    "denominator": totals[j],
                }
            )
    return pd.DataFrame(rows)


def paired_differences(
    articles: pd.DataFrame,
    metrics: Iterable[str] | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Every pair of outlets, compared on the events both covered.

    The difference is rate(A) − rate(B), each pooled over the matched events; its
    interval resamples events with replacement, keeping each event's articles
    together.
    """
    metrics = list(metrics or RATE_METRICS)
    columns = sorted({c for m in metrics for c in RATE_METRICS[m][:2]})
    sums = articles.groupby(["outlet", "event"], observed=True)[columns].sum()
    outlets = sorted(articles["outlet"].unique())
    rng = np.random.default_rng(seed)
    rows = []
    for ai, a in enumerate(outlets):
        for b in outlets[ai + 1 :]:
            events = sorted(set(sums.loc[a].index) & set(sums.loc[b].index))
            if not events:
                continue
            va = sums.loc[a].loc[events, columns].to_numpy(dtype=float)
            vb = sums.loc[b].loc[events, columns].to_numpy(dtype=float)
            index = rng.integers(0, len(events), size=(resamples, len(events)))
            da, db = va[index].sum(axis=1), vb[index].sum(axis=1)
            for metric in metrics:
                num_col, den_col, scale, _ = RATE_METRICS[metric]
                i, j = columns.index(num_col), columns.index(den_col)
                value = float(
                    _ratio(va[:, i].sum(), va[:, j].sum(), scale)
                    - _ratio(vb[:, i].sum(), vb[:, j].sum(), scale)
                )
                if len(events) > 1:
                    low, high = _percentiles(
                        _ratio(da[:, i], da[:, j], scale) - _ratio(db[:, i], db[:, j], scale)
                    )
                    low, high = float(low), float(high)
                else:
                    low = high = math.nan
                rows.append(
                    {
                        "outlet_a": a,
                        "outlet_b": b,
                        "metric": metric,
                        "difference": value,
                        "ci_low": low,
                        "ci_high": high,
                        "events": len(events),
                    }
                )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- quote balance


def _entropy(counts: Sequence[float]) -> float:
    total = sum(counts)
    k = sum(1 for c in counts if c > 0)
    if total <= 0 or len(counts) < 2:
        return math.nan
    probs = [c / total for c in counts if c > 0]
    h = -sum(p * math.log(p) for p in probs)
    return h / math.log(len(counts)) if k else math.nan


def quote_balance(
    spans: pd.DataFrame,
    articles: pd.DataFrame,
    sides: Sequence[str],
    pair: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Quote balance per outlet and event.

    Columns: quote, speaker and quoted-word counts and shares per side;
    ``balance_index`` = (a − b) / (a + b) over quotes for the two sides of ``pair``
    (+1: only side a is quoted); ``side_entropy`` = Shannon entropy of the quote
    shares over all ``sides``, divided by its maximum (1 = every side equally);
    ``anonymous_share`` (speaker is an unnamed description), ``direct_share``
    (direct and partial among all quotes), ``unknown_speaker_share`` (no speaker
    found); ``first_quoted`` and ``first_quoted_side`` (first quote of the first
    article by offset).
    """
    quotes = spans[spans["kind"] == "quote"].copy()
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
        description = named.str.len().gt(0) & ~named.str[:1].str.isupper().fillna(False)
        row["anonymous_share"] = float(description.mean()) if total else math.nan
        row["direct_share"] = float(verbatim[q.index].mean()) if total else math.nan
        row["unknown_speaker_share"] = float(named.eq("").mean()) if total else math.nan
        first = q.sort_values(["article_id", "start"]).head(1)
        row["first_quoted"] = first["speaker"].iloc[0] if len(first) else ""
        row["first_quoted_side"] = first["side"].iloc[0] if len(first) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def speaker_table(spans: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted: quotes per speaker and outlet (long table, with side)."""
    quotes = spans[(spans["kind"] == "quote") & (spans["speaker"].fillna("") != "")]
    quotes = quotes.merge(articles[["id", "outlet", "event"]], left_on="article_id", right_on="id")
    table = (
        quotes.groupby(["event", "speaker", "side", "outlet"], dropna=False)
        .size()
        .rename("quotes")
        .reset_index()
    )
    return table.sort_values(["event", "speaker", "outlet"]).reset_index(drop=True)


# --------------------------------------------------------------------------- wording

# A short stop list written for this project: function words only.
STOPWORDS = frozenset(
    """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says say also
one two would could may might us its it's don't didn't that's
""".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def word_counts(texts: Iterable[str]) -> tuple[Counter, Counter]:
    """Token counts and document frequencies of lower-cased content words."""
    counts: Counter = Counter()
    docs: Counter = Counter()
    for text in texts:
        words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        words = [w for w in words if w not in STOPWORDS and len(w) > 1]
        counts.update(words)
        docs.update(set(words))
    return counts, docs


def distinctive_words(
    texts_by_outlet: dict[str, list[str]], prior: float = 10.0, min_df: int = 2, top: int = 15
) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi, Quinn 2008).

    For each outlet against all other outlets on the same event: the prior for a
    word is ``prior`` × its share of all words; δ is the difference of the
    smoothed log-odds; ``z`` = δ / sqrt(1/(y_i + α) + 1/(y_j + α)). A word counts
    for an outlet only if it appears in at least ``min_df`` of its articles (or in
    all of them, when the outlet has fewer).

    Returns:
        The ``top`` words per outlet by z-score, with counts and z.
    """
    per = {o: word_counts(t) for o, t in texts_by_outlet.items()}
    background: Counter = Counter()
    for counts, _ in per.values():
        background.update(counts)
    total = sum(background.values())
    rows = []
    for outlet, (counts, docs) in per.items():
        rest: Counter = Counter()
        for other, (c, _) in per.items():
            if other != outlet:
                rest.update(c)
        n_i, n_j = sum(counts.values()), sum(rest.values())
        floor = min(min_df, len(texts_by_outlet[outlet]))
        scored = []
        for word, y_i in counts.items():
            if docs[word] < floor:
                continue
            alpha = prior * background[word] / total
            y_j = rest.get(word, 0)
            delta = math.log((y_i + alpha) / (n_i + prior - y_i - alpha)) - math.log(
                (y_j + alpha) / (n_j + prior - y_j - alpha)
            )
            z = delta / math.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
            scored.append((z, word, y_i, y_j))
        scored.sort(key=lambda t: (-t[0], t[1]))
        for rank, (z, word, y_i, y_j) in enumerate(scored[:top], start=1):
            rows.append(
                {
                    "outlet": outlet,
                    "rank": rank,
                    "word": word,
                    "z": z,
                    "count": y_i,
                    "count_others": y_j,
                }
            )
    return pd.DataFrame(rows, columns=["outlet", "rank", "word", "z", "count", "count_others"])


# --------------------------------------------------------------------------- coverage

_NAME_RUN = re.compile(
    r"\b(?:[A-Z][\w'’.-]*[A-Za-z])(?:\s+(?:of|de|van|al|the|for|and)?\s*"
    r"[A-Z][\w'’.-]*[A-Za-z])*"
)
_NUMBER = re.compile(
    r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?\s*(?:%|percent|per cent|million|billion|"
    r"trillion|thousand|dollars|people|jobs|workers|years|hours|days)?"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[“\"]\s*)$")


def _clean_name(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in LEADING_FUNCTION_WORDS:
        words = words[1:]
    titles = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLE_WORDS]
    if titles:  # "Transport Minister Gloria Pike" -> "Gloria Pike"
        words = words[titles[-1] + 1 :]
    return " ".join(words)


_ORG_BEFORE_OF = frozenset(
    "institute university bank ministry department school college museum office bureau "
    "board council court house academy centre center federation association".split()
)
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)


def extract_items(text: str) -> set[tuple[str, str]]:
    """Named entities (capitalised sequences) and numbers with units, no model needed.

    A single capitalised word at the start of a sentence is skipped (it may be an
    ordinary word); leading function words and titles are dropped ("As Gao" ->
    "Gao", "Economist Lucas Ferrer" -> "Lucas Ferrer"); "X of Y" stays one name only
    after an organisation word ("Institute of International Trade"); weekdays and
    months are dates, not names; a single word that is part of a longer name in the
    same text ("Gao" of "Gao Feng") is not listed again.
    """
    names: set[str] = set()
    for m in _NAME_RUN.finditer(text):
        raw = re.sub(r"['’]s$", "", m.group().strip().rstrip("."))
        parts = re.split(r"\s+of\s+", raw)
        pieces = [parts[0]]
        for part in parts[1:]:
            if pieces[-1].split()[-1].lower() in _ORG_BEFORE_OF:
                pieces[-1] = f"{pieces[-1]} of {part}"
            else:
                pieces.append(part)
        at_start = _SENTENCE_START.search(text[: m.start()][-3:] or "\n")
        for index, piece in enumerate(pieces):
            name = _clean_name(piece)
            if len(name) < 2 or name.lower() in STOPWORDS or name.lower() in _CALENDAR:
                continue
            if " " not in name and index == 0 and at_start and name == piece:
                continue
            names.add(name)
    multi = [n.split() for n in names if " " in n]
    items = {("name", n) for n in names if " " in n or not any(n in words for words in multi)}
    for m in _NUMBER.finditer(text):
        value = re.sub(r"\s+", " ", m.group().strip()).rstrip(",.")
        if re.fullmatch(r"(19|20)\d\d", value):
            continue  # years are dates, not figures
        items.add(("number", value))
    return items


def omissions(texts_by_outlet: dict[str, list[str]]) -> pd.DataFrame:
    """Which names and figures each outlet includes that others on the event omit.

    One row per item: which outlets mention it, and which omit it. Items every
    outlet mentions are left out (they are common ground).
    """
    mentioned: dict[tuple[str, str], set[str]] = {}
    for outlet, texts in texts_by_outlet.items():
        for text in texts:
            for item in extract_items(text):
                mentioned.setdefault(item, set()).add(outlet)
    outlets = sorted(texts_by_outlet)
    rows = []
    for (kind, item), who in sorted(mentioned.items()):
        if len(who) == len(outlets):
            continue
        rows.append(
            {
                "kind": kind,
                "item": item,
                "mentioned_by": ", ".join(sorted(who)),
                "omitted_by": ", ".join(o for o in outlets if o not in who),
                "outlets_mentioning": len(who),
            }
        )
    return pd.DataFrame(
        rows, columns=["kind", "item", "mentioned_by", "omitted_by", "outlets_mentioning"]
    )


# --------------------------------------------------------------------------- findings


def _fmt(value: float, scale_is_share: bool) -> str:
    return f"{value:.0%}" if scale_is_share else f"{value:.1f}"


def describe_rates(table: pd.DataFrame, metric: str) -> str:
    """One sentence: the highest and lowest outlet on a metric, with intervals."""
    sub = table[(table["metric"] == metric) & table["value"].notna()].sort_values(
        "value", ascending=False
    )
    if len(sub) < 2:
        return ""
    share = RATE_METRICS[metric][2] == 1.0
    hi, lo = sub.iloc[0], sub.iloc[-1]
    label = RATE_METRICS[metric][3]

    def ci(row) -> str:
        if pd.isna(row["ci_low"]):
            return " (one article, no interval)"
        return f" (95% CI {_fmt(row['ci_low'], share)}-{_fmt(row['ci_high'], share)})"

    if pd.isna(hi["ci_low"]) or pd.isna(lo["ci_high"]):
        verdict = "with a single article there is no interval: one observation, not a finding"
    elif hi["ci_low"] <= lo["ci_high"]:
        verdict = "the intervals overlap, so the difference is not clear at this sample size"
    else:
        verdict = "the intervals do not overlap"
    return (
        f"{label}: highest in {hi['outlet']} at {_fmt(hi['value'], share)}{ci(hi)}, "
        f"lowest in {lo['outlet']} at {_fmt(lo['value'], share)}{ci(lo)}; {verdict}."
    )


def describe_balance(balance: pd.DataFrame, pair: tuple[str, str] | None) -> list[str]:
    """Sentences on quote balance: balance index and who is quoted first, per outlet."""
    out = []
    if pair and "balance_index" in balance.columns:
        for row in balance.sort_values("balance_index", ascending=False).itertuples():
            if pd.isna(row.balance_index):
                continue
            a, b = pair
            lean = (
                f"leans to {a}"
                if row.balance_index > 0.2
                else f"leans to {b}"
                if row.balance_index < -0.2
                else "is roughly even"
            )
            out.append(
                f"{row.outlet}: {getattr(row, f'quotes_{a}')} quotes from {a} and "
                f"{getattr(row, f'quotes_{b}')} from {b} (balance index "
                f"{row.balance_index:+.2f}, {lean}); first quoted: "
                f"{row.first_quoted or 'nobody'}"
                f"{f' ({row.first_quoted_side})' if row.first_quoted_side else ''}."
            )
    return out
