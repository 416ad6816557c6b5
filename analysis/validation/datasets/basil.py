"""BASIL: news events each covered by Fox News, the New York Times and HuffPost.

Articles are rebuilt from ``body-paragraphs`` (sentences joined by spaces,
paragraphs by blank lines). Phrase annotations carry offsets inside their
sentence but no sentence number, so each is located by finding the sentence
where ``sentence[start:end] == txt`` (else the first occurrence of ``txt``).
Lexical-bias spans (``bias == "lex"``) become gold ``loaded`` spans, with voice
``quoted`` when BASIL flags them as inside a quote; informational spans are kept
in ``extra["informational"]``.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd

from analysis._io import write_text_atomic
from analysis.validation.datasets import GoldSet, gold_frame, make_corpus, require

OUTLETS = {"fox": "fox", "nyt": "nyt", "hpo": "hpo"}


def _parse(value):
    return value if isinstance(value, list | dict) else ast.literal_eval(value)


def load(folder: Path, limit_events: int | None = None) -> GoldSet:
    """Read every BASIL article with its annotation file."""
    articles_dir = require(folder / "articles", "BASIL articles")
    records, rows, informational = [], [], []
    unaligned = 0
    paths = sorted(articles_dir.glob("*/*.json"))
    events_seen: list[str] = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        event = data.get("triplet-uuid") or path.stem.rsplit("_", 1)[0]
        if event not in events_seen:
            events_seen.append(event)
        if limit_events is not None and events_seen.index(event) >= limit_events:
            continue
        paragraphs = _parse(data["body-paragraphs"])
        sentences: list[tuple[int, str]] = []
        parts: list[str] = []
        offset = 0
        for p_index, paragraph in enumerate(paragraphs):
            if p_index:
                parts.append("\n\n")
                offset += 2
            for s_index, sentence in enumerate(paragraph):
                if s_index:
                    parts.append(" ")
                    offset += 1
                sentences.append((offset, sentence))
                parts.append(sentence)
                offset += len(sentence)
        text = "".join(parts)
        article_id = f"basil-{path.stem}"
        outlet = OUTLETS.get(str(data.get("source", "")).lower(), str(data.get("source")))
        records.append(
            {
                "id": article_id,
                "outlet": outlet,
                "event": event,
                "text": text,
                "title": data.get("title"),
                "date": data.get("date"),
                "url": data.get("url"),
            }
        )
        ann_path = (
            path.parent.parent.parent / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        )
        if not ann_path.exists():
            continue
        annotations = json.loads(ann_path.read_text(encoding="utf-8"))
        for phrase in _parse(annotations.get("phrase-level-annotations", "[]")):
            txt, start, end = phrase.get("txt", ""), int(phrase["start"]), int(phrase["end"])
            where = next((o + start for o, s in sentences if s[start:end] == txt), None)
            if where is None:
                found = text.find(txt) if txt else -1
                if found < 0:
                    unaligned += 1
                    continue
                where = found
            row = {
                "article_id": article_id,
                "kind": "loaded",
                "start": where,
                "end": where + len(txt),
                "text": txt,
                "voice": "quoted" if phrase.get("quote") == "yes" else "author",
                "category": phrase.get("bias", ""),
                "speaker": phrase.get("speaker", ""),
                "side": phrase.get("polarity", ""),
            }
            (rows if phrase.get("bias") == "lex" else informational).append(row)
    corpus = make_corpus("basil", folder, records)
    return GoldSet(
        "basil",
        corpus,
        gold_frame(rows),
        {"informational": gold_frame(informational), "unaligned": unaligned},
    )


OUTLET_NAMES = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}


def export_corpus(folder: Path, out: Path, events: int | None = None) -> Path:
    """Write BASIL as a corpus in this project's format, outside the project tree.

    One Markdown file per article under ``articles/<event>/<outlet>.md``, with
    ``outlets.csv`` and ``events.csv`` (title and date from BASIL). Event keys are
    a slug of BASIL's main-event title plus the first 8 characters of its triplet
    id. BASIL states no licence, so the export refuses to write inside the project.
    """
    import re

    from analysis.corpus.write import article_markdown, write_table_csv
    from analysis.errors import DatasetError
    from analysis.paths import ROOT

    out = Path(out).resolve()
    if out == ROOT or ROOT in out.parents:
        raise DatasetError(
            f"{out} is inside the project; export BASIL outside it "
            "(the dataset is not ours to commit)"
        )
    gold = load(folder, limit_events=events)
    arts = gold.corpus.articles
    titles = {}
    for path in sorted((folder / "articles").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        titles.setdefault(
            data.get("triplet-uuid"), (data.get("main-event") or "", data.get("date") or "")
        )
    keys = {}
    for event in arts["event"].unique():
        title = titles.get(event, ("", ""))[0]
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:6]) or "event"
        keys[event] = f"{slug}-{event[:8]}"
    for row in arts.itertuples():
        meta = {
            "id": row.id,
            "outlet": row.outlet,
            "event": keys[row.event],
            "title": row.title,
            "date": None if pd.isna(row.date) else f"{row.date:%Y-%m-%d}",
            "url": row.url,
        }
        write_text_atomic(
            out / "articles" / keys[row.event] / f"{row.outlet}.md",
            article_markdown(meta, row.text),
        )
    outlets = sorted(arts["outlet"].unique())
    write_table_csv(
        out / "outlets.csv",
        [{"outlet": o, "name": OUTLET_NAMES.get(o, o)} for o in outlets],
        ["outlet", "name"],
    )
    events_rows = [
        {
            "event": key,
            "title": titles.get(event, ("", ""))[0],
            "date": titles.get(event, ("", ""))[1],
        }
        for event, key in sorted(keys.items(), key=lambda kv: kv[1])
    ]
    write_table_csv(out / "events.csv", events_rows, ["event", "title", "date"])
    return out
