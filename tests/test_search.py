"""Ranked search: match classes, fields, accents, codes, typos, ties, caching.

Expected rankings follow the rules in graph/search.py's docstring, applied by hand to the
small graph built below.
"""

from __future__ import annotations

import gc

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import query as q
from graph import search as s
from graph.search import SearchIndex, normalise_text

from tests.strategies import tiered_graphs

NODES = [
    # id, label, tier, code, aliases
    ("chef", "Chef", "profession", "35-1011", "Head Cook|Chef de cuisine"),
    ("chef-de-partie", "Chef de partie", "job", "", ""),
    ("sous-chef", "Sous Chef", "job", "", ""),
    ("pastrychef", "Pastrychef", "job", "", ""),
    ("chief-executive", "Chief Executive", "job", "11-1011", "CEO"),
    ("electrician", "Électricien", "profession", "47-2111", "Electrical contractor"),
    ("loan-officer", "Loan Officer", "job", "13-2072", "Mortgage Loan Officer|Crédit Officer"),
    ("accountant", "Accountant", "profession", "13-2011", "Auditor|CPA"),
    ("nurse-profession", "Nurse", "profession", "29-1141", "RN"),
    ("nurse-job", "Nurse", "job", "", ""),
    ("data-architect", "Data Architect", "job", "", ""),
    ("data-analyst", "Data Analyst", "job", "", ""),
    ("banker-job", "Banker", "job", "", ""),
    ("private-banking", "Private Banking", "profession", "", "Banker"),
    ("rn-7", "Ward Sister", "job", "", ""),
    ("health-and-well-being", "Health and Well Being", "need", "", "wellness"),
    ("health-care", "Health care", "industry", "62", "Health Care and Social Assistance"),
    ("zoe-cafe", "Zoë's Café", "organization", "", ""),
]


def search_graph() -> nx.DiGraph:
    """Build the small search fixture."""
    G = nx.DiGraph(checksum="search-fixture")
    for node, label, tier, code, aliases in NODES:
        G.add_node(node, label=label, tier=tier, code=code, aliases=aliases, description="")
    return G


@pytest.fixture(scope="module")
def index():
    return SearchIndex(search_graph())


def ids(matches):
    return [m.id for m in matches]


# ---------------------------------------------------------------------------- ranking
@pytest.mark.parametrize("text, expected", [
    # exact label > label prefix > word prefix > substring > typo
    ("chef", ["chef", "chef-de-partie", "sous-chef", "pastrychef", "chief-executive"]),
    # same class: a profession before a job, then label order
    ("nurse", ["nurse-profession", "nurse-job"]),
    ("data", ["data-analyst", "data-architect"]),
    # same class, label before alias (field beats tier)
    ("banker", ["banker-job", "private-banking"]),
    # every word starts a word, in any order
    ("officer loan", ["loan-officer"]),
    ("health", ["health-and-well-being", "health-care"]),
])
def test_ranking(index, text, expected):
    assert ids(index.search(text, limit=None)) == expected


@pytest.mark.parametrize("text, node, field, matched, score", [
    ("Chef", "chef", "label", "Chef", 1.0),
    ("chef de", "chef-de-partie", "label", "Chef de partie", 0.8),
    ("partie", "chef-de-partie", "label", "Chef de partie", 0.6),
    ("astry", "pastrychef", "label", "Pastrychef", 0.4),
    ("head cook", "chef", "alias", "Head Cook", 0.98),
    ("mortgage", "loan-officer", "alias", "Mortgage Loan Officer", 0.78),
    ("credit officer", "loan-officer", "alias", "Crédit Officer", 0.98),
    ("CEO", "chief-executive", "alias", "CEO", 0.98),
    ("rn 7", "rn-7", "id", "rn-7", 0.94),
    ("wellness", "health-and-well-being", "alias", "wellness", 0.98),
])
def test_match_reports_field_text_and_score(index, text, node, field, matched, score):
    best = index.search(text)[0]
    assert (best.id, best.field, best.matched, best.score) == (node, field, matched, score)


@pytest.mark.parametrize("text", ["electricien", "ÉLECTRICIEN", "Électricien", "electricien ",
                                  "e\u0301lectricien"])  # decomposed accent too
def test_accents_and_case_do_not_matter(index, text):
    best = index.search(text)[0]
    assert (best.id, best.field, best.score) == ("electrician", "label", 1.0)


def test_accented_text_matches_plain_queries_and_back(index):
    assert ids(index.search("zoe's cafe")) == ["zoe-cafe"]
    assert ids(index.search("Zoë")) == ["zoe-cafe"]


@pytest.mark.parametrize("text, expected_first, field", [
    ("13-2072", "loan-officer", "code"),
    ("132072", "loan-officer", "code"),
    ("13 2072", "loan-officer", "code"),
    ("47-2111", "electrician", "code"),
    ("62", "health-care", "code"),
])
def test_codes_match_with_or_without_punctuation(index, text, expected_first, field):
    best = index.search(text)[0]
    assert (best.id, best.field, best.score) == (expected_first, field, 0.96)


