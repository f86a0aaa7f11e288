"""Read an organization's job list (CSV or XLSX bytes) into a `JobTable`, or say why not.

`read_table` takes the bytes of an uploaded or named file and returns its header and
rows, every cell kept as written, with the column holding the job titles found by name.
Anything it cannot read raises `graph.errors.DataError`, whose ``problems`` are located
as ``FILE:LINE: column COLUMN: what is wrong, expected what``; nothing is half-read.

CSV text goes through `graph.csvread` (the data folder's reader: quoting, line limits,
binary and workbook detection); Windows-1252 and UTF-16 text is turned into UTF-8 first.
An XLSX workbook is read from its first sheet with ``openpyxl``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field, replace

from graph import csvread
from graph.errors import DataError
from graph.schema import unneutralise

__all__ = [
    "CARRIED_COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "TITLE_COLUMNS",
    "JobTable",
    "find_column",
    "read_table",
    "table_from_lines",
]

#: Most data rows (after the header) in a job list.
MAX_ROWS = 50_000
#: Largest job list file, in bytes (20 MB).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Longest cell, in characters, in any column.
MAX_CELL_CHARS = 1_000
#: Most columns in a job list.
MAX_COLUMNS = 200
#: Column names that hold the job title, in order of preference (compared without case).
TITLE_COLUMNS = ("title", "job title", "position")
#: Optional columns carried along and understood by name (compared without case).
CARRIED_COLUMNS = ("organization", "headcount", "department", "id")

_XLSX_HELP = "an .xlsx workbook saved by a spreadsheet program, or a CSV file"
_HEADCOUNT = re.compile(r"\d{1,3}(,\d{3})+|\d+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: A UTF-8 character of two bytes or more: Windows-1252 text almost never holds one.
_UTF8_CHARACTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass
class JobTable:
    """A job list as read: its header, its rows (every cell text, as written) and where
    each row is in the file.

    ``title`` is the position of the title column; ``known`` maps each of
    `CARRIED_COLUMNS` found (and ``"title"``) to its position; ``headcounts`` holds each
    row's headcount (None when the file has no headcount column or the cell is empty).
    """

    name: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    title: int = 0
    known: dict[str, int] = field(default_factory=dict)
    headcounts: list[int | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def titles(self) -> list[str]:
        """Return the title cell of every row, in order."""
        return [row[self.title] for row in self.rows]

    def column(self, name: str) -> list[str] | None:
        """Return the cells of a known column (``"organization"``...), or None if absent."""
        position = self.known.get(name)
        return None if position is None else [row[position] for row in self.rows]


def find_column(columns, wanted=TITLE_COLUMNS) -> int | None:
    """Return the position of the first column named like one of `wanted`, or None.

    Names compare without case, surrounding blanks, underscores or repeated spaces.

    Examples
    --------
    >>> find_column(["ID", "Job_Title", "Dept"]), find_column(["Position"]), find_column(["x"])
    (1, 0, None)
    """
    keys = [" ".join(str(c).replace("_", " ").split()).casefold() for c in columns]
    for name in wanted:
        if name in keys:
            return keys.index(name)
    return None


def read_table(data: bytes, name: str, title_column: str | None = None) -> JobTable:
    """Return the job list held in `data` (CSV or XLSX bytes), or raise a located error.

    Parameters
    ----------
    data : bytes
        The whole file. CSV in UTF-8 (with or without a byte-order mark), Windows-1252
        or UTF-16 with a byte-order mark; or an XLSX workbook (its first sheet).
    name : str
        The file's name as shown in every problem (``name:LINE: ...``).
    title_column : str, optional
        The column holding the job titles; by default the first of `TITLE_COLUMNS`
        found (without case).

    Returns
    -------
    JobTable
        The header and every row, in order. Cells keep their blanks; a leading quote
        that guards a formula (as written by this project's exports) is dropped, since
        `graph.mapjobs.write_csv` adds it back.

    Raises
    ------
    graph.errors.DataError
        With every problem found, each located by line (the header is line 1; whole-file
        problems are on line 1 too): a file over `MAX_FILE_BYTES`, not a table (binary
        bytes, a PDF, an old .xls, a zip that is no workbook), an encoding that is not
        one of those above, no title column, a header only, more than `MAX_ROWS` rows,
        a cell over `MAX_CELL_CHARS` characters, a row wider than the header, a
        headcount that is not a whole number.

    See Also
    --------
    graph.mapjobs.code_titles : Codes the titles to occupations.
    graph.csvread.read_table : The CSV reader underneath.

    Notes
    -----
    Linear in the file's size: CSV is parsed lazily by the csv module, an XLSX sheet is
    streamed (``openpyxl`` read-only mode), and reading stops at the first row past
    `MAX_ROWS`. Memory: the bytes plus the cells.

    Examples
    --------
    >>> table = read_table(b"Job Title,Headcount\\nSr. Loan Processor II,3\\nRN - Nights,\\n",
    ...                    "jobs.csv")
    >>> table.titles, table.headcounts, table.lines
    (['Sr. Loan Processor II', 'RN - Nights'], [3, None], [2, 3])
    >>> try:
    ...     read_table(b"name,dept\\nAda,IT\\n", "jobs.csv")
    ... except DataError as err:
    ...     print(*err.problems)  # doctest: +NORMALIZE_WHITESPACE
    jobs.csv:1: no column of job titles (the columns are 'name', 'dept'), expected a column
    named title, job title or position, or --title-column NAME
    """
    problems = csvread.Problems(name)
    if len(data) > MAX_FILE_BYTES:
        problems.add(1, None, f"file is too large ({len(data):,} bytes)",
                     f"at most {MAX_FILE_BYTES:,} bytes (20 MB)")
        header, records = None, []
    elif data.startswith(b"PK\x03\x04"):
        header, records = _read_xlsx(data, problems)
    else:
        header, records = _read_csv(data, problems)
    if header is not None:
        table = _check(name, header, records, title_column, problems)
    if problems or header is None:  # a whole-file problem is told on line 1
        found = [p if p.line is not None else replace(p, line=1) for p in problems.all()]
        raise DataError(sorted(found, key=lambda p: p.line))
    return table


def table_from_lines(text: str, name: str = "pasted titles") -> JobTable:
    """Return a job list of one column, ``title``, from text holding one title a line.

    Blank lines are skipped; each other line is a row (its blanks kept), located by its
    line number. The limits are those of files: at most `MAX_ROWS` titles and
    `MAX_CELL_CHARS` characters a title, else `graph.errors.DataError`.

    Examples
    --------
    >>> table = table_from_lines("Staff Nurse\\n\\n  Line Cook - Nights\\n")
    >>> table.columns, table.rows, table.lines
    (['title'], [['Staff Nurse'], ['  Line Cook - Nights']], [1, 3])
    """
    problems = csvread.Problems(name)
    rows, lines = [], []
    for number, line in enumerate(str(text).splitlines(), 1):
        if not line.strip():
            continue
        if len(rows) >= MAX_ROWS:
            _too_many(problems, number)
            break
        if len(line) > MAX_CELL_CHARS:
            problems.add(number, "title", f"title is {len(line):,} characters long",
                         f"at most {MAX_CELL_CHARS:,} characters")
        elif _CONTROL.search(line):
            problems.add(number, "title", "control character in the title", "text")
        else:
            rows.append([line])
            lines.append(number)
        if problems.full:
            break
    if not rows and not problems:
        problems.add(1, None, "no titles", "one job title a line")
    if problems:
        raise DataError(problems.all())
    return JobTable(name, ["title"], rows, lines, 0, {"title": 0}, [None] * len(rows))


# ---------------------------------------------------------------------------- CSV text
def _utf8(data: bytes, problems: csvread.Problems) -> bytes | None:
    """Return the text of `data` as UTF-8 bytes (from UTF-16 or Windows-1252 if need be),
    or the bytes as they are for `graph.csvread` to judge, or None after a problem."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, None), (codecs.BOM_UTF32_BE, None),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            if encoding is None:
                return data  # csvread names UTF-32 and refuses it
            try:
                return data.decode(encoding).encode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[:exc.start].decode(encoding, "ignore").count("\n") + 1
                problems.add(line, None,
                             f"the file starts as UTF-16 text but byte {exc.start:,} is not "
                             "UTF-16 (was it cut short?)", "a whole UTF-16 or UTF-8 text file")
                return None
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    if b"\x00" in data or _UTF8_CHARACTER.search(data):
        # binary, UTF-16 without a mark, or UTF-8 mixed with another encoding: csvread
        # says which, the last cell by cell
        return data
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        problems.add(data[:exc.start].count(b"\n") + 1, None,
                     f"byte 0x{data[exc.start]:02x} (at byte {exc.start:,}) is neither UTF-8 "
                     "nor Windows-1252 text: the file is not a text table",
                     "a CSV file saved as 'CSV UTF-8' (or an .xlsx workbook)")
        return None
    return text.encode("utf-8")


def _read_csv(data: bytes, problems: csvread.Problems):
    """Return (header, [(line, cells)]) of CSV bytes, or (None, []) after problems."""
    text = _utf8(data, problems)
    if text is None:
        return None, []
    table = csvread.read_table(text, (), problems)
    if not table.usable:
        return None, []
    table.limits = [MAX_CELL_CHARS] * len(table.columns)
    records = []
    for line, cells in csvread.rows(table, problems):
        if len(records) >= MAX_ROWS:
            _too_many(problems, line)
            break
        if csvread.row_values(table, line, cells, problems) is not None:
            records.append((line, [unneutralise(c) for c in cells]))
    return table.columns, records


def _too_many(problems: csvread.Problems, line: int) -> None:
    """Record that row `MAX_ROWS` + 1 starts on `line`."""
    problems.add(line, None, f"more than {MAX_ROWS:,} rows: row {MAX_ROWS + 1:,} is on this line",
                 f"at most {MAX_ROWS:,} rows (split the list into several files)")


# ---------------------------------------------------------------------------- XLSX
def _cell_text(value) -> str:
    """Return a workbook cell's value as text: numbers as written, dates in ISO form.

    Examples
    --------
    >>> [_cell_text(v) for v in (None, 3, 3.0, 2.5, True, "x", dt.date(2026, 1, 2))]
    ['', '3', '3', '2.5', 'TRUE', 'x', '2026-01-02']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, problems: csvread.Problems):
    """Return (header, [(line, cells)]) of a workbook's first sheet, or (None, [])."""
    import openpyxl  # only workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError,
            TypeError, AttributeError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        problems.add(1, None, f"the file is a zip archive but not a readable Excel workbook "
                     f"({reason})", _XLSX_HELP)
        return None, []
    try:
        if not book.worksheets:
            problems.add(1, None, "the workbook has no sheet", _XLSX_HELP)
            return None, []
        header, records = None, []
        rows = book.worksheets[0].iter_rows(min_row=1, values_only=True)
        margin = 0  # blank columns left of the header (a table that starts in column B)
        for number, values in enumerate(rows, 1):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if not cells or not any(c.strip() for c in cells):
                continue  # a blank row is no row
            if header is None:
                while not cells[margin].strip():
                    margin += 1
                header = _xlsx_header(cells[margin:], number, problems)
                if header is None:
                    return None, []
                continue
            if any(c.strip() for c in cells[:margin]):
                problems.add(number, None, "a cell left of the header's first column",
                             "every cell under a column name")
                continue
            cells = cells[margin:]
            if len(records) >= MAX_ROWS:
                _too_many(problems, number)
                break
            if _xlsx_row(header, cells, number, problems):
                records.append((number, cells + [""] * (len(header) - len(cells))))
            if problems.full:
                break
        if header is None:
            problems.add(1, None, "the first sheet is empty",
                         "a header row naming the columns, then one row per job")
        return header, records
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        problems.add(1, None, f"the workbook's first sheet cannot be read ({exc})", _XLSX_HELP)
        return None, []
    finally:
        book.close()


def _xlsx_header(cells: list[str], line: int, problems) -> list[str] | None:
    """Return a sheet's header row, stripped, or None after recording what is wrong."""
    header = [c.strip() for c in cells]
    if len(header) > MAX_COLUMNS:
        problems.add(line, None, f"the header has {len(header):,} columns",
                     f"at most {MAX_COLUMNS} columns")
        return None
    seen: dict[str, int] = {}
    for position, column in enumerate(header, 1):
        if not column:
            problems.add(line, f"#{position}", "blank column name", "a name for every column")
        elif len(column) > csvread.MAX_COLUMN_NAME_CHARS:
            problems.add(line, f"#{position}", f"column name is {len(column):,} characters long",
                         f"at most {csvread.MAX_COLUMN_NAME_CHARS} characters")
        elif column in seen:
            problems.add(line, column, f"column appears twice (also column #{seen[column]})",
                         "each column once")
        else:
            seen[column] = position
    return None if problems else header


def _xlsx_row(header: list[str], cells: list[str], line: int, problems) -> bool:
    """Return True if a sheet row fits the header and its limits, else record why not."""
    ok = True
    if len(cells) > len(header):
        problems.add(line, f"#{len(header) + 1}", f"row has {len(cells)} cells but the header "
                     f"has {len(header)}", f"{len(header)} cells (a name for every column)")
        return False
    for column, cell in zip(header, cells):
        if len(cell) > MAX_CELL_CHARS:
            problems.add(line, column, f"cell is {len(cell):,} characters long",
                         f"at most {MAX_CELL_CHARS:,} characters")
            ok = False
        elif _CONTROL.search(cell):
            problems.add(line, column, "control character in the cell", "text")
            ok = False
    return ok


# ---------------------------------------------------------------------------- both
def _check(name, header, records, title_column, problems) -> JobTable:
    """Return the `JobTable` of a header and rows, recording a missing title column, a
    header only and headcounts that are not whole numbers (rows already refused are not
    in `records`)."""
    if len(header) > MAX_COLUMNS:
        problems.add(1, None, f"the header has {len(header):,} columns",
                     f"at most {MAX_COLUMNS} columns")
        return JobTable(name, list(header))
    if title_column is not None:
        wanted = " ".join(title_column.replace("_", " ").split()).casefold()
        title = find_column(header, (wanted,))
        if title is None:
            near = csvread.closest(title_column, header)
            hint = f" (found {csvread.show(near[0])})" if near else ""
            problems.add(1, title_column, f"no such column{hint}",
                         "one of " + ", ".join(map(csvread.show, header[:20])))
    else:
        title = find_column(header)
        if title is None:
            shown = ", ".join(map(csvread.show, header[:10])) + (", ..." if len(header) > 10
                                                                  else "")
            separated = next((name for mark, name in ((";", "semicolons"), ("\t", "tabs"))
                              if any(mark in c for c in header)), None)
            if separated:
                shown += f"; the file seems separated by {separated}, not commas"
            problems.add(1, None, f"no column of job titles (the columns are {shown})",
                         "a column named " + ", ".join(TITLE_COLUMNS[:-1]) + " or "
                         + TITLE_COLUMNS[-1] + ", or --title-column NAME")
    if title is None:
        return JobTable(name, list(header))
    if not records and not problems:
        problems.add(1, None, "the file has a header but no rows",
                     "one row per job under the header")
    known = {"title": title}
    for carried in CARRIED_COLUMNS:
        position = find_column(header, (carried,))
        if position is not None and position != title:
            known[carried] = position
    table = JobTable(name, list(header), [cells for _line, cells in records],
                     [line for line, _cells in records], title, known)
    table.headcounts = _headcounts(table, problems)
    return table


def _headcounts(table: JobTable, problems) -> list[int | None]:
    """Return each row's headcount (None when absent), recording cells that are not whole
    numbers (``12``, ``1,200`` and blanks are fine)."""
    position = table.known.get("headcount")
    if position is None:
        return [None] * len(table.rows)
    column = table.columns[position]
    out: list[int | None] = []
    for line, row in zip(table.lines, table.rows):
        cell = row[position].strip()
        if not cell:
            out.append(None)
        elif _HEADCOUNT.fullmatch(cell):
            out.append(int(cell.replace(",", "")))
        else:
            out.append(None)
            problems.add(line, column, f"headcount {csvread.show(cell)} is not a whole number",
                         "a whole number of people, 0 or more (or an empty cell)")
    return out
