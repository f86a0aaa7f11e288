"""Search with autocomplete over labels, aliases and codes; choosing a result goes there.

Options are computed on the server from the graph's `graph.query.SearchIndex` as the user
types; choosing one writes a ``focus`` navigation request, so the graph shows the node's
neighbourhood centred on it and the details panel opens.

Examples
--------
>>> import networkx as nx
>>> from graph.query import SearchIndex
>>> G = nx.DiGraph()
>>> G.add_node("loan-officer", label="Loan officer", tier="job", code="13-2072")
>>> class Ctx: graph = G; index = SearchIndex(G)
>>> options_for(Ctx, "loan")
[{'label': 'Loan officer - Position/Job - 13-2072', 'value': 'loan-officer'}]
>>> options_for(Ctx, "13-2072")[0]["value"]
'loan-officer'
"""

from __future__ import annotations

import time

from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from graph.resolve import label
from graph.schema import TIER_BY_ID

#: Most suggestions shown while typing.
SUGGESTIONS = 12


def option(G, node, match=None) -> dict:
    """Return the dropdown option of a node: label, tier, code and what matched."""
    attrs = G.nodes[node]
    tier = TIER_BY_ID.get(attrs.get("tier"))
    parts = [label(G, node), tier.label if tier else str(attrs.get("tier", ""))]
    if attrs.get("code"):
        parts.append(str(attrs["code"]))
    if match is not None and match.field == "alias":
        parts.append(f"also called {match.matched}")
    return {"label": " - ".join(parts), "value": str(node)}


def options_for(ctx, text, keep=None, limit: int = SUGGESTIONS) -> list[dict]:
    """Return the suggestions for ``text`` (plus the option of ``keep``, the current value)."""
    G = ctx.graph
    index = getattr(ctx, "index", None)
    if index is None:
        from graph.query import SearchIndex
        index = SearchIndex(G)
    text = text if isinstance(text, str) else ""
    matches = index.search(text, limit=limit) if text.strip() else []
    out = [option(G, m.id, m) for m in matches if m.id in G]
    if isinstance(keep, str) and keep in G and all(o["value"] != keep for o in out):
        out.insert(0, option(G, keep))
    return out


def nav_for(node, now=None) -> dict:
    """Return the navigation request of a chosen search result (focus and centre it)."""
    if not node:
        raise PreventUpdate
    return {"node": node, "action": "focus", "ts": now or time.time()}


def component(ctx) -> html.Div:
    """Return the search box (a searchable dropdown with server-side suggestions)."""
    return html.Div([
        html.Label("Search", htmlFor="search", className="search-label"),
        dcc.Dropdown(id="search", options=[], searchable=True, clearable=True,
                     placeholder="Search professions, industries, organizations, jobs or codes",
                     className="search-box"),
    ], className="search", role="search")


def register_callbacks(app, ctx) -> None:
    """Register the suggestions and the choice of a result.

    The search index's lazily built parts are built here, at start-up, so the first
    user to make a typo does not wait for them.
    """
    prepare = getattr(getattr(ctx, "index", None), "prepare", None)
    if callable(prepare):
        prepare()

    @app.callback(
        Output("search", "options"),
        Input("search", "search_value"),
        State("search", "value"),
        prevent_initial_call=True,
    )
    def _options(text, value):
        if not text or not isinstance(text, str):
            raise PreventUpdate
        return options_for(ctx, text, keep=value)

    @app.callback(
        Output("nav-request", "data", allow_duplicate=True),
        Input("search", "value"),
        prevent_initial_call=True,
    )
    def _choose(node):
        return nav_for(node)
