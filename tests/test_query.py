"""Semantics of graph.query: filters, bridged edges, neighbourhoods, reasons, paths, summaries.

The tables below pin the behaviour on a small hand-made graph (built here, not the bundled
data) whose expected answers were worked out by hand from the edges listed in FIXTURE_EDGES.
Property tests then check the same rules on random graphs against brute-force oracles.
How the results are built as views is tested in test_views, name resolution in
test_resolve; both reuse the fixture graph, oracles and strategies defined here.
"""

from __future__ import annotations

import copy

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import query as q
from graph.errors import UnknownNameError
from graph.schema import BRIDGED, NEED_IDS, TIER_IDS, WORK_TIERS, tier_rank

from tests.strategies import tiered_graphs

H, E, HO, L = "health-and-well-being", "economic-security", "home-and-shelter", "leisure"

FIXTURE_NODES = {
    H: "need", E: "need", HO: "need", L: "need",
    "nurse": "profession", "accountant": "profession", "electrician": "profession",
    "hobbyist": "profession",
    "health-care": "industry", "hospitals": "industry", "finance": "industry",
    "construction": "industry",
    "sinai": "organization", "clinic": "organization", "bank": "organization",
    "builder": "organization",
    "staff-nurse": "job", "company-nurse": "job", "teller": "job", "loan-officer": "job",
    "site-electrician": "job", "intern": "job",
}
FIXTURE_EDGES = [
    ("nurse", H, "serves"), ("nurse", "hospitals", "practised_in"),
    ("accountant", E, "serves"), ("accountant", "finance", "practised_in"),
    ("electrician", "construction", "practised_in"),
    ("health-care", H, "addresses"), ("hospitals", "health-care", "part_of"),
    ("finance", E, "addresses"), ("construction", HO, "addresses"),
    ("sinai", "hospitals", "operates_in"), ("sinai", H, "serves"),
    ("clinic", "hospitals", "operates_in"),
    ("bank", "finance", "operates_in"),
    ("builder", "construction", "operates_in"), ("builder", HO, "serves"),
    ("staff-nurse", "nurse", "draws_on"), ("staff-nurse", "sinai", "sits_in"),
    ("company-nurse", "nurse", "draws_on"), ("company-nurse", "bank", "sits_in"),
    ("teller", "bank", "sits_in"),
    ("loan-officer", "accountant", "draws_on"), ("loan-officer", "bank", "sits_in"),
    ("site-electrician", "electrician", "draws_on"), ("site-electrician", "builder", "sits_in"),
]

WEB = {
    H: {H, "nurse", "health-care", "hospitals", "sinai", "clinic", "staff-nurse", "company-nurse"},
    E: {E, "accountant", "finance", "bank", "company-nurse", "teller", "loan-officer"},
    HO: {HO, "electrician", "construction", "builder", "site-electrician"},
    L: {L},
}
ALL = set(FIXTURE_NODES)


def fixture_graph() -> nx.DiGraph:
    """Build the hand-made fixture graph with load_graph's attribute conventions."""
    G = nx.DiGraph(name="fixture", checksum="0" * 64, warnings=[])
    for node, tier in FIXTURE_NODES.items():
        label = node.replace("-", " ").title()
        G.add_node(node, label=label, tier=tier, description=f"About {label}.", code="",
                   aliases="")
    G.nodes[H]["aliases"] = "health|wellness"
    G.nodes["nurse"]["aliases"] = "RN|Registered Nurse"
    G.nodes["accountant"]["code"] = "13-2011"
    for u, v, relation in FIXTURE_EDGES:
        G.add_edge(u, v, relation=relation, evidence="")
    return G


@pytest.fixture
def G():
    return fixture_graph()


def snapshot(G):
    """Return a deep copy of everything in G that a query must leave alone."""
    return (copy.deepcopy(dict(G.graph)), copy.deepcopy(list(G.nodes(data=True))),
            copy.deepcopy(list(G.edges(data=True))))


