"""Load the Web of Work from ``nodes.csv`` and ``edges.csv``, validating every row.

`load_graph` reads a data folder into a `networkx.DiGraph`, or raises one
`graph.errors.DataError` that lists every problem found in the files, each located by
file, line and column. The vocabulary (tiers, needs, relations, columns) comes from
`graph.schema`.

Run ``python -m graph.build [DATA_DIR]`` to check a data folder and print a summary.

Examples
--------
>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "nodes.csv").write_text(
...     "id,label,tier,description\\n"
...     "learning,Learning,need,Gaining knowledge and skills.\\n"
...     "educator,Educator,profession,Teaches people.\\n", encoding="utf-8")
>>> _ = (folder / "edges.csv").write_text(
...     "source,target,relation\\neducator,learning,serves\\n", encoding="utf-8")
>>> G = load_graph(folder)
>>> G.nodes["educator"]
{'label': 'Educator', 'tier': 'profession', 'description': 'Teaches people.'}
>>> G.edges["educator", "learning"]
{'relation': 'serves'}
>>> print(summary(G).splitlines()[0])
2 nodes, 1 edge
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import argparse
import bisect
import codecs
import csv
import difflib
import hashlib
import io
import math
import operator
import re
import sys
import warnings
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graph.errors import DataError, Problem, WebOfWorkWarning
from graph.schema import (
    BRIDGED,
    BRIDGED_PAIRS,
    EDGE_COLUMNS,
    EDGES_FILE,
    NEED_BY_ID,
    NEED_IDS,
    NEEDS,
    NODE_COLUMNS,
    NODES_FILE,
    NUMERIC_EXTRA_COLUMNS,
    ORG_KINDS,
    RELATION_BY_PAIR,
    RELATION_IDS,
    RELATIONS,
    TIER_IDS,
    TIERS,
    WORK_TIERS,
    relation_for,
    unneutralise,
)

__all__ = [
    "DEFAULT_MAX_CELL_CHARS",
    "MAX_CELL_CHARS",
    "MAX_COLUMN_NAME_CHARS",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "MAX_PROBLEMS_PER_FILE",
    "MAX_ROWS_PER_FILE",
    "SLUG_PATTERN",
    "load_graph",
    "main",
    "need_reach",
    "summary",
]

# --- limits: a file past one of them is reported, never loaded (data/README.md lists them) ---
#: A data file larger than this many bytes is reported as a problem and never read.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Data rows per file: the explorer is built and measured for graphs of up to a million edges.
MAX_ROWS_PER_FILE = 1_000_000
#: Problems listed per file; checking the file stops at the next one.
MAX_PROBLEMS_PER_FILE = 1000
#: Longest cell, in characters, of these columns (after the header row)...
MAX_CELL_CHARS: dict[str, int] = {
    "id": 100, "source": 100, "target": 100, "label": 200, "code": 50, "url": 2000,
    "description": 5000, "evidence": 5000,
}
#: ... and of every other column (aliases, via, credentials, extra columns).
DEFAULT_MAX_CELL_CHARS = 10_000
#: Longest column name in a header row.
MAX_COLUMN_NAME_CHARS = 100
#: Longest physical line (its line break included), so one line never fills the memory.
MAX_LINE_CHARS = 4 * 1024 * 1024
#: A node id: lower-case letters and digits in words joined by single hyphens.
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_SHOW_CHARS = 60  # longest user value quoted in a message
_ALL_RELATIONS = (*RELATION_IDS, BRIDGED)
_SLUG_HELP = "a slug of lower-case letters, digits and single hyphens"
_WARNING_SHOWN = 10  # node ids named in the one summary warning
_SUGGESTION_BUDGET = 2000  # unknown ids given a closest-id suggestion per load
_NEIGHBOURS = 50  # ids on each side of an unknown id, in sorted order, compared with it
_UTF8_HELP = "a UTF-8 text file (save it as 'CSV UTF-8')"
_QUOTING_HELP = ('standard CSV quoting (a cell with a comma, quote or line break in quotes, '
                 'a quote inside doubled "")')
_SNIFF_BYTES = 4096  # bytes read first, to tell a text file from anything else
# Whole files that are not UTF-8 text, known by their first bytes (UTF-32 before UTF-16:
# the UTF-32 little-endian mark starts with the UTF-16 one).
_SIGNATURES = (
    (codecs.BOM_UTF32_LE, "the file is UTF-32 text (it starts with a UTF-32 byte-order mark)"),
    (codecs.BOM_UTF32_BE, "the file is UTF-32 text (it starts with a UTF-32 byte-order mark)"),
    (codecs.BOM_UTF16_LE, "the file is UTF-16 text (it starts with a UTF-16 byte-order mark)"),
    (codecs.BOM_UTF16_BE, "the file is UTF-16 text (it starts with a UTF-16 byte-order mark)"),
    (b"PK\x03\x04", "the file is a zip archive, such as an Excel (.xlsx) or OpenDocument "
                    "workbook, not CSV text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "the file is an Excel 97-2003 (.xls) workbook, "
                                          "not CSV text"),
    (b"\x1f\x8b", "the file is compressed with gzip (unpack it first)"),
    (b"%PDF-", "the file is a PDF document, not CSV text"),
)
# Characters no text CSV holds: NUL, and the stand-ins of bytes that are not UTF-8.
_BAD_CHAR = re.compile("[\x00\udc80-\udcff]")
# Characters counted when judging whether a file's first bytes are binary.
_BINARY_CHAR = re.compile("[\x00-\x08\x0e-\x1f\udc80-\udcff]")
# One CSV cell (quoted, or up to the next comma or line break), the rest of a record from a
# cell boundary, one quoted cell exactly, and one line break; used to locate a record that
# the csv module gave up on. None of them can backtrack without bound.
_CELL = re.compile(rb'"[^"]*(?:""[^"]*)*"?[^,\r\n]*|[^,\r\n]*')
_REST = re.compile(rb'(?:,(?:"[^"]*(?:""[^"]*)*"?[^,\r\n]*|[^,\r\n]*))*')
_QUOTED = re.compile(rb'"[^"]*(?:""[^"]*)*"')
_LINE_END = re.compile(rb"\r\n|\r|\n")


class _Problems:
    """Collect the problems of one file, keeping at most `MAX_PROBLEMS_PER_FILE`."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0
        self.stopped_at: int | None = None  # line where checking stopped, once over the cap

    def add(self, line, column, message, expected=""):
        """Record one problem, or only count it once the cap is reached."""
        if len(self.items) < MAX_PROBLEMS_PER_FILE:
            self.items.append(Problem(self.file, line, column, message, expected))
        else:
            self.dropped += 1

    def __bool__(self):
        return bool(self.items)

    @property
    def full(self) -> bool:
        """True once the cap is reached: later problems are only counted."""
        return len(self.items) >= MAX_PROBLEMS_PER_FILE

    def all(self) -> list[Problem]:
        """Return the kept problems, plus one line saying what was left out."""
        if not self.dropped:
            return list(self.items)
        if self.stopped_at is not None:
            more = Problem(self.file, self.stopped_at, None,
                           f"more than {MAX_PROBLEMS_PER_FILE:,} problems: checking stopped "
                           "here, the rest of the file is not checked",
                           "fewer problems (fix those listed and check again)")
        else:
            more = Problem(self.file, None, None,
                           f"... and {self.dropped} more problem"
                           f"{'s' if self.dropped != 1 else ''}", "")
        return [*self.items, more]


