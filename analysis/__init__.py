"""Media-bias comparison notebook suite: framing metrics traceable to the words behind them."""

from analysis.corpus import Corpus, CorpusError, Problem, load_corpus, summarize
from analysis.pipeline import Options, annotate, score
from analysis.text import Document, segment

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "CorpusError",
    "Document",
    "Options",
    "Problem",
    "__version__",
    "annotate",
    "load_corpus",
    "score",
    "segment",
    "summarize",
]
