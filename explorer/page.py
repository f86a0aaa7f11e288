"""The page layout: header with search, filter sidebar, the graph, and the side panels.

`layout(ctx)` returns the whole page for one app; `build(ctx)` makes the Dash app with
every feature's callbacks registered. The side panels' tabs are built from the registry
`explorer.panels.PANELS` (or the panels given), each panel registering its own callbacks.
Component ids are the shared contract listed in the project notes (``graph``,
``view-state``, ``need-picker``...).
"""

from __future__ import annotations

from pathlib import Path

import dash_cytoscape as cyto
from dash import Dash, dcc, html

from graph.layout import LAYOUTS
from graph.schema import NEEDS, TIERS
from explorer import (colour, controller, delivery, filters, graphview, history, organization,
                      search, serving)
from explorer.context import EXTENSION as CONTEXT
from explorer import panel as panel_kit
from explorer.fragment import ATTRIBUTE, fragment, static
from explorer.panels import PANELS
from explorer.state import DEFAULT, MAX_DEPTH, MIN_DEPTH
from explorer.stylesheet import STYLESHEET

ASSETS = Path(__file__).resolve().parent / "assets"

#: Feature modules that are not side panels, each with ``register_callbacks(app, ctx)``.
FEATURES = (controller, graphview, filters, search, colour)
#: Id of the side panel's ``dcc.Tabs``; each tab's value is its panel's id.
TABS = "panel-tabs"

#: Cytoscape's wheel zoom is ``zoom * 10 ** (deltaY / 250 * sensitivity)``: 1.2x a notch.
WHEEL_SENSITIVITY = 0.2
#: The zoom buttons over the graph: (data-zoom verb, symbol, accessible name).
ZOOM_BUTTONS = (("in", "+", "Zoom in"), ("out", "\u2212", "Zoom out"),
                ("fit", "\u2922", "Fit all"), ("selection", "\u25ce", "Go to selection"))

_SHAPE_SYMBOL = {"star": "\u2605", "ellipse": "\u25cf", "round-rectangle": "\u25a0",
                 "diamond": "\u25c6", "triangle": "\u25b2"}


def legend() -> html.Div:
    """Return the legend: each tier's shape and colour, its stability, and the edge styles."""
    items = [
        html.Li([
            html.Span(_SHAPE_SYMBOL.get(t.shape, "\u25cf"), className="legend-shape",
                      style={"color": t.colour}, **{"aria-hidden": "true"}),
            html.Span(t.plural, className="legend-label"),
            html.Span(t.stability, className="legend-note"),
        ], title=t.help)
        for t in TIERS
    ]
    items += [
        html.Li([html.Span(className="legend-line"), html.Span("link (points towards the needs)")]),
        html.Li([html.Span(className="legend-line dashed"),
                 html.Span("bridged: a path through hidden tiers")]),
    ]
    # One component in the page (explorer.fragment): nothing in it changes or is read.
    return fragment([html.H2("Legend", className="panel-title"), html.Ul(items, className="legend")],
                    className="sidebar-section")


