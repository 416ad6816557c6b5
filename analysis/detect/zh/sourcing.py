"""Anonymous and vague sources in Chinese.

* ``anonymous``: an unnamed individual or counted group presented as a source: a
  counter and a source noun ("一名官员", "多位业内人士", "一家服务器厂商的销售负责人",
  with the organisation before it: "某国驻某地总领事馆一名官员"), or an insider noun
  by itself ("知情人士", "消息人士", "业内人士"), or "接近/熟悉 ... 的人士".
* ``vague``: an uncounted group or channel presented as a source: a group noun,
  optionally after a vague quantifier (有, 一些, 不少 ...), followed by a verb of
  saying or believing ("分析人士指出", "有分析人士提醒", "外媒援引", "专家普遍认为").

A source needs a verb of saying after it in the sentence, or 据/援引/从 before it.
Only the author's voice counts, as in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.detect.zh._common import char_span
from analysis.lexicon import get_lexicon
from analysis.schema import Span
from analysis.text import Document
from analysis.wordlists import wordlist, wordlist_entries

_BREAK = "，。！？；：、,.!?;:“”‘’「」『』（）()《》【】\n"
_SOURCE_BEFORE = ("据", "據", "援引", "引述", "从", "從", "向", "对", "對", "告诉", "告訴")
_GAP_WORDS = frozenset(wordlist("zh_speaker_trims")) | {
    "普遍",
    "纷纷",
    "紛紛",
    "均",
    "一致",
    "大多",
}
_OPENS_GROUP = (
    "据",
    "據",
    "援引",
    "从",
    "從",
    "而",
    "但",
    "也",
    "则",
    "則",
    "另",
    "还",
    "還",
    "并",
    "並",
    "更",
)
_GROUPS = frozenset(wordlist("zh_source_groups"))
_SPECIFIC = ("该", "該", "这些", "這些", "这位", "這位", "那些", "这名", "這名", "此")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    verbs = [
        form
        for e in get_lexicon("reporting_verbs_zh").entries
        for form in e.term.split("|")
        if len(form) > 1 or form in ("说", "說", "称", "稱", "指")
    ]
    heads = _alternation(wordlist("zh_source_heads"))
    return {
        "verb": re.compile(_alternation(verbs)),
        "counter": re.compile(_alternation(wordlist("zh_source_counters"))),
        "head": re.compile(heads),
        "insider": re.compile(
            f"(?:{_alternation(wordlist_entries('zh_insider_heads'))})"
            f"|(?:接近|熟悉|了解)[^{_BREAK}]{{1,12}}?的人士"
        ),
        "group": re.compile(
            f"(?:(?P<quant>{_alternation(wordlist('zh_vague_quantifiers'))})[^{_BREAK}]{{0,4}}?"
            f"|(?P<mod>{_alternation(wordlist('zh_source_modifiers'))}))?"
            f"(?:{_alternation(wordlist('zh_source_groups'))})(?:们|們)?"
        ),
        "channel": re.compile(
            f"(?:{_alternation(wordlist('zh_vague_quantifiers'))})"
            f"(?:{_alternation(wordlist('zh_source_channels'))})"
        ),
        "camp": re.compile(
            f"[^{_BREAK}]{{2,6}}?(?:阵营|陣營|方面|身边|身邊|团队|團隊|幕僚)(?:人士|人员|人員)"
        ),
        "org_end": re.compile(f"(?:{_alternation(wordlist('zh_org_heads'))})$"),
        "marker": re.compile(_alternation(wordlist("zh_anonymity_markers"))),
    }


@dataclass(frozen=True)
class SourcePhrase:
    """A source phrase: character offsets and its category (anonymous or vague)."""

    start: int
    end: int
    category: str


def _sentence_end(doc: Document, pos: int) -> int:
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return s.end
    return len(doc.text)


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    k = pos
    while k > floor and text[k - 1] not in _BREAK:
        k -= 1
    return k


def _says_after(doc: Document, end: int, limit: int = 30) -> bool:
    """A verb of saying follows in the sentence, after at most a few gap words."""
    stop = min(_sentence_end(doc, end), end + limit)
    m = _patterns()["verb"].search(doc.text, end, stop)
    return m is not None


def _says_soon(doc: Document, end: int) -> bool:
    """A verb of saying follows directly, or after gap words only (没有 names between)."""
    text = doc.text
    verb = _patterns()["verb"]
    pos = end
    for _ in range(4):
        if verb.match(text, pos):
            return True
        gap = next(
            (g for g in sorted(_GAP_WORDS, key=len, reverse=True) if text.startswith(g, pos)), None
        )
        if gap is None:
            m = re.match(r"\s*[，,]?\s*", text[pos:])
            return bool(m and m.end() and verb.match(text, pos + m.end()))
        pos += len(gap)
    return False


def _source_before(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return any(before.endswith(w) for w in _SOURCE_BEFORE)


def find_sources_zh(doc: Document) -> list[SourcePhrase]:
    """Anonymous and vague source phrases in the author's voice, in text order."""
    found = doc.__dict__.get("_found_sources_zh")
    if found is None:
        found = doc.__dict__["_found_sources_zh"] = _find(doc)
    return found


