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

Where the links between these positions are drawn (bent round the nodes they would cross)
is `graph.routing`.

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

import bisect
import math
from collections import deque
from dataclasses import dataclass
from typing import Callable

import numpy as np

from graph.cache import structural
from graph.schema import NEED_IDS, tier_rank

__all__ = ["LAYOUTS", "Layout", "circle", "force", "hierarchy", "keep_drawing", "ring_radii",
           "ring_spans", "tier_rings"]

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
#: Width of the force layout, in node gaps per square root of the node count: room
#: between the clusters Fruchterman-Reingold draws for the links that cross them.
FORCE_WIDTH = 2.4
#: Room a node of the force layout keeps round its centre, in node gaps: two nodes are at
#: least twice this apart, so a link can pass between them.
FORCE_ROOM = 0.45
#: Room a need keeps in the force layout, as a share of the drawing's width (needs are
#: drawn larger in a larger drawing).
FORCE_NEED_ROOM = 0.03
#: How much wider a "+N" group of 200 is drawn than a node, in pixels (groups grow with
#: their ``count``).
GROUP_GROWTH = 26.0
#: Least share of all the nodes' slots between two needs in the circle layout.
CIRCLE_NEED_SHARE = 1 / 24
#: Least share of a view's nodes that another web drawing must hold, and of that drawing's
#: nodes the view must keep, for `tier_rings` to draw the view on its rings, keeping the
#: nodes they share where they are (a view that keeps only a corner of the drawing, one
#: need of twelve, say, is laid out afresh to use the canvas).
KEEP_SHARE = 0.5
#: Distance between rows in the hierarchy layout.
ROW_GAP = 140.0
#: Most nodes in one row of the hierarchy layout before it wraps onto another row.
ROW_WIDTH = 40


def _rank(G, node) -> int:
    """Return the tier rank of a node (one past the outermost tier when unknown)."""
    return tier_rank(G.nodes[node].get("tier"))


def _group_share(G, node) -> float:
    """Return how large a "+N" group node is drawn, from 0 (one member) to 1 (200 or more)."""
    data = G.nodes[node]
    if not data.get("group"):
        return 0.0
    return min(max(float(data.get("count") or 1) - 1, 0.0), 199.0) / 199


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


def _web(G, node_gap: float, need_angles=None, rings=None) -> _Web:
    """Return the needs reached by each node, their aims and the ring of each rank
    (the given needs' angles and rings, when given: see `keep_drawing`)."""
    ranks = {n: _rank(G, n) for n in G}
    if need_angles is None:
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
    if rings is None:
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
    keep : tuple (H, positions), optional
        Another drawing to keep: a graph H and its ``tier_rings`` positions (the same
        view with more needs ticked, say). When G and H share at least `KEEP_SHARE` of
        the nodes of each, and H holds every need of G and a ring for each tier of G, G is drawn on H's needs'
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


def _kept_rings(G, keep, node_gap: float) -> dict[int, _Ring] | None:
    """Return the rings of the drawing ``keep`` = (H, positions) that G is drawn on (see
    `tier_rings`), or None when G is to be laid out afresh."""
    if keep is None:
        return None
    H, pos = keep
    shared = sum(1 for n in G if n in pos)
    if not len(G) or shared < KEEP_SHARE * max(len(G), len(H)):
        return None
    rings = _web(H, node_gap).rings
    for n in G:
        rank = _rank(G, n)
        if rank not in rings:
            return None
        if n not in pos and (rank == 0 or rings[rank].radius == 0):
            return None  # a need, or a lone centre node, has no free place to take
    return rings


