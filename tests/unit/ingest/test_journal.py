"""Ingest is a journal: stopped at any moment, the corpus passes ``check``; rerun, it is whole.

Issue 9, points 2-4: SIGINT stops after the current URL with a summary; kill -9
at any step of an article's transaction (simulated with ``os._exit`` in a forked
child, so the moment is exact) leaves nothing a rerun cannot finish; a corpus
left by an older version's crash (articles without manifest rows or side-table
rows) is repaired; a second ingest into the same folder is refused; a full disk
stops the run cleanly; names never escape ``--into``.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.corpus import journal
from analysis.corpus.journal import CorpusLocked
from analysis.corpus.write import CorpusWriter
from analysis.errors import CorpusError
from analysis.ingest import Fetcher, IngestError, ingest
from analysis.paths import DEMO_CORPUS, ROOT
from tests.helpers import folder_digest, run_cli
from tests.unit.ingest.faultserver import ARTICLE, FaultServer, article_page, response

N = 30


def slow(data: bytes):
    """Answer after ``server.delay`` seconds (slow while a subprocess is to be stopped)."""

    def route(conn, server):
        if not server.stopping.wait(getattr(server, "delay", 0.0)):
            conn.sendall(data)

    return route


ROUTES = {
    f"/story/{i}": slow(
        response("200 OK", article_page(f"Story {i}", ARTICLE.replace("Thursday", f"day {i}")))
    )
    for i in range(N)
}


@pytest.fixture(scope="module")
def server():
    with FaultServer(ROUTES) as s:
        yield s


def fetcher() -> Fetcher:
    return Fetcher(timeout=5.0, retries=0, delay=0.0)


def url_list(tmp_path: Path, base: str, n: int = N) -> Path:
    path = tmp_path / "urls.csv"
    path.write_text(
        "url,outlet,event\n" + "".join(f"{base}/story/{i},wire,ev-{i % 3}\n" for i in range(n)),
        encoding="utf-8",
    )
    return path


def state(corpus: Path) -> tuple[int, int]:
    """(articles ingested from the wire, manifest rows): what a reader of the folder sees."""
    articles = [p for p in (corpus / "articles").rglob("*.md") if p.stem.startswith("wire-")]
    manifest = corpus / "manifest.csv"
    rows = len(pd.read_csv(manifest)) if manifest.exists() else 0
    return len(articles), rows


def settled(corpus: Path) -> None:
    """The corpus after a complete run: every article listed once, nothing left over."""
    loaded = load_corpus(corpus)  # passes check: every outlet and event is listed
    manifest = pd.read_csv(corpus / "manifest.csv", keep_default_na=False)
    assert manifest["id"].is_unique
    wire = loaded.articles[loaded.articles["outlet"] == "wire"]
    assert sorted(wire["id"]) == sorted(manifest["id"][manifest["id"].str.startswith("wire-")])
    for _, row in manifest.iterrows():
        raw = corpus / "raw" / f"{row['id']}.html"
        if row["sha256"]:
            import hashlib

            assert hashlib.sha256(raw.read_bytes()).hexdigest() == row["sha256"]
    assert not (corpus / journal.JOURNAL_NAME).exists()
    assert not (corpus / journal.LOCK_NAME).exists()
    assert not list(corpus.rglob(".*.tmp"))


def start_cli(urls: Path, corpus: Path, server: FaultServer) -> subprocess.Popen:
    server.delay = 0.25
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "ingest", str(urls), "--into", str(corpus)]
        + ["--delay", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_articles(corpus: Path, n: int, proc: subprocess.Popen, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while state(corpus)[0] < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the ingest did not start"
        time.sleep(0.05)


def test_sigint_stops_after_the_current_url_with_a_summary(server, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO_CORPUS, corpus)
    urls = url_list(tmp_path, server.base)
    proc = start_cli(urls, corpus, server)
    wait_for_articles(corpus, 3, proc)
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = proc.communicate(timeout=20)
    server.delay = 0.0
    assert time.monotonic() - sent < 3  # the current URL (0.25 s), not the rest
    assert proc.returncode == 130, out + err
    assert "interrupted" in out and "not attempted" in out and "Traceback" not in err
    articles, rows = state(corpus)
    assert 3 <= articles < N and rows == articles  # the manifest is complete, not pending
    load_corpus(corpus)  # and check passes
    again = ingest(urls, corpus, fetcher=fetcher(), handle_signals=False)
    assert len(again.added) == N - articles and len(again.skipped) == articles
    assert state(corpus) == (N, N)
    settled(corpus)


def test_kill_9_mid_ingest_leaves_a_corpus_that_check_accepts_and_a_rerun_completes(
    server, tmp_path
):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO_CORPUS, corpus)
    urls = url_list(tmp_path, server.base)
    proc = start_cli(urls, corpus, server)
    wait_for_articles(corpus, 4, proc)
    proc.kill()
    proc.wait()
    server.delay = 0.0
    articles, rows = state(corpus)
    assert articles < N and rows >= articles - 1  # at most the article being written
    load_corpus(corpus)  # check passes even now: side tables were written first
    again = ingest(urls, corpus, fetcher=fetcher(), handle_signals=False)
    assert len(again.added) + len(again.skipped) == N and not again.failed
    assert state(corpus) == (N, N)
    settled(corpus)


# ---------------------------------------------------------------- exact crash points

EXPORT_ROWS = [
    {"id": f"wire-{i}", "outlet": "wire", "event": f"ev-{i % 2}", "text": f"Text {i}. " * 30}
    for i in range(6)
]


def export(tmp_path: Path, rows: list[dict] = EXPORT_ROWS) -> Path:
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def crash_at(target: str, nth: int, source: Path, corpus: Path) -> None:
    """Run the ingest in a forked child that dies (``os._exit``) at the nth call of ``target``."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            module, name = target.rsplit(".", 1)
            owner = {"journal": journal, "write": sys.modules["analysis.corpus.write"]}[module]
            original, calls = getattr(owner, name), []

            def dying(*args, **kwargs):
                calls.append(1)
                if len(calls) == nth:
                    os._exit(9)
                return original(*args, **kwargs)

            setattr(owner, name, dying)
            if module == "journal":  # the writer imported it by name
                setattr(sys.modules["analysis.corpus.write"], name, dying)
            ingest(source, corpus, handle_signals=False)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9


