"""The "+N" groups of a folded view: the members of one tier left out under one drawn
node (`Group`), the group's element id (`group_id`, `parse_group_id`), and a graph drawn
with one node per group (`fold_graph`).

A fold (`graph.aggregate.aggregate`) draws what fits of a view too big to draw and counts
the rest in groups hanging off their nearest drawn ancestor: "+83 professions" under a
sector, "+12 industries" under a profession.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.adjacency import graph_of
from graph.schema import TIER_BY_ID, TIER_NOUNS

__all__ = ["GROUP_PREFIX", "Group", "fold_graph", "group_id", "parse_group_id"]

#: Prefix of a group's id: "group:ANCHOR:TIER" (node ids are slugs, so ":" cannot clash).
GROUP_PREFIX = "group:"


def group_id(anchor: str | None, tier: str) -> str:
    """Return the id of the group of ``tier`` members under ``anchor`` (None: the top level).

    Examples
    --------
    >>> group_id("chef", "job"), parse_group_id(group_id(None, "job"))
    ('group:chef:job', (None, 'job'))
    """
    return f"{GROUP_PREFIX}{anchor or ''}:{tier}"


def parse_group_id(value) -> tuple[str | None, str] | None:
    """Return (anchor, tier) of a group id, or None when ``value`` is not one."""
    if not isinstance(value, str) or not value.startswith(GROUP_PREFIX):
        return None
    anchor, sep, tier = value[len(GROUP_PREFIX):].rpartition(":")
    if not sep or tier not in TIER_BY_ID:
        return None
    return (anchor or None), tier


@dataclass(frozen=True)
class Group:
    """Members of one tier left out under one drawn node (or at the top level).

    Attributes
    ----------
    anchor : str or None
        The drawn node they hang from (their parent), or None for roots left out.
    tier : str
        Tier of the members.
    members : tuple of str
        The members not drawn, heaviest first.
    hidden : int
        Nodes not drawn in all under this group: the members and what hangs from them.
    drawn : int
        Members of the same anchor and tier that are drawn.
    """

    anchor: str | None
    tier: str
    members: tuple[str, ...]
    hidden: int
    drawn: int = 0

    @property
    def id(self) -> str:
        """The group's element id, see `group_id`."""
        return group_id(self.anchor, self.tier)

    @property
    def count(self) -> int:
        """Number of members left out."""
        return len(self.members)

    @property
    def label(self) -> str:
        """Short label, e.g. "+83 professions"."""
        one, many = TIER_NOUNS.get(self.tier, (self.tier, self.tier))
        return f"+{self.count:,} {one if self.count == 1 else many}"


def fold_graph(G, groups) -> nx.DiGraph:
    """Return a copy of G with one node and one link per group, for layouts and drawing.

    Group nodes carry ``tier`` (their members'), ``group=True``, ``label`` and ``count``;
    each is linked to its anchor with relation ``grouped``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure")])
    >>> H = fold_graph(G, [Group(anchor="chef", tier="job", members=("cook",), hidden=1)])
    >>> sorted(H.edges(data="relation"))
    [('chef', 'leisure', None), ('group:chef:job', 'chef', 'grouped')]
    """
    if type(getattr(G, "_succ", None)) is dict and type(getattr(G, "_node", None)) is dict:
        edges = ((u, v) for u, nbrs in G._succ.items() for v in nbrs)
        H = graph_of((G._succ, G._pred, G._node), G._succ, edges, G.graph)
    else:  # a view: read through its public API
        H = nx.DiGraph(G)
    for g in groups:
        H.add_node(g.id, tier=g.tier, group=True, label=g.label, count=g.count)
        if g.anchor is not None:
            H.add_edge(g.id, g.anchor, relation="grouped")
    return H
