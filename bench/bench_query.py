"""Benchmark graph.query against plain NetworkX, both measured in the same run.

Run from the repository root::

    python -m bench.bench_query                     # bundled data, data/us, 10k/100k/1M edges
    python -m bench.bench_query --sizes 10000 100000 --repeat 5

For each graph it prints, in milliseconds (best of ``--repeat`` runs), our time, the
plain-NetworkX baseline's time on the same question and the ratio ours/baseline:

* ``neighbourhood(G, n, 2)`` against ``nx.ego_graph(G.to_undirected(as_view=True), n,
  radius=2)`` for a job, an organization and a profession (goal at 1M edges: under
  100 ms); the "walk" row adds iterating all nodes and edges of our view. Up to 100k
  edges it is also compared with ``nx.ego_graph(G, n, radius=2, undirected=True)``,
  which copies all of G first (tens of seconds at 1M edges);
* ``filter_graph`` with a needs filter, a tier filter, and tier filters that need
  bridged edges, against ``nx.ancestors`` of the chosen needs plus
  ``G.subgraph(nodes).copy()`` (goal at 1M edges: under 150 ms). Filters return
  read-only views; the "walk" rows (results up to 50k nodes) also time iterating over
  every edge of the result, which is what a caller that reads it all pays. The per-graph membership index is
  built once per graph (its time is printed separately, as "index");
* ``SearchIndex.search`` against a linear scan of case-folded labels and aliases
  (goal: well under 30 ms), plus ``needs_served`` and ``shortest_path``; skipped above
  100k edges (the goal is for tens of thousands of names, as in ``data/us``).

Generation of the 1M-edge graph takes most of the run (well under two minutes in all).
"""

from __future__ import annotations

import argparse
import gc
import time
import warnings
from pathlib import Path

import networkx as nx

from bench.generate import tiered_graph
from graph import needindex, query
from graph.schema import ALIAS_SEPARATOR, NEED_IDS

REPO = Path(__file__).resolve().parents[1]
GOALS_MS = {"neighbourhood": 100.0, "filter": 150.0, "search": 30.0}
QUERIES = ["nurse", "acountant", "loan officer", "13-2011", "health", "chef de", "xyzzy",
           "senior analyst", "électricien", "a"]


