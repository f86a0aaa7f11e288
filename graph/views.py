"""Filtered and bridged views of a Web of Work graph: what `graph.query` returns.

The queries decide *which* nodes a result keeps (see `graph.query.filter_graph` for the
filters and bridged edges, `graph.query.neighbourhood` for ego networks); this module
builds the result as a view of the input graph, cheaply, from the per-graph index of
need membership (`graph.needindex.need_index`: each node's tier and the needs it reaches,
nodes grouped by both).

Results are read-only
---------------------
Every view is a frozen NetworkX graph over the input graph (cheap, no copy); node and
edge attribute dicts are shared with the input. Treat every result as read-only: call
``nx.DiGraph(result)`` for a mutable copy. Node order in results is deterministic for a
given graph (not necessarily the graph's own order). The input graph itself is never
modified.

Lateral edges
-------------
Lateral edges (`graph.schema.LATERAL_RELATIONS`, such as ``related_to``) lead nowhere near
the needs, so every function here reads `graph.cache.structural` of its graph, the graph
without them: the index, the filters and their bridged edges never see them, and views
are views of that graph (``nx.DiGraph(view)`` has no lateral edge). `induced_view` alone
is a plain induced subgraph of the graph it is given.

Cost
----
Once the index exists (one linear pass over the edges, cached per graph: see
`graph.needindex`), a filter view costs the number of groups to build, not the
number of nodes: a node is kept when its group is (`select`). Reading it costs a dict
lookup per edge, done in C; nodes of a group whose neighbours are all kept get the
graph's own neighbour dicts. Before a walk over many nodes the view switches, once, to
one set lookup per neighbour (a set of the kept or of the dropped nodes, whichever is
smaller).

A view with bridged edges finds each node's bridged edges when that node's adjacency is
first read (and remembers them), so building it costs no search at all and reading it
costs only what is read; counting its edges reads successors only. (In a graph with a
directed cycle, which the builder rejects, the bridged edges are all found up front
instead.) `bench/bench_query.py` measures all this.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("loan-officer", "bank"), ("bank", "finance"),
...                 ("finance", "economic-security")])
>>> for node, tier in zip(G, ["job", "organization", "industry", "need"]):
...     G.nodes[node]["tier"] = tier
>>> H = filtered_view(G, select(G, tiers=["job", "need"]))
>>> list(H.edges(data="via")), nx.is_frozen(H)
([('loan-officer', 'economic-security', 'bank|finance')], True)
>>> H.nodes["loan-officer"] is G.nodes["loan-officer"]  # shared, not copied
True
>>> list(induced_view(G, ["bank", "loan-officer"]).edges)
[('loan-officer', 'bank')]
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from itertools import chain, compress, filterfalse

import networkx as nx

from .cache import structural
from .needindex import NeedIndex, need_index
from .resolve import resolve_need, resolve_tiers
from .schema import ALIAS_SEPARATOR, BRIDGED

__all__ = ["Selection", "select", "filtered_view", "induced_view", "induced_from"]


# ---------------------------------------------------------------------------------------
# Members: which nodes a view keeps, and how a neighbour dict is tested against them.
# ---------------------------------------------------------------------------------------
class _Test:
    """How a view tests the nodes of a neighbour dict against its members.

    ``contains(node)``, ``pick(atlas)`` (an iterator over the members among the keys of
    ``atlas``) and ``count(atlas)``; each is set once, to a callable that runs in C where
    it can (``filter``, ``compress``, ``map`` over dict or set lookups).
    """

    __slots__ = ("contains", "pick", "count")

    def __init__(self, contains, pick, count):
        self.contains, self.pick, self.count = contains, pick, count


def _set_test(contains, nodes, dropped: bool = False) -> _Test:
    """Return the test of one lookup in `nodes` (a set or dict) per neighbour: `nodes` are
    the members, or (`dropped`) the nodes of G that are not."""
    has = nodes.__contains__
    if dropped:
        return _Test(contains, partial(filterfalse, has),
                     lambda atlas: len(atlas) - sum(map(has, atlas)))
    return _Test(contains, partial(filter, has), lambda atlas: sum(map(has, atlas)))


def _group_test(idx: NeedIndex, kept: set) -> _Test:
    """Return the test of a node's group number (kept or not), free to build: two lookups
    per neighbour."""
    gid, ok, get = idx.gid.__getitem__, kept.__contains__, idx.gid.get

    def contains(node) -> bool:
        """Return True when node is in a kept group."""
        return get(node) in kept

    return _Test(contains, partial(_pick, ok, gid), lambda atlas: sum(map(ok, map(gid, atlas))))


def _pick(ok, gid, atlas):
    """Return an iterator over the nodes of atlas whose group number passes ok."""
    return compress(atlas, map(ok, map(gid, atlas)))


class _NodeMembers:
    """The members of a view given as an ordered dict of nodes (a neighbourhood, a filter
    on a graph with cycles), iterated in its order."""

    __slots__ = ("_keep", "length", "contains", "test")

    def __init__(self, keep: dict):
        self._keep, self.length = keep, len(keep)
        self.test = _set_test(keep.__contains__, keep)
        self.contains = self.test.contains

    def order(self):
        """Return an iterator over the members, in order."""
        return iter(self._keep)


class _GroupMembers:
    """The members of a filtered view: every node of the kept groups of the index.

    Building it costs nothing per node. Neighbours are first tested by group number
    (``test`` is a group test); `settle`, called before a walk over many nodes, moves
    ``test`` once to a set lookup per neighbour (``settled`` tells which), whose set costs
    one pass to build. Views over at most half of G are walked group by group; over more,
    in G's own order (better memory locality), which needs the set of dropped nodes.
    """

    __slots__ = ("idx", "kept", "groups", "length", "tier_set", "sel", "by_group", "contains",
                 "test", "settled", "_dropped")

    def __init__(self, idx: NeedIndex, kept: set, groups: list, length: int, tier_set=None,
                 sel=None):
        self.idx, self.kept, self.groups, self.length = idx, kept, groups, length
        self.tier_set, self.sel = tier_set, sel  # the filter that chose the groups
        self.by_group = 2 * length <= len(idx.gid)
        self.test = _group_test(idx, kept)
        self.contains = self.test.contains
        self.settled = False
        self._dropped = None  # set of the nodes not kept, once settled and not by_group

    def settle(self) -> None:
        """Test neighbours with one set lookup each from now on (a set of the kept or of
        the dropped nodes, whichever is smaller, built once)."""
        if self.settled:
            return
        if self.by_group:
            self.test = _set_test(self.contains, set(chain.from_iterable(self.groups)))
        else:
            kept = self.kept
            self._dropped = set(chain.from_iterable(
                nodes for i, nodes in enumerate(self.idx.groups.values()) if i not in kept))
            self.test = _set_test(self.contains, self._dropped, dropped=True)
        self.settled = True

    def order(self):
        """Return an iterator over the members: group by group, or in G's order (the
        index's tier dict follows it)."""
        if self.by_group:
            return chain.from_iterable(self.groups)
        self.settle()
        return filterfalse(self._dropped.__contains__, self.idx.tier)

    def whole(self, forward: bool) -> frozenset:
        """Return the kept groups whose nodes surely have all their successors (`forward`)
        or predecessors kept, judged from the tier pairs edges may join.

        With no needs filter, that holds when every tier a neighbour may have is shown.
        With one, predecessors reach every need their successor reaches, so they stay in
        the chosen webs (need nodes aside); successors may not.
        """
        tier_set, sel, pairs = self.tier_set, self.sel, self.idx.tier_pairs
        tier_of = [tier for _, tier, _ in self.idx.groups]
        verdict: dict = {}
        for tier in {tier_of[i] for i in self.kept}:
            near = {b for a, b in pairs if a == tier} if forward else {
                a for a, b in pairs if b == tier}
            if tier_set is not None and not near <= tier_set:
                verdict[tier] = False
            elif sel is None:
                verdict[tier] = True
            else:
                verdict[tier] = not near if forward else "need" not in near
        return frozenset(i for i in self.kept if verdict[tier_of[i]])


