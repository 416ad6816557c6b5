"""The report's pages and data: index, REPORT.md, evidence pages, tables, notebook HTML.

Pages come from Jinja2 templates with autoescape (``analysis/report/templates``):
text from the web is hostile, and nothing from an article, a name or a caption
is ever written into a page unescaped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis._io import spreadsheet_safe, write_csv_safe, write_text_atomic
from analysis.names import slug
from analysis.report.figures import citation_line, outlet_styles, side_colors, write_manifest

if TYPE_CHECKING:
    from analysis.pipeline.run import Run
    from analysis.report.runner import ReportResult

TEMPLATES = Path(__file__).resolve().parent / "templates"
XLSX_ROWS = 1_000_000  # Excel holds 1,048,576 rows a sheet
DATA_LIMIT = 20_000  # articles; larger runs are read from run/ (Parquet parts)


def environment():
    """The Jinja2 environment of the report's templates (autoescape on)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def read_findings(out: Path) -> dict[str, list[str]]:
    """Findings sentences each event notebook wrote (``findings/<event>.json``)."""
    found = {}
    for path in sorted((out / "findings").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["event"]] = list(data["findings"])
    return found


def save_findings(out_dir: str | Path, event: str, lines: list[str]) -> Path:
    """Write an event's findings sentences where the report index picks them up."""
    path = Path(out_dir) / "findings" / f"{slug(event)}.json"
    data = {"event": event, "findings": [line for line in lines if line]}
    return write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def write_evidence(out: Path, run: Run) -> dict[str, str]:
    """One evidence page per event, from the run; returns event to page path."""
    from analysis.report.evidence import render_event_html

    pages = {}
    styles = outlet_styles(run.all_outlets())
    for event in run.event_names():
        texts = run.texts(event=event)
        outlets = sorted(texts["outlet"].unique())
        page = render_event_html(
            event,
            texts,
            run.spans(event=event),
            outlets,
            side_colors(run.sides(event)),
            caption=(
                f"Corpus {run.title} (sha256 {run.short_fingerprint}); {len(texts)} articles. "
                "Every mark is a span in data/spans.csv."
            ),
            styles=styles,
        )
        rel = f"evidence/{slug(event)}.html"
        write_text_atomic(out / rel, page)
        pages[event] = rel
    return pages


def write_scatters(out: Path, run: Run) -> dict[str, str]:
    """One term-scatter page per event (offline HTML); returns event to page path."""
    from analysis.compare import masked_texts
    from analysis.report.scatter import render_scatter_html

    pages = {}
    analysed = set(run.articles.loc[run.articles["analysed"].astype(bool), "id"])
    for event in run.event_names():
        texts = run.texts(event=event)
        texts = texts[texts["id"].isin(analysed)]
        masked = masked_texts(texts, run.spans(event=event))
        by_outlet = {o: [masked[i] for i in g["id"]] for o, g in texts.groupby("outlet")}
        page = render_scatter_html(
            event,
            by_outlet,
            caption=(
                f"Corpus {run.title} (sha256 {run.short_fingerprint}); {len(texts)} articles, "
                "boilerplate left out. Colour: z-score of the log-odds ratio with an informative "
                "Dirichlet prior (Monroe, Colaresi and Quinn 2008), as in the distinctive-words "
                "figure; layout after scattertext (Kessler 2017)."
            ),
        )
        rel = f"scatter/{slug(event)}.html"
        write_text_atomic(out / rel, page)
        pages[event] = rel
    return pages


def write_data(out: Path, run: Run) -> list[dict]:
    """The articles and spans tables in the report: CSV, Parquet and Excel."""
    rows = []
    if run.meta["articles"] > DATA_LIMIT:
        return [{"text": "run/ (Parquet parts)", "href": "run/run.json", "what": "every table"}]
    tables = {
        "articles": run.articles,
        "spans": run.spans().drop(columns=["outlet", "event"]),
        "texts": run.texts(),
    }
    for name, frame in tables.items():
        write_csv_safe(out / "data" / f"{name}.csv", frame)
        frame.to_parquet(out / "data" / f"{name}.parquet", index=False)
        rows.append({"name": name, "rows": len(frame), "formats": ["csv", "parquet"]})
    excel = [(n, f) for n, f in tables.items() if n != "texts" and len(f) <= XLSX_ROWS]
    if excel:
        with pd.ExcelWriter(out / "data" / "tables.xlsx", engine="openpyxl") as writer:
            for name, frame in excel:
                spreadsheet_safe(frame).to_excel(writer, sheet_name=name, index=False)
    return rows