@dataclass
class _Table:
    """A CSV file being read: its shown name, raw bytes, header and a stream of its rows."""

    file: str
    data: bytes = b""
    columns: list[str] = field(default_factory=list)
    limits: list[int] = field(default_factory=list)  # longest cell of each column
    records: object = field(default_factory=lambda: iter(()))  # (line, cells) after the header
    dirty: bool = False  # holds NUL bytes or bytes that are not UTF-8: check every cell
    rows: int = 0  # rows read so far
    usable: bool = False  # header read and required columns present
    complete: bool = False  # every row was read and checked


class _LongLine(Exception):
    """A physical line is longer than `MAX_LINE_CHARS`."""


def _show(value: str) -> str:
    """Quote a user's value for a message, shortened when long."""
    if len(value) > _SHOW_CHARS:
        value = value[:_SHOW_CHARS] + "..."
    return repr(value)


def _one_of(options) -> str:
    """Return 'one of a, b, c' for an expected-value message."""
    return "one of " + ", ".join(options)


def _closest(word: str, options, n: int = 1) -> list[str]:
    """Return the options closest to a word (difflib), best first."""
    return difflib.get_close_matches(word, list(options), n=n, cutoff=0.6)


def _line_of(data, offset: int) -> int:
    """Return the 1-based physical line holding an offset of bytes or text (\\n, \\r\\n, \\r)."""
    nl, cr, crlf = ("\n", "\r", "\r\n") if isinstance(data, str) else (b"\n", b"\r", b"\r\n")
    return data.count(nl, 0, offset) + data.count(cr, 0, offset) - data.count(crlf, 0, offset) + 1


def _cell_limit(column: str) -> int:
    """Return the most characters a cell of a column may hold."""
    return MAX_CELL_CHARS.get(column, DEFAULT_MAX_CELL_CHARS)


def _sniff(head: bytes, whole: bool):
    """Return (line, message) when a file's first bytes show it is not UTF-8 text, else None."""
    for signature, message in _SIGNATURES:
        if head.startswith(signature):
            return 1, message
    fewer, more = sorted((head[0::2].count(0), head[1::2].count(0)))  # NULs at each parity
    if len(head) >= 8 and more * 4 > len(head) and fewer * 8 < len(head):
        return 1, "the file looks like UTF-16 text (every other byte is NUL)"
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(head, final=whole)
    text = text.removeprefix("\ufeff")
    bad = _BINARY_CHAR.findall(text)
    if bad and len(bad) * 10 > len(text):
        first = _BINARY_CHAR.search(text).start()
        return (_line_of(text, first),
                f"the file looks binary, not text ({len(bad):,} of its first {len(text):,} "
                "characters are control characters or bytes that are not UTF-8)")
    return None


