"""A need ticked or unticked moves none of the nodes that stay drawn (the web layout
drawn on the rings of the same view with every need), and the same view is always drawn
the same, whatever was drawn before it."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from graph.build import load_graph
from graph.layout import KEEP_SHARE, NODE_GAP, keep_drawing, ring_radii, tier_rings
from graph.schema import NEED_IDS
from explorer import graphview
from explorer.context import Context
from explorer.settings import resolve
from explorer.state import DEFAULT
from explorer.stylesheet import node_radius
from explorer.view import elements, kept_view, visible_graph
from tests.test_layout import family, shuffled, with_groups

REPO = Path(__file__).resolve().parents[1]
EDITIONS = {"bundled": REPO / "data", "us": REPO / "data" / "us"}


def without_need(G: nx.DiGraph, need: str) -> nx.DiGraph:
    """Return G less ``need`` and the nodes that reach no other need."""
    H = G.copy()
    H.remove_node(need)
    needs = [n for n in H if H.nodes[n]["tier"] == "need"]
    keep = set(needs)
    for n in needs:
        keep |= nx.ancestors(H, n)
    return H.subgraph(keep).copy()


def with_new_professions(G: nx.DiGraph, need: str, count: int) -> nx.DiGraph:
    """Return G with ``count`` new professions serving ``need``, a job under each."""
    H = G.copy()
    for i in range(count):
        H.add_node(f"new{i}", tier="profession")
        H.add_edge(f"new{i}", need, relation="serves")
        H.add_node(f"new{i}-job", tier="job")
        H.add_edge(f"new{i}-job", f"new{i}", relation="draws_on")
    return H


def min_gap(pos) -> float:
    xy = np.array(list(pos.values()))
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    return float(d.min())


# -- the layout


@pytest.mark.parametrize("need", [NEED_IDS[0], NEED_IDS[5], NEED_IDS[11]])
def test_a_need_unticked_moves_no_node_that_stays_and_new_ones_find_room(need):
    full = with_groups(family())
    before = tier_rings(full)
    view = with_new_professions(without_need(full, need), NEED_IDS[(NEED_IDS.index(need) + 1) % 12], 12)
    after = tier_rings(view, keep=(full, before))
    assert set(after) == set(view)
    assert all(after[n] == before[n] for n in view if n in full)
    # The new nodes sit on their tiers' rings, a node gap from every other node.
    assert min_gap(after) >= NODE_GAP * 0.9
    radii = ring_radii(full)
    for n in view:
        if n not in full:
            r = math.hypot(*after[n])
            assert r == pytest.approx(radii[{"profession": 1, "job": 4}[view.nodes[n]["tier"]]],
                                      abs=NODE_GAP * 2), n
    # The guides are the kept drawing's rings.
    assert ring_radii(view, keep=(full, before)) == {r: v for r, v in radii.items()}


def test_the_new_nodes_sit_near_the_need_they_serve():
    full = family()
    before = tier_rings(full)
    need = NEED_IDS[3]
    view = with_new_professions(without_need(full, NEED_IDS[4]), need, 4)
    after = tier_rings(view, keep=(full, before))
    aim = math.atan2(before[need][1], before[need][0])
    for i in range(4):
        angle = math.atan2(after[f"new{i}"][1], after[f"new{i}"][0])
        gap = abs((angle - aim + math.pi) % (2 * math.pi) - math.pi)
        assert gap < 2 * math.pi / 12, (i, gap)


def test_a_kept_drawing_is_the_same_in_any_insertion_order():
    full = family()
    before = tier_rings(full)
    view = with_new_professions(without_need(full, NEED_IDS[2]), NEED_IDS[7], 6)
    after = tier_rings(view, keep=(full, before))
    assert tier_rings(shuffled(view, 3), keep=(shuffled(full, 5), before)) == after


def test_a_view_sharing_too_little_with_the_drawing_is_laid_out_afresh():
    full = family()
    before = tier_rings(full)
    small = full.subgraph([NEED_IDS[0], *nx.ancestors(full, NEED_IDS[0])]).copy()
    view = with_new_professions(small, NEED_IDS[0], int(len(small) / KEEP_SHARE))
    assert keep_drawing(view, (full, before)) is None
    assert tier_rings(view, keep=(full, before)) == tier_rings(view)
    # Nor is a view that keeps only a corner of the drawing (one need of twelve): drawn on
    # the big rings it would be a wedge of a drawing; afresh it uses the canvas.
    assert len(small) < KEEP_SHARE * len(full)
    assert keep_drawing(small, (full, before)) is None
    assert tier_rings(small, keep=(full, before)) == tier_rings(small)
    # A need the drawing does not have cannot take a free place either.
    view = small.copy()
    view.add_node("another-need", tier="need")
    assert tier_rings(view, keep=(full, before)) == tier_rings(view)


# -- the explorer's views


@pytest.fixture(scope="module")
def contexts():
    out = {}
    for name, folder in EDITIONS.items():
        if (folder / "nodes.csv").is_file():
            G = load_graph(folder)
            out[name] = Context.build(G, resolve({"data": str(folder)}))
    return out


def context(contexts, edition):
    if edition not in contexts:
        pytest.skip(f"{EDITIONS[edition]} has no nodes.csv")
    return contexts[edition]


def placed(els) -> dict:
    return {e["data"]["id"]: (e["position"]["x"], e["position"]["y"]) for e in els
            if "position" in e and "ring" not in e.get("classes", "").split()}


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("need", [NEED_IDS[1], NEED_IDS[6], NEED_IDS[11]])
def test_unticking_a_need_moves_no_drawn_node_and_ticking_it_back_redraws_the_first_view(
        contexts, edition, need):
    ctx = context(contexts, edition)
    first = graphview.render(ctx, DEFAULT.to_dict())[0]
    state = DEFAULT.replace(needs=[n for n in NEED_IDS if n != need])
    els = graphview.render(ctx, state.to_dict())[0]
    before, after = placed(first), placed(els)
    shared = [n for n in after if n in before]
    assert len(shared) >= KEEP_SHARE * len(after)
    assert [n for n in shared if after[n] != before[n]] == []
    assert need not in after
    # The rings are the first view's, and no node is drawn over another.
    rings = {e["data"]["id"]: e["data"]["diameter"] for e in els if "ring" in e["classes"].split()
             and "diameter" in e["data"]}
    assert rings and all(d == next(f["data"]["diameter"] for f in first
                                   if f["data"]["id"] == ring) for ring, d in rings.items())
    radius = {e["data"]["id"]: node_radius(e["data"]) for e in els if e["data"]["id"] in after}
    nodes = sorted(after)
    touching = [(a, b) for i, a in enumerate(nodes) for b in nodes[:i]
                if math.dist(after[a], after[b]) < radius[a] + radius[b]]
    assert touching == []
    assert graphview.render(ctx, DEFAULT.to_dict())[0] == first


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_a_view_is_drawn_the_same_whatever_was_drawn_before(contexts, edition):
    # Same address, same picture: a fresh server (no cache) draws what a warm one does.
    ctx = context(contexts, edition)
    state = DEFAULT.replace(needs=NEED_IDS[:9], tiers=["need", "profession", "industry"])
    warm = graphview.render(ctx, state.to_dict())[0]
    G = ctx.graph
    like = visible_graph(G, state.replace(needs=NEED_IDS), ctx.cap)
    cold = elements(visible_graph(G, state, ctx.cap), "web", like=like)
    assert placed(cold) == placed(warm)


def test_only_a_web_view_with_some_needs_unticked_keeps_a_drawing():
    G = nx.DiGraph([("chef", "leisure")])
    nx.set_node_attributes(G, {"leisure": "need", "chef": "profession"}, "tier")
    assert kept_view(G, DEFAULT) is None
    assert kept_view(G, DEFAULT.replace(needs=[])) is None
    assert kept_view(G, DEFAULT.replace(needs=["leisure"], layout="force")) is None
    assert kept_view(G, DEFAULT.replace(needs=["leisure"])).state.needs == DEFAULT.needs
