"""Chinese detectors: each rule on a sentence a reader can check, and the demo event's gold."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.detect.registry import DETECTORS, Context, run_detectors
from analysis.detect.zh.hedging import detect_boosters_zh, detect_hedges_zh
from analysis.detect.zh.loaded import detect_loaded_zh
from analysis.detect.zh.quotes import detect_quotes_zh
from analysis.detect.zh.sourcing import detect_sources_zh
from analysis.pipeline import Options
from analysis.text import segment

SPEAKERS = pd.DataFrame(
    {
        "speaker": ["Shu Lan", "Alan Whitcombe", "Stellan Microdevices"],
        "aliases": ["舒岚|舒嵐", "惠特科姆", "斯泰兰微电子|斯泰蘭微電子"],
        "affiliation": ["spokesperson", "trade secretary", "chipmaker"],
        "side": ["kestria", "valdoria", "industry"],
        "event": ["", "", ""],
    },
    dtype="string",
)


def _texts(spans, kind):
    return [s.text for s in spans if s.kind == kind]


def _hedges(text, language="zh-Hans"):
    return _texts(detect_hedges_zh(segment(text, language), "t"), "hedge")


def _quotes(text, language="zh-Hans"):
    spans = detect_quotes_zh(segment(text, language), "t", SPEAKERS, None)
    return [(s.category, s.text, s.speaker) for s in spans if s.kind == "quote"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("营收约18%来自海外。", ["约"]),
        ("两国签署条约。", []),  # 约 inside 条约
        ("近日，股价下跌近4%。", ["近"]),  # 近日 is "recently"
        ("为近五年同期最多。", []),  # "the past five years"
        ("报价上涨了三成左右。", ["左右"]),
        ("上下游企业受影响。", []),
        ("这不可能成功。", []),
        ("不排除经饮用水传播的可能。", ["不排除"]),  # the noun 的可能
        ("管制或将延续，或与选举有关。", ["或将", "或"]),
        ("苹果或香蕉都可以。", []),  # 或 the conjunction
        ("滄灣或會首當其衝。", ["或會"]),
        ("据悉，新规将生效。", ["据悉"]),
    ],
)
def test_hedge_rules(text, found):
    language = "zh-Hant" if "滄" in text else "zh-Hans"
    assert _hedges(text, language) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("显然，冲击不会停止。", ["显然"]),
        ("这并不显然。", []),
        ("他一定会来。", ["一定"]),
        ("在一定程度上缓解。", []),
        ("事实一再证明，封锁无效。", ["证明"]),
        ("目前并无科学证据证明其疗效。", []),
        ("请出具证明。", []),
        ("密度明显偏高。", []),  # degree, not certainty
        ("毫无疑问，产业不会停下。", ["毫无疑问"]),
    ],
)
def test_booster_rules(text, found):
    assert _texts(detect_boosters_zh(segment(text, "zh-Hans"), "t"), "booster") == found


def test_loaded_terms_longest_first_with_their_category():
    doc = segment("停止无理打压，所谓“威胁”是别有用心的炒作。", "zh-Hans")
    spans = detect_loaded_zh(doc, "t")
    assert [(s.text, s.category) for s in spans] == [
        ("无理打压", "pejorative"),
        ("所谓", "loaded-label"),
        ("别有用心", "pejorative"),
        ("炒作", "pejorative"),
    ]
    assert all(s.rule.startswith("loaded_zh@") for s in spans)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("一名官员昨日表示，规则就是规则。", [("一名官员", "anonymous")]),
        ("据知情人士透露，谈判已暂停。", [("知情人士", "anonymous")]),
        ("分析人士指出，这是又一轮打压。", [("分析人士", "vague")]),
        ("有分析人士提醒，成绩未必可靠。", [("有分析人士", "vague")]),
        ("外媒援引一名高管的话说，价格上涨。", [("外媒", "vague"), ("一名高管", "anonymous")]),
        ("据瓦尔多利亚媒体报道，营收下滑。", []),  # a named medium
        ("该分析人士认为，价格会涨。", []),  # a known one, not vague
        (
            "一家服务器厂商的销售负责人告诉记者：“缺货。”",
            [("一家服务器厂商的销售负责人", "anonymous")],
        ),
    ],
)
def test_anonymous_and_vague_sources(text, found):
    spans = detect_sources_zh(segment(text, "zh-Hans"), "t")
    assert [(s.text, s.category) for s in spans] == found
    assert all(s.voice == "author" for s in spans)


def test_direct_quote_after_a_colon_and_attribution_after_the_quote():
    text = "舒岚表示：“瓦方的做法违反规则。”“我们坚决反对。”舒岚说。"
    quotes = _quotes(text)
    assert quotes == [
        ("direct", "“瓦方的做法违反规则。”", "Shu Lan"),
        ("direct", "“我们坚决反对。”", "Shu Lan"),
    ]


def test_indirect_quotes_split_at_a_second_verb_with_aliases_across_scripts():
    text = "瓦國貿易大臣惠特科姆在聲明中指，有關晶片可能被用於軍事用途，並警告任何轉運都會被追究。"
    assert _quotes(text, "zh-Hant") == [
        ("indirect", "有關晶片可能被用於軍事用途", "Alan Whitcombe"),
        ("indirect", "任何轉運都會被追究", "Alan Whitcombe"),
    ]


def test_the_innermost_speaker_speaks_and_the_organisation_resolves_from_gai_gongsi():
    text = "斯泰兰微电子的股价下跌近4%。据外媒报道，该公司在声明中表示，会遵守新规。"
    assert _quotes(text) == [("indirect", "会遵守新规", "Stellan Microdevices")]


def test_pronouns_sources_partial_and_scare_quotes():
    text = (
        "一位创业公司的技术负责人坦言，算力只够撑到年底。“差距还能追。”他说。"
        "瓦方一些政客炒作所谓“凯斯特里亚威胁”。行业又一次被“卡脖子”。"
        "舒岚批评瓦方“科技霸凌”。“极光”A90加速卡涨价。"
    )
    doc = segment(text, "zh-Hans")
    spans = detect_quotes_zh(doc, "t", SPEAKERS, None)
    quotes = [(s.category, s.text, s.speaker) for s in spans if s.kind == "quote"]
    assert quotes == [
        ("indirect", "算力只够撑到年底", "一位创业公司的技术负责人"),
        ("direct", "“差距还能追。”", "一位创业公司的技术负责人"),
        ("partial", "“科技霸凌”", "Shu Lan"),
    ]
    assert _texts(spans, "scare_quote") == ["“凯斯特里亚威胁”", "“卡脖子”"]
    verbs = [(s.text, s.category) for s in spans if s.kind == "reporting_verb"]
    assert ("坦言", "stance") in verbs and ("批评", "stance") in verbs


def test_a_byline_and_a_noun_are_not_cues():
    text = "〔記者葉欣恬／北汐報導〕雙方簽署協定。對於這一回應，部分消費者並不買賬。"
    assert _quotes(text, "zh-Hant") == []


def test_the_registry_runs_chinese_detectors_on_chinese_and_english_on_english():
    zh = [d.name for d in DETECTORS if "zh" in d.languages]
    assert {"loaded-zh", "hedges-zh", "boosters-zh", "quotes-zh", "sources-zh"} == set(zh)
    ctx = Context("t", None, SPEAKERS, Options())
    chinese = run_detectors(segment("舒岚表示，瓦方可能滥用管制。", "zh-Hans"), ctx)
    assert {s.kind for s in chinese} >= {"quote", "hedge", "loaded", "reporting_verb"}
    english = run_detectors(segment("舒岚表示，瓦方可能滥用管制。", "en"), ctx)
    assert not [s for s in english if s.kind in ("hedge", "loaded")]


def test_spans_cut_back_out_of_the_text():
    text = "分析人士指出，管制或将延续。凯方表示：“坚决反对无理打压。”"
    doc = segment(text, "zh-Hans")
    spans = run_detectors(doc, Context("t", None, SPEAKERS, Options()))
    assert spans and all(text[s.start : s.end] == s.text for s in spans)
