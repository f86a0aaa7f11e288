"""Tests of graph.export: every format read back by an independent reader."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import tiered_graphs

from graph import export
from graph.build import load_graph
from graph.errors import UnknownNameError
from graph.export import FORMATS, export_filename, provenance, to_elements
from graph.schema import (
    ALIAS_SEPARATOR,
    BRIDGED,
    NEED_IDS,
    NODE_COLUMNS,
    NUMERIC_EXTRA_COLUMNS,
    TIER_BY_ID,
    neutralise,
)

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data"
NOW = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc)
GEXF_NS = {"g": "http://www.gexf.net/1.2draft"}


# ----------------------------------------------------------------------------- helpers


def _snapshot(G):
    """Return a deep, comparable copy of a graph's nodes, edges and attributes."""
    return (json.dumps(list(G.nodes(data=True)), sort_keys=True, default=str),
            json.dumps(list(G.edges(data=True)), sort_keys=True, default=str),
            json.dumps(G.graph, sort_keys=True, default=str))


def _nodes(G):
    """Return node id -> attributes."""
    return {n: dict(d) for n, d in G.nodes(data=True)}


def _edges(G):
    """Return (source, target) -> attributes."""
    return {(u, v): dict(d) for u, v, d in G.edges(data=True)}


def _typed(value):
    """Return (type name, value) so that 1 and 1.0 and True compare as different."""
    return (type(value).__name__, value)


def _typed_attrs(attrs: dict, drop=()) -> dict:
    """Return attributes as typed pairs, leaving out None values and `drop` keys."""
    return {k: _typed(v) for k, v in attrs.items() if v is not None and k not in drop}


def _unzip(payload: bytes, folder: Path) -> Path:
    """Extract an export zip into `folder` and return it."""
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        z.extractall(folder)
    return folder


def _csv_rows(payload: bytes, name: str) -> list[list[str]]:
    """Return the rows (header first) of one CSV file of an export zip, read with csv."""
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        text = z.read(name).decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def _rich_graph(tiny_graph) -> nx.DiGraph:
    """Return a copy of the tiny dataset with numbers, awkward text and a bridged edge."""
    G = tiny_graph.copy()
    G.nodes["staff-nurse"].update(employment=3_200_000, median_wage=93_600)
    G.nodes["loan-officer"].update(employment=339_000)
    G.nodes["line-cook"]["median_wage"] = 34_500
    G.nodes["chef"]["description"] = '=HYPERLINK("http://x") is, "quoted"\nand multi-line'
    G.nodes["chef"]["aliases"] = ALIAS_SEPARATOR.join(["cook", "chef de cuisine", "Küchenchef"])
    G.nodes["accountant"]["description"] = "-1 + 2 @ 3 & <b>bold</b> 'single'"
    G.edges["registered-nurse", "hospitals"]["weight"] = 0.123456789012345
    G.edges["accountant", "financial-services"]["weight"] = 3.0
    # A filtered view that hid industries would show this bridged edge.
    G.add_edge("jpmorgan-chase", "family", relation=BRIDGED, bridged=True,
               via="financial-services", evidence="")
    return G


def _hand_graph() -> nx.DiGraph:
    """Return a small graph built by hand with every attribute type the writers must keep."""
    G = nx.DiGraph(name="hand")
    G.add_node("health-and-well-being", label="Health and Well Being", tier="need",
               description="")
    G.add_node("nurse", label="Nurse", tier="profession", description="Cares & heals <x>",
               employment=3_200_000, median_wage=93_600, aliases="RN|nurse practitioner")
    G.add_node("hospitals", label="Hospitals", tier="industry", description="", code="622",
               share=0.25)
    G.add_node("mount-sinai", label="Mount Sinai", tier="organization", kind="nonprofit",
               verified=True, description=None)
    G.add_node("staff-nurse", label="Staff nurse", tier="job", employment=12, description="")
    G.add_edge("nurse", "health-and-well-being", relation="serves", weight=1.0)
    G.add_edge("nurse", "hospitals", relation="practised_in", weight=0.6, evidence="BLS")
    G.add_edge("hospitals", "health-and-well-being", relation="addresses")
    G.add_edge("mount-sinai", "health-and-well-being", relation=BRIDGED, bridged=True,
               via="hospitals")
    G.add_edge("staff-nurse", "nurse", relation="draws_on", weight=2.0)
    G.add_edge("staff-nurse", "mount-sinai", relation="sits_in")
    return G


@pytest.fixture
def rich_graph(tiny_graph):
    """The tiny dataset with numbers, awkward text and a bridged edge added."""
    return _rich_graph(tiny_graph)


# ----------------------------------------------------------------------------- CSV zip


