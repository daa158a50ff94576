"""Basics every stage of the core shares, each defined in exactly one place.

* :mod:`aligner.basics.audio` — the analysis audio format (16 kHz mono float32).
* :mod:`aligner.basics.timefmt` — every way podalign writes or reads a time.
* :mod:`aligner.basics.atomic` — writing a user's output file atomically.

These modules import nothing from the rest of :mod:`aligner` but :mod:`aligner.errors` (and
:mod:`cache.atomic`, the one atomic-rename primitive, which lives below the core so that the
cache can use it too), so any stage can import them without a cycle.
"""
