"""Where drawn links go: bends round nodes they would cross, and the geometric check.

A link drawn straight from its source's centre to its target's must not pass over a node
it does not join, or it reads as a chain through that node. `edge_bends` bends each such
link just enough to clear every node, as the curve Cytoscape.js draws from a `Bend` (one
or two control points: `control_points`, `curve_points`), and routes the few that no
curve clears as polylines (a `Bend` with ``polyline`` set, Cytoscape's ``segments``):
through the gaps of each row they cross in the hierarchy, through the gaps between the
nodes round them elsewhere; `link_intrusions` lists the links that still cross a node.
Positions come from `graph.layout`; nothing here moves a node.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("nurse", "health")]); G.add_node("physician")
>>> pos = {"nurse": (0.0, 0.0), "physician": (60.0, 5.0), "health": (120.0, 0.0)}
>>> bends = edge_bends(G, pos, 12)
>>> bends[("nurse", "health")].weights  # one control point, halfway
(0.5,)
>>> link_intrusions(G, pos, 12, bends)
[]
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import math
from typing import NamedTuple

import numpy as np

__all__ = ["EDGE_CLEARANCE", "Bend", "bend_point", "control_points", "curve_middles",
           "curve_points", "edge_bends", "link_intrusions"]


#: Room kept between a drawn link and a node it does not join, in pixels.
EDGE_CLEARANCE = 4.0
#: Largest bend of a link, in link lengths (its curve then strays half as far): a link
#: that only a wider detour would keep clear of other nodes stays as close as this allows.
BEND_LIMIT = 1.2
#: Points sampled along a curved link when checking it against the nodes (a polyline of
#: this many segments; its chords stray from the curve by about bend / (4 * SAMPLES**2)).
CURVE_SAMPLES = 16
#: Steepest slope (against the straight link) a curve other than the first shape may take.
STEEPEST = 6.0
#: Rounds of the search of a bend, each with the slope of the curve the last one found.
ROUNDS = 3
#: Most (link, node) pairs the shapes after the first look at in one pass: a layout with
#: many links no shape clears (the rows of a large hierarchy) stops there, at a bounded
#: cost. The default web views use a thirtieth (data/us) to a seventh (bundled) of it.
SHAPE_BUDGET = 300_000
#: Most (link, node) pairs `_try_shapes` looks at for several shapes in one pass: when
#: the links still to solve (mostly those no shape clears) have this few times the
#: shapes, it tries `SHAPE_BATCH` shapes (or all those left) together, not one by one.
FEW_PAIRS = 8_000
#: Shapes tried in one pass of `_try_shapes` when their pairs are few.
SHAPE_BATCH = 4
#: Furthest a curve other than the first shape strays from its straight link, in link
#: lengths.
STRAY = 0.6


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


def edge_bends(G, pos, radius, clearance: float = EDGE_CLEARANCE) -> dict:
    """Return the `Bend` of each link that would cross a node it does not join.

    A link drawn straight from its source's centre to its target's must not pass over a
    third node, or it reads as a chain through that node. Each such link gets the least
    bend that keeps its curve ``clearance`` pixels outside every other node's ``radius``
    (see `_bends`), trying curves in `SHAPES` order: one control point halfway (up to
    `BEND_LIMIT` link lengths), then one near an end (to leave or reach a node past the
    nodes beside it), then two (a detour at a constant offset, or an S). A link no curve
    clears is routed along the empty circle between two rings of the drawing, when there
    is one and that route is clear (`_round_about`); failing that, it is routed as a
    polyline (`_reroute`): across rows of nodes (the hierarchy) vertically through a gap
    in each row, elsewhere along the gaps between the nodes near it. Links that are clear straight are not in the
    result.

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
        (source, target) -> `Bend`.

    See Also
    --------
    link_intrusions : the links that still cross a node.

    Notes
    -----
    All links are solved at once with array operations: matrix products give every
    node's offset from every link once (O(n m) for n nodes and m links, done in single
    precision and in chunks of links that stay in cache), keeping the (link, node) pairs
    in the widest band any pass looks in; each pass and each check then picks its pairs
    from those. Each round of the search sorts the forbidden intervals of all links
    together (O(k log k) for k such pairs; a few rounds). The links that no small bend
    clears get a second, wider pass, then the other shapes, one pass each over the links
    left (up to `SHAPE_BUDGET` pairs), several shapes in one pass once the links left
    are few (`FEW_PAIRS`, `SHAPE_BATCH`); every curve found is measured against the
    nodes near it as drawn (polylines of `CURVE_SAMPLES` segments, from the centres and
    from the borders) and left to the next shape when it still touches one. A route
    round the centre is tried for the few links left (O(n) each, only the nodes near a
    segment of it measured). About 18 to 22 ms of CPU for the default web view of
    data/us (500 nodes, 500 links, 300 of which cross a node straight) and 30 to 35 ms
    for the bundled one (360 nodes, 900 links); the force view of data/us, whose
    crowded links go round the centre, about 30 ms; a crowded hierarchy, whose many
    long links are tried with every shape, 100 to 130 ms (``python -m
    bench.bench_layout``). The links left to polylines cost O(n) each to check, plus
    O(r) per row crossed in a hierarchy, or a shortest path over the gaps near the link
    (O(g k), `_gap_path`); the web views have none or two of them, the force views up to
    about twenty, the hierarchy about 130 of data/us's 494 links (about a third of its
    routing time).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "c")]); G.add_node("b")
    >>> bends = edge_bends(G, {"a": (0, 0), "b": (50, 0), "c": (100, 0)}, 10)
    >>> abs(bends[("a", "c")].distances[0]) / 2 > 10 + EDGE_CLEARANCE
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
    drawn = _radii(nodes, radius)
    radii = drawn + clearance
    src = np.array([index[u] for u, _ in links])
    dst = np.array([index[v] for _, v in links])
    found, shape = _bends(points, radii, src, dst, drawn)
    circles = _ring_gaps(points, radii) if (shape < 0).any() else np.zeros(0)
    out = {}
    stuck = []  # the links given up to (only these may still cross a node)
    bent = np.flatnonzero(~np.isnan(found) & (found != 0.0) | (shape < 0))
    for j, value, form, a, b in zip(bent.tolist(), found[bent].tolist(), shape[bent].tolist(),
                                    src[bent].tolist(), dst[bent].tolist()):
        route = _round_about(points, radii, drawn, circles, a, b) if form < 0 else None
        if route is not None:
            out[links[j]] = route
            continue
        if not math.isnan(value):
            s = SHAPES[max(form, 0)]
            bend = round(value, 1)
            out[links[j]] = Bend(tuple(bend * sign for sign in s.signs), s.weights)
        if form < 0:
            stuck.append((a, b, links[j]))
    if stuck:  # routed as polylines where they still cross a node
        _reroute(points, radii, drawn, stuck, out)
    return out


