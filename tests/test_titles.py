"""The titles side table: titles.csv loads as ``G.graph["titles"]``, checked like the other files.

Each row of a data folder's ``titles.csv`` is a real job title pointing, through its SOC
code, at the node that carries the code (a profession when several do). The shipped
tables (``data/titles.csv`` and ``data/us/titles.csv``) must load and point where they say;
a broken table gives located problems and never a traceback; a folder without one loads
as before; and a reload never mixes new nodes with old titles.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import pytest

from explorer.snapshot import data_checksum, load_stable
from graph.build import load_graph, parse_graph
from graph.errors import DataError, WebOfWorkWarning
from graph.schema import (
    EDGES_FILE,
    NODES_FILE,
    TITLE_CELL_CHARS,
    TITLE_COLUMNS,
    TITLE_SOURCES,
    TITLES_FILE,
    tier_rank,
)
from graph.summary import summary
from tests.test_build import REPO, TINY
from tests.test_reload import EditingLoader

SHIPPED = [pytest.param(REPO / "data", id="data"), pytest.param(REPO / "data" / "us", id="us")]
HEADER = "title,code,source\n"
#: Valid titles of the tiny fixture: 29-1141 is carried by a profession and a job, 35-2014 by a
#: job only.
TITLES = HEADER + "Charge Nurse,29-1141,onet\nRN,29-1141,onet-short\nPrep Cook,35-2014,soc\n"
CODE_EXPECTED = "expected a SOC code carried by a node of nodes.csv"


def tiny_with(tmp_path: Path, titles) -> Path:
    """Return a copy of the tiny fixture with a titles.csv of the given text or bytes."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    data = titles.encode("utf-8") if isinstance(titles, str) else titles
    (folder / TITLES_FILE).write_bytes(data)
    return folder


def problems_of(folder: Path) -> list[str]:
    """Return the problems loading a folder raises, as text (none when it loads)."""
    try:
        load_graph(folder)
    except DataError as err:
        return [str(problem) for problem in err.problems]
    return []


def rows(path: Path) -> list[dict]:
    """Return the rows of a CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- the shipped tables


@pytest.fixture(scope="module", params=SHIPPED)
def shipped(request):
    """(folder, graph loaded with warnings as errors) of each data folder with titles."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return request.param, load_graph(request.param)


def test_every_shipped_title_loads_and_points_at_a_node_carrying_its_code(shipped):
    folder, G = shipped
    table = rows(folder / TITLES_FILE)
    assert len(table) > 1000
    assert len(G.graph["titles"]) == len(table)
    for row, (title, node, source) in zip(table, G.graph["titles"]):
        assert (title, source) == (row["title"], row["source"])
        assert G.nodes[node]["code"] == row["code"]


def test_shipped_titles_point_at_the_profession_of_their_code_where_there_is_one(shipped):
    _folder, G = shipped
    professions = {code: n for n, code in G.nodes(data="code")
                   if code and G.nodes[n]["tier"] == "profession"}
    for _title, node, _source in G.graph["titles"]:
        code = G.nodes[node]["code"]
        assert node == professions.get(code, node)
    if _folder.name == "us":  # every title of the real-data edition is an occupation's
        assert {G.nodes[n]["tier"] for _t, n, _s in G.graph["titles"]} == {"profession"}


def test_shipped_titles_use_every_source_and_are_distinct(shipped):
    folder, G = shipped
    table = rows(folder / TITLES_FILE)
    assert set(Counter(r["source"] for r in table)) == set(TITLE_SOURCES)
    keys = Counter((" ".join(r["title"].split()).casefold(), r["code"], r["source"])
                   for r in table)
    assert [k for k, n in keys.items() if n > 1] == []


def test_shipped_titles_are_sorted_by_code_source_then_title(shipped):
    folder, _G = shipped
    table = rows(folder / TITLES_FILE)
    keys = [(r["code"], r["source"], r["title"].casefold()) for r in table]
    assert keys == sorted(keys)


