"""The details panel: everything about the selected node, and ways to move on from it.

It shows the node's label, tier, code, description and every other attribute; the needs
it serves, each with the chain of links that proves it; its neighbours grouped by tier;
and the "Path to..." result. Every node named in the panel is a button that moves there
(through the shared ``nav-request`` store). The panel is drawn from Dash ``html``
components, sent as one `explorer.fragment` (the browser builds their elements, each
string a text node: labels are shown as text, never as HTML), so a click mounts one
component instead of the ~80 a panel holds.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, html

from graph import query
from graph.formatting import NAMES, count, money, percent_change
from graph.resolve import label
from graph.schema import ALIAS_SEPARATOR, RELATIONS, TIER_BY_ID, TIERS
from explorer.fragment import encode, fragment
from explorer.panel import Panel
from explorer import search
from explorer.state import ViewState
from explorer.view import visible_graph

#: How a neighbour that this node links *to* relates to it, by relation.
_PASSIVE = {"serves": "served by this", "addresses": "addressed by this",
            "practised_in": "where this is practised", "operates_in": "where this operates",
            "draws_on": "drawn on by this", "sits_in": "where this position sits",
            "part_of": "broader than this", "related_to": "related to this"}

#: Most neighbours listed per tier before "and N more".
NEIGHBOURS_SHOWN = 40
_SKIP = {"label", "tier", "description", "code"}


def node_button(G, node) -> html.Button:
    """Return a button that moves to ``node``.

    It carries the node id as ``data-node``; one click handler in ``assets/explorer.js``
    turns a click (or Enter/Space) on any such button into a ``nav-request``, so the
    hundreds of buttons a panel can hold cost Dash no callback wiring, and the panel can
    go to the browser as one `explorer.fragment` (plain elements, no Dash component each).
    """
    tier = TIER_BY_ID.get(G.nodes[node].get("tier"))
    return html.Button(
        label(G, node), type="button", **{"data-node": str(node)},
        className=f"node-link tier-{tier.id if tier else 'unknown'}",
        title=f"{label(G, node)} ({tier.label if tier else 'unknown tier'}): show its details",
    )


def whatif_button(G, node, state: ViewState) -> html.Button:
    """Return the "What if this went away?" button of a node (or, when the what-if scenario
    already removes it, "Bring it back"); a ``data-node`` button like `node_button`, whose
    ``data-action`` tells the controller to change the scenario instead of moving there."""
    back = node in state.without
    name = label(G, node)
    return html.Button(
        "Bring it back" if back else "What if this went away?", type="button",
        className="btn whatif-toggle",
        **{"data-node": str(node), "data-action": "whatif-drop" if back else "whatif-add",
           "aria-label": (f"Bring {name} back: take it out of the what-if scenario" if back else
                          f"What if {name} went away? Show which needs would lose cover")})


def compare_button(G, node, state: ViewState) -> html.Button:
    """Return the "Compare" button of a node (or "Stop comparing" when it is compared), a
    ``data-node`` button whose ``data-action`` adds it to (or drops it from) the nodes the
    Compare panel shows side by side."""
    name = label(G, node)
    on = node in state.compare
    return html.Button(
        "Stop comparing" if on else "Compare", type="button", className="btn compare-toggle",
        **{"data-node": str(node), "data-action": "compare-drop" if on else "compare-add",
           "aria-label": (f"Stop comparing {name}" if on else
                          f"Compare {name} side by side with other nodes (up to three)")})


#: Attributes holding a list joined by `ALIAS_SEPARATOR`, shown as "a, b, c".
_LISTS = ("aliases", "bright_outlook")
_RIASEC = {"R": "Realistic", "I": "Investigative", "A": "Artistic", "S": "Social",
           "E": "Enterprising", "C": "Conventional"}


def _name(key: str) -> str:
    """Return the label of an attribute in the details panel: a career-data column's
    name in `graph.formatting.NAMES`, else the column name capitalised.

    Examples
    --------
    >>> _name("growth_pct"), _name("standard_of_excellence")
    ('Projected growth 2024-34', 'Standard of excellence')
    """
    return NAMES.get(key) or key.replace("_", " ").capitalize()


def _value(key: str, value):
    """Return an attribute value as display children (links only for http(s) URLs).

    Examples
    --------
    >>> _value("growth_pct", 4.9), _value("bright_outlook", "Rapid Growth|Numerous Job Openings")
    ('+4.9%', 'Rapid Growth, Numerous Job Openings')
    >>> _value("riasec", "R=1.00|I=4.82|A=1.31|S=5.62|E=2.28|C=4.58")
    'Social 5.6, Investigative 4.8, Conventional 4.6, Enterprising 2.3, Artistic 1.3, Realistic 1.0'
    >>> _value("interest_code", "SIC")
    'SIC (Social, Investigative, Conventional)'
    """
    if key == "growth_pct" and isinstance(value, (int, float)):
        return percent_change(value)
    if key == "riasec" and isinstance(value, str):
        scores = []
        for part in value.split(ALIAS_SEPARATOR):
            letter, _, score = part.partition("=")
            try:
                scores.append((-float(score), _RIASEC.get(letter.strip(), letter.strip())))
            except ValueError:
                return value
        return ", ".join(f"{name} {-score:.1f}" for score, name in sorted(scores))
    if key == "interest_code" and isinstance(value, str) and value and \
            all(c in _RIASEC for c in value):
        return f"{value} ({', '.join(_RIASEC[c] for c in value)})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key.endswith("wage") and isinstance(value, (int, float)):  # money, as in the links
        return money(value)
    if isinstance(value, int):
        return count(value)
    if isinstance(value, float):
        return count(value) if value.is_integer() and abs(value) >= 1000 else f"{value:g}"
    text = str(value)
    if key == "url" and text.lower().startswith(("https://", "http://")):
        return html.A(text, href=text, target="_blank", rel="noopener noreferrer nofollow")
    if key in _LISTS and ALIAS_SEPARATOR in text:
        return ", ".join(a.strip() for a in text.split(ALIAS_SEPARATOR) if a.strip())
    return text


def attributes(G, node) -> html.Dl:
    """Return every attribute of ``node`` but label, tier, description and code, as a list."""
    rows = []
    for key, value in G.nodes[node].items():
        if key in _SKIP or value in ("", None):
            continue
        rows += [html.Dt(_name(key)), html.Dd(_value(key, value))]
    return html.Dl(rows, className="attributes") if rows else html.Div()


def proof_chains(G, node) -> html.Div:
    """Return the needs the node serves, each with its shortest chain of links."""
    served = query.needs_served(G, node)
    if G.nodes[node].get("tier") == "need":
        return html.Div()
    if not served:
        return html.Div([html.H3("Needs it serves"),
                         html.P("It reaches no need through the links in the data.", className="muted")])
    items = []
    for need, chain in served.items():
        steps = []
        for i, n in enumerate(chain):
            if i:
                relation = G.edges[chain[i - 1], n].get("relation", "")
                text = RELATIONS[relation].label if relation in RELATIONS else relation
                steps.append(f" {text} \u2192 ")
            steps.append(node_button(G, n) if n != node else label(G, n))
        items.append(html.Li(steps, className="chain"))
    return html.Div([html.H3(f"Needs it serves ({len(served)})"), html.Ul(items, className="chains")])


def _employed(data) -> int | None:
    """Return the people a link counts (OEWS employment), or None."""
    value = data.get("employment")
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _link_note(text: str, data) -> str:
    """Return "(relation)" or "(relation; 474,030 employed, median $84,490)" for a link."""
    employed = _employed(data)
    if employed is None:
        return f"({text})"
    wage = data.get("median_wage")
    pay = (f", median {money(wage)}" if isinstance(wage, (int, float))
           and not isinstance(wage, bool) else "")
    return f"({text}; {count(employed)} employed{pay})"


def neighbours(G, node) -> html.Div:
    """Return the node's neighbours grouped by tier, each a button, with the relation.

    Within a tier, neighbours linked by employment figures (OEWS) come first, the biggest
    employers first, with the figures; the others follow by label.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("rn", {"label": "Nurses", "tier": "profession"}),
    ...                   ("clinics", {"label": "Clinics", "tier": "industry"}),
    ...                   ("hospitals", {"label": "Hospitals", "tier": "industry"})])
    >>> G.add_edge("rn", "clinics", relation="practised_in", employment=900)
    >>> G.add_edge("rn", "hospitals", relation="practised_in", employment=1500, median_wage=90000)
    >>> [li.children[1] for li in neighbours(G, "rn").children[1].children[1].children]
    [' (where this is practised; 1,500 employed, median $90,000)', ' (where this is practised; 900 employed)']
    """
    groups: dict[str, list] = {}
    for m in G.successors(node):
        data = G.edges[node, m]
        rel = data.get("relation", "")
        groups.setdefault(G.nodes[m].get("tier", ""), []).append(
            (m, _link_note(_PASSIVE.get(rel, rel), data), _employed(data)))
    for m in G.predecessors(node):
        data = G.edges[m, node]
        rel = data.get("relation", "")
        text = RELATIONS[rel].label if rel in RELATIONS else rel
        groups.setdefault(G.nodes[m].get("tier", ""), []).append(
            (m, _link_note(f"{text} this", data), _employed(data)))
    if not groups:
        return html.Div([html.H3("Neighbours"), html.P("No links.", className="muted")])
    sections = []
    order = [t.id for t in TIERS] + sorted(set(groups) - {t.id for t in TIERS})
    for tier_id in order:
        if tier_id not in groups:
            continue
        items = sorted(groups[tier_id], key=lambda x: (x[2] is None, -(x[2] or 0),
                                                       label(G, x[0]).casefold(), str(x[0])))
        tier = TIER_BY_ID.get(tier_id)
        title = tier.plural if tier else (tier_id or "Other")
        shown = [html.Li([node_button(G, m), f" {rel}"]) for m, rel, _ in items[:NEIGHBOURS_SHOWN]]
        if len(items) > NEIGHBOURS_SHOWN:
            shown.append(html.Li(f"and {len(items) - NEIGHBOURS_SHOWN:,} more (focus on this "
                                 "node to see them all)", className="muted"))
        heading = f"{title} ({len(items)})"
        if any(x[2] is not None for x in items):
            heading += ", biggest employers first"
        sections.append(html.Section([html.H4(heading),
                                      html.Ul(shown, className="neighbour-list")],
                                     className=f"neighbours tier-{tier_id}"))
    return html.Div([html.H3("Neighbours"), *sections])


def path_section(G, view) -> html.Div:
    """Return the "Path to..." result of the view, if one was asked for."""
    state = view.state
    if state.selected is None or state.path_to is None:
        return html.Div()
    if not view.path:
        return html.Div([html.H3(f"Path to {label(G, state.path_to)}"),
                         html.P("No path joins these two nodes.", className="muted")])
    steps = []
    for i, n in enumerate(view.path):
        if i:
            steps.append(" \u2014 ")
        steps.append(node_button(G, n))
    return html.Div([html.H3(f"Path to {label(G, state.path_to)} ({len(view.path) - 1} links)"),
                     html.P(steps, className="chain")], className="path-result")


def render(ctx, state_data) -> list:
    """Return the details panel's children for a stored state."""
    G = ctx.graph
    state = ViewState.from_dict(state_data, G)
    node = state.selected
    if node is None:
        return [html.P("Click a node in the graph, search for one, or activate a row of the "
                       "Table to see what it is, the needs it serves and what it links to.",
                       className="muted")]
    attrs = G.nodes[node]
    tier = TIER_BY_ID.get(attrs.get("tier"))
    view = visible_graph(ctx, state)
    header = [
        html.H2(label(G, node), className="details-title"),
        html.P([
            html.Span(tier.label if tier else str(attrs.get("tier", "")), className="tier-badge",
                      style={"borderColor": tier.colour} if tier else {}),
            html.Span(f" {tier.stability}" if tier else "", className="muted"),
            html.Span(f" \u00b7 code {attrs['code']}" if attrs.get("code") else "", className="code"),
        ]),
        html.P(str(attrs.get("description") or ""), className="description"),
        whatif_button(G, node, state),
        compare_button(G, node, state),
    ]
    if node not in view.graph:
        header.append(html.P("Not drawn in the current view.", className="muted"))
    return [*header, path_section(G, view), proof_chains(G, node), attributes(G, node),
            neighbours(G, node)]


