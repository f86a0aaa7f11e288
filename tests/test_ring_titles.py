"""Ring titles sit outside the ring they name and over no node, on the bundled and US data.

A title's box is estimated from its font size and text length (`explorer.ringtitles`
CHAR_WIDTH, LINE_HEIGHT) and scaled to the screen at the zoom that fits the drawing to the
graph area (`explorer.elements.fitted_zoom`), as is every node's box: at that zoom no
title may cover any part of a node, nor reach inside the circle of its ring.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from explorer.context import Context
from explorer.elements import fitted_zoom
from explorer.ringtitles import title_box
from explorer.settings import resolve
from explorer.state import DEFAULT
from explorer.stylesheet import node_radius
from explorer.view import elements, visible_graph
from graph.build import load_graph

REPO = Path(__file__).resolve().parents[1]
DATA = {"bundled": (REPO / "data", "electrician"),
        "us": (REPO / "data" / "us", "electricians-47-2111")}


@pytest.fixture(scope="module", params=sorted(DATA))
def dataset(request):
    folder, focus = DATA[request.param]
    if not (folder / "nodes.csv").is_file():
        pytest.fail(f"missing data folder: {folder}")
    return Context.build(load_graph(folder), resolve({"data": folder}, environ={})), focus


def drawn(ctx, state) -> list[dict]:
    return elements(visible_graph(ctx, state), "web")


def screen_boxes(els):
    """Return (zoom, titles, nodes, guides): boxes in screen pixels at the fitted zoom."""
    z = fitted_zoom(els)
    titles, nodes, guides = [], [], {}
    for el in els:
        if "position" not in el:
            continue
        data, classes = el["data"], el.get("classes", "").split()
        x, y = el["position"]["x"], el["position"]["y"]
        if "ring-title" in classes:
            box = title_box(x, y, data["label"], data["font"])
            titles.append((data["id"], tuple(v * z for v in box)))
        elif "ring" in classes:
            guides[data["id"].split(":", 1)[1]] = data["diameter"] / 2 * z
        else:
            r = node_radius(data)
            nodes.append((data["id"], ((x - r) * z, (y - r) * z, (x + r) * z, (y + r) * z)))
    return z, titles, nodes, guides


def meets(p, q) -> bool:
    return p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]


def nearest_to_origin(box) -> float:
    dx = max(box[0], -box[2], 0.0)
    dy = max(box[1], -box[3], 0.0)
    return math.hypot(dx, dy)


@pytest.mark.parametrize("view", ["default", "focus"])
def test_each_ring_title_lies_outside_its_ring_and_over_no_node(dataset, view):
    ctx, focus = dataset
    state = DEFAULT if view == "default" else DEFAULT.replace(focus=focus)
    els = drawn(ctx, state)
    _, titles, nodes, guides = screen_boxes(els)
    if view == "default":
        assert titles, "the default web view titles its rings"
    assert {t.split(":", 1)[1] for t, _ in titles} == set(guides)  # one title per guide
    covered = [(t, n) for t, box in titles for n, nbox in nodes if meets(box, nbox)]
    assert covered == []
    for t, box in titles:
        assert nearest_to_origin(box) >= guides[t.split(":", 1)[1]], t
    assert not any(meets(a, b) for i, (_, a) in enumerate(titles) for _, b in titles[:i])


def test_titles_are_placed_the_same_way_every_time(dataset):
    ctx, focus = dataset
    state = DEFAULT.replace(focus=focus)
    first = [e["position"] for e in drawn(ctx, state) if "ring-title" in e.get("classes", "")]
    again = [e["position"] for e in drawn(ctx, state) if "ring-title" in e.get("classes", "")]
    assert first == again