def test_real_titles_are_found_where_people_expect_them():
    G = load_graph(REPO / "data" / "us")
    by_title = {}
    for title, node, source in G.graph["titles"]:
        by_title.setdefault((title, source), node)
    assert by_title[("RN", "onet-short")] == "registered-nurses-29-1141"
    assert by_title[("Staff Nurse", "onet")] == "registered-nurses-29-1141"
    assert by_title[("Loan Officer", "soc")] == "loan-officers-13-2072"


# --------------------------------------------------------------------------- loading


def test_a_folder_without_titles_loads_with_no_titles(tiny_graph):
    assert not (TINY / TITLES_FILE).exists()
    assert tiny_graph.graph["titles"] == ()
    raw = (TINY / NODES_FILE).read_bytes() + (TINY / EDGES_FILE).read_bytes()
    assert tiny_graph.graph["checksum"] == hashlib.sha256(raw).hexdigest()
    assert "Titles" not in summary(tiny_graph)


def test_titles_point_at_the_profession_carrying_the_code_else_any_node(tmp_path):
    G = load_graph(tiny_with(tmp_path, TITLES))
    assert G.graph["titles"] == (("Charge Nurse", "registered-nurse", "onet"),
                                 ("RN", "registered-nurse", "onet-short"),
                                 ("Prep Cook", "line-cook", "soc"))
    assert G.nodes["staff-nurse"]["code"] == "29-1141"  # a job carries the code too
    assert all(isinstance(t, tuple) for t in G.graph["titles"])


def test_a_profession_wins_even_after_a_job_of_the_same_code(tmp_path):
    folder = tiny_with(tmp_path, HEADER + "Head Cook,35-2014,onet\n")
    nodes = (folder / NODES_FILE).read_text(encoding="utf-8")
    nodes += "cook,Cook,profession,Cooks food.,35-2014,,,,,,\n"
    (folder / NODES_FILE).write_text(nodes, encoding="utf-8")
    edges = (folder / EDGES_FILE).read_text(encoding="utf-8") + "cook,leisure,serves,,\n"
    (folder / EDGES_FILE).write_text(edges, encoding="utf-8")
    G = load_graph(folder)
    assert tier_rank("job") > tier_rank("profession")
    assert G.graph["titles"] == (("Head Cook", "cook", "onet"),)


def test_the_checksum_covers_titles_and_matches_the_snapshot(tmp_path):
    folder = tiny_with(tmp_path, TITLES)
    G = load_graph(folder)
    raw = b"".join((folder / n).read_bytes() for n in (NODES_FILE, EDGES_FILE, TITLES_FILE))
    assert G.graph["checksum"] == hashlib.sha256(raw).hexdigest() == data_checksum(folder)
    assert G.graph["checksum"] != load_graph(TINY).graph["checksum"]
    assert load_stable(folder, pause=0).graph["checksum"] == G.graph["checksum"]


def test_parse_graph_takes_titles_as_bytes(tmp_path):
    folder = tiny_with(tmp_path, TITLES)
    files = [(folder / n).read_bytes() for n in (NODES_FILE, EDGES_FILE, TITLES_FILE)]
    G = parse_graph(*files, name="tiny")
    assert G.graph == load_graph(folder).graph
    assert parse_graph(*files[:2]).graph["titles"] == ()
    with pytest.raises(DataError) as err:
        parse_graph(*files[:2], files[2] + b"Cook,99-9999,onet\n", titles_file="up/titles.csv")
    assert [str(p) for p in err.value.problems] == [
        f"up/titles.csv:5: column code: no node of nodes.csv has code '99-9999', {CODE_EXPECTED}"]


def test_a_header_only_titles_file_gives_no_titles(tmp_path):
    G = load_graph(tiny_with(tmp_path, HEADER))
    assert G.graph["titles"] == ()
    assert G.graph["warnings"] == []


