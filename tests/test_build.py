"""Tests of graph.build: loading from a folder or bytes, the validation rules, warnings, CLI."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build import load_graph, parse_graph
from graph.errors import DataError, WebOfWorkWarning
from graph.schema import (
    BRIDGED,
    EDGES_FILE,
    LATERAL_RELATIONS,
    NEED_IDS,
    NEEDS,
    NODES_FILE,
    NUMERIC_EXTRA_COLUMNS,
    ORG_KINDS,
    RELATION_IDS,
    SKILLS_FILE,
    TIER_IDS,
    TIERS,
    TITLES_FILE,
    WORK_TIERS,
    neutralise,
    unneutralise,
)
from graph.summary import need_reach, summary

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny"
TIERS_TEXT = ", ".join(TIER_IDS)
RELATIONS_TEXT = ", ".join((*RELATION_IDS, BRIDGED))


def node(id, tier="job", label="Test node", kind=""):
    """Return a nodes.csv row of the tiny fixture's columns."""
    return f"{id},{label},{tier},A test node.,,,,,{kind},,"


# --- mutations: each returns a function that edits {file name: bytes} in place -------------

def append(file, *rows):
    """Append rows (text lines) to a file."""
    def mutate(files):
        files[file] = files[file] + "".join(r + "\n" for r in rows).encode()
    return mutate


def append_bytes(file, row: bytes):
    """Append one row given as raw bytes."""
    def mutate(files):
        files[file] = files[file] + row + b"\n"
    return mutate


def sub(file, old, new, count=1):
    """Replace text that occurs exactly `count` times in a file."""
    def mutate(files):
        text = files[file].decode()
        assert text.count(old) == count, (old, text.count(old))
        files[file] = text.replace(old, new).encode()
    return mutate


def put(file, data: bytes):
    """Replace a file's bytes."""
    def mutate(files):
        files[file] = data
    return mutate


def delete(file):
    """Remove a file."""
    def mutate(files):
        del files[file]
    return mutate


def both(*mutations):
    """Apply several mutations in order."""
    def mutate(files):
        for m in mutations:
            m(files)
    return mutate


def add_column(file, name, values: dict):
    """Add a column at the end of a file; values maps a row's first cell to its value."""
    def mutate(files):
        lines = files[file].decode().splitlines()
        out = [lines[0] + "," + name]
        for line in lines[1:]:
            out.append(line + "," + values.get(line.split(",", 1)[0], ""))
        files[file] = ("\n".join(out) + "\n").encode()
    return mutate


def tiny_files() -> dict[str, bytes]:
    """Return the bytes of the tiny fixture's files."""
    return {name: (TINY / name).read_bytes() for name in (NODES_FILE, EDGES_FILE)}


