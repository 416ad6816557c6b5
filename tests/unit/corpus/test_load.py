"""Corpus loading and validation: the corpus contract and every bad-input case."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import CorpusError, load_corpus, summarize
from analysis.corpus import check_id
from analysis.paths import DEMO_CORPUS
from analysis.text import count_words
from tests.helpers import folder_digest, run_cli

ARTICLE = """---
id: {id}
outlet: {outlet}
event: {event}
title: A title
date: 2026-01-02
---
{body}
"""


def write_article(
    root: Path,
    name: str,
    *,
    id="a1",
    outlet="wire",
    event="ev",
    body='Some words here. "A quote," she said.',
) -> Path:
    path = root / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(id=id, outlet=outlet, event=event, body=body), encoding="utf-8")
    return path


def problems(root: Path) -> list[str]:
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    return [str(p) for p in info.value.problems]


# --------------------------------------------------------------------------- the demo


def test_demo_corpus_loads_typed_with_side_tables():
    corpus = load_corpus(DEMO_CORPUS)
    arts = corpus.articles
    assert len(arts) == 20
    assert corpus.outlet_names() == [
        "cangwan-times",
        "daily-clarion",
        "jizhan-tech",
        "kestria-herald",
        "kestria-herald-zh",
        "ledger-business",
        "meridian-wire",
    ]
    assert corpus.event_names() == [
        "ai-rival-report",
        "chip-export-curbs",
        "grid-blackout",
        "port-strike",
        "solar-tariffs",
    ]
    assert (
        dict(zip(arts["id"], arts["language"], strict=True))["chip-export-curbs--cangwan-times"]
        == "zh-Hant"
    )
    assert str(arts["id"].dtype) == "string"
    assert str(arts["date"].dtype).startswith("datetime64")
    assert arts["id"].is_unique
    assert set(corpus.speakers.columns) >= {"speaker", "aliases", "affiliation", "side", "event"}
    assert len(corpus.fingerprint) == 64


def test_demo_has_one_article_per_cell_of_250_to_800_words():
    """Four English outlets on four events, and the Chinese event in four outlets.

    Chinese words are the segmenter's words (counted with the article's language).
    """
    corpus = load_corpus(DEMO_CORPUS)
    table = summarize(corpus)
    assert len(table) == 20 and (table["articles"] == 1).all()
    chinese = table[table["event"] == "chip-export-curbs"]
    assert sorted(chinese["outlet"]) == [
        "cangwan-times",
        "jizhan-tech",
        "kestria-herald",
        "kestria-herald-zh",
    ]
    for text, language in zip(corpus.articles["text"], corpus.articles["language"], strict=True):
        assert 250 <= count_words(text, None if pd.isna(language) else language) <= 800


def test_fingerprint_does_not_depend_on_where_the_corpus_lives(demo_copy):
    assert load_corpus(demo_copy).fingerprint == load_corpus(DEMO_CORPUS).fingerprint


def test_fingerprint_changes_when_a_text_changes(demo_copy):
    before = load_corpus(demo_copy).fingerprint
    path = next((demo_copy / "articles").rglob("*.md"))
    path.write_text(path.read_text(encoding="utf-8") + "One more sentence.\n", encoding="utf-8")
    assert load_corpus(demo_copy).fingerprint != before


def test_loading_never_writes_to_the_corpus_folder(demo_copy):
    before = folder_digest(demo_copy, mtimes=True)
    load_corpus(demo_copy)
    result = run_cli("check", str(demo_copy))
    assert result.returncode == 0, result.stderr
    assert folder_digest(demo_copy, mtimes=True) == before


# --------------------------------------------------------------------------- formats


def _demo_records() -> list[dict]:
    arts = load_corpus(DEMO_CORPUS).articles
    return [
        {
            "id": r.id,
            "outlet": r.outlet,
            "event": r.event,
            "title": r.title,
            "date": r.date.strftime("%Y-%m-%d"),
            "text": r.text,
        }
        for r in arts.itertuples()
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_table_formats_load_the_same_articles_as_markdown(tmp_path, fmt):
    records = _demo_records()
    frame = pd.DataFrame(records)
    path = tmp_path / f"articles.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    else:
        frame.to_parquet(path, index=False)
    for side in ("outlets.csv", "events.csv", "speakers.csv"):
        (tmp_path / side).write_bytes((DEMO_CORPUS / side).read_bytes())
    loaded = load_corpus(tmp_path).articles
    expected = load_corpus(DEMO_CORPUS).articles
    for col in ("id", "outlet", "event", "title", "date", "text"):
        assert loaded[col].tolist() == expected[col].tolist(), col


def test_a_table_file_can_be_loaded_directly(tmp_path):
    pd.DataFrame(_demo_records()[:2]).to_csv(tmp_path / "my-export.csv", index=False)
    corpus = load_corpus(tmp_path / "my-export.csv")
    assert corpus.name == "my-export" and len(corpus.articles) == 2


def test_bom_and_crlf_are_accepted_and_normalised(tmp_path):
    path = write_article(tmp_path, "a.md", body="Line one.\n\nLine two.")
    raw = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    corpus = load_corpus(tmp_path)
    assert corpus.articles.loc[0, "text"] == "Line one.\n\nLine two."
    assert corpus.articles.loc[0, "id"] == "a1"


def test_ids_like_007_stay_text(tmp_path):
    write_article(tmp_path, "a.md", id="007")
    assert load_corpus(tmp_path).articles.loc[0, "id"] == "007"


def test_hidden_files_in_articles_are_ignored(tmp_path):
    write_article(tmp_path, "a.md")
    (tmp_path / "articles" / ".DS_Store").write_bytes(b"\x00\x01")
    assert len(load_corpus(tmp_path).articles) == 1


# --------------------------------------------------------------------------- bad input


def test_missing_required_field_names_file_line_and_field(tmp_path):
    path = write_article(tmp_path, "a.md")
    path.write_text(path.read_text().replace("outlet: wire\n", ""), encoding="utf-8")
    assert problems(tmp_path) == [
        "articles/a.md, line 1, field 'outlet': missing required field 'outlet'"
    ]


def test_duplicate_id_names_both_files(tmp_path):
    write_article(tmp_path, "a.md", id="same")
    write_article(tmp_path, "b.md", id="same")
    [msg] = problems(tmp_path)
    assert msg.startswith("articles/b.md, line 2, field 'id': duplicate id 'same'")
    assert "first used in articles/a.md, line 2" in msg


def test_outlet_and_event_must_be_listed_in_side_tables(tmp_path):
    write_article(tmp_path, "a.md", outlet="ghost", event="nowhere")
    (tmp_path / "outlets.csv").write_text("outlet,name\nwire,Wire\n", encoding="utf-8")
    (tmp_path / "events.csv").write_text("event,title\nev,Event\n", encoding="utf-8")
    assert problems(tmp_path) == [
        "articles/a.md, line 3, field 'outlet': outlet 'ghost' is not listed in outlets.csv "
        "(listed: wire)",
        "articles/a.md, line 4, field 'event': event 'nowhere' is not listed in events.csv "
        "(listed: ev)",
    ]


def test_empty_body(tmp_path):
    write_article(tmp_path, "a.md", body="   \n\n")
    assert problems(tmp_path) == [
        "articles/a.md, line 8, field 'text': empty body: the article has no text"
    ]


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    path = write_article(tmp_path, "a.md", body="Caf\u00e9 owners said so.")
    path.write_bytes(path.read_bytes().replace("\u00e9".encode(), b"\xe9"))
    [msg] = problems(tmp_path)
    assert msg.startswith("articles/a.md, line 8: bytes are not UTF-8: byte 0xe9")
    assert "(column 4)" in msg


def test_malformed_yaml_front_matter_gives_the_line(tmp_path):
    path = write_article(tmp_path, "a.md")
    path.write_text(
        path.read_text().replace("title: A title", "title: [unclosed"), encoding="utf-8"
    )
    [msg] = problems(tmp_path)
    assert msg.startswith("articles/a.md, line ") and "malformed YAML front matter" in msg


def test_unclosed_front_matter(tmp_path):
    path = tmp_path / "articles" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\nid: a\noutlet: o\nevent: e\nBody without a closing line.\n")
    assert problems(tmp_path) == [
        "articles/a.md, line 1: malformed YAML front matter: no closing '---' line"
    ]


def test_unknown_file_type_in_articles(tmp_path):
    write_article(tmp_path, "a.md")
    (tmp_path / "articles" / "notes.docx").write_bytes(b"PK")
    [msg] = problems(tmp_path)
    assert msg.startswith("articles/notes.docx: unknown file type '.docx' in articles/")


@pytest.mark.parametrize(
    "bad_id, reason",
    [
        ("a/b", "path separator"),
        ("a\\\\b", "path separator"),
        ("..", "'..'"),
        ("x..y", "'..'"),
        ("has space", "is not allowed"),
    ],
)
def test_ids_with_path_separators_or_dotdot_are_rejected(tmp_path, bad_id, reason):
    write_article(tmp_path, "a.md", id=f'"{bad_id}"')
    [msg] = problems(tmp_path)
    assert msg.startswith("articles/a.md, line 2, field 'id'") and reason in msg


def test_check_id_accepts_ordinary_ids():
    assert check_id("ai-rival-report--kestria-herald") is None
    assert check_id("2026.03.10_fox_1") is None


def test_all_problems_are_reported_together(tmp_path):
    write_article(tmp_path, "a.md", id="dup")
    write_article(tmp_path, "b.md", id="dup")
    write_article(tmp_path, "c.md", body="")
    (tmp_path / "articles" / "d.txt").write_text("x")
    found = problems(tmp_path)
    assert len(found) == 3
    assert [m.split(",")[0].split(":")[0] for m in found] == [
        "articles/b.md",
        "articles/c.md",
        "articles/d.txt",
    ]


def test_csv_problems_give_the_row_line(tmp_path):
    (tmp_path / "articles.csv").write_text(
        'id,outlet,event,text\na1,wire,ev,"Two\nlines"\na1,wire,ev,Again\na3,,ev,Text\n',
        encoding="utf-8",
    )
    assert problems(tmp_path) == [
        "articles.csv, line 4, field 'id': duplicate id 'a1' (first used in articles.csv, line 2)",
        "articles.csv, line 5, field 'outlet': missing required field 'outlet'",
    ]


def test_csv_missing_column(tmp_path):
    (tmp_path / "articles.csv").write_text("id,outlet,text\na,b,c\n", encoding="utf-8")
    assert problems(tmp_path) == [
        "articles.csv, line 1: missing required column 'event' (header is: id, outlet, text)"
    ]


def test_jsonl_bad_line(tmp_path):
    (tmp_path / "articles.jsonl").write_text(
        '{"id": "a", "outlet": "o", "event": "e", "text": "t"}\n{"id": \n', encoding="utf-8"
    )
    [msg] = problems(tmp_path)
    assert msg.startswith("articles.jsonl, line 2: not valid JSON")


def test_parquet_problems_name_the_row(tmp_path):
    pd.DataFrame(
        [
            {"id": "a", "outlet": "o", "event": "e", "text": "t"},
            {"id": "b", "outlet": "o", "event": "e", "text": ""},
        ]
    ).to_parquet(tmp_path / "articles.parquet")
    assert problems(tmp_path) == [
        "articles.parquet, row 2, field 'text': empty body: the article has no text"
    ]


def test_bad_date(tmp_path):
    path = write_article(tmp_path, "a.md")
    path.write_text(path.read_text().replace("2026-01-02", "02/01/2026"), encoding="utf-8")
    [msg] = problems(tmp_path)
    assert msg.startswith("articles/a.md, line 6, field 'date': date '02/01/2026' is not ISO")


def test_side_table_duplicates_and_missing_key_column(tmp_path):
    write_article(tmp_path, "a.md")
    (tmp_path / "outlets.csv").write_text("outlet,name\nwire,W\nwire,W2\n", encoding="utf-8")
    (tmp_path / "speakers.csv").write_text("name,side\nX,left\n", encoding="utf-8")
    assert problems(tmp_path) == [
        "outlets.csv, line 3, field 'outlet': duplicate outlet 'wire' (first on line 2)",
        "speakers.csv, line 1: missing required column 'speaker' (header is: name, side)",
    ]


def test_missing_folder_and_empty_folder(tmp_path):
    assert problems(tmp_path / "nope")[0].endswith("no such corpus folder or file")
    assert "no articles found" in problems(tmp_path)[0]


# --------------------------------------------------------------------------- command line


def test_check_prints_the_outlet_by_event_summary():
    result = run_cli("check", "corpus/demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "20 articles, 7 outlets, 5 events" in out
    assert "kestria-herald" in out and "port-strike" in out and "total" in out


def test_check_on_bad_corpus_exits_2_with_every_problem_and_no_traceback(tmp_path):
    write_article(tmp_path, "a.md", id="dup")
    write_article(tmp_path, "b.md", id="dup", body="")
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "2 problems in corpus" in result.stderr
    assert "articles/b.md, line 2, field 'id': duplicate id 'dup'" in result.stderr
    assert "articles/b.md, line 8, field 'text': empty body" in result.stderr
