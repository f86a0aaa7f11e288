"""Coding an organization's job list: reading CSV and XLSX, coding titles, writing CSV."""

from __future__ import annotations

import csv
import io
import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph.errors import DataError, UnknownNameError
from graph.mapjobs import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    OUTPUT_COLUMNS,
    Coded,
    clean_title,
    code_titles,
    read_table,
    recode,
    table_from_lines,
    write_csv,
)
from graph.schema import unneutralise


@pytest.fixture(scope="module")
def graph():
    """A few occupations, with job titles, as the coder sees them."""
    G = nx.DiGraph(titles=(("Staff Nurse", "rn", "onet"), ("Charge Nurse", "rn", "onet"),
                           ("Mortgage Loan Processor", "loan-clerk", "onet"),
                           ("Line Cook", "cook", "onet"), ("Prep Cook", "cook", "soc")))
    for node, label, code, aliases in (
            ("rn", "Registered Nurses", "29-1141", "RN"),
            ("lpn", "Licensed Practical Nurses", "29-2061", "LPN"),
            ("loan-clerk", "Loan Interviewers and Clerks", "43-4131", "Loan Processor"),
            ("loan-officer", "Loan Officers", "13-2072", ""),
            ("cook", "Cooks, Restaurant", "43-2014", ""),
            ("chef", "Chefs and Head Cooks", "35-1011", "Chef")):
        G.add_node(node, label=label, tier="profession", code=code, aliases=aliases)
    G.add_node("staff-nurse-job", label="Staff Nurse", tier="job", code="29-1141")
    G.add_node("health", label="Health", tier="need")
    return G


def problems_of(data: bytes, name="jobs.csv", **kwargs) -> list[str]:
    """Return the problems reading `data` raises, as printed."""
    with pytest.raises(DataError) as caught:
        read_table(data, name, **kwargs)
    return [str(p) for p in caught.value.problems]


def xlsx(rows, extra_sheet=None) -> bytes:
    """Return the bytes of a workbook whose first sheet holds `rows`."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        other = book.create_sheet("Other")
        for row in extra_sheet:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse(data: bytes) -> list[list[str]]:
    """Return the records of CSV bytes."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


# ----------------------------------------------------------------------------- reading
TEXT = "Job Title,Department\nCafé Manager,Food – Service\nStaff Nurse,Ward 3\n"


@pytest.mark.parametrize("encoded", [
    TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.encode("cp1252"),
    TEXT.encode("utf-16"), b"\xfe\xff" + TEXT.encode("utf-16-be"),
    TEXT.replace("\n", "\r\n").encode("cp1252"),
], ids=["utf-8", "utf-8 with BOM", "windows-1252", "utf-16 LE", "utf-16 BE", "cp1252 CRLF"])
def test_the_usual_spreadsheet_encodings_read_the_same(encoded):
    table = read_table(encoded, "jobs.csv")
    assert table.columns == ["Job Title", "Department"]
    assert table.rows == [["Café Manager", "Food – Service"], ["Staff Nurse", "Ward 3"]]
    assert table.lines == [2, 3]


@pytest.mark.parametrize("header, title", [
    ("title,x", "title"), ("x,JOB TITLE", "JOB TITLE"), ("Position,y", "Position"),
    ("job_title,title", "title"), ("  Job   Title ,z", "Job   Title"),
])
def test_the_title_column_is_found_by_name_in_any_case(header, title):
    table = read_table(f"{header}\nCook,Chef\n".encode(), "jobs.csv")
    assert table.columns[table.title] == title


def test_a_title_column_can_be_named():
    table = read_table(b"Role,Title\nCook,Mr\n", "jobs.csv", title_column="role")
    assert table.titles == ["Cook"]
    message, = problems_of(b"Role,Title\nCook,Mr\n", title_column="Rol")
    assert message.startswith("jobs.csv:1: column Rol: no such column (found 'Role')")


def test_carried_columns_are_found_and_headcounts_read():
    table = read_table(b"ID,Title,Organization,Headcount,Dept\n7,Cook,Acme,\"1,200\",K\n"
                       b"8,Chef,Acme,,K\n", "jobs.csv")
    assert table.known == {"title": 1, "id": 0, "organization": 2, "headcount": 3}
    assert table.headcounts == [1200, None]
    assert table.column("organization") == ["Acme", "Acme"]
    assert table.column("department") is None


