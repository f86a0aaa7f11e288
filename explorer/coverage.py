"""Coverage panel: a need x tier heatmap of how much organised work reaches each need.

A cell counts the nodes of one work tier with a directed path to one need
(``graph.query.coverage``). Cells inside the current filters are coloured with the
colour-blind-safe Cividis scale and counted on the filtered graph; cells outside them
stay visible in grey so they can be clicked. Each tier column has its own colour scale
(a cell's colour is its share of the column's largest count): tiers differ in size by
orders of magnitude, so one scale for all would paint every smaller tier one colour. Clicking a cell shows that need and that
tier (plus the needs themselves) in the graph, and sets the need picker and tier toggles
to match. With a what-if scenario (the state's ``without``), each cell counts the nodes
left without the removed ones and says "before → after" where they differ.
"""

from __future__ import annotations

from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from graph import query, whatif
from graph.schema import NEED_BY_ID, NEED_IDS, TIER_BY_ID, WORK_TIERS

from explorer.panel import Panel
from explorer.state import ViewState

#: Separates the need id and the tier id in a cell's custom data ("need:tier").
CELL_SEPARATOR = ":"
IN_VIEW_SCALE = "Cividis"
OUT_OF_VIEW_SCALE = [[0.0, "#f2f2f2"], [1.0, "#bdbdbd"]]
#: What the heatmap shows until its tab is first opened (no axes, no data).
EMPTY_FIGURE = {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False},
                                       "paper_bgcolor": "rgba(0,0,0,0)",
                                       "plot_bgcolor": "rgba(0,0,0,0)"}}


def coverage_tables(G, state: ViewState, base=None):
    """Return the full-graph coverage table and the one of the graph the filters leave.

    ``base`` is ``graph.query.coverage(G)`` when the caller already has it.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("family", tier="need", label="Family")
    >>> G.add_node("nurse", tier="profession", label="Nurse")
    >>> G.add_edge("nurse", "family", relation="serves")
    >>> from explorer.state import DEFAULT
    >>> full, shown = coverage_tables(G, DEFAULT)
    >>> int(full.loc["family", "profession"]), int(shown.loc["family", "profession"])
    (1, 1)
    """
    full = query.coverage(G) if base is None else base
    filtered = query.filter_graph(G, needs=state.needs or None, tiers=state.tiers or None,
                                  bridge=True)
    shown = query.coverage(filtered).reindex(index=list(NEED_IDS), columns=list(WORK_TIERS),
                                               fill_value=0)
    return full.reindex(index=list(NEED_IDS), columns=list(WORK_TIERS), fill_value=0), shown


def in_view(state: ViewState, need: str, tier: str) -> bool:
    """Return whether a (need, tier) cell lies inside the current filters."""
    return need in state.needs and tier in state.tiers


def _count_grids(state: ViewState, full, filtered, lost=None):
    """Return the (shown, hidden) count grids of two coverage tables, less ``lost``
    ((need, tier) -> nodes a what-if scenario takes) where given."""
    lost = lost or {}

    def count(table, n, t):
        return max(0, int(table.loc[n, t]) - lost.get((n, t), 0))

    shown = [[count(filtered, n, t) if in_view(state, n, t) else None for t in WORK_TIERS]
             for n in NEED_IDS]
    hidden = [[None if in_view(state, n, t) else count(full, n, t) for t in WORK_TIERS]
              for n in NEED_IDS]
    return shown, hidden


def _grids(G, state: ViewState, base=None):
    """Return the (shown, hidden) count grids (needs x work tiers; None where not drawn)."""
    return _count_grids(state, *coverage_tables(G, state, base))


def scenario_grids(G, state: ViewState, scenario, base=None):
    """Return the count grids before and after a what-if scenario (`graph.whatif.without`).

    Examples
    --------
    >>> import networkx as nx
    >>> from explorer.state import DEFAULT
    >>> G = nx.DiGraph([("nurse", "family")])
    >>> nx.set_node_attributes(G, {"family": "need", "nurse": "profession"}, "tier")
    >>> before, after = scenario_grids(G, DEFAULT, whatif.without(G, ["nurse"]))
    >>> before[0][0][0], after[0][0][0]
    (1, 0)
    """
    tables = coverage_tables(G, state, base)
    lost = {cell: b - a for cell, (b, a) in scenario.cover.items() if b != a}
    return _count_grids(state, *tables), _count_grids(state, *tables, lost)


