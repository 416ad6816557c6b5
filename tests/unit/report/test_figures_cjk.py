"""Chinese text in figures: drawn with the shipped CJK font, never as missing-glyph boxes."""

from __future__ import annotations

import re
import warnings

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from analysis import load_corpus
from analysis.paths import DEMO_CORPUS
from analysis.report.figures import (
    CJK_FONT,
    HOUSE_STYLE,
    outlet_colors,
    register_cjk_font,
    save_figure,
    use_house_style,
)

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _demo_chinese_names() -> set[str]:
    """Every CJK character of the demo's outlet names, event, speakers and article titles."""
    read = lambda name: pd.read_csv(DEMO_CORPUS / name, dtype=str, keep_default_na=False)  # noqa: E731
    corpus = load_corpus(DEMO_CORPUS)
    text = " ".join(
        [
            *read("outlets.csv")["name"],
            *read("events.csv")["title"],
            *read("speakers.csv")["aliases"],
            *corpus.articles["title"].fillna(""),
            *corpus.articles["text"][corpus.articles["event"] == "chip-export-curbs"],
        ]
    )
    return set(CJK.findall(text))


def test_the_cjk_font_is_registered_and_follows_dejavu_sans():
    path = register_cjk_font()
    assert path and path.endswith(".ttc")
    assert HOUSE_STYLE["font.family"] == ["DejaVu Sans", CJK_FONT]
    assert CJK_FONT in {f.name for f in font_manager.fontManager.ttflist}


def test_the_font_covers_every_character_of_the_demo_chinese_texts():
    font = FT2Font(register_cjk_font(), face_index=2)  # the SC face of the collection
    assert font.family_name == CJK_FONT
    chars = _demo_chinese_names()
    assert len(chars) > 300
    missing = sorted(ch for ch in chars if font.get_char_index(ord(ch)) == 0)
    assert not missing, f"no glyph for {''.join(missing)}"


def test_a_figure_with_chinese_outlets_and_title_has_no_missing_glyph(tmp_path):
    use_house_style()
    outlets = pd.read_csv(DEMO_CORPUS / "outlets.csv", dtype=str)
    names = outlets[outlets["outlet"].isin(["kestria-herald-zh", "cangwan-times", "jizhan-tech"])]
    labels = [n.split(" (")[0] for n in names["name"]]  # 凯斯特里亚先驱报, 滄灣時報, 极栈
    data = pd.DataFrame({"outlet": labels, "loaded_per_1k_words": [31.0, 4.0, 0.0]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        colors = outlet_colors(labels)
        ax.bar(data["outlet"], data["loaded_per_1k_words"], color=[colors[x] for x in labels])
        ax.set_title("瓦尔多利亚限制对凯斯特里亚出口AI芯片：「極光」A90")
        ax.set_ylabel("Loaded terms per 1,000 authorial words")
        row = save_figure(
            fig,
            "zh-bars",
            title="芯片出口管制",
            caption="Chinese outlet names.",
            data=data,
            out_dir=tmp_path,
            notebook="test.ipynb",
            parameters={},
            run=load_corpus(DEMO_CORPUS),
            show=False,
        )
    glyphs = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not glyphs, glyphs[:3]
    assert row["figure_id"] == "zh-bars" and "png" in row["files"]


def test_english_figures_do_not_use_the_cjk_font():
    use_house_style()
    fig, ax = plt.subplots()
    text = ax.set_title("Loaded terms per 1,000 authorial words")
    fig.canvas.draw()
    used = font_manager.findfont(text.get_fontproperties())
    plt.close(fig)
    assert "DejaVuSans" in used
