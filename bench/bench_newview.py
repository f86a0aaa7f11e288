"""Benchmark the server's side of a new (uncached) view: what a filter change costs in CPU.

Run from the repository root::

    python -m bench.bench_newview                    # data/us, 2 runs
    python -m bench.bench_newview --data data --runs 2

It loads the graph once. Each run builds a fresh server: the app's
`explorer.context.Context` (view caches of the default size) and its Dash app, which
draws the default view as a first visit does; then it posts, in-process through Dash's
own endpoint (``POST /_dash-update-component``, `explorer.client.DashClient`), the state
controller's request of every filter change that unticks one need and every one that
unticks two neighbouring needs: each is a view not computed before. For each stage it
prints the median CPU time (``time.process_time``: the machine may be busy with other
work, which wall time would count) per view:

* matched: the need filter and what it selects (`explorer.view._match`);
* ranked: the order the element cap keeps nodes in (`explorer.view.ranked_nodes`);
* plan, fold: the tree a view too big to draw is folded along (`graph.plan.plan`)
  and the fold within the cap (`graph.aggregate.aggregate`);
* positions: the web layout (`graph.layout.tier_rings`);
* elements: the element dicts with their colour bins (`explorer.elements.to_elements`);
* bends, labels: links bent round nodes (`explorer.elements.bend_links`: the bends of
  the all-needs drawing kept where still clear, the other links routed afresh) and the
  labels made readable (`explorer.elements.mark_major_labels`);
* kept bends: the all-needs drawing's bends read once for the views drawn on it
  (`explorer.elements.kept_bends`, a share of the first view's reply only);
* ring titles (`explorer.ringtitles.place_ring_titles`);
* render: the graph's outputs (`explorer.graphview.render`), the stages and the rest
  (messages, notices, caching);
* reply: the whole request, from the body posted to the JSON answer: Dash, the
  controller's other outputs (details, breadcrumb...), the render, the collector's pauses
  and the encoding of the answer.

Then, measured in the same run, what the reply adds to the render:

* JSON: the controller's outputs encoded as Dash encodes a reply (plotly's
  ``to_json_plotly``, orjson first), as they are (with Dash components, which send the
  encoder through plotly's Python walk of every element first) and made plain
  (`explorer.reply.plain`, as the controller sends them), with the ratio;
* collector: the cyclic garbage collector's time per view (``gc.callbacks``), in runs
  alternating Python's default thresholds and the server's
  (`explorer.wsgi.settle_collector`), with the reply's mean CPU of each.

As a reference measured in the same run it prints the median CPU time of a plain
NetworkX take on the same views: the nodes that reach a chosen need
(``nx.ancestors``), their induced subgraph copied (``G.subgraph(...).copy()``) and the
first ``cap`` of them by degree, with the ratio of the two. Like the server before it forks
(`explorer.wsgi`), each run freezes what is loaded (``gc.freeze``) before timing. Goal: a
new view on data/us well under 100 ms of server CPU, so that with about 200 ms in the
browser a filter change stays under 300 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections import defaultdict

import networkx as nx
from dash import no_update
from plotly.io.json import to_json_plotly

from bench.load import Page
from explorer import controller, graphview, reply, view as view_module
from explorer.client import UPDATE, DashClient
from explorer.context import Context
from explorer.page import build
from explorer.settings import resolve
from explorer.state import DEFAULT
from explorer.wsgi import COLLECTOR_THRESHOLDS
from graph.build import load_graph
from graph.schema import NEED_IDS

#: Stage name -> name of the function `explorer.view` calls for it.
STAGES = {"matched": "_match", "ranked": "ranked_nodes", "plan": "plan", "fold": "aggregate",
          "positions": "positions", "elements": "to_elements", "bends": "bend_links",
          "kept bends": "kept_bends", "labels": "mark_major_labels",
          "ring titles": "place_ring_titles"}
#: Python's own collector thresholds, the other side of the collector's A/B.
PYTHON_THRESHOLDS = (700, 10, 10)


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


class Collector:
    """The cyclic garbage collector's CPU time since the last `reset` (``gc.callbacks``)."""

    def __init__(self):
        self.spent = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.spent += time.process_time() - self._start

    def reset(self) -> None:
        """Start counting from zero."""
        self.spent = 0.0


def server(G, settings) -> tuple:
    """Return (context, client, page, controller callback) of a fresh app on G, its
    default view drawn as a first visit draws it."""
    ctx = Context.build(G, settings)
    client = DashClient(build(ctx))
    page = Page(client.layout(), client.callbacks())
    [ctrl] = [c for c in page.callbacks if "view-state.data" in c.output]
    graphview.render(ctx, DEFAULT.to_dict())  # the first visit's view, kept in the cache
    return ctx, client, page, ctrl