def test_repeated_titles_are_kept_with_one_warning(tmp_path):
    folder = tiny_with(tmp_path, TITLES + "charge  nurse,29-1141,onet\nRN,29-1141,onet-short\n"
                       "RN,29-1141,soc\n")
    with pytest.warns(WebOfWorkWarning) as record:
        G = load_graph(folder)
    expected = (f"{folder / TITLES_FILE}:6: column title: 1 row repeats the title, code and "
                "source of an earlier row (this one repeats line 3), expected each title once "
                "per code and source")
    assert [str(w.message) for w in record] == [expected]
    assert G.graph["warnings"] == [expected]
    assert len(G.graph["titles"]) == 6  # "charge  nurse" differs in spacing: kept, no warning


def test_summary_counts_titles_per_source(tmp_path):
    G = load_graph(tiny_with(tmp_path, TITLES))
    text = summary(G)
    assert "Titles per source (3 titles):" in text
    lines = [line.split() for line in text.splitlines()]
    assert ["onet", "1"] in lines and ["onet-short", "1"] in lines and ["soc", "1"] in lines


def test_the_command_line_prints_the_number_of_titles(tmp_path):
    folder = tiny_with(tmp_path, TITLES)
    result = subprocess.run([sys.executable, "-m", "graph.build", str(folder)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Titles per source (3 titles):" in result.stdout


# --------------------------------------------------------------------------- broken titles files


BIG = TITLE_CELL_CHARS["title"]


@pytest.mark.parametrize("titles, expected", [
    (TITLES + "Cook,35-9999,onet\n",
     [f"5: column code: no node of nodes.csv has code '35-9999', {CODE_EXPECTED}"]),
    (TITLES + "Cook,62,onet\n",
     [f"5: column code: '62' is not a SOC 2018 detailed code (NN-NNNN), {CODE_EXPECTED}"]),
    (TITLES + "Cook,,onet\n", [f"5: column code: blank code, {CODE_EXPECTED}"]),
    (TITLES + "Cook,35-2014,onett\n",
     ["5: column source: unknown source 'onett' (did you mean 'onet'?), expected one of onet, "
      "onet-short, soc"]),
    (TITLES + "Cook,35-2014,\n",
     ["5: column source: blank source, expected one of onet, onet-short, soc"]),
    (TITLES + " ,35-2014,soc\n",
     ["5: column title: blank title, expected a job title, such as 'Staff Nurse'"]),
    (TITLES + "x" * (BIG + 1) + ",35-2014,soc\n",
     [f"5: column title: cell is {BIG + 1} characters long, expected at most {BIG} characters"]),
    (TITLES + "Cook,35-2014,soc,extra\n",
     ["5: row has 4 cells but the header has 3, expected 3 cells (put quotes around a cell "
      "that contains a comma)"]),
    (TITLES + "Cook,35-2014\n",
     ["5: column source: row has 2 cells but the header has 3, expected 3 cells (put quotes "
      "around a cell that contains a comma)"]),
    ("title,code\nCook,35-2014\n",
     ["1: column source: required column is missing, expected a header with the columns "
      "title, code, source"]),
    (TITLES + "Caf\xe9 Cook,35-2014,soc\n".encode("latin-1").decode("utf-8", "surrogateescape"),
     ["5: column title: byte 0xe9 is not valid UTF-8 (the file mixes encodings: read as "
      "Windows-1252 the cell is 'Café Cook'), expected a UTF-8 text file (save it as "
      "'CSV UTF-8')"]),
    (b"\x00\x01\x02\x03\xff\xfe" * 500,
     ["1: the file looks binary, not text (3,000 of its first 3,000 characters are control "
      "characters or bytes that are not UTF-8), expected a UTF-8 text file (save it as "
      "'CSV UTF-8')"]),
    (b"PK\x03\x04" + bytes(range(256)) * 4,
     ["1: the file is a zip archive, such as an Excel (.xlsx) or OpenDocument workbook, not "
      "CSV text, expected a UTF-8 text file (save it as 'CSV UTF-8')"]),
    ("", [": file is empty, expected a header row naming the columns, then rows"]),
])
def test_a_broken_titles_file_gives_located_problems(tmp_path, titles, expected):
    data = (titles.encode("utf-8", "surrogateescape") if isinstance(titles, str) else titles)
    folder = tiny_with(tmp_path, data)
    shown = str(folder / TITLES_FILE)
    got = problems_of(folder)
    # a whole-file problem names no line: "FILE: what" instead of "FILE:LINE: what"
    assert got == [shown + (":" + e if e[0].isdigit() else e) for e in expected]


def test_every_bad_row_is_reported_and_the_good_ones_do_not_count(tmp_path):
    folder = tiny_with(tmp_path, TITLES + "A,35-9999,onet\nB,35-2014,onet\nC,35-2014,web\n")
    got = problems_of(folder)
    assert [p.split(": column ")[0].rsplit(":", 1)[1] for p in got] == ["5", "7"]


def test_a_folder_in_place_of_the_titles_file_is_one_problem(tmp_path):
    folder = tiny_with(tmp_path, b"")
    (folder / TITLES_FILE).unlink()
    (folder / TITLES_FILE).mkdir()
    [problem] = problems_of(folder)
    assert problem.startswith(str(folder / TITLES_FILE) + ":")


def test_codes_are_not_checked_while_nodes_csv_has_problems(tmp_path):
    folder = tiny_with(tmp_path, TITLES)
    nodes = (folder / NODES_FILE).read_text(encoding="utf-8")
    (folder / NODES_FILE).write_text(nodes.replace(",job,", ",jobb,", 1), encoding="utf-8")
    got = problems_of(folder)
    assert got and all(p.startswith(str(folder / NODES_FILE)) for p in got)


def test_a_broken_titles_file_is_reported_by_the_command_line_without_a_traceback(tmp_path):
    folder = tiny_with(tmp_path, TITLES + "Cook,35-9999,onet\n" + "\x00junk\n" * 3)
    result = subprocess.run([sys.executable, "-m", "graph.build", str(folder)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{folder / TITLES_FILE}:5: column code: no node of nodes.csv has code '35-9999'" \
        in result.stderr


def test_the_titles_columns_are_declared_once():
    assert [c.name for c in TITLE_COLUMNS] == ["title", "code", "source"]
    assert all(c.required for c in TITLE_COLUMNS)
    assert set(TITLE_CELL_CHARS) == {c.name for c in TITLE_COLUMNS}
    assert list(TITLE_SOURCES) == ["onet", "onet-short", "soc"]


# --------------------------------------------------------------------------- snapshot


def test_titles_changing_during_a_load_are_read_again_never_mixed(tmp_path):
    folder = tiny_with(tmp_path, TITLES)
    new_titles = TITLES + "Sous Chef,35-1011,soc\n"

    def update(f):
        (f / TITLES_FILE).write_text(new_titles, encoding="utf-8")

    loader = EditingLoader(folder, {1: ("after", update)})
    G = load_stable(folder, pause=0, load=loader)
    assert loader.calls == 2
    assert G.graph["titles"][-1] == ("Sous Chef", "chef", "soc")
    assert G.graph["checksum"] == data_checksum(folder)


@pytest.mark.parametrize("change", ["appears", "vanishes"])
def test_a_titles_file_appearing_or_vanishing_during_a_load_is_seen(tmp_path, change):
    folder = tiny_with(tmp_path, TITLES)
    if change == "appears":
        (folder / TITLES_FILE).unlink()

    def flip(f):
        if change == "appears":
            (f / TITLES_FILE).write_text(TITLES, encoding="utf-8")
        else:
            (f / TITLES_FILE).unlink()

    loader = EditingLoader(folder, {1: ("after", flip)})
    G = load_stable(folder, pause=0, load=loader)
    assert loader.calls == 2
    assert len(G.graph["titles"]) == (3 if change == "appears" else 0)
    assert G.graph["checksum"] == data_checksum(folder)
