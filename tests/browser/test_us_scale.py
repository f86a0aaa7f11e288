"""The explorer on the real US data (data/us, 5,547 nodes) in a real browser.

The views are far beyond the element cap, so they fold into dashed "+N" groups; these
tests do what a user does with them: read the status line, click a group with the mouse
to draw more of it, go back, change a need, search a profession that is folded away, and
focus on big professions and industries. Any console error fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from explorer.state import DEFAULT
from explorer.view import visible_graph
from graph import query
from graph.cache import structural
from tests.browser.conftest import CY, Explorer, explorer_served

pytestmark = pytest.mark.browser

US_DATA = Path(__file__).resolve().parents[2] / "data" / "us"
CAP = 1000  # the app's default element cap
MORE = 25  # members a click on a group draws (the hover text says "up to 25 more")
MANAGERS = "general-and-operations-managers-11-1021"
HOSPITALS = "hospitals-622"
STATUS = re.compile(r"Showing ([\d,]+) of ([\d,]+) nodes, (\d+) needs?, (\d+) tiers?"
                    r"; ([\d,]+) more in ([\d,]+) groups?")


@pytest.fixture(scope="module")
def us_graph():
    """The US data as the builder loads them, for expected values."""
    from graph.build import load_graph

    if not (US_DATA / "nodes.csv").is_file():
        pytest.fail(f"the US data edition is missing: {US_DATA / 'nodes.csv'}")
    return load_graph(US_DATA)


@pytest.fixture(scope="module")
def us_server(us_graph):
    """Serve the explorer on data/us for this module."""
    with explorer_served(US_DATA) as server:
        yield server


@pytest.fixture
def us(page, us_server, console):
    """A page of the explorer on the US data (console errors fail the test)."""
    return Explorer(page, us_server.url)


def _number(text: str) -> int:
    """Return "5,213" as 5213."""
    return int(text.replace(",", ""))


def _status(explorer) -> tuple[int, int, int, int]:
    """Return (drawn, total, folded, groups) of a folded view's status line."""
    match = STATUS.search(explorer.status())
    assert match, f"no 'Showing N of M nodes ...; K more in G groups' in {explorer.status()!r}"
    drawn, total, _needs, _tiers, folded, groups = (_number(g) for g in match.groups())
    return drawn, total, folded, groups


def _groups(explorer) -> dict:
    """Return the drawn groups: id -> {label, count, hidden, anchor, tier}."""
    return {g["id"]: g for g in explorer.page.evaluate(f"""() => {CY}.nodes('.group').map(n => ({{
        id: n.id(), label: n.data('label'), count: n.data('count'), hidden: n.data('hidden'),
        anchor: n.data('anchor'), tier: n.data('tier'), title: n.data('title')}}))""")}


def _data_nodes(explorer) -> set:
    """Return the ids of the drawn nodes of the data (no ring guide, no group)."""
    return set(explorer.page.evaluate(
        f"() => {CY}.nodes().filter(n => !n.hasClass('ring') && !n.hasClass('group'))"
        ".map(n => n.id())"))


def _elements(explorer) -> int:
    """Return how many elements the graph holds, ring guides left out."""
    return explorer.page.evaluate(f"() => {CY}.elements().filter(e => !e.hasClass('ring')).length")


def _clickable(explorer, node_id: str) -> bool:
    """Tell whether no other node covers the centre of ``node_id``, so a click lands on it."""
    return explorer.page.evaluate(f"""(id) => {{
        const cy = {CY}; const p = cy.getElementById(id).renderedPosition();
        return cy.nodes().filter(n => n.id() !== id && !n.hasClass('ring')).filter(n => {{
            const b = n.renderedBoundingBox({{includeLabels: false}});
            return p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2; }}).length === 0;
    }}""", node_id)


def _biggest_group(explorer, tier: str) -> dict:
    """Return the drawn group of ``tier`` members with the most members that a click reaches."""
    groups = [g for g in _groups(explorer).values() if g["tier"] == tier and g["anchor"]]
    groups.sort(key=lambda g: (-g["count"], g["id"]))
    for g in groups:
        if _clickable(explorer, g["id"]):
            return g
    raise AssertionError(f"no {tier} group can be clicked: {[g['label'] for g in groups]}")


