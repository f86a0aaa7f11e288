"""Your organization in the Coverage and Moves tabs, in a real browser: upload a job list,
see the counts include it, see its own coverage by profession with headcount, and the
moves of one of its jobs and of the organization itself."""

from __future__ import annotations

import pytest

from graph.schema import NEED_IDS
from tests.browser.conftest import CY
from tests.browser.test_organization import refused_in_the_browser, upload

pytestmark = pytest.mark.browser

JOBS = ("Job Title,Headcount\n"
        "RN - Med/Surg nights,12\n"
        "Line Cook,3\n"
        "Staff Accountant,2\n")


def _job(explorer, title: str) -> str:
    """Return the node id of the organization's job written ``title``."""
    return explorer.page.evaluate(
        f"(t) => {CY}.getElementById('your-organization').incomers('node')"
        ".filter(n => n.data('label').startsWith(t + ' (')).map(n => n.id())[0]", title)


def _paste(explorer, text: str) -> None:
    """Paste ``text`` into the titles box at once, as a clipboard paste does."""
    explorer.page.locator("#org-paste").focus()
    explorer.page.evaluate(
        "(text) => { const el = document.getElementById('org-paste');"
        " const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;"
        " set.call(el, text); el.dispatchEvent(new Event('input', {bubbles: true})); }", text)


def _open_moves(explorer, label: str) -> None:
    """Open the Moves tab and wait until it is about the node labelled ``label``."""
    explorer.tab("Moves")
    explorer.page.wait_for_function(
        "(label) => { const t = document.getElementById('moves-summary');"
        " return t && t.textContent === 'From ' + label; }", arg=label)


def _moves(explorer) -> str:
    return explorer.page.locator("#moves-body").inner_text()


def test_coverage_and_moves_read_the_uploaded_organization(explorer, tmp_path):
    upload(explorer, tmp_path, JOBS)
    explorer.page.wait_for_function(
        f"() => {CY}.getElementById('your-organization').data('label') === 'Acme Health'")
    explorer.wait_idle()

    # Coverage counts the organization and its jobs, and says so.
    explorer.tab("Coverage")
    note = explorer.page.locator("#coverage-note")
    note.get_by_text("Acme Health: 1 organization and 3 jobs", exact=False).wait_for()
    # Its own coverage: each need against the professions of its jobs, with headcount.
    explorer.page.get_by_label("Your organization: people per need, by profession").check()
    explorer.page.get_by_text("All its people (17)").first.wait_for()
    ticks = explorer.page.locator(".coverage-heatmap .xaxislayer-above text").all()
    heads = [t.text_content() for t in ticks]
    assert heads[:2] == ["All its people (17)", "Registered nurse (12)"]
    explorer.page.get_by_text("Coverage as a table").click()
    table = explorer.page.locator("#coverage-table table")
    health = table.locator("tr", has_text="Health and Well Being").inner_text()
    assert "12 people, 1 job" in health
    assert "not reached" in table.locator("tr", has_text="Spirituality").inner_text()
    # A click on a cell shows that need around the organization, the profession selected.
    x, y = explorer.page.evaluate("""([i, j]) => {
        const gd = document.querySelector('#coverage-heatmap .js-plotly-plot');
        const L = gd._fullLayout, box = gd.getBoundingClientRect();
        return [box.left + L._size.l + L.xaxis.l2p(j), box.top + L._size.t + L.yaxis.l2p(i)];
    }""", [NEED_IDS.index("health-and-well-being"), 1])
    explorer.page.mouse.click(x, y)
    explorer.page.wait_for_function(
        "() => window.location.search.includes('node=registered-nurse')")
    explorer.wait_idle()
    assert "focus=your-organization" in explorer.page.url
    assert explorer.checked("need-picker") == ["health-and-well-being"]

    # A job of the organization: its moves are its profession's moves, and the panel says so.
    nurse = _job(explorer, "RN - Med/Surg nights")
    explorer.click_node(nurse)
    _open_moves(explorer, "RN - Med/Surg nights (12)")
    said = _moves(explorer)
    assert "A job of Acme Health (your list), coded to Registered nurse" in said
    assert "its moves are that profession's moves" in said
    mine = explorer.page.locator("#moves-body .moves-table tbody tr").all_inner_texts()
    assert mine

    # The organization, from the panel's button: its professions with its people in each,
    # and the moves open to its biggest jobs.
    explorer.page.locator("#moves-body .moves-yours").get_by_role(
        "button", name="Acme Health").click()
    _open_moves(explorer, "Acme Health")
    said = _moves(explorer)
    assert "3 professions of its jobs, best outlook first" in said
    assert "Moves from RN - Med/Surg nights (12 people)" in said
    here = explorer.page.locator("#moves-body tr[data-node=registered-nurse]").first
    assert here.get_attribute("data-sort-employment") == "12"

    # Back to the job, then its profession: the same moves, in the same order.
    explorer.page.locator("#moves-body").get_by_role("button", name="RN - Med/Surg nights").click()
    _open_moves(explorer, "RN - Med/Surg nights (12)")
    explorer.page.locator("#moves-body .moves-draws-on").get_by_role(
        "button", name="Registered nurse").click()
    _open_moves(explorer, "Registered nurse")
    explorer.wait_idle()
    theirs = explorer.page.locator("#moves-body .moves-table tbody tr").all_inner_texts()
    assert [r.split("\n")[0] for r in theirs][:len(mine)] == [r.split("\n")[0] for r in mine]


def test_pasted_titles_over_the_limits_are_refused_with_located_messages(explorer):
    explorer.open()
    explorer.tab("Your organization")
    assert "512 KB per file or pasted list" in explorer.page.locator("#org-limits").inner_text()
    explorer.page.get_by_text("Or paste job titles, one per line").click()
    # Over the size limit: said in the browser at once, nothing sent to the server.
    _paste(explorer, "Registered Nurse\n" * 40_000)
    explorer.wait_idle()
    said = refused_in_the_browser(
        explorer, explorer.page.get_by_role("button", name="Code these titles").click)
    assert said.startswith("pasted titles:1: titles too large (680,000 bytes)")
    assert "at most 524,288 bytes (512 KB)" in said
    # Within the size but over the row limit: the server names the line.
    _paste(explorer, "Nurse\n" * 2_001)
    explorer.page.get_by_role("button", name="Code these titles").click()
    message = explorer.page.locator("#org-messages .org-problems li").first
    message.wait_for()
    assert message.inner_text().startswith("pasted titles:2002: more than 2,000 rows")
    assert explorer.page.locator("#org-rows tbody tr").count() == 0
