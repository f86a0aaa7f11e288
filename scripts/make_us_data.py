"""Generate the real-data edition of the Web of Work (``data/us/``) from public reference files.

The inputs are the copies of the BLS, Census, O*NET and S&P 500 files in ``data/sources/``
(see ``data/sources/README.md`` for provenance and licences), the two tables of judgement
written for this dataset (``data/sources/gics_to_naics.csv`` and
``data/sources/naics_to_need.csv``) and, when present, the curated dataset in ``data/``
(need descriptions and organizations). The output is ``nodes.csv``, ``edges.csv``,
``titles.csv`` and ``skills.csv`` in the project schema (``graph/schema.py``); the rules are
documented in ``data/us/README.md``. Professions get their outlook (BLS Employment
Projections 2024-34), Job Zone, Bright Outlook and interests, related professions are
joined by lateral ``related_to`` edges and ``skills.csv`` holds their skill and knowledge
importance (O*NET 29.3; the rules are in `scripts.profiles`).

The curated dataset gets the same from the same files where its professions carry the SOC
codes: a ``titles.csv`` and a ``skills.csv`` of its own, the profession columns filled in
its ``nodes.csv`` and the ``related_to`` edges between two of its professions added at the
end of its ``edges.csv``. Every other cell and row of the curated files is written back
byte for byte, and the columns and edges written by an earlier run are replaced, so a
second run changes nothing.

The output is deterministic: rows are sorted, nothing depends on the clock or on hash
order, lines end with ``\\n`` and cells are quoted only when needed, so running the script
twice gives the same bytes.

Before anything is written, the files are loaded with ``graph.build.parse_graph``,
the check ``python -m graph.build`` makes: a problem or a warning (such as a node that
reaches no need) stops the run. The curated titles are loaded with the curated
``nodes.csv`` and ``edges.csv``, and a problem in the titles stops the run.

Usage, from the repository root::

    python -m scripts.make_us_data [--out DIR] [--sources DIR] [--curated DIR]
                                   [--curated-out DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
import unicodedata
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import SLUG_PATTERN, parse_graph
from graph.errors import DataError, WebOfWorkWarning
from graph.schema import (
    ALIAS_SEPARATOR,
    EDGE_COLUMNS,
    EDGES_FILE,
    LATERAL_RELATIONS,
    NEED_IDS,
    NEEDS,
    NODE_COLUMNS,
    NODES_FILE,
    PROFESSION_COLUMNS,
    RELATED_COLUMNS,
    SKILL_COLUMNS,
    SKILLS_FILE,
    TIER_BY_ID,
    TITLE_COLUMNS,
    TITLE_SOURCES,
    TITLES_FILE,
    neutralise,
    unneutralise,
)
from scripts.profiles import ProfileError, Profiles

REPO = Path(__file__).resolve().parents[1]

#: An industry is kept for an occupation when it holds at least this share of the
#: occupation's national employment (the occupation's largest industry is always kept).
MIN_SHARE = 0.01
#: At most this many industries per occupation (the largest ones).
MAX_INDUSTRIES = 10
#: A direct-match title that is not an SOC illustrative example becomes a job when O*NET
#: lists it as an alternate title of the same occupation from at least this many sources,
JOB_MIN_ONET_SOURCES = 3
#: or, for a short title (at most JOB_SHORT_WORDS words), from at least this many sources.
JOB_SHORT_MIN_ONET_SOURCES = 2
JOB_SHORT_WORDS = 2
#: At most this many aliases per profession.
MAX_ALIASES = 30
#: Longest slug part of an id, in characters (cut at a hyphen).
MAX_SLUG = 60
#: The one OEWS-only aggregate used: government excluding state and local schools and
#: hospitals and the Postal Service, which is what NAICS sector 92 Public Administration
#: covers (OEWS files government schools, hospitals and USPS under NAICS 611, 622 and 491).
OEWS_GOVERNMENT = ("999000", "92")
OEWS_ALL_INDUSTRIES = "000000"
OEWS_ALL_OCCUPATIONS = "00-0000"

SOURCE_FILES = {
    "soc": "soc2018_structure.csv",
    "direct": "soc2018_direct_match_titles.csv",
    "naics": "naics2022_codes.csv",
    "oews_occupations": "oews2025_occupations.csv",
    "oews_industries": "oews2025_industries.csv",
    "oews": "oews2025_national_industry_by_occupation.csv.gz",
    "onet": "onet_occupation_data.txt",
    "onet_titles": "onet_alternate_titles.csv.gz",
    "sp500": "sp500_constituents.csv",
    "gics": "gics_to_naics.csv",
    "needs": "naics_to_need.csv",
}

#: Fallback need descriptions, used only for needs the curated data/nodes.csv lacks.
NEED_DESCRIPTIONS = {
    "family": "Raising children, caring for relatives and keeping a household together.",
    "home-and-shelter": "A safe, healthy place to live, with water, power and heat.",
    "social-relationships": "Friendship, companionship and staying in touch with other people.",
    "work-career": "Meaningful work, a livelihood and a path to develop one's abilities.",
    "learning": "Gaining knowledge and skills throughout life.",
    "economic-security": "Income, savings and protection against financial loss.",
    "leisure": "Rest, play, entertainment, sport and the arts in free time.",
    "transportation-and-mobility": "Getting people and goods from place to place.",
    "environment-and-safety": "Clean air, water and land, and protection from harm.",
    "community": "Belonging to and taking part in a neighbourhood, town or society.",
    "spirituality": "Meaning, faith, contemplation and rites of passage.",
    "health-and-well-being": "Physical and mental health, nourishment and care.",
}

PROFILE_NODE_COLUMNS = tuple(c.name for c in PROFESSION_COLUMNS)
PROFILE_EDGE_COLUMNS = tuple(c.name for c in RELATED_COLUMNS)
EXTRA_NODE_COLUMNS = ("employment", "median_wage", "oews_group", "ticker", "gics_sector",
                      "gics_sub_industry", "founded", "source", *PROFILE_NODE_COLUMNS)
EXTRA_EDGE_COLUMNS = ("employment", "median_wage", *PROFILE_EDGE_COLUMNS)
_DANGLING = {"and", "or", "of", "the", "in", "except", "for", "to", "a", "an", "with"}
_COMPANY_WORDS = {"inc", "corp", "corporation", "co", "company", "companies", "plc", "ltd",
                  "the", "holdings", "group", "incorporated", "llc", "sa", "nv"}


class GenerationError(Exception):
    """The inputs cannot be turned into a valid dataset; the message says why."""


def slug(text: str, limit: int = MAX_SLUG) -> str:
    """Return a lower-case ASCII slug of text, cut at a hyphen to at most limit characters.

    Examples
    --------
    >>> slug("Police and Sheriff’s Patrol Officers"), slug("Estée Lauder & Co.")
    ('police-and-sheriffs-patrol-officers', 'estee-lauder-and-co')
    >>> slug("Agents and Business Managers of Artists, Performers, and Athletes", 32)
    'agents-and-business-managers'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("&", " and ")).strip("-")
    cut = len(s) > limit
    while len(s) > limit and "-" in s:
        s = s.rsplit("-", 1)[0]
    while cut and s.rsplit("-", 1)[-1] in _DANGLING and "-" in s:
        s = s.rsplit("-", 1)[0]
    return s[:limit].strip("-")


