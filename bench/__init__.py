"""Benchmarks: scripts that print timings and ratios against a baseline measured in the same run.

``bench.generate.tiered_graph(n_edges, seed)`` builds the deterministic synthetic graphs
they share; each ``bench/bench_*.py`` runs with ``python -m bench.bench_NAME``.
"""
