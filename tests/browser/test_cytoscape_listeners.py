"""dash-cytoscape's write-back listeners, unbound by the explorer, in a real browser.

dash-cytoscape (pinned in requirements.txt) writes props back to Dash from Cytoscape
events: a tap sends the node's every edge and neighbour, a hover its data, each pan or
zoom step the extent, each redraw every element. Each write re-renders the graph
component, and no prop of dash-cytoscape turns them off, so ``explorer/assets/explorer.js``
unbinds those listeners, recognised by their events, selector and code, and reports the
outcome in ``window.__wowCyListeners``. These tests fail when an upgrade of
dash-cytoscape changes what that matches (a listener no longer found, found twice, one
more or one fewer left bound), and when the page's behaviour shows a write-back: a
``/_dash-update-component`` request or a change of a graph prop while hovering, panning,
zooming, dragging or tapping, or a node tap that no longer reaches the controller.
"""

from __future__ import annotations

import json

import dash_cytoscape
import pytest

from tests.browser.conftest import CY

pytestmark = pytest.mark.browser

NEED = "health-and-well-being"

#: The listeners the explorer unbinds, as dash-cytoscape 1.0.2 binds them in
#: Cytoscape.react.js (handleCy): name -> (events of one callback, selector).
REMOVED = {
    "tapNode": (["tap"], "node"),
    "tapEdge": (["tap"], "edge"),
    "mouseoverNodeData": (["mouseover"], "node"),
    "mouseoverEdgeData": (["mouseover"], "edge"),
    "mouseoverNodeData cleared": (["mouseout"], "node"),
    "mouseoverEdgeData cleared": (["mouseout"], "edge"),
    "selectedNodeData select": (["select"], "node"),
    "selectedNodeData unselect": (["unselect", "remove"], "node"),
    "selectedEdgeData select": (["select"], "edge"),
    "selectedEdgeData unselect": (["unselect", "remove"], "edge"),
    "extent": (["resize", "viewport"], None),
    "elements": (["dragfree", "add", "remove"], None),
    "refreshLayout": (["add", "remove"], None),
    "resize on tapstart": (["tapstart"], None),
}
#: What stays bound once they are gone, before the explorer binds its own: Cytoscape's
#: namespaced bookkeeping and dash-cytoscape's zoom-bounds fit (no render or resize hook:
#: the graph is not in dash-cytoscape's responsive mode, which measured every element
#: after each frame, and its resize on every press, a full redraw while a click's answer
#: is awaited, is gone too; explorer.js refits on resize itself.)
KEPT = ["background.*", "bounds.*", "dirty.*", "minMaxZoomChange", "style.*"]
#: Graph props that only dash-cytoscape's write-backs set (the server never does).
WRITE_BACK_PROPS = {"tapNode", "tapNodeData", "tapEdge", "tapEdgeData", "mouseoverNodeData",
                    "mouseoverEdgeData", "selectedNodeData", "selectedEdgeData", "extent"}
#: Time for dash-cytoscape's debounced write-backs (100 ms at most) to have fired.
SETTLE_MS = 400

UPGRADE_HINT = (f"WRITE_BACKS in explorer/assets/explorer.js (written for dash-cytoscape 1.0.2) "
                f"no longer fits the listeners of dash-cytoscape {dash_cytoscape.__version__}: "
                "compare its Cytoscape.react.js handleCy with WRITE_BACKS, then update "
                "WRITE_BACKS and this file's REMOVED and KEPT")

#: Records every change of the graph component's props in window.__graphWrites (prop
#: names), whoever makes it: a write-back from the component or an answer of the server.
RECORD_GRAPH_WRITES = """() => {
    const api = window.dash_component_api;
    let before = api.getLayout('graph').props;
    window.__graphWrites = [];
    (window.dash_stores || []).forEach(store => store.subscribe(() => {
        const now = api.getLayout('graph').props;
        if (now === before) { return; }
        new Set([...Object.keys(before), ...Object.keys(now)]).forEach(key => {
            if (before[key] !== now[key]) { window.__graphWrites.push(key); }
        });
        before = now;
    }));
}"""


class Traffic:
    """The callback requests a page sends and the graph props it changes, from now on."""

    def __init__(self, explorer):
        self.explorer = explorer
        self.requests: list[dict] = []
        explorer.page.on("request", self._on_request)
        explorer.page.evaluate(RECORD_GRAPH_WRITES)

    def _on_request(self, request) -> None:
        """Keep the inputs and outputs of every Dash callback request."""
        if "/_dash-update-component" in request.url:
            body = json.loads(request.post_data or "{}")
            self.requests.append({"changed": body.get("changedPropIds", []),
                                  "output": body.get("output", "")})

    def changed_props(self) -> set[str]:
        """Return every input that triggered a request (``component.prop``)."""
        return {prop for r in self.requests for prop in r["changed"]}

    def graph_writes(self) -> set[str]:
        """Return the graph props changed in the page (after the write-backs settled)."""
        self.explorer.page.wait_for_timeout(SETTLE_MS)
        return set(self.explorer.page.evaluate("() => window.__graphWrites"))


