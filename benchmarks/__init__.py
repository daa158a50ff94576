"""podalign's benchmarks: a synthetic episode with exact truth, and scripts scoring against it.

Run them as modules from the repository root (``python -m benchmarks.make_episode``,
``python -m benchmarks.accuracy``, ``python -m benchmarks.speed``); see ``benchmarks/README.md``.
"""
