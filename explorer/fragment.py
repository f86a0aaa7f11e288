"""Static HTML fragments: a tree of ``html`` components sent as one element, built in the browser.

Each Dash component on a page costs the browser a React wrapper, a store subscription that
runs on every store update, and a store update of its own when it is first drawn: about
200 components on the bundled page meant about 200 x 200 subscription checks before the
graph was drawn, and the ~80 components of a new details panel about 80 store updates
per click. Content that no callback reads and that has no component of its own
behaviour (legends, the details panel's text and ``data-node`` buttons) needs none of
that. `fragment` sends such a tree as the ``data-fragment`` attribute of one ``html.Div``;
``assets/fragment.js`` builds the same elements inside it whenever the attribute is set or
changed (first drawn, redrawn when its tab comes back, or written by a callback as
``Output(id, "data-fragment")``).
`static` makes an ``html`` component whose subtree nothing reads (a header, a label and
the box a script fills) one component the same way; `decode` reads a fragment back as the
components it shows.

Text stays text: the browser makes every string a text node, never HTML; attribute names
beginning with ``on`` and links other than http(s) are refused on both sides.

Examples
--------
>>> from dash import html
>>> encode([html.H2("Chef", className="details-title"), " and ", html.B("more")])
'[["h2",{"class":"details-title"},"Chef"]," and ",["b",{},"more"]]'
>>> box = fragment(html.P("Hello"), id="note", className="muted")
>>> box.id, box.className, box.to_plotly_json()["props"]["data-fragment"]
('note', 'muted', '[["p",{},"Hello"]]')
>>> decode(box)
[P('Hello')]
"""

from __future__ import annotations

import json

from dash import html
from dash.development.base_component import Component

__all__ = ["ATTRIBUTE", "decode", "encode", "fragment", "static"]

#: The attribute holding the fragment's JSON, read by ``assets/fragment.js``.
ATTRIBUTE = "data-fragment"
#: Dash's names of props that are not the HTML attribute of the same name.
_RENAMED = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex"}
#: Props of Dash's own bookkeeping, with no attribute in the page.
_SKIPPED = {"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "key",
            "loading_state", "setProps"}
#: Dash's html type names that are not the lowercased tag.
_TAGS = {"MapEl": "map", "ObjectEl": "object"}
#: Each attribute's Dash prop where the two names differ, for `decode`.
_PROPS = {attribute: prop for prop, attribute in _RENAMED.items()}
#: Each tag's Dash html class, for `decode`.
_CLASSES = {_TAGS.get(name, name.lower()): getattr(html, name) for name in html.__all__}


def _node(value):
    """Return one child as fragment JSON: a string, or [tag, attributes, *children]."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    if not isinstance(value, Component):
        raise TypeError(f"a fragment holds strings and html components, not {value!r}")
    if value._namespace != "dash_html_components":
        raise TypeError(f"a fragment holds html components only, not {value._namespace}."
                        f"{value._type}: it would lose its behaviour")
    attrs = {}
    # By name: Dash lists a component's data-* and aria-* attributes in an order that
    # changes with the process's hash seed, and two workers send the same bytes for a view.
    for name, prop in sorted(value.to_plotly_json()["props"].items()):
        if name in _SKIPPED or prop is None or prop is False:
            continue
        if name.lower().startswith("on"):
            raise ValueError(f"a fragment sets no event handler attribute ({name})")
        if name == "style":
            attrs["style"] = {k: str(v) for k, v in prop.items()}
        elif prop is True:
            attrs[_RENAMED.get(name, name)] = ""
        else:
            attrs[_RENAMED.get(name, name)] = str(prop)
    href = attrs.get("href", "")
    if href and not href.lower().startswith(("https://", "http://", "#")):
        raise ValueError(f"a fragment links only to web addresses, not {href!r}")
    return [_TAGS.get(value._type, value._type.lower()), attrs, *_children(value.children)]


def _children(children) -> list:
    """Return a component's children as a list of fragment JSON nodes."""
    items = children if isinstance(children, (list, tuple)) else [children]
    return [node for node in map(_node, items) if node is not None]


def encode(children) -> str:
    """Return the JSON a fragment's attribute holds for ``children`` (a component, a
    string or a list of them).

    Each string is a text node; each component is ``[tag, attributes, *children]``, its
    props as the HTML attributes they become. Raises TypeError for a component that is
    not an ``html`` one (a ``dcc`` control would lose its behaviour) and ValueError for
    an event handler or a link that is not a web address. Style values are CSS text: a
    number is given no unit.

    Notes
    -----
    O(components); compact JSON (no spaces), about a third of Dash's own JSON of the
    same components.
    """
    return json.dumps(_children(children), separators=(",", ":"), ensure_ascii=False)


def fragment(children, container=html.Div, **props) -> Component:
    """Return a ``container`` (an ``html`` component class, a Div unless given; a Span
    where only phrasing content may go) with ``props``, whose content ``children`` is
    built in the browser from its ``data-fragment`` attribute: one component on the page,
    whatever the size of ``children``.

    See Also
    --------
    encode : the attribute's JSON.
    """
    return container(**props, **{ATTRIBUTE: encode(children)})


def static(component: Component) -> Component:
    """Return ``component`` (an ``html`` one) as one component: the same element with the
    same props, its children built in the browser from its ``data-fragment`` attribute.

    For a subtree that no callback reads or writes: a label and the container a script
    fills, a header's title and search box.

    Examples
    --------
    >>> box = static(html.Div([html.Label("Find", htmlFor="q"), html.Div(id="q-box")],
    ...                       className="search", role="search"))
    >>> box.className, box.role, getattr(box, ATTRIBUTE)
    ('search', 'search', '[["label",{"for":"q"},"Find"],["div",{"id":"q-box"}]]')
    """
    props = {name: value for name, value in component.to_plotly_json()["props"].items()
             if name != "children"}
    return fragment(component.children, type(component), **props)


def _component(item):
    """Return one fragment JSON node as a string or an ``html`` component."""
    if isinstance(item, str):
        return item
    tag, attrs, *children = item
    props = {_PROPS.get(name, name): True if value == "" and name == "hidden" else value
             for name, value in attrs.items()}
    kids = [_component(c) for c in children]
    return _CLASSES[tag](children=kids[0] if len(kids) == 1 else kids or None, **props)


def decode(fragment_or_text) -> list:
    """Return the components a fragment shows (the browser's elements, as ``html``
    components), from a fragment component or its attribute's JSON; ``[]`` for a
    component that is not a fragment.

    The inverse of `encode` up to props' types: attribute values come back as strings
    (``hidden`` as True), an only child as itself. Lets a test look inside a page's
    fragments as into its other components.
    """
    text = fragment_or_text
    if isinstance(fragment_or_text, Component):
        text = getattr(fragment_or_text, ATTRIBUTE, None)
    return [_component(item) for item in json.loads(text)] if text else []