def fold(text: str) -> str:
    """Return text lower-cased with runs of whitespace collapsed, for case-insensitive dedupe."""
    return " ".join(text.split()).casefold()


def _singular(word: str) -> str:
    """Return a crude singular of an English word, enough to compare job and occupation titles."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def same_title(a: str, b: str) -> bool:
    """Return True when two titles differ only in case, punctuation or plural endings.

    Examples
    --------
    >>> same_title("Loan Officer", "Loan Officers"), same_title("Nanny", "Nannies")
    (True, True)
    >>> same_title("Loan Processor", "Loan Officers")
    False
    """
    def key(t):
        return tuple(_singular(w) for w in slug(t, 10**6).split("-") if w)
    return key(a) == key(b)


def company_key(name: str) -> str:
    """Return a company name without case, punctuation and legal suffixes, for matching.

    Examples
    --------
    >>> company_key("Nike, Inc."), company_key("The Walt Disney Company"), company_key("Nike")
    ('nike', 'walt disney', 'nike')
    """
    words = slug(name, 10**6).split("-")
    words = [w for w in words if w]
    while words and words[-1] in _COMPANY_WORDS:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def clean_company_label(name: str) -> str:
    """Return an S&P security name as people write the company: no share class, no "(The)".

    Examples
    --------
    >>> clean_company_label("Alphabet Inc. (Class A)"), clean_company_label("Hershey Company (The)")
    ('Alphabet Inc.', 'The Hershey Company')
    >>> clean_company_label("Lilly (Eli)")
    'Eli Lilly'
    """
    name = re.sub(r"\s*\(Class [A-Z]\)$", "", name.strip())
    m = re.fullmatch(r"(.+?) \(The\)", name)
    if m:
        return "The " + m.group(1)
    m = re.fullmatch(r"(\S+) \((\S+)\)", name)
    if m:
        return f"{m.group(2)} {m.group(1)}"
    return name


def to_int(text: str) -> int | None:
    """Return the integer in an OEWS cell, or None when it is blank, suppressed or top-coded.

    Examples
    --------
    >>> to_int("239200"), to_int("-"), to_int(""), to_int("#")
    (239200, None, None, None)
    """
    text = text.strip().replace(",", "")
    return int(text) if text.isdigit() else None


# --------------------------------------------------------------------------- reading


def read_csv(path: Path, delimiter: str = ",") -> list[dict]:
    """Return the rows of a UTF-8 CSV file (gzipped when its name ends in .gz) as dicts."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            header = [h.strip() for h in next(reader, [])]
            rows = []
            for row in reader:
                if len(row) != len(header):
                    raise GenerationError(f"{path}:{reader.line_num}: {len(row)} cells, "
                                          f"expected {len(header)}")
                rows.append(dict(zip(header, map(str.strip, row))))
    except FileNotFoundError:
        raise GenerationError(f"{path}: file is missing") from None
    return rows


class Sources:
    """The reference files, read once."""

    def __init__(self, folder: Path):
        f = {key: folder / name for key, name in SOURCE_FILES.items()}
        self.soc = {r["soc_code"]: r for r in read_csv(f["soc"])}
        self.direct = read_csv(f["direct"])
        self.naics = {r["naics_code"]: r for r in read_csv(f["naics"])}
        self.oews_occupations = read_csv(f["oews_occupations"])
        self.oews_industries = {r["oews_industry_code"]: r for r in read_csv(f["oews_industries"])}
        self.oews = read_csv(f["oews"])
        self.onet = read_csv(f["onet"], delimiter="\t")
        self.onet_titles = read_csv(f["onet_titles"])
        self.sp500 = read_csv(f["sp500"])
        self.gics = read_csv(f["gics"])
        self.need_table = read_csv(f["needs"])


class Curated:
    """Need descriptions and organizations of the curated dataset, when it exists."""

    def __init__(self, folder: Path | None):
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self.node_columns: list[str] = []
        self.edge_columns: list[str] = []
        if folder is None or not (folder / NODES_FILE).is_file():
            return
        self.nodes = [{k: unneutralise(v) for k, v in r.items()} for r in read_csv(folder / NODES_FILE)]
        with open(folder / NODES_FILE, encoding="utf-8-sig", newline="") as fh:
            self.node_columns = [c.strip() for c in next(csv.reader(fh), [])]
        if (folder / EDGES_FILE).is_file():
            self.edges = [{k: unneutralise(v) for k, v in r.items()} for r in read_csv(folder / EDGES_FILE)]
            with open(folder / EDGES_FILE, encoding="utf-8-sig", newline="") as fh:
                self.edge_columns = [c.strip() for c in next(csv.reader(fh), [])]


# --------------------------------------------------------------------------- building


