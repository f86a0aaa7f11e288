"""Moves panel: where one can go from the selected node (`graph.moves`).

For a profession, its related professions best first; for a job, the professions it
draws on, their moves and the same professions elsewhere; for an industry or an
organization, its professions with the best outlook. Every name is a ``data-node`` button
that goes there (the page's one click handler, ``assets/explorer.js``); the figures sit in
compact tables whose header buttons sort the rows in the page (``assets/table.js``), and a
row of toggle buttons keeps only one type of move (``assets/moves.js``), neither costing a
round trip. "Show moves on the graph" is a ``data-node`` button too: its ``data-action``
asks the controller to set the view state's ``moves`` (kept in the URL), which makes the
view pipeline (`explorer.view`) draw the node with its moves around it, links coloured by
relatedness tier.

The user's own organization (`explorer.organization`, sent by the browser with the
request) is part of the graph the panel reads. One of its jobs is coded to a profession,
so its moves are that profession's moves, and the panel says so; the organization itself
lists its professions, best outlook first with the people it has in each, then the moves
open to its biggest jobs.

`gather` collects what the panel shows into a plain dict; `render` draws it.
"""

from __future__ import annotations

import networkx as nx
from dash import Output, State, dcc, html
from dash.exceptions import PreventUpdate

from explorer import organization
from explorer.panel import Panel
from explorer.state import ViewState
from explorer.stylesheet import RELATEDNESS_STYLE
from graph.formatting import count, money, percent_change, plural, share, signed
from graph.moves import MOVE_TYPES, moves
from graph.organization import organization_coverage, organization_jobs
from graph.resolve import label
from graph.schema import NEED_BY_ID, TIER_BY_ID

#: Most rows of each part of the panel.
LIMIT = 20
#: The user's organization: how many of its biggest jobs have their moves listed, and how
#: many moves each.
BIGGEST_JOBS = 3
BIGGEST_MOVES = 5
#: What the panel says before a node is selected.
INTRO = ("Select a profession, a job, an industry or an organization to see where one can "
         "go from it: related professions with their pay, growth, preparation, skills and "
         "the needs they serve.")
#: The columns of a moves table: sort key -> (header, what it sorts by). Each cell holds
#: a second, smaller line (the move's type and relatedness, the needs, the wage change,
#: the openings, the Job Zone change), so the table fits the side panel.
MOVE_COLUMNS = {
    "label": ("Profession", "the profession's name"),
    "wage": ("Wage", "median annual wage"),
    "growth": ("Growth", "projected employment change 2024-34"),
    "zone": ("Zone", "O*NET Job Zone (preparation)"),
    "overlap": ("Skills", "skill overlap with the current profession, in percent"),
}
OUTLOOK_COLUMNS = {
    "label": ("Profession", "the profession's name"),
    "growth": ("Growth", "projected employment change 2024-34"),
    "wage": ("Wage", "median annual wage"),
    "zone": ("Zone", "O*NET Job Zone (preparation)"),
    "employment": ("Here", "people of the profession employed here"),
}


def _short(need: str) -> str:
    """Return a need's short label."""
    found = NEED_BY_ID.get(need)
    return found.short if found else need


