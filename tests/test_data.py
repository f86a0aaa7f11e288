"""Tests of the bundled dataset data/nodes.csv and data/edges.csv.

The dataset is loaded with `graph.build.load_graph`, so every rule the builder enforces
holds as well; these tests add the content rules of the curated edition: minimum sizes,
named nodes, the reach of every need, real SOC 2018 and NAICS 2022 codes, and evidence that
matches the BLS OEWS figures it quotes.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graph.build import SLUG_PATTERN, load_graph
from graph.schema import (
    ALIAS_SEPARATOR,
    EDGE_COLUMNS,
    FORMULA_PREFIXES,
    NEEDS,
    NEED_IDS,
    NODE_COLUMNS,
    NUMERIC_EXTRA_COLUMNS,
    ORG_KINDS,
    PROFESSION_COLUMNS,
    RELATED_COLUMNS,
    SKILL_COLUMNS,
    SKILLS_FILE,
    TIER_IDS,
    TITLE_COLUMNS,
    TITLES_FILE,
    relation_for,
)

DATA = Path(__file__).resolve().parents[1] / "data"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"

SOC_SHAPE = re.compile(r"\d\d-\d{4}")
NAICS_SHAPE = re.compile(r"\d{2,6}|\d\d-\d\d")
OEWS_EVIDENCE = re.compile(
    r"BLS OEWS May 2025 counts (?P<employment>[\d,]+) (?P<occupation>.+?) in NAICS "
    r"(?P<naics>[\d-]+) (?P<industry>.+?)(?:, (?P<share>[\d.]+)% of the occupation's employment"
    r"|, the group that contains (?P<child>\d+) .+)\.$"
)
#: A practised_in link backed by OEWS needs at least this share of the occupation's employment.
MIN_OEWS_SHARE = 0.01
SAME_SOC_EVIDENCE = re.compile(r"Both are classified in SOC 2018 (?P<code>\d\d-\d{4}) (?P<title>.+)\.$")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    """The bundled dataset, loaded once for the module (tests only read it)."""
    return load_graph(DATA)


@pytest.fixture(scope="module")
def node_rows() -> list[dict]:
    """The raw rows of data/nodes.csv."""
    return _read(DATA / "nodes.csv")


@pytest.fixture(scope="module")
def edge_rows() -> list[dict]:
    """The raw rows of data/edges.csv."""
    return _read(DATA / "edges.csv")


@pytest.fixture(scope="module")
def soc() -> dict[str, dict]:
    """SOC 2018 structure rows by code."""
    return {r["soc_code"]: r for r in _read(_reference("soc2018_structure.csv"))}


@pytest.fixture(scope="module")
def naics() -> dict[str, dict]:
    """NAICS 2022 rows by code."""
    return {r["naics_code"]: r for r in _read(_reference("naics2022_codes.csv"))}


@pytest.fixture(scope="module")
def oews() -> tuple[dict[str, str], dict[tuple[str, str], int]]:
    """OEWS industry code of each NAICS code (all ownerships) and employment by (industry, SOC)."""
    industry = {r["naics_code"]: r["oews_industry_code"]
                for r in _read(_reference("oews2025_industries.csv"))
                if r["naics_code"] and not r["note"]}
    employment = {(r["oews_industry_code"], r["soc_code"]): int(r["employment"])
                  for r in _read(_reference("oews2025_national_industry_by_occupation.csv.gz"))
                  if r["employment"]}
    return industry, employment


def _read(path: Path) -> list[dict]:
    """Return the rows of a (possibly gzipped) UTF-8 CSV file as dicts."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _reference(name: str) -> Path:
    """Return a reference file's path, skipping loudly when the reference folder is absent."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data folder {REFERENCE} is absent; cannot check codes against it")
    return REFERENCE / name


def _tier(G: nx.DiGraph, tier: str) -> list[str]:
    """Return the ids of the nodes of one tier, in file order."""
    return [n for n, t in G.nodes(data="tier") if t == tier]


def _names(G: nx.DiGraph, node: str) -> set[str]:
    """Return the lower-cased label and aliases of a node."""
    data = G.nodes[node]
    names = [data["label"], *data.get("aliases", "").split(ALIAS_SEPARATOR)]
    return {n.strip().lower() for n in names if n.strip()}


def _find(G: nx.DiGraph, tier: str, name: str) -> list[str]:
    """Return the nodes of a tier whose label or an alias is `name` (case-insensitive)."""
    return [n for n in _tier(G, tier) if name.lower() in _names(G, n)]


# --------------------------------------------------------------------------- files and columns


def test_readme_counts_match_the_files(G):
    text = (DATA / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Web of Work of (\d+) nodes and (\d+) edges", text)
    assert match, "data/README.md does not state the node and edge counts"
    assert (int(match[1]), int(match[2])) == (G.number_of_nodes(), G.number_of_edges())
    table = dict(re.findall(r"^\| (\w+) \| (\d+) \|", text, flags=re.M))
    assert table == {t: str(len(_tier(G, t))) for t in TIER_IDS}


def test_dataset_loads_without_warnings(G):
    assert G.graph["warnings"] == []
    assert G.graph["name"] == "data"


@pytest.mark.parametrize("file, columns", [
    ("nodes.csv", [c.name for c in (*NODE_COLUMNS, *PROFESSION_COLUMNS)]),
    ("edges.csv", [c.name for c in (*EDGE_COLUMNS, *RELATED_COLUMNS) if c.name != "via"]),
    (TITLES_FILE, [c.name for c in TITLE_COLUMNS]),
    (SKILLS_FILE, [c.name for c in SKILL_COLUMNS]),
])
def test_header_is_the_schema_columns_in_order(file, columns):
    with open(DATA / file, encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == columns


def _is_number(value: str) -> bool:
    """Return True when a cell is a number (a negative growth is a number, not a formula)."""
    try:
        float(value)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("file", ["nodes.csv", "edges.csv", TITLES_FILE, SKILLS_FILE])
def test_no_cell_starts_like_a_spreadsheet_formula(file):
    rows = _read(DATA / file)
    risky = [(i + 2, k, v) for i, r in enumerate(rows) for k, v in r.items()
             if v.startswith((*FORMULA_PREFIXES, "'"))
             and not (k in NUMERIC_EXTRA_COLUMNS and _is_number(v))]
    assert risky == []


@pytest.mark.parametrize("file", ["nodes.csv", "edges.csv", TITLES_FILE, SKILLS_FILE])
def test_no_cell_has_stray_whitespace(file):
    rows = _read(DATA / file)
    padded = [(i + 2, k, v) for i, r in enumerate(rows) for k, v in r.items() if v != v.strip()]
    assert padded == []


def test_readme_states_the_number_of_titles(G):
    text = (DATA / "README.md").read_text(encoding="utf-8")
    match = re.search(r"and ([\d,]+) real job titles", text)
    assert match, "data/README.md does not state the number of titles"
    assert int(match[1].replace(",", "")) == len(G.graph["titles"])


def test_every_soc_code_of_a_profession_or_job_has_titles(G):
    titled = {G.nodes[node]["code"] for _title, node, _source in G.graph["titles"]}
    codes = {code for n, code in G.nodes(data="code")
             if code and G.nodes[n]["tier"] in ("profession", "job")}
    assert codes - titled == set()


# --------------------------------------------------------------------------- content minimums


@pytest.mark.parametrize("tier, minimum", [
    ("need", 12),
    ("profession", 60),
    ("industry", 25),
    ("organization", 40),
    ("job", 80),
])
def test_tier_has_at_least(G, tier, minimum):
    assert len(_tier(G, tier)) >= minimum


def test_needs_are_exactly_the_schema_needs(G):
    assert [(n, G.nodes[n]["label"]) for n in _tier(G, "need")] == [(n.id, n.label) for n in NEEDS]


@pytest.mark.parametrize("tier, name", [
    *[("profession", p) for p in (
        "architect", "soccer player", "educator", "electrician", "chef", "broker", "journalist",
        "astronomer", "monk", "graphic designer", "juggler", "musician", "physicist")],
    *[("industry", i) for i in (
        "health care", "financial services", "automotive", "pharmaceutical",
        "facilities management", "education")],
    *[("organization", o) for o in (
        "Nike", "Habitat for Humanity", "U.S. Environmental Protection Agency",
        "Mount Sinai Hospital")],
    *[("job", j) for j in ("financial analyst", "customer service representative", "loan officer")],
])
def test_named_node_is_present(G, tier, name):
    assert len(_find(G, tier, name)) == 1, f"no single {tier} labelled or aliased {name!r}"


def test_a_real_buddhist_monastery_is_listed(G):
    monasteries = [n for n in _tier(G, "organization")
                   if G.nodes[n]["kind"] == "religious"
                   and "buddhist monastery" in G.nodes[n]["description"].lower()]
    assert {G.nodes[n]["label"] for n in monasteries} & {"Plum Village", "Shasta Abbey", "Tassajara"}
    assert all(G.has_edge(n, "spirituality") for n in monasteries)


@pytest.mark.parametrize("tier, name, code", [
    ("profession", "soccer player", "27-2021"),
    ("profession", "juggler", "27-2099"),
    ("profession", "monk", "21-2099"),
    ("profession", "electrician", "47-2111"),
    ("profession", "architect", "17-1011"),
    ("industry", "Health Care and Social Assistance", "62"),
    ("industry", "Finance and Insurance", "52"),
    ("industry", "Motor Vehicle Manufacturing", "3361"),
    ("industry", "Pharmaceutical and Medicine Manufacturing", "3254"),
    ("industry", "Facilities Support Services", "561210"),
    ("industry", "Educational Services", "61"),
    ("job", "loan officer", "13-2072"),
    ("job", "financial analyst", "13-2051"),
    ("job", "customer service representative", "43-4051"),
])
def test_named_node_has_its_code(G, tier, name, code):
    (node,) = _find(G, tier, name)
    assert G.nodes[node]["code"] == code


# --------------------------------------------------------------------------- reach of the needs


REACH_MINIMUM = {"profession": 3, "industry": 2, "organization": 2, "job": 3}


@pytest.fixture(scope="module")
def reach(G) -> dict[str, Counter]:
    """For each need, how many nodes of each tier have a directed path to it."""
    return {need: Counter(G.nodes[a]["tier"] for a in nx.ancestors(G, need)) for need in NEED_IDS}


@pytest.mark.parametrize("need", NEED_IDS)
@pytest.mark.parametrize("tier", list(REACH_MINIMUM))
def test_need_is_reached_by_enough_nodes_of_each_tier(reach, need, tier):
    assert reach[need][tier] >= REACH_MINIMUM[tier]


def test_every_node_reaches_a_need(G):
    needs = set(NEED_IDS)
    stranded = [n for n in G if G.nodes[n]["tier"] != "need" and not nx.descendants(G, n) & needs]
    assert stranded == []


@pytest.mark.parametrize("need", NEED_IDS)
def test_some_organization_serves_each_need_directly(G, need):
    assert any(G.nodes[s]["tier"] == "organization" for s in G.predecessors(need))


@pytest.mark.parametrize("kind", ["company", "nonprofit", "government", "religious", "cooperative"])
def test_organization_kind_is_represented(G, kind):
    assert any(G.nodes[o]["kind"] == kind for o in _tier(G, "organization"))


# --------------------------------------------------------------------------- edges per node


@pytest.mark.parametrize("tier, relation, low, high", [
    ("profession", "serves", 1, None),
    ("profession", "practised_in", 1, None),
    ("industry", "addresses", 1, None),
    ("organization", "operates_in", 1, None),
    ("organization", "serves", 1, None),
    ("job", "draws_on", 1, 3),
    ("job", "sits_in", 0, 2),
])
def test_out_edges_per_node(G, tier, relation, low, high):
    counts = {n: sum(1 for _, _, r in G.out_edges(n, data="relation") if r == relation)
              for n in _tier(G, tier)}
    wrong = {n: c for n, c in counts.items() if c < low or (high is not None and c > high)}
    assert wrong == {}


def test_a_good_share_of_jobs_sit_in_an_organization(G):
    jobs = _tier(G, "job")
    placed = [j for j in jobs if any(G.nodes[t]["tier"] == "organization" for t in G.successors(j))]
    assert len(placed) >= len(jobs) // 2


def test_every_edge_relation_fits_its_tier_pair(G):
    wrong = [(s, t, r) for s, t, r in G.edges(data="relation")
             if relation_for(G.nodes[s]["tier"], G.nodes[t]["tier"]) != r]
    assert wrong == []


def test_no_duplicate_or_reversed_edges(edge_rows):
    pairs = Counter((r["source"], r["target"]) for r in edge_rows)
    assert [p for p, c in pairs.items() if c > 1] == []
    assert [(s, t) for s, t in pairs if (t, s) in pairs] == []


def test_no_cycles(G):
    assert nx.is_directed_acyclic_graph(G)


def test_every_edge_has_evidence(G):
    assert [(s, t) for s, t, e in G.edges(data="evidence") if not (e or "").strip()] == []


def test_weights_are_between_zero_and_one(G):
    weights = [w for _, _, w in G.edges(data="weight") if w is not None]
    assert weights, "no edge carries a weight"
    assert all(0 <= w <= 1 for w in weights)


# --------------------------------------------------------------------------- node fields


def test_ids_are_slugs(G):
    assert [n for n in G if not SLUG_PATTERN.fullmatch(n)] == []


@pytest.mark.parametrize("tier", TIER_IDS)
def test_labels_are_unique_within_a_tier(G, tier):
    labels = Counter(G.nodes[n]["label"].lower() for n in _tier(G, tier))
    assert [label for label, c in labels.items() if c > 1] == []


def test_descriptions_are_short_and_at_most_two_sentences(G):
    bad = {}
    for n, text in G.nodes(data="description"):
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s]
        if not text or len(text) > 400 or len(sentences) > 2 or not text.endswith("."):
            bad[n] = text
    assert bad == {}


@pytest.mark.parametrize("column, tiers", [
    ("credentials", {"profession"}),
    ("standard_of_excellence", {"profession"}),
    ("kind", {"organization"}),
    ("based_in", {"organization"}),
])
def test_tier_specific_column_is_filled_exactly_on_its_tiers(G, column, tiers):
    missing = [n for n in G if G.nodes[n]["tier"] in tiers and not G.nodes[n].get(column)]
    stray = [n for n in G if G.nodes[n]["tier"] not in tiers and G.nodes[n].get(column)]
    assert (missing, stray) == ([], [])


def test_organization_kinds_are_schema_kinds(G):
    assert {G.nodes[o]["kind"] for o in _tier(G, "organization")} <= set(ORG_KINDS)


def test_organizations_are_based_in_a_city_and_country(G):
    assert [o for o in _tier(G, "organization") if ", " not in G.nodes[o]["based_in"]] == []


def test_urls_are_https(G):
    urls = {n: u for n, u in G.nodes(data="url") if u}
    assert urls, "no node has a url"
    assert {n: u for n, u in urls.items() if not re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]+/\S*", u)} == {}


def test_aliases_are_clean(G):
    bad = {}
    for n, aliases in G.nodes(data="aliases"):
        parts = aliases.split(ALIAS_SEPARATOR) if aliases else []
        folded = [p.lower() for p in parts]
        if any(not p or p != p.strip() for p in parts) or len(set(folded)) != len(folded) \
                or G.nodes[n]["label"].lower() in folded:
            bad[n] = aliases
    assert bad == {}


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize("tier, shape", [
    ("profession", SOC_SHAPE),
    ("job", SOC_SHAPE),
    ("industry", NAICS_SHAPE),
])
def test_codes_have_the_shape_of_their_classification(G, tier, shape):
    assert [(n, G.nodes[n]["code"]) for n in _tier(G, tier)
            if not shape.fullmatch(G.nodes[n]["code"])] == []


@pytest.mark.parametrize("tier", ["need", "organization"])
def test_tiers_without_a_classification_have_no_code(G, tier):
    assert [n for n in _tier(G, tier) if G.nodes[n]["code"]] == []


@pytest.mark.parametrize("tier", ["profession", "job"])
def test_soc_codes_are_detailed_soc_2018_codes(G, soc, tier):
    wrong = [(n, G.nodes[n]["code"]) for n in _tier(G, tier)
             if soc.get(G.nodes[n]["code"], {}).get("level") != "detailed"]
    assert wrong == []


def test_naics_codes_are_naics_2022_codes(G, naics):
    assert [(n, G.nodes[n]["code"]) for n in _tier(G, "industry")
            if G.nodes[n]["code"] not in naics] == []


def test_industries_carry_their_official_naics_title(G, naics):
    missing = [n for n in _tier(G, "industry")
               if naics[G.nodes[n]["code"]]["title"].lower() not in _names(G, n)]
    assert missing == []


def _naics_ancestors(naics: dict[str, dict], code: str):
    """Yield the codes of the NAICS groups that contain `code`, narrowest first."""
    while code := naics[code]["parent_code"]:
        yield code


def test_part_of_follows_the_naics_hierarchy(G, naics):
    wrong = [(s, t) for s, t, r in G.edges(data="relation") if r == "part_of"
             and G.nodes[t]["code"] not in set(_naics_ancestors(naics, G.nodes[s]["code"]))]
    assert wrong == []


def test_oews_evidence_quotes_the_reference_figures(G, soc, naics, oews):
    industry, employment = oews
    quoted = 0
    wrong = []
    for s, t, text in G.edges(data="evidence"):
        match = OEWS_EVIDENCE.match(text)
        if not match:
            continue
        quoted += 1
        code, naics_code = G.nodes[s]["code"], match["naics"]
        actual = employment.get((industry.get(naics_code), code))
        target = G.nodes[t]["code"]
        # the figure is for the target's own code or for a group containing it: one the
        # evidence names (", the group that contains ...") or one with the same title
        covers = target == naics_code or (
            naics_code in set(_naics_ancestors(naics, target))
            and (match["child"] == target or naics[target]["title"] == match["industry"]))
        if (int(match["employment"].replace(",", "")) != actual
                or match["occupation"] != soc[code]["title"]
                or match["industry"] != naics[naics_code]["title"]
                or not covers):
            wrong.append((s, t, text, actual))
        elif actual < MIN_OEWS_SHARE * employment[("000000", code)]:
            wrong.append((s, t, text, "under the minimum share"))
        elif match["share"] is not None:
            share = 100 * actual / employment[("000000", code)]
            if abs(float(match["share"]) - share) > 0.05 or \
                    abs(G.edges[s, t]["weight"] - share / 100) > 0.0005:
                wrong.append((s, t, text, share))
    assert quoted >= 50
    assert wrong == []


def test_same_soc_evidence_is_true(G, soc):
    wrong = []
    for s, t, text in G.edges(data="evidence"):
        match = SAME_SOC_EVIDENCE.match(text)
        if match and not (G.nodes[s]["code"] == G.nodes[t]["code"] == match["code"]
                          and soc[match["code"]]["title"] == match["title"]):
            wrong.append((s, t, text))
    assert wrong == []
