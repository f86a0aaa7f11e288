"""The check command (``python -m graph.build``, ``wow check``), and how every command
loads its data folder.

`main` checks a data folder with `graph.build.load_graph` and prints its summary
(`graph.summary.summary`) or every problem found. `load_for_command` is the loading the
other commands share (``wow export``, ``wow search``, ``wow what-if``, ``wow moves``,
``wow map-jobs``): a bad folder is reported the same way by all of them, never with a
traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import networkx as nx

from graph.build import load_graph
from graph.errors import DataError, WebOfWorkWarning
from graph.schema import EDGES_FILE, NODES_FILE
from graph.summary import summary

__all__ = ["load_for_command", "main"]


def load_for_command(data_dir, *, quiet: bool = False, stream=None) -> nx.DiGraph | None:
    """Return the graph of `data_dir` for a command-line tool, or None after saying why not.

    A missing folder prints ``error: data folder not found: DIR``; invalid data prints
    ``error: invalid data in DIR`` and then every problem, each as
    ``FILE:LINE: column COLUMN: ...``. The caller exits with status 2 on None, so every
    command reports a bad data folder the same way and never with a traceback.

    Parameters
    ----------
    data_dir : str or path
        The folder holding ``nodes.csv`` and ``edges.csv`` (and ``titles.csv``).
    quiet : bool, optional
        Silence the builder's warnings (for tools whose standard error is read by people
        only when something fails).
    stream : file, optional
        Where the messages go (default: standard error).

    See Also
    --------
    graph.build.load_graph : the same, raising `graph.errors.DataError` instead.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> load_for_command("no/such/folder", stream=out) is None, out.getvalue()
    (True, 'error: data folder not found: no/such/folder\\n')
    """
    stream = stream if stream is not None else sys.stderr
    if not Path(data_dir).is_dir():
        print(f"error: data folder not found: {data_dir}", file=stream)
        return None
    try:
        with warnings.catch_warnings():
            if quiet:
                warnings.simplefilter("ignore", WebOfWorkWarning)
            return load_graph(data_dir)
    except DataError as err:
        print(f"error: invalid data in {data_dir}", file=stream)
        print(str(err), file=stream)
        return None


def main(argv=None, *, prog: str = "python -m graph.build", data="data") -> int:
    """Check a data folder and print its summary; return the exit status (0 valid, 2 not).

    ``prog`` names the command in usage and help text; ``data`` is the folder checked
    when none is given.

    The summary goes to stdout, the problems (exit status 2) or the warnings to stderr, each
    as ``FILE:LINE: column COLUMN: what is wrong, expected WHAT``.

    See Also
    --------
    graph.build.load_graph : The check.
    graph.summary.summary : The text printed for valid data.

    Examples
    --------
    >>> main(["no-such-folder"])
    2
    """
    parser = argparse.ArgumentParser(
        prog=prog, description="Check the Web of Work data files and print a summary.")
    parser.add_argument("data_dir", nargs="?", default=str(data),
                        help=f"folder holding {NODES_FILE} and {EDGES_FILE} (default: {data})")
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", WebOfWorkWarning)
            G = load_graph(args.data_dir)
    except DataError as err:
        n = len(err.problems)
        print(f"{args.data_dir}: {n} problem{'s' if n != 1 else ''}:", file=sys.stderr)
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 2
    print(f"{args.data_dir}: valid (checksum {G.graph['checksum'][:12]})")
    print(summary(G))
    for warning in G.graph["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
