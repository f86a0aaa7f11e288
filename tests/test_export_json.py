"""Tests of the JSON writers: NetworkX node-link and Cytoscape JSON, read back by NetworkX."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from tests.export_samples import NOW, SAMPLES, edges_of, sample_graph, typed_attrs

from graph import export
from graph.export import provenance

@pytest.mark.parametrize("make", SAMPLES)
def test_node_link_json_reads_back_with_networkx(make, tiny_graph):
    G = sample_graph(make, tiny_graph)
    doc = json.loads(export.to_node_link_json(G))
    H = nx.node_link_graph(doc, edges="edges")
    assert H.is_directed() and list(H) == list(G)
    assert {n: typed_attrs(d) for n, d in H.nodes(data=True)} == \
        {n: typed_attrs(d) for n, d in G.nodes(data=True)}
    assert {e: typed_attrs(d) for e, d in edges_of(H).items()} == \
        {e: typed_attrs(d) for e, d in edges_of(G).items()}
    assert doc["provenance"]["nodes"] == G.number_of_nodes()


@pytest.mark.parametrize("make", SAMPLES)
def test_cytoscape_json_reads_back_with_networkx(make, tiny_graph):
    G = sample_graph(make, tiny_graph)
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
        assert typed_attrs(got) == typed_attrs(attrs)
    for (u, v), attrs in edges_of(G).items():
        got = dict(H.edges[u, v])
        assert (got.pop("id"), got.pop("source"), got.pop("target")) == (f"{u}->{v}", u, v)
        assert typed_attrs(got) == typed_attrs(attrs)

