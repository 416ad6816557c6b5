"""Omissions never claim that an outlet leaves out what its articles say."""

from __future__ import annotations

import re

import pandas as pd

from analysis.compare import Aliases, extract_items, leads, masked_texts, omissions
from analysis.compare.omissions import iter_forms


def test_possessives_plurals_case_and_surnames_count_as_mentions():
    texts = {
        "a": ["OpenAI published a report. Dana Okafor spoke for the Harbour Union."],
        "b": ["OPENAI'S report was thin, said Okafor."],
        "c": ["The union met on Friday. Zhipu replied."],
    }
    table = omissions(texts).set_index("item")
    assert "OpenAI" not in table.index or "b" not in table.loc["OpenAI", "omitted_by"]
    if "Dana Okafor" in table.index:
        assert "b" not in table.loc["Dana Okafor", "omitted_by"]  # "Okafor" is a mention
    assert table.loc["OpenAI", "omitted_by"] == "c"


def test_aliases_and_other_scripts():
    texts = {
        "en": ["Zhipu AI released a model on Monday."],
        "zh": ["智谱周一发布了新模型。"],
        "fr": ["Le rapport de Zhipu AI a été publié."],
    }
    # The Chinese article writes 智谱: it is not judged on "Zhipu AI", so nobody omits it.
    assert "Zhipu AI" not in set(omissions(texts)["item"])
    texts["en2"] = ["The ministry replied on Tuesday."]
    row = omissions(texts).set_index("item").loc["Zhipu AI"]
    assert (row.omitted_by, row.not_compared) == ("en2", "zh")
    aliases = Aliases.from_tables(table=pd.DataFrame({"item": ["Zhipu AI"], "alias": ["智谱"]}))
    row = omissions(texts, aliases).set_index("item").loc["Zhipu AI"]
    assert (row.mentioned_by, row.omitted_by) == ("en, fr, zh", "en2")


def test_items_are_ranked_by_outlets_and_prominence():
    texts = {
        "a": ["Mara Lind resigned. Sol Varga and Ines Roth watched."],
        "b": ["Mara Lind resigned. Sol Varga watched."],
        "c": ["Mara Lind resigned."],
        "d": ["Nothing happened."],
    }
    lead = {"a": ["Sol Varga"], "b": [""], "c": [""], "d": [""]}
    table = omissions(texts, leads_by_outlet=lead)
    assert table["item"].tolist()[:3] == ["Mara Lind", "Sol Varga", "Ines Roth"]
    assert table.loc[table["item"] == "Sol Varga", "prominent_in"].iloc[0] == "a"


def test_boilerplate_never_becomes_an_item():
    texts = pd.DataFrame(
        {
            "id": ["x"],
            "outlet": ["o"],
            "title": ["T"],
            "text": ["Sponsored Links\nDoctors Hate This Trick\n\nMara Lind resigned."],
        }
    )
    spans = pd.DataFrame(
        {
            "article_id": ["x", "x"],
            "kind": ["boilerplate", "boilerplate"],
            "start": [0, 16],
            "end": [15, 39],
        }
    )
    masked = masked_texts(texts, spans)
    assert "Doctors" not in masked["x"] and len(masked["x"]) == len(texts.loc[0, "text"])
    assert leads(texts, masked)["o"] == ["T", "Mara Lind resigned."]
    assert ("name", "Doctors Hate This Trick") not in extract_items(masked["x"])


def test_no_omission_claim_is_false_on_real_coverage(shared_data):
    """BASIL: Fox, NYT and HuffPost on the same events; check every claim against the text."""
    from analysis.validation.datasets import load_dataset

    gold = load_dataset("basil", shared_data)
    articles = gold.corpus.articles
    claims = 0
    for event, group in list(articles.groupby("event"))[:25]:
        by_outlet = {o: g["text"].astype(str).tolist() for o, g in group.groupby("outlet")}
        table = omissions(by_outlet)
        for row in table.itertuples():
            for outlet in filter(None, row.omitted_by.split(", ")):
                text = "\n".join(by_outlet[outlet]).lower()
                for form in iter_forms(row.kind, row.item):
                    assert form.lower() not in text or (
                        len(form) <= 3 and not re.search(rf"\b{re.escape(form.lower())}\b", text)
                    ), (event, outlet, row.item, form)
                claims += 1
    assert claims > 100


def test_a_name_written_in_capitals_is_the_same_item():
    from analysis.compare import omissions

    texts = {
        "a": ["CORVANT POWER CUTS SUPPLY\\n\\nCorvant Power said on Monday it would cut supply."],
        "b": ["Corvant Power cut supply, the operator said."],
        "c": ["The operator cut supply on Monday."],
    }
    table = omissions(texts)
    named = table[table["item"].str.casefold() == "corvant power"]
    assert list(named["item"]) == ["Corvant Power"]
    assert named.iloc[0]["omitted_by"] == "c"
