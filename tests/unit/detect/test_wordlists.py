"""Word lists are data, and none of them names an outlet, a person or a place of the demo."""

from __future__ import annotations

import re

import pandas as pd

from analysis import load_corpus
from analysis.paths import DEMO_CORPUS
from analysis.wordlists import WORDLIST_DIR, read_wordlist, wordlist


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", text)}


def _demo_names() -> set[str]:
    """Words that name something of the demo corpus.

    Outlets: the words of each outlet's name that its type does not use ("Clarion",
    "Herald", "Ledger"); places: the countries and the words built on them
    ("Valdorian"), and the place words of the events; people: the words of every
    person's name and aliases in speakers.csv. A word the demo writes in lower case
    (an ordinary word such as "union" or "marsh") is not a name.
    """
    corpus = load_corpus(DEMO_CORPUS)
    text = " ".join(corpus.articles["text"])
    lower = set(re.findall(r"\b[a-z][a-z-]*", text))
    outlets = pd.read_csv(DEMO_CORPUS / "outlets.csv", dtype=str).fillna("")
    speakers = pd.read_csv(DEMO_CORPUS / "speakers.csv", dtype=str).fillna("")
    events = pd.read_csv(DEMO_CORPUS / "events.csv", dtype=str).fillna("")
    names = set()
    types = set().union(*(_words(t) for t in outlets["type"]))  # "daily", "wire", "paper"
    for row in outlets.itertuples():
        names |= _words(row.name) - {"the"} - types
        if row.country[:1].isupper():
            names |= _words(row.country)
            stem = row.country[:5]
            names |= {w.lower() for w in re.findall(rf"\b{stem}\w*", text)}
    for title in events["title"]:  # "Heatwave blackout in Corvant", "strike at Port Ellery"
        for place in re.findall(r"\b(?:in|at)\s+((?:[A-Z][a-z]+\s?)+)", title):
            names |= _words(place)
    for row in speakers.itertuples():
        if "," in row.affiliation or " of " in row.affiliation:  # a person: "title, employer"
            names |= _words(row.speaker) | _words(row.aliases.replace("Sen.", ""))
    return {n for n in names if n not in lower}


def test_the_demo_names_are_found():
    names = _demo_names()
    assert {"clarion", "herald", "ledger", "valdoria", "kestrian", "okafor", "corvant"} <= names


def test_no_word_list_names_anything_of_the_demo_corpus():
    names = _demo_names()
    for path in sorted(WORDLIST_DIR.glob("*.txt")):
        entries = wordlist(path.stem)
        hits = {e for e in entries if set(e.split()) & names}
        assert not hits, f"{path.name} names the demo: {sorted(hits)}"


def test_the_quote_and_source_lists_have_a_changelog_line():
    readme = (WORDLIST_DIR.parent / "README.md").read_text(encoding="utf-8")
    for path in sorted(WORDLIST_DIR.glob("*.txt")):
        header, entries = read_wordlist(path.stem)
        assert header["description"] and entries, path.name
        users = header["used by"]
        if "detect.quotes" in users or "detect.sourcing" in users:
            assert f"`{path.stem}`" in readme, f"{path.name} has no changelog line"
