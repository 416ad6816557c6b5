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
# # 90 · Validation against human gold
#
# **Question.** How far can the framing metrics be trusted? Each detector is run on
# public datasets that people annotated (read in place from `../shared/data`, never
# copied), and its spans are compared with theirs: precision, recall and F1 with 95%
# intervals from a bootstrap over articles, next to a simple baseline computed in the
# same run. The last figure asks the question a media-bias study cares about: does
# our loaded-term rate rank BASIL's three outlets as its human annotators do?
#
# `make validate` runs this notebook; `python -m analysis validate all --readme README.md`
# regenerates the README's table from the same code.

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis.paths import resolve_path
from analysis.report import plots
from analysis.report.figures import PALETTE, save_figure, use_house_style
from analysis.report.params import check_choice, setup_notebook
from analysis.validation.runners import DATASETS, run_validation

# %% tags=["parameters"]
dataset: str = "all"  # one of ggt, factbank, babe, basil, polnear, or all
data_dir: str = "../shared/data"  # the folder holding the dataset folders (relative to the repository root)
output_dir: str = "reports/validation"  # where figures, their data and the error tables go
resamples: int = 1000  # bootstrap resamples of articles
seed: int = 0  # bootstrap seed

# %%
nb = setup_notebook("90-validation.ipynb", globals())
check_choice("dataset", dataset, [*DATASETS, "all"], "the validation datasets")
names = list(DATASETS) if dataset == "all" else [dataset]
data_path = resolve_path(data_dir)
if not data_path.exists():
    raise ValueError(f"parameter data_dir={data_dir!r}: {data_path} does not exist")
out_path, parameters, notebook = nb.out, nb.recorded, nb.notebook


# %% [markdown]
# ## Run the validation

# %%
tables = {name: run_validation(name, data_path, out_path, resamples, seed) for name in names}
results = pd.concat(tables.values(), ignore_index=True)
results[results["metric"].isin(["precision", "recall", "f1"])].pivot_table(
    index=["dataset", "task", "system"], columns="metric", values="value").round(3)

# %% [markdown]
# ## Agreement with people

# %%
use_house_style()
f1 = results[results["metric"] == "f1"].copy()
f1["label"] = f1["dataset"] + ": " + f1["task"]
systems = {"ours": PALETTE[0], "baseline": PALETTE[1], "flag every sentence": "#999999"}
fig = plots.plot_agreement(f1[f1["system"].isin(systems)], systems,
                           "F1 against human annotation (dot) with 95% interval")
save_figure(fig, "validation-agreement", title="Agreement of the detectors with human gold",
            caption=(f"F1 of each detector (blue) and of a simple baseline (orange) against human "
                     f"annotation, with 95% intervals from {resamples:,} article resamples; "
                     "datasets read in place from ../shared/data."),
            data=f1.drop(columns="label"), out_dir=out_path, notebook=notebook, parameters=parameters,
            section="validation")

# %% [markdown]
# ## BASIL: do we rank the outlets as its annotators do?

# %%
if "basil" in tables:
    basil = tables["basil"]
    rates = basil[basil["task"] == "rate per 1k authorial words"]
    fig = plots.plot_group_rates(rates, [("human", "#555555", "human lexical-bias spans"),
                                         ("ours", PALETTE[0], "our loaded terms")],
                                 "Spans per 1,000 authorial words (95% interval)")
    save_figure(fig, "validation-basil-outlets", title="BASIL outlets: our loaded-term rate beside human lexical bias",
                caption=("Per BASIL outlet, the rate of human-marked lexical-bias spans and of our loaded "
                         "terms in the author's voice, per 1,000 authorial words, with 95% intervals "
                         "from article resamples within outlet."),
                data=rates, out_dir=out_path, notebook=notebook, parameters=parameters,
                section="validation")
    order = basil[basil["metric"] == "same_order"]
    display(Markdown(f"Outlet order: {order['note'].iloc[0]}."))

# %% [markdown]
# ## Loaded terms across datasets
#
# The learned scorer trained on BABE alone and tested on every BASIL article, and the
# reverse, beside the lexicon alone on the same units: does what it learned carry over?

# %%
if "loaded-cross" in tables:
    cross = tables["loaded-cross"]
    keep = cross[((cross["task"] == "biased words (word level)") & (cross["metric"] == "f1"))
                 | ((cross["task"] == "lexical bias, author voice")
                    & (cross["metric"].isin(["precision", "recall"])))].copy()
    keep["label"] = keep["task"] + " (" + keep["metric"] + ")"
    colors = dict(zip(dict.fromkeys(keep["system"]), PALETTE, strict=False))
    fig = plots.plot_agreement(keep, colors, "Agreement with human gold (dot) with 95% interval")
    save_figure(fig, "validation-loaded-cross-dataset",
                title="Loaded terms: trained on one dataset, tested on the other",
                caption=("BABE word F1 of the scorer trained on BASIL only, and BASIL author-voice span "
                         "precision and recall of the scorer trained on BABE only, beside the lexicon "
                         f"alone on the same units, with 95% intervals from {resamples:,} resamples."),
                data=keep.drop(columns="label"), out_dir=out_path, notebook=notebook,
                parameters=parameters, section="validation")

# %% [markdown]
# ## Findings

# %%
lines = []
for row in results[(results["metric"] == "f1") & (results["system"] == "ours")].itertuples():
    base = results[(results["task"] == row.task) & (results["metric"] == "f1")
                   & (results["system"] == "baseline")]
    versus = f"; baseline {base['value'].iloc[0]:.3f}" if len(base) else ""
    lines.append(f"{row.dataset}, {row.task}: F1 {row.value:.3f} "
                 f"(95% CI {row.ci_low:.3f}-{row.ci_high:.3f}){versus}.")
display(Markdown("\n".join(f"- {line}" for line in lines)))
