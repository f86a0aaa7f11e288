"""Forged callback requests against the real endpoint: a 4xx or a harmless no-op, never a 500.

Every server callback the app registers (read from ``GET /_dash-dependencies``, so a new
callback is covered without touching this file) is sent hypothesis-generated JSON values
for its inputs and state, plus the shapes a browser never sends: missing fields, unknown
outputs, huge lists, 1000-deep nesting, invalid JSON and bodies over the size limit.
"""

from __future__ import annotations

import json
import logging
import os
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import app as app_module
from explorer.client import UPDATE, DashClient, changed_ids, is_pattern, parse_id, payload, prop_id
from explorer.serving import MAX_BODY_BYTES

HOSTILE_TEXT = st.sampled_from([
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "=cmd|'/C calc'!A0",
    "../../etc/passwd", "health-and-well-being", "family", "job", "profession", "Need",
    "x" * 5000, "\x00\ud7ff", "NaN", "-1", "1e308", "{}", "[]", "?needs=family&tiers=job",
    "__proto__", "constructor",
])
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40)
           | HOSTILE_TEXT)
#: Ids of the tiny dataset and words the callbacks look for, so forged values also reach
#: the code past the first type check.
KNOWN = st.sampled_from([
    "registered-nurse", "mount-sinai-hospital", "loan-officer", "health-care", "family",
    "learning", "need", "profession", "industry", "organization", "job", "select", "focus",
    "graphml", "gexf", "csv", "json", "svg", "png", "cose", "concentric", "web", "export",
    "coverage", "details", "table", "learning:job", "family:profession", "no-such-node",
])
ANY_TEXT = st.text(max_size=40) | HOSTILE_TEXT | KNOWN
SCALARS = SCALARS | KNOWN
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=6)
    | st.dictionaries(st.text(max_size=12) | HOSTILE_TEXT, inner, max_size=6),
    max_leaves=25,
)

@st.composite
def _shaped(draw):
    """Draw a value shaped like what a callback expects, with forged contents."""
    anything = draw(st.sampled_from(["scalar", "json"]))
    leaf = SCALARS if anything == "scalar" else JSON_VALUES_BASE
    return draw(st.one_of(
        st.fixed_dictionaries({"id": leaf}),
        st.fixed_dictionaries({"node": leaf, "action": leaf, "ts": leaf}),
        st.fixed_dictionaries({"points": st.lists(
            st.fixed_dictionaries({"customdata": leaf}) | leaf, max_size=3)}),
        st.fixed_dictionaries({"needs": leaf, "tiers": leaf, "depth": leaf, "focus": leaf,
                               "selected": leaf, "layout": leaf, "path_to": leaf}),
        st.fixed_dictionaries({"past": leaf, "future": leaf, "entries": leaf}),
        st.lists(leaf, max_size=15),
        st.lists(KNOWN, max_size=15),
        st.builds(lambda a, b: f"?{a}={b}", ANY_TEXT, ANY_TEXT),
        st.lists(st.builds(lambda a, b: f"{a}={b}", st.sampled_from(
            ["needs", "tiers", "depth", "focus", "selected", "layout", "path", "q"]),
            ANY_TEXT), max_size=6).map(lambda parts: "?" + "&".join(parts)),
    ))


JSON_VALUES_BASE = JSON_VALUES
JSON_VALUES = st.one_of(JSON_VALUES_BASE, _shaped())
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def dash_app():
    """One explorer on the tiny dataset for the whole module (callbacks keep no state)."""
    from tests.conftest import FIXTURES

    return app_module.create_app({"data": str(FIXTURES / "tiny"), "debug": False})


@pytest.fixture(scope="module")
def client(dash_app):
    """An in-process client of the explorer; the page is fetched once so Dash is set up."""
    c = DashClient(dash_app)
    assert c.get("/").status == 200
    return c


