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

The panel's "Show" switch turns the same grid into projected growth (BLS 2024-34): each
cell the employment-weighted growth of the nodes of that tier that reach that need
(`graph.outlook.growth_coverage`), on a diverging scale centred on no change.

With the user's own organization loaded (`explorer.organization`, sent by the browser with
the request), both grids count it and its jobs like any node, and the panel says so. A
third choice of "Show" is that organization's own coverage
(`graph.organization.organization_coverage`): each need against the professions its jobs
draw on, with the people through each; clicking a cell focuses the graph on the
organization, shows only that need, and selects the profession.
"""

from __future__ import annotations

from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from graph import query, whatif
from graph.formatting import count, percent_change, plural
from graph.organization import organization_coverage
from graph.outlook import growth_coverage
from graph.schema import NEED_BY_ID, NEED_IDS, TIER_BY_ID, TIER_IDS, WORK_TIERS

from explorer import organization
from explorer.panel import Panel
from explorer.scales import SCALES
from explorer.state import ViewState

#: Separates the need id and the tier id in a cell's custom data ("need:tier").
CELL_SEPARATOR = ":"
IN_VIEW_SCALE = "Cividis"
OUT_OF_VIEW_SCALE = [[0.0, "#f2f2f2"], [1.0, "#bdbdbd"]]
#: The panel's modes: counts of nodes, or employment-weighted projected growth.
MODES = {"count": "Nodes that reach each need",
         "growth": "Projected growth 2024-34 (employment-weighted)",
         "organization": "Your organization: people per need, by profession"}
#: Professions of the user's organization given a column of their own (most people first);
#: the others share one column, so the grid stays readable in the side panel.
ORG_COLUMNS = 4
#: What the organization view says when no job list is loaded in this browser.
NO_ORGANIZATION = ("No job list with coded titles is loaded in this browser. Upload one (or "
                   "paste titles) in the Your organization tab to see which needs it serves, "
                   "through which professions and how many people.")
#: Longest column header of the organization view, in characters (the hover has it whole).
ORG_HEADER = 24
#: The organization's cells: white (no one) to dark blue (all its people), colour-blind safe.
ORG_SCALE = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]
#: Diverging, colour-blind-safe scale of growth: the colours "Colour by" paints the graph
#: with (ColorBrewer PuOr, decline orange, growth purple), evenly from -`GROWTH_CLIP` to
#: +`GROWTH_CLIP` percent, so no change is the pale middle.
GROWTH_CLIP = 10.0
GROWTH_SCALE = [[i / (len(SCALES["growth"].bins) - 1), b.colour]
                for i, b in enumerate(SCALES["growth"].bins)]
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


def _layout() -> dict:
    """Return the layout of every heatmap of the panel: needs down, columns on top."""
    return {
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
        "xaxis": {"side": "top", "automargin": True, "fixedrange": True, "tickangle": -30},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "rgba(0,0,0,0)",
        "font": {"size": 11}, "clickmode": "event", "dragmode": False,
    }


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
         "colorbar": {"title": {"text": "of the tier's largest", "side": "top"},
                      "thickness": 10, "tickformat": ".0%", "orientation": "h", "y": -0.04,
                      "yanchor": "top", "len": 1.0},
         "hovertemplate": f"{hover} reach this need<br>Click to show only them"
                          "<extra></extra>"},
    ]
    return {"data": traces, "layout": _layout()}


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


def _growth_text(cell) -> str:
    """Return a growth cell's text ("+3.5%"), or "" for a cell with no figure."""
    return "" if cell is None else percent_change(cell.growth)


def _growth_hover(cell) -> str:
    """Return what a growth cell's hover says of how it was computed."""
    if cell is None:
        return "no projection for any of these nodes"
    if cell.weighted:
        return (f"{percent_change(cell.growth)}, weighted by {count(cell.weight)} employed "
                f"({cell.nodes:,} nodes with a projection)")
    return f"{percent_change(cell.growth)}, mean of {cell.nodes:,} nodes (no employment figures)"


def growth_grids(state: ViewState, cells: dict):
    """Return the (shown, hidden) grids of growth cells (`graph.outlook.Cell` or None):
    shown are the cells inside the filters that have a figure, hidden every other.

    Examples
    --------
    >>> from graph.outlook import Cell
    >>> from explorer.state import DEFAULT
    >>> shown, hidden = growth_grids(DEFAULT.replace(needs=["family"]),
    ...                              {("family", "job"): Cell(2.0, None, 3, False)})
    >>> shown[0][3].growth, shown[1][3], hidden[1][3]
    (2.0, None, 'none')
    """
    shown, hidden = [], []
    for n in NEED_IDS:
        row_s, row_h = [], []
        for t in WORK_TIERS:
            cell = cells.get((n, t))
            inside = in_view(state, n, t) and cell is not None
            row_s.append(cell if inside else None)
            row_h.append(None if inside else (cell or "none"))
        shown.append(row_s)
        hidden.append(row_h)
    return shown, hidden


