"""Lateral relations (``related_to``) and the skills side table: the builder's checks, and
lateral links never changing what the queries that follow links towards the needs answer."""

from __future__ import annotations

import copy
import hashlib
import warnings
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.snapshot import data_checksum, load_stable
from explorer.state import DEFAULT
from explorer.view import visible_graph
from graph import export, query
from graph.aggregate import aggregate
from graph.build import load_graph, parse_graph
from graph.cache import structural
from graph.errors import DataError, WebOfWorkWarning
from graph.layout import tier_rings
from graph.needindex import need_index
from graph.schema import (
    EDGES_FILE,
    LATERAL_RELATIONS,
    NEED_IDS,
    NODES_FILE,
    RELATEDNESS,
    SKILLS_FILE,
    STRUCTURAL_PAIRS,
    TIER_IDS,
)
from graph.summary import summary
from tests.export_samples import unzip
from tests.strategies import tiered_graphs

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny"
BUNDLED = REPO / "data"

EDGE_HEADER = "source,target,relation,weight,evidence,relatedness,related_index\n"
SKILLS_HEADER = "code,kind,element,importance\n"
PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def tiny_with(edges: str = "", skills: str | None = None, nodes: str = "") -> dict[str, bytes]:
    """Return the tiny fixture's files with related_to columns, extra rows and a skills file."""
    node_bytes = (TINY / NODES_FILE).read_bytes() + nodes.encode()
    lines = (TINY / EDGES_FILE).read_text(encoding="utf-8").splitlines()
    body = "".join(line + ",,\n" for line in lines[1:])
    files = {NODES_FILE: node_bytes, EDGES_FILE: (EDGE_HEADER + body + edges).encode()}
    if skills is not None:
        files[SKILLS_FILE] = (SKILLS_HEADER + skills).encode()
    return files


def problems_of(files: dict[str, bytes]) -> list[str]:
    """Return the problems parse_graph reports for these files (none: [])."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", WebOfWorkWarning)
            parse_graph(files[NODES_FILE], files[EDGES_FILE], None, files.get(SKILLS_FILE))
    except DataError as err:
        return [str(p) for p in err.problems]
    return []


def load(files: dict[str, bytes]) -> nx.DiGraph:
    """Return the graph of these files, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WebOfWorkWarning)
        return parse_graph(files[NODES_FILE], files[EDGES_FILE], None, files.get(SKILLS_FILE))


NURSE_CHEF = "registered-nurse,chef,related_to,,O*NET lists it.,Primary-Long,7\n"

# --------------------------------------------------------------------------- the schema


def test_related_to_is_the_lateral_relation_between_professions():
    assert LATERAL_RELATIONS == {"related_to"}
    assert ("profession", "profession") not in STRUCTURAL_PAIRS
    assert RELATEDNESS == ("Primary-Short", "Primary-Long", "Supplemental")


# --------------------------------------------------------------------------- the builder


def test_a_related_to_edge_loads_with_its_tier_and_index():
    G = load(tiny_with(NURSE_CHEF))
    assert G.edges["registered-nurse", "chef"] == {
        "relation": "related_to", "evidence": "O*NET lists it.", "relatedness": "Primary-Long",
        "related_index": 7}
    assert G.graph["warnings"] == []
    assert "related_to" in summary(G)


@pytest.mark.parametrize("row, expected", [
    ("registered-nurse,chef,related_to,,x,primary short,3\n",
     "edges.csv:29: column relatedness: unknown relatedness 'primary short' (did you mean "
     "'Primary-Short'?), expected one of Primary-Short, Primary-Long, Supplemental or a blank cell"),
    ("registered-nurse,chef,related_to,,x,,3\n",
     "edges.csv:29: column relatedness: blank relatedness on a related_to edge, expected one of "
     "Primary-Short, Primary-Long, Supplemental"),
    ("registered-nurse,chef,related_to,,x,Supplemental,0\n",
     "edges.csv:29: column related_index: related_index 0 is below 1, expected a whole number "
     "from 1 (most related) or a blank cell"),
    ("registered-nurse,chef,related_to,,x,Supplemental,first\n",
     "edges.csv:29: column related_index: 'first' is not a valid related_index, expected a "
     "whole number >= 0 (such as 1200) or a blank cell"),
    ("registered-nurse,hospitals,related_to,,x,Supplemental,1\n",
     "edges.csv:29: column relation: relation 'related_to' cannot join profession -> industry, "
     "expected 'related_to' to join profession -> profession (a profession -> industry edge is "
     "'practised_in')"),
    (NURSE_CHEF + "chef,registered-nurse,related_to,,x,Supplemental,2\n",
     "edges.csv:30: column target: edge chef -> registered-nurse contradicts edge "
     "registered-nurse -> chef on line 29, expected edges that point one way, toward the needs"),
])
def test_bad_related_to_rows_are_located_problems(row, expected):
    assert expected in problems_of(tiny_with(row))


