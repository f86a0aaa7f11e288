"""Positions of graph.layout: deterministic, complete, distinct, bounded, rings by tier rank."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graph.layout import LAYOUTS, NODE_GAP, circle, force, hierarchy, ring_radii, tier_rings
from graph.schema import NEED_IDS, RELATION_BY_PAIR, TIER_IDS, WORK_TIERS


def tiered(sizes: dict[str, int], seed: int = 1, edges_per_node: int = 2) -> nx.DiGraph:
    """Return a random tiered graph with the given number of nodes per work tier."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    for need in NEED_IDS:
        G.add_node(need, tier="need", label=need)
    by_tier = {"need": list(NEED_IDS)}
    for tier in WORK_TIERS:
        by_tier[tier] = [f"{tier}-{i}" for i in range(sizes.get(tier, 0))]
        G.add_nodes_from((n, {"tier": tier, "label": n}) for n in by_tier[tier])
    for tier in WORK_TIERS:
        targets = [t for t in TIER_IDS if (tier, t) in RELATION_BY_PAIR and t != tier]
        for n in by_tier[tier]:
            for _ in range(edges_per_node):
                t = rng.choice(targets)
                if by_tier[t]:
                    G.add_edge(n, rng.choice(by_tier[t]), relation=RELATION_BY_PAIR[(tier, t)])
    return G


SMALL = {"profession": 8, "industry": 5, "organization": 6, "job": 12}
REAL = {"profession": 120, "industry": 60, "organization": 90, "job": 400}
GRAPHS = {
    "small": lambda: tiered(SMALL),
    "real-sized": lambda: tiered(REAL, seed=3),
    "needs-only": lambda: tiered({}),
    "jobs-only": lambda: tiered({"job": 30}).subgraph([f"job-{i}" for i in range(30)]).copy(),
    "one-node": lambda: nx.DiGraph([("x", "x")]).subgraph(["x"]).copy(),
    "empty": nx.DiGraph,
}
FUNCS = [lay.function for lay in LAYOUTS.values()]


