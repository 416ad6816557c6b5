"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from analysis.paths import ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` from the repository root, output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=ROOT
    )


def folder_digest(root: Path, mtimes: bool = False) -> str:
    """sha256 over every path and file content below ``root`` (and mtimes, if asked)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
            if mtimes:
                digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()
