"""Sample graphs and comparison helpers shared by the export and element tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from graph.schema import ALIAS_SEPARATOR, BRIDGED, TIER_BY_ID

REPO = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc)
GEXF_NS = {"g": "http://www.gexf.net/1.2draft"}

#: No tier filter, or any non-empty set of tiers.
TIER_SETS = st.one_of(st.none(), st.sets(st.sampled_from(list(TIER_BY_ID)), min_size=1))
#: Hypothesis settings of the property tests that write whole files.
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def nodes_of(G):
    """Return node id -> attributes."""
    return {n: dict(d) for n, d in G.nodes(data=True)}


def edges_of(G):
    """Return (source, target) -> attributes."""
    return {(u, v): dict(d) for u, v, d in G.edges(data=True)}


def typed(value):
    """Return (type name, value) so that 1 and 1.0 and True compare as different."""
    return (type(value).__name__, value)


def typed_attrs(attrs: dict, drop=()) -> dict:
    """Return attributes as typed pairs, leaving out None values and `drop` keys."""
    return {k: typed(v) for k, v in attrs.items() if v is not None and k not in drop}


def unzip(payload: bytes, folder: Path) -> Path:
    """Extract an export zip into `folder` and return it."""
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        z.extractall(folder)
    return folder


def csv_rows(payload: bytes, name: str) -> list[list[str]]:
    """Return the rows (header first) of one CSV file of an export zip, read with csv."""
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        text = z.read(name).decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def make_rich_graph(tiny_graph) -> nx.DiGraph:
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


def make_hand_graph() -> nx.DiGraph:
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


#: The sample names `sample_graph` takes.
SAMPLES = ["tiny", "rich", "hand"]


def sample_graph(name: str, tiny_graph) -> nx.DiGraph:
    """Return the sample graph `name`: the tiny dataset, its rich copy or the hand-made one."""
    if name == "tiny":
        return tiny_graph
    return make_rich_graph(tiny_graph) if name == "rich" else make_hand_graph()


def views_of(G) -> list[tuple[str, nx.DiGraph]]:
    """Return (name, graph) for the kinds of views and graphs a caller may export or draw."""
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
