"""Deterministic node positions for drawing the Web of Work.

Every function takes the graph first and returns a new ``dict`` mapping each node id to an
``(x, y)`` pair of floats (screen convention: y grows downwards). The same graph always gets
the same positions, whatever the insertion order of its nodes and edges, so a view drawn
twice or shared by URL looks the same. Nodes are read by their ``tier`` attribute (see
`graph.schema.TIERS`); a node with an unknown or missing tier is treated as one rank beyond
the outermost tier.

Layouts
-------
tier_rings
    The web view: the 12 needs on an inner circle in `graph.schema.NEEDS` order, each work
    tier on a ring of its own, the radius growing with the tier's rank (professions nearest
    the needs, jobs outermost), so the stability of each tier is visible. On each ring a
    node sits near the angle of the needs it reaches by a directed path.
hierarchy
    Tiers in rows (needs at the top, jobs at the bottom), each row ordered by the barycentre
    of its neighbours in the rows already placed, which reduces edge crossings.
force
    Fruchterman-Reingold (the algorithm of NetworkX's spring layout, in NumPy) from a
    fixed seed, started from the rings and scaled.
circle
    Every node on one circle, grouped by tier and then by need.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("health-and-well-being", tier="need", label="Health and Well Being")
>>> G.add_node("nurse", tier="profession", label="Nurse")
>>> G.add_node("rn", tier="job", label="Registered nurse")
>>> G.add_edges_from([("nurse", "health-and-well-being"), ("rn", "nurse")])
>>> pos = tier_rings(G)
>>> sorted(pos) == sorted(G)
True
>>> radius = lambda n: (pos[n][0] ** 2 + pos[n][1] ** 2) ** 0.5
>>> radius("health-and-well-being") < radius("nurse") < radius("rn")
True
>>> tier_rings(G) == pos
True
>>> sorted(LAYOUTS)
['circle', 'force', 'hierarchy', 'web']
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import Callable

import numpy as np

from graph.schema import NEED_IDS, TIER_BY_ID, TIERS

__all__ = ["LAYOUTS", "Layout", "circle", "force", "hierarchy", "ring_radii", "tier_rings"]

#: Minimum distance between neighbouring nodes on a ring or in a row, in pixels.
NODE_GAP = 70.0
#: Minimum distance between two consecutive rings, in pixels.
RING_GAP = 160.0
#: Radius of the needs' circle when it holds few needs.
NEEDS_RADIUS = 260.0
#: Distance between rows in the hierarchy layout.
ROW_GAP = 140.0
#: Most nodes in one row of the hierarchy layout before it wraps onto another row.
ROW_WIDTH = 40

_OUTER_RANK = max(t.rank for t in TIERS) + 1


def _rank(G, node) -> int:
    """Return the tier rank of a node (one past the outermost tier when unknown)."""
    tier = TIER_BY_ID.get(G.nodes[node].get("tier"))
    return tier.rank if tier is not None else _OUTER_RANK


def _key(node) -> tuple[str, str]:
    """Return a total order on node ids of any type."""
    return (type(node).__name__, str(node))


def _need_order(G) -> list:
    """Return the need nodes of G in NEEDS order, unknown needs after them by id."""
    needs = [n for n in G if _rank(G, n) == 0]
    index = {nid: i for i, nid in enumerate(NEED_IDS)}
    return sorted(needs, key=lambda n: (index.get(n, len(index)), _key(n)))


def _need_angles(G) -> dict:
    """Return the angle (radians, from the top, clockwise) of each need node on its circle."""
    needs = _need_order(G)
    count = max(len(needs), 1)
    return {n: -math.pi / 2 + 2 * math.pi * i / count for i, n in enumerate(needs)}


def _reached_needs(G, needs) -> dict:
    """Return, for every node, the needs it reaches by a directed path (in ``needs`` order)."""
    reached: dict = {n: [] for n in G}
    for need in needs:
        seen = {need}
        queue = deque([need])
        while queue:
            node = queue.popleft()
            for pred in G.predecessors(node):
                if pred not in seen:
                    seen.add(pred)
                    queue.append(pred)
        for node in seen:
            if node != need:
                reached[node].append(need)
    return reached


def _target_angles(G) -> dict:
    """Return each non-need node's preferred angle: the circular mean of its needs' angles."""
    angles = _need_angles(G)
    reached = _reached_needs(G, list(angles))
    targets = {}
    for node, needs in reached.items():
        if not needs or node in angles:
            continue
        x = sum(math.cos(angles[n]) for n in needs)
        y = sum(math.sin(angles[n]) for n in needs)
        if abs(x) < 1e-9 and abs(y) < 1e-9:
            targets[node] = angles[needs[0]]
        else:
            targets[node] = math.atan2(y, x)
    return targets


def _by_rank(G) -> dict[int, list]:
    """Return the nodes grouped by tier rank, each group sorted by id."""
    groups: dict[int, list] = {}
    for node in sorted(G, key=_key):
        groups.setdefault(_rank(G, node), []).append(node)
    return groups


def _ring_order(nodes, targets) -> list:
    """Return nodes sorted by preferred angle (nodes without one last), ties by id."""
    def key(n):
        angle = targets.get(n)
        if angle is None:
            return (1, 0.0, _key(n))
        return (0, (angle + math.pi / 2) % (2 * math.pi), _key(n))
    return sorted(nodes, key=key)


def _round(pos: dict) -> dict:
    """Return positions rounded to a tenth of a pixel, as plain float pairs."""
    return {n: (round(float(x), 1) + 0.0, round(float(y), 1) + 0.0) for n, (x, y) in pos.items()}


def ring_radii(G, node_gap: float = NODE_GAP) -> dict[int, float]:
    """Return the radius of each tier rank's ring in `tier_rings`, for ranks present in G.

    A ring is at least `RING_GAP` outside the previous one and long enough to give each
    of its nodes `node_gap` pixels of arc; the needs' circle is at least `NEEDS_RADIUS` and
    0.45 of the widest ring's own radius, or the centre point when there is one need.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("family", {"tier": "need"}), ("chef", {"tier": "profession"})])
    >>> r = ring_radii(G)
    >>> r[0] < r[1]
    True
    """
    radii = {}
    previous = None
    groups = sorted(_by_rank(G).items())
    # The needs' circle grows with the largest ring, so needs stay legible when fitted.
    widest = max((len(nodes) * node_gap / (2 * math.pi) for _, nodes in groups), default=0.0)
    for rank, nodes in groups:
        needed = len(nodes) * node_gap / (2 * math.pi)
        if previous is None and rank == 0 and len(nodes) == 1:
            radius = 0.0  # a single need sits at the very centre
        elif previous is None:
            inner = max(NEEDS_RADIUS, 0.45 * widest) if rank == 0 else RING_GAP * (rank + 1)
            radius = max(inner, needed)
        else:
            radius = max(previous + RING_GAP, needed)
        radii[rank] = radius
        previous = radius
    return radii


def _packed_angles(ordered, targets, delta: float):
    """Return angles placing each node at its preferred angle, at least ``delta`` apart.

    ``ordered`` is sorted by preferred angle. The circle is cut at the widest gap between
    preferred angles, nodes are pushed apart along it, and the block is shifted back so
    that, on average, nodes sit at their preferred angles. Returns None when a node has
    no preferred angle or the ring is too full (then the caller spaces nodes evenly).
    """
    n = len(ordered)
    if n == 0 or any(m not in targets for m in ordered) or n * delta > 1.8 * math.pi:
        return None
    wanted = [(targets[m] + math.pi / 2) % (2 * math.pi) for m in ordered]
    gaps = [((wanted[(i + 1) % n] - wanted[i]) % (2 * math.pi)) or (2 * math.pi if n == 1 else 0.0)
            for i in range(n)]
    start = (max(range(n), key=lambda i: (gaps[i], -i)) + 1) % n
    sequence = [(start + k) % n for k in range(n)]
    unwrapped = []
    for k, i in enumerate(sequence):
        a = wanted[i]
        while unwrapped and a < unwrapped[-1][1] - 1e-12:
            a += 2 * math.pi
        unwrapped.append((i, a))
    placed = []
    for k, (i, a) in enumerate(unwrapped):
        placed.append(a if k == 0 else max(a, placed[-1] + delta))
    shift = sum(p - a for p, (_, a) in zip(placed, unwrapped)) / n
    placed = [p - shift for p in placed]
    if placed[-1] - placed[0] > 2 * math.pi - delta:
        return None
    angles = [0.0] * n
    for (i, _), p in zip(unwrapped, placed):
        angles[i] = p - math.pi / 2
    return angles


def tier_rings(G, node_gap: float = NODE_GAP) -> dict:
    """Return positions with needs at the centre and each work tier on its own ring.

    Needs sit on the inner circle in `graph.schema.NEEDS` order, starting at the top and
    going clockwise. Each work tier is a ring whose radius grows with the tier's rank and
    with its node count (see `ring_radii`), so professions are nearest the needs and jobs
    outermost. On a ring, each node sits at the circular mean of the angles of the needs
    it reaches by a directed path, pushed apart just enough to keep ``node_gap`` between
    neighbours; a ring too full for that spaces its nodes evenly, in the same order,
    turned so that they sit as near their needs' angles as even spacing allows.

    Parameters
    ----------
    G : networkx.DiGraph
        Nodes carry a ``tier`` attribute; edges point towards the needs.
    node_gap : float
        Minimum arc length between neighbouring nodes on a ring.

    Returns
    -------
    dict
        Node id -> (x, y).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "family"), ("baker", "family")])
    >>> nx.set_node_attributes(G, {"family": "need", "chef": "profession", "baker": "profession"}, "tier")
    >>> pos = tier_rings(G)
    >>> pos["family"]  # a single need sits at the centre
    (0.0, 0.0)
    >>> len(set(pos.values())) == 3
    True
    """
    radii = ring_radii(G, node_gap)
    targets = _target_angles(G)
    need_angles = _need_angles(G)
    pos = {}
    for rank, nodes in sorted(_by_rank(G).items()):
        radius = radii[rank]
        if rank == 0:
            ordered = _need_order(G)
            angles = [need_angles[n] for n in ordered]
        else:
            ordered = _ring_order(nodes, targets)
            packed = _packed_angles(ordered, targets, node_gap / radius)
            if packed is not None:
                for n, a in zip(ordered, packed):
                    pos[n] = (radius * math.cos(a), radius * math.sin(a))
                continue
            step = 2 * math.pi / len(ordered)
            # Turn the ring so that its nodes are, on average, at their preferred angles.
            sx = sy = 0.0
            for i, n in enumerate(ordered):
                if n in targets:
                    delta = targets[n] - (-math.pi / 2 + i * step)
                    sx += math.cos(delta)
                    sy += math.sin(delta)
            offset = math.atan2(sy, sx) if (sx or sy) else 0.0
            angles = [-math.pi / 2 + offset + i * step for i in range(len(ordered))]
        for n, a in zip(ordered, angles):
            pos[n] = (radius * math.cos(a), radius * math.sin(a))
    return _round(pos)


def hierarchy(G, node_gap: float = NODE_GAP, row_gap: float = ROW_GAP,
              row_width: int = ROW_WIDTH) -> dict:
    """Return positions with the tiers in rows: needs on top, jobs at the bottom.

    The needs keep `graph.schema.NEEDS` order. Each lower row is sorted by the barycentre
    (mean x) of each node's neighbours in the rows above, ties by id, which keeps linked
    nodes above one another and reduces edge crossings. A row longer than ``row_width``
    wraps onto extra rows, staggered by half a gap. The needs spread over the width of the
    widest row, and tiers are spaced so that the drawing is about half as tall as wide.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "family"), ("cook", "chef")])
    >>> nx.set_node_attributes(G, {"family": "need", "chef": "profession", "cook": "job"}, "tier")
    >>> pos = hierarchy(G)
    >>> pos["family"][1] < pos["chef"][1] < pos["cook"][1]
    True
    """
    U = G.to_undirected(as_view=True)
    groups = sorted(_by_rank(G).items())
    widest = max((min(len(nodes), row_width) for _, nodes in groups), default=1)
    width = max((widest - 1) * node_gap, node_gap)
    # Tiers far enough apart that the drawing is not a flat strip, wrapped rows closer.
    tier_gap = max(row_gap, 0.5 * width / max(len(groups) - 1, 1))
    wrap_gap = max(row_gap / 2, tier_gap / 3)
    pos: dict = {}
    y = 0.0
    for rank, nodes in groups:
        if rank == 0:
            ordered = _need_order(G)
        else:
            def bary(n):
                xs = [pos[m][0] for m in U[n] if m in pos]
                return (0, sum(xs) / len(xs), _key(n)) if xs else (1, 0.0, _key(n))
            ordered = sorted(nodes, key=bary)
        rows = [ordered[i:i + row_width] for i in range(0, len(ordered), row_width)]
        for r, row in enumerate(rows):
            # The needs spread over the whole width, so each sits above what serves it.
            gap = max(node_gap, width / (len(row) - 1)) if rank == 0 and len(row) > 1 else node_gap
            shift = gap / 2 if r % 2 else 0.0
            x0 = -(len(row) - 1) * gap / 2 + shift
            for i, n in enumerate(row):
                pos[n] = (x0 + i * gap, y)
            y += wrap_gap
        y += tier_gap - wrap_gap
    return _round(pos)


def force(G, seed: int = 7, iterations: int = 60, node_gap: float = NODE_GAP) -> dict:
    """Return a force-directed (Fruchterman-Reingold) layout from a fixed seed.

    It starts from `tier_rings`, so needs stay near the middle, and is scaled so that the
    average node has about ``node_gap`` pixels of room. The same graph and seed give the
    same positions.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "family"), ("cook", "chef")])
    >>> nx.set_node_attributes(G, {"family": "need", "chef": "profession", "cook": "job"}, "tier")
    >>> force(G) == force(G) and len(force(G)) == 3
    True
    """
    if len(G) == 0:
        return {}
    if len(G) == 1:
        return {next(iter(G)): (0.0, 0.0)}
    nodes = sorted(G, key=_key)
    index = {n: i for i, n in enumerate(nodes)}
    start = tier_rings(G)
    spread = max(max(abs(c) for p in start.values() for c in p), 1.0)
    rng = np.random.default_rng(seed)
    initial = np.array([start[n] for n in nodes], dtype=float) / spread
    initial += rng.uniform(-0.05, 0.05, initial.shape)
    adjacency = np.zeros((len(nodes), len(nodes)))
    for u, v in G.edges:
        if u != v:
            adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    placed = _fruchterman_reingold(adjacency, initial, iterations)
    raw = {n: placed[index[n]] for n in nodes}
    scale = node_gap * math.sqrt(len(G)) * 1.2
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    pos = {n: ((raw[n][0] - cx) / extent * scale, (raw[n][1] - cy) / extent * scale) for n in nodes}
    return _spread_duplicates(_round(pos))


def _fruchterman_reingold(adjacency, pos, iterations: int, chunk: int = 500):
    """Return positions after Fruchterman-Reingold steps on a dense adjacency (rows chunked)."""
    x = pos[:, 0].astype(np.float32)
    y = pos[:, 1].astype(np.float32)
    adjacency = adjacency.astype(np.float32)
    n = len(x)
    k = np.float32(math.sqrt(1.0 / n))
    temperature = 0.1 * max(float(np.ptp(x)), float(np.ptp(y)), 1e-3)
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dispx = np.empty_like(x)
        dispy = np.empty_like(y)
        for lo in range(0, n, chunk):
            dx = x[lo:lo + chunk, None] - x[None, :]
            dy = y[lo:lo + chunk, None] - y[None, :]
            dist = np.maximum(np.sqrt(dx * dx + dy * dy), np.float32(0.01))
            strength = k * k / (dist * dist) - adjacency[lo:lo + chunk] * dist / k
            dispx[lo:lo + chunk] = (dx * strength).sum(axis=1)
            dispy[lo:lo + chunk] = (dy * strength).sum(axis=1)
        length = np.maximum(np.sqrt(dispx * dispx + dispy * dispy), np.float32(0.01))
        x += dispx * (temperature / length)
        y += dispy * (temperature / length)
        temperature -= cooling
    return np.column_stack([x, y]).astype(float)


def _spread_duplicates(pos: dict) -> dict:
    """Return positions where nodes sharing a point are nudged apart deterministically."""
    seen: dict = {}
    out = {}
    for n in sorted(pos, key=_key):
        x, y = pos[n]
        k = seen.get((x, y), 0)
        seen[(x, y)] = k + 1
        out[n] = (x + k * 3.0, y + k * 3.0) if k else (x, y)
    return out


def circle(G, node_gap: float = NODE_GAP) -> dict:
    """Return positions on one circle, grouped by tier rank and then by need angle.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "family"), ("cook", "chef")])
    >>> nx.set_node_attributes(G, {"family": "need", "chef": "profession", "cook": "job"}, "tier")
    >>> pos = circle(G)
    >>> radii = {round((x * x + y * y) ** 0.5) for x, y in pos.values()}
    >>> len(radii)
    1
    """
    if len(G) == 0:
        return {}
    targets = _target_angles(G)
    ordered = []
    for rank, nodes in sorted(_by_rank(G).items()):
        ordered += _need_order(G) if rank == 0 else _ring_order(nodes, targets)
    radius = max(NEEDS_RADIUS, len(ordered) * node_gap / (2 * math.pi))
    step = 2 * math.pi / len(ordered)
    pos = {n: (radius * math.cos(-math.pi / 2 + i * step), radius * math.sin(-math.pi / 2 + i * step))
           for i, n in enumerate(ordered)}
    return _round(pos)


@dataclass(frozen=True)
class Layout:
    """A named layout: its id (as used in URLs), the label a user sees and its function."""

    name: str
    label: str
    function: Callable


#: The layouts the explorer offers, by name; "web" is the default.
LAYOUTS: dict[str, Layout] = {
    lay.name: lay
    for lay in (
        Layout("web", "Web (needs at the centre)", tier_rings),
        Layout("hierarchy", "Hierarchy (tiers in rows)", hierarchy),
        Layout("force", "Force-directed", force),
        Layout("circle", "Circle", circle),
    )
}