class _Neighbours(Mapping):
    """The neighbours of one node that a view keeps (a read-only mapping)."""

    __slots__ = ("_atlas", "_test")

    def __init__(self, atlas, test: _Test):
        self._atlas, self._test = atlas, test

    def __getitem__(self, key):
        if self._test.contains(key):
            return self._atlas[key]
        raise KeyError(key)

    def __contains__(self, key) -> bool:
        return key in self._atlas and self._test.contains(key)

    def __iter__(self):
        return self._test.pick(self._atlas)

    def __len__(self) -> int:
        return self._test.count(self._atlas)

    def items(self):
        keys = list(self._test.pick(self._atlas))
        return zip(keys, map(self._atlas.__getitem__, keys))

    def values(self):
        return map(self._atlas.__getitem__, list(self._test.pick(self._atlas)))


class _Induced(Mapping):
    """An adjacency or node-attribute mapping of G restricted to a view's members.

    For adjacencies (``inner``) of group members, ``forward`` tells successors (True) from
    predecessors (False): nodes of a group whose neighbours are all kept (see
    `_GroupMembers.whole`) get G's own neighbour dict, with no filter.
    """

    __slots__ = ("_atlas", "_members", "_inner", "_forward", "_whole")

    def __init__(self, atlas, members, inner: bool = False, forward=None):
        self._atlas, self._members, self._inner, self._forward = atlas, members, inner, forward
        self._whole = None if forward is not None else frozenset()

    def _whole_groups(self) -> frozenset:
        """Return (and remember) the kept groups needing no neighbour filter."""
        whole = self._whole
        if whole is None:
            whole = self._whole = self._members.whole(self._forward)
        return whole

    def __getitem__(self, node):
        members = self._members
        if members.contains(node) and node in self._atlas:
            value = self._atlas[node]
            if not self._inner or (self._forward is not None
                                   and members.idx.gid[node] in self._whole_groups()):
                return value
            return _Neighbours(value, members.test)
        raise KeyError(node)

    def __contains__(self, node) -> bool:
        return self._members.contains(node) and node in self._atlas

    def __iter__(self):
        return self._members.order()

    def __len__(self) -> int:
        return self._members.length

    def items(self):
        atlas, members = self._atlas, self._members
        get = atlas.__getitem__
        if not self._inner:
            return zip(members.order(), map(get, members.order()))
        if self._forward is None:
            test = members.test
            return ((n, _Neighbours(get(n), test)) for n in members.order())
        whole = self._whole_groups()
        if len(whole) < len(members.kept):
            members.settle()
        if not whole or not members.by_group:
            order = members.order()  # walked in G's order: settles the members first
            test = members.test
            return ((n, _Neighbours(get(n), test)) for n in order)
        test = members.test
        parts = []
        for i, nodes in zip(sorted(members.kept), members.groups):
            if i in whole:  # G's own dicts, zipped in C
                parts.append(zip(nodes, map(get, nodes)))
            else:
                parts.append((n, _Neighbours(get(n), test)) for n in nodes)
        return chain.from_iterable(parts)


