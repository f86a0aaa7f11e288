"""The moves from a node: related professions with their figures, typed and best first.

See `graph.moves` for what each kind of node gets; `moves` is the one entry point, and
`profession_moves`, `elsewhere` and `best_outlook` answer one part each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..cache import GraphCache
from ..needindex import need_index
from ..resolve import label, need_order, require_node
from ..schema import RELATEDNESS as _RELATEDNESS
from .skills import Gap, overlap, skill_gaps

__all__ = [
    "MOVE_TYPES",
    "RELATEDNESS",
    "RELATION",
    "Move",
    "Moves",
    "best_outlook",
    "elsewhere",
    "move_type",
    "moves",
    "profession_moves",
    "wage",
]

#: The relation of O*NET's related occupations between professions (lateral: it never
#: leads towards a need; see `graph.schema.LATERAL_RELATIONS`).
RELATION = "related_to"
#: O*NET's relatedness tiers, most related first (`graph.schema.RELATEDNESS`).
RELATEDNESS = _RELATEDNESS
#: The kinds of move, as Lightcast types them.
MOVE_TYPES: tuple[str, ...] = ("advancement", "lateral", "step down")
#: What each row of `Moves` is.
KINDS = {"draws on": "a profession the job draws on",
         "move": "a related profession to move to",
         "elsewhere": "an industry or organization where the profession is practised",
         "outlook": "a profession of the industry or organization, best outlook first"}


@dataclass(frozen=True)
class Move:
    """One row of the moves from a node: a profession to move to, or a place or profession
    that goes with it (``kind``, see `KINDS`). A field is None where the data have no value.

    Attributes
    ----------
    id, label, code, tier : str
        The node the row names (``code`` may be None).
    kind : str
        ``"move"``, ``"draws on"``, ``"elsewhere"`` or ``"outlook"``.
    relatedness : str or None
        O*NET's tier of the link (one of `RELATEDNESS`), for a move.
    related_index : int or None
        O*NET's rank of the link (1 most related), for a move.
    median_wage : int or None
        OEWS median annual wage, else the BLS projections' (`wage`).
    wage_change : int or None
        ``median_wage`` minus the current profession's, for a move.
    growth_pct : float or None
        BLS projected employment change 2024-34, percent.
    annual_openings : int or None
        BLS projected openings a year.
    job_zone, job_zone_change : int or None
        O*NET Job Zone (1-5, preparation needed) and its difference from the current one.
    bright_outlook, education : str or None
        O*NET Bright Outlook categories (``|``-separated) and BLS typical entry education.
    skill_overlap : float or None
        `graph.profiles.skill_overlap` with the current profession, 0-1 (3 decimals;
        `graph.moves.skills.overlap`).
    skill_gaps : tuple of Gap
        The three biggest gaps (`graph.moves.skills.skill_gaps`).
    needs_kept, needs_gained, needs_lost : tuple of str
        Need ids the target serves as the current profession does, only the target, only
        the current one (those `graph.query.needs_served` lists). For a "draws on" row,
        the needs the profession serves are all kept.
    move : str or None
        One of `MOVE_TYPES` for a move (see `move_type`).
    via : str or None
        The profession a job's move (or place elsewhere) comes from; the industry an
        organization's profession is practised in.
    employment : int or None
        People of the profession in the place (elsewhere), or in the industry (outlook).
    industry : str or None
        For an organization elsewhere found through its industry: that industry.
    """

    id: str
    label: str
    code: str | None
    tier: str
    kind: str
    relatedness: str | None = None
    related_index: int | None = None
    median_wage: int | None = None
    wage_change: int | None = None
    growth_pct: float | None = None
    annual_openings: int | None = None
    job_zone: int | None = None
    job_zone_change: int | None = None
    bright_outlook: str | None = None
    education: str | None = None
    skill_overlap: float | None = None
    skill_gaps: tuple[Gap, ...] = ()
    needs_kept: tuple[str, ...] = ()
    needs_gained: tuple[str, ...] = ()
    needs_lost: tuple[str, ...] = ()
    move: str | None = None
    via: str | None = None
    employment: int | None = None
    industry: str | None = None

    def as_dict(self) -> dict:
        """Return the row as JSON-able data: every field, lists for tuples, the gaps as
        ``{"element", "kind", "current", "target", "gap"}``, None as null."""
        out = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "skill_gaps":
                value = [g.as_dict() for g in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


@dataclass(frozen=True)
class Moves:
    """The answer of `moves`: where one can go from ``node``, in rows (`Move`).

    For a profession, its moves; for a job, the professions it draws on, their moves and
    the places elsewhere where they are practised; for an industry or organization, its
    professions with the best outlook; for a need, nothing.
    """

    node: str
    tier: str
    rows: tuple[Move, ...] = field(default=())

    def of(self, kind: str) -> tuple[Move, ...]:
        """Return the rows of one kind (see `KINDS`), in order."""
        return tuple(r for r in self.rows if r.kind == kind)

    def as_list(self) -> list[dict]:
        """Return the rows as JSON-able dicts (what ``--json`` prints)."""
        return [r.as_dict() for r in self.rows]


# ---------------------------------------------------------------------------------------
# Values of a node
# ---------------------------------------------------------------------------------------
def _number(value, kind=int):
    """Return ``value`` as ``kind`` (int or float), or None when blank or not a number."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    return round(number) if kind is int else round(number, 2)


