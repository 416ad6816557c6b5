"""Ingestion from URLs (served on 127.0.0.1), saved pages and exports; nothing is lost."""

from __future__ import annotations

import hashlib
import http.server
import socket
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.ingest import Fetcher, IngestError, ingest
from tests.helpers import folder_digest, run_cli

BODY = (
    "<p>About 4,000 dockworkers walked out at Port Ellery on Thursday over plans to automate "
    "the port's container cranes, halting most operations at the country's busiest port.</p>"
    "<p>\u201cNobody here is against new equipment,\u201d Dana Okafor, the union's president, "
    "told reporters outside the main gate. \u201cWe are against a plan written without a "
    "single worker in the room.\u201d</p>"
)


def page(title: str, body: str = BODY, charset: str = "utf-8") -> bytes:
    html = (
        f'<html><head><meta charset="{charset}"><title>{title}</title>'
        '<meta name="author" content="Marcus Bell">'
        '<meta property="article:published_time" content="2026-04-02T10:00:00Z"></head>'
        f"<body><nav>Home | World | Business</nav><article><h1>{title}</h1>"
        '<p class="byline">By Marcus Bell</p>'
        f"{body}<figure><figcaption>Cranes at Port Ellery. Photo: Wire</figcaption>"
        '</figure><p><a href="/more">Read more: Port talks stall</a></p></article>'
        "<footer>Copyright</footer></body></html>"
    )
    return html.encode(charset)


ROUTES = {
    "/one": page("Dockworkers strike"),
    "/two": page("Talks stall at the port", BODY.replace("Thursday", "Friday")),
    "/latin": page(
        "Caf\u00e9 owners join the strike",
        BODY.replace("Port Ellery", "the caf\u00e9 district of Port Ellery"),
        charset="windows-1252",
    ),
    "/empty": b"<html><body><nav>Home | World</nav><p>Subscribe.</p></body></html>",
    "/huge": b"<html><body>" + b"<p>word </p>" * 600_000 + b"</body></html>",
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server API)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/two")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(3)
        body = ROUTES.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def clock():
    return datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def fetcher():
    return Fetcher(timeout=1.0, retries=0, delay=0.0)


def url_list(tmp_path: Path, base: str, paths: list[str], extra: str = "") -> Path:
    lines = ["url,outlet,event", "# a comment line", ""]
    lines += [f"{base}{p},wire,port-strike" for p in paths]
    path = tmp_path / "urls.csv"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def test_url_list_every_case_gets_a_clear_result(server, tmp_path):
    urls = url_list(
        tmp_path,
        server,
        ["/one", "/moved", "/latin", "/missing", "/slow", "/empty", "/huge", "/one"],
    )
    corpus = tmp_path / "corpus"
    result = ingest(urls, corpus, fetcher=fetcher(), clock=clock)
    assert len(result.added) == 3
    reasons = dict(result.failed)
    assert any("HTTP 404" in r for r in reasons.values())
    assert any("no complete answer within 1 s" in r for r in reasons.values())
    assert any("no article text found" in r for r in reasons.values())
    assert any("larger than 5,000,000 bytes" in r for r in reasons.values())
    assert [r for _, r in result.skipped] == ["same URL as line 4"]
    loaded = load_corpus(corpus)  # outlets.csv and events.csv were filled in
    assert len(loaded.articles) == 3
    texts = " ".join(loaded.articles["text"])
    assert "caf\u00e9 district" in texts  # the Windows-1252 page decoded right
    assert "Read more" not in texts and "Photo:" not in texts and "By Marcus Bell" not in texts
    assert "Home | World" not in texts
    moved = loaded.articles[loaded.articles["title"] == "Talks stall at the port"].iloc[0]
    assert moved["url"].endswith("/two")  # the redirect was followed
    manifest = pd.read_csv(corpus / "manifest.csv")
    assert set(manifest.columns) >= {"id", "url", "retrieved_at", "sha256", "extractor"}
    assert (manifest["retrieved_at"] == "2026-11-01T12:00:00Z").all()
    raw = corpus / "raw" / f"{manifest['id'].iloc[0]}.html"
    assert hashlib.sha256(raw.read_bytes()).hexdigest() == manifest["sha256"].iloc[0]


