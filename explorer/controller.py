"""The one callback that changes the view state, and the URL kept in step with it.

Every user action that changes what is shown (filters, a tap on the graph, a navigation
request from the details panel, search or table, back/forward/reset, the browser's own
back button) arrives here as an *event*. `reduce` turns (state, history, event) into the
new state and history; the callback only reads the inputs, calls it and writes the
``view-state`` store, the ``history`` store, the URL query, the details panel and the
breadcrumb (rendered by `explorer.details` and `explorer.history`, in the same reply, so a
click costs one round trip and they never lag each other) and, when the state came from
outside the controls (a URL, Reset), the controls themselves.

Having one writer of the state avoids races between callbacks and loops between the URL
and the controls: Dash never re-triggers a callback with its own outputs.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("chef", "leisure")])
>>> nx.set_node_attributes(G, {"leisure": "need", "chef": "profession"}, "tier")
>>> s, h = reduce(G, DEFAULT, EMPTY, "tap", {"id": "chef"})
>>> s.selected, s.to_query(), h["entries"]
('chef', '?node=chef', [{'selected': 'chef', 'focus': None}])
>>> s, h = reduce(G, s, h, "nav", {"node": "leisure", "action": "focus", "ts": 1})
>>> s.focus, s.selected, len(h["entries"])
('leisure', 'leisure', 2)
>>> reduce(G, s, h, "back", None)[0].selected
'chef'
"""

from __future__ import annotations

import networkx as nx
from dash import Input, Output, State, ctx as dash_ctx, no_update
from dash.exceptions import PreventUpdate

from graph.groups import parse_group_id
from explorer import details, graphview, organization
from explorer.history import EMPTY, go, on_history, push, sync
from explorer.reply import plain_outputs
from explorer.search import option
from explorer.state import DEFAULT, ViewState, unread
from explorer.view import visible_graph

#: Events that replace the state from outside the controls, so the controls are rewritten.
SYNC_EVENTS = frozenset({"url", "reset"})

#: Actions of a ``nav-request`` (a button's ``data-action``) that change the what-if
#: scenario -> their event.
WHATIF_ACTIONS = {"whatif-add": "whatif_add", "whatif-drop": "whatif_drop",
                  "whatif-clear": "whatif_clear"}
#: Actions of a ``nav-request`` that change the nodes compared side by side -> their event.
COMPARE_ACTIONS = {"compare-add": "compare_add", "compare-drop": "compare_drop",
                   "compare-clear": "compare_clear"}
#: Actions of a ``nav-request`` that draw a node's moves on the graph, or stop drawing them.
MOVES_ACTIONS = frozenset({"moves-show", "moves-hide"})

#: Component id of each input -> event name (and name of the input in the callback).
EVENT_OF_COMPONENT = {
    "url": "url", "need-picker": "needs", "tier-toggles": "tiers", "depth": "depth",
    "layout-picker": "layout", "nav-request": "nav", "graph": "tap", "back": "back",
    "forward": "forward", "reset": "reset", "details-focus": "focus",
    "details-unfocus": "unfocus", "path-to": "path_to", "crumb-request": "crumb",
    "org-graph": "org",
}


def _visit(G, state: ViewState, history: dict, node, focus: bool, cap=None):
    """Select ``node`` (focusing it when asked or when it is not drawn) and record the visit."""
    graph = G if isinstance(G, nx.Graph) else G.graph
    if node is None or node not in graph:
        return state, history
    new = state.replace(selected=node, path_to=None)
    if focus or node not in visible_graph(G, new, cap).graph:
        new = new.replace(focus=node, moves=None)
    return new, push(history, new)


def reduce(G, state: ViewState, history: dict, event: str, value, cap=None):
    """Return the (state, history) after one event; see `_reduce`.

    Expanded groups belong to the view they were expanded in: a change of needs, tiers,
    focus or depth folds them again.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "chef": "profession"}, "tier")
    >>> s, _ = reduce(G, DEFAULT, EMPTY, "tap", {"id": "group:chef:job"})
    >>> s.more, s.to_query()
    (('chef~job~1',), '?more=chef~job~1')
    >>> reduce(G, s, EMPTY, "needs", ["leisure"])[0].more
    ()
    """
    new, history = _reduce(G, state, history, event, value, cap)
    if new.more and event != "url" and _scope(new) != _scope(state):
        new = new.replace(more=[])
    return new, history


