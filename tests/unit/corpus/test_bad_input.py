"""Every bad corpus gets every problem with file, line or field and reason (issue 9).

Each test writes a bad corpus in ``tmp_path`` and checks, through :func:`rejected`,
that loading raises :class:`CorpusError` within a time bound, names the problem,
and leaves the corpus folder byte-identical (contents and mtimes). A few go
through the command line, which must exit 2 with no traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from analysis import CorpusError, load_corpus
from analysis.corpus import read_side_table
from analysis.corpus.convert import convert
from analysis.corpus.readers import _YAML_LOADER
from analysis.paths import DEMO_CORPUS
from analysis.pipeline.dask import validate_partitions
from tests.helpers import folder_digest

FRONT = "---\nid: {id}\noutlet: {outlet}\nevent: {event}\n---\n{body}\n"


def article(
    root: Path, name: str, *, id="a1", outlet="wire", event="ev", body="Some words."
) -> Path:
    path = root / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(id=id, outlet=outlet, event=event, body=body), encoding="utf-8")
    return path


def raw_article(root: Path, name: str, data: bytes) -> Path:
    path = root / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def tree_digest(root: Path) -> str:
    """sha256 of every name (as bytes), link target, content and mtime below ``root``.

    Like ``folder_digest``, but for the trees of these tests: names that are not
    UTF-8, links that lead nowhere or loop, pipes. Nothing is followed or opened
    except regular files.
    """
    digest = hashlib.sha256()
    for folder, dirs, names in sorted(os.walk(os.fsencode(root))):
        for name in sorted(dirs + names):
            path = os.path.join(folder, name)
            st = os.lstat(path)
            digest.update(path + str((st.st_mode, st.st_mtime_ns, st.st_size)).encode())
            if stat.S_ISLNK(st.st_mode):
                digest.update(os.readlink(path))
            elif stat.S_ISREG(st.st_mode) and st.st_mode & 0o444:
                with open(path, "rb") as fh:
                    digest.update(fh.read())
    return digest.hexdigest()


def rejected(root: Path, within: float = 10.0) -> list[str]:
    """The problems loading ``root`` reports; loading is bounded and writes nothing."""
    before = tree_digest(root)
    start = time.perf_counter()
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    assert time.perf_counter() - start < within
    assert tree_digest(root) == before
    return [str(p) for p in info.value.problems]


def check_cli(root: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m analysis check ROOT``, killed (and failed) if it outlasts ``timeout``."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", "check", str(root)],
        capture_output=True,
        text=True,
        timeout=timeout,
        errors="strict",
    )


# --------------------------------------------------------------------------- side tables


def test_a_side_table_with_only_a_header_lists_nothing(tmp_path):
    article(tmp_path, "a.md")
    (tmp_path / "outlets.csv").write_text("outlet,name\n", encoding="utf-8")
    assert rejected(tmp_path) == [
        "articles/a.md, line 3, field 'outlet': outlet 'wire' is not listed in outlets.csv "
        "(listed: (none))"
    ]
    frame = read_side_table(tmp_path, "outlets.csv", "outlet", [])
    assert list(frame.columns) == ["outlet", "name"] and frame.empty


def test_an_empty_speakers_table_with_a_header_loads(tmp_path):
    article(tmp_path, "a.md")
    (tmp_path / "speakers.csv").write_text("speaker,aliases,side\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.speakers.empty and "side" in corpus.speakers.columns


def test_a_side_table_that_is_a_folder_is_a_problem_not_a_list(tmp_path):
    article(tmp_path, "a.md")
    (tmp_path / "outlets.csv").mkdir()
    assert rejected(tmp_path) == ["outlets.csv: is a folder, not a file; it was not read"]


def test_a_parquet_corpus_whose_outlets_table_lacks_outlet_in_the_dask_check(tmp_path):
    parquet = convert(DEMO_CORPUS, tmp_path / "pq", partition_by="event")
    (parquet / "outlets.csv").write_text("name\nWire\n", encoding="utf-8")
    (parquet / "events.csv").write_text("event,title\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        validate_partitions(parquet)
    messages = [str(p) for p in info.value.problems]
    assert "outlets.csv, line 1: missing required column 'outlet' (header is: name)" in messages
    # events.csv was read (it lists nothing), outlets.csv could not be: only events are checked.
    assert all("outlet" not in m or m.startswith("outlets.csv") for m in messages)
    assert any("event 'port-strike' is not listed in events.csv" in m for m in messages)


def test_the_dask_check_reads_side_tables_like_the_loader(tmp_path):
    parquet = convert(DEMO_CORPUS, tmp_path / "pq", partition_by="event")
    validate_partitions(parquet)  # the demo passes
    (parquet / "speakers.csv").write_text(
        "speaker,aliases,side\nAna Ruiz,,left\nana ruiz,,right\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError) as info:
        validate_partitions(parquet)
    assert [p.message.split(";")[0] for p in info.value.problems] == [
        "speaker 'ana ruiz' differs from 'Ana Ruiz' (line 2) only in case"
    ]


# --------------------------------------------------------------------------- unreadable


class Denied(list):
    """Paths made unreadable by the ``deny`` fixture."""

    def undo(self) -> None:
        for path in self:
            path.chmod(0o755 if path.is_dir() else 0o644)
        self.clear()


@pytest.fixture
def deny(monkeypatch):
    """Make a file or folder unreadable: chmod 0, and as root (who reads anyway) a refusal."""
    denied = Denied()
    real_scandir, real_read_bytes = os.scandir, Path.read_bytes

    def refuse(path):
        if Path(path) in denied:
            raise PermissionError(13, "Permission denied", str(path))

    def scandir(path="."):
        refuse(path)
        return real_scandir(path)

    def read_bytes(self):
        refuse(self)
        return real_read_bytes(self)

    if os.geteuid() == 0:
        monkeypatch.setattr(os, "scandir", scandir)
        monkeypatch.setattr(Path, "read_bytes", read_bytes)

    def _deny(path: Path) -> None:
        denied.append(path)
        path.chmod(0)

    _deny.undo = denied.undo
    yield _deny
    denied.undo()


def test_an_unreadable_file_or_folder_is_a_problem_not_skipped(tmp_path, deny):
    article(tmp_path, "a.md")
    article(tmp_path, "b.md", id="b1")
    article(tmp_path, "sub/c.md", id="c1")
    (tmp_path / "events.csv").write_text("event\nev\n", encoding="utf-8")
    before = folder_digest(tmp_path, mtimes=True)
    deny(tmp_path / "articles" / "b.md")
    deny(tmp_path / "articles" / "sub")
    deny(tmp_path / "events.csv")
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    reason = "cannot be read: permission denied (check the permissions of the file and its folders)"
    assert [str(p) for p in info.value.problems] == [
        f"articles/b.md: {reason}",
        f"articles/sub/: {reason}",
        f"events.csv: {reason}",
    ]
    deny.undo()
    assert folder_digest(tmp_path, mtimes=True) == before


def test_a_named_pipe_is_never_opened(tmp_path):
    article(tmp_path, "a.md")
    os.mkfifo(tmp_path / "articles" / "b.md")
    os.mkfifo(tmp_path / "speakers.csv")
    assert rejected(tmp_path) == [
        "articles/b.md: is a named pipe, not a file; it was not read",
        "speakers.csv: is a named pipe, not a file; it was not read",
    ]
    result = check_cli(tmp_path, timeout=60)  # a read would block forever
    assert result.returncode == 2 and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- symbolic links


def test_symbolic_links_inside_the_corpus_are_followed(tmp_path):
    article(tmp_path, "a.md")
    article(tmp_path / "store", "b.md", id="b1")
    os.symlink("../store/articles/b.md", tmp_path / "articles" / "b.md")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "outlets.csv").write_text("outlet\nwire\n", encoding="utf-8")
    os.symlink("shared/outlets.csv", tmp_path / "outlets.csv")
    corpus = load_corpus(tmp_path)
    assert corpus.articles["source"].tolist() == ["articles/a.md", "articles/b.md"]
    assert corpus.outlets["outlet"].tolist() == ["wire"]
    assert corpus.files == ["articles/a.md", "articles/b.md", "outlets.csv"]


def test_symbolic_links_loops_dangling_and_outside_the_corpus_are_problems(tmp_path):
    root = tmp_path / "corpus"
    article(root, "a.md")
    secret = tmp_path / "secret.md"
    secret.write_text(FRONT.format(id="s1", outlet="wire", event="ev", body="SECRET"))
    outside_dir = tmp_path / "more"
    article(outside_dir, "x.md", id="x1")
    os.symlink("loop", root / "articles" / "loop")
    os.symlink("missing.md", root / "articles" / "dangling.md")
    os.symlink(secret, root / "articles" / "secret.md")
    os.symlink(outside_dir / "articles", root / "articles" / "more")
    os.symlink("..", root / "articles" / "up")
    os.symlink(secret, root / "speakers.csv")
    found = rejected(root)
    assert found == [
        "articles/dangling.md: is a symbolic link to missing.md, which does not exist",
        "articles/loop: is a symbolic link loop",
        f"articles/more: is a symbolic link to {outside_dir / 'articles'}, outside the corpus "
        "folder; the loader reads only files inside the corpus, so copy the file in instead",
        f"articles/secret.md: is a symbolic link to {secret}, outside the corpus folder; the "
        "loader reads only files inside the corpus, so copy the file in instead",
        "articles/up: is a symbolic link to a folder that contains it (a loop); it was not "
        "followed",
        f"speakers.csv: is a symbolic link to {secret}, outside the corpus folder; the loader "
        "reads only files inside the corpus, so copy the file in instead",
    ]
    assert not any("SECRET" in m for m in found)


def test_a_table_named_on_the_command_line_is_read_where_it_is(tmp_path):
    (tmp_path / "data").mkdir()
    table = tmp_path / "data" / "export.csv"
    table.write_text("id,outlet,event,text\na1,wire,ev,Some words.\n", encoding="utf-8")
    (tmp_path / "here").mkdir()
    os.symlink(table, tmp_path / "here" / "export.csv")
    assert len(load_corpus(tmp_path / "here" / "export.csv").articles) == 1


def test_symbolic_link_to_a_folder_inside_the_corpus(tmp_path):
    article(tmp_path, "2024/a.md")
    (tmp_path / "archive").mkdir()
    article(tmp_path / "archive", "b.md", id="b1")
    os.symlink("../archive/articles", tmp_path / "articles" / "old")
    corpus = load_corpus(tmp_path)
    assert sorted(corpus.articles["source"]) == ["articles/2024/a.md", "articles/old/b.md"]


# --------------------------------------------------------------------------- nesting, numbers


def test_deeply_nested_yaml_is_a_problem_in_bounded_time(tmp_path):
    for i, depth in enumerate((500, 5000, 200_000)):
        nested = "[" * depth + "]" * depth
        raw_article(
            tmp_path,
            f"f{i}.md",
            f"---\nid: f{i}\noutlet: o\nevent: e\nx: {nested}\n---\nB.\n".encode(),
        )
    block = "".join(" " * i + f"k{i}:\n" for i in range(800)) + " " * 800 + "v\n"
    raw_article(
        tmp_path, "b.md", f"---\nid: b1\noutlet: o\nevent: e\nx:\n{block}---\nB.\n".encode()
    )
    found = rejected(tmp_path, within=20)
    assert len(found) == 4
    assert all(", line " in m and "malformed YAML front matter" in m for m in found), found


def test_deeply_nested_json_is_a_problem(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "articles.jsonl").write_text(
        '{"id": "a1", "outlet": "o", "event": "e", "text": "t"}\n'
        f'{{"id": "a2", "outlet": "o", "event": "e", "text": "t", "x": {deep}}}\n',
        encoding="utf-8",
    )
    [msg] = rejected(tmp_path)
    assert msg.startswith(
        "articles.jsonl, line 2: not valid JSON here: values are nested too deeply"
    )


@pytest.mark.parametrize("fmt", ["md", "jsonl", "csv"])
def test_a_5000_digit_id_is_refused_in_a_short_message(tmp_path, fmt):
    digits = "9" * 5000
    if fmt == "md":
        article(tmp_path, "a.md", id=digits)
        where = "articles/a.md, line 2"
    elif fmt == "jsonl":
        (tmp_path / "articles.jsonl").write_text(
            f'{{"id": {digits}, "outlet": "o", "event": "e", "text": "t"}}\n', encoding="utf-8"
        )
        where = "articles.jsonl, line 1"
    else:
        (tmp_path / "articles.csv").write_text(f"id,outlet,event,text\n{digits},o,e,t\n")
        where = "articles.csv, line 2"
    [msg] = rejected(tmp_path)
    assert msg.startswith(f"{where}, field 'id': id '9999")
    assert "...' (5,000 characters) is not allowed" in msg and len(msg) < 300


def test_json_numbers_are_kept_as_written(tmp_path):
    (tmp_path / "articles.jsonl").write_text(
        '{"id": 12345, "outlet": "o", "event": "e", "text": "t", "score": 10}\n', encoding="utf-8"
    )
    arts = load_corpus(tmp_path).articles
    assert arts.loc[0, "id"] == "12345" and arts.loc[0, "score"] == "10"


# --------------------------------------------------------------------------- characters


def test_a_lone_surrogate_is_a_problem(tmp_path):
    (tmp_path / "articles.jsonl").write_text(
        '{"id": "a1", "outlet": "o", "event": "e", "text": "bad \\ud800 text"}\n'
        '{"id": "a2", "outlet": "o\\udfff", "event": "e", "text": "ok"}\n'
        '{"id": "a3", "outlet": "o", "event": "e", "text": "a pair \\ud83d\\ude00 is fine"}\n',
        encoding="utf-8",
    )
    assert [m.split(":")[0] for m in rejected(tmp_path)] == [
        "articles.jsonl, line 1, field 'text'",
        "articles.jsonl, line 2, field 'outlet'",
    ]
    assert "half of a UTF-16 surrogate pair" in rejected(tmp_path)[0]


def test_a_lone_surrogate_escape_in_front_matter(tmp_path):
    raw_article(tmp_path, "a.md", b'---\nid: a1\noutlet: o\nevent: e\ntitle: "x\\ud800"\n---\nB.\n')
    [msg] = rejected(tmp_path)
    assert msg.startswith("articles/a.md, line 5")


def test_nul_anywhere_is_a_problem(tmp_path):
    raw_article(tmp_path, "a.md", b"---\nid: a1\noutlet: o\nevent: e\n---\n\x00\x00\x00\n")
    raw_article(tmp_path, "b.md", b"---\nid: b1\noutlet: o\nevent: e\ntitle: a\x00b\n---\nBody.\n")
    (tmp_path / "events.csv").write_bytes(b"event,title\ne,T\x00\n")
    assert rejected(tmp_path) == [
        "articles/a.md, line 6: contains 3 NUL bytes (the first at column 1): NUL is never "
        "part of text, so the file is damaged or not a text file; re-save it as UTF-8 text",
        "articles/b.md, line 5: contains 1 NUL byte (the first at column 9): NUL is never "
        "part of text, so the file is damaged or not a text file; re-save it as UTF-8 text",
        "events.csv, line 2: contains 1 NUL byte (the first at column 4): NUL is never part "
        "of text, so the file is damaged or not a text file; re-save it as UTF-8 text",
    ]


def test_nul_escapes_in_json_and_parquet_values(tmp_path):
    (tmp_path / "articles.jsonl").write_text(
        json.dumps({"id": "a1", "outlet": "o", "event": "e\u0000v", "text": "t"}) + "\n",
        encoding="utf-8",
    )
    [msg] = rejected(tmp_path)
    assert msg.startswith("articles.jsonl, line 1, field 'event': contains a NUL character")
    (tmp_path / "articles.jsonl").unlink()
    pd.DataFrame([{"id": "a1", "outlet": "o", "event": "e", "text": "x\x00"}]).to_parquet(
        tmp_path / "articles.parquet"
    )
    [msg] = rejected(tmp_path)
    assert msg.startswith("articles.parquet, row 1, field 'text': contains a NUL character")


def test_utf16_is_named(tmp_path):
    (tmp_path / "articles.csv").write_bytes("id,outlet,event,text\na,o,e,t\n".encode("utf-16"))
    [msg] = rejected(tmp_path)
    assert msg == (
        "articles.csv, line 1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
        "re-save it as UTF-8"
    )


def test_a_body_with_no_letters_or_digits_is_empty(tmp_path):
    article(tmp_path, "a.md", body="... -- ...")
    assert rejected(tmp_path) == [
        "articles/a.md, line 6, field 'text': empty body: the text has no letters or digits, "
        "so no words"
    ]


# --------------------------------------------------------------------------- duplicate keys


def test_duplicate_front_matter_fields_are_problems(tmp_path):
    raw_article(
        tmp_path, "a.md", b"---\nid: a1\noutlet: wire\nevent: ev\noutlet: other\n---\nBody.\n"
    )
    assert rejected(tmp_path) == [
        "articles/a.md, line 5, field 'outlet': duplicate field 'outlet' (first on line 3); "
        "keep one: YAML would silently use the last"
    ]


def test_duplicate_json_keys_are_problems(tmp_path):
    (tmp_path / "articles.jsonl").write_text(
        '{"id": "a1", "outlet": "wire", "event": "ev", "outlet": "x", "text": "t"}\n',
        encoding="utf-8",
    )
    assert rejected(tmp_path) == [
        "articles.jsonl, line 1, field 'outlet': duplicate key 'outlet' in this object; keep "
        "one: JSON would silently use the last"
    ]


# --------------------------------------------------------------------------- CSV quotes


def test_an_unclosed_quote_that_swallows_rows_is_found(tmp_path):
    (tmp_path / "articles.csv").write_text(
        "id,outlet,event,text\n"
        'a1,wire,ev,"He said no and left.\n'
        "a2,wire,ev,Second article here.\n"
        "a3,herald,ev,Third article.\n"
        'a4,herald,other,"Fourth ""quoted"" article."\n',
        encoding="utf-8",
    )
    # The quote opened on line 2 is closed by the first quote of line 5: a2 to a4 vanish.
    # Line 5 is not counted: neither its outlet nor its event is seen in another row.
    assert rejected(tmp_path) == [
        "articles.csv, line 2, field 'text': this field runs on over line 3, which reads like "
        "a row of its own (id 'a2'), and 1 more such line: a quote (\") that opens the field "
        "is probably never closed, so the rows after it were read as its text. Close the "
        'quote (a quote inside a field is written "")'
    ]


def test_an_unclosed_quote_that_garbles_a_row_is_found(tmp_path):
    (tmp_path / "articles.csv").write_text(
        "id,outlet,event,text\n"
        'a1,wire,ev,"He said no and left.\n'
        "a2,wire,ev,Second article here.\n"
        'a3,herald,ev,"Third, with a comma."\n'
        "a4,herald,other,Fourth.\n",
        encoding="utf-8",
    )
    assert rejected(tmp_path) == [
        "articles.csv, line 2: expected 4 fields, found 5: this row runs on over line 3, which "
        "reads like a row of its own (id 'a2'), and 1 more such line: a quote (\") in it is "
        "probably never closed, so the rows after it were read as part of it. Close the quote "
        '(a quote inside a field is written "")'
    ]


def test_an_unclosed_quote_in_the_last_row_is_found(tmp_path):
    (tmp_path / "articles.csv").write_text(
        'id,outlet,event,text\na1,wire,ev,Fine.\na2,wire,ev,"Never closed.\n\nMore text.\n',
        encoding="utf-8",
    )
    assert rejected(tmp_path) == [
        "articles.csv, line 3, field 'text': the file ends inside this field: a quote (\") that "
        "opens it is never closed, so everything to the end of the file was read as its text"
    ]


def test_an_unclosed_quote_that_shifts_fields_gets_a_hint(tmp_path):
    (tmp_path / "articles.csv").write_text(
        'id,text,outlet,event\na1,"Never closed,wire,ev\na2,Second,wire,ev\n', encoding="utf-8"
    )
    [msg] = rejected(tmp_path)
    assert msg.startswith("articles.csv, line 2: expected 4 fields, found 2; a field of this row")
    assert "never closed" in msg


def test_multi_line_text_that_only_looks_like_csv_is_accepted(tmp_path):
    """Prose lists, numbers with commas and quoted fields spanning lines are not rows."""
    text = (
        "Apples, oranges, pears and plums.\n\nPrices rose 1,200,000 to 3,400,000.\n\n"
        'He said "no".\n\nwire,ev are words too'
    )
    frame = pd.DataFrame(
        [
            {"id": "a1", "outlet": "wire", "event": "ev", "text": text},
            {"id": "a2", "outlet": "wire", "event": "ev", "text": "Second.\n\n" + text},
        ]
    )
    frame.to_csv(tmp_path / "articles.csv", index=False)
    assert load_corpus(tmp_path).articles["text"].tolist() == [text, "Second.\n\n" + text]


def test_unnamed_empty_columns_from_a_trailing_comma_are_dropped(tmp_path):
    (tmp_path / "articles.csv").write_text(
        "id,outlet,event,text,,\na1,wire,ev,Some words.,,\n", encoding="utf-8"
    )
    assert list(load_corpus(tmp_path).articles.columns)[:4] == ["id", "outlet", "event", "title"]
    (tmp_path / "articles.csv").write_text(
        "id,outlet,event,text,\na1,wire,ev,Some words.,\na2,wire,ev,More.,x\n", encoding="utf-8"
    )
    assert rejected(tmp_path) == [
        "articles.csv, line 1: column 5 has no name in the header but holds values (the first "
        "on line 3); name it"
    ]


# --------------------------------------------------------------------------- Parquet


def test_a_binary_parquet_text_column_is_a_problem(tmp_path):
    table = pa.table(
        {
            "id": ["a1"],
            "outlet": ["wire"],
            "event": ["ev"],
            "text": pa.array([b"Body words."], pa.binary()),
        }
    )
    pq.write_table(table, tmp_path / "articles.parquet")
    assert rejected(tmp_path) == [
        "articles.parquet, field 'text': the column holds bytes (Parquet type binary), not "
        "text; write it as a string (UTF-8) column"
    ]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "field, value, reason",
    [
        ("event", '"ev\\e[31mRED\\e[0m"', "contains the control character U+001B"),
        ("event", '"e\\u200b1"', "contains the invisible character U+200B"),
        ("outlet", '"wire\\u202e"', "contains the bidirectional control U+202E"),
        ("outlet", '"wire\\0"', "contains a NUL character"),
        ("event", '"' + "x" * 201 + '"', "is 201 characters long (at most 200)"),
    ],
)
def test_names_that_cannot_work_everywhere_are_refused(tmp_path, field, value, reason):
    article(tmp_path, "a.md", **{field: value})
    [msg] = rejected(tmp_path)
    assert msg.startswith(f"articles/a.md, line {3 if field == 'outlet' else 4}, field '{field}'")
    assert reason in msg and "\x1b" not in msg and "\u200b" not in msg


def test_names_in_side_tables_are_checked(tmp_path):
    article(tmp_path, "a.md")
    (tmp_path / "outlets.csv").write_text("outlet\nwire\nw\u200bire\n", encoding="utf-8")
    (tmp_path / "speakers.csv").write_text(
        "speaker,aliases,side,event\nAna\u202e,,left,\nBo,B\x1bo,right,\nCy,,pro\u2066,\n",
        encoding="utf-8",
    )
    assert [m.split(":")[0] for m in rejected(tmp_path)] == [
        "outlets.csv, line 3, field 'outlet'",
        "speakers.csv, line 2, field 'speaker'",
        "speakers.csv, line 3, field 'aliases'",
        "speakers.csv, line 4, field 'side'",
    ]


def test_names_that_work_everywhere_are_accepted(tmp_path):
    events = ["Port_Strike", "strike.2024", "grève-portuaire", "{x}", "bridge closure", "2024/05"]
    for i, event in enumerate(events):
        article(tmp_path, f"{i}.md", id=f"a{i}", event=json.dumps(event))
    (tmp_path / "speakers.csv").write_text(
        "speaker,aliases,side\nAna Ruiz,Ruiz,pro-union\nBo Li,,pro union\nZoë Ça,,ça\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    assert corpus.event_names() == sorted(events)
    assert corpus.sides("Port_Strike") == ["pro-union", "pro union", "ça"]


def test_a_file_name_with_an_escape_sequence_is_refused_and_printed_escaped(tmp_path):
    article(tmp_path, "a\x1b[2Jb.md")
    article(tmp_path, "c.md", id="c1")
    assert rejected(tmp_path) == [
        "articles/a\\x1b[2Jb.md: the file name contains a control or invisible character "
        "(shown escaped); rename the file"
    ]
    result = check_cli(tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr and "a\\x1b[2Jb.md" in result.stderr


def test_a_file_name_that_is_not_utf8_is_refused(tmp_path):
    article(tmp_path, "c.md", id="c1")
    raw = os.fsencode(tmp_path / "articles") + b"/bad\xff.md"
    with open(raw, "wb") as fh:
        fh.write(FRONT.format(id="b1", outlet="o", event="e", body="B.").encode())
    [msg] = rejected(tmp_path)
    assert msg.startswith("articles/bad\\udcff.md: the file name contains a control")


# --------------------------------------------------------------------------- speakers.csv


def speakers(root: Path, rows: str) -> list[str]:
    article(root, "a.md")
    (root / "speakers.csv").write_text("speaker,aliases,side,event\n" + rows, encoding="utf-8")
    return rejected(root)


def test_two_speakers_differing_only_in_case(tmp_path):
    assert speakers(tmp_path, "Ana Ruiz,,left,\nana ruiz,,right,\n") == [
        "speakers.csv, line 3, field 'speaker': speaker 'ana ruiz' differs from 'Ana Ruiz' "
        "(line 2) only in case; names are matched ignoring case, so keep one"
    ]


def test_an_alias_that_is_another_speakers_name(tmp_path):
    assert speakers(tmp_path, "Ana Ruiz,Ruiz,left,\nRuiz,,right,\n") == [
        "speakers.csv, line 2, field 'aliases': alias 'Ruiz' of 'Ana Ruiz' is the name of "
        "another speaker, 'Ruiz' (line 3); a quote by 'Ruiz' could be either, so remove the alias"
    ]


def test_an_alias_of_two_speakers(tmp_path):
    assert speakers(tmp_path, "Ana Ruiz,Ruiz|A. Ruiz,left,\nCarlos Ruiz,ruiz,right,\n") == [
        "speakers.csv, line 3, field 'aliases': alias 'ruiz' of 'Carlos Ruiz' is also an alias "
        "of 'Ana Ruiz' (line 2), so a quote by 'ruiz' cannot be given to either; remove it "
        "from one of them, or give each row its event"
    ]


def test_speakers_of_different_events_may_share_an_alias(tmp_path):
    article(tmp_path, "a.md")
    (tmp_path / "events.csv").write_text("event\nev\nother\n", encoding="utf-8")
    (tmp_path / "speakers.csv").write_text(
        "speaker,aliases,side,event\n"
        "Ana Ruiz,Ruiz,left,ev\nCarlos Ruiz,Ruiz,right,other\n"
        "He Jun,He,kestria,ev\nHe Jun,He,kestria,other\nAna Ruiz,Ana,left,other\n",
        encoding="utf-8",
    )
    assert len(load_corpus(tmp_path).speakers) == 5
    (tmp_path / "speakers.csv").write_text(
        "speaker,aliases,side,event\nAna Ruiz,Ruiz,left,ev\nCarlos Ruiz,Ruiz,right,\n",
        encoding="utf-8",
    )
    [msg] = rejected(tmp_path)
    assert msg.startswith("speakers.csv, line 3, field 'aliases': alias 'Ruiz' of 'Carlos Ruiz'")


def test_the_demo_and_many_speakers_check_quickly(tmp_path):
    article(tmp_path, "a.md")
    rows = "".join(f"Person {i} Name,Name{i}|P{i},side-{i % 3},\n" for i in range(20_000))
    rows += "".join(f"He Jun,He,kestria,ev{i}\n" for i in range(2_000))
    (tmp_path / "speakers.csv").write_text("speaker,aliases,side,event\n" + rows, encoding="utf-8")
    start = time.perf_counter()
    assert len(load_corpus(tmp_path).speakers) == 22_000
    assert time.perf_counter() - start < 10
    assert len(load_corpus(DEMO_CORPUS).speakers) > 20


# --------------------------------------------------------------------------- YAML loader


def test_the_fast_yaml_loader_reads_what_the_pure_python_one_reads():
    fronts = [
        path.read_text(encoding="utf-8").split("---\n")[1]
        for path in sorted((DEMO_CORPUS / "articles").rglob("*.md"))
    ]
    fronts += [
        "id: \"007\"\ntitle: 'It''s'\ndate: 2026-01-02\nx: ~\ny: yes\nz: 1.50\n",
        "title: >\n  folded\n  text\nbody: |\n  kept\n  lines\n",
        "title: Grève à Port-Ellery — “quoted”\nurl: https://e.x/a?b=1#c\n",
    ]
    for front in fronts:
        assert yaml.load(front, Loader=_YAML_LOADER) == yaml.load(front, Loader=yaml.BaseLoader)


# --------------------------------------------------------------------------- all at once


def test_every_problem_of_a_bad_corpus_comes_at_once_from_the_command_line(tmp_path):
    article(tmp_path, "a.md", event='"e\\u200b1"')
    article(tmp_path, "e.md", id="e1")
    raw_article(tmp_path, "b.md", b"---\nid: b1\noutlet: wire\nevent: ev\n---\n\x00\n")
    raw_article(tmp_path, "c.md", b"---\nid: c1\nid: c2\noutlet: wire\nevent: ev\n---\nBody.\n")
    os.symlink("nowhere.md", tmp_path / "articles" / "d.md")
    (tmp_path / "outlets.csv").write_text("outlet,name\n", encoding="utf-8")
    (tmp_path / "speakers.csv").write_text("speaker,aliases\nAna,\nana,\n", encoding="utf-8")
    before = tree_digest(tmp_path)
    result = check_cli(tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "6 problems in corpus" in result.stderr
    for where in (
        "articles/a.md, line 4, field 'event'",
        "articles/b.md, line 6",
        "articles/c.md, line 3, field 'id'",
        "articles/d.md: is a symbolic link",
        "articles/e.md, line 3, field 'outlet'",
        "speakers.csv, line 3, field 'speaker'",
    ):
        assert where in result.stderr, where
    assert "\u200b" not in result.stderr
    assert tree_digest(tmp_path) == before
