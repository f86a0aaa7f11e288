"""The explorer's callbacks, called as plain functions on the tiny dataset, and the app factory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from dash import html, no_update
from dash.exceptions import PreventUpdate

import app as app_module
from explorer import controller, details, filters, graphview, history, search
from explorer.context import Context
from explorer.fragment import decode
from explorer.settings import resolve
from explorer.state import DEFAULT, ViewState
from explorer.view import WHOLE_VIEW, elements, visible_graph
from graph.build import load_graph
from graph.schema import NEED_IDS

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ctx():
    tiny = REPO / "tests" / "fixtures" / "tiny"
    return Context.build(load_graph(tiny), resolve({"data": tiny}, environ={}))


def small_ctx(ctx, cap):
    """A context on the same graph with another element cap."""
    return Context.build(ctx.graph, resolve({"data": ctx.settings.data, "element_cap": cap},
                                            environ={}))


def texts(component) -> list[str]:
    """Every string inside a Dash component tree, in order."""
    out = []

    def walk(c):
        if c is None:
            return
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
        elif hasattr(c, "children"):
            walk(c.children)

    walk(component)
    return out


def shown(encoded: str) -> list[str]:
    """Every text node of a fragment's JSON (`explorer.fragment.encode`), in order."""
    out = []

    def walk(item):
        if isinstance(item, str):
            out.append(item)
        else:
            for child in item[2:]:
                walk(child)

    for item in json.loads(encoded):
        walk(item)
    return out


def find(component, predicate) -> list:
    """Every component in a tree for which predicate(component) is true, those a
    fragment shows in the browser included."""
    found = []

    def walk(c):
        if isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
        elif hasattr(c, "to_plotly_json"):
            if predicate(c):
                found.append(c)
            walk(getattr(c, "children", None))
            walk(decode(c))

    walk(component)
    return found


def goto_ids(component) -> list[str]:
    """Node ids of the "move there" buttons in a tree (their data-node attribute)."""
    return [getattr(b, "data-node") for b in find(
        component, lambda c: isinstance(c, html.Button) and getattr(c, "data-node", None))]


def action_buttons(component, action: str) -> list:
    """The buttons of a tree whose click asks the controller for ``action`` (data-action)."""
    return find(component, lambda c: isinstance(c, html.Button)
                and getattr(c, "data-action", None) == action)


def nav_request(button, ts: int = 1) -> dict:
    """The ``nav-request`` a click on ``button`` writes in the page (assets/explorer.js:
    a ``button[data-node]`` sends its node and its data-action, "select" without one)."""
    assert getattr(button, "type", None) == "button"  # Enter and Space click it
    return {"node": getattr(button, "data-node"),
            "action": getattr(button, "data-action", None) or "select", "ts": ts}


# Controller: one event at a time -------------------------------------------------------

@pytest.mark.parametrize("event, value, start, check", [
    ("needs", ["learning", "family"], DEFAULT, lambda s: s.needs == ("family", "learning")),
    ("needs", [], DEFAULT, lambda s: s.needs == ()),
    ("needs", None, DEFAULT, lambda s: s.needs == ()),
    ("tiers", ["job", "need"], DEFAULT, lambda s: s.tiers == ("need", "job")),
    ("depth", 3, DEFAULT, lambda s: s.depth == 3),
    ("depth", 42, DEFAULT, lambda s: s.depth == 4),
    ("layout", "circle", DEFAULT, lambda s: s.layout == "circle"),
    ("layout", "bogus", DEFAULT.replace(layout="force"), lambda s: s.layout == "web"),
    ("tap", {"id": "chef", "label": "Chef", "timeStamp": 1}, DEFAULT, lambda s: s.selected == "chef"),
    ("tap", {"id": "ghost"}, DEFAULT, lambda s: s == DEFAULT),
    ("tap", None, DEFAULT, lambda s: s == DEFAULT),
    ("tap", {"id": "chef"}, DEFAULT.replace(selected="chef", path_to="family"),
     lambda s: s.selected == "chef" and s.path_to is None),
    ("nav", {"node": "loan-officer", "action": "focus", "ts": 1}, DEFAULT,
     lambda s: s.focus == s.selected == "loan-officer"),
    ("nav", {"node": "chef", "action": "select", "ts": 1}, DEFAULT,
     lambda s: s.selected == "chef" and s.focus is None),
    # Selecting a node the current view does not draw focuses it, so it appears.
    ("nav", {"node": "chef", "action": "select", "ts": 1},
     DEFAULT.replace(needs=["family"], tiers=["need"]), lambda s: s.focus == "chef"),
    ("nav", {"node": "ghost", "action": "select"}, DEFAULT, lambda s: s == DEFAULT),
    ("nav", "chef", DEFAULT, lambda s: s == DEFAULT),
    ("focus", 1, DEFAULT.replace(selected="chef"), lambda s: s.focus == "chef"),
    ("focus", 1, DEFAULT, lambda s: s == DEFAULT),
    ("unfocus", 1, DEFAULT.replace(focus="chef", selected="chef"),
     lambda s: s.focus is None and s.selected == "chef"),
    ("path_to", "loan-officer", DEFAULT.replace(selected="chef"), lambda s: s.path_to == "loan-officer"),
    ("path_to", "loan-officer", DEFAULT, lambda s: s.path_to is None),
    ("path_to", None, DEFAULT.replace(selected="chef", path_to="family"), lambda s: s.path_to is None),
    ("url", "?needs=learning&focus=chef&node=ghost", DEFAULT,
     lambda s: s.needs == ("learning",) and s.focus == "chef" and s.selected is None),
    ("url", None, DEFAULT.replace(depth=3), lambda s: s == DEFAULT),
    ("reset", 1, ViewState(needs=("family",), focus="chef", depth=3), lambda s: s == DEFAULT),
])
def test_reduce_one_event(ctx, event, value, start, check):
    state, _ = controller.reduce(ctx, start, history.EMPTY, event, value)
    assert isinstance(state, ViewState)
    assert check(state), state


