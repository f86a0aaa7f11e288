"""Questions asked of a Web of Work graph: filters, focus, reasons, paths, search, summaries.

Every function takes the graph first, never changes it, and returns a new object.

Belonging to a need's web
-------------------------
All edges point toward the needs (job -> profession -> need, job -> organization ->
industry -> need, ...). A node *belongs to the web of a need* when there is a directed
path from it to that need node: a profession that serves Health belongs to Health's web,
and so does every job that draws on that profession. A need belongs to its own web.
Nodes that reach no need belong to no web.

Filters (`filter_graph`)
------------------------
* **Needs filter** (``needs``): keep the union of the chosen needs' webs. The chosen need
  nodes are kept; the other need nodes are dropped, even when a kept node also serves
  them. ``needs=None`` means no needs filter (every node is kept, including nodes that
  reach no need); an empty selection keeps nothing.
* **Tier filter** (``tiers``): keep the nodes of the chosen tiers (``"need"`` is a tier
  too). ``tiers=None`` keeps every tier.
* The two compose: a node is kept when it passes both.
* **Bridged edges** (``bridge=True``): when tiers are hidden, a kept node ``u`` is joined
  to a kept node ``v`` by a synthetic edge when there is a directed path ``u -> h1 -> ...
  -> hk -> v`` (k >= 1) whose intermediate nodes are *all* hidden by the tier filter and
  all inside the needs filter, and no real edge ``u -> v`` exists. The edge has
  ``relation="bridged"``, ``bridged=True`` and ``via="h1|...|hk"``: the intermediate
  nodes of one shortest such path (among shortest ones, the smallest sequence of ids;
  in graphs with cycles, which the builder rejects, any shortest one). Hiding industries
  therefore gives organization -> need edges; hiding professions gives job -> need and
  job -> industry edges. (An intermediate node always lies in the needs filter when both
  ends do, since it reaches everything ``v`` reaches; the rule is checked all the same.)

Results are read-only
---------------------
Filters and neighbourhoods return frozen NetworkX views of the input graph (cheap, no
copy); node and edge attribute dicts are shared with the input. Treat every result as
read-only: call ``nx.DiGraph(result)`` for a mutable copy. Node order in results is
deterministic for a given graph (not necessarily the graph's own order).

Cost: once the per-graph index exists (one linear pass over the edges, cached), a filter
view costs the number of (tier, needs reached) groups of nodes to build, not the number
of nodes: a node is kept when its group is. Reading it costs a dict lookup per edge, done
in C; nodes of a group whose neighbours are all kept get the graph's own neighbour dicts.
A view with bridged edges finds each node's
bridged edges when that node's adjacency is first read (and remembers them), so building
it costs no search at all and reading it costs only what is read; counting its edges
reads successors only. (In a graph with a directed cycle, which the builder rejects, the
bridged edges are all found up front instead.) `bench/bench_query.py` measures all this.

Per-graph indexes (need membership, search) are cached by graph identity (weakly, so
they vanish with the graph) and rebuilt if the graph's node count or checksum changes;
the input graph itself is never modified.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_nodes_from([("health-and-well-being", {"label": "Health and Well Being", "tier": "need"}),
...                   ("nursing", {"label": "Nursing", "tier": "profession"}),
...                   ("hospitals", {"label": "Hospitals", "tier": "industry"}),
...                   ("mount-sinai", {"label": "Mount Sinai Hospital", "tier": "organization"}),
...                   ("staff-nurse", {"label": "Staff Nurse", "tier": "job"})])
>>> G.add_edges_from([("nursing", "health-and-well-being", {"relation": "serves"}),
...                   ("hospitals", "health-and-well-being", {"relation": "addresses"}),
...                   ("mount-sinai", "hospitals", {"relation": "operates_in"}),
...                   ("staff-nurse", "nursing", {"relation": "draws_on"}),
...                   ("staff-nurse", "mount-sinai", {"relation": "sits_in"})])
>>> sorted(need_web(G, "health-and-well-being"))[:2]
['health-and-well-being', 'hospitals']
>>> H = filter_graph(G, tiers=["need", "organization"])
>>> H.edges["mount-sinai", "health-and-well-being"]["via"]
'hospitals'
>>> needs_served(G, "staff-nurse")
{'health-and-well-being': ['staff-nurse', 'nursing', 'health-and-well-being']}
>>> shortest_path(G, "hospitals", "nursing")
['hospitals', 'health-and-well-being', 'nursing']
>>> search(G, "nurse")[0].id
'staff-nurse'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress, filterfalse

import networkx as nx
import pandas as pd

from .cache import GraphCache
from .errors import UnknownNameError, WebOfWorkError
from .schema import (ALIAS_SEPARATOR, BRIDGED, BRIDGED_PAIRS, NEED_BY_ID, NEED_IDS,
                     RELATION_BY_PAIR, TIER_BY_ID, TIER_IDS, TIERS, WORK_TIERS)
from .search import Match, SearchIndex, normalise_text, search, search_index

__all__ = [
    "QueryError", "need_web", "filter_graph", "neighbourhood", "needs_served",
    "shortest_path", "search", "Match", "SearchIndex", "coverage", "rank_degree",
    "rank_betweenness", "resolve_node", "resolve_need", "resolve_tier",
    "BETWEENNESS_EXACT_LIMIT", "BETWEENNESS_SAMPLES", "BETWEENNESS_SEED",
]

#: Above this many nodes `rank_betweenness` samples pivots instead of using all of them.
BETWEENNESS_EXACT_LIMIT = 1000
#: Number of sampled pivots (``k`` of ``nx.betweenness_centrality``) above the limit.
BETWEENNESS_SAMPLES = 200
#: Fixed seed of the sampling, so rankings are reproducible.
BETWEENNESS_SEED = 42

_UNRANKED = len(TIERS)


class QueryError(WebOfWorkError, ValueError):
    """An argument of a query is out of range (e.g. a negative depth)."""


# ---------------------------------------------------------------------------------------
# Per-graph index: tiers, need membership bitmasks, groups of nodes by (tier, mask).
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Index:
    """Need membership of every node of one graph, computed once per graph."""

    tier: dict  # node -> tier id ("" when missing)
    mask: dict  # node -> bitmask of the need nodes it reaches
    bit: dict  # need node -> its bit
    groups: dict  # (tier rank, tier, mask) -> list of nodes in graph order
    gid: dict  # node -> number of its group (position in ``groups``)
    tier_pairs: frozenset  # (source tier, target tier) pairs edges may join
    tiers: frozenset  # tier ids present
    acyclic: bool  # True when the graph is known to have no directed cycle




def _tier_rank(tier: str) -> int:
    """Return the rank of a tier id, unknown tiers last."""
    t = TIER_BY_ID.get(tier)
    return t.rank if t is not None else _UNRANKED


def _need_order(node, G) -> tuple:
    """Sort key putting need nodes in NEEDS order, unknown needs after, by id."""
    try:
        return (NEED_IDS.index(node), "")
    except ValueError:
        return (len(NEED_IDS), str(node))


#: Tier order in which every node's successors come before it in valid data (industries
#: among themselves are ordered separately, along ``part_of``).
_PULL_ORDER = ("need", "industry", "profession", "organization", "job")
_SCHEMA_PAIRS = frozenset(RELATION_BY_PAIR) | BRIDGED_PAIRS


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


def _build_index(G) -> _Index:
    """Compute tiers, need bitmasks and the groups of nodes by (tier, mask)."""
    tier = {n: (t or "") for n, t in G.nodes(data="tier", default="")}
    needs = sorted((n for n, t in tier.items() if t == "need"), key=lambda n: _need_order(n, G))
    bit = {n: 1 << i for i, n in enumerate(needs)}
    mask, acyclic = _need_masks(G, tier, bit)
    groups: dict = {}
    for n, t in tier.items():
        groups.setdefault((t, mask[n]), []).append(n)
    groups = {(_tier_rank(t), t, m): nodes for (t, m), nodes in groups.items()}
    tiers = frozenset(t for _, t, _ in groups)
    if tiers <= set(TIER_IDS):
        pairs = _SCHEMA_PAIRS  # the builder only accepts these (the bridged ones on exports)
    else:  # unknown tiers: any pair may occur
        pairs = frozenset((a, b) for a in tiers for b in tiers)
    groups = dict(sorted(groups.items()))
    gid: dict = {}
    for i, nodes in enumerate(groups.values()):
        gid.update(dict.fromkeys(nodes, i))
    return _Index(tier, mask, bit, groups, gid, pairs, tiers, acyclic)


_INDEXES = GraphCache(_build_index)


def _index(G) -> _Index:
    """Return the cached `_Index` of G, building it on first use."""
    return _INDEXES.get(G)


class _Members:
    """Which nodes of G a view keeps: a membership test, a filter, a count and an order.

    Built either from an ordered dict of nodes (`_keep_members`) or, for filters, from the
    per-graph groups (`_group_members`: a node is kept when its group is, so building it
    costs nothing per node). Filtering and counting run in C.
    """

    __slots__ = ("contains", "pick", "count", "order", "length", "idx", "kept", "groups",
                 "settled", "by_group", "tier_set", "sel")

    def __init__(self, contains, pick, count, order, length: int, idx=None, kept=None,
                 groups=None):
        self.contains, self.pick, self.count = contains, pick, count
        self.order, self.length = order, length
        self.idx, self.kept, self.groups = idx, kept, groups  # set for group members only
        self.tier_set = self.sel = None  # the filter that chose the groups
        self.settled = kept is None
        self.by_group = True  # `order` goes group by group (else: in the graph's order)

    def settle(self) -> None:
        """Before a walk over many nodes: filter with one set lookup per neighbour (a set
        of the kept or of the dropped nodes, whichever is smaller), built once."""
        if self.settled:
            return
        total = len(self.idx.gid)
        if 2 * self.length <= total:
            keep = set(self.order())
            self.pick = partial(filter, keep.__contains__)
            self.count = lambda atlas: sum(map(keep.__contains__, atlas))
        else:
            kept = self.kept
            drop = set(chain.from_iterable(
                nodes for i, nodes in enumerate(self.idx.groups.values()) if i not in kept))
            self.pick = partial(filterfalse, drop.__contains__)
            self.count = lambda atlas: len(atlas) - sum(map(drop.__contains__, atlas))
            if not self.by_group:  # the graph's order (the index's tier dict follows it)
                self.order = partial(filterfalse, drop.__contains__, self.idx.tier)
        self.settled = True

    def whole(self, forward: bool) -> frozenset:
        """Return the kept groups whose nodes surely have all their successors (`forward`)
        or predecessors kept, judged from the tier pairs edges may join; empty for other
        members.

        With no needs filter, that holds when every tier a neighbour may have is shown.
        With one, predecessors reach every need their successor reaches, so they stay in
        the chosen webs (need nodes aside); successors may not.
        """
        if self.kept is None:
            return frozenset()
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


def _keep_members(keep: dict) -> _Members:
    """Return the members of a view keeping the nodes of `keep`, in its order."""
    ok = keep.__contains__
    return _Members(ok, partial(filter, ok), lambda atlas: sum(map(ok, atlas)),
                    keep.__iter__, len(keep))


def _group_members(idx: _Index, kept: set, groups: list, length: int) -> _Members:
    """Return the members of a view keeping the groups numbered in `kept` (lists `groups`)."""
    gid, ok = idx.gid.__getitem__, kept.__contains__
    get = idx.gid.get

    def contains(node) -> bool:
        """Return True when node is in a kept group."""
        return get(node) in kept

    by_group = 2 * length <= len(idx.gid)

    def settled_order():
        """Return the nodes in the graph's order, settling the members first."""
        members.settle()
        return members.order()

    members = _Members(contains, partial(_pick, ok, gid),
                       lambda atlas: sum(map(ok, map(gid, atlas))),
                       partial(chain.from_iterable, groups) if by_group else settled_order,
                       length, idx, kept, groups)
    # most of G: walk it in its own order (better memory locality than group by group)
    members.by_group = by_group
    return members


