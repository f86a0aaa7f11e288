"""The first view in a real browser: the page data travel with the scripts, compressed,
and the page runs on regenerator-runtime alone, without Dash's polyfill.

The page's head preloads the component tree and the callback list (explorer/delivery.py).
That only pays if the renderer's own fetch is handed the preloaded answer; if Dash ever
fetched them differently (another URL, credentials mode or request shape), the browser
would download each twice and these tests fail.
"""

from __future__ import annotations

import pytest

from explorer.delivery import PRELOADED

pytestmark = pytest.mark.browser


def test_the_page_data_are_fetched_once_early_and_gzipped(page, live_server, console):
    asked = []
    page.on("request", lambda r: asked.append(r.url) if any(p in r.url for p in PRELOADED)
            else None)
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if "preload" in m.text else None)
    page.goto(live_server.url + "/")
    page.wait_for_function("() => { const el = document.getElementById('graph');"
                           " return el && el._cyreg && el._cyreg.cy.nodes().length > 0; }")
    page.wait_for_timeout(3500)  # Chromium warns of an unused preload after 3 s
    entries = page.evaluate("""(names) => performance.getEntriesByType('resource')
        .filter((r) => names.some((n) => r.name.endsWith('/' + n)))
        .map((r) => ({name: r.name, by: r.initiatorType, start: r.startTime,
                      sent: r.transferSize, size: r.decodedBodySize}))""", list(PRELOADED))
    renderer = page.evaluate("""() => performance.getEntriesByType('resource')
        .find((r) => r.name.includes('dash_renderer')).responseEnd""")
    # One request each, asked for by the page's head, before the renderer even arrived.
    assert sorted(u.rsplit("/", 1)[1] for u in asked) == sorted(PRELOADED), asked
    assert [e["by"] for e in entries] == ["link", "link"], entries
    assert all(e["start"] < renderer for e in entries), (entries, renderer)
    assert warnings == [], warnings
    # The component tree came gzipped (it holds the default view's elements).
    layout = next(e for e in entries if e["name"].endswith("_dash-layout"))
    assert layout["sent"] < layout["size"] / 2, layout
    assert page.evaluate("() => document.getElementById('graph')._cyreg.cy.edges().length") > 0


def test_the_page_runs_without_dashs_polyfill(explorer):
    # Dash's lazily loaded components (the coverage heatmap's Plotly chart, the upload)
    # run compiled async functions: they need regeneratorRuntime, and nothing of core-js.
    explorer.open()
    page = explorer.page
    assert page.evaluate("() => typeof regeneratorRuntime.mark") == "function"
    assert page.evaluate("() => window['__core-js_shared__'] === undefined")
    assert not page.evaluate("""() => performance.getEntriesByType('resource')
        .some((r) => r.name.includes('polyfill') || r.name.includes('dash_table'))""")
    explorer.tab("Coverage")
    page.locator("#coverage-heatmap .js-plotly-plot .heatmaplayer").wait_for()
    explorer.tab("Your organization")
    page.locator("#org-upload input[type=file]").wait_for(state="attached")
    # the console fixture fails the test on any error (a missing runtime throws)
