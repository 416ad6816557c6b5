"""BABE: sentences labelled Biased / Non-biased by experts, with the biased words.

Each sentence is an article (outlet from the file, event = its topic). Every
biased word is located in the sentence (case-insensitive, whole word) and becomes
a gold ``loaded`` span; ``extra["labels"]`` maps sentence id to ``True`` when the
sentence is labelled Biased.
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

from analysis.validation.datasets import DatasetError, GoldSet, gold_frame, make_corpus, require


def load(folder: Path) -> GoldSet:
    """Read ``final_labels_SG2.csv`` (semicolon-separated)."""
    path = require(folder / "final_labels_SG2.csv", "BABE labels")
    records, rows, labels, words = [], [], {}, {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        for number, row in enumerate(reader, start=1):
            text = (row.get("text") or "").strip()
            label = (row.get("label_bias") or "").strip()
            if not text or label not in ("Biased", "Non-biased"):
                continue  # "No agreement" rows have no gold
            sentence_id = f"babe-{number:04d}"
            records.append(
                {
                    "id": sentence_id,
                    "outlet": row.get("outlet") or "unknown",
                    "event": row.get("topic") or "babe",
                    "text": text,
                    "url": row.get("news_link") or None,
                }
            )
            labels[sentence_id] = label == "Biased"
            try:
                biased = ast.literal_eval(row.get("biased_words") or "[]")
            except (ValueError, SyntaxError) as exc:
                raise DatasetError(f"{path}, row {number + 1}: biased_words is not a list") from exc
            words[sentence_id] = {
                w.lower() for phrase in biased for w in re.findall(r"[\w'-]+", phrase)
            }
            for phrase in biased:
                m = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, re.IGNORECASE)
                if m:
                    rows.append(
                        {
                            "article_id": sentence_id,
                            "kind": "loaded",
                            "start": m.start(),
                            "end": m.end(),
                            "text": m.group(),
                            "voice": "",
                            "category": "biased-word",
                        }
                    )
    return GoldSet(
        "babe",
        make_corpus("babe", folder, records),
        gold_frame(rows),
        {"labels": labels, "words": words},
    )
