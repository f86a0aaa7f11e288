"""Tests of the CSV zip writer: the project's own schema, guarded cells, exact round trips."""

from __future__ import annotations

import csv
import io
import math
import warnings
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from tests.export_samples import (PROPERTY, REPO, TIER_SETS, csv_rows, edges_of,
                                  make_hand_graph, make_rich_graph, nodes_of, typed_attrs, unzip)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.strategies import tiered_graphs

from graph import export
from graph.build import load_graph
from graph.export.csvzip import _csv_cell, _csv_column
from graph.schema import BRIDGED, NODE_COLUMNS, NUMERIC_EXTRA_COLUMNS, neutralise

BUNDLED = REPO / "data"


@pytest.fixture
def rich_graph(tiny_graph):
    """The tiny dataset with numbers, awkward text and a bridged edge added."""
    return make_rich_graph(tiny_graph)


def test_csv_zip_holds_the_four_files_and_the_source_columns(tiny_graph, tiny_dir):
    payload = export.to_csv_zip(tiny_graph)
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        assert z.namelist() == ["nodes.csv", "edges.csv", "provenance.json", "README.txt"]
        readme = z.read("README.txt").decode()
    for name in ("nodes.csv", "edges.csv"):
        with open(tiny_dir / name, newline="", encoding="utf-8") as f:
            source_header = next(csv.reader(f))
        assert csv_rows(payload, name)[0] == source_header
    assert "python -m graph.build" in readme and tiny_graph.graph["checksum"] in readme


def test_csv_zip_round_trips_the_tiny_dataset_exactly(tiny_graph, tmp_path):
    H = load_graph(unzip(export.to_csv_zip(tiny_graph), tmp_path))
    assert list(H.nodes(data=True)) == list(tiny_graph.nodes(data=True))
    assert list(H.edges(data=True)) == list(tiny_graph.edges(data=True))
    assert H.graph["node_columns"] == tiny_graph.graph["node_columns"]
    assert H.graph["edge_columns"] == tiny_graph.graph["edge_columns"]


def test_csv_zip_round_trips_numbers_awkward_text_and_bridged_edges(rich_graph, tmp_path):
    H = load_graph(unzip(export.to_csv_zip(rich_graph), tmp_path))
    assert {n: typed_attrs(d) for n, d in H.nodes(data=True)} == \
        {n: typed_attrs(d) for n, d in rich_graph.nodes(data=True)}
    # The bridged flag is implied by the relation in CSV; everything else comes back, and
    # the via column the bridged edge adds is an empty text cell on the other edges.
    assert {e: typed_attrs(d) for e, d in edges_of(H).items()} == \
        {e: typed_attrs({**d, "via": d.get("via", "")}, drop=("bridged",))
         for e, d in edges_of(rich_graph).items()}
    assert H.edges["jpmorgan-chase", "family"]["relation"] == BRIDGED
    assert H.edges["jpmorgan-chase", "family"]["via"] == "financial-services"


def test_csv_zip_writes_numbers_as_numbers(rich_graph):
    payload = export.to_csv_zip(rich_graph)
    nodes = csv_rows(payload, "nodes.csv")
    header = nodes[0]
    row = {r[0]: dict(zip(header, r)) for r in nodes[1:]}
    assert row["staff-nurse"]["employment"] == "3200000"
    assert row["staff-nurse"]["median_wage"] == "93600"
    assert row["chef"]["employment"] == ""  # absent, not "nan" or "None"
    edges = {(r[0], r[1]): r for r in csv_rows(payload, "edges.csv")[1:]}
    weight_at = csv_rows(payload, "edges.csv")[0].index("weight")
    assert edges["accountant", "financial-services"][weight_at] == "3"
    assert edges["registered-nurse", "hospitals"][weight_at] == "0.123456789012345"
    assert edges["electrician", "home-and-shelter"][weight_at] == ""


def test_csv_zip_of_a_read_only_subgraph_view_round_trips(tiny_graph, tmp_path):
    keep = [n for n, t in tiny_graph.nodes(data="tier") if t in ("need", "profession", "job")]
    view = tiny_graph.subgraph(keep)
    H = load_graph(unzip(export.to_csv_zip(view), tmp_path))
    assert nodes_of(H) == nodes_of(view)
    assert edges_of(H) == edges_of(view)


