"""The pins in pyproject.toml, environment.yml and requirements.lock agree."""

from __future__ import annotations

import re
import subprocess
import tomllib

import yaml

from analysis.paths import ROOT

CONDA_NAMES = {"lxml_html_clean": "lxml-html-clean"}  # pip name -> conda-forge name


def _pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = data["project"]
    specs = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    pins = {}
    for spec in specs:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.]*)", spec)
        assert m, f"{spec!r} in pyproject.toml is not an exact pin (name==version)"
        pins[m.group(1).lower()] = m.group(2)
    return pins


def test_every_direct_dependency_is_pinned_exactly():
    pins = _pyproject_pins()
    for name in (
        "jupyterlab",
        "papermill",
        "nltk",
        "pandas",
        "matplotlib",
        "ipykernel",
        "pyyaml",
        "pytest",
        "hypothesis",
    ):
        assert name in pins, f"{name} missing from pyproject.toml"


def test_environment_yml_matches_pyproject_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            conda[name.strip().lower()] = version.strip()
    assert conda.pop("python") == "3.11"
    expected = {CONDA_NAMES.get(k, k): v for k, v in _pyproject_pins().items()}
    assert conda == expected


def test_lock_file_pins_every_direct_dependency_at_the_same_version():
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            lock[name.strip().lower().replace("_", "-")] = version.strip()
    for name, version in _pyproject_pins().items():
        assert lock.get(name.replace("_", "-")) == version, f"{name} differs in requirements.lock"


def test_make_help_lists_the_readme_commands():
    out = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for target in ("setup", "report", "test", "check"):
        assert re.search(rf"^\s+{target}\s", out, re.M), f"make help does not list {target}"
    readme = (ROOT / "README.md").read_text()
    assert "make report" in readme and "make test" in readme
