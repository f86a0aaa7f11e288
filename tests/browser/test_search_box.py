"""The search boxes in a real browser: typed at any speed, never a lost key or a stale list.

The header's box and the "Path to..." picker are WAI-ARIA comboboxes (assets/search.js)
over ``GET /search.json``. These tests type as people do (one key every 120 ms) and
faster (no delay, pasting), press Enter, arrows, Escape or click, and check where the
explorer went: the details panel's title and the URL. A server made slow, or answering
out of order with the browser's cancellation switched off, shows that the list always
belongs to the text in the box and Enter still chooses for the full text.

Assertions are on the choice an unambiguous query makes ("chef" on the bundled data), not
on a fixed ranking, which the engine may change.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request

import pytest
from flask import request

from explorer.testing import LiveServer
from tests.browser.conftest import create_explorer, require_chromium
from tests.browser.test_hostile_text import assert_nothing_ran

pytestmark = pytest.mark.browser

#: Records, on every frame, on every key and on every change of the header's list, the
#: text in the box and the labels of the options shown (none when the list is closed).
RECORDER = """() => {
    const input = document.getElementById('search');
    const list = document.getElementById(input.getAttribute('aria-controls'));
    window.__shown = [];
    const record = () => {
        const open = !list.hidden && input.getAttribute('aria-expanded') === 'true';
        const labels = open ? Array.from(list.querySelectorAll('[role=option] .combobox-label'))
            .map(e => e.textContent) : [];
        const last = window.__shown[window.__shown.length - 1];
        const state = JSON.stringify([input.value, labels]);
        if (!last || JSON.stringify(last) !== state) { window.__shown.push([input.value, labels]); }
    };
    input.addEventListener('input', record);
    new MutationObserver(record).observe(list, {childList: true, attributes: true, subtree: true});
    const tick = () => { record(); requestAnimationFrame(tick); };
    tick();
}"""

#: Keeps the page's fetches from being cancelled, so late answers to older text arrive.
NO_ABORT = """(() => {
    const fetch = window.fetch.bind(window);
    window.fetch = (url, options) => fetch(url, Object.assign({}, options, {signal: undefined}));
})()"""


@pytest.fixture(scope="module")
def search_server(bundled_data):
    """Serve the bundled data with a search endpoint whose answers can be delayed.

    Yields (server, delays): ``delays["of"]`` is None, or a function of the query text
    returning the seconds to wait before answering.
    """
    require_chromium()
    app = create_explorer(bundled_data)
    delays = {"of": None}
    answer = app.server.view_functions["wow_search"]

    def delayed():
        wait = delays["of"]
        if wait is not None:
            time.sleep(wait(request.args.get("q", "")))
        return answer()

    app.server.view_functions["wow_search"] = delayed
    server = LiveServer(app)
    yield server, delays
    server.close()


@pytest.fixture
def delays(search_server):
    """The endpoint's delays, back to none after the test."""
    _, d = search_server
    d["of"] = None
    yield d
    d["of"] = None


@pytest.fixture
def ex(explorer_at, search_server):
    """A page of the explorer on the delayable server (console errors fail the test)."""
    return explorer_at(search_server[0].url)


def labels_for(server, text: str) -> list[str]:
    """Return the labels the endpoint lists for ``text``, as the box asks for them."""
    query = urllib.parse.urlencode({"q": text, "limit": 12})
    with urllib.request.urlopen(f"{server.url}/search.json?{query}", timeout=10) as reply:
        return [o["label"] for o in json.load(reply)]


def wait_listed(ex, text: str, name: str = "Search") -> list[str]:
    """Wait until the box holds ``text`` and lists options; return their labels."""
    box = ex.search_box(name)
    ex.page.wait_for_function(
        "([id, text]) => { const i = document.getElementById(id);"
        " const l = document.getElementById(i.getAttribute('aria-controls'));"
        " return i.value === text && !l.hidden && l.querySelector('[role=option]'); }",
        arg=[box.get_attribute("id"), text])
    return ex.search_options(name).locator(".combobox-label").all_inner_texts()


def assert_went_to(ex, node: str, label: str) -> None:
    """Check the explorer moved to ``node``: its details, and focus and selection in the URL."""
    ex.wait_details(label)
    ex.page.wait_for_function(
        "(node) => { const q = new URLSearchParams(location.search);"
        " return q.get('node') === node && q.get('focus') === node; }", arg=node)
    ex.wait_idle()


def assert_never_stale(ex, server, text: str) -> None:
    """Check every list the box showed belonged to the text then in the box, and that
    the text only ever grew key by key towards ``text`` (no key lost or reordered)."""
    shown = ex.page.evaluate("() => window.__shown")
    values = [v for v, _ in shown]
    assert all(text.startswith(v) for v in values), values
    assert [len(v) for v in values] == sorted(len(v) for v in values), values
    assert values[-1] == text
    lists = {v: labels for v, labels in shown if labels}
    assert text in lists, "the list for the full text was never shown"
    for value, labels in lists.items():
        assert labels == labels_for(server, value), f"stale list shown for {value!r}"


