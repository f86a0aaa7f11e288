"""Your organization panel: an uploaded or pasted job list, coded, placed in the graph.

The user uploads a CSV or XLSX job list (drag and drop or a button) or pastes titles one
per line; the server reads it (`graph.mapjobs.read_table`, the same located messages as
``wow map-jobs``) and codes each title to an occupation (`graph.mapjobs.code_titles`).
The coded rows show in a table, low-confidence ones marked "Check"; any row's
occupation can be changed to one of its alternatives or to one found with the search box
(`explorer.search.combobox`, the same box as the header's). "Download coded CSV" writes
the same columns as the command (`graph.mapjobs.write_csv`).

The job list belongs to the user alone, so it stays in the browser: the ``org-table``
store (every row and its coding) and the ``org-graph`` store (name and the (title, node,
headcount) rows the graph needs) are kept in the browser's local storage, survive a
reload and are sent only with the requests that need them. The server keeps nothing:
`context_for` turns the ``org-graph`` data into a context whose graph has the
organization added (`graph.organization.with_organization`), cached per process by the
data's key, so any worker answers any request. The view state names the key (``org=``
in the URL); an address naming an organization this browser does not hold says so
(`missing_notice`).

Examples
--------
>>> rows_for({"name": "Acme", "rows": [["Cook", "chef", 3], ["Bad", 5, None], "x"]})
('Acme', [('Cook', 'chef', 3)])
>>> rows_for(None) is None, rows_for({"rows": "nope"}) is None
(True, True)
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import re

from dash import ALL, Input, Output, State, ctx as dash_ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from graph import mapjobs
from graph.errors import DataError, UnknownNameError
from graph.formatting import count, percent_change
from graph.organization import organization_key, organization_summary, with_organization
from graph.resolve import label
from explorer.panel import Panel
from explorer.search import CHOOSE_PATH, combobox
from explorer.state import ViewState

#: Most rows the panel codes (the command reads up to `graph.mapjobs.MAX_ROWS`): every row
#: travels with the requests that need it, under the server's request body limit.
MAX_ROWS = 2_000
#: Largest file the panel reads, in bytes; uploaded as base64 (4/3 larger), it stays under
#: the server's request body limit (`explorer.serving.MAX_BODY_BYTES`).
MAX_FILE_BYTES = 512 * 1024
#: Rows drawn in the panel's table at once (the download holds them all).
SHOWN_ROWS = 300
#: Name of pasted titles in messages ("pasted titles:3: ...").
PASTED = "pasted titles"
#: What the panel says of its limits.
LIMITS = (f"Up to {MAX_ROWS:,} rows and {MAX_FILE_BYTES // 1024:,} KB per file or pasted "
          "list: CSV (UTF-8, Windows-1252 or UTF-16) or XLSX (first sheet) with a column "
          "named title, job title or position; optional columns headcount, department, id "
          "and organization are carried along. For longer lists use the command wow map-jobs.")
#: Where the panel's data lives; said in the panel.
PRIVACY = ("Your list stays in this browser (its local storage): it is sent only with the "
           "requests that draw it, kept by no server, and shown to no one else.")


# ------------------------------------------------------------------ data <-> graph

def rows_for(data) -> tuple[str, list] | None:
    """Return (name, rows) of the ``org-graph`` store, or None when it holds no list.

    Rows are (title, node, headcount) with a text title and node and an int or None
    headcount; anything else (a stale or forged store) is left out, and at most
    `MAX_ROWS` rows are read.
    """
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        return None
    name = data.get("name") if isinstance(data.get("name"), str) else ""
    rows = []
    for row in data["rows"][:MAX_ROWS]:
        if not isinstance(row, (list, tuple)) or len(row) != 3:
            continue
        title, node, headcount = row
        if not isinstance(title, str) or not isinstance(node, str):
            continue
        if isinstance(headcount, bool) or not isinstance(headcount, int):
            headcount = None
        rows.append((title[:mapjobs.MAX_CELL_CHARS], node, headcount))
    return name, rows


def context_for(ctx, data):
    """Return (context, key): the context whose graph holds the organization of the
    ``org-graph`` store ``data`` and its key, or (``ctx``, None) when there is none.

    Rows coded to a node the graph does not hold (data changed since) are left out.

    Notes
    -----
    The derived context is cached in ``ctx.overlays`` by `graph.organization.organization_key`
    (`explorer.context.Context.overlay`): the first request of a list copies the graph
    (about 0.4 s for the US data), the next ones cost the key, a hash of the rows.
    """
    found = rows_for(data)
    if found is None:
        return ctx, None
    name, rows = found
    rows = [r for r in rows if r[1] and r[1] in ctx.graph]
    if not rows:
        return ctx, None
    key = organization_key(name, rows)
    return ctx.overlay(("organization", key), lambda G: with_organization(G, name, rows)), key


def overlaid(ctx, data):
    """Return the context of `context_for` alone (``ctx`` when ``data`` holds no list)."""
    return context_for(ctx, data)[0]


def org_node(G) -> str | None:
    """Return the id of the uploaded organization's node in G, or None."""
    info = G.graph.get("organization")
    return info.get("id") if isinstance(info, dict) else None