@pytest.mark.parametrize(
    ("target", "nth"),
    [
        ("journal.append_side_row", 2),  # a new event listed, its article not yet written
        ("write.write_bytes_atomic", 3),  # the journal has the intent, the article is not there
        ("journal.append_manifest_row", 3),  # the article is written, its row is not
        ("journal.write_manifest", 1),  # every row appended, the compaction not done
    ],
)
def test_a_crash_at_any_step_of_an_article_is_repaired(tmp_path, target, nth):
    corpus, source = tmp_path / "corpus", export(tmp_path)
    shutil.copytree(DEMO_CORPUS, corpus)
    crash_at(target, nth, source, corpus)
    load_corpus(corpus)  # check passes at the moment of the crash
    again = ingest(source, corpus, handle_signals=False)
    assert len(again.added) + len(again.skipped) == len(EXPORT_ROWS)
    if target.endswith("append_manifest_row"):
        assert any("recovered from the journal" in n for n in again.notes)
    settled(corpus)
    assert len(pd.read_csv(corpus / "manifest.csv")) == len(EXPORT_ROWS)


def test_a_corpus_left_by_an_older_crash_is_repaired(server, tmp_path):
    """Older versions wrote manifest.csv and the side tables only at the end."""
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO_CORPUS, corpus)
    urls = url_list(tmp_path, server.base, n=6)
    ingest(urls, corpus, fetcher=fetcher(), handle_signals=False)
    for name in ("outlets.csv", "events.csv"):
        shutil.copy(DEMO_CORPUS / name, corpus / name)
    (corpus / "manifest.csv").unlink()
    with pytest.raises(CorpusError, match="not listed in outlets.csv"):
        load_corpus(corpus)  # what issue 9 found: check fails, a rerun did not repair
    again = ingest(urls, corpus, fetcher=fetcher(), handle_signals=False)
    assert len(again.skipped) == 6 and not again.added
    assert any("6 manifest row(s) rebuilt from raw pages" in n for n in again.notes)
    manifest = pd.read_csv(corpus / "manifest.csv", keep_default_na=False)
    assert manifest["source"].str.contains("rebuilt from raw/").all()
    assert manifest["url"].str.startswith(server.base).all()
    settled(corpus)
    demo_rows = (DEMO_CORPUS / "outlets.csv").read_bytes()
    assert (corpus / "outlets.csv").read_bytes().startswith(demo_rows)  # appended, not rewritten


def test_torn_manifest_line_and_stray_temporary_files_are_cleaned(tmp_path):
    corpus, source = tmp_path / "corpus", export(tmp_path)
    ingest(source, corpus, handle_signals=False)
    manifest = corpus / "manifest.csv"
    manifest.write_bytes(manifest.read_bytes() + b"wire-9,https://x,2026")  # torn append
    stray = corpus / "articles" / "ev-0" / ".wire-0.md.abc123.tmp"
    stray.write_text("half")
    again = ingest(source, corpus, handle_signals=False)
    assert any("temporary file" in n for n in again.notes)
    assert len(pd.read_csv(manifest)) == len(EXPORT_ROWS) and not stray.exists()
    settled(corpus)


def test_a_second_ingest_into_the_same_folder_is_refused(tmp_path):
    corpus, source = tmp_path / "corpus", export(tmp_path)
    locked = pytest.raises(CorpusLocked, match=rf"another ingest \(process {os.getpid()}\)")
    with CorpusWriter(corpus), locked:
        ingest(source, corpus, handle_signals=False)
    assert len(ingest(source, corpus, handle_signals=False).added) == len(EXPORT_ROWS)
    assert not (corpus / journal.LOCK_NAME).exists()


