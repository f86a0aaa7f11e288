"""Broken data files: junk bytes, huge files and cells, a million rows, mixed encodings.

Each must give the builder's clear problems (file, line, column, what was expected), in
bounded time and memory, and never a traceback. Memory and bytes read are measured in a
child process; no test here is timed.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import json
import os
import random
import re
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph.csvread as csvread
from graph.build import load_graph
from graph.errors import DataError, WebOfWorkWarning
from graph.schema import EDGES_FILE, NODES_FILE
from tests.test_build import tiny_files, write

REPO = Path(__file__).resolve().parents[1]
UTF8 = "expected a UTF-8 text file (save it as 'CSV UTF-8')"
QUOTING = ('expected standard CSV quoting (a cell with a comma, quote or line break in quotes, '
           'a quote inside doubled "")')
WIDTH = "expected 11 cells (put quotes around a cell that contains a comma)"
MB = 1024 * 1024


#: The bytes of the tiny fixture's two files.
tiny = tiny_files


def problems(folder: Path) -> list[str]:
    """Load a folder that must be invalid; return its problems without the folder prefix."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WebOfWorkWarning)
        with pytest.raises(DataError) as err:
            load_graph(folder)
    prefix = str(folder) + os.sep
    shown = [str(p) for p in err.value.problems]
    assert all(p.startswith(prefix) for p in shown), shown
    return [p.removeprefix(prefix) for p in shown]


def lines_after(data: bytes) -> int:
    """Return the line number a row appended to a file gets."""
    return data.count(b"\n") + 1


def row(id="potter", label="Potter", tier="profession", description="Makes pots.", rest=""):
    """Return a nodes.csv row (bytes, with its line break) of the tiny fixture's 11 columns."""
    return f"{id},{label},{tier},{description},{rest},,,,,,\n".encode()


def appended(name: str, *rows: bytes):
    """Return a mutation appending raw rows to one file."""
    def mutate(files):
        files[name] += b"".join(rows)
    return mutate


def replaced(name: str, data: bytes):
    """Return a mutation replacing one file's bytes."""
    def mutate(files):
        files[name] = data
    return mutate


def recoded(name: str, encoding: str, bom: bytes = b""):
    """Return a mutation re-encoding one file (text unchanged) with an optional mark."""
    def mutate(files):
        files[name] = bom + files[name].decode().encode(encoding)
    return mutate


_PIECE, _PIECES = 'Pots, bowls and ""jugs"".\r\n', 42_000  # 25 characters once unquoted
_ZIP = b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4
_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)

