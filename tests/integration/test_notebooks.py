"""Notebooks: committed clean, parameterised, and executed headless on the demo corpus."""

from __future__ import annotations

import ast
import json

import pytest
import yaml

from analysis import load_corpus
from analysis.paths import ROOT
from analysis.report.figures import read_manifest
from analysis.report.runner import list_notebooks, run_notebook
from tests.helpers import run_cli

NOTEBOOKS = list_notebooks()


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_there_are_numbered_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "00-start-here.ipynb",
        "10-corpus-overview.ipynb",
        "20-event-comparison.ipynb",
        "30-outlet-profiles.ipynb",
        "40-evidence.ipynb",
        "90-validation.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path):
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} holds outputs"
            assert cell.get("execution_count") is None, f"{path.name} holds execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_of_plain_commented_values(path):
    tagged = [c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
    source = "".join(tagged[0]["source"])
    for node in ast.parse(source).body:
        assert isinstance(node, ast.Assign), f"{path.name}: only assignments in parameters"
        assert isinstance(node.value, ast.Constant | ast.List | ast.Dict), (
            f"{path.name}: parameter values must be plain literals"
        )
    for line in source.splitlines():
        if line.strip():
            assert "  # " in line, f"{path.name}: parameter line without a comment: {line!r}"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    result = run_cli("report", "corpus/demo", "--out", str(out))
    return out, result


@pytest.mark.slow
def test_report_runs_every_notebook_and_lists_every_figure(report):
    out, result = report
    assert result.returncode == 0, result.stderr
    assert f"{out}/index.html" in result.stdout.replace(str(ROOT) + "/", "")
    executed_paths = sorted((out / "notebooks").glob("*.ipynb"))
    events = ["ai-rival-report", "grid-blackout", "port-strike", "solar-tariffs"]
    expected = {"10-corpus-overview.ipynb"} | {f"20-event-comparison--{e}.ipynb" for e in events}
    assert expected <= {p.name for p in executed_paths}
    for path in executed_paths:
        executed = json.loads(path.read_text())
        errors = [
            o
            for c in executed["cells"]
            for o in c.get("outputs", [])
            if o.get("output_type") == "error"
        ]
        assert errors == [], path.name
    manifest = read_manifest(out)
    ids = set(manifest["figure_id"])
    assert "corpus-articles-words" in ids
    for event in events:
        for figure in (
            "framing-profile",
            "quote-balance",
            "who-is-quoted",
            "hedges-boosters",
            "distinctive-words",
            "omissions",
        ):
            assert f"{event}-{figure}" in ids
    for row in manifest.itertuples():
        for rel in row.files.split():
            assert (out / rel).stat().st_size > 0, rel
    index = (out / "index.html").read_text()
    report_md = (out / "REPORT.md").read_text()
    for figure_id in manifest["figure_id"]:
        assert f'id="{figure_id}"' in index and f"### {figure_id}:" in report_md
    assert "Cite as: Figure corpus-articles-words" in report_md
    assert {"outlet-profiles", "outlet-differences", "outlet-event-loaded"} <= ids
    for event in events:
        page = (out / "evidence" / f"{event}.html").read_text()
        assert f"evidence/{event}.html" in index
        assert 'class="mark loaded"' in page and 'class="quote"' in page
        assert "http://" not in page and "https://" not in page and "<script" not in page


@pytest.mark.slow
def test_a_second_report_gives_byte_identical_figures_and_manifest(report, tmp_path):
    out, _ = report
    again = run_cli("report", "corpus/demo", "--out", str(tmp_path))
    assert again.returncode == 0, again.stderr
    manifest = read_manifest(out)
    # Parameters record the output folder, which differs here by design; the rest agrees.
    for col in ("figure_id", "title", "caption", "corpus_fingerprint", "files"):
        assert read_manifest(tmp_path)[col].tolist() == manifest[col].tolist()
    for row in manifest.itertuples():
        for rel in row.files.split():
            assert (out / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


@pytest.mark.slow
def test_wrong_corpus_parameter_fails_with_the_valid_choices(tmp_path):
    error = run_notebook(
        next(p for p in NOTEBOOKS if p.name.startswith("10-")),
        tmp_path / "out.ipynb",
        {"corpus": "corpus/no-such-corpus", "output_dir": str(tmp_path)},
    )
    assert error.startswith("ValueError: parameter corpus='corpus/no-such-corpus'")
    assert "demo" in error
    assert (tmp_path / "out.ipynb").exists()  # the executed copy shows the failing cell


def test_report_on_a_bad_corpus_exits_2_before_running_anything(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("no front matter\n")
    result = run_cli("report", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "articles/a.md, line 1: no YAML front matter" in result.stderr
    assert not (tmp_path / "out").exists()


def test_report_with_an_unknown_notebook_name_lists_the_known_ones(tmp_path):
    result = run_cli("report", "corpus/demo", "--notebook", "99-nope", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "10-corpus-overview" in result.stderr


@pytest.mark.slow
def test_event_comparison_rejects_unknown_event_and_outlet(tmp_path):
    nb = next(p for p in NOTEBOOKS if p.name.startswith("20-"))
    error = run_notebook(
        nb, tmp_path / "a.ipynb", {"event": "moon-landing", "output_dir": str(tmp_path)}
    )
    assert "valid events: ai-rival-report, grid-blackout, port-strike, solar-tariffs" in error
    error = run_notebook(
        nb,
        tmp_path / "b.ipynb",
        {"event": "port-strike", "outlets": ["fox"], "output_dir": str(tmp_path)},
    )
    assert "daily-clarion, kestria-herald, ledger-business, meridian-wire" in error


def test_parameter_files_match_their_notebook():
    from analysis.report.runner import notebook_parameters

    nb = next(p for p in NOTEBOOKS if p.name.startswith("20-"))
    declared = set(notebook_parameters(nb))
    files = sorted((ROOT / "notebooks" / "params").glob("*.yaml"))
    assert files
    for path in files:
        values = yaml.safe_load(path.read_text())
        assert set(values) <= declared, path.name


@pytest.mark.slow
def test_report_on_real_basil_events(shared_data, tmp_path):
    """Three BASIL events (Fox, NYT, HuffPost; no speakers.csv) through every notebook."""
    corpus = tmp_path / "basil"
    export = run_cli("export-basil", str(corpus), "--events", "3", "--data-dir", str(shared_data))
    assert export.returncode == 0, export.stderr
    out = tmp_path / "report"
    result = run_cli("report", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    manifest = read_manifest(out)
    assert len(manifest) >= 3 * 6 + 3 + 1
    assert len(list((out / "evidence").glob("*.html"))) == 3
    assert (out / "index.html").exists() and (out / "REPORT.md").exists()


def test_basil_export_refuses_the_project_tree(shared_data):
    result = run_cli("export-basil", str(ROOT / "reports" / "basil"), "--events", "1")
    assert result.returncode == 2 and "inside the project" in result.stderr


@pytest.mark.slow
def test_validation_notebook_draws_agreement_and_basil_outlets(shared_data, tmp_path):
    nb = next(p for p in NOTEBOOKS if p.name.startswith("90-"))
    error = run_notebook(
        nb,
        tmp_path / "out.ipynb",
        {
            "dataset": "basil",
            "data_dir": str(shared_data),
            "output_dir": str(tmp_path),
            "resamples": 200,
        },
    )
    assert error == ""
    ids = set(read_manifest(tmp_path)["figure_id"])
    assert ids == {"validation-agreement", "validation-basil-outlets"}


def _run_tutorial(tmp_path, **extra):
    nb = next(p for p in NOTEBOOKS if p.name.startswith("00-"))
    params = {"corpus_dir": str(tmp_path / "corpus"), "output_dir": str(tmp_path), **extra}
    return run_notebook(nb, tmp_path / "out.ipynb", params)


@pytest.mark.slow
def test_tutorial_from_saved_pages_served_on_localhost(tmp_path):
    import functools
    import http.server
    import threading

    pages = ROOT / "notebooks" / "tutorial" / "pages"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(pages))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        error = _run_tutorial(tmp_path, base_url=f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()
    assert error == ""
    corpus = load_corpus(tmp_path / "corpus")
    assert sorted(corpus.outlet_names()) == ["civic-wire", "harbor-gazette", "the-bugle"]
    assert all(url.startswith("http://127.0.0.1") for url in corpus.articles["url"])
    assert "Read more" not in " ".join(corpus.articles["text"])
    assert set(read_manifest(tmp_path)["figure_id"]) == {
        "tutorial-framing-profile",
        "tutorial-quote-balance",
    }
    assert (tmp_path / "evidence" / "library-closures.html").exists()
    sides = dict(zip(corpus.speakers["speaker"], corpus.speakers["side"], strict=True))
    assert sides["Paul Varga"] == "council majority" and sides["Marta Ruiz"] == "opponents"


@pytest.mark.slow
def test_tutorial_from_saved_files_without_a_network(tmp_path):
    assert _run_tutorial(tmp_path) == ""
    assert len(load_corpus(tmp_path / "corpus").articles) == 3
