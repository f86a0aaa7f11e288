"""The side panels: the registry the page's tabs come from, and the export, coverage and
table panels' callbacks called as plain functions.

Each panel's callback bodies are module-level functions; here they run on the tiny
dataset through a real `Context`, and their results are read back the way a user's
tools would read them (NetworkX for GraphML, zipfile for the CSV zip, json for JSON).
The registry is checked on whole apps: the tabs it draws, a panel added for the test,
and the browser-side gate of the panels that read the view state.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile

import networkx as nx
import plotly.graph_objects as go
import pytest
from dash import Dash, Output, dcc, html
from dash.exceptions import PreventUpdate

from explorer import coverage as coverage_panel
from explorer import export as export_panel
from explorer import page
from explorer import panel as panel_kit
from explorer import table as table_panel
from explorer.client import DashClient, split_props
from explorer.context import Context
from explorer.panel import Panel
from explorer.panels import BUILT_IN, PANELS, register, registry
from explorer.settings import resolve
from explorer.state import DEFAULT, ViewState
from explorer.view import visible_graph
from graph import export as gexport
from graph import query
from graph.schema import NEED_IDS, TIER_BY_ID, WORK_TIERS, tier_rank

STATES = {
    "default": DEFAULT,
    "one need": DEFAULT.replace(needs=["health-and-well-being"]),
    "two tiers": DEFAULT.replace(tiers=["need", "job"]),
    "need and tiers": DEFAULT.replace(needs=["economic-security", "family"],
                                      tiers=["need", "profession", "industry"]),
    "no needs": DEFAULT.replace(needs=[]),
}
#: The states whose view holds nodes, so that an export has something to write.
NONEMPTY = [name for name in STATES if name != "no needs"]


@pytest.fixture
def ctx(tiny_dir, tiny_graph):
    """A fresh context on the tiny dataset, as create_app builds it."""
    return Context.build(tiny_graph, resolve({"data": str(tiny_dir)}))


def payload_bytes(download: dict) -> bytes:
    """Return the file bytes of a dcc.Download payload."""
    content = download["content"]
    return base64.b64decode(content) if download.get("base64") else content.encode()


def read_back(fmt: str, data: bytes) -> set:
    """Return the node ids of an exported file, read by an independent reader."""
    if fmt == "graphml":
        return set(nx.read_graphml(io.BytesIO(data)))
    if fmt == "gexf":
        return set(nx.read_gexf(io.BytesIO(data)))
    if fmt == "json":
        return {n["id"] for n in json.loads(data)["nodes"]}
    if fmt == "cyjs":
        return {n["data"]["id"] for n in json.loads(data)["elements"]["nodes"]}
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            name = next(n for n in zf.namelist() if n.endswith("nodes.csv"))
            import csv

            return {row["id"] for row in csv.DictReader(io.TextIOWrapper(zf.open(name), "utf-8"))}
    raise AssertionError(fmt)


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", list(gexport.FORMATS))
@pytest.mark.parametrize("state_name", NONEMPTY)
def test_download_holds_exactly_the_visible_nodes(ctx, fmt, state_name):
    state = STATES[state_name]
    download = export_panel.download_view(ctx, 1, fmt, state.to_dict())
    expected = set(visible_graph(ctx, state).graph)
    assert read_back(fmt, payload_bytes(download)) == expected
    assert download["filename"].endswith("." + gexport.FORMATS[fmt].extension)
    assert download["type"] == gexport.FORMATS[fmt].mime


@pytest.mark.parametrize("state_name, must_contain", [
    ("default", []),
    ("one need", ["health-and-well-being"]),
    ("two tiers", ["needs", "jobs"]),
    ("need and tiers", ["economic-security", "family", "professions", "industries"]),
])
def test_file_names_say_what_was_exported(ctx, state_name, must_contain):
    state = STATES[state_name]
    name = export_panel.download_view(ctx, 1, "gexf", state.to_dict())["filename"]
    assert name.startswith("web-of-work")
    assert "/" not in name and "\\" not in name
    for word in must_contain:
        assert word in name
    stem = export_panel.image_request(ctx, "png", state.to_dict())["filename"]
    assert name == stem + ".gexf"


def test_focus_is_in_the_file_name_and_the_provenance(ctx, tiny_graph):
    node = next(n for n, t in tiny_graph.nodes(data="tier") if t == "profession")
    state = DEFAULT.replace(focus=node, depth=2)
    download = export_panel.download_view(ctx, 1, "json", state.to_dict())
    assert node in download["filename"] and "depth-2" in download["filename"]
    record = json.loads(payload_bytes(download))["provenance"]
    assert record["filters"] == {"focus": node, "depth": 2}
    assert record["checksum"] == tiny_graph.graph["checksum"]


@pytest.mark.parametrize("clicks", [None, 0])
def test_download_waits_for_a_click(ctx, clicks):
    with pytest.raises(PreventUpdate):
        export_panel.download_view(ctx, clicks, "graphml", None)


@pytest.mark.parametrize("fmt", [None, "", "pdf", "../graphml"])
def test_unknown_format_falls_back_to_graphml(ctx, fmt):
    download = export_panel.download_view(ctx, 1, fmt, None)
    assert download["filename"].endswith(".graphml")
    assert read_back("graphml", payload_bytes(download)) == set(ctx.graph)


def test_png_is_drawn_and_downloaded_by_the_browser(ctx):
    request = export_panel.image_request(ctx, "png", STATES["two tiers"].to_dict())
    assert request["type"] == "png"
    assert request["action"] == "download"  # the image never travels through the server
    assert request["options"] == {"full": True, "bg": "#ffffff", "scale": 2}
    assert "." not in request["filename"] and "/" not in request["filename"]


@pytest.mark.parametrize("kind", [None, "jpg", "svg", "export-png"])
def test_unknown_image_kind_does_nothing(ctx, kind):
    with pytest.raises(PreventUpdate):
        export_panel.image_request(ctx, kind, None)


SVG = "{http://www.w3.org/2000/svg}"


def _svg(ctx, state):
    """Return the parsed SVG drawing of a view."""
    import xml.etree.ElementTree as ET

    return ET.fromstring(export_panel.svg_image(ctx, state.to_dict()))


@pytest.mark.parametrize("state_name", list(STATES))
@pytest.mark.parametrize("layout", ["web", "hierarchy", "circle"])
def test_svg_draws_every_visible_node_and_edge(ctx, state_name, layout):
    state = STATES[state_name].replace(layout=layout)
    view = visible_graph(ctx, state)
    root = _svg(ctx, state)
    titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert sorted(titles) == sorted(query.label(view.graph, n) for n in view.graph)
    lines = list(root.iter(f"{SVG}line"))
    assert len(lines) == view.graph.number_of_edges()
    bridged = [ln for ln in lines if ln.get("marker-end") == "url(#arrow-bridged)"]
    assert all(ln.get("stroke-dasharray") for ln in bridged)
    assert len(bridged) == sum(1 for *_, r in view.graph.edges(data="relation") if r == "bridged")
    assert view.message in root.find(f"{SVG}title").text
    rings = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "none"]
    assert bool(rings) == (layout == "web" and view.graph.number_of_nodes() > 0)


def test_svg_nodes_keep_tier_colours_and_shapes(ctx, tiny_graph):
    root = _svg(ctx, DEFAULT)
    by_label = {g.find(f"{SVG}title").text: list(g)[1] for g in root.iter(f"{SVG}g")}
    for node, attrs in tiny_graph.nodes(data=True):
        shape = by_label[attrs["label"]]
        tier = TIER_BY_ID[attrs["tier"]]
        assert shape.get("fill") == tier.colour
        expected = {"ellipse": "circle", "round-rectangle": "rect"}.get(tier.shape, "polygon")
        assert shape.tag == SVG + expected


def test_svg_labels_are_text_never_markup(tiny_dir, tiny_graph):
    G = tiny_graph.copy()
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">&amp;'
    G.nodes["family"]["label"] = hostile
    hostile_ctx = Context.build(G, resolve({"data": str(tiny_dir)}))
    svg = export_panel.svg_image(hostile_ctx, None)
    assert b"<script" not in svg and b"<img" not in svg
    root = _svg(hostile_ctx, DEFAULT)
    assert hostile in [t.text for t in root.iter(f"{SVG}text")]


def test_svg_download_is_named_like_the_other_files(ctx):
    state = STATES["one need"]
    download = export_panel.download_svg(ctx, 1, state.to_dict())
    assert download["filename"] == export_panel.image_stem(ctx, state) + ".svg"
    assert download["type"] == "image/svg+xml"
    assert payload_bytes(download).startswith(b"<?xml")
    with pytest.raises(PreventUpdate):
        export_panel.download_svg(ctx, 0, state.to_dict())


@pytest.mark.parametrize("fmt", list(gexport.FORMATS))
def test_an_empty_view_says_there_is_nothing_to_export_and_downloads_nothing(ctx, fmt):
    empty = STATES["no needs"].to_dict()
    assert export_panel.summary(ctx, empty) == export_panel.NOTHING_TO_EXPORT
    assert "Nothing to export" in export_panel.NOTHING_TO_EXPORT
    with pytest.raises(PreventUpdate):
        export_panel.download_view(ctx, 1, fmt, empty)
    with pytest.raises(PreventUpdate):
        export_panel.download_svg(ctx, 1, empty)
    with pytest.raises(PreventUpdate):
        export_panel.image_request(ctx, "png", empty)


@pytest.mark.parametrize("state_name", NONEMPTY)
def test_summary_counts_what_the_export_holds(ctx, state_name):
    state = STATES[state_name]
    view = visible_graph(ctx, state)
    text = export_panel.summary(ctx, state.to_dict())
    assert f" {view.graph.number_of_nodes()} node" in text
    assert f" {view.graph.number_of_edges()} edge" in text


@pytest.mark.parametrize("fmt", ["json", "csv", "graphml"])
@pytest.mark.parametrize("state", [DEFAULT, DEFAULT.replace(tiers=["need", "profession", "job"])])
def test_export_beyond_the_cap_holds_everything_the_filters_match(tiny_dir, tiny_graph, fmt, state):
    small = Context.build(tiny_graph, resolve({"data": str(tiny_dir), "element_cap": 10}))
    view = visible_graph(small, state)
    assert view.truncated and view.groups
    full = visible_graph(tiny_graph, state, cap=10**6)
    download = export_panel.download_view(small, 1, fmt, state.to_dict())
    # The file holds every matched node, not just the few drawn, and says which filters.
    assert read_back(fmt, payload_bytes(download)) == set(full.graph) > set(view.graph)
    words = export_panel.summary(small, state.to_dict())
    assert f"all {full.graph.number_of_nodes():,} nodes" in words
    assert f"draws {view.visible_nodes:,} of those" in words


# ------------------------------------------------------------------------- coverage


def _cells(fig):
    """Return {(need, tier): (trace name, value)} of the non-empty cells of the heatmap."""
    cells = {}
    for trace in fig["data"]:
        for i, need in enumerate(NEED_IDS):
            for j, tier in enumerate(WORK_TIERS):
                if trace["z"][i][j] is not None:
                    assert (need, tier) not in cells, "a cell is drawn twice"
                    cells[(need, tier)] = (trace["name"],
                                           int(trace["text"][i][j].replace(",", "")))
    return cells


@pytest.mark.parametrize("state_name", list(STATES))
def test_heatmap_counts_the_filtered_graph_and_keeps_hidden_cells_clickable(
        tiny_graph, state_name):
    state = STATES[state_name]
    fig = coverage_panel.figure(tiny_graph, state)
    cells = _cells(fig)
    assert len(cells) == len(NEED_IDS) * len(WORK_TIERS)
    full = query.coverage(tiny_graph)
    filtered = query.coverage(query.filter_graph(tiny_graph, needs=state.needs or None,
                                                 tiers=state.tiers or None))
    for (need, tier), (name, value) in cells.items():
        if need in state.needs and tier in state.tiers:
            assert (name, value) == ("shown", filtered.loc[need, tier])
        else:
            assert (name, value) == ("hidden", full.loc[need, tier])


def test_heatmap_labels_and_scale(tiny_graph):
    fig = coverage_panel.figure(tiny_graph, DEFAULT)
    go.Figure(fig)  # a valid Plotly figure
    shown = next(t for t in fig["data"] if t["name"] == "shown")
    assert shown["type"] == "heatmap"
    assert shown["x"] == [TIER_BY_ID[t].plural for t in WORK_TIERS]
    # Whole need names, never cut to "Home", "Work" or "Mobility".
    assert shown["y"] == [coverage_panel.NEED_BY_ID[n].label for n in NEED_IDS]
    assert {"Home and Shelter", "Work/Career", "Transportation and Mobility"} <= set(shown["y"])
    assert shown["texttemplate"] == "%{text}"  # counts written in the cells
    assert "Health and Well Being / Positions/Jobs" in str(shown["hovertext"])  # names on hover
    assert shown["colorscale"] == "Cividis"  # colour-blind safe


def test_heatmap_scales_colour_per_tier_column():
    # Industries and organizations counted 3 to 43 next to professions in the thousands:
    # one scale for all painted them one colour.
    G = nx.DiGraph()
    G.add_node("family", tier="need")
    for tier, count in (("profession", 2000), ("industry", 43), ("organization", 3)):
        for i in range(count):
            G.add_node(f"{tier}-{i}", tier=tier)
            G.add_edge(f"{tier}-{i}", "family")
    G.add_node("home-and-shelter", tier="need")
    for i in range(3):
        G.add_edge(f"industry-{i}", "home-and-shelter")
    shown = next(t for t in coverage_panel.figure(G, DEFAULT)["data"] if t["name"] == "shown")
    family, home = NEED_IDS.index("family"), NEED_IDS.index("home-and-shelter")
    industry = WORK_TIERS.index("industry")
    for j, tier in enumerate(WORK_TIERS):
        column = [row[j] for row in shown["z"]]
        assert max(column) == (1.0 if tier != "job" else 0.0), tier  # each its whole scale
    assert shown["z"][home][industry] == pytest.approx(3 / 43)  # 3 and 43 look different
    assert shown["text"][family][WORK_TIERS.index("profession")] == "2,000"
    assert (shown["zmin"], shown["zmax"]) == (0, 1)


def test_heatmap_skips_work_when_needs_and_tiers_did_not_change(tiny_graph):
    state = STATES["two tiers"]
    fig, table, key = coverage_panel.refresh(tiny_graph, state.to_dict(), None)
    assert _cells(fig)
    with pytest.raises(PreventUpdate):
        coverage_panel.refresh(tiny_graph, state.replace(selected="family").to_dict(), key)
    _, _, other = coverage_panel.refresh(tiny_graph, STATES["one need"].to_dict(), key)
    assert other != key


@pytest.mark.parametrize("need", NEED_IDS)
@pytest.mark.parametrize("tier", WORK_TIERS)
def test_clicking_a_cell_shows_that_need_and_tier(tiny_graph, need, tier):
    trace = coverage_panel.figure(tiny_graph, DEFAULT)["data"][0]
    i, j = NEED_IDS.index(need), WORK_TIERS.index(tier)
    point = {"x": trace["x"][j], "y": trace["y"][i], "customdata": trace["customdata"][i][j]}
    assert coverage_panel.cell_filters({"points": [point]}) == ([need], ["need", tier])


@pytest.mark.parametrize("click", [
    None, {}, {"points": []}, {"points": [{}]},
    {"points": [{"customdata": "nonsense"}]},
    {"points": [{"customdata": "family:need"}]},
    {"points": [{"customdata": "not-a-need:job"}]},
    {"points": [{"customdata": ["family", "job"]}]},
])
def test_bad_clicks_change_nothing(click):
    with pytest.raises(PreventUpdate):
        coverage_panel.cell_filters(click)


@pytest.mark.parametrize("state, cell, expected", [
    (DEFAULT, "learning:job", {"needs": ("learning",), "tiers": ("need", "job")}),
    (DEFAULT.replace(selected="family", layout="circle"), "family:industry",
     {"needs": ("family",), "tiers": ("need", "industry"), "selected": "family",
      "layout": "circle"}),
    (DEFAULT.replace(focus="family", depth=3), "community:organization",
     {"needs": ("community",), "tiers": ("need", "organization"), "focus": None, "depth": 3}),
])
def test_a_cell_click_asks_for_one_view_holding_need_and_tier(state, cell, expected):
    query_string = coverage_panel.cell_query({"points": [{"customdata": cell}]}, state.to_dict())
    new = ViewState.from_query(query_string)
    for name, value in expected.items():
        assert getattr(new, name) == value, name


def test_table_twin_has_a_row_per_need_and_marks_hidden_cells(tiny_graph):
    state = STATES["two tiers"]
    table = coverage_panel.table_twin(tiny_graph, state)
    body = table.children[1].children
    assert [row.children[0].children for row in body] == [
        coverage_panel.NEED_BY_ID[n].label for n in NEED_IDS]
    hidden = [cell.children for row in body for cell in row.children[1:]]
    profession_col = [row.children[1].children for row in body]
    assert all(str(v).endswith("(hidden)") for v in profession_col)
    assert any(not str(v).endswith("(hidden)") for v in hidden)


# ---------------------------------------------------------------------------- table


def _row_ids(table):
    """Return the node ids of the rendered table's rows, in order."""
    body = table.children[2].children
    return [row.children[0].children.id["node"] for row in body]


