"""The report: score once, run the notebooks on the run, write a navigable index.

``python -m analysis report CORPUS`` scores the corpus once into ``<out>/run``
and runs every report notebook on that run (a notebook with a ``run``
parameter; one with an ``event`` parameter runs once per event), two at a time.
``python -m analysis report --run DIR`` reports an existing run (one scored on a
cluster, say) without scoring again. The report folder holds:

* ``index.html`` (with a table of contents: corpus, each event with its findings,
  outlet profiles, data, notebooks) and ``REPORT.md``;
* ``figures/`` (PNG, SVG, PDF and the plotted data of every figure) and the
  manifest ``figures.csv``;
* ``evidence/<event>.html``: the articles side by side, every span marked, with
  a keyword-in-context filter;
* ``data/``: the articles and spans tables (CSV, Parquet, Excel);
* ``notebooks/``: every executed notebook, as ``.ipynb`` and as HTML;
* ``run/``: the scored run itself (when the report scored it).

Everything is built in ``<out>/.staging`` and moved into place only when the
report is complete, so an interrupted report leaves the previous one intact
(``index.html`` is removed first and written last). A lock refuses a second
report into the same folder. A notebook that fails is listed as failed with its
parameters, and none of its figures is listed as current.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from analysis._io import write_text_atomic
from analysis.errors import AnalysisError, RunError
from analysis.names import slug
from analysis.paths import (
    CHECKOUT,
    DEMO_CORPUS,
    NOTEBOOKS_DIR,
    REPORTS_DIR,
    display_path,
    resolve_path,
)
from analysis.report.params import declared_parameters

STAGING = ".staging"
JOBS = 2  # notebooks run at the same time (one kernel each)


@dataclass
class NotebookRun:
    """One notebook execution of a report."""

    notebook: str
    name: str
    parameters: dict
    event: str = ""
    error: str = ""
    seconds: float = 0.0

    @property
    def output(self) -> str:
        """The executed notebook's file name inside ``notebooks/``."""
        return f"{self.name}.ipynb"


@dataclass
class ReportResult:
    """What a report run produced."""

    out_dir: Path
    runs: list[NotebookRun] = field(default_factory=list)

    @property
    def failed(self) -> list[NotebookRun]:
        """The runs that raised an error."""
        return [r for r in self.runs if r.error]


