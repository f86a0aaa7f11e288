"""Fold a graph too big to draw into at most ``cap`` elements, grouping what is left out.

A view of the US data has thousands of nodes; a browser draws about a thousand elements
smoothly. `aggregate` keeps the structure readable instead of cutting it off: it hangs
every node from one *parent* nearer the view's roots (the needs, or the focused node), so
the graph becomes a tree, then draws that tree breadth first, a page of children per parent
and tier at a time (every first page, then every second page...), the heaviest first (most
people employed), until the budget is spent.
Whatever is not drawn is counted in a `Group` hanging off its nearest drawn ancestor:
"+83 professions" under a sector, "+12 industries" under a profession. Asking for more
pages of a group (``pages``) draws more of its members. Links between drawn nodes that are
not tree links fill whatever budget is left.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("chef", "leisure"), ("cook", "chef"), ("baker", "leisure"),
...                 ("sous-chef", "chef"), ("pastry-cook", "chef")])
>>> nx.set_node_attributes(G, {"leisure": "need", "chef": "profession", "baker": "profession",
...                            "cook": "job", "sous-chef": "job", "pastry-cook": "job"}, "tier")
>>> folded = aggregate(G, cap=9, page=2)
>>> folded.nodes
('leisure', 'baker', 'chef', 'cook')
>>> [(g.anchor, g.tier, g.count, g.hidden) for g in folded.groups]
[('chef', 'job', 2, 2)]
>>> folded.groups[0].label
'+2 jobs'
>>> aggregate(G, cap=20, page=2, pages={("chef", "job"): 1}).groups
()
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field

import networkx as nx

from graph.schema import TIER_BY_ID, TIERS

__all__ = ["Aggregation", "Group", "Plan", "aggregate", "group_id", "parse_group_id", "plan",
           "GROUP_PREFIX"]

#: Prefix of a group's id: "group:ANCHOR:TIER" (node ids are slugs, so ":" cannot clash).
GROUP_PREFIX = "group:"
#: Children of one parent and tier drawn before the rest are grouped.
PAGE = 8
#: Roots of each tier drawn before the rest are grouped (needs are never more than 12).
ROOT_PAGE = 60
#: Children per parent of these tiers drawn at first instead of ``page``: jobs are the most
#: numerous and least enduring, so a view shows more professions and fewer jobs.
TIER_PAGE = {"job": 3}
#: Members a group shows per page asked for.
MORE = 25

_RANK = {t.id: t.rank for t in TIERS}
#: How a group names its members: (one, many).
_NOUNS = {"need": ("need", "needs"), "profession": ("profession", "professions"),
          "industry": ("industry", "industries"),
          "organization": ("organization", "organizations"), "job": ("job", "jobs")}


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
        one, many = _NOUNS.get(self.tier, (self.tier, self.tier))
        return f"+{self.count:,} {one if self.count == 1 else many}"


@dataclass(frozen=True)
class Aggregation:
    """What to draw of a graph within the budget: nodes, links and groups.

    ``nodes`` are in drawing order (roots first); ``edges`` are links of the graph between
    drawn nodes; ``parent`` maps each node of the graph to its parent (None for roots).
    """

    nodes: tuple
    edges: tuple
    groups: tuple[Group, ...]
    parent: dict = field(repr=False, default_factory=dict)

    @property
    def hidden(self) -> int:
        """Number of nodes not drawn."""
        return sum(g.hidden for g in self.groups)


def _edge_key(succ, child, parent) -> tuple:
    """Return a sort key putting the heaviest link first (people employed, then weight)."""
    data = succ[child][parent] if parent in succ[child] else succ[parent][child]
    employment = data.get("employment")
    weight = data.get("weight")
    return (-(employment if isinstance(employment, (int, float)) else 0),
            -(weight if isinstance(weight, (int, float)) else 0))


_NO_KEY = (0, 0)


def adjacency(G) -> tuple[dict, dict, dict]:
    """Return (successors, predecessors, node attributes) of G as plain dicts.

    A plain DiGraph's own dicts are returned as they are; a view whose adjacency is
    computed on access (a filtered graph) is read once, which makes the many lookups of
    `aggregate` cheap.

    Examples
    --------
    >>> import networkx as nx
    >>> succ, pred, attrs = adjacency(nx.DiGraph([("cook", "chef")]))
    >>> dict(succ), dict(pred)
    ({'cook': {'chef': {}}, 'chef': {}}, {'cook': {}, 'chef': {'cook': {}}})
    """
    succ, pred, attrs = (getattr(G, name, None) for name in ("_succ", "_pred", "_node"))
    if type(succ) is dict and type(pred) is dict and type(attrs) is dict:
        return succ, pred, attrs
    fast = getattr(G, "adjacency_dicts", None)  # a filtered view that can cut G's rows
    found = fast() if fast is not None else None
    if found is not None:
        return found
    succ = {u: nbrs if type(nbrs) is dict else dict(nbrs) for u, nbrs in G.succ.items()}
    pred = {u: {} for u in succ}
    for u, nbrs in succ.items():
        for v, data in nbrs.items():
            pred[v][u] = data
    return succ, pred, dict(G.nodes(data=True))


def _tree(adj, roots, undirected: bool, order: dict) -> tuple[dict, list, dict]:
    """Return (parent, bfs order, link key) of the breadth-first forest of G from ``roots``.

    Links are followed against their direction (towards what depends on a node) or, when
    ``undirected``, both ways. Among the nodes one step nearer a root, a node's parent is
    the one it is most heavily linked to; ``link key`` is `_edge_key` of that link.
    """
    succ, pred, _ = adj
    dist = {r: 0 for r in roots}
    bfs = list(roots)
    queue = deque(roots)
    while queue:
        n = queue.popleft()
        d = dist[n] + 1
        for m in pred[n]:
            if m not in dist:
                dist[m] = d
                bfs.append(m)
                queue.append(m)
        if undirected:
            for m in succ[n]:
                if m not in dist:
                    dist[m] = d
                    bfs.append(m)
                    queue.append(m)
    parent: dict = {r: None for r in roots}
    link: dict = {}
    far = len(order)
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
            best = min(nearer, key=lambda m: (_edge_key(succ, n, m), order.get(m, far), str(m)))
        parent[n] = best
        link[n] = _edge_key(succ, n, best)
    return parent, bfs, link


@dataclass(frozen=True)
class Plan:
    """The tree `aggregate` draws from: each node's parent, its children ranked, sizes.

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


