"""The web layout's rings: the needs' circle, a ring per tier, each node's place on it.

`graph.layout.tier_rings` draws the needs on an inner circle and each work tier on a ring
of its own, and `graph.keep` draws a view on the rings of another drawing; both are made
of what is here: the needs each node reaches and the angle it aims at (`_web`, at its
parents on the nearest ring: `_parent_angle`), the radius and rows of each ring
(`_plan`), and the nodes of a ring pushed apart round their aims (`_place_ring`,
`_place_web`). The order every layout sorts nodes in (`_rank`, `_key`, `_need_order`)
and the rounding of positions (`_round`) are here too. Nothing here is public: the
layouts are `graph.layout`'s.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("chef", "family"), ("baker", "leisure")])
>>> nx.set_node_attributes(G, {"family": "need", "leisure": "need", "chef": "profession",
...                            "baker": "profession"}, "tier")
>>> web = _web(G, NODE_GAP)
>>> sorted(web.groups.items())  # the nodes of each tier rank, by id
[(0, ['family', 'leisure']), (1, ['baker', 'chef'])]
>>> web.rings[0].radius < web.rings[1].radius
True
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from graph.cache import GraphCache, structural
from graph.schema import NEED_IDS, tier_rank

#: Minimum distance between neighbouring nodes on a ring or in a row, in pixels.
NODE_GAP = 70.0
#: Room between two consecutive tiers in the web layout (outer row of one ring to the
#: inner row of the next), in pixels: a node, its label and the ring's guide fit in it.
RING_GAP = 110.0
#: Distance between neighbouring needs on their circle in the web layout, in pixels.
NEED_GAP = 140.0
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
#: How much wider a "+N" group of 200 is drawn than a node, in pixels (groups grow with
#: their ``count``).
GROUP_GROWTH = 26.0


def _rank(G, node) -> int:
    """Return the tier rank of a node (one past the outermost tier when unknown)."""
    return tier_rank(G._node[node].get("tier"))  # G.nodes[node], without the view's call


def _group_share(G, node) -> float:
    """Return how large a "+N" group node is drawn, from 0 (one member) to 1 (200 or more)."""
    data = G._node[node]  # G.nodes[node], without the view's call
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


def _round(pos: dict) -> dict:
    """Return positions rounded to a tenth of a pixel, as plain float pairs."""
    return {n: (round(float(x), 1) + 0.0, round(float(y), 1) + 0.0) for n, (x, y) in pos.items()}


@dataclass(frozen=True)
class _Ring:
    """One tier's ring in `graph.layout.tier_rings`: its innermost row's radius, rows and
    row step."""

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
    """What `graph.layout.tier_rings` and `ring_radii` share: needs reached, aims and the
    rings."""

    need_angles: dict
    needs: dict  # node -> tuple of the needs it reaches, in NEEDS order
    aims: dict  # node -> angle of the needs it reaches, when the needs are on a circle
    ranks: dict  # node -> tier rank
    groups: dict  # rank -> nodes of that rank, by id
    rings: dict  # rank -> _Ring


def _web(G, node_gap: float, need_angles=None, rings=None) -> _Web:
    """Return the needs reached by each node, their aims and the ring of each rank
    (the given needs' angles and rings, when given: see `graph.keep.keep_drawing`)."""
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


def _rings_of(G, node_gap: float) -> dict[int, _Ring]:
    """Return the rings of G's own web drawing (`_web` of G, ``.rings``).

    Notes
    -----
    O(n + m) once per graph and node gap (the needs each node reaches, `_plan`), then
    cached with the graph (`graph.cache.GraphCache`: weakly, dropped with it): every view
    drawn on one kept drawing (`graph.keep`) reads its rings, twice per view (its
    positions and its ring guides), without walking it again: about 2 ms each on data/us.
    Shared by every caller: read-only.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "family")])
    >>> nx.set_node_attributes(G, {"family": "need", "chef": "profession"}, "tier")
    >>> _rings_of(G, NODE_GAP) == _web(G, NODE_GAP).rings, _rings_of(G, NODE_GAP) is _rings_of(G, NODE_GAP)
    (True, True)
    """
    by_gap = _RINGS.get(G)
    rings = by_gap.get(node_gap)
    if rings is None:
        rings = by_gap[node_gap] = _web(G, node_gap).rings
    return rings


#: Graph -> {node gap: its rings} (`_rings_of`).
_RINGS = GraphCache(lambda G: {})


def _plan(ranks: dict, aims: dict, need_count: int, node_gap: float) -> dict[int, _Ring]:
    """Return the ring of each tier rank present (see `graph.layout.ring_radii`).

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


def _place_web(G, web: _Web, node_gap: float, before=None):
    """Return (positions, angles, targets by rank) of one pass of `graph.layout.tier_rings`.

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
