"""The scenario of some nodes going away: what each need loses, exactly (`without`).

See `graph.whatif` for what reaching a need means; `annotate` writes a scenario onto a copy
of the graph for export.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from ..cache import GraphCache
from ..needindex import need_index
from ..organization import need_sources
from ..resolve import need_order, require_node
from ..schema import ALIAS_SEPARATOR, LATERAL_RELATIONS, WORK_TIERS, tier_rank

__all__ = ["Link", "NeedLoss", "Scenario", "without", "annotate"]


@dataclass(frozen=True)
class Link:
    """A link that goes with a scenario, and the people behind it where the data say.

    ``employment`` is the link's ``employment`` attribute (OEWS jobs of a profession in an
    industry, in ``data/us``), or None when the link carries none.
    """

    source: str
    target: str
    employment: int | None = None


@dataclass(frozen=True)
class NeedLoss:
    """What one need loses in a scenario.

    Attributes
    ----------
    need : str
        The need's node id.
    lost : tuple of str
        Nodes (not removed) that reach the need now and would not any more: each of their
        chains of links to the need passes through a removed node.
    kept : int
        Nodes other than the need that still reach it.
    unanchored : dict
        Tier id -> nodes (not removed) that had a direct link to a node of that tier
        leading to the need and have none any more: "the only organization link of 2 jobs
        to Health". The nodes of ``lost`` are among them; the others still reach the need
        through another tier.
    links : tuple of Link
        The links of the ``lost`` nodes that led to the need and no longer do (to a
        removed node, or to a node that lost the need too).
    employment : int or None
        The employment those links carried, where the data have employment figures (None
        when no link of the graph carries any).
    """

    need: str
    lost: tuple[str, ...]
    kept: int
    unanchored: dict
    links: tuple[Link, ...]
    employment: int | None


@dataclass(frozen=True)
class Scenario:
    """The answer of `without`: what the needs lose if the ``removed`` nodes went away.

    Read-only, like every result of ``graph``.

    Attributes
    ----------
    removed : tuple of str
        The removed node ids, by tier (needs first) then id.
    needs : dict
        Need id -> `NeedLoss`, for every need node of the graph, in needs order.
    orphaned : tuple of str
        Nodes (not removed) that reach some need now and would reach none.
    cover : dict
        (need id, work tier) -> (before, after): how many nodes of that tier reach the
        need, as in `graph.query.coverage`, now and without the removed nodes.
    cut : tuple of Link
        The links from the nodes that stay to the removed ones.
    employment_known : bool
        Whether the graph has employment figures on its links (``data/us`` does).
    """

    removed: tuple[str, ...]
    needs: dict
    orphaned: tuple[str, ...]
    cover: dict
    cut: tuple[Link, ...]
    employment_known: bool = False

    @property
    def losers(self) -> frozenset:
        """Return the nodes that lose at least one need."""
        return frozenset(n for loss in self.needs.values() for n in loss.lost)

    @property
    def emptied(self) -> tuple[tuple[str, str], ...]:
        """Return the (need, tier) cells whose every node of that tier is lost."""
        return tuple(cell for cell, (before, after) in self.cover.items() if before and not after)

    @property
    def cut_employment(self) -> int | None:
        """Return the employment the ``cut`` links carried (None without figures)."""
        return _employment(self.cut) if self.employment_known else None

    def as_dict(self) -> dict:
        """Return the scenario as JSON-able data (what ``--json`` prints).

        ``{"removed": [...], "needs": {need: {"lost": [...], "kept": n, "unanchored":
        {tier: [...]}}}, "orphaned": [...], "cover": {need: {tier: [before, after]}}}``;
        with employment figures, each need also has ``employment`` and the ``links``
        carrying some (``{"source", "target", "employment"}``), and the whole has
        ``cut`` (the links to the removed nodes carrying some) and ``cut_employment``.
        """
        needs = {}
        for need, loss in self.needs.items():
            entry = {"lost": list(loss.lost), "kept": loss.kept,
                     "unanchored": {t: list(nodes) for t, nodes in loss.unanchored.items()}}
            if self.employment_known:
                entry["employment"] = loss.employment
                entry["links"] = _link_dicts(loss.links)
            needs[need] = entry
        cover: dict = {}
        for (need, tier), pair in self.cover.items():
            cover.setdefault(need, {})[tier] = list(pair)
        out = {"removed": list(self.removed), "needs": needs, "orphaned": list(self.orphaned),
               "cover": cover}
        if self.employment_known:
            out["cut"] = _link_dicts(self.cut)
            out["cut_employment"] = self.cut_employment
        return out


def _link_dicts(links) -> list:
    """Return the links that carry employment as JSON-able dicts."""
    return [{"source": k.source, "target": k.target, "employment": k.employment}
            for k in links if k.employment is not None]


def _employment(links) -> int:
    """Return the total employment of links (those without figures count 0)."""
    return sum(k.employment for k in links if k.employment is not None)


def _employed(data) -> int | None:
    """Return an edge's employment figure as an int, or None."""
    value = data.get("employment")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    return int(value)