def test_csv_zip_holds_the_four_files_and_the_source_columns(tiny_graph, tiny_dir):
    payload = export.to_csv_zip(tiny_graph)
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        assert z.namelist() == ["nodes.csv", "edges.csv", "provenance.json", "README.txt"]
        readme = z.read("README.txt").decode()
    for name in ("nodes.csv", "edges.csv"):
        with open(tiny_dir / name, newline="", encoding="utf-8") as f:
            source_header = next(csv.reader(f))
        assert _csv_rows(payload, name)[0] == source_header
    assert "python -m graph.build" in readme and tiny_graph.graph["checksum"] in readme


def test_csv_zip_round_trips_the_tiny_dataset_exactly(tiny_graph, tmp_path):
    H = load_graph(_unzip(export.to_csv_zip(tiny_graph), tmp_path))
    assert list(H.nodes(data=True)) == list(tiny_graph.nodes(data=True))
    assert list(H.edges(data=True)) == list(tiny_graph.edges(data=True))
    assert H.graph["node_columns"] == tiny_graph.graph["node_columns"]
    assert H.graph["edge_columns"] == tiny_graph.graph["edge_columns"]


def test_csv_zip_round_trips_numbers_awkward_text_and_bridged_edges(rich_graph, tmp_path):
    H = load_graph(_unzip(export.to_csv_zip(rich_graph), tmp_path))
    assert {n: _typed_attrs(d) for n, d in H.nodes(data=True)} == \
        {n: _typed_attrs(d) for n, d in rich_graph.nodes(data=True)}
    # The bridged flag is implied by the relation in CSV; everything else comes back, and
    # the via column the bridged edge adds is an empty text cell on the other edges.
    assert {e: _typed_attrs(d) for e, d in _edges(H).items()} == \
        {e: _typed_attrs({**d, "via": d.get("via", "")}, drop=("bridged",))
         for e, d in _edges(rich_graph).items()}
    assert H.edges["jpmorgan-chase", "family"]["relation"] == BRIDGED
    assert H.edges["jpmorgan-chase", "family"]["via"] == "financial-services"


def test_csv_zip_writes_numbers_as_numbers(rich_graph):
    payload = export.to_csv_zip(rich_graph)
    nodes = _csv_rows(payload, "nodes.csv")
    header = nodes[0]
    row = {r[0]: dict(zip(header, r)) for r in nodes[1:]}
    assert row["staff-nurse"]["employment"] == "3200000"
    assert row["staff-nurse"]["median_wage"] == "93600"
    assert row["chef"]["employment"] == ""  # absent, not "nan" or "None"
    edges = {(r[0], r[1]): r for r in _csv_rows(payload, "edges.csv")[1:]}
    weight_at = _csv_rows(payload, "edges.csv")[0].index("weight")
    assert edges["accountant", "financial-services"][weight_at] == "3"
    assert edges["registered-nurse", "hospitals"][weight_at] == "0.123456789012345"
    assert edges["electrician", "home-and-shelter"][weight_at] == ""


def test_csv_zip_of_a_read_only_subgraph_view_round_trips(tiny_graph, tmp_path):
    keep = [n for n, t in tiny_graph.nodes(data="tier") if t in ("need", "profession", "job")]
    view = tiny_graph.subgraph(keep)
    H = load_graph(_unzip(export.to_csv_zip(view), tmp_path))
    assert _nodes(H) == _nodes(view)
    assert _edges(H) == _edges(view)


@pytest.mark.parametrize("value", [
    "=SUM(A1:A9)", "+1", "-1", "@cmd", "\tindented", "\rreturn", "'quoted", "''twice",
    "'=already", "it's fine", "plain", "a=b", "x-1", "=", "-", "'",
])
def test_csv_neutralises_formula_cells_and_loads_them_back(tiny_graph, tmp_path, value):
    G = tiny_graph.copy()
    G.nodes["chef"]["description"] = value
    G.nodes["chef"]["aliases"] = value
    payload = export.to_csv_zip(G)
    rows = _csv_rows(payload, "nodes.csv")
    chef = dict(zip(rows[0], next(r for r in rows if r[0] == "chef")))
    spreadsheet_would_run = value.startswith(("=", "+", "-", "@", "\t", "\r", "'"))
    assert chef["description"] == ("'" + value if spreadsheet_would_run else value)
    assert chef["aliases"] == chef["description"]
    H = load_graph(_unzip(payload, tmp_path))
    assert H.nodes["chef"]["description"] == value
    assert H.nodes["chef"]["aliases"] == value


