"""Load the Web of Work from ``nodes.csv`` and ``edges.csv``, validating every row.

`load_graph` reads a data folder into a `networkx.DiGraph` (`parse_graph` the same
files from bytes), or raises one `graph.errors.DataError` that lists every problem found
in the files, each located by file, line and column. A folder may also hold
``titles.csv``, a side table of real job titles each pointing at the node that carries its
SOC code; it is checked the same way and kept as ``G.graph["titles"]``, never as nodes;
and ``skills.csv``, the skill and knowledge importance of each SOC code, kept as
``G.graph["skills"]``.
`graph.csvread` reads the untrusted bytes into rows (encodings, quoting, size and length
limits); this module checks the rows against the vocabulary of `graph.schema` (tiers,
needs, relations, columns, title sources) and the graph they form (unknown ends,
duplicates, cycles, nodes that reach no need, titles of codes no node carries). Lateral
edges (`graph.schema.LATERAL_RELATIONS`, such as ``related_to``) join nodes side by side:
they are left out of the cycle check and never make a node reach a need.

Run ``python -m graph.build [DATA_DIR]`` to check a data folder and print a summary
(`graph.check.main`; the summary is `graph.summary.summary`).

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
>>> G.number_of_nodes(), G.number_of_edges()
(2, 1)
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
import sys
import warnings
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graph import csvread
# The reader's limits, importable from here as before (set them on graph.csvread).
from graph.csvread import (
    DEFAULT_MAX_CELL_CHARS,
    MAX_CELL_CHARS,
    MAX_COLUMN_NAME_CHARS,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_PROBLEMS_PER_FILE,
    MAX_ROWS_PER_FILE,
    Problems,
    Table,
    closest,
    show,
)
from graph.errors import DataError, Problem, WebOfWorkWarning
from graph.schema import (
    BRIDGED,
    BRIDGED_PAIRS,
    EDGE_COLUMNS,
    EDGES_FILE,
    IMPORTANCE_RANGE,
    LATERAL_RELATIONS,
    NEED_BY_ID,
    NEED_IDS,
    NEEDS,
    NODE_COLUMNS,
    NODES_FILE,
    NUMERIC_EXTRA_COLUMNS,
    ORG_KINDS,
    PROFESSION_COLUMNS,
    RELATEDNESS,
    RELATION_IDS,
    RELATIONS,
    SKILL_CELL_CHARS,
    SKILL_COLUMNS,
    SKILL_KINDS,
    SKILLS_FILE,
    STRUCTURAL_PAIRS,
    TIER_IDS,
    TITLE_CELL_CHARS,
    TITLE_COLUMNS,
    TITLE_SOURCES,
    TITLES_FILE,
    relation_for,
    tier_rank,
)

__all__ = [
    "DEFAULT_MAX_CELL_CHARS",
    "MAX_CELL_CHARS",
    "MAX_COLUMN_NAME_CHARS",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "MAX_PROBLEMS_PER_FILE",
    "MAX_ROWS_PER_FILE",
    "SLUG_PATTERN",
    "load_graph",
    "parse_graph",
]

#: A node id: lower-case letters and digits in words joined by single hyphens.
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_ALL_RELATIONS = (*RELATION_IDS, BRIDGED)
_SLUG_HELP = "a slug of lower-case letters, digits and single hyphens"
_WARNING_SHOWN = 10  # node ids named in the one summary warning
_SUGGESTION_BUDGET = 2000  # unknown ids given a closest-id suggestion per load
_NEIGHBOURS = 50  # ids on each side of an unknown id, in sorted order, compared with it
#: A SOC 2018 detailed code, the only codes a title may point at.
_SOC_PATTERN = re.compile(r"[0-9]{2}-[0-9]{4}")
_CODE_EXPECTED = f"a SOC code carried by a node of {NODES_FILE}"


def _one_of(options) -> str:
    """Return 'one of a, b, c' for an expected-value message."""
    return "one of " + ", ".join(options)


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


def _attributes(values: dict, skip, line: int, problems: Problems):
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
                problems.add(line, name, f"{show(raw)} is not a valid {name}", expected)
                ok = False
                continue
            attrs[name] = value
        else:
            attrs[name] = raw
    return attrs, ok


def _blank_required(values: dict, spec, line: int, problems: Problems) -> bool:
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
        near = closest(word, sorted(options))
        self._suggested[word] = near[0] if near else None
        return self._suggested[word]


def _load_nodes(table: Table, G: nx.DiGraph, problems: Problems) -> _Known:
    """Check every node row, add the valid ones to G and return the ids seen."""
    known = _Known()
    if not table.usable:
        return known
    position = table.columns.index("id")
    for line, cells in csvread.rows(table, problems):
        values = csvread.row_values(table, line, cells, problems)
        if values is None:  # keep its id known, so edges to it are not reported unknown
            node = cells[position].strip() if position < len(cells) else ""
            if node and node not in known.line:
                known.line[node] = line
            continue
        ok = _blank_required(values, NODE_COLUMNS, line, problems)
        node, tier = values["id"], values["tier"]
        if node:
            if node in known.line:
                problems.add(line, "id", f"duplicate id {show(node)} (first on line "
                             f"{known.line[node]})", "each id once")
                ok = False
            else:
                known.line[node] = line
                if not SLUG_PATTERN.fullmatch(node):
                    hint = _slug_hint(node)
                    problems.add(line, "id", f"id {show(node)} is not a slug",
                                 _SLUG_HELP + (f", e.g. {show(hint)}" if hint else ""))
                    ok = False
        if tier:
            if tier not in TIER_IDS:
                near = closest(tier.lower(), TIER_IDS)
                hint = f" (did you mean {show(near[0])}?)" if near else ""
                problems.add(line, "tier", f"unknown tier {show(tier)}{hint}", _one_of(TIER_IDS))
                ok = False
            elif node and known.line.get(node) == line:
                known.tier[node] = tier
        if tier and tier != "need" and node in NEED_BY_ID:
            problems.add(line, "tier", f"id {show(node)} belongs to a need but the tier is "
                         f"{show(tier)}", "need (the need ids are reserved for the needs)")
            ok = False
        if tier == "need" and node and node not in NEED_IDS:
            near = closest(node, NEED_IDS)
            hint = f" (did you mean {show(near[0])}?)" if near else ""
            problems.add(line, "id", f"need id {show(node)} is not one of the {len(NEEDS)} "
                         f"needs{hint}", _one_of(NEED_IDS))
            ok = False
        kind = values.get("kind", "")
        if tier == "organization" and kind and kind not in ORG_KINDS:
            near = closest(kind.lower(), ORG_KINDS)
            hint = f" (did you mean {show(near[0])}?)" if near else ""
            problems.add(line, "kind", f"unknown organization kind {show(kind)}{hint}",
                         _one_of(ORG_KINDS) + " or a blank cell")
            ok = False
        attrs, numbers_ok = _attributes(values, ("id",), line, problems)
        zone = attrs.get("job_zone")
        if zone is not None and not 1 <= zone <= 5:
            problems.add(line, "job_zone", f"Job Zone {zone} is out of range",
                         "a whole number from 1 to 5 or a blank cell")
            ok = False
        if ok and numbers_ok:
            G.add_node(node, **attrs)
    if table.complete and not table.rows:
        problems.add(None, None, "has a header but no rows", "at least one node")
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
        hint = f" (a {source_tier} -> {target_tier} edge is {show(proper)})"
    elif relation_for(target_tier, source_tier) or (target_tier, source_tier) in BRIDGED_PAIRS:
        hint = " (edges point toward the needs: swap source and target)"
    else:
        hint = ""
    return (f"relation {show(relation)} cannot join {source_tier} -> {target_tier}",
            f"{show(relation)} to join {_pairs_text(allowed)}{hint}")


def _load_edges(table: Table, G: nx.DiGraph, known: _Known, nodes_ok: bool,
                nodes_file: str, problems: Problems) -> dict:
    """Check every edge row, add the valid ones to G and return {(u, v): line}."""
    seen: dict[tuple[str, str], int] = {}
    if not table.usable:
        return seen
    for line, cells in csvread.rows(table, problems):
        values = csvread.row_values(table, line, cells, problems)
        if values is None:
            continue
        ok = _blank_required(values, EDGE_COLUMNS, line, problems)
        u, v, relation = values["source"], values["target"], values["relation"]
        for column, node in (("source", u), ("target", v)):
            if node and nodes_ok and node not in known.line:
                near = None if problems.full else known.closest(node)
                hint = f", e.g. {show(near)}" if near else ""
                problems.add(line, column, f"no node has id {show(node)}",
                             f"an id from {nodes_file}{hint}")
                ok = False
        if u and u == v:
            problems.add(line, "target", f"self-loop: source and target are both {show(u)}",
                         "an edge between two different nodes")
            ok = False
        if relation:
            if relation not in _ALL_RELATIONS:
                near = closest(relation.lower(), _ALL_RELATIONS)
                hint = f" (did you mean {show(near[0])}?)" if near else ""
                problems.add(line, "relation", f"unknown relation {show(relation)}{hint}",
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
        if relation == "related_to" or values.get("relatedness") or "related_index" in attrs:
            ok = _related_ok(relation, values, attrs, line, problems) and ok
        if ok and numbers_ok and u in G and v in G:
            G.add_edge(u, v, **attrs)
    return seen


def _related_ok(relation: str, values: dict, attrs: dict, line: int,
                problems: Problems) -> bool:
    """Record a problem for a relatedness outside `graph.schema.RELATEDNESS` (required on
    lateral ``related_to`` edges) or an O*NET index below 1; return True if there was none."""
    ok = True
    tier = values.get("relatedness", "")
    if tier and tier not in RELATEDNESS:
        lower = {r.lower(): r for r in RELATEDNESS}
        near = closest(tier.lower(), list(lower))
        hint = f" (did you mean {show(lower[near[0]])}?)" if near else ""
        problems.add(line, "relatedness", f"unknown relatedness {show(tier)}{hint}",
                     _one_of(RELATEDNESS) + " or a blank cell")
        ok = False
    elif not tier and relation == "related_to":
        problems.add(line, "relatedness", "blank relatedness on a related_to edge",
                     _one_of(RELATEDNESS))
        ok = False
    index = attrs.get("related_index")
    if index is not None and index < 1:
        problems.add(line, "related_index", f"related_index {index} is below 1",
                     "a whole number from 1 (most related) or a blank cell")
        ok = False
    return ok


def _cyclic_tier_groups() -> dict[str, int]:
    """Map each tier that can lie on a cycle of allowed, non-lateral edges to its group."""
    tiers = nx.DiGraph([*STRUCTURAL_PAIRS, *BRIDGED_PAIRS])
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


def _check_cycles(G: nx.DiGraph, lines: dict, problems: Problems) -> None:
    """Record each cycle of edges (edges must all lead toward the needs, never around).

    Lateral edges (`graph.schema.LATERAL_RELATIONS`) join nodes side by side and are left
    out: their tier pairs are not in `graph.schema.STRUCTURAL_PAIRS`.
    """
    # A cycle of nodes walks a cycle of tiers, so only edges inside a cyclic group of tiers
    # (today: industry part_of industry) can close one; this keeps the check small. Edges are
    # followed in file order, so the edge reported as closing a cycle tends to be the later one.
    groups = _cyclic_tier_groups()
    tier = G.nodes.data("tier")
    H = nx.DiGraph(
        (u, v) for u, v in lines
        if G.has_edge(u, v) and groups.get(tier[u]) is not None
        and groups.get(tier[u]) == groups.get(tier[v])
        and G._succ[u][v].get("relation") not in LATERAL_RELATIONS)
    for cycle, closing in _back_edges(H):
        shown = cycle if len(cycle) <= 12 else [*cycle[:6], "...", *cycle[-5:]]
        problems.add(lines[closing], "target", f"edges form a cycle: {' -> '.join(shown)}",
                     "edges that all lead toward the needs, never back around")


def _carriers(G: nx.DiGraph) -> dict[str, str]:
    """Return code -> the node a title of that code points at.

    That is the first profession carrying the code in file order, or else the first node of
    the most enduring tier carrying it.
    """
    best: dict[str, tuple] = {}
    for position, (node, attrs) in enumerate(G.nodes(data=True)):
        code = attrs.get("code")
        if code:
            tier = attrs.get("tier")
            key = (tier != "profession", tier_rank(tier), position)
            if code not in best or key < best[code][0]:
                best[code] = (key, node)
    return {code: node for code, (_key, node) in best.items()}


def _title_problems(line: int, values: dict, check_codes: bool, carriers: dict,
                    problems: Problems) -> None:
    """Record what is wrong with a titles row: a blank title, an unknown source or code."""
    title, code, source = values["title"], values["code"], values["source"]
    if not title:
        problems.add(line, "title", "blank title", "a job title, such as 'Staff Nurse'")
    if source not in TITLE_SOURCES:
        near = closest(source.lower(), TITLE_SOURCES)
        hint = f" (did you mean {show(near[0])}?)" if near else ""
        problems.add(line, "source", f"unknown source {show(source)}{hint}" if source
                     else "blank source", _one_of(TITLE_SOURCES))
    if not code:
        problems.add(line, "code", "blank code", _CODE_EXPECTED)
    elif not _SOC_PATTERN.fullmatch(code):
        problems.add(line, "code", f"{show(code)} is not a SOC 2018 detailed code (NN-NNNN)",
                     _CODE_EXPECTED)
    elif check_codes and code not in carriers:
        problems.add(line, "code", f"no node of {NODES_FILE} has code {show(code)}",
                     _CODE_EXPECTED)


def _load_titles(table: Table, G: nx.DiGraph, check_codes: bool, problems: Problems):
    """Check every titles row; return ((title, node id, source), ...) and the repeats' warning.

    Codes are checked against the nodes of G only when ``check_codes`` (nodes.csv was read
    without a problem, so G holds every node). A row repeating the title (ignoring case),
    code and source of an earlier row is kept; the repeats make one warning, returned as a
    `graph.errors.Problem` (None when there is none).
    """
    if not table.usable:
        return (), None
    carriers = {code: node for code, node in _carriers(G).items() if _SOC_PATTERN.fullmatch(code)}
    titles = []
    seen: dict[tuple[str, str, str], int] = {}
    repeats, first_repeat = 0, None
    for line, cells in csvread.rows(table, problems):
        values = csvread.row_values(table, line, cells, problems)
        if values is None:
            continue
        title, code, source = values["title"], values["code"], values["source"]
        node = carriers.get(code)
        if node is None or not title or source not in TITLE_SOURCES:
            _title_problems(line, values, check_codes, carriers, problems)
            continue
        key = (title.casefold(), code, source)
        if key in seen:
            repeats += 1
            first_repeat = first_repeat or (line, seen[key])
        else:
            seen[key] = line
        titles.append((title, node, source))
    if not repeats:
        return tuple(titles), None
    line, earlier = first_repeat
    return tuple(titles), Problem(
        problems.file, line, "title",
        f"{repeats} row{'s repeat' if repeats != 1 else ' repeats'} the title, code and source "
        f"of an earlier row (this one repeats line {earlier})",
        "each title once per code and source")


def _importance(raw: str):
    """Return an importance cell as a float, or None when it is not a number from 1 to 5."""
    try:
        value = float(raw)
    except ValueError:
        return None
    low, high = IMPORTANCE_RANGE
    return value if math.isfinite(value) and low <= value <= high else None


def _skill_problems(line: int, values: dict, check_codes: bool, carriers, problems: Problems):
    """Record what is wrong with a skills row: a blank cell, a bad code, kind or importance."""
    code, kind, raw = values["code"], values["kind"], values["importance"]
    _blank_required(values, SKILL_COLUMNS, line, problems)
    if code and not _SOC_PATTERN.fullmatch(code):
        problems.add(line, "code", f"{show(code)} is not a SOC 2018 detailed code (NN-NNNN)",
                     _CODE_EXPECTED)
    elif code and check_codes and code not in carriers:
        problems.add(line, "code", f"no node of {NODES_FILE} has code {show(code)}",
                     _CODE_EXPECTED)
    if kind and kind not in SKILL_KINDS:
        near = closest(kind.lower(), SKILL_KINDS)
        hint = f" (did you mean {show(near[0])}?)" if near else ""
        problems.add(line, "kind", f"unknown kind {show(kind)}{hint}", _one_of(SKILL_KINDS))
    if raw and _importance(raw) is None:
        low, high = IMPORTANCE_RANGE
        problems.add(line, "importance", f"{show(raw)} is not an importance from "
                     f"{low:g} to {high:g}", f"a number from {low:g} to {high:g} "
                     "(O*NET's importance scale), such as 3.75")


def _load_skills(table: Table, G: nx.DiGraph, check_codes: bool, problems: Problems) -> dict:
    """Check every skills row; return {code: {(kind, element): importance}} in file order.

    Codes are checked against the nodes of G only when ``check_codes`` (as for titles). A
    row repeating the code, kind and element of an earlier one is a problem. A valid row
    costs a few lookups; only a row with a problem is looked at cell by cell.
    """
    skills: dict[str, dict] = {}
    if not table.usable:
        return skills
    carriers = {code for code in _carriers(G) if _SOC_PATTERN.fullmatch(code)}
    known = carriers.__contains__ if check_codes else _SOC_PATTERN.fullmatch
    seen: dict[tuple[str, str, str], int] = {}
    for line, cells in csvread.rows(table, problems):
        values = csvread.row_values(table, line, cells, problems)
        if values is None:
            continue
        code, kind, element = values["code"], values["kind"], values["element"]
        raw = values["importance"]
        importance = _importance(raw) if raw else None
        if importance is None or kind not in SKILL_KINDS or not element or not known(code):
            _skill_problems(line, values, check_codes, carriers, problems)
            continue
        key = (code, kind, element)
        first = seen.setdefault(key, line)
        if first != line:
            problems.add(line, "element", f"{kind} {show(element)} of {code} repeats line "
                         f"{first}", "each element once per code and kind")
            continue
        per = skills.get(code)
        if per is None:
            per = skills[code] = {}
        per[(kind, element)] = importance
    return skills


def _reaching(G: nx.DiGraph) -> set:
    """Return the nodes with a directed path to a need node (the needs included), lateral
    edges left out."""
    start = [n for n, tier in G.nodes(data="tier") if tier == "need"]
    found = set(start)
    queue = deque(start)
    lateral = LATERAL_RELATIONS
    while queue:
        for pred, d in G._pred[queue.popleft()].items():
            if pred not in found and d.get("relation") not in lateral:
                found.add(pred)
                queue.append(pred)
    return found


def load_graph(data_dir) -> nx.DiGraph:
    """Load and validate ``nodes.csv``, ``edges.csv`` and any ``titles.csv`` and ``skills.csv``
    of a data folder.

    The result is a `networkx.DiGraph`, not a multigraph: every ordered pair of tiers admits
    at most one relation in `graph.schema`, so (source, target) identifies an edge, and a
    second row with the same source and target is reported as a duplicate.

    Parameters
    ----------
    data_dir : str or path-like
        Folder holding ``nodes.csv`` and ``edges.csv`` (UTF-8 CSV, header row first), and
        optionally ``titles.csv`` (`graph.schema.TITLE_COLUMNS`) and ``skills.csv``
        (`graph.schema.SKILL_COLUMNS`).

    Returns
    -------
    G : networkx.DiGraph
        Nodes keyed by id; node attributes are the other columns of ``nodes.csv`` in file
        order, edge attributes every column of ``edges.csv`` but source and target. Text is
        stripped and `graph.schema.unneutralise`-d, an empty text cell is ``""``; the
        numeric columns of `graph.schema.NUMERIC_EXTRA_COLUMNS` are parsed, and a blank one
        leaves the attribute out. ``G.graph`` holds ``name`` (the folder's name),
        ``checksum`` (sha256 of the bytes of nodes.csv, edges.csv, then titles.csv and
        skills.csv when there are some), ``node_columns`` and ``edge_columns`` (the headers
        in file order), ``titles``, ``skills`` and ``warnings`` (a list of str). ``titles``
        is a tuple of ``(title, node id, source)`` tuples in the order of titles.csv, the
        node being the one carrying the row's code (the first profession carrying it, else
        the first node of the most enduring tier); ``()`` when the folder has no titles.csv.
        ``skills`` is ``{SOC code: {(kind, element): importance}}`` in file order; ``{}``
        when the folder has no skills.csv.

    Raises
    ------
    DataError
        Listing every problem found (file, line, column, what is wrong, what was
        expected), at most `MAX_PROBLEMS_PER_FILE` per file: checking a file stops at the
        next one. A file that is not UTF-8 text (UTF-16, a workbook, binary bytes) is one
        problem, found from its first few kilobytes; a file over `MAX_FILE_BYTES` is not
        read, and one of more than `MAX_ROWS_PER_FILE` rows is not checked. A cell over its
        column's limit (`MAX_CELL_CHARS`, `DEFAULT_MAX_CELL_CHARS`) is reported, naming its
        line and column, and reading goes on after its row. A titles row is a problem when
        its title is blank, its source is not in `graph.schema.TITLE_SOURCES`, or its code
        is not a SOC code that a node of nodes.csv carries (codes are checked only when
        nodes.csv has no problem); a skills row likewise for its code, and when its kind is
        not in `graph.schema.SKILL_KINDS`, its importance is not a number from 1 to 5, or it
        repeats the code, kind and element of an earlier row. An edge is a problem when its
        ``relatedness`` is not one of `graph.schema.RELATEDNESS` (it is required on
        ``related_to`` edges) and a node when its ``job_zone`` is not 1 to 5.

    Warns
    -----
    WebOfWorkWarning
        Once, when some nodes reach no need; each such node is named in ``G.graph["warnings"]``.
        Once, when rows of titles.csv repeat the title (ignoring case and spacing), code and
        source of an earlier row; the repeats are kept.

    See Also
    --------
    parse_graph : The same from the files' bytes.
    graph.csvread.read_table : Reads one file's header and rows.
    graph.summary.summary : Counts per tier, relation and need, as ``python -m graph.build``
        prints.

    Notes
    -----
    Each file is read whole, once (at most `MAX_FILE_BYTES`, only its first 4 KB when
    it is not text), and its rows are checked as they are parsed, so one file's bytes are
    held at a time besides the graph. A title's code is looked up in a dict of the nodes'
    codes, built once, so titles.csv costs one pass over its rows (about 0.1 s besides
    the reading for the 66,304 titles of data/us). The cycle check is a depth-first search
    over the edges between tiers that can form a cycle (today industry ``part_of``
    industry), and the reach check one breadth-first search up from the needs: linear in
    the graph.

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

    A titles.csv gives each title the node carrying its code:

    >>> _ = (folder / "edges.csv").write_text(
    ...     "source,target,relation\\neducator,learning,serves\\n", encoding="utf-8")
    >>> _ = (folder / "nodes.csv").write_text(
    ...     "id,label,tier,description,code\\nlearning,Learning,need,Gaining knowledge.,\\n"
    ...     "educator,Educator,profession,Teaches people.,25-2021\\n", encoding="utf-8")
    >>> _ = (folder / "titles.csv").write_text(
    ...     "title,code,source\\nSchool Teacher,25-2021,soc\\n", encoding="utf-8")
    >>> load_graph(folder).graph["titles"]
    (('School Teacher', 'educator', 'soc'),)
    >>> shutil.rmtree(folder)
    """
    folder = Path(data_dir)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "no such folder"
        raise DataError([Problem(str(folder), None, None, what,
                                 f"a folder holding {NODES_FILE} and {EDGES_FILE}")])
    titles, skills = folder / TITLES_FILE, folder / SKILLS_FILE
    return _build(folder / NODES_FILE, folder / EDGES_FILE, str(folder / NODES_FILE),
                  str(folder / EDGES_FILE), folder.resolve().name,
                  titles if titles.exists() or titles.is_symlink() else None, str(titles),
                  skills if skills.exists() or skills.is_symlink() else None, str(skills))


def parse_graph(nodes: bytes, edges: bytes, titles: bytes | None = None,
                skills: bytes | None = None, *,
                nodes_file: str = NODES_FILE, edges_file: str = EDGES_FILE,
                titles_file: str = TITLES_FILE, skills_file: str = SKILLS_FILE,
                name: str = "") -> nx.DiGraph:
    """Load and validate the bytes of a ``nodes.csv``, an ``edges.csv`` and a ``titles.csv``.

    The same checks as `load_graph`, on files already in memory (an upload, or rows a
    program is about to write).

    Parameters
    ----------
    nodes, edges : bytes
        The two files' bytes (UTF-8 CSV, header row first).
    titles : bytes, optional
        The bytes of a titles file; None (the default) is a folder without one.
    skills : bytes, optional
        The bytes of a skills file; None (the default) is a folder without one.
    nodes_file, edges_file, titles_file, skills_file : str, optional
        The names the problems and warnings give the files.
    name : str, optional
        Stored as ``G.graph["name"]``.

    Returns
    -------
    G : networkx.DiGraph
        As from `load_graph`; ``G.graph["checksum"]`` is the same for the same bytes.

    Raises
    ------
    DataError
        As from `load_graph`, naming the files `nodes_file`, `edges_file` and `titles_file`.

    Warns
    -----
    WebOfWorkWarning
        As from `load_graph`.

    See Also
    --------
    load_graph : Reads the files from a data folder.

    Notes
    -----
    The bytes are not copied: the cost is that of `load_graph` without reading the files
    (one pass over each file's bytes, then its rows parsed one at a time).

    Examples
    --------
    >>> G = parse_graph(b"id,label,tier,description\\nleisure,Leisure,need,Rest.\\n",
    ...                 b"source,target,relation\\n", name="one need")
    >>> list(G.nodes), G.graph["name"]
    (['leisure'], 'one need')
    >>> try:
    ...     parse_graph(b"id,label,tier\\n", b"", nodes_file="upload/nodes.csv")
    ... except DataError as err:
    ...     for problem in err.problems:
    ...         print(problem)
    upload/nodes.csv:1: column description: required column is missing, expected a header
    with the columns id, label, tier, description
    edges.csv: file is empty, expected a header row naming the columns, then rows
    >>> G = parse_graph(b"id,label,tier,description,code\\nleisure,Leisure,need,Rest.,\\n"
    ...                 b"chef,Chef,profession,Cooks.,35-1011\\n",
    ...                 b"source,target,relation\\nchef,leisure,serves\\n",
    ...                 b"title,code,source\\nHead Cook,35-1011,onet\\n")
    >>> G.graph["titles"]
    (('Head Cook', 'chef', 'onet'),)
    >>> try:
    ...     parse_graph(b"id,label,tier,description,code\\nchef,Chef,profession,Cooks.,35-1011\\n",
    ...                 b"source,target,relation\\n", b"title,code,source\\nCook,35-2014,onet\\n")
    ... except DataError as err:
    ...     for problem in err.problems:
    ...         print(problem)
    titles.csv:2: column code: no node of nodes.csv has code '35-2014', expected a SOC code
    carried by a node of nodes.csv
    """
    return _build(nodes, edges, nodes_file, edges_file, name, titles, titles_file, skills,
                  skills_file)


def _build(nodes_source, edges_source, nodes_file: str, edges_file: str,
           name: str, titles_source=None, titles_file: str = TITLES_FILE,
           skills_source=None, skills_file: str = SKILLS_FILE) -> nx.DiGraph:
    """Read, check and build the graph of the files (paths or bytes), or raise `DataError`.

    ``titles_source`` (``skills_source``) is None when there is no titles (skills) file.
    """
    node_problems = Problems(nodes_file)
    edge_problems = Problems(edges_file)
    title_problems = Problems(titles_file)
    skill_problems = Problems(skills_file)
    # One file at a time, its rows checked as they are read, so at most one file's bytes
    # (bounded by MAX_FILE_BYTES) are held, besides the graph.
    G = nx.DiGraph()
    digest = hashlib.sha256()
    nodes = csvread.read_table(nodes_source, NODE_COLUMNS, node_problems)
    known = _load_nodes(nodes, G, node_problems)
    digest.update(nodes.data)
    nodes.data = b""
    # Only check edge ends against nodes.csv when its ids could all be read.
    nodes_ok = nodes.usable and nodes.complete and nodes.rows > 0
    edges = csvread.read_table(edges_source, EDGE_COLUMNS, edge_problems)
    lines = _load_edges(edges, G, known, nodes_ok, node_problems.file, edge_problems)
    digest.update(edges.data)
    edges.data = b""
    if not edge_problems.dropped:
        _check_cycles(G, lines, edge_problems)
    titles, repeats = (), None
    if titles_source is not None:
        table = csvread.read_table(titles_source, TITLE_COLUMNS, title_problems,
                                   TITLE_CELL_CHARS)
        titles, repeats = _load_titles(table, G, nodes_ok and not node_problems, title_problems)
        digest.update(table.data)
        table.data = b""
    skills: dict = {}
    if skills_source is not None:
        table = csvread.read_table(skills_source, SKILL_COLUMNS, skill_problems,
                                   SKILL_CELL_CHARS)
        skills = _load_skills(table, G, nodes_ok and not node_problems, skill_problems)
        digest.update(table.data)
        table.data = b""

    problems = (node_problems.all() + edge_problems.all() + title_problems.all()
                + skill_problems.all())
    if problems:
        raise DataError(problems)

    G.graph["name"] = name
    G.graph["checksum"] = digest.hexdigest()
    G.graph["node_columns"] = list(nodes.columns)
    G.graph["edge_columns"] = list(edges.columns)
    G.graph["titles"] = titles
    G.graph["skills"] = skills
    G.graph["warnings"] = _warnings(G, known, node_problems.file, [repeats] if repeats else [])
    return G


def _warnings(G: nx.DiGraph, known: _Known, nodes_file: str, titles: list) -> list[str]:
    """Return the warnings about valid data, each also emitted as a `WebOfWorkWarning`.

    ``titles`` holds the warnings about the titles file (`graph.errors.Problem`), listed
    after those about nodes.csv; the warnings point at the caller of `load_graph` or
    `parse_graph`.
    """
    found = []
    for col in (*NODE_COLUMNS, *PROFESSION_COLUMNS):
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
                                 f"need {show(need.id)} is labelled {show(label)}",
                                 f"{show(need.label)} as in the schema"))
    for problem in found:
        warnings.warn(str(problem), WebOfWorkWarning, stacklevel=4)
    reach = _reaching(G)
    stranded = [n for n in G if n not in reach]
    found += [Problem(nodes_file, known.line[n], "id",
                      f"{G.nodes[n]['tier']} {show(n)} reaches no need",
                      "a directed path of edges from it to one of the needs")
              for n in stranded]
    if stranded:
        shown = ", ".join(stranded[:_WARNING_SHOWN])
        more = ", ..." if len(stranded) > _WARNING_SHOWN else ""
        verb = "reaches" if len(stranded) == 1 else "reach"
        warnings.warn(f"{len(stranded)} node{'s' if len(stranded) != 1 else ''} in {nodes_file} "
                      f"{verb} no need: {shown}{more}", WebOfWorkWarning, stacklevel=4)
    for problem in titles:
        warnings.warn(str(problem), WebOfWorkWarning, stacklevel=4)
    return [str(problem) for problem in [*found, *titles]]


if __name__ == "__main__":  # python -m graph.build: the check command of graph.check
    from graph.check import main

    sys.exit(main())
