"""House style and the one way figures are saved (the figures contract of DESIGN.md).

:func:`save_figure` writes a figure as PNG (300 dpi), SVG and PDF, a CSV of exactly
the plotted data, and one row of the run's figure manifest (``figures.csv``): a
stable id, title, caption, notebook, parameters, corpus fingerprint, lexicon
versions and software version. Same inputs give the same bytes: SVG ids use a
fixed hash salt and no file carries a creation date.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import pandas as pd

from analysis._io import write_bytes_atomic, write_text_atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from analysis.corpus import Corpus

# Okabe and Ito (2008), "Color Universal Design": distinguishable with the common
# colour-vision deficiencies. Outlets get colours in this order, by sorted name.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
NEUTRAL = "#7F7F7F"
MANIFEST_COLUMNS = (
    "figure_id",
    "title",
    "caption",
    "notebook",
    "parameters",
    "corpus",
    "corpus_fingerprint",
    "data_dates",
    "lexicon_versions",
    "software_version",
    "files",
)
_FIGURE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
HOUSE_STYLE: dict[str, Any] = {
    "figure.figsize": (6.5, 4.0),  # fits a journal text column at print size
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "svg.hashsalt": "media-bias-notebooks",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
}


def use_house_style() -> None:
    """Apply the house style to matplotlib (fonts, sizes, grid, deterministic SVG)."""
    plt.rcParams.update(HOUSE_STYLE)


def outlet_colors(outlets: Sequence[str]) -> dict[str, str]:
    """One fixed colour per outlet, assigned in sorted order over *all* outlets given.

    Pass every outlet of the corpus (not a subset) so an outlet keeps its colour in
    every figure of a report. Past eight outlets colours repeat with a grey.
    """
    names = sorted(set(outlets))
    return {name: PALETTE[i] if i < len(PALETTE) else NEUTRAL for i, name in enumerate(names)}


def _software_version() -> str:
    from analysis import __version__

    return f"media-bias-notebooks {__version__}"


def _data_dates(corpus: Corpus | None) -> str:
    if corpus is None or corpus.articles["date"].isna().all():
        return ""
    dates = corpus.articles["date"].dropna()
    return f"{dates.min():%Y-%m-%d}..{dates.max():%Y-%m-%d}"


def _figure_bytes(fig: Figure, fmt: str) -> bytes:
    metadata: dict[str, Any] = {
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
        "png": {},
    }[fmt]
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata=metadata, dpi=300)
    return buffer.getvalue()


def _csv_bytes(data: pd.DataFrame) -> bytes:
    return data.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


def read_manifest(out_dir: str | Path) -> pd.DataFrame:
    """Read a run's ``figures.csv`` (an empty table when there is none yet)."""
    path = Path(out_dir) / "figures.csv"
    if not path.exists():
        return pd.DataFrame(columns=list(MANIFEST_COLUMNS), dtype="string")
    return pd.read_csv(path, dtype="string", keep_default_na=False)


