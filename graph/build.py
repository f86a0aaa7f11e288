"""Load the Web of Work from ``nodes.csv`` and ``edges.csv``, validating every row.

`load_graph` reads a data folder into a `networkx.DiGraph`, or raises one
`graph.errors.DataError` that lists every problem found in the files, each located by
file, line and column. The vocabulary (tiers, needs, relations, columns) comes from
`graph.schema`.

Run ``python -m graph.build [DATA_DIR]`` to check a data folder and print a summary.

Examples
--------
>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "nodes.csv").write_text(
...     "id,label,tier,description\\n"
...     "learning,Learning,need,Gaining knowledge and skills.\\n"
...     "educator,Educator,profession,Teaches people.\\n", encoding="utf-8")
>>> _ = (folder / "edges.csv").write_text(
...     "source,target,relation\\neducator,learning,serves\\n", encoding="utf-8")
>>> G = load_graph(folder)
>>> G.nodes["educator"]
{'label': 'Educator', 'tier': 'profession', 'description': 'Teaches people.'}
>>> G.edges["educator", "learning"]
{'relation': 'serves'}
>>> print(summary(G).splitlines()[0])
2 nodes, 1 edge
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import argparse
import bisect
import codecs
import csv
import difflib
import hashlib
import io
import math
import re
import sys
import warnings
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graph.errors import DataError, Problem, WebOfWorkWarning
from graph.schema import (
    BRIDGED,
    BRIDGED_PAIRS,
    EDGE_COLUMNS,
    EDGES_FILE,
    NEED_BY_ID,
    NEED_IDS,
    NEEDS,
    NODE_COLUMNS,
    NODES_FILE,
    NUMERIC_EXTRA_COLUMNS,
    ORG_KINDS,
    RELATION_BY_PAIR,
    RELATION_IDS,
    RELATIONS,
    TIER_IDS,
    TIERS,
    WORK_TIERS,
    relation_for,
    unneutralise,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS_PER_FILE",
    "SLUG_PATTERN",
    "load_graph",
    "main",
    "need_reach",
    "summary",
]

#: A data file larger than this many bytes is reported as a problem and never read.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Problems kept per file; the rest are counted in one final "... and N more problems".
MAX_PROBLEMS_PER_FILE = 1000
#: A node id: lower-case letters and digits in words joined by single hyphens.
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_SHOW_CHARS = 60  # longest user value quoted in a message
_ALL_RELATIONS = (*RELATION_IDS, BRIDGED)
_SLUG_HELP = "a slug of lower-case letters, digits and single hyphens"
_WARNING_SHOWN = 10  # node ids named in the one summary warning
_SUGGESTION_BUDGET = 2000  # unknown ids given a closest-id suggestion per load
_NEIGHBOURS = 50  # ids on each side of an unknown id, in sorted order, compared with it


class _Problems:
    """Collect the problems of one file, keeping at most `MAX_PROBLEMS_PER_FILE`."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, line, column, message, expected=""):
        """Record one problem, or only count it once the cap is reached."""
        if len(self.items) < MAX_PROBLEMS_PER_FILE:
            self.items.append(Problem(self.file, line, column, message, expected))
        else:
            self.dropped += 1

    def __bool__(self):
        return bool(self.items)

    @property
    def full(self) -> bool:
        """True once the cap is reached: later problems are only counted."""
        return len(self.items) >= MAX_PROBLEMS_PER_FILE

    def all(self) -> list[Problem]:
        """Return the kept problems, plus one line counting those left out."""
        if not self.dropped:
            return list(self.items)
        more = Problem(self.file, None, None,
                       f"... and {self.dropped} more problem{'s' if self.dropped != 1 else ''}",
                       "")
        return [*self.items, more]


@dataclass
class _Table:
    """A parsed CSV file: its shown name, raw bytes, header and (line, cells) rows."""

    file: str
    data: bytes = b""
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    usable: bool = False  # header read and required columns present
    complete: bool = False  # every row could be read (no CSV syntax error)


def _show(value: str) -> str:
    """Quote a user's value for a message, shortened when long."""
    if len(value) > _SHOW_CHARS:
        value = value[:_SHOW_CHARS] + "..."
    return repr(value)


def _one_of(options) -> str:
    """Return 'one of a, b, c' for an expected-value message."""
    return "one of " + ", ".join(options)


