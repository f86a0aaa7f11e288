"""Two or three nodes side by side: what each is, serves, pays and needs, and what they share.

`compare` gathers, for each node, its tier, code, the needs it serves, its wage, projected
growth, annual openings, Job Zone, typical entry education and top skills; which needs
not all of them serve; and for each pair the overlap of their skill profiles
(`graph.profiles.skill_overlap`) and their shared neighbours. `compare_csv` writes the
compared rows as CSV, with formula cells guarded as in the CSV zip export.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("family", tier="need", label="Family")
>>> G.add_node("health", tier="need", label="Health")
>>> G.add_node("nurse", tier="profession", label="Nurse", growth_pct=5.2, median_wage=93600)
>>> G.add_node("doula", tier="profession", label="Doula", growth_pct="")
>>> G.add_node("clinic", tier="industry", label="Clinic")
>>> G.add_edges_from([("nurse", "health"), ("nurse", "family"), ("doula", "family"),
...                   ("nurse", "clinic"), ("doula", "clinic")])
>>> c = compare(G, ["nurse", "doula"])
>>> [(r["id"], r["needs"], r["growth_pct"]) for r in c["nodes"]]
[('nurse', ['family', 'health'], 5.2), ('doula', ['family'], None)]
>>> c["needs_differ"], c["pairs"][0]["shared_neighbours"]
(['health'], ['clinic', 'family'])
"""

from __future__ import annotations

from itertools import combinations

from graph.errors import WebOfWorkError
from graph.export.csvzip import _csv_bytes, _csv_cell  # the one guard of formula cells
from graph.profiles import skill_overlap, top_skills
from graph.query import needs_served
from graph.resolve import label
from graph.schema import NEED_IDS

__all__ = ["CSV_COLUMNS", "MAX_COMPARED", "CompareError", "compare", "compare_csv",
           "compare_rows"]

#: Most nodes compared at once: a side-by-side view stays readable up to three.
MAX_COMPARED = 3
#: Most shared neighbours listed per pair (the count says how many there are).
SHARED_SHOWN = 20
#: Skills listed per node.
TOP_SKILLS = 5
#: Figures read from the node's attributes, as they are named there.
FIGURES = ("employment", "median_wage", "bls_median_wage", "growth_pct", "annual_openings",
           "job_zone")
TEXTS = ("education", "bright_outlook")


class CompareError(WebOfWorkError, ValueError):
    """Raised when the nodes to compare are not 1 to `MAX_COMPARED` distinct nodes of G."""