def _linked_to(G, ids, anchor, tier) -> set:
    """Return the drawn nodes of ``tier`` linked to ``anchor``."""
    return {n for n in ids if G.nodes[n].get("tier") == tier
            and (G.has_edge(n, anchor) or G.has_edge(anchor, n))}


def _assert_one_page_more(explorer, G, group: dict, before: set) -> None:
    """Check that a click drew one page more of ``group``: its count fell by a page (or it
    is gone), and the new members are drawn under its anchor, linked and highlighted."""
    after = _groups(explorer).get(group["id"])
    count, anchor, tier = group["count"], group["anchor"], group["tier"]
    if count <= MORE:
        assert after is None, f"{group['label']} is still there after a click: {after['label']}"
    else:
        assert after is not None and after["count"] == count - MORE, (
            f"a click on {group['label']} under {anchor} left "
            f"{after['label'] if after else 'no group'}, expected +{count - MORE:,}")
    new = _linked_to(G, _data_nodes(explorer), anchor, tier) - before
    assert len(new) >= min(MORE, count)
    edges = set(explorer.page.evaluate(f"() => {CY}.edges().map(e => e.id())"))
    assert all(f"{n}->{anchor}" in edges or f"{anchor}->{n}" in edges for n in new)
    revealed = set(explorer.page.evaluate(f"() => {CY}.nodes('.revealed').map(n => n.id())"))
    assert new <= revealed, f"not highlighted: {sorted(new - revealed)[:5]}"


def _expand(explorer, group: dict) -> None:
    """Click a group with the mouse and wait until the page has redrawn with it expanded."""
    explorer.click_node(group["id"])
    wanted = f"more={group['anchor']}~{group['tier']}~"
    explorer.page.wait_for_function("(w) => window.location.search.includes(w)", arg=wanted)
    try:  # redrawn: the group holds fewer members, or is gone
        explorer.page.wait_for_function(
            f"([id, count]) => {{ const g = {CY}.getElementById(id);"
            " return g.empty() || g.data('count') !== count; }",
            arg=[group["id"], group["count"]])
    except PlaywrightTimeout:
        pass  # nothing changed: the assertions that follow say so
    explorer.wait_idle()


def test_the_default_us_view_counts_every_node_and_a_click_on_a_group_draws_more(
        us, us_graph):
    us.open()
    assert _elements(us) <= CAP
    drawn, total, folded, count = _status(us)
    assert total == us_graph.number_of_nodes() == 5547
    assert "12 needs, 5 tiers" in us.status()
    # Every node is drawn or counted in a group, and the status line says so.
    ids = _data_nodes(us)
    assert drawn + folded == total
    assert drawn == len(ids)
    groups = _groups(us)
    assert count == len(groups) > 0
    assert sum(g["hidden"] for g in groups.values()) == folded
    links = set(us.page.evaluate(f"() => {CY}.edges('.grouped').map(e => e.id())"))
    for g in groups.values():
        noun = g["label"].split(" ", 1)[1]
        assert g["label"] == f"+{g['count']:,} {noun}" and g["count"] <= g["hidden"]
        if g["anchor"]:  # a group hangs from its anchor by a dashed link
            assert g["anchor"] in ids and f"{g['id']}->{g['anchor']}" in links
        assert g["label"][1:] in g["title"] and "Click" in g["title"]
    assert {n for n, t in us_graph.nodes(data="tier") if t == "need"} <= ids
    # The notice says in one line what is folded, and behind "more" how to see it.
    notice = us.page.locator("#cap-notice")
    line = notice.locator("summary").inner_text()
    assert f"{folded:,}" in line and f"{count:,} groups" in line
    notice.locator("summary").click()
    text = notice.inner_text().lower()
    assert "click a group" in text and "focus on a node" in text
    # Its "show more" buttons start with the group that folds most nodes away.
    biggest = max(groups.values(), key=lambda g: (g["hidden"], g["id"]))
    shows = [t for t in us.page.locator("#cap-notice button").all_inner_texts() if "+" in t]
    assert shows and shows[0].startswith(biggest["label"])
    # A mouse click on the biggest group of professions asks for a page more of them:
    # the budget is full, so nothing drawn is taken away and the notice offers to make
    # room, which draws the page.
    before_status, before_ids = us.status(), ids
    group = _biggest_group(us, "profession")
    anchor = group["anchor"]
    professions = _linked_to(us_graph, before_ids, anchor, "profession")
    _expand(us, group)
    assert f"more={anchor}~profession~1" in us.page.url
    assert us.status() == before_status and _data_nodes(us) == before_ids
    us.page.locator("#cap-notice button", has_text="Make room").click()
    us.wait_status_change(before_status)
    assert f"more={anchor}~profession~1~room" in us.page.url
    drawn, total, folded, _count = _status(us)
    assert drawn + folded == total == us_graph.number_of_nodes()
    assert _elements(us) <= CAP
    _assert_one_page_more(us, us_graph, group, professions)
    # The browser's Back button goes back to before "Make room", then folds it again.
    expanded = us.status()
    us.page.go_back()
    us.wait_status_change(expanded)
    assert "room" not in us.page.url and _data_nodes(us) == before_ids
    us.page.go_back()
    us.page.wait_for_function("() => !window.location.search.includes('more=')")
    us.wait_idle()
    assert us.status() == before_status and _data_nodes(us) == before_ids


