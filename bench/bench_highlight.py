"""Selection highlight benchmark: a node set apart on the US default view, to the frame drawn.

Run on demand: ``python -m bench.bench_highlight [--data DIR] [--nodes N] [--runs N]
[--before-js FILE] [--before-stylesheet FILE] [--profile]``.

Serves the explorer on ``DIR`` (default data/us) in a process of its own, opens its
default view in headless Chromium (`bench.browser.VIEWPORT`), waits until the graph has
not changed for 1.5 s, then, for ``--nodes`` drawn nodes spread over the tiers, measures
each step below to the step done (applied) and to the second animation frame after it
(painted: a frame has been drawn with it):

* show: ``window.__wowHighlight.show`` on a graph with nothing set apart (what a tap or
  a search does: the node, its links and neighbours drawn in full by the selection's lens
  over the graph, the rest under its veil). Goal: painted <= 50 ms median.
* switch: the same for the next node while this one is set apart (moving the selection).
* dismiss: ``window.__wowHighlight.dismiss`` (Escape, a tap on the background).
* baselines, in the same run and interleaved with the above: a no-op (a class added to
  no element: what two frames cost on this machine at this moment), a redraw (a class
  no rule matches toggled on one node: the whole graph drawn again with one element
  restyled: the full-frame floor of any highlight drawn by the graph itself) and a
  restyle (that class toggled, in one batch, on every element a show of the node fades:
  what Cytoscape charges for restyling that many elements when no style changes, the
  least a fade done by a class change on the graph costs, as it was before the lens).

Each step also reports the main thread's CPU time to the frame painted (Chrome DevTools
Protocol ``ThreadTime``: unlike the clock, it hardly grows when other processes share the
machine, so it tells two versions apart on a busy machine) and how the frames' time
splits between Cytoscape's restyle (its before-render pass: styles of the elements whose
classes changed, rendered-style and texture-cache updates) and its draw (``render``,
canvas rasterisation excluded).

Each of ``--runs`` rounds opens a fresh page. ``--before-js FILE`` also measures, round
by round in turn with the current page, a page served FILE as its ``assets/explorer.js``
(e.g. ``git show HEAD:explorer/assets/explorer.js > /tmp/before.js``), so a change is
judged against its predecessor under the same machine load; ``--before-stylesheet FILE``
does the same for a previous stylesheet (a Python file defining ``STYLESHEET``, e.g.
``git show HEAD:explorer/stylesheet.py > /tmp/before_stylesheet.py``), in the same page:
before each node, each stylesheet in turn is set on the graph and the node's steps
measured (alone; with ``--before-js``, set on the before page's graph once it has
settled). ``--profile`` also samples
the current page's main thread (Chrome DevTools Protocol profiler) and prints the
functions with the most inclusive time, then those with the most self time.
"""

from __future__ import annotations

import argparse
import collections
import re
import runpy
import statistics
import sys
from pathlib import Path

from bench.bench_us import row, settle_count, stats
from bench.browser import VIEWPORT, data_and_chromium, launched, served
from explorer.stylesheet import STYLESHEET

REPO = Path(__file__).resolve().parents[1]

#: Tiers of the nodes set apart, in turn.
TIERS = ("need", "profession", "industry", "organization", "job")

#: Wraps the graph's renderer (once per page) so that ``window.__benchFrames`` sums the ms
#: of its before-render callbacks (restyle) and of ``render`` (draw).
TIMING_PROBE = """
() => {
  const r = document.getElementById('graph')._cyreg.cy.renderer();
  if (window.__benchFrames) return;
  const sums = window.__benchFrames = {restyle: 0, draw: 0};
  const render = r.render;
  r.render = function (options) {
    const t = performance.now();
    try { return render.call(this, options); } finally { sums.draw += performance.now() - t; }
  };
  r.beforeRenderCallbacks.forEach((cb) => {
    const fn = cb.fn;
    cb.fn = function (willDraw, now) {
      const t = performance.now();
      try { return fn.call(this, willDraw, now); } finally { sums.restyle += performance.now() - t; }
    };
  });
}
"""

