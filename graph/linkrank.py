"""What a fold weighs, computed once per graph: each node's links heaviest first
(`ranked_links`), each node's tier and weight (`node_facts`) and each parent's children
heaviest first (`heaviest_children`).

A link is heavier when it carries more people employed, then a bigger weight
(`edge_key`); a node is heavier when it employs more people (`node_weight`). The tables
are cached by graph identity like the indexes of `graph.cache` (weakly, rebuilt when the
graph changes) and shared by every caller: read-only. `graph.plan.plan` reads them to
build the tree of a view of a graph without weighing every link again.
"""

from __future__ import annotations

from operator import itemgetter

from graph.cache import GraphCache, structural
from graph.schema import tier_rank

__all__ = ["NO_KEY", "edge_key", "heaviest_children", "node_facts", "node_weight",
           "order_positions", "ranked_links"]

#: The `edge_key` of no link (a root's): lighter than any link that carries people.
NO_KEY = (0, 0)


def edge_key(succ, child, parent) -> tuple:
    """Return a sort key putting the heaviest link first (people employed, then weight).

    The link is ``child`` -> ``parent`` in the successor dicts ``succ``, or the other way
    round when there is none that way.

    Examples
    --------
    >>> succ = {"cook": {"chef": {"employment": 9, "weight": 0.5}}, "chef": {}}
    >>> edge_key(succ, "cook", "chef"), edge_key(succ, "chef", "cook")
    ((-9, -0.5), (-9, -0.5))
    """
    data = succ[child][parent] if parent in succ[child] else succ[parent][child]
    employment = data.get("employment")
    weight = data.get("weight")
    return (-(employment if isinstance(employment, (int, float)) else 0),
            -(weight if isinstance(weight, (int, float)) else 0))


def ranked_links(G, undirected: bool = False) -> dict:
    """Return node -> its links, as (`edge_key`, neighbour) pairs, heaviest first.

    The links of a node are those to its successors or, when ``undirected``, to its
    successors and predecessors; `graph.plan.plan` picks each node's parent as the first
    of them one step nearer a root. Links of equal weight keep the graph's order.

    Parameters
    ----------
    G : networkx.DiGraph
        Read through `graph.cache.structural` (lateral links left out).
    undirected : bool

    Returns
    -------
    dict
        Shared by every caller: read-only.

    See Also
    --------
    graph.plan.plan : reads them when given ``within``.

    Notes
    -----
    O(links log links) once per graph, then cached by graph identity (weakly, like
    `graph.cache.structural`): the first call on data/us costs about as much as one plan,
    later calls a dict lookup.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "diner", {"employment": 5}), ("cook", "chef", {"employment": 9})])
    >>> ranked_links(G)["cook"]
    (((-9, 0), 'chef'), ((-5, 0), 'diner'))
    >>> ranked_links(G, undirected=True)["chef"]
    (((-9, 0), 'cook'),)
    """
    return (_BOTH_WAYS if undirected else _UPWARDS).get(structural(G))


def _rank_links(G, undirected: bool) -> dict:
    """Compute `ranked_links` of a graph without lateral links."""
    succ, pred = G._succ, G._pred
    out = {}
    for n, nbrs in succ.items():
        links = [(edge_key(succ, n, m), m) for m in nbrs]
        if undirected:
            links += [(edge_key(succ, n, m), m) for m in pred[n] if m not in nbrs]
        links.sort(key=itemgetter(0))
        out[n] = tuple(links)
    return out


_UPWARDS = GraphCache(lambda G: _rank_links(G, False))
_BOTH_WAYS = GraphCache(lambda G: _rank_links(G, True))


def node_weight(attrs) -> float:
    """Return minus the people a node employs (0 when not a number): heaviest first.

    Examples
    --------
    >>> node_weight({"employment": 12}), node_weight({"employment": "n/a"})
    (-12, 0)
    """
    employment = attrs.get("employment")
    return -(employment if isinstance(employment, (int, float)) else 0)