def _text(value) -> str | None:
    """Return a text attribute, or None when blank."""
    return str(value) if value not in (None, "") else None


def wage(attrs) -> int | None:
    """Return the median annual wage of a node's attributes: OEWS's ``median_wage``, else
    BLS's ``bls_median_wage``, else None.

    Examples
    --------
    >>> wage({"median_wage": 97550, "bls_median_wage": 93600}), wage({"bls_median_wage": "93600"})
    (97550, 93600)
    >>> wage({"median_wage": ""}) is None
    True
    """
    found = _number(attrs.get("median_wage"))
    return found if found is not None else _number(attrs.get("bls_median_wage"))


def move_type(wage_change, zone_change) -> str:
    """Return the type of a move, as Lightcast types them.

    ``"advancement"`` when both the wage and the Job Zone go up, ``"step down"`` when both
    go down, ``"lateral"`` otherwise (including when either is unknown).

    Examples
    --------
    >>> move_type(5000, 1), move_type(-100, -1), move_type(5000, 0), move_type(None, 2)
    ('advancement', 'step down', 'lateral', 'lateral')
    """
    if wage_change is None or zone_change is None:
        return "lateral"
    if wage_change > 0 and zone_change > 0:
        return "advancement"
    if wage_change < 0 and zone_change < 0:
        return "step down"
    return "lateral"


def _memo(G) -> dict:
    """Return an empty memo of a graph's figures and needs, filled as they are asked for."""
    return {"figures": {}, "needs": {}}


_MEMO = GraphCache(_memo)


def _figures(G, node) -> dict:
    """Return the outlook figures of a node, as fields of `Move` (remembered per graph:
    read-only)."""
    memo = _MEMO.get(G)["figures"]
    found = memo.get(node)
    if found is None:
        found = memo[node] = _read_figures(G, node)
    return found


def _read_figures(G, node) -> dict:
    """Return the outlook figures of a node, read from its attributes."""
    attrs = G.nodes[node]
    return {"id": node, "label": label(G, node), "code": _text(attrs.get("code")),
            "tier": str(attrs.get("tier", "")), "median_wage": wage(attrs),
            "growth_pct": _number(attrs.get("growth_pct"), float),
            "annual_openings": _number(attrs.get("annual_openings")),
            "job_zone": _number(attrs.get("job_zone")),
            "bright_outlook": _text(attrs.get("bright_outlook")),
            "education": _text(attrs.get("education"))}


def _diff(a, b):
    """Return b - a, or None when either is unknown."""
    return None if a is None or b is None else b - a


def _adjacent(G, node, relation: str, forward: bool = True, backward: bool = False):
    """Yield (neighbour, edge data) of `node` linked by `relation`, out then in."""
    if forward:
        for m, data in G.succ[node].items():
            if data.get("relation") == relation:
                yield m, data
    if backward:
        for m, data in G.pred[node].items():
            if data.get("relation") == relation:
                yield m, data


def _needs(G, node) -> frozenset:
    """Return the needs `node` serves, as `graph.query.needs_served` lists them, from the
    graph's cached need membership index (`graph.needindex.need_index`; remembered per graph)."""
    memo = _MEMO.get(G)["needs"]
    found = memo.get(node)
    if found is None:
        index = need_index(G)
        mask = index.mask.get(node, 0)
        found = memo[node] = frozenset(n for n, b in index.bit.items() if mask & b)
    return found


def _ordered(needs) -> tuple[str, ...]:
    """Return need ids in NEEDS order."""
    return tuple(sorted(needs, key=need_order))


