"""The code passes the project's linter and formatter settings (pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

import yaml

from analysis import __version__
from analysis.paths import ROOT


def test_ruff_check_and_format_pass():
    for args in (
        ["check", "analysis", "tests", "benchmarks", "notebooks"],
        ["format", "--check", "analysis", "tests", "benchmarks"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_citation_file_names_the_package_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["version"] == __version__


def test_the_stages_import_only_the_stages_before_them():
    """The import-linter layers contract of pyproject.toml (DESIGN.md: flow runs one way)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout
