"""Anonymous and vague sources, hand-annotated for this project in 30 real articles.

The annotations (``analysis/validation/annotations/anonymous_sources.jsonl``) mark
every source mention that names no one: unnamed individuals ("a senior official",
"a person familiar with the matter") and vague groups ("critics", "officials",
"state media"), by the guide in the README ("Annotation guide: anonymous and vague
sources"). Each span is ``dataset``, ``article_id``, ``start``, ``end`` (character
offsets into the article text as the dataset adapter gives it), ``text``,
``category`` (``anonymous_individual`` or ``vague_group``) and ``soft`` (a less
clear-cut case, with its ``reason``). The articles are 10 each from the Gender
Gap Tracker, PolNeAR and BASIL development splits (``anonymous_sources_articles.jsonl``
records the draw); the texts are read from those datasets in place, never copied.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.validation.datasets import DatasetError, GoldSet, gold_frame, make_corpus

ANNOTATIONS = Path(__file__).resolve().parents[1] / "annotations"
SPANS_FILE = ANNOTATIONS / "anonymous_sources.jsonl"
ARTICLES_FILE = ANNOTATIONS / "anonymous_sources_articles.jsonl"


def _read(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}, line {number}: not valid JSON: {exc.msg}") from exc
    return rows


def load(folder: Path) -> GoldSet:
    """The 30 annotated articles (from ``folder``, the folder of every dataset) and the spans."""
    from analysis.validation.datasets import load_dataset

    articles = _read(ARTICLES_FILE)
    spans = _read(SPANS_FILE)
    wanted: dict[str, list[str]] = {}
    for a in articles:
        wanted.setdefault(a["dataset"], []).append(a["article_id"])
    records = []
    for dataset, ids in wanted.items():
        frame = load_dataset(dataset, folder).corpus.articles.set_index("id")
        missing = [i for i in ids if i not in frame.index]
        if missing:
            raise DatasetError(f"{SPANS_FILE.name}: {dataset} has no article {missing[0]}")
        for article_id in ids:
            records.append(
                {
                    "id": article_id,
                    "outlet": dataset,
                    "event": "anon",
                    "text": str(frame.at[article_id, "text"]),
                }
            )
    texts = {r["id"]: r["text"] for r in records}
    rows = []
    for number, s in enumerate(spans, start=1):
        text = texts.get(s["article_id"])
        if text is None or text[s["start"] : s["end"]] != s["text"]:
            raise DatasetError(
                f"{SPANS_FILE.name}, line {number}: text {s['text']!r} is not at "
                f"{s['start']}-{s['end']} of {s['article_id']}"
            )
        rows.append(
            {
                "article_id": s["article_id"],
                "kind": "anonymous_source",
                "start": s["start"],
                "end": s["end"],
                "text": s["text"],
                "category": s["category"],
                "rule": "soft" if s.get("soft") else "core",
            }
        )
    corpus = make_corpus("anon", folder, records)
    return GoldSet("anon", corpus, gold_frame(rows), {"articles": len(records)})