def arrive(G, state: ViewState, key, url) -> ViewState:
    """Return the view state once the browser's organization (key ``key``) is known.

    Its own address (a reload) shows what it named; a new list focuses on the
    organization; a changed one keeps the view.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph(organization={"id": "your-organization"})
    >>> G.add_node("your-organization", tier="organization")
    >>> arrive(G, ViewState(), "0123456789ab", "").focus
    'your-organization'
    >>> arrive(G, ViewState(), "0123456789ab", "?depth=2&org=0123456789ab").depth
    2
    """
    if key is None:
        return state.replace(org=None)
    asked = ViewState.from_query(url, G)
    if asked.org == key:
        return asked
    org = org_node(G)
    if state.org is None and org is not None:
        return state.replace(focus=org, selected=org, moves=None, path_to=None, more=[],
                             org=key)
    return state.replace(org=key)


def missing_notice(url, key) -> str:
    """Return what to say when the address names an organization this browser lacks.

    Examples
    --------
    >>> missing_notice("?org=0123456789ab", None)[:46]
    'This address shows an organization uploaded in'
    >>> missing_notice("?org=0123456789ab", "0123456789ab"), missing_notice("", None)
    ('', '')
    """
    asked = ViewState.from_query(url).org
    if asked is None or asked == key:
        return ""
    return ("This address shows an organization uploaded in another browser (or changed "
            "since): its job list stays in the browser it was uploaded in, so it is not "
            "shown here. Upload the list in the Your organization tab to see it.")


# ------------------------------------------------------------------ the table store

def _alternative_codes(coded) -> list[str]:
    return [code for code, _label in coded.alternatives]


def table_data(table, coded, name: str) -> dict:
    """Return the ``org-table`` store of a read and coded job list.

    Codings are kept short (code, node, confidence, alternative codes, matched name);
    labels are read from the graph again (`coded_of`), so the store stays small.
    """
    return {
        "name": name, "file": table.name, "columns": list(table.columns),
        "title": table.title, "known": dict(table.known), "rows": table.rows,
        "lines": table.lines, "headcounts": table.headcounts,
        "coded": [[c.soc_code, c.node, c.confidence, _alternative_codes(c), c.matched]
                  for c in coded],
    }


def coded_of(G, entry) -> mapjobs.Coded:
    """Return the `graph.mapjobs.Coded` of one stored coding (labels from G's coder)."""
    carrier = mapjobs.title_coder(G).carrier
    try:
        code, node, confidence, alternatives, matched = entry
    except (TypeError, ValueError):
        return mapjobs.Coded()
    code = code if isinstance(code, str) and code in carrier else ""
    alternatives = tuple((a, carrier[a][1]) for a in alternatives or () if a in carrier)
    if not code:
        return mapjobs.Coded(alternatives=alternatives)
    return mapjobs.Coded(code, carrier[code][1], str(node or carrier[code][0]),
                         float(confidence or 0), alternatives, str(matched or ""))


def job_table(data) -> mapjobs.JobTable:
    """Return the `graph.mapjobs.JobTable` held by an ``org-table`` store."""
    return mapjobs.JobTable(name=data["file"], columns=data["columns"], rows=data["rows"],
                            lines=data.get("lines") or [], title=data.get("title", 0),
                            known=data.get("known") or {},
                            headcounts=data.get("headcounts") or [])


