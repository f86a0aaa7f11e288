"""The one Cytoscape.js stylesheet of the explorer, derived from `graph.schema.TIERS`.

Each tier has its own colour (Okabe-Ito, colour-blind safe) and its own shape, so tiers
differ even in grey scale. Needs are the largest nodes, always labelled; other labels hide
when zoomed out so far that they could not be read. Bridged edges (a path through hidden
tiers) are dashed. In a what-if scenario, removed nodes are crossed out and faded, nodes
that lose a need get a double ring, and needs left with no node of some tier a dashed one.

Examples
--------
>>> [rule["selector"] for rule in STYLESHEET if rule["selector"].startswith("node.")][:5]
['node.need', 'node.profession', 'node.industry', 'node.organization', 'node.job']
>>> tier_style("job")["shape"]
'triangle'
"""

from __future__ import annotations

import base64

from graph.moves.layout import link_class
from graph.schema import RELATEDNESS, TIERS
from explorer.scales import SCALES, UNKNOWN

#: Node size by tier rank: needs largest, jobs smallest.
_SIZES = {0: 46, 1: 30, 2: 28, 3: 26, 4: 22}
INK = "#1f2933"
MUTED = "#7b8794"
HIGHLIGHT = "#D55E00"  # Okabe-Ito vermillion: selection, focus and path
#: Each relatedness tier's link (closest first): colour (ColorBrewer Purples, dark to
#: light, colour-blind safe), width and dash, so tiers differ in grey scale too.
RELATEDNESS_STYLE: dict[str, tuple[str, float, str]] = dict(zip(RELATEDNESS, (
    ("#54278f", 4.0, "solid"), ("#807dba", 2.5, "solid"), ("#bcbddc", 1.5, "dashed"))))
#: Link colours (plain, bridged, in a "+N" group): the pale greys links had when drawn at
#: 0.8 opacity on white, drawn opaque instead. Cytoscape draws the arrowhead of a
#: translucent link twice (a pass clearing the spot, then the fill), in every full frame.
LINK, LINK_BRIDGED, LINK_GROUPED = "#c6ced6", "#9faab4", "#d5dbe1"
#: The cross drawn over a node a what-if scenario removes (an SVG data URI: the page's
#: content security policy allows data: images).
CROSS = "data:image/svg+xml;base64," + base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    b'<path d="M12 12 L88 88 M88 12 L12 88" stroke="#1f2933" stroke-width="12" '
    b'stroke-linecap="round"/></svg>').decode("ascii")


def tier_style(tier_id: str) -> dict:
    """Return the node style of one tier (colour, shape, size)."""
    tier = next(t for t in TIERS if t.id == tier_id)
    size = _SIZES.get(tier.rank, 22)
    return {
        "background-color": tier.colour,
        "shape": tier.shape,
        "width": size,
        "height": size,
    }


#: Border width of nodes by kind, as the rules below draw them (half of it lies outside).
_BORDERS = {"node": 1, "need": 2, "group": 2}


def node_radius(data: dict) -> float:
    """Return the radius a node is drawn with, from its element ``data`` and these rules.

    A need is ``data(size)`` wide, a "+N" group grows with ``count`` (34 to 80 pixels over
    1 to 200 members, as its ``mapData`` rule says), any other node takes its tier's size;
    half the border lies outside the body.

    Examples
    --------
    >>> node_radius({"tier": "job"}), node_radius({"tier": "need", "size": 40})
    (11.5, 21.0)
    >>> node_radius({"tier": "job", "group": True, "count": 200})
    41.0
    """
    tier = data.get("tier")
    if tier == "need" and "size" in data:
        return float(data["size"]) / 2 + _BORDERS["need"] / 2
    if data.get("group"):
        count = min(max(float(data.get("count") or 1), 1.0), 200.0)
        return (34 + (count - 1) / 199 * 46) / 2 + _BORDERS["group"] / 2
    rank = next((t.rank for t in TIERS if t.id == tier), None)
    return _SIZES.get(rank, 22) / 2 + _BORDERS["node"] / 2


def _tier_rules() -> list[dict]:
    """Return one rule per tier."""
    return [{"selector": f"node.{t.id}", "style": tier_style(t.id)} for t in TIERS]


#: Border of a node coloured by a figure, so that the palest colours stand out on white.
FIGURE_BORDER = "#52606d"
#: Opacity of a node with no figure in a "Colour by" mode other than tier.
UNKNOWN_OPACITY = 0.45


def colour_class(mode: str) -> str:
    """Return the class every node carries while the graph is coloured by ``mode``.

    Examples
    --------
    >>> colour_class("growth")
    'colour-growth'
    """
    return f"colour-{mode}"


