"""Export panel: the current view as a data file (CSV zip, GraphML, GEXF, JSON) or an image.

Data files come from :mod:`graph.export` applied to exactly the graph the page shows
(``explorer.view.visible_graph``), with a provenance record of the filters that made it.
The PNG image is drawn by the Cytoscape component in the browser (``generateImage``), so
it looks like the screen. The SVG image is written here, from the same elements and
positions the page draws: Cytoscape.js can only write SVG with dash-cytoscape's extra
bundle, which adds about 900 KB of JavaScript to every page load.

With a what-if scenario (the state's ``without``), data files carry it: every node has
``whatif_removed`` and ``whatif_loses`` (the needs it loses, ``|``-separated;
`graph.whatif.annotate`), the provenance names the removed nodes, and images draw the
removed nodes crossed out.
"""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape

from dash import Input, Output, State, ctx as dash_ctx, dcc, html
from dash.exceptions import PreventUpdate

from graph import export as gexport
from graph import whatif
from graph.schema import NEED_IDS, TIER_BY_ID, TIER_IDS, TIERS

from explorer import compare, organization
from explorer.panel import Panel
from explorer.state import ViewState
from explorer.stylesheet import INK, tier_style
from explorer.view import elements, kept_view, visible_graph

#: Format preselected in the picker: the one Gephi, Cytoscape desktop and igraph all read.
DEFAULT_FORMAT = "graphml"
#: Image formats offered, with the button label of each.
IMAGE_FORMATS = {"png": "PNG image", "svg": "SVG image"}
GROUP_STYLE = {"border": "1px solid var(--line)", "borderRadius": "6px", "margin": "10px 0",
               "display": "flex", "flexDirection": "column", "gap": "6px",
               "alignItems": "flex-start"}


def view_filters(state: ViewState) -> dict:
    """Return the filters that produced a view, for provenance records and file names.

    Needs and tiers are listed only when some are hidden, the focus only when there is
    one and the removed nodes of a what-if scenario only when there are some, so the whole
    graph has no filter and a short file name.

    Examples
    --------
    >>> from explorer.state import DEFAULT
    >>> view_filters(DEFAULT)
    {}
    >>> view_filters(DEFAULT.replace(needs=["learning"], focus="learning", depth=2))
    {'needs': ['learning'], 'focus': 'learning', 'depth': 2}
    >>> view_filters(DEFAULT.replace(without=["chef"]))
    {'without': ['chef']}
    """
    filters: dict = {}
    if state.needs != NEED_IDS:
        filters["needs"] = list(state.needs)
    if state.tiers != TIER_IDS:
        filters["tiers"] = list(state.tiers)
    if state.focus is not None:
        filters["focus"] = state.focus
        filters["depth"] = state.depth
    if state.without:
        filters["without"] = list(state.without)
    return filters


def current_view(ctx, state_data):
    """Return the ViewState held by the ``view-state`` store and the View the page shows."""
    state = ViewState.from_dict(state_data or {}, ctx.graph)
    return state, visible_graph(ctx, state)


#: What the export panel says, and every export does, when the view holds no node.
NOTHING_TO_EXPORT = ("Nothing to export: the view shows no node. Choose at least one need "
                     "and one tier, or press Reset.")


def _exported(view):
    """Return the graph a data file of ``view`` holds: everything the filters match."""
    return view.matched if view.matched is not None else view.graph


def image_stem(ctx, state: ViewState) -> str:
    """Return a file name without extension that says what an image of the view shows."""
    name = gexport.export_filename(ctx.graph, view_filters(state), DEFAULT_FORMAT)
    stem = re.sub(r"\.[a-z0-9]+$", "", name)
    return stem or "web-of-work"


def download_view(ctx, n_clicks, fmt, state_data):
    """Return the ``dcc.Download`` payload of the current view in format ``fmt``.

    Unknown formats fall back to GraphML rather than failing: the picker only offers
    registered formats, so an unknown one can only come from a stale page.
    """
    if not n_clicks:
        raise PreventUpdate
    fmt = fmt if isinstance(fmt, str) and fmt in gexport.FORMATS else DEFAULT_FORMAT
    spec = gexport.FORMATS[fmt]
    state, view = current_view(ctx, state_data)
    filters = view_filters(state)
    # A file is not drawn, so it holds everything the filters match, even beyond the cap.
    graph = _exported(view)
    if graph.number_of_nodes() == 0:  # an empty file would only puzzle: the panel says so
        raise PreventUpdate
    if view.scenario is not None:  # each node says what the scenario takes from it
        graph = whatif.annotate(graph, view.scenario)
    prov = gexport.provenance(graph, filters)
    content = spec.writer(graph, provenance=prov)
    filename = gexport.export_filename(ctx.graph, filters, fmt)
    return dcc.send_bytes(content, filename, type=spec.mime)


