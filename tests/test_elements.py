"""Tests of explorer.elements: the Cytoscape.js elements the explorer draws."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from tests.export_samples import make_rich_graph, views_of

from explorer.elements import to_elements
from explorer.graphview import FIT_PADDING
from explorer.scales import colour_values


@pytest.fixture
def rich_graph(tiny_graph):
    """The tiny dataset with numbers, awkward text and a bridged edge added."""
    return make_rich_graph(tiny_graph)


def test_to_elements_nodes_then_edges_with_every_attribute(rich_graph):
    elements = to_elements(rich_graph)
    n = rich_graph.number_of_nodes()
    assert [e["data"]["id"] for e in elements[:n]] == list(rich_graph)
    assert [e["data"]["id"] for e in elements[n:]] == [f"{u}->{v}" for u, v in rich_graph.edges]
    for element, (node, attrs) in zip(elements, rich_graph.nodes(data=True)):
        # plus the bins "Colour by" paints (explorer.scales), for the figures a node has
        assert element["data"] == {"id": node, **attrs, **colour_values(attrs)}
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


def test_to_elements_is_json_serialisable(rich_graph):
    assert json.loads(json.dumps(to_elements(rich_graph))) == to_elements(rich_graph)


@pytest.mark.parametrize("index", range(10))
def test_every_kind_of_view_gives_one_element_per_node_and_edge(index, rich_graph):
    name, view = views_of(rich_graph)[index]
    elements = to_elements(view)
    n = view.number_of_nodes()
    assert len(elements) == n + view.number_of_edges(), name
    assert [e["data"]["id"] for e in elements[:n]] == list(view), name
    assert sorted(e["data"]["id"] for e in elements[n:]) == \
        sorted(f"{u}->{v}" for u, v in view.edges), name


def test_the_browser_fits_views_with_the_padding_of_the_layout_fit():
    # The layout's fit (server) and the browser's refits (focus, resize, zoom buttons)
    # leave the same room round the drawing: a refit never shrinks or grows the view.
    script = (Path(__file__).resolve().parents[1] / "explorer" / "assets" / "explorer.js").read_text()
    assert re.findall(r"var FIT_PADDING = (\d+);", script) == [str(FIT_PADDING)]
    assert not re.search(r"\b(?:var|let|const)\s+\w*PAD\w*\s*=\s*\d", script.replace(
        f"var FIT_PADDING = {FIT_PADDING};", ""))
    assert not re.search(r"(?:fit\(|padding:)[^;]*\b\d+\b", script.replace(
        "FIT_PADDING", "P"))
