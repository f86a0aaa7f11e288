"""Where drawn links go: bends round the nodes they would cross.

A link drawn straight from its source's centre to its target's must not pass over a node
it does not join, or it reads as a chain through that node. `edge_bends` bends each such
link just enough to clear every node, as the curve Cytoscape.js draws from a `Bend` (one
or two control points, see `graph.curves`), routes a link no curve clears round the
drawing's centre when an empty band between two rings lets it, and leaves the few left
to `graph.polylines.reroute` (polylines through the gaps between the nodes);
`link_intrusions` (the geometric check, in `graph.curves`) lists the links that still
cross a node. Positions come from `graph.layout`; nothing here moves a node.

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

import functools
import math
from typing import NamedTuple

import numpy as np

from graph.curves import (
    DENSE_PAIRS,
    Bend,
    _clear,
    _nonzero,
    _radii,
    bend_point,
    control_points,
    curve_middles,
    curve_points,
    link_intrusions,
)
from graph.polylines import reroute

__all__ = ["EDGE_CLEARANCE", "Bend", "bend_point", "control_points", "curve_middles",
           "curve_points", "edge_bends", "link_intrusions"]


#: Room kept between a drawn link and a node it does not join, in pixels.
EDGE_CLEARANCE = 4.0
#: Largest bend of a link, in link lengths (its curve then strays half as far): a link
#: that only a wider detour would keep clear of other nodes stays as close as this allows.
BEND_LIMIT = 1.2
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


def edge_bends(G, pos, radius, clearance: float = EDGE_CLEARANCE, keep=None) -> dict:
    """Return the `Bend` of each link that would cross a node it does not join.

    A link drawn straight from its source's centre to its target's must not pass over a
    third node, or it reads as a chain through that node. Each such link gets the least
    bend that keeps its curve ``clearance`` pixels outside every other node's ``radius``
    (see `_bends`), trying curves in `SHAPES` order: one control point halfway (up to
    `BEND_LIMIT` link lengths), then one near an end (to leave or reach a node past the
    nodes beside it), then two (a detour at a constant offset, or an S). A link no curve
    clears is routed along the empty circle between two rings of the drawing, when there
    is one and that route is clear (`_round_about`); failing that, it is routed as a
    polyline (`graph.polylines.reroute`): across rows of nodes (the hierarchy) vertically
    through a gap in each row, elsewhere along the gaps between the nodes near it. Links
    that are clear straight are not in the result. With ``keep``, the bends of a drawing
    G is drawn on, a link whose ends sit where they were there keeps its bend while that
    bend still clears every node (`graph.keptbends.KeptBends.clear`); only the other
    links are bent afresh.

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
    keep : graph.keptbends.KeptBends, optional
        The bends of the drawing G is drawn on (nodes that stay keep their place there),
        kept where they still clear every node.

    Returns
    -------
    dict
        (source, target) -> `Bend`.

    See Also
    --------
    link_intrusions : the links that still cross a node.
    graph.keptbends.KeptBends : the bends a drawing keeps.

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
    nodes near it as drawn (polylines of `graph.curves.CURVE_SAMPLES` segments, from the
    centres and from the borders) and left to the next shape when it still touches one. A route
    round the centre is tried for the few links left (O(n) each, only the nodes near a
    segment of it measured). About 18 to 22 ms of CPU for the default web view of
    data/us (500 nodes, 500 links, 300 of which cross a node straight) and 30 to 35 ms
    for the bundled one (360 nodes, 900 links), less when ``keep`` keeps most bends
    (about 3 ms to check them, the rest routed afresh); the force view of data/us, whose
    crowded links go round the centre, about 30 ms; a crowded hierarchy, whose many
    long links are tried with every shape, 100 to 130 ms (``python -m
    bench.bench_layout``). The links left to polylines cost O(n) each to check, plus
    O(r) per row crossed in a hierarchy, or a shortest path over the gaps near the link
    (O(g k), `graph.polylines`); the web views have none or two of them, the force views
    up to about twenty, the hierarchy about 130 of data/us's 494 links (about a third of its
    routing time).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "c")]); G.add_node("b")
    >>> bends = edge_bends(G, {"a": (0, 0), "b": (50, 0), "c": (100, 0)}, 10)
    >>> abs(bends[("a", "c")].distances[0]) / 2 > 10 + EDGE_CLEARANCE
    True
    """
    kept = keep.clear(G, pos, radius, clearance) if keep is not None else {}
    nodes = [n for n in G if n in pos]
    if len(nodes) < 3:
        return kept
    index = {n: i for i, n in enumerate(nodes)}
    links = [(u, v) for u, v in G.edges()
             if u != v and u in index and v in index and (u, v) not in kept]
    if not links:
        return kept
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
        reroute(points, radii, drawn, stuck, out)
    out.update(kept)
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