def image_request(ctx, kind, state_data):
    """Return the ``generateImage`` request that makes the browser download a PNG.

    The whole graph is drawn (not just the part on screen) at twice the screen
    resolution, on a white background, with ``action='download'`` so the image never
    travels through the server.
    """
    if kind != "png":
        raise PreventUpdate
    state, view = current_view(ctx, state_data)
    if view.graph.number_of_nodes() == 0:
        raise PreventUpdate
    return {
        "type": "png",
        "action": "download",
        "filename": image_stem(ctx, state),
        "options": {"full": True, "bg": "#ffffff", "scale": 2},
    }


# ------------------------------------------------------------------------------- SVG

_MARGIN = 40
_EDGE = {"default": ("#b8c2cc", ""), "bridged": ("#8795a1", "6 4"), "part_of": ("#b8c2cc", "2 3")}


def _shape(shape: str, x: float, y: float, size: float, attrs: str) -> str:
    """Return the SVG element of a Cytoscape node shape centred on (x, y)."""
    r = size / 2
    if shape == "round-rectangle":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" '
                f'rx="{size / 4:.1f}" {attrs}/>')
    if shape in ("diamond", "triangle", "star"):
        if shape == "diamond":
            points = [(0, -1), (1, 0), (0, 1), (-1, 0)]
        elif shape == "triangle":
            points = [(0, -1), (1, 1), (-1, 1)]
        else:
            points = [(math.cos(math.pi * (k / 5 - 0.5)) * (1 if k % 2 == 0 else 0.45),
                       math.sin(math.pi * (k / 5 - 0.5)) * (1 if k % 2 == 0 else 0.45))
                      for k in range(10)]
        text = " ".join(f"{x + px * r:.1f},{y + py * r:.1f}" for px, py in points)
        return f'<polygon points="{text}" {attrs}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {attrs}/>'


def _node_size(data: dict) -> float:
    """Return the drawn size of a node, as the page's stylesheet gives it."""
    if data.get("size"):
        return float(data["size"])
    tier = data.get("tier")
    return float(tier_style(tier)["width"]) if tier in TIER_BY_ID else 22.0