def _valid_table(data) -> bool:
    """Tell whether an ``org-table`` store has the shape `table_data` gives it."""
    if not (isinstance(data, dict) and isinstance(data.get("rows"), list)
            and isinstance(data.get("coded"), list) and len(data["rows"]) == len(data["coded"])
            and isinstance(data.get("columns"), list) and isinstance(data.get("file"), str)
            and len(data["rows"]) <= MAX_ROWS):
        return False
    title, width = data.get("title", 0), len(data["columns"])
    headcounts = data.get("headcounts")
    return (isinstance(title, int) and not isinstance(title, bool) and 0 <= title < width
            and all(isinstance(c, str) for c in data["columns"])
            and all(isinstance(r, list) and len(r) == width and all(isinstance(v, str) for v in r)
                    for r in data["rows"])
            and all(isinstance(c, list) and len(c) == 5 and isinstance(c[2], (int, float))
                    and isinstance(c[3], list) for c in data["coded"])
            and (headcounts is None or (isinstance(headcounts, list) and all(
                h is None or (isinstance(h, int) and not isinstance(h, bool))
                for h in headcounts))))


def read_upload(contents, filename) -> tuple:
    """Return (table, problems) of an upload's ``data:`` URL: a `JobTable` and [], or
    None and the located problems (the panel's own size and row limits included)."""
    name = filename if isinstance(filename, str) and filename else "upload"
    name = re.sub(r"[\x00-\x1f]", "", name)[:200]
    if not isinstance(contents, str) or "," not in contents:
        return None, [f"{name}:1: the upload did not arrive, expected a file"]
    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None, [f"{name}:1: the upload is garbled, expected a file sent by this page"]
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str) -> tuple:
    """Return (table, problems) of a file's bytes, within the panel's limits."""
    if len(data) > MAX_FILE_BYTES:
        return None, [f"{name}:1: file is too large ({len(data):,} bytes), expected at most "
                      f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 1024} KB) here, or the "
                      "command wow map-jobs for longer lists"]
    try:
        table = mapjobs.read_table(data, name)
    except DataError as error:
        return None, [str(p) for p in error.problems]
    if len(table) > MAX_ROWS:
        line = table.lines[MAX_ROWS] if len(table.lines) > MAX_ROWS else MAX_ROWS + 2
        return None, [f"{name}:{line}: more than {MAX_ROWS:,} rows: row {MAX_ROWS + 1:,} is "
                      f"on this line, expected at most {MAX_ROWS:,} rows here (split the "
                      "list, or code it with the command wow map-jobs)"]
    return table, []


def read_pasted(text) -> tuple:
    """Return (table, problems) of titles pasted one per line (blank lines skipped).

    Examples
    --------
    >>> table, problems = read_pasted("Staff Nurse\\n\\n  Cook, line  \\n")
    >>> table.titles, problems
    (['Staff Nurse', 'Cook, line'], [])
    >>> read_pasted("  ")[1]
    ['pasted titles:1: no titles, expected job titles one per line']
    """
    lines = [line.strip() for line in str(text or "").splitlines()]
    titles = [line for line in lines if line]
    if not titles:
        return None, [f"{PASTED}:1: no titles, expected job titles one per line"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["title"])
    writer.writerows([t] for t in titles)
    table, problems = read_bytes(buffer.getvalue().encode("utf-8"), PASTED)
    return table, problems


def code(ctx, table, name) -> dict:
    """Return the ``org-table`` store of a read job list, coded against ``ctx.graph``."""
    coded = mapjobs.code_titles(ctx.graph, table.titles)
    return table_data(table, coded, str(name or "").strip())


def recode_row(ctx, data, row, node) -> tuple[dict, str]:
    """Return the store with row ``row`` coded to the occupation of ``node``, and a message.

    ``node`` is a node id (from the search box) or a SOC code (an alternative).
    """
    if not _valid_table(data) or not isinstance(row, int) or not 0 <= row < len(data["rows"]):
        raise PreventUpdate
    G = ctx.graph
    code_ = G.nodes[node].get("code") if isinstance(node, str) and node in G else node
    try:
        changed = mapjobs.recode(G, coded_of(G, data["coded"][row]), str(code_ or ""))
    except UnknownNameError:
        return no_update, (f"{label(G, node) if node in G else node} is not an occupation "
                           "with a SOC code: choose a profession or a job.")
    coded = list(data["coded"])
    coded[row] = [changed.soc_code, changed.node, changed.confidence,
                  _alternative_codes(changed), changed.matched]
    title = data["rows"][row][data.get("title", 0)]
    return ({**data, "coded": coded},
            f"Row {_line(data, row)} ({title}) is now coded to {changed.occupation}.")


