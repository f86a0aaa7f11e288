"""The tree a folded view is drawn from (`Plan`, built by `plan`): each node's parent one
step nearer the view's roots (the needs, or the focused node), its children heaviest
first (most people employed), and the size of what hangs from it.

It depends on the graph, roots, focus and ranking only, not on the element cap or the
groups asked for, so a view builds it once and folds it many ways
(`graph.aggregate.fold_plan`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from graph.adjacency import adjacency
from graph.cache import structural
from graph.linkrank import (NO_KEY, edge_key, heaviest_children, node_facts, node_weight,
                            order_positions, ranked_links)
from graph.schema import tier_rank

__all__ = ["Plan", "plan"]


def _tree(adj, roots, undirected: bool, order: dict, links=None) -> tuple:
    """Return (parent, bfs order, link key, depth) of the breadth-first forest of G from
    ``roots``.

    Links are followed against their direction (towards what depends on a node) or, when
    ``undirected``, both ways. Among the nodes one step nearer a root, a node's parent is
    the one it is most heavily linked to; ``link key`` is `edge_key` of that link.
    ``links``, when given, is `ranked_links` of a graph G is an induced subgraph of.
    ``depth`` is each node's distance from the roots, in bfs order, which is its depth in
    the forest (each parent one step nearer); None when some node found no parent there.
    """
    succ, pred, _ = adj
    dist = {r: 0 for r in roots}
    bfs = list(roots)
    frontier, d = bfs, 0
    while frontier:  # level by level: the order of a queue, without its bookkeeping
        d += 1
        found = []
        for n in frontier:
            for m in pred[n]:
                if m not in dist:
                    dist[m] = d
                    found.append(m)
            if undirected:
                for m in succ[n]:
                    if m not in dist:
                        dist[m] = d
                        found.append(m)
        bfs += found
        frontier = found
    parent: dict = {r: None for r in roots}
    link: dict = {}
    far = len(order)
    if links is not None:
        get = dist.get
        orphans = False
        for n in itertools.islice(bfs, len(roots), None):  # the roots come first
            d = dist[n] - 1
            best = key = None
            row = succ[n]
            for k, m in links[n]:
                if best is not None and k != key:
                    break  # past the heaviest links one step nearer: ties are settled
                if get(m) == d and (m in row or undirected):
                    if best is None:
                        best, key = m, k
                    elif (order.get(m, far), str(m)) < (order.get(best, far), str(best)):
                        best = m
            parent[n] = best
            link[n] = key
            orphans = orphans or best is None
        return parent, bfs, link, None if orphans else dist
    for n in bfs:
        d = dist[n]
        if d == 0:
            continue
        nearer = [m for m in succ[n] if dist.get(m) == d - 1]
        if undirected:
            nearer += [m for m in pred[n] if dist.get(m) == d - 1]
        if len(nearer) == 1:
            best = nearer[0]
        else:
            best = min(nearer, key=lambda m: (edge_key(succ, n, m), order.get(m, far), str(m)))
        parent[n] = best
        link[n] = edge_key(succ, n, best)
    return parent, bfs, link, dist


@dataclass(frozen=True)
class Plan:
    """The tree a fold draws from: each node's parent, its children ranked, sizes.

    It depends on the graph, roots, focus and ranking only, not on the budget or the pages
    asked for, so a caller can build it once (`plan`) and fold it many ways.
    """

    succ: dict = field(repr=False)
    parent: dict = field(repr=False)
    bfs: list = field(repr=False)
    children: dict = field(repr=False)
    size: dict = field(repr=False)
    depth: dict = field(repr=False)
    tier_of: dict = field(repr=False)
    position: dict = field(repr=False)
    focus: object = None


def plan(G, roots=None, *, focus=None, order=None, adj=None, within=None) -> Plan:
    """Return the `Plan` of G for a fold (see the parameters of the same names of
    `graph.aggregate.aggregate`).

    ``within``, when given, is a graph G is an induced subgraph of (G's links are its
    links, with the same data, between G's nodes): each node's parent is then read from
    its `graph.linkrank.ranked_links`, computed once per graph, instead of weighing every
    link again. The plan is the same either way.

    Notes
    -----
    O(n + m) for the n nodes and m links of G, plus sorting each parent's children. With
    ``within``, each node's parent and (given ``order``, the same list each time, as the
    explorer's cached ranking is) each parent's children in order are read from what is
    computed once per graph (`ranked_links`, `heaviest_children`, `order_positions`),
    not weighed and sorted again: a data/us view's plan takes about half the CPU time
    (about 11 instead of 23 ms; ``bench/bench_newview.py``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "chef"), ("chef", "leisure"), ("baker", "leisure")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "chef": "profession",
    ...                            "baker": "profession", "cook": "job"}, "tier")
    >>> p = plan(G)
    >>> p.children[None], p.children["leisure"], p.size["leisure"]
    ({'need': ['leisure']}, {'profession': ['baker', 'chef']}, 4)
    >>> H = G.subgraph(["cook", "chef", "leisure"])
    >>> plan(H, within=G) == plan(H)
    True
    """
    adj = adj if adj is not None else adjacency(G)
    succ, _pred, attrs = adj
    if within is not None and order is not None:  # the same ranking each view: read once
        position = order_positions(structural(within), order)
    else:
        ranking = list(order) if order is not None else sorted(succ, key=str)
        position = dict(zip(ranking, range(len(ranking))))
    far = len(position)
    if roots is None:
        if focus is not None and focus in succ:
            roots = [focus]
        else:
            sinks = [n for n in succ if not succ[n]]
            roots = sorted(sinks, key=lambda n: (tier_rank(attrs[n].get("tier")),
                                                 position.get(n, far), str(n)))
    roots = [r for r in roots if r in succ]
    links = None if within is None else ranked_links(within, undirected=focus is not None)
    parent, bfs, link, depth = _tree(adj, roots, focus is not None, position, links)
    # Nodes the roots do not reach (none in an acyclic graph rooted at its sinks) are
    # extra roots, so every node is drawn or counted.
    unreached = (n for n in succ if n not in parent) if len(parent) < len(succ) else ()
    for n in sorted(unreached, key=lambda n: (position.get(n, far), str(n))):
        parent[n] = None
        roots.append(n)
        bfs.append(n)
        if depth is not None:
            depth[n] = 0

    if within is not None:  # the same node attributes: read once per graph
        tiers, weight = node_facts(within)
        tier_of = dict(zip(bfs, map(tiers.__getitem__, bfs)))
    else:
        tier_of = {n: attrs[n].get("tier") for n in bfs}
        weight = {c: node_weight(attrs[c]) for c in bfs}
    children: dict = {}
    if within is not None and focus is None and order is not None:
        # Each parent's children are its predecessors whose parent it is, by tier in rank
        # order and each tier's in an order computed once per graph: no sort per view.
        for n in roots:
            children.setdefault(None, {}).setdefault(tier_of[n], []).append(n)
        table = heaviest_children(structural(within), order, position)
        get = parent.get
        for p in bfs:
            rows = table.get(p)
            if rows:
                by_tier = None
                for tier, kids in rows:
                    mine = [c for c in kids if get(c) == p]
                    if mine:
                        if by_tier is None:
                            by_tier = children[p] = {}
                        by_tier[tier] = mine
        sorted_kids = True
    else:
        for n, p, t in zip(bfs, map(parent.__getitem__, bfs), tier_of.values()):
            children.setdefault(p, {}).setdefault(t, []).append(n)
        sorted_kids = False
    # Tiers in rank order (most enduring first), whatever order the links were loaded in.
    children = {p: by_tier if len(by_tier) == 1 or (sorted_kids and p is not None) else
                dict(sorted(by_tier.items(), key=lambda item: (tier_rank(item[0]), str(item[0]))))
                for p, by_tier in children.items()}

    def heaviest(c):
        return (link.get(c, NO_KEY), weight[c], position.get(c, far), str(c))

    for p, by_tier in children.items():
        if p is not None and not sorted_kids:
            for kids in by_tier.values():
                if len(kids) > 1:
                    kids.sort(key=heaviest)
    size = dict.fromkeys(bfs, 1)
    for n in reversed(bfs):
        p = parent[n]
        if p is not None:
            size[p] += size[n]
    if depth is None:
        depth = {}
        for n in bfs:
            p = parent[n]
            depth[n] = 0 if p is None else depth[p] + 1
    return Plan(succ=succ, parent=parent, bfs=bfs, children=children, size=size, depth=depth,
                tier_of=tier_of, position=position, focus=focus)