def gather(G, node, shown: str | None = None, limit: int = LIMIT) -> dict:
    """Return what the panel shows for ``node``, as plain data.

    Parameters
    ----------
    G : networkx.DiGraph
    node : str or None
        The selected node.
    shown : str or None
        The node whose moves the graph draws (the view state's ``moves``).
    limit : int
        Most rows of each part.

    Returns
    -------
    dict
        ``{"node", "label", "tier", "shown", "rows", "labels"}``: ``rows`` are
        `graph.moves.Move.as_dict` rows, ``labels`` the labels of the nodes they name
        through ``via`` and ``industry``. ``{"node": None}`` when nothing is selected.
        When G holds the user's organization (`graph.organization.with_organization`)
        and ``node`` is it or one of its jobs, ``yours`` says so: for a job
        ``{"organization", "org"}`` (and its own organization is left out of the places
        elsewhere); for the organization ``{"organization", "jobs", "professions",
        "biggest"}``, ``biggest`` holding the `BIGGEST_JOBS` jobs with most people, each
        with its moves (``job``, ``title``, ``people``, ``rows``), and each outlook row's
        ``employment`` being the organization's people in that profession.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("rn", tier="profession", label="Nurse", median_wage=90000, job_zone=3)
    >>> G.add_node("np", tier="profession", label="NP", median_wage=130000, job_zone=5)
    >>> G.add_edge("rn", "np", relation="related_to", relatedness="Primary-Short")
    >>> data = gather(G, "rn")
    >>> data["label"], [(r["id"], r["move"], r["wage_change"]) for r in data["rows"]]
    ('Nurse', [('np', 'advancement', 40000)])
    """
    if node is None or node not in G:
        return {"node": None}
    answer = moves(G, node, limit=limit)
    rows = answer.as_list()
    named = {r[k] for r in rows for k in ("via", "industry") if r.get(k)}
    data = {"node": node, "label": label(G, node), "tier": answer.tier, "shown": shown,
            "rows": rows, "labels": {n: label(G, n) for n in sorted(named) if n in G}}
    org = organization.org_node(G)
    if org is None or org not in G:
        return data
    if node == org:
        jobs = organization_jobs(G, org)
        people = {p["node"]: p["people"] for p in organization_coverage(G, org)["professions"]}
        for row in rows:  # "Here": the people the organization has in each profession
            if row["kind"] == "outlook" and row["id"] in people:
                row["employment"] = people[row["id"]]
        data["yours"] = {"organization": label(G, org), "jobs": len(jobs),
                         "professions": len(people), "biggest": [
            {"job": j["job"], "title": j["title"], "people": j["people"],
             "rows": moves(G, j["job"], limit=BIGGEST_MOVES).as_list()}
            for j in jobs[:BIGGEST_JOBS]]}
    elif G.has_edge(node, org) and G.edges[node, org].get("relation") == "sits_in":
        data["yours"] = {"organization": label(G, org), "org": org}
        # Where else its profession is practised: elsewhere than here.
        data["rows"] = [r for r in rows if not (r["kind"] == "elsewhere" and r["id"] == org)]
    return data


# ---------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------
def _button(row: dict) -> html.Button:
    """Return the button that goes to a row's node (as `explorer.details.node_button`)."""
    tier = TIER_BY_ID.get(row.get("tier"))
    return html.Button(row["label"], type="button", **{"data-node": row["id"]},
                       className=f"node-link tier-{tier.id if tier else 'unknown'}",
                       title=f"{row['label']} ({tier.label if tier else 'unknown'}): go there")


def _sort_value(value) -> str:
    """Return a value as a ``data-sort-*`` attribute ("" when unknown: sorted last)."""
    return "" if value is None else str(value)


def _head(columns: dict, caption: str) -> list:
    """Return a table's caption and header row of sort buttons."""
    heads = [html.Th(html.Button(text, type="button", className="btn btn-small table-sort",
                                 title=f"Sort by {why}", **{"data-key": key, "data-text": text}),
                     scope="col")
             for key, (text, why) in columns.items()]
    return [html.Caption(caption, className="muted"), html.Thead(html.Tr(heads))]


def _needs_text(row: dict) -> str:
    parts = ([f"+{_short(n)}" for n in row["needs_gained"]]
             + [f"\u2212{_short(n)}" for n in row["needs_lost"]])
    return " ".join(parts) or ("same" if row["needs_kept"] else "")


def _sub(text: str) -> html.Div:
    """Return the second, smaller line of a cell."""
    return html.Div(text, className="moves-sub")


def _openings(row: dict) -> str:
    return "" if row["annual_openings"] is None else f"{count(row['annual_openings'])}/yr"


