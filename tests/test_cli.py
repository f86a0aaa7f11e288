"""The ``wow`` command in-process: its help, its subcommands, their exit statuses and defaults.

The installed command, in a fresh environment, is tested in ``test_install.py``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import networkx as nx
import pytest

import app as app_module
import explorer.app
from explorer import cli
from explorer.settings import BUNDLED_DATA
from graph.build import load_graph

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny"


def exit_status(argv) -> int:
    """Return the status of ``wow ARGV``, whether it returns it or exits with it."""
    try:
        return cli.main(argv)
    except SystemExit as stop:
        return stop.code


@pytest.fixture(autouse=True)
def no_data_in_the_environment(monkeypatch):
    """Run every test with the data setting at its default."""
    monkeypatch.delenv("WOW_DATA", raising=False)


# ----------------------------------------------------------------------------- wow itself


def test_help_lists_every_command_with_its_help(capsys):
    assert exit_status(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: wow")
    for name, command in cli.COMMANDS.items():
        line = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert command.help.split()[0] in line


@pytest.mark.parametrize("argv, message", [
    ([], "the following arguments are required: COMMAND"),
    (["bogus"], "invalid choice: 'bogus'"),
    (["--port", "8000", "serve"], "unrecognized option '--port'"),
])
def test_a_missing_or_unknown_command_exits_2_with_a_message(argv, message, capsys):
    assert exit_status(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "usage: wow" in err and "Traceback" not in err


def test_a_command_is_one_entry_in_the_table(monkeypatch, capsys):
    calls = []
    monkeypatch.setitem(cli.COMMANDS, "hello", cli.Command("say hello",
                                                           lambda argv: calls.append(argv) or 3))
    assert exit_status(["hello", "--loud", "world"]) == 3
    assert calls == [["--loud", "world"]]
    exit_status(["--help"])
    assert "say hello" in capsys.readouterr().out


def test_a_reader_that_stops_early_gets_no_traceback():
    command = [sys.executable, "-m", "explorer.cli", "check", str(TINY)]
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the summary is printed: the process is still importing
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1 and "Traceback" not in err


def test_the_console_script_is_wow():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"wow": "explorer.cli:main"}


# ----------------------------------------------------------------------------- wow check


def test_check_prints_the_summary_of_a_valid_folder(capsys):
    assert exit_status(["check", str(TINY)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{TINY}: valid (checksum {load_graph(TINY).graph['checksum'][:12]})")


def test_check_without_a_folder_checks_the_explorers_data(monkeypatch, capsys):
    assert exit_status(["check"]) == 0
    assert capsys.readouterr().out.startswith(f"{BUNDLED_DATA}: valid")
    monkeypatch.setenv("WOW_DATA", str(TINY))
    assert exit_status(["check"]) == 0
    assert capsys.readouterr().out.startswith(f"{TINY}: valid")


def test_check_of_bad_data_exits_2_with_the_problems(tmp_path, capsys):
    (tmp_path / "nodes.csv").write_text("id,label,tier,description\nx,X,guild,d\n",
                                        encoding="utf-8")
    (tmp_path / "edges.csv").write_text("source,target,relation\n", encoding="utf-8")
    assert exit_status(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "nodes.csv:2" in err and "Traceback" not in err


def test_check_help_is_the_checkers_help(capsys):
    assert exit_status(["check", "--help"]) == 0
    assert "data_dir" in capsys.readouterr().out


# ----------------------------------------------------------------------------- wow export


def exported(capsys) -> nx.DiGraph:
    """Return the graph a GraphML export wrote to standard output."""
    return nx.read_graphml(io.BytesIO(capsys.readouterr().out.encode()))


def test_export_writes_a_filtered_view_to_standard_output(capsys):
    argv = ["export", "--data", str(TINY), "--need", "learning", "--format", "graphml",
            "--output", "-"]
    assert exit_status(argv) == 0
    H = exported(capsys)
    assert "learning" in H and len(H) < len(load_graph(TINY))


def test_export_reads_the_explorers_data_unless_given_a_folder(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("WOW_DATA", str(TINY))
    assert exit_status(["export", "--format", "graphml", "--output", "-"]) == 0
    assert set(exported(capsys)) == set(load_graph(TINY))
    assert exit_status(["export", "--data", str(REPO / "data"), "--format", "graphml",
                        "--output", "-"]) == 0
    assert len(exported(capsys)) == len(load_graph(REPO / "data"))
    assert exit_status(["export", "--data", str(tmp_path / "nowhere"), "--format", "graphml",
                        "--output", "-"]) == 2
    assert "data folder not found" in capsys.readouterr().err


def test_export_with_a_bad_option_exits_2(capsys):
    assert exit_status(["export", "--format", "pdf", "--output", "-"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: wow export") and "invalid choice: 'pdf'" in err


# ----------------------------------------------------------------------------- wow serve


def test_serve_runs_the_explorer_on_the_settings_given(monkeypatch, capsys):
    runs = []
    monkeypatch.setattr("dash.Dash.run", lambda self, **kw: runs.append((self, kw)))
    monkeypatch.setattr("gc.freeze", lambda: None)  # the test process goes on
    assert exit_status(["serve", "--data", str(TINY), "--port", "8123"]) == 0
    [(dash_app, options)] = runs
    assert options == {"host": "127.0.0.1", "port": 8123, "debug": False}
    assert "Web of Work Explorer on http://127.0.0.1:8123/" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["--port", "eighty"], "port: 'eighty' is not a valid value"),
    (["--data", "/nonexistent/wow-data"], "nodes.csv"),
])
def test_serve_with_bad_settings_exits_2_without_a_traceback(argv, message, capsys):
    assert exit_status(["serve", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_serve_help_names_wow_serve_and_every_setting(capsys):
    assert exit_status(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: wow serve") and "WOW_DATA" in out and "--workers" in out


def test_app_py_is_the_same_explorer():
    assert app_module.create_app is explorer.app.create_app
    assert app_module.main is explorer.app.main


# ----------------------------------------------------------------------------- wow search


def test_search_prints_the_best_matches(capsys):
    assert exit_status(["search", "--data", str(TINY), "--limit", "3", "senior", "chef"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 1 <= len(lines) <= 3 and lines[0].split()[2:5] == ["profession", "35-1011", "Chef"]


def test_search_reads_the_explorers_data_unless_given_a_folder(monkeypatch, capsys):
    monkeypatch.setenv("WOW_DATA", str(TINY))
    assert exit_status(["search", "--json", "loan officer"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == "loan-officer"
    assert exit_status(["search", "--data", str(TINY / "nowhere"), "chef"]) == 2
    assert "data folder not found" in capsys.readouterr().err


def test_search_batch_and_help_name_wow_search(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("chef\n\nnurse\n"))
    assert exit_status(["search", "--data", str(TINY), "--batch"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert exit_status(["search", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: wow search") and "--batch" in out and "--json" in out
    assert exit_status(["search"]) == 2
    assert "usage: wow search" in capsys.readouterr().err


# ----------------------------------------------------------------------------- wow what-if


def test_what_if_says_what_the_needs_lose_in_the_explorers_data(monkeypatch, capsys):
    assert exit_status(["what-if", "--remove", "Mount Sinai Hospital"]) == 0
    assert capsys.readouterr().out.startswith("Closing Mount Sinai Hospital removes")
    monkeypatch.setenv("WOW_DATA", str(TINY))
    assert exit_status(["what-if", "--remove", "hospitals", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["removed"] == ["hospitals"] and set(data) >= {"needs", "orphaned"}
    assert data["needs"]["health-and-well-being"]["kept"] == 4


@pytest.mark.parametrize("argv, words", [
    (["what-if"], ["usage: wow what-if", "nothing to remove"]),
    (["what-if", "--remove", "mount sinai hospitl"],
     ["unknown node 'mount sinai hospitl'", "did you mean: mount-sinai-hospital"]),
])
def test_what_if_with_no_or_unknown_nodes_exits_2(argv, words, capsys):
    assert exit_status(argv) == 2
    err = capsys.readouterr().err
    assert all(word in err for word in words) and "Traceback" not in err
