"""A fold in progress and its budget of elements (`Canvas`), and the steps that draw on it.

A fold draws nodes while the element cap allows: `draw_cost` is what drawing a node adds
(its link to its parent and the groups of its children included), `try_draw` draws it
when that fits. The steps `draw_chains` (nodes asked for first), `draw_breadth_first`
(the fill) and `draw_pages` (the expansions) are built on it; an expansion told to make
room folds drawn nodes back into their groups, `make_room` choosing them and `undraw`
folding each.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from graph.paging import Outcome, Paging
from graph.plan import Plan

__all__ = ["Canvas", "degrees", "draw", "draw_breadth_first", "draw_chains", "draw_cost",
           "draw_pages", "group_cost", "make_room", "try_draw", "undraw"]


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
    graph.aggregate.fold_plan : draws a canvas from start to end.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.plan import plan
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
    def start(cls, tree: Plan, cap: int, paging: Paging) -> Canvas:
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
    draw_pages : the next step of `graph.aggregate.fold_plan`.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.plan import plan
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
    >>> from graph.plan import plan
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
    >>> from graph.plan import plan
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
    >>> from graph.paging import Expansion
    >>> from graph.plan import plan
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
    >>> from graph.plan import plan
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
