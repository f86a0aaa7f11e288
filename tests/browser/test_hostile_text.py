"""Labels, descriptions and aliases holding HTML or script are shown as text and never run."""

from __future__ import annotations

import pytest

from graph.schema import NEEDS

pytestmark = pytest.mark.browser

#: Labels and texts that would run script if any part of the page treated them as HTML.
HOSTILE = {
    "profession": "<script>window.__xss = 1</script>Evil profession",
    "job": '<img src=x onerror="window.__xss = 2">Bad job',
    "industry": '"><iframe src="javascript:window.__xss = 5"></iframe>Hostile industry',
    "description": '<b>bold</b> <img src=x onerror="window.__xss = 3"> text',
    "alias": "<svg onload=window.__xss=4>",
}

#: Anything that would exist only if a hostile string had been parsed as HTML.
INJECTED = "img[src='x'], iframe, [onerror], [onload], script:not([src])"


def assert_nothing_ran(page) -> None:
    """Fail if any hostile string ran or became an element."""
    assert page.evaluate("() => window.__xss") is None
    found = page.evaluate(f"() => Array.from(document.querySelectorAll({INJECTED!r}))"
                          ".map(e => e.outerHTML.slice(0, 80))")
    scripts = [s for s in found if "__xss" in s or "onerror" in s or "iframe" in s]
    assert scripts == [], f"hostile markup became elements: {scripts}"


@pytest.fixture(scope="module")
def hostile_url(dataset_server) -> str:
    """Serve a small dataset whose labels, description and alias are HTML and script."""
    nodes = [{"id": n.id, "label": n.label, "tier": "need", "description": f"The need {n.label}."}
             for n in NEEDS]
    nodes += [
        {"id": "evil-profession", "label": HOSTILE["profession"], "tier": "profession",
         "description": HOSTILE["description"], "code": "11-1011", "aliases": HOSTILE["alias"]},
        {"id": "bad-job", "label": HOSTILE["job"], "tier": "job",
         "description": "A job with a hostile label.", "code": "11-1012"},
        {"id": "hostile-industry", "label": HOSTILE["industry"], "tier": "industry",
         "description": "An industry with a hostile label.", "code": "6211"},
    ]
    edges = [
        {"source": "evil-profession", "target": "health-and-well-being", "relation": "serves"},
        {"source": "bad-job", "target": "evil-profession", "relation": "draws_on"},
        {"source": "evil-profession", "target": "hostile-industry", "relation": "practised_in"},
        {"source": "hostile-industry", "target": "health-and-well-being", "relation": "addresses"},
    ]
    return dataset_server(nodes, edges).url


def test_hostile_labels_show_as_text_everywhere(explorer_at, hostile_url):
    e = explorer_at(hostile_url).open()
    labels = dict(e.page.evaluate(
        "() => document.getElementById('graph')._cyreg.cy.nodes().map(n => [n.id(), n.data('label')])"))
    assert labels["evil-profession"] == HOSTILE["profession"]
    assert labels["bad-job"] == HOSTILE["job"]

    # the graph's hover tooltip
    e.page.mouse.move(*e.node_point("bad-job"))
    e.page.wait_for_function(
        "(label) => document.getElementById('hover-info')?.textContent.includes(label)",
        arg=HOSTILE["job"])

    # the details panel, after a real click on the node
    e.click_node("evil-profession")
    e.wait_details(HOSTILE["profession"])
    details = e.details_text()
    assert HOSTILE["description"] in details
    assert HOSTILE["alias"] in details
    assert HOSTILE["job"] in details and HOSTILE["industry"] in details  # neighbours
    assert_nothing_ran(e.page)

    # the table
    e.tab("Table")
    e.page.locator("#node-table tbody tr").first.wait_for()
    rows = e.page.locator("#node-table tbody th").all_inner_texts()
    for key in ("profession", "job", "industry"):
        assert HOSTILE[key] in rows

    # the search suggestions
    e.type_search("evil", delay=100)
    option = e.search_options().filter(has_text="Evil profession").first
    option.wait_for()
    assert HOSTILE["profession"] in option.inner_text()
    e.page.keyboard.press("Escape")
    assert_nothing_ran(e.page)
