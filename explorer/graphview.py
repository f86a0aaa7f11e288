"""The graph itself: elements, preset layout, the status line and the element-cap notice.

One callback turns the ``view-state`` store into what the Cytoscape component draws. The
positions are computed in Python (`graph.layout`) and sent with the elements, so the
browser runs only Cytoscape's instant ``preset`` layout; ``elements`` is never a callback
input or state (dash-cytoscape posts every element back on any change).
"""

from __future__ import annotations

import time

from dash import ALL, ClientsideFunction, Input, Output, State, ctx as dash_ctx, html
from dash.exceptions import PreventUpdate

from graph.resolve import label
from graph.schema import TIER_BY_ID
from explorer.state import ViewState
from explorer.view import MORE_PER_CLICK, elements, visible_graph

#: Tiers offered as one-click ways to narrow a capped view, most numerous first.
NARROW_TIERS = ("job", "organization")
#: Largest groups of a folded view offered as "show more" buttons (keyboard reachable).
EXPAND_BUTTONS = 4


def layout_of(state: ViewState) -> dict:
    """Return the Cytoscape layout dict for ``state``.

    It changes exactly when the set of drawn nodes or the layout changes (the ``view`` key
    names it), so Cytoscape re-fits then, and not when only the selection changes.

    Examples
    --------
    >>> from explorer.state import DEFAULT
    >>> layout_of(DEFAULT)["name"], layout_of(DEFAULT) == layout_of(DEFAULT.replace(selected="x"))
    ('preset', True)
    """
    key = "|".join([",".join(state.needs), ",".join(state.tiers), state.focus or "",
                    str(state.depth), state.layout, state.path_to or "",
                    ",".join(state.more)])
    return {"name": "preset", "fit": True, "padding": 40, "animate": False, "view": key}


def cap_notice(view) -> list:
    """Return the notice under the status line: why the view differs, and ways to narrow it."""
    if not view.notice:
        return []
    children = [html.Span(view.notice)]
    if view.truncated:
        buttons = [
            html.Button(f"Hide {TIER_BY_ID[t].plural.lower()}", id={"type": "narrow", "tier": t},
                        className="btn btn-small")
            for t in NARROW_TIERS if t in view.state.tiers
        ]
        children.append(html.Span(buttons, className="button-row"))
    if view.groups:
        biggest = sorted(view.groups, key=lambda g: (-g.hidden, g.id))[:EXPAND_BUTTONS]
        buttons = [
            html.Button(f"{g.label}{_under(view, g)}", id={"type": "expand-group", "group": g.id},
                        className="btn btn-small", title=f"Draw up to {MORE_PER_CLICK} more")
            for g in biggest
        ]
        children.append(html.Span([html.Span("Show more of: ", className="muted"), *buttons],
                                  className="button-row"))
    return children


def _under(view, group) -> str:
    """Return " under ANCHOR" for a group's button (nothing for a top-level group)."""
    if group.anchor is None or group.anchor not in view.graph:
        return ""
    return f" under {label(view.graph, group.anchor)}"


def expand_request(triggered_id, clicks, now: float | None = None) -> dict:
    """Return the ``nav-request`` a "show more" button writes; PreventUpdate if not clicked.

    Examples
    --------
    >>> expand_request({"type": "expand-group", "group": "group:chef:job"}, [1], now=5.0)
    {'node': 'group:chef:job', 'action': 'expand', 'ts': 5000}
    """
    if (not isinstance(triggered_id, dict) or not isinstance(clicks, list)
            or not any(isinstance(c, int) and c > 0 for c in clicks)):
        raise PreventUpdate
    when = time.time() if now is None else now
    return {"node": str(triggered_id.get("group")), "action": "expand", "ts": int(when * 1000)}


def drawn_key(state: ViewState) -> str:
    """Return a key naming what the graph draws for ``state`` (the selection is not drawn
    by the server: the browser highlights it). A what-if scenario redraws the same nodes,
    with its classes, without re-fitting the layout."""
    key = layout_of(state)["view"]
    return f"{key}|without={','.join(state.without)}" if state.without else key


def update(ctx, state_data, drawn) -> tuple:
    """Return `render`'s outputs plus the new drawn key; PreventUpdate if already drawn.

    The page is served with the default view already drawn, so a first visit to the
    plain URL draws at once and this callback sends nothing again.
    """
    state = ViewState.from_dict(state_data, ctx.graph)
    key = drawn_key(state)
    if key == drawn:
        raise PreventUpdate
    return (*render(ctx, state.to_dict()), key)


def render(ctx, state_data) -> tuple:
    """Return (elements, layout, status, cap notice, centre request) for a stored state."""
    state = ViewState.from_dict(state_data, ctx.graph)
    cache = getattr(ctx, "views", None)
    if cache is None:
        return _render(ctx, state)
    return cache.get_or_compute(("render", state.key(), state.layout),
                                lambda: _render(ctx, state))


def _render(ctx, state: ViewState) -> tuple:
    """Compute `render` for a validated state."""
    view = visible_graph(ctx, state)
    els = elements(view, state.layout, getattr(ctx, "positions", None))
    layout = layout_of(state)
    centre = ({"node": state.focus, "view": layout["view"], "count": len(els)}
              if state.focus else None)
    return els, layout, view.message, cap_notice(view), centre


def register_callbacks(app, ctx) -> None:
    """Register the graph rendering, centring and selection callbacks.

    The hover tooltip is bound to Cytoscape's events in ``assets/explorer.js``.
    """

    @app.callback(
        Output("graph", "elements"),
        Output("graph", "layout"),
        Output("status", "children"),
        Output("cap-notice", "children"),
        Output("graph-center", "data"),
        Output("graph-drawn", "data"),
        Input("view-state", "data"),
        State("graph-drawn", "data"),
    )
    def _render(state_data, drawn):
        return update(ctx, state_data, drawn)

    @app.callback(
        Output("nav-request", "data", allow_duplicate=True),
        Input({"type": "expand-group", "group": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def _expand(clicks):
        return expand_request(dash_ctx.triggered_id, clicks)

    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="centre"),
        Output("graph-center-done", "data"),
        Input("graph-center", "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="select"),
        Output("graph-select-done", "data"),
        Input("view-state", "data"),
    )
