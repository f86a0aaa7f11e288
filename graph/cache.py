"""A per-graph cache of derived, read-only values (indexes), shared by the query modules."""

from __future__ import annotations

import threading
import weakref


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
