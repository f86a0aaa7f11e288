"""Real-browser harness: the explorer served in a thread, driven by headless Chromium.

One server (the bundled data) and one browser per session; each test gets a fresh page.
Chromium comes from the ``CHROMIUM`` environment variable or ``/usr/bin/chromium``; when
it is missing the browser tests skip with a loud reason, except under ``CI=true`` where a
missing browser is a failure.
"""

from __future__ import annotations

import csv
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

REPO = Path(__file__).resolve().parents[2]
BUNDLED_DATA = REPO / "data"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
#: Console errors that are not ours to fix (none so far; the dash-cytoscape
#: "wheel sensitivity" notice is a warning, so it never reaches this list).
ALLOWED_CONSOLE_ERRORS: tuple[str, ...] = ()
#: Default wait for the page to react, in milliseconds.
TIMEOUT = 15_000


def chromium_path() -> str | None:
    """Return the Chromium executable to drive, or None when there is none."""
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if Path(candidate).is_file() and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate)


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


class LiveServer:
    """A Dash app's Flask server on a free 127.0.0.1 port, in a daemon thread."""

    def __init__(self, dash_app):
        self.app = dash_app
        self._server = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving and wait for the thread to end."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def create_explorer(data_dir: Path):
    """Return a fresh explorer app on ``data_dir`` (app.create_app with a config dict)."""
    import app as app_module

    return app_module.create_app({"data": str(data_dir), "debug": False})


@pytest.fixture(scope="session")
def bundled_data() -> Path:
    """Return the bundled data folder; fail when it is missing (it ships with the repo)."""
    if not (BUNDLED_DATA / "nodes.csv").is_file():
        pytest.fail(f"the bundled data are missing: {BUNDLED_DATA / 'nodes.csv'}")
    return BUNDLED_DATA


@pytest.fixture(scope="session")
def live_server(bundled_data):
    """Serve the explorer on the bundled data for the whole session."""
    require_chromium()  # no browser, no point starting a server
    server = LiveServer(create_explorer(bundled_data))
    yield server
    server.close()


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