def test_a_breadcrumb_request_moves_to_that_visit(ctx):
    s, h = DEFAULT, history.EMPTY
    for node in ["chef", "line-cook"]:
        s, h = controller.reduce(ctx, s, h, "tap", {"id": node})
    out = controller.on_change(ctx, _inputs(crumb={"index": 0, "ts": 9}), s.to_dict(), h,
                               "crumb-request")
    assert ViewState.from_dict(out["state"]).selected == "chef"
    assert out["history"]["index"] == 0 and out["back_disabled"] is True


def test_visits_feed_history_and_back_forward_crumbs_move_through_them(ctx):
    s, h = DEFAULT, history.EMPTY
    for node in ["chef", "line-cook", "food-services"]:
        s, h = controller.reduce(ctx, s, h, "tap", {"id": node})
    assert [e["selected"] for e in h["entries"]] == ["chef", "line-cook", "food-services"]
    s, h = controller.reduce(ctx, s, h, "back", 1)
    assert s.selected == "line-cook"
    s, h = controller.reduce(ctx, s, h, "back", 2)
    assert s.selected == "chef"
    s, h = controller.reduce(ctx, s, h, "forward", 1)
    assert s.selected == "line-cook"
    s, h = controller.reduce(ctx, s, h, "crumb", 2)
    assert s.selected == "food-services"
    s, h = controller.reduce(ctx, s, h, "reset", 1)
    assert s == DEFAULT and h == history.EMPTY


@pytest.mark.parametrize("event, value", [
    ("focus", 1),  # the details' "Focus here"
    ("nav", {"node": "chef", "action": "focus"}),
])
def test_focusing_the_selected_node_is_not_a_new_visit(ctx, event, value):
    s, h = controller.reduce(ctx, DEFAULT, history.EMPTY, "tap", {"id": "chef"})
    s, h = controller.reduce(ctx, s, h, event, value)
    assert s.focus == "chef" and h["entries"] == [{"selected": "chef", "focus": "chef"}]
    assert [c.children for c in history.breadcrumb(ctx.graph, h)] == ["Chef"]  # not Chef > Chef
    s, h = controller.reduce(ctx, s, h, "unfocus", 1)
    assert h["entries"] == [{"selected": "chef", "focus": None}]


def test_the_browser_back_button_moves_the_trail_with_it(ctx):
    s, h = DEFAULT, history.EMPTY
    for node in ["electrician", "chef", "line-cook"]:
        s, h = controller.reduce(ctx, s, h, "tap", {"id": node})
    # The browser's Back twice: the URL says electrician, so the trail stands there too.
    for query, index in (("?node=chef", 1), ("?node=electrician", 0)):
        out = controller.on_change(ctx, _inputs(url=query), s.to_dict(), h, "url")
        s, h = ViewState.from_dict(out["state"]), out["history"]
        assert h["index"] == index and s.selected == h["entries"][index]["selected"]
    assert (out["back_disabled"], out["forward_disabled"]) == (True, False)
    current = [c for c in out["crumbs"] if "current" in c.className]
    assert [c.children for c in current] == ["Electrician"]
    # The app's Forward then goes where the browser's Forward would.
    s, h = controller.reduce(ctx, s, h, "forward", 1)
    assert s.selected == "chef"
    # Back past the first visit: no node shown, none current, Forward still possible.
    out = controller.on_change(ctx, _inputs(url=""), s.to_dict(), h, "url")
    assert out["history"]["index"] == -1
    assert (out["back_disabled"], out["forward_disabled"]) == (True, False)


def test_a_shared_node_address_starts_the_trail_with_that_node(ctx):
    out = controller.on_change(ctx, _inputs(url="?node=chef"), DEFAULT.to_dict(), history.EMPTY,
                               None)
    assert out["history"]["entries"] == [{"selected": "chef", "focus": None}]
    assert [c.children for c in out["crumbs"]] == ["Chef"]
    tap = controller.on_change(ctx, _inputs(tap={"id": "line-cook"}), out["state"],
                               out["history"], "graph")
    assert [c.children for c in tap["crumbs"]] == ["Chef", "Line cook"]
    assert tap["back_disabled"] is False


def test_same_node_tapped_again_after_moving_away_is_selected_again(ctx):
    s, h = controller.reduce(ctx, DEFAULT, history.EMPTY, "tap", {"id": "chef", "timeStamp": 1})
    s, h = controller.reduce(ctx, s, h, "tap", {"id": "line-cook", "timeStamp": 2})
    s, h = controller.reduce(ctx, s, h, "tap", {"id": "chef", "timeStamp": 3})
    assert s.selected == "chef"
    assert [e["selected"] for e in h["entries"]] == ["chef", "line-cook", "chef"]


def _inputs(**values):
    base = {k: None for k in ("url", "needs", "tiers", "depth", "layout", "nav", "tap", "back",
                              "forward", "reset", "crumb", "focus", "unfocus", "path_to")}
    base.update(values)
    return base


@pytest.mark.parametrize("trigger, values, url_written, controls_synced", [
    (None, {"url": "?needs=family&layout=circle"}, False, True),  # first load reads the URL
    ("url", {"url": "?depth=2"}, False, True),  # browser back/forward
    ("need-picker", {"needs": ["family"]}, True, False),
    ("tier-toggles", {"tiers": ["need"]}, True, False),
    ("layout-picker", {"layout": "hierarchy"}, True, False),
    ("graph", {"tap": {"id": "chef"}}, True, False),
    ("reset", {"reset": 1}, False, True),  # default state: URL "" already
])
def test_controller_outputs_write_url_or_controls_never_both_loops(ctx, trigger, values,
                                                                    url_written, controls_synced):
    out = controller.on_change(ctx, _inputs(**values), DEFAULT.to_dict(), history.EMPTY, trigger,
                               current_search="")
    assert set(out) == {"state", "history", "url", "needs", "tiers", "depth", "layout", "colour",
                        "path_to",
                        "path_options", "details", "crumbs", "back_disabled", "forward_disabled",
                        "url_notice", "elements", "graph_layout", "status", "cap_notice", "centre",
                        "drawn"}
    state = ViewState.from_dict(out["state"])
    assert (out["url"] is not no_update) == url_written
    if url_written:
        assert out["url"] == state.to_query() and ViewState.from_query(out["url"]) == state
    assert (out["needs"] is not no_update) == controls_synced
    if controls_synced:
        assert out["needs"] == list(state.needs) and out["layout"] == state.layout
        assert out["colour"] == state.colour
    json.dumps(out["state"]), json.dumps(out["history"])