@pytest.mark.parametrize("text", ["1320", "13-20", "13 20"])
def test_code_prefixes_find_every_code_under_them(index, text):
    assert set(ids(index.search(text, limit=None))) == {"loan-officer", "accountant"}


@pytest.mark.parametrize("text, expected", [
    ("acountant", "accountant"),  # deletion
    ("accountantt", "accountant"),  # insertion
    ("accountint", "accountant"),  # substitution
    ("accuontant", "accountant"),  # swap of neighbours
    ("electricain", "electrician"),
    ("laon officer", "loan-officer"),  # one typo in one word, the other exact
    ("mortgaeg", "loan-officer"),
])
def test_one_typo_per_word_is_forgiven(index, text, expected):
    best = index.search(text)[0]
    assert best.id == expected and best.score < 0.4


@pytest.mark.parametrize("text", ["acuontnat", "xyzzy", "ab", "officer zzz", "chefs de pa x"])
def test_no_match_beyond_one_typo(index, text):
    assert index.search(text) == []


@pytest.mark.parametrize("text", ["", "   ", "---", None])
def test_empty_queries_match_nothing(index, text):
    assert index.search(text) == []


def test_limit(index):
    assert len(index.search("chef", limit=2)) == 2
    assert index.search("chef", limit=0) == []
    assert len(index.search("chef", limit=None)) == 5


def test_each_node_appears_once_with_its_best_match(index):
    results = index.search("chef", limit=None)
    assert len(ids(results)) == len(set(ids(results)))
    assert results[0].field == "label"  # "Chef" label, not the "Chef de cuisine" alias


def test_results_are_deterministic_across_index_builds():
    G = search_graph()
    reversed_graph = nx.DiGraph()
    reversed_graph.add_nodes_from(reversed(list(G.nodes(data=True))))
    for text in ["chef", "nurse", "data", "13", "health", "a"]:
        assert SearchIndex(G).search(text, None) == SearchIndex(reversed_graph).search(text, None)


def test_exact_lookup(index):
    assert ids(index.exact("NURSE")) == ["nurse-profession", "nurse-job"]
    assert index.exact("nurs") == []


@pytest.mark.parametrize("text, expected", [
    ("Café-Owner", "cafe owner"), ("  A  B ", "a b"), ("ÆON", "aeon"), ("Straße", "strasse"),
    ("13-2072", "13 2072"), ("x_y", "x y"), ("", ""),
])
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


# ---------------------------------------------------------------------------- caching
def test_search_caches_one_index_per_graph_and_never_mutates_it(monkeypatch):
    G = search_graph()
    before = (dict(G.graph), list(G.nodes(data=True)))
    built = []
    original = SearchIndex.__init__

    def counting(self, graph):
        built.append(graph)
        original(self, graph)

    monkeypatch.setattr(SearchIndex, "__init__", counting)
    assert ids(q.search(G, "chef", limit=1)) == ["chef"]
    assert ids(q.search(G, "nurse", limit=1)) == ["nurse-profession"]
    assert len(built) == 1
    assert (dict(G.graph), list(G.nodes(data=True))) == before


def test_cached_index_is_rebuilt_when_nodes_change():
    G = search_graph()
    assert q.search(G, "plumber") == []
    G.add_node("plumber", label="Plumber", tier="profession")
    assert ids(q.search(G, "plumber")) == ["plumber"]


def test_cache_does_not_keep_graphs_alive():
    G = search_graph()
    q.search(G, "chef")
    size = len(s._CACHE)
    del G
    gc.collect()
    assert len(s._CACHE) == size - 1


# ---------------------------------------------------------------------------- properties
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=tiered_graphs(), data=st.data())
def test_every_label_alias_and_id_finds_its_node(G, data):
    node = data.draw(st.sampled_from(sorted(G)))
    attrs = G.nodes[node]
    names = [attrs["label"], node, *[a for a in attrs["aliases"].split("|") if a]]
    if attrs["code"]:
        names.append(attrs["code"])
    text = data.draw(st.sampled_from(names))
    results = q.search(G, text, limit=None)
    found = {m.id: m for m in results}
    assert node in found
    if normalise_text(text):
        assert found[node].score >= 0.94  # an exact match of some field
    # ranked best first, one entry per node
    assert [m.score for m in results] == sorted((m.score for m in results), reverse=True)
    assert len(found) == len(results)


@settings(max_examples=50, deadline=None)
@given(G=tiered_graphs(), text=st.text(max_size=12))
def test_search_never_fails_and_only_returns_nodes_of_the_graph(G, text):
    results = q.search(G, text, limit=5)
    assert len(results) <= 5
    assert all(m.id in G and m.tier == G.nodes[m.id]["tier"] for m in results)
