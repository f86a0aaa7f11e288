"""Links routed as polylines through the gaps between nodes, where no curve clears them.

`graph.routing.edge_bends` bends each link that would cross a node it does not join; the
few that no curve clears (the long links of a hierarchy across its rows, crowded links of a
force drawing) are routed here by `reroute`, as polylines (a `Bend` with ``polyline`` set,
Cytoscape.js's ``segments``): across rows of nodes (the hierarchy) vertically through a gap
in each row (`_Rows`, `_through_rows`), elsewhere along the shortest path through the gaps
between the nodes near the link (`_gap_path`), straightened (`_straighten`). A route is
kept only when it clears every node as drawn (`graph.curves`); nothing here moves a node.

Examples
--------
>>> import numpy as np
>>> points = np.array([[0.0, 0.0], [50.0, 0.0], [100.0, 0.0]])  # one row of three nodes
>>> radii = np.full(3, 14.0)
>>> bends = {}
>>> reroute(points, radii, radii - 4.0, [(0, 2, ("a", "c"))], bends)
[]
>>> bends[("a", "c")]  # along the band above the row
Bend(distances=(-32.0, -32.0), weights=(0.0, 1.0), polyline=True)
"""

from __future__ import annotations

import bisect
import heapq
import math

import numpy as np

from graph.curves import (
    DENSE_PAIRS,
    Bend,
    _clear,
    _clear_segments,
    _nonzero,
    curve_points,
)

__all__ = ["REROUTE_LINKS", "reroute"]


#: Room a route keeps from the nodes beside the gap it crosses a row through, beyond the
#: clearance, in pixels (less in a narrower gap: half its width).
GATE_ROOM = 8.0
#: Least height of the empty band between two rows of nodes for a route to run along it.
ROW_ROOM = 6.0
#: Most links one drawing routes as polylines (`reroute`), in the order the bend search
#: left them: the default views route at most 126 (the data/us hierarchy), a focus view
#: on a hub industry about 90; a drawing of a whole large graph (thousands of links no
#: curve clears) stops there, at a bounded cost, and the rest keep their best curve.
REROUTE_LINKS = 300
#: Most nodes near one link that `_gap_path` looks for gaps between (its cost grows with
#: their square): a longer link across a denser drawing keeps its best curve.
GAP_NODES = 600
#: Nearest nodes between which `_gap_path` takes each node's gaps.
GAP_NEIGHBOURS = 4
#: Nearest gaps `_gap_path` tries to reach in one step from each gap.
GAP_STEPS = 8
#: How far from the straight link `_gap_path` looks for gaps: in node radii (the median),
#: or as a share of the link's length when that is further.
GAP_REACH = (4.0, 0.15)


class _Rows:
    """The horizontal rows of nodes of a drawing (the nodes of one row share their y), in
    bands that no node of another row enters, as the hierarchy layout draws them.

    ``band[i]`` is the index of node i's band; a band is a row (``row[k]``) when all its
    nodes share their y; its nodes lie within ``lo[k]..hi[k]`` (with their radii).
    """

    def __init__(self, points, radii):
        ys = points[:, 1]
        order = np.lexsort((points[:, 0], ys))
        y = ys[order]
        lo, hi = y - radii[order], y + radii[order]
        # a new band where no node of the nodes so far reaches (with room for a route)
        reach = np.maximum.accumulate(hi)
        start = np.ones(len(y), dtype=bool)
        start[1:] = lo[1:] > reach[:-1] + ROW_ROOM
        first = np.flatnonzero(start)
        self.band = np.empty(len(y), dtype=np.intp)
        self.band[order] = np.cumsum(start) - 1
        self.lo = np.minimum.reduceat(lo, first)
        self.hi = np.maximum.reduceat(hi, first)
        self.row = np.minimum.reduceat(y, first) == np.maximum.reduceat(y, first)
        # band k's nodes, by x within a row: order[bounds[k]:bounds[k + 1]]
        self._order, self._bounds = order, [*first.tolist(), len(order)]
        self._gaps: dict = {}
        self._free: dict = {}

    def passes(self, k, x1, x2, points, radii) -> bool:
        """Return whether a segment spanning ``x1``..``x2`` (in either order) across row
        ``k``'s band stays within one gap of the row (clear of each node's circle)."""
        if k not in self._free:
            nodes = self._order[self._bounds[k]:self._bounds[k + 1]]
            x, r = points[nodes, 0], radii[nodes] - 1.0
            self._free[k] = ([-math.inf, *(x + r).tolist()], [*(x - r).tolist(), math.inf])
        los, his = self._free[k]
        x1, x2 = min(x1, x2), max(x1, x2)
        at = bisect.bisect_right(los, x1) - 1
        return at >= 0 and x2 <= his[at]

    def gate(self, k, want, points, radii) -> float | None:
        """Return the x nearest ``want`` at which a vertical line crosses row ``k`` clear
        of its nodes by `GATE_ROOM` (or half the gap), or None when band ``k`` is no row."""
        if not self.row[k]:
            return None
        if k not in self._gaps:  # the stretches of x a line may cross the row in
            nodes = self._order[self._bounds[k]:self._bounds[k + 1]]
            x, r = points[nodes, 0], radii[nodes]
            los = np.concatenate([[-np.inf], x + r])  # the gaps between nodes, and beyond
            his = np.concatenate([x - r, [np.inf]])
            room = np.minimum(GATE_ROOM, (his - los) / 2 - 1.0)
            ok = room > 0.0
            self._gaps[k] = ((los + room)[ok].tolist(), (his - room)[ok].tolist())
        los, his = self._gaps[k]
        at = bisect.bisect_right(los, want)  # the stretch starting before want, or after
        best = None
        for lo, hi in zip(los[max(at - 1, 0):at + 1], his[max(at - 1, 0):at + 1]):
            x = min(max(want, lo), hi)
            if best is None or abs(x - want) < abs(best - want):
                best = x
        return best


