"""Validation: detector spans against human gold, with intervals and baselines.

* :mod:`~analysis.validation.datasets`: adapters that read public datasets in place;
* :mod:`~analysis.validation.gold`: the demo corpus's inline gold markup;
* :mod:`~analysis.validation.baselines`: simple systems run in the same pass;
* :mod:`~analysis.validation.protocols`: matching rules and bootstrap intervals;
* :mod:`~analysis.validation.runners`: one validator per dataset;
* :mod:`~analysis.validation.readme`: the README's measured-validity table.
"""
