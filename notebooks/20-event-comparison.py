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
# # 20 · Event comparison
#
# **Question.** Several outlets covered the same event. How differently did they frame
# it: how loaded is their own wording, how much do they hedge or assert, whom do they
# quote and from which side, which words are theirs alone, and what do they leave out?
#
# Every figure is drawn from spans (the exact words found in each article) of one
# **scored run**, and every rate pools counts over words, with 95% intervals from a
# bootstrap that resamples articles within each outlet. **How to read an interval:**
# if two outlets' intervals overlap a lot, this corpus cannot tell them apart on that
# measure; with one article per outlet there is no interval at all, only the count.
#
# Run for one event: `papermill notebooks/20-event-comparison.ipynb out.ipynb -f notebooks/params/demo-port-strike.yaml`;
# `make report` runs it for every event. The run comes from `python -m analysis score CORPUS --out DIR`
# (or `make report`, which scores into `reports/<corpus>/run`).

# %%
from IPython.display import Markdown, display

from analysis.compare import (
    RATE_METRICS,
    Aliases,
    balance_with_error,
    comparable,
    cross_language_note,
    default_pair,
    describe_balance,
    describe_rates,
    distinctive_words,
    leads,
    masked_texts,
    omissions,
    quote_balance,
    rate_table,
    relabel_sides,
    side_pairs,
    side_table,
    speaker_table,
)
from analysis.corpus import read_alias_table
from analysis.names import slug
from analysis.paths import resolve_path
from analysis.report import plots
from analysis.report.figures import outlet_styles, save_figure, side_colors, use_house_style
from analysis.report.index import save_findings
from analysis.report.params import setup_notebook
from analysis.validation.gold import read_gold

# %% tags=["parameters"]
run: str = "reports/demo/run"  # the scored run to read (written by make report or python -m analysis score)
event: str = "port-strike"  # the event to compare: one of the run's events
outlets: list[str] = []  # outlets to compare; [] means every outlet that covered the event
speakers: str = ""  # a speakers.csv whose sides replace the run's (sides are a research decision); "" keeps the run's
aliases: str = ""  # a CSV of item,alias rows (other names of one thing, e.g. in another script) for omissions
balance_sides: list[str] = []  # the two sides the balance index compares; [] takes the two sides quoted most
media_citations: bool = True  # count quotes whose speaker is a media outlet ("according to CNBC"); False leaves them out
output_dir: str = "reports/ad-hoc"  # where figures and their data are written (make report passes its own folder)
drop_syndicated: bool = False  # leave out copies of another outlet's article (the original stays)
resamples: int = 2000  # bootstrap resamples for the 95% intervals
seed: int = 0  # random seed of the bootstrap

# %%
nb = setup_notebook("20-event-comparison.ipynb", globals())

# %% [markdown]
# ## Load the event from the run

# %%
chosen = outlets or sorted(nb.run.articles.loc[nb.run.articles["event"] == event, "outlet"].unique())
everything = nb.run.articles[(nb.run.articles["event"] == event) & nb.run.articles["outlet"].isin(chosen)]
articles = comparable(everything, drop_syndicated)
spans = nb.run.spans(event=event, outlets=chosen)
spans = spans[spans["article_id"].isin(articles["id"])]
texts = nb.run.texts(event=event, outlets=chosen)
texts = texts[texts["id"].isin(articles["id"])]
event_sides = nb.run.sides(event)
if speakers:
    spans, event_sides = relabel_sides(spans, resolve_path(speakers), event)
sides_long = side_table(spans, articles, event_sides, media_citations=media_citations)
pair = tuple(balance_sides) if balance_sides else default_pair(sides_long, event_sides)
styles = outlet_styles(nb.run.all_outlets())
figure = {"out_dir": nb.out, "notebook": nb.notebook, "parameters": nb.recorded, "run": nb.run,
          "section": "event", "event": event}
print(f"{event}: {len(articles)} articles from {len(chosen)} outlets, {articles['words'].sum():,} words, "
      f"{len(spans):,} spans; sides: {', '.join(event_sides) or 'none'}; balance pair: {pair}")
# Outlets in different languages: their rates count different words with different lexicons.
language_note = cross_language_note(articles, chosen)
if language_note:
    display(Markdown(f"**Languages differ.** {language_note}"))
articles.groupby("outlet")[["words", "quotes_direct", "quotes_indirect", "scare_quotes",
                            "anonymous_sources"]].sum()