def svg_image(ctx, state_data) -> bytes:
    """Return an SVG drawing of the current view: the page's elements at their positions.

    Nodes keep their tier's colour and shape, edges their dashes (bridged, part of), the
    web layout its ring guides; every label is escaped text, so no label can become markup.

    Examples
    --------
    >>> import networkx as nx
    >>> from types import SimpleNamespace
    >>> G = nx.DiGraph(name="demo")
    >>> G.add_node("family", tier="need", label="Family")
    >>> G.add_node("nanny", tier="profession", label="<b>Nanny</b>")
    >>> G.add_edge("nanny", "family", relation="serves")
    >>> svg = svg_image(SimpleNamespace(graph=G), None).decode()
    >>> svg.startswith("<?xml") and "&lt;b&gt;Nanny&lt;/b&gt;" in svg and "<b>" not in svg
    True
    """
    state, view = current_view(ctx, state_data)
    els = elements(view, state.layout, getattr(ctx, "positions", None),
                   like=kept_view(ctx, state))
    # Nodes have positions; edges never do (a node may carry a "source" attribute).
    nodes = [e for e in els if "position" in e]
    edges = [e for e in els if "position" not in e]
    pos = {e["data"]["id"]: (e["position"]["x"], e["position"]["y"]) for e in nodes}
    extents = []
    for e in nodes:
        x, y = pos[e["data"]["id"]]
        r = float(e["data"].get("diameter") or _node_size(e["data"])) / 2
        extents.append((x - r, y - r, x + r, y + r + 18))
    if not extents:
        extents = [(0.0, 0.0, 400.0, 200.0)]
    # Title and legend grow with the drawing, so they stay readable when it is fitted.
    k = max(1.0, max(max(e[2] for e in extents) - min(e[0] for e in extents),
                     max(e[3] for e in extents) - min(e[1] for e in extents)) / 1200)
    step = 24 * k
    x0 = min(e[0] for e in extents) - _MARGIN * k
    y0 = min(e[1] for e in extents) - _MARGIN * k - 30 * k
    x1 = max(e[2] for e in extents) + _MARGIN * k
    y1 = max(e[3] for e in extents) + _MARGIN * k + step * len(TIERS)
    width, height = x1 - x0, y1 - y0
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.1f} {y0:.1f} {width:.1f} '
        f'{height:.1f}" width="{width:.0f}" height="{height:.0f}" font-family="sans-serif">',
        f"<title>{escape('Web of Work: ' + view.message)}</title>",
        "<defs>",
        *(f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
          f'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
          f'fill="{colour}"/></marker>' for name, (colour, _) in _EDGE.items()),
        "</defs>",
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>',
        f'<text x="{x0 + _MARGIN * k / 2:.1f}" y="{y0 + 28 * k:.1f}" font-size="{16 * k:.1f}" '
        f'fill="{INK}">{escape(view.message)}</text>',
    ]
    rings = [e for e in nodes if "ring" in e.get("classes", "").split()]
    for e in rings:
        x, y = pos[e["data"]["id"]]
        if "ring-title" not in e.get("classes", "").split():  # a guide: its title is its own element
            r = float(e["data"]["diameter"]) / 2
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="none" '
                       f'stroke="#cbd2d9" stroke-dasharray="3 3"/>')
            continue
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
                   f'dominant-baseline="central" '
                   f'font-size="{e["data"].get("font", 14)}" font-weight="bold" fill="#52606d">'
                   f'{escape(str(e["data"].get("label", "")))}</text>')
    sizes = {e["data"]["id"]: _node_size(e["data"]) for e in nodes}
    for e in edges:
        d = e["data"]
        if d["source"] not in pos or d["target"] not in pos:
            continue
        kind = "bridged" if d.get("relation") == "bridged" else (
            "part_of" if d.get("relation") == "part_of" else "default")
        colour, dash = _EDGE[kind]
        (xa, ya), (xb, yb) = pos[d["source"]], pos[d["target"]]
        length = math.hypot(xb - xa, yb - ya) or 1.0
        cut = min(sizes[d["target"]] / 2, length / 2)
        xb, yb = xb - (xb - xa) * cut / length, yb - (yb - ya) * cut / length
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{xa:.1f}" y1="{ya:.1f}" x2="{xb:.1f}" y2="{yb:.1f}" '
                   f'stroke="{colour}" stroke-width="1.2"{dash_attr} '
                   f'marker-end="url(#arrow-{kind})"/>')
    for e in nodes:
        if e in rings:
            continue
        d = e["data"]
        x, y = pos[d["id"]]
        tier = TIER_BY_ID.get(d.get("tier"))
        size = sizes[d["id"]]
        classes = e.get("classes", "").split()
        stroke = (INK, 3) if "selected-node" in classes or "focus-node" in classes else ("#ffffff", 1)
        attrs = (f'fill="{tier.colour if tier else "#7b8794"}" stroke="{stroke[0]}" '
                 f'stroke-width="{stroke[1]}"')
        cross = ""
        if "removed" in classes:  # a what-if scenario removes it: crossed out, as on screen
            r = size / 2
            cross = "".join(f'<line x1="{x - r:.1f}" y1="{y + sign * r:.1f}" x2="{x + r:.1f}" '
                            f'y2="{y - sign * r:.1f}" stroke="{INK}" stroke-width="2"/>'
                            for sign in (1, -1))
        out.append(f"<g><title>{escape(str(d.get('label') or d['id']))}</title>"
                   + _shape(tier.shape if tier else "ellipse", x, y, size, attrs) + cross
                   + "</g>")
        font = d.get("font", 12) if tier and tier.id == "need" else 12
        weight = ' font-weight="bold"' if tier and tier.id == "need" else ""
        out.append(f'<text x="{x:.1f}" y="{y + size / 2 + font + 2:.1f}" text-anchor="middle" '
                   f'font-size="{font}"{weight} fill="{INK}">'
                   f"{escape(str(d.get('label') or d['id']))}</text>")
    ly = y1 - _MARGIN * k / 2 - step * len(TIERS)
    for i, tier in enumerate(TIERS):
        cy = ly + step * i
        out.append(_shape(tier.shape, x0 + _MARGIN * k, cy, 16 * k,
                          f'fill="{tier.colour}" stroke="#ffffff" stroke-width="1"'))
        out.append(f'<text x="{x0 + (_MARGIN + 16) * k:.1f}" y="{cy + 5 * k:.1f}" '
                   f'font-size="{13 * k:.1f}" fill="{INK}">'
                   f'{escape(f"{tier.plural} - {tier.stability}")}</text>')
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")


