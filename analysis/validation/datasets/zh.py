"""The Chinese validation set: 30 articles written and annotated by this project.

``analysis/validation/zh/`` holds the articles as marked-up text (the demo's inline
markup, :func:`analysis.validation.gold.parse_markup`), the side tables and the
annotation guide (``GUIDE.md``). The texts and the gold are fictional and were
written by one annotator of this team, so figures measured on them are not
independent of the team; see the README there.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from analysis.validation.datasets import GoldSet, gold_frame, make_corpus, require
from analysis.validation.gold import parse_markup, split_front_matter

FOLDER = Path(__file__).resolve().parent.parent / "zh"


def load(folder: Path = FOLDER) -> GoldSet:
    """Read every ``marked/*.md`` of the Chinese validation set, with its speakers."""
    marked = require(folder / "marked", "Chinese validation articles")
    speakers = pd.read_csv(
        require(folder / "speakers.csv", "Chinese validation speakers"),
        dtype="string",
        keep_default_na=False,
    )
    records, gold = [], []
    for path in sorted(marked.glob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"), path.name)
        meta = {}
        for line in front.split("\n")[1:-1]:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        rows = speakers[(speakers["event"] == meta["event"]) | (speakers["event"] == "")]
        sides = dict(zip(rows["speaker"], rows["side"], strict=True))
        text, spans = parse_markup(body, meta["id"], sides)
        fields = ("id", "outlet", "event", "title", "date", "author", "language", "section")
        records.append(
            {**{k: meta.get(k) for k in fields}, "text": text, "source": f"marked/{path.name}"}
        )
        gold += [s.__dict__ for s in spans]
    corpus = dataclasses.replace(make_corpus("zh-validation", folder, records), speakers=speakers)
    languages = dict(zip(corpus.articles["id"], corpus.articles["language"], strict=True))
    return GoldSet("zh", corpus, gold_frame(gold), {"languages": languages})
