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
from analysis.wordlists import wordlist

_AFTER_NUMBER = re.compile(f"[{NUMERALS}][%％]?[\u4e00-\u9fff]{{0,2}}$")


def _not_negated(doc: Document, m: CharMatch) -> bool:
    if m.entry.term in ("可能", "有可能") and doc.text[m.start - 1 : m.start] == "的":
        return False  # the noun: "不排除……的可能"
    return not negated_before(doc.text, m.start)


# Before these the word is a noun: "出具证明" (a certificate), "远超市场预期" (expectations).
_NOUN_BEFORE = (
    "的",
    "出具",
    "开具",
    "開具",
    "提供",
    "超",
    "超出",
    "市场",
    "市場",
    "符合",
    "不及",
    "低于",
    "低於",
    "高于",
    "高於",
    "好于",
    "好於",
)
_MODAL_NEXT = tuple(sorted(wordlist("zh_modal_next"), key=len, reverse=True))
_ADVERBIAL_NEXT = tuple("是出在由因集来來与與受用靠为為涉针針包")
_RECENT = re.compile(
    f"[{NUMERALS}]+(?:个|個)?(?:年|月|日|天|周|週|期|季|届|屆)(?:来|來|以来|以來|最|新|内|內|中|间|間|同期)"
)


def _modal_next(doc: Document, m: CharMatch) -> bool:
    """或 / 恐 as modals: a verb follows ("或将", "或与……有关", "恐难"), not "A或B"."""
    return doc.text.startswith(_MODAL_NEXT, m.end)


def _adverbial(doc: Document, m: CharMatch) -> bool:
    return doc.text[m.end : m.end + 1] in _ADVERBIAL_NEXT


def _mingxian(doc: Document, m: CharMatch) -> bool:
    nxt = doc.text[m.end : m.end + 1]
    return (nxt in ("是", "地") or nxt in "，,。") and _not_negated(doc, m)


_LINKS = (
    "相当于",
    "相當於",
    "减少了",
    "減少了",
    "增加了",
    "增长了",
    "增長了",
    "上升了",
    "下降了",
    "下跌了",
    "上涨了",
    "上漲了",
    "减少",
    "減少",
    "增加",
    "增长",
    "增長",
    "上升",
    "下降",
    "下跌",
    "上涨",
    "上漲",
    "为",
    "為",
    "有",
    "占",
    "佔",
    "达",
    "達",
    "是",
    "需",
)


def _before_number(doc: Document, m: CharMatch) -> bool:
    """A number follows, directly or after a copula-like link ("约相当于六成", "约为18%").

    近 before a span of time that is "the recent ..." ("近10年来", "近两年最高") is not one.
    """
    nxt = doc.text[m.end : m.end + 12].lstrip()
    if m.entry.term == "近" and _RECENT.match(nxt):
        return False
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
    if before.endswith(_NOUN_BEFORE) or after[:1] in ("书", "書", "信"):
        return False
    if after.startswith(("文件", "材料")) or not after or after[:1] in "。！？":
        return False
    clause = doc.text[max(0, m.start - 10) : m.start]
    clause = re.split("[，。！？；：,]", clause)[-1]
    if any(n in clause for n in ("无", "無", "没有", "沒有", "并未", "並未", "未能")):
        return False  # "并无科学证据证明"
    return _not_negated(doc, m)


RULES: dict[str, Callable[[Document, CharMatch], bool]] = {
    "word": lambda doc, m: True,
    "": lambda doc, m: True,
    "not-negated": _not_negated,
    "before-number": _before_number,
    "after-number": _after_number,
    "yiding": _yiding,
    "modal-next": _modal_next,
    "adverbial": _adverbial,
    "mingxian": _mingxian,
    "verb-with-clause": _verb_with_clause,
}


def _spans(doc: Document, article_id: str, kind: str, lexicon: str) -> list[Span]:
    out = []
    for m in lexicon_matches(doc, lexicon, loose_rules=("modal-next",)):
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