def plan(G, roots=None, *, focus=None, order=None, adj=None) -> Plan:
    """Return the `Plan` of G for `aggregate` (see its parameters of the same names).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "chef"), ("chef", "leisure"), ("baker", "leisure")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "chef": "profession",
    ...                            "baker": "profession", "cook": "job"}, "tier")
    >>> p = plan(G)
    >>> p.children[None], p.children["leisure"], p.size["leisure"]
    ({'need': ['leisure']}, {'profession': ['baker', 'chef']}, 4)
    """
    adj = adj if adj is not None else adjacency(G)
    succ, _pred, attrs = adj
    ranking = list(order) if order is not None else sorted(succ, key=str)
    position = {n: i for i, n in enumerate(ranking)}
    far = len(position)
    if roots is None:
        if focus is not None and focus in succ:
            roots = [focus]
        else:
            sinks = [n for n in succ if not succ[n]]
            roots = sorted(sinks, key=lambda n: (_RANK.get(attrs[n].get("tier"), len(_RANK)),
                                                 position.get(n, far), str(n)))
    roots = [r for r in roots if r in succ]
    parent, bfs, link = _tree(adj, roots, focus is not None, position)
    # Nodes the roots do not reach (none in an acyclic graph rooted at its sinks) are
    # extra roots, so every node is drawn or counted.
    for n in sorted((n for n in succ if n not in parent), key=lambda n: (position.get(n, far), str(n))):
        parent[n] = None
        roots.append(n)
        bfs.append(n)

    tier_of = {n: attrs[n].get("tier") for n in bfs}
    children: dict = {}
    for n in bfs:
        children.setdefault(parent[n], {}).setdefault(tier_of[n], []).append(n)
    # Tiers in rank order (most enduring first), whatever order the links were loaded in.
    children = {p: dict(sorted(by_tier.items(), key=lambda item: (_RANK.get(item[0], len(_RANK)),
                                                                  str(item[0]))))
                for p, by_tier in children.items()}

    def heaviest(c):
        employment = attrs[c].get("employment")
        return (link.get(c, _NO_KEY),
                -(employment if isinstance(employment, (int, float)) else 0),
                position.get(c, far), str(c))

    for p, by_tier in children.items():
        if p is not None:
            for kids in by_tier.values():
                kids.sort(key=heaviest)
    size = {n: 1 for n in bfs}
    for n in reversed(bfs):
        if parent[n] is not None:
            size[parent[n]] += size[n]
    depth = {}
    for n in bfs:
        depth[n] = 0 if parent[n] is None else depth[parent[n]] + 1
    return Plan(succ=succ, parent=parent, bfs=bfs, children=children, size=size, depth=depth,
                tier_of=tier_of, position=position, focus=focus)


