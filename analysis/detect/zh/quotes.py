"""Chinese quotes and who said them; scare quotes; the reporting verbs that introduce quotes.

Cues are reporting verbs of ``reporting_verbs_zh`` followed by a comma or colon
("表示，", "指出：", "称，"), or by a clause for the verbs that take one directly
("表示将……", "认为这……"); one-character verbs (说, 称, 指) need the punctuation,
or 又/并/中 before 指. Patterns beside the verbs: 据 X 报道/称/透露，(speaker X),
X 援引 Y（的话）说 (speaker Y), 从 X 处获悉 (speaker X).

Every top-level quotation region (“” 「」; marks inside a quote are never
classified) is

* a **direct quote** after a colon ("X表示：“……”"), or followed by its attribution
  ("“……”X说。"), or standing as a sentence of its own after a speaker's words
  (the previous speaker, as consecutive quotes in English);
* a **partial quote** inside an indirect quote, or inside a sentence with a cue
  and a speaker ("批评瓦方「科技霸凌」", "形容……是「漏洞」");
* a **scare quote** after 所谓/号称/被称为, or a short term (at most four
  characters) with no speaker in reach ("又一次被“卡脖子”"); the marks are part of
  the span, its voice is the author's;
* a **name** (no span): a term followed by Latin letters or digits (“极光”A90),
  holding them (“墨衡M7”), or five or more characters with no cue and no
  punctuation (a list, a programme, a slogan).

**Indirect speech**: the clause after a cue, up to the end of the sentence, or to
a comma before the next cue ("……指，A，並警告B。" gives A and B), or a comma
before a new subject (……，该公司股价……). A cue inside another cue's clause wins
(据X报道，Y表示，……: Y speaks). Voice: the author's.

**Speakers**: the words before the cue in its clause, with times and
circumstances cut off ("在声明中", "9日晚", "在接受本报记者采访时"). Names and
aliases of ``speakers.csv`` (any script, matched on characters; one-character
aliases are ignored) give the canonical name; an anonymous or vague source
phrase gives itself, verbatim; 他/她 resolve to the last person, 该公司/该部/其 to
the last organisation. With none of these, the trimmed words are the speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from analysis.detect.zh._common import char_span, rule_id
from analysis.detect.zh.sourcing import SourcePhrase, find_sources_zh
from analysis.lexicon import Entry, get_lexicon
from analysis.schema import Span
from analysis.text import Document, QuoteRegion
from analysis.wordlists import wordlist

LEXICON = "reporting_verbs_zh"
_BREAK = "，。！？；：、,.!?;:“”‘’「」『』（）()《》【】\n"
_CLAUSE_END = "。！？!?；;\n"
_SUBJECT_BREAK = "，。！？；：、,.!?;:“「『‘《【〔\n"
_OPENERS = '“「『‘"'
_CLOSERS = '”」』’"'
_COLONS = "：:"
_COMMAS = "，,"
_SINGLE_NEEDS_PUNCT = frozenset({"说", "說", "称", "稱", "指", "分析", "显示", "顯示", "提到"})
_NOT_A_CUE_AFTER = frozenset("的了出着著过過】〕］")
_NOUN_DETERMINERS = ("这一", "這一", "这个", "這個", "该", "該", "此", "一项", "一項")
_TELL = frozenset("告诉 告訴 表示 说 說 透露 介绍 介紹 坦言 直言 称 稱 指出 强调 強調".split())
_ADDRESSEE = (
    r"(?:[^，。！？；：“”「」,.;]{0,6}?(?:记者|記者|本报|本報|本台|本网|本網|媒体|媒體|笔者|筆者)"
    r"|他|她|他们|她們|他們|她们)[，,：:]"
)
# Verbs that report speech only with a comma or colon after them; without one they
# announce or introduce an act ("宣布收紧管制", "介绍了情况").
_NEEDS_PUNCT = frozenset(
    "宣布 宣佈 发布 發布 通报 通報 介绍 介紹 回应 回應 回答 提出 补充 補充 确认 確認 证实 證實 "
    "表态 表態 引述 援引 转述 轉述 了解到 获悉 獲悉 公布 公佈 澄清 注意到".split()
)
_BEFORE_BARE_ZHI = ("又", "亦", "並", "并", "更", "還", "还", "則", "则", "另", "中", "續", "续")
_NOT_SAY_BEFORE = tuple("被简簡号號自堪俗名对對统統职職尊昵暱总總合声聲宣辩辯坚堅扬揚妄据據可一下")
_NOT_SAY_AFTER = tuple("为為作号號之赞讚呼得霸职職明服话話法")
_SCARE_INTRO = (
    "所谓",
    "所謂",
    "号称",
    "號稱",
    "被称为",
    "被稱為",
    "称为",
    "稱為",
    "被称作",
    "被稱作",
)
_OBJECT_VERBS = frozenset(
    "批评 批評 指责 指責 谴责 譴責 抨击 抨擊 形容 质疑 質疑 称赞 稱讚 痛批 怒斥 斥责 斥責 "
    "驳斥 駁斥 呼吁 呼籲 敦促 提醒 建议 建議 要求".split()
)
_ROLE_NOUNS = tuple(sorted(wordlist("zh_role_nouns"), key=len, reverse=True))
_NAME_HEADS = tuple(sorted(wordlist("zh_name_heads"), key=len, reverse=True))
_DOCUMENTS = (
    "声明", "聲明", "通报", "通報", "公告", "通知", "报告", "報告", "文件", "数据", "數據", "调查",
    "調查", "研究", "方案", "视频", "視頻", "影片", "画面", "畫面", "截图", "截圖", "图片", "圖片",
    "照片", "录音", "錄音", "《",
)  # fmt: skip
_REPORTERS = (
    "记者",
    "記者",
    "笔者",
    "筆者",
    "本报",
    "本報",
    "本台",
    "本网",
    "本網",
    "编者",
    "編者",
)
_ESTIMATES = frozenset("预期 預期 预计 預計 估计 估計 预估 預估".split())
_NOUN_BEFORE = ("超", "超出", "市场", "市場", "符合", "不及", "低于", "低於", "高于", "高於", "的")
# A speaker-like phrase ends in an agent (a person, a body, a group) or is a short name.
_AGENT_END = re.compile(
    "(?:[人者员員长長师師家官手生工民友士方部局署处處会會委院所府党黨司行社台报報网網媒队隊团團厂廠"
    "店校军軍警]|"
    + "|".join(re.escape(w) for w in sorted(wordlist("zh_org_heads"), key=len))
    + ")$"
)
_PERSON_PRONOUNS = ("他们", "她们", "他們", "她們", "他", "她")
_ORG_REFERENCES = (
    "该公司",
    "該公司",
    "该部",
    "該部",
    "该行",
    "該行",
    "该机构",
    "該機構",
    "该集团",
    "該集團",
    "该局",
    "該局",
    "该委",
    "該委",
    "该组织",
    "該組織",
    "该院",
    "該院",
    "该校",
    "該校",
    "该台",
    "該台",
    "该报",
    "該報",
    "公司方面",
    "该企业",
    "該企業",
    "其",
)
_CONJUNCTIONS = (
    "但是",
    "不过",
    "不過",
    "而且",
    "此外",
    "另外",
    "同时",
    "同時",
    "对此",
    "對此",
    "其中",
    "随后",
    "隨後",
    "但",
    "而",
    "并",
    "並",
    "又",
    "也",
    "亦",
    "还",
    "還",
    "则",
    "則",
    "更",
    "另",
    "且",
)
_TRIMS = sorted(wordlist("zh_speaker_trims"), key=len, reverse=True)
_TIME = re.compile(r"[0-9０-９一二三四五六七八九十]+[日月号號][早晚上下午]*(?:晚间|晚間)?")
_CIRCUMSTANCE = re.compile(
    r"(?:在|於|于)[^，。：]{0,20}?(?:上|中|时|時|后|後|前|里|裡|期间|期間)"
    r"|(?:接受|透过|透過|通过|通過)[^，。：]{0,16}?(?:采访|採訪|专访|專訪|访问|訪問)(?:时|時)?"
    r"|(?:发表|發表)[^，。：]{0,8}?(?:谈话|談話|讲话|講話|演讲|演講|文章|声明|聲明)"
    r"|(?:对|對|向|跟|告诉|告訴)(?:本报|本報|记者|記者|媒体|媒體|传媒|傳媒|本台|本网|本網)[^，。：]{0,6}?"
    r"|(?:发文|發文)"
)
_ORG_END = re.compile(
    "(?:"
    + "|".join(re.escape(w) for w in sorted(wordlist("zh_org_heads"), key=len, reverse=True))
    + ")$"
)
_LATIN_ORG = re.compile(
    r"\b(?:ministry|department|intelligence|semiconductor|microdevices|media|company|group|"
    r"corp|inc|ltd|bank|university|institute|agency|government|council|union|labs?|times|"
    r"post|herald|news|association|commission|office|bureau|party|technolog(?:y|ies))\b",
    re.I,
)


@dataclass
class _Cue:
    """A reporting verb that introduces speech, with its clause and speaker."""

    start: int  # the cue phrase (据 ... 报道 spans from 据)
    end: int
    verb_start: int
    verb_end: int
    entry: Entry | None
    subject: tuple[int, int]  # the words before the verb that name the speaker
    clause_start: int = -1  # where the reported words begin (after , or :)
    colon: bool = False
    speaker: str = ""
    mention: str = ""
    kind: str = ""  # person | org
    takes_object: bool = False  # 批评瓦方「……」: partial quotes only, no clause


@dataclass
class _State:
    doc: Document
    article_id: str
    names: list[tuple[str, str]]  # (surface form, canonical), longest first
    sides: dict[str, str]
    sources: list[SourcePhrase]
    speakers: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, name, kind)
    mentions: list[tuple[int, str, str]] = field(default_factory=list)  # alias mentions


def _speaker_type(state: _State, speaker: str, cues: list[_Cue]) -> str:
    """``speaker_type`` of a quote's speaker (:data:`analysis.schema.SPEAKER_TYPES`).

    An anonymous or vague source phrase speaks for itself (its category says
    which); otherwise the kind the speaker was last resolved as, organisation or
    person. No speaker: empty.
    """
    if not speaker:
        return ""
    text = state.doc.text
    for source in state.sources:
        if text[source.start : source.end] == speaker:
            return "anonymous_individual" if source.category == "anonymous" else "vague_group"
    kinds = [k for _, name, k in state.speakers if name == speaker]
    kinds += [c.kind for c in cues if c.speaker == speaker]
    return "organisation" if kinds and kinds[-1] == "org" else "person"


@lru_cache(maxsize=1)
def _verbs() -> tuple[re.Pattern, dict[str, Entry]]:
    by_form: dict[str, Entry] = {}
    for entry in get_lexicon(LEXICON).entries:
        for form in entry.term.split("|"):
            by_form.setdefault(form, entry)
    forms = sorted(by_form, key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms)), by_form


_GENJU = re.compile(
    r"(?:根据|根據|据|據)(?P<who>[^，。：；“”「」]{2,24}?)(?:公布|公佈|发布|發布|发表|發表)的"
    r"(?P<verb>民调|民調|调查|調查|数据|數據|报告|報告|统计|統計)(?:结果|結果)?(?:显示|顯示)?[，,]"
)
_JU = re.compile(
    r"(?:据|據)(?P<who>[^，。：；“”「」]{2,24}?)"
    r"(?P<verb>报道|報道|報導|消息|透露|介绍|介紹|称|稱|指出|表示|说|說|分析|估计|估計|统计|統計|显示|顯示)"
    r"[，,]"
)
_YUANYIN = re.compile(
    r"(?P<verb>援引|引述|引用)(?P<who>[^，。：；“”「」]{2,24}?)(?:的话|的話|的說法|的说法)?"
    r"(?P<say>说|說|称|稱|表示|指)"
)
_FROM = re.compile(
    r"(?:从|從)(?P<who>[^，。：；“”「」]{2,24}?)(?:处|處|那里|那裡)(?P<verb>获悉|獲悉|了解到|得知)"
)


def _is_org(name: str, surface: str = "") -> bool:
    return bool(
        _ORG_END.search(surface or name) or _ORG_END.search(name) or _LATIN_ORG.search(name)
    )


_NAMES_CACHE: dict[tuple[int, str | None], tuple[pd.DataFrame, list, dict]] = {}


def _speaker_names(speakers: pd.DataFrame | None, event: str | None) -> tuple[list, dict]:
    """(surface form, canonical) pairs from speakers.csv, longest first; and sides.

    Read once per speakers table and event (a corpus scores many articles per event).
    """
    if speakers is None:
        return [], {}
    key = (id(speakers), event)
    cached = _NAMES_CACHE.get(key)
    if cached is not None and cached[0] is speakers:
        return cached[1], cached[2]
    if len(_NAMES_CACHE) > 256:
        _NAMES_CACHE.clear()
    names, sides = _read_speaker_names(speakers, event)
    _NAMES_CACHE[key] = (speakers, names, sides)
    return names, sides


def _read_speaker_names(speakers: pd.DataFrame, event: str | None) -> tuple[list, dict]:
    pairs: dict[str, str] = {}
    sides: dict[str, str] = {}
    if speakers.empty:
        return [], sides
    for row in speakers.itertuples():
        row_event = getattr(row, "event", "")
        if isinstance(row_event, str) and row_event and event and row_event != event:
            continue
        name = str(row.speaker)
        side = getattr(row, "side", "")
        if isinstance(side, str) and side:
            sides[name] = side
        alias_text = getattr(row, "aliases", "")
        forms = [name] + (alias_text.split("|") if isinstance(alias_text, str) else [])
        for form in forms:
            form = form.strip()
            cjk = any("\u3400" <= ch <= "\u9fff" for ch in form)
            if (cjk and len(form) >= 2) or (not cjk and len(form) >= 3):
                pairs.setdefault(form, name)
    return sorted(pairs.items(), key=lambda p: -len(p[0])), sides


def _find_names(state: _State, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Alias occurrences inside ``[start, end)``: (start, end, canonical, surface)."""
    text = state.doc.text
    found: list[tuple[int, int, str, str]] = []
    for form, name in state.names:
        pos = text.find(form, start, end)
        while pos != -1:
            if all(pos >= b or pos + len(form) <= a for a, b, _, _ in found):
                if form.isascii() and not _ascii_bounded(text, pos, pos + len(form)):
                    pass
                else:
                    found.append((pos, pos + len(form), name, form))
            pos = text.find(form, pos + 1, end)
    return sorted(found)


