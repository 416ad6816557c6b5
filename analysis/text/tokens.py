"""Word tokens with offsets: the unit of every per-1,000-words rate.

A word is a run of letters or digits with inner apostrophes, hyphens and decimal
points (``didn't``, ``well-known``, ``2.5%``); every other non-space character is
a punctuation token.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Word tokens: letters/digits with inner apostrophes, hyphens and decimal points;
# every other non-space character is its own token.
WORD_PATTERN = r"[^\W_]+(?:(?:['\u2019\u2010\u2011-]|[.,](?=\d))[^\W_]+)*%?"
_TOKEN_PATTERN = WORD_PATTERN + r"|[^\w\s]|_+"
_TOKEN_RE = re.compile(_TOKEN_PATTERN)
WORD_RE = re.compile(WORD_PATTERN)


class Token(NamedTuple):
    """A token with offsets; ``is_word`` is true when it holds a letter or digit."""

    start: int
    end: int
    text: str
    is_word: bool


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens with offsets.

    The pattern is NLTK ``RegexpTokenizer``-style; it runs through ``re`` directly
    because NLTK's wrapper costs a third of the whole pipeline's time.
    """
    # Word tokens start with a letter or digit; every other token is one mark.
    # Separators such as U+001F, which the regex does not call space, are skipped.
    # tuple.__new__ builds each Token in C; Token(...) would run Python code per token.
    new = tuple.__new__
    return [
        new(Token, (*match.span(), piece, piece[0].isalnum()))
        for match in _TOKEN_RE.finditer(text)
        if not (piece := match.group()).isspace()
    ]


def word_tokens(text: str) -> list[Token]:
    """The word tokens of ``tokenize(text)``, found without making the others.

    The word alternative comes first in the token pattern and the others never
    contain a letter or digit, so scanning for words alone finds the same words.
    """
    new = tuple.__new__
    return [new(Token, (*match.span(), match.group(), True)) for match in WORD_RE.finditer(text)]


def count_words(text: str, language: str | None = None) -> int:
    """Number of word tokens in ``text`` (the unit of every per-1,000-words rate).

    ``language``: a Chinese tag (``zh``, ``zh-Hant``) counts the segmenter's words.
    """
    if language and language.lower().startswith("zh"):
        from analysis.text.zh import count_words_zh, is_traditional

        return count_words_zh(text, is_traditional(language))
    return sum(1 for _ in WORD_RE.finditer(text))