def _is_clean(data: bytes) -> bool:
    """Return True if the bytes are UTF-8 without NUL, checked a megabyte at a time."""
    if b"\x00" in data:
        return False
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    view = memoryview(data)
    try:
        for start in range(0, len(data), step):
            decoder.decode(view[start:start + step], final=start + step >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def _read_bytes(path: Path, problems: _Problems) -> bytes | None:
    """Return a file's bytes, or None after recording why it cannot be read.

    Only the first few kilobytes are read when they show the file is not UTF-8 text, and
    nothing when the file is over `MAX_FILE_BYTES`.
    """
    if not path.exists():
        problems.add(None, None, "file is missing", "a CSV file in the data folder")
        return None
    if not path.is_file():
        problems.add(None, None, "is not a file", "a CSV file")
        return None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.add(None, None, f"file is too large to load ({size:,} bytes)",
                     f"at most {MAX_FILE_BYTES:,} bytes")
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            sniffed = _sniff(head, len(head) < _SNIFF_BYTES)
            if sniffed:
                line, message = sniffed
                problems.add(line, None, message, _UTF8_HELP)
                return None
            handle.seek(0)
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.add(None, None, f"cannot be read ({exc.strerror or exc})", "a readable file")
        return None
    if len(data) > MAX_FILE_BYTES:  # the file grew while we looked at it
        problems.add(None, None, "file is too large to load", f"at most {MAX_FILE_BYTES:,} bytes")
        return None
    return data


def _lines(stream):
    """Yield the physical lines of a text stream; raise `_LongLine` at an over-long one."""
    read, limit = stream.readline, MAX_LINE_CHARS
    while line := read(limit + 1):
        if len(line) > limit:
            raise _LongLine
        yield line


def _line_offset(data: bytes, start: int, n: int) -> int:
    """Return the offset of the n-th physical line counted from offset `start` (n=1: start)."""
    for _ in range(n - 1):
        found = _LINE_END.search(data, start)
        if found is None:
            return len(data)
        start = found.end()
    return start


def _column_name(table: _Table, index: int) -> str:
    """Return the name of the column at a 0-based position, or '#N' past the header."""
    return table.columns[index] if index < len(table.columns) else f"#{index + 1}"


def _cell_chars(raw: bytes) -> int:
    """Return the characters of a raw CSV cell (quotes around it and doubled quotes undone)."""
    text = raw.decode("utf-8", "surrogateescape")
    if text.startswith('"'):
        text = (text[1:-1] if len(text) > 1 and text.endswith('"') else text[1:])
        text = text.replace('""', '"')
    return len(text)


def _skip_record(data: bytes, table: _Table, offset: int):
    """Read one record from a byte offset by hand; return (problem or None, end offset).

    The problem names the first cell over its limit (or says the row is too long); the end
    offset is just past the record's line break, where reading resumes.
    """
    header = not table.columns
    pos, index, found = offset, 0, None
    while True:
        cell = _CELL.match(data, pos)
        name = _column_name(table, index)
        limit = MAX_COLUMN_NAME_CHARS if header else _cell_limit(name)
        if cell.end() - cell.start() > limit:
            chars = _cell_chars(cell.group())
            if chars > limit:
                what = "column name" if header else "cell"
                found = (name, f"{what} is {chars:,} characters long",
                         f"at most {limit:,} characters")
        pos = cell.end()
        if found or (table.columns and index >= len(table.columns)):
            pos = _REST.match(data, pos).end()
            break
        if data[pos:pos + 1] != b",":
            break
        pos, index = pos + 1, index + 1
    if found is None and table.columns and index >= len(table.columns):
        width = len(table.columns)
        found = (None, f"row has more than {width} cells but the header has {width}",
                 f"{width} cells (put quotes around a cell that contains a comma)")
    end = _LINE_END.match(data, pos)
    return found, (end.end() if end else pos)


def _bad_quote_column(data: bytes, table: _Table, offset: int) -> str | None:
    """Return the column of the first cell of a record whose quotes are broken, if found."""
    pos = offset
    for index in range(len(table.columns) + 1 if table.columns else 1000):
        cell = _CELL.match(data, pos)
        if data[pos:pos + 1] == b'"':
            quoted = _QUOTED.match(data, pos)
            if quoted is None or quoted.end() != cell.end():
                return _column_name(table, index)
        pos = cell.end()
        if data[pos:pos + 1] != b",":
            return None
        pos += 1
    return None


def _records(table: _Table, problems: _Problems):
    """Yield (line, cells) for each non-blank record of a table's bytes.

    A record with a cell longer than the csv module reads, or a line longer than
    `MAX_LINE_CHARS`, is reported (naming the cell's column) and skipped by hand, and reading
    goes on after it; any other CSV syntax error is reported and ends the file.
    """
    data = table.data
    start, base = 0, 0  # byte offset where this reader starts, and the lines before it
    encoding = "utf-8-sig"  # a byte-order mark is dropped at the very start only
    while True:
        buffer = io.BytesIO(data)
        buffer.seek(start)
        stream = io.TextIOWrapper(buffer, encoding=encoding, errors="surrogateescape",
                                  newline="")
        reader = csv.reader(_lines(stream), strict=True)
        line = base + 1
        try:
            for cells in reader:
                if cells and (len(cells) > 1 or cells[0].strip()):  # a blank line is no row
                    yield line, cells
                line = base + reader.line_num + 1
        except csv.Error as exc:
            if not str(exc).startswith("field larger than field limit"):
                offset = _line_offset(data, start, line - base)
                problems.add(line, _bad_quote_column(data, table, offset),
                             f"cannot read the CSV from here on ({exc})", _QUOTING_HELP)
                return
            limit = csv.field_size_limit()  # read now: any code may have changed it
            why = (None, f"a cell is longer than {limit:,} characters",
                   f"cells of at most {limit:,} characters")
        except _LongLine:
            why = (None, f"a line is longer than {MAX_LINE_CHARS:,} characters",
                   f"lines of at most {MAX_LINE_CHARS:,} characters")
        else:
            table.complete = True
            return
        offset = _line_offset(data, start, line - base)
        found, end = _skip_record(data, table, offset)
        problems.add(line, *(found or why))
        if not table.columns:  # the header itself: nothing after it can be read as rows
            return
        breaks = (data.count(b"\n", offset, end) + data.count(b"\r", offset, end)
                  - data.count(b"\r\n", offset, end))
        start, base, encoding = end, line - 1 + breaks, "utf-8"


def _mixed_hint(cell: str) -> str:
    """Return a hint showing a cell's bad bytes read as Windows-1252, when that reads well."""
    fixed = re.sub("[\udc80-\udcff]",
                   lambda m: bytes([ord(m.group()) - 0xDC00]).decode("cp1252", "replace"), cell)
    if "\ufffd" in fixed or "\x00" in fixed or not fixed.isprintable():
        return ""
    return f" (the file mixes encodings: read as Windows-1252 the cell is {_show(fixed)})"


def _bad_text(table: _Table, line: int, cells: list[str], problems: _Problems) -> bool:
    """Record a problem for each cell holding NUL or bytes that are not UTF-8; True if none."""
    ok = True
    for index, cell in enumerate(cells):
        bad = _BAD_CHAR.search(cell)
        if bad is None:
            continue
        ok = False
        if bad.group() == "\x00":
            problems.add(line, _column_name(table, index),
                         "NUL byte in the cell (is the file binary or damaged?)",
                         "a UTF-8 text file without NUL bytes (save it as 'CSV UTF-8')")
        elif _cut_short(table.data, cell):
            problems.add(line, _column_name(table, index),
                         "the file ends in the middle of a character (was it cut short?)",
                         "the whole file, ending with a complete UTF-8 character")
        else:
            problems.add(line, _column_name(table, index),
                         f"byte 0x{ord(bad.group()) - 0xDC00:02x} is not valid UTF-8"
                         + _mixed_hint(cell), _UTF8_HELP)
    return ok


def _cut_short(data: bytes, cell: str) -> bool:
    """Return True if a cell ends the file with the first bytes of a UTF-8 character only."""
    raw = cell.encode("utf-8", "surrogateescape")
    if not data.endswith(raw):
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.end == len(raw)
    return False


def _read_table(path: Path, shown: str, spec, problems: _Problems) -> _Table:
    """Open one CSV file as a `_Table`: its bytes and header, recording file and header problems.

    The rows are not read yet: they come one at a time from ``table.records``.
    """
    table = _Table(shown)
    data = _read_bytes(path, problems)
    if data is None:
        return table
    table.data = data
    table.dirty = not _is_clean(data)
    records = _records(table, problems)
    header = next(records, None)
    if header is None:
        if not problems:
            problems.add(None, None, "file is empty", "a header row naming the columns, then rows")
        return table
    header_line, names = header
    if table.dirty and not _bad_text(table, header_line, names, problems):
        return table
    columns = [name.strip() for name in names]
    usable = True
    seen: dict[str, int] = {}
    for position, name in enumerate(columns, start=1):
        if not name:
            problems.add(header_line, f"#{position}", "blank column name",
                         "a name for every column (remove trailing commas)")
            usable = False
        elif len(name) > MAX_COLUMN_NAME_CHARS:
            problems.add(header_line, f"#{position}",
                         f"column name is {len(name):,} characters long",
                         f"at most {MAX_COLUMN_NAME_CHARS:,} characters")
            usable = False
        elif name in seen:
            problems.add(header_line, name, f"column appears twice (also column #{seen[name]})",
                         "each column once")
            usable = False
        else:
            seen[name] = position
    for col in spec:
        if col.required and col.name not in seen:
            near = _closest(col.name, seen)
            hint = f" (found {_show(near[0])})" if near else ""
            problems.add(header_line, col.name, f"required column is missing{hint}",
                         "a header with the columns "
                         + ", ".join(c.name for c in spec if c.required))
            usable = False
    table.columns = columns
    lines = _line_of(data, len(data)) - data.endswith((b"\n", b"\r"))
    if usable and lines > MAX_ROWS_PER_FILE + 1:
        counted = _count_rows(data)  # fail fast, before checking a row, when there are too many
        if counted and counted[1] is not None:
            problems.add(counted[1], None, f"the file has {counted[0]:,} rows, so none is checked "
                         f"(row {MAX_ROWS_PER_FILE + 1:,} is on this line)", _too_many_rows())
            usable = False
    table.limits = [_cell_limit(name) for name in columns]
    table.records = records
    table.usable = usable
    return table


def _too_many_rows() -> str:
    """Return what a file with too many rows should hold instead."""
    return (f"at most {MAX_ROWS_PER_FILE:,} rows in a file (the explorer is built for graphs of "
            "up to a million nodes and a million edges)")


def _count_rows(data: bytes):
    """Return (rows after the header, line of the row past `MAX_ROWS_PER_FILE` or None).

    Only the CSV syntax is read, at the csv module's speed; None if that syntax is broken.
    """
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", errors="surrogateescape",
                              newline="")
    reader = csv.reader(_lines(stream), strict=True)
    count, line, past = -1, 1, None  # the first record is the header, not a row
    try:
        for cells in reader:
            if cells and (len(cells) > 1 or cells[0].strip()):
                count += 1
                if count == MAX_ROWS_PER_FILE + 1:
                    past = line
            line = reader.line_num + 1
    except (csv.Error, _LongLine):
        return None
    return count, past