def _ascii_bounded(text: str, a: int, b: int) -> bool:
    return (a == 0 or not text[a - 1].isascii() or not text[a - 1].isalnum()) and (
        b >= len(text) or not text[b].isascii() or not text[b].isalnum()
    )


def _sentence_of(doc: Document, pos: int) -> tuple[int, int]:
    for s in doc.sentences:
        if s.start <= pos < s.end:
            return s.start, s.end
    return pos, pos


def _subject_back(doc: Document, pos: int, floor: int) -> int:
    """Where a subject before ``pos`` begins: after the last comma, colon or full stop.

    Parentheses ("今（21）日") and short quoted names (澜语科技旗下“岚语”大模型) do not end it;
    a quotation ("“……。”韩若溪说") does.
    """
    text = doc.text
    k = pos
    while k > floor:
        ch = text[k - 1]
        if ch in _CLOSERS:
            region = doc.quote_at(k - 1)
            content = text[region.content_start : region.content_end] if region else ""
            if region is None or len(content) > 12 or any(c in content for c in "，。！？,!?；;"):
                return k
            k = region.start
            continue
        if ch in _SUBJECT_BREAK:
            return k
        k -= 1
    return k


def _clause_back(text: str, pos: int, floor: int) -> int:
    k = pos
    while k > floor and text[k - 1] not in _BREAK:
        k -= 1
    return k


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Cut times, circumstances and leading conjunctions off a subject phrase."""
    phrase = text[a:b]
    cut = len(phrase)
    for pattern in (_CIRCUMSTANCE, _TIME):
        m = pattern.search(phrase)
        if m and m.start() > 0:
            cut = min(cut, m.start())
    for word in _TRIMS:
        k = phrase.find(word)
        if k > 0:
            cut = min(cut, k)
    b = a + cut
    changed = True
    while changed and a < b:
        changed = False
        for word in _CONJUNCTIONS:
            if text.startswith(word, a) and b - a > len(word):
                a += len(word)
                changed = True
                break
    while a < b and text[b - 1] in " ，,的":
        b -= 1
    return a, b


def _cues(doc: Document) -> list[_Cue]:
    """Every reporting cue in the author's voice, in text order."""
    text = doc.text
    pattern, by_form = _verbs()
    cues: list[_Cue] = []
    taken: list[tuple[int, int]] = []
    for rx, kind in ((_GENJU, "ju"), (_JU, "ju"), (_YUANYIN, "yuanyin"), (_FROM, "from")):
        for m in rx.finditer(text):
            if doc.voice_at(m.start()) != "author" or any(x <= m.start() < y for x, y in taken):
                continue
            who = m.span("who")
            group = "say" if kind == "yuanyin" else "verb"
            entry = by_form.get(m.group(group))
            end = m.end()
            cue = _Cue(m.start(), end, m.start(group), m.end(group), entry, who)
            after = text[end : end + 1]
            if kind == "ju":
                cue.clause_start = end
            elif after in _COLONS or after in _COMMAS:
                cue.clause_start = end + 1
                cue.colon = after in _COLONS
            else:
                cue.clause_start = end
            cues.append(cue)
            taken.append((m.start(), end))
    for m in pattern.finditer(text):
        a, b = m.start(), m.end()
        if any(x <= a < y for x, y in taken) or doc.voice_at(a) != "author":
            continue
        form = m.group()
        after = text[b : b + 1]
        before = text[a - 1 : a] if a else ""
        if (
            _in_brackets(text, a)
            or after in _NOT_A_CUE_AFTER
            or text[max(0, a - 2) : a].endswith(_NOUN_DETERMINERS)
        ):
            continue  # a byline (〔记者……报导〕), a relative clause (强调的), a noun (这一回应)
        if form in _ESTIMATES and text[max(0, a - 2) : a].endswith(_NOUN_BEFORE):
            continue  # "远超市场预期": the noun
        punct = after in _COMMAS or after in _COLONS
        opener = after in _OPENERS
        colon_ahead = re.match(r"[^，。！？；：“”「」,.;]{1,8}?[：:](?=[“「『])", text[b : b + 12])
        comma_ahead = re.match(_ADDRESSEE, text[b : b + 14]) if form in _TELL else None
        if (colon_ahead or comma_ahead) and not punct:
            # "告诉极栈：“……”", "告诉本报记者，……": the addressee, then the punctuation.
            ahead = colon_ahead or comma_ahead
            cue = _Cue(
                a, b, a, b, by_form[form], (_clause_back(text, a, _sentence_of(doc, a)[0]), a)
            )
            cue.clause_start, cue.colon = b + ahead.end(), ahead.group().endswith(("：", ":"))
            cues.append(cue)
            continue
        if form in _NEEDS_PUNCT and not punct:
            continue
        if form in _SINGLE_NEEDS_PUNCT or len(form) == 1:
            if form in ("称", "稱", "说", "說") and (
                before in _NOT_SAY_BEFORE or after in _NOT_SAY_AFTER
            ):
                continue
            bare_ok = _clause_len(text, b) >= 6 and (
                (form == "指" and (before in _BEFORE_BARE_ZHI or before in _COMMAS))
                or (form in ("称", "稱") and before not in _NOT_SAY_BEFORE)
            )
            if not (punct or opener or bare_ok):
                continue
        elif not (punct or opener) and (_clause_len(text, b) < 5 or after in _BREAK):
            continue
        floor = _sentence_of(doc, a)[0]
        s_a = _subject_back(doc, a, floor)
        cue = _Cue(a, b, a, b, by_form[form], (s_a, a))
        cue.takes_object = form in _OBJECT_VERBS and not punct
        if punct:
            cue.clause_start = b + 1
            cue.colon = after in _COLONS
        else:
            cue.clause_start = b
        cues.append(cue)
    cues.sort(key=lambda c: c.start)
    return cues