@pytest.mark.parametrize("state_name", list(STATES))
def test_table_lists_exactly_the_visible_nodes(ctx, state_name):
    state = STATES[state_name]
    table, _ = table_panel.table_for(ctx, state.to_dict(), None)
    ids = _row_ids(table)
    assert len(ids) == len(set(ids))
    assert set(ids) == set(visible_graph(ctx, state).graph)
    assert table.children[0].children.startswith(f"{len(ids)} visible node")


def test_needs_reached_agrees_with_proof_chains(tiny_graph):
    counts = table_panel.needs_reached(tiny_graph)
    for node in tiny_graph:
        assert counts[node] == len(query.needs_served(tiny_graph, node)), node


@pytest.mark.parametrize("key, descending", [
    ("label", False), ("label", True), ("tier", False), ("tier", True),
    ("code", False), ("needs", False), ("needs", True),
])
def test_sorting(tiny_graph, key, descending):
    rows = table_panel.sort_records(table_panel.records(tiny_graph, tiny_graph),
                                    {"key": key, "descending": descending})
    primary = {
        "label": lambda r: r["label"].casefold(), "code": lambda r: r["code"].casefold(),
        "tier": lambda r: tier_rank(r["tier"]), "needs": lambda r: r["needs"],
    }[key]
    values = [primary(r) for r in rows]
    assert values == sorted(values, reverse=descending)
    assert len(rows) == tiny_graph.number_of_nodes()