def _rows(table: _Table, problems: _Problems):
    """Yield a table's rows, stopping after `MAX_ROWS_PER_FILE` rows or too many problems."""
    for line, cells in table.records:
        if table.rows >= MAX_ROWS_PER_FILE:
            problems.add(line, None, f"more than {MAX_ROWS_PER_FILE:,} rows: reading stopped "
                         "here, the rest of the file is not read", _too_many_rows())
            problems.stopped_at = line  # said by the cap's own line if the list is full
            return
        table.rows += 1
        yield line, cells
        if problems.dropped:
            problems.stopped_at = line
            return


def _parse_number(column: str, raw: str):
    """Return (value, None) for a numeric cell, or (None, expected) when it is not valid."""
    kind = NUMERIC_EXTRA_COLUMNS[column]
    try:
        number = float(raw)
    except ValueError:
        number = None
    if kind is int:
        expected = "a whole number >= 0 (such as 1200) or a blank cell"
        try:
            value = int(raw)
        except ValueError:
            if number is None or not number.is_integer():
                return None, expected
            value = int(number)
        return (value, None) if value >= 0 else (None, expected)
    if number is None or not math.isfinite(number):
        return None, "a number (such as 0.25) or a blank cell"
    return number, None


def _row_values(table: _Table, line: int, cells: list[str], problems: _Problems):
    """Return a row as {column: stripped, unneutralised text}, or None after a problem.

    Rows with the wrong number of cells, bad bytes (when the file has any) or a cell over its
    column's limit are reported here and go no further.
    """
    if table.dirty and not _bad_text(table, line, cells, problems):
        return None
    width = len(table.columns)
    if len(cells) < width:
        problems.add(line, table.columns[len(cells)],
                     f"row has {len(cells)} cells but the header has {width}",
                     f"{width} cells (put quotes around a cell that contains a comma)")
        return None
    if len(cells) > width:
        problems.add(line, None, f"row has {len(cells)} cells but the header has {width}",
                     f"{width} cells (put quotes around a cell that contains a comma)")
        return None
    if any(map(operator.gt, map(len, cells), table.limits)):
        for name, cell, limit in zip(table.columns, cells, table.limits):
            if len(cell) > limit:
                problems.add(line, name, f"cell is {len(cell):,} characters long",
                             f"at most {limit:,} characters")
        return None
    stripped = [cell.strip() for cell in cells]
    if stripped == table.columns:
        problems.add(line, None, "the header row appears again",
                     "one header row, at the top (were two files joined?)")
        return None
    return dict(zip(table.columns, map(unneutralise, stripped)))