def _pick(ok, gid, atlas):
    """Return an iterator over the nodes of atlas whose group number passes ok."""
    return compress(atlas, map(ok, map(gid, atlas)))


class _Neighbours(Mapping):
    """The neighbours of one node that a view keeps (a read-only mapping)."""

    __slots__ = ("_atlas", "_members")

    def __init__(self, atlas, members: _Members):
        self._atlas, self._members = atlas, members

    def __getitem__(self, key):
        if self._members.contains(key):
            return self._atlas[key]
        raise KeyError(key)

    def __contains__(self, key) -> bool:
        return key in self._atlas and self._members.contains(key)

    def __iter__(self):
        return self._members.pick(self._atlas)

    def __len__(self) -> int:
        return self._members.count(self._atlas)

    def items(self):
        keys = list(self._members.pick(self._atlas))
        return zip(keys, map(self._atlas.__getitem__, keys))

    def values(self):
        return map(self._atlas.__getitem__, list(self._members.pick(self._atlas)))


class _Induced(Mapping):
    """An adjacency or node-attribute mapping of G restricted to a view's members.

    For adjacencies (``inner``) of group members, ``forward`` tells successors (True) from
    predecessors (False): nodes of a group whose neighbours are all kept (see
    `_Members.whole`) get G's own neighbour dict, with no filter.
    """

    __slots__ = ("_atlas", "_members", "_inner", "_forward", "_whole")

    def __init__(self, atlas, members: _Members, inner: bool = False, forward=None):
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
            return _Neighbours(value, members)
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
            return ((n, _Neighbours(get(n), members)) for n in members.order())
        whole = self._whole_groups()
        if len(whole) < len(members.kept):
            members.settle()
        if not whole or not members.by_group:
            return ((n, _Neighbours(get(n), members)) for n in members.order())
        parts = []
        for i, nodes in zip(sorted(members.kept), members.groups):
            if i in whole:  # G's own dicts, zipped in C
                parts.append(zip(nodes, map(get, nodes)))
            else:
                parts.append((n, _Neighbours(get(n), members)) for n in nodes)
        return chain.from_iterable(parts)