def test_a_job_zone_outside_1_to_5_is_a_problem():
    files = tiny_with(nodes="")
    text = files[NODES_FILE].decode().replace("url\n", "url,job_zone\n", 1)
    rows = text.splitlines()
    rows = [rows[0]] + [r + ("," if i != 12 else ",7") for i, r in enumerate(rows[1:])]
    files[NODES_FILE] = ("\n".join(rows) + "\n").encode()
    assert problems_of(files) == [
        "nodes.csv:14: column job_zone: Job Zone 7 is out of range, expected a whole number "
        "from 1 to 5 or a blank cell"]


def test_lateral_edges_close_no_cycle_and_reach_no_need():
    # a triangle of related professions is no cycle; a profession joined to the rest by
    # related_to alone reaches no need
    extra = ("registered-nurse,chef,related_to,,x,Primary-Short,1\n"
             "chef,accountant,related_to,,x,Primary-Short,1\n"
             "accountant,registered-nurse,related_to,,x,Primary-Short,1\n"
             "loner,chef,related_to,,x,Supplemental,9\n")
    files = tiny_with(extra, nodes="loner,Loner,profession,Works alone.,,,,,,,\n")
    assert problems_of(files) == []
    with pytest.warns(WebOfWorkWarning, match="1 node in nodes.csv reaches no need: loner"):
        parse_graph(files[NODES_FILE], files[EDGES_FILE])


SKILL_ROWS = ("29-1141,skill,Active Listening,4.12\n"
              "29-1141,knowledge,Medicine and Dentistry,4.50\n"
              "35-1011,skill,Active Listening,3.00\n")


def test_skills_are_kept_by_code_and_counted_in_the_checksum():
    files = tiny_with(skills=SKILL_ROWS)
    G = load(files)
    assert G.graph["skills"] == {
        "29-1141": {("skill", "Active Listening"): 4.12,
                    ("knowledge", "Medicine and Dentistry"): 4.5},
        "35-1011": {("skill", "Active Listening"): 3.0}}
    digest = hashlib.sha256(files[NODES_FILE] + files[EDGES_FILE] + files[SKILLS_FILE])
    assert G.graph["checksum"] == digest.hexdigest()
    assert load(tiny_with()).graph["skills"] == {}


def test_load_graph_reads_the_skills_file_of_a_folder(tmp_path):
    for name, data in tiny_with(skills=SKILL_ROWS).items():
        (tmp_path / name).write_bytes(data)
    G = load_graph(tmp_path)
    assert G.graph["skills"]["29-1141"][("skill", "Active Listening")] == 4.12


@pytest.mark.parametrize("row, expected", [
    ("29-9999,skill,Active Listening,3\n",
     "skills.csv:2: column code: no node of nodes.csv has code '29-9999', expected a SOC code "
     "carried by a node of nodes.csv"),
    ("291141,skill,Active Listening,3\n",
     "skills.csv:2: column code: '291141' is not a SOC 2018 detailed code (NN-NNNN), expected a "
     "SOC code carried by a node of nodes.csv"),
    ("29-1141,skills,Active Listening,3\n",
     "skills.csv:2: column kind: unknown kind 'skills' (did you mean 'skill'?), expected one of "
     "skill, knowledge"),
    ("29-1141,skill,Active Listening,5.5\n",
     "skills.csv:2: column importance: '5.5' is not an importance from 1 to 5, expected a number "
     "from 1 to 5 (O*NET's importance scale), such as 3.75"),
    ("29-1141,skill,Active Listening,0\n",
     "skills.csv:2: column importance: '0' is not an importance from 1 to 5, expected a number "
     "from 1 to 5 (O*NET's importance scale), such as 3.75"),
    ("29-1141,skill,Active Listening,high\n",
     "skills.csv:2: column importance: 'high' is not an importance from 1 to 5, expected a "
     "number from 1 to 5 (O*NET's importance scale), such as 3.75"),
    ("29-1141,skill,,3\n",
     "skills.csv:2: column element: required cell is blank, expected a value"),
    ("29-1141,skill,Active Listening,3\n29-1141,skill,Active Listening,4\n",
     "skills.csv:3: column element: skill 'Active Listening' of 29-1141 repeats line 2, "
     "expected each element once per code and kind"),
])
def test_bad_skills_rows_are_located_problems(row, expected):
    assert problems_of(tiny_with(skills=row)) == [expected]


def test_a_skills_file_without_its_columns_is_a_problem():
    files = tiny_with()
    files[SKILLS_FILE] = b"code,element\n29-1141,Reading\n"
    found = problems_of(files)
    assert any(p.startswith("skills.csv:1: column kind: required column is missing") for p in found)


# --------------------------------------------------------------------------- properties