def _node_facts(G) -> tuple[dict, dict]:
    """Compute `node_facts` of G."""
    attrs = G._node
    return ({n: a.get("tier") for n, a in attrs.items()},
            {n: node_weight(a) for n, a in attrs.items()})


_FACTS = GraphCache(_node_facts)


def node_facts(G) -> tuple[dict, dict]:
    """Return (node -> tier or None, node -> `node_weight`) of the nodes of G.

    Notes
    -----
    O(nodes) once per graph (read through `graph.cache.structural`), then a dict lookup.
    Shared by every caller: read-only.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "chef")])
    >>> G.nodes["cook"].update(tier="job", employment=40)
    >>> node_facts(G)
    ({'cook': 'job', 'chef': None}, {'cook': -40, 'chef': 0})
    """
    return _FACTS.get(structural(G))


def heaviest_children(G, order, position: dict) -> dict:
    """Return node -> its predecessors in G by tier, heaviest link first (then as
    `graph.plan.plan` sorts a parent's children): each node's children in any plan whose
    tree links are G's, as ``((tier, kids), ...)`` with the tiers in rank order (most
    enduring first, as a plan lists them).

    Parameters
    ----------
    G : networkx.DiGraph
        A graph without lateral links (`graph.cache.structural`).
    order : list
        The ranking of the nodes that breaks ties, the same object each time.
    position : dict
        Node -> its index in ``order`` (`order_positions`).

    Notes
    -----
    Computed once per graph and ranking (cached with the graph); O(links log links).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "diner", {"employment": 5}), ("chef", "diner", {"employment": 9}),
    ...                 ("acme", "diner")])
    >>> G.nodes["acme"]["tier"] = "organization"
    >>> nx.set_node_attributes(G, {"cook": "job", "chef": "job"}, "tier")
    >>> order = ["diner", "acme", "chef", "cook"]
    >>> heaviest_children(G, order, order_positions(G, order))["diner"]
    (('organization', ('acme',)), ('job', ('chef', 'cook')))
    """
    return _per_ranking(_CHILD_ORDER, G, order, lambda: _children_by_tier(G, position))


def _children_by_tier(G, position: dict) -> dict:
    """Compute `heaviest_children`."""
    succ, pred = G._succ, G._pred
    tiers, weight = node_facts(G)
    far = len(position)
    table = {}
    for p, kids in pred.items():
        if not kids:
            continue
        by_tier: dict = {}
        for c in sorted(kids, key=lambda c: (edge_key(succ, c, p), weight[c],
                                             position.get(c, far), str(c))):
            by_tier.setdefault(tiers[c], []).append(c)
        table[p] = tuple(sorted(((t, tuple(cs)) for t, cs in by_tier.items()),
                                key=lambda item: (tier_rank(item[0]), str(item[0]))))
    return table


def order_positions(G, order) -> dict:
    """Return node -> its index in ``order`` (a ranking of the nodes of G, the same
    object each time).

    Notes
    -----
    O(n) once per graph and ranking (cached with the graph, like `heaviest_children`),
    then a lookup. Shared by every caller: read-only.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "chef")])
    >>> order_positions(G, ["chef", "cook"])
    {'chef': 0, 'cook': 1}
    """
    return _per_ranking(_POSITIONS, G, order, lambda: dict(zip(order, range(len(order)))))


def _per_ranking(cache: GraphCache, G, order, build):
    """Return ``build()`` for G and the ranking ``order``, built once while ``order`` (the
    same object each time) is the last ranking asked for of G: ``cache`` holds, per
    graph, ``[(order, value)]``."""
    last = cache.get(G)
    if last and last[0][0] is order:
        return last[0][1]
    value = build()
    last[:] = [(order, value)]
    return value


#: Graph -> [(ranking, value)] of the last ranking asked for (`_per_ranking`).
_POSITIONS = GraphCache(lambda G: [])
_CHILD_ORDER = GraphCache(lambda G: [])
