"""Corpora: the folder format, its readers and checks, and the one writer.

A corpus is a folder (see ``corpus/README.md`` for the datasheet):

* articles as Markdown files with YAML front matter under ``articles/`` (any
  depth), or one table file ``articles.csv``, ``articles.jsonl`` or
  ``articles.parquet``, or a folder of Parquet parts;
* optional side tables ``outlets.csv``, ``events.csv`` and ``speakers.csv``.

Loading never writes to the corpus folder; every problem is collected and raised
at once as a :class:`~analysis.errors.CorpusError`.
"""

from analysis.corpus.checks import check_id, check_value, parse_date
from analysis.corpus.files import CorpusFiles
from analysis.corpus.load import TABLE_NAMES, corpus_from_frame, load_corpus, safe_problems
from analysis.corpus.model import Corpus
from analysis.corpus.readers import missing_columns
from analysis.corpus.sides import SIDE_TABLES, read_alias_table, read_side_table
from analysis.errors import CorpusError, Problem

__all__ = [
    "SIDE_TABLES",
    "TABLE_NAMES",
    "Corpus",
    "CorpusError",
    "CorpusFiles",
    "Problem",
    "check_id",
    "check_value",
    "corpus_from_frame",
    "load_corpus",
    "missing_columns",
    "parse_date",
    "read_alias_table",
    "read_side_table",
    "safe_problems",
]
