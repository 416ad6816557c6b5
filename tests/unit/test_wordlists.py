"""Word lists are data: well-formed, no repeats, and nothing from the demo corpus."""

from __future__ import annotations

import ast
import re

import pytest

from analysis.errors import LexiconError
from analysis.lexicon import LEXICON_DIR
from analysis.paths import DEMO_CORPUS, ROOT
from analysis.wordlists import WORDLIST_DIR, read_wordlist, wordlist, wordlist_versions

# Generic English words that happen to be part of the demo's (fictional) names; a word
# list may hold them because they are ordinary words in news ("union", "power").
GENERIC = {
    "regulator",
    "the",
    "of",
    "and",
    "for",
    "in",
    "daily",
    "business",
    "wire",
    "news",
    "herald",
    "ledger",
    "times",
    "labs",
    "power",
    "union",
    "workers",
    "harbour",
    "port",
    "authority",
    "university",
    "institute",
    "school",
    "economics",
    "ministry",
    "commerce",
    "foreign",
    "state",
    "grid",
    "research",
    "centre",
    "capital",
    "motors",
    "shipping",
    "media",
    "energy",
    "regulatory",
    "commission",
    "association",
    "solar",
    "installers",
    "telecom",
    "technology",
    "committee",
    "senate",
    "international",
    "trade",
    "intelligence",
    "chief",
    "executive",
    "spokesperson",
    "analyst",
    "president",
    "senator",
    "minister",
    "secretary",
    "mayor",
    "professor",
    "fellow",
    "engineer",
    "resident",
    "director",
    "chair",
    "head",
    "global",
    "affairs",
    "company",
    "startup",
    "operator",
    "bank",
    "investment",
    "data",
    "provider",
    "index",
    "publisher",
    "freight",
    "government",
    "member",
    "crane",
    "transport",
    "logistics",
    "policy",
    "senior",
    "city",
    "blackout",
    "heatwave",
    "report",
    "rival",
    "strike",
    "tariffs",
    "panels",
    # From the Chinese event (chip-export-curbs): a month and the "tech" of jizhan-tech.
    "july",
    "tech",
    "chips",
    "chip",
    "export",
    "curbs",
    "edition",
    "chinese",
    "microdevices",
    "semiconductor",
}


def _demo_names() -> set[str]:
    """Distinctive words of the demo corpus's outlets, people, places and organisations."""
    import pandas as pd

    read = lambda name: pd.read_csv(DEMO_CORPUS / name, dtype=str, keep_default_na=False)  # noqa: E731
    outlets, events, speakers = read("outlets.csv"), read("events.csv"), read("speakers.csv")
    text = " ".join(
        [
            *outlets["outlet"].str.replace("-", " "),
            *outlets["name"],
            *outlets["country"],
            *speakers["speaker"],
            *speakers["aliases"].str.replace("|", " "),
        ]
    )
    # Capitalised words inside event titles and summaries (not a sentence's first word).
    for sentence in re.split(
        r"(?<=[.;:])\s+|,\s*", " ".join([*events["title"], *events["summary"]])
    ):
        text += " " + " ".join(re.findall(r"(?<=\s)[A-Z][a-z]+", sentence))
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    return {w for w in words if len(w) >= 4} - GENERIC


def test_every_word_list_reads_and_has_a_version():
    versions = wordlist_versions()
    assert len(versions) >= 18
    for name in versions:
        header, entries = read_wordlist(name)
        assert entries and header["description"] and header["used by"]


def test_a_repeated_entry_is_an_error(tmp_path, monkeypatch):
    import analysis.wordlists as module

    (tmp_path / "twice.txt").write_text(
        "# wordlist: twice\n# version: 1.0.0\n# description: d\n# used by: x\nworry\nworry\n"
    )
    monkeypatch.setattr(module, "WORDLIST_DIR", tmp_path)
    module.read_wordlist.cache_clear()
    with pytest.raises(LexiconError, match="'worry' is already on line 5"):
        wordlist("twice")
    module.read_wordlist.cache_clear()


def test_no_word_list_or_lexicon_names_the_demo_corpus():
    names = _demo_names()
    assert {"valdoria", "kestria", "clarion", "northwind", "qilun"} <= names
    files = sorted(WORDLIST_DIR.glob("*.txt")) + sorted(LEXICON_DIR.glob("*.tsv"))
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if line.startswith("#"):
                continue
            found = {w for w in re.findall(r"[a-z]+", line.lower()) if w in names}
            assert not found, f"{path.relative_to(ROOT)}, line {number}: {sorted(found)}"


def _code_strings(source: str):
    """``(line, text)`` of every string literal in code, docstrings left out.

    A docstring may show an example from the demo ("said Elena Marsh, head of");
    a string a rule compares with may not.
    """
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstrings.add(id(value))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_code_spells_a_demo_name_in_a_rule():
    names = _demo_names()
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        for number, text in _code_strings(path.read_text(encoding="utf-8")):
            found = {w for w in re.findall(r"[a-z]+", text.lower()) if w in names}
            assert not found, f"{path.relative_to(ROOT)}, line {number}: {sorted(found)}"