# %% [markdown]
# ## Sanity checks
#
# Articles left out (a language the detectors do not read, nothing left after
# boilerplate, or a syndicated copy when `drop_syndicated` is set), copies of another
# outlet's article, and quotes with no speaker or no side are listed: none of them is
# counted for any side, so many of them weaken the figures.

# %%
left_out = everything[~everything["id"].isin(articles["id"])]
print(f"articles left out: {len(left_out)}")
print(left_out[["id", "outlet", "language", "analysed", "duplicate_of"]].to_string(index=False))
copies = everything[everything["duplicate_of"] != ""]
print(f"syndicated copies on this event: {len(copies)}",
      *[f"{r.id} copies {r.duplicate_of} (similarity {r.duplicate_similarity:.2f})" for r in copies.itertuples()],
      sep="\n  ")
quotes = spans[spans["kind"] == "quote"]
unattributed = quotes[quotes["speaker"].fillna("") == ""]
no_side = quotes[(quotes["speaker"].fillna("") != "") & (quotes["side"].fillna("") == "")]
print(f"quotes: {len(quotes)}; no speaker found: {len(unattributed)}; speaker without a side: {len(no_side)}")
no_side.groupby("speaker").size().sort_values(ascending=False).head(10)

# %% [markdown]
# ## Framing profile

# %%
use_house_style()
profile = ["loaded_per_1k_words", "loaded_per_1k_quoted_words", "hedges_per_1k_words",
           "boosters_per_1k_words", "quoted_word_share", "stance_verb_share",
           "scare_quotes_per_1k_words", "anonymous_sources_per_1k_words", "hedged_sentence_share"]
labels = {m: RATE_METRICS[m].label for m in RATE_METRICS}
rates = rate_table(articles, by=("outlet",), metrics=profile, resamples=resamples, seed=seed)
fig = plots.plot_rates(rates, profile, chosen, styles, labels)
save_figure(fig, f"event-{slug(event)}-profile", title=f"Framing profile by outlet: {event}",
            caption=("Each panel is one measure; dots are pooled values for the outlet's articles "
                     f"on {event}, lines 95% intervals from {resamples:,} article resamples "
                     f"(no line: a single article). {language_note}").strip(),
            data=rates, **figure)

# %% [markdown]
# ## Quote balance by side

# %%
balance = quote_balance(spans, articles, event_sides, pair, media_citations=media_citations)
media_note = "" if media_citations else " Quotes whose speaker is a media outlet are left out."
fig = plots.plot_side_shares(sides_long, event_sides, chosen, side_colors(event_sides))
save_figure(fig, f"event-{slug(event)}-quote-balance", title=f"Whose side is quoted: {event}",
            caption=("Share of each outlet's quotes (direct, partial, indirect) by the side of the "
                     f"speaker in speakers.csv; grey: anonymous, unknown or no side.{media_note}"),
            data=sides_long, **figure)
balance[["outlet", "quotes", "pair_a", "pair_b", "balance_index", "side_entropy", "anonymous_share",
         "media_share", "direct_share", "unknown_speaker_share", "first_quoted", "first_quoted_side"]]

# %% [markdown]
# ## How much of the balance could be extraction error
#
# The detector gets some speakers, and so some sides, wrong. Where the corpus has
# hand annotations of this event (`annotations/<event>.jsonl`, kept in the run), the
# detector's side confusion is measured on them, and each outlet's side shares are
# corrected for it (misclassified-multinomial EM; README, "Detector error in the
# quote balance"). The corrected interval resamples the outlet's articles and the
# annotated articles together, so it carries both sampling and extraction error.

# %%
gold_path = nb.run.annotations_path(event)
if gold_path is None or not event_sides:
    error = None
    display(Markdown("No hand annotations of this event in the run (or no sides): the quote "
                     "balance has only its plain interval. Annotate a sample of its articles "
                     "(corpus/README.md, *Gold annotations*: each quote with its speaker and side) to "
                     "measure the detector's side errors."))