class _FilteredGraph(nx.DiGraph):
    """A read-only DiGraph whose adjacency may be computed on access (see `filtered_view`).

    Counting edges reads successor lists only (NetworkX reads predecessors too), so a
    bridged view never searches its predecessors just to be counted.
    """

    def number_of_edges(self, u=None, v=None):
        if u is None and v is None and isinstance(self.__dict__.get("_succ"),
                                                  (_Induced, _LazyAdjacency)):
            return sum(map(len, self._succ.values()))
        return super().number_of_edges(u, v)

    def size(self, weight=None):
        if weight is None:
            return self.number_of_edges()
        return super().size(weight)

    def adjacency_dicts(self) -> tuple[dict, dict, dict] | None:
        """Return (successors, predecessors, node attributes) as plain dicts, or None.

        Only for a view induced on its nodes (no bridged edges): its rows are G's own rows
        cut to the kept nodes in one pass, instead of neighbour by neighbour through the
        view. A bridged view returns None (its rows are computed as they are read).

        Notes
        -----
        A view over most of G (a needs filter leaving out one or two needs) shares G's
        own rows (read-only) and cuts only the rows of the nodes next to a node it leaves
        out: O(nodes kept + links of the nodes left out). Otherwise O(nodes + links kept).
        Predecessor rows keep G's order in the first case and the view's node order in
        the second.
        """
        if not isinstance(self._succ, _Induced):
            return None
        G = self._graph
        members = self._succ._members
        if (isinstance(members, _GroupMembers) and not members.by_group
                and type(G._succ) is dict and type(G._pred) is dict):
            return _cut_rows(G, members)
        nodes = list(self)
        keep = set(nodes)
        gsucc, gnode = G._succ, G._node
        succ = {u: {v: d for v, d in gsucc[u].items() if v in keep} for u in nodes}
        pred: dict = {u: {} for u in nodes}
        for u, nbrs in succ.items():
            for v, d in nbrs.items():
                pred[v][u] = d
        return succ, pred, {u: gnode[u] for u in nodes}