def _clause_len(text: str, pos: int) -> int:
    k = pos
    while k < len(text) and text[k] not in _CLAUSE_END and text[k] not in _COMMAS:
        k += 1
    return k - pos


def _resolve(state: _State, cue: _Cue, sentence_start: int) -> None:
    """Fill ``cue.speaker`` from its subject words (names, sources, pronouns)."""
    text = state.doc.text
    a, b = cue.subject
    # Sources: an anonymous or vague source phrase in the subject speaks for itself.
    for s in state.sources:
        if a <= s.start < b or (s.start <= a < s.end):
            org = _is_org(text[s.start : s.end])
            cue.speaker, cue.mention, cue.kind = (
                text[s.start : s.end],
                text[s.start : s.end],
                ("org" if org else "person"),
            )
            return
    names = _find_names(state, a, b)
    if names:
        people = [n for n in names if not _is_org(n[2], n[3])]
        start, end, name, surface = (people or names)[-1]
        cue.speaker, cue.mention = name, text[start:end]
        cue.kind = "org" if _is_org(name, surface) else "person"
        return
    t_a, t_b = _trim(text, a, b)
    phrase = text[t_a:t_b]
    bare = phrase
    for prefix in ("该", "該", "这位", "這位", "这名", "這名", "其"):
        if bare.startswith(prefix) and len(bare) > len(prefix):
            bare = bare[len(prefix) :]
    role = bare.endswith(_ROLE_NOUNS) and len(bare) <= 6
    document = phrase.startswith(_DOCUMENTS) or (bare.endswith(_DOCUMENTS[:-1]) and len(bare) <= 4)
    if role or document:
        # "发言人表示", "该负责人说", "声明称", "《通知》要求": the organisation last named.
        org = _last(state, cue.start, "org") or _last(state, cue.start, "", window=300)
        if org:
            cue.speaker, cue.mention, cue.kind = org, phrase, "org"
            return
    for pronoun in _PERSON_PRONOUNS:
        if phrase.startswith(pronoun) and len(phrase) <= len(pronoun) + 1:
            person = _last(state, cue.start, "person")
            if person:
                cue.speaker, cue.mention, cue.kind = person, phrase, "person"
                return
    for ref in _ORG_REFERENCES:
        if phrase.startswith(ref) and (ref != "其" or len(phrase) <= 2):
            org = _last(state, cue.start, "org")
            if org:
                cue.speaker, cue.mention, cue.kind = org, phrase, "org"
                return
    if not phrase or phrase in _CONJUNCTIONS:
        # "……，并表示……": this sentence's last speaker, its subject, or the last speaker.
        here = [x for x in state.speakers if sentence_start <= x[0] < cue.start]
        if here:
            _, cue.speaker, cue.kind = max(here)
            return
        names = _find_names(state, sentence_start, a)
        if names:
            _, _, name, surface = names[0]
            cue.speaker, cue.mention = name, surface
            cue.kind = "org" if _is_org(name, surface) else "person"
            return
        last = state.speakers[-1] if state.speakers else None
        if last and last[0] >= sentence_start - 200:
            cue.speaker, cue.mention, cue.kind = last[1], "", last[2]
        return
    if _speaker_like(phrase):
        cue.speaker, cue.mention = phrase, phrase
        cue.kind = "org" if _is_org(phrase) else "person"


