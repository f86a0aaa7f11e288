"""A node's moves drawn around it: the graph to draw, positions in rings, and classes.

`drawing` places the node at the centre and its moves on rings around it, one ring per
relatedness tier (Primary-Short innermost), best first clockwise from the top; a job's
own professions sit on a ring of their own inside them, and an industry's or
organization's professions with the best outlook on one ring. The graph drawn holds those
nodes and every link among them, ``related_to`` links included, each classed by its
relatedness tier (`link_class`) so a stylesheet can colour it.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_nodes_from([("rn", {"tier": "profession"}), ("np", {"tier": "profession"}),
...                   ("aide", {"tier": "profession"})])
>>> G.add_edge("rn", "np", relation="related_to", relatedness="Primary-Short", related_index=1)
>>> G.add_edge("aide", "rn", relation="related_to", relatedness="Supplemental", related_index=9)
>>> d = drawing(G, "rn")
>>> d.positions["rn"], d.positions["np"][0], [r.label for r in d.rings]
((0.0, 0.0), 0.0, ['Primary-Short', 'Supplemental'])
>>> d.classes["aide->rn"], d.classes["np"]
(['related-supplemental'], ['move-lateral'])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from .career import RELATEDNESS, RELATION, moves

__all__ = ["DRAWN", "Drawing", "Ring", "drawing", "link_class", "move_class"]

#: Most moves (or professions) drawn per ring source: a profession's best 20 are O*NET's own list.
DRAWN = 20
#: Space along a ring per node, and between two rings, in layout units.
NODE_GAP = 120.0
RING_GAP = 170.0
#: Class of the drawn centre node.
CENTRE = "moves-centre"


@dataclass(frozen=True)
class Ring:
    """A ring of the drawing: what it holds (its label) and its radius."""

    id: str
    label: str
    radius: float


@dataclass(frozen=True)
class Drawing:
    """A node's moves ready to draw: `drawing` explains each part.

    Attributes
    ----------
    node : str
        The centre.
    graph : networkx.DiGraph
        The nodes drawn and every link of G among them (read-only).
    positions : dict
        Node id -> (x, y).
    rings : tuple of Ring
        The rings, innermost first.
    classes : dict
        Element id (node id, or ``"SOURCE->TARGET"``) -> extra classes.
    """

    node: str
    graph: nx.DiGraph = field(repr=False)
    positions: dict = field(repr=False)
    rings: tuple[Ring, ...] = ()
    classes: dict = field(default_factory=dict, repr=False)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(text).lower()).strip("-")


def link_class(relatedness) -> str:
    """Return the class of a ``related_to`` link of a relatedness tier.

    Examples
    --------
    >>> link_class("Primary-Short"), link_class(None)
    ('related-primary-short', 'related-unknown')
    """
    return f"related-{_slug(relatedness) if relatedness in RELATEDNESS else 'unknown'}"


def move_class(move_type) -> str:
    """Return the class of a move's target node (``move-advancement``, ``move-lateral``,
    ``move-step-down``).

    Examples
    --------
    >>> move_class("step down")
    'move-step-down'
    """
    return f"move-{_slug(move_type)}"


def _place(rings: list[tuple[str, str, list]]) -> tuple[dict, tuple[Ring, ...]]:
    """Return positions and rings for (id, label, nodes) rings, innermost first."""
    pos: dict = {}
    placed = []
    radius = 0.0
    for ring_id, text, nodes in rings:
        if not nodes:
            continue
        radius = max(radius + RING_GAP, len(nodes) * NODE_GAP / (2 * math.pi))
        for i, n in enumerate(nodes):
            angle = -math.pi / 2 + 2 * math.pi * i / len(nodes)
            pos[n] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
        placed.append(Ring(ring_id, text, round(radius, 1)))
    return pos, tuple(placed)


def drawing(G, node, limit: int | None = DRAWN) -> Drawing:
    """Return the moves of `node` laid out around it, ready to draw.

    Parameters
    ----------
    G : networkx.DiGraph
    node : str
        A node id (or name).
    limit : int, optional
        Most moves per profession (or professions of an industry or organization) drawn.

    Returns
    -------
    Drawing
        The centre at (0, 0); a job's professions on the first ring; moves on one ring
        per relatedness tier; an industry's or organization's professions on one ring.
        Node classes: the centre `CENTRE`, each move its `move_class`; ``related_to``
        links their `link_class`.

    See Also
    --------
    graph.moves.moves : the rows behind the drawing.

    Notes
    -----
    `graph.moves.moves`, then linear in the nodes drawn and their links.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("rn", {"tier": "profession"}), ("np", {"tier": "profession"}),
    ...                   ("staff", {"tier": "job"})])
    >>> G.add_edge("staff", "rn", relation="draws_on")
    >>> G.add_edge("rn", "np", relation="related_to", relatedness="Primary-Long")
    >>> d = drawing(G, "staff")
    >>> sorted(d.graph.edges), [(r.id, r.radius) for r in d.rings]
    ([('rn', 'np'), ('staff', 'rn')], [('draws-on', 170.0), ('primary-long', 340.0)])
    """
    answer = moves(G, node, limit=limit)
    centre = answer.node
    by_ring: dict[str, list] = {}
    for row in answer.rows:
        if row.kind == "elsewhere" or row.id == centre:
            continue
        key = {"draws on": "Draws on", "outlook": "Best outlook"}.get(
            row.kind, row.relatedness or "Related")
        by_ring.setdefault(key, [])
        if row.id not in by_ring[key]:
            by_ring[key].append(row.id)
    order = ["Draws on", *RELATEDNESS, "Related", "Best outlook"]
    seen = {centre}
    rings = []
    for key in order:
        nodes = [n for n in by_ring.get(key, ()) if n not in seen]
        seen.update(nodes)
        rings.append((_slug(key), key, nodes))
    pos, placed = _place(rings)
    pos[centre] = (0.0, 0.0)
    H = nx.DiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in pos)
    H.add_edges_from((u, v, d) for u in pos for v, d in G.succ[u].items() if v in pos)
    classes: dict = {centre: [CENTRE]}
    for row in answer.rows:
        if row.kind == "move" and row.id in pos:
            classes.setdefault(row.id, [move_class(row.move)])
    for u, v, d in H.edges(data=True):
        if d.get("relation") == RELATION:
            classes[f"{u}->{v}"] = [link_class(d.get("relatedness"))]
    return Drawing(node=centre, graph=nx.freeze(H), positions=pos, rings=placed,
                   classes=classes)