@pytest.mark.parametrize("query, words", [
    ("?node=doesnotexist", ['node "doesnotexist"', "no node is selected"]),
    ("?needs=foo", ['needs "foo"', "every need is shown"]),
    ("?focus=", ['focus ""', "whole graph"]),
    ("?without=", ['without ""', "nothing is taken away"]),
])
def test_an_address_not_understood_says_what_is_shown_instead(ctx, query, words):
    out = controller.on_change(ctx, _inputs(url=query), DEFAULT.to_dict(), history.EMPTY, None)
    assert out["url_notice"].startswith("Not understood in the address")
    assert all(w in out["url_notice"] for w in words), out["url_notice"]
    assert ViewState.from_dict(out["state"]) == DEFAULT  # what is shown instead
    tap = controller.on_change(ctx, _inputs(tap={"id": "chef"}), out["state"], out["history"],
                               "graph")
    assert tap["url_notice"] == []  # said until the view changes


def test_needs_that_name_no_need_do_not_say_none_is_chosen(ctx):
    out = controller.on_change(ctx, _inputs(url="?needs=foo"), DEFAULT.to_dict(), history.EMPTY,
                               None)
    assert "No need is chosen" not in graphview.render(ctx, out["state"])[2]


def test_the_first_call_on_the_plain_address_changes_nothing_a_shared_one_does(ctx):
    drawn = graphview.drawn_key(DEFAULT)
    # The page is served with the default view drawn: no output to write, no re-render.
    assert controller.on_change(ctx, _inputs(url="", drawn=drawn), DEFAULT.to_dict(),
                                history.EMPTY, None) is None
    shared = controller.on_change(ctx, _inputs(url="?node=chef", drawn=drawn), DEFAULT.to_dict(),
                                  history.EMPTY, None)
    assert ViewState.from_dict(shared["state"]).selected == "chef"
    assert "Chef" in shown(shared["details"])
    # Back to the plain address later (not the first call) still redraws what it shows.
    back = controller.on_change(ctx, _inputs(url="", drawn=drawn), shared["state"],
                                shared["history"], "url")
    assert ViewState.from_dict(back["state"]).selected is None
    assert "Click a node" in " ".join(shown(back["details"]))


def test_a_tap_returns_the_details_in_the_same_reply(ctx):
    out = controller.on_change(ctx, _inputs(tap={"id": "chef", "timeStamp": 1}), DEFAULT.to_dict(),
                               history.EMPTY, "graph")
    assert "Chef" in shown(out["details"])  # the panel, sent as one fragment
    same = controller.on_change(ctx, _inputs(tap={"id": "chef", "timeStamp": 2}), out["state"],
                                out["history"], "graph")
    assert [c.children for c in out["crumbs"]] == ["Chef"]
    assert (out["back_disabled"], out["forward_disabled"]) == (True, True)
    assert same["details"] is no_update and same["crumbs"] is no_update  # nothing re-sent


def test_a_path_end_from_the_url_comes_with_its_option_for_the_picker(ctx):
    out = controller.on_change(ctx, _inputs(url="?node=line-cook&path=family"), None,
                               history.EMPTY, None)
    assert out["path_to"] == "family"
    assert [(o["id"], o["label"]) for o in out["path_options"]] == [("family", "Family")]


@pytest.mark.parametrize("start, trigger, values, written", [
    (DEFAULT, "graph", {"tap": {"id": "chef"}}, False),  # nothing to clear
    (DEFAULT.replace(selected="chef", path_to="family"), "graph", {"tap": {"id": "line-cook"}}, True),
    (DEFAULT, "path-to", {"path_to": "family"}, True),  # no node selected: the choice is undone
    (DEFAULT.replace(selected="chef"), "path-to", {"path_to": "family"}, False),
])
def test_path_picker_rewritten_only_when_it_would_change(ctx, start, trigger, values, written):
    out = controller.on_change(ctx, _inputs(**values), start.to_dict(), history.EMPTY, trigger)
    assert (out["path_to"] is not no_update) == written
    if written:
        assert out["path_to"] == ViewState.from_dict(out["state"]).path_to


def test_pickers_changed_together_apply_both(ctx):
    out = controller.on_change(ctx, _inputs(needs=["learning"], tiers=["need", "profession"]),
                               DEFAULT.to_dict(), history.EMPTY, ["need-picker", "tier-toggles"])
    state = ViewState.from_dict(out["state"])
    assert state.needs == ("learning",) and state.tiers == ("need", "profession")
    assert out["url"] == "?needs=learning&tiers=need,profession"


def test_url_among_several_triggers_decides_alone(ctx):
    out = controller.on_change(ctx, _inputs(url="?depth=3", needs=["learning"]),
                               DEFAULT.to_dict(), history.EMPTY, ["need-picker", "url"])
    assert ViewState.from_dict(out["state"]) == DEFAULT.replace(depth=3)


@pytest.mark.parametrize("trigger, values", [
    ("back", {"back": None}), ("forward", {"forward": None}), ("reset", {"reset": 0}),
    ("details-focus", {"focus": None}), ("crumb-request", {"crumb": None}),
    ("crumb-request", {"crumb": {"index": "0"}}),
])
def test_buttons_appearing_without_a_click_change_nothing(ctx, trigger, values):
    assert controller.on_change(ctx, _inputs(**values), DEFAULT.to_dict(), history.EMPTY,
                                trigger) is None


# Graph view -----------------------------------------------------------------------------

