"""US-scale benchmark: the explorer on data/us against a plain page drawing every element.

Run on demand: ``python -m bench.bench_us [--data DIR] [--runs N] [--titles N]``.

Everything is measured in one run, on one machine, in headless Chromium:

* BASELINE: a minimal Dash page with a plain ``dash_cytoscape.Cytoscape`` given every
  node and link of the dataset (with the explorer's stylesheet and its web-layout
  positions, computed once), with no element cap and no aggregation;
* OURS: the explorer (``app.create_app({"data": DIR})``) served on 127.0.0.1, each page
  in its own process.

Figures (each browser figure repeated ``--runs`` times; median and p95 printed):

* load: navigation start to a *drawn, interactive* graph: the Cytoscape instance holds
  the expected number of elements (all of them for the baseline; the explorer's default
  view, counted once beforehand), two animation frames have run since (one was painted
  with them), then a task posted to the main thread has run and a tap emitted on a node
  reached a tap handler. Goal: <= 1.5 s, and >= 3x faster than the baseline. Each page's
  first view is also cut into its steps (`FIRST_VIEW_STEPS`): the HTML, the scripts
  fetched, then run (Dash's renderer starts), the page data (the component tree, with the
  default view's elements), Dash drawing the page and dash-cytoscape building the graph
  (adding, styling and fitting the elements), Cytoscape's first frame, and the page's
  tasks on load to the tap answered.
* click to details: a real mouse click on a node (needs, professions, industries,
  organizations and jobs in turn) to its label as the details panel's title. Goal:
  <= 100 ms.
* highlight: a node set apart as a tap does it (its neighbourhood drawn in full by the
  selection's lens, the rest under its veil: ``window.__wowHighlight.show``), to the lens
  filled and to the next frame drawn after that. Goal: <= 50 ms.
* filter change: a click on a need's checkbox to the status line changed and the graph
  redrawn (Cytoscape's elements or layout changed and two frames ran). Unticking a need
  (a view not computed before: cold) and ticking it back (cached: warm) alternate, a
  different need each run. Goal: <= 300 ms. Each is also cut into its steps (`PHASES`):
  click to request sent, the server's answer, Dash handing the elements to Cytoscape,
  Cytoscape's patch and fit, its draw, and the status line with two frames.
* pan and zoom frames: requestAnimationFrame deltas while panning programmatically
  (``cy.panBy`` each frame) and while zooming with the mouse wheel. Goal: p95 at 30
  frames per second or better (two 60 Hz refresh intervals, 33.3 ms, plus 1 ms of
  timer jitter).
* search (server side, in this process): the function the search callback calls
  (`explorer.search.options_for`), for every prefix a user types of real titles taken
  evenly across the whole label and alias set. Goal: p95 < 30 ms.
* server memory: peak resident set (VmHWM) of the explorer's process with the data
  loaded and the measurements served. Goal: < 500 MB.

``--link 20,40`` measures the load figures over an emulated network link (20 Mbit/s,
40 ms latency): on localhost the bytes cost nothing, for a visitor they do.

``--caps 1000,1500,2000`` measures instead, for each element cap, the explorer's default
view: elements drawn, load to drawn, pan and wheel-zoom frame times and filter changes
(run it on ``data/`` and on ``data/us``: the cap is the largest at which both keep their
goals).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import (VIEWPORT, click_time, data_and_chromium, frame_times, launched,
                           open_drawn, pan_frame_times, served, start, stop)
from explorer.testing import memory_mb, percentile, spread

REPO = Path(__file__).resolve().parents[1]

#: The goals. Frames: 30 per second, i.e. no frame longer than two 60 Hz refresh
#: intervals (animation-frame deltas come in multiples of 16.7 ms, give or take a
#: millisecond of timer jitter, hence 1000/30 + 1 ms).
GOALS = {"load_ms": 1500.0, "speedup": 3.0, "click_ms": 100.0, "filter_ms": 300.0,
         "highlight_ms": 50.0,
         "frame_ms": 1000 / 30 + 1.0, "search_ms": 30.0, "rss_mb": 500.0}

#: Tiers of the click targets, in turn.
TARGET_TIERS = ("need", "profession", "industry", "organization", "job")

#: Resolves ``__filtered`` with the ms from the next mousedown to the status line changed
#: and the graph redrawn (elements added or removed, or a layout run), plus two frames;
#: and, from the same mousedown, when the controller's request was sent (``asked``) and
#: answered, when Cytoscape's elements first changed (``patched``: Dash has handed the
#: answer to dash-cytoscape, which patches the elements), when the preset layout stopped
#: (``fitted``: the fit measured every element, restyling the changed ones) and the next
#: animation frame after that (``drawn``: Cytoscape draws in its own frame callback, which
#: runs first).
FILTER_PROBE = """
() => { window.__filtered = new Promise((resolve) => {
  const status = document.getElementById('status');
  const cy = document.getElementById('graph')._cyreg.cy;
  const before = status.textContent;
  let t0 = null, statusAt = null, graphAt = null, finishing = false;
  let patchedAt = null, fittedAt = null, drawnAt = null;
  const finish = () => {
    if (finishing || t0 === null || statusAt === null || graphAt === null) return;
    finishing = true;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      observer.disconnect();
      cy.off('add remove layoutstop', onGraph);
      // The controller's answer: the first callback request sent after the click.
      const asked = performance.getEntriesByType('resource').filter(
        (r) => r.name.includes('_dash-update-component') && r.startTime >= t0);
      const answered = asked.length ? asked[0].responseEnd - t0 : null;
      const since = (t) => (t === null ? null : t - t0);
      resolve({total: performance.now() - t0, status: statusAt - t0, graph: graphAt - t0,
               answered, asked: asked.length ? asked[0].startTime - t0 : null,
               patched: since(patchedAt), fitted: since(fittedAt), drawn: since(drawnAt)});
    }));
  };
  const onGraph = (evt) => {
    if (t0 === null) return;
    graphAt = performance.now();
    if (patchedAt === null && evt.type !== 'layoutstop') patchedAt = graphAt;
    if (evt.type === 'layoutstop' && fittedAt === null) {
      fittedAt = graphAt;
      requestAnimationFrame(() => { drawnAt = performance.now(); });
    }
    finish();
  };
  const observer = new MutationObserver(() => {
    if (t0 !== null && statusAt === null && status.textContent !== before) {
      statusAt = performance.now();
      finish();
    }
  });
  observer.observe(status, {childList: true, subtree: true, characterData: true});
  cy.on('add remove layoutstop', onGraph);
  window.addEventListener('mousedown', () => { t0 = performance.now(); }, {once: true, capture: true});
  setTimeout(() => { observer.disconnect(); resolve(null); }, 20000);
}); }
"""


#: Installed before any page script: sets ``__builtAt`` when the Cytoscape instance first
#: exists with elements (Dash has drawn the page and dash-cytoscape built the graph: its
#: elements added, styled and fitted; polled each animation frame).
BUILT_PROBE = """
(() => {
  const poll = () => {
    const el = document.getElementById('graph');
    const cy = el && el._cyreg && el._cyreg.cy;
    if (cy && cy.elements().length) { window.__builtAt = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""

#: The milestones of a first view, ms from navigation start, read once it is interactive.
FIRST_VIEW_MILESTONES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const last = (rs) => rs.length ? Math.max(...rs.map((r) => r.responseEnd)) : null;
  return {page: nav.responseEnd,
          scripts: last(res.filter((r) => r.initiatorType === 'script')),
          started: nav.domContentLoadedEventEnd,
          layout: last(res.filter((r) => r.name.includes('_dash-layout'))),
          built: window.__builtAt, drawn: window.__drawnAt, ready: window.__interactiveAt};
}"""

#: The steps of a first view, as (name, milestone it ends at, what happens in it); each
#: starts where the one before ended.
FIRST_VIEW_STEPS = (
    ("page", "page", "navigation to the HTML received"),
    ("scripts fetched", "scripts", "every script received (they download side by side)"),
    ("scripts run", "started", "scripts parsed and run; Dash's renderer starts"),
    ("page data", "layout", "component tree received (0 when it came earlier: preloaded)"),
    ("page drawn, graph built", "built", "Dash's React tree; dash-cytoscape adds, styles "
                                         "and fits the elements"),
    ("graph drawn", "drawn", "Cytoscape's first frame (and one more)"),
    ("interactive", "ready", "the page's tasks on load over; a tap answered"),
)


def first_view_steps(results) -> list[tuple[str, float, str]]:
    """Return (step, median ms, what) of first-view milestones (`FIRST_VIEW_STEPS`).

    A milestone reached before the one before it (the page data, preloaded, arrives
    while the scripts run) makes a step of 0 ms; the later ones start from the latest.

    Examples
    --------
    >>> r = {"page": 20, "scripts": 500, "started": 600, "layout": 300, "built": 1400,
    ...      "drawn": 1700, "ready": 1750}
    >>> [round(ms) for _, ms, _ in first_view_steps([r])]
    [20, 480, 100, 0, 800, 300, 50]
    """
    steps = {name: [] for name, _, _ in FIRST_VIEW_STEPS}
    for r in results:
        reached = 0.0
        for name, key, _ in FIRST_VIEW_STEPS:
            if r.get(key) is None:
                continue
            steps[name].append(max(0.0, r[key] - reached))
            reached = max(reached, r[key])
    return [(name, statistics.median(steps[name]) if steps[name] else float("nan"), what)
            for name, _, what in FIRST_VIEW_STEPS]


def print_first_view_steps(milestones) -> None:
    """Print the median of each first-view step, for each page measured."""
    for name, results in milestones.items():
        print(f"    steps of the first view, {name} (medians, ms):")
        for step, ms, what in first_view_steps(results):
            print(f"      {step:26} {ms:8.1f}  ({what})")


#: Sets a node apart as a tap does; resolves with the ms to the lens filled and to the
#: second animation frame after (one has been drawn with it).
HIGHLIGHT_PROBE = """
(id) => new Promise((resolve) => {
  const cy = document.getElementById('graph')._cyreg.cy;
  const t0 = performance.now();
  window.__wowHighlight.show(cy, id);
  const applied = performance.now() - t0;
  const apart = window.__wowHighlight.lens().elements().length;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const painted = performance.now() - t0;
    window.__wowHighlight.dismiss(cy);
    resolve({applied, painted, apart});
  }));
})
"""


def highlights(page, targets, runs) -> tuple[list, list]:
    """Return (ms to the classes set, ms to a frame drawn) setting each target apart."""
    applied, painted = [], []
    for i in range(runs * len(targets)):
        out = page.evaluate(HIGHLIGHT_PROBE, targets[i % len(targets)][0])
        if not out["apart"]:
            raise RuntimeError(f"nothing set apart around {targets[i % len(targets)][0]}")
        applied.append(out["applied"])
        painted.append(out["painted"])
        page.wait_for_timeout(100)
    return applied, painted


def baseline_elements(G) -> list[dict]:
    """Return every node and link of G as Cytoscape elements, placed by the web layout.

    The explorer's own element builder is used with no cap, so the baseline draws the
    same shapes, colours and labels, only all of them.
    """
    from explorer.state import DEFAULT
    from explorer.view import elements, visible_graph

    view = visible_graph(G, DEFAULT, cap=10 ** 9)
    els = elements(view, "web")
    nodes = sum("position" in e and not e["data"]["id"].startswith(("ring:", "ring-title:"))
                for e in els)
    if nodes != G.number_of_nodes():
        raise RuntimeError(f"the baseline has {nodes} nodes, the data {G.number_of_nodes()}")
    return els


def typed_prefixes(G, titles: int) -> tuple[list[str], int]:
    """Return (every prefix a user types of ``titles`` real names taken evenly across the
    sorted label and alias set, the size of that set); deterministic."""
    from graph.schema import ALIAS_SEPARATOR

    names = set()
    for _, attrs in G.nodes(data=True):
        names.add(str(attrs.get("label") or "").strip())
        names.update(a.strip() for a in str(attrs.get("aliases") or "").split(ALIAS_SEPARATOR))
    names = sorted(n for n in names if n)
    step = max(1, len(names) // max(1, titles))
    chosen = names[::step][:titles]
    return [name[:i] for name in chosen for i in range(1, len(name) + 1)], len(names)


def search_times(ctx, prefixes) -> tuple[list[float], list[float]]:
    """Return (wall ms, CPU ms of this thread) per call of the search callback's function
    for each prefix; the index is prepared first, as the app does at start-up."""
    from explorer.search import options_for

    prepare = getattr(ctx.index, "prepare", None)
    if callable(prepare):
        prepare()
    wall, cpu = [], []
    for text in prefixes:
        t, c = time.perf_counter(), time.thread_time()
        options_for(ctx, text)
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    return wall, cpu


def settle_count(page, quiet_ms=1500, timeout_ms=120_000) -> int:
    """Return the graph's element count once it has not changed for ``quiet_ms``."""
    page.wait_for_function("""() => { const el = document.getElementById('graph');
        return el && el._cyreg && el._cyreg.cy && el._cyreg.cy.nodes().length > 0; }""",
                           timeout=timeout_ms)
    last, since = None, time.monotonic()
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        count = page.evaluate("() => document.getElementById('graph')._cyreg.cy.elements().length")
        if count != last:
            last, since = count, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return count
        page.wait_for_timeout(100)
    return last


