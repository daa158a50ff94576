"""podalign's headless core: sources, decoding, transcription, transcript formats, alignment,
export and the CLI.

This package must never import Textual (``tests/test_import_hygiene.py`` enforces it) so that the
core can run in scripts, benchmarks and CI without a terminal UI.
"""

__version__ = "0.1.0"
