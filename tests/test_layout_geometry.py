"""What the drawing claims, checked geometrically on the elements the explorer sends.

A link drawn over a node it does not join reads as a chain through that node, so no
drawn link (straight, or the chain of quadratic curves Cytoscape.js draws from the
``bend`` and ``weight`` in its data, see `graph.routing.curve_points`) may come within a
node's drawn radius of such a node. Need labels must be legible
and apart at the fitted zoom of a 1440x900 window, in every layout, and the fitted
drawing must fill the graph area.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from graph.build import load_graph
from graph.layout import LAYOUTS
from graph import polylines, routing
from graph.routing import bend_point, link_intrusions
from explorer.graphview import FIT_PADDING
from explorer.state import DEFAULT
from explorer.stylesheet import STYLESHEET, node_radius
from explorer.view import elements, visible_graph

REPO = Path(__file__).resolve().parents[1]
EDITIONS = {"bundled": REPO / "data", "us": REPO / "data" / "us"}
#: The graph area of the page in a 1440x900 window (Cytoscape's cy.width(), cy.height()).
CANVAS = (794, 687)
#: Smallest on-screen font size that reads, in pixels.
READABLE = 10.0
#: Width of a character of the need labels (bold sans-serif), as a share of the font size.
CHAR_WIDTH = 0.62
#: Height of a line of a label, as a share of the font size.
LINE_HEIGHT = 1.25


@pytest.fixture(scope="module")
def graphs():
    out = {}
    for name, folder in EDITIONS.items():
        if (folder / "nodes.csv").is_file():
            out[name] = load_graph(folder)
    return out


def graph_of(graphs, edition):
    if edition not in graphs:
        pytest.skip(f"{EDITIONS[edition]} has no nodes.csv")
    return graphs[edition]


def drawing(els):
    """Return (graph of drawn nodes and links, positions, radii, bends) of elements."""
    G = nx.DiGraph()
    pos, radius, bends = {}, {}, {}
    for el in els:
        data = el["data"]
        if "position" in el:
            if "ring" in el["classes"].split():
                continue
            G.add_node(data["id"], **data)
            pos[data["id"]] = (el["position"]["x"], el["position"]["y"])
            radius[data["id"]] = node_radius(data)
    for el in els:
        data = el["data"]
        if "position" not in el and "source" in data:
            G.add_edge(data["source"], data["target"])
            if "bend" in data:  # as the stylesheet hands it to Cytoscape
                routed = "routed" in el["classes"].split()
                bends[(data["source"], data["target"])] = (data["bend"], data["weight"], routed)
    return G, pos, radius, bends


#: Most nodes of a focus view in the sample whose every link must be clear of every node.
#: Larger views (a hub industry of data/us draws 450 nodes round it) are held to the
#: default views' test below.
SMALL_VIEW = 120


def sample(G, per_tier=(0, 2, 10)) -> list:
    """Return a few work nodes of each tier: the most linked, and others down the ranking."""
    by_tier: dict = {}
    for n in sorted(G, key=lambda n: (-G.degree(n), str(n))):
        if G.nodes[n].get("tier") != "need":
            by_tier.setdefault(G.nodes[n].get("tier"), []).append(n)
    return [nodes[i] for _, nodes in sorted(by_tier.items()) for i in per_tier if i < len(nodes)]


# -- links never pass over a node they do not join


def test_the_electrician_link_goes_round_home_and_shelter(graphs):
    # The example: the Electrician -> Environment & Safety link was drawn straight
    # through the Home and Shelter star.
    G = graph_of(graphs, "bundled")
    els = elements(visible_graph(G, DEFAULT.replace(focus="electrician")), "web")
    H, pos, radius, bends = drawing(els)
    link = ("electrician", "environment-and-safety")
    assert link in H.edges
    crossed = [(e, n) for e, n, _ in link_intrusions(H, pos, radius, bends) if e == link]
    assert crossed == []
    assert link in bends  # it is bent, as Cytoscape draws it from the link's data
    edge = next(e for e in els if e["data"]["id"] == "electrician->environment-and-safety")
    assert "bent" in edge["classes"].split()


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_focus_views_draw_no_link_over_a_node_it_does_not_join(graphs, edition, layout):
    G = graph_of(graphs, edition)
    checked = 0
    for node in sample(G):
        view = visible_graph(G, DEFAULT.replace(focus=node))
        if len(view.graph) > SMALL_VIEW:
            continue
        checked += 1
        H, pos, radius, bends = drawing(elements(view, layout))
        crossed = link_intrusions(H, pos, radius, bends)
        assert crossed == [], f"focus on {node}, {layout}: {crossed[:3]}"
    assert checked >= 6


@pytest.mark.parametrize("layout", ["web", "circle"])
def test_depth_two_focus_views_draw_no_link_over_a_node(graphs, layout):
    G = graph_of(graphs, "bundled")
    for node in ["electrician", "physician", "construction-manager", "registered-nurse",
                 "environment-and-safety", "insurance-underwriter"]:
        view = visible_graph(G, DEFAULT.replace(focus=node, depth=2))
        H, pos, radius, bends = drawing(elements(view, layout))
        crossed = link_intrusions(H, pos, radius, bends)
        assert crossed == [], f"focus on {node}, depth 2, {layout}: {crossed[:3]}"


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_default_views_draw_links_clear_of_the_nodes_they_do_not_join(graphs, edition, layout):
    # The full default views are dense (hundreds of nodes on a few rings or rows): a third
    # of the links or more would cross a node drawn straight; bent, curved round, routed
    # along an empty circle between two rings or as a polyline through the gaps between
    # nodes (the long links across the hierarchy's rows), they clear every node, drawn
    # from the nodes' centres or from their borders as Cytoscape draws them.
    G = graph_of(graphs, edition)
    H, pos, radius, bends = drawing(elements(visible_graph(G, DEFAULT), layout))
    straight = {e for e, _, _ in link_intrusions(H, pos, radius)}
    drawn = {e for e, _, _ in link_intrusions(H, pos, radius, bends)}
    assert len(straight) > 0.3 * H.number_of_edges()  # what was drawn before bending
    assert drawn == set(), (len(drawn), sorted(drawn)[:3])


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_links_across_the_hierarchy_rows_are_routed_through_the_gaps(graphs, edition):
    # A long link across the wrapped rows of a tier has no curve that threads them: it is
    # drawn as a polyline (Cytoscape's segments) whose corners the stylesheet takes from
    # its data, leaving and reaching its nodes vertically.
    G = graph_of(graphs, edition)
    els = elements(visible_graph(G, DEFAULT), "hierarchy")
    rule = next(r["style"] for r in STYLESHEET if r["selector"] == "edge.routed")
    assert rule["curve-style"] == "segments"
    assert rule["segment-distances"] == "data(bend)"
    assert rule["segment-weights"] == "data(weight)"
    assert rule["edge-distances"] == "node-position"
    _, pos, _, bends = drawing(els)
    routed = [el for el in els if "routed" in el.get("classes", "").split()]
    assert len(routed) >= 10
    for el in routed:
        data = el["data"]
        assert "bent" not in el["classes"].split()
        assert isinstance(data["bend"], list) and len(data["bend"]) == len(data["weight"]) >= 2
        (x0, y0), (x1, y1) = pos[data["source"]], pos[data["target"]]
        corners = routing.control_points((x0, y0), (x1, y1), bends[(data["source"], data["target"])])
        assert corners[0][0] == pytest.approx(x0, abs=0.5)  # leaves straight up or down
        assert corners[-1][0] == pytest.approx(x1, abs=0.5)  # and arrives so


def test_a_link_across_staggered_rows_goes_through_their_gaps():
    # Five full rows, each shifted by half a gap from the last, between a node at the top
    # and one at the bottom far to the side: no curve of one or two control points
    # threads them, a polyline through a gap of each row does.
    G = nx.DiGraph([("top", "bottom")])
    pos = {"top": (-300.0, 0.0), "bottom": (300.0, 700.0)}
    for r in range(5):
        for i in range(-30, 31):
            node = f"r{r}n{i}"
            G.add_node(node)
            pos[node] = (i * 70.0 + (35.0 if r % 2 else 0.0), 120.0 + r * 115.0)
    assert link_intrusions(G, pos, 25.0)  # straight, it crosses the rows' nodes
    bends = routing.edge_bends(G, pos, 25.0)
    route = bends[("top", "bottom")]
    assert route.polyline
    assert link_intrusions(G, pos, 25.0, bends, clearance=routing.EDGE_CLEARANCE - 1) == []
    corners = routing.control_points(pos["top"], pos["bottom"], route)
    assert corners[0][0] == pytest.approx(-300.0, abs=0.5)  # leaves straight down
    assert corners[-1][0] == pytest.approx(300.0, abs=0.5)  # and arrives so


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_default_views_draw_no_node_over_another(graphs, edition, layout):
    # A node drawn against a need (circle) or in a clump of leaves (force) would have every
    # link of its neighbour cross it.
    G = graph_of(graphs, edition)
    H, pos, radius, _ = drawing(elements(visible_graph(G, DEFAULT), layout))
    nodes = sorted(H)
    touching = [(a, b) for i, a in enumerate(nodes) for b in nodes[:i]
                if math.dist(pos[a], pos[b]) < radius[a] + radius[b]]
    assert touching == [], touching[:3]


def test_bent_links_carry_what_the_stylesheet_hands_to_cytoscape(graphs):
    # unbundled-bezier takes as many control points as control-point-distances and
    # control-point-weights both have: the link's data gives both, numbers or equal lists.
    G = graph_of(graphs, "bundled")
    els = elements(visible_graph(G, DEFAULT), "web")
    rule = next(r["style"] for r in STYLESHEET if r["selector"] == "edge.bent")
    assert rule["control-point-distances"] == "data(bend)"
    assert rule["control-point-weights"] == "data(weight)"
    bent = [el["data"] for el in els if "bent" in el.get("classes", "").split()]
    kinds = {type(d["bend"]) for d in bent}
    assert kinds == {float, list}  # one control point mostly, more for some
    for data in bent:
        if isinstance(data["bend"], list):
            assert len(data["bend"]) == len(data["weight"]) >= 2
        else:
            assert isinstance(data["weight"], float)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_shortcuts_of_the_bend_search_choose_the_curves_the_full_search_does(
        graphs, layout, monkeypatch):
    # Bending picks each link's nodes from one band measured once and tries the shapes
    # left all together when few links are left; measuring every band afresh and trying
    # one shape at a time must draw the very same curves.
    G = graph_of(graphs, "bundled")
    H, pos, radius, _ = drawing(elements(visible_graph(G, DEFAULT), layout))
    quick = routing.edge_bends(H, pos, radius)
    monkeypatch.setattr(routing._Links, "cover", lambda self, margin, spread: None)
    monkeypatch.setattr(routing, "FEW_PAIRS", -1)
    assert routing.edge_bends(H, pos, radius) == quick


def test_the_gaps_a_polyline_runs_through_are_found_alike_in_blocks_and_in_one_matrix(
        monkeypatch):
    # A long link routed through the gaps between many nodes measures the nearest gaps in
    # blocks along the drawing: the pairs must be those one whole matrix finds, ties and
    # points drawn twice included, or the route would change with the drawing's size.
    rng = np.random.default_rng(7)
    clouds = [rng.normal(0, 80, (900, 2)).round(0),
              np.repeat(rng.uniform(-300, 300, (300, 2)), 3, axis=0),
              np.column_stack([rng.uniform(0, 2000, 700), rng.uniform(-40, 40, 700)])]
    for points in clouds:
        for count in (4, 8):
            blocked = polylines._near_pairs(points, count)
            with monkeypatch.context() as m:
                m.setattr(polylines, "NEAR_BAND", len(points))
                whole = polylines._near_pairs(points, count)
            assert len(whole[0]) >= len(points) * count / 2
            assert all(np.array_equal(a, b) for a, b in zip(blocked, whole))


def test_bends_are_where_cytoscape_puts_the_control_point():
    # unbundled-bezier with edge-distances: node-position puts the control point at the
    # weight along the centres' line, the distance along its normal (-dy, dx).
    assert bend_point((0.0, -180.0), (0.0, 70.0), 49.8) == (-49.8, -55.0)


# -- need labels legible and apart at the fitted zoom


def label_lines(text: str, font: float, wrap: float) -> list[str]:
    """Return the lines Cytoscape's ``text-wrap: wrap`` makes of a label: words while they
    fit, and a word wider than the width broken anywhere (``text-overflow-wrap``)."""
    per_line = max(1, int(wrap / (CHAR_WIDTH * font)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
            continue
        while len(word) > per_line:
            lines.append(word[:per_line])
            word = word[per_line:]
        lines.append(word)
    return lines


def need_label_boxes(H, pos):
    """Return need id -> (x1, y1, x2, y2) of its label, as the stylesheet draws it."""
    boxes = {}
    for n, data in H.nodes(data=True):
        if data.get("tier") != "need" or data.get("group"):
            continue
        font, wrap, size = data["font"], data["wrap"], data["size"]
        # The lines broken on the server, each wrapped again by Cytoscape if wider than wrap.
        lines = [part for line in data["lines"].split("\n")
                 for part in label_lines(line, font, wrap)]
        width = max(len(line) for line in lines) * CHAR_WIDTH * font
        height = len(lines) * LINE_HEIGHT * font
        x, y = pos[n]
        if data.get("above"):  # text-valign: top, text-margin-y: -4
            top = y - size / 2 - 4 - height
        else:  # text-valign: bottom, text-margin-y: 4
            top = y + size / 2 + 4
        boxes[n] = (x - width / 2, top, x + width / 2, top + height)
    return boxes


def fitted_zoom(els, boxes, canvas=CANVAS, padding=FIT_PADDING) -> float:
    """Return the zoom at which Cytoscape fits these elements (nodes, rings, labels)."""
    xs, ys = [], []
    for el in els:
        if "position" not in el:
            continue
        x, y, data = el["position"]["x"], el["position"]["y"], el["data"]
        r = data["diameter"] / 2 if "diameter" in data else node_radius(data)
        xs += [x - r, x + r]
        ys += [y - r, y + r]
    for x1, y1, x2, y2 in boxes.values():
        xs += [x1, x2]
        ys += [y1, y2]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    return min((canvas[0] - 2 * padding) / width, (canvas[1] - 2 * padding) / height)


def overlapping(boxes) -> list[tuple]:
    items = sorted(boxes.items())
    return [(a, b) for i, (a, p) in enumerate(items) for b, q in items[:i]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_need_labels_keep_their_words_whole_where_there_is_room(graphs, edition, layout):
    # Needs side by side in a row (hierarchy) or close on a circle once had most of their
    # names cut ("Fam-ily", "Leis-ure", "Spiri-tual-ity"): every other label of a row goes
    # above its star and each label widens while it meets no other need's label or star.
    G = graph_of(graphs, edition)
    els = elements(visible_graph(G, DEFAULT), layout)
    lines = {el["data"]["label"]: el["data"]["lines"].split("\n") for el in els
             if el["data"].get("tier") == "need" and "position" in el}
    cut = {label: rows for label, rows in lines.items() if any(r.endswith("-") for r in rows)}
    assert len(lines) == 12 and len(cut) <= 2, cut
    for label in ("Family", "Leisure", "Learning", "Community", "Home and Shelter",
                  "Health and Well Being", "Economic Security"):
        assert label not in cut, (label, cut[label])


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_every_layout_draws_need_labels_legible_and_apart(graphs, edition, layout):
    G = graph_of(graphs, edition)
    for state in [DEFAULT, DEFAULT.replace(focus=sample(G)[0])]:
        els = elements(visible_graph(G, state), layout)
        H, pos, _, _ = drawing(els)
        boxes = need_label_boxes(H, pos)
        assert boxes, "the view draws needs"
        zoom = fitted_zoom(els, boxes)
        assert overlapping(boxes) == [], f"{layout}, focus {state.focus}: {overlapping(boxes)}"
        smallest = min(H.nodes[n]["font"] for n in boxes) * zoom
        assert smallest >= READABLE, f"{layout}, focus {state.focus}: {smallest:.1f} px"


def test_a_label_wider_than_its_room_wraps_onto_lines():
    assert label_lines("Transportation and Mobility", 10, 100) == [
        "Transportation", "and Mobility"]
    assert label_lines("Transportation", 10, 62) == ["Transporta", "tion"]
    assert label_lines("Transportation and Mobility", 10, 200) == ["Transportation and Mobility"]


# -- the fitted drawing fills the graph area


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_fitted_web_view_leaves_at_most_a_tenth_on_the_limiting_side(graphs, edition):
    G = graph_of(graphs, edition)
    els = elements(visible_graph(G, DEFAULT), "web")
    H, pos, _, _ = drawing(els)
    zoom = fitted_zoom(els, need_label_boxes(H, pos))
    ys = [el["position"]["y"] for el in els if "position" in el]
    xs = [el["position"]["x"] for el in els if "position" in el]
    rings = [el["data"]["diameter"] for el in els if "diameter" in el["data"]]
    extent = max(max(xs) - min(xs), max(ys) - min(ys), *rings)
    fill = extent * zoom / min(CANVAS)
    assert fill >= 0.9 - 1e-9 or math.isclose(fill, 0.9), fill


def test_a_small_focus_view_is_not_drawn_as_large_empty_rings(graphs):
    G = graph_of(graphs, "bundled")
    els = elements(visible_graph(G, DEFAULT.replace(focus="electrician")), "web")
    placed = [el for el in els if "position" in el and "ring" not in el["classes"].split()]
    xs = [el["position"]["x"] for el in placed]
    ys = [el["position"]["y"] for el in placed]
    nodes_extent = max(max(xs) - min(xs), max(ys) - min(ys))
    rings = [el["data"]["diameter"] for el in els if "ring" in el["classes"].split()]
    # A guide drawn round a ring whose nodes fill a small arc would set the fitted extent.
    assert all(d <= 1.1 * nodes_extent for d in rings), (rings, nodes_extent)
