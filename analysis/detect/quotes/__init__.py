"""Quotes and who said them; scare quotes; the reporting verbs that introduce quotes.

Every top-level quotation region (see :func:`analysis.text.find_quotes`) is one of

* a **title or name** in quotation marks ("Frontier Competition and Open Models",
  "Stargate"): every content word capitalised; not a quote, no span;
* a **scare quote**: at most three words with no speaker in reach, or after
  *so-called*; the author's distancing, voice ``author``;
* a **direct quote**: the sentence is the quote plus an attribution ("...," X
  said), or it follows a colon or a verb of saying;
* a **partial quote**: a quoted fragment inside the author's sentence (called
  the blackout "a disgrace").

Speakers are found in the sentence around the quote, in this order: after it
("...," said X, the title of Y / "...," X said / "...," he said), before it
(X said: "..." / According to X, "..." / As X put it, "..."), then the
previous quote's speaker (consecutive quotes), the previous sentence's
attribution (X told the newspaper that ... . "..."), and the next sentence.
Pronouns resolve to the last named person (he, she) or organisation or group
(it, they). A surname or alias merges with the full name mentioned earlier in
the article or listed in ``speakers.csv``; ``side`` comes from speakers.csv.

**Indirect speech**: a reporting verb with a named or described subject and a
that-clause ("X told reporters that ..."), *said* with a bare clause ("Grieve
said the company had ..."), and "according to X, ...". The span is the reported
clause; its voice is the author's.

The package is layered, each module importing only the ones before it:
:mod:`.words` (the word lists) < :mod:`.mentions` (words that can name a
speaker) < :mod:`.entities` (the people, organisations, outlets and places the
article names, typed, with gender evidence and salience) < :mod:`.speakers`
(which mention speaks, and who it is) < :mod:`.detection` (quote regions,
reporting verbs, spans).
"""

from analysis.detect.quotes.detection import SpeakerMention, detect_quotes, find_quotes
from analysis.detect.quotes.words import LEADING_FUNCTION_WORDS, TITLE_WORDS

__all__ = [
    "LEADING_FUNCTION_WORDS",
    "TITLE_WORDS",
    "SpeakerMention",
    "detect_quotes",
    "find_quotes",
]