def _scope(state: ViewState) -> tuple:
    """Return the parts of a state that decide which groups a view has."""
    return (state.needs, state.tiers, state.focus, state.depth)


def _reduce(G, state: ViewState, history: dict, event: str, value, cap=None):
    """Return the (state, history) after one event; pure, the graph is only read.

    Parameters
    ----------
    G : networkx.DiGraph or explorer.context.Context
        To check node ids (and, with a context, to reuse cached views).
    state : ViewState
    history : dict
        The visited-nodes record of `explorer.history`.
    event : str
        One of ``url`` (value: query string; the history moves to the visit it shows,
        `explorer.history.sync`), ``needs`` / ``tiers`` (lists of ids),
        ``depth`` (int), ``layout`` (name), ``nav`` (``{"node", "action"}``; action
        ``select``, ``focus``, ``tap`` (a tap on the graph, as ``tap``) or ``expand`` for
        a group id), ``tap`` (node data with ``id``), ``back``, ``forward``,
        ``crumb`` (index), ``reset``, ``focus`` (focus the selected node), ``unfocus``,
        ``path_to`` (node id or None), and the what-if scenario's ``whatif_add`` (a node
        id, or None for the selected node), ``whatif_drop`` (a node id) and
        ``whatif_clear`` (undo: no scenario); a ``nav`` with action ``whatif-add``,
        ``whatif-drop`` or ``whatif-clear`` is the same for its node. ``colour`` (a
        "Colour by" mode) and the compared nodes' ``compare_add`` (a node id, or None
        for the selected node), ``compare_drop`` and ``compare_clear``, also as ``nav``
        actions ``compare-add``, ``compare-drop`` and ``compare-clear``. A ``tap`` on a group
        (``group:ANCHOR:TIER``) asks for one more page of its members; a ``nav`` with
        action ``make-room`` lets the last request for that group fold the least connected
        nodes to make room, ``fold-group`` drops every request for it. A ``nav`` with
        action ``moves-show`` draws its node's moves on the graph (the state's ``moves``),
        ``moves-hide`` stops; choosing needs or tiers, focusing, "Show all" and moving to
        a node the moves drawing lacks stop it too.
    value
        The event's value, as above.
    """
    graph = G if isinstance(G, nx.Graph) else G.graph
    if event == "url":  # first load, a shared address, or the browser's back/forward
        new = ViewState.from_query(value, graph)
        return new, sync(history, new)
    if event == "reset":
        return DEFAULT, EMPTY
    if event in ("needs", "tiers"):
        if value is not None and not isinstance(value, (list, tuple)):
            return state, history  # a forged value: the pickers only send lists
        return state.replace(**{event: list(value or [])}, moves=None), history
    if event == "depth":
        return state.replace(depth=value), history
    if event == "layout":
        return state.replace(layout=value), history
    if event == "tap":
        node = (value or {}).get("id") if isinstance(value, dict) else None
        group = parse_group_id(node)
        if group is not None:  # a "+N" group: draw more of its members
            anchor, tier = group
            if anchor is not None and anchor not in graph:
                return state, history
            return state.expand(anchor, tier), history
        if node is None or node not in graph or node == state.selected:
            return (state.replace(path_to=None) if node == state.selected else state), history
        new = state.replace(selected=node, path_to=None)
        return new, push(history, new)
    if event == "nav":
        if not isinstance(value, dict):
            return state, history
        if value.get("action") in ("tap", "expand"):  # the graph, or a "show more" button
            return _reduce(G, state, history, "tap", {"id": value.get("node")}, cap)
        if value.get("action") in ("make-room", "fold-group"):  # offers of a full view
            group = parse_group_id(value.get("node"))
            if group is None or (group[0] is not None and group[0] not in graph):
                return state, history
            change = state.make_room if value["action"] == "make-room" else state.fold
            return change(*group), history
        if value.get("action") in WHATIF_ACTIONS:  # a button of the what-if scenario
            return _reduce(G, state, history, WHATIF_ACTIONS[value["action"]],
                           value.get("node"), cap)
        if value.get("action") in COMPARE_ACTIONS:  # Compare buttons and picker
            return _reduce(G, state, history, COMPARE_ACTIONS[value["action"]],
                           value.get("node"), cap)
        if value.get("action") in MOVES_ACTIONS:  # "Show moves on the graph" and back
            node = value.get("node") if value["action"] == "moves-show" else None
            if node is not None and (not isinstance(node, str) or node not in graph):
                return state, history
            return state.replace(moves=node), history
        return _visit(G, state, history, value.get("node"), value.get("action") == "focus", cap)
    if event in ("back", "forward", "crumb"):
        step = {"back": -1, "forward": 1}.get(event)
        history, entry = go(history, step=step, index=value if event == "crumb" else None)
        if entry is None:
            return state, history
        return state.replace(selected=entry.get("selected"), focus=entry.get("focus"),
                             path_to=None), history
    if event == "focus":
        if state.selected is None:
            return state, history
        new = state.replace(focus=state.selected, moves=None)
        return new, push(history, new)
    if event == "unfocus":  # the visit's node stays; the visit now shows it unfocused
        new = state.replace(focus=None, moves=None)
        return new, push(history, new)
    if event == "path_to":
        if state.selected is None:
            return state, history
        return state.replace(path_to=value or None), history
    if event in ("whatif_add", "whatif_drop", "whatif_clear"):
        return _whatif(graph, state, event, value), history
    if event == "colour":  # the control's value (read with each event, see on_change)
        return state.replace(colour=value), history
    if event in ("compare_add", "compare_drop", "compare_clear"):
        return _compare(graph, state, event, value), history
    return state, history