def click_targets(page) -> list[tuple[str, str]]:
    """Return (id, label) of one drawn node of each tier in `TARGET_TIERS` (real nodes only)."""
    return [tuple(t) for t in page.evaluate("""(tiers) => {
      const cy = document.getElementById('graph')._cyreg.cy;
      const out = [];
      for (const tier of tiers) {
        const n = cy.nodes().filter((n) => n.data('tier') === tier && !n.hasClass('ring')
            && !n.id().includes(':') && n.data('label'))[0];
        if (n) out.push([n.id(), String(n.data('label'))]);
      }
      return out;
    }""", list(TARGET_TIERS))]


def layout_kb(page) -> float:
    """Return the kilobytes (on the wire) of the page's layout request."""
    size = page.evaluate("() => performance.getEntriesByType('resource')"
                         ".filter(r => r.name.includes('_dash-layout'))"
                         ".reduce((a, r) => a + (r.transferSize || r.encodedBodySize || 0), 0)")
    return size / 1024


def clicks(page, targets, runs, name: str = "") -> list:
    """Return click-to-details ms for ``runs`` rounds over ``targets`` (None: no answer)."""
    out = []
    for i in range(runs * len(targets)):
        node_id, label = targets[i % len(targets)]
        out.append(click_time(page, node_id, label, zoom=1.0))
        if out[-1] is None:  # say which, and what the details showed instead
            shown = page.evaluate("() => (document.querySelector('#details .details-title')"
                                  " || {}).textContent || null")
            print(f"    {name} click {i + 1}: {node_id} got no answer in 10 s "
                  f"(details show {shown!r})")
        page.wait_for_timeout(250)
    return out