def list_notebooks(directory: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks (``NN-name.ipynb``) in run order."""
    return sorted(p for p in directory.glob("[0-9][0-9]-*.ipynb"))


def is_report_notebook(notebook: Path) -> bool:
    """A notebook the report runs: it reads a run and is not marked interactive-only."""
    meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    if meta.get("media-bias", {}).get("report") is False:
        return False
    return "run" in declared_parameters(notebook)


def _kernel_manager():
    """A kernel manager that talks to its kernel over local IPC sockets, not TCP."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            # One socket folder per kernel: kernels started side by side never share paths.
            import tempfile

            return str(Path(tempfile.mkdtemp(prefix="media-bias-kernel-")) / "kernel")

    return IPCKernelManager


def run_notebook(notebook: Path, output: Path, parameters: dict) -> str:
    """Execute one notebook with papermill; return an error message or ``""``."""
    import papermill as pm

    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.running.ipynb")
    try:
        pm.execute_notebook(
            str(notebook),
            str(partial),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(notebook.parent),
            kernel_manager_class=_kernel_manager(),
        )
    except pm.PapermillExecutionError as exc:
        partial.replace(output)  # keep the executed copy: it shows the failing cell
        return f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, bad notebook file, ...
        if partial.exists():
            partial.replace(output)
        return f"{type(exc).__name__}: {exc}"
    partial.replace(output)
    return ""


@contextlib.contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """Hold ``<out>/.lock``; a second report into the same folder is refused."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / ".lock"
    with path.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunError(
                f"another report is being written into {display_path(out)}; wait for it or "
                "choose another --out"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def _plan(notebooks: list[Path], events: list[str]) -> list[tuple[Path, str]]:
    plan = []
    for notebook in notebooks:
        if not is_report_notebook(notebook):
            continue
        if "event" in declared_parameters(notebook):
            plan += [(notebook, event) for event in events]
        else:
            plan.append((notebook, ""))
    return plan


def _relative_parameters(executed: Path, staging: Path, run_path: Path, out: Path) -> None:
    """Record the report's paths relative to the report folder in an executed notebook.

    The notebook ran on the staging folder; the paths it was given are shown
    relative to the finished report (``run``, ``.``, or the way from the report
    folder to a run scored elsewhere), so no executed notebook names the machine's
    folders.
    """
    nb = json.loads(executed.read_text(encoding="utf-8"))
    outside = os.path.relpath(run_path.resolve(), out.resolve())
    replacements: dict[str, str] = {}
    if not run_path.resolve().is_relative_to(staging.resolve()):
        for spelling in (str(run_path), str(run_path.resolve()), display_path(run_path)):
            replacements[spelling] = outside
    for spelling in (str(staging), str(staging.resolve()), display_path(staging)):
        replacements[spelling] = "."
    prefixes = sorted(replacements, key=len, reverse=True)
    pattern = re.compile("(" + "|".join(re.escape(p) for p in prefixes) + r")(/|(?![\w.\-]))")

    def relative(match: re.Match) -> str:
        base = replacements[match.group(1)]
        if match.group(2) == "/":
            return "" if base == "." else f"{base}/"
        return base

    def walk(node):
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str):
            return pattern.sub(relative, node)
        return node

    for cell in nb["cells"]:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = ["# paths relative to this report's folder\n", *cell["source"]]
    nb = walk(nb)
    papermill = nb.get("metadata", {}).get("papermill", {})
    if "input_path" in papermill:
        papermill["input_path"] = f"notebooks/{Path(papermill['input_path']).name}"
    papermill["output_path"] = f"notebooks/{executed.name}"
    write_text_atomic(executed, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def build_report(
    corpus_path: str | Path | None = None,
    out_dir: str | Path | None = None,
    notebooks: list[Path] | None = None,
    run_path: str | Path | None = None,
    log=sys.stderr,
    jobs: int = JOBS,
) -> ReportResult:
    """Score the corpus once (or open ``run_path``), run the notebooks, write the index."""
    from analysis.corpus import load_corpus
    from analysis.pipeline.run import check_out_folder, read_run, write_run

    corpus = run = None
    if run_path is not None:
        run = read_run(resolve_path(run_path))
        name = run.name
    else:
        corpus = load_corpus(resolve_path(corpus_path) if corpus_path else DEMO_CORPUS)
        name = corpus.name
    out = resolve_path(out_dir) if out_dir is not None else REPORTS_DIR / slug(name)
    if corpus is not None:
        check_out_folder(out / "run", corpus)
    if run is not None and (out.resolve() == run.path.resolve()):
        raise AnalysisError(f"--out {out} is the run folder; write the report elsewhere")
    _check_report_folder(out)
    result = ReportResult(out_dir=out)
    with folder_lock(out):
        staging = out / STAGING
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        started = time.perf_counter()
        if run is None:
            print(f"scoring {len(corpus.articles)} articles of {name} ...", file=log, flush=True)
            run = write_run(corpus, staging / "run", progress=False)
            print(f"  scored in {time.perf_counter() - started:.1f} s", file=log, flush=True)
        plan = _plan(notebooks if notebooks is not None else list_notebooks(), run.event_names())
        result.runs = _execute(plan, run, staging, out, log, jobs)
        from analysis.report.index import write_report

        write_report(staging, run, result, scored_here=(staging / "run").exists())
        _commit(staging, out)
    print(f"report built in {time.perf_counter() - started:.1f} s", file=log, flush=True)
    return result


def _check_report_folder(out: Path) -> None:
    """Refuse a folder that holds files but no report: they could be replaced."""
    if out.exists() and not out.is_dir():
        raise AnalysisError(f"--out {out} is a file; give a folder")
    if out.is_dir() and not (out / "report.json").exists():
        strangers = [p.name for p in out.iterdir() if p.name not in (".lock", STAGING)]
        if strangers:
            raise AnalysisError(
                f"--out {display_path(out)} holds files that are not a report "
                f"({', '.join(sorted(strangers)[:3])}{', ...' if len(strangers) > 3 else ''}); "
                "choose an empty or new folder"
            )


def _parameter_path(path: Path) -> str:
    """A path for a notebook parameter that resolves the same inside the kernel.

    In a checkout, paths relative to the repository root (the kernel resolves them
    from there too); installed, the kernel's working folder is the notebooks' folder,
    not the user's, so the path is absolute (the executed copy records it relative
    to the report folder afterwards).
    """
    return display_path(path) if CHECKOUT is not None else str(path.resolve())


def _execute(plan, run, staging: Path, out: Path, log, jobs: int) -> list[NotebookRun]:
    def one(item: tuple[Path, str]) -> NotebookRun:
        notebook, event = item
        parameters = {"run": _parameter_path(run.path), "output_dir": _parameter_path(staging)}
        name = notebook.stem
        if event:
            parameters["event"] = event
            name = f"{notebook.stem}--{slug(event)}"
        entry = NotebookRun(notebook.name, name, parameters, event)
        begin = time.perf_counter()
        executed = staging / "notebooks" / entry.output
        entry.error = run_notebook(notebook, executed, parameters)
        entry.seconds = time.perf_counter() - begin
        if executed.exists():
            _relative_parameters(executed, staging, run.path, out)
        status = f"FAILED: {entry.error}" if entry.error else "ok"
        label = f"{notebook.name}{f' [{event}]' if event else ''}"
        print(f"  {label}: {status} ({entry.seconds:.1f} s)", file=log, flush=True)
        return entry

    print(f"running {len(plan)} notebooks, {jobs} at a time ...", file=log, flush=True)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, plan))


def _commit(staging: Path, out: Path) -> None:
    """Move the staged report into place: the old index goes first, the new one last."""
    for name in ("index.html", "REPORT.md"):
        with contextlib.suppress(FileNotFoundError):
            (out / name).unlink()
    for item in sorted(staging.iterdir()):
        if item.name in ("index.html", "REPORT.md") or item.name.startswith("."):
            continue  # the index last; lock files stay behind in the staging folder
        target = out / item.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        item.replace(target)
    for name in ("REPORT.md", "index.html"):
        if (staging / name).exists():
            (staging / name).replace(out / name)
    shutil.rmtree(staging, ignore_errors=True)