def colour_rules(mode: str) -> list[dict]:
    """Return the rules that colour nodes by a figure of `explorer.scales.SCALES`.

    They apply to nodes with the mode's class (`colour_class`), which the browser puts
    on every node when the mode is chosen (``assets/colour.js``): a class change
    restyles only the properties it touches, where swapping stylesheets recomputes every
    property (labels included) of every element, about a second on the US default view.
    Nodes with no figure are grey and faded, needs keep their colour, and each bin of the
    scale is one rule on the bin field the elements carry
    (`explorer.scales.colour_values`); shapes and sizes stay the tiers'. The tier mode
    has no rules of its own.

    Examples
    --------
    >>> [r["selector"] for r in colour_rules("zone")][2:4]
    ['node.colour-zone[colour_zone]', 'node.colour-zone[colour_zone = 0]']
    >>> colour_rules("tier")
    []
    """
    scale = SCALES.get(mode)
    if scale is None:
        return []
    need = next(t for t in TIERS if t.id == "need")
    on = f"node.{colour_class(mode)}"
    return [
        {"selector": on, "style": {"background-color": UNKNOWN,
                                   "background-opacity": UNKNOWN_OPACITY}},
        {"selector": f"{on}.need", "style": {"background-color": need.colour,
                                             "background-opacity": 1}},
        {"selector": f"{on}[{scale.field}]", "style": {
            "background-opacity": 1, "border-width": 1, "border-color": FIGURE_BORDER}},
        *({"selector": f"{on}[{scale.field} = {i}]", "style": {"background-color": b.colour}}
          for i, b in enumerate(scale.bins)),
    ]


def _colour_rules() -> list[dict]:
    """Return the rules of every "Colour by" mode, after the tier rules so that groups,
    what-if marks, the selection and the path still draw over them."""
    return [rule for mode in SCALES for rule in colour_rules(mode)]


