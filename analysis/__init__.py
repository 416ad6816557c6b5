"""Media-bias comparison notebook suite: framing metrics traceable to the words behind them."""

from analysis.corpus import Corpus, Problem, load_corpus
from analysis.errors import AnalysisError, CorpusError
from analysis.pipeline import Options, annotate, score, summarize
from analysis.text import Document, segment

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
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
