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

from graph.schema import TIERS

#: Node size by tier rank: needs largest, jobs smallest.
_SIZES = {0: 46, 1: 30, 2: 28, 3: 26, 4: 22}
INK = "#1f2933"
MUTED = "#7b8794"
HIGHLIGHT = "#D55E00"  # Okabe-Ito vermillion: selection, focus and path
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


def _tier_rules() -> list[dict]:
    """Return one rule per tier."""
    return [{"selector": f"node.{t.id}", "style": tier_style(t.id)} for t in TIERS]


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
    {
        "selector": "node.need",
        "style": {
            "font-size": "data(font)",
            "width": "data(size)",
            "height": "data(size)",
            "font-weight": "bold",
            "min-zoomed-font-size": 0,
            "text-max-width": "data(wrap)",
            "text-wrap": "wrap",
            "text-background-opacity": 0.85,
            "border-width": 2,
            "border-color": "#8a5a00",
            "z-index": 20,
        },
    },
    {
        "selector": "edge",
        "style": {
            "width": 1.2,
            "line-color": "#b8c2cc",
            "curve-style": "straight",
            "target-arrow-shape": "triangle",
            "target-arrow-color": "#b8c2cc",
            "arrow-scale": 0.7,
            "opacity": 0.8,
        },
    },
    {
        "selector": "edge.bridged",
        "style": {"line-style": "dashed", "line-dash-pattern": [6, 4], "line-color": "#8795a1",
                  "target-arrow-color": "#8795a1"},
    },
    {"selector": "edge.part_of", "style": {"line-style": "dotted"}},
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
                                           "line-color": "#cbd2d9", "target-arrow-shape": "none"}},
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
            "label": "data(label)",
            "font-size": "data(font)",
            "font-weight": "bold",
            "text-wrap": "none",
            "text-max-width": 1000,
            "color": "#52606d",
            "text-valign": "top",
            "text-halign": "center",
            "text-margin-y": -6,
            "text-background-opacity": 0,
            "min-zoomed-font-size": 0,
            "events": "no",
            "z-index": 0,
            "z-index-compare": "manual",
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
    {"selector": "node:selected", "style": {"overlay-opacity": 0.15, "overlay-color": HIGHLIGHT}},
    {"selector": "node:active", "style": {"overlay-opacity": 0.2}},
]
