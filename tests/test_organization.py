"""An uploaded organization placed in the graph: the overlay, its summary, the panel's
reading limits and the view state's marker."""

from __future__ import annotations

import base64

import networkx as nx
import pytest

from graph import mapjobs
from graph.organization import (ORG_ID, job_rows, organization_key, organization_summary,
                                with_organization)
from graph.query import filter_graph, needs_served
from explorer import organization as panel
from explorer.context import Context
from explorer.state import ViewState


def hand_graph() -> nx.DiGraph:
    """Two needs served by three professions, one through an industry, and a job."""
    G = nx.DiGraph(name="hand", checksum="abc")
    G.add_nodes_from([
        ("health-and-well-being", {"tier": "need", "label": "Health and Well Being"}),
        ("family", {"tier": "need", "label": "Family"}),
        ("learning", {"tier": "need", "label": "Learning"}),
        ("rn", {"tier": "profession", "label": "Registered Nurses", "code": "29-1141",
                "growth_pct": 5.0, "annual_openings": 190000,
                "bright_outlook": "Numerous Job Openings"}),
        ("lpn", {"tier": "profession", "label": "Licensed Practical Nurses", "code": "29-2061",
                 "growth_pct": -2.0}),
        ("nanny", {"tier": "profession", "label": "Nannies", "code": "39-9011"}),
        ("hospitals", {"tier": "industry", "label": "Hospitals"}),
    ])
    G.add_edges_from([
        ("rn", "hospitals", {"relation": "practised_in"}),
        ("hospitals", "health-and-well-being", {"relation": "addresses"}),
        ("lpn", "health-and-well-being", {"relation": "serves"}),
        ("nanny", "family", {"relation": "serves"}),
        ("rn", "lpn", {"relation": "related_to", "relatedness": "Primary-Short"}),
    ])
    return G


ROWS = [("Staff Nurse", "rn", 10), ("Charge Nurse", "rn", 2), ("LPN - Nights", "lpn", 3),
        ("Nanny", "nanny", None), ("Unmatched", "", 4)]


def test_the_overlay_never_changes_the_graph():
    G = hand_graph()
    before = (sorted(G.nodes(data=True), key=str), sorted(G.edges(data=True), key=str),
              dict(G.graph))
    H = with_organization(G, "Acme Care", ROWS)
    assert (sorted(G.nodes(data=True), key=str), sorted(G.edges(data=True), key=str),
            dict(G.graph)) == before
    assert ORG_ID not in G and ORG_ID in H
    assert nx.is_frozen(H)
    assert H.graph["checksum"] != G.graph["checksum"]


def test_jobs_sit_in_the_org_draw_on_professions_and_show_headcount():
    H = with_organization(hand_graph(), "  Acme\nCare ", ROWS)
    org = H.graph["organization"]["id"]
    attrs = H.nodes[org]
    assert (attrs["label"], attrs["tier"], attrs["employment"]) == ("Acme Care", "organization", 16)
    jobs = sorted(j for j, _ in H.in_edges(org))
    assert len(jobs) == 4  # the unmatched row is no job
    labels = sorted(H.nodes[j]["label"] for j in jobs)
    assert labels == ["Charge Nurse (2)", "LPN - Nights (3)", "Nanny", "Staff Nurse (10)"]
    for j in jobs:
        assert H.edges[j, org]["relation"] == "sits_in"
        (target,) = [t for t in H.successors(j) if t != org]
        assert H.edges[j, target]["relation"] == "draws_on"


def test_the_org_serves_the_needs_reached_through_its_jobs_like_any_node():
    H = with_organization(hand_graph(), "Acme", ROWS)
    org = H.graph["organization"]["id"]
    assert set(needs_served(H, org)) == {"health-and-well-being", "family"}
    serves = {t: d["weight"] for _, t, d in H.out_edges(org, data=True)
              if d["relation"] == "serves"}
    assert serves == {"health-and-well-being": 15.0, "family": 1.0}
    # Filters treat it like any node: in the web of the needs it serves, not of others.
    assert org in filter_graph(H, needs=["family"])
    assert org not in filter_graph(H, needs=["learning"])


def test_rows_with_the_same_title_and_occupation_are_one_job():
    assert job_rows([("Cook", "chef", 2), ("  cook", "chef", 3), ("Cook", "baker", None)]) == [
        ("Cook", "chef", 5), ("Cook", "baker", None)]
    H = with_organization(hand_graph(), "A", [("Nurse", "rn", 1), ("nurse ", "rn", 1)])
    assert H.graph["organization"]["jobs"] == 1


