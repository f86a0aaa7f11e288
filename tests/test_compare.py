"""Side-by-side comparison (graph.compare), skill profiles (graph.profiles) and the
employment-weighted growth of coverage cells (graph.outlook), against hand-computed
answers on small graphs and against data/us."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import networkx as nx
import pytest

from graph.compare import CompareError, compare, compare_csv
from graph.outlook import growth_coverage, node_growth
from graph.profiles import cosine, skill_overlap, skill_profile, top_skills

US = Path(__file__).resolve().parents[1] / "data" / "us"


@pytest.fixture
def small():
    G = nx.DiGraph(skills={
        "29-1141": {("skill", "Active Listening"): 4.0, ("skill", "Monitoring"): 3.0,
                    ("knowledge", "Medicine"): 5.0},
        "29-2061": {("skill", "Active Listening"): 3.0, ("skill", "Monitoring"): 4.0,
                    ("knowledge", "Medicine"): 4.0},
        "51-4121": {("skill", "Active Listening"): 2.0},
    })
    G.add_node("health", tier="need", label="Health and Well-being")
    G.add_node("family", tier="need", label="Family")
    G.add_node("rn", tier="profession", label="Registered Nurses", code="29-1141",
               growth_pct=4.9, employment=300, median_wage=93600, annual_openings=189100,
               job_zone=4, education="Bachelor's degree",
               bright_outlook="Rapid Growth|Numerous Job Openings")
    G.add_node("lpn", tier="profession", label="LPNs", code="29-2061", growth_pct=-1.0,
               employment=100, median_wage="", bls_median_wage=62340, job_zone=3,
               education="")
    G.add_node("hosp", tier="industry", label="Hospitals", code="622")
    G.add_node("ward-nurse", tier="job", label="Ward Nurse")
    G.add_edges_from([("rn", "health", {"relation": "serves"}),
                      ("rn", "family", {"relation": "serves"}),
                      ("lpn", "health", {"relation": "serves"}),
                      ("hosp", "health", {"relation": "addresses"}),
                      ("rn", "hosp", {"relation": "practised_in", "employment": 200}),
                      ("lpn", "hosp", {"relation": "practised_in", "employment": 50}),
                      ("ward-nurse", "rn", {"relation": "draws_on"}),
                      ("ward-nurse", "lpn", {"relation": "draws_on"})])
    return G


def test_compare_gathers_each_node_and_marks_the_needs_they_do_not_share(small):
    c = compare(small, ["rn", "lpn"])
    rn, lpn = c["nodes"]
    # Needs in schema order ("health" is not one of the twelve, so it comes after them).
    assert (rn["tier"], rn["code"], rn["needs"]) == ("profession", "29-1141", ["family", "health"])
    assert lpn["needs"] == ["health"]
    assert c["needs_differ"] == ["family"]
    assert (rn["median_wage"], rn["growth_pct"], rn["annual_openings"], rn["job_zone"]) == (
        93600, 4.9, 189100, 4)
    assert rn["education"] == "Bachelor's degree"
    # Blank cells come back as None, never as "".
    assert (lpn["median_wage"], lpn["bls_median_wage"], lpn["education"],
            lpn["annual_openings"]) == (None, 62340, None, None)
    assert [s[1] for s in rn["top_skills"]] == ["Medicine", "Active Listening", "Monitoring"]


def test_compare_pairs_skill_overlap_is_the_cosine_and_shared_neighbours(small):
    c = compare(small, ["rn", "lpn", "hosp"])
    by_pair = {(p["a"], p["b"]): p for p in c["pairs"]}
    # Elements (Active Listening, Monitoring, Medicine), a missing one counting 1; the mean
    # profile is (3, 8/3, 10/3); centred, rn (1, 1/3, 5/3) and lpn (0, 4/3, 2/3).
    expected = (4 / 9 + 10 / 9) / (math.sqrt(35 / 9) * math.sqrt(20 / 9))  # 14 / sqrt(700)
    assert by_pair["rn", "lpn"]["skill_overlap"] == pytest.approx(expected, abs=1e-3)
    # Linked either way: both serve health, both practised in hospitals, one job draws on both.
    assert by_pair["rn", "lpn"]["shared_neighbours"] == ["health", "hosp", "ward-nurse"]
    assert by_pair["rn", "lpn"]["shared_count"] == 3
    # An industry has no skill profile: the overlap is unknown, not 0.
    assert by_pair["rn", "hosp"]["skill_overlap"] is None
    assert by_pair["rn", "hosp"]["shared_neighbours"] == ["health"]


@pytest.mark.parametrize("nodes, words", [
    ([], "1 to 3 nodes"), (["rn", "lpn", "hosp", "health"], "1 to 3 nodes"),
    (["rn", "ghost"], "not a node of the graph: ghost"), (["rn", "rn"], "named twice"),
])
def test_compare_refuses_what_it_cannot_compare(small, nodes, words):
    with pytest.raises(CompareError, match=words):
        compare(small, nodes)


def test_a_job_has_the_mean_profile_of_the_professions_it_draws_on(small):
    profile = skill_profile(small, "ward-nurse")
    assert profile == {("knowledge", "Medicine"): 4.5, ("skill", "Active Listening"): 3.5,
                       ("skill", "Monitoring"): 3.5}
    assert skill_profile(small, "hosp") == {} and skill_overlap(small, "hosp", "rn") is None
    assert top_skills(small, "rn", 1, kind="skill") == [("skill", "Active Listening", 4.0)]
    assert cosine({"a": 1.0}, {"a": 0.0}) is None


def test_the_csv_of_the_compared_rows_loads_back_with_formula_cells_guarded(small):
    small.nodes["lpn"]["label"] = "=cmd|' /C calc'!A0"
    rows = list(csv.DictReader(io.StringIO(compare_csv(small, ["rn", "lpn"]).decode("utf-8"))))
    assert [r["id"] for r in rows] == ["rn", "lpn"]
    assert rows[1]["label"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["needs"] == "family|health" and rows[0]["growth_pct"] == "4.9"
    assert rows[0]["skill_overlap"] == "lpn=0.529"  # 14 / sqrt(700), as Moves rounds it
    assert rows[1]["median_wage"] == "" and rows[1]["bls_median_wage"] == "62340"


def test_growth_of_industries_jobs_and_cells_weighted_by_employment(small):
    growth = node_growth(small)
    assert growth["rn"] == (4.9, 300) and growth["lpn"] == (-1.0, 100)
    # Hospitals: weighted by the employment of each profession in it.
    assert growth["hosp"] == (pytest.approx((4.9 * 200 - 1.0 * 50) / 250), 250)
    # A job: the plain mean of its professions (no employment of its own).
    assert growth["ward-nurse"] == (pytest.approx(1.95), None)
    cells = growth_coverage(small)
    assert cells["health", "profession"].growth == pytest.approx((4.9 * 300 - 100) / 400, abs=1e-4)
    assert cells["health", "profession"].weighted and cells["health", "profession"].nodes == 2
    assert cells["family", "profession"].growth == pytest.approx(4.9)
    job = cells["health", "job"]
    assert (job.growth, job.weighted, job.nodes) == (pytest.approx(1.95), False, 1)
    assert ("family", "industry") not in cells  # no industry reaches family


@pytest.fixture(scope="module")
def us():
    if not (US / "skills.csv").is_file():
        pytest.skip("data/us has no skills.csv yet")
    from graph.build import load_graph

    return load_graph(US)


def test_us_nurses_compared_with_their_bls_figures_and_close_skills(us):
    rn, lpn = "registered-nurses-29-1141", "licensed-practical-and-licensed-vocational-nurses-29-2061"
    dev = next(n for n, d in us.nodes(data=True) if d.get("code") == "15-1251"
               and d.get("tier") == "profession")
    c = compare(us, [rn, lpn, dev])
    nurse = c["nodes"][0]
    for key in ("growth_pct", "annual_openings", "bls_median_wage", "job_zone", "median_wage"):
        assert nurse[key] == us.nodes[rn][key]
    overlap = {(p["a"], p["b"]): p["skill_overlap"] for p in c["pairs"]}
    assert overlap[rn, lpn] > overlap[rn, dev]
    assert "hospitals-622" in next(p for p in c["pairs"] if p["b"] == lpn)["shared_neighbours"]
