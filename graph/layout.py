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

Links
-----
`edge_bends` bends each link that would pass over a node it does not join just enough to
clear every node, as the quadratic curve Cytoscape.js draws (`bend_point`, `curve_points`);
`link_intrusions` lists the links that still cross a node.

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

from graph.cache import structural
from graph.schema import NEED_IDS, tier_rank

__all__ = ["LAYOUTS", "Layout", "bend_point", "circle", "curve_points", "edge_bends", "force",
           "hierarchy", "link_intrusions", "ring_radii", "ring_spans", "tier_rings"]

#: Minimum distance between neighbouring nodes on a ring or in a row, in pixels.
NODE_GAP = 70.0
#: Room between two consecutive tiers in the web layout (outer row of one ring to the
#: inner row of the next), in pixels: a node, its label and the ring's guide fit in it.
RING_GAP = 110.0
#: Distance between neighbouring needs on their circle in the web layout, in pixels.
NEED_GAP = 140.0
#: Radius of the circle layout when it holds few nodes.
NEEDS_RADIUS = 260.0
#: Share of a ring's circumference its nodes may fill before the ring takes another row.
RING_FILL = 0.8
#: Distance between the rows of one ring, as a share of the node gap.
ROW_SHARE = 0.95
#: Arc of the needs' circle kept for each need, as a share of the drawing's radius. The
#: explorer enlarges need labels with the drawing so they stay readable when it is fitted,
#: so a large drawing needs a proportionally larger needs' circle.
NEED_ARC_SHARE = 0.23
#: Room between the needs' circle and the first ring, as a share of the drawing's radius
#: (for the same reason: enlarged need labels must not run into the first ring).
NEED_CLEARANCE = 0.15
#: Width of the arc, in need sectors (a full turn over the number of needs), that the
#: nodes aiming inside it may fill: a crowded need widens its ring rather than pushing
#: its nodes far from it.
CLUSTER_ARC = 4.0
#: Least distance between two needs in the force layout, as a share of its width: room
#: for their labels.
FORCE_NEED_GAP = 0.22
#: Least share of all the nodes' slots between two needs in the circle layout.
CIRCLE_NEED_SHARE = 1 / 24
#: Distance between rows in the hierarchy layout.
ROW_GAP = 140.0
#: Most nodes in one row of the hierarchy layout before it wraps onto another row.
ROW_WIDTH = 40


def _rank(G, node) -> int:
    """Return the tier rank of a node (one past the outermost tier when unknown)."""
    return tier_rank(G.nodes[node].get("tier"))


def _key(node) -> tuple[str, str]:
    """Return a total order on node ids of any type."""
    return (type(node).__name__, str(node))


def _need_order(G, needs=None) -> list:
    """Return the need nodes of G (or ``needs``) in NEEDS order, unknown needs after them by id."""
    if needs is None:
        needs = [n for n in G if _rank(G, n) == 0]
    index = {nid: i for i, nid in enumerate(NEED_IDS)}
    return sorted(needs, key=lambda n: (index.get(n, len(index)), _key(n)))


def _need_angles(G, needs=None) -> dict:
    """Return the angle (radians, from the top, clockwise) of each need node on its circle."""
    needs = _need_order(G, needs)
    count = max(len(needs), 1)
    return {n: -math.pi / 2 + 2 * math.pi * i / count for i, n in enumerate(needs)}


def _reached_needs(G, needs) -> dict:
    """Return, for every node, the needs it reaches by a directed path (in ``needs`` order),
    lateral edges left out."""
    G = structural(G)
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


@dataclass(frozen=True)
class _Ring:
    """One tier's ring in `tier_rings`: its innermost row's radius, rows and row step."""

    radius: float
    rows: int = 1
    step: float = 0.0

    @property
    def outer(self) -> float:
        """Return the radius of the outermost row."""
        return self.radius + (self.rows - 1) * self.step


def _rows(n: int, inner: float, node_gap: float, one_row: float) -> _Ring:
    """Return the ring of ``n`` nodes, at least ``inner`` out, with the smallest outer radius.

    ``one_row`` is the radius the nodes would need on one row; ``k`` rows (`ROW_SHARE` of
    a node gap apart) need ``one_row / k`` for the innermost row. The ring takes more rows
    or a larger radius, whichever is smaller.
    """
    step = ROW_SHARE * node_gap
    best = _Ring(max(inner, one_row))
    cost = best.outer
    rows = 2
    # Each extra row must save half a row step: one circle reads better than a band.
    while rows <= n and inner + (rows - 1) * step * 1.5 < cost:
        ring = _Ring(max(inner, one_row / rows), rows, step)
        if ring.outer + (rows - 1) * step / 2 < cost - 1e-9:
            best, cost = ring, ring.outer + (rows - 1) * step / 2
        rows += 1
    return best


