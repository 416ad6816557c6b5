"""PolNeAR: attribution relations (source, cue, content) in 2016 US election news.

Articles come from ``data/<split>/text/*.txt``; annotations from the brat
standoff files in ``data/<split>/attributions/``. ``Content`` spans become gold
``quote`` spans, ``Cue`` spans ``reporting_verb`` spans and ``Source`` spans
``source`` spans; each content span's ``speaker`` is the text of the source its
attribution links to. Discontinuous spans are taken from their first start to
their last end. A span text that contains a line break continues on the next
lines of the file; those continuation lines are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.validation.datasets import DatasetError, GoldSet, gold_frame, make_corpus, require

KINDS = {"Content": "quote", "Cue": "reporting_verb", "Source": "source"}


def _read_ann(path: Path) -> tuple[dict, list[dict]]:
    spans, relations = {}, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(r"T\d+\t", line):
            try:
                ident, meta, text = line.split("\t", 2)
                label, ranges = meta.split(" ", 1)
                numbers = [int(x) for x in re.findall(r"\d+", ranges)]
            except ValueError as exc:
                raise DatasetError(f"{path}, line {number}: not a brat text-bound line") from exc
            spans[ident] = {
                "label": label,
                "start": min(numbers),
                "end": max(numbers),
                "text": text,
            }
        elif re.match(r"E\d+\t", line):
            parts = dict(p.split(":", 1) for p in line.split("\t", 1)[1].split() if ":" in p)
            relations.append(parts)
    return spans, relations


def load(folder: Path, splits: tuple[str, ...] = ("train", "dev")) -> GoldSet:
    """Read the given splits (default: train and dev)."""
    data = require(folder / "data", "PolNeAR data folder")
    records, rows = [], []
    for split in splits:
        for text_path in sorted((data / split / "text").glob("*.txt")):
            text = text_path.read_text(encoding="utf-8")
            stem = text_path.stem
            anns = sorted((data / split / "attributions").glob(f"{stem}*.ann"))
            article_id = f"polnear-{stem}"
            records.append(
                {"id": article_id, "outlet": stem.split("_", 1)[0], "event": split, "text": text}
            )
            if not anns:
                continue
            spans, relations = _read_ann(anns[0])
            source_of = {}
            for rel in relations:
                if "Content" in rel and "Source" in rel and rel["Source"] in spans:
                    source_of[rel["Content"]] = spans[rel["Source"]]["text"]
            for ident, span in spans.items():
                kind = KINDS.get(span["label"])
                if kind is None:
                    continue
                rows.append(
                    {
                        "article_id": article_id,
                        "kind": kind,
                        "start": span["start"],
                        "end": span["end"],
                        "text": text[span["start"] : span["end"]],
                        "speaker": source_of.get(ident, "") if kind == "quote" else "",
                    }
                )
    return GoldSet("polnear", make_corpus("polnear", folder, records), gold_frame(rows))