def _number(value):
    """Return an int or float attribute as it is, anything else (blank, text) as None."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _neighbours(G, node) -> set:
    """Return the nodes linked to ``node`` either way."""
    return set(G.predecessors(node)) | set(G.successors(node))


def compare(G, nodes, top: int = TOP_SKILLS) -> dict:
    """Return the side-by-side comparison of ``nodes`` (1 to `MAX_COMPARED` node ids).

    Parameters
    ----------
    G : networkx.DiGraph
        The graph; not changed.
    nodes : sequence of str
        The nodes, in the order they are shown.
    top : int
        Skills listed per node.

    Returns
    -------
    dict
        ``nodes``: one dict per node, in order, with ``id``, ``label``, ``tier``, ``code``
        (None when blank), ``needs`` (need ids it serves, in schema order), the figures
        ``employment``, ``median_wage`` (OEWS), ``bls_median_wage``, ``growth_pct``,
        ``annual_openings``, ``job_zone`` (None when unknown), ``education`` and
        ``bright_outlook`` (None when blank) and ``top_skills`` (``[kind, element,
        importance]`` lists, most important first). ``needs_differ``: the needs some but
        not all of them serve. ``pairs``: for each pair, ``a``, ``b``, ``skill_overlap``
        (cosine 0-1, None without profiles), ``shared_neighbours`` (ids, by label, at most
        `SHARED_SHOWN`) and ``shared_count``.

    Raises
    ------
    CompareError
        If a node is not in G, is named twice, or there are none or more than
        `MAX_COMPARED`.

    See Also
    --------
    graph.profiles.skill_overlap : the overlap of a pair.
    compare_rows, compare_csv : the same as flat rows and CSV.

    Notes
    -----
    One `graph.query.needs_served` per node (cached need index) plus the neighbours and
    profiles of each pair: O(k^2 (d + p)) for k nodes of degree d and profiles of p
    elements.
    """
    nodes = list(nodes)
    if not 1 <= len(nodes) <= MAX_COMPARED:
        raise CompareError(f"compare takes 1 to {MAX_COMPARED} nodes, not {len(nodes)}")
    missing = [n for n in nodes if n not in G]
    if missing:
        raise CompareError(f"not a node of the graph: {', '.join(map(str, missing))}")
    if len(set(nodes)) != len(nodes):
        raise CompareError("a node is named twice")
    rows = []
    for n in nodes:
        attrs = G.nodes[n]
        served = needs_served(G, n) if attrs.get("tier") != "need" else {n: [n]}
        rows.append({
            "id": n, "label": label(G, n), "tier": attrs.get("tier") or None,
            "code": attrs.get("code") or None,
            "needs": [k for k in NEED_IDS if k in served] + sorted(set(served) - set(NEED_IDS)),
            **{f: _number(attrs.get(f)) for f in FIGURES},
            **{t: (str(attrs[t]) if attrs.get(t) not in (None, "") else None) for t in TEXTS},
            "top_skills": [list(s) for s in top_skills(G, n, top)],
        })
    every = [set(r["needs"]) for r in rows]
    union, common = set().union(*every), set.intersection(*every)
    differ = [k for k in NEED_IDS if k in union - common] + sorted(union - common - set(NEED_IDS))
    pairs = []
    for a, b in combinations(nodes, 2):
        shared = sorted(_neighbours(G, a) & _neighbours(G, b) - {a, b},
                        key=lambda m: (label(G, m).casefold(), str(m)))
        overlap = skill_overlap(G, a, b)
        pairs.append({"a": a, "b": b,
                      "skill_overlap": None if overlap is None else round(overlap, 3),
                      "shared_neighbours": shared[:SHARED_SHOWN], "shared_count": len(shared)})
    return {"nodes": rows, "needs_differ": differ, "pairs": pairs}


#: Columns of the compared rows (`compare_rows`, `compare_csv`), in order.
CSV_COLUMNS = ("id", "label", "tier", "code", "needs", *FIGURES, *TEXTS, "top_skills",
               "skill_overlap")


def compare_rows(result: dict) -> list[dict]:
    """Return one flat row per compared node: needs and skills joined by ``|``, and
    ``skill_overlap`` as ``OTHER=0.812|...`` (its overlap with each other node).

    Examples
    --------
    >>> r = {"nodes": [{"id": "a", "needs": ["family"], "top_skills": [["skill", "Math", 4.0]]},
    ...                {"id": "b", "needs": [], "top_skills": []}],
    ...      "pairs": [{"a": "a", "b": "b", "skill_overlap": 0.5}]}
    >>> [(row["needs"], row["top_skills"], row["skill_overlap"]) for row in compare_rows(r)]
    [('family', 'Math', 'b=0.5'), ('', '', 'a=0.5')]
    """
    rows = []
    for node in result["nodes"]:
        overlaps = []
        for p in result.get("pairs", ()):
            if node["id"] in (p["a"], p["b"]) and p.get("skill_overlap") is not None:
                other = p["b"] if p["a"] == node["id"] else p["a"]
                overlaps.append(f"{other}={p['skill_overlap']:g}")
        row = {c: node.get(c) for c in CSV_COLUMNS}
        row.update(needs="|".join(node.get("needs") or ()),
                   top_skills="|".join(s[1] for s in node.get("top_skills") or ()),
                   skill_overlap="|".join(overlaps))
        rows.append(row)
    return rows


def compare_csv(G, nodes) -> bytes:
    """Return the compared rows of ``nodes`` as UTF-8 CSV (`CSV_COLUMNS`), cells that a
    spreadsheet would run as a formula prefixed with ``'`` as in the CSV zip export.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("x", tier="profession", label="=HYPERLINK(1)", median_wage=50000)
    >>> compare_csv(G, ["x"]).decode().splitlines()[1]
    "x,'=HYPERLINK(1),profession,,,,50000,,,,,,,,"
    """
    rows = compare_rows(compare(G, nodes))
    return _csv_bytes(list(CSV_COLUMNS), ([_csv_cell(r[c]) for c in CSV_COLUMNS] for r in rows))
