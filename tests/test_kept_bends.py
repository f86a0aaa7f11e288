"""A link drawn before and after a filter change, whose ends stay, keeps its bend (the
browser then restyles neither its data nor its classes) while that bend still clears
every node; the others are routed afresh, and the same view is always drawn the same."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import networkx as nx
import pytest

from graph.build import load_graph
from graph.routing import EDGE_CLEARANCE, link_intrusions
from graph.schema import NEED_IDS
from explorer import graphview
from explorer.context import Context
from explorer.elements import BENT, bend_links, kept_bends
from explorer.settings import resolve
from explorer.state import DEFAULT
from explorer.stylesheet import node_radius

BUNDLED = Path(__file__).resolve().parents[1] / "data"
EDITIONS = {"bundled": BUNDLED, "us": BUNDLED / "us"}


def node(name, x, y=0.0):
    return {"data": {"id": name, "tier": "job"}, "position": {"x": x, "y": y}, "classes": "job"}


def link(source, target):
    return {"data": {"id": f"{source}->{target}", "source": source, "target": target},
            "classes": "serves"}


def drawn(*nodes):
    """Return nodes a, c 120 pixels apart, the link a->c, and the other nodes given."""
    return [node("a", 0.0), node("c", 120.0), *nodes, link("a", "c")]


def the_link(els):
    return next(e for e in els if e["data"]["id"] == "a->c")


def placed(els):
    G, pos, radius = nx.DiGraph(), {}, {}
    for e in els:
        if "position" in e and "ring" not in e.get("classes", "").split():
            G.add_node(e["data"]["id"])
            pos[e["data"]["id"]] = (e["position"]["x"], e["position"]["y"])
            radius[e["data"]["id"]] = node_radius(e["data"])
        elif "source" in e["data"]:
            G.add_edge(e["data"]["source"], e["data"]["target"])
    return G, pos, radius


def crossings(els):
    G, pos, radius = placed(els)
    bends = {(e["data"]["source"], e["data"]["target"]):
             (e["data"]["bend"], e["data"]["weight"], "routed" in e["classes"].split())
             for e in els if "bend" in e["data"]}
    return link_intrusions(G, pos, radius, bends)


def test_a_kept_link_keeps_its_bend_byte_for_byte_when_its_ends_stay_and_nothing_sits_on_it():
    before = bend_links(drawn(node("b", 60.0)))  # bent round b
    assert BENT in the_link(before)["classes"].split()
    # b is gone and another node is drawn far away: routed afresh the link would be straight
    after = drawn(node("far", 60.0, 400.0))
    assert "bend" not in the_link(bend_links(copy.deepcopy(after)))["data"]
    kept = bend_links(after, keep=kept_bends(before))
    assert json.dumps(the_link(kept)) == json.dumps(the_link(before))
    assert crossings(kept) == []


def test_a_kept_link_whose_bend_now_crosses_a_new_node_is_routed_again():
    before = bend_links(drawn(node("b", 60.0)))
    bulge = the_link(before)["data"]["bend"] / 2  # the curve runs furthest out halfway
    after = bend_links(drawn(node("b", 60.0), node("new", 60.0, bulge)),
                       keep=kept_bends(before))
    assert the_link(after)["data"] != the_link(before)["data"]
    assert crossings(after) == []


def test_a_kept_link_whose_end_moved_or_that_a_grown_node_reaches_is_routed_again():
    before = bend_links(drawn(node("b", 60.0)))
    moved = bend_links([node("a", 0.0, 30.0), *drawn(node("b", 60.0))[1:]],
                       keep=kept_bends(before))
    assert the_link(moved)["data"] != the_link(before)["data"]
    assert crossings(moved) == []
    group = node("b", 60.0)
    group["data"].update(group=True, count=200)  # a "+N" group in b's place, drawn larger
    grown = bend_links(drawn(group), keep=kept_bends(before))
    assert abs(the_link(grown)["data"]["bend"]) > abs(the_link(before)["data"]["bend"])
    assert crossings(grown) == []


@pytest.fixture(scope="module")
def graphs():
    return {}


def edition(graphs, name):
    """Return the graph of a data folder, loaded once; skip when it has none."""
    folder = EDITIONS[name]
    if not (folder / "nodes.csv").is_file():
        pytest.skip(f"{folder} has no nodes.csv")
    if name not in graphs:
        graphs[name] = load_graph(folder)
    return Context.build(graphs[name], resolve({"data": str(folder)}))


@pytest.fixture(scope="module")
def bundled(graphs):
    return edition(graphs, "bundled").graph


@pytest.mark.parametrize("name", list(EDITIONS))
@pytest.mark.parametrize("unticked", [[NEED_IDS[1]], [NEED_IDS[6], NEED_IDS[7]]])
def test_unticking_needs_restyles_only_the_links_a_node_now_sits_on(graphs, name, unticked):
    ctx = edition(graphs, name)
    first = graphview.render(ctx, DEFAULT.to_dict())[0]
    state = DEFAULT.replace(needs=[n for n in NEED_IDS if n not in unticked])
    els = graphview.render(ctx, state.to_dict())[0]
    assert crossings(els) == []  # every link clears the nodes it does not join
    _, pos0, radius0 = placed(first)
    G, pos, radius = placed(els)
    old = {e["data"]["id"]: e for e in first if "source" in e["data"]}
    same_ends = [e for e in els if "source" in e["data"] and e["data"]["id"] in old
                 and all(pos0.get(n) == pos[n] and radius0.get(n) == radius[n]
                         for n in (e["data"]["source"], e["data"]["target"]))]
    changed = [e for e in same_ends if json.dumps(e) != json.dumps(old[e["data"]["id"]])]
    # each one changed because its old route would now cross a node of the new view
    was = {}
    for e in changed:
        o = old[e["data"]["id"]]
        was[(o["data"]["source"], o["data"]["target"])] = (
            (o["data"]["bend"], o["data"]["weight"], "routed" in o["classes"].split())
            if "bend" in o["data"] else 0.0)
    H = nx.DiGraph()
    H.add_nodes_from(G)
    H.add_edges_from(was)
    crossed = {e for e, _, _ in link_intrusions(H, pos, radius, was, EDGE_CLEARANCE - 1.1)}
    assert set(was) == crossed
    # and new nodes are placed off the links that stay: few of them are restyled
    assert len(changed) <= 0.05 * len(same_ends)


def test_a_view_is_routed_the_same_whatever_was_drawn_before(bundled):
    state = DEFAULT.replace(needs=NEED_IDS[1:])
    warm = Context.build(bundled, resolve({"data": str(BUNDLED)}))
    graphview.render(warm, DEFAULT.to_dict())  # the kept drawing taken from this render
    graphview.render(warm, DEFAULT.replace(needs=NEED_IDS[2:]).to_dict())
    cold = Context.build(bundled, resolve({"data": str(BUNDLED)}))  # made for this view
    assert graphview.render(warm, state.to_dict())[0] == graphview.render(cold, state.to_dict())[0]
