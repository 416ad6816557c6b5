"""Scoring: segmentation and every detector per article, metrics, the scored run.

* :mod:`~analysis.pipeline.annotate`: ``annotate``/``score``/``iter_scores``;
* :mod:`~analysis.pipeline.metrics`: per-article metrics from spans;
* :mod:`~analysis.pipeline.dask`: the same scoring on a Dask cluster.
"""

from analysis.pipeline.annotate import (
    Options,
    annotate,
    annotate_text,
    articles_frame,
    iter_scores,
    lexicon_names,
    score,
    summarize,
)

__all__ = [
    "Options",
    "annotate",
    "annotate_text",
    "articles_frame",
    "iter_scores",
    "lexicon_names",
    "score",
    "summarize",
]