def bridged(H):
    """Return the set of (source, target, via) of H's bridged edges."""
    return {(u, v, d["via"]) for u, v, d in H.edges(data=True) if d.get("relation") == BRIDGED}


def real_edges(H):
    """Return the set of (source, target) of H's non-bridged edges."""
    return {(u, v) for u, v, d in H.edges(data=True) if d.get("relation") != BRIDGED}


# --------------------------------------------------------------------------- need webs
@pytest.mark.parametrize("need", [H, E, HO, L])
def test_need_web_is_the_need_and_everything_with_a_directed_path_to_it(G, need):
    assert q.need_web(G, need) == WEB[need]


@pytest.mark.parametrize("name, need", [
    ("Health and Well Being", H), ("HEALTH", H), ("wellness", H), ("Économic Security", E),
    ("home", HO), ("economic-security", E),
])
def test_need_web_accepts_need_names(G, name, need):
    assert q.need_web(G, name) == WEB[need]


def test_need_web_of_a_need_missing_from_the_graph_is_empty(G):
    assert q.need_web(G, "spirituality") == frozenset()


# --------------------------------------------------------------------------- filters
FILTERS = [
    # needs, tiers, expected nodes
    (None, None, ALL),
    ([H], None, WEB[H]),
    ([E], None, WEB[E]),
    ([H, E], None, WEB[H] | WEB[E]),
    ([L], None, {L}),
    ([], None, set()),
    ("economic-security", None, WEB[E]),
    (None, ["need"], {H, E, HO, L}),
    (None, ["job"], {"staff-nurse", "company-nurse", "teller", "loan-officer", "site-electrician",
                     "intern"}),
    (None, "profession", {"nurse", "accountant", "electrician", "hobbyist"}),
    (None, [], set()),
    ([H], ["job"], {"staff-nurse", "company-nurse"}),
    ([E], ["need", "organization"], {E, "bank"}),
    ([H, HO], ["need", "profession"], {H, HO, "nurse", "electrician"}),
    (["Health and Well Being"], ["Jobs"], {"staff-nurse", "company-nurse"}),
]


@pytest.mark.parametrize("needs, tiers, expected", FILTERS)
def test_filter_keeps_exactly_the_chosen_webs_and_tiers(G, needs, tiers, expected):
    assert set(q.filter_graph(G, needs=needs, tiers=tiers)) == expected


@pytest.mark.parametrize("needs, tiers, expected", FILTERS)
def test_filter_keeps_every_real_edge_between_kept_nodes(G, needs, tiers, expected):
    view = q.filter_graph(G, needs=needs, tiers=tiers)
    assert real_edges(view) == {(u, v) for u, v in G.edges if u in expected and v in expected}
    for u, v in real_edges(view):
        assert view.edges[u, v] == G.edges[u, v]


def test_unchosen_need_nodes_are_dropped_even_when_kept_nodes_serve_them(G):
    view = q.filter_graph(G, needs=[H])
    assert "company-nurse" in view and E not in view
    assert list(view.successors("company-nurse")) == ["nurse"]


BRIDGES = [
    # needs, tiers, expected bridged (source, target, via)
    (None, ["need", "organization"], {("clinic", H, "hospitals|health-care"),
                                      ("bank", E, "finance")}),
    (None, ["job", "need"], {("staff-nurse", H, "nurse"), ("company-nurse", H, "nurse"),
                             ("company-nurse", E, "bank|finance"), ("teller", E, "bank|finance"),
                             ("loan-officer", E, "accountant"),
                             ("site-electrician", HO, "builder")}),
    (None, ["job", "industry", "need"], {
        ("staff-nurse", H, "nurse"), ("staff-nurse", "hospitals", "nurse"),
        ("company-nurse", H, "nurse"), ("company-nurse", "hospitals", "nurse"),
        ("company-nurse", "finance", "bank"), ("teller", "finance", "bank"),
        ("loan-officer", E, "accountant"), ("loan-officer", "finance", "accountant"),
        ("site-electrician", "construction", "builder"), ("site-electrician", HO, "builder")}),
    (None, ["profession", "need"], {("electrician", HO, "construction")}),
    (None, ["need", "profession", "organization", "job"], {
        ("electrician", HO, "construction"), ("clinic", H, "hospitals|health-care"),
        ("bank", E, "finance")}),
    ([E], ["job", "need"], {("company-nurse", E, "bank|finance"), ("teller", E, "bank|finance"),
                            ("loan-officer", E, "accountant")}),
    ([H], ["need", "organization"], {("clinic", H, "hospitals|health-care")}),
    ([L], ["job", "need"], set()),
    (None, None, set()),
    (None, ["job"], set()),  # nothing visible to bridge to
    (None, ["need", "industry"], set()),  # hidden tiers never lie between two industries
]