def _limited(rows: list, limit) -> list:
    """Return the first `limit` rows (all of them when `limit` is None)."""
    return rows if limit is None else rows[:max(0, int(limit))]


# ---------------------------------------------------------------------------------------
# The queries
# ---------------------------------------------------------------------------------------
def _related(G, profession) -> list:
    """Return (tier rank, index, label, id) of each profession related to `profession`."""
    out = {}
    for m, data in _adjacent(G, profession, RELATION, forward=True, backward=True):
        if m == profession:
            continue
        tier = data.get("relatedness")
        rank = RELATEDNESS.index(tier) if tier in RELATEDNESS else len(RELATEDNESS)
        index = _number(data.get("related_index"))
        key = (rank, index if index is not None else 1_000, label(G, m).casefold(), m)
        out[m] = min(out.get(m, key), key)
    return sorted(out.values())


def profession_moves(G, profession, limit: int | None = None, via: str | None = None,
                     skip=()) -> list[Move]:
    """Return the moves from a profession: its related professions, best first.

    Best first means by O*NET relatedness tier (Primary-Short, Primary-Long,
    Supplemental), then O*NET's index, then label. Each `Move` compares the target with
    `profession`: wage and Job Zone differences, the move's type, skill overlap and gaps,
    and the needs kept, gained and lost.

    Parameters
    ----------
    G : networkx.DiGraph
    profession : str
        A node id (or name, see `graph.resolve.resolve_node`).
    limit : int, optional
        Most moves returned (all by default).
    via : str, optional
        Written into each move's ``via`` (a job's moves say which profession they come
        from).
    skip : collection of str
        Targets to leave out.

    Returns
    -------
    list of Move

    See Also
    --------
    moves : the same for any node.

    Notes
    -----
    Reads the links of `profession` (its ``related_to`` links in both directions), then,
    per related profession, its needs from the cached need membership index
    (`graph.needindex.need_index`, built once per graph) and two comparisons of skill
    profiles (`graph.moves.skills`): linear in the related professions (about 70 skill
    elements each).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("health", {"tier": "need"}), ("family", {"tier": "need"}),
    ...     ("rn", {"tier": "profession", "label": "Nurse", "median_wage": 90000, "job_zone": 3}),
    ...     ("np", {"tier": "profession", "label": "Nurse practitioner", "median_wage": 130000,
    ...             "job_zone": 5}),
    ...     ("aide", {"tier": "profession", "label": "Aide", "median_wage": 35000, "job_zone": 2})])
    >>> G.add_edges_from([("rn", "health"), ("np", "health"), ("aide", "family")],
    ...                  relation="serves")
    >>> G.add_edge("rn", "np", relation="related_to", relatedness="Primary-Short", related_index=2)
    >>> G.add_edge("aide", "rn", relation="related_to", relatedness="Primary-Long", related_index=1)
    >>> [(m.id, m.relatedness, m.wage_change, m.move, m.needs_gained, m.needs_lost)
    ...  for m in profession_moves(G, "rn")]  # doctest: +NORMALIZE_WHITESPACE
    [('np', 'Primary-Short', 40000, 'advancement', (), ()),
     ('aide', 'Primary-Long', -55000, 'step down', ('family',), ('health',))]
    """
    profession = require_node(G, profession)
    here = _figures(G, profession)
    mine = _needs(G, profession)
    rows = []
    for rank, index, _, target in _related(G, profession):
        if target in skip:
            continue
        figures = _figures(G, target)
        wage_change = _diff(here["median_wage"], figures["median_wage"])
        zone_change = _diff(here["job_zone"], figures["job_zone"])
        theirs = _needs(G, target)
        rows.append(Move(
            **figures, kind="move",
            relatedness=RELATEDNESS[rank] if rank < len(RELATEDNESS) else None,
            related_index=index if index != 1_000 else None,
            wage_change=wage_change, job_zone_change=zone_change,
            skill_overlap=overlap(G, profession, target),
            skill_gaps=skill_gaps(G, profession, target),
            needs_kept=_ordered(mine & theirs), needs_gained=_ordered(theirs - mine),
            needs_lost=_ordered(mine - theirs), move=move_type(wage_change, zone_change),
            via=via))
        if limit is not None and len(rows) >= limit:
            break
    return rows


def _employment(data) -> int | None:
    """Return the ``employment`` of an edge or node's attributes, or None."""
    return _number(data.get("employment"))