class _FilteredGraph(nx.DiGraph):
    """A read-only DiGraph whose adjacency may be computed on access (see `filter_graph`).

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
        """
        if not isinstance(self._succ, _Induced):
            return None
        G = self._graph
        nodes = list(self)
        keep = set(nodes)
        gsucc, gnode = G._succ, G._node
        succ = {u: {v: d for v, d in gsucc[u].items() if v in keep} for u in nodes}
        pred: dict = {u: {} for u in nodes}
        for u, nbrs in succ.items():
            for v, d in nbrs.items():
                pred[v][u] = d
        return succ, pred, {u: gnode[u] for u in nodes}


def _members_view(G, members: _Members) -> nx.DiGraph:
    """Return a frozen view of G induced on `members`.

    Like ``nx.subgraph_view`` but membership tests run in C (``filter`` or ``compress``
    over dict lookups), which makes counting and walking large views several times faster.
    """
    H = _FilteredGraph()
    H._graph = G
    H.graph = G.graph
    groups = members.idx is not None
    H._node = _Induced(G._node, members)
    H._succ = _Induced(G._succ, members, True, True if groups else None)
    H._pred = _Induced(G._pred, members, True, False if groups else None)
    return nx.freeze(H)


def _view(G, nodes) -> nx.DiGraph:
    """Return the frozen induced subgraph view of G on `nodes`, iterating in their order."""
    keep = nodes if isinstance(nodes, dict) else dict.fromkeys(nodes)
    return _members_view(G, _keep_members(keep))


