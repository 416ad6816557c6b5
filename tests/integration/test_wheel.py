"""The built wheel works from outside the repository: lexicons, notebooks, demo, report."""

from __future__ import annotations

import subprocess
import sys
import venv

import pytest

from analysis.paths import ROOT


def _run(args, cwd, timeout=900):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_the_wheel_installs_and_reports_the_demo_from_outside_the_repository(tmp_path):
    wheels = tmp_path / "wheels"
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = sorted(wheels.glob("media_bias_notebooks-*.whl"))
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    installed = _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-c",
            str(ROOT / "requirements.lock"),
            str(wheel),
        ],
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    version = _run([str(python), "-m", "analysis", "--version"], cwd=work)
    assert version.returncode == 0 and "media-bias-notebooks" in version.stdout
    share = env / "share" / "media-bias-notebooks"
    demo = share / "corpus" / "demo"
    assert (share / "notebooks" / "20-event-comparison.ipynb").exists()
    check = _run([str(python), "-m", "analysis", "check", str(demo)], cwd=work)
    assert check.returncode == 0, check.stderr
    score = _run([str(python), "-m", "analysis", "score", str(demo), "--out", "run"], cwd=work)
    assert score.returncode == 0, score.stderr
    assert (work / "run" / "run.json").exists()
    report = _run(
        [
            str(python),
            "-m",
            "analysis",
            "report",
            "--run",
            "run",
            "--out",
            "report",
            "--notebook",
            "10-corpus-overview",
        ],
        cwd=work,
    )
    assert report.returncode == 0, report.stderr
    assert (work / "report" / "index.html").exists()
    assert (work / "report" / "figures" / "corpus-articles-words.svg").exists()
    assert not (ROOT / "reports" / "report").exists()  # nothing anchored to the repository
