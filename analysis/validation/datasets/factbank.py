"""Szeged Uncertainty Corpus, FactBank part: hedge (uncertainty) cues in news.

Each ``<Document>`` becomes an article whose text is its sentences joined by
single spaces; every ``<ccue>`` becomes a gold ``hedge`` span whose category is
the cue type (epistemic, doxastic, condition, investigation, ...).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from analysis.validation.datasets import GoldSet, gold_frame, make_corpus, require


def _flatten(element, parts: list[str], cues: list[tuple[int, int, str, str]], offset: int) -> int:
    """Append the element's text to ``parts``; record ccue offsets; return the new offset."""
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        start = offset
        offset = _flatten(child, parts, cues, offset)
        if child.tag == "ccue":
            text = "".join(parts)[start:offset]
            cues.append((start, offset, child.get("type", ""), text))
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def load(folder: Path) -> GoldSet:
    """Read ``factbank.xml``."""
    path = require(folder / "factbank.xml", "FactBank uncertainty file")
    root = ET.parse(path).getroot()
    records, rows = [], []
    for number, document in enumerate(root.iter("Document"), start=1):
        doc_id = (document.findtext("DocID") or f"doc{number}").strip()
        article_id = f"factbank-{number:03d}"
        parts: list[str] = []
        cues: list[tuple[int, int, str, str]] = []
        offset = 0
        for sentence in document.iter("Sentence"):
            if parts:
                parts.append(" ")
                offset += 1
            offset = _flatten(sentence, parts, cues, offset)
        text = "".join(parts)
        records.append(
            {
                "id": article_id,
                "outlet": doc_id[:3],
                "event": "factbank",
                "text": text,
                "title": doc_id,
            }
        )
        for start, end, kind, cue_text in cues:
            category = kind.strip().split("_")[0]
            rows.append(
                {
                    "article_id": article_id,
                    "kind": "hedge",
                    "start": start,
                    "end": end,
                    "text": cue_text,
                    "category": category,
                    "rule": kind.strip(),
                }
            )
    return GoldSet("factbank", make_corpus("factbank", folder, records), gold_frame(rows))
