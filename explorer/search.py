"""The search boxes: a JSON endpoint of ranked matches, and comboboxes that query it.

The header's search box and the details panel's "Path to..." picker are WAI-ARIA 1.2
comboboxes built in the browser by ``assets/search.js`` inside a container this module
lays out (`combobox`). The script owns the text of the box: it asks ``GET /search.json``
for the matches of the text as it is typed, drops answers to text no longer in the box,
and, when an option is chosen, writes a Dash store: the header's box a ``focus``
navigation request (`nav_for`: the graph shows the node's neighbourhood centred on it and
the details panel opens), the path picker the ``path-to`` store the controller reads.
No Dash callback runs while typing, so no keystroke waits for one.

Examples
--------
>>> import networkx as nx
>>> from graph.query import SearchIndex
>>> G = nx.DiGraph()
>>> G.add_node("loan-officer", label="Loan officer", tier="job", code="13-2072",
...            aliases="Mortgage banker")
>>> class Ctx: graph = G; index = SearchIndex(G)
>>> [(o["id"], o["tier"], o["code"], o["field"]) for o in options_for(Ctx, "loan")]
[('loan-officer', 'job', '13-2072', 'label')]
>>> options_for(Ctx, "mortgage")[0]["matched"]
'Mortgage banker'
>>> options_for(Ctx, "   ")
[]
"""

from __future__ import annotations

import json
import time

from dash import dcc, html
from dash.exceptions import PreventUpdate
from flask import Response, request

from graph.resolve import label
from graph.schema import TIERS
from explorer.context import LRUCache
from explorer.fragment import static

#: Suggestions shown while typing.
SUGGESTIONS = 12
#: Most suggestions one request may ask for.
MAX_LIMIT = 50
#: Longest query searched, in characters and in words: the rest is ignored (the longest
#: label of the US data has 105 characters and 14 words), so no request costs more.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 24
#: Path of the endpoint, under the app's routes prefix.
ENDPOINT = "search.json"
#: Answers kept per process, by (query, limit): typing the same prefixes costs one search.
CACHE_SIZE = 4096

#: What choosing an option does, by the container's ``data-combobox`` value: the header
#: box moves there, the path picker sets the path's target.
CHOOSE_FOCUS, CHOOSE_PATH = "focus", "path"


def clean_query(text) -> str:
    """Return the part of a query that is searched: text, at most `MAX_QUERY_CHARS`
    characters and `MAX_QUERY_WORDS` words, whitespace runs (and control characters) as
    one space, trimmed.

    Examples
    --------
    >>> clean_query("  senior\\tloan \\x00 officer "), clean_query(None), clean_query(["x"])
    ('senior loan officer', '', '')
    >>> len(clean_query("x" * 10_000)), len(clean_query("a " * 100).split())
    (200, 24)
    """
    if not isinstance(text, str):
        return ""
    words = "".join(c if c.isprintable() else " " for c in text[:MAX_QUERY_CHARS]).split()
    return " ".join(words[:MAX_QUERY_WORDS])


def option(G, node, match=None) -> dict:
    """Return what the box shows of a node: id, label, tier, code and what matched.

    ``field`` and ``matched`` say which name matched (``label``, ``alias``, ``title``,
    ``code`` or ``id``, and its text); without a match, the label. ``score`` is the
    engine's, higher is better.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("chef", label="Chef", tier="profession", code="35-1011")
    >>> option(G, "chef")
    {'id': 'chef', 'label': 'Chef', 'tier': 'profession', 'code': '35-1011', 'field': 'label', 'matched': 'Chef', 'score': 1.0}
    """
    attrs = G.nodes[node]
    name = label(G, node)
    code = getattr(match, "code", None) or attrs.get("code") or ""
    return {
        "id": str(node),
        "label": name,
        "tier": str(attrs.get("tier") or ""),
        "code": str(code),
        "field": str(match.field) if match is not None else "label",
        "matched": str(match.matched) if match is not None else name,
        "score": round(float(match.score), 4) if match is not None else 1.0,
    }


def options_for(ctx, text, limit: int = SUGGESTIONS) -> list[dict]:
    """Return the options of the matches of ``text`` (see `option`), best first.

    The engine's order is kept (it lists a profession before its jobs when both match
    equally). Blank text has no options.

    See Also
    --------
    clean_query : what of ``text`` is searched.
    graph.search.SearchIndex.search : the ranking.
    """
    G = ctx.graph
    index = getattr(ctx, "index", None)
    if index is None:
        from graph.query import SearchIndex
        index = SearchIndex(G)
    query = clean_query(text)
    if not query:
        return []
    return [option(G, m.id, m) for m in index.search(query, limit=limit) if m.id in G]


