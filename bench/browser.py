"""Shared machinery of the browser benchmarks (`bench.bench_ui`, `bench.bench_us`,
`bench.bench_colour`, `bench.bench_search_box`).

`find_chromium` and `launched` give a headless Chromium; `start` (or `served`, which
stops it again) serves a page on a free port in a process of its own.

Pages are served each in its own process (``python -m bench.browser --serve KIND
SOURCE``), so neither competes with the other or with the benchmark's browser driver for
the interpreter lock, and the memory of the explorer's server can be read from
``/proc/PID/status``. Two kinds of page:

* ``explorer``: the real app, ``app.create_app({"data": SOURCE})``;
* ``plain``: a minimal Dash page with one preset ``dash_cytoscape.Cytoscape`` graph and a
  details div filled by a tap callback, given the elements and stylesheet of a snapshot
  file (JSON ``{"elements": [...], "stylesheet": [...]}``).

The probes below run inside the page; their times are ``performance.now()`` values, i.e.
milliseconds since navigation start.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from explorer.testing import CHROMIUM_ARGS, LiveServer, chromium_path

REPO = Path(__file__).resolve().parents[1]

LAUNCH_ARGS = CHROMIUM_ARGS

VIEWPORT = {"width": 1280, "height": 800}

#: Installed before any page script (format with the expected element count). Sets
#: ``__drawnAt`` when the Cytoscape instance holds at least that many elements and two
#: animation frames have run since (so a frame with all of them has been painted), and
#: ``__interactiveAt`` when, after that, a task posted to the main thread has run (the
#: long tasks of building the page are over) and a tap emitted on the graph's background
#: has reached a tap handler (on the background, so the page's own node handlers, which
#: would change what it shows, do not fire).
DRAWN_PROBE = """
(() => {
  const want = %d;
  function interactive(cy) {
    setTimeout(() => {
      cy.one('tap', () => { window.__interactiveAt = performance.now(); });
      cy.emit('tap');
    }, 0);
  }
  function poll() {
    const el = document.getElementById('graph');
    const cy = el && el._cyreg && el._cyreg.cy;
    if (cy && cy.elements().length >= want) {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__drawnAt = performance.now();
        interactive(cy);
      }));
      return;
    }
    requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);
})();
"""

#: Resolves ``__clicked`` with the ms from the next mousedown to ``label`` shown as the
#: title of ``#details`` (its ``.details-title`` if it has one, else its whole text).
CLICK_PROBE = """
([nodeId, label]) => { window.__clicked = new Promise((resolve) => {
  const details = document.getElementById('details');
  const title = () => (details.querySelector('.details-title') || details).textContent.trim();
  let t0 = null;
  const done = () => {
    if (t0 !== null && title() === label.trim()) {
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

#: Records requestAnimationFrame deltas in ``__frames`` until ``__frameLoop`` is false.
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

#: Pans the graph by a few pixels on each of ``frames`` animation frames (a circle, so
#: the view ends where it started) and resolves with the frame deltas in ms.
PAN_PROBE = """
(frames) => new Promise((resolve) => {
  const cy = document.getElementById('graph')._cyreg.cy;
  const deltas = [];
  let last = null, i = 0;
  const step = (t) => {
    if (last !== null) deltas.push(t - last);
    last = t;
    if (i >= frames) { resolve(deltas); return; }
    const a = 2 * Math.PI * i / frames;
    cy.panBy({x: 12 * Math.cos(a), y: 12 * Math.sin(a)});
    i += 1;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})
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


def serve(kind: str, source: str) -> int:
    """Serve one page until killed (see the module docstring); print its URL first."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    if kind == "plain":
        with open(source, encoding="utf-8") as fh:
            snap = json.load(fh)
        wsgi = plain_app(snap["elements"], snap["stylesheet"]).server
    elif kind == "explorer":
        import warnings

        import app as app_module

        from explorer.wsgi import settle_collector

        warnings.simplefilter("ignore")
        wsgi = app_module.create_app({"data": source}).server
        settle_collector()  # as the production server does before serving
    else:
        print(f"unknown page kind {kind!r}; expected plain or explorer", file=sys.stderr)
        return 2
    print(LiveServer(wsgi).url + "/", flush=True)
    threading.Event().wait()
    return 0


def start(kind: str, source, cap: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start `serve` in a subprocess; return (process, url) once it listens.

    ``cap``, when given, is the explorer's element cap (its ``WOW_ELEMENT_CAP``).
    """
    env = {**os.environ, "WOW_ELEMENT_CAP": str(cap)} if cap is not None else None
    proc = subprocess.Popen([sys.executable, "-m", "bench.browser", "--serve", kind, str(source)],
                            stdout=subprocess.PIPE, text=True, cwd=str(REPO), env=env)
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.terminate()
        proc.wait(timeout=10)
        raise RuntimeError(f"the {kind} page did not start")
    return proc, url


def stop(procs) -> None:
    """Terminate the page processes started by `start`."""
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def served(kind: str, source, cap: int | None = None):
    """Yield (process, url) of a page started by `start`; stop it on leaving."""
    proc, url = start(kind, source, cap)
    try:
        yield proc, url
    finally:
        stop([proc])


def find_chromium() -> str | None:
    """Return the Chromium executable to drive, or None after saying on stderr how to
    point at one (a benchmark then exits with status 2)."""
    chromium = chromium_path()
    if chromium is None:
        print("no Chromium at /usr/bin/chromium; set CHROMIUM", file=sys.stderr)
    return chromium


def data_and_chromium(data) -> str | None:
    """Return the Chromium to drive on the data folder ``data``, or None after saying on
    stderr what is missing (no nodes.csv in ``data``, or no Chromium)."""
    if not (Path(data) / "nodes.csv").is_file():
        print(f"no nodes.csv in {data}", file=sys.stderr)
        return None
    return find_chromium()


@contextmanager
def launched(chromium: str):
    """Yield a headless Chromium (Playwright, `LAUNCH_ARGS`); close it on leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_graph(browser, url, timeout=120_000):
    """Return a new page of ``url`` (`VIEWPORT`) once its graph holds a node."""
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(url, timeout=timeout)
    page.wait_for_function("""() => { const el = document.getElementById('graph');
        return el && el._cyreg && el._cyreg.cy && el._cyreg.cy.nodes().length > 0; }""",
                           timeout=timeout)
    return page


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


def open_drawn(browser, url, count, timeout=120_000, probes=(), link=None):
    """Return (context, page) of ``url`` opened with `DRAWN_PROBE` (and the scripts
    ``probes``, also installed before any page script), once it is interactive.

    ``link``, a (megabits per second, milliseconds of latency) pair, makes Chromium
    emulate a network link of that speed (the page is otherwise served on localhost).
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    if link is not None:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        rate = link[0] * 1_000_000 / 8  # bytes per second
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": link[1], "downloadThroughput": rate,
            "uploadThroughput": rate})
    page.add_init_script(DRAWN_PROBE % count)
    for probe in probes:
        page.add_init_script(probe)
    page.goto(url, timeout=timeout)
    page.wait_for_function("() => window.__interactiveAt !== undefined", timeout=timeout)
    return context, page


def load_times(browser, url, count, timeout=120_000) -> tuple[float, float]:
    """Return ms from navigation start to (drawn, interactive) for ``count`` elements."""
    context, page = open_drawn(browser, url, count, timeout)
    drawn, ready = page.evaluate("() => [window.__drawnAt, window.__interactiveAt]")
    context.close()
    return drawn, ready


def load_time(browser, url, count) -> float:
    """Return ms from navigation start to a drawn graph of ``count`` elements."""
    return load_times(browser, url, count)[0]


#: Returns page coordinates of a point where the graph's own hit test finds the node (its
#: centre, or the nearest of a few points around it when a neighbour covers the centre),
#: or null when none is.
HIT_POINT = """
(id) => {
  const el = document.getElementById('graph');
  const cy = el._cyreg.cy;
  const box = el.getBoundingClientRect();
  const node = cy.getElementById(id);
  if (node.empty()) return null;
  const rp = node.renderedPosition(), z = cy.zoom(), pan = cy.pan();
  const w = node.renderedWidth(), h = node.renderedHeight();
  const steps = [0, 0.2, -0.2, 0.35, -0.35];
  for (const f of steps) for (const g of steps) {
    const x = rp.x + f * w, y = rp.y + g * h;
    if (x < 2 || y < 2 || x > box.width - 2 || y > box.height - 2) continue;
    const hit = cy.renderer().findNearestElement((x - pan.x) / z, (y - pan.y) / z, true, false);
    const top = document.elementFromPoint(box.left + x, box.top + y);
    if (hit && hit.id() === id && top && el.contains(top)) return [box.left + x, box.top + y];
  }
  return null;
}
"""


def show_node(page, node_id, zoom=None):
    """Centre the graph on a node (at ``zoom`` if given, zooming in further when other
    nodes cover it); return page coordinates where a click hits it, or None."""
    for level in ([None] if zoom is None else [zoom, zoom * 2, zoom * 4]):
        page.evaluate("""([id, zoom]) => {
          const cy = document.getElementById('graph')._cyreg.cy;
          if (zoom !== null) cy.zoom(zoom);
          cy.center(cy.getElementById(id));
        }""", [node_id, level])
        page.wait_for_timeout(200)
        point = page.evaluate(HIT_POINT, node_id)
        if point is not None:
            return tuple(point)
    return None


def click_time(page, node_id, label, zoom=None):
    """Return ms from a real mouse click on a node to its label in the details panel
    (None when the node cannot be hit or the panel does not show it within 10 s)."""
    point = show_node(page, node_id, zoom)
    if point is None:
        return None
    page.evaluate(CLICK_PROBE, [node_id, label])
    page.mouse.click(*point)
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


def pan_frame_times(page, frames=60):
    """Return requestAnimationFrame deltas (ms) while panning programmatically."""
    return page.evaluate(PAN_PROBE, frames) or [float("nan")]


def summarise(values):
    """Return 'median (min-max)' of a list of milliseconds (None values are failures).

    Examples
    --------
    >>> summarise([1.0, 3.0, None, 2.0])
    '    2.0 ms (min 1.0, max 3.0; 1 failed)'
    """
    failed = sum(v is None for v in values)
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    note = f"; {failed} failed" if failed else ""
    return f"{statistics.median(values):7.1f} ms (min {min(values):.1f}, max {max(values):.1f}{note})"


def main(argv=None) -> int:
    """Serve one page (``--serve KIND SOURCE``) until killed."""
    parser = argparse.ArgumentParser(description="Serve one benchmark page until killed.")
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "SOURCE"), required=True)
    args = parser.parse_args(argv)
    return serve(*args.serve)


if __name__ == "__main__":
    sys.exit(main())
