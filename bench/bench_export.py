"""Benchmark the export writers against NetworkX's own writers, measured in the same run.

Run from the repository root::

    python -m bench.bench_export            # bundled data, data/us, generated 10k/100k edges
    python -m bench.bench_export --sizes 10000 100000 1000000 --repeat 5

For each graph and format it prints our writer's best CPU time, the NetworkX baseline's
best CPU time on the same graph (the two run alternately) and their ratio (goal: ratio <=
1.2). Baselines:
``nx.write_graphml`` / ``nx.write_gexf`` (to memory, graph-level attributes dropped since
NetworkX cannot write list-valued ones), ``json.dumps(nx.node_link_data(G))`` and
``json.dumps(nx.cytoscape_data(G))``; for the CSV zip, ``csv.DictWriter`` of the node and
edge dicts without zipping. It also times ``to_elements`` on a subgraph of about 1,000
elements (goal: under 20 ms) against ``nx.cytoscape_data``.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import networkx as nx

from explorer.elements import to_elements
from graph import export  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RATIO_GOAL = 1.2
ELEMENTS_GOAL_MS = 20.0


def best_times(ours, theirs, repeat: int) -> tuple[float, float]:
    """Return the best CPU times (ms) of `ours` and `theirs`, run alternately `repeat` times.

    CPU time of this process (not wall time) and alternating the two keep other work on a
    busy machine from favouring one of them; the garbage collector is paused while timing,
    as ``timeit`` does, so neither pays for collecting the other's garbage.
    """
    a, b = [], []
    clock = time.process_time
    for _ in range(repeat):
        for fn, times in ((ours, a), (theirs, b)):
            gc.collect()
            gc.disable()
            try:
                start = clock()
                fn()
                times.append(clock() - start)
            finally:
                gc.enable()
    return min(a) * 1000, min(b) * 1000


def _plain(G) -> nx.DiGraph:
    """Return `G` without graph-level attributes, for NetworkX's XML writers."""
    H = nx.DiGraph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges(data=True))
    return H


def _csv_baseline(G) -> bytes:
    """Write nodes and edges with csv.DictWriter (no neutralising, no zip)."""
    out = io.StringIO()
    node_cols = ["id", *dict.fromkeys(k for _, d in G.nodes(data=True) for k in d)]
    writer = csv.DictWriter(out, node_cols)
    writer.writeheader()
    writer.writerows({"id": n, **d} for n, d in G.nodes(data=True))
    edge_cols = ["source", "target", *dict.fromkeys(k for *_, d in G.edges(data=True) for k in d)]
    writer = csv.DictWriter(out, edge_cols)
    writer.writeheader()
    writer.writerows({"source": u, "target": v, **d} for u, v, d in G.edges(data=True))
    return out.getvalue().encode()


def baselines(G) -> dict:
    """Return format name -> a zero-argument NetworkX (or csv) baseline writer of `G`."""
    plain = _plain(G)
    return {
        "csv": lambda: _csv_baseline(G),
        "graphml": lambda: nx.write_graphml(plain, io.BytesIO()),
        "gexf": lambda: nx.write_gexf(plain, io.BytesIO()),
        "json": lambda: json.dumps(nx.node_link_data(G, edges="edges")).encode(),
        "cyjs": lambda: json.dumps(nx.cytoscape_data(G)).encode(),
    }


def bench_graph(name: str, G, repeat: int) -> list[tuple]:
    """Time every writer and its baseline on `G`; return printable rows."""
    prov = export.provenance(G, {"bench": name})
    rows = []
    base = baselines(G)
    for fmt in export.FORMATS.values():
        ours, theirs = best_times(lambda fmt=fmt: fmt.writer(G, prov), base[fmt.name], repeat)
        ratio = ours / theirs if theirs else float("nan")
        goal = "ok" if ratio <= RATIO_GOAL else "SLOWER"
        if fmt.name == "csv":
            goal += " (baseline: csv.DictWriter, no zip)"
        rows.append((name, G.number_of_nodes(), G.number_of_edges(), fmt.name, ours, theirs,
                     ratio, goal))
    return rows


