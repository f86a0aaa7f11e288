"""The explore loop in a real browser: the selection set apart, the refit after a resize,
a breadcrumb without repeats, and the bundled data's first view drawn whole."""

from __future__ import annotations

import pytest

from graph.resolve import label
from graph.schema import NEEDS
from tests.browser.conftest import CY

pytestmark = pytest.mark.browser

#: Need ids -> labels (the filter's checkboxes).
NEED_LABELS = {n.id: n.label for n in NEEDS}

#: Opacity of what is not part of the selection's neighbourhood, at most.
FADED_MAX = 0.25

#: Each drawn element as a user sees it: its classes and opacity, each node's smallest
#: label size, and where it is drawn on the page. An element set apart is drawn by the
#: selection's lens (window.__wowHighlight.lens(), over the graph): its copy there is
#: what shows; any other is seen through the lens's veil, its opacity times what the veil
#: lets through.
LOOK = f"""() => {{
  const cy = {CY};
  const lens = window.__wowHighlight.lens();
  const box = lens && lens.container();  // the lens's own box, veil and all
  const on = Boolean(box) && box.classList.contains('on') &&
      getComputedStyle(box).visibility === 'visible';
  let through = 1;
  if (on) {{
    const rgba = getComputedStyle(box).backgroundColor.match(/[0-9.]+/g).map(Number);
    through = 1 - (rgba.length > 3 ? rgba[3] : 1);
  }}
  const at = (e) => {{
    const p = e.isNode() ? e.renderedPosition() : e.renderedMidpoint();
    return [p.x, p.y];
  }};
  return cy.elements().not('.ring').map(e => {{
    const copy = on ? lens.getElementById(e.id()) : null;
    const shown = copy && copy.nonempty() ? copy : e;
    return {{
      id: e.id(), node: e.isNode(), classes: shown.classes(), inLens: shown !== e,
      opacity: shown === e ? e.numericStyle('opacity') * through : copy.numericStyle('opacity'),
      minFont: e.isNode() ? shown.numericStyle('min-zoomed-font-size') : null,
      at: at(e), lensAt: shown === e ? null : at(copy),
      ends: e.isEdge() ? [e.source().id(), e.target().id()] : null}};
  }});
}}"""


def look(explorer) -> dict:
    """Return id -> {node, classes, inLens, opacity, minFont, at, lensAt, ends} of the
    drawn elements, as seen (see `LOOK`)."""
    return {e["id"]: e for e in explorer.page.evaluate(LOOK)}


def neighbourhood(elements: dict, node: str) -> tuple[set, set]:
    """Return (the neighbours' ids, the links' ids) of ``node`` among drawn elements."""
    links = {i for i, e in elements.items() if not e["node"] and node in e["ends"]}
    near = {end for i in links for end in elements[i]["ends"]} - {node}
    return near, links


def assert_drawn_in_place(elements: dict, ids) -> None:
    """The lens draws each of ``ids`` in full, exactly over the element it copies."""
    for i in ids:
        e = elements[i]
        assert e["inLens"] and e["opacity"] == 1, i
        # within a pixel (a link's midpoint is computed by each drawing for itself)
        assert max(abs(a - b) for a, b in zip(e["lensAt"], e["at"])) <= 1, (i, e["lensAt"], e["at"])


def assert_set_apart(elements: dict, node: str) -> None:
    """The node, its links and neighbours are drawn in full, where they are in the graph
    (neighbours labelled at any zoom), and every other element is faded."""
    near, links = neighbourhood(elements, node)
    assert near and links, f"{node} has no drawn neighbour"
    assert "selected-node" in elements[node]["classes"]
    assert_drawn_in_place(elements, near | links | {node})
    for i in near:
        assert "neighbour" in elements[i]["classes"] and elements[i]["minFont"] == 0, i
    for i in links:
        assert "near-link" in elements[i]["classes"], i
    rest = set(elements) - near - links - {node}
    assert rest, "nothing else is drawn"
    for i in rest:
        assert not elements[i]["inLens"], i
        assert elements[i]["opacity"] <= FADED_MAX, (i, elements[i]["opacity"])


