"""The segmented article: every layer of offsets computed from one text."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from analysis.text.quotation import QuoteRegion, TextIssue, find_quotes
from analysis.text.sentences import Sentence, split_paragraphs, split_sentences
from analysis.text.tokens import WORD_RE, Token, tokenize, word_tokens


@dataclass
class Document:
    """A segmented article: the text and every layer of offsets computed from it."""

    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[Sentence]
    quotes: list[QuoteRegion]
    issues: list[TextIssue] = field(default_factory=list)
    language: str = "en"

    def __post_init__(self) -> None:
        top = [q for q in self.quotes if q.level == 1]
        self._top_starts = [q.start for q in top]
        self._top = top

    def quote_at(self, offset: int) -> QuoteRegion | None:
        """Return the top-level quotation region that contains ``offset``, if any."""
        i = bisect.bisect_right(self._top_starts, offset) - 1
        if i >= 0 and self._top[i].start <= offset < self._top[i].end:
            return self._top[i]
        return None

    def voice_at(self, offset: int) -> str:
        """``"quoted"`` inside a top-level quotation region, else ``"author"``."""
        return "quoted" if self.quote_at(offset) is not None else "author"

    @cached_property
    def tokens(self) -> list[Token]:
        """Word and punctuation tokens (detectors work on ``words``)."""
        return tokenize(self.text)

    @cached_property
    def words(self) -> list[Token]:
        """Word tokens only (no punctuation): the word tokens of ``tokens``."""
        return word_tokens(self.text)

    @cached_property
    def lowered(self) -> list[str]:
        """Lower-cased text of each word token (what lexicons match against)."""
        if self.text.isascii():
            # ASCII lower-casing keeps lengths and word boundaries: scan the lowered text.
            return WORD_RE.findall(self.text.lower())
        return [t.text.lower() for t in self.words]

    @cached_property
    def word_sentence(self) -> list[int]:
        """Index of the sentence each word token belongs to (-1 if none)."""
        # Words and sentences are both in text order: one merge pass.
        sentences = self.sentences
        out = []
        i, n = -1, len(sentences)
        for start in self.word_starts:
            while i + 1 < n and sentences[i + 1].start <= start:
                i += 1
            out.append(i if i >= 0 and start < sentences[i].end else -1)
        return out

    @cached_property
    def sentence_runs(self) -> tuple[list[int], list[int]]:
        """For each word, the first and the past-the-last word index of its sentence.

        A sentence here is a run of words with the same ``word_sentence`` value.
        """
        sentence = self.word_sentence
        n = len(sentence)
        firsts, ends = [0] * n, [n] * n
        for i in range(1, n):
            firsts[i] = firsts[i - 1] if sentence[i] == sentence[i - 1] else i
        for i in range(n - 2, -1, -1):
            ends[i] = ends[i + 1] if sentence[i] == sentence[i + 1] else i + 1
        return firsts, ends

    @cached_property
    def word_voice(self) -> list[str]:
        """``author`` or ``quoted`` for each word token."""
        voices = ["author"] * len(self.words)
        starts = self.word_starts
        for q in self._top:
            for i in range(bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)):
                voices[i] = "quoted"
        return voices

    @cached_property
    def word_starts(self) -> list[int]:
        """Start offset of each word token."""
        return [w.start for w in self.words]

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices (first, last exclusive) of the word tokens inside ``[start, end)``."""
        return (
            bisect.bisect_left(self.word_starts, start),
            bisect.bisect_left(self.word_starts, end),
        )

    @property
    def authorial_words(self) -> int:
        """Number of words in the author's voice."""
        return self.word_voice.count("author")

    @property
    def quoted_words(self) -> int:
        """Number of words inside quotation marks."""
        return self.word_voice.count("quoted")


def base_language(language: str | None) -> str:
    """The base language of a tag: ``zh`` for ``zh-Hant``, ``en`` for ``en-GB``."""
    return (language or "en").split("-")[0].split("_")[0].lower() or "en"


def segment(text: str, language: str = "en") -> Document:
    """Segment an article into paragraphs, sentences, tokens and quotation regions.

    ``language`` (an ISO 639-1 tag, e.g. ``en``, ``zh-Hant``) is kept on the
    document; detectors are chosen by its base language.
    """
    paragraphs = split_paragraphs(text)
    quotes, issues = find_quotes(text, paragraphs)
    return Document(
        text=text,
        paragraphs=paragraphs,
        sentences=split_sentences(text, paragraphs),
        quotes=quotes,
        issues=issues,
        language=language,
    )
