"""The job-list command line: code an organization's titles to occupations, as CSV.

Run as ``python -m graph.mapjobs --data DIR INPUT [--output OUT.csv] [--title-column
NAME]`` (or ``wow map-jobs``). Without ``--output`` the CSV goes to standard output; a
one-line summary goes to standard error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["PROG", "main"]

#: The program name in usage and help text when the caller gives none.
PROG = "python -m graph.mapjobs"


def _parser(prog: str, data) -> argparse.ArgumentParser:
    """Return the argument parser of the command, named `prog` in its messages."""
    from .reader import MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS, TITLE_COLUMNS
    from .writer import OUTPUT_COLUMNS

    p = argparse.ArgumentParser(
        prog=prog, description="Code an organization's job titles to occupations (SOC codes) "
        "and write every row back with " + ", ".join(OUTPUT_COLUMNS) + ".",
        epilog=f"Input: a CSV (UTF-8, Windows-1252 or UTF-16) or XLSX file with a header row, "
               f"at most {MAX_ROWS:,} rows, {MAX_FILE_BYTES // 2**20} MB and {MAX_CELL_CHARS:,} "
               f"characters a cell. Example: {prog} --data data/us jobs.xlsx --output coded.csv")
    p.add_argument("input", metavar="INPUT", help="the job list, .csv or .xlsx")
    p.add_argument("--data", default=str(data), metavar="DIR",
                   help=f"the data folder whose occupations are used (default: {data})")
    p.add_argument("--output", "-o", metavar="OUT.csv",
                   help="where to write the coded list (default: standard output)")
    p.add_argument("--title-column", metavar="NAME",
                   help="the column of job titles (default: the first named "
                        + ", ".join(TITLE_COLUMNS) + ", in any case)")
    return p


def read_input(path: Path):
    """Return the bytes of the input file, or (None, message) when it cannot be read."""
    from .reader import MAX_FILE_BYTES

    try:
        if not path.is_file():
            return None, f"{path}:1: {'is not a file' if path.exists() else 'file not found'}"
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, f"{path}:1: cannot be read ({exc.strerror or exc})"
    return data, None


def write_output(path: Path, data: bytes) -> str | None:
    """Write `data` to `path` whole or not at all; return an error message or None."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=".mapjobs-", suffix=".csv",
                                         dir=path.parent if str(path.parent) else ".")
    except OSError as exc:
        return f"{path}: cannot be written ({exc.strerror or exc})"
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        return f"{path}: cannot be written ({exc.strerror or exc})"
    return None


def main(argv=None, *, prog: str = PROG, data="data") -> int:
    """Run the command on `argv`; return the exit status (0 written, 2 bad input).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``).
    prog : str, optional
        The program name shown in usage, help and errors (e.g. ``"wow map-jobs"``).
    data : str or path, optional
        The data folder read when ``--data`` is not given.

    Returns
    -------
    int
        0 once the coded list is written; 2 when the input or the data folder cannot be
        read (every problem on standard error as ``FILE:LINE: ...``, nothing written); 1
        when the reader of standard output stopped early.
        Usage errors exit through ``SystemExit`` (2), as argparse does.

    See Also
    --------
    graph.mapjobs.read_table, graph.mapjobs.code_titles, graph.mapjobs.write_csv

    Notes
    -----
    The input is read and checked before the data folder is loaded, so a bad file fails
    at once. Loading ``data/us`` and building its coder takes a few seconds; then each
    distinct title costs a look-up or one search. The output is written to a temporary
    file and renamed, so an interrupted run leaves no half-written file.

    Examples
    --------
    >>> main(["--data", "data", "no/such/file.csv"])
    2
    """
    args = _parser(prog, data).parse_args(argv)
    from graph.check import load_for_command
    from graph.errors import DataError

    from .coder import LOW_CONFIDENCE, code_titles
    from .reader import read_table
    from .writer import write_csv

    path = Path(args.input)
    raw, error = read_input(path)
    if raw is None:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        table = read_table(raw, str(path), args.title_column)
    except DataError as err:
        print(f"error: cannot read the job list {path}", file=sys.stderr)
        for problem in err.problems:
            print(str(problem), file=sys.stderr)
        return 2
    G = load_for_command(args.data, quiet=True)
    if G is None:
        return 2
    coded = code_titles(G, table.titles)
    out = write_csv(table, coded)
    if args.output:
        error = write_output(Path(args.output), out)
        if error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    elif hasattr(sys.stdout, "buffer"):  # the bytes as they are: CRLF rows, UTF-8
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(out)
            sys.stdout.buffer.flush()
        except BrokenPipeError:  # the reader stopped early (`... | head`): end quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    else:  # a text stream standing in for standard output
        sys.stdout.write(out.decode("utf-8"))
    low = sum(1 for c in coded if c.soc_code and c.confidence < LOW_CONFIDENCE)
    empty = sum(1 for c in coded if not c.soc_code)
    print(f"{path}: {len(coded):,} rows coded, {low:,} with confidence under "
          f"{LOW_CONFIDENCE} and {empty:,} left uncoded"
          + (f" -> {args.output}" if args.output else ""), file=sys.stderr)
    return 0
