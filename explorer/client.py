"""A client of the Dash callback protocol, in-process on a Flask test client or over HTTP.

A Dash page learns its components from ``GET /_dash-layout`` and its callbacks from
``GET /_dash-dependencies``; each time a callback's inputs change, the renderer posts a
JSON payload to ``POST /_dash-update-component`` and merges the answer's ``response``
(component id -> prop -> value) into the page. `DashClient` speaks that protocol as
the renderer does, so tests and the load script exercise the real endpoint:

* ``DashClient(app)`` answers in-process, through the Flask test client of a Dash app;
* ``DashClient.http(host, port)`` talks to a served app, one connection per request.

`Callback` and `parse_callbacks` read the callback map, `payload` builds the request body
of one callback from values for its declared inputs and state, and `decode` checks and
unpacks the answer. A raw body (forged, broken or oversized) can be posted as is with
`DashClient.post`.

Examples
--------
>>> from dash import Dash, Input, Output, html
>>> app = Dash(__name__)
>>> app.layout = html.Div([html.Button(id="button"), html.Div(id="out")])
>>> @app.callback(Output("out", "children"), Input("button", "n_clicks"))
... def clicked(n):
...     return f"clicked {n} times"
>>> client = DashClient(app)
>>> [callback] = client.callbacks()
>>> callback.name, callback.input_keys
('out.children', ['button.n_clicks'])
>>> client.call(callback, [3])
{'out': {'children': 'clicked 3 times'}}
>>> client.post(UPDATE, b"not json").status
400
"""

from __future__ import annotations

import http.client
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

#: The renderer's three endpoints.
LAYOUT = "/_dash-layout"
DEPENDENCIES = "/_dash-dependencies"
UPDATE = "/_dash-update-component"

#: Wildcards of pattern-matching ids, as written in a callback map.
WILDCARDS = ('["ALL"]', '["MATCH"]', '["ALLSMALLER"]')


class _Undefined:
    """The value of a prop the page does not hold (``undefined`` in the browser)."""

    def __repr__(self) -> str:
        return "UNDEFINED"


#: Pass it as a value to leave ``value`` out of an entry, as the renderer does for a prop
#: that was never set.
UNDEFINED = _Undefined()


# ----------------------------------------------------------------------------- ids

def split_props(text: str) -> list[tuple[str, str]]:
    """Return the (component id, property) pairs of a callback's output string.

    See Also
    --------
    parse_id : the id of one pair, as the renderer sends it.

    Examples
    --------
    >>> split_props("..view-state.data...url.search..")
    [('view-state', 'data'), ('url', 'search')]
    >>> split_props("nav-request.data@a57c")
    [('nav-request', 'data@a57c')]
    """
    parts = text[2:-2].split("...") if text.startswith("..") and text.endswith("..") else [text]
    return [tuple(p.rsplit(".", 1)) for p in parts]


def parse_id(text: str) -> str | dict:
    """Return a component id as written in a callback map: a dict for pattern ids.

    Examples
    --------
    >>> parse_id("graph"), parse_id('{"tier":["ALL"],"type":"narrow"}')
    ('graph', {'tier': ['ALL'], 'type': 'narrow'})
    """
    return json.loads(text) if text.startswith("{") else text


def id_key(component_id) -> str:
    """Return the text Dash uses for a component id (dict ids as sorted compact JSON).

    See Also
    --------
    prop_id : the ``id.prop`` text of ``changedPropIds``.

    Examples
    --------
    >>> id_key("graph"), id_key({"type": "narrow", "tier": "job"})
    ('graph', '{"tier":"job","type":"narrow"}')
    """
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def prop_id(component_id, prop: str) -> str:
    """Return the ``id.prop`` text naming one prop of one component.

    Examples
    --------
    >>> prop_id({"type": "open", "node": "a"}, "n_clicks")
    '{"node":"a","type":"open"}.n_clicks'
    """
    return f"{id_key(component_id)}.{prop}"


def changed_ids(entry) -> list[str]:
    """Return the ``id.prop`` texts of an ``inputs`` entry (a list of them for patterns).

    Examples
    --------
    >>> changed_ids({"id": "url", "property": "search", "value": "?x"})
    ['url.search']
    >>> changed_ids([{"id": {"k": 1}, "property": "n"}, {"id": {"k": 2}, "property": "n"}])
    ['{"k":1}.n', '{"k":2}.n']
    """
    return [prop_id(e["id"], e["property"]) for e in (entry if isinstance(entry, list) else [entry])]


