"""Media-bias comparison notebook suite: framing metrics traceable to the words behind them.

The names below are loaded on first use, so ``import analysis.compare`` (say, in a
notebook that reads a scored run) does not load the detectors.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.2.0"

_EXPORTS = {
    "AnalysisError": "analysis.errors",
    "CorpusError": "analysis.errors",
    "Problem": "analysis.errors",
    "Corpus": "analysis.corpus",
    "load_corpus": "analysis.corpus",
    "Document": "analysis.text",
    "segment": "analysis.text",
    "Options": "analysis.pipeline",
    "annotate": "analysis.pipeline",
    "score": "analysis.pipeline",
    "summarize": "analysis.pipeline",
    "read_run": "analysis.pipeline.run",
    "write_run": "analysis.pipeline.run",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
