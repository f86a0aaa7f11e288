"""Colour-by benchmark: how long "Colour by" takes to repaint the graph, in headless Chromium.

Run on demand: ``python -m bench.bench_colour [--data DIR] [--runs N]`` (data/us by default).

The explorer is served on the dataset and its default view opened. Each run clicks
"Projected growth", then "Median wage", then "Tier" in the "Colour by" group and measures,
in the page, from the click to two animation frames after a profession node shows the
mode's colour (so a frame with the new colours has been painted). "Tier" is the baseline:
it repaints with the stylesheet the page opened with, so the ratio says what the figure
modes cost over that. Also printed: whether any node moved, and how many callback
requests the switches sent (the controller's state and URL update: it carries no
elements, since a change of colours never redraws the graph).

Also measured, as a floor: putting on every node a class that no rule names (Cytoscape
restyles and redraws every node, and nothing changes colour).

Goal: a switch repaints in < 300 ms on the US default view.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bench.browser import find_chromium, launched, open_drawn, served, summarise
from explorer.scales import SCALES
from graph.schema import TIER_BY_ID

REPO = Path(__file__).resolve().parents[1]

#: Clicks a "Colour by" radio and resolves with the ms until a node shows ``want`` (an
#: rgb() string) and two frames have run since.
SWITCH = """
([mode, nodeId, want]) => new Promise((resolve) => {
  const cy = document.getElementById('graph')._cyreg.cy;
  const input = document.querySelector('#colour-by input[value="' + mode + '"]');
  const node = cy.getElementById(nodeId);
  const t0 = performance.now();
  input.click();
  const check = () => {
    if (node.style('background-color') === want) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    } else if (performance.now() - t0 > 10000) {
      resolve(null);
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
})
"""

#: A drawn profession with a growth and a wage bin, and the elements drawn.
PICK = """
() => {
  const cy = document.getElementById('graph')._cyreg.cy;
  const n = cy.nodes('[colour_growth][colour_wage]').filter(
      (x) => x.data('colour_growth') !== 3).first();
  return [n.id(), n.data('colour_growth'), n.data('colour_wage'), cy.elements().length];
}
"""
#: The floor: a class that no rule names put on every node (Cytoscape restyles and redraws
#: all of them, and nothing changes colour), until two frames have run.
FLOOR = """
(n) => new Promise((resolve) => {
  const cy = document.getElementById('graph')._cyreg.cy;
  const t0 = performance.now();
  cy.batch(() => cy.nodes().toggleClass('bench-floor-' + n));
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
})
"""
POSITIONS = """() => document.getElementById('graph')._cyreg.cy.nodes().map(
    (n) => [n.id(), Math.round(n.position('x')), Math.round(n.position('y'))])"""


def _rgb(hex_colour: str) -> str:
    """Return Cytoscape's rgb() spelling of a #rrggbb colour.

    Examples
    --------
    >>> _rgb("#542788")
    'rgb(84,39,136)'
    """
    h = hex_colour.lstrip("#")
    return "rgb({},{},{})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


def main(argv=None) -> int:
    """Serve the explorer, switch "Colour by" modes in headless Chromium, print times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO / "data" / "us"), help="dataset folder")
    parser.add_argument("--runs", type=int, default=5, help="switches of each mode")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        return 2
    with served("explorer", args.data) as (_proc, url), launched(chromium) as browser:
        context, page = open_drawn(browser, url, 1)
        page.wait_for_timeout(1500)  # the first callbacks (URL, panels) settle
        node, growth_bin, wage_bin, count = page.evaluate(PICK)
        wants = {"growth": _rgb(SCALES["growth"].bins[growth_bin].colour),
                 "wage": _rgb(SCALES["wage"].bins[wage_bin].colour),
                 "tier": _rgb(TIER_BY_ID["profession"].colour)}
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url)
                if "_dash-update-component" in r.url else None)
        before = page.evaluate(POSITIONS)
        times: dict[str, list] = {mode: [] for mode in wants}
        floor = []
        for run in range(args.runs):
            for mode in ("growth", "wage", "tier"):
                times[mode].append(page.evaluate(SWITCH, [mode, node, wants[mode]]))
                page.wait_for_timeout(400)
            floor.append(page.evaluate(FLOOR, run))
            page.wait_for_timeout(400)
        moved = page.evaluate(POSITIONS) != before
        context.close()
    print(f"US default view: {count:,} elements; node {node}; {args.runs} switches per mode")
    base = statistics.median([t for t in times["tier"] if t is not None] or [float("nan")])
    for mode, values in times.items():
        med = statistics.median([v for v in values if v is not None] or [float("nan")])
        print(f"  {mode:7s} {summarise(values)}  {med / base:4.2f}x tier")
    print(f"  floor   {summarise(floor)}  (a class no rule names: restyle and redraw alone)")
    worst = max((v for vs in times.values() for v in vs if v is not None), default=float("nan"))
    print(f"  worst switch {worst:.1f} ms (goal < 300 ms); nodes moved: {moved}; "
          f"callback requests for {3 * args.runs} switches: {len(requests)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
