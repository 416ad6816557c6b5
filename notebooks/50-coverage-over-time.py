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
# # 50 · Coverage over time
#
# **Question.** When did each outlet cover each event, how much, and who was first?
# Attention is a framing decision too: an outlet that publishes one short piece a day
# late tells its readers something different from one that runs three stories the same
# morning. (Media Cloud's attention analysis asks the same of its collections.)
#
# Articles and words per outlet per day, the first and last article of each outlet on
# each event, and, when you pass a table of each outlet's total output per day, the
# share of its output the corpus's events took. Dates come from the articles' `date`
# field; undated articles are counted in the totals and listed, not placed in time.

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis.paths import resolve_path
from analysis.report import plots
from analysis.report.figures import outlet_styles, save_figure, use_house_style
from analysis.report.params import setup_notebook

# %% tags=["parameters"]
run: str = "reports/demo/run"  # the scored run to read (written by make report or python -m analysis score)
output_csv: str = ""  # optional CSV outlet,date,articles: each outlet's total articles per day, for shares
output_dir: str = "reports/ad-hoc"  # where figures and their data are written (make report passes its own folder)

# %%
nb = setup_notebook("50-coverage-over-time.ipynb", globals())

# %% [markdown]
# ## Load

# %%
articles = nb.run.articles.copy()
articles["day"] = pd.to_datetime(articles["date"]).dt.normalize()
dated = articles[articles["day"].notna()]
undated = articles[articles["day"].isna()]
styles = outlet_styles(nb.run.all_outlets())
figure = {"out_dir": nb.out, "notebook": nb.notebook, "parameters": nb.recorded, "run": nb.run,
          "section": "time"}
print(f"{len(dated)} dated articles from {dated['day'].min():%Y-%m-%d} to {dated['day'].max():%Y-%m-%d}; "
      f"{len(undated)} undated" if len(dated) else "no dated article")

# %% [markdown]
# ## Sanity checks
#
# Undated articles cannot be placed in time; they are listed here.

# %%
undated[["id", "outlet", "event"]]

# %% [markdown]
# ## Articles and words per outlet per day

# %%
use_house_style()
daily = (dated.groupby(["outlet", "day"]).agg(articles=("id", "size"), words=("words", "sum"))
         .reset_index())
if len(daily):
    fig = plots.plot_coverage_per_day(daily, nb.run.outlet_names(), styles)
    save_figure(fig, "coverage-per-day", title="Articles and words per outlet per day",
                caption=(f"Articles (top) and word tokens after hygiene (bottom) each outlet published "
                         f"per day on the events of {nb.run.title}, every event pooled; "
                         f"{len(undated)} undated articles are left out of this figure."),
                data=daily, **figure)

# %% [markdown]
# ## First and last to cover each event

# %%
span = (dated.groupby(["event", "outlet"]).agg(first=("day", "min"), last=("day", "max"),
                                                 articles=("id", "size")).reset_index())
span["days_after_first"] = (span["first"] - span.groupby("event")["first"].transform("min")).dt.days
if len(span):
    fig = plots.plot_first_last(span, styles)
    save_figure(fig, "coverage-first-last", title="When each outlet covered each event",
                caption=("For each event, each outlet's first article (marker) and last article (end of "
                         "the line), by publication date."),
                data=span, **figure)
span.sort_values(["event", "first", "outlet"])

# %% [markdown]
# ## Share of each outlet's output
#
# With a table of each outlet's total articles per day (`output_csv`: columns
# `outlet`, `date`, `articles`), the share of its output that the corpus's events took.

# %%
share = pd.DataFrame()
if output_csv:
    totals = pd.read_csv(resolve_path(output_csv), dtype={"outlet": "string"})
    missing = {"outlet", "date", "articles"} - set(totals.columns)
    if missing:
        raise ValueError(f"parameter output_csv={output_csv!r}: missing column(s) {', '.join(sorted(missing))}")
    totals["day"] = pd.to_datetime(totals["date"]).dt.normalize()
    share = daily.merge(totals[["outlet", "day", "articles"]].rename(columns={"articles": "published"}),
                        on=["outlet", "day"], how="inner")
    share["share"] = share["articles"] / share["published"]
    fig = plots.plot_output_share(share, nb.run.outlet_names(), styles)
    save_figure(fig, "coverage-output-share", title="Share of each outlet's output on the corpus's events",
                caption=("Articles on the corpus's events divided by all articles the outlet published "
                         f"that day (from {output_csv})."),
                data=share, **figure)

# %% [markdown]
# ## Findings

# %%
lines = []
for event, group in span.groupby("event"):
    first = group.sort_values(["first", "outlet"]).iloc[0]
    late = group[group["days_after_first"] > 0].sort_values("days_after_first")
    lines.append(f"{event}: first covered by {first.outlet} on {first['first']:%Y-%m-%d}"
                 + (f"; {', '.join(f'{r.outlet} {r.days_after_first} day(s) later' for r in late.itertuples())}"
                    if len(late) else "; every outlet on the same day") + ".")
most = daily.groupby("outlet")["articles"].sum().sort_values(ascending=False) if len(daily) else pd.Series()
if len(most):
    lines.append(f"Most articles: {most.index[0]} ({most.iloc[0]}); fewest: {most.index[-1]} ({most.iloc[-1]}).")
display(Markdown("\n".join(f"- {line}" for line in lines)))
