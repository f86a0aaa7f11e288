"""What a 1440x900 window shows once a view is fitted: labels that can be read, none over
another, a drawing that fills the graph area, and links bent round the nodes they do not
join exactly where the server computed them.

A label is drawn when its font size times the zoom reaches its ``min-zoomed-font-size``
(Cytoscape's rule); it reads when that product is at least `READABLE` pixels.
"""

from __future__ import annotations

import pytest

from graph.routing import bend_point
from tests.browser.conftest import CY

pytestmark = pytest.mark.browser

READABLE = 10.0
WINDOW = {"width": 1440, "height": 900}

#: JavaScript: the zoom, the graph area, the drawn extent and each node's label as drawn.
LABELS = f"""() => {{
    const cy = {CY};
    const px = v => parseFloat(v);
    const z = cy.zoom();
    const box = cy.elements().renderedBoundingBox();
    const nodes = cy.nodes().not('.ring').map(n => {{
        const font = px(n.style('font-size'));
        const least = px(n.style('min-zoomed-font-size'));
        const b = n.boundingBox({{includeNodes: false, includeEdges: false,
                                  includeLabels: true}});
        return {{id: n.id(), tier: n.data('tier'), major: n.hasClass('label-major'),
                 text: n.style('label'), screen: font * z,
                 shown: n.style('label') !== '' && font * z >= least,
                 box: [b.x1, b.y1, b.x2, b.y2]}};
    }});
    return {{zoom: z, width: cy.width(), height: cy.height(), nodes: nodes,
             extent: [box.w, box.h]}};
}}"""


def overlaps(labels) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[:i]:
            p, q = a["box"], b["box"]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:
                out.append((a["id"], b["id"]))
    return out


def fitted(explorer, query: str = "") -> dict:
    explorer.page.set_viewport_size(WINDOW)
    explorer.open(query)
    explorer.page.wait_for_function(f"() => !{CY}.animated()")
    explorer.page.wait_for_timeout(300)
    return explorer.page.evaluate(LABELS)


@pytest.mark.parametrize("query", ["", "?focus=electrician", "?layout=circle",
                                   "?layout=hierarchy"])
def test_needs_and_top_nodes_readable_and_apart_at_the_fitted_zoom(explorer, query):
    seen = fitted(explorer, query)
    needs = [n for n in seen["nodes"] if n["tier"] == "need"]
    assert needs and all(n["shown"] and n["screen"] >= READABLE for n in needs), \
        [(n["id"], round(n["screen"], 1)) for n in needs if n["screen"] < READABLE]
    major = [n for n in seen["nodes"] if n["major"]]
    tiers = {n["tier"] for n in seen["nodes"] if n["tier"] != "need"}
    assert {n["tier"] for n in major} == tiers  # each ring has readable names
    assert all(n["shown"] and n["screen"] >= READABLE for n in major)
    assert overlaps(needs + major) == []


def test_the_rest_of_the_labels_wait_for_zooming_in(explorer):
    seen = fitted(explorer)
    rest = [n for n in seen["nodes"] if n["tier"] != "need" and not n["major"]]
    assert rest and not any(n["shown"] for n in rest)
    explorer.page.evaluate(f"() => {CY}.zoom(1.0)")
    closer = explorer.page.evaluate(LABELS)
    assert all(n["shown"] for n in closer["nodes"] if n["tier"] != "need")


@pytest.mark.parametrize("query", ["", "?layout=hierarchy", "?focus=electrician"])
def test_the_fitted_drawing_fills_the_graph_area(explorer, query):
    seen = fitted(explorer, query)
    fill = max(seen["extent"][0] / seen["width"], seen["extent"][1] / seen["height"])
    assert fill >= 0.9, fill
    if "focus=" in query:  # the focused node is drawn, and in view
        node = explorer.page.evaluate(f"""() => {{ const cy = {CY};
            const b = cy.getElementById('{query.split("=")[1]}').renderedBoundingBox();
            return [b.x1, b.y1, b.x2, b.y2, cy.width(), cy.height()]; }}""")
        assert 0 <= node[0] and node[2] <= node[4] and 0 <= node[1] and node[3] <= node[5], node


def test_a_link_is_bent_round_the_need_it_would_cross(explorer):
    # ?focus=electrician: Electrician -> Environment & Safety ran straight through the
    # Home and Shelter star.
    fitted(explorer, "?focus=electrician")
    edge = explorer.page.evaluate(f"""() => {{
        const e = {CY}.getElementById('electrician->environment-and-safety');
        return {{style: e.style('curve-style'), bend: e.data('bend'), points: e.controlPoints(),
                 s: e.source().position(), t: e.target().position()}}; }}""")
    assert edge["style"] == "unbundled-bezier"
    expected = bend_point((edge["s"]["x"], edge["s"]["y"]), (edge["t"]["x"], edge["t"]["y"]),
                          edge["bend"])
    (point,) = edge["points"]
    assert point["x"] == pytest.approx(expected[0], abs=0.01)
    assert point["y"] == pytest.approx(expected[1], abs=0.01)
