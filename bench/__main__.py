"""Run every benchmark in turn: ``python -m bench [NAME ...]`` (default: all).

Each benchmark prints its own numbers and ratios against a baseline measured in the
same run; run one alone with ``python -m bench.bench_NAME --help`` for its options.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("query", "export", "layout", "newview", "ui", "us", "highlight", "colour", "search",
              "search_box", "whatif", "moves", "mapjobs", "lateral", "polylines", "prefork",
              "load")
#: Benchmarks whose module is not ``bench.bench_NAME``. ``load`` runs its default (50 users
#: for 60 s on the default data); its soak is on demand: ``python -m bench.load --soak 300``.
MODULES = {"load": "bench.load"}


def main(argv=None) -> int:
    """Run the named benchmarks (all by default) and return the worst exit status."""
    names = list(argv if argv is not None else sys.argv[1:]) or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; expected some of: "
              f"{', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    status = 0
    for name in names:
        module_name = MODULES.get(name, f"bench.bench_{name}")
        print(f"\n=== {module_name} ===", flush=True)
        module = importlib.import_module(module_name)
        status = max(status, module.main([]) or 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