def is_pattern(component_id: str) -> bool:
    """Tell whether a component id of a callback map holds a wildcard (ALL, MATCH...).

    Examples
    --------
    >>> is_pattern('{"node":["ALL"],"type":"open"}'), is_pattern("graph")
    (True, False)
    """
    return component_id.startswith("{") and any(w in component_id for w in WILDCARDS)


def matches(pattern: dict, component_id) -> bool:
    """Tell whether a dict component id matches a pattern id with ``ALL`` wildcards.

    Examples
    --------
    >>> matches({"type": "narrow", "tier": ["ALL"]}, {"type": "narrow", "tier": "job"})
    True
    >>> matches({"type": "narrow", "tier": ["ALL"]}, {"type": "open", "tier": "job"})
    False
    """
    if not isinstance(component_id, dict) or set(component_id) != set(pattern):
        return False
    return all(isinstance(v, list) or component_id[k] == v for k, v in pattern.items())


# ----------------------------------------------------------------------------- callbacks

@dataclass
class Callback:
    """One entry of an app's callback map, as ``/_dash-dependencies`` describes it.

    ``inputs`` and ``state`` are (component id, property) pairs, pattern ids as JSON
    text; ``outputs`` and ``out_keys`` (``id.prop`` with any ``@hash`` of a duplicate
    output dropped) are derived from ``output``.
    """

    output: str
    inputs: list[tuple[str, str]]
    state: list[tuple[str, str]] = field(default_factory=list)
    clientside: str | None = None
    prevent_initial: bool = False
    name: str = ""
    outputs: list[tuple[str, str]] = field(init=False)
    out_keys: frozenset = field(init=False)

    def __post_init__(self):
        self.outputs = split_props(self.output)
        self.out_keys = frozenset(f"{i}.{p.split('@')[0]}" for i, p in self.outputs)
        if not self.name:
            cid, prop = self.outputs[0]
            self.name = f"{cid}.{prop.split('@')[0]}"

    @property
    def input_keys(self) -> list[str]:
        """Return ``id.prop`` of every input."""
        return [f"{i}.{p}" for i, p in self.inputs]

    @property
    def supported(self) -> bool:
        """Tell whether one request answers it for a whole page, as `payload` builds it.

        Pattern-matching outputs, MATCH and ALLSMALLER would need one request per match.
        """
        return not any(i.startswith("{") for i, _ in self.outputs) and not any(
            w in i for i, _ in self.inputs + self.state for w in WILDCARDS[1:])


def parse_callbacks(dependencies: list) -> list[Callback]:
    """Return the callbacks of a ``/_dash-dependencies`` answer, in its order.

    Several callbacks may write one prop (``allow_duplicate``): their names then end with
    the first input, so each name stays distinct.

    Examples
    --------
    >>> cb = parse_callbacks([{"output": "a.b", "inputs": [{"id": "c", "property": "d"}],
    ...                        "state": [], "prevent_initial_call": True}])[0]
    >>> cb.name, cb.input_keys, cb.clientside, cb.prevent_initial
    ('a.b', ['c.d'], None, True)
    """
    out = []
    for d in dependencies:
        fn = d.get("clientside_function")
        out.append(Callback(
            output=d["output"],
            inputs=[(i["id"], i["property"]) for i in d.get("inputs", [])],
            state=[(s["id"], s["property"]) for s in d.get("state", [])],
            clientside=(fn or {}).get("function_name") if fn else None,
            prevent_initial=bool(d.get("prevent_initial_call")),
        ))
    names = Counter(cb.name for cb in out)
    for cb in out:
        if names[cb.name] > 1 and cb.inputs:
            first = cb.inputs[0][0]
            first = "/".join(v for v in json.loads(first).values() if isinstance(v, str)) \
                if first.startswith("{") else first
            cb.name = f"{cb.name} <- {first}"
    return out


def entry(component_id, prop: str, value: Any = UNDEFINED) -> dict:
    """Return one ``inputs``/``state`` entry (``value`` left out when `UNDEFINED`).

    Examples
    --------
    >>> entry("url", "search", "?needs=family"), entry("back", "n_clicks")
    ({'id': 'url', 'property': 'search', 'value': '?needs=family'}, {'id': 'back', 'property': 'n_clicks'})
    """
    out = {"id": component_id, "property": prop}
    if value is not UNDEFINED:
        out["value"] = value
    return out


