"""Write a coded job list as CSV: every input row, in order, then the coding's columns."""

from __future__ import annotations

import csv
import io

from ..schema import neutralise

__all__ = ["OUTPUT_COLUMNS", "coded_cells", "write_csv"]

#: The columns added after the input's own, in this order.
OUTPUT_COLUMNS = ("soc_code", "occupation", "node", "confidence", "alternatives",
                  "matched_name")
_ALTERNATIVE_SEPARATOR = "|"


def coded_cells(coded) -> list[str]:
    """Return the added cells of one coding, as text (see `OUTPUT_COLUMNS`).

    Examples
    --------
    >>> from graph.mapjobs.coder import Coded
    >>> coded_cells(Coded("29-1141", "Registered Nurses", "rn", 0.91,
    ...                   (("29-2061", "Licensed Practical Nurses"),), "Staff Nurse"))
    ... # doctest: +NORMALIZE_WHITESPACE
    ['29-1141', 'Registered Nurses', 'rn', '0.91', '29-2061 Licensed Practical Nurses',
     'Staff Nurse']
    >>> coded_cells(Coded())
    ['', '', '', '0', '', '']
    """
    alternatives = _ALTERNATIVE_SEPARATOR.join(f"{code} {label}"
                                               for code, label in coded.alternatives)
    confidence = f"{coded.confidence:.3f}".rstrip("0").rstrip(".") or "0"
    return [coded.soc_code, coded.occupation, coded.node, confidence, alternatives,
            coded.matched]


def write_csv(table, coded) -> bytes:
    """Return the UTF-8 CSV of a job list's rows with their codings beside them.

    Parameters
    ----------
    table : graph.mapjobs.JobTable
        The rows as read: each comes out once, in order, with its cells as written.
    coded : sequence of graph.mapjobs.Coded
        One coding per row (from `graph.mapjobs.code_titles`).

    Returns
    -------
    bytes
        The header (the input's columns, then `OUTPUT_COLUMNS`; an added column whose
        name the input already uses is called ``coded_NAME``) and one line per row,
        CRLF-terminated. A cell a spreadsheet would run as a formula (``=``, ``+``,
        ``-``, ``@``...) gets a leading quote, as in the CSV export
        (`graph.schema.neutralise`).

    Raises
    ------
    ValueError
        When `coded` does not hold one coding per row.

    Notes
    -----
    One pass over the cells; the whole file is built in memory (at most 50,000 rows).

    Examples
    --------
    >>> from graph.mapjobs.reader import read_table
    >>> from graph.mapjobs.coder import Coded
    >>> table = read_table(b"title,note\\nCook,=1+1\\n", "jobs.csv")
    >>> print(write_csv(table, [Coded("35-2014", "Cooks, Restaurant", "cook", 0.8)]).decode())
    title,note,soc_code,occupation,node,confidence,alternatives,matched_name
    Cook,'=1+1,35-2014,"Cooks, Restaurant",cook,0.8,,
    <BLANKLINE>
    """
    if len(coded) != len(table.rows):
        raise ValueError(f"{len(coded)} codings for {len(table.rows)} rows")
    taken = {c.casefold() for c in table.columns}
    added = [f"coded_{c}" if c.casefold() in taken else c for c in OUTPUT_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in (*table.columns, *added)])
    writer.writerows([neutralise(cell) for cell in (*row, *coded_cells(c))]
                     for row, c in zip(table.rows, coded))
    return buffer.getvalue().encode("utf-8")
