"""The job-list command: exit codes, what it writes, and nothing written on bad input."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from explorer import cli as wow
from graph.mapjobs import OUTPUT_COLUMNS
from graph.mapjobs.cli import main

REPO = Path(__file__).resolve().parents[1]
JOBS = ("Job Title,Headcount,Department\nStaff Nurse - Nights,12,Ward 4\n"
        "Sr. Electrician II,3,Ops\n,1,\n")


def run(argv, capsys):
    """Return (status, stdout, stderr) of the command run in-process."""
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def jobs(tmp_path):
    """A small job list on disk."""
    path = tmp_path / "jobs.csv"
    path.write_text(JOBS, encoding="utf-8")
    return path


def test_a_job_list_is_coded_to_the_output_file(jobs, tiny_dir, tmp_path, capsys):
    out = tmp_path / "coded.csv"
    status, stdout, stderr = run(["--data", str(tiny_dir), str(jobs), "--output", str(out)],
                                 capsys)
    assert status == 0 and stdout == ""
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == ["Job Title", "Headcount", "Department", *OUTPUT_COLUMNS]
    assert [r[:3] for r in rows[1:]] == [["Staff Nurse - Nights", "12", "Ward 4"],
                                         ["Sr. Electrician II", "3", "Ops"], ["", "1", ""]]
    assert [r[3] for r in rows[1:]] == ["29-1141", "47-2111", ""]
    assert [r[5] for r in rows[1:3]] == ["registered-nurse", "electrician"]
    assert "3 rows coded" in stderr and "1 left uncoded" in stderr


def test_without_output_the_csv_goes_to_standard_output(jobs, tiny_dir, capsys):
    status, stdout, _err = run(["--data", str(tiny_dir), str(jobs)], capsys)
    assert status == 0
    assert stdout.splitlines()[0] == "Job Title,Headcount,Department," + ",".join(OUTPUT_COLUMNS)
    assert len(stdout.splitlines()) == 4


@pytest.mark.parametrize("content, expected", [
    (b"name,dept\nAda,IT\n", "jobs.csv:1: no column of job titles"),
    (b"Title,Headcount\nCook,3\nChef,many\n", "jobs.csv:3: column Headcount: headcount 'many'"),
    (b"Title\n", "jobs.csv:1: the file has a header but no rows"),
    (b"\x00\x01\x02\x03binary\xff\xfe" * 50, "jobs.csv:1: "),
    (b"Title\n" + b"x" * 1001 + b"\n", "jobs.csv:2: column Title: cell is 1,001 characters long"),
])
def test_bad_input_exits_2_with_located_messages_and_writes_nothing(content, expected, tiny_dir,
                                                                    tmp_path, capsys):
    path = tmp_path / "jobs.csv"
    path.write_bytes(content)
    out = tmp_path / "coded.csv"
    out.write_text("left alone", encoding="utf-8")
    status, stdout, stderr = run(["--data", str(tiny_dir), str(path), "-o", str(out)], capsys)
    assert status == 2 and stdout == ""
    assert f"{path}:" in stderr and expected.replace("jobs.csv", str(path)) in stderr
    assert "Traceback" not in stderr
    assert out.read_text(encoding="utf-8") == "left alone"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coded.csv", "jobs.csv"]


def test_a_missing_input_or_data_folder_exits_2(jobs, tiny_dir, tmp_path, capsys):
    status, _out, err = run(["--data", str(tiny_dir), str(tmp_path / "nope.csv")], capsys)
    assert status == 2 and "nope.csv:1: file not found" in err
    status, _out, err = run(["--data", str(tmp_path / "no-data"), str(jobs), "-o",
                             str(tmp_path / "coded.csv")], capsys)
    assert status == 2 and "data folder not found" in err
    assert not (tmp_path / "coded.csv").exists()


def test_an_unknown_title_column_exits_2(jobs, tiny_dir, capsys):
    status, _out, err = run(["--data", str(tiny_dir), str(jobs), "--title-column", "Role"],
                            capsys)
    assert status == 2 and "column Role: no such column" in err


def test_an_output_that_cannot_be_written_exits_2(jobs, tiny_dir, tmp_path, capsys):
    status, _out, err = run(["--data", str(tiny_dir), str(jobs), "-o",
                             str(tmp_path / "no" / "such" / "dir.csv")], capsys)
    assert status == 2 and "cannot be written" in err and "Traceback" not in err


def test_wow_map_jobs_runs_the_command(jobs, tiny_dir, tmp_path, capsys):
    out = tmp_path / "coded.csv"
    assert wow.main(["map-jobs", "--data", str(tiny_dir), str(jobs), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("Job Title,")
    with pytest.raises(SystemExit) as stop:
        wow.main(["map-jobs", "--help"])
    assert stop.value.code == 0 and "usage: wow map-jobs" in capsys.readouterr().out


def test_python_m_graph_mapjobs_exits_2_on_binary_junk_without_a_traceback(tiny_dir, tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    done = subprocess.run([sys.executable, "-m", "graph.mapjobs", "--data", str(tiny_dir),
                           str(path)], check=False, cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert f"{path}:1: the file is a zip archive but not a readable Excel workbook" in done.stderr
    assert "Traceback" not in done.stderr
