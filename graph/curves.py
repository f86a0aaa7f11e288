"""How a drawn link runs, and the geometric check: whether it passes over a node.

A link is drawn straight from its source's centre to its target's, or off that line as its
`Bend` says: a curve through one or two control points (Cytoscape.js's
``unbundled-bezier``) or a polyline through its corners (``segments``). `control_points`,
`curve_points` and `curve_middles` say where it runs as Cytoscape.js draws it;
`link_intrusions` lists the links that pass within a node they do not join, and `_clear`
and `_clear_segments` tell whether a line keeps out of the nodes. `graph.routing` chooses
the curves and `graph.polylines` the polylines; both measure their routes here.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("nurse", "health")]); G.add_node("physician")
>>> pos = {"nurse": (0.0, 0.0), "physician": (60.0, 5.0), "health": (120.0, 0.0)}
>>> [node for _, node, _ in link_intrusions(G, pos, 12)]  # drawn straight
['physician']
>>> route = Bend((-40.0, -40.0), (0.0, 1.0), polyline=True)  # up, across, down
>>> control_points(pos["nurse"], pos["health"], route)
[(0.0, -40.0), (120.0, -40.0)]
>>> link_intrusions(G, pos, 12, {("nurse", "health"): route})
[]
"""

from __future__ import annotations

import itertools
import math
from typing import NamedTuple

import numpy as np

__all__ = ["CURVE_SAMPLES", "Bend", "bend_point", "control_points", "curve_middles",
           "curve_points", "curves_points", "link_intrusions"]


#: Points sampled along a curved link when checking it against the nodes (a polyline of
#: this many segments; its chords stray from the curve by about bend / (4 * SAMPLES**2)).
CURVE_SAMPLES = 16


class Bend(NamedTuple):
    """How a link is drawn off its straight line, as Cytoscape.js's curve styles take it.

    Each point lies its ``weights`` share of the way from the source's centre to the
    target's and its ``distances`` (pixels) off that line (see `bend_point`). A curve
    (``unbundled-bezier``) takes them as control points; a ``polyline`` (``segments``)
    runs straight from point to point.

    Examples
    --------
    >>> Bend.of(30.0)
    Bend(distances=(30.0,), weights=(0.5,), polyline=False)
    >>> Bend.of((30.0, 0.15)).weights
    (0.15,)
    >>> Bend.of(([10.0, -10.0], [0.3, 0.6], True)).polyline
    True
    """

    distances: tuple
    weights: tuple
    polyline: bool = False

    @classmethod
    def of(cls, value) -> Bend:
        """Return a `Bend` from a Bend, a distance (weight 0.5), a (distance, weight) pair
        or a (distances, weights, polyline) triple; distances and weights may be lists,
        one entry per point."""
        if isinstance(value, Bend):
            return value
        if isinstance(value, (int, float)):
            return cls((float(value),), (0.5,))
        distances, weights, *polyline = value
        distances = tuple(map(float, distances)) if isinstance(distances, (list, tuple)) \
            else (float(distances),)
        weights = tuple(map(float, weights)) if isinstance(weights, (list, tuple)) \
            else (float(weights),)
        return cls(distances, weights, bool(polyline and polyline[0]))

    def data(self) -> dict:
        """Return the element data the stylesheet's ``edge.bent`` and ``edge.routed`` rules
        read: ``bend`` and ``weight``, numbers for one control point of a curve, lists for
        more and for a polyline."""
        if len(self.distances) == 1 and not self.polyline:
            return {"bend": self.distances[0], "weight": self.weights[0]}
        return {"bend": list(self.distances), "weight": list(self.weights)}


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


def control_points(source, target, bend) -> list[tuple[float, float]]:
    """Return the control points of a link bent by ``bend`` (anything `Bend.of` takes), or
    the corners of its polyline.

    Examples
    --------
    >>> control_points((0.0, 0.0), (100.0, 0.0), Bend((20.0, 20.0), (0.25, 0.75)))
    [(25.0, 20.0), (75.0, 20.0)]
    """
    bend = Bend.of(bend)
    if len(bend.distances) == 1:
        return [bend_point(source, target, bend.distances[0], bend.weights[0])]
    # bend_point's arithmetic, for all the control points at once
    (x1, y1), (x2, y2) = source, target
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    d, w = np.array(bend.distances, dtype=float), np.array(bend.weights, dtype=float)
    xs, ys = x1 + w * dx - dy / length * d, y1 + w * dy + dx / length * d
    return list(zip(xs.tolist(), ys.tolist()))