def test_an_xlsx_first_sheet_is_read_with_numbers_as_written():
    data = xlsx([["Position", "Headcount", "Started"], ["Line Cook", 3, 2.5], [None, None, None],
                 ["Chef", 1.0, None]], extra_sheet=[["title"], ["Ignored"]])
    table = read_table(data, "jobs.xlsx")
    assert table.columns == ["Position", "Headcount", "Started"]
    assert table.rows == [["Line Cook", "3", "2.5"], ["Chef", "1", ""]]
    assert table.lines == [2, 4]
    assert table.headcounts == [3, 1]


def test_an_xlsx_table_may_start_below_and_right_of_the_corner():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"], sheet["B5"], sheet["C5"], sheet["C6"] = (
        "Title", "Headcount", "Cook", 2, 1)
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "jobs.xlsx")
    assert (table.columns, table.rows, table.lines) == (["Title", "Headcount"],
                                                        [["Cook", "2"], ["", "1"]], [5, 6])
    sheet["A7"] = "stray"
    out = io.BytesIO()
    book.save(out)
    assert problems_of(out.getvalue(), "jobs.xlsx") == [
        ("jobs.xlsx:7: a cell left of the header's first column, expected every cell under a "
         "column name")]


@pytest.mark.parametrize("data, expected", [
    (b"", "jobs.csv:1: file is empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "jobs.csv:1: the file is a PDF document"),
    (random.Random(3).randbytes(3000), "jobs.csv:1: the file looks binary, not text"),
    (b"PK\x03\x04" + b"\x00" * 200, ("jobs.csv:1: the file is a zip archive but not a readable "
                                     "Excel workbook")),
    (b"name,dept\nAda,IT\n", ("jobs.csv:1: no column of job titles (the columns are 'name', "
                              "'dept'), expected a column named title, job title or position")),
    (b"Title;Dept\nCook;K\n", ("jobs.csv:1: no column of job titles (the columns are "
                                "'Title;Dept'; the file seems separated by semicolons, not "
                                "commas)")),
    (b"Title,Dept\n", "jobs.csv:1: the file has a header but no rows"),
    (b"Title,Dept\nCook,Kitchen\nChef," + b"x" * (MAX_CELL_CHARS + 1) + b"\n",
     "jobs.csv:3: column Dept: cell is 1,001 characters long, expected at most 1,000 characters"),
    (b"Title,Headcount\nCook,3\nChef,three\n",
     "jobs.csv:3: column Headcount: headcount 'three' is not a whole number"),
    (b"Title,Headcount\nCook,-2\n", "jobs.csv:2: column Headcount: headcount '-2'"),
    (b"Title\nCook\xe9 caf\x81\n", ("jobs.csv:2: byte 0x81 (at byte 15) is neither UTF-8 nor "
                                    "Windows-1252 text")),
    (b"Title\nCaf\xc3\xa9\nCaf\xe9\n", ("jobs.csv:3: column Title: byte 0xe9 is not valid UTF-8 "
                                       "(the file mixes encodings: read as Windows-1252 the "
                                       "cell is 'Caf\u00e9')")),
    (b"Title" + b"".join(b",x%d" % i for i in range(200)) + b"\nCook" + b"," * 200 + b"\n",
     "jobs.csv:1: the header has 201 columns, expected at most 200 columns"),
    (b"Title,Dept\nCook,Kitchen,extra\n", "jobs.csv:2: row has 3 cells but the header has 2"),
    (b'Title,Dept\n"Cook,Kitchen\n', "jobs.csv:2: column Title: cannot read the CSV"),
    (b"\xff\xfeT\x00i\x00\x00\xd8", "jobs.csv:1: the file starts as UTF-16 text but"),
], ids=["empty", "pdf", "binary junk", "zip not workbook", "no title column", "semicolons",
        "header only", "long cell", "bad headcount", "negative headcount", "not text",
        "mixed encodings", "too many columns", "wide row", "broken quotes", "cut utf-16"])
def test_bad_input_is_refused_with_a_located_message(data, expected):
    messages = problems_of(data)
    assert any(m.startswith(expected) for m in messages), messages


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=600) | st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b)
       | st.binary(max_size=300).map(lambda b: b"\xff\xfe" + b)
       | st.binary(max_size=300).map(lambda b: b"Title,Headcount\n" + b))
def test_any_bytes_give_a_table_or_located_problems_never_a_crash(data):
    try:
        table = read_table(data, "jobs.csv")
    except DataError as err:
        assert err.problems and all(str(p).startswith("jobs.csv:") for p in err.problems)
        assert all(p.line >= 1 for p in err.problems)
    else:
        assert len(table.rows) == len(table.lines) == len(table.headcounts) >= 1


