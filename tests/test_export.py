"""Tests of graph.export across formats: provenance, the registry, file names, views."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import networkx as nx
import pytest
from tests.export_samples import (GEXF_NS, NOW, PROPERTY, TIER_SETS, edges_of,
                                  make_hand_graph, make_rich_graph, typed_attrs, views_of)
from hypothesis import given
from tests.strategies import tiered_graphs

from graph import export
from graph.errors import UnknownNameError
from graph.export import FORMATS, export_filename, provenance
from graph.export._items import edge_items, node_items
from graph.schema import NEED_IDS, TIER_BY_ID


@pytest.fixture
def rich_graph(tiny_graph):
    """The tiny dataset with numbers, awkward text and a bridged edge added."""
    return make_rich_graph(tiny_graph)


def _snapshot(G):
    """Return a deep, comparable copy of a graph's nodes, edges and attributes."""
    return (json.dumps(list(G.nodes(data=True)), sort_keys=True, default=str),
            json.dumps(list(G.edges(data=True)), sort_keys=True, default=str),
            json.dumps(G.graph, sort_keys=True, default=str))


# ----------------------------------------------------------------------------- every format read back


@PROPERTY
@given(G=tiered_graphs(), tiers=TIER_SETS)
def test_property_xml_and_json_exports_read_back_equal(G, tiers):
    from graph.query import filter_graph

    view = G if tiers is None else filter_graph(G, tiers=tiers)
    want_nodes = {n: typed_attrs(d) for n, d in view.nodes(data=True)}
    want_edges = {e: typed_attrs(d) for e, d in edges_of(view).items()}
    for H in (nx.read_graphml(io.BytesIO(export.to_graphml(view))),
              nx.node_link_graph(json.loads(export.to_node_link_json(view)), edges="edges")):
        assert {n: typed_attrs(d) for n, d in H.nodes(data=True)} == want_nodes
        assert {e: typed_attrs(d) for e, d in edges_of(H).items()} == want_edges
    X = nx.read_gexf(io.BytesIO(export.to_gexf(view)))
    assert {n: typed_attrs(d, drop=("viz",)) for n, d in X.nodes(data=True)} == want_nodes
    assert {e: typed_attrs(d, drop=("id",)) for e, d in edges_of(X).items()} == want_edges


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
    G = make_hand_graph()
    got = _provenance_of(fmt, FORMATS[fmt].writer(G))
    assert got["checksum_of"] == "graph content"
    assert re.fullmatch(r"[0-9a-f]{64}", got["checksum"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", got["exported_at"])
    assert got["filters"] == {}


def test_content_checksum_changes_with_the_content_only():
    G, H = make_hand_graph(), make_hand_graph()
    assert provenance(G)["checksum"] == provenance(H)["checksum"]
    H.nodes["nurse"]["label"] = "Nurses"
    assert provenance(G)["checksum"] != provenance(H)["checksum"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_writers_are_deterministic_and_never_mutate_the_graph(fmt, tiny_graph):
    G = make_rich_graph(tiny_graph)
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
    assert export.export_bytes(make_hand_graph(), name.upper(), {"checksum": "x"}) == \
        fmt.writer(make_hand_graph(), {"checksum": "x"})


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


# ----------------------------------------------------------------------------- views


@pytest.mark.parametrize("index", range(10))
def test_every_kind_of_view_exports_exactly_its_nodes_and_edges(index, rich_graph):
    name, view = views_of(rich_graph)[index]
    assert node_items(view) == list(view.nodes(data=True)), name
    assert sorted(edge_items(view)) == sorted(view.edges(data=True)), name
    H = nx.read_graphml(io.BytesIO(export.to_graphml(view)))
    assert set(H) == set(view) and set(H.edges) == set(view.edges), name
