"""Skill and knowledge profiles of nodes, and how much two profiles overlap.

A profile is O*NET's importance (1-5) of each skill and knowledge element for an
occupation, as the data folder's ``skills.csv`` gives it and `graph.build` keeps it in
``G.graph["skills"]``: ``{soc_code: {(kind, element): importance}}``. A profession has
the profile of its code; a job, which carries no code of its own, the mean profile of the
professions it draws on.

Overlap compares what sets two occupations apart, not what every occupation needs: each
profile is taken relative to the mean profile of all the occupations of the data folder
(an element missing from a profile counts as the floor of the scale, 1), and the overlap
is the cosine of those two differences, 0 when they point apart (1 = the same emphasis,
0 = nothing distinctive in common). The plain cosine of O*NET profiles is 0.93-1.0 for
nearly any pair (Registered Nurses against Welders: 0.93), since every occupation rates
Speaking or Reading Comprehension as important; the centred one gives Nurse
Practitioners 0.96, Licensed Practical Nurses 0.86, Software Developers 0.33, Welders 0.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph(skills={"1": {("skill", "Writing"): 4.0, ("skill", "Math"): 2.0},
...                        "2": {("skill", "Writing"): 2.0, ("skill", "Math"): 4.0},
...                        "3": {("skill", "Writing"): 4.0, ("skill", "Math"): 3.0}})
>>> G.add_node("a", tier="profession", code="1")
>>> G.add_node("b", tier="profession", code="2")
>>> G.add_node("d", tier="profession", code="3")
>>> G.add_node("c", tier="job")
>>> G.add_edge("c", "a", relation="draws_on")
>>> element_means(G)  # the mean profile: what sets an occupation apart is measured from it
{('skill', 'Math'): 3.0, ('skill', 'Writing'): 3.333...}
>>> skill_overlap(G, "a", "b"), round(skill_overlap(G, "a", "d"), 3), skill_overlap(G, "a", "c")
(0.0, 0.555, 1.0)
>>> top_skills(G, "b", 1), skill_profile(G, "zzz")
([('skill', 'Math', 4.0)], {})
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .cache import GraphCache

__all__ = ["IMPORTANCE_FLOOR", "centred", "cosine", "element_means", "skill_overlap",
           "skill_profile", "top_skills"]

#: The floor of O*NET's importance scale ("not important"): what a missing element counts.
IMPORTANCE_FLOOR = 1.0


def _element_means(G) -> dict:
    """Return the mean importance of each element over every profile of ``G.graph["skills"]``."""
    table = G.graph.get("skills") or {}
    keys = sorted({key for elements in table.values() for key in elements})
    if not table:
        return {}
    return {k: sum(float(p.get(k, IMPORTANCE_FLOOR)) for p in table.values()) / len(table)
            for k in keys}


_MEANS = GraphCache(_element_means)


def element_means(G) -> dict:
    """Return the mean profile of the data folder, ``{(kind, element): importance}``: the mean
    over every code of ``G.graph["skills"]`` (a missing element counting as 1).

    Notes
    -----
    Linear in ``G.graph["skills"]`` on the first call for a graph, then cached.

    See Also
    --------
    centred : a profile relative to this mean.
    """
    return _MEANS.get(G)


def centred(G, profile: Mapping) -> dict:
    """Return ``profile`` minus the mean profile (`element_means`), over every element of the
    data folder (a missing element counting as 1)."""
    return {k: float(profile.get(k, IMPORTANCE_FLOOR)) - m
            for k, m in element_means(G).items()}


def skill_profile(G, node) -> dict:
    """Return the node's skill and knowledge profile, ``{(kind, element): importance}``.

    A node with a ``code`` found in ``G.graph["skills"]`` has that profile; a job without
    one the mean of the profiles of the professions it draws on (its successors by
    ``draws_on``); anything else, or a graph without skills, an empty dict.

    Notes
    -----
    O(p) for a profile of p elements (a job: the sum over its professions).

    See Also
    --------
    skill_overlap : the cosine of two profiles.
    """
    table = G.graph.get("skills") or {}
    if node not in G:
        return {}
    attrs = G.nodes[node]
    own = table.get(str(attrs.get("code") or ""))
    if own:
        return dict(own)
    if attrs.get("tier") != "job":
        return {}
    drawn = [table[c] for m in G.successors(node)
             if G.edges[node, m].get("relation") == "draws_on"
             and (c := str(G.nodes[m].get("code") or "")) in table]
    if not drawn:
        return {}
    keys = {k for p in drawn for k in p}
    return {k: sum(p.get(k, 0.0) for p in drawn) / len(drawn) for k in sorted(keys)}


def cosine(p: Mapping, q: Mapping) -> float | None:
    """Return the cosine of two profiles (keys missing from one count as 0); None when
    either is empty or all zero.

    Examples
    --------
    >>> cosine({"x": 1.0}, {"y": 1.0}), cosine({"x": 3.0}, {"x": 1.0}), cosine({}, {"x": 1})
    (0.0, 1.0, None)
    """
    norm_p = math.sqrt(sum(v * v for v in p.values()))
    norm_q = math.sqrt(sum(v * v for v in q.values()))
    if not norm_p or not norm_q:
        return None
    small, big = (p, q) if len(p) <= len(q) else (q, p)
    dot = sum(v * big.get(k, 0.0) for k, v in small.items())
    return min(1.0, dot / (norm_p * norm_q))


def skill_overlap(G, a, b) -> float | None:
    """Return how much the skill profiles of nodes ``a`` and ``b`` overlap (0-1), or None
    when either has no profile: the cosine of the two profiles taken relative to the mean
    profile (`centred`), 0 when negative.

    Notes
    -----
    O(e) for e elements in the data folder, after the mean profile is cached.

    See Also
    --------
    skill_profile : what a node's profile is.
    centred : a profile relative to the data folder's mean.
    """
    pa, pb = skill_profile(G, a), skill_profile(G, b)
    if not pa or not pb:
        return None
    found = cosine(centred(G, pa), centred(G, pb))
    return None if found is None else max(0.0, found)


def top_skills(G, node, n: int = 5, kind: str | None = None) -> list[tuple[str, str, float]]:
    """Return the ``n`` most important elements of the node's profile as (kind, element,
    importance), most important first (ties by name); only ``kind`` ("skill" or
    "knowledge") when given."""
    items = [(k, e, v) for (k, e), v in skill_profile(G, node).items() if kind in (None, k)]
    items.sort(key=lambda x: (-x[2], x[1], x[0]))
    return items[:max(0, n)]
