"""Detectors: pure functions ``Document -> list[Span]``, one module per framing device.

* :mod:`~analysis.detect.loaded`: loaded terms from the loaded-language lexicons.
* :mod:`~analysis.detect.hedging`: hedges and boosters (Hyland 2005), with context rules.
* :mod:`~analysis.detect.quotes`: direct, partial and indirect quotes with speakers,
  scare quotes, and the reporting verbs that introduce quotes.
* :mod:`~analysis.detect.sourcing`: anonymous and vague sources.
* :mod:`~analysis.detect.tone`: optional sentence tone (vaderSentiment).
"""
