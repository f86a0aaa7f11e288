"""The explorer in a real browser: what a user clicks, types and downloads, and what appears.

Every test drives headless Chromium against the app served on the bundled data, and the
``console`` fixture fails any test whose page logged an error.
"""

from __future__ import annotations

import networkx as nx
import pytest

from graph import resolve
from graph.schema import NEED_IDS, WORK_TIERS

pytestmark = pytest.mark.browser

NEED = "health-and-well-being"


def test_clicking_a_need_shows_its_professions(explorer, bundled_graph):
    explorer.open()
    explorer.click_node(NEED)
    explorer.wait_details(resolve.label(bundled_graph, NEED))
    professions = sorted((resolve.label(bundled_graph, p) for p in bundled_graph.predecessors(NEED)
                          if bundled_graph.nodes[p].get("tier") == "profession"), key=str.casefold)
    assert professions, "the bundled data should have professions serving Health"
    text = explorer.details_text()
    assert "Professions/Trades" in text
    for label in professions[:5]:
        assert label in text


def test_a_node_clicked_as_soon_as_the_graph_shows_opens_its_details(explorer, bundled_graph):
    # The tap listener is bound before the graph's first frame is painted, not by a check
    # run twice a second: a click as soon as the graph shows, before the page's load
    # callbacks settle, opens the details.
    explorer.page.goto(explorer.base_url + "/")
    explorer.page.wait_for_function(
        "() => { const el = document.getElementById('graph');"
        " return el && el._cyreg && el._cyreg.cy.nodes().length > 0; }")
    x, y = explorer.settled_point(NEED)
    explorer.page.mouse.click(x, y)
    explorer.wait_details(resolve.label(bundled_graph, NEED))


def test_tier_toggles_change_the_count(explorer, bundled_graph):
    explorer.open()
    shown, total = explorer.shown_counts()
    assert total == bundled_graph.number_of_nodes()
    assert shown == len(explorer.node_ids())
    before = explorer.status()
    explorer.page.locator("#tier-toggles label").filter(has_text="Positions/Jobs").click()
    explorer.wait_status_change(before)
    fewer, _ = explorer.shown_counts()
    assert "4 tiers" in explorer.status()
    assert "job" not in explorer.node_tiers()
    assert fewer == len(explorer.node_ids())
    assert fewer != shown
    before = explorer.status()
    explorer.page.locator("#tier-toggles label").filter(has_text="Organizations").click()
    explorer.wait_status_change(before)
    assert "3 tiers" in explorer.status()
    assert explorer.node_tiers() <= {"need", "profession", "industry"}


def test_search_loan_lands_on_loan_officer(explorer, bundled_graph):
    explorer.open()
    box = explorer.type_search("loan", delay=120)
    assert box.input_value() == "loan"
    option = explorer.search_options().filter(has_text="Loan officer").first
    option.wait_for()
    assert "13-2072" in option.inner_text()  # suggestions show the code
    option.click()
    explorer.wait_details("Loan officer")
    explorer.wait_idle()
    assert "loan-officer" in explorer.node_ids()
    explorer.page.wait_for_function(
        "() => { const cy = document.getElementById('graph')._cyreg.cy;"
        " const p = cy.getElementById('loan-officer').renderedPosition();"
        " return Math.abs(p.x - cy.width() / 2) < 0.1 * cy.width()"
        " && Math.abs(p.y - cy.height() / 2) < 0.1 * cy.height(); }")
    dx, dy = explorer.centre_offset("loan-officer")
    assert dx < 0.1 and dy < 0.1
    assert "13-2072" in explorer.details_text()


def test_export_graphml_holds_the_view(explorer, tmp_path):
    explorer.open("?needs=economic-security&tiers=need,profession,job")
    shown = explorer.node_ids()
    explorer.tab("Export")
    explorer.page.get_by_label("GraphML", exact=False).check()
    with explorer.page.expect_download() as info:
        explorer.page.locator("#export-button").click()
    download = info.value
    assert download.suggested_filename == "web-of-work_economic-security_needs-professions-jobs.graphml"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == len(shown)
    assert sorted(G) == shown


def test_images_of_the_graph_download(explorer, tmp_path):
    explorer.open("?needs=learning")
    explorer.tab("Export")
    for button, ext, magic in (("PNG image", "png", b"\x89PNG"), ("SVG image", "svg", b"<svg")):
        with explorer.page.expect_download() as info:
            explorer.page.get_by_role("button", name=button).click()
        download = info.value
        assert download.suggested_filename == f"web-of-work_learning.{ext}"
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        data = path.read_bytes()
        assert magic in data[:400], ext
        assert len(data) > 1000, ext


def test_a_shared_url_opens_the_same_view(explorer, another_explorer):
    explorer.open()
    explorer.page.locator("#needs-none").click()
    explorer.wait_idle()
    for need in ("Family", "Learning"):
        before = explorer.status()
        explorer.page.locator("#need-picker label").filter(has_text=need).click()
        explorer.wait_status_change(before)
    before = explorer.status()
    explorer.page.locator("#tier-toggles label").filter(has_text="Industries").click()
    explorer.wait_status_change(before)
    url, ids, status = explorer.page.url, explorer.node_ids(), explorer.status()
    assert "needs=family,learning" in url
    other = another_explorer().open_url(url)
    assert other.node_ids() == ids
    assert other.status() == status
    assert other.checked("need-picker") == ["family", "learning"]
    assert "industry" not in other.checked("tier-toggles")