def _cut_rows(G, members: "_GroupMembers") -> tuple[dict, dict, dict]:
    """Return `_FilteredGraph.adjacency_dicts` of the view of plain G on ``members`` (a
    view over most of G): G's own rows, cut where they meet a node left out."""
    nodes = list(members.order())  # settles the members: their set of dropped nodes
    dropped = members._dropped
    gsucc, gpred, gnode = G._succ, G._pred, G._node
    succ = dict(zip(nodes, map(gsucc.__getitem__, nodes)))
    pred = dict(zip(nodes, map(gpred.__getitem__, nodes)))
    for rows, whole, back in ((succ, gsucc, gpred), (pred, gpred, gsucc)):
        for n in {u for d in dropped for u in back[d] if u not in dropped}:
            rows[n] = {m: data for m, data in whole[n].items() if m not in dropped}
    return succ, pred, dict(zip(nodes, map(gnode.__getitem__, nodes)))


def induced_from(H):
    """Return the plain graph that H is an induced subgraph view of (H itself when H is a
    plain graph), or None when H has bridged links (or is some other kind of view).

    H's links are then that graph's own links, with the same data, between H's nodes:
    what is precomputed once per graph about its links holds for H (see
    `graph.plan.plan`'s ``within``).

    Notes
    -----
    O(depth of views): a view of a view is followed down to the graph underneath.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> induced_from(induced_view(induced_view(G, "abc"), "ab")) is G
    True
    >>> induced_from(nx.subgraph_view(G, filter_node=lambda n: n != "c")) is None
    True
    """
    while isinstance(H, _FilteredGraph) and isinstance(H.__dict__.get("_succ"), _Induced):
        H = H._graph
    plain = (type(getattr(H, "_succ", None)) is dict and type(getattr(H, "_pred", None)) is dict
             and type(getattr(H, "_node", None)) is dict)
    return H if plain else None


def _members_view(G, members, lateral_free: bool = False) -> nx.DiGraph:
    """Return a frozen view of G induced on `members` (`_NodeMembers` or `_GroupMembers`).

    Like ``nx.subgraph_view`` but membership tests run in C (``filter`` or ``compress``
    over dict lookups), which makes counting and walking large views several times faster.
    ``lateral_free`` says G has no lateral edge (see `graph.cache.structural`).
    """
    H = _FilteredGraph()
    H._graph = G
    H.graph = G.graph
    H.lateral_free = lateral_free or getattr(G, "lateral_free", False)
    groups = isinstance(members, _GroupMembers)
    H._node = _Induced(G._node, members)
    H._succ = _Induced(G._succ, members, True, True if groups else None)
    H._pred = _Induced(G._pred, members, True, False if groups else None)
    return nx.freeze(H)


