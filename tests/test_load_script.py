"""The load script (bench/load.py): its model of the Dash renderer, error counting, a real run."""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench import load

REPO = Path(__file__).resolve().parents[1]


def dep(output, inputs, state=(), prevent=False, clientside=None):
    """Return one entry of a /_dash-dependencies answer."""
    split = lambda text: [dict(zip(("id", "property"), t.rsplit(".", 1))) for t in text]
    return {"output": output, "inputs": split(inputs), "state": split(state),
            "prevent_initial_call": prevent,
            "clientside_function": {"namespace": "x", "function_name": clientside}
            if clientside else None}


def component(kind, **props):
    """Return a component as it appears in a /_dash-layout answer."""
    return {"type": kind, "namespace": "dash_html_components", "props": props}


LAYOUT = component("Div", children=[
    component("Store", id="view-state", data={"selected": None}),
    component("Store", id="picker", value=["a"]),
    component("Div", id="status", children="Showing 1 of 1 nodes"),
    component("Div", id="panel", children=[
        component("Button", id={"type": "open", "node": "a"}, n_clicks=2),
        component("Button", id={"type": "open", "node": "b"}),
        component("Button", id={"type": "other", "node": "c"}),
    ]),
    component("Tabs", id="tabs", value="details"),
])

DEPS = [
    dep("..view-state.data...picker.value..", ["picker.value", "graph.tapNodeData"],
        ["view-state.data"]),
    dep("status.children", ["view-state.data"]),
    dep("summary.children", ["view-state.data", "tabs.value"]),
    dep("nav.data@abc", ['{"node":["ALL"],"type":"open"}.n_clicks'], prevent=True),
    dep("tabs.value", ["graph.tapNodeData"], prevent=True, clientside="showDetails"),
]


def page():
    """Return a fresh page on the small layout and callback map above."""
    return load.Page(json.loads(json.dumps(LAYOUT)), load.parse_callbacks(DEPS))


@pytest.mark.parametrize("changed, initial, expected", [
    # the controller-like callback fires; its dependants wait for the next wave
    ({"picker.value": None}, False, {"..view-state.data...picker.value..": ["picker.value"]}),
    # a callback is never fired by its own output
    ({"picker.value": "..view-state.data...picker.value.."}, False, {}),
    # a store written by one callback fires every reader of it
    ({"view-state.data": "x"}, False,
     {"status.children": ["view-state.data"], "summary.children": ["view-state.data"]}),
    # the emulated clientside callback brings the tab forward and fires tab readers
    ({"graph.tapNodeData": None}, False,
     {"..view-state.data...picker.value..": ["graph.tapNodeData"],
      "summary.children": ["tabs.value"]}),
    # initial load: every callback without prevent_initial_call
    ({}, True, {"..view-state.data...picker.value..": [], "status.children": [],
                "summary.children": []}),
])
def test_triggered_callbacks_follow_the_renderer(changed, initial, expected):
    p = page()
    p.set("graph", "tapNodeData", {"id": "a"})
    got = {cb.output: hits for cb, hits in p.triggered(changed, initial)}
    assert got == expected


def test_body_carries_values_states_and_expanded_patterns():
    p = page()
    cb = next(c for c in p.callbacks if c.output == "nav.data@abc")
    body = p.body(cb, ['{"node":"a","type":"open"}.n_clicks'])
    assert body["outputs"] == {"id": "nav", "property": "data@abc"}
    assert body["inputs"] == [[
        {"id": {"type": "open", "node": "a"}, "property": "n_clicks", "value": 2},
        {"id": {"type": "open", "node": "b"}, "property": "n_clicks"},  # undefined: no value
    ]]
    ctrl = next(c for c in p.callbacks if c.output.startswith(".."))
    body = p.body(ctrl, ["picker.value"])
    assert body["outputs"] == [{"id": "view-state", "property": "data"},
                               {"id": "picker", "property": "value"}]
    assert body["inputs"][0] == {"id": "picker", "property": "value", "value": ["a"]}
    assert body["state"] == [{"id": "view-state", "property": "data", "value": {"selected": None}}]


def test_answers_are_merged_and_new_components_fire_pattern_callbacks():
    p = page()
    changed = p.apply({"panel": {"children": [
        component("Button", id={"type": "open", "node": "z"})]}})
    assert changed == ["panel.children"]
    assert p.has('{"node":"z","type":"open"}') and not p.has('{"node":"a","type":"open"}')
    fired = {cb.output: hits for cb, hits in p.triggered({})}
    assert fired == {"nav.data@abc": ['{"node":"z","type":"open"}.n_clicks']}