# ---------------------------------------------------------------------------------------
# What the graph reaches before anything is removed (per graph and relations, cached).
# ---------------------------------------------------------------------------------------
def _edge_facts(G) -> tuple[frozenset, bool]:
    """Return the relation values G's edges carry (None for none) and whether any edge
    has an employment figure."""
    relations, employment = set(), False
    for _, _, d in G.edges(data=True):
        relations.add(d.get("relation"))
        if not employment and _employed(d) is not None:
            employment = True
    return frozenset(relations), employment


_FACTS = GraphCache(_edge_facts)


@dataclass(frozen=True)
class _Reach:
    """The needs every node reaches over the counted edges, and what a scenario reads."""

    mask: dict  # node -> bitmask of the need nodes it reaches
    bit: dict  # need node -> its bit
    tier: dict  # node -> tier id
    cover: dict  # (need, tier) -> nodes of that tier reaching the need (every tier)
    reached: dict  # need -> nodes reaching it, itself included
    test: object  # None when every edge of G counts, else edge data -> bool


def _counted(relations, present: frozenset):
    """Return None when every edge of a graph with these relation values counts, else
    the test of an edge's data."""
    if relations is None:
        if not present & LATERAL_RELATIONS:
            return None
        return lambda d: d.get("relation") not in LATERAL_RELATIONS
    chosen = frozenset(relations)
    if present <= chosen:
        return None
    return lambda d: d.get("relation") in chosen


def _cover(idx_groups: dict, bit: dict) -> dict:
    """Return (need, tier) -> count from groups of nodes keyed by (tier, mask)."""
    cover: dict = {}
    for (tier, mask), count in idx_groups.items():
        for need, b in bit.items():
            if mask & b:
                cover[need, tier] = cover.get((need, tier), 0) + count
    return cover


def _reach(G, relations) -> _Reach:
    """Return the `_Reach` of G over the edges of ``relations`` (see `without`), built
    once per graph and set of relations."""
    present, _ = _FACTS.get(G)
    if isinstance(relations, str):
        relations = [relations]
    test = _counted(relations, present)
    key = None if test is None else (
        frozenset(relations) if relations is not None else ("lateral", LATERAL_RELATIONS))
    memo = _MEMO.get(G)
    found = memo.get(key)
    if found is None:
        idx = need_index(G)
        if test is None:  # every edge counts: the need membership index is the answer
            mask = idx.mask
            counts = {(t, m): len(nodes) for (_, t, m), nodes in idx.groups.items()}
        else:
            pred = _adjacency(G._pred, test)
            mask = _propagate(list(idx.tier), {n: idx.bit.get(n, 0) for n in idx.tier}, pred)
            counts = {}
            for n, m in mask.items():
                counts[idx.tier[n], m] = counts.get((idx.tier[n], m), 0) + 1
        cover = _cover(counts, idx.bit)
        reached = {need: sum(c for (n, _), c in cover.items() if n == need) for need in idx.bit}
        found = memo[key] = _Reach(mask, idx.bit, idx.tier, cover, reached, test)
    return found


_MEMO = GraphCache(lambda G: {})  # relations that count (None: all) -> _Reach


def _adjacency(adj, test):
    """Return node -> its neighbours over counted edges (``test`` None: all of them)."""
    if test is None:
        return adj.__getitem__
    return lambda n: [m for m, d in adj[n].items() if test(d)]


def _propagate(order: list, seed: dict, pred) -> dict:
    """Return the least masks with ``mask[n] = seed[n] | mask[s]`` for each counted
    successor s of n among the keys of ``seed``: each mask is pushed back along the
    predecessors (``pred(n)``) until nothing changes.

    ``order`` lists the keys, those nearest the needs last (they are taken first). Each
    node is pushed again only when it gains a need, so at most once per need.
    """
    mask = dict(seed)
    stack = list(order)
    while stack:
        n = stack.pop()
        m = mask[n]
        for p in pred(n):
            pm = mask.get(p)
            if pm is not None and pm | m != pm:
                mask[p] = pm | m
                stack.append(p)
    return mask