def without_lateral(G: nx.DiGraph) -> nx.DiGraph:
    """Return a copy of G without its lateral edges, every adjacency row in G's order."""
    H = copy.deepcopy(G)
    H.remove_edges_from([(u, v) for u, v, r in G.edges(data="relation") if r in LATERAL_RELATIONS])
    return H


def edges_with_data(H) -> set:
    """Return the edges of a graph or view with their relation and via."""
    return {(u, v, d.get("relation"), d.get("via")) for u, v, d in H.edges(data=True)}


tier_subsets = st.sets(st.sampled_from(TIER_IDS), min_size=1)
need_subsets = st.none() | st.sets(st.sampled_from(NEED_IDS), min_size=1, max_size=4)


@PROPERTY
@given(G=tiered_graphs(lateral=True), data=st.data())
def test_lateral_links_never_change_needs_served_index_or_coverage(G, data):
    H = without_lateral(G)
    assert set(structural(G).edges) == set(H.edges)
    assert need_index(G).mask == need_index(H).mask
    assert query.coverage(G).equals(query.coverage(H))
    for n in G:
        assert query.needs_served(G, n) == query.needs_served(H, n)
    if len(G) > 1:
        a, b = data.draw(st.sampled_from(sorted(G))), data.draw(st.sampled_from(sorted(G)))
        assert query.shortest_path(G, a, b) == query.shortest_path(H, a, b)


@PROPERTY
@given(G=tiered_graphs(lateral=True), needs=need_subsets, tiers=st.none() | tier_subsets,
       data=st.data())
def test_lateral_links_never_change_filters_or_neighbourhoods(G, needs, tiers, data):
    H = without_lateral(G)
    needs = None if needs is None else [n for n in needs if n in G] or None
    ours, theirs = query.filter_graph(G, needs, tiers), query.filter_graph(H, needs, tiers)
    assert list(ours) == list(theirs)
    assert edges_with_data(ours) == edges_with_data(theirs)
    assert not any(r in LATERAL_RELATIONS for *_e, r in ours.edges(data="relation"))
    node = data.draw(st.sampled_from(sorted(G)))
    depth = data.draw(st.integers(0, 3))
    assert edges_with_data(query.neighbourhood(G, node, depth)) == edges_with_data(
        query.neighbourhood(H, node, depth))


@PROPERTY
@given(G=tiered_graphs(lateral=True), cap=st.integers(5, 60))
def test_lateral_links_never_change_folding_or_positions(G, cap):
    H = without_lateral(G)
    ours, theirs = aggregate(G, cap), aggregate(H, cap)
    assert (ours.nodes, ours.edges, ours.groups) == (theirs.nodes, theirs.edges, theirs.groups)
    assert tier_rings(G) == tier_rings(H)


@PROPERTY
@given(G=tiered_graphs(lateral=True))
def test_adding_lateral_links_to_a_graph_changes_no_view_of_it(G):
    # the other way round: the same graph, first without then with its lateral links
    H = without_lateral(G)
    before = visible_graph(H, DEFAULT, 80)
    after = visible_graph(G, DEFAULT, 80)
    assert edges_with_data(after.graph) == edges_with_data(before.graph)
    assert after.message == before.message


# --------------------------------------------------------------------------- the bundled data


@pytest.fixture(scope="module")
def bundled() -> nx.DiGraph:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_graph(BUNDLED)


def test_the_default_view_of_the_bundled_data_draws_no_lateral_edge(bundled):
    shown = visible_graph(bundled, DEFAULT).graph
    assert not any(r in LATERAL_RELATIONS for *_e, r in shown.edges(data="relation"))
    nurse = query.neighbourhood(bundled, "registered-nurse", 1)
    assert not any(r in LATERAL_RELATIONS for *_e, r in nurse.edges(data="relation"))
    assert any(r == "related_to" for *_e, r in bundled.edges("registered-nurse", data="relation"))


def test_a_whole_graph_export_keeps_the_lateral_edges_and_columns(bundled, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        back = load_graph(unzip(export.to_csv_zip(bundled), tmp_path))
    lateral = {(u, v): d for u, v, d in bundled.edges(data=True) if d["relation"] == "related_to"}
    assert lateral and {(u, v): d for u, v, d in back.edges(data=True)
                        if d["relation"] == "related_to"} == lateral
    assert back.nodes["registered-nurse"]["job_zone"] == bundled.nodes["registered-nurse"]["job_zone"]


def test_a_reload_reads_the_skills_file_in_the_same_snapshot(tmp_path):
    for name, data in tiny_with(skills=SKILL_ROWS).items():
        (tmp_path / name).write_bytes(data)
    G = load_stable(tmp_path)
    assert G.graph["checksum"] == data_checksum(tmp_path)
    (tmp_path / SKILLS_FILE).write_bytes((SKILLS_HEADER + SKILL_ROWS[:40]).encode())
    assert data_checksum(tmp_path) != G.graph["checksum"]
