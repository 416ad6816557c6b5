"""Small word lists that rules use, kept as data (``analysis/lexicons/wordlists/``).

Every list that changes a result lives in a text file with a header, so it can
be read, versioned and changed with a changelog line in
``analysis/lexicons/README.md``, never inside code::

    # wordlist: source_nouns
    # version: 1.0.0
    # description: People and bodies that speak in news, unnamed.
    # used by: analysis.detect.sourcing
    official
    officials

One entry a line (an entry may hold spaces: "familiar with"); lines starting
with ``#`` are comments; blank lines are skipped. A repeated entry is an error,
so a list never holds a word twice.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from analysis.errors import LexiconError

WORDLIST_DIR = Path(__file__).resolve().parent / "lexicons" / "wordlists"
HEADER_KEYS = ("wordlist", "version", "description", "used by")


@cache
def read_wordlist(name: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """The header fields and the entries (in file order) of one word list."""
    path = WORDLIST_DIR / f"{name}.txt"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in WORDLIST_DIR.glob("*.txt")))
        raise LexiconError(f"no word list named {name!r} in {WORDLIST_DIR} (known: {known})")
    header: dict[str, str] = {}
    entries: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            key, sep, value = stripped[1:].partition(":")
            if sep and key.strip() in HEADER_KEYS:
                header[key.strip()] = value.strip()
            continue
        if stripped in seen:
            raise LexiconError(
                f"{path.name}, line {number}: {stripped!r} is already on line {seen[stripped]}"
            )
        seen[stripped] = number
        entries.append(stripped)
    missing = [k for k in HEADER_KEYS if k not in header]
    if missing:
        raise LexiconError(f"{path.name}: header lacks {', '.join(missing)}")
    if header["wordlist"] != name:
        raise LexiconError(f"{path.name}: header names {header['wordlist']!r}, not {name!r}")
    return header, tuple(entries)


def wordlist(name: str) -> frozenset[str]:
    """The entries of one word list, as a set."""
    return frozenset(read_wordlist(name)[1])


def wordlist_entries(name: str) -> tuple[str, ...]:
    """The entries of one word list, in file order (for lists where order matters)."""
    return read_wordlist(name)[1]


def wordlist_versions() -> dict[str, str]:
    """Every word list's name and version (recorded in each scored run)."""
    return {p.stem: read_wordlist(p.stem)[0]["version"] for p in sorted(WORDLIST_DIR.glob("*.txt"))}
