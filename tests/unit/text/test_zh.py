"""Chinese segmentation: words from the segmenter, sentences, quotation regions, voice."""

from __future__ import annotations

from analysis.text import base_language, count_words, segment
from analysis.text.zh import ChineseDocument, tokenize_zh


def _quotes(text: str, language: str = "zh-Hans", level: int = 1) -> list[str]:
    doc = segment(text, language)
    return [text[q.start : q.end] for q in doc.quotes if q.level == level]


def test_chinese_goes_to_the_chinese_segmenter_and_english_does_not():
    assert isinstance(segment("他说，好。", "zh-Hans"), ChineseDocument)
    assert isinstance(segment("他說，好。", "zh-Hant"), ChineseDocument)
    assert not isinstance(segment("He said so.", "en"), ChineseDocument)
    assert base_language("zh-Hant") == "zh" and base_language(None) == "en"


def test_words_are_segmenter_words_without_punctuation_and_offsets_cut_back():
    text = "瓦尔多利亚贸易部9日宣布，新规将于7月10日生效。"
    doc = segment(text, "zh-Hans")
    words = [w.text for w in doc.words]
    assert "贸易部" in words or "贸易" in words
    assert "，" not in words and "。" not in words
    assert all(text[w.start : w.end] == w.text for w in doc.words)
    assert doc.lowered == [w.lower() for w in words]
    assert doc.word_starts == [w.start for w in doc.words]
    assert count_words(text, "zh-Hans") == len(doc.words)
    # The English word pattern would count the whole clause as one word.
    assert count_words(text) < len(doc.words)


def test_traditional_text_is_segmented_through_its_simplified_form_with_its_own_characters():
    text = "業界人士憂慮，作為區內轉口樞紐的滄灣或會首當其衝。"
    hant = [t.text for t in tokenize_zh(text, traditional=True)]
    assert "".join(hant) == text.replace(" ", "")
    assert "首當其衝" in hant and "作為" in hant
    # Without the conversion jieba guesses: 作為區 comes out as one word.
    assert "作為區" in [t.text for t in tokenize_zh(text)]


def test_sentences_end_after_full_stops_question_and_exclamation_marks_with_closers():
    text = "他问：“真的吗？！”她说：“是的。”……好吧。第三句"
    doc = segment(text, "zh-Hans")
    pieces = [text[s.start : s.end] for s in doc.sentences]
    # ！？ together end one sentence; an ellipsis with nothing after it joins the sentence.
    assert pieces == ["他问：“真的吗？！”", "她说：“是的。”……", "好吧。", "第三句"]
    assert all(s.paragraph == 0 for s in doc.sentences)


def test_a_sentence_never_crosses_a_paragraph():
    text = "第一段没有句号\n\n第二段。"
    doc = segment(text, "zh-Hans")
    assert [text[s.start : s.end] for s in doc.sentences] == ["第一段没有句号", "第二段。"]


def test_quotation_regions_with_curly_and_corner_marks_nested():
    text = "他说：“这是‘杀敌一千，自损八百’。”她指「規則就是『規則』」。"
    assert _quotes(text) == ["“这是‘杀敌一千，自损八百’。”", "「規則就是『規則』」"]
    assert _quotes(text, level=2) == ["‘杀敌一千，自损八百’", "『規則』"]
    doc = segment(text, "zh-Hant")
    assert doc.voice_at(text.index("杀敌")) == "quoted"
    assert doc.voice_at(text.index("他说")) == "author"
    assert doc.voice_at(text.index("她指")) == "author"


def test_a_quote_over_paragraphs_continues_when_the_next_opens_with_the_mark():
    text = "他说：“第一段。\n\n“第二段。”\n\n作者的话。"
    doc = segment(text, "zh-Hans")
    top = [q for q in doc.quotes if q.level == 1]
    assert len(top) == 1 and top[0].paragraphs == 2 and top[0].closed
    assert doc.voice_at(text.index("作者")) == "author" and not doc.issues


def test_an_unclosed_quote_is_flagged_and_cut_at_its_paragraph():
    text = "他说：“没有闭合。\n\n作者的话。"
    doc = segment(text, "zh-Hans")
    assert [q.closed for q in doc.quotes] == [False]
    assert doc.issues and "never closed" in doc.issues[0].message
    assert doc.voice_at(text.index("作者")) == "author"


def test_a_stray_closer_is_flagged_and_stays_author_voice():
    doc = segment("作者」的话。", "zh-Hant")
    assert doc.issues and not doc.quotes


def test_authorial_and_quoted_words_add_up():
    text = "他说：“价格上涨了三成。”分析人士认为市场过热。"
    doc = segment(text, "zh-Hans")
    assert doc.authorial_words + doc.quoted_words == len(doc.words)
    assert 0 < doc.quoted_words < len(doc.words)