class Dataset:
    """Nodes and edges being built, with the bookkeeping that keeps ids and edges unique."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}
        self.edges: dict[tuple[str, str], dict] = {}
        self.notes: list[str] = []
        self.titles = Titles()  # the rows of titles.csv
        self.curated_titles: Titles | None = None  # those of the curated folder, if any
        self.skill_rows = 0  # rows of skills.csv
        self.curated_related = 0  # related_to edges written to the curated edges.csv

    def add_node(self, row: dict) -> None:
        """Add a node, refusing an id that is taken or not a slug."""
        node_id = row["id"]
        if not SLUG_PATTERN.fullmatch(node_id):
            raise GenerationError(f"node id {node_id!r} is not a slug")
        if node_id in self.nodes:
            raise GenerationError(f"node id {node_id!r} is used twice "
                                  f"({self.nodes[node_id]['tier']} and {row['tier']})")
        self.nodes[node_id] = row

    def add_edge(self, row: dict) -> bool:
        """Add an edge unless the pair is already joined; return whether it was added."""
        key = (row["source"], row["target"])
        if key in self.edges or key[::-1] in self.edges:
            return False
        self.edges[key] = row
        return True


def build_needs(data: Dataset, curated: Curated) -> None:
    """Add the 12 needs, with the curated descriptions where the curated data has them."""
    described = {r.get("id", ""): r.get("description", "") for r in curated.nodes
                 if r.get("tier") == "need"}
    for need in NEEDS:
        text = described.get(need.id) or NEED_DESCRIPTIONS[need.id]
        source = "curated data/nodes.csv" if described.get(need.id) else "Web of Work model"
        data.add_node({"id": need.id, "label": need.label, "tier": "need", "description": text,
                       "source": source})


def _oews_naics(src: Sources) -> dict[str, str]:
    """Return OEWS industry code -> NAICS code for the cells used (aggregates left out)."""
    out = {}
    for code, row in src.oews_industries.items():
        if row["naics_code"] and not row["note"] and row["naics_code"] in src.naics:
            out[code] = row["naics_code"]
    out[OEWS_GOVERNMENT[0]] = OEWS_GOVERNMENT[1]
    return out


def _parent_at(src: Sources, code: str, levels=("subsector", "sector")) -> str | None:
    """Return the nearest NAICS ancestor of code (itself included) at one of levels."""
    seen = set()
    while code and code not in seen:
        seen.add(code)
        row = src.naics.get(code)
        if row is None:
            return None
        if row["level"] in levels:
            return code
        code = row["parent_code"]
    return None


def build_industries(data: Dataset, src: Sources, totals: dict[str, int]) -> dict[str, str]:
    """Add NAICS sectors and subsectors with part_of edges; return NAICS code -> node id."""
    ids = {}
    rows = [r for r in src.naics.values() if r["level"] in ("sector", "subsector")]
    for r in rows:
        ids[r["naics_code"]] = f"{slug(r['title'])}-{r['naics_code']}"
    for r in rows:
        code, title = r["naics_code"], r["title"]
        if r["level"] == "sector":
            text = f"NAICS 2022 sector {code}, {title}."
        else:
            parent = src.naics[r["parent_code"]]
            text = (f"NAICS 2022 subsector {code}, {title}, part of sector "
                    f"{parent['naics_code']} {parent['title']}.")
        node = {"id": ids[code], "label": title, "tier": "industry", "code": code,
                "source": "NAICS 2022"}
        if code in totals:
            node["employment"] = totals[code]
            text += f" OEWS May 2025 counts {totals[code]:,} wage and salary jobs in it."
            node["source"] += "; OEWS May 2025"
        node["description"] = text
        data.add_node(node)
    for r in rows:
        if r["level"] == "subsector":
            data.add_edge({"source": ids[r["naics_code"]], "target": ids[r["parent_code"]],
                           "relation": "part_of",
                           "evidence": f"NAICS 2022: subsector {r['naics_code']} is part of "
                                       f"sector {r['parent_code']}."})
    return ids


def check_tables(src: Sources) -> None:
    """Raise GenerationError listing every incomplete or invalid row of the tables of judgement."""
    problems = []
    levels = {c: r["level"] for c, r in src.naics.items()}
    where = ("sector", "subsector")
    gics_file, need_file = SOURCE_FILES["gics"], SOURCE_FILES["needs"]
    seen = {}
    for line, r in enumerate(src.gics, start=2):
        if levels.get(r["naics_code"]) not in where:
            problems.append(f"{gics_file}:{line}: column naics_code: {r['naics_code']!r} is not a "
                            f"NAICS 2022 sector or subsector code")
        if not r["reason"]:
            problems.append(f"{gics_file}:{line}: column reason: blank, expected a one-line reason")
        if r["gics_sub_industry"] in seen:
            problems.append(f"{gics_file}:{line}: column gics_sub_industry: "
                            f"{r['gics_sub_industry']!r} already mapped on line "
                            f"{seen[r['gics_sub_industry']]}")
        seen.setdefault(r["gics_sub_industry"], line)
    for sub in sorted({r["GICS Sub-Industry"] for r in src.sp500} - set(seen)):
        problems.append(f"{gics_file}: GICS sub-industry {sub!r} of the S&P 500 file is not mapped")
    pairs = {}
    for line, r in enumerate(src.need_table, start=2):
        if levels.get(r["naics_code"]) not in where:
            problems.append(f"{need_file}:{line}: column naics_code: {r['naics_code']!r} is not a "
                            f"NAICS 2022 sector or subsector code")
        if r["need_id"] not in NEED_IDS:
            problems.append(f"{need_file}:{line}: column need_id: {r['need_id']!r} is not a need id")
        if not r["reason"]:
            problems.append(f"{need_file}:{line}: column reason: blank, expected a one-line reason")
        key = (r["naics_code"], r["need_id"])
        if key in pairs:
            problems.append(f"{need_file}:{line}: duplicate of line {pairs[key]}")
        pairs.setdefault(key, line)
    mapped = {c for c, _n in pairs}
    for code in sorted(c for c, lv in levels.items() if lv == "sector" and c not in mapped):
        problems.append(f"{need_file}: sector {code} addresses no need, expected at least one row")
    for need in NEED_IDS:
        if sum(1 for _c, n in pairs if n == need) < 2:
            problems.append(f"{need_file}: need {need} has fewer than 2 rows, expected at least 2")
    if problems:
        raise GenerationError("the tables of judgement are incomplete:\n  " + "\n  ".join(problems))


def build_addresses(data: Dataset, src: Sources, industry_ids: dict[str, str]) -> None:
    """Add industry addresses need edges from the table of judgement naics_to_need.csv."""
    for r in src.need_table:
        data.add_edge({"source": industry_ids[r["naics_code"]], "target": r["need_id"],
                       "relation": "addresses", "evidence": r["reason"]})


def employment_cells(src: Sources, socs: set[str]):
    """Return (national totals per occupation, industry totals, cells soc -> naics -> (emp, wage))."""
    naics_of = _oews_naics(src)
    national: dict[str, tuple[int, int | None]] = {}
    industry_totals: dict[str, int] = {}
    cells: dict[str, dict[str, tuple[int | None, int | None]]] = defaultdict(dict)
    for r in src.oews:
        soc, code = r["soc_code"], r["oews_industry_code"]
        emp, wage = to_int(r["employment"]), to_int(r["annual_median_wage"])
        if soc == OEWS_ALL_OCCUPATIONS and code in naics_of and emp is not None:
            industry_totals[naics_of[code]] = emp
        if soc not in socs:
            continue
        if code == OEWS_ALL_INDUSTRIES:
            if emp is not None:
                national[soc] = (emp, wage)
        elif code in naics_of:
            cells[soc][naics_of[code]] = (emp, wage)
    return national, industry_totals, cells


def _roll_up(cells: dict, subsector: str, parts: list[str]):
    """Return (employment, median wage) of a subsector from its own cell or its finest parts.

    parts are the occupation's published cells below the subsector; nested cells are
    counted once (a 4-digit cell is used instead of the 5- and 6-digit cells inside it).
    """
    own = cells.get(subsector)
    if own and own[0] is not None:
        return own
    used = []
    for c in sorted(parts, key=lambda c: (len(c), c)):
        if not any(c.startswith(u) for u in used):
            used.append(c)
    if not used:
        return None
    largest = max(used, key=lambda c: (cells[c][0], -int(c)))
    return sum(cells[c][0] for c in used), cells[largest][1]


def detailed_occupations(src: Sources) -> set[str]:
    """Return the SOC 2018 detailed codes that OEWS May 2025 publishes."""
    return {r["soc_code"] for r in src.oews_occupations if r["in_soc2018_detailed"] == "1"
            and src.soc.get(r["soc_code"], {}).get("level") == "detailed"}


def combined_occupations(src: Sources) -> dict[str, str]:
    """Return SOC 2018 detailed code -> the OEWS combined code that publishes it.

    OEWS publishes a few SOC 2018 detailed occupations only as part of a combination
    (e.g. 31-1121 Home Health Aides and 31-1122 Personal Care Aides as 31-1120). A
    combination covers the unpublished detailed codes of its SOC broad group, so an
    unpublished code belongs to the one combination that shares its broad group.
    """
    published = detailed_occupations(src)
    combos = [r["soc_code"] for r in src.oews_occupations
              if r["oews_level"] == "detailed" and r["in_soc2018_detailed"] != "1"]
    out = {}
    for soc, row in src.soc.items():
        if row["level"] != "detailed" or soc in published:
            continue
        group = [c for c in combos if c[:6] == soc[:6]]
        if len(group) == 1:
            out[soc] = group[0]
    return out


def _industry_candidates(src: Sources, occ_cells: dict, subsector_of: dict):
    """Return (NAICS code, employment, median wage) of an occupation's industries, largest first."""
    candidates = []
    parts = defaultdict(list)
    for c, v in occ_cells.items():
        if subsector_of.get(c) and v[0] is not None and subsector_of[c] != c:
            parts[subsector_of[c]].append(c)
    for code in sorted({subsector_of[c] for c in occ_cells if subsector_of.get(c)}):
        got = _roll_up(occ_cells, code, parts[code])
        if got:
            candidates.append((code, *got))
    gov = occ_cells.get(OEWS_GOVERNMENT[1])
    if gov and gov[0] is not None:
        candidates.append((OEWS_GOVERNMENT[1], *gov))
    if not candidates:  # every subsector cell suppressed: fall back to the sectors
        candidates = [(c, *v) for c, v in occ_cells.items()
                      if v[0] is not None and src.naics[c]["level"] == "sector"]
    candidates = [c for c in candidates if c[1] > 0]
    return sorted(candidates, key=lambda c: (-c[1], c[0]))


