"""Tests of graph.csvread: reading untrusted CSV bytes into a header and rows, within limits.

Most go through `graph.build.load_graph`, as a user meets the reader; the rest call the
reader on bytes directly. The broken-file catalogue is in test_broken_files.py.
"""

from __future__ import annotations

import csv
import io

import pytest

import graph.build as build
import graph.csvread as csvread
from graph.build import load_graph
from graph.csvread import Problems, read_table, row_values, rows
from graph.errors import DataError
from graph.schema import EDGE_COLUMNS, EDGES_FILE, NODE_COLUMNS, NODES_FILE
from tests.test_build import append, node, tiny_files, write

LIMITS = ["DEFAULT_MAX_CELL_CHARS", "MAX_CELL_CHARS", "MAX_COLUMN_NAME_CHARS", "MAX_FILE_BYTES",
          "MAX_LINE_CHARS", "MAX_PROBLEMS_PER_FILE", "MAX_ROWS_PER_FILE"]


def read(source, spec=NODE_COLUMNS, name=NODES_FILE):
    """Read a whole table; return (columns, [(line, values)], [problem text])."""
    problems = Problems(name)
    table = read_table(source, spec, problems)
    got = ([(line, row_values(table, line, cells, problems))
            for line, cells in rows(table, problems)] if table.usable else [])
    return table.columns, got, [str(p) for p in problems.all()]


# --- bounded work on hostile files ------------------------------------------------------------

def test_file_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    folder = write(tmp_path, tiny_files())
    size = (folder / NODES_FILE).stat().st_size
    monkeypatch.setattr(csvread, "MAX_FILE_BYTES", size - 1)
    with pytest.raises(DataError) as err:
        load_graph(folder)
    assert [str(p) for p in err.value.problems] == [
        f"{folder / NODES_FILE}: file is too large to load ({size:,} bytes), expected at most "
        f"{size - 1:,} bytes"]


def test_problems_are_capped_per_file(tmp_path, monkeypatch):
    monkeypatch.setattr(csvread, "MAX_PROBLEMS_PER_FILE", 3)
    files = tiny_files()
    append(NODES_FILE, *(node(f"Bad {i}") for i in range(8)))(files)
    append(EDGES_FILE, "chef,chef,part_of,,", "accountant,accountant,part_of,,")(files)
    folder = write(tmp_path, files)
    with pytest.raises(DataError) as err:
        load_graph(folder)
    problems = [str(p) for p in err.value.problems]
    assert len(problems) == 3 + 1 + 3 + 1
    stop = ("more than 3 problems: checking stopped here, the rest of the file is not checked, "
            "expected fewer problems (fix those listed and check again)")
    fourth_bad_row = tiny_files()[NODES_FILE].count(b"\n") + 4
    assert problems[3] == f"{folder / NODES_FILE}:{fourth_bad_row}: {stop}"
    assert all("is not a slug" in p for p in problems[:3])
    second_edge_row = tiny_files()[EDGES_FILE].count(b"\n") + 2
    assert problems[7] == f"{folder / EDGES_FILE}:{second_edge_row}: {stop}"


def test_a_huge_cell_is_a_problem_not_a_crash(tmp_path):
    files = tiny_files()
    append(NODES_FILE, node("potter", label="x" * (csv.field_size_limit() + 10)))(files)
    with pytest.raises(DataError) as err:
        load_graph(write(tmp_path, files))
    [problem] = err.value.problems
    assert (problem.column, problem.message, problem.expected) == (
        "label", f"cell is {csv.field_size_limit() + 10:,} characters long",
        f"at most {csvread.MAX_CELL_CHARS['label']:,} characters")
    assert problem.line == tiny_files()[NODES_FILE].count(b"\n") + 1


def test_long_values_are_shortened_in_messages(tmp_path):
    files = tiny_files()
    append(NODES_FILE, node("Bad" * 1000))(files)
    with pytest.raises(DataError) as err:
        load_graph(write(tmp_path, files))
    assert len(str(err.value)) < 500


# --- accepted variations -----------------------------------------------------------------------

def _same_graph(G, H):
    """Assert two graphs have the same nodes and edges with the same attributes, in order."""
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert list(G.edges(data=True)) == list(H.edges(data=True))