def _entries(dependency: tuple[str, str], value):
    """Return the entry of one dependency: a list over (id, value) pairs for a pattern."""
    cid, prop = dependency
    if is_pattern(cid):
        return [entry(real_id, prop, v) for real_id, v in value]
    return entry(parse_id(cid), prop, value)


def payload(callback: Callback, inputs: Iterable, state: Iterable = (),
            changed: list[str] | None = None) -> dict:
    """Return the ``/_dash-update-component`` body the renderer posts for ``callback``.

    Parameters
    ----------
    callback : Callback
        The callback to fire.
    inputs, state : iterable
        One value per declared input (state), in order; `UNDEFINED` for a prop the page
        does not hold. For a pattern-matching dependency, an iterable of (component id,
        value) pairs, one per component it matches.
    changed : list of str, optional
        The ``id.prop`` that fired it; by default those of its first input.

    See Also
    --------
    DashClient.update : posts it.

    Notes
    -----
    ``outputs`` is a list for a multi-output callback and a single entry otherwise;
    ``state`` is sent only when the callback declares some, as the renderer does.

    Examples
    --------
    >>> cb = Callback("..a.b...c.d..", [("e", "f"), ('{"k":["ALL"]}', "n")], [("g", "h")])
    >>> body = payload(cb, ["x", [({"k": 1}, 2)]], [UNDEFINED])
    >>> body["outputs"], body["changedPropIds"]
    ([{'id': 'a', 'property': 'b'}, {'id': 'c', 'property': 'd'}], ['e.f'])
    >>> body["inputs"], body["state"]
    ([{'id': 'e', 'property': 'f', 'value': 'x'}, [{'id': {'k': 1}, 'property': 'n', 'value': 2}]], [{'id': 'g', 'property': 'h'}])
    """
    outputs = [{"id": parse_id(i), "property": p} for i, p in callback.outputs]
    ins = [_entries(d, v) for d, v in zip(callback.inputs, inputs)]
    if changed is None:
        changed = changed_ids(ins[0]) if ins else []
    body = {
        "output": callback.output,
        "outputs": outputs if callback.output.startswith("..") else outputs[0],
        "inputs": ins,
        "changedPropIds": list(changed),
        "parsedChangedPropsIds": list(changed),
    }
    if callback.state:
        body["state"] = [_entries(d, v) for d, v in zip(callback.state, state)]
    return body


# ----------------------------------------------------------------------------- answers