def write(folder: Path, files: dict[str, bytes]) -> Path:
    """Write files into a folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def next_lines(data: bytes, prefix: str) -> dict[str, int]:
    """Return {prefix1: n+1, prefix2: n+2, ...}, the line numbers of rows appended to a file."""
    n = data.decode().count("\n")
    return {f"{prefix}{i}": n + i for i in range(1, 6)}


def row_lines(data: bytes) -> dict[str, int]:
    """Return {"at_ID": line} for each row of a file without multi-line cells ("-" as "_")."""
    return {"at_" + line.split(",", 1)[0].replace("-", "_"): number
            for number, line in enumerate(data.decode().splitlines(), start=1) if number > 1}


def load_mutated(tmp_path, mutation):
    """Write a mutated copy of the tiny fixture; return (folder, the DataError raised)."""
    files = tiny_files()
    lines = {**next_lines(files[NODES_FILE], "n"), **next_lines(files[EDGES_FILE], "e"),
             **row_lines(files[NODES_FILE])}
    mutation(files)
    folder = write(tmp_path / "data", files)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WebOfWorkWarning)
        with pytest.raises(DataError) as err:
            load_graph(folder)
    return folder, lines, err.value


# (id, mutation, expected problems; {n1} {n2}.. and {e1} {e2}.. are lines appended to
# nodes.csv / edges.csv; each problem is prefixed with the data folder the user passed)
RULES = [
    # --- whole files
    ("nodes-missing", delete(NODES_FILE),
     ["nodes.csv: file is missing, expected a CSV file in the data folder"]),
    ("edges-missing", delete(EDGES_FILE),
     ["edges.csv: file is missing, expected a CSV file in the data folder"]),
    ("nodes-empty", put(NODES_FILE, b""),
     ["nodes.csv: file is empty, expected a header row naming the columns, then rows"]),
    ("edges-empty", put(EDGES_FILE, b""),
     ["edges.csv: file is empty, expected a header row naming the columns, then rows"]),
    ("nodes-blank-lines-only", put(NODES_FILE, b"\n \r\n\n"),
     ["nodes.csv: file is empty, expected a header row naming the columns, then rows"]),
    ("nodes-header-only", put(NODES_FILE, b"id,label,tier,description\n"),
     ["nodes.csv: has a header but no rows, expected at least one node"]),
    ("nodes-missing-column", sub(NODES_FILE, "id,label,tier,description,", "id,label,tier,"),
     ["nodes.csv:1: column description: required column is missing, expected a header with "
      "the columns id, label, tier, description"]),
    ("nodes-misspelt-column", sub(NODES_FILE, "id,label,tier,", "id,lable,tier,"),
     ["nodes.csv:1: column label: required column is missing (found 'lable'), expected a "
      "header with the columns id, label, tier, description"]),
    ("edges-missing-column", sub(EDGES_FILE, "source,target,relation,", "source,target,"),
     ["edges.csv:1: column relation: required column is missing, expected a header with the "
      "columns source, target, relation"]),
    ("nodes-blank-column-name", sub(NODES_FILE, "based_in,url\n", "based_in,url,\n"),
     ["nodes.csv:1: column #12: blank column name, expected a name for every column "
      "(remove trailing commas)"]),
    ("nodes-duplicate-column", sub(NODES_FILE, "based_in,url\n", "based_in,label\n"),
     ["nodes.csv:1: column label: column appears twice (also column #2), expected each "
      "column once"]),
    ("nodes-not-utf8", append_bytes(NODES_FILE, node("cafe").encode().replace(b"Test", b"Caf\xe9")),
     ["nodes.csv:{n1}: column label: byte 0xe9 is not valid UTF-8 (the file mixes encodings: "
      "read as Windows-1252 the cell is 'Café node'), expected a UTF-8 text file (save it as "
      "'CSV UTF-8')"]),
    ("nodes-bom-then-not-utf8", both(lambda files: files.update(
        {NODES_FILE: b"\xef\xbb\xbf" + files[NODES_FILE]}),
        append_bytes(NODES_FILE, b"potter,Potter,job,\x80\x81,,,,,,,")),
     ["nodes.csv:{n1}: column description: byte 0x80 is not valid UTF-8, expected a UTF-8 text "
      "file (save it as 'CSV UTF-8')"]),
    ("nodes-utf16", lambda files: files.update({NODES_FILE: files[NODES_FILE].decode()
                                                .encode("utf-16")}),
     ["nodes.csv:1: the file is UTF-16 text (it starts with a UTF-16 byte-order mark), expected "
      "a UTF-8 text file (save it as 'CSV UTF-8')"]),
    ("edges-nul-byte", append(EDGES_FILE, "line-cook,fam\x00ily,serves,,"),
     ["edges.csv:{e1}: column target: NUL byte in the cell (is the file binary or damaged?), "
      "expected a UTF-8 text file without NUL bytes (save it as 'CSV UTF-8')"]),
    ("nodes-bad-quoting", append(NODES_FILE, 'potter,"Potter"y,job,A test node.,,,,,,,'),
     ["nodes.csv:{n1}: column label: cannot read the CSV from here on (',' expected after "
      "'\"'), expected "
      "standard CSV quoting (a cell with a comma, quote or line break in quotes, a quote "
      "inside doubled \"\")"]),
    ("nodes-unclosed-quote", append(NODES_FILE, 'potter,"Potter,job,A test node.,,,,,,,'),
     ["nodes.csv:{n1}: column label: cannot read the CSV from here on (unexpected end of "
      "data), expected "
      "standard CSV quoting (a cell with a comma, quote or line break in quotes, a quote "
      "inside doubled \"\")"]),
    # --- node rows
    ("blank-id", append(NODES_FILE, node("")),
     ["nodes.csv:{n1}: column id: required cell is blank, expected a value"]),
    ("blank-label", append(NODES_FILE, node("potter", label="  ")),
     ["nodes.csv:{n1}: column label: required cell is blank, expected a value"]),
    ("blank-tier", append(NODES_FILE, node("potter", tier="")),
     ["nodes.csv:{n1}: column tier: required cell is blank, expected a value"]),
    ("blank-description", append(NODES_FILE, "potter,Potter,job,,,,,,,,"),
     ["nodes.csv:{n1}: column description: required cell is blank, expected a value"]),
    ("duplicate-id", append(NODES_FILE, node("potter"), node("potter", label="Other")),
     ["nodes.csv:{n2}: column id: duplicate id 'potter' (first on line {n1}), expected each "
      "id once"]),
    ("duplicate-id-after-strip", append(NODES_FILE, node("potter"), node(" potter ")),
     ["nodes.csv:{n2}: column id: duplicate id 'potter' (first on line {n1}), expected each "
      "id once"]),
    ("id-not-slug", append(NODES_FILE, node("Loan Officer II")),
     ["nodes.csv:{n1}: column id: id 'Loan Officer II' is not a slug, expected a slug of "
      "lower-case letters, digits and single hyphens, e.g. 'loan-officer-ii'"]),
    ("id-double-hyphen", append(NODES_FILE, node("loan--officer")),
     ["nodes.csv:{n1}: column id: id 'loan--officer' is not a slug, expected a slug of "
      "lower-case letters, digits and single hyphens, e.g. 'loan-officer'"]),
    ("unknown-tier", append(NODES_FILE, node("potter", tier="guild")),
     [f"nodes.csv:{{n1}}: column tier: unknown tier 'guild', expected one of {TIERS_TEXT}"]),
    ("tier-wrong-case", append(NODES_FILE, node("potter", tier="Profession")),
     ["nodes.csv:{n1}: column tier: unknown tier 'Profession' (did you mean 'profession'?), "
      f"expected one of {TIERS_TEXT}"]),
    ("unknown-need", append(NODES_FILE, node("happiness", tier="need")),
     ["nodes.csv:{n1}: column id: need id 'happiness' is not one of the 12 needs, expected "
      f"one of {', '.join(NEED_IDS)}"]),
    ("need-id-on-other-tier", sub(NODES_FILE, "spirituality,Spirituality,need,",
                                  "spirituality,Spirituality,profession,"),
     ["nodes.csv:{at_spirituality}: column tier: id 'spirituality' belongs to a need but the "
      "tier is 'profession', expected need (the need ids are reserved for the needs)"]),
    ("need-near-miss", append(NODES_FILE, node("health-and-wellbeing", tier="need")),
     ["nodes.csv:{n1}: column id: need id 'health-and-wellbeing' is not one of the 12 needs "
      f"(did you mean 'health-and-well-being'?), expected one of {', '.join(NEED_IDS)}"]),
    ("unknown-org-kind", append(NODES_FILE, node("potters-guild", "organization", kind="guild")),
     ["nodes.csv:{n1}: column kind: unknown organization kind 'guild', expected one of "
      f"{', '.join(ORG_KINDS)} or a blank cell"]),
    ("org-kind-wrong-case", append(NODES_FILE, node("acme", "organization", kind="Company")),
     ["nodes.csv:{n1}: column kind: unknown organization kind 'Company' (did you mean "
      f"'company'?), expected one of {', '.join(ORG_KINDS)} or a blank cell"]),
    ("node-too-few-cells", append(NODES_FILE, "potter,Potter,job,Makes pots"),
     ["nodes.csv:{n1}: column code: row has 4 cells but the header has 11, expected 11 cells "
      "(put quotes around a cell that contains a comma)"]),
    ("node-too-many-cells", append(NODES_FILE, "potter,Potter,job,Makes pots, bowls,,,,,,,"),
     ["nodes.csv:{n1}: row has 12 cells but the header has 11, expected 11 cells (put quotes "
      "around a cell that contains a comma)"]),
    ("repeated-header", append(EDGES_FILE, " source , target,relation,weight,evidence",
                               "line-cook,mount-sinai-hospital,sits_in,,"),
     ["edges.csv:{e1}: the header row appears again, expected one header row, at the top (were "
      "two files joined?)"]),
    ("node-bad-employment", add_column(NODES_FILE, "employment", {"chef": "lots"}),
     ["nodes.csv:{at_chef}: column employment: 'lots' is not a valid employment, expected a whole "
      "number >= 0 (such as 1200) or a blank cell"]),
    ("node-fractional-wage", add_column(NODES_FILE, "median_wage", {"chef": "12.5"}),
     ["nodes.csv:{at_chef}: column median_wage: '12.5' is not a valid median_wage, expected a "
      "whole number >= 0 (such as 1200) or a blank cell"]),
    ("node-negative-employment", add_column(NODES_FILE, "employment", {"chef": "-3"}),
     ["nodes.csv:{at_chef}: column employment: '-3' is not a valid employment, expected a whole "
      "number >= 0 (such as 1200) or a blank cell"]),
    # --- edge rows
    ("blank-source", append(EDGES_FILE, ",chef,draws_on,,"),
     ["edges.csv:{e1}: column source: required cell is blank, expected a value"]),
    ("blank-relation", append(EDGES_FILE, "line-cook,staff-nurse, ,,"),
     ["edges.csv:{e1}: column relation: required cell is blank, expected a value"]),
    ("unknown-relation", append(EDGES_FILE, "chef,family,serve,,"),
     ["edges.csv:{e1}: column relation: unknown relation 'serve' (did you mean 'serves'?), "
      f"expected one of {RELATIONS_TEXT}"]),
    ("wrong-tiers", append(EDGES_FILE, "line-cook,leisure,serves,,"),
     ["edges.csv:{e1}: column relation: relation 'serves' cannot join job -> need, expected "
      "'serves' to join profession -> need or organization -> need"]),
    ("wrong-relation-for-pair", append(EDGES_FILE, "line-cook,habitat-for-humanity,draws_on,,"),
     ["edges.csv:{e1}: column relation: relation 'draws_on' cannot join job -> organization, "
      "expected 'draws_on' to join job -> profession (a job -> organization edge is "
      "'sits_in')"]),
    ("reversed-edge", append(EDGES_FILE, "family,chef,serves,,"),
     ["edges.csv:{e1}: column relation: relation 'serves' cannot join need -> profession, "
      "expected 'serves' to join profession -> need or organization -> need (edges point "
      "toward the needs: swap source and target)"]),
    ("unknown-target", append(EDGES_FILE, "line-cook,chefs,draws_on,,"),
     ["edges.csv:{e1}: column target: no node has id 'chefs', expected an id from "
      "{dir}nodes.csv, e.g. 'chef'"]),
    ("unknown-source-no-match", append(EDGES_FILE, "zzzzzz,chef,draws_on,,"),
     ["edges.csv:{e1}: column source: no node has id 'zzzzzz', expected an id from "
      "{dir}nodes.csv"]),
    ("self-loop", append(EDGES_FILE, "hospitals,hospitals,part_of,,"),
     ["edges.csv:{e1}: column target: self-loop: source and target are both 'hospitals', "
      "expected an edge between two different nodes"]),
    ("duplicate-edge", append(EDGES_FILE, "line-cook,mount-sinai-hospital,sits_in,,",
                              "line-cook,mount-sinai-hospital,sits_in,,again"),
     ["edges.csv:{e2}: column target: duplicate edge line-cook -> mount-sinai-hospital (first "
      "on line {e1}), expected each (source, target) pair once"]),
    ("contradictory-edge", append(EDGES_FILE, "food-services,hospitals,part_of,,",
                                  "hospitals,food-services,part_of,,"),
     ["edges.csv:{e2}: column target: edge hospitals -> food-services contradicts edge "
      "food-services -> hospitals on line {e1}, expected edges that point one way, toward "
      "the needs"]),
    ("cycle", append(EDGES_FILE, "health-care,construction,part_of,,",
                     "construction,hospitals,part_of,,"),
     ["edges.csv:{e2}: column target: edges form a cycle: hospitals -> health-care -> "
      "construction -> hospitals, expected edges that all lead toward the needs, never back "
      "around"]),
    ("bad-weight", append(EDGES_FILE, "line-cook,mount-sinai-hospital,sits_in,heavy,"),
     ["edges.csv:{e1}: column weight: 'heavy' is not a valid weight, expected a number (such "
      "as 0.25) or a blank cell"]),
    ("nan-weight", append(EDGES_FILE, "line-cook,mount-sinai-hospital,sits_in,nan,"),
     ["edges.csv:{e1}: column weight: 'nan' is not a valid weight, expected a number (such "
      "as 0.25) or a blank cell"]),
    ("edge-too-few-cells", append(EDGES_FILE, "line-cook,mount-sinai-hospital"),
     ["edges.csv:{e1}: column relation: row has 2 cells but the header has 5, expected 5 "
      "cells (put quotes around a cell that contains a comma)"]),
    # --- several problems, in both files, in one pass
    ("several", both(append(NODES_FILE, node("Bad Id"), node("potter", tier="guild"),
                            node("potter")),
                     append(EDGES_FILE, "potter,chef,draws_on,x,", "chef,chef,serves,,")),
     ["nodes.csv:{n1}: column id: id 'Bad Id' is not a slug, expected a slug of lower-case "
      "letters, digits and single hyphens, e.g. 'bad-id'",
      f"nodes.csv:{{n2}}: column tier: unknown tier 'guild', expected one of {TIERS_TEXT}",
      "nodes.csv:{n3}: column id: duplicate id 'potter' (first on line {n2}), expected each "
      "id once",
      "edges.csv:{e1}: column weight: 'x' is not a valid weight, expected a number (such as "
      "0.25) or a blank cell",
      "edges.csv:{e2}: column target: self-loop: source and target are both 'chef', expected "
      "an edge between two different nodes",
      "edges.csv:{e2}: column relation: relation 'serves' cannot join profession -> "
      "profession, expected 'serves' to join profession -> need or organization -> need "
      "(a profession -> profession edge is 'related_to')"]),
    # --- problems after a multi-line quoted cell are placed on their physical line
    ("line-after-multiline-cell",
     append(NODES_FILE, 'potter,Potter,profession,"Makes pots\non a wheel\nand fires them.",,,,,,,',
            node("Bad")),
     ["nodes.csv:{n4}: column id: id 'Bad' is not a slug, expected a slug of lower-case "
      "letters, digits and single hyphens, e.g. 'bad'"]),
    ("crlf-and-multiline", both(
        lambda files: files.update({NODES_FILE: files[NODES_FILE].replace(b"\n", b"\r\n")}),
        append(NODES_FILE, 'potter,Potter,profession,"Makes pots\r\non a wheel.",,,,,,,\r',
               node("Bad") + "\r")),
     ["nodes.csv:{n3}: column id: id 'Bad' is not a slug, expected a slug of lower-case "
      "letters, digits and single hyphens, e.g. 'bad'"]),
]


@pytest.mark.parametrize("mutation, expected", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_each_rule_reports_file_line_column(tmp_path, mutation, expected):
    folder, lines, err = load_mutated(tmp_path, mutation)
    prefix = str(folder) + os.sep
    want = [prefix + e.format(dir=prefix, **lines) for e in expected]
    assert [str(p) for p in err.problems] == want
    assert str(err).splitlines()[1:] == ["  " + w for w in want]


def test_edge_problems_do_not_cascade_from_a_broken_nodes_file(tmp_path):
    _, _, err = load_mutated(tmp_path, append(NODES_FILE, 'potter,"Potter"y,job,x,,,,,,,'))
    assert [p.file.endswith(NODES_FILE) for p in err.problems] == [True]


def test_edges_to_nodes_on_bad_rows_are_not_reported_unknown(tmp_path):
    mutation = both(append(NODES_FILE, "potter,Potter,job,Makes pots"),
                    append(EDGES_FILE, "potter,chef,draws_on,,"))
    _, lines, err = load_mutated(tmp_path, mutation)
    assert [(Path(p.file).name, p.line) for p in err.problems] == [(NODES_FILE, lines["n1"])]


@pytest.mark.parametrize("relation, source, target, ok", [
    (BRIDGED, "line-cook", "leisure", True),       # job -> profession -> need
    (BRIDGED, "staff-nurse", "hospitals", True),   # job -> organization -> industry
    (BRIDGED, "chef", "jpmorgan-chase", False),    # no chain joins profession -> organization
    (BRIDGED, "leisure", "line-cook", False),      # away from the needs
])
def test_bridged_edges_only_between_tiers_a_chain_joins(tmp_path, relation, source, target, ok):
    files = tiny_files()
    append(EDGES_FILE, f"{source},{target},{relation},,")(files)
    folder = write(tmp_path, files)
    if ok:
        assert load_graph(folder).edges[source, target]["relation"] == BRIDGED
    else:
        with pytest.raises(DataError) as err:
            load_graph(folder)
        [problem] = err.value.problems
        tiers = tuple(G_tier(files, n) for n in (source, target))
        assert (problem.column, problem.message) == (
            "relation", f"relation 'bridged' cannot join {tiers[0]} -> {tiers[1]}")


def G_tier(files, node_id):
    """Return the tier of a node row in the files, read with the csv module."""
    rows = csv.DictReader(files[NODES_FILE].decode().splitlines())
    return next(r["tier"] for r in rows if r["id"] == node_id)


def test_bridged_edges_keep_their_via(tmp_path):
    files = tiny_files()
    lines = files[EDGES_FILE].decode().splitlines()
    text = "\n".join([lines[0] + ",via", *(line + "," for line in lines[1:])]) + "\n"
    files[EDGES_FILE] = text.encode()
    append(EDGES_FILE, "line-cook,food-services,bridged,,,chef")(files)
    G = load_graph(write(tmp_path, files))
    assert G.edges["line-cook", "food-services"] == {"relation": BRIDGED, "evidence": "",
                                                     "via": "chef"}
    assert G.edges["chef", "leisure"]["via"] == ""
    assert G.graph["edge_columns"] == ["source", "target", "relation", "weight", "evidence",
                                       "via"]


# --- folders -------------------------------------------------------------------------------

def test_a_folder_named_like_a_data_file_is_reported(tmp_path):
    files = tiny_files()
    del files[EDGES_FILE]
    folder = write(tmp_path, files)
    (folder / EDGES_FILE).mkdir()
    with pytest.raises(DataError) as err:
        load_graph(folder)
    assert [str(p) for p in err.value.problems] == [
        f"{folder / EDGES_FILE}: is not a file, expected a CSV file"]


def test_missing_folder(tmp_path):
    with pytest.raises(DataError) as err:
        load_graph(tmp_path / "nope")
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'nope'}: no such folder, expected a folder holding nodes.csv and "
        "edges.csv"]


# --- from bytes --------------------------------------------------------------------------------

def test_parse_graph_gives_the_graph_load_graph_gives(tiny_dir, tiny_graph):
    files = tiny_files()
    G = parse_graph(files[NODES_FILE], files[EDGES_FILE], name="tiny")
    assert list(G.nodes(data=True)) == list(tiny_graph.nodes(data=True))
    assert list(G.edges(data=True)) == list(tiny_graph.edges(data=True))
    assert G.graph == tiny_graph.graph


def test_parse_graph_names_the_files_as_told():
    files = tiny_files()
    broken = files[EDGES_FILE] + b"hospitals,hospitals,part_of,,\n"
    with pytest.raises(DataError) as err:
        parse_graph(files[NODES_FILE], broken, edges_file="upload/edges.csv")
    line = physical_lines(files[EDGES_FILE])
    assert [str(p) for p in err.value.problems] == [
        f"upload/edges.csv:{line}: column target: self-loop: source and target are both "
        "'hospitals', expected an edge between two different nodes"]


@pytest.mark.parametrize("load", ["folder", "bytes"])
def test_warnings_point_at_the_caller(tmp_path, load):
    files = tiny_files()
    append(NODES_FILE, node("potter", "profession"))(files)
    with pytest.warns(WebOfWorkWarning, match="reaches no need") as record:
        if load == "folder":
            load_graph(write(tmp_path, files))
        else:
            parse_graph(files[NODES_FILE], files[EDGES_FILE])
    assert [Path(w.filename).name for w in record] == [Path(__file__).name]


# --- accepted variations -----------------------------------------------------------------------

def test_neutralised_cells_are_restored(tmp_path):
    files = tiny_files()
    label = "=HYPERLINK(\"x\")"
    cell = '"' + neutralise(label).replace('"', '""') + '"'
    append(NODES_FILE, f"potter,{cell},profession,{neutralise('-plain')},,,,,,,",)(files)
    append(EDGES_FILE, "potter,leisure,serves,,'@evidence")(files)
    G = load_graph(write(tmp_path, files))
    assert G.nodes["potter"]["label"] == label
    assert G.nodes["potter"]["description"] == "-plain"
    assert G.edges["potter", "leisure"]["evidence"] == "@evidence"


def test_numbers_parse_and_blank_numbers_are_absent(tmp_path):
    files = tiny_files()
    add_column(NODES_FILE, "employment", {"chef": " 147000 ", "accountant": "1400000.0"})(files)
    add_column(NODES_FILE, "source", {"chef": "OEWS"})(files)
    G = load_graph(write(tmp_path, files))
    assert G.nodes["chef"]["employment"] == 147000
    assert isinstance(G.nodes["accountant"]["employment"], int)
    assert "employment" not in G.nodes["electrician"]
    assert G.nodes["chef"]["source"] == "OEWS" and G.nodes["electrician"]["source"] == ""
    assert list(G.nodes["chef"])[-2:] == ["employment", "source"]
    weights = {(u, v): w for u, v, w in G.edges(data="weight") if w is not None}
    assert weights and all(isinstance(w, float) for w in weights.values())


# --- round trip: the graph holds exactly what the files hold ---------------------------------

def read_csv(path: Path):
    """Parse a data file with the csv module alone, applying the documented conventions."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader)]
        rows = []
        for cells in reader:
            if not cells:
                continue
            row = {}
            for name, cell in zip(header, cells, strict=True):
                value = unneutralise(cell.strip())
                if name in NUMERIC_EXTRA_COLUMNS:
                    if value:
                        row[name] = NUMERIC_EXTRA_COLUMNS[name](float(value))
                else:
                    row[name] = value
            rows.append(row)
    return header, rows


