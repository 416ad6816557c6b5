"""House style and the one way figures are saved (the figures contract of DESIGN.md).

:func:`save_figure` writes a figure as PNG (300 dpi), SVG and PDF, a CSV of exactly
the plotted data, and one row of the report's figure manifest: a stable id,
title, caption, notebook, parameters, corpus fingerprint, lexicon versions and
software version. Same inputs give the same bytes: SVG ids use a fixed hash salt
and no file carries a creation date.

Each figure's manifest row is also written beside it (``figures/<id>.json``),
and ``figures.csv`` is rebuilt from those rows under a file lock, so notebooks
that run at the same time never lose each other's rows.

Colours: the Okabe-Ito palette (Okabe and Ito 2008, readable with the common
colour-vision deficiencies), one colour per outlet by sorted name, so an outlet
keeps its colour in every figure. Past eight outlets the colours repeat with a
second marker shape and hatch (then a third, ...): outlet *i* gets colour
``i mod 8`` and shape ``i div 8``, so up to 40 outlets stay distinct.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import pandas as pd

from analysis._io import csv_text, write_bytes_atomic, write_text_atomic
from analysis.errors import AnalysisError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("o", "s", "^", "D", "v")
HATCHES = ("", "///", "...", "xxx", "\\\\\\")
NEUTRAL = "#7F7F7F"
MANIFEST_COLUMNS = (
    "figure_id",
    "title",
    "caption",
    "notebook",
    "section",
    "event",
    "sequence",
    "parameters",
    "corpus",
    "corpus_fingerprint",
    "data_dates",
    "lexicon_versions",
    "software_version",
    "files",
)
_FIGURE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
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
    "font.family": ["DejaVu Sans"],
}


def use_house_style() -> None:
    """Apply the house style to matplotlib (fonts, sizes, grid, deterministic SVG)."""
    plt.rcParams.update(HOUSE_STYLE)


@dataclass(frozen=True)
class OutletStyle:
    """How one outlet is drawn: colour, marker shape and bar hatch."""

    color: str
    marker: str
    hatch: str


def outlet_styles(outlets: Sequence[str]) -> dict[str, OutletStyle]:
    """One fixed style per outlet, assigned in sorted order over *all* outlets given.

    Pass every outlet of the corpus (not a subset) so an outlet keeps its style in
    every figure of a report.
    """
    names = sorted(set(outlets))
    styles = {}
    for i, name in enumerate(names):
        shape = (i // len(PALETTE)) % len(MARKERS)
        styles[name] = OutletStyle(PALETTE[i % len(PALETTE)], MARKERS[shape], HATCHES[shape])
    return styles


def outlet_colors(outlets: Sequence[str]) -> dict[str, str]:
    """The colour of each outlet (see :func:`outlet_styles` for markers past eight)."""
    return {name: style.color for name, style in outlet_styles(outlets).items()}


def side_colors(sides: Sequence[str]) -> dict[str, str]:
    """Colours for sides, from the end of the palette; "no side" is light grey."""
    palette = list(reversed(PALETTE[:-1]))
    return {side: palette[i % len(palette)] for i, side in enumerate(sides)} | {"": "#BBBBBB"}


def _software_version() -> str:
    from analysis import __version__

    return f"media-bias-notebooks {__version__}"


def _figure_bytes(fig: Figure, fmt: str, bbox: Any = "tight") -> bytes:
    metadata: dict[str, Any] = {
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
        "png": {},
    }[fmt]
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata=metadata, dpi=300, bbox_inches=bbox)
    return buffer.getvalue()


def _tight_box(fig: Figure) -> Any:
    """The figure's tight bounding box, computed once for every format."""
    fig.canvas.draw()
    pad = plt.rcParams["savefig.pad_inches"]
    return fig.get_tightbbox(fig.canvas.get_renderer()).padded(pad)


def text_overlaps(fig: Figure, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of visible texts whose rendered boxes overlap (after a draw).

    Every saved figure is checked: a label printed over another is a figure a
    reader cannot read, so the pairs are recorded with the figure and a test
    keeps them at zero on the demo report and a 12-outlet corpus.
    """
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    boxes = []
    for artist in fig.findobj(Text):
        if not artist.get_visible() or not artist.get_text().strip():
            continue
        box = artist.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            boxes.append((artist.get_text(), box))
    found = []
    for i, (text_a, a) in enumerate(boxes):
        for text_b, b in boxes[i + 1 :]:
            if (
                a.x0 + tolerance < b.x1
                and b.x0 + tolerance < a.x1
                and a.y0 + tolerance < b.y1
                and b.y0 + tolerance < a.y1
            ):
                found.append((text_a, text_b))
    return found


def _show(png: bytes) -> None:
    """Show the saved PNG in a notebook (no second rendering); nothing elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return
    if get_ipython() is not None:
        display(Image(data=png, width=650))


def read_manifest(out_dir: str | Path) -> pd.DataFrame:
    """A report's figure manifest, built from the rows beside the figures.

    Rows come in the order the figures were made: by notebook, then event, then
    the order within the notebook.
    """
    rows = []
    for path in sorted((Path(out_dir) / "figures").glob("*.json")):
        with contextlib.suppress(OSError, ValueError):
            rows.append(json.loads(path.read_text(encoding="utf-8")))
    frame = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS)).astype("string").fillna("")
    if frame.empty:
        return frame
    order = frame["sequence"].astype(int)
    frame = frame.assign(_order=order).sort_values(
        ["notebook", "event", "_order", "figure_id"], kind="stable"
    )
    return frame.drop(columns="_order").reset_index(drop=True)