@pytest.mark.parametrize("variant", [
    "bom", "crlf", "spaces", "quoted", "blank-lines", "no-final-newline", "cr-only",
])
def test_harmless_variations_load_the_same_graph(tmp_path, tiny_graph, variant):
    files = tiny_files()
    text = files[NODES_FILE].decode()
    if variant == "bom":
        data = b"\xef\xbb\xbf" + files[NODES_FILE]
    elif variant == "crlf":
        data = text.replace("\n", "\r\n").encode()
    elif variant == "cr-only":
        data = text.replace("\n", "\r").encode()
    elif variant == "spaces":
        rows = list(csv.reader(text.splitlines()))
        data = "".join(",".join(f"  {c} " if '"' not in c and "," not in c else f'"{c}"'
                                for c in row) + "\n" for row in rows).encode()
    elif variant == "quoted":
        rows = list(csv.reader(text.splitlines()))
        out = io.StringIO()
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
        data = out.getvalue().encode()
    elif variant == "blank-lines":
        data = text.replace("\n", "\n\n", 3).encode() + b"\n\n"
    else:
        data = text.rstrip("\n").encode()
    files[NODES_FILE] = data
    G = load_graph(write(tmp_path / "tiny", files))
    _same_graph(G, tiny_graph)
    assert G.graph["node_columns"] == tiny_graph.graph["node_columns"]


# --- the reader on bytes ------------------------------------------------------------------------

@pytest.mark.parametrize("name, spec, extra", [
    (NODES_FILE, NODE_COLUMNS, b"Bad,=x,job\npotter,\"'=SUM(1)\",job,Pots.,,,,,,,\n"),
    (EDGES_FILE, EDGE_COLUMNS, b'chef,leisure,"serves\n'),
])
def test_a_table_from_bytes_reads_as_from_its_file(tmp_path, name, spec, extra):
    data = tiny_files()[name] + extra
    (tmp_path / name).write_bytes(data)
    assert read(data, spec, name) == read(tmp_path / name, spec, name)


def test_row_values_are_stripped_and_unneutralised_and_bad_rows_are_reported():
    columns, got, problems = read(b"id,label,tier,description\n"
                                  b" potter , '=Potter ,profession,Pots.\n"
                                  b"cook,Cook,job\n"
                                  b"id,label,tier,description\n"
                                  b"baker,Baker,job,Bakes.,extra\n")
    assert columns == ["id", "label", "tier", "description"]
    assert got == [(2, {"id": "potter", "label": "=Potter", "tier": "profession",
                        "description": "Pots."}), (3, None), (4, None), (5, None)]
    assert problems == [
        "nodes.csv:3: column description: row has 3 cells but the header has 4, expected 4 "
        "cells (put quotes around a cell that contains a comma)",
        "nodes.csv:4: the header row appears again, expected one header row, at the top (were "
        "two files joined?)",
        "nodes.csv:5: row has 5 cells but the header has 4, expected 4 cells (put quotes "
        "around a cell that contains a comma)"]


def test_bytes_over_the_size_limit_or_not_text_are_one_problem(monkeypatch):
    monkeypatch.setattr(csvread, "MAX_FILE_BYTES", 10)
    assert read(b"id,label,tier,description\n") == ([], [], [
        "nodes.csv: file is too large to load (26 bytes), expected at most 10 bytes"])
    assert read(b"PK\x03\x04") == ([], [], [
        "nodes.csv:1: the file is a zip archive, such as an Excel (.xlsx) or OpenDocument "
        "workbook, not CSV text, expected a UTF-8 text file (save it as 'CSV UTF-8')"])


def test_problems_keep_the_cap_and_count_the_rest(monkeypatch):
    monkeypatch.setattr(csvread, "MAX_PROBLEMS_PER_FILE", 2)
    problems = Problems("nodes.csv")
    for line in range(2, 7):
        problems.add(line, "id", "bad id")
    assert problems.full and problems.dropped == 3
    assert [str(p) for p in problems.all()] == [
        "nodes.csv:2: column id: bad id", "nodes.csv:3: column id: bad id",
        "nodes.csv: ... and 3 more problems"]
    problems.stopped_at = 4
    assert str(problems.all()[-1]) == (
        "nodes.csv:4: more than 2 problems: checking stopped here, the rest of the file is not "
        "checked, expected fewer problems (fix those listed and check again)")


def test_the_limits_are_importable_from_graph_build():
    for name in LIMITS:
        assert getattr(build, name) is getattr(csvread, name), name
        assert name in build.__all__ and name in csvread.__all__
