"""GEXF 1.2 writer for Gephi: labels, typed attributes, tier colours, provenance in meta."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from graph.export._items import edge_items, node_items
from graph.export._values import as_text, attribute_types, float_text, json_default, typed_text
from graph.export._xml import escape_attr, escape_text
from graph.export.provenance import PRODUCT, _stamp
from graph.schema import TIER_BY_ID

__all__ = ["to_gexf"]

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
            key_id, type_name = keys[k]
            text = v if type_name == "string" and type(v) is str else typed_text(v, type_name)
            values.append(f'<attvalue for="{key_id}" value="{escape_attr(text)}"/>')
    if values:
        out.append("<attvalues>")
        out.extend(values)
        out.append("</attvalues>")


def to_gexf(G, provenance: Mapping | None = None) -> bytes:
    """Return GEXF 1.2 (UTF-8) of `G` for Gephi, with tier colours and the provenance in meta.

    Parameters
    ----------
    G : networkx.DiGraph
        Any graph or read-only view; it is not changed.
    provenance : mapping, optional
        The record of `graph.export.provenance` (computed when None), written in
        ``<meta>`` with the node and edge counts of this file.

    Returns
    -------
    bytes
        The GEXF document. A node's GEXF ``label`` is its ``label`` attribute (its id when
        absent) and it gets the colour of its tier (``viz:color`` from ``schema.TIERS``);
        every other attribute is a typed ``attvalue``. A numeric edge ``weight`` is the GEXF
        edge weight; the edge id is ``"SOURCE->TARGET"``. The provenance record is in
        ``<meta>``: ``<creator>`` names the product and version, ``<keywords>`` the dataset
        and checksum, and ``<description>`` holds the whole record as JSON.

    See Also
    --------
    to_graphml : the same typed attributes for every other desktop tool.
    to_csv_zip, to_node_link_json, to_cytoscape_json : the other formats.
    graph.export.export_bytes : any format by name.

    Notes
    -----
    O(n + m) time for n nodes and m edges, like `to_graphml`: one pass to type the
    attributes, one to write, the document built as a list of strings joined once. About
    0.2x the CPU time of ``networkx.write_gexf`` (``bench/bench_export.py``).

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
    nodes, edges = node_items(G), edge_items(G)
    node_types = attribute_types(nodes)
    node_types.pop("label", None)
    edge_types = attribute_types((None, d) for _, _, d in edges)
    weight_is_number = edge_types.get("weight") in ("long", "double")
    if weight_is_number:
        del edge_types["weight"]
    date = str(prov.get("exported_at", ""))[:10]
    date_attr = f' lastmodifieddate="{escape_attr(date)}"' if re.fullmatch(r"\d{4}-\d\d-\d\d", date) else ""
    creator = f"{PRODUCT} {prov.get('version', '')}".strip()
    keywords = " ".join(f"{k}={prov[k]}" for k in ("dataset", "checksum") if prov.get(k))
    out = [
        _GEXF_HEAD,
        f"<meta{date_attr}>",
        f"<creator>{escape_text(creator)}</creator>",
        f"<keywords>{escape_text(keywords)}</keywords>",
        "<description>",
        escape_text(json.dumps(prov, sort_keys=True, ensure_ascii=False, default=json_default)),
        "</description></meta>\n",
        '<graph defaultedgetype="directed" mode="static">\n',
    ]
    node_keys, edge_keys = {}, {}
    for cls, types, keys in (("node", node_types, node_keys), ("edge", edge_types, edge_keys)):
        if types:
            out.append(f'<attributes class="{cls}" mode="static">')
            for i, (name, type_name) in enumerate(types.items()):
                keys[name] = (str(i), type_name)
                out.append(f'<attribute id="{i}" title="{escape_attr(str(name))}" type="{type_name}"/>')
            out.append("</attributes>\n")
    out.append("<nodes>\n")
    skip_label = ("label",)
    for n, attrs in nodes:
        nid = n if type(n) is str else str(n)
        label = attrs.get("label")
        label = nid if label is None else as_text(label)
        out.append(f'<node id="{escape_attr(nid)}" label="{escape_attr(label)}">')
        _gexf_attvalues(out, attrs, node_keys, skip_label)
        viz = _TIER_VIZ.get(attrs.get("tier"))
        if viz:
            out.append(viz)
        out.append("</node>\n")
    out.append("</nodes>\n<edges>\n")
    skip_weight = ("weight",) if weight_is_number else ()
    for u, v, attrs in edges:
        su = escape_attr(u if type(u) is str else str(u))
        sv = escape_attr(v if type(v) is str else str(v))
        weight = attrs.get("weight") if weight_is_number else None
        w = f' weight="{float_text(float(weight))}"' if weight is not None else ""
        out.append(f'<edge id="{su}-&gt;{sv}" source="{su}" target="{sv}"{w}>')
        _gexf_attvalues(out, attrs, edge_keys, skip_weight)
        out.append("</edge>\n")
    out.append("</edges>\n</graph>\n</gexf>\n")
    return "".join(out).encode("utf-8")