def _move_row(row: dict) -> html.Tr:
    """Return one move as a table row: its figures, the skill gaps as the overlap's hover
    text, and the values the in-page sort reads (``data-sort-*``)."""
    gaps = ", ".join(f"{g['element']} (+{g['gap']:g})" for g in row["skill_gaps"])
    relatedness = row["relatedness"] or ""
    kind = " \u00b7 ".join(x for x in (row["move"], relatedness.lower()) if x)
    change = row.get("job_zone_change")
    cells = [
        html.Th([_button(row), _sub(kind), _sub(_needs_text(row))], scope="row"),
        html.Td([money(row["median_wage"], short=True),
                 _sub(signed(row["wage_change"], dollars=True, short=True))],
                className="num", title=" ".join(x for x in (
                    money(row["median_wage"]), signed(row["wage_change"], dollars=True)) if x)
                or None),
        html.Td([percent_change(row["growth_pct"]), _sub(_openings(row))], className="num"),
        html.Td(["" if row["job_zone"] is None else str(row["job_zone"]),
                 _sub(signed(change))], className="num"),
        html.Td(share(row["skill_overlap"]),
                className="num", title=f"Needs more: {gaps}" if gaps else None),
    ]
    sort = {"wage": row["median_wage"], "growth": row["growth_pct"], "zone": row["job_zone"],
            "overlap": row["skill_overlap"]}
    return html.Tr(cells, **{"data-node": row["id"], "data-move": row["move"] or "",
                             **{f"data-sort-{k}": _sort_value(v) for k, v in sort.items()}})


def _moves_table(rows: list[dict], caption: str) -> html.Div:
    """Return a sortable table of moves."""
    return html.Div(html.Table([*_head(MOVE_COLUMNS, caption),
                                html.Tbody([_move_row(r) for r in rows])],
                               className="node-table moves-table sortable"),
                    className="node-table-wrap")


def _outlook_table(rows: list[dict], caption: str) -> html.Div:
    """Return a sortable table of professions, best outlook first."""
    body = []
    for row in rows:
        values = {"growth": row["growth_pct"], "wage": row["median_wage"], "zone": row["job_zone"],
                  "employment": row["employment"]}
        body.append(html.Tr([
            html.Th(_button(row), scope="row"),
            html.Td([percent_change(row["growth_pct"]), _sub(_openings(row))], className="num"),
            html.Td(money(row["median_wage"]), className="num"),
            html.Td("" if row["job_zone"] is None else str(row["job_zone"]), className="num"),
            html.Td(count(row["employment"]), className="num"),
        ], **{"data-node": row["id"],
              **{f"data-sort-{k}": _sort_value(v) for k, v in values.items()}}))
    return html.Div(html.Table([*_head(OUTLOOK_COLUMNS, caption), html.Tbody(body)],
                               className="node-table moves-table sortable"),
                    className="node-table-wrap")


def _filter() -> html.Div:
    """Return the toggle buttons that keep one type of move (``assets/moves.js``)."""
    options = [("all", "All"), *((t, t.capitalize()) for t in MOVE_TYPES)]
    return html.Div(
        [html.Span("Show: ", className="muted"),
         *(html.Button(text, type="button", className="btn btn-small moves-filter",
                       **{"data-moves-filter": value, "aria-pressed": "true" if value == "all"
                          else "false"})
           for value, text in options)],
        role="group", className="button-row moves-filters",
        **{"aria-label": "Filter moves by type"})


def _show_button(data: dict) -> html.Button:
    """Return "Show moves on the graph", or "Back to the graph" when they are drawn."""
    node, name = data["node"], data["label"]
    if data.get("shown") == node:
        return html.Button("Back to the graph", type="button", className="btn moves-show",
                           **{"data-node": node, "data-action": "moves-hide",
                              "aria-label": "Stop drawing the moves: back to the filtered graph"})
    return html.Button("Show moves on the graph", type="button", className="btn moves-show",
                       **{"data-node": node, "data-action": "moves-show",
                          "aria-label": f"Draw {name} with its moves around it on the graph"})