@dataclass(frozen=True)
class Response:
    """An answer: status, body bytes, headers (case-insensitive) and seconds it took."""

    status: int
    content: bytes
    headers: Mapping[str, str]
    seconds: float

    @property
    def text(self) -> str:
        """Return the body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.content.decode("utf-8", "replace")

    def json(self):
        """Return the body parsed as JSON (ValueError when it is not JSON)."""
        return json.loads(self.content)


class AnswerError(ValueError):
    """An answer that is not what the renderer can use: ``what`` is wrong, ``detail`` shows it."""

    def __init__(self, what: str, detail: str = ""):
        super().__init__(f"{what}: {detail}" if detail else what)
        self.what, self.detail = what, detail


def decode(callback: Callback, response: Response) -> dict:
    """Return the props a callback answer sets (component id -> prop -> value).

    A "no update" answer (204) sets none; an answer the renderer could not use raises
    `AnswerError`: a status outside 2xx, a body that is not JSON or has no ``response``
    mapping, or props the callback does not output.

    Examples
    --------
    >>> cb = Callback("out.children", [("b", "n_clicks")])
    >>> ok = Response(200, b'{"multi": true, "response": {"out": {"children": "x"}}}', {}, 0.0)
    >>> decode(cb, ok), decode(cb, Response(204, b"", {}, 0.0))
    ({'out': {'children': 'x'}}, {})
    >>> decode(cb, Response(200, b'{"response": {"other": {"x": 1}}}', {}, 0.0))
    Traceback (most recent call last):
    ...
    explorer.client.AnswerError: callback answered props it does not output: ['other.x']
    """
    if response.status == 204:
        return {}
    if not 200 <= response.status < 300:
        raise AnswerError(f"status {response.status}", response.text[:200])
    try:
        answer = response.json()
    except ValueError:
        raise AnswerError("callback answer is not JSON", response.content[:120].decode(
            "utf-8", "replace")) from None
    props = answer.get("response") if isinstance(answer, dict) else None
    if not isinstance(props, dict):
        raise AnswerError("callback answer without response", str(answer)[:120])
    unexpected = {f"{c}.{p}" for c, ps in props.items() for p in ps} - callback.out_keys
    if unexpected:
        raise AnswerError("callback answered props it does not output", str(sorted(unexpected)))
    return props


# ----------------------------------------------------------------------------- transports

class _InProcess:
    """Requests answered by a Flask test client, without a socket."""

    def __init__(self, app):
        server = getattr(app, "server", app)  # a Dash app holds its Flask app as .server
        self.client = server.test_client() if hasattr(server, "test_client") else server

    def send(self, method, path, data, headers, content_type):
        extra = {} if content_type is None else {"content_type": content_type}
        response = self.client.open(path, method=method, data=data, headers=headers, **extra)
        return response.status_code, response.headers, response.get_data()


class _OverHTTP:
    """Requests sent with `http.client`, each on a connection of its own."""

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout

    def send(self, method, path, data, headers, content_type):
        if content_type is not None:
            headers = {**headers, "Content-Type": content_type}
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            return response.status, response.msg, response.read()
        finally:
            conn.close()


class DashClient:
    """One Dash app seen as the renderer sees it: its layout, its callbacks, their answers.

    ``DashClient(app)`` answers in-process (``app`` is a Dash app, its Flask app or a
    Flask test client); `DashClient.http` talks to a served app.

    See Also
    --------
    payload : the request body of one callback.
    decode : the props its answer sets.

    Notes
    -----
    Over HTTP every request opens a connection of its own and closes it once the body is
    read, so one client can be shared by threads; ``Response.seconds`` runs from sending
    the request to the last byte of the answer. Connection errors and timeouts are raised
    as they come (`OSError`, `http.client.HTTPException`).
    """

    def __init__(self, app, *, _transport=None):
        self._transport = _transport or _InProcess(app)

    @classmethod
    def http(cls, host: str, port: int, timeout: float = 30.0) -> "DashClient":
        """Return a client of the app served at ``http://host:port``."""
        return cls(None, _transport=_OverHTTP(host, port, timeout))

    def request(self, method: str, path: str, body=None,
                content_type: str | None = "application/json") -> Response:
        """Send one request and return its answer, whatever its status.

        ``body`` is sent as is when it is bytes or text, JSON-encoded otherwise; with no
        body no ``Content-Type`` is sent.
        """
        if body is None:
            data, content_type = None, None
        elif isinstance(body, (bytes, str)):
            data = body.encode() if isinstance(body, str) else body
        else:
            data = json.dumps(body).encode()
        t0 = time.monotonic()
        status, headers, content = self._transport.send(
            method, path, data, {"Accept": "application/json"}, content_type)
        return Response(status, content, headers, time.monotonic() - t0)

    def get(self, path: str) -> Response:
        """Return the answer to ``GET path``."""
        return self.request("GET", path)

    def post(self, path: str, body, content_type: str | None = "application/json") -> Response:
        """Return the answer to ``POST path`` with ``body`` (bytes or text sent as is)."""
        return self.request("POST", path, body, content_type)

    def layout(self) -> dict:
        """Return the component tree of the page (``/_dash-layout``)."""
        return self._json(LAYOUT)

    def dependencies(self) -> list:
        """Return the callback map as the app sends it (``/_dash-dependencies``)."""
        return self._json(DEPENDENCIES)

    def callbacks(self) -> list[Callback]:
        """Return the app's callbacks, clientside ones included."""
        return parse_callbacks(self.dependencies())

    def update(self, callback: Callback, inputs: Iterable, state: Iterable = (),
               changed: list[str] | None = None) -> Response:
        """Post the request the renderer sends for ``callback``; return the raw answer.

        See `payload` for ``inputs``, ``state`` and ``changed``.
        """
        return self.post(UPDATE, payload(callback, inputs, state, changed))

    def call(self, callback: Callback, inputs: Iterable, state: Iterable = (),
             changed: list[str] | None = None) -> dict:
        """Fire ``callback`` and return the props its answer sets (see `decode`)."""
        return decode(callback, self.update(callback, inputs, state, changed))

    def _json(self, path: str):
        """Return the JSON answer to ``GET path`` (AnswerError unless 200 with JSON)."""
        response = self.get(path)
        if response.status != 200:
            raise AnswerError(f"GET {path}: status {response.status}", response.text[:200])
        try:
            return response.json()
        except ValueError:
            raise AnswerError(f"GET {path}: not JSON", response.text[:120]) from None
