"""Benchmark graph.layout and the explorer's view pipeline, against NetworkX in the same run.

Run from the repository root::

    python -m bench.bench_layout                  # bundled data, data/us, 10k and 100k edges
    python -m bench.bench_layout --sizes 10000 --repeat 3

For each graph it prints, in milliseconds (best of ``--repeat`` runs):

* each layout of `graph.layout` on the default view at the element cap, as the page
  draws it (with its "+N" group nodes), against NetworkX's nearest layout on the same
  nodes (``circular_layout`` for web and circle, ``multipartite_layout`` by tier for
  hierarchy, ``spring_layout`` for force, which needs SciPy above 500 nodes and is
  skipped without it); goal for the web layout: well under 100 ms;
* the web layout of a focus view (the most linked profession, depth 2);
* how the web layout reads once fitted: the zoom at which the explorer fits it in a
  1000 x 700 canvas (ring guides included), for the default and the focus view;
* the whole server-side pipeline of one page update on the full graph (filters, cap,
  layout, elements: `explorer.view.visible_graph` + `explorer.view.elements`, no cache),
  against the bare cost of NetworkX copying the drawn subgraph and a plain
  dict-per-element conversion of it. Goal: one uncached update well under 500 ms;
* of that update, the bending of links off the nodes they would cross
  (`explorer.elements.bend_links`, i.e. `graph.routing.edge_bends`: curves of one or two
  control points, routes along the empty circles between rings, and polylines through
  the gaps between nodes for the links no curve clears), as a share of the
  whole, for each layout. Goal: under 25 ms on the web layout.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx

from graph.layout import LAYOUTS, ring_radii, tier_rings
from graph.schema import TIER_BY_ID
from explorer.elements import bend_links
from explorer.state import DEFAULT
from explorer.view import DEFAULT_CAP, drawn_graph, elements, visible_graph

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


def fitted_zoom(H, pos, width: float = 1000, height: float = 700, padding: float = 40,
                margin: float = 40) -> float:
    """Return the zoom at which the page fits the web layout ``pos`` of H (rings included)."""
    if not pos:
        return float("nan")
    reach = max((r for rank, r in ring_radii(H).items() if rank > 0), default=0.0)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    w = max(max(xs) + margin, reach) - min(min(xs) - margin, -reach)
    h = max(max(ys) + margin, reach) - min(min(ys) - margin, -reach)
    return min((width - 2 * padding) / w, (height - 2 * padding) / h)


def _focus_state(G):
    """Return the state of a depth-2 focus on the profession with the most links."""
    professions = [n for n, t in G.nodes(data="tier") if t == "profession"]
    if not professions:
        return None
    best = max(professions, key=lambda n: (G.degree(n), str(n)))
    return DEFAULT.replace(focus=best, depth=2)


def bench_graph(name: str, G: nx.DiGraph, repeat: int) -> None:
    """Print the layout and pipeline rows for one graph."""
    view = visible_graph(G, DEFAULT, DEFAULT_CAP)
    drawn = drawn_graph(view)
    H = nx.DiGraph(drawn)
    print(f"\n{name}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges; "
          f"default view draws {H.number_of_nodes():,} nodes + {H.number_of_edges():,} edges "
          f"({len(view.groups):,} of the nodes are '+N' groups)")
    print(f"  {'step':<34}{'ours ms':>10}{'networkx ms':>13}{'ratio':>8}")
    for lay in LAYOUTS.values():
        ours = best(lambda: lay.function(drawn), repeat)
        base_fn = _baseline(lay.name, nx.DiGraph(H))
        base = best(base_fn, repeat) if base_fn else float("nan")
        ratio = f"{ours / base:.2f}" if base_fn else "-"
        print(f"  {'layout ' + lay.name:<34}{ours:>10.1f}{base:>13.1f}{ratio:>8}")
    focus = _focus_state(G)
    if focus is not None:
        focused = drawn_graph(visible_graph(G, focus, DEFAULT_CAP))
        ours = best(lambda: tier_rings(focused), repeat)
        base = best(lambda: nx.circular_layout(nx.DiGraph(focused)), repeat)
        print(f"  {'layout web, focus depth 2':<34}{ours:>10.1f}{base:>13.1f}{ours / base:>8.2f}")
        print(f"  web fitted in 1000x700: default view at zoom "
              f"{fitted_zoom(drawn, tier_rings(drawn)):.2f}, focus on {focus.focus} "
              f"({len(focused):,} nodes) at {fitted_zoom(focused, tier_rings(focused)):.2f}")
    ours = best(lambda: elements(visible_graph(G, DEFAULT, DEFAULT_CAP), "web"), repeat)
    base = best(lambda: _plain_elements(G.subgraph(list(H)).copy()), repeat)
    print(f"  {'page update (filter+cap+web+els)':<34}{ours:>10.1f}{base:>13.1f}{ours / base:>8.2f}")
    for lay in LAYOUTS:
        els = elements(visible_graph(G, DEFAULT, DEFAULT_CAP), lay)
        bends = best(lambda els=els: bend_links(els), repeat)
        goal = " of the page update; goal: under 25 ms" if lay == "web" else ""
        print(f"  {'  of which link bends, ' + lay:<34}{bends:>10.1f}{'':>13}{'':>8}"
              f"  ({bends / ours:.0%}{goal})")
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
