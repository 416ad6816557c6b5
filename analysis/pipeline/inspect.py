"""What ``check`` shows about a corpus before anything is scored.

Per article: its words after hygiene (boilerplate left out), its language and
where that came from, what the hygiene stage repaired or left out, and the
quotation marks that do not pair. Per event: syndicated copies. Nothing is
written; the corpus is only read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.corpus import Corpus
from analysis.detect.registry import supported_languages
from analysis.pipeline.syndication import near_duplicates, signature
from analysis.text import base_language, count_words, find_quotes, split_paragraphs
from analysis.text.clean import clean


@dataclass
class Inspection:
    """The ``check`` view of a corpus.

    Attributes:
        articles: one row per article: ``id``, ``source``, ``outlet``, ``event``,
            ``words`` (after hygiene), ``boilerplate_words``, ``language``,
            ``language_source``, ``supported``, ``findings`` (a list of texts).
        syndication: near-duplicate pairs (``article_id``, ``duplicate_of``, ...).
        typography: ``(source, offset, message)`` for quotation marks that do not pair.
    """

    articles: pd.DataFrame
    syndication: pd.DataFrame
    typography: list[tuple[str, int, str]] = field(default_factory=list)

    def summary(self) -> pd.DataFrame:
        """Articles and words (after hygiene) per event and outlet."""
        return (
            self.articles.groupby(["event", "outlet"], observed=True)
            .agg(articles=("id", "size"), words=("words", "sum"))
            .reset_index()
            .sort_values(["event", "outlet"])
            .reset_index(drop=True)
        )


def inspect_corpus(corpus: Corpus) -> Inspection:
    """Hygiene, languages, syndication and typography of every article of ``corpus``."""
    supported = supported_languages()
    rows, signatures, typography = [], [], []
    columns = ["id", "source", "outlet", "event", "text", "title", "language", "date"]
    for aid, source, outlet, event, text, title, language, date in corpus.articles[
        columns
    ].itertuples(index=False):
        cleaned = clean(
            str(text),
            None if pd.isna(language) else str(language),
            "" if pd.isna(title) else str(title),
        )
        findings = [
            f"{f.kind.replace('_', ' ')}: {f.detail}"
            for f in cleaned.findings
            if f.kind not in ("boilerplate", "language")
        ]
        boilerplate = sum(count_words(cleaned.text[a:b]) for a, b, _, _ in cleaned.regions)
        if cleaned.regions:
            kinds = pd.Series([c for _, _, c, _ in cleaned.regions]).value_counts()
            first = cleaned.text[cleaned.regions[0][0] : cleaned.regions[0][1]].split("\n")[0]
            findings.append(
                f"boilerplate left out: {len(cleaned.regions)} regions, {boilerplate} words ("
                + ", ".join(f"{k} {n}" for k, n in kinds.sort_index().items())
                + f"), first at offset {cleaned.regions[0][0]}: {first[:50]!r}"
            )
        rows.append(
            {
                "id": aid,
                "source": source,
                "outlet": outlet,
                "event": event,
                "words": count_words(cleaned.masked),
                "boilerplate_words": boilerplate,
                "language": cleaned.language,
                "language_source": cleaned.language_source,
                "supported": base_language(cleaned.language) in supported,
                "findings": findings,
            }
        )
        paragraphs = split_paragraphs(cleaned.masked)
        for issue in find_quotes(cleaned.masked, paragraphs)[1]:
            typography.append((str(source), issue.offset, issue.message))
        sig, n = signature(cleaned.masked)
        signatures.append(
            {
                "id": aid,
                "outlet": outlet,
                "event": event,
                "date": date,
                "signature": sig,
                "shingles": n,
            }
        )
    frame = pd.DataFrame(rows)
    pairs = [
        near_duplicates([s for s in signatures if s["event"] == e])
        for e in sorted({s["event"] for s in signatures})
    ]
    pairs = [p for p in pairs if len(p)]
    syndication = (
        pd.concat(pairs, ignore_index=True)
        if pairs
        else pd.DataFrame(columns=["article_id", "duplicate_of", "similarity", "containment"])
    )
    return Inspection(frame, syndication, typography)