DATASETS = [
    pytest.param(TINY, id="tiny"),
    pytest.param(REPO / "data", id="data", marks=pytest.mark.skipif(
        not (REPO / "data" / NODES_FILE).exists(), reason="data/nodes.csv not written yet")),
    pytest.param(REPO / "data" / "us", id="data-us", marks=pytest.mark.skipif(
        not (REPO / "data" / "us" / NODES_FILE).exists(), reason="data/us not generated yet")),
]


@pytest.mark.parametrize("folder", DATASETS)
def test_round_trip_graph_equals_the_csv_files(folder):
    node_header, node_rows = read_csv(folder / NODES_FILE)
    edge_header, edge_rows = read_csv(folder / EDGES_FILE)
    G = load_graph(folder)
    assert type(G) is nx.DiGraph
    assert {r["id"]: {k: v for k, v in r.items() if k != "id"} for r in node_rows} == dict(
        G.nodes(data=True))
    assert [r["id"] for r in node_rows] == list(G)
    assert {(r["source"], r["target"]): {k: v for k, v in r.items()
                                         if k not in ("source", "target")}
            for r in edge_rows} == {(u, v): d for u, v, d in G.edges(data=True)}
    assert len(edge_rows) == G.number_of_edges()
    for n, attrs in G.nodes(data=True):
        assert [k for k in node_header if k != "id" and k in attrs] == list(attrs), n
    files = [folder / name for name in (NODES_FILE, EDGES_FILE, TITLES_FILE, SKILLS_FILE)]
    raw = b"".join(path.read_bytes() for path in files if path.exists())
    assert G.graph["checksum"] == hashlib.sha256(raw).hexdigest()
    assert G.graph["node_columns"] == node_header
    assert G.graph["edge_columns"] == edge_header
    assert G.graph["name"] == folder.name
    title_rows = read_csv(files[2])[1] if files[2].exists() else []
    assert [(r["title"], r["source"]) for r in title_rows] == [
        (title, source) for title, _node, source in G.graph["titles"]]
    assert [r["code"] for r in title_rows] == [
        G.nodes[node]["code"] for _title, node, _source in G.graph["titles"]]
    skill_rows = read_csv(files[3])[1] if files[3].exists() else []
    assert [(r["code"], r["kind"], r["element"], float(r["importance"])) for r in skill_rows] == [
        (code, kind, element, value) for code, found in G.graph["skills"].items()
        for (kind, element), value in found.items()]