def aggregate(G, cap: int, roots=None, *, focus=None, first=(), pages=None, order=None,
              page: int = PAGE, more: int = MORE, adj=None, tree: Plan | None = None
              ) -> Aggregation:
    """Return the nodes, links and groups of G to draw in at most ``cap`` elements.

    Parameters
    ----------
    G : networkx.DiGraph
        An acyclic graph whose links point towards the needs; nodes carry ``tier``.
    cap : int
        Most elements to draw: nodes plus links plus two per group (its node and link).
    roots : list, optional
        The top of the tree, in order. Defaults to ``[focus]`` with a focus, else to the
        nodes without successors (the needs, in a whole view), most enduring tier first.
    focus : node, optional
        Hang every node from its nearest path to ``focus``, following links both ways.
    first : iterable
        Nodes to draw before any other (with the chain of parents that leads to them).
    pages : dict, optional
        (anchor, tier) -> extra pages of that group to draw (anchor None: the roots):
        each page draws ``more`` members beyond those the fold draws without it.
    order : list, optional
        A ranking of the nodes used to break ties (defaults to sorted ids).
    page, more : int
        Children drawn per parent and tier at first, and per extra page.
    adj : tuple, optional
        `adjacency` of G, when the caller already has it.
    tree : Plan, optional
        `plan` of G with the same roots, focus and order, when the caller already has it.

    Returns
    -------
    Aggregation

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "n"), ("b", "n"), ("c", "n"), ("j", "a")])
    >>> nx.set_node_attributes(G, "profession", "tier")
    >>> G.nodes["n"]["tier"], G.nodes["j"]["tier"] = "need", "job"
    >>> fold = aggregate(G, cap=7, page=2)
    >>> fold.nodes, [g.label for g in fold.groups]
    (('n', 'a', 'j'), ['+2 professions'])
    >>> aggregate(G, cap=100).groups, len(aggregate(G, cap=100).edges)
    ((), 4)
    """
    cap = max(0, int(cap))
    if tree is None:
        tree = plan(G, roots, focus=focus, order=order, adj=adj)
    start: dict = {}
    if pages:  # pages count from what the fold draws without them
        folded = aggregate(G, cap, first=first, page=page, more=more, tree=tree)
        start = {(g.anchor, g.tier): g.drawn for g in folded.groups}
    pages = pages or {}
    succ, parent, children, size = tree.succ, tree.parent, tree.children, tree.size
    depth, tier_of, position = tree.depth, tree.tier_of, tree.position
    far = len(position)

    def rounds(index, first_page, tier) -> int:
        """Return in which round of the breadth-first fill the child at ``index`` comes."""
        if index < first_page:
            return 0
        return 1 + (index - first_page) // TIER_PAGE.get(tier, page)

    def limit(p, tier):
        base = ROOT_PAGE if p is None else min(page, TIER_PAGE.get(tier, page))
        extra = pages.get((p, tier), 0)
        return max(base, start.get((p, tier), 0) + more * extra) if extra else base

    drawn: dict = {}
    left = {(p, t): len(kids) for p, by_tier in children.items() for t, kids in by_tier.items()}
    heap: list = []
    seq = 0

    def group_cost(key) -> int:
        return 1 if key[0] is None else 2  # a top-level group has no link

    open_groups = {(None, t) for t in children.get(None, {})}
    used = sum(group_cost(k) for k in open_groups)

    def cost_of(n) -> int:
        p = parent[n]
        key = (p, tier_of[n])
        delta = 1 + (p is not None)
        if left[key] == 1:
            delta -= group_cost(key)
        for t in children.get(n, {}):
            delta += group_cost((n, t))
        return delta

    def draw(n) -> None:
        nonlocal used, seq
        p = parent[n]
        key = (p, tier_of[n])
        used += cost_of(n)
        drawn[n] = None
        left[key] -= 1
        if left[key] == 0:
            open_groups.discard(key)
        for t, kids in children.get(n, {}).items():
            open_groups.add((n, t))
            first_page = limit(n, t)
            # An expanded group draws exactly the pages asked for: the fill stops there.
            for i, c in enumerate(kids[:first_page] if (n, t) in pages else kids):
                heapq.heappush(heap, (rounds(i, first_page, t), depth[n] + 1, i, seq, c))
            seq += 1

    def try_draw(n) -> bool:
        if n in drawn:
            return True
        if used + cost_of(n) > cap:
            return False
        draw(n)
        return True

    # The chains to the nodes asked for first, then the expanded groups' pages.
    wanted = [n for n in first if n in parent]
    wanted += [a for (a, _t) in pages if a is not None and a in parent]
    for n in wanted:
        chain = []
        while n is not None:
            chain.append(n)
            n = parent[n]
        for m in reversed(chain):
            if not try_draw(m):
                break
    for (a, t) in sorted(pages, key=lambda k: (k[0] is not None, str(k[0]), k[1])):
        if a is not None and a not in drawn:
            continue
        for c in children.get(a, {}).get(t, [])[:limit(a, t)]:
            try_draw(c)
    for i, (t, kids) in enumerate(children.get(None, {}).items()):
        first_page = limit(None, t)
        for j, c in enumerate(kids[:first_page] if (None, t) in pages else kids):
            heapq.heappush(heap, (rounds(j, first_page, t), 0, j, -1 - i, c))
    while heap:
        *_, n = heapq.heappop(heap)
        if n not in drawn and parent[n] is not None and parent[n] not in drawn:
            continue
        try_draw(n)

    edges = []
    for n in drawn:
        p = parent[n]
        if p is not None:
            edges.append((n, p) if p in succ[n] else (p, n))
    tree = set(edges)
    for n in drawn:
        if used >= cap:
            break
        for v in succ[n]:
            if v in drawn and (n, v) not in tree:
                if used >= cap:
                    break
                edges.append((n, v))
                used += 1

    groups = []
    for key in sorted(open_groups, key=lambda k: (k[0] is not None,
                                                  position.get(k[0], far), str(k[0]),
                                                  _RANK.get(k[1], len(_RANK)))):
        p, t = key
        kids = children.get(p, {}).get(t, [])
        members = tuple(c for c in kids if c not in drawn)
        if not members:
            continue
        groups.append(Group(anchor=p, tier=t, members=members,
                            hidden=sum(size[c] for c in members),
                            drawn=len(kids) - len(members)))
    return Aggregation(nodes=tuple(drawn), edges=tuple(edges), groups=tuple(groups),
                       parent=parent)


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
    H = nx.DiGraph(G)
    for g in groups:
        H.add_node(g.id, tier=g.tier, group=True, label=g.label, count=g.count)
        if g.anchor is not None:
            H.add_edge(g.id, g.anchor, relation="grouped")
    return H