@pytest.mark.parametrize("current, key, expected", [
    (None, "label", {"key": "label", "descending": False}),
    ({"key": "label", "descending": False}, "label", {"key": "label", "descending": True}),
    ({"key": "label", "descending": True}, "label", {"key": "label", "descending": False}),
    ({"key": "tier", "descending": True}, "needs", {"key": "needs", "descending": False}),
])
def test_header_clicks_sort_then_reverse(current, key, expected):
    assert table_panel.next_sort(current, key) == expected


@pytest.mark.parametrize("key", [None, "", "id", "<script>"])
def test_unknown_sort_key_is_ignored(key):
    with pytest.raises(PreventUpdate):
        table_panel.next_sort(None, key)


def test_headers_are_sort_buttons_with_aria_sort(ctx):
    table, _ = table_panel.table_for(ctx, None, {"key": "needs", "descending": True})
    heads = table.children[1].children.children
    assert [h.children.id["key"] for h in heads] == list(table_panel.COLUMNS)
    sorted_heads = [h for h in heads if "aria-sort" in h.to_plotly_json()["props"]]
    assert len(sorted_heads) == 1
    assert sorted_heads[0].to_plotly_json()["props"]["aria-sort"] == "descending"
    assert sorted_heads[0].children.id["key"] == "needs"