# ---------------------------------------------------------------------------------------
# Resolving names
# ---------------------------------------------------------------------------------------
def _require_node(G, node):
    """Return node when it is in G; otherwise raise UnknownNameError with close matches."""
    if node in G:
        return node
    return resolve_node(G, node)


def _closest(name: str, choices: dict, n: int = 5) -> list:
    """Return the ids of up to n choices (normalised text -> id) closest to name."""
    close = difflib.get_close_matches(normalise_text(name), list(choices), n=n * 2, cutoff=0.5)
    out = []
    for c in close:
        if choices[c] not in out:
            out.append(choices[c])
    return out[:n]


def resolve_node(G, name) -> str:
    """Return the id of the node called `name`: an id, a label or an alias, any case/accents.

    Exact ids win; then a unique exact (normalised) id, label or alias match; when several
    nodes share a label or alias, the most enduring tier wins, then the smallest id.

    Raises
    ------
    UnknownNameError
        When nothing matches exactly; ``suggestions`` lists the closest node ids.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("loan-officer", label="Loan Officer", tier="job", aliases="Mortgage Banker")
    >>> resolve_node(G, "loan-officer"), resolve_node(G, "LOAN officer"), resolve_node(G, "mortgage banker")
    ('loan-officer', 'loan-officer', 'loan-officer')
    >>> resolve_node(G, "loan oficer")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNameError: unknown node 'loan oficer'; did you mean: loan-officer?
    """
    try:
        if name in G:
            return name
    except TypeError:  # unhashable input such as a list
        pass
    text = "" if name is None else str(name)
    suggestions = []
    if normalise_text(text):
        index = search_index(G)
        exact = index.exact(text)
        if exact:
            return exact[0].id
        suggestions = [m.id for m in index.search(text, limit=5)]
        words = sorted(normalise_text(text).split(" "), key=len, reverse=True)
        stem = words[0][:-1]
        while not suggestions and len(stem) >= 4:  # "nursing" -> "nursin" ... -> "nurs"
            suggestions = [m.id for m in index.search(stem, limit=5)]
            stem = stem[:-1]
        if not suggestions:  # nothing within one typo: fall back to similar labels and ids
            names: dict = {}
            for n, label in G.nodes(data="label"):
                names.setdefault(normalise_text(label), n)
                names.setdefault(normalise_text(n), n)
            suggestions = _closest(text, names)
    raise UnknownNameError("node", text, suggestions)


