"""Links that stay drawn keep their bend: a drawing's bends, sampled once, kept where clear.

A view drawn on the drawing of a bigger view (`graph.keep.keep_drawing`) keeps the nodes
they share where they are; `KeptBends` lets it keep the links too. It holds the bends of
the bigger drawing's links, each sampled once as it is drawn (`graph.curves.curve_points`,
from the centres and from the ends' borders); `KeptBends.clear` returns those of a new
drawing whose two ends are drawn where they were, at the same size, and whose bend still
keeps clear of every node of the new drawing it does not join (the check
`graph.polylines` and `graph.routing` make of a route). `graph.routing.edge_bends` takes
them as they are and routes only the other links afresh: the browser then restyles only
the links whose route had to change.

Examples
--------
>>> import networkx as nx
>>> from graph.curves import Bend
>>> G = nx.DiGraph([("nurse", "health")]); G.add_node("physician")
>>> pos = {"nurse": (0.0, 0.0), "physician": (60.0, 5.0), "health": (120.0, 0.0)}
>>> kept = KeptBends(pos, 12, {("nurse", "health"): Bend((80.0,), (0.5,))})
>>> kept.clear(G, pos, 12)  # still clear of the physician
{('nurse', 'health'): Bend(distances=(80.0,), weights=(0.5,), polyline=False)}
>>> kept.clear(G, {**pos, "physician": (60.0, 40.0)}, 12)  # a node now sits on it
{}
"""

from __future__ import annotations

import numpy as np

from graph.curves import Bend, _intruders, _radii, curve_points, curves_points

__all__ = ["KeptBends"]


#: How far (pixels) a kept bend may come inside the room routing keeps round a node: the
#: tenth of a pixel the routes' distances are rounded to, after they were found clear.
ROUNDING = 0.1


