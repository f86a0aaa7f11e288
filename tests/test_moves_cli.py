"""The moves command: ``python -m graph.moves`` and ``wow moves`` on the bundled data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer import cli as wow
from graph.moves import main, wage

REPO = Path(__file__).resolve().parents[1]
DATA = str(REPO / "data")
KEYS = {"id", "label", "code", "relatedness", "median_wage", "wage_change", "growth_pct",
        "annual_openings", "job_zone", "skill_overlap", "skill_gaps", "needs_kept",
        "needs_gained", "needs_lost", "move", "via"}


@pytest.fixture(scope="module")
def bundled():
    from graph.build import load_graph

    G = load_graph(DATA)
    if not any(r == "related_to" for _, _, r in G.edges(data="relation")):
        pytest.skip("the bundled data have no related_to links yet (make us-data)")
    return G


def run_json(capsys, *argv) -> list:
    assert main(["--data", DATA, *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_lists_the_moves_of_a_profession_by_name_with_every_key(bundled, capsys):
    rows = run_json(capsys, "Registered nurse")
    assert rows and all(KEYS <= set(r) for r in rows)
    assert {r["relatedness"] for r in rows} <= {"Primary-Short", "Primary-Long", "Supplemental"}
    assert {r["move"] for r in rows} <= {"advancement", "lateral", "step down"}
    tiers = ("Primary-Short", "Primary-Long", "Supplemental")
    ranks = [tiers.index(r["relatedness"]) for r in rows]
    assert ranks == sorted(ranks)  # best tier first
    nurse = wage(bundled.nodes["registered-nurse"])  # OEWS's, else BLS's
    assert nurse is not None
    for r in rows:
        pay = r["median_wage"]
        assert r["wage_change"] == (None if pay is None else pay - nurse)


def test_json_of_a_job_starts_with_its_profession_and_its_moves_say_via(bundled, capsys):
    rows = run_json(capsys, "staff-nurse", "--limit", "2")
    assert (rows[0]["kind"], rows[0]["id"]) == ("draws on", "registered-nurse")
    found = [r for r in rows if r["kind"] == "move"]
    assert len(found) == 2 and {r["via"] for r in found} == {"registered-nurse"}
    places = [r for r in rows if r["kind"] == "elsewhere"]
    assert {p["tier"] for p in places} == {"industry", "organization"}


def test_unknown_values_are_null_in_json(capsys, tmp_path):
    (tmp_path / "nodes.csv").write_text(
        "id,label,tier,description,median_wage,job_zone\n"
        "family,Family,need,A need.,,\n"
        "nanny,Nanny,profession,Cares for children.,30000,2\n"
        "tutor,Tutor,profession,Teaches.,,\n", encoding="utf-8")
    (tmp_path / "edges.csv").write_text(
        "source,target,relation,relatedness,related_index\n"
        "nanny,family,serves,,\n"
        "tutor,family,serves,,\n"
        "nanny,tutor,related_to,Primary-Long,3\n", encoding="utf-8")
    assert main(["--data", str(tmp_path), "Nanny", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["id"], row["relatedness"], row["related_index"]) == ("tutor", "Primary-Long", 3)
    assert (row["median_wage"], row["wage_change"], row["growth_pct"], row["skill_overlap"],
            row["move"], row["needs_kept"], row["needs_gained"]) == (
        None, None, None, None, "lateral", ["family"], [])


def test_the_text_table_names_each_move_and_an_unknown_node_the_closest(bundled, capsys):
    assert main(["--data", DATA, "registered-nurse", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Moves from Registered nurse (profession): 3")
    assert "Relatedness" in out and "Primary-Short" in out
    assert main(["--data", DATA, "registred nurse"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown node 'registred nurse'; did you mean:")
    assert "registered-nurse" in err and "Traceback" not in err


def test_an_industry_lists_its_professions_best_outlook_first(bundled, capsys):
    rows = run_json(capsys, "hospitals", "--limit", "0")
    growth = [r["growth_pct"] for r in rows if r["growth_pct"] is not None]
    assert rows and growth == sorted(growth, reverse=True)
    assert {r["kind"] for r in rows} == {"outlook"}


def test_a_negative_limit_and_missing_data_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--data", DATA, "nurse", "--limit", "-1"])
    assert exit_.value.code == 2 and "--limit must be 0 or more" in capsys.readouterr().err
    assert main(["--data", "no/such/folder", "nurse"]) == 2


def test_wow_moves_is_the_same_command(bundled, capsys, monkeypatch):
    monkeypatch.setenv("WOW_DATA", DATA)
    assert wow.main(["moves", "midwife", "--json", "--limit", "1"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1 and KEYS <= set(rows[0])
    assert "moves" in wow.COMMANDS


def test_python_dash_m_runs_it():
    done = subprocess.run([sys.executable, "-m", "graph.moves", "--help"], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "--limit N" in done.stdout and "--json" in done.stdout
