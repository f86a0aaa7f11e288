"""Table panel: the accessible twin of the graph, one row per visible node.

The table lists exactly the nodes the graph shows (``explorer.view.visible_graph``), with
label, tier, code and how many needs each reaches. Every label is a real ``<button>``, so
Tab reaches it and Enter or Space selects the node (the table writes a ``nav-request``
that the rest of the page follows); ArrowDown/ArrowUp move between rows. Column headers
are buttons that sort.

The rows are built on the server only while the table's tab is open and only when the
set of nodes shown changed; the selected node's row is marked in the browser, so
selecting nodes never rebuilds the table. Sorting happens in the browser too
(``assets/table.js``): the rows on the page are reordered in place, the focus stays on
the header, and the order chosen is re-applied when the server redraws the rows. Each row
carries its tier rank and needs count (``data-rank``, ``data-needs``) for that sort. The
server-side sort (`sort_records`, `next_sort` and the ``node-table-sort`` store) gives
the first order and is what a header click does should the script be missing.

Notes
-----
On ``data/us`` (334 rows) a header click took 0.9-2.0 s through the server; sorting in
the page takes 50-140 ms from click to re-sorted rows.
"""

from __future__ import annotations

import hashlib
import time

from dash import ALL, Input, Output, State, ctx as dash_ctx, dcc, html
from dash.exceptions import PreventUpdate

from graph import query
from graph.schema import NEED_IDS, TIER_BY_ID, tier_rank

# gated_state and tab_of are re-exported: they were defined here and are imported from here.
from explorer import organization
from explorer.panel import Panel, gated_state, tab_of  # noqa: F401
from explorer.state import ViewState
from explorer.view import visible_graph

#: Sortable columns: key -> header text.
COLUMNS = {"label": "Label", "tier": "Tier", "code": "Code", "needs": "Needs"}
HEADER_HELP = {"needs": "how many needs the node reaches"}
DEFAULT_SORT = {"key": "tier", "descending": False}
ROW_BUTTON = "node-table-open"
SORT_BUTTON = "node-table-sort"


def needs_reached(G) -> dict[str, int]:
    """Return, for every node, how many needs it reaches by a directed path (itself included).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("family", tier="need"); G.add_node("learning", tier="need")
    >>> G.add_node("educator", tier="profession")
    >>> G.add_edge("educator", "family"); G.add_edge("educator", "learning")
    >>> needs_reached(G)["educator"]
    2
    """
    counts = dict.fromkeys(G, 0)
    for need in NEED_IDS:
        if need in G:
            for node in query.need_web(G, need):
                counts[node] = counts.get(node, 0) + 1
    return counts


def records(G, shown, counts=None) -> list[dict]:
    """Return one row per node of ``shown`` (a view of ``G``): id, label, tier, code, needs."""
    counts = needs_reached(G) if counts is None else counts
    rows = []
    for node, attrs in shown.nodes(data=True):
        full = G.nodes[node] if node in G else attrs
        rows.append({
            "id": node,
            "label": str(full.get("label") or node),
            "tier": str(full.get("tier", "")),
            "code": str(full.get("code", "") or ""),
            "needs": int(counts.get(node, 0)),
        })
    return rows


def sort_records(rows: list[dict], sort: dict | None) -> list[dict]:
    """Return ``rows`` ordered by the sort state ``{"key": column, "descending": bool}``.

    Ties are broken by label, so the order is deterministic.

    Examples
    --------
    >>> rows = [{"id": "b", "label": "B", "tier": "job", "code": "", "needs": 1},
    ...         {"id": "a", "label": "a", "tier": "need", "code": "", "needs": 1}]
    >>> [r["id"] for r in sort_records(rows, {"key": "tier", "descending": False})]
    ['a', 'b']
    >>> [r["id"] for r in sort_records(rows, {"key": "label", "descending": True})]
    ['b', 'a']
    """
    sort = valid_sort(sort)
    key = sort["key"]

    def value(row):
        if key == "tier":
            primary = tier_rank(row["tier"])
        elif key == "needs":
            primary = row["needs"]
        else:
            primary = row[key].casefold()
        return (primary, row["label"].casefold(), row["id"])

    return sorted(rows, key=value, reverse=bool(sort.get("descending")))


