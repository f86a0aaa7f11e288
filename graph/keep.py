"""A view drawn on the web drawing of a bigger view: the nodes that stay keep their place.

Ticking or unticking a need, or a filter, changes which nodes a view draws. When the new
view shares most of its nodes with a web drawing (`graph.layout.tier_rings`) the explorer
already has, `keep_drawing` draws it on that drawing's needs' circle and rings: the nodes
drawn there stay exactly where they are, and each new node takes the free place of its
ring nearest the angle it aims at, so nothing that stays drawn moves. Given the drawing's
bends (`graph.keptbends`), a new node takes such a place off the links both draw, where
its ring has one, so that they keep their bends too.
`graph.layout.tier_rings` and `graph.layout.ring_radii` take such a drawing as ``keep``.

Examples
--------
>>> import networkx as nx
>>> from graph.layout import tier_rings
>>> H = nx.DiGraph([("cook", "leisure"), ("baker", "family")])
>>> nx.set_node_attributes(H, {"leisure": "need", "family": "need", "cook": "profession",
...                            "baker": "profession"}, "tier")
>>> before = tier_rings(H)
>>> after = keep_drawing(H.subgraph(["leisure", "cook", "family"]), (H, before))
>>> after == {n: before[n] for n in ("leisure", "cook", "family")}
True
>>> keep_drawing(H.subgraph(["leisure"]), (H, before)) is None  # too little of H kept
True
"""

from __future__ import annotations

import bisect
import math

import numpy as np

from graph.rings import (
    GROUP_GROWTH,
    NODE_GAP,
    _group_share,
    _key,
    _need_order,
    _parent_angle,
    _rank,
    _Ring,
    _rings_of,
    _round,
    _web,
)

__all__ = ["KEEP_SHARE", "LINK_ROOM", "keep_drawing"]


#: Least share of a view's nodes that another web drawing must hold, and of that drawing's
#: nodes the view must keep, for `graph.layout.tier_rings` to draw the view on its rings,
#: keeping the nodes they share where they are (a view that keeps only a corner of the
#: drawing, one need of twelve, say, is laid out afresh to use the canvas).
KEEP_SHARE = 0.5
#: Room a node placed afresh keeps, across the link, from a link drawn before and after
#: (pixels; a "+N" group as much more as the largest group is wider): the radius of the
#: largest ring node (15.5), the room routing keeps round a node (4) and a pixel and a
#: half for the arc standing in for the line, so that the link keeps its bend
#: (`graph.keptbends`).
LINK_ROOM = 21.0
#: Least sine of the angle at which a link crosses a row that `_link_arcs` counts with: a
#: link running along a row keeps new nodes off a bounded arc of it.
SHALLOW = 0.25
#: How far past the end of an arc `_free_of_links` steps (radians; a millionth of a pixel
#: on the largest rings), so that each step moves on whatever the rounding.
HAIR = 1e-9


def _kept_rings(G, keep, node_gap: float) -> dict[int, _Ring] | None:
    """Return the rings of the drawing ``keep`` = (H, positions) or (H, positions, bends)
    that G is drawn on (see `graph.layout.tier_rings`), or None when G is to be laid out
    afresh."""
    if keep is None:
        return None
    H, pos = keep[0], keep[1]
    shared = sum(1 for n in G if n in pos)
    if not len(G) or shared < KEEP_SHARE * max(len(G), len(H)):
        return None
    rings = _rings_of(H, node_gap)
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


def _kept_lines(G, keep) -> tuple | None:
    """Return (starts, steps, nearest, furthest) of the segments along which the links
    that G and the drawing ``keep`` = (H, positions, bends) both draw run there (straight,
    or as its ``bends``, `graph.keptbends.KeptBends.segments`, say): each one's start,
    its run to its end, and its nearest and furthest distances from the origin; None
    when ``keep`` has no bends."""
    if len(keep) < 3 or keep[2] is None:
        return None
    H, pos, bends = keep
    starts, stops, owner = bends.segments()
    drawn = np.array([G.has_edge(u, v) for u, v in bends.links], dtype=bool)
    bent = set(bends.links)
    straight = [(u, v) for u, v in G.edges()
                if (u, v) not in bent and u in pos and v in pos and H.has_edge(u, v)]
    ends = np.array([(*pos[u], *pos[v]) for u, v in straight], dtype=float).reshape(-1, 4)
    sel = drawn[owner]
    a = np.concatenate([starts[sel], ends[:, :2]])
    d = np.concatenate([stops[sel], ends[:, 2:]]) - a
    t = np.clip(-(a * d).sum(axis=1) / np.maximum((d * d).sum(axis=1), 1e-12), 0.0, 1.0)
    nearest = np.hypot(*(a + t[:, None] * d).T)
    furthest = np.maximum(np.hypot(*a.T), np.hypot(*(a + d).T))
    return a, d, nearest, furthest


