"""Export any (sub)graph of the Web of Work to files other tools open, with provenance.

Every writer takes the graph first and returns the file's bytes; none mutates the graph,
and any graph works, including the read-only views that ``graph.query`` returns.

========  =================================================================================
format    contents
========  =================================================================================
csv       a zip of ``nodes.csv`` + ``edges.csv`` in the project's own schema (they load back
          with ``graph.build.load_graph``), ``provenance.json`` and a short ``README.txt``
graphml   GraphML with typed keys (string, long, double, boolean); Gephi, Cytoscape desktop,
          yEd, igraph and NetworkX open it; provenance as graph-level data
gexf      GEXF 1.2 for Gephi: node label, typed attributes, tier colours as ``viz:color``;
          provenance in ``<meta>`` (its ``<description>`` holds the JSON record)
json      NetworkX node-link JSON (``edges="edges"``) plus a top-level ``provenance`` key
cyjs      Cytoscape.js / Cytoscape desktop JSON: ``{"elements": {"nodes", "edges"}, "data"}``
          with the provenance record as ``data``
========  =================================================================================

Attribute conventions of every format: an attribute that is ``None`` is left out; lists,
tuples and sets are joined with ``schema.ALIAS_SEPARATOR``; an attribute whose values are
all ints is typed as an integer, ints and floats mixed as a float, anything else as text.
The boolean ``bridged`` attribute of the synthetic edges of a filtered view is kept in
GraphML, GEXF and JSON; in CSV it is implied by the relation ``bridged`` (the schema has no
``bridged`` column), and the edge's ``via`` column is kept.

The provenance record (`provenance`) says which data the export came from (the data
checksum), the filter that produced it, when (UTC, ISO 8601) and by which product version.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph(name="demo", checksum="ab12")
>>> G.add_node("learning", label="Learning", tier="need", description="")
>>> G.add_node("educator", label="Educator", tier="profession", description="Teaches.")
>>> G.add_edge("educator", "learning", relation="serves")
>>> [e["data"]["id"] for e in to_elements(G) if "source" in e["data"]]
['educator->learning']
>>> export_filename(G, {"needs": ["learning"], "tiers": ["profession"]}, "graphml")
'web-of-work_demo_learning_professions.graphml'
>>> sorted(FORMATS)
['csv', 'cyjs', 'gexf', 'graphml', 'json']
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import functools
import hashlib
import io
import json
import math
import numbers
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from itertools import chain, repeat
from operator import itemgetter, methodcaller
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import networkx as nx

from graph.errors import DataError, UnknownNameError, WebOfWorkError
from graph.schema import (
    ALIAS_SEPARATOR,
    BRIDGED,
    EDGE_COLUMNS,
    EDGES_FILE,
    FORMULA_PREFIXES,
    NEED_BY_ID,
    NODE_COLUMNS,
    NODES_FILE,
    NUMERIC_EXTRA_COLUMNS,
    TIER_BY_ID,
    TIER_IDS,
    neutralise,
)

__all__ = [
    "FORMATS",
    "Format",
    "export_bytes",
    "export_filename",
    "main",
    "provenance",
    "to_csv_zip",
    "to_cytoscape_json",
    "to_elements",
    "to_gexf",
    "to_graphml",
    "to_node_link_json",
]

PRODUCT = "Web of Work Explorer"
#: Deflate level of the CSV zip: level 1 is about 4x faster than the default 6 on CSV
#: text for a zip about 25% larger (0.94 MB instead of 0.75 MB for 4.6 MB of CSV).
ZIP_LEVEL = 1
#: The longest file name `export_filename` returns, extension included.
MAX_FILENAME_LENGTH = 120

# ----------------------------------------------------------------------------- provenance


@functools.cache
def product_version() -> str:
    """Return the product version: the installed distribution's, else pyproject.toml's.

    Examples
    --------
    >>> bool(re.fullmatch(r"[0-9][0-9A-Za-z.+-]*|unknown", product_version()))
    True
    """
    from importlib import metadata

    try:
        return metadata.version("web-of-work-explorer")
    except metadata.PackageNotFoundError:
        pass
    try:
        import tomllib

        with open(Path(__file__).resolve().parents[1] / "pyproject.toml", "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, ValueError):
        return "unknown"


def _json_default(value):
    """Return a JSON-able stand-in for a value json cannot encode (sets, numpy scalars)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, tuple):
        return list(value)
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    return str(value)


def _content_checksum(G) -> str:
    """Return a sha256 of the graph's nodes, edges and attributes in a canonical JSON form."""
    h = hashlib.sha256()
    for n in sorted(G.nodes, key=str):
        h.update(json.dumps([n, G.nodes[n]], sort_keys=True, default=_json_default).encode())
        h.update(b"\n")
    for u, v in sorted(G.edges, key=lambda e: (str(e[0]), str(e[1]))):
        h.update(json.dumps([u, v, G.edges[u, v]], sort_keys=True, default=_json_default).encode())
        h.update(b"\n")
    return h.hexdigest()