def _whatif(graph, state: ViewState, event: str, node) -> ViewState:
    """Return the state with the what-if scenario changed by one event (see `_reduce`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("cook", "chef")])
    >>> s = _whatif(G, DEFAULT.replace(selected="chef"), "whatif_add", None)
    >>> s = _whatif(G, s, "whatif_add", "cook"); s.without, s.to_query()
    (('chef', 'cook'), '?node=chef&without=chef,cook')
    >>> _whatif(G, s, "whatif_drop", "chef").without, _whatif(G, s, "whatif_clear", None).without
    (('cook',), ())
    """
    if event == "whatif_clear":
        return state.replace(without=[])
    if event == "whatif_add" and node is None:
        node = state.selected
    if not isinstance(node, str) or node not in graph:
        return state
    if event == "whatif_add":
        return state.replace(without=[*state.without, node])
    return state.replace(without=[n for n in state.without if n != node])


def _compare(graph, state: ViewState, event: str, node) -> ViewState:
    """Return the state with the compared nodes changed by one event (see `_reduce`):
    add a node (the selected one when None; past three, the first chosen goes), drop one,
    or clear them.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("c", "d")])
    >>> s = _compare(G, DEFAULT.replace(selected="a"), "compare_add", None)
    >>> for n in ("b", "c", "d", "ghost"):
    ...     s = _compare(G, s, "compare_add", n)
    >>> s.compare, _compare(G, s, "compare_drop", "c").to_query()
    (('b', 'c', 'd'), '?node=a&compare=b,d')
    """
    if event == "compare_clear":
        return state.replace(compare=[])
    if event == "compare_add" and node is None:
        node = state.selected
    if not isinstance(node, str) or node not in graph:
        return state
    if event == "compare_add":
        return state.replace(compare=[*(n for n in state.compare if n != node), node])
    return state.replace(compare=[n for n in state.compare if n != node])


