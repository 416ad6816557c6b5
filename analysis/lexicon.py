"""Versioned term lists (TSV) and fast phrase matching over word tokens.

A lexicon file is UTF-8 TSV with a header of ``#`` lines and a column row::

    # lexicon: loaded
    # version: 1.0.0
    # description: ...
    term	category	inflect	notion	note
    power grab	loaded-label	noun	semeval2020-t11	seizing control unfairly

* ``term``: one or more words, as the tokenizer splits them (``so-called`` is one
  word). ``*`` stands for up to three words (``hold * to ransom``); a word may
  list spelling variants with ``|`` (``politicize|politicise``).
* ``category``: what kind of device it is (free text, but one set per lexicon).
* ``inflect``: ``noun``, ``verb``, ``adj`` or ``none``: which regular English
  inflections to generate for the head word (the last word of a noun phrase, the
  first of a verb phrase); irregular forms go in ``forms`` (comma-separated).
* ``notion``: the published notion the entry follows (see ``lexicons/README.md``).

Users add their own lexicon by writing a file in the same format and passing its
path wherever a lexicon name is accepted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.errors import LexiconError
from analysis.text import Token, tokenize

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
REQUIRED_COLUMNS = ("term", "category", "inflect", "notion")
INFLECT_KINDS = ("none", "noun", "verb", "adj")
GAP = "*"
MAX_GAP = 3


@dataclass(frozen=True)
class Entry:
    """One lexicon entry."""

    term: str
    category: str
    notion: str
    lexicon: str
    line: int
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        """An extra column's value."""
        return dict(self.extra).get(key, default)


@dataclass
class Lexicon:
    """A loaded lexicon: its name, version and entries, compiled for matching."""

    name: str
    version: str
    path: Path
    entries: list[Entry]
    patterns: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``name@version``, as recorded in figure manifests."""
        return f"{self.name}@{self.version}"


@dataclass(frozen=True)
class Match:
    """A lexicon match: word-token indices (end exclusive) and the entry."""

    first: int
    last: int
    entry: Entry


# --------------------------------------------------------------------------- inflection

_VOWELS = set("aeiou")


def _verb_forms(word: str) -> set[str]:
    forms = {word}
    if word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif re.search(r"(s|sh|ch|x|z)$", word):
        forms |= {word + "es", word + "ed", word + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
        # Double a final consonant after a single vowel in short words: slam, slammed.
        if (
            len(word) <= 4
            and word[-1] not in _VOWELS | {"w", "x", "y"}
            and word[-2] in _VOWELS
            and word[-3:-2] not in _VOWELS
        ):
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def _noun_forms(word: str) -> set[str]:
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        return {word, word[:-1] + "ies"}
    if re.search(r"(s|sh|ch|x|z)$", word):
        return {word, word + "es"}
    return {word, word + "s"}


def inflect(words: Sequence[str], kind: str) -> list[tuple[str, ...]]:
    """All token sequences for a term: its variants times the head word's inflections."""
    options = [w.split("|") for w in words]
    if kind in ("verb", "noun", "adj"):
        head = 0 if kind == "verb" else len(words) - 1
        while options[head] == [GAP]:
            head += 1 if kind == "verb" else -1
        grown: set[str] = set()
        for w in options[head]:
            if kind == "verb":
                grown |= _verb_forms(w)
            elif kind == "noun":
                grown |= _noun_forms(w)
            else:
                grown |= {w, w + "er", w + "est"} if len(w) <= 5 else {w}
        options[head] = sorted(grown)
    sequences: list[tuple[str, ...]] = [()]
    for choice in options:
        sequences = [seq + (w,) for seq in sequences for w in choice]
    return sequences


# --------------------------------------------------------------------------- loading


