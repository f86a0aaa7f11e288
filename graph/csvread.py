"""Read a CSV file of untrusted bytes into a header and rows, reporting what cannot be read.

`read_table` opens one file (a path, or bytes already in memory) as a `Table`: its header is
checked against a column spec, and its rows come one at a time from `rows`, each turned into
``{column: text}`` by `row_values`. Every problem found on the way (the file is missing,
too large, not UTF-8 text, has broken quoting, a cell or line over its limit, too many
rows...) is recorded in a `Problems` collector, located by file, line and column, and the
reading goes on wherever it can. Nothing here knows the graph: `graph.build` checks the
rows' values against `graph.schema` and builds the graph from them.

Examples
--------
>>> from graph.schema import EDGE_COLUMNS
>>> problems = Problems("edges.csv")
>>> table = read_table(b"source,target,relation\\nchef,leisure,serves\\nchef,learning\\n",
...                    EDGE_COLUMNS, problems)
>>> table.columns, table.usable
(['source', 'target', 'relation'], True)
>>> [(line, row_values(table, line, cells, problems)) for line, cells in rows(table, problems)]
[(2, {'source': 'chef', 'target': 'leisure', 'relation': 'serves'}), (3, None)]
>>> for problem in problems.all():
...     print(problem)
edges.csv:3: column relation: row has 2 cells but the header has 3, expected 3 cells
(put quotes around a cell that contains a comma)
>>> table.rows, table.complete
(2, True)
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import Problem
from graph.schema import unneutralise

__all__ = [
    "DEFAULT_MAX_CELL_CHARS",
    "MAX_CELL_CHARS",
    "MAX_COLUMN_NAME_CHARS",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "MAX_PROBLEMS_PER_FILE",
    "MAX_ROWS_PER_FILE",
    "Problems",
    "Table",
    "closest",
    "read_file",
    "read_table",
    "row_values",
    "rows",
    "show",
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

_SHOW_CHARS = 60  # longest user value quoted in a message
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


class Problems:
    """Collect the problems of one file, keeping at most `MAX_PROBLEMS_PER_FILE`.

    Parameters
    ----------
    file : str
        The file's name as shown at the start of each problem.

    Attributes
    ----------
    items : list of graph.errors.Problem
        The problems kept, in the order they were added.
    dropped : int
        Problems added once the cap was reached, counted but not kept.
    stopped_at : int or None
        Line where checking the file stopped, once past the cap (set by `rows`).

    See Also
    --------
    read_table, rows, row_values : Record their problems here.

    Notes
    -----
    Memory is bounded by the cap: a file with a million bad rows holds
    `MAX_PROBLEMS_PER_FILE` problems and one count.

    Examples
    --------
    >>> problems = Problems("nodes.csv")
    >>> problems.add(7, "tier", "unknown tier 'guild'", "one of need, profession")
    >>> bool(problems), [str(p) for p in problems.all()]
    (True, ["nodes.csv:7: column tier: unknown tier 'guild', expected one of need, profession"])
    """

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
class Table:
    """A CSV file being read: its shown name, raw bytes, header and a stream of its rows.

    Made by `read_table`; its rows are read with `rows` and `row_values`, which update
    ``rows`` and ``complete`` as they go.

    See Also
    --------
    read_table : Opens a file as a Table.
    """

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


def show(value: str) -> str:
    """Quote a user's value for a problem's message, shortened when long.

    See Also
    --------
    closest : The options to suggest for a mistyped value.

    Examples
    --------
    >>> show("guild"), show("x" * 100)[-6:]
    ("'guild'", "x...'")
    """
    if len(value) > _SHOW_CHARS:
        value = value[:_SHOW_CHARS] + "..."
    return repr(value)


def closest(word: str, options, n: int = 1) -> list[str]:
    """Return the options closest to a word, best first, for a "did you mean" hint.

    See Also
    --------
    show : Quotes the suggestion in a message.

    Notes
    -----
    `difflib.get_close_matches` with cutoff 0.6: it compares the word with every option, so
    callers pass a short list.

    Examples
    --------
    >>> closest("serve", ["serves", "part_of"])
    ['serves']
    """
    return difflib.get_close_matches(word, list(options), n=n, cutoff=0.6)


def _line_of(data, offset: int) -> int:
    """Return the 1-based physical line holding an offset of bytes or text (\\n, \\r\\n, \\r)."""
    nl, cr, crlf = ("\n", "\r", "\r\n") if isinstance(data, str) else (b"\n", b"\r", b"\r\n")
    return data.count(nl, 0, offset) + data.count(cr, 0, offset) - data.count(crlf, 0, offset) + 1


def _cell_limit(column: str, limits: dict | None = None) -> int:
    """Return the most characters a cell of a column may hold (`MAX_CELL_CHARS` by default)."""
    return (MAX_CELL_CHARS if limits is None else limits).get(column, DEFAULT_MAX_CELL_CHARS)


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


def read_file(path: Path, problems: Problems) -> bytes | None:
    """Return a file's bytes, or None after recording why it cannot be read.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    problems : Problems
        Where a file that is missing, not a file, over `MAX_FILE_BYTES`, not UTF-8 text
        (UTF-16, a workbook, binary bytes) or unreadable is reported, as one problem.

    Returns
    -------
    bytes or None
        The whole file, or None after a problem.

    See Also
    --------
    read_table : Reads the header from these bytes and the rows on demand.

    Notes
    -----
    Nothing is read from a file over `MAX_FILE_BYTES`, and only its first 4 KB when they
    show it is not UTF-8 text; otherwise the file is read whole, once (at most
    `MAX_FILE_BYTES` bytes held).
    """
    if not path.exists():
        problems.add(None, None, "file is missing", "a CSV file in the data folder")
        return None
    if not path.is_file():
        problems.add(None, None, "is not a file", "a CSV file")
        return None
    if _too_large(path.stat().st_size, problems):
        return None
    try:
        with path.open("rb") as handle:
            if _not_text(handle.read(_SNIFF_BYTES), problems):
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


def _too_large(size: int, problems: Problems) -> bool:
    """Record a problem and return True when a file of this many bytes is over the limit."""
    if size > MAX_FILE_BYTES:
        problems.add(None, None, f"file is too large to load ({size:,} bytes)",
                     f"at most {MAX_FILE_BYTES:,} bytes")
        return True
    return False


def _not_text(head: bytes, problems: Problems) -> bool:
    """Record a problem and return True when a file's first bytes show it is not UTF-8 text."""
    sniffed = _sniff(head, len(head) < _SNIFF_BYTES)
    if sniffed:
        line, message = sniffed
        problems.add(line, None, message, _UTF8_HELP)
        return True
    return False


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