def test_existing_articles_are_never_overwritten_without_replace(server, tmp_path):
    corpus = tmp_path / "corpus"
    urls = url_list(tmp_path, server, ["/one"])
    ingest(urls, corpus, fetcher=fetcher(), clock=clock)
    article = next((corpus / "articles").rglob("*.md"))
    article.write_text(article.read_text() + "\nA researcher's note.\n")
    before = article.read_bytes()
    again = ingest(urls, corpus, fetcher=fetcher(), clock=clock)
    assert again.added == [] and "exists" in again.skipped[0][1]
    assert article.read_bytes() == before
    replaced = ingest(urls, corpus, replace=True, fetcher=fetcher(), clock=clock)
    assert len(replaced.replaced) == 1 and article.read_bytes() != before


def test_bad_url_list_is_rejected_whole_with_line_numbers(server, tmp_path):
    corpus = tmp_path / "corpus"
    ingest(url_list(tmp_path, server, ["/one"]), corpus, fetcher=fetcher(), clock=clock)
    before = folder_digest(corpus)
    bad = url_list(
        tmp_path,
        server,
        ["/two"],
        extra="not a url,wire,port-strike\nftp://example.org/x,wire,port-strike\n",
    )
    with pytest.raises(IngestError) as info:
        ingest(bad, corpus, fetcher=fetcher(), clock=clock)
    message = str(info.value)
    assert "line 5: 'not a url' is not an http(s) URL" in message
    assert "line 6: 'ftp://example.org/x'" in message
    assert folder_digest(corpus) == before


def test_no_network_says_so_plainly(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends
    urls = url_list(tmp_path, f"http://127.0.0.1:{port}", ["/x"])
    result = ingest(urls, tmp_path / "corpus", fetcher=fetcher(), clock=clock)
    [(_, reason)] = result.failed
    assert "cannot reach 127.0.0.1" in reason and "network" in reason


def test_folder_of_saved_pages(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes(ROUTES["/one"])
    (pages / "b.htm").write_bytes(ROUTES["/latin"])
    (pages / "notes.txt").write_text("ignored")
    with pytest.raises(IngestError, match="give --outlet and --event"):
        ingest(pages, tmp_path / "c")
    result = ingest(pages, tmp_path / "c", outlet="herald", event="port-strike", clock=clock)
    assert len(result.added) == 2
    assert set(load_corpus(tmp_path / "c").articles["outlet"]) == {"herald"}


def test_export_with_column_mapping_and_its_errors(tmp_path):
    export = tmp_path / "export.csv"
    pd.DataFrame(
        {
            "body": [
                "First text with enough words to count as an article here.",
                "Second text, also long enough to be an article of some kind.",
            ],
            "source": ["Wire", "Herald"],
            "story": ["strike", "strike"],
            "link": ["https://example.org/1", "https://example.org/2"],
        }
    ).to_csv(export, index=False)
    with pytest.raises(IngestError, match=r"no text column and no url column.*--map text=COLUMN"):
        ingest(export, tmp_path / "c", mapping="outlet=source,event=story")
    result = ingest(
        export, tmp_path / "c", mapping="text=body,outlet=source,event=story,url=link", clock=clock
    )
    assert len(result.added) == 2
    assert set(load_corpus(tmp_path / "c").articles["outlet"]) == {"Wire", "Herald"}
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text,outlet,event\nCaf\u00e9 news,Wire,e\n".encode("latin-1"))
    with pytest.raises(IngestError, match=r"line 2: bytes are not UTF-8.*Latin-1"):
        ingest(latin, tmp_path / "d", mapping="text=text")


def test_ingest_command_exit_codes(server, tmp_path):
    urls = url_list(tmp_path, server, ["/one"])
    ok = run_cli("ingest", str(urls), "--into", str(tmp_path / "c"), "--delay", "0")
    assert ok.returncode == 0 and "1 added" in ok.stdout
    bad = run_cli("ingest", str(tmp_path / "no.csv"), "--into", str(tmp_path / "c"))
    assert bad.returncode == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr


def test_speaker_suggestions_list_named_speakers_for_sides(tmp_path):
    out = tmp_path / "speakers.suggested.csv"
    result = run_cli("speakers", "corpus/demo", "--event", "port-strike", "--out", str(out))
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out, keep_default_na=False)
    assert {"Dana Okafor", "Martin Hale"} <= set(table["speaker"])
    assert (table["side"] == "").all() and table["quotes"].gt(0).all()


def test_suggested_aliases_are_the_capitalised_words_that_named_a_speaker_most_used_first():
    from analysis.ingest import seen_aliases

    mentions = [
        "Altman",
        "he",
        "Mr. Altman",
        "Altman",
        "the company",
        "the ChatGPT maker",
        "Sam Altman",
        "Altman's",
        "",
    ]
    assert seen_aliases("Sam Altman", mentions) == ["Altman", "Mr. Altman", "the ChatGPT maker"]