def next_sort(current: dict | None, key: str) -> dict:
    """Return the sort state after a click on a column header: same column flips direction.

    Examples
    --------
    >>> next_sort({"key": "label", "descending": False}, "label")
    {'key': 'label', 'descending': True}
    >>> next_sort({"key": "label", "descending": True}, "needs")
    {'key': 'needs', 'descending': False}
    """
    if key not in COLUMNS:
        raise PreventUpdate
    current = current or DEFAULT_SORT
    if current.get("key") == key:
        return {"key": key, "descending": not current.get("descending", False)}
    return {"key": key, "descending": False}


def render(rows: list[dict], sort: dict | None, note: str = ""):
    """Return the table element: a caption, sortable headers and one button per node."""
    sort = valid_sort(sort)
    order = "descending" if sort.get("descending") else "ascending"
    heads = []
    for key, text in COLUMNS.items():
        active = key == sort["key"]
        arrow = (" \u25bc" if sort.get("descending") else " \u25b2") if active else ""
        heads.append(html.Th(
            html.Button(text + arrow, id={"type": SORT_BUTTON, "key": key}, type="button",
                        className="btn btn-small table-sort",
                        title=f"Sort by {HEADER_HELP.get(key, text.lower())}",
                        **{"data-key": key, "data-text": text}),
            scope="col", **({"aria-sort": order} if active else {}),
        ))
    tier_names = {t: TIER_BY_ID[t].label for t in TIER_BY_ID}
    body = [
        html.Tr([
            html.Th(html.Button(row["label"], id={"type": ROW_BUTTON, "node": row["id"]},
                                type="button", className="node-link"),
                    scope="row"),
            html.Td(tier_names.get(row["tier"], row["tier"])),
            html.Td(row["code"]),
            html.Td(row["needs"], className="num"),
        ], **{"data-node": row["id"], "data-rank": tier_rank(row["tier"]), "data-needs": row["needs"]})
        for row in rows
    ]
    caption = f"{len(rows)} visible node{'s' if len(rows) != 1 else ''}, sorted by " \
              f"{COLUMNS[sort['key']].lower()} ({order}). {note}".strip()
    return html.Table(
        [html.Caption(caption, style={"textAlign": "left", "padding": "4px 0"},
                      className="muted"),
         html.Thead(html.Tr(heads)), html.Tbody(body)],
        className="node-table",
    )


def view_key(view, sort) -> str:
    """Return what the table's content depends on: the nodes shown and the sort order."""
    sort = valid_sort(sort)
    digest = hashlib.sha1("\n".join(sorted(map(str, view.graph))).encode()).hexdigest()[:16]
    return f"{sort['key']}:{bool(sort.get('descending'))}:{int(view.truncated)}:{digest}"


def table_for(ctx, state_data, sort, counts=None, last_key=None):
    """Return (table, key) for the view held by the ``view-state`` store.

    Raises PreventUpdate when ``last_key`` says the table already shows these nodes in
    this order, so selecting a node (which changes no row) costs the server nothing.
    """
    state = ViewState.from_dict(state_data or {}, ctx.graph)
    view = visible_graph(ctx, state)
    key = view_key(view, sort)
    if key == last_key:
        raise PreventUpdate
    rows = sort_records(records(ctx.graph, view.graph, counts), sort)
    note = ""
    if view.hidden_nodes:
        note = (f"{view.hidden_nodes:,} more nodes are folded into groups in the graph: expand "
                "a group, focus on a node or narrow the filters to list them (data exports "
                "hold them all).")
    elif view.truncated:
        note = "The graph leaves out some links; data exports hold them all."
    return render(rows, sort, note), key


def valid_sort(sort) -> dict:
    """Return ``sort`` if it is a sort order of a real column, else `DEFAULT_SORT`.

    Examples
    --------
    >>> valid_sort({"key": "code", "descending": True}), valid_sort(["code"]) == DEFAULT_SORT
    ({'key': 'code', 'descending': True}, True)
    """
    if isinstance(sort, dict) and isinstance(sort.get("key"), str) and sort["key"] in COLUMNS:
        return sort
    return DEFAULT_SORT


