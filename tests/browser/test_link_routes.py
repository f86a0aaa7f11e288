"""Links bent round the nodes they do not join are drawn where the server routed them.

The server sends each bent link's control points as ``bend`` and ``weight`` (numbers for
one control point, lists for more); the browser must draw exactly the curve the server
checked against the nodes (`graph.routing.curve_points`), with no console warning about
the data the stylesheet maps.
"""

from __future__ import annotations

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