def shuffled(G: nx.DiGraph, seed: int) -> nx.DiGraph:
    """Return a copy of G with nodes and edges inserted in another order."""
    rng = random.Random(seed)
    nodes = list(G.nodes(data=True))
    edges = list(G.edges(data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.DiGraph()
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


@pytest.mark.parametrize("func", FUNCS, ids=list(LAYOUTS))
@pytest.mark.parametrize("name", list(GRAPHS))
def test_every_node_placed_once_at_distinct_finite_points(func, name):
    G = GRAPHS[name]()
    pos = func(G)
    assert set(pos) == set(G)
    assert all(len(p) == 2 and all(math.isfinite(c) for c in p) for p in pos.values())
    assert len(set(pos.values())) == len(G), "two nodes share a position"


@pytest.mark.parametrize("func", FUNCS, ids=list(LAYOUTS))
@pytest.mark.parametrize("name", ["small", "real-sized"])
def test_same_graph_in_any_insertion_order_gets_same_positions(func, name):
    G = GRAPHS[name]()
    assert func(G) == func(G)
    assert func(shuffled(G, 11)) == func(G)


@pytest.mark.parametrize("func", FUNCS, ids=list(LAYOUTS))
def test_input_graph_not_mutated(func):
    G = GRAPHS["small"]()
    before = (list(G.nodes(data=True)), list(G.edges(data=True)), dict(G.graph))
    func(G)
    assert (list(G.nodes(data=True)), list(G.edges(data=True)), dict(G.graph)) == before


@pytest.mark.parametrize("func", FUNCS, ids=list(LAYOUTS))
@pytest.mark.parametrize("name", ["small", "real-sized"])
def test_drawing_is_bounded_by_node_count(func, name):
    G = GRAPHS[name]()
    pos = func(G)
    extent = max(max(abs(x), abs(y)) for x, y in pos.values())
    # Generous: a few ring gaps plus one gap of arc per node.
    assert extent <= 1000 + len(G) * NODE_GAP
    assert extent >= NODE_GAP  # not collapsed onto a point


def _mean_radius(pos, G, tier):
    rs = [math.hypot(*pos[n]) for n in G if G.nodes[n]["tier"] == tier]
    return sum(rs) / len(rs)


@pytest.mark.parametrize("name", ["small", "real-sized"])
def test_rings_ordered_by_stability(name):
    G = GRAPHS[name]()
    pos = tier_rings(G)
    radii = [_mean_radius(pos, G, t) for t in TIER_IDS]
    assert radii == sorted(radii) and len(set(radii)) == len(radii), radii
    # Every node of a tier on the same ring, every ring strictly outside the previous one.
    for tier in TIER_IDS:
        rs = {round(math.hypot(*pos[n]), 0) for n in G if G.nodes[n]["tier"] == tier}
        assert len(rs) == 1, (tier, rs)


def test_needs_on_inner_circle_in_schema_order_clockwise_from_top():
    G = GRAPHS["small"]()
    pos = tier_rings(G)
    angles = [math.atan2(pos[n][1], pos[n][0]) for n in NEED_IDS]
    assert pos[NEED_IDS[0]][0] == pytest.approx(0) and pos[NEED_IDS[0]][1] < 0
    unwrapped = [(a - angles[0]) % (2 * math.pi) for a in angles]
    assert unwrapped == sorted(unwrapped)


def test_a_single_need_sits_at_the_centre_with_its_web_around_it():
    G = tiered(SMALL)
    H = G.subgraph([n for n in G if G.nodes[n]["tier"] != "need" or n == NEED_IDS[0]])
    pos = tier_rings(H)
    assert pos[NEED_IDS[0]] == (0.0, 0.0)
    assert min(math.hypot(*pos[n]) for n in H if n != NEED_IDS[0]) >= 100


def test_ring_grows_so_labels_have_room():
    G = tiered({"job": 500})
    pos = tier_rings(G)
    jobs = sorted((n for n in G if G.nodes[n]["tier"] == "job"),
                  key=lambda n: math.atan2(pos[n][1], pos[n][0]))
    gaps = [math.dist(pos[a], pos[b]) for a, b in zip(jobs, jobs[1:])]
    assert min(gaps) >= NODE_GAP * 0.95
    assert ring_radii(G)[4] >= 500 * NODE_GAP / (2 * math.pi)


@pytest.mark.parametrize("need", [NEED_IDS[0], NEED_IDS[3], NEED_IDS[6], NEED_IDS[9]])
def test_nodes_sit_near_the_need_they_serve(need):
    # One profession per need: each must be placed in the angular sector of its need.
    G = nx.DiGraph()
    for n in NEED_IDS:
        G.add_node(n, tier="need")
        G.add_node(f"p-{n}", tier="profession")
        G.add_edge(f"p-{n}", n, relation="serves")
    pos = tier_rings(G)
    a_need = math.atan2(pos[need][1], pos[need][0])
    a_prof = math.atan2(pos[f"p-{need}"][1], pos[f"p-{need}"][0])
    diff = abs((a_need - a_prof + math.pi) % (2 * math.pi) - math.pi)
    assert diff < 2 * math.pi / 12 / 2


def test_a_sparse_ring_keeps_its_nodes_beside_their_need():
    # Three professions serving one need gather around that need's angle, not all round.
    G = nx.DiGraph()
    G.add_nodes_from((n, {"tier": "need"}) for n in NEED_IDS)
    for i in range(3):
        G.add_node(f"p{i}", tier="profession")
        G.add_edge(f"p{i}", NEED_IDS[3], relation="serves")
    pos = tier_rings(G)
    a_need = math.atan2(pos[NEED_IDS[3]][1], pos[NEED_IDS[3]][0])
    r = math.hypot(*pos["p0"])
    for i in range(3):
        a = math.atan2(pos[f"p{i}"][1], pos[f"p{i}"][0])
        assert abs((a - a_need + math.pi) % (2 * math.pi) - math.pi) <= 1.01 * NODE_GAP / r
    gaps = sorted(math.dist(pos[f"p{i}"], pos[f"p{j}"]) for i in range(3) for j in range(i))
    assert gaps[0] >= NODE_GAP * 0.99


def test_hierarchy_rows_follow_tier_rank_and_barycentre():
    G = nx.DiGraph()
    G.add_nodes_from([("family", {"tier": "need"}), ("learning", {"tier": "need"})])
    # Inserted so that id order would put them the wrong way round.
    G.add_nodes_from([("a-teacher", {"tier": "profession"}), ("z-nanny", {"tier": "profession"})])
    G.add_edge("a-teacher", "learning", relation="serves")
    G.add_edge("z-nanny", "family", relation="serves")
    pos = hierarchy(G)
    assert pos["family"][1] < pos["a-teacher"][1]
    assert pos["z-nanny"][0] < pos["a-teacher"][0], "nanny should sit under Family (left)"


def test_hierarchy_wraps_long_rows():
    G = tiered({"job": 100})
    pos = hierarchy(G, row_width=40)
    job_rows = {pos[n][1] for n in G if G.nodes[n]["tier"] == "job"}
    assert len(job_rows) == 3
    assert max(abs(pos[n][0]) for n in G) <= 40 * NODE_GAP


def test_force_depends_on_seed_only():
    G = GRAPHS["small"]()
    assert force(G, seed=1) == force(shuffled(G, 5), seed=1)
    assert force(G, seed=1) != force(G, seed=2)


def test_circle_groups_tiers_in_rank_order():
    G = GRAPHS["small"]()
    pos = circle(G)
    order = sorted(G, key=lambda n: (math.atan2(pos[n][0], -pos[n][1]) % (2 * math.pi)))
    ranks = [TIER_IDS.index(G.nodes[n]["tier"]) for n in order]
    assert ranks == sorted(ranks)


def test_registry_names_labels_and_callables():
    assert list(LAYOUTS) == ["web", "hierarchy", "force", "circle"]
    assert LAYOUTS["web"].function is tier_rings
    assert all(lay.label and callable(lay.function) for lay in LAYOUTS.values())
