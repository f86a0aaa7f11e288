"""ViewState (dict and URL round trips, lenient reading), settings, history and the view cache."""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from explorer import history
from explorer.context import LRUCache
from explorer.settings import SETTINGS, REPO_ROOT, SettingsError, build_parser, resolve
from explorer.state import DEFAULT, MAX_DEPTH, MIN_DEPTH, ViewState, unread
from graph.layout import LAYOUTS
from graph.schema import NEED_IDS, TIER_IDS

STATES = {
    "default": DEFAULT,
    "one need": ViewState(needs=("learning",)),
    "no needs": ViewState(needs=()),
    "no tiers": ViewState(tiers=()),
    "needs and jobs": ViewState(tiers=("need", "job")),
    "focus deep": ViewState(focus="loan-officer", depth=MAX_DEPTH),
    "hierarchy": ViewState(layout="hierarchy"),
    "selected with path": ViewState(selected="chef", path_to="loan-officer"),
    "everything": ViewState(needs=("family", "spirituality"), tiers=("profession", "industry"),
                            focus="chef", depth=2, layout="force", selected="line-cook",
                            path_to="family"),
    "odd id": ViewState(focus="a&b=c?d#e f/ü", selected="x,y"),
    "what if": ViewState(selected="chef", without=("chef", "mount-sinai-hospital")),
}


@pytest.mark.parametrize("name", list(STATES))
def test_dict_round_trip(name):
    state = STATES[name]
    assert ViewState.from_dict(state.to_dict()) == state


@pytest.mark.parametrize("name", list(STATES))
def test_query_round_trip(name):
    state = STATES[name]
    query = state.to_query()
    assert query == "" or query.startswith("?")
    assert "#" not in query and " " not in query
    assert ViewState.from_query(query) == state


@pytest.mark.parametrize("query, expected", [
    ("", DEFAULT),
    ("?", DEFAULT),
    ("needs=learning", ViewState(needs=("learning",))),
    ("?needs=", ViewState(needs=())),
    ("?needs=learning,nonsense,family", ViewState(needs=("family", "learning"))),
    # Ids are exact (the picker writes ids); only unknown ones show everything, not nothing.
    ("?needs=LEARNING", DEFAULT),
    ("?tiers=job,need,job", ViewState(tiers=("need", "job"))),
    ("?tiers=guild", DEFAULT),
    ("?depth=0", ViewState(depth=MIN_DEPTH)),
    ("?depth=99", ViewState(depth=MAX_DEPTH)),
    ("?depth=-3", ViewState(depth=MIN_DEPTH)),
    ("?depth=two", DEFAULT),
    ("?depth=2.7", ViewState(depth=2)),
    ("?layout=force", ViewState(layout="force")),
    ("?layout=cose", DEFAULT),
    ("?layout=", DEFAULT),
    ("?focus=", DEFAULT),
    ("?path=chef", DEFAULT),  # a path end without a selected node means nothing
    ("?node=chef&path=family", ViewState(selected="chef", path_to="family")),
    ("?depth=2&depth=3", ViewState(depth=3)),
    ("?unknown=1&needs=family", ViewState(needs=("family",))),
    ("?focus=" + "x" * 500, DEFAULT),
    ("?without=hospitals,chef,,chef", ViewState(without=("chef", "hospitals"))),
    ("?without=", DEFAULT),
])
def test_query_reading_is_lenient(query, expected):
    assert ViewState.from_query(query) == expected


@pytest.mark.parametrize("data", [None, [], "needs", 3, {"needs": 5}, {"needs": [None, 1]},
                                  {"depth": None}, {"depth": [2]}, {"layout": ["web"]},
                                  {"focus": {"id": "x"}}, {"selected": True}])
def test_garbage_dicts_give_a_valid_state(data):
    state = ViewState.from_dict(data)
    assert set(state.needs) <= set(NEED_IDS) and set(state.tiers) <= set(TIER_IDS)
    assert MIN_DEPTH <= state.depth <= MAX_DEPTH and state.layout in LAYOUTS
    assert state.focus is None or isinstance(state.focus, str)
    assert state.selected is None


def test_graph_drops_unknown_nodes():
    G = nx.DiGraph([("chef", "leisure")])
    state = ViewState.from_query("?focus=chef&node=ghost&path=leisure", G)
    assert state.focus == "chef" and state.selected is None and state.path_to is None
    assert ViewState(focus="ghost").with_graph(G).focus is None


def test_default_query_is_empty_and_only_changed_fields_are_written():
    assert DEFAULT.to_query() == ""
    assert ViewState(depth=2).to_query() == "?depth=2"
    assert DEFAULT.replace(layout="circle").to_query() == "?layout=circle"


def test_state_is_immutable_and_hashable():
    with pytest.raises(AttributeError):
        DEFAULT.depth = 3  # type: ignore[misc]
    assert len({DEFAULT, ViewState(), ViewState(depth=2)}) == 2