def provenance(G, filters: Mapping | None = None, *, now: _dt.datetime | None = None) -> dict:
    """Return the provenance record of an export of `G` produced by `filters`.

    Parameters
    ----------
    G : networkx.DiGraph
        The graph (or view) being exported. Its ``G.graph["checksum"]`` (the sha256 of the
        data files, set by ``graph.build.load_graph``; views share it) identifies the data;
        when absent, a sha256 of the graph's content is used and ``checksum_of`` says so.
    filters : mapping, optional
        The filter that produced `G`, as the caller describes it (e.g. ``{"needs": [...],
        "tiers": [...], "focus": id, "depth": 2}``); copied as JSON-able values (sets and
        tuples become lists). None or empty means the whole graph.
    now : datetime, optional
        The export time (default: the current UTC time).

    Returns
    -------
    dict
        ``product``, ``version``, ``dataset``, ``checksum``, ``checksum_of`` ("data files"
        or "graph content"), ``filters``, ``exported_at`` (UTC, ISO 8601), ``nodes`` and
        ``edges`` (counts; each writer sets them to the counts it wrote).

    Examples
    --------
    >>> import networkx as nx, datetime as dt
    >>> G = nx.DiGraph(name="data", checksum="ab12")
    >>> G.add_edge("nurse", "health-and-well-being", relation="serves")
    >>> p = provenance(G, {"tiers": ("profession", "need")},
    ...                now=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
    >>> p["dataset"], p["checksum"], p["filters"], p["exported_at"], p["edges"]
    ('data', 'ab12', {'tiers': ['profession', 'need']}, '2026-01-02T03:04:05Z', 1)
    >>> len(provenance(nx.DiGraph())["checksum"]), provenance(nx.DiGraph())["checksum_of"]
    (64, 'graph content')
    """
    when = (now or _dt.datetime.now(_dt.timezone.utc)).astimezone(_dt.timezone.utc)
    checksum = G.graph.get("checksum")
    safe_filters = json.loads(json.dumps(dict(filters or {}), default=_json_default))
    return {
        "product": PRODUCT,
        "version": product_version(),
        "dataset": str(G.graph.get("name") or ""),
        "checksum": str(checksum) if checksum else _content_checksum(G),
        "checksum_of": "data files" if checksum else "graph content",
        "filters": safe_filters,
        "exported_at": when.replace(microsecond=0, tzinfo=None).isoformat() + "Z",
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
    }


def _stamp(G, prov: Mapping | None) -> dict:
    """Return a copy of the provenance (computed when None) with the counts of `G`."""
    record = dict(provenance(G) if prov is None else prov)
    record["nodes"] = G.number_of_nodes()
    record["edges"] = G.number_of_edges()
    return record


# ----------------------------------------------------------------------------- values

_STR, _BOOL, _INT, _FLOAT = 1, 2, 4, 8


def _kind(value) -> int:
    """Return the kind bit of a value: text, boolean, integer or float (others are text)."""
    t = type(value)
    if t is str:
        return _STR
    if t is float:
        return _FLOAT
    if t is int:
        return _INT
    if t is bool:
        return _BOOL
    if t.__name__ in ("bool_", "bool") and hasattr(value, "dtype"):  # numpy booleans
        return _BOOL
    if isinstance(value, numbers.Integral):
        return _INT
    if isinstance(value, numbers.Real):
        return _FLOAT
    return _STR


def _type_of(bits: int) -> str:
    """Return the XML type name (GraphML/GEXF) for the kinds seen in one attribute."""
    if bits == _BOOL:
        return "boolean"
    if bits == _INT:
        return "long"
    if bits and not bits & ~(_INT | _FLOAT):
        return "double"
    return "string"


def _float_text(x: float) -> str:
    """Return the shortest text that reads back as the same float (NaN, Infinity spelt out)."""
    if math.isfinite(x):
        return repr(x)
    if math.isnan(x):
        return "NaN"
    return "Infinity" if x > 0 else "-Infinity"