def _line(data, row: int) -> int:
    """Return the file line of a stored row (its position + 2 when lines are unknown)."""
    lines = data.get("lines") or []
    return lines[row] if row < len(lines) else row + 2


def coded_csv(ctx, data) -> bytes:
    """Return the coded CSV of the stored job list: the command's columns."""
    G = ctx.graph
    return mapjobs.write_csv(job_table(data), [coded_of(G, c) for c in data["coded"]])


def download_name(data) -> str:
    """Return the coded CSV's file name: the upload's stem plus ``-coded.csv``.

    Examples
    --------
    >>> download_name({"file": "Jobs 2026.xlsx"}), download_name({"file": "pasted titles"})
    ('jobs-2026-coded.csv', 'pasted-titles-coded.csv')
    """
    stem = re.sub(r"\.(csv|xlsx|txt)$", "", str(data.get("file") or ""), flags=re.IGNORECASE)
    stem = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60] or "jobs"
    return f"{stem}-coded.csv"


# ------------------------------------------------------------------ drawing

def _percent(confidence) -> str:
    return f"{round(100 * float(confidence or 0))}%"


def rows_table(ctx, data, only_check: bool = False):
    """Return the table of coded rows (at most `SHOWN_ROWS`), low-confidence rows marked."""
    if not _valid_table(data):
        return html.P("No job list yet: upload a file or paste titles above.", className="muted")
    G = ctx.graph
    carrier = mapjobs.title_coder(G).carrier
    title_at, headcounts = data.get("title", 0), data.get("headcounts") or []
    picked = [i for i, c in enumerate(data["coded"])
              if not only_check or float(c[2] or 0) < mapjobs.LOW_CONFIDENCE]
    low_total = sum(float(c[2] or 0) < mapjobs.LOW_CONFIDENCE for c in data["coded"])
    body = []
    for i in picked[:SHOWN_ROWS]:
        code_, _node, confidence, _alts, _matched = data["coded"][i]
        low = float(confidence or 0) < mapjobs.LOW_CONFIDENCE
        occupation = (f"{carrier[code_][1]} ({code_})" if code_ in carrier else "not coded")
        count = headcounts[i] if i < len(headcounts) and headcounts[i] is not None else ""
        body.append(html.Tr([
            html.Td(str(_line(data, i))),
            html.Td(data["rows"][i][title_at], className="org-title"),
            html.Td(f"{count:,}" if count != "" else "", className="num"),
            html.Td(occupation, className="org-occupation"),
            html.Td([_percent(confidence),
                     html.Span(" Check", className="org-check") if low else ""],
                    className="num"),
            html.Td(html.Button("Change", id={"type": "org-edit", "row": i},
                                className="btn btn-small", type="button",
                                **{"aria-label": f"Change the occupation of line "
                                                 f"{_line(data, i)}"})),
        ], className="org-row org-low" if low else "org-row", **{"data-row": str(i)}))
    total = len(data["rows"])
    said = (f"{total:,} row{'s' if total != 1 else ''} from {data['file']}, "
            f"{low_total:,} to check (confidence under {_percent(mapjobs.LOW_CONFIDENCE)}).")
    if len(picked) > SHOWN_ROWS:
        said += f" The first {SHOWN_ROWS:,} of {len(picked):,} are shown; the download holds all."
    head = html.Thead(html.Tr([html.Th(t, scope="col") for t in
                               ("Line", "Job title", "Headcount", "Occupation", "Confidence",
                                "")]))
    return html.Div([html.P(said, id="org-count", className="muted"),
                     html.Table([head, html.Tbody(body)], className="org-table")])