node_ids = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                   min_size=1, max_size=30).filter(lambda s: s.strip() == s)


@hsettings(max_examples=80, deadline=None)
@given(needs=st.lists(st.sampled_from(NEED_IDS), unique=True),
       tiers=st.lists(st.sampled_from(TIER_IDS), unique=True),
       focus=st.none() | node_ids, selected=st.none() | node_ids, path_to=st.none() | node_ids,
       depth=st.integers(MIN_DEPTH, MAX_DEPTH), layout=st.sampled_from(list(LAYOUTS)))
def test_any_state_survives_the_url(needs, tiers, focus, selected, path_to, depth, layout):
    state = ViewState.from_dict(dict(needs=needs, tiers=tiers, focus=focus, selected=selected,
                                     path_to=path_to, depth=depth, layout=layout))
    assert ViewState.from_query(state.to_query()) == state
    assert ViewState.from_dict(state.to_dict()) == state


# Settings -----------------------------------------------------------------------------

@pytest.mark.parametrize("config, environ, cli, name, expected", [
    (None, {}, None, "port", 8050),
    (None, {}, None, "host", "127.0.0.1"),
    (None, {}, None, "element_cap", 1000),
    (None, {}, None, "debug", False),
    (None, {}, None, "data", REPO_ROOT / "data"),
    (None, {"WOW_PORT": "9001"}, None, "port", 9001),
    (None, {"WOW_PORT": "9001"}, {"port": "9002"}, "port", 9002),
    ({"port": 9003}, {"WOW_PORT": "9001"}, {"port": "9002"}, "port", 9003),
    (None, {"WOW_DATA": "/tmp/x"}, None, "data", Path("/tmp/x")),
    (None, {"WOW_DEBUG": "yes"}, None, "debug", True),
    (None, {"WOW_DEBUG": "0"}, None, "debug", False),
    (None, {"WOW_ELEMENT_CAP": "2,000"}, None, "element_cap", 2000),
    (None, {"WOW_HOST": ""}, None, "host", "127.0.0.1"),
    ({"trusted_proxies": "1"}, {}, None, "trusted_proxies", 1),
])
def test_settings_precedence(config, environ, cli, name, expected):
    assert getattr(resolve(config, environ=environ, cli=cli), name) == expected


@pytest.mark.parametrize("config, environ, words", [
    ({"port": "http"}, {}, ["port", "'http'", "0-65535"]),
    ({"port": 70000}, {}, ["port", "70000"]),
    ({"element_cap": 0}, {}, ["element_cap", ">= 1"]),
    ({"debug": "maybe"}, {}, ["debug", "yes or no"]),
    (None, {"WOW_ELEMENT_CAP": "many"}, ["WOW_ELEMENT_CAP", "'many'"]),
    ({"colour": "red"}, {}, ["unknown setting", "colour", "element_cap"]),
])
def test_bad_settings_name_the_setting_and_what_was_expected(config, environ, words):
    with pytest.raises(SettingsError) as info:
        resolve(config, environ=environ)
    assert all(w in str(info.value) for w in words), str(info.value)


def test_parser_has_one_option_per_setting_with_its_env_var_in_help():
    parser = build_parser()
    help_text = parser.format_help()
    for s in SETTINGS:
        assert s.flag in help_text and s.env in help_text
    assert vars(parser.parse_args([])) == {s.name: None for s in SETTINGS}


def test_data_default_does_not_depend_on_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve(environ={}).data == Path(__file__).resolve().parents[1] / "data"


# History ------------------------------------------------------------------------------

def _visits(*nodes):
    h = history.EMPTY
    for n in nodes:
        h = history.push(h, DEFAULT.replace(selected=n))
    return h


@pytest.mark.parametrize("nodes, moves, expected_selected, expected_can", [
    (["a"], [], "a", (False, False)),
    (["a", "b"], [-1], "a", (False, True)),
    (["a", "b", "c"], [-1, -1], "a", (False, True)),
    (["a", "b", "c"], [-1, -1, 1], "b", (True, True)),
    (["a", "b"], [-1, -1], "a", (False, True)),  # no further back
    (["a", "b"], [1], "b", (True, False)),  # no further forward
    (["a", "a", "b"], [-1], "a", (False, True)),  # repeated visits are one entry
])
def test_back_and_forward(nodes, moves, expected_selected, expected_can):
    h = _visits(*nodes)
    entry = h["entries"][h["index"]]
    for step in moves:
        h, moved = history.go(h, step=step)
        entry = moved or entry
    assert entry["selected"] == expected_selected
    assert history.can_go(h) == expected_can


