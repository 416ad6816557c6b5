"""The report runner records no machine paths in the notebooks it executes."""

from __future__ import annotations

import json

from analysis.report.runner import _relative_parameters


def _executed(path, parameters: dict) -> None:
    lines = [f"{k} = {json.dumps(v)}\n" for k, v in parameters.items()]
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"tags": ["injected-parameters"]},
                "source": lines,
                "outputs": [
                    {"output_type": "stream", "text": [f"read {parameters['run']}/run.json\n"]}
                ],
            }
        ],
        "metadata": {"papermill": {"parameters": parameters, "input_path": "/x/notebooks/a.ipynb"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_a_run_scored_for_the_report_is_named_from_the_report_folder(tmp_path):
    out = tmp_path / "report"
    staging = out / ".staging"
    executed = staging / "notebooks" / "a.ipynb"
    _executed(executed, {"run": str(staging / "run"), "output_dir": str(staging)})
    _relative_parameters(executed, staging, staging / "run", out)
    nb = json.loads(executed.read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"] == {"run": "run", "output_dir": "."}
    assert str(tmp_path) not in executed.read_text(encoding="utf-8")
    assert nb["metadata"]["papermill"]["input_path"] == "notebooks/a.ipynb"


def test_a_run_scored_elsewhere_is_the_way_from_the_report_folder_to_it(tmp_path):
    out = tmp_path / "reports" / "event"
    staging = out / ".staging"
    run = tmp_path / "runs" / "event"
    executed = staging / "notebooks" / "a.ipynb"
    _executed(executed, {"run": str(run), "output_dir": str(staging)})
    _relative_parameters(executed, staging, run, out)
    text = executed.read_text(encoding="utf-8")
    nb = json.loads(text)
    assert nb["metadata"]["papermill"]["parameters"]["run"] == "../../runs/event"
    assert "read ../../runs/event/run.json" in "".join(nb["cells"][0]["outputs"][0]["text"])
    assert str(tmp_path) not in text