def _node_key(tier: dict):
    """Return the sort key of node ids: tier (needs first, as `graph.schema.tier_rank`),
    then id."""
    return lambda n: (tier_rank(tier.get(n)), str(n))


# ---------------------------------------------------------------------------------------
# The scenario
# ---------------------------------------------------------------------------------------
def without(G, removed, relations=None) -> Scenario:
    """Return what each need loses if the ``removed`` nodes went away; G is not changed.

    Parameters
    ----------
    G : networkx.DiGraph
        The graph (or a view of it).
    removed : iterable of str
        The nodes that go, by id, label, alias or code (see `graph.resolve.require_node`).
    relations : iterable of str, optional
        The relations whose edges count as a way to reach a need. Default: every relation
        but the lateral ones (`graph.schema.LATERAL_RELATIONS`), including values outside
        the schema (``bridged`` edges of an exported view, or edges with no relation), so
        that a node reaches exactly the needs whose web `graph.query.need_web` puts it in.

    Returns
    -------
    Scenario
        Exact: a node keeps a need exactly when it reaches it in G with the removed nodes
        taken out.

    Raises
    ------
    UnknownNameError
        When a removed name matches no node (``suggestions`` lists the closest ids).

    See Also
    --------
    summary : the scenario in words.
    annotate : a copy of a graph whose nodes say what they lose.
    graph.query.need_web : the web a node belongs to, which this function keeps in step with.
    graph.needindex.need_index : the per-graph need membership this function starts from.

    Notes
    -----
    The need links of an organization added by `graph.organization.with_organization`
    are made from its jobs (`graph.organization.need_sources`): such a link holds while a
    job that stays draws on a node that stays and still reaches the need, so removing the
    only jobs serving a need takes it from the organization too, and from whatever
    reached it only through the organization. That is exact when the nodes its jobs
    draw on do not reach the organization back, as `with_organization` makes them.

    Only the ancestors of the removed nodes (the nodes with a chain of links to one of
    them) can lose a need, so only they are recomputed: a breadth-first search back from
    the removed nodes finds them, then their masks of needs reached are rebuilt from their
    other successors' masks in the cached need membership index (`graph.needindex.need_index`)
    and pushed back along their predecessors, each node at most once per need it gains.
    The cost is linear in the edges among the ancestors and their predecessors, not in the
    graph: on data/us, 0.15 ms for the median node and at most 60 ms (a need: every
    node of its web loses it), at most 45 ms for a whole NAICS sector, against 45-95 ms to
    recompute on a copy with NetworkX (``bench/bench_whatif.py``). When
    some edges do not count (lateral relations, or ``relations`` leaving some out), the
    masks over the counted edges are computed once per graph and set of relations, and
    cached like the index.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("teller", "bank"), ("bank", "economic-security"),
    ...                 ("teller", "cashier"), ("cashier", "economic-security")])
    >>> nx.set_node_attributes(G, {"economic-security": "need", "bank": "organization",
    ...                            "cashier": "profession", "teller": "job"}, "tier")
    >>> s = without(G, ["bank"])
    >>> s.needs["economic-security"].lost, s.needs["economic-security"].unanchored
    ((), {'organization': ('teller',)})
    >>> without(G, ["bank", "cashier"]).needs["economic-security"].lost
    ('teller',)
    >>> s.cover["economic-security", "organization"], s.emptied
    ((1, 0), (('economic-security', 'organization'),))
    """
    base = _reach(G, relations)
    tier, old, bit = base.tier, base.mask, base.bit
    key = _node_key(tier)
    gone = sorted({require_node(G, n) for n in removed}, key=key)
    removed_set = set(gone)
    succ = _adjacency(G._succ, base.test)
    pred = _adjacency(G._pred, base.test)
    ancestors = _ancestors(gone, pred)
    new = _new_masks(ancestors, removed_set, old, bit, succ, pred)
    dropped = _unsupported(G, removed_set, old, new, bit, base.test)
    if dropped:  # the organization's need links whose jobs went: cut them, recompute
        sources = sorted({u for u, _ in dropped}, key=key)
        kept_succ, pred = _cutting(succ, dropped), _cutting(pred, {(v, u) for u, v in dropped})
        ancestors = [*sources, *_ancestors([*gone, *sources], pred)]
        new = _new_masks(ancestors, removed_set, old, bit, kept_succ, pred)
    ancestors.sort(key=key)
    known = _FACTS.get(G)[1]
    needs_of = _needs_of(bit)
    lost, links, orphaned, changed = _losses(G, ancestors, old, new, needs_of, base.test, known,
                                             dropped)
    changed = [*gone, *changed]
    candidates = ({p for c in changed for p in pred(c)} | {u for u, _ in dropped}) - removed_set
    unanchored = _unanchored(sorted(candidates, key=key), tier, old, new, needs_of, succ,
                             dropped)
    # Cover of each (need, tier), and what each need keeps.
    minus: dict = {}
    for n in gone:
        for need in needs_of(old[n]):
            if n != need:
                minus[need, tier[n]] = minus.get((need, tier[n]), 0) + 1
    for need, nodes in lost.items():
        for n in nodes:
            minus[need, tier[n]] = minus.get((need, tier[n]), 0) + 1
    order = sorted(bit, key=need_order)
    cover = {(need, t): (base.cover.get((need, t), 0),
                         base.cover.get((need, t), 0) - minus.get((need, t), 0))
             for need in order for t in WORK_TIERS}
    needs = {}
    for need in order:
        reached = base.reached[need] - 1  # not itself
        dropped = sum(c for (n, _), c in minus.items() if n == need)
        found = tuple(links[need])
        needs[need] = NeedLoss(
            need=need, lost=tuple(lost[need]),
            kept=0 if need in removed_set else reached - dropped,
            unanchored={t: tuple(nodes) for t, nodes in
                        sorted(unanchored[need].items(), key=lambda x: tier_rank(x[0]))},
            links=found, employment=_employment(found) if known else None)
    cut = [Link(p, r, _employed(d) if known else None)
           for r in gone for p, d in G._pred[r].items()
           if p not in removed_set and (base.test is None or base.test(d))]
    cut.sort(key=lambda k: (key(k.source), key(k.target)))
    return Scenario(removed=tuple(gone), needs=needs, orphaned=tuple(orphaned), cover=cover,
                    cut=tuple(cut), employment_known=known)


