"""Chinese detectors (Simplified and Traditional): the same span kinds as the English ones.

* :mod:`~analysis.detect.zh.hedging`: hedges and boosters (``hedges_zh``, ``boosters_zh``).
* :mod:`~analysis.detect.zh.loaded`: loaded terms (``loaded_zh``).
* :mod:`~analysis.detect.zh.sourcing`: anonymous and vague sources.
* :mod:`~analysis.detect.zh.quotes`: direct, partial and indirect quotes with speakers,
  scare quotes, and reporting verbs (``reporting_verbs_zh``).

Lexicons are matched on characters (Chinese has no spaces) and a match counts only
where it begins at a segmenter word boundary and ends at one, or ends inside a word
whose rest is a grammatical particle (势必|会); so 约 matches in 约18% but not in 条约.
"""
