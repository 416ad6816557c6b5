"""Shared fixtures: paths to the demo corpus and the shared validation data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from analysis.paths import DEMO_CORPUS, ROOT, SHARED_DATA_DIR

# In CI, property tests draw the same examples every run so a red build is reproducible;
# locally they explore new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SEED = ROOT.parent / "shared" / "seed" / "global-times-openai-zhipu.txt"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo corpus."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO_CORPUS, target)
    return target


def require_shared(path: Path) -> Path:
    """Skip with a printed reason when the shared validation data is absent."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (CI always has it)")
    return path


@pytest.fixture
def shared_data() -> Path:
    return require_shared(SHARED_DATA_DIR)


@pytest.fixture
def seed_text() -> str:
    return require_shared(SEED).read_text(encoding="utf-8")
