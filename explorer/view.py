"""The pure pipeline from a `ViewState` to what the page draws.

`visible_graph` applies the need and tier filters (hidden tiers bridged), the focus
neighbourhood and the "Path to..." path, then the element cap, and says in words what is
shown. `elements` turns a `View` into Cytoscape.js elements with server-side positions.
The graph view, the node table and the export panel all call `visible_graph`, so they
always agree on what "the current view" is.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_nodes_from([("family", {"tier": "need", "label": "Family"}),
...                   ("nanny", {"tier": "profession", "label": "Nanny"}),
...                   ("au-pair", {"tier": "job", "label": "Au pair"})])
>>> G.add_edges_from([("nanny", "family", {"relation": "serves"}),
...                   ("au-pair", "nanny", {"relation": "draws_on"})])
>>> view = visible_graph(G, DEFAULT.replace(tiers=["need", "job"]))
>>> view.message
'Showing 2 of 3 nodes, 12 needs, 2 tiers'
>>> sorted(view.graph.edges(data="relation"))
[('au-pair', 'family', 'bridged')]
>>> visible_graph(G, DEFAULT, cap=3).truncated
True
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace

import networkx as nx

from graph import query, whatif
from graph.cache import GraphCache
from graph.formatting import plural
from graph.views import induced_from
from graph.moves.layout import Drawing, drawing as moves_drawing
from graph.adjacency import adjacency, graph_of
from graph.aggregate import aggregate
from graph.groups import Group, fold_graph
from graph.paging import MORE as MORE_PER_CLICK, Expansion, Outcome, expansions
from graph.plan import Plan, plan
from explorer.elements import (bend_links, kept_bends, mark_major_labels, to_elements,
                               whatif_classes)
from explorer.needlabels import label_needs
from explorer.ringtitles import place_ring_titles
from graph.layout import LAYOUTS, ring_radii, ring_spans
from graph.schema import NEED_IDS, TIER_IDS, TIER_NOUNS, TIERS, tier_rank
from explorer.state import DEFAULT, ViewState
from explorer.scales import BROWSER_FIELDS

__all__ = ["DEFAULT_CAP", "View", "elements", "kept_view", "visible_graph"]

#: Element cap used when the caller gives none (the app passes its setting).
DEFAULT_CAP = 1000
#: A view of at most this many times the cap is drawn whole, not folded: the browser
#: copes with it (``python -m bench.bench_us --caps``: the bundled data's 1,285 elements
#: load and pan as fast as a 1,000-element view), and folding a view barely over the cap
#: would hide much to save little. Bigger views are folded to the cap itself.
WHOLE_VIEW = 1.3

#: The only node and edge attributes sent to the browser: what the stylesheet, the hover
#: text and the tests of the drawn graph read. Everything else (descriptions, aliases,
#: URLs, tickers...) is shown by the details panel, rendered on the server; leaving it out
#: cuts a US view's payload from 410 KB to about half.
NODE_FIELDS = frozenset({"id", "label", "tier", "code", "group", "count", "hidden", "anchor",
                         "title", "lines", "above"}) | BROWSER_FIELDS  # and what "Colour by" paints
EDGE_FIELDS = frozenset({"id", "source", "target", "relation", "bridged", "via",
                         "employment", "weight"})


@dataclass(frozen=True)
class View:
    """What the page shows for one state, and how to say so.

    Attributes
    ----------
    graph : networkx.DiGraph
        The nodes and edges to draw (read-only; at most ``cap`` of them together).
    state : ViewState
        The state it was made from (node ids not in the graph dropped).
    total_nodes : int
        Nodes in the whole dataset.
    matched_nodes, matched_edges : int
        Nodes and edges the filters and focus select, before the cap.
    truncated : bool
        True when the cap left some of them out.
    cap : int
        The element cap applied.
    message : str
        "Showing 84 of 412 nodes, 3 needs, 4 tiers" (and the focus, if any).
    notice : str
        Why the view is truncated or differs from the filters, or "".
    path : tuple of str
        The nodes of the "Path to..." path, in order, or empty.
    groups : tuple of graph.groups.Group
        Beyond the cap, the nodes not drawn, grouped under the drawn node they hang from
        (see `graph.aggregate`); the page draws each group as one "+N" node.
    revealed : tuple of str
        Drawn nodes that only the groups the user expanded brought in (highlighted).
    outcomes : tuple of graph.paging.Outcome
        What each group the user expanded drew, in the order they were asked for: the
        nodes drawn before an expansion stay drawn, unless it was told to make room.
    asked : str
        In words, what the last expansion drew and, when the budget left no room for all
        of it, what could be folded instead; "" when there is nothing to say.
    room : tuple of str
        The nodes the "make room" offer for the last expansion would fold, least
        connected first (empty when there is no such offer).
    matched : networkx.DiGraph or None
        Everything the filters, focus and path select, before the cap (read-only; what
        data exports hold); None means the same as ``graph``.
    scenario : graph.whatif.Scenario or None
        What the needs lose without the nodes of ``state.without`` (on the whole graph),
        or None when there is no such scenario. It changes how nodes are drawn, never
        which: removed nodes stay, crossed out.
    """

    graph: nx.DiGraph
    state: ViewState
    total_nodes: int
    matched_nodes: int
    matched_edges: int
    truncated: bool
    cap: int
    message: str
    notice: str = ""
    path: tuple[str, ...] = field(default=())
    groups: tuple[Group, ...] = field(default=())
    matched: nx.DiGraph | None = field(default=None, repr=False, compare=False)
    revealed: tuple[str, ...] = field(default=())
    outcomes: tuple[Outcome, ...] = field(default=())
    asked: str = ""
    room: tuple[str, ...] = field(default=())
    scenario: whatif.Scenario | None = field(default=None, repr=False, compare=False)
    moves: Drawing | None = field(default=None, repr=False, compare=False)

    @property
    def hidden_nodes(self) -> int:
        """Number of matched nodes that are not drawn (they are in the groups)."""
        return sum(g.hidden for g in self.groups)

    @property
    def visible_nodes(self) -> int:
        """Number of nodes drawn."""
        return self.graph.number_of_nodes()

    @property
    def visible_edges(self) -> int:
        """Number of edges drawn."""
        return self.graph.number_of_edges()


def _filtered(G, state: ViewState):
    """Return the need/tier-filtered graph (no filter object when everything is chosen),
    lateral edges left out (`graph.query.structural`): the normal views do not draw them."""
    needs = None if len(state.needs) == len(NEED_IDS) else state.needs
    tiers = None if len(state.tiers) == len(TIER_IDS) else state.tiers
    if needs is None and tiers is None:
        return query.structural(G)
    return query.filter_graph(G, needs=needs, tiers=tiers, bridge=True)


def _with_path(base, G, path) -> nx.DiGraph:
    """Return a copy of ``base`` with the nodes and edges of ``path`` (taken from G) added."""
    H = nx.DiGraph(base)
    for n in path:
        if n not in H:
            H.add_node(n, **G.nodes[n])
    for a, b in zip(path, path[1:]):
        if G.has_edge(a, b):
            H.add_edge(a, b, **G.edges[a, b])
        elif G.has_edge(b, a):
            H.add_edge(b, a, **G.edges[b, a])
    return nx.freeze(H)


def _distances(H, source) -> dict:
    """Return undirected hop distances from ``source`` in H."""
    dist = {source: 0}
    queue = deque([source])
    while queue:
        n = queue.popleft()
        for m in (*H.successors(n), *H.predecessors(n)):
            if m not in dist:
                dist[m] = dist[n] + 1
                queue.append(m)
    return dist


def ranked_nodes(G) -> list:
    """Return every node of G in the order the element cap keeps them.

    Nodes nearer the needs come first (links to follow: needs, then what serves them
    directly, then what draws on those...), then by tier rank (more enduring first),
    higher degree, and id. Nodes that reach no need come last.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "chef"), ("chef", "leisure"), ("lone", "lone2")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "chef": "profession", "cook": "job",
    ...                            "lone": "profession", "lone2": "industry"}, "tier")
    >>> ranked_nodes(G)
    ['leisure', 'chef', 'cook', 'lone', 'lone2']

    Notes
    -----
    O(n log n) once per graph (about 10 ms for data/us), then cached by graph identity
    (`graph.cache.GraphCache`): the list is shared, read-only.
    """
    return _RANKED.get(query.structural(G))


def _ranked_nodes(G) -> list:
    """Compute `ranked_nodes` of a graph without lateral links."""
    dist = {n: 0 for n, t in G.nodes(data="tier") if t == "need"}
    queue = deque(dist)
    while queue:
        n = queue.popleft()
        for m in G.predecessors(n):
            if m not in dist:
                dist[m] = dist[n] + 1
                queue.append(m)
    far = len(G) + 1
    # The private adjacency dicts of a DiGraph are several times faster than its views.
    succ, pred = getattr(G, "_succ", G.succ), getattr(G, "_pred", G.pred)
    attrs = getattr(G, "_node", G.nodes)
    keys = {n: (dist.get(n, far), tier_rank(attrs[n].get("tier")),
                -len(succ[n]) - len(pred[n]), str(n)) for n in G}
    return sorted(keys, key=keys.__getitem__)


_RANKED = GraphCache(_ranked_nodes)


def _small_graph(base, nodes, edges, adj) -> nx.DiGraph:
    """Return a new read-only DiGraph with these nodes and edges and base's attributes.

    ``adj`` is `graph.adjacency.adjacency` of base.
    """
    return nx.freeze(graph_of(adj, nodes, edges, base.graph))


@dataclass(frozen=True)
class _Matched:
    """What a state's filters, focus and path select, before the cap: the part of a view
    that expanding a group does not change, so views differing in ``more`` share it."""

    base: nx.DiGraph
    adj: tuple
    notes: tuple
    path: tuple
    trees: dict = field(default_factory=dict, compare=False)
    #: The whole (structural) graph when base is an induced subgraph of it (see
    #: `graph.plan.plan`), else None.
    within: nx.DiGraph | None = field(default=None, compare=False)
    moves: Drawing | None = field(default=None, compare=False)

    def tree(self, state: ViewState, order) -> Plan:
        """Return (and remember) the fold's tree of this selection."""
        tree = self.trees.get("tree")
        if tree is None:
            focus = state.focus if state.focus in self.base else None
            tree = self.trees["tree"] = plan(self.base, focus=focus, order=order, adj=self.adj,
                                             within=self.within)
        return tree