#: Runs one step (``show`` a node, ``dismiss``, ``one``: a class no rule matches toggled
#: on the node, ``all``: that class toggled on every element outside the node's
#: neighbourhood, or ``noop``: a class added to no element) and resolves with the ms to the
#: step done (applied) and to the second animation frame after it (painted), the ms the
#: renderer spent meanwhile restyling and drawing, and the number of elements set apart.
STEP_PROBE = """
([mode, id]) => new Promise((resolve) => {
  // elements drawn set apart: in the selection's lens, or (a page of an earlier version,
  // --before-js) marked with a class
  const setApart = (cy) => {
    const lens = window.__wowHighlight.lens && window.__wowHighlight.lens();
    return lens ? lens.elements().length : cy.elements('.selected-node, .neighbour, .near-link').length;
  };
  const cy = document.getElementById('graph')._cyreg.cy;
  const light = window.__wowHighlight;
  const sums = window.__benchFrames || {restyle: 0, draw: 0};
  const before = {restyle: sums.restyle, draw: sums.draw};
  let rest = null;
  if (mode === 'all') {
    const node = cy.getElementById(id);
    const links = node.connectedEdges();
    rest = cy.elements().not('.ring').difference(links.connectedNodes().union(links).union(node));
  }
  const t0 = performance.now();
  if (mode === 'show') light.show(cy, id);
  else if (mode === 'dismiss') light.dismiss(cy);
  else if (mode === 'one') cy.getElementById(id).toggleClass('bench-probe');
  else if (mode === 'all') cy.batch(() => rest.toggleClass('bench-probe'));
  else cy.elements('.no-such-class').addClass('no-such-class');
  const applied = performance.now() - t0;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    resolve({applied, painted: performance.now() - t0, restyle: sums.restyle - before.restyle,
             draw: sums.draw - before.draw, apart: setApart(cy)});
  }));
})
"""

#: Ids of up to ``n`` drawn, labelled nodes spread evenly over each tier in turn.
TARGETS_PROBE = """
([tiers, n]) => {
  const cy = document.getElementById('graph')._cyreg.cy;
  const per = Math.max(1, Math.ceil(n / tiers.length));
  const out = [];
  for (const tier of tiers) {
    const nodes = cy.nodes().filter((x) => x.data('tier') === tier && !x.hasClass('ring')
        && !x.hasClass('group') && !x.id().includes(':') && x.data('label')
        && x.degree() > 0);
    const step = Math.max(1, Math.floor(nodes.length / per));
    for (let i = 0; i < nodes.length && out.filter((t) => t[1] === tier).length < per; i += step) {
      out.push([nodes[i].id(), tier]);
    }
  }
  return out.slice(0, n);
}
"""


#: The steps measured for each target, in turn: (name, probe mode, node: this target or
#: the next one). "redraw": one node's class changed (a class no rule matches), i.e. the
#: whole graph drawn again with one element restyled, the least any highlight costs;
#: "restyle": that class changed on every element the show fades, the least a fade by
#: class change costs.
STEPS = (("noop", "noop", 0), ("redraw", "one", 0), ("restyle", "all", 0), ("show", "show", 0),
         ("switch", "show", 1), ("dismiss", "dismiss", 0))


#: What `measure` records of each step: ms to applied and to painted, main-thread CPU ms
#: to painted, and the ms of the renderer's restyle and draw meanwhile.
FIGURES = ("applied", "painted", "cpu", "restyle", "draw")


