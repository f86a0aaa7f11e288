"""Deterministic generator of realistic tiered Web of Work graphs for benchmarks.

`tiered_graph(n_edges, seed)` returns an ``nx.DiGraph`` with exactly ``n_edges`` edges,
shaped like ``graph.build.load_graph`` output (node attributes ``label``, ``tier``,
``description``, ``code``, ``aliases``; edge attributes ``relation`` and ``evidence``,
``weight`` on ``draws_on``; ``G.graph`` with ``name``, ``checksum``, ``node_columns``,
``edge_columns``, ``warnings``) and proportioned like the real data: the 12 needs, a few
hundred to a few thousand industries (NAICS-like sectors with subsectors ``part_of``
them) and professions, many organizations, and most nodes and edges on jobs (each job
sits in one organization and draws on one to three professions). Popularity is skewed
(a few professions, industries and organizations get most links, as in real data).
Every node reaches at least one need and every edge's relation is allowed by
``graph.schema``; there are no cycles.

Run ``python -m bench.generate 100000`` to print the size and build time of a graph.

Examples
--------
>>> G = tiered_graph(2000, seed=1)
>>> G.number_of_edges()
2000
>>> sorted({t for _, t in G.nodes(data="tier")})
['industry', 'job', 'need', 'organization', 'profession']
>>> tiered_graph(2000, seed=1).graph["checksum"] == G.graph["checksum"]
True
"""

from __future__ import annotations

import hashlib
import sys
import time

import networkx as nx
import numpy as np

from graph.schema import NEEDS, ORG_KINDS

__all__ = ["tiered_graph", "counts_for"]

_ADJECTIVES = ("Senior", "Junior", "Lead", "Assistant", "Associate", "Chief", "Principal",
               "Staff", "Field", "Regional", "Clinical", "Technical", "Certified", "Mobile",
               "Night", "Community", "Digital", "Public", "Private", "Trainee")
_PROFESSIONS = ("Nurse", "Accountant", "Electrician", "Chef", "Teacher", "Architect", "Broker",
                "Engineer", "Pharmacist", "Plumber", "Counsellor", "Librarian", "Surveyor",
                "Paramedic", "Carpenter", "Actuary", "Designer", "Pilot", "Welder", "Chaplain",
                "Dietitian", "Economist", "Geologist", "Midwife", "Optician", "Translator",
                "Veterinarian", "Machinist", "Baker", "Coach", "Mediator", "Curator")
_ROLES = ("Analyst", "Officer", "Manager", "Specialist", "Coordinator", "Technician",
          "Representative", "Clerk", "Supervisor", "Advisor", "Inspector", "Operator")
_INDUSTRY_WORDS = ("Health Care", "Finance", "Construction", "Retail", "Manufacturing",
                   "Transportation", "Utilities", "Education", "Hospitality", "Agriculture",
                   "Mining", "Information", "Real Estate", "Insurance", "Arts", "Religious",
                   "Public Administration", "Waste Management", "Wholesale", "Professional Services")
_ORG_WORDS = ("Acme", "Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark",
              "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka",
              "Gringotts", "Monarch", "Oceanic", "Massive", "Pied Piper", "Sterling")
_ORG_SUFFIX = ("Group", "Foundation", "Hospital", "Bank", "Cooperative", "Agency", "Trust",
               "Institute", "Partners", "Society", "Monastery", "School")

NODE_COLUMNS = ["id", "label", "tier", "description", "code", "aliases"]
EDGE_COLUMNS = ["source", "target", "relation", "weight", "evidence"]


