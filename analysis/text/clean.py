"""Text hygiene: what is analysed, recorded, before any detector runs.

Real coverage arrives damaged and padded. For every article this stage makes the
**analysed text** (the text all span offsets refer to) and records what it did:

1. **Encoding repair.** Mojibake (UTF-8 read as Windows-1252, Latin-1 and the
   like) is repaired with ftfy, keeping curly quotes (quote detection relies on
   them) and full-width CJK punctuation. UTF-8 punctuation read as GBK/GB18030,
   which ftfy does not cover (``鈥渘otable progress鈥`` for “notable progress”),
   is repaired here, and where the damage lost a byte (``鈥�``), the mark is
   restored from its context. Each repair is recorded with its kind and the
   number of characters changed.
2. **Unicode NFC**, so a name typed with combining accents ("José" as
   ``Jose`` + U+0301) matches the same name typed precomposed.
3. **Boilerplate regions**: ad and recommendation blocks, link and share residue,
   newsletter prompts, photo credits and captions, bylines, time stamps, source
   lines, footers and cookie banners (rules: ``analysis/lexicons/rules/boilerplate.tsv``),
   and a headline repeated as the body's first line. They stay in the analysed
   text, so offsets are kept, but are **masked** for detection: no word in them
   is counted and no detector sees them, the way quotation marks divide voices.
4. **Language**: the article's ``language`` field when given, else detected
   offline (py3langid, after Lui and Baldwin 2012; Chinese script variant from
   the characters). An article in a language the detectors do not support is
   kept out of rates, with a note.

The corpus files are never modified.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.wordlists import WORDLIST_DIR

RULES_FILE = WORDLIST_DIR.parent / "rules" / "boilerplate.tsv"
MASK = "\u2591"  # what detectors see in place of a masked line (not a word, not a space)
DEFAULT_LANGUAGE = "en"
MIN_CONFIDENCE = 0.95  # below it (or below MIN_LETTERS) a detected language is not trusted
MIN_LETTERS = 250
MAX_LINE_WORDS = 45  # a longer line is prose, whatever it starts with
BLOCK_LINE_WORDS = 22  # a line inside an ad or link block is at most this long
SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)\]]*$")
_WORDISH = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Finding:
    """One thing the hygiene stage found or did in an article.

    Attributes:
        kind: ``boilerplate``, ``encoding_repair``, ``unicode_normalised``, ``language``.
        category: the boilerplate category, the repair's kind, or the language.
        start, end: offsets into the analysed text (-1 when not a region).
        detail: what a reader needs to check it (the rule, the count, the source).
    """

    kind: str
    category: str
    start: int = -1
    end: int = -1
    detail: str = ""


@dataclass
class Cleaned:
    """An article after hygiene.

    Attributes:
        text: the analysed text (offsets refer to it).
        masked: the same text with boilerplate masked: what detectors read.
        regions: boilerplate regions ``(start, end, category, rule)``.
        findings: everything recorded, regions included.
        language: the language analysed (an ISO 639-1 tag), ``und`` if unknown.
        language_source: ``field``, ``detected`` or ``default``.
    """

    text: str
    masked: str
    regions: list[tuple[int, int, str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    language: str = "en"
    language_source: str = "default"

    @property
    def boilerplate_chars(self) -> int:
        """Characters inside boilerplate regions."""
        return sum(end - start for start, end, _, _ in self.regions)


# --------------------------------------------------------------------------- encoding


# UTF-8 punctuation (U+2010..U+2027) starts with bytes E2 80; read as GBK, E2 80 is 鈥
# and the third byte pairs with the next one into a second character.
_GBK_LEAD = "\u9225"


def _repair_gbk(text: str) -> tuple[str, int]:
    """Undo UTF-8 punctuation read as GBK; returns the text and characters repaired."""
    if _GBK_LEAD not in text:
        return text, 0
    out: list[str] = []
    repaired = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != _GBK_LEAD:
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1] if i + 1 < len(text) else ""
        fixed = None
        if nxt and nxt != "\ufffd":
            try:
                raw = (ch + nxt).encode("gb18030")
            except UnicodeEncodeError:
                raw = b""
            if len(raw) == 4 and raw[:2] == b"\xe2\x80":
                try:
                    fixed = raw.decode("utf-8")
                except UnicodeDecodeError:
                    fixed = None
                if fixed is not None and not (
                    "\u2010" <= fixed[0] <= "\u2027" and (len(fixed) == 1 or fixed[1:].isascii())
                ):
                    fixed = None
        if fixed is not None:
            out.append(fixed)
            repaired += 1
            i += 2
            continue
        if nxt == "\ufffd":
            out.append("\ufffd")  # the byte is lost: the mark is restored from context below
            repaired += 1
            i += 2
            continue
        out.append(ch)
        i += 1
    restored, _ = _restore_lossy("".join(out))
    return restored, repaired


def _lost_mark(text: str, i: int, before: str, width: int = 2) -> str:
    """The punctuation mark a damaged sequence stood for, from its context.

    The damage lost a byte (``鈥�`` in GBK, ``â€�`` in Windows-1252), so the mark is
    chosen by where it stands: spaced on both sides, a dash; inside an open
    quotation with another close still to come in the paragraph, an ellipsis
    (or a dash after a non-letter); inside an open quotation, its closing mark;
    else a closing double quote when the text uses curly quotes, else a dash.
    """
    after = text[i + width : i + width + 1]
    rest = text[i + width : text.find("\n", i + width) if "\n" in text[i + width :] else None]
    paragraph = before[before.rfind("\n") + 1 :]
    if before.endswith(" ") and after in (" ", ""):
        return "\u2014"
    if paragraph.count("\u201c") > paragraph.count("\u201d"):
        ahead = rest.split("\u201c", 1)[0].replace(" \ufffd ", " ")  # a spaced one is a dash
        closes_later = "\u201d" in ahead or "\ufffd" in ahead
        if closes_later:
            return "\u2026" if before[-1:].isalnum() else "\u2014"
        return "\u201d"
    if paragraph.count("\u2018") > paragraph.count("\u2019"):
        return "\u2019"
    return "\u201d" if "\u201c" in text else "\u2014"


def _restore_lossy(text: str) -> tuple[str, int]:
    """Marks ftfy could only replace with U+FFFD (a byte the mojibake lost), from context."""
    if "\ufffd" not in text:
        return text, 0
    out: list[str] = []
    count = 0
    for i, ch in enumerate(text):
        nxt = text[i + 1 : i + 2]
        prev = text[i - 1 : i]
        spaced = prev == " " and nxt == " "
        if (
            ch == "\ufffd"
            and (nxt in ("", " ", "\n") or not nxt.isalnum())
            and (prev.strip() or spaced)
        ):
            out.append(_lost_mark(text, i, "".join(out), width=1))
            count += 1
        else:
            out.append(ch)
    return "".join(out), count


def _changed_chars(before: str, after: str) -> int:
    """Characters a repair changed, compared paragraph by paragraph.

    A character diff is quadratic in the length compared: over a whole article it
    took most of the scoring time of an article ftfy touched. Repairs keep the line
    breaks, so the lines are paired and only the lines that differ are compared.
    """
    if before == after:
        return 0
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return _char_diff(before, after)
    return sum(_char_diff(a, b) for a, b in zip(old, new, strict=True) if a != b)


def _char_diff(before: str, after: str) -> int:
    if max(len(before), len(after)) > 200_000:
        return abs(len(before) - len(after)) or 1
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def repair_encoding(text: str) -> tuple[str, list[Finding]]:
    """Repair mojibake and normalise to NFC; the findings say what changed."""
    import ftfy

    findings: list[Finding] = []
    config = ftfy.TextFixerConfig(
        uncurl_quotes=False,  # quote detection needs the curly marks
        fix_character_width=False,  # keep full-width CJK punctuation
        fix_latin_ligatures=False,
        fix_line_breaks=False,
        normalization=None,  # NFC is applied (and recorded) below
        explain=True,
    )
    fixed, explanation = ftfy.fix_and_explain(text, config=config)
    steps = ", ".join(f"{kind} {arg}" for kind, arg in (explanation or []))
    if "replace_lossy_sequences" in steps:
        fixed, _ = _restore_lossy(fixed)
    if fixed != text:
        only_controls = all(
            arg in ("remove_control_chars", "remove_terminal_escapes")
            for _, arg in (explanation or [])
        )
        findings.append(
            Finding(
                "encoding_repair",
                "control_characters" if only_controls else "mojibake",
                detail=f"{_changed_chars(text, fixed)} characters repaired ({steps or 'ftfy'})",
            )
        )
    gbk, count = _repair_gbk(fixed)
    if count:
        findings.append(
            Finding(
                "encoding_repair",
                "utf8-read-as-gbk",
                detail=f"{count} punctuation marks repaired (UTF-8 read as GBK)",
            )
        )
    nfc = unicodedata.normalize("NFC", gbk)
    if nfc != gbk:
        findings.append(
            Finding(
                "unicode_normalised",
                "nfc",
                detail=f"{_changed_chars(gbk, nfc)} characters composed (Unicode NFC)",
            )
        )
    return nfc, findings


# --------------------------------------------------------------------------- boilerplate


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern (a line of ``boilerplate.tsv``)."""

    pattern: re.Pattern
    category: str
    scope: str
    line: int


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The boilerplate rules, in file order."""
    text = RULES_FILE.read_text(encoding="utf-8")
    rows = []
    lines = text.split("\n")
    body = [(n, ln) for n, ln in enumerate(lines, start=1) if ln and not ln.startswith("#")]
    header, records = body[0], body[1:]
    assert header[1].split("\t")[:4] == ["pattern", "category", "scope", "case"]
    for number, line in records:
        pattern, category, scope, case, _note = next(csv.reader([line], delimiter="\t"))
        flags = 0 if case == "s" else re.IGNORECASE
        if scope == "inline":
            compiled = re.compile(pattern, flags)
        elif scope == "header":
            compiled = re.compile(rf"(?:{pattern})\s*[:：]?", flags)  # "Related:", "Read more"
        else:
            compiled = re.compile(rf"(?:{pattern})", flags)
        rows.append(Rule(compiled, category, scope, number))
    return tuple(rows)


def rules_version() -> str:
    """The version of the boilerplate rules (recorded in each run)."""
    for line in RULES_FILE.read_text(encoding="utf-8").split("\n"):
        if line.startswith("# version:"):
            return line.split(":", 1)[1].strip()
    return ""


def _words(line: str) -> int:
    return len(_WORDISH.findall(line))


def _line_rule(stripped: str, scopes: tuple[str, ...]) -> Rule | None:
    if not stripped or _words(stripped) > MAX_LINE_WORDS:
        return None
    for rule in rules():
        if rule.scope in scopes and rule.pattern.fullmatch(stripped):
            return rule
    return None


def _link_like(stripped: str) -> bool:
    """A line that reads like a link or a headline, not like a sentence of the article."""
    if not stripped:
        return False
    n = _words(stripped)
    if n == 0 or n > BLOCK_LINE_WORDS:
        return False
    if any(mark in stripped for mark in '“”"«»「」'):
        return n <= 12 and not SENTENCE_END.search(stripped)
    return not SENTENCE_END.search(stripped) or n <= 6


# A caption names what the picture shows; article sentences often open with these.
_NOT_CAPTION_OPENERS = frozenset(
    "he she it they we i you this that these those but and or so yet then there".split()
)


def _caption_like(line: str) -> bool:
    """A short line that could caption a picture (not a quote, not a pronoun's sentence)."""
    words = _WORDISH.findall(line)
    if not 0 < len(words) <= 35 or any(m in line for m in '“”"«»'):
        return False
    return words[0].lower() not in _NOT_CAPTION_OPENERS


def _lines(text: str) -> list[tuple[int, int]]:
    """Line offsets ``(start, end)`` without the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _same_words(a: str, b: str) -> bool:
    norm = lambda s: " ".join(_WORDISH.findall(unicodedata.normalize("NFKC", s).lower()))  # noqa: E731
    return bool(norm(a)) and norm(a) == norm(b)


def find_boilerplate(text: str, title: str = "") -> list[tuple[int, int, str, str]]:
    """Boilerplate regions ``(start, end, category, rule)`` of a text, in order."""
    lines = _lines(text)
    stripped = [text[a:b].strip() for a, b in lines]
    marked: dict[int, tuple[str, str]] = {}
    content = [i for i, s in enumerate(stripped) if s]
    if title and content and _same_words(stripped[content[0]], title):
        marked[content[0]] = ("headline", "headline repeated in the body")
    i = 0
    while i < len(lines):
        s = stripped[i]
        if not s or i in marked:
            i += 1
            continue
        rule = _line_rule(s, ("header", "line", "credit"))
        if rule is None:
            i += 1
            continue
        marked[i] = (rule.category, f"boilerplate@{rules_version()}:{rule.line}")
        if rule.scope == "credit":
            previous = next((k for k in range(i - 1, -1, -1) if stripped[k]), None)
            if (
                previous is not None
                and previous not in marked
                and previous + 1 >= i - 1
                and _caption_like(stripped[previous])
            ):
                marked[previous] = (rule.category, f"caption before a credit:{rule.line}")
        if rule.scope == "header":
            k = i + 1
            while k < len(lines):
                nxt = stripped[k]
                if not nxt:
                    # a blank line ends the block unless the next line is link-like too
                    ahead = next((j for j in range(k + 1, len(lines)) if stripped[j]), None)
                    if ahead is None or ahead - k > 1 or not _link_like(stripped[ahead]):
                        break
                    k += 1
                    continue
                follow = _line_rule(nxt, ("line", "header", "credit"))
                if follow is not None:
                    break  # the next furniture line is marked on its own
                if not _link_like(nxt):
                    break
                marked[k] = (rule.category, f"in a block after line {i + 1}:{rule.line}")
                k += 1
            i = k
            continue
        i += 1
    regions = [(lines[i][0], lines[i][1], cat, why) for i, (cat, why) in sorted(marked.items())]
    # Inline residue inside sentences that are not furniture themselves.
    for i, (a, b) in enumerate(lines):
        if i in marked or not stripped[i]:
            continue
        for rule in rules():
            if rule.scope != "inline":
                continue
            for m in rule.pattern.finditer(text, a, b):
                regions.append((m.start(), m.end(), rule.category, f"inline:{rule.line}"))
    return sorted(regions)


def mask(text: str, regions: list[tuple[int, int, str, str]]) -> str:
    """``text`` with each region's characters replaced (line breaks kept).

    Whole lines become :data:`MASK` characters, so paragraphs keep their shape;
    words inside a line become spaces.
    """
    chars = list(text)
    for start, end, _category, why in regions:
        fill = " " if why.startswith("inline:") else MASK
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = fill
    return "".join(chars)


# --------------------------------------------------------------------------- language

_HANT = frozenset("這說們國會來個為時對與麼見過還點開關東車長門問題經發現學習體應實產業錢價買賣")
_HANS = frozenset("这说们国会来个为时对与么见过还点开关东车长门问题经发现学习体应实产业钱价买卖")


def normalise_language(tag: str | None) -> str | None:
    """A language field as a tag: ``zh-Hant``, ``en``; ``None`` when empty."""
    if tag is None:
        return None
    tag = str(tag).strip().replace("_", "-")
    if not tag:
        return None
    parts = tag.split("-")
    head = parts[0].lower()
    names = {"english": "en", "chinese": "zh", "spanish": "es", "german": "de", "french": "fr"}
    head = names.get(head, head)
    rest = [p.title() if len(p) == 4 else p.upper() for p in parts[1:]]
    return "-".join([head, *rest])


def _han_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    han = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    return han / len(letters)


def chinese_script(text: str) -> str:
    """``zh-Hant`` or ``zh-Hans`` by the characters that differ between the scripts."""
    hant = sum(1 for ch in text if ch in _HANT)
    hans = sum(1 for ch in text if ch in _HANS)
    return "zh-Hant" if hant > hans else "zh-Hans"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The language of a text, offline, and the detector's confidence (0 to 1)."""
    sample = text[:20_000]
    if _han_share(sample) > 0.3:
        return chinese_script(sample), 1.0
    if sum(ch.isalpha() for ch in sample) < 20:
        return "und", 0.0
    code, probability = _identifier().classify(sample)
    return code, float(probability)


# --------------------------------------------------------------------------- the stage


def clean(text: str, language: str | None = None, title: str = "") -> Cleaned:
    """Run the hygiene stage on one article's text (see the module docstring)."""
    analysed, findings = repair_encoding(text)
    given = normalise_language(language)
    if given:
        lang, source = given, "field"
    else:
        lang, confidence = detect_language(analysed)
        letters = sum(ch.isalpha() for ch in analysed[:20_000])
        if lang.startswith("zh") or (confidence >= MIN_CONFIDENCE and letters >= MIN_LETTERS):
            source = "detected"
            detail = f"detected offline (confidence {confidence:.2f})"
        else:
            # Short or uncertain texts are read as the default language, not excluded.
            detail = (
                f"detection not confident ({lang}, {confidence:.2f}, {letters} letters); "
                f"read as {DEFAULT_LANGUAGE}"
            )
            lang, source = DEFAULT_LANGUAGE, "default"
        findings.append(Finding("language", lang, detail=detail))
    regions = find_boilerplate(analysed, title)
    findings += [Finding("boilerplate", cat, a, b, why) for a, b, cat, why in regions]
    return Cleaned(analysed, mask(analysed, regions), regions, findings, lang, source)
