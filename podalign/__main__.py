"""``python -m podalign`` runs the CLI."""

from podalign.cli import run

run()
