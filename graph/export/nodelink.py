"""NetworkX node-link JSON writer, with the provenance record under a top-level key."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.export._values import compact_json
from graph.export.provenance import _stamp

__all__ = ["to_node_link_json"]


def to_node_link_json(G, provenance: Mapping | None = None) -> bytes:
    """Return NetworkX node-link JSON of `G` (``edges="edges"``) with a ``provenance`` key.

    Parameters
    ----------
    G : networkx.DiGraph
        Any graph or read-only view; it is not changed.
    provenance : mapping, optional
        The record of `graph.export.provenance` (computed when None), written under the
        top-level ``provenance`` key with the node and edge counts of this file.

    Returns
    -------
    bytes
        Compact ASCII JSON. ``networkx.node_link_graph(json.loads(...), edges="edges")``
        reads it back; the graph-level attributes of `G` are kept under ``graph``.

    See Also
    --------
    to_cytoscape_json : JSON for Cytoscape.js and Cytoscape desktop.
    to_csv_zip, to_graphml, to_gexf : the other formats.
    graph.export.export_bytes : any format by name.

    Notes
    -----
    O(n + m) time for n nodes and m edges: ``networkx.node_link_data`` then one
    ``json.dumps`` without the circular-reference check; about the CPU time of NetworkX
    alone (1.0-1.1x, ``bench/bench_export.py``).

    Examples
    --------
    >>> import json, networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("chef", "family", relation="serves", weight=0.5)
    >>> doc = json.loads(to_node_link_json(G, {"filters": {}, "checksum": "ab"}))
    >>> doc["provenance"]["checksum"], doc["provenance"]["edges"]
    ('ab', 1)
    >>> nx.node_link_graph(doc, edges="edges").edges["chef", "family"]
    {'relation': 'serves', 'weight': 0.5}
    """
    doc = nx.node_link_data(G, edges="edges")
    doc["graph"] = {k: v for k, v in G.graph.items() if k != "titles"}  # a side table, not the view
    doc["provenance"] = _stamp(G, provenance)
    return compact_json(doc)