def _speaker_like(phrase: str) -> bool:
    """A phrase that can name a speaker: it ends in an agent noun, or is a short name."""
    if not phrase or len(phrase) > 30 or phrase.startswith(("这", "這", "那", "此", "该", "該")):
        return False
    if phrase.endswith(_REPORTERS) or phrase.startswith(_DOCUMENTS) or phrase.endswith(_DOCUMENTS):
        return False  # "记者注意到" is the outlet; "视频显示" is evidence, not a speaker
    if not re.search(r"[\u3400-\u9fffA-Za-z]", phrase):
        return False
    short_name = len(phrase) <= 4 and not phrase.startswith(_DOCUMENTS)
    return bool(_AGENT_END.search(phrase)) or short_name


def _last(state: _State, pos: int, kind: str, window: int = 10**9) -> str:
    """The last speaker or named mention of ``kind`` (any kind: ``""``) before ``pos``."""
    pool = [
        (p, n)
        for p, n, k in state.speakers + state.mentions
        if (k == kind or not kind) and pos - window <= p < pos
    ]
    return max(pool)[1] if pool else ""


def _clause_end(doc: Document, cue: _Cue, cues: list[_Cue], s_end: int) -> int:
    """Where the reported clause ends: the sentence end, or a comma before the next cue."""
    text = doc.text
    end = s_end
    while end > cue.clause_start and text[end - 1] in "。！？!?…；;" + _CLOSERS:
        if text[end - 1] in _CLOSERS and doc.quote_at(end - 1) is not None:
            break
        end -= 1
    for other in cues:
        has_subject = other.subject[1] > other.subject[0]
        if cue.clause_start < other.start < end and has_subject:
            comma = max(
                text.rfind("，", cue.clause_start, other.start),
                text.rfind(",", cue.clause_start, other.start),
            )
            if comma > cue.clause_start:
                return comma
    return end