@pytest.mark.parametrize("needs, tiers, expected", BRIDGES)
def test_hidden_tiers_are_bridged(G, needs, tiers, expected):
    view = q.filter_graph(G, needs=needs, tiers=tiers)
    assert bridged(view) == expected
    for u, v, via in expected:
        assert view.edges[u, v]["bridged"] is True
        assert view.edges[u, v]["relation"] == "bridged"


@pytest.mark.parametrize("needs, tiers, expected", [b for b in BRIDGES if b[2]])
def test_bridge_false_adds_no_edges(G, needs, tiers, expected):
    view = q.filter_graph(G, needs=needs, tiers=tiers, bridge=False)
    assert bridged(view) == set()
    assert set(view.edges) == {(u, v) for u, v in G.edges if u in view and v in view}


@pytest.mark.parametrize("source, target", [("sinai", H), ("builder", HO)])
def test_no_bridged_edge_where_a_real_edge_joins_the_pair(G, source, target):
    view = q.filter_graph(G, tiers=["need", "organization"])
    assert view.edges[source, target]["relation"] == "serves"
    assert "bridged" not in view.edges[source, target]


def test_bridged_edges_go_through_cycles_of_hidden_nodes():
    G = nx.DiGraph()
    G.add_nodes_from([("org", {"tier": "organization"}), ("a", {"tier": "industry"}),
                      ("b", {"tier": "industry"}), ("c", {"tier": "industry"}),
                      (H, {"tier": "need"})])
    G.add_edges_from([("org", "a"), ("a", "b"), ("b", "a"), ("b", "c"), ("c", H)],
                     relation="part_of")
    assert bridged(q.filter_graph(G, tiers=["organization", "need"])) == {("org", H, "a|b|c")}


@pytest.mark.parametrize("needs, tiers, kind, bad", [
    (["helth"], None, "need", "helth"),
    (None, ["guild"], "tier", "guild"),
    ([H, "nope"], ["job"], "need", "nope"),
])
def test_unknown_filter_names_raise_with_suggestions(G, needs, tiers, kind, bad):
    with pytest.raises(UnknownNameError) as info:
        q.filter_graph(G, needs=needs, tiers=tiers)
    assert info.value.kind == kind and info.value.name == bad
    assert bad in str(info.value)


def test_unknown_need_suggests_the_closest(G):
    with pytest.raises(UnknownNameError) as info:
        q.filter_graph(G, needs=["helth"])
    assert info.value.suggestions[0] == H


# --------------------------------------------------------------------------- neighbourhood
NEIGHBOURHOODS = [
    ("bank", 0, None, {"bank"}),
    ("bank", 1, None, {"bank", "finance", "company-nurse", "teller", "loan-officer"}),
    ("bank", 2, None, {"bank", "finance", "company-nurse", "teller", "loan-officer", E,
                       "accountant", "nurse"}),
    ("bank", 1, ["job"], {"bank", "company-nurse", "teller", "loan-officer"}),
    ("bank", 2, ["job", "profession"], {"bank", "company-nurse", "teller", "loan-officer",
                                        "nurse", "accountant"}),
    ("bank", 2, ["need"], {"bank"}),  # the walk never leaves through hidden tiers
    (H, 1, None, {H, "nurse", "health-care", "sinai"}),
    (H, 1, ["profession"], {H, "nurse"}),
    ("intern", 3, None, {"intern"}),
    ("hospitals", 1, None, {"hospitals", "health-care", "nurse", "sinai", "clinic"}),
]


