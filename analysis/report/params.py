"""Notebook parameters: declared once, checked in one line, the same way everywhere.

Every notebook has one cell tagged ``parameters`` holding plain values, each with
a type annotation and a one-line comment::

    run: str = "reports/demo/run"  # the scored run to read (python -m analysis score)
    event: str = "ai-rival-report"  # the event to compare

so ``papermill --help-notebook`` documents it. The next cell calls
:func:`setup_notebook`, which

* rejects a parameter the notebook does not declare (a misspelt ``-p evnt x``),
  listing the declared names and types;
* rejects a value of the wrong type (``-p outlets city-tribune`` where a list is
  declared), saying what to write instead;
* opens the scored run and checks the values against it (an event or outlet
  that is not in the run is named, with the valid choices);
* refuses an output folder inside the run or the corpus, so no parameter can
  overwrite data the notebook did not make.

Relative paths are taken from the repository root (a source checkout) or the
working folder (an installed package), so the same values work in JupyterLab
and headless.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import ParameterError
from analysis.paths import NOTEBOOKS_DIR, display_path, resolve_path

TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list[str]": list, "dict": dict}
# Parameters that name files and folders: recorded by fingerprint or not at all.
PATH_PARAMETERS = ("run", "output_dir", "corpus", "data_dir", "corpus_dir", "urls")


@dataclass(frozen=True)
class Declared:
    """One declared parameter: its name, type, default and help text."""

    name: str
    type: str
    default: Any
    help: str


def declared_parameters(notebook: str | Path) -> dict[str, Declared]:
    """The parameters a notebook declares in its tagged cell, in order."""
    path = Path(notebook)
    if not path.is_absolute() and not path.exists():
        path = NOTEBOOKS_DIR / path
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    cell = next((c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        raise ParameterError(f"{path.name} has no cell tagged 'parameters'")
    source = "".join(cell["source"])
    lines = source.split("\n")
    out = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            raise ParameterError(
                f"{path.name}: the parameters cell must hold only 'name: type = value  # help' "
                f"lines (line {node.lineno})"
            )
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line else ""
        out[node.target.id] = Declared(
            node.target.id,
            ast.unparse(node.annotation),
            ast.literal_eval(node.value) if node.value is not None else None,
            comment,
        )
    return out


def _type_ok(value: Any, declared: str) -> bool:
    if declared == "list[str]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if declared == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if declared == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    expected = TYPES.get(declared)
    return expected is None or isinstance(value, expected)


def _example(declared: Declared) -> str:
    if declared.type == "list[str]":
        return f"-y '{declared.name}: [a, b]' (a YAML list; [] for all)"
    return f"-p {declared.name} VALUE"


def _literal(node: ast.AST | None) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return False
    return True


def _assigned_parameters(sources: list[str]) -> set[str]:
    """Names set by cells that hold only plain assignments of literal values.

    Those are the parameters cell and the values papermill injected (IPython keeps
    every executed cell's source in ``In``).
    """
    names: set[str] = set()
    for source in sources:
        try:
            body = ast.parse(source).body
        except SyntaxError:
            continue
        if not body or not all(
            isinstance(n, ast.Assign | ast.AnnAssign) and _literal(n.value) for n in body
        ):
            continue
        for node in body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def check_names_and_types(notebook: str, namespace: dict) -> dict[str, Any]:
    """Every declared parameter's value from ``namespace``, checked for name and type.

    Raises:
        ParameterError: for an undeclared name (with the declared names and types)
            or a value of the wrong type (with how to write it).
    """
    declared = declared_parameters(notebook)
    listing = ", ".join(f"{d.name} ({d.type})" for d in declared.values())
    unknown = sorted(_assigned_parameters(namespace.get("In", [])) - set(declared))
    if unknown:
        raise ParameterError(
            f"{notebook}: unknown parameter{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}; this notebook takes: {listing}"
        )
    values = {}
    for name, d in declared.items():
        value = namespace.get(name, d.default)
        if not _type_ok(value, d.type):
            raise ParameterError(
                f"{notebook}: parameter {name} must be {d.type}, got {type(value).__name__} "
                f"{value!r}; write it as {_example(d)}"
            )
        values[name] = value
    return values


def check_choice(name: str, value: str, valid: list[str], where: str) -> None:
    """``value`` must be one of ``valid``; else a message listing them."""
    if value not in valid:
        raise ParameterError(
            f"parameter {name}={value!r} is not in {where}; valid values: {', '.join(valid)}"
        )


def check_subset(name: str, values: list[str], valid: list[str], where: str) -> None:
    """Every item of ``values`` must be in ``valid``; else a message listing them."""
    wrong = [v for v in values if v not in valid]
    if wrong:
        raise ParameterError(
            f"parameter {name}: {', '.join(map(repr, wrong))} not in {where}; valid values: "
            f"{', '.join(valid)}"
        )


def _check_analysable(run: Any, event: str | None) -> None:
    """A run (or an event of it) with no article the detectors could read is an error."""
    articles = run.articles
    if event is not None and event in set(articles["event"]):
        articles = articles[articles["event"] == event]
    if "analysed" not in articles.columns or articles["analysed"].astype(bool).any():
        return
    languages = ", ".join(
        f"{lang} ({n})" for lang, n in articles["language"].value_counts().sort_index().items()
    )
    where = f"event {event!r} of run {run.title}" if event else f"run {run.title}"
    raise ParameterError(
        f"no article of {where} could be analysed: every article is in a language the "
        f"detectors do not support ({languages}) or holds no words once boilerplate is "
        "left out; see notebook 10 or python -m analysis check for what hygiene found"
    )


@dataclass
class NotebookContext:
    """What a notebook needs after its parameters are checked.

    Attributes:
        notebook: the notebook's file name (recorded with every figure).
        params: every parameter's value.
        run: the scored run (when the notebook declares ``run``).
        out: the output folder (when it declares ``output_dir``).
        recorded: the parameters as figures record them (paths left out: the
            run is recorded by its corpus fingerprint, the output by where it is).
    """

    notebook: str
    params: dict[str, Any]
    run: Any = None
    out: Path | None = None
    recorded: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        params = self.__dict__.get("params", {})
        if name in params:
            return params[name]
        raise AttributeError(name)


def setup_notebook(notebook: str, namespace: dict) -> NotebookContext:
    """Check a notebook's parameters and open its run: the one line after the parameters.

    Checks names and types (:func:`check_names_and_types`); opens ``run``; checks
    ``event`` against the run's events and ``outlets`` against the outlets that
    covered it (or all outlets), and ``resamples`` (at least 100) and ``seed``;
    refuses an ``output_dir`` inside the run or its corpus.
    """
    from analysis.pipeline.run import read_run

    params = check_names_and_types(notebook, namespace)
    ctx = NotebookContext(notebook, params)
    if "run" in params:
        ctx.run = read_run(resolve_path(params["run"]))
    run = ctx.run
    if run is not None:
        _check_analysable(run, params.get("event"))
    if run is not None and "event" in params:
        check_choice("event", params["event"], run.event_names(), f"run {run.title}")
    if run is not None and "outlets" in params:
        if "event" in params:
            covering = sorted(
                run.articles.loc[run.articles["event"] == params["event"], "outlet"].unique()
            )
            where = f"the outlets that covered {params['event']}"
        else:
            covering, where = run.outlet_names(), f"run {run.title}"
        check_subset("outlets", params["outlets"], covering, where)
    if "resamples" in params and params["resamples"] < 100:
        raise ParameterError(
            f"parameter resamples={params['resamples']} must be at least 100 "
            "(2,000 or more for published figures)"
        )
    if "output_dir" in params:
        if not params["output_dir"].strip():
            raise ParameterError("parameter output_dir must be a folder, not empty")
        ctx.out = resolve_path(params["output_dir"])
        if run is not None:
            target = ctx.out.resolve()
            base = run.path.resolve()
            if target == base or base in target.parents:
                raise ParameterError(
                    f"parameter output_dir={params['output_dir']!r} is inside the run "
                    f"{display_path(run.path)}; write figures elsewhere"
                )
    ctx.recorded = {k: v for k, v in params.items() if k not in PATH_PARAMETERS}
    return ctx


OWN_MARKER = ".made-by-media-bias"


def own_folder(path: Path, notebook: str) -> Path:
    """A work folder for a notebook that writes more than figures (the tutorial).

    The folder is created with a marker file. A folder that exists and holds
    anything but is not marked as made by a notebook is refused, so a parameter
    can never point the notebook at data it did not make. A marked folder is the
    notebook's own: what it made there (the corpus, the run, figures, pages) is
    replaced on the next run.
    """
    import shutil

    path = Path(path)
    marker = path / OWN_MARKER
    if path.exists() and not path.is_dir():
        raise ParameterError(f"{display_path(path)} is a file; give a folder for the notebook")
    if path.is_dir() and any(path.iterdir()) and not marker.exists():
        raise ParameterError(
            f"{display_path(path)} exists and holds files this notebook did not make; "
            "give a new or empty folder"
        )
    if marker.exists():
        for item in path.iterdir():
            if item.name != OWN_MARKER:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
    path.mkdir(parents=True, exist_ok=True)
    marker.write_text(f"made by {notebook}; its contents are replaced on each run\n")
    return path
