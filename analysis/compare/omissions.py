"""Omissions: names and figures that some outlets on an event carry and others leave out.

An omission is a claim about an outlet's text ("this outlet never mentions X"),
so it is only made when it is true of every word the outlet published on the
event that the suite analysed:

* **Items** are names (capitalised sequences) and figures (numbers with units),
  taken from the analysed text with boilerplate left out, so ad and link text
  never becomes an item.
* **Mentions** are matched in every form: any case, with or without a possessive
  (``OpenAI's``), singular or plural, by a later surname (``Okafor`` for ``Dana
  Okafor``), and by every alias of ``speakers.csv`` and of an alias table the
  researcher passes (``item,alias`` rows: ``Zhipu AI,智谱``).
* An outlet **omits** an item only when no form of it occurs anywhere in its
  texts. Outlets whose articles are all in another language than the item's are
  not judged on it (``not_compared``): a Chinese article that writes 智谱 does
  not omit "Zhipu" unless an alias says they are the same.
* Items are ranked by how many outlets carry them and how prominently (in a
  headline or a first paragraph), so the figure draws the items that matter;
  its caption says how many there are and how many are drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.compare.wording import STOPWORDS
from analysis.detect.quotes import LEADING_FUNCTION_WORDS, TITLE_WORDS
from analysis.wordlists import wordlist

_NAME_RUN = re.compile(
    r"\b(?:[A-Z][\w'’.-]*[A-Za-z0-9])(?:\s+(?:of|de|van|al|the|for)?\s*"
    r"[A-Z][\w'’.-]*[A-Za-z0-9])*"
)
_NUMBER = re.compile(
    r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?\s*(?:%|percent|per cent|million|billion|"
    r"trillion|thousand|dollars|people|jobs|workers|years|hours|days)?"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[“\"]\s*)$")
_POSSESSIVE = re.compile(r"['’]s$")
_ORG_BEFORE_OF = wordlist("org_heads_before_of")
_CALENDAR = wordlist("calendar_words")
_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
OMISSION_COLUMNS = [
    "kind",
    "item",
    "mentioned_by",
    "omitted_by",
    "not_compared",
    "outlets_mentioning",
    "prominent_in",
    "rank_score",
]


def _clean_name(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in LEADING_FUNCTION_WORDS:
        words = words[1:]
    titles = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLE_WORDS]
    if titles:  # "Transport Minister Mara Lind" -> "Mara Lind"
        words = words[titles[-1] + 1 :]
    return " ".join(words)


def extract_items(text: str) -> set[tuple[str, str]]:
    """Named entities (capitalised sequences) and numbers with units, no model needed.

    A single capitalised word at the start of a sentence is skipped (it may be an
    ordinary word) unless it has capitals or digits inside ("OpenAI", "NATO");
    leading function words and titles are dropped ("As Ortiz" -> "Ortiz",
    "Economist Mara Lind" -> "Mara Lind"); "X of Y" stays one name only
    after an organisation word ("Institute of Coastal Studies"); weekdays and
    months are dates, not names; a possessive is dropped ("Lind's" -> "Lind"); a
    single word that is part of a longer name in the same text ("Ortiz" of "Ana
    Ortiz") is not listed again.
    """
    names: set[str] = set()
    for m in _NAME_RUN.finditer(text):
        raw = _POSSESSIVE.sub("", m.group().strip().rstrip("."))
        parts = re.split(r"\s+of\s+", raw)
        pieces = [parts[0]]
        for part in parts[1:]:
            if pieces[-1].split()[-1].lower() in _ORG_BEFORE_OF:
                pieces[-1] = f"{pieces[-1]} of {part}"
            else:
                pieces.append(part)
        at_start = _SENTENCE_START.search(text[: m.start()][-3:] or "\n")
        for index, piece in enumerate(pieces):
            name = _POSSESSIVE.sub("", _clean_name(piece))
            if len(name) < 2 or name.lower() in STOPWORDS or name.lower() in _CALENDAR:
                continue
            distinctive = any(ch.isupper() or ch.isdigit() for ch in name[1:])  # OpenAI, NATO
            if " " not in name and index == 0 and at_start and name == piece and not distinctive:
                continue
            names.add(name)
    multi = [n.split() for n in names if " " in n]
    items = {("name", n) for n in names if " " in n or not any(n in words for words in multi)}
    for m in _NUMBER.finditer(text):
        value = re.sub(r"\s+", " ", m.group().strip()).rstrip(",.")
        if re.fullmatch(r"(19|20)\d\d", value):
            continue  # years are dates, not figures
        items.add(("number", value))
    return items


def _script(text: str) -> str:
    return "han" if len(_HAN.findall(text)) > len(_LATIN.findall(text)) else "latin"


@dataclass
class Aliases:
    """Other forms of an item: ``speakers.csv`` aliases and a researcher's alias table."""

    forms: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_tables(
        cls, speakers: pd.DataFrame | None = None, table: pd.DataFrame | None = None
    ) -> Aliases:
        """Aliases from a speakers table (``speaker``, ``aliases``) and an ``item,alias`` table."""
        forms: dict[str, set[str]] = {}
        if speakers is not None and len(speakers) and "speaker" in speakers.columns:
            for name, aliases in zip(
                speakers["speaker"].fillna(""),
                speakers.get("aliases", pd.Series("", speakers.index)).fillna(""),
                strict=True,
            ):
                group = {name, *[a.strip() for a in str(aliases).split("|") if a.strip()]}
                for form in group:
                    forms.setdefault(form.lower(), set()).update(group)
        if table is not None and len(table):
            for item, alias in zip(table["item"], table["alias"], strict=True):
                group = {str(item).strip(), str(alias).strip()}
                for form in group:
                    forms.setdefault(form.lower(), set()).update(group)
        return cls(forms)

    def of(self, item: str) -> set[str]:
        """Every form of ``item`` (itself included)."""
        return {item, *self.forms.get(item.lower(), set())}


def _pattern(form: str) -> re.Pattern:
    """A form in any case, anywhere (inside a longer word too: "OpenAI-backed").

    Matching is generous on purpose: a mention that is missed would become a false
    claim of omission. Forms of three characters or fewer must stand alone.
    """
    escaped = re.escape(form).replace(r"\ ", r"\s+")
    if _HAN.search(form):
        return re.compile(escaped)
    if len(form) <= 3:
        return re.compile(rf"(?<![\w]){escaped}(?![\w])", re.IGNORECASE)
    return re.compile(escaped, re.IGNORECASE)


def _forms(kind: str, item: str, aliases: Aliases) -> set[str]:
    if kind == "number":
        digits = re.match(r"\$?[\d,.]+", item)
        value = digits.group().lstrip("$").rstrip(",.") if digits else item
        return {value, value.replace(",", "")}  # the figure, whatever unit the outlet gives
    forms = aliases.of(item)
    if " " in item:
        last = item.split()[-1]
        if len(last) > 3 and last[0].isupper():
            forms.add(last)  # a later mention by surname or last word
    return forms


def omissions(
    texts_by_outlet: Mapping[str, Sequence[str]],
    aliases: Aliases | None = None,
    leads_by_outlet: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Which names and figures each outlet carries that others on the event leave out.

    Args:
        texts_by_outlet: outlet to its analysed texts on the event, boilerplate
            left out (:func:`masked_texts`).
        aliases: other forms of items (:class:`Aliases`).
        leads_by_outlet: outlet to its headlines and first paragraphs, for ranking.

    Returns:
        One row per item that at least one outlet carries and at least one
        outlet it can be judged against does not: ``mentioned_by``,
        ``omitted_by``, ``not_compared`` (comma-separated outlets),
        ``outlets_mentioning``, ``prominent_in`` (outlets with it in a headline or
        first paragraph) and ``rank_score``; sorted by rank, then item.
    """
    aliases = aliases or Aliases()
    leads_by_outlet = leads_by_outlet or {}
    outlets = sorted(texts_by_outlet)
    joined = {o: "\n".join(texts_by_outlet[o]) for o in outlets}
    scripts = {o: {_script(t) for t in texts_by_outlet[o] if t.strip()} for o in outlets}
    # One item per name in any case ("CORVANT" in a headline is "Corvant"): the
    # form written most often is shown, title case before capitals on a tie.
    surfaces: dict[tuple[str, str], dict[str, int]] = {}
    for outlet in outlets:
        for text in texts_by_outlet[outlet]:
            for kind, item in extract_items(text):
                forms = surfaces.setdefault((kind, item.casefold()), {})
                forms[item] = forms.get(item, 0) + 1
    found = {
        (kind, max(sorted(forms), key=lambda f: (forms[f], not f.isupper())))
        for (kind, _), forms in surfaces.items()
    }
    rows = []
    for kind, item in sorted(found):
        item_script = _script(item) if _HAN.search(item) else "latin"
        patterns = [_pattern(form) for form in _forms(kind, item, aliases)]
        mentioned, omitted, not_compared = [], [], []
        for outlet in outlets:
            if any(p.search(joined[outlet]) for p in patterns):
                mentioned.append(outlet)
            elif item_script in scripts[outlet] or len(aliases.of(item)) > 1:
                omitted.append(outlet)
            else:
                not_compared.append(outlet)
        if not omitted or not mentioned:
            continue  # common ground, or nobody to compare against
        prominent = [
            o
            for o in mentioned
            if any(p.search("\n".join(leads_by_outlet.get(o, []))) for p in patterns)
        ]
        rows.append(
            {
                "kind": kind,
                "item": item,
                "mentioned_by": ", ".join(mentioned),
                "omitted_by": ", ".join(omitted),
                "not_compared": ", ".join(not_compared),
                "outlets_mentioning": len(mentioned),
                "prominent_in": ", ".join(prominent),
                "rank_score": len(mentioned) + 0.5 * len(prominent),
            }
        )
    table = pd.DataFrame(rows, columns=OMISSION_COLUMNS)
    return table.sort_values(["rank_score", "item"], ascending=[False, True]).reset_index(drop=True)


def masked_texts(texts: pd.DataFrame, spans: pd.DataFrame) -> dict[str, str]:
    """Article id to analysed text with its boilerplate spans blanked (offsets kept)."""
    boiler = spans[spans["kind"] == "boilerplate"]
    out = {}
    for row in texts.itertuples():
        chars = list(str(row.text))
        for s in boiler[boiler["article_id"] == row.id].itertuples():
            for k in range(int(s.start), int(s.end)):
                if chars[k] != "\n":
                    chars[k] = " "
        out[row.id] = "".join(chars)
    return out


def leads(texts: pd.DataFrame, masked: Mapping[str, str]) -> dict[str, list[str]]:
    """Outlet to its articles' headlines and first paragraphs (what readers see first)."""
    out: dict[str, list[str]] = {}
    for row in texts.itertuples():
        body = masked.get(row.id, "")
        first = next((p for p in re.split(r"\n\s*\n|\n", body) if p.strip()), "")
        title = "" if pd.isna(row.title) else str(row.title)
        out.setdefault(row.outlet, []).extend([title, first])
    return out


def iter_forms(kind: str, item: str, aliases: Aliases | None = None) -> Iterable[str]:
    """The forms an item is matched by (for a reader who wants to check a claim)."""
    return sorted(_forms(kind, item, aliases or Aliases()))