else:
    gold = read_gold(gold_path)
    if not media_citations and "speaker_type" in spans.columns:
        kept = spans[spans["speaker_type"].fillna("") != "media_outlet"]
    else:
        kept = spans
    pairs = side_pairs(gold[gold["article_id"].isin(articles["id"])], kept, event_sides)
    error = balance_with_error(kept, articles, event_sides, pairs, resamples=resamples, seed=seed,
                               by=("outlet",))
    unmeasured = [c for c in [*event_sides, "none"] if c not in set(pairs["gold"])]
    unmeasured_note = (f" No annotated quote is of {', '.join(unmeasured)}: its detection is assumed "
                       "correct." if unmeasured else "")
    fig = plots.plot_side_share_error(error, event_sides, chosen, side_colors(event_sides))
    save_figure(fig, f"event-{slug(event)}-quote-balance-error",
                title=f"Quote shares by side, with and without extraction error: {event}",
                caption=("Filled dot, solid line: each outlet's detected share of quotes by side, 95% "
                         f"interval from {resamples:,} article resamples (no solid line: a single "
                         "article). Open dot, dashed line: the "
                         "share corrected for the detector's side errors measured on "
                         f"{pairs['article_id'].nunique()} hand-annotated articles ({len(pairs)} "
                         "matched quotes), both sets resampled together. Where the intervals "
                         f"differ, detection error moves the figure.{unmeasured_note}{media_note}"),
                data=error, **figure)
error

# %% [markdown]
# ## Who is quoted

# %%
who = speaker_table(spans, articles)
fig = plots.plot_speaker_matrix(who, chosen)
save_figure(fig, f"event-{slug(event)}-who-is-quoted", title=f"Who is quoted, by outlet: {event}",
            caption="Number of quotes (direct, partial, indirect) from each speaker in each outlet.",
            data=who, **figure)

# %% [markdown]
# ## Hedging and boosting

# %%
hb_metrics = ["hedges_per_1k_words", "boosters_per_1k_words"]
hb = rate_table(articles, by=("outlet",), metrics=hb_metrics, resamples=resamples, seed=seed)
fig = plots.plot_rates(hb, hb_metrics, chosen, styles, labels)
save_figure(fig, f"event-{slug(event)}-hedges-boosters",
            title=f"Hedges and boosters in the outlets' own voice: {event}",
            caption=("Hedges (may, reportedly, about + number, ...) and boosters (clearly, undoubtedly, "
                     f"...) per 1,000 authorial words, with 95% intervals. {language_note}").strip(),
            data=hb, **figure)

# %% [markdown]
# ## Distinctive words

# %%
by_outlet = {o: g["text"].tolist() for o, g in texts.groupby("outlet")}  # wording: analysed text
words = distinctive_words(by_outlet)
fig = plots.plot_distinctive(words, chosen, styles)
save_figure(fig, f"event-{slug(event)}-distinctive-words", title=f"Words distinctive of each outlet: {event}",
            caption=("Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008), "
                     "each outlet against the others on this event; words must occur in at least "
                     "two of the outlet's articles (or all of them, if fewer). "
                     f"{language_note}").strip(),
            data=words, **figure)

# %% [markdown]
# ## Omissions

# %%
masked = masked_texts(texts, spans)
masked_by_outlet = {o: [masked[i] for i in g["id"]] for o, g in texts.groupby("outlet")}
alias_table = read_alias_table(resolve_path(aliases)) if aliases else None
omitted = omissions(masked_by_outlet, Aliases.from_tables(nb.run.speakers, alias_table),
                    leads(texts, masked))
shown = omitted.head(25)
fig = plots.plot_omissions(shown, chosen, styles)
save_figure(fig, f"event-{slug(event)}-omissions", title=f"Names and figures some outlets leave out: {event}",
            caption=(f"Of {len(omitted)} names and figures that some outlets carry and others never "
                     f"mention anywhere in their articles (any case, possessive, plural, surname or "
                     f"alias), the {len(shown)} carried by most outlets and most prominently "
                     "(headline, first paragraph) are drawn; marker: mentioned, cross: not mentioned. "
                     "Outlets writing in another language are not judged. Every item is in the data file."),
            data=omitted, **figure)

# %% [markdown]
# ## Findings

# %%
lines = [describe_rates(rates, m) for m in ("loaded_per_1k_words", "hedges_per_1k_words",
                                          "boosters_per_1k_words", "quoted_word_share")]
lines += describe_balance(balance)
only = omitted[omitted["outlets_mentioning"] == 1].groupby("mentioned_by").size()
lines += [f"{o} alone mentions {n} {'name or figure' if n == 1 else 'names or figures'} the others leave out."
          for o, n in only.items()]
save_findings(nb.out, event, lines)
display(Markdown("\n".join(f"- {line}" for line in lines if line)))
