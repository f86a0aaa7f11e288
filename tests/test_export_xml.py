"""Tests of the GraphML and GEXF writers, read back by NetworkX and igraph."""

from __future__ import annotations

import io
import json
import math
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from tests.export_samples import GEXF_NS, NOW, SAMPLES, edges_of, sample_graph, typed, typed_attrs

from graph import export
from graph.export import provenance
from graph.schema import TIER_BY_ID

@pytest.mark.parametrize("make", SAMPLES)
def test_graphml_reads_back_with_networkx_with_types(make, tiny_graph):
    G = sample_graph(make, tiny_graph)
    H = nx.read_graphml(io.BytesIO(export.to_graphml(G)))
    assert H.is_directed() and list(H) == list(G)
    assert {n: typed_attrs(d) for n, d in H.nodes(data=True)} == \
        {n: typed_attrs(d) for n, d in G.nodes(data=True)}
    assert {e: typed_attrs(d) for e, d in edges_of(H).items()} == \
        {e: typed_attrs(d) for e, d in edges_of(G).items()}


@pytest.mark.parametrize("make", SAMPLES)
def test_graphml_reads_back_with_igraph(make, tiny_graph, tmp_path):
    igraph = pytest.importorskip("igraph")
    G = sample_graph(make, tiny_graph)
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
    for (u, v), attrs in edges_of(G).items():
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


@pytest.mark.parametrize("make", SAMPLES)
def test_gexf_reads_back_with_networkx_with_label_colour_and_types(make, tiny_graph):
    G = sample_graph(make, tiny_graph)
    H = nx.read_gexf(io.BytesIO(export.to_gexf(G)))
    assert H.is_directed() and list(H) == list(G)
    for n, attrs in G.nodes(data=True):
        got = dict(H.nodes[n])
        viz = got.pop("viz")
        tier = TIER_BY_ID[attrs["tier"]]
        assert "#{r:02X}{g:02X}{b:02X}".format(**viz["color"]) == tier.colour.upper()
        assert typed_attrs(got) == typed_attrs(attrs)
    for (u, v), attrs in edges_of(G).items():
        got = dict(H.edges[u, v])
        assert got.pop("id") == f"{u}->{v}"
        want = typed_attrs(attrs)
        if "weight" in attrs:  # the GEXF edge weight is a double
            want["weight"] = typed(float(attrs["weight"]))
        assert typed_attrs(got) == want


def test_gexf_meta_holds_the_provenance_record(tiny_graph):
    prov = provenance(tiny_graph, {"needs": ["family"]}, now=NOW)
    root = ET.fromstring(export.to_gexf(tiny_graph, prov))
    meta = root.find("g:meta", GEXF_NS)
    assert meta.get("lastmodifieddate") == "2026-03-04"
    assert "Web of Work Explorer" in meta.find("g:creator", GEXF_NS).text
    assert json.loads(meta.find("g:description", GEXF_NS).text) == prov


def test_non_finite_floats_survive_graphml():
    G = nx.DiGraph()
    G.add_node("a", tier="job", x=float("nan"), y=float("inf"), z=-float("inf"))
    H = nx.read_graphml(io.BytesIO(export.to_graphml(G)))
    assert math.isnan(H.nodes["a"]["x"])
    assert H.nodes["a"]["y"] == float("inf") and H.nodes["a"]["z"] == -float("inf")
