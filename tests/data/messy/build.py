#!/usr/bin/env python3
"""Build the messy-corpus test set for the text-hygiene stage.

Run from anywhere (PyYAML is needed; the project's venv has it):

    .venv/bin/python tests/data/messy/build.py   (from the repository root)

Input (hand-written, clean):  sources/articles/*.src, sources/{outlets,events,speakers}.csv
Output (generated, deterministic; both folders are deleted and rewritten):

    corpus/   a corpus in the suite's format: every messy article in event E and
              its clean twin (id + "--clean") in event "E-clean"
    gold/     regions.jsonl, encoding.jsonl, syndication.jsonl, language.jsonl,
              articles.jsonl (manifest)

Source markup (one body line = one output line):

    @category[/subtype] text   a boilerplate line (kept in the messy article, dropped
                               from the clean twin); consecutive lines of one category
                               form one gold region
    %text                      a content line damaged by the front-matter mechanism
                               ``x-mojibake-marked`` (partial mojibake)
    any other line             content (blank lines separate paragraphs)

Front-matter keys starting with ``x-`` are build directives, never written to the
corpus: ``x-mojibake`` (mechanism applied to every body line), ``x-mojibake-marked``,
``x-nfd`` (names decomposed to NFD wherever they occur), ``x-cases``,
``x-syndicated-from``, ``x-edits``.

After writing, the corpus is loaded with the suite's own loader
(``analysis.load_corpus``, when importable) and every gold offset is checked against
the loaded text; the build fails on any mismatch.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import shutil
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
CORPUS = HERE / "corpus"
GOLD = HERE / "gold"
MAIN = HERE.parents[2]  # the repository (tests/data/messy/build.py)

CATEGORIES = (
    "ad_block",
    "link_residue",
    "share_prompt",
    "newsletter_prompt",
    "caption_credit",
    "byline",
    "dateline_line",
    "source_line",
    "footer",
)
CORPUS_FIELDS = ("id", "outlet", "event", "title", "date", "author", "language", "section")
CASES = {
    "mojibake": "1. mojibake (cp1252, GBK, Latin-1, double decoding)",
    "nfd": "2. NFD (decomposed) names in quote attributions",
    "ad_block": "3. ad / recommendation block in mid-text",
    "link_share": "4. link, share, newsletter and cookie residue",
    "captions_credits": "5. captions, credits, bylines, datelines, source and footer lines",
    "syndication": "6. syndicated wire pair (+ independent story on the same event)",
    "non_english": "7. non-English article (es, de, zh)",
    "mostly_boilerplate": "8. almost all boilerplate",
    "control": "negative control (clean news text that looks like boilerplate)",
}
# Files written with Windows line endings (the loader normalises them; offsets
# refer to the normalised text). Only messy files; twins are always LF.
CRLF_FILES = {"transit-fares--corvant-courier", "trade-talks--kestria-online"}
# Files written with a UTF-8 byte-order mark (the loader strips it).
BOM_FILES = {"rail-tunnel--chengwan-daily"}


# ---------------------------------------------------------------------------
# Encoding damage: the real mechanisms, each a pure function of the clean text.
# ---------------------------------------------------------------------------


def _c1_passthrough(exc: UnicodeDecodeError):
    """Decode the five bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) to the
    C1 control with the same number, as browsers (WHATWG windows-1252) and MySQL's
    'latin1' do."""
    return "".join(chr(b) for b in exc.object[exc.start : exc.end]), exc.end


def _c1_encode(exc: UnicodeEncodeError):
    """Inverse of _c1_passthrough for encoding: U+0081 etc. back to the single byte."""
    chars = exc.object[exc.start : exc.end]
    if all(0x80 <= ord(c) <= 0x9F for c in chars):
        return bytes(ord(c) for c in chars), exc.end
    raise exc


codecs.register_error("c1passthrough", _c1_passthrough)
codecs.register_error("c1encode", _c1_encode)


def _cp1252_whatwg(s: str) -> str:
    return s.encode("utf-8").decode("cp1252", errors="c1passthrough")


MECHANISMS = {
    "cp1252-replace": {
        "apply": lambda s: s.encode("utf-8").decode("cp1252", errors="replace"),
        "python": "s.encode('utf-8').decode('cp1252', errors='replace')",
        "description": (
            "UTF-8 bytes decoded as Windows-1252; the bytes cp1252 leaves undefined "
            "(here always 0x9D, the last byte of U+201D) become U+FFFD"
        ),
        "lossless": False,
        "repair": (
            "lossy: 'â€\\ufffd' must be read as U+201D from context (no other character "
            "in this text ends in an undefined byte); then s.encode('cp1252').decode('utf-8')"
        ),
        "inverse": lambda m: (
            m.replace("â€\ufffd", "â€\x9d").encode("cp1252", errors="c1encode").decode("utf-8")
        ),
    },
    "gbk-replace": {
        "apply": lambda s: s.encode("utf-8").decode("gbk", errors="replace"),
        "python": "s.encode('utf-8').decode('gbk', errors='replace')",
        "description": (
            "UTF-8 bytes decoded as GBK: byte pairs become CJK characters (E2 80 -> 鈥), "
            "a trailing 0x9C/0x99 pairs with the next ASCII letter (“n -> 鈥渘, ’s -> 鈥檚), "
            "and a lead byte with no valid trail byte becomes U+FFFD"
        ),
        "lossless": False,
        "repair": (
            "lossy: U+201D, U+2014 and U+2026 all end as '鈥\\ufffd' before a space or "
            "punctuation and must be told apart from context; the letters swallowed into "
            "CJK characters are recoverable (re-encode the CJK character to GBK)"
        ),
        "inverse": None,
    },
    "latin1": {
        "apply": lambda s: s.encode("utf-8").decode("latin-1"),
        "python": "s.encode('utf-8').decode('latin-1')",
        "description": (
            "UTF-8 bytes decoded as ISO-8859-1: every byte becomes one character, so "
            "0x80-0x9F become invisible C1 controls (’ -> 'â\\x80\\x99')"
        ),
        "lossless": True,
        "repair": "m.encode('latin-1').decode('utf-8')",
        "inverse": lambda m: m.encode("latin-1").decode("utf-8"),
    },
    "cp1252-double": {
        "apply": lambda s: _cp1252_whatwg(_cp1252_whatwg(s)),
        "python": (
            "f(f(s)) with f = lambda s: s.encode('utf-8').decode('cp1252', "
            "errors='c1passthrough') and the error handler mapping each undefined byte "
            "b to chr(b) (WHATWG windows-1252 / MySQL latin1 behaviour)"
        ),
        "description": (
            "UTF-8 text mis-decoded as Windows-1252 twice (stored, mis-read, re-saved as "
            "UTF-8 and mis-read again in a migration): “ -> Ã¢â‚¬Å“"
        ),
        "lossless": True,
        "repair": "g(g(m)) with g = lambda m: m.encode('cp1252', errors='c1encode').decode('utf-8')",
        "inverse": lambda m: _undo_cp1252(_undo_cp1252(m)),
    },
}


def _undo_cp1252(m: str) -> str:
    return m.encode("cp1252", errors="c1encode").decode("utf-8")


def nfd_names(text: str, names: list[str]) -> str:
    if not names:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: unicodedata.normalize("NFD", m.group(0)), text)


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

LINE_TAG = re.compile(r"@([a-z_]+)(?:/([a-z_]+))? (.*)")


def read_source(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8")
    if not raw.startswith("---\n"):
        sys.exit(f"{path}: no front matter")
    head, body = raw[4:].split("\n---\n", 1)
    meta = yaml.load(head, Loader=yaml.BaseLoader)
    if meta["id"] != path.stem:
        sys.exit(f"{path}: id {meta['id']!r} does not match the file name")
    lines = []
    for n, line in enumerate(body.rstrip("\n").split("\n"), 1):
        if line.startswith("@"):
            m = LINE_TAG.fullmatch(line)
            if not m or m.group(1) not in CATEGORIES:
                sys.exit(f"{path}: body line {n}: bad boilerplate tag: {line[:60]!r}")
            lines.append(
                {
                    "kind": "boiler",
                    "category": m.group(1),
                    "subtype": m.group(2),
                    "text": m.group(3),
                }
            )
        elif line.startswith("%"):
            lines.append({"kind": "content", "marked": True, "text": line[1:]})
        elif line.strip() == "":
            if line:
                sys.exit(f"{path}: body line {n}: whitespace-only line")
            lines.append({"kind": "blank", "text": ""})
        else:
            lines.append({"kind": "content", "marked": False, "text": line})
    if lines[0]["kind"] == "blank" or lines[-1]["kind"] == "blank":
        sys.exit(f"{path}: body starts or ends with a blank line")
    for ln in lines:
        if ln["text"] != ln["text"].strip():
            sys.exit(f"{path}: leading/trailing whitespace in {ln['text'][:40]!r}")
        if unicodedata.normalize("NFC", ln["text"]) != ln["text"]:
            sys.exit(f"{path}: source text must be NFC: {ln['text'][:40]!r}")
    return {"meta": meta, "lines": lines, "path": path}


def collapse_blank_lines(text: str) -> str:
    """Runs of blank lines become one blank line; surrounding blank lines go."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def build_article(src: dict) -> dict:
    meta, lines = src["meta"], src["lines"]
    whole = meta.get("x-mojibake")
    marked = meta.get("x-mojibake-marked")
    names = meta.get("x-nfd") or []
    for mech in (whole, marked):
        if mech and mech not in MECHANISMS:
            sys.exit(f"{src['path']}: unknown mechanism {mech}")
    out = []
    for ln in lines:
        clean = ln["text"]
        messy = nfd_names(clean, names)
        mech = whole or (marked if ln.get("marked") else None)
        if mech and messy:
            messy = MECHANISMS[mech]["apply"](messy)
        out.append({**ln, "clean": clean, "messy": messy, "mechanism": mech})
    messy_body = "\n".join(ln["messy"] for ln in out)
    if whole:  # per-line damage must equal damage of the whole body at once
        assert (
            MECHANISMS[whole]["apply"](nfd_names("\n".join(ln["clean"] for ln in out), names))
            == messy_body
        )
    clean_body = collapse_blank_lines(
        "\n".join(ln["clean"] for ln in out if ln["kind"] != "boiler")
    )
    # offsets and regions
    regions, pos, cur = [], 0, None
    for i, ln in enumerate(out):
        ln["start"], ln["end"] = pos, pos + len(ln["messy"])
        pos = ln["end"] + 1
        if ln["kind"] == "boiler":
            if cur and cur["category"] == ln["category"] and cur["last"] == i - 1:
                cur["end"], cur["last"] = ln["end"], i
                cur["subtypes"].append(ln["subtype"])
                cur["n_lines"] += 1
            else:
                cur = {
                    "category": ln["category"],
                    "start": ln["start"],
                    "end": ln["end"],
                    "last": i,
                    "first": i,
                    "subtypes": [ln["subtype"]],
                    "n_lines": 1,
                }
                regions.append(cur)
        else:
            cur = None
    for r in regions:
        r["text"] = messy_body[r["start"] : r["end"]]
    return {
        "meta": meta,
        "lines": out,
        "messy": messy_body,
        "clean": clean_body,
        "regions": regions,
        "names": names,
        "whole": whole,
        "marked": marked,
    }


