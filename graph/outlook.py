"""Projected growth of every node, and of each need x tier cell, weighted by employment.

Only professions carry a BLS projection (``growth_pct``, 2024-34). The other work tiers
take theirs from the professions they link to: an industry the employment-weighted
growth of the professions practised in it (weights: the link's OEWS ``employment``), a
job the mean growth of the professions it draws on, an organization the mean of its
industries'. `growth_coverage` then gives, for each need and work tier, the growth of the
nodes of that tier that reach the need, weighted by their employment (a profession's
``employment``, an industry's employment in the professions with a projection); where
none of them has an employment figure, the plain mean.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("health", tier="need")
>>> G.add_node("rn", tier="profession", growth_pct=5.0, employment=300)
>>> G.add_node("lpn", tier="profession", growth_pct=-1.0, employment=100)
>>> G.add_node("hosp", tier="industry")
>>> G.add_edges_from([("rn", "health"), ("lpn", "health"), ("hosp", "health")])
>>> G.add_edge("rn", "hosp", employment=100)
>>> G.add_edge("lpn", "hosp", employment=100)
>>> node_growth(G)["hosp"]
(2.0, 200)
>>> cells = growth_coverage(G)
>>> cells["health", "profession"]
Cell(growth=3.5, weight=400.0, nodes=2, weighted=True)
>>> cells["health", "industry"].growth, cells.get(("health", "job"))
(2.0, None)
"""

from __future__ import annotations

from typing import NamedTuple

from graph.needindex import need_index
from graph.schema import WORK_TIERS

__all__ = ["Cell", "growth_coverage", "node_growth"]


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _mean(pairs) -> tuple[float | None, float | None]:
    """Return the weighted mean of (value, weight) pairs and the total weight; the plain
    mean and None when no pair has a positive weight; (None, None) for no pairs."""
    pairs = list(pairs)
    if not pairs:
        return None, None
    weighted = [(g, w) for g, w in pairs if w]
    if weighted:
        total = sum(w for _, w in weighted)
        return sum(g * w for g, w in weighted) / total, total
    return sum(g for g, _ in pairs) / len(pairs), None


def node_growth(G) -> dict:
    """Return node -> (projected growth in percent, weight) for every work node that has one.

    The weight is the employment the figure stands for (None when unknown): a
    profession's own ``employment``; for an industry, the employment of its links from
    professions with a projection. See the module docstring for each tier.

    Notes
    -----
    One pass over the professions' out-links, then over the jobs' and organizations':
    O(n + m).
    """
    attrs = G.nodes
    out: dict = {}
    for n, a in G.nodes(data=True):
        if a.get("tier") == "profession" and (g := _number(a.get("growth_pct"))) is not None:
            w = _number(a.get("employment"))
            out[n] = (float(g), w if w and w > 0 else None)
    linked: dict = {}
    for p, (g, _) in list(out.items()):
        for m in G.successors(p):
            if attrs[m].get("tier") == "industry":
                w = _number(G.edges[p, m].get("employment"))
                linked.setdefault(m, []).append((g, w if w and w > 0 else None))
    for m, pairs in linked.items():
        out[m] = _mean(pairs)
    later = {"job": "profession", "organization": "industry"}
    for n, a in G.nodes(data=True):
        source = later.get(a.get("tier"))
        if source:
            pairs = [(out[m][0], None) for m in G.successors(n)
                     if attrs[m].get("tier") == source and m in out]
            if pairs:
                out[n] = _mean(pairs)
    return out


class Cell(NamedTuple):
    """The growth of one need x tier cell: the (weighted) mean, the employment it weighs,
    how many nodes have a figure, and whether it is employment-weighted."""

    growth: float
    weight: float | None
    nodes: int
    weighted: bool


def growth_coverage(G, figures: dict | None = None) -> dict:
    """Return (need, work tier) -> `Cell` for each cell with at least one node that has a
    projected growth (`node_growth`, or ``figures`` when given).

    The nodes of a cell are those of the tier with a directed path to the need (as
    `graph.query.coverage` counts them).

    Notes
    -----
    Sums each group of the cached need membership index (`graph.needindex.need_index`) once,
    then adds it to each need its mask holds: O(n + groups x needs).
    """
    figures = node_growth(G) if figures is None else figures
    idx = need_index(G)
    sums: dict = {}
    for (_, tier, mask), nodes in idx.groups.items():
        if tier not in WORK_TIERS or not mask:
            continue
        known = [figures[n] for n in nodes if n in figures]
        if not known:
            continue
        part = (sum(g * w for g, w in known if w), sum(w for _, w in known if w),
                sum(g for g, _ in known), len(known))
        for need, b in idx.bit.items():
            if mask & b:
                s = sums.setdefault((need, tier), [0.0, 0.0, 0.0, 0])
                for i, v in enumerate(part):
                    s[i] += v
    cells = {}
    for key, (gw, w, g, n) in sums.items():
        if w:
            cells[key] = Cell(round(gw / w, 4), w, n, True)
        else:
            cells[key] = Cell(round(g / n, 4), None, n, False)
    return cells
