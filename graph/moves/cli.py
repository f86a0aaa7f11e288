"""The moves command: ``python -m graph.moves`` and ``wow moves``."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import WebOfWorkError
from .career import moves
from .text import report

__all__ = ["main"]

#: The program name in usage and help text when the caller gives none.
PROG = "python -m graph.moves"
#: Rows of each part printed when ``--limit`` is not given.
DEFAULT_LIMIT = 20


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------
def _parser(prog: str = PROG, data: str = "data") -> argparse.ArgumentParser:
    """Return the argument parser of the moves command, named `prog` in its messages."""
    p = argparse.ArgumentParser(
        prog=prog,
        description="Where can I go from here: the career moves from a profession or job "
                    "(or the professions of an industry or organization with the best "
                    "outlook), with wages, growth, Job Zone, skills and needs.",
        epilog=f'Example: {prog} "Registered Nurses" --limit 5 --json')
    p.add_argument("node", metavar="NODE", help="a node id, name, alias or code (any case)")
    p.add_argument("--data", default=str(data), metavar="DIR",
                   help=f"folder with nodes.csv and edges.csv (default: {data})")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"most rows of each part (default: {DEFAULT_LIMIT}; 0 for all)")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of objects (null where a value is unknown)")
    return p


def main(argv=None, *, prog: str = PROG, data="data") -> int:
    """Run the moves command on `argv`; return the exit status (0 done, 2 bad input).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``); see
        ``python -m graph.moves --help``.
    prog : str, optional
        The program name shown in usage, help and errors (e.g. ``"wow moves"``).
    data : str or path, optional
        The data folder read when ``--data`` is not given (shown in ``--help``).

    Returns
    -------
    int
        0 when the moves were printed; 2 for invalid data, an unknown node (with the
        closest names) or a negative ``--limit``. ``--help`` and usage errors exit
        through ``SystemExit`` (0 and 2), as argparse does.

    See Also
    --------
    graph.moves.moves : the same from Python.

    Notes
    -----
    Loading the data costs most of the time; the moves themselves a few milliseconds.

    Examples
    --------
    >>> main(["--data", "no/such/folder", "nurse"])
    2
    """
    parser = _parser(prog, data)
    args = parser.parse_args(argv)
    if args.limit < 0:
        parser.error(f"--limit must be 0 or more, not {args.limit}")
    from graph.check import load_for_command

    G = load_for_command(args.data)
    if G is None:
        return 2
    try:
        answer = moves(G, args.node, limit=args.limit or None)
    except WebOfWorkError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.as_list(), indent=1, ensure_ascii=False))
    else:
        sys.stdout.write(report(G, answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