def induced_view(G, nodes) -> nx.DiGraph:
    """Return the read-only subgraph of G induced on `nodes`, iterating in their order.

    Parameters
    ----------
    G : networkx.DiGraph
    nodes : iterable
        Nodes of G, in the order the view lists them (a dict is used as is, as an
        ordered set: do not change it afterwards).

    Returns
    -------
    networkx.DiGraph
        A frozen view of G: its nodes, and every edge of G between two of them.

    See Also
    --------
    filtered_view : the view of a needs/tier filter, with bridged edges.
    graph.query.neighbourhood : the ego network of a node, as such a view.

    Notes
    -----
    Building it costs one dict of the nodes (none when given a dict); reading costs a
    lookup per neighbour, done in C. Like ``G.subgraph(nodes)`` but several times faster
    to count and walk.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    >>> H = induced_view(G, ["c", "a"])
    >>> list(H), list(H.edges), nx.is_frozen(H)
    (['c', 'a'], [('c', 'a')], True)
    """
    keep = nodes if isinstance(nodes, dict) else dict.fromkeys(nodes)
    return _members_view(G, _NodeMembers(keep))



# ---------------------------------------------------------------------------------------
# Selections: the groups of nodes a needs/tier filter keeps.
# ---------------------------------------------------------------------------------------
class Selection:
    """The groups of nodes (by tier and needs reached) that a needs/tier filter keeps.

    Made by `select`; ``sel`` is the bitmask of the chosen needs (None: no needs filter),
    ``tier_set`` the chosen tier ids (None: every tier), ``length`` the number of nodes
    kept.
    """

    def __init__(self, idx: NeedIndex, sel, chosen_needs: set, tier_set):
        self.idx = idx
        self.sel, self.chosen_needs, self.tier_set = sel, chosen_needs, tier_set
        self.groups, self.kept = [], set()
        for i, ((_, tier, mask), nodes) in enumerate(idx.groups.items()):
            if tier_set is not None and tier not in tier_set:
                continue
            # each need has its own bit, so a group of need nodes holds a single need
            if sel is not None and (not mask & sel or (tier == "need"
                                                       and nodes[0] not in chosen_needs)):
                continue
            self.groups.append(nodes)
            self.kept.add(i)
        self.length = sum(map(len, self.groups))

    def keep(self) -> dict:
        """Return the kept nodes as a dict used as an ordered set."""
        return dict.fromkeys(chain.from_iterable(self.groups))  # one pass, in C

    def members(self) -> _GroupMembers:
        """Return the kept nodes as view members (no work per node)."""
        return _GroupMembers(self.idx, self.kept, self.groups, self.length, self.tier_set,
                             self.sel)

    def view(self, G) -> nx.DiGraph:
        """Return the frozen subgraph view of G on the kept nodes, lateral edges left out."""
        return _members_view(structural(G), self.members(), True)


def select(G, needs=None, tiers=None) -> Selection:
    """Return what a filter on these needs and tiers keeps of G, as groups of nodes.

    Parameters
    ----------
    G : networkx.DiGraph
    needs : str or iterable of str, optional
        Need ids, labels or aliases; None means no needs filter.
    tiers : str or iterable of str, optional
        Tier ids or labels; None keeps every tier.

    Returns
    -------
    Selection

    Raises
    ------
    UnknownNameError
        When a need or tier name matches nothing (``suggestions`` lists close ids).

    See Also
    --------
    filtered_view : the view of a selection.
    graph.query.filter_graph : what each filter keeps.

    Notes
    -----
    Costs the number of (tier, needs reached) groups of `graph.needindex.need_index`, not
    the number of nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "economic-security"), ("chef", "leisure")])
    >>> for node, tier in [("teller", "job"), ("chef", "job"), ("economic-security", "need"),
    ...                    ("leisure", "need")]:
    ...     G.nodes[node]["tier"] = tier
    >>> selection = select(G, needs="Economic Security", tiers=["Jobs"])
    >>> list(selection.keep()), selection.length
    (['teller'], 1)
    """
    idx = need_index(G)
    sel = None
    chosen_needs: set = set()
    if needs is not None:
        if isinstance(needs, str):
            needs = [needs]
        chosen_needs = {resolve_need(G, n) for n in needs}
        sel = 0
        for n in chosen_needs:
            sel |= idx.bit.get(n, 0)
    return Selection(idx, sel, chosen_needs, resolve_tiers(tiers))


