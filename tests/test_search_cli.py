"""The search command line: text, JSON and batch output, and any input without an error."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.search.cli import main

REPO = Path(__file__).resolve().parents[1]
TITLES = "title,code,source\nCharge Nurse,29-1141,onet\nMortgage Underwriter,13-2072,soc\n"
KEYS = {"id", "label", "tier", "code", "field", "matched", "score"}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """The tiny dataset with a titles table."""
    folder = tmp_path_factory.mktemp("titled")
    for name in ("nodes.csv", "edges.csv"):
        shutil.copy(REPO / "tests" / "fixtures" / "tiny" / name, folder / name)
    (folder / "titles.csv").write_text(TITLES, encoding="utf-8")
    return str(folder)


def run(argv, capsys, stdin=None, monkeypatch=None):
    """Return (status, stdout, stderr) of the command run in-process."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    out, err = capsys.readouterr()
    return status, out, err


def test_text_output_ranks_matches_with_tier_code_name_and_score(data, capsys):
    status, out, err = run(["--data", data, "senior", "loan", "officer"], capsys)
    assert status == 0 and err == ""
    first = out.splitlines()[0].split()
    assert first[:2] == ["1", f"{float(first[1]):.3f}"] and first[2:5] == ["job", "13-2072",
                                                                              "Loan"]


def test_a_title_match_names_the_title(data, capsys):
    _, out, _ = run(["--data", data, "--limit", "1", "charge nurse"], capsys)
    assert out.rstrip().endswith('Registered nurse  <- title "Charge Nurse"')
    assert "29-1141" in out and "profession" in out


def test_json_output_is_a_list_of_matches(data, capsys):
    status, out, _ = run(["--data", data, "--json", "mortgage underwriter"], capsys)
    records = json.loads(out)
    assert status == 0 and records and all(set(r) == KEYS for r in records)
    assert (records[0]["id"], records[0]["field"], records[0]["matched"], records[0]["code"]) == (
        "loan-officer", "title", "Mortgage Underwriter", "13-2072")
    assert records[0]["score"] == 0.92


def test_batch_answers_each_line_in_order(data, capsys, monkeypatch):
    lines = ["loan officer", "", "   ", "RN", "x" * 10_000, "\x00\x07", "chef\r"]
    status, out, _ = run(["--data", data, "--batch", "--limit", "2"], capsys,
                         stdin="\n".join(lines) + "\n", monkeypatch=monkeypatch)
    answers = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(answers) == len(lines)
    assert answers[0][0]["id"] == "loan-officer" and answers[3][0]["id"] == "registered-nurse"
    assert answers[1] == answers[2] == answers[4] == answers[5] == []
    assert answers[6][0]["id"] == "chef" and all(len(a) <= 2 for a in answers)


@pytest.mark.parametrize("query", ["", "   ", "\x00\x1f", "\ud800", "x" * 10_000,
                                   "<script>alert(1)</script>"])
@pytest.mark.parametrize("json_output", [False, True])
def test_any_query_answers_without_an_error(data, capsys, query, json_output):
    status, out, err = run(["--data", data, *(["--json"] if json_output else []), query],
                           capsys)
    assert status == 0 and "Traceback" not in err
    if json_output:
        assert isinstance(json.loads(out), list)
    elif not out:
        assert err == "no match\n"


@pytest.mark.parametrize("argv, message", [
    ([], "give a query, or --batch"),
    (["--limit", "0", "chef"], "--limit must be 1 or more"),
    (["--limit", "many", "chef"], "invalid int value"),
])
def test_usage_errors_exit_2(data, capsys, argv, message):
    status, _, err = run(["--data", data, *argv], capsys)
    assert status == 2 and message in err and err.startswith("usage: python -m graph.search")


def test_unreadable_data_exits_2(tmp_path, capsys):
    assert run(["--data", str(tmp_path / "nowhere"), "chef"], capsys)[:2] == (2, "")
    (tmp_path / "nodes.csv").write_text("id,label,tier,description\nx,X,guild,d\n",
                                        encoding="utf-8")
    (tmp_path / "edges.csv").write_text("source,target,relation\n", encoding="utf-8")
    status, _, err = run(["--data", str(tmp_path), "chef"], capsys)
    assert status == 2 and "nodes.csv:2" in err and "Traceback" not in err


def test_python_dash_m_runs_it_with_undecodable_input(data):
    proc = subprocess.run([sys.executable, "-m", "graph.search", "--data", data, "--batch"],
                          input=b"chef\n\xff\xfe\xed\n\xed\xa0\x80 nurse\n", cwd=REPO,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == b""
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(answers) == 3 and answers[0][0]["id"] == "chef"
