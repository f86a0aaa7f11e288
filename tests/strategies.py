"""Hypothesis strategies for random, valid Web of Work graphs.

`tiered_graphs()` draws small ``nx.DiGraph`` objects shaped like the output of
``graph.build.load_graph``: node keys are slug ids; every node has every column of
``schema.NODE_COLUMNS`` but ``id`` as a text attribute ("" when empty; ``aliases``
joined with ``|``); need nodes use the real need ids and labels; edges carry a
``relation`` allowed by ``schema.RELATION_BY_PAIR`` (lateral ones such as ``related_to``
only with ``lateral=True``, carrying ``relatedness`` and ``related_index``), ``evidence``
(text, maybe "") and sometimes a float ``weight``; no self-loops, no cycles (``part_of`` goes from a later industry to an
earlier one, as the builder requires edges to lead toward the needs); ``G.graph`` holds
``name``, ``checksum``, ``node_columns``, ``edge_columns`` and ``warnings``.

Labels, aliases and descriptions mix accents, punctuation and spreadsheet formula
prefixes (``=``, ``+``, ``-``, ``@``) so writers and readers meet awkward text.
"""

from __future__ import annotations

import hashlib
import random

import networkx as nx
from hypothesis import strategies as st

from graph.schema import (ALIAS_SEPARATOR, EDGE_COLUMNS, LATERAL_RELATIONS, NEEDS,
                          NODE_COLUMNS, ORG_KINDS, RELATEDNESS, RELATION_BY_PAIR, WORK_TIERS)

WORDS = ("loan", "officer", "nurse", "café", "Électricien", "chef", "data", "analyst",
         "health", "care", "bank", "school", "teacher", "health-care", "o'brien", "naïve",
         "=SUM(A1)", "+1", "-dash", "@home", "Zoë", "straße", "ünïcödé", "x")

_TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
_NODE_ATTRS = [c.name for c in NODE_COLUMNS if c.name != "id"]


def _node_attributes(draw, tier: str, label: str) -> dict:
    """Draw the attributes of one node, every column present as load_graph gives them."""
    data = dict.fromkeys(_NODE_ATTRS, "")
    data.update(label=label, tier=tier, description=draw(_TEXT))
    if draw(st.booleans()):
        aliases = draw(st.lists(_TEXT, max_size=3, unique=True))
        data["aliases"] = ALIAS_SEPARATOR.join(a for a in aliases if a != label)
    if tier in ("profession", "job") and draw(st.booleans()):
        data["code"] = draw(st.from_regex(r"\A[1-5][0-9]-[0-9]{4}\Z"))
    elif tier == "industry" and draw(st.booleans()):
        data["code"] = draw(st.from_regex(r"\A[1-9][0-9]{1,5}\Z"))
    if tier == "profession" and draw(st.booleans()):
        data["credentials"] = draw(_TEXT)
    if tier == "organization":
        data["kind"] = draw(st.sampled_from(ORG_KINDS))
    return data


@st.composite
def tiered_graphs(draw, max_per_tier: int = 6, max_edges: int = 120, min_needs: int = 1,
                  lateral: bool = False):
    """Draw a random valid tiered graph (see the module docstring).

    Parameters
    ----------
    max_per_tier : int
        At most this many nodes in each work tier (profession, industry, organization, job).
    max_edges : int
        At most this many edges.
    min_needs : int
        At least this many of the 12 needs are present (they keep their real ids).
    lateral : bool
        Also draw lateral edges (``related_to`` between professions, one per pair).
    """
    need_ids = draw(st.lists(st.sampled_from([n.id for n in NEEDS]), min_size=min_needs,
                             max_size=len(NEEDS), unique=True))
    G = nx.DiGraph()
    by_tier: dict[str, list[str]] = {"need": []}
    for need in NEEDS:
        if need.id in need_ids:
            data = dict.fromkeys(_NODE_ATTRS, "")
            data.update(label=need.label, tier="need", description=f"The need for {need.short}.")
            G.add_node(need.id, **data)
            by_tier["need"].append(need.id)
    for tier in WORK_TIERS:
        count = draw(st.integers(0, max_per_tier))
        by_tier[tier] = []
        for i in range(count):
            node = f"{tier}-{i}"
            label = draw(_TEXT)
            G.add_node(node, **_node_attributes(draw, tier, label))
            by_tier[tier].append(node)
    candidates = []
    for (a, b), relation in sorted(RELATION_BY_PAIR.items()):
        if relation in LATERAL_RELATIONS and not lateral:
            continue
        for u in by_tier.get(a, ()):
            for v in by_tier.get(b, ()):
                if a == b and by_tier[a].index(u) <= by_tier[b].index(v):
                    continue  # part_of: only to an earlier industry, so never a cycle
                candidates.append((u, v, relation))
    if candidates:
        # a density drawn per graph gives sparse and dense graphs alike (long chains too)
        # (a seeded generator, not st.randoms(), whose values cluster near zero and would
        # pick edges in candidate order)
        density = draw(st.sampled_from([0.1, 0.25, 0.5, 0.8]))
        rng = random.Random(draw(st.integers(0, 2**32 - 1)))
        chosen = [c for c in candidates if rng.random() < density]
        rng.shuffle(chosen)
        for u, v, relation in sorted(chosen[:max_edges]):
            data = {"relation": relation}
            if draw(st.booleans()):
                data["weight"] = draw(st.floats(0, 1, allow_nan=False, width=32))
            data["evidence"] = draw(st.one_of(st.just(""), _TEXT))
            if relation in LATERAL_RELATIONS:
                data["relatedness"] = draw(st.sampled_from(RELATEDNESS))
                data["related_index"] = draw(st.integers(1, 20))
            G.add_edge(u, v, **data)
    digest = hashlib.sha256(repr((sorted(G.nodes(data=True)), sorted(G.edges(data=True))))
                            .encode()).hexdigest()
    G.graph.update(name="generated", checksum=digest,
                   node_columns=[c.name for c in NODE_COLUMNS],
                   edge_columns=[c.name for c in EDGE_COLUMNS if c.name != "via"],
                   warnings=[])
    return G
