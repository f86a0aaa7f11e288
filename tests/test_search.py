"""Ranked search: match classes, fields, titles, accents, codes, typos, ties, caching.

Expected rankings follow the rules in graph/search/__init__.py's docstring, applied by
hand to the small graph built below; the issue's examples run on data/us; properties run
on random graphs. The normalisation and the word look-ups have tests of their own
(test_search_normalise.py, test_search_vocabulary.py), and so does the command line
(test_search_cli.py).
"""

from __future__ import annotations

import gc
import time
import warnings
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import query as q
from graph import search as s
from graph.build import load_graph
from graph.search import Match, SearchIndex, normalise_text
from graph.search.normalise import ABBREVIATIONS, stem
from graph.search.vocabulary import max_typos

from tests.strategies import WORDS, tiered_graphs

US = Path(__file__).resolve().parents[1] / "data" / "us"

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
    # every word matches, in any order; then a name matching one word ("officer": CEO
    # is written out "chief executive officer")
    ("officer loan", ["loan-officer", "chief-executive"]),
    ("health", ["health-and-well-being", "health-care"]),
])
def test_ranking(index, text, expected):
    assert ids(index.search(text, limit=None)) == expected


@pytest.mark.parametrize("text, node, field, matched, score", [
    ("Chef", "chef", "label", "Chef", 1.0),
    ("chef de", "chef-de-partie", "label", "Chef de partie", 0.8),
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


@pytest.mark.parametrize("text, node, field, matched", [
    ("partie", "chef-de-partie", "label", "Chef de partie"),  # a word of the name
    ("astry", "pastrychef", "label", "Pastrychef"),  # inside a word
    ("cook", "chef", "alias", "Head Cook"),  # a word of an alias
])
def test_other_matches_rank_by_relevance_below_every_exact_and_prefix_match(
        index, text, node, field, matched):
    best = index.search(text)[0]
    assert (best.id, best.field, best.matched) == (node, field, matched)
    assert 0 < best.score < 0.7


@pytest.mark.parametrize("text", ["electricien", "ÉLECTRICIEN", "Électricien", "electricien ",
                                  "e\u0301lectricien"])  # decomposed accent too
def test_accents_and_case_do_not_matter(index, text):
    best = index.search(text)[0]
    assert (best.id, best.field, best.score) == ("electrician", "label", 1.0)


def test_accented_text_matches_plain_queries_and_back(index):
    assert ids(index.search("zoe's cafe"))[0] == "zoe-cafe"  # then "care", one typo away
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


@pytest.mark.parametrize("text, expected", [
    ("acountnat", "accountant"),  # two typos in a word of 8 letters or more
    ("electricain contractr", "electrician"),
])
def test_two_typos_are_forgiven_in_long_words(index, text, expected):
    assert index.search(text)[0].id == expected


@pytest.mark.parametrize("text, expected", [
    ("loanofficer", "loan-officer"),  # two words run together
    ("dataarchitect", "data-architect"),
    ("electronics", "electrician"),  # nothing near: the last resort, a word that starts alike
    ("accountancy", "accountant"),  # two typos from "accountant" (cy for nt)
])
def test_compounds_and_the_last_resort(index, text, expected):
    assert index.search(text)[0].id == expected


@pytest.mark.parametrize("text", ["acuontnat", "xyzzy", "ab", "nrsue"])
def test_no_match_when_no_word_is_near(index, text):
    # three typos in a long word, nothing alike, too short to forgive, two typos in a short one
    assert index.search(text) == []


@pytest.mark.parametrize("text, without, expected", [
    ("officer zzz", "officer", "loan-officer"),  # an unknown word
    ("chefs de pa x", "chefs de pa", "chef-de-partie"),  # a plural, a prefix, a stray letter
    ("mortgage loan officer in paris", "mortgage loan officer", "loan-officer"),
])
def test_a_word_that_matches_nothing_lowers_the_score_but_keeps_the_list(
        index, text, without, expected):
    best, before = index.search(text)[0], index.search(without)[0]
    assert best.id == before.id == expected
    assert best.score < before.score


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
    ("senior accountant", "accountant"), ("Sr. Accountant", "accountant"),
    ("accountant II", "accountant"), ("lead data analyst", "data-analyst"),
    ("junior loan officer", "loan-officer"), ("principal nurse", "nurse-profession"),
])
def test_level_words_may_be_added(index, text, expected):
    best = index.search(text)[0]
    assert best.id == expected and best.field == "label"