@pytest.mark.parametrize("node, depth, tiers, expected", NEIGHBOURHOODS)
def test_neighbourhood_walks_both_directions_to_depth(G, node, depth, tiers, expected):
    view = q.neighbourhood(G, node, depth=depth, tiers=tiers)
    assert set(view) == expected
    assert set(view.edges) == {(u, v) for u, v in G.edges if u in expected and v in expected}


def test_neighbourhood_accepts_a_label(G):
    assert set(q.neighbourhood(G, "Staff Nurse", 1)) == {"staff-nurse", "nurse", "sinai"}


@pytest.mark.parametrize("depth", [-1, 1.5, "2", True])
def test_neighbourhood_rejects_a_bad_depth(G, depth):
    with pytest.raises(q.QueryError, match="depth"):
        q.neighbourhood(G, "bank", depth=depth)


def test_neighbourhood_of_an_unknown_node_suggests_close_ones(G):
    with pytest.raises(UnknownNameError) as info:
        q.neighbourhood(G, "tellr")
    assert "teller" in info.value.suggestions


# --------------------------------------------------------------------------- reasons, paths
NEEDS_SERVED = [
    ("staff-nurse", {H: ["staff-nurse", "nurse", H]}),
    ("company-nurse", {E: ["company-nurse", "bank", "finance", E],
                       H: ["company-nurse", "nurse", H]}),
    ("clinic", {H: ["clinic", "hospitals", "health-care", H]}),
    ("site-electrician", {HO: ["site-electrician", "builder", HO]}),
    ("electrician", {HO: ["electrician", "construction", HO]}),
    ("hobbyist", {}),
    ("intern", {}),
    (H, {H: [H]}),
]


@pytest.mark.parametrize("node, expected", NEEDS_SERVED)
def test_needs_served_gives_the_shortest_proof_chain_per_need(G, node, expected):
    served = q.needs_served(G, node)
    assert served == expected
    assert list(served) == [n for n in NEED_IDS if n in served]  # NEEDS order


def test_needs_served_chains_are_shortest_directed_paths(G):
    for node in G:
        for need, chain in q.needs_served(G, node).items():
            assert chain[0] == node and chain[-1] == need
            assert all(G.has_edge(a, b) for a, b in zip(chain, chain[1:]))
            assert len(chain) - 1 == nx.shortest_path_length(G, node, need)


PATHS = [
    ("teller", "loan-officer", 3),  # teller - bank - loan-officer
    ("teller", "staff-nurse", 5),  # teller - bank - company-nurse - nurse - staff-nurse
    (H, "clinic", 4),  # against the edge directions: H - health-care - hospitals - clinic
    ("bank", "bank", 1),
    ("hobbyist", "bank", None),
    ("intern", "hobbyist", None),
    ("site-electrician", "teller", None),
]


@pytest.mark.parametrize("a, b, length", PATHS)
def test_shortest_path_ignores_direction(G, a, b, length):
    path = q.shortest_path(G, a, b)
    if length is None:
        assert path is None
        return
    assert len(path) == length and path[0] == a and path[-1] == b
    assert all(G.has_edge(x, y) or G.has_edge(y, x) for x, y in zip(path, path[1:]))


def test_shortest_path_with_an_unknown_end_raises(G):
    with pytest.raises(UnknownNameError):
        q.shortest_path(G, "teller", "no-such-node")


# --------------------------------------------------------------------------- resolving names
# --------------------------------------------------------------------------- summaries
def test_coverage_counts_nodes_of_each_tier_in_each_need_web(G):
    table = q.coverage(G)
    assert list(table.index) == list(NEED_IDS)
    assert list(table.columns) == list(WORK_TIERS)
    for need in NEED_IDS:
        for tier in WORK_TIERS:
            expected = sum(1 for n in WEB.get(need, ()) if FIXTURE_NODES[n] == tier)
            assert table.loc[need, tier] == expected, (need, tier)