def thread_ms(cdp) -> float:
    """Return the CPU ms the page's main thread has used (CDP ``Performance`` metrics)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return 1000 * next(m["value"] for m in metrics if m["name"] == "ThreadTime")


def measure(page, targets, cdp, profile=False, only=None) -> dict:
    """Return {step: {figure: [...]}} of the `FIGURES` for the `STEPS` over the targets
    (show: on a graph with nothing set apart; switch: the next target, with this one set
    apart), or over the targets at the indices ``only``, through the CDP session ``cdp``
    (``Performance`` enabled); if ``profile``, the CPU profiles of all but the no-op as
    "profiles"."""
    out = {name: {what: [] for what in FIGURES} for name, _, _ in STEPS}
    profiles = []
    for i in range(len(targets)) if only is None else only:
        for name, mode, ahead in STEPS:
            node_id = targets[(i + ahead) % len(targets)][0]
            sampled = profile and mode != "noop"
            if sampled:
                cdp.send("Profiler.start")
            cpu = thread_ms(cdp)
            got = page.evaluate(STEP_PROBE, [mode, node_id])
            got["cpu"] = thread_ms(cdp) - cpu
            if sampled:
                profiles.append(cdp.send("Profiler.stop")["profile"])
            if mode == "show" and not got["apart"]:
                raise RuntimeError(f"nothing set apart around {node_id}")
            for what in FIGURES:
                out[name][what].append(got[what])
            page.wait_for_timeout(60)
    out["profiles"] = profiles
    return out


def hot_functions(profiles, top=40, by_self=False) -> list[tuple[float, float, str]]:
    """Return (inclusive ms, self ms, function) of the busiest functions of CDP profiles,
    by inclusive time or, if ``by_self``, by self time (a function is named with its line
    and column: the minified bundle has many of one name)."""
    inclusive, own = collections.Counter(), collections.Counter()
    for prof in profiles:
        nodes = {n["id"]: n for n in prof["nodes"]}
        parent = {c: n["id"] for n in prof["nodes"] for c in n.get("children", [])}

        def name(node):
            frame = node["callFrame"]
            where = frame["url"].rsplit("/", 1)[-1][:24]
            return (f'{frame["functionName"] or "(anonymous)"} {where}:{frame["lineNumber"]}'
                    f':{frame["columnNumber"]}')

        for sample, delta in zip(prof["samples"], prof["timeDeltas"]):
            if nodes[sample]["callFrame"]["functionName"] in ("(idle)", "(program)"):
                continue
            own[name(nodes[sample])] += delta / 1000
            seen, x = set(), sample
            while x is not None:
                label = name(nodes[x])
                if label not in seen:
                    inclusive[label] += delta / 1000
                    seen.add(label)
                x = parent.get(x)
    if by_self:
        return [(inclusive[k], ms, k) for k, ms in own.most_common(top)]
    return [(ms, own[k], k) for k, ms in inclusive.most_common(top)]


#: Sets a stylesheet (a list of rules) on the graph, replacing its own.
SET_STYLESHEET = """
(rules) => { document.getElementById('graph')._cyreg.cy.style().fromJson(rules).update(); }
"""


def measure_swapping(page, targets, cdp, stylesheets, profile=False) -> dict:
    """Return {name: `measure` over the targets} for each of ``stylesheets`` ({name:
    rules}; the first profiled if ``profile``), all in one page: before each target, each stylesheet in turn (the order
    alternating) is set on the graph and the target's steps measured, so that the versions
    share the page and the moments of machine load (pages differ by 20-40% on a busy
    machine: more than most changes)."""
    out = {name: {} for name in stylesheets}
    names = list(stylesheets)
    for i in range(len(targets)):
        for name in names if i % 2 == 0 else names[::-1]:
            page.evaluate(SET_STYLESHEET, stylesheets[name])
            page.wait_for_timeout(800)  # its textures drawn again
            merge(out[name], measure(page, targets, cdp, profile and name == names[0],
                                     only=[i]))
    return out


def merge(into: dict, steps: dict) -> None:
    """Add the figures (and profiles) of one `measure` to those gathered in ``into``."""
    for step, values in steps.items():
        if step == "profiles":
            into.setdefault(step, []).extend(values)
            continue
        for what, ms in values.items():
            into.setdefault(step, {}).setdefault(what, []).extend(ms)


def measure_page(browser, url, version, nodes, profile) -> tuple[int, list, dict | None]:
    """Open a fresh page of ``url`` with ``version`` ({"script": served as its
    assets/explorer.js, "stylesheet": set on the graph once it has settled, or
    "stylesheets": {name: rules} measured in turn by `measure_swapping`}, any may be
    None), wait for its graph to settle and return (elements drawn, the targets, one round
    of `measure` over them, profiled if ``profile``, or of `measure_swapping`)."""
    page = browser.new_page(viewport=VIEWPORT)
    try:
        if version.get("script") is not None:
            page.route(re.compile(r"/assets/explorer\.js"), serving(version["script"]))
        page.goto(url)
        count = settle_count(page)
        if version.get("stylesheet") is not None:
            page.evaluate(SET_STYLESHEET, version["stylesheet"])
            page.wait_for_timeout(1500)  # its textures drawn again
        targets = page.evaluate(TARGETS_PROBE, [list(TIERS), nodes])
        page.evaluate(TIMING_PROBE)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        if profile:
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 100})
        measure(page, targets[:3], cdp)  # warm up (JIT, style caches)
        if version.get("stylesheets"):
            return count, targets, measure_swapping(page, targets, cdp, version["stylesheets"],
                                                    profile)
        return count, targets, measure(page, targets, cdp, profile)
    finally:
        page.close()


def serving(script: str):
    """Return a Playwright route handler answering with ``script`` as JavaScript."""
    def handler(route, _request):
        route.fulfill(body=script, content_type="text/javascript")
    return handler


def report(name, got) -> None:
    """Print the figures of one page: the baselines, then each step (painted: against the
    no-op baseline), then each step's medians of CPU, restyle and draw."""
    noop = got["noop"]["painted"]
    print(f"{name}:")
    for what, values in (("  no-op to 2 frames (baseline)", noop),
                         ("  redraw, one element restyled", got["redraw"]["painted"]),
                         ("  restyle, the faded ones restyled", got["restyle"]["painted"])):
        med, p95, _ = stats(values)
        print(f"{what:34} median {med:8.1f} ms  p95 {p95:8.1f} ms")
    for step in ("show", "switch", "dismiss"):
        for what in ("applied", "painted"):
            row(f"  {step}, {what}", got[step][what], "highlight_ms",
                base=noop if what == "painted" else None)
    print("  medians, ms: main-thread CPU to painted | renderer restyle | renderer draw")
    for step in ("noop", "redraw", "restyle", "show", "switch", "dismiss"):
        cpu, restyle, draw = (statistics.median(got[step][what])
                              for what in ("cpu", "restyle", "draw"))
        print(f"    {step:9} {cpu:8.1f} | {restyle:8.1f} | {draw:8.1f}")