def growth_figure(state: ViewState, cells: dict) -> dict:
    """Return the heatmap of projected growth (a plain Plotly dict), laid out as `figure`:
    cells inside the filters on the diverging `GROWTH_SCALE`, the others grey."""
    shown, hidden = growth_grids(state, cells)

    def z(grid, hidden_trace):
        return [[None if c is None else (0 if hidden_trace else
                                         max(-GROWTH_CLIP, min(GROWTH_CLIP, c.growth)))
                 for c in row] for row in grid]

    def cell_of(c):
        return c if c not in (None, "none") else None

    base = figure(None, state, grids=([[None] * len(WORK_TIERS)] * len(NEED_IDS),) * 2)
    names = base["data"][0]["hovertext"]
    hidden_trace, shown_trace = base["data"]
    hidden_trace.update(
        z=z(hidden, True), zmin=0, zmax=1,
        text=[[_growth_text(cell_of(c)) if c is not None else "" for c in row]
              for row in hidden],
        hovertext=[[f"{names[i][j]}: {_growth_hover(cell_of(c))}" for j, c in enumerate(row)]
                   for i, row in enumerate(hidden)],
        hovertemplate="%{hovertext} (hidden by the filters or no figure)<extra></extra>")
    shown_trace.update(
        z=z(shown, False), zmin=-GROWTH_CLIP, zmax=GROWTH_CLIP,
        colorscale=GROWTH_SCALE,
        text=[[_growth_text(c) for c in row] for row in shown],
        hovertext=[[f"{names[i][j]}: {_growth_hover(c)}" for j, c in enumerate(row)]
                   for i, row in enumerate(shown)],
        hovertemplate="%{hovertext}<br>Click to show only them<extra></extra>",
        colorbar={**shown_trace["colorbar"], "tickformat": "+.0f", "ticksuffix": "%",
                  "title": {"text": "projected growth 2024-34", "side": "top"}})
    return base


def growth_table(state: ViewState, cells: dict):
    """Return the growth grid as an HTML table, for screen readers and keyboard users."""
    head = html.Tr([html.Th("Need", scope="col"),
                    *(html.Th(TIER_BY_ID[t].plural, scope="col") for t in WORK_TIERS)])
    rows = [html.Tr([html.Th(NEED_BY_ID[n].label, scope="row"),
                     *(html.Td(_growth_hover(cells.get((n, t)))
                               + ("" if in_view(state, n, t) else " (hidden)"))
                       for t in WORK_TIERS)])
            for n in NEED_IDS]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="coverage-table",
                      style={"fontSize": "0.85rem", "borderCollapse": "collapse"})


def organization_columns(cov: dict, top: int = ORG_COLUMNS) -> tuple[list, list]:
    """Return the columns of the organization view and its rows of cells.

    Columns are ``(header, profession node or None)``: "All its people" first, then the
    ``top`` professions with most people, then one for the others (if any). Each row
    holds, per column, ``(people, jobs)`` through that column or None where it does not
    reach the need.

    Examples
    --------
    >>> cov = {"people": 9, "professions": [{"node": "rn", "label": "Nurses", "people": 6,
    ...        "jobs": 2}, {"node": "cook", "label": "Cooks", "people": 3, "jobs": 1}],
    ...        "needs": [{"need": "family", "label": "Family", "people": 3, "jobs": 1,
    ...                   "cells": [None, 3]}]}
    >>> columns, rows = organization_columns(cov, top=1)
    >>> [c[0] for c in columns], rows
    (['All its people (9)', 'Nurses (6)', '1 other (3)'], [[(3, 1), None, (3, 1)]])
    """
    profs = cov["professions"]
    kept, rest = profs[:top], profs[top:]
    columns = [(f"All its people ({cov['people']:,})", None)]
    columns += [(f"{p['label']} ({p['people']:,})", p["node"]) for p in kept]
    if rest:
        others = f"{plural(len(rest), 'other')} ({sum(p['people'] for p in rest):,})"
        columns.append((others, None))
    rows = []
    for need in cov["needs"]:
        row = [(need["people"], need["jobs"]) if need["jobs"] else None]
        row += [(c, p["jobs"]) if c is not None else None
                for c, p in zip(need["cells"][:top], kept)]
        if rest:
            others = [(c, p["jobs"]) for c, p in zip(need["cells"][top:], rest) if c is not None]
            row.append((sum(c for c, _ in others), sum(j for _, j in others)) if others
                       else None)
        rows.append(row)
    return columns, rows