def test_coverage_of_a_filtered_view_counts_only_what_is_shown(G):
    table = q.coverage(q.filter_graph(G, needs=[E], tiers=["job", "need"]))
    assert table.loc[E].to_dict() == {"profession": 0, "industry": 0, "organization": 0, "job": 3}
    assert table.loc[H].sum() == 0


def test_rank_degree(G):
    # nurse, hospitals and bank have 4 links each; ties go to the more enduring tier
    assert q.rank_degree(G, top=3) == [("nurse", 4), ("hospitals", 4), ("bank", 4)]
    ranking = q.rank_degree(G, top=3)
    degrees = dict(G.degree())
    assert [v for _, v in ranking] == sorted(degrees.values(), reverse=True)[:3]
    # ties: the more enduring tier first (need before profession before organization)
    tied = [n for n, _ in q.rank_degree(G, top=None) if degrees[n] == 4]
    assert tied == sorted(tied, key=lambda n: (tier_rank(FIXTURE_NODES[n]), n))


def test_rank_degree_within_tiers(G):
    assert [n for n, _ in q.rank_degree(G, top=2, tiers=["job"])] == ["company-nurse",
                                                                     "loan-officer"]


def test_rank_betweenness_matches_networkx_on_the_undirected_graph(G):
    expected = nx.betweenness_centrality(G.to_undirected())
    ranking = q.rank_betweenness(G, top=5)
    assert len(ranking) == 5
    for node, value in ranking:
        assert value == pytest.approx(expected[node])
    assert ranking[0][1] == max(expected.values())


def test_rank_betweenness_samples_with_a_fixed_seed_above_the_limit(monkeypatch):
    monkeypatch.setattr(q, "BETWEENNESS_SAMPLES", 20)
    G = nx.gnm_random_graph(q.BETWEENNESS_EXACT_LIMIT + 1, 1500, seed=1, directed=True)
    nx.set_node_attributes(G, "job", "tier")
    first = q.rank_betweenness(G, top=5)  # estimated from 20 pivots
    assert first == q.rank_betweenness(G, top=5)  # same seed, same answer
    sampled = nx.betweenness_centrality(nx.Graph(G), k=20, seed=q.BETWEENNESS_SEED)
    assert [v for _, v in first] == sorted(sampled.values(), reverse=True)[:5]


# --------------------------------------------------------------------------- properties
PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# each tier shown or hidden with even odds, so hidden tiers between shown ones are common
tier_sets = st.none() | st.lists(st.booleans(), min_size=len(TIER_IDS), max_size=len(TIER_IDS)).map(
    lambda shown: {t for t, s in zip(TIER_IDS, shown) if s})
# the views people use most: one or more middle tiers hidden between shown ones
bridging_tier_sets = st.sampled_from([
    {"organization", "need"}, {"job", "need"}, {"profession", "need"},
    {"job", "industry", "need"}, {"need", "profession", "organization", "job"},
    {"job", "organization"}, {"job", "industry"}])


def oracle_keep(G, needs, tiers):
    """Brute force: the nodes a filter must keep, from nx.descendants."""
    keep = set()
    for n, t in G.nodes(data="tier"):
        if tiers is not None and t not in tiers:
            continue
        if needs is not None:
            if t == "need":
                if n not in needs:
                    continue
            elif not (nx.descendants(G, n) & set(needs)):
                continue
        keep.add(n)
    return keep


def oracle_bridges(G, keep, needs, tiers):
    """Brute force: (u, v) -> length of the shortest path through hidden nodes only."""
    if tiers is None:
        return {}
    allowed = {n for n in G if n not in keep and G.nodes[n]["tier"] not in tiers}
    if needs is not None:
        allowed = {n for n in allowed if nx.descendants(G, n) & set(needs)}
    inner = G.subgraph(allowed)
    out = {}
    for u in keep:
        for s in G.successors(u):
            if s not in allowed:
                continue
            for h, dist in nx.single_source_shortest_path_length(inner, s).items():
                for v in G.successors(h):
                    if v in keep and v != u and not G.has_edge(u, v):
                        hops = dist + 1
                        out[u, v] = min(out.get((u, v), hops), hops)
    return out