def _text(value) -> str:
    """Return a value as text: sequences joined by the alias separator, dicts as JSON."""
    if type(value) is str:
        return value
    if isinstance(value, (list, tuple)):
        return ALIAS_SEPARATOR.join(_text(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return ALIAS_SEPARATOR.join(sorted(_text(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=_json_default)
    k = _kind(value)
    if k == _FLOAT:
        return _float_text(float(value))
    if k == _INT:
        return str(int(value))
    if k == _BOOL:
        return "true" if value else "false"
    return str(value)


def _typed_text(value, xml_type: str) -> str:
    """Return a value as the text of an XML attribute value of the given type."""
    if xml_type == "string":
        return _text(value)
    if xml_type == "double":
        return _float_text(float(value))
    if xml_type == "long":
        return str(int(value))
    return "true" if value else "false"


def _attribute_types(items) -> dict[str, str]:
    """Return attribute name -> XML type over (key, data) items, names in first-seen order."""
    bits: dict[str, int] = {}
    get = bits.get
    for _, data in items:
        for k, v in data.items():
            if v is not None:
                bits[k] = get(k, 0) | _kind(v)
    return {k: _type_of(b) for k, b in bits.items()}


# XML 1.0 cannot hold most C0 controls, lone surrogates or U+FFFE/U+FFFF even as character
# references: they become U+FFFD. Tab, newline and carriage return are written as references
# so that attribute-value normalisation does not turn them into spaces.
_XML_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_ATTR_RE = re.compile(f'[&<>"\t\n\r{_XML_BAD}]')
_XML_TEXT_RE = re.compile(f"[&<>\r{_XML_BAD}]")
_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;",
                "\n": "&#10;", "\r": "&#13;"}


def _xml_sub(match: re.Match) -> str:
    """Return the escape of one special character."""
    return _XML_ESCAPES.get(match.group(), "\ufffd")


def _xattr(s: str) -> str:
    """Return `s` escaped for a double-quoted XML attribute."""
    return _XML_ATTR_RE.sub(_xml_sub, s) if _XML_ATTR_RE.search(s) else s


def _xtext(s: str) -> str:
    """Return `s` escaped for XML element content."""
    return _XML_TEXT_RE.sub(_xml_sub, s) if _XML_TEXT_RE.search(s) else s


def _flat_provenance(prov: Mapping) -> dict:
    """Return the provenance with nested values (the filters) as compact JSON text."""
    return {k: (json.dumps(v, sort_keys=True, default=_json_default)
                if isinstance(v, (dict, list, tuple)) else v)
            for k, v in prov.items() if v is not None}


# ----------------------------------------------------------------------------- iteration


def _is_induced_view(G) -> bool:
    """Return True when `G` is a node-filtered subgraph view of a simple directed graph."""
    return (getattr(G, "_graph", None) is not None
            and getattr(G, "_NODE_OK", None) is not None
            and getattr(G, "_EDGE_OK", None) is nx.filters.no_filter
            and G.is_directed() and not G.is_multigraph())


def _node_items(G) -> list:
    """Return ``[(node, data), ...]`` of `G` in ``G.nodes`` order (fast on subgraph views)."""
    if _is_induced_view(G):
        root_nodes = G._graph._node
        return [(n, root_nodes[n]) for n in G._node]
    return list(G.nodes(data=True))


def _edge_items(G) -> list:
    """Return ``[(u, v, data), ...]`` of `G`, source by source in ``G.nodes`` order.

    On an induced subgraph view (what ``G.subgraph`` and the query filters return) the
    underlying graph's adjacency is read once with a set lookup, instead of the view
    filtering every neighbour through a Python call; targets keep the underlying order.
    """
    if _is_induced_view(G):
        order = list(G._node)
        keep = set(order)
        succ = G._graph._succ
        return [(u, v, d) for u in order for v, d in succ[u].items() if v in keep]
    if G.is_directed() and not G.is_multigraph():  # as G.edges(data=True), without its generator
        return [(u, v, d) for u, nbrs in G._succ.items() for v, d in nbrs.items()]
    return list(G.edges(data=True))


# ----------------------------------------------------------------------------- Cytoscape.js


def _extra_classes(classes, key) -> str:
    """Return the extra classes `classes` gives an element id, as a space-separated string."""
    if classes is None:
        return ""
    extra = classes(key) if callable(classes) else classes.get(key)
    if not extra:
        return ""
    return extra if isinstance(extra, str) else " ".join(extra)


def to_elements(G, positions=None, classes=None) -> list[dict]:
    """Return Cytoscape.js elements (as dash-cytoscape takes them) for the nodes and edges of `G`.

    Parameters
    ----------
    G : networkx.DiGraph
        Any graph or view; node attributes ``label`` and ``tier`` are expected (an absent
        label falls back to the id, an absent tier to "").
    positions : mapping, optional
        Node id -> ``(x, y)`` or ``{"x": x, "y": y}``; nodes found there get a ``position``.
    classes : mapping or callable, optional
        Element id (a node id, or ``"SOURCE->TARGET"`` for an edge) -> extra classes (a
        string or an iterable of strings), e.g. to highlight a path; a callable is called
        with the element id and may return None.

    Returns
    -------
    list of dict
        Nodes first, in ``G.nodes`` order, then edges, source by source. Node ``data`` has
        ``id``, ``label`` (the id when absent), ``tier`` ("" when absent) and every other
        attribute; node ``classes`` = the tier id (``"need need-<id>"`` for a need). Edge
        ``data`` has ``id`` (``"SOURCE->TARGET"``), ``source``, ``target``, ``relation``
        and every other attribute; edge ``classes`` = the relation, plus ``"bridged"`` for
        a bridged edge. Ids are strings; attributes named like a fixed key never replace it.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("family", label="Family", tier="need")
    >>> G.add_node("nanny", label="Nanny", tier="job", aliases="au pair")
    >>> G.add_edge("nanny", "family", relation=BRIDGED, bridged=True, via="childcare-worker")
    >>> nodes_and_edges = to_elements(G, positions={"family": (0, 1)}, classes={"nanny": "hit"})
    >>> for element in nodes_and_edges:
    ...     print(element["data"]["id"], "|", element["classes"], "|", element.get("position"))
    family | need need-family | {'x': 0.0, 'y': 1.0}
    nanny | job hit | None
    nanny->family | bridged | None
    >>> nodes_and_edges[1]["data"]
    {'label': 'Nanny', 'tier': 'job', 'aliases': 'au pair', 'id': 'nanny'}
    """
    return _elements(G, positions, classes)


def _elements(G, positions=None, classes=None, desktop: bool = False) -> list[dict]:
    """Return the elements of `to_elements`; `desktop` adds node ``name`` and ``value``."""
    node_items = _node_items(G)
    # One comprehension per kind: the fixed keys are written after the attributes, so an
    # attribute can never replace them; the label and tier defaults come first.
    if desktop:
        elements = [
            {"data": {"name": attrs.get("label", (i := str(n))), "value": i, "label": i,
                      "tier": "", **attrs, "id": i},
             "classes": tier if (tier := attrs.get("tier", "")) != "need" else f"need need-{n}"}
            for n, attrs in node_items
        ]
    else:
        elements = [
            {"data": {"label": str(n), "tier": "", **attrs, "id": str(n)},
             "classes": tier if (tier := attrs.get("tier", "")) != "need" else f"need need-{n}"}
            for n, attrs in node_items
        ]
    edges = [
        {"data": {"relation": "", **attrs, "id": f"{u}->{v}", "source": str(u), "target": str(v)},
         "classes": rel if (rel := attrs.get("relation", "")) == BRIDGED
         or not attrs.get("bridged") else f"{rel} {BRIDGED}"}
        for u, v, attrs in _edge_items(G)
    ]
    if positions is not None:
        for element, (n, _) in zip(elements, node_items):
            pos = positions.get(n)
            if pos is not None:
                if isinstance(pos, Mapping):
                    element["position"] = {"x": float(pos["x"]), "y": float(pos["y"])}
                else:
                    element["position"] = {"x": float(pos[0]), "y": float(pos[1])}
    elements += edges
    if classes is not None:
        for element in elements:
            extra = _extra_classes(classes, element["data"]["id"])
            if extra:
                element["classes"] = f"{element['classes']} {extra}"
    return elements


def to_cytoscape_json(G, provenance: Mapping | None = None) -> bytes:
    """Return Cytoscape JSON (``.cyjs``) of `G`: Cytoscape.js elements, provenance as ``data``.

    The document is ``{"format_version", "generated_by", "target_cytoscapejs_version",
    "data": provenance, "directed": true, "multigraph": false, "elements": {"nodes": [...],
    "edges": [...]}}`` with the elements of `to_elements`. Each node's data also holds
    ``name`` (the label; Cytoscape desktop labels nodes by it) and ``value`` (the id), so
    that Cytoscape desktop and ``networkx.cytoscape_graph`` both read the file.

    Examples
    --------
    >>> import json, networkx as nx
    >>> G = nx.DiGraph(checksum="ab12")
    >>> G.add_edge("electrician", "home-and-shelter", relation="serves")
    >>> doc = json.loads(to_cytoscape_json(G))
    >>> doc["data"]["checksum"], [e["data"]["id"] for e in doc["elements"]["edges"]]
    ('ab12', ['electrician->home-and-shelter'])
    >>> sorted(nx.cytoscape_graph(doc).edges)
    [('electrician', 'home-and-shelter')]
    """
    prov = _stamp(G, provenance)
    elements = _elements(G, desktop=True)
    n_nodes = G.number_of_nodes()
    nodes, edges = elements[:n_nodes], elements[n_nodes:]
    doc = {
        "format_version": "1.0",
        "generated_by": f"{PRODUCT} {prov.get('version', '')}".strip(),
        "target_cytoscapejs_version": "~3",
        "data": prov,
        "directed": True,
        "multigraph": False,
        "elements": {"nodes": nodes, "edges": edges},
    }
    return json.dumps(doc, separators=(",", ":"), check_circular=False,
                      default=_json_default).encode("ascii")


# ----------------------------------------------------------------------------- JSON


def to_node_link_json(G, provenance: Mapping | None = None) -> bytes:
    """Return NetworkX node-link JSON of `G` (``edges="edges"``) with a ``provenance`` key.

    ``networkx.node_link_graph(json.loads(...), edges="edges")`` reads it back; the
    graph-level attributes of `G` are kept under ``graph``.

    Examples
    --------
    >>> import json, networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("chef", "family", relation="serves", weight=0.5)
    >>> doc = json.loads(to_node_link_json(G, {"filters": {}, "checksum": "ab"}))
    >>> doc["provenance"]["checksum"], doc["provenance"]["edges"]
    ('ab', 1)
    >>> nx.node_link_graph(doc, edges="edges").edges["chef", "family"]
    {'relation': 'serves', 'weight': 0.5}
    """
    doc = nx.node_link_data(G, edges="edges")
    doc["provenance"] = _stamp(G, provenance)
    return json.dumps(doc, separators=(",", ":"), check_circular=False,
                      default=_json_default).encode("ascii")


# ----------------------------------------------------------------------------- GraphML

_GRAPHML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def _graphml_data(out, attrs, keys) -> None:
    """Append the ``<data>`` elements of one node or edge to `out`."""
    for k, v in attrs.items():
        if v is not None:
            key_id, xml_type = keys[k]
            text = v if xml_type == "string" and type(v) is str else _typed_text(v, xml_type)
            out.append(f'<data key="{key_id}">{_xtext(text)}</data>')


def to_graphml(G, provenance: Mapping | None = None) -> bytes:
    """Return GraphML (UTF-8) of `G` with typed attributes and the provenance as graph data.

    Keys are typed ``string``, ``long``, ``double`` or ``boolean`` from the values found
    (see the module notes); the provenance fields are graph-level ``<data>`` (the filters as
    JSON text). Edges have no GraphML id (readers would add it as an attribute).

    Examples
    --------
    >>> import io, networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("nurse", label="Nurse", tier="profession", employment=3200)
    >>> G.add_node("health-and-well-being", label="Health and Well Being", tier="need")
    >>> G.add_edge("nurse", "health-and-well-being", relation="serves", weight=1.0)
    >>> H = nx.read_graphml(io.BytesIO(to_graphml(G, {"checksum": "ab", "filters": {}})))
    >>> H.nodes["nurse"], H.edges["nurse", "health-and-well-being"]
    ({'label': 'Nurse', 'tier': 'profession', 'employment': 3200}, {'relation': 'serves', 'weight': 1.0})
    >>> H.graph["checksum"], H.graph["filters"], H.graph["nodes"]
    ('ab', '{}', 2)
    """
    prov = _flat_provenance(_stamp(G, provenance))
    node_items, edge_items = _node_items(G), _edge_items(G)
    node_types = _attribute_types(node_items)
    edge_types = _attribute_types((None, d) for _, _, d in edge_items)
    out = [_GRAPHML_HEAD]
    graph_keys, node_keys, edge_keys = {}, {}, {}
    for prefix, scope, types, keys in (("g", "graph", _attribute_types([(None, prov)]), graph_keys),
                                       ("n", "node", node_types, node_keys),
                                       ("e", "edge", edge_types, edge_keys)):
        for i, (name, xml_type) in enumerate(types.items()):
            key_id = f"{prefix}{i}"
            keys[name] = (key_id, xml_type)
            out.append(f'<key id="{key_id}" for="{scope}" attr.name="{_xattr(str(name))}" '
                       f'attr.type="{xml_type}"/>\n')
    out.append('<graph edgedefault="directed">\n')
    _graphml_data(out, prov, graph_keys)
    out.append("\n")
    for n, attrs in node_items:
        out.append(f'<node id="{_xattr(n if type(n) is str else str(n))}">')
        _graphml_data(out, attrs, node_keys)
        out.append("</node>\n")
    for u, v, attrs in edge_items:
        out.append(f'<edge source="{_xattr(u if type(u) is str else str(u))}" '
                   f'target="{_xattr(v if type(v) is str else str(v))}">')
        _graphml_data(out, attrs, edge_keys)
        out.append("</edge>\n")
    out.append("</graph>\n</graphml>\n")
    return "".join(out).encode("utf-8")


# ----------------------------------------------------------------------------- GEXF

_GEXF_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2">\n'
)


def _rgb(colour: str) -> tuple[int, int, int]:
    """Return the (r, g, b) integers of a ``#RRGGBB`` colour."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


_TIER_VIZ = {t.id: '<viz:color r="{}" g="{}" b="{}" a="1.0"/>'.format(*_rgb(t.colour))
             for t in TIER_BY_ID.values()}


def _gexf_attvalues(out, attrs, keys, skip) -> None:
    """Append the ``<attvalues>`` of one node or edge to `out` (nothing when it has none)."""
    values = []
    for k, v in attrs.items():
        if v is not None and k not in skip:
            key_id, xml_type = keys[k]
            text = v if xml_type == "string" and type(v) is str else _typed_text(v, xml_type)
            values.append(f'<attvalue for="{key_id}" value="{_xattr(text)}"/>')
    if values:
        out.append("<attvalues>")
        out.extend(values)
        out.append("</attvalues>")


def to_gexf(G, provenance: Mapping | None = None) -> bytes:
    """Return GEXF 1.2 (UTF-8) of `G` for Gephi, with tier colours and the provenance in meta.

    A node's GEXF ``label`` is its ``label`` attribute (its id when absent) and it gets the
    colour of its tier (``viz:color`` from ``schema.TIERS``); every other attribute is a
    typed ``attvalue``. A numeric edge ``weight`` is the GEXF edge weight; the edge id is
    ``"SOURCE->TARGET"``. The provenance record is in ``<meta>``: ``<creator>`` names the
    product and version, ``<keywords>`` the dataset and checksum, and ``<description>``
    holds the whole record as JSON.

    Examples
    --------
    >>> import io, networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("nurse", label="Nurse", tier="profession")
    >>> G.add_node("health-and-well-being", label="Health and Well Being", tier="need")
    >>> G.add_edge("nurse", "health-and-well-being", relation="serves", weight=2.0)
    >>> H = nx.read_gexf(io.BytesIO(to_gexf(G)))
    >>> H.nodes["nurse"]["label"], H.nodes["nurse"]["tier"], H.nodes["nurse"]["viz"]["color"]
    ('Nurse', 'profession', {'r': 0, 'g': 114, 'b': 178, 'a': 1.0})
    >>> sorted(H.edges["nurse", "health-and-well-being"].items())
    [('id', 'nurse->health-and-well-being'), ('relation', 'serves'), ('weight', 2.0)]
    """
    prov = _stamp(G, provenance)
    node_items, edge_items = _node_items(G), _edge_items(G)
    node_types = _attribute_types(node_items)
    node_types.pop("label", None)
    edge_types = _attribute_types((None, d) for _, _, d in edge_items)
    weight_is_number = edge_types.get("weight") in ("long", "double")
    if weight_is_number:
        del edge_types["weight"]
    date = str(prov.get("exported_at", ""))[:10]
    date_attr = f' lastmodifieddate="{_xattr(date)}"' if re.fullmatch(r"\d{4}-\d\d-\d\d", date) else ""
    creator = f"{PRODUCT} {prov.get('version', '')}".strip()
    keywords = " ".join(f"{k}={prov[k]}" for k in ("dataset", "checksum") if prov.get(k))
    out = [
        _GEXF_HEAD,
        f"<meta{date_attr}>",
        f"<creator>{_xtext(creator)}</creator>",
        f"<keywords>{_xtext(keywords)}</keywords>",
        "<description>",
        _xtext(json.dumps(prov, sort_keys=True, ensure_ascii=False, default=_json_default)),
        "</description></meta>\n",
        '<graph defaultedgetype="directed" mode="static">\n',
    ]
    node_keys, edge_keys = {}, {}
    for cls, types, keys in (("node", node_types, node_keys), ("edge", edge_types, edge_keys)):
        if types:
            out.append(f'<attributes class="{cls}" mode="static">')
            for i, (name, xml_type) in enumerate(types.items()):
                keys[name] = (str(i), xml_type)
                out.append(f'<attribute id="{i}" title="{_xattr(str(name))}" type="{xml_type}"/>')
            out.append("</attributes>\n")
    out.append("<nodes>\n")
    skip_label = ("label",)
    for n, attrs in node_items:
        nid = n if type(n) is str else str(n)
        label = attrs.get("label")
        label = nid if label is None else _text(label)
        out.append(f'<node id="{_xattr(nid)}" label="{_xattr(label)}">')
        _gexf_attvalues(out, attrs, node_keys, skip_label)
        viz = _TIER_VIZ.get(attrs.get("tier"))
        if viz:
            out.append(viz)
        out.append("</node>\n")
    out.append("</nodes>\n<edges>\n")
    skip_weight = ("weight",) if weight_is_number else ()
    for u, v, attrs in edge_items:
        su = _xattr(u if type(u) is str else str(u))
        sv = _xattr(v if type(v) is str else str(v))
        weight = attrs.get("weight") if weight_is_number else None
        w = f' weight="{_float_text(float(weight))}"' if weight is not None else ""
        out.append(f'<edge id="{su}-&gt;{sv}" source="{su}" target="{sv}"{w}>')
        _gexf_attvalues(out, attrs, edge_keys, skip_weight)
        out.append("</edge>\n")
    out.append("</edges>\n</graph>\n</gexf>\n")
    return "".join(out).encode("utf-8")


# ----------------------------------------------------------------------------- CSV zip

_README = """\
Web of Work export
==================

{nodes} nodes and {edges} edges exported by {product} {version} on {exported_at}
from dataset "{dataset}" (sha256 {checksum}).
Filter: {filters}

Files
-----
nodes.csv        one row per node (id, label, tier, description, ...)
edges.csv        one row per link, pointing toward the needs (source, target, relation, ...)
provenance.json  where this export came from: data checksum, filter, time, version

The CSV files are UTF-8, comma-separated, with a header row, in the same schema as the
project's data/nodes.csv and data/edges.csv, so this folder loads back with
`python -m graph.build FOLDER`. Multiple aliases in a cell are separated by "|".
Edges with relation "bridged" stand for a path through hidden tiers of a filtered view;
their "via" column lists the hidden nodes.

A cell that a spreadsheet would run as a formula (one starting with = + - @, a tab or a
carriage return), or that starts with an apostrophe, is written with one leading
apostrophe; the project's loader removes it again.
"""


def _number_text(value) -> str:
    """Return a number as CSV text: ints (and integral floats) without ".0"."""
    if type(value) is bool:
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    x = float(value)
    if x.is_integer():
        return str(int(x))
    return _float_text(x)


def _columns(G, items, graph_key: str, schema_columns, fixed: tuple[str, ...],
             drop: tuple[str, ...]) -> list[str]:
    """Return the CSV columns: the source file's (or the schema's) then extra attributes."""
    present = dict.fromkeys(chain.from_iterable(map(itemgetter(1), items)))  # in C
    declared = G.graph.get(graph_key)
    if declared:
        columns = [str(c) for c in declared]
    else:
        columns = [c.name for c in schema_columns
                   if c.required or c.name in fixed or c.name in present]
    for c in fixed:
        if c not in columns:
            columns.insert(fixed.index(c), c)
    seen = set(columns)
    columns += [k for k in present if k not in seen and k not in drop]
    return columns


# First characters that make `schema.neutralise` add its quote (all its prefixes are one
# character long, so a set lookup on the first character gives the same answer faster).
_NEUTRALISE_FIRST = frozenset(p[0] for p in FORMULA_PREFIXES) | {"'"}
assert all(len(p) == 1 for p in FORMULA_PREFIXES) and neutralise("'") == "''"


def _csv_cell(value) -> str:
    """Return one CSV cell: numbers as numbers, text neutralised, None as an empty cell."""
    if type(value) is str:
        return "'" + value if value and value[0] in _NEUTRALISE_FIRST else value
    if value is None:
        return ""
    if _kind(value) in (_INT, _FLOAT, _BOOL):
        return _number_text(value)
    return neutralise(_text(value))


_NEUTRALISE_PREFIXES = tuple(sorted(_NEUTRALISE_FIRST))
_NONE = type(None)


def _csv_column(values: list) -> list:
    """Return one column's cells from its values (see `_csv_cell`).

    A column of plain text that a spreadsheet would not run (almost all of them) is
    returned as is after two passes in C; only other columns take a call per cell.
    """
    types = set(map(type, values))
    if types <= {str, _NONE}:
        if _NONE in types:
            values = ["" if x is None else x for x in values]
        if not any(map(str.startswith, values, repeat(_NEUTRALISE_PREFIXES))):
            return values
        return ["'" + x if x.startswith(_NEUTRALISE_PREFIXES) else x for x in values]
    if types <= {int, _NONE}:  # counts such as employment (bool is not int here)
        return ["" if x is None else str(x) for x in values]
    if types <= {float, _NONE}:  # as `_number_text`: integral floats without ".0"
        return ["" if x is None else str(int(x)) if x.is_integer() else _float_text(x)
                for x in values]
    return list(map(_csv_cell, values))


def _csv_columns(columns: list[str], datas: list, fixed: dict) -> list:
    """Return the cells of a CSV file column by column: `fixed` maps a column name to its
    values (ids), the others are read from the attribute dicts `datas`."""
    return [_csv_column(fixed[c] if c in fixed else list(map(methodcaller("get", c), datas)))
            for c in columns]


def _csv_bytes(header: list[str], rows) -> bytes:
    """Return the UTF-8 bytes of a CSV file with a header row."""
    buffer = io.StringIO()
    # CRLF rows (RFC 4180): the csv module then also quotes cells holding a lone CR.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def to_csv_zip(G, provenance: Mapping | None = None) -> bytes:
    """Return a zip of ``nodes.csv``, ``edges.csv``, ``provenance.json`` and ``README.txt``.

    The columns are the source files' (``G.graph["node_columns"]`` / ``["edge_columns"]``,
    set by ``graph.build.load_graph``) or, when absent, the schema's required columns and
    the optional ones some node or edge has, in schema order; then any other attribute, in
    first-seen order. Text cells a spreadsheet would run as a formula are neutralised with
    ``schema.neutralise`` (the loader undoes it); numbers are written as numbers (no
    ``.0`` on integers); an absent attribute is an empty cell. The ``bridged`` flag of a
    bridged edge is implied by its relation and not written; its ``via`` column is.
    Zip entries are dated with the export time, so the same input gives the same bytes.

    Examples
    --------
    >>> import io, zipfile, networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("community", label="Community", tier="need", description="")
    >>> G.add_node("organizer", label="Organizer", tier="profession", description="=1+1",
    ...            employment=1200)
    >>> G.add_edge("organizer", "community", relation="serves", weight=2.0)
    >>> z = zipfile.ZipFile(io.BytesIO(to_csv_zip(G)))
    >>> z.namelist()
    ['nodes.csv', 'edges.csv', 'provenance.json', 'README.txt']
    >>> print(z.read("nodes.csv").decode())
    id,label,tier,description,employment
    community,Community,need,,
    organizer,Organizer,profession,'=1+1,1200
    <BLANKLINE>
    >>> print(z.read("edges.csv").decode())
    source,target,relation,weight
    organizer,community,serves,2
    <BLANKLINE>
    """
    prov = _stamp(G, provenance)
    node_items = _node_items(G)
    edge_items = _edge_items(G)
    edge_datas = list(map(itemgetter(2), edge_items))
    node_cols = _columns(G, node_items, "node_columns", NODE_COLUMNS, ("id",), ("id",))
    edge_cols = _columns(G, zip(repeat(None), edge_datas), "edge_columns", EDGE_COLUMNS,
                         ("source", "target"), ("source", "target", "bridged"))
    # column by column: one C-level pass per column instead of a Python call per cell
    node_cells = _csv_columns(node_cols, list(map(itemgetter(1), node_items)), {
        "id": list(map(str, map(itemgetter(0), node_items)))})
    node_rows = zip(*node_cells) if node_cells and node_items else ()
    edge_cells = _csv_columns(edge_cols, edge_datas, {
        "source": list(map(str, map(itemgetter(0), edge_items))),
        "target": list(map(str, map(itemgetter(1), edge_items)))})
    edge_rows = zip(*edge_cells) if edge_cells and edge_items else ()
    readme = _README.format(
        product=PRODUCT, **{k: prov.get(k, "") for k in ("nodes", "edges", "version", "exported_at",
                                                         "dataset", "checksum")},
        filters=json.dumps(prov.get("filters") or {}, sort_keys=True, default=_json_default)
        if prov.get("filters") else "none (the whole graph)",
    )
    try:
        when = _dt.datetime.fromisoformat(str(prov.get("exported_at", "")).replace("Z", "+00:00"))
        date_time = (max(when.year, 1980),) + tuple(when.timetuple())[1:6]
    except ValueError:
        date_time = (1980, 1, 1, 0, 0, 0)
    members = (
        (NODES_FILE, _csv_bytes(node_cols, node_rows)),
        (EDGES_FILE, _csv_bytes(edge_cols, edge_rows)),
        ("provenance.json", (json.dumps(prov, indent=2, ensure_ascii=False,
                                        default=_json_default) + "\n").encode("utf-8")),
        ("README.txt", readme.encode("utf-8")),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as z:
        for name, payload in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, payload, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


# ----------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Format:
    """An export format: its name, a label for menus, its writer, MIME type and extension."""

    name: str
    label: str
    writer: Callable[..., bytes]
    mime: str
    extension: str


#: Export formats by name (read-only).
FORMATS: Mapping[str, Format] = MappingProxyType({
    f.name: f
    for f in (
        Format("csv", "CSV (zip of nodes.csv + edges.csv)", to_csv_zip, "application/zip", "zip"),
        Format("graphml", "GraphML (Gephi, Cytoscape, yEd, igraph)", to_graphml,
               "application/graphml+xml", "graphml"),
        Format("gexf", "GEXF (Gephi)", to_gexf, "application/gexf+xml", "gexf"),
        Format("json", "JSON (NetworkX node-link)", to_node_link_json, "application/json", "json"),
        Format("cyjs", "Cytoscape JSON (Cytoscape.js, Cytoscape desktop)", to_cytoscape_json,
               "application/json", "cyjs"),
    )
})


def _format(fmt) -> Format:
    """Return the Format for a name (any case) or a Format, raising UnknownNameError."""
    if isinstance(fmt, Format):
        return fmt
    found = FORMATS.get(str(fmt).strip().lower().lstrip("."))
    if found is None:
        import difflib

        raise UnknownNameError("format", str(fmt),
                               difflib.get_close_matches(str(fmt).lower(), list(FORMATS)) or list(FORMATS))
    return found


def export_bytes(G, fmt, provenance: Mapping | None = None) -> bytes:
    """Return `G` written in the format named `fmt` (a name in `FORMATS` or a Format).

    Examples
    --------
    >>> import networkx as nx
    >>> export_bytes(nx.DiGraph(), "GraphML")[:5]
    b'<?xml'
    >>> export_bytes(nx.DiGraph(), "pdf")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNameError: unknown format 'pdf'; did you mean: csv, graphml, gexf, json, cyjs?
    """
    return _format(fmt).writer(G, provenance)


_SLUG_RE = re.compile(r"[^a-z0-9]+")
_TIER_WORDS = {"need": "needs", "profession": "professions", "industry": "industries",
               "organization": "organizations", "job": "jobs"}


def _slug(text) -> str:
    """Return lower-case ASCII letters and digits of `text`, other runs as one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return _SLUG_RE.sub("-", ascii_text.lower()).strip("-")


