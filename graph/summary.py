"""What a loaded graph holds, counted: nodes per tier, edges per relation, titles and
skills rows, and the nodes of each work tier that reach each need.

`summary` is the text ``python -m graph.build`` and ``wow check`` print for a valid data
folder (`graph.check.main`); `need_reach` its counts per need.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("chef", "leisure")])
>>> nx.set_node_attributes(G, {"chef": "profession", "leisure": "need"}, "tier")
>>> print(summary(G).splitlines()[0])
2 nodes, 1 edge
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from graph.cache import structural
from graph.schema import BRIDGED, NEED_IDS, NEEDS, RELATION_IDS, TIERS, TITLE_SOURCES, WORK_TIERS

__all__ = ["need_reach", "summary"]

#: The relations in the order the summary lists them (the bridged edges of exports last).
_ALL_RELATIONS = (*RELATION_IDS, BRIDGED)


def need_reach(G: nx.DiGraph) -> dict[str, Counter]:
    """Count, for each need node, the nodes of each work tier with a directed path to it.

    Parameters
    ----------
    G : networkx.DiGraph
        A graph as returned by `graph.build.load_graph`.

    Returns
    -------
    dict
        need id -> `collections.Counter` of work-tier id -> number of nodes, for the need
        nodes of G in `graph.schema.NEEDS` order.

    See Also
    --------
    summary : Prints these counts as a table.

    Notes
    -----
    One `networkx.ancestors` search per need node: at most 12 walks of the graph. Lateral
    edges are left out (`graph.cache.structural`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("line-cook", "chef")])
    >>> nx.set_node_attributes(G, {"chef": "profession", "leisure": "need", "line-cook": "job"},
    ...                        "tier")
    >>> need_reach(G)
    {'leisure': Counter({'profession': 1, 'job': 1})}
    """
    result = {}
    G = structural(G)
    for need in NEED_IDS:
        if need in G and G.nodes[need].get("tier") == "need":
            tiers = Counter(G.nodes[n].get("tier") for n in nx.ancestors(G, need))
            result[need] = Counter({t: tiers[t] for t in WORK_TIERS if tiers[t]})
    return result



def summary(G: nx.DiGraph) -> str:
    """Return a short text summary: counts per tier, per relation, per title source and per need.

    The titles (``G.graph["titles"]``) and skills rows (``G.graph["skills"]``) are counted
    only when there are some.

    See Also
    --------
    need_reach : The counts per need.
    graph.check.main : Prints this summary for a data folder.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("leisure", tier="need")
    >>> G.add_node("chef", tier="profession")
    >>> G.add_edge("chef", "leisure", relation="serves")
    >>> print(summary(G))
    2 nodes, 1 edge
    Nodes per tier:
      need                   1
      profession             1
      industry               0
      organization           0
      job                    0
    Edges per relation:
      serves                 1
    Nodes of each work tier reaching each need:
      need                        profession  industry  organization     job
      Leisure                              1         0             0       0
    """
    tiers = Counter(t for _, t in G.nodes(data="tier"))
    relations = Counter(r for _, _, r in G.edges(data="relation"))
    n, m = G.number_of_nodes(), G.number_of_edges()
    out = [f"{n} node{'s' if n != 1 else ''}, {m} edge{'s' if m != 1 else ''}",
           "Nodes per tier:"]
    out += [f"  {t.id:<16}{tiers[t.id]:>8}" for t in TIERS]
    out.append("Edges per relation:")
    out += [f"  {r:<16}{relations[r]:>8}" for r in _ALL_RELATIONS if relations[r]]
    titles = G.graph.get("titles") or ()
    if titles:
        sources = Counter(source for _title, _node, source in titles)
        out.append(f"Titles per source ({len(titles)} titles):")
        out += [f"  {s:<16}{sources[s]:>8}" for s in TITLE_SOURCES if sources[s]]
    skills = G.graph.get("skills") or {}
    if skills:
        rows = sum(map(len, skills.values()))
        out.append(f"Skills: {rows} rows for {len(skills)} codes")
    reach = need_reach(G)
    if reach:
        labels = {need.id: need.label for need in NEEDS}
        widths = {t: max(len(t), 6) + 2 for t in WORK_TIERS}
        out.append("Nodes of each work tier reaching each need:")
        out.append(f"  {'need':<28}" + "".join(f"{t:>{widths[t]}}" for t in WORK_TIERS))
        for need, counts in reach.items():
            out.append(f"  {labels[need]:<28}"
                       + "".join(f"{counts[t]:>{widths[t]}}" for t in WORK_TIERS))
    return "\n".join(out)