def filter_changes(page, runs, split=None) -> tuple[list, list]:
    """Return (cold, warm) filter-change results: untick need i, then tick it back.

    ``split``, a list, receives for each change the probe's result (`FILTER_PROBE`: ms
    from the click to the request sent, the answer received, the elements patched, the
    layout fitted, the graph drawn, the status line changed, and the total): the server's
    and the browser's shares, which tell apart where the time went when the machine is
    busy.
    """
    from graph.schema import NEED_IDS

    cold, warm = [], []
    for i in range(runs):
        box = page.locator(f"#need-picker input[value='{NEED_IDS[i % len(NEED_IDS)]}']")
        for bucket in (cold, warm):
            page.evaluate(FILTER_PROBE)
            box.click()
            result = page.evaluate("() => window.__filtered")
            bucket.append(result["total"] if result else None)
            if split is not None and result and result.get("answered") is not None:
                split.append(dict(result, kind="new" if bucket is cold else "cached"))
            page.wait_for_timeout(300)
    return cold, warm


#: The steps of a filter change, as (name, probe key it ends at, what happens in it).
PHASES = (("click to request sent", "asked", "the checkbox's event, Dash gathers the inputs"),
          ("request to answer", "answered", "server, transfer"),
          ("answer to elements patched", "patched", "JSON parse, Dash's store, React"),
          ("patched to fitted", "fitted", "patch, restyle, fit's bounding boxes"),
          ("fitted to drawn", "drawn", "Cytoscape's draw of the frame"),
          ("drawn to the end", "total", "status line, two frames"))