def test_render_draws_exactly_the_visible_graph_and_says_so(ctx):
    state = DEFAULT.replace(needs=["health-and-well-being", "leisure"], tiers=["need", "profession", "job"])
    els, layout, status, notice, centre = graphview.render(ctx, state.to_dict())
    notice = decode(notice)
    view = visible_graph(ctx, state)
    drawn = {e["data"]["id"] for e in els if "source" not in e["data"] and "ring" not in e["classes"]}
    assert drawn == set(view.graph) and drawn
    edges = {e["data"]["id"] for e in els if "source" in e["data"]}
    assert edges == {f"{u}->{v}" for u, v in view.graph.edges}
    assert status == f"Showing {len(drawn)} of {ctx.graph.number_of_nodes()} nodes, 2 needs, 3 tiers"
    assert layout["name"] == "preset" and notice == [] and centre is None
    assert all("position" in e for e in els if "source" not in e["data"])


@pytest.mark.parametrize("change, words", [
    (dict(needs=[]), "No need is chosen"),
    (dict(tiers=[]), "No tier is chosen"),
])
def test_empty_selection_says_what_to_do(ctx, change, words):
    els, _, status, notice, _ = graphview.render(ctx, DEFAULT.replace(**change).to_dict())
    assert els == [] and status.startswith("Showing 0 of ")
    assert words in " ".join(texts(decode(notice)))


def test_hidden_tiers_are_bridged_with_dashed_class(ctx):
    els, *_ = graphview.render(ctx, DEFAULT.replace(tiers=["need", "job"]).to_dict())
    bridged = [e for e in els if "source" in e["data"]]
    assert bridged and all("bridged" in e["classes"].split() for e in bridged)
    assert {("line-cook", "leisure"), ("staff-nurse", "health-and-well-being")} <= {
        (e["data"]["source"], e["data"]["target"]) for e in bridged}


@pytest.mark.parametrize("layout", ["web", "hierarchy", "force", "circle"])
def test_every_layout_places_every_node_and_only_web_has_ring_guides(ctx, layout):
    els, lay, *_ = graphview.render(ctx, DEFAULT.replace(layout=layout).to_dict())
    nodes = [e for e in els if "source" not in e["data"]]
    rings = [e for e in nodes if "ring" in e["classes"].split()]
    assert (len(rings) > 0) == (layout == "web")
    real = [e for e in nodes if e not in rings]
    assert len(real) == ctx.graph.number_of_nodes()
    assert len({(e["position"]["x"], e["position"]["y"]) for e in real}) == len(real)
    assert layout in lay["view"]


def test_page_is_served_with_the_default_view_drawn_and_not_sent_twice(ctx, dash_app):
    ids = _ids(dash_app.layout)
    drawn = {e["data"]["id"] for e in ids["graph"].elements if "ring" not in e["classes"].split()}
    assert drawn == set(visible_graph(dash_app_ctx_graph(dash_app), DEFAULT).graph) | {
        f"{u}->{v}" for u, v in visible_graph(dash_app_ctx_graph(dash_app), DEFAULT).graph.edges}
    assert ids["status"].children.startswith("Showing ")
    with pytest.raises(PreventUpdate):
        graphview.update(ctx, DEFAULT.to_dict(), ids["graph-drawn"].data)
    with pytest.raises(PreventUpdate):  # a selection alone is drawn by the browser
        graphview.update(ctx, DEFAULT.replace(selected="chef").to_dict(), ids["graph-drawn"].data)
    out = graphview.update(ctx, DEFAULT.replace(layout="circle").to_dict(), ids["graph-drawn"].data)
    assert out[-1] != ids["graph-drawn"].data and len(out) == 6


def test_a_filter_change_is_drawn_in_the_same_reply_and_a_tap_is_not_redrawn(ctx):
    drawn = graphview.drawn_key(DEFAULT)
    out = controller.on_change(ctx, {**_inputs(needs=["leisure"]), "drawn": drawn},
                               DEFAULT.to_dict(), history.EMPTY, "need-picker")
    ids = {e["data"]["id"] for e in out["elements"]}
    assert "leisure" in ids and "family" not in ids
    assert out["status"].startswith("Showing ") and out["drawn"] != drawn
    tap = controller.on_change(ctx, {**_inputs(tap={"id": "chef"}), "drawn": drawn},
                               DEFAULT.to_dict(), history.EMPTY, "graph")
    assert all(tap[k] is no_update for k in ("elements", "graph_layout", "status", "drawn"))
    assert tap["state"]["selected"] == "chef"


def dash_app_ctx_graph(dash_app):
    """The tiny graph the test app was built on."""
    return load_graph(REPO / "tests" / "fixtures" / "tiny")


def test_layout_is_rerun_when_the_drawn_nodes_change_but_not_for_a_selection(ctx):
    a = graphview.layout_of(DEFAULT)
    assert graphview.layout_of(DEFAULT.replace(selected="chef")) == a
    for change in [dict(needs=["family"]), dict(tiers=["need"]), dict(focus="chef"),
                   dict(depth=2), dict(layout="circle"), dict(selected="chef", path_to="family")]:
        assert graphview.layout_of(DEFAULT.replace(**change)) != a, change


def test_focus_centres_the_focused_node_and_marks_it(ctx):
    state = DEFAULT.replace(focus="loan-officer", selected="loan-officer", depth=1)
    els, _, status, _, centre = graphview.render(ctx, state.to_dict())
    assert centre["node"] == "loan-officer" and centre["count"] == len(els)
    assert "around Loan officer (depth 1)" in status
    cls = {e["data"]["id"]: e["classes"].split() for e in els}
    assert "focus-node" in cls["loan-officer"]
    # The selection is highlighted by the browser, so selecting needs no new elements.
    assert not any("selected-node" in c for c in cls.values())
    with pytest.raises(PreventUpdate):
        graphview.update(ctx, state.replace(selected="accountant").to_dict(),
                         graphview.drawn_key(state))
    assert set(cls) >= {"accountant", "jpmorgan-chase"}
    assert "chef" not in cls


