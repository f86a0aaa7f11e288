"""Where drawn links go: bends round nodes they would cross, and the geometric check.

A link drawn straight from its source's centre to its target's must not pass over a node
it does not join, or it reads as a chain through that node. `edge_bends` bends each such
link just enough to clear every node, as the quadratic curve Cytoscape.js draws
(`bend_point`, `curve_points`); `link_intrusions` lists the links that still cross a node.
Positions come from `graph.layout`; nothing here moves a node.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("nurse", "health")]); G.add_node("physician")
>>> pos = {"nurse": (0.0, 0.0), "physician": (60.0, 5.0), "health": (120.0, 0.0)}
>>> bends = edge_bends(G, pos, 12)
>>> sorted(bends)
[('nurse', 'health')]
>>> link_intrusions(G, pos, 12, bends)
[]
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["EDGE_CLEARANCE", "bend_point", "curve_points", "edge_bends", "link_intrusions"]


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
    for u, v in sorted(G.edges(), key=lambda e: (str(e[0]), str(e[1]))):
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
