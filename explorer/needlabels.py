"""Need labels: the lines, font and side of each need's label, as wide as its room allows.

A need's label is drawn by its star: under it, or above it for every other need of a row
(the hierarchy), so that a row's labels take twice the room. Cytoscape can only break a
word anywhere (and then drops the spaces: "Healthan dWellBei ng"), so the lines are chosen
here, on the server. Each label starts as narrow as the closest pair of needs allows; then,
one need at a time, it takes the lines that meet the fewest other needs' stars and labels,
then hyphenate the fewest words, then make the most compact box. A word that still does
not fit is hyphenated where an English dictionary allows ("Trans-portation", not
"Transpo-rtation").

Examples
--------
>>> els = [{"data": {"id": n, "tier": "need", "label": label}, "position": {"x": x, "y": 0.0}}
...        for n, label, x in (("a", "Family", 0.0), ("b", "Home and Shelter", 150.0),
...                            ("c", "Leisure", 300.0))]
>>> [(e["data"]["lines"], e["data"].get("above", False)) for e in label_needs(els, 1.0)]
[('Family', False), ('Home\\nand\\nShelter', True), ('Leisure', False)]
"""

from __future__ import annotations

import functools

import numpy as np
import pyphen

from explorer.stylesheet import node_radius

__all__ = ["CHAR_WIDTH", "LINE_HEIGHT", "NEED_FONT", "broken_label", "box_at", "label_box",
           "label_needs"]

#: Font size of need labels (pixels at zoom 1) per unit of the drawing's scale: 10 to 12
#: pixels on screen once the drawing (labels included) is fitted to the graph area of a
#: 1440x900 window.
NEED_FONT = 19
#: Average width of a character of a bold label, in font sizes (for breaking need labels).
CHAR_WIDTH = 0.68
#: Height of a line of a label, in font sizes.
LINE_HEIGHT = 1.25
#: Room between a star and its label (the stylesheet's ``text-margin-y``), in pixels.
MARGIN = 4
#: Fewest characters a line of a need label is given (narrower would chop every word).
LEAST_CHARS = 6
#: Least letters a hyphenated word leaves on either line.
HYPHEN_LETTERS = 3


@functools.lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US", left=HYPHEN_LETTERS, right=HYPHEN_LETTERS)


def _split(word: str, chars: int) -> tuple[str, str]:
    """Return the first line (with its hyphen) and the rest of a word too long for a line:
    at the last dictionary break that fits, else at ``chars - 1`` letters."""
    found = _dictionary().wrap(word, chars)
    if found:
        return found
    cut = max(min(chars - 1, len(word) - HYPHEN_LETTERS), 2)
    return word[:cut] + "-", word[cut:]


def broken_label(label: str, chars: int, slack: int = 3) -> str:
    r"""Return ``label`` broken into lines of at most ``chars`` characters, at spaces, and
    with a hyphen inside a word longer than a line (at a dictionary break where one fits).

    A word at most ``slack`` characters longer than a line is kept whole (it overflows a
    little rather than leave two letters on a line of their own); a hyphenated word leaves
    at least `HYPHEN_LETTERS` letters on each line.

    Examples
    --------
    >>> broken_label("Health and Well Being", 10)
    'Health and\nWell Being'
    >>> broken_label("Transportation and Mobility", 8)
    'Trans-\nportation\nand\nMobility'
    >>> broken_label("Learning", 7), broken_label("Work/Career", 7)
    ('Learning', 'Work/\nCareer')
    >>> broken_label("Learning", 6, slack=0)  # needs side by side in a row: no overflow
    'Learn-\ning'
    """
    chars = max(int(chars), 3)
    lines: list[str] = []
    for word in label.split():
        cut = word.find("/") + 1
        if len(word) > chars and 0 < cut <= chars:  # "Work/Career": break after the slash
            lines.append(word[:cut])
            word = word[cut:]
        while len(word) > chars + slack:  # a word much longer than a line: hyphenate
            first, word = _split(word, chars)
            lines.append(first)
        if lines and not lines[-1].endswith(("-", "/")) and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def label_box(el: dict) -> tuple[float, float, float, float]:
    """Return the box (x1, y1, x2, y2) of a need's label as `label_needs` set it: its lines,
    font and side (``above``) in the element's data.

    Examples
    --------
    >>> el = {"data": {"id": "a", "tier": "need", "font": 10, "wrap": 40, "lines": "Ab\\nCd",
    ...                "size": 20}, "position": {"x": 0, "y": 0}}
    >>> label_box(el)
    (-20.0, 15.0, 20.0, 40.0)
    """
    data = el["data"]
    lines = str(data.get("lines", "")).count("\n") + 1
    return box_at(el["position"]["x"], el["position"]["y"], node_radius(data), data["wrap"],
                lines * LINE_HEIGHT * data["font"], bool(data.get("above")))


def box_at(x, y, radius, width, height, above=False) -> tuple[float, float, float, float]:
    """Return the box (x1, y1, x2, y2) of a label ``width`` x ``height`` drawn under (or
    ``above``) a node of ``radius`` at (x, y), `MARGIN` from its border.

    Examples
    --------
    >>> box_at(0, 0, 10, 40, 20), box_at(0, 0, 10, 40, 20, above=True)
    ((-20.0, 14, 20.0, 34), (-20.0, -34, 20.0, -14))
    """
    if above:
        return (x - width / 2, y - radius - MARGIN - height, x + width / 2, y - radius - MARGIN)
    return (x - width / 2, y + radius + MARGIN, x + width / 2, y + radius + MARGIN + height)


