"""The metric registry is the one place a metric is defined: README and tables follow it."""

from __future__ import annotations

import re

from analysis.paths import ROOT
from analysis.pipeline.annotate import Options, score_article
from analysis.pipeline.metrics import IDENTITY_COLUMNS
from analysis.schema import (
    ARTICLE_RESULT_DESCRIPTIONS,
    COUNT_COLUMNS,
    COUNT_DESCRIPTIONS,
    DENOMINATORS,
    METRICS,
    metric_table,
)

START, END = "<!-- metrics:start -->", "<!-- metrics:end -->"


def test_the_readme_metric_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), readme, re.S)
    assert block, f"README.md has no {START} ... {END} block"
    assert block.group(1) == metric_table(), (
        "README.md's metric table differs from analysis/schema.py; regenerate it with "
        "python -c 'from analysis.schema import metric_table; print(metric_table())'"
    )


def test_every_rate_divides_a_count_by_a_described_denominator():
    for m in METRICS:
        assert m.numerator in COUNT_COLUMNS, m.name
        assert m.denominator in DENOMINATORS and m.denominator in COUNT_COLUMNS, m.name
        assert m.scale in (1, 1000) and m.label and m.description, m.name
    assert set(COUNT_DESCRIPTIONS) == set(COUNT_COLUMNS)
    names = [m.name for m in METRICS] + list(COUNT_COLUMNS) + list(ARTICLE_RESULT_DESCRIPTIONS)
    assert len(names) == len(set(names)), "one name, one quantity"


def test_every_column_an_article_gets_is_in_the_metric_table():
    text = (
        'Officials said the plan was "reckless," according to a person familiar with it. '
        '"We will fight it," said Mayor Ann Lee, who perhaps overstated the case.'
    )
    row = score_article("a1", "Outlet", "Event", text, options=Options(tone=True)).row
    described = {*IDENTITY_COLUMNS, *(m.name for m in METRICS), *COUNT_COLUMNS}
    described |= set(ARTICLE_RESULT_DESCRIPTIONS)
    assert set(row) - described == set()
