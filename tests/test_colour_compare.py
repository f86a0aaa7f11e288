"""Colour by a figure (explorer.scales, explorer.stylesheet, explorer.colour), the coverage
heatmap's growth mode, the Compare panel, and the view state that keeps both in the URL."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from dash import html

from explorer import colour, compare as compare_panel, controller, coverage
from explorer.history import EMPTY
from explorer.scales import MODES, SCALES, UNKNOWN, colour_values
from explorer.state import DEFAULT, ViewState, unread
from explorer.stylesheet import STYLESHEET, colour_class, colour_rules
from explorer.view import elements, visible_graph
from graph.outlook import growth_coverage


def _hex(colour: str) -> str:
    return colour.lower()


@pytest.mark.parametrize("growth, label", [
    (-36.0, "declining fast (below -10%)"), (-10.0, "declining (-10% to -3%)"),
    (-3.0, "declining a little (-3% to -1%)"), (-1.0, "little or no change (-1% to 1%)"),
    (0.99, "little or no change (-1% to 1%)"), (1.0, "growing a little (1% to 5%)"),
    (9.99, "growing (5% to 10%)"), (10.0, "growing fast (10% or more)"),
])
def test_growth_bins_are_closed_below_and_open_above(growth, label):
    scale = SCALES["growth"]
    assert scale.bins[scale.bin_of({"growth_pct": growth})].label == label


def test_growth_scale_diverges_from_orange_through_near_white_to_purple():
    colours = [b.colour for b in SCALES["growth"].bins]
    assert colours == ["#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3",
                       "#542788"]  # ColorBrewer PuOr, 7 classes (colour-blind safe)
    assert UNKNOWN not in colours


@pytest.mark.parametrize("attrs, expected", [
    ({"tier": "profession", "growth_pct": 12.0, "median_wage": 130000, "job_zone": 5,
      "bright_outlook": "Rapid Growth|Numerous Job Openings"},
     {"colour_growth": 6, "colour_wage": 6, "colour_zone": 4, "colour_outlook": 0}),
    # OEWS wage blank: the BLS one; an unknown Job Zone and a text growth are no figure.
    ({"tier": "profession", "median_wage": "", "bls_median_wage": 34000, "job_zone": 7,
      "growth_pct": "5.0"}, {"colour_wage": 0}),
    ({"tier": "profession", "job_zone": 2, "bright_outlook": ""},
     {"colour_zone": 1, "colour_outlook": 4}),  # covered by O*NET, not Bright Outlook
    ({"tier": "profession", "bright_outlook": "New and Emerging"}, {"colour_outlook": 3}),
    ({"tier": "industry", "job_zone": 3, "bright_outlook": ""}, {"colour_zone": 2}),
    ({"tier": "job"}, {}),
])
def test_colour_values_are_the_bins_a_node_falls_in(attrs, expected):
    assert colour_values(attrs) == expected


def test_the_one_stylesheet_colours_each_mode_by_class_under_the_marks():
    selectors = [r["selector"] for r in STYLESHEET]
    for mode in SCALES:
        on = f"node.{colour_class(mode)}"
        rules = colour_rules(mode)
        assert all(r["selector"].startswith(on) for r in rules)
        assert all(r in STYLESHEET for r in rules)
        # After the tier rules, before groups, what-if marks and the selection: those
        # still draw over the colours; shapes and sizes stay the tiers'.
        first = selectors.index(f"{on}[colour_{mode} = 0]")
        assert selectors.index("node.job") < first < selectors.index("node.group")
        assert first < selectors.index("node.removed") < selectors.index("node.selected-node")
        assert not any({"shape", "width", "height"} & set(r["style"]) for r in rules)
        bins = [r["style"]["background-color"] for r in rules
                if r["selector"].startswith(f"{on}[colour_{mode} =")]
        assert bins == [b.colour for b in SCALES[mode].bins]
        # No figure: grey and faded; needs keep their own colour.
        assert rules[0]["style"] == {"background-color": UNKNOWN, "background-opacity": 0.45}
        assert rules[1]["selector"] == f"{on}.need"
    assert colour_rules("tier") == []


def test_each_legend_names_every_bin_and_says_what_grey_means():
    for mode, scale in SCALES.items():
        legend = colour.legend(mode)
        text = " ".join(str(li.children[-1] if isinstance(li.children, list) else li.children)
                        for li in legend.children[1].children)
        assert all(b.label in text for b in scale.bins)
        assert "grey: no figure" in text and "shapes still tell the tier" in text
        assert legend.hidden is True and legend.id == f"colour-legend-{mode}"


def test_the_control_is_a_group_named_colour_by_with_every_mode():
    section = colour.control()
    assert isinstance(section, html.Fieldset)
    assert section.children[0].children == "Colour by"
    radio = section.children[1]
    assert radio.id == "colour-by"
    assert [o["value"] for o in radio.options] == list(MODES) and radio.value == "tier"
    assert [o["label"] for o in radio.options] == ["Tier", "Projected growth", "Median wage",
                                                   "Job Zone", "Bright Outlook"]


def test_drawn_elements_carry_the_bins_and_the_figures_for_the_hover_text():
    G = nx.DiGraph([("rn", "health", {"relation": "serves"})])
    G.add_node("health", tier="need", label="Health")
    G.add_node("rn", tier="profession", label="RN", growth_pct=4.9, median_wage=93600,
               job_zone=4, bright_outlook="Rapid Growth", description="long text")
    data = {e["data"]["id"]: e["data"] for e in elements(visible_graph(G, DEFAULT), "web")}
    assert data["rn"]["colour_growth"] == 4 and data["rn"]["colour_outlook"] == 1
    assert data["rn"]["growth_pct"] == 4.9 and data["rn"]["bright_outlook"] == "Rapid Growth"
    assert "description" not in data["rn"]
    assert not any(k.startswith("colour_") for k in data["health"])


@pytest.mark.parametrize("query, colour, compare", [
    ("?colour=growth&compare=b,a", "growth", ("b", "a")),
    ("?colour=zone&compare=a,b,c,a", "zone", ("a", "b", "c")),
    ("?colour=rainbow&compare=a,,ghost", "tier", ("a",)),
])
def test_colour_and_compare_round_trip_through_the_url(query, colour, compare):
    G = nx.DiGraph([("a", "b"), ("c", "b")])
    state = ViewState.from_query(query, G)
    assert (state.colour, state.compare) == (colour, compare)
    assert ViewState.from_query(state.to_query(), G) == state
    assert ViewState.from_dict(state.to_dict(), G) == state
    assert DEFAULT.colour == "tier" and "colour" not in DEFAULT.to_query()


def test_an_address_with_an_unknown_colour_or_compared_node_says_so():
    G = nx.DiGraph([("a", "b")])
    said = unread("?colour=rainbow&compare=a,ghost", G)
    assert said == ['colour "rainbow" is not one of tier, growth, wage, zone, outlook, so nodes '
                    'are coloured by tier',
                    'compare "ghost" names no node, so it is left out']


def test_the_colour_control_and_compare_buttons_change_the_state_and_url():
    G = nx.DiGraph([("a", "b"), ("c", "b"), ("d", "b")])
    s, _ = controller.reduce(G, DEFAULT, EMPTY, "colour", "wage")
    assert s.to_query() == "?colour=wage"
    s, _ = controller.reduce(G, s, EMPTY, "nav", {"node": "a", "action": "compare-add"})
    s, _ = controller.reduce(G, s, EMPTY, "nav", {"node": "c", "action": "compare-add"})
    assert s.to_query() == "?colour=wage&compare=a,c" and s.selected is None
    s, _ = controller.reduce(G, s, EMPTY, "nav", {"node": "a", "action": "compare-drop"})
    assert s.compare == ("c",)
    s, _ = controller.reduce(G, s, EMPTY, "nav", {"node": "", "action": "compare-clear"})
    assert s.compare == () and s.colour == "wage"


@pytest.fixture
def outlook_graph():
    G = nx.DiGraph(skills={"1": {("skill", "Listening"): 4.0, ("skill", "Monitoring"): 3.0},
                           "2": {("skill", "Listening"): 3.5, ("skill", "Monitoring"): 3.0},
                           "3": {("skill", "Listening"): 1.0, ("skill", "Monitoring"): 1.0}})
    G.add_node("family", tier="need", label="Family")
    G.add_node("health-and-well-being", tier="need", label="Health")
    G.add_node("rn", tier="profession", label="Nurses", code="1", growth_pct=4.9,
               employment=300, median_wage=93600)
    G.add_node("aide", tier="profession", label="Aides", code="2", growth_pct=-2.0,
               employment=100)
    G.add_edges_from([("rn", "health-and-well-being"), ("aide", "health-and-well-being"),
                      ("rn", "family")])
    return G


def test_the_growth_heatmap_colours_cells_by_weighted_growth(outlook_graph):
    state = DEFAULT.replace(needs=["health-and-well-being"])
    fig = coverage.growth_figure(state, growth_coverage(outlook_graph))
    hidden, shown = fig["data"]
    row, col = list(coverage.NEED_IDS).index("health-and-well-being"), 0
    assert shown["text"][row][col] == "+3.2%"  # (4.9 * 300 - 2 * 100) / 400 = 3.175
    # The graph's diverging colours: decline orange at -10%, growth purple at +10%.
    assert shown["colorscale"][0] == [0.0, "#b35806"] and shown["colorscale"][3][1] == "#f7f7f7"
    assert shown["colorscale"][-1] == [1.0, "#542788"]
    assert (shown["zmin"], shown["zmax"]) == (-10, 10)
    assert "weighted by 400 employed" in shown["hovertext"][row][col]
    family = list(coverage.NEED_IDS).index("family")
    assert shown["text"][family][col] == "" and hidden["text"][family][col] == "+4.9%"
    assert "no projection" in hidden["hovertext"][family][1]


def test_the_coverage_panel_switches_to_growth_and_back(outlook_graph):
    state = DEFAULT.to_dict()
    fig, _, key = coverage.refresh(outlook_graph, state, None, mode="growth")
    assert key.endswith("|growth") and fig["data"][1]["colorscale"] == coverage.GROWTH_SCALE
    fig, _, key2 = coverage.refresh(outlook_graph, state, key, mode="count")
    assert key2 != key and fig["data"][1]["colorscale"] == coverage.IN_VIEW_SCALE


def _text(component) -> str:
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(_text(c) for c in component)
    children = getattr(component, "children", None)
    return "" if children is None else _text(children)


def test_the_compare_panel_shows_both_side_by_side_with_the_differences(outlook_graph):
    state = DEFAULT.replace(compare=["rn", "aide"])
    text = _text(compare_panel.render(outlook_graph, state))
    assert "Nurses" in text and "Aides" in text
    assert "$93,600" in text and "+4.9%" in text and "-2.0%" in text
    assert re.search("Family\\s+\u25c6", text)  # the aides do not serve it
    assert not re.search("Health\\s+\u25c6", text)
    # Centred on the mean profile (17/6, 7/3): (7/6, 2/3) . (2/3, 2/3) / (|.| |.|) = 96%
    assert "skill overlap 96%" in text and "1 shared neighbour" in text
    empty = _text(compare_panel.render(outlook_graph, DEFAULT))
    assert "Compare" in empty and "side by side" in empty


def test_the_export_csv_of_the_compared_rows(outlook_graph):
    state = DEFAULT.replace(compare=["rn", "aide"]).to_dict()
    sent = compare_panel.csv_download(outlook_graph, 1, state)
    assert sent["filename"] == "compare-rn-aide.csv"
    from dash.exceptions import PreventUpdate

    with pytest.raises(PreventUpdate):
        compare_panel.csv_download(outlook_graph, 1, DEFAULT.to_dict())
