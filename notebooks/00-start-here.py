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
# # 00 · Start here: from a list of article URLs to a comparison you can cite
#
# This notebook walks through one small study, step by step. Three outlets covered the
# same event: a city council voting to close two library branches (a fictional event;
# the pages ship with this tutorial in `notebooks/tutorial/pages/`). We will
#
# 1. list the articles,
# 2. bring them into a **corpus** (Markdown files you can read and correct),
# 3. check the corpus,
# 4. find the **framing devices** in each article: the exact words, called spans,
#    written once as a **scored run** that every later step reads,
# 5. compare the outlets with honest uncertainty, and
# 6. open the evidence behind every number.
#
# With a network connection, put your own URLs in a CSV (columns `url`, `outlet`,
# `event`) and set the `urls` parameter; everything else stays the same. The notebook
# writes only into its own work folder (`workdir`), which it creates; it refuses a
# folder that holds anything it did not make.

# %%
import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis import load_corpus, summarize
from analysis._io import write_text_atomic
from analysis.compare import RATE_METRICS, describe_rates, quote_balance, rate_table, side_table
from analysis.corpus.write import write_table_csv
from analysis.ingest import Fetcher, ingest, suggest_speakers
from analysis.paths import NOTEBOOKS_DIR, display_path, resolve_path
from analysis.pipeline.run import write_run
from analysis.report import plots
from analysis.report.evidence import render_event_html
from analysis.report.figures import outlet_styles, save_figure, side_colors, use_house_style
from analysis.report.params import own_folder, setup_notebook

# %% tags=["parameters"]
urls: str = ""  # a CSV of article URLs (url,outlet,event); "" uses the tutorial's saved pages
base_url: str = ""  # an address serving notebooks/tutorial/pages (used by the test); "" reads the files
workdir: str = "reports/tutorial"  # the tutorial's own folder: created if absent, never one holding other files
event: str = "library-closures"  # the event name given to the saved pages

# %%
nb = setup_notebook("00-start-here.ipynb", globals())
pages = NOTEBOOKS_DIR / "tutorial" / "pages"
if urls and not resolve_path(urls).exists():
    raise ValueError(f"parameter urls={urls!r}: {resolve_path(urls)} does not exist")
if base_url and not base_url.startswith(("http://", "https://")):
    raise ValueError(f"parameter base_url={base_url!r} must start with http:// or https://")
work = own_folder(resolve_path(workdir), "00-start-here.ipynb")
corpus_path = work / "corpus"
figure = {"out_dir": work, "notebook": nb.notebook, "parameters": nb.recorded}

# %% [markdown]
# ## Step 1 · The list of articles
#
# A study starts from a list: which outlets, which event, which articles. Here the list
# is either your CSV of URLs, the saved pages served over HTTP, or the saved files.

# %%
if urls:
    url_list = resolve_path(urls)
elif base_url:
    rows = [{"url": f"{base_url.rstrip('/')}/{p.parent.name}/{p.name}", "outlet": p.parent.name, "event": event}
            for p in sorted(pages.glob("*/*.html"))]
    url_list = work / "urls.csv"
    write_table_csv(url_list, rows, ["url", "outlet", "event"])
else:
    url_list = None
pd.read_csv(url_list) if url_list else pd.DataFrame(
    [{"file": f"{p.parent.name}/{p.name}", "outlet": p.parent.name} for p in sorted(pages.glob("*/*.html"))])

# %% [markdown]
# ## Step 2 · Bring the articles into a corpus
#
# `ingest` fetches each page politely (a timeout, a delay between requests to one site,
# a user agent that names this tool), extracts the article with trafilatura (dropping
# menus, bylines, captions and "read more" links) and writes one Markdown file per
# article. It records the URL, the time and a fingerprint (sha256) of the page in
# `manifest.csv`, keeps the raw page under `raw/`, and never overwrites an article
# you have already corrected unless you ask it to (`--replace`).

# %%
if url_list:
    result = ingest(url_list, corpus_path, fetcher=Fetcher(timeout=10, delay=0.2))
    print(result.summary())
else:
    for folder in sorted(p for p in pages.iterdir() if p.is_dir()):
        result = ingest(folder, corpus_path, outlet=folder.name, event=event)
        print(folder.name, "->", result.summary())
first = sorted((corpus_path / "articles").rglob("*.md"))[0]
print(f"\n{display_path(first)}:\n")
print(first.read_text()[:700])

# %% [markdown]
# ## Step 3 · Check the corpus
#
# `load_corpus` reads the folder and checks it: every article needs an id, an outlet,
# an event and some text, and a problem is reported with its file and line. The
# command-line twin is `python -m analysis check <folder>`.

# %%
corp = load_corpus(corpus_path)
summarize(corp)