def test_tiny_fixture_is_clean_and_covers_every_tier(tiny_graph):
    assert tiny_graph.graph["warnings"] == []
    tiers = {t for _, t in tiny_graph.nodes(data="tier")}
    assert tiers == set(TIER_IDS)
    # every relation leading towards the needs (lateral ones: tests/test_lateral.py)
    assert {r for _, _, r in tiny_graph.edges(data="relation")} == set(RELATION_IDS) - LATERAL_RELATIONS


# --- warnings ----------------------------------------------------------------------------------

def test_node_that_reaches_no_need_is_a_warning(tmp_path):
    files = tiny_files()
    append(NODES_FILE, node("potter", "profession"), node("apprentice-potter"))(files)
    append(EDGES_FILE, "apprentice-potter,potter,draws_on,,")(files)
    lines = next_lines(tiny_files()[NODES_FILE], "n")
    folder = write(tmp_path, files)
    with pytest.warns(WebOfWorkWarning, match=r"2 nodes in .* reach no need: potter, "
                      r"apprentice-potter") as record:
        G = load_graph(folder)
    assert len(record) == 1
    assert G.graph["warnings"] == [
        f"{folder / NODES_FILE}:{lines['n1']}: column id: profession 'potter' reaches no need, "
        "expected a directed path of edges from it to one of the needs",
        f"{folder / NODES_FILE}:{lines['n2']}: column id: job 'apprentice-potter' reaches no "
        "need, expected a directed path of edges from it to one of the needs"]
    assert set(G) >= {"potter", "apprentice-potter"}