def answer_json(options: list[dict]) -> str:
    """Return options as JSON text that is inert even inside HTML (``<``, ``>``, ``&`` escaped).

    Examples
    --------
    >>> answer_json([{"label": "<script>&"}])
    '[{"label":"\\\\u003cscript\\\\u003e\\\\u0026"}]'
    """
    text = json.dumps(options, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _limit(value) -> int:
    """Return the ``limit`` parameter as a count in 1..MAX_LIMIT (`SUGGESTIONS` when unreadable).

    Examples
    --------
    >>> _limit("5"), _limit("999"), _limit("-3"), _limit("x"), _limit(None)
    (5, 50, 1, 12, 12)
    """
    try:
        n = int(value)
    except (TypeError, ValueError):
        return SUGGESTIONS
    return max(1, min(n, MAX_LIMIT))


def nav_for(node, now=None) -> dict:
    """Return the navigation request of a chosen search result (focus and centre it).

    ``assets/search.js`` writes the same request into the ``nav-request`` store; its
    ``source`` tells ``showDetails`` in ``assets/explorer.js`` to bring Details forward.
    """
    if not node:
        raise PreventUpdate
    return {"node": node, "action": "focus", "source": "search", "ts": now or time.time()}


def tier_table() -> str:
    """Return, as JSON for the script, each tier's label, colour and legend glyph."""
    from explorer.page import _SHAPE_SYMBOL  # the legend's glyphs: options look like it

    return json.dumps({t.id: {"label": t.label, "colour": t.colour,
                              "symbol": _SHAPE_SYMBOL.get(t.shape, "\u25cf")} for t in TIERS})


def combobox(input_id: str, choose: str, placeholder: str, name: str | None = None,
             store: str | None = None, list_name: str = "Search matches",
             action: str | None = None) -> html.Div:
    """Return the container ``assets/search.js`` builds a combobox in.

    The script adds the ``input`` (id ``input_id``, role ``combobox``, accessible name
    from a ``label`` for it or from ``name``), the ``listbox`` of options (id
    ``input_id + "-listbox"``, named ``list_name``) and a status line. ``choose`` is
    `CHOOSE_FOCUS` or `CHOOSE_PATH`; ``store`` is the store the path picker writes.
    With ``action``, a focus box sends that action with the chosen node in the
    ``nav-request`` (e.g. ``compare-add``) instead of moving there, and empties itself.
    """
    data = {"data-combobox": choose, "data-input-id": input_id,
            "data-placeholder": placeholder, "data-list-name": list_name,
            "data-limit": str(SUGGESTIONS), "data-max-chars": str(MAX_QUERY_CHARS),
            "data-tiers": tier_table()}
    if name:
        data["data-name"] = name
    if store:
        data["data-store"] = store
    if action:
        data["data-action"] = action
    return html.Div(id=f"{input_id}-box", className="combobox", **data)


def stores() -> list:
    """Return the stores of the "Path to..." picker, laid out outside the side panel's tabs.

    ``path-to`` holds the path's target (the controller's input, written by the picker,
    and its output); ``path-to-option`` the target's `option`, which the controller sends
    when the target changes other than by the picker (a tap, the URL, Back) so the picker
    shows it; ``path-to-shown`` is where that clientside update says it ran. A store
    inside a tab would fire again each time its tab is opened.
    """
    return [dcc.Store(id="path-to"), dcc.Store(id="path-to-option"),
            dcc.Store(id="path-to-shown")]


def component(ctx) -> html.Div:
    """Return the header's search box (a combobox that moves to the chosen node)."""
    return html.Div([
        html.Label("Search", htmlFor="search", className="search-label"),
        combobox("search", CHOOSE_FOCUS,
                 "Search professions, industries, organizations, jobs or codes"),
    ], className="search", role="search")


def row(text: str, input_id: str, choose: str, **options) -> html.Div:
    """Return a search box for nodes (`combobox` with ``options``) labelled ``text``, in a
    row of a panel, as one component (`explorer.fragment.static`): no callback reads
    either, ``assets/search.js`` builds the box.

    Examples
    --------
    >>> from explorer.fragment import decode
    >>> box = row("Path to", "path-to-input", CHOOSE_PATH)
    >>> box.className, [type(c).__name__ for c in decode(box)]
    ('path-to-row', ['Label', 'Div'])
    """
    return static(html.Div([
        html.Label(text, htmlFor=input_id, className="inline-label"),
        combobox(input_id, choose, "Search a node", **options),
    ], className="path-to-row"))


def register_callbacks(app, ctx) -> None:
    """Register the search endpoint.

    ``GET /search.json?q=TEXT&limit=N`` answers the JSON list of `options_for` the
    query (``[]`` for blank text); it only reads, so it needs no callback round trip and
    holds no state but a cache of answers. The search index's lazily built parts are
    built here, at start-up, so the first user to make a typo does not wait for them.
    """
    prepare = getattr(getattr(ctx, "index", None), "prepare", None)
    if callable(prepare):
        prepare()
    answers = LRUCache(CACHE_SIZE)

    def _search():
        query, limit = clean_query(request.args.get("q", "")), _limit(request.args.get("limit"))
        body = answers.get_or_compute((query, limit),
                                      lambda: answer_json(options_for(ctx, query, limit)))
        return Response(body, mimetype="application/json")

    app.server.add_url_rule(app.config.routes_pathname_prefix + ENDPOINT,
                            endpoint="wow_search", view_func=_search, methods=["GET"])