def assert_nothing_faded(elements: dict) -> None:
    """No element is faded or set apart."""
    marked = {i for i, e in elements.items()
              if e["inLens"] or {"neighbour", "near-link", "selected-node"} & set(e["classes"])}
    assert marked == set()
    assert min(e["opacity"] for e in elements.values()) >= 0.8  # links are drawn at 0.8


#: True when nothing is set apart.
CLEARED = "() => window.__wowHighlight.selected() === null"


def wait_highlight(explorer, node: str) -> None:
    """Wait until ``node`` is set apart (and the page is idle)."""
    explorer.page.wait_for_function(
        "(id) => window.__wowHighlight.selected() === id && "
        "window.__wowHighlight.lens().getElementById(id).hasClass('selected-node')", arg=node)
    explorer.wait_idle()


def test_a_clicked_node_is_set_apart_and_escape_clears_it(explorer, bundled_graph):
    explorer.open()
    explorer.click_node("physician")
    explorer.wait_details(label(bundled_graph, "physician"))
    wait_highlight(explorer, "physician")
    assert_set_apart(look(explorer), "physician")
    explorer.page.locator("#graph-wrap").focus()
    explorer.page.keyboard.press("Escape")
    explorer.page.wait_for_function(CLEARED)
    assert_nothing_faded(look(explorer))
    # The same node clicked again is set apart again.
    explorer.click_node("physician")
    wait_highlight(explorer, "physician")
    assert_set_apart(look(explorer), "physician")


def test_the_highlight_follows_zoom_pan_and_resize_and_lets_clicks_through(explorer,
                                                                          bundled_graph):
    # The part set apart is drawn over the graph: it must stay exactly over what it
    # copies whatever the user does to the view, and never catch a click.
    explorer.open()
    explorer.click_node("physician")
    wait_highlight(explorer, "physician")
    box = explorer.page.locator("#graph").bounding_box()
    explorer.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    explorer.page.mouse.wheel(0, -400)  # zoom in at the pointer
    explorer.page.mouse.down()
    explorer.page.mouse.move(box["x"] + box["width"] / 2 - 80, box["y"] + box["height"] / 2 + 40,
                             steps=8)
    explorer.page.mouse.up()
    explorer.page.wait_for_timeout(300)
    assert_set_apart(look(explorer), "physician")
    width = explorer.page.evaluate(f"() => {CY}.width()")
    explorer.page.set_viewport_size({"width": 1100, "height": 700})
    explorer.page.wait_for_function(f"(w) => {CY}.width() !== w", arg=width)
    explorer.page.wait_for_timeout(400)
    assert_set_apart(look(explorer), "physician")
    # A neighbour drawn in the lens takes a click like any node.
    explorer.page.locator("button[data-zoom='fit']").click()
    explorer.page.wait_for_function(f"() => !{CY}.animated()")
    assert_set_apart(look(explorer), "physician")
    near, _ = neighbourhood(look(explorer), "physician")
    other = sorted(near)[0]
    explorer.click_node(other)
    explorer.wait_details(label(bundled_graph, other))
    wait_highlight(explorer, other)
    assert_set_apart(look(explorer), other)


def test_the_highlight_is_drawn_again_after_a_filter_change(explorer):
    # Unticking a need redraws the graph: the lens shows the selection as it is now
    # drawn, without the links to the need that went.
    explorer.open("?node=physician")
    wait_highlight(explorer, "physician")
    before, _ = neighbourhood(look(explorer), "physician")
    need = next(n for n in sorted(before) if n in NEED_LABELS)
    explorer.page.locator("#need-picker label").filter(has_text=NEED_LABELS[need]).click()
    explorer.page.wait_for_function(f"(id) => {CY}.getElementById(id).empty()", arg=need)
    explorer.wait_idle()
    elements = look(explorer)
    assert need not in elements
    assert_set_apart(elements, "physician")
    assert need not in neighbourhood(elements, "physician")[0]


