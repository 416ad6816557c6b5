"""The report's plots: each takes comparison tables and returns a matplotlib figure.

Every plot keeps the house rules: intervals drawn, axis labels with units from
the metric registry, one fixed style per outlet (:func:`outlet_styles`), long
labels wrapped rather than overlapped, and markers never clipped at the axis
edges. Notebooks call these and save the result with
:func:`analysis.report.figures.save_figure`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd

from analysis.report.figures import NEUTRAL, OutletStyle

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WRAP = 34  # characters per line of an axis label in a small-multiple panel


def wrap(text: str, width: int = WRAP) -> str:
    """A label broken into lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text, width)) or text


def _outlet_axis(ax, outlets: Sequence[str]) -> None:
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_ylim(len(outlets) - 0.5, -0.5)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.grid(axis="y", visible=False)


def _outlet_xticks(ax, outlets: Sequence[str]) -> None:
    """Outlet names along x: slanted for a few, upright beyond six.

    Slanted labels of many outlets would lie over each other's boxes.
    """
    if len(outlets) > 6:
        ax.set_xticks(range(len(outlets)), outlets, rotation=90, ha="center")
    else:
        ax.set_xticks(range(len(outlets)), outlets, rotation=35, ha="right")


def _panels(n: int, outlets: Sequence[str], base: float, per_outlet: float):
    """A grid of ``n`` small multiples, three a row, one outlet a line in each.

    Returns the figure and its first ``n`` axes in reading order; the cells left
    over in the last row are switched off.
    """
    cols = min(3, n)
    rows = (n + cols - 1) // cols
    height = base + rows * (0.75 + per_outlet * max(1, len(outlets)))
    fig, axes = plt.subplots(rows, cols, figsize=(7.0, height), squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax in flat[n:]:
        ax.axis("off")
    return fig, flat[:n]


def _few_ticks(ax, low: float | None = None, high: float | None = None, integer=False) -> None:
    """Three or four labelled ticks on x, inside the data's range.

    Panels side by side then never print a label over their neighbour's, and a rate
    axis never shows a negative tick in its margin.
    """
    from matplotlib.ticker import MaxNLocator

    left, right = ax.get_xlim()
    low = left if low is None else low
    high = right if high is None else high
    ticks = MaxNLocator(nbins=3, min_n_ticks=2, integer=integer).tick_values(low, high)
    inside = [t for t in ticks if low - 1e-9 <= t <= high + 1e-9]
    ax.set_xticks(inside or [low])


def _x_range(ax, values: Sequence[float], floor_zero: bool = True) -> None:
    """Limits with room on both sides, so a dot at 0 or at the maximum is never cut."""
    finite = [v for v in values if v is not None and not math.isnan(v)]
    high = max(finite, default=1.0)
    low = min(finite, default=0.0)
    if floor_zero:
        low = min(0.0, low)
    span = (high - low) or 1.0
    ax.set_xlim(low - 0.06 * span, high + 0.06 * span)


def plot_rates(
    table: pd.DataFrame,
    metrics: Sequence[str],
    outlets: Sequence[str],
    styles: Mapping[str, OutletStyle],
    labels: Mapping[str, str],
) -> Figure:
    """Small multiples: one panel per metric, a dot and 95% interval per outlet."""
    fig, panels = _panels(len(metrics), outlets, base=0.9, per_outlet=0.24)
    for k, (metric, ax) in enumerate(zip(metrics, panels, strict=False)):
        sub = table[table["metric"] == metric].set_index("outlet")
        values = []
        for i, outlet in enumerate(outlets):
            if outlet not in sub.index or pd.isna(sub.loc[outlet, "value"]):
                continue
            row = sub.loc[outlet]
            style = styles[outlet]
            if pd.notna(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [i, i], color=style.color, lw=1.6)
                values += [row["ci_low"], row["ci_high"]]
            ax.plot(row["value"], i, style.marker, color=style.color, ms=5, clip_on=False)
            values.append(row["value"])
        _outlet_axis(ax, outlets)
        if k % 3:
            ax.set_yticklabels([])
        ax.set_xlabel(wrap(labels.get(metric, metric)), fontsize=7)
        _x_range(ax, values)
        _few_ticks(ax, low=min(0.0, *values) if values else 0.0, high=max(values, default=1.0))
    fig.tight_layout(w_pad=2.5)
    return fig


def plot_side_shares(
    sides_long: pd.DataFrame,
    sides: Sequence[str],
    outlets: Sequence[str],
    colors: Mapping[str, str],
) -> Figure:
    """Stacked bars: each outlet's quotes split by the side of the speaker.

    ``sides_long`` is :func:`analysis.compare.balance.side_table` for one event.
    """
    fig, ax = plt.subplots(figsize=(6.5, 0.9 + 0.42 * len(outlets)))
    data = sides_long.set_index(["outlet", "side"])
    left = [0.0] * len(outlets)
    for side in [*sides, ""]:
        values = []
        for outlet in outlets:
            share = data["quote_share"].get((outlet, side), math.nan)
            values.append(0.0 if pd.isna(share) else float(share))
        ax.barh(
            range(len(outlets)),
            values,
            left=left,
            color=colors.get(side, NEUTRAL),
            label=side or "no side / unknown",
            height=0.6,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    _outlet_axis(ax, outlets)
    ax.set_xlim(0, 1)
    ax.set_xlabel("Share of the outlet's quotes (direct, partial and indirect)")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(4, len(sides) + 1), fontsize=7)
    fig.tight_layout()
    return fig


def plot_side_share_error(
    table: pd.DataFrame,
    sides: Sequence[str],
    outlets: Sequence[str],
    colors: Mapping[str, str],
) -> Figure:
    """One panel per side: each outlet's quote share with two 95% intervals.

    ``table`` is :func:`analysis.compare.extraction_error.balance_with_error` by
    outlet. Filled dot and solid line: the detected share, articles resampled.
    Open dot and dashed line: the share corrected for the detector's measured side
    errors, articles and annotated articles resampled together.
    """
    classes = [*sides, "none"]
    fig, panels = _panels(len(classes), outlets, base=1.1, per_outlet=0.3)
    data = table.set_index(["outlet", "side"])
    for k, (side, ax) in enumerate(zip(classes, panels, strict=False)):
        color = colors.get(side, NEUTRAL)
        for i, outlet in enumerate(outlets):
            if (outlet, side) not in data.index:
                continue
            row = data.loc[(outlet, side)]
            for offset, value, low, high, style in (
                (-0.15, "share", "share_low", "share_high", "-"),
                (0.15, "corrected_share", "corrected_low", "corrected_high", "--"),
            ):
                y = i + offset
                if pd.notna(row[low]):
                    ax.plot([row[low], row[high]], [y, y], style, color=color, lw=1.4)
                if pd.notna(row[value]):
                    face = color if value == "share" else "white"
                    ax.plot(row[value], y, "o", color=color, mfc=face, ms=4.5, clip_on=False)
        _outlet_axis(ax, outlets)
        if k % 3:
            ax.set_yticklabels([])
        ax.set_xlim(-0.04, 1.04)
        ax.set_xticks([0, 0.5, 1], ["0", "50%", "100%"])
        ax.set_xlabel(
            wrap("no side or no speaker" if side == "none" else f"side: {side}"), fontsize=7
        )
    fig.tight_layout(w_pad=2.5)
    return fig


def plot_speaker_matrix(speakers: pd.DataFrame, outlets: Sequence[str]) -> Figure:
    """Who is quoted: a count matrix of speakers (rows) by outlets (columns)."""
    matrix = speakers.pivot_table(
        index="speaker", columns="outlet", values="quotes", aggfunc="sum", fill_value=0
    ).reindex(columns=outlets, fill_value=0)
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    fig, ax = plt.subplots(figsize=(6.5, 1.2 + 0.22 * len(matrix)))
    ax.imshow(
        matrix.to_numpy(),
        cmap="Greys",
        aspect="auto",
        vmin=0,
        vmax=max(1, matrix.to_numpy().max()) * 1.6,
    )
    for (i, j), value in pd.DataFrame(matrix.to_numpy()).stack().items():
        if value:
            ax.text(j, i, str(int(value)), ha="center", va="center", fontsize=7)
    _outlet_xticks(ax, outlets)
    ax.set_yticks(range(len(matrix)), [textwrap.shorten(s, 40) for s in matrix.index], fontsize=7)
    ax.grid(False)
    ax.set_xlabel("Outlet (cell: number of quotes)")
    fig.tight_layout()
    return fig


def plot_distinctive(
    words: pd.DataFrame,
    outlets: Sequence[str],
    styles: Mapping[str, OutletStyle],
    top: int = 8,
) -> Figure:
    """Distinctive words per outlet: z-scores of the log-odds ratio, one panel each."""
    n = len(outlets)
    cols = min(2, n)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(7.0, 1.7 * rows + 0.4), squeeze=False)
    for k, outlet in enumerate(outlets):
        ax = axes[k // cols][k % cols]
        sub = words[words["outlet"] == outlet].head(top)
        style = styles[outlet]
        ax.barh(range(len(sub)), sub["z"], color=style.color, hatch=style.hatch, height=0.6)
        ax.set_yticks(range(len(sub)), sub["word"], fontsize=7)
        ax.set_ylim(max(len(sub), 1) - 0.5, -0.5)
        ax.set_title(outlet, fontsize=8, loc="left")
        ax.set_xlabel("z-score (log-odds vs other outlets)", fontsize=7)
        _few_ticks(ax, min(0.0, *sub["z"]) if len(sub) else 0.0, max(sub["z"], default=1.0))
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.grid(axis="y", visible=False)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout(w_pad=2.5)
    return fig


def plot_omissions(
    items: pd.DataFrame, outlets: Sequence[str], styles: Mapping[str, OutletStyle]
) -> Figure:
    """Items some outlets mention and others do not: a presence matrix (rows: items)."""
    fig, ax = plt.subplots(figsize=(6.5, 1.2 + 0.22 * max(1, len(items))))
    for i, row in enumerate(items.itertuples()):
        present = set(row.mentioned_by.split(", ")) if row.mentioned_by else set()
        for j, outlet in enumerate(outlets):
            style = styles[outlet]
            if outlet in present:
                ax.plot(j, i, style.marker, color=style.color, ms=6, clip_on=False)
            else:
                ax.plot(j, i, "x", color="#999999", ms=5, clip_on=False)
    _outlet_xticks(ax, outlets)
    ax.set_yticks(
        range(len(items)),
        [textwrap.shorten(f"{r.item} ({r.kind})", 44) for r in items.itertuples()],
        fontsize=7,
    )
    ax.set_xlim(-0.5, len(outlets) - 0.5)
    ax.set_ylim(max(1, len(items)) - 0.5, -0.5)
    ax.grid(False)
    ax.set_xlabel("Outlet (marker: mentioned; cross: not mentioned anywhere in its articles)")
    fig.tight_layout()
    return fig


def plot_differences(
    diff: pd.DataFrame, metrics: Sequence[str], labels: Mapping[str, str]
) -> Figure:
    """Forest plot: each pair of outlets, the difference (A − B) with its 95% interval."""
    pairs = (
        diff[["outlet_a", "outlet_b"]]
        .drop_duplicates()
        .apply(lambda r: f"{r.outlet_a} − {r.outlet_b}", axis=1)
        .tolist()
    )
    fig, axes = plt.subplots(
        1,
        len(metrics),
        figsize=(7.0, 1.3 + 0.32 * len(pairs)),
        sharey=True,
        squeeze=False,
    )
    for ax, metric in zip(axes[0], metrics, strict=True):
        sub = diff[diff["metric"] == metric].reset_index(drop=True)
        values = []
        for i, row in sub.iterrows():
            if pd.notna(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [i, i], color="#444444", lw=1.4)
                values += [row["ci_low"], row["ci_high"]]
            ax.plot(row["difference"], i, "o", color="#000000", ms=4, clip_on=False)
            values.append(row["difference"])
        ax.axvline(0, color="#999999", lw=0.8)
        ax.set_yticks(range(len(pairs)), pairs, fontsize=7)
        ax.set_ylim(max(1, len(pairs)) - 0.5, -0.5)
        ax.set_title(wrap(labels.get(metric, metric), 26), fontsize=7, loc="left")
        ax.set_xlabel("A − B", fontsize=7)
        _x_range(ax, values, floor_zero=False)
        _few_ticks(ax, low=min(values, default=-1.0), high=max(values, default=1.0))
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.grid(axis="y", visible=False)
    fig.tight_layout(w_pad=2.5)
    return fig


def plot_outlet_event(grid: pd.DataFrame, styles: Mapping[str, OutletStyle], label: str) -> Figure:
    """Outlet by event: one dot per cell, its area growing with the value, value printed."""
    fig, ax = plt.subplots(figsize=(7.0, 1.2 + 0.42 * len(grid.index)))
    top = max(1.0, float(grid.max().max()) if grid.size else 1.0)
    for j, ev in enumerate(grid.columns):
        for i, outlet in enumerate(grid.index):
            v = grid.loc[outlet, ev]
            if pd.notna(v):
                style = styles[outlet]
                ax.scatter(j, i, s=20 + 120 * v / top, color=style.color, marker=style.marker)
                ax.text(j + 0.22, i, f"{v:.1f}", va="center", fontsize=7)
    ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(grid.index)), grid.index)
    ax.set_ylim(len(grid.index) - 0.5, -0.5)
    ax.set_xlim(-0.5, len(grid.columns) - 0.1)
    ax.set_xlabel(f"Event (number: {label.lower()})")
    ax.grid(False)
    fig.tight_layout()
    return fig


