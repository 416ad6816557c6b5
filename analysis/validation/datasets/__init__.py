"""Adapters: public human-annotated datasets as a Corpus plus gold spans.

Each adapter reads a dataset in place (``../shared/data/<name>`` by default; the
files are never copied into the project) and returns a :class:`GoldSet`:
the texts as a :class:`~analysis.corpus.Corpus`, the human annotations as spans in
the span contract, and dataset-specific extras (sentence labels, outlets).

====================  ===========================================================
name                  dataset and what its gold measures here
====================  ===========================================================
``ggt``               Gender Gap Tracker quotes (Asr et al. 2021): quotes, speakers
``factbank``          Szeged Uncertainty Corpus, FactBank part (Szarvas et al.
                      2012): hedge cues
``babe``              BABE (Spinde et al. 2021): biased words, biased sentences
``basil``             BASIL (Fan et al. 2019): lexical-bias spans, outlet rates
``polnear``           PolNeAR (Newell et al. 2018): attribution source, cue, content
``anon``              30 GGT, PolNeAR and BASIL articles annotated for this project:
                      anonymous and vague sources
====================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.corpus import Corpus
from analysis.errors import DatasetError
from analysis.schema import ARTICLE_COLUMNS, SPAN_COLUMNS


@dataclass
class GoldSet:
    """A dataset as corpus + gold spans."""

    name: str
    corpus: Corpus
    gold: pd.DataFrame
    extra: dict = field(default_factory=dict)


def make_corpus(name: str, path: Path, records: list[dict]) -> Corpus:
    """A Corpus from records with at least ``id``, ``outlet``, ``event``, ``text``."""
    frame = pd.DataFrame(records)
    for col in ARTICLE_COLUMNS:
        if col not in frame.columns:
            frame[col] = None
    frame = frame[list(ARTICLE_COLUMNS)]
    for col in ARTICLE_COLUMNS:
        if col == "date":
            frame[col] = pd.to_datetime(frame[col], errors="coerce").astype("datetime64[s]")
        elif col == "source_line":
            frame[col] = frame[col].astype("Int64")
        else:
            frame[col] = frame[col].astype("string")
    empty = pd.DataFrame({"speaker": pd.Series([], dtype="string")})
    for col in ("aliases", "affiliation", "side", "event"):
        empty[col] = pd.Series([], dtype="string")
    return Corpus(
        path=path,
        name=name,
        articles=frame.reset_index(drop=True),
        outlets=pd.DataFrame({"outlet": sorted(frame["outlet"].unique())}, dtype="string"),
        events=pd.DataFrame({"event": sorted(frame["event"].unique())}, dtype="string"),
        speakers=empty,
        fingerprint="",
        files=[],
    )


def gold_frame(rows: list[dict]) -> pd.DataFrame:
    """Gold spans as a DataFrame with the span contract's columns."""
    frame = pd.DataFrame(rows, columns=list(SPAN_COLUMNS))
    for col in SPAN_COLUMNS:
        if col in ("start", "end"):
            frame[col] = frame[col].astype("int64")
        else:
            frame[col] = frame[col].astype("string").fillna("")
    return frame


def require(path: Path, what: str) -> Path:
    """Raise a clear error when a dataset file or folder is missing."""
    if not path.exists():
        raise DatasetError(f"{what} not found at {path}")
    return path


def loaders() -> dict[str, Callable[[Path], GoldSet]]:
    """Dataset name to loader (each takes the dataset's folder)."""
    from analysis.validation.datasets import anon, babe, basil, factbank, ggt, polnear, zh

    return {
        "ggt": ggt.load,
        "factbank": factbank.load,
        "babe": babe.load,
        "basil": basil.load,
        "polnear": polnear.load,
        "anon": anon.load,
        "zh": zh.load,
    }


FOLDERS = {
    "ggt": "ggt_quotes",
    "factbank": "szeged_uncertainty",
    "babe": "babe",
    "basil": "basil",
    "polnear": "polnear",
    "anon": "",  # reads ggt_quotes, polnear and basil from the data folder itself
}


def load_dataset(name: str, data_dir: str | Path) -> GoldSet:
    """Load a dataset by name from the folder that holds every dataset folder.

    ``zh`` ships with the project (``analysis/validation/zh``) and ignores ``data_dir``.
    """
    table = loaders()
    if name not in table:
        raise DatasetError(f"unknown dataset {name!r} (known: {', '.join(sorted(table))})")
    if name == "zh":
        return table[name]()
    return table[name](require(Path(data_dir) / FOLDERS[name], f"dataset {name}"))