def _legend() -> html.P:
    """Return the key of the links drawn: one sample line per relatedness tier."""
    samples = []
    for tier, (colour, width, dash) in RELATEDNESS_STYLE.items():
        line = html.Span(className="moves-key-line", style={
            "borderTop": f"{width:g}px {dash} {colour}"})
        samples += [line, f" {tier} "]
    return html.P(["Links on the graph: ", *samples], className="muted moves-key")


def _places(rows: list[dict], labels: dict) -> html.Ul:
    """Return the places elsewhere, each a button with the people employed there."""
    items = []
    for r in rows:
        note = f" ({TIER_BY_ID[r['tier']].label.lower()}" if r["tier"] in TIER_BY_ID else " ("
        if r["employment"] is not None:
            note += f"; {r['employment']:,} employed"
        if r.get("industry"):
            note += f"; in {labels.get(r['industry'], r['industry'])}"
        items.append(html.Li([_button(r), note + ")"]))
    return html.Ul(items, className="neighbour-list")


def render(data: dict) -> list:
    """Return the panel's children for `gather`'s data.

    Examples
    --------
    >>> render({"node": None})[0].children == INTRO
    True
    """
    if data.get("node") is None:
        return [html.P(INTRO, className="muted", id="moves-summary")]
    name, tier, rows = data["label"], data["tier"], data["rows"]
    labels = data.get("labels", {})
    head = [html.H4(f"From {name}", id="moves-summary")]
    if tier not in ("profession", "job", "industry", "organization"):
        return head + [html.P("Moves are shown for professions, jobs, industries and "
                              "organizations.", className="muted")]
    body: list = [html.Div(_show_button(data), className="button-row")]
    if data.get("shown") == data["node"] and tier != "industry" and tier != "organization":
        body.append(_legend())
    found = [r for r in rows if r["kind"] == "move"]
    yours = data.get("yours")
    if tier == "organization" and yours is not None:
        return head + _your_organization(data, body)
    if tier in ("industry", "organization"):
        outlook = [r for r in rows if r["kind"] == "outlook"]
        if not outlook:
            return head + [html.P("No profession is linked to it in the data.", className="muted")]
        return head + body + [_outlook_table(
            outlook, f"{len(outlook)} professions, best outlook first; sorted by growth "
                     "(descending). Header buttons sort.")]
    if found:
        body.append(_filter())
    if tier == "profession":
        if not found:
            return head + [html.P("No related profession in the data.", className="muted")]
        caption = f"{len(found)} moves, closest first. Header buttons sort."
        return head + body + [_moves_table(found, caption)]
    drawn = [r for r in rows if r["kind"] == "draws on"]
    if yours is not None:  # a job of the user's organization, coded to a profession
        org = {"id": yours["org"], "label": yours["organization"], "tier": "organization"}
        named = [x for i, r in enumerate(drawn) for x in ((", " if i else ""), _button(r))]
        said = (["A job of ", _button(org), " (your list), coded to ", *named,
                 ": its moves are that profession's moves."] if drawn else
                ["A job of ", _button(org), (" (your list), coded to no profession: change "
                                             "its occupation in the Your organization tab "
                                             "to see its moves.")])
        body.insert(0, html.P(said, className="moves-draws-on moves-yours"))
    else:
        body.insert(0, html.P(["This job draws on ",
                               *[x for r in drawn for x in (_button(r), " ")]] if drawn
                              else "This job draws on no profession in the data.",
                              className="moves-draws-on"))
    for p in drawn:
        mine = [r for r in found if r["via"] == p["id"]]
        if mine:
            body += [html.H5(f"Moves from {p['label']}"),
                     _moves_table(mine, f"{len(mine)} moves, closest first. Header buttons sort.")]
    for p in drawn:
        places = [r for r in rows if r["kind"] == "elsewhere" and r["via"] == p["id"]]
        if places:
            body += [html.H5(f"{p['label']} elsewhere, biggest employers first"),
                     _places(places, labels)]
    return head + body


