"""Run the notebooks headless with papermill and build the report index.

``python -m analysis report CORPUS`` executes every numbered notebook in
``notebooks/`` on the corpus, writes the executed copies, figures and manifest to
``reports/<corpus>/`` and an ``index.html`` and ``REPORT.md`` that list each
figure with its caption, parameters and a citation line. A failing notebook is
reported by name and parameters; the others still run.
"""

from __future__ import annotations

import html
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis._io import write_text_atomic
from analysis.corpus import load_corpus
from analysis.paths import NOTEBOOKS_DIR, REPORTS_DIR, display_path, resolve_path
from analysis.report.figures import citation_line, read_manifest


@dataclass
class NotebookRun:
    """The outcome of one notebook execution."""

    notebook: str
    parameters: dict
    output: Path
    error: str = ""


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


def notebook_parameters(notebook: Path) -> dict:
    """The parameters a notebook declares in its tagged cell (name to default)."""
    import papermill as pm

    return dict(pm.inspect_notebook(str(notebook)))


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


def build_report(
    corpus_path: str | Path,
    out_dir: str | Path | None = None,
    notebooks: list[Path] | None = None,
    log=sys.stderr,
) -> ReportResult:
    """Validate the corpus, run every notebook on it and write the report index."""
    corpus_path = resolve_path(corpus_path)
    corpus = load_corpus(corpus_path)  # fails fast, with every problem listed
    out = resolve_path(out_dir) if out_dir is not None else REPORTS_DIR / corpus.name
    result = ReportResult(out_dir=out)
    for notebook in notebooks if notebooks is not None else list_notebooks():
        declared = notebook_parameters(notebook)
        if "corpus" not in declared:
            continue  # not a corpus notebook (the tutorial, the validation notebook)
        base = {"corpus": display_path(corpus_path), "output_dir": display_path(out)}
        # A notebook with an `event` parameter runs once per event of the corpus.
        per_event = "event" in declared
        for event in corpus.event_names() if per_event else [None]:
            parameters = {**base, "event": event} if event else base
            name = f"{notebook.stem}--{event}.ipynb" if event else notebook.name
            output = out / "notebooks" / name
            print(f"running {notebook.name} {json.dumps(parameters)}", file=log, flush=True)
            error = run_notebook(notebook, output, parameters)
            result.runs.append(NotebookRun(name, parameters, output, error))
            if error:
                print(
                    f"FAILED {notebook.name} with parameters {json.dumps(parameters)}: {error}\n"
                    f"  the executed copy with the failing cell is {display_path(output)}",
                    file=log,
                    flush=True,
                )
    write_index(out, result)
    return result


def write_index(out: Path, result: ReportResult) -> None:
    """Write ``REPORT.md`` and ``index.html`` from the run's figure manifest."""
    manifest = read_manifest(out)
    write_text_atomic(out / "REPORT.md", _markdown(manifest, result))
    write_text_atomic(out / "index.html", _html(manifest, result))


def _markdown(manifest: pd.DataFrame, result: ReportResult) -> str:
    lines = ["# Report", ""]
    if not manifest.empty:
        first = manifest.iloc[0]
        lines += [
            f"Corpus `{first['corpus']}` (sha256 `{first['corpus_fingerprint'][:12]}`), "
            f"{first['software_version']}.",
            "",
        ]
    lines += ["## Notebooks", ""]
    for run in result.runs:
        status = f"FAILED: {run.error}" if run.error else "ok"
        lines.append(f"- `{run.notebook}` ({status}): [executed copy](notebooks/{run.output.name})")
    evidence = sorted((result.out_dir / "evidence").glob("*.html"))
    if evidence:
        lines += ["", "## Evidence pages", ""]
        lines += [
            f"- [{p.stem}](evidence/{p.name}): the articles side by side, every span highlighted"
            for p in evidence
        ]
    lines += ["", "## Figures", ""]
    for row in manifest.to_dict("records"):
        lines += [
            f"### {row['figure_id']}: {row['title']}",
            "",
            f"![{row['title']}](figures/{row['figure_id']}.png)",
            "",
            row["caption"],
            "",
            f"- Files: {', '.join(f'[{f}]({f})' for f in row['files'].split())}",
            f"- Notebook `{row['notebook']}`, parameters `{row['parameters']}`",
            f"- Cite as: {citation_line(row)}",
            "",
        ]
    return "\n".join(lines)


def _html(manifest: pd.DataFrame, result: ReportResult) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Media-bias report</title>",
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;"
        "line-height:1.45;padding:0 1rem}figure{margin:2rem 0}img{max-width:100%}"
        "code{background:#f4f4f4;padding:0 .2em}.fail{color:#b00}</style>",
        "</head><body><h1>Media-bias report</h1>",
    ]
    if not manifest.empty:
        first = manifest.iloc[0]
        parts.append(
            f"<p>Corpus <code>{esc(first['corpus'])}</code> (sha256 "
            f"<code>{esc(first['corpus_fingerprint'][:12])}</code>), "
            f"{esc(first['software_version'])}.</p>"
        )
    parts.append("<h2>Notebooks</h2><ul>")
    for run in result.runs:
        status = f'<span class="fail">FAILED: {esc(run.error)}</span>' if run.error else "ok"
        parts.append(
            f'<li><a href="notebooks/{esc(run.output.name)}">{esc(run.notebook)}</a> '
            f"({status})</li>"
        )
    parts.append("</ul>")
    evidence = sorted((result.out_dir / "evidence").glob("*.html"))
    if evidence:
        parts.append("<h2>Evidence pages</h2><ul>")
        parts += [
            f'<li><a href="evidence/{esc(p.name)}">{esc(p.stem)}</a>: the articles side '
            "by side, every span highlighted</li>"
            for p in evidence
        ]
        parts.append("</ul>")
    parts.append("<h2>Figures</h2>")
    for row in manifest.to_dict("records"):
        links = " · ".join(
            f'<a href="{esc(f)}">{esc(Path(f).suffix[1:].upper())}</a>'
            for f in row["files"].split()
        )
        parts.append(
            f'<figure id="{esc(row["figure_id"])}"><h3>{esc(row["figure_id"])}: '
            f'{esc(row["title"])}</h3><img src="figures/{esc(row["figure_id"])}.png" '
            f'alt="{esc(row["title"])}"><figcaption><p>{esc(row["caption"])}</p>'
            f"<p>{links}</p><p>Notebook <code>{esc(row['notebook'])}</code>, parameters "
            f"<code>{esc(row['parameters'])}</code></p><p>Cite as: "
            f"{esc(citation_line(row))}</p></figcaption></figure>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