def _through_rows(points, radii, rows, a, b) -> list | None:
    """Return the corners of a route from node ``a`` to ``b`` across the rows between them,
    or None when they or a band between them are not rows (see `_Rows`).

    The route leaves its source vertically out of its row, crosses each row in between
    vertically through the gap nearest the line on to its target (`_Rows.gate`), running
    between two rows from one gap to the next, and comes in vertically to its target; a
    link within one row runs along the empty band beside it (the wider, up on a tie).
    Between its first and last corner the route is straightened: from each corner kept,
    the furthest one whose segment passes every row in between through a gap is next.
    """
    ka, kb = rows.band[a], rows.band[b]
    if not (rows.row[ka] and rows.row[kb]):
        return None
    xa, xb = points[a, 0], points[b, 0]
    if ka == kb:
        above = rows.lo[ka] - (rows.hi[ka - 1] if ka else -np.inf)
        below = (rows.lo[ka + 1] if ka + 1 < len(rows.lo) else np.inf) - rows.hi[ka]
        y = rows.hi[ka] + min(below / 2, 3 * ROW_ROOM) if below > above \
            else rows.lo[ka] - min(above / 2, 3 * ROW_ROOM)
        return [(xa, y), (xb, y)]
    step = 1 if kb > ka else -1
    near, far = (rows.hi.tolist(), rows.lo.tolist()) if step > 0 \
        else (rows.lo.tolist(), rows.hi.tolist())
    corners = [(float(xa), near[ka])]
    x = float(xa)
    crossed = range(ka + step, kb, step)
    for k in crossed:
        y_in, y_out = far[k], near[k]
        share = (y_in - corners[-1][1]) / (far[kb] - corners[-1][1])
        x = rows.gate(k, x + share * (xb - x), points, radii)
        if x is None:
            return None
        corners += [(x, y_in), (x, y_out)]
    corners.append((float(xb), far[kb]))

    def clear(p, q):  # the segment from corner p to corner q passes each row in a gap
        (x1, y1), (x2, y2) = corners[p], corners[q]
        for k in crossed[p // 2:(q + 1) // 2]:  # the rows between the two corners
            t1 = min(max((far[k] - y1) / (y2 - y1), 0.0), 1.0)
            t2 = min(max((near[k] - y1) / (y2 - y1), 0.0), 1.0)
            if not rows.passes(k, x1 + t1 * (x2 - x1), x1 + t2 * (x2 - x1), points, radii):
                return False
        return True

    # straightened: from each corner kept, the furthest one reached clear is kept next
    kept, p = [corners[0]], 0
    while p < len(corners) - 1:
        q = p + 1
        while q + 1 < len(corners) and clear(p, q + 1):
            q += 1
        kept.append(corners[q])
        p = q
    return kept


def _gap_path(points, radii, a, b, wider: float = 1.0) -> list | None:
    """Return the corners of a short polyline from node ``a`` to ``b`` through the gaps
    between the nodes near the link (`GAP_REACH`, times ``wider``) that clears every
    one of them, or None.

    The gaps are the middles between each node within reach of the straight link and
    its `GAP_NEIGHBOURS` (times ``wider``) nearest; the shortest path from gap to gap (each
    step a segment clear of those nodes to one of the `GAP_STEPS` nearest gaps) is found
    with Dijkstra's algorithm, then straightened (`_straighten`). O(g^2) distances (in
    blocks beyond `NEAR_BAND` gaps, see `_near_pairs`) and O(g k) segments measured for
    g gaps and k nodes near the link.
    """
    p0, p2 = points[a], points[b]
    d = p2 - p0
    length = math.hypot(*d)
    if not length:
        return None
    u, nrm = d / length, np.array([-d[1], d[0]]) / length
    off = points - p0
    s, y = off @ u, off @ nrm
    reach = wider * max(GAP_REACH[0] * float(np.median(radii)), GAP_REACH[1] * length)
    near = np.flatnonzero((s > -reach) & (s < length + reach) & (np.abs(y) < reach))
    if len(near) > GAP_NODES:
        return None
    # the gaps round the ends count, but the ends are no obstacles
    obstacle = (near != a) & (near != b)
    gp, gr = points[near], radii[near]
    pts, room = gp[obstacle], gr[obstacle]
    i, j, dist = _near_pairs(gp, int(GAP_NEIGHBOURS * wider))
    free = dist - gr[i] - gr[j]
    i, j, dist, free = i[free > 2.0], j[free > 2.0], dist[free > 2.0], free[free > 2.0]
    verts = np.concatenate([[p0, p2],
                            gp[i] + (gp[j] - gp[i]) * ((gr[i] + free / 2) / dist)[:, None]])
    # the steps: from each vertex to its `GAP_STEPS` nearest, clear of the nodes
    e1, e2, span = _near_pairs(verts, GAP_STEPS)
    ok = _clear_segments(pts, room - 1.0, verts[e1], verts[e2])
    e1, e2, span = e1[ok], e2[ok], span[ok]
    # each vertex's steps, both ways, in the order of the steps found
    both = np.concatenate([e1, e2])
    order = np.lexsort((np.tile(np.arange(len(e1)), 2), both))
    ends = np.concatenate([e2, e1])[order].tolist()
    lengths = np.concatenate([span, span])[order].tolist()
    first = np.searchsorted(both[order], np.arange(len(verts) + 1)).tolist()
    best, before = [math.inf] * len(verts), [-1] * len(verts)
    best[0] = 0.0
    heap = [(0.0, 0)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        cost, v = pop(heap)
        if v == 1:
            break
        if cost > best[v]:
            continue
        lo, hi = first[v], first[v + 1]
        for z, w in zip(ends[lo:hi], lengths[lo:hi]):
            w += cost
            if w < best[z]:
                best[z], before[z] = w, v
                push(heap, (w, z))
    if before[1] < 0:
        return None
    path = [1]
    while path[-1] != 0:
        path.append(before[path[-1]])
    return _straighten(pts, room, verts[path[::-1]])[1:-1] or None


def _distances(points) -> np.ndarray:
    """Return the distances between the points (n, 2), (n, n), infinite on the diagonal."""
    out = np.hypot(points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1])
    np.fill_diagonal(out, np.inf)
    return out


def _near_pairs(points, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (i, j, distance), i < j, of each pair of the points (n, 2) of which one is
    among the other's ``count`` nearest, as `_nearest_pairs` of their `_distances` finds
    them.

    With many points the candidates are found by squared distance (below each point's
    count-th least, with room for rounding, see `_near_candidates`); a point with more
    candidates than ``count`` (ties) keeps those a stable sort of `_distances` ranks
    first. O(n^2) cheap operations, O(n s) for more than `NEAR_BAND` points (slices of s
    points, see `_near_candidates`).

    Examples
    --------
    >>> [p.tolist() for p in _near_pairs(np.array([[0.0, 0.0], [3.0, 4.0], [9.0, 4.0]]), 1)]
    [[0, 1], [1, 2], [5.0, 6.0]]
    """
    n = len(points)
    if n * n <= DENSE_PAIRS or not 0 < count < n - 1:
        span = _distances(points)
        i, j = _nearest_pairs(span, count)
        return i, j, span[i, j]
    row, col = _near_candidates(points, count, NEAR_BLOCK if n > NEAR_BAND else n)
    crowded = np.bincount(row, minlength=n)[row] > count  # ties at the count-th distance
    if crowded.any():  # their rows keep their count nearest
        row, col, keep = row[crowded], col[crowded], (row[~crowded], col[~crowded])
        far = np.hypot(points[row, 0] - points[col, 0], points[row, 1] - points[col, 1])
        order = np.lexsort((col, far, row))  # by row, then distance, then column
        row, col = row[order], col[order]
        rank = np.arange(len(row)) - np.searchsorted(row, row)
        row = np.concatenate([keep[0], row[rank < count]])
        col = np.concatenate([keep[1], col[rank < count]])
    key = np.unique(np.minimum(row, col) * n + np.maximum(row, col))
    i, j = key // n, key % n
    return i, j, np.hypot(points[i, 0] - points[j, 0], points[i, 1] - points[j, 1])


#: Most points `_near_pairs` measures in one matrix: with more, in blocks of `NEAR_BLOCK`.
NEAR_BAND = 400
#: Points per block of `_near_candidates` (each block's matrix stays in cache).
NEAR_BLOCK = 128


def _near_candidates(points, count: int, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (row, col) of the pairs of points (n, 2) whose squared distance
    (``dx * dx + dy * dy``) is at most the row's ``count``-th least (other than itself)
    with room for rounding, in no particular order.

    The points are sorted along their wider axis and taken ``block`` at a time: each
    block is measured against the slice of points along that axis within reach of its
    rows (their count-th least distance, with room for rounding), found from a first
    guess of ``block`` points each side and widened until it holds all of them, so each
    row's count-th least, and the pairs within it, are those of the whole matrix.
    O(n s) for slices s points wide.

    Examples
    --------
    >>> points = np.array([[0.0, 0.0], [3.0, 4.0], [9.0, 4.0], [9.0, 0.0]])
    >>> sorted(zip(*(a.tolist() for a in _near_candidates(points, 1, 1))))
    [(0, 1), (1, 0), (2, 3), (3, 2)]
    """
    n = len(points)
    axis = int(np.ptp(points[:, 1]) > np.ptp(points[:, 0]))
    order = np.argsort(points[:, axis], kind="stable")
    x, y = points[order, 0], points[order, 1]
    along = (x, y)[axis]
    rows, cols = [], []
    for a in range(0, n, block):
        b = min(a + block, n)
        lo, hi = max(a - block, 0), min(b + block, n)
        while True:
            square = x[a:b, None] - x[lo:hi]  # dx * dx + dy * dy, in place
            square *= square
            dy = y[a:b, None] - y[lo:hi]
            dy *= dy
            square += dy
            square[np.arange(b - a), np.arange(a - lo, b - lo)] = np.inf  # not itself
            cut = np.partition(square, count - 1, axis=1)[:, count - 1, None]
            reach = np.sqrt(cut[:, 0]) * (1.0 + 1e-6) + 1e-6 * (1.0 + np.abs(along[a:b]))
            need_lo = int(np.searchsorted(along, float((along[a:b] - reach).min()), side="left"))
            need_hi = int(np.searchsorted(along, float((along[a:b] + reach).max()), side="right"))
            if need_lo >= lo and need_hi <= hi:
                break
            lo, hi = min(lo, need_lo), max(hi, need_hi)
        r, c, _ = _nonzero(square <= cut * (1.0 + 1e-12) + 1e-200)
        rows.append(order[r + a])
        cols.append(order[c + lo])
    return np.concatenate(rows), np.concatenate(cols)


def _nearest_pairs(span, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (i, j), i < j, of each pair of which one is among the other's ``count``
    nearest by the distances ``span`` (n, n).

    Examples
    --------
    >>> [p.tolist() for p in _nearest_pairs(_distances(np.array([[0, 0], [1, 0], [5, 0]])), 1)]
    [[0, 1], [1, 2]]
    """
    n = span.shape[1]
    if count >= n:
        pair = np.ones(span.shape, dtype=bool)
    elif count <= 0:
        pair = np.zeros(span.shape, dtype=bool)
    else:
        # each row's count-th least distance, all those below it and, of those equal to
        # it, the first ones (by column) that make up the count: a stable sort's choice
        cut = np.partition(span, count - 1, axis=1)[:, count - 1, None]
        pair = span < cut
        tie = span == cut
        room = count - np.count_nonzero(pair, axis=1)
        crowded = np.flatnonzero(np.count_nonzero(tie, axis=1) > room)
        if len(crowded):
            ties = tie[crowded]
            tie[crowded] = ties & (np.cumsum(ties, axis=1) <= room[crowded, None])
        pair |= tie
    return _nonzero(np.triu(pair | pair.T, 1))[:2]


def _straighten(points, radii, path) -> list:
    """Return the points of the polyline ``path`` (an (s, 2) array, clear of the nodes at
    ``points`` by their ``radii``, less a pixel) that remain when each point is skipped
    while the segment past it stays clear: from each point kept, the furthest one reached
    clear is kept next. The ends are kept. O(s^2 k) at most for k nodes."""
    kept, k = [tuple(path[0])], 0
    while k < len(path) - 1:
        clear = _clear_segments(points, radii - 1.0,
                                np.broadcast_to(path[k], (len(path) - k - 1, 2)), path[k + 1:])
        k += 1 + int(np.flatnonzero(clear)[-1])
        kept.append(tuple(path[k]))
    return kept


def _polyline(source, target, corners) -> Bend:
    """Return the `Bend` of the polyline from ``source`` through ``corners`` to ``target``,
    its points rounded as the element data carries them."""
    p0, p2 = np.asarray(source, dtype=float), np.asarray(target, dtype=float)
    d = p2 - p0
    length = math.hypot(*d) or 1.0
    u, nrm = d / length, np.array([-d[1], d[0]]) / length
    cps = np.asarray(corners, dtype=float) - p0
    return Bend(tuple(np.round(cps @ nrm, 1).tolist()),
                tuple(np.round(cps @ u / length, 5).tolist()), True)


def reroute(points, radii, drawn, ends, bends) -> list:
    """Route as polylines the links ``ends`` (source, target, link) whose drawing in
    ``bends`` (a `Bend`; straight when missing, which only a link crossing a node is
    left as) still crosses a node, updating ``bends``; return the links left crossing.

    A link across rows of nodes (the hierarchy) crosses each row through a gap
    (`_through_rows`); another goes through the gaps between the nodes near it
    (`_gap_path`). A route is kept only when, as drawn (from the centres and from the ends'
    ``drawn`` radii), it clears every node (`_clear`). At most `REROUTE_LINKS` links are
    routed; the others are left as they are.
    """
    rows = None
    left = []
    for k, (a, b, link) in enumerate(ends):
        if k >= REROUTE_LINKS:
            left.extend(e[2] for e in ends[k:])
            break
        p0, p2 = points[a], points[b]
        # a link left straight crosses a node (only those are bent)
        if link in bends and _drawn_clear(points, radii, drawn, (a, b), bends[link]):
            continue
        if rows is None:
            rows = _Rows(points, radii)
        corners = _through_rows(points, radii, rows, a, b)
        if corners is not None and _drawn_clear(points, radii, drawn, (a, b),
                                                route := _polyline(p0, p2, corners)):
            bends[link] = route
            continue
        for wider in (1.0, 2.0):  # through the gaps near the link, then further out
            corners = _gap_path(points, radii, a, b, wider)
            if corners is not None and _drawn_clear(points, radii, drawn, (a, b),
                                                    route := _polyline(p0, p2, corners)):
                bends[link] = route
                break
        else:
            left.append(link)
    return left


def _drawn_clear(points, radii, drawn, ends, bend) -> bool:
    """Return whether the link between the nodes ``ends`` (a pair of indices), drawn as
    ``bend`` says from the centres and from the ends' ``drawn`` radii, clears every other
    node by its radius (`_clear`); only the nodes within reach of the line's box are
    measured."""
    a, b = ends
    p0, p2 = points[a], points[b]
    line = curve_points(p0, p2, bend)
    widest = float(radii.max())
    near = (points >= line.min(axis=0) - widest).all(axis=1) \
        & (points <= line.max(axis=0) + widest).all(axis=1)
    near[[a, b]] = False
    pts, room = points[near], radii[near]
    # a polyline's trimmed ends lie on its first and last segments
    return _clear(pts, room, line) and (bend.polyline or _clear(
        pts, room, curve_points(p0, p2, bend, trim=(drawn[a], drawn[b]))))
