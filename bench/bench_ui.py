"""UI benchmark: the explorer against a plain dash-cytoscape page in headless Chromium.

Run on demand: ``python bench/bench_ui.py [--data DIR] [--runs N]``.

Both pages are served in the same run, on the same machine, with the same elements
(the explorer's default view, preset positions, same stylesheet), so the ratios compare
like with like. Measured:

* load: navigation start to a drawn graph (the Cytoscape instance holds every element
  and a frame has been painted after that);
* click: a real mouse click on a node to its label appearing in the details panel;
* zoom: requestAnimationFrame deltas while zooming with the mouse wheel.

Goals: explorer load <= 1.0x the plain page, click-to-details <= 100 ms, frames <= 33 ms.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

#: Installed before any page script: marks when the graph is drawn with all its elements.
DRAWN_PROBE = """
(() => {
  const want = %d;
  function poll() {
    const el = document.getElementById('graph');
    const cy = el && el._cyreg && el._cyreg.cy;
    if (cy && cy.elements().length >= want) {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__drawnAt = performance.now();
      }));
      return;
    }
    requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);
})();
"""

CLICK_PROBE = """
([nodeId, label]) => { window.__clicked = new Promise((resolve) => {
  const details = document.getElementById('details');
  let t0 = null;
  const done = () => {
    if (t0 !== null && details.textContent.includes(label)) {
      observer.disconnect();
      resolve(performance.now() - t0);
    }
  };
  const observer = new MutationObserver(done);
  observer.observe(details, {childList: true, subtree: true, characterData: true});
  window.addEventListener('mousedown', () => { t0 = performance.now(); }, {once: true, capture: true});
  setTimeout(() => { observer.disconnect(); resolve(null); }, 10000);
}); }
"""

FRAME_PROBE = """
() => {
  window.__frames = [];
  let last = performance.now();
  window.__frameLoop = true;
  const step = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (window.__frameLoop) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
"""


def plain_app(elements, stylesheet):
    """Return a minimal Dash page: one preset Cytoscape graph and a details div on tap."""
    import dash_cytoscape as cyto
    from dash import Dash, Input, Output, html

    app = Dash(__name__)
    app.layout = html.Div([
        cyto.Cytoscape(id="graph", elements=elements, stylesheet=stylesheet,
                       layout={"name": "preset"}, style={"width": "100%", "height": "600px"}),
        html.Div(id="details"),
    ])

    @app.callback(Output("details", "children"), Input("graph", "tapNodeData"))
    def _details(data):
        return (data or {}).get("label", "")

    return app


def serve(kind: str, source: str, without_svg_bundle: bool = False) -> int:
    """Serve one page until killed: the explorer on a data folder, or the plain page of a
    snapshot file (elements, stylesheet). Prints the URL on the first line.

    Each page runs in its own process, so neither competes with the other or with the
    benchmark's browser driver for the interpreter lock.
    """
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    if kind == "plain":
        with open(source, encoding="utf-8") as fh:
            snap = json.load(fh)
        wsgi = plain_app(snap["elements"], snap["stylesheet"]).server
    else:
        import warnings

        import app as app_module

        warnings.simplefilter("ignore")
        if without_svg_bundle:
            import dash_cytoscape

            dash_cytoscape.load_extra_layouts = lambda: None
        wsgi = app_module.create_app({"data": source}).server
    served = Served(wsgi)
    print(served.url, flush=True)
    threading.Event().wait()
    return 0


def start(kind: str, source: str, extra=()):
    """Start `serve` in a subprocess; return (process, url)."""
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve", kind,
                             str(source), *extra], stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.terminate()
        raise RuntimeError(f"the {kind} page did not start")
    return proc, url


def script_kb(browser, url) -> float:
    """Return the kilobytes of JavaScript a page loads."""
    page = browser.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    size = page.evaluate("() => performance.getEntriesByType('resource')"
                         ".filter(r => r.name.includes('.js'))"
                         ".reduce((a, r) => a + (r.encodedBodySize || 0), 0)")
    page.close()
    return size / 1024


class Served:
    """A WSGI app served on a free 127.0.0.1 port in a daemon thread."""

    def __init__(self, wsgi):
        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self):
        """Stop the server."""
        self._server.shutdown()
        self._server.server_close()


def graph_snapshot(page):
    """Return (elements with positions, stylesheet, two (id, label) click targets) of a page."""
    return page.evaluate("""() => {
      const cy = document.getElementById('graph')._cyreg.cy;
      const els = cy.elements().map(e => {
        const o = {data: e.data(), classes: e.classes().join(' '),
                   selectable: e.selectable(), grabbable: e.grabbable(), locked: e.locked()};
        if (e.isNode()) o.position = e.position();
        return o;
      });
      const needs = cy.nodes('[tier = "need"]');
      const pool = needs.length >= 2 ? needs : cy.nodes();
      const pick = (n) => [n.id(), String(n.data('label') || n.id())];
      return [els, cy.style().json(), pick(pool[0]), pick(pool[1])];
    }""")


def load_time(browser, url, count):
    """Return ms from navigation start to a drawn graph of ``count`` elements."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(DRAWN_PROBE % count)
    page.goto(url)
    page.wait_for_function("() => window.__drawnAt !== undefined", timeout=60_000)
    value = page.evaluate("() => window.__drawnAt")
    context.close()
    return value


def click_time(page, node_id, label):
    """Return ms from a real mouse click on a node to its label in the details panel."""
    page.evaluate("""(id) => {
      const cy = document.getElementById('graph')._cyreg.cy;
      cy.center(cy.getElementById(id));
    }""", node_id)
    page.wait_for_timeout(200)
    x, y = page.evaluate("""(id) => {
      const el = document.getElementById('graph');
      const cy = el._cyreg.cy;
      const box = el.getBoundingClientRect();
      const p = cy.getElementById(id).renderedPosition();
      return [box.left + p.x, box.top + p.y];
    }""", node_id)
    page.evaluate(CLICK_PROBE, [node_id, label])
    page.mouse.click(x, y)
    return page.evaluate("() => window.__clicked")


def frame_times(page, steps=20):
    """Return requestAnimationFrame deltas (ms) while zooming with the mouse wheel."""
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.evaluate(FRAME_PROBE)
    for i in range(steps):
        page.mouse.wheel(0, -120 if i < steps // 2 else 120)
        page.wait_for_timeout(30)
    page.evaluate("() => { window.__frameLoop = false; }")
    frames = page.evaluate("() => window.__frames")
    return frames[1:] or [float("nan")]


def summarise(values):
    """Return 'median (min-max)' of a list of milliseconds."""
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    return f"{statistics.median(values):7.1f} ms (min {min(values):.1f}, max {max(values):.1f})"


def p95(values):
    """Return the 95th percentile of a list."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def interact(page_url, browser, count, targets, runs):
    """Return click-to-details times and zoom frame deltas for one page.

    Clicks alternate between two nodes so that each one changes the details panel.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(DRAWN_PROBE % count)
    page.goto(page_url)
    page.wait_for_function("() => window.__drawnAt !== undefined", timeout=60_000)
    clicks = []
    for i in range(2 * runs):
        node_id, label = targets[i % 2]
        clicks.append(click_time(page, node_id, label))
        page.wait_for_timeout(300)
    frames = frame_times(page)
    context.close()
    return clicks, frames


def main(argv=None) -> int:
    """Serve both pages, measure them in headless Chromium and print times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO / "data"), help="dataset folder")
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement")
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "SOURCE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(*args.serve)
    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        print(f"no Chromium at {chromium}; set CHROMIUM", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    procs = []
    tmp = tempfile.TemporaryDirectory()
    try:
        ours_proc, ours_url = start("explorer", args.data)
        procs.append(ours_proc)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(ours_url)
            page.wait_for_function("""() => { const el = document.getElementById('graph');
                return el && el._cyreg && el._cyreg.cy && el._cyreg.cy.nodes().length > 0; }""",
                                   timeout=60_000)
            page.wait_for_timeout(500)
            elements, stylesheet, first, second = graph_snapshot(page)
            page.close()
            snapshot = Path(tmp.name) / "snapshot.json"
            snapshot.write_text(json.dumps({"elements": elements, "stylesheet": stylesheet}))
            plain_proc, plain_url = start("plain", snapshot)
            procs.append(plain_proc)
            count = len(elements)
            print(f"elements: {count} ({sum('position' in e for e in elements)} nodes); "
                  f"click targets: {first[0]!r}, {second[0]!r}; runs: {args.runs}")
            urls = {"plain": plain_url, "explorer": ours_url}
            loads = {name: [] for name in urls}
            for _ in range(args.runs):  # alternate, so both see the same machine load
                for name, url in urls.items():
                    loads[name].append(load_time(browser, url, count))
            results, sizes = {}, {}
            for name, url in urls.items():
                clicks, frames = interact(url, browser, count, (first, second), args.runs)
                results[name] = (loads[name], clicks, frames)
                sizes[name] = script_kb(browser, url)
            browser.close()
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
        tmp.cleanup()

    (pl, pc, pf), (ol, oc, of) = results["plain"], results["explorer"]
    print(f"{'':10} {'load to drawn graph':38} {'click to details':38}")
    for name, (loads, clicks, _) in results.items():
        print(f"{name:10} {summarise(loads):38} {summarise(clicks):38}")
    print(f"JavaScript loaded: plain {sizes['plain']:.0f} KB, explorer {sizes['explorer']:.0f} KB")
    ratio = statistics.median(ol) / statistics.median(pl)
    print(f"load ratio explorer/plain: {ratio:.2f}x (goal <= 1.00x)")
    ok_clicks = [c for c in oc if c is not None]
    if ok_clicks and all(c is not None for c in pc):
        print(f"click ratio explorer/plain: {statistics.median(ok_clicks) / statistics.median(pc):.2f}x; "
              f"explorer median {statistics.median(ok_clicks):.1f} ms (goal <= 100 ms)")
    for name, frames in (("plain", pf), ("explorer", of)):
        print(f"zoom frames {name:9}: median {statistics.median(frames):.1f} ms, "
              f"p95 {p95(frames):.1f} ms, max {max(frames):.1f} ms over {len(frames)} frames "
              f"(goal <= 33 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