def _bridge_tiers(idx: NeedIndex, tier_set) -> tuple[set, set]:
    """Return the shown tiers whose nodes may start a bridged edge and those it may end at.

    Both are empty when no chain of tier pairs leads from a shown tier through hidden
    tiers back to a shown one (no bridging possible).
    """
    if tier_set is None:
        return set(), set()
    pairs = idx.tier_pairs
    hidden_tiers = idx.tiers - tier_set
    # hidden tiers from which a chain of hidden tiers leads to a shown one
    useful = {a for a, b in pairs if a in hidden_tiers and b in tier_set}
    while True:
        more = {a for a, b in pairs if a in hidden_tiers and b in useful} - useful
        if not more:
            break
        useful |= more
    sources = {a for a, b in pairs if a in tier_set and b in useful}
    targets = {b for a, b in pairs if a in useful and b in tier_set}
    return (sources, targets) if sources and targets else (set(), set())


class _LazyAdjacency(Mapping):
    """An adjacency mapping (node -> neighbour dict) over a view's members, each neighbour
    dict computed on first access and memoised."""

    __slots__ = ("_members", "_compute", "_memo")

    def __init__(self, members, compute):
        self._members, self._compute, self._memo = members, compute, {}

    def __getitem__(self, node):
        value = self._memo.get(node)
        if value is None:
            if not self._members.contains(node):
                raise KeyError(node)
            value = self._memo[node] = self._compute(node)
        return value

    def __contains__(self, node) -> bool:
        return self._members.contains(node)

    def __iter__(self):
        return self._members.order()

    def __len__(self) -> int:
        return self._members.length

    def items(self):
        memo, compute = self._memo, self._compute
        for node in self._members.order():
            value = memo.get(node)
            if value is None:
                value = memo[node] = compute(node)
            yield node, value

    def values(self):
        return (value for _, value in self.items())