def _by_size(items):
    """Sort key: the biggest employment first (unknown last), then label, then id."""
    return sorted(items, key=lambda r: (r.employment is None, -(r.employment or 0),
                                        r.label.casefold(), r.id))


def elsewhere(G, profession, limit: int | None = None, via: str | None = None) -> list[Move]:
    """Return where a profession is practised: industries, then organizations, biggest first.

    Industries are those the profession is ``practised_in``, by the people of the
    profession there (the link's ``employment``). Organizations are those where a job
    drawing on the profession sits, by their own ``employment``; then those operating in
    one of the profession's industries (``industry`` says which), in the order of those
    industries.

    Parameters
    ----------
    G : networkx.DiGraph
    profession : str
    limit : int, optional
        Most industries and most organizations returned (all by default).
    via : str, optional
        Written into each row's ``via``.

    Returns
    -------
    list of Move
        Rows of kind ``"elsewhere"``.

    See Also
    --------
    moves : a job's moves end with these places, for each profession it draws on.

    Notes
    -----
    Linear in the links of the profession, of its jobs and of its industries.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("rn", {"tier": "profession"}), ("clinics", {"tier": "industry"}),
    ...     ("hospitals", {"tier": "industry"}), ("mercy", {"tier": "organization"}),
    ...     ("city", {"tier": "organization"}), ("staff-rn", {"tier": "job"})])
    >>> G.add_edge("rn", "clinics", relation="practised_in", employment=900)
    >>> G.add_edge("rn", "hospitals", relation="practised_in", employment=1500)
    >>> G.add_edge("mercy", "hospitals", relation="operates_in")
    >>> G.add_edge("staff-rn", "rn", relation="draws_on")
    >>> G.add_edge("staff-rn", "city", relation="sits_in")
    >>> [(r.id, r.employment, r.industry) for r in elsewhere(G, "rn")]  # doctest: +NORMALIZE_WHITESPACE
    [('hospitals', 1500, None), ('clinics', 900, None), ('city', None, None),
     ('mercy', None, 'hospitals')]
    """
    profession = require_node(G, profession)
    industries = _by_size(
        Move(**_figures(G, m), kind="elsewhere", via=via, employment=_employment(data))
        for m, data in _adjacent(G, profession, "practised_in"))
    direct = {}
    for job, _ in _adjacent(G, profession, "draws_on", forward=False, backward=True):
        for org, _ in _adjacent(G, job, "sits_in"):
            direct.setdefault(org, None)
    orgs = _by_size(Move(**_figures(G, o), kind="elsewhere", via=via,
                         employment=_employment(G.nodes[o])) for o in direct)
    seen = set(direct)
    for place in industries:
        found = []
        for org, _ in _adjacent(G, place.id, "operates_in", forward=False, backward=True):
            if org not in seen:
                seen.add(org)
                found.append(Move(**_figures(G, org), kind="elsewhere", via=via,
                                  employment=_employment(G.nodes[org]), industry=place.id))
        orgs += _by_size(found)
    return _limited(industries, limit) + _limited(orgs, limit)


def _industry_professions(G, industry, counts: dict) -> None:
    """Add to `counts` (profession -> people, or None) the professions practised in
    `industry` or any industry that is ``part_of`` it."""
    stack, seen = [industry], {industry}
    while stack:
        here = stack.pop()
        for p, data in _adjacent(G, here, "practised_in", forward=False, backward=True):
            people = _employment(data)
            before = counts.get(p)
            counts[p] = before if people is None else (before or 0) + people
        for sub, _ in _adjacent(G, here, "part_of", forward=False, backward=True):
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)


