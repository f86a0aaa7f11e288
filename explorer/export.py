"""Export panel: the current view as a data file (CSV zip, GraphML, GEXF, JSON) or an image.

Data files come from :mod:`graph.export` applied to exactly the graph the page shows
(``explorer.view.visible_graph``), with a provenance record of the filters that made it.
Images come from the Cytoscape component itself (``generateImage``), drawn in the
browser, so they look like the screen.
"""

from __future__ import annotations

import re

import dash_cytoscape as cyto
from dash import Input, Output, State, ctx as dash_ctx, dcc, html
from dash.exceptions import PreventUpdate

from graph import export as gexport
from graph.schema import NEED_IDS, TIER_IDS
from explorer.state import ViewState
from explorer.table import tab_of
from explorer.view import visible_graph

#: Format preselected in the picker: the one Gephi, Cytoscape desktop and igraph all read.
DEFAULT_FORMAT = "graphml"
#: Image formats the graph component can draw, with the button label of each.
IMAGE_FORMATS = {"png": "PNG image", "svg": "SVG image"}
GROUP_STYLE = {"border": "1px solid var(--line)", "borderRadius": "6px", "margin": "10px 0",
               "display": "flex", "flexDirection": "column", "gap": "6px",
               "alignItems": "flex-start"}


def view_filters(state: ViewState) -> dict:
    """Return the filters that produced a view, for provenance records and file names.

    Needs and tiers are listed only when some are hidden, and the focus only when there
    is one, so the whole graph has no filter and a short file name.

    Examples
    --------
    >>> from explorer.state import DEFAULT
    >>> view_filters(DEFAULT)
    {}
    >>> view_filters(DEFAULT.replace(needs=["learning"], focus="learning", depth=2))
    {'needs': ['learning'], 'focus': 'learning', 'depth': 2}
    """
    filters: dict = {}
    if state.needs != NEED_IDS:
        filters["needs"] = list(state.needs)
    if state.tiers != TIER_IDS:
        filters["tiers"] = list(state.tiers)
    if state.focus is not None:
        filters["focus"] = state.focus
        filters["depth"] = state.depth
    return filters


def current_view(ctx, state_data):
    """Return the ViewState held by the ``view-state`` store and the View the page shows."""
    state = ViewState.from_dict(state_data or {}, ctx.graph)
    return state, visible_graph(ctx, state)


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
    fmt = fmt if fmt in gexport.FORMATS else DEFAULT_FORMAT
    spec = gexport.FORMATS[fmt]
    state, view = current_view(ctx, state_data)
    filters = view_filters(state)
    if view.truncated:
        filters["element_cap"] = view.cap
    prov = gexport.provenance(view.graph, filters)
    content = spec.writer(view.graph, provenance=prov)
    filename = gexport.export_filename(ctx.graph, filters, fmt)
    return dcc.send_bytes(content, filename, type=spec.mime)


def image_request(ctx, kind, state_data):
    """Return the ``generateImage`` request that makes the browser download a PNG or SVG.

    SVG must use ``action='download'`` (``'store'`` fails in dash-cytoscape 1.0.2);
    PNG is drawn at twice the screen resolution on a white background.
    """
    if kind not in IMAGE_FORMATS:
        raise PreventUpdate
    state = ViewState.from_dict(state_data or {}, ctx.graph)
    options = {"full": True, "bg": "#ffffff"}
    if kind == "png":
        options["scale"] = 2
    return {
        "type": kind,
        "action": "download",
        "filename": image_stem(ctx, state),
        "options": options,
    }


def summary(ctx, state_data) -> str:
    """Return the sentence that says what an export of the current view will hold."""
    _, view = current_view(ctx, state_data)
    g = view.graph
    n, m = g.number_of_nodes(), g.number_of_edges()
    text = (f"Exports hold the {n} node{'s' if n != 1 else ''} and {m} "
            f"edge{'s' if m != 1 else ''} the graph shows, with the filters that chose them.")
    if view.truncated:
        text += " The view is capped: narrow the filters to export everything they match."
    return text


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
            html.P(
                "GraphML and GEXF open in Gephi, Cytoscape desktop and igraph; "
                "the CSV zip loads back into this explorer; file names say what they hold.",
                className="muted",
            ),
        ],
    )


def register_callbacks(app, ctx) -> None:
    """Wire the export panel to the view state and the graph component of ``app``."""
    # The SVG writer of Cytoscape.js ships in dash-cytoscape's extra bundle.
    cyto.load_extra_layouts()

    @app.callback(
        Output("export-download", "data"),
        Input("export-button", "n_clicks"),
        State("export-format", "value"),
        State("view-state", "data"),
        prevent_initial_call=True,
    )
    def _download(n_clicks, fmt, state_data):
        return download_view(ctx, n_clicks, fmt, state_data)

    @app.callback(
        Output("graph", "generateImage", allow_duplicate=True),
        Input("export-png", "n_clicks"),
        Input("export-svg", "n_clicks"),
        State("view-state", "data"),
        prevent_initial_call=True,
    )
    def _image(_png, _svg, state_data):
        kind = {"export-png": "png", "export-svg": "svg"}.get(dash_ctx.triggered_id)
        return image_request(ctx, kind, state_data)

    where = tab_of(app.layout, "export-summary")
    inputs = {"state": Input("view-state", "data")}
    if where is not None:
        inputs["tab"] = Input(where[0], "value")

    @app.callback(Output("export-summary", "children"), inputs=inputs)
    def _summary(state, tab=None):
        if where is not None and tab != where[1]:
            raise PreventUpdate
        return summary(ctx, state)
