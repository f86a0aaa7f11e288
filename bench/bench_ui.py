"""UI benchmark: the explorer against a plain dash-cytoscape page in headless Chromium.

Run on demand: ``python -m bench.bench_ui [--data DIR] [--runs N]``.

Both pages are served in the same run, on the same machine, with the same elements
(the explorer's default view, preset positions, same stylesheet), so the ratios compare
like with like. Measured:

* load: navigation start to a drawn graph (the Cytoscape instance holds every element
  and a frame has been painted after that), and to an interactive one (the long tasks
  of building the page are over and a tap reaches the graph's handlers);
* requests on load: the callback requests a page sends until a second after it is
  interactive (each one is a round trip and a re-render the first view may wait for);
* click: a real mouse click on a node to its label appearing in the details panel;
* zoom: requestAnimationFrame deltas while zooming with the mouse wheel.

Goals: explorer load <= 1.0x the plain page, click-to-details <= 100 ms, frames <= 33 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from bench.browser import (click_time, find_chromium, frame_times, graph_snapshot, launched,
                           load_times, open_drawn, open_graph, script_kb, served, summarise)
from explorer.testing import spread

REPO = Path(__file__).resolve().parents[1]


#: The callback requests a page has sent since navigation start.
CALLBACK_REQUESTS = """() => performance.getEntriesByType('resource')
    .filter(r => r.name.includes('/_dash-update-component')).length"""


def interact(page_url, browser, count, targets, runs):
    """Return click-to-details times, zoom frame deltas and the callback requests sent
    on load (until a second after the page is interactive) for one page.

    Clicks alternate between two nodes so that each one changes the details panel.
    """
    context, page = open_drawn(browser, page_url, count)
    page.wait_for_timeout(1000)
    on_load = page.evaluate(CALLBACK_REQUESTS)
    clicks = []
    for i in range(2 * runs):
        node_id, label = targets[i % 2]
        clicks.append(click_time(page, node_id, label))
        page.wait_for_timeout(300)
    frames = frame_times(page)
    context.close()
    return clicks, frames, on_load


def main(argv=None) -> int:
    """Serve both pages, measure them in headless Chromium and print times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO / "data"), help="dataset folder")
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        return 2

    with tempfile.TemporaryDirectory() as tmp, \
            served("explorer", args.data) as (_ours, ours_url), launched(chromium) as browser:
        page = open_graph(browser, ours_url)
        page.wait_for_timeout(500)
        elements, stylesheet, first, second = graph_snapshot(page)
        page.close()
        snapshot = Path(tmp) / "snapshot.json"
        snapshot.write_text(json.dumps({"elements": elements, "stylesheet": stylesheet}))
        with served("plain", snapshot) as (_plain, plain_url):
            count = len(elements)
            print(f"elements: {count} ({sum('position' in e for e in elements)} nodes); "
                  f"click targets: {first[0]!r}, {second[0]!r}; runs: {args.runs}")
            urls = {"plain": plain_url, "explorer": ours_url}
            loads = {name: [] for name in urls}
            ready = {name: [] for name in urls}
            for _ in range(args.runs):  # alternate, so both see the same machine load
                for name, url in urls.items():
                    drawn, interactive = load_times(browser, url, count)
                    loads[name].append(drawn)
                    ready[name].append(interactive)
            results, sizes, requests = {}, {}, {}
            for name, url in urls.items():
                clicks, frames, requests[name] = interact(url, browser, count, (first, second),
                                                          args.runs)
                results[name] = (loads[name], clicks, frames)
                sizes[name] = script_kb(browser, url)

    (pl, pc, pf), (ol, oc, of) = results["plain"], results["explorer"]
    print(f"{'':10} {'load to drawn graph':38} {'click to details':38}")
    for name, (loads, clicks, _) in results.items():
        print(f"{name:10} {summarise(loads):38} {summarise(clicks):38}")
    print(f"JavaScript loaded: plain {sizes['plain']:.0f} KB, explorer {sizes['explorer']:.0f} KB")
    print(f"callback requests on load: plain {requests['plain']}, explorer {requests['explorer']}")
    for name in results:
        print(f"interactive {name:9}: {summarise(ready[name])}")
    ratio = statistics.median(ol) / statistics.median(pl)
    print(f"load ratio explorer/plain: {ratio:.2f}x (goal <= 1.00x); interactive "
          f"{statistics.median(ready['explorer']) / statistics.median(ready['plain']):.2f}x")
    ok_clicks = [c for c in oc if c is not None]
    if ok_clicks and all(c is not None for c in pc):
        print(f"click ratio explorer/plain: {statistics.median(ok_clicks) / statistics.median(pc):.2f}x; "
              f"explorer median {statistics.median(ok_clicks):.1f} ms (goal <= 100 ms)")
    for name, frames in (("plain", pf), ("explorer", of)):
        print(f"zoom frames {name:9}: {spread(frames)} over {len(frames)} frames (goal <= 33 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