def encoded_ms(outputs: dict) -> tuple[float, float]:
    """Return the CPU ms of encoding ``outputs`` as Dash encodes a reply: as they are, and
    made plain (`explorer.reply.plain_outputs`)."""
    sent = {name: value for name, value in outputs.items() if value is not no_update}
    out = []
    for value in (sent, reply.plain_outputs(sent)):
        start = time.process_time()
        to_json_plotly({"multi": True, "response": value})
        out.append(1000 * (time.process_time() - start))
    return out[0], out[1]


def main(argv=None) -> int:
    """Run the benchmark and print per-stage CPU medians; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="data/us", help="data folder (default data/us)")
    parser.add_argument("--runs", type=int, default=2,
                        help="passes over the states, each on a fresh server, the collector's "
                             "thresholds alternating (default 2)")
    args = parser.parse_args(argv)

    G = load_graph(args.data)
    settings = resolve({"data": args.data})
    cap = int(settings.element_cap)
    originals = {stage: getattr(view_module, name) for stage, name in STAGES.items()}
    render, plain_outputs = graphview.render, controller.plain_outputs
    samples: dict = defaultdict(list)
    refs, encodings = [], []
    collected: dict = defaultdict(list)  # thresholds -> (collector ms, reply ms) per view
    times: dict = defaultdict(float)
    caught: list = []
    collector = Collector()
    thresholds = gc.get_threshold()
    try:
        for stage, name in STAGES.items():
            setattr(view_module, name, timed(times, stage, originals[stage]))
        graphview.render = timed(times, "render", render)
        controller.plain_outputs = lambda outputs: caught.append(outputs) or plain_outputs(outputs)
        gc.callbacks.append(collector)
        for run in range(max(1, args.runs)):
            _ctx, client, page, ctrl = server(G, settings)
            # As the server does once the app is built (explorer.wsgi.settle_collector),
            # with Python's own thresholds every other run.
            gc.collect()
            gc.freeze()
            which = PYTHON_THRESHOLDS if run % 2 else COLLECTOR_THRESHOLDS
            gc.set_threshold(*which)
            for state in states():
                page.set("need-picker", "value", list(state.needs))
                body = json.dumps(page.body(ctrl, ["need-picker.value"])).encode()
                times.clear()
                caught.clear()
                collector.reset()
                start = time.process_time()
                answer = client.post(UPDATE, body)
                spent = time.process_time() - start
                if answer.status != 200 or not caught:
                    raise RuntimeError(f"the filter change was not answered: {answer.status}")
                samples["reply"].append(spent)
                for stage in (*STAGES, "render"):
                    samples[stage].append(times[stage])
                collected[which].append((1000 * collector.spent, 1000 * spent))
                encodings.append(encoded_ms(caught[-1]))
                start = time.process_time()
                reference(G, state, cap)
                refs.append(time.process_time() - start)
            gc.unfreeze()
    finally:
        for stage, name in STAGES.items():
            setattr(view_module, name, originals[stage])
        graphview.render, controller.plain_outputs = render, plain_outputs
        gc.callbacks.remove(collector)
        gc.set_threshold(*thresholds)

    views = len(samples["reply"])
    print(f"{args.data}: {len(G):,} nodes; {views} new views (one or two needs unticked), "
          f"median CPU ms per view")
    for stage in (*STAGES, "render", "reply"):
        print(f"  {stage:<12} {1000 * statistics.median(samples[stage]):8.1f}")
    raw = statistics.median(e[0] for e in encodings)
    flat = statistics.median(e[1] for e in encodings)
    print(f"  reply JSON: with Dash components {raw:.1f} ms, made plain (explorer.reply) "
          f"{flat:.1f} ms; plain / components = {flat / max(raw, 1e-9):.2f}")
    for which, name in ((PYTHON_THRESHOLDS, "Python's"), (COLLECTOR_THRESHOLDS, "server's")):
        rows = collected.get(which)
        if rows:
            pauses = [p for p, _ in rows]
            print(f"  collector, {name} thresholds {which}: {statistics.mean(pauses):.1f} ms "
                  f"per view (mean; max {max(pauses):.1f}), reply mean "
                  f"{statistics.mean(r for _, r in rows):.1f} ms over {len(rows)} views")
    ours, plain = statistics.median(samples["render"]), statistics.median(refs)
    print(f"  reference: plain NetworkX take (ancestors, subgraph copy, top {cap:,} by degree) "
          f"{1000 * plain:.1f} ms; render / reference = {ours / max(plain, 1e-9):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
