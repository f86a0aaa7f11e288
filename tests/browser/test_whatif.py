"""What if it went away? in a real browser: a shared scenario URL, the summary, the heatmap
difference, Undo, and "What if this went away?" on a selected node.
"""

from __future__ import annotations

import pytest

from graph import whatif
from graph.schema import NEED_IDS, WORK_TIERS

from tests.browser.conftest import CY

pytestmark = pytest.mark.browser

SINAI = "mount-sinai-hospital"
HEALTH = "health-and-well-being"


def classes_of(explorer, node: str) -> list[str]:
    """Return the classes of a drawn node."""
    return explorer.page.evaluate(f"(id) => {CY}.getElementById(id).classes()", node)


def wait_class(explorer, node: str, cls: str, present: bool = True) -> None:
    """Wait until a drawn node has (or no longer has) a class."""
    explorer.page.wait_for_function(
        f"([id, cls, present]) => {{ const cy = {CY}; const n = cy && cy.getElementById(id);"
        " return n && n.nonempty() && n.hasClass(cls) === present; }", arg=[node, cls, present])


def heatmap_texts(explorer) -> list:
    """Return the cell texts of the heatmap's in-view trace, as Plotly holds them."""
    explorer.page.locator("#coverage-heatmap .js-plotly-plot").wait_for()
    return explorer.page.evaluate(
        "() => { const gd = document.querySelector('#coverage-heatmap .js-plotly-plot');"
        " const t = gd.data.find(d => d.name === 'shown'); return t.text; }")


def test_a_shared_scenario_url_shows_what_goes_and_undo_restores(explorer, bundled_graph):
    scenario = whatif.without(bundled_graph, [SINAI])
    explorer.open(f"?without={SINAI}")
    # The graph keeps the removed node, crossed out, and marks what loses a need.
    assert SINAI in explorer.node_ids()
    assert "removed" in classes_of(explorer, SINAI)
    for node in scenario.losers:
        assert "loses-need" in classes_of(explorer, node), node
    # The What if panel says it in words.
    explorer.tab("What if")
    summary = explorer.page.locator("#whatif-summary")
    summary.wait_for()
    explorer.page.wait_for_function(
        "() => document.getElementById('whatif-summary').textContent.startsWith('Closing')")
    assert summary.inner_text() == whatif.summary(bundled_graph, scenario)
    assert "Closing Mount Sinai Hospital removes the only organization link of" in \
        summary.inner_text()
    # The heatmap shows before -> after where the scenario changes a cell.
    explorer.tab("Coverage")
    explorer.page.wait_for_function(
        "() => { const gd = document.querySelector('#coverage-heatmap .js-plotly-plot');"
        " return gd && gd.data && gd.data.some(d => d.texttemplate === '%{text}'); }")
    texts = heatmap_texts(explorer)
    row, col = NEED_IDS.index(HEALTH), WORK_TIERS.index("organization")
    before, after = scenario.cover[HEALTH, "organization"]
    assert before != after and texts[row][col] == f"{before} \u2192 {after}"
    assert "\u2192" in explorer.page.locator("#coverage-table").text_content()
    # Undo: no scenario, nothing crossed out, the URL without it.
    explorer.tab("What if")
    explorer.page.get_by_role("button", name="Undo: bring every removed node back").click()
    wait_class(explorer, SINAI, "removed", present=False)
    explorer.wait_idle()
    assert "without=" not in explorer.page.url
    assert not any("loses-need" in classes_of(explorer, n) for n in scenario.losers)
    assert summary.inner_text().startswith("Select a node")
    explorer.tab("Coverage")
    explorer.page.wait_for_function(
        "() => { const gd = document.querySelector('#coverage-heatmap .js-plotly-plot');"
        " return gd && gd.data.every(d => !JSON.stringify(d.text).includes('\\u2192')); }")


def test_what_if_this_went_away_on_a_selected_node(explorer, bundled_graph):
    explorer.open()
    explorer.click_node(SINAI)
    explorer.wait_details("Mount Sinai Hospital")
    explorer.wait_idle()
    explorer.page.locator("#details").get_by_role("button", name="What if Mount Sinai "
                                                  "Hospital went away?", exact=False).click()
    # The What if tab comes forward with the summary; the URL keeps the scenario.
    explorer.page.wait_for_function(
        "() => { const s = document.getElementById('whatif-summary');"
        " return s && s.textContent.startsWith('Closing Mount Sinai Hospital'); }")
    assert explorer.page.locator("#whatif-summary").is_visible()
    wait_class(explorer, SINAI, "removed")
    explorer.wait_idle()
    assert f"without={SINAI}" in explorer.page.url
    # A lost node's name moves there, as in the details panel.
    scenario = whatif.without(bundled_graph, [SINAI])
    lost = scenario.needs[HEALTH].lost[0]
    explorer.page.locator(f"#whatif-body button[data-node='{lost}']:not([data-action])") \
        .first.click()
    explorer.tab("Details")
    explorer.wait_details(bundled_graph.nodes[lost]["label"])
    # Bring it back from the panel: the scenario is empty again.
    explorer.tab("What if")
    explorer.page.locator(f"#whatif-body button[data-action='whatif-drop'][data-node='{SINAI}']") \
        .click()
    wait_class(explorer, SINAI, "removed", present=False)
    explorer.wait_idle()
    assert "without=" not in explorer.page.url


def test_cutting_the_only_job_of_the_organization_serving_a_need(explorer, tmp_path):
    from tests.browser.test_organization import upload
    from tests.browser.test_organization_panels import JOBS, _job

    upload(explorer, tmp_path, JOBS)
    explorer.page.wait_for_function(
        f"() => {CY}.getElementById('your-organization').data('label') === 'Acme Health'")
    cook = _job(explorer, "Line Cook")
    explorer.click_node(cook)
    explorer.wait_details("Line Cook (3)")
    explorer.wait_idle()
    explorer.page.locator("#details").get_by_role(
        "button", name="What if Line Cook (3) went away?", exact=False).click()
    explorer.page.wait_for_function(
        "() => { const s = document.getElementById('whatif-summary');"
        " return s && s.textContent.startsWith('Cutting the position Line Cook (3)'); }")
    said = explorer.page.locator("#whatif-summary").inner_text()
    # Only the cook served these needs: the organization loses them, and so does its nurse.
    assert ("removes the direct link of 1 organization and the only organization link of "
            "2 jobs to Social Relationships, Leisure and Transportation and Mobility, which "
            "no longer reach them at all") in said
    wait_class(explorer, "your-organization", "loses-need")
    assert "removed" in classes_of(explorer, cook)
    body = explorer.page.locator("#whatif-body").inner_text()
    assert "Acme Health (organization)" in body
