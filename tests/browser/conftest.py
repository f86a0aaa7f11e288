"""Real-browser harness: the explorer served in a thread, driven by headless Chromium.

One server (the bundled data) and one browser per session; each test gets a fresh page.
Chromium comes from the ``CHROMIUM`` environment variable or ``/usr/bin/chromium``; when
it is missing the browser tests skip with a loud reason, except under ``CI=true`` where a
missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import csv
import math
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from explorer.testing import CHROMIUM_ARGS, LiveServer, chromium_path

REPO = Path(__file__).resolve().parents[2]
BUNDLED_DATA = REPO / "data"
LAUNCH_ARGS = CHROMIUM_ARGS
#: Console errors that are not ours to fix (none so far; the dash-cytoscape
#: "wheel sensitivity" notice is a warning, so it never reaches this list).
ALLOWED_CONSOLE_ERRORS: tuple[str, ...] = ()
#: Default wait for the page to react, in milliseconds.
TIMEOUT = 15_000


def require_chromium() -> str:
    """Return Chromium's path; skip loudly without it, or fail when CI=true."""
    path = chromium_path()
    if path:
        return path
    where = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    reason = (f"BROWSER TESTS NOT RUN: no Chromium executable at {where!r}; "
              "install Debian's chromium or set CHROMIUM=/path/to/chromium")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + " (CI=true requires the browser tests)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium headless, without sandbox, GPU or background traffic."""
    return {**browser_type_launch_args, "executable_path": require_chromium(),
            "args": LAUNCH_ARGS}


def create_explorer(data_dir: Path):
    """Return a fresh explorer app on ``data_dir`` (app.create_app with a config dict)."""
    import app as app_module

    return app_module.create_app({"data": str(data_dir), "debug": False})


@contextlib.contextmanager
def explorer_served(data_dir: Path):
    """Serve a fresh explorer on ``data_dir`` while the block runs (skip without Chromium)."""
    require_chromium()  # no browser, no point starting a server
    server = LiveServer(create_explorer(data_dir))
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def bundled_data() -> Path:
    """Return the bundled data folder; fail when it is missing (it ships with the repo)."""
    if not (BUNDLED_DATA / "nodes.csv").is_file():
        pytest.fail(f"the bundled data are missing: {BUNDLED_DATA / 'nodes.csv'}")
    return BUNDLED_DATA


@pytest.fixture(scope="session")
def live_server(bundled_data):
    """Serve the explorer on the bundled data for the whole session."""
    with explorer_served(bundled_data) as server:
        yield server


@pytest.fixture(scope="session")
def bundled_graph(bundled_data):
    """Return the bundled data as the builder loads them, for expected values."""
    from graph.build import load_graph

    return load_graph(bundled_data)


def write_dataset(folder: Path, nodes: list[dict], edges: list[dict]) -> Path:
    """Write a small dataset (nodes.csv, edges.csv) into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    node_cols = ["id", "label", "tier", "description", "code", "aliases"]
    edge_cols = ["source", "target", "relation", "evidence"]
    for name, cols, rows in (("nodes.csv", node_cols, nodes), ("edges.csv", edge_cols, edges)):
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=cols)
            writer.writeheader()
            for row in rows:
                writer.writerow({c: row.get(c, "") for c in cols})
    return folder


def jobs_under_one_profession(jobs: int) -> tuple[list[dict], list[dict]]:
    """Return (nodes, edges) of a dataset: the 12 needs, Chef serving Family, and ``jobs``
    jobs drawing on Chef (enough of them put the default view beyond the element cap)."""
    from graph.schema import NEEDS

    nodes = [{"id": n.id, "label": n.label, "tier": "need", "description": f"The need {n.label}."}
             for n in NEEDS]
    nodes.append({"id": "chef", "label": "Chef", "tier": "profession", "code": "35-1011",
                  "description": "Plans menus and runs a kitchen."})
    nodes += [{"id": f"cook-{i:04d}", "label": f"Cook {i}", "tier": "job",
               "description": "Cooks at one station."} for i in range(jobs)]
    edges = [{"source": "chef", "target": "family", "relation": "serves"}]
    edges += [{"source": f"cook-{i:04d}", "target": "chef", "relation": "draws_on"}
              for i in range(jobs)]
    return nodes, edges


class ConsoleLog:
    """Console errors and uncaught page errors seen by one page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def _on_console(self, msg) -> None:
        """Keep messages of type error that are not on the allowed list."""
        if msg.type == "error" and not any(a in msg.text for a in ALLOWED_CONSOLE_ERRORS):
            self.errors.append(msg.text)


