"""Selection highlight benchmark: a node set apart on the US default view, to the frame drawn.

Run on demand: ``python -m bench.bench_highlight [--data DIR] [--nodes N] [--runs N]
[--before-js FILE] [--profile]``.

Serves the explorer on ``DIR`` (default data/us) in a process of its own, opens its
default view in headless Chromium (`bench.browser.VIEWPORT`), waits until the graph has
not changed for 1.5 s, then, for ``--nodes`` drawn nodes spread over the tiers, measures
each step below to the step done (applied) and to the second animation frame after it
(painted: a frame has been drawn with it):

* show: ``window.__wowHighlight.show`` on a graph with nothing set apart (what a tap or
  a search does: the node, its links and neighbours in full, the rest faded). Goal:
  painted <= 50 ms median.
* switch: the same for the next node while this one is set apart (moving the selection).
* dismiss: ``window.__wowHighlight.dismiss`` (Escape, a tap on the background).
* baselines, in the same run and interleaved with the above: a no-op (a class added to
  no element: what two frames cost on this machine at this moment) and a redraw (a class
  no rule matches toggled on one node: the whole graph drawn again with one element
  restyled, the least any highlight can cost).

Each of ``--runs`` rounds opens a fresh page. ``--before-js FILE`` also measures, round
by round in turn with the current page, a page served FILE as its ``assets/explorer.js``
(e.g. ``git show HEAD:explorer/assets/explorer.js > /tmp/before.js``), so a change is
judged against its predecessor under the same machine load. ``--profile`` also samples
the current page's main thread (Chrome DevTools Protocol profiler) and prints the
functions with the most inclusive time.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

from bench.bench_us import row, settle_count, stats
from bench.browser import VIEWPORT, data_and_chromium, launched, served

REPO = Path(__file__).resolve().parents[1]

#: Tiers of the nodes set apart, in turn.
TIERS = ("need", "profession", "industry", "organization", "job")

#: Runs one step (``show`` a node, ``dismiss``, ``one``: a class no rule matches toggled
#: on the node, or ``noop``: a class added to no element) and resolves with the ms to the
#: step done (applied) and to the second animation frame after it (painted), and the
#: number of faded elements.
STEP_PROBE = """
([mode, id]) => new Promise((resolve) => {
  const cy = document.getElementById('graph')._cyreg.cy;
  const light = window.__wowHighlight;
  const t0 = performance.now();
  if (mode === 'show') light.show(cy, id);
  else if (mode === 'dismiss') light.dismiss(cy);
  else if (mode === 'one') cy.getElementById(id).toggleClass('bench-probe');
  else cy.elements('.no-such-class').addClass('no-such-class');
  const applied = performance.now() - t0;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    resolve({applied, painted: performance.now() - t0, faded: cy.elements('.faded').length});
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
#: whole graph drawn again with one element restyled, the least any highlight costs.
STEPS = (("noop", "noop", 0), ("redraw", "one", 0), ("show", "show", 0), ("switch", "show", 1),
         ("dismiss", "dismiss", 0))


def measure(page, targets, cdp=None) -> dict:
    """Return {step: {"applied": [...], "painted": [...]}} for the `STEPS` over the
    targets (show: on a graph with nothing set apart; switch: the next target, with this
    one set apart); with a CDP session, the profiles of all but the no-op as
    "profiles"."""
    out = {name: {"applied": [], "painted": []} for name, _, _ in STEPS}
    profiles = []
    for i in range(len(targets)):
        for name, mode, ahead in STEPS:
            node_id = targets[(i + ahead) % len(targets)][0]
            if cdp is not None and mode != "noop":
                cdp.send("Profiler.start")
            got = page.evaluate(STEP_PROBE, [mode, node_id])
            if cdp is not None and mode != "noop":
                profiles.append(cdp.send("Profiler.stop")["profile"])
            if mode == "show" and not got["faded"]:
                raise RuntimeError(f"nothing faded around {node_id}")
            out[name]["applied"].append(got["applied"])
            out[name]["painted"].append(got["painted"])
            page.wait_for_timeout(60)
    out["profiles"] = profiles
    return out


def hot_functions(profiles, top=40) -> list[tuple[float, float, str]]:
    """Return (inclusive ms, self ms, function) of the busiest functions of CDP profiles."""
    inclusive, own = collections.Counter(), collections.Counter()
    for prof in profiles:
        nodes = {n["id"]: n for n in prof["nodes"]}
        parent = {c: n["id"] for n in prof["nodes"] for c in n.get("children", [])}

        def name(node):
            frame = node["callFrame"]
            where = frame["url"].rsplit("/", 1)[-1][:24]
            return f'{frame["functionName"] or "(anonymous)"} {where}:{frame["lineNumber"]}'

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
    return [(ms, own[k], k) for k, ms in inclusive.most_common(top)]


def measure_page(browser, url, script, nodes, profile) -> tuple[int, list, dict]:
    """Open a fresh page of ``url`` (served ``script`` as its assets/explorer.js unless
    None), wait for its graph to settle and return (elements drawn, the targets, one round
    of `measure` over them, profiled if ``profile``)."""
    page = browser.new_page(viewport=VIEWPORT)
    try:
        if script is not None:
            page.route(re.compile(r"/assets/explorer\.js"), serving(script))
        page.goto(url)
        count = settle_count(page)
        targets = page.evaluate(TARGETS_PROBE, [list(TIERS), nodes])
        cdp = None
        if profile:
            cdp = page.context.new_cdp_session(page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 100})
        measure(page, targets[:3])  # warm up (JIT, style caches)
        return count, targets, measure(page, targets, cdp)
    finally:
        page.close()


def serving(script: str):
    """Return a Playwright route handler answering with ``script`` as JavaScript."""
    def handler(route, _request):
        route.fulfill(body=script, content_type="text/javascript")
    return handler


def report(name, got) -> None:
    """Print the figures of one page: the baselines, then each step (painted: against the
    no-op baseline)."""
    noop = got["noop"]["painted"]
    print(f"{name}:")
    for what, values in (("  no-op to 2 frames (baseline)", noop),
                         ("  redraw, one element restyled", got["redraw"]["painted"])):
        med, p95, _ = stats(values)
        print(f"{what:34} median {med:8.1f} ms  p95 {p95:8.1f} ms")
    for step in ("show", "switch", "dismiss"):
        for what in ("applied", "painted"):
            row(f"  {step}, {what}", got[step][what], "highlight_ms",
                base=noop if what == "painted" else None)


def main(argv=None) -> int:
    """Serve the explorer, set nodes apart in the browser and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO / "data" / "us"), help="dataset folder")
    parser.add_argument("--nodes", type=int, default=20, help="nodes set apart, over the tiers")
    parser.add_argument("--runs", type=int, default=2, help="rounds over the nodes")
    parser.add_argument("--before-js", metavar="FILE",
                        help="also measure, in the same run, a page served this file as "
                             "its assets/explorer.js (e.g. the previous version)")
    parser.add_argument("--profile", action="store_true",
                        help="also print where the main thread spends the time")
    args = parser.parse_args(argv)
    chromium = data_and_chromium(args.data)
    if chromium is None:
        return 2
    scripts = {"current": None}
    if args.before_js:
        scripts["before"] = Path(args.before_js).read_text(encoding="utf-8")
    got = {name: {} for name in scripts}
    with served("explorer", args.data) as (_proc, url), launched(chromium) as browser:
        for round_ in range(args.runs):  # alternate, so both see the same machine load
            for name, script in scripts.items():
                profile = args.profile and name == "current"
                count, targets, steps = measure_page(browser, url, script, args.nodes, profile)
                if round_ == 0 and name == "current":
                    print(f"data: {args.data}; default view: {count:,} elements; "
                          f"{len(targets)} nodes ({', '.join(sorted({t for _, t in targets}))})"
                          f" x {args.runs} runs")
                for step, values in steps.items():
                    if step == "profiles":
                        got[name].setdefault(step, []).extend(values)
                        continue
                    for what, ms in values.items():
                        got[name].setdefault(step, {}).setdefault(what, []).extend(ms)
    for name in scripts:
        report(name, got[name])
    if args.profile:
        print("\ninclusive ms, self ms, function (all steps but the no-op, summed):")
        for ms, own, fn in hot_functions(got["current"]["profiles"]):
            print(f"{ms:9.1f} {own:8.1f}  {fn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