@pytest.mark.parametrize("cap", [1, 5, 12, 30, 60])
def test_element_cap_is_never_exceeded_and_says_how_to_narrow(ctx, cap):
    small = small_ctx(ctx, cap)
    els, _, status, notice, _ = graphview.render(small, DEFAULT.to_dict())
    notice = decode(notice)  # fragment JSON: the components the browser builds
    real = [e for e in els if "ring" not in e.get("classes", "").split()]
    total = ctx.graph.number_of_nodes() + ctx.graph.number_of_edges()
    assert len(real) <= cap
    if cap < total:
        words = " ".join(texts(notice))
        assert f"more than the {cap:,} elements" in words and "focus on a node" in words
        hide = find(notice, lambda c: getattr(c, "data-narrow", None))
        assert [getattr(b, "data-narrow") for b in hide] == ["job", "organization"]
        assert [b.children for b in hide] == ["Hide positions/jobs", "Hide organizations"]
        assert all(b.type == "button" for b in hide)


@pytest.mark.parametrize("cap", [1, 3, 5, 12, 30, 60, 200])
@pytest.mark.parametrize("state", [
    DEFAULT,
    DEFAULT.replace(needs=["family", "learning"]),
    DEFAULT.replace(tiers=["need", "profession", "job"]),
    DEFAULT.replace(tiers=["job"]),
    DEFAULT.replace(focus="chef", depth=2),
])
def test_beyond_the_cap_every_node_is_drawn_or_counted_in_one_group(ctx, cap, state):
    view = visible_graph(small_ctx(ctx, cap), state)
    drawn = set(view.graph)
    members = [m for g in view.groups for m in g.members]
    assert not drawn & set(members) and len(members) == len(set(members))
    # The status line's numbers add up: drawn + hidden in groups = what the filters match.
    assert len(drawn) + view.hidden_nodes == view.matched_nodes
    assert all(g.anchor is None or g.anchor in drawn for g in view.groups)
    els = [e for e in elements(view, "web") if "ring" not in e["classes"].split()]
    # A view barely over the cap is drawn whole; a bigger one is folded to the cap.
    assert len(els) <= (cap if view.truncated else cap * WHOLE_VIEW)
    assert view.truncated == (view.matched_nodes + view.matched_edges > cap * WHOLE_VIEW)
    shown = {e["data"]["id"]: e for e in els}
    for g in view.groups:
        assert g.label in shown[g.id]["data"]["label"] and "group" in shown[g.id]["classes"]
    if view.groups:
        assert f"{view.hidden_nodes:,} more in" in view.message


def test_a_tap_on_a_group_draws_more_of_it_and_a_new_filter_folds_it_again(ctx):
    small = small_ctx(ctx, 40)
    view = visible_graph(small, DEFAULT)
    group = max((g for g in view.groups if g.anchor), key=lambda g: g.count)
    out = controller.on_change(small, {"tap": {"id": group.id}}, DEFAULT.to_dict(), None, "graph")
    state = ViewState.from_dict(out["state"], ctx.graph)
    assert state.more and out["url"] == state.to_query() and "more=" in out["url"]
    # Every element is in use: nothing is drawn in their place without asking, and the
    # notice says so and offers to make room.
    asked = visible_graph(small, state)
    assert set(asked.graph) == set(view.graph) and not asked.revealed
    assert "nothing drawn is taken away without asking" in asked.asked and asked.room
    out = controller.on_change(small, {"nav": {"node": group.id, "action": "make-room"}},
                               out["state"], None, "nav-request")
    state = ViewState.from_dict(out["state"], ctx.graph)
    assert state.more[-1].endswith("~room") and "~room" in out["url"]
    after = visible_graph(small, state)
    newly = set(after.graph) - set(view.graph)
    # The group's first members (the heaviest) are drawn now; the rest stay counted.
    assert group.members[0] in newly
    # Exactly the nodes the offer named went back into their groups.
    assert set(view.graph) - set(after.graph) == set(asked.room)
    # What the click brought in is highlighted, so the user sees where it went.
    classes = {e["data"]["id"]: e["classes"].split() for e in elements(after, "web")}
    assert {n for n, c in classes.items() if "revealed" in c} == newly
    still = [g for g in after.groups if g.id == group.id]
    assert not still or still[0].count < group.count
    again = controller.on_change(small, {"needs": ["family"]}, out["state"], None, "need-picker")
    assert ViewState.from_dict(again["state"]).more == ()


@pytest.mark.parametrize("node", ["chef", "group:chef:job", "nope"])
def test_a_tap_through_the_nav_request_is_a_tap(ctx, node):
    """The page sends graph taps through the nav-request store: same outcome as a tap."""
    state = DEFAULT.replace(needs=["leisure"])
    via_nav = controller.on_change(ctx, {"nav": {"node": node, "action": "tap", "ts": 1}},
                                   state.to_dict(), None, "nav-request")
    via_tap = controller.on_change(ctx, {"tap": {"id": node}}, state.to_dict(), None, "graph")
    assert via_nav["state"] == via_tap["state"] and via_nav["history"] == via_tap["history"]


def test_an_expansion_with_no_room_left_says_so(ctx):
    # Jobs alone: every job is a root, so the cap is spent on them and a click cannot add.
    small = small_ctx(ctx, 3)
    state = DEFAULT.replace(tiers=["job"])
    view = visible_graph(small, state)
    group = view.groups[0]
    after = visible_graph(small, state.expand(group.anchor, group.tier))
    assert set(after.graph) == set(view.graph) and not after.revealed
    assert "Drew 0 of the" in after.asked and "3 elements are in use" in after.asked


