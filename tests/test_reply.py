"""The state controller's reply made plain JSON (explorer.reply): the browser gets the same
bytes, and the whole reply, elements and components, is encoded in one pass of orjson."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from dash import html, no_update
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from explorer import controller
from explorer.context import Context
from explorer.reply import plain, plain_outputs
from explorer.settings import resolve
from explorer.state import DEFAULT
from explorer.view import visible_graph
from graph.build import load_graph

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ctx():
    """The bundled data with a cap small enough that views are folded into groups."""
    data = REPO / "data"
    return Context.build(load_graph(data), resolve({"data": data, "element_cap": 300},
                                                   environ={}))


def _events(ctx) -> list:
    """(inputs, state, trigger) of replies a user gets: a filter change, a click, a focus,
    a group shown more of, an address partly not understood."""
    group = visible_graph(ctx, DEFAULT).groups[0]
    return [
        ({"needs": list(DEFAULT.needs[1:])}, DEFAULT, "need-picker"),
        ({"nav": {"node": "physician", "action": "select", "ts": 1}}, DEFAULT, "nav-request"),
        ({"nav": {"node": "physician", "action": "focus", "ts": 1}}, DEFAULT, "nav-request"),
        ({"nav": {"node": group.id, "action": "expand", "ts": 1}}, DEFAULT, "nav-request"),
        ({"url": "?node=ghost&needs=family"}, DEFAULT, None),
    ]


def _sent(outputs: dict) -> dict:
    """The outputs Dash sends (those not ``no_update``)."""
    return {name: value for name, value in outputs.items() if value is not no_update}


def test_every_reply_reaches_the_browser_as_the_same_json(ctx):
    for inputs, state, trigger in _events(ctx):
        outputs = _sent(controller.on_change(ctx, inputs, state.to_dict(), None, trigger))
        assert to_json_plotly(plain_outputs(outputs)) == to_json_plotly(outputs)


def test_a_reply_made_plain_holds_no_component_so_orjson_encodes_it_at_once(ctx):
    held = 0
    for inputs, state, trigger in _events(ctx):
        outputs = _sent(controller.on_change(ctx, inputs, state.to_dict(), None, trigger))
        held += any(isinstance(v, Component) or isinstance(v, list) and
                    any(isinstance(x, Component) for x in v) for v in outputs.values())
        orjson.dumps(plain_outputs(outputs), option=orjson.OPT_SERIALIZE_NUMPY)  # no TypeError
    # Replies with a details panel or an address notice hold components (a filter change's
    # cap notice is fragment JSON, a string): the test must see some.
    assert held >= 3


def test_nested_components_and_their_props_are_made_plain():
    tree = html.Div([html.Button("Change", id={"type": "org-edit", "row": 0}),
                     html.Button("Fold", type="button",
                                 **{"data-node": "g", "data-action": "fold-group"}),
                     (html.B("x"), "y")], title="t", style={"color": "red"})
    made = plain(tree)
    assert orjson.loads(orjson.dumps(made)) == orjson.loads(to_json_plotly(tree))
    assert made["props"]["style"] == {"color": "red"}
