"""The elements the explorer draws: a graph's Cytoscape.js elements, placed and highlighted.

The view pipeline (`explorer.view.elements`) decides what is drawn, where and what stands
out; this module turns that into the element dicts dash-cytoscape takes, on top of
`graph.export.cytoscape_elements` (the same elements the ``.cyjs`` export writes), and
says which classes a what-if scenario gives them (`whatif_classes`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx

from graph.export import cytoscape_elements
from graph.keptbends import KeptBends
from graph.routing import Bend, curve_middles, edge_bends
from explorer.needlabels import LINE_HEIGHT, box_at, label_box as need_label_box
from explorer.scales import colour_values
from explorer.stylesheet import node_radius

__all__ = ["REMOVED", "LOSES_NEED", "COVER_LOST", "BENT", "ROUTED", "LABEL_MAJOR", "bend_links",
           "fitted_zoom", "kept_bends", "major_font", "mark_major_labels", "to_elements",
           "whatif_classes"]

#: Class of a node a what-if scenario removes (drawn crossed out) and of its links.
REMOVED = "removed"
#: Class of a node that no longer reaches one of the needs it reached.
LOSES_NEED = "loses-need"
#: Class of a need left with no node of some tier that reached it.
COVER_LOST = "cover-lost"
#: Class of a link bent around a node it does not join (its ``bend`` in its data).
BENT = "bent"
#: Class of a link routed as a polyline round the nodes it does not join (its corners'
#: ``bend`` and ``weight`` in its data).
ROUTED = "routed"


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
        order, with ``data`` (``id``, ``label``, ``tier``, every other attribute and the
        bins of `explorer.scales.colour_values`) and
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
    for element, n in zip(elements, G):  # the bins "Colour by" paints (explorer.scales)
        element["data"].update(colour_values(element["data"]))
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


def bend_links(elements: list[dict], keep=None) -> list[dict]:
    """Return the elements with each link that would cross a node it does not join bent.

    Nodes are taken where they are placed, at the radius the stylesheet draws them
    (`explorer.stylesheet.node_radius`); ring guides and unplaced nodes are not obstacles.
    A bent link gets class `BENT` and ``data["bend"]`` and ``data["weight"]``, the
    control-point distances and weights (numbers for one control point, lists for two)
    that the stylesheet's ``edge.bent`` rule hands to Cytoscape
    (`graph.routing.edge_bends`, `graph.routing.Bend`); a link no curve clears, routed
    as a polyline, gets class `ROUTED` instead and its corners' distances and weights
    (lists) there, for the ``edge.routed`` rule. ``keep``, the `kept_bends` of the
    drawing these elements are drawn on, keeps the bend of each link whose ends stay
    where they were while it still clears every node: the same data, the same class.
    The elements are changed in place and returned.

    See Also
    --------
    graph.routing.edge_bends : the bends.
    kept_bends : the bends a drawing keeps.

    Examples
    --------
    >>> els = [{"data": {"id": n, "tier": "job"}, "position": {"x": x, "y": 0.0}, "classes": "job"}
    ...        for n, x in (("a", 0.0), ("b", 60.0), ("c", 120.0))]
    >>> els.append({"data": {"id": "a->c", "source": "a", "target": "c"}, "classes": "serves"})
    >>> bend_links(els)[-1]["classes"], abs(els[-1]["data"]["bend"]) > 30
    ('serves bent', True)
    """
    G, pos, radius, by_pair = _placed(elements)
    for pair, bend in edge_bends(G, pos, radius, keep=keep).items():
        el = by_pair[pair]
        el["data"].update(bend.data())
        el["classes"] = f"{el['classes']} {ROUTED if bend.polyline else BENT}".strip()
    return elements


def kept_bends(elements: list[dict]) -> KeptBends:
    """Return the bends of the links of drawn elements (as `bend_links` left them), for a
    view drawn on the same places to keep (`bend_links`'s ``keep``).

    Examples
    --------
    >>> els = [{"data": {"id": n, "tier": "job"}, "position": {"x": x, "y": 0.0}, "classes": "job"}
    ...        for n, x in (("a", 0.0), ("b", 60.0), ("c", 120.0))]
    >>> els.append({"data": {"id": "a->c", "source": "a", "target": "c"}, "classes": "serves"})
    >>> again = [dict(el, data=dict(el["data"])) for el in els]
    >>> bend_links(again, keep=kept_bends(bend_links(els)))[-1] == els[-1]
    True
    """
    _, pos, radius, by_pair = _placed(elements)
    bends = {}
    for pair, el in by_pair.items():
        data = el["data"]
        if "bend" in data:
            routed = ROUTED in el.get("classes", "").split()
            bends[pair] = Bend.of((data["bend"], data.get("weight", 0.5), routed))
    return KeptBends(pos, radius, bends)


def _placed(elements) -> tuple:
    """Return (graph, positions, radii, link element by (source, target)) of the placed
    nodes of the elements, as `bend_links` routes them."""
    pos, radius, by_pair = {}, {}, {}
    for el in elements:
        data = el["data"]
        if "position" in el:
            if "ring" in el.get("classes", "").split():
                continue
            pos[data["id"]] = (el["position"]["x"], el["position"]["y"])
            radius[data["id"]] = node_radius(data)
        elif "source" in data and "target" in data:
            by_pair[(data["source"], data["target"])] = el
    G = nx.DiGraph()
    G.add_nodes_from(pos)
    G.add_edges_from(pair for pair in by_pair if pair[0] in pos and pair[1] in pos)
    return G, pos, radius, by_pair


#: Class of a node whose label is drawn large enough to read at the fitted zoom.
LABEL_MAJOR = "label-major"
#: The graph area the server expects the view to be fitted to: the page's in a 1440x900
#: window, less the fit's padding on each side.
FIT_AREA = (754.0, 647.0)
#: On-screen size of the labels of the most important nodes once the view is fitted
#: (the fit also takes in the labels at the rim, so they come out a little smaller).
MAJOR_FONT = 12.5
#: Most labels made readable on each ring (tier), most linked nodes first.
MAJOR_PER_TIER = 8
#: Ratio between two label sizes `major_font` may give: views whose fitted zooms differ
#: by less than this mostly give their labels the same size, so a filter change leaves
#: those nodes' data as it was and the browser restyles neither them nor their links.
FONT_STEP = 1.05
#: Widths of a label's character and line, as shares of its font size.
_CHAR = 0.6


def fitted_zoom(elements: list[dict], area=FIT_AREA) -> float:
    """Return the zoom at which the placed elements (nodes, ring guides, bent links) fill ``area``.

    Examples
    --------
    >>> fitted_zoom([{"data": {"id": "a", "tier": "job"}, "position": {"x": 0, "y": 0}},
    ...              {"data": {"id": "b", "tier": "job"}, "position": {"x": 0, "y": 624}}])
    1.0
    """
    xs, ys = [], []
    at = {}
    for el in elements:
        if "position" in el:
            data = el["data"]
            r = data["diameter"] / 2 if "diameter" in data else node_radius(data)
            x, y = el["position"]["x"], el["position"]["y"]
            at[data["id"]] = (x, y)
            xs += [x - r, x + r]
            ys += [y - r, y + r]
    for el in elements:  # a bent or routed link may bulge out of the nodes' extent
        data = el["data"]
        if "bend" in data and data.get("source") in at and data.get("target") in at:
            routed = ROUTED in el.get("classes", "").split()
            for x, y in curve_middles(at[data["source"]], at[data["target"]],
                                      (data["bend"], data.get("weight", 0.5), routed)):
                xs.append(x)
                ys.append(y)
    if not xs:
        return 1.0
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    return round(min(area[0] / max(width, 1.0), area[1] / max(height, 1.0)), 4)


def major_font(zoom: float) -> float:
    """Return the size (pixels at zoom 1) of a major label that reads `MAJOR_FONT` pixels
    or a little more (less than `FONT_STEP` times) once fitted at ``zoom``; never under 12.

    Sizes go by steps of `FONT_STEP`, so two views with nearly the same fitted zoom give
    their labels the same size.

    Examples
    --------
    >>> major_font(2.0), major_font(1.0), major_font(0.2) == major_font(0.201)
    (12.0, 12.6, True)
    """
    wanted = MAJOR_FONT / max(zoom, 1e-6)
    if wanted <= 12.0:
        return 12.0
    steps = math.ceil(math.log(wanted / 12.0) / math.log(FONT_STEP) - 1e-9)
    return math.ceil(12.0 * FONT_STEP ** steps * 10 - 1e-6) / 10


def _label_box(el, font: float, width: float, lines: int = 1):
    """Return the box (x1, y1, x2, y2) of a node's label drawn under it."""
    return box_at(el["position"]["x"], el["position"]["y"], node_radius(el["data"]), width,
                  lines * LINE_HEIGHT * font)


def _meets(box, boxes) -> bool:
    """Return True when ``box`` overlaps any of ``boxes``."""
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in boxes)