def _values(value) -> list:
    """Return a filter value as a list (a single string is one value)."""
    if value is None or value == "":
        return []
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        return [value]
    values = [v for v in value if v is not None and v != ""]
    return sorted(values, key=str) if isinstance(value, (set, frozenset)) else values


def export_filename(G_or_name, filters: Mapping | None, fmt) -> str:
    """Return a safe, descriptive file name for an export of a filtered view.

    The name is ``web-of-work``, the dataset name (unless it is ``data``), then the
    filter: needs, tiers (plural words), ``focus-<node>-depth-<n>``, each part a slug of
    ``[a-z0-9-]``; the only dot is the extension's. Names longer than
    `MAX_FILENAME_LENGTH` are cut and end with a short hash of the full name, so two
    different filters still get different names.

    Parameters
    ----------
    G_or_name : networkx.Graph or str
        The exported graph (its ``G.graph["name"]`` is the dataset name) or the name.
    filters : mapping or None
        Keys ``needs``, ``tiers`` (strings or lists), ``focus`` and ``depth``; others are
        ignored.
    fmt : str or Format
        A name in `FORMATS`; gives the extension.

    Examples
    --------
    >>> export_filename("data", {"needs": ["health-and-well-being"], "tiers": ["job"]}, "graphml")
    'web-of-work_health-and-well-being_jobs.graphml'
    >>> export_filename("../../etc/passwd", {"focus": "Café/Bar", "depth": 2}, "csv")
    'web-of-work_etc-passwd_focus-cafe-bar-depth-2.zip'
    >>> export_filename("data", None, "cyjs")
    'web-of-work.cyjs'
    """
    fmt = _format(fmt)
    if isinstance(G_or_name, (nx.Graph, nx.DiGraph)) or hasattr(G_or_name, "graph"):
        name = G_or_name.graph.get("name", "")
    else:
        name = G_or_name
    parts = ["web-of-work"]
    dataset = _slug(name or "")
    if dataset and dataset not in ("data", "web-of-work"):
        parts.append(dataset)
    filters = filters or {}
    needs = "-".join(s for s in (_slug(n) for n in _values(filters.get("needs"))) if s)
    if needs:
        parts.append(needs)
    tier_values = [str(t) for t in _values(filters.get("tiers"))]
    ordered = sorted(tier_values, key=lambda t: TIER_IDS.index(t) if t in TIER_IDS else len(TIER_IDS))
    tiers = "-".join(s for s in (_slug(_TIER_WORDS.get(t, t)) for t in ordered) if s)
    if tiers:
        parts.append(tiers)
    focus = _slug(filters.get("focus") or "")
    if focus:
        depth = _slug(filters.get("depth") if filters.get("depth") is not None else "")
        parts.append(f"focus-{focus}" + (f"-depth-{depth}" if depth else ""))
    stem = "_".join(parts)
    suffix = "." + fmt.extension
    if len(stem) + len(suffix) > MAX_FILENAME_LENGTH:
        digest = hashlib.sha256(stem.encode()).hexdigest()[:10]
        stem = stem[: MAX_FILENAME_LENGTH - len(suffix) - len(digest) - 1].rstrip("-_") + "-" + digest
    return stem + suffix


