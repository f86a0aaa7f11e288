"""Benchmark graph.whatif.without on data/us against recomputing with NetworkX, same run.

Run from the repository root::

    python -m bench.bench_whatif                  # every node, a sample for the baseline, sectors
    python -m bench.bench_whatif --sample 100 --repeat 3

What is measured, in milliseconds of server time:

* **single nodes**: ``without(G, [node])`` for every node of data/us (p50, p95, max, and
  the slowest node), goal < 100 ms each;
* **NAICS sectors**: each of the 20 sectors removed whole, twice: the sector with its
  subsectors, and the sector with its subsectors and every organization operating in
  them (the "whole sector" of about 60 nodes on average); goal < 500 ms each.

The baseline answers the same question the plain way: copy the graph (``G.copy()``),
remove the nodes, and take ``nx.ancestors`` of every need on the copy; the needs each
node reached before are computed once, outside the timing, as `without` has them from the
cached need membership index. It is timed on a random sample of single nodes (fixed seed,
every tier represented) and on every sector, and each of its answers is checked against
`without`'s (the nodes that lose each need), so the two are known to agree.
"""

from __future__ import annotations

import argparse
import random
import statistics
from pathlib import Path

import networkx as nx

from bench.bench_query import best_ms
from graph.build import load_graph
from graph.needindex import need_index
from graph.schema import TIER_IDS
from graph.whatif import without

REPO = Path(__file__).resolve().parents[1]
GOALS_MS = {"node": 100.0, "sector": 500.0}


def baseline(G, needs: list, before: dict, removed: list) -> dict:
    """Return need -> the nodes that lose it, recomputed with NetworkX on a copy of G."""
    H = G.copy()
    H.remove_nodes_from(removed)
    gone = set(removed)
    return {k: before[k] - (nx.ancestors(H, k) if k in H else set()) - gone for k in needs}


def agrees(scenario, expected: dict) -> bool:
    """Tell whether a scenario's lost nodes are the baseline's, need by need."""
    return all(set(scenario.needs[k].lost) == lost for k, lost in expected.items())


def percentiles(values: list) -> str:
    """Return "p50 x  p95 y  max z" of milliseconds."""
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return f"p50 {statistics.median(values):7.2f}  p95 {p95:7.2f}  max {values[-1]:7.2f}"


def sectors(G) -> dict:
    """Return sector id -> (its subsectors, the organizations operating in any of them)."""
    out = {}
    for n, tier in G.nodes(data="tier"):
        if tier != "industry" or any(G.edges[n, s].get("relation") == "part_of"
                                     for s in G.successors(n)):
            continue
        subs = [p for p in G.predecessors(n) if G.edges[p, n].get("relation") == "part_of"]
        orgs = sorted({p for i in (n, *subs) for p in G.predecessors(i)
                       if G.nodes[p].get("tier") == "organization"})
        out[n] = (subs, orgs)
    return dict(sorted(out.items()))


def sample_nodes(G, size: int, seed: int = 15) -> list:
    """Return a random sample of nodes with every tier in it (the needs all included)."""
    rng = random.Random(seed)
    by_tier: dict = {}
    for n, t in G.nodes(data="tier"):
        by_tier.setdefault(t, []).append(n)
    picked = list(by_tier.get("need", []))
    rest = [n for t in TIER_IDS[1:] for n in sorted(by_tier.get(t, []))]
    picked += rng.sample(rest, max(0, min(len(rest), size - len(picked))))
    return picked