# ---------------------------------------------------------------------------
# Damage accounting
# ---------------------------------------------------------------------------


def decode_units(data: bytes, codec: str, errors: str) -> list[tuple[int, int, str]]:
    """Decode byte by byte and return (byte_start, byte_end, chars) units: which bytes
    produced which output characters. Exact for single-byte codecs and for GBK/GB18030
    with errors='replace' (a unit with two characters is the replaced lead byte(s)
    followed by the byte that could not trail it)."""
    dec = codecs.getincrementaldecoder(codec)(errors=errors)
    units, pending = [], 0
    for i in range(len(data)):
        out = dec.decode(data[i : i + 1])
        if not out:
            continue
        if len(out) == 1:
            units.append((pending, i + 1, out))
        elif len(out) == 2 and i > pending:
            units.append((pending, i, out[0]))
            units.append((i, i + 1, out[1]))
        else:  # not expected for the codecs used here
            raise AssertionError((codec, data[pending : i + 1], out))
        pending = i + 1
    tail = dec.decode(b"", final=True)
    if tail:
        units.append((pending, len(data), tail))
    return units


DECODE_STEP = {  # the single mis-decoding step of each mechanism (for damage accounting)
    "cp1252-replace": ("cp1252", "replace"),
    "gbk-replace": ("gbk", "replace"),
    "latin1": ("latin-1", "strict"),
    "cp1252-double": ("cp1252", "c1passthrough"),  # first pass; the second only expands
}