def elements_subgraph(G, target: int = 1000) -> nx.DiGraph:
    """Return an induced subgraph of `G` with about `target` nodes + edges."""
    nodes = []
    for n in sorted(G, key=lambda n: (-G.degree(n), str(n))):
        nodes.append(n)
        H = G.subgraph(nodes)
        if H.number_of_nodes() + H.number_of_edges() >= target:
            break
    return G.subgraph(nodes)


def bench_elements(name: str, G, repeat: int) -> tuple:
    """Time to_elements (median CPU time of `repeat` runs) on ~1,000 elements of `G`."""
    H = elements_subgraph(G)
    positions = {n: (float(i), float(-i)) for i, n in enumerate(H)}
    times, base = [], []
    clock = time.process_time  # CPU time, as for the writers: other work on the machine
    for _ in range(repeat):
        start = clock()
        to_elements(H, positions)
        times.append(clock() - start)
        start = clock()
        nx.cytoscape_data(H)
        base.append(clock() - start)
    ours = statistics.median(times) * 1000
    theirs = statistics.median(base) * 1000
    return (name, H.number_of_nodes() + H.number_of_edges(), ours, theirs, ours / theirs,
            "ok" if ours < ELEMENTS_GOAL_MS else "SLOWER")


def graphs(sizes, seed: int):
    """Yield (name, graph) for the bundled data, the US data and generated graphs."""
    from graph.build import load_graph

    for folder in (REPO / "data", REPO / "data" / "us"):
        if (folder / "nodes.csv").exists():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield f"{folder.relative_to(REPO)}/", load_graph(folder)
        else:
            print(f"(skipped {folder.relative_to(REPO)}/: no nodes.csv)", file=sys.stderr)
    try:
        from bench.generate import tiered_graph
    except ImportError:
        print("(skipped generated graphs: bench/generate.py not available)", file=sys.stderr)
        return
    for n_edges in sizes:
        start = time.perf_counter()
        G = tiered_graph(n_edges, seed)
        print(f"(generated {n_edges:,} edges in {time.perf_counter() - start:.1f} s)",
              file=sys.stderr)
        yield f"generated {n_edges:,}", G


def main(argv=None) -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000],
                        help="edge counts of generated graphs (default 10000 100000)")
    parser.add_argument("--repeat", type=int, default=15,
                        help="runs per writer on graphs under 50,000 edges (3 above); best is kept")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    header = f"{'graph':<18} {'nodes':>8} {'edges':>9} {'format':<8} {'ours ms':>9} " \
             f"{'nx ms':>9} {'ratio':>6}  goal <= {RATIO_GOAL}x"
    print(header)
    print("-" * len(header))
    element_rows = []
    for name, G in graphs(args.sizes, args.seed):
        repeat = args.repeat if G.number_of_edges() < 50_000 else min(args.repeat, 3)
        for row in bench_graph(name, G, repeat):
            print(f"{row[0]:<18} {row[1]:>8,} {row[2]:>9,} {row[3]:<8} {row[4]:>9.1f} "
                  f"{row[5]:>9.1f} {row[6]:>6.2f}  {row[7]}")
        element_rows.append(bench_elements(name, G, max(args.repeat, 21)))
        sys.stdout.flush()
    print()
    header = f"{'to_elements on':<18} {'elements':>8} {'ours ms':>9} {'nx ms':>9} {'ratio':>6}  " \
             f"goal < {ELEMENTS_GOAL_MS:g} ms"
    print(header)
    print("-" * len(header))
    for name, n, ours, theirs, ratio, goal in element_rows:
        print(f"{name:<18} {n:>8,} {ours:>9.2f} {theirs:>9.2f} {ratio:>6.2f}  {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
