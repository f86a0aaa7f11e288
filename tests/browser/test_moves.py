"""Career moves in a real browser: the Moves panel of a profession, a click on a move that
lands there, sorting and filtering in the page, and "Show moves on the graph".
"""

from __future__ import annotations

import pytest

from graph.moves import moves
from graph.moves.layout import drawing
from tests.browser.conftest import CY

pytestmark = pytest.mark.browser

NURSE = "registered-nurse"


@pytest.fixture(scope="module")
def nurse_moves(bundled_graph):
    found = moves(bundled_graph, NURSE).rows
    if not found:
        pytest.skip("the bundled data have no related_to links yet (make us-data)")
    return found


def open_moves(explorer, label: str) -> None:
    """Open the Moves tab and wait until it is about the node labelled ``label``."""
    explorer.tab("Moves")
    explorer.page.wait_for_function(
        "(label) => { const t = document.getElementById('moves-summary');"
        " return t && t.textContent === 'From ' + label; }", arg=label)


def rows(explorer) -> list[dict]:
    """Return the visible rows of the Moves tables: node, move type and wage to sort by."""
    return explorer.page.evaluate(
        "() => Array.from(document.querySelectorAll('#moves table.moves-table tbody tr'))"
        ".filter(r => !r.hidden).map(r => ({node: r.getAttribute('data-node'),"
        " move: r.getAttribute('data-move'), wage: r.getAttribute('data-sort-wage'),"
        " label: r.cells[0].textContent}))")


def test_open_the_moves_of_a_profession_and_click_one_to_land_there(explorer, nurse_moves,
                                                                    bundled_graph):
    explorer.open(f"?node={NURSE}")
    open_moves(explorer, "Registered nurse")
    shown = rows(explorer)
    assert [r["node"] for r in shown] == [m.id for m in nurse_moves][:len(shown)]
    target = nurse_moves[0]
    explorer.page.locator("#moves table.moves-table tbody tr").first.get_by_role(
        "button", name=target.label).click()
    open_moves(explorer, target.label)  # the panel follows: now the target's own moves
    explorer.page.wait_for_function(
        "(id) => window.location.search.includes('node=' + id)", arg=target.id)
    explorer.wait_idle()
    assert explorer.page.evaluate("() => window.__wowHighlight.selected()") == target.id
    explorer.tab("Details")
    explorer.wait_details(target.label)
    explorer.tab("Moves")
    theirs = [m.id for m in moves(bundled_graph, target.id).rows]
    assert [r["node"] for r in rows(explorer)][:3] == theirs[:3]


def test_sort_and_filter_the_moves_in_the_page(explorer, nurse_moves):
    explorer.open(f"?node={NURSE}")
    open_moves(explorer, "Registered nurse")
    sent = explorer._sent
    wage = explorer.page.locator("#moves thead").get_by_role("button", name="Wage")
    wage.click()
    explorer.page.wait_for_function(
        "() => document.querySelector('#moves thead th[aria-sort]') !== null")
    known = [int(r["wage"]) for r in rows(explorer) if r["wage"]]
    assert known == sorted(known) and [r["wage"] for r in rows(explorer)][len(known):] == \
        [""] * (len(rows(explorer)) - len(known))  # unknown wages last
    wage.click()
    known = [int(r["wage"]) for r in rows(explorer) if r["wage"]]
    assert known == sorted(known, reverse=True)
    types = {r["move"] for r in rows(explorer)}
    kept = min(types)
    panel = explorer.page.locator("#moves")
    panel.get_by_role("button", name=kept.capitalize(), exact=True).click()
    assert {r["move"] for r in rows(explorer)} == {kept}
    assert explorer.page.locator(f"#moves button[data-moves-filter='{kept}']").get_attribute(
        "aria-pressed") == "true"
    explorer.page.locator("#moves").get_by_role("button", name="All", exact=True).click()
    assert {r["move"] for r in rows(explorer)} == types
    assert explorer._sent == sent  # sorting and filtering asked the server nothing


def test_show_moves_on_the_graph_and_back(explorer, nurse_moves, bundled_graph):
    explorer.open(f"?node={NURSE}")
    before = explorer.node_ids()
    open_moves(explorer, "Registered nurse")
    status = explorer.status()
    explorer.page.get_by_role("button", name="Draw Registered nurse with its moves around it "
                                            "on the graph").click()
    explorer.wait_status_change(status)
    expected = drawing(bundled_graph, NURSE)
    assert explorer.node_ids() == sorted(expected.graph)
    assert f"moves={NURSE}" in explorer.page.url
    links = explorer.page.evaluate(
        f"() => {CY}.edges('.related_to').map(e =>"
        " [e.classes().find(c => c.startsWith('related-')), e.style('line-color')])")
    assert links and {c for c, _ in links} <= {
        "related-primary-short", "related-primary-long", "related-supplemental"}
    colours = {c: colour for c, colour in links}
    assert colours.get("related-primary-short", "rgb(84,39,143)") == "rgb(84,39,143)"
    assert len(colours) == len(set(colours.values()))  # one colour per tier
    centre = explorer.page.evaluate(f"() => {CY}.getElementById('{NURSE}').position()")
    assert centre == {"x": 0, "y": 0}
    explorer.page.get_by_role("button", name="Stop drawing the moves: back to the filtered "
                                            "graph").click()
    explorer.page.wait_for_function("() => !window.location.search.includes('moves=')")
    explorer.wait_idle()
    assert explorer.node_ids() == before


def test_a_shared_url_draws_the_moves(explorer, nurse_moves, bundled_graph):
    explorer.open(f"?node={NURSE}&moves={NURSE}")
    assert explorer.node_ids() == sorted(drawing(bundled_graph, NURSE).graph)
    assert "moves from Registered nurse" in explorer.page.locator("#cap-notice").inner_text()