def _met(box, boxes: np.ndarray) -> int:
    """Return how many of ``boxes`` (n x 4) ``box`` overlaps."""
    return int(np.count_nonzero((box[0] < boxes[:, 2]) & (boxes[:, 0] < box[2])
                                & (box[1] < boxes[:, 3]) & (boxes[:, 1] < box[3])))


@functools.lru_cache(maxsize=4096)
def _lines(label: str, chars: int) -> tuple[str, float, int]:
    """Return the lines of ``label`` at ``chars`` a line, their width in characters and the
    words hyphenated.

    Cached (bounded): every view tries the same few need labels at the same widths, a
    few hundred pairs in all.
    """
    text = broken_label(label, chars, slack=0)
    rows = text.split("\n")
    return text, max(len(r) for r in rows), sum(r.endswith("-") for r in rows)


def label_needs(elements: list[dict], scale: float) -> list[dict]:
    """Return the elements with each need's label set: ``font``, ``size`` (the star's
    diameter), ``wrap`` (the label's width), ``lines`` and, when drawn above its star,
    ``above``. Changed in place and returned.

    Needs in one row (all at one height) put every other label above; elsewhere labels go
    under their stars. Every label starts as narrow as the closest two needs whose labels
    share a side allow; then each need in turn takes the narrowest width that keeps its
    words whole (or, failing that, the widest that hyphenates fewer of them), when that
    label meets no other need's star or label.

    Notes
    -----
    Each need tries at most one width per character of its label against every node's box:
    O(needs x label length x nodes), vectorised over the nodes (a few milliseconds for a
    view of 1,000 elements).

    See Also
    --------
    label_box : the box a label set here is drawn in.
    explorer.elements.mark_major_labels : other nodes' labels, chosen clear of these.
    """
    needs = [el for el in elements
             if "position" in el and el["data"].get("tier") == "need" and not el["data"].get("group")]
    if not needs:
        return elements
    at = [(el["position"]["x"], el["position"]["y"]) for el in needs]
    row = len(needs) > 1 and all(abs(y - at[0][1]) < 1.0 for _, y in at)
    above = {}
    if row:
        for i, k in enumerate(sorted(range(len(needs)), key=lambda k: at[k][0])):
            above[k] = i % 2 == 1
    # A label is narrower than the room beside (or under) the nearest need on its side: two
    # labels can only meet when their needs are close both across and down.
    def room(same_side: bool) -> float:
        return min((max(abs(p[0] - q[0]), 1.15 * abs(p[1] - q[1]))
                    for i, p in enumerate(at) for j, q in enumerate(at[:i])
                    if not same_side or above.get(i, False) == above.get(j, False)),
                   default=1000.0)

    # Needs in a row have no need below them: their labels may take more lines, so a larger
    # font fits the same width. The font is set by the nearest need on either side, the
    # width by the nearest whose label is on the same side.
    per_line = 3.8 if row else 4.5  # the width of a label, in font sizes, at least
    font = round(min(NEED_FONT * scale, min(160 * scale, 0.95 * room(False)) / per_line))
    wrap = min(160 * scale, 0.95 * room(True))
    for k, el in enumerate(needs):
        data = el["data"]
        data["font"] = font
        data["size"] = round(36 * min(scale, 4.0))
        data["lines"] = broken_label(str(data.get("label", "")), int(wrap / (CHAR_WIDTH * font)),
                                     slack=0)
        data["wrap"] = round(wrap)
        if above.get(k):
            data["above"] = True
    _widen(needs, font)
    return elements


def _disc(el) -> tuple[float, float, float, float]:
    x, y, r = el["position"]["x"], el["position"]["y"], node_radius(el["data"])
    return (x - r, y - r, x + r, y + r)


def _widen(needs, font) -> None:
    """Choose each need's lines (see `label_needs`): clear of everything first, then with
    the fewest hyphens, then the most compact."""
    stars = [_disc(el) for el in needs]
    boxes = [label_box(el) for el in needs]
    for k, el in enumerate(needs):
        data = el["data"]
        label = str(data.get("label", ""))
        blockers = np.array(stars[:k] + stars[k + 1:] + boxes[:k] + boxes[k + 1:],
                            dtype=float).reshape(-1, 4)
        x, y, radius = el["position"]["x"], el["position"]["y"], node_radius(data)
        now = str(data["lines"])
        best = (_met(boxes[k], blockers), now.count("-\n"), max(boxes[k][2] - boxes[k][0],
                                                                  boxes[k][3] - boxes[k][1]))
        for chars in range(LEAST_CHARS, len(label) + 1):
            text, width, hyphens = _lines(label, chars)
            w, h = width * CHAR_WIDTH * font, (text.count("\n") + 1) * LINE_HEIGHT * font
            box = box_at(x, y, radius, w, h, bool(data.get("above")))
            key = (_met(box, blockers), hyphens, max(w, h))
            if key < best:
                best = key
                data["lines"], data["wrap"] = text, round(w)
                boxes[k] = box