def plot_articles_words(
    summary: pd.DataFrame,
    events: Sequence[str],
    outlets: Sequence[str],
    styles: Mapping[str, OutletStyle],
) -> Figure:
    """Articles (left) and words (right) per outlet and event: grouped horizontal bars."""
    fig, axes = plt.subplots(
        1, 2, figsize=(7.0, 1.4 + 0.3 * len(events) * max(1, len(outlets)) / 3), sharey=True
    )
    width = 0.8 / max(1, len(outlets))
    for ax, value, label in ((axes[0], "articles", "Articles"), (axes[1], "words", "Words")):
        table = (
            summary.pivot(index="event", columns="outlet", values=value)
            .reindex(index=events, columns=outlets)
            .fillna(0)
        )
        for i, outlet in enumerate(outlets):
            style = styles[outlet]
            ax.barh(
                [y + i * width for y in range(len(events))],
                table[outlet],
                height=width,
                color=style.color,
                hatch=style.hatch,
                label=outlet,
            )
        ax.set_xlabel(f"{label} (count)")
        _few_ticks(ax, 0, float(table.to_numpy().max() or 1), integer=value == "articles")
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.grid(axis="y", visible=False)
    axes[0].set_yticks([y + 0.4 - width / 2 for y in range(len(events))], events)
    axes[0].set_ylim(len(events) - 0.1, -0.2)
    ncol = 2 if len(outlets) <= 8 else 3
    fig.legend(
        *axes[1].get_legend_handles_labels(),
        title="Outlet",
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=ncol,
        fontsize=7,
    )
    fig.tight_layout()
    return fig


