"""The registry of export formats: name -> writer, MIME type and file extension."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from graph.errors import UnknownNameError
from graph.export.csvzip import to_csv_zip
from graph.export.cyjs import to_cytoscape_json
from graph.export.gexf import to_gexf
from graph.export.graphml import to_graphml
from graph.export.nodelink import to_node_link_json

__all__ = ["FORMATS", "Format", "export_bytes"]


@dataclass(frozen=True)
class Format:
    """An export format: its name, a label for menus, its writer, MIME type and extension.

    ``writer(G, provenance=None)`` returns the file's bytes (see `export_bytes`).
    """

    name: str
    label: str
    writer: Callable[..., bytes]
    mime: str
    extension: str


#: Export formats by name (read-only), in the order menus list them.
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
    """Return the Format for a name (any case, an optional leading dot) or a Format.

    Raises `graph.errors.UnknownNameError` with the closest names for an unknown one.
    """
    if isinstance(fmt, Format):
        return fmt
    found = FORMATS.get(str(fmt).strip().lower().lstrip("."))
    if found is None:
        raise UnknownNameError("format", str(fmt),
                               difflib.get_close_matches(str(fmt).lower(), list(FORMATS)) or list(FORMATS))
    return found


def export_bytes(G, fmt, provenance: Mapping | None = None) -> bytes:
    """Return `G` written in the format named `fmt` (a name in `FORMATS` or a Format).

    Parameters
    ----------
    G : networkx.DiGraph
        Any graph or read-only view; it is not changed.
    fmt : str or Format
        A name in `FORMATS` in any case (``"GraphML"``, ``".gexf"``) or a Format.
    provenance : mapping, optional
        The record of `graph.export.provenance` (computed when None).

    Returns
    -------
    bytes
        What the format's writer returns.

    Raises
    ------
    graph.errors.UnknownNameError
        For an unknown name, with the closest known names as suggestions.

    See Also
    --------
    to_csv_zip, to_graphml, to_gexf, to_node_link_json, to_cytoscape_json : the writers.
    graph.export.export_filename : a file name for the same export.

    Notes
    -----
    A dictionary lookup, then the writer's own cost (O(n + m) for every format).

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
