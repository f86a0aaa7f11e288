"""Filter shortcuts: all or no needs, a folding sidebar.

The need picker, tier toggles, depth slider and layout picker themselves are read by
`explorer.controller`; this module only writes their values for the shortcut buttons.
The cap notice's "Hide jobs" buttons (`explorer.graphview.cap_notice`, ``data-narrow``)
untick their tier in the browser (``assets/explorer.js``), with no callback of their own.

Examples
--------
>>> all_needs()[:2], no_needs()
(['family', 'home-and-shelter'], [])
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output

from graph.schema import NEED_IDS


def all_needs() -> list[str]:
    """Return every need id, in schema order."""
    return list(NEED_IDS)


def no_needs() -> list[str]:
    """Return the empty need selection."""
    return []


def register_callbacks(app, ctx) -> None:
    """Register the All/None need buttons and the sidebar's opening on narrow screens."""

    @app.callback(
        Output("need-picker", "value", allow_duplicate=True),
        Input("needs-all", "n_clicks"),
        prevent_initial_call=True,
    )
    def _all(_clicks):
        return all_needs()

    @app.callback(
        Output("need-picker", "value", allow_duplicate=True),
        Input("needs-none", "n_clicks"),
        prevent_initial_call=True,
    )
    def _none(_clicks):
        return no_needs()

    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="sidebarOpen"),
        Output("sidebar-details", "open"),
        Input("url", "pathname"),
    )
