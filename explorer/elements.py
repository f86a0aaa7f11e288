"""The elements the explorer draws: a graph's Cytoscape.js elements, placed and highlighted.

The view pipeline (`explorer.view.elements`) decides what is drawn, where and what stands
out; this module turns that into the element dicts dash-cytoscape takes, on top of
`graph.export.cytoscape_elements` (the same elements the ``.cyjs`` export writes), and
says which classes a what-if scenario gives them (`whatif_classes`).
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.export import cytoscape_elements

__all__ = ["REMOVED", "LOSES_NEED", "COVER_LOST", "to_elements", "whatif_classes"]

#: Class of a node a what-if scenario removes (drawn crossed out) and of its links.
REMOVED = "removed"
#: Class of a node that no longer reaches one of the needs it reached.
LOSES_NEED = "loses-need"
#: Class of a need left with no node of some tier that reached it.
COVER_LOST = "cover-lost"


def _extra_classes(classes, key) -> str:
    """Return the extra classes `classes` gives an element id, as a space-separated string."""
    extra = classes(key) if callable(classes) else classes.get(key)
    if not extra:
        return ""
    return extra if isinstance(extra, str) else " ".join(extra)


def to_elements(G, positions=None, classes=None) -> list[dict]:
    """Return Cytoscape.js elements (as dash-cytoscape takes them) for the nodes and edges of `G`.

    Parameters
    ----------
    G : networkx.DiGraph
        Any graph or view; it is not changed. Node attributes ``label`` and ``tier`` are
        expected (an absent label falls back to the id, an absent tier to "").
    positions : mapping, optional
        Node id -> ``(x, y)`` or ``{"x": x, "y": y}``; nodes found there get a ``position``.
    classes : mapping or callable, optional
        Element id (a node id, or ``"SOURCE->TARGET"`` for an edge) -> extra classes (a
        string or an iterable of strings), e.g. to highlight a path; a callable is called
        with the element id and may return None.

    Returns
    -------
    list of dict
        The elements of `graph.export.cytoscape_elements`: nodes first, in ``G.nodes``
        order, with ``data`` (``id``, ``label``, ``tier`` and every other attribute) and
        ``classes`` naming the tier; then edges with ``data`` (``id`` = ``"SOURCE->TARGET"``,
        ``source``, ``target``, ``relation``...) and ``classes`` naming the relation. A
        node in `positions` has a ``position``; the extra classes of `classes` follow the
        element's own, space-separated.

    See Also
    --------
    graph.export.cytoscape_elements : the same elements without positions or extra classes.
    graph.export.to_cytoscape_json : these elements written to a ``.cyjs`` file.
    explorer.view.elements : the drawn view's elements, built with this function.

    Notes
    -----
    O(n + m) for n nodes and m edges: `graph.export.cytoscape_elements`, then one pass
    over the nodes for `positions` and one over every element for `classes` (each only
    when given). About 1.5-3.5 ms for 1,000 elements, half the time of
    ``networkx.cytoscape_data`` (``bench/bench_export.py``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("family", label="Family", tier="need")
    >>> G.add_node("nanny", label="Nanny", tier="job", aliases="au pair")
    >>> G.add_edge("nanny", "family", relation="bridged", bridged=True, via="childcare-worker")
    >>> nodes_and_edges = to_elements(G, positions={"family": (0, 1)}, classes={"nanny": "hit"})
    >>> for element in nodes_and_edges:
    ...     print(element["data"]["id"], "|", element["classes"], "|", element.get("position"))
    family | need need-family | {'x': 0.0, 'y': 1.0}
    nanny | job hit | None
    nanny->family | bridged | None
    >>> nodes_and_edges[1]["data"]
    {'label': 'Nanny', 'tier': 'job', 'aliases': 'au pair', 'id': 'nanny'}
    """
    elements = cytoscape_elements(G)
    if positions is not None:
        for element, n in zip(elements, G):
            pos = positions.get(n)
            if pos is not None:
                if isinstance(pos, Mapping):
                    element["position"] = {"x": float(pos["x"]), "y": float(pos["y"])}
                else:
                    element["position"] = {"x": float(pos[0]), "y": float(pos[1])}
    if classes is not None:
        for element in elements:
            extra = _extra_classes(classes, element["data"]["id"])
            if extra:
                element["classes"] = f"{element['classes']} {extra}"
    return elements


def whatif_classes(scenario, H) -> dict[str, list[str]]:
    """Return element id -> the classes a what-if scenario gives the elements of H.

    Parameters
    ----------
    scenario : graph.whatif.Scenario
        What the needs lose without some nodes.
    H : networkx.DiGraph
        The drawn graph; its removed nodes stay in it.

    Returns
    -------
    dict
        Removed nodes and their links: `REMOVED`; nodes that lose a need: `LOSES_NEED`;
        needs left with no node of some tier: `COVER_LOST`. Only elements of H appear.

    See Also
    --------
    graph.whatif.without : the scenario.
    to_elements : takes these as its ``classes``.

    Notes
    -----
    Linear in the nodes the scenario names and the links of the removed nodes drawn.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.whatif import without
    >>> G = nx.DiGraph([("cook", "diner"), ("diner", "leisure")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "diner": "organization", "cook": "job"},
    ...                        "tier")
    >>> whatif_classes(without(G, ["diner"]), G)
    {'diner': ['removed'], 'cook->diner': ['removed'], 'diner->leisure': ['removed'], \
'cook': ['loses-need'], 'leisure': ['cover-lost']}
    """
    out: dict[str, list[str]] = {}
    for n in scenario.removed:
        if n in H:
            out[n] = [REMOVED]
            for eid in [*(f"{u}->{n}" for u in H.predecessors(n)),
                        *(f"{n}->{v}" for v in H.successors(n))]:
                out[eid] = [REMOVED]  # a link between two removed nodes is marked once
    for n in sorted(scenario.losers, key=str):
        if n in H:
            out.setdefault(n, []).append(LOSES_NEED)
    for need in dict.fromkeys(need for need, _ in scenario.emptied):
        if need in H and need not in scenario.removed:
            out.setdefault(need, []).append(COVER_LOST)
    return out