def test_rows_and_headers_carry_what_the_browser_sorts_by(ctx, tiny_graph):
    table, _ = table_panel.table_for(ctx, None, None)
    heads = table.children[1].children.children
    assert [h.children.to_plotly_json()["props"]["data-key"] for h in heads] == list(table_panel.COLUMNS)
    assert [h.children.to_plotly_json()["props"]["data-text"] for h in heads] == \
        list(table_panel.COLUMNS.values())
    counts = table_panel.needs_reached(tiny_graph)
    for row in table.children[2].children:
        props = row.to_plotly_json()["props"]
        node = props["data-node"]
        assert props["data-rank"] == tier_rank(tiny_graph.nodes[node]["tier"])
        assert props["data-needs"] == counts[node]


def test_table_is_rebuilt_only_when_its_rows_change(ctx, tiny_graph):
    node = next(iter(tiny_graph))
    _, key = table_panel.table_for(ctx, None, None)
    with pytest.raises(PreventUpdate):  # selecting a node changes no row
        table_panel.table_for(ctx, DEFAULT.replace(selected=node).to_dict(), None, last_key=key)
    _, resorted = table_panel.table_for(ctx, None, {"key": "label"}, last_key=key)
    _, refiltered = table_panel.table_for(ctx, STATES["two tiers"].to_dict(), None, last_key=key)
    assert len({key, resorted, refiltered}) == 3