def build_professions(data: Dataset, src: Sources, industry_ids: dict[str, str],
                      combined: dict[str, str], national: dict, cells: dict) -> dict[str, str]:
    """Add SOC 2018 detailed occupations found in OEWS, with practised_in edges; return soc -> id.

    An occupation OEWS publishes only inside a combination (``combined``) gets the
    combination's industries and shares, and no employment or wage of its own.
    """
    subsector_of = {c: _parent_at(src, c, ("subsector",)) for c in src.naics}
    onet = {r["O*NET-SOC Code"]: r for r in src.onet}
    oews_titles = {r["soc_code"]: r["title"] for r in src.oews_occupations}
    ids = {}
    for soc in sorted(detailed_occupations(src) | set(combined)):
        if combined.get(soc, soc) not in national:
            data.notes.append(f"SOC {soc} left out: no national OEWS employment")
            continue
        ids[soc] = f"{slug(src.soc[soc]['title'])}-{soc}"
    for soc in sorted(c for c, r in src.soc.items() if r["level"] == "detailed" and c not in ids):
        data.notes.append(f"SOC {soc} {src.soc[soc]['title']} left out: OEWS May 2025 publishes "
                          f"no employment for it")
    for soc, node_id in ids.items():
        title = src.soc[soc]["title"]
        group = combined.get(soc)
        total, wage = national[group or soc]
        own = onet.get(f"{soc}.00")
        if own:
            text = own["Description"]
            url = f"https://www.onetonline.org/link/summary/{soc}.00"
            source = "SOC 2018; OEWS May 2025; O*NET 29.2"
        else:
            major = src.soc.get(soc[:2] + "-0000", {}).get("title", "")
            text = f"{title}, a detailed occupation of SOC 2018 in the group {major}."
            url, source = "", "SOC 2018; OEWS May 2025"
        node = {"id": node_id, "label": title, "tier": "profession", "description": text,
                "code": soc, "url": url, "source": source}
        if group:
            node["oews_group"] = f"{group} {oews_titles[group]}"
        else:
            node["employment"] = total
            if wage is not None:
                node["median_wage"] = wage
        data.add_node(node)
        candidates = _industry_candidates(src, cells.get(group or soc, {}), subsector_of)
        if not candidates:
            raise GenerationError(f"SOC {soc} {title}: no industry with published employment")
        if src.naics[candidates[0][0]]["level"] == "sector" and candidates[0][0] != OEWS_GOVERNMENT[1]:
            data.notes.append(f"SOC {soc}: no published subsector cell, linked to sectors")
        for rank, (code, emp, cell_wage) in enumerate(candidates):
            share = emp / total
            if rank >= MAX_INDUSTRIES or (rank > 0 and share < MIN_SHARE):
                break
            where = f"NAICS {code} {src.naics[code]['title']}"
            if code == OEWS_GOVERNMENT[1]:
                where = ("government (OEWS: federal, state and local government excluding state "
                         f"and local schools and hospitals and the Postal Service), filed under {where}")
            edge = {"source": node_id, "target": industry_ids[code], "relation": "practised_in",
                    "weight": f"{min(share, 1.0):.4f}"}
            if group:
                edge["evidence"] = (f"OEWS May 2025 publishes {title} only within {group} "
                                    f"{oews_titles[group]}: {emp:,} of its {total:,} workers "
                                    f"({share:.1%}) work in {where}.")
            else:
                edge["employment"] = emp
                edge["evidence"] = (f"OEWS May 2025: {emp:,} of the {total:,} {title} "
                                    f"({share:.1%}) work in {where}.")
                if cell_wage is not None:
                    edge["median_wage"] = cell_wage
            data.add_edge(edge)
    return ids