@pytest.mark.parametrize("delay", [120, 0])
def test_typing_then_enter_goes_to_the_match(ex, delay):
    ex.open()
    box = ex.type_search("chef", delay=delay)
    assert box.input_value() == "chef"
    ex.page.keyboard.press("Enter")
    assert_went_to(ex, "chef", "Chef")
    assert box.input_value() == "Chef"  # the chosen option's label
    ex.page.wait_for_function("() => window.__wowHighlight.selected() === 'chef'")


def test_enter_right_after_typing_waits_for_the_answer_of_a_slow_server(ex, search_server,
                                                                        delays):
    ex.open()
    ex.page.evaluate(RECORDER)
    delays["of"] = lambda q: 0.4
    box = ex.type_search("chef", delay=120)
    ex.page.keyboard.press("Enter")  # before the answer for "chef" (400 ms away)
    assert box.input_value() == "chef"
    assert_went_to(ex, "chef", "Chef")
    delays["of"] = None
    shown = ex.page.evaluate("() => window.__shown")
    assert all("chef".startswith(v) or v == "Chef" for v, _ in shown), shown
    assert not any(labels for _, labels in shown), "a list was shown before its answer came"


@pytest.mark.parametrize("delay", [120, 0])
def test_answers_out_of_order_never_show_a_stale_list(ex, search_server, delays, delay):
    """Older text answered last, with cancellation off: only the full text's list shows."""
    server = search_server[0]
    ex.page.add_init_script(NO_ABORT)
    ex.open()
    ex.page.evaluate(RECORDER)
    delays["of"] = lambda q: max(0.0, 0.9 - 0.3 * len(q.strip()))
    ex.type_search("chef", delay=delay)
    wait_listed(ex, "chef")
    ex.page.wait_for_timeout(1200)  # every late answer has arrived by now
    delays["of"] = None
    assert_never_stale(ex, server, "chef")
    ex.page.keyboard.press("Enter")
    assert_went_to(ex, "chef", "Chef")


def test_no_key_is_lost_and_each_list_fits_its_text(ex, search_server):
    ex.open()
    ex.page.evaluate(RECORDER)
    ex.type_search("loan officer", delay=120)
    wait_listed(ex, "loan officer")
    assert_never_stale(ex, search_server[0], "loan officer")


def test_arrow_down_then_enter_chooses_the_second_option(ex):
    ex.open()
    box = ex.type_search("chef")
    labels = wait_listed(ex, "chef")
    assert len(labels) >= 2
    first = ex.search_options().nth(0)
    assert first.get_attribute("aria-selected") == "true"  # Enter would take it
    ex.page.keyboard.press("ArrowDown")
    second = ex.search_options().nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert first.get_attribute("aria-selected") == "false"
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    ex.page.keyboard.press("Enter")
    ex.wait_details(labels[1])


def test_arrows_home_and_end_move_and_wrap(ex):
    ex.open()
    box = ex.type_search("c")
    labels = wait_listed(ex, "c")
    assert len(labels) >= 3
    options = ex.search_options()

    def highlighted() -> int:
        active = box.get_attribute("aria-activedescendant")
        return [o.get_attribute("id") for o in options.all()].index(active)

    ex.page.keyboard.press("End")
    assert highlighted() == len(labels) - 1
    ex.page.keyboard.press("ArrowDown")
    assert highlighted() == 0
    ex.page.keyboard.press("ArrowUp")
    assert highlighted() == len(labels) - 1
    ex.page.keyboard.press("Home")
    assert highlighted() == 0
    assert box.input_value() == "c"  # moving never changes the text


def test_escape_closes_then_clears(ex):
    ex.open()
    box = ex.type_search("chef")
    wait_listed(ex, "chef")
    listbox = ex.page.get_by_role("listbox", name="Search matches")
    assert listbox.is_visible()
    ex.page.keyboard.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "chef"
    ex.page.keyboard.press("ArrowDown")  # opens again, on the same options
    assert listbox.is_visible()
    ex.page.keyboard.press("Escape")
    ex.page.keyboard.press("Escape")
    assert box.input_value() == ""
    assert box.evaluate("b => b === document.activeElement")


def test_a_click_chooses(ex):
    ex.open()
    ex.type_search("chef")
    labels = wait_listed(ex, "chef")
    target = labels[-1]
    ex.search_options().nth(len(labels) - 1).click()
    ex.wait_details(target)
    assert ex.search_box().input_value() == target


