"""Names as users write them, and the safe forms the suite makes from them.

Outlet, event, side and speaker names come from researchers and from the web:
``us-openai``, ``bridge closure``, ``grève-portuaire``, ``2024/05/strike``,
``../../precious``. A name is shown as written (escaped wherever it is rendered)
but never used raw in a path, a column name or a figure id. This module is the
one place that decides:

* :func:`check_name`: why a name cannot be accepted at all (control characters,
  NUL, bidirectional controls, zero-width characters, line breaks, empty or
  over-long), or ``None``. Everything else is accepted and must work everywhere.
* :func:`slug`: a file-name-safe form, lower-case ASCII letters, digits and
  hyphens, at most 60 characters. It is the name itself when the name is already
  in that form; otherwise a readable stem plus eight hex digits of the name's
  SHA-1, so two different names never share a slug (``pro-union`` and
  ``pro union`` differ).
* :func:`column_key`: the same, with underscores, for column names.
* :func:`printable`: a name made safe to print on a terminal, quoted (and
  shortened, if asked).
* :func:`terminal_safe`: any text (a message, a file name) made safe to print
  on a terminal: control, bidirectional and invisible characters become
  escapes, so a name or a file name can never move the cursor, recolour the
  terminal or display as another.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_NAME_LENGTH = 200
_SAFE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")
# Control, format, surrogate and line/paragraph-separator characters: never printed raw.
_UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def check_name(value: str, what: str = "name") -> str | None:
    """Why ``value`` cannot be used as an outlet, event, side or speaker name, or ``None``."""
    if not value.strip():
        return f"{what} is empty"
    if len(value) > MAX_NAME_LENGTH:
        return f"{what} is {len(value)} characters long (at most {MAX_NAME_LENGTH})"
    for ch in value:
        if ch == "\x00":
            return f"{what} {printable(value)} contains a NUL character"
        if ch in "\n\r\u2028\u2029":
            return f"{what} {printable(value)} contains a line break"
        if ch in _BIDI:
            return (
                f"{what} {printable(value)} contains the bidirectional control "
                f"U+{ord(ch):04X}, which can make a name display as another"
            )
        if ch in _ZERO_WIDTH:
            return (
                f"{what} {printable(value)} contains the invisible character U+{ord(ch):04X}, "
                "so it would look like a different name"
            )
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return f"{what} {printable(value)} contains the control character U+{ord(ch):04X}"
    return None


def slug(name: str) -> str:
    """A file-name-safe, collision-free form of ``name`` (see the module docstring)."""
    if _SAFE.fullmatch(name):
        return name
    ascii_form = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_form.lower()).strip("-")[:40].strip("-")
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem}-{digest}" if stem else f"n-{digest}"


def column_key(name: str) -> str:
    """A form of ``name`` safe as a column or attribute name (letters, digits, ``_``)."""
    return slug(name).replace("-", "_")


def _is_unsafe(ch: str) -> bool:
    return ch in _BIDI or ch in _ZERO_WIDTH or unicodedata.category(ch) in _UNSAFE_CATEGORIES


def _escape(ch: str) -> str:
    return f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}"


def terminal_safe(value: str) -> str:
    r"""``value`` with every control, bidirectional and invisible character escaped.

    Used wherever a name, a file name or a piece of web text is printed on a
    terminal, so an escape sequence in a corpus cannot move the cursor or recolour
    the screen, and a name cannot display as another. Line breaks and tabs are
    escaped too (``\x0a``): use it on one line of output at a time. Ordinary text,
    accents and scripts pass unchanged.
    """
    if value.isprintable():
        return value
    return "".join(_escape(ch) if _is_unsafe(ch) else ch for ch in value)


def printable(value: str, limit: int | None = None) -> str:
    """``value`` quoted, with control and invisible characters shown as escapes.

    With ``limit``, a longer value is cut to its first ``limit`` characters and
    its length is given (``'99999...' (5000 characters)``), so one bad cell
    cannot flood a message.
    """
    shown = value if limit is None or len(value) <= limit else value[:limit]
    out = "'" + terminal_safe(shown).replace("'", "\\'") + "'"
    if shown is not value:
        out = f"{out[:-1]}...' ({len(value):,} characters)"
    return out