def _classify_region(doc: Document, region: QuoteRegion) -> str:
    """``name``, ``scare`` or ``quote`` for a region inside an author's sentence."""
    text = doc.text
    content = text[region.content_start : region.content_end]
    before = text[max(0, region.start - 3) : region.start]
    after = text[region.end : region.end + 1]
    wide = text[max(0, region.start - 4) : region.start]
    if any(before.endswith(w) for w in _SCARE_INTRO) or wide.endswith(("所谓的", "所謂的")):
        return "scare"
    if before.endswith(
        ("下称", "下稱", "简称", "簡稱", "统称", "統稱", "俗称", "俗稱", "昵称", "暱稱")
    ):
        return "product"  # "（下称“澄原农商行”）": an abbreviation being defined
    short = len(content) <= 12 and not any(ch in content for ch in "，。！？,!?；;：:")
    latin = (after and after.isascii() and after.isalnum()) or re.search(
        r"[A-Za-z]+\d|\d+[A-Za-z]", content
    )
    if short and latin:
        return "product"
    if short and (text.startswith(_NAME_HEADS, region.end) or content.endswith(_NAME_HEADS)):
        return "product"  # “冰川散热”技术, “极速模式”: a name of a thing

    if any(ch in content for ch in "，。！？,!?；;：:"):
        return "quote"
    if "、" in content and len(content) <= 16:
        return "product"  # a slogan or a list: “巡、倒、清、刷”
    if len(content) <= 4:
        return "short"
    return "name" if len(content) <= 12 else "quote"