def test_a_shared_expanded_view_opens_expanded_and_reset_or_a_need_folds_it(us, us_graph):
    default = visible_graph(us_graph, DEFAULT, cap=CAP)  # what a fresh page shows
    group = max((g for g in default.groups if g.tier == "profession"), key=lambda g: g.count)
    # A copied URL with an expansion (and leave to make room) opens the expanded view.
    us.open(f"?more={group.anchor}~profession~1~room")
    expanded = us.status()
    assert expanded != default.message
    after = _groups(us).get(group.id)
    assert after is None or after["count"] == group.count - min(MORE, group.count)
    # Reset folds it again: the page shows what a fresh page shows.
    us.page.locator("#reset").click()
    us.wait_status_change(expanded)
    assert "more=" not in us.page.url and us.status() == default.message
    # The notice's "Show more of" buttons expand too, biggest group first...
    show = us.page.locator("#cap-notice button").filter(has_text="+").first
    assert show.inner_text().startswith(max(default.groups, key=lambda g: (g.hidden, g.id)).label)
    show.click()
    us.page.wait_for_function("() => window.location.search.includes('more=')")
    us.page.locator("#cap-notice .notice-asked").wait_for()
    expanded = us.status()
    # ...and choosing a need folds every group again.
    us.page.locator("#need-picker label").filter(has_text="Family").click()
    us.wait_status_change(expanded)
    assert "more=" not in us.page.url and "11 needs" in us.status()


def test_searching_a_folded_profession_focuses_it(us, us_graph):
    us.open()
    drawn = _data_nodes(us)
    labels = {}
    for n, data in us_graph.nodes(data=True):
        labels.setdefault(str(data.get("label") or n).casefold(), []).append(n)
    folded = sorted((n for n, t in us_graph.nodes(data="tier")
                     if t == "profession" and n not in drawn
                     and len(labels[us_graph.nodes[n]["label"].casefold()]) == 1),
                    key=lambda n: (-us_graph.nodes[n].get("employment", 0), n))
    assert folded, "every profession is drawn: nothing is folded away"
    node = folded[0]
    label = us_graph.nodes[node]["label"]
    # The full label, typed faster than the server answers, then Enter: the exact label
    # match comes first.
    us.type_search(label, delay=20)
    us.page.keyboard.press("Enter")
    us.wait_details(label)
    us.page.wait_for_function(
        "(label) => document.getElementById('status').textContent.includes('around ' + label)",
        arg=label)
    us.wait_idle()
    assert f"around {label} (depth 1)" in us.status()
    # Its whole neighbourhood is drawn around it.
    linked = structural(us_graph)  # related professions (lateral links) are not drawn
    around = {node, *linked.successors(node), *linked.predecessors(node)}
    assert _data_nodes(us) == around
    assert f"focus={node}" in us.page.url
    assert "Industries" in us.details_text()