def test_panels_find_the_tab_they_sit_in():
    layout = html.Div([dcc.Tabs(id="tabs", children=[
        dcc.Tab(label="A", value="a", children=html.Div(id="x")),
        dcc.Tab(label="B", value="b", children=html.Div(html.Div(id="node-table"))),
    ])])
    assert panel_kit.tab_of(layout, "node-table") == ("tabs", "b")
    assert panel_kit.tab_of(layout, "coverage-heatmap") is None
    assert panel_kit.tab_of(None, "node-table") is None
    # Still importable from the table panel, where they were first written.
    assert (table_panel.tab_of, table_panel.gated_state) == (panel_kit.tab_of,
                                                             panel_kit.gated_state)


@pytest.mark.parametrize("triggered, clicks, expected", [
    ({"type": "node-table-open", "node": "nurse"}, 1, "nurse"),
    ({"type": "node-table-open", "node": "a-b"}, 3, "a-b"),
])
def test_row_activation_selects_the_node(triggered, clicks, expected):
    request = table_panel.row_request(triggered, clicks, now=42.0)
    assert request == {"node": expected, "action": "select", "ts": 42.0}


@pytest.mark.parametrize("triggered, clicks", [
    ({"type": "node-table-open", "node": "nurse"}, None),  # a row just rendered
    ({"type": "node-table-open", "node": "nurse"}, 0),
    (None, 1), ("node-table-open", 1), ({"type": "node-table-open"}, 1),
])
def test_rows_appearing_do_not_navigate(triggered, clicks):
    with pytest.raises(PreventUpdate):
        table_panel.row_request(triggered, clicks)


def test_successive_activations_are_distinct_requests():
    a = table_panel.row_request({"node": "x"}, 1)
    b = table_panel.row_request({"node": "x"}, 2, now=a["ts"] + 1)
    assert a != b and a["node"] == b["node"]


def test_hostile_labels_stay_text(tiny_graph):
    G = tiny_graph.copy()
    node = next(iter(G))
    G.nodes[node]["label"] = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    table = table_panel.render(table_panel.records(G, G), None)
    labels = [row.children[0].children.children for row in table.children[2].children]
    assert G.nodes[node]["label"] in labels  # a plain string child: React escapes it


# ------------------------------------------------------------------ wiring into Dash


@pytest.mark.parametrize("module, outputs", [
    (export_panel, {"export-download.data", "graph.generateImage", "export-summary.children"}),
    (coverage_panel, {"coverage-heatmap.figure", "coverage-table.children", "url.search",
                      "coverage-heatmap.clickData"}),
    (table_panel, {"node-table.children", "node-table-sort.data", "nav-request.data"}),
])
def test_register_callbacks_on_a_fresh_app(ctx, module, outputs):
    app = Dash(__name__)
    app.layout = module.component(ctx)
    module.register_callbacks(app, ctx)
    registered = " ".join(app.callback_map)
    for output in outputs:
        assert output in registered, output


@pytest.mark.parametrize("module, ids", [
    (export_panel, ["export-format", "export-button", "export-download", "export-png",
                    "export-svg"]),
    (coverage_panel, ["coverage-heatmap"]),
    (table_panel, ["node-table"]),
])
def test_components_carry_the_contract_ids(ctx, module, ids):
    text = json.dumps(module.component(ctx).to_plotly_json(), default=lambda o: o.to_plotly_json()
                      if hasattr(o, "to_plotly_json") else str(o))
    for cid in ids:
        assert f'"id": "{cid}"' in text, cid