@pytest.mark.parametrize("points, expected", [
    ([(0, 100), (1, 100), (2, 100)], 0.0),
    ([(0, 100), (1, 110), (2, 120)], 10.0),
    ([(0, 120), (2, 100)], -10.0),
])
def test_memory_slope(points, expected):
    assert load.slope(points) == pytest.approx(expected)


@pytest.mark.parametrize("values, q, expected", [
    ([5], 99, 5), (list(range(1, 101)), 95, 95), (list(range(1, 101)), 50, 50),
    (list(range(1, 11)), 99, 10),
])
def test_percentile(values, q, expected):
    assert load.percentile(values, q) == expected


def test_doctests_of_the_script_pass():
    # bench/ is outside the suite's doctest paths: run the script's examples here.
    import doctest

    failures, tried = doctest.testmod(load)
    assert tried >= 3 and failures == 0


def test_unknown_action_in_mix_is_refused():
    with pytest.raises(Exception, match="unknown action 'dance'"):
        load.parse_mix("dance=3")


# --------------------------------------------------------------- errors are counted

class _Fake(BaseHTTPRequestHandler):
    """A server with a real page and a broken callback endpoint (``mode`` on the server)."""

    def log_message(self, *args):  # keep the test output clean
        pass

    def _send(self, status, body: bytes, kind="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/":
            self._send(200, b'<div id="react-entry-point"></div>', "text/html")
        elif self.path == "/_dash-layout":
            self._send(200, json.dumps(LAYOUT).encode())
        elif self.path == "/_dash-dependencies":
            self._send(200, json.dumps(DEPS).encode())
        else:
            self._send(404, b"{}")

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.server.mode == "500":
            self._send(500, b'{"error": "boom"}')
        else:  # answers a prop the callback does not output
            self._send(200, json.dumps({"multi": True,
                                        "response": {"elsewhere": {"x": 1}}}).encode())


@contextlib.contextmanager
def fake_server(mode: str):
    """Serve `_Fake` in ``mode`` on a free local port; yield the port, shut it down after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    server.mode = mode
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("mode, kind", [
    ("500", "non-2xx (500)"),
    ("stray", "wrong content (callback answered props it does not output)"),
])
def test_errors_are_counted_by_kind(mode, kind):
    with fake_server(mode) as port:
        stats = load.run_phase("127.0.0.1", port, 1, 0.5, seed=1,
                               think=(0.05, 0.1), mix={"tap": 1}, timeout=5, ramp=0)
    summary = stats.summary()
    assert summary["errors"].get(kind, 0) >= 1, summary["errors"]
    assert set(summary["errors"]) == {kind}


def test_ctrl_c_stops_the_users_and_keeps_the_figures_so_far():
    import signal

    with fake_server("500") as port:
        main = threading.main_thread().ident
        threading.Timer(0.5, signal.pthread_kill, (main, signal.SIGINT)).start()  # as Ctrl-C does
        stats = load.run_phase("127.0.0.1", port, 2, 60, seed=1,
                               think=(0.05, 0.1), mix={"tap": 1}, timeout=5, ramp=0)
    summary = stats.summary()
    assert stats.interrupted and summary["elapsed_s"] < 60  # stopped before its time was up
    assert summary["requests"] >= 1


# --------------------------------------------------------------- a real run

def test_short_run_against_gunicorn_has_no_errors_and_a_sane_summary(tmp_path, capsys):
    out = tmp_path / "load.json"
    status = load.main(["--users", "2", "--duration", "5", "--baseline", "2", "--workers", "1",
                        "--data", str(REPO / "data"), "--think", "0.2", "0.6", "--ramp", "0",
                        "--sample", "1", "--json", str(out)])
    printed = capsys.readouterr().out
    result = json.loads(out.read_text())
    run = result["load"]
    assert run["errors"] == {}, run["error_samples"]
    assert status == 0
    assert run["users"] == 2 and result["baseline"]["users"] == 1
    assert run["requests"] >= 20 and run["throughput_rps"] > 0
    # the page was opened and real callbacks answered; the graph's elements come in the
    # controller's reply (view-state.data), checked as a list of elements by the script
    for name in ("GET /", "GET /_dash-layout", "GET /_dash-dependencies", "view-state.data"):
        assert run["per_request"][name]["count"] >= 1, name
    assert len(run["per_action"]) >= 3, run["per_action"]
    for figures in [run["overall"], run["callbacks"], *run["per_action"].values()]:
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    memory = result["memory"]
    assert memory["samples"] >= 2 and 20 < memory["start_mb"] <= memory["max_mb"]
    assert result["worker_restarts"] == 0 and result["ratio_p95"] > 0
    assert "throughput" in printed and "slope" in printed and "ratio" in printed