def _people(n) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def summary_view(summary: dict | None):
    """Return the summary of `graph.organization.organization_summary` as HTML."""
    if not summary:
        return []
    parts = [html.H4(f"{summary['label']}: {summary['jobs']:,} jobs, "
                     f"{_people(summary['people'])}", className="details-title")]
    served = summary["needs_served"]
    parts.append(html.P(f"Serves {len(served)} of 12 needs:", className="org-served-head"))
    parts.append(html.Ul([html.Li(f"{n['label']}: through {_people(n['people'])} in "
                                  f"{n['jobs']:,} job{'s' if n['jobs'] != 1 else ''} "
                                  f"({', '.join(n['professions'][:3])})")
                          for n in served], className="org-needs"))
    missing = summary["needs_not_served"]
    parts.append(html.P("Needs not served: " + (", ".join(n["label"] for n in missing)
                                                 if missing else "none") + "."))
    top = summary["professions"][:5]
    if top:
        parts.append(html.P("Professions carrying the most people:"))
        parts.append(html.Ul([html.Li(f"{p['label']}: {_people(p['people'])}"
                                      + _outlook_words(p)) for p in top]))
    single = summary["single_points"]
    parts.append(html.P("Single points of failure (the only job linking to a need): "
                        + ("; ".join(f"{s['label']} for {', '.join(s['needs'])}" for s in single)
                           if single else "none") + ".", className="org-single"))
    outlook = summary["outlook"]
    if outlook["growth_pct"] is not None:
        parts.append(html.P(
            f"Outlook: the professions of {_people(outlook['people_known'])} are projected "
            f"to grow {percent_change(outlook['growth_pct'])} on average by 2034 (BLS); "
            f"{_people(outlook['people_growing'])} in growing ones, "
            f"{_people(outlook['people_declining'])} in declining ones, "
            f"{_people(outlook['people_bright'])} in Bright Outlook occupations (O*NET)."))
    return parts


def _outlook_words(p) -> str:
    """Return ", +4.6% by 2034, 124,200 openings a year" (blank-safe) for a profession."""
    words = []
    if p.get("growth_pct") is not None:
        words.append(f"{percent_change(p['growth_pct'])} by 2034")
    if p.get("annual_openings") is not None:
        words.append(f"{count(p['annual_openings'])} openings a year")
    if p.get("bright_outlook"):
        words.append("Bright Outlook")
    return (" (" + ", ".join(words) + ")") if words else ""


def component(ctx):
    """Return the panel: name, upload or paste, messages, the editor, the rows, the summary."""
    return html.Section(className="panel-body org-panel", **{"aria-labelledby": "org-heading"},
                        children=[
        html.H3("Your organization", id="org-heading", className="details-title"),
        html.P("Place your own organization in the web: upload your job list or paste your "
               "job titles, check how each was coded, and see which needs it serves.",
               className="muted"),
        html.Label("Organization name", htmlFor="org-name", className="panel-title"),
        dcc.Input(id="org-name", type="text", placeholder="Your organization",
                  maxLength=120, debounce=True, persistence=True, persistence_type="local",
                  className="org-name"),
        dcc.Upload(id="org-upload", multiple=False, className="org-upload",
                   children=html.Div(["Drag and drop a CSV or XLSX file here, or ",
                                      html.Button("choose a file", className="btn btn-small",
                                                  type="button")])),
        html.P(LIMITS, id="org-limits", className="muted"),
        html.Details([
            html.Summary("Or paste job titles, one per line"),
            dcc.Textarea(id="org-paste", className="org-paste",
                         placeholder="Staff Nurse\nSr. Loan Processor II\nBranch Ops Lead"),
            html.Button("Code these titles", id="org-code-paste", className="btn btn-small",
                        type="button"),
        ]),
        html.Div(id="org-messages", role="status", **{"aria-live": "polite"}),
        html.Div(id="org-editor", hidden=True, className="org-editor", children=[
            html.P(id="org-editor-title"),
            dcc.RadioItems(id="org-alt", options=[], labelClassName="check-label"),
            html.Label("Or search an occupation", htmlFor="org-search",
                       className="panel-title"),
            combobox("org-search", CHOOSE_PATH, "Search occupations or codes", store="org-pick",
                     list_name="Occupations"),
            html.Button("Done", id="org-edit-done", className="btn btn-small", type="button"),
        ]),
        html.Div([
            html.Button("Download coded CSV", id="org-download-button", className="btn",
                        type="button"),
            html.Button("Remove my list", id="org-clear", className="btn btn-small",
                        type="button"),
            dcc.Checklist(id="org-only-check", options=[{"label": " only rows to check",
                                                         "value": "check"}], value=[],
                          labelClassName="check-label"),
        ], className="button-row"),
        dcc.Download(id="org-download"),
        html.Div(summary_view(None), id="org-summary", className="org-summary",
                 **{"aria-live": "polite"}),
        html.Div(rows_table(None, None), id="org-rows"),
        html.P(PRIVACY, className="muted"),
    ])


