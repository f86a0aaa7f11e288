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
    The web view: the needs on an inner circle in `graph.schema.NEEDS` order, each work
    tier on a ring of its own, the radius growing with the tier's rank (professions nearest
    the needs, jobs outermost), so the stability of each tier is visible. Each circle is
    only as large as what is on it (a crowded ring takes rows), so a focus view is drawn
    small and a view at the element cap stays legible. On each ring a node sits near the
    angle of the needs it reaches by a directed path, under its parent on the nearest ring
    (a job under its profession, a "+N" group by its anchor).
hierarchy
    Tiers in rows (needs at the top, jobs at the bottom), each row ordered by the barycentre
    of its neighbours in the rows already placed, which reduces edge crossings.
force
    Fruchterman-Reingold (the algorithm of NetworkX's spring layout, in NumPy) from a
    fixed seed, started from the rings and scaled.
circle
    Every node on one circle: each need followed by the nodes nearest its angle, the
    needs kept apart so their labels have room.

The web layout's rings are made in `graph.rings`; a view drawn on the web drawing of a
bigger view, keeping its nodes' places, is `graph.keep`. Where the links between these
positions are drawn (bent round the nodes they would cross) is `graph.routing`.

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
from dataclasses import dataclass
from typing import Callable

import numpy as np

from graph.cache import structural
from graph.keep import KEEP_SHARE, _kept_rings, keep_drawing  # noqa: F401 (KEEP_SHARE: importable here)
from graph.rings import (  # noqa: F401 (NEED_GAP, RING_GAP: importable here with NODE_GAP)
    GROUP_GROWTH,
    NEED_GAP,
    NODE_GAP,
    RING_GAP,
    _adjacency,
    _gaps,
    _group_share,
    _key,
    _need_angles,
    _need_order,
    _place_web,
    _rank,
    _reached_needs,
    _round,
    _web,
)

__all__ = ["LAYOUTS", "Layout", "circle", "force", "hierarchy", "keep_drawing", "ring_radii",
           "ring_spans", "tier_rings"]


#: Radius of the circle layout when it holds few nodes.
NEEDS_RADIUS = 260.0
#: Least distance between two needs in the force layout, as a share of its width: room
#: for their labels.
FORCE_NEED_GAP = 0.22
#: Width of the force layout, in node gaps per square root of the node count: room
#: between the clusters Fruchterman-Reingold draws for the links that cross them.
FORCE_WIDTH = 2.4
#: Room a node of the force layout keeps round its centre, in node gaps: two nodes are at
#: least twice this apart, so a link can pass between them.
FORCE_ROOM = 0.45
#: Room a need keeps in the force layout, as a share of the drawing's width (needs are
#: drawn larger in a larger drawing).
FORCE_NEED_ROOM = 0.03
#: Least share of all the nodes' slots between two needs in the circle layout.
CIRCLE_NEED_SHARE = 1 / 24
#: Distance between rows in the hierarchy layout.
ROW_GAP = 140.0
#: Most nodes in one row of the hierarchy layout before it wraps onto another row.
ROW_WIDTH = 40


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


def ring_radii(G, node_gap: float = NODE_GAP, keep=None) -> dict[int, float]:
    """Return the radius of each tier rank's ring in `tier_rings`, for ranks present in G.

    A ring that holds more nodes than fit on one circle at its radius takes several rows;
    its radius here is that of its outermost row, where the explorer draws its guide. The
    needs' circle (rank 0) is just large enough for its needs, and 0.0 when there is one
    need; likewise a lone innermost node of a view without needs sits at the centre.
    With ``keep`` (see `tier_rings`) G may be drawn on another drawing's rings: their
    radii then.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("family", {"tier": "need"}), ("chef", {"tier": "profession"})])
    >>> r = ring_radii(G)
    >>> r[0] == 0.0 and r[1] == RING_GAP
    True
    """
    rings = _kept_rings(G, keep, node_gap)
    if rings is None:
        rings = _web(G, node_gap).rings
    ranks = {_rank(G, n) for n in G}
    return {rank: ring.outer for rank, ring in rings.items() if rank in ranks}


def ring_spans(G, pos) -> dict[int, float]:
    """Return, for each tier rank on a ring of `tier_rings`, the share of the turn its nodes span.

    The span is the whole turn less the widest empty arc between neighbouring nodes of
    the rank (around the origin); a rank with one node, or at the centre, spans 0. The
    explorer draws a ring's guide only when its nodes go most of the way round, so a small
    view is not drawn as large, mostly empty circles.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("a", {"tier": "job"}), ("b", {"tier": "job"})])
    >>> ring_spans(G, {"a": (0.0, -100.0), "b": (100.0, 0.0)})
    {4: 0.25}
    """
    angles: dict[int, list[float]] = {}
    for n, (x, y) in pos.items():
        if n in G and (x or y):
            angles.setdefault(_rank(G, n), []).append(math.atan2(y, x) % (2 * math.pi))
    spans = {}
    for rank, values in angles.items():
        values.sort()
        widest = max(_gaps(values)) if len(values) > 1 else 2 * math.pi
        spans[rank] = round(1 - widest / (2 * math.pi), 4)
    return spans


def tier_rings(G, node_gap: float = NODE_GAP, keep=None) -> dict:
    """Return positions with needs at the centre and each work tier on its own ring.

    Needs sit on the inner circle in `graph.schema.NEEDS` order, starting at the top and
    going clockwise; the circle is just large enough for the needs shown (a single need
    sits at the centre). Each work tier is a ring outside the previous one, professions
    nearest the needs and jobs outermost; a ring is only as large as its nodes require
    and takes several rows when that is more compact than a larger circle (see
    `ring_radii`), so a small view is drawn small and a large one stays legible.

    On a ring, each node aims at the angle of its parents on the nearest ring (the
    successors reaching exactly its needs: a job under its profession, a "+N" group next
    to its anchor, inside or outside its ring), else at the circular mean of the angles of
    the needs it reaches; a node reaching no need aims at its nearest neighbours. Nodes
    are then pushed apart just enough to keep ``node_gap`` between neighbours, each cluster
    centred on its aim (least squares); nodes with no aim are spread over the empty arcs,
    and a ring too full for that spaces its nodes evenly, turned to sit as near their aims
    as it allows.

    Parameters
    ----------
    G : networkx.DiGraph
        Nodes carry a ``tier`` attribute; edges point towards the needs.
    node_gap : float
        Minimum arc length between neighbouring nodes of a row.
    keep : tuple (H, positions) or (H, positions, bends), optional
        Another drawing to keep: a graph H and its ``tier_rings`` positions (the same
        view with more needs ticked, say), and the `graph.keptbends.KeptBends` of its
        links, which the new nodes then keep off (`keep_drawing`). When G and H share
        at least `KEEP_SHARE` of the nodes of each, and H holds every need of G and a ring for each tier of G, G is drawn on H's needs'
        circle and rings: its nodes drawn in H stay exactly where they are there, and
        the others take the free places of their rings nearest their aims
        (`keep_drawing`), so a filter change moves nothing that stays drawn. Otherwise
        G is laid out afresh, as without ``keep``.

    Returns
    -------
    dict
        Node id -> (x, y).

    See Also
    --------
    keep_drawing : G drawn on the rings of another drawing.
    ring_radii : the rings' radii (the same ``keep``).

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
    kept = keep_drawing(G, keep, node_gap)
    if kept is not None:
        return kept
    web = _web(G, node_gap)
    pos, placed, targets = _place_web(G, web, node_gap)
    # A node whose parents lie outside its ring (a group of professions hanging off an
    # industry) is placed again, aiming at where they went; every ring whose aims change
    # because of that is placed again too, so the nodes aiming at it follow.
    ranks, needs = web.ranks, web.needs
    succ = _adjacency(G)[0]
    if any(ranks[m] > ranks[n] and (not needs[n] or needs[m] == needs[n])
           for n in G for m in succ[n]):
        pos, placed, _ = _place_web(G, web, node_gap, (pos, placed, targets))
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
                xs = sorted(pos[m][0] for m in U[n] if m in pos)  # same sum in any order
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

    It starts from `tier_rings`, so needs stay near the middle, and is scaled to
    `FORCE_WIDTH` node gaps per square root of the node count; then nodes drawn on top of
    one another are pushed apart (`FORCE_ROOM`), so a link can pass between any two. The
    same graph and seed give the same positions.

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
    for u, v in structural(G).edges:
        if u != v:
            adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    placed = _fruchterman_reingold(adjacency, initial, iterations)
    raw = {n: placed[index[n]] for n in nodes}
    scale = node_gap * math.sqrt(len(G)) * FORCE_WIDTH
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    pos = {n: ((raw[n][0] - cx) / extent * scale, (raw[n][1] - cy) / extent * scale) for n in nodes}
    _spread_needs(G, pos, FORCE_NEED_GAP * scale)
    room = np.array([FORCE_NEED_ROOM * scale if _rank(G, n) == 0 else
                     FORCE_ROOM * node_gap + GROUP_GROWTH * _group_share(G, n) for n in nodes])
    return _spread_duplicates(_round(_spread_overlaps(pos, nodes, room)))


def _spread_overlaps(pos: dict, nodes: list, room: np.ndarray, rounds: int = 120) -> dict:
    """Return ``pos`` with nodes pushed apart until any two are the sum of their ``room`` apart.

    Fruchterman-Reingold draws the leaves of a hub in a clump, on top of one another.
    Each round moves both nodes of every pair that is too close half the shortfall apart
    along the line between them (pairs at one point apart along a fixed direction), all
    at once. The pairs near enough to matter are found every few rounds (O(n^2), in
    single precision); the rounds in between only look at those.
    """
    xy = np.array([pos[n] for n in nodes], dtype=float)
    n = len(nodes)
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    need_all = (room[:, None] + room[None, :]).astype(np.float32)
    for round_ in range(rounds):
        if round_ % 8 == 0:
            p32 = xy.astype(np.float32)
            dx = p32[:, 0, None] - p32[None, :, 0]
            dy = p32[:, 1, None] - p32[None, :, 1]
            near = (dx * dx + dy * dy < (1.5 * need_all) ** 2) & upper
            a, b = np.nonzero(near)
            need = need_all[a, b].astype(float)
            if not len(a):
                break
        dx, dy = xy[a, 0] - xy[b, 0], xy[a, 1] - xy[b, 1]
        dist = np.hypot(dx, dy)
        short = need - dist
        if (short <= 0).all():
            if round_ % 8 == 0:
                break
            continue
        same = dist < 1e-6
        dx = np.where(same, 1.0, dx)
        dist = np.where(same, 1.0, dist)
        # a little past half the shortfall each, so the last rounds need not creep up to it
        push = np.maximum(short, 0.0) * 0.55 / dist
        mx, my = dx * push, dy * push
        xy[:, 0] += np.bincount(a, mx, n) - np.bincount(b, mx, n)
        xy[:, 1] += np.bincount(a, my, n) - np.bincount(b, my, n)
    return {m: (float(xy[i, 0]), float(xy[i, 1])) for i, m in enumerate(nodes)}


def _spread_needs(G, pos: dict, gap: float, rounds: int = 60) -> None:
    """Push the needs in ``pos`` apart (in place) until any two are ``gap`` apart.

    Needs are the hubs of the graph, so the force layout draws them close together, with
    no room for their labels. Each round moves both needs of a pair that is too close half
    the shortfall apart along the line between them, in a fixed order; other nodes stay.
    """
    needs = _need_order(G)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(needs):
            for b in needs[:i]:
                (xa, ya), (xb, yb) = pos[a], pos[b]
                dx, dy = xa - xb, ya - yb
                dist = math.hypot(dx, dy)
                if dist >= gap - 1e-6:
                    continue
                if dist < 1e-9:
                    dx, dy, dist = math.cos(i), math.sin(i), 1.0
                push = (gap - dist) / 2 / dist
                pos[a] = (xa + dx * push, ya + dy * push)
                pos[b] = (xb - dx * push, yb - dy * push)
                moved = True
        if not moved:
            return


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
    """Return positions on one circle: each need followed by the nodes nearest its angle.

    The needs keep `graph.schema.NEEDS` order round the circle, clockwise from the top;
    after each need come the nodes whose preferred angle (the circular mean of the needs
    they reach) is nearest it, by tier rank and then by angle. Every need keeps at least
    `CIRCLE_NEED_SHARE` of the circle to its next one, so needs (and their labels) never
    bunch up, whatever the nodes between them, and one empty slot on each side, so no
    node is drawn against a need. Nodes reaching no need follow, by id.

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
    needs = _need_order(G)
    angles = _need_angles(G, needs)
    sectors: dict = {n: [] for n in needs}
    rest = []
    for rank, nodes in sorted(_by_rank(G).items()):
        if rank == 0:
            continue
        for n in _ring_order(nodes, targets):
            aim = targets.get(n)
            if aim is None or not needs:
                rest.append(n)
                continue
            nearest = min(needs, key=lambda m: (abs(math.remainder(aim - angles[m], 2 * math.pi)),
                                                angles[m]))
            sectors[nearest].append(n)
    total = len(G)
    least = max(1, math.ceil(CIRCLE_NEED_SHARE * total)) if len(needs) > 1 else 1
    slots: list = []
    for need in needs:
        # An empty slot on each side of a need: needs are drawn larger than the nodes
        # between them, and a link from a node drawn against a need would cross it.
        run = [need, None, *sectors[need]]
        slots += run + [None] * max(1, least - len(run))
    slots += rest + [None] * bool(rest and needs)
    radius = max(NEEDS_RADIUS, len(slots) * node_gap / (2 * math.pi))
    step = 2 * math.pi / len(slots)
    pos = {n: (radius * math.cos(-math.pi / 2 + i * step), radius * math.sin(-math.pi / 2 + i * step))
           for i, n in enumerate(slots) if n is not None}
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
