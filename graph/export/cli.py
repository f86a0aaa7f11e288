"""The export command line: load a dataset, filter it, write one format to a file or stdout.

Run as ``python -m graph.export --help``; ``main(argv)`` is the same command for callers
that parse their own command line first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import networkx as nx

from graph.errors import UnknownNameError, WebOfWorkError
from graph.export.formats import FORMATS
from graph.export.provenance import provenance
from graph.schema import TIER_IDS

__all__ = ["main"]

#: The program name in usage and help text when the caller gives none.
PROG = "python -m graph.export"


def _tier_arg(text: str) -> str:
    """Return the tier id for a tier id, label or plural in any case (an argparse type)."""
    from graph.query import resolve_tier

    try:
        return resolve_tier(text)
    except UnknownNameError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _parser(prog: str = PROG, data: str = "data") -> argparse.ArgumentParser:
    """Return the argument parser of the export command, named `prog` in its messages."""
    p = argparse.ArgumentParser(
        prog=prog,
        description="Export the Web of Work, or a filtered view of it, to a file.",
        epilog=f"Example: {prog} --need health --tier job --tier profession "
               "--format graphml --output health.graphml",
    )
    p.add_argument("--data", default=str(data), metavar="DIR",
                   help=f"folder with nodes.csv and edges.csv (default: {data})")
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


def main(argv=None, *, prog: str = PROG, data="data") -> int:
    """Run the export command on `argv`; return the exit status (0 done, 2 bad input).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``); see
        ``python -m graph.export --help``.
    prog : str, optional
        The program name shown in usage, help and errors (e.g. ``"wow export"``).
    data : str or path, optional
        The data folder read when ``--data`` is not given (shown in ``--help``).

    Returns
    -------
    int
        0 when the file was written, 2 on bad input. ``--help`` and usage errors exit
        through ``SystemExit`` (0 and 2), as argparse does.

    See Also
    --------
    graph.export.export_bytes : the same export from Python, without loading or writing.
    graph.export.export_filename : a file name for an export.

    Notes
    -----
    Loads ``--data`` with ``graph.build.load_graph``, applies ``--need``/``--tier`` with
    ``graph.query.filter_graph`` then ``--focus``/``--depth`` with
    ``graph.query.neighbourhood``, and writes the view with its provenance. Invalid data,
    unknown names and unwritable outputs are reported on standard error (status 2), never
    as a traceback; a one-line summary goes to standard error on success, so standard
    output holds only the file with ``--output -``. The cost is loading the data (most of
    it) plus the writer's O(n + m); the whole file is held in memory before writing.

    Examples
    --------
    >>> main(["--data", "no/such/folder", "--format", "csv", "--output", "-"])
    2
    """
    parser = _parser(prog, data)
    args = parser.parse_args(argv)
    if args.depth < 0:
        parser.error("--depth must be 0 or more")
    from graph.check import load_for_command

    G = load_for_command(args.data)
    if G is None:
        return 2
    try:
        view, filters = _select(G, args)
        fmt = FORMATS[args.format]
        payload = fmt.writer(view, provenance(view, filters))
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
