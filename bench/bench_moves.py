"""Benchmark graph.moves on data/us: the moves of every profession, against plain NetworkX.

Run from the repository root::

    python -m bench.bench_moves                 # every profession; the baseline on 150
    python -m bench.bench_moves --sample 0 --repeat 3

What is measured, in milliseconds of server time, for every profession of data/us:

* **ours**: ``moves(G, profession)`` (every related profession with its figures, skill
  overlap and gaps, needs kept, gained and lost), goal < 20 ms each;
* **panel**: the same plus the Moves panel's components (`explorer.moves.gather` and
  `render`), what a request for the panel costs the server;
* **NetworkX**, on a random sample of professions (fixed seed; ``--sample 0`` for all,
  which takes minutes): the same answer the plain way, in the same run: the related professions
  from ``nx.all_neighbors`` (edge data looked up per pair), the needs of each from
  ``nx.descendants`` on a ``nx.subgraph_view`` without the lateral links, and the same
  wage, Job Zone and skill arithmetic. Its moves, needs and types are checked against
  ours, so the two are known to agree.
"""

from __future__ import annotations

import argparse
import random
import statistics
from pathlib import Path

import networkx as nx

from bench.bench_query import best_ms
from bench.bench_whatif import percentiles
from graph.build import load_graph
from graph.moves import move_type, moves, wage
from graph.profiles import skill_overlap
from graph.schema import LATERAL_RELATIONS, RELATEDNESS

REPO = Path(__file__).resolve().parents[1]
GOAL_MS = 20.0


def baseline(G, S, needs: frozenset, p) -> list:
    """Return (id, relatedness, move, kept, gained, lost, overlap) per move, the plain way."""
    found = {}
    for m in nx.all_neighbors(G, p):
        data = G.edges[p, m] if G.has_edge(p, m) else G.edges[m, p]
        if data.get("relation") != "related_to" or m == p:
            continue
        key = (RELATEDNESS.index(data["relatedness"]), data.get("related_index") or 1000,
               G.nodes[m].get("label", m).casefold(), m)
        found[m] = min(found.get(m, key), key)
    mine = nx.descendants(S, p) & needs
    here = G.nodes[p]
    out = []
    for rank, _, _, m in sorted(found.values()):
        theirs = nx.descendants(S, m) & needs
        there = G.nodes[m]
        w = None if wage(here) is None or wage(there) is None else wage(there) - wage(here)
        z = (None if here.get("job_zone") is None or there.get("job_zone") is None
             else there["job_zone"] - here["job_zone"])
        overlap = skill_overlap(G, p, m)
        out.append((m, RELATEDNESS[rank], move_type(w, z), mine & theirs, theirs - mine,
                    mine - theirs, None if overlap is None else round(overlap, 3)))
    return out


def ours_as_baseline(answer) -> list:
    """Return our moves in the baseline's shape."""
    return [(m.id, m.relatedness, m.move, set(m.needs_kept), set(m.needs_gained),
             set(m.needs_lost), m.skill_overlap) for m in answer.rows]


def main(argv=None) -> int:
    """Run the benchmark; return 0 when the goal is met and the answers agree, else 1."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_moves",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(REPO / "data" / "us"), metavar="DIR",
                        help="data folder (default: data/us)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="runs per profession, best kept (default 1)")
    parser.add_argument("--sample", type=int, default=150, metavar="N",
                        help="professions timed against the baseline (default 150; 0: all)")
    args = parser.parse_args(argv)

    from explorer.moves import gather, render
    from explorer.wsgi import settle_collector

    G = load_graph(args.data)
    settle_collector()  # as the server does once the data are loaded
    professions = sorted(n for n, t in G.nodes(data="tier") if t == "profession")
    links = sum(r == "related_to" for _, _, r in G.edges(data="relation"))
    print(f"{args.data}: {G.number_of_nodes():,} nodes, {len(professions):,} professions, "
          f"{links:,} related_to links")
    if not links:
        print("no related_to links: regenerate the data (make us-data)")
        return 1
    needs = frozenset(n for n, t in G.nodes(data="tier") if t == "need")
    S = nx.subgraph_view(G, filter_edge=lambda u, v: G.edges[u, v].get("relation")
                         not in LATERAL_RELATIONS)
    first_ms, _ = best_ms(lambda: moves(G, professions[0]), 1)
    print(f"first call {first_ms:.1f} ms (builds the graph's cached indexes)")

    sample = set(professions if not args.sample else
                 random.Random(13).sample(professions, min(args.sample, len(professions))))
    ours, panel, sizes, pairs, wrong = [], [], [], [], []
    for p in professions:
        ours_ms, answer = best_ms(lambda p=p: moves(G, p), args.repeat)
        panel_ms, _ = best_ms(lambda p=p: render(gather(G, p)), args.repeat)
        ours.append(ours_ms)
        panel.append(panel_ms)
        sizes.append(len(answer.rows))
        if p in sample:
            base_ms, expected = best_ms(lambda p=p: baseline(G, S, needs, p), args.repeat)
            pairs.append((ours_ms, base_ms))
            if ours_as_baseline(answer) != expected:
                wrong.append(p)
    slowest = professions[max(range(len(ours)), key=ours.__getitem__)]
    ratios = [b / o for o, b in pairs]
    print(f"\nMoves of each of the {len(professions):,} professions "
          f"({min(sizes)}-{max(sizes)} moves, median {statistics.median(sizes):.0f}), ms:")
    print(f"  ours (graph.moves.moves)     {percentiles(ours)}   slowest: {slowest}")
    print(f"  panel (gather + render)      {percentiles(panel)}")
    print(f"\nA sample of {len(pairs)} professions against the baseline, ms:")
    print(f"  ours                         {percentiles([o for o, _ in pairs])}")
    print(f"  NetworkX neighbour walk      {percentiles([b for _, b in pairs])}")
    print(f"  speed-up                     median {statistics.median(ratios):.1f}x, "
          f"least {min(ratios):.1f}x; answers differ on {len(wrong)} of {len(pairs)}"
          + (f" (first: {wrong[0]})" if wrong else ""))
    over = sum(ms >= GOAL_MS for ms in ours)
    print(f"  goal < {GOAL_MS:.0f} ms: {'met' if not over else f'MISSED on {over} professions'}")
    return 0 if not over and not wrong else 1


if __name__ == "__main__":
    raise SystemExit(main())
