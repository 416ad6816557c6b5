"""Gold spans: reading them, and writing them by hand with inline markup.

Gold annotations are JSON lines in the span contract of DESIGN.md (one span a
line: ``article_id``, ``kind``, ``start``, ``end``, ``text``, ``voice``,
``category``, ``speaker``, ``speaker_role``, ``side``).

Offsets are tedious to type, so the demo gold is written as *marked-up text*:
``{{KIND key=value;key=value|the words}}``, nestable, where KIND is one of

=====  ==================  ============================================
code   span kind           attributes
=====  ==================  ============================================
``L``  ``loaded``          ``c`` category
``H``  ``hedge``           ``c`` category
``B``  ``booster``         ``c`` category
``Q``  ``quote``           ``s`` speaker, ``c`` direct / partial / indirect
``S``  ``scare_quote``
``A``  ``anonymous_source`` ``c`` anonymous / vague
=====  ==================  ============================================

:func:`parse_markup` strips the markup and returns the clean text and the spans
with offsets into it, so the gold round-trips by construction. A span's voice
is ``quoted`` when it lies inside a direct or partial quote, else ``author``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from analysis.errors import MarkupError
from analysis.schema import CONTRACT_COLUMNS, Span

SPAN_COLUMNS = CONTRACT_COLUMNS
KINDS = {
    "L": "loaded",
    "H": "hedge",
    "B": "booster",
    "Q": "quote",
    "S": "scare_quote",
    "A": "anonymous_source",
}
_OPEN = re.compile(r"\{\{([A-Z])((?: [a-z]+=[^;|{}]*)(?:;[a-z]+=[^;|{}]*)*)?\|")


def parse_markup(
    marked: str, article_id: str, sides: dict[str, str] | None = None
) -> tuple[str, list[Span]]:
    """Strip ``{{K attrs|...}}`` markup; return the clean text and its gold spans.

    Args:
        marked: text with inline markup.
        article_id: written into every span.
        sides: speaker name to side (from speakers.csv); quotes take their side here.

    Raises:
        MarkupError: for unbalanced braces or an unknown kind, naming the offset.
    """
    sides = sides or {}
    out: list[str] = []
    length = 0
    stack: list[tuple[str, dict[str, str], int, int]] = []
    raw_spans: list[tuple[str, dict[str, str], int, int]] = []
    pos = 0
    while pos < len(marked):
        match = _OPEN.match(marked, pos)
        if match:
            code = match.group(1)
            if code not in KINDS:
                raise MarkupError(f"{article_id}: unknown span kind {code!r} at offset {pos}")
            attrs = {}
            for part in (match.group(2) or "").strip().split(";"):
                if part:
                    key, _, value = part.partition("=")
                    attrs[key.strip()] = value.strip()
            stack.append((code, attrs, length, pos))
            pos = match.end()
            continue
        if marked.startswith("}}", pos):
            if not stack:
                raise MarkupError(f"{article_id}: '}}}}' with no open span at offset {pos}")
            code, attrs, start, _ = stack.pop()
            raw_spans.append((code, attrs, start, length))
            pos += 2
            continue
        if marked.startswith("{{", pos):
            raise MarkupError(
                f"{article_id}: malformed span opening at offset {pos}: {marked[pos : pos + 30]!r}"
            )
        out.append(marked[pos])
        length += 1
        pos += 1
    if stack:
        raise MarkupError(f"{article_id}: span opened at offset {stack[-1][3]} is never closed")
    text = "".join(out)
    quoted = [
        (s, e)
        for code, attrs, s, e in raw_spans
        if code == "Q" and attrs.get("c") in ("direct", "partial")
    ]
    spans = []
    for code, attrs, start, end in raw_spans:
        kind = KINDS[code]
        inside = any(qs <= start and end <= qe and (qs, qe) != (start, end) for qs, qe in quoted)
        if kind == "quote":
            voice = "quoted" if attrs.get("c") in ("direct", "partial") else "author"
        elif kind == "scare_quote":
            voice = "author"
        else:
            voice = "quoted" if inside else "author"
        speaker = attrs.get("s", "")
        spans.append(
            Span(
                article_id,
                kind,
                start,
                end,
                text[start:end],
                voice,
                attrs.get("c", ""),
                speaker,
                attrs.get("r", ""),
                sides.get(speaker, "") if kind == "quote" else "",
            )
        )
    spans.sort(key=lambda s: (s.start, -s.end, s.kind))
    return text, spans


def write_gold_jsonl(spans: list[Span]) -> str:
    """Serialise spans as JSON lines: the contract's columns, sorted keys, one a line."""
    return "".join(
        json.dumps({c: getattr(s, c) for c in CONTRACT_COLUMNS}, ensure_ascii=False, sort_keys=True)
        + "\n"
        for s in spans
    )


def read_gold(path: str | Path) -> pd.DataFrame:
    """Read gold spans from a ``.jsonl`` file or every ``*.jsonl`` in a folder."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    rows = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise MarkupError(f"{file}, line {number}: not valid JSON: {exc.msg}") from exc
    frame = pd.DataFrame(rows, columns=list(SPAN_COLUMNS))
    for col in SPAN_COLUMNS:
        frame[col] = frame[col].astype("int64" if col in ("start", "end") else "string")
    return frame


def split_front_matter(marked: str, name: str) -> tuple[str, str]:
    """The front-matter block (with its ``---`` lines) and the body of a marked file."""
    lines = marked.replace("\r\n", "\n").split("\n")
    if lines[0].strip() != "---":
        raise MarkupError(f"{name}: expected front matter starting with '---'")
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        raise MarkupError(f"{name}: front matter is not closed")
    return "\n".join(lines[: close + 1]), "\n".join(lines[close + 1 :]).strip()


def render_marked_corpus(marked_dir: str | Path, corpus_dir: str | Path) -> list[Path]:
    """Turn hand-marked articles into corpus articles plus gold JSONL, one file per event.

    Each marked file is an article in the corpus Markdown format whose body carries
    inline markup. Writes ``articles/<event>/<outlet>.md`` and
    ``annotations/<event>.jsonl`` under ``corpus_dir``; sides come from its
    ``speakers.csv``. Returns the files written.
    """
    from analysis._io import write_text_atomic

    marked_dir, corpus_dir = Path(marked_dir), Path(corpus_dir)
    speakers = pd.read_csv(corpus_dir / "speakers.csv", dtype="string", keep_default_na=False)
    written: list[Path] = []
    by_event: dict[str, list[Span]] = {}
    for path in sorted(marked_dir.glob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"), path.name)
        meta = {}
        for line in front.split("\n")[1:-1]:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        event, outlet, article_id = meta["event"], meta["outlet"], meta["id"]
        rows = speakers[(speakers["event"] == event) | (speakers["event"] == "")]
        sides = dict(zip(rows["speaker"], rows["side"], strict=True))
        text, spans = parse_markup(body, article_id, sides)
        target = corpus_dir / "articles" / event / f"{outlet}.md"
        written.append(write_text_atomic(target, f"{front}\n{text}\n"))
        by_event.setdefault(event, []).extend(spans)
    for event, spans in sorted(by_event.items()):
        spans.sort(key=lambda s: (s.article_id, s.start, -s.end, s.kind))
        target = corpus_dir / "annotations" / f"{event}.jsonl"
        written.append(write_text_atomic(target, write_gold_jsonl(spans)))
    return written