@PROPS
@given(G=tiered_graphs(), data=st.data(), tiers=bridging_tier_sets | tier_sets)
def test_filters_follow_the_definitions(G, data, tiers):
    needs = data.draw(st.none() | st.sets(st.sampled_from(NEED_IDS)))
    before = snapshot(G)
    view = q.filter_graph(G, needs=needs, tiers=tiers)
    keep = oracle_keep(G, needs, tiers)
    assert set(view) == keep  # never invents nor loses nodes
    for u, v, d in view.edges(data=True):
        assert u in keep and v in keep
        if d.get("relation") != BRIDGED:
            assert G.has_edge(u, v) and d == G.edges[u, v]
    assert real_edges(view) == {(u, v) for u, v in G.edges if u in keep and v in keep}
    expected = oracle_bridges(G, keep, needs, tiers)
    assert {(u, v) for u, v, _ in bridged(view)} == set(expected)
    for u, v, via in bridged(view):
        hops = via.split("|")
        path = [u, *hops, v]
        assert all(G.has_edge(a, b) for a, b in zip(path, path[1:]))  # a real directed path
        assert all(h not in keep and G.nodes[h]["tier"] not in tiers for h in hops)
        assert len(hops) == expected[u, v]  # one of the shortest
    assert snapshot(G) == before


@PROPS
@given(G=tiered_graphs(), data=st.data(), tiers=tier_sets)
def test_neighbourhood_is_exactly_the_nodes_within_depth(G, data, tiers):
    node = data.draw(st.sampled_from(sorted(G)))
    depth = data.draw(st.integers(0, 3))
    before = snapshot(G)
    view = q.neighbourhood(G, node, depth=depth, tiers=tiers)
    allowed = [n for n in G if tiers is None or G.nodes[n]["tier"] in tiers or n == node]
    U = G.subgraph(allowed).to_undirected()
    assert set(view) == set(nx.single_source_shortest_path_length(U, node, cutoff=depth))
    assert node in view
    assert set(view.edges) == {(u, v) for u, v in G.edges if u in view and v in view}
    assert snapshot(G) == before


@PROPS
@given(G=tiered_graphs(), data=st.data())
def test_needs_served_and_paths_agree_with_networkx(G, data):
    node = data.draw(st.sampled_from(sorted(G)))
    other = data.draw(st.sampled_from(sorted(G)))
    before = snapshot(G)
    served = q.needs_served(G, node)
    reachable = {n for n in nx.descendants(G, node) | {node} if G.nodes[n]["tier"] == "need"}
    assert set(served) == reachable
    for need, chain in served.items():
        assert all(G.has_edge(a, b) for a, b in zip(chain, chain[1:]))
        assert len(chain) - 1 == nx.shortest_path_length(G, node, need)
    path = q.shortest_path(G, node, other)
    U = G.to_undirected()
    if nx.has_path(U, node, other):
        assert len(path) - 1 == nx.shortest_path_length(U, node, other)
    else:
        assert path is None
    assert snapshot(G) == before


@PROPS
@given(G=tiered_graphs())
def test_coverage_agrees_with_descendants(G):
    table = q.coverage(G)
    for need in NEED_IDS:
        for tier in WORK_TIERS:
            expected = sum(1 for n, t in G.nodes(data="tier")
                           if t == tier and need in G and need in nx.descendants(G, n))
            assert table.loc[need, tier] == expected


# --------------------------------------------------------------------------- re-exports
def test_query_re_exports_what_callers_import_from_it():
    from graph import search
    for name in q.__all__:  # name resolution: see test_resolve
        assert hasattr(q, name), name
    assert q.search is search.search and q.SearchIndex is search.SearchIndex
    assert q.Match is search.Match