def _attributes(values: dict, skip, line: int, problems: _Problems):
    """Return (attributes in column order, ok): numbers parsed, blank numbers left out."""
    attrs = {}
    ok = True
    for name, raw in values.items():
        if name in skip:
            continue
        if name in NUMERIC_EXTRA_COLUMNS:
            if raw == "":
                continue
            value, expected = _parse_number(name, raw)
            if expected:
                problems.add(line, name, f"{_show(raw)} is not a valid {name}", expected)
                ok = False
                continue
            attrs[name] = value
        else:
            attrs[name] = raw
    return attrs, ok


def _blank_required(values: dict, spec, line: int, problems: _Problems) -> bool:
    """Record a problem for each blank required cell; return True if there was none."""
    ok = True
    for col in spec:
        if col.required and values.get(col.name, "") == "":
            problems.add(line, col.name, "required cell is blank", "a value")
            ok = False
    return ok


def _slug_hint(value: str) -> str:
    """Return a slug made from a value, for a suggestion."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))


@dataclass
class _Known:
    """Ids seen in nodes.csv (even on rows with problems), so edges are checked against them."""

    line: dict[str, int] = field(default_factory=dict)
    tier: dict[str, str] = field(default_factory=dict)
    _sorted: tuple[list[str], list[str]] | None = None
    _suggested: dict[str, str | None] = field(default_factory=dict)

    def closest(self, word: str) -> str | None:
        """Return the known id closest to an unknown one, within a bounded amount of work.

        Only the ids next to the word in sorted order, forwards and backwards (sharing most
        of its start or its end), are compared, so a typo is found among millions of ids.
        """
        if word in self._suggested:
            return self._suggested[word]
        if len(self._suggested) >= _SUGGESTION_BUDGET:
            return None
        if self._sorted is None:
            self._sorted = (sorted(self.line), sorted(k[::-1] for k in self.line))
        forward, backward = self._sorted
        i = bisect.bisect_left(forward, word)
        j = bisect.bisect_left(backward, word[::-1])
        options = {*forward[max(0, i - _NEIGHBOURS):i + _NEIGHBOURS],
                   *(k[::-1] for k in backward[max(0, j - _NEIGHBOURS):j + _NEIGHBOURS])}
        near = _closest(word, sorted(options))
        self._suggested[word] = near[0] if near else None
        return self._suggested[word]


def _load_nodes(table: _Table, G: nx.DiGraph, problems: _Problems) -> _Known:
    """Check every node row, add the valid ones to G and return the ids seen."""
    known = _Known()
    if not table.usable:
        return known
    position = table.columns.index("id")
    for line, cells in _rows(table, problems):
        values = _row_values(table, line, cells, problems)
        if values is None:  # keep its id known, so edges to it are not reported unknown
            node = cells[position].strip() if position < len(cells) else ""
            if node and node not in known.line:
                known.line[node] = line
            continue
        ok = _blank_required(values, NODE_COLUMNS, line, problems)
        node, tier = values["id"], values["tier"]
        if node:
            if node in known.line:
                problems.add(line, "id", f"duplicate id {_show(node)} (first on line "
                             f"{known.line[node]})", "each id once")
                ok = False
            else:
                known.line[node] = line
                if not SLUG_PATTERN.fullmatch(node):
                    hint = _slug_hint(node)
                    problems.add(line, "id", f"id {_show(node)} is not a slug",
                                 _SLUG_HELP + (f", e.g. {_show(hint)}" if hint else ""))
                    ok = False
        if tier:
            if tier not in TIER_IDS:
                near = _closest(tier.lower(), TIER_IDS)
                hint = f" (did you mean {_show(near[0])}?)" if near else ""
                problems.add(line, "tier", f"unknown tier {_show(tier)}{hint}", _one_of(TIER_IDS))
                ok = False
            elif node and known.line.get(node) == line:
                known.tier[node] = tier
        if tier and tier != "need" and node in NEED_BY_ID:
            problems.add(line, "tier", f"id {_show(node)} belongs to a need but the tier is "
                         f"{_show(tier)}", "need (the need ids are reserved for the needs)")
            ok = False
        if tier == "need" and node and node not in NEED_IDS:
            near = _closest(node, NEED_IDS)
            hint = f" (did you mean {_show(near[0])}?)" if near else ""
            problems.add(line, "id", f"need id {_show(node)} is not one of the {len(NEEDS)} "
                         f"needs{hint}", _one_of(NEED_IDS))
            ok = False
        kind = values.get("kind", "")
        if tier == "organization" and kind and kind not in ORG_KINDS:
            near = _closest(kind.lower(), ORG_KINDS)
            hint = f" (did you mean {_show(near[0])}?)" if near else ""
            problems.add(line, "kind", f"unknown organization kind {_show(kind)}{hint}",
                         _one_of(ORG_KINDS) + " or a blank cell")
            ok = False
        attrs, numbers_ok = _attributes(values, ("id",), line, problems)
        if ok and numbers_ok:
            G.add_node(node, **attrs)
    if table.complete and not table.rows:
        problems.add(None, None, "has a header but no rows", "at least one node")
    return known


def _pairs_text(pairs) -> str:
    """Return 'a -> b or c -> d' for a set of tier pairs, in tier order."""
    order = {t: i for i, t in enumerate(TIER_IDS)}
    ranked = sorted(pairs, key=lambda p: (order[p[0]], order[p[1]]))
    return " or ".join(f"{a} -> {b}" for a, b in ranked)


def _check_relation(relation: str, source_tier: str, target_tier: str):
    """Return (message, expected) when a relation may not join two tiers, else None."""
    allowed = BRIDGED_PAIRS if relation == BRIDGED else RELATIONS[relation].pairs
    if (source_tier, target_tier) in allowed:
        return None
    proper = relation_for(source_tier, target_tier)
    if proper:
        hint = f" (a {source_tier} -> {target_tier} edge is {_show(proper)})"
    elif relation_for(target_tier, source_tier) or (target_tier, source_tier) in BRIDGED_PAIRS:
        hint = " (edges point toward the needs: swap source and target)"
    else:
        hint = ""
    return (f"relation {_show(relation)} cannot join {source_tier} -> {target_tier}",
            f"{_show(relation)} to join {_pairs_text(allowed)}{hint}")


def _load_edges(table: _Table, G: nx.DiGraph, known: _Known, nodes_ok: bool,
                nodes_file: str, problems: _Problems) -> dict:
    """Check every edge row, add the valid ones to G and return {(u, v): line}."""
    seen: dict[tuple[str, str], int] = {}
    if not table.usable:
        return seen
    for line, cells in _rows(table, problems):
        values = _row_values(table, line, cells, problems)
        if values is None:
            continue
        ok = _blank_required(values, EDGE_COLUMNS, line, problems)
        u, v, relation = values["source"], values["target"], values["relation"]
        for column, node in (("source", u), ("target", v)):
            if node and nodes_ok and node not in known.line:
                near = None if problems.full else known.closest(node)
                hint = f", e.g. {_show(near)}" if near else ""
                problems.add(line, column, f"no node has id {_show(node)}",
                             f"an id from {nodes_file}{hint}")
                ok = False
        if u and u == v:
            problems.add(line, "target", f"self-loop: source and target are both {_show(u)}",
                         "an edge between two different nodes")
            ok = False
        if relation:
            if relation not in _ALL_RELATIONS:
                near = _closest(relation.lower(), _ALL_RELATIONS)
                hint = f" (did you mean {_show(near[0])}?)" if near else ""
                problems.add(line, "relation", f"unknown relation {_show(relation)}{hint}",
                             _one_of(_ALL_RELATIONS))
                ok = False
            elif u in known.tier and v in known.tier:
                wrong = _check_relation(relation, known.tier[u], known.tier[v])
                if wrong:
                    problems.add(line, "relation", *wrong)
                    ok = False
        if u and v and u != v:
            if (u, v) in seen:
                problems.add(line, "target", f"duplicate edge {u} -> {v} (first on line "
                             f"{seen[(u, v)]})", "each (source, target) pair once")
                ok = False
            else:
                seen[(u, v)] = line
                if (v, u) in seen:
                    problems.add(line, "target", f"edge {u} -> {v} contradicts edge {v} -> {u} "
                                 f"on line {seen[(v, u)]}",
                                 "edges that point one way, toward the needs")
                    ok = False
        attrs, numbers_ok = _attributes(values, ("source", "target"), line, problems)
        if ok and numbers_ok and u in G and v in G:
            G.add_edge(u, v, **attrs)
    return seen


def _cyclic_tier_groups() -> dict[str, int]:
    """Map each tier that can lie on a cycle of allowed edges to its group of such tiers."""
    tiers = nx.DiGraph([*RELATION_BY_PAIR, *BRIDGED_PAIRS])
    groups = {}
    for i, group in enumerate(nx.strongly_connected_components(tiers)):
        if len(group) > 1 or any(tiers.has_edge(t, t) for t in group):
            groups.update(dict.fromkeys(group, i))
    return groups


def _back_edges(H: nx.DiGraph):
    """Yield (cycle, closing edge) for each back edge of one depth-first search of H."""
    state: dict[str, bool] = {}  # True while on the current path, False once finished
    for root in H:
        if root in state:
            continue
        state[root] = True
        path, where = [root], {root: 0}
        stack = [(root, iter(H.succ[root]))]
        while stack:
            node, successors = stack[-1]
            for succ in successors:
                if succ not in state:
                    state[succ] = True
                    where[succ] = len(path)
                    path.append(succ)
                    stack.append((succ, iter(H.succ[succ])))
                    break
                if state[succ]:
                    yield [*path[where[succ]:], succ], (node, succ)
            else:
                stack.pop()
                path.pop()
                del where[node]
                state[node] = False


def _check_cycles(G: nx.DiGraph, lines: dict, problems: _Problems) -> None:
    """Record each cycle of edges (edges must all lead toward the needs, never around)."""
    # A cycle of nodes walks a cycle of tiers, so only edges inside a cyclic group of tiers
    # (today: industry part_of industry) can close one; this keeps the check small. Edges are
    # followed in file order, so the edge reported as closing a cycle tends to be the later one.
    groups = _cyclic_tier_groups()
    tier = G.nodes.data("tier")
    H = nx.DiGraph(
        (u, v) for u, v in lines
        if G.has_edge(u, v) and groups.get(tier[u]) is not None
        and groups.get(tier[u]) == groups.get(tier[v]))
    for cycle, closing in _back_edges(H):
        shown = cycle if len(cycle) <= 12 else [*cycle[:6], "...", *cycle[-5:]]
        problems.add(lines[closing], "target", f"edges form a cycle: {' -> '.join(shown)}",
                     "edges that all lead toward the needs, never back around")


def _reaching(G: nx.DiGraph) -> set:
    """Return the nodes with a directed path to a need node (the needs included)."""
    start = [n for n, tier in G.nodes(data="tier") if tier == "need"]
    found = set(start)
    queue = deque(start)
    while queue:
        for pred in G.pred[queue.popleft()]:
            if pred not in found:
                found.add(pred)
                queue.append(pred)
    return found


def load_graph(data_dir) -> nx.DiGraph:
    """Load and validate ``nodes.csv`` and ``edges.csv`` from a data folder.

    The result is a `networkx.DiGraph`, not a multigraph: every ordered pair of tiers admits
    at most one relation in `graph.schema`, so (source, target) identifies an edge, and a
    second row with the same source and target is reported as a duplicate.

    Parameters
    ----------
    data_dir : str or path-like
        Folder holding ``nodes.csv`` and ``edges.csv`` (UTF-8 CSV, header row first).

    Returns
    -------
    G : networkx.DiGraph
        Nodes keyed by id; node attributes are the other columns of ``nodes.csv`` in file
        order, edge attributes every column of ``edges.csv`` but source and target. Text is
        stripped and `graph.schema.unneutralise`-d, an empty text cell is ``""``; the
        numeric columns of `graph.schema.NUMERIC_EXTRA_COLUMNS` are parsed, and a blank one
        leaves the attribute out. ``G.graph`` holds ``name`` (the folder's name),
        ``checksum`` (sha256 of the bytes of nodes.csv then edges.csv), ``node_columns``
        and ``edge_columns`` (the headers in file order) and ``warnings`` (a list of str).

    Raises
    ------
    DataError
        Listing every problem found (file, line, column, what is wrong, what was
        expected), at most `MAX_PROBLEMS_PER_FILE` per file: checking a file stops at the
        next one. A file that is not UTF-8 text (UTF-16, a workbook, binary bytes) is one
        problem, found from its first few kilobytes; a file over `MAX_FILE_BYTES` is not
        read, and one of more than `MAX_ROWS_PER_FILE` rows is not checked. A cell over its
        column's limit (`MAX_CELL_CHARS`, `DEFAULT_MAX_CELL_CHARS`) is reported, naming its
        line and column, and reading goes on after its row.

    Warns
    -----
    WebOfWorkWarning
        Once, when some nodes reach no need; each such node is named in ``G.graph["warnings"]``.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "nodes.csv").write_text(
    ...     "id,label,tier,description,employment\\n"
    ...     "learning,Learning,need,Gaining knowledge.,\\n"
    ...     "educator,Educator,profession,Teaches people.,1200\\n", encoding="utf-8")
    >>> _ = (folder / "edges.csv").write_text(
    ...     "source,target,relation,weight\\neducator,learning,serves,0.5\\n", encoding="utf-8")
    >>> G = load_graph(folder)
    >>> G.nodes["educator"]["employment"], G.edges["educator", "learning"]["weight"]
    (1200, 0.5)
    >>> "employment" in G.nodes["learning"], G.graph["edge_columns"]
    (False, ['source', 'target', 'relation', 'weight'])
    >>> _ = (folder / "edges.csv").write_text(
    ...     "source,target,relation\\neducator,learnin,serve\\n", encoding="utf-8")
    >>> try:
    ...     load_graph(folder)
    ... except DataError as err:
    ...     for problem in err.problems:
    ...         print(problem.line, problem.column, problem.message)
    2 target no node has id 'learnin'
    2 relation unknown relation 'serve' (did you mean 'serves'?)
    >>> shutil.rmtree(folder)
    """
    folder = Path(data_dir)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "no such folder"
        raise DataError([Problem(str(folder), None, None, what,
                                 f"a folder holding {NODES_FILE} and {EDGES_FILE}")])
    node_problems = _Problems(str(folder / NODES_FILE))
    edge_problems = _Problems(str(folder / EDGES_FILE))
    # One file at a time, its rows checked as they are read, so at most one file's bytes
    # (bounded by MAX_FILE_BYTES) are held, besides the graph.
    G = nx.DiGraph()
    digest = hashlib.sha256()
    nodes = _read_table(folder / NODES_FILE, node_problems.file, NODE_COLUMNS, node_problems)
    known = _load_nodes(nodes, G, node_problems)
    digest.update(nodes.data)
    nodes.data = b""
    # Only check edge ends against nodes.csv when its ids could all be read.
    nodes_ok = nodes.usable and nodes.complete and nodes.rows > 0
    edges = _read_table(folder / EDGES_FILE, edge_problems.file, EDGE_COLUMNS, edge_problems)
    lines = _load_edges(edges, G, known, nodes_ok, node_problems.file, edge_problems)
    digest.update(edges.data)
    edges.data = b""
    if not edge_problems.dropped:
        _check_cycles(G, lines, edge_problems)

    problems = node_problems.all() + edge_problems.all()
    if problems:
        raise DataError(problems)

    G.graph["name"] = folder.resolve().name
    G.graph["checksum"] = digest.hexdigest()
    G.graph["node_columns"] = list(nodes.columns)
    G.graph["edge_columns"] = list(edges.columns)
    G.graph["warnings"] = _warnings(G, known, node_problems.file)
    return G


def _warnings(G: nx.DiGraph, known: _Known, nodes_file: str) -> list[str]:
    """Return the warnings about valid data, each also emitted as a `WebOfWorkWarning`."""
    found = []
    for col in NODE_COLUMNS:
        if not col.tiers:
            continue
        misplaced = [n for n, value in G.nodes(data=col.name) if value
                     and G.nodes[n]["tier"] not in col.tiers]
        if misplaced:
            shown = ", ".join(misplaced[:5]) + (", ..." if len(misplaced) > 5 else "")
            found.append(Problem(
                nodes_file, known.line[misplaced[0]], col.name,
                f"filled on {len(misplaced)} row{'s' if len(misplaced) != 1 else ''} of "
                f"other tiers ({shown})", f"a value only on {' and '.join(col.tiers)} rows"))
    for need in NEEDS:
        label = G.nodes[need.id].get("label") if need.id in G else need.label
        if label != need.label:
            found.append(Problem(nodes_file, known.line[need.id], "label",
                                 f"need {_show(need.id)} is labelled {_show(label)}",
                                 f"{_show(need.label)} as in the schema"))
    for problem in found:
        warnings.warn(str(problem), WebOfWorkWarning, stacklevel=3)
    reach = _reaching(G)
    stranded = [n for n in G if n not in reach]
    found += [Problem(nodes_file, known.line[n], "id",
                      f"{G.nodes[n]['tier']} {_show(n)} reaches no need",
                      "a directed path of edges from it to one of the needs")
              for n in stranded]
    if stranded:
        shown = ", ".join(stranded[:_WARNING_SHOWN])
        more = ", ..." if len(stranded) > _WARNING_SHOWN else ""
        verb = "reaches" if len(stranded) == 1 else "reach"
        warnings.warn(f"{len(stranded)} node{'s' if len(stranded) != 1 else ''} in {nodes_file} "
                      f"{verb} no need: {shown}{more}", WebOfWorkWarning, stacklevel=3)
    return [str(problem) for problem in found]
    return G


def need_reach(G: nx.DiGraph) -> dict[str, Counter]:
    """Count, for each need node, the nodes of each work tier with a directed path to it.

    Parameters
    ----------
    G : networkx.DiGraph
        A graph as returned by `load_graph`.

    Returns
    -------
    dict
        need id -> `collections.Counter` of work-tier id -> number of nodes, for the need
        nodes of G in `graph.schema.NEEDS` order.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("chef", "leisure"), ("line-cook", "chef")])
    >>> nx.set_node_attributes(G, {"chef": "profession", "leisure": "need", "line-cook": "job"},
    ...                        "tier")
    >>> need_reach(G)
    {'leisure': Counter({'profession': 1, 'job': 1})}
    """
    result = {}
    for need in NEED_IDS:
        if need in G and G.nodes[need].get("tier") == "need":
            tiers = Counter(G.nodes[n].get("tier") for n in nx.ancestors(G, need))
            result[need] = Counter({t: tiers[t] for t in WORK_TIERS if tiers[t]})
    return result


def summary(G: nx.DiGraph) -> str:
    """Return a short text summary: counts per tier, per relation and per need.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("leisure", tier="need")
    >>> G.add_node("chef", tier="profession")
    >>> G.add_edge("chef", "leisure", relation="serves")
    >>> print(summary(G))
    2 nodes, 1 edge
    Nodes per tier:
      need                   1
      profession             1
      industry               0
      organization           0
      job                    0
    Edges per relation:
      serves                 1
    Nodes of each work tier reaching each need:
      need                        profession  industry  organization     job
      Leisure                              1         0             0       0
    """
    tiers = Counter(t for _, t in G.nodes(data="tier"))
    relations = Counter(r for _, _, r in G.edges(data="relation"))
    n, m = G.number_of_nodes(), G.number_of_edges()
    out = [f"{n} node{'s' if n != 1 else ''}, {m} edge{'s' if m != 1 else ''}",
           "Nodes per tier:"]
    out += [f"  {t.id:<16}{tiers[t.id]:>8}" for t in TIERS]
    out.append("Edges per relation:")
    out += [f"  {r:<16}{relations[r]:>8}" for r in _ALL_RELATIONS if relations[r]]
    reach = need_reach(G)
    if reach:
        labels = {need.id: need.label for need in NEEDS}
        widths = {t: max(len(t), 6) + 2 for t in WORK_TIERS}
        out.append("Nodes of each work tier reaching each need:")
        out.append(f"  {'need':<28}" + "".join(f"{t:>{widths[t]}}" for t in WORK_TIERS))
        for need, counts in reach.items():
            out.append(f"  {labels[need]:<28}"
                       + "".join(f"{counts[t]:>{widths[t]}}" for t in WORK_TIERS))
    return "\n".join(out)


def main(argv=None) -> int:
    """Check a data folder and print its summary; return the exit status (0 valid, 2 not).

    Examples
    --------
    >>> main(["no-such-folder"])
    2
    """
    parser = argparse.ArgumentParser(
        prog="python -m graph.build",
        description="Check the Web of Work data files and print a summary.")
    parser.add_argument("data_dir", nargs="?", default="data",
                        help=f"folder holding {NODES_FILE} and {EDGES_FILE} (default: data)")
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", WebOfWorkWarning)
            G = load_graph(args.data_dir)
    except DataError as err:
        n = len(err.problems)
        print(f"{args.data_dir}: {n} problem{'s' if n != 1 else ''}:", file=sys.stderr)
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 2
    print(f"{args.data_dir}: valid (checksum {G.graph['checksum'][:12]})")
    print(summary(G))
    for warning in G.graph["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