@pytest.mark.parametrize("how", ["fill", "insert_text"])
def test_pasting_works(ex, how):
    ex.open()
    box = ex.search_box()
    if how == "fill":
        box.fill("loan officer")
    else:
        box.click()
        ex.page.keyboard.insert_text("loan officer")
    assert wait_listed(ex, "loan officer")[0] == "Loan officer"
    ex.page.keyboard.press("Enter")
    assert_went_to(ex, "loan-officer", "Loan officer")


def test_the_box_works_on_a_phone_screen(ex):
    ex.page.set_viewport_size({"width": 390, "height": 844})
    ex.open()
    ex.type_search("loan", delay=120)
    wait_listed(ex, "loan")
    for box in (ex.search_box().bounding_box(),
                ex.page.get_by_role("listbox", name="Search matches").bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, box
    first = ex.search_options().first.bounding_box()
    assert first["y"] + first["height"] <= 844
    ex.page.keyboard.press("Enter")
    assert_went_to(ex, "loan-officer", "Loan officer")


def test_the_roles_and_states_of_the_combobox(ex):
    ex.open()
    box = ex.search_box()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-autocomplete") == "list"
    assert box.evaluate("b => b.tagName") == "INPUT"
    listbox = ex.page.locator(f"[id='{box.get_attribute('aria-controls')}']")
    assert listbox.get_attribute("role") == "listbox"
    assert ex.page.get_by_role("search").get_by_role("combobox").count() == 1
    ex.type_search("chef")
    wait_listed(ex, "chef")
    assert box.get_attribute("aria-expanded") == "true"
    options = ex.page.get_by_role("listbox", name="Search matches").get_by_role("option")
    assert options.count() >= 1
    assert [o.get_attribute("aria-selected") for o in options.all()].count("true") == 1
    chef = ex.page.get_by_role("option", name="Chef Profession/Trade")
    assert "35-1011" in chef.inner_text()  # the code
    assert chef.locator(".combobox-shape").get_attribute("aria-hidden") == "true"
    assert chef.locator(".combobox-shape").evaluate("s => getComputedStyle(s).color") == \
        "rgb(0, 114, 178)"  # the legend's colour of professions
    # A match on another name says so.
    also = ex.search_options().filter(has_text="also called")
    if also.count():
        assert also.first.locator(".combobox-also").inner_text().startswith("also called ")


def test_a_search_choice_brings_the_details_tab_forward(ex):
    ex.open()
    ex.tab("Table")
    ex.page.locator("#node-table").wait_for()
    ex.type_search("chef")
    ex.page.keyboard.press("Enter")
    assert_went_to(ex, "chef", "Chef")
    assert ex.page.locator("#details .details-title").is_visible()


@pytest.mark.parametrize("text, how", [
    ("", "type"), ("   ", "type"), ("x" * 10_000, "fill"), ("\x01\x02chef\x07", "insert_text"),
    ("<script>window.__xss = 1</script>", "type"), ('"><img src=x onerror=window.__xss=2>', "fill"),
    ("\ud800chef", "fill"),
])
def test_bad_input_is_harmless(ex, text, how):
    statuses = []
    ex.page.on("response", lambda r: statuses.append(r.status) if "/search.json" in r.url else None)
    ex.open()
    box = ex.search_box()
    box.click()
    if how == "type":
        ex.page.keyboard.type(text, delay=0)
    elif how == "fill":
        box.fill(text)
    else:
        ex.page.keyboard.insert_text(text)
    assert len(box.input_value()) == len(text)  # nothing cut from the box
    ex.page.keyboard.press("Enter")  # chooses whatever matched, if anything did
    ex.page.wait_for_timeout(600)
    assert all(s == 200 for s in statuses), statuses
    if not text.strip():
        assert statuses == [] and box.get_attribute("aria-expanded") == "false"
    assert_nothing_ran(ex.page)
    assert ex.page.locator("#search-box script, #search-box img").count() == 0


def test_the_path_picker_at_human_speed(ex):
    ex.open("?node=loan-officer")
    ex.wait_details("Loan officer")
    picker = ex.type_search("chef", delay=120, name="Path to")
    assert picker.input_value() == "chef"
    assert picker.get_attribute("aria-expanded") in ("true", "false")
    ex.page.keyboard.press("Enter")
    ex.page.wait_for_function("() => new URLSearchParams(location.search).get('path') === 'chef'")
    result = ex.page.locator("#details .path-result")
    result.wait_for()
    assert "Path to Chef" in result.inner_text()
    assert picker.input_value() == "Chef"
    # A path from the URL shows its end in the picker; a tap elsewhere clears it.
    ex.open("?node=line-cook&path=family")
    ex.page.wait_for_function(
        "() => document.getElementById('path-to-input').value === 'Family'")
    ex.click_node("chef")
    ex.page.wait_for_function("() => document.getElementById('path-to-input').value === ''")
