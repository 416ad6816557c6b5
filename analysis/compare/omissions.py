"""Omissions: names and figures that some outlets on an event include and others leave out."""

from __future__ import annotations

import re

import pandas as pd

from analysis.compare.wording import STOPWORDS
from analysis.detect.quotes import LEADING_FUNCTION_WORDS, TITLE_WORDS
from analysis.wordlists import wordlist

_NAME_RUN = re.compile(
    r"\b(?:[A-Z][\w'’.-]*[A-Za-z])(?:\s+(?:of|de|van|al|the|for|and)?\s*"
    r"[A-Z][\w'’.-]*[A-Za-z])*"
)

_NUMBER = re.compile(
    r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?\s*(?:%|percent|per cent|million|billion|"
    r"trillion|thousand|dollars|people|jobs|workers|years|hours|days)?"
)

_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[“\"]\s*)$")


def _clean_name(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in LEADING_FUNCTION_WORDS:
        words = words[1:]
    titles = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLE_WORDS]
    if titles:  # "Transport Minister Gloria Pike" -> "Gloria Pike"
        words = words[titles[-1] + 1 :]
    return " ".join(words)


_ORG_BEFORE_OF = wordlist("org_heads_before_of")

_CALENDAR = wordlist("calendar_words")


def extract_items(text: str) -> set[tuple[str, str]]:
    """Named entities (capitalised sequences) and numbers with units, no model needed.

    A single capitalised word at the start of a sentence is skipped (it may be an
    ordinary word); leading function words and titles are dropped ("As Ortiz" ->
    "Ortiz", "Economist Mara Lind" -> "Mara Lind"); "X of Y" stays one name only
    after an organisation word ("Institute of Coastal Studies"); weekdays and
    months are dates, not names; a single word that is part of a longer name in the
    same text ("Ortiz" of "Ana Ortiz") is not listed again.
    """
    names: set[str] = set()
    for m in _NAME_RUN.finditer(text):
        raw = re.sub(r"['’]s$", "", m.group().strip().rstrip("."))
        parts = re.split(r"\s+of\s+", raw)
        pieces = [parts[0]]
        for part in parts[1:]:
            if pieces[-1].split()[-1].lower() in _ORG_BEFORE_OF:
                pieces[-1] = f"{pieces[-1]} of {part}"
            else:
                pieces.append(part)
        at_start = _SENTENCE_START.search(text[: m.start()][-3:] or "\n")
        for index, piece in enumerate(pieces):
            name = _clean_name(piece)
            if len(name) < 2 or name.lower() in STOPWORDS or name.lower() in _CALENDAR:
                continue
            if " " not in name and index == 0 and at_start and name == piece:
                continue
            names.add(name)
    multi = [n.split() for n in names if " " in n]
    items = {("name", n) for n in names if " " in n or not any(n in words for words in multi)}
    for m in _NUMBER.finditer(text):
        value = re.sub(r"\s+", " ", m.group().strip()).rstrip(",.")
        if re.fullmatch(r"(19|20)\d\d", value):
            continue  # years are dates, not figures
        items.add(("number", value))
    return items


def omissions(texts_by_outlet: dict[str, list[str]]) -> pd.DataFrame:
    """Which names and figures each outlet includes that others on the event omit.

    One row per item: which outlets mention it, and which omit it. Items every
    outlet mentions are left out (they are common ground).
    """
    mentioned: dict[tuple[str, str], set[str]] = {}
    for outlet, texts in texts_by_outlet.items():
        for text in texts:
            for item in extract_items(text):
                mentioned.setdefault(item, set()).add(outlet)
    outlets = sorted(texts_by_outlet)
    rows = []
    for (kind, item), who in sorted(mentioned.items()):
        if len(who) == len(outlets):
            continue
        rows.append(
            {
                "kind": kind,
                "item": item,
                "mentioned_by": ", ".join(sorted(who)),
                "omitted_by": ", ".join(o for o in outlets if o not in who),
                "outlets_mentioning": len(who),
            }
        )
    return pd.DataFrame(
        rows, columns=["kind", "item", "mentioned_by", "omitted_by", "outlets_mentioning"]
    )