@pytest.fixture(scope="module")
def server_callbacks(client):
    """The server-side callbacks as the renderer learns them (clientside ones skipped)."""
    found = [c for c in client.callbacks() if not c.clientside]
    assert len(found) >= 10, f"expected the explorer's callbacks, got {len(found)}"
    return found


def _concrete_id(cid, n: int):
    """Return the id of the n-th component matched by a (possibly wildcard) id."""
    if isinstance(cid, dict):
        return {k: (f"forged-{n}" if v == ["ALL"] or v == ["MATCH"] else v)
                for k, v in cid.items()}
    return cid


def _forged(dependency: tuple[str, str], value, most: int = 5):
    """Return the value `payload` takes for one dependency: for a wildcard id, up to
    ``most`` components with forged ids, each holding one item of ``value``."""
    cid, _ = dependency
    if is_pattern(cid):
        values = value if isinstance(value, list) else [value]
        return [(_concrete_id(parse_id(cid), n), v) for n, v in enumerate(values[:most])]
    return value


def body_for(callback, input_values: list, state_values: list, changed=None,
             most: int = 5) -> dict:
    """Return a /_dash-update-component body for ``callback`` with the given values."""
    return payload(callback, [_forged(d, v, most) for d, v in zip(callback.inputs, input_values)],
                   [_forged(d, v, most) for d, v in zip(callback.state, state_values)], changed)


def assert_harmless(response) -> None:
    """A forged request gets a 2xx/4xx answer with no Python traceback in it."""
    text = response.text
    assert response.status < 500, f"{response.status}: {text[:500]}"
    assert "Traceback" not in text and 'File "' not in text, text[:500]


@st.composite
def forged_calls(draw, callbacks):
    """Draw a callback and random JSON values for its inputs, state and fired prop."""
    callback = draw(st.sampled_from(callbacks))
    ins = [draw(JSON_VALUES) for _ in callback.inputs]
    states = [draw(JSON_VALUES) for _ in callback.state]
    body = body_for(callback, ins, states)
    if body["inputs"] and draw(st.booleans()):
        # Fire a random one of the inputs instead of the first.
        pick = draw(st.integers(0, len(body["inputs"]) - 1))
        body["changedPropIds"] = changed_ids(body["inputs"][pick])
    return body


def test_the_spec_parser_reads_every_registered_callback(server_callbacks):
    for callback in server_callbacks:
        for cid, prop in callback.outputs:
            assert cid and prop, callback.output


def test_each_callback_answers_a_plain_request(client, server_callbacks):
    """Baseline: each callback with None values answers without a server error."""
    for callback in server_callbacks:
        body = body_for(callback, [None] * len(callback.inputs), [None] * len(callback.state))
        assert_harmless(client.post(UPDATE, body))


def explorer_failures(records) -> list[str]:
    """Return the logged exceptions raised inside the explorer's own code."""
    found = []
    for record in records:
        if not record.exc_info:
            continue
        tb = record.exc_info[2]
        frames = traceback.extract_tb(tb)
        ours = [f for f in frames if f"{os.sep}explorer{os.sep}" in f.filename]
        if ours:
            last = ours[-1]
            found.append(f"{record.exc_info[0].__name__}: {record.exc_info[1]} "
                         f"at {Path(last.filename).name}:{last.lineno}")
    return found


#: Callback families by a component id their output spec names; every server callback
#: must fall in one (checked below), so a new callback is fuzzed too.
FAMILIES = {
    "controller": "view-state.data",
    "graph view": "graph.elements",
    "filters": "need-picker.value@",
    "nav request": "nav-request.data@",
    "export": "export-",
    "png": "graph.generateImage",
    "coverage": "coverage-",
    "what if": "whatif-",
    "table": "node-table",
    "organization": "org-",
    "moves": "moves-",
    "compare": "compare",
}


def family_of(callback) -> list[str]:
    """Return the families whose marker appears in ``callback``'s output spec."""
    return [name for name, marker in FAMILIES.items() if marker in callback.output]