def _people(n: int) -> str:
    return plural(n, "person", "people")


def organization_figure(cov: dict) -> dict:
    """Return the heatmap of the organization's coverage (a plain Plotly dict): needs in
    rows, its professions in columns, each cell the people through which the organization
    reaches that need, coloured by their share of all its people."""
    columns, rows = organization_columns(cov)
    total = max(1, cov["people"])
    y = [n["label"] for n in cov["needs"]]
    x = [header for header, _ in columns]
    org = cov["id"]

    def hover(need, header, cell):
        if cell is None:
            return f"{need['label']} / {header}: not reached"
        people, jobs = cell
        return f"{need['label']} / {header}: {_people(people)} in {plural(jobs, 'job')}"

    trace = {
        "type": "heatmap", "name": "organization", "x": x, "y": y, "xgap": 2, "ygap": 2,
        "z": [[None if c is None else c[0] / total for c in row] for row in rows],
        "zmin": 0, "zmax": 1, "colorscale": ORG_SCALE,
        "text": [[f"{c[0]:,}" if c else "" for c in row] for row in rows],
        "texttemplate": "%{text}",
        "customdata": [[CELL_SEPARATOR.join((n["need"], "organization", org, node or ""))
                        for _, node in columns] for n in cov["needs"]],
        "hovertext": [[hover(n, header, c) for (header, _), c in zip(columns, row)]
                      for n, row in zip(cov["needs"], rows)],
        "hovertemplate": "%{hovertext}<br>Click to show this need around the organization"
                         "<extra></extra>",
        "colorbar": {"title": {"text": "of its people", "side": "top"}, "thickness": 10,
                     "tickformat": ".0%", "orientation": "h", "y": -0.04, "yanchor": "top",
                     "len": 1.0},
    }
    layout = _layout()
    layout["xaxis"].update(tickmode="array", tickvals=x, ticktext=[_clip(h) for h in x],
                           tickangle=-90)
    return {"data": [trace], "layout": layout}


def _clip(text: str, most: int = ORG_HEADER) -> str:
    """Return ``text`` cut to ``most`` characters, its count kept ("Registered nu… (12)").

    Examples
    --------
    >>> _clip("First-Line Supervisors of Food Preparation Workers (120)", 20)
    'First-Line Superv… (120)'
    >>> _clip("Chef (3)")
    'Chef (3)'
    """
    if len(text) <= most:
        return text
    name, _, people = text.rpartition(" (")
    return f"{name[:most - 3].rstrip()}… ({people}" if name else text[:most - 1] + "…"


def organization_table(cov: dict):
    """Return the organization's coverage as an HTML table, for screen readers and
    keyboard users: people (and jobs) through each profession, per need."""
    columns, rows = organization_columns(cov)
    head = html.Tr([html.Th("Need", scope="col"),
                    *(html.Th(header, scope="col") for header, _ in columns)])
    body = [html.Tr([html.Th(n["label"], scope="row"),
                     *(html.Td("not reached" if c is None else
                               f"{_people(c[0])}, {plural(c[1], 'job')}")
                       for c in row)])
            for n, row in zip(cov["needs"], rows)]
    return html.Table([html.Thead(head), html.Tbody(body)],
                      className="coverage-table org-coverage-table",
                      style={"fontSize": "0.85rem", "borderCollapse": "collapse"})


def note(G, mode: str) -> str:
    """Return what the panel says of the user's organization in G (blank without one).

    Examples
    --------
    >>> import networkx as nx
    >>> note(nx.DiGraph(), "count"), note(nx.DiGraph(), "organization") == NO_ORGANIZATION
    ('', True)
    """
    org = organization.org_node(G)
    if org is None or org not in G:
        return NO_ORGANIZATION if mode == "organization" else ""
    name, jobs = G.nodes[org].get("label", org), G.graph["organization"].get("jobs", 0)
    if mode == "organization":
        return (f"{name}: the people of its jobs, per need and per profession they are coded "
                "to. An empty cell: that profession does not reach that need.")
    return (f"Includes your organization, {name}: 1 organization and {plural(jobs, 'job')} "
            "of its own.")


def _key(state: ViewState) -> str:
    """Return what the panel's content depends on: the needs and tiers shown, the what-if
    scenario and the user's organization."""
    return (",".join(state.needs) + "|" + ",".join(state.tiers) + "|" + ",".join(state.without)
            + (f"|org={state.org}" if state.org else ""))


