"""graph.needindex: each node's need bitmask is exactly the needs it reaches, on both paths
(one pass in tier order, the general fixpoint), and the index is cached per graph. The
fixture graph comes from test_query.
"""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given

from graph.needindex import need_index
from tests.strategies import tiered_graphs
from tests.test_query import PROPS, fixture_graph


@pytest.fixture
def G():
    return fixture_graph()


@PROPS
@given(G=tiered_graphs())
def test_need_index_masks_are_the_needs_each_node_reaches(G):
    idx = need_index(G)
    assert idx.acyclic
    for n in G:
        reached = {m for m in nx.descendants(G, n) | {n} if G.nodes[m]["tier"] == "need"}
        assert {need for need, b in idx.bit.items() if idx.mask[n] & b} == reached


def test_need_index_of_a_graph_with_a_cycle_takes_the_general_path(G):
    G.add_edge("health-care", "hospitals", relation="part_of")  # hospitals is part of it too
    G.add_edge("nurse", "bank", relation="practised_in")  # an edge against the tier order
    idx = need_index(G)
    assert not idx.acyclic
    for n in G:
        reached = {m for m in nx.descendants(G, n) | {n} if G.nodes[m]["tier"] == "need"}
        assert {need for need, b in idx.bit.items() if idx.mask[n] & b} == reached


def test_need_index_is_cached_per_graph_and_rebuilt_when_it_changes(G):
    idx = need_index(G)
    assert need_index(G) is idx
    assert need_index(fixture_graph()) is not idx
    G.add_node("newcomer", tier="job")
    assert need_index(G) is not idx and "newcomer" in need_index(G).mask
