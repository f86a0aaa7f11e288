"""Fold a graph too big to draw into at most ``cap`` elements, grouping what is left out.

A view of the US data has thousands of nodes; a browser draws about a thousand elements
smoothly. `aggregate` keeps the structure readable instead of cutting it off: it hangs
every node from one *parent* nearer the view's roots (the needs, or the focused node), so
the graph becomes a tree, then draws that tree breadth first, a page of children per parent
and tier at a time (every first page, then every second page...), the heaviest first (most
people employed), until the budget is spent.
Whatever is not drawn is counted in a `Group` hanging off its nearest drawn ancestor:
"+83 professions" under a sector, "+12 industries" under a profession. Links between drawn
nodes that are not tree links fill whatever budget is left.

Asking for more of a group (an `Expansion`) never takes away what is drawn: the fold
without it is drawn first, exactly, and the members asked for are added as far as the
budget allows; the rest stay counted in a smaller group, and the `Outcome` says how many
were drawn. Only an expansion that is told to make ``room`` folds drawn nodes for its
members, the least connected first, and it names them (`Outcome.folded`).

Each step is a function of its own. `plan` builds the tree, once per view; `fold_plan`
folds it within a cap: `draw_chains` (the nodes asked for first), `draw_breadth_first`,
`draw_pages` (the expansions, in the order they were asked for), then `select_edges` and
`left_out` (the groups). A `Canvas` holds a fold in progress; `try_draw` adds a node only
when its `draw_cost` fits, `make_room` chooses what to fold and `undraw` folds it.

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
>>> G.add_edge("brewer", "leisure"); G.nodes["brewer"]["tier"] = "profession"
>>> G.edges["chef", "leisure"]["employment"] = 900  # chef's 900 people come first
>>> folded = aggregate(G, cap=11, page=2)
>>> folded.nodes, [g.label for g in folded.groups]
(('leisure', 'chef', 'baker', 'cook', 'brewer'), ['+2 jobs'])
>>> more = aggregate(G, cap=11, page=2, pages=[Expansion("chef", "job")])
>>> more.nodes == folded.nodes, more.outcomes[0].asked, more.outcomes[0].drawn  # no room
(True, 2, ())
>>> room = aggregate(G, cap=11, page=2, pages=[Expansion("chef", "job", room=True)])
>>> room.outcomes[0].drawn, room.outcomes[0].folded, [g.label for g in room.groups]
(('pastry-cook', 'sous-chef'), ('brewer', 'baker'), ['+2 professions'])
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from operator import itemgetter

import networkx as nx

from graph.cache import GraphCache, structural
from graph.schema import TIER_BY_ID, TIER_NOUNS, tier_rank

__all__ = ["Aggregation", "Expansion", "Group", "Outcome", "Paging", "Plan", "aggregate",
           "expansions", "fold_plan", "graph_of", "group_id", "parse_group_id", "plan",
           "ranked_links", "GROUP_PREFIX"]

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


@dataclass(frozen=True)
class Aggregation:
    """What to draw of a graph within the budget: nodes, links and groups.

    ``nodes`` are in drawing order (roots first); ``edges`` are links of the graph between
    drawn nodes; ``parent`` maps each node of the graph to its parent (None for roots);
    ``outcomes`` has one `Outcome` per expansion asked for, in order.
    """

    nodes: tuple
    edges: tuple
    groups: tuple[Group, ...]
    parent: dict = field(repr=False, default_factory=dict)
    outcomes: tuple = ()

    @property
    def hidden(self) -> int:
        """Number of nodes not drawn."""
        return sum(g.hidden for g in self.groups)

    @property
    def folded(self) -> tuple:
        """The nodes the expansions folded to make room and did not draw again, in the
        order they were folded."""
        drawn = set(self.nodes)
        return tuple(n for o in self.outcomes for n in o.folded if n not in drawn)


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

    Lateral edges (`graph.schema.LATERAL_RELATIONS`) are left out (`graph.cache.structural`),
    so they never change the folding.
    """
    G = structural(G)
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


def ranked_links(G, undirected: bool = False) -> dict:
    """Return node -> its links, as (`_edge_key`, neighbour) pairs, heaviest first.

    The links of a node are those to its successors or, when ``undirected``, to its
    successors and predecessors; `plan` picks each node's parent as the first of them one
    step nearer a root. Links of equal weight keep the graph's order.

    Parameters
    ----------
    G : networkx.DiGraph
        Read through `graph.cache.structural` (lateral links left out).
    undirected : bool

    Returns
    -------
    dict
        Shared by every caller: read-only.

    See Also
    --------
    plan : reads them when given ``within``.

    Notes
    -----
    O(links log links) once per graph, then cached by graph identity (weakly, like
    `graph.cache.structural`): the first call on data/us costs about as much as one plan,
    later calls a dict lookup.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "diner", {"employment": 5}), ("cook", "chef", {"employment": 9})])
    >>> ranked_links(G)["cook"]
    (((-9, 0), 'chef'), ((-5, 0), 'diner'))
    >>> ranked_links(G, undirected=True)["chef"]
    (((-9, 0), 'cook'),)
    """
    return (_BOTH_WAYS if undirected else _UPWARDS).get(structural(G))