def _free_angle(taken: list, aim: float, half: float):
    """Return (distance, angle): the angle nearest ``aim`` at which an arc of half-width
    ``half`` meets none of the ``taken`` arcs, or None when there is no room.

    ``taken`` holds (centre, half-width) pairs, sorted by centre in [0, 2 pi); ``aim`` is
    in [0, 2 pi). The gaps next to the aim's are searched outwards until no nearer angle
    can be found.

    Examples
    --------
    >>> [round(v, 2) for v in _free_angle([(1.0, 0.1)], 1.05, 0.1)]
    [0.15, 1.2]
    >>> _free_angle([], 2.0, 0.5)
    (0.0, 2.0)
    """
    n = len(taken)
    if not n:
        return 0.0, aim
    turn = 2 * math.pi
    start = bisect.bisect_right(taken, (aim, math.inf))
    best = None
    for k in range(n):
        for j in ((start,) if k == 0 else (start + k, start - k)):
            # gap j runs from taken arc j - 1 to taken arc j, unwrapped round the aim
            before, after = taken[(j - 1) % n], taken[j % n]
            lo = before[0] + turn * ((j - 1) // n) + before[1] + half
            hi = after[0] + turn * (j // n) - after[1] - half
            if hi >= lo:
                angle = min(max(aim, lo), hi)
                if best is None or abs(angle - aim) < best[0]:
                    best = (abs(angle - aim), angle)
        if best is not None and k > 0:
            right = taken[(start + k) % n][0] + turn * ((start + k) // n) - aim
            left = aim - taken[(start - k - 1) % n][0] - turn * ((start - k - 1) // n)
            if min(right, left) >= best[0]:
                break
    return best


def keep_drawing(G, keep, node_gap: float = NODE_GAP) -> dict | None:
    """Return G drawn on the needs' circle and rings of another web drawing, or None.

    ``keep`` is (H, positions), H drawn by `tier_rings` at those positions. When G and H
    share at least `KEEP_SHARE` of the nodes of each, H holds every need of G and a ring
    for each tier of G, the nodes of G drawn in H keep their positions there. Each other node aims as in
    `tier_rings` (at its parents on the nearest ring, else at the needs it reaches, both
    where H drew them) and takes the free place nearest its aim on any row of its ring:
    ``node_gap`` from its neighbours on the row (more beside a large "+N" group). Rings
    are filled from the inside out, new nodes of a ring in the order of their aims. The
    result depends on G and the drawing only, so the same view is always drawn the same.
    Returns None (lay G out afresh) when ``keep`` is None or does not qualify, or a ring
    has no room left.

    Notes
    -----
    About O(n + m) for n nodes and m links of G and H (their needs reached, found once),
    plus, for each new node, a search of its ring's rows outwards from its aim: usually
    a few gaps each.

    Examples
    --------
    >>> import networkx as nx
    >>> H = nx.DiGraph([("cook", "leisure"), ("baker", "family"), ("nanny", "family")])
    >>> nx.set_node_attributes(H, {"leisure": "need", "family": "need", "cook": "profession",
    ...                            "baker": "profession", "nanny": "profession"}, "tier")
    >>> G = H.subgraph(["leisure", "cook", "baker", "family"]).copy()
    >>> G.add_edge("chef", "leisure")
    >>> G.nodes["chef"]["tier"] = "profession"
    >>> before = tier_rings(H)
    >>> after = keep_drawing(G, (H, before))
    >>> all(after[n] == before[n] for n in ("leisure", "family", "cook", "baker"))
    True
    >>> math.dist(after["chef"], after["cook"]) > 0.99 * NODE_GAP  # an arc of NODE_GAP apart
    True
    """
    rings = _kept_rings(G, keep, node_gap)
    if rings is None:
        return None
    pos_h = keep[1]
    needs = _need_order(G, [n for n in G if _rank(G, n) == 0])
    web = _web(G, node_gap, {n: math.atan2(pos_h[n][1], pos_h[n][0]) for n in needs}, rings)
    pos: dict = {}
    placed = {n: math.atan2(pos_h[n][1], pos_h[n][0])
              for n in G if n in pos_h and (pos_h[n][0] or pos_h[n][1])}
    turn = 2 * math.pi
    for rank, nodes in sorted(web.groups.items()):
        ring = rings[rank]
        rows = [ring.radius + j * ring.step for j in range(ring.rows)]

        def half(n, r):  # half the arc a node keeps round its centre on a row of radius r
            return (node_gap + GROUP_GROWTH * _group_share(G, n)) / 2 / r

        taken: list[list] = [[] for _ in rows]
        new = []
        for n in nodes:
            if n not in pos_h:
                new.append(n)
                continue
            pos[n] = pos_h[n]
            if rank and ring.radius > 0:
                r = math.hypot(*pos_h[n])
                j = min(max(round((r - ring.radius) / ring.step), 0), ring.rows - 1
                        ) if ring.step else 0
                taken[j].append((placed[n] % turn, half(n, rows[j])))
        if not new:
            continue
        for row in taken:
            row.sort()
        targets = {}
        for n in new:
            aim = _parent_angle(G, n, rank, web, placed, placed)
            if aim is None:
                aim = web.aims.get(n)
            targets[n] = (aim if aim is not None else -math.pi / 2) % turn
        for n in sorted(new, key=lambda m: (targets[m], _key(m))):
            best = None
            for j, r in enumerate(rows):
                found = _free_angle(taken[j], targets[n], half(n, r))
                if found is not None and (best is None or found[0] < best[0] - 1e-9):
                    best = (found[0], found[1] % turn, j)
            if best is None:
                return None
            _, angle, j = best
            bisect.insort(taken[j], (angle, half(n, rows[j])))
            placed[n] = angle
            pos[n] = (rows[j] * math.cos(angle), rows[j] * math.sin(angle))
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
