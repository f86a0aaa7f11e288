"""The provenance record every export carries: which data, which filter, when, which version."""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from graph.export._values import json_default

__all__ = ["PRODUCT", "product_version", "provenance"]

#: The product name written into every export.
PRODUCT = "Web of Work Explorer"


@functools.cache
def product_version() -> str:
    """Return the product version: the installed distribution's, else pyproject.toml's.

    Returns
    -------
    str
        The version, or ``"unknown"`` when neither source can be read.

    See Also
    --------
    provenance : the record that carries it.

    Notes
    -----
    Cached: the metadata or ``pyproject.toml`` is read once per process.

    Examples
    --------
    >>> import re
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

        with open(Path(__file__).resolve().parents[2] / "pyproject.toml", "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, ValueError):
        return "unknown"


def _content_checksum(G) -> str:
    """Return a sha256 of the graph's nodes, edges and attributes in a canonical JSON form."""
    h = hashlib.sha256()
    for n in sorted(G.nodes, key=str):
        h.update(json.dumps([n, G.nodes[n]], sort_keys=True, default=json_default).encode())
        h.update(b"\n")
    for u, v in sorted(G.edges, key=lambda e: (str(e[0]), str(e[1]))):
        h.update(json.dumps([u, v, G.edges[u, v]], sort_keys=True, default=json_default).encode())
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

    See Also
    --------
    graph.export.to_graphml, graph.export.to_gexf, graph.export.to_csv_zip,
    graph.export.to_node_link_json, graph.export.to_cytoscape_json : the writers, which
        take this record (or compute it when given None) and write it into the file.

    Notes
    -----
    Constant time when ``G.graph["checksum"]`` is set. Without it, O((n + m) log(n + m))
    for n nodes and m edges: every node and edge is sorted and hashed as JSON, so give the
    loaded graph's checksum when exporting large graphs.

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
    safe_filters = json.loads(json.dumps(dict(filters or {}), default=json_default))
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
