"""Names: what check_name refuses, and what printable and terminal_safe print."""

from __future__ import annotations

import pytest

from analysis.names import check_name, printable, slug, terminal_safe


@pytest.mark.parametrize(
    "name",
    ["Port_Strike", "strike.2024", "grève-portuaire", "{x}", "pro-union", "pro union", "2024/05"],
)
def test_ordinary_names_are_accepted_and_get_distinct_safe_slugs(name):
    assert check_name(name) is None
    assert slug(name) != slug(name + " ")


@pytest.mark.parametrize(
    "name, reason",
    [
        ("e\u200b1", "invisible character U+200B"),
        ("wire\u202e", "bidirectional control U+202E"),
        ("ev\x1b[31m", "control character U+001B"),
        ("a\x00b", "NUL character"),
        ("a\nb", "line break"),
        ("x" * 201, "201 characters long"),
        ("  ", "is empty"),
    ],
)
def test_names_that_could_not_work_everywhere_are_refused_with_the_reason(name, reason):
    assert reason in check_name(name, "event")


def test_terminal_safe_escapes_what_a_terminal_would_obey_and_nothing_else():
    assert terminal_safe("Grève à Zoë — “ok”") == "Grève à Zoë — “ok”"
    assert terminal_safe("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"
    assert terminal_safe("x\u202ey\u200bz\u2028") == "x\\u202ey\\u200bz\\u2028"
    assert terminal_safe("bad\udcff.md") == "bad\\udcff.md"
    assert terminal_safe("one\ntwo") == "one\\x0atwo"


def test_printable_quotes_escapes_and_shortens():
    assert printable("it's") == "'it\\'s'"
    assert printable("e\u200b1") == "'e\\u200b1'"
    assert printable("9" * 5000, 10) == "'9999999999...' (5,000 characters)"
    assert printable("short", 10) == "'short'"