def _closest(word: str, options, n: int = 1) -> list[str]:
    """Return the options closest to a word (difflib), best first."""
    return difflib.get_close_matches(word, list(options), n=n, cutoff=0.6)


def _line_of(data: bytes, offset: int) -> int:
    """Return the 1-based physical line holding a byte offset (\\n, \\r\\n or \\r end lines)."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _read_bytes(path: Path, problems: _Problems) -> bytes | None:
    """Return a file's bytes, or None after recording why it cannot be read."""
    if not path.exists():
        problems.add(None, None, "file is missing", "a CSV file in the data folder")
        return None
    if not path.is_file():
        problems.add(None, None, "is not a file", "a CSV file")
        return None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.add(None, None, f"file is too large to load ({size:,} bytes)",
                     f"at most {MAX_FILE_BYTES:,} bytes")
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.add(None, None, f"cannot be read ({exc.strerror or exc})", "a readable file")
        return None
    if len(data) > MAX_FILE_BYTES:  # the file grew while we looked at it
        problems.add(None, None, "file is too large to load", f"at most {MAX_FILE_BYTES:,} bytes")
        return None
    return data


def _decode(data: bytes, problems: _Problems) -> str | None:
    """Return the text of UTF-8 bytes (a byte-order mark is dropped), or None with a problem."""
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        bad = data[at]
        hint = " (the file looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        problems.add(_line_of(data, at), None,
                     f"byte 0x{bad:02x} is not valid UTF-8{hint}",
                     "a UTF-8 text file (save it as 'CSV UTF-8')")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        problems.add(_line_of(data, nul), None, "NUL byte (the file looks binary)",
                     "a UTF-8 text CSV file")
        return None
    return text


def _read_table(path: Path, shown: str, spec, problems: _Problems) -> _Table:
    """Read one CSV file into a `_Table`, recording file and header problems."""
    table = _Table(shown)
    data = _read_bytes(path, problems)
    if data is None:
        return table
    table.data = data
    text = _decode(data, problems)
    if text is None:
        return table
    if not text.strip():
        problems.add(None, None, "file is empty", "a header row naming the columns, then rows")
        return table
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = None
    line = 1
    try:
        for cells in reader:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                line = reader.line_num + 1
                continue  # a blank line is not a row
            if header is None:
                header = (line, cells)
            else:
                table.rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.add(line, None, f"cannot read the CSV from here on ({exc})",
                     'standard CSV quoting (a cell with a comma, quote or line break in quotes, '
                     'a quote inside doubled "")')
    else:
        table.complete = True
    if header is None:
        if not problems:
            problems.add(None, None, "file is empty", "a header row naming the columns, then rows")
        return table
    header_line, names = header
    columns = [name.strip() for name in names]
    table.columns = columns
    usable = True
    seen: dict[str, int] = {}
    for position, name in enumerate(columns, start=1):
        if not name:
            problems.add(header_line, f"#{position}", "blank column name",
                         "a name for every column (remove trailing commas)")
            usable = False
        elif name in seen:
            problems.add(header_line, name, f"column appears twice (also column #{seen[name]})",
                         "each column once")
            usable = False
        else:
            seen[name] = position
    for col in spec:
        if col.required and col.name not in seen:
            near = _closest(col.name, seen)
            hint = f" (found {_show(near[0])})" if near else ""
            problems.add(header_line, col.name, f"required column is missing{hint}",
                         "a header with the columns "
                         + ", ".join(c.name for c in spec if c.required))
            usable = False
    table.usable = usable
    return table


def _parse_number(column: str, raw: str):
    """Return (value, None) for a numeric cell, or (None, expected) when it is not valid."""
    kind = NUMERIC_EXTRA_COLUMNS[column]
    try:
        number = float(raw)
    except ValueError:
        number = None
    if kind is int:
        expected = "a whole number >= 0 (such as 1200) or a blank cell"
        try:
            value = int(raw)
        except ValueError:
            if number is None or not number.is_integer():
                return None, expected
            value = int(number)
        return (value, None) if value >= 0 else (None, expected)
    if number is None or not math.isfinite(number):
        return None, "a number (such as 0.25) or a blank cell"
    return number, None


