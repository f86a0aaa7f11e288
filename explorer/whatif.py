"""What if panel: which needs lose cover if the nodes of the scenario went away.

The scenario is the view state's ``without`` (`explorer.state`), changed only by the
controller: "What if this went away?" in the Details panel adds the selected node, and
this panel's "Bring back" and "Undo" buttons take one node or all of them out. Those
buttons, like every name here, are ``data-node`` buttons (a ``data-action`` says what to
do with the node), so the page's one click handler sends them to the controller and they
cost no callback wiring. The panel shows the scenario in words (`graph.whatif.summary`),
the removed nodes, what each need loses, and the cover of each need and tier before and
after; the graph marks the same nodes (`explorer.elements.whatif_classes`) and the
Coverage panel shows the difference cell by cell. With the user's organization drawn,
cutting the only jobs of it serving a need takes that need from the organization too (and
from what reached it only through the organization): its need links are made from its
jobs (`graph.organization.need_sources`).
"""

from __future__ import annotations

import networkx as nx
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from graph import whatif as gwhatif
from graph.resolve import label
from graph.schema import TIER_BY_ID, TIER_NOUNS, WORK_TIERS
from explorer import organization
from explorer.details import node_button
from explorer.panel import Panel
from explorer.state import ViewState
from explorer.view import visible_graph

#: Most lost nodes listed per need before "and N more".
LOST_SHOWN = 40
#: What the panel says before any node is removed.
INTRO = ("Select a node and choose \u201cWhat if this went away?\u201d in Details to see "
         "which needs would lose the work that serves them. Choose it on several nodes to "
         "remove them together.")


def action_button(text: str, node: str, action: str, aria_label: str,
                  small: bool = True) -> html.Button:
    """Return a button that changes the scenario: ``data-node`` plus ``data-action``.

    Examples
    --------
    >>> b = action_button("Undo", "", "whatif-clear", "Undo: remove nothing")
    >>> getattr(b, "data-action"), getattr(b, "data-node"), b.children
    ('whatif-clear', '', 'Undo')
    """
    return html.Button(text, type="button", className="btn btn-small" if small else "btn",
                       **{"data-node": node, "data-action": action, "aria-label": aria_label})


def _removed_list(G, scenario) -> html.Ul:
    """Return the removed nodes, each a button that moves there and one that brings it back."""
    return html.Ul([
        html.Li([node_button(G, n), " ",
                 action_button("Bring back", n, "whatif-drop",
                               f"Bring {label(G, n)} back: take it out of the scenario")])
        for n in scenario.removed], className="neighbour-list whatif-removed")


def _noun(G, node) -> str:
    """Return the word for a node's tier ("job"), or its tier id."""
    tier = G.nodes[node].get("tier")
    return TIER_NOUNS.get(tier, (str(tier or ""),))[0]


def _buttons(G, nodes: list) -> list:
    """Return buttons that move to the nodes (at most `LOST_SHOWN`, then "and N more")."""
    items = [html.Li([node_button(G, n), f" ({_noun(G, n)})"]) for n in nodes[:LOST_SHOWN]]
    if len(nodes) > LOST_SHOWN:
        items.append(html.Li(f"and {len(nodes) - LOST_SHOWN:,} more", className="muted"))
    return items


def _need_section(G, loss, employment_known: bool) -> html.Section:
    """Return what one need loses: the nodes that no longer reach it and those that lose
    their only link to it through one tier (each a button), and the jobs on lost links."""
    lost = list(loss.lost)
    loses = {0: "no node", 1: "1 node"}.get(len(lost), f"{len(lost):,} nodes")
    body = [html.H5([node_button(G, loss.need), f" loses {loses}, keeps {loss.kept:,}"],
                    className="whatif-need-title")]
    if lost:
        body += [html.P("No longer reach it at all:", className="muted"),
                 html.Ul(_buttons(G, lost), className="neighbour-list")]
    gone = set(lost)
    for t, nodes in loss.unanchored.items():
        still = [n for n in nodes if n not in gone]
        if still:
            whose = "s lose their" if len(still) != 1 else " loses its"
            body += [html.P(f"{len(still):,} node{whose} only {TIER_NOUNS.get(t, (t,))[0]} link:",
                            className="muted"),
                     html.Ul(_buttons(G, still), className="neighbour-list")]
    if employment_known and loss.employment:
        body.append(html.P(f"{loss.employment:,} jobs (OEWS employment) on the links it loses.",
                           className="muted"))
    return html.Section(body, className="whatif-need")


