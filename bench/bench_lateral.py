"""Lateral edges cost the views nothing: a data folder with and without its lateral edges.

Run from the repository root::

    python -m bench.bench_lateral [--data DIR] [--repeat N]

The baseline is the same folder with its lateral edges (``related_to`` rows,
`graph.schema.LATERAL_RELATIONS`) left out, written to a temporary folder and measured by
the same code in the same run. For each, in milliseconds (best of ``--repeat``):

* load: `graph.build.load_graph` of the folder (grows with the file: more rows to check);
* default view, cold: `explorer.view.visible_graph` of the default state and its web
  positions on a graph never viewed before (for ours this includes building
  `graph.cache.structural`, the graph without the lateral edges, once);
* default view, warm: the same again on the same graph (what every later view pays);
* filter: `graph.query.filter_graph` on one need, every edge of the result walked;
* neighbourhood: `graph.query.neighbourhood` of the profession with most links, depth 2;
* needs served: `graph.query.needs_served` of a job.

Goal: every figure but load within 10 % of the baseline (ratio <= 1.10) or within 2 ms.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

from explorer.state import DEFAULT
from explorer.view import elements, visible_graph
from graph import query
from graph.build import load_graph
from graph.schema import EDGES_FILE, LATERAL_RELATIONS

REPO = Path(__file__).resolve().parents[1]


def without_lateral(folder: Path, out: Path) -> int:
    """Copy a data folder to ``out`` without its lateral edge rows; return how many went."""
    shutil.copytree(folder, out)
    text = (folder / EDGES_FILE).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    relation = rows[0].index("relation")
    kept = [rows[0]] + [r for r in rows[1:] if r[relation] not in LATERAL_RELATIONS]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(kept)
    (out / EDGES_FILE).write_text(buf.getvalue(), encoding="utf-8")
    return len(rows) - len(kept)


def best_ms(func, repeat: int) -> float:
    """Return the best wall time of ``func()`` over ``repeat`` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def default_view(G) -> int:
    """Compute the default view and its web positions; return the elements drawn."""
    return len(elements(visible_graph(G, DEFAULT), "web"))


def _load(folder: Path):
    """Return the graph of a folder, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_graph(folder)


def figures(folders: dict, repeat: int) -> dict:
    """Return name -> figure -> ms for each folder (see the module docstring).

    The folders take turns within each repetition, so a machine that slows down or speeds
    up during the run weighs on both alike. Each task is (prepare, run): only run is timed.
    """
    graphs = {name: _load(folder) for name, folder in folders.items()}
    hubs = {name: max((n for n, t in G.nodes(data="tier") if t == "profession"),
                      key=lambda n: (G.degree(n), n)) for name, G in graphs.items()}
    jobs = {name: next(n for n, t in G.nodes(data="tier") if t == "job")
            for name, G in graphs.items()}
    def same(name, G):
        return G

    tasks = {
        "load": (same, lambda name, G: _load(folders[name])),
        "default view, cold": (lambda name, G: G.copy(), lambda name, G: default_view(G)),
        "default view, warm": (same, lambda name, G: default_view(G)),
        "filter": (same, lambda name, G: sum(1 for _ in query.filter_graph(
            G, needs=["health-and-well-being"]).edges)),
        "neighbourhood": (same, lambda name, G: query.neighbourhood(G, hubs[name], 2)),
        "needs served": (same, lambda name, G: query.needs_served(G, jobs[name])),
    }
    out: dict = {name: {} for name in folders}
    for task, (prepare, run) in tasks.items():
        for name, G in graphs.items():
            out[name][task] = float("inf")
        for _ in range(repeat):
            for name, G in graphs.items():
                H = prepare(name, G)
                start = time.perf_counter()
                run(name, H)
                out[name][task] = min(out[name][task], (time.perf_counter() - start) * 1000)
    for name, G in graphs.items():
        out[name]["elements"] = default_view(G)
    return out


def main(argv=None) -> int:
    """Print our figures, the baseline's and their ratios; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "data" / "us")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base_dir = Path(tmp) / "base"
        gone = without_lateral(args.data, base_dir)
        found = figures({"base": base_dir, "ours": args.data}, args.repeat)
    base, ours = found["base"], found["ours"]
    print(f"{args.data}: {gone:,} lateral edges; baseline without them (same code, same run)")
    print(f"{'figure':<22}{'ours ms':>10}{'base ms':>10}{'ratio':>8}")
    for key in ours:
        if key == "elements":
            continue
        ratio = ours[key] / base[key] if base[key] else float("nan")
        ok = key == "load" or ratio <= 1.10 or ours[key] - base[key] <= 2
        print(f"{key:<22}{ours[key]:>10.1f}{base[key]:>10.1f}{ratio:>8.2f}"
              f"{'' if ok else '  over the goal'}")
    print(f"elements drawn: ours {ours['elements']:,}, baseline {base['elements']:,} "
          "(the same: lateral edges are not drawn)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