def _need_radius(count: int) -> float:
    """Return the smallest radius giving ``count`` needs `NEED_GAP` between neighbours."""
    if count <= 1:
        return 0.0
    return NEED_GAP / (2 * math.sin(math.pi / count))


def _crowding(angles: list[float], width: float) -> int:
    """Return the most of the sorted angles (in [0, 2 pi)) that fall within one arc of ``width``."""
    n = len(angles)
    ext = angles + [a + 2 * math.pi for a in angles]
    best = j = 0
    for i in range(n):
        if j < i:
            j = i
        while j < i + n and ext[j] - ext[i] <= width + 1e-12:
            j += 1
        if j - i > best:
            best = j - i
    return best


@dataclass(frozen=True)
class _Web:
    """What `tier_rings` and `ring_radii` share: needs reached, aims and the rings."""

    need_angles: dict
    needs: dict  # node -> tuple of the needs it reaches, in NEEDS order
    aims: dict  # node -> angle of the needs it reaches, when the needs are on a circle
    ranks: dict  # node -> tier rank
    groups: dict  # rank -> nodes of that rank, by id
    rings: dict  # rank -> _Ring


def _web(G, node_gap: float) -> _Web:
    """Return the needs reached by each node, their aims and the ring of each rank."""
    ranks = {n: _rank(G, n) for n in G}
    need_angles = _need_angles(G, [n for n, r in ranks.items() if r == 0])
    reached = _reached_needs(G, list(need_angles))
    needs = {n: tuple(v) for n, v in reached.items()}
    aims = {}
    if len(need_angles) > 1:  # a lone need sits at the centre: its angle means nothing
        for n, v in needs.items():
            aim = _circular_mean([need_angles[m] for m in v])
            if aim is not None:  # needs all round (or face to face) give no direction
                aims[n] = aim
    groups: dict[int, list] = {}
    for node in sorted(G, key=_key):
        groups.setdefault(ranks[node], []).append(node)
    rings = _plan(ranks, aims, len(need_angles), node_gap)
    return _Web(need_angles, needs, aims, ranks, groups, rings)


def _plan(ranks: dict, aims: dict, need_count: int, node_gap: float) -> dict[int, _Ring]:
    """Return the ring of each tier rank present (see `ring_radii`).

    A ring's one-row radius gives its nodes `RING_FILL` of the circumference, and, when
    the needs are on a circle, gives the most crowded arc of `CLUSTER_ARC` need sectors
    (by the nodes' aims) room for its nodes, so that they sit near their needs.
    """
    counts: dict[int, int] = {}
    angles: dict[int, list] = {}
    for node, rank in ranks.items():
        counts[rank] = counts.get(rank, 0) + 1
        if node in aims:
            angles.setdefault(rank, []).append((aims[node] + math.pi / 2) % (2 * math.pi))
    one_row = {}
    width = min(CLUSTER_ARC * 2 * math.pi / max(need_count, 1), 2 * math.pi)
    for rank, n in counts.items():
        one_row[rank] = n * node_gap / (2 * math.pi * RING_FILL)
        if rank in angles and need_count > 1:
            crowd = _crowding(sorted(angles[rank]), width)
            one_row[rank] = max(one_row[rank], crowd * node_gap / width)

    def build(need_radius: float, first_gap: float) -> dict[int, _Ring]:
        rings: dict[int, _Ring] = {}
        outer = previous = None
        for rank in sorted(counts):
            n = counts[rank]
            if rank == 0:
                rings[rank] = _Ring(need_radius)
            elif outer is None and n == 1:
                rings[rank] = _Ring(0.0)  # one innermost node sits at the very centre
            elif outer is None:
                rings[rank] = _rows(n, RING_GAP, node_gap, one_row[rank])
            else:
                gap = first_gap if previous == 0 else RING_GAP
                rings[rank] = _rows(n, outer + gap, node_gap, one_row[rank])
            outer, previous = rings[rank].outer, rank
        return rings

    base = _need_radius(counts.get(0, 0))
    rings = build(base, RING_GAP)
    if 0 not in counts or len(counts) == 1:
        return rings
    # The explorer enlarges need labels with the drawing; keep room for them in proportion:
    # the smallest needs' circle and first gap in proportion to the drawing they give.
    share = NEED_ARC_SHARE * counts[0] / (2 * math.pi) if counts[0] > 1 else 0.0
    need_radius, first_gap = base, RING_GAP
    for _ in range(12):
        extent = max(r.outer for r in rings.values())
        wanted = (max(base, share * extent), max(RING_GAP, NEED_CLEARANCE * extent))
        if wanted[0] - need_radius < 0.5 and wanted[1] - first_gap < 0.5:
            break
        need_radius, first_gap = wanted
        rings = build(need_radius, first_gap)
    return rings