#: Widest turn between two control points of a link routed round the centre, in radians.
ROUND_STEP = math.radians(12)
#: Least width of an empty band between two rings for a link to be routed along it.
ROUND_ROOM = 24.0


def _ring_gaps(points, radii) -> np.ndarray:
    """Return the radii of the empty circles round the origin between two rings of nodes.

    The rings of the web layout (and the circle) are centred on the origin. A circle
    counts when no node comes within `ROUND_ROOM` / 2 of it and the nodes both inside and
    outside it go all round (no empty sector wider than a quarter turn).
    """
    dist = np.hypot(points[:, 0], points[:, 1])
    lo, hi = dist - radii, dist + radii
    order = np.argsort(lo)
    lo, hi = lo[order], np.maximum.accumulate(hi[order])
    gaps = np.flatnonzero(lo[1:] > hi[:-1] + ROUND_ROOM)  # an empty band between two rings
    out = []
    for k in gaps:
        circle = (lo[k + 1] + hi[k]) / 2
        sides = (dist < circle, dist > circle)
        if all(_all_round(np.arctan2(points[side, 1], points[side, 0])) for side in sides):
            out.append(circle)
    return np.array(out)


def _all_round(angles) -> bool:
    """Return whether the angles leave no empty sector wider than a quarter turn."""
    if len(angles) < 4:
        return False
    a = np.sort(angles)
    widest = max(float(np.diff(a).max()), float(a[0] + 2 * math.pi - a[-1]))
    return widest <= math.pi / 2


def _round_about(points, radii, drawn, circles, a, b) -> Bend | None:
    """Return a route round the drawing's centre for the link from node ``a`` to ``b``, or
    None when there is none clear of every other node.

    The route leaves its source towards one of the empty ``circles`` between rings (see
    `_ring_gaps`), runs along it (control points at most `ROUND_STEP` apart, so the curve
    keeps close to it) and comes in to its target: along the circle nearest the middle
    of its ends' rings (one between them first), the shorter way round first; the first
    route that clears every node by its radius (drawn from the centres or from the ends'
    ``drawn`` radii, see `curve_points`) is taken. O(n) per route tried.
    """
    if not len(circles):
        return None
    dist = np.hypot(points[:, 0], points[:, 1])
    angle = np.arctan2(points[:, 1], points[:, 0])
    ends = dist[[a, b]]
    inside = (circles > ends.min()) & (circles < ends.max())
    circles = circles[np.lexsort((np.abs(circles - ends.mean()), ~inside))][:1]
    p0, p2 = points[a], points[b]
    d = p2 - p0
    length = math.hypot(*d)
    if length == 0:
        return None
    u, nrm = d / length, np.array([-d[1], d[0]]) / length  # the link's frame
    ta, tb = math.atan2(p0[1], p0[0]), math.atan2(p2[1], p2[0])
    turn = math.remainder(tb - ta, 2 * math.pi)
    others = np.ones(len(points), dtype=bool)
    others[[a, b]] = False
    for circle in circles:
        for sweep in (turn, turn - math.copysign(2 * math.pi, turn)):
            steps = max(1, math.ceil(abs(sweep) / ROUND_STEP))
            angles = ta + sweep * np.arange(steps + 1) / steps
            cps = np.column_stack([circle * np.cos(angles), circle * np.sin(angles)])
            bend = Bend(tuple(round(float(x), 1) for x in (cps - p0) @ nrm),
                        tuple(round(float(x), 4) for x in (cps - p0) @ u / length))
            # the nodes within the route's span of radii and of angles (with room to spare)
            line = curve_points(p0, p2, bend, samples=3 * len(cps))
            far = np.hypot(line[:, 0], line[:, 1])
            spare = (2 * radii.max() + drawn[a] + drawn[b]) / max(circle, 1.0)
            along = np.mod((angle - ta) * math.copysign(1.0, sweep) + spare, 2 * math.pi)
            near = others & (dist + radii > far.min()) & (dist - radii < far.max()) \
                & (along < abs(sweep) + 2 * spare)
            if _clear(points[near], radii[near], line) and _clear(
                    points[near], radii[near],
                    curve_points(p0, p2, bend, samples=3 * len(cps), trim=(drawn[a], drawn[b]))):
                return bend
    return None


