"""Every error the suite raises on purpose: one base, :class:`AnalysisError`.

The command line catches :class:`AnalysisError` once, prints its message and
exits with code 2 (bad input). Anything else is a bug and keeps its traceback.
Each subclass stays a ``ValueError`` too, so code that caught ``ValueError``
before keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AnalysisError(ValueError):
    """Bad input or a refused operation, with a message that says what to do."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a corpus: where it is and what is wrong."""

    file: str
    line: int | None = None
    field: str | None = None
    message: str = ""
    unit: str = "line"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {self.unit} {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class CorpusError(AnalysisError):
    """Raised when a corpus cannot be loaded; holds every problem found."""

    def __init__(self, problems: list[Problem], root: str | Path = ""):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or ""))
        self.root = str(root)
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in corpus {self.root}"
        return head + ":\n" + "\n".join(f"  - {p}" for p in self.problems)


class LexiconError(AnalysisError):
    """A lexicon file cannot be read; the message names the file and line."""


class IngestError(AnalysisError):
    """Bad input to ingestion: the message lists every problem with its line."""


class RunError(AnalysisError):
    """A scored run cannot be written, read or resumed (or the Dask engine failed)."""


class DatasetError(AnalysisError):
    """A validation dataset is missing or not in the expected layout."""


class MarkupError(AnalysisError):
    """Malformed inline gold markup, with the offset in the marked-up text."""


class ParameterError(AnalysisError):
    """A notebook or report parameter has the wrong name, type or value."""
