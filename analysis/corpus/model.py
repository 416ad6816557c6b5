"""The loaded corpus: articles and side tables, never written back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd


@dataclass
class Corpus:
    """A loaded, validated corpus.

    Attributes:
        path: the corpus folder (or table file).
        name: a short name, the folder name.
        articles: one row per article, columns :data:`ARTICLE_COLUMNS` plus any
            extra front-matter or table fields (string dtype; ``date`` is datetime).
        outlets, events, speakers: the side tables (empty frames when absent).
        fingerprint: sha256 of every file read, independent of where the folder lives.
        files: relative paths of every file read, sorted.
    """

    path: Path
    name: str
    articles: pd.DataFrame
    outlets: pd.DataFrame
    events: pd.DataFrame
    speakers: pd.DataFrame
    fingerprint: str
    files: list[str] = field(default_factory=list)

    @property
    def short_fingerprint(self) -> str:
        """First 12 hex digits of the fingerprint, as printed in citations."""
        return self.fingerprint[:12]

    def article_text(self, article_id: str) -> str:
        """Return the body text of one article (the string span offsets refer to)."""
        row = self.articles.loc[self.articles["id"] == article_id]
        if row.empty:
            raise KeyError(f"no article with id {article_id!r} in corpus {self.name}")
        return str(row["text"].iloc[0])

    def subset(self, events: list[str] | None = None, outlets: list[str] | None = None) -> Corpus:
        """The same corpus restricted to some events and outlets (side tables kept)."""
        keep = pd.Series(True, index=self.articles.index)
        if events:
            keep &= self.articles["event"].isin(events)
        if outlets:
            keep &= self.articles["outlet"].isin(outlets)
        return replace(self, articles=self.articles[keep].reset_index(drop=True))

    def sides(self, event: str) -> list[str]:
        """Sides of the speakers on ``event``, in speakers.csv order, without repeats.

        Rows for that event and rows with no event (every event) count.
        """
        sp = self.speakers
        if "side" not in sp.columns:
            return []
        events = sp["event"].fillna("") if "event" in sp.columns else pd.Series("", sp.index)
        rows = sp.loc[events.isin(["", event]), "side"].fillna("")
        return [side for side in dict.fromkeys(rows) if side]

    def outlet_names(self) -> list[str]:
        """Outlets that have at least one article, sorted."""
        return sorted(self.articles["outlet"].unique().tolist())

    def event_names(self) -> list[str]:
        """Events that have at least one article, sorted."""
        return sorted(self.articles["event"].unique().tolist())