def sidebar() -> html.Aside:
    """Return the filter sidebar: needs, tiers, focus depth, layout and the legend."""
    need_options = [{"label": n.label, "value": n.id} for n in NEEDS]
    tier_options = [
        {"label": fragment([
            html.Span(_SHAPE_SYMBOL.get(t.shape, ""), className="legend-shape",
                      style={"color": t.colour}, **{"aria-hidden": "true"}),
            f" {t.plural} ", html.Small(f"- {t.stability}")], html.Span),
         "value": t.id}
        for t in TIERS
    ]
    return html.Aside([
        html.Details([
            html.Summary("Filters and legend", className="sidebar-toggle"),
            html.Fieldset([
                html.Legend("Needs", className="panel-title", id="need-picker-label"),
                # In the group itself, not a row of their own: one component less to draw.
                html.Button("All", id="needs-all", className="btn btn-small",
                            **{"aria-label": "Select all needs"}),
                html.Button("None", id="needs-none", className="btn btn-small",
                            **{"aria-label": "Clear all needs"}),
                dcc.Checklist(id="need-picker", options=need_options, value=list(DEFAULT.needs),
                              className="checklist", inputClassName="checkbox",
                              labelClassName="check-label"),
            ], className="sidebar-section"),
            html.Fieldset([
                html.Legend("Tiers (hidden tiers are bridged)", className="panel-title"),
                dcc.Checklist(id="tier-toggles", options=tier_options, value=list(DEFAULT.tiers),
                              className="checklist", inputClassName="checkbox",
                              labelClassName="check-label"),
            ], className="sidebar-section"),
            html.Fieldset([
                html.Legend("Focus depth (links around a focused node)",
                            className="panel-title"),
                dcc.RadioItems(id="depth", value=DEFAULT.depth, inline=True,
                               options=[{"label": str(d), "value": d}
                                        for d in range(MIN_DEPTH, MAX_DEPTH + 1)],
                               className="checklist depth-picker", inputClassName="radio",
                               labelClassName="check-label"),
            ], className="sidebar-section"),
            html.Fieldset([
                html.Legend("Layout", className="panel-title"),
                dcc.RadioItems(id="layout-picker",
                               options=[{"label": lay.label, "value": lay.name}
                                        for lay in LAYOUTS.values()],
                               value=DEFAULT.layout, className="checklist",
                               inputClassName="radio", labelClassName="check-label"),
            ], className="sidebar-section"),
            colour.control(),
            legend(),
        ], open=True, id="sidebar-details"),
    ], className="sidebar", id="controls", **{"aria-label": "Filters"})


def zoom_controls() -> html.Div:
    """Return the buttons over the graph: zoom in, zoom out, fit all, go to the selection.

    Each button has a ``data-zoom`` verb that ``assets/explorer.js`` acts on in the
    browser (no callback); the graph's keys +, - and 0 do the same.
    """
    return fragment([
        html.Button(symbol, className="btn zoom-btn", title=name, type="button",
                    **{"data-zoom": verb, "aria-label": name})
        for verb, symbol, name in ZOOM_BUTTONS
    ], className="zoom-controls", role="toolbar", **{"aria-label": "Zoom"})


def graph_area(ctx) -> html.Section:
    """Return the centre: history toolbar, status line, cap notice and the graph.

    The default view is drawn into the page itself, so the plain URL shows the graph
    without waiting for a callback.
    """
    els, cy_layout, status, notice, _ = graphview.render(ctx, DEFAULT.to_dict())
    return html.Section([
        dcc.Store(id="graph-drawn", data=graphview.drawn_key(DEFAULT)),
        html.Div([
            html.Button("\u2190 Back", id="back", className="btn", disabled=True,
                        **{"aria-label": "Back to the previous node"}),
            html.Button("Forward \u2192", id="forward", className="btn", disabled=True,
                        **{"aria-label": "Forward to the next node"}),
            html.Button("Reset", id="reset", className="btn",
                        **{"aria-label": "Reset the view to every need and tier"}),
            html.Nav(id="breadcrumb", className="breadcrumb", **{"aria-label": "Visited nodes"}),
        ], className="toolbar"),
        html.P(status, id="status", className="status", role="status", **{"aria-live": "polite"}),
        html.P(id="url-notice", className="cap-notice url-notice", **{"aria-live": "polite"}),
        html.Div(id="cap-notice", className="cap-notice",
                 **{"aria-live": "polite", ATTRIBUTE: notice}),  # graphview.render's fragment
        # The graph and its zoom buttons, one box (on a phone it comes before the notices).
        html.Div([html.Div([
            cyto.Cytoscape(
                id="graph",
                elements=els,
                layout=cy_layout,
                autoRefreshLayout=False,
                stylesheet=STYLESHEET,
                style={"width": "100%", "height": "100%"},
                minZoom=0.05, maxZoom=4,
                # One wheel notch (100 px) zooms by 10 ** (100 / 250 * 0.2) = 1.2x, not
                # Cytoscape's 2.5x (assets/explorer.js: zoom buttons and keys).
                wheelSensitivity=WHEEL_SENSITIVITY,
                boxSelectionEnabled=False,
                # The selection is the explorer's own (drawn by the lens of
                # assets/explorer.js from the view state): Cytoscape's would restyle and
                # redraw the graph on every tap.
                autounselectify=True,
                # Not dash-cytoscape's responsive mode: it measures every element's
                # bounding box after each frame drawn (pans and zooms included), and
                # assets/explorer.js already refits the graph when its box is resized.
                responsive=False,
            ),
            html.Div(id="hover-info", className="hover-info", **{"aria-hidden": "true", "data-tier-labels": "|".join(f"{t.id}={t.label}" for t in TIERS)}),
        ], className="graph-wrap", role="img", tabIndex="0", id="graph-wrap",
            **{"aria-label": "Graph of needs and the tiers of work; the Table tab lists the same "
                             "nodes. Keys: + zoom in, - zoom out, 0 fit all"}),
            zoom_controls()], className="graph-box"),
    ], className="graph-area", **{"aria-label": "Graph"})


