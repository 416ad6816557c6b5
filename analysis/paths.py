"""Project paths: anchored at the repository root in a checkout, never at site-packages.

Run from a source checkout (``pip install -e .``), paths are relative to the
repository root, so the same parameter values work from JupyterLab (whose working
folder is ``notebooks/``) and from the command line. Installed as a package
(``pip install .``), relative paths are taken from the working folder, reports go
to ``./reports``, and the notebooks and tutorial pages come from the package's
shared data (``<prefix>/share/media-bias-notebooks/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _checkout_root() -> Path | None:
    root = _PACKAGE.parent
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and 'name = "media-bias-notebooks"' in pyproject.read_text(
        encoding="utf-8"
    ):
        return root
    return None


CHECKOUT = _checkout_root()
#: The base of relative paths: the repository root, or the working folder when installed.
ROOT = CHECKOUT if CHECKOUT is not None else Path.cwd()
SHARE_DIR = Path(sys.prefix) / "share" / "media-bias-notebooks"
NOTEBOOKS_DIR = CHECKOUT / "notebooks" if CHECKOUT is not None else SHARE_DIR / "notebooks"
CORPUS_DIR = (CHECKOUT if CHECKOUT is not None else SHARE_DIR) / "corpus"
DEMO_CORPUS = CORPUS_DIR / "demo"
REPORTS_DIR = ROOT / "reports"
SHARED_DATA_DIR = ROOT.parent / "shared" / "data"


def resolve_path(path: str | Path) -> Path:
    """Resolve a user path: absolute stays, relative is taken from :data:`ROOT`."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else (ROOT / p)


def display_path(path: str | Path) -> str:
    """``path`` relative to :data:`ROOT` when inside it, else as given.

    Used wherever a path is shown or recorded, so two clones of the repository
    produce the same bytes and no output names the machine's home folder.
    """
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return p.as_posix()
