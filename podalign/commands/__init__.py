"""One module per ``podalign`` subcommand, each with ``register(subparsers)``."""