def test_every_callback_is_in_a_fuzzed_family(server_callbacks):
    assert [c.output for c in server_callbacks if not family_of(c)] == []


@pytest.mark.parametrize("family", list(FAMILIES))
def test_random_json_values_never_break_a_callback(client, server_callbacks, caplog, family):
    """Well-formed bodies with any JSON values: no 500, and no callback even raises."""
    chosen = [c for c in server_callbacks if family in family_of(c)]
    assert chosen, f"no registered callback in family {family!r}"

    @FUZZ
    @given(body=forged_calls(chosen))
    def run(body):
        assert_harmless(client.post(UPDATE, body))

    with caplog.at_level(logging.ERROR):
        run()
    assert explorer_failures(caplog.records) == []


#: Values of every JSON type (and the shapes callbacks read) fired at every input in turn.
EVERY_TYPE = [None, True, False, 0, 7, -3, 2.5, 1e308, "", "x", "registered-nurse",
              "<script>alert(1)</script>", [], [1, "a", None], ["family", "job"], [[["deep"]]],
              {}, {"id": ["x"]}, {"node": {"a": 1}, "action": 5}, {"index": "1", "ts": None},
              {"points": [3]}, {"points": [{"customdata": ["a"]}]},
              {"needs": 1, "tiers": {"a": 1}, "depth": [], "selected": {"x": 1}}]


def test_every_type_fired_at_every_input(client, server_callbacks, caplog):
    """Each input of each callback fired alone with each type: deterministic, no raise."""
    with caplog.at_level(logging.ERROR):
        for callback in server_callbacks:
            for position in range(len(callback.inputs)):
                for value in EVERY_TYPE:
                    values = [None] * len(callback.inputs)
                    values[position] = value
                    body = body_for(callback, values, [value] * len(callback.state))
                    body["changedPropIds"] = changed_ids(body["inputs"][position])
                    assert_harmless(client.post(UPDATE, body))
    assert explorer_failures(caplog.records) == []


@pytest.mark.parametrize("shape", ["huge list", "huge dict", "deep list", "deep dict",
                                   "long text", "huge number"])
def test_pathological_values_in_every_input(client, server_callbacks, shape):
    value = {
        "huge list": list(range(20_000)),
        "huge dict": {f"k{i}": i for i in range(10_000)},
        "deep list": None,
        "deep dict": None,
        "long text": "<b>" * 50_000,
        "huge number": 10**300,
    }[shape]
    for callback in server_callbacks:
        for position in range(len(callback.inputs)):
            values = [None] * len(callback.inputs)
            values[position] = value
            body = body_for(callback, values, [value] * len(callback.state))
            if shape.startswith("deep"):
                inner = "[" * 1000 + "]" * 1000 if shape == "deep list" \
                    else '{"a":' * 1000 + "1" + "}" * 1000
                body = json.dumps(body).replace("null", inner)  # posted as is
            assert_harmless(client.post(UPDATE, body))


def test_thousands_of_pattern_matched_components(client, server_callbacks, caplog):
    """A forged request claiming 5000 buttons of a pattern-matching input is harmless."""
    wildcard = [c for c in server_callbacks if any(is_pattern(i) for i, _ in c.inputs)]
    assert wildcard, "no pattern-matching callback: the test would prove nothing"
    with caplog.at_level(logging.ERROR):
        for callback in wildcard:
            body = body_for(callback, [list(range(1, 5001))] * len(callback.inputs),
                            [None] * len(callback.state), changed=[], most=5000)
            first = body["inputs"][0]
            entries = first if isinstance(first, list) else [first]
            body["changedPropIds"] = [prop_id(e["id"], "n_clicks")
                                      for e in entries[:50] if isinstance(e["id"], dict)]
            response = client.post(UPDATE, body)
            assert_harmless(response)
            assert response.status != 413, "the body should fit under the size limit"

    assert explorer_failures(caplog.records) == []


