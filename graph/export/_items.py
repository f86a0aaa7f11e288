"""How the writers walk a graph: its nodes and edges with their data, fast on views.

The filters of ``graph.query`` and ``G.subgraph`` return induced subgraph views, whose own
iteration calls a Python filter per neighbour; these functions read the underlying graph
with a set lookup instead, in the same order.
"""

from __future__ import annotations

import networkx as nx


def is_induced_view(G) -> bool:
    """Return True when `G` is a node-filtered subgraph view of a simple directed graph.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b")])
    >>> is_induced_view(G), is_induced_view(G.subgraph(["a"])), is_induced_view(G.reverse(copy=False))
    (False, True, False)
    """
    return (getattr(G, "_graph", None) is not None
            and getattr(G, "_NODE_OK", None) is not None
            and getattr(G, "_EDGE_OK", None) is nx.filters.no_filter
            and G.is_directed() and not G.is_multigraph())


def node_items(G) -> list:
    """Return ``[(node, data), ...]`` of `G` in ``G.nodes`` order (fast on subgraph views).

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("b", tier="job")
    >>> G.add_node("a", tier="need")
    >>> node_items(G.subgraph(["a", "b"]))
    [('b', {'tier': 'job'}), ('a', {'tier': 'need'})]
    """
    if is_induced_view(G):
        root_nodes = G._graph._node
        return [(n, root_nodes[n]) for n in G._node]
    return list(G.nodes(data=True))


def edge_items(G) -> list:
    """Return ``[(u, v, data), ...]`` of `G`, source by source in ``G.nodes`` order.

    Notes
    -----
    On an induced subgraph view (what ``G.subgraph`` and the query filters return) the
    underlying graph's adjacency is read once with a set lookup, instead of the view
    filtering every neighbour through a Python call; targets keep the underlying order.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b", {"relation": "serves"}), ("b", "c", {})])
    >>> edge_items(G.subgraph(["a", "b"]))
    [('a', 'b', {'relation': 'serves'})]
    """
    if is_induced_view(G):
        order = list(G._node)
        keep = set(order)
        succ = G._graph._succ
        return [(u, v, d) for u in order for v, d in succ[u].items() if v in keep]
    if G.is_directed() and not G.is_multigraph():  # as G.edges(data=True), without its generator
        return [(u, v, d) for u, nbrs in G._succ.items() for v, d in nbrs.items()]
    return list(G.edges(data=True))