def ring_radii(G, node_gap: float = NODE_GAP) -> dict[int, float]:
    """Return the radius of each tier rank's ring in `tier_rings`, for ranks present in G.

    A ring that holds more nodes than fit on one circle at its radius takes several rows;
    its radius here is that of its outermost row, where the explorer draws its guide. The
    needs' circle (rank 0) is just large enough for its needs, and 0.0 when there is one
    need; likewise a lone innermost node of a view without needs sits at the centre.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("family", {"tier": "need"}), ("chef", {"tier": "profession"})])
    >>> r = ring_radii(G)
    >>> r[0] == 0.0 and r[1] == RING_GAP
    True
    """
    return {rank: ring.outer for rank, ring in _web(G, node_gap).rings.items()}


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


def _adjacency(G):
    """Return the successor and predecessor mappings of G (its own dicts when it has them),
    lateral edges left out (`graph.cache.structural`): positions follow the links towards
    the needs."""
    G = structural(G)
    return getattr(G, "_succ", G.succ), getattr(G, "_pred", G.pred)


def _circular_mean(angles) -> float | None:
    """Return the circular mean of angles, or None when there are none or they cancel out."""
    if len(angles) == 1:
        return angles[0]
    x = y = 0.0
    for a in angles:
        x += math.cos(a)
        y += math.sin(a)
    if abs(x) < 1e-9 and abs(y) < 1e-9:
        return None
    return math.atan2(y, x)


def _parent_angle(G, node, rank: int, web: _Web, placed: dict, before: dict) -> float | None:
    """Return the mean angle of the node's parents on the nearest ring, or None.

    Parents are the successors reaching exactly the needs the node reaches (a job's
    profession, a group's anchor); a node reaching no need also takes its predecessors.
    Parents on inner rings count by their angle in ``placed``; parents on outer rings by
    their angle in ``before`` (a previous pass), and only when no inner ring has one.
    """
    needs, ranks = web.needs, web.ranks
    own = needs[node]
    succ, pred = _adjacency(G)
    links = succ[node] if own else (*succ[node], *pred[node])
    best = None
    angles: list[float] = []
    for m in links:
        r = ranks[m]
        if r == rank or (own and needs[m] != own):
            continue
        angle = placed.get(m) if r < rank else before.get(m)
        if angle is None:
            continue
        key = (r > rank, abs(r - rank))
        if best is not None and key > best:
            continue
        if key != best:
            best, angles = key, []
        angles.append(angle)
    if len(angles) > 1:
        angles.sort()  # the same sum whatever the order of the edges
    return _circular_mean(angles)


def _gaps(angles: list[float]) -> list[float]:
    """Return the gap after each of the sorted angles (in [0, 2 pi)): they add up to 2 pi."""
    gaps = [b - a for a, b in zip(angles, angles[1:])]
    gaps.append(angles[0] + 2 * math.pi - angles[-1])
    return gaps


def _fill_gaps(ordered_targets: list[float], count: int) -> list[float]:
    """Return ``count`` angles spread over the gaps between the sorted targets.

    Each gap takes a share of the angles in proportion to its width (largest remainders
    first, ties to the earlier gap), spaced evenly inside it; angles come in circle order.
    """
    n = len(ordered_targets)
    gaps = _gaps(ordered_targets)
    quotas = [count * g / (2 * math.pi) for g in gaps]
    shares = [int(q) for q in quotas]
    for i in sorted(range(n), key=lambda i: (-(quotas[i] - shares[i]), i))[:count - sum(shares)]:
        shares[i] += 1
    return [ordered_targets[i] + gaps[i] * (k + 1) / (shares[i] + 1)
            for i in range(n) for k in range(shares[i])]