def event_of(triggered_id, inputs: dict):
    """Return (event, value) for the component that fired (the URL on the first call).

    Examples
    --------
    >>> event_of("graph", {"tap": {"id": "chef"}}), event_of(None, {"url": "?depth=2"})
    (('tap', {'id': 'chef'}), ('url', '?depth=2'))
    >>> event_of("crumb-request", {"crumb": {"index": 3, "ts": 1}})
    ('crumb', 3)
    """
    if triggered_id is None:
        return "url", inputs.get("url")
    event = EVENT_OF_COMPONENT.get(triggered_id, triggered_id)
    value = inputs.get(event)
    if event == "crumb":  # {"index": i, "ts": time} from a breadcrumb button
        value = value.get("index") if isinstance(value, dict) else None
    return event, value


def _is_click(event: str, value, inputs: dict) -> bool:
    """Tell whether a button event is a real click (a newly drawn button fires with None)."""
    if event == "crumb":
        return isinstance(value, int) and not isinstance(value, bool)
    if event in ("back", "forward", "reset", "focus", "unfocus"):
        return bool(value)
    return True


def on_change(ctx, inputs: dict, state_data, history_data, triggered_id, current_search=None):
    """Return the callback's outputs (a dict) for what fired, or None to change nothing.

    When the new state draws something else than what is drawn (``inputs["drawn"]``, the
    `explorer.graphview.drawn_key` of the graph), the new elements come in the same
    reply (``graph``), so a filter change costs one round trip, not two.

    ``triggered_id`` is the component id that fired, or a list of them when one update
    changed several inputs at once (e.g. need picker and tier toggles together): each is
    applied in turn, unless the URL is among them, which then decides alone.
    """
    triggered = triggered_id if isinstance(triggered_id, list) else [triggered_id]
    if not triggered:
        triggered = [None]
    if "url" in triggered:
        triggered = ["url"]
    events = [event_of(t, inputs) for t in triggered]
    events = [(e, v) for e, v in events if _is_click(e, v, inputs)]
    if not events:
        return None
    # The user's own organization, sent by the browser: the graph with it added.
    ctx, org_key = organization.context_for(ctx, inputs.get("org"))
    state = ViewState.from_dict(state_data, ctx.graph)
    if "url" not in triggered and inputs.get("colour") is not None:
        # "Colour by" repaints in the browser without a request (assets/colour.js); the
        # state takes the control's value with the next event, the URL keeps it.
        state = state.replace(colour=inputs["colour"])
    history = history_data if isinstance(history_data, dict) else EMPTY
    new, new_history = state, history
    for event, value in events:
        if event == "org":
            new = organization.arrive(ctx.graph, new, org_key, inputs.get("url"))
            continue
        new, new_history = reduce(ctx, new, new_history, event, value, ctx.cap)
    if new.org != org_key:
        new = new.replace(org=org_key)
    names = {e for e, _ in events}
    query = new.to_query()
    sync = bool(names & SYNC_EVENTS)
    # The Path to... picker is rewritten only when it would show something else.
    path_written = (sync or (bool(names & {"tap", "nav", "back", "forward", "crumb"})
                             and new.path_to != state.path_to)
                    or ("path_to" in names and new.path_to != inputs.get("path_to")))
    said = " ".join(filter(None, (
        url_notice(ctx.graph, inputs.get("url")),
        organization.missing_notice(inputs.get("url"), org_key)))) if "url" in names else None
    drawn = _drawn(ctx, new, inputs.get("drawn"))
    if (triggered_id is None and not inputs.get("url") and new == state
            and new_history == history and all(d is no_update for d in drawn)):
        # The first call on the plain address, served with this very view: nothing to
        # change (each output written costs the browser store updates and a re-render).
        return None
    return {
        "state": new.to_dict(),
        "history": new_history,
        "url": no_update if "url" in names or query == (current_search or "") else query,
        "needs": list(new.needs) if sync else no_update,
        "tiers": list(new.tiers) if sync else no_update,
        "depth": new.depth if sync else no_update,
        "layout": new.layout if sync else no_update,
        "colour": new.colour if sync else no_update,
        "path_to": new.path_to if path_written else no_update,
        # The Path to... picker shows the target's option (`explorer.search.option`).
        "path_options": ([option(ctx.graph, new.path_to)] if new.path_to else [])
        if path_written else no_update,
        # Rendered here, in the same reply as the state, so a click shows its details
        # after one round trip instead of two.
        "details": details.content(ctx, new.to_dict())
        if (new != state or "url" in names) else no_update,
        # What of an address was not understood stays said until the view changes.
        "url_notice": said if "url" in names else ([] if new != state else no_update),
        # The breadcrumb and back/forward in the same reply too, so they never lag.
        **dict(zip(("crumbs", "back_disabled", "forward_disabled"),
                   on_history(ctx.graph, new_history) if new_history != history or "url" in names
                   else (no_update,) * 3)),
        **dict(zip(graphview.outputs(), drawn)),
    }


