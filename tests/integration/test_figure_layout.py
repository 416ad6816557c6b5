"""Every saved figure is readable: no text printed over other text, at 4 or 12 outlets."""

from __future__ import annotations

import json
import random

import pytest

from analysis import load_corpus
from analysis.corpus.write import write_table_csv
from analysis.paths import DEMO_CORPUS
from tests.helpers import run_cli


def _overlaps(out):
    found = {}
    for path in sorted((out / "figures").glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        if row["text_overlaps"]:
            found[row["figure_id"]] = row["text_overlaps"][:3]
    return found


@pytest.mark.slow
def test_no_label_overlaps_another_in_the_demo_report(demo_report):
    out, result = demo_report
    assert result.returncode == 0, result.stderr
    assert len(list((out / "figures").glob("*.json"))) >= 25
    assert _overlaps(out) == {}


@pytest.mark.slow
def test_no_label_overlaps_another_with_twelve_outlets(tmp_path):
    demo = load_corpus(DEMO_CORPUS).articles
    paragraphs = [p for t in demo["text"] for p in t.split("\n\n") if p.strip()]
    rng = random.Random(12)
    outlets = [
        f"outlet-{name}"
        for name in (
            "north-star",
            "daily-record",
            "the-observer-weekly",
            "capital-times",
            "wire-one",
            "harbour",
            "evening-post",
            "la-voz",
            "morning-ledger",
            "citizen",
            "tribune-international",
            "pulse",
        )
    ]
    rows = []
    for e, event in enumerate(("budget-vote", "storm-damage")):
        for o, outlet in enumerate(outlets):
            rows.append(
                {
                    "id": f"x{e}{o:02d}",
                    "outlet": outlet,
                    "event": event,
                    "date": f"2026-0{3 + e}-1{o % 9}",
                    "text": "\n\n".join(rng.sample(paragraphs, 5)),
                }
            )
    corpus = tmp_path / "twelve"
    corpus.mkdir()
    write_table_csv(corpus / "articles.csv", rows, ["id", "outlet", "event", "date", "text"])
    out = tmp_path / "report"
    result = run_cli("report", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert _overlaps(out) == {}
    styles = json.loads((out / "figures" / "outlet-profiles.json").read_text())
    assert styles["figure_id"] == "outlet-profiles"
