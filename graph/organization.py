"""An organization of one's own placed in the web: its jobs, the professions they draw on,
the needs it serves through them, and what that says about it.

`with_organization` returns a new graph with an uploaded organization added as an
ordinary organization node: each distinct job title becomes a job node that ``sits_in``
the organization and ``draws_on`` the profession it was coded to, and the organization
``serves`` every need those professions reach. Filters, focus, needs served, coverage,
what-if and exports then treat it like any other node. `organization_summary` says
what the organization serves, through how many people, and where it hangs on one job.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_nodes_from([("health-and-well-being", {"tier": "need", "label": "Health"}),
...                   ("family", {"tier": "need", "label": "Family"}),
...                   ("rn", {"tier": "profession", "label": "Registered Nurses"}),
...                   ("nanny", {"tier": "profession", "label": "Nannies"})])
>>> G.add_edges_from([("rn", "health-and-well-being", {"relation": "serves"}),
...                   ("nanny", "family", {"relation": "serves"})])
>>> H = with_organization(G, "Acme Care", [("Staff Nurse", "rn", 12),
...                                        ("Charge Nurse", "rn", 3), ("Nanny", "nanny", None)])
>>> org = H.graph["organization"]["id"]
>>> H.nodes[org]["label"], sorted(H.successors(org)), len(G)
('Acme Care', ['family', 'health-and-well-being'], 4)
>>> s = organization_summary(H, org)
>>> [(n["label"], n["people"], n["jobs"]) for n in s["needs_served"]]
[('Family', 1, 1), ('Health', 15, 2)]
>>> [p["label"] for p in s["single_points"]]
['Nanny']
"""

from __future__ import annotations

import hashlib
import json
import math

import networkx as nx

from .cache import GraphCache, structural
from .query import needs_served
from .resolve import label, need_order
from .schema import NEED_BY_ID, NEED_IDS

__all__ = ["ORG_ID", "organization_key", "with_organization", "organization_summary",
           "organization_coverage", "organization_jobs", "job_rows", "need_sources"]

#: Id of the added organization node (a number is added if the graph already has it).
ORG_ID = "your-organization"
#: Longest organization name kept, in characters.
MAX_NAME = 120
#: Name of an organization given none.
DEFAULT_NAME = "Your organization"


def _people(headcount) -> int:
    """Return the people a row stands for: its headcount, or one when it has none."""
    return headcount if isinstance(headcount, int) and headcount >= 0 else 1


def _clean_name(name) -> str:
    """Return the organization's name on one line, at most `MAX_NAME` characters."""
    text = " ".join(str(name or "").split())[:MAX_NAME]
    return text or DEFAULT_NAME


def job_rows(rows) -> list[tuple[str, str, int | None]]:
    """Return ``(title, node, headcount)`` rows, one per distinct title and node, in order
    of first appearance, headcounts added up (None when no row gave one).

    Titles compare without case or repeated blanks; rows without a node are left out.

    Examples
    --------
    >>> job_rows([("Cook", "chef", 2), ("cook ", "chef", 3), ("Cook", "", 9), ("Cook", "baker", None)])
    [('Cook', 'chef', 5), ('Cook', 'baker', None)]
    """
    merged: dict[tuple[str, str], list] = {}
    for title, node, headcount in rows:
        if not node:
            continue
        title = " ".join(str(title or "").split())
        key = (title.casefold(), str(node))
        if key not in merged:
            merged[key] = [title, str(node), None]
        if isinstance(headcount, int) and not isinstance(headcount, bool):
            merged[key][2] = (merged[key][2] or 0) + headcount
    return [tuple(v) for v in merged.values()]


