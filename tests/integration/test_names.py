"""Any name that check accepts works everywhere: paths, columns, figure ids, pages."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import load_corpus, score
from analysis.compare import default_pair, quote_balance, rate_table, side_table
from analysis.corpus.write import write_table_csv
from analysis.names import check_name, column_key, slug
from tests.helpers import folder_digest, run_cli

HOSTILE_EVENTS = [
    "bridge closure",
    "2024/05/strike",
    "../../../precious",
    "grève-portuaire",
    "{x}",
    "Port_Strike",
    "strike.2024",
    ".hidden",
]
HOSTILE_OUTLETS = ["Daily-News", "la Prensa", "<b>Tribune</b>"]
SIDES = ["us-openai", "pro union", "pro-union", "独立"]


def _article(speaker: str, other: str) -> str:
    return (
        f'"The plan will fail," said {speaker}, who spoke for the workers. '
        f'Critics say the deal may collapse. "It is a shameless farce," {other} said.\n\n'
        f"{speaker} told reporters that the talks would resume on Monday."
    )


def _write_corpus(root, events, outlets, sides):
    speakers = ["José Núñez", "Ana O'Brien", "Li Wei", "Mara Lind"]
    rows = []
    for e, event in enumerate(events):
        for o, outlet in enumerate(outlets):
            a, b = speakers[(e + o) % 4], speakers[(e + o + 1) % 4]
            rows.append(
                {"id": f"a{e}-{o}", "outlet": outlet, "event": event, "text": _article(a, b)}
            )
    root.mkdir(parents=True, exist_ok=True)
    write_table_csv(root / "articles.csv", rows, ["id", "outlet", "event", "text"])
    write_table_csv(
        root / "speakers.csv",
        [{"speaker": s, "side": sides[k % len(sides)]} for k, s in enumerate(speakers)],
        ["speaker", "side"],
    )
    return root


@pytest.mark.slow
def test_hostile_names_survive_check_score_and_the_whole_report(tmp_path):
    corpus = _write_corpus(tmp_path / "work" / "corpus", HOSTILE_EVENTS, HOSTILE_OUTLETS, SIDES)
    for name in [*HOSTILE_EVENTS, *HOSTILE_OUTLETS, *SIDES]:
        assert check_name(name) is None, name
    assert run_cli("check", str(corpus)).returncode == 0
    corpus_digest = folder_digest(corpus)
    out = tmp_path / "work" / "report"
    result = run_cli("report", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    # Nothing was written outside the report folder (the corpus included).
    after = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}
    strays = [p for p in after if len(p.parts) > 1 and p.parts[1] not in ("corpus", "report")]
    assert not strays and all(p.parts[0] == "work" for p in after), strays
    assert folder_digest(corpus) == corpus_digest  # the corpus is never written
    assert not list(out.rglob(".*"))  # no lock or staging file left behind
    index = (out / "index.html").read_text()
    for event in HOSTILE_EVENTS:
        assert (out / "evidence" / f"{slug(event)}.html").exists(), event
        assert (out / "findings" / f"{slug(event)}.json").exists(), event
        assert f"event-{slug(event)}" in index
    assert "<b>Tribune</b>" not in index and "&lt;b&gt;Tribune&lt;/b&gt;" in index
    report = json.loads((out / "report.json").read_text())
    assert all(n["ok"] for n in report["notebooks"])


names = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\n\r"
    ),
    min_size=1,
    max_size=24,
).filter(lambda n: check_name(n) is None and n == n.strip() and n.strip())


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    events=st.lists(names, min_size=1, max_size=2, unique=True),
    outlets=st.lists(names, min_size=2, max_size=3, unique=True),
    sides=st.lists(names, min_size=2, max_size=3, unique=True),
)
def test_any_accepted_name_goes_through_score_and_compare(tmp_path_factory, events, outlets, sides):
    root = _write_corpus(tmp_path_factory.mktemp("names") / "c", events, outlets, sides)
    corpus = load_corpus(root)
    assert sorted(corpus.event_names()) == sorted(events)
    articles, spans = score(corpus, progress=False)
    assert len(articles) == len(events) * len(outlets)
    rates = rate_table(articles, resamples=100)
    assert set(rates["outlet"]) == set(outlets)
    for event in events:
        event_articles = articles[articles["event"] == event]
        sides_of = corpus.sides(event)
        long = side_table(spans, event_articles, sides_of)
        balance = quote_balance(spans, event_articles, sides_of, default_pair(long, sides_of))
        assert len(balance) == len(outlets)
        figure_id = f"event-{slug(event)}-profile"
        assert figure_id == figure_id.lower() and "/" not in figure_id and ".." not in figure_id
    keys = [column_key(s) for s in sides]
    assert len(set(keys)) == len(keys)  # distinct names, distinct keys
    for group in (events, outlets, sides):
        assert pd.Series([slug(n) for n in group]).is_unique  # file names never collide
