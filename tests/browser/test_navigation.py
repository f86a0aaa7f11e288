"""Moving around in a real browser: history, focus and depth, path, layouts, cap, small screens."""

from __future__ import annotations

import re

import pytest

from graph.cache import structural
from graph.resolve import label
from tests.browser.conftest import jobs_under_one_profession

pytestmark = pytest.mark.browser


def _positions(explorer) -> dict:
    """Return the model positions of the drawn data nodes."""
    return explorer.page.evaluate(
        "() => Object.fromEntries(document.getElementById('graph')._cyreg.cy.nodes()"
        ".filter(n => !n.hasClass('ring')).map(n => [n.id(), [n.position('x'), n.position('y')]]))")


def test_back_forward_breadcrumb_and_reset(explorer, bundled_graph):
    explorer.open("?needs=family")
    first_status = explorer.status()
    a, b = "family", next(n for n in explorer.node_ids()
                          if bundled_graph.nodes[n]["tier"] == "profession")
    explorer.click_node(a)
    explorer.wait_details(label(bundled_graph, a))
    explorer.click_node(b)
    explorer.wait_details(label(bundled_graph, b))
    crumbs = explorer.page.locator("#breadcrumb button").all_inner_texts()
    assert crumbs[-2:] == [label(bundled_graph, a), label(bundled_graph, b)]
    explorer.page.locator("#back").click()
    explorer.wait_details(label(bundled_graph, a))
    explorer.page.locator("#forward").click()
    explorer.wait_details(label(bundled_graph, b))
    explorer.page.locator("#breadcrumb button").filter(
        has_text=label(bundled_graph, a)).first.click()
    explorer.wait_details(label(bundled_graph, a))
    explorer.page.locator("#reset").click()
    explorer.page.wait_for_function(
        "() => !document.querySelector('#details .details-title')")
    explorer.wait_idle()
    assert explorer.status() != first_status  # back to every need
    assert len(explorer.checked("need-picker")) == 12
    assert explorer.page.locator("#back").is_disabled()


def test_focus_and_depth(explorer, bundled_graph):
    node = "registered-nurse" if "registered-nurse" in bundled_graph else next(
        n for n, t in bundled_graph.nodes(data="tier") if t == "profession")
    explorer.open(f"?node={node}")
    explorer.wait_details(label(bundled_graph, node))
    before = explorer.status()
    explorer.page.locator("#details-focus").click()
    explorer.wait_status_change(before)
    assert f"around {label(bundled_graph, node)} (depth 1)" in explorer.status()
    depth1 = set(explorer.node_ids())
    linked = structural(bundled_graph)  # related professions (lateral links) are not drawn
    assert depth1 == {node, *linked.successors(node), *linked.predecessors(node)}
    before = explorer.status()
    explorer.page.locator("#depth label").filter(has_text="2").click()
    explorer.wait_status_change(before)
    assert "(depth 2)" in explorer.status()
    assert "depth=2" in explorer.page.url
    assert set(explorer.node_ids()) > depth1


def test_path_to_another_node(explorer, bundled_graph):
    explorer.open("?node=loan-officer")
    explorer.wait_details("Loan officer")
    explorer.type_search("chef", delay=100, name="Path to")
    explorer.search_options("Path to").filter(has_text="Chef").first.click()
    explorer.page.wait_for_function(
        "() => document.querySelector('#details .path-result')")
    explorer.wait_idle()
    text = explorer.page.locator("#details .path-result").inner_text()
    assert "Path to Chef" in text and "Loan officer" in text
    on_path = explorer.page.evaluate(
        "() => document.getElementById('graph')._cyreg.cy.nodes('.on-path').map(n => n.id())")
    assert "loan-officer" in on_path and "chef" in on_path


def test_layouts_move_the_nodes_and_live_in_the_url(explorer):
    explorer.open("?needs=learning")
    seen = [_positions(explorer)]
    for layout in ("hierarchy", "force", "circle"):
        explorer.page.locator("#layout-picker label").filter(
            has_text=layout.capitalize()).first.click()
        explorer.page.wait_for_function("(l) => location.search.includes('layout=' + l)",
                                        arg=layout)
        explorer.wait_idle()
        moved = _positions(explorer)
        assert set(moved) == set(seen[0]), layout
        assert all(moved != before for before in seen), layout
        assert len({tuple(p) for p in moved.values()}) == len(moved), layout  # no overlaps
        seen.append(moved)


#: Jobs under one profession: beyond what is drawn whole (1.3 times the cap of 1,000).
OVER_CAP_JOBS = 700


@pytest.fixture(scope="module")
def over_cap_url(dataset_server) -> str:
    """Serve a dataset whose default view is folded: many jobs under one profession."""
    return dataset_server(*jobs_under_one_profession(OVER_CAP_JOBS)).url