def organization_key(name, rows) -> str:
    """Return a short fingerprint of an organization's name and job rows (12 hex digits).

    Equal inputs give equal keys, so a graph with the organization can be cached by it.

    Examples
    --------
    >>> organization_key("A", [("Cook", "chef", 2)]) == organization_key("A", [["Cook", "chef", 2]])
    True
    >>> organization_key("A", []) == organization_key("B", [])
    False
    """
    text = json.dumps([_clean_name(name), [list(r) for r in job_rows(rows)]],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _free_id(G, wanted: str) -> str:
    """Return ``wanted``, or ``wanted-2``, ``wanted-3``... whichever G does not hold."""
    candidate, n = wanted, 1
    while candidate in G:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def with_organization(G, name, rows) -> nx.DiGraph:
    """Return a copy of G with an organization, its jobs and the needs it serves added.

    Parameters
    ----------
    G : networkx.DiGraph
        The graph; it is not changed.
    name : str
        The organization's name (its label); blank gives "Your organization".
    rows : iterable of (title, node, headcount)
        One per job list row: the job title, the id of the profession (or job) node of G
        it was coded to ("" or None when none: left out), and its headcount (an int, or
        None when unknown). Rows with the same title and node are one job.

    Returns
    -------
    networkx.DiGraph
        A new, frozen graph: G's nodes and edges, plus the organization node (tier
        ``organization``, id `ORG_ID`, numbered if G holds it), one job node per distinct
        title and node (``headcount`` and ``employment`` attributes, the headcount in the
        label), ``sits_in`` and ``draws_on`` edges, and a ``serves`` edge from the
        organization to each need its professions reach (``weight``: the people through
        it). ``graph["organization"]`` holds ``{"id", "key", "jobs"}``, the key being
        `organization_key`. The organization's need links are made from its jobs: one
        holds while a job draws on a node reaching that need (`need_sources`), so a
        what-if scenario (`graph.whatif.without`) that removes the jobs serving a need
        takes the need from the organization too.

    Raises
    ------
    KeyError
        When a row names a node G does not hold.

    See Also
    --------
    organization_summary : what the organization serves, and where it hangs on one job.
    need_sources : what the organization's need links are made from.

    Notes
    -----
    Copies G (linear in its size) and runs one needs search per profession drawn on; cache
    the result by `organization_key` when it is asked for again.
    """
    jobs = job_rows(rows)
    for _, node, _ in jobs:
        if node not in G:
            raise KeyError(f"no node {node!r} in the graph")
    key = organization_key(name, rows)
    H = G.copy()
    org = _free_id(H, ORG_ID)
    people_total = sum(_people(h) for _, _, h in jobs)
    H.add_node(org, label=_clean_name(name), tier="organization", employment=people_total,
               description=(f"Your organization, as uploaded in this browser: {len(jobs):,} "
                            f"job{'s' if len(jobs) != 1 else ''}, {people_total:,} "
                            f"{'person' if people_total == 1 else 'people'}."))
    reach: dict[str, list[str]] = {}  # need -> jobs reaching it
    served = {}
    for k, (title, node, headcount) in enumerate(jobs, start=1):
        job = _free_id(H, f"{org}-job-{k}")
        shown = f"{title} ({headcount:,})" if headcount is not None else title
        H.add_node(job, label=shown or label(G, node), tier="job", title_as_written=title,
                   headcount=headcount, employment=_people(headcount),
                   code=G.nodes[node].get("code", ""),
                   description=f"A job of {_clean_name(name)}, coded to {label(G, node)}.")
        H.add_edge(job, org, relation="sits_in", evidence="Listed in the uploaded job list.")
        H.add_edge(job, node, relation="draws_on", employment=_people(headcount),
                   evidence="Coded from the job title.")
        if node not in served:
            served[node] = list(needs_served(G, node))
        for need in served[node]:
            reach.setdefault(need, []).append(job)
    for need in sorted(reach, key=need_order):
        through = reach[need]
        people = sum(H.nodes[j]["employment"] for j in through)
        H.add_edge(org, need, relation="serves", weight=float(people),
                   evidence=f"Through {len(through):,} job{'s' if len(through) != 1 else ''} "
                            f"({people:,} {'person' if people == 1 else 'people'}).")
    H.graph["organization"] = {"id": org, "key": key, "jobs": len(jobs)}
    if H.graph.get("checksum"):
        H.graph["checksum"] = f"{H.graph['checksum']}+organization-{key}"
    return nx.freeze(H)


def need_sources(G) -> tuple[str, list[tuple[str, str]]] | None:
    """Return the organization `with_organization` added to G and what its need links are
    made from: ``(org, [(job, node), ...])``, each of its jobs with each node it draws on.

    The organization serves a need as long as one of those nodes reaches it through a job
    that stays: this is what a what-if scenario (`graph.whatif.without`) follows when it
    removes some of the jobs or the nodes they draw on. None when G holds no such
    organization (a data folder's own organizations have links of their own).

    See Also
    --------
    with_organization : where those links are made.

    Notes
    -----
    Linear in the organization's jobs and their links (about 1 ms for 2,000 jobs).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("nanny", "family")])
    >>> H = with_organization(G, "Acme", [("Nanny", "nanny", 4), ("Au pair", "nanny", 1)])
    >>> org, sources = need_sources(H)
    >>> org, [(job[len(org):], node) for job, node in sources]
    ('your-organization', [('-job-1', 'nanny'), ('-job-2', 'nanny')])
    >>> need_sources(G) is None
    True
    """
    info = G.graph.get("organization")
    org = info.get("id") if isinstance(info, dict) else None
    if org is None or org not in G:
        return None
    succ = G._succ
    return org, [(j, p) for j in _jobs_in(G, org) for p, edge in succ[j].items()
                 if edge.get("relation") == "draws_on"]


def _number(value):
    """Return ``value`` if it is a real number (not NaN, not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return None if isinstance(value, float) and math.isnan(value) else value


def _bright(value) -> list[str]:
    """Return the Bright Outlook categories of a cell (``|``-separated), or []."""
    return [p.strip() for p in value.split("|") if p.strip()] if isinstance(value, str) else []


def _jobs_in(G, org) -> list:
    """Return the job nodes that sit in organization ``org`` of G."""
    nodes = G._node
    return [j for j, edge in G._pred[org].items()
            if nodes[j].get("tier") == "job" and edge.get("relation") == "sits_in"]


def _reach(S, org):
    """Return what the jobs of ``org`` reach in S (a graph without lateral edges):
    (people per job, {profession: {"people", "jobs"}}, needs per profession, jobs per need).
    """
    jobs = _jobs_in(S, org)
    people_of = {j: _people(S.nodes[j].get("headcount", S.nodes[j].get("employment")))
                 for j in jobs}
    reach: dict[str, set] = {}
    per_prof: dict[str, dict] = {}
    needs_of_prof: dict[str, list] = {}
    for j in jobs:
        for p in S.successors(j):
            if S.nodes[p].get("tier") == "need" or p == org:
                continue
            if p not in needs_of_prof:
                needs_of_prof[p] = list(needs_served(S, p))
            entry = per_prof.setdefault(p, {"people": 0, "jobs": set()})
            entry["people"] += people_of[j]
            entry["jobs"].add(j)
            for need in needs_of_prof[p]:
                reach.setdefault(need, set()).add(j)
    return people_of, per_prof, needs_of_prof, reach


def organization_summary(G, org) -> dict:
    """Return what organization ``org`` of G serves, through whom, and where it is fragile.

    Parameters
    ----------
    G : networkx.DiGraph
        A graph holding the organization, such as `with_organization` returns.
    org : str
        The organization's node id.

    Returns
    -------
    dict
        Plain values only:

        - ``id``, ``label``, ``jobs`` (job nodes sitting in it), ``people`` (their
          headcount; a job without one counts as one person);
        - ``needs_served``: per need reached, in need order, ``need``, ``label``,
          ``people``, ``jobs`` and ``professions`` (labels, most people first);
        - ``needs_not_served``: ``need`` and ``label`` of each need reached by no job;
        - ``professions``: per profession drawn on, most people first: ``node``,
          ``label``, ``code``, ``people``, ``jobs``, ``growth_pct``, ``annual_openings``
          and ``bright_outlook`` (a list; None or [] where the data has none);
        - ``single_points``: jobs that are the only link to one or more needs: ``job``,
          ``label``, ``people``, ``needs`` (labels);
        - ``outlook``: ``people_known`` (people in professions with a projection),
          ``growth_pct`` (their people-weighted growth, or None), ``people_growing``,
          ``people_declining``, ``people_bright`` (in Bright Outlook professions).

    Notes
    -----
    One needs search per profession drawn on, from the graph without its lateral edges.
    """
    S = structural(G)
    people_of, per_prof, needs_of_prof, reach = _reach(S, org)
    jobs = list(people_of)
    professions = []
    for p, entry in per_prof.items():
        attrs = S.nodes[p]
        professions.append({
            "node": p, "label": label(S, p), "code": attrs.get("code") or "",
            "people": entry["people"], "jobs": len(entry["jobs"]),
            "growth_pct": _number(attrs.get("growth_pct")),
            "annual_openings": _number(attrs.get("annual_openings")),
            "bright_outlook": _bright(attrs.get("bright_outlook"))})
    professions.sort(key=lambda e: (-e["people"], e["label"]))
    rank = {e["node"]: i for i, e in enumerate(professions)}
    needs = []
    for need in sorted(reach, key=need_order):
        through = reach[need]
        profs = sorted({p for j in through for p in S.successors(j) if need in needs_of_prof.get(p, ())},
                       key=rank.get)
        needs.append({"need": need, "label": label(S, need),
                      "people": sum(people_of[j] for j in through), "jobs": len(through),
                      "professions": [label(S, p) for p in profs]})
    sole: dict[str, list[str]] = {}
    for need in sorted(reach, key=need_order):
        if len(reach[need]) == 1:
            sole.setdefault(next(iter(reach[need])), []).append(need)
    single = [{"job": j, "label": label(S, j), "people": people_of[j],
               "needs": [label(S, n) for n in ns]}
              for j, ns in sorted(sole.items(), key=lambda kv: (-len(kv[1]), label(S, kv[0])))]
    known = [(e["growth_pct"], e["people"]) for e in professions if e["growth_pct"] is not None]
    people_known = sum(w for _, w in known)
    outlook = {
        "people_known": people_known,
        "growth_pct": (round(sum(g * w for g, w in known) / people_known, 1)
                       if people_known else None),
        "people_growing": sum(w for g, w in known if g > 0),
        "people_declining": sum(w for g, w in known if g < 0),
        "people_bright": sum(e["people"] for e in professions if e["bright_outlook"]),
    }
    return {
        "id": org, "label": label(S, org), "jobs": len(jobs),
        "people": sum(people_of.values()),
        "needs_served": needs,
        "needs_not_served": [{"need": n, "label": NEED_BY_ID[n].label}
                             for n in NEED_IDS if n not in reach],
        "professions": professions,
        "single_points": single,
        "outlook": outlook,
    }


def organization_coverage(G, org) -> dict:
    """Return which needs organization ``org`` of G serves through which professions, and
    how many of its people that is: a need x profession grid.

    ``G`` and ``org`` are as in `organization_summary`.

    Returns
    -------
    dict
        Plain values only: ``id``, ``label``, ``people`` (all its people) and

        - ``professions``: per profession its jobs draw on, most people first: ``node``,
          ``label``, ``people``, ``jobs``;
        - ``needs``: per need, in need order (all 12, served or not): ``need``,
          ``label``, ``people`` and ``jobs`` reaching it (0 when none), and ``cells``, the
          people of each profession of ``professions`` (same order) through which the
          need is reached, None where that profession does not reach it.

    See Also
    --------
    organization_summary : the same reach, told as needs served, gaps and outlook.

    Notes
    -----
    One needs search per profession drawn on, from the graph without its lateral edges;
    the answer is remembered per graph (`graph.cache.GraphCache`) and handed out as a
    copy.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("family", {"tier": "need", "label": "Family"}),
    ...                   ("nanny", {"tier": "profession", "label": "Nannies"})])
    >>> G.add_edge("nanny", "family", relation="serves")
    >>> H = with_organization(G, "Acme", [("Nanny", "nanny", 4), ("Au pair", "nanny", 1)])
    >>> cov = organization_coverage(H, H.graph["organization"]["id"])
    >>> [(p["label"], p["people"], p["jobs"]) for p in cov["professions"]]
    [('Nannies', 5, 2)]
    >>> [(n["label"], n["people"], n["cells"]) for n in cov["needs"] if n["people"]]
    [('Family', 5, [5])]
    """
    return _remembered(G, ("coverage", org), lambda: _coverage(G, org))


#: Per graph: (what, organization) -> an answer about it, as JSON text (so that no caller
#: can change what the next one gets).
_MEMO = GraphCache(lambda G: {})


def _remembered(G, key, compute):
    """Return a fresh copy of ``compute()``, computed once per graph and ``key``."""
    memo = _MEMO.get(G)
    if key not in memo:
        memo[key] = json.dumps(compute())
    return json.loads(memo[key])


def _coverage(G, org) -> dict:
    """Return `organization_coverage`, computed."""
    S = structural(G)
    people_of, per_prof, needs_of_prof, reach = _reach(S, org)
    professions = sorted(({"node": p, "label": label(S, p), "people": e["people"],
                           "jobs": len(e["jobs"])} for p, e in per_prof.items()),
                         key=lambda e: (-e["people"], e["label"]))
    needs = []
    for need in NEED_IDS:
        through = reach.get(need, set())
        needs.append({"need": need, "label": NEED_BY_ID[need].label,
                      "people": sum(people_of[j] for j in through), "jobs": len(through),
                      "cells": [p["people"] if need in needs_of_prof[p["node"]] else None
                                for p in professions]})
    return {"id": org, "label": label(S, org), "people": sum(people_of.values()),
            "professions": professions, "needs": needs}


def organization_jobs(G, org) -> list[dict]:
    """Return the jobs of organization ``org`` of G, most people first: ``job``, ``label``,
    ``title`` (as written), ``people`` and ``professions`` (the nodes each draws on).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("nanny", "family")])
    >>> H = with_organization(G, "Acme", [("Nanny", "nanny", 4), ("Cook", "nanny", 9)])
    >>> [(j["title"], j["people"], j["professions"])
    ...  for j in organization_jobs(H, "your-organization")]
    [('Cook', 9, ['nanny']), ('Nanny', 4, ['nanny'])]

    Notes
    -----
    Linear in the organization's jobs; remembered per graph, as `organization_coverage`.
    """
    return _remembered(G, ("jobs", org), lambda: _jobs(G, org))


def _jobs(G, org) -> list[dict]:
    """Return `organization_jobs`, computed."""
    found = []
    for j in _jobs_in(G, org):
        attrs = G.nodes[j]
        found.append({"job": j, "label": label(G, j),
                      "title": attrs.get("title_as_written") or label(G, j),
                      "people": _people(attrs.get("headcount", attrs.get("employment"))),
                      "professions": [p for p, e in G.succ[j].items()
                                      if e.get("relation") == "draws_on"]})
    found.sort(key=lambda e: (-e["people"], e["title"].casefold(), e["job"]))
    return found