def _link_arcs(lines, r: float) -> np.ndarray:
    """Return (angle, scale), (k, 2), of each point where one of the segments ``lines``
    (`_kept_lines`) crosses the circle of radius ``r`` round the origin: a node's centre
    on the circle keeps ``room`` pixels across from the segment outside the arc of
    half-width ``room * scale`` (radians) round ``angle``.

    Examples
    --------
    >>> a, d = np.array([[0.0, -200.0]]), np.array([[0.0, 400.0]])  # crosses at +-90 degrees
    >>> lines = a, d, np.array([0.0]), np.array([200.0])
    >>> [(round(math.degrees(a)), round(s * 100, 2)) for a, s in _link_arcs(lines, 100.0).tolist()]
    [(270, 1.0), (90, 1.0)]
    """
    a, d, nearest, furthest = lines
    near = (nearest <= r) & (furthest >= r)
    a, d = a[near], d[near]
    A = (d * d).sum(axis=1)
    B = 2 * (a * d).sum(axis=1)
    C = (a * a).sum(axis=1) - r * r
    disc = B * B - 4 * A * C
    ok = (disc >= 0) & (A > 0)
    a, d, A, B, disc = a[ok], d[ok], A[ok], B[ok], disc[ok]
    out = []
    for sign in (-1.0, 1.0):
        t = (-B + sign * np.sqrt(disc)) / (2 * A)
        inside = (t >= 0.0) & (t < 1.0)
        p = a[inside] + t[inside, None] * d[inside]
        # the sine of the angle between the segment and the circle: its radial share
        across = np.abs((d[inside] * p).sum(axis=1)) / (np.sqrt(A[inside]) * r)
        angle = np.mod(np.arctan2(p[:, 1], p[:, 0]), 2 * math.pi)
        out.append(np.column_stack([angle, 1.0 / (r * np.maximum(across, SHALLOW))]))
    return np.concatenate(out)


def _link_spans(arcs: np.ndarray, room: float) -> tuple[list, list]:
    """Return (starts, ends) of the disjoint arcs, by increasing angle, that keep a node's
    centre ``room`` pixels across from the crossings ``arcs`` (`_link_arcs`): overlapping
    arcs merged, each also a turn before and after (an arc over the turn's start then
    holds the angles just past it).

    Examples
    --------
    >>> starts, ends = _link_spans(np.array([[0.1, 0.01], [0.15, 0.01]]), 10.0)
    >>> [round(a, 2) for a in starts], [round(b, 2) for b in ends]  # merged, a turn either side
    ([-6.28, 0.0, 6.28], [-6.03, 0.25, 6.53])
    >>> _link_spans(np.zeros((0, 2)), 10.0)
    ([], [])
    """
    if not len(arcs):
        return [], []
    turn = 2 * math.pi
    lo, hi = arcs[:, 0] - room * arcs[:, 1], arcs[:, 0] + room * arcs[:, 1]
    lo, hi = np.concatenate([lo - turn, lo, lo + turn]), np.concatenate([hi - turn, hi, hi + turn])
    order = np.argsort(lo, kind="stable")
    lo, hi = lo[order], hi[order]
    reach = np.maximum.accumulate(hi)
    first = np.ones(len(lo), dtype=bool)
    first[1:] = lo[1:] >= reach[:-1]
    starts = np.flatnonzero(first)
    return lo[starts].tolist(), reach[np.append(starts[1:], len(lo)) - 1].tolist()