def refresh(G, state_data, last_key, base=None, mode="count", cells=None):
    """Return (figure, table twin, key) for the stored state; PreventUpdate if unchanged.

    The counts depend only on the needs and tiers, so selecting or focusing a node
    leaves the panel as it is (and costs the server nothing). With ``mode`` "growth",
    the projected growth of each cell (``cells``: `graph.outlook.growth_coverage`, computed
    when None). With ``mode`` "organization", the coverage of the user's organization
    held by G (`graph.organization.organization_coverage`), or empty without one.
    """
    state = ViewState.from_dict(state_data or {}, G)
    growth = mode == "growth"
    key = _key(state) + ("" if mode == "count" else f"|{mode}")
    if key == last_key:
        raise PreventUpdate
    if mode == "organization":
        org = organization.org_node(G)
        if org is None:
            return EMPTY_FIGURE, html.P(NO_ORGANIZATION, className="muted"), key
        cov = organization_coverage(G, org)
        return organization_figure(cov), organization_table(cov), key
    if growth:
        cells = growth_coverage(G) if cells is None else cells
        return growth_figure(state, cells), growth_table(state, cells), key
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
                   "need, or how fast they are projected to grow, or (with your job list "
                   "loaded) which needs your organization serves through which professions. "
                   "Click a cell to show that need and that tier.",
                   className="muted"),
            html.Fieldset([
                html.Legend("Show", className="panel-title"),
                dcc.RadioItems(id="coverage-mode", value="count",
                               options=[{"label": v, "value": k} for k, v in MODES.items()],
                               className="checklist", inputClassName="radio",
                               labelClassName="check-label"),
            ], className="coverage-mode"),
            html.P(id="coverage-note", className="muted", **{"aria-live": "polite"}),
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
    state = ViewState.from_dict(state_data or {})
    mine = _organization_cell(click_data)
    if mine is not None:  # a cell of the organization view: the need around the organization
        need, org, profession = mine
        return state.replace(needs=[need], tiers=list(TIER_IDS), focus=org,
                             selected=profession or org, path_to=None, moves=None,
                             more=[]).to_query()
    needs, tiers = cell_filters(click_data)
    return state.replace(needs=needs, tiers=tiers, focus=None, path_to=None).to_query()


def _organization_cell(click_data):
    """Return (need, organization, profession or "") of a clicked cell of the organization
    view, or None for any other cell.

    Examples
    --------
    >>> _organization_cell({"points": [{"customdata": "family:organization:your-organization:"}]})
    ('family', 'your-organization', '')
    >>> _organization_cell({"points": [{"customdata": "family:job"}]}) is None
    True
    """
    points = click_data.get("points") if isinstance(click_data, dict) else None
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    parts = str(points[0].get("customdata", "")).split(CELL_SEPARATOR)
    if len(parts) != 4 or parts[1] != "organization" or parts[0] not in NEED_BY_ID or not parts[2]:
        return None
    return parts[0], parts[2], parts[3]


def register_callbacks(app, ctx) -> None:
    """Keep the heatmap in step with the filters and make its cells filter the graph.

    A click writes the URL query rather than the two pickers: the URL holds the whole
    view, so the need and the tier arrive together as one change, the page's one state
    writer sets both pickers from it, and the browser's back button undoes the click.
    """
    ctx.views.get_or_compute(("coverage",), lambda: query.coverage(ctx.graph))
    inputs = {"state": PANEL.view_state, "mode": Input("coverage-mode", "value"),
              "last": State("coverage-key", "data"), "org": State("org-graph", "data")}

    @app.callback(
        output={"figure": Output("coverage-heatmap", "figure"),
                "table": Output("coverage-table", "children"),
                "key": Output("coverage-key", "data"),
                "note": Output("coverage-note", "children")},
        inputs=inputs,
        prevent_initial_call=True,
    )
    def _refresh(state, mode, last, org):
        if state is None:  # the tab has not been opened yet
            raise PreventUpdate
        # The user's own organization, sent by the browser: counted like any node. The
        # view state names it (``org``), so a changed list changes the panel's key.
        here = organization.overlaid(ctx, org)
        base = here.views.get_or_compute(("coverage",), lambda: query.coverage(here.graph))
        cells = (here.views.get_or_compute(("growth-coverage",),
                                           lambda: growth_coverage(here.graph))
                 if mode == "growth" else None)
        fig, table, key = refresh(here.graph, state, last, base, mode, cells)
        return {"figure": fig, "table": table, "key": key, "note": note(here.graph, mode)}

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