def _report(explorer) -> dict:
    """Return what explorer.js matched on the page's graph (window.__wowCyListeners)."""
    explorer.page.wait_for_function("() => window.__wowCyListeners")
    return explorer.page.evaluate("() => window.__wowCyListeners")


def _empty_point(explorer) -> tuple[float, float]:
    """Return page coordinates inside the graph where no node or edge can be hit."""
    point = explorer.page.evaluate(f"""() => {{
        const cy = {CY}; const box = document.getElementById('graph').getBoundingClientRect();
        const boxes = cy.elements().not('.ring').map(e => e.renderedBoundingBox());
        for (let y = 20; y < cy.height() - 20; y += 20) {{
            for (let x = 20; x < cy.width() - 20; x += 20) {{
                if (boxes.every(b => x < b.x1 - 8 || x > b.x2 + 8 || y < b.y1 - 8 || y > b.y2 + 8)) {{
                    return [box.left + x, box.top + y];
                }}
            }}
        }}
        return null;
    }}""")
    assert point, "no spot of the graph clear of nodes and edges to pan from"
    return tuple(point)


def _edge_point(explorer) -> tuple[float, float]:
    """Return page coordinates of the midpoint of a drawn edge clear of every node."""
    point = explorer.page.evaluate(f"""() => {{
        const cy = {CY}; const box = document.getElementById('graph').getBoundingClientRect();
        const nodes = cy.nodes().not('.ring').map(n => n.renderedBoundingBox());
        for (const edge of cy.edges().toArray()) {{
            const m = edge.renderedMidpoint();
            const inside = m.x > 20 && m.x < cy.width() - 20 && m.y > 20 && m.y < cy.height() - 20;
            if (inside && nodes.every(b => m.x < b.x1 - 12 || m.x > b.x2 + 12
                                        || m.y < b.y1 - 12 || m.y > b.y2 + 12)) {{
                return [box.left + m.x, box.top + m.y];
            }}
        }}
        return null;
    }}""")
    assert point, "no edge midpoint clear of the nodes to hover and tap"
    return tuple(point)


def _viewport(explorer) -> dict:
    """Return the graph's zoom and pan."""
    return explorer.page.evaluate(f"() => ({{zoom: {CY}.zoom(), pan: {CY}.pan()}})")


def test_every_write_back_listener_is_found_and_nothing_else_is_removed(explorer):
    explorer.open()
    report = _report(explorer)
    assert report["missing"] == [], f"{UPGRADE_HINT}; not found: {report['missing']}"
    assert report["ambiguous"] == [], f"{UPGRADE_HINT}; fit more than one: {report['ambiguous']}"
    removed = {r["name"]: (r["events"], r["selector"]) for r in report["removed"]}
    assert removed == REMOVED, UPGRADE_HINT
    assert sorted(report["kept"]) == KEPT, (
        f"{UPGRADE_HINT}; left bound: {sorted(report['kept'])}, expected {KEPT}")
    left = explorer.page.evaluate(
        f"() => {CY}.emitter().listeners.map(l => String(l.callback))"
        ".filter(code => /setProps\\(/.test(code))")
    assert left == [], f"a dash-cytoscape write-back is still bound: {left}"


def test_a_tap_on_a_node_reaches_the_controller_and_writes_nothing_back(explorer):
    explorer.open()
    traffic = Traffic(explorer)
    label = explorer.page.evaluate(f"(id) => {CY}.getElementById(id).data('label')", NEED)
    explorer.click_node(NEED)
    explorer.wait_details(label)
    explorer.wait_idle()
    assert "nav-request.data" in traffic.changed_props(), traffic.requests
    assert not {p for p in traffic.changed_props() if p.startswith("graph.")}, traffic.requests
    assert not traffic.graph_writes() & WRITE_BACK_PROPS


def test_hover_pan_zoom_drag_and_edge_taps_write_nothing_back(explorer):
    explorer.open()
    mouse = explorer.page.mouse
    traffic = Traffic(explorer)
    # hover a node: the explorer's own tooltip still shows it
    mouse.move(*explorer.node_point(NEED))
    explorer.page.wait_for_function(
        "() => document.getElementById('hover-info').textContent !== ''")
    # hover and tap an edge
    mouse.move(*_edge_point(explorer), steps=4)
    mouse.click(*_edge_point(explorer))
    # pan from an empty spot
    before = _viewport(explorer)
    x, y = _empty_point(explorer)
    mouse.move(x, y)
    mouse.down()
    mouse.move(x + 80, y + 60, steps=8)
    mouse.up()
    panned = _viewport(explorer)
    assert panned["pan"] != before["pan"], "the drag did not pan the graph"
    # zoom with the wheel
    mouse.move(*explorer.node_point(NEED))
    mouse.wheel(0, -400)
    explorer.page.wait_for_function(f"(z) => {CY}.zoom() !== z", arg=panned["zoom"])
    # drag a node
    x, y = explorer.node_point(NEED)
    mouse.move(x, y)
    mouse.down()
    mouse.move(x + 40, y + 30, steps=8)
    mouse.up()
    assert explorer.node_point(NEED) != (x, y), "the node was not dragged"
    assert traffic.graph_writes() == set()
    assert traffic.requests == []