def test_show_more_buttons_name_the_biggest_groups_and_expand_them(ctx):
    small = small_ctx(ctx, 30)
    view = visible_graph(small, DEFAULT)
    *_, notice, _ = graphview.render(small, DEFAULT.to_dict())
    buttons = action_buttons(decode(notice), "expand")
    by_id = {g.id: g for g in view.groups}
    biggest = [by_id[getattr(b, "data-node")] for b in buttons]
    # The buttons offer the groups hiding the most nodes, biggest first, by their label.
    assert buttons and [g.hidden for g in biggest] == sorted(
        (g.hidden for g in view.groups), reverse=True)[:len(buttons)]
    assert all(b.children.startswith(g.label) for b, g in zip(buttons, biggest))
    request = nav_request(buttons[0])
    out = controller.on_change(small, {"nav": request}, DEFAULT.to_dict(), None, "nav-request")
    anchor, tier = biggest[0].anchor, biggest[0].tier
    assert ViewState.from_dict(out["state"]).pages(anchor, tier) == 1


def test_views_differing_only_in_selection_share_one_computation(ctx):
    a = visible_graph(ctx, DEFAULT.replace(needs=["family"], selected="chef"))
    b = visible_graph(ctx, DEFAULT.replace(needs=["family"], selected="line-cook"))
    assert a.graph is b.graph
    assert (a.state.selected, b.state.selected) == ("chef", "line-cook")
    with_path = visible_graph(ctx, DEFAULT.replace(needs=["family"], selected="chef",
                                                   path_to="family"))
    assert with_path.graph is not a.graph and with_path.path[0] == "chef"


def test_path_to_adds_and_highlights_the_path(ctx):
    # Family is outside the needs filter: the path brings it (and food services) into view.
    state = DEFAULT.replace(needs=["leisure"], tiers=["need", "profession", "job"],
                            selected="line-cook", path_to="family")
    els, *_ = graphview.render(ctx, state.to_dict())
    view = visible_graph(ctx, state)
    assert view.path == ("line-cook", "chef", "food-services", "family")
    on_path = {e["data"]["id"] for e in els if "on-path" in e["classes"].split()}
    assert set(view.path) <= on_path
    assert sum(1 for i in on_path if "->" in i) == len(view.path) - 1


# Details ----------------------------------------------------------------------------------

def test_details_of_a_job_show_attributes_proof_chains_and_neighbours(ctx):
    children = details.render(ctx, DEFAULT.replace(selected="loan-officer").to_dict())
    words = texts(children)
    joined = " ".join(words)
    assert "Loan officer" in words and "Position/Job" in words
    assert " \u00b7 code 13-2072" in words
    assert ctx.graph.nodes["loan-officer"]["description"] in words
    assert "Needs it serves (1)" in words
    # The proof chain: loan officer -> accountant -> economic security, each a button.
    chain = find(children, lambda c: "chain" in (getattr(c, "className", "") or "").split())
    assert goto_ids(chain) == ["accountant", "economic-security"]
    assert "Professions/Trades (1)" in words and "Organizations (1)" in words
    assert {"accountant", "jpmorgan-chase"} <= set(goto_ids(children))
    assert "draws on" in joined and " (drawn on by this)" in words


def test_neighbour_relations_read_in_both_directions(ctx):
    words = texts(details.render(ctx, DEFAULT.replace(selected="accountant").to_dict()))
    assert " (draws on this)" in words  # the loan officer, a job drawing on accountancy
    assert " (served by this)" in words  # economic security
    assert " (where this is practised)" in words  # financial services


def test_details_of_a_need_list_what_serves_it_grouped_by_tier(ctx):
    children = details.render(ctx, DEFAULT.replace(selected="health-and-well-being").to_dict())
    words = texts(children)
    assert "Professions/Trades (1)" in words and "Industries (1)" in words
    assert {"registered-nurse", "health-care", "mount-sinai-hospital"} <= set(goto_ids(children))


def test_details_show_every_attribute_and_links_only_web_urls(ctx):
    G = ctx.graph.copy()
    G.nodes["chef"].update(url="javascript:alert(1)", employment=123456, credentials="ACF",
                           median_wage=97550)
    local = Context.build(G, ctx.settings)
    children = details.render(local, DEFAULT.replace(selected="chef").to_dict())
    words = texts(children)
    assert "javascript:alert(1)" in words  # shown as text ...
    assert not find(children, lambda c: isinstance(c, html.A))  # ... never as a link
    assert "123,456" in words and "ACF" in words and "Credentials" in words
    assert "$97,550" in words  # a wage is money, as in the links' notes
    G.nodes["chef"]["url"] = "https://www.bls.gov/ooh/"
    links = find(details.render(Context.build(G, ctx.settings), DEFAULT.replace(selected="chef").to_dict()),
                 lambda c: isinstance(c, html.A))
    assert [a.href for a in links] == ["https://www.bls.gov/ooh/"]


def test_hostile_label_is_text_not_markup(ctx):
    G = ctx.graph.copy()
    G.nodes["chef"]["label"] = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    local = Context.build(G, ctx.settings)
    children = details.render(local, DEFAULT.replace(selected="chef").to_dict())
    assert G.nodes["chef"]["label"] in texts(children)
    assert not find(children, lambda c: type(c).__name__ in ("Img", "Script", "Iframe"))


def test_details_path_section_and_placeholder(ctx):
    none = texts(details.render(ctx, None))
    assert any("Click a node" in w for w in none)
    words = texts(details.render(ctx, DEFAULT.replace(selected="line-cook", path_to="family").to_dict()))
    assert "Path to Family (3 links)" in words
    words = texts(details.render(ctx, DEFAULT.replace(selected="line-cook", path_to="loan-officer").to_dict()))
    assert "No path joins these two nodes." in words


# Search ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, first", [
    ("loan", "loan-officer"), ("Loan Officer", "loan-officer"), ("13-2072", "loan-officer"),
    ("nurse", None), ("electrican", None), ("habitat", "habitat-for-humanity"),
])
def test_search_suggests_by_label_alias_and_code(ctx, text, first):
    options = search.options_for(ctx, text)
    assert options, text
    assert all(o["id"] in ctx.graph for o in options)
    assert len({o["id"] for o in options}) == len(options)
    if first:
        assert options[0]["id"] == first
    assert all(ctx.graph.nodes[o["id"]]["label"] == o["label"] for o in options)


