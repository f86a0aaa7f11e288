"""Career moves (graph.moves) and their place in the explorer: the Moves panel, the view
state's ``moves`` and the drawing of a node's moves on the graph.

The small graph below is a nursing career web whose answers are worked out by hand in
each test; the data/us checks compare the moves of Registered Nurses with O*NET's related
occupations and their figures with BLS's and OEWS's reference files.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import networkx as nx
import pytest

from graph.errors import UnknownNameError
from graph.moves import (
    Move,
    best_outlook,
    elsewhere,
    move_type,
    moves,
    profession_moves,
    skill_gaps,
)
from graph.moves.layout import drawing
from graph.query import needs_served

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path("/work/shared/reference")


def nursing() -> nx.DiGraph:
    """A small web: five professions related as O*NET lists them, two industries under a
    sector, three organizations and two jobs."""
    G = nx.DiGraph(skills={
        "29-1141": {("skill", "Active Listening"): 4.0, ("knowledge", "Medicine"): 3.0},
        "29-1171": {("skill", "Active Listening"): 4.0, ("knowledge", "Medicine"): 4.9,
                    ("skill", "Science"): 4.0},
        "31-1131": {("skill", "Active Listening"): 3.0},
    })
    G.add_nodes_from([
        ("health-and-well-being", {"tier": "need", "label": "Health and Well Being"}),
        ("family", {"tier": "need", "label": "Family"}),
        ("rn", {"tier": "profession", "label": "Registered nurse", "code": "29-1141",
                "median_wage": 97550, "bls_median_wage": 93600, "job_zone": 3,
                "growth_pct": 4.9, "annual_openings": 189100}),
        ("np", {"tier": "profession", "label": "Nurse practitioner", "code": "29-1171",
                "median_wage": 132050, "job_zone": 5, "growth_pct": 40.1,
                "annual_openings": 29500, "bright_outlook": "Rapid Growth"}),
        ("lpn", {"tier": "profession", "label": "Licensed practical nurse", "code": "29-2061",
                 "median_wage": "", "bls_median_wage": 62340, "job_zone": 3,
                 "growth_pct": 2.6, "annual_openings": 54400}),
        ("aide", {"tier": "profession", "label": "Nursing assistant", "code": "31-1131",
                  "median_wage": 39530, "job_zone": 2, "growth_pct": -1.0}),
        ("midwife", {"tier": "profession", "label": "Midwife", "code": "29-1161"}),
        ("health-care", {"tier": "industry", "label": "Health care"}),
        ("hospitals", {"tier": "industry", "label": "Hospitals"}),
        ("clinics", {"tier": "industry", "label": "Clinics"}),
        ("mercy", {"tier": "organization", "label": "Mercy Health"}),
        ("city-clinic", {"tier": "organization", "label": "City Clinic"}),
        ("st-mary", {"tier": "organization", "label": "St Mary's", "employment": 4000}),
        ("staff-rn", {"tier": "job", "label": "Staff nurse"}),
        ("care-job", {"tier": "job", "label": "Care worker"}),
    ])
    G.add_edges_from([("rn", "health-and-well-being"), ("np", "health-and-well-being"),
                      ("lpn", "health-and-well-being"), ("lpn", "family"), ("aide", "family"),
                      ("midwife", "family")], relation="serves")
    G.add_edges_from([("hospitals", "health-care"), ("clinics", "health-care")],
                     relation="part_of")
    G.add_edge("health-care", "health-and-well-being", relation="addresses")
    for p, industry, people in [("rn", "hospitals", 2000), ("rn", "clinics", 900),
                                ("np", "hospitals", 300), ("aide", "hospitals", 500)]:
        G.add_edge(p, industry, relation="practised_in", employment=people)
    G.add_edge("mercy", "hospitals", relation="operates_in")
    G.add_edge("city-clinic", "clinics", relation="operates_in")
    G.add_edge("st-mary", "hospitals", relation="operates_in")
    G.add_edges_from([("staff-rn", "rn"), ("care-job", "rn"), ("care-job", "aide")],
                     relation="draws_on")
    G.add_edge("staff-rn", "st-mary", relation="sits_in")
    # One edge per pair, in the direction of the listing that gave it (read both ways).
    for a, b, tier, index in [("rn", "np", "Primary-Short", 2), ("lpn", "rn", "Primary-Short", 5),
                              ("rn", "aide", "Primary-Long", 8),
                              ("rn", "midwife", "Supplemental", 11),
                              ("np", "lpn", "Supplemental", 14)]:
        G.add_edge(a, b, relation="related_to", relatedness=tier, related_index=index)
    return G


@pytest.fixture
def G():
    return nursing()


# ---------------------------------------------------------------------------------------
# A profession
# ---------------------------------------------------------------------------------------
def test_a_profession_moves_best_first_with_hand_computed_figures(G):
    found = moves(G, "rn").rows
    assert [(m.id, m.relatedness, m.related_index) for m in found] == [
        ("np", "Primary-Short", 2), ("lpn", "Primary-Short", 5), ("aide", "Primary-Long", 8),
        ("midwife", "Supplemental", 11)]
    np_, lpn, aide, midwife = found
    # 132,050 - 97,550; Job Zone 5 - 3: both up.
    assert (np_.median_wage, np_.wage_change, np_.job_zone_change, np_.move) == (
        132050, 34500, 2, "advancement")
    # No OEWS wage: the BLS one (62,340 - 97,550); the same Job Zone.
    assert (lpn.median_wage, lpn.wage_change, lpn.job_zone_change, lpn.move) == (
        62340, -35210, 0, "lateral")
    assert (aide.wage_change, aide.job_zone_change, aide.move) == (-58020, -1, "step down")
    # Nothing known: every figure null, and no type but lateral.
    assert (midwife.median_wage, midwife.growth_pct, midwife.skill_overlap, midwife.move) == (
        None, None, None, "lateral")
    assert (np_.growth_pct, np_.annual_openings, np_.bright_outlook) == (
        40.1, 29500, "Rapid Growth")


def test_skill_overlap_is_the_cosine_of_the_centred_profiles_and_gaps_what_the_target_needs_more(G):
    np_, _, aide, _ = moves(G, "rn").rows
    # Elements (Active Listening, Medicine, Science), a missing one counting 1; the mean of
    # the three profiles is (11/3, 8.9/3, 2). Centred: rn (1/3, 0.1/3, -1), np (1/3, 5.8/3, 2),
    # aide (-2/3, -5.9/3, -1). rn . np < 0, so 0; rn . aide = 2.135/3, over
    # |rn| |aide| = sqrt(10.01) / 3 * sqrt(47.81) / 3: 0.293.
    assert np_.skill_overlap == 0.0 and aide.skill_overlap == 0.293
    # Science is missing from the nurse's profile (importance 1): 4 - 1 = 3; Medicine 4.9 - 3.
    assert [(g.element, g.gap) for g in np_.skill_gaps] == [("Science", 3.0), ("Medicine", 1.9)]
    assert aide.skill_gaps == () and skill_gaps(G, "rn", "midwife") == ()


def test_needs_kept_gained_and_lost_compare_what_each_profession_serves(G):
    by_id = {m.id: m for m in moves(G, "rn").rows}
    assert (by_id["np"].needs_kept, by_id["np"].needs_gained, by_id["np"].needs_lost) == (
        ("health-and-well-being",), (), ())
    assert (by_id["lpn"].needs_kept, by_id["lpn"].needs_gained) == (
        ("health-and-well-being",), ("family",))
    # the assistant reaches Health through the hospitals it is practised in
    assert (by_id["aide"].needs_kept, by_id["aide"].needs_gained, by_id["aide"].needs_lost) == (
        ("health-and-well-being",), ("family",), ())
    assert (by_id["midwife"].needs_kept, by_id["midwife"].needs_gained,
            by_id["midwife"].needs_lost) == ((), ("family",), ("health-and-well-being",))


def test_the_needs_compared_are_those_needs_served_lists(G):
    for p in ("rn", "np", "lpn", "aide", "midwife"):
        for m in moves(G, p).rows:
            assert set(m.needs_kept + m.needs_gained) == set(needs_served(G, m.id))
            assert set(m.needs_kept + m.needs_lost) == set(needs_served(G, p))


def test_related_links_are_read_in_both_directions_and_never_change_the_needs_served(G):
    # lpn -> rn and np -> lpn were listed the other way round.
    assert [m.id for m in moves(G, "lpn").rows] == ["rn", "np"]
    before = {n: needs_served(G, n) for n in G}
    H = G.copy()
    H.remove_edges_from([(u, v) for u, v, r in G.edges(data="relation") if r == "related_to"])
    assert {n: needs_served(H, n) for n in H} == before


def test_limit_keeps_the_best_moves_and_the_graph_is_never_changed(G):
    snapshot = (nx.to_dict_of_dicts(G), dict(G.nodes(data=True)))
    assert [m.id for m in moves(G, "rn", limit=2).rows] == ["np", "lpn"]
    moves(G, "care-job"), moves(G, "health-care")
    assert (nx.to_dict_of_dicts(G), dict(G.nodes(data=True))) == snapshot


def test_move_types_follow_wage_and_job_zone_together():
    assert [move_type(1, 1), move_type(-1, -1), move_type(1, -1), move_type(-1, 0),
            move_type(None, 1), move_type(1, None)] == [
        "advancement", "step down", "lateral", "lateral", "lateral", "lateral"]


def test_a_profession_without_related_professions_has_no_moves():
    G = nx.DiGraph()
    G.add_node("x", tier="profession", label="X")
    assert moves(G, "x").rows == () and profession_moves(G, "x") == []


def test_an_unknown_name_says_which_names_are_closest(G):
    with pytest.raises(UnknownNameError) as err:
        moves(G, "registred nurse")
    assert "rn" in err.value.suggestions


# ---------------------------------------------------------------------------------------
# A job, an industry, an organization, a need
# ---------------------------------------------------------------------------------------
def test_a_job_lists_its_professions_then_their_moves_then_the_same_profession_elsewhere(G):
    rows = moves(G, "Care worker").rows
    assert [(r.kind, r.id, r.via) for r in rows if r.kind != "elsewhere"] == [
        ("draws on", "aide", None), ("draws on", "rn", None),
        # the nursing assistant's only move is the nurse, which the job already draws on
        ("move", "np", "rn"), ("move", "lpn", "rn"), ("move", "midwife", "rn")]
    places = [(r.id, r.employment, r.industry, r.via) for r in rows if r.kind == "elsewhere"]
    assert places == [
        # no job of a nursing assistant sits anywhere: the hospitals' organizations, biggest first
        ("hospitals", 500, None, "aide"), ("st-mary", 4000, "hospitals", "aide"),
        ("mercy", None, "hospitals", "aide"),
        ("hospitals", 2000, None, "rn"), ("clinics", 900, None, "rn"),
        # St Mary's has a nurse's job: first; then by the industries' order
        ("st-mary", 4000, None, "rn"), ("mercy", None, "hospitals", "rn"),
        ("city-clinic", None, "clinics", "rn")]
    assert rows[1].needs_kept == ("health-and-well-being",)


def test_elsewhere_lists_industries_then_organizations_biggest_first(G):
    assert [r.id for r in elsewhere(G, "rn", limit=1)] == ["hospitals", "st-mary"]


def test_an_industry_lists_its_professions_and_its_sub_industries_best_outlook_first(G):
    assert [(m.id, m.growth_pct, m.employment) for m in best_outlook(G, "hospitals")] == [
        ("np", 40.1, 300), ("rn", 4.9, 2000), ("aide", -1.0, 500)]
    assert [(m.id, m.employment) for m in moves(G, "health-care").rows] == [
        ("np", 300), ("rn", 2900), ("aide", 500)]


def test_an_organization_lists_the_professions_of_its_jobs_else_of_its_industries(G):
    assert [(m.id, m.via) for m in best_outlook(G, "st-mary")] == [("rn", None)]
    assert [(m.id, m.via) for m in best_outlook(G, "mercy")] == [
        ("np", "hospitals"), ("rn", "hospitals"), ("aide", "hospitals")]


def test_a_need_has_no_moves(G):
    assert moves(G, "family").rows == ()


def test_json_rows_hold_every_key_the_command_promises(G):
    keys = {"id", "label", "code", "relatedness", "median_wage", "wage_change", "growth_pct",
            "annual_openings", "job_zone", "skill_overlap", "skill_gaps", "needs_kept",
            "needs_gained", "needs_lost", "move", "via"}
    row = moves(G, "rn").as_list()[0]
    assert keys <= set(row)
    assert row["skill_gaps"][0] == {"element": "Science", "kind": "skill", "current": 1.0,
                                    "target": 4.0, "gap": 3.0}
    assert isinstance(Move(id="x", label="X", code=None, tier="job", kind="move").as_dict()[
        "needs_kept"], list)


# ---------------------------------------------------------------------------------------
# Drawing the moves
# ---------------------------------------------------------------------------------------
def test_the_drawing_puts_the_node_at_the_centre_and_each_relatedness_tier_on_a_ring(G):
    d = drawing(G, "rn")
    assert d.positions["rn"] == (0.0, 0.0)
    radius = {n: round((x * x + y * y) ** 0.5, 1) for n, (x, y) in d.positions.items()}
    rings = {r.id: r.radius for r in d.rings}
    assert radius["np"] == radius["lpn"] == rings["primary-short"]
    assert radius["aide"] == rings["primary-long"] > rings["primary-short"]
    assert radius["midwife"] == rings["supplemental"] > rings["primary-long"]
    assert d.classes["rn->np"] == ["related-primary-short"]
    assert d.classes["np->lpn"] == ["related-supplemental"]
    assert d.classes["aide"] == ["move-step-down"] and d.classes["rn"] == ["moves-centre"]
    assert set(d.graph) == {"rn", "np", "lpn", "aide", "midwife"}


def test_the_view_draws_the_moves_instead_of_the_filters_and_the_url_keeps_it(G):
    from explorer.state import DEFAULT, ViewState, unread
    from explorer.view import elements, visible_graph

    state = DEFAULT.replace(moves="rn", needs=["family"])
    assert state.to_query() == "?needs=family&moves=rn"
    assert ViewState.from_query(state.to_query(), G) == state
    assert unread("?moves=ghost", G) == ['moves "ghost" names no node, so no moves are shown']
    view = visible_graph(G, state)
    assert set(view.graph) == {"rn", "np", "lpn", "aide", "midwife"}
    assert "moves from Registered nurse" in view.notice
    els = elements(view)
    by_id = {e["data"]["id"]: e for e in els}
    assert by_id["rn"]["position"] == {"x": 0.0, "y": 0.0}
    assert "related-primary-short" in by_id["rn->np"]["classes"].split()
    assert "ring:primary-long" in by_id and "ring:profession" not in by_id


def test_show_and_hide_moves_and_leaving_the_drawing(G):
    from explorer.controller import reduce
    from explorer.history import EMPTY
    from explorer.state import DEFAULT

    s, h = reduce(G, DEFAULT.replace(selected="rn"), EMPTY, "nav",
                  {"node": "rn", "action": "moves-show"})
    assert s.moves == "rn" and s.selected == "rn"
    # going to a move drawn around it keeps the drawing; to a node it lacks leaves it
    assert reduce(G, s, h, "nav", {"node": "np", "action": "select"})[0].moves == "rn"
    away = reduce(G, s, h, "nav", {"node": "hospitals", "action": "select"})[0]
    assert (away.moves, away.focus) == (None, "hospitals")
    assert reduce(G, s, h, "needs", ["family"])[0].moves is None
    assert reduce(G, s, h, "nav", {"node": "rn", "action": "moves-hide"})[0].moves is None
    assert reduce(G, s, h, "nav", {"node": "ghost", "action": "moves-show"})[0] == s


# ---------------------------------------------------------------------------------------
# The Moves panel
# ---------------------------------------------------------------------------------------
def _find(component, predicate) -> list:
    """Return the components under ``component`` for which ``predicate`` holds."""
    found = [component] if predicate(component) else []
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            found += _find(child, predicate)
    elif children is not None and not isinstance(children, (str, int, float)):
        found += _find(children, predicate)
    return found


def _attr(component, name):
    return getattr(component, name, None)


def test_the_panel_shows_each_move_as_a_button_with_sortable_figures(G):
    from dash import html

    from explorer.moves import gather, render

    page = html.Div(render(gather(G, "rn")))
    buttons = [b for b in _find(page, lambda c: isinstance(c, html.Button))
               if _attr(b, "data-node") and not _attr(b, "data-action")]
    assert [b.children for b in buttons] == [
        "Nurse practitioner", "Licensed practical nurse", "Nursing assistant", "Midwife"]
    rows = _find(page, lambda c: isinstance(c, html.Tr) and _attr(c, "data-move"))
    assert [(_attr(r, "data-node"), _attr(r, "data-move"), _attr(r, "data-sort-wage"))
            for r in rows] == [("np", "advancement", "132050"), ("lpn", "lateral", "62340"),
                               ("aide", "step down", "39530"), ("midwife", "lateral", "")]
    # The skill overlap reads as Compare says it ("skill overlap 29%"), in percent.
    overlap = [r.children[4].children for r in rows]
    assert overlap[2] == "29%" and all(o == "" or o.endswith("%") for o in overlap), overlap
    show = _find(page, lambda c: _attr(c, "data-action") == "moves-show")
    assert len(show) == 1 and _attr(show[0], "data-node") == "rn"
    filters = _find(page, lambda c: _attr(c, "data-moves-filter"))
    assert [_attr(f, "data-moves-filter") for f in filters] == [
        "all", "advancement", "lateral", "step down"]


def test_the_panel_of_a_job_and_of_an_industry(G):
    from dash import html

    from explorer.moves import gather, render

    page = html.Div(render(gather(G, "care-job", shown="care-job")))
    text = str(page)
    assert "Moves from Registered nurse" in text and "Registered nurse elsewhere" in text
    assert _find(page, lambda c: _attr(c, "data-action") == "moves-hide")
    page = html.Div(render(gather(G, "hospitals")))
    rows = _find(page, lambda c: isinstance(c, html.Tr) and _attr(c, "data-sort-growth"))
    assert [_attr(r, "data-node") for r in rows] == ["np", "rn", "aide"]


def test_a_figure_reads_the_same_in_the_command_and_every_panel(G):
    """A growth of exactly 40 reads "+40.0%" in the moves command and the Moves panel, as
    in Details and Compare (not "+40%"); a wage drop takes the same minus as a decline;
    Compare names the figures as Details does."""
    from dash import html

    from explorer import compare as compare_panel
    from explorer.details import _value
    from explorer.moves import gather, render
    from explorer.state import DEFAULT
    from graph.moves.text import report

    G.nodes["np"]["growth_pct"] = 40.0
    command = report(G, moves(G, "rn"))
    panel = str(html.Div(render(gather(G, "rn"))))
    compared = str(html.Div(compare_panel.render(G, DEFAULT.replace(compare=["rn", "np"]))))
    assert _value("growth_pct", 40.0) == "+40.0%"
    for text in (command, panel, compared):
        assert "+40.0%" in text and "+40%" not in text
    # Nursing assistant: 39,530 - 97,550 = -58,020 a year, growth -1.0%.
    assert "-$58,020" in command and "-1.0%" in command
    assert "-$58k" in panel and "-1.0%" in panel and "\u2212$" not in panel
    assert "Openings a year" in compared and "Job Zone (preparation, 1-5)" in compared

# ---------------------------------------------------------------------------------------
# data/us against the reference files
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def us():
    from graph.build import load_graph

    edges = (REPO / "data" / "us" / "edges.csv").read_text(encoding="utf-8")
    if "related_to" not in edges:
        pytest.skip("data/us has no related_to links yet (regenerate it: make us-data)")
    if not REFERENCE.is_dir():
        pytest.skip(f"the reference files are not at {REFERENCE}")
    return load_graph(REPO / "data" / "us")


def _soc(code: str) -> str:
    return code.split(".")[0]


def _node_of(G, code: str) -> str:
    return next(n for n, d in G.nodes(data=True) if d.get("tier") == "profession"
                and d.get("code") == code)


def test_registered_nurses_moves_include_onet_primary_short_related_occupations(us):
    wanted = set()
    with gzip.open(REFERENCE / "onet_related_occupations.txt.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if (row["O*NET-SOC Code"] == "29-1141.00" and row["Relatedness Tier"] == "Primary-Short"
                    and _soc(row["Related O*NET-SOC Code"]) != "29-1141"):
                wanted.add(_soc(row["Related O*NET-SOC Code"]))
    assert wanted == {"29-1171", "29-2061"}
    found = {m.code: m for m in moves(us, "registered-nurses-29-1141").rows}
    assert wanted <= set(found)
    assert all(found[c].relatedness == "Primary-Short" for c in wanted)


def test_skill_overlap_tells_close_moves_from_far_ones_on_onet_profiles(us):
    """The plain cosine of O*NET profiles is 0.93-1.0 for nearly any pair; the overlap
    measured from the mean profile tells a nurse practitioner from a welder."""
    from graph.moves.skills import overlap

    rn = _node_of(us, "29-1141")
    close = overlap(us, rn, _node_of(us, "29-1171"))  # Nurse Practitioners
    middle = overlap(us, rn, _node_of(us, "11-9111"))  # Medical and Health Services Managers
    far = overlap(us, rn, _node_of(us, "51-4121"))  # Welders, Cutters, Solderers, and Brazers
    assert close > 0.9 and 0.4 < middle < close and far < 0.1


def test_registered_nurses_moves_carry_bls_and_oews_figures(us):
    bls = {}
    with open(REFERENCE / "bls_projections_2024_34.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Occupation type"] == "Line item":
                bls[row["2024 National Employment Matrix code"]] = row
    oews = {}
    with gzip.open(REFERENCE / "oews2025_national_industry_by_occupation.csv.gz", "rt",
                   encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["oews_industry_code"] == "000000" and row["annual_median_wage"].isdigit():
                oews[row["soc_code"]] = int(row["annual_median_wage"])
    rows = moves(us, "registered-nurses-29-1141").rows
    checked = 0
    for m in rows:
        if m.code in bls:
            b = bls[m.code]
            assert m.growth_pct == pytest.approx(float(b["Employment change, percent, 2024–34"]))
            assert m.annual_openings == round(
                float(b["Occupational openings, 2024–34 annual average"]) * 1000)
            checked += 1
        if m.code in oews:
            assert m.median_wage == oews[m.code]
    assert checked >= 10
    nurse = us.nodes["registered-nurses-29-1141"]
    np_ = next(m for m in rows if m.code == "29-1171")
    assert np_.wage_change == oews["29-1171"] - oews["29-1141"]
    assert np_.wage_change == np_.median_wage - nurse["median_wage"]
