"""UI benchmark: the explorer against a plain dash-cytoscape page in headless Chromium.

Run on demand: ``python -m bench.bench_ui [--data DIR] [--runs N]``.

Both pages are served in the same run, on the same machine, with the same elements
(the explorer's default view, preset positions, same stylesheet), so the ratios compare
like with like. Measured:

* load: navigation start to a drawn graph (the Cytoscape instance holds every element
  and a frame has been painted after that), and to an interactive one (the long tasks
  of building the page are over and a tap reaches the graph's handlers), each page's
  first view cut into its steps (`bench.bench_us.FIRST_VIEW_STEPS`);
* requests on load: the callback requests a page sends until a second after it is
  interactive (each one is a round trip and a re-render the first view may wait for);
* click: a real mouse click on a node to its label appearing in the details panel;
* weight: the Dash components the page has drawn once loaded, and the updates of Dash's
  store on load and per click (every drawn component checks each update, so the cost of
  a page grows with their product);
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

from bench.browser import (DRAWN_PROBE, VIEWPORT, click_time, find_chromium, frame_times,
                           graph_snapshot, launched, open_graph, script_kb, served,
                           summarise)
from bench.bench_us import BUILT_PROBE, FIRST_VIEW_MILESTONES, print_first_view_steps
from explorer.testing import spread

REPO = Path(__file__).resolve().parents[1]


#: The callback requests a page has sent since navigation start.
CALLBACK_REQUESTS = """() => performance.getEntriesByType('resource')
    .filter(r => r.name.includes('/_dash-update-component')).length"""


#: Installed before any page script: counts the updates of Dash's store (``window.store``,
#: which the renderer sets when it starts) in ``__storeUpdates``.
STORE_PROBE = """
(() => {
  window.__storeUpdates = 0;
  let store;
  Object.defineProperty(window, 'store', {configurable: true, get: () => store, set: (s) => {
    store = s;
    s.subscribe(() => { window.__storeUpdates += 1; });
  }});
})();
"""

#: The Dash components the page has drawn: the distinct component paths of its React tree.
DRAWN_COMPONENTS = """() => {
  const root = document.getElementById('react-entry-point');
  const key = Object.keys(root).find(k => k.startsWith('__reactContainer'));
  const paths = new Set();
  const stack = [root[key]];
  while (stack.length) {
    const f = stack.pop();
    if (!f) continue;
    const path = f.memoizedProps && f.memoizedProps.componentPath;
    if (path) paths.add(JSON.stringify(path));
    stack.push(f.child, f.sibling);
  }
  return paths.size;
}"""


def load_figures(browser, url, count, timeout=120_000, milestones=None
                 ) -> tuple[float, float, float]:
    """Return ms from navigation start to (drawn, interactive) for ``count`` elements, and
    the main thread's CPU time until then (Chromium's ``ThreadTime``: unlike the times
    from navigation start, it leaves out the waits a busy machine adds).

    ``milestones``, a list, receives the first view's milestones
    (`bench.bench_us.FIRST_VIEW_MILESTONES`)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.add_init_script(DRAWN_PROBE % count)
    page.add_init_script(BUILT_PROBE)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url, timeout=timeout)
    page.wait_for_function("() => window.__interactiveAt !== undefined", timeout=timeout)
    drawn, ready = page.evaluate("() => [window.__drawnAt, window.__interactiveAt]")
    if milestones is not None:
        milestones.append(page.evaluate(FIRST_VIEW_MILESTONES))
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    context.close()
    return drawn, ready, 1000 * metrics["ThreadTime"]


def interact(page_url, browser, count, targets, runs):
    """Return click-to-details times, zoom frame deltas, the callback requests sent on
    load (until a second after the page is interactive), and its weight: the Dash
    components drawn, the store updates on load and the median per click.

    Clicks alternate between two nodes so that each one changes the details panel.
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.add_init_script(STORE_PROBE)
    page.add_init_script(DRAWN_PROBE % count)
    page.goto(page_url, timeout=120_000)
    page.wait_for_function("() => window.__interactiveAt !== undefined", timeout=120_000)
    page.wait_for_timeout(1000)
    on_load = page.evaluate(CALLBACK_REQUESTS)
    weight = {"components": page.evaluate(DRAWN_COMPONENTS),
              "load": page.evaluate("() => window.__storeUpdates")}
    clicks, updates = [], []
    for i in range(2 * runs):
        node_id, label = targets[i % 2]
        before = page.evaluate("() => window.__storeUpdates")
        clicks.append(click_time(page, node_id, label))
        page.wait_for_timeout(300)
        updates.append(page.evaluate("() => window.__storeUpdates") - before)
    weight["click"] = statistics.median(updates)
    frames = frame_times(page)
    context.close()
    return clicks, frames, on_load, weight


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
            cpu = {name: [] for name in urls}
            milestones = {name: [] for name in urls}
            for _ in range(args.runs):  # alternate, so both see the same machine load
                for name, url in urls.items():
                    drawn, interactive, used = load_figures(browser, url, count,
                                                            milestones=milestones[name])
                    loads[name].append(drawn)
                    ready[name].append(interactive)
                    cpu[name].append(used)
            results, sizes, requests, weights = {}, {}, {}, {}
            for name, url in urls.items():
                clicks, frames, requests[name], weights[name] = interact(
                    url, browser, count, (first, second), args.runs)
                results[name] = (loads[name], clicks, frames)
                sizes[name] = script_kb(browser, url)

    (pl, pc, pf), (ol, oc, of) = results["plain"], results["explorer"]
    print(f"{'':10} {'load to drawn graph':38} {'click to details':38}")
    for name, (loads, clicks, _) in results.items():
        print(f"{name:10} {summarise(loads):38} {summarise(clicks):38}")
    print(f"JavaScript loaded: plain {sizes['plain']:.0f} KB, explorer {sizes['explorer']:.0f} KB")
    print(f"callback requests on load: plain {requests['plain']}, explorer {requests['explorer']}")
    for name, w in weights.items():
        print(f"Dash components drawn {name:9}: {w['components']}; store updates on load "
              f"{w['load']}, per click {w['click']:g}")
    for name in results:
        print(f"interactive {name:9}: {summarise(ready[name])}")
    ratio = statistics.median(ol) / statistics.median(pl)
    print(f"load ratio explorer/plain: {ratio:.2f}x (goal <= 1.00x); interactive "
          f"{statistics.median(ready['explorer']) / statistics.median(ready['plain']):.2f}x")
    print_first_view_steps(milestones)
    print(f"main-thread CPU to interactive: plain {summarise(cpu['plain']).strip()}, explorer "
          f"{summarise(cpu['explorer']).strip()}: "
          f"{statistics.median(cpu['explorer']) / statistics.median(cpu['plain']):.2f}x")
    ok_clicks = [c for c in oc if c is not None]
    if ok_clicks and all(c is not None for c in pc):
        print(f"click ratio explorer/plain: {statistics.median(ok_clicks) / statistics.median(pc):.2f}x; "
              f"explorer median {statistics.median(ok_clicks):.1f} ms (goal <= 100 ms)")
    for name, frames in (("plain", pf), ("explorer", of)):
        print(f"zoom frames {name:9}: {spread(frames)} over {len(frames)} frames (goal <= 33 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