# ----------------------------------------------------------------------------- command line


def _tier_arg(text: str) -> str:
    """Return the tier id for a tier id, label or plural in any case (an argparse type)."""
    from graph.query import resolve_tier

    try:
        return resolve_tier(text)
    except UnknownNameError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m graph.export``."""
    p = argparse.ArgumentParser(
        prog="python -m graph.export",
        description="Export the Web of Work, or a filtered view of it, to a file.",
        epilog="Example: python -m graph.export --need health --tier job --tier profession "
               "--format graphml --output health.graphml",
    )
    p.add_argument("--data", default="data", metavar="DIR",
                   help="folder with nodes.csv and edges.csv (default: data/)")
    p.add_argument("--need", action="append", default=[], metavar="NEED",
                   help="keep the web of this need (id or name, any case); repeatable")
    p.add_argument("--tier", action="append", default=[], type=_tier_arg, metavar="TIER",
                   help=f"keep this tier ({', '.join(TIER_IDS)}); repeatable")
    p.add_argument("--no-bridge", dest="bridge", action="store_false",
                   help="with --tier: do not add bridged edges across hidden tiers")
    p.add_argument("--focus", metavar="NODE",
                   help="keep only the neighbourhood of this node (id or name, any case)")
    p.add_argument("--depth", type=int, default=1, metavar="N",
                   help="with --focus: how many links away to go (default 1)")
    p.add_argument("--format", required=True, type=str.lower, choices=list(FORMATS),
                   help="file format")
    p.add_argument("--output", required=True, metavar="PATH",
                   help='file to write; "-" writes to standard output')
    return p


def _select(G, args) -> tuple[nx.DiGraph, dict]:
    """Return the view of `G` the command-line filter selects and the filter record."""
    from graph import query

    filters: dict = {}
    needs = list(dict.fromkeys(query.resolve_need(G, n) for n in args.need))
    tiers = list(dict.fromkeys(args.tier))
    focus = query.resolve_node(G, args.focus) if args.focus else None
    view = G
    if needs or tiers:
        view = query.filter_graph(G, needs=needs or None, tiers=tiers or None, bridge=args.bridge)
        if needs:
            filters["needs"] = needs
        if tiers:
            filters["tiers"] = tiers
        if tiers and not args.bridge:
            filters["bridge"] = False
    if focus is not None:
        if focus not in view:
            raise WebOfWorkError(f"node {focus!r} is not in the filtered view "
                                 "(its tier or need is filtered out)")
        view = query.neighbourhood(view, focus, depth=args.depth)
        filters["focus"] = focus
        filters["depth"] = args.depth
    return view, filters


def main(argv=None) -> int:
    """Run ``python -m graph.export``; return the exit status (0 done, 2 bad input).

    Loads ``--data`` with ``graph.build.load_graph``, applies ``--need``/``--tier`` with
    ``graph.query.filter_graph`` then ``--focus``/``--depth`` with
    ``graph.query.neighbourhood``, and writes the view with its provenance. Invalid data,
    unknown names and unwritable outputs are reported on standard error (status 2), never
    as a traceback; a one-line summary goes to standard error on success.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.depth < 0:
        parser.error("--depth must be 0 or more")
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        print(f"error: data folder not found: {args.data}", file=sys.stderr)
        return 2
    try:
        from graph.build import load_graph

        G = load_graph(data_dir)
        view, filters = _select(G, args)
        fmt = FORMATS[args.format]
        payload = fmt.writer(view, provenance(view, filters))
    except DataError as err:
        print(f"error: invalid data in {args.data}", file=sys.stderr)
        print(str(err), file=sys.stderr)
        return 2
    except WebOfWorkError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    target = "standard output" if args.output == "-" else args.output
    try:
        if args.output == "-":
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
        else:
            Path(args.output).write_bytes(payload)
    except OSError as err:
        print(f"error: cannot write {target}: {err.strerror or err}", file=sys.stderr)
        return 2
    print(f"wrote {view.number_of_nodes()} nodes and {view.number_of_edges()} edges as "
          f"{fmt.name} ({len(payload):,} bytes) to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