def test_a_big_profession_at_depth_1_shows_its_industries_with_employment(us, us_graph):
    us.open(f"?node={MANAGERS}&focus={MANAGERS}")
    label = us_graph.nodes[MANAGERS]["label"]
    us.wait_details(label)
    industries = {n for n in us_graph.successors(MANAGERS)
                  if us_graph.nodes[n]["tier"] == "industry"}
    assert len(industries) >= 5
    linked = structural(us_graph)  # related professions (lateral links) are not drawn
    assert _data_nodes(us) == {MANAGERS, *linked.successors(MANAGERS),
                               *linked.predecessors(MANAGERS)}
    # Each industry's link carries how many of them it employs (OEWS May 2025).
    employed = dict(us.page.evaluate(f"""(id) => {CY}.edges().filter(e => e.source().id() === id)
        .map(e => [e.target().id(), e.data('employment')])""", MANAGERS))
    for n in industries:
        assert employed[n] == us_graph.edges[MANAGERS, n]["employment"] > 0
    text = us.details_text()
    assert f"Industries ({len(industries)})" in text
    assert f"{int(us_graph.nodes[MANAGERS]['employment']):,}" in text


def test_an_industry_at_depth_2_folds_into_groups_that_a_click_expands(us, us_graph):
    us.open(f"?focus={HOSPITALS}&depth=2")
    label = us_graph.nodes[HOSPITALS]["label"]
    assert f"around {label} (depth 2)" in us.status()
    around = query.neighbourhood(us_graph, HOSPITALS, 2)
    drawn, total, folded, count = _status(us)
    assert total == us_graph.number_of_nodes()
    assert drawn + folded == around.number_of_nodes() > CAP
    assert _elements(us) <= CAP
    ids = _data_nodes(us)
    assert HOSPITALS in ids and ids <= set(around) and len(ids) == drawn
    groups = _groups(us)
    assert count == len(groups) > 0 and sum(g["hidden"] for g in groups.values()) == folded
    assert us.page.evaluate(f"() => {CY}.getElementById('{HOSPITALS}').hasClass('focus-node')")
    # A click on its biggest group of professions draws one page more of them.
    group = _biggest_group(us, "profession")
    before = _linked_to(us_graph, ids, group["anchor"], "profession")
    _expand(us, group)
    assert f"focus={HOSPITALS}" in us.page.url and "(depth 2)" in us.status()
    room = us.page.locator("#cap-notice button", has_text="Make room")
    if room.count():  # the budget is spent: nothing drawn went away, and the offer draws it
        assert _data_nodes(us) == ids
        before_status = us.status()
        room.click()
        us.wait_status_change(before_status)
        assert "~room" in us.page.url
    _assert_one_page_more(us, us_graph, group, before)


def _placed(explorer) -> dict:
    """Return where each drawn node of the data sits (model coordinates), ring guides aside."""
    return {n["id"]: (n["x"], n["y"]) for n in explorer.page.evaluate(
        f"() => {CY}.nodes().filter(n => !n.hasClass('ring'))"
        ".map(n => ({id: n.id(), x: n.position('x'), y: n.position('y')}))")}


def test_a_need_unticked_and_ticked_back_moves_no_node_that_stays_drawn(us):
    us.open()
    first = _placed(us)
    default = us.status()
    us.page.locator("#need-picker label").filter(has_text="Learning").click()
    unticked = us.wait_status_change(default)
    us.wait_idle()
    after = _placed(us)
    stayed = [n for n in after if n in first]
    assert "learning" not in after and len(stayed) > len(after) / 2
    assert [n for n in stayed if after[n] != first[n]] == []
    # Every node is in sight: the graph was fitted to what is drawn now.
    assert us.page.evaluate(f"""() => {{ const cy = {CY}; const e = cy.extent();
        return cy.nodes().every(n => {{ const p = n.position();
            return p.x >= e.x1 && p.x <= e.x2 && p.y >= e.y1 && p.y <= e.y2; }}); }}""")
    us.page.locator("#need-picker label").filter(has_text="Learning").click()
    us.wait_status_change(unticked)
    us.wait_idle()
    assert _placed(us) == first
