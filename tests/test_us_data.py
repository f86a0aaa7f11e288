"""Tests of the real-data edition data/us/, its generator and its tables of judgement."""

from __future__ import annotations

import copy
import csv
import doctest
import gzip
import hashlib
import re
import subprocess
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

import scripts.make_us_data as generator
from graph.build import load_graph
from graph.schema import LATERAL_RELATIONS, NEED_IDS, NEEDS, TIER_IDS

REPO = Path(__file__).resolve().parents[1]
US = REPO / "data" / "us"
SOURCES = REPO / "data" / "sources"
#: The generator's command line, run from the repository root.
GENERATE = [sys.executable, "-m", "scripts.make_us_data"]
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
ATTRIBUTION = (
    "This product includes information from the O*NET 29.2, 29.3 and 30.3 Databases by the U.S. "
    "Department of Labor, Employment and Training Administration (USDOL/ETA), used under the "
    "CC BY 4.0 license. O*NET is a trademark of USDOL/ETA."
)
COPIED = [
    "bls_projections_2024_34.csv",
    "naics2022_codes.csv",
    "oews2025_industries.csv",
    "oews2025_national_industry_by_occupation.csv.gz",
    "oews2025_occupations.csv",
    "onet_alternate_titles.csv.gz",
    "onet_bright_outlook.csv",
    "onet_interests.txt.gz",
    "onet_job_zones.txt",
    "onet_knowledge.txt.gz",
    "onet_occupation_data.txt",
    "onet_related_occupations.txt.gz",
    "onet_skills.txt.gz",
    "soc2018_direct_match_titles.csv",
    "soc2018_structure.csv",
    "sp500_constituents.csv",
]


def _rows(path: Path, delimiter: str = ",") -> list[dict]:
    """Return the rows of a (possibly gzipped) UTF-8 CSV file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def _reference(name: str) -> Path:
    """Return a reference file's path, skipping loudly when the reference folder is absent."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data folder {REFERENCE} is absent; cannot check against it")
    return REFERENCE / name


@pytest.fixture(scope="module")
def G() -> nx.DiGraph:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning from the loader fails the test
        return load_graph(US)


@pytest.fixture(scope="module")
def by_tier(G) -> dict[str, list[str]]:
    out = defaultdict(list)
    for n, tier in G.nodes(data="tier"):
        out[tier].append(n)
    return out


# --------------------------------------------------------------------------- regeneration