def _unsupported(G, gone: set, old: dict, new: dict, bit: dict, test) -> set:
    """Return the need links of G's uploaded organization that lose what made them.

    Each of its links to a need was made from its jobs and the nodes they draw on
    (`graph.organization.need_sources`); it goes when, with the ``new`` masks, no job that
    stays draws (over a counted link) on a node that still reaches the need, though one
    did before. Links to removed needs, and those of a removed organization, go anyway.
    """
    found = _SOURCES.get(G)
    if found is None or found[0] in gone:
        return set()
    org, sources, jobs, drawn = found
    if gone.isdisjoint(jobs) and drawn.isdisjoint(new):
        return set()  # no job went and no node drawn on lost a need (`new` holds both)
    succ = G._succ
    before = after = 0
    for job, node in sources:
        if test is None or test(succ[job][node]):
            before |= old[node]
            if job not in gone:
                after |= new.get(node, old[node])
    lost = before & ~after
    if not lost:
        return set()
    return {(org, n) for n, d in succ[org].items()
            if bit.get(n, 0) & lost and n not in gone and (test is None or test(d))}


def _sources(G):
    """Return G's uploaded organization, its (job, node drawn on) pairs, its jobs and the
    nodes they draw on, or None (`graph.organization.need_sources`)."""
    found = need_sources(G)
    if found is None:
        return None
    org, sources = found
    return org, sources, frozenset(j for j, _ in sources), frozenset(p for _, p in sources)


_SOURCES = GraphCache(_sources)


def _cutting(adj, cut: set):
    """Return node -> its neighbours in ``adj`` but those of the (node, neighbour) pairs
    of ``cut``."""
    return lambda n: [m for m in adj(n) if (n, m) not in cut]


def _ancestors(gone: list, pred) -> list:
    """Return the nodes with a chain of links to a node of ``gone`` (not those nodes),
    nearest first: a breadth-first search back from them."""
    order = list(gone)
    seen = set(order)
    add = seen.add
    i = 0
    while i < len(order):
        for p in pred(order[i]):
            if p not in seen:
                add(p)
                order.append(p)
        i += 1
    return order[len(gone):]


def _new_masks(ancestors: list, gone: set, old: dict, bit: dict, succ, pred) -> dict:
    """Return the masks of the ancestors without the removed nodes, and 0 for those.

    A successor that is neither an ancestor nor removed keeps its mask (it cannot reach a
    removed node), so each ancestor starts from its own bit and those successors' masks;
    the masks are then pushed back through the ancestors (`_propagate`).
    """
    inside = set(ancestors) | gone
    seed = {}
    for a in ancestors:
        m = bit.get(a, 0)
        for s in succ(a):
            if s not in inside:
                m |= old[s]
        seed[a] = m
    new = _propagate(ancestors[::-1], seed, pred)
    new.update(dict.fromkeys(gone, 0))
    return new