def _rank_links(G, undirected: bool) -> dict:
    """Compute `ranked_links` of a graph without lateral links."""
    succ, pred = G._succ, G._pred
    out = {}
    for n, nbrs in succ.items():
        links = [(_edge_key(succ, n, m), m) for m in nbrs]
        if undirected:
            links += [(_edge_key(succ, n, m), m) for m in pred[n] if m not in nbrs]
        links.sort(key=itemgetter(0))
        out[n] = tuple(links)
    return out


_UPWARDS = GraphCache(lambda G: _rank_links(G, False))
_BOTH_WAYS = GraphCache(lambda G: _rank_links(G, True))


def _weight(attrs) -> float:
    """Return minus the people a node employs (0 when not a number): heaviest first."""
    employment = attrs.get("employment")
    return -(employment if isinstance(employment, (int, float)) else 0)


def _node_facts(G) -> tuple[dict, dict]:
    """Return (node -> tier or None, node -> `_weight`) of G's nodes, read once per graph."""
    attrs = G._node
    return ({n: a.get("tier") for n, a in attrs.items()},
            {n: _weight(a) for n, a in attrs.items()})


_FACTS = GraphCache(_node_facts)


def _heaviest_children(G, order, position: dict) -> dict:
    """Return node -> its predecessors in G, heaviest link first (then as `plan` sorts a
    parent's children): each node's children in any plan whose tree links are G's.

    Computed once per graph and ranking (``order``, the same object each time; cached
    with the graph); O(links log links).
    """
    cached = _CHILD_ORDER.get(G)  # [(order, table)] of the last ranking asked for
    if cached and cached[0][0] is order:
        return cached[0][1]
    succ, pred = G._succ, G._pred
    _, weight = _FACTS.get(G)
    far = len(position)
    table = {p: tuple(sorted(kids, key=lambda c: (_edge_key(succ, c, p), weight[c],
                                                  position.get(c, far), str(c))))
             for p, kids in pred.items() if kids}
    cached[:] = [(order, table)]
    return table


_CHILD_ORDER = GraphCache(lambda G: [])


def _tree(adj, roots, undirected: bool, order: dict, links=None) -> tuple[dict, list, dict]:
    """Return (parent, bfs order, link key) of the breadth-first forest of G from ``roots``.

    Links are followed against their direction (towards what depends on a node) or, when
    ``undirected``, both ways. Among the nodes one step nearer a root, a node's parent is
    the one it is most heavily linked to; ``link key`` is `_edge_key` of that link.
    ``links``, when given, is `ranked_links` of a graph G is an induced subgraph of.
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
    if links is not None:
        get = dist.get
        for n in bfs:
            d = dist[n] - 1
            if d < 0:
                continue
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
        return parent, bfs, link
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


def plan(G, roots=None, *, focus=None, order=None, adj=None, within=None) -> Plan:
    """Return the `Plan` of G for `aggregate` (see its parameters of the same names).

    ``within``, when given, is a graph G is an induced subgraph of (G's links are its
    links, with the same data, between G's nodes): each node's parent is then read from
    its `ranked_links`, computed once per graph, instead of weighing every link again.
    The plan is the same either way.

    Notes
    -----
    O(n + m) for the n nodes and m links of G, plus sorting each parent's children. With
    ``within``, each node's parent and (given ``order``, the same list each time, as the
    explorer's cached ranking is) each parent's children in order are read from what is
    computed once per graph (`ranked_links`), not weighed and sorted again: a data/us
    view's plan takes about half the CPU time (about 11 instead of 23 ms;
    ``bench/bench_newview.py``).

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
    parent, bfs, link = _tree(adj, roots, focus is not None, position, links)
    # Nodes the roots do not reach (none in an acyclic graph rooted at its sinks) are
    # extra roots, so every node is drawn or counted.
    for n in sorted((n for n in succ if n not in parent), key=lambda n: (position.get(n, far), str(n))):
        parent[n] = None
        roots.append(n)
        bfs.append(n)

    if within is not None:  # the same node attributes: read once per graph
        tiers, weight = _FACTS.get(structural(within))
        tier_of = dict(zip(bfs, map(tiers.__getitem__, bfs)))
    else:
        tier_of = {n: attrs[n].get("tier") for n in bfs}
        weight = {c: _weight(attrs[c]) for c in bfs}
    children: dict = {}
    if within is not None and focus is None and order is not None:
        # Each parent's children are its predecessors whose parent it is, in an order
        # computed once per graph: no sort per view.
        for n in roots:
            children.setdefault(None, {}).setdefault(tier_of[n], []).append(n)
        table = _heaviest_children(structural(within), order, position)
        get = parent.get
        for p in bfs:
            kids = table.get(p)
            if kids:
                by_tier = None
                for c in kids:
                    if get(c) == p:
                        if by_tier is None:
                            by_tier = children[p] = {}
                        by_tier.setdefault(tier_of[c], []).append(c)
        sorted_kids = True
    else:
        for n, p, t in zip(bfs, map(parent.__getitem__, bfs), tier_of.values()):
            children.setdefault(p, {}).setdefault(t, []).append(n)
        sorted_kids = False
    # Tiers in rank order (most enduring first), whatever order the links were loaded in.
    children = {p: by_tier if len(by_tier) == 1 else
                dict(sorted(by_tier.items(), key=lambda item: (tier_rank(item[0]), str(item[0]))))
                for p, by_tier in children.items()}

    def heaviest(c):
        return (link.get(c, _NO_KEY), weight[c], position.get(c, far), str(c))

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
    depth = {}
    for n in bfs:
        p = parent[n]
        depth[n] = 0 if p is None else depth[p] + 1
    return Plan(succ=succ, parent=parent, bfs=bfs, children=children, size=size, depth=depth,
                tier_of=tier_of, position=position, focus=focus)