def test_pasted_titles_are_one_row_a_line_with_the_same_limits():
    table = table_from_lines("Staff Nurse\r\n\nLine Cook - Nights\n")
    assert (table.titles, table.lines) == (["Staff Nurse", "Line Cook - Nights"], [1, 3])
    with pytest.raises(DataError) as caught:
        table_from_lines("Cook\n" + "x" * (MAX_CELL_CHARS + 1) + "\n\n")
    assert [str(p) for p in caught.value.problems] == [
        ("pasted titles:2: column title: title is 1,001 characters long, expected at most "
         "1,000 characters")]
    with pytest.raises(DataError):
        table_from_lines(" \n\n")
    with pytest.raises(DataError):
        table_from_lines("Cook\n" * (MAX_ROWS + 1))


def test_a_file_over_the_size_limit_is_refused_unread():
    data = b"Title\n" + b"Cook\n" * (MAX_FILE_BYTES // 5 + 1)
    message, = problems_of(data)
    assert message.startswith(f"jobs.csv:1: file is too large ({len(data):,} bytes)")


def test_more_rows_than_the_limit_are_refused_at_the_first_one_past_it():
    data = b"Title\n" + b"Cook\n" * (MAX_ROWS + 1)
    message, = problems_of(data)
    assert message.startswith(f"jobs.csv:{MAX_ROWS + 2}: more than {MAX_ROWS:,} rows")
    assert len(read_table(b"Title\n" + b"Cook\n" * MAX_ROWS, "jobs.csv")) == MAX_ROWS


def test_xlsx_problems_are_located_on_sheet_rows():
    data = xlsx([["Title", "Headcount"], ["Cook", 2], ["Chef", "a few"],
                 ["x" * (MAX_CELL_CHARS + 1), 1]])
    messages = problems_of(data, "jobs.xlsx")
    assert messages == [
        ("jobs.xlsx:3: column Headcount: headcount 'a few' is not a whole number, expected a "
         "whole number of people, 0 or more (or an empty cell)"),
        ("jobs.xlsx:4: column Title: cell is 1,001 characters long, expected at most 1,000 "
         "characters")]
    assert problems_of(xlsx([["Title", "Dept"]]), "jobs.xlsx") == [
        ("jobs.xlsx:1: the file has a header but no rows, expected one row per job under the "
         "header")]
    assert problems_of(xlsx([]), "jobs.xlsx")[0].startswith("jobs.xlsx:1: the first sheet is empty")


# ----------------------------------------------------------------------------- coding
@pytest.mark.parametrize("title, cleaned", [
    ("RN - Med/Surg Nights", "rn"),
    ("Sr. Loan Processor II", "loan processor"),
    ("Warehouse Associate (Remote) - 2nd Shift", "warehouse associate"),
    ("Cook, PRN", "cook"),
    ("Line Cook - Level 3", "line cook"),
    ("Accountant - Payroll", "accountant payroll"),
    ("Maint Tech (Boilers)", "maintenance tech boilers"),
    ("II", "ii"),
])
def test_organization_noise_is_stripped_before_coding(title, cleaned):
    assert clean_title(title) == cleaned


def test_titles_are_coded_through_noise_with_a_confidence(graph):
    coded = code_titles(graph, ["Staff Nurse - Nights", "Sr. Loan Processor II", "RN (Remote)",
                                "Line Cook, PRN", "", "   ", "Zzyzx Qwv"])
    assert [c.soc_code for c in coded] == ["29-1141", "43-4131", "29-1141", "43-2014", "",
                                           "", ""]
    assert coded[0].node == "rn" and coded[0].occupation == "Registered Nurses"
    assert coded[0].matched == "Staff Nurse"
    assert all(0 < c.confidence <= 1 for c in coded[:4])
    assert all(c.confidence == 0 and c.low for c in coded[4:])


def test_alternatives_are_other_codes_never_the_chosen_one(graph):
    coded, = code_titles(graph, ["Nurse"])
    codes = [code for code, _label in coded.alternatives]
    assert coded.soc_code and coded.soc_code not in codes
    assert len(codes) == len(set(codes)) <= 3
    assert {coded.soc_code, *codes} <= {"29-1141", "29-2061"}


def test_a_vague_title_is_less_confident_than_a_known_one(graph):
    known, vague = code_titles(graph, ["Charge Nurse", "Nurse Cook"])
    assert known.confidence > vague.confidence


def test_a_title_known_for_several_occupations_goes_to_the_larger_one_flagged_low():
    G = nx.DiGraph(titles=(("Warehouse Associate", "loaders", "onet"),
                           ("Warehouse Associate", "movers", "onet")))
    G.add_node("loaders", label="Tank Car Loaders", tier="profession", code="53-7121",
               employment=10_000)
    G.add_node("movers", label="Hand Laborers", tier="profession", code="53-7062",
               employment=3_000_000)
    coded, = code_titles(G, ["Warehouse Associate - Nights"])
    assert coded.soc_code == "53-7062" and coded.alternatives == (("53-7121", "Tank Car Loaders"),)
    assert coded.low


def test_a_name_that_is_both_alias_and_title_of_one_occupation_counts_once():
    # data/us gives a small occupation its most-sourced titles as aliases too: a name
    # listed once for each occupation must not win twice for the small one
    G = nx.DiGraph(titles=(("Warehouse Associate", "loaders", "onet"),
                           ("Warehouse Associate", "movers", "onet")))
    G.add_node("loaders", label="Tank Car Loaders", tier="profession", code="53-7121",
               employment=10_000, aliases="Warehouse Associate|Tank Loader")
    G.add_node("movers", label="Hand Laborers", tier="profession", code="53-7062",
               employment=3_000_000)
    coded, = code_titles(G, ["Warehouse Associate (Remote)"])
    assert coded.soc_code == "53-7062" and coded.low


def test_a_person_can_change_a_coding_to_another_occupation(graph):
    first, = code_titles(graph, ["Staff Nurse"])
    changed = recode(graph, first, "29-2061")
    assert (changed.soc_code, changed.node, changed.confidence) == ("29-2061", "lpn", 1.0)
    assert changed.alternatives[0] == ("29-1141", "Registered Nurses")
    assert "29-2061" not in [code for code, _label in changed.alternatives]
    with pytest.raises(UnknownNameError):
        recode(graph, first, "99-9999")


# ----------------------------------------------------------------------------- writing
def test_every_row_comes_out_with_its_coding_and_formulas_guarded(graph):
    data = (b"Title,=Note,Headcount\n=SUM(A1),+1,3\nStaff Nurse,@SUM(A1),\n"
            b"Charge Nurse,-2,1\n'=quoted,plain,\n")
    table = read_table(data, "jobs.csv")
    out = parse(write_csv(table, code_titles(graph, table.titles)))
    assert out[0] == ["Title", "'=Note", "Headcount", *OUTPUT_COLUMNS]
    assert [row[:3] for row in out[1:]] == [["'=SUM(A1)", "'+1", "3"],
                                            ["Staff Nurse", "'@SUM(A1)", ""],
                                            ["Charge Nurse", "'-2", "1"],
                                            ["'=quoted", "plain", ""]]
    assert out[2][3:6] == ["29-1141", "Registered Nurses", "rn"]
    assert out[1][3] == "" and out[1][6] == "0"


def test_added_columns_do_not_overwrite_the_inputs_own():
    table = read_table(b"title,soc_code\nCook,99-9999\n", "jobs.csv")
    out = parse(write_csv(table, [Coded()]))
    assert out[0][:4] == ["title", "soc_code", "coded_soc_code", "occupation"]
    assert out[1][:2] == ["Cook", "99-9999"]


def test_alternatives_are_written_as_code_and_title_joined_by_bars():
    table = read_table(b"title\nNurse\n", "jobs.csv")
    coded = Coded("29-1141", "Registered Nurses", "rn", 0.61,
                  (("29-2061", "Licensed Practical Nurses"), ("29-1171", "Nurse Practitioners")),
                  "RN")
    row = parse(write_csv(table, [coded]))[1]
    assert row[1:] == ["29-1141", "Registered Nurses", "rn", "0.61",
                       "29-2061 Licensed Practical Nurses|29-1171 Nurse Practitioners", "RN"]


CELL = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    [",", '"', "\n", "\r", "=", "+", "-", "@", "'", " ", "\t"]), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=25),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_every_row_comes_out_once_in_order_with_its_cells_intact(graph, rows, encoding):
    header = ["Title", "Department", "Notes"]
    rows = [list(r) for r in rows if [c.strip() for c in r] != header]
    assume(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    table = read_table(buffer.getvalue().encode(encoding), "jobs.csv")
    coded = code_titles(graph, table.titles)
    out = parse(write_csv(table, coded))
    assert out[0][:3] == header
    assert len(out) == len(rows) + 1
    for written, original, c in zip(out[1:], rows, coded):
        assert [unneutralise(cell) for cell in written[:3]] == [unneutralise(cell)
                                                               for cell in original]
        assert not written[0].startswith(("=", "+", "-", "@"))
        assert written[3] == c.soc_code
