"""Offline text segmentation: paragraphs, sentences, word tokens, quotation regions.

Everything here works on a plain string and returns character offsets into that
string (end exclusive), so any span can be cut back out with ``text[start:end]``.

* :mod:`~analysis.text.tokens`: word and punctuation tokens;
* :mod:`~analysis.text.sentences`: paragraphs and sentences (Punkt, offline);
* :mod:`~analysis.text.quotation`: quotation regions (author and quoted voice);
* :mod:`~analysis.text.document`: :class:`Document`, every layer of one article.
"""

from analysis.text.document import Document, base_language, segment
from analysis.text.quotation import QuoteRegion, TextIssue, find_quotes
from analysis.text.sentences import Sentence, split_paragraphs, split_sentences
from analysis.text.tokens import Token, count_words, tokenize, word_tokens

__all__ = [
    "Document",
    "QuoteRegion",
    "Sentence",
    "TextIssue",
    "base_language",
    "Token",
    "count_words",
    "find_quotes",
    "segment",
    "split_paragraphs",
    "split_sentences",
    "tokenize",
    "word_tokens",
]