def _match(G, state: ViewState) -> _Matched:
    """Return what ``state`` selects before the cap, with the notes that explain it."""
    if state.moves is not None:  # a node's moves around it (graph.moves), filters aside
        drawn = moves_drawing(G, state.moves)
        note = (f"Showing the moves from {query.label(G, state.moves)}, links coloured by "
                "relatedness; the filters apply again once the moves are hidden.")
        H = drawn.graph  # drawn with its related_to links, which `adjacency` leaves out
        return _Matched(base=H, adj=(H._succ, H._pred, H._node), notes=(note,), path=(),
                        moves=drawn)
    base = _filtered(G, state)
    notes = []
    if not state.needs:
        notes.append("No need is chosen: tick one or more needs (or All) to see their web.")
    if not state.tiers:
        notes.append("No tier is chosen: tick one or more tiers to see their nodes.")
    if state.focus is not None:
        focus_label = query.label(G, state.focus)
        if state.focus in base:
            base = query.neighbourhood(base, state.focus, state.depth)
        else:
            base = query.neighbourhood(G, state.focus, state.depth)
            notes.append(f"{focus_label} is outside the chosen needs and tiers, "
                         "so its neighbourhood is shown from the whole graph.")
    path: tuple[str, ...] = ()
    if state.selected is not None and state.path_to is not None:
        found = query.shortest_path(G, state.selected, state.path_to)
        if found is None:
            notes.append(f"No path joins {query.label(G, state.selected)} "
                         f"and {query.label(G, state.path_to)}.")
        else:
            path = tuple(found)
            base = _with_path(base, G, path)
    # One read of the (possibly lazily computed) adjacency serves the counts and the fold.
    whole = query.structural(G)
    within = whole if induced_from(base) is whole else None
    return _Matched(base=base, adj=adjacency(base), notes=tuple(notes), path=path,
                    within=within)