# (id, mutation of the tiny files, problems; {n} / {e} are the lines of rows appended to
# nodes.csv / edges.csv, {n2} the one after)
BROKEN = [
    # --- not text at all: one problem for the whole file, from its first 4 KB
    ("nodes-all-nul", replaced(NODES_FILE, bytes(64 * 1024)),
     ["nodes.csv:1: the file looks binary, not text (4,096 of its first 4,096 characters are "
      f"control characters or bytes that are not UTF-8), {UTF8}"]),
    ("edges-binary-after-a-text-line", replaced(EDGES_FILE, b"source,target,relation\n"
                                                + bytes(range(256)) * 16),
     ["edges.csv:2: the file looks binary, not text (2,456 of its first 4,095 characters are "
      f"control characters or bytes that are not UTF-8), {UTF8}"]),
    ("nodes-xlsx", replaced(NODES_FILE, _ZIP),
     ["nodes.csv:1: the file is a zip archive, such as an Excel (.xlsx) or OpenDocument "
      f"workbook, not CSV text, {UTF8}"]),
    ("edges-xls", replaced(EDGES_FILE, _XLS),
     [f"edges.csv:1: the file is an Excel 97-2003 (.xls) workbook, not CSV text, {UTF8}"]),
    ("nodes-gzip", lambda files: files.update({NODES_FILE: gzip.compress(files[NODES_FILE],
                                                                         mtime=0)}),
     [f"nodes.csv:1: the file is compressed with gzip (unpack it first), {UTF8}"]),
    ("edges-pdf", replaced(EDGES_FILE, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
     [f"edges.csv:1: the file is a PDF document, not CSV text, {UTF8}"]),
    # --- other encodings of the whole file
    ("nodes-utf16-le-bom", recoded(NODES_FILE, "utf-16-le", codecs.BOM_UTF16_LE),
     [f"nodes.csv:1: the file is UTF-16 text (it starts with a UTF-16 byte-order mark), {UTF8}"]),
    ("edges-utf16-be-bom", recoded(EDGES_FILE, "utf-16-be", codecs.BOM_UTF16_BE),
     [f"edges.csv:1: the file is UTF-16 text (it starts with a UTF-16 byte-order mark), {UTF8}"]),
    ("nodes-utf16-no-bom", recoded(NODES_FILE, "utf-16-le"),
     [f"nodes.csv:1: the file looks like UTF-16 text (every other byte is NUL), {UTF8}"]),
    ("edges-utf32-bom", recoded(EDGES_FILE, "utf-32-le", codecs.BOM_UTF32_LE),
     [f"edges.csv:1: the file is UTF-32 text (it starts with a UTF-32 byte-order mark), {UTF8}"]),
    # --- a text file with bad bytes in some rows: one problem per bad cell, with its column
    ("nodes-latin1-row", appended(NODES_FILE, row(label="Caf\xe9 owner").replace(
        b"Caf\xc3\xa9", b"Caf\xe9")),
     ["nodes.csv:{n}: column label: byte 0xe9 is not valid UTF-8 (the file mixes encodings: "
      f"read as Windows-1252 the cell is 'Café owner'), {UTF8}"]),
    ("edges-cp1252-quotes", appended(EDGES_FILE, b"chef,leisure,serves,,\x93Good food\x94\n"),
     ["edges.csv:{e}: column evidence: byte 0x93 is not valid UTF-8 (the file mixes encodings: "
      f"read as Windows-1252 the cell is '\u201cGood food\u201d'), {UTF8}"]),
    ("nodes-junk-in-two-cells", appended(NODES_FILE, row(label="x\x00\x9c\xff\x01y").replace(
        b"\xc2\x9c\xc3\xbf", b"\x9c\xff"), row(id="cook", description="\xfe\xed\xfa").replace(
        b"\xc3\xbe\xc3\xad\xc3\xba", b"\xfe\xed\xfa")),
     ["nodes.csv:{n}: column label: NUL byte in the cell (is the file binary or damaged?), "
      "expected a UTF-8 text file without NUL bytes (save it as 'CSV UTF-8')",
      "nodes.csv:{n2}: column description: byte 0xfe is not valid UTF-8 (the file mixes "
      f"encodings: read as Windows-1252 the cell is 'þíú'), {UTF8}"]),
    ("nodes-bom-then-bad-header-cell", lambda files: files.update({NODES_FILE: (
        codecs.BOM_UTF8 + files[NODES_FILE].replace(b"based_in", b"based\xa0in", 1))}),
     [f"nodes.csv:1: column #10: byte 0xa0 is not valid UTF-8, {UTF8}"]),
    # --- truncated files
    ("nodes-cut-mid-row", appended(NODES_FILE, b"potter,Pot"),
     ["nodes.csv:{n}: column tier: row has 2 cells but the header has 11, " + WIDTH]),
    ("nodes-cut-in-a-quoted-cell", appended(NODES_FILE, b'potter,Potter,profession,"Makes pots'),
     ["nodes.csv:{n}: column description: cannot read the CSV from here on (unexpected end of "
      "data), " + QUOTING]),
    ("edges-cut-mid-character", appended(EDGES_FILE, b"chef,leisure,serves,,Caf\xc3"),
     ["edges.csv:{e}: column evidence: the file ends in the middle of a character (was it "
      "cut short?), expected the whole file, ending with a complete UTF-8 character"]),
    ("edges-bad-byte-in-last-cell", appended(EDGES_FILE, b"chef,leisure,serves,,Caf\xc3\n"),
     ["edges.csv:{e}: column evidence: byte 0xc3 is not valid UTF-8 (the file mixes "
      f"encodings: read as Windows-1252 the cell is 'CafÃ'), {UTF8}"]),
    # --- empty and header-only files, folders
    ("nodes-empty", replaced(NODES_FILE, b""),
     ["nodes.csv: file is empty, expected a header row naming the columns, then rows"]),
    ("edges-bom-only", replaced(EDGES_FILE, codecs.BOM_UTF8 + b"\r\n"),
     ["edges.csv: file is empty, expected a header row naming the columns, then rows"]),
    ("nodes-header-only-crlf", replaced(NODES_FILE, b"id,label,tier,description\r\n"),
     ["nodes.csv: has a header but no rows, expected at least one node"]),
    # --- cells over their column's limit, reported with the limit; the rows after are read
    ("nodes-label-over-limit", appended(NODES_FILE, row(label="L" * 201), row(id="Bad")),
     ["nodes.csv:{n}: column label: cell is 201 characters long, expected at most 200 "
      "characters",
      "nodes.csv:{n2}: column id: id 'Bad' is not a slug, expected a slug of lower-case "
      "letters, digits and single hyphens, e.g. 'bad'"]),
    ("nodes-1mb-label", appended(NODES_FILE, row(label="L" * MB), row(id="Bad")),
     ["nodes.csv:{n}: column label: cell is 1,048,576 characters long, expected at most 200 "
      "characters",
      "nodes.csv:{n2}: column id: id 'Bad' is not a slug, expected a slug of lower-case "
      "letters, digits and single hyphens, e.g. 'bad'"]),
    ("nodes-1mb-id", appended(NODES_FILE, row(id="p" * MB), row(id="Bad")),
     ["nodes.csv:{n}: column id: cell is 1,048,576 characters long, expected at most 100 "
      "characters",
      "nodes.csv:{n2}: column id: id 'Bad' is not a slug, expected a slug of lower-case "
      "letters, digits and single hyphens, e.g. 'bad'"]),
    ("nodes-1mb-quoted-description-over-lines", appended(
        NODES_FILE, row(description='"' + _PIECE * _PIECES + '"'), row(id="Bad")),
     [f"nodes.csv:{{n}}: column description: cell is {_PIECES * 25:,} characters long, "
      "expected at most 5,000 characters",
      "nodes.csv:{after_pieces}: column id: id 'Bad' is not a slug, expected a slug of "
      "lower-case letters, digits and single hyphens, e.g. 'bad'"]),
    ("nodes-1mb-utf8-description", appended(NODES_FILE, row(description="é" * MB)),
     ["nodes.csv:{n}: column description: cell is 1,048,576 characters long, expected at most "
      "5,000 characters"]),
    ("nodes-two-1mb-cells-in-a-row", appended(NODES_FILE, row(label="L" * MB, rest="A" * MB)),
     ["nodes.csv:{n}: column label: cell is 1,048,576 characters long, expected at most 200 "
      "characters"]),
    ("edges-1mb-evidence", appended(EDGES_FILE, b"chef,leisure,serves,," + b"E" * MB + b"\n",
                                    b"chef,chef,serves,,\n"),
     ["edges.csv:{e}: column evidence: cell is 1,048,576 characters long, expected at most "
      "5,000 characters",
      "edges.csv:{e2}: column target: self-loop: source and target are both 'chef', expected "
      "an edge between two different nodes",
      "edges.csv:{e2}: column relation: relation 'serves' cannot join profession -> "
      "profession, expected 'serves' to join profession -> need or organization -> need (a "
      "profession -> profession edge is 'related_to')"]),
    ("edges-1mb-source", appended(EDGES_FILE, b"s" * MB + b",leisure,serves,,\n"),
     ["edges.csv:{e}: column source: cell is 1,048,576 characters long, expected at most 100 "
      "characters"]),
    ("nodes-1mb-column-name", lambda files: files.update({NODES_FILE: files[NODES_FILE].replace(
        b",url\n", b",url," + b"n" * MB + b"\n", 1)}),
     ["nodes.csv:1: column #12: column name is 1,048,576 characters long, expected at most 100 "
      "characters"]),
    ("nodes-long-column-name", lambda files: files.update({NODES_FILE: files[NODES_FILE].replace(
        b",url\n", b",url," + b"n" * 101 + b"\n", 1)}),
     ["nodes.csv:1: column #12: column name is 101 characters long, expected at most 100 "
      "characters"]),
]


def _fill(expected: list[str], files: dict[str, bytes]) -> list[str]:
    """Fill the {n}, {n2}, {nK}, {e}, {e2} line placeholders of expected problems."""
    n, e = lines_after(files[NODES_FILE]), lines_after(files[EDGES_FILE])
    lines = {"n": n, "n2": n + 1, "after_pieces": n + _PIECES + 1, "e": e, "e2": e + 1}
    return [p.format(**lines) for p in expected]


@pytest.mark.parametrize("mutation, expected", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_file_gives_located_problems(tmp_path, mutation, expected):
    files = tiny()
    want = _fill(expected, files)
    mutation(files)
    assert problems(write(tmp_path / "data", files)) == want


@pytest.mark.parametrize("name, seed", [(NODES_FILE, 0), (NODES_FILE, 1), (EDGES_FILE, 2),
                                        (EDGES_FILE, 3)])
def test_random_bytes_are_one_binary_problem(tmp_path, name, seed):
    files = tiny()
    files[name] = random.Random(seed).randbytes(256 * 1024)
    [problem] = problems(write(tmp_path / "data", files))
    found = re.fullmatch(rf"{re.escape(name)}:(\d+): the file looks binary, not text \(([\d,]+) "
                         r"of its first ([\d,]+) characters are control characters or bytes that "
                         rf"are not UTF-8\), {re.escape(UTF8)}", problem)
    assert found, problem
    line, bad, seen = (int(g.replace(",", "")) for g in found.groups())
    assert 1 <= line <= files[name][:4096].count(b"\n") + 1
    assert 4096 // 4 <= seen <= 4096 and bad * 10 > seen


# --- cell limits: at the limit loads, one more character is reported ---------------------------

@pytest.mark.parametrize("file, column", [
    *((NODES_FILE, c) for c in ("id", "label", "code", "url", "description", "aliases", "note")),
    *((EDGES_FILE, c) for c in ("source", "target", "evidence", "note")),
])
def test_cell_at_its_limit_loads_and_one_more_character_is_reported(tmp_path, file, column):
    limit = csvread.MAX_CELL_CHARS.get(column, csvread.DEFAULT_MAX_CELL_CHARS)
    for size, ok in ((limit, True), (limit + 1, False)):
        files = tiny()
        lines = files[file].decode().splitlines()
        header = [*lines[0].split(","), "note"]
        cells = dict.fromkeys(header, "")
        if file == NODES_FILE:
            cells.update(id="potter", label="Potter", tier="profession", description="Pots.")
        else:
            cells.update(source="potter", target="leisure", relation="serves")
            files[NODES_FILE] += row(id="potter")
            if column in ("source", "target") and ok:
                files[NODES_FILE] += row(id="p" * size, tier="industry")
            if column in ("source", "target"):  # an industry: potter -> it -> leisure
                cells["relation"] = "addresses" if column == "source" else "practised_in"
        cells[column] = "p" * size
        files[file] = "\n".join([",".join(header), *(f"{line}," for line in lines[1:]),
                                 ",".join(cells.values()), ""]).encode()
        folder = write(tmp_path / f"size-{size}", files)
        if ok:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", WebOfWorkWarning)
                assert type(load_graph(folder)) is nx.DiGraph
        else:
            assert problems(folder) == [
                f"{file}:{len(lines) + 1}: column {column}: cell is {limit + 1:,} characters "
                f"long, expected at most {limit:,} characters"]


def test_over_long_lines_are_reported_and_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(csvread, "MAX_LINE_CHARS", 1000)
    files = tiny()
    n = lines_after(files[NODES_FILE])
    files[NODES_FILE] += (b"potter" + b",x" * 600 + b"\n"
                          + row(label="L" * 190, description="D" * 900, rest="C" * 40)
                          + row(id="Bad"))
    assert problems(write(tmp_path / "data", files)) == [
        f"nodes.csv:{n}: row has more than 11 cells but the header has 11, {WIDTH}",
        f"nodes.csv:{n + 1}: a line is longer than 1,000 characters, expected lines of at most "
        "1,000 characters",
        f"nodes.csv:{n + 2}: column id: id 'Bad' is not a slug, expected a slug of lower-case "
        "letters, digits and single hyphens, e.g. 'bad'"]


# --- accepted variations ------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["bom", "crlf", "bom-crlf", "cr-only", "no-final-newline",
                                     "bom-no-final-newline"])