def test_an_id_already_in_the_graph_is_not_reused():
    G = hand_graph()
    G.add_node(ORG_ID, tier="organization", label="Someone else")
    H = with_organization(G, "Mine", [("Nurse", "rn", 1)])
    org = H.graph["organization"]["id"]
    assert org != ORG_ID and H.nodes[ORG_ID]["label"] == "Someone else"
    assert H.nodes[org]["label"] == "Mine"


def test_a_row_naming_no_node_of_the_graph_is_refused():
    with pytest.raises(KeyError):
        with_organization(hand_graph(), "A", [("Ghost", "ghost", 1)])


def test_summary_figures_on_a_hand_built_graph():
    H = with_organization(hand_graph(), "Acme", ROWS)
    s = organization_summary(H, H.graph["organization"]["id"])
    assert (s["label"], s["jobs"], s["people"]) == ("Acme", 4, 16)
    assert [(n["need"], n["people"], n["jobs"]) for n in s["needs_served"]] == [
        ("family", 1, 1), ("health-and-well-being", 15, 3)]
    assert s["needs_served"][1]["professions"] == ["Registered Nurses",
                                                  "Licensed Practical Nurses"]
    assert [n["need"] for n in s["needs_not_served"]][:3] == ["home-and-shelter",
                                                              "social-relationships",
                                                              "work-career"]
    assert len(s["needs_not_served"]) == 10
    assert [(p["node"], p["people"], p["jobs"]) for p in s["professions"]] == [
        ("rn", 12, 2), ("lpn", 3, 1), ("nanny", 1, 1)]
    # Health is reached by three jobs; Family only through the nanny.
    assert [(p["label"], p["needs"]) for p in s["single_points"]] == [("Nanny", ["Family"])]
    assert s["professions"][0]["bright_outlook"] == ["Numerous Job Openings"]
    assert s["professions"][2]["growth_pct"] is None  # blank outlook stays blank
    assert s["outlook"] == {"people_known": 15, "growth_pct": 3.6, "people_growing": 12,
                            "people_declining": 3, "people_bright": 12}


def test_a_lone_job_for_a_need_is_a_single_point_even_when_two_reach_another():
    H = with_organization(hand_graph(), "A", [("Nurse", "rn", 5), ("LPN", "lpn", 5)])
    s = organization_summary(H, H.graph["organization"]["id"])
    assert s["single_points"] == []  # both reach Health, neither is alone
    H = with_organization(hand_graph(), "A", [("Nurse", "rn", 5)])
    s = organization_summary(H, H.graph["organization"]["id"])
    assert [p["needs"] for p in s["single_points"]] == [["Health and Well Being"]]


def test_the_key_follows_the_content():
    assert organization_key("A", ROWS) == organization_key("A", list(map(list, ROWS)))
    assert organization_key("A", ROWS) != organization_key("A", ROWS[:2])
    assert organization_key("A", ROWS) != organization_key("B", ROWS)


# --------------------------------------------------------------------- the panel