def test_export_format_picker_offers_every_format(ctx):
    picker = _find(export_panel.component(ctx), "export-format")
    assert [o["value"] for o in picker.options] == list(gexport.FORMATS)
    assert picker.value in gexport.FORMATS


def _find(component, cid):
    """Return the component with id ``cid`` inside ``component``."""
    if getattr(component, "id", None) == cid:
        return component
    children = getattr(component, "children", None)
    if children is None or isinstance(children, (str, int, float)):
        return None
    for child in children if isinstance(children, (list, tuple)) else [children]:
        found = _find(child, cid)
        if found is not None:
            return found
    return None


def test_view_state_is_read_leniently(ctx):
    junk = {"needs": "nope", "tiers": 7, "focus": "<script>", "layout": None}
    assert export_panel.summary(ctx, junk)
    assert table_panel.table_for(ctx, junk, {"key": "bogus"})[0]
    assert ViewState.from_dict(junk).needs == NEED_IDS  # no known need: every need


# ------------------------------------------------------------------------ the registry


def _tabs(app) -> dcc.Tabs:
    """Return the side panel's tabs of a built app."""
    return next(c for c in app.layout._traverse() if getattr(c, "id", None) == page.TABS)


def _ids(component) -> set:
    """Return the string ids of ``component`` and everything inside it."""
    found = {getattr(c, "id", None) for c in [component, *component._traverse()]}
    return {i for i in found if isinstance(i, str)}


def _writers(app, prop: str) -> list[dict]:
    """Return the callbacks of ``app`` that write ``prop`` (``id.property``)."""
    return [cb for key, cb in app.callback_map.items()
            if prop in {f"{i}.{p.split('@')[0]}" for i, p in split_props(key)}]


def test_the_tab_strip_is_built_from_the_registry_in_registry_order(ctx):
    tabs = _tabs(page.build(ctx))
    assert [(t.value, t.label) for t in tabs.children] == [(p.id, p.label) for p in PANELS]
    # The ids and labels the browser tests (and users) find the tabs by.
    assert [(p.id, p.label) for p in PANELS] == [
        ("details", "Details"), ("moves", "Moves"), ("coverage", "Coverage"),
        ("compare", "Compare"), ("whatif", "What if"), ("table", "Table"), ("export", "Export"),
        ("organization", "Your organization")]
    assert [p.order for p in PANELS] == sorted(p.order for p in PANELS)
    assert tabs.value == PANELS[0].id == "details"
    for tab, panel in zip(tabs.children, PANELS):
        assert _ids(html.Div(tab.children)) == _ids(html.Div(panel.body(ctx))), panel.id
    # Every built-in panel is declared by the module listed for it.
    assert sorted(p.register_callbacks.__module__ for p in PANELS) == sorted(BUILT_IN)


def _nothing(*_args):
    return None


def test_tab_order_is_the_panels_order_not_their_listing():
    a, b, c = (Panel(i, i.upper(), _nothing, _nothing, order=n) for i, n in
               (("a", 1), ("b", 2), ("c", 3)))
    assert registry(c, a, b) == registry(a, b, c) == (a, b, c)
    assert [p.id for p in register(Panel("ab", "AB", _nothing, _nothing, order=2), (a, c))] \
        == ["a", "ab", "c"]
    assert register(a, PANELS)[0] == a  # order 1 comes before the built-in panels
    assert len(PANELS) == len(BUILT_IN)  # register returns a new registry


@pytest.mark.parametrize("bad, error", [
    (lambda: registry(PANELS[0], PANELS[0]), ValueError),
    (lambda: registry("details"), TypeError),
    (lambda: Panel("", "Empty", _nothing, _nothing), ValueError),
    (lambda: Panel("x", "X", "not callable", _nothing), TypeError),
])
def test_a_broken_registry_is_refused(bad, error):
    with pytest.raises(error):
        bad()


def _notes(ctx):
    """Body of a panel that exists only in these tests."""
    return html.Section([html.H3("Notes"), html.P(id="notes-text")], className="panel-body")


def _notes_callbacks(app, ctx):
    @app.callback(Output("notes-text", "children"), NOTES.view_state)
    def _write(state):
        if state is None:
            raise PreventUpdate
        return f"{ctx.graph.number_of_nodes()} nodes; selected: {state.get('selected')}"


NOTES = Panel("notes", "Notes", _notes, _notes_callbacks, needs_view_state=True, order=25)