class _Bridging:
    """The bridged adjacency of one filtered view of an acyclic graph, found on demand.

    ``reach[h]`` maps each hidden node h that was needed to ``{kept target: ((hops, via),
    attrs)}``: the shortest (then smallest) chain of hidden nodes from h to each kept node
    it leads to, with its length first so chains compare as they rank, and the attribute
    dict of a bridged edge through that chain (shared by every bridged edge with the same
    ``via``). Everything is memoised on this object, so a view costs only what is read of
    it.
    """

    def __init__(self, G, selection: Selection, sources: set, targets: set):
        idx = selection.idx
        self.succ, self.pred = G._succ, G._pred
        self.tier, self.mask, self.gid = idx.tier, idx.mask, idx.gid
        self.kept, self.sel = selection.kept, selection.sel
        self.sources, self.targets = sources, targets
        self.reach: dict = {}

    def hidden(self, n) -> bool:
        """Return True when a bridged edge may pass through node n (see
        `graph.query.filter_graph`)."""
        return self.gid[n] not in self.kept and (
            self.sel is None or (self.mask[n] & self.sel and self.tier[n] != "need"))

    def reach_of(self, start) -> dict:
        """Return (and memoise) ``reach[start]``, walking the hidden nodes below it first."""
        reach, succ, gid, kept = self.reach, self.succ, self.gid, self.kept
        found = reach.get(start)
        if found is not None:
            return found
        if not self.hidden(start):
            reach[start] = found = {}
            return found
        stack = [(start, iter(succ[start]))]
        while stack:  # post-order: a node's hidden successors are done before it
            node, it = stack[-1]
            for s in it:
                if gid[s] in kept or s in reach:
                    continue
                if self.hidden(s):
                    stack.append((s, iter(succ[s])))
                    break
                reach[s] = {}  # outside the filter: leads nowhere
            else:
                stack.pop()
                best: dict = {}
                head = (node,)
                for s in succ[node]:
                    if gid[s] in kept:
                        best[s] = (1, head)  # a direct step is always the shortest
                        continue
                    for t, ((hops, via), _) in reach[s].items():
                        old = best.get(t)
                        if old is None or (hops + 1, head + via) < old:
                            best[t] = (hops + 1, head + via)
                reach[node] = {t: (key, {"relation": BRIDGED, "bridged": True,
                                         "via": ALIAS_SEPARATOR.join(key[1])})
                               for t, key in best.items()}
        return reach[start]

    def successors(self, u) -> dict:
        """Return u's kept successors (real edges first, then bridged) -> edge attributes."""
        gid, kept = self.gid, self.kept
        nbrs = self.succ[u]
        out = {v: d for v, d in nbrs.items() if gid[v] in kept}
        if self.tier[u] not in self.sources or len(out) == len(nbrs):
            return out
        reach, reach_of = self.reach, self.reach_of
        best = None  # the first hidden successor's answer is used as is until a second merges
        shared = True
        for s in nbrs:
            if s in out:
                continue
            found = reach.get(s)
            if found is None:
                found = reach_of(s)
            if not found:
                continue
            if best is None:
                best = found
                continue
            if shared:
                best, shared = dict(best), False
            for t, entry in found.items():
                old = best.get(t)
                if old is None or entry[0] < old[0]:
                    best[t] = entry
        if not best:
            return out
        if not out:  # no real edge to a kept node (t == u would need a cycle)
            return {t: entry[1] for t, entry in best.items()}
        for t, (_, d) in best.items():
            if t not in out:  # a kept target with a real edge keeps the real edge
                out[t] = d
        return out

    def predecessors(self, v, successors) -> dict:
        """Return v's kept predecessors (real edges first, then bridged) -> edge attributes.

        ``successors`` is the view's successor mapping (so each bridged edge's attribute
        dict is the one its source holds).
        """
        gid, kept, pred, tier, sources = self.gid, self.kept, self.pred, self.tier, self.sources
        out = {u: d for u, d in pred[v].items() if gid[u] in kept}
        if tier[v] not in self.targets or len(out) == len(pred[v]):
            return out
        # walk back through hidden nodes; kept nodes of a source tier met are candidates
        seen = {h for h in pred[v] if h not in out and self.hidden(h)}
        stack = list(seen)
        found: dict = {}
        while stack:
            h = stack.pop()
            for p in pred[h]:
                if gid[p] in kept:
                    if tier[p] in sources and p not in out:
                        found[p] = None
                elif p not in seen and self.hidden(p):
                    seen.add(p)
                    stack.append(p)
        for u in sorted(found, key=str):
            d = successors[u].get(v)
            if d is not None:
                out[u] = d
        return out


def _bridged_view(G, selection: Selection, sources: set, targets: set) -> nx.DiGraph:
    """Return a frozen view of the kept nodes of G, their real edges and the bridged edges,
    each node's adjacency found when first read."""
    bridging = _Bridging(G, selection, sources, targets)
    members = selection.members()
    H = _FilteredGraph()
    H._graph = G
    H.graph = G.graph
    H._node = _Induced(G._node, members)
    succ = _LazyAdjacency(members, bridging.successors)
    H._succ = succ
    H._pred = _LazyAdjacency(members, lambda v: bridging.predecessors(v, succ))
    H.lateral_free = True
    return nx.freeze(H)