# %% [markdown]
# ## Step 4 · Find the framing devices
#
# Scoring runs every detector once and writes a **scored run**: a folder with every
# span, every article's counts and rates, and the text they point into. Each finding
# is a **span**: the exact words, where they are, and what kind of device they are:
#
# - **loaded terms**: words that judge while they describe ("axed", "shameless");
# - **hedges** ("may", "about 1.4 million") and **boosters** ("clearly");
# - **quotes**: direct, partial or indirect, with the speaker found for each;
# - **scare quotes**: a word put in quotation marks to distance the writer from it;
# - **anonymous or vague sources** ("critics say").
#
# Rates are counted per 1,000 words *in the outlet's own voice*, so a paper is not
# charged with the words of the people it quotes. The command-line twin is
# `python -m analysis score <folder> --out <run folder>`.

# %%
run = write_run(corp, work / "run", progress=False)
spans = run.spans()
spans[spans["kind"].isin(["loaded", "scare_quote", "hedge"])][["article_id", "kind", "text", "voice", "category"]].head(12)

# %% [markdown]
# Who is on which side is a judgement for the researcher, not the software.
# `suggest_speakers` lists everyone quoted; you fill in the sides and save the result
# as the corpus's `speakers.csv`. Here we assign them in code, then score again.

# %%
suggested = pd.DataFrame(suggest_speakers(corpus_path, event))
sides = {"Paul Varga": "council majority", "Diane Hsu": "opponents", "Marta Ruiz": "opponents",
         "Amy Okonjo": "library"}
suggested["side"] = suggested["speaker"].map(sides).fillna("")
write_table_csv(corpus_path / "speakers.csv", suggested.drop(columns="quotes").to_dict("records"),
                ["speaker", "aliases", "affiliation", "side", "event"])
run = write_run(load_corpus(corpus_path), work / "run", progress=False)
suggested

# %% [markdown]
# ## Step 5 · Compare the outlets
#
# Each dot is an outlet's rate over all its articles; the line is a **95% interval**
# from a bootstrap (the articles are drawn again at random, 2,000 times, and the rate
# recomputed). Read it as the range of values this much text supports: where two
# outlets' lines overlap a lot, the corpus cannot tell them apart. With a single
# article per outlet, as here, there is no line at all: one article is one
# observation, and the findings below say so.

# %%
use_house_style()
outlets = run.outlet_names()
styles = outlet_styles(outlets)
profile = ["loaded_per_1k_words", "hedges_per_1k_words", "boosters_per_1k_words",
           "scare_quotes_per_1k_words", "anonymous_sources_per_1k_words", "quoted_word_share"]
rates = rate_table(run.articles, by=("outlet",), metrics=profile, resamples=2000, seed=0)
fig = plots.plot_rates(rates, profile, outlets, styles, {m: RATE_METRICS[m].label for m in profile})
save_figure(fig, "tutorial-framing-profile", title="Framing profile: library closures",
            caption="Pooled rates per outlet; one article each, so no intervals.",
            data=rates, run=run, **figure)

# %%
side_names = run.sides(event)
long = side_table(run.spans(event=event), run.articles, side_names)
balance = quote_balance(run.spans(event=event), run.articles, side_names, ("council majority", "opponents"))
fig = plots.plot_side_shares(long, side_names, outlets, side_colors(side_names))
save_figure(fig, "tutorial-quote-balance", title="Whose side is quoted: library closures",
            caption="Share of each outlet's quotes by the side assigned in speakers.csv.",
            data=long, run=run, **figure)
display(Markdown("\n".join(f"- {describe_rates(rates, m)}" for m in ("loaded_per_1k_words", "hedges_per_1k_words"))))

# %% [markdown]
# ## Step 6 · Open the evidence
#
# Every number above is a count of spans. The evidence page shows them: the three
# articles side by side, loaded terms underlined, hedges dotted, quotes shaded by the
# speaker's side (hover for who said it). It is one HTML file that opens offline.

# %%
page = render_event_html(event, run.texts(event=event), run.spans(event=event), outlets,
                         side_colors(side_names), caption="Tutorial corpus: three fictional outlets.")
evidence = write_text_atomic(work / "evidence" / f"{event}.html", page)
print(f"written {display_path(evidence)}")
display(HTML(page))

# %% [markdown]
# ## Where next
#
# - Put your own corpus in `corpus/<name>/` (see `corpus/README.md`) or ingest it, then
#   run `make report CORPUS=corpus/<name>` for every figure of every event.
# - `notebooks/20-event-comparison.ipynb` is the full comparison for one event;
#   `30-outlet-profiles` compares outlets across events; `40-evidence` builds the
#   evidence pages; `90-validation` shows how far the detectors agree with people.
# - The README's methodology section defines every metric.