def build_jobs(data: Dataset, src: Sources, profession_ids: dict[str, str]) -> None:
    """Add jobs (real job titles) that draw on their occupation, and profession aliases."""
    onet_sources: dict[tuple[str, str], int] = {}
    onet_short: dict[tuple[str, str], str] = {}
    alt_titles: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for r in src.onet_titles:
        soc = r["O*NET-SOC Code"][:7]
        n = len([s for s in r["Source(s)"].split(",") if s.strip()])
        for title in (r["Job Title"], r["Short Title"]):
            if not title:
                continue
            key = (fold(title), soc)
            onet_sources[key] = max(onet_sources.get(key, 0), n)
            best = alt_titles[soc].get(fold(title))
            if best is None or (-n, title) < (-best[0], best[1]):
                alt_titles[soc][fold(title)] = (n, title)
        if r["Short Title"]:
            onet_short.setdefault((fold(r["Job Title"]), soc), r["Short Title"])
    onet_specific = defaultdict(list)
    for r in src.onet:
        code = r["O*NET-SOC Code"]
        if not code.endswith(".00"):
            onet_specific[code[:7]].append(r["Title"])

    job_titles: dict[str, set[str]] = defaultdict(set)  # soc -> folded titles that are jobs
    direct_titles = {fold(r["2018 SOC Direct Match Title"]) for r in src.direct}
    seen_titles: dict[str, str] = {}
    leftover: dict[str, list[str]] = defaultdict(list)  # soc -> direct-match titles not jobs
    for r in src.direct:
        soc, title = r["2018 SOC Code"], " ".join(r["2018 SOC Direct Match Title"].split())
        if soc not in profession_ids or not title:
            continue
        occupation = src.soc[soc]["title"]
        illustrative = r["Illustrative Example"].strip().lower() == "x"
        sources = onet_sources.get((fold(title), soc), 0)
        if fold(title) in seen_titles:
            data.notes.append(f"direct-match title {title!r} repeated; first kept")
            continue
        seen_titles[fold(title)] = soc
        used = (illustrative or sources >= JOB_MIN_ONET_SOURCES
                or (sources >= JOB_SHORT_MIN_ONET_SOURCES and len(title.split()) <= JOB_SHORT_WORDS))
        if same_title(title, occupation) or not used:
            leftover[soc].append(title)
            continue
        node_id = f"{slug(title)}-{soc}"
        if node_id in data.nodes:
            leftover[soc].append(title)
            continue
        why = ["an SOC 2018 illustrative example"] if illustrative else []
        if sources:
            why.append(f"an O*NET alternate title from {sources} source{'s' if sources > 1 else ''}")
        text = (f"{title}: a job title that the BLS SOC 2018 Direct Match Title File assigns to "
                f"{occupation} ({soc}); " + " and ".join(why) + ".")
        short = onet_short.get((fold(title), soc), "")
        node = {"id": node_id, "label": title, "tier": "job", "description": text, "code": soc,
                "aliases": short if short and fold(short) not in direct_titles else "",
                "source": "SOC 2018 direct-match titles" + ("; O*NET 30.3" if sources else "")}
        data.add_node(node)
        job_titles[soc].add(fold(title))
        if node["aliases"]:
            job_titles[soc].add(fold(short))
        data.add_edge({"source": node_id, "target": profession_ids[soc], "relation": "draws_on",
                       "evidence": f"BLS SOC 2018 direct-match title for {soc} {occupation}."})

    for soc, node_id in profession_ids.items():
        node = data.nodes[node_id]
        taken = {fold(node["label"])} | job_titles[soc]
        ordered = list(onet_specific[soc])
        ordered += leftover[soc]
        ordered += [t for _n, t in sorted(alt_titles[soc].values(), key=lambda v: (-v[0], fold(v[1]), v[1]))]
        aliases = []
        for title in ordered:
            if fold(title) in taken or ALIAS_SEPARATOR in title:
                continue
            taken.add(fold(title))
            aliases.append(title)
            if len(aliases) == MAX_ALIASES:
                break
        node["aliases"] = ALIAS_SEPARATOR.join(aliases)


def build_sp500(data: Dataset, src: Sources, industry_ids: dict[str, str],
                curated_orgs: dict[str, str]) -> None:
    """Add S&P 500 companies (one node per CIK) that operate in their GICS-mapped industry."""
    gics = {r["gics_sub_industry"]: r for r in src.gics}
    by_cik: dict[str, list[dict]] = defaultdict(list)
    for r in src.sp500:
        by_cik[r["CIK"] or r["Symbol"]].append(r)
    for _cik, rows in sorted(by_cik.items(), key=lambda kv: kv[1][0]["Symbol"]):
        rows.sort(key=lambda r: r["Symbol"])
        r = rows[0]
        sub = r["GICS Sub-Industry"]
        label = clean_company_label(r["Security"])
        tickers = ", ".join(x["Symbol"] for x in rows)
        code = gics[sub]["naics_code"]
        evidence = (f"S&P 500 GICS sub-industry {sub}, mapped to NAICS {code}: "
                    f"{gics[sub]['reason']}")
        match = curated_orgs.get(company_key(label))
        if match:
            data.notes.append(f"S&P 500 {label} merged into curated organization {match}")
            for key, value in (("ticker", tickers), ("gics_sector", r["GICS Sector"]),
                               ("gics_sub_industry", sub), ("founded", r["Founded"])):
                data.nodes[match].setdefault(key, value)
            if not data.add_edge({"source": match, "target": industry_ids[code],
                                  "relation": "operates_in", "evidence": evidence}):
                data.notes.append(f"S&P 500 {label}: curated {match} already operates in "
                                  f"NAICS {code}; its curated edge is kept")
            continue
        node_id = slug(label)
        if node_id in data.nodes:
            node_id = f"{node_id}-{slug(r['Symbol'])}"
        url = (f"https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={int(r['CIK']):010d}"
               if r["CIK"].isdigit() else "")
        text = (f"{label} is an S&P 500 company (ticker {tickers}) in the GICS {sub} "
                f"sub-industry, headquartered in {r['Headquarters Location']}.")
        data.add_node({"id": node_id, "label": label, "tier": "organization",
                       "description": text, "kind": "company",
                       "based_in": r["Headquarters Location"], "url": url, "ticker": tickers,
                       "gics_sector": r["GICS Sector"], "gics_sub_industry": sub,
                       "founded": r["Founded"], "source": "S&P 500 constituents"})
        data.add_edge({"source": node_id, "target": industry_ids[code],
                       "relation": "operates_in", "evidence": evidence})


