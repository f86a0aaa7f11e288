"""Questions asked of a Web of Work graph: filters, focus, reasons, paths, search, summaries.

Every function takes the graph first, never changes it, and returns a new object.
Filters and neighbourhoods return read-only views of the input graph, built by
`graph.views` (where their cost is explained). This module also re-exports the name
resolution of `graph.resolve` (`resolve_node`, `resolve_need`, `resolve_tier`, `label`)
and the search of `graph.search` (`search`, `SearchIndex`, `Match`), so
``from graph import query`` is all a caller needs.

Belonging to a need's web
-------------------------
All edges point toward the needs (job -> profession -> need, job -> organization ->
industry -> need, ...). A node *belongs to the web of a need* when there is a directed
path from it to that need node: a profession that serves Health belongs to Health's web,
and so does every job that draws on that profession. A need belongs to its own web.
Nodes that reach no need belong to no web. `need_web`, `filter_graph` and `coverage`
read it from the graph's cached need membership index (`graph.needindex.need_index`).

Lateral edges (`graph.schema.LATERAL_RELATIONS`: ``related_to`` joins related professions
side by side) are not links towards the needs: every question here but the rankings reads
`structural` (the graph without them), so they never change a web, a filter, a
neighbourhood, the needs served and their proof, a path or the coverage. Career moves read
them from the graph itself.

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
>>> search(G, "nurse")[0].id, label(G, "staff-nurse")
('staff-nurse', 'Staff Nurse')
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .cache import structural
from .errors import WebOfWorkError
from .needindex import need_index
from .resolve import (label, need_order, require_node, resolve_need, resolve_node,
                      resolve_tier, resolve_tiers)
from .schema import NEED_BY_ID, NEED_IDS, WORK_TIERS, tier_rank
from .search import Match, SearchIndex, search
from .views import filtered_view, induced_view, select

__all__ = [
    "QueryError", "need_web", "filter_graph", "neighbourhood", "needs_served",
    "shortest_path", "search", "Match", "SearchIndex", "coverage", "rank_degree",
    "rank_betweenness", "resolve_node", "resolve_need", "resolve_tier", "label", "structural",
    "BETWEENNESS_EXACT_LIMIT", "BETWEENNESS_SAMPLES", "BETWEENNESS_SEED",
]

#: Above this many nodes `rank_betweenness` samples pivots instead of using all of them.
BETWEENNESS_EXACT_LIMIT = 1000
#: Number of sampled pivots (``k`` of ``nx.betweenness_centrality``) above the limit.
BETWEENNESS_SAMPLES = 200
#: Fixed seed of the sampling, so rankings are reproducible.
BETWEENNESS_SEED = 42


class QueryError(WebOfWorkError, ValueError):
    """An argument of a query is out of range (e.g. a negative depth)."""


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

    Returns
    -------
    frozenset
        Empty when G has no node for that need.

    See Also
    --------
    filter_graph : the union of needs' webs as a view, with a tier filter.
    needs_served : the other way round, the needs one node reaches, with proofs.

    Notes
    -----
    Reads the cached need membership index (`graph.needindex.need_index`, one linear pass
    over the edges the first time): linear in the size of the web.

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
    idx = need_index(G)
    b = idx.bit.get(need)
    if b is None:
        return frozenset()
    return frozenset(n for key, nodes in idx.groups.items() if key[2] & b for n in nodes)


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
        Read-only: a frozen view of G without its lateral edges (`structural`), with
        bridged edges computed as they are read.

    Raises
    ------
    UnknownNameError
        For an unknown need or tier (with suggestions).

    See Also
    --------
    need_web : the nodes of one need's web, as a set.
    neighbourhood : the nodes around one node.
    graph.views.select, graph.views.filtered_view : the two steps of this function.

    Notes
    -----
    Once the graph's need membership index exists (one linear pass over the edges,
    cached), building the view costs the number of (tier, needs reached) groups of
    nodes, not the number of nodes, and no search for bridged edges: each node's are
    found when its adjacency is first read. Reading costs a dict lookup per edge, in C.
    See `graph.views` for the details.

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
    return filtered_view(G, select(G, needs, tiers), bridge)


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
        A read-only induced subgraph view of G without its lateral edges (`structural`):
        the walk does not follow them either.

    Raises
    ------
    QueryError
        When `depth` is not a whole number, 0 or more.
    UnknownNameError
        For an unknown node or tier (with suggestions).

    See Also
    --------
    filter_graph : the part of G in chosen needs and tiers.
    shortest_path : the links joining two nodes.

    Notes
    -----
    A breadth-first search over links in both directions: linear in the nodes and links
    within reach, whatever the size of G. The result is a view
    (`graph.views.induced_view`): no copy.

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
    node = require_node(G, node)
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise QueryError(f"depth must be a whole number of links, 0 or more; got {depth!r}")
    tier_set = resolve_tiers(tiers)
    G = structural(G)
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
    return induced_view(G, seen)


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

    See Also
    --------
    need_web : the other way round, every node that reaches one need.
    shortest_path : a shortest chain between any two nodes, in either direction.

    Notes
    -----
    One breadth-first search along the edges from `node` (lateral ones left out, see
    `structural`): linear in what it reaches.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "banking"), ("banking", "economic-security"),
    ...                 ("teller", "banker"), ("banker", "family")])
    >>> nx.set_node_attributes(G, {"economic-security": "need", "family": "need"}, "tier")
    >>> needs_served(G, "teller")
    {'family': ['teller', 'banker', 'family'], 'economic-security': ['teller', 'banking', 'economic-security']}
    """
    node = require_node(G, node)
    G = structural(G)
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
    for need in sorted(found, key=need_order):
        chain = [need]
        while parent[chain[-1]] is not None:
            chain.append(parent[chain[-1]])
        out[need] = chain[::-1]
    return out


