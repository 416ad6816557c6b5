"""Text hygiene on the messy-corpus test set (tests/data/messy) and on cases written here."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from analysis import load_corpus
from analysis.text.clean import (
    MASK,
    clean,
    detect_language,
    find_boilerplate,
    mask,
    normalise_language,
    repair_encoding,
)

MESSY = Path(__file__).resolve().parents[2] / "data" / "messy"


@pytest.fixture(scope="module")
def messy():
    corpus = load_corpus(MESSY / "corpus")
    articles = corpus.articles.set_index("id")
    gold = [json.loads(line) for line in (MESSY / "gold" / "regions.jsonl").open()]
    messy_ids = [i for i in articles.index if not i.endswith("--clean")]
    cleaned = {
        aid: clean(
            str(articles.loc[aid, "text"]),
            None if articles.isna().loc[aid, "language"] else str(articles.loc[aid, "language"]),
            str(articles.loc[aid, "title"]),
        )
        for aid in messy_ids
    }
    return articles, gold, cleaned


def _remove(text: str, regions) -> str:
    out, pos = [], 0
    for start, end in sorted(regions):
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip("\n")


def test_every_messy_article_cleans_to_its_twin(messy):
    articles, _, cleaned = messy
    for aid, result in cleaned.items():
        got = _remove(result.text, [(a, b) for a, b, _, _ in result.regions])
        assert got == articles.loc[f"{aid}--clean", "text"], aid


def test_boilerplate_lines_are_found_without_taking_news_lines(messy):
    articles, gold, cleaned = messy
    found = missed = wrong = 0
    for aid, result in cleaned.items():
        text = str(articles.loc[aid, "text"])
        if result.text != text:
            continue  # repaired articles are checked through their twins above
        truth = {(r["start"], r["end"]) for r in gold if r["article_id"] == aid}
        truth_lines = {ln for a, b in truth for ln in _line_starts(text, a, b)}
        mine = {ln for a, b, _, _ in result.regions for ln in _line_starts(text, a, b)}
        found += len(mine & truth_lines)
        missed += len(truth_lines - mine)
        wrong += len(mine - truth_lines)
    assert found > 100
    assert wrong / (found + wrong) <= 0.02 and missed / (found + missed) <= 0.05


def _line_starts(text: str, start: int, end: int) -> set[int]:
    starts = set()
    pos = start
    while pos < end:
        starts.add(text.rfind("\n", 0, pos) + 1)
        nxt = text.find("\n", pos)
        if nxt == -1 or nxt >= end:
            break
        pos = nxt + 1
    return starts


def test_lines_that_only_look_like_boilerplate_are_kept(messy):
    _, _, cleaned = messy
    looks = [json.loads(line) for line in (MESSY / "gold" / "lookalikes.jsonl").open()]
    assert len(looks) >= 20
    masked = "\n".join(r.masked for r in cleaned.values())
    for item in looks:
        assert item["text"] in masked or item["article_id"] not in cleaned, item["text"][:60]


def test_languages_are_read_from_the_field_or_detected(messy):
    articles, _, cleaned = messy
    gold = {
        r["article_id"]: r["language"]
        for r in map(json.loads, (MESSY / "gold" / "language.jsonl").open())
    }
    for aid, result in cleaned.items():
        assert result.language.split("-")[0] == gold[aid], aid
        expected = "detected" if articles.isna().loc[aid, "language"] else "field"
        assert result.language_source == expected, aid


def test_utf8_punctuation_read_as_gbk_is_repaired():
    clean_text = "Kestria made “notable progress” — and “more… later,” he said."
    damaged = clean_text.encode("utf-8").decode("gbk", errors="replace")
    assert "鈥" in damaged
    fixed, findings = repair_encoding(damaged)
    assert fixed == clean_text
    assert [f.category for f in findings] == ["utf8-read-as-gbk"]


def test_windows_1252_mojibake_keeps_curly_quotes():
    original = "‘It’s a deal,’ said Ana — finally, “done.”"
    fixed, findings = repair_encoding(original.encode("utf-8").decode("cp1252", errors="replace"))
    assert fixed == original and findings[0].category == "mojibake"
    assert repair_encoding(original) == (original, [])  # clean text is left alone


def test_decomposed_names_are_composed():
    nfd = unicodedata.normalize("NFD", "“We will appeal,” said José Núñez.")
    fixed, findings = repair_encoding(nfd)
    assert fixed == unicodedata.normalize("NFC", nfd) and "José Núñez" in fixed
    assert findings[-1].kind == "unicode_normalised"


def test_full_width_chinese_punctuation_is_kept():
    text = "他表示：“我们将继续推进合作。”（完）"
    assert repair_encoding(text) == (text, [])


def test_an_ad_block_in_mid_text_is_masked_but_offsets_are_kept():
    text = (
        "The council voted on Monday.\n\nSponsored Links\nDoctors Hate This One Trick\n"
        "Homeowners Are Switching To This Plan\nby Taboola\n\n"
        "The mayor said the vote was close."
    )
    regions = find_boilerplate(text)
    categories = [c for _, _, c, _ in regions]
    assert categories == ["ad_block"] * 4
    masked = mask(text, regions)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "Doctors" not in masked and "The mayor said" in masked and MASK in masked


def test_inline_link_residue_is_masked_inside_a_sentence():
    text = "The regulator published its ruling, opens new tab, on Tuesday."
    regions = find_boilerplate(text)
    assert [(text[a:b], c) for a, b, c, _ in regions] == [(", opens new tab", "link_residue")]


def test_a_headline_repeated_as_the_first_line_is_masked():
    text = "Port strike ends after talks\n\nThe strike ended on Friday."
    regions = find_boilerplate(text, title="Port Strike Ends After Talks")
    assert [c for _, _, c, _ in regions] == ["headline"]


def test_a_sentence_is_not_a_caption_because_a_credit_follows():
    text = "He did not elaborate.\n\nJane Roe/Reuters.\n\nThe talks resume on Monday."
    regions = find_boilerplate(text)
    assert [text[a:b] for a, b, _, _ in regions] == ["Jane Roe/Reuters."]


def test_language_tags_and_detection():
    assert normalise_language("zh_hant") == "zh-Hant"
    assert normalise_language(" EN ") == "en" and normalise_language("") is None
    assert detect_language("El Gobierno anunció el lunes que subirá los impuestos.")[0] == "es"
    assert detect_language("政府周一表示将提高税收，这是一个重要的决定。")[0] == "zh-Hans"
    assert detect_language("政府週一表示將提高稅收，這是一個重要的決定。")[0] == "zh-Hant"
    assert detect_language("5c3323")[0] == "und"