def phase_medians(results) -> list[tuple[str, float, str]]:
    """Return (phase, median ms, what) for filter-change probe results (`PHASES`).

    Examples
    --------
    >>> r = {"asked": 10, "answered": 50, "patched": 80, "fitted": 150, "drawn": 200,
    ...      "total": 260}
    >>> [round(ms) for _, ms, _ in phase_medians([r])]
    [10, 40, 30, 70, 50, 60]
    """
    out, start = [], None
    for name, key, what in PHASES:
        steps = [r[key] - (r[start] if start else 0.0) for r in results
                 if r.get(key) is not None and (start is None or r.get(start) is not None)]
        out.append((name, statistics.median(steps) if steps else float("nan"), what))
        start = key
    return out


def print_phases(results) -> None:
    """Print the median of each filter-change phase, new views and cached views apart."""
    for kind in ("new", "cached"):
        mine = [r for r in results if r.get("kind") == kind]
        if not mine:
            continue
        print(f"    phases of a {kind} view (medians, ms):")
        for name, ms, what in phase_medians(mine):
            print(f"      {name:28} {ms:8.1f}  ({what})")


def link_speed(text: str) -> tuple[float, float]:
    """Return (megabits per second, milliseconds of latency) from ``MBPS,MS``.

    Examples
    --------
    >>> link_speed("20,40")
    (20.0, 40.0)
    """
    try:
        speed, latency = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected MBPS,MS (e.g. 20,40), not {text!r}") from None
    if speed <= 0 or latency < 0:
        raise argparse.ArgumentTypeError(f"expected a positive speed and latency, not {text!r}")
    return speed, latency