def _find(doc: Document) -> list[SourcePhrase]:
    text = doc.text
    p = _patterns()
    out: list[SourcePhrase] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    # Counted sources: counter, modifiers, the last source noun before a verb or break.
    for c in p["counter"].finditer(text):
        if doc.voice_at(c.start()) != "author" or not free(c.start(), c.end()):
            continue
        limit = min(len(text), c.end() + 16)
        stop = next((k for k in range(c.end(), limit) if text[k] in _BREAK), limit)
        heads = list(p["head"].finditer(text, c.end(), stop))
        # The last source noun with no verb of saying before it ("一位手机行业分析师提醒":
        # the verb 分析 inside 分析师 does not count).
        heads = [
            h
            for h in heads
            if not any(
                v.end() <= h.start() or v.start() < h.start()
                for v in p["verb"].finditer(text, c.end(), h.start())
                if not any(x.start() <= v.start() < x.end() for x in heads)
            )
        ]
        if not heads:
            continue
        head = heads[-1]
        start, end = c.start(), head.end()
        # The organisation before the counter belongs to the phrase ("……总领事馆一名官员").
        before = text[_clause_start(text, start) : start]
        if (
            before
            and p["org_end"].search(before)
            and len(before) <= 15
            and not p["verb"].search(before)
            and not any(w in before for w in _SOURCE_BEFORE)
        ):
            start -= len(before)
        if not (
            _says_after(doc, end)
            or _source_before(text, start)
            or p["marker"].search(text, c.end(), end)
        ):
            continue
        out.append(SourcePhrase(start, end, "anonymous"))
        taken.append((start, end))
    # Insiders by themselves.
    for m in p["insider"].finditer(text):
        a, b = m.start(), m.end()
        if doc.voice_at(a) != "author" or not free(a, b):
            continue
        q = re.search(
            f"(?:{_alternation(wordlist('zh_vague_quantifiers'))})$", text[max(0, a - 3) : a]
        )
        if q:
            a -= len(q.group())
        if _says_after(doc, b) or _source_before(text, a):
            out.append(SourcePhrase(a, b, "anonymous"))
            taken.append((a, b))
    # Camps: "某某阵营人士" (people from X's camp).
    for m in p["camp"].finditer(text):
        a, b = _clause_start(text, m.start()), m.end()
        a = max(a, m.start())
        if doc.voice_at(a) == "author" and free(a, b):
            out.append(SourcePhrase(a, b, "anonymous"))
            taken.append((a, b))
    # Vague groups: after a quantifier at the start of a clause ("不少网友直呼", "有网友晒出"),
    # or with a verb of saying right after ("分析人士指出", "外媒分析称").
    for rx in (p["group"], p["channel"]):
        for m in rx.finditer(text):
            a, b = m.start(), m.end()
            if doc.voice_at(a) != "author" or not free(a, b):
                continue
            before = text[max(0, a - 2) : a]
            if any(before.endswith(w) for w in _SPECIFIC):
                continue
            quantified = rx is p["channel"] or bool(m.group("quant"))
            at_start = (
                a == 0 or text[a - 1] in _BREAK or any(before.endswith(w) for w in _OPENS_GROUP)
            )
            channel = m.group() in ("外媒", "外電", "外电")
            says = (at_start or m.group("mod")) and _says_soon(doc, b)
            if ((quantified or channel) and at_start) or says:
                out.append(SourcePhrase(a, b, "vague"))
                taken.append((a, b))
    out.sort(key=lambda s: s.start)
    return out


def detect_sources_zh(doc: Document, article_id: str) -> list[Span]:
    """Anonymous and vague source phrases in the author's voice."""
    return [
        char_span(
            doc,
            article_id,
            "anonymous_source",
            s.start,
            s.end,
            s.category,
            voice="author",
            rule="pattern:zh-unnamed-source"
            if s.category == "anonymous"
            else "pattern:zh-vague-group+verb",
        )
        for s in find_sources_zh(doc)
    ]