def cover_table(G, scenario) -> html.Table | html.P:
    """Return the needs whose cover changes, with each tier's count "before \u2192 after".

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("nurse", "family")])
    >>> nx.set_node_attributes(G, {"family": "need", "nurse": "profession"}, "tier")
    >>> table = cover_table(G, gwhatif.without(G, ["nurse"]))
    >>> [td.children for td in table.children[1].children[0].children[1:]]
    ['1 \u2192 0', '0', '0', '0']
    """
    needs = list(dict.fromkeys(n for (n, _), (b, a) in scenario.cover.items() if b != a))
    if not needs:
        return html.P("No need loses any cover.", className="muted")
    head = html.Tr([html.Th("Need", scope="col"),
                    *(html.Th(TIER_BY_ID[t].plural, scope="col") for t in WORK_TIERS)])
    rows = []
    for need in needs:
        cells = []
        for t in WORK_TIERS:
            before, after = scenario.cover[need, t]
            changed = before != after
            cells.append(html.Td(f"{before:,} \u2192 {after:,}" if changed else f"{before:,}",
                                 className="changed" if changed else None))
        rows.append(html.Tr([html.Th(label(G, need), scope="row"), *cells]))
    return html.Table([html.Thead(head), html.Tbody(rows)], className="coverage-table",
                      style={"fontSize": "0.85rem", "borderCollapse": "collapse"})


def render(ctx, state: ViewState) -> list:
    """Return the panel's children for a state: the scenario in words and in detail."""
    G = ctx if isinstance(ctx, nx.Graph) else ctx.graph
    if not state.without:
        return [html.P(INTRO, className="muted", id="whatif-summary")]
    scenario = visible_graph(ctx, state).scenario
    changed = [loss for need, loss in scenario.needs.items()
               if (loss.lost or loss.unanchored) and need not in scenario.removed]
    return [
        html.P(gwhatif.summary(G, scenario), id="whatif-summary", className="whatif-summary"),
        html.Div(action_button("Undo", "", "whatif-clear",
                               "Undo: bring every removed node back", small=False),
                 className="button-row"),
        html.H4(f"Removed ({len(scenario.removed):,})"),
        _removed_list(G, scenario),
        html.H4("What each need loses"),
        *([_need_section(G, loss, scenario.employment_known) for loss in changed]
          or [html.P("No node loses a need: each reaches its needs another way.",
                     className="muted")]),
        html.H4("Cover of each need, before \u2192 after"),
        cover_table(G, scenario),
    ]


def refresh(ctx, state_data, last_key):
    """Return (children, key) for a stored state; PreventUpdate when the scenario is the
    one already shown (the panel depends on nothing else)."""
    state = ViewState.from_dict(state_data or {}, ctx.graph)
    key = ",".join(state.without)
    if key == last_key:
        raise PreventUpdate
    return render(ctx, state), key


def component(ctx) -> html.Section:
    """Return the What if panel; its body is drawn when the tab is opened."""
    return html.Section(
        className="panel-body whatif-panel", **{"aria-labelledby": "whatif-title"},
        children=[
            html.H3("What if it went away?", id="whatif-title", className="details-title"),
            html.Div(id="whatif-body", **{"aria-live": "polite"},
                     children=[html.P(INTRO, className="muted", id="whatif-summary")]),
            dcc.Store(id="whatif-key"),
        ],
    )


#: Browser-side: bring the What if tab forward when a node is added to the scenario.
_SHOW = """function (nav, current) {
    if (!nav || nav.action !== "whatif-add" || current === "whatif") {
        return window.dash_clientside.no_update;
    }
    return "whatif";
}"""


def register_callbacks(app, ctx) -> None:
    """Keep the panel in step with the scenario, and open it when a node is added."""

    @app.callback(Output("whatif-body", "children"), Output("whatif-key", "data"),
                  PANEL.view_state, State("whatif-key", "data"), State("org-graph", "data"),
                  prevent_initial_call=True)
    def _refresh(state, last, org):
        if state is None:  # the tab has not been opened yet
            raise PreventUpdate
        here, org_key = organization.context_for(ctx, org)  # the user's organization
        # With an organization, the panel is redrawn with each view: it may have changed.
        return refresh(here, state, last if org_key is None else None)

    app.clientside_callback(_SHOW, Output("panel-tabs", "value", allow_duplicate=True),
                            Input("nav-request", "data"), State("panel-tabs", "value"),
                            prevent_initial_call=True)


PANEL = Panel("whatif", "What if", component, register_callbacks, needs_view_state=True,
              order=25)