def test_a_full_disk_stops_the_run_cleanly_and_a_rerun_completes(tmp_path, monkeypatch):
    corpus, source = tmp_path / "corpus", export(tmp_path)
    import analysis.corpus.write as write

    original, calls = write.write_bytes_atomic, []

    def full(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(path, data)

    monkeypatch.setattr(write, "write_bytes_atomic", full)
    with pytest.raises(IngestError, match="cannot write into .*No space left on device"):
        ingest(source, corpus, handle_signals=False)
    monkeypatch.undo()
    assert len(load_corpus(corpus).articles) == 2
    assert len(ingest(source, corpus, handle_signals=False).added) == len(EXPORT_ROWS) - 2
    settled(corpus)


# ---------------------------------------------------------------- idempotence, names


def test_reingesting_an_export_is_idempotent_and_uses_its_own_ids(tmp_path):
    corpus, source = tmp_path / "corpus", export(tmp_path)
    first = ingest(source, corpus, handle_signals=False)
    assert sorted(first.added) == sorted(r["id"] for r in EXPORT_ROWS)
    digest = folder_digest(corpus)
    export(tmp_path, list(reversed(EXPORT_ROWS)))  # the same export, rows in another order
    for _ in range(2):
        again = ingest(source, corpus, handle_signals=False)
        assert not again.added and len(again.skipped) == len(EXPORT_ROWS)
        assert folder_digest(corpus) == digest  # not a byte changed: no reorder, no rename
    demo = tmp_path / "demo"
    shutil.copytree(DEMO_CORPUS, demo)
    own = load_corpus(demo).articles[["id", "outlet", "event", "title", "text"]]
    again = ingest(export(tmp_path, own.to_dict("records")), demo, handle_signals=False)
    assert not again.added and len(again.skipped) == len(own)  # found by id, not file name
    no_ids = [{k: v for k, v in r.items() if k != "id"} for r in EXPORT_ROWS]
    other = tmp_path / "other"
    other.mkdir()
    ingest(export(other, no_ids), tmp_path / "c2", handle_signals=False)
    digest = folder_digest(tmp_path / "c2")
    ingest(export(other, list(reversed(no_ids))), tmp_path / "c2", handle_signals=False)
    assert folder_digest(tmp_path / "c2") == digest  # ids come from the text, not the line


@pytest.mark.parametrize(
    "name", ["../../../escaped", "/etc/escaped", "..", "a/../../b", "C:\\escaped", ".hidden"]
)
def test_names_that_look_like_paths_stay_inside_into(tmp_path, name):
    corpus = tmp_path / "deep" / "er" / "corpus"
    rows = [dict(EXPORT_ROWS[0], event=name, outlet=name, id="x-1")]
    result = ingest(export(tmp_path, rows), corpus, handle_signals=False)
    assert result.added == ["x-1"]
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and corpus not in p.parents]
    assert outside == [tmp_path / "export.jsonl"]
    loaded = load_corpus(corpus)
    assert list(loaded.articles["event"]) == [name] and list(loaded.articles["outlet"]) == [name]
    [path] = (corpus / "articles").rglob("*.md")
    assert not path.parent.name.startswith(".")


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("wi\u200bre", "invisible character U+200B"),
        ("wire\u202e", "bidirectional control U+202E"),
        ("wi\x00re", "NUL"),
        ("wi\x1bre", "control character U+001B"),
    ],
)
def test_unusable_names_are_rejected_with_their_line_before_anything_is_written(
    server, tmp_path, bad, reason
):
    corpus = tmp_path / "corpus"
    urls = tmp_path / "urls.csv"
    urls.write_text(
        f"url,outlet,event\n{server.base}/story/1,wire,strike\n{server.base}/story/2,{bad},strike\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError, match=rf"line 3: outlet .*{re.escape(reason)}"):
        ingest(urls, corpus, fetcher=fetcher(), handle_signals=False)
    rows = [dict(EXPORT_ROWS[0]), dict(EXPORT_ROWS[1], event=bad)]
    with pytest.raises(IngestError, match=rf"line 2: event .*{re.escape(reason)}"):
        ingest(export(tmp_path, rows), corpus, handle_signals=False)
    with pytest.raises(IngestError, match=rf"--event: event .*{re.escape(reason)}"):
        ingest(urls, corpus, event=bad, handle_signals=False)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes(article_page("A"))
    with pytest.raises(IngestError, match=rf"--outlet: outlet .*{re.escape(reason)}"):
        ingest(pages, corpus, outlet=bad, event="strike", handle_signals=False)
    assert not corpus.exists()
    if bad == "wire\u202e":  # and on the command line (once: each call costs seconds)
        cli = run_cli("ingest", str(urls), "--into", str(corpus))
        assert cli.returncode == 2 and "line 3" in cli.stderr and "Traceback" not in cli.stderr
        assert "\u202e" not in cli.stderr and "\\u202e" in cli.stderr  # printed escaped