def _row_values(table: _Table, line: int, cells: list[str], problems: _Problems):
    """Return a row as {column: stripped, unneutralised text}, or None if its width is wrong."""
    width = len(table.columns)
    if len(cells) < width:
        problems.add(line, table.columns[len(cells)],
                     f"row has {len(cells)} cells but the header has {width}",
                     f"{width} cells (put quotes around a cell that contains a comma)")
        return None
    if len(cells) > width:
        problems.add(line, None, f"row has {len(cells)} cells but the header has {width}",
                     f"{width} cells (put quotes around a cell that contains a comma)")
        return None
    stripped = [cell.strip() for cell in cells]
    if stripped == table.columns:
        problems.add(line, None, "the header row appears again",
                     "one header row, at the top (were two files joined?)")
        return None
    return dict(zip(table.columns, map(unneutralise, stripped)))


def _attributes(values: dict, skip, line: int, problems: _Problems):
    """Return (attributes in column order, ok): numbers parsed, blank numbers left out."""
    attrs = {}
    ok = True
    for name, raw in values.items():
        if name in skip:
            continue
        if name in NUMERIC_EXTRA_COLUMNS:
            if raw == "":
                continue
            value, expected = _parse_number(name, raw)
            if expected:
                problems.add(line, name, f"{_show(raw)} is not a valid {name}", expected)
                ok = False
                continue
            attrs[name] = value
        else:
            attrs[name] = raw
    return attrs, ok


def _blank_required(values: dict, spec, line: int, problems: _Problems) -> bool:
    """Record a problem for each blank required cell; return True if there was none."""
    ok = True
    for col in spec:
        if col.required and values.get(col.name, "") == "":
            problems.add(line, col.name, "required cell is blank", "a value")
            ok = False
    return ok


