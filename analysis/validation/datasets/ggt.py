"""Gender Gap Tracker evaluation set: quotes with speaker, verb and quote text.

The stored character offsets are mostly stale, so every quote is found again by
string search in the article text (first occurrence at or after the previous
quote's start, else anywhere). Quotes whose text cannot be found are dropped and
counted in ``extra["unaligned"]``.

The speaker mention (``speaker``, the words the annotators marked; empty for a
quote whose speaker is carried over from an earlier one) is placed the same way:
its stored offset moved by the quote's own shift, kept when the text there is
the mention, else the occurrence of the mention nearest to that estimate. Its
offsets are the gold frame's ``speaker_start`` and ``speaker_end`` (-1 when the
mention is empty or not in the text).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis.validation.datasets import DatasetError, GoldSet, gold_frame, make_corpus, require


def _find(text: str, quote: str, after: int) -> int:
    i = text.find(quote, after)
    return i if i >= 0 else text.find(quote)


def _offsets(index: str) -> tuple[int, int] | None:
    numbers = re.findall(r"\d+", index or "")
    return (int(numbers[0]), int(numbers[1])) if len(numbers) == 2 else None


def _place_mention(text: str, mention: str, estimate: int) -> int:
    """Start of ``mention`` in ``text``: at ``estimate`` if it is there, else the nearest."""
    if not mention:
        return -1
    if text.startswith(mention, max(estimate, 0)):
        return estimate
    starts = [m.start() for m in re.finditer(re.escape(mention), text)]
    return min(starts, key=lambda s: abs(s - estimate)) if starts else -1


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
                stored_quote = _offsets(str(q.get("quote_index", "")))
                stored_speaker = _offsets(str(q.get("speaker_index", "")))
                shift = start - stored_quote[0] if stored_quote else 0
                estimate = stored_speaker[0] + shift if stored_speaker else start
                speaker_start = _place_mention(text, speaker, estimate)
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
                        "speaker_start": speaker_start,
                        "speaker_end": speaker_start + len(speaker) if speaker_start >= 0 else -1,
                    }
                )
    corpus = make_corpus("ggt", folder, records)
    gold = gold_frame(rows)
    for col in ("speaker_start", "speaker_end"):
        gold[col] = [int(r[col]) for r in rows]
    return GoldSet("ggt", corpus, gold, {"unaligned": unaligned})
