"""Where the titles of the ring guides go: just outside the ring they name, on no node.

A ring guide is a dashed circle round the origin (class ``ring``, see
`explorer.view.elements`). Its title is a separate element (class ``ring ring-title``)
whose label is centred on its position; `place_ring_titles` puts it as close to the top
of its ring as it can, outside the ring, where its box meets no node and no other title.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from explorer.stylesheet import node_radius

#: Width of a character of a bold title, in font sizes: a generous estimate for the
#: sans-serif fonts browsers use (capitals and wide letters included).
CHAR_WIDTH = 0.62
#: Height of a title's line, in font sizes.
LINE_HEIGHT = 1.3
#: Room kept between a title and its ring or a node, in font sizes.
GAP = 0.3
#: Angle between two places tried for a title, in degrees (either side of the top).
STEP = 2.0
#: Times a title is moved out by its own height when no angle at the ring is free.
OUTWARD_TRIES = 8
#: Places tried at once against every obstacle (in order: the first free one wins).
BATCH = 32


def _directions() -> tuple[tuple[float, float], ...]:
    """Return the unit vectors of the angles a title is tried at, in the order tried: the
    top of the ring, then `STEP` degrees further either side in turn, down to the bottom."""
    turns = int(180 / STEP)
    out = []
    for k in range(turns + 1):
        for sign in ((1,) if k in (0, turns) else (1, -1)):
            angle = math.radians(-90.0 + sign * k * STEP)
            out.append((math.cos(angle), math.sin(angle)))
    return tuple(out)


_DIRECTIONS = _directions()
_UNITS = np.array(_DIRECTIONS)


def title_box(x: float, y: float, text: str, font: float) -> tuple[float, float, float, float]:
    """Return the box (x1, y1, x2, y2) of a title of ``text`` in ``font`` centred on (x, y).

    Examples
    --------
    >>> title_box(0, 0, "abcde", 20)
    (-31.0, -13.0, 31.0, 13.0)
    """
    w, h = CHAR_WIDTH * font * len(text), LINE_HEIGHT * font
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def node_boxes(elements: list[dict]) -> np.ndarray:
    """Return the boxes (n x 4: x1, y1, x2, y2) of the drawn nodes, ring guides aside."""
    boxes = []
    for el in elements:
        if "position" in el and "ring" not in el.get("classes", "").split():
            x, y = el["position"]["x"], el["position"]["y"]
            r = node_radius(el["data"])
            boxes.append((x - r, y - r, x + r, y + r))
    return np.array(boxes, dtype=float).reshape(-1, 4)


def _clear_of(radius: float, half_w: float, half_h: float, ux: float, uy: float) -> float:
    """Return the least distance along (ux, uy) at which a box of that size lies outside ``radius``.

    The box's nearest point to the centre is ``(max(s|ux| - half_w, 0), max(s|uy| - half_h, 0))``
    for a box centred at ``s (ux, uy)``; its length grows with ``s``, so the answer is the
    root of whichever piece holds there: a side (one term zero) or a corner (a quadratic).

    Examples
    --------
    >>> round(_clear_of(100.0, 20.0, 5.0, 0.0, -1.0), 3)  # straight up: its bottom on the circle
    105.0
    >>> round(_clear_of(100.0, 20.0, 5.0, 2 ** -0.5, 2 ** -0.5), 3)  # its corner on the circle
    117.114
    """
    a, b = abs(ux), abs(uy)
    found = []
    if a > 1e-12:  # only the horizontal gap counts
        s = (radius + half_w) / a
        if s * b <= half_h * (1 + 1e-12):
            found.append(s)
    if b > 1e-12:  # only the vertical gap counts
        s = (radius + half_h) / b
        if s * a <= half_w * (1 + 1e-12):
            found.append(s)
    p = a * half_w + b * half_h  # the corner: (s a - half_w)^2 + (s b - half_h)^2 = radius^2
    disc = p * p - (half_w * half_w + half_h * half_h - radius * radius)
    if disc >= 0:
        s = p + math.sqrt(disc)
        if s * a >= half_w * (1 - 1e-12) and s * b >= half_h * (1 - 1e-12):
            found.append(s)
    return min(found) + 1e-6  # just outside, so rounding to 0.1 never puts it inside


def _clear_of_all(radius: float, half_w: float, half_h: float) -> np.ndarray:
    """Return `_clear_of` for each of `_DIRECTIONS`, computed the same way in NumPy (the
    same IEEE operations, so the same numbers).

    Examples
    --------
    >>> all(_clear_of_all(100.0, 20.0, 5.0)[i] == _clear_of(100.0, 20.0, 5.0, ux, uy)
    ...     for i, (ux, uy) in enumerate(_DIRECTIONS))
    True
    """
    a, b = np.abs(_UNITS[:, 0]), np.abs(_UNITS[:, 1])
    found = np.full(len(a), np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (radius + half_w) / a  # only the horizontal gap counts
        found = np.where((a > 1e-12) & (s * b <= half_h * (1 + 1e-12)), np.minimum(found, s), found)
        s = (radius + half_h) / b  # only the vertical gap counts
        found = np.where((b > 1e-12) & (s * a <= half_w * (1 + 1e-12)), np.minimum(found, s), found)
        p = a * half_w + b * half_h  # the corner
        disc = p * p - (half_w * half_w + half_h * half_h - radius * radius)
        s = p + np.sqrt(np.where(disc >= 0, disc, 0.0))
        corner = (disc >= 0) & (s * a >= half_w * (1 - 1e-12)) & (s * b >= half_h * (1 - 1e-12))
        found = np.where(corner, np.minimum(found, s), found)
    return found + 1e-6


def _meet_any(centres: np.ndarray, half_w: float, half_h: float,
              boxes: np.ndarray) -> np.ndarray:
    """Return, for each of ``centres`` (k x 2), whether the box of that half width and
    height centred there overlaps any row of ``boxes`` (n x 4: x1, y1, x2, y2).

    Notes
    -----
    O(k x n), in NumPy: one pass over ``boxes`` keeps those meeting the frame of all the
    places, then each place is checked against them.

    Examples
    --------
    >>> import numpy as np
    >>> _meet_any(np.array([[0.0, 0.0], [50.0, 0.0]]), 5.0, 5.0,
    ...           np.array([[3.0, -1.0, 10.0, 1.0]])).tolist()
    [True, False]
    """
    if not len(boxes):
        return np.zeros(len(centres), dtype=bool)
    x, y = centres[:, :1], centres[:, 1:]
    # Only the boxes meeting the frame of all these places can meet one of them.
    near = ((boxes[:, 0] < x.max() + half_w) & (x.min() - half_w < boxes[:, 2])
            & (boxes[:, 1] < y.max() + half_h) & (y.min() - half_h < boxes[:, 3]))
    boxes = boxes[near]
    return np.any(((x - half_w) < boxes[:, 2]) & (boxes[:, 0] < (x + half_w))
                  & ((y - half_h) < boxes[:, 3]) & (boxes[:, 1] < (y + half_h)), axis=1)


def _corner_spots(extent, half_w: float, half_h: float, gap: float):
    """Yield title centres in the corners of ``extent`` (x1, y1, x2, y2), top ones first,
    then a line further in, and so on: the room a round drawing leaves in its frame."""
    x1, y1, x2, y2 = extent
    rows = max(int((y2 - y1) / 2 / (2 * half_h + gap)), 0)
    for row in range(rows):
        down = row * (2 * half_h + gap)
        for x, y in ((x1 + half_w, y1 + half_h + down), (x2 - half_w, y1 + half_h + down),
                     (x1 + half_w, y2 - half_h - down), (x2 - half_w, y2 - half_h - down)):
            yield round(x, 1), round(y, 1)


def place_title(radius: float, text: str, font: float, obstacles: np.ndarray,
                extent=None, reach: float = 0.0) -> tuple[float, float]:
    """Return where to centre the title of a ring of ``radius``: outside it, on no obstacle.

    Tried in turn, first only where the title stays inside ``extent`` (the drawing's
    box, x1, y1, x2, y2), then anywhere: just outside the ring (and just outside the
    nodes on it, which reach ``reach`` past its circle), at its top, then `STEP` degrees
    further either side in turn; the corners of ``extent``, where a round drawing leaves
    room. Last, further out from the ring, a title height at a time.
    The answer depends only on the arguments.

    Notes
    -----
    At most 180 angles per try, checked `BATCH` at a time against every obstacle with
    NumPy: O(angles x obstacles) per try, in a few NumPy passes.

    Examples
    --------
    >>> import numpy as np
    >>> place_title(100.0, "Jobs", 10.0, np.empty((0, 4)))
    (0.0, -109.5)
    >>> x, y = place_title(100.0, "Jobs", 10.0, np.array([[-20.0, -140.0, 20.0, -100.0]]))
    >>> x != 0.0 and (x * x + y * y) ** 0.5 > 100
    True
    """
    _, _, half_w, half_h = title_box(0.0, 0.0, text, font)
    gap = GAP * font
    grown = obstacles + np.array([-gap, -gap, gap, gap]) if len(obstacles) else obstacles

    def around(*rings):
        # each ring's distances for every angle at once, then the places angle by angle
        xs, ys = zip(*(((_UNITS[:, 0] * s + 0.0).tolist(), (_UNITS[:, 1] * s + 0.0).tolist())
                       for s in (_clear_of_all(ring, half_w, half_h) for ring in rings)))
        for i in range(len(_DIRECTIONS)):
            for x, y in zip(xs, ys):
                yield round(x[i], 1), round(y[i], 1)

    def within(x, y):  # a title inside the drawing's frame does not make it smaller
        return extent is None or (extent[0] <= x - half_w and x + half_w <= extent[2]
                                  and extent[1] <= y - half_h and y + half_h <= extent[3])

    near_spots, made = [], around(radius + gap, radius + reach + 2 * gap)

    def near():  # the spots just outside the ring, made once and replayed
        yield from near_spots
        for spot in made:
            near_spots.append(spot)
            yield spot

    corners = _corner_spots(extent, half_w, half_h, gap) if extent is not None else ()
    framed = ((x, y) for x, y in itertools.chain(near(), corners) if within(x, y))
    further = (spot for out in range(1, OUTWARD_TRIES + 1)
               for spot in around(radius + gap + out * 2 * half_h))
    spots = itertools.chain(framed, near(), further)
    while True:  # the first free spot, tried a batch at a time against every obstacle
        batch = list(itertools.islice(spots, BATCH))
        if not batch:
            break
        for i in np.flatnonzero(~_meet_any(np.array(batch), half_w, half_h, grown)):
            x, y = batch[i]
            if math.hypot(max(abs(x) - half_w, 0.0), max(abs(y) - half_h, 0.0)) >= radius + gap:
                return (x, y)
    s = _clear_of(radius + gap + (OUTWARD_TRIES + 1) * 2 * half_h, half_w, half_h, 0.0, -1.0)
    return (0.0, round(-s, 1))


def place_ring_titles(guides: list[dict], elements: list[dict]) -> list[dict]:
    """Return one title element per ring guide, placed by `place_title` clear of ``elements``.

    Each title avoids the drawn nodes of ``elements`` and the titles placed before it (in
    the order of ``guides``). A title is class ``ring ring-title``, id
    ``ring-title:<ring>``, with the guide's ``label`` and ``font``; it takes no events.

    Examples
    --------
    >>> guide = {"data": {"id": "ring:job", "label": "Jobs", "diameter": 200.0, "font": 10}}
    >>> place_ring_titles([guide], [])[0]["position"]
    {'x': 0.0, 'y': -109.5}
    """
    obstacles = node_boxes(elements)
    outer = max([g["data"]["diameter"] / 2 for g in guides] or [0.0])
    extent, reach = None, 0.0
    if len(obstacles):
        extent = (min(obstacles[:, 0].min(), -outer), min(obstacles[:, 1].min(), -outer),
                  max(obstacles[:, 2].max(), outer), max(obstacles[:, 3].max(), outer))
        reach = float(np.max(obstacles[:, 2] - obstacles[:, 0]) / 2)
    titles = []
    for guide in guides:
        data = guide["data"]
        text, font = data["label"], data["font"]
        x, y = place_title(data["diameter"] / 2, text, font, obstacles, extent, reach)
        box = title_box(x, y, text, font)
        obstacles = np.vstack([obstacles, box])
        if extent is not None:  # the frame now holds this title: its corners are room too
            extent = (min(extent[0], box[0]), min(extent[1], box[1]),
                      max(extent[2], box[2]), max(extent[3], box[3]))
        ring_id = data["id"].split(":", 1)[1]
        titles.append({"data": {"id": f"ring-title:{ring_id}", "label": text, "font": font,
                                "diameter": 0},
                       "position": {"x": x, "y": y}, "classes": "ring ring-title",
                       "selectable": False, "grabbable": False, "locked": True})
    return titles