def damaged_positions(clean: str, mech: str | None, names: list[str]) -> list[int]:
    """Indices of the characters of a clean line that do not survive into the messy line,
    computed exactly from the byte stream (not by aligning strings)."""
    if mech is None:  # NFD of the listed names only
        pos = []
        if names:
            pat = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
            for m in pat.finditer(clean):
                pos += [
                    m.start() + k
                    for k, ch in enumerate(m.group(0))
                    if unicodedata.normalize("NFD", ch) != ch
                ]
        return pos
    assert not names, "NFD and mojibake are not combined in one article"
    codec, errors = DECODE_STEP[mech]
    data, spans, b = clean.encode("utf-8"), [], 0
    for ch in clean:
        n = len(ch.encode("utf-8"))
        spans.append((b, b + n))
        b += n
    faithful = {(s, e, c) for s, e, c in decode_units(data, codec, errors)}
    return [i for i, ch in enumerate(clean) if (spans[i][0], spans[i][1], ch) not in faithful]


def damage(clean: str, messy: str, mech: str | None, names: list[str]) -> dict:
    pos = damaged_positions(clean, mech, names)
    sites = sum(1 for k, p in enumerate(pos) if k == 0 or pos[k - 1] != p - 1)
    by_char = Counter(clean[p] for p in pos)
    return {
        "damaged_chars": len(pos),
        # every surviving character is one output character, so the rest is mojibake
        "mojibake_chars": len(messy) - (len(clean) - len(pos)),
        "sites": sites,
        "by_char": by_char,
        "ascii_swallowed": sum(1 for p in pos if ord(clean[p]) < 128),
    }


