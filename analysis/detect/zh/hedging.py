"""Hedges and boosters in Chinese (Hyland 2005), with context rules for the sense.

Rules (column ``rule`` of ``hedges_zh`` and ``boosters_zh``):

* ``word``: the match sits on segmenter word boundaries (every entry).
* ``not-negated``: no negation just before ("不可能" is not a hedge, "并不显然" no booster).
* ``before-number``: approximators 约, 近, 将近 ... only directly before a number
  ("约18%", "近两成"; not "条约", "近日").
* ``after-number``: 左右, 上下, 前后, 余 only right after a number and its unit
  ("三成左右", "10余家"; not "上下游", "前后矛盾").
* ``yiding``: 一定 / 肯定 only before 会, 能, 是, 将 ("一定会"), not "一定程度" or
  "一定要" (must).
* ``verb-with-clause``: 证明, 表明, 证实 as verbs with a clause, not the noun
  ("出具证明", a certificate).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.detect.zh._common import (
    NUMBER_START,
    NUMERALS,
    CharMatch,
    char_span,
    lexicon_matches,
    negated_before,
    rule_id,
)
from analysis.schema import Span
from analysis.text import Document

_AFTER_NUMBER = re.compile(f"[{NUMERALS}][%％]?[\u4e00-\u9fff]{{0,2}}$")


def _not_negated(doc: Document, m: CharMatch) -> bool:
    return not negated_before(doc.text, m.start)


_LINKS = ("相当于", "相當於", "为", "為", "有", "占", "佔", "达", "達")


def _before_number(doc: Document, m: CharMatch) -> bool:
    """A number follows, directly or after a copula-like link ("约相当于六成", "约为18%")."""
    nxt = doc.text[m.end : m.end + 12].lstrip()
    for link in _LINKS:
        if nxt.startswith(link):
            nxt = nxt[len(link) :]
            break
    if nxt[:1] in "“「":  # "约相当于“极光A90”的六成": the number comes after a name
        close = next((k for k, ch in enumerate(nxt) if ch in "”」"), None)
        if close is not None and nxt[close + 1 : close + 2] == "的":
            nxt = nxt[close + 2 :]
    return bool(nxt) and bool(NUMBER_START.match(nxt))


def _after_number(doc: Document, m: CharMatch) -> bool:
    return bool(_AFTER_NUMBER.search(doc.text[max(0, m.start - 4) : m.start]))


def _yiding(doc: Document, m: CharMatch) -> bool:
    return doc.text[m.end : m.end + 1] in tuple("会會能是将將") and _not_negated(doc, m)


def _verb_with_clause(doc: Document, m: CharMatch) -> bool:
    before, after = doc.text[max(0, m.start - 2) : m.start], doc.text[m.end : m.end + 2]
    if before.endswith(("的", "出具", "开具", "開具", "提供")) or after[:1] in ("书", "書", "信"):
        return False
    if after.startswith(("文件", "材料")) or not after or after[:1] in "。！？":
        return False
    return _not_negated(doc, m)


RULES: dict[str, Callable[[Document, CharMatch], bool]] = {
    "word": lambda doc, m: True,
    "": lambda doc, m: True,
    "not-negated": _not_negated,
    "before-number": _before_number,
    "after-number": _after_number,
    "yiding": _yiding,
    "verb-with-clause": _verb_with_clause,
}


def _spans(doc: Document, article_id: str, kind: str, lexicon: str) -> list[Span]:
    out = []
    for m in lexicon_matches(doc, lexicon):
        rule = m.entry.get("rule", "word")
        check = RULES.get(rule)
        if check is None:
            raise ValueError(f"{lexicon}, line {m.entry.line}: unknown rule {rule!r}")
        if check(doc, m):
            out.append(
                char_span(
                    doc,
                    article_id,
                    kind,
                    m.start,
                    m.end,
                    m.entry.category,
                    rule=rule_id(lexicon, m.entry, rule),
                )
            )
    return out


def detect_hedges_zh(doc: Document, article_id: str, lexicon: str = "hedges_zh") -> list[Span]:
    """Hedges in a Chinese document."""
    return _spans(doc, article_id, "hedge", lexicon)


def detect_boosters_zh(doc: Document, article_id: str, lexicon: str = "boosters_zh") -> list[Span]:
    """Boosters in a Chinese document; a booster after a negation is dropped."""
    return [
        s
        for s in _spans(doc, article_id, "booster", lexicon)
        if not negated_before(doc.text, s.start)
    ]