def test_visiting_after_back_drops_the_entries_ahead_and_history_is_bounded():
    h, _ = history.go(_visits("a", "b", "c"), step=-2)
    h = history.push(h, DEFAULT.replace(selected="d"))
    assert [e["selected"] for e in h["entries"]] == ["a", "d"]
    long = _visits(*[f"n{i}" for i in range(history.MAX_ENTRIES + 10)])
    assert len(long["entries"]) == history.MAX_ENTRIES
    assert long["entries"][-1]["selected"] == f"n{history.MAX_ENTRIES + 9}"


@pytest.mark.parametrize("bad", [None, {}, {"entries": "x", "index": 0},
                                 {"entries": [], "index": 5}, {"entries": [{}], "index": "0"}])
def test_malformed_history_is_treated_as_empty(bad):
    assert history.can_go(bad) == (False, False)
    assert history.go(bad, step=-1)[1] is None


# Cache --------------------------------------------------------------------------------

def test_lru_cache_is_bounded_and_thread_safe():
    cache = LRUCache(8)
    calls = []

    def work(i):
        for k in range(50):
            key = k % 12
            cache.get_or_compute(key, lambda key=key: calls.append(key) or key * 2)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 8
    kept = [k for k in range(12) if k in cache]
    assert len(kept) == 8
    assert all(cache.get_or_compute(k, lambda: None) == k * 2 for k in kept)


# What if it went away? (the ``without`` field) -----------------------------------------

def test_without_is_written_as_one_sorted_list_and_read_back():
    state = DEFAULT.replace(without=["mount-sinai-hospital", "chef", "chef"])
    assert state.without == ("chef", "mount-sinai-hospital")
    assert state.to_query() == "?without=chef,mount-sinai-hospital"
    assert ViewState.from_query(state.to_query()) == state
    assert ViewState.from_dict(state.to_dict()) == state
    assert state.key() != DEFAULT.key()


def test_unknown_ids_in_without_are_ignored_like_other_ids():
    G = nx.DiGraph([("chef", "leisure")])
    state = ViewState.from_query("?without=chef,ghost&node=ghost", G)
    assert state.without == ("chef",) and state.selected is None
    assert ViewState(without=("ghost",)).with_graph(G).without == ()


@pytest.mark.parametrize("value", [5, {"a": 1}, [None, True, {"x": 1}], "x" * 500, ["a,b"]])
def test_garbage_without_gives_no_scenario(value):
    assert ViewState.from_dict({"without": value}).without == ()


def test_without_is_bounded():
    many = ",".join(f"n{i:03d}" for i in range(500))
    assert len(ViewState.from_query("?without=" + many).without) == 100


@hsettings(max_examples=60, deadline=None)
@given(without=st.lists(node_ids.filter(lambda s: "," not in s), max_size=8),
       selected=st.none() | node_ids)
def test_any_scenario_survives_the_url(without, selected):
    state = ViewState.from_dict({"without": without, "selected": selected})
    assert state.without == tuple(sorted(set(without)))
    assert ViewState.from_query(state.to_query()) == state
    assert ViewState.from_dict(state.to_dict()) == state


@pytest.mark.parametrize("query, words", [
    ("?node=doesnotexist", ['node "doesnotexist" names no node', "no node is selected"]),
    ("?needs=foo", ['needs "foo" names no need', "every need is shown"]),
    ("?needs=family,foo", ['needs "foo"', "left out"]),
    ("?tiers=guild", ['tiers "guild" names no tier', "every tier is shown"]),
    ("?focus=", ['focus ""', "the whole graph is shown"]),
    ("?focus=ghost", ['focus "ghost" names no node', "the whole graph is shown"]),
    ("?without=", ['without ""', "nothing is taken away"]),
    ("?without=chef,ghost", ['without "ghost"', "ignored"]),
    ("?depth=9", ['depth "9"', "depth 4 is shown"]),
    ("?depth=deep", ['depth "deep" is not one of 1 to 4', "depth 1 is shown"]),
    ("?" + "&".join(f"x{i}=1" for i in range(60)), ["more parts than any view"]),
    ("?layout=cose", ['layout "cose"', "is shown"]),
    ("?path=leisure", ['path "leisure" needs a selected node', "no path"]),
    ("?more=x~bogus~1", ['more "x~bogus~1" names no group']),
    ("?zoom=3", ['"zoom" is not part of a view']),
])
def test_every_part_of_the_address_not_understood_is_named(query, words):
    G = nx.DiGraph([("chef", "leisure")])
    said = " ".join(unread(query, G))
    assert all(w in said for w in words), said


@pytest.mark.parametrize("query", ["", "?node=chef", "?needs=family&tiers=need,job&depth=2",
                                   "?focus=chef&node=chef&path=leisure&without=chef",
                                   "?needs=&tiers=", "?more=chef~job~2,~profession~1"])
def test_an_address_the_page_wrote_is_understood(query):
    G = nx.DiGraph([("chef", "leisure")])
    assert unread(query, G) == []
