"""The need membership index of a Web of Work graph: the needs each node reaches, and the
groups of nodes by (tier, needs reached) that the filters and coverage read.

`need_index` gives every node a bitmask of the need nodes it has a directed path to,
and sorts the nodes into groups by (tier, mask). It costs one linear pass over the edges
(successors first, in the tier order valid data follows; a general fixpoint otherwise)
and is cached by graph identity (weakly, so it vanishes with the graph), rebuilt when
the graph's node count or checksum changes.

Lateral edges (`graph.schema.LATERAL_RELATIONS`, such as ``related_to``) lead nowhere near
the needs: the index is that of `graph.cache.structural` of its graph, the graph without
them. `graph.views` builds filtered views from the groups (`graph.views.select`).

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("teller", "bank"), ("bank", "economic-security"), ("cook", "leisure")])
>>> nx.set_node_attributes(G, {"teller": "job", "bank": "organization", "cook": "job",
...                            "economic-security": "need", "leisure": "need"}, "tier")
>>> for (_, tier, mask), nodes in need_index(G).groups.items():  # tier order, needs first
...     print(tier, bin(mask), nodes)
need 0b1 ['economic-security']
need 0b10 ['leisure']
organization 0b1 ['bank']
job 0b1 ['teller']
job 0b10 ['cook']
"""

from __future__ import annotations

from dataclasses import dataclass

from .cache import GraphCache, structural
from .resolve import need_order
from .schema import BRIDGED_PAIRS, STRUCTURAL_PAIRS, TIER_IDS, tier_rank

__all__ = ["NeedIndex", "need_index"]


@dataclass(frozen=True)
class NeedIndex:
    """Need membership of every node of one graph, computed once per graph (`need_index`)."""

    tier: dict  # node -> tier id ("" when missing)
    mask: dict  # node -> bitmask of the need nodes it reaches
    bit: dict  # need node -> its bit
    groups: dict  # (tier rank, tier, mask) -> list of nodes in graph order
    gid: dict  # node -> number of its group (position in ``groups``)
    tier_pairs: frozenset  # (source tier, target tier) pairs edges may join
    tiers: frozenset  # tier ids present
    acyclic: bool  # True when the graph is known to have no directed cycle


#: Tier order in which every node's successors come before it in valid data (industries
#: among themselves are ordered separately, along ``part_of``).
_PULL_ORDER = ("need", "industry", "profession", "organization", "job")
_SCHEMA_PAIRS = STRUCTURAL_PAIRS | BRIDGED_PAIRS


def _industry_order(succ, industries: list) -> list:
    """Return industries ordered so that each comes after the industries it is part of."""
    inside = set(industries)
    done: dict = {}
    order = []
    for root in industries:
        if root in done:
            continue
        stack = [(root, iter(succ[root]))]
        done[root] = False
        while stack:
            node, it = stack[-1]
            for s in it:
                if s in inside and s not in done:
                    done[s] = False
                    stack.append((s, iter(succ[s])))
                    break
            else:
                stack.pop()
                done[node] = True
                order.append(node)
    return order


def _need_masks(G, tier: dict, bit: dict) -> tuple[dict, bool]:
    """Return node -> bitmask of the need nodes it has a directed path to, and whether
    G is known to be acyclic (every edge went to a node already done in the one pass)."""
    succ, pred = G._succ, G._pred
    by_tier: dict = {}
    for n, t in tier.items():
        by_tier.setdefault(t, []).append(n)
    if set(by_tier) <= set(_PULL_ORDER):
        # one pass, successors first: OR the successors' masks (linear in the edges)
        mask: dict = {}
        ordered = [by_tier.get("need", []), _industry_order(succ, by_tier.get("industry", [])),
                   *(by_tier.get(t, []) for t in _PULL_ORDER[2:])]
        complete = True
        for nodes in ordered:
            for n in nodes:
                m = bit.get(n, 0)
                for s in succ[n]:
                    ms = mask.get(s)
                    if ms is None:  # a successor not done yet: the data breaks the tier order
                        complete = False
                        break
                    m |= ms
                mask[n] = m
            if not complete:
                break
        if complete:
            return mask, True
    # general case: push each need's bit back along predecessors until nothing changes
    mask = dict.fromkeys(tier, 0)
    stack = []
    for n, b in bit.items():
        mask[n] = b
        stack.append(n)
    while stack:
        n = stack.pop()
        m = mask[n]
        for p in pred[n]:
            pm = mask[p]
            if pm | m != pm:
                mask[p] = pm | m
                stack.append(p)
    return mask, False


def _build_index(G) -> NeedIndex:
    """Compute tiers, need bitmasks and the groups of nodes by (tier, mask)."""
    tier = {n: (t or "") for n, t in G.nodes(data="tier", default="")}
    needs = sorted((n for n, t in tier.items() if t == "need"), key=need_order)
    bit = {n: 1 << i for i, n in enumerate(needs)}
    mask, acyclic = _need_masks(G, tier, bit)
    groups: dict = {}
    for n, t in tier.items():
        groups.setdefault((t, mask[n]), []).append(n)
    groups = {(tier_rank(t), t, m): nodes for (t, m), nodes in groups.items()}
    tiers = frozenset(t for _, t, _ in groups)
    if tiers <= set(TIER_IDS):
        pairs = _SCHEMA_PAIRS  # the builder only accepts these (the bridged ones on exports)
    else:  # unknown tiers: any pair may occur
        pairs = frozenset((a, b) for a in tiers for b in tiers)
    groups = dict(sorted(groups.items()))
    gid: dict = {}
    for i, nodes in enumerate(groups.values()):
        gid.update(dict.fromkeys(nodes, i))
    return NeedIndex(tier, mask, bit, groups, gid, pairs, tiers, acyclic)


_INDEXES = GraphCache(_build_index)


def need_index(G) -> NeedIndex:
    """Return the need membership index of G: each node's tier, the needs it reaches, groups.

    Parameters
    ----------
    G : networkx.DiGraph

    Returns
    -------
    NeedIndex
        Shared by every caller: read-only.

    See Also
    --------
    graph.views.select : the groups a filter keeps, read from this index.
    graph.query.need_web, graph.query.coverage : queries answered from it.

    Notes
    -----
    Built on first use by one linear pass over the edges (lateral ones left out: it is the
    index of `graph.cache.structural` of G, shared by both), then cached by graph identity
    (weakly) and rebuilt when the node count or checksum of G changes: later calls cost a
    dict lookup.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("nurse", "health"), ("ward-nurse", "nurse"), ("chef", "leisure")])
    >>> G.nodes["health"]["tier"] = G.nodes["leisure"]["tier"] = "need"
    >>> idx = need_index(G)
    >>> idx.mask["ward-nurse"] == idx.bit["health"], idx.mask["chef"] == idx.bit["leisure"]
    (True, True)
    >>> need_index(G) is idx
    True
    """
    return _INDEXES.get(structural(G))
