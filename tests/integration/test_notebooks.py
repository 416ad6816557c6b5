"""Notebooks and the report: committed clean, typed parameters, one scored run, a whole report."""

from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys

import pytest
import yaml

from analysis import load_corpus
from analysis.paths import DEMO_CORPUS, ROOT
from analysis.report.figures import read_manifest
from analysis.report.params import declared_parameters
from analysis.report.runner import list_notebooks, run_notebook
from tests.helpers import run_cli

NOTEBOOKS = list_notebooks()
EVENTS = sorted(load_corpus(DEMO_CORPUS).event_names())


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_there_are_numbered_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "00-start-here.ipynb",
        "10-corpus-overview.ipynb",
        "20-event-comparison.ipynb",
        "30-outlet-profiles.ipynb",
        "40-evidence.ipynb",
        "50-coverage-over-time.ipynb",
        "90-validation.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path):
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} holds outputs"
            assert cell.get("execution_count") is None, f"{path.name} holds execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_of_typed_commented_values(path):
    tagged = [c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
    source = "".join(tagged[0]["source"])
    for node in ast.parse(source).body:
        assert isinstance(node, ast.AnnAssign), f"{path.name}: 'name: type = value' lines only"
        assert ast.unparse(node.annotation) in ("str", "int", "float", "bool", "list[str]")
        ast.literal_eval(node.value)  # plain literal values
    for line in source.splitlines():
        if line.strip():
            assert "  # " in line, f"{path.name}: parameter line without a comment: {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_documents_every_parameter_with_its_type(path):
    result = subprocess.run(
        [sys.executable, "-m", "papermill", "--help-notebook", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "Unknown type" not in result.stdout
    for name in declared_parameters(path):
        assert name in result.stdout


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_is_paired_with_an_identical_percent_script(path):
    import jupytext

    script = path.with_suffix(".py")
    assert script.exists(), f"{script.name} missing: run `jupytext --sync {path}`"
    from_script = jupytext.read(script)
    from_notebook = jupytext.read(path)
    pairs = [
        ("".join(a.source), "".join(b.source))
        for a, b in zip(from_script.cells, from_notebook.cells, strict=False)
    ]
    assert len(from_script.cells) == len(from_notebook.cells), path.name
    for a, b in pairs:
        assert a == b, f"{path.name} and {script.name} differ: run `jupytext --sync {path}`"


def test_parameter_files_match_their_notebook():
    declared = set(declared_parameters("20-event-comparison.ipynb"))
    files = sorted((ROOT / "notebooks" / "params").glob("*.yaml"))
    assert files
    for path in files:
        values = yaml.safe_load(path.read_text())
        assert set(values) <= declared, path.name


# --------------------------------------------------------------------------- the report


@pytest.fixture
def report(demo_report):
    return demo_report


@pytest.mark.slow
def test_report_scores_once_and_runs_every_report_notebook(report):
    out, result = report
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("scoring ") == 1
    run = json.loads((out / "run" / "run.json").read_text())
    assert run["articles"] == len(load_corpus(DEMO_CORPUS).articles)
    executed = sorted((out / "notebooks").glob("*.ipynb"))
    expected = {
        "10-corpus-overview.ipynb",
        "30-outlet-profiles.ipynb",
        "50-coverage-over-time.ipynb",
    }
    expected |= {f"20-event-comparison--{e}.ipynb" for e in EVENTS}
    assert {p.name for p in executed} == expected  # 40 is interactive; 00 and 90 are not reports
    for path in executed:
        nb = json.loads(path.read_text())
        errors = [
            o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"
        ]
        assert errors == [], path.name
        assert path.with_suffix(".html").stat().st_size > 0
        assert "score(" not in "".join("".join(c["source"]) for c in nb["cells"])


@pytest.mark.slow
def test_report_index_is_navigable_and_lists_every_current_figure(report):
    out, _ = report
    manifest = read_manifest(out)
    ids = set(manifest["figure_id"])
    assert "corpus-articles-words" in ids
    assert {"outlet-profiles", "outlet-differences", "outlet-event-loaded"} <= ids
    for event in EVENTS:
        for figure in (
            "profile",
            "quote-balance",
            "who-is-quoted",
            "hedges-boosters",
            "distinctive-words",
            "omissions",
        ):
            assert f"event-{event}-{figure}" in ids
    for row in manifest.itertuples():
        for rel in row.files.split():
            assert (out / rel).stat().st_size > 0, rel
    index = (out / "index.html").read_text()
    report_md = (out / "REPORT.md").read_text()
    toc = index[index.index('<nav class="toc"') : index.index("</nav>")]
    for anchor in ("#corpus", "#events", "#outlets", "#data", "#notebooks"):
        assert f'href="{anchor}"' in toc
    for event in EVENTS:
        assert f'href="#event-{event}"' in toc
        assert f'href="evidence/{event}.html"' in index
        findings = json.loads((out / "findings" / f"{event}.json").read_text())["findings"]
        assert findings and findings[0].split(":")[0] in index
    # Figures appear in the order the notebooks made them: profile before omissions.
    first = EVENTS[0]
    assert index.index(f'id="event-{first}-profile"') < index.index(f'id="event-{first}-omissions"')
    for figure_id in ids:
        assert f'id="{figure_id}"' in index and f"#### {figure_id}:" in report_md
    assert "Cite as: Figure corpus-articles-words" in report_md
    for name in ("articles.csv", "articles.parquet", "spans.csv", "spans.parquet", "tables.xlsx"):
        assert (out / "data" / name).stat().st_size > 0
    for event in EVENTS:
        page = (out / "evidence" / f"{event}.html").read_text()
        assert 'class="mark loaded"' in page and 'class="quote"' in page
        assert "http://" not in page and "https://" not in page


@pytest.mark.slow
def test_report_outputs_carry_no_machine_paths_and_are_readable_by_others(report):
    out, _ = report
    texts = [out / "index.html", out / "REPORT.md", out / "figures.csv"]
    texts += sorted((out / "notebooks").glob("*.ipynb"))
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert str(out) not in text and str(ROOT) not in text, path.name
        assert ".staging" not in text, path.name
    for path in out.rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o044 == 0o044, path  # group and others may read
    assert not (out / ".staging").exists() and not (out / ".lock").exists()


@pytest.mark.slow
def test_a_second_report_gives_byte_identical_figures_data_and_manifest(report, tmp_path):
    out, _ = report
    again = run_cli("report", "corpus/demo", "--out", str(tmp_path))
    assert again.returncode == 0, again.stderr
    assert (out / "figures.csv").read_bytes() == (tmp_path / "figures.csv").read_bytes()
    for rel in [p.relative_to(out) for p in (out / "figures").iterdir()]:
        assert (out / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel
    for rel in ("data/articles.csv", "data/spans.csv", "data/texts.csv"):
        assert (out / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


@pytest.mark.slow
def test_a_run_scored_on_dask_gets_the_same_report(tmp_path):
    parquet = tmp_path / "demo-pq"
    assert run_cli("convert", "corpus/demo", str(parquet), "--to", "parquet").returncode == 0
    local = run_cli("report", str(parquet), "--out", str(tmp_path / "local"))
    assert local.returncode == 0, local.stderr
    scored = run_cli(
        "score",
        str(parquet),
        "--out",
        str(tmp_path / "dask-run"),
        "--engine",
        "dask",
        "--workers",
        "1",
        "--no-progress",
    )
    assert scored.returncode == 0, scored.stderr
    remote = run_cli("report", "--run", str(tmp_path / "dask-run"), "--out", str(tmp_path / "r"))
    assert remote.returncode == 0, remote.stderr
    a, b = tmp_path / "local", tmp_path / "r"
    assert (a / "figures.csv").read_bytes() == (b / "figures.csv").read_bytes()
    for path in sorted((a / "figures").iterdir()):
        assert path.read_bytes() == (b / "figures" / path.name).read_bytes(), path.name
    for name in ("articles.csv", "spans.csv", "texts.csv"):
        assert (a / "data" / name).read_bytes() == (b / "data" / name).read_bytes(), name


@pytest.mark.slow
def test_an_interrupted_report_leaves_the_previous_report_intact(report, tmp_path):
    import shutil

    out, _ = report
    copy = tmp_path / "report"
    shutil.copytree(out, copy)
    before = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", "corpus/demo", "--out", str(copy)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in proc.stderr:
        if "ok (" in line:  # a notebook has finished: the new report is half built
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = {
        p.relative_to(copy): p.read_bytes()
        for p in copy.rglob("*")
        if p.is_file() and ".staging" not in p.parts and p.name != ".lock"
    }
    assert after == before


@pytest.mark.slow
def test_a_notebook_that_fails_after_saving_a_figure_lists_none_of_its_figures(report, tmp_path):
    from analysis.report.runner import build_report

    out, _ = report
    source = next(p for p in NOTEBOOKS if p.name.startswith("10-"))
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "fails-at-the-end",
            "metadata": {},
            "outputs": [],
            "source": ["raise RuntimeError('the last cell fails')"],
        }
    )
    failing = tmp_path / "notebooks" / source.name
    failing.parent.mkdir()
    failing.write_text(json.dumps(nb), encoding="utf-8")
    log = tmp_path / "log.txt"
    with log.open("w") as stream:
        result = build_report(
            run_path=out / "run", out_dir=tmp_path / "report", notebooks=[failing], log=stream
        )
    assert [r.notebook for r in result.failed] == [source.name]
    assert "RuntimeError: the last cell fails" in log.read_text()
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "corpus-articles-words" not in index
    assert "10-corpus-overview" in index and "failed" in index.lower()


@pytest.mark.slow
def test_unknown_and_mistyped_parameters_fail_with_the_valid_names_and_types(report, tmp_path):
    out, _ = report
    nb = next(p for p in NOTEBOOKS if p.name.startswith("20-"))
    run = str(out / "run")
    error = run_notebook(
        nb, tmp_path / "a.ipynb", {"run": run, "evnt": "port-strike", "output_dir": str(tmp_path)}
    )
    assert "unknown parameter evnt" in error and "event (str)" in error
    error = run_notebook(
        nb,
        tmp_path / "b.ipynb",
        {
            "run": run,
            "event": "port-strike",
            "outlets": "daily-clarion",
            "output_dir": str(tmp_path),
        },
    )
    assert "outlets must be list[str], got str" in error and "-y 'outlets: [a, b]'" in error
    error = run_notebook(
        nb, tmp_path / "c.ipynb", {"run": run, "event": "moon-landing", "output_dir": str(tmp_path)}
    )
    assert f"valid values: {', '.join(EVENTS)}" in error
    error = run_notebook(
        nb,
        tmp_path / "d.ipynb",
        {"run": run, "event": "port-strike", "outlets": ["fox"], "output_dir": str(tmp_path)},
    )
    assert "daily-clarion, kestria-herald, ledger-business, meridian-wire" in error
    error = run_notebook(
        nb, tmp_path / "e.ipynb", {"run": str(tmp_path / "no-run"), "output_dir": str(tmp_path)}
    )
    assert "is not a scored run" in error and "python -m analysis score" in error


def test_report_on_a_bad_corpus_exits_2_before_running_anything(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("no front matter\n")
    result = run_cli("report", str(tmp_path), "--out", str(tmp_path.parent / "out-bad"))
    assert result.returncode == 2
    assert "articles/a.md, line 1: no YAML front matter" in result.stderr
    assert not (tmp_path.parent / "out-bad").exists()


def test_report_refuses_a_folder_that_is_not_a_report(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "precious.csv").write_text("mine\n")
    result = run_cli("report", "corpus/demo", "--out", str(tmp_path))
    assert result.returncode == 2 and "not a report" in result.stderr
    assert (tmp_path / "data" / "precious.csv").read_text() == "mine\n"


def test_report_with_an_unknown_notebook_name_lists_the_known_ones(tmp_path):
    result = run_cli("report", "corpus/demo", "--notebook", "99-nope", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "10-corpus-overview" in result.stderr


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
    assert {"validation-agreement", "validation-basil-outlets"} <= ids


def _run_tutorial(workdir, executed=None, **extra):
    nb = next(p for p in NOTEBOOKS if p.name.startswith("00-"))
    params = {"workdir": str(workdir), **extra}
    return run_notebook(nb, executed or workdir.parent / f"{workdir.name}.ipynb", params)


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
    work = tmp_path / "tutorial"
    try:
        error = _run_tutorial(work, base_url=f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()
    assert error == ""
    corpus = load_corpus(work / "corpus")
    assert sorted(corpus.outlet_names()) == ["civic-wire", "harbor-gazette", "the-bugle"]
    assert all(url.startswith("http://127.0.0.1") for url in corpus.articles["url"])
    assert "Read more" not in " ".join(corpus.articles["text"])
    assert set(read_manifest(work)["figure_id"]) == {
        "tutorial-framing-profile",
        "tutorial-quote-balance",
    }
    assert (work / "evidence" / "library-closures.html").exists()
    assert (work / "run" / "run.json").exists()
    sides = dict(zip(corpus.speakers["speaker"], corpus.speakers["side"], strict=True))
    assert sides["Paul Varga"] == "council majority" and sides["Marta Ruiz"] == "opponents"


@pytest.mark.slow
def test_tutorial_runs_twice_in_its_own_folder_and_refuses_anyone_elses(tmp_path):
    work = tmp_path / "tutorial"
    assert _run_tutorial(work) == ""
    assert _run_tutorial(work) == ""  # its own folder: rebuilt
    assert len(load_corpus(work / "corpus").articles) == 3
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me\n")
    error = _run_tutorial(theirs)
    assert "holds files this notebook did not make" in error
    assert (theirs / "notes.txt").read_text() == "keep me\n"
    around = DEMO_CORPUS.parent
    before = sorted(str(p.relative_to(around)) for p in around.rglob("*"))
    error = _run_tutorial(DEMO_CORPUS, executed=tmp_path / "refused.ipynb")
    assert "did not make" in error
    assert sorted(str(p.relative_to(around)) for p in around.rglob("*")) == before