def row_request(triggered_id, n_clicks, now: float | None = None) -> dict:
    """Return the ``nav-request`` a row activation writes: select that node.

    Examples
    --------
    >>> row_request({"type": "node-table-open", "node": "loan-officer"}, 1, now=5.0)
    {'node': 'loan-officer', 'action': 'select', 'ts': 5.0}
    """
    if not n_clicks or not isinstance(triggered_id, dict) or not triggered_id.get("node"):
        raise PreventUpdate
    ts = time.time() * 1000 if now is None else now
    return {"node": triggered_id["node"], "action": "select", "ts": ts}


def _triggered_clicks() -> tuple:
    """Return (id, n_clicks) of the input that fired, from Dash's triggered list."""
    for item in dash_ctx.triggered or ():
        return dash_ctx.triggered_id, item.get("value")
    return None, None


def component(ctx):
    """Return the table panel; its rows are filled by a callback on the view state."""
    return html.Section(
        className="panel-body table-panel",
        **{"aria-labelledby": "node-table-title"},
        children=[
            html.H3("Visible nodes", id="node-table-title", className="details-title"),
            html.P("Tab to a node and press Enter to select it; header buttons sort.",
                   className="muted"),
            dcc.Store(id="node-table-sort", data=DEFAULT_SORT),
            dcc.Store(id="node-table-key"),
            dcc.Store(id="node-table-selected"),
            html.Div(id="node-table", className="node-table-wrap"),
        ],
    )


#: Marks the selected node's row (aria-current and a highlight) in the browser, so a
#: selection never rebuilds the table; runs after the table is drawn and whenever the
#: panel is handed the view state (a new selection or the tab opened).
MARK_SELECTED = """
function (state) {
    var selected = (state && state.selected) || null;
    window.requestAnimationFrame(function () {
        if (window.nodeTable) { window.nodeTable.resort(); }
        document.querySelectorAll('#node-table tbody tr').forEach(function (row) {
            if (selected !== null && row.getAttribute('data-node') === selected) {
                row.setAttribute('aria-current', 'true');
                row.style.background = '#fff4e5';
            } else if (row.hasAttribute('aria-current')) {
                row.removeAttribute('aria-current');
                row.style.background = '';
            }
        });
    });
    return selected;
}
"""


def register_callbacks(app, ctx) -> None:
    """Keep the table in step with the view and make its rows and headers work."""
    counts = needs_reached(ctx.graph)
    inputs = {"state": PANEL.view_state,
              "sort": Input("node-table-sort", "data"), "last": State("node-table-key", "data"),
              "org": State("org-graph", "data")}

    @app.callback(
        output={"table": Output("node-table", "children"), "key": Output("node-table-key", "data")},
        inputs=inputs,
        prevent_initial_call=True,
    )
    def _refresh(state, sort, last, org):
        if state is None:  # the tab has not been opened yet
            raise PreventUpdate
        here = organization.overlaid(ctx, org)  # the user's organization, if any
        reached = counts if here is ctx else here.views.get_or_compute(
            ("needs-reached",), lambda: needs_reached(here.graph))
        table, key = table_for(here, state, sort, reached, last)
        return {"table": table, "key": key}

    app.clientside_callback(MARK_SELECTED, Output("node-table-selected", "data"),
                            PANEL.view_state, Input("node-table", "children"),
                            prevent_initial_call=True)

    @app.callback(
        Output("node-table-sort", "data"),
        Input({"type": SORT_BUTTON, "key": ALL}, "n_clicks"),
        State("node-table-sort", "data"),
        prevent_initial_call=True,
    )
    def _sort(_clicks, current):
        triggered, clicks = _triggered_clicks()
        if not clicks or not isinstance(triggered, dict):
            raise PreventUpdate
        return next_sort(current, triggered.get("key"))

    @app.callback(
        Output("nav-request", "data", allow_duplicate=True),
        Input({"type": ROW_BUTTON, "node": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def _activate(_clicks):
        triggered, clicks = _triggered_clicks()
        return row_request(triggered, clicks)


PANEL = Panel("table", "Table", component, register_callbacks, needs_view_state=True, order=30)