@pytest.fixture
def console(page):
    """Collect console errors of the test's page; the test fails if any appeared."""
    log = ConsoleLog(page)
    page.set_default_timeout(TIMEOUT)
    yield log
    assert log.errors == [], f"console errors in the browser: {log.errors}"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Give each page a 1280x800 window and accept downloads."""
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800},
            "accept_downloads": True}


#: JavaScript that returns the Cytoscape instance of the page's graph (or null).
CY = "(() => { const el = document.getElementById('graph'); " \
     "return el && el._cyreg ? el._cyreg.cy : null; })()"


class Explorer:
    """A page of the explorer, driven like a user: clicks, typing, keys and downloads."""

    #: How long no callback request may be in flight before the page counts as settled.
    QUIET_SECONDS = 0.3

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        # Callback requests in flight, seen from the network: the page's own loading
        # flags miss the gap between the layout being drawn and the first callbacks
        # being sent (a click in that gap lands on a graph about to be redrawn).
        self._in_flight: set = set()
        self._sent = 0
        self._last_activity = time.monotonic()
        page.on("request", self._request_sent)
        page.on("requestfinished", self._request_ended)
        page.on("requestfailed", self._request_ended)

    def _request_sent(self, request) -> None:
        if "/_dash-update-component" in request.url:
            self._in_flight.add(request)
            self._sent += 1
            self._last_activity = time.monotonic()

    def _request_ended(self, request) -> None:
        if request in self._in_flight:
            self._in_flight.discard(request)
            self._last_activity = time.monotonic()

    # -- navigation and waiting

    def open(self, query: str = "") -> "Explorer":
        """Load the page (with a URL query) and wait until the graph is drawn."""
        sent = self._sent
        self.page.goto(self.base_url + "/" + query)
        self._wait_first_callbacks(sent)
        self.wait_drawn()
        return self

    def open_url(self, url: str) -> "Explorer":
        """Load a full URL (e.g. one copied from another page) and wait for the graph."""
        sent = self._sent
        self.page.goto(url)
        self._wait_first_callbacks(sent)
        self.wait_drawn()
        return self

    def wait_drawn(self) -> None:
        """Wait until the graph holds nodes, no callback is pending and the graph shows: a
        page opened at an address keeps it hidden until the address's view is drawn
        (``url-view-pending``), and a hidden graph takes no click."""
        self.page.wait_for_function(f"() => {{ const cy = {CY}; return cy && cy.nodes().length > 0; }}")
        self.wait_idle()
        self.page.wait_for_function(
            "() => getComputedStyle(document.getElementById('graph')).visibility === 'visible'")

    def _wait_first_callbacks(self, sent_before: int) -> None:
        """Wait until a newly loaded page has sent its first callback request."""
        deadline = time.monotonic() + TIMEOUT / 1000
        while self._sent == sent_before and time.monotonic() < deadline:
            self.page.wait_for_timeout(25)

    def wait_idle(self) -> None:
        """Wait until Dash has no callback in flight, none was for a moment, and the
        page's loading flags are clear (so the last answer has been drawn)."""
        deadline = time.monotonic() + TIMEOUT / 1000
        while True:
            self.page.wait_for_function(
                "() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
            quiet = time.monotonic() - self._last_activity
            if not self._in_flight and quiet >= self.QUIET_SECONDS:
                return
            assert time.monotonic() < deadline, "callbacks still in flight after the timeout"
            self.page.wait_for_timeout(50)

    def wait_status_change(self, before: str) -> str:
        """Wait until the status line differs from ``before`` and return it."""
        self.page.wait_for_function(
            "(before) => { const s = document.getElementById('status'); "
            "return s && s.textContent.trim() !== '' && s.textContent !== before; }", arg=before)
        self.wait_idle()
        return self.status()

    # -- what the page shows

    def status(self) -> str:
        """Return the status line ("Showing N of M nodes, ...")."""
        return self.page.locator("#status").inner_text()

    def shown_counts(self) -> tuple[int, int]:
        """Return (N, M) of "Showing N of M nodes"."""
        import re

        match = re.search(r"Showing ([\d,]+) of ([\d,]+) nodes", self.status())
        assert match, f"no 'Showing N of M nodes' in {self.status()!r}"
        return tuple(int(g.replace(",", "")) for g in match.groups())

    def node_ids(self) -> list[str]:
        """Return the sorted ids of the data nodes drawn (ring guides left out)."""
        return self.page.evaluate(
            f"() => {CY}.nodes().filter(n => !n.hasClass('ring')).map(n => n.id()).sort()")

    def node_tiers(self) -> set[str]:
        """Return the tiers of the drawn nodes."""
        return set(self.page.evaluate(
            f"() => {CY}.nodes().filter(n => !n.hasClass('ring')).map(n => n.data('tier'))"))

    def details_text(self) -> str:
        """Return the text of the details panel."""
        return self.page.locator("#details").inner_text()

    def details_title(self) -> str:
        """Return the title of the details panel (the selected node's label)."""
        return self.page.locator("#details .details-title").inner_text()

    def wait_details(self, label: str) -> None:
        """Wait until the details panel is about the node labelled ``label``."""
        self.page.wait_for_function(
            "(label) => { const t = document.querySelector('#details .details-title'); "
            "return t && t.textContent === label; }", arg=label)

    def tab(self, name: str) -> None:
        """Open one of the side panel's tabs (Details, Coverage, Table, Export)."""
        self.page.locator("#panel-tabs").get_by_text(name, exact=True).click()

    def checked(self, checklist_id: str) -> list[str]:
        """Return the values of the ticked boxes of a checklist."""
        return self.page.evaluate(
            "(id) => Array.from(document.querySelectorAll('#' + id + ' input:checked'))"
            ".map(i => i.value)", checklist_id)

    # -- the search boxes (assets/search.js)

    def search_box(self, name: str = "Search"):
        """Return a search box by its accessible name: the header's ("Search"), or "Path to"."""
        return self.page.get_by_role("combobox", name=name, exact=name == "Search")

    def search_options(self, name: str = "Search"):
        """Return the options a search box lists."""
        listbox = self.search_box(name).get_attribute("aria-controls")
        return self.page.locator(f"[id='{listbox}']").get_by_role("option")

    def type_search(self, text: str, delay: float = 120, name: str = "Search"):
        """Click a search box and type ``text`` one key every ``delay`` ms; return the box."""
        box = self.search_box(name)
        box.click()
        self.page.keyboard.type(text, delay=delay)
        return box

    # -- the graph, by real mouse clicks

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Return the page coordinates of a drawn node's centre."""
        return tuple(self.page.evaluate(f"""(id) => {{
            const cy = {CY}; const box = document.getElementById('graph').getBoundingClientRect();
            const p = cy.getElementById(id).renderedPosition();
            return [box.left + p.x, box.top + p.y];
        }}""", node_id))

    def settled_point(self, node_id: str) -> tuple[float, float]:
        """Return the page coordinates of a drawn node's centre once it stays put for two
        frames: a user aims at a node where it is, after a refit or a line of text above
        the graph has moved it (on a loaded machine, frames after the last answer)."""
        deadline = time.monotonic() + TIMEOUT / 1000
        while True:
            before, after = self.page.evaluate(f"""(id) => new Promise(resolve => {{
                const at = () => {{
                    const cy = {CY}; const box = document.getElementById('graph').getBoundingClientRect();
                    const p = cy.getElementById(id).renderedPosition();
                    return [box.left + p.x, box.top + p.y];
                }};
                const first = at();
                requestAnimationFrame(() => requestAnimationFrame(() => resolve([first, at()])));
            }})""", node_id)
            if math.dist(before, after) < 0.5:
                return tuple(after)
            assert time.monotonic() < deadline, f"{node_id} is still moving on the page"

    def click_node(self, node_id: str) -> None:
        """Click a node of the graph with the mouse, as a user does.

        The graph's tap listener names the node it took (``window.__wowTapped``). When it
        took none because the node moved on the page between aiming and clicking (a late
        refit of the graph), the click is aimed again, as a user would; a click on a node
        that stayed put and was not taken fails."""
        assert self.page.evaluate(f"(id) => {CY}.getElementById(id).nonempty()", node_id), \
            f"{node_id} is not drawn"
        for _ in range(3):
            self.page.wait_for_function(f"() => !{CY}.animated()")  # a zoom to a selection
            x, y = self.settled_point(node_id)
            box = self.page.locator("#graph").bounding_box()
            assert box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"], \
                f"{node_id} is outside the graph's box"
            on_top = self.page.evaluate(
                "([x, y]) => { const el = document.elementFromPoint(x, y);"
                " return el ? (el.closest('#graph') ? 'graph' : el.id || el.className || el.tagName) : null; }",
                [x, y])
            assert on_top == "graph", f"{node_id} is under {on_top!r}, not clickable on the graph"
            since = self.page.evaluate("() => Date.now()")
            self.page.mouse.click(x, y)
            try:
                self.page.wait_for_function(
                    "([id, since]) => { const t = window.__wowTapped;"
                    " return t && t.id === id && t.t >= since; }", arg=[node_id, since],
                    timeout=2000)
                return
            except PlaywrightTimeout:
                moved = math.dist(self.node_point(node_id), (x, y))
                assert moved >= 0.5, f"a click on {node_id}, which stayed put, was not taken"
        raise AssertionError(f"{node_id} kept moving away from the clicks aimed at it")

    def centre_offset(self, node_id: str) -> tuple[float, float]:
        """Return how far a node is from the graph's centre, as fractions of its size."""
        return tuple(self.page.evaluate(f"""(id) => {{
            const cy = {CY}; const p = cy.getElementById(id).renderedPosition();
            return [Math.abs(p.x - cy.width() / 2) / cy.width(),
                    Math.abs(p.y - cy.height() / 2) / cy.height()];
        }}""", node_id))


@pytest.fixture
def explorer(page, live_server, console):
    """A page of the explorer on the bundled data (console errors fail the test)."""
    return Explorer(page, live_server.url)


@pytest.fixture
def another_explorer(context, live_server):
    """Return a factory of more pages in the same browser context (console errors checked)."""
    logs = []

    def make() -> Explorer:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        logs.append(ConsoleLog(page))
        return Explorer(page, live_server.url)

    yield make
    errors = [e for log in logs for e in log.errors]
    assert errors == [], f"console errors in the browser: {errors}"


@pytest.fixture(scope="session")
def dataset_server(tmp_path_factory):
    """Return a factory serving the explorer on a dataset built in a test (nodes, edges)."""
    servers = []

    def serve(nodes: list[dict], edges: list[dict]) -> LiveServer:
        require_chromium()
        folder = write_dataset(tmp_path_factory.mktemp("dataset"), nodes, edges)
        servers.append(LiveServer(create_explorer(folder)))
        return servers[-1]

    yield serve
    for server in servers:
        server.close()


@pytest.fixture
def explorer_at(page, console):
    """Return a factory of an Explorer page on another server's URL (console errors checked)."""
    return lambda base_url: Explorer(page, base_url)
