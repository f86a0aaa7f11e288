"""The graph's hover tooltip in a real browser: the words it uses and when it goes away."""

from __future__ import annotations

import pytest

from graph.schema import NEEDS, TIER_BY_ID
from tests.browser.conftest import CY

pytestmark = pytest.mark.browser

#: Jobs under one profession: just over the element cap, so a few fold into a "+N" group.
JOBS = 505


@pytest.fixture(scope="module")
def folded_url(dataset_server) -> str:
    """Serve a dataset whose default view folds some jobs of Chef into a group."""
    nodes = [{"id": n.id, "label": n.label, "tier": "need", "description": f"The need {n.label}."}
             for n in NEEDS]
    nodes.append({"id": "chef", "label": "Chef", "tier": "profession", "code": "35-1011",
                  "description": "Plans menus and runs a kitchen."})
    nodes += [{"id": f"cook-{i:04d}", "label": f"Cook {i}", "tier": "job",
               "description": "Cooks at one station."} for i in range(JOBS)]
    edges = [{"source": "chef", "target": "family", "relation": "serves"}]
    edges += [{"source": f"cook-{i:04d}", "target": "chef", "relation": "draws_on"}
              for i in range(JOBS)]
    return dataset_server(nodes, edges).url


def _tooltip(page) -> str:
    return page.evaluate("() => document.getElementById('hover-info').textContent")


def test_the_tooltip_names_the_tier_as_everywhere_else(explorer_at, folded_url):
    e = explorer_at(folded_url).open()
    e.page.mouse.move(*e.node_point("chef"))
    e.page.wait_for_function("() => document.getElementById('hover-info').textContent !== ''")
    assert _tooltip(e.page) == f"Chef \u00b7 {TIER_BY_ID['profession'].label} \u00b7 35-1011"
    assert "Profession/Trade" in _tooltip(e.page)


def test_a_group_tooltip_goes_when_the_group_is_gone(explorer_at, folded_url):
    e = explorer_at(folded_url).open()
    group = "group:chef:job"
    assert e.page.evaluate(f"(id) => {CY}.getElementById(id).nonempty()", group)
    e.page.mouse.move(*e.node_point(group))
    e.page.wait_for_function("() => document.getElementById('hover-info').textContent !== ''")
    assert "more" in _tooltip(e.page)
    # Hide the jobs from the keyboard, the pointer still where the group was.
    e.page.locator("#tier-toggles input[value='job']").focus()
    e.page.keyboard.press("Space")
    e.page.wait_for_function(f"(id) => {CY}.getElementById(id).empty()", arg=group)
    e.wait_idle()
    assert _tooltip(e.page) == ""
