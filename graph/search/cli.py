"""The search command line: ranked matches for what people type, as text or JSON.

Run as ``python -m graph.search --data DIR "senior loan officer"`` (or ``wow search``);
``--json`` prints a JSON list, ``--batch`` answers one query per line of standard input
with one JSON list per line, in order, from one index (for evaluation scripts).
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main", "match_record", "format_match"]

#: The program name in usage and help text when the caller gives none.
PROG = "python -m graph.search"


def match_record(match) -> dict:
    """Return a `graph.search.Match` as a JSON-ready dict.

    Examples
    --------
    >>> from graph.search import Match
    >>> match_record(Match("rn", "Registered Nurses", "profession", "title", "Staff Nurse", 0.92,
    ...                    "29-1141"))  # doctest: +NORMALIZE_WHITESPACE
    {'id': 'rn', 'label': 'Registered Nurses', 'tier': 'profession', 'code': '29-1141',
     'field': 'title', 'matched': 'Staff Nurse', 'score': 0.92}
    """
    return {"id": str(match.id), "label": match.label, "tier": match.tier, "code": match.code,
            "field": match.field, "matched": match.matched, "score": match.score}


def format_match(rank: int, match) -> str:
    """Return one line of the text output: rank, score, tier, code, label and what matched.

    Examples
    --------
    >>> from graph.search import Match
    >>> match = Match("rn", "Registered Nurses", "profession", "title", "Staff Nurse", 0.92,
    ...               "29-1141")
    >>> format_match(1, match)
    ' 1  0.920  profession    29-1141   Registered Nurses  <- title "Staff Nurse"'
    """
    line = f"{rank:>2}  {match.score:.3f}  {match.tier:<12}  {match.code or '-':<8}  {match.label}"
    if match.field != "label" or match.matched != match.label:
        line += f'  <- {match.field} "{match.matched}"'
    return line


def _parser(prog: str, data) -> argparse.ArgumentParser:
    """Return the argument parser of the search command, named `prog` in its messages."""
    p = argparse.ArgumentParser(
        prog=prog, description="Find nodes by label, alias, job title, code or id, best first.",
        epilog=f'Example: {prog} --data data/us "senior loan officer"')
    p.add_argument("query", nargs="*", help="what to look for (several words are one query)")
    p.add_argument("--data", default=str(data), metavar="DIR",
                   help=f"folder with nodes.csv, edges.csv and any titles.csv (default: {data})")
    p.add_argument("--limit", type=int, default=10, metavar="N",
                   help="most matches per query (default 10)")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of {id, label, tier, code, field, matched, score}")
    p.add_argument("--batch", action="store_true",
                   help="read one query per line of standard input; print one JSON list a line")
    return p


def main(argv=None, *, prog: str = PROG, data="data") -> int:
    """Run the search command on `argv`; return the exit status (0 done, 2 bad input).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``).
    prog : str, optional
        The program name shown in usage, help and errors (e.g. ``"wow search"``).
    data : str or path, optional
        The data folder read when ``--data`` is not given.

    Returns
    -------
    int
        0 when the queries were answered (whether anything matched or not), 2 when the
        data cannot be read. Usage errors exit through ``SystemExit`` (2), as argparse
        does.

    See Also
    --------
    graph.search.SearchIndex.search : the ranking.

    Notes
    -----
    Loads the folder with `graph.build.load_graph` and builds one
    `graph.search.SearchIndex` (about a second for ``data/us``), then answers each
    query in milliseconds. Any text is a valid query: empty, blank, very long, with
    control characters or undecodable bytes, it prints no match, never an error.

    Examples
    --------
    >>> main(["--data", "no/such/folder", "nurse"])
    2
    """
    parser = _parser(prog, data)
    args = parser.parse_args(argv)
    if not args.batch and not args.query:
        parser.error("give a query, or --batch to read queries from standard input")
    if args.limit < 1:
        parser.error("--limit must be 1 or more")
    from graph.check import load_for_command
    from graph.search import SearchIndex

    G = load_for_command(args.data, quiet=True)
    if G is None:
        return 2
    index = SearchIndex(G)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="backslashreplace")  # a label no terminal can show
    if args.batch:
        stdin = sys.stdin
        if hasattr(stdin, "reconfigure"):
            stdin.reconfigure(errors="replace")
        for line in stdin:
            records = [match_record(m) for m in index.search(line.rstrip("\r\n"), args.limit)]
            out.write(json.dumps(records) + "\n")
            out.flush()
        return 0
    matches = index.search(" ".join(args.query), args.limit)
    if args.json:
        out.write(json.dumps([match_record(m) for m in matches], indent=1) + "\n")
    elif matches:
        out.write("\n".join(format_match(i, m) for i, m in enumerate(matches, 1)) + "\n")
    else:
        print("no match", file=sys.stderr)
    return 0