def plot_agreement(table: pd.DataFrame, systems: Mapping[str, str], xlabel: str) -> Figure:
    """Rows of ``label``, each system a dot and 95% interval in its colour (validation)."""
    labels = list(dict.fromkeys(table["label"]))
    fig, ax = plt.subplots(figsize=(7.0, 1.0 + 0.42 * len(labels)))
    step = 0.7 / max(1, len(systems))
    for k, (system, color) in enumerate(systems.items()):
        sub = table[table["system"] == system].set_index("label")
        for i, label in enumerate(labels):
            if label not in sub.index:
                continue
            row = sub.loc[label]
            y = i + (k - (len(systems) - 1) / 2) * step
            if pd.notna(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [y, y], color=color, lw=1.5)
            ax.plot(row["value"], y, "o", color=color, ms=4, clip_on=False)
        ax.plot([], [], "o", color=color, label=system)
    ax.set_yticks(range(len(labels)), [wrap(label, 44) for label in labels], fontsize=7)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(4, len(systems)), fontsize=7)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def plot_group_rates(
    rates: pd.DataFrame, systems: Sequence[tuple[str, str, str]], xlabel: str
) -> Figure:
    """Per group (``metric`` column), each system's rate and interval: (system, colour, label)."""
    groups = sorted(rates["metric"].unique())
    fig, ax = plt.subplots(figsize=(6.5, 1.2 + 0.5 * len(groups)))
    step = 0.6 / max(1, len(systems))
    values = []
    for k, (system, color, label) in enumerate(systems):
        sub = rates[rates["system"] == system].set_index("metric")
        for i, group in enumerate(groups):
            if group not in sub.index:
                continue
            row = sub.loc[group]
            y = i + (k - (len(systems) - 1) / 2) * step
            if pd.notna(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [y, y], color=color, lw=1.5)
                values += [row["ci_low"], row["ci_high"]]
            ax.plot(row["value"], y, "o", color=color, ms=5, clip_on=False)
            values.append(row["value"])
        ax.plot([], [], "o", color=color, label=label)
    ax.set_yticks(range(len(groups)), groups)
    ax.set_ylim(len(groups) - 0.5, -0.5)
    _x_range(ax, values)
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(3, len(systems)), fontsize=7)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def plot_hygiene(per_outlet: pd.DataFrame, styles: Mapping[str, OutletStyle]) -> Figure:
    """Per outlet: words analysed (solid) and boilerplate words left out (light)."""
    outlets = per_outlet["outlet"].tolist()
    fig, ax = plt.subplots(figsize=(6.5, 1.0 + 0.36 * len(outlets)))
    for i, row in enumerate(per_outlet.itertuples()):
        style = styles[row.outlet]
        ax.barh(i, row.analysed_words, color=style.color, hatch=style.hatch, height=0.6)
        ax.barh(
            i,
            row.boilerplate_words,
            left=row.analysed_words,
            color=style.color,
            alpha=0.3,
            height=0.6,
        )
    _outlet_axis(ax, outlets)
    ax.set_xlabel("Words (solid: analysed; light: boilerplate left out)")
    fig.tight_layout()
    return fig