def test_edge_away_from_needs_does_not_count_as_reaching(tmp_path):
    # industry -> need is the only way out of 'pottery'; an edge INTO it from a need is invalid,
    # so build a node whose only link is incoming: it reaches nothing.
    files = tiny_files()
    append(NODES_FILE, node("pottery", "industry"))(files)
    append(EDGES_FILE, "chef,pottery,practised_in,,")(files)
    with pytest.warns(WebOfWorkWarning, match="1 node in .* reaches no need: pottery$"):
        G = load_graph(write(tmp_path, files))
    assert len(G.graph["warnings"]) == 1


def test_header_only_edges_file_is_valid_but_strands_the_work_tiers(tmp_path, tiny_graph):
    files = tiny_files()
    files[EDGES_FILE] = files[EDGES_FILE].splitlines(keepends=True)[0]
    with pytest.warns(WebOfWorkWarning, match="reach no need"):
        G = load_graph(write(tmp_path, files))
    assert G.number_of_edges() == 0
    assert list(G.nodes(data=True)) == list(tiny_graph.nodes(data=True))
    stranded = [n for n, t in tiny_graph.nodes(data="tier") if t != "need"]
    assert [w.split("'")[1] for w in G.graph["warnings"]] == stranded


WARNINGS = [
    ("need-label", sub(NODES_FILE, "family,Family,need", "family,Families,need"),
     ["nodes.csv:{at_family}: column label: need 'family' is labelled 'Families', expected "
      "'Family' as in the schema"]),
    ("kind-on-a-profession", sub(NODES_FILE, "Chef,profession,Plans menus and directs the "
                                 "preparation of food in a kitchen.,35-1011,head cook|chef de "
                                 "cuisine,American Culinary Federation certification,\"Consistent, "
                                 "safe and well-crafted dishes.\",,",
                                 "Chef,profession,Plans menus and directs the "
                                 "preparation of food in a kitchen.,35-1011,head cook|chef de "
                                 "cuisine,American Culinary Federation certification,\"Consistent, "
                                 "safe and well-crafted dishes.\",company,"),
     ["nodes.csv:{at_chef}: column kind: filled on 1 row of other tiers (chef), expected a value "
      "only on organization rows"]),
    ("credentials-on-jobs", both(*(sub(NODES_FILE, f"{job},,,,,,\n", f"{job},,x,,,,\n")
                                   for job in ("29-1141", "35-2014"))),
     ["nodes.csv:{at_staff_nurse}: column credentials: filled on 2 rows of other tiers "
      "(staff-nurse, line-cook), expected a value only on profession rows"]),
]