def test_harmless_variations_of_both_files_load_the_same_graph(tmp_path, tiny_graph, variant):
    files = tiny()
    for name, data in files.items():
        if "crlf" in variant:
            data = data.replace(b"\n", b"\r\n")
        if variant == "cr-only":
            data = data.replace(b"\n", b"\r")
        if "no-final-newline" in variant:
            data = data.rstrip(b"\n")
        if "bom" in variant:
            data = codecs.BOM_UTF8 + data
        files[name] = data
    G = load_graph(write(tmp_path / "data", files))
    assert list(G.nodes(data=True)) == list(tiny_graph.nodes(data=True))
    assert list(G.edges(data=True)) == list(tiny_graph.edges(data=True))
    assert G.graph["checksum"] != tiny_graph.graph["checksum"]  # other bytes, other checksum


# --- folders, permissions, caps -------------------------------------------------------------------

@pytest.mark.parametrize("make", ["folder", "endless-device", "fifo"])
def test_something_else_in_place_of_nodes_csv(tmp_path, make):
    files = tiny()
    del files[NODES_FILE]
    folder = write(tmp_path / "data", files)
    if make == "folder":
        (folder / NODES_FILE).mkdir()
    elif make == "endless-device":
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero on this system")
        (folder / NODES_FILE).symlink_to("/dev/zero")  # would never end if read
    elif not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    else:
        os.mkfifo(folder / NODES_FILE)  # reading it would wait for a writer forever
    assert problems(folder) == ["nodes.csv: is not a file, expected a CSV file"]


