"""The side tables (outlets.csv, events.csv, speakers.csv): the one reader.

Every stage that needs a side table (the loader, the Dask engine, ingestion)
reads it here, so a value is cleaned and checked the same way everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.corpus.files import CorpusFiles
from analysis.corpus.readers import decode_utf8, read_csv
from analysis.errors import Problem
from analysis.names import check_name, printable

SIDE_TABLES = {"outlets.csv": "outlet", "events.csv": "event", "speakers.csv": "speaker"}

# Columns whose values are names (check_name applies), by the table's key column.
_NAME_COLUMNS = {
    "outlet": ("outlet",),
    "event": ("event",),
    "speaker": ("speaker", "side", "event"),
}


def _empty(key: str, columns: list[str] | None = None, read: bool = False) -> pd.DataFrame:
    columns = columns or [key]
    frame = pd.DataFrame({c: pd.Series([], dtype="string") for c in columns})
    frame.attrs["read"] = read
    return frame


def read_side_table(
    root: Path,
    name: str,
    key: str,
    problems: list[Problem],
    files: CorpusFiles | list[Path] | None = None,
) -> pd.DataFrame:
    """One side table, cleaned and checked; an empty frame when the file is absent.

    ``frame.attrs["read"]`` says whether the file was there and readable (a table
    that could not be read is no list to check outlets or events against).

    Values are stripped; a blank or repeated key, a name that :func:`check_name`
    refuses and, in speakers.csv, a name or alias that could mean two speakers
    are problems. The frame keeps each row's line in ``_line``.

    Args:
        root: the corpus folder.
        name: the file name, a key of :data:`SIDE_TABLES`.
        key: its key column.
        problems: every problem found is appended here.
        files: the loader's :class:`CorpusFiles` (the file then counts in the
            corpus fingerprint); a list (the older form) gets the path appended.
    """
    path = root / name
    if not path.exists() and not path.is_symlink():
        return _empty(key)
    reader = files if isinstance(files, CorpusFiles) else CorpusFiles(root)
    if not reader.regular_file(path, problems):
        return _empty(key)
    if isinstance(files, list):
        files.append(path)
    raw = reader.read(path, problems)
    text = decode_utf8(raw, name, problems) if raw is not None else None
    result = read_csv(text, name, problems, required=(key,)) if text is not None else None
    if result is None:
        return _empty(key)
    header, records = result
    speakers = key == "speaker"  # speakers.csv, or another speakers file
    unique_by = (key, "event") if speakers else (key,)
    seen: dict[tuple, int] = {}
    clean = []
    for rec in records:
        line = rec.pop("_line")
        rec = {k: v.strip() for k, v in rec.items()}
        if not rec[key]:
            problems.append(Problem(name, line, key, f"missing required field '{key}'"))
            continue
        bad = False
        for col in _NAME_COLUMNS.get(key, (key,)):
            reason = check_name(rec[col], col) if rec.get(col) else None
            if reason:
                problems.append(Problem(name, line, col, reason))
                bad = True
        if bad:
            continue
        ident = tuple(rec.get(k, "") for k in unique_by)
        if ident in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    key,
                    f"duplicate {key} {printable(rec[key], 60)} (first on line {seen[ident]})",
                )
            )
            continue
        seen[ident] = line
        rec["_line"] = line
        clean.append(rec)
    if speakers:
        check_speakers(clean, problems, name)
    if not clean:
        return _empty(key, header, read=True)
    frame = pd.DataFrame(clean, columns=[*header, "_line"])
    for col in frame.columns:
        if col != "_line":
            frame[col] = frame[col].astype("string")
    frame.attrs["read"] = True
    return frame


def _aliases(rec: dict) -> list[str]:
    return [a.strip() for a in (rec.get("aliases") or "").split("|") if a.strip()]


def check_speakers(
    records: list[dict], problems: list[Problem], name: str = "speakers.csv"
) -> None:
    """Report every name or alias in speakers.csv that could mean two speakers.

    Quotes are attributed by matching speaker names and aliases ignoring case,
    one event at a time (a row with no event applies to every event). So within
    rows that can apply to the same event, each of these is a problem naming
    both lines, where the later row would otherwise win silently: two speakers
    whose names differ only in case (``Ana Ruiz``, ``ana ruiz``); an alias that
    is another speaker's name; one alias given to two speakers. An alias that
    :func:`check_name` refuses is a problem too.
    """
    # name or alias in lower case -> speaker -> [(written form, speaker, line, is_alias, event)]
    claims: dict[str, dict[str, list[tuple[str, str, int, bool, str]]]] = {}
    for rec in records:
        line, speaker, event = rec["_line"], rec["speaker"], rec.get("event", "")
        entries = [(speaker, False)]
        for alias in _aliases(rec):
            reason = check_name(alias, "alias")
            if reason:
                problems.append(Problem(name, line, "aliases", reason))
            elif alias.lower() != speaker.lower():
                entries.append((alias, True))
        for text, is_alias in entries:
            by_speaker = claims.setdefault(text.lower(), {})
            by_speaker.setdefault(speaker, []).append((text, speaker, line, is_alias, event))
    for by_speaker in claims.values():
        if len(by_speaker) < 2:
            continue
        groups = sorted(by_speaker.values(), key=lambda entries: entries[0][2])
        for i, earlier in enumerate(groups):
            events = {e[4] for e in earlier}
            for later in groups[i + 1 :]:
                clash = next((e for e in later if "" in events or not e[4] or e[4] in events), None)
                if clash is not None:
                    first = next(e for e in earlier if not e[4] or not clash[4] or e[4] == clash[4])
                    problems.append(_speaker_clash(first, clash, name))


def _speaker_clash(first: tuple, later: tuple, name: str) -> Problem:
    """The problem of two speakers.csv entries that match the same words."""
    (text1, sp1, line1, alias1, _), (text2, sp2, line2, alias2, _) = first, later
    if not alias1 and not alias2:
        return Problem(
            name,
            line2,
            "speaker",
            f"speaker {printable(sp2)} differs from {printable(sp1)} (line {line1}) only in "
            "case; names are matched ignoring case, so keep one",
        )
    if alias1 and alias2:
        return Problem(
            name,
            line2,
            "aliases",
            f"alias {printable(text2)} of {printable(sp2)} is also an alias of "
            f"{printable(sp1)} (line {line1}), so a quote by {printable(text2)} cannot be "
            "given to either; remove it from one of them, or give each row its event",
        )
    (alias, owner, at), (other, other_line) = (
        ((text2, sp2, line2), (sp1, line1)) if alias2 else ((text1, sp1, line1), (sp2, line2))
    )
    return Problem(
        name,
        at,
        "aliases",
        f"alias {printable(alias)} of {printable(owner)} is the name of another speaker, "
        f"{printable(other)} (line {other_line}); a quote by {printable(alias)} could be "
        "either, so remove the alias",
    )


def read_alias_table(path: str | Path) -> pd.DataFrame:
    """A researcher's alias table (``item,alias``, one pair a line) for the omissions figure.

    Values are stripped; an item may have several lines (one per alias). An
    unreadable file, a missing column or an empty cell is a problem with its file
    and line, raised together as one :class:`~analysis.errors.CorpusError`.
    """
    from analysis.errors import CorpusError

    path = Path(path)
    rel = str(path)
    problems: list[Problem] = []
    if not path.is_file():
        raise CorpusError([Problem(rel, None, None, "no such alias table")], path.parent)
    text = decode_utf8(path.read_bytes(), rel, problems)
    result = None if text is None else read_csv(text, rel, problems, ("item", "alias"))
    rows = []
    for record in result[1] if result else []:
        item = (record.get("item") or "").strip()
        alias = (record.get("alias") or "").strip()
        for column, value in (("item", item), ("alias", alias)):
            if not value:
                problems.append(Problem(rel, record["_line"], column, "empty value"))
        if item and alias:
            rows.append({"item": item, "alias": alias, "_line": record["_line"]})
    if problems:
        raise CorpusError(problems, path.parent)
    return pd.DataFrame(rows, columns=["item", "alias", "_line"])