def _change(before, after) -> str:
    """Return a cell's text: "12" or, when a scenario changes it, "12 → 9" ("" for a
    cell the other trace draws)."""
    if after is None:
        return ""
    return f"{after:,}" if before is None or before == after else f"{before:,} → {after:,}"


#: The "before" grids when there is no what-if scenario: no cell has a count before.
_NO_BEFORE = ([[None] * len(WORK_TIERS)] * len(NEED_IDS),) * 2


def per_column(grid) -> list:
    """Return the counts of ``grid`` as shares of their column's largest (None stays None).

    Examples
    --------
    >>> per_column([[3, 40], [6, None], [0, 10]])
    [[0.5, 1.0], [1.0, None], [0.0, 0.25]]
    """
    tops = [max([1, *(row[j] for row in grid if row[j] is not None)])
            for j in range(len(grid[0]) if grid else 0)]
    return [[None if v is None else v / tops[j] for j, v in enumerate(row)] for row in grid]


def figure(G, state: ViewState, base=None, grids=None, before=None) -> dict:
    """Return the heatmap figure (a plain Plotly dict): needs in rows, work tiers in columns.

    Two heatmap traces share the grid: ``shown`` holds the cells inside the filters
    (Cividis), ``hidden`` the others (grey); each cell is drawn by exactly one of them.
    A cell's ``z`` is its count as a share of its tier column's largest (`per_column`),
    so each column uses the whole colour scale; the count itself is the cell's ``text``
    and the cell's name its ``hovertext``. With ``before`` (the grids before a what-if
    scenario, ``grids`` being those after), the colours are the counts after and each
    changed cell reads "before → after".
    """
    shown, hidden = grids or _grids(G, state, base)
    x = [TIER_BY_ID[t].plural for t in WORK_TIERS]
    y = [NEED_BY_ID[n].label for n in NEED_IDS]  # whole names: "Home" alone says little
    custom = [[f"{n}{CELL_SEPARATOR}{t}" for t in WORK_TIERS] for n in NEED_IDS]
    names = [[f"{NEED_BY_ID[n].label} / {TIER_BY_ID[t].plural}" for t in WORK_TIERS]
             for n in NEED_IDS]
    was = before or _NO_BEFORE
    common = {"type": "heatmap", "x": x, "y": y, "customdata": custom, "hovertext": names,
              "xgap": 2, "ygap": 2, "texttemplate": "%{text}", "zmin": 0, "zmax": 1}
    text = [[[_change(b, a) for b, a in zip(rb, ra)] for rb, ra in zip(was[k], grid)]
            for k, grid in ((1, hidden), (0, shown))]  # the hidden trace first, as drawn
    hover = "%{hovertext}: %{text}"
    traces = [
        {**common, "z": per_column(hidden), "text": text[0], "name": "hidden",
         "colorscale": OUT_OF_VIEW_SCALE, "showscale": False, "textfont": {"color": "#555555"},
         "hovertemplate": f"{hover} (hidden by the filters)<br>Click to show them"
                          "<extra></extra>"},
        {**common, "z": per_column(shown), "text": text[1], "name": "shown",
         "colorscale": IN_VIEW_SCALE,
         "colorbar": {"title": {"text": "of the tier's largest", "side": "right"},
                      "thickness": 10, "tickformat": ".0%", "orientation": "h", "y": -0.04,
                      "yanchor": "top", "len": 1.0},
         "hovertemplate": f"{hover} reach this need<br>Click to show only them"
                          "<extra></extra>"},
    ]
    layout = {
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
        "xaxis": {"side": "top", "automargin": True, "fixedrange": True, "tickangle": -30},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "rgba(0,0,0,0)",
        "font": {"size": 11}, "clickmode": "event", "dragmode": False,
    }
    return {"data": traces, "layout": layout}


def table_twin(G, state: ViewState, base=None, grids=None, before=None):
    """Return the same counts as an HTML table, for screen readers and keyboard users
    ("before → after" in the cells a what-if scenario changes, as in `figure`)."""
    shown, hidden = grids or _grids(G, state, base)
    was = before or _NO_BEFORE
    head = html.Tr([html.Th("Need", scope="col"),
                    *(html.Th(TIER_BY_ID[t].plural, scope="col") for t in WORK_TIERS)])
    rows = [
        html.Tr([html.Th(NEED_BY_ID[n].label, scope="row"),
                 *(html.Td(_change(was[0][i][j], shown[i][j]) if shown[i][j] is not None
                           else f"{_change(was[1][i][j], hidden[i][j])} (hidden)")
                   for j in range(len(WORK_TIERS)))])
        for i, n in enumerate(NEED_IDS)
    ]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="coverage-table",
                      style={"fontSize": "0.85rem", "borderCollapse": "collapse"})


