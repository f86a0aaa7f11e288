"""Asking for more of a "+N" group in a real browser keeps what is drawn (data/us).

A mouse click on "+23 professions" under Hospitals in the default US view used to bring
24 nodes in and take 30 unrelated ones away (Clergy, Lawyers, Plumbers, Boeing...). Now
every node drawn before stays drawn, the notice says that the budget is full and offers
to make room; only that button folds nodes, exactly as many as it says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.groups import group_id
from tests.browser.conftest import CY, Explorer, explorer_served

pytestmark = pytest.mark.browser

US_DATA = Path(__file__).resolve().parents[2] / "data" / "us"
HOSPITALS = "hospitals-622"
GROUP = group_id(HOSPITALS, "profession")


@pytest.fixture(scope="module")
def us_server():
    """Serve the explorer on data/us for this module."""
    if not (US_DATA / "nodes.csv").is_file():
        pytest.fail(f"the US data edition is missing: {US_DATA / 'nodes.csv'}")
    with explorer_served(US_DATA) as server:
        yield server


@pytest.fixture
def us(page, us_server, console):
    """A page of the explorer on the US data (console errors fail the test)."""
    return Explorer(page, us_server.url)


def drawn(explorer) -> set:
    """Return the ids of the drawn nodes of the data (no ring guide, no group)."""
    return set(explorer.page.evaluate(
        f"() => {CY}.nodes().filter(n => !n.hasClass('ring') && !n.hasClass('group'))"
        ".map(n => n.id())"))


def group_count(explorer, gid: str):
    """Return the drawn group's member count, or None when it is not drawn."""
    return explorer.page.evaluate(
        f"(id) => {{ const g = {CY}.getElementById(id); return g.empty() ? null : g.data('count'); }}",
        gid)


def zoom_onto(explorer, node_id: str) -> None:
    """Zoom in on a node, as a user does before clicking something small."""
    explorer.page.evaluate(f"""(id) => {{ const cy = {CY}; const n = cy.getElementById(id);
        cy.zoom({{level: 1.5, renderedPosition: n.renderedPosition()}}); cy.center(n); }}""",
                           node_id)


def wait_url(explorer, part: str) -> None:
    """Wait until the address holds ``part`` and the page has redrawn."""
    explorer.page.wait_for_function("(w) => window.location.search.includes(w)", arg=part)
    explorer.wait_idle()


def test_clicking_a_group_keeps_every_drawn_node_and_making_room_folds_what_it_says(us):
    us.open()
    before = drawn(us)
    count = group_count(us, GROUP)
    assert count and count > 1, f"no {GROUP} group in the default US view"
    zoom_onto(us, GROUP)
    us.click_node(GROUP)
    wait_url(us, f"more={HOSPITALS}~profession~1")
    asked = us.page.locator("#cap-notice .notice-asked")
    asked.wait_for()
    after = drawn(us)
    assert before <= after, f"a click on the group took away {sorted(before - after)[:5]}"
    assert group_count(us, GROUP) == count - len(after - before)
    assert f"of the {count} professions under Hospitals" in asked.inner_text()
    assert "nothing drawn is taken away without asking" in asked.inner_text()
    # The offer says how many nodes it folds; only it folds them.
    offer = us.page.locator("#cap-notice button", has_text="Make room")
    label = offer.inner_text()
    folds = int(re.search(r"fold the ([\d,]+) least connected", label).group(1).replace(",", ""))
    offer.click()
    wait_url(us, f"more={HOSPITALS}~profession~1~room")
    roomy = drawn(us)
    assert len(after - roomy) == folds, f"{label!r} folded {len(after - roomy)} nodes"
    assert group_count(us, GROUP) is None, "the group's members are not all drawn"
    revealed = set(us.page.evaluate(f"() => {CY}.nodes('.revealed').map(n => n.id())"))
    assert roomy - after <= revealed and len(roomy - after) == count
    assert "went back into their groups" in us.page.locator("#cap-notice .notice-asked").inner_text()
    # The browser's Back shows the view before "Make room" again.
    us.page.go_back()
    us.page.wait_for_function("() => !window.location.search.includes('room')")
    us.wait_idle()
    assert drawn(us) == after


@pytest.mark.parametrize("how", ["mouse", "keyboard"])
def test_a_show_more_of_shortcut_keeps_every_drawn_node(us, how):
    us.open()
    before = drawn(us)
    shortcut = us.page.locator("#cap-notice button").filter(has_text=re.compile(r"^\+")).first
    text = shortcut.inner_text()
    if how == "mouse":
        shortcut.click()
    else:  # a plain button: Enter clicks it
        shortcut.focus()
        us.page.keyboard.press("Enter")
    wait_url(us, "more=")
    after = drawn(us)
    assert before <= after, f"{text!r} took away {sorted(before - after)[:5]}"
    assert us.page.locator("#cap-notice .notice-asked").inner_text().startswith("Drew ")
