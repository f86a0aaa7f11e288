"""The what-if command: ``python -m graph.whatif`` and ``wow what-if``."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import WebOfWorkError
from .scenario import without
from .text import report

__all__ = ["main"]

#: The program name in usage and help text when the caller gives none.
PROG = "python -m graph.whatif"


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------
def _parser(prog: str = PROG, data: str = "data") -> argparse.ArgumentParser:
    """Return the argument parser of the what-if command, named `prog` in its messages."""
    p = argparse.ArgumentParser(
        prog=prog,
        description="What if it went away: the cover each need loses when nodes are removed.",
        epilog=f'Example: {prog} --remove "Mount Sinai Hospital" --remove hospitals --json')
    p.add_argument("--data", default=str(data), metavar="DIR",
                   help=f"folder with nodes.csv and edges.csv (default: {data})")
    p.add_argument("--remove", action="append", default=[], metavar="NODE",
                   help="a node that goes away (id, name, alias or code, any case); repeatable")
    p.add_argument("--json", action="store_true",
                   help="print the scenario as JSON instead of words")
    return p


def main(argv=None, *, prog: str = PROG, data="data") -> int:
    """Run the what-if command on `argv`; return the exit status (0 done, 2 bad input).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``); see
        ``python -m graph.whatif --help``.
    prog : str, optional
        The program name shown in usage, help and errors (e.g. ``"wow what-if"``).
    data : str or path, optional
        The data folder read when ``--data`` is not given (shown in ``--help``).

    Returns
    -------
    int
        0 when the scenario was printed; 2 for invalid data, an unknown node (with the
        closest matches) or no ``--remove`` at all. ``--help`` and usage errors exit
        through ``SystemExit`` (0 and 2), as argparse does.

    See Also
    --------
    without, summary : the same from Python.

    Notes
    -----
    Loading the data costs most of the time; the scenario itself milliseconds.

    Examples
    --------
    >>> main(["--data", "no/such/folder", "--remove", "x"])
    2
    """
    parser = _parser(prog, data)
    args = parser.parse_args(argv)
    if not args.remove:
        parser.error("nothing to remove: give at least one --remove NODE")
    from graph.check import load_for_command

    G = load_for_command(args.data)
    if G is None:
        return 2
    try:
        scenario = without(G, args.remove)
    except WebOfWorkError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(scenario.as_dict(), indent=1))
    else:
        sys.stdout.write(report(G, scenario))
    return 0


if __name__ == "__main__":
    sys.exit(main())