def side_panel(ctx, panels=PANELS) -> html.Aside:
    """Return the right-hand panel: one tab per panel, in registry order, the first open.

    See Also
    --------
    explorer.panels.register : a registry with one more panel.
    """
    return html.Aside([
        dcc.Tabs(id=TABS, value=panels[0].id if panels else None, className="tabs", children=[
            dcc.Tab(label=panel.label, value=panel.id, children=panel.body(ctx),
                    className="tab", selected_className="tab--selected")
            for panel in panels
        ]),
    ], className="side-panel", **{"aria-label": "Details and tools"})


def layout(ctx, panels=PANELS) -> html.Div:
    """Return the whole page for one app, with the side ``panels`` (the registry's by default)."""
    dataset = ctx.graph.graph.get("name", "")
    return html.Div([
        dcc.Location(id="url", refresh=False),
        dcc.Store(id="view-state", data=DEFAULT.to_dict()),
        dcc.Store(id="nav-request"),
        dcc.Store(id="crumb-request"),
        *search.stores(),
        *organization.stores(),
        dcc.Store(id="history", data=history.EMPTY),
        dcc.Store(id="graph-center"),
        dcc.Store(id="graph-center-done"),
        dcc.Store(id="graph-select-done"),
        # One component in the page (explorer.fragment): the title, and the search box's
        # label and container, which assets/search.js fills; no callback reads them.
        static(html.Header([
            html.Div([
                html.H1("Web of Work Explorer"),
                html.P(["12 needs and the work that serves them, from enduring professions to "
                        "passing jobs", html.Span(f" \u00b7 {dataset}" if dataset else "",
                                                  className="dataset")],
                       className="tagline"),
            ], className="brand"),
            search.component(ctx),
        ], className="app-header")),
        html.Main([sidebar(), graph_area(ctx), side_panel(ctx, panels)], className="app-main"),
    ], className="app")


def build(ctx, panels=PANELS) -> Dash:
    """Return a new Dash app showing ``ctx.graph`` with every feature and panel registered.

    ``panels`` are the side panels (`explorer.panels.PANELS` unless given): each one's
    callbacks are registered, and one browser-side gate of the view state for those
    that need it (`explorer.panel.install`). The server is hardened
    (`explorer.serving.install`) and the page's fixed parts are preloaded and gzipped
    (`explorer.delivery.install`).
    """
    app = Dash(
        "explorer",
        title="Web of Work Explorer",
        assets_folder=str(ASSETS),
        suppress_callback_exceptions=True,
        update_title=None,
        serve_locally=True,
    )
    app.layout = layout(ctx, panels)
    for feature in FEATURES:
        feature.register_callbacks(app, ctx)
    panel_kit.install(app, ctx, panels)
    serving.install(app, ctx.graph, trusted_proxies=getattr(ctx.settings, "trusted_proxies", 0))
    delivery.install(app)
    app.server.extensions[CONTEXT] = ctx  # for explorer.wsgi.pre_fork
    return app
