"""Careers in data/us and data/: related occupations, outlook, Job Zone, interests and skills,
checked against the O*NET 29.3 and BLS files they come from (copies in data/sources/)."""

from __future__ import annotations

import csv
import gzip
import warnings
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import networkx as nx
import pytest

import scripts.make_us_data as generator
from graph.build import load_graph
from graph.schema import BRIGHT_OUTLOOK, RELATEDNESS, SKILLS_FILE

REPO = Path(__file__).resolve().parents[1]
US = REPO / "data" / "us"
CURATED = REPO / "data"
SOURCES = REPO / "data" / "sources"


def _rows(name: str, delimiter: str = ",") -> list[dict]:
    """Return the rows of a source file (gzipped when its name ends in .gz)."""
    path = SOURCES / name
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_graph(US)


@pytest.fixture(scope="module")
def curated() -> nx.DiGraph:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_graph(CURATED)


def _by_code(G) -> dict[str, str]:
    """Return SOC code -> profession id."""
    return {d["code"]: n for n, d in G.nodes(data=True) if d["tier"] == "profession"}


def _link(G, a, b) -> dict | None:
    """Return the attributes of the edge joining a and b either way, or None."""
    if G.has_edge(a, b):
        return G.edges[a, b]
    return G.edges[b, a] if G.has_edge(b, a) else None


def _bls(code: str) -> dict:
    """Return the BLS Table 1.2 line item of a code."""
    [row] = [r for r in _rows("bls_projections_2024_34.csv")
             if r["2024 National Employment Matrix code"] == code
             and r["Occupation type"] == "Line item"]
    return row


# --------------------------------------------------------------------------- related occupations


@pytest.mark.parametrize("soc", ["29-1141", "47-2111", "15-1252", "35-1011"])
def test_primary_short_related_occupations_are_linked_with_that_tier(G, soc):
    ids = _by_code(G)
    listed = [r for r in _rows("onet_related_occupations.txt.gz", "\t")
              if r["O*NET-SOC Code"] == soc + ".00" and r["Relatedness Tier"] == "Primary-Short"]
    assert len(listed) == 5
    checked = 0
    for r in listed:
        other = r["Related O*NET-SOC Code"][:7]
        if other == soc or other not in ids:
            continue
        link = _link(G, ids[soc], ids[other])
        assert link is not None, f"{soc} -> {other} missing"
        assert link["relation"] == "related_to" and link["relatedness"] == "Primary-Short"
        assert link["related_index"] <= int(r["Index"])
        checked += 1
    assert checked >= 2  # the others are of the same SOC code (one node)


def test_registered_nurses_closest_other_occupation_keeps_o_nets_tier_and_order(G):
    # O*NET lists three nurse specialities of the same SOC code first (dropped: one node);
    # Nurse Practitioners comes next, at index 2
    ids = _by_code(G)
    rows = [r for r in _rows("onet_related_occupations.txt.gz", "\t")
            if r["O*NET-SOC Code"] == "29-1141.00" and r["Related O*NET-SOC Code"][:7] != "29-1141"]
    first = min(rows, key=lambda r: int(r["Index"]))
    assert first["Related O*NET-SOC Code"] == "29-1171.00"
    link = _link(G, ids["29-1141"], ids["29-1171"])
    assert link["relatedness"] == "Primary-Short" and link["related_index"] <= int(first["Index"])


def test_related_to_edges_are_one_per_pair_between_professions_with_o_nets_best_listing(G):
    best: dict = {}
    rank = {t: i for i, t in enumerate(RELATEDNESS)}
    for r in _rows("onet_related_occupations.txt.gz", "\t"):
        a, b = r["O*NET-SOC Code"][:7], r["Related O*NET-SOC Code"][:7]
        if a != b:
            key = (rank[r["Relatedness Tier"]], int(r["Index"]))
            pair = frozenset((a, b))
            best[pair] = min(best.get(pair, key), key)
    seen = set()
    for u, v, d in G.edges(data=True):
        if d["relation"] != "related_to":
            continue
        nu, nv = G.nodes[u], G.nodes[v]
        assert nu["tier"] == nv["tier"] == "profession"
        pair = frozenset((nu["code"], nv["code"]))
        assert pair not in seen
        seen.add(pair)
        assert (rank[d["relatedness"]], d["related_index"]) == best[pair]
    codes = set(_by_code(G))
    assert seen == {p for p in best if p <= codes}


# --------------------------------------------------------------------------- outlook


@pytest.mark.parametrize("soc", ["29-1141", "47-2111", "15-1252", "11-1011", "43-4051"])
def test_outlook_figures_equal_bls_table_1_2(G, soc):
    node = G.nodes[_by_code(G)[soc]]
    row = _bls(soc)
    assert node["growth_pct"] == float(row["Employment change, percent, 2024–34"])
    assert node["annual_openings"] == int(
        Decimal(row["Occupational openings, 2024–34 annual average"]) * 1000)
    wage = row["Median annual wage, dollars, 2024[1]"]
    if wage.isdigit():
        assert node["bls_median_wage"] == int(wage)
    else:
        assert "bls_median_wage" not in node  # top-coded
    assert node["education"] == row["Typical education needed for entry"]


