"""Coding titles no name matches: the occupation classifier, spelling, batches."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.mapjobs import Coded, TitleCoder, code_titles
from graph.mapjobs.classifier import TitleClassifier


@pytest.fixture(scope="module")
def graph():
    """Occupations whose names share words and word pieces, as real ones do."""
    G = nx.DiGraph(titles=(
        ("Stratigraphic Geologist", "geo", "onet"), ("Petroleum Geologist", "geo", "onet"),
        ("Mineralogist", "geo", "onet"), ("Portrait Photographer", "photo", "onet"),
        ("Staff Accountant", "acct", "onet"),
        ("Cost Accountant", "acct", "onet"), ("Accounting Clerk", "clerk", "onet"),
        ("Payroll Clerk", "clerk", "onet"), ("Staff Nurse", "rn", "onet"),
        ("Line Cook", "cook", "onet"), ("Prep Cook", "cook", "soc"),
        ("Cake Decorator", "baker", "onet"), ("Bread Baker", "baker", "onet")))
    for node, label, code in (("geo", "Geoscientists", "19-2042"),
                              ("photo", "Photographers", "27-4021"),
                              ("acct", "Accountants and Auditors", "13-2011"),
                              ("clerk", "Bookkeeping and Accounting Clerks", "43-3031"),
                              ("rn", "Registered Nurses", "29-1141"),
                              ("cook", "Cooks, Restaurant", "35-2014"),
                              ("baker", "Bakers", "51-3011")):
        G.add_node(node, label=label, tier="profession", code=code)
    return G


@pytest.mark.parametrize("title, code", [
    ("Stratigrapher", "19-2042"),  # a word no name holds, but its pieces
    ("Geologyst - Nights", "19-2042"),  # a typo
    ("Acountant II", "13-2011"),
    ("Sr. Staff Acountant (Remote)", "13-2011"),
    ("Payrol Clerk, PRN", "43-3031"),
    ("Registred Nurse", "29-1141"),
    ("Pastry Baker", "51-3011"),  # a word no name holds, and the head word
    ("Portrait Photog", "27-4021"),
])
def test_unseen_words_and_typos_still_find_the_occupation(graph, title, code):
    coded, = code_titles(graph, [title])
    assert coded.soc_code == code
    assert 0 < coded.confidence <= 1 and coded.matched


def test_a_typo_of_a_known_name_is_coded_as_that_name_with_other_codes_after(graph):
    coded, = code_titles(graph, ["Staf Acountant"])
    assert (coded.soc_code, coded.matched) == ("13-2011", "Staff Accountant")
    assert "43-3031" in [code for code, _label in coded.alternatives]


def test_a_level_word_in_front_of_a_known_name_is_read_past(graph):
    lead, plain = code_titles(graph, ["Lead Line Cook", "Line Cook"])
    assert lead == plain and lead.soc_code == "35-2014" and not lead.low


def test_a_title_sharing_nothing_with_any_name_stays_uncoded(graph):
    assert code_titles(graph, ["Zzyzx Qwv", "", "   ", "=1+2"]) == [Coded()] * 4


TITLES = ["Stratigrapher", "Acountant", "Staff Nurse - Nights", "", "Pastry Baker",
          "Payroll Clerk", "Zzyzx", "Line Cook", "Stratigrapher", "Cake Decorator II"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(TITLES), max_size=25))
def test_a_list_is_coded_as_each_title_alone_once_each_in_order(graph, titles):
    batch = code_titles(TitleCoder(graph), titles)
    one = TitleCoder(graph)
    assert batch == [one.code(title) for title in titles]


def test_coding_is_the_same_whatever_the_chunk_and_the_order(graph, monkeypatch):
    from graph.mapjobs import classifier

    titles = [f"{title} {suffix}" for title in TITLES[:6] for suffix in ("", "- Days", "III")]
    first = code_titles(TitleCoder(graph), titles)
    monkeypatch.setattr(classifier, "_CHUNK", 2)
    again = code_titles(TitleCoder(graph), titles[::-1])
    assert again[::-1] == first


def test_the_classifier_knows_only_the_names_of_the_graph_it_is_built_from(graph):
    H = graph.copy()
    H.graph["titles"] = tuple(t for t in graph.graph["titles"]
                              if t[0] != "Stratigraphic Geologist")
    assert code_titles(graph, ["Stratigrapher"])[0].matched == "Stratigraphic Geologist"
    assert code_titles(H, ["Stratigrapher"])[0].matched != "Stratigraphic Geologist"


def test_the_classifier_ranks_by_shared_words_and_pieces_ties_by_label():
    classifier = TitleClassifier({"b": ["cook"], "a": ["cook"], "c": ["nurse"]})
    (first, score, cosine), (second, *_rest) = classifier.top(["line cook"], 3)[0]
    assert (first, second) == ("a", "b") and 0 < score <= cosine <= 1
    assert classifier.top(["zzz", ""], 2) == [[], []]


def test_the_search_engine_is_kept_to_compare_against(graph):
    coder = TitleCoder(graph, engine="search")
    assert coder.code("Staff Nurse - Nights").soc_code == "29-1141"
    with pytest.raises(ValueError, match="engine"):
        TitleCoder(graph, engine="guess")