def download_svg(ctx, n_clicks, state_data):
    """Return the ``dcc.Download`` payload of the SVG drawing of the current view."""
    if not n_clicks:
        raise PreventUpdate
    state, view = current_view(ctx, state_data)
    if view.graph.number_of_nodes() == 0:
        raise PreventUpdate
    return dcc.send_bytes(svg_image(ctx, state_data), image_stem(ctx, state) + ".svg",
                          type="image/svg+xml")


def summary(ctx, state_data) -> str:
    """Return the sentence that says what an export of the current view will hold."""
    _, view = current_view(ctx, state_data)
    g = _exported(view)
    n, m = g.number_of_nodes(), g.number_of_edges()
    if n == 0:
        return NOTHING_TO_EXPORT
    scenario = (" Each node carries the what-if scenario: whatif_removed, and whatif_loses "
                "(the needs it loses)." if view.scenario is not None else "")
    if not view.truncated:
        return (f"Exports hold the {n:,} node{'s' if n != 1 else ''} and {m:,} "
                f"edge{'s' if m != 1 else ''} the graph shows, with the filters that chose "
                f"them.{scenario}")
    return (f"Data exports hold all {n:,} nodes and {m:,} edges the filters match, with the "
            f"filters that chose them (the graph draws {view.visible_nodes:,} of those nodes "
            f"and folds the rest into groups); images show what is drawn.{scenario}")


def component(ctx):
    """Return the export panel: a format picker, a Download button and image buttons."""
    formats = [
        {"label": f"{spec.label} (.{spec.extension})", "value": name}
        for name, spec in gexport.FORMATS.items()
    ]
    return html.Section(
        className="panel-body export-panel",
        **{"aria-labelledby": "export-title"},
        children=[
            html.H3("Export the current view", id="export-title", className="details-title"),
            html.P(id="export-summary", className="muted", **{"aria-live": "polite"}),
            html.Fieldset(
                className="export-group", style=GROUP_STYLE,
                children=[
                    html.Legend("Data file", className="panel-title"),
                    dcc.RadioItems(
                        id="export-format",
                        options=formats,
                        value=DEFAULT_FORMAT,
                        className="export-formats",
                        labelClassName="check-label",
                    ),
                    html.Button("Download", id="export-button", className="btn",
                                n_clicks=0, type="button"),
                    dcc.Download(id="export-download"),
                ],
            ),
            html.Fieldset(
                className="export-group", style=GROUP_STYLE,
                children=[
                    html.Legend("Image of the graph", className="panel-title"),
                    html.Button(IMAGE_FORMATS["png"], id="export-png", className="btn",
                                n_clicks=0, type="button"),
                    html.Button(IMAGE_FORMATS["svg"], id="export-svg", className="btn",
                                n_clicks=0, type="button"),
                ],
            ),
            compare.export_controls(),
            html.P(
                "GraphML and GEXF open in Gephi, Cytoscape desktop and igraph; "
                "the CSV zip loads back into this explorer; file names say what they hold.",
                className="muted",
            ),
        ],
    )


def register_callbacks(app, ctx) -> None:
    """Wire the export panel to the view state and the graph component of ``app``."""

    @app.callback(
        Output("export-download", "data"),
        Input("export-button", "n_clicks"),
        Input("export-svg", "n_clicks"),
        State("export-format", "value"),
        State("view-state", "data"),
        State("org-graph", "data"),
        prevent_initial_call=True,
    )
    def _download(data_clicks, svg_clicks, fmt, state_data, org):
        here = organization.overlaid(ctx, org)  # the user's organization, if any
        if dash_ctx.triggered_id == "export-svg":
            return download_svg(here, svg_clicks, state_data)
        return download_view(here, data_clicks, fmt, state_data)

    @app.callback(
        Output("graph", "generateImage", allow_duplicate=True),
        Input("export-png", "n_clicks"),
        State("view-state", "data"),
        prevent_initial_call=True,
    )
    def _image(_png, state_data):
        return image_request(ctx, "png", state_data)

    @app.callback(Output("export-summary", "children"),
                  *(Output(b, "disabled") for b in ("export-button", "export-png", "export-svg")),
                  inputs={"state": PANEL.view_state, "org": State("org-graph", "data")},
                  prevent_initial_call=True)
    def _summary(state, org):
        if state is None:  # the tab has not been opened yet
            raise PreventUpdate
        text = summary(organization.overlaid(ctx, org), state)
        return (text, *(text == NOTHING_TO_EXPORT,) * 3)


PANEL = Panel("export", "Export", component, register_callbacks, needs_view_state=True, order=40)