def _column_name(table: Table, index: int) -> str:
    """Return the name of the column at a 0-based position, or '#N' past the header."""
    return table.columns[index] if index < len(table.columns) else f"#{index + 1}"


def _cell_chars(raw: bytes) -> int:
    """Return the characters of a raw CSV cell (quotes around it and doubled quotes undone)."""
    text = raw.decode("utf-8", "surrogateescape")
    if text.startswith('"'):
        text = (text[1:-1] if len(text) > 1 and text.endswith('"') else text[1:])
        text = text.replace('""', '"')
    return len(text)


def _skip_record(data: bytes, table: Table, offset: int):
    """Read one record from a byte offset by hand; return (problem or None, end offset).

    The problem names the first cell over its limit (or says the row is too long); the end
    offset is just past the record's line break, where reading resumes.
    """
    header = not table.columns
    pos, index, found = offset, 0, None
    while True:
        cell = _CELL.match(data, pos)
        name = _column_name(table, index)
        limit = (MAX_COLUMN_NAME_CHARS if header else table.limits[index]
                 if index < len(table.limits) else DEFAULT_MAX_CELL_CHARS)
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


def _bad_quote_column(data: bytes, table: Table, offset: int) -> str | None:
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


def _records(table: Table, problems: Problems):
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
    return f" (the file mixes encodings: read as Windows-1252 the cell is {show(fixed)})"


def _bad_text(table: Table, line: int, cells: list[str], problems: Problems) -> bool:
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