def best_ms(fn, repeat: int) -> tuple[float, object]:
    """Return the best wall time of fn() in milliseconds over `repeat` runs, and its result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.disable()
        start = time.perf_counter()
        result = fn()
        took = time.perf_counter() - start
        gc.enable()
        best = min(best, took)
    return best * 1000, result


def row(name: str, ours: float, base: float | None, note: str = "", goal: str | None = None):
    """Print one result line: ours, baseline, ratio, goal check."""
    ratio = f"{ours / base:6.2f}x" if base else "     - "
    base_text = f"{base:10.1f}" if base is not None else "         -"
    check = ""
    if goal is not None:
        check = "  ok" if ours <= GOALS_MS[goal] else f"  OVER {GOALS_MS[goal]:.0f} ms goal"
    print(f"  {name:<44}{ours:10.1f}{base_text} {ratio}{check}  {note}")


def pick(G, tier: str, rank: int = 0):
    """Return the node of a tier with the rank-th highest degree (a busy but typical node)."""
    nodes = [n for n, t in G.nodes(data="tier") if t == tier]
    nodes.sort(key=lambda n: (-G.degree(n), n))
    return nodes[min(rank, len(nodes) - 1)] if nodes else None


def walk(H) -> int:
    """Touch every node and edge of a result, as a caller reading all of it would."""
    return sum(1 for _ in H) + sum(1 for _ in H.edges())


def baseline_filter(G, needs, tiers):
    """Plain NetworkX: ancestors of the needs, tier test, subgraph copy (no bridges)."""
    keep = set()
    for need in needs or ():
        keep |= nx.ancestors(G, need)
    if needs is None:
        keep = set(G)
    else:
        keep = {n for n in keep if G.nodes[n].get("tier") != "need"} | set(needs)
    if tiers is not None:
        keep = {n for n in keep if G.nodes[n].get("tier") in tiers}
    return G.subgraph(keep).copy()


def bench_graph(name: str, G, repeat: int) -> None:
    """Run every measurement on one graph."""
    print(f"\n{name}: {len(G):,} nodes, {G.number_of_edges():,} edges"
          f"{'':>4}(ms: ours, networkx, ratio)")
    ms, _ = best_ms(lambda: needindex._build_index(G), 1)
    row("index (once per graph: need membership)", ms, None)
    query.filter_graph(G)  # warm the cached index

    heavy = len(G) > 100_000
    for tier, rank in (("job", 0), ("organization", 10), ("profession", 10)):
        node = pick(G, tier, rank)
        if node is None:
            continue
        ours, H = best_ms(lambda: query.neighbourhood(G, node, 2), repeat)
        walked, _ = best_ms(lambda: walk(query.neighbourhood(G, node, 2)), repeat)
        U = G.to_undirected(as_view=True)
        base, B = best_ms(lambda: nx.ego_graph(U, node, radius=2), repeat)
        assert set(H) == set(B), node
        row(f"neighbourhood depth 2 of a {tier}", ours, base, f"{len(H):,} nodes", "neighbourhood")
        row("  ... and walk it", walked, base, "", "neighbourhood")
        if not heavy:  # this baseline copies all of G each time: minutes at 1M edges
            copy, _ = best_ms(lambda: nx.ego_graph(G, node, radius=2, undirected=True), 1)
            row("  (vs ego_graph(G, undirected=True))", ours, copy, "")

    cases = [
        ("needs filter (2 needs)", [NEED_IDS[11], NEED_IDS[5]], None),
        ("tier filter (no jobs)", None, ["need", "profession", "industry", "organization"]),
        ("needs + tiers, bridged (orgs->needs)", [NEED_IDS[11]], ["need", "organization"]),
        ("tiers, bridged (professions->needs)", None, ["need", "profession"]),
        ("needs + tiers, bridged (jobs->needs)", [NEED_IDS[1]], ["need", "job"]),
    ]
    for label, needs, tiers in cases:
        r = 1 if heavy else repeat
        ours, H = best_ms(lambda: query.filter_graph(G, needs=needs, tiers=tiers), r)
        base, B = best_ms(lambda: baseline_filter(G, needs, tiers), r)
        kind = "view" if nx.is_frozen(H) and hasattr(H, "_graph") else "new graph"
        bridged = sum(1 for *_, b in H.edges(data="bridged") if b)
        row(label, ours, base, f"{kind}, {len(H):,} nodes, {bridged:,} bridged", "filter")
        if len(H) <= 50_000:  # walking a view of hundreds of thousands of nodes takes seconds
            walked, _ = best_ms(lambda: walk(query.filter_graph(G, needs=needs, tiers=tiers)), r)
            row("  ... and walk it", walked, base, "", "filter")
        del H, B

    if heavy:
        print("  (search and paths: skipped above 100k edges; the search goal is for tens of "
              "thousands of names, as in data/us)")
        return

    ms, index = best_ms(lambda: query.SearchIndex(G), 1)
    row("search index build (once per graph)", ms, None, f"{len(index):,} texts")
    corpus = []
    for n, d in G.nodes(data=True):
        corpus.append((d.get("label", "").casefold(), n))
        for a in (d.get("aliases") or "").split(ALIAS_SEPARATOR):
            if a:
                corpus.append((a.casefold(), n))

    def scan(text):
        t = text.casefold()
        return [n for s, n in corpus if t in s][:10]

    worst = (0.0, "")
    total = base_total = 0.0
    for text in QUERIES:
        ours, _ = best_ms(lambda: index.search(text), repeat)
        base, _ = best_ms(lambda: scan(text), repeat)
        total, base_total = total + ours, base_total + base
        worst = max(worst, (ours, text))
    row(f"search, mean of {len(QUERIES)} queries", total / len(QUERIES), base_total / len(QUERIES),
        "baseline: substring scan, no ranking/typos", "search")
    row("search, slowest query", worst[0], None, repr(worst[1]), "search")

    job = pick(G, "job", 0)
    ours, _ = best_ms(lambda: query.needs_served(G, job), repeat)
    row("needs_served of a job", ours, None)
    other = pick(G, "job", 50)
    ours, P = best_ms(lambda: query.shortest_path(G, job, other), repeat)
    U = G.to_undirected(as_view=True)
    base, _ = best_ms(lambda: nx.shortest_path(U, job, other), repeat)
    row("shortest_path job..job (undirected)", ours, base, f"{len(P or [])} nodes")


def main(argv=None) -> int:
    """Benchmark the bundled data and generated graphs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-data", action="store_true", help="skip the bundled data")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if not args.no_data:
        from graph.build import load_graph
        for data in (REPO / "data", REPO / "data" / "us"):
            if (data / "nodes.csv").exists():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    G = load_graph(data)
                bench_graph(f"bundled {data.relative_to(REPO)}", G, args.repeat)
    for size in args.sizes:
        t0 = time.perf_counter()
        G = tiered_graph(size, seed=0)
        print(f"\n(generated {size:,} edges in {time.perf_counter() - t0:.1f} s)")
        bench_graph(f"generated {size:,} edges", G, args.repeat)
        del G
        gc.collect()
    print(f"\ntotal {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