def _drawn(ctx, state: ViewState, drawn) -> tuple:
    """Return the graph's outputs for ``state``; all ``no_update`` if it is already drawn."""
    try:
        return graphview.update(ctx, state.to_dict(), drawn)
    except PreventUpdate:
        return (no_update,) * len(graphview.outputs())


def url_notice(graph, query) -> str:
    """Return the notice naming each part of the address ``query`` that was not understood.

    Examples
    --------
    >>> import networkx as nx
    >>> url_notice(nx.DiGraph(), "?node=ghost")
    'Not understood in the address: node "ghost" names no node, so no node is selected.'
    >>> url_notice(nx.DiGraph(), "?depth=2")
    ''

    See Also
    --------
    explorer.state.unread : the phrases, one per part.
    """
    said = unread(query, graph)
    return f"Not understood in the address: {'; '.join(said)}." if said else ""


def triggered_components(prop_ids) -> list:
    """Return the component ids (strings, or dicts for pattern ids) of Dash's triggered props.

    Examples
    --------
    >>> triggered_components({"need-picker.value": "need-picker", "back.n_clicks": "back"})
    ['need-picker', 'back']
    """
    return [cid for cid in (prop_ids or {}).values() if cid is not None]


def register_callbacks(app, ctx) -> None:
    """Register the state controller on ``app``."""

    @app.callback(
        output={
            "state": Output("view-state", "data"),
            "history": Output("history", "data"),
            "url": Output("url", "search"),
            "needs": Output("need-picker", "value"),
            "tiers": Output("tier-toggles", "value"),
            "depth": Output("depth", "value"),
            "layout": Output("layout-picker", "value"),
            "colour": Output("colour-by", "value"),
            "path_to": Output("path-to", "data"),
            "path_options": Output("path-to-option", "data"),
            "details": Output("details", "data-fragment"),
            "crumbs": Output("breadcrumb", "children"),
            "back_disabled": Output("back", "disabled"),
            "forward_disabled": Output("forward", "disabled"),
            "url_notice": Output("url-notice", "children"),
            **graphview.outputs(),
        },
        inputs={
            "url": Input("url", "search"),
            "needs": Input("need-picker", "value"),
            "tiers": Input("tier-toggles", "value"),
            "depth": Input("depth", "value"),
            "layout": Input("layout-picker", "value"),
            "colour": State("colour-by", "value"),
            "nav": Input("nav-request", "data"),
            "tap": Input("graph", "tapNodeData"),
            "back": Input("back", "n_clicks"),
            "forward": Input("forward", "n_clicks"),
            "reset": Input("reset", "n_clicks"),
            "crumb": Input("crumb-request", "data"),
            "focus": Input("details-focus", "n_clicks"),
            "unfocus": Input("details-unfocus", "n_clicks"),
            "path_to": Input("path-to", "data"),
            "org": Input("org-graph", "data"),
            "state_data": State("view-state", "data"),
            "history_data": State("history", "data"),
            "drawn": State("graph-drawn", "data"),
        },
    )
    def _controller(state_data, history_data, **inputs):
        triggered = triggered_components(dash_ctx.triggered_prop_ids) or None
        out = on_change(ctx, inputs, state_data, history_data, triggered, inputs.get("url"))
        if out is None:
            raise PreventUpdate
        # Components as plain JSON: Dash then encodes the ~1,000 elements in one orjson
        # pass instead of walking them in Python first (explorer.reply).
        return plain_outputs(out)