def _slug_hint(value: str) -> str:
    """Return a slug made from a value, for a suggestion."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))


@dataclass
class _Known:
    """Ids seen in nodes.csv (even on rows with problems), so edges are checked against them."""

    line: dict[str, int] = field(default_factory=dict)
    tier: dict[str, str] = field(default_factory=dict)
    _sorted: tuple[list[str], list[str]] | None = None
    _suggested: dict[str, str | None] = field(default_factory=dict)

    def closest(self, word: str) -> str | None:
        """Return the known id closest to an unknown one, within a bounded amount of work.

        Only the ids next to the word in sorted order, forwards and backwards (sharing most
        of its start or its end), are compared, so a typo is found among millions of ids.
        """
        if word in self._suggested:
            return self._suggested[word]
        if len(self._suggested) >= _SUGGESTION_BUDGET:
            return None
        if self._sorted is None:
            self._sorted = (sorted(self.line), sorted(k[::-1] for k in self.line))
        forward, backward = self._sorted
        i = bisect.bisect_left(forward, word)
        j = bisect.bisect_left(backward, word[::-1])
        options = {*forward[max(0, i - _NEIGHBOURS):i + _NEIGHBOURS],
                   *(k[::-1] for k in backward[max(0, j - _NEIGHBOURS):j + _NEIGHBOURS])}
        near = _closest(word, sorted(options))
        self._suggested[word] = near[0] if near else None
        return self._suggested[word]


def _load_nodes(table: _Table, G: nx.DiGraph, problems: _Problems) -> _Known:
    """Check every node row, add the valid ones to G and return the ids seen."""
    known = _Known()
    if not table.usable:
        return known
    if not table.rows:
        problems.add(None, None, "has a header but no rows", "at least one node")
        return known
    for line, cells in table.rows:
        values = _row_values(table, line, cells, problems)
        if values is None:  # keep its id known, so edges to it are not reported unknown
            position = table.columns.index("id")
            node = cells[position].strip() if position < len(cells) else ""
            if node and node not in known.line:
                known.line[node] = line
            continue
        ok = _blank_required(values, NODE_COLUMNS, line, problems)
        node, tier = values["id"], values["tier"]
        if node:
            if node in known.line:
                problems.add(line, "id", f"duplicate id {_show(node)} (first on line "
                             f"{known.line[node]})", "each id once")
                ok = False
            else:
                known.line[node] = line
                if not SLUG_PATTERN.fullmatch(node):
                    hint = _slug_hint(node)
                    problems.add(line, "id", f"id {_show(node)} is not a slug",
                                 _SLUG_HELP + (f", e.g. {_show(hint)}" if hint else ""))
                    ok = False
        if tier:
            if tier not in TIER_IDS:
                near = _closest(tier.lower(), TIER_IDS)
                hint = f" (did you mean {_show(near[0])}?)" if near else ""
                problems.add(line, "tier", f"unknown tier {_show(tier)}{hint}", _one_of(TIER_IDS))
                ok = False
            elif node and known.line.get(node) == line:
                known.tier[node] = tier
        if tier and tier != "need" and node in NEED_BY_ID:
            problems.add(line, "tier", f"id {_show(node)} belongs to a need but the tier is "
                         f"{_show(tier)}", "need (the need ids are reserved for the needs)")
            ok = False
        if tier == "need" and node and node not in NEED_IDS:
            near = _closest(node, NEED_IDS)
            hint = f" (did you mean {_show(near[0])}?)" if near else ""
            problems.add(line, "id", f"need id {_show(node)} is not one of the {len(NEEDS)} "
                         f"needs{hint}", _one_of(NEED_IDS))
            ok = False
        kind = values.get("kind", "")
        if tier == "organization" and kind and kind not in ORG_KINDS:
            near = _closest(kind.lower(), ORG_KINDS)
            hint = f" (did you mean {_show(near[0])}?)" if near else ""
            problems.add(line, "kind", f"unknown organization kind {_show(kind)}{hint}",
                         _one_of(ORG_KINDS) + " or a blank cell")
            ok = False
        attrs, numbers_ok = _attributes(values, ("id",), line, problems)
        if ok and numbers_ok:
            G.add_node(node, **attrs)
    return known


def _pairs_text(pairs) -> str:
    """Return 'a -> b or c -> d' for a set of tier pairs, in tier order."""
    order = {t: i for i, t in enumerate(TIER_IDS)}
    ranked = sorted(pairs, key=lambda p: (order[p[0]], order[p[1]]))
    return " or ".join(f"{a} -> {b}" for a, b in ranked)


def _check_relation(relation: str, source_tier: str, target_tier: str):
    """Return (message, expected) when a relation may not join two tiers, else None."""
    allowed = BRIDGED_PAIRS if relation == BRIDGED else RELATIONS[relation].pairs
    if (source_tier, target_tier) in allowed:
        return None
    proper = relation_for(source_tier, target_tier)
    if proper:
        hint = f" (a {source_tier} -> {target_tier} edge is {_show(proper)})"
    elif relation_for(target_tier, source_tier) or (target_tier, source_tier) in BRIDGED_PAIRS:
        hint = " (edges point toward the needs: swap source and target)"
    else:
        hint = ""
    return (f"relation {_show(relation)} cannot join {source_tier} -> {target_tier}",
            f"{_show(relation)} to join {_pairs_text(allowed)}{hint}")


def _load_edges(table: _Table, G: nx.DiGraph, known: _Known, nodes_ok: bool,
                nodes_file: str, problems: _Problems) -> dict:
    """Check every edge row, add the valid ones to G and return {(u, v): line}."""
    seen: dict[tuple[str, str], int] = {}
    if not table.usable:
        return seen
    for line, cells in table.rows:
        values = _row_values(table, line, cells, problems)
        if values is None:
            continue
        ok = _blank_required(values, EDGE_COLUMNS, line, problems)
        u, v, relation = values["source"], values["target"], values["relation"]
        for column, node in (("source", u), ("target", v)):
            if node and nodes_ok and node not in known.line:
                near = None if problems.full else known.closest(node)
                hint = f", e.g. {_show(near)}" if near else ""
                problems.add(line, column, f"no node has id {_show(node)}",
                             f"an id from {nodes_file}{hint}")
                ok = False
        if u and u == v:
            problems.add(line, "target", f"self-loop: source and target are both {_show(u)}",
                         "an edge between two different nodes")
            ok = False
        if relation:
            if relation not in _ALL_RELATIONS:
                near = _closest(relation.lower(), _ALL_RELATIONS)
                hint = f" (did you mean {_show(near[0])}?)" if near else ""
                problems.add(line, "relation", f"unknown relation {_show(relation)}{hint}",
                             _one_of(_ALL_RELATIONS))
                ok = False
            elif u in known.tier and v in known.tier:
                wrong = _check_relation(relation, known.tier[u], known.tier[v])
                if wrong:
                    problems.add(line, "relation", *wrong)
                    ok = False
        if u and v and u != v:
            if (u, v) in seen:
                problems.add(line, "target", f"duplicate edge {u} -> {v} (first on line "
                             f"{seen[(u, v)]})", "each (source, target) pair once")
                ok = False
            else:
                seen[(u, v)] = line
                if (v, u) in seen:
                    problems.add(line, "target", f"edge {u} -> {v} contradicts edge {v} -> {u} "
                                 f"on line {seen[(v, u)]}",
                                 "edges that point one way, toward the needs")
                    ok = False
        attrs, numbers_ok = _attributes(values, ("source", "target"), line, problems)
        if ok and numbers_ok and u in G and v in G:
            G.add_edge(u, v, **attrs)
    return seen


def _cyclic_tier_groups() -> dict[str, int]:
    """Map each tier that can lie on a cycle of allowed edges to its group of such tiers."""
    tiers = nx.DiGraph([*RELATION_BY_PAIR, *BRIDGED_PAIRS])
    groups = {}
    for i, group in enumerate(nx.strongly_connected_components(tiers)):
        if len(group) > 1 or any(tiers.has_edge(t, t) for t in group):
            groups.update(dict.fromkeys(group, i))
    return groups


def _back_edges(H: nx.DiGraph):
    """Yield (cycle, closing edge) for each back edge of one depth-first search of H."""
    state: dict[str, bool] = {}  # True while on the current path, False once finished
    for root in H:
        if root in state:
            continue
        state[root] = True
        path, where = [root], {root: 0}
        stack = [(root, iter(H.succ[root]))]
        while stack:
            node, successors = stack[-1]
            for succ in successors:
                if succ not in state:
                    state[succ] = True
                    where[succ] = len(path)
                    path.append(succ)
                    stack.append((succ, iter(H.succ[succ])))
                    break
                if state[succ]:
                    yield [*path[where[succ]:], succ], (node, succ)
            else:
                stack.pop()
                path.pop()
                del where[node]
                state[node] = False


def _check_cycles(G: nx.DiGraph, lines: dict, problems: _Problems) -> None:
    """Record each cycle of edges (edges must all lead toward the needs, never around)."""
    # A cycle of nodes walks a cycle of tiers, so only edges inside a cyclic group of tiers
    # (today: industry part_of industry) can close one; this keeps the check small. Edges are
    # followed in file order, so the edge reported as closing a cycle tends to be the later one.
    groups = _cyclic_tier_groups()
    tier = G.nodes.data("tier")
    H = nx.DiGraph(
        (u, v) for u, v in lines
        if G.has_edge(u, v) and groups.get(tier[u]) is not None
        and groups.get(tier[u]) == groups.get(tier[v]))
    for cycle, closing in _back_edges(H):
        shown = cycle if len(cycle) <= 12 else [*cycle[:6], "...", *cycle[-5:]]
        problems.add(lines[closing], "target", f"edges form a cycle: {' -> '.join(shown)}",
                     "edges that all lead toward the needs, never back around")


def _reaching(G: nx.DiGraph) -> set:
    """Return the nodes with a directed path to a need node (the needs included)."""
    start = [n for n, tier in G.nodes(data="tier") if tier == "need"]
    found = set(start)
    queue = deque(start)
    while queue:
        for pred in G.pred[queue.popleft()]:
            if pred not in found:
                found.add(pred)
                queue.append(pred)
    return found


def load_graph(data_dir) -> nx.DiGraph:
    """Load and validate ``nodes.csv`` and ``edges.csv`` from a data folder.

    The result is a `networkx.DiGraph`, not a multigraph: every ordered pair of tiers admits
    at most one relation in `graph.schema`, so (source, target) identifies an edge, and a
    second row with the same source and target is reported as a duplicate.

    Parameters
    ----------
    data_dir : str or path-like
        Folder holding ``nodes.csv`` and ``edges.csv`` (UTF-8 CSV, header row first).

    Returns
    -------
    G : networkx.DiGraph
        Nodes keyed by id; node attributes are the other columns of ``nodes.csv`` in file
        order, edge attributes every column of ``edges.csv`` but source and target. Text is
        stripped and `graph.schema.unneutralise`-d, an empty text cell is ``""``; the
        numeric columns of `graph.schema.NUMERIC_EXTRA_COLUMNS` are parsed, and a blank one
        leaves the attribute out. ``G.graph`` holds ``name`` (the folder's name),
        ``checksum`` (sha256 of the bytes of nodes.csv then edges.csv), ``node_columns``
        and ``edge_columns`` (the headers in file order) and ``warnings`` (a list of str).

    Raises
    ------
    DataError
        Listing every problem found (file, line, column, what is wrong, what was
        expected), at most `MAX_PROBLEMS_PER_FILE` per file.

    Warns
    -----
    WebOfWorkWarning
        Once, when some nodes reach no need; each such node is named in ``G.graph["warnings"]``.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "nodes.csv").write_text(
    ...     "id,label,tier,description,employment\\n"
    ...     "learning,Learning,need,Gaining knowledge.,\\n"
    ...     "educator,Educator,profession,Teaches people.,1200\\n", encoding="utf-8")
    >>> _ = (folder / "edges.csv").write_text(
    ...     "source,target,relation,weight\\neducator,learning,serves,0.5\\n", encoding="utf-8")
    >>> G = load_graph(folder)
    >>> G.nodes["educator"]["employment"], G.edges["educator", "learning"]["weight"]
    (1200, 0.5)
    >>> "employment" in G.nodes["learning"], G.graph["edge_columns"]
    (False, ['source', 'target', 'relation', 'weight'])
    >>> _ = (folder / "edges.csv").write_text(
    ...     "source,target,relation\\neducator,learnin,serve\\n", encoding="utf-8")
    >>> try:
    ...     load_graph(folder)
    ... except DataError as err:
    ...     for problem in err.problems:
    ...         print(problem.line, problem.column, problem.message)
    2 target no node has id 'learnin'
    2 relation unknown relation 'serve' (did you mean 'serves'?)
    >>> shutil.rmtree(folder)
    """
    folder = Path(data_dir)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "no such folder"
        raise DataError([Problem(str(folder), None, None, what,
                                 f"a folder holding {NODES_FILE} and {EDGES_FILE}")])
    node_problems = _Problems(str(folder / NODES_FILE))
    edge_problems = _Problems(str(folder / EDGES_FILE))
    nodes = _read_table(folder / NODES_FILE, node_problems.file, NODE_COLUMNS, node_problems)
    edges = _read_table(folder / EDGES_FILE, edge_problems.file, EDGE_COLUMNS, edge_problems)

    G = nx.DiGraph()
    known = _load_nodes(nodes, G, node_problems)
    # Only check edge ends against nodes.csv when its ids could all be read.
    nodes_ok = nodes.usable and nodes.complete and bool(nodes.rows)
    lines = _load_edges(edges, G, known, nodes_ok, node_problems.file, edge_problems)
    _check_cycles(G, lines, edge_problems)

    problems = node_problems.all() + edge_problems.all()
    if problems:
        raise DataError(problems)

    G.graph["name"] = folder.resolve().name
    G.graph["checksum"] = hashlib.sha256(nodes.data + edges.data).hexdigest()
    G.graph["node_columns"] = list(nodes.columns)
    G.graph["edge_columns"] = list(edges.columns)
    G.graph["warnings"] = _warnings(G, known, node_problems.file)
    return G


def _warnings(G: nx.DiGraph, known: _Known, nodes_file: str) -> list[str]:
    """Return the warnings about valid data, each also emitted as a `WebOfWorkWarning`."""
    found = []
    for col in NODE_COLUMNS:
        if not col.tiers:
            continue
        misplaced = [n for n, value in G.nodes(data=col.name) if value
                     and G.nodes[n]["tier"] not in col.tiers]
        if misplaced:
            shown = ", ".join(misplaced[:5]) + (", ..." if len(misplaced) > 5 else "")
            found.append(Problem(
                nodes_file, known.line[misplaced[0]], col.name,
                f"filled on {len(misplaced)} row{'s' if len(misplaced) != 1 else ''} of "
                f"other tiers ({shown})", f"a value only on {' and '.join(col.tiers)} rows"))
    for need in NEEDS:
        label = G.nodes[need.id].get("label") if need.id in G else need.label
        if label != need.label:
            found.append(Problem(nodes_file, known.line[need.id], "label",
                                 f"need {_show(need.id)} is labelled {_show(label)}",
                                 f"{_show(need.label)} as in the schema"))
    for problem in found:
        warnings.warn(str(problem), WebOfWorkWarning, stacklevel=3)
    reach = _reaching(G)
    stranded = [n for n in G if n not in reach]
    found += [Problem(nodes_file, known.line[n], "id",
                      f"{G.nodes[n]['tier']} {_show(n)} reaches no need",
                      "a directed path of edges from it to one of the needs")
              for n in stranded]
    if stranded:
        shown = ", ".join(stranded[:_WARNING_SHOWN])
        more = ", ..." if len(stranded) > _WARNING_SHOWN else ""
        verb = "reaches" if len(stranded) == 1 else "reach"
        warnings.warn(f"{len(stranded)} node{'s' if len(stranded) != 1 else ''} in {nodes_file} "
                      f"{verb} no need: {shown}{more}", WebOfWorkWarning, stacklevel=3)
    return [str(problem) for problem in found]
    return G


def need_reach(G: nx.DiGraph) -> dict[str, Counter]:
    """Count, for each need node, the nodes of each work tier with a directed path to it.

    Parameters
    ----------
    G : networkx.DiGraph
        A graph as returned by `load_graph`.

    Returns
    -------
    dict
        need id -> `collections.Counter` of work-tier id -> number of nodes, for the need
        nodes of G in `graph.schema.NEEDS` order.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("line-cook", "chef")])
    >>> nx.set_node_attributes(G, {"chef": "profession", "leisure": "need", "line-cook": "job"},
    ...                        "tier")
    >>> need_reach(G)
    {'leisure': Counter({'profession': 1, 'job': 1})}
    """
    result = {}
    for need in NEED_IDS:
        if need in G and G.nodes[need].get("tier") == "need":
            tiers = Counter(G.nodes[n].get("tier") for n in nx.ancestors(G, need))
            result[need] = Counter({t: tiers[t] for t in WORK_TIERS if tiers[t]})
    return result


def summary(G: nx.DiGraph) -> str:
    """Return a short text summary: counts per tier, per relation and per need.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("leisure", tier="need")
    >>> G.add_node("chef", tier="profession")
    >>> G.add_edge("chef", "leisure", relation="serves")
    >>> print(summary(G))
    2 nodes, 1 edge
    Nodes per tier:
      need                   1
      profession             1
      industry               0
      organization           0
      job                    0
    Edges per relation:
      serves                 1
    Nodes of each work tier reaching each need:
      need                        profession  industry  organization     job
      Leisure                              1         0             0       0
    """
    tiers = Counter(t for _, t in G.nodes(data="tier"))
    relations = Counter(r for _, _, r in G.edges(data="relation"))
    n, m = G.number_of_nodes(), G.number_of_edges()
    out = [f"{n} node{'s' if n != 1 else ''}, {m} edge{'s' if m != 1 else ''}",
           "Nodes per tier:"]
    out += [f"  {t.id:<16}{tiers[t.id]:>8}" for t in TIERS]
    out.append("Edges per relation:")
    out += [f"  {r:<16}{relations[r]:>8}" for r in _ALL_RELATIONS if relations[r]]
    reach = need_reach(G)
    if reach:
        labels = {need.id: need.label for need in NEEDS}
        widths = {t: max(len(t), 6) + 2 for t in WORK_TIERS}
        out.append("Nodes of each work tier reaching each need:")
        out.append(f"  {'need':<28}" + "".join(f"{t:>{widths[t]}}" for t in WORK_TIERS))
        for need, counts in reach.items():
            out.append(f"  {labels[need]:<28}"
                       + "".join(f"{counts[t]:>{widths[t]}}" for t in WORK_TIERS))
    return "\n".join(out)


def main(argv=None) -> int:
    """Check a data folder and print its summary; return the exit status (0 valid, 2 not).

    Examples
    --------
    >>> main(["no-such-folder"])
    2
    """
    parser = argparse.ArgumentParser(
        prog="python -m graph.build",
        description="Check the Web of Work data files and print a summary.")
    parser.add_argument("data_dir", nargs="?", default="data",
                        help=f"folder holding {NODES_FILE} and {EDGES_FILE} (default: data)")
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


if __name__ == "__main__":
    sys.exit(main())
