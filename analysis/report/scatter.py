"""Term scatter: two outlets' words on one event, as a standalone offline page.

After scattertext (Kessler 2017): each point is a word, placed by how many times each
of two outlets uses it (log scale; words with the same counts are spread by a
fixed jitter within the gap to the next count), coloured by the z-score of
the log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008; the
same statistic as the distinctive-words figure). Hovering a point shows the
word's counts and z, and clicking it lists where each outlet used it, in
context. One page per event holds every pair of outlets (or each outlet against
the rest, past six outlets); a menu switches between them. The page is one HTML
file with inline SVG and script: no network, no CDN.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re

import pandas as pd

from analysis.compare.wording import term_table

SIZE = 520  # plot square, pixels
PAD = 46
MAX_PAIRS_OUTLETS = 6
CONTEXTS = 2  # snippets per word and outlet
LABELS = 12  # most distinctive words labelled on each side


def _jitter(word: str) -> tuple[float, float]:
    """A fixed offset in [-0.5, 0.5) for each axis, from the word (same every run)."""
    digest = hashlib.sha1(word.encode("utf-8")).digest()
    return digest[0] / 256 - 0.5, digest[1] / 256 - 0.5


def _scale(count: float, top: float) -> float:
    """A count's place on a log axis from 0 to 1 (0 for a word the outlet never uses)."""
    return math.log10(1 + count) / math.log10(1 + top) if top > 0 else 0.0


def _at(fraction: float) -> float:
    return PAD + fraction * (SIZE - 2 * PAD)


def _labels(points: list[dict]) -> None:
    """Label the distinctive words whose labels do not overlap a label already placed."""
    placed: list[tuple[float, float, float, float]] = []
    for p in sorted(points, key=lambda q: -abs(q["z"])):
        if not p["label"]:
            continue
        box = (p["x"] + 5, p["y"] - 14, p["x"] + 5 + 6.2 * len(p["word"]), p["y"] - 2)
        clash = (
            any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed)
            or box[2] > SIZE - 2
        )
        if clash:
            p["label"] = False
        else:
            placed.append(box)


def _color(z: float) -> str:
    strength = min(1.0, abs(z) / 3.0)
    base = (213, 94, 0) if z > 0 else (0, 114, 178)  # Okabe-Ito vermillion (A), blue (B)
    mix = [round(255 - (255 - c) * (0.25 + 0.75 * strength)) for c in base]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _contexts(texts: list[str], word: str, width: int = 50) -> list[str]:
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    found = []
    for text in texts:
        for m in pattern.finditer(text):
            left = re.sub(r"\s+", " ", text[max(0, m.start() - width) : m.start()])
            right = re.sub(r"\s+", " ", text[m.end() : m.end() + width])
            found.append(f"…{left}[{m.group()}]{right}…")
            if len(found) >= CONTEXTS:
                return found
    return found


def pair_view(name_a: str, name_b: str, texts_a: list[str], texts_b: list[str]) -> dict:
    """The points, labels and contexts of one pair (what the template draws)."""
    table = term_table(texts_a, texts_b)
    if table.empty:
        return {"a": name_a, "b": name_b, "points": [], "axis": [], "terms": 0}
    top = float(max(table["count_a"].max(), table["count_b"].max()))
    ranked = table.sort_values(["z", "word"])
    labelled = set(ranked["word"].head(LABELS)) | set(ranked["word"].tail(LABELS))
    points = []
    # Labelled words are drawn last, on top, so they can be clicked.
    order = sorted(table.itertuples(), key=lambda r: (r.word in labelled, r.word))
    for row in order:
        # Words with the same counts share a point on a log axis: a fixed jitter within
        # the gap to the next count spreads them, without moving any past a neighbour.
        dx, dy = _jitter(row.word)
        step_a = _scale(row.count_a + 1, top) - _scale(row.count_a, top)
        step_b = _scale(row.count_b + 1, top) - _scale(row.count_b, top)
        fx = min(1.0, max(0.0, _scale(row.count_a, top) + 0.7 * step_a * (dx + 0.5)))
        fy = min(1.0, max(0.0, _scale(row.count_b, top) + 0.7 * step_b * (dy + 0.5)))
        points.append(
            {
                "word": row.word,
                "z": float(row.z),
                "x": round(_at(fx), 1),
                "y": round(SIZE - _at(fy), 1),
                "color": _color(row.z),
                "label": row.word in labelled,
                "title": (
                    f"{row.word}: {name_a} {row.count_a} ({row.per_1k_a:.1f} per 1,000 words), "
                    f"{name_b} {row.count_b} ({row.per_1k_b:.1f}); z = {row.z:+.2f}"
                ),
                "ctx_a": _contexts(texts_a, row.word) if row.count_a else [],
                "ctx_b": _contexts(texts_b, row.word) if row.count_b else [],
            }
        )
    _labels(points)
    ticks = [t for t in (0, 1, 2, 5, 10, 20, 50, 100, 200, 500) if t <= top]
    axis = [{"label": f"{t}", "at": round(_at(_scale(t, top)), 1)} for t in ticks]
    return {"a": name_a, "b": name_b, "points": points, "axis": axis, "terms": len(points)}


def pairs_of(texts_by_outlet: dict[str, list[str]]) -> list[tuple[str, str, list[str], list[str]]]:
    """Every pair of outlets, or each outlet against the others when there are many."""
    outlets = sorted(texts_by_outlet)
    if len(outlets) <= MAX_PAIRS_OUTLETS:
        return [
            (a, b, texts_by_outlet[a], texts_by_outlet[b])
            for a, b in itertools.combinations(outlets, 2)
        ]
    return [
        (
            o,
            "all other outlets",
            texts_by_outlet[o],
            [t for other in outlets if other != o for t in texts_by_outlet[other]],
        )
        for o in outlets
    ]


def render_scatter_html(event: str, texts_by_outlet: dict[str, list[str]], caption: str) -> str:
    """The event's term-scatter page (standalone HTML, escaped by the template)."""
    from analysis.report.index import environment

    views = [pair_view(a, b, ta, tb) for a, b, ta, tb in pairs_of(texts_by_outlet)]
    return (
        environment()
        .get_template("scatter.html.j2")
        .render(event=event, caption=caption, views=views, size=SIZE, pad=PAD)
    )


def scatter_frame(view: dict) -> pd.DataFrame:
    """A pair's plotted words as a table (what the page draws, for the data file)."""
    return pd.DataFrame(
        [{k: p[k] for k in ("word", "x", "y", "title")} for p in view["points"]],
        columns=["word", "x", "y", "title"],
    )
