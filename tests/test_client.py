"""The Dash protocol client (explorer/client.py): what a test or the load script relies on."""

from __future__ import annotations

import pytest
from dash import ALL, Dash, Input, Output, State, html
from flask import Flask, jsonify, request

import app as app_module
from explorer.client import (UNDEFINED, UPDATE, AnswerError, Callback, DashClient, Response,
                             decode, payload)
from explorer.testing import LiveServer, free_port
from tests.conftest import FIXTURES


def counter_app() -> Dash:
    """Return a small Dash app: a button whose clicks are echoed with a note (state), and
    a row of pattern-matched buttons whose clicks are summed."""
    dash_app = Dash(__name__)
    dash_app.layout = html.Div([
        html.Button(id="button"), html.Div(id="note", children="n"), html.Div(id="out"),
        html.Button(id={"type": "pick", "n": 1}), html.Button(id={"type": "pick", "n": 2}),
        html.Div(id="total"),
    ])

    @dash_app.callback(Output("out", "children"), Input("button", "n_clicks"),
                       State("note", "children"))
    def echo(clicks, note):
        return f"{note}: {clicks}"

    @dash_app.callback(Output("total", "children"),
                       Input({"type": "pick", "n": ALL}, "n_clicks"), prevent_initial_call=True)
    def total(clicks):
        return sum(c or 0 for c in clicks)

    return dash_app


@pytest.fixture(scope="module")
def counter():
    """An in-process client of `counter_app` and its two callbacks, by output."""
    client = DashClient(counter_app())
    return client, {cb.name: cb for cb in client.callbacks()}


@pytest.fixture(scope="module")
def explorer():
    """An in-process client of the explorer on the tiny dataset."""
    client = DashClient(app_module.create_app({"data": str(FIXTURES / "tiny"), "debug": False}))
    assert client.get("/").status == 200
    return client


def test_the_callback_map_is_read_from_the_app(counter):
    _, callbacks = counter
    echo = callbacks["out.children"]
    assert echo.inputs == [("button", "n_clicks")] and echo.state == [("note", "children")]
    assert not echo.prevent_initial and callbacks["total.children"].prevent_initial


def test_a_callback_answer_is_decoded_into_the_props_it_sets(counter):
    client, callbacks = counter
    assert client.call(callbacks["out.children"], [3], ["clicks"]) == {
        "out": {"children": "clicks: 3"}}


def test_a_pattern_input_carries_one_entry_per_component(counter):
    client, callbacks = counter
    pairs = [({"type": "pick", "n": 1}, 2), ({"type": "pick", "n": 2}, 5)]
    assert client.call(callbacks["total.children"], [pairs]) == {"total": {"children": 7}}


def test_the_layout_is_the_component_tree(counter):
    client, _ = counter
    ids = [c["props"].get("id") for c in client.layout()["props"]["children"]]
    assert ids[:3] == ["button", "note", "out"]


def test_the_explorer_controller_answers_a_url_change(explorer):
    controller = next(c for c in explorer.callbacks() if c.name == "view-state.data")
    values = [UNDEFINED] * len(controller.inputs)
    values[controller.input_keys.index("url.search")] = "?needs=family"
    props = explorer.call(controller, values, [UNDEFINED] * len(controller.state),
                          changed=["url.search"])
    assert props["view-state"]["data"]["needs"] == ["family"]
    assert props["need-picker"]["value"] == ["family"]


def test_an_unknown_output_id_is_refused_with_a_4xx(explorer):
    forged = Callback("no-such-component.children", [("url", "search")])
    response = explorer.update(forged, ["?needs=family"])
    assert 400 <= response.status < 500
    assert "Traceback" not in response.text
    with pytest.raises(AnswerError, match=r"^status 4\d\d"):
        explorer.call(forged, ["?needs=family"])


def echo_app() -> Flask:
    """Return a Flask app answering what it received: body, content type, method."""
    server = Flask(__name__)

    @server.route("/echo", methods=["GET", "POST"])
    def echo():
        return jsonify(body=request.get_data().decode("latin-1"),
                       type=request.headers.get("Content-Type"), method=request.method)

    return server


@pytest.mark.parametrize("raw", [b"\xff{not json", "{\"output\": 1", b"", b"[" * 5000])
def test_a_raw_body_is_sent_as_is(raw):
    client = DashClient(echo_app())
    got = client.post("/echo", raw).json()
    sent = raw.encode() if isinstance(raw, str) else raw
    assert got == {"body": sent.decode("latin-1"), "type": "application/json",
                   "method": "POST"}


def test_a_body_with_another_content_type_is_labelled_so():
    got = DashClient(echo_app()).post("/echo", {"a": 1}, content_type="text/plain").json()
    assert got == {"body": '{"a": 1}', "type": "text/plain", "method": "POST"}


def test_over_http_the_answers_are_the_same_as_in_process(counter):
    _, callbacks = counter
    server = LiveServer(counter_app())
    try:
        host, port = server.url.removeprefix("http://").split(":")
        client = DashClient.http(host, int(port), timeout=10)
        response = client.update(callbacks["out.children"], [4], ["over http"])
        assert response.status == 200 and response.seconds > 0
        assert decode(callbacks["out.children"], response) == {
            "out": {"children": "over http: 4"}}
        assert [cb.name for cb in client.callbacks()] == list(callbacks)
        assert client.post(UPDATE, b"{").status == 400
    finally:
        server.close()


def test_a_connection_refused_is_raised():
    client = DashClient.http("127.0.0.1", free_port(), timeout=5)
    with pytest.raises(OSError):
        client.get("/")


def test_an_undefined_value_is_left_out_as_the_renderer_does():
    cb = Callback("out.children", [("button", "n_clicks"), ("url", "search")])
    body = payload(cb, [UNDEFINED, None])
    assert body["inputs"] == [{"id": "button", "property": "n_clicks"},
                              {"id": "url", "property": "search", "value": None}]
    assert "state" not in body and body["changedPropIds"] == ["button.n_clicks"]


@pytest.mark.parametrize("status, content, what", [
    (500, b'{"error": "boom"}', "status 500"),
    (200, b"<html>", "callback answer is not JSON"),
    (200, b'{"multi": true}', "callback answer without response"),
    (200, b'{"response": {"elsewhere": {"x": 1}}}', "callback answered props it does not output"),
])
def test_answers_the_renderer_could_not_use_are_refused(status, content, what):
    cb = Callback("out.children", [("button", "n_clicks")])
    with pytest.raises(AnswerError) as error:
        decode(cb, Response(status, content, {}, 0.0))
    assert error.value.what == what
