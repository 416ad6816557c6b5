"""Fixtures shared by the integration tests: one demo report for the whole session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory):
    """``python -m analysis report corpus/demo`` into a temporary folder (built once)."""
    out = tmp_path_factory.mktemp("report")
    result = run_cli("report", "corpus/demo", "--out", str(out))
    return out, result


def require_chromium() -> None:
    """Skip without Debian's Chromium, except in CI (which installs it)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium")
        pytest.skip("chromium not installed (apt-get install chromium); CI always has it")
    pytest.importorskip("playwright")