def plot_coverage_per_day(
    daily: pd.DataFrame, outlets: Sequence[str], styles: Mapping[str, OutletStyle]
) -> Figure:
    """Articles (top) and words (bottom) per outlet per day, every event pooled."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import MaxNLocator

    fig, axes = plt.subplots(2, 1, figsize=(7.0, 4.6), sharex=True)
    for ax, column, label in ((axes[0], "articles", "Articles"), (axes[1], "words", "Words")):
        for outlet in outlets:
            sub = daily[daily["outlet"] == outlet].sort_values("day")
            if sub.empty:
                continue
            style = styles[outlet]
            ax.plot(
                sub["day"],
                sub[column],
                marker=style.marker,
                color=style.color,
                lw=1.2,
                ms=4,
                label=outlet,
                clip_on=False,
            )
        ax.set_ylabel(f"{label} per day")
        ax.set_ylim(bottom=0)
        ax.margins(x=0.03, y=0.1)
        # whole numbers, and the top tick of one panel never meets the 0 of the other
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axes[1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    fig.legend(
        *axes[0].get_legend_handles_labels(),
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=min(4, max(1, len(outlets))),
        fontsize=7,
    )
    fig.tight_layout(h_pad=1.6)
    return fig


def plot_first_last(spans_in_time: pd.DataFrame, styles: Mapping[str, OutletStyle]) -> Figure:
    """Each event (row): each outlet's first (marker) and last (line end) article on it."""
    import matplotlib.dates as mdates

    events = sorted(spans_in_time["event"].unique())
    outlets = sorted(spans_in_time["outlet"].unique())
    fig, ax = plt.subplots(figsize=(7.0, 1.2 + 0.45 * len(events) * max(1, len(outlets)) / 3))
    step = 0.7 / max(1, len(outlets))
    for i, event in enumerate(events):
        sub = spans_in_time[spans_in_time["event"] == event]
        for k, outlet in enumerate(outlets):
            row = sub[sub["outlet"] == outlet]
            if row.empty:
                continue
            y = i + (k - (len(outlets) - 1) / 2) * step
            style = styles[outlet]
            first, last = row["first"].iloc[0], row["last"].iloc[0]
            ax.plot([first, last], [y, y], color=style.color, lw=1.4)
            ax.plot(first, y, style.marker, color=style.color, ms=5, clip_on=False)
    for outlet in outlets:
        style = styles[outlet]
        ax.plot([], [], style.marker, color=style.color, label=outlet)
    ax.set_yticks(range(len(events)), [wrap(e, 30) for e in events], fontsize=7)
    ax.set_ylim(len(events) - 0.5, -0.5)
    # The year goes into the label: the formatter's corner offset would sit on it.
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    years = sorted(
        {d.year for d in pd.to_datetime(spans_in_time[["first", "last"]].stack()).dropna()}
    )
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}" if years else ""
    ax.set_xlabel(
        f"Date{', ' + span if span else ''} (marker: an outlet's first article on the event; "
        "line: to its last)"
    )
    ax.margins(x=0.05)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(4, len(outlets)), fontsize=7)
    fig.tight_layout()
    return fig


def plot_output_share(
    share: pd.DataFrame, outlets: Sequence[str], styles: Mapping[str, OutletStyle]
) -> Figure:
    """Per outlet and day: the share of its published articles that are in the corpus."""
    import matplotlib.dates as mdates

    fig, ax = plt.subplots(figsize=(7.0, 3.2))
    for outlet in outlets:
        sub = share[share["outlet"] == outlet].sort_values("day")
        if sub.empty:
            continue
        style = styles[outlet]
        ax.plot(
            sub["day"],
            sub["share"],
            marker=style.marker,
            color=style.color,
            ms=4,
            lw=1.2,
            label=outlet,
            clip_on=False,
        )
    ax.set_ylim(0, 1)
    ax.set_ylabel("Share of the outlet's articles")
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(4, len(outlets)), fontsize=7)
    fig.tight_layout()
    return fig
