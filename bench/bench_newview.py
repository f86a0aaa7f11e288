"""Benchmark the server's side of a new (uncached) view: what a filter change costs in CPU.

Run from the repository root::

    python -m bench.bench_newview                    # data/us, 3 runs
    python -m bench.bench_newview --data data --runs 5

It loads the graph once, builds the app's `explorer.context.Context` with a cache of one
entry (so no view is ever served from the cache), and renders, with
`explorer.graphview.render`, every state that unticks one need and every state that
unticks two neighbouring needs, ``--runs`` times over. For each stage of the pipeline it
prints the median CPU time (``time.process_time``: the machine may be busy with other
work, which wall time would count) per view:

* matched: the need filter and what it selects (`explorer.view._match`);
* ranked: the order the element cap keeps nodes in (`explorer.view.ranked_nodes`);
* plan, fold: the tree a view too big to draw is folded along (`graph.aggregate.plan`)
  and the fold within the cap (`graph.aggregate.aggregate`);
* positions: the web layout (`graph.layout.tier_rings`);
* elements: the element dicts with their colour bins (`explorer.elements.to_elements`);
* bends, labels: links bent round nodes (`explorer.elements.bend_links`) and the labels
  made readable (`explorer.elements.mark_major_labels`);
* ring titles (`explorer.ringtitles.place_ring_titles`);
* total: the whole `render`, the rest included (messages, notices, caching).

As a reference measured in the same run it prints the median CPU time of a plain
NetworkX take on the same views: the nodes that reach a chosen need
(``nx.ancestors``), their induced subgraph copied (``G.subgraph(...).copy()``) and the
first ``cap`` of them by degree, with the ratio of the two. Like the server before it forks
(`explorer.wsgi`), the benchmark freezes what it loaded (``gc.freeze``) before timing. Goal: a new view on data/us
well under 100 ms of server CPU, so that with about 200 ms in the browser a filter
change stays under 300 ms.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import defaultdict

import networkx as nx

from graph.build import load_graph
from graph.schema import NEED_IDS
from explorer import graphview, view as view_module
from explorer.context import Context
from explorer.settings import resolve
from explorer.state import DEFAULT

#: Stage name -> name of the function `explorer.view` calls for it.
STAGES = {"matched": "_match", "ranked": "ranked_nodes", "plan": "plan", "fold": "aggregate",
          "positions": "positions", "elements": "to_elements", "bends": "bend_links",
          "labels": "mark_major_labels", "ring titles": "place_ring_titles"}


def states() -> list:
    """Return the states of the benchmark: each need unticked, then each two neighbours."""
    out = []
    for need in NEED_IDS:
        out.append(DEFAULT.replace(needs=[n for n in DEFAULT.needs if n != need]))
    for i, need in enumerate(NEED_IDS):
        pair = {need, NEED_IDS[(i + 1) % len(NEED_IDS)]}
        out.append(DEFAULT.replace(needs=[n for n in DEFAULT.needs if n not in pair]))
    return out


def timed(times: dict, stage: str, func):
    """Return ``func`` adding the CPU time of each call to ``times[stage]``."""
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            times[stage] += time.process_time() - start
    return wrapper


def reference(G, state, cap: int) -> int:
    """Return the nodes of a plain NetworkX take on ``state``'s needs (see the module)."""
    keep = set()
    for need in state.needs:
        if need in G:
            keep.add(need)
            keep |= nx.ancestors(G, need)
    H = G.subgraph(keep).copy()
    return len(sorted(H, key=lambda n: (-H.degree(n), str(n)))[:cap])


def main(argv=None) -> int:
    """Run the benchmark and print per-stage CPU medians; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="data/us", help="data folder (default data/us)")
    parser.add_argument("--runs", type=int, default=3, help="passes over the states")
    args = parser.parse_args(argv)

    G = load_graph(args.data)
    ctx = Context.build(G, resolve({"data": args.data, "cache_size": 1}))
    graphview.render(ctx, DEFAULT.to_dict())  # indexes and per-graph caches built once
    gc.freeze()  # as the server does before it forks (explorer/wsgi.py): the graph and its
    # indexes are never traversed by the collector, which would add its pauses at random
    cap = int(ctx.settings.element_cap)
    originals = {stage: getattr(view_module, name) for stage, name in STAGES.items()}
    samples: dict = defaultdict(list)
    refs = []
    try:
        times: dict = defaultdict(float)
        for stage, name in STAGES.items():
            setattr(view_module, name, timed(times, stage, originals[stage]))
        for _ in range(max(1, args.runs)):
            for state in states():
                times.clear()
                start = time.process_time()
                graphview.render(ctx, state.to_dict())
                samples["total"].append(time.process_time() - start)
                for stage in STAGES:
                    samples[stage].append(times[stage])
                start = time.process_time()
                reference(G, state, cap)
                refs.append(time.process_time() - start)
    finally:
        for stage, name in STAGES.items():
            setattr(view_module, name, originals[stage])
        gc.unfreeze()

    views = len(samples["total"])
    print(f"{args.data}: {len(G):,} nodes; {views} new views (one or two needs unticked), "
          f"median CPU ms per view")
    for stage in (*STAGES, "total"):
        print(f"  {stage:<12} {1000 * statistics.median(samples[stage]):8.1f}")
    ours, plain = statistics.median(samples["total"]), statistics.median(refs)
    print(f"  reference: plain NetworkX take (ancestors, subgraph copy, top {cap:,} by degree) "
          f"{1000 * plain:.1f} ms; ours / reference = {ours / max(plain, 1e-9):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
