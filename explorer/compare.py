"""Compare panel: two or three nodes side by side.

The nodes are the view state's ``compare`` (``compare=a,b,c`` in the URL), changed only by
the controller: "Compare" in the Details panel and this panel's search box add a node,
"Remove" and "Clear" take them out (``data-node`` buttons with a ``data-action``, like
the what-if ones, so they cost no callback wiring). For each node the panel shows its
tier, code, the needs it serves (a mark where they do not all serve it), wage, projected
growth, openings, Job Zone, education, Bright Outlook and top skills; then, for each
pair, how much their skill profiles overlap and the neighbours they share. The figures
come from `graph.compare.compare`; the Export panel downloads them as CSV.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from graph.compare import CompareError, compare, compare_csv
from graph.formatting import NAMES, count, money, percent_change, share
from graph.resolve import label
from graph.schema import TIER_BY_ID
from explorer import organization, search
from explorer.details import node_button
from explorer.panel import Panel
from explorer.state import MAX_COMPARED, ViewState
from explorer.whatif import action_button

__all__ = ["PANEL", "component", "csv_download", "export_controls", "render"]

#: What the panel says before two nodes are chosen.
INTRO = ("Choose \u201cCompare\u201d in Details, or search below, to put up to "
         f"{MAX_COMPARED} nodes side by side.")
#: Mark of a need that not every compared node serves.
DIFFERS = "\u25c6"
#: What a figure the data does not have reads as.
NONE = "\u2014"


def _text(value) -> str:
    return NONE if value in (None, "") else str(value).replace("|", ", ")


def _needs(G, row: dict, differ: set) -> html.Ul | str:
    """Return a node's needs, those not every compared node serves marked."""
    if not row["needs"]:
        return "none"
    return html.Ul([
        html.Li([label(G, n),
                 html.Span(f" {DIFFERS}", className="differs",
                           title="not every compared node serves it")
                 if n in differ else ""],
                className="differs-row" if n in differ else None)
        for n in row["needs"]], className="compare-needs")


#: Rows of the side-by-side table: heading, how a node's column shows it.
ROWS = (
    ("Tier", lambda G, r, d: TIER_BY_ID[r["tier"]].label if r["tier"] in TIER_BY_ID
     else _text(r["tier"])),
    ("Code", lambda G, r, d: _text(r["code"])),
    ("Needs served", _needs),
    ("Median wage", lambda G, r, d: money(r["median_wage"] if r["median_wage"] is not None
                                       else r["bls_median_wage"], NONE)),
    (NAMES["growth_pct"], lambda G, r, d: percent_change(r["growth_pct"], NONE)),
    (NAMES["annual_openings"], lambda G, r, d: count(r["annual_openings"], NONE)),
    ("Employment", lambda G, r, d: count(r["employment"], NONE)),
    (NAMES["job_zone"], lambda G, r, d: _text(r["job_zone"])),
    (NAMES["education"], lambda G, r, d: _text(r["education"])),
    (NAMES["bright_outlook"], lambda G, r, d: _text(r["bright_outlook"])),
    ("Top skills", lambda G, r, d: ", ".join(s[1] for s in r["top_skills"]) or NONE),
)


def _pairs(G, result: dict) -> html.Div:
    """Return what each pair shares: skill overlap and shared neighbours."""
    items = []
    for p in result["pairs"]:
        overlap = ("no skill profile for one of them" if p["skill_overlap"] is None
                   else f"skill overlap {share(p['skill_overlap'])}")
        shared = [html.Span([node_button(G, m), " "]) for m in p["shared_neighbours"]]
        more = p["shared_count"] - len(p["shared_neighbours"])
        items.append(html.Li([
            html.Strong(f"{label(G, p['a'])} and {label(G, p['b'])}"), f": {overlap}; ",
            f"{p['shared_count']:,} shared neighbour{'s' if p['shared_count'] != 1 else ''}",
            html.Div([*shared, f"and {more:,} more" if more > 0 else ""],
                     className="compare-shared") if shared else "",
        ]))
    return html.Div([html.H4("Between them"), html.Ul(items, className="compare-pairs")])