def related_edges(profiles: Profiles, ids: dict[str, str]) -> list[dict]:
    """Return the ``related_to`` edge rows between two nodes of ``ids`` (SOC code -> id),
    one per pair, in the direction of its best O*NET listing."""
    return [{"source": ids[link.source], "target": ids[link.target], "relation": "related_to",
             "relatedness": link.tier, "related_index": link.index,
             "evidence": link.evidence()}
            for link in profiles.related.values() if link.source in ids and link.target in ids]


def build_profiles(data: Dataset, profiles: Profiles, profession_ids: dict[str, str]) -> list[dict]:
    """Fill the profession columns, add the related_to edges; return the skills.csv rows."""
    skills = []
    for soc, node_id in sorted(profession_ids.items()):
        data.nodes[node_id].update(profiles.attributes(soc))
        skills += profiles.skills(soc)
    for edge in related_edges(profiles, profession_ids):
        data.add_edge(edge)
    return skills


def build_curated_orgs(data: Dataset, src: Sources, curated: Curated,
                       industry_ids: dict[str, str]) -> dict[str, str]:
    """Add the curated organizations and their edges; return company key -> curated id."""
    orgs = [r for r in curated.nodes if r.get("tier") == "organization" and r.get("id")]
    codes = {r["id"]: r.get("code", "") for r in curated.nodes if r.get("tier") == "industry"}
    keys = {}
    for r in sorted(orgs, key=lambda r: r["id"]):
        node = {k: v for k, v in r.items() if v != ""}
        node.setdefault("source", "curated data/nodes.csv")
        data.add_node(node)
        for name in [r.get("label", ""), r["id"].replace("-", " "),
                     *r.get("aliases", "").split(ALIAS_SEPARATOR)]:
            if company_key(name):
                keys.setdefault(company_key(name), r["id"])
    org_ids = {r["id"] for r in orgs}
    for e in sorted(curated.edges, key=lambda e: (e.get("source", ""), e.get("target", ""))):
        if e.get("source") not in org_ids:
            continue
        edge = {k: v for k, v in e.items() if v != "" and k != "via"}
        if e.get("relation") == "serves" and e.get("target") in NEED_IDS:
            data.add_edge(edge)
        elif e.get("relation") == "operates_in":
            code = codes.get(e.get("target", ""), "")
            mapped = _parent_at(src, code) if code else None
            if mapped is None:
                data.notes.append(f"curated edge {e['source']} -> {e['target']} left out: "
                                  f"industry code {code!r} is not a NAICS 2022 code")
                continue
            edge["target"] = industry_ids[mapped]
            if mapped != code:
                edge["evidence"] = (edge.get("evidence", "") +
                                    f" (curated industry NAICS {code}, rolled up to {mapped}.)").strip()
            if not data.add_edge(edge):
                data.notes.append(f"curated edge {e['source']} -> {e['target']} joins an edge "
                                  f"already made to NAICS {mapped}")
        else:
            data.notes.append(f"curated edge {e['source']} -> {e['target']} "
                              f"({e.get('relation', '')}) left out: only organization serves "
                              f"and operates_in edges are copied")
    return keys


# --------------------------------------------------------------------------- titles


@dataclass
class Titles:
    """The rows of a titles.csv, and the titles left out because no node carries their code."""

    rows: list[dict] = field(default_factory=list)
    left_out: dict[str, Counter] = field(default_factory=dict)  # code -> source -> titles

    def counts(self) -> Counter:
        """Return the number of rows of each source."""
        return Counter(r["source"] for r in self.rows)

    def describe(self) -> str:
        """Return one line: the rows per source, and the titles left out with their codes."""
        counts = self.counts()
        text = (f"{len(self.rows)} titles ("
                + ", ".join(f"{s} {counts[s]}" for s in TITLE_SOURCES) + ")")
        if self.left_out:
            gone = sum(sum(c.values()) for c in self.left_out.values())
            codes = sorted(self.left_out)
            shown = ", ".join(codes[:8]) + (", ..." if len(codes) > 8 else "")
            text += (f"; {gone} left out, no node carries their code "
                     f"({len(codes)} codes: {shown})")
        return text


def reference_titles(src: Sources) -> list[tuple[str, str, str]]:
    """Return every (title, SOC detailed code, source) of the reference files, in file order.

    O*NET alternate titles give an ``onet`` title and, when filled, an ``onet-short`` one;
    their O*NET-SOC code (``29-1141.01``) rolls up to the SOC detailed code (``29-1141``).
    Direct-match titles give ``soc`` titles. Runs of whitespace become one space; blank
    titles are dropped.
    """
    found = []
    for r in src.onet_titles:
        soc = r["O*NET-SOC Code"][:7]
        found += [(r["Job Title"], soc, "onet"), (r["Short Title"], soc, "onet-short")]
    found += [(r["2018 SOC Direct Match Title"], r["2018 SOC Code"], "soc") for r in src.direct]
    return [(" ".join(t.split()), code, source) for t, code, source in found if t.strip()]