def stats(values) -> tuple[float, float, int]:
    """Return (median, p95, failures) of measurements (None counts as a failure)."""
    ok = [v for v in values if v is not None]
    if not ok:
        return float("nan"), float("nan"), len(values)
    return statistics.median(ok), percentile(ok, 95), len(values) - len(ok)


def verdict(value: float, goal: float, higher_is_better: bool = False) -> str:
    """Return "met" or "MISSED" for a value against its goal.

    Examples
    --------
    >>> verdict(120.0, 150.0), verdict(2.0, 3.0, higher_is_better=True)
    ('met', 'MISSED')
    """
    if value != value:  # NaN: nothing measured
        return "MISSED"
    ok = value >= goal if higher_is_better else value <= goal
    return "met" if ok else "MISSED"


def row(what: str, values, goal: str, unit: str = "ms", base=None, judge: str = "median"):
    """Print one figure: median, p95, the goal, met/missed (judged on ``judge``), vs baseline."""
    med, high, failed = stats(values)
    value = med if judge == "median" else high
    text = (f"{what:34} median {med:8.1f} {unit}  p95 {high:8.1f} {unit}  "
            f"goal ({judge}) <= {GOALS[goal]:.4g} {unit}: {verdict(value, GOALS[goal])}")
    if base is not None:
        bmed = stats(base)[0]
        text += f"  | baseline median {bmed:.1f} {unit}, ours/baseline {med / bmed:.2f}x"
    if failed:
        text += f"  ({failed} of {len(values)} got no answer)"
    print(text)