def content(ctx, state_data) -> str:
    """Return the details panel's content for a stored state, as the ``data-fragment``
    of ``#details`` (`explorer.fragment.encode` of `render`)."""
    return encode(render(ctx, state_data))


def component(ctx) -> html.Div:
    """Return the Details tab: actions (focus, path to) and the details body."""
    # The actions and the body in one box (a flex row that wraps, style.css): each
    # wrapper is a component more for the browser to draw.
    return html.Div([
        html.Button("Focus here", id="details-focus", className="btn",
                    **{"aria-label": "Focus the graph on the selected node"}),
        html.Button("Show all", id="details-unfocus", className="btn",
                    **{"aria-label": "Leave the focus view and show every filtered node"}),
        search.row("Path to\u2026", "path-to-input", search.CHOOSE_PATH,
                   name="Path to\u2026 (search a node by name or code)", store="path-to",
                   list_name="Path to\u2026 matches"),
        fragment(render(ctx, None), id="details", className="details",
                 **{"aria-live": "polite"}),
    ], className="panel-body details-panel")


def register_callbacks(app, ctx) -> None:
    """Register the Details tab switch and the Path to... picker's text.

    The panel's content is written by `explorer.controller` with each new state.
    """

    # A tap on the graph or a chosen search result brings the Details tab forward (in
    # the browser: no round trip; nothing is written when it is already in front).
    app.clientside_callback(
        ClientsideFunction(namespace="explorer", function_name="showDetails"),
        Output("panel-tabs", "value"),
        Input("nav-request", "data"),
        State("panel-tabs", "value"),
        prevent_initial_call=True,
    )

    # The path picker shows the target the controller sent (none after a tap elsewhere).
    app.clientside_callback(
        ClientsideFunction(namespace="search", function_name="showChoice"),
        Output("path-to-shown", "data"),
        Input("path-to-option", "data"),
        prevent_initial_call=True,
    )


#: The first tab: its content comes with each new state from `explorer.controller`, so
#: it needs no view state of its own.
PANEL = Panel("details", "Details", component, register_callbacks, order=10)
