"""Chinese segmentation (Simplified and Traditional): sentences, words, quotation regions.

* **Words** come from jieba 0.42.1 (default mode, with its HMM for unknown words),
  which ships its dictionary inside the package, so nothing is downloaded. A word
  token is a segmenter word with at least one letter or digit (CJK characters are
  letters); punctuation and spaces are not words. Every "per 1,000 words" rate of
  a Chinese article counts these words.
* **Sentences** end after 。！？ (and ! ?, any run of them such as ！？) or an
  ellipsis (…… or ...), together with the closing marks that follow (”’」』）》
  and their ASCII forms). A sentence never crosses a paragraph.
* **Quotation regions**: “” ‘’ 「」 『』 are paired by glyph, nested with a
  stack (the outer pair is level 1, anything inside it level 2), one paragraph
  at a time. A quote still open at the end of a paragraph continues when the
  next paragraph opens with a quotation mark (the Chinese convention for quotes
  over several paragraphs is the same as the English one); otherwise it is
  flagged and cut at the end of its paragraph. Straight ``"`` marks pair in
  order within a paragraph. Author and quoted voice follow from the top-level
  regions exactly as in English.
"""

from __future__ import annotations

import logging
import re
from functools import cached_property, lru_cache

from analysis.text.document import Document
from analysis.text.quotation import STRAY_CLOSER_MESSAGE, UNCLOSED_MESSAGE, QuoteRegion, TextIssue
from analysis.text.sentences import Sentence, split_paragraphs
from analysis.text.tokens import Token

# Opening mark -> its closing mark, and the region's ``mark`` name.
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
MARK_NAMES = {"“": "double", "‘": "single", "「": "corner", "『": "white-corner"}
CLOSERS = {v: k for k, v in PAIRS.items()}
_MARK_RE = re.compile('[“”‘’「」『』"]')
_SENTENCE_END_RE = re.compile(r"(?:[。！？!?]+|…+|\.{3,})[”’」』）)》\]\"']*")
SEGMENTER = "jieba 0.42.1"


@lru_cache(maxsize=1)
def _tokenizer():
    """The default jieba tokenizer, loaded once (about a second from its cache)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces its dictionary on stderr otherwise
    jieba.initialize()
    return jieba.dt


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> dict[int, str]:
    """OpenCC's character table (TSCharacters.txt): Traditional to its first Simplified form.

    Only one-character mappings are kept, so converting never changes a text's length.
    """
    from importlib.resources import files

    table = {}
    path = files("opencc").joinpath("dictionary/TSCharacters.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


def is_traditional(language: str | None) -> bool:
    """Whether a language tag names Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO)."""
    tag = (language or "").lower().replace("_", "-")
    return tag.startswith("zh") and any(p in tag.split("-") for p in ("hant", "tw", "hk", "mo"))


def tokenize_zh(text: str, traditional: bool = False) -> list[Token]:
    """Segmenter tokens with offsets: words (``is_word``) and punctuation; spaces dropped.

    jieba's dictionary is Simplified, and on Traditional text it falls back to guessing
    (瓦國貿易大臣 ... 聲明中指 comes out as 聲明/中指). With ``traditional``, the text is
    segmented in its character-by-character Simplified form (OpenCC's character table;
    the length never changes), and the tokens carry the original characters. jieba
    yields a partition of the text, so offsets are running sums of lengths.
    """
    new = tuple.__new__
    out = []
    pos = 0
    source = text.translate(_traditional_to_simplified()) if traditional else text
    for converted in _tokenizer().cut(source):
        piece = text[pos : pos + len(converted)]
        end = pos + len(piece)
        if not piece.isspace():
            word = piece.isalnum() or any(ch.isalnum() for ch in piece)
            if word or len(piece) == 1:
                out.append(new(Token, (pos, end, piece, word)))
            else:  # a run of punctuation jieba kept together: one token per mark
                out += [
                    new(Token, (pos + k, pos + k + 1, ch, False))
                    for k, ch in enumerate(piece)
                    if not ch.isspace()
                ]
        pos = end
    if pos != len(text):  # never seen; fall back to locating each piece
        raise RuntimeError("segmenter output does not cover the text")
    return out


def count_words_zh(text: str, traditional: bool = False) -> int:
    """Number of word tokens of a Chinese text (the unit of its per-1,000-words rates)."""
    return sum(1 for t in tokenize_zh(text, traditional) if t.is_word)


def split_sentences_zh(text: str, paragraphs: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences end after 。！？ or an ellipsis plus closing marks, within a paragraph."""
    sentences = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        start = p_start
        for match in _SENTENCE_END_RE.finditer(text, p_start, p_end):
            end = match.end()
            _add(text, sentences, start, end, index)
            start = end
        _add(text, sentences, start, p_end, index)
    return sentences