def write_manifest(out_dir: str | Path) -> pd.DataFrame:
    """Rebuild ``figures.csv`` from the rows beside the figures (under a file lock)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with (out / ".figures.lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        manifest = read_manifest(out)
        write_text_atomic(out / "figures.csv", csv_text(manifest))
        fcntl.flock(lock, fcntl.LOCK_UN)
    return manifest


def _provenance(source: Any) -> dict[str, str]:
    """Corpus name, fingerprint and date range of a scored run (or a corpus)."""
    if source is None:
        return {"corpus": "", "corpus_fingerprint": "", "data_dates": ""}
    if hasattr(source, "date_range"):  # a scored run
        return {
            "corpus": source.title,
            "corpus_fingerprint": source.fingerprint,
            "data_dates": source.date_range(),
        }
    dates = source.articles["date"].dropna()
    return {
        "corpus": source.name,
        "corpus_fingerprint": source.fingerprint,
        "data_dates": f"{dates.min():%Y-%m-%d}..{dates.max():%Y-%m-%d}" if len(dates) else "",
    }


def _sequence(fig_dir: Path, figure_id: str, notebook: str, event: str) -> int:
    """Where a figure comes in its notebook: its old place, or after the ones made so far."""
    taken = {}
    for path in fig_dir.glob("*.json") if fig_dir.is_dir() else []:
        with contextlib.suppress(OSError, ValueError, KeyError):
            row = json.loads(path.read_text(encoding="utf-8"))
            if (row["notebook"], row["event"]) == (notebook, event):
                taken[row["figure_id"]] = int(row["sequence"])
    return taken.get(figure_id, max(taken.values(), default=0) + 1)


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
    run: Any = None,
    lexicon_versions: Mapping[str, str] | None = None,
    section: str = "",
    event: str = "",
    show: bool = True,
) -> dict[str, str]:
    """Save a figure in every format with its data and a manifest row.

    Args:
        fig: the matplotlib figure.
        figure_id: stable id, lower-case letters, digits and hyphens; citations use it,
            so it must not change when figures are reordered. Build parts of it from
            names with :func:`analysis.names.slug`.
        title: what the figure shows, in a line.
        caption: how to read it: units, counts, what the marks mean.
        data: exactly the plotted data, written as ``<figure_id>.csv``.
        out_dir: the report folder; files go to ``out_dir/figures/``.
        notebook: the notebook file name that made the figure.
        parameters: the analysis parameters (plain values; written as sorted JSON).
        run: the scored run (or corpus) drawn from, for its title, fingerprint, dates.
        lexicon_versions: lexicon name to version (default: the run's).
        section: where the report index lists it ("corpus", "event", "outlets", ...).
        event: the event it is about, if one.
        show: in a notebook, display the saved PNG; the figure is closed either way.

    Returns:
        The manifest row that was written.
    """
    if not _FIGURE_ID.fullmatch(figure_id):
        raise AnalysisError(
            f"figure id {figure_id!r} must be lower-case letters, digits and "
            "hyphens (at most 100 characters); build it from names with analysis.names.slug"
        )
    out = Path(out_dir)
    fig_dir = out / "figures"
    files = []
    bbox = _tight_box(fig)
    overlaps = text_overlaps(fig)
    if overlaps:
        import logging

        logging.getLogger("analysis").warning(
            "figure %s: %d labels overlap, e.g. %r and %r", figure_id, len(overlaps), *overlaps[0]
        )
    rendered = {fmt: _figure_bytes(fig, fmt, bbox) for fmt in ("png", "svg", "pdf")}
    plt.close(fig)
    for fmt, data_bytes in rendered.items():
        write_bytes_atomic(fig_dir / f"{figure_id}.{fmt}", data_bytes)
        files.append(f"figures/{figure_id}.{fmt}")
    write_text_atomic(fig_dir / f"{figure_id}.csv", csv_text(data))
    files.append(f"figures/{figure_id}.csv")
    if lexicon_versions is None and run is not None and hasattr(run, "lexicon_versions"):
        lexicon_versions = run.lexicon_versions
    sequence = _sequence(fig_dir, figure_id, notebook, event)
    row = {
        "figure_id": figure_id,
        "title": title,
        "caption": caption,
        "notebook": notebook,
        "section": section,
        "event": event,
        "sequence": str(sequence),
        "parameters": json.dumps(dict(parameters), sort_keys=True, ensure_ascii=False, default=str),
        **_provenance(run),
        "lexicon_versions": json.dumps(dict(lexicon_versions or {}), sort_keys=True),
        "software_version": _software_version(),
        "files": " ".join(files),
    }
    sidecar = {**row, "text_overlaps": [list(pair) for pair in overlaps]}
    write_text_atomic(
        fig_dir / f"{figure_id}.json", json.dumps(sidecar, indent=1, ensure_ascii=False) + "\n"
    )
    write_manifest(out)
    if show:
        _show(rendered["png"])
    return row


def citation_line(row: Mapping[str, str]) -> str:
    """A ready-to-paste citation for one manifest row."""
    fingerprint = str(row.get("corpus_fingerprint", ""))[:12]
    dates = row.get("data_dates") or "undated"
    return (
        f"Figure {row['figure_id']}: {row['title']}. {row['software_version']}; corpus "
        f"{row['corpus']} (sha256 {fingerprint}), articles dated {dates}."
    )