def _compute(G, state: ViewState, cap: int, ranked=None, matched=None) -> View:
    """Compute the view of one (validated) state; see `visible_graph`.

    ``ranked``, when given, returns `ranked_nodes` of a graph, and ``matched`` returns
    `_match` of a state (both cached by the caller).
    """
    selection = matched(state) if matched is not None else _match(G, state)
    base, adj, path = selection.base, selection.adj, selection.path
    notes = list(selection.notes)
    matched_nodes, matched_edges = len(adj[0]), sum(map(len, adj[0].values()))
    truncated = matched_nodes + matched_edges > cap * WHOLE_VIEW
    groups: tuple[Group, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    if truncated:
        # The selection does not change what is drawn (the browser highlights it), so
        # selecting a node never costs a redraw; the focus and a path always come first.
        first = [n for n in (state.focus, *path) if n is not None]
        order = ranked(G) if ranked is not None else ranked_nodes(G)
        fold = aggregate(base, cap, first=first, pages=expanded(state),
                         tree=selection.tree(state, order))
        shown = _small_graph(base, fold.nodes, fold.edges, adj)
        groups, outcomes = fold.groups, fold.outcomes
        notes.insert(0, _fold_notice(state, matched_nodes, matched_edges, shown, groups, cap))
    elif adj[0] is getattr(base, "_succ", None):  # already a plain graph
        shown = base
    else:  # a small filtered view: a plain graph is cheaper to lay out and draw
        shown = _small_graph(base, list(adj[0]), [(u, v) for u in adj[0] for v in adj[0][u]], adj)
    message = (f"Showing {shown.number_of_nodes():,} of {G.number_of_nodes():,} nodes, "
               f"{plural(len(state.needs), 'need')}, {plural(len(state.tiers), 'tier')}")
    if groups:
        hidden = sum(g.hidden for g in groups)
        message += f"; {hidden:,} more in {plural(len(groups), 'group')}"
    elif truncated and shown.number_of_edges() < matched_edges:
        message += f"; {shown.number_of_edges():,} of {matched_edges:,} links"
    if state.focus is not None:
        message += f", around {query.label(G, state.focus)} (depth {state.depth})"
    return View(graph=shown, state=state, total_nodes=G.number_of_nodes(),
                matched_nodes=matched_nodes, matched_edges=matched_edges, truncated=truncated,
                cap=cap, message=message, notice=" ".join(notes), path=path, groups=groups,
                matched=base if truncated else None, moves=selection.moves,
                outcomes=outcomes)


def expanded(state: ViewState) -> tuple[Expansion, ...]:
    """Return the groups the user expanded, in the order asked for (`graph.aggregate`).

    Examples
    --------
    >>> [(e.anchor, e.tier, e.pages) for e in expanded(DEFAULT.expand("chef", "job")
    ...                                                 .expand(None, "profession"))]
    [('chef', 'job', 1), (None, 'profession', 1)]
    """
    return expansions(state.expansions())


def _fold_notice(state, matched_nodes, matched_edges, shown, groups, cap) -> str:
    """Return, in words, what a view beyond the cap draws, what it hides and how to see it."""
    drawn_nodes, drawn_edges = shown.number_of_nodes(), shown.number_of_edges()
    head = (f"This view has {matched_nodes:,} nodes and {matched_edges:,} links, more than "
            f"the {cap:,} elements drawn at once, ")
    if not groups:
        return head + (
            f"so all {drawn_nodes:,} nodes are drawn with {drawn_edges:,} of the "
            f"{matched_edges:,} links (each node keeps its link towards "
            f"{'the focus' if state.focus else 'the needs'}). To see every link, "
            "choose fewer needs, hide a tier (jobs are the most numerous) or focus on a node.")
    hidden = sum(g.hidden for g in groups)
    return head + (
        f"so {drawn_nodes:,} nodes are drawn, those "
        f"{'nearest the focus' if state.focus else 'nearest the needs'} and, under each, "
        f"the ones employing most people first. The other {hidden:,} are folded into "
        f"{plural(len(groups), 'group')} (the dashed \u201c+N\u201d nodes): click a group to "
        "draw more of it, focus on a node to see all of its neighbourhood, or choose fewer "
        "needs or hide a tier (jobs are the most numerous).")


def visible_graph(ctx_or_G, state: ViewState | None = None, cap: int | None = None) -> View:
    """Return what the page shows for ``state``: filtered, focused, path added, capped.

    Parameters
    ----------
    ctx_or_G : explorer.context.Context or networkx.DiGraph
        With a context, results are cached in ``ctx.views`` and the cap defaults to the
        app's ``element_cap`` setting.
    state : ViewState, optional
        Defaults to `explorer.state.DEFAULT`; node ids missing from the graph are ignored.
    cap : int, optional
        Most nodes plus edges to return; `DEFAULT_CAP` without a context.

    Returns
    -------
    View
        Its ``graph`` is read-only.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("cook", "chef"), ("baker", "family")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "family": "need", "chef": "profession",
    ...                            "cook": "job", "baker": "profession"}, "tier")
    >>> v = visible_graph(G, DEFAULT.replace(focus="chef"))
    >>> sorted(v.graph), v.message
    (['chef', 'cook', 'leisure'], 'Showing 3 of 5 nodes, 12 needs, 5 tiers, around chef (depth 1)')
    >>> v = visible_graph(G, DEFAULT.replace(needs=["leisure"], selected="cook", path_to="baker"))
    >>> v.path, v.notice
    ((), 'No path joins cook and baker.')
    """
    is_graph = isinstance(ctx_or_G, nx.Graph)
    G = ctx_or_G if is_graph else ctx_or_G.graph
    state = (state or DEFAULT).with_graph(G)
    views = None if is_graph else getattr(ctx_or_G, "views", None)
    if cap is None:
        cap = int(getattr(getattr(ctx_or_G, "settings", None), "element_cap", DEFAULT_CAP))
    cap = max(1, int(cap))
    if views is None:
        return _with_scenario(G, _revealing(_compute(G, state, cap),
                                            lambda s: _compute(G, s, cap)))

    # The selection only matters to what is drawn through a path: views differing in
    # the selected node alone share one computation.
    drawn = _drawn_state(state)

    def matched(s):
        return views.get_or_compute(("matched", s.replace(more=[]).key()),
                                    lambda: _match(G, s))

    def compute():
        return _revealing(_compute(G, drawn, cap, matched=matched),
                          lambda s: visible_graph(ctx_or_G, s, cap))

    view = views.get_or_compute(("view", drawn.key(), cap), compute)
    return _with_scenario(G, view if view.state == state else replace(view, state=state), views)


def _with_scenario(G, view: View, views=None) -> View:
    """Return ``view`` with the what-if scenario of its state (cached in ``views``)."""
    removed = view.state.without
    if not removed:
        return view
    if views is None:
        return replace(view, scenario=whatif.without(G, removed))
    return replace(view, scenario=views.get_or_compute(
        ("whatif", removed), lambda: whatif.without(G, removed)))


def _revealing(view: View, view_of) -> View:
    """Return ``view`` with the nodes its expanded groups brought in, and what its last
    expansion drew in words (`View.asked`) with the "make room" offer when it drew less
    than asked (`View.room`). ``view_of(state)`` returns the view of another state: the
    same with every group folded, and the same with the last expansion making room."""
    if not view.state.more or not view.truncated:
        return view
    before = view_of(view.state.replace(more=[])).graph
    revealed = tuple(n for n in view.graph if n not in before)
    last = view.outcomes[-1] if view.outcomes else None
    room: tuple[str, ...] = ()
    if last is not None and last.short and not last.expansion.room:
        asked = last.expansion
        trial = view_of(view.state.make_room(asked.anchor, asked.tier)).outcomes
        if trial and len(trial[-1].drawn) > len(last.drawn):
            room = trial[-1].folded
    return replace(view, revealed=revealed, room=room,
                   asked=_asked_words(view, last, room) if last is not None else "")


def _asked_words(view: View, outcome: Outcome, room: tuple) -> str:
    """Return, in words, what ``outcome`` (the last expansion of ``view``) drew, and what
    the user can do when it drew less than asked (``room``: what making room folds)."""
    G = view.matched if view.matched is not None else view.graph
    asked = outcome.expansion
    one, many = TIER_NOUNS.get(asked.tier, (asked.tier, asked.tier))
    where = (f" under {query.label(G, asked.anchor)}" if asked.anchor is not None
             else " at the top level")
    wanted = f"{outcome.asked:,} {one if outcome.asked == 1 else many}{where}"
    drawn = len(outcome.drawn)
    if outcome.asked == 0:
        return (f"Nothing more to draw of that group{where}: it is no longer in this view.")
    folded = outcome.folded
    if folded:
        names = _names(G, folded)
        said = (f"To draw {drawn:,} of the {wanted}, the {_least(folded)} went back "
                f"into {'its group' if len(folded) == 1 else 'their groups'}: {names}"
                + ("" if names.endswith(".") else "."))
    elif not outcome.short:
        return f"Drew the {wanted} asked for; everything drawn before is still drawn."
    else:
        said = (f"Drew {drawn:,} of the {wanted} asked for: all {view.cap:,} elements are "
                "in use, and nothing drawn is taken away without asking.")
    if not outcome.short:
        return said
    if room:
        return said + (f" Make room by folding the {_least(room)} ({_names(G, room)}), "
                       "fold a group drawn earlier, or narrow the view.")
    return said + (" Nothing more can be folded to make room for the rest: fold a group "
                   "drawn earlier, focus on a node or narrow the view.")


def _least(nodes) -> str:
    """Return "12 least connected nodes" (or "least connected node") for ``nodes``."""
    return (f"{len(nodes):,} least connected nodes" if len(nodes) != 1
            else "least connected node")


def _names(G, nodes, most: int = 3) -> str:
    """Return the first ``most`` names of ``nodes`` and how many others, in words."""
    names = [query.label(G, n) for n in nodes[:most]]
    rest = len(nodes) - len(names)
    return ", ".join(names) + (f" and {rest:,} more" if rest > 0 else "")


def _drawn_state(state: ViewState) -> ViewState:
    """Return the state without the parts that do not change which nodes are drawn, or
    where: the selection (unless a path starts there) and the what-if scenario (it only
    changes the classes of the elements)."""
    changes = {} if state.path_to is not None else {"selected": None}
    if state.without:
        changes["without"] = []
    return state.replace(**changes) if changes else state


def _scale(pos: dict) -> float:
    """Return how much to enlarge needs and ring labels so they stay readable when fitted."""
    extent = max((max(abs(x), abs(y)) for x, y in pos.values()), default=0.0)
    return max(1.0, extent / 450.0)


#: Least share of the turn a ring's nodes span for its guide to be drawn.
RING_GUIDE_SPAN = 0.5


def _ring_elements(H, pos, keep=None) -> list[dict]:
    """Return the ring guides of the web layout: one labelled circle per tier shown (on
    the rings of the drawing ``keep``, when H is drawn on them: see `positions`)."""
    radii = ring_radii(H, keep=keep)
    spans = ring_spans(H, pos)  # a ring whose nodes fill a small arc needs no guide
    font = round(18 * _scale(pos))
    rings = [_guide(tier.id, f"{tier.plural} - {tier.stability}", radii[tier.rank], font)
             for tier in TIERS
             if tier.rank in radii and tier.rank != 0  # needs are labelled one by one
             and spans.get(tier.rank, 0.0) >= RING_GUIDE_SPAN]
    rings.reverse()  # outer rings first, so inner ones are drawn on top
    return rings


def _guide(ring_id: str, text: str, radius: float, font: int) -> dict:
    """Return one ring guide: a labelled circle around the origin that takes no events."""
    return {"data": {"id": f"ring:{ring_id}", "label": text, "diameter": round(2 * radius, 1),
                     "font": font},
            "position": {"x": 0.0, "y": 0.0}, "classes": f"ring ring-{ring_id}",
            "selectable": False, "grabbable": False, "locked": True}


def drawn_graph(view: View) -> nx.DiGraph:
    """Return the graph the page draws: the view's nodes and links plus its group nodes.

    Each group is a node with the tier of its members, ``group=True``, a ``label`` such as
    "+83 professions", ``count`` (members) and ``hidden`` (nodes under it in all), linked
    to its anchor by a ``grouped`` link.
    """
    if not view.groups:
        return view.graph
    H = fold_graph(view.graph, view.groups)
    for g in view.groups:
        anchor = query.label(view.graph, g.anchor) if g.anchor is not None else None
        H.nodes[g.id].update(hidden=g.hidden, anchor=g.anchor or "", title=_group_title(g, anchor))
    return H


def _group_title(group: Group, anchor_label: str | None) -> str:
    """Return the hover text of a group: what it holds and what a click does."""
    label = group.label[1:]
    where = f" linked to {anchor_label}" if anchor_label else ""
    under = group.hidden - group.count
    extra = f" (and {under:,} nodes hanging from them)" if under else ""
    return (f"{label} more{where}{extra}. Click to draw up to {MORE_PER_CLICK} more; "
            "when there is no room, nothing drawn is folded without asking.")


def positions(view: View, layout: str, cache=None, drawn=None, keep=None) -> dict:
    """Return the node positions of ``view`` in ``layout`` (cached in ``cache`` if given).

    Group nodes are laid out with the rest, next to their anchors; ``drawn`` is
    `drawn_graph` of the view when the caller already has it. ``keep``, (graph,
    positions, bends) of another web drawing (`kept_view`, `_kept_drawing`), is the
    drawing the web layout keeps (`graph.layout.tier_rings`); it must be the same for the
    same view.
    """
    if view.moves is not None:  # a node's moves: rings of relatedness around it
        return view.moves.positions
    func = LAYOUTS.get(layout, LAYOUTS["web"]).function
    extra = {"keep": keep} if keep is not None else {}

    def compute():
        return func(drawn if drawn is not None else drawn_graph(view), **extra)

    if cache is None:
        return compute()
    key = ("pos", layout, _drawn_state(view.state).key(), view.cap, keep is not None)
    return cache.get_or_compute(key, compute)


def kept_view(ctx_or_G, state: ViewState) -> View | None:
    """Return the view whose web drawing a view of ``state`` is drawn on, or None.

    A web view with some needs unticked is drawn on the drawing of the same view with
    every need (`elements`, `graph.keep.keep_drawing`): ticking or unticking a need
    moves none of the nodes that stay drawn, as a user expects and as the browser redraws
    fastest, and the same state is always drawn the same.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "chef": "profession"}, "tier")
    >>> kept_view(G, DEFAULT) is None, kept_view(G, DEFAULT.replace(needs=["leisure"])).state.needs == DEFAULT.needs
    (True, True)
    """
    if (state.layout != "web" or state.moves or not state.needs
            or set(state.needs) >= set(NEED_IDS)):
        return None
    return visible_graph(ctx_or_G, state.replace(needs=NEED_IDS))


def _kept_drawing(like: View | None, layout: str, cache=None, els=None):
    """Return (graph, positions, bends) of the web drawing of ``like`` (`kept_view`), or
    None.

    ``bends`` are the `explorer.elements.kept_bends` of its elements: ``els`` when the
    caller has them, else they are drawn here. Cached in ``cache`` when given: every
    filter change of a view draws on the same kept drawing, whose graph (`drawn_graph`)
    and bends are then made once, not on every reply (`elements` puts them there as it
    draws a view that others may be drawn on).
    """
    if like is None or like.moves is not None or LAYOUTS.get(layout) is not LAYOUTS["web"]:
        return None

    def compute():
        H = drawn_graph(like)
        drawn = els if els is not None else _elements(like, layout, cache, None)
        return H, positions(like, layout, cache, H), kept_bends(drawn)

    if cache is None:
        return compute()
    return cache.get_or_compute(("kept", layout, _drawn_state(like.state).key(), like.cap),
                                compute)


def elements(view: View, layout: str = "web", cache=None, like=None) -> list[dict]:
    """Return the Cytoscape.js elements of ``view`` with preset positions for ``layout``.

    ``like``, the view of `kept_view`, is the web drawing kept: the nodes drawn in both
    stay where they are in it, on its rings (see `graph.keep.keep_drawing`), and a link
    drawn in both whose ends stay keeps its bend there while that bend clears every node
    (`explorer.elements.bend_links`), so the browser restyles neither.

    Node classes carry the tier (for colour and shape), plus ``focus-node`` and
    ``on-path`` where they apply; edges on the path carry ``on-path``. A what-if scenario
    adds the classes of `explorer.elements.whatif_classes` (``removed``, ``loses-need``,
    ``cover-lost``). The selected node
    is highlighted in the browser (class ``selected-node``, set client-side), so a new
    selection needs no new elements.
    The web layout adds non-interactive ring guides (class ``ring``, ids ``ring:<tier>``)
    drawn behind the graph, round each ring whose
    nodes go at least `RING_GUIDE_SPAN` of the way round (a small view has none), each
    titled with its tier's stability outside the ring and on no node (class
    ``ring ring-title``, see `explorer.ringtitles.place_ring_titles`). A link
    that would pass over a node it does not join is bent round it (class ``bent``, see
    `explorer.elements.bend_links`), and the labels of the most linked nodes of each tier
    are sized to be read once fitted (class ``label-major``, see
    `explorer.elements.mark_major_labels`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure", {"relation": "serves"})])
    >>> nx.set_node_attributes(G, {"leisure": "need", "chef": "profession"}, "tier")
    >>> els = elements(visible_graph(G, DEFAULT.replace(selected="chef")), "web")
    >>> [(e["data"]["id"], e["classes"]) for e in els]
    [('chef', 'profession label-major'), ('leisure', 'need need-leisure'), ('chef->leisure', 'serves')]
    """
    els = _elements(view, layout, cache, like)
    if like is None and cache is not None:  # a drawing other views may be drawn on
        _kept_drawing(view, layout, cache, els)
    return els


def _elements(view: View, layout: str, cache, like) -> list[dict]:
    """Compute `elements`."""
    state = view.state
    drawn = drawn_graph(view)
    kept = _kept_drawing(like, layout, cache)
    pos = positions(view, layout, cache, drawn, kept)
    extra: dict[str, list[str]] = {}
    if state.focus in view.graph:
        extra.setdefault(state.focus, []).append("focus-node")
    for n in view.path:
        extra.setdefault(n, []).append("on-path")
    for a, b in zip(view.path, view.path[1:]):
        eid = f"{a}->{b}" if view.graph.has_edge(a, b) else f"{b}->{a}"
        extra.setdefault(eid, []).append("on-path")
    for g in view.groups:
        extra.setdefault(g.id, []).append("group")
    for n in view.revealed:
        extra.setdefault(n, []).append("revealed")
    if view.scenario is not None:
        for eid, names in whatif_classes(view.scenario, drawn).items():
            extra.setdefault(eid, []).extend(names)
    if view.moves is not None:
        for eid, names in view.moves.classes.items():
            extra.setdefault(eid, []).extend(names)
    els = to_elements(drawn, positions=pos, classes=extra)
    k = _scale(pos)
    for el in els:
        # Nodes are told apart by their position: a node may carry a "source" attribute.
        keep = NODE_FIELDS if "position" in el else EDGE_FIELDS
        el["data"] = {f: v for f, v in el["data"].items() if f in keep}
    label_needs(els, k)
    mark_major_labels(bend_links(els, kept[2] if kept is not None else None))
    if view.moves is not None:  # rings of relatedness, labelled, outer ones first
        font = round(18 * _scale(pos))
        guides = [_guide(r.id, r.label, r.radius, font) for r in reversed(view.moves.rings)]
        return guides + place_ring_titles(guides, els) + els
    if layout == "web" and len(view.graph):
        guides = _ring_elements(drawn, pos, kept)
        return guides + place_ring_titles(guides, els) + els
    return els
