"""Colour by a figure, and compare nodes side by side, in a real browser.

A small dataset with the outlook figures of three professions (fast growth, decline, none)
and their skills: colouring by projected growth repaints the nodes in the browser (no new
elements, same positions), shows the legend and the figure in the hover text, and is kept
in the address; an address naming two nodes to compare opens the Compare panel with both
side by side; "Compare" in Details and the panel's search box add nodes.
"""

from __future__ import annotations

import csv
import re

import pytest

from tests.browser.conftest import CY, Explorer, LiveServer, create_explorer, require_chromium

pytestmark = pytest.mark.browser

NODES = [
    {"id": "health-and-well-being", "label": "Health and Well-being", "tier": "need"},
    {"id": "family", "label": "Family", "tier": "need"},
    {"id": "nurses", "label": "Registered Nurses", "tier": "profession", "code": "29-1141",
     "growth_pct": "12.4", "median_wage": "93600", "job_zone": "3", "annual_openings": "189100",
     "education": "Bachelor's degree", "bright_outlook": "Rapid Growth|Numerous Job Openings"},
    {"id": "printers", "label": "Print Binding Workers", "tier": "profession", "code": "51-5113",
     "growth_pct": "-15.2", "median_wage": "41000", "job_zone": "2",
     "education": "High school diploma or equivalent"},
    {"id": "doulas", "label": "Birth Doulas", "tier": "profession", "code": "39-9099"},
    {"id": "hospitals", "label": "Hospitals", "tier": "industry", "code": "622"},
]
EDGES = [
    {"source": "nurses", "target": "health-and-well-being", "relation": "serves"},
    {"source": "nurses", "target": "family", "relation": "serves"},
    {"source": "doulas", "target": "family", "relation": "serves"},
    {"source": "printers", "target": "family", "relation": "serves"},
    {"source": "nurses", "target": "hospitals", "relation": "practised_in"},
    {"source": "doulas", "target": "hospitals", "relation": "practised_in"},
    {"source": "hospitals", "target": "health-and-well-being", "relation": "addresses"},
]
SKILLS = [
    ("29-1141", "skill", "Active Listening", "4.12"), ("29-1141", "skill", "Monitoring", "4.00"),
    ("29-1141", "knowledge", "Medicine and Dentistry", "4.30"),
    ("51-5113", "skill", "Operation and Control", "3.50"),
    ("51-5113", "skill", "Monitoring", "3.00"),
]


def _centred_overlap(a: str, b: str) -> float:
    """The skill overlap as the panel defines it, computed here from SKILLS: the cosine of
    the two profiles less the mean profile (a missing element counting 1), 0 if negative."""
    codes = sorted({row[0] for row in SKILLS})
    elements = sorted({(row[1], row[2]) for row in SKILLS})
    value = {(row[0], (row[1], row[2])): float(row[3]) for row in SKILLS}
    level = {c: [value.get((c, e), 1.0) for e in elements] for c in codes}
    mean = [sum(level[c][i] for c in codes) / len(codes) for i in range(len(elements))]
    da = [x - m for x, m in zip(level[a], mean)]
    db = [x - m for x, m in zip(level[b], mean)]
    dot = sum(x * y for x, y in zip(da, db))
    return max(0.0, dot / (sum(x * x for x in da) ** 0.5 * sum(y * y for y in db) ** 0.5))
