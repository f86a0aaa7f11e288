"""Cytoscape.js elements of a graph, and the Cytoscape JSON (``.cyjs``) file writer.

An element is ``{"data": {...}, "classes": "..."}``: node classes name the tier (for a
need, ``"need need-<id>"``), edge classes the relation (plus ``"bridged"`` on a bridged
edge). The explorer draws these elements (``explorer.elements`` adds positions and
highlights); the file holds them with the provenance record.
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.export._items import edge_items, node_items
from graph.export._values import compact_json
from graph.export.provenance import PRODUCT, _stamp
from graph.schema import BRIDGED

__all__ = ["cytoscape_elements", "to_cytoscape_json"]


def cytoscape_elements(G, *, desktop: bool = False) -> list[dict]:
    """Return the Cytoscape.js elements of the nodes and edges of `G`, nodes first.

    Parameters
    ----------
    G : networkx.DiGraph
        Any graph or read-only view; it is not changed. Node attributes ``label`` and
        ``tier`` are expected (an absent label falls back to the id, an absent tier to "").
    desktop : bool, optional
        Also give each node ``name`` (its label; Cytoscape desktop labels nodes by it) and
        ``value`` (its id), as `to_cytoscape_json` writes them.

    Returns
    -------
    list of dict
        Nodes first, in ``G.nodes`` order, then edges, source by source. Node ``data`` has
        ``id``, ``label`` (the id when absent), ``tier`` ("" when absent) and every other
        attribute; node ``classes`` = the tier id (``"need need-<id>"`` for a need). Edge
        ``data`` has ``id`` (``"SOURCE->TARGET"``), ``source``, ``target``, ``relation``
        and every other attribute; edge ``classes`` = the relation, plus ``"bridged"`` for
        a bridged edge. Ids are strings; attributes named like a fixed key never replace
        it; every ``data`` is a new dict.

    See Also
    --------
    explorer.elements.to_elements : these elements with positions and extra classes.
    to_cytoscape_json : these elements in a file, with the provenance.

    Notes
    -----
    O(n + m) time for n nodes and m edges: one dict comprehension per kind of element,
    with the fixed keys written after the attributes so that none can replace them, and
    the node and edge lists read from the underlying graph on a subgraph view.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("family", label="Family", tier="need")
    >>> G.add_node("nanny", label="Nanny", tier="job")
    >>> G.add_edge("nanny", "family", relation="serves", bridged=True, via="childcare-worker")
    >>> [(e["data"]["id"], e["classes"]) for e in cytoscape_elements(G)]
    [('family', 'need need-family'), ('nanny', 'job'), ('nanny->family', 'serves bridged')]
    >>> cytoscape_elements(G, desktop=True)[1]["data"]
    {'name': 'Nanny', 'value': 'nanny', 'label': 'Nanny', 'tier': 'job', 'id': 'nanny'}
    """
    nodes = node_items(G)
    if desktop:
        elements = [
            {"data": {"name": attrs.get("label", (i := str(n))), "value": i, "label": i,
                      "tier": "", **attrs, "id": i},
             "classes": tier if (tier := attrs.get("tier", "")) != "need" else f"need need-{n}"}
            for n, attrs in nodes
        ]
    else:
        elements = [
            {"data": {"label": str(n), "tier": "", **attrs, "id": str(n)},
             "classes": tier if (tier := attrs.get("tier", "")) != "need" else f"need need-{n}"}
            for n, attrs in nodes
        ]
    elements += [
        {"data": {"relation": "", **attrs, "id": f"{u}->{v}", "source": str(u), "target": str(v)},
         "classes": rel if (rel := attrs.get("relation", "")) == BRIDGED
         or not attrs.get("bridged") else f"{rel} {BRIDGED}"}
        for u, v, attrs in edge_items(G)
    ]
    return elements


def to_cytoscape_json(G, provenance: Mapping | None = None) -> bytes:
    """Return Cytoscape JSON (``.cyjs``) of `G`: Cytoscape.js elements, provenance as ``data``.

    Parameters
    ----------
    G : networkx.DiGraph
        Any graph or read-only view; it is not changed.
    provenance : mapping, optional
        The record of `graph.export.provenance` (computed when None), written as the
        document's ``data`` with the node and edge counts of this file.

    Returns
    -------
    bytes
        Compact ASCII JSON: ``{"format_version", "generated_by",
        "target_cytoscapejs_version", "data": provenance, "directed": true,
        "multigraph": false, "elements": {"nodes": [...], "edges": [...]}}`` with the
        elements of ``cytoscape_elements(G, desktop=True)``, so that Cytoscape desktop and
        ``networkx.cytoscape_graph`` both read the file.

    See Also
    --------
    cytoscape_elements : the elements it holds.
    to_node_link_json : NetworkX's own JSON form.
    to_csv_zip, to_graphml, to_gexf : the other formats.
    graph.export.export_bytes : any format by name.

    Notes
    -----
    O(n + m) time for n nodes and m edges: `cytoscape_elements` then one ``json.dumps``
    without the circular-reference check; 0.9-1.2x the CPU time of
    ``networkx.cytoscape_data`` + ``json.dumps`` for a file 1.27x larger (the classes and
    the node ``name``/``value``), ``bench/bench_export.py``.

    Examples
    --------
    >>> import json, networkx as nx
    >>> G = nx.DiGraph(checksum="ab12")
    >>> G.add_edge("electrician", "home-and-shelter", relation="serves")
    >>> doc = json.loads(to_cytoscape_json(G))
    >>> doc["data"]["checksum"], [e["data"]["id"] for e in doc["elements"]["edges"]]
    ('ab12', ['electrician->home-and-shelter'])
    >>> sorted(nx.cytoscape_graph(doc).edges)
    [('electrician', 'home-and-shelter')]
    """
    prov = _stamp(G, provenance)
    elements = cytoscape_elements(G, desktop=True)
    n_nodes = G.number_of_nodes()
    nodes, edges = elements[:n_nodes], elements[n_nodes:]
    doc = {
        "format_version": "1.0",
        "generated_by": f"{PRODUCT} {prov.get('version', '')}".strip(),
        "target_cytoscapejs_version": "~3",
        "data": prov,
        "directed": True,
        "multigraph": False,
        "elements": {"nodes": nodes, "edges": edges},
    }
    return compact_json(doc)