def test_search_ignores_blank_text(ctx):
    assert search.options_for(ctx, "   ") == [] and search.options_for(ctx, None) == []


def test_choosing_a_result_focuses_it_and_opens_the_details():
    assert search.nav_for("chef", now=2.0) == {"node": "chef", "action": "focus",
                                               "source": "search", "ts": 2.0}
    with pytest.raises(PreventUpdate):
        search.nav_for(None)


# Filters and history widgets --------------------------------------------------------------

def test_filter_shortcuts():
    assert filters.all_needs() == list(NEED_IDS) and filters.no_needs() == []


def test_breadcrumb_lists_visits_with_labels_and_marks_the_current_one(ctx):
    h = history.EMPTY
    for n in ["chef", "line-cook"]:
        h = history.push(h, DEFAULT.replace(selected=n))
    crumbs, back_disabled, forward_disabled = history.on_history(ctx.graph, h)
    assert [c.children for c in crumbs] == ["Chef", "Line cook"]
    assert [getattr(c, "data-crumb") for c in crumbs] == ["0", "1"]
    assert "current" in crumbs[-1].className and (back_disabled, forward_disabled) == (False, True)
    assert history.on_history(ctx.graph, history.EMPTY)[1:] == (True, True)


# The app --------------------------------------------------------------------------------------

CONTRACT_IDS = ["url", "view-state", "nav-request", "graph", "need-picker", "needs-all",
                "needs-none", "tier-toggles", "depth", "layout-picker", "status", "cap-notice",
                "details", "search-box", "path-to", "back", "forward", "reset", "breadcrumb",
                "export-format", "export-button", "export-download", "export-png", "export-svg",
                "coverage-heatmap", "node-table"]


def _ids(component) -> dict:
    out = {}
    for c in find(component, lambda c: isinstance(getattr(c, "id", None), str)):
        out[c.id] = c
    return out


@pytest.fixture(scope="module")
def dash_app():
    return app_module.create_app({"data": REPO / "tests" / "fixtures" / "tiny"})


def test_page_has_every_contract_id_once(dash_app):
    ids = _ids(dash_app.layout)
    missing = [i for i in CONTRACT_IDS if i not in ids]
    assert not missing
    graph = ids["graph"]
    assert graph.autoRefreshLayout is False and graph.layout["name"] == "preset"


def test_every_control_is_labelled(dash_app):
    layout = dash_app.layout
    label_for = {c.htmlFor for c in find(layout, lambda c: isinstance(c, html.Label))}
    fieldset_controls = set()
    for fs in find(layout, lambda c: isinstance(c, html.Fieldset)):
        if find(fs, lambda c: isinstance(c, html.Legend)):
            fieldset_controls |= set(_ids(fs))
    for cid in ["need-picker", "tier-toggles", "depth", "layout-picker", "colour-by"]:
        assert cid in label_for or cid in fieldset_controls, cid
    # The search boxes' inputs are built in the browser (assets/search.js) with these ids.
    boxes = [getattr(c, "data-input-id") for c in find(layout, lambda c: hasattr(c, "data-combobox"))]
    assert sorted(boxes) == ["compare-input", "org-search", "path-to-input", "search"]
    assert set(boxes) <= label_for
    for button in find(layout, lambda c: isinstance(c, html.Button)):
        assert texts(button.children) or getattr(button, "aria-label", None), button.id


def test_callbacks_never_take_elements_as_input_or_state(dash_app):
    for cb in dash_app.callback_map.values():
        for dep in cb["inputs"] + cb["state"]:
            assert not (dep["id"] == "graph" and dep["property"] == "elements")


def test_page_and_layout_are_served(dash_app):
    client = dash_app.server.test_client()
    page = client.get("/")
    assert page.status_code == 200 and b"Web of Work Explorer" in page.data
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and b'"need-picker"' in layout.data
    assert client.get("/assets/explorer.js").status_code == 200


def test_controller_round_trip_through_the_server(dash_app):
    """A tap posted the way the browser posts it comes back as the new state and URL."""
    client = dash_app.server.test_client()
    cb_id = next(k for k in dash_app.callback_map if "view-state.data" in k and "url.search" in k)
    spec = dash_app.callback_map[cb_id]
    values = {"graph": {"id": "chef", "label": "Chef", "timeStamp": 123}}
    inputs = []
    for dep in spec["inputs"]:
        if isinstance(dep["id"], str) and dep["id"].startswith("{"):
            inputs.append([])
        else:
            inputs.append({"id": dep["id"], "property": dep["property"],
                           "value": values.get(dep["id"])})
    state = [{"id": d["id"], "property": d["property"],
              "value": DEFAULT.to_dict() if d["id"] == "view-state" else history.EMPTY}
             for d in spec["state"]]
    body = {"output": cb_id, "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]}
                                         for o in cb_id.strip(".").split("...")],
            "inputs": inputs, "state": state, "changedPropIds": ["graph.tapNodeData"]}
    reply = client.post("/_dash-update-component", json=body)
    assert reply.status_code == 200, reply.data[:500]
    response = reply.get_json()["response"]
    assert response["view-state"]["data"]["selected"] == "chef"
    assert response["url"]["search"] == "?node=chef"


def test_bad_data_exits_2_with_the_problems_and_no_traceback(tmp_path):
    (tmp_path / "nodes.csv").write_text("id,label,tier,description\nx,X,guild,d\n", encoding="utf-8")
    (tmp_path / "edges.csv").write_text("source,target,relation\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "app.py", "--data", str(tmp_path), "--port", "0"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "nodes.csv:2" in run.stderr and "tier" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("argv, words", [
    (["--port", "eighty"], ["port", "'eighty'"]),
    (["--element-cap", "0"], ["element_cap", ">= 1"]),
])
def test_bad_options_exit_2_with_a_clear_message(argv, words, capsys):
    assert app_module.main(argv) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words) and "Traceback" not in err


def test_missing_data_folder_exits_2(tmp_path, capsys):
    assert app_module.main(["--data", str(tmp_path / "nowhere")]) == 2
    assert "nodes.csv" in capsys.readouterr().err