def _need_names(G) -> dict:
    """Return normalised name -> need id for every need's id, label, short label and alias."""
    names: dict = {}
    need_nodes = [n for n, t in G.nodes(data="tier") if t == "need"]
    for n in sorted(set(need_nodes) | set(NEED_IDS), key=lambda n: _need_order(n, G)):
        spellings = [n]
        if n in NEED_BY_ID:
            spellings += [NEED_BY_ID[n].label, NEED_BY_ID[n].short]
        if n in G:
            data = G.nodes[n]
            spellings.append(data.get("label", ""))
            aliases = data.get("aliases", "") or ""
            spellings += aliases.split(ALIAS_SEPARATOR) if isinstance(aliases, str) else list(aliases)
        for s in spellings:
            key = normalise_text(s)
            if key:
                names.setdefault(key, n)
    return names


def resolve_need(G, name) -> str:
    """Return the id of the need called `name`: its id, label, short label or an alias.

    Any case and accents are accepted. The 12 needs of the model are always known, even
    when G lacks some of their nodes.

    Raises
    ------
    UnknownNameError
        When nothing matches; ``suggestions`` lists the closest need ids.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> resolve_need(G, "Health and Well Being"), resolve_need(G, "HOME"), resolve_need(G, "family")
    ('health-and-well-being', 'home-and-shelter', 'family')
    >>> resolve_need(G, "helth")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNameError: unknown need 'helth'; did you mean: health-and-well-being?
    """
    if isinstance(name, str) and (name in NEED_BY_ID or G.nodes.get(name, {}).get("tier") == "need"):
        return name
    text = "" if name is None else str(name)
    names = _need_names(G)
    key = normalise_text(text)
    if key in names:
        return names[key]
    raise UnknownNameError("need", text, _closest(text, names))


def resolve_tier(name) -> str:
    """Return the tier id for a tier id, label or plural label, in any case.

    Examples
    --------
    >>> resolve_tier("Jobs"), resolve_tier("profession"), resolve_tier("Industries")
    ('job', 'profession', 'industry')
    >>> resolve_tier("guild")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNameError: unknown tier 'guild'; did you mean: ...?
    """
    text = "" if name is None else str(name)
    if text in TIER_BY_ID:
        return text
    names = {}
    for t in TIERS:
        for s in (t.id, t.label, t.plural, t.id + "s"):
            names.setdefault(normalise_text(s), t.id)
    key = normalise_text(text)
    if key in names:
        return names[key]
    suggestions = _closest(text, names) or list(TIER_IDS)
    raise UnknownNameError("tier", text, suggestions)


# ---------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------
def need_web(G, need) -> frozenset:
    """Return the nodes of a need's web: the need and every node with a directed path to it.

    Parameters
    ----------
    G : networkx.DiGraph
    need : str
        A need id, label or alias (see `resolve_need`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "banking"), ("banking", "economic-security"), ("x", "teller")])
    >>> nx.set_node_attributes(G, {"economic-security": "need"}, "tier")
    >>> sorted(need_web(G, "Economic Security"))
    ['banking', 'economic-security', 'teller', 'x']
    >>> need_web(G, "family")
    frozenset()
    """
    need = resolve_need(G, need)
    idx = _index(G)
    b = idx.bit.get(need)
    if b is None:
        return frozenset()
    return frozenset(n for key, nodes in idx.groups.items() if key[2] & b for n in nodes)