@pytest.mark.parametrize("mutation, expected", [w[1:] for w in WARNINGS],
                         ids=[w[0] for w in WARNINGS])
def test_valid_data_worth_a_look_gives_warnings(tmp_path, mutation, expected):
    files = tiny_files()
    lines = row_lines(files[NODES_FILE])
    mutation(files)
    folder = write(tmp_path, files)
    want = [str(folder) + os.sep + e.format(**lines) for e in expected]
    with pytest.warns(WebOfWorkWarning) as record:
        G = load_graph(folder)
    assert G.graph["warnings"] == want
    assert [str(w.message) for w in record] == want


# --- summary and need reach --------------------------------------------------------------------

def test_need_reach_counts_directed_ancestors(tiny_graph):
    reach = need_reach(tiny_graph)
    assert list(reach) == [n for n in NEED_IDS if n in tiny_graph]
    for need, counts in reach.items():
        ancestors = nx.ancestors(tiny_graph, need)
        for tier in ("profession", "industry", "organization", "job"):
            assert counts[tier] == sum(tiny_graph.nodes[a]["tier"] == tier for a in ancestors)


def test_summary_counts(tiny_graph):
    lines = [line.split() for line in summary(tiny_graph).splitlines()]
    for tier in TIERS:
        count = sum(t == tier.id for _, t in tiny_graph.nodes(data="tier"))
        assert [tier.id, str(count)] in lines
    for relation in set(RELATION_IDS) - LATERAL_RELATIONS:  # the fixture has no lateral edge
        count = sum(r == relation for _, _, r in tiny_graph.edges(data="relation"))
        assert [relation, str(count)] in lines
    reach = need_reach(tiny_graph)
    for need in NEEDS:
        row = [str(reach[need.id][t]) for t in WORK_TIERS]
        assert any(line[-4:] == row and " ".join(line[:-4]) == need.label for line in lines)