def _your_organization(data: dict, body: list) -> list:
    """Return the panel's body for the user's own organization: its professions, best
    outlook first with its people in each, then the moves open to its biggest jobs."""
    yours = data["yours"]
    outlook = [r for r in data["rows"] if r["kind"] == "outlook"]
    if not outlook:
        return [html.P(f"None of the {yours['jobs']:,} jobs of your list is coded to a "
                       "profession: change their occupations in the Your organization tab "
                       "to see where its people can go.", className="muted moves-yours")]
    parts = body + [
        html.P(f"Your organization, from your list: {plural(yours['jobs'], 'job')}. Each "
               "job is coded to a profession; "
               "the moves open to a job are that profession's moves. Select a job for all "
               "of its moves.", className="muted moves-yours"),
        _outlook_table(outlook, (f"{len(outlook)} professions of its jobs"
                                 if len(outlook) >= yours["professions"] else
                                 f"{len(outlook)} of the {yours['professions']:,} professions "
                                 "of its jobs")
                       + ", best outlook first; Here: its people in each. Header buttons "
                         "sort.")]
    for job in yours["biggest"]:
        rows = job["rows"]
        via = [r for r in rows if r["kind"] == "draws on"]
        found = [r for r in rows if r["kind"] == "move"]
        title = f"Moves from {job['title']} ({plural(job['people'], 'person', 'people')})"
        coded = ", ".join(r["label"] for r in via) or "no profession"
        button = {"id": job["job"], "label": job["title"], "tier": "job"}
        if found:
            said = (f"Coded to {coded}: its closest moves. All of them, and where else it "
                    "is practised: ")
            parts += [html.H5(title), html.P([said, _button(button)], className="muted"),
                      _moves_table(found, f"{len(found)} moves, closest first. "
                                          "Header buttons sort.")]
        else:
            parts += [html.H5(title), html.P(f"Coded to {coded}: no related profession in "
                                             "the data.", className="muted")]
    return parts


def refresh(ctx, state_data, last_key, org=None):
    """Return (children, key) for a stored state; PreventUpdate when the selection, the
    moves drawn and the user's organization are those already shown (the panel depends
    on nothing else).

    ``org`` is the browser's ``org-graph`` store (`explorer.organization.context_for`):
    with it, the graph read holds the user's organization and its jobs.
    """
    key_of_org = None
    if not isinstance(ctx, nx.Graph):
        ctx, key_of_org = organization.context_for(ctx, org)
    G = ctx if isinstance(ctx, nx.Graph) else ctx.graph
    state = ViewState.from_dict(state_data or {}, G)
    key = f"{state.selected or ''}|{state.moves or ''}|{key_of_org or ''}"
    if key == last_key:
        raise PreventUpdate
    return render(gather(G, state.selected, state.moves)), key


def component(ctx) -> html.Section:
    """Return the Moves panel; its body is drawn when the tab is opened."""
    return html.Section(
        id="moves", className="panel-body moves-panel", **{"aria-labelledby": "moves-title"},
        children=[
            html.H3("Where can I go from here?", id="moves-title", className="details-title"),
            html.Div(id="moves-body", **{"aria-live": "polite"},
                     children=[html.P(INTRO, className="muted", id="moves-summary")]),
            dcc.Store(id="moves-key"),
        ],
    )


def register_callbacks(app, ctx) -> None:
    """Keep the panel in step with the selected node and the moves drawn."""
    @app.callback(Output("moves-body", "children"), Output("moves-key", "data"),
                  PANEL.view_state, State("moves-key", "data"), State("org-graph", "data"),
                  prevent_initial_call=True)
    def _refresh(state, last, org):
        if state is None:  # the tab has not been opened yet
            raise PreventUpdate
        return refresh(ctx, state, last, org)


PANEL = Panel("moves", "Moves", component, register_callbacks, needs_view_state=True,
              order=15)