def test_registered_nurses_figures(G):
    node = G.nodes[_by_code(G)["29-1141"]]
    assert (node["growth_pct"], node["annual_openings"], node["bls_median_wage"],
            node["education"]) == (4.9, 189100, 93600, "Bachelor's degree")


@pytest.mark.parametrize("aggregate, covered", [
    ("13-1020", ["13-1021", "13-1022", "13-1023"]),
    ("21-1018", ["21-1011", "21-1014"]),
    ("53-1047", ["53-1042", "53-1043", "53-1044", "53-1049"]),
])
def test_a_bls_aggregate_gives_its_figures_to_every_soc_code_it_covers(G, aggregate, covered):
    row = _bls(aggregate)
    ids = _by_code(G)
    for soc in covered:
        assert G.nodes[ids[soc]]["growth_pct"] == float(row["Employment change, percent, 2024–34"])


def test_a_top_coded_bls_wage_is_blank_and_the_oews_wage_stays(G):
    top = [r["2024 National Employment Matrix code"] for r in _rows("bls_projections_2024_34.csv")
           if r["Median annual wage, dollars, 2024[1]"].startswith(">=")]
    ids = _by_code(G)
    assert top
    for soc in top:
        if soc in ids:
            assert "bls_median_wage" not in G.nodes[ids[soc]]


# --------------------------------------------------------------------------- O*NET attributes


@pytest.mark.parametrize("soc", ["29-1141", "47-2111", "11-1011", "15-1252"])
def test_job_zone_is_o_nets_for_the_00_occupation(G, soc):
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in _rows("onet_job_zones.txt", "\t")}
    assert G.nodes[_by_code(G)[soc]].get("job_zone") == zones.get(soc + ".00")


def test_registered_nurses_interests_and_bright_outlook(G):
    node = G.nodes[_by_code(G)["29-1141"]]
    scores = {r["Element Name"][0]: r["Data Value"] for r in _rows("onet_interests.txt.gz", "\t")
              if r["O*NET-SOC Code"] == "29-1141.00" and r["Scale ID"] == "OI"}
    expected = "|".join(f"{k}={Decimal(scores[k]).quantize(Decimal('0.01'))}" for k in "RIASEC")
    assert node["riasec"] == expected
    assert node["interest_code"] and set(node["interest_code"]) <= set("RIASEC")
    assert node["interest_code"][0] == max("RIASEC", key=lambda k: Decimal(scores[k]))
    flags = [r["Categories"] for r in _rows("onet_bright_outlook.csv") if r["Code"] == "29-1141.00"]
    assert node["bright_outlook"].split("|") == [
        c for c in BRIGHT_OUTLOOK if c in flags[0].split("; ")]


def test_skills_are_o_nets_importance_averaged_over_the_soc_codes_occupations(G):
    values = defaultdict(list)
    for r in _rows("onet_skills.txt.gz", "\t"):
        if r["O*NET-SOC Code"][:7] == "29-1141" and r["Scale ID"] == "IM":
            values[r["Element Name"]].append(Decimal(r["Data Value"]))
    skills = G.graph["skills"]["29-1141"]
    assert len([k for k in skills if k[0] == "skill"]) == len(values) == 35
    for name, found in values.items():
        mean = (sum(found) / len(found)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert skills[("skill", name)] == float(mean)
    assert len([k for k in skills if k[0] == "knowledge"]) == 33


def test_profession_columns_are_only_on_professions(G):
    for _n, d in G.nodes(data=True):
        if d["tier"] != "profession":
            assert not any(d.get(c) not in (None, "") for c in generator.PROFILE_NODE_COLUMNS)


# --------------------------------------------------------------------------- the curated data


def test_curated_data_has_the_same_links_and_figures_as_data_us(G, curated):
    us_ids, ours = _by_code(G), _by_code(curated)
    for soc, node in ours.items():
        for column in generator.PROFILE_NODE_COLUMNS:
            assert curated.nodes[node].get(column) == G.nodes[us_ids[soc]].get(column), (node, column)
        assert curated.graph["skills"].get(soc) == G.graph["skills"].get(soc)
    expected = set()
    for u, v, d in G.edges(data=True):
        a, b = G.nodes[u]["code"] if d["relation"] == "related_to" else None, G.nodes[v].get("code")
        if a in ours and b in ours:
            expected.add((ours[a], ours[b], d["relatedness"], d["related_index"]))
    found = {(u, v, d["relatedness"], d["related_index"]) for u, v, d in curated.edges(data=True)
             if d["relation"] == "related_to"}
    assert found == expected and len(found) > 100


def test_curated_regeneration_is_idempotent(tmp_path):
    # run on the committed curated data: the curated files come back byte for byte
    generator.generate(SOURCES, tmp_path / "us", CURATED, tmp_path / "curated")
    for name in ("nodes.csv", "edges.csv", "titles.csv", SKILLS_FILE):
        assert (tmp_path / "curated" / name).read_bytes() == (CURATED / name).read_bytes(), name
