"""The graph itself: elements, preset layout, the status line and the element-cap notice.

`update` turns the ``view-state`` into what the Cytoscape component draws; the state
controller (`explorer.controller`) calls it and sends the result in the same reply as
the state, so a change of filters costs one round trip. The
positions are computed in Python (`graph.layout`) and sent with the elements, so the
browser runs only Cytoscape's instant ``preset`` layout; ``elements`` is never a callback
input or state (dash-cytoscape posts every element back on any change).
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, html, no_update
from dash.exceptions import PreventUpdate

from graph.resolve import label
from graph.schema import TIER_BY_ID, TIER_NOUNS
from explorer.fragment import ATTRIBUTE, encode
from explorer.state import ViewState
from explorer.view import MORE_PER_CLICK, elements, kept_view, visible_graph

#: Tiers offered as one-click ways to narrow a capped view, most numerous first.
NARROW_TIERS = ("job", "organization")
#: Room left around the drawing when it is fitted to the graph area, in pixels: at most
#: about 5% of the limiting side at 1440x900, so the drawing fills the area.
FIT_PADDING = 20
#: Largest groups of a folded view offered as "show more" buttons (keyboard reachable).
EXPAND_BUTTONS = 4
#: Groups expanded earlier offered as "Fold ..." buttons when an expansion lacks room.
FOLD_BUTTONS = 3


def layout_of(state: ViewState) -> dict:
    """Return the Cytoscape layout dict for ``state``.

    It changes exactly when the set of drawn nodes or the layout changes (the ``view`` key
    names it), so Cytoscape re-fits then, and not when only the selection changes. The
    positions come with the elements (a moved node's with its element), so the layout
    only fits: its empty ``positions`` leaves every node where it is, and the nodes that
    did not move keep their cached styles and bounds (placing every node again would
    make Cytoscape measure every node and link anew).

    Examples
    --------
    >>> from explorer.state import DEFAULT
    >>> layout_of(DEFAULT)["name"], layout_of(DEFAULT) == layout_of(DEFAULT.replace(selected="x"))
    ('preset', True)
    >>> layout_of(DEFAULT)["positions"]
    {}
    """
    key = "|".join([",".join(state.needs), ",".join(state.tiers), state.focus or "",
                    str(state.depth), state.layout, state.path_to or "",
                    ",".join(state.more)])
    if state.moves:  # a node's moves drawn around it
        key += f"|moves={state.moves}"
    if state.org:  # the user's own organization drawn in the graph
        key += f"|org={state.org}"
    return {"name": "preset", "fit": True, "padding": FIT_PADDING, "animate": False,
            "positions": {}, "view": key}


def cap_notice(view) -> list:
    """Return the notice under the status line: why the view differs, in one line.

    A view beyond the element cap says so in one line (`notice_line`), with the whole
    explanation and the "Hide ..." buttons behind a "more" toggle; the "Show more of"
    buttons of its largest groups stay in sight. A short notice is the line itself.
    """
    if not view.notice:
        return []
    line = notice_line(view)
    if line == view.notice:
        children = [html.Span(line, className="notice-line")]
    else:
        more = [html.P(view.notice, className="notice-text")]
        if view.truncated:
            buttons = [
                html.Button(f"Hide {TIER_BY_ID[t].plural.lower()}", type="button",
                            className="btn btn-small", **{"data-narrow": t})
                for t in NARROW_TIERS if t in view.state.tiers
            ]
            more.append(html.Span(buttons, className="button-row"))
        # Opened, the explanation lies over the graph, so the graph keeps its size.
        children = [html.Details([
            html.Summary([html.Span(line, className="notice-line"),
                          html.Span("more", className="notice-more")]),
            html.Div(more, className="notice-body"),
        ], className="notice-details")]
    if view.groups:
        biggest = sorted(view.groups, key=lambda g: (-g.hidden, g.id))[:EXPAND_BUTTONS]
        buttons = [
            group_button(f"{g.label}{_under(view, g)}", g.id, "expand",
                         f"Draw up to {MORE_PER_CLICK} more")
            for g in biggest
        ]
        children.append(html.Span([html.Span("Show more of: ", className="muted"), *buttons],
                                  className="button-row"))
    if view.asked:
        children.extend(_asked(view))
    return children


def _asked(view) -> list:
    """Return what the last expansion drew, in words, with the ways to make room for the
    rest: fold the least connected nodes (`View.room`), or a group expanded earlier."""
    offers = []
    if view.room:
        *_, last = view.outcomes
        offers.append(group_button(
            f"Make room: fold the {len(view.room):,} least connected",
            last.expansion.id, "make-room",
            "Fold them back into their groups and draw the rest of what was asked for"))
    if view.room or (view.outcomes and view.outcomes[-1].short):
        seen = set()
        for outcome in reversed(view.outcomes):
            group = outcome.expansion
            if outcome.drawn and group.id not in seen and len(seen) < FOLD_BUTTONS:
                seen.add(group.id)
                name = label(view.graph, group.anchor) if group.anchor in view.graph else ""
                whose = (f"{name}\u2019 " if name.endswith("s") else f"{name}\u2019s "
                         ) if name else "top-level "
                offers.append(group_button(
                    f"Fold {whose}{TIER_NOUNS.get(group.tier, (group.tier,) * 2)[1]}",
                    group.id, "fold-group",
                    "Fold the members drawn for this group back into it"))
    children = [html.P(view.asked, className="notice-asked")]
    if offers:
        children.append(html.Span(offers, className="button-row"))
    return children


def notice_line(view) -> str:
    """Return the notice of ``view`` in one line: what the cap left out, else its first
    sentence (the whole notice when it has one).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> import networkx as nx
    >>> G = nx.path_graph(3, create_using=nx.DiGraph)
    >>> notice_line(NS(notice="A. B.", groups=(), truncated=True, graph=G, matched_edges=9))
    'Too many to draw at once: 2 of the 9 links are drawn.'
    >>> notice_line(NS(notice="No tier is chosen: tick one.", groups=(), truncated=False))
    'No tier is chosen: tick one.'
    """
    if view.groups:
        hidden = sum(g.hidden for g in view.groups)
        count = len(view.groups)
        return (f"Too many to draw at once: {hidden:,} nodes are folded into "
                f"{count:,} group{'s' if count != 1 else ''}.")
    if view.truncated:
        return (f"Too many to draw at once: {view.graph.number_of_edges():,} of the "
                f"{view.matched_edges:,} links are drawn.")
    first, dot, rest = view.notice.partition(". ")
    return first + "." if dot and rest else view.notice


def group_button(text: str, group: str, action: str, title: str):
    """Return a notice button that asks the state controller to ``action`` a group.

    The browser routes its click (``assets/explorer.js``: a ``button[data-node]`` writes
    ``{node, action, ts}`` to ``nav-request``), so drawing it costs no callback and a
    click costs the controller's one round trip. ``action`` is ``expand`` ("Show more
    of"), ``make-room`` or ``fold-group`` (`explorer.controller.reduce`).

    Examples
    --------
    >>> b = group_button("Chefs", "group:chef:job", "expand", "Draw more")
    >>> b.type, b.to_plotly_json()["props"]["data-node"], b.to_plotly_json()["props"]["data-action"]
    ('button', 'group:chef:job', 'expand')
    """
    return html.Button(text, type="button", className="btn btn-small", title=title,
                       **{"data-node": group, "data-action": action})


def _under(view, group) -> str:
    """Return " under ANCHOR" for a group's button (nothing for a top-level group)."""
    if group.anchor is None or group.anchor not in view.graph:
        return ""
    return f" under {label(view.graph, group.anchor)}"


def drawn_key(state: ViewState) -> dict:
    """Return a key naming what the graph draws for ``state`` (the selection is not drawn
    by the server: the browser highlights it): its ``view`` (`layout_of`) and the nodes a
    what-if scenario takes ``without``. A scenario redraws the same view, with its
    classes, without re-fitting the layout.

    Examples
    --------
    >>> from explorer.state import DEFAULT
    >>> key = drawn_key(DEFAULT.replace(without=["chef"]))
    >>> key["without"], key["view"] == drawn_key(DEFAULT)["view"] == layout_of(DEFAULT)["view"]
    (['chef'], True)
    """
    return {"view": layout_of(state)["view"], "without": list(state.without)}


def update(ctx, state_data, drawn) -> tuple:
    """Return `render`'s outputs plus the new drawn key; PreventUpdate if already drawn.

    The page is served with the default view already drawn, so a first visit to the
    plain URL draws at once and this callback sends nothing again. The layout is sent
    only when its ``view`` changes (a what-if scenario redraws the same view): an equal
    layout sent again would fit the graph again, its empty ``positions`` being a new
    object to the browser.
    """
    state = ViewState.from_dict(state_data, ctx.graph)
    key = drawn_key(state)
    if key == drawn:
        raise PreventUpdate
    els, layout, *rest = render(ctx, state.to_dict())
    same = isinstance(drawn, dict) and drawn.get("view") == layout["view"]
    return (els, no_update if same else layout, *rest, key)


def render(ctx, state_data) -> tuple:
    """Return (elements, layout, status, cap notice, centre request) for a stored state.

    The notice is `cap_notice` as fragment JSON (`explorer.fragment.encode`): one element
    of the page, built in the browser, whose buttons the browser routes (`group_button`).
    On data/us it is about 15 elements, which as Dash components cost every first view
    and every new view a component's wrapper, subscription and store update each.
    """
    state = ViewState.from_dict(state_data, ctx.graph)
    cache = getattr(ctx, "views", None)
    if cache is None:
        return _render(ctx, state)
    return cache.get_or_compute(("render", state.key(), state.layout),
                                lambda: _render(ctx, state))


def _render(ctx, state: ViewState) -> tuple:
    """Compute `render` for a validated state."""
    view = visible_graph(ctx, state)
    els = elements(view, state.layout, getattr(ctx, "positions", None),
                   like=kept_view(ctx, state))
    layout = layout_of(state)
    centre = ({"node": state.focus, "view": layout["view"], "count": len(els)}
              if state.focus else None)
    return els, layout, view.message, encode(cap_notice(view)), centre


def outputs() -> dict:
    """Return the Dash outputs of `update`, by name, for the state controller's callback.

    Examples
    --------
    >>> list(outputs())
    ['elements', 'graph_layout', 'status', 'cap_notice', 'centre', 'drawn']
    """
    return {
        "elements": Output("graph", "elements"),
        "graph_layout": Output("graph", "layout"),
        "status": Output("status", "children"),
        "cap_notice": Output("cap-notice", ATTRIBUTE),
        "centre": Output("graph-center", "data"),
        "drawn": Output("graph-drawn", "data"),
    }


def register_callbacks(app, ctx) -> None:
    """Register the centring and selection callbacks.

    The graph itself is drawn by the state controller's reply (`outputs`). The hover
    tooltip is bound to Cytoscape's events in ``assets/explorer.js``, and the notice's
    buttons (`group_button`, "Hide ...") are routed by its click handler, so they need
    no callback: a redrawn notice costs no request.
    """
    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="centre"),
        Output("graph-center-done", "data"),
        Input("graph-center", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="select"),
        Output("graph-select-done", "data"),
        Input("view-state", "data"),
        prevent_initial_call=True,
    )