def read_table(source, spec, problems: Problems, limits: dict | None = None) -> Table:
    """Open one CSV file as a `Table`: its bytes and header, recording file and header problems.

    Parameters
    ----------
    source : pathlib.Path or bytes
        The file, or its bytes already in memory (then checked as a file's would be: over
        `MAX_FILE_BYTES`, or not UTF-8 text, is one problem).
    spec : iterable
        The expected columns, each with a ``name`` and a ``required`` flag, such as
        `graph.schema.NODE_COLUMNS`.
    problems : Problems
        Where the file's and the header's problems are recorded; its ``file`` names the
        table in every problem.
    limits : dict, optional
        Column name -> longest cell in characters, for a file whose columns have limits of
        their own (such as `graph.schema.TITLE_CELL_CHARS`); a column not in it may hold
        `DEFAULT_MAX_CELL_CHARS`. By default the limits are `MAX_CELL_CHARS`.

    Returns
    -------
    Table
        ``usable`` when the header was read, every column name is sound and the required
        columns are present; ``records`` then yields the rows, for `rows` to read.

    See Also
    --------
    read_file : Reads the bytes of a path.
    rows : Reads the rows, one at a time.
    row_values : Turns a row into ``{column: text}``.

    Notes
    -----
    The bytes are held whole in ``table.data`` (at most `MAX_FILE_BYTES`) and scanned
    once for bytes that are not UTF-8; only the header is parsed here. A file with more
    lines than `MAX_ROWS_PER_FILE` is counted once more, at the csv module's speed, so a
    file of too many rows is refused before any row is checked.

    Examples
    --------
    >>> from graph.schema import NODE_COLUMNS
    >>> problems = Problems("nodes.csv")
    >>> table = read_table(b"id,label,id,tier,descripton\\n", NODE_COLUMNS, problems)
    >>> table.usable
    False
    >>> for problem in problems.all():
    ...     print(problem)
    nodes.csv:1: column id: column appears twice (also column #1), expected each column once
    nodes.csv:1: column description: required column is missing (found 'descripton'),
    expected a header with the columns id, label, tier, description
    >>> read_table(b"\\xff\\xfeid\\x00", NODE_COLUMNS, Problems("nodes.csv")).usable
    False
    """
    table = Table(problems.file)
    if isinstance(source, bytes):
        data = None if _too_large(len(source), problems) or _not_text(
            source[:_SNIFF_BYTES], problems) else source
    else:
        data = read_file(source, problems)
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
            near = closest(col.name, seen)
            hint = f" (found {show(near[0])})" if near else ""
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
    table.limits = [_cell_limit(name, limits) for name in columns]
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


def rows(table: Table, problems: Problems):
    """Yield a table's rows, stopping after `MAX_ROWS_PER_FILE` rows or too many problems.

    Parameters
    ----------
    table : Table
        A table from `read_table`, when ``usable``.
    problems : Problems
        Where records that cannot be read are reported; once it holds more than
        `MAX_PROBLEMS_PER_FILE` problems, reading stops after the current row.

    Yields
    ------
    line : int
        The physical line the row starts on (the header is line 1).
    cells : list of str
        The row's cells as the csv module read them; blank lines are skipped.

    See Also
    --------
    row_values : Checks a row's width, bytes and cell lengths.

    Notes
    -----
    Rows are parsed lazily from ``table.data`` by the csv module, so one row at a time is
    held besides the bytes. A record the csv module cannot read (a cell over its field
    limit, a line over `MAX_LINE_CHARS`) is reported and skipped by hand, and reading goes
    on with the next record; any other CSV syntax error is reported and ends the file.
    ``table.rows`` counts the rows yielded, and ``table.complete`` is set once the last
    record was read.
    """
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


def row_values(table: Table, line: int, cells: list[str], problems: Problems):
    """Return a row as {column: stripped, unneutralised text}, or None after a problem.

    Parameters
    ----------
    table : Table
        The table the row belongs to.
    line : int
        The row's line, from `rows`.
    cells : list of str
        The row's cells, from `rows`.
    problems : Problems
        Where a row with the wrong number of cells, bad bytes (when the file has any), a
        cell over its column's limit (`MAX_CELL_CHARS`, `DEFAULT_MAX_CELL_CHARS`) or a
        repeated header is reported; such a row goes no further.

    Returns
    -------
    dict or None
        Column name -> text, in header order, stripped and
        `graph.schema.unneutralise`-d; None after a problem.

    See Also
    --------
    rows : Yields the rows this function reads.

    Notes
    -----
    The cells of a file holding no NUL byte and only UTF-8 are not searched for bad bytes.
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