def test_browser_back_restores_the_previous_view(explorer):
    explorer.open()
    first_ids, first_status = explorer.node_ids(), explorer.status()
    before = explorer.status()
    explorer.page.locator("#tier-toggles label").filter(has_text="Professions").click()
    explorer.wait_status_change(before)
    assert explorer.node_ids() != first_ids
    changed = explorer.status()  # read before going back: the page may redraw at once
    explorer.page.go_back()
    explorer.wait_status_change(changed)
    assert explorer.status() == first_status
    assert explorer.node_ids() == first_ids
    assert "profession" in explorer.checked("tier-toggles")


def test_clicking_the_same_node_twice(explorer, bundled_graph):
    explorer.open("?needs=family")
    family = resolve.label(bundled_graph, "family")
    explorer.click_node("family")
    explorer.wait_details(family)
    explorer.click_node("family")  # a second tap on the same node
    explorer.wait_idle()
    assert explorer.details_title() == family
    other = next(n for n in explorer.node_ids() if bundled_graph.nodes[n]["tier"] == "profession")
    explorer.click_node(other)
    explorer.wait_details(resolve.label(bundled_graph, other))
    explorer.page.locator("#back").click()  # back to Family without a tap
    explorer.wait_details(family)
    explorer.click_node(other)  # the same node as two taps ago
    explorer.wait_details(resolve.label(bundled_graph, other))


def test_heatmap_click_filters_the_graph(explorer):
    explorer.open()
    explorer.tab("Coverage")
    plot = explorer.page.locator("#coverage-heatmap .js-plotly-plot")
    plot.wait_for()
    need_index, tier_index = NEED_IDS.index("transportation-and-mobility"), WORK_TIERS.index("job")
    x, y = explorer.page.evaluate("""([i, j]) => {
        const gd = document.querySelector('#coverage-heatmap .js-plotly-plot');
        const L = gd._fullLayout, box = gd.getBoundingClientRect();
        return [box.left + L._size.l + L.xaxis.l2p(j), box.top + L._size.t + L.yaxis.l2p(i)];
    }""", [need_index, tier_index])
    before = explorer.status()
    explorer.page.mouse.click(x, y)
    explorer.wait_status_change(before)
    assert "1 need, 2 tiers" in explorer.status()
    assert explorer.checked("need-picker") == ["transportation-and-mobility"]
    assert explorer.checked("tier-toggles") == ["need", "job"]
    assert explorer.node_tiers() == {"need", "job"}
    assert "transportation-and-mobility" in explorer.node_ids()


def test_table_lists_the_visible_nodes_and_enter_selects(explorer, bundled_graph):
    explorer.open("?needs=leisure&tiers=need,profession,industry")
    explorer.tab("Table")
    rows = explorer.page.locator("#node-table tbody tr")
    rows.first.wait_for()
    listed = sorted(explorer.page.evaluate(
        "() => Array.from(document.querySelectorAll('#node-table tbody tr'))"
        ".map(r => r.dataset.node)"))
    assert listed == explorer.node_ids()
    target = next(n for n in listed if bundled_graph.nodes[n]["tier"] == "industry")
    label = resolve.label(bundled_graph, target)
    button = explorer.page.locator(f"#node-table tr[data-node='{target}'] button")
    button.focus()
    explorer.page.keyboard.press("Enter")
    explorer.tab("Details")
    explorer.wait_details(label)
    explorer.tab("Table")  # the selected node's row is marked
    explorer.page.wait_for_function(
        "(id) => document.querySelector(`#node-table tr[data-node='${id}']`)"
        "?.getAttribute('aria-current') === 'true'", arg=target)
    assert explorer.page.locator("#node-table tr[aria-current]").count() == 1
    # sorting by a header button, with the keyboard too
    header = explorer.page.locator("#node-table thead button").filter(has_text="Label")
    header.focus()
    explorer.page.keyboard.press("Enter")
    explorer.page.wait_for_function(
        "() => document.querySelector('#node-table th[aria-sort]')?.textContent.startsWith('Label')")
    labels = explorer.page.locator("#node-table tbody th").all_inner_texts()
    assert labels == sorted(labels, key=str.casefold)


def test_a_tap_on_the_graph_brings_details_forward_from_another_tab(explorer, bundled_graph):
    explorer.open()
    explorer.tab("Coverage")
    explorer.page.locator("#coverage-heatmap .js-plotly-plot").wait_for()
    explorer.click_node(NEED)
    explorer.wait_details(resolve.label(bundled_graph, NEED))
    explorer.page.locator("#details .details-title").wait_for(state="visible")
    assert not explorer.page.locator("#coverage-heatmap").is_visible()


@pytest.mark.parametrize("size", [(1280, 800), (1440, 900), (390, 844)])
def test_every_side_tab_label_is_whole_and_apart(explorer, size):
    explorer.page.set_viewport_size({"width": size[0], "height": size[1]})
    explorer.open()
    boxes = explorer.page.evaluate("""() => Array.from(
        document.querySelectorAll('#panel-tabs .tab')).map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent.trim(), left: r.left, right: r.right, top: r.top,
                    bottom: r.bottom, cut: t.scrollWidth > t.clientWidth + 1};
        })""")
    assert [b["text"] for b in boxes][:2] == ["Details", "Moves"]
    assert not [b["text"] for b in boxes if b["cut"]], "a tab label is cut"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["right"] <= b["left"] + 0.5 or b["right"] <= a["left"] + 0.5
                     or a["bottom"] <= b["top"] + 0.5 or b["bottom"] <= a["top"] + 0.5)
            assert apart, f"tabs {a['text']!r} and {b['text']!r} overlap"