# --- command line ------------------------------------------------------------------------------

def run_cli(*args):
    """Run python -m graph.build from the repository root."""
    return subprocess.run([sys.executable, "-m", "graph.build", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_cli_valid_data_prints_summary(tiny_dir, tiny_graph):
    result = run_cli(tiny_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(summary(tiny_graph))
    assert "valid" in result.stdout.splitlines()[0]
    assert result.stderr == ""


def test_cli_invalid_data_exits_2_listing_every_problem(tmp_path):
    folder, lines, err = load_mutated(tmp_path, RULES[[r[0] for r in RULES].index("several")][1])
    result = run_cli(folder)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[1:] == [str(p) for p in err.problems]
    assert result.stdout == ""


@pytest.mark.parametrize("make", ["missing", "file", "empty-folder"])
def test_cli_bad_folder_exits_2(tmp_path, make):
    target = tmp_path / "x"
    if make == "file":
        target.write_text("not a folder")
    elif make == "empty-folder":
        target.mkdir()
    result = run_cli(target)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(target) in result.stderr


def test_cli_prints_warnings(tmp_path):
    files = tiny_files()
    append(NODES_FILE, node("potter", "profession"))(files)
    result = run_cli(write(tmp_path, files))
    assert result.returncode == 0
    assert [line for line in result.stderr.splitlines()] == [
        f"warning: {tmp_path / NODES_FILE}:{next_lines(tiny_files()[NODES_FILE], 'n')['n1']}: "
        "column id: profession 'potter' reaches no need, expected a directed path of edges "
        "from it to one of the needs"]


def test_cli_default_folder_is_data(tmp_path, tiny_dir, tiny_graph):
    shutil.copytree(tiny_dir, tmp_path / "data")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "graph.build"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("data: valid")
    assert result.stdout.strip().endswith(summary(tiny_graph))


def test_cli_help():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "DATA_DIR" in result.stdout.upper() and "default: data" in result.stdout


# --- properties: any bytes give a graph or a DataError, and valid data round-trips -----------

_FUZZ = settings(max_examples=100, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])
_NASTY = st.sampled_from([b",", b'"', b"\n", b"\r", b"\r\n", b" ", b"a", b"-", b"\x00", b"\xff",
                          b"\xc3", b"'", b"=", b"\xef\xbb\xbf", b"chef", b"need", b"serves"])


def physical_lines(data: bytes) -> int:
    """Return the number of physical lines of a file (\\n, \\r\\n and \\r end a line)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1


def assert_graph_or_data_error(folder: Path, files: dict[str, bytes]):
    """Load a folder: only a DiGraph or a DataError with in-range line numbers may come out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WebOfWorkWarning)
        try:
            G = load_graph(folder)
        except DataError as err:
            assert err.problems
            for p in err.problems:
                name = Path(p.file).name
                assert name in files
                assert p.line is None or 1 <= p.line <= physical_lines(files[name]), p
            return None
    assert type(G) is nx.DiGraph
    return G


@_FUZZ
@given(nodes=st.binary(max_size=300), edges=st.binary(max_size=300))
def test_any_bytes_give_a_graph_or_a_data_error(tmp_path, nodes, edges):
    files = {NODES_FILE: nodes, EDGES_FILE: edges}
    assert_graph_or_data_error(write(tmp_path / "fuzz", files), files)


@_FUZZ
@given(name=st.sampled_from([NODES_FILE, EDGES_FILE]),
       edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), _NASTY), min_size=1,
                      max_size=6))