@dataclass(frozen=True)
class Paging:
    """How many children of each parent and tier a fold draws, and in which round.

    The fold draws breadth first, in rounds: round 0 is every parent's first page of each
    tier of its children, round 1 every parent's second page, and so on. An `Expansion`
    draws ``more`` members per page asked for, after the fill.

    Attributes
    ----------
    page : int
        Children per parent and tier in a page (`TIER_PAGE` lowers it for some tiers; the
        roots' first page is `ROOT_PAGE`).
    more : int
        Members an expansion draws per page asked for.

    Notes
    -----
    Frozen: one paging serves a whole fold.

    See Also
    --------
    aggregate : builds one from its ``page`` and ``more`` parameters.
    Canvas : a fold in progress, which queues children by its paging.

    Examples
    --------
    >>> paging = Paging(page=2, more=4)
    >>> paging.limit("chef", "profession"), paging.limit("chef", "job"), paging.limit(None, "need")
    (2, 2, 60)
    >>> [r for r, _i, _c in paging.queue("chef", "profession", ["a", "b", "c", "d", "e"])]
    [0, 0, 1, 1, 2]
    """

    page: int = PAGE
    more: int = MORE

    def limit(self, anchor, tier) -> int:
        """Return how many children of ``anchor`` and ``tier`` the first round draws."""
        return ROOT_PAGE if anchor is None else min(self.page, TIER_PAGE.get(tier, self.page))

    def queue(self, anchor, tier, kids) -> list[tuple[int, int, object]]:
        """Return (round, index, child) of each of ``kids`` the fold may draw, in order.

        The first `limit` children come in round 0, then a page per round.

        Notes
        -----
        O(len(kids)).
        """
        first_page = self.limit(anchor, tier)
        step = TIER_PAGE.get(tier, self.page)
        return [(0 if i < first_page else 1 + (i - first_page) // step, i, c)
                for i, c in enumerate(kids)]


@dataclass(frozen=True)
class Expansion:
    """A request for more of one group: ``pages`` times `Paging.more` of its members.

    Attributes
    ----------
    anchor : str or None
        The drawn node the group hangs from (None: the top level).
    tier : str
        Tier of its members.
    pages : int
        Pages asked for in a row (each click on the group is one).
    room : bool
        Whether the user agreed to fold the least connected drawn nodes to make room for
        the members when they do not fit; without it nothing drawn is folded.

    Examples
    --------
    >>> Expansion("chef", "job").id
    'group:chef:job'
    """

    anchor: str | None
    tier: str
    pages: int = 1
    room: bool = False

    @property
    def id(self) -> str:
        """The id of the group expanded, see `group_id`."""
        return group_id(self.anchor, self.tier)


@dataclass(frozen=True)
class Outcome:
    """What one `Expansion` drew: the members asked for, those drawn, what it folded.

    Attributes
    ----------
    expansion : Expansion
        The request.
    asked : int
        Members it asked for: a page per click, no more than the group held.
    drawn : tuple
        Members it drew, heaviest first (fewer than ``asked`` when the budget ran out).
    folded : tuple
        Nodes drawn before that it folded to make room (only with ``expansion.room``).
    """

    expansion: Expansion
    asked: int
    drawn: tuple = ()
    folded: tuple = ()

    @property
    def short(self) -> int:
        """Members asked for that are not drawn."""
        return self.asked - len(self.drawn)


def expansions(pages) -> tuple[Expansion, ...]:
    """Return ``pages`` as expansions, in order: a sequence of `Expansion` or of
    (anchor, tier[, pages[, room]]) tuples, or a dict (anchor, tier) -> pages.

    Examples
    --------
    >>> expansions({("chef", "job"): 2})
    (Expansion(anchor='chef', tier='job', pages=2, room=False),)
    >>> expansions([(None, "need", 1, True)])[0].room
    True
    """
    if not pages:
        return ()
    if isinstance(pages, dict):
        pages = [(anchor, tier, n) for (anchor, tier), n in pages.items()]
    return tuple(e if isinstance(e, Expansion) else Expansion(*e) for e in pages)


def group_cost(anchor) -> int:
    """Return the elements a group takes: its node, and its link to ``anchor`` if any.

    See Also
    --------
    draw_cost : what drawing a node adds, groups opened and closed included.

    Examples
    --------
    >>> group_cost("chef"), group_cost(None)
    (2, 1)
    """
    return 1 if anchor is None else 2


@dataclass(eq=False)
class Canvas:
    """A fold in progress: what it draws from, what it has drawn and what that costs.

    The steps of a fold (`draw_chains`, `draw_pages`, `draw_breadth_first`) add nodes to
    it one at a time with `try_draw`, which keeps ``used`` within ``cap``.

    Attributes
    ----------
    tree : Plan
        The tree to draw.
    cap : int
        Most elements to draw.
    paging : Paging
        Children to draw per parent and tier, round by round.
    drawn : dict
        The nodes drawn, in drawing order (the values are None).
    left : dict
        (parent, tier) -> children of that parent and tier not drawn yet.
    used : int
        Elements taken: drawn nodes, their links to their parents and the groups of
        what is not drawn (one per root tier, two per (drawn node, tier of its children)).
    frontier : list
        Heap of (round, depth, index, queued, node): the nodes to try next, every first
        page before any second page, nearer the roots first, heaviest first.
    queued : int
        Groups of children queued so far (the order they were queued in breaks ties).

    Notes
    -----
    Mutable, and private to one fold: only the drawing steps change it.

    See Also
    --------
    fold_plan : draws a canvas from start to end.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("cook", "chef")])
    >>> canvas = Canvas.start(plan(G), cap=3, paging=Paging())
    >>> canvas.used, draw_cost(canvas, "leisure"), try_draw(canvas, "leisure"), canvas.used
    (1, 2, True, 3)
    >>> draw_cost(canvas, "chef"), try_draw(canvas, "chef"), list(canvas.drawn)
    (2, False, ['leisure'])
    """

    tree: Plan
    cap: int
    paging: Paging
    drawn: dict = field(default_factory=dict)
    left: dict = field(default_factory=dict)
    used: int = 0
    frontier: list = field(default_factory=list)
    queued: int = 0

    @classmethod
    def start(cls, tree: Plan, cap: int, paging: Paging) -> "Canvas":
        """Return an empty canvas: nothing drawn, every root in one group per tier."""
        left = {(p, t): len(kids) for p, by_tier in tree.children.items()
                for t, kids in by_tier.items()}
        used = sum(group_cost(None) for _tier in tree.children.get(None, {}))
        return cls(tree=tree, cap=cap, paging=paging, left=left, used=used)


def draw_cost(canvas: Canvas, node) -> int:
    """Return the elements drawing ``node`` adds to ``canvas``.

    The node and its link to its parent, plus a group for each tier of its children,
    less the group it leaves when it is the last of its group not drawn.

    Notes
    -----
    O(1).

    See Also
    --------
    try_draw : draws a node when it fits.
    group_cost : what one group takes.
    """
    tree = canvas.tree
    parent = tree.parent[node]
    cost = 1 if parent is None else 2
    if canvas.left[parent, tree.tier_of[node]] == 1:
        cost -= group_cost(parent)
    return cost + group_cost(node) * len(tree.children.get(node, ()))


def draw(canvas: Canvas, node) -> None:
    """Draw ``node`` on ``canvas`` and queue its children for the breadth-first fill.

    Whether it fits is the caller's concern.

    Notes
    -----
    O(children of ``node`` * log(frontier)): each queued child is pushed on a heap.

    See Also
    --------
    try_draw : draws a node when it fits.
    Paging.queue : which children are queued, in which round.
    """
    tree, frontier = canvas.tree, canvas.frontier
    canvas.used += draw_cost(canvas, node)
    canvas.drawn[node] = None
    canvas.left[tree.parent[node], tree.tier_of[node]] -= 1
    depth = tree.depth[node] + 1
    for tier, kids in tree.children.get(node, {}).items():
        for rnd, i, child in canvas.paging.queue(node, tier, kids):
            heapq.heappush(frontier, (rnd, depth, i, canvas.queued, child))
        canvas.queued += 1


def try_draw(canvas: Canvas, node) -> bool:
    """Draw ``node`` if it fits within the cap; return whether it is drawn now.

    A node drawn already stays drawn and costs nothing more.

    Notes
    -----
    O(1) when it does not fit; else the cost of `draw`.

    See Also
    --------
    draw_cost : the elements it would add.
    draw : draws it, fit or not.
    """
    if node in canvas.drawn:
        return True
    if canvas.used + draw_cost(canvas, node) > canvas.cap:
        return False
    draw(canvas, node)
    return True


def draw_chains(canvas: Canvas, nodes) -> None:
    """Draw each of ``nodes`` with the chain of parents it hangs from, as far as fits.

    A chain is drawn from its root down and stops at the first node that does not fit;
    nodes not in the tree are ignored.

    Notes
    -----
    O(sum of the depths of ``nodes``).

    See Also
    --------
    draw_pages : the next step of `fold_plan`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("cook", "chef"), ("baker", "leisure")])
    >>> canvas = Canvas.start(plan(G), cap=100, paging=Paging())
    >>> draw_chains(canvas, ["cook", "nobody"])
    >>> list(canvas.drawn)
    ['leisure', 'chef', 'cook']
    """
    parent = canvas.tree.parent
    for node in nodes:
        if node not in parent:
            continue
        chain = []
        while node is not None:
            chain.append(node)
            node = parent[node]
        for m in reversed(chain):
            if not try_draw(canvas, m):
                break


def undraw(canvas: Canvas, node) -> None:
    """Fold ``node`` back into its group on ``canvas``: the reverse of `draw`.

    Only a node without drawn children may be folded (the caller's concern); the group
    of its parent and tier comes back when it had gone.

    Notes
    -----
    O(1).

    See Also
    --------
    make_room : which nodes to fold.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("cook", "chef"), ("baker", "chef")])
    >>> canvas = Canvas.start(plan(G), cap=10, paging=Paging())
    >>> draw_chains(canvas, ["cook"])
    >>> canvas.used, list(canvas.drawn)  # the need, chef, cook and "+1" for baker
    (7, ['leisure', 'chef', 'cook'])
    >>> undraw(canvas, "cook")
    >>> canvas.used, list(canvas.drawn)
    (5, ['leisure', 'chef'])
    """
    tree = canvas.tree
    parent, tier = tree.parent[node], tree.tier_of[node]
    canvas.used -= ((1 if parent is None else 2)
                    + group_cost(node) * len(tree.children.get(node, ())))
    if canvas.left[parent, tier] == 0:
        canvas.used += group_cost(parent)
    canvas.left[parent, tier] += 1
    del canvas.drawn[node]


def degrees(tree: Plan) -> dict:
    """Return each node's number of links in the graph of ``tree`` (in and out).

    Notes
    -----
    O(nodes + links).
    """
    degree = {n: len(nbrs) for n, nbrs in tree.succ.items()}
    for nbrs in tree.succ.values():
        for v in nbrs:
            degree[v] += 1
    return degree


def make_room(canvas: Canvas, nodes, keep, degree: dict) -> tuple[list, int]:
    """Return (the drawn nodes to fold, how many of ``nodes`` then fit): the fewest nodes,
    least connected first, so that as many of ``nodes`` as can be fit, in order. Changes
    nothing.

    ``nodes`` are children of one drawn parent and tier, not drawn, heaviest first. A node
    may be folded when it has no drawn children, is not a root, is not in ``keep``, is
    neither their parent nor of their group (folding a sibling for them is no trade), and
    is the lightest of its drawn siblings, so a group never holds a bigger employer than a
    drawn sibling. Nodes whose folding frees something come first; then the fewest links
    (``degree``, see `degrees`), then the last drawn, then the id.

    Notes
    -----
    O(d log d) for the d drawn nodes, plus a pass over their siblings.

    See Also
    --------
    undraw : folds one of them.
    draw_pages : asks for room only for an expansion told to make it.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure", {"employment": 9}), ("baker", "leisure"),
    ...                 ("brewer", "leisure"), ("cook", "chef"), ("sous-chef", "chef")])
    >>> canvas = Canvas.start(plan(G), cap=9, paging=Paging(page=1))
    >>> draw_breadth_first(canvas)
    >>> list(canvas.drawn), canvas.used, draw_cost(canvas, "baker")
    (['leisure', 'chef', 'cook', 'sous-chef'], 9, 2)
    >>> make_room(canvas, ["baker"], (), degrees(plan(G)))  # the first brings "+1 job" back
    (['sous-chef', 'cook'], 1)
    >>> make_room(canvas, ["baker", "brewer"], ["cook"], degrees(plan(G)))
    ([], 0)
    """
    tree = canvas.tree
    parent, tier_of = tree.parent, tree.tier_of
    if not nodes:
        return [], 0
    own = (parent[nodes[0]], tier_of[nodes[0]])
    needs, over = [], canvas.used - canvas.cap  # elements beyond the cap after each node
    for j, n in enumerate(nodes):
        over += ((1 if own[0] is None else 2) + group_cost(n) * len(tree.children.get(n, ()))
                 - (group_cost(own[0]) if canvas.left[own] - j == 1 else 0))
        needs.append(over)
    index = {n: i for i, n in enumerate(canvas.drawn)}
    kids: dict = {}
    siblings: dict = {}  # (parent, tier) -> its drawn children, heaviest first
    for n in canvas.drawn:
        kids[parent[n]] = kids.get(parent[n], 0) + 1
        siblings.setdefault((parent[n], tier_of[n]), None)
    for p, t in siblings:
        siblings[p, t] = [c for c in tree.children[p][t] if c in canvas.drawn]

    def allowed(n) -> bool:
        return (parent[n] is not None and n not in keep and not kids.get(n)
                and n != own[0] and (parent[n], tier_of[n]) != own
                and siblings[parent[n], tier_of[n]][-1] == n)

    def key(n) -> tuple:
        frees_nothing = canvas.left[parent[n], tier_of[n]] == 0 and not tree.children.get(n)
        return (frees_nothing, degree.get(n, 0), -index[n], str(n))

    heap = [(key(n), n) for n in canvas.drawn if allowed(n)]
    heapq.heapify(heap)
    queued = {n for _key, n in heap}
    left: dict = {}
    chosen, freed = [], [0]  # freed[i]: elements the first i chosen free
    while freed[-1] < needs[-1] and heap:
        n = heapq.heappop(heap)[1]
        p, t = parent[n], tier_of[n]
        before = left.get((p, t), canvas.left[p, t])
        left[p, t] = before + 1
        chosen.append(n)
        freed.append(freed[-1] + 2 + group_cost(n) * len(tree.children.get(n, ()))
                     - (group_cost(p) if before == 0 else 0))
        kids[p] -= 1
        siblings[p, t].pop()
        for m in (p, *siblings[p, t][-1:]):  # its parent, its next lightest sibling
            if m not in queued and allowed(m):
                queued.add(m)
                heapq.heappush(heap, (key(m), m))
    fitting = sum(1 for over in needs if over <= freed[-1])
    if not fitting:
        return [], 0
    return chosen[:next(i for i, f in enumerate(freed) if f >= needs[fitting - 1])], fitting


def draw_pages(canvas: Canvas, asked=(), keep=()) -> tuple[Outcome, ...]:
    """Draw the members each expansion of ``asked`` asks for, in order, as far as fits.

    An expansion asks for `Paging.more` members per page of its group not drawn yet,
    heaviest first, and draws each that fits; one whose anchor is not drawn draws nothing.
    Nothing drawn is folded unless the expansion says ``room``: then the least connected
    drawn nodes are folded (`make_room`) for as many of the rest as that lets fit, in
    order. Never folded: ``keep``, the anchors of the expansions so far and the members
    they drew. What an expansion draws depends only on the expansions before it.

    Notes
    -----
    O(members asked for), plus `make_room` once per expansion that makes room.

    See Also
    --------
    Outcome : what each expansion drew and folded.
    draw_breadth_first : the step before, which spends the budget.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "n"), ("b", "n"), ("c", "n")])
    >>> nx.set_node_attributes(G, "profession", "tier")
    >>> canvas = Canvas.start(plan(G), cap=100, paging=Paging(more=1))
    >>> draw_chains(canvas, ["a"])
    >>> [(o.asked, o.drawn) for o in draw_pages(canvas, [Expansion("n", "profession", 1)])]
    [(1, ('b',))]
    """
    tree, more = canvas.tree, canvas.paging.more
    keep = set(keep)
    degree = None
    outcomes = []
    for request in asked:
        anchor = request.anchor
        keep.add(anchor)
        drawn_now = anchor is None or anchor in canvas.drawn
        kids = tree.children.get(anchor, {}).get(request.tier, []) if drawn_now else []
        wanted = [c for c in kids if c not in canvas.drawn][:more * max(0, request.pages)]
        rest = [c for c in wanted if not try_draw(canvas, c)]
        victims: list = []
        if rest and request.room:
            degree = degrees(tree) if degree is None else degree
            victims, fitting = make_room(canvas, rest, keep, degree)
            for victim in victims:
                undraw(canvas, victim)
            for child in rest[:fitting]:
                draw(canvas, child)
        drawn = tuple(c for c in wanted if c in canvas.drawn)
        keep.update(drawn)
        outcomes.append(Outcome(request, len(wanted), drawn, tuple(victims)))
    return tuple(outcomes)


def draw_breadth_first(canvas: Canvas) -> None:
    """Draw the roots and what hangs from them breadth first while the cap allows.

    Every parent's first page of children comes before any second page, nearer the
    roots first, heaviest first; a node that does not fit is skipped and a lighter one
    may still fit after it.

    Notes
    -----
    O(n log n) for the n nodes queued: the children of every node drawn.

    See Also
    --------
    Paging.queue : the rounds of each parent's children.
    try_draw : skips what does not fit.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "n"), ("b", "n"), ("c", "n"), ("j", "a"), ("k", "b")])
    >>> canvas = Canvas.start(plan(G), cap=100, paging=Paging(page=2))
    >>> draw_breadth_first(canvas)
    >>> list(canvas.drawn)  # a and b (the first page of n), then j and k, then c
    ['n', 'a', 'b', 'j', 'k', 'c']
    """
    frontier = canvas.frontier
    for i, (tier, kids) in enumerate(canvas.tree.children.get(None, {}).items()):
        for rnd, j, root in canvas.paging.queue(None, tier, kids):
            heapq.heappush(frontier, (rnd, 0, j, -1 - i, root))
    while frontier:
        try_draw(canvas, heapq.heappop(frontier)[-1])


def select_edges(tree: Plan, drawn, room: int) -> tuple:
    """Return the links to draw between ``drawn`` nodes, at most ``room`` beyond the tree's.

    Every drawn node's link to its parent comes first (their cost is counted with the
    node), then the other links between drawn nodes, in drawing order, while ``room``
    elements are left.

    Notes
    -----
    O(links out of the drawn nodes).

    See Also
    --------
    draw_cost : counts the tree links; ``room`` is what the drawing left of the cap.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("chef", "food"), ("food", "leisure")])
    >>> drawn = dict.fromkeys(["leisure", "chef", "food"])
    >>> select_edges(plan(G), drawn, 0)
    (('chef', 'leisure'), ('food', 'leisure'))
    >>> select_edges(plan(G), drawn, 1)[2:]  # room for one link beyond the tree's
    (('chef', 'food'),)
    """
    succ, parent = tree.succ, tree.parent
    edges = []
    for n in drawn:
        p = parent[n]
        if p is not None:
            edges.append((n, p) if p in succ[n] else (p, n))
    in_tree = set(edges)
    for n in drawn:
        for v in succ[n]:
            if room <= 0:
                return tuple(edges)
            if v in drawn and (n, v) not in in_tree:
                edges.append((n, v))
                room -= 1
    return tuple(edges)


def left_out(tree: Plan, drawn) -> tuple[Group, ...]:
    """Return the groups of what is not ``drawn``: one per parent and tier left out.

    A group's anchor is a drawn node, or None for the roots. Top-level groups come first,
    then groups by their anchor's ranking, tiers in rank order; members keep the tree's
    order (heaviest first).

    Notes
    -----
    O(children of the drawn nodes), plus sorting the groups.

    See Also
    --------
    Group : one of them.
    fold_graph : adds them to the drawn graph as nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("cook", "chef"), ("sous-chef", "chef")])
    >>> nx.set_node_attributes(G, "job", "tier")
    >>> G.nodes["leisure"]["tier"], G.nodes["chef"]["tier"] = "need", "profession"
    >>> [(g.id, g.members, g.hidden) for g in left_out(plan(G), {})]
    [('group::need', ('leisure',), 4)]
    >>> [(g.id, g.members, g.drawn) for g in left_out(plan(G), dict.fromkeys(["leisure", "chef"]))]
    [('group:chef:job', ('cook', 'sous-chef'), 0)]
    """
    far = len(tree.position)
    groups = []
    for anchor in (None, *drawn):
        for tier, kids in tree.children.get(anchor, {}).items():
            members = tuple(c for c in kids if c not in drawn)
            if members:
                groups.append(Group(anchor=anchor, tier=tier, members=members,
                                    hidden=sum(tree.size[c] for c in members),
                                    drawn=len(kids) - len(members)))
    groups.sort(key=lambda g: (g.anchor is not None, tree.position.get(g.anchor, far),
                               str(g.anchor), tier_rank(g.tier)))
    return tuple(groups)


def fold_plan(tree: Plan, cap: int, paging: Paging, first=(), asked=()) -> Aggregation:
    """Return the `Aggregation` of ``tree`` within ``cap`` elements (see `aggregate`).

    The steps, in order: the chains to the nodes asked for ``first`` (`draw_chains`),
    the breadth-first fill (`draw_breadth_first`), the expansions ``asked`` for
    (`draw_pages`; see `expansions` for what it accepts), then the links (`select_edges`)
    and the groups of what is left out (`left_out`). The nodes drawn before the
    expansions are those drawn without them, so an expansion adds to what was drawn and
    folds something only when it is told to make room.

    Notes
    -----
    O(n log n) for the n nodes queued (the children of the drawn nodes), plus the
    expansions' cost (`draw_pages`).

    See Also
    --------
    aggregate : builds the plan and the paging, then folds.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "n"), ("b", "n"), ("c", "n"), ("j", "a")])
    >>> tree = plan(G)  # once, then folded at any cap
    >>> [fold_plan(tree, cap, Paging(page=2)).nodes for cap in (3, 7)]
    [('n',), ('n', 'a', 'j')]
    >>> fold_plan(tree, 7, Paging(page=2)) == aggregate(G, 7, page=2)
    True
    """
    canvas = Canvas.start(tree, cap, paging)
    draw_chains(canvas, first)
    keep = tuple(canvas.drawn)
    draw_breadth_first(canvas)
    outcomes = draw_pages(canvas, expansions(asked), keep)
    drawn = canvas.drawn
    return Aggregation(nodes=tuple(drawn), edges=select_edges(tree, drawn, cap - canvas.used),
                       groups=left_out(tree, drawn), parent=tree.parent, outcomes=outcomes)


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
    pages : sequence of Expansion, or dict, optional
        The groups to draw more of, in the order they were asked for (see `expansions`;
        a dict (anchor, tier) -> pages is taken in its order, anchor None: the roots).
        Each page asks for ``more`` members beyond those drawn; they are added to what
        the fold draws without them, as far as the cap allows, and an expansion folds
        drawn nodes for them only when it says ``room`` (`Outcome` says what happened).
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

    Notes
    -----
    Builds the `plan` (O(nodes + links) and a sort of each parent's children) unless
    given one, then folds it with `fold_plan`, O(n log n) for the n nodes queued.

    See Also
    --------
    plan : the tree, to build once and fold many ways.
    fold_plan : the steps of one fold.
    fold_graph : the drawn graph with one node per group.

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
    return fold_plan(tree, cap, Paging(page=page, more=more), first, expansions(pages))


def graph_of(adj, nodes, edges, graph=None) -> nx.DiGraph:
    """Return a new DiGraph of ``nodes`` and ``edges`` (in these orders), with copies of
    their attribute dicts taken from ``adj`` (`adjacency`) and the graph attributes
    ``graph``.

    The same graph as ``add_nodes_from`` then ``add_edges_from`` of NetworkX build, without
    their checks per element.

    Notes
    -----
    O(nodes + edges), about three times faster than NetworkX's own (a thousand elements
    of a data/us view: about half a millisecond).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "chef", {"employment": 3}), ("chef", "leisure")], name="w")
    >>> H = graph_of(adjacency(G), ["chef", "cook"], [("cook", "chef")], G.graph)
    >>> list(H.edges(data=True)), H.graph, H.edges["cook", "chef"] is G.edges["cook", "chef"]
    ([('cook', 'chef', {'employment': 3})], {'name': 'w'}, False)
    """
    succ_in, _, attrs = adj
    H = nx.DiGraph()
    if graph:
        H.graph.update(graph)
    node, succ, pred = H._node, H._succ, H._pred
    for n in nodes:
        if n in node:
            node[n].update(attrs[n])
        else:
            succ[n], pred[n], node[n] = {}, {}, dict(attrs[n])
    for u, v in edges:
        for end in (u, v):
            if end not in node:
                succ[end], pred[end], node[end] = {}, {}, {}
        data = succ[u].get(v)
        if data is None:
            data = {}
        data.update(succ_in[u][v])
        succ[u][v] = pred[v][u] = data
    return H


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