def test_the_element_cap_is_kept_and_said_in_one_line(explorer_at, over_cap_url):
    explorer = explorer_at(over_cap_url).open()
    sent = explorer.page.evaluate(
        "() => document.getElementById('graph')._cyreg.cy.elements()"
        ".filter(e => !e.hasClass('ring')).length")
    assert sent <= 1000
    notice = explorer.page.locator("#cap-notice")
    line = notice.locator("summary").inner_text()
    assert "\n" not in line.strip() and "folded" in line and "more" in line
    assert notice.locator("summary").bounding_box()["height"] < 40  # one line
    assert "1,000" not in notice.inner_text()  # the explanation waits behind "more"
    graph = explorer.page.locator("#graph-wrap").bounding_box()
    notice.locator("summary").click()
    assert "1,000" in notice.inner_text() and "click a group" in notice.inner_text()
    assert explorer.page.locator("#graph-wrap").bounding_box() == graph  # over the graph
    assert notice.get_by_role("button", name="+").count() >= 1  # "Show more of" stays
    before = explorer.status()
    notice.get_by_role("button", name=re.compile(r"^Hide .*jobs$", re.I)).click()  # narrow
    explorer.wait_status_change(before)
    assert not explorer.page.locator("#tier-toggles input[value='job']").is_checked()
    assert "tiers=" in explorer.page.evaluate("() => window.location.search")
    assert explorer.shown_counts() == (13, 13 + OVER_CAP_JOBS)
    assert notice.inner_text().strip() == ""


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_page_fits_the_screen(page, live_server, console, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/?needs=leisure")
    page.wait_for_function(
        "() => { const el = document.getElementById('graph');"
        " return el && el._cyreg && el._cyreg.cy.nodes().length > 0; }")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than a {width}px screen"
    box = page.locator("#graph").bounding_box()
    assert box["width"] >= min(width * 0.8, 600) and box["height"] >= 250
    for control in ("#search", "#need-picker", "#tier-toggles"):
        assert page.locator(control).count() == 1


def _trail(explorer) -> tuple[list[str], str, bool, bool]:
    """Return the breadcrumb's labels, its current one and whether Back/Forward are disabled."""
    page = explorer.page
    return (page.locator("#breadcrumb button").all_inner_texts(),
            page.locator("#breadcrumb button.current").inner_text(),
            page.locator("#back").is_disabled(), page.locator("#forward").is_disabled())


def test_one_history_the_trail_and_the_browser_back_button_agree(explorer, bundled_graph):
    start = "electrician"
    explorer.open(f"?node={start}")
    explorer.wait_details(label(bundled_graph, start))
    first = label(bundled_graph, start)
    assert _trail(explorer) == ([first], first, True, True)  # a shared node starts the trail
    before = explorer.status()
    explorer.page.locator("#details-focus").click()
    explorer.wait_status_change(before)
    assert _trail(explorer) == ([first], first, True, True)  # focusing is not a new visit
    other = explorer.page.locator("#details button[data-node]:not([data-action])").first
    other_id = other.get_attribute("data-node")
    other.click()
    second = label(bundled_graph, other_id)
    explorer.wait_details(second)
    explorer.wait_idle()
    assert _trail(explorer) == ([first, second], second, False, True)
    explorer.page.go_back()  # the browser's own Back
    explorer.wait_details(first)
    explorer.wait_idle()
    assert _trail(explorer) == ([first, second], first, True, False)
    explorer.page.locator("#forward").click()  # the page's Forward goes where it says
    explorer.wait_details(second)
    explorer.wait_idle()
    assert _trail(explorer) == ([first, second], second, False, True)


def test_an_address_not_understood_says_so_and_what_is_shown(explorer):
    explorer.open("?node=doesnotexist&needs=foo")
    notice = explorer.page.locator("#url-notice")
    notice.wait_for(state="visible")
    text = notice.inner_text()
    assert 'node "doesnotexist"' in text and "no node is selected" in text
    assert 'needs "foo"' in text and "every need is shown" in text
    assert "No need is chosen" not in explorer.status()
    assert len(explorer.checked("need-picker")) == 12


#: Records, every frame, how many nodes the graph shows while it is visible.
_RECORD_VISIBLE_VIEWS = """
window.__seen = [];
(function watch() {
    const el = document.getElementById('graph');
    const cy = el && el._cyreg && el._cyreg.cy;
    if (cy && cy.nodes().length && getComputedStyle(el).visibility === 'visible') {
        const n = cy.nodes().filter(x => !x.hasClass('ring')).length;
        if (window.__seen[window.__seen.length - 1] !== n) { window.__seen.push(n); }
    }
    requestAnimationFrame(watch);
})();
"""


def test_a_shared_address_never_flashes_the_default_graph_first(explorer):
    explorer.page.add_init_script(_RECORD_VISIBLE_VIEWS)
    explorer.open("?needs=learning&tiers=need,profession")
    explorer.page.wait_for_timeout(200)
    seen = explorer.page.evaluate("() => window.__seen")
    assert seen == [len(explorer.node_ids())], seen  # only the address's own view was shown
    explorer.open("")  # the plain address shows its graph at once
    explorer.page.wait_for_function("() => getComputedStyle("
                                    "document.getElementById('graph')).visibility === 'visible'")
