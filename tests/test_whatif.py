"""What if it went away (graph.whatif): exact against NetworkX, in words, on a graph, on the
command line.

The property tests recompute every answer from scratch with NetworkX on a copy of the
graph with the nodes removed (`reference`) and compare, on random tiered graphs and on
random graphs with cycles, with every relation counting, a chosen set, or a lateral one
left out.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import query
from graph.whatif import scenario as whatif_scenario
from graph.build import load_graph
from graph.errors import UnknownNameError
from graph.organization import ORG_ID, with_organization
from graph.schema import LATERAL_RELATIONS, NEED_IDS, RELATION_IDS, WORK_TIERS
from graph.whatif import Link, annotate, main, summary, without

from tests.strategies import tiered_graphs

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny"
PROPS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------------------------- the oracle

def _not_lateral(d) -> bool:
    """Return True for the edges `without` follows by default: all but the lateral ones."""
    return d.get("relation") not in LATERAL_RELATIONS


def reference(G, removed, counts=_not_lateral, dropped=frozenset()) -> dict:
    """Return every answer of `without`, recomputed with NetworkX on copies of G: the
    counted edges only, then the removed nodes taken out (and the ``dropped`` links)."""
    C = nx.DiGraph()
    C.add_nodes_from(G.nodes(data=True))
    C.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if counts(d))
    H = C.copy()
    H.remove_nodes_from(removed)
    H.remove_edges_from(dropped)
    needs = [n for n, t in G.nodes(data="tier") if t == "need"]
    before = {k: nx.ancestors(C, k) for k in needs}
    after = {k: nx.ancestors(H, k) if k in H else set() for k in needs}
    reach_before = {n: {k for k in needs if n == k or n in before[k]} for n in C}
    reach_after = {n: {k for k in needs if n == k or n in after[k]} for n in H}
    lost = {k: before[k] - after[k] - set(removed) for k in needs}
    unanchored: dict = {k: {} for k in needs}
    for c in H:
        for k in needs:
            by_tier: dict = {}
            for s in C.successors(c):
                had, has = by_tier.get(C.nodes[s].get("tier", ""), (False, False))
                by_tier[C.nodes[s].get("tier", "")] = (
                    had or k in reach_before[s], has or (H.has_edge(c, s) and k in reach_after[s]))
            for t, (had, has) in by_tier.items():
                if had and not has:
                    unanchored[k].setdefault(t, set()).add(c)
    links = {k: {(u, s) for u in lost[k] for s in C.successors(u)
                 if k in reach_before[s] and (not H.has_edge(u, s) or k not in reach_after[s])}
             for k in needs}
    tier = dict(G.nodes(data="tier"))
    cover = {(k, t): (sum(tier[n] == t for n in before[k]), sum(tier[n] == t for n in after[k]))
             for k in needs for t in WORK_TIERS}
    return {
        "lost": lost, "kept": {k: len(after[k]) for k in needs}, "unanchored": unanchored,
        "links": links, "cover": cover,
        "orphaned": {n for n in H if reach_before[n] and not reach_after[n]},
        "cut": {(u, r) for r in removed for u in C.predecessors(r) if u not in removed},
    }


def assert_exact(G, removed, scenario, counts=_not_lateral, dropped=frozenset()):
    """Assert that a scenario holds exactly the answers of `reference`."""
    expected = reference(G, removed, counts, dropped)
    assert set(scenario.removed) == set(removed)
    assert set(scenario.needs) == set(expected["lost"])
    for k, loss in scenario.needs.items():
        assert set(loss.lost) == expected["lost"][k], k
        assert len(loss.lost) == len(set(loss.lost))
        assert loss.kept == expected["kept"][k], k
        assert {t: set(n) for t, n in loss.unanchored.items()} == expected["unanchored"][k], k
        assert {(x.source, x.target) for x in loss.links} == expected["links"][k], k
    assert set(scenario.orphaned) == expected["orphaned"]
    assert {(x.source, x.target) for x in scenario.cut} == expected["cut"]
    assert {cell: pair for cell, pair in scenario.cover.items()
            if cell[0] in expected["lost"]} == expected["cover"]


def snapshot(G) -> tuple:
    """Return everything about G a function could change."""
    return (copy.deepcopy(dict(G.graph)), list(G.nodes(data=True)), list(G.edges(data=True)))


@st.composite
def graphs_and_removals(draw, graphs=tiered_graphs()):
    """Draw a graph and a set of its nodes to remove (often small, sometimes many)."""
    G = draw(graphs)
    nodes = sorted(G, key=str)
    removed = draw(st.lists(st.sampled_from(nodes), unique=True,
                            max_size=min(len(nodes), draw(st.sampled_from([1, 2, 5, 30])))))
    return G, removed


@st.composite
def cyclic_graphs(draw):
    """Draw a small graph with tiers whose links may run in cycles (the builder refuses
    those; hand-built graphs and views need not)."""
    n = draw(st.integers(2, 12))
    tiers = draw(st.lists(st.sampled_from(["need", *WORK_TIERS]), min_size=n, max_size=n))
    G = nx.DiGraph()
    for i, t in enumerate(tiers):
        G.add_node(NEED_IDS[i] if t == "need" else f"n{i}", tier=t)
    nodes = list(G)
    edges = draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)),
                          max_size=30))
    G.add_edges_from(((u, v, {"relation": "serves"}) for u, v in edges if u != v))
    return G


# ----------------------------------------------------------------------------- exact

@PROPS
@given(graphs_and_removals())
def test_the_scenario_is_reachability_on_the_graph_without_the_removed_nodes(case):
    G, removed = case
    before = snapshot(G)
    assert_exact(G, removed, without(G, removed))
    assert snapshot(G) == before  # never mutated


@PROPS
@given(graphs_and_removals(cyclic_graphs()))
def test_exact_on_graphs_with_cycles_too(case):
    G, removed = case
    assert_exact(G, removed, without(G, removed))


@PROPS
@given(graphs_and_removals(), st.sets(st.sampled_from(RELATION_IDS)))
def test_only_the_relations_that_count_are_followed(case, relations):
    G, removed = case
    scenario = without(G, removed, relations=relations)
    assert_exact(G, removed, scenario, lambda d: d.get("relation") in relations)


@PROPS
@given(graphs_and_removals())
def test_lateral_relations_never_reach_a_need(case):
    G, removed = case
    # Declare draws_on lateral for this test: its edges then lead nowhere by default.
    original = whatif_scenario.LATERAL_RELATIONS
    whatif_scenario.LATERAL_RELATIONS = frozenset({"draws_on"})
    try:
        scenario = without(G, removed)
    finally:
        whatif_scenario.LATERAL_RELATIONS = original
    assert_exact(G, removed, scenario, lambda d: d.get("relation") != "draws_on")


@PROPS
@given(graphs_and_removals())
def test_cover_before_is_the_coverage_table(case):
    G, removed = case
    table = query.coverage(G)
    for (need, tier), (before, after) in without(G, removed).cover.items():
        assert int(table.loc[need, tier]) == before
        assert 0 <= after <= before


def test_nothing_removed_loses_nothing(tiny_graph):
    s = without(tiny_graph, [])
    assert s.removed == () and s.orphaned == () and s.cut == () and not s.losers
    assert all(before == after for before, after in s.cover.values())
    assert s.needs["leisure"].kept == len(query.need_web(tiny_graph, "leisure")) - 1


def test_names_are_resolved_and_unknown_ones_suggest_close_ids(tiny_graph):
    assert without(tiny_graph, ["mount sinai hospital"]).removed == ("mount-sinai-hospital",)
    with pytest.raises(UnknownNameError) as err:
        without(tiny_graph, ["mount sinai hospitl"])
    assert "mount-sinai-hospital" in err.value.suggestions


def test_removed_nodes_come_by_tier_then_id(tiny_graph):
    s = without(tiny_graph, ["staff-nurse", "chef", "hospitals", "chef", "leisure"])
    assert s.removed == ("leisure", "chef", "hospitals", "staff-nurse")


# ------------------------------------------------------------------- an uploaded organization

def rebuilt_links(H, removed) -> set:
    """Return the uploaded organization's need links that rebuilding it, from the jobs
    that stay, on the graph without the removed nodes would not make again."""
    org = H.graph["organization"]["id"]
    if org in removed:
        return set()
    ours = {org, *(j for j in H.predecessors(org) if H.nodes[j].get("tier") == "job")}
    G = H.subgraph(n for n in H if n not in ours and n not in removed).copy()
    rows = [(H.nodes[j]["title_as_written"], p, H.nodes[j]["headcount"])
            for j in sorted(ours - {org} - set(removed)) for p in H.successors(j)
            if p != org and p not in removed]
    again = with_organization(G, "Acme", rows)
    return {(org, k) for k in H.successors(org) if k not in removed
            and not again.has_edge(again.graph["organization"]["id"], k)}


@st.composite
def organizations_and_removals(draw):
    """Draw a graph with an uploaded organization and nodes to remove, often its jobs."""
    G = draw(tiered_graphs())
    nodes = sorted(G, key=str)
    rows = draw(st.lists(st.tuples(st.sampled_from(["Cook", "Nurse", "Clerk"]),
                                   st.sampled_from(nodes), st.one_of(st.none(), st.integers(0, 9))),
                         min_size=1, max_size=8))
    H = with_organization(G, "Acme", rows)
    jobs = sorted(j for j in H if str(j).startswith(ORG_ID + "-job-"))
    removed = draw(st.lists(st.sampled_from(jobs), unique=True, max_size=len(jobs)))
    removed += draw(st.lists(st.sampled_from(sorted(H, key=str)), unique=True, max_size=3))
    return H, sorted(set(removed))


@PROPS
@given(organizations_and_removals())
def test_the_organization_loses_what_only_its_removed_jobs_served(case):
    H, removed = case
    assert_exact(H, removed, without(H, removed), dropped=rebuilt_links(H, removed))


def test_cutting_the_only_job_serving_a_need_takes_it_from_the_organization(tiny_graph):
    H = with_organization(tiny_graph, "Acme", [("Staff Nurse", "registered-nurse", 4),
                                               ("Cook", "chef", 2)])
    nurse, cook = (f"{ORG_ID}-job-{k}" for k in (1, 2))
    s = without(H, [cook])
    # Leisure and Family came only through the cook: the organization loses them, and so
    # does its nurse, who reached them only through the organization.
    for need in ("leisure", "family"):
        assert s.needs[need].lost == (ORG_ID, nurse)
        assert Link(ORG_ID, need) in s.needs[need].links
        assert s.cover[need, "organization"] == (1, 0)
    assert s.needs["health-and-well-being"].lost == ()
    assert summary(H, s).startswith(
        "Cutting the position Cook (2) removes the direct link of 1 organization and the only "
        "organization link of 1 job to Family and Leisure, which no longer reach them at all.")
    # Losing the chef takes them too; losing a node no job draws on takes nothing.
    assert without(H, ["chef"]).needs["leisure"].lost[:1] == (ORG_ID,)
    assert ORG_ID not in without(H, ["accountant"]).losers


# ----------------------------------------------------------------------------- on the data

@pytest.fixture(scope="module")
def curated():
    return load_graph(REPO / "data")


def test_closing_mount_sinai_in_the_curated_data(curated):
    s = without(curated, ["mount-sinai-hospital"])
    health = s.needs["health-and-well-being"]
    assert health.lost == ("hospital-chaplain",)
    assert set(health.unanchored["organization"]) == {
        "emergency-physician", "clinical-psychologist", "hospital-chaplain", "medical-interpreter"}
    text = summary(curated, s)
    assert text.startswith("Closing Mount Sinai Hospital removes the only organization link of ")
    assert ("the only organization link of 4 jobs to Health and Well Being; 1 of them, Hospital "
            "chaplain, no longer reaches it at all") in text
    assert not s.employment_known and health.employment is None and s.cut_employment is None


def test_employment_behind_the_lost_links():
    G = nx.DiGraph()
    G.add_nodes_from([("health", {"tier": "need"}), ("rn", {"tier": "profession"}),
                      ("lpn", {"tier": "profession"}), ("hospitals", {"tier": "industry"}),
                      ("clinics", {"tier": "industry"})])
    G.add_edge("rn", "hospitals", relation="practised_in", employment=1500)
    G.add_edge("rn", "clinics", relation="practised_in", employment=300)
    G.add_edge("lpn", "hospitals", relation="practised_in", employment=200)
    G.add_edge("hospitals", "health", relation="addresses")
    G.add_edge("clinics", "health", relation="addresses")
    s = without(G, ["hospitals"])
    assert s.needs["health"].lost == ("lpn",)
    assert s.needs["health"].links == (Link("lpn", "hospitals", 200),)
    assert s.needs["health"].employment == 200
    assert s.cut == (Link("lpn", "hospitals", 200), Link("rn", "hospitals", 1500))
    assert s.cut_employment == 1700
    data = s.as_dict()
    assert data["needs"]["health"]["employment"] == 200 and data["cut_employment"] == 1700
    assert "1,700 jobs" in summary(G, s)
    both = without(G, ["hospitals", "clinics"])
    assert both.needs["health"].employment == 2000  # rn's two links and lpn's one


def test_us_data_removal_of_a_sector_and_its_subsectors():
    G = load_graph(REPO / "data" / "us")
    sector = "health-care-and-social-assistance-62"
    members = [sector, *(p for p in G.predecessors(sector)
                         if G.edges[p, sector]["relation"] == "part_of")]
    s = without(G, members)
    assert_exact(G, members, s)
    assert s.employment_known and s.cut_employment > 1_000_000
    assert s.needs["health-and-well-being"].employment > 0


# ----------------------------------------------------------------------------- annotate

def test_annotate_marks_every_node_and_leaves_the_graph_alone(tiny_graph):
    before = snapshot(tiny_graph)
    s = without(tiny_graph, ["mount-sinai-hospital"])
    H = annotate(tiny_graph, s)
    assert snapshot(tiny_graph) == before
    assert set(H) == set(tiny_graph) and set(H.edges) == set(tiny_graph.edges)
    assert H.nodes["mount-sinai-hospital"]["whatif_removed"] is True
    assert all(H.nodes[n]["whatif_removed"] is False for n in H if n != "mount-sinai-hospital")
    for n in H:
        loses = H.nodes[n]["whatif_loses"]
        assert loses == "|".join(k for k, loss in s.needs.items() if n in loss.lost)
    assert H.graph["whatif_without"] == "mount-sinai-hospital"


# ----------------------------------------------------------------------------- command line

def run(argv, capsys) -> tuple[int, str, str]:
    """Return the status, stdout and stderr of the command (argparse exits included)."""
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    out = capsys.readouterr()
    return status, out.out, out.err


def test_command_prints_the_summary_and_what_each_need_loses(capsys):
    status, out, err = run(["--data", str(REPO / "data"), "--remove", "Mount Sinai Hospital"],
                           capsys)
    assert status == 0 and err == ""
    assert out.startswith("Closing Mount Sinai Hospital removes")
    assert "Health and Well Being (health-and-well-being): 1 lost" in out
    assert "  job hospital-chaplain (Hospital chaplain)" in out


def test_json_shape(capsys):
    status, out, _ = run(["--data", str(TINY), "--remove", "hospitals", "--remove",
                          "staff-nurse", "--json"], capsys)
    assert status == 0
    data = json.loads(out)
    assert data["removed"] == ["hospitals", "staff-nurse"]
    assert set(data["needs"]) == set(NEED_IDS)
    for entry in data["needs"].values():
        assert isinstance(entry["lost"], list) and isinstance(entry["kept"], int)
    assert data["needs"]["health-and-well-being"] == {
        "lost": [], "kept": 3,
        "unanchored": {"industry": ["registered-nurse", "mount-sinai-hospital"]}}
    assert data["cover"]["health-and-well-being"]["job"] == [1, 0]
    assert "employment" not in data["needs"]["family"]  # the tiny data have no figures
    expected = without(load_graph(TINY), ["hospitals", "staff-nurse"]).as_dict()
    assert data == json.loads(json.dumps(expected))


def test_json_carries_employment_where_the_data_have_it(capsys):
    status, out, _ = run(["--data", str(REPO / "data" / "us"), "--remove", "hospitals-622",
                          "--json"], capsys)
    data = json.loads(out)
    assert status == 0 and data["cut_employment"] > 0
    health = data["needs"]["health-and-well-being"]
    assert health["employment"] == sum(link["employment"] for link in health["links"])


@pytest.mark.parametrize("argv, words", [
    (["--remove", "mount sinai hospitl"], ["unknown node 'mount sinai hospitl'",
                                            "did you mean: mount-sinai-hospital"]),
    ([], ["nothing to remove", "usage:"]),
    (["--json"], ["nothing to remove"]),
    (["--remove", "chef", "--bogus"], ["unrecognized arguments: --bogus"]),
])
def test_bad_input_exits_2_with_a_message(argv, words, capsys):
    status, out, err = run(["--data", str(TINY), *argv], capsys)
    assert status == 2 and out == ""
    for word in words:
        assert word in err
    assert "Traceback" not in err


def test_missing_or_invalid_data_exits_2(tmp_path, capsys):
    assert run(["--data", str(tmp_path / "nowhere"), "--remove", "x"], capsys)[0] == 2
    (tmp_path / "nodes.csv").write_text("id,label,tier,description\nx,X,guild,d\n")
    (tmp_path / "edges.csv").write_text("source,target,relation\n")
    status, _, err = run(["--data", str(tmp_path), "--remove", "x"], capsys)
    assert status == 2 and "invalid data" in err and "nodes.csv:2" in err


def test_python_dash_m_runs_the_command():
    proc = subprocess.run([sys.executable, "-m", "graph.whatif", "--data", str(TINY),
                           "--remove", "chef", "--json"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["removed"] == ["chef"]
