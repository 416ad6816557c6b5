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


def punkt_reference(text: str):
    """Reference sentences: one Punkt call on every paragraph, however long, no shortcut."""
    from analysis.text import Sentence, split_paragraphs
    from analysis.text.sentences import _sentence_splitter

    splitter = _sentence_splitter()
    out = []
    for index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        chunk = text[p_start:p_end]
        for a, b in splitter.span_tokenize(chunk):
            piece = chunk[a:b]
            lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
            if b - trail > a + lead:
                out.append(Sentence(p_start + a + lead, p_start + b - trail, index))
    return out
