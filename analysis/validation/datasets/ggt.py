"""Gender Gap Tracker evaluation set: quotes with speaker, verb and quote text.

The stored character offsets are mostly stale, so every quote is found again by
string search in the article text (first occurrence at or after the previous
quote's start, else anywhere). Quotes whose text cannot be found are dropped and
counted in ``extra["unaligned"]``.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.validation.datasets import DatasetError, GoldSet, gold_frame, make_corpus, require


def _find(text: str, quote: str, after: int) -> int:
    i = text.find(quote, after)
    return i if i >= 0 else text.find(quote)


def load(folder: Path) -> GoldSet:
    """Read ``annotations.jsonl`` of the GGT evaluation set."""
    path = require(folder / "annotations.jsonl", "GGT annotations")
    records, rows = [], []
    unaligned = 0
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}, line {number}: not valid JSON: {exc.msg}") from exc
            article_id = f"ggt-{number:03d}"
            text = row["articleBodyText"]
            records.append(
                {
                    "id": article_id,
                    "outlet": row.get("outlet") or "unknown",
                    "event": "ggt",
                    "text": text,
                    "url": row.get("articleURL"),
                }
            )
            try:
                quotes = json.loads(row.get("quotations") or "[]", strict=False)
            except json.JSONDecodeError:
                quotes = []
                unaligned += 1
            after = 0
            for q in quotes or []:
                quote = str(q.get("quote", "")).strip()
                if len(quote) < 3:
                    continue
                start = _find(text, quote, after)
                if start < 0:
                    unaligned += 1
                    continue
                after = start
                speaker = str(q.get("speaker", "")).strip()
                reference = str(q.get("reference", "")).strip()
                rows.append(
                    {
                        "article_id": article_id,
                        "kind": "quote",
                        "start": start,
                        "end": start + len(quote),
                        "text": quote,
                        "voice": "",
                        "category": "",
                        "speaker": reference or speaker,
                        "speaker_role": speaker,
                        "side": "",
                        "rule": str(q.get("verb", "")),
                    }
                )
    corpus = make_corpus("ggt", folder, records)
    return GoldSet("ggt", corpus, gold_frame(rows), {"unaligned": unaligned})