def examples(a: dict, mech: str | None) -> list[dict]:
    """Readable examples: per damaged character (context-free mechanisms), quoted phrases
    as they appear in the messy text (GBK, whose damage depends on the next byte), or the
    decomposed names (NFD)."""
    out = []
    if mech is None:
        for name in a["names"]:
            nfd = unicodedata.normalize("NFD", name)
            if any(nfd in ln["messy"] for ln in a["lines"]):
                out.append(
                    {
                        "clean": name,
                        "messy": nfd,
                        "messy_codepoints": " ".join(f"U+{ord(c):04X}" for c in nfd),
                    }
                )
        return out
    apply = MECHANISMS[mech]["apply"]
    lines = [ln for ln in a["lines"] if ln["mechanism"] and ln["clean"] != ln["messy"]]
    if mech != "gbk-replace":
        chars = sorted({c for ln in lines for c in ln["clean"] if ord(c) > 127})
        out += [{"clean": c, "messy": apply(c), "messy_escaped": ascii(apply(c))} for c in chars]
    seen = 0
    for ln in lines:
        for m in re.finditer(r"\S*“[^”]{1,40}”\S?|\w+’\w+", ln["clean"]):
            phrase = m.group(0)
            if (
                apply(phrase) in ln["messy"]
                and seen < 6
                and phrase not in {o["clean"] for o in out}
            ):
                out.append({"clean": phrase, "messy": apply(phrase)})
                seen += 1
    return out