def counts_for(n_edges: int) -> dict:
    """Return how many nodes of each work tier a graph of about n_edges edges gets.

    Examples
    --------
    >>> counts_for(1_000_000)
    {'industry': 2000, 'profession': 2500, 'organization': 25000}
    """
    return {"industry": max(20, n_edges // 500), "profession": max(30, n_edges // 400),
            "organization": max(30, n_edges // 40)}


def _skewed(rng, n: int, size: int) -> np.ndarray:
    """Draw `size` indices in [0, n) with a heavy-tailed (Zipf-like) popularity."""
    weights = 1.0 / np.arange(1, n + 1) ** 0.8
    return rng.choice(n, size=size, p=weights / weights.sum())


def tiered_graph(n_edges: int, seed: int = 0) -> nx.DiGraph:
    """Return a deterministic, realistic tiered graph with exactly `n_edges` edges.

    Parameters
    ----------
    n_edges : int
        Number of edges, at least 500 (10k, 100k and 1M are the benchmark sizes).
    seed : int
        Same (n_edges, seed), same graph: ids, labels, edges and attributes.
    """
    if n_edges < 500:
        raise ValueError(f"n_edges must be at least 500, got {n_edges}")
    rng = np.random.default_rng(seed)
    counts = counts_for(n_edges)
    G = nx.DiGraph()
    need_ids = [n.id for n in NEEDS]
    for need in NEEDS:
        G.add_node(need.id, label=need.label, tier="need", description=f"The need for {need.short}.",
                   code="", aliases="")
    edges: list[tuple] = []

    # industries: the first 20 are sectors addressing needs; the rest are subsectors
    n_ind = counts["industry"]
    ind = [f"industry-{i:05d}" for i in range(n_ind)]
    desc = "A generated industry."
    for i, node in enumerate(ind):
        word = _INDUSTRY_WORDS[i % len(_INDUSTRY_WORDS)]
        label = word if i < 20 else f"{word} {_ROLES[i % len(_ROLES)]} Services {i}"
        G.add_node(node, label=label, tier="industry", description=desc,
                   code=str(11 + i) if i < 20 else f"{11 + i % 20}{i:04d}",
                   aliases=f"{word} Sector" if i < 20 else "")
    for i in range(n_ind):
        if i < 20:
            first = i % len(need_ids)
            extra = rng.choice(len(need_ids), size=int(rng.integers(0, 3)), replace=False)
            for k in {first, *extra.tolist()}:
                edges.append((ind[i], need_ids[k], "addresses"))
        else:
            parent = int(rng.integers(0, min(i, 20 + i // 4)))
            edges.append((ind[i], ind[parent], "part_of"))
            if rng.random() < 0.2:
                edges.append((ind[i], need_ids[int(rng.integers(0, 12))], "addresses"))

    # professions: serve one or two needs, practised in one to five industries
    n_prof = counts["profession"]
    prof = [f"profession-{i:05d}" for i in range(n_prof)]
    desc = "A generated profession."
    for i, node in enumerate(prof):
        base = _PROFESSIONS[i % len(_PROFESSIONS)]
        label = base if i < len(_PROFESSIONS) else f"{_ADJECTIVES[i % len(_ADJECTIVES)]} {base} {i}"
        G.add_node(node, label=label, tier="profession", description=desc,
                   code=f"{11 + i % 43}-{i % 10000:04d}",
                   aliases=f"{base}s|{base} practitioner" if i % 3 == 0 else "")
    industry_pick = _skewed(rng, n_ind, n_prof * 5)
    for i in range(n_prof):
        for k in rng.choice(12, size=int(rng.integers(1, 3)), replace=False).tolist():
            edges.append((prof[i], need_ids[k], "serves"))
        chosen = dict.fromkeys(industry_pick[i * 5:i * 5 + int(rng.integers(1, 6))].tolist())
        edges.extend((prof[i], ind[k], "practised_in") for k in chosen)

    # organizations: operate in one or two industries, half of them serve a need directly
    n_org = counts["organization"]
    org = [f"organization-{i:06d}" for i in range(n_org)]
    desc = "A generated organization."
    op = _skewed(rng, n_ind, n_org * 2)
    two = rng.random(n_org) < 0.3
    serve = rng.random(n_org) < 0.5
    serve_need = rng.integers(0, 12, n_org)
    for i, node in enumerate(org):
        label = f"{_ORG_WORDS[i % len(_ORG_WORDS)]} {_ORG_SUFFIX[(i // 20) % len(_ORG_SUFFIX)]} {i}"
        G.add_node(node, label=label, tier="organization", description=desc, code="",
                   aliases=label.split(" ")[0] + f" {i}" if i % 4 == 0 else "",
                   kind=ORG_KINDS[i % len(ORG_KINDS)])
        a, b = int(op[2 * i]), int(op[2 * i + 1])
        edges.append((node, ind[a], "operates_in"))
        if two[i] and b != a:
            edges.append((node, ind[b], "operates_in"))
        if serve[i]:
            edges.append((node, need_ids[int(serve_need[i])], "serves"))

    if len(edges) > n_edges - 2:
        raise ValueError(f"n_edges={n_edges} is too small for the non-job part ({len(edges)} edges)")
    # jobs: one sits_in and one to three distinct draws_on each, until the budget is spent
    remaining = n_edges - len(edges)
    n_jobs = max(1, remaining // 3)
    sits = _skewed(rng, n_org, n_jobs)
    draws = _skewed(rng, n_prof, n_jobs)
    offsets = rng.integers(1, n_prof, size=(n_jobs, 2))
    wages = rng.integers(25_000, 150_000, n_jobs)
    desc = "A generated job."
    job_edges: list[tuple] = []
    for i in range(n_jobs):
        node = f"job-{i:07d}"
        p = int(draws[i])
        label = (f"{_ADJECTIVES[i % len(_ADJECTIVES)]} {_PROFESSIONS[p % len(_PROFESSIONS)]} "
                 f"{_ROLES[(i // 7) % len(_ROLES)]} {i}")
        G.add_node(node, label=label, tier="job", description=desc,
                   code=f"{11 + p % 43}-{p % 10000:04d}",
                   aliases=f"{_ROLES[(i // 7) % len(_ROLES)]} {i}" if i % 5 == 0 else "",
                   median_wage=int(wages[i]))
        job_edges.append((node, org[int(sits[i])], "sits_in"))
        job_edges.append((node, prof[p], "draws_on"))
        job_edges.append((node, prof[(p + int(offsets[i, 0])) % n_prof], "draws_on"))
    extra = remaining - len(job_edges)
    i = 0
    while extra > 0:  # a third profession for some jobs until the count is exact
        node = f"job-{i:07d}"
        p = int(draws[i])
        third = (p + int(offsets[i, 0]) + int(offsets[i, 1])) % n_prof
        if third not in (p, (p + int(offsets[i, 0])) % n_prof):
            job_edges.append((node, prof[third], "draws_on"))
            extra -= 1
        i += 1
    edges.extend(job_edges)
    weight = rng.random(len(edges))
    G.add_edges_from(
        (u, v, {"relation": r, "evidence": "", "weight": round(float(w), 3)} if r == "draws_on"
         else {"relation": r, "evidence": ""})
        for (u, v, r), w in zip(edges, weight))
    assert G.number_of_edges() == n_edges, (G.number_of_edges(), n_edges)
    digest = hashlib.sha256(f"tiered_graph:{n_edges}:{seed}:1".encode()).hexdigest()
    G.graph.update(name=f"generated-{n_edges}-{seed}", checksum=digest,
                   node_columns=NODE_COLUMNS + ["kind", "median_wage"],
                   edge_columns=EDGE_COLUMNS, warnings=[])
    return G


def main(argv=None) -> int:
    """Print the size, tier counts and build time of generated graphs."""
    args = sys.argv[1:] if argv is None else argv
    for size in [int(a) for a in args] or [10_000]:
        start = time.perf_counter()
        G = tiered_graph(size)
        took = time.perf_counter() - start
        tiers: dict = {}
        for _, t in G.nodes(data="tier"):
            tiers[t] = tiers.get(t, 0) + 1
        print(f"{size:>9} edges: {len(G):>8} nodes {tiers} in {took:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