@pytest.mark.parametrize("value", [
    "=SUM(A1:A9)", "+1", "-1", "@cmd", "\tindented", "\rreturn", "'quoted", "''twice",
    "'=already", "it's fine", "plain", "a=b", "x-1", "=", "-", "'",
])
def test_csv_neutralises_formula_cells_and_loads_them_back(tiny_graph, tmp_path, value):
    G = tiny_graph.copy()
    G.nodes["chef"]["description"] = value
    G.nodes["chef"]["aliases"] = value
    payload = export.to_csv_zip(G)
    rows = csv_rows(payload, "nodes.csv")
    chef = dict(zip(rows[0], next(r for r in rows if r[0] == "chef")))
    spreadsheet_would_run = value.startswith(("=", "+", "-", "@", "\t", "\r", "'"))
    assert chef["description"] == ("'" + value if spreadsheet_would_run else value)
    assert chef["aliases"] == chef["description"]
    H = load_graph(unzip(payload, tmp_path))
    assert H.nodes["chef"]["description"] == value
    assert H.nodes["chef"]["aliases"] == value


def test_csv_neutralises_every_text_column_including_extras(tiny_graph):
    G = tiny_graph.copy()
    G.nodes["chef"]["note"] = "=cmd|' /C calc'!A0"
    G.edges["chef", "leisure"]["evidence"] = "@SUM(1)"
    payload = export.to_csv_zip(G)
    for name in ("nodes.csv", "edges.csv"):
        for row in csv_rows(payload, name)[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, row)


def test_csv_columns_of_a_hand_made_graph_follow_the_schema(tmp_path):
    G = make_hand_graph()
    payload = export.to_csv_zip(G)
    header = csv_rows(payload, "nodes.csv")[0]
    schema_order = [c.name for c in NODE_COLUMNS]
    in_schema = [c for c in header if c in schema_order]
    assert header[:4] == ["id", "label", "tier", "description"]
    assert in_schema == sorted(in_schema, key=schema_order.index)
    assert header[len(in_schema):] == ["employment", "median_wage", "share", "verified"]
    assert "url" not in header  # no node has it
    edge_header = csv_rows(payload, "edges.csv")[0]
    assert edge_header == ["source", "target", "relation", "weight", "evidence", "via"]


@pytest.mark.parametrize("folder", [BUNDLED, BUNDLED / "us"], ids=["data", "data-us"])
def test_csv_zip_round_trips_the_bundled_data(folder, tmp_path):
    if not (folder / "nodes.csv").exists():
        pytest.skip(f"{folder.relative_to(REPO)}/nodes.csv not written yet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        G = load_graph(folder)
        H = load_graph(unzip(export.to_csv_zip(G), tmp_path))
    assert H.graph["node_columns"] == G.graph["node_columns"]
    assert H.graph["edge_columns"] == G.graph["edge_columns"]
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(data=True)) == list(G.edges(data=True))


def _load_quietly(folder: Path) -> nx.DiGraph:
    """Load a dataset, ignoring the warning about nodes a filter cut off from their need."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_graph(folder)


@PROPERTY
@given(G=tiered_graphs(), tiers=TIER_SETS, data=st.data())
def test_property_csv_zip_of_any_filtered_view_loads_back_equal(G, tiers, data, tmp_path_factory):
    from graph.query import filter_graph

    needs = data.draw(st.one_of(st.none(), st.lists(
        st.sampled_from([n for n, t in G.nodes(data="tier") if t == "need"]), min_size=1,
        unique=True)))
    view = G if needs is None and tiers is None else filter_graph(G, needs=needs, tiers=tiers)
    assume(view.number_of_nodes() > 0)  # the builder rightly refuses an empty dataset
    payload = export.to_csv_zip(view)
    H = _load_quietly(unzip(payload, tmp_path_factory.mktemp("zip")))
    assert list(H.nodes(data=True)) == list(view.nodes(data=True))
    # A text column some edges lack (evidence or via of bridged edges) loads back as "";
    # the bridged flag is implied by the relation.
    text_columns = [c for c in csv_rows(payload, "edges.csv")[0][2:]
                    if c not in NUMERIC_EXTRA_COLUMNS]
    want = [(u, v, {**dict.fromkeys(text_columns, ""),
                    **{k: x for k, x in d.items() if k != "bridged"}})
            for u, v, d in view.edges(data=True)]
    assert [(u, v, typed_attrs(d)) for u, v, d in H.edges(data=True)] == \
        [(u, v, typed_attrs(d)) for u, v, d in want]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=6), st.sampled_from(["", "'", "=", "\t", "\r", "-1", "x"])))
def test_csv_cells_neutralise_exactly_like_the_schema(text):
    # The CSV writer's fast path must agree with the rule the loader undoes.
    assert _csv_cell(text) == neutralise(text)


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
    assert _csv_column(list(column)) == [_csv_cell(x) for x in column]