def _clear(points, radii, line) -> bool:
    """Return whether the polyline ``line`` keeps out of every node (a pixel of the radii
    may go to the polyline standing in for the curve)."""
    return bool(_clear_segments(points, radii - 1.0, line[:-1], line[1:]).all())


def _clear_segments(points, room, start, end) -> np.ndarray:
    """Return which segments (``start`` to ``end``, (s, 2) each) keep ``room`` (per node)
    away from every node.

    A node further from a segment's middle than its room and half the segment is clear
    of that segment: only the (node, segment) pairs closer than that are measured.
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
    out = np.ones(len(start), dtype=bool)
    if not len(k):
        return out
    ax, ay = points[k, 0] - start[s, 0], points[k, 1] - start[s, 1]
    bx, by = ab[s, 0], ab[s, 1]
    t = np.clip((ax * bx + ay * by) / np.maximum(bx * bx + by * by, 1e-12), 0.0, 1.0)
    ax, ay = ax - t * bx, ay - t * by
    out[s[ax * ax + ay * ay < room[k] * room[k]]] = False
    return out


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


#: Room a route keeps from the nodes beside the gap it crosses a row through, beyond the
#: clearance, in pixels (less in a narrower gap: half its width).
GATE_ROOM = 8.0
#: Least height of the empty band between two rows of nodes for a route to run along it.
ROW_ROOM = 6.0
#: Most links one drawing routes as polylines (`_reroute`), in the order the bend search
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
    with Dijkstra's algorithm, then straightened (`_straighten`). O(g^2) distances and
    O(g k) segments measured for g gaps and k nodes near the link.
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
    while heap:
        cost, v = heapq.heappop(heap)
        if v == 1:
            break
        if cost > best[v]:
            continue
        for k in range(first[v], first[v + 1]):
            z, w = ends[k], lengths[k]
            if cost + w < best[z]:
                best[z], before[z] = cost + w, v
                heapq.heappush(heap, (cost + w, z))
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


def _near_pairs(points, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (i, j, distance), i < j, of each pair of the points (n, 2) of which one is
    among the other's ``count`` nearest, as `_nearest_pairs` of their `_distances` finds
    them.

    With many points the candidates are found by squared distance (below each point's
    count-th least, with room for rounding), and only those are measured as
    `_distances` does and ranked as a stable sort ranks them. O(n^2) cheap operations.

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
    dx, dy = points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1]
    square = dx * dx + dy * dy
    np.fill_diagonal(square, np.inf)
    cut = np.partition(square, count - 1, axis=1)[:, count - 1, None]
    row, col, _ = _nonzero(square <= cut * (1.0 + 1e-12) + 1e-200)
    far = np.hypot(points[row, 0] - points[col, 0], points[row, 1] - points[col, 1])
    order = np.lexsort((col, far, row))  # by row, then distance, then column
    row, col = row[order], col[order]
    rank = np.arange(len(row)) - np.searchsorted(row, np.arange(n))[row]
    row, col = row[rank < count], col[rank < count]
    key = np.unique(np.minimum(row, col) * n + np.maximum(row, col))
    i, j = key // n, key % n
    return i, j, np.hypot(points[i, 0] - points[j, 0], points[i, 1] - points[j, 1])


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


def _reroute(points, radii, drawn, ends, bends) -> list:
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


class _Shape(NamedTuple):
    """A family of bent links, one per bend ``b``: in the link's frame (x along it as a
    share ``s`` of its length, y along its normal) the curve is ``y = b * g(s)``.

    ``weights`` are the control points' places along the link and ``signs`` the sides
    they lie on (each control point lies ``b * sign`` off the line); ``top`` is the
    largest ``g``, so ``b * top`` is how far the curve strays.
    """

    weights: tuple
    signs: tuple
    top: float
    dmax: float = 2.0  # the largest |dg/ds|

    def g(self, s):
        """Return ``g(s)`` and its slope ``dg/ds`` for shares ``s`` (0 < s < 1) of the link."""
        s = np.asarray(s, dtype=float)
        if len(self.weights) == 1:
            # one quadratic piece: x(t) = 2 t (1 - t) w + t^2, y(t) = 2 t (1 - t)
            w = self.weights[0]
            t = s / (w + np.sqrt(w * w + (1 - 2 * w) * s))
            return 2 * t * (1 - t), (2 - 4 * t) / (2 * w + 2 * t * (1 - 2 * w))
        # two pieces meeting halfway (weights a and 1 - a): each goes from its end of the
        # link, u from 0 to 1, to the middle of the control points, y = 2 u (1 - u) sign +
        # u^2 (mean sign), x = 2 u (1 - u) a + u^2 / 2 (measured from that end)
        a = self.weights[0]
        far = s > 0.5
        q = np.where(far, 1 - s, s)
        u = q / (a + np.sqrt(a * a + (0.5 - 2 * a) * q))
        sign = np.where(far, self.signs[1], self.signs[0])
        mean = (self.signs[0] + self.signs[1]) / 2
        g = 2 * u * (1 - u) * sign + u * u * mean
        dg = ((2 - 4 * u) * sign + 2 * u * mean) / (2 * a + u * (1 - 4 * a))
        return g, np.where(far, -dg, dg)

    def steepest(self, bend_share: float) -> float:
        """Return the slope factor ``sqrt(1 + (dy/dx)^2)`` at its largest for bends up to
        ``bend_share`` link lengths."""
        return math.sqrt(1 + (self.dmax * bend_share) ** 2)


def _shape(weights, signs=None) -> _Shape:
    """Return the `_Shape` of control points at ``weights``, ``signs`` times the bend off
    the link (1 by default), with its ``top`` and ``dmax`` measured."""
    form = _Shape(tuple(weights), tuple(signs or (1.0,) * len(weights)), 0.5)
    g, dg = form.g(np.linspace(1e-4, 1 - 1e-4, 257))
    return form._replace(top=float(np.abs(g).max()), dmax=float(np.abs(dg).max()))


#: The curves a bent link may take, simplest first: one control point halfway; one near
#: an end (a link that leaves or reaches its node past that node's neighbours); two, as a
#: detour at a constant offset or an S (past nodes beside both ends).
SHAPES = (
    _shape((0.5,)),
    _shape((0.15,)), _shape((0.85,)),
    _shape((0.15, 0.85)), _shape((0.15, 0.85), (1.0, -1.0)),
    _shape((0.3,)), _shape((0.7,)),
    _shape((0.3, 0.7)), _shape((0.3, 0.7), (1.0, -1.0)),
    _shape((0.05,)), _shape((0.95,)),
    _shape((0.15, 0.85), (1.0, 0.4)), _shape((0.15, 0.85), (0.4, 1.0)),
    _shape((0.15, 0.85), (1.0, -0.4)), _shape((0.15, 0.85), (-0.4, 1.0)),
    _shape((0.05, 0.95)), _shape((0.05, 0.95), (1.0, -1.0)),
)


#: Each shape's `_Shape.top` and `_Shape.dmax`, by index into `SHAPES`.
_TOPS = np.array([form.top for form in SHAPES])
_DMAX = np.array([form.dmax for form in SHAPES])


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
        # the band `cover` measured: (margin, spread), each link's range of its pairs
        # (ptr), and their nodes and |y| in single precision
        self.covered = self.ptr = self.node = self.y32 = None

    def cover(self, margin, spread) -> None:
        """Find once the pairs of every link within the band of ``margin`` (per node) and
        ``spread`` (per link), so that `near` picks its pairs from them when its band
        lies within that one instead of measuring every node again."""
        margin = margin.astype(np.float32) + np.float32(1.0)
        j, self.node, self.y32 = self._band(np.flatnonzero(self.length > 0), margin, spread)
        self.ptr = np.searchsorted(j, np.arange(len(self.length) + 1))
        self.covered = (margin, spread)

    def _band(self, rows, margin, spread):
        """Return (link, node, |y| in single precision) of the pairs of ``rows`` x nodes
        in the band ``|y| - spread[link] < margin[node]``, ``|x| < radius`` beyond the
        ends (see `near`), by link then node.

        Each node's offsets from the links are a product in single precision, less each
        link's own offset (subtracted in double, rounded to single). A first pass does all
        of it in single precision, with room for its rounding (`_slack`), and only the
        pairs it keeps are measured so.
        """
        found = []
        n = len(self.px)
        for lo in range(0, len(rows), self.CHUNK):
            part = rows[lo:lo + self.CHUNK]
            p = len(part)
            ux, uy, nx, ny = self.ux[part], self.uy[part], self.nx[part], self.ny[part]
            frame = np.column_stack([np.concatenate([ux, nx]), np.concatenate([uy, ny])])
            half = self.length[part] / 2
            # x measured from the link's middle, y from its line
            xy = frame.astype(np.float32) @ self.points32
            off = np.concatenate([self.ax[part] * ux + self.ay[part] * uy + half,
                                  self.ax[part] * nx + self.ay[part] * ny])
            if p * n <= DENSE_PAIRS:  # few pairs: all measured at once
                xy -= off[:, None]
                np.abs(xy, out=xy)
                close = (xy[p:] - spread[part, None]).astype(np.float32) < margin
                x = xy[:p]
                x -= half[:, None]
                close &= x < self.radii32
                r, i, at = _nonzero(close)
                found.append((part[r], i, xy[p:].ravel()[at]))
                continue
            room = self._slack(off, spread[part], half, margin)
            quick = xy - off.astype(np.float32)[:, None]
            np.abs(quick, out=quick)
            close = quick[p:] - spread[part].astype(np.float32)[:, None] < margin + room
            close &= quick[:p] - half.astype(np.float32)[:, None] < self.radii32 + room
            at = np.flatnonzero(close)
            r = at // n
            i = at - r * n
            flat = xy.ravel()
            y = np.abs((flat[p * n + at] - off[p + r]).astype(np.float32))
            x = np.abs((flat[at] - off[r]).astype(np.float32))
            keep = ((y - spread[part[r]]).astype(np.float32) < margin[i]) \
                & ((x - half[r]).astype(np.float32) < self.radii32[i])
            found.append((part[r[keep]], i[keep], y[keep]))
        if not found:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0, np.float32)
        return tuple(np.concatenate(f) for f in zip(*found))

    def _slack(self, off, spread, half, margin) -> np.float32:
        """Return more than the rounding of `_band`'s first pass can move a pair's
        offsets (a few roundings in single precision, each within 2**-24 of the
        largest value in play)."""
        largest = 2.0 * float(np.abs(self.points32).max(initial=0.0)) \
            + float(np.abs(off).max(initial=0.0)) + float(spread.max(initial=0.0)) \
            + float(half.max(initial=0.0)) + float(margin.max(initial=0.0)) \
            + float(self.radii32.max(initial=0.0))
        return np.float32(1e-5 * largest + 1e-3)

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
        covered = self.covered
        if covered is not None and (margin <= covered[0]).all() \
                and (spread[rows] <= covered[1][rows]).all():
            # the pairs of the covering band, the rows' ranges of them in turn
            start, count = self.ptr[rows], self.ptr[rows + 1] - self.ptr[rows]
            at = np.repeat(start - np.cumsum(count) + count, count) + np.arange(count.sum())
            j, i, y = np.repeat(rows, count), self.node[at], self.y32[at]
            close = (y - spread[j]).astype(np.float32) < margin[i]
            j, i = j[close], i[close]
        else:
            j, i, _ = self._band(rows, margin, spread)
        keep = (i != self.src[j]) & (i != self.dst[j])
        j, i = j[keep], i[keep]
        apx, apy = self.px[i] - self.ax[j], self.py[i] - self.ay[j]
        s = (apx * self.ux[j] + apy * self.uy[j]) / self.length[j]
        y = apx * self.nx[j] + apy * self.ny[j]
        return j, i, s, y


def _bends(points, radii, src, dst, drawn=None) -> tuple[np.ndarray, np.ndarray]:
    """Return the least bend of each link whose curve clears every node, and its shape (an
    index into `SHAPES`); see `edge_bends`.

    In a link's frame a node at (s, y) of radius r is cleared when ``|y - bend * g(s)|``
    exceeds r (times the curve's slope factor there): each node forbids an interval of
    bends, and the answer is the bend of least size outside all of them, within reach,
    away from the nodes the straight link crosses on a tie. Nodes beside an end, which
    small bends cannot avoid, are given up last, when no shape clears them. 0 for a link
    that crosses no node (or only nodes beyond its ends), NaN when nothing helps.

    ``points`` (n, 2) are the nodes, ``radii`` (n,) their radii with the clearance,
    ``src`` and ``dst`` (m,) the ends of each link (indices into ``points``), ``drawn``
    (n,) the radii the nodes are drawn with (a link starts and ends on their border).
    """
    frame = _Links(points, radii, src, dst)
    frame.ends = np.zeros(len(points)) if drawn is None else drawn
    # the widest band any pass below looks in: a curve strays up to `STRAY` (or half of
    # `BEND_LIMIT`) link lengths, its ends move by up to their nodes' radii
    small = 6 * float(radii.max())
    frame.cover(np.maximum((radii + 3.0) * math.sqrt(1 + STEEPEST ** 2) + 3.0,
                           SHAPES[0].steepest(BEND_LIMIT) * radii + 3.0),
                np.maximum(0.5 * small, max(STRAY, 0.5 * BEND_LIMIT) * frame.length
                           + np.maximum(frame.ends[src], frame.ends[dst]) + 1.0))
    m = len(src)
    length = frame.length
    result = np.zeros(m)
    shape = np.zeros(m, dtype=np.intp)
    # Most links need a small bend, so only the nodes within reach of one are tried
    # first: the band holds those and the nodes each straight link crosses.
    steepest = SHAPES[0].steepest(BEND_LIMIT)
    margin = radii * steepest + 3.0  # a pixel to spare
    j, i, s, y = frame.near(np.arange(m), margin, np.full(m, 0.5 * small))
    beyond = length[j] * np.maximum(np.maximum(-s, s - 1.0), 0.0)
    crossed = np.hypot(y, beyond) < radii[i]
    need = np.zeros(m, dtype=bool)
    need[j[crossed]] = True
    if not need.any():
        return result, shape
    pull = np.bincount(j[crossed], weights=y[crossed], minlength=m)
    side = -np.copysign(1.0, pull)
    result[need] = np.nan
    limit = BEND_LIMIT * length
    window = np.minimum(small, limit)
    _solve(_reachable((j, i, s, y), radii, SHAPES[0], window, steepest, need),
           length, window, side, need, (0.0,), result)
    # A pixel of the clearance may go to the polyline standing in for the curve.
    exact = radii - 1.0
    result[_touching(frame, exact, result, shape, need)] = np.nan
    todo = np.isnan(result)
    for extra in (0.0, 3.0):  # the curves found that still touched a node get more room
        if todo.any():
            todo = _try_shapes(frame, radii + extra, exact, todo, side, result, shape)
    rows = np.isnan(result)
    if rows.any():  # nothing clears these: give up the nodes by their ends, one bend
        shape[rows] = -1
        pairs = frame.near(np.flatnonzero(rows), margin, 0.5 * limit)
        _solve(_reachable(pairs, radii, SHAPES[0], limit, steepest, rows),
               length, limit, side, rows, (0.18, 0.32), result)
    return result, shape


def _try_shapes(frame, radii, exact, rows, side, result, shape) -> np.ndarray:
    """Solve the links flagged in ``rows`` with every shape in turn (wide reach), setting
    ``result`` and ``shape`` of those a shape clears, as drawn, by ``exact``; return which
    links had a curve found that did not (the others left NaN no shape clears).

    The first shape may stray as far as a bend of `BEND_LIMIT` link lengths takes it, the
    others `STRAY` link lengths, and no curve steeper than `STEEPEST` (a curve turning
    sharper reads as a kink at its node).
    """
    length = frame.length
    share = [min((0.5 * BEND_LIMIT if k == 0 else STRAY) / form.top, STEEPEST / form.dmax)
             for k, form in enumerate(SHAPES)]
    spread = 0.5 * BEND_LIMIT * length
    j, i, s, y = frame.near(np.flatnonzero(rows), radii * math.sqrt(1 + STEEPEST ** 2) + 3.0,
                            spread)
    keep = (s > 0.0) & (s < 1.0)
    pairs = j[keep], i[keep], s[keep], y[keep]
    pending = rows.copy()
    missed = np.zeros(len(length), dtype=bool)
    spent = 0
    k = 0
    while k < len(SHAPES):
        room = min(SHAPE_BUDGET - spent, FEW_PAIRS)
        if k and len(pairs[0]) * min(len(SHAPES) - k, SHAPE_BATCH) <= room:
            # few pairs left: several shapes (all those left, if they fit) in one pass,
            # within the budget whichever links they clear
            stop = len(SHAPES) if len(pairs[0]) * (len(SHAPES) - k) <= room \
                else k + SHAPE_BATCH
            spent += _try_all(frame, pairs, radii, exact, (share, range(k, stop)), side,
                              pending, (result, shape, missed))
            k = stop
        else:
            form = SHAPES[k]
            reach = share[k] * length
            found = np.full(len(length), np.nan)
            near = _reachable(pairs, radii, form, reach, form.steepest(share[k]), pending)
            spent += len(near[0]) if k else 0
            if spent > SHAPE_BUDGET:
                break
            _solve(near, length, reach, side, pending.copy(), (0.0,), found)
            done = pending & ~np.isnan(found)
            result[done] = found[done]
            shape[done] = k
            wrong = _touching(frame, exact, result, shape, done)
            result[wrong] = np.nan
            missed |= wrong
            pending &= ~(done & ~wrong)
            k += 1
        if not pending.any():
            break
        j, i, s, y = pairs  # the pairs of the links still to solve
        keep = pending[j]
        if k == 1:  # the other shapes stray less: fewer nodes are within their reach
            keep &= np.abs(y) < radii[i] * math.sqrt(1 + STEEPEST ** 2) + 3.0 + STRAY * length[j]
        pairs = j[keep], i[keep], s[keep], y[keep]
    return missed & pending


def _try_all(frame, pairs, radii, exact, shares, side, pending, out) -> int:
    """Solve the links flagged in ``pending`` with the shapes ``shares[1]`` (a range), as
    `_try_shapes` does one shape at a time (each link takes the first shape whose curve
    is found and touches no node), but with one `_solve` for all the shapes and one
    `_touching` per round of candidates; update ``pending`` and ``out`` (result, shape,
    missed) in place and return the pairs one shape at a time would have looked at (the
    budget they spend)."""
    share, forms = shares
    result, shape, missed = out
    length = frame.length
    m = len(length)
    near, reach, counts = [], [], []
    for n, k in enumerate(forms):  # link j of the n-th shape is group n * m + j
        reach.append(share[k] * length)
        j, *rest = _reachable(pairs, radii, SHAPES[k], reach[-1], SHAPES[k].steepest(share[k]),
                              pending)
        near.append((j + n * m, *rest))
        counts.append(np.bincount(j, minlength=m))
    found = np.full(len(forms) * m, np.nan)
    _solve(tuple(np.concatenate(part) for part in zip(*near)), np.tile(length, len(forms)),
           np.concatenate(reach), np.tile(side, len(forms)), np.tile(pending, len(forms)),
           (0.0,), found)
    found = found.reshape(len(forms), m)
    ok = ~np.isnan(found) & pending
    order = np.arange(len(forms))[:, None]
    start = np.zeros(m, dtype=np.intp)  # each link's next shape to try
    cleared = np.full(m, len(forms))  # and the shape that cleared it
    tried = pending.copy()
    while True:
        avail = ok & (order >= start)
        links = np.flatnonzero(avail.any(axis=0) & pending)
        if not len(links):
            break
        n = avail[:, links].argmax(axis=0)
        result[links] = found[n, links]
        shape[links] = forms[0] + n
        rows = np.zeros(m, dtype=bool)
        rows[links] = True
        wrong = _touching(frame, exact, result, shape, rows)
        result[wrong] = np.nan
        missed |= wrong
        pending &= ~(rows & ~wrong)
        cleared[links[~wrong[links]]] = n[~wrong[links]]
        start[links] = n + 1
    # one shape at a time, the n-th looks at the links no earlier one cleared
    return sum(int(c[tried & (cleared >= n)].sum()) if forms[n] else 0
               for n, c in enumerate(counts))


def _touching(frame, radii, result, shape, rows) -> np.ndarray:
    """Return which bent links of those flagged in ``rows``, drawn as `curve_points`
    samples them, come within ``radii`` of a node they do not join.

    A node whose offset from the curve straight across (along the normal) exceeds its
    radius times the curve's steepest slope factor is clear; only the others are measured
    against the polyline.
    """
    bent = np.flatnonzero(rows & ~np.isnan(result) & (result != 0.0))
    out = np.zeros(len(result), dtype=bool)
    if not len(bent):
        return out
    top = _TOPS[shape[bent]]
    spread = np.zeros(len(result))
    # how far trimmed ends move a point of the curve: (1 - t)^2 r0 + t^2 r1 at most
    r0, r1 = frame.ends[frame.src], frame.ends[frame.dst]
    spread[bent] = np.abs(result[bent]) * top + np.maximum(r0, r1)[bent]
    j, i, s, y = frame.near(bent, radii, spread)
    dmax = _DMAX
    k = shape[j]
    across = np.empty(len(j))
    for form in _distinct(k):
        sel = k == form
        g = SHAPES[form].g(np.clip(s[sel], 1e-6, 1 - 1e-6))[0]
        across[sel] = np.abs(y[sel] - result[j[sel]] * g)
    share = np.abs(result[j]) / frame.length[j]
    slope = np.sqrt(1 + (dmax[k] * share) ** 2)
    # the first shape's curve is at t = s across a node at s; the others move their ends
    # by up to the larger radius anywhere
    c = np.clip(s, 0.0, 1.0)
    trim = np.where(k == 0, (1 - c) ** 2 * r0[j] + c * c * r1[j] + 1.0, np.maximum(r0, r1)[j])
    near = (across < radii[i] * slope + trim) | (s <= 0.0) | (s >= 1.0)
    j, i, s, y = j[near], i[near], s[near], y[near]
    if not len(j):
        return out
    length = frame.length[j]
    px, py = s * length, y  # the node in the link's frame
    for k in _distinct(shape[j]):
        sel = shape[j] == k
        form = SHAPES[k]
        line, first, last = _frame_curve(form)  # x as a share, y per unit bend
        jj, bend, size = j[sel], result[j[sel]], length[sel]
        lx = line[None, :, 0] * size[:, None]
        ly = line[None, :, 1] * bend[:, None]
        # drawn from the centres, and from the circles of the ends (see curve_points):
        # each end moves along the line to its control point, the more near that end
        ex, ey = form.weights[0] * size, form.signs[0] * bend
        scale = frame.ends[frame.src[jj]] / np.maximum(np.hypot(ex, ey), 1e-9)
        fx, fy = ex * scale, ey * scale
        ex, ey = (form.weights[-1] - 1) * size, form.signs[-1] * bend
        scale = frame.ends[frame.dst[jj]] / np.maximum(np.hypot(ex, ey), 1e-9)
        tx, ty = ex * scale, ey * scale
        near = np.full(len(jj), np.inf)
        for lx_, ly_ in ((lx, ly), (lx + first * fx[:, None] + last * tx[:, None],
                                    ly + first * fy[:, None] + last * ty[:, None])):
            ax, ay = lx_[:, :-1], ly_[:, :-1]
            bx, by = lx_[:, 1:] - ax, ly_[:, 1:] - ay
            qx, qy = px[sel, None] - ax, py[sel, None] - ay
            t = np.clip((qx * bx + qy * by) / np.maximum(bx * bx + by * by, 1e-12), 0.0, 1.0)
            near = np.minimum(near, np.hypot(qx - t * bx, qy - t * by).min(axis=1))
        out[jj[near < radii[i[sel]]]] = True
    return out


def _distinct(values) -> np.ndarray:
    """Return the distinct values of an array of small non-negative integers, increasing
    (as `numpy.unique`, counted instead of sorted).

    Examples
    --------
    >>> _distinct(np.array([3, 0, 3, 1])).tolist()
    [0, 1, 3]
    """
    return np.flatnonzero(np.bincount(values)) if len(values) else values[:0]


@functools.cache
def _frame_curve(form: _Shape) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return `curve_points` of a link from (0, 0) to (1, 0) bent by 1 as ``form`` says, in
    its frame (x along, y along the normal), and how much each point moves with its
    link's start and with its end when those are trimmed (``(1 - t)^2`` on the first
    piece, ``t^2`` on the last, see `curve_points`)."""
    line = curve_points((0.0, 0.0), (1.0, 0.0), Bend(tuple(form.signs), form.weights))
    pieces = len(form.weights)
    per = (len(line) - 1) // pieces
    t = np.linspace(0.0, 1.0, per + 1)
    first, last = np.zeros(len(line)), np.zeros(len(line))
    first[:per + 1] += (1 - t) ** 2
    last[-(per + 1):] += t * t
    return line, first, last


def _reachable(pairs, radii, form, reach, steepest, rows):
    """Return (link, y, radius, g, dg/ds) of the ``pairs`` (link, node, s, y) whose node lies
    beside its link (``0 < s < 1``) and within reach of a ``form`` bent by ``reach[link]``,
    for the links flagged in ``rows``."""
    j, i, s, y = pairs
    room = np.abs(y) - radii[i] * steepest - 2.0
    # |g| never exceeds the largest sampled one by a twentieth: the pairs beyond that
    # reach are dropped before g is worked out
    keep = rows[j] & (s > 0.0) & (s < 1.0) & (room < 1.05 * form.top * reach[j])
    j, i, s, y, room = j[keep], i[keep], s[keep], y[keep], room[keep]
    g, dg = form.g(s)
    keep = room < np.abs(g) * reach[j]
    return j[keep], y[keep], radii[i[keep]], g[keep], dg[keep]


def _solve(pairs, length, reach, side, rows, floors, result) -> None:
    """Set ``result`` of the links flagged in ``rows`` to their least clearing bend (see
    `_bends`), leaving NaN where none within ``reach`` does; ``floors`` are the shares of
    a curve's furthest stray below which nodes are given up, tried in turn.

    Each of up to three rounds widens the nodes' forbidden intervals by the slope of the
    curve bent as the previous round found, until the bend found no longer changes.
    """
    j, y, r, g, dg = pairs
    pending = rows.copy()
    for floor in floors:
        use = pending[j] & (np.abs(g) > floor)
        ju, yu, ru, gu, dgu = j[use], y[use], r[use], g[use], dg[use]
        active = pending.copy()
        bend = np.zeros(len(length))
        for round_ in range(ROUNDS):
            sel = active[ju]
            jj, gs = ju[sel], gu[sel]
            slope = np.sqrt(1 + (bend[jj] * dgu[sel] / length[jj]) ** 2)
            half = ru[sel] * slope + 1.5
            a, b = (yu[sel] - half) / gs, (yu[sel] + half) / gs
            found = _least_outside(jj, np.minimum(a, b), np.maximum(a, b), reach, side)
            failed = active & np.isnan(found)
            done = active & ~failed & ((found == bend) | (round_ == ROUNDS - 1))
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
    # The starts and the ends, each sorted by group then value: the k-th start of a group
    # begins a merged span when the k intervals started before it have ended, that is
    # when the k ends that come first do (an interval ending before the k-th start also
    # started before it); a span then holds the same intervals as the ends beside it.
    lo, hi, g = lo[_group_sort(lo, group)], hi[_group_sort(hi, group)], np.sort(group)
    first = np.ones(len(g), dtype=bool)  # starts a merged span
    first[1:] = (g[1:] != g[:-1]) | (lo[1:] >= hi[:-1])
    starts = np.flatnonzero(first)
    span_g, span_lo = g[starts], lo[starts]
    span_hi = hi[np.append(starts[1:], len(g)) - 1]
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