def _pav(unwrapped: list[float], delta: float) -> list[float]:
    """Return the nearest angles to the sorted ``unwrapped`` ones with ``delta`` between them.

    The sum of squared shifts is minimised under the spacing constraint by
    pool-adjacent-violators, so a cluster of nodes is centred on its preferred angles.
    """
    # Blocks of [sum, count] over y_k = u_k - k * delta; each block's mean is its level.
    blocks: list[list[float]] = []
    for k, a in enumerate(unwrapped):
        blocks.append([a - k * delta, 1])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] > blocks[-1][0] * blocks[-2][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    placed: list[float] = []
    for total, count in blocks:
        level, first = total / count, len(placed)
        placed.extend([level + (first + j) * delta for j in range(int(count))])
    return placed


def _packed_angles(wanted: list[float], delta: float, wrap: float, tries: int = 6):
    """Return angles as near ``wanted`` as possible, consecutive ones at least ``delta`` apart.

    ``wanted`` holds angles in [0, 2 pi), sorted. The circle is cut at the widest gap
    between them and the nodes are packed along it (`_pav`). When the packed nodes would
    leave less than ``wrap`` across the cut, the circle is cut again at the widest gap of
    that packing, up to ``tries`` times; returns None if no cut works.
    """
    n = len(wanted)
    gaps = _gaps(wanted)
    start = (max(range(n), key=lambda i: (gaps[i], -i)) + 1) % n
    seen = set()
    for _ in range(tries):
        seen.add(start)
        sequence = [(start + k) % n for k in range(n)]
        unwrapped = []
        for i in sequence:
            a = wanted[i]
            while unwrapped and a < unwrapped[-1] - 1e-12:
                a += 2 * math.pi
            unwrapped.append(a)
        placed = _pav(unwrapped, delta)
        if placed[-1] - placed[0] <= 2 * math.pi - wrap + 1e-12:
            angles = [0.0] * n
            for i, p in zip(sequence, placed):
                angles[i] = p
            return angles
        k = max(range(n - 1), key=lambda j: (placed[j + 1] - placed[j], -j))
        start = sequence[k + 1]
        if start in seen:
            return None
    return None


def _wanted_angles(nodes, targets: dict) -> dict:
    """Return each node's wanted angle on its ring, in [0, 2 pi) from the top, clockwise.

    ``nodes`` are sorted by id. Nodes with a target want it; nodes without one are spread,
    by id, over the gaps between the others (`_fill_gaps`). Returns an empty dict when no
    node has a target.
    """
    wanted = {n: (targets[n] + math.pi / 2) % (2 * math.pi) for n in nodes if n in targets}
    known = sorted(wanted, key=wanted.__getitem__)  # stable: ties stay in id order
    rest = [n for n in nodes if n not in wanted]
    if known and rest:
        for n, a in zip(rest, _fill_gaps([wanted[m] for m in known], len(rest))):
            wanted[n] = a % (2 * math.pi)
    return wanted


def _place_ring(nodes, wanted: dict, ring: _Ring, node_gap: float) -> dict:
    """Return (x, y, angle) of a ring's nodes, packed near their wanted angles, on its rows.

    ``nodes`` are sorted by id. Without wanted angles (or when the ring is too full to
    pack) the nodes are spaced evenly, by id, turned so that they sit as near their wanted
    angles as possible.
    """
    ordered = sorted(nodes, key=lambda n: wanted.get(n, 0.0))  # stable: ties in id order
    n = len(ordered)
    real = node_gap / ring.radius  # angle between neighbours on the innermost row
    virtual = real / ring.rows
    packed = None
    if wanted:
        packed = _packed_angles([wanted[m] for m in ordered], virtual, real)
    pos = {}
    if packed is None:
        # Evenly spaced slots, a whole number per row, so each row is even all round.
        slots = -(-n // ring.rows) * ring.rows
        step = 2 * math.pi / slots
        sx = sy = 0.0
        for i, m in enumerate(ordered):
            if m in wanted:
                sx += math.cos(wanted[m] - i * step)
                sy += math.sin(wanted[m] - i * step)
        offset = math.atan2(sy, sx) if (sx or sy) else 0.0
        for i, m in enumerate(ordered):
            r, a = ring.radius + (i % ring.rows) * ring.step, offset + i * step - math.pi / 2
            pos[m] = (r * math.cos(a), r * math.sin(a), a)
        return pos
    # Each node takes the innermost row whose last node is a whole gap behind it.
    last = [-math.inf] * ring.rows
    for i in sorted(range(n), key=packed.__getitem__):
        a = packed[i]
        row = next((j for j in range(ring.rows) if a - last[j] >= real - 1e-9), 0)
        last[row] = a
        r, a = ring.radius + row * ring.step, a - math.pi / 2
        pos[ordered[i]] = (r * math.cos(a), r * math.sin(a), a)
    return pos


def tier_rings(G, node_gap: float = NODE_GAP) -> dict:
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


def _place_web(G, web: _Web, node_gap: float, before=None):
    """Return (positions, angles, targets by rank) of one pass of `tier_rings`.

    Rings are placed from the inside out. ``before`` is None or the result of a previous
    pass: parents on outer rings then count at their angles there, and a ring whose
    targets did not change keeps its positions.
    """
    pos: dict = {}
    placed: dict = {}  # angle of each placed node not at the centre
    aims: dict = {}
    outer = before[1] if before else {}
    for rank, nodes in sorted(web.groups.items()):
        ring = web.rings[rank]
        if rank == 0:
            for n, a in web.need_angles.items():
                pos[n] = (ring.radius * math.cos(a), ring.radius * math.sin(a))
                if ring.radius > 0:
                    placed[n] = a
            continue
        if ring.radius == 0:
            pos[nodes[0]] = (0.0, 0.0)
            continue
        targets = {}
        for n in nodes:
            aim = _parent_angle(G, n, rank, web, placed, outer)
            if aim is None:
                aim = web.aims.get(n)
            if aim is not None:
                targets[n] = aim
        aims[rank] = targets
        if before and before[2].get(rank) == targets:
            for n in nodes:
                pos[n], placed[n] = before[0][n], before[1][n]
            continue
        ring_pos = _place_ring(nodes, _wanted_angles(nodes, targets), ring, node_gap)
        for n, (x, y, a) in ring_pos.items():
            pos[n] = (x, y)
            placed[n] = a
    return pos, placed, aims


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
    for u, v in structural(G).edges:
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
    _spread_needs(G, pos, FORCE_NEED_GAP * scale)
    return _spread_duplicates(_round(pos))


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
    bunch up, whatever the nodes between them. Nodes reaching no need follow, by id.

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
        run = [need, *sectors[need]]
        slots += run + [None] * (least - len(run))
    slots += rest
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


#: Room kept between a drawn link and a node it does not join, in pixels.
EDGE_CLEARANCE = 4.0
#: Largest bend of a link, in link lengths (its curve then strays half as far): a link
#: that only a wider detour would keep clear of other nodes stays as close as this allows.
BEND_LIMIT = 1.2
#: Points sampled along a curved link when checking it against the nodes (a polyline of
#: this many segments; its chords stray from the curve by about bend / (4 * SAMPLES**2)).
CURVE_SAMPLES = 16


def bend_point(source, target, bend: float, weight: float = 0.5) -> tuple[float, float]:
    """Return the control point of a link bent by ``bend`` pixels, as Cytoscape.js places it.

    With ``curve-style: unbundled-bezier`` and ``edge-distances: node-position``, the
    control point lies ``weight`` of the way from the source's centre to the target's and
    ``bend`` pixels off that line along its normal ``(-dy, dx) / length`` (screen
    coordinates: a positive bend lies to the right of the link when y grows downwards and
    the link points up, i.e. counter-clockwise of it on screen). The link is drawn as the
    quadratic Bezier curve from the source through this control point to the target, so
    its furthest point from the straight line is ``bend / 2`` away.

    Examples
    --------
    >>> bend_point((0.0, 0.0), (100.0, 0.0), 40.0)
    (50.0, 40.0)
    """
    (x1, y1), (x2, y2) = source, target
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    return (x1 + weight * dx - dy / length * bend, y1 + weight * dy + dx / length * bend)


def curve_points(source, target, bend: float = 0.0, samples: int = CURVE_SAMPLES) -> np.ndarray:
    """Return ``samples + 1`` points along a link as drawn (a quadratic curve when bent).

    Examples
    --------
    >>> curve_points((0, 0), (100, 0), 40.0, samples=2).round(1).tolist()
    [[0.0, 0.0], [50.0, 20.0], [100.0, 0.0]]
    """
    t = np.linspace(0.0, 1.0, samples + 1)[:, None]
    p0 = np.asarray(source, dtype=float)
    p2 = np.asarray(target, dtype=float)
    p1 = np.asarray(bend_point(source, target, bend), dtype=float)
    return (1 - t) ** 2 * p0 + 2 * t * (1 - t) * p1 + t * t * p2


def _polyline_distance(points: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """Return the distance from each point (k, 2) to each polyline (c, s + 1, 2): (c, k)."""
    a = lines[:, :-1, None, :]  # (c, s, 1, 2)
    ab = lines[:, 1:, None, :] - a
    ap = points[None, None, :, :] - a  # (c, s, k, 2)
    denom = np.maximum(np.einsum("csij,csij->csi", ab, ab), 1e-12)
    t = np.clip(np.einsum("cskj,csij->csk", ap, ab) / denom, 0.0, 1.0)
    d = ap - t[..., None] * ab
    return np.sqrt(np.einsum("cskj,cskj->csk", d, d).min(axis=1))


def link_intrusions(G, pos, radius, bends=None, clearance: float = 0.0) -> list[tuple]:
    """Return (link, node, depth) for each drawn link passing within a node it does not join.

    A link is drawn straight, or bent as `bend_point` says when ``bends`` has it; ``depth``
    is how far (pixels) the link comes inside the node's ``radius`` plus ``clearance``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "c")]); G.add_node("b")
    >>> pos = {"a": (0, 0), "b": (50, 0), "c": (100, 0)}
    >>> [(e, n) for e, n, _ in link_intrusions(G, pos, 10)]
    [(('a', 'c'), 'b')]
    >>> link_intrusions(G, pos, 10, bends={("a", "c"): 60})
    []
    """
    nodes = [n for n in G if n in pos]
    points = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    radii = _radii(nodes, radius) + clearance
    index = {n: i for i, n in enumerate(nodes)}
    out = []
    for u, v in sorted(G.edges(), key=lambda e: (_key(e[0]), _key(e[1]))):
        if u == v or u not in index or v not in index:
            continue
        line = curve_points(pos[u], pos[v], (bends or {}).get((u, v), 0.0))
        depth = radii - _polyline_distance(points, line[None])[0]
        depth[[index[u], index[v]]] = -1.0
        for i in np.flatnonzero(depth > 0):
            out.append(((u, v), nodes[i], float(depth[i])))
    return out


def _radii(nodes, radius) -> np.ndarray:
    """Return the radius of each node: ``radius`` is a number or a mapping (default 0)."""
    if isinstance(radius, (int, float)):
        return np.full(len(nodes), float(radius))
    return np.array([float(radius.get(n, 0.0)) for n in nodes], dtype=float)


def edge_bends(G, pos, radius, clearance: float = EDGE_CLEARANCE) -> dict:
    """Return the bend (see `bend_point`) of each link that would cross a node it does not join.

    A link drawn straight from its source's centre to its target's must not pass over a
    third node, or it reads as a chain through that node. Each such link gets the bend of
    least size (up to `BEND_LIMIT` link lengths; away from the nodes it crossed on a tie)
    whose curve keeps ``clearance`` pixels outside every other node's ``radius`` (see
    `_bends`); when none does, nodes beside its ends are given up first, and a link that
    no bend helps stays straight. Links that are clear straight are not in the result.

    Parameters
    ----------
    G : networkx.DiGraph
        The drawn graph; it is not changed.
    pos : mapping
        Node id -> (x, y), as drawn.
    radius : float or mapping
        The drawn radius of every node, or node id -> radius.
    clearance : float
        Room kept outside each node, in pixels.

    Returns
    -------
    dict
        (source, target) -> bend in pixels (positive: towards the normal ``(-dy, dx)``).

    See Also
    --------
    link_intrusions : the links that still cross a node.

    Notes
    -----
    All links are solved at once with array operations: matrix products give every
    node's offset from every link (O(n m) for n nodes and m links, done in single
    precision and in chunks of links that stay in cache); only the (link, node) pairs in
    a band round each link are looked at further, and each round of the search sorts
    the forbidden intervals of all links together (O(k log k) for k such pairs; a few
    rounds). The links that no small bend clears get a second, wider pass. About 10 ms
    for a view of 1,000 elements with 900 links, half of which cross a node straight
    (``python -m bench.bench_layout``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "c")]); G.add_node("b")
    >>> bends = edge_bends(G, {"a": (0, 0), "b": (50, 0), "c": (100, 0)}, 10)
    >>> abs(bends[("a", "c")]) / 2 > 10 + EDGE_CLEARANCE
    True
    """
    nodes = [n for n in G if n in pos]
    if len(nodes) < 3:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    links = [(u, v) for u, v in G.edges() if u != v and u in index and v in index]
    if not links:
        return {}
    points = np.array([pos[n] for n in nodes], dtype=float)
    radii = _radii(nodes, radius) + clearance
    src = np.array([index[u] for u, _ in links])
    dst = np.array([index[v] for _, v in links])
    found = _bends(points, radii, src, dst)
    return {links[j]: round(float(found[j]), 1)
            for j in np.flatnonzero(~np.isnan(found) & (found != 0.0))}


class _Links:
    """The links' own frames: x along each link, y along its normal (see `_bends`)."""

    #: Links per matrix product: small enough that it runs on one thread, in cache.
    CHUNK = 256

    def __init__(self, points, radii, src, dst):
        self.src, self.dst = src, dst
        self.px, self.py = points[:, 0].copy(), points[:, 1].copy()
        self.ax, self.ay = self.px[src], self.py[src]
        dx, dy = self.px[dst] - self.ax, self.py[dst] - self.ay
        self.length = np.sqrt(dx * dx + dy * dy)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.ux, self.uy = dx / self.length, dy / self.length
        self.nx, self.ny = -self.uy, self.ux
        # The band is found in single precision (its edges have a pixel to spare), the
        # pairs in it are then measured in double.
        self.points32 = points.T.astype(np.float32)
        self.radii32 = radii.astype(np.float32) + np.float32(1.0)

    def near(self, rows, margin, spread):
        """Return (link, node, s, y) of the pairs of ``rows`` x nodes within a band round
        each link: ``|y| < margin[node] + spread[link]`` and ``-radius < x < length +
        radius`` (a pixel more on every side).

        ``s`` is the node's position along the link as a share of its length, ``y`` its
        offset along the normal. Zero-length links have no pairs; a link's own ends are
        left out.
        """
        rows = rows[self.length[rows] > 0]
        margin = margin.astype(np.float32) + np.float32(1.0)
        found = []
        for lo in range(0, len(rows), self.CHUNK):
            part = rows[lo:lo + self.CHUNK]
            ux, uy, nx, ny = self.ux[part], self.uy[part], self.nx[part], self.ny[part]
            frame = np.column_stack([np.concatenate([ux, nx]), np.concatenate([uy, ny])])
            half = self.length[part] / 2
            # x measured from the link's middle, y from its line
            xy = frame.astype(np.float32) @ self.points32
            xy -= np.concatenate([self.ax[part] * ux + self.ay[part] * uy + half,
                                  self.ax[part] * nx + self.ay[part] * ny])[:, None]
            np.abs(xy, out=xy)
            x, y = xy[:len(part)], xy[len(part):]
            y -= spread[part, None]
            close = y < margin
            x -= half[:, None]
            close &= x < self.radii32
            r, i = np.nonzero(close)
            found.append((part[r], i))
        j = np.concatenate([f[0] for f in found]) if found else np.zeros(0, dtype=np.intp)
        i = np.concatenate([f[1] for f in found]) if found else np.zeros(0, dtype=np.intp)
        keep = (i != self.src[j]) & (i != self.dst[j])
        j, i = j[keep], i[keep]
        apx, apy = self.px[i] - self.ax[j], self.py[i] - self.ay[j]
        s = (apx * self.ux[j] + apy * self.uy[j]) / self.length[j]
        y = apx * self.nx[j] + apy * self.ny[j]
        return j, i, s, y


def _bends(points, radii, src, dst) -> np.ndarray:
    """Return the smallest bend of each link whose curve clears every node (see `edge_bends`).

    In a link's own frame (x along it, y along its normal) the bent link is the parabola
    ``y = bend * 2 s (1 - s)`` with ``s = x / length``, so a node at (x, y) of radius r is
    cleared when ``|y - bend * 2 s (1 - s)|`` exceeds r (times the curve's slope factor
    there): each node forbids an interval of bends, and the answer is the bend of least
    size outside all of them, within `BEND_LIMIT` link lengths, away from the nodes the
    straight link crosses on a tie. Nodes beside an end, which small bends cannot avoid,
    are given up first when nothing else works. 0 for a link that crosses no node (or
    only nodes beyond its ends), NaN when nothing helps.

    ``points`` (n, 2) are the nodes, ``radii`` (n,) their radii with the clearance,
    ``src`` and ``dst`` (m,) the ends of each link (indices into ``points``).
    """
    frame = _Links(points, radii, src, dst)
    m = len(src)
    length = frame.length
    limit = BEND_LIMIT * length
    steepest = math.sqrt(1 + (2 * BEND_LIMIT) ** 2)
    small = 6 * float(radii.max())
    window = np.minimum(small, limit)
    # Most links need a small bend, so only the nodes within reach of one are tried
    # first: the band holds those and the nodes each straight link crosses.
    margin = radii * steepest + 3.0  # a pixel to spare
    j, i, s, y = frame.near(np.arange(m), margin, np.full(m, 0.5 * small))
    beyond = length[j] * np.maximum(np.maximum(-s, s - 1.0), 0.0)
    crossed = np.hypot(y, beyond) < radii[i]
    result = np.zeros(m)
    need = np.zeros(m, dtype=bool)
    need[j[crossed]] = True
    if not need.any():
        return result
    pull = np.bincount(j[crossed], weights=y[crossed], minlength=m)
    side = -np.copysign(1.0, pull)
    result[need] = np.nan
    pairs = _reachable(j, i, s, y, radii, window, steepest, need)
    _solve(pairs, length, window, side, need, (0.0,), result)
    # The links no small bend clears try every allowed bend, giving up nodes by their ends.
    rows = np.flatnonzero(np.isnan(result))
    if len(rows):
        j, i, s, y = frame.near(rows, margin, 0.5 * limit)
        todo = np.zeros(m, dtype=bool)
        todo[rows] = True
        pairs = _reachable(j, i, s, y, radii, limit, steepest, todo)
        _solve(pairs, length, limit, side, todo, (0.0, 0.18, 0.32), result)
    return result


def _reachable(j, i, s, y, radii, reach, steepest, rows):
    """Return (link, s, y, radius) of the pairs whose node lies beside its link (``0 < s <
    1``) and within reach of a bend of ``reach[link]``, for the links flagged in ``rows``."""
    f = 2 * s * (1 - s)
    room = np.abs(y) - radii[i] * steepest - 2.0
    keep = rows[j] & (s > 0.0) & (s < 1.0) & (room < f * reach[j])
    return j[keep], s[keep], y[keep], radii[i[keep]]


def _solve(pairs, length, reach, side, rows, floors, result) -> None:
    """Set ``result`` of the links flagged in ``rows`` to their least clearing bend (see
    `_bends`), leaving NaN where none within ``reach`` does; ``floors`` are the shares of
    a link's middle below which nodes are given up, tried in turn.

    Each of up to three rounds widens the nodes' forbidden intervals by the slope of the
    curve bent as the previous round found, until the bend found no longer changes.
    """
    j, s, y, r = pairs
    f = 2 * s * (1 - s)
    pending = rows.copy()
    for floor in floors:
        use = pending[j] & (f > floor)
        ju, su, yu, ru, fu = j[use], s[use], y[use], r[use], f[use]
        active = pending.copy()
        bend = np.zeros(len(length))
        for round_ in range(3):
            sel = active[ju]
            jj, ss, fs = ju[sel], su[sel], fu[sel]
            slope = np.sqrt(1 + (2 * np.abs(bend[jj]) * (1 - 2 * ss) / length[jj]) ** 2)
            half = ru[sel] * slope + 1.5
            ys = yu[sel]
            found = _least_outside(jj, (ys - half) / fs, (ys + half) / fs, reach, side)
            failed = active & np.isnan(found)
            done = active & ~failed & ((found == bend) | (round_ == 2))
            result[done] = found[done]
            pending &= ~done
            active &= ~(failed | done)
            bend[active] = found[active]
            if not active.any():
                break
        if not pending.any():
            return


def _least_outside(g, lo, hi, limit, side) -> np.ndarray:
    """Return, for each group, the value of least size outside every open interval
    (lo, hi) of that group (``g``), within +-``limit[group]``.

    The intervals of a group are merged where they overlap (not where they only touch);
    the answer is 0 when no merged span holds zero, else the nearer end of the span that
    does (``side[group]``'s sign first on a tie), or NaN when both its ends are beyond the
    limit.

    Examples
    --------
    >>> g = np.array([0, 0, 1, 2])
    >>> lo, hi = np.array([-1.0, 0.5, 1.0, -20.0]), np.array([1.0, 3.0, 2.0, 20.0])
    >>> _least_outside(g, lo, hi, np.full(3, 10.0), np.ones(3)).tolist()
    [-1.0, 0.0, nan]
    """
    answer = np.zeros(len(limit))
    keep = (lo < limit[g]) & (hi > -limit[g])  # the others forbid no allowed value
    g, lo, hi = g[keep], lo[keep], hi[keep]
    if not len(g):
        return answer
    group = g.astype(np.int16 if len(limit) < 2 ** 15 else np.int64)
    by_start, by_end = _group_sort(lo, group), _group_sort(hi, group)
    rank = np.empty(len(g), dtype=np.intp)
    rank[by_end] = np.arange(len(g))
    # The furthest end among the intervals of the group started so far: end ranks grow
    # from group to group, so one running maximum serves every group.
    furthest = hi[by_end][np.maximum.accumulate(rank[by_start])]
    g, lo, hi = g[by_start], lo[by_start], hi[by_start]
    first = np.ones(len(g), dtype=bool)  # starts a merged span
    first[1:] = (g[1:] != g[:-1]) | (lo[1:] >= furthest[:-1])
    starts = np.flatnonzero(first)
    span_g, span_lo = g[starts], lo[starts]
    span_hi = np.maximum.reduceat(hi, starts)
    holds = (span_lo < 0.0) & (span_hi > 0.0)
    span_g, span_lo, span_hi = span_g[holds], span_lo[holds], span_hi[holds]
    lim, sd = limit[span_g], side[span_g]
    lo_ok, hi_ok = -span_lo <= lim, span_hi <= lim
    upper = hi_ok & (~lo_ok | (span_hi < -span_lo) | ((span_hi == -span_lo) & (sd > 0)))
    answer[span_g] = np.where(upper, span_hi, np.where(lo_ok, span_lo, np.nan))
    return answer


def _group_sort(values, group) -> np.ndarray:
    """Return the order sorting ``values`` by ``group``, then by value within a group."""
    order = np.argsort(values)
    return order[np.argsort(group[order], kind="stable")]