def save_figure(
    fig: Figure,
    figure_id: str,
    *,
    title: str,
    caption: str,
    data: pd.DataFrame,
    out_dir: str | Path,
    notebook: str,
    parameters: Mapping[str, Any],
    corpus: Corpus | None = None,
    lexicon_versions: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Save a figure in every format with its data and a manifest row.

    Args:
        fig: the matplotlib figure.
        figure_id: stable id, lower-case letters, digits and hyphens; citations use it,
            so it must not change when figures are reordered.
        title: what the figure shows, in a line.
        caption: how to read it: units, counts, what the marks mean.
        data: exactly the plotted data, written as ``<figure_id>.csv``.
        out_dir: the run's output folder; files go to ``out_dir/figures/``.
        notebook: the notebook file name that made the figure.
        parameters: the notebook parameters (plain values; written as sorted JSON).
        corpus: the corpus drawn from, for its name, fingerprint and dates.
        lexicon_versions: lexicon name to version, for figures built on lexicons.

    Returns:
        The manifest row that was written.
    """
    if not _FIGURE_ID.fullmatch(figure_id):
        raise ValueError(
            f"figure id {figure_id!r} must be lower-case letters, digits and "
            "hyphens (at most 80 characters)"
        )
    out = Path(out_dir)
    fig_dir = out / "figures"
    files = []
    for fmt in ("png", "svg", "pdf"):
        write_bytes_atomic(fig_dir / f"{figure_id}.{fmt}", _figure_bytes(fig, fmt))
        files.append(f"figures/{figure_id}.{fmt}")
    write_bytes_atomic(fig_dir / f"{figure_id}.csv", _csv_bytes(data))
    files.append(f"figures/{figure_id}.csv")
    row = {
        "figure_id": figure_id,
        "title": title,
        "caption": caption,
        "notebook": notebook,
        "parameters": json.dumps(dict(parameters), sort_keys=True, ensure_ascii=False, default=str),
        "corpus": corpus.name if corpus is not None else "",
        "corpus_fingerprint": corpus.fingerprint if corpus is not None else "",
        "data_dates": _data_dates(corpus),
        "lexicon_versions": json.dumps(dict(lexicon_versions or {}), sort_keys=True),
        "software_version": _software_version(),
        "files": " ".join(files),
    }
    manifest = read_manifest(out)
    rows = [r for r in manifest.to_dict("records") if r.get("figure_id") != figure_id]
    rows.append(row)
    rows.sort(key=lambda r: r["figure_id"])
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(MANIFEST_COLUMNS), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(out / "figures.csv", buffer.getvalue())
    return row


def citation_line(row: Mapping[str, str]) -> str:
    """A ready-to-paste citation for one manifest row."""
    fingerprint = str(row.get("corpus_fingerprint", ""))[:12]
    dates = row.get("data_dates") or "undated"
    return (
        f"Figure {row['figure_id']}: {row['title']}. {row['software_version']}; corpus "
        f"{row['corpus']} (sha256 {fingerprint}), articles dated {dates}."
    )


# --------------------------------------------------------------------------- comparison plots


def _outlet_axis(ax, outlets: Sequence[str]) -> None:
    ax.set_yticks(range(len(outlets)), outlets)
    ax.invert_yaxis()
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.grid(axis="y", visible=False)


def plot_rates(
    table: pd.DataFrame,
    metrics: Sequence[str],
    outlets: Sequence[str],
    colors: Mapping[str, str],
    labels: Mapping[str, str],
) -> Figure:
    """Small multiples: one panel per metric, a dot and 95% interval per outlet."""
    n = len(metrics)
    cols = min(3, n)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(
        rows, cols, figsize=(7.0, 1.0 + 1.1 * rows * max(1, len(outlets)) / 2), squeeze=False
    )
    for k, metric in enumerate(metrics):
        ax = axes[k // cols][k % cols]
        sub = table[table["metric"] == metric].set_index("outlet")
        for i, outlet in enumerate(outlets):
            if outlet not in sub.index:
                continue
            row = sub.loc[outlet]
            if pd.notna(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [i, i], color=colors[outlet], lw=1.6)
            ax.plot(row["value"], i, "o", color=colors[outlet], ms=5)
        _outlet_axis(ax, outlets)
        if k % cols:
            ax.set_yticklabels([])
        ax.set_xlabel(labels.get(metric, metric), fontsize=7)
        ax.set_xlim(left=0)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    return fig


def plot_side_shares(
    balance: pd.DataFrame,
    sides: Sequence[str],
    outlets: Sequence[str],
    side_colors: Mapping[str, str],
) -> Figure:
    """Stacked bars: each outlet's quotes split by the side of the speaker."""
    fig, ax = plt.subplots(figsize=(6.5, 0.6 + 0.45 * len(outlets)))
    data = balance.set_index("outlet")
    left = [0.0] * len(outlets)
    for side in [*sides, "none"]:
        values = []
        for outlet in outlets:
            if outlet not in data.index or not data.loc[outlet, "quotes"]:
                values.append(0.0)
            elif side == "none":
                values.append(1.0 - sum(data.loc[outlet, f"quote_share_{s}"] for s in sides))
            else:
                values.append(float(data.loc[outlet, f"quote_share_{side}"]))
        ax.barh(
            range(len(outlets)),
            values,
            left=left,
            color=side_colors.get(side, NEUTRAL),
            label=side if side != "none" else "no side / unknown",
            height=0.6,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    _outlet_axis(ax, outlets)
    ax.set_xlim(0, 1)
    ax.set_xlabel("Share of the outlet's quotes (direct, partial and indirect)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(5, len(sides) + 1))
    fig.tight_layout()
    return fig


def side_colors(sides: Sequence[str]) -> dict[str, str]:
    """Colours for sides, from the end of the palette so they differ from outlet colours."""
    palette = list(reversed(PALETTE[:-1]))
    return {side: palette[i % len(palette)] for i, side in enumerate(sides)} | {"none": "#BBBBBB"}


def plot_speaker_matrix(speakers: pd.DataFrame, outlets: Sequence[str]) -> Figure:
    """Who is quoted: a count matrix of speakers (rows) by outlets (columns)."""
    matrix = speakers.pivot_table(
        index="speaker", columns="outlet", values="quotes", aggfunc="sum", fill_value=0
    ).reindex(columns=outlets, fill_value=0)
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(6.5, 0.8 + 0.22 * len(matrix)))
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
    ax.set_xticks(range(len(outlets)), outlets, rotation=20, ha="right")
    ax.set_yticks(range(len(matrix)), matrix.index, fontsize=7)
    ax.grid(False)
    ax.set_xlabel("Outlet (cell: number of quotes)")
    fig.tight_layout()
    return fig


def plot_distinctive(
    words: pd.DataFrame, outlets: Sequence[str], colors: Mapping[str, str], top: int = 8
) -> Figure:
    """Distinctive words per outlet: z-scores of the log-odds ratio, one panel each."""
    n = len(outlets)
    cols = min(2, n)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(7.0, 1.6 * rows + 0.4), squeeze=False)
    for k, outlet in enumerate(outlets):
        ax = axes[k // cols][k % cols]
        sub = words[words["outlet"] == outlet].head(top)
        ax.barh(range(len(sub)), sub["z"], color=colors[outlet], height=0.6)
        ax.set_yticks(range(len(sub)), sub["word"], fontsize=7)
        ax.invert_yaxis()
        ax.set_title(outlet, fontsize=8, loc="left")
        ax.set_xlabel("z-score (log-odds vs other outlets)", fontsize=7)
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.grid(axis="y", visible=False)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    return fig


def plot_omissions(
    table: pd.DataFrame, outlets: Sequence[str], colors: Mapping[str, str], limit: int = 25
) -> Figure:
    """Names and figures some outlets include and others omit: a presence matrix."""
    shared = table[table["outlets_mentioning"] >= 2].head(limit)
    fig, ax = plt.subplots(figsize=(6.5, 0.8 + 0.22 * max(1, len(shared))))
    for i, row in enumerate(shared.itertuples()):
        present = set(row.mentioned_by.split(", "))
        for j, outlet in enumerate(outlets):
            if outlet in present:
                ax.plot(j, i, "o", color=colors[outlet], ms=6)
            else:
                ax.plot(j, i, "x", color="#999999", ms=5)
    ax.set_xticks(range(len(outlets)), outlets, rotation=20, ha="right")
    ax.set_yticks(
        range(len(shared)), [f"{r.item} ({r.kind})" for r in shared.itertuples()], fontsize=7
    )
    ax.set_xlim(-0.5, len(outlets) - 0.5)
    ax.invert_yaxis()
    ax.grid(False)
    ax.set_xlabel("Outlet (dot: mentioned; cross: omitted)")
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
        1, len(metrics), figsize=(7.0, 0.8 + 0.35 * len(pairs)), sharey=True, squeeze=False
    )
    for ax, metric in zip(axes[0], metrics, strict=True):
        sub = diff[diff["metric"] == metric].reset_index(drop=True)
        for i, row in sub.iterrows():
            if pd.notna(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [i, i], color="#444444", lw=1.4)
            ax.plot(row["difference"], i, "o", color="#000000", ms=4)
        ax.axvline(0, color="#999999", lw=0.8)
        ax.set_yticks(range(len(pairs)), pairs, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel(f"Difference in {labels.get(metric, metric).lower()}", fontsize=7)
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig
