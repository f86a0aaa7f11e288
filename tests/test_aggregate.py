"""graph.aggregate: folding a view too big to draw into a tree of drawn nodes and "+N" groups.

The properties a user relies on, checked on the tiny fixture, hand-built graphs and the real
US data (data/us, loaded once for the module): never more than the cap, nothing vanishes
(every node is drawn or counted in exactly one group), every drawn node hangs from a drawn
node it is linked to, the biggest employers are drawn first, a group's extra pages draw
that many more of its members (folding the least connected nodes only when told to make
room), and the same input always folds the same way.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import networkx as nx
import pytest

from explorer.state import DEFAULT
from explorer.view import elements, visible_graph
from graph import query
from graph.aggregate import Aggregation, aggregate, fold_plan, left_out, select_edges
from graph.canvas import (Canvas, draw, draw_breadth_first, draw_chains, draw_cost, draw_pages,
                          group_cost, try_draw)
from graph.groups import GROUP_PREFIX, Group, fold_graph, group_id, parse_group_id
from graph.paging import MORE, PAGE, ROOT_PAGE, TIER_PAGE, Expansion, Paging, expansions
from graph.plan import plan
from graph.build import load_graph
from graph.schema import NEED_IDS, TIER_IDS

REPO = Path(__file__).resolve().parents[1]
US_DATA = REPO / "data" / "us"

NURSES = "registered-nurses-29-1141"
MANAGERS = "general-and-operations-managers-11-1021"
HOSPITALS = "hospitals-622"
HEALTH = "health-and-well-being"

#: Views of the US data as the explorer folds them: (need filter, tier filter, focus, depth).
US_VIEWS = {
    "whole graph": (None, None, None, 1),
    "one need": ([HEALTH], None, None, 1),
    "three tiers": (None, ["need", "profession", "industry"], None, 1),
    "professions and jobs": (None, ["profession", "job"], None, 1),
    "only jobs (every node a root)": (None, ["job"], None, 1),
    "profession, depth 1": (None, None, MANAGERS, 1),
    "profession, depth 2": (None, None, MANAGERS, 2),
    "profession, depth 3": (None, None, NURSES, 3),
    "industry, depth 1": (None, None, HOSPITALS, 1),
    "industry, depth 2": (None, None, HOSPITALS, 2),
    "industry, depth 3": (None, None, HOSPITALS, 3),
    "need, depth 1": (None, None, HEALTH, 1),
    "need, depth 2": (None, None, HEALTH, 2),
    "need, depth 3": (None, None, HEALTH, 3),
    "focus inside one need": ([HEALTH], None, NURSES, 2),
}
#: (view, cap) pairs: every view at a cap or two, the caps spread over 1..2000.
US_CASES = [
    ("whole graph", 1), ("whole graph", 120), ("whole graph", 1000), ("whole graph", 2000),
    ("one need", 5), ("one need", 1000),
    ("three tiers", 17), ("three tiers", 1000),
    ("professions and jobs", 2), ("professions and jobs", 300),
    ("only jobs (every node a root)", 1), ("only jobs (every node a root)", 1000),
    ("profession, depth 1", 9), ("profession, depth 1", 31),
    ("profession, depth 2", 300), ("profession, depth 2", 1000),
    ("profession, depth 3", 1000),
    ("industry, depth 1", 5), ("industry, depth 1", 120),
    ("industry, depth 2", 300), ("industry, depth 2", 1000),
    ("industry, depth 3", 2000),
    ("need, depth 1", 17), ("need, depth 1", 120),
    ("need, depth 2", 300),
    ("need, depth 3", 30),
    ("focus inside one need", 60), ("focus inside one need", 1000),
]


def _view_graph(G, needs, tiers, focus, depth):
    """Return the graph the explorer folds for these filters and focus (never its lateral
    edges)."""
    H = query.structural(G) if needs is None and tiers is None else query.filter_graph(
        G, needs=needs, tiers=tiers, bridge=True)
    return query.neighbourhood(H, focus, depth) if focus is not None else H


@pytest.fixture(scope="module")
def us():
    """The real US data as graph.build loads it."""
    if not (US_DATA / "nodes.csv").is_file():
        pytest.fail(f"the US data edition is missing: {US_DATA / 'nodes.csv'}")
    return load_graph(US_DATA)


@pytest.fixture(scope="module")
def us_fold(us):
    """Return fold(view name, cap, pages=None) -> (graph, focus, Aggregation), cached;
    ``pages`` as `aggregate` takes them."""
    graphs, folds = {}, {}

    def fold(name, cap, pages=None):
        needs, tiers, focus, depth = US_VIEWS[name]
        if name not in graphs:
            graphs[name] = _view_graph(us, needs, tiers, focus, depth)
        H = graphs[name]
        key = (name, cap, expansions(pages))
        if key not in folds:
            folds[key] = aggregate(H, cap, focus=focus, first=[focus] if focus else (),
                                   pages=pages)
        return H, focus, folds[key]

    return fold


# -- what every fold must satisfy


def element_count(fold) -> int:
    """Return the elements a fold draws: nodes, links, 2 per anchored group, 1 per top group."""
    return (len(fold.nodes) + len(fold.edges)
            + sum(2 if g.anchor is not None else 1 for g in fold.groups))


def link_employment(G, a, b) -> float:
    """Return the OEWS employment on the link between a and b (either way), 0 when absent."""
    data = G.edges[a, b] if G.has_edge(a, b) else G.edges[b, a]
    value = data.get("employment")
    return value if isinstance(value, (int, float)) else 0


def top_hidden(fold, drawn, node):
    """Return the highest ancestor of a node that is not drawn (its group's member)."""
    while fold.parent[node] is not None and fold.parent[node] not in drawn:
        node = fold.parent[node]
    return node


def hops(G, sources, undirected) -> dict:
    """Return the hop distance from every node to the nearest source (against the links,
    or both ways)."""
    dist = {s: 0 for s in sources}
    frontier = list(dist)
    while frontier:
        nxt = []
        for n in frontier:
            around = list(G.predecessors(n)) + (list(G.successors(n)) if undirected else [])
            for m in around:
                if m not in dist:
                    dist[m] = dist[n] + 1
                    nxt.append(m)
        frontier = nxt
    return dist


def check_cap(G, fold, cap):
    """The fold draws at most ``cap`` elements, and everything when everything fits."""
    assert element_count(fold) <= cap, (
        f"{element_count(fold)} elements drawn for a cap of {cap}: {len(fold.nodes)} nodes, "
        f"{len(fold.edges)} links, {len(fold.groups)} groups")
    assert len(fold.nodes) == len(set(fold.nodes))
    assert len(fold.edges) == len(set(fold.edges))
    drawn = set(fold.nodes)
    assert all(G.has_edge(u, v) and u in drawn and v in drawn for u, v in fold.edges)
    if G.number_of_nodes() + G.number_of_edges() <= cap:
        assert drawn == set(G) and set(fold.edges) == set(G.edges) and fold.groups == ()


def check_partition(G, fold):
    """Every node is drawn or counted in exactly one group; the counts add up."""
    drawn = set(fold.nodes)
    members = [m for g in fold.groups for m in g.members]
    assert len(members) == len(set(members)), "a node is a member of two groups"
    assert not drawn & set(members), "a group member is also drawn"
    assert len(drawn) + sum(g.hidden for g in fold.groups) == G.number_of_nodes()
    assert fold.hidden == G.number_of_nodes() - len(drawn)
    under = {}
    for n in G:
        if n not in drawn:
            head = top_hidden(fold, drawn, n)
            under.setdefault(head, []).append(n)
    # The nodes a group stands for are exactly its members and what hangs from them.
    assert set(under) == set(members)
    ids = set()
    for g in fold.groups:
        assert g.id not in ids and g.id == group_id(g.anchor, g.tier)
        ids.add(g.id)
        assert g.count == len(g.members) > 0
        assert g.hidden == sum(len(under[m]) for m in g.members)
        assert all(G.nodes[m].get("tier") == g.tier for m in g.members)
        assert all(fold.parent[m] == g.anchor for m in g.members)
        assert g.anchor is None or g.anchor in drawn
        siblings = [n for n in drawn if fold.parent[n] == g.anchor
                    and G.nodes[n].get("tier") == g.tier]
        assert g.drawn == len(siblings)
        noun = g.label.split(" ", 1)[1]
        assert g.label == f"+{g.count:,} {noun}" and noun.startswith(g.tier[:4])


def check_tree(G, fold, focus):
    """Each drawn node hangs from a drawn node one hop nearer the roots, its heaviest link."""
    drawn = set(fold.nodes)
    edges = set(fold.edges)
    roots = [n for n in G if fold.parent[n] is None]
    if focus is not None:
        assert roots == [focus]
        dist = hops(G, [focus], undirected=True)
    else:
        assert all(not G.succ[r] for r in roots), "a root of a whole view is not a sink"
        dist = hops(G, roots, undirected=False)
    for n in G:
        p = fold.parent[n]
        if p is None:
            continue
        # It hangs from a node it is linked to (towards the needs in a whole view).
        assert G.has_edge(n, p) or (focus is not None and G.has_edge(p, n)), (n, p)
        assert dist[p] == dist[n] - 1, f"{n} hangs from {p}, which is not one hop nearer"
        nearer = [m for m in (*G.successors(n), *(G.predecessors(n) if focus else ()))
                  if dist.get(m) == dist[n] - 1]
        assert link_employment(G, n, p) == max(link_employment(G, n, m) for m in nearer)
        if n in drawn:
            assert p in drawn, f"{n} is drawn without {p}, the node it hangs from"
            assert (n, p) in edges or (p, n) in edges, f"the link {n}-{p} is not drawn"


def chains(fold, first) -> set:
    """Return the nodes asked for first and the nodes they hang from."""
    out = set()
    for n in first:
        while n is not None and n not in out:
            out.add(n)
            n = fold.parent[n]
    return out


def check_heaviest_first(G, fold, first=()):
    """Members are listed biggest employer first and never outrank a drawn sibling.

    Nodes asked for ``first`` (and their chains) are drawn whatever they weigh.
    """
    drawn = set(fold.nodes) - chains(fold, first)
    for g in fold.groups:
        if g.anchor is None:
            continue
        weights = [link_employment(G, m, g.anchor) for m in g.members]
        assert weights == sorted(weights, reverse=True), f"{g.id} members out of order"
        siblings = [link_employment(G, n, g.anchor) for n in drawn
                    if fold.parent[n] == g.anchor and G.nodes[n].get("tier") == g.tier]
        if siblings:
            assert min(siblings) >= weights[0], (
                f"{g.members[0]} (employment {weights[0]}) is folded into {g.id} while a "
                f"sibling employing {min(siblings)} is drawn")


def check_all(G, fold, cap, focus=None, first=()):
    """Every property above."""
    check_cap(G, fold, cap)
    check_partition(G, fold)
    check_tree(G, fold, focus)
    check_heaviest_first(G, fold, first)


# -- the US data


@pytest.mark.parametrize("name, cap", US_CASES)
def test_us_views_never_exceed_the_cap(us_fold, name, cap):
    G, _focus, fold = us_fold(name, cap)
    check_cap(G, fold, cap)
    if G.number_of_nodes() + G.number_of_edges() > cap and cap >= 120:
        # The budget is spent, not wasted: at most a node's worth of elements stays unused.
        assert element_count(fold) > cap - 2 - 2 * len(TIER_IDS)


@pytest.mark.parametrize("name, cap", US_CASES)
def test_us_views_draw_or_count_every_node_once(us_fold, name, cap):
    G, _focus, fold = us_fold(name, cap)
    check_partition(G, fold)


@pytest.mark.parametrize("name, cap", US_CASES)
def test_us_views_hang_each_drawn_node_from_its_drawn_parent(us_fold, name, cap):
    G, focus, fold = us_fold(name, cap)
    check_tree(G, fold, focus)


@pytest.mark.parametrize("name, cap", US_CASES)
def test_us_views_fold_the_smallest_employers_first(us_fold, name, cap):
    G, _focus, fold = us_fold(name, cap)
    check_heaviest_first(G, fold)


@pytest.mark.parametrize("cap", [9, 13, 20, 31])
@pytest.mark.parametrize("profession", [MANAGERS, NURSES])
def test_a_focused_profession_draws_its_biggest_industries_first(us, profession, cap):
    H = query.neighbourhood(us, profession, 1)
    fold = aggregate(H, cap, focus=profession, first=[profession])
    check_all(H, fold, cap, profession)
    industries = sorted((n for n in H.successors(profession)
                         if H.nodes[n]["tier"] == "industry"),
                        key=lambda n: -H.edges[profession, n]["employment"])
    drawn = [n for n in fold.nodes if n in industries]
    assert profession in fold.nodes and drawn, f"no industry of {profession} drawn at cap {cap}"
    # The industries drawn are the ones employing most of this profession (OEWS).
    assert set(drawn) == set(industries[:len(drawn)])
    rest = [g for g in fold.groups if g.anchor == profession and g.tier == "industry"]
    if len(drawn) < len(industries):
        assert rest and rest[0].members == tuple(industries[len(drawn):])
        assert rest[0].label == f"+{len(industries) - len(drawn)} industr" + (
            "y" if len(industries) - len(drawn) == 1 else "ies")
    else:
        assert not rest


def _expandable(fold, want):
    """Return the groups of a fold of one kind: "full first page", "small" or "top"."""
    if want == "full first page":
        return [g for g in fold.groups if g.anchor is not None and g.drawn == PAGE
                and g.count > 3 * MORE]
    if want == "small":
        return [g for g in fold.groups if g.anchor is not None and 1 < g.count < MORE]
    return [g for g in fold.groups if g.anchor is None and g.drawn >= ROOT_PAGE]


@pytest.mark.parametrize("name, cap, kind, k", [
    ("one need", 1000, "full first page", 1),
    ("need, depth 2", 300, "full first page", 3),
    ("profession, depth 2", 300, "full first page", 2),
    ("whole graph", 120, "small", 1),
    ("industry, depth 2", 300, "small", 2),
    ("professions and jobs", 300, "small", 1),
])
def test_asking_k_more_pages_draws_k_pages_more_members(us_fold, name, cap, kind, k):
    """With leave to make room, k pages of a group draw k * MORE of its members, and only
    the nodes the outcome names as folded leave; without it, nothing leaves."""
    G, focus, fold = us_fold(name, cap)
    candidates = _expandable(fold, kind)
    assert candidates, f"no {kind} group in the {name} view at cap {cap}"
    group = max(candidates, key=lambda g: (g.count, g.id))
    _, _, more = us_fold(name, cap, [Expansion(group.anchor, group.tier, k, room=True)])
    check_all(G, more, cap, focus)
    after = next((g for g in more.groups if g.id == group.id), None)
    [outcome] = more.outcomes
    assert outcome.asked == min(k * MORE, group.count)
    # All of them when the cap leaves enough to fold; the outcome says how many.
    shown = len(outcome.drawn)
    assert shown == outcome.asked - outcome.short and shown > outcome.asked // 2
    assert (after.count if after else 0) == group.count - shown
    # The members drawn now are the group's first ones (the biggest employers).
    assert set(group.members[:shown]) <= set(more.nodes)
    assert group.anchor is None or group.anchor in more.nodes
    assert set(fold.nodes) - set(more.nodes) == set(more.folded)
    _, _, asked = us_fold(name, cap, [Expansion(group.anchor, group.tier, k)])
    check_all(G, asked, cap, focus)
    assert set(fold.nodes) <= set(asked.nodes) and asked.folded == ()


@pytest.mark.parametrize("name, cap", [
    ("whole graph", 1000),
    ("three tiers", 1000),
    ("profession, depth 2", 1000),
    ("industry, depth 2", 1000),
    ("professions and jobs", 1000),  # at 300, 2 pages of professions (3 elements each) do not fit
])
def test_each_click_on_the_biggest_group_draws_one_page_of_it(us_fold, name, cap):
    """Each click on the biggest "+N" group draws MORE of it: the hover text says "up to 25
    more", so a click drawing none, or two pages, or a second click drawing less, is wrong."""
    G, focus, fold = us_fold(name, cap)
    group = max(fold.groups, key=lambda g: (g.count, g.id))
    assert group.count > 2 * MORE
    left = [group.count]
    for k in (1, 2):  # each click followed by "Make room"
        _, _, more = us_fold(name, cap, [Expansion(group.anchor, group.tier, 1, room=True)] * k)
        check_cap(G, more, cap)
        after = next((g for g in more.groups if g.id == group.id), None)
        left.append(after.count if after else 0)
    assert left == [group.count, group.count - MORE, group.count - 2 * MORE], (
        f"{group.label} ({group.id}, {group.drawn} drawn) after 0, 1 and 2 clicks: {left}")


@pytest.mark.parametrize("name, cap", [("whole graph", 1000), ("one need", 1000),
                                       ("profession, depth 3", 1000)])
def test_groups_expanded_together_each_draw_one_page_more(us_fold, name, cap):
    G, focus, fold = us_fold(name, cap)
    chosen = sorted(fold.groups, key=lambda g: (-g.count, g.id))[:4]
    _, _, more = us_fold(name, cap, [Expansion(g.anchor, g.tier, room=True) for g in chosen])
    check_all(G, more, cap, focus, first=[focus] if focus else ())
    # Each draws its page (a group may first get back members an earlier one folded).
    assert [len(o.drawn) for o in more.outcomes] == [min(MORE, g.count) for g in chosen]
    assert set(fold.nodes) - set(more.nodes) == set(more.folded)


@pytest.mark.parametrize("name, cap", [("whole graph", 120), ("industry, depth 2", 300),
                                       ("professions and jobs", 2)])
def test_the_same_input_folds_the_same_way(us, us_fold, name, cap):
    G, focus, fold = us_fold(name, cap)
    # The same view computed afresh (a new filtered or focused graph object)...
    H = _view_graph(us, *US_VIEWS[name])
    again = aggregate(H, cap, focus=focus, first=[focus] if focus else ())
    # ...draws the same nodes in the same order, the same links and the same groups.
    assert again.nodes == fold.nodes and again.edges == fold.edges
    assert again.groups == fold.groups and again.parent == fold.parent


def _snapshot(G):
    """Return a deep copy of everything a caller could see change in G."""
    return (copy.deepcopy(dict(G.graph)), [(n, copy.deepcopy(d)) for n, d in G.nodes(data=True)],
            [(u, v, copy.deepcopy(d)) for u, v, d in G.edges(data=True)])


@pytest.mark.parametrize("pages", [None, {(HOSPITALS, "profession"): 2, (None, "need"): 1}])
def test_folding_never_changes_the_input_graph(us, pages):
    G = _view_graph(us, None, None, HOSPITALS, 1).copy()
    before = _snapshot(G)
    fold = aggregate(G, 150, focus=HOSPITALS, first=[HOSPITALS], pages=pages)
    assert fold.groups
    fold_graph(G.subgraph(fold.nodes), fold.groups)
    assert _snapshot(G) == before


@pytest.mark.parametrize("state, cap", [
    (DEFAULT, 60),
    (DEFAULT, 1000),
    (DEFAULT.replace(needs=[HEALTH]), 1000),
    (DEFAULT.replace(tiers=["profession", "job"]), 1000),
    (DEFAULT.replace(focus=HOSPITALS, depth=2), 1000),
    (DEFAULT.replace(focus=NURSES, depth=2).expand(HEALTH, "industry"), 60),
])
def test_explorer_elements_of_a_folded_us_view_fit_the_cap_and_add_up(us, state, cap):
    view = visible_graph(us, state, cap=cap)
    assert view.truncated and view.groups
    els = [e for e in elements(view, "web") if "ring" not in e["classes"].split()]
    assert len(els) <= cap
    by_id = {e["data"]["id"]: e for e in els}
    groups = [e for e in els if "group" in e["classes"].split()]
    assert {e["data"]["id"] for e in groups} == {g.id for g in view.groups}
    for g in view.groups:
        data = by_id[g.id]["data"]
        assert (data["label"], data["count"], data["hidden"]) == (g.label, g.count, g.hidden)
        assert data["anchor"] == (g.anchor or "") and g.label[1:] in data["title"]
        if g.anchor is not None:
            assert "grouped" in by_id[f"{g.id}->{g.anchor}"]["classes"].split()
    drawn = view.graph.number_of_nodes()
    assert drawn + view.hidden_nodes == view.matched_nodes
    assert (f"Showing {drawn:,} of {us.number_of_nodes():,} nodes" in view.message
            and f"; {view.hidden_nodes:,} more in {len(view.groups):,} group" in view.message)


# -- the tiny fixture


TINY_STATES = {
    "whole": (None, None, None, 1),
    "two needs": (["family", HEALTH], None, None, 1),
    "no industries": (None, ["need", "profession", "organization", "job"], None, 1),
    "only jobs": (None, ["job"], None, 1),
    "chef, depth 2": (None, None, "chef", 2),
    "hospitals, depth 3": (None, None, "hospitals", 3),
    "health, depth 1": (None, None, HEALTH, 1),
}


@pytest.mark.parametrize("cap", [1, 2, 3, 4, 6, 9, 14, 20, 31, 47, 70, 2000])
@pytest.mark.parametrize("name", list(TINY_STATES))
def test_tiny_views_keep_every_promise(tiny_graph, name, cap):
    needs, tiers, focus, depth = TINY_STATES[name]
    H = _view_graph(tiny_graph, needs, tiers, focus, depth)
    fold = aggregate(H, cap, focus=focus, first=[focus] if focus else ())
    check_all(H, fold, cap, focus)


# -- hand-built graphs


def _star(n, weight_on="link", seed=7):
    """Return a need with ``n`` professions whose employment is shuffled, and that ranking."""
    rng = random.Random(seed)
    amounts = rng.sample(range(1_000, 1_000_000), n)
    G = nx.DiGraph()
    G.add_node("leisure", tier="need", label="Leisure")
    for i, amount in enumerate(amounts):
        p = f"p{i:02d}"
        G.add_node(p, tier="profession", **({"employment": amount} if weight_on == "node" else {}))
        G.add_edge(p, "leisure", relation="serves",
                   **({"employment": amount} if weight_on == "link" else {}))
    ranking = sorted((p for p in G if p != "leisure"), key=lambda p: -amounts[int(p[1:])])
    return G, ranking


def _fits(n, cap) -> int:
    """Return the most professions of a star drawable in ``cap`` elements by the cost model."""
    best = -1
    for k in range(n + 1):
        cost = 1 + 2 * k + (2 if k < n else 0)  # the need, k nodes and links, the group
        if cost <= cap:
            best = k
    return best


@pytest.mark.parametrize("weight_on", ["link", "node"])
@pytest.mark.parametrize("cap", [1, 2, 3, 4, 5, 8, 11, 22, 39, 40, 41, 42, 100])
def test_a_star_draws_as_many_as_fit_biggest_employers_first(weight_on, cap):
    G, ranking = _star(20, weight_on)
    fold = aggregate(G, cap, page=3, more=4)
    check_cap(G, fold, cap)
    check_partition(G, fold)
    k = _fits(20, cap)
    if k < 0:  # not even the need fits: one top-level group holds everything
        assert fold.nodes == () and [(g.anchor, g.label, g.hidden) for g in fold.groups] == [
            (None, "+1 need", 21)]
        return
    assert fold.nodes[0] == "leisure"
    assert list(fold.nodes[1:]) == ranking[:k]
    if k < 20:
        assert [(g.id, g.label) for g in fold.groups] == [
            ("group:leisure:profession", f"+{20 - k} profession" + ("s" if 20 - k > 1 else ""))]
        assert fold.groups[0].members == tuple(ranking[k:])


def _two_professions(jobs=30):
    """Return a need with two professions of ``jobs`` jobs each, heaviest link first."""
    G = nx.DiGraph()
    G.add_node("family", tier="need")
    for p in ("nanny", "tutor"):
        G.add_node(p, tier="profession")
        G.add_edge(p, "family", relation="serves")
        for j in range(jobs):
            G.add_node(f"{p}-{j:02d}", tier="job")
            G.add_edge(f"{p}-{j:02d}", p, relation="draws_on", employment=1000 - j)
    return G


def _jobs_of(fold, profession):
    """Return the jobs drawn under a profession, in drawing order."""
    return [n for n in fold.nodes if fold.parent.get(n) == profession]


@pytest.mark.parametrize("cap, k", [(22, 1), (40, 1), (40, 2), (80, 1), (80, 3)])
def test_k_more_pages_draw_k_pages_more_of_a_group(cap, k):
    """At the same cap, k pages of a group draw k * more members beyond what the view drew.

    At 22 elements the view draws the first page (3) of each profession's jobs; with more
    room it has gone past it. The budget is fixed: asked to make room, the other
    profession gives up jobs; not asked, nothing is drawn and nothing leaves.
    """
    G = _two_professions()
    base = aggregate(G, cap, page=3, more=4)
    before = len(_jobs_of(base, "nanny"))
    assert before >= 3 and [len(_jobs_of(base, p)) for p in ("nanny", "tutor")][1] >= 3
    # Room for the need, nanny, its group and its jobs so far plus k pages of 4.
    assert 1 + 2 + 4 + 2 * (before + 4 * k) <= cap
    asked = aggregate(G, cap, page=3, more=4, pages={("nanny", "job"): k})
    assert asked.nodes == base.nodes and asked.outcomes[0].drawn == ()
    more = aggregate(G, cap, page=3, more=4, pages=[Expansion("nanny", "job", k, room=True)])
    check_all(G, more, cap)
    assert _jobs_of(more, "nanny") == [f"nanny-{j:02d}" for j in range(before + 4 * k)], (
        f"{k} more page(s) of nanny's jobs ({before} drawn, 4 per page) drew "
        f"{len(_jobs_of(more, 'nanny')) - before} more")
    assert len(_jobs_of(more, "tutor")) <= len(_jobs_of(base, "tutor"))
    assert (set(base.nodes) - set(more.nodes) == set(more.folded)
            <= {"tutor", *_jobs_of(base, "tutor")})


def test_breadth_first_every_first_page_before_any_second_page():
    G = nx.DiGraph()
    G.add_node("family", tier="need")
    for p in ("nanny", "tutor", "cook"):
        G.add_node(p, tier="profession")
        G.add_edge(p, "family", relation="serves")
        for j in range(10):
            G.add_node(f"{p}-{j}", tier="job")
            G.add_edge(f"{p}-{j}", p, relation="draws_on", weight=10 - j)
    for cap in range(10, 70):
        fold = aggregate(G, cap, page=2, more=3)
        check_all(G, fold, cap)
        per = [sum(1 for n in fold.nodes if fold.parent[n] == p) for p in ("nanny", "tutor", "cook")
               if p in fold.nodes]
        # No profession gets a page more of its jobs while another lacks its first page.
        assert max(per, default=0) - min(per, default=0) <= 2, (cap, per)
        for p in ("nanny", "tutor", "cook"):
            jobs = [n for n in fold.nodes if fold.parent[n] == p]
            # The jobs drawn are the most heavily linked (weights 10, 9, ...).
            assert jobs == [f"{p}-{j}" for j in range(len(jobs))]


def test_a_node_asked_first_is_drawn_with_its_chain_even_when_light():
    G = nx.DiGraph()
    G.add_node("learning", tier="need")
    for i in range(12):
        G.add_node(f"p{i}", tier="profession")
        G.add_edge(f"p{i}", "learning", relation="serves", employment=1000 - i)
        for j in range(12):
            G.add_node(f"p{i}-j{j}", tier="job")
            G.add_edge(f"p{i}-j{j}", f"p{i}", relation="draws_on", weight=100 - j)
    lightest = "p11-j11"
    plain = aggregate(G, 24, page=2)
    assert lightest not in plain.nodes and "p11" not in plain.nodes
    wanted = aggregate(G, 24, page=2, first=[lightest])
    check_all(G, wanted, 24, first=[lightest])
    assert wanted.nodes[:3] == ("learning", "p11", lightest)


def test_focus_follows_links_both_ways():
    G = nx.DiGraph([("chef", "leisure"), ("cook", "chef"), ("sous-chef", "chef"),
                    ("chef", "food-services"), ("food-services", "leisure")])
    nx.set_node_attributes(G, {"leisure": "need", "chef": "profession", "cook": "job",
                               "sous-chef": "job", "food-services": "industry"}, "tier")
    fold = aggregate(G, 100, focus="chef")
    assert fold.nodes[0] == "chef" and set(fold.nodes) == set(G)
    assert {n: fold.parent[n] for n in G} == {
        "chef": None, "leisure": "chef", "cook": "chef", "sous-chef": "chef",
        "food-services": "chef"}
    assert set(fold.edges) == set(G.edges)


@pytest.mark.parametrize("cap", [4, 8, 16, 100])
def test_nodes_the_roots_do_not_reach_are_still_counted(cap):
    # A job whose profession is missing and an organization linked to nothing.
    G = nx.DiGraph([("chef", "leisure"), ("orphan-job", "gone-profession")])
    G.add_node("lone-org")
    nx.set_node_attributes(G, {"leisure": "need", "chef": "profession", "orphan-job": "job",
                               "gone-profession": "profession", "lone-org": "organization"},
                           "tier")
    for roots in (None, ["leisure"]):
        fold = aggregate(G, cap, roots=roots)
        check_cap(G, fold, cap)
        check_partition(G, fold)


@pytest.mark.parametrize("value, expected", [
    ("group:chef:job", ("chef", "job")),
    ("group::profession", (None, "profession")),
    ("group:health-and-well-being:industry", ("health-and-well-being", "industry")),
    ("group:chef:bogus", None),
    ("group:chef", None),
    ("group:", None),
    ("chef:job", None),
    ("chef", None),
    ("", None),
    (None, None),
    (5, None),
    (["group:chef:job"], None),
])
def test_group_ids_are_read_back_or_refused(value, expected):
    assert parse_group_id(value) == expected
    if expected is not None:
        assert group_id(*expected) == value and value.startswith(GROUP_PREFIX)


@pytest.mark.parametrize("tier, count, label", [
    ("profession", 1, "+1 profession"),
    ("profession", 83, "+83 professions"),
    ("industry", 1, "+1 industry"),
    ("industry", 12, "+12 industries"),
    ("organization", 2, "+2 organizations"),
    ("job", 3023, "+3,023 jobs"),
    ("need", 1, "+1 need"),
    ("need", 12, "+12 needs"),
])
def test_group_labels_count_their_members(tier, count, label):
    group = Group(anchor="x", tier=tier, members=tuple(f"m{i}" for i in range(count)),
                  hidden=count)
    assert group.label == label and group.count == count


def test_fold_graph_adds_one_node_and_link_per_group_and_copies(us_fold):
    G, _focus, fold = us_fold("whole graph", 120)
    drawn = G.subgraph(fold.nodes).copy()
    H = fold_graph(drawn, fold.groups)
    assert H.number_of_nodes() == drawn.number_of_nodes() + len(fold.groups)
    anchored = [g for g in fold.groups if g.anchor is not None]
    assert H.number_of_edges() == drawn.number_of_edges() + len(anchored)
    for g in fold.groups:
        data = H.nodes[g.id]
        assert (data["tier"], data["group"], data["label"], data["count"]) == (
            g.tier, True, g.label, g.count)
        if g.anchor is not None:
            assert H.edges[g.id, g.anchor]["relation"] == "grouped"
    # The graph given is left as it was: fold_graph works on a copy.
    assert not any(str(n).startswith(GROUP_PREFIX) for n in drawn)
    assert drawn.number_of_nodes() == len(fold.nodes)


@pytest.mark.parametrize("view, cap", [
    ((None, None, "hospitals-622", 1), 30),
    ((None, None, "hospitals-622", 2), 120),
    ((None, None, None, 1), 300),
    (([HEALTH], None, None, 1), 200),
])
def test_the_order_rows_were_loaded_in_changes_nothing(us, view, cap):
    """The same data with its rows in reverse order draws the same picture."""
    R = nx.DiGraph()
    R.graph.update(us.graph)
    R.add_nodes_from(reversed(list(us.nodes(data=True))))
    R.add_edges_from(reversed(list(us.edges(data=True))))
    focus = view[2]
    folds = [aggregate(_view_graph(G, *view), cap, focus=focus, first=[focus] if focus else ())
             for G in (us, R)]
    assert set(folds[0].nodes) == set(folds[1].nodes)
    assert [{(g.id, g.members) for g in f.groups} for f in folds[1:]] == [
        {(g.id, g.members) for g in folds[0].groups}]


@pytest.mark.parametrize("needs, tiers", [
    ([HEALTH], None), (["family", "learning"], None),
    ([n for n in NEED_IDS if n != HEALTH], None),  # most of the graph: G's rows, cut near
    ([n for n in NEED_IDS if n not in ("family", "learning")], None),  # what is left out
    (None, ["need", "profession", "job"]),  # bridged: read through the view
    ([HEALTH], ["need", "industry"]),
])
def test_a_filtered_view_is_read_into_the_same_adjacency_either_way(us, needs, tiers):
    from graph.adjacency import adjacency

    view = query.filter_graph(us, needs=needs, tiers=tiers)
    succ, pred, attrs = adjacency(view)
    # The same rows read neighbour by neighbour through the view's public API.
    assert succ == {u: dict(view.succ[u]) for u in view}
    assert pred == {v: dict(view.pred[v]) for v in view}
    assert attrs == dict(view.nodes(data=True))


@pytest.mark.parametrize("name", ["one need", "need, depth 2", "focus inside one need",
                                  "all but one need", "all but two needs"])
def test_a_view_of_the_whole_graph_is_planned_the_same_from_its_ranked_links(us, name):
    """The parents and children a view's plan reads from the whole graph's precomputed
    links are those it finds by weighing every link of the view itself."""
    from explorer.view import ranked_nodes

    needs, tiers, focus, depth = {
        "all but one need": ([n for n in NEED_IDS if n != HEALTH], None, None, 1),
        "all but two needs": ([n for n in NEED_IDS if n not in (HEALTH, "family")], None,
                              None, 1)}.get(name) or US_VIEWS[name]
    H = _view_graph(us, needs, tiers, focus, depth)
    order = ranked_nodes(us)
    fast = plan(H, focus=focus, order=order, within=query.structural(us))
    slow = plan(H, focus=focus, order=order)
    assert fast.parent == slow.parent and fast.size == slow.size
    assert {p: list(by_tier.items()) for p, by_tier in fast.children.items()} == {
        p: list(by_tier.items()) for p, by_tier in slow.children.items()}  # in order


# -- the steps of one fold, one at a time


def _elements_taken(canvas) -> int:
    """Return, counted afresh, the elements a canvas's drawing takes: its nodes, their links
    to their parents and the groups of what is left out (other links come later)."""
    links = sum(1 for n in canvas.drawn if canvas.tree.parent[n] is not None)
    return (len(canvas.drawn) + links
            + sum(group_cost(g.anchor) for g in left_out(canvas.tree, canvas.drawn)))


def _as_fold(tree, drawn) -> Aggregation:
    """Return an Aggregation of these drawn nodes with their groups (no links), to check."""
    return Aggregation(nodes=tuple(drawn), edges=(), groups=left_out(tree, drawn),
                       parent=tree.parent)


@pytest.mark.parametrize("anchor, tier, first_page", [
    ("nanny", "profession", PAGE),
    ("nanny", "industry", PAGE),
    ("nanny", "job", TIER_PAGE["job"]),  # fewer jobs, the least enduring tier
    (None, "need", ROOT_PAGE),
    (None, "job", ROOT_PAGE),
])
def test_a_parent_shows_a_first_page_of_children_then_a_page_per_round(anchor, tier, first_page):
    kids = [f"k{i:03d}" for i in range(first_page + 2 * PAGE + 1)]
    queued = Paging().queue(anchor, tier, kids)
    # Every child is queued, heaviest (first) first, with its index.
    assert [(i, c) for _r, i, c in queued] == list(enumerate(kids))
    rounds = [r for r, _i, _c in queued]
    assert rounds == sorted(rounds) and rounds.count(0) == first_page
    step = TIER_PAGE.get(tier, PAGE)
    assert all(rounds.count(r) == step for r in range(1, rounds[-1]))


@pytest.mark.parametrize("drawn, clicks", [(0, 1), (3, 1), (8, 1), (8, 2), (30, 3)])
def test_each_page_asked_for_draws_25_more_members_and_nothing_beyond(drawn, clicks):
    """A click on "+N jobs" shows up to 25 more than the fold drew: no fewer, no more."""
    G = _two_professions(jobs=200)
    canvas = Canvas.start(plan(G), 10_000, Paging())
    draw_chains(canvas, [f"nanny-{j:02d}" for j in range(drawn)] or ["nanny"])
    [outcome] = draw_pages(canvas, [Expansion("nanny", "job", clicks)])
    jobs = [n for n in canvas.drawn if canvas.tree.parent[n] == "nanny"]
    assert jobs == [f"nanny-{j:02d}" for j in range(drawn + MORE * clicks)]
    assert outcome.asked == len(outcome.drawn) == MORE * clicks and outcome.folded == ()
    # The other groups keep what they had.
    assert not [n for n in canvas.drawn if canvas.tree.parent[n] == "tutor"]


def test_drawing_a_node_costs_itself_its_link_and_a_group_per_tier_below_it():
    G = _two_professions(jobs=2)
    canvas = Canvas.start(plan(G), 100, Paging())
    assert canvas.used == group_cost(None) == 1  # "+1 need" at the top level
    # The need: itself, a "+2 professions" group (node and link), and "+1 need" goes.
    assert draw_cost(canvas, "family") == 1 + 2 - 1
    draw(canvas, "family")
    # A profession: itself, its link, its "+2 jobs" group.
    assert draw_cost(canvas, "nanny") == 1 + 1 + 2
    draw(canvas, "nanny")
    # The last profession: the same, but the "+1 profession" group goes.
    assert draw_cost(canvas, "tutor") == 1 + 1 + 2 - 2
    draw(canvas, "tutor")
    assert draw_cost(canvas, "nanny-00") == 1 + 1
    draw(canvas, "nanny-00")
    assert draw_cost(canvas, "nanny-01") == 1 + 1 - 2
    assert canvas.used == _elements_taken(canvas) == 1 + 2 + 4 + 2 + 2


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("focus", [None, "chef", "hospitals"])
def test_drawing_in_any_order_never_exceeds_the_budget(tiny_graph, focus, seed):
    """Whatever is asked for and in whatever order, the canvas counts every element it
    draws, never goes past the cap and never draws a node without its parent."""
    rng = random.Random(seed)
    cap = rng.choice([1, 2, 5, 12, 30, 80, 200, 2000])
    tree = plan(tiny_graph, focus=focus)
    canvas = Canvas.start(tree, cap, Paging(page=rng.choice([1, 2, 8])))
    floor = canvas.used  # one element per tier of roots: "+12 needs" even when nothing fits
    for node in rng.sample(tree.bfs, 15) + ["no-such-node"]:
        draw_chains(canvas, [node])
        assert canvas.used == _elements_taken(canvas) <= max(cap, floor)
        assert all(tree.parent[n] is None or tree.parent[n] in canvas.drawn
                   for n in canvas.drawn)
    draw_breadth_first(canvas)
    assert canvas.used == _elements_taken(canvas) <= max(cap, floor) and not canvas.frontier
    if cap >= floor:
        check_cap(tiny_graph, fold_plan(tree, cap, Paging()), cap)


def test_what_is_drawn_stays_drawn_and_costs_nothing_more():
    G, ranking = _star(20)
    canvas = Canvas.start(plan(G), 20, Paging(page=3))
    lightest = ranking[-1]
    draw_chains(canvas, [lightest])
    used = canvas.used
    assert try_draw(canvas, lightest) and canvas.used == used
    draw_breadth_first(canvas)
    assert list(canvas.drawn)[:2] == ["leisure", lightest]
    assert canvas.used <= 20 and canvas.used == _elements_taken(canvas)


def test_a_node_that_does_not_fit_is_not_drawn_and_changes_nothing():
    G = _two_professions(jobs=3)
    canvas = Canvas.start(plan(G), 5, Paging())
    assert try_draw(canvas, "family")  # 1 + 2 elements
    before = (dict(canvas.drawn), dict(canvas.left), canvas.used, list(canvas.frontier))
    assert not try_draw(canvas, "nanny")  # 4 more: 7 > 5
    assert (dict(canvas.drawn), dict(canvas.left), canvas.used, list(canvas.frontier)) == before


def test_a_chain_stops_where_the_budget_does_nothing_hangs_in_the_air():
    G = _two_professions(jobs=3)
    canvas = Canvas.start(plan(G), 5, Paging())
    # The job alone would fit (2 elements), but not the profession it hangs from.
    draw_chains(canvas, ["no-such-node", "nanny-02"])
    assert list(canvas.drawn) == ["family"]
    roomy = Canvas.start(plan(G), 100, Paging())
    draw_chains(roomy, ["nanny-02", "tutor"])
    assert list(roomy.drawn) == ["family", "nanny", "nanny-02", "tutor"]


def test_the_pages_asked_for_come_after_the_fill_and_take_nothing_from_it():
    G = _two_professions(jobs=30)
    tree = plan(G)
    canvas = Canvas.start(tree, 60, Paging(page=3, more=4))
    # nanny is not drawn yet: its pages draw nothing.
    assert [o.asked for o in draw_pages(canvas, [Expansion("nanny", "job", 2)])] == [0]
    assert not canvas.drawn
    draw_breadth_first(canvas)
    filled = list(canvas.drawn)
    room = canvas.cap - canvas.used
    [outcome] = draw_pages(canvas, [Expansion("nanny", "job", 2)])
    assert list(canvas.drawn)[:len(filled)] == filled, "the fill stays as it was"
    assert outcome.asked == 8 and len(outcome.drawn) == room // 2 < 8
    assert list(canvas.drawn)[len(filled):] == list(outcome.drawn)


def test_pages_of_the_top_level_are_drawn_without_a_chain():
    G = nx.DiGraph()
    G.add_nodes_from((f"job-{i:03d}", {"tier": "job"}) for i in range(100))
    tree = plan(G)  # every job is a root
    canvas = Canvas.start(tree, 1000, Paging())
    draw_pages(canvas, [Expansion(None, "job")])
    assert list(canvas.drawn) == [f"job-{i:03d}" for i in range(MORE)]


def test_the_fill_draws_every_first_page_before_any_second_biggest_first():
    G = nx.DiGraph()
    G.add_node("family", tier="need")
    for i, p in enumerate(("nanny", "tutor", "coach", "cook")):
        G.add_node(p, tier="profession")
        G.add_edge(p, "family", employment=100 - i)
        for j in range(3):
            G.add_node(f"{p}-{j}", tier="job")
            G.add_edge(f"{p}-{j}", p, employment=10 - j)
    canvas = Canvas.start(plan(G), 1000, Paging(page=2))
    draw_breadth_first(canvas)
    assert list(canvas.drawn) == [
        "family",
        "nanny", "tutor",  # the need's first page (2), the biggest employers
        "nanny-0", "tutor-0", "nanny-1", "tutor-1",  # their first pages, in turn
        # The need's second page: each profession drawn now has its first page at once.
        "coach", "coach-0", "coach-1", "cook", "cook-0", "cook-1",
        "nanny-2", "tutor-2", "coach-2", "cook-2",  # then every second page of jobs
    ]


def test_the_fill_skips_a_node_too_big_for_what_is_left_for_smaller_ones():
    G = nx.DiGraph()
    G.add_node("family", tier="need")
    for p, employment in (("nanny", 300), ("tutor", 200), ("coach", 100)):
        G.add_node(p, tier="profession")
        G.add_edge(p, "family", employment=employment)
    G.add_edges_from([("nanny-a", "nanny"), ("agency", "nanny")])
    nx.set_node_attributes(G, {"nanny-a": "job", "agency": "organization"}, "tier")
    canvas = Canvas.start(plan(G), 7, Paging())
    draw_breadth_first(canvas)
    # After the need (3 elements with "+3 professions"), nanny would take 6 (itself, its
    # link, "+1 organization" and "+1 job"): the cap is 7, so tutor and coach come instead.
    assert list(canvas.drawn) == ["family", "tutor", "coach"]
    assert canvas.used == _elements_taken(canvas) == 7


@pytest.mark.parametrize("room", [-3, 0, 1, 2, 5, 10_000])
@pytest.mark.parametrize("focus", [None, "chef"])
def test_links_beyond_the_tree_take_only_the_room_left(tiny_graph, focus, room):
    tree = plan(tiny_graph, focus=focus)
    drawn = dict.fromkeys(tree.bfs)
    edges = select_edges(tree, drawn, room)
    tree_links = [(n, p) if tiny_graph.has_edge(n, p) else (p, n)
                  for n, p in tree.parent.items() if p is not None]
    assert set(edges[:len(tree_links)]) == set(tree_links)
    others = tiny_graph.number_of_edges() - len(tree_links)
    assert len(edges) - len(tree_links) == min(max(room, 0), others)
    assert len(set(edges)) == len(edges) and all(tiny_graph.has_edge(*e) for e in edges)


@pytest.mark.parametrize("seed", range(8))
def test_what_is_not_drawn_is_counted_once_in_groups_under_drawn_nodes(us, seed):
    rng = random.Random(seed)
    H = _view_graph(us, *US_VIEWS[rng.choice(["whole graph", "industry, depth 2",
                                              "professions and jobs"])])
    tree = plan(H)
    canvas = Canvas.start(tree, 10_000, Paging())
    draw_chains(canvas, rng.sample(tree.bfs, 40))
    fold = _as_fold(tree, canvas.drawn)
    check_partition(H, fold)
    check_heaviest_first(H, fold, first=fold.nodes)
    top = [g.anchor is not None for g in fold.groups]
    assert top == sorted(top), "top-level groups come first"


def test_the_steps_fold_a_plan_as_aggregate_does(us):
    H = _view_graph(us, *US_VIEWS["whole graph"])
    tree = plan(H)
    folded = fold_plan(tree, 1000, Paging())
    assert folded == aggregate(H, 1000)
    group = max(folded.groups, key=lambda g: (g.count, g.id))
    pages = [Expansion(group.anchor, group.tier, 2, room=True)]
    assert (fold_plan(tree, 1000, Paging(), asked=pages)
            == aggregate(H, 1000, pages=pages) == aggregate(H, 1000, pages=pages, tree=tree))
