"""Tiers, needs, relations and CSV columns of the Web of Work: the one source of truth.

Every other module (the builder, queries, layout, exports and the explorer's
styles) reads its vocabulary from here.

Examples
--------
>>> [t.id for t in TIERS]
['need', 'profession', 'industry', 'organization', 'job']
>>> len(NEEDS), NEEDS[0].label, NEEDS[-1].label
(12, 'Family', 'Health and Well Being')
>>> relation_for("job", "profession")
'draws_on'
>>> sorted(RELATIONS["serves"].pairs)
[('organization', 'need'), ('profession', 'need')]
>>> ("job", "need") in BRIDGED_PAIRS, ("need", "job") in BRIDGED_PAIRS
(True, False)
>>> LATERAL_RELATIONS, RELATIONS["related_to"].pairs  # side by side, not towards the needs
(frozenset({'related_to'}), frozenset({('profession', 'profession')}))
>>> ("profession", "profession") in STRUCTURAL_PAIRS, ("job", "profession") in STRUCTURAL_PAIRS
(False, True)
>>> RELATEDNESS[0], NUMERIC_EXTRA_COLUMNS["job_zone"], [c.name for c in SKILL_COLUMNS]
('Primary-Short', <class 'int'>, ['code', 'kind', 'element', 'importance'])

Lateral relations
-----------------
Every relation but the *lateral* ones leads towards the needs (job -> profession -> need,
...). A lateral relation (``Relation.lateral``, listed in `LATERAL_RELATIONS`; today only
``related_to``, O*NET's related occupations) joins two nodes side by side. The schema
keeps its tier pairs out of `STRUCTURAL_PAIRS`, from which the bridged pairs and the tier
order are derived; the builder (`graph.build`) leaves lateral edges out of its cycle
check and of its "reaches no need" check, and reports a second edge of the same pair in
either direction; the queries read `graph.cache.structural`, the graph without its
lateral edges, so a lateral edge never changes the needs a node serves, the filters, the
proof chains, the folding or the layout. Only what asks for them (career moves, whole-graph
exports) reads them from the graph itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    """A tier of the model: the needs, or one of the four tiers of organised work."""

    id: str
    label: str
    plural: str
    rank: int  # 0 = needs at the centre; 1..4 = most to least enduring
    stability: str
    colour: str  # Okabe-Ito, colour-blind safe
    shape: str  # Cytoscape.js node shape, so tiers differ by shape as well as colour
    help: str


TIERS: tuple[Tier, ...] = (
    Tier("need", "Need", "Needs", 0, "timeless", "#E69F00", "star",
         "One of the 12 basic needs that drive civilisation (personal mastery)."),
    Tier("profession", "Profession/Trade", "Professions/Trades", 1, "enduring", "#0072B2", "ellipse",
         "An enduring practice with standards of excellence, certifications, recognised "
         "leaders and a body of knowledge."),
    Tier("industry", "Industry", "Industries", 2, "long-lived", "#009E73", "round-rectangle",
         "People working on similar needs (the guilds of old)."),
    Tier("organization", "Organization", "Organizations", 3, "temporary", "#CC79A7", "diamond",
         "A temporary collective on one mission."),
    Tier("job", "Position/Job", "Positions/Jobs", 4, "least stable", "#56B4E9", "triangle",
         "An arbitrary package of tasks drawing on a few practices of a profession."),
)
TIER_BY_ID: dict[str, Tier] = {t.id: t for t in TIERS}
#: How prose counts the nodes of each tier: (one, many), as in "1 job", "4 jobs".
TIER_NOUNS: dict[str, tuple[str, str]] = {
    "need": ("need", "needs"), "profession": ("profession", "professions"),
    "industry": ("industry", "industries"), "organization": ("organization", "organizations"),
    "job": ("job", "jobs")}
TIER_IDS: tuple[str, ...] = tuple(t.id for t in TIERS)
WORK_TIERS: tuple[str, ...] = TIER_IDS[1:]


def tier_rank(tier) -> int:
    """Return the rank of a tier id: 0 for needs, then 1..4 from the most enduring work tier
    to the least; any other value (an unknown tier, None) ranks after them all.

    Every ordering by tier (layouts, tables, rankings, search ties) sorts with this one key.

    See Also
    --------
    graph.resolve.need_order : the sort key of needs.

    Notes
    -----
    One dict lookup.

    Examples
    --------
    >>> tier_rank("need"), tier_rank("profession"), tier_rank("job")
    (0, 1, 4)
    >>> tier_rank("guild") == tier_rank(None) == len(TIERS)
    True
    """
    t = TIER_BY_ID.get(tier)
    return t.rank if t is not None else len(TIERS)


@dataclass(frozen=True)
class Need:
    """One of the 12 basic needs; its id is the node id used in every dataset."""

    id: str
    label: str
    short: str  # a short label for tight places (legend, heatmap axis)


NEEDS: tuple[Need, ...] = (
    Need("family", "Family", "Family"),
    Need("home-and-shelter", "Home and Shelter", "Home"),
    Need("social-relationships", "Social Relationships", "Social"),
    Need("work-career", "Work/Career", "Work"),
    Need("learning", "Learning", "Learning"),
    Need("economic-security", "Economic Security", "Economic"),
    Need("leisure", "Leisure", "Leisure"),
    Need("transportation-and-mobility", "Transportation and Mobility", "Mobility"),
    Need("environment-and-safety", "Environment & Safety", "Environment"),
    Need("community", "Community", "Community"),
    Need("spirituality", "Spirituality", "Spirituality"),
    Need("health-and-well-being", "Health and Well Being", "Health"),
)
NEED_BY_ID: dict[str, Need] = {n.id: n for n in NEEDS}
NEED_IDS: tuple[str, ...] = tuple(n.id for n in NEEDS)


@dataclass(frozen=True)
class Relation:
    """A kind of edge, its reading, and the (source tier, target tier) pairs it may join.

    A *lateral* relation joins two nodes side by side (say, related occupations) rather than
    leading towards the needs, so it is never a way to reach a need (see `LATERAL_RELATIONS`).
    """

    id: str
    label: str
    pairs: frozenset[tuple[str, str]]
    help: str
    lateral: bool = False


RELATIONS: dict[str, Relation] = {
    r.id: r
    for r in (
        Relation("serves", "serves", frozenset({("profession", "need"), ("organization", "need")}),
                 "The profession or organization directly serves the need."),
        Relation("addresses", "addresses", frozenset({("industry", "need")}),
                 "The industry addresses the need."),
        Relation("practised_in", "practised in", frozenset({("profession", "industry")}),
                 "The profession is practised in the industry."),
        Relation("operates_in", "operates in", frozenset({("organization", "industry")}),
                 "The organization operates in the industry."),
        Relation("draws_on", "draws on", frozenset({("job", "profession")}),
                 "The job draws on practices of the profession."),
        Relation("sits_in", "sits in", frozenset({("job", "organization")}),
                 "The job is a position in the organization."),
        Relation("part_of", "part of", frozenset({("industry", "industry")}),
                 "The industry is a subsector of a broader industry (NAICS hierarchy)."),
        Relation("related_to", "related to", frozenset({("profession", "profession")}),
                 "The professions are related occupations (O*NET): a likely career move. "
                 "Lateral: one edge per pair, read in both directions.", lateral=True),
    )
}
RELATION_IDS: tuple[str, ...] = tuple(RELATIONS)
#: Relations that never count as a way to reach a need (see "Lateral relations" above):
#: `graph.cache.structural`, `graph.build` and `graph.whatif` leave their edges out of
#: every chain of links towards the needs.
LATERAL_RELATIONS: frozenset[str] = frozenset(r.id for r in RELATIONS.values() if r.lateral)

#: The relation joining each ordered (source tier, target tier) pair; each pair has at most one,
#: which is why the graph is a ``DiGraph``: (source, target) identifies an edge.
RELATION_BY_PAIR: dict[tuple[str, str], str] = {
    pair: r.id for r in RELATIONS.values() for pair in r.pairs
}
assert len(RELATION_BY_PAIR) == sum(len(r.pairs) for r in RELATIONS.values())
#: The tier pairs of the relations that lead towards the needs (every relation but the
#: lateral ones): the bridged pairs, the builder's cycle check and the views read these.
STRUCTURAL_PAIRS: frozenset[tuple[str, str]] = frozenset(
    pair for pair, relation in RELATION_BY_PAIR.items() if relation not in LATERAL_RELATIONS)

#: Relation of the synthetic edges a filtered view adds to stand for a path through hidden
#: tiers (its ``via`` attribute lists the hidden nodes). It never appears in curated data, but
#: an exported view may carry it, so the builder accepts it between any two tiers that a chain
#: of real relations joins through at least one other tier.
BRIDGED = "bridged"


def _bridged_pairs() -> frozenset[tuple[str, str]]:
    """Return the tier pairs joined by a chain of two or more real, non-lateral relations."""
    step = {}
    for a, b in STRUCTURAL_PAIRS:
        step.setdefault(a, set()).add(b)
    pairs = set()
    for start in TIER_IDS:
        frontier = {(b, 1) for b in step.get(start, ())}
        seen = set()
        while frontier:
            tier, hops = frontier.pop()
            if (tier, hops > 1) in seen:
                continue
            seen.add((tier, hops > 1))
            if hops > 1:
                pairs.add((start, tier))
            frontier |= {(b, hops + 1) for b in step.get(tier, ())}
    return frozenset(pairs)


BRIDGED_PAIRS: frozenset[tuple[str, str]] = _bridged_pairs()


def relation_for(source_tier: str, target_tier: str) -> str | None:
    """Return the relation that may join a source tier to a target tier, or None."""
    return RELATION_BY_PAIR.get((source_tier, target_tier))


@dataclass(frozen=True)
class Column:
    """A CSV column: its file, whether it is required, its type and its meaning."""

    name: str
    required: bool
    type: type
    help: str
    tiers: tuple[str, ...] = ()  # for node columns that only make sense on some tiers


ORG_KINDS: tuple[str, ...] = ("company", "nonprofit", "government", "religious", "cooperative",
                              "educational")
ALIAS_SEPARATOR = "|"

NODE_COLUMNS: tuple[Column, ...] = (
    Column("id", True, str, "Stable slug, lower-case letters, digits and hyphens (e.g. `loan-officer`)."),
    Column("label", True, str, "Display name."),
    Column("tier", True, str, "One of " + ", ".join(TIER_IDS) + "."),
    Column("description", True, str, "A factual one- or two-sentence description."),
    Column("code", False, str, "SOC 2018 code (professions, jobs) or NAICS 2022 code (industries)."),
    Column("aliases", False, str, f"Other names people search by, separated by `{ALIAS_SEPARATOR}`."),
    Column("credentials", False, str, "Certifying bodies or credentials of the practice.", ("profession",)),
    Column("standard_of_excellence", False, str, "What excellence in the practice looks like.", ("profession",)),
    Column("kind", False, str, "One of " + ", ".join(ORG_KINDS) + ".", ("organization",)),
    Column("based_in", False, str, "Where the organization is based.", ("organization",)),
    Column("url", False, str, "An authoritative web page about the node."),
)
EDGE_COLUMNS: tuple[Column, ...] = (
    Column("source", True, str, "Id of the source node."),
    Column("target", True, str, "Id of the target node."),
    Column("relation", True, str, "One of " + ", ".join(RELATION_IDS) + "; direction is part of it."),
    Column("weight", False, float, "Strength of the link, a number (e.g. employment share)."),
    Column("evidence", False, str, "Why the link is true."),
    Column("via", False, str, f"Only on `{BRIDGED}` edges of an exported view: the hidden nodes "
           f"the edge stands for, separated by `{ALIAS_SEPARATOR}`."),
)
#: How related two professions are (O*NET's relatedness tiers), closest first.
RELATEDNESS: tuple[str, ...] = ("Primary-Short", "Primary-Long", "Supplemental")
#: O*NET's Bright Outlook categories, in the order a ``bright_outlook`` cell lists them.
BRIGHT_OUTLOOK: tuple[str, ...] = ("Rapid Growth", "Numerous Job Openings", "New and Emerging")
#: The six RIASEC interest areas (Holland codes), in the order a ``riasec`` cell lists them.
RIASEC: dict[str, str] = {"R": "Realistic", "I": "Investigative", "A": "Artistic",
                          "S": "Social", "E": "Enterprising", "C": "Conventional"}
#: Optional node columns of professions: outlook (BLS Employment Projections 2024-34) and
#: O*NET's Job Zone, Bright Outlook and interests. Blank where the source has no value.
PROFESSION_COLUMNS: tuple[Column, ...] = (
    Column("growth_pct", False, float, "Projected employment change 2024-34, percent (BLS).",
           ("profession",)),
    Column("annual_openings", False, int, "Projected openings a year 2024-34, persons (BLS).",
           ("profession",)),
    Column("bls_median_wage", False, int, "Median annual wage 2024, dollars (BLS Employment "
           "Projections; `median_wage` is OEWS May 2025).", ("profession",)),
    Column("education", False, str, "Typical education needed for entry (BLS).",
           ("profession",)),
    Column("job_zone", False, int, "O*NET Job Zone, 1 (little preparation) to 5 (extensive).",
           ("profession",)),
    Column("bright_outlook", False, str, "O*NET Bright Outlook categories (" +
           ", ".join(BRIGHT_OUTLOOK) + f") joined by `{ALIAS_SEPARATOR}`.", ("profession",)),
    Column("riasec", False, str, "O*NET interest scores 1-7, two decimals, in the order "
           + "".join(RIASEC) + ", e.g. `R=4.33|I=2.00|A=1.00|S=3.67|E=2.00|C=5.00`.",
           ("profession",)),
    Column("interest_code", False, str, "O*NET interest high-point letters, e.g. `RCS`.",
           ("profession",)),
)
#: Optional edge columns of ``related_to`` edges (required there: ``relatedness``).
RELATED_COLUMNS: tuple[Column, ...] = (
    Column("relatedness", False, str, "One of " + ", ".join(RELATEDNESS) + " (O*NET), on "
           "`related_to` edges."),
    Column("related_index", False, int, "O*NET's order of the related occupation, 1 (most "
           "related) to 20, on `related_to` edges."),
)
#: Columns not listed above are kept as text attributes, except these, which are numbers.
NUMERIC_EXTRA_COLUMNS: dict[str, type] = {
    "employment": int, "median_wage": int, "weight": float,
    **{c.name: c.type for c in (*PROFESSION_COLUMNS, *RELATED_COLUMNS) if c.type is not str}}

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"

#: The optional side table of real job titles, one per row, each pointing at the node that
#: carries its SOC code. Titles are searchable names, never graph nodes.
TITLES_FILE = "titles.csv"
#: Where a title comes from: the ``source`` column holds one of these keys.
TITLE_SOURCES: dict[str, str] = {
    "onet": "an O*NET alternate job title of the occupation",
    "onet-short": "an O*NET short title (such as RN), as listed beside an alternate title",
    "soc": "a title of the BLS SOC 2018 Direct Match Title File",
}
TITLE_COLUMNS: tuple[Column, ...] = (
    Column("title", True, str, "A job title as people write it (e.g. `Staff Nurse`)."),
    Column("code", True, str, f"SOC 2018 detailed code (`29-1141`) carried by a node of "
           f"`{NODES_FILE}`; the title points at that node (a profession when several carry it)."),
    Column("source", True, str, "One of " + ", ".join(TITLE_SOURCES) + "."),
)
#: Longest cell, in characters, of each column of the titles file (they replace the limits
#: by column name of the node and edge files, so a title is held to 200 like a label).
TITLE_CELL_CHARS: dict[str, int] = {"title": 200, "code": 50, "source": 20}

#: The optional side table of skill and knowledge importance profiles (O*NET), one row per
#: SOC code and element. Like titles, its rows are never graph nodes.
SKILLS_FILE = "skills.csv"
#: What an element is: the ``kind`` column holds one of these keys.
SKILL_KINDS: dict[str, str] = {
    "skill": "an O*NET skill (such as Active Listening)",
    "knowledge": "an O*NET knowledge area (such as Medicine and Dentistry)",
}
SKILL_COLUMNS: tuple[Column, ...] = (
    Column("code", True, str, f"SOC 2018 detailed code carried by a node of `{NODES_FILE}`."),
    Column("kind", True, str, "One of " + ", ".join(SKILL_KINDS) + "."),
    Column("element", True, str, "The O*NET element name (e.g. `Critical Thinking`)."),
    Column("importance", True, float, "O*NET importance (IM scale) from 1 to 5, two decimals, "
           "averaged over the O*NET occupations of the SOC code."),
)
#: Lowest and highest importance on O*NET's IM scale.
IMPORTANCE_RANGE: tuple[float, float] = (1.0, 5.0)
#: Longest cell, in characters, of each column of the skills file.
SKILL_CELL_CHARS: dict[str, int] = {"code": 50, "kind": 20, "element": 200, "importance": 20}

#: Characters that make a spreadsheet run a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISER = "'"


def neutralise(value: str) -> str:
    """Return a cell value a spreadsheet will not run as a formula; `unneutralise` undoes it.

    Examples
    --------
    >>> neutralise("=SUM(A1)"), neutralise("plain"), neutralise("'quoted")
    ("'=SUM(A1)", 'plain', "''quoted")
    >>> all(unneutralise(neutralise(v)) == v for v in ["=1", "-x", "'", "''=", "ok", ""])
    True
    """
    if value.startswith(FORMULA_PREFIXES) or value.startswith(_NEUTRALISER):
        return _NEUTRALISER + value
    return value


def unneutralise(value: str) -> str:
    """Undo `neutralise`: drop one leading quote that guards a formula prefix or a quote.

    Examples
    --------
    >>> unneutralise("'=SUM(A1)"), unneutralise("it's"), unneutralise("'plain")
    ('=SUM(A1)', "it's", "'plain")
    """
    if value.startswith(_NEUTRALISER) and value[1:].startswith((*FORMULA_PREFIXES, _NEUTRALISER)):
        return value[1:]
    return value
