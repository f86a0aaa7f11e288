"""Fold a graph too big to draw into at most ``cap`` elements, grouping what is left out.

A view of the US data has thousands of nodes; a browser draws about a thousand elements
smoothly. `aggregate` keeps the structure readable instead of cutting it off: it hangs
every node from one *parent* nearer the view's roots (the needs, or the focused node), so
the graph becomes a tree, then draws that tree breadth first, a page of children per parent
and tier at a time (every first page, then every second page...), the heaviest first (most
people employed), until the budget is spent.
Whatever is not drawn is counted in a `graph.groups.Group` hanging off its nearest drawn
ancestor: "+83 professions" under a sector, "+12 industries" under a profession. Links
between drawn nodes that are not tree links fill whatever budget is left.

Asking for more of a group (a `graph.paging.Expansion`) never takes away what is drawn:
the fold without it is drawn first, exactly, and the members asked for are added as far
as the budget allows; the rest stay counted in a smaller group, and the
`graph.paging.Outcome` says how many were drawn. Only an expansion that is told to make
``room`` folds drawn nodes for its members, the least connected first, and it names them
(`graph.paging.Outcome.folded`).

Each step is a function of its own. `graph.plan.plan` builds the tree, once per view;
`fold_plan` folds it within a cap: `graph.canvas.draw_chains` (the nodes asked for
first), `graph.canvas.draw_breadth_first`, `graph.canvas.draw_pages` (the expansions, in
the order they were asked for), then `select_edges` and `left_out` (the groups). A
`graph.canvas.Canvas` holds a fold in progress and its budget; `graph.paging` says how
many children a round draws and what an expansion asks for; `graph.groups` names the
groups; `graph.linkrank` and `graph.adjacency` hold what is read once per graph.

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
>>> from graph.paging import Expansion
>>> more = aggregate(G, cap=11, page=2, pages=[Expansion("chef", "job")])
>>> more.nodes == folded.nodes, more.outcomes[0].asked, more.outcomes[0].drawn  # no room
(True, 2, ())
>>> room = aggregate(G, cap=11, page=2, pages=[Expansion("chef", "job", room=True)])
>>> room.outcomes[0].drawn, room.outcomes[0].folded, [g.label for g in room.groups]
(('pastry-cook', 'sous-chef'), ('brewer', 'baker'), ['+2 professions'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.canvas import Canvas, draw_breadth_first, draw_chains, draw_pages
from graph.groups import Group
from graph.paging import MORE, PAGE, Paging, expansions
from graph.plan import Plan, plan
from graph.schema import tier_rank

__all__ = ["Aggregation", "aggregate", "fold_plan", "left_out", "select_edges"]


@dataclass(frozen=True)
class Aggregation:
    """What to draw of a graph within the budget: nodes, links and groups.

    ``nodes`` are in drawing order (roots first); ``edges`` are links of the graph between
    drawn nodes; ``parent`` maps each node of the graph to its parent (None for roots);
    ``outcomes`` has one `graph.paging.Outcome` per expansion asked for, in order.
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
    graph.canvas.draw_cost : counts the tree links; ``room`` is what the drawing left of
        the cap.

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
    graph.groups.Group : one of them.
    graph.groups.fold_graph : adds them to the drawn graph as nodes.

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

    The steps, in order: the chains to the nodes asked for ``first``
    (`graph.canvas.draw_chains`), the breadth-first fill (`graph.canvas.draw_breadth_first`),
    the expansions ``asked`` for (`graph.canvas.draw_pages`; see `graph.paging.expansions`
    for what it accepts), then the links (`select_edges`) and the groups of what is left
    out (`left_out`). The nodes drawn before the expansions are those drawn without them,
    so an expansion adds to what was drawn and folds something only when it is told to
    make room.

    Notes
    -----
    O(n log n) for the n nodes queued (the children of the drawn nodes), plus the
    expansions' cost (`graph.canvas.draw_pages`).

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
    pages : sequence of graph.paging.Expansion, or dict, optional
        The groups to draw more of, in the order they were asked for (see
        `graph.paging.expansions`; a dict (anchor, tier) -> pages is taken in its order,
        anchor None: the roots). Each page asks for ``more`` members beyond those drawn;
        they are added to what the fold draws without them, as far as the cap allows, and
        an expansion folds drawn nodes for them only when it says ``room``
        (`graph.paging.Outcome` says what happened).
    order : list, optional
        A ranking of the nodes used to break ties (defaults to sorted ids).
    page, more : int
        Children drawn per parent and tier at first, and per extra page.
    adj : tuple, optional
        `graph.adjacency.adjacency` of G, when the caller already has it.
    tree : Plan, optional
        `graph.plan.plan` of G with the same roots, focus and order, when the caller
        already has it.

    Returns
    -------
    Aggregation

    Notes
    -----
    Builds the `graph.plan.plan` (O(nodes + links) and a sort of each parent's children) unless
    given one, then folds it with `fold_plan`, O(n log n) for the n nodes queued.

    See Also
    --------
    graph.plan.plan : the tree, to build once and fold many ways.
    fold_plan : the steps of one fold.
    graph.groups.fold_graph : the drawn graph with one node per group.

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
