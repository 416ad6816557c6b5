"""Media-bias comparison notebook suite: framing metrics traceable to the words behind them."""

from analysis.corpus import Corpus, CorpusError, Problem, load_corpus, summarize
from analysis.text import Document, segment

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "CorpusError",
    "Document",
    "Problem",
    "__version__",
    "load_corpus",
    "segment",
    "summarize",
]
