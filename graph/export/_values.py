"""How the writers type and spell attribute values: kinds, XML types, text and JSON.

Every format follows the same conventions: an attribute whose values are all ints is an
integer, ints and floats mixed a float, booleans a boolean, anything else text; lists,
tuples and sets are joined with ``schema.ALIAS_SEPARATOR`` and dicts written as JSON.
"""

from __future__ import annotations

import json
import math
import numbers

from graph.schema import ALIAS_SEPARATOR

#: Kind bits of one value; an attribute's kind is the OR of its values' bits.
STR, BOOL, INT, FLOAT = 1, 2, 4, 8


def json_default(value):
    """Return a JSON-able stand-in for a value json cannot encode (sets, numpy scalars).

    Examples
    --------
    >>> json_default({"b", "a"}), json_default((1, 2)), json_default(object)
    (['a', 'b'], [1, 2], "<class 'object'>")
    """
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, tuple):
        return list(value)
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    return str(value)


def compact_json(doc) -> bytes:
    """Return `doc` as compact ASCII JSON bytes, as the JSON formats write it.

    No spaces; sets and numpy scalars go through `json_default`.

    Examples
    --------
    >>> compact_json({"a": (1, 2), "b": {"x", "y"}})
    b'{"a":[1,2],"b":["x","y"]}'
    """
    return json.dumps(doc, separators=(",", ":"), check_circular=False,
                      default=json_default).encode("ascii")


def kind(value) -> int:
    """Return the kind bit of a value: text, boolean, integer or float (others are text).

    Examples
    --------
    >>> [kind(v) == k for v, k in (("a", STR), (True, BOOL), (3, INT), (0.5, FLOAT), (None, STR))]
    [True, True, True, True, True]
    """
    t = type(value)
    if t is str:
        return STR
    if t is float:
        return FLOAT
    if t is int:
        return INT
    if t is bool:
        return BOOL
    if t.__name__ in ("bool_", "bool") and hasattr(value, "dtype"):  # numpy booleans
        return BOOL
    if isinstance(value, numbers.Integral):
        return INT
    if isinstance(value, numbers.Real):
        return FLOAT
    return STR


def xml_type(bits: int) -> str:
    """Return the XML type name (GraphML/GEXF) for the kinds seen in one attribute.

    Examples
    --------
    >>> xml_type(INT), xml_type(INT | FLOAT), xml_type(BOOL), xml_type(BOOL | INT)
    ('long', 'double', 'boolean', 'string')
    """
    if bits == BOOL:
        return "boolean"
    if bits == INT:
        return "long"
    if bits and not bits & ~(INT | FLOAT):
        return "double"
    return "string"


def float_text(x: float) -> str:
    """Return the shortest text that reads back as the same float (NaN, Infinity spelt out).

    Examples
    --------
    >>> float_text(0.1), float_text(float("nan")), float_text(-float("inf"))
    ('0.1', 'NaN', '-Infinity')
    """
    if math.isfinite(x):
        return repr(x)
    if math.isnan(x):
        return "NaN"
    return "Infinity" if x > 0 else "-Infinity"


def as_text(value) -> str:
    """Return a value as text: sequences joined by the alias separator, dicts as JSON.

    Examples
    --------
    >>> as_text(["cook", "chef"]), as_text({"b", "a"}), as_text({"k": 1}), as_text(True)
    ('cook|chef', 'a|b', '{"k": 1}', 'true')
    """
    if type(value) is str:
        return value
    if isinstance(value, (list, tuple)):
        return ALIAS_SEPARATOR.join(as_text(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return ALIAS_SEPARATOR.join(sorted(as_text(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=json_default)
    k = kind(value)
    if k == FLOAT:
        return float_text(float(value))
    if k == INT:
        return str(int(value))
    if k == BOOL:
        return "true" if value else "false"
    return str(value)


def typed_text(value, type_name: str) -> str:
    """Return a value as the text of an XML attribute value of the given type.

    Examples
    --------
    >>> typed_text(2, "double"), typed_text(2.0, "long"), typed_text(1, "boolean")
    ('2.0', '2', 'true')
    """
    if type_name == "string":
        return as_text(value)
    if type_name == "double":
        return float_text(float(value))
    if type_name == "long":
        return str(int(value))
    return "true" if value else "false"


def attribute_types(items) -> dict[str, str]:
    """Return attribute name -> XML type over (key, data) items, names in first-seen order.

    None values are left out, so an attribute some items lack keeps the type of the rest.

    Examples
    --------
    >>> attribute_types([("a", {"n": 1, "x": None}), ("b", {"n": 2.5, "x": "t"})])
    {'n': 'double', 'x': 'string'}
    """
    bits: dict[str, int] = {}
    get = bits.get
    for _, data in items:
        for k, v in data.items():
            if v is not None:
                bits[k] = get(k, 0) | kind(v)
    return {k: xml_type(b) for k, b in bits.items()}
