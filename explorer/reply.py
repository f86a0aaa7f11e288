"""A callback's reply as plain JSON values: each Dash component replaced by the JSON it
stands for, so Dash encodes the reply in one pass of orjson.

Dash encodes a reply with plotly's ``to_json_plotly``, which tries orjson first and, when
the reply holds anything orjson cannot encode (a Dash component), walks the whole reply in
Python (``clean_to_json_compatible``) before encoding it again. The state controller's
reply to a filter change holds about a thousand graph elements beside a few components
(the notice, the details, the breadcrumb): that walk took about 10 ms of each reply, seven
times the encoding itself. The same reply with its components as plain values is encoded
at once, to the same bytes.
"""

from __future__ import annotations

from dash.development.base_component import Component

__all__ = ["plain", "plain_outputs"]


def plain(value):
    """Return ``value`` with every Dash component in it, at any depth of components and
    lists, replaced by its JSON form (``to_plotly_json``, its props made plain too).

    Dicts are returned as they are (graph elements, and component props such as
    ``style``, hold no components); a tuple becomes a list, as in JSON. A value without
    components is returned as it is (a list as a copy).

    Notes
    -----
    O(components + list items). Encoding the result gives the bytes Dash gives for
    ``value``; a component left inside a dict only sends Dash down its slower path.

    Examples
    --------
    >>> from dash import html
    >>> plain([html.Span("one", id="x"), "two"])
    [{'props': {'children': 'one', 'id': 'x'}, 'type': 'Span', 'namespace': 'dash_html_components'}, 'two']
    >>> plain({"data": {"id": "chef"}})
    {'data': {'id': 'chef'}}
    """
    if isinstance(value, Component):
        as_json = value.to_plotly_json()
        as_json["props"] = {name: plain(prop) for name, prop in as_json["props"].items()}
        return as_json
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def plain_outputs(outputs: dict) -> dict:
    """Return a callback's outputs by name (a dict) with each value made `plain`.

    See Also
    --------
    explorer.controller : returns its reply through it.

    Examples
    --------
    >>> from dash import html, no_update
    >>> out = plain_outputs({"status": html.B("3"), "url": no_update})
    >>> out["status"]["type"], out["url"] is no_update
    ('B', True)
    """
    return {name: plain(value) for name, value in outputs.items()}
