"""podalign's content-addressed cache: downloads, transcriptions and alignments.

Headless like :mod:`aligner`; never imports Textual.
"""
