"""The graph's hover tooltip in a real browser: the words it uses and when it goes away."""

from __future__ import annotations

import pytest

from graph.schema import TIER_BY_ID
from tests.browser.conftest import CY, jobs_under_one_profession

pytestmark = pytest.mark.browser

#: Jobs under one profession: just over what is drawn whole (1.3 times the element cap of
#: 1,000), so some fold into a "+N" group.
JOBS = 660


@pytest.fixture(scope="module")
def folded_url(dataset_server) -> str:
    """Serve a dataset whose default view folds some jobs of Chef into a group."""
    return dataset_server(*jobs_under_one_profession(JOBS)).url


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