def test_damaged_fixture_gives_a_graph_or_a_data_error(tmp_path, name, edits):
    files = tiny_files()
    data = files[name]
    for where, cut, insert in edits:  # delete `cut` bytes at a point and insert nasty bytes
        at = int(where * len(data))
        data = data[:at] + insert + data[at + cut:]
    files[name] = data
    assert_graph_or_data_error(write(tmp_path / "fuzz", files), files)


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=25).map(str.strip)


@_FUZZ
@given(cells=st.lists(st.tuples(_TEXT, _TEXT, _TEXT, st.one_of(st.none(), st.floats(
    -1e6, 1e6, allow_nan=False))), min_size=1, max_size=6))
def test_any_text_written_neutralised_loads_back_exactly(tmp_path, cells):
    """Rows written by the csv module with neutralised text load back as the same values."""
    node_rows, edge_rows = [], []
    for i, (label, description, evidence, weight) in enumerate(cells):
        node_rows.append([f"p-{i}", neutralise(label or "x"), "profession",
                          neutralise(description or "y"), neutralise(evidence)])
        edge_rows.append([f"p-{i}", "leisure", "serves", "" if weight is None else repr(weight),
                          neutralise(evidence)])
    out = {}
    for name, header, rows in (
            (NODES_FILE, ["id", "label", "tier", "description", "note"],
             [["leisure", "Leisure", "need", "Rest and play.", ""], *node_rows]),
            (EDGES_FILE, ["source", "target", "relation", "weight", "evidence"], edge_rows)):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
        out[name] = buffer.getvalue().encode()
    G = load_graph(write(tmp_path / "prop", out))
    for i, (label, description, evidence, weight) in enumerate(cells):
        assert G.nodes[f"p-{i}"] == {"label": label or "x", "tier": "profession",
                                     "description": description or "y", "note": evidence}
        want = {"relation": "serves", "evidence": evidence}
        if weight is not None:
            want["weight"] = weight
        assert G.edges[f"p-{i}", "leisure"] == want