def main(argv=None) -> int:
    """Serve both pages, measure them and the server, and print figures against goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO / "data" / "us"), help="dataset folder")
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each browser figure")
    parser.add_argument("--titles", type=int, default=300,
                        help="real names whose typed prefixes are searched")
    parser.add_argument("--link", type=link_speed, default=None, metavar="MBPS,MS",
                        help="load figures over an emulated network link of this speed "
                             "and latency (e.g. 20,40); localhost otherwise")
    parser.add_argument("--caps", default="",
                        help="comma-separated element caps to compare (instead of the rest)")
    args = parser.parse_args(argv)
    chromium = data_and_chromium(args.data)
    if chromium is None:
        return 2

    from explorer.context import Context
    from explorer.settings import resolve
    from explorer.stylesheet import STYLESHEET
    from graph.build import load_graph

    if args.caps:
        return cap_sweep(args.data, [int(c) for c in args.caps.split(",")], args.runs, chromium)
    t = time.perf_counter()
    G = load_graph(args.data)
    print(f"data: {args.data}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} links "
          f"(loaded in {time.perf_counter() - t:.1f} s)")
    ctx = Context.build(G, resolve({"data": args.data}))
    prefixes, names = typed_prefixes(G, args.titles)
    searched, searched_cpu = search_times(ctx, prefixes)

    procs = []
    tmp = tempfile.TemporaryDirectory()
    try:
        t = time.perf_counter()
        base_els = baseline_elements(G)
        snapshot = Path(tmp.name) / "baseline.json"
        snapshot.write_text(json.dumps({"elements": base_els, "stylesheet": STYLESHEET}))
        print(f"baseline: {len(base_els):,} elements, positions computed once in "
              f"{time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        ours_proc, ours_url = start("explorer", args.data)
        procs.append(ours_proc)
        started_mb = memory_mb(ours_proc.pid)
        print(f"explorer server up in {time.perf_counter() - t:.1f} s, "
              f"resident {started_mb['VmRSS']:.0f} MB")
        base_proc, base_url = start("plain", snapshot)
        procs.append(base_proc)
        with launched(chromium) as browser:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(ours_url)
            ours_count = settle_count(page)
            targets = click_targets(page)
            page.close()
            print(f"explorer default view: {ours_count:,} elements; click targets: "
                  f"{', '.join(i for i, _ in targets)}; runs: {args.runs}")
            loads = {"baseline": ([], []), "ours": ([], [])}
            milestones = {"baseline": [], "ours": []}
            pages = {"baseline": (base_url, len(base_els)), "ours": (ours_url, ours_count)}
            for _ in range(args.runs):  # alternate, so both see the same machine load
                for name, (url, count) in pages.items():
                    context, page = open_drawn(browser, url, count, probes=[BUILT_PROBE],
                                               link=args.link)
                    drawn, ready = page.evaluate(
                        "() => [window.__drawnAt, window.__interactiveAt]")
                    loads[name][0].append(drawn)
                    loads[name][1].append(ready)
                    milestones[name].append(page.evaluate(FIRST_VIEW_MILESTONES))
                    context.close()
            measured, sizes, split = {}, {}, []
            for name, (url, count) in pages.items():
                context, page = open_drawn(browser, url, count)
                sizes[name] = layout_kb(page)
                clicked = clicks(page, targets, args.runs, name)
                filtered = (filter_changes(page, args.runs, split) if name == "ours"
                            else None)
                lit = highlights(page, targets, args.runs) if name == "ours" else None
                pan = [pan_frame_times(page) for _ in range(args.runs)]
                zoom = [frame_times(page) for _ in range(args.runs)]
                measured[name] = (clicked, filtered, sum(pan, []), sum(zoom, []), lit)
                context.close()
        memory = memory_mb(ours_proc.pid)
    finally:
        stop(procs)
        tmp.cleanup()

    (b_drawn, b_ready), (o_drawn, o_ready) = loads["baseline"], loads["ours"]
    b_click, _, b_pan, b_zoom, _ = measured["baseline"]
    o_click, (cold, warm), o_pan, o_zoom, (lit_set, lit_drawn) = measured["ours"]
    if args.link:
        print(f"\nload figures over an emulated {args.link[0]:g} Mbit/s link, "
              f"{args.link[1]:g} ms latency")
    print(f"\npage data (_dash-layout): baseline {sizes['baseline']:,.0f} KB, "
          f"ours {sizes['ours']:,.0f} KB")
    print(f"{'baseline: load to drawn':34} median {stats(b_drawn)[0]:8.1f} ms  "
          f"p95 {stats(b_drawn)[1]:8.1f} ms")
    print(f"{'baseline: load to interactive':34} median {stats(b_ready)[0]:8.1f} ms  "
          f"p95 {stats(b_ready)[1]:8.1f} ms")
    print(f"{'ours: load to drawn':34} median {stats(o_drawn)[0]:8.1f} ms  "
          f"p95 {stats(o_drawn)[1]:8.1f} ms")
    row("ours: load to interactive", o_ready, "load_ms", base=b_ready)
    print_first_view_steps(milestones)
    speedup = stats(b_ready)[0] / stats(o_ready)[0]
    print(f"{'ours: load speed-up vs baseline':34} {speedup:.2f}x  goal >= "
          f"{GOALS['speedup']:g}x: {verdict(speedup, GOALS['speedup'], higher_is_better=True)}")
    row("ours: click to details", o_click, "click_ms", base=b_click)
    for tier_index, (node_id, _) in enumerate(targets):
        mine = o_click[tier_index::len(targets)]
        print(f"    {node_id:30} median {stats(mine)[0]:8.1f} ms  p95 {stats(mine)[1]:8.1f} ms")
    row("ours: highlight, classes set", lit_set, "highlight_ms")
    row("ours: highlight, frame drawn", lit_drawn, "highlight_ms")
    row("ours: filter change", cold + warm, "filter_ms")
    row("    untick a need (cold view)", cold, "filter_ms")
    row("    tick it back (cached view)", warm, "filter_ms")
    if split:
        print(f"{'    of which: click to answer':34} median "
              f"{statistics.median(r['answered'] for r in split):8.1f} ms "
              "(request, server, transfer)")
        print(f"{'    of which: answer to redrawn':34} median "
              f"{statistics.median(r['total'] - r['answered'] for r in split):8.1f} ms "
              "(Dash, Cytoscape, two frames)")
        print_phases(split)
    row("ours: pan frame time", o_pan, "frame_ms", base=b_pan, judge="p95")
    row("ours: wheel-zoom frame time", o_zoom, "frame_ms", base=b_zoom, judge="p95")
    row(f"search: {len(prefixes):,} typed prefixes", searched, "search_ms", judge="p95")
    print(f"    of {args.titles} names across {names:,} labels and aliases; wall max "
          f"{max(searched):.1f} ms; CPU time {spread(searched_cpu)}")
    print(f"{'server memory, data loaded':34} resident {memory['VmRSS']:.0f} MB, peak "
          f"{memory['VmHWM']:.0f} MB (after start-up {started_mb['VmRSS']:.0f} MB)  goal "
          f"peak < {GOALS['rss_mb']:g} MB: {verdict(memory['VmHWM'], GOALS['rss_mb'])}")
    return 0


def cap_sweep(data, caps, runs, chromium) -> int:
    """Print, for each element cap, the default view's size, load, frames and filter changes."""
    print(f"data: {data}; runs: {runs}")
    print(f"{'cap':>6} {'drawn':>6} {'load to drawn (median)':>23} {'pan p95':>9} "
          f"{'zoom p95':>9} {'filter (median)':>16}")
    for cap in caps:
        with served("explorer", data, cap=cap) as (_proc, url):
            with launched(chromium) as browser:
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(url)
                count = settle_count(page)
                page.close()
                drawn = []
                for _ in range(runs):
                    context, page = open_drawn(browser, url, count)
                    drawn.append(page.evaluate("() => window.__drawnAt"))
                    context.close()
                context, page = open_drawn(browser, url, count)
                pan = sum((pan_frame_times(page) for _ in range(runs)), [])
                zoom = sum((frame_times(page) for _ in range(runs)), [])
                cold, warm = filter_changes(page, runs)
                context.close()
        print(f"{cap:>6} {count:>6} {stats(drawn)[0]:>20.1f} ms {stats(pan)[1]:>6.1f} ms "
              f"{stats(zoom)[1]:>6.1f} ms {stats(cold + warm)[0]:>13.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
