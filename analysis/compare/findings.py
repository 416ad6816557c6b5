"""Findings: sentences generated from the comparison tables, never from hand-typed numbers."""

from __future__ import annotations

import pandas as pd

from analysis.compare.rates import RATE_METRICS


def _fmt(value: float, scale_is_share: bool) -> str:
    return f"{value:.0%}" if scale_is_share else f"{value:.1f}"


def describe_rates(table: pd.DataFrame, metric: str) -> str:
    """One sentence: the highest and lowest outlet on a metric, with intervals."""
    sub = table[(table["metric"] == metric) & table["value"].notna()].sort_values(
        "value", ascending=False
    )
    if len(sub) < 2:
        return ""
    share = RATE_METRICS[metric].scale == 1
    hi, lo = sub.iloc[0], sub.iloc[-1]
    label = RATE_METRICS[metric].label

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


def _quotes(n: float) -> str:
    return f"{n:.0f} quote" if n == 1 else f"{n:.0f} quotes"


def describe_balance(balance: pd.DataFrame) -> list[str]:
    """Sentences on quote balance: balance index and who is quoted first, per outlet."""
    out = []
    for row in balance.sort_values("balance_index", ascending=False).to_dict("records"):
        if pd.isna(row["balance_index"]):
            continue
        a, b = row["pair_a"], row["pair_b"]
        index = row["balance_index"]
        lean = (
            f"leans to {a}"
            if index > 0.2
            else f"leans to {b}"
            if index < -0.2
            else "is roughly even"
        )
        side = f" ({row['first_quoted_side']})" if row["first_quoted_side"] else ""
        out.append(
            f"{row['outlet']}: {_quotes(row['quotes_a'])} from {a} and {row['quotes_b']:.0f} "
            f"from {b} (balance index {index:+.2f}, {lean}); first quoted: "
            f"{row['first_quoted'] or 'nobody'}{side}."
        )
    return out
