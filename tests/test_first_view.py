"""The first view of the plain address: drawn from the page itself, one round trip after.

The default view's elements come in the page's layout, so the graph is drawn without
waiting for any callback. On load the renderer then fires every callback that lacks
``prevent_initial_call``: each is a request (or a browser-side run) and a re-render that
the first frames wait for. What the page is served with is already right for the plain
address, so only the state controller (which reads the address) answers on load.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import load
from explorer.app import create_app
from explorer.graphview import drawn_key
from explorer.state import DEFAULT

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def served():
    """Return (layout, callback map) of the bundled data's page, as the browser gets them."""
    client = create_app({"data": str(DATA)}).server.test_client()
    layout = json.loads(client.get("/_dash-layout").data)
    deps = json.loads(client.get("/_dash-dependencies").data)
    return layout, deps


def test_the_graph_is_in_the_page_with_the_default_view(served):
    layout, _ = served
    graph = load.Page(layout, []).get("graph", "elements")
    assert graph and any("source" in e["data"] for e in graph)
    assert load.Page(layout, []).get("graph-drawn", "data") == drawn_key(DEFAULT)


def test_only_the_state_controller_is_called_on_load(served):
    layout, deps = served
    fired = [cb.output for cb, _ in load.Page(layout, load.parse_callbacks(deps))
             .triggered({}, initial=True)]
    assert len(fired) == 1 and "view-state.data" in fired[0], fired

