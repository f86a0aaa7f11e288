"""Parts of the page built in the browser from one element's ``data-fragment`` (the details
panel, the legends, the zoom buttons, the tiers' labels): they show, come back with their
tab, follow the selection and keep working as the elements they stand for.
"""

from __future__ import annotations

import pytest

from graph import resolve
from graph.schema import TIERS

pytestmark = pytest.mark.browser

NEED = "health-and-well-being"


def test_the_details_come_back_with_their_tab_and_their_buttons_move_on(explorer, bundled_graph):
    explorer.open("?node=chef")
    explorer.wait_details("Chef")
    explorer.tab("Table")
    explorer.page.locator("#node-table").wait_for()
    assert explorer.page.locator("#details").count() == 0  # the Details tab is closed
    explorer.tab("Details")
    explorer.wait_details("Chef")  # drawn again from the store, not the first placeholder
    assert "Needs it serves" in explorer.details_text()
    # A neighbour's button, built in the browser, moves there like any other.
    button = explorer.page.locator("#details button.node-link").first
    target = button.get_attribute("data-node")
    button.focus()
    explorer.page.keyboard.press("Enter")
    explorer.wait_details(resolve.label(bundled_graph, target))
    assert f"node={target}" in explorer.page.url


def test_the_details_follow_clicks_and_the_placeholder_comes_back_on_reset(explorer,
                                                                           bundled_graph):
    explorer.open()
    assert "Click a node in the graph" in explorer.details_text()
    explorer.click_node(NEED)
    explorer.wait_details(resolve.label(bundled_graph, NEED))
    assert explorer.page.locator("#details .details-title").count() == 1  # replaced, not added
    explorer.page.locator("#reset").click()
    explorer.page.wait_for_function(
        "() => document.getElementById('details').textContent.includes('Click a node')")
    assert explorer.page.locator("#details .details-title").count() == 0


def test_the_legends_and_tier_labels_show_every_tier_in_its_colour(explorer):
    explorer.open()
    legend = explorer.page.locator(".sidebar ul.legend:not(.colour-legend)")
    for tier in TIERS:
        item = legend.locator("li", has_text=tier.plural).first
        assert item.is_visible()
        assert item.get_attribute("title") == tier.help
        label = explorer.page.locator(f"#tier-toggles label:has(input[value='{tier.id}'])")
        assert tier.plural in label.inner_text()
    shape = explorer.page.locator("#tier-toggles label:has(input[value='profession']) "
                                  ".legend-shape")
    assert shape.evaluate("s => getComputedStyle(s).color") == "rgb(0, 114, 178)"
    # The zoom buttons are real buttons, reached by name, and they zoom.
    zoom = explorer.page.evaluate("() => document.getElementById('graph')._cyreg.cy.zoom()")
    explorer.page.get_by_role("button", name="Zoom in").click()
    explorer.page.wait_for_function(
        "(z) => document.getElementById('graph')._cyreg.cy.zoom() > z * 1.1", arg=zoom)
