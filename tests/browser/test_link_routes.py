"""Links bent round the nodes they do not join are drawn where the server routed them.

The server sends each bent link's control points as ``bend`` and ``weight`` (numbers for
one control point, lists for more), and each link routed as a polyline its corners the
same way; the browser must draw exactly the curve or polyline the server checked against
the nodes (`graph.routing.curve_points`), with no console warning about the data the
stylesheet maps.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from graph.routing import Bend, control_points
from tests.browser.conftest import CY

pytestmark = pytest.mark.browser

#: JavaScript: every bent link's data, control points and ends as Cytoscape placed them.
BENT = f"""() => {{
    const cy = {CY};
    return cy.edges('.bent').map(e => ({{
        id: e.id(), bend: e.data('bend'), weight: e.data('weight'),
        style: e.style('curve-style'), points: e.controlPoints(),
        s: e.source().position(), t: e.target().position()}}));
}}"""


def test_links_with_two_or_more_control_points_are_drawn_through_them(explorer):
    # The bundled default web view routes some links with several control points (round a
    # node beside an end, or along the empty circle between two rings).
    warnings: list[str] = []
    explorer.page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    explorer.page.set_viewport_size({"width": 1440, "height": 900})
    explorer.open()
    explorer.page.wait_for_function(f"() => !{CY}.animated()")
    edges = explorer.page.evaluate(BENT)
    multi = [e for e in edges if isinstance(e["bend"], list)]
    assert len(multi) >= 3 and len(edges) > 100
    for edge in edges:
        assert edge["style"] == "unbundled-bezier"
        expected = control_points((edge["s"]["x"], edge["s"]["y"]), (edge["t"]["x"], edge["t"]["y"]),
                                  Bend.of((edge["bend"], edge["weight"])))
        assert len(edge["points"]) == len(expected), edge["id"]
        for got, (x, y) in zip(edge["points"], expected):
            assert got["x"] == pytest.approx(x, abs=0.05), edge["id"]
            assert got["y"] == pytest.approx(y, abs=0.05), edge["id"]
    # Cytoscape warns when a mapped property has no data and falls back on its default.
    assert not [w for w in warnings if "mapping" in w.lower()], warnings[:3]


#: JavaScript: every routed link's data, corners and ends as Cytoscape drew them, and the
#: nodes (centre and drawn radius).
ROUTED = f"""() => {{
    const cy = {CY};
    return {{
        edges: cy.edges('.routed').map(e => ({{
            id: e.id(), source: e.source().id(), target: e.target().id(),
            bend: e.data('bend'), weight: e.data('weight'), style: e.style('curve-style'),
            points: e.segmentPoints(), start: e.sourceEndpoint(), end: e.targetEndpoint(),
            s: e.source().position(), t: e.target().position()}})),
        nodes: cy.nodes().not('.ring').map(n => ({{
            id: n.id(), x: n.position('x'), y: n.position('y'), r: n.width() / 2}}))}};
}}"""


def test_links_routed_across_the_hierarchy_rows_are_drawn_through_their_corners(explorer):
    # The hierarchy's long links cross rows of nodes no curve threads: they are drawn as
    # polylines through the gaps, and the line Cytoscape draws (from the source's border
    # through the corners to the target's border) passes over no node it does not join.
    warnings: list[str] = []
    explorer.page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    explorer.page.set_viewport_size({"width": 1440, "height": 900})
    explorer.open("?layout=hierarchy")
    explorer.page.wait_for_function(f"() => !{CY}.animated()")
    drawn = explorer.page.evaluate(ROUTED)
    edges, nodes = drawn["edges"], drawn["nodes"]
    assert len(edges) >= 10
    centres = np.array([(n["x"], n["y"]) for n in nodes])
    radii = np.array([n["r"] for n in nodes])
    for edge in edges:
        assert edge["style"] == "segments", edge["id"]
        expected = control_points((edge["s"]["x"], edge["s"]["y"]), (edge["t"]["x"], edge["t"]["y"]),
                                  Bend.of((edge["bend"], edge["weight"], True)))
        assert len(edge["points"]) == len(expected) >= 2, edge["id"]
        for got, (x, y) in zip(edge["points"], expected):
            assert got["x"] == pytest.approx(x, abs=0.05), edge["id"]
            assert got["y"] == pytest.approx(y, abs=0.05), edge["id"]
        line = [(edge["start"]["x"], edge["start"]["y"]),
                *[(p["x"], p["y"]) for p in edge["points"]], (edge["end"]["x"], edge["end"]["y"])]
        others = np.array([n["id"] not in (edge["source"], edge["target"]) for n in nodes])
        for (ax, ay), (bx, by) in itertools.pairwise(line):
            ab = np.array([bx - ax, by - ay])
            ap = centres[others] - (ax, ay)
            t = np.clip(ap @ ab / max(ab @ ab, 1e-12), 0.0, 1.0)
            gap = np.hypot(*(ap - t[:, None] * ab).T) - radii[others]
            assert gap.min() > 0.0, (edge["id"], float(gap.min()))
    assert not [w for w in warnings if "mapping" in w.lower()], warnings[:3]
