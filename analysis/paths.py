"""Project paths, anchored at the repository root (no ``sys.path`` edits anywhere)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
DEMO_CORPUS = CORPUS_DIR / "demo"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
SHARED_DATA_DIR = ROOT.parent / "shared" / "data"


def resolve_path(path: str | Path) -> Path:
    """Resolve a user path: absolute stays, relative is taken from the repository root.

    Notebook parameters use this rule so that the same parameter value works from
    JupyterLab (whose working folder is ``notebooks/``) and from the command line.
    """
    p = Path(path).expanduser()
    return p if p.is_absolute() else (ROOT / p)


def display_path(path: str | Path) -> str:
    """Return ``path`` relative to the repository root when inside it, else absolute.

    Used wherever a path is recorded (parameters, manifests) so that two clones of
    the repository produce the same bytes.
    """
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return p.as_posix()
