"""graph.views: filtered and bridged views behave as read-only graphs, cheaply.

Views are reached through `graph.query.filter_graph` (what callers use) and checked
against copied subgraphs and brute-force oracles; the tests of the machinery itself
(members before and after settling, the two bridging searches) call `graph.views`
directly; the need membership index has its own tests (test_needindex). The fixture
graph, oracles and strategies come from test_query.
"""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph import query as q
from graph import views
from graph.needindex import need_index
from graph.schema import NEED_IDS

from tests.strategies import tiered_graphs
from tests.test_query import (BRIDGES, FILTERS, PROPS, E, H, HO, L, bridged,
                              bridging_tier_sets, fixture_graph, oracle_keep, snapshot,
                              tier_sets)


@pytest.fixture
def G():
    return fixture_graph()


# --------------------------------------------------------------------------- members
VIEW_CASES = [  # small results are views over the kept nodes, large ones over the dropped
    ([L], None), ([H], ["job"]), (None, None), ([H, E, HO], None), (None, ["job", "profession"]),
]


def test_view_cases_cover_both_ways_of_walking_members(G):
    assert {views.select(G, needs, tiers).members().by_group
            for needs, tiers in VIEW_CASES} == {True, False}


@pytest.mark.parametrize("needs, tiers", VIEW_CASES)
def test_members_answer_the_same_before_and_after_settling(G, needs, tiers):
    members = views.select(G, needs, tiers).members()
    keep = oracle_keep(G, needs, tiers)

    def answers():
        test = members.test
        return [(n, members.contains(n), list(test.pick(G._succ[n])), test.count(G._pred[n]))
                for n in G]

    expected = [(n, n in keep, [s for s in G._succ[n] if s in keep],
                 sum(p in keep for p in G._pred[n])) for n in G]
    assert not members.settled
    assert answers() == expected
    members.settle()
    assert members.settled
    assert answers() == expected
    members.settle()  # once only
    assert answers() == expected
    assert sorted(members.order()) == sorted(keep) and members.length == len(keep)


def test_induced_views_keep_the_order_of_their_nodes(G):
    view = views.induced_view(G, ["teller", "bank", "finance"])
    assert list(view) == ["teller", "bank", "finance"]
    assert list(view.edges) == [("teller", "bank"), ("bank", "finance")]
    assert view.number_of_edges() == 2 and dict(view.pred["bank"]) == {"teller": G.edges[
        "teller", "bank"]}


# --------------------------------------------------------------------------- read-only views, bridging
def test_filtered_views_are_read_only_and_leave_the_graph_alone(G):
    before = snapshot(G)
    for needs, tiers, _ in FILTERS + BRIDGES:
        view = q.filter_graph(G, needs=needs, tiers=tiers)
        with pytest.raises(nx.NetworkXError):
            view.add_node("intruder")
    assert snapshot(G) == before


@PROPS
@given(G=tiered_graphs(), data=st.data(), tiers=bridging_tier_sets)
def test_both_bridging_searches_choose_the_same_via_chains(G, data, tiers):
    """The lazy search (acyclic graphs) and the eager one (graphs with cycles) agree on
    every bridged edge and its via chain, ties between equally short chains included."""
    needs = data.draw(st.none() | st.sets(st.sampled_from(NEED_IDS)))
    idx = need_index(G)
    assert idx.acyclic  # generated graphs are acyclic, so filter_graph takes the lazy path
    selection = views.select(G, needs, tiers)
    sources, _ = views._bridge_tiers(idx, selection.tier_set)
    eager = views._bridges(G, idx, selection.keep(), selection.sel, sources)
    lazy = bridged(q.filter_graph(G, needs=needs, tiers=tiers))
    assert {(u, v, "|".join(via)) for u, v, via in eager} == lazy