def detect_quotes_zh(
    doc: Document, article_id: str, speakers: pd.DataFrame | None = None, event: str | None = None
) -> list[Span]:
    """Quotes, scare quotes and reporting verbs of a Chinese document."""
    names, sides = _speaker_names(speakers, event)
    state = _State(doc, article_id, names, sides, find_sources_zh(doc))
    text = doc.text
    for start, _end, name, surface in _find_names(state, 0, len(text)):
        state.mentions.append((start, name, "org" if _is_org(name, surface) else "person"))
    cues = _cues(doc)
    spans: list[Span] = []
    used: set[int] = set()  # regions already classified
    tops = [q for q in doc.quotes if q.level == 1]
    region_at = {q.start: q for q in tops}
    partial_cue: dict[int, _Cue] = {}  # region start -> the cue whose clause holds it

    def emit_verb(cue: _Cue) -> None:
        if cue.entry is not None:
            spans.append(
                char_span(
                    doc,
                    article_id,
                    "reporting_verb",
                    cue.verb_start,
                    cue.verb_end,
                    cue.entry.category,
                    voice="author",
                    rule=rule_id(LEXICON, cue.entry, "zh-cue"),
                    speaker=cue.speaker,
                    side=sides.get(cue.speaker, ""),
                )
            )

    def quote(region_start: int, end: int, category: str, speaker: str, mention: str = "") -> None:
        voice = "author" if category == "indirect" else "quoted"
        kind = _speaker_type(state, speaker, cues)
        spans.append(
            char_span(
                doc,
                article_id,
                "quote",
                region_start,
                end,
                category,
                voice=voice,
                speaker=speaker,
                side=sides.get(speaker, ""),
                speaker_mention=mention,
                speaker_type=kind,
                rule=f"pattern:zh-{category}",
            )
        )

    indirect: list[tuple[int, int]] = []
    for i, cue in enumerate(cues):
        s_start, s_end = _sentence_of(doc, cue.start)
        if any(x <= cue.start < y for x, y in indirect):
            continue  # "表示……，预计……": the verb inside a reported clause reports nothing new
        _resolve(state, cue, s_start)
        if not cue.speaker:
            continue
        k = cue.clause_start
        opens = k in region_at and _classify_region(doc, region_at[k]) not in ("product", "scare")
        if opens and (cue.colon or k == cue.end or text[k - 1 : k] in _COMMAS):
            # Direct: "X表示：“……”", and the quotes that follow it at once.
            region = region_at[k]
            while True:
                quote(region.start, region.end, "direct", cue.speaker, cue.mention)
                used.add(region.start)
                if region.end not in region_at:
                    break
                region = region_at[region.end]
            state.speakers.append((cue.start, cue.speaker, cue.kind))
            emit_verb(cue)
            continue
        end = _clause_end(doc, cue, cues, s_end)
        if cue.colon or cue.takes_object:
            for r in tops:
                if cue.end <= r.start < end:
                    partial_cue.setdefault(r.start, cue)
            if cue.takes_object and any(cue.end <= r.start < end for r in tops):
                state.speakers.append((cue.start, cue.speaker, cue.kind))
                emit_verb(cue)
            continue
        inner = [
            c
            for c in cues[i + 1 :]
            if cue.clause_start <= c.subject[0] and c.start < end and _subject_is_fresh(text, c)
        ]
        if any(_names_a_speaker(state, c) for c in inner):
            continue  # 据X报道，Y表示，……: the innermost speaker speaks
        if end - cue.clause_start < 2:
            continue
        quote(cue.clause_start, end, "indirect", cue.speaker, cue.mention)
        indirect.append((cue.clause_start, end))
        for r in tops:
            if cue.clause_start <= r.start < end:
                partial_cue[r.start] = cue
        state.speakers.append((cue.start, cue.speaker, cue.kind))
        emit_verb(cue)
    for region in tops:
        if region.start in used:
            continue
        s_start, _ = _sentence_of(doc, region.start)
        kind = _classify_region(doc, region)
        if kind == "product":
            continue
        if kind == "scare":
            spans.append(_scare(doc, article_id, region))
            continue
        if region.start in partial_cue:
            cue = partial_cue[region.start]
            quote(region.start, region.end, "partial", cue.speaker, cue.mention)
            continue
        after = _attribution_after(state, region)
        if after is not None:
            speaker, mention, speaker_kind, verb_cue = after
            category = "direct" if _starts_sentence(doc, region, s_start) else "partial"
            quote(region.start, region.end, category, speaker, mention)
            state.speakers.append((region.start, speaker, speaker_kind))
            emit_verb(verb_cue)
            continue
        if kind == "short":
            spans.append(_scare(doc, article_id, region))
            continue
        if kind == "name":
            continue
        following = [c for c in cues if c.speaker and region.end <= c.subject[0] <= region.end + 1]
        last = [x for x in state.speakers if s_start - 400 <= x[0] < region.start]
        # "“……”王女士告诉记者，……": the speaker of the words right after; else the last one.
        speaker = following[0].speaker if following else (max(last)[1] if last else "")
        category = "direct" if _starts_sentence(doc, region, s_start) else "partial"
        quote(region.start, region.end, category, speaker)
    spans.sort(key=lambda s: (s.start, s.end, s.kind))
    return spans