def best_outlook(G, node, limit: int | None = None) -> list[Move]:
    """Return the professions of an industry or organization, best outlook first.

    An industry's professions are those practised in it or in its sub-industries
    (``part_of``), with the people employed there. An organization's are those its jobs
    draw on; when it has none, those of the industries it operates in (``via`` names the
    industry). Best outlook first: projected growth (highest first, unknown last), then
    annual openings, then label.

    Parameters
    ----------
    G : networkx.DiGraph
    node : str
        An industry or organization.
    limit : int, optional
        Most professions returned (all by default).

    Returns
    -------
    list of Move
        Rows of kind ``"outlook"``.

    Notes
    -----
    Linear in the links of the node, its sub-industries (or industries) and their
    professions, plus a sort.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("care", {"tier": "industry"}), ("hospitals", {"tier": "industry"}),
    ...     ("rn", {"tier": "profession", "growth_pct": 4.9}),
    ...     ("clerk", {"tier": "profession", "growth_pct": -3.0}),
    ...     ("np", {"tier": "profession", "growth_pct": 35.2})])
    >>> G.add_edge("hospitals", "care", relation="part_of")
    >>> G.add_edge("rn", "hospitals", relation="practised_in", employment=2000)
    >>> G.add_edge("clerk", "care", relation="practised_in", employment=50)
    >>> G.add_edge("np", "hospitals", relation="practised_in", employment=80)
    >>> [(m.id, m.growth_pct, m.employment) for m in best_outlook(G, "care")]
    [('np', 35.2, 80), ('rn', 4.9, 2000), ('clerk', -3.0, 50)]
    """
    node = require_node(G, node)
    counts: dict = {}
    through: dict = {}
    if G.nodes[node].get("tier") == "organization":
        for job, _ in _adjacent(G, node, "sits_in", forward=False, backward=True):
            for p, _ in _adjacent(G, job, "draws_on"):
                counts.setdefault(p, None)
        if not counts:
            for industry, _ in _adjacent(G, node, "operates_in"):
                found: dict = {}
                _industry_professions(G, industry, found)
                for p, people in found.items():
                    if p not in counts:
                        through[p] = industry
                        counts[p] = people
    else:
        _industry_professions(G, node, counts)
    rows = [Move(**_figures(G, p), kind="outlook", employment=people, via=through.get(p))
            for p, people in counts.items()]
    rows.sort(key=lambda r: (r.growth_pct is None, -(r.growth_pct or 0.0),
                             r.annual_openings is None, -(r.annual_openings or 0),
                             r.label.casefold(), r.id))
    return _limited(rows, limit)


def moves(G, node, limit: int | None = None) -> Moves:
    """Return where one can go from a node, best first (see `graph.moves`).

    Parameters
    ----------
    G : networkx.DiGraph
    node : str
        A node id, label, alias or code (`graph.resolve.resolve_node`).
    limit : int, optional
        Most rows of each part: moves of each profession, industries and organizations
        elsewhere, professions of an industry or organization (all by default).

    Returns
    -------
    Moves
        For a profession, its moves (`profession_moves`). For a job, each profession it
        draws on (kind ``"draws on"``), then their moves (``via`` names the profession;
        a profession already listed is not repeated), then the places where each is
        practised (`elsewhere`). For an industry or organization, its professions with
        the best outlook (`best_outlook`). For a need, no rows.

    Raises
    ------
    UnknownNameError
        When `node` names no node (with the closest names).

    See Also
    --------
    graph.query.needs_served : the needs compared.
    graph.profiles.skill_overlap, graph.moves.skills.skill_gaps : skills compared.

    Notes
    -----
    A profession costs `profession_moves`; a job that much per profession it draws on,
    plus `elsewhere`; an industry or organization `best_outlook`. Each node's figures and
    needs are remembered per graph once read (`graph.cache.GraphCache`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("rn", {"tier": "profession", "label": "Nurse"}),
    ...     ("np", {"tier": "profession", "label": "Nurse practitioner"}),
    ...     ("staff-rn", {"tier": "job", "label": "Staff nurse"})])
    >>> G.add_edge("rn", "np", relation="related_to", relatedness="Primary-Short", related_index=1)
    >>> G.add_edge("staff-rn", "rn", relation="draws_on")
    >>> [(r.kind, r.id, r.via) for r in moves(G, "Staff nurse").rows]
    [('draws on', 'rn', None), ('move', 'np', 'rn')]
    """
    node = require_node(G, node)
    tier = str(G.nodes[node].get("tier", ""))
    rows: list[Move] = []
    if tier == "profession":
        rows = profession_moves(G, node, limit)
    elif tier == "job":
        professions = [p for p, _ in _adjacent(G, node, "draws_on")]
        professions.sort(key=lambda p: (label(G, p).casefold(), p))
        rows = [Move(**_figures(G, p), kind="draws on",
                     needs_kept=_ordered(_needs(G, p))) for p in professions]
        listed = set(professions)
        for p in professions:
            found = profession_moves(G, p, limit, via=p, skip=listed)
            listed.update(m.id for m in found)
            rows += found
        for p in professions:
            rows += elsewhere(G, p, limit, via=p)
    elif tier in ("industry", "organization"):
        rows = best_outlook(G, node, limit)
    return Moves(node=node, tier=tier, rows=tuple(rows))
