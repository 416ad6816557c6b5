"""save_figure: every format, the plotted data, a manifest row, the same bytes twice."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import load_corpus
from analysis.paths import DEMO_CORPUS
from analysis.report.figures import (
    MANIFEST_COLUMNS,
    citation_line,
    outlet_colors,
    outlet_styles,
    read_manifest,
    save_figure,
    use_house_style,
)


def _draw(out_dir, figure_id="demo-bars", title="Bars"):
    use_house_style()
    data = pd.DataFrame({"outlet": ["a", "b"], "words": [10, 20]})
    fig, ax = plt.subplots()
    ax.bar(data["outlet"], data["words"], color=list(outlet_colors(["a", "b"]).values()))
    ax.set_ylabel("Words (count)")
    row = save_figure(
        fig,
        figure_id,
        title=title,
        caption="Two bars.",
        data=data,
        out_dir=out_dir,
        notebook="test.ipynb",
        parameters={"seed": 1},
        run=load_corpus(DEMO_CORPUS),
        show=False,
    )
    return row


def test_save_figure_writes_every_format_and_a_manifest_row(tmp_path):
    row = _draw(tmp_path)
    for ext in ("png", "svg", "pdf", "csv"):
        assert (tmp_path / "figures" / f"demo-bars.{ext}").stat().st_size > 0
    assert (tmp_path / "figures" / "demo-bars.csv").read_text() == "outlet,words\na,10\nb,20\n"
    manifest = read_manifest(tmp_path)
    assert list(manifest.columns) == list(MANIFEST_COLUMNS)
    assert manifest["figure_id"].tolist() == ["demo-bars"]
    assert row["corpus"] == "demo" and len(row["corpus_fingerprint"]) == 64
    assert row["parameters"] == '{"seed": 1}'
    assert row["data_dates"] == "2026-03-10..2026-07-20"
    assert row["software_version"].startswith("media-bias-notebooks ")
    assert "Figure demo-bars: Bars." in citation_line(row)


def test_two_runs_give_byte_identical_files(tmp_path):
    _draw(tmp_path / "one")
    _draw(tmp_path / "two")
    for name in (
        "figures/demo-bars.svg",
        "figures/demo-bars.pdf",
        "figures/demo-bars.png",
        "figures/demo-bars.csv",
        "figures.csv",
    ):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), (
            name
        )


def test_manifest_replaces_a_row_by_id_and_keeps_the_order_figures_were_made(tmp_path):
    _draw(tmp_path, "zeta")
    _draw(tmp_path, "alpha")
    _draw(tmp_path, "zeta", title="New title")
    manifest = read_manifest(tmp_path)
    assert manifest["figure_id"].tolist() == ["zeta", "alpha"]  # a remade figure keeps its place
    assert manifest.loc[0, "title"] == "New title"
    assert (tmp_path / "figures.csv").read_text().count("\n") == 3


def test_bad_figure_id_is_refused(tmp_path):
    with pytest.raises(ValueError, match="lower-case"):
        _draw(tmp_path, "Bad ID")


def test_outlet_colours_are_fixed_by_name_not_by_subset():
    everyone = outlet_colors(["wire", "daily", "tabloid"])
    assert outlet_colors(["tabloid", "daily", "wire"]) == everyone
    assert len(set(everyone.values())) == 3


def test_twelve_outlets_get_twelve_distinct_styles():
    styles = outlet_styles([f"outlet-{i:02d}" for i in range(12)])
    assert len({(s.color, s.marker) for s in styles.values()}) == 12
    assert len({s.color for s in styles.values()}) == 8  # Okabe-Ito, then shapes