def _add(text: str, sentences: list[Sentence], start: int, end: int, paragraph: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if end - trail > start + lead and any(ch.isalnum() for ch in piece):
        sentences.append(Sentence(start + lead, end - trail, paragraph))
    elif sentences and sentences[-1].paragraph == paragraph and piece.strip():
        # Closing punctuation on its own ("”" after a split): part of the last sentence.
        last = sentences[-1]
        sentences[-1] = Sentence(last.start, end - trail, paragraph)


def find_quotes_zh(
    text: str, paragraphs: list[tuple[int, int]]
) -> tuple[list[QuoteRegion], list[TextIssue]]:
    """Quotation regions of Chinese text, and typography issues (see the module docstring)."""
    regions: list[QuoteRegion] = []
    issues: list[TextIssue] = []
    spread: dict[int, int] = {}  # start of a level-1 quote -> paragraphs it runs over
    carried: tuple[str, int] | None = None  # a level-1 quote open at a paragraph's end
    for index, (p_start, p_end) in enumerate(paragraphs):
        stack: list[tuple[str, int]] = []
        pos = p_start
        if carried is not None:
            if text[p_start] == carried[0]:
                spread[carried[1]] += 1
                stack.append(carried)
                pos = p_start + 1
            else:
                _close_unclosed(regions, issues, carried, spread, paragraphs[index - 1][1])
            carried = None
        straight_open: int | None = None
        for m in _MARK_RE.finditer(text, pos, p_end):
            ch, at = m.group(), m.start()
            if ch == '"':
                if straight_open is None:
                    straight_open = at
                else:
                    level = 2 if stack else 1
                    regions.append(
                        QuoteRegion(
                            straight_open, at + 1, straight_open + 1, at, level, "double", True
                        )
                    )
                    straight_open = None
                continue
            if ch in PAIRS:
                if not stack:
                    spread[at] = 1
                stack.append((ch, at))
                continue
            opener = CLOSERS[ch]
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None)
            if depth is None:
                issues.append(TextIssue(at, STRAY_CLOSER_MESSAGE))
                continue
            del stack[depth + 1 :]  # inner quotes left open end with this one
            mark, start = stack.pop()
            level = 2 if stack else 1
            paras = spread.get(start, 1) if level == 1 else 1
            regions.append(
                QuoteRegion(start, at + 1, start + 1, at, level, MARK_NAMES[mark], True, paras)
            )
        if stack:
            if index + 1 < len(paragraphs):
                carried = stack[0]
            else:
                _close_unclosed(regions, issues, stack[0], spread, p_end)
    tops = [(r.start, r.end) for r in regions if r.level == 1]
    regions = [r for r in regions if r.level == 1 or any(a <= r.start < b for a, b in tops)]
    regions.sort(key=lambda q: (q.start, q.level))
    return regions, issues


def _close_unclosed(
    regions: list[QuoteRegion],
    issues: list[TextIssue],
    quote: tuple[str, int],
    spread: dict[int, int],
    end: int,
) -> None:
    mark, start = quote
    issues.append(TextIssue(start, UNCLOSED_MESSAGE))
    end = max(end, start + 1)
    regions.append(
        QuoteRegion(start, end, start + 1, end, 1, MARK_NAMES[mark], False, spread.get(start, 1))
    )


class ChineseDocument(Document):
    """A Chinese article: words come from the segmenter, not the English word pattern."""

    @cached_property
    def tokens(self) -> list[Token]:
        """Segmenter words and punctuation tokens."""
        return tokenize_zh(self.text, is_traditional(self.language))

    @cached_property
    def words(self) -> list[Token]:
        """Segmenter words (no punctuation)."""
        return [t for t in self.tokens if t.is_word]

    @cached_property
    def lowered(self) -> list[str]:
        """Each word lower-cased (Latin letters only change; CJK has no case)."""
        return [t.text.lower() for t in self.words]

    @cached_property
    def word_ends(self) -> set[int]:
        """End offsets of every token (words and punctuation): boundaries for lexicons."""
        return {t.end for t in self.tokens}

    @cached_property
    def token_starts(self) -> set[int]:
        """Start offsets of every token."""
        return {t.start for t in self.tokens}


def segment_zh(text: str, language: str = "zh") -> ChineseDocument:
    """Segment a Chinese article (any script) into every layer of a :class:`Document`."""
    paragraphs = split_paragraphs(text)
    quotes, issues = find_quotes_zh(text, paragraphs)
    return ChineseDocument(
        text=text,
        paragraphs=paragraphs,
        sentences=split_sentences_zh(text, paragraphs),
        quotes=quotes,
        issues=issues,
        language=language,
    )