def shortest_path(G, a, b) -> list | None:
    """Return a shortest path between two nodes, ignoring edge direction, or None.

    Lateral edges (`structural`) are not followed.

    Parameters
    ----------
    G : networkx.DiGraph
    a, b : str
        Node ids (or labels/aliases).

    Returns
    -------
    list or None
        The node ids from `a` to `b`; ``[a]`` when they are the same node; None when no
        chain of links joins them.

    See Also
    --------
    needs_served : shortest directed chains from a node to the needs.
    neighbourhood : every node within a number of links.

    Notes
    -----
    A bidirectional breadth-first search, always growing the smaller frontier: it stops
    as soon as the two searches meet, so it reads far less than a search from one end.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "banking"), ("loan-officer", "banking"), ("z", "zz")])
    >>> shortest_path(G, "teller", "loan-officer")
    ['teller', 'banking', 'loan-officer']
    >>> shortest_path(G, "teller", "z") is None, shortest_path(G, "z", "z")
    (True, ['z'])
    """
    a = require_node(G, a)
    b = require_node(G, b)
    if a == b:
        return [a]
    G = structural(G)
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

    See Also
    --------
    need_web : the nodes behind one row.

    Notes
    -----
    Counts whole groups of the cached need membership index
    (`graph.needindex.need_index`), not nodes: the number of groups times the number of
    needs.

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
    idx = need_index(G)
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
    tier_set = resolve_tiers(tiers)
    nodes = G._node
    items = [(n, v) for n, v in values.items()
             if tier_set is None or nodes[n].get("tier") in tier_set]
    items.sort(key=lambda nv: (-nv[1], tier_rank(nodes[nv[0]].get("tier", "")), str(nv[0])))
    return items if top is None else items[:top]


def rank_degree(G, top: int | None = 10, tiers=None) -> list:
    """Return the `top` nodes by degree (links in + out), as (id, degree) pairs.

    Ties go to the more enduring tier, then the smaller id. ``tiers`` ranks only nodes
    of those tiers (degrees still count every link of G).

    See Also
    --------
    rank_betweenness : brokers rather than hubs.

    Notes
    -----
    Linear in the nodes and links of G, plus a sort of the ranked nodes.

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

    See Also
    --------
    rank_degree : hubs, in linear time.

    Notes
    -----
    NetworkX's Brandes algorithm on a plain undirected copy of G (faster to walk than a
    view): O(k * links) for k pivots, O(nodes * links) when exact.

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