def build_titles(src: Sources, codes) -> Titles:
    """Return the reference titles of the given SOC codes, one row per distinct title.

    Parameters
    ----------
    src : Sources
        The reference files.
    codes : set of str
        The SOC codes carried by a node of the dataset the titles are for.

    Returns
    -------
    Titles
        One row per (title ignoring case and spacing, code, source), the first spelling
        met in the reference files kept, sorted by code, source, then title; and, per code
        that no node carries, the number of distinct titles left out, by source.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> src = SimpleNamespace(
    ...     onet_titles=[{"O*NET-SOC Code": "29-1141.01", "Job Title": "Staff Nurse",
    ...                   "Short Title": "RN"},
    ...                  {"O*NET-SOC Code": "55-1011.00", "Job Title": "Major", "Short Title": ""}],
    ...     direct=[{"2018 SOC Code": "29-1141", "2018 SOC Direct Match Title": "staff  nurse"}])
    >>> titles = build_titles(src, {"29-1141"})
    >>> for row in titles.rows:
    ...     print(row)
    {'title': 'Staff Nurse', 'code': '29-1141', 'source': 'onet'}
    {'title': 'RN', 'code': '29-1141', 'source': 'onet-short'}
    {'title': 'staff nurse', 'code': '29-1141', 'source': 'soc'}
    >>> titles.left_out
    {'55-1011': Counter({'onet': 1})}
    """
    kept: dict[tuple[str, str, str], str] = {}
    left: dict[tuple[str, str, str], str] = {}
    for title, code, source in reference_titles(src):
        (kept if code in codes else left).setdefault((fold(title), code, source), title)
    left_out: dict[str, Counter] = defaultdict(Counter)
    for _folded, code, source in left:
        left_out[code][source] += 1
    order = sorted(kept.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0], kv[1]))
    return Titles([{"title": title, "code": code, "source": source}
                   for (_folded, code, source), title in order], dict(sorted(left_out.items())))


# --------------------------------------------------------------------------- checking, writing


def check(nodes: bytes, edges: bytes, out: Path, titles: bytes | None = None,
          skills: bytes | None = None, *, curated: bool = False) -> None:
    """Raise GenerationError unless the files load with `graph.build` without a problem or warning.

    Parameters
    ----------
    nodes, edges : bytes
        The files about to be written, or (with ``titles_only``) those already there.
    out : pathlib.Path
        The folder they are for; the problems name the files in it.
    titles, skills : bytes, optional
        The titles.csv and skills.csv about to be written there.
    curated : bool
        For the curated folder: every problem counts, but only the warnings about the
        titles and skills files (its own nodes and edges are the curator's, and
        ``python -m graph.build`` reports their warnings).

    Notes
    -----
    The builder's own check (`graph.build.parse_graph`), so the generated files meet every
    rule ``python -m graph.build`` enforces; warnings are errors here, since the generated
    data must not need a look. It holds the graph once besides the bytes: a second or two
    and a few tens of MB for data/us.
    """
    names = {"nodes_file": str(out / NODES_FILE), "edges_file": str(out / EDGES_FILE),
             "titles_file": str(out / TITLES_FILE), "skills_file": str(out / SKILLS_FILE)}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", WebOfWorkWarning)
            G = parse_graph(nodes, edges, titles, skills, **names)
    except DataError as err:
        problems = [str(problem) for problem in err.problems]
    else:
        problems = G.graph["warnings"]
        if curated:
            side = (names["titles_file"] + ":", names["skills_file"] + ":")
            problems = [p for p in problems if p.startswith(side)]
    if problems:
        raise GenerationError(f"the generated {'curated files are' if curated else 'dataset is'} "
                              "invalid:\n  " + "\n  ".join(problems))


def _cell(value) -> str:
    """Return a cell as text, neutralised against spreadsheet formulas."""
    return neutralise(value) if isinstance(value, str) else str(value)


def csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    """Return rows as UTF-8 CSV with "\\n" line endings and minimal quoting, header first."""
    return _rows_bytes(columns, ([_cell(row.get(c, "")) for c in columns] for row in rows))


def _columns(base, extras, curated_columns) -> list[str]:
    """Return schema columns, then this dataset's extras, then any other curated column."""
    cols = [c.name for c in base] + [c for c in extras]
    cols = [c for c in cols if c != "via"]
    return cols + sorted(c for c in curated_columns if c and c not in cols and c != "via")


def generate(sources: Path, out: Path, curated_dir: Path | None,
             curated_out: Path | None = None) -> Dataset:
    """Build the dataset from the sources folder and the curated folder, and write it to out.

    When the curated folder has a nodes.csv, the titles of the codes its nodes carry are
    written to ``curated_out/titles.csv`` (by default into the curated folder itself).
    The returned dataset's ``titles`` and ``curated_titles`` say what was written.
    """
    src = Sources(sources)
    check_tables(src)
    try:
        profiles = Profiles(sources, src.soc)
    except ProfileError as exc:
        raise GenerationError(str(exc)) from None
    curated = Curated(curated_dir)
    data = Dataset()
    build_needs(data, curated)
    combined = combined_occupations(src)
    national, industry_totals, cells = employment_cells(
        src, detailed_occupations(src) | set(combined.values()))
    industry_ids = build_industries(data, src, industry_totals)
    build_addresses(data, src, industry_ids)
    profession_ids = build_professions(data, src, industry_ids, combined, national, cells)
    build_jobs(data, src, profession_ids)
    skill_rows = build_profiles(data, profiles, profession_ids)
    keys = build_curated_orgs(data, src, curated, industry_ids)
    build_sp500(data, src, industry_ids, keys)
    rank = {t: TIER_BY_ID[t].rank for t in TIER_BY_ID}
    nodes = sorted(data.nodes.values(), key=lambda n: (rank[n["tier"]], n["id"]))
    # each node's edges heaviest first, so a breadth-first walk meets its main industry first
    edges = sorted(data.edges.values(),
                   key=lambda e: (e["source"], -float(e.get("weight") or 0), e["target"]))
    node_bytes = csv_bytes(_columns(NODE_COLUMNS, EXTRA_NODE_COLUMNS, curated.node_columns), nodes)
    edge_bytes = csv_bytes(_columns(EDGE_COLUMNS, EXTRA_EDGE_COLUMNS, curated.edge_columns), edges)
    title_columns = [c.name for c in TITLE_COLUMNS]
    data.titles = build_titles(src, set(profession_ids))
    for code, left in data.titles.left_out.items():
        data.notes.append(f"titles of SOC {code} left out: no profession carries the code ("
                          + ", ".join(f"{s} {n}" for s, n in sorted(left.items())) + ")")
    title_bytes = csv_bytes(title_columns, data.titles.rows)
    skill_bytes = csv_bytes([c.name for c in SKILL_COLUMNS], skill_rows)
    data.skill_rows = len(skill_rows)
    check(node_bytes, edge_bytes, out, title_bytes, skill_bytes)
    curated_files = {}
    if curated.nodes:
        codes = {r["code"] for r in curated.nodes if r.get("code")}
        data.curated_titles = build_titles(src, codes)
        curated_out = curated_dir if curated_out is None else curated_out
        curated_files, data.curated_related = curated_profiles(curated_dir, profiles)
        curated_files[TITLES_FILE] = csv_bytes(title_columns, data.curated_titles.rows)
        check(curated_files[NODES_FILE], curated_files[EDGES_FILE], curated_out,
              curated_files[TITLES_FILE], curated_files[SKILLS_FILE], curated=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / NODES_FILE).write_bytes(node_bytes)
    (out / EDGES_FILE).write_bytes(edge_bytes)
    (out / TITLES_FILE).write_bytes(title_bytes)
    (out / SKILLS_FILE).write_bytes(skill_bytes)
    if curated_files:
        curated_out.mkdir(parents=True, exist_ok=True)
        for name, content in curated_files.items():
            (curated_out / name).write_bytes(content)
    return data


