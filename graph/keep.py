"""A view drawn on the web drawing of a bigger view: the nodes that stay keep their place.

Ticking or unticking a need, or a filter, changes which nodes a view draws. When the new
view shares most of its nodes with a web drawing (`graph.layout.tier_rings`) the explorer
already has, `keep_drawing` draws it on that drawing's needs' circle and rings: the nodes
drawn there stay exactly where they are, and each new node takes the free place of its
ring nearest the angle it aims at, so nothing that stays drawn moves.
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

from graph.rings import (
    GROUP_GROWTH,
    NODE_GAP,
    _group_share,
    _key,
    _need_order,
    _parent_angle,
    _rank,
    _Ring,
    _round,
    _web,
)

__all__ = ["KEEP_SHARE", "keep_drawing"]


#: Least share of a view's nodes that another web drawing must hold, and of that drawing's
#: nodes the view must keep, for `graph.layout.tier_rings` to draw the view on its rings,
#: keeping the nodes they share where they are (a view that keeps only a corner of the
#: drawing, one need of twelve, say, is laid out afresh to use the canvas).
KEEP_SHARE = 0.5


def _kept_rings(G, keep, node_gap: float) -> dict[int, _Ring] | None:
    """Return the rings of the drawing ``keep`` = (H, positions) that G is drawn on (see
    `graph.layout.tier_rings`), or None when G is to be laid out afresh."""
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

    ``keep`` is (H, positions), H drawn by `graph.layout.tier_rings` at those positions.
    When G and H share at least `KEEP_SHARE` of the nodes of each, H holds every need of
    G and a ring for each tier of G, the nodes of G drawn in H keep their positions
    there. Each other node aims as in `tier_rings` (at its parents on the nearest ring,
    else at the needs it reaches, both where H drew them) and takes the free place
    nearest its aim on any row of its ring: ``node_gap`` from its neighbours on the row
    (more beside a large "+N" group). Rings are filled from the inside out, new nodes of
    a ring in the order of their aims. The result depends on G and the drawing only, so
    the same view is always drawn the same. Returns None (lay G out afresh) when ``keep``
    is None or does not qualify, or a ring has no room left.

    Notes
    -----
    About O(n + m) for n nodes and m links of G and H (their needs reached, found once),
    plus, for each new node, a search of its ring's rows outwards from its aim: usually
    a few gaps each.

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