def test_a_file_the_system_refuses_to_read(tmp_path, monkeypatch):
    """As root (who reads any file) too: the refusal is simulated at open()."""
    folder = write(tmp_path / "data", tiny())
    real_open = Path.open

    def refusing_open(self, *args, **kwargs):
        if self.name == EDGES_FILE:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    assert problems(folder) == [
        "edges.csv: cannot be read (Permission denied), expected a readable file"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their permissions")
def test_an_unreadable_file(tmp_path):
    folder = write(tmp_path / "data", tiny())
    (folder / EDGES_FILE).chmod(0)
    try:
        assert problems(folder) == [
            "edges.csv: cannot be read (Permission denied), expected a readable file"]
    finally:
        (folder / EDGES_FILE).chmod(0o644)


def test_too_many_rows_are_reported_before_any_row_is_checked(tmp_path, monkeypatch):
    monkeypatch.setattr(csvread, "MAX_ROWS_PER_FILE", 27)  # edges.csv has 27 rows
    files = tiny()
    files[NODES_FILE] += row(id="Bad")  # 29 rows; would be a problem if rows were checked
    assert problems(write(tmp_path / "data", files)) == [
        "nodes.csv:29: the file has 29 rows, so none is checked (row 28 is on this line), "
        "expected at most 27 rows in a file (the explorer is built for graphs of up to a "
        "million nodes and a million edges)"]


def test_too_many_rows_before_a_csv_error_stop_the_reading(tmp_path, monkeypatch):
    """Rows cannot be counted ahead past a CSV error: the reading stops at the cap instead."""
    monkeypatch.setattr(csvread, "MAX_ROWS_PER_FILE", 30)
    files = tiny()
    files[NODES_FILE] += (row(id="potter") + row(id="cook") + row(id="Bad")
                          + b'baker,"Baker"y,job,Bakes.,,,,,,,\n')
    assert problems(write(tmp_path / "data", files)) == [
        "nodes.csv:32: more than 30 rows: reading stopped here, the rest of the file is not "
        "read, expected at most 30 rows in a file (the explorer is built for graphs of up to "
        "a million nodes and a million edges)"]


# --- big files, measured in a child process ---------------------------------------------------

_CHILD = r"""
import json, sys, warnings
from graph.build import load_graph
from graph.errors import DataError

def proc(file, key):
    with open(file) as stats:
        return next(int(l.split()[1]) for l in stats if l.startswith(key + ":"))

warnings.simplefilter("ignore")
before = proc("/proc/self/io", "rchar")
try:
    G = load_graph(sys.argv[1])
    found = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
except DataError as err:
    found = {"problems": [str(p) for p in err.problems]}
found["read"] = proc("/proc/self/io", "rchar") - before
# the high-water mark of this process's own memory (ru_maxrss would count the parent's too,
# since the child is spawned from it)
found["peak_mb"] = proc("/proc/self/status", "VmHWM") / 1024
print(json.dumps(found))
"""


def load_in_child(folder: Path) -> dict:
    """Load a folder in a fresh Python; return its problems, bytes read and peak memory."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(folder)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return json.loads(done.stdout)


needs_proc_io = pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="bytes read and "
                                   "peak memory are measured with /proc/self (Linux)")


@needs_proc_io
def test_a_200_mb_file_is_refused_unread(tmp_path):
    folder = write(tmp_path / "data", tiny())
    with open(folder / NODES_FILE, "wb") as handle:
        handle.truncate(200 * MB)  # sparse: costs no disk
    found = load_in_child(folder)
    assert found["problems"] == [
        f"{folder / NODES_FILE}: file is too large to load (209,715,200 bytes), expected at "
        f"most {csvread.MAX_FILE_BYTES:,} bytes"]
    assert found["read"] < 64 * 1024  # the tiny edges.csv, not the 200 MB
    assert found["peak_mb"] < 100  # Python and NetworkX take about 35 MB


@needs_proc_io
def test_a_binary_file_under_the_size_limit_is_refused_after_4_kb(tmp_path):
    folder = write(tmp_path / "data", tiny())
    with open(folder / EDGES_FILE, "wb") as handle:
        handle.truncate(csvread.MAX_FILE_BYTES - 1)  # 100 MB of NUL bytes
    found = load_in_child(folder)
    assert found["problems"] == [
        f"{folder / EDGES_FILE}:1: the file looks binary, not text (4,096 of its first 4,096 "
        f"characters are control characters or bytes that are not UTF-8), {UTF8}"]
    assert found["read"] < 64 * 1024
    assert found["peak_mb"] < 100


def million_rows(bad: bool, extra: int = 0) -> bytes:
    """Return a nodes.csv of a million job rows (+ extra), every id broken when `bad`."""
    form = b"Job %d,Job,job,Does the work.\n" if bad else b"job-%d,Job,job,Does the work.\n"
    return b"id,label,tier,description\n" + b"".join(
        [form % i for i in range(1_000_000 + extra)])


@needs_proc_io
def test_a_million_broken_rows_stop_at_the_problem_cap_in_bounded_memory(tmp_path):
    files = tiny()
    files[NODES_FILE] = million_rows(bad=True)
    folder = write(tmp_path / "data", files)
    size = len(files[NODES_FILE])
    found = load_in_child(folder)
    cap = csvread.MAX_PROBLEMS_PER_FILE
    shown = found["problems"]
    assert len(shown) == cap + 1
    assert shown[0] == (f"{folder / NODES_FILE}:2: column id: id 'Job 0' is not a slug, expected "
                        "a slug of lower-case letters, digits and single hyphens, e.g. 'job-0'")
    assert shown[cap] == (
        f"{folder / NODES_FILE}:{cap + 2}: more than {cap:,} problems: checking stopped here, the "
        "rest of the file is not checked, expected fewer problems (fix those listed and check "
        "again)")
    assert found["read"] < size + MB  # read once
    assert found["peak_mb"] < 100 + size / MB  # the file's bytes held once, no list of rows


@needs_proc_io
def test_a_million_and_one_valid_rows_are_refused_before_checking(tmp_path):
    files = tiny()
    files[NODES_FILE] = million_rows(bad=False, extra=1)
    folder = write(tmp_path / "data", files)
    size = len(files[NODES_FILE])
    found = load_in_child(folder)
    assert found["problems"] == [
        f"{folder / NODES_FILE}:1000002: the file has 1,000,001 rows, so none is checked (row "
        "1,000,001 is on this line), expected at most 1,000,000 rows in a file (the explorer is "
        "built for graphs of up to a million nodes and a million edges)"]
    assert found["peak_mb"] < 100 + size / MB


# --- the command line: problems on stderr, exit status 2, no traceback --------------------------

_BY_ID = {b[0]: b[1:] for b in BROKEN}


@pytest.mark.parametrize("name, mutation, expected", [
    ("random", replaced(NODES_FILE, random.Random(7).randbytes(8192)), None),
    ("latin1", *_BY_ID["nodes-latin1-row"]),
    ("1mb-label", *_BY_ID["nodes-1mb-label"]),
])
def test_cli_reports_broken_files_without_a_traceback(tmp_path, name, mutation, expected):
    files = tiny()
    want = None if expected is None else _fill(expected, files)
    mutation(files)
    folder = write(tmp_path / "data", files)
    done = subprocess.run([sys.executable, "-m", "graph.build", str(folder)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    head, *shown = done.stderr.splitlines()
    prefix = str(folder) + os.sep
    assert head == f"{folder}: {len(shown)} problem{'s' if len(shown) != 1 else ''}:"
    if want is None:
        [problem] = shown
        assert problem.startswith(prefix + "nodes.csv:") and "the file looks binary" in problem
    else:
        assert [p.removeprefix(prefix) for p in shown] == want


# --- a property: rows after skipped records are read on their own lines -------------------------

_LIMITED = {"label": 200, "description": 250, "aliases": 150, "url": 100}
_POSITION = {"label": 1, "description": 3, "aliases": 5, "url": 10}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.sampled_from(sorted(_LIMITED)), st.integers(1, 700),
                                st.integers(0, 3), st.sampled_from(["\n", "\r\n", "\r"])),
                      min_size=1, max_size=8))
def test_each_over_long_cell_is_reported_on_its_line_and_the_rest_is_read(
        tmp_path_factory, monkeypatch, cells):
    """Cells longer than their limit, or than the csv module reads (set to 300 here), with
    line breaks inside or not, are each reported on their row's line; every other row loads."""
    monkeypatch.setattr(csvread, "MAX_CELL_CHARS", _LIMITED)
    files = tiny()
    line = lines_after(files[NODES_FILE])
    rows, want, kept = [], [], {}
    for i, (column, size, breaks, newline) in enumerate(cells):
        letters = "ab" * size
        breaks = min(breaks, size - 1)  # line breaks inside the cell, between letters
        cuts = [k * size // (breaks + 1) for k in range(breaks + 2)]
        text = newline.join(letters[a:b] for a, b in zip(cuts, cuts[1:]))
        row_cells = [f"p-{i}", "P", "profession", "D", "", "", "", "", "", "", ""]
        row_cells[_POSITION[column]] = f'"{text}"' if any(c in text for c in "\r\n") else text
        rows.append(",".join(row_cells) + "\n")
        if len(text) > _LIMITED[column]:
            want.append(f"nodes.csv:{line}: column {column}: cell is {len(text):,} characters "
                        f"long, expected at most {_LIMITED[column]:,} characters")
        else:
            kept[f"p-{i}"] = (column, text)
        line += 1 + text.count("\n") + text.count("\r") - text.count("\r\n")
    files[NODES_FILE] += "".join(rows).encode()
    folder = write(tmp_path_factory.mktemp("data"), files)
    old_limit = csv.field_size_limit(300)
    try:
        if want:
            assert problems(folder) == want
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", WebOfWorkWarning)
                G = load_graph(folder)
            assert {n: G.nodes[n][c] for n, (c, _) in kept.items()} == {
                n: t.strip() for n, (_, t) in kept.items()}
    finally:
        csv.field_size_limit(old_limit)