def render(G, state: ViewState) -> list:
    """Return the panel's content for the compared nodes of ``state``."""
    nodes = [n for n in state.compare if n in G]
    if not nodes:
        return [html.P(INTRO, className="muted")]
    try:
        result = compare(G, nodes)
    except CompareError as exc:  # not reached with a state read against G
        return [html.P(str(exc), className="muted")]
    differ = set(result["needs_differ"])
    head = html.Tr([html.Th("", scope="col"), *(
        html.Th([node_button(G, r["id"]), " ",
                 action_button("Remove", r["id"], "compare-drop",
                               f"Remove {r['label']} from the comparison")], scope="col")
        for r in result["nodes"])])
    body = [html.Tr([html.Th(title, scope="row"),
                     *(html.Td(show(G, r, differ)) for r in result["nodes"])])
            for title, show in ROWS]
    children = [
        html.Table([html.Thead(head), html.Tbody(body)], className="compare-table"),
        html.P(f"{DIFFERS} a need not every compared node serves." if differ else
               "They serve the same needs.", className="muted"),
    ]
    if len(nodes) > 1:
        children.append(_pairs(G, result))
    else:
        children.append(html.P("Add another node to compare.", className="muted"))
    children.append(action_button("Clear", "", "compare-clear", "Clear the comparison"))
    return children


def component(ctx) -> html.Section:
    """Return the panel: a search box that adds a node, and the comparison."""
    return html.Section([
        html.H3("Compare side by side", id="compare-title", className="details-title"),
        search.row("Add to compare", "compare-input", search.CHOOSE_FOCUS,
                   name="Add to compare (search a node by name or code)",
                   list_name="Add to compare matches", action="compare-add"),
        html.Div(render(ctx.graph, ViewState()), id="compare", **{"aria-live": "polite"}),
        dcc.Store(id="compare-key"),
    ], className="panel-body compare-panel", **{"aria-labelledby": "compare-title"})


def export_controls() -> html.Fieldset:
    """Return the Export panel's group that downloads the compared rows as CSV."""
    return html.Fieldset([
        html.Legend("Compared nodes", className="panel-title"),
        html.Button("Compared rows (CSV)", id="compare-csv", className="btn", n_clicks=0,
                    type="button"),
        dcc.Download(id="compare-download"),
    ], className="export-group")


def csv_download(G, n_clicks, state_data):
    """Return the ``dcc.Download`` payload of the compared rows; PreventUpdate when none."""
    state = ViewState.from_dict(state_data, G)
    if not n_clicks or not state.compare:
        raise PreventUpdate
    name = "compare-" + "-".join(state.compare)[:120] + ".csv"
    return dcc.send_bytes(compare_csv(G, list(state.compare)), name, type="text/csv")


def register_callbacks(app, ctx) -> None:
    """Redraw the comparison when the compared nodes change, bring the panel forward when
    a node is added, and download the compared rows."""

    @app.callback(Output("compare", "children"), Output("compare-key", "data"),
                  PANEL.view_state, State("compare-key", "data"), State("org-graph", "data"),
                  prevent_initial_call=True)
    def _refresh(state_data, last, org):
        if state_data is None:  # the tab has not been opened yet
            raise PreventUpdate
        here, org_key = organization.context_for(ctx, org)  # the user's organization
        state = ViewState.from_dict(state_data, here.graph)
        key = ",".join(state.compare) + (f"|{org_key}" if org_key else "")
        if key == last:
            raise PreventUpdate
        return render(here.graph, state), key

    app.clientside_callback(
        ClientsideFunction(namespace="compare", function_name="show"),
        Output("panel-tabs", "value", allow_duplicate=True),
        Input("nav-request", "data"), State("panel-tabs", "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="compare", function_name="fromAddress"),
        Output("panel-tabs", "value", allow_duplicate=True),
        Input("url", "search"), State("panel-tabs", "value"),
        prevent_initial_call="initial_duplicate",
    )

    @app.callback(Output("compare-download", "data"), Input("compare-csv", "n_clicks"),
                  State("view-state", "data"), State("org-graph", "data"),
                  prevent_initial_call=True)
    def _download(n_clicks, state_data, org):
        return csv_download(organization.overlaid(ctx, org).graph, n_clicks, state_data)


PANEL = Panel("compare", "Compare", component, register_callbacks, needs_view_state=True,
              order=22)