def _subject_is_fresh(text: str, cue: _Cue) -> bool:
    """Whether a cue has a subject of its own (not "……，并表示" or "……，又指")."""
    a, b = cue.subject
    phrase = text[a:b]
    while phrase and any(phrase.startswith(c) for c in _CONJUNCTIONS):
        c = next(c for c in _CONJUNCTIONS if phrase.startswith(c))
        phrase = phrase[len(c) :]
    return len(phrase) >= 2


def _scare(doc: Document, article_id: str, region: QuoteRegion) -> Span:
    return char_span(
        doc,
        article_id,
        "scare_quote",
        region.start,
        region.end,
        "",
        voice="author",
        rule="pattern:zh-scare-quote",
    )


def _starts_sentence(doc: Document, region: QuoteRegion, s_start: int) -> bool:
    return region.start == s_start or doc.text[s_start : region.start].strip() == ""


def _attribution_after(state: _State, region: QuoteRegion):
    """The speaker named right after the closing mark: "“……”X说。", "“……”他表示。"."""
    doc, text = state.doc, state.doc.text
    a = region.end
    stop = a
    while stop < len(text) and stop - a <= 40 and text[stop] not in "。！？!?\n":
        stop += 1
    tail = text[a:stop]
    if tail[:1] in ("，", ","):  # "“……”，他说。"
        a += 1
        tail = tail[1:]
    if not tail or tail[0] in "；;" or len(tail) > 30:
        return None
    pattern, by_form = _verbs()
    verb = None
    for m in pattern.finditer(text, a, stop):
        if text[m.end() : m.end() + 1] in "。，,！？!?" or m.end() == stop:
            verb = m
    if verb is None:
        return None
    subject = (a, verb.start())
    cue = _Cue(
        a,
        verb.end(),
        verb.start(),
        verb.end(),
        by_form[verb.group()],
        subject,
        clause_start=verb.end(),
    )
    _resolve(state, cue, _sentence_of(doc, region.start)[0])
    if not cue.speaker:
        return None
    return cue.speaker, cue.mention, cue.kind, cue


def _in_brackets(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside 【……】 or 〔……〕 (a byline: 【本报记者……报道】)."""
    for open_, close in (("【", "】"), ("〔", "〕"), ("［", "］")):
        k = text.rfind(open_, max(0, pos - 40), pos)
        if k != -1 and text.find(close, k, pos) == -1:
            return True
    return False


def _names_a_speaker(state: _State, cue: _Cue) -> bool:
    """Whether a cue's subject holds a name, a source phrase, a pronoun or a role."""
    a, b = cue.subject
    text = state.doc.text
    if _find_names(state, a, b) or any(a <= s.start < b for s in state.sources):
        return True
    phrase = text[slice(*_trim(text, a, b))]
    if phrase.startswith(_PERSON_PRONOUNS) or phrase.endswith(_ROLE_NOUNS):
        return True
    return any(phrase.startswith(ref) for ref in _ORG_REFERENCES if ref != "其")