def test_a_new_panel_is_a_tab_with_its_body_and_its_callbacks_fire(ctx):
    app = page.build(ctx, panels=register(NOTES))
    tabs = _tabs(app)
    assert [t.label for t in tabs.children] == ["Details", "Moves", "Coverage", "Compare",
                                                "What if", "Notes", "Table", "Export",
                                                "Your organization"]
    notes = next(t for t in tabs.children if t.value == "notes")
    assert {"notes-text", "notes-state"} <= _ids(html.Div(notes.children))
    # Its gate: the view state reaches it only while the Notes tab is open.
    [gate] = _writers(app, "notes-state.data")
    assert {(i["id"], i["property"]) for i in gate["inputs"]} == {
        ("view-state", "data"), (page.TABS, "value")}
    assert any('tab === "notes"' in script for script in app._inline_scripts)
    # Its server callback answers through the real endpoint.
    client = DashClient(app)
    write = next(cb for cb in client.callbacks() if cb.name == "notes-text.children")
    answer = client.call(write, [DEFAULT.replace(selected="family").to_dict()])
    assert answer == {"notes-text": {"children": f"{ctx.graph.number_of_nodes()} nodes; "
                                                 "selected: family"}}
    # The registry itself is unchanged: the default page has no Notes tab.
    assert "notes" not in [t.value for t in _tabs(page.build(ctx)).children]


def test_the_gate_follows_the_registry(ctx):
    app = page.build(ctx, panels=register(NOTES))
    gates = [[store for store, _ in split_props(key)] for key, cb in app.callback_map.items()
             if "callback" not in cb and {"id": page.TABS, "property": "value"} in cb["inputs"]
             and {"id": "view-state", "property": "data"} in cb["inputs"]]
    # One browser-side gate for every panel of the tabs (each callback run costs the page).
    assert len(gates) == 1
    assert set(gates[0]) == {p.state_store for p in register(NOTES) if p.needs_view_state}
    assert "details-state" not in _ids(app.layout)  # no view state of its own: no store


@pytest.mark.parametrize("panel", [p for p in PANELS if p.needs_view_state],
                         ids=lambda p: p.id)
def test_panels_in_a_closed_tab_get_no_view_state(ctx, panel):
    app = Dash(__name__)
    app.layout = page.layout(ctx, panels=(panel,))
    panel.install(app, ctx)
    callbacks = list(app.callback_map.values())
    # No server callback of the panel hears of view changes but through its own store...
    for cb in callbacks:
        if "callback" in cb:
            assert {"id": "view-state", "property": "data"} not in cb["inputs"], cb["output"]
    assert any({"id": panel.state_store, "property": "data"} in cb["inputs"]
               for cb in callbacks if "callback" in cb)
    # ...which one browser-side callback fills from the view state only while the tab is open.
    [gate] = _writers(app, f"{panel.state_store}.data")
    assert "callback" not in gate  # no server function: it runs in the browser
    assert {(i["id"], i["property"]) for i in gate["inputs"]} == {
        ("view-state", "data"), (page.TABS, "value")}
    assert any(f'tab === "{panel.id}" ? state : no' in script
               for script in app._inline_scripts)


def test_a_panel_in_no_tab_always_gets_the_view_state(ctx):
    app = Dash(__name__)
    app.layout = html.Div(NOTES.body(ctx))
    NOTES.install(app, ctx)
    [gate] = _writers(app, "notes-state.data")
    assert [(i["id"], i["property"]) for i in gate["inputs"]] == [("view-state", "data")]
    assert any("return state;" in script and "tab" not in script
               for script in app._inline_scripts)


# ------------------------------------------------------------------------- what if

from explorer import whatif as whatif_panel  # noqa: E402
from graph import whatif  # noqa: E402
from tests.test_explorer_callbacks import find, texts  # noqa: E402

SINAI = DEFAULT.replace(without=["mount-sinai-hospital"])


def _buttons(component, **attrs) -> list:
    """Return the buttons of a component tree whose attributes include ``attrs``."""
    return find(component, lambda c: isinstance(c, html.Button) and all(
        getattr(c, k, None) == v for k, v in attrs.items()))


def test_whatif_panel_says_what_goes_and_offers_undo(ctx, tiny_graph):
    children, key = whatif_panel.refresh(ctx, SINAI.to_dict(), None)
    assert key == "mount-sinai-hospital"
    summary = next(c for c in children if getattr(c, "id", None) == "whatif-summary")
    assert summary.children == whatif.summary(tiny_graph, whatif.without(tiny_graph,
                                                                         SINAI.without))
    assert summary.children.startswith("Closing Mount Sinai Hospital")
    [undo] = _buttons(children, **{"data-action": "whatif-clear"})
    assert undo.children == "Undo" and getattr(undo, "data-node") == ""
    [back] = _buttons(children, **{"data-action": "whatif-drop"})
    assert getattr(back, "data-node") == "mount-sinai-hospital"
    # Every other name is a button that moves there (the details panel's kind).
    moves = {getattr(b, "data-node") for b in _buttons(children) if
             not getattr(b, "data-action", None)}
    # Staff nurse still reaches Health through nursing, but loses its only organization link.
    assert {"mount-sinai-hospital", "health-and-well-being", "staff-nurse"} <= moves
    assert "1 node loses its only organization link:" in texts(children)
    with pytest.raises(PreventUpdate):  # the same scenario again: nothing to redraw
        whatif_panel.refresh(ctx, SINAI.replace(selected="chef").to_dict(), key)