@pytest.mark.parametrize("text, node, field, matched", [
    ("accountants", "accountant", "label", "Accountant"),  # plural of a label: exact
    ("NURSES", "nurse-profession", "label", "Nurse"),
    ("certified public accountant", "accountant", "alias", "CPA"),  # written out
    ("rn", "nurse-profession", "alias", "RN"),
    ("chief executive officer", "chief-executive", "alias", "CEO"),
    ("loan officers", "loan-officer", "label", "Loan Officer"),
])
def test_plurals_and_abbreviations_match_exactly(index, text, node, field, matched):
    best = index.search(text)[0]
    assert (best.id, best.field, best.matched) == (node, field, matched)
    assert best.score >= 0.92


def test_matches_carry_the_node_code(index):
    assert [(m.id, m.code) for m in index.search("loan officer", limit=1)] == [
        ("loan-officer", "13-2072")]
    assert index.search("sous chef")[0].code == ""


# ---------------------------------------------------------------------------- titles
TITLES = (
    ("Charge Nurse", "nurse-profession", "onet"),
    ("Mortgage Underwriter", "loan-officer", "soc"),
    ("Executive Chef", "chef", "onet"),
    ("Chef", "chef", "onet"),  # the node's own label: not indexed twice
    ("Ghost Title", "no-such-node", "onet"),  # a node the graph lacks: ignored
)


@pytest.fixture(scope="module")
def titled():
    G = search_graph()
    G.graph["titles"] = TITLES
    return G


def test_titles_find_their_node_as_a_title(titled):
    index = SearchIndex(titled)
    best = index.search("charge nurse")[0]
    assert (best.id, best.field, best.matched, best.score) == (
        "nurse-profession", "title", "Charge Nurse", 0.92)
    assert index.search("mortgage underwriters")[0].field == "title"  # plural: still exact
    assert [m.field for m in index.search("senior underwriter")] == ["title"]
    assert index.search("ghost title") == []
    assert len(index) == len(SearchIndex(search_graph())) + 3
    assert set(titled) == set(search_graph())  # titles are never nodes


def test_a_label_beats_a_title_and_titles_never_count_as_exact_names(titled):
    index = SearchIndex(titled)
    assert (index.search("chef")[0].id, index.search("chef")[0].field) == ("chef", "label")
    assert index.exact("charge nurse") == []
    assert ids(index.exact("chef")) == ["chef"]


@pytest.mark.parametrize("rows", [None, (), [("Charge Nurse",)], [(None, "chef", "onet")],
                                  [("", "chef", "onet")], ["Charge Nurse"]])
def test_missing_or_malformed_titles_are_ignored(rows):
    G = search_graph()
    G.graph["titles"] = rows
    assert ids(SearchIndex(G).search("chef", limit=1)) == ["chef"]


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("text", [
    "", " \t\n ", "\x00\x07\x1b[31m", "\ud800", "nurse\udfff", "x" * 10_000,
    "nurse " * 2_000, "<script>alert(1)</script>", "\u202enurse", "%s%n{0}", 42, b"nurse",
    "é" * 300, "(" * 50,
])
def test_any_text_is_a_query(index, text):
    start = time.perf_counter()
    results = index.search(text)
    assert time.perf_counter() - start < 2.0
    assert isinstance(results, list) and len(results) <= 10
    assert all(isinstance(m, Match) and m.id in search_graph() for m in results)


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
    gc.collect()  # graphs of earlier tests that only wait for the collector
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


