"""Scoring: segmentation and every detector per article, metrics, the scored run.

* :mod:`~analysis.pipeline.annotate`: ``annotate``/``score``/``iter_scores``;
* :mod:`~analysis.pipeline.metrics`: per-article metrics from spans;
* :mod:`~analysis.pipeline.run`: the scored run, written once and read by every later
  stage (``write_run``, ``read_run``);
* :mod:`~analysis.pipeline.dask`: the same scoring on a Dask cluster, into the same run.

Names load on first use: reading a run does not load the detectors.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Options": "annotate",
    "ArticleResult": "annotate",
    "annotate": "annotate",
    "annotate_text": "annotate",
    "articles_frame": "annotate",
    "iter_scores": "annotate",
    "lexicon_names": "annotate",
    "score": "annotate",
    "score_article": "annotate",
    "summarize": "annotate",
    "Run": "run",
    "read_run": "run",
    "write_run": "run",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"analysis.pipeline.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'analysis.pipeline' has no attribute {name!r}")