def test_the_panel_refuses_a_file_over_its_limit_with_a_located_message():
    data = b"title\n" + b"Nurse\n" * (panel.MAX_FILE_BYTES // 6 + 1)
    table, problems = panel.read_bytes(data, "big.csv")
    assert table is None
    assert problems[0].startswith("big.csv:1: file is too large")
    assert "512 KB" in problems[0]


def test_the_panel_refuses_more_rows_than_its_limit_naming_the_line():
    data = b"title\n" + b"N\n" * (panel.MAX_ROWS + 1)
    table, problems = panel.read_bytes(data, "long.csv")
    assert table is None
    assert problems == [f"long.csv:{panel.MAX_ROWS + 2}: more than {panel.MAX_ROWS:,} rows: "
                        f"row {panel.MAX_ROWS + 1:,} is on this line, expected at most "
                        f"{panel.MAX_ROWS:,} rows here (split the list, or code it with the "
                        "command wow map-jobs)"]


def test_the_panel_gives_the_commands_messages_for_a_bad_file():
    table, problems = panel.read_upload(
        "data:text/csv;base64," + base64.b64encode(b"name,dept\nAda,IT\n").decode(), "jobs.csv")
    assert table is None
    assert problems[0].startswith("jobs.csv:1: no column of job titles")
    assert panel.read_upload("data:text/csv;base64,***", "x.csv")[1][0].startswith("x.csv:1:")


def test_every_row_survives_the_store_and_downloads_with_the_commands_columns():
    G = hand_graph()
    G.graph["titles"] = (("Staff Nurse", "rn", "onet"),)
    ctx = Context(graph=G, index=None, settings=None)
    raw = b"Job Title,Headcount,Note\nStaff Nurse,12,=1+1\n,,empty\nNannie,1,x\n"
    table, problems = panel.read_bytes(raw, "jobs.csv")
    assert problems == []
    data = panel.code(ctx, table, "Acme")
    expected = mapjobs.write_csv(table, mapjobs.code_titles(G, table.titles))
    assert panel.coded_csv(ctx, data) == expected
    lines = expected.decode().splitlines()
    assert lines[0].endswith("soc_code,occupation,node,confidence,alternatives,matched_name")
    assert len(lines) == 4 and "'=1+1" in lines[1]


def test_a_row_recoded_from_the_search_box_changes_the_graph():
    G = hand_graph()
    ctx = Context(graph=G, index=None, settings=None)
    table, _ = panel.read_pasted("Staff Nurse\nSomething odd\n")
    data = panel.code(ctx, table, "Acme")
    changed, said = panel.recode_row(ctx, data, 1, "nanny")
    assert "Nannies" in said and changed["coded"][1][:3] == ["39-9011", "nanny", 1.0]
    refused, said = panel.recode_row(ctx, data, 1, "hospitals")
    assert "choose a profession or a job" in said
    rows = [[t, c[1], None] for (t,), c in zip(changed["rows"], changed["coded"])]
    here, key = panel.context_for(ctx, {"name": "Acme", "rows": rows})
    assert key == organization_key("Acme", rows)
    org = panel.org_node(here.graph)
    assert "family" in needs_served(here.graph, org)
    assert panel.context_for(ctx, {"name": "Acme", "rows": rows})[0] is here  # cached
    assert ctx.graph is G and org not in G


def test_a_forged_or_stale_store_draws_nothing_new():
    ctx = Context(graph=hand_graph(), index=None, settings=None)
    for data in (None, {}, {"rows": 5}, {"rows": [["x", "ghost", 1]]}, {"rows": [[1, 2]]}):
        assert panel.context_for(ctx, data) == (ctx, None)


def test_the_state_names_the_organization_by_key_in_the_url():
    s = ViewState().replace(org="0123456789ab", focus="x")
    assert "org=0123456789ab" in s.to_query()
    assert ViewState.from_query(s.to_query()).org == "0123456789ab"
    assert ViewState.from_query("?org=<script>").org is None
    assert s.key() != s.replace(org=None).key()


def test_a_shared_url_without_the_data_says_so():
    said = panel.missing_notice("?org=0123456789ab&focus=your-organization", None)
    assert "uploaded in another browser" in said and "Your organization" in said
    assert panel.missing_notice("?org=0123456789ab", "0123456789ab") == ""


# --------------------------------------------------------------------- the explorer's view


@pytest.fixture(scope="module")
def tiny_ctx():
    from pathlib import Path

    from explorer.settings import resolve
    from graph.build import load_graph

    tiny = Path(__file__).resolve().parent / "fixtures" / "tiny"
    return Context.build(load_graph(tiny), resolve({"data": tiny}, environ={}))


ORG = {"name": "Acme", "rows": [["Staff Nurse", "registered-nurse", 4], ["Cook", "chef", 2]]}


def _controller_inputs(**values):
    base = {k: None for k in ("url", "needs", "tiers", "depth", "layout", "nav", "tap", "back",
                              "forward", "reset", "crumb", "focus", "unfocus", "path_to")}
    return {**base, **values}


def test_an_uploaded_list_focuses_the_graph_on_the_organization(tiny_ctx):
    from explorer import controller

    out = controller.on_change(tiny_ctx, _controller_inputs(org=ORG, url=""), ViewState().to_dict(),
                               None, "org-graph", "")
    key = organization_key(ORG["name"], ORG["rows"])
    assert out["state"]["org"] == key and out["state"]["focus"] == ORG_ID
    assert out["url"] == f"?focus={ORG_ID}&node={ORG_ID}&org={key}"
    drawn = {e["data"]["id"] for e in out["elements"]}
    assert {ORG_ID, "health-and-well-being", "leisure"} <= drawn
    assert ORG_ID not in tiny_ctx.graph  # the shared graph is untouched


def test_the_address_of_an_organization_reopens_it_or_says_it_is_missing(tiny_ctx):
    from explorer import controller

    key = organization_key(ORG["name"], ORG["rows"])
    url = f"?focus={ORG_ID}&org={key}"
    mine = controller.on_change(tiny_ctx, _controller_inputs(org=ORG, url=url), None, None,
                                "url", url)
    assert mine["state"]["focus"] == ORG_ID and mine["url_notice"] == ""
    theirs = controller.on_change(tiny_ctx, _controller_inputs(url=url), None, None, "url", url)
    assert theirs["state"]["focus"] is None and theirs["state"]["org"] is None
    assert "uploaded in another browser" in theirs["url_notice"]
    assert ORG_ID not in {e["data"]["id"] for e in theirs["elements"]}


def test_exports_hold_the_organization(tiny_ctx):
    from explorer import export

    here, key = panel.context_for(tiny_ctx, ORG)
    state = ViewState(focus=ORG_ID, org=key).to_dict()
    sent = export.download_view(here, 1, "graphml", state)
    content = sent["content"]
    text = base64.b64decode(content).decode() if sent.get("base64") else content
    assert f'<node id="{ORG_ID}">' in text and "Acme" in text
    assert "Exports hold the" in export.summary(here, state)


# ------------------------------------------------------------------ coverage and moves

def _hand_ctx():
    return Context(graph=hand_graph(), index=None, settings=None)


HAND = {"name": "Acme Care", "rows": [["Staff Nurse", "rn", 10], ["Charge Nurse", "rn", 2],
                                      ["LPN - Nights", "lpn", 3], ["Nanny", "nanny", None]]}


def _texts(component) -> str:
    """Return every text of a Dash component tree, joined by spaces."""
    if component is None or isinstance(component, (str, int, float)):
        return "" if component is None else str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(" ".join(_texts(c) for c in component).split())
    return _texts(getattr(component, "children", None))


def test_coverage_counts_the_organization_and_its_jobs_when_one_is_loaded(tiny_ctx):
    from explorer import coverage

    here, key = panel.context_for(tiny_ctx, ORG)
    state = ViewState(org=key).to_dict()
    full_before, _ = coverage.coverage_tables(tiny_ctx.graph, ViewState())
    full_after, _ = coverage.coverage_tables(here.graph, ViewState(org=key))
    diff = (full_after - full_before)
    # Staff Nurse reaches Health, Cook (a chef) Family and Leisure; the organization serves
    # all three, and each job reaches them through it too (a path, as for any job).
    served = set(needs_served(here.graph, ORG_ID))
    assert served == {"health-and-well-being", "family", "leisure"}
    for need in coverage.NEED_IDS:
        assert diff.loc[need].to_dict() == ({"profession": 0, "industry": 0, "organization": 1,
                                             "job": 2} if need in served else
                                            dict.fromkeys(coverage.WORK_TIERS, 0))
    fig, _, with_org = coverage.refresh(here.graph, state, None)
    shown = next(t for t in fig["data"] if t["name"] == "shown")
    row = coverage.NEED_IDS.index("leisure")
    column = coverage.WORK_TIERS.index("organization")
    assert shown["text"][row][column] == f"{full_after.loc['leisure', 'organization']:,}"
    assert "Acme: 1 organization and 2 jobs" in coverage.note(here.graph, "count")
    # Another list is another answer: the panel's key names the organization.
    _, _, without = coverage.refresh(tiny_ctx.graph, ViewState().to_dict(), None)
    assert with_org != without and coverage.note(tiny_ctx.graph, "count") == ""


def test_coverage_shows_the_organizations_own_needs_by_profession_with_headcount():
    from explorer import coverage

    here, key = panel.context_for(_hand_ctx(), HAND)
    fig, table, _ = coverage.refresh(here.graph, ViewState(org=key).to_dict(), None,
                                     mode="organization")
    (trace,) = fig["data"]
    assert trace["x"] == ["All its people (16)", "Registered Nurses (12)",
                          "Licensed Practical Nurses (3)", "Nannies (1)"]
    health = trace["y"].index("Health and Well Being")
    family = trace["y"].index("Family")
    assert trace["text"][health] == ["15", "12", "3", ""]
    assert trace["text"][family] == ["1", "", "", "1"]
    assert trace["text"][trace["y"].index("Learning")] == ["", "", "", ""]
    assert "Registered Nurses (12): 12 people in 2 jobs" in trace["hovertext"][health][1]
    assert "12 people, 2 jobs" in _texts(table)
    # A click shows that need around the organization, the profession selected.
    click = {"points": [{"customdata": trace["customdata"][health][1]}]}
    asked = ViewState.from_query(coverage.cell_query(click, ViewState(org=key).to_dict()))
    assert (asked.needs, asked.focus, asked.selected, asked.org) == (
        ("health-and-well-being",), ORG_ID, "rn", key)
    # Without a list, the view says where to load one.
    _, empty, _ = coverage.refresh(hand_graph(), ViewState().to_dict(), None,
                                   mode="organization")
    assert "Your organization tab" in _texts(empty)


def test_moves_of_a_job_of_the_organization_are_its_professions_moves():
    from explorer import moves as moves_panel

    here, key = panel.context_for(_hand_ctx(), HAND)
    job = next(j for j in here.graph.predecessors(ORG_ID)
               if here.graph.nodes[j].get("title_as_written") == "Staff Nurse")
    theirs = moves_panel.gather(here.graph, job)
    mine = [r for r in theirs["rows"] if r["kind"] == "move"]
    profession = [r for r in moves_panel.gather(hand_graph(), "rn")["rows"]
                  if r["kind"] == "move"]
    assert [r["id"] for r in mine] == [r["id"] for r in profession] == ["lpn"]
    assert [{**r, "via": None} for r in mine] == profession
    # Where else its profession is practised: not in the organization it comes from.
    places = [r["id"] for r in theirs["rows"] if r["kind"] == "elsewhere"]
    assert places == ["hospitals"]
    # The panel says why, and goes to the organization; the callback path reads the list.
    state = ViewState(selected=job, org=key).to_dict()
    children, _ = moves_panel.refresh(_hand_ctx(), state, None, HAND)
    said = _texts(children)
    assert "A job of Acme Care (your list), coded to Registered Nurses" in said
    assert "its moves are that profession's moves" in said
    bare, _ = moves_panel.refresh(_hand_ctx(), state, None, None)  # list not sent: intro
    assert moves_panel.INTRO in _texts(bare)


def test_moves_of_the_organization_list_its_professions_and_its_biggest_jobs_moves():
    from explorer import moves as moves_panel

    here, _ = panel.context_for(_hand_ctx(), HAND)
    data = moves_panel.gather(here.graph, ORG_ID)
    here_people = {r["id"]: r["employment"] for r in data["rows"] if r["kind"] == "outlook"}
    assert here_people == {"rn": 12, "lpn": 3, "nanny": 1}
    biggest = data["yours"]["biggest"]
    assert [(b["title"], b["people"]) for b in biggest] == [
        ("Staff Nurse", 10), ("LPN - Nights", 3), ("Charge Nurse", 2)]
    assert [r["id"] for r in biggest[0]["rows"] if r["kind"] == "move"] == ["lpn"]
    said = _texts(moves_panel.render(data))
    assert "Moves from Staff Nurse (10 people)" in said
    assert "3 professions of its jobs, best outlook first" in said
    # A long list: the caption says how many of its professions the table holds.
    fewer = moves_panel.render(moves_panel.gather(here.graph, ORG_ID, limit=2))
    assert "2 of the 3 professions of its jobs, best outlook first" in _texts(fewer)


def test_coverage_with_the_organization_shows_what_removing_it_takes(tiny_ctx):
    from explorer import coverage

    here, key = panel.context_for(tiny_ctx, ORG)
    _, table, _ = coverage.refresh(here.graph, ViewState(org=key, without=(ORG_ID,)).to_dict(),
                                   None)
    rows = {r.children[0].children: [c.children for c in r.children[1:]]
            for r in table.children[1].children}
    full, _ = coverage.coverage_tables(here.graph, ViewState(org=key))
    leisure = rows[coverage.NEED_BY_ID["leisure"].label]
    before = full.loc["leisure"]
    # Without it, one organization fewer reaches Leisure, and so does its nurse's job
    # (which reached Leisure only through it); the cook still does, as a chef.
    assert leisure[coverage.WORK_TIERS.index("organization")] == (
        f"{before['organization']:,} \u2192 {before['organization'] - 1:,}")
    assert leisure[coverage.WORK_TIERS.index("job")] == (
        f"{before['job']:,} \u2192 {before['job'] - 1:,}")


# ------------------------------------------------------------------ what if

#: A job list as a user uploads it (the browser tests' file).
JOB_LIST = (b"Job Title,Headcount\n"
            b"RN - Med/Surg nights,12\n"
            b"Line Cook,3\n"
            b"Staff Accountant,2\n")


@pytest.fixture(scope="module")
def bundled_ctx():
    from pathlib import Path

    from explorer.settings import resolve
    from graph.build import load_graph

    data = Path(__file__).resolve().parents[1] / "data"
    return Context.build(load_graph(data), resolve({"data": data}, environ={}))


def _uploaded(ctx, raw: bytes, name: str) -> dict:
    """Return the ``org-graph`` store the browser keeps for an uploaded job list."""
    table, problems = panel.read_bytes(raw, "jobs.csv")
    assert problems == []
    data = panel.code(ctx, table, name)
    return {"name": data["name"],
            "rows": [[row[data["title"]], coded[1], headcount] for row, coded, headcount
                     in zip(data["rows"], data["coded"], data["headcounts"])]}


def _json_texts(value) -> str:
    """Return every text of a component tree as JSON (a callback's answer), joined."""
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list):
        return " ".join(" ".join(_json_texts(v) for v in value).split())
    if isinstance(value, dict):
        return _json_texts(value.get("props", {}).get("children"))
    return ""


