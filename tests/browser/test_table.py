"""Browser tests of the Table panel: sorting in place, keyboard moves, and its fit."""

from __future__ import annotations

import pytest

from graph import resolve

pytestmark = pytest.mark.browser

ROW_IDS = "() => Array.from(document.querySelectorAll('#node-table tbody tr')).map(r => r.dataset.node)"
FOCUSED_ROW = "() => document.activeElement.closest('#node-table tbody tr')?.dataset.node ?? null"


def open_table(explorer, query="?needs=leisure&tiers=need,profession,industry"):
    """Open the explorer on ``query`` with the Table tab showing its rows."""
    explorer.open(query)
    explorer.tab("Table")
    explorer.page.locator("#node-table tbody tr").first.wait_for()
    explorer.wait_idle()


@pytest.mark.parametrize("how", ["click", "Enter"])
def test_a_header_sorts_at_once_and_keeps_the_focus(explorer, how):
    open_table(explorer)
    header = explorer.page.locator("#node-table thead button[data-key='needs']")
    sent = explorer._sent
    for descending in (False, True):
        if how == "click":
            header.click()
        else:
            header.focus()
            explorer.page.keyboard.press("Enter")
        order = "descending" if descending else "ascending"
        assert explorer.page.evaluate(
            "() => document.querySelector('#node-table th[aria-sort]').getAttribute('aria-sort')"
        ) == order
        assert explorer.page.evaluate("() => document.activeElement.dataset.key") == "needs"
        counts = [int(c) for c in explorer.page.locator("#node-table tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.needs)")]
        assert counts == sorted(counts, reverse=descending)
        caption = explorer.page.locator("#node-table caption").inner_text()
        assert f"sorted by needs ({order})" in caption
    assert explorer._sent == sent  # sorted in the page, no round trip to the server


def test_arrow_keys_move_between_rows_and_enter_selects(explorer, bundled_graph):
    open_table(explorer)
    ids = explorer.page.evaluate(ROW_IDS)
    explorer.page.locator("#node-table thead button[data-key='label']").focus()
    explorer.page.keyboard.press("ArrowDown")
    assert explorer.page.evaluate(FOCUSED_ROW) == ids[0]
    explorer.page.keyboard.press("ArrowDown")
    explorer.page.keyboard.press("ArrowDown")
    assert explorer.page.evaluate(FOCUSED_ROW) == ids[2]
    explorer.page.keyboard.press("ArrowUp")
    assert explorer.page.evaluate(FOCUSED_ROW) == ids[1]
    explorer.page.keyboard.press("Enter")
    explorer.tab("Details")
    explorer.wait_details(resolve.label(bundled_graph, ids[1]))


def test_the_table_fits_its_panel_with_cells_apart(explorer):
    open_table(explorer)
    fit = explorer.page.evaluate("""() => {
        const wrap = document.querySelector('#node-table');
        const panel = wrap.closest('.table-panel');
        const box = wrap.getBoundingClientRect();
        const heads = Array.from(wrap.querySelectorAll('thead button')).map(b => {
            const r = b.getBoundingClientRect();
            return r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && b.scrollWidth <= b.clientWidth;
        });
        const textBox = (cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return range.getBoundingClientRect();
        };
        const gaps = [];
        Array.from(wrap.querySelectorAll('tbody tr')).slice(0, 40).forEach(row => {
            const cells = Array.from(row.cells).filter(c => c.textContent.trim());
            for (let i = 1; i < cells.length; i += 1) {
                const left = textBox(cells[i - 1]), right = textBox(cells[i]);
                if (Math.abs(left.top - right.top) < left.height) {  // on the same line
                    gaps.push(right.left - left.right);
                }
            }
        });
        return {wrap: [wrap.scrollWidth, wrap.clientWidth], panel: [panel.scrollWidth, panel.clientWidth],
                heads, gaps};
    }""")
    assert fit["wrap"][0] <= fit["wrap"][1]
    assert fit["panel"][0] <= fit["panel"][1]
    assert all(fit["heads"])
    assert min(fit["gaps"]) >= 6, fit["gaps"]  # text of neighbouring cells never touches


def test_a_chosen_order_survives_a_redraw_of_the_rows(explorer):
    open_table(explorer, "?needs=leisure&tiers=need,profession")
    explorer.page.locator("#node-table thead button[data-key='label']").click()
    explorer.page.locator("#tier-toggles").get_by_text("Industries", exact=False).click()
    explorer.wait_idle()
    explorer.page.wait_for_function(
        "() => document.querySelector('#node-table th[aria-sort] button')?.dataset.key === 'label'")
    labels = explorer.page.locator("#node-table tbody th").all_inner_texts()
    assert labels == sorted(labels, key=str.casefold)