STYLESHEET: list[dict] = [
    {
        "selector": "node",
        "style": {
            "label": "data(label)",
            "font-size": 12,
            "font-family": "sans-serif",
            "color": INK,
            "text-valign": "bottom",
            "text-margin-y": 4,
            "text-wrap": "ellipsis",
            "text-max-width": 110,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.75,
            "text-background-padding": 1,
            "min-zoomed-font-size": 6,
            "border-width": 1,
            "border-color": "#ffffff",
            "background-color": MUTED,
        },
    },
    *_tier_rules(),
    *_colour_rules(),
    {
        "selector": "node.need",
        "style": {
            "font-size": "data(font)",
            "width": "data(size)",
            "height": "data(size)",
            "font-weight": "bold",
            "min-zoomed-font-size": 0,
            "label": "data(lines)",  # broken into lines on the server (needlabels.broken_label)
            "text-max-width": "data(wrap)",
            "text-wrap": "wrap",
            "text-background-opacity": 0.85,
            "border-width": 2,
            "border-color": "#8a5a00",
            "z-index": 20,
        },
    },
    # Every other need of a row (the hierarchy) has its label above its star.
    {"selector": "node.need[?above]", "style": {"text-valign": "top", "text-margin-y": -4}},
    # The most linked nodes of each tier: labels sized on the server
    # (explorer.elements.mark_major_labels) to be read at the fitted zoom.
    {"selector": "node.label-major", "style": {"font-size": "data(font)",
                                               "text-max-width": "data(wrap)",
                                               "min-zoomed-font-size": 0, "z-index": 15}},
    {
        "selector": "edge",
        "style": {
            "width": 1.2,
            "line-color": LINK,
            "curve-style": "straight",
            "target-arrow-shape": "triangle",
            "target-arrow-color": LINK,
            "arrow-scale": 0.7,
        },
    },
    # A node's moves (below) keep their relatedness colours as they were drawn: at 0.8.
    {"selector": "edge.related_to", "style": {"opacity": 0.8}},
    {
        "selector": "edge.bridged",
        "style": {"line-style": "dashed", "line-dash-pattern": [6, 4], "line-color": LINK_BRIDGED,
                  "target-arrow-color": LINK_BRIDGED},
    },
    {"selector": "edge.part_of", "style": {"line-style": "dotted"}},
    # A link that would pass over a node it does not join is bent around it: the server
    # computes the bend (graph.routing.edge_bends) against the node centres: one control
    # point, or two (numbers or lists in the link's data).
    {"selector": "edge.bent", "style": {"curve-style": "unbundled-bezier",
                                        "control-point-distances": "data(bend)",
                                        "control-point-weights": "data(weight)",
                                        "edge-distances": "node-position"}},
    # A link that no such curve keeps clear (a long link across the rows of the hierarchy)
    # is routed as a polyline through the gaps between nodes: its corners, placed the same
    # way (graph.routing.Bend, polyline), in lists in the link's data.
    {"selector": "edge.routed", "style": {"curve-style": "segments",
                                          "segment-distances": "data(bend)",
                                          "segment-weights": "data(weight)",
                                          "edge-distances": "node-position"}},
    # A "+N" group of nodes left out beyond the element cap: a pale, dashed version of its
    # members' tier (same shape and colour family), sized by how many it holds; a click
    # draws more of it.
    {
        "selector": "node.group",
        "style": {
            "background-opacity": 0.25,
            "border-width": 2,
            "border-style": "dashed",
            "width": "mapData(count, 1, 200, 34, 80)",
            "height": "mapData(count, 1, 200, 34, 80)",
            "font-size": 14,
            "label": "data(label)",
            "font-style": "italic",
            "font-weight": "bold",
            "text-valign": "center",
            "text-halign": "center",
            "text-margin-y": 0,
            "min-zoomed-font-size": 4,
        },
    },
    *[{"selector": f"node.group.{t.id}", "style": {"border-color": t.colour}} for t in TIERS],
    # Nodes a click on a group just brought in: a ring in the highlight colour.
    {"selector": "node.revealed", "style": {"border-width": 3, "border-color": HIGHLIGHT}},
    {"selector": "edge.grouped", "style": {"line-style": "dashed", "line-dash-pattern": [3, 3],
                                           "line-color": LINK_GROUPED,
                                           "target-arrow-shape": "none"}},
    # What if it went away? (explorer.elements.whatif_classes): removed nodes stay drawn,
    # faded and crossed out, with their links; what loses a need is ringed.
    {"selector": "node.removed", "style": {
        "background-image": CROSS, "background-fit": "contain", "background-clip": "none",
        "background-image-containment": "over", "background-opacity": 0.3,
        "border-width": 2, "border-style": "dashed", "border-color": INK, "color": MUTED,
        "min-zoomed-font-size": 0, "z-index": 25}},
    {"selector": "edge.removed", "style": {"line-style": "dashed", "opacity": 0.3}},
    {"selector": "node.loses-need", "style": {"border-width": 4, "border-style": "double",
                                              "border-color": INK}},
    {"selector": "node.cover-lost", "style": {"border-width": 5, "border-style": "dashed",
                                              "border-color": HIGHLIGHT}},
    {
        "selector": "node.ring",
        "style": {
            "shape": "ellipse",
            "width": "data(diameter)",
            "height": "data(diameter)",
            "background-opacity": 0,
            "border-width": 1,
            "border-style": "dashed",
            "border-color": "#cbd2d9",
            "label": "",
            "events": "no",
            "z-index": 0,
            "z-index-compare": "manual",
        },
    },
    # A ring's title: a label centred on a point the server chose outside the ring.
    {
        "selector": "node.ring-title",
        "style": {
            "shape": "rectangle",
            "width": 1,
            "height": 1,
            "border-width": 0,
            "label": "data(label)",
            "font-size": "data(font)",
            "font-weight": "bold",
            "text-wrap": "none",
            "text-max-width": 10000,
            "color": "#52606d",
            "text-valign": "center",
            "text-halign": "center",
            "text-background-opacity": 0,
            "min-zoomed-font-size": 0,
        },
    },
    {
        "selector": "node.focus-node",
        "style": {"border-width": 4, "border-color": INK, "z-index": 30},
    },
    {
        "selector": "node.selected-node",
        "style": {"border-width": 5, "border-color": HIGHLIGHT, "font-weight": "bold",
                  "min-zoomed-font-size": 0, "z-index": 40},
    },
    {"selector": "node.on-path", "style": {"border-width": 4, "border-color": HIGHLIGHT,
                                           "min-zoomed-font-size": 0}},
    {"selector": "edge.on-path", "style": {"width": 4, "line-color": HIGHLIGHT,
                                           "target-arrow-color": HIGHLIGHT, "opacity": 1,
                                           "z-index": 50}},
    # The selection's neighbourhood (or its "Path to..." path), set apart in the browser
    # (assets/explorer.js): copies of the node, its links and its neighbours carry these
    # marks in the lens drawn over the graph, the neighbours' labels drawn at any zoom;
    # the lens's veil fades everything else.
    {"selector": "node.neighbour", "style": {"min-zoomed-font-size": 0,
                                             "text-background-opacity": 0.9, "z-index": 35}},
    {"selector": "edge.near-link", "style": {"width": 2.5, "line-color": INK,
                                             "target-arrow-color": INK, "opacity": 1,
                                             "z-index": 45}},
    # A node's moves drawn around it (graph.moves.layout): related_to links have no
    # direction; their relatedness tier is told by colour, width and dash at once, over
    # the selection's highlight (the centre is usually the node selected).
    {"selector": "edge.related_to", "style": {"target-arrow-shape": "none"}},
    *[{"selector": f"edge.{link_class(tier)}", "style": {
        "line-color": colour, "width": width, "line-style": dash, "z-index": 10 - i}}
      for i, (tier, (colour, width, dash)) in enumerate(RELATEDNESS_STYLE.items())],
    {"selector": "node.moves-centre", "style": {"border-width": 4, "border-color": INK,
                                                "min-zoomed-font-size": 0, "z-index": 30}},
    {"selector": "node:selected", "style": {"overlay-opacity": 0.15, "overlay-color": HIGHLIGHT}},
    {"selector": "node:active", "style": {"overlay-opacity": 0.2}},
]

