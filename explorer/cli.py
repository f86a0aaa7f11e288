"""The ``wow`` command: the explorer and the data tools behind one name.

``wow serve`` runs the explorer (the options of `explorer.settings`), ``wow check [DIR]``
checks a data folder and prints its summary (`graph.check.main`), ``wow export ...``
writes the graph or a filtered view of it to a file (`graph.export.main`), ``wow search
TEXT`` prints the nodes that best match a name, job title or code
(`graph.search.cli.main`), ``wow map-jobs FILE`` codes an organization's job titles to
occupations (`graph.mapjobs.cli.main`), ``wow moves NODE`` prints the career moves from
a node (`graph.moves.main`). Each command takes the options of the module behind it (``wow
COMMAND --help``) and returns its exit status: 0 when done, 2 with a message and no
traceback on bad input.

Without a folder, ``wow check``, ``wow export`` and ``wow search`` read the one the
explorer opens: ``WOW_DATA`` when set, else the bundled data
(`explorer.settings.BUNDLED_DATA`), from any working directory.

A command is one entry in `COMMANDS`: its name, one line of help and a function from
the arguments after the name to an exit status.

Examples
--------
>>> list(COMMANDS)
['serve', 'check', 'export', 'search', 'what-if', 'map-jobs', 'moves']
>>> main(["check", "--no-such-option"])
Traceback (most recent call last):
...
SystemExit: 2
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, NamedTuple

from explorer.settings import from_environ


class Command(NamedTuple):
    """A subcommand of ``wow``: one line of help and what it runs."""

    help: str
    run: Callable[[list[str]], int]  # the arguments after the name -> exit status


def _serve(argv: list[str]) -> int:
    """Serve the explorer (`explorer.app.main`)."""
    from explorer.app import main

    return main(argv, prog="wow serve")


def _check(argv: list[str]) -> int:
    """Check a data folder, by default the explorer's (`graph.check.main`)."""
    from graph.check import main

    return main(argv, prog="wow check", data=from_environ("data"))


def _export(argv: list[str]) -> int:
    """Export the explorer's data, or the ``--data`` given (`graph.export.main`)."""
    from graph.export import main

    return main(argv, prog="wow export", data=from_environ("data"))


def _search(argv: list[str]) -> int:
    """Search the explorer's data, or the ``--data`` given (`graph.search.cli.main`)."""
    from graph.search.cli import main

    return main(argv, prog="wow search", data=from_environ("data"))


def _what_if(argv: list[str]) -> int:
    """Say what the needs lose if nodes went away, in the explorer's data or the ``--data``
    given (`graph.whatif.main`)."""
    from graph.whatif import main

    return main(argv, prog="wow what-if", data=from_environ("data"))


def _moves(argv: list[str]) -> int:
    """Print the career moves from a node of the explorer's data, or of the ``--data``
    given (`graph.moves.main`)."""
    from graph.moves import main

    return main(argv, prog="wow moves", data=from_environ("data"))


def _map_jobs(argv: list[str]) -> int:
    """Code a job list to the occupations of the explorer's data, or of the ``--data``
    given (`graph.mapjobs.cli.main`)."""
    from graph.mapjobs.cli import main

    return main(argv, prog="wow map-jobs", data=from_environ("data"))


#: The subcommands of ``wow``, in the order ``wow --help`` lists them.
COMMANDS: dict[str, Command] = {
    "serve": Command("serve the explorer to web browsers (python app.py)", _serve),
    "check": Command("check a data folder and print a summary (default: the explorer's data)",
                     _check),
    "export": Command("write the graph, or a filtered view of it, to a file", _export),
    "search": Command("print the nodes that best match a name, job title or code", _search),
    "what-if": Command("say which needs lose cover if some nodes went away", _what_if),
    "map-jobs": Command("code an organization's job titles (CSV or XLSX) to occupations",
                        _map_jobs),
    "moves": Command("print the career moves from a profession or job, with pay, growth "
                     "and skills", _moves),
}


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``wow COMMAND``: it lists the commands and checks the name.

    Examples
    --------
    >>> build_parser().parse_args(["serve"]).command
    'serve'
    """
    parser = argparse.ArgumentParser(
        prog="wow",
        description="The Web of Work: serve the explorer; check, export and search data.",
        epilog="Each command has options of its own: wow COMMAND --help.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                     required=True)
    for name, command in COMMANDS.items():
        # The command's own parser reads what follows its name (and answers --help).
        commands.add_parser(name, help=command.help, add_help=False)
    return parser


def main(argv=None) -> int:
    """Run ``wow COMMAND [ARGS...]``; return the command's exit status.

    The command name comes first; everything after it goes to the command. An unknown
    or missing name exits with status 2 and the usage (argparse's ``SystemExit``). A
    reader that stops early (``wow check | head -3``) ends the command quietly, status 1.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    if argv and argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        parser.error(f"unrecognized option {argv[0]!r}: a command's options go after its name")
    args = parser.parse_args(argv[:1])
    try:
        return COMMANDS[args.command].run(argv[1:])
    except BrokenPipeError:
        # Python's own recipe: point stdout at devnull, so the flush at exit cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