def test_a_click_on_the_background_clears_the_highlight(explorer):
    explorer.open("?node=electrician")
    wait_highlight(explorer, "electrician")
    assert_set_apart(look(explorer), "electrician")
    explorer.page.locator("button[data-zoom='fit']").click()  # the corners are margin
    explorer.page.wait_for_function(f"() => !{CY}.animated()")
    box = explorer.page.locator("#graph").bounding_box()
    spot = (box["x"] + 6, box["y"] + 6)
    assert explorer.page.evaluate(f"""([x, y]) => {CY}.elements().every(e => {{
      const b = e.renderedBoundingBox(); return x < b.x1 || x > b.x2 || y < b.y1 || y > b.y2; }})""",
        [6, 6])
    explorer.page.mouse.click(*spot)
    explorer.page.wait_for_function(CLEARED)
    assert_nothing_faded(look(explorer))


#: Page points inside a need's circle where Cytoscape's own hit test (the one a tap uses)
#: finds something else than the need: the notches of its star. Zoomed in on the need.
NOTCHES = f"""(id) => {{
  const cy = {CY};
  const need = cy.getElementById(id);
  cy.zoom(80 / need.width()); cy.center(need);  // drawn 80 px wide, in the middle
  const el = document.getElementById('graph'), box = el.getBoundingClientRect();
  const c = need.position(), r = need.width() / 2, out = [];
  for (let a = 0; a < 360; a += 5) {{
    const x = c.x + 0.8 * r * Math.cos(a * Math.PI / 180);
    const y = c.y + 0.8 * r * Math.sin(a * Math.PI / 180);
    const hit = cy.renderer().findNearestElement(x, y, true, false);
    if (!hit || hit.id() !== id) {{
      const p = [box.left + x * cy.zoom() + cy.pan().x, box.top + y * cy.zoom() + cy.pan().y];
      if (el.contains(document.elementFromPoint(p[0], p[1])))
        out.push([p[0], p[1], hit ? hit.id() : null]);
    }}
  }}
  return out;
}}"""