def char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}"


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def front_matter(meta: dict, **override) -> str:
    fm = {k: meta[k] for k in CORPUS_FIELDS if k in meta}
    fm.update(override)
    text = yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=10_000)
    return "---\n" + text + "---\n"


def write_article(path: Path, fm: str, body: str, crlf: bool = False, bom: bool = False) -> None:
    text = fm + body + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if bom:
        data = codecs.BOM_UTF8 + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def twin_id(article_id: str) -> str:
    return article_id + "--clean"


def twin_event(event: str) -> str:
    return event + "-clean"


def remove_regions(messy: str, regions: list[dict]) -> str:
    """What a perfect boilerplate remover produces: the lines inside the gold regions
    dropped, runs of blank lines collapsed to one, surrounding blank lines stripped."""
    out, pos = [], 0
    for r in sorted(regions, key=lambda r: r["start"]):
        out.append(messy[pos : r["start"]])
        pos = r["end"]
    out.append(messy[pos:])
    return collapse_blank_lines("".join(out))


def main() -> None:
    sources = [read_source(p) for p in sorted((SOURCES / "articles").glob("*.src"))]
    arts = [build_article(s) for s in sources]
    by_id = {a["meta"]["id"]: a for a in arts}

    for d in (CORPUS, GOLD):
        if d.exists():
            shutil.rmtree(d)
    (CORPUS / "articles").mkdir(parents=True)
    GOLD.mkdir()

    # side tables: the twin events and the speakers' rows for them
    out_fields, outlets = read_csv(SOURCES / "outlets.csv")
    write_csv(CORPUS / "outlets.csv", out_fields, outlets)
    ev_fields, events = read_csv(SOURCES / "events.csv")
    ev_rows = []
    for e in events:
        ev_rows.append(e)
        ev_rows.append(
            {
                **e,
                "event": twin_event(e["event"]),
                "title": e["title"] + " [clean twins]",
                "summary": f"Clean twins of the articles in '{e['event']}': the text a "
                "perfect cleaner produces (boilerplate lines removed, encoding repaired). "
                + e["summary"],
            }
        )
    write_csv(CORPUS / "events.csv", ev_fields, ev_rows)
    sp_fields, speakers = read_csv(SOURCES / "speakers.csv")
    sp_rows = speakers + [{**s, "event": twin_event(s["event"])} for s in speakers]
    write_csv(CORPUS / "speakers.csv", sp_fields, sp_rows)
    known_outlets = {o["outlet"] for o in outlets}
    known_events = {e["event"] for e in events}

    regions_gold, encoding_gold, language_gold, manifest = [], [], [], []
    for a in arts:
        meta = a["meta"]
        aid, event, outlet = meta["id"], meta["event"], meta["outlet"]
        assert aid == f"{event}--{outlet}" or aid.startswith(f"{event}--{outlet}"), aid
        assert outlet in known_outlets and event in known_events, aid
        tid = twin_id(aid)
        write_article(
            CORPUS / "articles" / event / f"{outlet}.md",
            front_matter(meta),
            a["messy"],
            crlf=aid in CRLF_FILES,
            bom=aid in BOM_FILES,
        )
        write_article(
            CORPUS / "articles" / twin_event(event) / f"{outlet}.md",
            front_matter(meta, id=tid, event=twin_event(event)),
            a["clean"],
        )
        for n, r in enumerate(a["regions"], 1):
            line_no = a["messy"].count("\n", 0, r["start"]) + 1
            subtypes = [s for s in dict.fromkeys(r["subtypes"]) if s]
            regions_gold.append(
                {
                    "article_id": aid,
                    "start": r["start"],
                    "end": r["end"],
                    "text": r["text"],
                    "category": r["category"],
                    "subtype": "+".join(subtypes) if subtypes else None,
                    "lines": r["n_lines"],
                    "line": line_no,
                    "region": n,
                    "language": language_of(meta),
                }
            )
        # encoding gold
        mech = a["whole"] or a["marked"]
        if mech or a["names"]:
            rec = {"article_id": aid, "twin_id": tid}
            affected = [ln for ln in a["lines"] if ln["clean"] != ln["messy"]]
            tot = {"content": Counter(), "boiler": Counter()}
            by_char, sites, swallowed, moj = Counter(), 0, 0, 0
            for ln in affected:
                d = damage(ln["clean"], ln["messy"], ln["mechanism"], a["names"])
                part = "boiler" if ln["kind"] == "boiler" else "content"
                tot[part]["damaged"] += d["damaged_chars"]
                by_char.update(d["by_char"])
                sites += d["sites"]
                swallowed += d["ascii_swallowed"]
                moj += d["mojibake_chars"]
            if mech:
                m = MECHANISMS[mech]
                rec.update(
                    {
                        "mechanism": mech,
                        "python": m["python"],
                        "description": m["description"],
                        "scope": "whole body (every line, boilerplate included)"
                        if a["whole"]
                        else "marked content lines only",
                        "lossless": m["lossless"],
                        "repair": m["repair"],
                    }
                )
            else:
                rec.update(
                    {
                        "mechanism": "nfd-names",
                        "python": "unicodedata.normalize('NFD', name) for each listed name occurrence",
                        "description": "names in quote attributions pasted in decomposed form "
                        "(base letter + combining mark); the rest of the text stays NFC",
                        "scope": "occurrences of the listed names only",
                        "names": a["names"],
                        "lossless": True,
                        "repair": "unicodedata.normalize('NFC', text)",
                    }
                )
            messy_all = a["messy"]
            rec.update(
                {
                    "damaged_chars": tot["content"]["damaged"] + tot["boiler"]["damaged"],
                    "damaged_chars_in_content": tot["content"]["damaged"],
                    "damaged_chars_in_boilerplate": tot["boiler"]["damaged"],
                    "damage_sites": sites,
                    "mojibake_chars": moj,
                    "ascii_chars_swallowed": swallowed,
                    "replacement_chars": messy_all.count("\ufffd"),
                    "c1_control_chars": sum(1 for c in messy_all if 0x80 <= ord(c) <= 0x9F),
                    "combining_marks": sum(1 for c in messy_all if unicodedata.combining(c)),
                    "damaged_lines": [
                        a["messy"].count("\n", 0, ln["start"]) + 1 for ln in affected
                    ],
                    "damaged_by_char": {
                        char_name(c): n
                        for c, n in sorted(by_char.items(), key=lambda x: (-x[1], x[0]))
                    },
                    "examples": examples(a, mech),
                }
            )
            encoding_gold.append(rec)
        lang = language_of(meta)
        for the_id in (aid, tid):
            language_gold.append(
                {
                    "article_id": the_id,
                    "language": lang,
                    "language_in_front_matter": meta.get("language"),
                }
            )
        manifest.append(
            {
                "article_id": aid,
                "twin_id": tid,
                "event": event,
                "twin_event": twin_event(event),
                "outlet": outlet,
                "cases": meta.get("x-cases", []),
                "language": lang,
                "language_in_front_matter": "language" in meta,
                "encoding": mech or ("nfd-names" if a["names"] else None),
                "syndication_role": syndication_role(a, arts),
                "regions": len(a["regions"]),
                "boilerplate_lines": sum(1 for ln in a["lines"] if ln["kind"] == "boiler"),
                "messy_chars": len(a["messy"]),
                "clean_chars": len(a["clean"]),
                "line_endings": "CRLF" if aid in CRLF_FILES else "LF",
                "bom": aid in BOM_FILES,
                "file": f"articles/{event}/{outlet}.md",
                "twin_file": f"articles/{twin_event(event)}/{outlet}.md",
            }
        )

    # syndication gold
    synd = []
    for a in arts:
        origin = a["meta"].get("x-syndicated-from")
        if not origin:
            continue
        aid = a["meta"]["id"]
        event = a["meta"]["event"]
        others = sorted(
            x["meta"]["id"]
            for x in arts
            if x["meta"]["event"] == event and x["meta"]["id"] not in (aid, origin)
        )
        o = by_id[origin]
        sim = shingle_similarity(o["clean"], a["clean"])
        for pa, pb, ev, oth in (
            (origin, aid, event, others),
            (twin_id(origin), twin_id(aid), twin_event(event), [twin_id(x) for x in others]),
        ):
            synd.append(
                {
                    "a": pa,
                    "b": pb,
                    "event": ev,
                    "relation": "syndicated",
                    "origin": pa,
                    "origin_outlet": o["meta"]["outlet"],
                    "republisher_outlet": a["meta"]["outlet"],
                    "edits": a["meta"].get("x-edits", []),
                    "clean_word_5gram_jaccard": sim,
                    "independent_same_event": oth,
                    "independent_5gram_jaccard_with_origin": {
                        (x if ev == event else twin_id(x)): shingle_similarity(
                            o["clean"], by_id[x]["clean"]
                        )
                        for x in others
                    },
                }
            )

    write_jsonl(GOLD / "regions.jsonl", regions_gold)
    write_jsonl(GOLD / "encoding.jsonl", encoding_gold)
    write_jsonl(GOLD / "syndication.jsonl", synd)
    write_jsonl(GOLD / "language.jsonl", sorted(language_gold, key=lambda r: r["article_id"]))
    write_jsonl(GOLD / "articles.jsonl", manifest)
    looks = [x for a in arts for x in lookalikes(a)]
    write_jsonl(GOLD / "lookalikes.jsonl", looks)

    verify(arts, regions_gold, manifest, looks)
    report(arts, regions_gold, encoding_gold, manifest)