def write_notebook_html(out: Path, result: ReportResult) -> None:
    """Each executed notebook as a standalone HTML page beside its ``.ipynb``."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = False
    for run in result.runs:
        source = out / "notebooks" / run.output
        if not source.exists():
            continue
        body, _ = exporter.from_notebook_node(nbformat.read(source, as_version=4))
        write_text_atomic(source.with_suffix(".html"), body)


def _sections(
    out: Path, run: Run, result: ReportResult, evidence: dict, data: list, scatters: dict
) -> list:
    manifest = write_manifest(out)
    failed = {(r.notebook, r.event) for r in result.failed}
    rows = [
        r
        for r in manifest.to_dict("records")
        if (r["notebook"], r["event"]) not in failed and (r["notebook"], "") not in failed
    ]
    findings = read_findings(out)
    by_section: dict[str, list] = {}
    for row in rows:
        by_section.setdefault(row["section"] or "other", []).append(row)
    sections = [
        {
            "anchor": "corpus",
            "title": "The corpus",
            "intro": "What the comparison stands on: articles and words per outlet and event.",
            "figures": by_section.get("corpus", []),
        }
    ]
    children = []
    for event in run.event_names():
        runs = [r for r in result.runs if r.event == event]
        links = []
        if event in evidence:
            links.append({"href": evidence[event], "text": "evidence page (every span, KWIC)"})
        if event in scatters:
            links.append({"href": scatters[event], "text": "term scatter"})
        for r in runs:
            links.append({"href": f"notebooks/{r.name}.html", "text": f"{r.notebook} (HTML)"})
            links.append({"href": f"notebooks/{r.output}", "text": "ipynb"})
        children.append(
            {
                "anchor": f"event-{slug(event)}",
                "title": event,
                "findings": findings.get(event, []),
                "links": links,
                "figures": [r for r in by_section.get("event", []) if r["event"] == event],
            }
        )
    sections.append({"anchor": "events", "title": "Events", "children": children})
    sections.append(
        {
            "anchor": "outlets",
            "title": "Outlet profiles",
            "intro": "Every outlet over all the events it covered.",
            "figures": by_section.get("outlets", []),
        }
    )
    titles = {"time": "Coverage over time", "validation": "Validation"}
    for name in sorted(
        set(by_section) - {"corpus", "event", "outlets"}, key=lambda n: (n != "time", n)
    ):
        sections.append(
            {"anchor": slug(name), "title": titles.get(name, name), "figures": by_section[name]}
        )
    table = [["table", "rows", "files"]]
    for row in data:
        if "href" in row:
            table.append([row["text"], "", {"href": row["href"], "text": "run.json"}])
            continue
        table.append(
            [row["name"], f"{row['rows']:,}", {"href": f"data/{row['name']}.csv", "text": "CSV"}]
        )
        table.append(["", "", {"href": f"data/{row['name']}.parquet", "text": "Parquet"}])
    if (out / "data" / "tables.xlsx").exists():
        table.append(["articles, spans", "", {"href": "data/tables.xlsx", "text": "Excel"}])
    sections.append(
        {
            "anchor": "data",
            "title": "Data",
            "intro": (
                "Every count in every figure is a number of rows in these tables: open the "
                "spans table to see the words behind a number. Text cells that start with "
                "=, +, - or @ carry a leading apostrophe in CSV and Excel, so a spreadsheet "
                "never runs them as formulas; Parquet keeps the raw text."
            ),
            "table": table,
        }
    )
    nb_table = [["notebook", "parameters", "status", "seconds", "files"]]
    for r in result.runs:
        shown = {k: v for k, v in r.parameters.items() if k not in ("run", "output_dir")}
        nb_table.append(
            [
                r.notebook,
                json.dumps(shown, ensure_ascii=False) if shown else "",
                f"FAILED: {r.error}" if r.error else "ok",
                f"{r.seconds:.1f}",
                {"href": f"notebooks/{r.name}.html", "text": "HTML"},
            ]
        )
    sections.append({"anchor": "notebooks", "title": "Notebooks", "table": nb_table})
    keys = {"intro": "", "children": [], "findings": [], "links": [], "figures": [], "table": []}
    for section in sections:
        for key, empty in keys.items():
            section.setdefault(key, empty)
        for child in section["children"]:
            for key, empty in keys.items():
                child.setdefault(key, empty)
    return sections


def write_report(out: Path, run: Run, result: ReportResult, scored_here: bool) -> None:
    """Write the report's evidence pages, data, notebook pages, index and REPORT.md."""
    from analysis import __version__

    evidence = write_evidence(out, run)
    scatters = write_scatters(out, run)
    data = write_data(out, run)
    write_notebook_html(out, result)
    sections = _sections(out, run, result, evidence, data, scatters)
    context = {
        "run": run,
        "outlets": run.outlet_names(),
        "events": run.event_names(),
        "dates": run.date_range(),
        "software": f"media-bias-notebooks {__version__}",
        "sections": sections,
        "citation": citation_line,
    }
    env = environment()
    write_text_atomic(out / "REPORT.md", env.get_template("report.md.j2").render(**context))
    meta = {
        "corpus": run.meta["corpus"],
        "run": "run" if scored_here else "",
        "software_version": __version__,
        "notebooks": [
            {"notebook": r.notebook, "event": r.event, "ok": not r.error} for r in result.runs
        ],
    }
    write_text_atomic(out / "report.json", json.dumps(meta, indent=2, sort_keys=True) + "\n")
    write_text_atomic(out / "index.html", env.get_template("index.html.j2").render(**context))
