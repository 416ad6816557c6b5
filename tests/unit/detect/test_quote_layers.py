"""The quote detector's modules import only the layers below them."""

from __future__ import annotations

import ast

from analysis.paths import ROOT

LAYERS = ["words", "mentions", "entities", "speakers", "detection"]


def _imports(module: str) -> set[str]:
    path = ROOT / "analysis" / "detect" / "quotes" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {m.rsplit(".", 1)[-1] for m in found if m.startswith("analysis.detect.quotes.")}


def test_each_layer_imports_only_the_layers_below():
    for index, module in enumerate(LAYERS):
        assert _imports(module) <= set(LAYERS[:index]), module