# Content lines (kept in the clean twin) that look like boilerplate: the traps a
# cleaner must not remove. Matched on the clean source line; one record per line.
LOOKALIKES = [
    (r"By ", "byline"),
    (r"Related\b", "link_residue"),
    (r"Read\b", "link_residue"),
    (r"Click\b", "link_residue"),
    (r"Share\b", "share_prompt"),
    (r"Subscri", "newsletter_prompt"),
    (r"Sign[- ]up\b", "newsletter_prompt"),
    (r"Photos?\b", "caption_credit"),
    (r"Source\b", "source_line"),
    (r"Copyright\b", "footer"),
    (r"Advertis", "ad_block"),
    (r"[A-Z]{3,}(?:, [A-Z][a-z]+)*, [A-Z][a-z]{2}\.? \d{1,2} \(", "dateline_line"),
    (
        r".*(?:Recommended for you|You may like|Sponsored|cookie|newsletter|said in a statement that it would share|Click through|Sign up for)",
        "inline_phrase",
    ),
]


def lookalikes(a: dict) -> list[dict]:
    out = []
    for ln in a["lines"]:
        if ln["kind"] != "content":
            continue
        for pat, cat in LOOKALIKES:
            if re.match(pat, ln["clean"]):
                out.append(
                    {
                        "article_id": a["meta"]["id"],
                        "start": ln["start"],
                        "end": ln["end"],
                        "text": ln["messy"],
                        "looks_like": cat,
                        "pattern": pat,
                        "is_boilerplate": False,
                    }
                )
                break
    return out