class KeptBends:
    """The bends of a drawing's links, sampled once, for a drawing that keeps its nodes.

    Parameters
    ----------
    pos : mapping
        Node id -> (x, y) in the drawing.
    radius : float or mapping
        The drawn radius of every node, or node id -> radius.
    bends : mapping
        (source, target) -> `graph.curves.Bend` of the drawing's bent links (a link
        drawn straight is not kept: a drawing that keeps its ends checks it afresh).

    Notes
    -----
    Built in O(n + b) for n nodes and b bends, holding its own copies (the mappings may
    change afterwards). The bends are sampled, and checked against the drawing's own
    nodes, on the first `clear`: O(b s log n) for s samples a link
    (`graph.curves.CURVE_SAMPLES`), about 12 ms for the 350 bent links of data/us's
    default web view. Meant to be built once per drawing and kept with it.
    """

    def __init__(self, pos, radius, bends):
        nodes = list(pos)
        self.places = {n: (*map(float, pos[n]), r)
                       for n, r in zip(nodes, _radii(nodes, radius).tolist())}
        self.links = [link for link in bends if link[0] in pos and link[1] in pos]
        self.bends = [Bend.of(bends[link]) for link in self.links]
        self._segments = None
        self._home: dict = {}

    def __len__(self) -> int:
        return len(self.links)

    def segments(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (starts, ends, link) of the segments the kept links are drawn as: from
        the centres, and from the ends' borders (but for a polyline, whose trimmed ends
        lie on its first and last segments), as `graph.curves.curve_points` samples them.
        Sampled once, on the first call."""
        if self._segments is None:
            starts, stops, owners = [], [], []
            forms: dict = {}  # curves of k control points, sampled together
            for j, bend in enumerate(self.bends):
                if bend.polyline:  # its trimmed ends lie on its first and last segments
                    u, v = self.links[j]
                    line = curve_points(self.places[u][:2], self.places[v][:2], bend)
                    starts.append(line[:-1])
                    stops.append(line[1:])
                    owners.append(np.full(len(line) - 1, j))
                else:
                    forms.setdefault(len(bend.distances), []).append(j)
            for rows in forms.values():
                ends = np.array([(*self.places[u], *self.places[v])
                                 for u, v in (self.links[j] for j in rows)])
                bends = [self.bends[j] for j in rows]
                for trim in (None, ends[:, [2, 5]]):  # from the centres, from the borders
                    lines = curves_points(ends[:, 0:2], ends[:, 3:5],
                                    np.array([b.distances for b in bends]),
                                    np.array([b.weights for b in bends]), trim)
                    starts.append(lines[:, :-1].reshape(-1, 2))
                    stops.append(lines[:, 1:].reshape(-1, 2))
                    owners.append(np.repeat(rows, lines.shape[1] - 1))
            self._segments = (np.concatenate(starts), np.concatenate(stops),
                              np.concatenate(owners)) if starts else \
                (np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0, dtype=np.intp))
        return self._segments

    def _touching(self, rows, nodes, room, ends=None) -> np.ndarray:
        """Return which links (a mask over `links`) of those flagged in ``rows`` come within
        ``room`` of one of the ``nodes`` ((k, 2) points); ``ends`` (one pair of indices
        into ``nodes`` a link) are the nodes each link joins, left out."""
        starts, stops, owner = self.segments()
        sel = rows[owner]
        out = np.zeros(len(self.links), dtype=bool)
        if not len(nodes) or not sel.any():
            return out
        starts, stops, owner = starts[sel], stops[sel], owner[sel]
        # the few large nodes (needs, groups) apart: the others are then looked for
        # within their own, smaller reach
        large = room > 2 * np.median(room)
        for part in (np.flatnonzero(~large), np.flatnonzero(large)):
            k, s = _intruders(nodes[part], room[part], starts, stops)
            k, link = part[k], owner[s]
            if ends is not None:
                link = link[(k != ends[link, 0]) & (k != ends[link, 1])]
            out[link] = True
        return out

    def _crossing(self, clearance: float) -> np.ndarray:
        """Return which links come within ``clearance`` (less what `clear` allows) of a
        node of their own drawing they do not join; worked out once for each clearance."""
        crossing = self._home.get(clearance)
        if crossing is None:
            at = {n: i for i, n in enumerate(self.places)}
            places = np.array(list(self.places.values()), dtype=float).reshape(-1, 3)
            ends = np.array([(at[u], at[v]) for u, v in self.links], dtype=np.intp)
            crossing = self._home[clearance] = self._touching(
                np.ones(len(self.links), dtype=bool), places[:, :2],
                places[:, 2] + clearance - 1.0 - ROUNDING, ends.reshape(-1, 2))
        return crossing

    def clear(self, G, pos, radius, clearance: float = 0.0) -> dict:
        """Return (source, target) -> `Bend` for the links of G kept here whose bend still
        clears every other node of G.

        A link is kept when both its ends are drawn in ``pos`` where they were, with the
        same ``radius``, and its bend, as drawn from the centres and from the ends'
        borders, keeps ``clearance`` pixels outside every node of G (in ``pos``) it does
        not join, less the pixel its sampled line may take (as `graph.routing` and
        `graph.polylines` check a route) and the tenth its distances are rounded to.
        Only the nodes not drawn here, or drawn elsewhere or larger, are measured: a bend
        that came within a node of its own drawing (a link no route cleared) is never
        kept.

        Notes
        -----
        O(n + b) for n nodes of G and b bends, plus O(s log k) for the s samples of the
        links kept and the k nodes measured, and the (node, sample) pairs close along x
        (`graph.curves._intruders`): about 2 ms for data/us's web views.
        """
        places = self.places
        drawn = dict(zip(G, _radii(list(G), radius).tolist()))
        moved = []
        for n in G:
            if n in pos:
                x, y = pos[n]
                old = places.get(n)
                if old is None or old[0] != x or old[1] != y or old[2] < drawn[n]:
                    moved.append(n)
        changed = set(moved)
        rows = np.zeros(len(self.links), dtype=bool)
        for j, (u, v) in enumerate(self.links):
            rows[j] = (u not in changed and v not in changed and u in pos and v in pos
                       and G.has_edge(u, v) and drawn[u] == places[u][2]
                       and drawn[v] == places[v][2])
        if not rows.any():
            return {}
        rows &= ~self._crossing(clearance)
        points = np.array([pos[n] for n in moved], dtype=float).reshape(-1, 2)
        room = np.array([drawn[n] for n in moved]) + clearance - 1.0 - ROUNDING
        rows &= ~self._touching(rows, points, room)
        return {self.links[j]: self.bends[j] for j in np.flatnonzero(rows).tolist()}