COLUMNS = ["id", "label", "tier", "description", "code", "growth_pct", "median_wage",
           "job_zone", "annual_openings", "education", "bright_outlook"]


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def outlook_url(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("outlook")
    _write(folder / "nodes.csv", COLUMNS, [[n.get(c, "") if c != "description" else
                                            f"About {n['label']}." for c in COLUMNS]
                                           for n in NODES])
    _write(folder / "edges.csv", ["source", "target", "relation", "evidence"],
           [[e["source"], e["target"], e["relation"], ""] for e in EDGES])
    _write(folder / "skills.csv", ["code", "kind", "element", "importance"], SKILLS)
    server = LiveServer(create_explorer(folder))
    yield server.url
    server.close()


@pytest.fixture
def outlook(page, console, outlook_url):
    return Explorer(page, outlook_url)


def _colours(e: Explorer) -> dict:
    """Return each drawn node's computed background colour and opacity."""
    return dict(e.page.evaluate(
        f"() => {CY}.nodes().map(n => [n.id(), n.style('background-color') + ' '"
        " + n.style('background-opacity')])"))


def _positions(e: Explorer) -> dict:
    return dict(e.page.evaluate(f"() => {CY}.nodes().map(n => [n.id(), n.position()])"))


def test_colour_by_growth_repaints_in_the_browser_with_a_legend(outlook):
    e = outlook.open()
    before, where = _colours(e), _positions(e)
    assert before["nurses"].startswith("rgb(0,114,178)")  # the profession tier's blue
    legend = e.page.locator("#colour-legend-growth")
    assert legend.is_hidden()
    e.page.evaluate(f"() => {CY}.nodes().forEach(n => n.scratch('_mark', 1))")

    group = e.page.get_by_role("group", name="Colour by")
    group.get_by_label("Projected growth").check()
    e.page.wait_for_function(
        f"() => {CY}.getElementById('nurses').style('background-color') === 'rgb(84,39,136)'")
    after = _colours(e)
    assert after["nurses"] == "rgb(84,39,136) 1"        # growing fast: PuOr's darkest purple
    assert after["printers"] == "rgb(179,88,6) 1"       # declining fast: PuOr's darkest orange
    assert after["doulas"] == "rgb(170,180,190) 0.45"   # no figure: grey, faded
    assert after["family"] == before["family"]          # needs keep their colour
    assert legend.is_visible()
    assert "growing fast (10% or more)" in legend.inner_text()
    assert "grey: no figure" in legend.inner_text()
    # Repainted in place: the same elements (their scratch kept), in the same places.
    assert e.page.evaluate(f"() => {CY}.nodes().every(n => n.scratch('_mark') === 1)")
    assert _positions(e) == where
    e.wait_idle()
    assert "colour=growth" in e.page.url

    # The hover text says the figure.
    e.page.mouse.move(*e.node_point("printers"))
    e.page.wait_for_function("() => document.getElementById('hover-info').textContent !== ''")
    assert "projected growth 2024-34: -15.2%" in e.page.locator("#hover-info").text_content()

    # A redraw (focus: new elements, rewritten classes) keeps the colours.
    e.click_node("nurses")
    e.wait_details("Registered Nurses")
    e.page.get_by_role("button", name="Focus the graph on the selected node").click()
    e.page.wait_for_function(f"() => {CY}.getElementById('nurses').hasClass('focus-node')")
    e.wait_idle()
    assert _colours(e)["nurses"] == "rgb(84,39,136) 1"
    assert re.search(r"colour=growth", e.page.url) and "focus=nurses" in e.page.url

    # Back to tiers: the tier colours and no figure legend.
    group.get_by_label("Tier").check()
    e.page.wait_for_function(
        f"() => {CY}.getElementById('nurses').style('background-color') === 'rgb(0,114,178)'")
    assert legend.is_hidden()


def test_an_address_with_a_colour_opens_coloured(outlook):
    e = outlook.open("?colour=zone")
    e.page.wait_for_function(
        f"() => {CY}.getElementById('printers').style('background-color') === 'rgb(94,201,98)'")
    assert e.page.get_by_role("group", name="Colour by").get_by_label("Job Zone").is_checked()
    assert e.page.locator("#colour-legend-zone").is_visible()


def _compare_text(e: Explorer) -> str:
    return e.page.locator("#compare").inner_text()


def test_compare_two_nodes_from_a_shared_address(outlook):
    e = outlook.open("?compare=nurses,printers")
    table = e.page.locator("#compare table")
    table.wait_for()
    text = _compare_text(e)
    heads = e.page.locator("#compare thead th").all_inner_texts()
    assert [h.split("\n")[0].replace("Remove", "").strip() for h in heads[1:]] == [
        "Registered Nurses", "Print Binding Workers"]
    assert "$93,600" in text and "$41,000" in text
    assert "+12.4%" in text and "-15.2%" in text
    assert "Bachelor's degree" in text
    # Health is served by the nurses only: marked as a difference.
    marked = e.page.locator("#compare .differs-row").all_inner_texts()
    assert [m.strip() for m in marked] == ["Health and Well-being \u25c6"]
    # Skill overlap: measured from the mean profile of the data folder.
    assert f"skill overlap {_centred_overlap('29-1141', '51-5113'):.0%}" in text
    assert "1 shared neighbour" in text and "Family" in text

    # The Export panel downloads the compared rows as CSV.
    e.tab("Export")
    with e.page.expect_download() as got:
        e.page.get_by_role("button", name="Compared rows (CSV)").click()
    download = got.value
    assert download.suggested_filename == "compare-nurses-printers.csv"
    rows = list(csv.DictReader(open(download.path(), encoding="utf-8")))
    assert [(r["id"], r["growth_pct"]) for r in rows] == [("nurses", "12.4"),
                                                          ("printers", "-15.2")]


def test_compare_from_details_and_from_search(outlook):
    e = outlook.open("?node=nurses")
    e.wait_details("Registered Nurses")
    e.page.get_by_role("button", name=re.compile("^Compare Registered Nurses")).click()
    e.page.locator("#compare table").wait_for()
    e.wait_idle()
    assert "compare=nurses" in e.page.url
    box = e.search_box("Add to compare (search a node by name or code)")
    box.click()
    e.page.keyboard.type("doula", delay=120)
    e.page.get_by_role("option", name=re.compile("Birth Doulas")).wait_for()
    e.page.keyboard.press("Enter")
    e.page.wait_for_function(
        "() => document.querySelectorAll('#compare thead th').length === 3")
    e.wait_idle()
    assert re.search(r"compare=nurses(,|%2C)doulas", e.page.url)
    assert "no skill profile for one of them" in _compare_text(e)  # doulas have none
    e.page.get_by_role("button", name="Remove Registered Nurses from the comparison").click()
    e.page.wait_for_function(
        "() => document.querySelectorAll('#compare thead th').length === 2")
