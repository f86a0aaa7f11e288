"""graph.resolve: names people type (ids, labels, aliases, codes, near-misses) to ids, and back.

The hand-made fixture graph of test_query is used: its expected answers were worked out
by hand from its nodes and aliases.
"""

from __future__ import annotations

import networkx as nx
import pytest

from graph import query
from graph import resolve as r
from graph.errors import UnknownNameError, WebOfWorkError
from graph.schema import NEED_IDS, TIER_IDS

from tests.test_query import E, H, fixture_graph


@pytest.fixture
def G():
    return fixture_graph()


# --------------------------------------------------------------------------- nodes and needs
@pytest.mark.parametrize("name, expected", [
    ("teller", "teller"), ("Teller", "teller"), ("TELLER", "teller"), ("Loan Officer", "loan-officer"),
    ("registered nurse", "nurse"), ("RN", "nurse"), ("13-2011", "accountant"),
    ("Économic Security", E), ("wellness", H),
])
def test_resolve_node_by_id_label_alias_or_code(G, name, expected):
    assert r.resolve_node(G, name) == expected


@pytest.mark.parametrize("name, suggestion", [
    ("tellr", "teller"), ("acountant", "accountant"), ("loan oficer", "loan-officer"),
    ("Constructoin", "construction"),
    ("nursing", "nurse"),  # nothing within one typo: a shorter stem finds "Nurse"
    ("financial", "finance"),
])
def test_resolve_node_unknown_suggests_close_matches(G, name, suggestion):
    with pytest.raises(UnknownNameError) as info:
        r.resolve_node(G, name)
    assert suggestion in info.value.suggestions
    assert name in str(info.value) and suggestion in str(info.value)


@pytest.mark.parametrize("name", ["", "   ", None, "zzzzqqqq"])
def test_resolve_node_hopeless_names_raise(G, name):
    with pytest.raises(UnknownNameError):
        r.resolve_node(G, name)


@pytest.mark.parametrize("name, expected", [
    (H, H), ("Health and Well Being", H), ("health and well-being", H), ("Health", H),
    ("wellness", H), ("Environment & Safety", "environment-and-safety"),
    ("ENVIRONMENT", "environment-and-safety"), ("Work/Career", "work-career"),
    ("spirituality", "spirituality"),  # one of the 12, though the graph lacks it
])
def test_resolve_need(G, name, expected):
    assert r.resolve_need(G, name) == expected


@pytest.mark.parametrize("name, suggestion", [
    ("helth", H), ("familly", "family"), ("Spiritualty", "spirituality"),
])
def test_resolve_need_unknown_suggests(G, name, suggestion):
    with pytest.raises(UnknownNameError) as info:
        r.resolve_need(G, name)
    assert info.value.kind == "need" and info.value.suggestions[0] == suggestion


def test_errors_share_the_package_base_class(G):
    with pytest.raises(WebOfWorkError):
        r.resolve_need(G, "nothing like a need")



# --------------------------------------------------------------------------- tiers
@pytest.mark.parametrize("name, expected", [
    ("job", "job"), ("Jobs", "job"), ("Positions/Jobs", "job"), ("INDUSTRIES", "industry"),
    ("Profession/Trade", "profession"), ("needs", "need"), ("organizations", "organization"),
])
def test_resolve_tier_by_id_label_or_plural(name, expected):
    assert r.resolve_tier(name) == expected


@pytest.mark.parametrize("name", ["guild", "", None])
def test_resolve_tier_unknown_suggests_tier_ids(name):
    with pytest.raises(UnknownNameError) as info:
        r.resolve_tier(name)
    assert info.value.kind == "tier" and set(info.value.suggestions) <= set(TIER_IDS)
    assert info.value.suggestions


@pytest.mark.parametrize("tiers, expected", [
    (None, None), ("Jobs", {"job"}), (["need", "Industries"], {"need", "industry"}),
    ((), set()),
])
def test_resolve_tiers_takes_one_name_or_many(tiers, expected):
    assert r.resolve_tiers(tiers) == expected


# --------------------------------------------------------------------------- labels, order
def test_label_is_the_label_or_else_the_id(G):
    G.nodes["teller"]["label"] = ""
    G.add_node(7, tier="job")
    assert r.label(G, "nurse") == "Nurse"
    assert r.label(G, "teller") == "teller"
    assert r.label(G, 7) == "7"
    assert r.label(nx.freeze(nx.subgraph_view(G, filter_node=lambda n: n == "nurse")),
                   "nurse") == "Nurse"
    with pytest.raises(KeyError):
        r.label(G, "no-such-node")


def test_label_and_resolve_node_are_inverse_on_unique_labels(G):
    for node in G:
        assert r.resolve_node(G, r.label(G, node)) == node


def test_need_order_puts_the_twelve_needs_first_in_their_order():
    shuffled = ["zz-other", *reversed(NEED_IDS), "aa-other"]
    assert sorted(shuffled, key=r.need_order) == [*NEED_IDS, "aa-other", "zz-other"]


def test_require_node_takes_ids_as_they_are_and_resolves_the_rest():
    G = fixture_graph()
    assert r.require_node(G, "teller") == "teller"
    assert r.require_node(G, "Loan Officer") == "loan-officer"
    with pytest.raises(UnknownNameError):
        r.require_node(G, "no such thing at all")


def test_query_re_exports_name_resolution():
    for name in ("resolve_node", "resolve_need", "resolve_tier", "label"):
        assert getattr(query, name) is getattr(r, name)
        assert name in query.__all__