@pytest.mark.parametrize("mutation", [
    "no output", "unknown output", "output is a list", "no outputs", "outputs is text",
    "no inputs", "inputs is a dict", "input entry is text", "input without value",
    "input without id", "state missing", "state is text", "changed is text",
    "changed names an unknown prop", "changed is a dict", "extra fields",
])
def test_malformed_bodies(client, server_callbacks, mutation):
    for callback in server_callbacks:
        body = body_for(callback, [1] * len(callback.inputs), [{}] * len(callback.state))
        if mutation == "no output":
            del body["output"]
        elif mutation == "unknown output":
            body["output"] = "no-such-component.children"
        elif mutation == "output is a list":
            body["output"] = [callback.output]
        elif mutation == "no outputs":
            del body["outputs"]
        elif mutation == "outputs is text":
            body["outputs"] = "graph.elements"
        elif mutation == "no inputs":
            del body["inputs"]
        elif mutation == "inputs is a dict":
            body["inputs"] = {"id": "url", "property": "search", "value": "?x"}
        elif mutation == "input entry is text":
            body["inputs"] = ["url.search"] * len(callback.inputs)
        elif mutation == "input without value":
            body["inputs"] = [{"id": "url", "property": "search"}] * len(callback.inputs)
        elif mutation == "input without id":
            body["inputs"] = [{"property": "search", "value": 1}] * len(callback.inputs)
        elif mutation == "state missing":
            body.pop("state", None)
        elif mutation == "state is text":
            body["state"] = "view-state.data"
        elif mutation == "changed is text":
            body["changedPropIds"] = "url.search"
        elif mutation == "changed names an unknown prop":
            body["changedPropIds"] = ["nothing.here", ".", ""]
        elif mutation == "changed is a dict":
            body["changedPropIds"] = {"url.search": 1}
        elif mutation == "extra fields":
            body.update(extra=[1] * 1000, __proto__={"polluted": True})
        assert_harmless(client.post(UPDATE, body))


@pytest.mark.parametrize("raw", [
    b"", b"{", b"not json", b"null", b"[]", b"1", b'"text"', b"\xff\xfe\x00", b"{" * 5000,
    b'{"output": 1}', b'{"output": null, "inputs": null}',
])
def test_invalid_json_gets_a_client_error(client, raw):
    response = client.post(UPDATE, raw)
    assert_harmless(response)
    assert response.status >= 400 or response.status == 204


@pytest.mark.parametrize("size", [MAX_BODY_BYTES + 1, 4 * MAX_BODY_BYTES])
def test_oversized_body_is_refused_with_413(client, size):
    padding = "x" * size
    response = client.post(UPDATE, json.dumps({"output": "graph.elements", "pad": padding}))
    assert response.status == 413
    assert "Traceback" not in response.text


def test_get_of_the_callback_url_is_405(client):
    assert client.get(UPDATE).status == 405


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", ""])
def test_other_content_types_are_harmless(client, server_callbacks, content_type):
    first = server_callbacks[0]
    body = body_for(first, [None] * len(first.inputs), [None] * len(first.state))
    assert_harmless(client.post(UPDATE, body, content_type=content_type))


def test_the_server_still_answers_after_the_barrage(client, server_callbacks):
    """After every forged request above, a legitimate page load and callback still work."""
    assert client.get("/").status == 200
    assert client.get("/healthz").json()["nodes"] > 0
    controller = next(c for c in server_callbacks if "view-state.data" in c.output
                      and any(i == "url" for i, _ in c.inputs))
    values = [None] * len(controller.inputs)
    values[[i for i, _ in controller.inputs].index("url")] = "?needs=family"
    response = client.update(controller, values, [None] * len(controller.state),
                             changed=["url.search"])
    assert response.status == 200, response.text[:300]
    assert "view-state" in response.json()["response"]