def _raw_rows(path: Path) -> list[list[str]]:
    """Return the rows of a CSV file as written (cells neither stripped nor unneutralised)."""
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _replace_columns(rows: list[list[str]], names) -> tuple[list[str], list[list[str]]]:
    """Return the header and body of rows without the columns called ``names``."""
    if not rows:
        return [], []
    header = rows[0]
    keep = [i for i, c in enumerate(header) if c.strip() not in names]
    return [header[i] for i in keep], [[r[i] if i < len(r) else "" for i in keep]
                                       for r in rows[1:]]


def curated_profiles(folder: Path, profiles: Profiles) -> tuple[dict[str, bytes], int]:
    """Return the curated ``nodes.csv``, ``edges.csv`` and ``skills.csv`` with the profiles of
    its professions, by file name (see the module docstring), and the related_to edges."""
    header, body = _replace_columns(_raw_rows(folder / NODES_FILE), PROFILE_NODE_COLUMNS)
    col = {c.strip(): i for i, c in enumerate(header)}
    ids: dict[str, str] = {}
    for row in body:
        code = row[col["code"]].strip() if "code" in col else ""
        if row[col["tier"]].strip() == "profession" and code:
            ids.setdefault(code, row[col["id"]].strip())
    profile = {node: profiles.attributes(code) for code, node in ids.items()}
    for row in body:
        values = profile.get(row[col["id"]].strip(), {})
        row += [_cell(values[c]) if c in values else "" for c in PROFILE_NODE_COLUMNS]
    nodes = _rows_bytes([*header, *PROFILE_NODE_COLUMNS], body)
    raw_edges = _raw_rows(folder / EDGES_FILE)
    edge_header, edge_body = _replace_columns(raw_edges, PROFILE_EDGE_COLUMNS)
    if not edge_header:
        edge_header = [c.name for c in EDGE_COLUMNS if c.required]
    ecol = {c.strip(): i for i, c in enumerate(edge_header)}
    edge_body = [r for r in edge_body if "relation" not in ecol
                 or r[ecol["relation"]].strip() not in LATERAL_RELATIONS]
    for row in edge_body:
        row += [""] * len(PROFILE_EDGE_COLUMNS)
    columns = [*edge_header, *PROFILE_EDGE_COLUMNS]
    related = sorted(related_edges(profiles, ids), key=lambda e: (e["source"], e["target"]))
    for edge in related:
        edge_body.append([_cell(edge[c.strip()]) if c.strip() in edge else "" for c in columns])
    skills = [row for code in sorted(ids) for row in profiles.skills(code)]
    return {NODES_FILE: nodes, EDGES_FILE: _rows_bytes(columns, edge_body),
            SKILLS_FILE: csv_bytes([c.name for c in SKILL_COLUMNS], skills)}, len(related)


def _rows_bytes(header: list[str], body) -> bytes:
    """Return rows already spelt as cells as UTF-8 CSV with "\\n" line endings and minimal
    quoting, header first."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(body)
    return buf.getvalue().encode("utf-8")


def main(argv=None) -> int:
    """Run the generator from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "data" / "us",
                        help="folder to write nodes.csv and edges.csv to (default data/us)")
    parser.add_argument("--sources", type=Path, default=REPO / "data" / "sources",
                        help="folder of reference files and tables (default data/sources)")
    parser.add_argument("--curated", type=Path, default=REPO / "data",
                        help="curated dataset folder for need descriptions and organizations "
                             "(default data; skipped when it has no nodes.csv)")
    parser.add_argument("--curated-out", type=Path, default=None,
                        help="folder to write the curated dataset's titles.csv to "
                             "(default: the --curated folder)")
    parser.add_argument("--verbose", action="store_true", help="print every note")
    args = parser.parse_args(argv)
    try:
        data = generate(args.sources, args.out, args.curated, args.curated_out)
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    tiers = defaultdict(int)
    for n in data.nodes.values():
        tiers[n["tier"]] += 1
    relations = defaultdict(int)
    for e in data.edges.values():
        relations[e["relation"]] += 1
    print(f"wrote {args.out}: {len(data.nodes)} nodes, {len(data.edges)} edges")
    print("  " + ", ".join(f"{t} {tiers[t]}" for t in TIER_BY_ID))
    print("  " + ", ".join(f"{r} {relations[r]}" for r in sorted(relations)))
    print(f"  {TITLES_FILE}: {data.titles.describe()}")
    print(f"  {SKILLS_FILE}: {data.skill_rows} rows")
    print(f"  {len(data.notes)} notes" + ("" if args.verbose else " (--verbose to list)"))
    if args.verbose:
        for note in data.notes:
            print(f"  note: {note}")
    if data.curated_titles is not None:
        where = args.curated_out or args.curated
        print(f"wrote {where / TITLES_FILE}: {data.curated_titles.describe()}")
        print(f"wrote {where / NODES_FILE}, {EDGES_FILE} and {SKILLS_FILE}: the profiles of its "
              f"professions, {data.curated_related} related_to edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
