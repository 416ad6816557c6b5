"""GDELT and Media Cloud exports, and exports that list only URLs (issue 14, interop point 4).

The sample exports are written here with the real column names (GDELT 2.1 GKG
codebook and BigQuery names, GDELT 2.0 Events, Media Cloud's legacy and current
story lists); their URLs point at a server on 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.ingest import Fetcher, IngestError, ingest
from analysis.ingest.sources import EVENTS_COLUMNS, GKG_COLUMNS
from tests.helpers import folder_digest, run_cli
from tests.unit.ingest.faultserver import ARTICLE, FaultServer, article_page, response, send

GKG_HEADER = (
    "GKGRECORDID V2.1DATE V2SOURCECOLLECTIONIDENTIFIER V2SOURCECOMMONNAME V2DOCUMENTIDENTIFIER "
    "V1COUNTS V2.1COUNTS V1THEMES V2ENHANCEDTHEMES V1LOCATIONS V2ENHANCEDLOCATIONS V1PERSONS "
    "V2ENHANCEDPERSONS V1ORGANIZATIONS V2ENHANCEDORGANIZATIONS V1.5TONE V2.1ENHANCEDDATES "
    "V2GCAM V2.1SHARINGIMAGE V2.1RELATEDIMAGES V2.1SOCIALIMAGEEMBEDS V2.1SOCIALVIDEOEMBEDS "
    "V2.1QUOTATIONS V2.1ALLNAMES V2.1AMOUNTS V2.1TRANSLATIONINFO V2EXTRASXML"
).split()
BIGQUERY_GKG_HEADER = (
    "GKGRECORDID DATE SourceCollectionIdentifier SourceCommonName DocumentIdentifier Counts "
    "V2Counts Themes V2Themes Locations V2Locations Persons V2Persons Organizations "
    "V2Organizations V2Tone Dates GCAM SharingImage RelatedImages SocialImageEmbeds "
    "SocialVideoEmbeds Quotations AllNames Amounts TranslationInfo Extras"
).split()
EVENTS_HEADER = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [
        f"Actor{a}{f}"
        for a in (1, 2)
        for f in (
            "Code Name CountryCode KnownGroupCode EthnicCode Religion1Code Religion2Code "
            "Type1Code Type2Code Type3Code"
        ).split()
    ]
    + "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions "
    "NumSources NumArticles AvgTone".split()
    + [
        f"{g}Geo_{f}"
        for g in ("Actor1", "Actor2", "Action")
        for f in ("Type FullName CountryCode ADM1Code ADM2Code Lat Long FeatureID").split()
    ]
    + ["DATEADDED", "SOURCEURL"]
)
MEDIACLOUD_LEGACY = (
    "stories_id,publish_date,title,url,language,ap_syndicated,themes,media_id,media_name,media_url"
)
MEDIACLOUD_CURRENT = "id,indexed_date,language,media_name,media_url,publish_date,title,url"

ROUTES = {
    f"/a/{i}": send(
        response("200 OK", article_page(f"Page title {i}", ARTICLE.replace("Thursday", f"day {i}")))
    )
    for i in range(6)
}


@pytest.fixture(scope="module")
def server():
    with FaultServer(ROUTES) as s:
        yield s


def fetcher() -> Fetcher:
    return Fetcher(timeout=5.0, retries=0, delay=0.0)


def table(path: Path, header: list[str], rows: list[dict], delimiter: str = ",", head=True) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    if head:
        writer.writerow(header)
    writer.writerows([[row.get(c, "") for c in header] for row in rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def gkg_rows(base: str, names: list[str] = GKG_HEADER) -> list[dict]:
    date, collection, source, url, extras = names[1], names[2], names[3], names[4], names[26]
    rows = [
        {
            names[0]: f"20260402101500-{i}",
            date: "20260402101500",
            collection: "1",
            source: "Wire.example" if i < 2 else "herald.example",
            url: f"{base}/a/{i}",
            names[7]: "STRIKE;LABOR",
            extras: f"<PAGE_TITLE>GDELT title {i}</PAGE_TITLE><PAGE_AUTHORS>X</PAGE_AUTHORS>",
        }
        for i in range(3)
    ]
    rows.append(dict(rows[0], **{names[0]: "20260402101500-9"}))  # the same URL again
    rows.append(dict(rows[1], **{collection: "2", url: "Some citation, 2019"}))  # not a page
    return rows


@pytest.mark.parametrize("names", [GKG_HEADER, BIGQUERY_GKG_HEADER], ids=["codebook", "bigquery"])
def test_gdelt_gkg_export_with_its_header(server, tmp_path, names):
    export = table(tmp_path / "gkg.csv", names, gkg_rows(server.base, names))
    corpus = tmp_path / "corpus"
    result = ingest(export, corpus, event="port-strike", fetcher=fetcher())
    assert result.kind == "GDELT GKG export"
    assert len(result.added) == 3 and not result.failed
    reasons = [r for _, r in result.skipped]
    assert reasons == ["same URL as line 2", "GDELT source collection 2 is not a web page"]
    articles = load_corpus(corpus).articles
    assert sorted(articles["outlet"].unique()) == ["herald.example", "wire.example"]
    assert set(articles["event"]) == {"port-strike"}
    assert set(articles["title"]) == {f"Page title {i}" for i in range(3)}  # the page's own
    assert set(articles["date"].dt.strftime("%Y-%m-%d")) == {"2026-04-02"}  # GDELT's, no page date
    outlets = pd.read_csv(corpus / "outlets.csv")
    assert sorted(outlets["name"]) == ["herald.example", "wire.example"]
    digest = folder_digest(corpus)
    again = ingest(export, corpus, event="port-strike", fetcher=fetcher())
    assert not again.added and folder_digest(corpus) == digest  # idempotent


def test_gdelt_files_without_a_header_are_recognised(server, tmp_path):
    gkg = [[row.get(c, "") for c in GKG_HEADER] for row in gkg_rows(server.base)[:3]]
    assert len(gkg[0]) == GKG_COLUMNS
    path = tmp_path / "20260402101500.gkg.csv"
    path.write_text("\n".join("\t".join(cells) for cells in gkg) + "\n", encoding="utf-8")
    result = ingest(path, tmp_path / "c1", event="strike", fetcher=fetcher())
    assert result.kind == "GDELT GKG export" and len(result.added) == 3
    assert "without a header" in result.summary()
    events = [
        {"GLOBALEVENTID": str(900 + i), "SQLDATE": "20260402", "EventCode": "141",
         "DATEADDED": "20260402101500", "SOURCEURL": f"{server.base}/a/{i % 2}"}
        for i in range(4)
    ]  # fmt: skip
    raw = [[row.get(c, "") for c in EVENTS_HEADER] for row in events]
    assert len(raw[0]) == EVENTS_COLUMNS
    path = tmp_path / "20260402101500.export.CSV"
    path.write_text("\n".join("\t".join(cells) for cells in raw) + "\n", encoding="utf-8")
    result = ingest(path, tmp_path / "c2", event="strike", fetcher=fetcher())
    assert result.kind == "GDELT Events export" and len(result.added) == 2
    assert len(result.skipped) == 2  # each article is listed once per event it mentions


def test_gdelt_events_export_outlet_from_the_domain_and_event_from_a_column(server, tmp_path):
    rows = [
        {"GLOBALEVENTID": "1", "EventRootCode": "14", "DATEADDED": "20260402101500",
         "SOURCEURL": f"{server.base}/a/3"},
        {"GLOBALEVENTID": "2", "EventRootCode": "19", "DATEADDED": "20260403101500",
         "SOURCEURL": f"{server.base}/a/4"},
        {"GLOBALEVENTID": "3", "EventRootCode": "19", "DATEADDED": "20260403101500",
         "SOURCEURL": "BBC Monitoring"},  # GDELT lists some sources that are not web pages
    ]  # fmt: skip
    export = table(tmp_path / "events.csv", EVENTS_HEADER, rows)
    corpus = tmp_path / "corpus"
    result = ingest(export, corpus, mapping="event=EventRootCode", fetcher=fetcher())
    assert result.kind == "GDELT Events export" and len(result.added) == 2
    assert [r for _, r in result.skipped] == ["'BBC Monitoring' is not an http(s) URL"]
    articles = load_corpus(corpus).articles
    assert set(articles["outlet"]) == {"127.0.0.1"} and set(articles["event"]) == {"14", "19"}


def test_an_event_name_is_required_and_asked_for_once(server, tmp_path):
    export = table(tmp_path / "gkg.csv", GKG_HEADER, gkg_rows(server.base))
    with pytest.raises(IngestError) as info:
        ingest(export, tmp_path / "corpus", fetcher=fetcher())
    message = str(info.value)
    assert "no row has an event: give --event NAME, or name its column with --map event=" in message
    assert message.count("event") < 6 and not (tmp_path / "corpus").exists()
    cli = run_cli("ingest", str(export), "--into", str(tmp_path / "corpus"), "--format", "gdelt")
    assert cli.returncode == 2 and "--event NAME" in cli.stderr


@pytest.mark.parametrize(
    "header", [MEDIACLOUD_LEGACY, MEDIACLOUD_CURRENT], ids=["legacy", "current"]
)
def test_media_cloud_story_list(server, tmp_path, header):
    columns = header.split(",")
    rows = [
        {"stories_id": "1001", "id": "a1f3", "publish_date": "2026-04-02 09:30:00",
         "indexed_date": "2026-04-02 10:00:00", "title": "Dockers walk out",
         "url": f"{server.base}/a/0", "language": "en", "media_id": "1",
         "media_name": "The Wire", "media_url": "https://www.wire.example"},
        {"stories_id": "1002", "id": "b7c9", "publish_date": "2026-04-03 08:00:00",
         "indexed_date": "2026-04-03 09:00:00", "title": "Talks stall",
         "url": f"{server.base}/a/1", "language": "en", "media_id": "2",
         "media_name": "Kestria Herald", "media_url": "http://herald.example/"},
    ]  # fmt: skip
    export = table(tmp_path / "mc.csv", columns, rows)
    corpus = tmp_path / "corpus"
    result = ingest(export, corpus, event="port-strike", fetcher=fetcher())
    assert result.kind == "Media Cloud story list" and len(result.added) == 2
    articles = load_corpus(corpus).articles.set_index("outlet")
    assert articles.loc["wire.example", "title"] == "Dockers walk out"  # the export's title
    assert articles.loc["herald.example", "date"].strftime("%Y-%m-%d") == "2026-04-03"
    assert articles.loc["wire.example", "language"] == "en"
    outlets = pd.read_csv(corpus / "outlets.csv").set_index("outlet")
    assert outlets.loc["wire.example", "name"] == "The Wire"  # the media name kept for display


def test_an_export_that_lists_only_urls_is_fetched_with_map(server, tmp_path):
    export = tmp_path / "links.csv"
    export.write_text(
        "link,source,story,headline\n"
        f"{server.base}/a/5,Wire,strike,A headline\n"
        f"{server.base}/missing,Wire,strike,Gone\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus"
    result = ingest(
        export, corpus, mapping="url=link,outlet=source,event=story,title=headline",
        fetcher=fetcher(),
    )  # fmt: skip
    assert result.kind == "export" and len(result.added) == 1
    [(where, reason)] = result.failed
    assert where.startswith("links.csv, line 3") and "HTTP 404" in reason
    assert list(load_corpus(corpus).articles["title"]) == ["A headline"]


def test_format_mismatches_and_bad_maps_are_bad_input(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(IngestError, match="not a GDELT export"):
        ingest(plain, tmp_path / "c", fmt="gdelt")
    with pytest.raises(IngestError, match="not a Media Cloud story list"):
        ingest(plain, tmp_path / "c", fmt="mediacloud")
    with pytest.raises(IngestError, match="'body' is not a corpus field"):
        ingest(plain, tmp_path / "c", mapping="body=a")
    with pytest.raises(IngestError, match="missing column.*url.*--format gdelt"):
        ingest(plain, tmp_path / "c")
    assert not (tmp_path / "c").exists()