def main(argv=None) -> int:
    """Run the benchmark; return 0 when every goal is met, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_whatif",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(REPO / "data" / "us"), metavar="DIR",
                        help="data folder (default: data/us)")
    parser.add_argument("--sample", type=int, default=200, metavar="N",
                        help="single nodes timed against the baseline (default 200)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="runs per sector, best kept (default 3)")
    args = parser.parse_args(argv)

    G = load_graph(args.data)
    print(f"{args.data}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges")
    index_ms, _ = best_ms(lambda: need_index(G), 1)
    first_ms, _ = best_ms(lambda: without(G, []), 1)
    print(f"need membership index {index_ms:.1f} ms, first call {first_ms:.1f} ms "
          "(built once per graph, before any scenario)")
    needs = [n for n, t in G.nodes(data="tier") if t == "need"]
    before = {k: nx.ancestors(G, k) for k in needs}
    ok = True

    print("\nSingle nodes, ours on every node (ms):")
    times: dict = {}
    for n in G:
        times[n], _ = best_ms(lambda n=n: without(G, [n]), 1)
    slowest = max(times, key=times.get)
    print(f"  all {len(times):,} nodes        {percentiles(list(times.values()))}"
          f"   slowest: {slowest} ({G.nodes[slowest].get('tier')})")
    for tier in TIER_IDS:
        values = [ms for n, ms in times.items() if G.nodes[n].get("tier") == tier]
        if values:
            print(f"  {tier + ' (' + format(len(values), ',') + ')':<22}{percentiles(values)}")
    over = sum(ms >= GOALS_MS["node"] for ms in times.values())
    ok &= not over
    print(f"  goal < {GOALS_MS['node']:.0f} ms: {'met' if not over else f'MISSED on {over} nodes'}")

    sample = sample_nodes(G, args.sample)
    ours, base, wrong = [], [], 0
    for n in sample:
        base_ms, expected = best_ms(lambda n=n: baseline(G, needs, before, [n]), 1)
        ours_ms, scenario = best_ms(lambda n=n: without(G, [n]), 1)
        wrong += not agrees(scenario, expected)
        ours.append(ours_ms)
        base.append(base_ms)
    ratios = [b / o for o, b in zip(ours, base)]
    print(f"\nSingle nodes, a sample of {len(sample)} (all 12 needs and a random draw), "
          "against the baseline (ms):")
    print(f"  ours                  {percentiles(ours)}")
    print(f"  NetworkX on a copy    {percentiles(base)}")
    print(f"  speed-up              median {statistics.median(ratios):.0f}x, "
          f"least {min(ratios):.1f}x; answers differ on {wrong} of {len(sample)}")
    ok &= not wrong

    print(f"\nNAICS sectors removed whole (ms, best of {args.repeat}):")
    print(f"  {'sector':<52}{'nodes':>6}{'ours':>9}{'NetworkX':>10}{'ratio':>8}")
    rows = []
    for sector, (subs, orgs) in sectors(G).items():
        for label, removed in (("with its subsectors", [sector, *subs]),
                               ("+ its organizations", [sector, *subs, *orgs])):
            ours_ms, scenario = best_ms(lambda r=removed: without(G, r), args.repeat)
            base_ms, expected = best_ms(lambda r=removed: baseline(G, needs, before, r), 1)
            wrong = not agrees(scenario, expected)
            rows.append((label, len(removed), ours_ms, base_ms))
            name = f"{sector[:34]} {label}"
            print(f"  {name:<52}{len(removed):>6}{ours_ms:>9.1f}{base_ms:>10.1f}"
                  f"{base_ms / ours_ms:>7.0f}x{'  ANSWERS DIFFER' if wrong else ''}")
            ok &= not wrong
    for label in ("with its subsectors", "+ its organizations"):
        chosen = [r for r in rows if r[0] == label]
        sizes = [r[1] for r in chosen]
        worst = max(r[2] for r in chosen)
        print(f"  {label}: {min(sizes)}-{max(sizes)} nodes (mean {statistics.mean(sizes):.0f}), "
              f"ours max {worst:.1f} ms, median ratio "
              f"{statistics.median(r[3] / r[2] for r in chosen):.0f}x")
        ok &= worst < GOALS_MS["sector"]
    print(f"  goal < {GOALS_MS['sector']:.0f} ms per sector: "
          f"{'met' if all(r[2] < GOALS_MS['sector'] for r in rows) else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
