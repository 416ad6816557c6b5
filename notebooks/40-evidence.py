# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 40 · Evidence
#
# **Purpose.** Every number in the other notebooks counts spans. This notebook shows
# the spans: the articles of one event side by side, one column per outlet, with loaded
# terms, hedges, boosters, scare quotes and anonymous sources marked and every quote
# shaded by the side of its speaker (hover for speaker, role and the rule that fired).
# The page is one standalone HTML file that opens offline; `make report` writes one for
# every event into the report's `evidence/` folder, so this notebook is for looking at
# one event interactively.

# %%
from IPython.display import HTML, display

from analysis._io import write_text_atomic
from analysis.names import slug
from analysis.paths import display_path
from analysis.report.evidence import render_event_html
from analysis.report.figures import side_colors
from analysis.report.params import setup_notebook

# %% tags=["parameters"]
run: str = "reports/demo/run"  # the scored run to read (written by make report or python -m analysis score)
event: str = "ai-rival-report"  # the event to show: one of the run's events
outlets: list[str] = []  # outlets to show; [] means every outlet that covered the event
output_dir: str = "reports/ad-hoc"  # the page is written to <output_dir>/evidence/<event>.html

# %%
nb = setup_notebook("40-evidence.ipynb", globals())

# %% [markdown]
# ## Spans

# %%
texts = nb.run.texts(event=event, outlets=outlets or None)
spans = nb.run.spans(event=event, outlets=outlets or None)
chosen = outlets or sorted(texts["outlet"].unique())
print(f"{len(texts)} articles; spans by kind:")
spans["kind"].value_counts()

# %% [markdown]
# ## The page

# %%
page = render_event_html(
    event, texts, spans, chosen, side_colors(nb.run.sides(event)),
    caption=(f"Corpus {nb.run.title} (sha256 {nb.run.short_fingerprint}); {len(texts)} articles. "
             "Every mark is a span of the run's spans table."))
page_path = write_text_atomic(nb.out / "evidence" / f"{slug(event)}.html", page)
print(f"written {display_path(page_path)} ({len(page):,} bytes)")
display(HTML(page))
