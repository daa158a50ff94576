"""The ``podalign`` command line: the top layer, above the player (``tui``), the headless core
(``aligner``) and the store (``cache``). ``python -m podalign`` runs it."""

from aligner import __version__

__all__ = ["__version__"]
