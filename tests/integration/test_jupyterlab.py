"""The event-comparison notebook opens and runs in a real JupyterLab, in headless Chromium.

JupyterLab is started on 127.0.0.1 with a token; Playwright drives Debian's
Chromium (``/usr/bin/chromium``, installed by ``.ci/run``) to open the notebook,
run all cells from the Run menu, and check that every code cell ran, no cell
errored, and the figures rendered. A screenshot is saved in the test's
temporary folder. The notebook is run from a copy whose ``output_dir`` points
into that folder, so the repository is not written to.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.paths import NOTEBOOKS_DIR
from tests.integration.conftest import CHROMIUM, CHROMIUM_ARGS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook_copy(folder: Path, run: Path, output_dir: Path) -> Path:
    source = NOTEBOOKS_DIR / "20-event-comparison.ipynb"
    nb = json.loads(source.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            text = "".join(cell["source"])
            text = text.replace('run: str = "reports/demo/run"', f"run: str = {str(run)!r}")
            text = text.replace(
                'output_dir: str = "reports/ad-hoc"', f"output_dir: str = {str(output_dir)!r}"
            )
            assert str(run) in text and str(output_dir) in text
            cell["source"] = text
    target = folder / source.name
    target.write_text(json.dumps(nb), encoding="utf-8")
    return target


@pytest.fixture
def jupyterlab(tmp_path):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium")
        pytest.skip("chromium not installed (apt-get install chromium); CI always has it")
    pytest.importorskip("playwright")
    work = tmp_path / "lab"
    work.mkdir()
    from analysis import load_corpus
    from analysis.paths import DEMO_CORPUS
    from analysis.pipeline.run import write_run

    run = write_run(load_corpus(DEMO_CORPUS), tmp_path / "run", progress=False).path
    _notebook_copy(work, run, tmp_path / "out")
    port, token = _free_port(), secrets.token_hex(16)
    settings = tmp_path / "settings"
    # Render every cell (no windowing) so the test can read every prompt and output,
    # and do not ask about news.
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')
    notify = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notify.parent.mkdir(parents=True)
    notify.write_text('{"fetchNews": "false"}')
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
    }
    jupyter = Path(sys.executable).with_name("jupyter")
    log = tmp_path / "jupyterlab.log"
    # The server's output goes to a file: an unread pipe fills up and stalls the server.
    log_file = log.open("wb")
    server = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={work}",
            "--ServerApp.disable_check_xsrf=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace")) from None
            time.sleep(0.5)
    else:
        server.kill()
        log_file.close()
        raise RuntimeError(f"JupyterLab did not start within 60 s:\n{log.read_text()}")
    yield url, token, tmp_path
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log_file.close()


def _session_state(url: str, token: str, name: str) -> str:
    """The server's view of the notebook's kernel: 'none', 'starting', 'idle', 'busy'..."""
    with urllib.request.urlopen(f"{url}/api/sessions?token={token}", timeout=5) as response:
        sessions = json.load(response)
    for session in sessions:
        if session["path"].endswith(name):
            return session["kernel"]["execution_state"]
    return "none"


def _diagnostics(page, tmp_path: Path) -> str:
    """What a person looking at the screen would see, for a failure message."""
    status = page.locator(".jp-StatusBar-Widget").all_inner_texts()
    dialogs = page.locator(".jp-Dialog").all_inner_texts()
    prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_text_contents()
    log = (tmp_path / "jupyterlab.log").read_text(errors="replace")[-3000:]
    return (
        f"status bar: {status!r}\ndialogs: {dialogs!r}\nprompts: {prompts!r}\n"
        f"screenshot: {tmp_path / 'jupyterlab.png'}\nserver log (tail):\n{log}"
    )


@pytest.mark.slow
def test_event_comparison_runs_in_jupyterlab(jupyterlab):
    from playwright.sync_api import sync_playwright

    url, token, tmp_path = jupyterlab
    name = "20-event-comparison.ipynb"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/lab/tree/{name}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
        # Run only once the kernel is really there: the server reports it idle and the
        # status bar says so. (The toolbar's execution indicator reads 'idle' before
        # any kernel exists, so it is no signal.)
        deadline = time.time() + 180
        while _session_state(url, token, name) != "idle" and time.time() < deadline:
            page.wait_for_timeout(500)
        page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(
            timeout=max(1_000, int((deadline - time.time()) * 1000))
        )
        code_cells = page.locator(".jp-CodeCell").count()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()

        def prompts() -> list[str]:
            texts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_text_contents()
            return [t.strip() for t in texts]

        def finished() -> bool:
            done = [t for t in prompts() if t.startswith("[") and "*" not in t and t != "[ ]:"]
            return len(done) == code_cells and _session_state(url, token, name) == "idle"

        deadline = time.time() + 600
        while not finished() and time.time() < deadline:
            page.wait_for_timeout(500)
        page.screenshot(path=str(tmp_path / "jupyterlab.png"), full_page=False)
        assert finished(), f"not every cell ran within 600 s\n{_diagnostics(page, tmp_path)}"
        errors = page.locator("[data-mime-type='application/vnd.jupyter.error']").count()
        images = page.locator(".jp-RenderedImage img").count()
        text = page.locator(".jp-Notebook").inner_text()
        browser.close()
    assert errors == 0 and "Traceback" not in text, text[-3000:]
    assert images >= 6, f"expected the six figures to render, found {images}"
    assert (tmp_path / "out" / "figures" / "event-port-strike-profile.svg").exists()
    assert (tmp_path / "jupyterlab.png").stat().st_size > 10_000
