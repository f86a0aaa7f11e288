"""Skills of a move: how much two profiles overlap, and what the target needs much more.

Profiles are O*NET's importance (1-5) of each skill and knowledge element, as
`graph.profiles.skill_profile` finds them (``G.graph["skills"]``, by the node's code).
`overlap` is `graph.profiles.skill_overlap` (the cosine of two profiles taken relative to the
data folder's mean profile) computed from unit vectors cached per graph, since one
profession is compared with dozens of others.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph(skills={"43-4051": {("skill", "Speaking"): 3.9, ("skill", "Negotiation"): 2.0},
...                        "11-3012": {("skill", "Speaking"): 4.1, ("skill", "Negotiation"): 3.6},
...                        "51-4121": {("skill", "Speaking"): 1.1, ("skill", "Negotiation"): 1.0}})
>>> G.add_node("clerk", code="43-4051"); G.add_node("manager", code="11-3012")
>>> skill_gaps(G, "clerk", "manager"), overlap(G, "clerk", "manager")  # both speak more than a welder
((Gap(element='Negotiation', kind='skill', current=2.0, target=3.6, gap=1.6),), 0.412)
"""

from __future__ import annotations

import heapq
import math
import operator
from dataclasses import dataclass

from ..cache import GraphCache
from ..profiles import IMPORTANCE_FLOOR, element_means, skill_overlap, skill_profile

__all__ = ["GAPS_SHOWN", "GAP_MIN", "Gap", "overlap", "skill_gaps"]

#: Smallest difference of importance (on the 1-5 scale) that counts as a gap.
GAP_MIN = 0.5
#: How many gaps a move lists.
GAPS_SHOWN = 3


@dataclass(frozen=True)
class Gap:
    """An element a move's target needs much more than the current profession.

    ``current`` and ``target`` are the importances (1-5; 1 where a profile lacks the
    element), ``gap`` their difference.
    """

    element: str
    kind: str
    current: float
    target: float
    gap: float

    def as_dict(self) -> dict:
        """Return the gap as JSON-able data."""
        return {"element": self.element, "kind": self.kind, "current": self.current,
                "target": self.target, "gap": self.gap}


@dataclass(frozen=True)
class _Dense:
    """Every profile of a graph as tuples over one order of elements (``keys``): ``level``
    the importance (the floor where a profile lacks the element), ``unit`` the profile
    minus the mean profile (`graph.profiles.element_means`), divided by its length."""

    keys: tuple
    level: dict
    unit: dict


def _dense(G) -> _Dense:
    """Return `_Dense` of G's profiles (empty profiles left out)."""
    table = G.graph.get("skills") or {}
    means = element_means(G)
    keys = tuple(means)
    level, unit = {}, {}
    for code, elements in table.items():
        if not elements:
            continue
        level[code] = tuple(float(elements.get(k, IMPORTANCE_FLOOR)) for k in keys)
        diff = [v - means[k] for v, k in zip(level[code], keys)]
        norm = math.sqrt(sum(d * d for d in diff))
        if norm:
            unit[code] = tuple(d / norm for d in diff)
    return _Dense(keys, level, unit)


_DENSE = GraphCache(_dense)


def _code(G, node) -> str:
    return str(G.nodes[node].get("code") or "")


def overlap(G, a, b) -> float | None:
    """Return `graph.profiles.skill_overlap` of two nodes, rounded to 3 decimals.

    Nodes whose code has a profile are compared through unit vectors cached per graph;
    any other node (a job, whose profile is its professions' mean) as
    `graph.profiles.skill_overlap` compares them.

    Notes
    -----
    The first call on a graph turns every profile into a vector of unit length over one
    order of elements (linear in ``G.graph["skills"]``, cached); then one dot product of
    about 70 elements, in C.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph(skills={"a": {("skill", "x"): 3.0, ("skill", "y"): 4.0},
    ...                        "b": {("skill", "x"): 4.0, ("skill", "y"): 3.0},
    ...                        "w": {("skill", "x"): 1.0, ("skill", "y"): 1.0}})
    >>> G.add_node("a", code="a"); G.add_node("b", code="b"); G.add_node("c")
    >>> overlap(G, "a", "b"), overlap(G, "a", "c")  # mean (8/3, 8/3): (1/3, 4/3) . (4/3, 1/3) / (17/9) = 8/17
    (0.471, None)
    """
    unit = _DENSE.get(G).unit
    ua, ub = unit.get(_code(G, a)), unit.get(_code(G, b))
    if ua is None or ub is None:
        found = skill_overlap(G, a, b)
        return None if found is None else round(found, 3)
    return round(max(0.0, min(1.0, sum(map(operator.mul, ua, ub)))), 3)


def skill_gaps(G, current, target, n: int = GAPS_SHOWN, minimum: float = GAP_MIN) -> tuple:
    """Return the elements `target` needs much more than `current`, biggest gap first.

    Parameters
    ----------
    G : networkx.DiGraph
    current, target : str
        Node ids: where a person is, and where the move goes.
    n : int
        Most gaps returned.
    minimum : float
        Smallest difference of importance (1-5) that counts as a gap.

    Returns
    -------
    tuple of Gap
        Ties by element name; empty when either node has no profile.

    See Also
    --------
    graph.profiles.skill_overlap : the whole profiles compared in one number.

    Notes
    -----
    One subtraction of two cached vectors (about 70 elements, in C; see `overlap`), then
    the few gaps found are ranked.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph(skills={"a": {("skill", "x"): 2.0, ("skill", "y"): 4.0},
    ...                        "b": {("skill", "x"): 4.5, ("skill", "y"): 4.2,
    ...                              ("knowledge", "z"): 3.0}})
    >>> G.add_node("a", code="a"); G.add_node("b", code="b")
    >>> [(g.element, g.gap) for g in skill_gaps(G, "a", "b")]
    [('x', 2.5), ('z', 2.0)]
    >>> skill_gaps(G, "b", "a")
    ()
    """
    dense = _DENSE.get(G)
    have, need = dense.level.get(_code(G, current)), dense.level.get(_code(G, target))
    if have is not None and need is not None:
        keys = dense.keys
        found = [(-round(d, 2), keys[i][1], keys[i][0], need[i], have[i])
                 for i, d in enumerate(map(operator.sub, need, have)) if d >= minimum - 1e-9]
    else:  # a node without a profile of its own (a job): its professions' mean
        mine, theirs = skill_profile(G, current), skill_profile(G, target)
        if not mine or not theirs:
            return ()
        found = [(-round(v - h, 2), k[1], k[0], v, h) for k, v in theirs.items()
                 if v - (h := mine.get(k, IMPORTANCE_FLOOR)) >= minimum - 1e-9]
    best = heapq.nsmallest(n, (f for f in found if -f[0] >= minimum))  # biggest, then by name
    return tuple(Gap(element, kind, float(h), float(v), -gap) for gap, element, kind, v, h in best)