def syndication_role(a: dict, arts: list[dict]) -> str | None:
    aid = a["meta"]["id"]
    if a["meta"].get("x-syndicated-from"):
        return "republished"
    if any(x["meta"].get("x-syndicated-from") == aid for x in arts):
        return "origin"
    return a["meta"].get("x-syndication-role")


def language_of(meta: dict) -> str:
    """The article's language: its front-matter `language`, else the build directive
    `x-language` (set on the articles that leave `language` out on purpose)."""
    lang = meta.get("language") or meta.get("x-language")
    if not lang:
        sys.exit(f"{meta['id']}: no language and no x-language")
    return lang


def shingle_similarity(a: str, b: str, n: int = 5) -> float:
    def grams(t: str) -> set:
        w = re.findall(r"\w+", t.lower())
        return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}

    ga, gb = grams(a), grams(b)
    return round(len(ga & gb) / len(ga | gb), 3) if ga | gb else 0.0


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


def emulate_loader_text(path: Path) -> str:
    """The body exactly as the suite's loader gives it (corpus/README.md)."""
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    return "\n".join(lines[close + 1 :]).strip()


def verify(
    arts: list[dict], regions_gold: list[dict], manifest: list[dict], looks: list[dict]
) -> None:
    texts = {}
    for m in manifest:
        texts[m["article_id"]] = emulate_loader_text(CORPUS / m["file"])
        texts[m["twin_id"]] = emulate_loader_text(CORPUS / m["twin_file"])
    loader = "emulated loader"
    try:
        from analysis import load_corpus

        corpus = load_corpus(CORPUS)
        real = dict(zip(corpus.articles["id"], corpus.articles["text"], strict=True))
        assert set(real) == set(texts), "loaded ids differ from the manifest"
        for k, v in texts.items():
            assert real[k] == v, f"{k}: emulated loader text differs from analysis.load_corpus"
        texts = real
        loader = "analysis.load_corpus"
    except ImportError as exc:
        print(f"note: analysis not importable ({exc}); verified with the emulated loader")
    by_id = {a["meta"]["id"]: a for a in arts}
    for m in manifest:
        a = by_id[m["article_id"]]
        assert texts[m["article_id"]] == a["messy"], m["article_id"]
        assert texts[m["twin_id"]] == a["clean"], m["twin_id"]
    for r in regions_gold:
        t = texts[r["article_id"]]
        assert t[r["start"] : r["end"]] == r["text"], r
        assert r["start"] == 0 or t[r["start"] - 1] == "\n", ("not at line start", r)
        assert r["end"] == len(t) or t[r["end"]] == "\n", ("not at line end", r)
        assert r["category"] in CATEGORIES
    for x in looks:  # lookalike lines are content: present in the messy text and in the twin
        assert texts[x["article_id"]][x["start"] : x["end"]] == x["text"], x
        clean_line = unicodedata.normalize("NFC", x["text"])
        assert clean_line in texts[twin_id(x["article_id"])].split("\n") or x["article_id"] in {
            a["meta"]["id"] for a in arts if a["whole"] or a["marked"]
        }, x
    # the defining relation: clean twin == repair(remove_regions(messy))
    for a in arts:
        aid = a["meta"]["id"]
        regs = [r for r in regions_gold if r["article_id"] == aid]
        stripped = remove_regions(texts[aid], regs)
        mech = a["whole"] or a["marked"]
        if a["names"]:
            stripped = unicodedata.normalize("NFC", stripped)
        if mech:
            inv = MECHANISMS[mech]["inverse"]
            if inv is None:  # lossy GBK: check the damaged text instead
                expect = MECHANISMS[mech]["apply"](a["clean"])
                assert stripped == expect, aid
                continue
            if a["whole"]:
                stripped = inv(stripped)
            else:
                damaged = {ln["messy"]: ln["clean"] for ln in a["lines"] if ln.get("marked")}
                stripped = "\n".join(inv(x) if x in damaged else x for x in stripped.split("\n"))
        assert stripped == texts[twin_id(aid)], f"{aid}: repair(remove_regions(messy)) != twin"
        if not a["regions"] and not mech and not a["names"]:
            assert texts[aid] == texts[twin_id(aid)], aid
    print(
        f"verified with {loader}: {len(texts)} articles, {len(regions_gold)} regions; "
        "every gold text == text[start:end] on whole lines; every twin == "
        "repair(remove_regions(messy)) (GBK: == damage(twin), the repair being lossy)"
    )


def report(arts, regions_gold, encoding_gold, manifest) -> None:
    cases = Counter(c for m in manifest for c in m["cases"])
    print("articles:", len(manifest), "messy +", len(manifest), "clean twins")
    for key, label in CASES.items():
        print(f"  {label}: {cases[key]}")
    print(
        "regions by category:", dict(sorted(Counter(r["category"] for r in regions_gold).items()))
    )
    for e in encoding_gold:
        print(f"  {e['article_id']}: {e['mechanism']} damaged={e['damaged_chars']}")


if __name__ == "__main__":
    main()
