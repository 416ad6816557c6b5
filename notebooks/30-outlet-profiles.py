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
# # 30 · Outlet profiles
#
# **Question.** Across every event in the corpus, how does each outlet frame the news:
# its framing profile pooled over all its articles, how it differs from each other
# outlet on the events both covered, and how consistent it is from event to event.
#
# Paired differences compare outlets only on events both covered, so an outlet is not
# penalised for covering a more dramatic event; their intervals resample events.

# %%
from IPython.display import Markdown, display

from analysis.compare import (
    RATE_METRICS,
    comparable,
    describe_rates,
    paired_differences,
    rate_table,
)
from analysis.report import plots
from analysis.report.figures import outlet_styles, save_figure, use_house_style
from analysis.report.params import setup_notebook

# %% tags=["parameters"]
run: str = "reports/demo/run"  # the scored run to read (written by make report or python -m analysis score)
outlets: list[str] = []  # outlets to include; [] means all
output_dir: str = "reports/ad-hoc"  # where figures and their data are written (make report passes its own folder)
drop_syndicated: bool = False  # leave out copies of another outlet's article (the original stays)
resamples: int = 2000  # bootstrap resamples for the 95% intervals
seed: int = 0  # random seed of the bootstrap

# %%
nb = setup_notebook("30-outlet-profiles.ipynb", globals())

# %% [markdown]
# ## Load

# %%
chosen = outlets or nb.run.outlet_names()
articles = comparable(nb.run.articles[nb.run.articles["outlet"].isin(chosen)], drop_syndicated)
styles = outlet_styles(nb.run.all_outlets())
labels = {m: RATE_METRICS[m].label for m in RATE_METRICS}
figure = {"out_dir": nb.out, "notebook": nb.notebook, "parameters": nb.recorded, "run": nb.run,
          "section": "outlets"}
coverage = articles.pivot_table(index="outlet", columns="event", values="id", aggfunc="count", fill_value=0)
print(f"{len(articles)} articles, {articles['words'].sum():,} words")
coverage

# %% [markdown]
# ## Sanity checks
#
# Outlets that share no event cannot be compared pairwise; they are listed here.

# %%
events_of = {o: set(articles.loc[articles["outlet"] == o, "event"]) for o in chosen}
lonely = [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:] if not events_of[a] & events_of[b]]
print(f"pairs of outlets with no shared event: {len(lonely)}", *lonely, sep="\n  ")

# %% [markdown]
# ## Framing profile of each outlet, all events pooled

# %%
use_house_style()
profile = ["loaded_per_1k_words", "loaded_per_1k_quoted_words", "hedges_per_1k_words",
           "boosters_per_1k_words", "quoted_word_share", "stance_verb_share",
           "scare_quotes_per_1k_words", "anonymous_sources_per_1k_words", "hedged_sentence_share"]
rates = rate_table(articles, by=("outlet",), metrics=profile, resamples=resamples, seed=seed)
fig = plots.plot_rates(rates, profile, chosen, styles, labels)
save_figure(fig, "outlet-profiles", title="Framing profile of each outlet, all events",
            caption=(f"Pooled over each outlet's articles ({len(articles)} in all, on "
                     f"{articles['event'].nunique()} events); lines are 95% intervals from "
                     f"{resamples:,} resamples of articles within outlet."),
            data=rates, **figure)

# %% [markdown]
# ## Paired differences on matched events

# %%
key = ["loaded_per_1k_words", "hedges_per_1k_words", "quoted_word_share"]
diff = paired_differences(articles, metrics=key, resamples=resamples, seed=seed)
fig = plots.plot_differences(diff, key, labels)
save_figure(fig, "outlet-differences", title="Differences between outlets on the events both covered",
            caption=("Rate of outlet A minus rate of outlet B, pooled over the events both covered; "
                     f"lines are 95% intervals from {resamples:,} resamples of events. An interval "
                     "that crosses zero means this corpus cannot tell the two outlets apart."),
            data=diff, **figure)

# %% [markdown]
# ## Each outlet, event by event

# %%
by_event = rate_table(articles, by=("outlet", "event"), metrics=["loaded_per_1k_words"],
                      resamples=resamples, seed=seed)
grid = by_event.pivot(index="outlet", columns="event", values="value").reindex(chosen)
fig = plots.plot_outlet_event(grid, styles, labels["loaded_per_1k_words"])
save_figure(fig, "outlet-event-loaded", title="Loaded terms per 1,000 authorial words, outlet by event",
            caption="Pooled rate for each outlet on each event; dot area grows with the rate.",
            data=by_event, **figure)

# %% [markdown]
# ## Findings

# %%
lines = [describe_rates(rates, m) for m in ("loaded_per_1k_words", "hedges_per_1k_words",
                                          "boosters_per_1k_words", "quoted_word_share")]
clear = diff[(diff["ci_low"] > 0) | (diff["ci_high"] < 0)]
for row in clear.itertuples():
    lines.append(f"{row.outlet_a} vs {row.outlet_b} on {row.events} shared events: "
                 f"{labels[row.metric].lower()} differs by {row.difference:+.2f} "
                 f"(95% CI {row.ci_low:+.2f} to {row.ci_high:+.2f}).")
display(Markdown("\n".join(f"- {line}" for line in lines if line)))