def filtered_view(G, selection: Selection, bridge: bool = True) -> nx.DiGraph:
    """Return the read-only view of G on a selection, hidden tiers bridged.

    Parameters
    ----------
    G : networkx.DiGraph
    selection : Selection
        What to keep, from `select` on the same G.
    bridge : bool
        Add ``bridged`` edges across the hidden tiers (see `graph.query.filter_graph`).

    Returns
    -------
    networkx.DiGraph
        Read-only: a frozen view of G without its lateral edges (`graph.cache.structural`),
        with bridged edges computed as they are read.

    See Also
    --------
    select : the selection to view.
    induced_view : the view on a given set of nodes.
    graph.query.filter_graph : needs and tiers to a view in one call.

    Notes
    -----
    Building costs no search: without bridged edges it is a view on the selection's
    groups; with them (acyclic graphs, as the builder guarantees) each node's bridged
    edges are found, and remembered, when its adjacency is first read. In a graph with a
    directed cycle, every bridged edge is found up front by a breadth-first search from
    each kept node that may start one, and the result is a new frozen graph sharing G's
    attribute dicts.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from(["clinic", "hospitals", "health"], tier="industry")
    >>> G.nodes["clinic"]["tier"], G.nodes["health"]["tier"] = "organization", "need"
    >>> G.add_edges_from([("clinic", "hospitals"), ("hospitals", "health")])
    >>> selection = select(G, tiers=["organization", "need"])
    >>> list(filtered_view(G, selection).edges(data="via"))
    [('clinic', 'health', 'hospitals')]
    >>> list(filtered_view(G, selection, bridge=False).edges)
    []
    """
    idx = selection.idx
    G = structural(G)
    sources, targets = _bridge_tiers(idx, selection.tier_set) if bridge else (set(), set())
    if not sources or not selection.length:
        return selection.view(G)
    if idx.acyclic:
        return _bridged_view(G, selection, sources, targets)
    keep = selection.keep()
    bridges = _bridges(G, idx, keep, selection.sel, sources)
    if not bridges:
        return _members_view(G, _NodeMembers(keep), True)
    return _bridged_graph(G, keep, bridges)


def _bridged_graph(G, keep: dict, bridges: list) -> nx.DiGraph:
    """Return a frozen graph of the kept nodes, their real edges and the bridged edges.

    Built straight into the adjacency dicts (as ``G.subgraph(keep).copy()`` would, minus the
    per-edge checks); node and real-edge attribute dicts are shared with G, as in a view,
    and bridged edges with the same ``via`` share one attribute dict.
    """
    H = nx.DiGraph()
    H.graph.update(G.graph)
    gnode, gsucc = G._node, G._succ
    H._node.update((n, gnode[n]) for n in keep)
    succ, pred = H._succ, H._pred
    for n in keep:
        succ[n] = {}
        pred[n] = {}
    for u in keep:
        out = succ[u]
        for v, d in gsucc[u].items():
            if v in keep:
                out[v] = d
                pred[v][u] = d
    shared: dict = {}  # one attribute dict per distinct via path (the graph is read-only)
    for u, v, via in bridges:
        d = shared.get(via)
        if d is None:
            d = shared[via] = {"relation": BRIDGED, "bridged": True,
                               "via": ALIAS_SEPARATOR.join(via)}
        succ[u][v] = d
        pred[v][u] = d
    H.lateral_free = True
    return nx.freeze(H)


def _bridges(G, idx: NeedIndex, keep: dict, sel, sources: set) -> list:
    """Return (u, v, via) for every bridged edge of a filtered view of a graph with cycles.

    Only kept nodes of the ``sources`` tiers can start one (see `_bridge_tiers`). Each
    ``via`` is the shortest chain of hidden nodes from u to v and, among chains of that
    length, the smallest, exactly as `_Bridging` finds it in an acyclic graph: a
    breadth-first search from u whose levels are walked in the order of their chains, so
    the first chain to reach a node is the smallest. (Acyclic graphs, which the builder
    guarantees, take the lazy `_Bridging` path; this one serves hand-built graphs.)
    """
    tier, mask = idx.tier, idx.mask
    succ = G._succ

    def hidden(n) -> bool:
        return n not in keep and (sel is None or (mask[n] & sel and tier[n] != "need"))

    out = []
    for u in keep:
        if tier[u] not in sources:
            continue
        nbrs = succ[u]
        chain = {s: (s,) for s in nbrs if hidden(s)}
        level = sorted(chain.values())
        found: dict = {}
        while level:
            following = []
            for via in level:
                for s in succ[via[-1]]:
                    if s in keep:
                        if s not in found:
                            found[s] = via
                    elif s not in chain and hidden(s):
                        chain[s] = via + (s,)
                        following.append(chain[s])
            level = sorted(following)
        out.extend((u, t, via) for t, via in found.items() if t != u and t not in nbrs)
    return out