def _key(state: ViewState) -> str:
    """Return what the panel's content depends on: the needs and tiers shown, and the
    what-if scenario."""
    return ",".join(state.needs) + "|" + ",".join(state.tiers) + "|" + ",".join(state.without)


def refresh(G, state_data, last_key, base=None):
    """Return (figure, table twin, key) for the stored state; PreventUpdate if unchanged.

    The counts depend only on the needs and tiers, so selecting or focusing a node
    leaves the panel as it is (and costs the server nothing).
    """
    state = ViewState.from_dict(state_data or {}, G)
    key = _key(state)
    if key == last_key:
        raise PreventUpdate
    before = None
    if state.without:
        before, grids = scenario_grids(G, state, whatif.without(G, state.without), base)
    else:
        grids = _grids(G, state, base)
    return (figure(G, state, base, grids, before), table_twin(G, state, base, grids, before),
            key)


def cell_filters(click_data):
    """Return (need picker value, tier toggles value) for a clicked heatmap cell.

    Examples
    --------
    >>> cell_filters({"points": [{"customdata": "learning:profession"}]})
    (['learning'], ['need', 'profession'])
    """
    points = click_data.get("points") if isinstance(click_data, dict) else None
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        raise PreventUpdate
    need, _, tier = str(points[0].get("customdata", "")).partition(CELL_SEPARATOR)
    if need not in NEED_BY_ID or tier not in WORK_TIERS:
        raise PreventUpdate
    return [need], ["need", tier]


def component(ctx):
    """Return the coverage panel; the heatmap and its table are drawn when it is opened."""
    return html.Section(
        className="panel-body coverage-panel",
        **{"aria-labelledby": "coverage-title"},
        children=[
            html.H3("Coverage of the needs", id="coverage-title", className="details-title"),
            html.P("How many professions, industries, organizations and jobs reach each "
                   "need. Click a cell to show that need and that tier.",
                   className="muted"),
            dcc.Graph(
                id="coverage-heatmap",
                figure=EMPTY_FIGURE,
                config={"displayModeBar": False, "responsive": True},
                className="coverage-heatmap",
                style={"height": "480px"},
            ),
            dcc.Store(id="coverage-key"),
            html.Details([
                html.Summary("Coverage as a table"),
                html.Div(id="coverage-table"),
            ]),
        ],
    )


def cell_query(click_data, state_data) -> str:
    """Return the URL query of the view a heatmap click asks for: that need, that tier.

    The needs themselves stay shown, so the tier's nodes are drawn around their need;
    the selected node is kept and any focus is dropped (the click asks for a whole web).

    Examples
    --------
    >>> cell_query({"points": [{"customdata": "learning:job"}]}, None)
    '?needs=learning&tiers=need,job'
    """
    needs, tiers = cell_filters(click_data)
    state = ViewState.from_dict(state_data or {})
    return state.replace(needs=needs, tiers=tiers, focus=None, path_to=None).to_query()


def register_callbacks(app, ctx) -> None:
    """Keep the heatmap in step with the filters and make its cells filter the graph.

    A click writes the URL query rather than the two pickers: the URL holds the whole
    view, so the need and the tier arrive together as one change, the page's one state
    writer sets both pickers from it, and the browser's back button undoes the click.
    """
    base = query.coverage(ctx.graph)
    inputs = {"state": PANEL.view_state, "last": State("coverage-key", "data")}

    @app.callback(
        output={"figure": Output("coverage-heatmap", "figure"),
                "table": Output("coverage-table", "children"),
                "key": Output("coverage-key", "data")},
        inputs=inputs,
    )
    def _refresh(state, last):
        if state is None:  # the tab has not been opened yet
            raise PreventUpdate
        fig, table, key = refresh(ctx.graph, state, last, base)
        return {"figure": fig, "table": table, "key": key}

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        Output("coverage-heatmap", "clickData"),
        Input("coverage-heatmap", "clickData"),
        State("view-state", "data"),
        prevent_initial_call=True,
    )
    def _click(click_data, state_data):
        if click_data is None:
            raise PreventUpdate
        # Clearing clickData lets the same cell be clicked again later.
        return cell_query(click_data, state_data), None


PANEL = Panel("coverage", "Coverage", component, register_callbacks, needs_view_state=True,
              order=20)