def test_a_click_inside_a_stars_circle_opens_that_need(explorer, bundled_graph):
    # A star leaves notches between its points: a click there, where the background or
    # a link is under the pointer, still means the need.
    explorer.open()
    need = "home-and-shelter"
    notches = explorer.page.evaluate(NOTCHES, need)
    assert notches, "the star has no notch where the hit test misses it"
    x, y, under = notches[len(notches) // 2]
    explorer.page.mouse.click(x, y)
    explorer.wait_details(label(bundled_graph, need))
    wait_highlight(explorer, need)


def test_tapping_node_after_node_never_moves_the_graph_in(explorer, bundled_graph):
    # Each tap lengthens the breadcrumb; when it wraps onto a second line the graph's box
    # shrinks. The tapped node must not then be "brought into view" as if it had been
    # chosen elsewhere (a zoom to it), nor the view refitted under the pointer.
    explorer.open()
    needs = [n for n, d in bundled_graph.nodes(data=True) if d.get("tier") == "need"][:8]
    for need in needs:
        explorer.page.wait_for_function(f"() => !{CY}.animated()")
        before = explorer.page.evaluate(f"() => {CY}.zoom()")
        explorer.click_node(need)
        explorer.wait_details(label(bundled_graph, need))
        explorer.wait_idle()
        explorer.page.wait_for_timeout(700)  # past any reveal the app would schedule
        after = explorer.page.evaluate(f"() => {CY}.zoom()")
        assert after <= before * 1.05, f"tapping {need} zoomed the graph from {before} to {after}"


def test_moving_the_selection_sets_apart_only_the_new_node(explorer, bundled_graph):
    explorer.open()
    explorer.click_node("electrician")
    wait_highlight(explorer, "electrician")
    explorer.click_node("physician")
    explorer.wait_details(label(bundled_graph, "physician"))
    wait_highlight(explorer, "physician")
    elements = look(explorer)
    assert_set_apart(elements, "physician")
    near, links = neighbourhood(elements, "physician")
    stale = {i for i, e in elements.items() if i not in near | links | {"physician"}
             and {"neighbour", "near-link", "selected-node"} & set(e["classes"])}
    assert stale == set()


def test_a_node_chosen_by_search_or_address_is_set_apart(explorer, bundled_graph):
    explorer.open()
    explorer.type_search("Electrici", delay=120)
    explorer.search_options().filter(has_text=label(bundled_graph, "electrician")).first.click()
    explorer.wait_details(label(bundled_graph, "electrician"))
    wait_highlight(explorer, "electrician")
    assert_set_apart(look(explorer), "electrician")


def test_a_path_is_set_apart_the_same_way(explorer, bundled_graph):
    start = "loan-officer"
    end = sorted(bundled_graph.successors(start))[0]
    explorer.open(f"?node={start}&path={end}")
    explorer.page.wait_for_function(
        "(end) => window.__wowHighlight.selected() !== null && "
        "window.__wowHighlight.lens().getElementById(end).hasClass('on-path')", arg=end)
    explorer.wait_idle()
    elements = look(explorer)
    path = {i for i, e in elements.items() if "on-path" in e["classes"]}
    assert {start, end} <= path
    assert_drawn_in_place(elements, path)
    for i in set(elements) - path:
        assert not elements[i]["inLens"] and elements[i]["opacity"] <= FADED_MAX, i


def _outside(explorer) -> list[str]:
    """Return the drawn nodes whose centre lies outside the graph's visible box."""
    return explorer.page.evaluate(f"""() => {{
      const cy = {CY}; const w = cy.width(), h = cy.height();
      return cy.nodes().not('.ring').filter(n => {{ const p = n.renderedPosition();
        return p.x < 0 || p.x > w || p.y < 0 || p.y > h; }}).map(n => n.id());
    }}""")


def test_the_graph_fits_again_after_a_resize(explorer):
    explorer.open()
    explorer.page.wait_for_function(f"() => !{CY}.animated()")
    assert _outside(explorer) == []
    for size in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        before = explorer.page.evaluate(f"() => [{CY}.zoom(), {CY}.width()]")
        explorer.page.set_viewport_size(size)
        explorer.page.wait_for_function(
            f"(before) => {CY}.width() !== before[1] && {CY}.zoom() !== before[0]", arg=before)
        explorer.page.wait_for_timeout(300)
        assert _outside(explorer) == [], size


def test_a_zoomed_in_graph_keeps_what_it_shows_when_resized(explorer):
    # Fitting the whole graph again would throw away where the user had zoomed to.
    explorer.open()
    explorer.page.wait_for_function(f"() => !{CY}.animated()")
    explorer.page.locator("#graph-wrap").focus()
    for _ in range(6):
        explorer.page.keyboard.press("+")
    explorer.page.wait_for_function(f"() => !{CY}.animated()")
    centre = f"""() => {{ const cy = {CY}, z = cy.zoom(), p = cy.pan();
      return [z, (cy.width() / 2 - p.x) / z, (cy.height() / 2 - p.y) / z, cy.height()]; }}"""
    zoom, x, y, height = explorer.page.evaluate(centre)
    size = explorer.page.viewport_size
    explorer.page.set_viewport_size({"width": size["width"], "height": size["height"] - 60})
    explorer.page.wait_for_function(f"(h) => {CY}.height() !== h", arg=height)
    explorer.page.wait_for_timeout(400)
    zoom2, x2, y2, _ = explorer.page.evaluate(centre)
    assert zoom2 == pytest.approx(zoom)
    assert (x2, y2) == (pytest.approx(x, abs=2 / zoom), pytest.approx(y, abs=2 / zoom))


def test_clicking_then_focusing_a_node_does_not_repeat_it_in_the_breadcrumb(explorer,
                                                                            bundled_graph):
    explorer.open()
    name = label(bundled_graph, "physician")
    explorer.click_node("physician")
    explorer.wait_details(name)
    explorer.wait_idle()
    before = explorer.status()
    explorer.page.locator("#details-focus").click()
    explorer.wait_status_change(before)
    crumbs = explorer.page.locator("#breadcrumb button").all_inner_texts()
    assert crumbs == [name]


def test_the_bundled_first_view_draws_every_node_and_link_with_no_notice(explorer,
                                                                        bundled_graph):
    explorer.open()
    nodes, links = explorer.page.evaluate(
        f"() => [{CY}.nodes().not('.ring').length, {CY}.edges().length]")
    assert (nodes, links) == (bundled_graph.number_of_nodes(), 922)
    assert explorer.page.locator("#cap-notice").inner_text().strip() == ""
    assert not explorer.page.locator("#cap-notice").is_visible() or \
        explorer.page.locator("#cap-notice").bounding_box()["height"] < 2
