"""Which languages the compared outlets write in, and the caption note when they differ.

Per-1,000-words rates count English word tokens for English articles and the
segmenter's words for Chinese ones, with different lexicons, so a figure that puts
outlets of two languages side by side must say that their bars do not compare.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.text import base_language

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
CROSS_LANGUAGE_NOTE = (
    "Outlets here write in {languages}: rates per 1,000 words count English word tokens "
    "for English articles and the segmenter's (jieba) words for Chinese ones, with "
    "different lexicons, so compare outlets within one language only ({groups})."
)


def outlet_languages(articles: pd.DataFrame) -> dict[str, list[str]]:
    """Outlet to the sorted base languages of its articles (``language`` column; empty: en)."""
    languages = articles.get("language")
    if languages is None:
        languages = pd.Series(["en"] * len(articles), index=articles.index)
    bases = [base_language(None if pd.isna(x) else str(x)) for x in languages]
    out: dict[str, set[str]] = {}
    for outlet, language in zip(articles["outlet"], bases, strict=True):
        out.setdefault(str(outlet), set()).add(language)
    return {outlet: sorted(found) for outlet, found in sorted(out.items())}


def cross_language_note(articles: pd.DataFrame, outlets: Iterable[str] | None = None) -> str:
    """The caption sentence for a figure over ``outlets``; empty when they share a language."""
    table = outlet_languages(articles)
    chosen = [o for o in (outlets if outlets is not None else table) if o in table]
    groups: dict[str, list[str]] = {}
    for outlet in chosen:
        for language in table[outlet]:
            groups.setdefault(language, []).append(outlet)
    if len(groups) < 2:
        return ""
    names = [LANGUAGE_NAMES.get(code, code) for code in sorted(groups)]
    parts = [
        f"{LANGUAGE_NAMES.get(code, code)}: {', '.join(sorted(groups[code]))}"
        for code in sorted(groups)
    ]
    return CROSS_LANGUAGE_NOTE.format(languages=" and ".join(names), groups="; ".join(parts))