def test_server_attribute_is_created_lazily():
    import importlib
    fresh = importlib.reload(app_module)
    assert "server" not in vars(fresh)
    with pytest.raises(AttributeError):
        fresh.no_such_thing  # noqa: B018


def test_a_need_with_a_source_attribute_is_still_drawn_as_a_need():
    # The real-data edition has a "source" column on nodes; it must not make a node look
    # like an edge (needs lost their size and label mapping in the browser).
    G = nx.DiGraph()
    G.add_node("family", tier="need", label="Family", source="curated data/nodes.csv")
    G.add_node("nanny", tier="job", label="Nanny", source="SOC direct match")
    G.add_edge("nanny", "family", relation="serves")
    els = elements(visible_graph(G, DEFAULT), "web")
    need = next(e for e in els if e["data"]["id"] == "family")
    assert {"size", "font", "wrap"} <= set(need["data"])


# What if it went away? -------------------------------------------------------------------

SINAI = "mount-sinai-hospital"


@pytest.mark.parametrize("event, value, start, without", [
    ("whatif_add", None, DEFAULT.replace(selected=SINAI), (SINAI,)),  # the selected node
    ("whatif_add", "chef", DEFAULT.replace(without=[SINAI]), ("chef", SINAI)),
    ("whatif_add", None, DEFAULT, ()),  # nothing selected: nothing to add
    ("whatif_add", "ghost", DEFAULT, ()),
    ("whatif_add", ["chef"], DEFAULT, ()),  # a forged value
    ("whatif_drop", SINAI, DEFAULT.replace(without=["chef", SINAI]), ("chef",)),
    ("whatif_drop", "ghost", DEFAULT.replace(without=[SINAI]), (SINAI,)),
    ("whatif_clear", None, DEFAULT.replace(without=["chef", SINAI]), ()),
    ("nav", {"node": SINAI, "action": "whatif-add", "ts": 1}, DEFAULT, (SINAI,)),
    ("nav", {"node": SINAI, "action": "whatif-drop", "ts": 1}, DEFAULT.replace(without=[SINAI]),
     ()),
    ("nav", {"node": "", "action": "whatif-clear", "ts": 1}, DEFAULT.replace(without=[SINAI]),
     ()),
    ("url", f"?without={SINAI},ghost", DEFAULT, (SINAI,)),
    ("reset", 1, DEFAULT.replace(without=[SINAI]), ()),
])
def test_whatif_events_change_only_the_scenario(ctx, event, value, start, without):
    state, h = controller.reduce(ctx, start, history.EMPTY, event, value)
    assert state.without == without
    if event not in ("url", "reset"):
        assert state.replace(without=[]) == start.replace(without=[])  # nothing else moves
        assert h == history.EMPTY  # a scenario is not a visit


def test_what_if_this_went_away_round_trip_through_the_controller(ctx):
    selected = DEFAULT.replace(selected=SINAI)
    [button] = [b for b in find(details.render(ctx, selected.to_dict()),
                                lambda c: isinstance(c, html.Button))
                if getattr(b, "data-action", None) == "whatif-add"]
    assert button.children == "What if this went away?" and getattr(button, "data-node") == SINAI
    # The page's click handler turns the button into this nav-request.
    nav = {"node": SINAI, "action": "whatif-add", "ts": 1}
    out = controller.on_change(ctx, _inputs(nav=nav), selected.to_dict(), history.EMPTY,
                               "nav-request", current_search=selected.to_query())
    state = ViewState.from_dict(out["state"])
    assert state.without == (SINAI,) and out["url"] == f"?node={SINAI}&without={SINAI}"
    # The details now offer to bring it back; Undo clears the scenario.
    assert "Bring it back" in shown(out["details"])
    undo = {"node": "", "action": "whatif-clear", "ts": 2}
    out = controller.on_change(ctx, _inputs(nav=undo), out["state"], out["history"],
                               "nav-request", current_search=out["url"])
    assert ViewState.from_dict(out["state"]) == selected and out["url"] == f"?node={SINAI}"


def test_the_graph_marks_what_the_scenario_takes(ctx):
    state = DEFAULT.replace(without=[SINAI, "registered-nurse"])
    els, *_ = graphview.render(ctx, state.to_dict())
    cls = {e["data"]["id"]: e["classes"].split() for e in els}
    assert "removed" in cls[SINAI] and "removed" in cls["registered-nurse"]
    assert "removed" in cls[f"staff-nurse->{SINAI}"] and "removed" in cls[f"{SINAI}->hospitals"]
    assert "loses-need" in cls["staff-nurse"]  # its profession and organization both go
    assert "cover-lost" in cls["health-and-well-being"]  # no job reaches Health any more
    assert not any("removed" in c or "loses-need" in c or "cover-lost" in c
                   for e, c in cls.items() if e not in (SINAI, "registered-nurse", "staff-nurse",
                                                        "health-and-well-being") and "->" not in e)
    # The same nodes at the same places: the removed nodes stay drawn, crossed out.
    plain, *_ = graphview.render(ctx, DEFAULT.to_dict())
    assert [(e["data"]["id"], e.get("position")) for e in els] == \
        [(e["data"]["id"], e.get("position")) for e in plain]


def test_a_scenario_redraws_the_graph_without_a_new_view_or_layout(ctx):
    state = DEFAULT.replace(needs=["health-and-well-being"], without=[SINAI])
    plain = visible_graph(ctx, state.replace(without=[]))
    view = visible_graph(ctx, state)
    assert view.graph is plain.graph and view.scenario.removed == (SINAI,)
    assert plain.scenario is None
    key = graphview.drawn_key(state)
    assert key != graphview.drawn_key(state.replace(without=[]))
    assert graphview.layout_of(state) == graphview.layout_of(state.replace(without=[]))
    with pytest.raises(PreventUpdate):  # selecting in a scenario draws nothing new
        graphview.update(ctx, state.replace(selected="chef").to_dict(), key)