def stores() -> list:
    """Return the panel's stores, laid out outside the tabs (the graph needs them closed too).

    ``org-table`` and ``org-graph`` live in the browser's local storage (see the module
    docstring); ``org-upload-ok`` holds an upload the browser found within the size limit,
    ``org-paste-ok`` pasted titles within it, ``org-pick`` the node chosen in the search
    box, ``org-editing`` the row being changed.
    """
    # data=None, what local storage holds when empty: a store served without data writes
    # null back on load, and that change fired the rows, the summary and the state
    # controller once more on every page load.
    return [dcc.Store(id="org-table", storage_type="local", data=None),
            dcc.Store(id="org-graph", storage_type="local", data=None),
            dcc.Store(id="org-upload-ok"), dcc.Store(id="org-paste-ok"), dcc.Store(id="org-pick"),
            dcc.Store(id="org-editing")]


#: In the browser: pass an upload on only when it is within the size limit (a larger file
#: would be refused by the server's body limit with no word to the user).
_CHECK_UPLOAD = """function (contents, filename) {
    if (!contents) { return [window.dash_clientside.no_update, ""]; }
    var comma = contents.indexOf(",");
    var padding = contents.endsWith("==") ? 2 : contents.endsWith("=") ? 1 : 0;
    var size = (contents.length - comma - 1) * 3 / 4 - padding;  /* the file's bytes */
    if (size > %d) {
        return [window.dash_clientside.no_update, (filename || "upload") +
                ":1: file is too large (" +
                size.toLocaleString("en-US") + " bytes), expected at most %s bytes (%d KB) " +
                "here, or the command wow map-jobs for longer lists"];
    }
    return [{contents: contents, filename: filename, ts: Date.now()}, ""];
}""" % (MAX_FILE_BYTES, f"{MAX_FILE_BYTES:,}", MAX_FILE_BYTES // 1024)

#: In the browser: pass pasted titles on only when they are within the size limit (more
#: would be refused by the server's body limit with no word to the user).
_CHECK_PASTE = """function (clicks, text) {
    if (!clicks) { return [window.dash_clientside.no_update, window.dash_clientside.no_update]; }
    text = text || "";
    var size = new Blob([text]).size;  /* the titles' bytes, as UTF-8 */
    if (size > %d) {
        return [window.dash_clientside.no_update, "%s:1: titles too large (" +
                size.toLocaleString("en-US") + " bytes), expected at most %s bytes (%d KB) " +
                "here, or the command wow map-jobs for longer lists"];
    }
    return [{text: text, ts: Date.now()}, ""];
}""" % (MAX_FILE_BYTES, PASTED, f"{MAX_FILE_BYTES:,}", MAX_FILE_BYTES // 1024)

#: In the browser: the rows the graph needs, (title, node, headcount), and the name.
_GRAPH_ROWS = """function (table) {
    if (!table || !Array.isArray(table.rows) || !Array.isArray(table.coded)) { return null; }
    var t = table.title || 0, counts = table.headcounts || [];
    var rows = table.rows.map(function (row, i) {
        var c = table.coded[i] || [];
        return [row[t] || "", c[1] || "", counts[i] === undefined ? null : counts[i]];
    });
    return {name: table.name || "", rows: rows};
}"""

#: In the browser: a new name renames the stored list (and so the organization node).
_RENAME = """function (name, table) {
    if (!table || typeof name !== "string" || name === table.name) {
        return window.dash_clientside.no_update;
    }
    return Object.assign({}, table, {name: name});
}"""


def register_callbacks(app, ctx) -> None:
    """Read and code uploads and pasted titles, draw the rows and summary, recode, download."""
    app.clientside_callback(_CHECK_UPLOAD, Output("org-upload-ok", "data"),
                            Output("org-messages", "children", allow_duplicate=True),
                            Input("org-upload", "contents"), State("org-upload", "filename"),
                            prevent_initial_call=True)
    app.clientside_callback(_CHECK_PASTE, Output("org-paste-ok", "data"),
                            Output("org-messages", "children", allow_duplicate=True),
                            Input("org-code-paste", "n_clicks"), State("org-paste", "value"),
                            prevent_initial_call=True)
    app.clientside_callback(_GRAPH_ROWS, Output("org-graph", "data"),
                            Input("org-table", "data"), prevent_initial_call=True)
    app.clientside_callback(_RENAME, Output("org-table", "data", allow_duplicate=True),
                            Input("org-name", "value"), State("org-table", "data"),
                            prevent_initial_call=True)

    @app.callback(Output("org-table", "data", allow_duplicate=True),
                  Output("org-messages", "children", allow_duplicate=True),
                  Input("org-upload-ok", "data"), Input("org-paste-ok", "data"),
                  State("org-name", "value"), prevent_initial_call=True)
    def _code(upload, pasted, name):
        if dash_ctx.triggered_id == "org-paste-ok" and isinstance(pasted, dict):
            table, problems = read_pasted(pasted.get("text"))
        elif isinstance(upload, dict):
            table, problems = read_upload(upload.get("contents"), upload.get("filename"))
        else:
            raise PreventUpdate
        if table is None:
            return no_update, html.Ul([html.Li(p) for p in problems], className="org-problems")
        data = code(ctx, table, name)
        return data, f"Coded {len(table):,} row{'s' if len(table) != 1 else ''} from {table.name}."

    @app.callback(Output("org-rows", "children"), Input("org-table", "data"),
                  Input("org-only-check", "value"), prevent_initial_call=True)
    def _rows(data, only):
        return rows_table(ctx, data, bool(only))

    @app.callback(Output("org-summary", "children"), Input("org-graph", "data"),
                  prevent_initial_call=True)
    def _summary(data):
        here = overlaid(ctx, data)
        org = org_node(here.graph) if here is not ctx else None
        return summary_view(organization_summary(here.graph, org) if org else None)

    @app.callback(Output("org-editing", "data"), Output("org-editor", "hidden"),
                  Output("org-editor-title", "children"), Output("org-alt", "options"),
                  Output("org-alt", "value"),
                  Input({"type": "org-edit", "row": ALL}, "n_clicks"),
                  Input("org-edit-done", "n_clicks"), State("org-table", "data"),
                  prevent_initial_call=True)
    def _edit(clicks, _done, data):
        which = dash_ctx.triggered_id
        if which == "org-edit-done":
            return None, True, "", [], None
        if (not isinstance(which, dict) or not _valid_table(data)
                or not any(isinstance(c, int) and c > 0 for c in clicks or ())):
            raise PreventUpdate
        row = which.get("row")
        if not isinstance(row, int) or not 0 <= row < len(data["rows"]):
            raise PreventUpdate
        coded = coded_of(ctx.graph, data["coded"][row])
        title = data["rows"][row][data.get("title", 0)]
        now = f"{coded.occupation} ({coded.soc_code})" if coded.soc_code else "not coded"
        options = [{"label": f" {name} ({c})", "value": c} for c, name in coded.alternatives]
        return ({"row": row}, False,
                f"Line {_line(data, row)}: \u201c{title}\u201d is coded to {now}. "
                "Choose another occupation:", options, None)

    @app.callback(Output("org-table", "data", allow_duplicate=True),
                  Output("org-messages", "children", allow_duplicate=True),
                  Output("org-pick", "data"),
                  Input("org-alt", "value"), Input("org-pick", "data"),
                  State("org-editing", "data"), State("org-table", "data"),
                  prevent_initial_call=True)
    def _recode(alternative, picked, editing, data):
        chosen = picked if dash_ctx.triggered_id == "org-pick" else alternative
        if not chosen or not isinstance(editing, dict):
            raise PreventUpdate
        new, said = recode_row(ctx, data, editing.get("row"), chosen)
        return new, said, None

    @app.callback(Output("org-download", "data"), Input("org-download-button", "n_clicks"),
                  State("org-table", "data"), prevent_initial_call=True)
    def _download(clicks, data):
        if not clicks or not _valid_table(data):
            raise PreventUpdate
        return dcc.send_bytes(coded_csv(ctx, data), download_name(data), type="text/csv")

    @app.callback(Output("org-table", "data", allow_duplicate=True),
                  Output("org-messages", "children", allow_duplicate=True),
                  Input("org-clear", "n_clicks"), prevent_initial_call=True)
    def _clear(clicks):
        if not clicks:
            raise PreventUpdate
        return None, "Your list is removed from this browser."


PANEL = Panel("organization", "Your organization", component, register_callbacks, order=45)
