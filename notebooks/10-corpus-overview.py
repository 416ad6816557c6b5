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
# # 10 · Corpus overview
#
# **Purpose.** Before comparing framing, know what the comparison stands on: how many
# articles and words each outlet contributes to each event. An outlet × event cell with
# one short article cannot carry the same weight as one with five long ones, and every
# later figure should be read with this table in mind.
#
# **Run it** in JupyterLab (Run ▸ Run All Cells) or headless:
# `papermill notebooks/10-corpus-overview.ipynb out.ipynb -p run reports/demo/run`.
# `make report` runs it for you. Relative paths in the parameters are taken from the
# repository root, so the same values work from JupyterLab and from the command line.

# %%
from IPython.display import Markdown, display

from analysis.report import plots
from analysis.report.figures import outlet_styles, save_figure, use_house_style
from analysis.report.params import setup_notebook

# %% tags=["parameters"]
run: str = "reports/demo/run"  # the scored run to read (written by make report or python -m analysis score)
output_dir: str = "reports/ad-hoc"  # where figures and their data are written (make report passes its own folder)

# %%
nb = setup_notebook("10-corpus-overview.ipynb", globals())

# %% [markdown]
# ## Load

# %%
articles = nb.run.articles
summary = (articles.groupby(["event", "outlet"], observed=True)
           .agg(articles=("id", "size"), words=("words", "sum")).reset_index())
print(f"{nb.run.title}: {len(articles)} articles, {articles['outlet'].nunique()} outlets, "
      f"{articles['event'].nunique()} events, {summary['words'].sum():,} words; "
      f"sha256 {nb.run.short_fingerprint}")
summary.pivot(index="event", columns="outlet", values="words").fillna(0).astype(int)

# %% [markdown]
# ## Sanity checks
#
# Every outlet × event cell that is empty is listed, and so is every article with an
# unbalanced quotation mark (these shift the line between author voice and quoted voice).

# %%
grid = summary.pivot(index="event", columns="outlet", values="articles")
missing = [(e, o) for e in grid.index for o in grid.columns if grid.isna().loc[e, o]]
print(f"empty outlet x event cells: {len(missing)}", *missing, sep="\n  ")
marks = articles.loc[articles["quote_mark_issues"] > 0, ["id", "outlet", "event", "quote_mark_issues"]]
print(f"articles with an unbalanced quotation mark: {len(marks)}")
marks

# %% [markdown]
# ## Figure: articles and words per outlet and event

# %%
use_house_style()
events, outlets = nb.run.event_names(), nb.run.outlet_names()
fig = plots.plot_articles_words(summary, events, outlets, outlet_styles(nb.run.all_outlets()))
save_figure(
    fig, "corpus-articles-words",
    title="Articles and words per outlet and event",
    caption=(f"Number of articles (left) and word tokens (right) each outlet contributes to each "
             f"event in {nb.run.title}; {len(articles)} articles, {summary['words'].sum():,} words in all."),
    data=summary, out_dir=nb.out, notebook=nb.notebook, parameters=nb.recorded, run=nb.run,
    section="corpus",
)

# %% [markdown]
# ## Text hygiene
#
# What the hygiene stage did before any detector read the text: encoding repairs
# (mojibake, Unicode NFC), boilerplate left out of every count (ads, link and share
# residue, newsletter prompts, captions and credits, bylines, time stamps, source lines,
# footers, a repeated headline), each article's language (from its `language` field or
# detected), and syndicated copies. Every region is a span of kind `boilerplate`, so
# the evidence pages show exactly what was left out.

# %%
findings = nb.run.findings()
repairs = findings[findings["kind"] != "language"]
by_kind = repairs.groupby(["kind", "category"]).size().rename("findings").reset_index()
languages = articles.groupby(["language", "language_source"]).size().rename("articles").reset_index()
unanalysed = articles[~articles["analysed"].astype(bool)]
copies = articles[articles["duplicate_of"] != ""]
print(f"{repairs['article_id'].nunique()} of {len(articles)} articles have a hygiene finding; "
      f"{articles['boilerplate_words'].sum():,} words of boilerplate left out; "
      f"{len(unanalysed)} articles not analysed; {len(copies)} syndicated copies")
display(by_kind)
display(languages)
copies[["id", "outlet", "duplicate_of", "duplicate_similarity"]]

# %%
per_outlet = (articles.groupby("outlet")[["words", "boilerplate_words"]].sum()
              .rename(columns={"words": "analysed_words"}).reset_index())
fig = plots.plot_hygiene(per_outlet, outlet_styles(nb.run.all_outlets()))
save_figure(
    fig, "corpus-boilerplate",
    title="Words analysed and words left out as boilerplate, per outlet",
    caption=(f"Word tokens each outlet's articles keep for analysis (solid) and the boilerplate "
             f"left out of every count (light: ads, link and share residue, credits, footers...); "
             f"{articles['boilerplate_words'].sum():,} boilerplate words in {nb.run.title}."),
    data=per_outlet, out_dir=nb.out, notebook=nb.notebook, parameters=nb.recorded, run=nb.run,
    section="corpus",
)

# %% [markdown]
# ## Findings

# %%
by_outlet = summary.groupby("outlet")["words"].sum().sort_values()
by_event = summary.groupby("event")["words"].sum().sort_values()
per_article = summary["words"] / summary["articles"]
display(Markdown(
    f"- The corpus holds **{len(articles)} articles** ({summary['words'].sum():,} words) from "
    f"**{len(by_outlet)} outlets** on **{len(by_event)} events**; {len(missing)} outlet × event cells are empty.\n"
    f"- The largest contributor is **{by_outlet.index[-1]}** with {by_outlet.iloc[-1]:,} words; the smallest is "
    f"**{by_outlet.index[0]}** with {by_outlet.iloc[0]:,} ({by_outlet.iloc[0] / by_outlet.iloc[-1]:.0%} of the largest).\n"
    f"- Article length ranges from {per_article.min():,.0f} to {per_article.max():,.0f} words per article "
    f"(mean per outlet × event cell).\n"
    f"- {len(marks)} articles have an unbalanced quotation mark; rates in later notebooks split words into "
    f"author and quoted voice, so check those articles first if a quoted-word share looks odd.\n"
    f"- Hygiene: {repairs['article_id'].nunique()} articles repaired or cleaned, "
    f"{articles['boilerplate_words'].sum():,} boilerplate words left out, {len(unanalysed)} articles in a "
    f"language the detectors do not read (kept out of every rate), {len(copies)} syndicated copies."
))