def _job_titled(G, title: str) -> str:
    """Return the node of the uploaded organization's job written ``title``."""
    from graph.organization import organization_jobs

    return next(j["job"] for j in organization_jobs(G, ORG_ID) if j["title"] == title)


def test_each_single_point_of_the_summary_is_what_what_if_takes_away(bundled_ctx):
    from graph.whatif import without

    here, _ = panel.context_for(bundled_ctx, _uploaded(bundled_ctx, JOB_LIST, "Acme Health"))
    G = here.graph
    summary = organization_summary(G, ORG_ID)
    assert summary["single_points"]
    for point in summary["single_points"]:
        scenario = without(G, [point["job"]])
        lost = [G.nodes[n]["label"] for n, loss in scenario.needs.items() if ORG_ID in loss.lost]
        assert sorted(lost) == sorted(point["needs"])
    # A job whose needs another job also serves takes nothing from the organization.
    nurse = _job_titled(G, "RN - Med/Surg nights")
    assert ORG_ID not in without(G, [nurse]).losers


def test_the_what_if_panel_says_the_organization_loses_what_its_cut_job_served(bundled_ctx):
    from explorer import page
    from explorer.client import DashClient
    from graph.query import coverage
    from graph.schema import WORK_TIERS

    org = _uploaded(bundled_ctx, JOB_LIST, "Acme Health")
    here, key = panel.context_for(bundled_ctx, org)
    cook = _job_titled(here.graph, "Line Cook")
    client = DashClient(page.build(bundled_ctx))
    body = next(cb for cb in client.callbacks() if cb.name == "whatif-body.children")
    state = ViewState(org=key, without=[cook]).to_dict()
    answer = client.call(body, [state], [None, org])["whatif-body"]["children"]
    said = _json_texts(answer)
    assert ("Cutting the position Line Cook (3) removes the direct link of 1 organization and "
            "the only organization link of 2 jobs to Social Relationships, Leisure and "
            "Transportation and Mobility, which no longer reach them at all.") in said
    # Each of those needs lists the organization among the nodes that no longer reach it,
    # and the cover table counts one organization fewer.
    [leisure] = [s for s in answer if s["type"] == "Section"
                 and _json_texts(s).startswith("Leisure loses")]
    assert "Acme Health (organization)" in _json_texts(leisure)
    before = int(coverage(here.graph).loc["leisure", "organization"])
    [table] = [s for s in answer if s["type"] == "Table"]
    row = next(r for r in table["props"]["children"][1]["props"]["children"]
               if _json_texts(r).startswith("Leisure"))
    cells = [_json_texts(c) for c in row["props"]["children"][1:]]
    assert cells[WORK_TIERS.index("organization")] == f"{before:,} \u2192 {before - 1:,}"
    # Health is served by its nurses too: the organization keeps it.
    health = [s for s in answer if s["type"] == "Section"
              and _json_texts(s).startswith("Health and Well Being loses")]
    assert not any("Acme Health" in _json_texts(s) for s in health)
