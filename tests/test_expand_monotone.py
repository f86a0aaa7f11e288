"""Asking for more of a "+N" group never takes away what is drawn.

On data/us the default view spends its whole element budget, so a click on "+23
professions" under Hospitals cannot add them without folding something else. It used to
fold 30 unrelated nodes (Clergy, Lawyers, Plumbers, Boeing...) in silence and count
them into other groups ("+114" became "+115"). Now what is drawn stays drawn: a click
draws what fits, keeps the rest in the group, and the notice says so and offers what to
fold ("Make room: fold the 45 least connected", "Fold Hospitals' professions"); only
that explicit choice folds nodes, exactly the ones it named. Checked on data/us (the
Hospitals case, a sample of groups, every "Show more of" shortcut, a shared URL) and, as
a property, on random small graphs and caps.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer import controller, graphview
from explorer.context import Context
from explorer.history import EMPTY
from explorer.settings import resolve
from explorer.state import DEFAULT, ViewState
from explorer.view import visible_graph
from graph.aggregate import aggregate
from graph.build import load_graph
from graph.groups import group_id
from graph.paging import Expansion
from tests.strategies import tiered_graphs
from tests.test_explorer_callbacks import action_buttons, nav_request

REPO = Path(__file__).resolve().parents[1]
US_DATA = REPO / "data" / "us"
HOSPITALS = "hospitals-622"
SCIENTIFIC = "professional-scientific-and-technical-services-541"


@pytest.fixture(scope="module")
def us():
    """A context on data/us with the default element cap (views cached)."""
    if not (US_DATA / "nodes.csv").is_file():
        pytest.fail(f"the US data edition is missing: {US_DATA / 'nodes.csv'}")
    return Context.build(load_graph(US_DATA), resolve({"data": US_DATA}, environ={}))


def click(ctx, state: ViewState, group: str, action: str = "expand") -> ViewState:
    """Return the state after a click on a group's button ("expand", "make-room",
    "fold-group"), as the page sends it."""
    request = {"node": group, "action": action, "ts": 1}
    return controller.reduce(ctx, state, EMPTY, "nav", request, ctx.cap)[0]


def buttons(view, action: str) -> list:
    """Return (group id, text) of the notice's buttons asking for one action ("expand",
    "make-room", "fold-group"), each checked to send that request when clicked."""
    found = action_buttons(graphview.cap_notice(view), action)
    requests = [nav_request(b) for b in found]
    return [(r["node"], b.children) for r, b in zip(requests, found)]


def check_truthful(view) -> None:
    """Every group's "+N" is its number of members, each hidden node is counted once, and
    what is drawn plus what the groups hold is everything the view selects."""
    drawn = set(view.graph)
    members = [m for g in view.groups for m in g.members]
    assert len(members) == len(set(members)) and not drawn & set(members)
    for g in view.groups:
        assert g.count == len(g.members) > 0
        assert g.label.startswith(f"+{g.count:,} ")
        assert g.anchor is None or g.anchor in drawn
    assert len(drawn) + view.hidden_nodes == view.matched_nodes
    drawn_elements = view.graph.number_of_nodes() + view.graph.number_of_edges()
    assert drawn_elements + sum(2 if g.anchor else 1 for g in view.groups) <= view.cap


def check_expansion(ctx, before_state: ViewState, group) -> tuple:
    """Click ``group`` in the view of ``before_state``, then its "Make room" offer if any;
    check that the click keeps every drawn node and the offer folds exactly what it
    named. Return (view after the click, view after making room or None)."""
    before = visible_graph(ctx, before_state)
    asked_state = click(ctx, before_state, group.id)
    asked = visible_graph(ctx, asked_state)
    check_truthful(asked)
    lost = set(before.graph) - set(asked.graph)
    assert not lost, f"a click on {group.label} ({group.id}) took away {sorted(lost)[:5]}"
    [outcome] = asked.outcomes[-1:]
    assert outcome.expansion.id == group.id and outcome.folded == ()
    after = {g.id: g for g in asked.groups}
    still = after[group.id].count if group.id in after else 0
    assert still == group.count - len(outcome.drawn), "the group's count is not what is left"
    for g in before.groups:  # the other groups keep their members: "+114" stays "+114"
        if g.id != group.id and g.id in after:
            assert after[g.id].count <= g.count
    if not outcome.short:
        return asked, None
    assert "nothing drawn is taken away without asking" in asked.asked
    offers = buttons(asked, "make-room")
    if not asked.room:
        assert not offers
        return asked, None
    assert offers == [(group.id, f"Make room: fold the {len(asked.room):,} least connected")]
    roomy = visible_graph(ctx, click(ctx, asked_state, group.id, "make-room"))
    check_truthful(roomy)
    gone = set(asked.graph) - set(roomy.graph)
    assert gone == set(asked.room), "making room folded other nodes than it named"
    assert roomy.outcomes[-1].drawn[:len(outcome.drawn)] == outcome.drawn
    assert len(roomy.outcomes[-1].drawn) > len(outcome.drawn)
    assert group.anchor is None or group.anchor in roomy.graph
    assert f"the {_least(len(asked.room))} went back into" in roomy.asked
    return asked, roomy


def _least(n: int) -> str:
    return f"{n:,} least connected nodes" if n != 1 else "least connected node"


def test_expanding_hospitals_professions_keeps_every_drawn_node(us):
    """The case of the report: "+23 professions" under Hospitals in the default view."""
    before = visible_graph(us, DEFAULT)
    groups = {g.id: g for g in before.groups}
    hospitals = groups[group_id(HOSPITALS, "profession")]
    scientific = groups[group_id(SCIENTIFIC, "profession")]
    asked, roomy = check_expansion(us, DEFAULT, hospitals)
    # Nothing fits in the default view's full budget: nothing is drawn, nothing leaves,
    # every other group keeps its count, and the notice says so and offers what to fold.
    assert set(asked.graph) == set(before.graph) and not asked.revealed
    assert {g.id: g.count for g in asked.groups} == {g.id: g.count for g in before.groups}
    assert {g.id: g.label for g in asked.groups}[scientific.id] == scientific.label
    assert asked.asked.startswith(f"Drew 0 of the {hospitals.count} professions under Hospitals")
    assert "all 1,000 elements are in use" in asked.asked
    # Making room draws all 23, folds only what it named, and says so.
    assert roomy is not None and hospitals.id not in {g.id for g in roomy.groups}
    assert set(hospitals.members) <= set(roomy.revealed)
    assert f"To draw {hospitals.count} of the {hospitals.count} professions" in roomy.asked


def _sample(view, k: int, seed: int) -> list:
    """Return ``k`` groups of a view: the largest, the smallest and others at random."""
    ordered = sorted(view.groups, key=lambda g: (-g.hidden, g.id))
    if len(ordered) <= k:
        return ordered
    rng = random.Random(seed)
    return [ordered[0], ordered[-1], *rng.sample(ordered[1:-1], k - 2)]


@pytest.mark.parametrize("state", [
    DEFAULT,
    DEFAULT.replace(needs=["health-and-well-being"]),
    DEFAULT.replace(tiers=["need", "profession", "industry"]),
    DEFAULT.replace(focus="registered-nurses-29-1141", depth=2),
], ids=["default", "one need", "three tiers", "focus, depth 2"])
def test_a_sample_of_groups_expand_without_taking_anything_away(us, state):
    view = visible_graph(us, state)
    assert view.truncated and len(view.groups) >= 3
    offered = 0
    for group in _sample(view, 6, seed=16):
        _asked, roomy = check_expansion(us, state, group)
        offered += roomy is not None
    assert offered, "no group of the sample could make room"


@pytest.mark.parametrize("state", [DEFAULT, DEFAULT.replace(needs=["family", "learning"])],
                         ids=["default", "two needs"])
def test_each_show_more_of_shortcut_keeps_what_is_drawn(us, state):
    view = visible_graph(us, state)
    shortcuts = buttons(view, "expand")
    assert len(shortcuts) == graphview.EXPAND_BUTTONS
    by_id = {g.id: g for g in view.groups}
    for group, text in shortcuts:
        assert text.startswith(by_id[group].label)
        check_expansion(us, state, by_id[group])


def test_expansions_in_a_row_only_add_and_a_shared_url_shows_the_same(us):
    """Click, make room, click another, make room, click a third: each click keeps what
    was drawn, each "Make room" folds only what it named; the URL reproduces the view."""
    state, view = DEFAULT, visible_graph(us, DEFAULT)
    picked = [g.id for g in sorted(view.groups, key=lambda g: (-g.hidden, g.id))[:3]]
    for i, gid in enumerate(picked):
        group = next(g for g in view.groups if g.id == gid)
        _asked, roomy = check_expansion(us, state, group)
        state = click(us, state, gid)
        if roomy is not None and i < 2:
            state = click(us, state, gid, "make-room")
        view = visible_graph(us, state)
    assert [m.endswith("~room") for m in state.more] == [True, True, False]
    # The address holds the requests in order; opened afresh, it draws the same view.
    shared = ViewState.from_query(state.to_query(), us.graph)
    assert shared == state
    fresh = Context.build(us.graph, resolve({"data": US_DATA}, environ={}))
    again = visible_graph(fresh, shared)
    assert tuple(again.graph) == tuple(view.graph) and again.groups == view.groups
    assert set(again.graph.edges) == set(view.graph.edges)
    # "Fold ..." gives back the room of an earlier group: the view of the others alone.
    folds = dict(buttons(view, "fold-group"))
    assert picked[0] in folds and folds[picked[0]].startswith("Fold ")
    folded = click(us, state, picked[0], "fold-group")
    assert folded.more == state.more[1:]
    assert set(visible_graph(us, folded).graph) == set(
        visible_graph(us, DEFAULT.replace(more=list(state.more[1:]))).graph)


def test_a_group_whose_anchor_is_gone_draws_nothing_and_says_so(us):
    view = visible_graph(us, DEFAULT)
    leaf = next(n for n in reversed(tuple(view.graph))
                if us.graph.nodes[n]["tier"] == "organization")
    stale = DEFAULT.replace(more=[f"{leaf}~job~1"])  # a group that is not in this view
    shown = visible_graph(us, stale)
    assert set(shown.graph) == set(view.graph)
    assert "no longer in this view" in shown.asked or shown.outcomes[-1].asked > 0


# -- the property, on random small graphs


@st.composite
def folds_and_clicks(draw):
    """Draw a graph, a cap and a sequence of clicks: (group index, or "Make room" for
    the last group clicked)."""
    G = draw(tiered_graphs(max_per_tier=7, max_edges=60))
    cap = draw(st.integers(1, 3 * (G.number_of_nodes() + G.number_of_edges()) // 4 + 2))
    page, more = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    clicks = draw(st.lists(st.tuples(st.integers(0, 50), st.booleans()), max_size=5))
    return G, cap, page, more, clicks


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folds_and_clicks())
def test_expanding_never_removes_a_drawn_node_and_counts_stay_true(case):
    G, cap, page, more, clicks = case
    asked: list[Expansion] = []
    fold = aggregate(G, cap, page=page, more=more)
    for index, room in clicks:
        if not fold.groups:
            break
        if room and asked and not asked[-1].room:  # "Make room" for the last click
            last = asked[-1]
            asked[-1] = Expansion(last.anchor, last.tier, last.pages, room=True)
        else:
            group = fold.groups[index % len(fold.groups)]
            asked.append(Expansion(group.anchor, group.tier))
        after = aggregate(G, cap, page=page, more=more, pages=asked)
        before, now = set(fold.nodes), set(after.nodes)
        outcome = after.outcomes[-1]
        if not outcome.expansion.room:
            assert before <= now, f"{outcome.expansion.id} took away {sorted(before - now)}"
            assert now - before == set(outcome.drawn) and outcome.folded == ()
        else:  # only what it folds leaves, never the group's anchor
            assert before - now <= set(outcome.folded)
            anchor = outcome.expansion.anchor
            assert anchor is None or anchor in now or anchor not in before
        # Counts stay truthful: each member hidden once, "+N" is the number of members.
        members = [m for g in after.groups for m in g.members]
        assert len(members) == len(set(members)) and not now & set(members)
        assert len(now) + after.hidden == G.number_of_nodes()
        for g in after.groups:
            assert g.count == len(g.members) and g.label.startswith(f"+{g.count} ")
            assert g.anchor is None or g.anchor in now
            kids = [n for n in G if after.parent[n] == g.anchor
                    and G.nodes[n]["tier"] == g.tier]
            assert set(g.members) == {n for n in kids if n not in now}
        used = (len(after.nodes) + len(after.edges)
                + sum(2 if g.anchor is not None else 1 for g in after.groups))
        floor = len({G.nodes[n]["tier"] for n in G if after.parent[n] is None})
        assert used <= max(cap, floor)
        # The same requests fold the same way.
        assert aggregate(G, cap, page=page, more=more, pages=list(asked)) == after
        fold = after
