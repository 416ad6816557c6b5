"""The pins in pyproject.toml, environment.yml and requirements.lock agree."""

from __future__ import annotations

import re
import subprocess
import tomllib

import yaml

from analysis.paths import ROOT

CONDA_NAMES = {"lxml_html_clean": "lxml-html-clean"}  # pip name -> conda-forge name


def _specs() -> dict[str, str]:
    """Direct dependencies of pyproject.toml and its extras: name to version range."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for items in project["optional-dependencies"].values():
        specs += [i for i in items if not i.startswith(project["name"])]
    out = {}
    for spec in specs:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)~=([0-9][0-9A-Za-z.]*)", spec)
        assert m, f"{spec!r} in pyproject.toml is not a compatible range (name~=version)"
        out[m.group(1).lower()] = m.group(2)
    return out


def _lock() -> dict[str, str]:
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            lock[name.strip().lower().replace("_", "-")] = version.strip()
    return lock


def _in_range(version: str, floor: str) -> bool:
    """Whether ``version`` satisfies ``~=floor`` (same release series, not older)."""
    have = [int(p) for p in version.split(".")[: len(floor.split("."))]]
    want = [int(p) for p in floor.split(".")]
    return have[:-1] == want[:-1] and have >= want


def test_every_direct_dependency_has_a_range_and_the_lock_pins_it_inside():
    specs, lock = _specs(), _lock()
    for name in ("papermill", "nltk", "pandas", "matplotlib", "ipykernel", "jupyterlab", "pytest"):
        assert name in specs, f"{name} missing from pyproject.toml"
    for name, floor in specs.items():
        version = lock.get(name.replace("_", "-"))
        assert version, f"{name} is not pinned in requirements.lock"
        assert _in_range(version, floor), f"{name}: lock {version} is outside ~={floor}"


def test_environment_yml_matches_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            conda[name.strip().lower()] = version.strip()
    assert conda.pop("python") == "3.11"
    lock = _lock()
    expected = {CONDA_NAMES.get(k, k): lock[k.replace("_", "-")] for k in _specs()}
    assert conda == expected


def test_make_help_lists_the_readme_commands():
    out = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for target in ("setup", "report", "test", "check"):
        assert re.search(rf"^\s+{target}\s", out, re.M), f"make help does not list {target}"
    readme = (ROOT / "README.md").read_text()
    assert "make report" in readme and "make test" in readme
