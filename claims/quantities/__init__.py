"""Quantities: the numbers a text states, read as values with units, qualifiers and what they count.

``parse`` reads them (``parse_quantities``) and compares two (``comparable``,
``quantities_compatible``); ``tokens``, ``nouns`` and ``lexicon`` are its parts (number words, the
counted noun, units and scales); ``describe`` writes one back as text; ``measures`` tells what a
figure measures and of which subject.

May import: the shared top modules only.
"""
