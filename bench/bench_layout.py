"""Benchmark graph.layout and the explorer's view pipeline, against NetworkX in the same run.

Run from the repository root::

    python -m bench.bench_layout                  # bundled data, data/us, 10k and 100k edges
    python -m bench.bench_layout --sizes 10000 --repeat 3

For each graph it prints, in milliseconds (best of ``--repeat`` runs):

* each layout of `graph.layout` on a view of about the element cap (what the explorer
  lays out), against NetworkX's nearest layout on the same nodes (``circular_layout``
  for web and circle, ``multipartite_layout`` by tier for hierarchy, ``spring_layout``
  for force, which needs SciPy above 500 nodes and is skipped without it);
* the whole server-side pipeline of one page update on the full graph (filters, cap,
  layout, elements: `explorer.view.visible_graph` + `explorer.view.elements`, no cache),
  against the bare cost of NetworkX copying the drawn subgraph and a plain
  dict-per-element conversion of it. Goal: one uncached update well under 500 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx

from graph.layout import LAYOUTS
from graph.schema import TIER_BY_ID
from explorer.state import DEFAULT
from explorer.view import DEFAULT_CAP, elements, visible_graph

REPO = Path(__file__).resolve().parents[1]


def best(fn, repeat: int) -> float:
    """Return the best wall time of ``fn()`` over ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


def _baseline(name, H):
    """Return a NetworkX layout call comparable to ours, or None when unavailable."""
    if name in ("web", "circle"):
        return lambda: nx.circular_layout(H)
    if name == "hierarchy":
        for n, tier in H.nodes(data="tier"):
            H.nodes[n]["_rank"] = TIER_BY_ID[tier].rank if tier in TIER_BY_ID else 9
        return lambda: nx.multipartite_layout(H, subset_key="_rank", align="horizontal")
    if name == "force":
        try:
            import scipy  # noqa: F401
        except ImportError:
            if len(H) > 500:
                return None
        return lambda: nx.spring_layout(H.to_undirected(), seed=7, iterations=60)
    return None


def _plain_elements(H):
    """Return the simplest Cytoscape elements of H (the baseline of our conversion)."""
    return ([{"data": {"id": n, **d}} for n, d in H.nodes(data=True)]
            + [{"data": {"id": f"{u}->{v}", "source": u, "target": v, **d}}
               for u, v, d in H.edges(data=True)])


def bench_graph(name: str, G: nx.DiGraph, repeat: int) -> None:
    """Print the layout and pipeline rows for one graph."""
    view = visible_graph(G, DEFAULT, DEFAULT_CAP)
    H = nx.DiGraph(view.graph)
    print(f"\n{name}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges; "
          f"default view draws {H.number_of_nodes():,} nodes + {H.number_of_edges():,} edges")
    print(f"  {'step':<34}{'ours ms':>10}{'networkx ms':>13}{'ratio':>8}")
    for lay in LAYOUTS.values():
        ours = best(lambda: lay.function(view.graph), repeat)
        base_fn = _baseline(lay.name, nx.DiGraph(H))
        base = best(base_fn, repeat) if base_fn else float("nan")
        ratio = f"{ours / base:.2f}" if base_fn else "-"
        print(f"  {'layout ' + lay.name:<34}{ours:>10.1f}{base:>13.1f}{ratio:>8}")
    ours = best(lambda: elements(visible_graph(G, DEFAULT, DEFAULT_CAP), "web"), repeat)
    base = best(lambda: _plain_elements(G.subgraph(list(H)).copy()), repeat)
    print(f"  {'page update (filter+cap+web+els)':<34}{ours:>10.1f}{base:>13.1f}{ours / base:>8.2f}")
    state = DEFAULT.replace(needs=["health-and-well-being"], tiers=["need", "profession", "job"])
    ours = best(lambda: elements(visible_graph(G, state, DEFAULT_CAP), "web"), repeat)
    print(f"  {'page update, 1 need, jobs bridged':<34}{ours:>10.1f}{'':>13}{'':>8}")


def main(argv=None) -> int:
    """Run the benchmark on the bundled data and generated graphs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from graph.build import load_graph

    for name, folder in [("bundled data", REPO / "data"), ("US data", REPO / "data" / "us")]:
        if (folder / "nodes.csv").exists():
            bench_graph(name, load_graph(folder), args.repeat)
        else:
            print(f"\n{name}: skipped, {folder} has no nodes.csv")
    from bench.generate import tiered_graph

    for size in args.sizes:
        t = time.perf_counter()
        G = tiered_graph(size, seed=1)
        print(f"\n(generated {size:,} edges in {time.perf_counter() - t:.1f} s)")
        bench_graph(f"generated {size:,} edges", G, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