def test_regeneration_is_byte_identical(tmp_path):
    result = subprocess.run([*GENERATE, "--out", str(tmp_path / "us"),
                             "--curated-out", str(tmp_path / "curated")],
                            capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    committed = {"us": US, "curated": REPO / "data"}
    written = ["nodes.csv", "edges.csv", "titles.csv", "skills.csv"]
    for folder, name in [(folder, name) for folder in ("us", "curated") for name in written]:
        path = committed[folder] / name
        assert (tmp_path / folder / name).read_bytes() == path.read_bytes(), (
            f"{path.relative_to(REPO)} is not what scripts/make_us_data.py generates from "
            f"data/sources and the curated data: run `python -m scripts.make_us_data` and "
            f"commit the result")
    # the curated files go where --curated-out says, and nothing else is written there
    assert sorted(p.name for p in (tmp_path / "curated").iterdir()) == sorted(written)


def test_generator_examples_hold():
    result = doctest.testmod(generator, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5 and result.failed == 0


@pytest.mark.parametrize("name", ["nodes.csv", "edges.csv", "titles.csv"])
def test_files_use_plain_unix_csv(name):
    data = (US / name).read_bytes()
    assert b"\r" not in data  # "\n" line endings, and no cell holds a carriage return
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\n")


def test_rows_are_sorted_with_each_nodes_heaviest_edge_first():
    nodes = _rows(US / "nodes.csv")
    rank = {t: i for i, t in enumerate(TIER_IDS)}
    keys = [(rank[r["tier"]], r["id"]) for r in nodes]
    assert keys == sorted(keys)
    edges = _rows(US / "edges.csv")
    keys = [(e["source"], -float(e["weight"] or 0), e["target"]) for e in edges]
    assert keys == sorted(keys)


def test_missing_sources_folder_is_a_clear_error(tmp_path):
    result = subprocess.run([*GENERATE, "--out", str(tmp_path / "out"),
                             "--sources", str(tmp_path / "nowhere")],
                            capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nowhere" in result.stderr and "missing" in result.stderr


# --------------------------------------------------------------------------- validity and size


def test_loads_without_errors_or_warnings(G):
    assert G.graph["warnings"] == []
    assert G.graph["name"] == "us"


def test_sizes_are_in_the_stated_ranges(G):
    assert 4000 <= G.number_of_nodes() <= 6000
    lateral = sum(r in LATERAL_RELATIONS for *_e, r in G.edges(data="relation"))
    assert 8000 <= G.number_of_edges() - lateral <= 15000
    assert 9000 <= lateral <= 14000  # related occupations, rolled up to SOC codes


def _readme_counts() -> dict[str, int]:
    """Return the counts stated in the tables of data/us/README.md."""
    text = (US / "README.md").read_text(encoding="utf-8")
    section = text.split("## Counts", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^\| \**([a-z_]+)\** \| \**(\d+)\** \|$", section, re.M)}


@pytest.mark.parametrize("tier", TIER_IDS)
def test_readme_states_the_node_count_of_each_tier(G, by_tier, tier):
    assert _readme_counts()[tier] == len(by_tier[tier])


@pytest.mark.parametrize("relation", ["practised_in", "draws_on", "operates_in", "part_of",
                                      "addresses", "serves", "related_to"])
def test_readme_states_the_edge_count_of_each_relation(G, relation):
    count = sum(1 for *_e, r in G.edges(data="relation") if r == relation)
    assert _readme_counts()[relation] == count


def test_readme_states_the_totals(G):
    # the two "total" rows: nodes first, edges second
    text = (US / "README.md").read_text(encoding="utf-8")
    totals = [int(x) for x in re.findall(r"^\| \*\*total\*\* \| \*\*(\d+)\*\* \|$", text, re.M)]
    assert totals == [G.number_of_nodes(), G.number_of_edges()]


@pytest.mark.parametrize("tier, low, high", [
    ("need", 12, 12),
    ("profession", 780, 867),
    ("industry", 116, 116),
    ("organization", 480, 700),
    ("job", 2000, 4500),
])
def test_tier_sizes(by_tier, tier, low, high):
    assert low <= len(by_tier[tier]) <= high


def test_needs_are_exactly_the_schema_needs(G, by_tier):
    assert sorted(by_tier["need"]) == sorted(NEED_IDS)
    for need in NEEDS:
        assert G.nodes[need.id]["label"] == need.label
        assert G.nodes[need.id]["description"]


# --------------------------------------------------------------------------- codes


def test_every_profession_code_is_a_soc_2018_detailed_code(G, by_tier):
    detailed = {r["soc_code"] for r in _rows(_reference("soc2018_structure.csv"))
                if r["level"] == "detailed"}
    bad = [n for n in by_tier["profession"] if G.nodes[n].get("code") not in detailed]
    assert bad == []
    codes = Counter(G.nodes[n]["code"] for n in by_tier["profession"])
    assert max(codes.values()) == 1  # one profession per SOC code


def test_every_job_code_is_a_soc_2018_detailed_code(G, by_tier):
    detailed = {r["soc_code"] for r in _rows(_reference("soc2018_structure.csv"))
                if r["level"] == "detailed"}
    assert [n for n in by_tier["job"] if G.nodes[n].get("code") not in detailed] == []


def test_every_industry_code_is_a_naics_2022_sector_or_subsector(G, by_tier):
    levels = {r["naics_code"]: r["level"] for r in _rows(_reference("naics2022_codes.csv"))}
    codes = [G.nodes[n].get("code") for n in by_tier["industry"]]
    assert [c for c in codes if levels.get(c) not in ("sector", "subsector")] == []
    assert sorted(codes) == sorted(c for c, lv in levels.items() if lv in ("sector", "subsector"))


def test_professions_are_the_occupations_oews_publishes(G, by_tier):
    oews = _rows(_reference("oews2025_occupations.csv"))
    published = {r["soc_code"] for r in oews if r["in_soc2018_detailed"] == "1"}
    combos = [r["soc_code"] for r in oews
              if r["oews_level"] == "detailed" and r["in_soc2018_detailed"] != "1"]
    detailed = [r["soc_code"] for r in _rows(_reference("soc2018_structure.csv"))
                if r["level"] == "detailed"]
    # an unpublished code is in the one OEWS combination of its SOC broad group, if any
    within = {c: [k for k in combos if k[:6] == c[:6]] for c in detailed if c not in published}
    expected = published | {c for c, group in within.items() if len(group) == 1}
    assert {G.nodes[n]["code"] for n in by_tier["profession"]} == expected
    for n in by_tier["profession"]:
        group = within.get(G.nodes[n]["code"])
        if group:
            assert G.nodes[n]["oews_group"].split()[0] == group[0]
            assert "employment" not in G.nodes[n]
        else:
            assert G.nodes[n]["oews_group"] == "" and G.nodes[n]["employment"] > 0


@pytest.mark.parametrize("tier", ["profession", "industry", "job"])
def test_ids_end_with_their_code(G, by_tier, tier):
    assert [n for n in by_tier[tier] if not n.endswith("-" + G.nodes[n]["code"])] == []


# --------------------------------------------------------------------------- structure


def test_every_job_draws_on_exactly_one_profession_of_its_code(G, by_tier):
    for job in by_tier["job"]:
        out = list(G.out_edges(job, data="relation"))
        assert len(out) == 1 and out[0][2] == "draws_on", job
        profession = out[0][1]
        assert G.nodes[profession]["tier"] == "profession"
        assert G.nodes[profession]["code"] == G.nodes[job]["code"], job


def test_jobs_are_exactly_the_titles_the_documented_rule_keeps(G, by_tier):
    # the rule of data/us/README.md, re-derived from the source files
    same_title = generator.same_title
    cited = {}
    for r in _rows(SOURCES / "onet_alternate_titles.csv.gz"):
        n = len(r["Source(s)"].split(","))
        for title in (r["Job Title"], r["Short Title"]):
            if title:
                key = (" ".join(title.split()).casefold(), r["O*NET-SOC Code"][:7])
                cited[key] = max(cited.get(key, 0), n)
    occupation = {G.nodes[n]["code"]: G.nodes[n]["label"] for n in by_tier["profession"]}
    expected = set()
    for r in _rows(SOURCES / "soc2018_direct_match_titles.csv"):
        code, title = r["2018 SOC Code"], " ".join(r["2018 SOC Direct Match Title"].split())
        if code not in occupation or same_title(title, occupation[code]):
            continue
        n = cited.get((title.casefold(), code), 0)
        if (r["Illustrative Example"].strip().lower() == "x" or n >= 3
                or (n >= 2 and len(title.split()) <= 2)):
            expected.add((title.casefold(), code))
    assert {(G.nodes[n]["label"].casefold(), G.nodes[n]["code"]) for n in by_tier["job"]} == expected


def test_job_titles_are_unique_case_insensitively(G, by_tier):
    labels = Counter(G.nodes[n]["label"].casefold() for n in by_tier["job"])
    assert [t for t, k in labels.items() if k > 1] == []


def test_no_job_repeats_its_occupation_title(G, by_tier):
    same_title = generator.same_title
    for job in by_tier["job"]:
        (profession,) = G.successors(job)
        assert not same_title(G.nodes[job]["label"], G.nodes[profession]["label"]), job


def test_every_profession_has_industries_and_reaches_a_need_through_them(G, by_tier):
    for n in by_tier["profession"]:
        relations = {r for *_e, r in G.out_edges(n, data="relation")} - LATERAL_RELATIONS
        assert relations == {"practised_in"}, n


def test_practised_in_follows_the_documented_threshold(G, by_tier):
    for n in by_tier["profession"]:
        weights = sorted((e["weight"] for *_e, e in G.out_edges(n, data=True)
                          if e["relation"] == "practised_in"), reverse=True)
        assert 1 <= len(weights) <= generator.MAX_INDUSTRIES, n
        assert all(w >= generator.MIN_SHARE for w in weights[1:]), n
        assert sum(weights) <= 1.0001, n


def test_practised_in_weight_is_the_share_of_national_employment(G):
    checked = 0
    for u, v, e in G.edges(data=True):
        if e["relation"] != "practised_in":
            continue
        assert 0 < e["weight"] <= 1
        if G.nodes[u]["oews_group"]:  # shares of the OEWS combination, no counts of its own
            assert "employment" not in e and G.nodes[u]["oews_group"].split()[0] in e["evidence"]
            continue
        total = G.nodes[u]["employment"]
        assert isinstance(e["employment"], int) and 0 < e["employment"] <= total
        assert e["weight"] == round(e["employment"] / total, 4), (u, v)
        checked += 1
    assert checked > 4000


def test_profession_aliases_are_capped_and_never_a_job_or_the_label(G, by_tier):
    cap = generator.MAX_ALIASES
    jobs_of = defaultdict(set)
    for job in by_tier["job"]:
        jobs_of[next(iter(G.successors(job)))].add(G.nodes[job]["label"].casefold())
    for n in by_tier["profession"]:
        aliases = [a for a in G.nodes[n].get("aliases", "").split("|") if a]
        assert len(aliases) <= cap
        folded = [a.casefold() for a in aliases]
        assert len(set(folded)) == len(folded), n
        assert G.nodes[n]["label"].casefold() not in folded
        assert not set(folded) & jobs_of[n], n


def _reference_titles() -> set[tuple[str, str, str]]:
    """Return (title without case or extra spaces, SOC code, source) of every reference title."""
    found = set()
    for r in _rows(SOURCES / "onet_alternate_titles.csv.gz"):
        soc = r["O*NET-SOC Code"].split(".")[0]
        found |= {(r["Job Title"], soc, "onet"), (r["Short Title"], soc, "onet-short")}
    for r in _rows(SOURCES / "soc2018_direct_match_titles.csv"):
        found.add((r["2018 SOC Direct Match Title"], r["2018 SOC Code"], "soc"))
    return {(" ".join(t.split()).casefold(), c, s) for t, c, s in found if t.strip()}


def _readme_title_counts() -> dict[str, int]:
    """Return the titles per source stated in data/us/README.md ("all" for the total)."""
    text = (US / "README.md").read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^\| `?([a-z-]+)`? \| [^|]* \| \**(\d+)\** \|$", text, re.M)}


def test_titles_are_every_reference_title_of_a_profession_once(G, by_tier):
    codes = {G.nodes[n]["code"] for n in by_tier["profession"]}
    reference = _reference_titles()
    rows = _rows(US / "titles.csv")
    assert len(rows) == len({k for k in reference if k[1] in codes})
    assert {(" ".join(r["title"].split()).casefold(), r["code"], r["source"])
            for r in rows} == {k for k in reference if k[1] in codes}
    # left out: only the codes no profession carries (military, legislators, fishers)
    left = {c for _t, c, _s in reference if c not in codes}
    assert left - {c for c in left if c.startswith("55-")} == {"11-1031", "45-3031"}


def test_titles_point_at_the_profession_of_their_code(G, by_tier):
    profession = {G.nodes[n]["code"]: n for n in by_tier["profession"]}
    rows = _rows(US / "titles.csv")
    assert [profession[r["code"]] for r in rows] == [n for _t, n, _s in G.graph["titles"]]


def test_readme_states_the_titles_per_source(G):
    counts = Counter(source for _t, _n, source in G.graph["titles"])
    assert _readme_title_counts() == {**counts, "all": len(G.graph["titles"])}


def test_subsectors_are_part_of_their_sector(G, by_tier):
    levels = {r["naics_code"]: r for r in _rows(SOURCES / "naics2022_codes.csv")}
    code_to_id = {G.nodes[n]["code"]: n for n in by_tier["industry"]}
    for code, n in code_to_id.items():
        parents = [v for v in G.successors(n) if G.nodes[v]["tier"] == "industry"]
        if levels[code]["level"] == "sector":
            assert parents == []
        else:
            assert parents == [code_to_id[levels[code]["parent_code"]]]


def test_every_sp500_company_operates_in_its_mapped_industry(G):
    table = {r["gics_sub_industry"]: r["naics_code"] for r in _rows(SOURCES / "gics_to_naics.csv")}
    tickers = {t: n for n, tk in G.nodes(data="ticker") if tk for t in tk.split(", ")}
    for r in _rows(SOURCES / "sp500_constituents.csv"):
        node = tickers[r["Symbol"]]  # its own node, or the curated node it was merged into
        assert G.nodes[node]["tier"] == "organization"
        assert G.nodes[node]["gics_sub_industry"] == r["GICS Sub-Industry"]
        codes = {G.nodes[v]["code"] for v in G.successors(node) if G.nodes[v]["tier"] == "industry"}
        assert table[r["GICS Sub-Industry"]] in codes, r["Symbol"]


def test_share_classes_of_one_company_make_one_node(G):
    sp = _rows(SOURCES / "sp500_constituents.csv")
    companies = {r["CIK"] for r in sp}
    nodes = {n for n, tk in G.nodes(data="ticker") if tk}
    assert len(nodes) == len(companies) < len(sp)


@pytest.mark.parametrize("need", NEED_IDS)
def test_every_need_is_reached_by_many_nodes(G, need):
    reach = Counter(G.nodes[n]["tier"] for n in nx.ancestors(G, need))
    assert reach["industry"] >= 2
    assert reach["profession"] >= 50
    assert reach["job"] >= 100


# --------------------------------------------------------------------------- sources and tables


def test_attribution_line_is_in_the_sources_readme():
    text = " ".join((SOURCES / "README.md").read_text(encoding="utf-8").split())
    assert ATTRIBUTION in text


@pytest.mark.parametrize("name", COPIED)
def test_sources_are_unchanged_copies_of_the_reference(name):
    ours, theirs = SOURCES / name, _reference(name)
    assert hashlib.sha256(ours.read_bytes()).digest() == hashlib.sha256(theirs.read_bytes()).digest()
    assert hashlib.sha256(ours.read_bytes()).hexdigest() in (SOURCES / "README.md").read_text()


@pytest.mark.parametrize("sp500", [SOURCES / "sp500_constituents.csv", "reference"])
def test_every_sp500_sub_industry_is_mapped_to_a_naics_sector_or_subsector(sp500):
    path = _reference("sp500_constituents.csv") if sp500 == "reference" else sp500
    levels = {r["naics_code"]: r["level"] for r in _rows(SOURCES / "naics2022_codes.csv")}
    rows = _rows(SOURCES / "gics_to_naics.csv")
    mapped = Counter(r["gics_sub_industry"] for r in rows)
    assert [k for k, c in mapped.items() if c > 1] == []  # one code per sub-industry
    assert {r["GICS Sub-Industry"] for r in _rows(path)} <= set(mapped)
    assert [r for r in rows if levels.get(r["naics_code"]) not in ("sector", "subsector")] == []
    assert [r for r in rows if len(r["reason"]) < 20] == []


def test_need_table_maps_every_sector_and_gives_every_need_two_industries():
    levels = {r["naics_code"]: r["level"] for r in _rows(SOURCES / "naics2022_codes.csv")}
    rows = _rows(SOURCES / "naics_to_need.csv")
    assert [r for r in rows if levels.get(r["naics_code"]) not in ("sector", "subsector")] == []
    assert [r for r in rows if r["need_id"] not in NEED_IDS or len(r["reason"]) < 20] == []
    assert {c for c, lv in levels.items() if lv == "sector"} <= {r["naics_code"] for r in rows}
    per_need = Counter(r["need_id"] for r in rows)
    assert {n: per_need[n] for n in NEED_IDS if per_need[n] < 2} == {}
    pairs = Counter((r["naics_code"], r["need_id"]) for r in rows)
    assert [p for p, c in pairs.items() if c > 1] == []


@pytest.fixture(scope="module")
def sources():
    return generator.Sources(SOURCES)


def _drop(rows, **match):
    """Return rows without those whose columns equal every value in match."""
    return [r for r in rows if any(r[k] != v for k, v in match.items())]


def _edit(rows, index, **values):
    """Return a copy of rows with the row at index updated."""
    rows = [dict(r) for r in rows]
    rows[index].update(values)
    return rows


@pytest.mark.parametrize("table, mutate, expected", [
    ("gics", lambda rows: _edit(rows, 0, naics_code="999"),
     "gics_to_naics.csv:2: column naics_code: '999' is not a NAICS 2022 sector or subsector code"),
    ("gics", lambda rows: _edit(rows, 0, naics_code="3254"),
     "gics_to_naics.csv:2: column naics_code: '3254' is not a NAICS 2022 sector or subsector code"),
    ("gics", lambda rows: _edit(rows, 1, reason=""),
     "gics_to_naics.csv:3: column reason: blank, expected a one-line reason"),
    ("gics", lambda rows: rows + [dict(rows[0])],
     "gics_to_naics.csv:{last}: column gics_sub_industry: 'Advertising' already mapped on line 2"),
    ("gics", lambda rows: _drop(rows, gics_sub_industry="Footwear"),
     "gics_to_naics.csv: GICS sub-industry 'Footwear' of the S&P 500 file is not mapped"),
    ("need_table", lambda rows: _edit(rows, 0, need_id="food"),
     "naics_to_need.csv:2: column need_id: 'food' is not a need id"),
    ("need_table", lambda rows: _edit(rows, 0, naics_code="1111"),
     "naics_to_need.csv:2: column naics_code: '1111' is not a NAICS 2022 sector or subsector code"),
    ("need_table", lambda rows: _edit(rows, 2, reason=""),
     "naics_to_need.csv:4: column reason: blank, expected a one-line reason"),
    ("need_table", lambda rows: rows + [dict(rows[0])],
     "naics_to_need.csv:{last}: duplicate of line 2"),
    ("need_table", lambda rows: _drop(rows, naics_code="55"),
     "naics_to_need.csv: sector 55 addresses no need, expected at least one row"),
    ("need_table", lambda rows: _drop(rows, need_id="spirituality", naics_code="812"),
     "naics_to_need.csv: need spirituality has fewer than 2 rows, expected at least 2"),
])
def test_incomplete_tables_of_judgement_are_reported_by_file_and_line(sources, table, mutate,
                                                                      expected):
    broken = copy.copy(sources)
    rows = mutate(getattr(sources, table))
    setattr(broken, table, rows)
    with pytest.raises(generator.GenerationError) as info:
        generator.check_tables(broken)
    # {last} is the line of the last row (the header is line 1)
    assert "  " + expected.replace("{last}", str(len(rows) + 1)) in str(info.value).splitlines()
    generator.check_tables(sources)  # the committed tables are complete


@pytest.mark.parametrize("edge, expected", [
    (b"chef,leisure,serves,,\n", ["edges.csv:2: column relation: relation 'serves' cannot join "
                                   "job -> need, expected 'serves' to join profession -> need "
                                   "or organization -> need"]),
    (b"", ["nodes.csv:3: column id: job 'chef' reaches no need, expected a directed path of "
           "edges from it to one of the needs"]),
])
def test_the_generated_files_are_checked_by_the_builder(tmp_path, edge, expected):
    nodes = (b"id,label,tier,description\nleisure,Leisure,need,Rest.\n"
             b"chef,Chef,job,Cooks.\n")
    edges = b"source,target,relation,weight,evidence\n" + edge
    with pytest.raises(generator.GenerationError) as info:
        generator.check(nodes, edges, tmp_path)
    assert str(info.value).splitlines() == [
        "the generated dataset is invalid:", *(f"  {tmp_path / p}" for p in expected)]


def test_script_reports_a_broken_table_without_a_traceback(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in SOURCES.iterdir():
        (folder / path.name).symlink_to(path)
    (folder / "naics_to_need.csv").unlink()
    text = (SOURCES / "naics_to_need.csv").read_text(encoding="utf-8")
    (folder / "naics_to_need.csv").write_text(text.replace("11,health-and-well-being",
                                                           "11,nourishment", 1), encoding="utf-8")
    result = subprocess.run([*GENERATE, "--out", str(tmp_path / "out"),
                             "--sources", str(folder)],
                            capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "naics_to_need.csv:2: column need_id: 'nourishment' is not a need id" in result.stderr
    assert not (tmp_path / "out" / "nodes.csv").exists()


# --------------------------------------------------------------------------- curated data


CURATED_NODES = """id,label,tier,description,code,aliases,credentials,standard_of_excellence,kind,based_in,url,motto
learning,Learning,need,Curated learning text.,,,,,,,,
leisure,Leisure,need,Curated leisure text.,,,,,,,,
nike,Nike,organization,Maker of sportswear.,,Nike Inc.,,,company,"Beaverton, Oregon, USA",,Just do it
quiet-abbey,Quiet Abbey,organization,A monastery.,,,,,religious,"Somewhere, France",,
pharma,Pharmaceuticals,industry,Makes medicines.,3254,,,,,,,
shoes,Footwear,industry,Makes shoes.,316210,,,,,,,
nowhere,Nowhere,industry,Not a NAICS code.,999999,,,,,,,
clerk,Clerk,job,Files papers.,43-4071,,,,,,,
"""
CURATED_EDGES = """source,target,relation,weight,evidence
nike,shoes,operates_in,0.9,Nike designs and sells footwear.
nike,leisure,serves,,Sportswear for play.
quiet-abbey,nowhere,operates_in,,Unmappable.
quiet-abbey,pharma,operates_in,,Makes herbal remedies.
quiet-abbey,learning,serves,,Teaches meditation.
clerk,nike,sits_in,,A clerk at Nike.
"""


@pytest.fixture(scope="module")
def curated_root(tmp_path_factory) -> Path:
    """A folder holding a small hand-made curated dataset."""
    root = tmp_path_factory.mktemp("curated")
    (root / "nodes.csv").write_text(CURATED_NODES, encoding="utf-8")
    (root / "edges.csv").write_text(CURATED_EDGES, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def with_curated(curated_root):
    """Generate the dataset against the small curated dataset; return (graph, notes)."""
    data = generator.generate(SOURCES, curated_root / "out", curated_root)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_graph(curated_root / "out"), data.notes


def test_curated_titles_are_those_of_the_curated_codes(with_curated, curated_root):
    rows = _rows(curated_root / "titles.csv")
    assert {r["code"] for r in rows} == {"43-4071"}  # the one SOC code of the curated nodes
    assert {r["source"] for r in rows} == {"onet", "onet-short", "soc"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the small curated data has nodes that reach no need
        H = load_graph(curated_root)
    assert {node for _t, node, _s in H.graph["titles"]} == {"clerk"}
    assert len(H.graph["titles"]) == len(rows)


def test_curated_need_descriptions_are_reused(with_curated):
    H, _notes = with_curated
    assert H.nodes["learning"]["description"] == "Curated learning text."
    assert H.nodes["family"]["description"]  # fallback text for needs the curated data lacks


def test_curated_organizations_keep_id_and_every_column(with_curated):
    H, _notes = with_curated
    assert H.nodes["nike"]["motto"] == "Just do it"
    assert H.nodes["nike"]["based_in"] == "Beaverton, Oregon, USA"
    assert H.nodes["quiet-abbey"]["kind"] == "religious"
    assert "clerk" not in H  # curated jobs are not copied


@pytest.mark.parametrize("org, industry_code, present", [
    ("nike", "316", True),            # 316210 rolled up to its subsector
    ("quiet-abbey", "325", True),     # 3254 rolled up
    ("nike", "315", True),            # the S&P 500 Nike, merged into the curated node
])
def test_curated_operates_in_edges_roll_up_to_naics_subsectors(with_curated, org, industry_code,
                                                              present):
    H, _notes = with_curated
    codes = {H.nodes[v]["code"] for v in H.successors(org) if H.nodes[v]["tier"] == "industry"}
    assert (industry_code in codes) is present


def test_unmappable_curated_edge_is_left_out_with_a_note(with_curated):
    H, notes = with_curated
    assert any("quiet-abbey" in n and "999999" in n for n in notes)
    assert H.edges["nike", "leisure"]["relation"] == "serves"
    assert H.edges["nike", "leather-and-allied-product-manufacturing-316"]["weight"] == 0.9


def test_sp500_company_matching_a_curated_organization_is_not_duplicated(with_curated):
    H, notes = with_curated
    assert "nike-inc" not in H
    assert H.nodes["nike"]["ticker"] == "NKE"  # the S&P facts are added to the curated node
    assert H.nodes["nike"]["label"] == "Nike"  # and never replace its own
    assert any("merged into curated organization nike" in n for n in notes)


def test_committed_data_carries_the_curated_organizations(G):
    curated = REPO / "data" / "nodes.csv"
    if not curated.is_file():
        pytest.skip("the curated data/nodes.csv does not exist yet")
    orgs = [r for r in _rows(curated) if r["tier"].strip() == "organization"]
    missing = [r["id"] for r in orgs if r["id"].strip() not in G]
    assert missing == []
    for r in _rows(curated):
        if r["tier"].strip() == "need" and r["description"].strip():
            assert G.nodes[r["id"].strip()]["description"] == r["description"].strip()


@pytest.mark.parametrize("node, tier", [
    ("registered-nurses-29-1141", "industry"),             # a profession's industries
    ("general-and-operations-managers-11-1021", "industry"),
    ("hospitals-622", "profession"),                        # an industry's professions
])
def test_details_list_the_biggest_employers_first_with_their_figures(G, node, tier):
    from explorer.details import neighbours

    def texts(component):
        children = getattr(component, "children", component)
        if isinstance(children, str):
            return [children]
        return [t for c in (children or []) for t in texts(c)]

    section = next(s for s in neighbours(G, node).children[1:]
                   if s.className == f"neighbours tier-{tier}")
    assert "biggest employers first" in section.children[0].children
    rows = [li for li in section.children[1].children if not isinstance(li.children, str)]
    ids = [li.children[0].to_plotly_json()["props"]["data-node"]
           for li in rows]
    employed = [G.edges[node, m]["employment"] if G.has_edge(node, m) else
                G.edges[m, node]["employment"] for m in ids]
    assert employed == sorted(employed, reverse=True) and len(employed) > 1
    # Each row says how many people that link counts, as OEWS gives it.
    assert all(f"{e:,} employed" in " ".join(texts(li)) for e, li in zip(employed, rows))