class _Selection:
    """The groups of nodes (by tier and needs reached) that a needs/tier filter keeps."""

    def __init__(self, idx: _Index, sel, chosen_needs: set, tier_set):
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

    def members(self) -> _Members:
        """Return the kept nodes as view members (no work per node)."""
        members = _group_members(self.idx, self.kept, self.groups, self.length)
        members.tier_set, members.sel = self.tier_set, self.sel
        return members

    def view(self, G) -> nx.DiGraph:
        """Return the frozen subgraph view of G on the kept nodes."""
        return _members_view(G, self.members())


def _selection(G, idx: _Index, needs, tiers) -> _Selection:
    """Resolve the needs and tiers of a filter and return what it keeps."""
    sel = None
    chosen_needs: set = set()
    if needs is not None:
        if isinstance(needs, str):
            needs = [needs]
        chosen_needs = {resolve_need(G, n) for n in needs}
        sel = 0
        for n in chosen_needs:
            sel |= idx.bit.get(n, 0)
    tier_set = None
    if tiers is not None:
        if isinstance(tiers, str):
            tiers = [tiers]
        tier_set = {resolve_tier(t) for t in tiers}
    return _Selection(idx, sel, chosen_needs, tier_set)


def _bridge_tiers(idx: _Index, tier_set) -> tuple[set, set]:
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

    def __init__(self, members: _Members, compute):
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
    it leads to, with its length first so chains compare as they rank, and the attribute dict of a bridged edge through that chain (shared by every
    bridged edge with the same ``via``). Everything is memoised on this object, so a view
    costs only what is read of it.
    """

    def __init__(self, G, selection: _Selection, sources: set, targets: set):
        idx = selection.idx
        self.succ, self.pred = G._succ, G._pred
        self.tier, self.mask, self.gid = idx.tier, idx.mask, idx.gid
        self.kept, self.sel = selection.kept, selection.sel
        self.sources, self.targets = sources, targets
        self.reach: dict = {}

    def hidden(self, n) -> bool:
        """Return True when a bridged edge may pass through node n (see `filter_graph`)."""
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


def _bridged_view(G, selection: _Selection, sources: set, targets: set) -> nx.DiGraph:
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
    return nx.freeze(H)


def filter_graph(G, needs=None, tiers=None, bridge: bool = True) -> nx.DiGraph:
    """Return the part of G in the chosen needs' webs and tiers, hidden tiers bridged.

    See the module docstring for the exact meaning of each filter and of bridged edges.

    Parameters
    ----------
    G : networkx.DiGraph
    needs : iterable of str, optional
        Need ids (or labels/aliases); None means no needs filter.
    tiers : iterable of str, optional
        Tier ids (``need``, ``profession``, ``industry``, ``organization``, ``job``);
        None keeps every tier.
    bridge : bool
        Add ``bridged`` edges across hidden tiers (only matters when tiers are hidden).

    Returns
    -------
    networkx.DiGraph
        Read-only: a frozen view of G (with bridged edges computed as they are read).

    Raises
    ------
    UnknownNameError
        For an unknown need or tier (with suggestions).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "banking"), ("banking", "economic-security"),
    ...                 ("chef", "leisure")])
    >>> nx.set_node_attributes(G, {"economic-security": "need", "leisure": "need",
    ...     "banking": "industry", "teller": "job", "chef": "profession"}, "tier")
    >>> sorted(filter_graph(G, needs=["economic-security"]))
    ['banking', 'economic-security', 'teller']
    >>> H = filter_graph(G, tiers=["job", "need"])
    >>> list(H.edges(data="via"))
    [('teller', 'economic-security', 'banking')]
    >>> list(filter_graph(G, tiers=["job", "need"], bridge=False).edges)
    []
    """
    idx = _index(G)
    selection = _selection(G, idx, needs, tiers)
    sources, targets = _bridge_tiers(idx, selection.tier_set) if bridge else (set(), set())
    if not sources or not selection.length:
        return selection.view(G)
    if idx.acyclic:
        return _bridged_view(G, selection, sources, targets)
    keep = selection.keep()
    bridges = _bridges(G, idx, keep, selection.sel, sources)
    if not bridges:
        return _view(G, keep)
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
    return nx.freeze(H)


def _bridges(G, idx: _Index, keep: dict, sel, sources: set) -> list:
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


# ---------------------------------------------------------------------------------------
# Neighbourhood, reasons and paths
# ---------------------------------------------------------------------------------------
def neighbourhood(G, node, depth: int = 1, tiers=None) -> nx.DiGraph:
    """Return the ego network of `node`: nodes within `depth` links in either direction.

    With ``tiers``, the walk only enters nodes of those tiers (the ego network of `node`
    in the subgraph of the chosen tiers); `node` itself is always included.

    Parameters
    ----------
    G : networkx.DiGraph
    node : str
        A node id (or label/alias, see `resolve_node`).
    depth : int
        0 gives the node alone; 1 its neighbours; and so on.
    tiers : iterable of str, optional

    Returns
    -------
    networkx.DiGraph
        A read-only induced subgraph view of G.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("d", "b")])
    >>> nx.set_node_attributes(G, {"a": "job", "b": "profession", "c": "need", "d": "job"}, "tier")
    >>> sorted(neighbourhood(G, "b")), sorted(neighbourhood(G, "a", depth=1))
    (['a', 'b', 'c', 'd'], ['a', 'b'])
    >>> sorted(neighbourhood(G, "a", depth=2, tiers=["job", "need"]))
    ['a']
    >>> sorted(neighbourhood(G, "b", tiers=["need"]))
    ['b', 'c']
    """
    node = _require_node(G, node)
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise QueryError(f"depth must be a whole number of links, 0 or more; got {depth!r}")
    tier_set = None
    if tiers is not None:
        tier_set = {resolve_tier(t) for t in ([tiers] if isinstance(tiers, str) else tiers)}
    succ, pred, nodes = G._succ, G._pred, G._node
    seen = {node: None}
    frontier = [node]
    for _ in range(depth):
        nxt = []
        for n in frontier:
            for nbrs in (succ[n], pred[n]):
                for m in nbrs:
                    if m not in seen and (tier_set is None or nodes[m].get("tier") in tier_set):
                        seen[m] = None
                        nxt.append(m)
        if not nxt:
            break
        frontier = nxt
    return _view(G, seen)


def needs_served(G, node) -> dict:
    """Return, for each need `node` reaches, the shortest chain of links proving it.

    Parameters
    ----------
    G : networkx.DiGraph
    node : str
        A node id (or label/alias).

    Returns
    -------
    dict
        need id -> list of node ids from `node` to the need along directed edges, in
        NEEDS order (one shortest chain each; a need maps to ``[need]``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "banking"), ("banking", "economic-security"),
    ...                 ("teller", "banker"), ("banker", "family")])
    >>> nx.set_node_attributes(G, {"economic-security": "need", "family": "need"}, "tier")
    >>> needs_served(G, "teller")
    {'family': ['teller', 'banker', 'family'], 'economic-security': ['teller', 'banking', 'economic-security']}
    """
    node = _require_node(G, node)
    succ, nodes = G._succ, G._node
    parent = {node: None}
    found = []
    frontier = [node]
    while frontier:
        nxt = []
        for n in frontier:
            if nodes[n].get("tier") == "need":
                found.append(n)
            for m in succ[n]:
                if m not in parent:
                    parent[m] = n
                    nxt.append(m)
        frontier = nxt
    out = {}
    for need in sorted(found, key=lambda n: _need_order(n, G)):
        chain = [need]
        while parent[chain[-1]] is not None:
            chain.append(parent[chain[-1]])
        out[need] = chain[::-1]
    return out


def shortest_path(G, a, b) -> list | None:
    """Return a shortest path between two nodes, ignoring edge direction, or None.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "banking"), ("loan-officer", "banking"), ("z", "zz")])
    >>> shortest_path(G, "teller", "loan-officer")
    ['teller', 'banking', 'loan-officer']
    >>> shortest_path(G, "teller", "z") is None, shortest_path(G, "z", "z")
    (True, ['z'])
    """
    a = _require_node(G, a)
    b = _require_node(G, b)
    if a == b:
        return [a]
    succ, pred = G._succ, G._pred
    # bidirectional breadth-first search over links in both directions
    parent_a, parent_b = {a: None}, {b: None}
    front_a, front_b = [a], [b]
    while front_a and front_b:
        forward = len(front_a) <= len(front_b)
        front, parents, others = ((front_a, parent_a, parent_b) if forward
                                  else (front_b, parent_b, parent_a))
        nxt = []
        for n in front:
            for nbrs in (succ[n], pred[n]):
                for m in nbrs:
                    if m in parents:
                        continue
                    parents[m] = n
                    if m in others:
                        left, right = [], []
                        x = m
                        while x is not None:
                            left.append(x)
                            x = parent_a[x]
                        x = parent_b[m]
                        while x is not None:
                            right.append(x)
                            x = parent_b[x]
                        return left[::-1] + right
                    nxt.append(m)
        if forward:
            front_a = nxt
        else:
            front_b = nxt
    return None


# ---------------------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------------------
def coverage(G) -> pd.DataFrame:
    """Return a need x work-tier table: how many nodes of each tier reach each need.

    Rows are the 12 need ids in NEEDS order (plus any other need nodes of G after
    them), columns the work tiers (profession, industry, organization, job).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "banking"), ("banking", "economic-security")])
    >>> nx.set_node_attributes(G, {"economic-security": "need", "banking": "industry",
    ...                            "teller": "job"}, "tier")
    >>> table = coverage(G)
    >>> table.loc["economic-security"].to_dict()
    {'profession': 0, 'industry': 1, 'organization': 0, 'job': 1}
    >>> int(table.loc["family"].sum()), table.shape
    (0, (12, 4))
    """
    idx = _index(G)
    rows = list(NEED_IDS) + [n for n in idx.bit if n not in NEED_BY_ID]
    counts = {need: dict.fromkeys(WORK_TIERS, 0) for need in rows}
    for (_, tier, mask), nodes in idx.groups.items():
        if tier not in WORK_TIERS or not mask:
            continue
        for need, b in idx.bit.items():
            if mask & b:
                counts[need][tier] += len(nodes)
    table = pd.DataFrame.from_dict(counts, orient="index", columns=list(WORK_TIERS), dtype="int64")
    table.index.name = "need"
    table.columns.name = "tier"
    return table


def _ranked(G, values: dict, top, tiers) -> list:
    """Return the top (id, value) pairs, highest first, ties by tier rank then id."""
    tier_set = None
    if tiers is not None:
        tier_set = {resolve_tier(t) for t in ([tiers] if isinstance(tiers, str) else tiers)}
    nodes = G._node
    items = [(n, v) for n, v in values.items()
             if tier_set is None or nodes[n].get("tier") in tier_set]
    items.sort(key=lambda nv: (-nv[1], _tier_rank(nodes[nv[0]].get("tier", "")), str(nv[0])))
    return items if top is None else items[:top]


def rank_degree(G, top: int | None = 10, tiers=None) -> list:
    """Return the `top` nodes by degree (links in + out), as (id, degree) pairs.

    Ties go to the more enduring tier, then the smaller id. ``tiers`` ranks only nodes
    of those tiers (degrees still count every link of G).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "hub"), ("b", "hub"), ("hub", "c")])
    >>> rank_degree(G, top=2)
    [('hub', 3), ('a', 1)]
    """
    return _ranked(G, dict(G.degree()), top, tiers)


def rank_betweenness(G, top: int | None = 10, tiers=None, k: int | None = None,
                     seed: int = BETWEENNESS_SEED) -> list:
    """Return the `top` nodes by betweenness centrality, as (id, value) pairs.

    Betweenness is computed on the undirected graph (brokers between tiers, whatever the
    direction of their links), normalised. Up to `BETWEENNESS_EXACT_LIMIT` nodes it is
    exact; above it is *estimated* from `BETWEENNESS_SAMPLES` pivot nodes drawn with a
    fixed seed (NetworkX's ``k`` sampling), so results are reproducible but approximate.
    Pass ``k`` to choose the number of pivots yourself.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "hub"), ("b", "hub"), ("hub", "c")])
    >>> rank_betweenness(G, top=1)
    [('hub', 1.0)]
    """
    U = nx.Graph()  # a plain copy without attributes: much faster to walk than a view
    U.add_nodes_from(G)
    U.add_edges_from(G.edges())
    n = len(U)
    if k is None and n > BETWEENNESS_EXACT_LIMIT:
        k = BETWEENNESS_SAMPLES
    if k is not None:
        k = min(int(k), n)
    values = nx.betweenness_centrality(U, k=k, normalized=True, seed=seed if k else None)
    return _ranked(G, values, top, tiers)
