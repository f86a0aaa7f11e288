"""Benchmark the polyline routes of focus views on hub industries of data/us, same run.

Run from the repository root::

    python -m bench.bench_polylines                 # the 3 most linked industries, 5 rounds
    python -m bench.bench_polylines --hubs 1 --rounds 9

A focus view on a hub industry draws about 450 nodes, and about 90 of its links no curve
clears: `graph.polylines.reroute` routes them through the gaps between the nodes, and that
is most of the view's routing. For each view it prints the process CPU (median of
``--rounds``, alternating) of `graph.routing.edge_bends` on the drawn view, and of the
same call with the nearest gaps of every route found in one matrix of all its gaps
(`graph.polylines.NEAR_BAND` raised above every count: the baseline), their ratio, and
whether both route every link alike (they must).
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from pathlib import Path

from explorer import elements as drawing
from explorer.state import DEFAULT
from explorer.view import elements, visible_graph
from graph import polylines
from graph.build import load_graph
from graph.routing import edge_bends

REPO = Path(__file__).resolve().parents[1]


def drawn_input(G, node):
    """Return the (graph, positions, radii) `edge_bends` gets for the focus view of ``node``."""
    seen = []
    real = drawing.edge_bends

    def keep(H, pos, radius, *args, **kwargs):
        seen.append((H, pos, radius))
        return real(H, pos, radius, *args, **kwargs)

    drawing.edge_bends = keep
    try:
        elements(visible_graph(G, DEFAULT.replace(focus=node)), "web")
    finally:
        drawing.edge_bends = real
    return seen[0]


def cpu_ms(fn) -> float:
    """Return the process CPU of ``fn()``, in milliseconds."""
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hubs", type=int, default=3, help="industries, most linked first")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    G = load_graph(REPO / "data" / "us")
    hubs = sorted((n for n in G if G.nodes[n].get("tier") == "industry"),
                  key=lambda n: (-G.degree(n), n))[:args.hubs]
    for node in hubs:
        H, pos, radius = drawn_input(G, node)
        shipped = polylines.NEAR_BAND
        runs = {"blocks": [], "one matrix": []}
        routes = {}
        for _ in range(args.rounds):
            for name, band in (("blocks", shipped), ("one matrix", math.inf)):
                polylines.NEAR_BAND = band
                try:
                    runs[name].append(cpu_ms(lambda: routes.__setitem__(
                        name, edge_bends(H, pos, radius))))
                finally:
                    polylines.NEAR_BAND = shipped
        new, old = (statistics.median(runs[k]) for k in ("blocks", "one matrix"))
        count = sum(bend.polyline for bend in routes["blocks"].values())
        same = list(routes["blocks"].items()) == list(routes["one matrix"].items())
        print(f"{node}: {len(H)} nodes, {count} polylines; edge_bends {new:.0f} ms CPU, "
              f"one matrix {old:.0f} ms (ratio {new / old:.2f}); same routes: {same}")
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