def _needs_of(bit: dict):
    """Return mask -> list of the needs whose bits it sets (memoised: masks repeat)."""
    memo: dict = {}

    def needs_of(mask: int) -> list:
        found = memo.get(mask)
        if found is None:
            found = memo[mask] = [need for need, b in bit.items() if mask & b]
        return found

    return needs_of


def _losses(G, ancestors: list, old: dict, new: dict, needs_of, test, known: bool,
            dropped: set = frozenset()):
    """Return, per need, the ancestors that lose it and their links that no longer lead to
    it (``dropped`` links lead nowhere any more); the ancestors that lose every need; and
    those that lose some (in the order given)."""
    lost: dict = {need: [] for need in needs_of(-1)}
    links: dict = {need: [] for need in lost}
    orphaned, changed = [], []
    succ, new_get = G._succ, new.get
    for a in ancestors:
        diff = old[a] & ~new[a]
        if not diff:
            continue
        changed.append(a)
        if not new[a]:
            orphaned.append(a)
        for need in needs_of(diff):
            lost[need].append(a)
        found = []
        for s, d in succ[a].items():
            ns = 0 if dropped and (a, s) in dropped else new_get(s)
            if ns is None or (test is not None and not test(d)):
                continue  # an unchanged successor, or a link that does not count
            gone_here = diff & old[s] & ~ns
            if gone_here:
                found.append((s, gone_here, _employed(d) if known else None))
        found.sort(key=lambda x: str(x[0]))
        for s, gone_here, employed in found:
            for need in needs_of(gone_here):
                links[need].append(Link(a, s, employed))
    return lost, links, orphaned, changed


def _unanchored(candidates: list, tier: dict, old: dict, new: dict, needs_of, succ,
                dropped: set = frozenset()) -> dict:
    """Return need -> tier -> the candidates that had a direct link through that tier to
    the need and have none any more (``dropped`` links are gone)."""
    out: dict = {}
    new_get = new.get
    for c in candidates:
        before, after = {}, {}
        for s in succ(c):
            t = tier[s]
            before[t] = before.get(t, 0) | old[s]
            ns = 0 if dropped and (c, s) in dropped else new_get(s)
            after[t] = after.get(t, 0) | (old[s] if ns is None else ns)
        for t, m in before.items():
            for need in needs_of(m & ~after[t]):
                out.setdefault(need, {}).setdefault(t, []).append(c)
    return {need: out.get(need, {}) for need in needs_of(-1)}


# ---------------------------------------------------------------------------------------
# On a graph, for export
# ---------------------------------------------------------------------------------------
def annotate(G, scenario: Scenario) -> nx.DiGraph:
    """Return a copy of G whose nodes say what the scenario takes from them; G is not changed.

    Every node gets ``whatif_removed`` (True for a removed node) and ``whatif_loses`` (the
    ids of the needs it loses, separated by ``|``, or ""), so a spreadsheet or Gephi can
    sort and colour by them; ``G.graph`` gains ``whatif_without`` (the removed ids, ``|``).

    See Also
    --------
    without : the scenario.
    graph.export.export_bytes : the writers the copy is meant for.

    Notes
    -----
    O(n + m): a new graph whose node attribute dicts are copies; the edges' attribute dicts
    are shared with G (read-only, as in a view).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "diner"), ("diner", "leisure")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "diner": "organization", "cook": "job"},
    ...                        "tier")
    >>> H = annotate(G, without(G, ["diner"]))
    >>> H.nodes["cook"]["whatif_loses"], H.nodes["diner"]["whatif_removed"]
    ('leisure', True)
    >>> "whatif_loses" in G.nodes["cook"]  # G itself is unchanged
    False
    """
    loses: dict = {}
    for need, loss in scenario.needs.items():
        for n in loss.lost:
            loses.setdefault(n, []).append(need)
    removed = set(scenario.removed)
    H = nx.DiGraph()
    H.graph.update(G.graph)
    H.graph["whatif_without"] = ALIAS_SEPARATOR.join(scenario.removed)
    H.add_nodes_from((n, {**d, "whatif_removed": n in removed,
                          "whatif_loses": ALIAS_SEPARATOR.join(loses.get(n, ()))})
                     for n, d in G.nodes(data=True))
    succ, pred = H._succ, H._pred
    for u, nbrs in G.adjacency():
        for v, d in nbrs.items():
            succ[u][v] = d
            pred[v][u] = d
    return H