def test_csv_neutralises_every_text_column_including_extras(tiny_graph):
    G = tiny_graph.copy()
    G.nodes["chef"]["note"] = "=cmd|' /C calc'!A0"
    G.edges["chef", "leisure"]["evidence"] = "@SUM(1)"
    payload = export.to_csv_zip(G)
    for name in ("nodes.csv", "edges.csv"):
        for row in _csv_rows(payload, name)[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, row)


def test_csv_columns_of_a_hand_made_graph_follow_the_schema(tmp_path):
    G = _hand_graph()
    payload = export.to_csv_zip(G)
    header = _csv_rows(payload, "nodes.csv")[0]
    schema_order = [c.name for c in NODE_COLUMNS]
    in_schema = [c for c in header if c in schema_order]
    assert header[:4] == ["id", "label", "tier", "description"]
    assert in_schema == sorted(in_schema, key=schema_order.index)
    assert header[len(in_schema):] == ["employment", "median_wage", "share", "verified"]
    assert "url" not in header  # no node has it
    edge_header = _csv_rows(payload, "edges.csv")[0]
    assert edge_header == ["source", "target", "relation", "weight", "evidence", "via"]


@pytest.mark.parametrize("folder", [BUNDLED, BUNDLED / "us"], ids=["data", "data-us"])
def test_csv_zip_round_trips_the_bundled_data(folder, tmp_path):
    import warnings

    if not (folder / "nodes.csv").exists():
        pytest.skip(f"{folder.relative_to(REPO)}/nodes.csv not written yet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        G = load_graph(folder)
        H = load_graph(_unzip(export.to_csv_zip(G), tmp_path))
    assert H.graph["node_columns"] == G.graph["node_columns"]
    assert H.graph["edge_columns"] == G.graph["edge_columns"]
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(data=True)) == list(G.edges(data=True))


_TIER_SETS = st.one_of(st.none(), st.sets(st.sampled_from(list(TIER_BY_ID)), min_size=1))
_PROPERTY = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])