def compare(got) -> None:
    """Print, for each step, the current page's medians over the before page's."""
    print("current / before (medians):")
    for step in ("redraw", "restyle", "show", "switch", "dismiss"):
        ratios = []
        for what in ("painted", "cpu"):
            now, then = (statistics.median(got[name][step][what])
                         for name in ("current", "before"))
            ratios.append(f"{what} {now:.1f} / {then:.1f} ms = {now / then:.2f}x")
        print(f"  {step:9} " + "; ".join(ratios))


def main(argv=None) -> int:
    """Serve the explorer, set nodes apart in the browser and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO / "data" / "us"), help="dataset folder")
    parser.add_argument("--nodes", type=int, default=20, help="nodes set apart, over the tiers")
    parser.add_argument("--runs", type=int, default=2, help="rounds over the nodes")
    parser.add_argument("--before-js", metavar="FILE",
                        help="also measure, in the same run, a page served this file as "
                             "its assets/explorer.js (e.g. the previous version)")
    parser.add_argument("--before-stylesheet", metavar="FILE",
                        help="also measure, in the same run, the graph given the "
                             "STYLESHEET this Python file defines (e.g. the previous "
                             "explorer/stylesheet.py): in the same page, target by target "
                             "in turn with the current one (with --before-js: in the "
                             "before page)")
    parser.add_argument("--profile", action="store_true",
                        help="also print where the main thread spends the time (the "
                             "sampling slows the page or stylesheet it profiles: read no "
                             "ratio from a profiled run)")
    args = parser.parse_args(argv)
    chromium = data_and_chromium(args.data)
    if chromium is None:
        return 2
    versions = {"current": {}}
    before_rules = (runpy.run_path(args.before_stylesheet)["STYLESHEET"]
                    if args.before_stylesheet else None)
    if args.before_js:
        before = versions["before"] = {"script": Path(args.before_js).read_text(encoding="utf-8")}
        if before_rules is not None:
            before["stylesheet"] = before_rules
            # both pages' graphs restyled the same way, each with its own stylesheet
            versions["current"]["stylesheet"] = STYLESHEET
    elif before_rules is not None:  # both stylesheets in each page, target by target
        versions["current"]["stylesheets"] = {"current": STYLESHEET, "before": before_rules}
    got = {"current": {}}
    if args.before_js or args.before_stylesheet:
        got["before"] = {}
    with served("explorer", args.data) as (_proc, url), launched(chromium) as browser:
        for round_ in range(args.runs):  # alternate, so both see the same machine load
            for name, version in versions.items():
                profile = args.profile and name == "current"
                count, targets, steps = measure_page(browser, url, version, args.nodes, profile)
                if round_ == 0 and name == "current":
                    print(f"data: {args.data}; default view: {count:,} elements; "
                          f"{len(targets)} nodes ({', '.join(sorted({t for _, t in targets}))})"
                          f" x {args.runs} runs")
                if version.get("stylesheets"):
                    for sheet, figures in steps.items():
                        merge(got[sheet], figures)
                else:
                    merge(got[name], steps)
    for name, figures in got.items():
        report(name, figures)
    if "before" in got:
        compare(got)
    if args.profile:
        for by_self in (False, True):
            print(f"\ninclusive ms, self ms, function (all steps but the no-op, summed; "
                  f"by {'self' if by_self else 'inclusive'} time):")
            for ms, own, fn in hot_functions(got["current"].get("profiles", []),
                                             by_self=by_self):
                print(f"{ms:9.1f} {own:8.1f}  {fn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