def _osa(a: str, b: str) -> int:
    """Return the optimal string alignment distance of a and b (plain dynamic programming)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1,
                         rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _forms(text) -> set[str]:
    """Return the words of `text` as typed, singular, and written out if abbreviations."""
    forms = set()
    for word in normalise_text(text).split():
        forms |= {word, stem(word)}
        forms.update(stem(w) for w in ABBREVIATIONS.get(word, "").split())
    return forms


def _near(q: str, w: str) -> bool:
    """Tell whether the query word q is w, starts it, is inside it or holds it, shares its
    first four letters, or is within the typos allowed (the promise of graph.search,
    checked independently)."""
    return (w.startswith(q) or (len(q) >= 3 and q in w) or (len(w) >= 3 and w in q)
            or (len(q) >= 4 and w.startswith(q[:4]))
            or _osa(q, w) <= max_typos(q))


_QUERY_WORDS = st.sampled_from(WORDS) | st.text("abcdefhilnorstuxyz", min_size=1, max_size=9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=tiered_graphs(), words=st.lists(_QUERY_WORDS, min_size=1, max_size=4))
def test_every_result_holds_a_query_word_or_a_near_one(G, words):
    text = " ".join(words)
    query = _forms(text)
    for m in q.search(G, text, limit=None):
        name = _forms(m.matched)
        compact = normalise_text(m.matched).replace(" ", "")
        assert (any(_near(a, b) for a in query for b in name)
                or compact.startswith(normalise_text(text).replace(" ", ""))), (text, m)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=tiered_graphs(), data=st.data())
def test_order_is_deterministic_whatever_the_node_order(G, data):
    text = data.draw(st.sampled_from(WORDS) | st.sampled_from(sorted(G)))
    reordered = nx.DiGraph(**G.graph)
    reordered.add_nodes_from(reversed(list(G.nodes(data=True))))
    first = SearchIndex(G).search(text, None)
    assert first == SearchIndex(G).search(text, None) == SearchIndex(reordered).search(text, None)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=tiered_graphs(), data=st.data())
def test_a_label_typed_in_full_comes_first(G, data):
    node = data.draw(st.sampled_from(sorted(G)))
    label = G.nodes[node]["label"]
    best = SearchIndex(G).search(label.upper())[0]
    assert (best.field, best.score) == ("label", 1.0)
    assert SearchIndex(G).exact(label)[0].score == 1.0


# ---------------------------------------------------------------------------- data/us
@pytest.fixture(scope="module")
def us():
    """The index of data/us with its titles table."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        G = load_graph(US)
    return SearchIndex(G)


@pytest.mark.parametrize("text, code", [
    # the searches that found nothing
    ("senior accountant", "13-2011"), ("lead welder", "51-4121"), ("nurse manager", "11-9111"),
    ("service continuity manager", "13-1199"),
    # abbreviations and level words
    ("RN", "29-1141"), ("RNs", "29-1141"), ("sr loan officer", "13-2072"),
    ("Sr. Data Scientist", "15-2051"), ("LPN", "29-2061"), ("HR manager", "11-3121"),
    ("CFO", "11-1011"), ("senior software engineer", "15-1252"),
    # typos, one or two in a word
    ("acountant", "13-2011"), ("registred nurse", "29-1141"), ("forklift operater", "53-7051"),
    ("cheif financial oficer", "11-1011"), ("electrcian", "47-2111"),
    # word order and plurals
    ("officer loan", "13-2072"), ("nurse registered", "29-1141"), ("welder lead", "51-4121"),
    ("truck drivers", "53-3032"),
])
def test_what_people_type_finds_the_occupation_first(us, text, code):
    best = us.search(text)[0]
    assert best.code == code, (text, best)


def test_a_real_title_is_found_as_a_title_of_its_occupation(us):
    best = us.search("Service Continuity Manager")[0]
    assert (best.field, best.matched, best.score) == ("title", "Service Continuity Manager", 0.92)
    assert best.tier == "profession"


def test_a_profession_comes_before_its_job_when_both_match_alike(us):
    results = us.search("RN", limit=2)
    assert [(m.tier, m.code, m.score) for m in results] == [
        ("profession", "29-1141", 1.0), ("job", "29-1141", 1.0)]


def test_us_queries_are_quick(us):
    texts = ["a", "nurse", "senior loan officer", "acountant", "xyzzy plumbr"] * 4
    start = time.perf_counter()
    for text in texts:
        us.search(text)
    assert (time.perf_counter() - start) / len(texts) < 0.1  # the goal is 30 ms (benchmark)
