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

One module per format (``csvzip``, ``graphml``, ``gexf``, ``nodelink``, ``cyjs``), beside
``provenance`` (the record), ``formats`` (the registry `FORMATS` and `export_bytes`),
``naming`` (`export_filename`) and ``cli`` (``python -m graph.export``). Every public name
is importable from ``graph.export`` itself.

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
>>> export_bytes(G, "graphml", provenance(G, {"needs": ["learning"]}))[:38]
b'<?xml version="1.0" encoding="UTF-8"?>'
>>> export_filename(G, {"needs": ["learning"], "tiers": ["profession"]}, "graphml")
'web-of-work_demo_learning_professions.graphml'
>>> sorted(FORMATS)
['csv', 'cyjs', 'gexf', 'graphml', 'json']
"""

from graph.export.cli import main
from graph.export.csvzip import ZIP_LEVEL, to_csv_zip
from graph.export.cyjs import cytoscape_elements, to_cytoscape_json
from graph.export.formats import FORMATS, Format, export_bytes
from graph.export.gexf import to_gexf
from graph.export.graphml import to_graphml
from graph.export.naming import MAX_FILENAME_LENGTH, export_filename
from graph.export.nodelink import to_node_link_json
from graph.export.provenance import PRODUCT, product_version, provenance

__all__ = [
    "FORMATS",
    "Format",
    "MAX_FILENAME_LENGTH",
    "PRODUCT",
    "ZIP_LEVEL",
    "cytoscape_elements",
    "export_bytes",
    "export_filename",
    "main",
    "product_version",
    "provenance",
    "to_csv_zip",
    "to_cytoscape_json",
    "to_gexf",
    "to_graphml",
    "to_node_link_json",
]
