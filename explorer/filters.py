"""Filter shortcuts: all or no needs, hiding a tier from the cap notice, a folding sidebar.

The need picker, tier toggles, depth slider and layout picker themselves are read by
`explorer.controller`; this module only writes their values for the shortcut buttons.

Examples
--------
>>> all_needs()[:2], no_needs()
(['family', 'home-and-shelter'], [])
>>> without_tier(["need", "profession", "job"], "job")
['need', 'profession']
"""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Input, Output, State, ctx as dash_ctx
from dash.exceptions import PreventUpdate

from graph.schema import NEED_IDS, TIER_IDS


def all_needs() -> list[str]:
    """Return every need id, in schema order."""
    return list(NEED_IDS)


def no_needs() -> list[str]:
    """Return the empty need selection."""
    return []


def without_tier(tiers, tier: str) -> list[str]:
    """Return the tier selection with ``tier`` removed (schema order kept)."""
    chosen = {t for t in tiers if isinstance(t, str)} if isinstance(tiers, list) else set()
    return [t for t in TIER_IDS if t in chosen and t != tier]


def on_narrow(tiers, triggered_id, clicks) -> list[str]:
    """Return the tiers after a "Hide ..." button of the cap notice; PreventUpdate if not clicked."""
    if (not isinstance(triggered_id, dict) or not isinstance(clicks, list)
            or not any(clicks)):
        raise PreventUpdate
    return without_tier(tiers, triggered_id.get("tier"))


def register_callbacks(app, ctx) -> None:
    """Register the All/None need buttons and the cap notice's narrowing buttons."""

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

    @app.callback(
        Output("tier-toggles", "value", allow_duplicate=True),
        Input({"type": "narrow", "tier": ALL}, "n_clicks"),
        State("tier-toggles", "value"),
        prevent_initial_call=True,
    )
    def _narrow(clicks, tiers):
        return on_narrow(tiers, dash_ctx.triggered_id, clicks)