def _pieces(source, target, bend) -> list[tuple]:
    """Return the quadratic pieces (start, control, end) Cytoscape.js draws a bent link as:
    from the source through each control point, the pieces meeting halfway between two."""
    cps = control_points(source, target, bend)
    ends = [tuple(source)]
    ends += [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in itertools.pairwise(cps)]
    ends.append(tuple(target))
    return [(ends[k], c, ends[k + 1]) for k, c in enumerate(cps)]


def curve_points(source, target, bend=0.0, samples: int = CURVE_SAMPLES,
                 trim=(0.0, 0.0)) -> np.ndarray:
    """Return points along a link as drawn: straight, the chain of quadratic curves of its
    `Bend` (``samples`` segments in all, at least two a piece), or its polyline (its
    corners, exactly).

    Cytoscape.js starts a link where the line from its source's centre to the first
    control point (or corner) leaves the source's shape, and ends it likewise at its
    target: ``trim`` moves the ends that far (pixels) along those lines, from the centres.

    Examples
    --------
    >>> curve_points((0, 0), (100, 0), 40.0, samples=2).round(1).tolist()
    [[0.0, 0.0], [50.0, 20.0], [100.0, 0.0]]
    >>> curve_points((0, 0), (100, 0), Bend((20.0, 20.0), (0.25, 0.75)), samples=4).round(1).tolist()
    [[0.0, 0.0], [25.0, 15.0], [50.0, 20.0], [75.0, 15.0], [100.0, 0.0]]
    >>> curve_points((0, 0), (100, 0), 0.0, samples=2, trim=(10, 20)).round(1).tolist()
    [[10.0, 0.0], [47.5, 0.0], [80.0, 0.0]]
    >>> curve_points((0, 0), (100, 0), Bend((20.0, 20.0), (0.0, 1.0), True), trim=(10, 10)).tolist()
    [[0.0, 10.0], [0.0, 20.0], [100.0, 20.0], [100.0, 10.0]]

    See Also
    --------
    curves_points : the same for many curved links at once.
    """
    bend = Bend.of(bend)
    if bend.polyline:
        corners = control_points(source, target, bend)
        return np.array([_towards(source, corners[0], trim[0]), *corners,
                         _towards(target, corners[-1], trim[1])], dtype=float)
    pieces = _pieces(source, target, bend)
    if trim[0] or trim[1]:
        (a, c, b), (a2, c2, b2) = pieces[0], pieces[-1]
        a, b2 = _towards(a, c, trim[0]), _towards(b2, c2, trim[1])
        pieces[0] = (a, c, b if len(pieces) > 1 else b2)
        pieces[-1] = (a if len(pieces) == 1 else a2, c2, b2)
    per = max(2, samples // len(pieces)) if len(pieces) > 1 else samples
    t = np.linspace(0.0, 1.0, per + 1)[None, :, None]
    a, c, b = (np.array(ends, dtype=float)[:, None, :] for ends in zip(*pieces))
    parts = (1 - t) ** 2 * a + 2 * t * (1 - t) * c + t * t * b  # (piece, sample, 2)
    return np.concatenate([parts[0], parts[1:, 1:].reshape(-1, 2)])


def curves_points(source, target, distances, weights, trim=None) -> np.ndarray:
    """Return `curve_points` of m curved links at once (no polyline), each through k
    control points: ``source`` and ``target`` (m, 2), ``distances`` and ``weights`` (m, k),
    ``trim`` (m, 2) or None; (m, samples + 1, 2).

    The batched twin of `curve_points`, the same arithmetic in arrays: the example checks
    that they agree.

    Examples
    --------
    >>> args = np.array([[0.0, 0.0]]), np.array([[100.0, 0.0]]), np.array([[20.0, 20.0]])
    >>> bend = Bend((20.0, 20.0), (0.25, 0.75))
    >>> lines = curves_points(*args, np.array([[0.25, 0.75]]), np.array([[10.0, 20.0]]))
    >>> bool(np.allclose(lines[0], curve_points((0, 0), (100, 0), bend, trim=(10, 20))))
    True
    """
    k = distances.shape[1]
    d = target - source
    length = np.hypot(d[:, 0], d[:, 1])
    length[length == 0] = 1.0
    normal = np.column_stack([-d[:, 1], d[:, 0]]) / length[:, None]
    cps = source[:, None] + weights[:, :, None] * d[:, None] + distances[:, :, None] * normal[:, None]
    ends = np.concatenate([source[:, None], (cps[:, :-1] + cps[:, 1:]) / 2, target[:, None]], axis=1)
    a, b = ends[:, :-1].copy(), ends[:, 1:].copy()
    if trim is not None:  # the ends moved towards their control points, not past them
        for side, at, end in ((0, 0, a), (1, -1, b)):
            run = cps[:, at] - end[:, at]
            far = np.hypot(run[:, 0], run[:, 1])
            share = np.where(far > 0, np.minimum(trim[:, side] / np.maximum(far, 1e-300), 1.0), 0.0)
            end[:, at] += share[:, None] * run
    per = max(2, CURVE_SAMPLES // k) if k > 1 else CURVE_SAMPLES
    t = np.linspace(0.0, 1.0, per + 1)[None, None, :, None]
    parts = (1 - t) ** 2 * a[:, :, None] + 2 * t * (1 - t) * cps[:, :, None] + t * t * b[:, :, None]
    return np.concatenate([parts[:, 0], parts[:, 1:, 1:].reshape(len(source), -1, 2)], axis=1)


def _towards(point, aim, distance: float) -> tuple[float, float]:
    """Return ``point`` moved ``distance`` towards ``aim`` (not past it)."""
    dx, dy = aim[0] - point[0], aim[1] - point[1]
    length = math.hypot(dx, dy)
    if not distance or not length:
        return tuple(point)
    share = min(distance / length, 1.0)
    return (point[0] + share * dx, point[1] + share * dy)


def curve_middles(source, target, bend) -> list[tuple[float, float]]:
    """Return the middle point of each quadratic piece of a bent link, or the corners of a
    polyline: with its ends, what the drawn link's extent takes in (a piece strays
    furthest from its chord at its middle).

    Examples
    --------
    >>> curve_middles((0.0, 0.0), (100.0, 0.0), 40.0)
    [(50.0, 20.0)]
    >>> curve_middles((0.0, 0.0), (100.0, 0.0), Bend((40.0,), (0.5,), True))
    [(50.0, 40.0)]
    """
    if Bend.of(bend).polyline:
        return control_points(source, target, bend)
    return [((a[0] + 2 * c[0] + b[0]) / 4, (a[1] + 2 * c[1] + b[1]) / 4)
            for a, c, b in _pieces(source, target, bend)]


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

    A link is drawn straight, or as `curve_points` says when ``bends`` has it (a `Bend`,
    a distance, or a (distance, weight) pair); ``depth`` is how far (pixels) the link
    comes inside the node's ``radius`` plus ``clearance``. Cytoscape.js starts and ends
    a link on the border of its nodes' shapes, somewhere between the centre and the
    circle of the node's ``radius``: the link is checked from both.

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
    for u, v in sorted(G.edges(), key=lambda e: (str(e[0]), str(e[1]))):
        if u == v or u not in index or v not in index:
            continue
        bend = (bends or {}).get((u, v), 0.0)
        ends = (radii[index[u]] - clearance, radii[index[v]] - clearance)
        lines = np.stack([curve_points(pos[u], pos[v], bend),
                          curve_points(pos[u], pos[v], bend, trim=ends)])
        depth = radii - _polyline_distance(points, lines).min(axis=0)
        depth[[index[u], index[v]]] = -1.0
        for i in np.flatnonzero(depth > 0):
            out.append(((u, v), nodes[i], float(depth[i])))
    return out


def _radii(nodes, radius) -> np.ndarray:
    """Return the radius of each node: ``radius`` is a number or a mapping (default 0)."""
    if isinstance(radius, (int, float)):
        return np.full(len(nodes), float(radius))
    return np.array([float(radius.get(n, 0.0)) for n in nodes], dtype=float)


def _clear(points, radii, line) -> bool:
    """Return whether the polyline ``line`` keeps out of every node (a pixel of the radii
    may go to the polyline standing in for the curve)."""
    return bool(_clear_segments(points, radii - 1.0, line[:-1], line[1:]).all())


def _clear_segments(points, room, start, end) -> np.ndarray:
    """Return which segments (``start`` to ``end``, (s, 2) each) keep ``room`` (per node)
    away from every node (see `_intruders`)."""
    out = np.ones(len(start), dtype=bool)
    out[_intruders(points, room, start, end)[1]] = False
    return out


def _intruders(points, room, start, end) -> tuple[np.ndarray, np.ndarray]:
    """Return (node, segment) of the pairs whose node comes within its ``room`` of the
    segment (``start`` to ``end``, (s, 2) each).

    A node further from a segment's middle than its room and half the segment is clear
    of that segment: only the (node, segment) pairs closer than that are measured.

    Examples
    --------
    >>> points = np.array([[50.0, 5.0], [50.0, 30.0]])
    >>> [a.tolist() for a in _intruders(points, np.full(2, 10.0), np.array([[0.0, 0.0]]),
    ...                                 np.array([[100.0, 0.0]]))]
    [[0], [0]]
    """
    ab = end - start
    middle = start + 0.5 * ab
    room = np.maximum(room, 0.0)
    half = 0.5 * np.hypot(ab[:, 0], ab[:, 1])
    if len(points) * len(start) > DENSE_PAIRS:
        k, s = _close_pairs(points, room, middle, half)
    else:
        reach = room[:, None] + half[None, :]
        dx, dy = points[:, None, 0] - middle[None, :, 0], points[:, None, 1] - middle[None, :, 1]
        k, s, _ = _nonzero(dx * dx + dy * dy < reach * reach)
    if not len(k):
        return k, s
    ax, ay = points[k, 0] - start[s, 0], points[k, 1] - start[s, 1]
    bx, by = ab[s, 0], ab[s, 1]
    t = np.clip((ax * bx + ay * by) / np.maximum(bx * bx + by * by, 1e-12), 0.0, 1.0)
    ax, ay = ax - t * bx, ay - t * by
    inside = ax * ax + ay * ay < room[k] * room[k]
    return k[inside], s[inside]


#: Most (node, segment) pairs `_clear_segments` measures all of: with more, only the
#: nodes within reach of a segment along x (found by bisection) are.
DENSE_PAIRS = 20_000


def _close_pairs(points, room, middle, half) -> tuple[np.ndarray, np.ndarray]:
    """Return (node, segment) of the pairs whose node lies closer to the segment's
    ``middle`` than its ``room`` and the segment's ``half`` length, as `_clear_segments`
    measures it, looking only at the nodes within that reach along x (the points sorted
    by x, each segment's range of them by bisection). O((n + s) log n + pairs looked at).
    """
    order = np.argsort(points[:, 0], kind="stable")
    xs = points[order, 0]
    wide = (float(room.max(initial=0.0)) + half) * (1.0 + 1e-9) + 1e-9  # and rounding
    lo = np.searchsorted(xs, middle[:, 0] - wide, side="left")
    count = np.searchsorted(xs, middle[:, 0] + wide, side="right") - lo
    s = np.repeat(np.arange(len(middle)), count)
    k = order[np.repeat(lo - np.cumsum(count) + count, count) + np.arange(count.sum())]
    dx, dy = points[k, 0] - middle[s, 0], points[k, 1] - middle[s, 1]
    reach = room[k] + half[s]
    close = dx * dx + dy * dy < reach * reach
    return k[close], s[close]


def _nonzero(mask) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the rows, the columns and the flat indices of the true entries of a 2-D
    array, in `numpy.nonzero`'s order (found in the flattened array, which is quicker).

    Examples
    --------
    >>> [a.tolist() for a in _nonzero(np.array([[False, True, True], [True, False, False]]))]
    [[0, 0, 1], [1, 2, 0], [1, 2, 3]]
    """
    at = np.flatnonzero(mask)
    rows = at // mask.shape[1]
    return rows, at - rows * mask.shape[1], at