def _load_quietly(folder: Path) -> nx.DiGraph:
    """Load a dataset, ignoring the warning about nodes a filter cut off from their need."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_graph(folder)


@_PROPERTY
@given(G=tiered_graphs(), tiers=_TIER_SETS, data=st.data())
def test_property_csv_zip_of_any_filtered_view_loads_back_equal(G, tiers, data, tmp_path_factory):
    from graph.query import filter_graph

    needs = data.draw(st.one_of(st.none(), st.lists(
        st.sampled_from([n for n, t in G.nodes(data="tier") if t == "need"]), min_size=1,
        unique=True)))
    view = G if needs is None and tiers is None else filter_graph(G, needs=needs, tiers=tiers)
    assume(view.number_of_nodes() > 0)  # the builder rightly refuses an empty dataset
    payload = export.to_csv_zip(view)
    H = _load_quietly(_unzip(payload, tmp_path_factory.mktemp("zip")))
    assert list(H.nodes(data=True)) == list(view.nodes(data=True))
    # A text column some edges lack (evidence or via of bridged edges) loads back as "";
    # the bridged flag is implied by the relation.
    text_columns = [c for c in _csv_rows(payload, "edges.csv")[0][2:]
                    if c not in NUMERIC_EXTRA_COLUMNS]
    want = [(u, v, {**dict.fromkeys(text_columns, ""),
                    **{k: x for k, x in d.items() if k != "bridged"}})
            for u, v, d in view.edges(data=True)]
    assert [(u, v, _typed_attrs(d)) for u, v, d in H.edges(data=True)] == \
        [(u, v, _typed_attrs(d)) for u, v, d in want]


@_PROPERTY
@given(G=tiered_graphs(), tiers=_TIER_SETS)
def test_property_xml_and_json_exports_read_back_equal(G, tiers):
    from graph.query import filter_graph

    view = G if tiers is None else filter_graph(G, tiers=tiers)
    want_nodes = {n: _typed_attrs(d) for n, d in view.nodes(data=True)}
    want_edges = {e: _typed_attrs(d) for e, d in _edges(view).items()}
    for H in (nx.read_graphml(io.BytesIO(export.to_graphml(view))),
              nx.node_link_graph(json.loads(export.to_node_link_json(view)), edges="edges")):
        assert {n: _typed_attrs(d) for n, d in H.nodes(data=True)} == want_nodes
        assert {e: _typed_attrs(d) for e, d in _edges(H).items()} == want_edges
    X = nx.read_gexf(io.BytesIO(export.to_gexf(view)))
    assert {n: _typed_attrs(d, drop=("viz",)) for n, d in X.nodes(data=True)} == want_nodes
    assert {e: _typed_attrs(d, drop=("id",)) for e, d in _edges(X).items()} == want_edges


# ----------------------------------------------------------------------------- GraphML / GEXF


@pytest.mark.parametrize("make", ["tiny", "rich", "hand"])
def test_graphml_reads_back_with_networkx_with_types(make, tiny_graph):
    G = {"tiny": lambda: tiny_graph, "rich": lambda: _rich_graph(tiny_graph),
         "hand": _hand_graph}[make]()
    H = nx.read_graphml(io.BytesIO(export.to_graphml(G)))
    assert H.is_directed() and list(H) == list(G)
    assert {n: _typed_attrs(d) for n, d in H.nodes(data=True)} == \
        {n: _typed_attrs(d) for n, d in G.nodes(data=True)}
    assert {e: _typed_attrs(d) for e, d in _edges(H).items()} == \
        {e: _typed_attrs(d) for e, d in _edges(G).items()}


@pytest.mark.parametrize("make", ["tiny", "rich", "hand"])
def test_graphml_reads_back_with_igraph(make, tiny_graph, tmp_path):
    igraph = pytest.importorskip("igraph")
    G = {"tiny": lambda: tiny_graph, "rich": lambda: _rich_graph(tiny_graph),
         "hand": _hand_graph}[make]()
    path = tmp_path / "g.graphml"
    path.write_bytes(export.to_graphml(G, provenance(G, {"tiers": ["job"]}, now=NOW)))
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed()
    assert g.vs["id"] == list(G)
    for vertex, (n, attrs) in zip(g.vs, G.nodes(data=True)):
        for k, v in attrs.items():
            if v is None:
                continue
            got = vertex[k]
            if isinstance(v, bool):
                assert got is v or got == v, (n, k)
            elif isinstance(v, (int, float)):
                assert float(got) == float(v), (n, k)
            else:
                assert got == v, (n, k)
    ids = g.vs["id"]
    got_edges = {(ids[e.source], ids[e.target]): e.attributes() for e in g.es}
    assert set(got_edges) == set(G.edges)
    for (u, v), attrs in _edges(G).items():
        for k, value in attrs.items():
            got = got_edges[u, v][k]
            assert (float(got) == float(value)) if isinstance(value, (int, float)) \
                and not isinstance(value, bool) else got == value, (u, v, k)
    assert g["checksum"] == G.graph.get("checksum", g["checksum"])
    assert json.loads(g["filters"]) == {"tiers": ["job"]}
    assert int(g["nodes"]) == G.number_of_nodes()


@pytest.mark.parametrize("values, expected_type", [
    ([1, 2, 3], int),
    ([1, 2.5], float),
    ([0.5, 2.0], float),
    ([True, False], bool),
    ([1, "a"], str),
    ([True, 1], str),
    (["a", None], str),
    ([1, None], int),
])
def test_xml_attribute_types_follow_the_values(values, expected_type):
    G = nx.DiGraph()
    for i, value in enumerate(values):
        G.add_node(f"n{i}", label=f"N{i}", tier="job", x=value)
    for writer, reader in ((export.to_graphml, nx.read_graphml), (export.to_gexf, nx.read_gexf)):
        H = reader(io.BytesIO(writer(G)))
        for i, value in enumerate(values):
            attrs = H.nodes[f"n{i}"]
            if value is None:
                assert "x" not in attrs  # absent attributes are dropped, never "None"
                continue
            assert type(attrs["x"]) is expected_type, (writer.__name__, values)
            if expected_type is str:
                assert attrs["x"] == str(value) or attrs["x"] == ("true" if value is True else
                                                               "false" if value is False else None)
            else:
                assert attrs["x"] == value


@pytest.mark.parametrize("value, expected", [
    (["cook", "chef"], "cook|chef"),
    (("a", "b", "c"), "a|b|c"),
    ({"b", "a"}, "a|b"),
    ({"k": 1}, '{"k": 1}'),
])
def test_xml_joins_lists_and_encodes_dicts_as_text(value, expected):
    G = nx.DiGraph()
    G.add_node("chef", label="Chef", tier="profession", aliases=value)
    for writer, reader in ((export.to_graphml, nx.read_graphml), (export.to_gexf, nx.read_gexf)):
        assert reader(io.BytesIO(writer(G))).nodes["chef"]["aliases"] == expected


@pytest.mark.parametrize("text, expected", [
    ('<tag attr="v"> & </tag>', None),
    ("line one\nline two", None),
    ("windows\r\nbreak", None),
    ("tab\tseparated", None),
    ("  padded  ", None),
    ("accents: éàü ß 東京 😀", None),
    ("apostrophe's \"quotes\"", None),
    ("control\x01char\x1f", "control\ufffdchar\ufffd"),
])
def test_xml_escapes_text_so_it_reads_back_unchanged(text, expected):
    G = nx.DiGraph()
    G.add_node("n&<>\"1", label=text, tier="job", description=text)
    G.add_node("m", label="M", tier="profession", description="")
    G.add_edge("n&<>\"1", "m", relation="draws_on", evidence=text)
    want = text if expected is None else expected
    H = nx.read_graphml(io.BytesIO(export.to_graphml(G)))
    assert H.nodes["n&<>\"1"]["description"] == want
    assert H.edges["n&<>\"1", "m"]["evidence"] == want
    X = nx.read_gexf(io.BytesIO(export.to_gexf(G)))
    assert X.nodes["n&<>\"1"]["label"] == want
    assert X.nodes["n&<>\"1"]["description"] == want
    assert X.edges["n&<>\"1", "m"]["evidence"] == want


@pytest.mark.parametrize("make", ["tiny", "rich", "hand"])
def test_gexf_reads_back_with_networkx_with_label_colour_and_types(make, tiny_graph):
    G = {"tiny": lambda: tiny_graph, "rich": lambda: _rich_graph(tiny_graph),
         "hand": _hand_graph}[make]()
    H = nx.read_gexf(io.BytesIO(export.to_gexf(G)))
    assert H.is_directed() and list(H) == list(G)
    for n, attrs in G.nodes(data=True):
        got = dict(H.nodes[n])
        viz = got.pop("viz")
        tier = TIER_BY_ID[attrs["tier"]]
        assert "#{r:02X}{g:02X}{b:02X}".format(**viz["color"]) == tier.colour.upper()
        assert _typed_attrs(got) == _typed_attrs(attrs)
    for (u, v), attrs in _edges(G).items():
        got = dict(H.edges[u, v])
        assert got.pop("id") == f"{u}->{v}"
        want = _typed_attrs(attrs)
        if "weight" in attrs:  # the GEXF edge weight is a double
            want["weight"] = _typed(float(attrs["weight"]))
        assert _typed_attrs(got) == want


def test_gexf_meta_holds_the_provenance_record(tiny_graph):
    prov = provenance(tiny_graph, {"needs": ["family"]}, now=NOW)
    root = ET.fromstring(export.to_gexf(tiny_graph, prov))
    meta = root.find("g:meta", GEXF_NS)
    assert meta.get("lastmodifieddate") == "2026-03-04"
    assert "Web of Work Explorer" in meta.find("g:creator", GEXF_NS).text
    assert json.loads(meta.find("g:description", GEXF_NS).text) == prov


# ----------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("make", ["tiny", "rich", "hand"])
def test_node_link_json_reads_back_with_networkx(make, tiny_graph):
    G = {"tiny": lambda: tiny_graph, "rich": lambda: _rich_graph(tiny_graph),
         "hand": _hand_graph}[make]()
    doc = json.loads(export.to_node_link_json(G))
    H = nx.node_link_graph(doc, edges="edges")
    assert H.is_directed() and list(H) == list(G)
    assert {n: _typed_attrs(d) for n, d in H.nodes(data=True)} == \
        {n: _typed_attrs(d) for n, d in G.nodes(data=True)}
    assert {e: _typed_attrs(d) for e, d in _edges(H).items()} == \
        {e: _typed_attrs(d) for e, d in _edges(G).items()}
    assert doc["provenance"]["nodes"] == G.number_of_nodes()


@pytest.mark.parametrize("make", ["tiny", "rich", "hand"])
def test_cytoscape_json_reads_back_with_networkx(make, tiny_graph):
    G = {"tiny": lambda: tiny_graph, "rich": lambda: _rich_graph(tiny_graph),
         "hand": _hand_graph}[make]()
    prov = provenance(G, {"focus": "chef", "depth": 2}, now=NOW)
    doc = json.loads(export.to_cytoscape_json(G, prov))
    assert set(doc["elements"]) == {"nodes", "edges"}
    assert len(doc["elements"]["nodes"]) == G.number_of_nodes()
    assert doc["data"] == {**prov, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    H = nx.cytoscape_graph(doc)
    assert H.is_directed() and list(H) == list(G)
    for n, attrs in G.nodes(data=True):
        got = dict(H.nodes[n])
        assert got.pop("id") == n and got.pop("value") == n
        assert got.pop("name") == attrs["label"]
        assert _typed_attrs(got) == _typed_attrs(attrs)
    for (u, v), attrs in _edges(G).items():
        got = dict(H.edges[u, v])
        assert (got.pop("id"), got.pop("source"), got.pop("target")) == (f"{u}->{v}", u, v)
        assert _typed_attrs(got) == _typed_attrs(attrs)


# ----------------------------------------------------------------------------- provenance


def _provenance_of(fmt: str, payload: bytes) -> dict:
    """Return the provenance record read back from an export in format `fmt`."""
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(payload)) as z:
            return json.loads(z.read("provenance.json"))
    if fmt == "graphml":
        record = dict(nx.read_graphml(io.BytesIO(payload)).graph)
        record["filters"] = json.loads(record["filters"])
        return record
    if fmt == "gexf":
        meta = ET.fromstring(payload).find("g:meta", GEXF_NS)
        return json.loads(meta.find("g:description", GEXF_NS).text)
    if fmt == "json":
        return json.loads(payload)["provenance"]
    return json.loads(payload)["data"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_carries_the_provenance(fmt, tiny_graph):
    view = tiny_graph.subgraph([n for n in tiny_graph if n != "chef"])
    filters = {"needs": ["leisure", "family"], "tiers": ("job",), "depth": 2}
    prov = provenance(view, filters, now=NOW)
    got = _provenance_of(fmt, FORMATS[fmt].writer(view, prov))
    assert got["checksum"] == tiny_graph.graph["checksum"]
    assert got["checksum_of"] == "data files"
    assert got["dataset"] == "tiny"
    assert got["filters"] == {"needs": ["leisure", "family"], "tiers": ["job"], "depth": 2}
    assert got["exported_at"] == "2026-03-04T05:06:07Z"
    assert got["version"] == export.product_version() != "unknown"
    assert (got["nodes"], got["edges"]) == (view.number_of_nodes(), view.number_of_edges())


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_provenance_is_computed_when_not_given(fmt):
    G = _hand_graph()
    got = _provenance_of(fmt, FORMATS[fmt].writer(G))
    assert got["checksum_of"] == "graph content"
    assert re.fullmatch(r"[0-9a-f]{64}", got["checksum"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", got["exported_at"])
    assert got["filters"] == {}


def test_content_checksum_changes_with_the_content_only():
    G, H = _hand_graph(), _hand_graph()
    assert provenance(G)["checksum"] == provenance(H)["checksum"]
    H.nodes["nurse"]["label"] = "Nurses"
    assert provenance(G)["checksum"] != provenance(H)["checksum"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_writers_are_deterministic_and_never_mutate_the_graph(fmt, tiny_graph):
    G = _rich_graph(tiny_graph)
    before = _snapshot(G)
    prov = provenance(G, {"tiers": ["job"]}, now=NOW)
    first = FORMATS[fmt].writer(G, prov)
    assert FORMATS[fmt].writer(G, prov) == first
    assert _snapshot(G) == before
    assert prov["nodes"] == G.number_of_nodes()  # the caller's record is not rewritten


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_writes_an_empty_graph(fmt):
    payload = FORMATS[fmt].writer(nx.DiGraph())
    assert isinstance(payload, bytes) and payload
    assert _provenance_of(fmt, payload)["nodes"] == 0


# ----------------------------------------------------------------------------- registry, names


@pytest.mark.parametrize("name, extension, mime", [
    ("csv", "zip", "application/zip"),
    ("graphml", "graphml", "application/graphml+xml"),
    ("gexf", "gexf", "application/gexf+xml"),
    ("json", "json", "application/json"),
    ("cyjs", "cyjs", "application/json"),
])
def test_formats_registry(name, extension, mime):
    fmt = FORMATS[name]
    assert (fmt.name, fmt.extension, fmt.mime) == (name, extension, mime)
    assert fmt.label and callable(fmt.writer)
    assert export.export_bytes(_hand_graph(), name.upper(), {"checksum": "x"}) == \
        fmt.writer(_hand_graph(), {"checksum": "x"})


def test_formats_registry_is_read_only():
    with pytest.raises(TypeError):
        FORMATS["pdf"] = FORMATS["csv"]


def test_unknown_format_suggests_the_known_ones():
    with pytest.raises(UnknownNameError) as err:
        export.export_bytes(nx.DiGraph(), "grafml")
    assert err.value.suggestions[0] == "graphml"


@pytest.mark.parametrize("name, filters, fmt, expected", [
    ("data", {"needs": ["health-and-well-being"], "tiers": ["job"]}, "graphml",
     "web-of-work_health-and-well-being_jobs.graphml"),
    ("data", {}, "csv", "web-of-work.zip"),
    ("data", None, "gexf", "web-of-work.gexf"),
    ("us", {"tiers": {"job", "need", "industry"}}, "json", "web-of-work_us_needs-industries-jobs.json"),
    ("tiny", {"needs": "family", "focus": "chef", "depth": 2}, "cyjs",
     "web-of-work_tiny_family_focus-chef-depth-2.cyjs"),
    ("../../etc/passwd", {}, "csv", "web-of-work_etc-passwd.zip"),
    ("a/b", {"focus": "..\\..\\boot.ini"}, "json", "web-of-work_a-b_focus-boot-ini.json"),
    ("Café Société", {"needs": ["Économie"]}, "gexf", "web-of-work_cafe-societe_economie.gexf"),
    ("東京", {"focus": "😀"}, "graphml", "web-of-work.graphml"),
    ("", {"needs": ["", None]}, "csv", "web-of-work.zip"),
    ("CON", {"tiers": ["profession", "organization"]}, "csv",
     "web-of-work_con_professions-organizations.zip"),
])
def test_export_filename_table(name, filters, fmt, expected):
    assert export_filename(name, filters, fmt) == expected


@pytest.mark.parametrize("name, filters", [
    ("x" * 1000, {}),
    ("data", {"needs": list(NEED_IDS), "tiers": list(TIER_BY_ID)}),
    ("data", {"focus": "a" * 500, "depth": 10**50}),
    ("../" * 300, {"focus": "/" * 300}),
    ("\x00\n\t", {"needs": ["\r\n"]}),
])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_filename_is_always_safe_and_bounded(name, filters, fmt):
    got = export_filename(name, filters, fmt)
    assert re.fullmatch(r"[a-z0-9_-]+\.[a-z]+", got), got
    assert len(got) <= export.MAX_FILENAME_LENGTH
    assert got.endswith("." + FORMATS[fmt].extension)
    assert ".." not in got and "/" not in got and "\\" not in got


def test_long_export_filenames_stay_distinct():
    a = export_filename("data", {"focus": "a" * 500 + "x"}, "csv")
    b = export_filename("data", {"focus": "a" * 500 + "y"}, "csv")
    assert a != b and len(a) == len(b) == export.MAX_FILENAME_LENGTH


def test_export_filename_takes_the_dataset_name_from_a_graph(tiny_graph):
    assert export_filename(tiny_graph, {"tiers": ["job"]}, "csv") == "web-of-work_tiny_jobs.zip"
    assert export_filename(tiny_graph.subgraph(["chef"]), {}, "json") == "web-of-work_tiny.json"


# ----------------------------------------------------------------------------- to_elements


def test_to_elements_nodes_then_edges_with_every_attribute(rich_graph):
    elements = to_elements(rich_graph)
    n = rich_graph.number_of_nodes()
    assert [e["data"]["id"] for e in elements[:n]] == list(rich_graph)
    assert [e["data"]["id"] for e in elements[n:]] == [f"{u}->{v}" for u, v in rich_graph.edges]
    for element, (node, attrs) in zip(elements, rich_graph.nodes(data=True)):
        assert element["data"] == {"id": node, **attrs}
    for element, (u, v, attrs) in zip(elements[n:], rich_graph.edges(data=True)):
        assert element["data"] == {"id": f"{u}->{v}", "source": u, "target": v, **attrs}


@pytest.mark.parametrize("node, classes", [
    ("family", "need need-family"),
    ("health-and-well-being", "need need-health-and-well-being"),
    ("chef", "profession"),
    ("hospitals", "industry"),
    ("mount-sinai-hospital", "organization"),
    ("line-cook", "job"),
])
def test_to_elements_node_classes_name_the_tier(rich_graph, node, classes):
    by_id = {e["data"]["id"]: e for e in to_elements(rich_graph)}
    assert by_id[node]["classes"] == classes


@pytest.mark.parametrize("edge, classes", [
    (("chef", "leisure"), "serves"),
    (("hospitals", "health-care"), "part_of"),
    (("line-cook", "chef"), "draws_on"),
    (("jpmorgan-chase", "family"), "bridged"),
])
def test_to_elements_edge_classes_name_the_relation(rich_graph, edge, classes):
    by_id = {e["data"]["id"]: e for e in to_elements(rich_graph)}
    assert by_id["->".join(edge)]["classes"] == classes


def test_to_elements_marks_a_bridged_flag_on_any_relation():
    G = nx.DiGraph()
    G.add_edge("a", "b", relation="serves", bridged=True)
    G.add_edge("b", "c", relation="serves", bridged=False)
    assert [e["classes"] for e in to_elements(G)[3:]] == ["serves bridged", "serves"]


def test_to_elements_positions_and_extra_classes(rich_graph):
    positions = {"chef": (1, -2.5), "family": {"x": 3, "y": 4}}
    extra = {"chef": "highlight", "line-cook->chef": ["path", "hot"]}
    by_id = {e["data"]["id"]: e for e in to_elements(rich_graph, positions, extra)}
    assert by_id["chef"]["position"] == {"x": 1.0, "y": -2.5}
    assert by_id["family"]["position"] == {"x": 3.0, "y": 4.0}
    assert "position" not in by_id["line-cook"]
    assert by_id["chef"]["classes"] == "profession highlight"
    assert by_id["line-cook->chef"]["classes"] == "draws_on path hot"
    by_id = {e["data"]["id"]: e for e in to_elements(
        rich_graph, classes=lambda i: "dim" if i.startswith("line-cook") else None)}
    assert by_id["line-cook"]["classes"] == "job dim"
    assert by_id["chef"]["classes"] == "profession"


def test_to_elements_fixed_keys_win_over_attributes_of_the_same_name():
    G = nx.DiGraph()
    G.add_node("a", id="other", tier="job")
    G.add_node("b", tier="profession")
    G.add_edge("a", "b", id="x", source="y", target="z")
    node, _, edge = to_elements(G)
    assert node["data"] == {"id": "a", "label": "a", "tier": "job"}
    assert edge["data"] == {"id": "a->b", "source": "a", "target": "b", "relation": ""}
    assert edge["classes"] == ""


def test_to_elements_copies_data_and_makes_ids_strings():
    G = nx.DiGraph()
    G.add_node(1, tier="job")
    G.add_node(2, label="Two", tier="profession")
    G.add_edge(1, 2, relation="draws_on")
    elements = to_elements(G)
    assert [e["data"]["id"] for e in elements] == ["1", "2", "1->2"]
    assert elements[0]["data"]["label"] == "1"
    assert (elements[2]["data"]["source"], elements[2]["data"]["target"]) == ("1", "2")
    elements[1]["data"]["label"] = "changed"
    elements[2]["data"]["relation"] = "changed"
    assert G.nodes[2]["label"] == "Two" and G.edges[1, 2]["relation"] == "draws_on"


def _views(G):
    """Return (name, graph) for the kinds of views and graphs a caller may export."""
    from graph.query import filter_graph, neighbourhood

    some = [n for n in G if G.nodes[n]["tier"] != "industry"]
    return [
        ("graph", G),
        ("subgraph", G.subgraph(some)),
        ("subgraph-of-subgraph", G.subgraph(some).subgraph(some[::2])),
        ("restricted", nx.restricted_view(G, ["chef"], [("line-cook", "chef")])),
        ("reversed", G.reverse(copy=False)),
        ("reversed-subgraph", G.reverse(copy=False).subgraph(some)),
        ("frozen-copy", nx.freeze(G.copy())),
        ("need-filter", filter_graph(G, needs=["health-and-well-being"])),
        ("bridged-filter", filter_graph(G, tiers=["job", "need"])),
        ("neighbourhood", neighbourhood(G, "registered-nurse", depth=2)),
    ]


@pytest.mark.parametrize("index", range(10))
def test_every_kind_of_view_exports_exactly_its_nodes_and_edges(index, rich_graph):
    name, view = _views(rich_graph)[index]
    assert export._node_items(view) == list(view.nodes(data=True)), name
    assert sorted(export._edge_items(view)) == sorted(view.edges(data=True)), name
    H = nx.read_graphml(io.BytesIO(export.to_graphml(view)))
    assert set(H) == set(view) and set(H.edges) == set(view.edges), name
    elements = to_elements(view)
    assert len(elements) == view.number_of_nodes() + view.number_of_edges()


def test_to_elements_is_json_serialisable(rich_graph):
    assert json.loads(json.dumps(to_elements(rich_graph))) == to_elements(rich_graph)


def test_non_finite_floats_survive_graphml():
    G = nx.DiGraph()
    G.add_node("a", tier="job", x=float("nan"), y=float("inf"), z=-float("inf"))
    H = nx.read_graphml(io.BytesIO(export.to_graphml(G)))
    assert math.isnan(H.nodes["a"]["x"])
    assert H.nodes["a"]["y"] == float("inf") and H.nodes["a"]["z"] == -float("inf")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=6), st.sampled_from(["", "'", "=", "\t", "\r", "-1", "x"])))
def test_csv_cells_neutralise_exactly_like_the_schema(text):
    # The CSV writer's fast path must agree with the rule the loader undoes.
    assert export._csv_cell(text) == neutralise(text)


@pytest.mark.parametrize("column", [
    ["plain", "", "=1+1", "+44 20", "-dash", "@home", "'quoted", "\tTab", "\rCR", "ok"],
    ["text", None, "=SUM(A1)", None],
    [1200, None, 0, -5, 2 ** 70],
    [2.0, None, 0.5, -0.0, 1e20, 1e-7, math.nan, math.inf, -math.inf],
    [True, False, None],
    [1, 2.5, "=x", None, True, ("a", "b")],
])
def test_csv_columns_are_written_as_cell_by_cell(column):
    # the column-at-a-time fast paths give exactly what one cell at a time gives
    assert export._csv_column(list(column)) == [export._csv_cell(x) for x in column]