def _term_words(term: str) -> list[str]:
    words = []
    for piece in term.lower().split():
        if piece == GAP:
            words.append(GAP)
            continue
        variants = [
            "".join(t.text for t in tokenize(v) if t.is_word) for v in piece.split("|") if v
        ]
        words.append("|".join(v for v in variants if v))
    return words


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and compile one lexicon file.

    Raises:
        LexiconError: naming the file and line of the first bad row, with the reason.
    """
    path = Path(path)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise LexiconError(f"{path}: no such lexicon file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 (byte offset {exc.start})") from None
    meta: dict[str, str] = {}
    body_lines: list[tuple[int, str]] = []
    for number, line in enumerate(raw.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            meta[key.strip().lower()] = value.strip()
        elif line.strip():
            body_lines.append((number, line))
    if not body_lines:
        raise LexiconError(f"{path}: no header row (expected: {', '.join(REQUIRED_COLUMNS)})")
    header_line, header_text = body_lines[0]
    header = next(csv.reader(io.StringIO(header_text), delimiter="\t"))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise LexiconError(
            f"{path}, line {header_line}: missing column(s) {', '.join(missing)} "
            f"(columns are separated by tabs)"
        )
    name = meta.get("lexicon") or path.stem
    entries: list[Entry] = []
    patterns: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, line in body_lines[1:]:
        cells = next(csv.reader(io.StringIO(line), delimiter="\t"))
        if len(cells) > len(header):
            raise LexiconError(
                f"{path}, line {number}: {len(cells)} fields, header has {len(header)}"
            )
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        term, category = row["term"].strip(), row["category"].strip()
        kind = row["inflect"].strip() or "none"
        if not term or not category:
            raise LexiconError(f"{path}, line {number}: empty term or category")
        if kind not in INFLECT_KINDS:
            raise LexiconError(
                f"{path}, line {number}: inflect {kind!r} is not one of {', '.join(INFLECT_KINDS)}"
            )
        words = _term_words(term)
        if not words or any(not w for w in words) or words[0] == GAP or words[-1] == GAP:
            raise LexiconError(
                f"{path}, line {number}: term {term!r} has no matchable word, or starts or "
                "ends with '*'"
            )
        key = (term.lower(), category)
        if key in seen:
            raise LexiconError(
                f"{path}, line {number}: duplicate term {term!r} (first on line {seen[key]})"
            )
        seen[key] = number
        extra = tuple(
            (k, v.strip()) for k, v in row.items() if k not in ("term", "category", "notion") and v
        )
        entry = Entry(term, category, row["notion"].strip(), name, number, extra)
        entries.append(entry)
        sequences = inflect(words, kind)
        forms = [f.strip().lower() for f in row.get("forms", "").split(",") if f.strip()]
        for form in forms:
            sequences.append(tuple(_term_words(form)))
        for seq in sequences:
            patterns.setdefault(seq[0], []).append((seq, entry))
    for bucket in patterns.values():
        bucket.sort(key=lambda item: -len(item[0]))
    return Lexicon(name, meta.get("version", "0"), path, entries, patterns)


@lru_cache(maxsize=32)
def _cached(path: str, mtime: float) -> Lexicon:
    return load_lexicon(path)


_BUILTIN: dict[str, Lexicon] = {}


def get_lexicon(name_or_path: str | Path) -> Lexicon:
    """A built-in lexicon by name (``loaded``) or a user lexicon by path."""
    if isinstance(name_or_path, str) and name_or_path in _BUILTIN:
        return _BUILTIN[name_or_path]
    lexicon = _get_lexicon(name_or_path)
    if isinstance(name_or_path, str) and Path(name_or_path).suffix != ".tsv":
        _BUILTIN[name_or_path] = lexicon
    return lexicon


def _get_lexicon(name_or_path: str | Path) -> Lexicon:
    path = Path(name_or_path)
    if path.suffix != ".tsv":
        path = LEXICON_DIR / f"{name_or_path}.tsv"
        if not path.exists():
            known = ", ".join(sorted(p.stem for p in LEXICON_DIR.glob("*.tsv")))
            raise LexiconError(f"no built-in lexicon {name_or_path!r} (built-in: {known})")
    if not path.exists():
        raise LexiconError(f"{path}: no such lexicon file")
    return _cached(str(path.resolve()), path.stat().st_mtime)


def lexicon_versions(names: Iterable[str | Path]) -> dict[str, str]:
    """Name to version for the given lexicons (for figure manifests)."""
    return {lex.name: lex.version for lex in (get_lexicon(n) for n in names)}


# --------------------------------------------------------------------------- matching


def match_words(
    words: Sequence[Token], lexicon: Lexicon, lowered: Sequence[str] | None = None
) -> list[Match]:
    """Longest, leftmost, non-overlapping matches of the lexicon over word tokens."""
    lowered = lowered if lowered is not None else [w.text.lower() for w in words]
    patterns = lexicon.patterns
    matches: list[Match] = []
    resume = 0  # no match may start before the end of the previous one
    # Only positions whose word begins some entry are tried (a set lookup per word, in C).
    for i in [i for i, word in enumerate(lowered) if word in patterns]:
        if i < resume:
            continue
        for seq, entry in patterns[lowered[i]]:
            end = _match_at(lowered, i, seq)
            if end is not None:
                matches.append(Match(i, end, entry))
                resume = end
                break
    return matches


def _match_at(lowered: Sequence[str], i: int, seq: tuple[str, ...]) -> int | None:
    pos = i
    for k, word in enumerate(seq):
        if word == GAP:
            nxt = seq[k + 1]
            for skip in range(MAX_GAP + 1):
                if pos + skip < len(lowered) and lowered[pos + skip] == nxt:
                    pos += skip
                    break
            else:
                return None
            continue
        if pos >= len(lowered) or lowered[pos] != word:
            return None
        pos += 1
    return pos
