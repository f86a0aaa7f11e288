"""A per-graph cache of derived, read-only values (indexes), shared by the query modules,
and the one derived graph they all read: `structural`, the graph without its lateral edges."""

from __future__ import annotations

import threading
import weakref

import networkx as nx

from .schema import LATERAL_RELATIONS


def graph_stamp(G) -> tuple:
    """Return a cheap fingerprint that changes when nodes are added or removed, or the data do."""
    return len(G), G.graph.get("checksum")


class GraphCache:
    """One value per graph object, built on first use, dropped with the graph, rebuilt on change.

    The graph is held weakly, so a cache never keeps a graph alive; a graph whose
    `graph_stamp` changed (nodes added or removed in place) gets a fresh value.

    Examples
    --------
    >>> import networkx as nx
    >>> sizes = GraphCache(lambda G: G.number_of_nodes())
    >>> G = nx.path_graph(3)
    >>> sizes.get(G), len(sizes)
    (3, 1)
    >>> G.add_node(9); sizes.get(G)
    4
    """

    def __init__(self, build):
        self._build = build
        self._items: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def get(self, G):
        """Return the value for G, building it when absent or stale."""
        stamp = graph_stamp(G)
        with self._lock:
            hit = self._items.get(G)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = self._build(G)
        with self._lock:
            self._items[G] = (stamp, value)
        return value


def _has_lateral(G) -> bool:
    """Return True when some edge of G has a lateral relation."""
    lateral = LATERAL_RELATIONS
    for nbrs in G._succ.values():
        for d in nbrs.values():
            if d.get("relation") in lateral:
                return True
    return False


def _without_lateral(G):
    """Return None when G has no lateral edge, else a frozen copy of G without them."""
    if not _has_lateral(G):
        return None  # G itself (a cache value never refers to its own graph)
    lateral = LATERAL_RELATIONS
    S = nx.DiGraph()
    S.graph = G.graph  # shared: name, checksum, titles, skills
    S._node.update(G._node.items())
    # each row filtered in G's own order, so walks meet neighbours in the same order
    for mine, theirs in ((S._succ, G._succ), (S._pred, G._pred)):
        for n, nbrs in theirs.items():
            mine[n] = {m: d for m, d in nbrs.items() if d.get("relation") not in lateral}
    S.lateral_free = True
    return nx.freeze(S)


_STRUCTURAL = GraphCache(_without_lateral)


def structural(G):
    """Return G without its lateral edges (`graph.schema.LATERAL_RELATIONS`): the links that
    lead towards the needs.

    Every query that follows links towards the needs (the need index, filters, bridged
    views, neighbourhoods, proof chains, folding, layout, coverage) reads this graph, so
    lateral edges such as ``related_to`` never change what they answer.

    Parameters
    ----------
    G : networkx.DiGraph

    Returns
    -------
    networkx.DiGraph
        G itself when it has no lateral edge (or is such a graph already); otherwise a
        frozen graph with G's nodes in G's order, every other edge, and G's own node,
        edge and graph attribute dicts (shared, not copied). Read-only.

    See Also
    --------
    graph.schema.LATERAL_RELATIONS : the relations left out.

    Notes
    -----
    Cached by graph identity like the other indexes (`GraphCache`): the first call scans
    the edges once (and copies the adjacency when a lateral edge is found: some
    milliseconds for data/us), later calls cost a dict lookup. Graphs made by
    `graph.views` over a graph without lateral edges say so (``lateral_free``) and are
    returned at once.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edge("nurse", "health", relation="serves")
    >>> G.add_edge("midwife", "nurse", relation="related_to", relatedness="Primary-Short")
    >>> S = structural(G)
    >>> list(S.edges), list(S), S.nodes["nurse"] is G.nodes["nurse"]
    ([('nurse', 'health')], ['nurse', 'health', 'midwife'], True)
    >>> structural(S) is S, structural(nx.DiGraph([(1, 2)])) is not None
    (True, True)
    """
    if getattr(G, "lateral_free", False):
        return G
    S = _STRUCTURAL.get(G)
    return G if S is None else S