@pytest.mark.parametrize("edges, expected", [
    # two equally short chains: the smaller one (a < b) is chosen, whatever the edge order
    ([("org", "b"), ("org", "a"), ("a", "c"), ("b", "c"), ("c", H)], {("org", H, "a|c")}),
    ([("org", "a"), ("org", "b"), ("b", "c"), ("a", "c"), ("c", H)], {("org", H, "a|c")}),
    # a shorter chain beats a smaller one
    ([("org", "a"), ("a", "b"), ("b", H), ("org", "c"), ("c", H)], {("org", H, "c")}),
])
@pytest.mark.parametrize("cycle", [False, True])
def test_the_chosen_via_chain_is_the_shortest_then_smallest(edges, expected, cycle):
    G = nx.DiGraph()
    G.add_nodes_from([("org", {"tier": "organization"}), (H, {"tier": "need"})])
    G.add_nodes_from(["a", "b", "c"], tier="industry")
    G.add_edges_from(edges, relation="part_of")
    if cycle:  # a cycle among hidden nodes sends the filter down its eager path
        G.add_node("d", tier="industry")
        G.add_edges_from([("a", "d"), ("d", "a")], relation="part_of")
    assert bridged(q.filter_graph(G, tiers=["organization", "need"])) == expected


# --------------------------------------------------------------------------- views behave as graphs
@pytest.mark.parametrize("needs, tiers", VIEW_CASES)
def test_filtered_views_answer_like_a_copied_subgraph(G, needs, tiers):
    view = q.filter_graph(G, needs=needs, tiers=tiers)
    keep = oracle_keep(G, needs, tiers)
    copy_ = G.subgraph(keep).copy()
    assert len(view) == view.number_of_nodes() == len(keep)
    assert view.number_of_edges() == copy_.number_of_edges()
    assert dict(view.degree()) == dict(copy_.degree())
    assert sorted(view.edges(data=True)) == sorted(copy_.edges(data=True))
    assert dict(view.nodes(data=True)) == dict(copy_.nodes(data=True))
    for n in G:
        assert (n in view) == (n in keep)
        if n in keep:
            assert set(view.successors(n)) == set(copy_.successors(n))
            assert set(view.predecessors(n)) == set(copy_.predecessors(n))
            assert len(view.adj[n]) == len(copy_.adj[n])
        else:
            with pytest.raises((KeyError, nx.NetworkXError)):
                view.nodes[n]
    for u, v in G.edges:
        assert view.has_edge(u, v) == (u in keep and v in keep)
    assert nx.utils.graphs_equal(nx.DiGraph(view), copy_)
    inner = list(view)[: len(view) // 2]
    assert set(view.subgraph(inner)) == set(inner)
    assert nx.is_frozen(view)


@PROPS
@given(G=tiered_graphs(), data=st.data(), tiers=tier_sets)
def test_unbridged_views_answer_like_a_copied_subgraph(G, data, tiers):
    needs = data.draw(st.none() | st.sets(st.sampled_from(NEED_IDS)))
    view = q.filter_graph(G, needs=needs, tiers=tiers, bridge=False)
    copy_ = G.subgraph(oracle_keep(G, needs, tiers)).copy()
    assert nx.utils.graphs_equal(nx.DiGraph(view), copy_)
    assert view.number_of_edges() == copy_.number_of_edges()
    assert dict(view.in_degree()) == dict(copy_.in_degree())
    assert sorted(view.in_edges(data=True)) == sorted(copy_.in_edges(data=True))
    for n in copy_:
        assert dict(view.pred[n]) == dict(copy_.pred[n])
        assert dict(view.succ[n]) == dict(copy_.succ[n])


@PROPS
@given(G=tiered_graphs(), data=st.data(), tiers=bridging_tier_sets | tier_sets)
def test_bridged_views_predecessors_mirror_successors(G, data, tiers):
    needs = data.draw(st.none() | st.sets(st.sampled_from(NEED_IDS)))
    view = q.filter_graph(G, needs=needs, tiers=tiers)
    out_edges = {(u, v): d for u, v, d in view.edges(data=True)}
    in_edges = {(u, v): d for u, v, d in view.in_edges(data=True)}
    assert in_edges == out_edges
    assert view.number_of_edges() == len(out_edges) == sum(d for _, d in view.in_degree())
    for (u, v), d in out_edges.items():
        assert view.pred[v][u] is d or view.pred[v][u] == d
        assert view.has_edge(u, v) and u in view.predecessors(v)