def mark_major_labels(elements: list[dict], area=FIT_AREA) -> list[dict]:
    """Return the elements with the labels of the most linked nodes of each tier readable.

    At the zoom that fits the view in ``area`` (`fitted_zoom`), a node label of the
    stylesheet's 12 pixels may be too small to read, and is then hidden. The most linked
    nodes of each tier (by drawn links, up to `MAJOR_PER_TIER`; ties by id) whose label,
    drawn at `major_font` (`MAJOR_FONT` pixels on screen or a little more), would meet no
    need label and no label already chosen get class `LABEL_MAJOR` and ``font`` and
    ``wrap`` (pixels at zoom 1) in their data; the others appear as the user zooms in.
    Changed in place and returned.

    Examples
    --------
    >>> els = [{"data": {"id": n, "tier": "job", "label": n}, "position": {"x": x, "y": 0.0},
    ...         "classes": "job"} for n, x in (("a", 0.0), ("b", 3000.0))]
    >>> [e["classes"] for e in mark_major_labels(els)]
    ['job label-major', 'job label-major']
    >>> on_screen = els[0]["data"]["font"] * fitted_zoom(els)  # once fitted
    >>> MAJOR_FONT <= on_screen < MAJOR_FONT * FONT_STEP
    True
    """
    zoom = fitted_zoom(elements, area)
    font = major_font(zoom)
    degree: dict = {}
    nodes = []
    for el in elements:
        data = el["data"]
        if "position" in el:
            if "ring" not in el.get("classes", "").split():
                nodes.append(el)
        elif "source" in data:
            for end in (data["source"], data["target"]):
                degree[end] = degree.get(end, 0) + 1
    taken = []
    for el in nodes:
        data = el["data"]
        if data.get("tier") == "need" and "font" in data:
            taken.append(need_label_box(el))  # as explorer.needlabels set it
    by_tier: dict = {}
    for el in nodes:
        data = el["data"]
        if data.get("tier") != "need" and not data.get("group"):
            by_tier.setdefault(data.get("tier"), []).append(el)
    for tier in sorted(by_tier, key=str):
        ranked = sorted(by_tier[tier], key=lambda e: (-degree.get(e["data"]["id"], 0),
                                                      str(e["data"]["id"])))
        chosen = 0
        for el in ranked[:4 * MAJOR_PER_TIER]:
            data = el["data"]
            wrap = 110 * font / 12  # the stylesheet's text-max-width, scaled with the font
            width = min(len(str(data.get("label", ""))) * _CHAR * font, wrap)
            box = _label_box(el, font, width)
            if _meets(box, taken):
                continue
            taken.append(box)
            data["font"], data["wrap"] = round(font, 1), round(wrap, 1)
            el["classes"] = f"{el['classes']} {LABEL_MAJOR}".strip()
            chosen += 1
            if chosen == MAJOR_PER_TIER:
                break
    return elements