def test_whatif_panel_without_a_scenario_says_how_to_start(ctx):
    children, key = whatif_panel.refresh(ctx, DEFAULT.to_dict(), "chef")
    assert key == "" and "What if this went away?" in children[0].children
    assert not _buttons(children)


def test_whatif_panel_cover_table_shows_before_and_after(ctx, tiny_graph):
    scenario = whatif.without(tiny_graph, ["staff-nurse", "hospitals"])
    table = whatif_panel.cover_table(tiny_graph, scenario)
    rows = {r.children[0].children: [td.children for td in r.children[1:]]
            for r in table.children[1].children}
    assert rows == {"Health and Well Being": ["1", "2 \u2192 1", "1", "1 \u2192 0"]}


def test_heatmap_shows_before_and_after_in_a_scenario(tiny_graph):
    fig, twin, key = coverage_panel.refresh(tiny_graph, SINAI.replace(
        needs=["health-and-well-being", "family"]).to_dict(), None)
    assert key.endswith("|mount-sinai-hospital")
    shown = next(t for t in fig["data"] if t["name"] == "shown")
    row = NEED_IDS.index("health-and-well-being")
    organizations, jobs = WORK_TIERS.index("organization"), WORK_TIERS.index("job")
    assert shown["text"][row][organizations] == "1 \u2192 0"
    assert shown["z"][row][organizations] == 0
    assert shown["text"][row][jobs] == "1"  # staff nurse still reaches it through nursing
    assert shown["texttemplate"] == "%{text}" and "hovertext" in shown
    hidden = next(t for t in fig["data"] if t["name"] == "hidden")
    assert hidden["text"][NEED_IDS.index("leisure")][0] == "1"
    assert "1 \u2192 0" in texts(twin)
    # Without a scenario the counts alone are the text.
    plain, *_ = coverage_panel.refresh(tiny_graph, DEFAULT.to_dict(), key)
    assert all("\u2192" not in cell for t in plain["data"] for row in t["text"] for cell in row)


@pytest.mark.parametrize("fmt", ["graphml", "csv", "json"])
def test_exports_carry_the_scenario(ctx, tiny_graph, fmt):
    state = SINAI.replace(needs=["health-and-well-being", "learning"])
    download = export_panel.download_view(ctx, 1, fmt, state.to_dict())
    data = payload_bytes(download)
    if fmt == "graphml":
        H = nx.read_graphml(io.BytesIO(data))
        attrs = dict(H.nodes(data=True))
    elif fmt == "json":
        attrs = {n["id"]: n for n in json.loads(data)["nodes"]}
    else:
        import csv

        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            name = next(n for n in zf.namelist() if n.endswith("nodes.csv"))
            attrs = {row["id"]: row for row in
                     csv.DictReader(io.TextIOWrapper(zf.open(name), "utf-8"))}
    assert str(attrs["mount-sinai-hospital"]["whatif_removed"]).lower() == "true"
    assert str(attrs["staff-nurse"]["whatif_removed"]).lower() == "false"
    assert attrs["staff-nurse"]["whatif_loses"] == ""
    assert all("whatif_loses" in a for a in attrs.values())
    assert "whatif_removed" not in tiny_graph.nodes["mount-sinai-hospital"]  # not mutated
    if fmt == "json":
        assert json.loads(data)["provenance"]["filters"]["without"] == ["mount-sinai-hospital"]
    assert "whatif_loses" in export_panel.summary(ctx, state.to_dict())


def test_exports_name_what_each_node_loses(tiny_dir):
    G = load_graph_for_scenario(tiny_dir)
    small = Context.build(G, resolve({"data": str(tiny_dir)}))
    download = export_panel.download_view(small, 1, "json", SINAI.to_dict())
    nodes = {n["id"]: n for n in json.loads(payload_bytes(download))["nodes"]}
    assert nodes["temp-nurse"]["whatif_loses"] == "health-and-well-being"


def load_graph_for_scenario(tiny_dir) -> nx.DiGraph:
    """The tiny data plus a job that reaches Health only through Mount Sinai."""
    from graph.build import load_graph

    G = nx.DiGraph(load_graph(tiny_dir))
    G.add_node("temp-nurse", label="Temp nurse", tier="job", description="")
    G.add_edge("temp-nurse", "mount-sinai-hospital", relation="sits_in")
    return G


def test_svg_draws_removed_nodes_crossed_out(ctx):
    root = _svg(ctx, SINAI)
    groups = {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g")}
    assert len(groups["Mount Sinai Hospital"].findall(f"{SVG}line")) == 2
    assert not groups["Staff nurse"].findall(f"{SVG}line")


def test_the_whatif_panel_opens_when_a_node_is_added(ctx):
    app = page.build(ctx)
    writers = [cb for cb in _writers(app, "panel-tabs.value")
               if {"id": "nav-request", "property": "data"} in cb["inputs"]]
    assert len(writers) == 2  # Details after a tap, What if after "What if this went away?"
    assert any('"whatif-add"' in script and 'return "whatif"' in script
               for script in app._inline_scripts)