def _free_of_links(taken: list, spans: tuple, aim: float, half: float,
                   bound: float = math.inf):
    """Return (distance, angle) as `_free_angle` does, the angle also outside the arcs
    ``spans`` (`_link_spans`) of links it must keep clear of, or None when there is no
    such place nearer than ``bound``.

    From the aim, each way round, the angle steps over the arc it lies in (a taken arc
    widened by ``half``, or a link's) until it lies in none, a hair past each end, or is
    no nearer than the place found so far; the nearer way wins (the increasing one on a
    tie).

    Examples
    --------
    >>> spans = ([1.1], [1.4])
    >>> [round(v, 2) for v in _free_of_links([(1.0, 0.1)], spans, 1.05, 0.1)]
    [0.25, 0.8]
    >>> _free_of_links([], ([-1.0], [7.0]), 2.0, 0.5) is None
    True
    """
    turn = 2 * math.pi
    starts, ends = spans
    centres = [c for c, _ in taken]

    def over(x, up):  # the end of the arcs holding x, the way it goes; or None
        at = x % turn
        out = None
        k = bisect.bisect_right(starts, at) - 1
        if k >= 0 and starts[k] < at < ends[k]:
            out = ends[k] if up else starts[k]
        if taken:
            i = bisect.bisect_right(centres, at)
            for m in range(i - 2, i + 2):
                c, w = taken[m % len(taken)]
                c += turn * (m // len(taken))
                if abs(at - c) < w + half:
                    edge = c + w + half if up else c - w - half
                    out = edge if out is None else (max(out, edge) if up else min(out, edge))
        return None if out is None else x + (out - at) + (HAIR if up else -HAIR)

    best = None
    for up in (True, False):
        x = aim
        while x is not None and (step := over(x, up)) is not None:
            x = step
            if abs(x - aim) >= min(bound, turn) or (best is not None and abs(x - aim) >= best[0]):
                x = None
        if x is not None:
            best = (abs(x - aim), x)
    return best


def _nearest(aim: float, rows: list, links=None):
    """Return (distance, angle, row) of the free place nearest ``aim`` on any of the
    ``rows`` ((taken arcs, the node's half-width there) each), off the arcs ``links`` of
    each row (`_link_spans`) when given; None when there is none."""
    best = None
    for j, (taken, half) in enumerate(rows):
        if links is None:
            found = _free_angle(taken, aim, half)
        else:
            found = _free_of_links(taken, links[j], aim, half,
                                   math.inf if best is None else best[0])
        if found is not None and (best is None or found[0] < best[0] - 1e-9):
            best = (found[0], found[1] % (2 * math.pi), j)
    return best


def keep_drawing(G, keep, node_gap: float = NODE_GAP) -> dict | None:
    """Return G drawn on the needs' circle and rings of another web drawing, or None.

    ``keep`` is (H, positions), H drawn by `graph.layout.tier_rings` at those positions,
    or (H, positions, bends) with the `graph.keptbends.KeptBends` of its bent links.
    When G and H share at least `KEEP_SHARE` of the nodes of each, H holds every need of
    G and a ring for each tier of G, the nodes of G drawn in H keep their positions
    there. Each other node aims as in `tier_rings` (at its parents on the nearest ring,
    else at the needs it reaches, both where H drew them) and takes the free place
    nearest its aim on any row of its ring: ``node_gap`` from its neighbours on the row
    (more beside a large "+N" group) and, with ``bends``, `LINK_ROOM` across from each
    link G and H both draw, as H draws it, when its ring has such a place (so the link
    keeps its bend: `graph.keptbends`). Rings are filled from the inside out, new nodes
    of a ring in the order of their aims. The result depends on G and the drawing only,
    so the same view is always drawn the same. Returns None (lay G out afresh) when
    ``keep`` is None or does not qualify, or a ring has no room left.

    Notes
    -----
    About O(n + m) for n nodes and m links of G and H (their needs reached, found once),
    plus, for each new node, a search of its ring's rows outwards from its aim: usually
    a few gaps each. With ``bends``, the links' crossings of the rows of the rings that
    take new nodes are found once (O(s) for s segments of the links, `_link_arcs`), and
    each new node's place steps over the arcs of links and nodes round its aim, O(log k)
    a step for the k of them (`_free_of_links`): about 7 ms for a new view of data/us.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.layout import tier_rings
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
    lines = _kept_lines(G, keep)
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
        crossed = [_link_arcs(lines, r) for r in rows] if lines is not None else None
        spans: dict = {}  # room -> the arcs of each row a centre keeps off
        for n in sorted(new, key=lambda m: (targets[m], _key(m))):
            places = [(taken[j], half(n, r)) for j, r in enumerate(rows)]
            best = None
            if crossed is not None:  # off the links that stay drawn, where there is room
                room = LINK_ROOM + (GROUP_GROWTH / 2 if _group_share(G, n) else 0.0)
                if room not in spans:
                    spans[room] = [_link_spans(arcs, room) for arcs in crossed]
                best = _nearest(targets[n], places, spans[room])
            if best is None:
                best = _nearest(targets[n], places)
            if best is None:
                return None
            _, angle, j = best
            bisect.insort(taken[j], (angle, half(n, rows[j])))
            placed[n] = angle
            pos[n] = (rows[j] * math.cos(angle), rows[j] * math.sin(angle))
    return _round(pos)
