"""Safe, descriptive file names for exports: dataset, filter and the format's extension."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping

from graph.export.formats import _format
from graph.schema import TIER_NOUNS, tier_rank

__all__ = ["MAX_FILENAME_LENGTH", "export_filename"]

#: The longest file name `export_filename` returns, extension included.
MAX_FILENAME_LENGTH = 120

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _slug(text) -> str:
    """Return lower-case ASCII letters and digits of `text`, other runs as one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return _SLUG_RE.sub("-", ascii_text.lower()).strip("-")


def _filter_values(value) -> list:
    """Return a filter value as a list (a single string is one value)."""
    if value is None or value == "":
        return []
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        return [value]
    values = [v for v in value if v is not None and v != ""]
    return sorted(values, key=str) if isinstance(value, (set, frozenset)) else values


def export_filename(G_or_name, filters: Mapping | None, fmt) -> str:
    """Return a safe, descriptive file name for an export of a filtered view.

    Parameters
    ----------
    G_or_name : networkx.Graph or str
        The exported graph (its ``G.graph["name"]`` is the dataset name) or the name.
    filters : mapping or None
        Keys ``needs``, ``tiers`` (strings or lists), ``focus`` and ``depth``; others are
        ignored.
    fmt : str or Format
        A name in `graph.export.FORMATS`; gives the extension.

    Returns
    -------
    str
        ``web-of-work``, the dataset name (unless it is ``data``), then the filter: needs,
        tiers (plural words), ``focus-<node>-depth-<n>``, joined by ``_``; each part a slug
        of ``[a-z0-9-]``; the only dot is the extension's. Names longer than
        `MAX_FILENAME_LENGTH` are cut and end with a short hash of the full name, so two
        different filters still get different names.

    Raises
    ------
    graph.errors.UnknownNameError
        For an unknown format.

    See Also
    --------
    graph.export.export_bytes : the bytes to save under this name.
    graph.export.provenance : the record of the same filter inside the file.

    Notes
    -----
    Linear in the length of the names and filter values: each is NFKD-normalised to ASCII
    and slugged with one regular expression; a long name costs one sha256 more.

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
    if hasattr(G_or_name, "graph"):
        name = G_or_name.graph.get("name", "")
    else:
        name = G_or_name
    parts = ["web-of-work"]
    dataset = _slug(name or "")
    if dataset and dataset not in ("data", "web-of-work"):
        parts.append(dataset)
    filters = filters or {}
    needs = "-".join(s for s in (_slug(n) for n in _filter_values(filters.get("needs"))) if s)
    if needs:
        parts.append(needs)
    tier_values = [str(t) for t in _filter_values(filters.get("tiers"))]
    ordered = sorted(tier_values, key=tier_rank)
    tiers = "-".join(s for s in (_slug(TIER_NOUNS[t][1] if t in TIER_NOUNS else t) for t in ordered) if s)
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
